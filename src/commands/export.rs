//! `hd export`: the interaction listing as CSV, JSON lines or XLSX, streamed.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::TimeZone;
use clap::Args;

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::ticket_number;
use crate::store::SqlValue;
use crate::timeexpr;

/// Export the interaction listing, one row per interaction, ordered by time.
///
/// Formats: csv (the default, also when piped), json (JSON lines), xlsx; or chosen by
/// the `-o` file's extension.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Ticket-level filter terms, as in `hd list`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// From this time (inclusive): today, 7d, 2026-11-01, RFC 3339...
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this time (exclusive; a date includes that whole day)
    #[arg(long)]
    pub to: Option<String>,
    /// Only interactions handled by this operator
    #[arg(long)]
    pub operator: Option<String>,
    /// Only tickets of this queue
    #[arg(long)]
    pub queue: Option<String>,
    /// Only this contact (an address, or @domain)
    #[arg(long)]
    pub contact: Option<String>,
    /// Only interactions whose subject or text has these words
    #[arg(long)]
    pub text: Option<String>,
    /// Only this direction
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["in", "out", "internal"]))]
    pub direction: Option<String>,
    /// Only this channel
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["email", "phone", "chat", "web", "manual"]))]
    pub source: Option<String>,
    /// Write to this file instead of standard output (format from its extension)
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Start CSV with a byte-order mark, for Excel
    #[arg(long)]
    pub bom: bool,
    /// CSV field delimiter (one character; `\t` for tab)
    #[arg(long)]
    pub delimiter: Option<String>,
}

/// The export columns, in the contract's order.
pub const HEADER: [&str; 10] = [
    "Time",
    "Ticket",
    "Queue",
    "Operator",
    "Contact",
    "Direction",
    "Title",
    "Attachments",
    "Text",
    "Email state",
];

const JSON_KEYS: [&str; 10] = [
    "time",
    "ticket",
    "queue",
    "operator",
    "contact",
    "direction",
    "title",
    "attachments",
    "text",
    "email_state",
];

/// One exported row.
use crate::store::export::ExportRow as Row;

fn pick_format(ctx: &Ctx, a: &ExportArgs) -> anyhow::Result<Format> {
    if let Some(f) = ctx.global.format {
        return match f {
            Format::Csv | Format::Json | Format::Xlsx => Ok(f),
            other => {
                Err(usage(format!("hd export writes csv, json or xlsx, not {other:?}")).into())
            }
        };
    }
    if let Some(p) = &a.output {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        return Ok(match ext.as_str() {
            "xlsx" => Format::Xlsx,
            "json" | "jsonl" | "ndjson" => Format::Json,
            _ => Format::Csv,
        });
    }
    Ok(Format::Csv)
}

fn column_indexes(ctx: &Ctx) -> anyhow::Result<Vec<usize>> {
    let Some(spec) = &ctx.global.columns else {
        return Ok((0..HEADER.len()).collect());
    };
    let mut out = Vec::new();
    for c in spec.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let i = HEADER
            .iter()
            .position(|h| h.eq_ignore_ascii_case(c))
            .or_else(|| JSON_KEYS.iter().position(|h| h.eq_ignore_ascii_case(c)))
            .ok_or_else(|| {
                usage(format!(
                    "unknown column \"{c}\" (available: {})",
                    HEADER.join(", ")
                ))
            })?;
        out.push(i);
    }
    if out.is_empty() {
        return Err(usage("--columns names no column").into());
    }
    Ok(out)
}

