//! Applies what the routing rules decided to a ticket, each change an event of `rule:NAME`.
//!
//! Applying happens in two steps: [`plan`] changes the ticket in memory and lists
//! the changes as events; [`write`] stores them with one UPDATE of the row. A new
//! ticket is planned before it exists, so it is inserted with the rules' fields
//! and only the events are written after it.

use crate::db::{Connection, params};

use crate::config::Config;
use crate::model::{Priority, Status};
use crate::rules;
use crate::store::tickets::Ticket;

/// One change to a ticket, as its event records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Who made it: `rule:NAME`, `distribution`, an operator.
    pub actor: String,
    /// The event kind: `category`, `queue`, `priority`, `tag`, `assignee`,
    /// `status`, `deleted`, `rule`.
    pub kind: &'static str,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

fn actor(rule: &Option<String>) -> String {
    format!("rule:{}", rule.as_deref().unwrap_or("?"))
}

/// Applies a rules outcome to the ticket in memory; returns the changes in the
/// order their events are recorded. `time` stamps a closing status.
pub fn plan(config: &Config, t: &mut Ticket, o: &rules::Outcome, time: i64) -> Vec<Change> {
    let by = &o.set_by;
    let mut out = Vec::new();
    let mut change = |actor: String, kind: &'static str, old: Option<&str>, new: Option<&str>| {
        out.push(Change {
            actor,
            kind,
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        });
    };
    if let Some(c) = &o.category
        && t.category.as_ref() != Some(c)
    {
        change(
            actor(&by.category),
            "category",
            t.category.as_deref(),
            Some(c),
        );
        t.category = Some(c.clone());
    }
    if let Some(q) = &o.queue
        && config.queue(q).is_some()
        && &t.queue != q
    {
        change(actor(&by.queue), "queue", Some(&t.queue), Some(q));
        t.queue = q.clone();
    }
    if let Some(p) = o.priority
        && let p = p.as_str().parse().unwrap_or(Priority::Normal)
        && t.priority != p
    {
        change(
            actor(&by.priority),
            "priority",
            Some(t.priority.as_str()),
            Some(p.as_str()),
        );
        t.priority = p;
    }
    for (i, tag) in o.tags.iter().enumerate() {
        if t.tags.contains(tag) {
            continue;
        }
        change(actor(&by.tags.get(i).cloned()), "tag", None, Some(tag));
        t.tags.push(tag.clone());
        t.tags.sort();
    }
    if let Some(a) = &o.assignee
        && t.assignee.as_ref() != Some(a)
    {
        change(
            actor(&by.assignee),
            "assignee",
            t.assignee.as_deref(),
            Some(a),
        );
        t.assignee = Some(a.clone());
    }
    if let Some(s) = o.status
        && let s = s.as_str().parse().unwrap_or(Status::Open)
        && t.status != s
    {
        change(
            actor(&by.status),
            "status",
            Some(t.status.as_str()),
            Some(s.as_str()),
        );
        if s == Status::Closed {
            t.closed_at = Some(time);
        }
        t.status = s;
    }
    if o.delete && !t.deleted {
        change(actor(&by.delete), "deleted", None, None);
        t.deleted = true;
    }
    // A rule that changed something is in the history as those changes' actor;
    // one that changed nothing (it only acknowledged, or found the values set)
    // is recorded as having matched.
    for name in &o.applied {
        let by = format!("rule:{name}");
        if !out.iter().any(|c| c.actor == by) {
            out.push(Change {
                actor: by,
                kind: "rule",
                old: None,
                new: Some(name.clone()),
            });
        }
    }
    // Each rule's events together, in the order the rules were evaluated.
    out.sort_by_cached_key(|c| {
        o.applied
            .iter()
            .position(|n| c.actor.strip_prefix("rule:") == Some(n.as_str()))
    });
    out
}

/// Records planned changes of a stored ticket: its fields in one UPDATE when any
/// changed, added tags, the events in order, and an assignee's rotation time.
pub fn write(tx: &Connection, t: &Ticket, changes: &[Change], time: i64) -> crate::db::Result<()> {
    let fields = changes
        .iter()
        .any(|c| !matches!(c.kind, "rule" | "tag" | "deleted"));
    let touched = changes
        .iter()
        .any(|c| !matches!(c.kind, "rule" | "deleted"));
    if fields || changes.iter().any(|c| c.kind == "deleted") {
        tx.prepare_cached(
            "UPDATE tickets SET queue = ?2, category = ?3, status = ?4, priority = ?5, assignee = ?6, \
             closed_at = ?7, deleted = ?8, updated = CASE WHEN ?9 THEN max(updated, ?10) ELSE updated END \
             WHERE id = ?1",
        )?
        .write(params![
            t.id,
            t.queue,
            t.category,
            t.status.as_str(),
            t.priority.rank(),
            t.assignee,
            t.closed_at,
            t.deleted as i64,
            touched,
            time
        ])?;
    } else if touched {
        tx.prepare_cached("UPDATE tickets SET updated = max(updated, ?2) WHERE id = ?1")?
            .write(params![t.id, time])?;
    }
    write_events(tx, t.id, changes, time)
}

/// Records the changes' events and tags of a ticket whose row already holds
/// their values (a new ticket inserted with them).
pub fn write_events(
    tx: &Connection,
    id: i64,
    changes: &[Change],
    time: i64,
) -> crate::db::Result<()> {
    for c in changes {
        if c.kind == "tag"
            && let Some(tag) = &c.new
        {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)",
            )?
            .write(params![id, tag])?;
        }
        // Distribution's own choices reach the rotation when its pool is saved.
        if c.kind == "assignee"
            && c.actor != crate::distribute::ACTOR
            && let Some(op) = &c.new
        {
            crate::store::tickets::note_assigned(tx, op, time)?;
        }
    }
    let rows: Vec<_> = changes
        .iter()
        .map(|c| (c.actor.as_str(), c.kind, c.old.as_deref(), c.new.as_deref()))
        .collect();
    crate::store::events(tx, id, time, &rows)
}

/// Applies a rules outcome to a stored ticket; returns the auto-reply template to
/// send, if any (only for new tickets: answers on a conversation are not
/// re-acknowledged).
pub fn apply(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    o: &rules::Outcome,
    time: i64,
    new_ticket: bool,
) -> crate::db::Result<Option<String>> {
    let changes = plan(config, t, o, time);
    write(tx, t, &changes, time)?;
    Ok(ack(o, new_ticket))
}

/// The template a new ticket is acknowledged with by the rules, if any.
pub fn ack(o: &rules::Outcome, new_ticket: bool) -> Option<String> {
    if new_ticket && !o.delete {
        o.auto_reply.clone()
    } else {
        None
    }
}
