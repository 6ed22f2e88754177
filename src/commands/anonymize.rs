//! `hd anonymize`: erase a customer's personal data for good (GDPR), keeping the
//! times, queues, operators, statuses and SLA events reports are made of.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::store::anonymize as store_anon;
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
        let tid: i64 = store_anon::ticket_of_interaction(&store.conn, i)
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
        let cid: i64 = store_anon::contact_id(&store.conn, &email)
            .map_err(|_| usage(format!("no contact {email}")))?;
        let ids: Vec<i64> = store_anon::tickets_of_contact(&store.conn, cid)?;
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
        store_anon::erase_interaction(&tx, iid, PLACEHOLDER)?;
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
        store_anon::erase_interactions_of_ticket(&tx, *tid, PLACEHOLDER)?;
        crate::store::time::erase_notes_of_ticket(&tx, *tid)?;
        store_anon::erase_ticket_subject(&tx, *tid, PLACEHOLDER)?;
        event(&tx, *tid, now, &actor, "anonymized", None, None)?;
    }
    if let Some(c) = contact {
        store_anon::erase_contact(&tx, c)?;
    }
    // Rewrite the full-text index so no erased token survives in an old segment.
    store_anon::optimize_search_index(&tx)?;
    tx.commit()?;
    // secure_delete zeroes freed pages; the checkpoint empties the WAL of old copies,
    // and VACUUM rebuilds the file without free pages.
    store_anon::checkpoint_and_vacuum(&store.conn)?;
    ctx.info(&format!("anonymised {label}"));
    Ok(())
}
