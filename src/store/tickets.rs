//! Tickets: loading, numbering, and every change with its event.

use std::collections::HashMap;

use crate::db::types::Value as SqlValue;
use crate::db::{Connection, OptionalExtension, Row, params};

use crate::error::{HdError, usage};
use crate::model::{Priority, Status, TicketRef, ticket_number};
use crate::store::event;

/// A ticket as stored, with its contact and tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// Row id.
    pub id: i64,
    /// Number prefix, e.g. `REQ`.
    pub prefix: String,
    /// Number within the prefix.
    pub number: i64,
    /// Queue name.
    pub queue: String,
    /// Category name.
    pub category: Option<String>,
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Assigned operator.
    pub assignee: Option<String>,
    /// Contact row id.
    pub contact_id: Option<i64>,
    /// Contact address.
    pub contact: Option<String>,
    /// Contact display name.
    pub contact_name: Option<String>,
    /// Subject.
    pub subject: String,
    /// Channel of the first interaction.
    pub source: String,
    /// Arrival time (Unix seconds).
    pub created: i64,
    /// Last change or message.
    pub updated: i64,
    /// When it was last closed.
    pub closed_at: Option<i64>,
    /// The first public operator reply.
    pub first_response_at: Option<i64>,
    /// First-response deadline.
    pub first_response_due: Option<i64>,
    /// Resolution deadline.
    pub resolution_due: Option<i64>,
    /// Any SLA target missed.
    pub breached: bool,
    /// Satisfaction rating 1–5.
    pub rating: Option<i64>,
    /// Deleted flag.
    pub deleted: bool,
    /// Merge target.
    pub merged_into: Option<i64>,
    /// An older ticket this one continues.
    pub linked_to: Option<i64>,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Made from automatic mail and not yet written on by a person: not work.
    pub automatic: bool,
    /// Seconds of work logged on it.
    pub time_spent: i64,
    /// The next unmet SLA deadline (none while waiting or closed).
    pub due: Option<i64>,
    /// Addresses copied on every reply (the customer's Cc), in the order they came.
    pub followers: Vec<String>,
}

impl Ticket {
    /// `REQ-000279`.
    pub fn number_str(&self) -> String {
        ticket_number(&self.prefix, self.number)
    }
}

/// [`SELECT`] with its three gathered columns (tags, time spent, followers)
/// given as expressions.
macro_rules! select_with {
    ($tags:literal, $time_spent:literal, $followers:literal) => {
        concat!(
            "SELECT t.id, t.prefix, t.number, t.queue, t.category, t.status, t.priority, \
             t.assignee, t.contact_id, CAST(c.email AS TEXT), c.name, t.subject, t.source, t.created, t.updated, t.closed_at, \
             t.first_response_at, t.first_response_due, t.resolution_due, t.breached, t.rating, t.deleted, \
             t.merged_into, t.linked_to, ",
            $tags,
            ", t.automatic, ",
            $time_spent,
            ", t.due, ",
            $followers,
            " FROM tickets t LEFT JOIN contacts c ON c.id = t.contact_id"
        )
    };
}

/// Columns in the order `from_row` reads them; `t` is tickets, `c` contacts.
/// The address is read as text: PostgreSQL's `citext` is a type the client
/// does not know, and would look up in the catalog (two more round trips) on
/// every connection, which is every command.
pub const SELECT: &str = select_with!(
    "(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM ticket_tags WHERE ticket_id = t.id ORDER BY tag))",
    "(SELECT coalesce(sum(seconds), 0) FROM time_entries WHERE ticket_id = t.id)",
    "(SELECT group_concat(address, ' ') FROM (SELECT address FROM ticket_followers WHERE ticket_id = t.id ORDER BY added, address))"
);

/// [`SELECT`] without the gathered columns: tickets read with it have no
/// tags, no time spent and no followers.
const SELECT_BARE: &str = select_with!("NULL", "0", "NULL");

/// Whether a listing reads the columns gathered from other tables: tags, time
/// spent and followers, a subquery each per ticket. A listing that shows none
/// of them leaves them out: on PostgreSQL a command's new session would look
/// up and plan three more tables for them, about 1.5 ms of a 20 ms `hd list`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gathered {
    Read,
    Left,
}

