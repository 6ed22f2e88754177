//! One file per subcommand; each has an args struct and a `run`.

pub mod anonymize;
pub mod assign;
pub mod attachments;
pub mod comment;
pub mod complete;
pub mod context;
pub mod db;
pub mod export;
pub mod generate;
pub mod help;
pub mod hooks;
pub mod init;
pub mod kb;
pub mod list;
pub mod merge;
pub mod new;
pub mod next;
pub mod operator;
pub mod outbox;
pub mod reply;
pub mod restore;
pub mod rules;
pub mod set;
pub mod show;
pub mod sla;
pub mod stats;
pub mod status;
pub mod sync;
pub mod templates;
pub mod time;
pub mod views;

use std::io::Read;
use std::path::Path;

use crate::db::Connection;
use anyhow::Context;
use serde_json::{Value, json};

use crate::cli::{Cli, Command};
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::TicketRef;
use crate::store::tickets::{self, Ticket};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let needs_config = !matches!(
        cli.command,
        Command::Completions(_) | Command::Man(_) | Command::Init(_)
    );
    match cli.command {
        Command::Completions(a) => return generate::completions(a),
        Command::Man(a) => return generate::man(a),
        _ => {}
    }
    let ctx = Ctx::new(cli.global, needs_config)?;
    let result = match cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::New(a) => new::run(&ctx, a),
        Command::List(a) => list::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Next(a) => next::run(&ctx, a),
        Command::Assign(a) => assign::run(&ctx, a),
        Command::Take(a) => assign::take(&ctx, a),
        Command::Status(a) => status::run(&ctx, a),
        Command::Set(a) => set::run(&ctx, a),
        Command::Comment(a) => comment::run(&ctx, a),
        Command::Merge(a) => merge::run(&ctx, a),
        Command::Restore(a) => restore::run(&ctx, a),
        Command::Delete(a) => restore::delete(&ctx, a),
        Command::Views(a) => views::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Sync(a) => sync::run(&ctx, a),
        Command::Reply(a) => reply::run(&ctx, a),
        Command::Outbox(a) => outbox::run(&ctx, a),
        Command::Templates(a) => templates::run(&ctx, a),
        Command::Rules(a) => rules::run(&ctx, a),
        Command::Operator(a) => operator::run(&ctx, a),
        Command::Sla(a) => sla::run(&ctx, a),
        Command::Stats(a) => stats::run(&ctx, a),
        Command::Anonymize(a) => anonymize::run(&ctx, a),
        Command::Time(a) => time::run(&ctx, a),
        Command::Kb(a) => kb::run(&ctx, a),
        Command::Attachments(a) => attachments::run(&ctx, a),
        Command::Db(a) => db::run(&ctx, a),
        Command::Completions(_) | Command::Man(_) => Ok(()),
    };
    // What the command committed stays committed even when it failed later on.
    hooks::run_all(&ctx);
    result
}

/// Resolves a ticket the user named and checks the acting operator may touch it.
pub fn ticket(ctx: &Ctx, conn: &Connection, name: &str) -> anyhow::Result<Ticket> {
    let r: TicketRef = name.parse().map_err(usage)?;
    let t = tickets::resolve(conn, &r)?;
    ctx.check_access(&t)?;
    Ok(t)
}

/// The JSON object of a ticket, with the field names of the output contract.
pub fn ticket_json(ctx: &Ctx, t: &Ticket) -> Value {
    let time = |v: Option<i64>| v.map(|x| ctx.fmt_time(x));
    json!({
        "number": t.number_str(),
        "id": t.number,
        "subject": t.subject,
        "status": t.status.as_str(),
        "priority": t.priority.as_str(),
        "queue": t.queue,
        "category": t.category,
        "assignee": t.assignee,
        "contact": t.contact,
        "tags": t.tags,
        "created": ctx.fmt_time(t.created),
        "updated": ctx.fmt_time(t.updated),
        "first_response_due": time(t.first_response_due),
        "resolution_due": time(t.resolution_due),
        "breached": t.breached,
        "rating": t.rating,
        "deleted": t.deleted,
        "automatic": t.automatic,
        "time_spent": t.time_spent,
        "due": time(t.due),
        "followers": t.followers,
    })
}

/// Reads text from `-m`, `--file` or standard input (`-`).
pub fn read_text(
    message: Option<String>,
    file: Option<&Path>,
    stdin: bool,
) -> anyhow::Result<Option<String>> {
    if let Some(m) = message {
        return Ok(Some(m));
    }
    if let Some(f) = file {
        if f == Path::new("-") {
            return read_stdin().map(Some);
        }
        let text =
            std::fs::read(f).map_err(|e| usage(format!("cannot read {}: {e}", f.display())))?;
        return Ok(Some(String::from_utf8_lossy(&text).into_owned()));
    }
    if stdin {
        return read_stdin().map(Some);
    }
    Ok(None)
}

fn read_stdin() -> anyhow::Result<String> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .context("cannot read standard input")?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Checks an operator name against the config.
pub fn check_operator(ctx: &Ctx, name: &str) -> Result<(), crate::error::HdError> {
    if ctx.config.operator(name).is_none() {
        return Err(usage(format!(
            "unknown operator \"{name}\" (known: {})",
            list_or_none(&ctx.config.operator_names())
        )));
    }
    Ok(())
}

