//! `hd delete` and `hd restore`: the deleted flag, never a loss.

use clap::Args;

use crate::commands::context::Ctx;
use crate::store::tickets;

/// Restore deleted tickets.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Tickets
    #[arg(required = true)]
    pub tickets: Vec<String>,
}

/// Flag tickets as deleted: hidden from every view, query and export until restored.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Tickets
    #[arg(required = true)]
    pub tickets: Vec<String>,
}

fn flag(ctx: &Ctx, names: &[String], deleted: bool) -> anyhow::Result<()> {
    super::confirm_bulk(ctx, names.len())?;
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut done = Vec::new();
    for name in names {
        let mut t = super::ticket(ctx, &tx, name)?;
        confirm.named(
            &t,
            if deleted {
                "already deleted"
            } else {
                "not deleted"
            },
        );
        tickets::set_deleted(&tx, &mut t, deleted, now, &actor)?;
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    Ok(())
}

/// Runs `hd restore`.
pub fn run(ctx: &Ctx, a: RestoreArgs) -> anyhow::Result<()> {
    flag(ctx, &a.tickets, false)
}

/// Runs `hd delete`.
pub fn delete(ctx: &Ctx, a: DeleteArgs) -> anyhow::Result<()> {
    flag(ctx, &a.tickets, true)
}
