//! `hd reply`: answer the customer from a template or text, through the outbox.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::{HdError, usage};
use crate::mail::compose::Attachment;
use crate::model::Status;
use crate::outbox::{self, Draft};
use crate::store::tickets;

/// Reply to the ticket's contact: render, store in the outbox, send over SMTP, record.
///
/// The text comes from `--template`, `-m`, `--file` or `-` (standard input); without
/// any of them, or with `--edit`, it is written in $VISUAL/$EDITOR below the customer's
/// last message (an empty text cancels with exit 3). The ticket's followers get a copy
/// unless `--no-cc`; the operator's `signature` is appended.
#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// The ticket
    pub ticket: String,
    /// `-` reads the text from standard input
    #[arg(value_name = "-")]
    pub stdin: Option<String>,
    /// A template (see `hd templates`)
    #[arg(long, short)]
    pub template: Option<String>,
    /// The text
    #[arg(short = 'm', long, conflicts_with_all = ["file", "stdin"])]
    pub message: Option<String>,
    /// Read the text from a file
    #[arg(long, conflicts_with = "stdin")]
    pub file: Option<PathBuf>,
    /// Edit the text in $VISUAL/$EDITOR before sending
    #[arg(long)]
    pub edit: bool,
    /// Copy to these addresses too (a@b.cz or "Name <a@b.cz>", comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub cc: Vec<String>,
    /// Leave the ticket's followers out of this reply
    #[arg(long)]
    pub no_cc: bool,
    /// Attach files
    #[arg(long, num_args = 1..)]
    pub attach: Vec<PathBuf>,
    /// Status after replying
    #[arg(long, default_value = "waiting", value_parser = clap::builder::PossibleValuesParser::new(["waiting", "closed", "open"]))]
    pub then: String,
    /// Show the headers and text the customer would get; send and record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Put this knowledge-base article in the reply, rendered like a template
    #[arg(long, value_name = "ID")]
    pub article: Option<i64>,
    /// Log this much work on the ticket with the reply, e.g. 25m, 1h30m
    #[arg(long, value_name = "DURATION")]
    pub time: Option<String>,
}