impl Gathered {
    /// The listing columns that come from the gathered subqueries (followers
    /// are no column: only JSON shows them).
    pub const COLUMNS: &[&str] = &["tags", "time_spent"];

    /// What a listing of `columns` needs (`all`: it shows every field).
    pub fn for_columns(all: bool, columns: &[String]) -> Gathered {
        if all || columns.iter().any(|c| Self::COLUMNS.contains(&c.as_str())) {
            Gathered::Read
        } else {
            Gathered::Left
        }
    }
}

/// Reads a row selected with [`SELECT`].
pub fn from_row(r: &Row<'_>) -> crate::db::Result<Ticket> {
    let status: String = r.get(5)?;
    let tags: Option<String> = r.get(24)?;
    let followers: Option<String> = r.get(28)?;
    Ok(Ticket {
        id: r.get(0)?,
        prefix: r.get(1)?,
        number: r.get(2)?,
        queue: r.get(3)?,
        category: r.get(4)?,
        status: status.parse().unwrap_or(Status::Open),
        priority: Priority::from_rank(r.get(6)?),
        assignee: r.get(7)?,
        contact_id: r.get(8)?,
        contact: r.get(9)?,
        contact_name: r.get(10)?,
        subject: r.get(11)?,
        source: r.get(12)?,
        created: r.get(13)?,
        updated: r.get(14)?,
        closed_at: r.get(15)?,
        first_response_at: r.get(16)?,
        first_response_due: r.get(17)?,
        resolution_due: r.get(18)?,
        breached: r.get::<_, i64>(19)? != 0,
        rating: r.get(20)?,
        deleted: r.get::<_, i64>(21)? != 0,
        merged_into: r.get(22)?,
        linked_to: r.get(23)?,
        tags: tags
            .map(|s| s.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
        automatic: r.get::<_, i64>(25)? != 0,
        time_spent: r.get(26)?,
        due: r.get(27)?,
        followers: followers
            .map(|s| s.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// Loads a ticket by row id.
pub fn load(conn: &Connection, id: i64) -> crate::db::Result<Ticket> {
    conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?
        .query_row([id], from_row)
}

/// Loads the tickets of these row ids (those that exist), by id: one
/// statement per few hundred, planned for the ids asked.
pub fn load_many(conn: &Connection, ids: &[i64]) -> crate::db::Result<HashMap<i64, Ticket>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(400) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut st = conn.prepare_planned(&format!("{SELECT} WHERE t.id IN ({marks})"))?;
        for t in st.query_map(crate::db::params_from_iter(chunk.iter()), from_row)? {
            let t = t?;
            found.insert(t.id, t);
        }
    }
    Ok(found)
}

/// Finds the ticket a user named, following merges to their target.
pub fn resolve(conn: &Connection, r: &TicketRef) -> Result<Ticket, HdError> {
    let ids: Vec<(i64, String)> = match &r.prefix {
        Some(p) => {
            let mut st = conn
                .prepare_cached("SELECT id, prefix FROM tickets WHERE prefix = ?1 AND number = ?2")
                .map_err(db)?;
            st.query_map(params![p, r.number], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(db)?
                .collect::<Result<_, _>>()
                .map_err(db)?
        }
        None => {
            let mut st = conn
                .prepare_cached("SELECT id, prefix FROM tickets WHERE number = ?1")
                .map_err(db)?;
            st.query_map([r.number], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(db)?
                .collect::<Result<_, _>>()
                .map_err(db)?
        }
    };
    let shown = match &r.prefix {
        Some(p) => ticket_number(p, r.number),
        None => r.number.to_string(),
    };
    let mut id = match ids.as_slice() {
        [] => return Err(usage(format!("no ticket {shown}"))),
        [(id, _)] => *id,
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|(_, p)| ticket_number(p, r.number))
                .collect();
            return Err(
                usage(format!("ticket {shown} is ambiguous: {}", names.join(", ")))
                    .hint("name it with its prefix"),
            );
        }
    };
    // Follow merges; the chain is short, but guard against a cycle anyway.
    for _ in 0..32 {
        let next: Option<i64> = conn
            .prepare_cached("SELECT merged_into FROM tickets WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |row| row.get(0)))
            .map_err(db)?;
        match next {
            Some(n) => id = n,
            None => break,
        }
    }
    load(conn, id).map_err(db)
}

fn db(e: crate::db::Error) -> HdError {
    if e.is_transient() {
        return crate::error::tempfail(format!("database: {e}"));
    }
    crate::error::failure(format!("database: {e}"))
}

/// What a new ticket starts with.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    /// Queue name.
    pub queue: &'a str,
    /// Number prefix of the queue.
    pub prefix: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Contact row id.
    pub contact_id: Option<i64>,
    /// Category.
    pub category: Option<&'a str>,
    /// Priority.
    pub priority: Priority,
    /// Status (`queued` unless rules said otherwise).
    pub status: Status,
    /// Assigned operator.
    pub assignee: Option<&'a str>,
    /// Deleted flag.
    pub deleted: bool,
    /// Channel.
    pub source: &'a str,
    /// Arrival time.
    pub time: i64,
    /// Who created it, for the event.
    pub actor: &'a str,
    /// An older ticket it continues.
    pub linked_to: Option<i64>,
    /// Made from automatic mail.
    pub automatic: bool,
}

/// Creates a ticket with the next number of the helpdesk's one sequence (every
/// queue counts in it, whatever its prefix); returns its row id and number.
pub fn create(tx: &Connection, n: &NewTicket<'_>) -> crate::db::Result<(i64, i64)> {
    let number = next_number(tx)?;
    let id: i64 = tx.prepare_cached(&insert_sql(false))?.query_row(
        crate::db::params_from_iter(ticket_values(n, None, number)),
        |r| r.get(0),
    )?;
    created(tx, n, id, number)?;
    Ok((id, number))
}

/// [`create`] with an id reserved ahead ([`crate::store::batch::reserve_ids`])
/// and a number from [`next_number`]: on PostgreSQL nothing in it waits for
/// an answer.
pub fn create_as(
    tx: &Connection,
    n: &NewTicket<'_>,
    id: i64,
    number: i64,
) -> crate::db::Result<()> {
    tx.prepare_cached(&insert_sql(true))?
        .write(crate::db::params_from_iter(ticket_values(
            n,
            Some(id),
            number,
        )))?;
    created(tx, n, id, number)
}

/// The next ticket number. The empty prefix is the shared sequence
/// (migration 7); an older database that counted per prefix continues above
/// its highest number. The number is also kept unique per prefix, so a
/// duplicate can never be created. Taking a number locks the counter until
/// the transaction ends, so nobody else takes one meanwhile: a transaction
/// that creates many tickets counts on from its first number without asking
/// and writes where it stopped once, with [`save_number`].
pub fn next_number(tx: &Connection) -> crate::db::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO counters (prefix, last) VALUES ('', 1) \
         ON CONFLICT (prefix) DO UPDATE SET last = counters.last + 1 RETURNING last",
    )?
    .query_row([], |r| r.get(0))
}

/// Records `last` as the last number taken, for a transaction that counted
/// on from [`next_number`] by itself: before it commits, and before anything
/// in it asks [`next_number`] again.
pub fn save_number(tx: &Connection, last: i64) -> crate::db::Result<()> {
    tx.prepare_cached("UPDATE counters SET last = ?1 WHERE prefix = ''")?
        .write([last])
}

fn insert_sql(with_id: bool) -> String {
    let (id_col, id_val, rest) = if with_id {
        ("id, ", "?16, ", " ")
    } else {
        ("", "", " RETURNING id")
    };
    format!(
        "INSERT INTO tickets ({id_col}prefix, number, queue, category, status, priority, contact_id, subject, source, \
         created, updated, linked_to, assignee, deleted, closed_at, automatic) \
         VALUES ({id_val}?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14, ?15){rest}"
    )
    .trim_end()
    .to_string()
}

/// The values of [`insert_sql`]: the id last, when given.
fn ticket_values(n: &NewTicket<'_>, id: Option<i64>, number: i64) -> Vec<crate::db::Value> {
    use crate::db::Value;
    let closed_at = (n.status == Status::Closed).then_some(n.time);
    let opt_i = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    let opt_s = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_string()));
    let mut v = vec![
        Value::Text(n.prefix.to_string()),
        Value::Integer(number),
        Value::Text(n.queue.to_string()),
        opt_s(n.category),
        Value::Text(n.status.as_str().to_string()),
        Value::Integer(n.priority.rank()),
        opt_i(n.contact_id),
        Value::Text(n.subject.to_string()),
        Value::Text(n.source.to_string()),
        Value::Integer(n.time),
        opt_i(n.linked_to),
        opt_s(n.assignee),
        Value::Integer(n.deleted as i64),
        opt_i(closed_at),
        Value::Integer(n.automatic as i64),
    ];
    if let Some(id) = id {
        v.push(Value::Integer(id));
    }
    v
}

