//! The outbox as `hd outbox` lists it.

use crate::db::Connection;

/// One outgoing message with its ticket's number and queue.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    /// The outbox row id.
    pub id: i64,
    /// The ticket's number prefix.
    pub prefix: String,
    /// The ticket's number.
    pub number: i64,
    /// The recipient.
    pub to_addr: String,
    /// The subject.
    pub subject: String,
    /// `pending`, `sent`, `failed`...
    pub state: String,
    /// How many sends were tried.
    pub attempts: i64,
    /// The last failure, unless sent.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created: i64,
    /// The ticket's queue.
    pub queue: String,
}

/// Outgoing messages in order; sent ones only with `all`.
pub fn list(conn: &Connection, all: bool) -> crate::db::Result<Vec<OutboxRow>> {
    let mut st = conn.prepare(
        "SELECT o.id, t.prefix, t.number, o.to_addr, o.subject, o.state, o.attempts, CASE WHEN o.state = 'sent' THEN NULL ELSE o.last_error END, o.created, t.queue \
         FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE (?1 OR o.state != 'sent') ORDER BY o.id",
    )?;
    let mut rows = Vec::new();
    let mut q = st.query([all])?;
    while let Some(r) = q.next()? {
        rows.push(OutboxRow {
            id: r.get(0)?,
            prefix: r.get(1)?,
            number: r.get(2)?,
            to_addr: r.get(3)?,
            subject: r.get(4)?,
            state: r.get(5)?,
            attempts: r.get(6)?,
            last_error: r.get(7)?,
            created: r.get(8)?,
            queue: r.get(9)?,
        });
    }
    Ok(rows)
}
