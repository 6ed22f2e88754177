//! `hd time`: log work on tickets, run a timer, and report where the time went.

use crate::db::Connection;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::output;
use crate::store::tickets;
use crate::store::time::{self, NewEntry, ReportKey, Timer};
use crate::timeexpr;
use crate::worktime;

/// Log time on a ticket (`hd time 279 25m -m "called back"`), list a ticket's
/// entries (`hd time 279`), run a timer (`hd time start 279`, `hd time stop`),
/// show the running timer (`hd time`), or sum the time (`hd time report`).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TimeArgs {
    #[command(subcommand)]
    pub command: Option<TimeCommand>,
    /// The ticket; without DURATION, lists its entries
    pub ticket: Option<String>,
    /// Time worked: 25m, 1h30m, 2h, 1:30
    pub duration: Option<String>,
    /// What the time was spent on
    #[arg(short = 'm', long = "message", value_name = "NOTE")]
    pub note: Option<String>,
    /// When the work was done (default: now), e.g. 2026-11-23T08:00, yesterday
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// The timer and report subcommands.
#[derive(Debug, Subcommand)]
pub enum TimeCommand {
    /// Start your timer on a ticket (a running one is stopped and recorded first)
    Start(StartArgs),
    /// Stop your timer and record the time it ran
    Stop(StopArgs),
    /// Sum the time logged in a range, per operator, category, queue, contact or ticket
    Report(ReportArgs),
}

/// `hd time start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// The ticket
    pub ticket: String,
    /// What the time is spent on
    #[arg(short = 'm', long = "message", value_name = "NOTE")]
    pub note: Option<String>,
}

/// `hd time stop`.
#[derive(Debug, Args)]
pub struct StopArgs {
    /// What the time was spent on (added to the note given at the start)
    #[arg(short = 'm', long = "message", value_name = "NOTE")]
    pub note: Option<String>,
    /// Drop the timer without recording anything
    #[arg(long, conflicts_with = "note")]
    pub discard: bool,
}

/// `hd time report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Work done from (inclusive)
    #[arg(long)]
    pub from: Option<String>,
    /// Work done up to (exclusive; a date includes that whole day)
    #[arg(long)]
    pub to: Option<String>,
    /// Group by
    #[arg(long, value_enum)]
    pub by: Option<By>,
}

/// Time report groupings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// The operator who worked.
    Operator,
    /// The ticket's category.
    Category,
    /// The ticket's queue.
    Queue,
    /// The ticket's contact.
    Contact,
    /// The ticket.
    Ticket,
}

/// Runs `hd time`.
pub fn run(ctx: &Ctx, a: TimeArgs) -> anyhow::Result<()> {
    match a.command {
        Some(TimeCommand::Start(s)) => return start(ctx, s),
        Some(TimeCommand::Stop(s)) => return stop(ctx, s),
        Some(TimeCommand::Report(r)) => return report(ctx, r),
        None => {}
    }
    match (a.ticket, a.duration) {
        (Some(t), Some(d)) => log(ctx, &t, &d, a.note.as_deref(), a.at.as_deref()),
        (ticket, None) => {
            if a.note.is_some() || a.at.is_some() {
                return Err(usage(
                    "-m and --at go with a DURATION: hd time TICKET DURATION -m NOTE",
                )
                .into());
            }
            match ticket {
                Some(t) => list(ctx, &t),
                None => show_timer(ctx),
            }
        }
        (None, Some(d)) => Err(usage(format!("no ticket given for {d}")).into()),
    }
}

/// Parses a DURATION argument as a usage error naming it.
pub fn parse_duration(s: &str) -> Result<i64, crate::error::HdError> {
    worktime::parse(s).map_err(usage)
}

/// Records time logged with a reply or a note (`--time`) in the caller's transaction.
pub fn log_with(
    ctx: &Ctx,
    tx: &Connection,
    ticket_id: i64,
    interaction_id: i64,
    seconds: i64,
    source: &str,
) -> crate::db::Result<()> {
    time::add(
        tx,
        &NewEntry {
            ticket_id,
            operator: ctx.actor(),
            time: ctx.now_ts(),
            seconds,
            note: "",
            source,
            interaction_id: Some(interaction_id),
            created: ctx.now_ts(),
        },
    )?;
    Ok(())
}

