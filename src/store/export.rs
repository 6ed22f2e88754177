//! The interaction listing `hd export` writes.

use crate::db::Connection;
use crate::db::types::Value as SqlValue;

/// One exported interaction with its ticket's fields.
#[derive(Debug, Clone)]
pub struct ExportRow {
    /// When it happened.
    pub time: i64,
    /// The ticket's number prefix.
    pub prefix: String,
    /// The ticket's number.
    pub number: i64,
    /// The ticket's queue.
    pub queue: String,
    /// The operator who handled it.
    pub operator: Option<String>,
    /// The contact's address (the interaction's, else the ticket's).
    pub contact: Option<String>,
    /// `in`, `out` or `internal`.
    pub direction: String,
    /// The subject.
    pub title: String,
    /// How many attachments.
    pub attachments: i64,
    /// The text.
    pub text: String,
    /// The mail state of an outgoing message.
    pub email_state: Option<String>,
    /// The ticket's status.
    pub status: String,
    /// The ticket's category.
    pub category: Option<String>,
    /// The ticket's priority rank.
    pub priority: i64,
}

/// Streams the interactions matching `where_sql` (over `i` interactions, `t` tickets,
/// `c`/`tc` contacts) in time order to `consume`, which pulls them one at a time.
pub fn interactions<T, E: From<crate::db::Error>>(
    conn: &Connection,
    where_sql: &str,
    params: &[SqlValue],
    consume: impl FnOnce(&mut dyn FnMut() -> Result<Option<ExportRow>, E>) -> Result<T, E>,
) -> Result<T, E> {
    // CROSS JOIN keeps interactions as the outer loop, read in time order from
    // their index: no sort of the whole listing, so memory stays flat.
    let sql = format!(
        "SELECT i.time, t.prefix, t.number, t.queue, i.operator, CAST(coalesce(c.email, tc.email) AS TEXT), i.direction, \
         i.subject, i.attachments, i.text, i.email_state, t.status, t.category, t.priority \
         FROM interactions i CROSS JOIN tickets t ON t.id = i.ticket_id \
         LEFT JOIN contacts c ON c.id = i.contact_id \
         LEFT JOIN contacts tc ON tc.id = t.contact_id \
         WHERE {where_sql} ORDER BY i.time, i.id"
    );
    let mut st = conn.prepare_stream(&sql)?;
    let mut rows = st.query(crate::db::params_from_iter(params))?;
    let mut next = move || -> Result<Option<ExportRow>, E> {
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        Ok(Some(ExportRow {
            time: r.get(0)?,
            prefix: r.get(1)?,
            number: r.get(2)?,
            queue: r.get(3)?,
            operator: r.get(4)?,
            contact: r.get(5)?,
            direction: r.get(6)?,
            title: r.get(7)?,
            attachments: r.get(8)?,
            text: r.get(9)?,
            email_state: r.get(10)?,
            status: r.get(11)?,
            category: r.get(12)?,
            priority: r.get(13)?,
        }))
    };
    consume(&mut next)
}
