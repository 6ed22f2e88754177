//! What follows a change: SLA due times recomputed, free slots refilled,
//! rating requests queued. Commands and sync call these inside their transaction.

use crate::db::Connection;

use crate::env::Env;
use crate::store::Store;
use crate::store::tickets::Ticket;

/// Runs after any command changed tickets: SLA refresh, then distribution refill.
pub fn after_changes(env: &impl Env, tx: &Connection, ids: &[i64]) -> anyhow::Result<()> {
    for &id in ids {
        crate::sla::store::refresh(env.config(), tx, id, env.now_ts())?;
    }
    crate::distribute::refill(env.config(), tx, env.now_ts())?;
    Ok(())
}

/// Runs when a ticket was closed by an operator: the rating request, if the queue
/// asks for one; returns a note for the confirmation when none was sent.
pub fn on_closed(env: &impl Env, tx: &Connection, t: &Ticket) -> anyhow::Result<Option<String>> {
    Ok(match crate::outbox::queue_csat(env, tx, t)? {
        crate::outbox::Csat::NoReply => {
            Some("no rating request (nobody replied to the customer)".to_string())
        }
        _ => None,
    })
}

/// Sends what the command queued in the outbox, after its transaction committed.
///
/// The command's own change is done by then, and mail that cannot go now stays in
/// the outbox for `hd outbox --retry` and every `hd sync`: a mail server that is
/// down (or mail queued earlier by someone else) is a warning, not a failed command.
pub fn flush_outbox(env: &impl Env, store: &mut Store) -> anyhow::Result<()> {
    match crate::outbox::send_due(env, store, false) {
        Ok(_) => Ok(()),
        Err(e) if e.downcast_ref::<crate::error::HdError>().is_some() => {
            env.warn(&format!(
                "outbox: {e}; the mail stays in the outbox (`hd outbox --retry` or the next `hd sync` sends it)"
            ));
            Ok(())
        }
        Err(e) => Err(e),
    }
}