/// The events of a new ticket.
fn created(tx: &Connection, n: &NewTicket<'_>, id: i64, number: i64) -> crate::db::Result<()> {
    event(
        tx,
        id,
        n.time,
        n.actor,
        "created",
        None,
        Some(&ticket_number(n.prefix, number)),
    )?;
    if let Some(l) = n.linked_to {
        let old = load(tx, l)?;
        event(
            tx,
            id,
            n.time,
            n.actor,
            "linked",
            None,
            Some(&old.number_str()),
        )?;
    }
    Ok(())
}

/// A ticket's events in order, as (time, actor, description).
pub fn history(conn: &Connection, ticket_id: i64) -> crate::db::Result<Vec<(i64, String, String)>> {
    let mut events: Vec<(i64, String, String)> = Vec::new();
    let mut st = conn.prepare(
        "SELECT time, actor, kind, old, new FROM events WHERE ticket_id = ?1 ORDER BY time, id",
    )?;
    let rows = st.query_map([ticket_id], |r| {
        let kind: String = r.get(2)?;
        let old: Option<String> = r.get(3)?;
        let new: Option<String> = r.get(4)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            describe_event(&kind, old.as_deref(), new.as_deref()),
        ))
    })?;
    for e in rows {
        events.push(e?);
    }
    Ok(events)
}

