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
        let mut st = tx.prepare_cached(&sql)?;
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
        let mut st = tx.prepare_cached(&sql)?;
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

/// For each of these Message-IDs that an interaction carries: whether one
/// that went out (ours) carries it.
pub fn message_ids(tx: &Connection, ids: &[&str]) -> crate::db::Result<HashMap<String, bool>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT message_id, max(CASE WHEN direction = 'out' THEN 1 ELSE 0 END) \
             FROM interactions WHERE message_id IN ({}) GROUP BY message_id",
            placeholders(chunk.len())
        );
        let mut st = tx.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? != 0))
        })?;
        for row in rows {
            let (id, out) = row?;
            found.insert(id, out);
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
    // Table names are the caller's constants, never input.
    let columns: Vec<String> = tables
        .iter()
        .map(|t| format!("nextval(pg_get_serial_sequence('{t}', 'id'))"))
        .collect();
    let sql = format!("SELECT {} FROM generate_series(1, ?1)", columns.join(", "));
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
