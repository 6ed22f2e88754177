//! Followers: addresses copied on a customer's mail, copied on every reply.

use crate::db::{Connection, params};

/// Adds addresses as followers of a ticket; returns the ones that were new.
pub fn add(
    tx: &Connection,
    ticket_id: i64,
    addresses: &[String],
    time: i64,
) -> crate::db::Result<Vec<String>> {
    let mut added = Vec::new();
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO ticket_followers (ticket_id, address, added) VALUES (?1, ?2, ?3)",
    )?;
    for a in addresses {
        if st.execute(params![ticket_id, a, time])? > 0 {
            added.push(a.clone());
        }
    }
    Ok(added)
}

/// The followers of a ticket, in the order they were added.
pub fn of_ticket(conn: &Connection, ticket_id: i64) -> crate::db::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT address FROM ticket_followers WHERE ticket_id = ?1 ORDER BY added, address",
    )?
    .query_map([ticket_id], |r| r.get(0))?
    .collect()
}

/// Moves the followers of a merged ticket to the ticket it was merged into.
pub fn merge(tx: &Connection, from: i64, into: i64) -> crate::db::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO ticket_followers (ticket_id, address, added) \
         SELECT ?2, address, added FROM ticket_followers WHERE ticket_id = ?1",
    )?
    .execute(params![from, into])?;
    Ok(())
}