/// The MIME type of a file to attach, from its extension.
fn content_type(path: &std::path::Path) -> String {
    mime_guess::from_path(path)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

/// Runs `hd reply`.
pub fn run(ctx: &Ctx, a: ReplyArgs) -> anyhow::Result<()> {
    let stdin = match a.stdin.as_deref() {
        Some("-") => true,
        Some(other) => {
            return Err(usage(format!(
                "unexpected argument \"{other}\" (use -m TEXT, --file F or -)"
            ))
            .into());
        }
        None => false,
    };
    let then: Status = a.then.parse().map_err(usage)?;
    let spent = a
        .time
        .as_deref()
        .map(super::time::parse_duration)
        .transpose()?;
    for c in &a.cc {
        if crate::mail::compose::recipient_address("Cc", c).is_err() {
            return Err(usage(format!(
                "--cc \"{}\" is not an email address (a@b.cz or \"Name <a@b.cz>\")",
                c.escape_debug()
            ))
            .into());
        }
    }
    let mut attachments = Vec::new();
    for p in &a.attach {
        let data = std::fs::read(p)
            .map_err(|e| usage(format!("cannot read attachment {}: {e}", p.display())))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "attachment".into());
        attachments.push(Attachment {
            filename: name,
            content_type: content_type(p),
            data,
        });
    }
    let now = ctx.now_ts();
    let operator = ctx.me().map(str::to_string);
    let mut store = ctx.store()?;
    let t = super::ticket(ctx, &store.conn, &a.ticket)?;
    let to = t
        .contact
        .clone()
        .ok_or_else(|| usage(format!("{} has no contact to reply to", t.number_str())))?;
    let vars = outbox::template_context(&ctx.config, &store.conn, &t, operator.as_deref(), now)?;
    let (mut subject, mut body) = (format!("Re: {}", t.subject), String::new());
    if let Some(name) = &a.template {
        let templates = outbox::load_templates(&ctx.config)?;
        if !templates.contains(name) {
            let names: Vec<&str> = templates.names().collect();
            return Err(usage(format!(
                "unknown template \"{name}\" (known: {})",
                names.join(", ")
            ))
            .into());
        }
        let r = templates.render(name, &vars)?;
        if let Some(s) = r.subject {
            subject = s;
        }
        body = r.body;
    }
    if let Some(id) = a.article {
        let text = super::kb::render_article(ctx, &store.conn, id, &t, operator.as_deref(), now)?;
        body = if body.is_empty() {
            text
        } else {
            format!("{body}\n\n{text}")
        };
    }
    let given = super::read_text(a.message.clone(), a.file.as_deref(), stdin)?;
    let has_text = given.is_some() || a.template.is_some() || a.article.is_some();
    if let Some(text) = given {
        body = if body.is_empty() {
            text
        } else {
            format!("{text}\n\n{body}")
        };
    }
    if let Some(sig) = outbox::signature(&ctx.config, operator.as_deref(), &vars)? {
        body = if body.trim().is_empty() {
            sig
        } else {
            format!("{}\n\n{sig}", body.trim_end())
        };
    }
    if a.edit || !has_text {
        body = super::edit_for_ticket(ctx, &store.conn, &t, &body, "reply")?;
    }
    if body.trim().is_empty() {
        return Err(usage(
            "the reply is empty: give --template, --article, -m TEXT, --file F, - or --edit",
        )
        .into());
    }
    let mut cc = Vec::new();
    if !a.no_cc {
        cc = crate::store::followers::of_ticket(&store.conn, t.id)?;
    }
    for c in &a.cc {
        let bare = crate::mail::compose::recipient_address("Cc", c).unwrap_or_else(|_| c.clone());
        if !cc.iter().any(|x| x.eq_ignore_ascii_case(&bare)) {
            cc.push(c.clone());
        }
    }
    cc.retain(|c| !c.eq_ignore_ascii_case(&to));
    // Everything that can fail before the server is checked before anything is
    // stored: a reply that cannot go must not be queued, nor stop the SLA clock.
    let settings = if a.dry_run {
        None
    } else {
        Some(outbox::smtp_settings(&ctx.config)?)
    };
    let tx = store.write()?;
    let confirm = super::Confirmations::start(&tx)?;
    let (iid, raw) = outbox::queue_message(
        &ctx.config,
        &tx,
        &t,
        &Draft {
            to: vec![to],
            cc,
            subject,
            body,
            attachments,
            automatic: false,
            // Who replied, as `hd new` records it: the login name when not an operator.
            operator: Some(ctx.actor().to_string()),
        },
        now,
    )?;
    if a.dry_run {
        tx.rollback()?;
        let mut out = std::io::stdout().lock();
        out.write_all(crate::mail::compose::as_read(&raw).as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    if let Some(s) = spent {
        super::time::log_with(ctx, &tx, t.id, iid, s, "reply")?;
    }
    let mut t = tickets::load(&tx, t.id)?;
    let actor = ctx.actor().to_string();
    let mut confirm = confirm;
    confirm.named(&t, "");
    if tickets::set_status(&tx, &mut t, then, now, &actor)?
        && then == Status::Closed
        && let Some(note) = crate::workflow::on_closed(ctx, &tx, &t)?
    {
        confirm.note(&t, note);
    }
    crate::workflow::after_changes(ctx, &tx, &[t.id])?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    // What changed is said once the mail went out; a failed send's error says the
    // reply is queued, not sent.
    match outbox::send_due_with(ctx, &mut store, false, settings) {
        Ok(report) => {
            super::print_confirmations(ctx, &lines);
            if ctx.global.verbose {
                eprintln!("sent {}", report.sent);
            }
            Ok(())
        }
        // Another message of the outbox failed, this reply went out.
        Err(e) if outbox::state_of(&store.conn, iid)?.as_deref() == Some("sent") => {
            super::print_confirmations(ctx, &lines);
            eprintln!(
                "hd: warning: outbox: {e}; that mail stays in the outbox (`hd outbox --retry` or the next `hd sync` sends it)"
            );
            Ok(())
        }
        Err(e) => Err(HdError {
            exit: crate::error::exit_code(&e),
            msg: format!("{}: reply queued, not sent: {e}", t.number_str()),
            hint: Some("`hd outbox --retry` sends it (so does the next `hd sync`)".to_string()),
        }
        .into()),
    }
}
