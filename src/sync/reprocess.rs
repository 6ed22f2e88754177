//! `hd sync --reprocess`: parse the kept raw messages again, e.g. after an hd
//! upgrade improved parsing. Texts, subjects, addresses, attachments and the
//! automatic flag are refreshed; tickets and threading stay as they are.
//! Messages an upgrade flagged (`reparse`) are parsed again by the next sync.

use crate::mail::parse::{self, Decoding};
use crate::store::{Store, add_attachment, sync_state};

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
    let ids: Vec<(i64, i64)> = sync_state::reparse_candidates(&store.conn, all)?;
    reparse(store, &ids, decoding)
}

/// Parses again the messages an upgrade flagged; cheap when there are none.
pub fn flagged(store: &mut Store, decoding: Decoding) -> anyhow::Result<Reprocessed> {
    let ids: Vec<(i64, i64)> = sync_state::flagged_for_reparse(&store.conn)?;
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
            let raw: Vec<u8> = sync_state::raw_message(&tx, raw_id)?;
            let p = parse::parse_with(&raw, decoding);
            let (to, cc) = (p.to.join(", "), p.cc.join(", "));
            sync_state::store_reparsed(
                &tx,
                iid,
                &sync_state::Reparsed {
                    subject: &p.subject,
                    text: &p.text,
                    attachments: p.attachments.len() as i64,
                    from_addr: p.from_addr.as_deref(),
                    to_addrs: &to,
                    cc_addrs: &cc,
                    automatic: p.automatic.is_some() || p.bounce_of.is_some(),
                    parse_error: p.parse_error.as_deref(),
                },
            )?;
            for a in &p.attachments {
                add_attachment(&tx, iid, &a.name, &a.content_type, &a.data, &a.hash)?;
            }
            report.messages += 1;
            if p.parse_error.is_some() {
                report.still_partial += 1;
            }
        }
        sync_state::drop_orphan_blobs(&tx)?;
        tx.commit()?;
    }
    Ok(report)
}
