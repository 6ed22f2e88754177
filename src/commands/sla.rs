//! `hd sla`: SLA compliance of the tickets created in a range, per group.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::{Priority, Status, ticket_number};
use crate::output;
use crate::sla::{SlaState, Timeline, compute, store::policies};
use crate::store::SqlValue;
use crate::store::reports;
use crate::timeexpr;

/// SLA compliance report of the tickets created in the range: count, met, breached,
/// compliance %, median and p90 first-response and resolution times (business time).
#[derive(Debug, Args)]
pub struct SlaArgs {
    /// Tickets created from (inclusive)
    #[arg(long)]
    pub from: Option<String>,
    /// Tickets created up to (exclusive; a date includes that whole day)
    #[arg(long)]
    pub to: Option<String>,
    /// Group by
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
    /// The state at a past moment
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only tickets that breached a target
    #[arg(long)]
    pub breached: bool,
    /// List the tickets behind the figures, with due times and state
    #[arg(long)]
    pub tickets: bool,
    /// Recompute and store every ticket's due times (after a calendar or policy change)
    #[arg(long)]
    pub recompute: bool,
}

/// Report groupings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// Ticket category.
    Category,
    /// Assigned operator.
    Operator,
    /// Priority.
    Priority,
    /// Queue.
    Queue,
    /// Channel of the first interaction.
    Source,
    /// Day of creation.
    Day,
    /// ISO week of creation.
    Week,
}

struct Row {
    id: i64,
    prefix: String,
    number: i64,
    queue: String,
    category: Option<String>,
    priority: Priority,
    assignee: Option<String>,
    source: String,
    created: i64,
    first_response_at: Option<i64>,
}

#[derive(Default)]
struct Group {
    tickets: u64,
    met: u64,
    breached: u64,
    res_met: u64,
    res_breached: u64,
    next_met: u64,
    next_breached: u64,
    fr: Vec<i64>,
    res: Vec<i64>,
}