fn log(
    ctx: &Ctx,
    ticket: &str,
    duration: &str,
    note: Option<&str>,
    at: Option<&str>,
) -> anyhow::Result<()> {
    let seconds = parse_duration(duration)?;
    let now = ctx.now_ts();
    let at = match at {
        Some(s) => {
            let t = timeexpr::parse_point(s, &ctx.time())
                .map_err(usage)?
                .timestamp();
            if t > now {
                return Err(usage(format!("--at {s} is in the future")).into());
            }
            t
        }
        None => now,
    };
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let t = super::ticket(ctx, &tx, ticket)?;
    time::add(
        &tx,
        &NewEntry {
            ticket_id: t.id,
            operator: ctx.actor(),
            time: at,
            seconds,
            note: note.unwrap_or("").trim(),
            source: "manual",
            interaction_id: None,
            created: now,
        },
    )?;
    let (_, total) = time::total_of(&tx, t.id)?;
    tx.commit()?;
    ctx.info(&format!(
        "logged {} on {} (total {})",
        worktime::format(seconds),
        t.number_str(),
        worktime::format(total)
    ));
    Ok(())
}

fn no_ids(format: Format) -> Result<(), crate::error::HdError> {
    match format {
        Format::Ids | Format::Xlsx => Err(usage(format!(
            "--format {} is not available here (table, csv, tsv or json)",
            if format == Format::Ids { "ids" } else { "xlsx" }
        ))),
        _ => Ok(()),
    }
}

fn list(ctx: &Ctx, ticket: &str) -> anyhow::Result<()> {
    let format = ctx.format();
    no_ids(format)?;
    let store = ctx.store()?;
    let t = super::ticket(ctx, &store.conn, ticket)?;
    let entries = time::of_ticket(&store.conn, t.id)?;
    let number = t.number_str();
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut v = json!({
                "id": e.id,
                "ticket": number,
                "time": if format == Format::Table { ctx.fmt_short(e.time) } else { ctx.fmt_time(e.time) },
                "operator": e.operator,
                "seconds": e.seconds,
                "note": e.note,
                "source": e.source,
            });
            if format == Format::Table {
                v["duration"] = json!(worktime::format(e.seconds));
            }
            v
        })
        .collect();
    let available = [
        "id", "ticket", "time", "operator", "duration", "seconds", "note", "source",
    ];
    let defaults: &[&str] = if format == Format::Table {
        &["id", "time", "operator", "duration", "source", "note"]
    } else {
        &[
            "id", "ticket", "time", "operator", "seconds", "source", "note",
        ]
    };
    let cols = output::columns(ctx.global.columns.as_deref(), defaults, &available)?;
    output::print_rows(format, &cols, &rows)?;
    if format == Format::Table && !entries.is_empty() {
        ctx.info(&format!(
            "total {} in {} entr{}",
            worktime::format(t.time_spent),
            entries.len(),
            if entries.len() == 1 { "y" } else { "ies" }
        ));
    }
    Ok(())
}

fn timer_row(ctx: &Ctx, conn: &Connection, timer: &Timer, table: bool) -> anyhow::Result<Value> {
    let t = tickets::load(conn, timer.ticket_id)?;
    let seconds = (ctx.now_ts() - timer.started).max(0);
    let mut v = json!({
        "operator": timer.operator,
        "ticket": t.number_str(),
        "subject": t.subject,
        "started": if table { ctx.fmt_short(timer.started) } else { ctx.fmt_time(timer.started) },
        "seconds": seconds,
        "note": timer.note,
    });
    if table {
        v["running"] = json!(worktime::format(seconds));
    }
    Ok(v)
}

fn show_timer(ctx: &Ctx) -> anyhow::Result<()> {
    let format = ctx.format();
    no_ids(format)?;
    let store = ctx.store()?;
    let timer = time::timer_of(&store.conn, ctx.actor())?;
    let table = format == Format::Table;
    if table && timer.is_none() {
        ctx.info("no timer running (start one with `hd time start TICKET`)");
        return Ok(());
    }
    let rows = match &timer {
        Some(t) => vec![timer_row(ctx, &store.conn, t, table)?],
        None => Vec::new(),
    };
    let available = [
        "operator", "ticket", "subject", "started", "running", "seconds", "note",
    ];
    let defaults: &[&str] = if table {
        &["ticket", "started", "running", "note", "subject"]
    } else {
        &["operator", "ticket", "started", "seconds", "note"]
    };
    let cols = output::columns(ctx.global.columns.as_deref(), defaults, &available)?;
    output::print_rows(format, &cols, &rows)
}

