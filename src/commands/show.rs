//! `hd show`: one ticket with its conversation and history.

use std::io::Write;

use clap::Args;
use serde_json::{Value, json};

use crate::cli::Format;
use crate::context::Ctx;
use crate::store::interactions;
use crate::store::tickets::describe_event;

/// Show a ticket: header fields, SLA state, the conversation (notes marked internal),
/// attachments and event history.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ticket: 279, #279, REQ-000279
    pub ticket: String,
}

/// Runs `hd show`.
pub fn run(ctx: &Ctx, a: ShowArgs) -> anyhow::Result<()> {
    let store = ctx.store()?;
    let conn = &store.conn;
    let t = super::ticket(ctx, conn, &a.ticket)?;
    let items = interactions::of_ticket(conn, t.id, t.deleted)?;
    // Numbered as `hd attachments` numbers them.
    let attachments = crate::store::attachments::of_ticket(conn, t.id, t.deleted)?;
    let mut events: Vec<(i64, String, String)> = Vec::new();
    {
        let mut st = conn.prepare(
            "SELECT time, actor, kind, old, new FROM events WHERE ticket_id = ?1 ORDER BY time, id",
        )?;
        let rows = st.query_map([t.id], |r| {
            let kind: String = r.get(2)?;
            let old: Option<String> = r.get(3)?;
            let new: Option<String> = r.get(4)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                describe_event(&kind, old.as_deref(), new.as_deref()),
            ))
        })?;
        for e in rows {
            events.push(e?);
        }
    }
    let rules: Vec<String> = {
        let mut seen = Vec::new();
        for (_, actor, _) in &events {
            if let Some(r) = actor.strip_prefix("rule:")
                && !seen.iter().any(|s: &String| s == r)
            {
                seen.push(r.to_string());
            }
        }
        seen
    };
    let (sla, next) = match crate::sla::store::state_of(&ctx.config, conn, &t, ctx.now_ts())? {
        Some((s, n)) => (Some(s), n),
        None => (None, None),
    };
    let verdict = |m: Option<bool>| match m {
        Some(true) => "met",
        Some(false) => "breached",
        None => "pending",
    };
    if ctx.format() == Format::Json {
        let mut obj = super::ticket_json(ctx, &t);
        let inter: Vec<Value> = items
            .iter()
            .map(|i| {
                json!({
                    "id": i.id,
                    "time": ctx.fmt_time(i.time),
                    "direction": i.direction,
                    "operator": i.operator,
                    "contact": i.contact,
                    "subject": i.subject,
                    "text": i.text,
                    "attachments": i.attachments,
                    "email_state": i.email_state,
                    "internal": i.direction == "internal",
                    "source": i.source,
                    "automatic": i.automatic,
                })
            })
            .collect();
        let ev: Vec<Value> = events
            .iter()
            .map(|(time, actor, what)| json!({"time": ctx.fmt_time(*time), "actor": actor, "what": what}))
            .collect();
        obj["interactions"] = Value::Array(inter);
        obj["events"] = Value::Array(ev);
        obj["rules"] = json!(rules);
        obj["first_response_at"] = json!(t.first_response_at.map(|x| ctx.fmt_time(x)));
        if let Some(s) = &sla {
            // The stored flag lags until the next change or sync; the state is computed now.
            let next_late = next.as_ref().is_some_and(|n| !n.breaches.is_empty());
            obj["breached"] = json!(t.breached || !s.breaches.is_empty() || next_late);
            let tm =
                |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| ctx.fmt_time(d.timestamp()));
            obj["sla"] = json!({
                "first_response": verdict(s.first_response_met),
                "resolution": verdict(s.resolution_met),
                "resolved_at": tm(s.resolved_at),
                "paused": s.paused.iter().map(|(a, b)| json!([ctx.fmt_time(a.timestamp()), tm(*b)])).collect::<Vec<_>>(),
            });
            if let Some(n) = &next {
                obj["sla"]["next_response_due"] = json!(tm(n.pending_due));
                obj["sla"]["next_response_met"] = json!(n.met);
                obj["sla"]["next_response_breached"] = json!(n.breaches.len());
            }
        }
        return crate::output::print_json(&obj);
    }

    let stdout = std::io::stdout();
    let mut o = std::io::BufWriter::new(stdout.lock());
    writeln!(o, "{}  {}", t.number_str(), t.subject)?;
    let none = "-".to_string();
    writeln!(
        o,
        "status: {}   priority: {}   queue: {}   category: {}",
        t.status,
        t.priority,
        t.queue,
        t.category.as_ref().unwrap_or(&none)
    )?;
    let contact = match (&t.contact_name, &t.contact) {
        (Some(n), Some(e)) => format!("{n} <{e}>"),
        (None, Some(e)) => e.clone(),
        _ => none.clone(),
    };
    writeln!(
        o,
        "assignee: {}   contact: {}",
        t.assignee.as_ref().unwrap_or(&none),
        contact
    )?;
    writeln!(
        o,
        "created: {}   updated: {}",
        ctx.fmt_short(t.created),
        ctx.fmt_short(t.updated)
    )?;
    if !t.tags.is_empty() {
        writeln!(o, "tags: {}", t.tags.join(", "))?;
    }
    if !t.followers.is_empty() {
        writeln!(o, "followers: {}", t.followers.join(", "))?;
    }
    if let Some(r) = t.rating {
        writeln!(o, "rating: {r}/5")?;
    }
    if t.deleted {
        writeln!(o, "DELETED (hd restore {} brings it back)", t.number_str())?;
    }
    let due = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |x| ctx.fmt_short(x));
    match &sla {
        None => writeln!(o, "SLA: no policy applies")?,
        Some(s) => {
            let at = |v: Option<chrono::DateTime<chrono::Utc>>| {
                v.map(|d| format!(" at {}", ctx.fmt_short(d.timestamp())))
                    .unwrap_or_default()
            };
            writeln!(
                o,
                "SLA: first response due {} ({}{}); resolution due {} ({}{})",
                due(t.first_response_due),
                verdict(s.first_response_met),
                at(s.first_response_at),
                due(t.resolution_due),
                verdict(s.resolution_met),
                at(s.resolved_at),
            )?;
            for (a, b) in &s.paused {
                writeln!(
                    o,
                    "     paused {} – {}",
                    ctx.fmt_short(a.timestamp()),
                    b.map_or_else(|| "now".to_string(), |b| ctx.fmt_short(b.timestamp()))
                )?;
            }
            if let Some(n) = &next {
                writeln!(
                    o,
                    "     next response: {}; {} met, {} breached",
                    n.pending_due.map_or_else(
                        || "nothing owed".to_string(),
                        |d| format!("due {}", ctx.fmt_short(d.timestamp()))
                    ),
                    n.met,
                    n.breaches.len()
                )?;
            }
        }
    }
    if !rules.is_empty() {
        writeln!(o, "rules: {}", rules.join(", "))?;
    }
    for i in &items {
        writeln!(o)?;
        let who = match i.direction.as_str() {
            "in" => i
                .from_addr
                .clone()
                .or_else(|| i.contact.clone())
                .unwrap_or_else(|| i.source.clone()),
            _ => i.operator.clone().unwrap_or_else(|| "hd".to_string()),
        };
        let label = match i.direction.as_str() {
            "internal" => "INTERNAL NOTE".to_string(),
            "out" => format!(
                "out{}",
                i.email_state
                    .as_ref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            _ => format!("in ({})", i.source),
        };
        writeln!(
            o,
            "── {} · {} · {}{}",
            ctx.fmt_short(i.time),
            label,
            who,
            if i.automatic { " · automatic" } else { "" }
        )?;
        if !i.subject.is_empty() {
            writeln!(o, "Subject: {}", i.subject)?;
        }
        if let Some(e) = &i.parse_error {
            writeln!(o, "(stored raw; parsing was partial: {e})")?;
        }
        for a in attachments.iter().filter(|a| a.interaction_id == i.id) {
            writeln!(
                o,
                "Attachment {}: {} ({}, {} bytes)",
                a.number, a.name, a.content_type, a.size
            )?;
        }
        writeln!(o)?;
        writeln!(o, "{}", i.text.trim_end())?;
    }
    writeln!(o)?;
    writeln!(o, "History:")?;
    for (time, actor, what) in &events {
        writeln!(o, "  {}  {:<16} {}", ctx.fmt_short(*time), actor, what)?;
    }
    o.flush()?;
    Ok(())
}