fn at(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

fn pct(v: &mut [i64], p: f64) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// Renders seconds as `3h 05m` for people.
fn human(secs: Option<i64>) -> String {
    match secs {
        None => String::new(),
        Some(s) => {
            let (h, m) = (s / 3600, (s % 3600) / 60);
            if h >= 24 {
                format!("{}d {}h {:02}m", h / 24, h % 24, m)
            } else {
                format!("{h}h {m:02}m")
            }
        }
    }
}

/// Runs `hd sla`.
pub fn run(ctx: &Ctx, a: SlaArgs) -> anyhow::Result<()> {
    let time = ctx.time();
    let as_of = match &a.as_of {
        Some(s) => timeexpr::parse_point(s, &time).map_err(|e| usage(format!("--as-of: {e}")))?,
        None => ctx.now,
    }
    .timestamp();
    // `+` keeps the planner off the deleted index: a scan in id order needs no sort.
    let mut conds = vec![
        "+t.deleted = 0".to_string(),
        "t.merged_into IS NULL".to_string(),
    ];
    let mut params: Vec<SqlValue> = Vec::new();
    if let Some(f) = &a.from {
        let t = timeexpr::parse_point(f, &time).map_err(|e| usage(format!("--from: {e}")))?;
        conds.push("t.created >= ?".into());
        params.push(SqlValue::Integer(t.timestamp()));
    }
    if let Some(f) = &a.to {
        let t = timeexpr::parse_range_end(f, &time).map_err(|e| usage(format!("--to: {e}")))?;
        conds.push("t.created < ?".into());
        params.push(SqlValue::Integer(t.timestamp()));
    }
    conds.push("t.created <= ?".into());
    params.push(SqlValue::Integer(as_of));
    if let Some(rights) =
        crate::filter::queue_rights_sql(ctx.visible_queues().as_deref(), &mut params)
    {
        conds.push(rights);
    }
    let cond = conds.join(" AND ");
    let mut store = ctx.store()?;
    if a.recompute {
        let ids: Vec<i64> = crate::store::tickets::ids_where(&store.conn, &cond, &params)?;
        let tx = store.write()?;
        for id in &ids {
            crate::sla::store::refresh(&ctx.config, &tx, *id, ctx.now_ts())?;
        }
        tx.commit()?;
        ctx.info(&format!("recomputed {} tickets", ids.len()));
        return Ok(());
    }
    let conn = &store.conn;
    let pol = policies(&ctx.config)?;
    let tz = ctx.config.timezone;

    // Operator replies matter only for next-response targets: read them only then.
    let wants_replies = ctx.config.sla.values().any(|(_, t)| {
        t.contains_key("next_response")
            || t.values().any(|v| {
                v.as_table()
                    .is_some_and(|o| o.contains_key("next_response"))
            })
    });
    let (groups, listed, no_policy) = reports::sla_rows(
        conn,
        &cond,
        &params,
        wants_replies,
        |rows| -> anyhow::Result<_> {
            let mut next_r: Option<(i64, i64)> = rows.next_reply()?;
            let mut next_e: Option<(i64, i64, String)> = rows.next_status()?;
            let mut next_m: Option<(i64, i64)> = rows.next_customer_message()?;
            let mut groups: BTreeMap<String, Group> = BTreeMap::new();
            let mut listed: Vec<Value> = Vec::new();
            let mut tl = Timeline::new(at(0));
            let mut no_policy = 0u64;
            while let Some(r) = rows.next_ticket()? {
                let row = Row {
                    id: r.id,
                    prefix: r.prefix,
                    number: r.number,
                    queue: r.queue,
                    category: r.category,
                    priority: Priority::from_rank(r.priority),
                    assignee: r.assignee,
                    source: r.source,
                    created: r.created,
                    first_response_at: r.first_response_at,
                };
                tl.arrival = at(row.created);
                tl.statuses.clear();
                tl.customer_messages.clear();
                tl.public_replies.clear();
                tl.first_public_reply = row.first_response_at.map(at);
                while let Some((tid, time)) = next_r {
                    if tid > row.id {
                        break;
                    }
                    if tid == row.id {
                        tl.public_replies.push(at(time));
                    }
                    next_r = rows.next_reply()?;
                }
                while let Some((tid, time, new)) = &next_e {
                    if *tid > row.id {
                        break;
                    }
                    if *tid == row.id
                        && let Ok(s) = new.parse::<Status>()
                    {
                        tl.statuses.push((at(*time), s));
                    }
                    next_e = rows.next_status()?;
                }
                while let Some((tid, time)) = next_m {
                    if tid > row.id {
                        break;
                    }
                    if tid == row.id {
                        tl.customer_messages.push(at(time));
                    }
                    next_m = rows.next_customer_message()?;
                }
                let Some((targets, clock)) = pol.for_fields(
                    &ctx.config,
                    row.category.as_deref(),
                    &row.source,
                    &row.queue,
                    row.priority,
                ) else {
                    no_policy += 1;
                    continue;
                };
                let s: SlaState = compute(&tl, &targets, clock, at(as_of));
                let next = targets
                    .next_response
                    .map(|d| crate::sla::next_responses(&tl, d, clock, at(as_of)));
                let breached = s.first_response_met == Some(false)
                    || s.resolution_met == Some(false)
                    || next.as_ref().is_some_and(|n| !n.breaches.is_empty());
                if a.breached && !breached {
                    continue;
                }
                let key = match a.by {
                    None => "all".to_string(),
                    Some(GroupBy::Category) => {
                        row.category.clone().unwrap_or_else(|| "(none)".into())
                    }
                    Some(GroupBy::Operator) => row
                        .assignee
                        .clone()
                        .unwrap_or_else(|| "(unassigned)".into()),
                    Some(GroupBy::Priority) => {
                        format!("{}-{}", 3 - row.priority.rank(), row.priority.as_str())
                    }
                    Some(GroupBy::Queue) => row.queue.clone(),
                    Some(GroupBy::Source) => row.source.clone(),
                    Some(GroupBy::Day) => tz
                        .timestamp_opt(row.created, 0)
                        .single()
                        .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
                    Some(GroupBy::Week) => {
                        tz.timestamp_opt(row.created, 0)
                            .single()
                            .map_or_else(String::new, |d| {
                                let w = d.iso_week();
                                format!("{}-W{:02}", w.year(), w.week())
                            })
                    }
                };
                let g = groups.entry(key).or_default();
                g.tickets += 1;
                match s.first_response_met {
                    Some(true) => g.met += 1,
                    Some(false) => g.breached += 1,
                    None => {}
                }
                match s.resolution_met {
                    Some(true) => g.res_met += 1,
                    Some(false) => g.res_breached += 1,
                    None => {}
                }
                if let Some(n) = &next {
                    g.next_met += u64::from(n.met);
                    g.next_breached += n.breaches.len() as u64;
                }
                if s.first_response_at.is_some()
                    && let Some(x) = s.first_response_secs
                {
                    g.fr.push(x);
                }
                if s.resolved_at.is_some()
                    && let Some(x) = s.resolution_secs
                {
                    g.res.push(x);
                }
                if a.tickets {
                    let t = |v: Option<DateTime<Utc>>| v.map(|d| ctx.fmt_time(d.timestamp()));
                    let state = |m: Option<bool>| match m {
                        Some(true) => "met",
                        Some(false) => "breached",
                        None => "pending",
                    };
                    listed.push(json!({
                        "number": ticket_number(&row.prefix, row.number),
                        "queue": row.queue,
                        "category": row.category,
                        "priority": row.priority.as_str(),
                        "assignee": row.assignee,
                        "created": ctx.fmt_time(row.created),
                        "first_response_due": t(s.first_response_due),
                        "first_response_at": t(s.first_response_at),
                        "first_response": state(s.first_response_met),
                        "resolution_due": t(s.resolution_due),
                        "resolved_at": t(s.resolved_at),
                        "resolution": state(s.resolution_met),
                    }));
                }
            }
            Ok((groups, listed, no_policy))
        },
    )?;
    if no_policy > 0 {
        let (what, verb) = if no_policy == 1 {
            ("ticket", "follows no SLA policy and is")
        } else {
            ("tickets", "follow no SLA policy and are")
        };
        ctx.info(&format!("{no_policy} {what} in the range {verb} left out"));
        ctx.info("  hint: set `sla` on their category or queue, or `sources` on a policy");
    }
    let format = ctx.format();
    if a.tickets {
        let cols: Vec<String> = [
            "number",
            "priority",
            "assignee",
            "created",
            "first_response_due",
            "first_response",
            "resolution_due",
            "resolution",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let available = [
            "number",
            "queue",
            "category",
            "priority",
            "assignee",
            "created",
            "first_response_due",
            "first_response_at",
            "first_response",
            "resolution_due",
            "resolved_at",
            "resolution",
        ];
        let cols = match &ctx.global.columns {
            Some(c) => output::columns(Some(c), &[], &available)?,
            None => cols,
        };
        let count = output::count_line(listed.len(), "ticket", "tickets");
        return output::print_rows_with(format, &cols, &listed, Some(&count));
    }
    let mut rows = Vec::new();
    let next_counts: Vec<(u64, u64)> = groups
        .values()
        .map(|g| (g.next_met, g.next_breached))
        .collect();
    for (key, mut g) in groups {
        let decided = g.met + g.breached;
        let group = match a.by {
            Some(GroupBy::Priority) => key
                .split_once('-')
                .map_or(key.clone(), |(_, p)| p.to_string()),
            _ => key,
        };
        let (mfr, pfr) = (pct(&mut g.fr, 0.5), pct(&mut g.fr, 0.9));
        let (mres, pres) = (pct(&mut g.res, 0.5), pct(&mut g.res, 0.9));
        let compliance =
            (decided > 0).then(|| (g.met as f64 * 1000.0 / decided as f64).round() / 10.0);
        if format != Format::Table {
            // Machine formats carry numbers: seconds, a percent as 95.0.
            rows.push(json!({
                "group": group,
                "tickets": g.tickets,
                "met": g.met,
                "breached": g.breached,
                "resolution_met": g.res_met,
                "resolution_breached": g.res_breached,

                "compliance": compliance,
                "median_first_response": mfr,
                "p90_first_response": pfr,
                "median_resolution": mres,
                "p90_resolution": pres,
            }));
        } else {
            rows.push(json!({
                "group": group,
                "tickets": g.tickets,
                "met": g.met,
                "breached": g.breached,
                "resolution_met": g.res_met,
                "resolution_breached": g.res_breached,

                "compliance": compliance.map(|c| format!("{c:.1}%")),
                "median_first_response": human(mfr),
                "p90_first_response": human(pfr),
                "median_resolution": human(mres),
                "p90_resolution": human(pres),
            }));
        }
    }
    if wants_replies {
        // Only policies with a next-response target add these to the contract's fields.
        for (row, (met, late)) in rows.iter_mut().zip(next_counts) {
            row["next_response_met"] = json!(met);
            row["next_response_breached"] = json!(late);
        }
    }
    let all = [
        "group",
        "tickets",
        "met",
        "breached",
        "resolution_met",
        "resolution_breached",
        "compliance",
        "median_first_response",
        "p90_first_response",
        "median_resolution",
        "p90_resolution",
    ];
    let cols = output::columns(ctx.global.columns.as_deref(), &all, &all)?;
    let count = output::count_line(rows.len(), "group", "groups");
    output::print_rows_with(format, &cols, &rows, Some(&count))
}