/// How many tickets (`t`) match `where_sql`.
pub fn count_where(
    conn: &Connection,
    where_sql: &str,
    params: &[SqlValue],
) -> crate::db::Result<u64> {
    conn.query_row(
        &format!("SELECT count(*) FROM tickets t WHERE {where_sql}"),
        crate::db::params_from_iter(params.iter()),
        |r| r.get::<_, u64>(0),
    )
}

/// The ids of the tickets (`t`) matching `where_sql`.
pub fn ids_where(
    conn: &Connection,
    where_sql: &str,
    params: &[SqlValue],
) -> crate::db::Result<Vec<i64>> {
    let mut st = conn.prepare(&format!("SELECT t.id FROM tickets t WHERE {where_sql}"))?;
    st.query_map(crate::db::params_from_iter(params.iter()), |r| r.get(0))?
        .collect::<Result<_, _>>()
}

/// The tickets whose id is in `pick` (an id list or a subquery) in `order`;
/// with [`Gathered::Left`], without their tags, time spent and followers.
pub fn load_picked(
    conn: &Connection,
    pick: &str,
    order: &str,
    params: &[SqlValue],
    gathered: Gathered,
) -> crate::db::Result<Vec<Ticket>> {
    let select = match gathered {
        Gathered::Read => SELECT,
        Gathered::Left => SELECT_BARE,
    };
    let sql = format!("{select} WHERE t.id IN ({pick}) ORDER BY {order}");
    let mut st = conn.prepare(&sql)?;
    st.query_map(crate::db::params_from_iter(params.iter()), from_row)?
        .collect::<crate::db::Result<Vec<_>>>()
}

/// Moves a ticket's `updated` forward to `time` (never back).
pub fn touch(tx: &Connection, id: i64, time: i64) -> crate::db::Result<()> {
    tx.prepare_cached("UPDATE tickets SET updated = max(updated, ?2) WHERE id = ?1")?
        .execute(params![id, time])?;
    Ok(())
}

