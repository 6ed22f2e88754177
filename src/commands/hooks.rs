//! Hook events from what a command committed: the ticket as in ticket JSON,
//! the operator or the message where the event has one.

use serde_json::{Value, json};

use crate::commands::context::Ctx;
use crate::store::Store;
use crate::store::hooks::Happened;
use crate::store::{interactions, tickets};

/// Starts the hooks of everything committed so far, without waiting for them.
pub fn start(ctx: &Ctx) {
    let Some(runner) = &ctx.hooks else {
        return;
    };
    let happened = runner.take();
    if happened.is_empty() {
        return;
    }
    // A connection of its own: the ticket as committed, whoever holds a transaction.
    let store = match Store::open(&ctx.db_path, false) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "hd: warning: hooks not run for {} events: {}",
                happened.len(),
                e.msg
            );
            return;
        }
    };
    for h in &happened {
        match payload(ctx, &store, h) {
            Ok(Some((what, p))) => runner.fire(&h.event, &what, &p),
            Ok(None) => {}
            Err(e) => eprintln!("hd: warning: hook for {} not run: {e}", h.event),
        }
    }
}

/// Starts the hooks of everything committed and waits until they are done.
pub fn run_all(ctx: &Ctx) {
    start(ctx);
    if let Some(runner) = &ctx.hooks {
        runner.finish();
    }
}

/// The event's JSON and a short name for log lines; `None` for a ticket that
/// is deleted (a rule's spam), which nobody is told about.
fn payload(ctx: &Ctx, store: &Store, h: &Happened) -> crate::db::Result<Option<(String, Value)>> {
    let t = tickets::load(&store.conn, h.ticket_id)?;
    if t.deleted {
        return Ok(None);
    }
    let mut p = json!({
        "event": h.event,
        "time": ctx.fmt_time(h.time),
        "ticket": super::ticket_json(ctx, &t),
    });
    if let Some(op) = &h.operator {
        p["operator"] = json!(op);
    }
    if let Some(id) = h.interaction_id
        && let Some(i) = interactions::of_ticket(&store.conn, t.id, true)?
            .into_iter()
            .find(|i| i.id == id)
    {
        p["message"] = json!({
            "time": ctx.fmt_time(i.time),
            "direction": i.direction,
            "operator": i.operator,
            "contact": i.contact,
            "from": i.from_addr,
            "subject": i.subject,
            "text": i.text,
            "attachments": i.attachments,
            "email_state": i.email_state,
            "internal": i.direction == "internal",
            "source": i.source,
            "automatic": i.automatic,
        });
    }
    if h.event == "sla.breached" {
        p["sla"] = json!({"target": h.detail, "due": ctx.fmt_time(h.time)});
    }
    Ok(Some((format!("{} {}", h.event, t.number_str()), p)))
}
