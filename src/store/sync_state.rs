//! What sync remembers of each mailbox (`sync_state`, `maildir_seen`), and the
//! reads and writes of parsing kept raw messages again.

use crate::db::{Connection, OptionalExtension, params};

/// Copies the whole database into a new file at `path`.
pub fn backup_to(conn: &Connection, path: &str) -> crate::db::Result<()> {
    conn.execute("VACUUM INTO ?1", [path])?;
    Ok(())
}

/// Whether this is the first sync of a mailbox folder (`''` for a Maildir): nothing
/// was ever committed for it. (A database from before first syncs were imports has
/// stored mail but maybe no state row for a Maildir: that is no first sync.)
pub fn is_first_sync(conn: &Connection, mailbox: &str, folder: &str) -> crate::db::Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM sync_state WHERE mailbox = ?1 AND folder = ?2) \
         AND NOT EXISTS (SELECT 1 FROM raw_messages WHERE mailbox = ?1 AND folder = ?2) \
         AND NOT EXISTS (SELECT 1 FROM maildir_seen WHERE mailbox = ?1 AND ?2 = '')",
        params![mailbox, folder],
        |r| r.get(0),
    )
}

/// The names of the Maildir messages already stored for a mailbox.
pub fn maildir_seen_keys(conn: &Connection, mailbox: &str) -> crate::db::Result<Vec<String>> {
    let mut st = conn.prepare("SELECT key FROM maildir_seen WHERE mailbox = ?1")?;
    st.query_map([mailbox], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
}

/// Marks a Maildir's first sync as done (its state row, folder `''`).
pub fn mark_maildir_synced(conn: &Connection, mailbox: &str) -> crate::db::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO sync_state (mailbox, folder, uidvalidity, last_uid) VALUES (?1, '', 0, 0)",
        [mailbox],
    )?;
    Ok(())
}

/// Records that these Maildir messages (their keys) were stored.
pub fn mark_maildir_seen(tx: &Connection, mailbox: &str, keys: &[&str]) -> crate::db::Result<()> {
    // A few dozen a statement: on PostgreSQL each statement is a round trip.
    for chunk in keys.chunks(64) {
        let sql = format!(
            "INSERT OR IGNORE INTO maildir_seen (mailbox, key) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 2);
        for key in chunk {
            values.extend([&mailbox as &dyn crate::db::ToSql, key]);
        }
        tx.prepare_cached(&sql)?.write(values.as_slice())?;
    }
    Ok(())
}

/// An IMAP folder's (UIDVALIDITY, last UID stored), if it was ever synced.
pub fn imap_state(
    conn: &Connection,
    mailbox: &str,
    folder: &str,
) -> crate::db::Result<Option<(u32, u32)>> {
    conn.query_row(
        "SELECT uidvalidity, last_uid FROM sync_state WHERE mailbox = ?1 AND folder = ?2",
        params![mailbox, folder],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Starts an IMAP folder over at `uidvalidity` with nothing stored.
pub fn reset_imap_state(
    conn: &Connection,
    mailbox: &str,
    folder: &str,
    uidvalidity: u32,
) -> crate::db::Result<()> {
    conn.execute(
        "INSERT INTO sync_state (mailbox, folder, uidvalidity, last_uid) VALUES (?1, ?2, ?3, 0) \
         ON CONFLICT (mailbox, folder) DO UPDATE SET uidvalidity = ?3, last_uid = 0",
        params![mailbox, folder, uidvalidity],
    )?;
    Ok(())
}

/// Records the last UID stored of an IMAP folder.
pub fn set_imap_state(
    tx: &Connection,
    mailbox: &str,
    folder: &str,
    uidvalidity: u32,
    last_uid: u32,
) -> crate::db::Result<()> {
    tx.execute(
        "INSERT INTO sync_state (mailbox, folder, uidvalidity, last_uid) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (mailbox, folder) DO UPDATE SET uidvalidity = ?3, last_uid = ?4",
        params![mailbox, folder, uidvalidity, last_uid],
    )?;
    Ok(())
}

/// The (interaction, raw message) pairs to parse again: those that failed to parse
/// or are flagged, or every one with `all`.
pub fn reparse_candidates(conn: &Connection, all: bool) -> crate::db::Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT i.id, i.raw_id FROM interactions i WHERE i.raw_id IS NOT NULL AND i.anonymized = 0 \
         AND (?1 OR i.parse_error IS NOT NULL OR i.reparse = 1) ORDER BY i.id",
    )?;
    st.query_map([all], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()
}

/// The (interaction, raw message) pairs an upgrade flagged for parsing again.
pub fn flagged_for_reparse(conn: &Connection) -> crate::db::Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT i.id, i.raw_id FROM interactions i WHERE i.reparse = 1 AND i.raw_id IS NOT NULL \
         AND i.anonymized = 0 ORDER BY i.id",
    )?;
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()
}

/// A kept raw message's bytes.
pub fn raw_message(conn: &Connection, raw_id: i64) -> crate::db::Result<Vec<u8>> {
    conn.query_row(
        "SELECT data FROM raw_messages WHERE id = ?1",
        [raw_id],
        |r| r.get(0),
    )
}

/// What parsing a raw message again yields for its interaction.
#[derive(Debug, Clone)]
pub struct Reparsed<'a> {
    /// The subject.
    pub subject: &'a str,
    /// The text.
    pub text: &'a str,
    /// How many attachments.
    pub attachments: i64,
    /// The sender's address.
    pub from_addr: Option<&'a str>,
    /// The recipients, joined with `, `.
    pub to_addrs: &'a str,
    /// The copy recipients, joined with `, `.
    pub cc_addrs: &'a str,
    /// Whether it is automatic mail (or a bounce).
    pub automatic: bool,
    /// Why it parsed only partially.
    pub parse_error: Option<&'a str>,
}

/// Stores an interaction's new parse, re-indexes its text and drops its attachments
/// (the caller adds the new ones).
pub fn store_reparsed(
    tx: &Connection,
    interaction: i64,
    p: &Reparsed<'_>,
) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE interactions SET subject = ?2, text = ?3, attachments = ?4, from_addr = ?5, to_addrs = ?6, \
         cc_addrs = ?7, automatic = ?8, parse_error = ?9, reparse = 0 WHERE id = ?1",
        params![
            interaction,
            p.subject,
            p.text,
            p.attachments,
            p.from_addr,
            p.to_addrs,
            p.cc_addrs,
            p.automatic as i64,
            p.parse_error
        ],
    )?;
    super::fts::unindex_interaction(tx, interaction)?;
    super::fts::index_interaction(tx, interaction, p.subject, p.text)?;
    tx.execute(
        "DELETE FROM attachments WHERE interaction_id = ?1",
        [interaction],
    )?;
    Ok(())
}

/// Deletes the blobs no attachment refers to any more.
pub fn drop_orphan_blobs(tx: &Connection) -> crate::db::Result<()> {
    tx.execute(
        "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.hash = blobs.hash)",
        [],
    )?;
    Ok(())
}