/// Sets the status; returns whether it changed.
pub fn set_status(
    tx: &Connection,
    t: &mut Ticket,
    status: Status,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.status == status {
        return Ok(false);
    }
    let closed_at = if status == Status::Closed {
        Some(time)
    } else {
        t.closed_at
    };
    tx.prepare_cached("UPDATE tickets SET status = ?2, closed_at = ?3 WHERE id = ?1")?
        .write(params![t.id, status.as_str(), closed_at])?;
    event(
        tx,
        t.id,
        time,
        actor,
        "status",
        Some(t.status.as_str()),
        Some(status.as_str()),
    )?;
    touch(tx, t.id, time)?;
    t.status = status;
    t.closed_at = closed_at;
    Ok(true)
}

/// Sets or clears the assignee; returns whether it changed.
pub fn set_assignee(
    tx: &Connection,
    t: &mut Ticket,
    assignee: Option<&str>,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.assignee.as_deref() == assignee {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET assignee = ?2 WHERE id = ?1")?
        .write(params![t.id, assignee])?;
    event(
        tx,
        t.id,
        time,
        actor,
        "assignee",
        t.assignee.as_deref(),
        assignee,
    )?;
    if let Some(op) = assignee {
        note_assigned(tx, op, time)?;
    }
    touch(tx, t.id, time)?;
    t.assignee = assignee.map(str::to_string);
    Ok(true)
}

/// Records when an operator was last handed a ticket (round robin's rotation).
pub fn note_assigned(tx: &Connection, op: &str, time: i64) -> crate::db::Result<()> {
    tx.prepare_cached(
        "INSERT INTO operator_state (name, last_assigned) VALUES (?1, ?2) \
         ON CONFLICT (name) DO UPDATE SET last_assigned = max(operator_state.last_assigned, ?2)",
    )?
    .execute(params![op, time])?;
    Ok(())
}

/// Sets the priority; returns whether it changed.
pub fn set_priority(
    tx: &Connection,
    t: &mut Ticket,
    p: Priority,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.priority == p {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET priority = ?2 WHERE id = ?1")?
        .execute(params![t.id, p.rank()])?;
    event(
        tx,
        t.id,
        time,
        actor,
        "priority",
        Some(t.priority.as_str()),
        Some(p.as_str()),
    )?;
    touch(tx, t.id, time)?;
    t.priority = p;
    Ok(true)
}

/// Sets or clears the category; returns whether it changed.
pub fn set_category(
    tx: &Connection,
    t: &mut Ticket,
    c: Option<&str>,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.category.as_deref() == c {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET category = ?2 WHERE id = ?1")?
        .execute(params![t.id, c])?;
    event(tx, t.id, time, actor, "category", t.category.as_deref(), c)?;
    touch(tx, t.id, time)?;
    t.category = c.map(str::to_string);
    Ok(true)
}

/// Moves the ticket to another queue (its number stays); returns whether it changed.
pub fn set_queue(
    tx: &Connection,
    t: &mut Ticket,
    q: &str,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.queue == q {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET queue = ?2 WHERE id = ?1")?
        .execute(params![t.id, q])?;
    event(tx, t.id, time, actor, "queue", Some(&t.queue), Some(q))?;
    touch(tx, t.id, time)?;
    t.queue = q.to_string();
    Ok(true)
}

/// Adds a tag; returns whether it was new.
pub fn add_tag(
    tx: &Connection,
    t: &mut Ticket,
    tag: &str,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    let n = tx
        .prepare_cached("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?
        .execute(params![t.id, tag])?;
    if n == 0 {
        return Ok(false);
    }
    event(tx, t.id, time, actor, "tag", None, Some(tag))?;
    touch(tx, t.id, time)?;
    t.tags.push(tag.to_string());
    t.tags.sort();
    Ok(true)
}

/// Removes a tag; returns whether it was there.
pub fn remove_tag(
    tx: &Connection,
    t: &mut Ticket,
    tag: &str,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    let n = tx
        .prepare_cached("DELETE FROM ticket_tags WHERE ticket_id = ?1 AND tag = ?2")?
        .execute(params![t.id, tag])?;
    if n == 0 {
        return Ok(false);
    }
    event(tx, t.id, time, actor, "tag", Some(tag), None)?;
    touch(tx, t.id, time)?;
    t.tags.retain(|x| x != tag);
    Ok(true)
}

/// Marks a ticket as work (a person wrote on it) or not; returns whether it changed.
pub fn set_automatic(
    tx: &Connection,
    t: &mut Ticket,
    automatic: bool,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.automatic == automatic {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET automatic = ?2 WHERE id = ?1")?
        .write(params![t.id, automatic as i64])?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    event(
        tx,
        t.id,
        time,
        actor,
        "automatic",
        Some(yes_no(t.automatic)),
        Some(yes_no(automatic)),
    )?;
    touch(tx, t.id, time)?;
    t.automatic = automatic;
    Ok(true)
}

/// Sets or clears the deleted flag; returns whether it changed.
pub fn set_deleted(
    tx: &Connection,
    t: &mut Ticket,
    deleted: bool,
    time: i64,
    actor: &str,
) -> crate::db::Result<bool> {
    if t.deleted == deleted {
        return Ok(false);
    }
    tx.prepare_cached("UPDATE tickets SET deleted = ?2 WHERE id = ?1")?
        .execute(params![t.id, deleted as i64])?;
    event(
        tx,
        t.id,
        time,
        actor,
        if deleted { "deleted" } else { "restored" },
        None,
        None,
    )?;
    t.deleted = deleted;
    Ok(true)
}

/// Finds a ticket by its number string, e.g. from a subject tag or our Message-ID.
pub fn by_number(conn: &Connection, prefix: &str, number: i64) -> crate::db::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM tickets WHERE prefix = ?1 AND number = ?2")?
        .query_row(params![prefix.to_ascii_uppercase(), number], |r| r.get(0))
        .optional()
}

/// Follows merges from a ticket id to the live ticket.
pub fn follow_merges(conn: &Connection, mut id: i64) -> crate::db::Result<i64> {
    for _ in 0..32 {
        let next: Option<i64> = conn
            .prepare_cached("SELECT merged_into FROM tickets WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        match next {
            Some(n) => id = n,
            None => break,
        }
    }
    Ok(id)
}

/// Renders an event row as the one line `show` prints and JSON's `what`.
pub fn describe_event(kind: &str, old: Option<&str>, new: Option<&str>) -> String {
    let none = "none";
    match kind {
        "created" => format!("created {}", new.unwrap_or("")),
        "status" | "assignee" | "priority" | "category" | "queue" => {
            format!("{kind}: {} → {}", old.unwrap_or(none), new.unwrap_or(none))
        }
        "tag" => match (old, new) {
            (_, Some(n)) => format!("tag +{n}"),
            (Some(o), None) => format!("tag -{o}"),
            _ => "tag".to_string(),
        },
        "merged" => format!("merged {} into {}", old.unwrap_or(""), new.unwrap_or("")),
        "merged_from" => format!("{} merged into this ticket", old.unwrap_or("")),
        "linked" => format!("continues {}", new.unwrap_or("")),
        "deleted" => "deleted".to_string(),
        "restored" => "restored".to_string(),
        "rating" => format!("rated {}", new.unwrap_or("")),
        "reopened" => "reopened by the customer's reply".to_string(),
        "anonymized" => "anonymised".to_string(),
        "rule" => format!("rule \"{}\" matched", new.unwrap_or("")),
        other => match (old, new) {
            (Some(o), Some(n)) => format!("{other}: {o} → {n}"),
            (None, Some(n)) => format!("{other}: {n}"),
            (Some(o), None) => format!("{other}: {o}"),
            (None, None) => other.to_string(),
        },
    }
}

/// Who `hd next` picks for: the operator, and what they may take unassigned.
#[derive(Debug, Clone, Default)]
pub struct NextFor<'a> {
    /// Their own queued and open tickets count; `None` (the administrator) has none.
    pub me: Option<&'a str>,
    /// Queues whose unassigned tickets they may take; `None` means every queue.
    pub queues: Option<&'a [String]>,
    /// Categories they handle; `None` means every category. Uncategorised tickets are anyone's.
    pub categories: Option<&'a [String]>,
}

/// The tickets an operator should work on next, best first: their own tickets that are
/// not waiting or closed and the unassigned ones they may take (automatic mail is not work); the one due first, then
/// by priority and age. Tickets with a deadline come first (read in due order from
/// `tickets_next_due`), then those without one.
pub fn next_candidates(
    conn: &Connection,
    who: &NextFor<'_>,
    limit: usize,
) -> crate::db::Result<Vec<i64>> {
    let mut params: Vec<crate::db::types::Value> = Vec::new();
    let mut mine = String::from("0");
    if let Some(me) = who.me {
        mine = "t.assignee = ?".to_string();
        params.push(me.to_string().into());
    }
    let mut takeable = String::from("t.assignee IS NULL");
    if let Some(qs) = who.queues {
        takeable.push_str(&format!(
            " AND t.queue IN ({})",
            vec!["?"; qs.len()].join(",")
        ));
        params.extend(qs.iter().map(|q| q.clone().into()));
        if qs.is_empty() {
            takeable = "0".to_string();
        }
    }
    if let Some(cs) = who.categories
        && !cs.is_empty()
    {
        takeable.push_str(&format!(
            " AND (t.category IS NULL OR t.category IN ({}))",
            vec!["?"; cs.len()].join(",")
        ));
        params.extend(cs.iter().map(|c| c.clone().into()));
    }
    let base = format!(
        "t.deleted = 0 AND t.merged_into IS NULL AND t.status IN ('queued', 'open') \
         AND t.automatic = 0 AND ({mine} OR ({takeable}))"
    );
    let mut out = Vec::new();
    // Tickets with a deadline are read in due order from `tickets_next_due` and cut at the
    // limit (without statistics the planner would rather sort every open ticket of the
    // queues); a deadline is only ever set on queued and open tickets.
    for (from, cond, order) in [
        (
            "tickets t INDEXED BY tickets_next_due",
            "t.due IS NOT NULL",
            "t.due, t.priority DESC, t.created, t.id",
        ),
        (
            "tickets t",
            "t.due IS NULL",
            "t.priority DESC, t.created, t.id",
        ),
    ] {
        if out.len() >= limit {
            break;
        }
        let sql = format!(
            "SELECT t.id FROM {from} WHERE {cond} AND {base} ORDER BY {order} LIMIT {}",
            limit - out.len()
        );
        let mut st = conn.prepare_cached(&sql)?;
        for id in st.query_map(crate::db::params_from_iter(params.iter()), |r| r.get(0))? {
            out.push(id?);
        }
    }
    Ok(out)
}

/// Assigns a ticket to `op` only if nobody holds it: one guarded UPDATE, so two
/// operators taking at the same moment never both get it. Records the event; returns
/// whether this call took it.
pub fn take_if_unassigned(
    tx: &Connection,
    t: &mut Ticket,
    op: &str,
    time: i64,
) -> crate::db::Result<bool> {
    let n = tx
        .prepare_cached("UPDATE tickets SET assignee = ?2 WHERE id = ?1 AND assignee IS NULL")?
        .execute(params![t.id, op])?;
    if n == 0 {
        return Ok(false);
    }
    event(tx, t.id, time, op, "assignee", None, Some(op))?;
    note_assigned(tx, op, time)?;
    touch(tx, t.id, time)?;
    t.assignee = Some(op.to_string());
    Ok(true)
}

/// How many queued and open tickets an operator holds (what `max_open` limits).
pub fn open_load(conn: &Connection, operator: &str) -> crate::db::Result<i64> {
    conn.prepare_cached(
        "SELECT count(*) FROM tickets INDEXED BY tickets_operator_load WHERE assignee = ?1 \
         AND status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL",
    )?
    .query_row([operator], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::Gathered;

    #[test]
    fn gathered_columns_are_listing_columns_and_decide_the_select() {
        for c in Gathered::COLUMNS {
            assert!(
                crate::views::COLUMNS.contains(c),
                "{c} is no listing column"
            );
            assert_eq!(
                Gathered::for_columns(false, &["number".into(), c.to_string()]),
                Gathered::Read
            );
        }
        let plain = ["number".to_string(), "subject".into()];
        assert_eq!(Gathered::for_columns(false, &plain), Gathered::Left);
        assert_eq!(Gathered::for_columns(true, &plain), Gathered::Read);
    }
}
