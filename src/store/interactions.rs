//! Interactions: what happened with the customer, plus internal notes.

use crate::db::{Connection, params};

/// A new interaction to store.
#[derive(Debug, Clone, Default)]
pub struct NewInteraction<'a> {
    /// The ticket row id.
    pub ticket_id: i64,
    /// When it happened (arrival time for mail).
    pub time: i64,
    /// `in`, `out` or `internal`.
    pub direction: &'a str,
    /// `email`, `phone`, `chat`, `web`, `manual`.
    pub source: &'a str,
    /// The operator who handled it.
    pub operator: Option<&'a str>,
    /// The contact row id.
    pub contact_id: Option<i64>,
    /// Subject or title.
    pub subject: &'a str,
    /// Text body.
    pub text: &'a str,
    /// Attachment count.
    pub attachments: i64,
    /// `sent`, `waiting`, `failed` for outgoing mail.
    pub email_state: Option<&'a str>,
    /// The Message-ID, without angle brackets.
    pub message_id: Option<&'a str>,
    /// In-Reply-To.
    pub in_reply_to: Option<&'a str>,
    /// References, space-separated.
    pub refs: Option<&'a str>,
    /// Sender address.
    pub from_addr: Option<&'a str>,
    /// Recipients, comma-separated.
    pub to_addrs: Option<&'a str>,
    /// Cc, comma-separated.
    pub cc_addrs: Option<&'a str>,
    /// Automatic mail (loop guard).
    pub automatic: bool,
    /// The raw message row.
    pub raw_id: Option<i64>,
    /// Why parsing was partial.
    pub parse_error: Option<&'a str>,
}

/// Stores an interaction and indexes its text; returns its id.
pub fn insert(tx: &Connection, n: &NewInteraction<'_>) -> crate::db::Result<i64> {
    let id = insert_unindexed(tx, n)?;
    index(tx, id, n.subject, n.text)?;
    Ok(id)
}

/// Stores an interaction without indexing its text: the caller must [`index`] it
/// before the transaction commits. Indexing a batch at its end lets the full-text
/// index flush once per transaction instead of at every statement savepoint.
pub fn insert_unindexed(tx: &Connection, n: &NewInteraction<'_>) -> crate::db::Result<i64> {
    with_values(n, None, |sql, values| {
        tx.prepare_cached(sql)?.query_row(values, |r| r.get(0))
    })
}

/// [`insert_unindexed`] with an id reserved ahead
/// ([`crate::store::batch::reserve_ids`]): on PostgreSQL the insert then goes
/// with the next round trip instead of waiting for its id.
pub fn insert_unindexed_as(
    tx: &Connection,
    id: i64,
    n: &NewInteraction<'_>,
) -> crate::db::Result<()> {
    with_values(n, Some(id), |sql, values| {
        tx.prepare_cached(sql)?.write(values)
    })
}

/// The INSERT of an interaction and its values: with the id when given, else
/// returning the id it got.
fn with_values<R>(
    n: &NewInteraction<'_>,
    id: Option<i64>,
    f: impl FnOnce(&str, &[&dyn crate::db::ToSql]) -> R,
) -> R {
    let automatic = n.automatic as i64;
    let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(20);
    if let Some(id) = &id {
        values.push(id);
    }
    values.extend([
        &n.ticket_id as &dyn crate::db::ToSql,
        &n.time,
        &n.direction,
        &n.source,
        &n.operator,
        &n.contact_id,
        &n.subject,
        &n.text,
        &n.attachments,
        &n.email_state,
        &n.message_id,
        &n.in_reply_to,
        &n.refs,
        &n.from_addr,
        &n.to_addrs,
        &n.cc_addrs,
        &automatic,
        &n.raw_id,
        &n.parse_error,
    ]);
    // Written once per process, not once per message.
    static INSERT: std::sync::LazyLock<[String; 2]> =
        std::sync::LazyLock::new(|| [insert_sql(false), insert_sql(true)]);
    f(&INSERT[usize::from(id.is_some())], &values)
}

