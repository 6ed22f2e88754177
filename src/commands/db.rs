//! `hd db`: which database hd uses (`info`), and copying an SQLite database
//! into PostgreSQL (`copy`).

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::commands::context::Ctx;
use crate::env::Env;
use crate::error::{failure, usage};
use crate::output::{self, Format};
use crate::store::copy::{self, CopyError};
use crate::store::{Store, is_postgres_url, pg::redact};

/// The database: what and where it is, or copy it into PostgreSQL.
#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

/// `hd db` subcommands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Engine, location, schema version, size and row counts of the database
    Info,
    /// Copy the SQLite database into an empty PostgreSQL database
    ///
    /// Copies every table (raw messages, attachments, events, number
    /// counters, sync state...) in one transaction, rebuilds the full-text
    /// index, and commits only when every table's row count matches the
    /// source's. Refuses a target that already holds data.
    Copy(CopyArgs),
}

/// `hd db copy` options.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The PostgreSQL database: postgres://USER@HOST[:PORT]/DBNAME
    #[arg(long, value_name = "URL")]
    pub to: String,
}

/// Runs `hd db`.
pub fn run(ctx: &Ctx, a: DbArgs) -> anyhow::Result<()> {
    match a.command {
        DbCommand::Info => info(ctx),
        DbCommand::Copy(c) => copy_to(ctx, &c.to),
    }
}

fn info(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.store()?;
    let i = copy::info(&store)
        .map_err(|e| failure(format!("database {}: {e}", store.path.display())))?;
    let format = ctx.format();
    if format == Format::Json {
        let tables: serde_json::Map<String, Value> = i
            .counts
            .iter()
            .map(|(t, n)| (t.clone(), json!(n)))
            .collect();
        return output::print_json(&json!({
            "engine": i.engine,
            "location": i.location,
            "server_version": i.server_version,
            "schema_version": i.schema_version,
            "hd_schema_version": i.hd_schema_version,
            "size": i.size,
            "wal_size": i.wal_size,
            "tables": tables,
        }));
    }
    // A table is read by people: sizes in KB and MB; CSV and TSV keep bytes.
    let bytes = |n: u64| -> Value {
        if format == Format::Table {
            json!(super::show::size(i64::try_from(n).unwrap_or(i64::MAX)))
        } else {
            json!(n)
        }
    };
    let mut rows = vec![("engine", json!(i.engine)), ("location", json!(i.location))];
    if let Some(v) = &i.server_version {
        rows.push(("server_version", json!(v)));
    }
    rows.push(("schema_version", json!(i.schema_version)));
    rows.push(("hd_schema_version", json!(i.hd_schema_version)));
    rows.push(("size", bytes(i.size)));
    if let Some(w) = i.wal_size {
        rows.push(("wal_size", bytes(w)));
    }
    for (t, n) in &i.counts {
        rows.push((t.as_str(), json!(n)));
    }
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    let cols = ["name".to_string(), "value".to_string()];
    output::print_rows(format, &cols, &rows)
}

fn copy_to(ctx: &Ctx, to: &str) -> anyhow::Result<()> {
    let shown = redact(to);
    if is_postgres_url(&ctx.db_path) {
        return Err(usage(format!(
            "hd db copy copies an SQLite database, and hd uses {}",
            redact(&ctx.db_path.to_string_lossy())
        ))
        .hint("point hd at the SQLite file with --db PATH")
        .into());
    }
    if !is_postgres_url(std::path::Path::new(to)) {
        return Err(usage(format!("--to {shown} is not a PostgreSQL URL"))
            .hint("give postgres://USER@HOST[:PORT]/DBNAME")
            .into());
    }
    let source = Store::open(&ctx.db_path, false)?;
    let mut target = Store::open(std::path::Path::new(to), true)?;
    let started = std::time::Instant::now();
    let done = copy::copy(&source.conn, &mut target, ctx).map_err(|e| match e {
        CopyError::NotEmpty { .. } => usage(format!("cannot copy into {shown}: {e}"))
            .hint("copy into a new, empty database (createdb NAME)"),
        CopyError::NoTable(_) | CopyError::NoColumn { .. } => {
            usage(format!("cannot copy into {shown}: {e}"))
                .hint("the target's schema differs from this hd's; use an empty database")
        }
        CopyError::Db(ref d) | CopyError::InTable { error: ref d, .. } if d.is_transient() => {
            crate::error::tempfail(format!("copying into {shown}: {e}"))
        }
        e => failure(format!("copying into {shown}: {e}; nothing was committed")),
    })?;
    let secs = started.elapsed().as_secs_f64();
    ctx.note(&format!(
        "{} rows in {secs:.1} s ({:.0} rows/s)",
        done.rows(),
        done.rows() as f64 / secs.max(0.001)
    ));
    for (t, n) in &done.tables {
        ctx.note(&format!("  {t}: {n}"));
    }
    ctx.info(&format!(
        "copied {} tables, {} rows to {shown}",
        done.tables.len(),
        done.rows()
    ));
    Ok(())
}