/// Builds the condition of the listing with its parameters.
fn build_sql(ctx: &Ctx, a: &ExportArgs) -> anyhow::Result<(String, Vec<SqlValue>)> {
    let time = ctx.time();
    let query = a.query.join(" ");
    // The ticket-level query uses the same grammar as `hd list`; without one, every
    // ticket not deleted.
    let q = crate::filter::parse(&query).map_err(|e| usage(e.to_string()))?;
    let (tcond, mut params) = crate::filter::to_sql(
        &q,
        &crate::filter::SqlCtx {
            me: ctx.me(),
            time: &time,
            postgres: crate::store::is_postgres_url(&ctx.db_path),
        },
    )
    .map_err(|e| usage(e.to_string()))?;
    let mut conds = vec![format!("({tcond})"), "i.deleted = 0".to_string()];
    if let Some(f) = &a.from {
        let t = timeexpr::parse_point(f, &time).map_err(|e| usage(format!("--from: {e}")))?;
        conds.push("i.time >= ?".into());
        params.push(SqlValue::Integer(t.timestamp()));
    }
    if let Some(f) = &a.to {
        let t = timeexpr::parse_range_end(f, &time).map_err(|e| usage(format!("--to: {e}")))?;
        conds.push("i.time < ?".into());
        params.push(SqlValue::Integer(t.timestamp()));
    }
    if let Some(op) = &a.operator {
        super::check_operator(ctx, op)?;
        conds.push("i.operator = ?".into());
        params.push(SqlValue::Text(op.clone()));
    }
    if let Some(qn) = &a.queue {
        super::check_queue(ctx, qn)?;
        conds.push("t.queue = ?".into());
        params.push(SqlValue::Text(qn.clone()));
    }
    if let Some(c) = &a.contact {
        let c = c.trim().to_lowercase();
        if let Some(domain) = c.strip_prefix('@') {
            conds.push("coalesce(c.email, tc.email) LIKE ? ESCAPE '\\'".into());
            params.push(SqlValue::Text(format!("%@{}", like_escape(domain))));
        } else {
            conds.push("coalesce(c.email, tc.email) = ?".into());
            params.push(SqlValue::Text(c));
        }
    }
    if let Some(words) = &a.text {
        let m = fts_query(words);
        if !m.is_empty() {
            conds.push(
                crate::store::fts::interaction_ids_in(crate::store::is_postgres_url(&ctx.db_path))
                    .into(),
            );
            params.push(SqlValue::Text(m));
        }
    }
    if let Some(d) = &a.direction {
        conds.push("i.direction = ?".into());
        params.push(SqlValue::Text(d.clone()));
    }
    if let Some(s) = &a.source {
        conds.push("i.source = ?".into());
        params.push(SqlValue::Text(s.clone()));
    }
    if let Some(rights) =
        crate::filter::queue_rights_sql(ctx.visible_queues().as_deref(), &mut params)
    {
        conds.push(rights);
    }
    Ok((conds.join(" AND "), params))
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Quotes each word so user input never becomes FTS5 syntax.
fn fts_query(words: &str) -> String {
    words
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `hd export`.
pub fn run(ctx: &Ctx, a: ExportArgs) -> anyhow::Result<()> {
    let format = pick_format(ctx, &a)?;
    let cols = column_indexes(ctx)?;
    let (where_sql, params) = build_sql(ctx, &a)?;
    let store = ctx.store()?;
    crate::store::export::interactions(&store.conn, &where_sql, &params, |next| {
        write(ctx, &a, format, &cols, next)
    })
}

/// Writes the listing `next` yields in `format`.
fn write(
    ctx: &Ctx,
    a: &ExportArgs,
    format: Format,
    cols: &[usize],
    next: &mut dyn FnMut() -> anyhow::Result<Option<Row>>,
) -> anyhow::Result<()> {
    match format {
        Format::Xlsx => {
            let path = a
                .output
                .clone()
                .ok_or_else(|| usage("XLSX needs a file: -o FILE.xlsx"))?;
            write_xlsx(ctx, &path, cols, next)
        }
        Format::Json => {
            let mut out = open_output(a.output.as_ref())?;
            let tz = ctx.config.timezone;
            while let Some(r) = next()? {
                let mut obj = serde_json::Map::new();
                let vals = values(tz, &r);
                for &i in cols {
                    let v = match i {
                        7 => serde_json::Value::from(r.attachments),
                        _ => vals[i]
                            .clone()
                            .map_or(serde_json::Value::Null, serde_json::Value::String),
                    };
                    obj.insert(JSON_KEYS[i].to_string(), v);
                }
                obj.insert("status".into(), r.status.clone().into());
                obj.insert("category".into(), r.category.clone().into());
                obj.insert(
                    "priority".into(),
                    crate::model::Priority::from_rank(r.priority)
                        .as_str()
                        .into(),
                );
                serde_json::to_writer(&mut out, &obj)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            Ok(())
        }
        _ => {
            let delimiter = match a.delimiter.as_deref() {
                None => b',',
                Some("\\t") | Some("\t") | Some("tab") => b'\t',
                Some(d) if d.len() == 1 && d != "\"" && d != "\n" => d.as_bytes()[0],
                Some(d) => {
                    return Err(
                        usage(format!("bad --delimiter \"{d}\": one ASCII character")).into(),
                    );
                }
            };
            let mut out = open_output(a.output.as_ref())?;
            if a.bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            w.write_record(cols.iter().map(|&i| HEADER[i]))?;
            let tz = ctx.config.timezone;
            while let Some(r) = next()? {
                let vals = values(tz, &r);
                for &i in cols {
                    let v = crate::output::csv_safe(vals[i].as_deref().unwrap_or(""));
                    w.write_field(v.as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            w.flush()?;
            Ok(())
        }
    }
}

fn values(tz: chrono_tz::Tz, r: &Row) -> [Option<String>; 10] {
    [
        Some(crate::output::fmt_time(tz, r.time)),
        Some(ticket_number(&r.prefix, r.number)),
        Some(r.queue.clone()),
        r.operator.clone(),
        r.contact.clone(),
        Some(r.direction.clone()),
        Some(r.title.clone()),
        Some(r.attachments.to_string()),
        Some(r.text.clone()),
        r.email_state.clone(),
    ]
}

/// Creates (or truncates) an export file; a new one is readable by its owner
/// only, since it holds customer data.
fn create_private(p: &Path) -> anyhow::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(p)
        .with_context(|| format!("cannot write {}", p.display()))
}

fn open_output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) if p.as_os_str() != "-" => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            create_private(p)?,
        )),
        _ => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        )),
    })
}

