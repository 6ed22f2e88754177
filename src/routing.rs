//! Applies what the routing rules decided to a ticket, each change an event of `rule:NAME`.

use rusqlite::Connection;

use crate::config::Config;
use crate::model::{Priority, Status};
use crate::rules;
use crate::store::event;
use crate::store::tickets::{self, Ticket};

fn actor(rule: &Option<String>) -> String {
    format!("rule:{}", rule.as_deref().unwrap_or("?"))
}

/// Applies a rules outcome; returns the auto-reply template to send, if any
/// (only for new tickets: answers on a conversation are not re-acknowledged).
pub fn apply(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    o: &rules::Outcome,
    time: i64,
    new_ticket: bool,
) -> rusqlite::Result<Option<String>> {
    let by = &o.set_by;
    if let Some(c) = &o.category {
        tickets::set_category(tx, t, Some(c), time, &actor(&by.category))?;
    }
    if let Some(q) = &o.queue
        && config.queue(q).is_some()
    {
        tickets::set_queue(tx, t, q, time, &actor(&by.queue))?;
    }
    if let Some(p) = o.priority {
        let p: Priority = p.as_str().parse().unwrap_or(Priority::Normal);
        tickets::set_priority(tx, t, p, time, &actor(&by.priority))?;
    }
    for (i, tag) in o.tags.iter().enumerate() {
        let who = by.tags.get(i).cloned();
        tickets::add_tag(tx, t, tag, time, &actor(&who))?;
    }
    if let Some(a) = &o.assignee {
        tickets::set_assignee(tx, t, Some(a), time, &actor(&by.assignee))?;
    }
    if let Some(s) = o.status {
        let s: Status = s.as_str().parse().unwrap_or(Status::Open);
        tickets::set_status(tx, t, s, time, &actor(&by.status))?;
    }
    if o.delete {
        tickets::set_deleted(tx, t, true, time, &actor(&by.delete))?;
    }
    for name in &o.applied {
        event(
            tx,
            t.id,
            time,
            &format!("rule:{name}"),
            "rule",
            None,
            Some(name),
        )?;
    }
    Ok(if new_ticket && !o.delete {
        o.auto_reply.clone()
    } else {
        None
    })
}
