//! `hd stats`: the dashboard — volume, weekdays, operators, backlog, satisfaction.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use chrono::{Datelike, TimeZone};
use clap::Args;
use serde_json::{Value, json};

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::store::SqlValue;
use crate::store::reports;
use crate::timeexpr;

/// Volume of new tickets per day (or week) and per weekday, tickets resolved per
/// operator, backlog by status, and satisfaction per operator, category and queue.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// From (inclusive; default 30 days ago)
    #[arg(long)]
    pub from: Option<String>,
    /// To (exclusive; a date includes that whole day)
    #[arg(long)]
    pub to: Option<String>,
    /// Count volume per week instead of per day
    #[arg(long)]
    pub weekly: bool,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn bar(v: f64, max: f64, width: usize) -> String {
    if max <= 0.0 {
        return String::new();
    }
    let n = ((v / max) * width as f64).round() as usize;
    "█".repeat(n)
}

/// Runs `hd stats`.
pub fn run(ctx: &Ctx, a: StatsArgs) -> anyhow::Result<()> {
    let format = ctx.format();
    if let f @ (Format::Ids | Format::Xlsx) = format {
        return Err(usage(format!(
            "hd stats prints table, json, csv or tsv, not {}",
            format!("{f:?}").to_lowercase()
        ))
        .into());
    }
    let time = ctx.time();
    let from = match &a.from {
        Some(f) => timeexpr::parse_point(f, &time).map_err(|e| usage(format!("--from: {e}")))?,
        None => timeexpr::parse_point("30d", &time).map_err(usage)?,
    }
    .timestamp();
    let to = match &a.to {
        Some(f) => timeexpr::parse_range_end(f, &time)
            .map_err(|e| usage(format!("--to: {e}")))?
            .timestamp(),
        None => ctx.now_ts() + 1,
    };
    let mut rights = String::new();
    let mut rparams: Vec<SqlValue> = Vec::new();
    if let Some(r) = crate::filter::queue_rights_sql(ctx.visible_queues().as_deref(), &mut rparams)
    {
        rights = format!(" AND {r}");
    }
    let store = ctx.store()?;
    let conn = &store.conn;
    let tz = ctx.config.timezone;

    // Volume per day or week and per weekday; every period of the range is
    // listed, quiet ones with 0, so the series can be charted as it is.
    let period = |d: chrono::NaiveDate| {
        if a.weekly {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        } else {
            d.format("%Y-%m-%d").to_string()
        }
    };
    let mut volume: BTreeMap<String, i64> = BTreeMap::new();
    if let (Some(first), Some(last)) = (
        tz.timestamp_opt(from, 0).single(),
        tz.timestamp_opt(to - 1, 0).single(),
    ) {
        let mut d = first.date_naive();
        while d <= last.date_naive() {
            volume.entry(period(d)).or_insert(0);
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    let mut weekday = [0i64; 7];
    for ts in reports::created_times(conn, from, to, &rights, &rparams)? {
        if let Some(d) = tz.timestamp_opt(ts, 0).single() {
            *volume.entry(period(d.date_naive())).or_default() += 1;
            weekday[d.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    let weeks = ((to - from) as f64 / (7.0 * 86400.0)).max(1.0 / 7.0);
    // Resolved per operator: close events in the range.
    let resolved: Vec<(String, i64)> =
        reports::resolved_per_operator(conn, from, to, &rights, &rparams)?;
    // Backlog now.
    let mut backlog: Vec<(String, i64)> = reports::backlog(conn, &rights, &rparams)?;
    backlog.sort_by_key(|(s, _)| ["queued", "open", "waiting"].iter().position(|x| x == s));
    // Satisfaction of tickets rated, created in the range.
    let mut satisfaction: Vec<Value> = Vec::new();
    for (dim, col) in [
        ("operator", "t.assignee"),
        ("category", "t.category"),
        ("queue", "t.queue"),
    ] {
        for (name, avg, n) in reports::satisfaction(conn, col, from, to, &rights, &rparams)? {
            satisfaction.push(json!({"by": dim, "group": name, "average": (avg * 100.0).round() / 100.0, "ratings": n}));
        }
    }

    if let f @ (Format::Json | Format::Csv | Format::Tsv) = format {
        // One row an entry, as PRODUCT's machine form: section, key, value.
        let mut rows: Vec<Value> = Vec::new();
        let mut row = |section: &str, key: &str, value: Value| {
            rows.push(json!({"section": section, "key": key, "value": value}));
        };
        for (k, v) in &volume {
            row("new", k, json!(v));
        }
        for (d, n) in WEEKDAYS.iter().zip(weekday.iter()) {
            row(
                "weekday",
                d,
                json!((*n as f64 / weeks * 100.0).round() / 100.0),
            );
        }
        for (k, v) in &resolved {
            row("resolved", k, json!(v));
        }
        for (k, v) in &backlog {
            row("backlog", k, json!(v));
        }
        for s in &satisfaction {
            let key = format!(
                "{}:{}",
                s["by"].as_str().unwrap_or(""),
                s["group"].as_str().unwrap_or("")
            );
            row("satisfaction", &key, s["average"].clone());
        }
        let all = ["section", "key", "value"];
        let cols = crate::output::columns(ctx.global.columns.as_deref(), &all, &all)?;
        return crate::output::print_rows(f, &cols, &rows);
    }
    // For people: one table a section, laid out, escaped and paged as `list` is.
    let charts = std::io::stdout().is_terminal();
    let mut text = String::new();
    let max = volume.values().copied().max().unwrap_or(0) as f64;
    let unit = if a.weekly { "week" } else { "day" };
    let rows = volume
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string(), bar(*v as f64, max, 40)])
        .collect();
    section(
        &mut text,
        &format!("New tickets per {unit}"),
        &[unit, "new", ""],
        rows,
        charts,
    );
    let wmax = weekday.iter().copied().max().unwrap_or(0) as f64 / weeks;
    let rows = WEEKDAYS
        .iter()
        .zip(weekday.iter())
        .map(|(d, n)| {
            let avg = *n as f64 / weeks;
            vec![d.to_string(), format!("{avg:.1}"), bar(avg, wmax, 40)]
        })
        .collect();
    section(
        &mut text,
        "Average per weekday",
        &["weekday", "average", ""],
        rows,
        charts,
    );
    let rows = resolved
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    section(
        &mut text,
        "Resolved per operator",
        &["operator", "resolved"],
        rows,
        false,
    );
    let rows = backlog
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    section(&mut text, "Backlog", &["status", "tickets"], rows, false);
    let rows = satisfaction
        .iter()
        .map(|s| {
            vec![
                s["by"].as_str().unwrap_or("").to_string(),
                s["group"].as_str().unwrap_or("").to_string(),
                s["average"].to_string(),
                s["ratings"].to_string(),
            ]
        })
        .collect();
    section(
        &mut text,
        "Satisfaction (1–5)",
        &["by", "group", "average", "ratings"],
        rows,
        false,
    );
    Ok(crate::term::page(&text)?)
}

/// Appends one titled table to `text`; `chart` keeps the last column (the bars), which
/// only a terminal shows.
fn section(text: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>, chart: bool) {
    use crate::term::{self, Style};
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(title);
    text.push('\n');
    let keep = if header.last() == Some(&"") && !chart {
        header.len() - 1
    } else {
        header.len()
    };
    if rows.is_empty() {
        text.push_str("(none)\n");
        return;
    }
    let header: Vec<String> = header[..keep].iter().map(|h| h.to_string()).collect();
    let cells: Vec<Vec<(String, Style)>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .take(keep)
                .map(|c| (term::escape_line(&c), Style::default()))
                .collect()
        })
        .collect();
    for line in term::layout(&header, &cells, None, term::width()) {
        text.push_str(&line);
        text.push('\n');
    }
}
