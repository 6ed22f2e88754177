//! `hd sync --reprocess`: parse the kept raw messages again, e.g. after an hd
//! upgrade improved parsing. Texts, subjects, addresses, attachments and the
//! automatic flag are refreshed; tickets and threading stay as they are.
//! Messages an upgrade flagged (`reparse`) are parsed again by the next sync.

use crate::db::params;

use crate::mail::parse::{self, Decoding};
use crate::store::{Store, add_attachment};

/// What a reprocessing run did.
#[derive(Debug, Default)]
pub struct Reprocessed {
    /// Messages parsed again.
    pub messages: usize,
    /// Of those, how many still parse only partially.
    pub still_partial: usize,
}

/// Parses again the raw messages (only those that failed to parse or had
/// no text, unless `all`).
pub fn run(store: &mut Store, all: bool, decoding: Decoding) -> anyhow::Result<Reprocessed> {
    let ids: Vec<(i64, i64)> = {
        let mut st = store.conn.prepare(
            "SELECT i.id, i.raw_id FROM interactions i WHERE i.raw_id IS NOT NULL AND i.anonymized = 0 \
             AND (?1 OR i.parse_error IS NOT NULL OR i.reparse = 1) ORDER BY i.id",
        )?;
        st.query_map([all], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    reparse(store, &ids, decoding)
}

/// Parses again the messages an upgrade flagged; cheap when there are none.
pub fn flagged(store: &mut Store, decoding: Decoding) -> anyhow::Result<Reprocessed> {
    let ids: Vec<(i64, i64)> = {
        let mut st = store.conn.prepare(
            "SELECT i.id, i.raw_id FROM interactions i WHERE i.reparse = 1 AND i.raw_id IS NOT NULL \
             AND i.anonymized = 0 ORDER BY i.id",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    reparse(store, &ids, decoding)
}

fn reparse(
    store: &mut Store,
    ids: &[(i64, i64)],
    decoding: Decoding,
) -> anyhow::Result<Reprocessed> {
    let mut report = Reprocessed::default();
    for chunk in ids.chunks(500) {
        let tx = store.write()?;
        for &(iid, raw_id) in chunk {
            let raw: Vec<u8> = tx.query_row(
                "SELECT data FROM raw_messages WHERE id = ?1",
                [raw_id],
                |r| r.get(0),
            )?;
            let p = parse::parse_with(&raw, decoding);
            tx.execute(
                "UPDATE interactions SET subject = ?2, text = ?3, attachments = ?4, from_addr = ?5, to_addrs = ?6, \
                 cc_addrs = ?7, automatic = ?8, parse_error = ?9, reparse = 0 WHERE id = ?1",
                params![
                    iid,
                    p.subject,
                    p.text,
                    p.attachments.len() as i64,
                    p.from_addr,
                    p.to.join(", "),
                    p.cc.join(", "),
                    (p.automatic.is_some() || p.bounce_of.is_some()) as i64,
                    p.parse_error
                ],
            )?;
            tx.execute("DELETE FROM interactions_fts WHERE rowid = ?1", [iid])?;
            tx.execute(
                "INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, ?2, ?3)",
                params![iid, p.subject, p.text],
            )?;
            tx.execute("DELETE FROM attachments WHERE interaction_id = ?1", [iid])?;
            for a in &p.attachments {
                add_attachment(&tx, iid, &a.name, &a.content_type, &a.data, &a.hash)?;
            }
            report.messages += 1;
            if p.parse_error.is_some() {
                report.still_partial += 1;
            }
        }
        tx.execute(
            "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.hash = blobs.hash)",
            [],
        )?;
        tx.commit()?;
    }
    Ok(report)
}
