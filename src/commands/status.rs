//! `hd status`: move tickets through their lifecycle.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::Status;
use crate::store::tickets;

/// Set the status of tickets: queued, open, waiting or closed.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Tickets, then the status
    #[arg(required = true, num_args = 2.., value_name = "TICKET... STATUS")]
    pub args: Vec<String>,
}

/// Runs `hd status`.
pub fn run(ctx: &Ctx, a: StatusArgs) -> anyhow::Result<()> {
    let mut args = a.args;
    let status: Status = args.pop().unwrap_or_default().parse().map_err(usage)?;
    super::confirm_bulk(ctx, args.len())?;
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut done = Vec::new();
    for name in &args {
        let mut t = super::ticket(ctx, &tx, name)?;
        confirm.named(&t, format!("already {status}"));
        if tickets::set_status(&tx, &mut t, status, now, &actor)?
            && status == Status::Closed
            && let Some(note) = crate::workflow::on_closed(ctx, &tx, &t)?
        {
            confirm.note(&t, note);
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    crate::workflow::flush_outbox(ctx, &mut store)?;
    Ok(())
}
