//! Attachments of a ticket, numbered the way `hd show` and `hd attachments` show them.

use crate::db::{Connection, params};

/// One stored attachment.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Its number on the ticket, from 1: interaction time order, then position in the message.
    pub number: usize,
    /// Row id.
    pub id: i64,
    /// The interaction it came with.
    pub interaction_id: i64,
    /// When that interaction happened.
    pub time: i64,
    /// `in`, `out` or `internal`.
    pub direction: String,
    /// The name the sender gave it (untrusted).
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
}

/// Every attachment of a ticket's interactions (deleted ones only when `deleted`),
/// numbered from 1 in interaction order, then in the order the message carried them.
pub fn of_ticket(
    conn: &Connection,
    ticket_id: i64,
    deleted: bool,
) -> crate::db::Result<Vec<Attachment>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.interaction_id, i.time, i.direction, a.name, a.content_type, a.size \
         FROM attachments a JOIN interactions i ON i.id = a.interaction_id \
         WHERE i.ticket_id = ?1 AND (i.deleted = 0 OR ?2) ORDER BY i.time, i.id, a.id",
    )?;
    let rows = st.query_map(params![ticket_id, deleted], |r| {
        Ok(Attachment {
            number: 0,
            id: r.get(0)?,
            interaction_id: r.get(1)?,
            time: r.get(2)?,
            direction: r.get(3)?,
            name: r.get(4)?,
            content_type: r.get(5)?,
            size: r.get(6)?,
        })
    })?;
    let mut out = Vec::new();
    for (n, a) in rows.enumerate() {
        let mut a = a?;
        a.number = n + 1;
        out.push(a);
    }
    Ok(out)
}

/// The stored bytes of an attachment.
pub fn content(conn: &Connection, attachment_id: i64) -> crate::db::Result<Vec<u8>> {
    conn.prepare_cached(
        "SELECT b.data FROM attachments a JOIN blobs b ON b.hash = a.hash WHERE a.id = ?1",
    )?
    .query_row([attachment_id], |r| r.get(0))
}
