//! One printer for every listing: table, CSV, TSV, JSON and ticket ids.

use std::io::Write;

use serde_json::Value;

use crate::error::usage;
use crate::term::{self, Style};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// Tab-separated values with a header.
    Tsv,
    /// JSON.
    Json,
    /// One item a line: ticket numbers, or the key of what a command lists.
    Ids,
    /// XLSX (export only).
    Xlsx,
}

/// Turns colours in tables on or off (off with `--no-color`, `NO_COLOR` or no terminal).
pub fn set_color(on: bool) {
    term::set_color(on);
}

/// The style a table cell gets: due times by urgency, urgent tickets bold, failures red.
fn style_of(column: &str, value: &Value, row: &Value, now: i64) -> Style {
    let urgent = if row["priority"].as_str() == Some("urgent") {
        Style::BOLD
    } else {
        Style::default()
    };
    let own = match (column, value) {
        ("due", Value::String(s)) => match term::urgency(parse_time(s), now) {
            term::Urgency::Late => Style::RED,
            term::Urgency::Soon => Style::YELLOW,
            term::Urgency::Calm => Style::default(),
        },
        ("breached", Value::Bool(true)) => Style::RED,
        (_, Value::String(s)) => match (column, s.as_str()) {
            ("state", "failed") => Style::RED,
            ("state", "waiting") => Style::YELLOW,
            ("status", "queued") => Style::CYAN,
            ("status", "closed") => Style::GREY,
            _ => Style::default(),
        },
        _ => Style::default(),
    };
    if matches!(column, "priority" | "subject" | "number") {
        own.and(urgent)
    } else {
        own
    }
}

fn parse_time(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.timestamp())
}

/// A cell as people read it: times short in the configured zone, `due` relative to now,
/// text from mail escaped and on one line.
fn table_cell(column: &str, v: &Value, now: i64, tz: chrono_tz::Tz) -> String {
    if let Value::String(s) = v
        && column != "subject"
        && s.len() >= 20
        && s.as_bytes()[4] == b'-'
        && let Some(ts) = parse_time(s)
    {
        return if column == "due" {
            term::relative_due(ts, now)
        } else {
            term::short_time(ts, tz)
        };
    }
    term::escape_line(&cell(v))
}

/// Renders a JSON value as a table or CSV cell.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// A CSV cell a spreadsheet would not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (OWASP's
/// CSV-injection advice). Only CSV needs it; JSON and XLSX keep the exact text.
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Picks the columns: `--columns` when given (each must exist), else the defaults.
pub fn columns(
    requested: Option<&str>,
    defaults: &[&str],
    available: &[&str],
) -> Result<Vec<String>, crate::error::HdError> {
    match requested {
        None => Ok(defaults.iter().map(|s| s.to_string()).collect()),
        Some(list) => {
            let mut out = Vec::new();
            for c in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                if !available.contains(&c) {
                    return Err(usage(format!(
                        "unknown column \"{c}\" (available: {})",
                        available.join(", ")
                    )));
                }
                out.push(c.to_string());
            }
            if out.is_empty() {
                return Err(usage("--columns names no column"));
            }
            Ok(out)
        }
    }
}

/// Prints rows (JSON objects) in the chosen format. JSON prints whole objects;
/// the text formats print the chosen columns; `ids` prints the `number` field.
pub fn print_rows(format: Format, cols: &[String], rows: &[Value]) -> anyhow::Result<()> {
    print_rows_with(format, cols, rows, None)
}

/// The lines of a terminal table of rows: one a row, cut to the terminal's width, the
/// subject (else the last column) taking what the others leave.
pub fn table(cols: &[String], rows: &[Value]) -> Vec<String> {
    let (now, tz) = term::clock();
    let cells: Vec<Vec<(String, Style)>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| {
                    let v = &r[c.as_str()];
                    (table_cell(c, v, now, tz), style_of(c, v, r, now))
                })
                .collect()
        })
        .collect();
    let flex = cols.iter().position(|c| c == "subject");
    term::layout(cols, &cells, flex, term::width())
}

/// [`print_rows`] with a closing line under a table (`12 tickets`, `50 of 1204`).
pub fn print_rows_with(
    format: Format,
    cols: &[String],
    rows: &[Value],
    footer: Option<&str>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            writeln!(out)?;
        }
        Format::Ids => {
            for r in rows {
                if let Some(key) = row_key(r) {
                    writeln!(out, "{key}")?;
                }
            }
        }
        Format::Csv | Format::Tsv => {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if format == Format::Csv { b',' } else { b'\t' })
                .quote_style(if format == Format::Csv {
                    csv::QuoteStyle::Necessary
                } else {
                    csv::QuoteStyle::Never
                })
                .from_writer(&mut out);
            w.write_record(cols)?;
            for r in rows {
                w.write_record(cols.iter().map(|c| {
                    let v = &r[c.as_str()];
                    let s = cell(v);
                    if format == Format::Tsv {
                        s.replace(['\t', '\n', '\r'], " ")
                    } else if v.is_string() {
                        csv_safe(&s).into_owned()
                    } else {
                        s
                    }
                }))?;
            }
            w.flush()?;
        }
        Format::Xlsx => {
            return Err(usage("--format xlsx is for `hd export`").into());
        }
        Format::Table => {
            drop(out);
            return print_table(cols, rows, &[], footer);
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints a terminal table, through the pager when it is taller than the terminal:
/// the header, each row followed by its note if it has one (a search snippet, already
/// made for the screen), then the closing line. No rows print `(none)` on stderr.
pub fn print_table(
    cols: &[String],
    rows: &[Value],
    notes: &[Option<String>],
    footer: Option<&str>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        eprintln!("(none)");
        return Ok(());
    }
    let mut text = String::new();
    for (i, line) in table(cols, rows).iter().enumerate() {
        text.push_str(line);
        text.push('\n');
        // Line 0 is the header.
        if let Some(Some(note)) = i.checked_sub(1).and_then(|r| notes.get(r)) {
            text.push_str(note);
            text.push('\n');
        }
    }
    if let Some(f) = footer {
        text.push_str(f);
        text.push('\n');
    }
    Ok(term::page(&text)?)
}

/// The closing line of a table of things: `1 view`, `3 views`.
pub fn count_line(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `--format ids` prints of a row: one item a line, the ticket number
/// where the row is a ticket, else the key that names the item (an outbox
/// message's id, a view's or operator's name, a rule, a report group).
pub fn row_key(r: &Value) -> Option<String> {
    ["number", "id", "name", "rule", "group"]
        .iter()
        .map(|k| &r[*k])
        .find(|v| !v.is_null())
        .map(cell)
}

/// Prints one JSON object.
pub fn print_json(v: &Value) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Shortens text to `max` characters with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// RFC 3339 with the zone's offset: how machine formats write a time.
pub fn fmt_time(tz: chrono_tz::Tz, ts: i64) -> String {
    use chrono::TimeZone;
    match tz.timestamp_opt(ts, 0).single() {
        Some(d) => d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => ts.to_string(),
    }
}
