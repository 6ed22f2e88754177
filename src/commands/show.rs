//! `hd show`: one ticket with its conversation and history.

use std::io::Write;

use clap::Args;
use serde_json::{Value, json};

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::store::interactions;
use crate::store::tickets::Ticket;
use crate::term::{self, Style, escape, escape_line};

/// Show a ticket: header fields, SLA state, the conversation (notes marked internal),
/// attachments and event history.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ticket: 279, #279, REQ-000279
    pub ticket: String,
    /// Show quoted earlier mail instead of folding it
    #[arg(long)]
    pub full: bool,
}

/// Runs `hd show`.
pub fn run(ctx: &Ctx, a: ShowArgs) -> anyhow::Result<()> {
    // One ticket is a layout (table), an object (json) or its number (ids).
    if let Some(f @ (Format::Csv | Format::Tsv | Format::Xlsx)) = ctx.global.format {
        return Err(crate::error::usage(format!(
            "hd show prints table, json or ids, not {}",
            format!("{f:?}").to_lowercase()
        ))
        .into());
    }
    if ctx.global.columns.is_some() {
        return Err(crate::error::usage(
            "hd show prints every field; --columns is for listings (`hd list`)",
        )
        .into());
    }
    let store = ctx.store()?;
    let t = super::ticket(ctx, &store.conn, &a.ticket)?;
    print(ctx, &store.conn, &t, a.full)
}

/// Prints a ticket as `show` does: the reading layout (paged on a terminal), or the
/// JSON object with `--format json`, or its number with `--format ids`.
pub fn print(
    ctx: &Ctx,
    conn: &crate::db::Connection,
    t: &Ticket,
    full: bool,
) -> anyhow::Result<()> {
    let t = t.clone();
    let items = interactions::of_ticket(conn, t.id, t.deleted)?;
    // Numbered as `hd attachments` numbers them.
    let attachments = crate::store::attachments::of_ticket(conn, t.id, t.deleted)?;
    let events: Vec<(i64, String, String)> = crate::store::tickets::history(conn, t.id)?;
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
    if ctx.format() == Format::Ids {
        println!("{}", t.number_str());
        return Ok(());
    }
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

    let mut o: Vec<u8> = Vec::new();
    let none = "-".to_string();
    let urgent = if t.priority == crate::model::Priority::Urgent {
        Style::BOLD
    } else {
        Style::default()
    };
    writeln!(
        o,
        "{}  {}",
        urgent.paint(&t.number_str()),
        urgent.paint(&escape_line(&t.subject))
    )?;
    writeln!(
        o,
        "status: {}   priority: {}   queue: {}   category: {}",
        t.status,
        urgent.paint(t.priority.as_str()),
        t.queue,
        escape_line(t.category.as_ref().unwrap_or(&none))
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
        escape_line(&contact)
    )?;
    let due_now = t.due;
    let due_text = match due_now {
        Some(d) => {
            let style = match term::urgency(Some(d), ctx.now_ts()) {
                term::Urgency::Late => Style::RED,
                term::Urgency::Soon => Style::YELLOW,
                term::Urgency::Calm => Style::default(),
            };
            format!(
                "   due: {} ({})",
                style.paint(&term::relative_due(d, ctx.now_ts())),
                ctx.fmt_short(d)
            )
        }
        None => String::new(),
    };
    writeln!(
        o,
        "created: {}   updated: {}{due_text}",
        ctx.fmt_short(t.created),
        ctx.fmt_short(t.updated)
    )?;
    if !t.tags.is_empty() {
        writeln!(o, "tags: {}", escape_line(&t.tags.join(", ")))?;
    }
    if t.time_spent > 0 {
        writeln!(o, "time spent: {}", crate::worktime::format(t.time_spent))?;
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
        writeln!(o, "rules: {}", escape_line(&rules.join(", ")))?;
    }
    for i in &items {
        writeln!(o)?;
        let who = match i.direction.as_str() {
            "in" => i
                .from_addr
                .clone()
                .or_else(|| i.contact.clone())
                .unwrap_or_else(|| match i.source.as_str() {
                    "email" => "unknown sender".to_string(),
                    other => other.to_string(),
                }),
            _ => i.operator.clone().unwrap_or_else(|| "hd".to_string()),
        };
        let internal = i.direction == "internal";
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
        let body_style = if internal {
            Style::DIM
        } else {
            Style::default()
        };
        let head = format!(
            "── {} · {} · {}{}",
            ctx.fmt_short(i.time),
            label,
            escape_line(&who),
            if i.automatic { " · automatic" } else { "" }
        );
        let head_style = match (internal, i.email_state.as_deref()) {
            (true, _) => Style::DIM.and(Style::BOLD),
            (_, Some("failed")) => Style::RED,
            _ => Style::BOLD,
        };
        writeln!(o, "{}", head_style.paint(&head))?;
        if !i.subject.is_empty() {
            writeln!(o, "Subject: {}", escape_line(&i.subject))?;
        }
        if let Some(e) = &i.parse_error {
            writeln!(o, "(stored raw; parsing was partial: {})", escape_line(e))?;
        }
        for a in attachments.iter().filter(|a| a.interaction_id == i.id) {
            writeln!(
                o,
                "[{}] {} ({}, {})",
                a.number,
                escape_line(&a.name),
                escape_line(&a.content_type),
                size(a.size)
            )?;
        }
        writeln!(o)?;
        let text = if full {
            i.text.trim_end().to_string()
        } else {
            fold_quotes(i.text.trim_end())
        };
        for line in escape(&text).lines() {
            let marked = if internal {
                format!("│ {line}")
            } else {
                line.to_string()
            };
            writeln!(o, "{}", body_style.paint(&marked))?;
        }
    }
    writeln!(o)?;
    writeln!(o, "History:")?;
    for (time, actor, what) in &events {
        writeln!(
            o,
            "  {}  {:<16} {}",
            ctx.fmt_short(*time),
            escape_line(actor),
            escape_line(what)
        )?;
    }
    term::page(&String::from_utf8_lossy(&o))?;
    Ok(())
}

