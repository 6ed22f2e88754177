//! `hd sync`: fetch new mail, thread, route, distribute, acknowledge.

use clap::Args;

use crate::context::Ctx;

/// Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary);
/// exit 4 when a server refuses the login, 75 when a server is unreachable or another
/// sync holds the lock.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this mailbox
    #[arg(long)]
    pub mailbox: Option<String>,
    /// Show what would happen; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `hd sync`.
pub fn run(ctx: &Ctx, a: SyncArgs) -> anyhow::Result<()> {
    crate::sync::run(
        ctx,
        &crate::sync::Options {
            mailbox: a.mailbox.as_deref(),
            dry_run: a.dry_run,
        },
    )?;
    Ok(())
}
