//! Folding one ticket into another (`hd merge`).

use crate::db::{Connection, params};

use crate::model::Status;
use crate::store::tickets::{self, Ticket};

/// Moves `from`'s interactions, events, tags, outbox and time into `into`, closes `from`
/// and marks it merged; the caller records the `merged` events.
pub fn merge_tickets(
    tx: &Connection,
    from: &mut Ticket,
    into: &Ticket,
    now: i64,
    actor: &str,
) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE interactions SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from.id, into.id],
    )?;
    tx.execute(
        "UPDATE events SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from.id, into.id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) SELECT ?2, tag FROM ticket_tags WHERE ticket_id = ?1",
        params![from.id, into.id],
    )?;
    tx.execute(
        "UPDATE outbox SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from.id, into.id],
    )?;
    crate::store::time::move_to(tx, from.id, into.id)?;
    tickets::set_status(tx, from, Status::Closed, now, actor)?;
    tx.execute(
        "UPDATE tickets SET merged_into = ?2, updated = max(updated, ?3) WHERE id = ?1",
        params![from.id, into.id, now],
    )?;
    tx.execute(
        "UPDATE tickets SET updated = max(updated, ?2), created = min(created, ?3) WHERE id = ?1",
        params![into.id, now, from.created],
    )?;
    Ok(())
}