/// A size as people read it: `812 B`, `12 KB`, `3.4 MB`.
pub(crate) fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", (b + 512) / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Whether a line opens quoted earlier mail that runs to the end: Outlook's
/// "Original Message" rule, or a `From:` header block after an underscore line.
fn opens_forwarded_block(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    let dashed = l.starts_with("-----") && l.ends_with("-----");
    (dashed
        && [
            "original message",
            "původní zpráva",
            "izvorna poruka",
            "forwarded message",
        ]
        .iter()
        .any(|m| l.contains(m)))
        || (l.len() >= 10 && l.chars().all(|c| c == '_'))
}

/// Whether a line introduces a quote: `On ... wrote:`, `Dne ... napsal(a):`.
fn is_attribution(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    l.ends_with(':')
        && [
            "wrote", "napsal", "napísal", "napisao", "napisala", "schrieb", "a écrit",
        ]
        .iter()
        .any(|w| l.contains(w))
}

/// Folds quoted earlier mail into one `[… N quoted lines]` line: runs of `>` lines (with
/// the attribution line before them) and everything below an "Original Message" rule.
pub fn fold_quotes(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let folded = |n: usize| format!("[… {n} quoted line{}]", if n == 1 { "" } else { "s" });
    while i < lines.len() {
        let line = lines[i];
        if opens_forwarded_block(line) {
            let n = lines[i..].iter().filter(|l| !l.trim().is_empty()).count();
            out.push(folded(n));
            break;
        }
        let quoted = |l: &str| l.trim_start().starts_with('>');
        let starts_quote = quoted(line)
            || (is_attribution(line)
                && lines[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| quoted(l)));
        if starts_quote {
            let mut j = i;
            let mut n = 0;
            while j < lines.len()
                && (quoted(lines[j])
                    || lines[j].trim().is_empty()
                    || (j == i && is_attribution(lines[j])))
            {
                if !lines[j].trim().is_empty() {
                    n += 1;
                }
                j += 1;
            }
            // Blank lines after the quote stay with the text that follows.
            while j > i && lines[j - 1].trim().is_empty() {
                j -= 1;
            }
            out.push(folded(n));
            i = j;
            continue;
        }
        out.push(line.to_string());
        i += 1;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::fold_quotes;

    #[test]
    fn folds_quoted_mail() {
        let text = "Thanks, it works now.\n\nOn Mon, 1 Dec 2026 Jana wrote:\n> Try again\n> please\n>\n> Jana\n\nPetr";
        assert_eq!(
            fold_quotes(text),
            "Thanks, it works now.\n\n[… 5 quoted lines]\n\nPetr"
        );
        let outlook = "Díky\n\n-----Původní zpráva-----\nOd: Jana\nPředmět: x\n\nold text";
        assert_eq!(fold_quotes(outlook), "Díky\n\n[… 4 quoted lines]");
        assert_eq!(fold_quotes("> one"), "[… 1 quoted line]");
        assert_eq!(fold_quotes("no quotes\nhere"), "no quotes\nhere");
        // An attribution-like line without a quote after it is text.
        assert_eq!(fold_quotes("He wrote:\nnothing"), "He wrote:\nnothing");
    }
}