fn write_xlsx(
    ctx: &Ctx,
    path: &Path,
    cols: &[usize],
    next: &mut dyn FnMut() -> anyhow::Result<Option<Row>>,
) -> anyhow::Result<()> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory();
    let bold = XFormat::new().set_bold();
    let date = XFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, &i) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, HEADER[i], &bold)?;
    }
    let tz = ctx.config.timezone;
    let mut row: u32 = 0;
    while let Some(r) = next()? {
        row += 1;
        if row > 1_048_575 {
            return Err(crate::error::failure(
                "more rows than one XLSX sheet holds (1,048,575); narrow the export or use CSV",
            )
            .into());
        }
        let vals = values(tz, &r);
        for (c, &i) in cols.iter().enumerate() {
            let c = c as u16;
            match i {
                0 => {
                    let local = tz
                        .timestamp_opt(r.time, 0)
                        .single()
                        .map(|d| d.naive_local())
                        .unwrap_or_default();
                    let dt = ExcelDateTime::parse_from_str(
                        &local.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    )?;
                    ws.write_datetime_with_format(row, c, &dt, &date)?;
                }
                7 => {
                    ws.write_number(row, c, r.attachments as f64)?;
                }
                _ => {
                    if let Some(v) = &vals[i] {
                        // Spreadsheet cells hold at most 32,767 characters.
                        let v: String = v.chars().take(32_767).collect();
                        ws.write_string(row, c, &v)?;
                    }
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, (cols.len() - 1) as u16)?;
    // The workbook is written into a file already created private.
    let file = create_private(path)?;
    wb.save_to_writer(std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
