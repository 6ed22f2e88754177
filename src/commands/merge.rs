//! `hd merge`: fold a duplicate ticket into another.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::Status;
use crate::store::{event, tickets};

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
    tx.execute(
        "UPDATE interactions SET ticket_id = ?2 WHERE ticket_id = ?1",
        crate::db::params![from.id, into.id],
    )?;
    tx.execute(
        "UPDATE events SET ticket_id = ?2 WHERE ticket_id = ?1",
        crate::db::params![from.id, into.id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) SELECT ?2, tag FROM ticket_tags WHERE ticket_id = ?1",
        crate::db::params![from.id, into.id],
    )?;
    tx.execute(
        "UPDATE outbox SET ticket_id = ?2 WHERE ticket_id = ?1",
        crate::db::params![from.id, into.id],
    )?;
    crate::store::time::move_to(&tx, from.id, into.id)?;
    tickets::set_status(&tx, &mut from, Status::Closed, now, &actor)?;
    tx.execute(
        "UPDATE tickets SET merged_into = ?2, updated = max(updated, ?3) WHERE id = ?1",
        crate::db::params![from.id, into.id, now],
    )?;
    tx.execute(
        "UPDATE tickets SET updated = max(updated, ?2), created = min(created, ?3) WHERE id = ?1",
        crate::db::params![into.id, now, from.created],
    )?;
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