/// Checks a queue name against the config.
pub fn check_queue(ctx: &Ctx, name: &str) -> Result<(), crate::error::HdError> {
    if ctx.config.queue(name).is_none() {
        return Err(usage(format!(
            "unknown queue \"{name}\" (known: {})",
            list_or_none(&ctx.config.queue_names())
        )));
    }
    Ok(())
}

/// Checks a category name against the config.
pub fn check_category(ctx: &Ctx, name: &str) -> Result<(), crate::error::HdError> {
    if ctx.config.category(name).is_none() {
        return Err(usage(format!(
            "unknown category \"{name}\" (known: {})",
            list_or_none(&ctx.config.category_names())
        )));
    }
    Ok(())
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none configured".to_string()
    } else {
        v.join(", ")
    }
}

/// What a command changes, confirmed per ticket on stderr once it is committed.
pub struct Confirmations {
    mark: crate::store::changes::Mark,
    named: Vec<crate::confirm::Named>,
}

impl Confirmations {
    /// Starts recording; call inside the write transaction, before any change.
    pub fn start(conn: &Connection) -> anyhow::Result<Confirmations> {
        Ok(Confirmations {
            mark: crate::store::changes::mark(conn)?,
            named: Vec::new(),
        })
    }

    /// A ticket the user named, and what to say if the command left it as it was.
    pub fn named(&mut self, t: &Ticket, unchanged: impl Into<String>) {
        if let Some(n) = self.named.iter_mut().find(|n| n.id == t.id) {
            n.unchanged = unchanged.into();
            return;
        }
        self.named.push(crate::confirm::Named {
            id: t.id,
            number: t.number_str(),
            unchanged: unchanged.into(),
            notes: Vec::new(),
        });
    }

    /// Something to add to a ticket's line that no event records.
    pub fn note(&mut self, t: &Ticket, note: impl Into<String>) {
        if !self.named.iter().any(|n| n.id == t.id) {
            self.named(t, "");
        }
        if let Some(n) = self.named.iter_mut().find(|n| n.id == t.id) {
            n.notes.push(note.into());
        }
    }

    /// The lines to print; read inside the transaction, print after the commit.
    pub fn lines(&self, ctx: &Ctx, conn: &Connection) -> anyhow::Result<Vec<String>> {
        let changes = crate::store::changes::events_since(conn, self.mark)?;
        let queued = crate::store::changes::queued_since(conn, self.mark)?;
        Ok(crate::confirm::lines(
            ctx.actor(),
            &self.named,
            &changes,
            &queued,
        ))
    }
}

/// Prints confirmation lines on stderr, unless `-q`.
pub fn print_confirmations(ctx: &Ctx, lines: &[String]) {
    for l in lines {
        ctx.info(l);
    }
}

/// Tickets changed at once above which a command asks first.
pub const BULK_LIMIT: usize = 20;

/// Asks before changing more than [`BULK_LIMIT`] tickets at once.
pub fn confirm_bulk(ctx: &Ctx, n: usize) -> Result<(), crate::error::HdError> {
    if n > BULK_LIMIT {
        ctx.confirm(&format!("Change {n} tickets?"))?;
    }
    Ok(())
}

/// A warning when an operator now holds more queued and open tickets than their `max_open`.
pub fn over_capacity(
    ctx: &Ctx,
    conn: &Connection,
    operator: &str,
) -> anyhow::Result<Option<String>> {
    let Some(max) = ctx.config.operator(operator).and_then(|o| o.max_open) else {
        return Ok(None);
    };
    let load = tickets::open_load(conn, operator)?;
    Ok((load > i64::from(max)).then(|| {
        format!(
            "hd: warning: {operator} now holds {load} queued or open tickets, over their max_open of {max}"
        )
    }))
}

/// Opens the editor on a draft for a ticket, with the ticket's summary and the
/// customer's last message quoted below the scissors line; an empty text cancels (exit 3).
pub fn edit_for_ticket(
    ctx: &Ctx,
    conn: &Connection,
    t: &Ticket,
    draft: &str,
    what: &str,
) -> anyhow::Result<String> {
    let editor = crate::editor::command(ctx.can_prompt())?;
    let p = crate::term::escape_line;
    let mut below = String::new();
    below.push_str(&format!("#\n# {} · {}\n", t.number_str(), p(&t.subject)));
    below.push_str(&format!(
        "# {} · {} · {} · queue {}\n",
        t.status,
        t.priority,
        t.assignee.as_deref().unwrap_or("unassigned"),
        t.queue
    ));
    let contact = match (&t.contact_name, &t.contact) {
        (Some(n), Some(c)) if !n.is_empty() => format!("{} <{}>", p(n), p(c)),
        (_, Some(c)) => p(c),
        _ => "none".to_string(),
    };
    below.push_str(&format!("# Contact: {contact}\n"));
    let followers = crate::store::followers::of_ticket(conn, t.id)?;
    if !followers.is_empty() {
        below.push_str(&format!("# Followers: {}\n", p(&followers.join(", "))));
    }
    if let Some((time, from, text)) = crate::store::interactions::last_incoming(conn, t.id)? {
        below.push_str(&format!(
            "#\n# On {}, {} wrote:\n",
            ctx.fmt_short(time),
            p(from.as_deref().unwrap_or("the customer"))
        ));
        below.push_str(&crate::editor::quote(&text));
    }
    let text = crate::editor::edit(&editor, &crate::editor::layout(draft, &below), ".txt")?;
    if text.trim().is_empty() {
        return Err(
            crate::error::cancelled(format!("the {what} is empty; nothing was saved")).into(),
        );
    }
    Ok(text)
}