/// Ends the operator's running timer in `tx`: records its time unless it ran
/// under a second. Returns the ticket number and the seconds recorded.
fn finish_timer(
    ctx: &Ctx,
    tx: &Connection,
    timer: &Timer,
    extra_note: Option<&str>,
) -> anyhow::Result<(String, i64)> {
    let t = tickets::load(tx, timer.ticket_id)?;
    let now = ctx.now_ts();
    let seconds = (now - timer.started).clamp(0, worktime::MAX_SECONDS);
    let note = match extra_note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if !timer.note.is_empty() => format!("{}; {n}", timer.note),
        Some(n) => n.to_string(),
        None => timer.note.clone(),
    };
    if seconds > 0 {
        ctx.check_access(&t)
            .map_err(|e| e.hint("`hd time stop --discard` drops the timer without recording it"))?;
        time::add(
            tx,
            &NewEntry {
                ticket_id: t.id,
                operator: &timer.operator,
                time: timer.started,
                seconds,
                note: &note,
                source: "timer",
                interaction_id: None,
                created: now,
            },
        )?;
    }
    time::remove_timer(tx, &timer.operator)?;
    Ok((t.number_str(), seconds))
}

fn start(ctx: &Ctx, a: StartArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let t = super::ticket(ctx, &tx, &a.ticket)?;
    let me = ctx.actor().to_string();
    let mut said = Vec::new();
    if let Some(running) = time::timer_of(&tx, &me)? {
        if running.ticket_id == t.id && a.note.is_none() {
            ctx.info(&format!(
                "your timer on {} has been running since {}",
                t.number_str(),
                ctx.fmt_short(running.started)
            ));
            return Ok(());
        }
        let (number, seconds) = finish_timer(ctx, &tx, &running, None)?;
        said.push(format!(
            "stopped the timer on {number}: {} recorded",
            worktime::format(seconds)
        ));
    }
    time::start_timer(
        &tx,
        &Timer {
            operator: me,
            ticket_id: t.id,
            started: ctx.now_ts(),
            note: a.note.unwrap_or_default().trim().to_string(),
        },
    )?;
    tx.commit()?;
    said.push(format!("timer started on {}", t.number_str()));
    ctx.info(&said.join("\n"));
    Ok(())
}

fn stop(ctx: &Ctx, a: StopArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let me = ctx.actor().to_string();
    let Some(timer) = time::timer_of(&tx, &me)? else {
        return Err(usage(format!("{me} has no timer running"))
            .hint("start one with `hd time start TICKET`")
            .into());
    };
    if a.discard {
        let t = tickets::load(&tx, timer.ticket_id)?;
        time::remove_timer(&tx, &me)?;
        tx.commit()?;
        ctx.info(&format!(
            "timer on {} discarded; nothing recorded",
            t.number_str()
        ));
        return Ok(());
    }
    let (number, seconds) = finish_timer(ctx, &tx, &timer, a.note.as_deref())?;
    tx.commit()?;
    if seconds > 0 {
        ctx.info(&format!(
            "{} recorded on {number}",
            worktime::format(seconds)
        ));
    } else {
        ctx.info(&format!(
            "timer on {number} stopped at once; nothing recorded"
        ));
    }
    Ok(())
}

fn report(ctx: &Ctx, a: ReportArgs) -> anyhow::Result<()> {
    let format = ctx.format();
    no_ids(format)?;
    let tc = ctx.time();
    let from = a
        .from
        .as_deref()
        .map(|s| timeexpr::parse_point(s, &tc).map(|d| d.timestamp()))
        .transpose()
        .map_err(usage)?;
    let to =
        a.to.as_deref()
            .map(|s| timeexpr::parse_range_end(s, &tc).map(|d| d.timestamp()))
            .transpose()
            .map_err(usage)?;
    let key = match a.by {
        None => ReportKey::All,
        Some(By::Operator) => ReportKey::Operator,
        Some(By::Category) => ReportKey::Category,
        Some(By::Queue) => ReportKey::Queue,
        Some(By::Contact) => ReportKey::Contact,
        Some(By::Ticket) => ReportKey::Ticket,
    };
    let store = ctx.store()?;
    let queues = ctx.visible_queues();
    let groups = time::report(&store.conn, key, from, to, queues.as_deref())?;
    let table = format == Format::Table;
    let mut rows: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mut v = json!({"group": g.group, "entries": g.entries, "seconds": g.seconds});
            if table {
                v["time"] = json!(worktime::format(g.seconds));
            }
            v
        })
        .collect();
    if table && groups.len() > 1 {
        let (n, s) = groups
            .iter()
            .fold((0, 0), |(n, s), g| (n + g.entries, s + g.seconds));
        rows.push(
            json!({"group": "total", "entries": n, "seconds": s, "time": worktime::format(s)}),
        );
    }
    let available = ["group", "entries", "time", "seconds"];
    let defaults: &[&str] = if table {
        &["group", "entries", "time", "seconds"]
    } else {
        &["group", "entries", "seconds"]
    };
    let cols = output::columns(ctx.global.columns.as_deref(), defaults, &available)?;
    output::print_rows(format, &cols, &rows)
}
