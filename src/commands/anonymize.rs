//! `hd anonymize`: erase a customer's personal data for good (GDPR), keeping the
//! times, queues, operators, statuses and SLA events reports are made of.

use clap::Args;
use crate::db::{Connection, params};

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::store::event;

/// What replaces erased subjects.
pub const PLACEHOLDER: &str = "[anonymised]";

/// Irreversibly erase message texts, subjects, attachments, raw messages and the
/// contact's name, address and company of a ticket, one interaction, or every ticket
/// of a contact. Asks for confirmation on a terminal (`--yes` for scripts).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["ticket", "interaction", "contact"])))]
pub struct AnonymizeArgs {
    /// A ticket
    pub ticket: Option<String>,
    /// One interaction, by its id (see `hd show --format json`)
    #[arg(long)]
    pub interaction: Option<i64>,
    /// Every ticket of this contact
    #[arg(long)]
    pub contact: Option<String>,
}

fn erase_interactions(tx: &Connection, where_sql: &str, param: i64) -> crate::db::Result<usize> {
    let ids: Vec<(i64, Option<i64>)> = {
        let mut st = tx.prepare(&format!(
            "SELECT id, raw_id FROM interactions WHERE {where_sql}"
        ))?;
        st.query_map([param], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (id, raw) in &ids {
        tx.execute("DELETE FROM interactions_fts WHERE rowid = ?1", [id])?;
        crate::store::time::erase_notes_of_interaction(tx, *id)?;
        tx.execute(
            "UPDATE interactions SET subject = ?2, text = '', message_id = NULL, in_reply_to = NULL, refs = NULL, \
             from_addr = NULL, to_addrs = NULL, cc_addrs = NULL, parse_error = NULL, anonymized = 1, raw_id = NULL WHERE id = ?1",
            params![id, PLACEHOLDER],
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
            params![id, PLACEHOLDER],
        )?;
    }
    Ok(ids.len())
}

fn erase_contact(tx: &Connection, contact_id: i64) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE contacts SET email = 'anonymised-' || id || '@invalid', name = NULL, company = NULL WHERE id = ?1",
        [contact_id],
    )?;
    Ok(())
}

/// What is erased: a label for the question, tickets, one interaction, a contact.
type Target = (String, Vec<i64>, Option<(i64, i64)>, Option<i64>);

/// Runs `hd anonymize`.
pub fn run(ctx: &Ctx, a: AnonymizeArgs) -> anyhow::Result<()> {
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    // Resolve first, so a typo fails before the question.
    let (label, tickets_ids, interaction, contact): Target = if let Some(t) = &a.ticket {
        let t = super::ticket(ctx, &store.conn, t)?;
        (t.number_str(), vec![t.id], None, t.contact_id)
    } else if let Some(i) = a.interaction {
        let tid: i64 = store
            .conn
            .query_row(
                "SELECT ticket_id FROM interactions WHERE id = ?1",
                [i],
                |r| r.get(0),
            )
            .map_err(|_| usage(format!("no interaction {i}")))?;
        let t = crate::store::tickets::load(&store.conn, tid)?;
        ctx.check_access(&t)?;
        (
            format!("interaction {i} of {}", t.number_str()),
            vec![],
            Some((i, tid)),
            None,
        )
    } else {
        let email = a.contact.clone().unwrap_or_default().trim().to_lowercase();
        let cid: i64 = store
            .conn
            .query_row("SELECT id FROM contacts WHERE email = ?1", [&email], |r| {
                r.get(0)
            })
            .map_err(|_| usage(format!("no contact {email}")))?;
        let ids: Vec<i64> = {
            let mut st = store.conn.prepare(
                    "SELECT DISTINCT id FROM tickets WHERE contact_id = ?1 UNION SELECT DISTINCT ticket_id FROM interactions WHERE contact_id = ?1",
                )?;
            st.query_map([cid], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in &ids {
            ctx.check_access(&crate::store::tickets::load(&store.conn, *id)?)?;
        }
        (
            format!(
                "contact {email} ({} ticket{})",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            ),
            ids,
            None,
            Some(cid),
        )
    };
    ctx.confirm(&format!("Erase the personal data of {label} for good?"))?;
    let tx = store.write()?;
    if let Some((iid, tid)) = interaction {
        erase_interactions(&tx, "id = ?1", iid)?;
        event(
            &tx,
            tid,
            now,
            &actor,
            "anonymized",
            None,
            Some(&format!("interaction {iid}")),
        )?;
    }
    for tid in &tickets_ids {
        erase_interactions(&tx, "ticket_id = ?1", *tid)?;
        crate::store::time::erase_notes_of_ticket(&tx, *tid)?;
        tx.execute(
            "UPDATE tickets SET subject = ?2 WHERE id = ?1",
            params![tid, PLACEHOLDER],
        )?;
        event(&tx, *tid, now, &actor, "anonymized", None, None)?;
    }
    if let Some(c) = contact {
        erase_contact(&tx, c)?;
    }
    // Rewrite the full-text index so no erased token survives in an old segment.
    tx.execute(
        "INSERT INTO interactions_fts (interactions_fts) VALUES ('optimize')",
        [],
    )?;
    tx.commit()?;
    // secure_delete zeroes freed pages; the checkpoint empties the WAL of old copies,
    // and VACUUM rebuilds the file without free pages.
    store.conn.execute_batch(
        "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    ctx.info(&format!("anonymised {label}"));
    Ok(())
}
