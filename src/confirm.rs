//! The confirmation lines of commands that change tickets: one line a ticket,
//! saying what changed, including what distribution or rules did as a result.

use crate::store::changes::{Change, Queued};

/// A ticket the user named, with what to say when nothing about it changed.
#[derive(Debug, Clone)]
pub struct Named {
    /// Row id.
    pub id: i64,
    /// `REQ-000204`.
    pub number: String,
    /// E.g. `already closed`.
    pub unchanged: String,
    /// What the command did not do and wants said (no rating request).
    pub notes: Vec<String>,
}

/// One line a ticket: the named ones first, then any others the command's
/// consequences touched (distribution handing out a freed slot).
pub fn lines(actor: &str, named: &[Named], changes: &[Change], queued: &[Queued]) -> Vec<String> {
    let mut order: Vec<(i64, String)> = Vec::new();
    let mut add = |id: i64, number: &str| {
        if !order.iter().any(|(i, _)| *i == id) {
            order.push((id, number.to_string()));
        }
    };
    for n in named {
        add(n.id, &n.number);
    }
    for c in changes {
        add(c.ticket_id, &c.ticket);
    }
    for q in queued {
        add(q.ticket_id, &q.ticket);
    }
    let mut out = Vec::new();
    for (id, number) in order {
        let mut phrases: Vec<String> = fold(changes.iter().filter(|c| c.ticket_id == id))
            .iter()
            .filter_map(|c| phrase(actor, c))
            .collect();
        let rating = changes
            .iter()
            .any(|c| c.ticket_id == id && c.kind == "csat_sent");
        for q in queued.iter().filter(|q| q.ticket_id == id) {
            phrases.push(if !q.automatic {
                format!("reply queued to {}", q.to)
            } else if rating {
                format!("rating request queued to {}", q.to)
            } else {
                format!("automatic reply queued to {}", q.to)
            });
        }
        if let Some(n) = named.iter().find(|n| n.id == id) {
            phrases.extend(n.notes.iter().cloned());
        }
        if phrases.is_empty() {
            match named.iter().find(|n| n.id == id) {
                Some(n) if !n.unchanged.is_empty() => phrases.push(n.unchanged.clone()),
                _ => continue,
            }
        }
        out.push(crate::term::escape_line(&format!(
            "{number}: {}",
            phrases.join("; ")
        )));
    }
    out
}

/// Folds repeated changes of one field into one (unassigned, then handed out by
/// distribution: one assignment), dropping those that end where they started.
fn fold<'a>(changes: impl Iterator<Item = &'a Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for c in changes {
        let foldable = matches!(
            c.kind.as_str(),
            "status" | "assignee" | "priority" | "category" | "queue"
        );
        if foldable && let Some(prev) = out.iter_mut().find(|p| p.kind == c.kind) {
            prev.new = c.new.clone();
            prev.actor = c.actor.clone();
            continue;
        }
        out.push(c.clone());
    }
    out.retain(|c| {
        !matches!(
            c.kind.as_str(),
            "status" | "assignee" | "priority" | "category" | "queue"
        ) || c.old != c.new
    });
    out
}

/// One change in words, or `None` for bookkeeping the user did not ask about.
fn phrase(actor: &str, c: &Change) -> Option<String> {
    let old = c.old.as_deref();
    let new = c.new.as_deref();
    let was = |o: Option<&str>| o.map(|o| format!(" (was {o})")).unwrap_or_default();
    let text = match c.kind.as_str() {
        "created" => "created".to_string(),
        "status" => format!("{}{}", new.unwrap_or("?"), was(old)),
        "assignee" => match new {
            Some(n) => format!("assigned to {n}{}", was(old)),
            None => format!("unassigned{}", was(old)),
        },
        "priority" => format!("priority {}{}", new.unwrap_or("?"), was(old)),
        "category" => format!(
            "category {}{}",
            new.unwrap_or("none"),
            was(Some(old.unwrap_or("none")))
        ),
        "queue" => format!("moved to queue {}{}", new.unwrap_or("?"), was(old)),
        "tag" => match (old, new) {
            (_, Some(n)) => format!("tagged {n}"),
            (Some(o), None) => format!("untagged {o}"),
            _ => return None,
        },
        "merged" => format!("merged into {}", new.unwrap_or("?")),
        "merged_from" => format!("{} merged in", old.unwrap_or("?")),
        "linked" => format!("continues {}", new.unwrap_or("?")),
        "deleted" => "deleted".to_string(),
        "restored" => "restored".to_string(),
        "rating" => format!("rated {}", new.unwrap_or("?")),
        "reopened" => "reopened".to_string(),
        "followers" => format!("followers: {}", new.unwrap_or("")),
        // Bookkeeping and the rating request (said with the queued mail).
        _ => return None,
    };
    Some(if c.actor == actor {
        text
    } else if let Some(rule) = c.actor.strip_prefix("rule:") {
        format!("{text} (rule {rule})")
    } else {
        format!("{text} (by {})", c.actor)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: i64, actor: &str, kind: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change {
            ticket_id: id,
            ticket: format!("REQ-{id:06}"),
            actor: actor.into(),
            kind: kind.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
        }
    }

    fn named(id: i64, unchanged: &str) -> Named {
        Named {
            id,
            number: format!("REQ-{id:06}"),
            unchanged: unchanged.into(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn one_line_a_ticket_with_consequences_after() {
        let changes = vec![
            change(204, "petr", "assignee", Some("jana"), Some("petr")),
            change(204, "petr", "status", Some("queued"), Some("open")),
            change(204, "petr", "sla", None, None),
            change(9, "distribution", "assignee", None, Some("jana")),
        ];
        let got = lines(
            "petr",
            &[named(204, "unchanged"), named(5, "already closed")],
            &changes,
            &[],
        );
        assert_eq!(
            got,
            [
                "REQ-000204: assigned to petr (was jana); open (was queued)",
                "REQ-000005: already closed",
                "REQ-000009: assigned to jana (by distribution)",
            ]
        );
    }

    #[test]
    fn rating_requests_and_rules_are_named() {
        let changes = vec![
            change(7, "jana", "status", Some("open"), Some("closed")),
            change(7, "jana", "csat_sent", None, Some("rating")),
            change(7, "rule:vip", "priority", Some("normal"), Some("urgent")),
        ];
        let queued = vec![Queued {
            ticket_id: 7,
            ticket: "REQ-000007".into(),
            to: "eva@example.com".into(),
            automatic: true,
        }];
        assert_eq!(
            lines("jana", &[named(7, "")], &changes, &queued),
            [
                "REQ-000007: closed (was open); priority urgent (was normal) (rule vip); rating request queued to eva@example.com"
            ]
        );
    }
}
