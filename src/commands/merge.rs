//! `hd merge`: fold a duplicate ticket into another.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::store::event;

/// Merge ticket FROM into INTO: interactions, events and time entries move; FROM keeps resolving to INTO.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The ticket that disappears
    pub from: String,
    /// The ticket that stays
    pub into: String,
}

/// Runs `hd merge`.
pub fn run(ctx: &Ctx, a: MergeArgs) -> anyhow::Result<()> {
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut from = super::ticket(ctx, &tx, &a.from)?;
    let into = super::ticket(ctx, &tx, &a.into)?;
    if from.id == into.id {
        return Err(usage(format!("{} and {} are the same ticket", a.from, a.into)).into());
    }
    crate::store::merge::merge_tickets(&tx, &mut from, &into, now, &actor)?;
    event(
        &tx,
        from.id,
        now,
        &actor,
        "merged",
        Some(&from.number_str()),
        Some(&into.number_str()),
    )?;
    event(
        &tx,
        into.id,
        now,
        &actor,
        "merged_from",
        Some(&from.number_str()),
        Some(&into.number_str()),
    )?;
    crate::store::followers::merge(&tx, from.id, into.id)?;
    confirm.named(&from, "");
    confirm.named(&into, "");
    crate::workflow::after_changes(ctx, &tx, &[into.id, from.id])?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    Ok(())
}
