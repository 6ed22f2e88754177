//! `hd init`: an annotated example config and the database.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

use anyhow::Context;
use clap::Args;

use crate::commands::context::Ctx;
use crate::config::{Config, EXAMPLE};
use crate::store::Store;

/// Write an example config (if there is none) and create or migrate the database.
///
/// An existing config is left untouched; re-running never destroys data.
#[derive(Debug, Args)]
pub struct InitArgs {}

/// Runs `hd init`.
pub fn run(ctx: &Ctx, _args: InitArgs) -> anyhow::Result<()> {
    let path = &ctx.config_path;
    let config = if path.exists() {
        ctx.info(&format!("config {} exists; left untouched", path.display()));
        Config::load(path)?
    } else {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot write config {}", path.display()))?;
        f.write_all(EXAMPLE.as_bytes())
            .with_context(|| format!("cannot write config {}", path.display()))?;
        ctx.info(&format!("wrote example config {}", path.display()));
        Config::load(path)?
    };
    let db = match (
        &ctx.global.db,
        std::env::var("HD_DB").ok().filter(|s| !s.is_empty()),
    ) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => p.into(),
        (None, None) => config
            .db
            .clone()
            .unwrap_or_else(crate::commands::context::default_db_path),
    };
    let existed = db.exists();
    Store::open(&db, true)?;
    ctx.info(&format!(
        "{} database {}",
        if existed { "checked" } else { "created" },
        db.display()
    ));
    Ok(())
}