/// `INSERT INTO interactions (...) VALUES (?1, ...)`: with the id column, or
/// without it and `RETURNING id`.
fn insert_sql(with_id: bool) -> String {
    const COLUMNS: &str = "ticket_id, time, direction, source, operator, contact_id, subject, text, \
        attachments, email_state, message_id, in_reply_to, refs, from_addr, to_addrs, cc_addrs, \
        automatic, raw_id, parse_error";
    let id = if with_id { "id, " } else { "" };
    let n = usize::from(with_id) + COLUMNS.split(',').count();
    let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let returning = if with_id { "" } else { " RETURNING id" };
    format!(
        "INSERT INTO interactions ({id}{COLUMNS}) VALUES ({}){returning}",
        marks.join(", ")
    )
}

/// Adds an interaction's subject and text to the full-text index.
pub fn index(tx: &Connection, id: i64, subject: &str, text: &str) -> crate::db::Result<()> {
    super::fts::index_interaction(tx, id, subject, text)
}

/// An interaction as `show` displays it.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// Row id.
    pub id: i64,
    /// Time.
    pub time: i64,
    /// `in`, `out`, `internal`.
    pub direction: String,
    /// Channel.
    pub source: String,
    /// Operator.
    pub operator: Option<String>,
    /// Contact address.
    pub contact: Option<String>,
    /// Subject.
    pub subject: String,
    /// Text.
    pub text: String,
    /// Attachment count.
    pub attachments: i64,
    /// Outgoing mail state.
    pub email_state: Option<String>,
    /// Automatic mail.
    pub automatic: bool,
    /// Why parsing was partial.
    pub parse_error: Option<String>,
    /// Sender address.
    pub from_addr: Option<String>,
}

/// Every interaction of a ticket in time order.
pub fn of_ticket(
    conn: &Connection,
    ticket_id: i64,
    deleted: bool,
) -> crate::db::Result<Vec<Interaction>> {
    let mut st = conn.prepare_cached(
        "SELECT i.id, i.time, i.direction, i.source, i.operator, CAST(c.email AS TEXT), i.subject, i.text, i.attachments, \
         i.email_state, i.automatic, i.parse_error, i.from_addr \
         FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id \
         WHERE i.ticket_id = ?1 AND (i.deleted = 0 OR ?2) ORDER BY i.time, i.id",
    )?;
    st.query_map(params![ticket_id, deleted], |r| {
        Ok(Interaction {
            id: r.get(0)?,
            time: r.get(1)?,
            direction: r.get(2)?,
            source: r.get(3)?,
            operator: r.get(4)?,
            contact: r.get(5)?,
            subject: r.get(6)?,
            text: r.get(7)?,
            attachments: r.get(8)?,
            email_state: r.get(9)?,
            automatic: r.get::<_, i64>(10)? != 0,
            parse_error: r.get(11)?,
            from_addr: r.get(12)?,
        })
    })?
    .collect()
}

/// Whether an operator ever replied to the customer on a ticket (automatic mail aside).
pub fn operator_replied(conn: &Connection, ticket_id: i64) -> crate::db::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM interactions WHERE ticket_id = ?1 AND direction = 'out' \
         AND automatic = 0 AND deleted = 0)",
    )?
    .query_row([ticket_id], |r| r.get(0))
}

/// The customer's last message on a ticket: (time, sender, text).
pub fn last_incoming(
    conn: &Connection,
    ticket_id: i64,
) -> crate::db::Result<Option<(i64, Option<String>, String)>> {
    use crate::db::OptionalExtension;
    conn.prepare_cached(
        "SELECT time, from_addr, text FROM interactions WHERE ticket_id = ?1 AND direction = 'in' \
         AND deleted = 0 ORDER BY time DESC, id DESC LIMIT 1",
    )?
    .query_row([ticket_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}
