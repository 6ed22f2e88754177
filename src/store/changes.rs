//! What a command changed: the events and outgoing mail written since a mark.

use crate::db::{Connection, params};

/// The last event and outbox rows before a command started writing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mark {
    event: i64,
    outbox: i64,
}

/// One recorded change of a ticket.
#[derive(Debug, Clone)]
pub struct Change {
    /// Ticket row id.
    pub ticket_id: i64,
    /// `REQ-000204`.
    pub ticket: String,
    /// Who did it: an operator, `distribution`, `rule:NAME`, `sync`.
    pub actor: String,
    /// Event kind (`status`, `assignee`, ...).
    pub kind: String,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}

/// One message put in the outbox.
#[derive(Debug, Clone)]
pub struct Queued {
    /// Ticket row id.
    pub ticket_id: i64,
    /// `REQ-000204`.
    pub ticket: String,
    /// Envelope recipients, comma-separated.
    pub to: String,
    /// An automatic message (acknowledgement, rating request).
    pub automatic: bool,
}

/// Where the event and outbox tables end now.
pub fn mark(conn: &Connection) -> crate::db::Result<Mark> {
    Ok(Mark {
        event: conn.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?,
        outbox: conn.query_row("SELECT coalesce(max(id), 0) FROM outbox", [], |r| r.get(0))?,
    })
}

/// Every event written after the mark, in order.
pub fn events_since(conn: &Connection, m: Mark) -> crate::db::Result<Vec<Change>> {
    conn.prepare_cached(
        "SELECT e.ticket_id, t.prefix, t.number, e.actor, e.kind, e.old, e.new \
         FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.id > ?1 ORDER BY e.id",
    )?
    .query_map(params![m.event], |r| {
        let prefix: String = r.get(1)?;
        Ok(Change {
            ticket_id: r.get(0)?,
            ticket: crate::model::ticket_number(&prefix, r.get(2)?),
            actor: r.get(3)?,
            kind: r.get(4)?,
            old: r.get(5)?,
            new: r.get(6)?,
        })
    })?
    .collect()
}

/// Every message queued after the mark, in order.
pub fn queued_since(conn: &Connection, m: Mark) -> crate::db::Result<Vec<Queued>> {
    conn.prepare_cached(
        "SELECT o.ticket_id, t.prefix, t.number, o.to_addr, o.automatic \
         FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.id > ?1 ORDER BY o.id",
    )?
    .query_map(params![m.outbox], |r| {
        let prefix: String = r.get(1)?;
        Ok(Queued {
            ticket_id: r.get(0)?,
            ticket: crate::model::ticket_number(&prefix, r.get(2)?),
            to: r.get(3)?,
            automatic: r.get::<_, i64>(4)? != 0,
        })
    })?
    .collect()
}
