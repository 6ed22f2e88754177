//! What a batch of arriving mail looks up, read for the whole batch in a few
//! statements at its start instead of one or two per message: on PostgreSQL
//! every statement is a round trip.

use std::collections::{HashMap, HashSet};

use crate::db::{Connection, params_from_iter};

/// Values asked about in one statement.
const CHUNK: usize = 400;

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Which of `hashes` the mailbox holds already.
pub fn stored_hashes(
    tx: &Connection,
    mailbox: &str,
    hashes: &[&str],
) -> crate::db::Result<HashSet<String>> {
    let mut held = HashSet::new();
    for chunk in hashes.chunks(CHUNK) {
        let sql = format!(
            "SELECT hash FROM raw_messages WHERE mailbox = ? AND hash IN ({})",
            placeholders(chunk.len())
        );
        let values = std::iter::once(&mailbox).chain(chunk.iter());
        // Planned for the hashes asked, each time: a plan kept from the
        // table's first, nearly empty batches would read all of the
        // mailbox's rows for each lookup once it holds thousands.
        let mut st = tx.prepare_planned(&sql)?;
        for h in st.query_map(params_from_iter(values), |r| r.get::<_, String>(0))? {
            held.insert(h?);
        }
    }
    Ok(held)
}

/// The contacts of these lower-case addresses, by address: id and name.
pub fn contacts(
    tx: &Connection,
    emails: &[&str],
) -> crate::db::Result<HashMap<String, (i64, Option<String>)>> {
    let mut found = HashMap::new();
    for chunk in emails.chunks(CHUNK) {
        let sql = format!(
            "SELECT email, id, name FROM contacts WHERE email IN ({})",
            placeholders(chunk.len())
        );
        let mut st = tx.prepare_planned(&sql)?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            let (email, id, name) = row?;
            found.insert(email.to_lowercase(), (id, name));
        }
    }
    Ok(found)
}

/// What a batch learns of a Message-ID that interactions carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Carried {
    /// Whether one that went out (ours) carries it.
    pub out: bool,
    /// The ticket threading files a reply to it on: the newest interaction's,
    /// preferring the queue's own tickets (the same mail can reach several).
    pub ticket: i64,
    /// What that ticket was merged into, if it was.
    pub merged_into: Option<i64>,
}

/// For each of these Message-IDs that an interaction carries: what threading
/// a reply to it in `queue` asks ([`Carried`]).
pub fn message_ids(
    tx: &Connection,
    ids: &[&str],
    queue: &str,
) -> crate::db::Result<HashMap<String, Carried>> {
    let mut found: HashMap<String, Carried> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT i.message_id, CASE WHEN i.direction = 'out' THEN 1 ELSE 0 END, i.ticket_id, \
             t.merged_into FROM interactions i JOIN tickets t ON t.id = i.ticket_id \
             WHERE i.message_id IN ({}) ORDER BY i.message_id, (t.queue = ?) DESC, i.id DESC",
            placeholders(chunk.len())
        );
        let values = chunk.iter().chain(std::iter::once(&queue));
        // Planned for the ids asked (see `stored_hashes`).
        let mut st = tx.prepare_planned(&sql)?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok((
                r.get::<_, String>(0)?,
                Carried {
                    out: r.get::<_, i64>(1)? != 0,
                    ticket: r.get(2)?,
                    merged_into: r.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (id, c) = row?;
            // The first row of each is the ticket; any row may be ours.
            found
                .entry(id)
                .and_modify(|first| first.out |= c.out)
                .or_insert(c);
        }
    }
    Ok(found)
}

/// `n` ids for new rows of each of `tables`, taken from their id sequences
/// ahead of the inserts in one statement (PostgreSQL only; SQLite's
/// `RETURNING` costs no round trip), so an insert need not wait for its id.
/// Ids not used are skipped, as after a rollback.
pub fn reserve_ids(tx: &Connection, tables: &[&str], n: usize) -> crate::db::Result<Vec<Vec<i64>>> {
    if !tx.is_postgres() || n == 0 || tables.is_empty() {
        return Ok(vec![Vec::new(); tables.len()]);
    }
    // Table names are the caller's constants, never input. Each sequence is
    // looked up once, not once per id (OFFSET 0 keeps the subquery whole).
    let names: Vec<String> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| format!("pg_get_serial_sequence('{t}', 'id')::regclass AS s{i}"))
        .collect();
    let columns: Vec<String> = (0..tables.len())
        .map(|i| format!("nextval(s{i})"))
        .collect();
    let sql = format!(
        "SELECT {} FROM (SELECT {} OFFSET 0) AS s, generate_series(1, ?1)",
        columns.join(", "),
        names.join(", ")
    );
    let mut ids = vec![Vec::with_capacity(n); tables.len()];
    let mut st = tx.prepare_cached(&sql)?;
    let mut rows = st.query([n as i64])?;
    while let Some(r) = rows.next()? {
        for (i, list) in ids.iter_mut().enumerate() {
            list.push(r.get::<_, i64>(i)?);
        }
    }
    Ok(ids)
}
