//! Erasing personal data for good (`hd anonymize`).

use crate::db::{Connection, params};

/// The ticket an interaction belongs to.
pub fn ticket_of_interaction(conn: &Connection, interaction: i64) -> crate::db::Result<i64> {
    conn.query_row(
        "SELECT ticket_id FROM interactions WHERE id = ?1",
        [interaction],
        |r| r.get(0),
    )
}

/// The row id of the contact with this address.
pub fn contact_id(conn: &Connection, email: &str) -> crate::db::Result<i64> {
    conn.query_row("SELECT id FROM contacts WHERE email = ?1", [email], |r| {
        r.get(0)
    })
}

/// Every ticket a contact opened or wrote in.
pub fn tickets_of_contact(conn: &Connection, contact_id: i64) -> crate::db::Result<Vec<i64>> {
    let mut st = conn.prepare(
            "SELECT DISTINCT id FROM tickets WHERE contact_id = ?1 UNION SELECT DISTINCT ticket_id FROM interactions WHERE contact_id = ?1",
        )?;
    st.query_map([contact_id], |r| r.get(0))?
        .collect::<Result<_, _>>()
}

/// Erases one interaction's texts, attachments, raw message and outbox copy.
pub fn erase_interaction(
    tx: &Connection,
    interaction: i64,
    placeholder: &str,
) -> crate::db::Result<usize> {
    erase_interactions(tx, "id = ?1", interaction, placeholder)
}

/// Erases the texts, attachments, raw messages and outbox copies of a ticket's interactions.
pub fn erase_interactions_of_ticket(
    tx: &Connection,
    ticket: i64,
    placeholder: &str,
) -> crate::db::Result<usize> {
    erase_interactions(tx, "ticket_id = ?1", ticket, placeholder)
}

fn erase_interactions(
    tx: &Connection,
    where_sql: &str,
    param: i64,
    placeholder: &str,
) -> crate::db::Result<usize> {
    let ids: Vec<(i64, Option<i64>)> = {
        let mut st = tx.prepare(&format!(
            "SELECT id, raw_id FROM interactions WHERE {where_sql}"
        ))?;
        st.query_map([param], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (id, raw) in &ids {
        super::fts::unindex_interaction(tx, *id)?;
        crate::store::time::erase_notes_of_interaction(tx, *id)?;
        tx.execute(
            "UPDATE interactions SET subject = ?2, text = '', message_id = NULL, in_reply_to = NULL, refs = NULL, \
             from_addr = NULL, to_addrs = NULL, cc_addrs = NULL, parse_error = NULL, anonymized = 1, raw_id = NULL WHERE id = ?1",
            params![id, placeholder],
        )?;
        let hashes: Vec<String> = {
            let mut st = tx.prepare("SELECT hash FROM attachments WHERE interaction_id = ?1")?;
            st.query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        tx.execute("DELETE FROM attachments WHERE interaction_id = ?1", [id])?;
        for h in hashes {
            tx.execute(
                "DELETE FROM blobs WHERE hash = ?1 AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = ?1)",
                [h],
            )?;
        }
        if let Some(r) = raw {
            // The row stays as a tombstone (mailbox and content hash only), so a
            // rescan of the server's folder does not import the erased mail again.
            tx.execute(
                "UPDATE raw_messages SET data = x'', message_id = 'anonymised' WHERE id = ?1",
                [r],
            )?;
        }
        tx.execute(
            "UPDATE outbox SET raw = x'', subject = ?2, to_addr = '', last_error = NULL WHERE interaction_id = ?1",
            params![id, placeholder],
        )?;
    }
    Ok(ids.len())
}

/// Replaces a ticket's subject with the placeholder.
pub fn erase_ticket_subject(
    tx: &Connection,
    ticket: i64,
    placeholder: &str,
) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE tickets SET subject = ?2 WHERE id = ?1",
        params![ticket, placeholder],
    )?;
    Ok(())
}

/// Erases a contact's address, name and company.
pub fn erase_contact(tx: &Connection, contact_id: i64) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE contacts SET email = 'anonymised-' || id || '@invalid', name = NULL, company = NULL WHERE id = ?1",
        [contact_id],
    )?;
    Ok(())
}

/// Rewrites the full-text index so no erased token survives in an old segment.
pub fn optimize_search_index(tx: &Connection) -> crate::db::Result<()> {
    super::fts::optimize(tx)
}

/// Empties the WAL and rebuilds the file without free pages.
/// On PostgreSQL, rewrites the tables erasure touched, so no old row
/// version keeps the erased text in the files.
pub fn checkpoint_and_vacuum(conn: &Connection) -> crate::db::Result<()> {
    if conn.is_postgres() {
        return conn.execute_batch(
            "VACUUM FULL interactions, interactions_fts, raw_messages, attachments, blobs, \
             contacts, tickets, events, time_entries",
        );
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
}
