//! `hd new`: a ticket created by hand, for calls, chats and web forms.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::{Priority, SOURCES};
use crate::store::interactions::{self, NewInteraction};
use crate::store::tickets::{self, NewTicket};

/// Create a ticket by hand with its first interaction; prints its number.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Subject of the ticket
    #[arg(long, short)]
    pub subject: String,
    /// The customer's email address
    #[arg(long)]
    pub contact: Option<String>,
    /// Contact's name
    #[arg(long)]
    pub name: Option<String>,
    /// Queue (default: the first configured)
    #[arg(long)]
    pub queue: Option<String>,
    /// Where it came from
    #[arg(long, default_value = "manual", value_parser = clap::builder::PossibleValuesParser::new(["phone", "chat", "web", "manual", "email"]))]
    pub source: String,
    /// Category
    #[arg(long)]
    pub category: Option<String>,
    /// Priority
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["low", "normal", "high", "urgent"]))]
    pub priority: Option<String>,
    /// Text of the first interaction from a file, or - for standard input
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Text of the first interaction
    #[arg(long, short = 'm')]
    pub message: Option<String>,
    /// Assign to this operator
    #[arg(long, conflicts_with = "me")]
    pub assign: Option<String>,
    /// Assign to yourself
    #[arg(long)]
    pub me: bool,
}

/// Runs `hd new`.
pub fn run(ctx: &Ctx, a: NewArgs) -> anyhow::Result<()> {
    let queue = match &a.queue {
        Some(q) => {
            super::check_queue(ctx, q)?;
            ctx.config.queue(q)
        }
        None => ctx.config.queues.first(),
    }
    .ok_or_else(|| {
        usage("no queue is configured").hint("add a [[queue]] to the config (see `hd init`)")
    })?;
    let queue_name = queue.name.get_ref().clone();
    if let Some(qs) = ctx.visible_queues()
        && !qs.contains(&queue_name)
    {
        return Err(usage(format!(
            "{} has no rights on queue \"{queue_name}\"",
            ctx.actor()
        ))
        .into());
    }
    if let Some(c) = &a.category {
        super::check_category(ctx, c)?;
    }
    let assignee = if a.me {
        Some(ctx.me().ok_or_else(|| ctx.no_identity("--me"))?.to_string())
    } else {
        a.assign.clone()
    };
    if let Some(op) = &assignee {
        super::check_operator(ctx, op)?;
    }
    if let Some(c) = &a.contact
        && (!c.contains('@') || c.contains(char::is_whitespace))
    {
        return Err(usage(format!("\"{c}\" is not an email address")).into());
    }
    debug_assert!(SOURCES.contains(&a.source.as_str()));
    let priority: Priority = match &a.priority {
        Some(p) => p.parse().map_err(usage)?,
        None => Priority::Normal,
    };
    let body =
        super::read_text(a.message.clone(), a.body_file.as_deref(), false)?.unwrap_or_default();
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store_or_create()?;
    let tx = store.write()?;
    let confirm = super::Confirmations::start(&tx)?;
    let contact_id = match &a.contact {
        Some(c) => Some(crate::store::upsert_contact(&tx, c, a.name.as_deref())?),
        None => None,
    };
    let (id, _) = tickets::create(
        &tx,
        &NewTicket {
            queue: &queue_name,
            prefix: queue.prefix.get_ref(),
            subject: &a.subject,
            contact_id,
            category: a.category.as_deref(),
            priority,
            status: crate::model::Status::Queued,
            assignee: None,
            deleted: false,
            source: &a.source,
            time: now,
            actor: &actor,
            linked_to: None,
            automatic: false,
        },
    )?;
    interactions::insert(
        &tx,
        &NewInteraction {
            ticket_id: id,
            time: now,
            direction: "in",
            source: &a.source,
            operator: Some(&actor),
            contact_id,
            subject: &a.subject,
            text: &body,
            ..Default::default()
        },
    )?;
    let mut t = tickets::load(&tx, id)?;
    // Routing rules see a ticket made by hand as they see mail.
    let rules = crate::ingest::compile_rules(&ctx.config)?;
    let contact = a.contact.clone().unwrap_or_default().to_lowercase();
    let outcome = crate::rules::outcome(
        &rules,
        &crate::rules::Input {
            from: &contact,
            from_name: a.name.as_deref().unwrap_or(""),
            subject: &a.subject,
            body: &body,
            source: &a.source,
            queue: &queue_name,
            ..Default::default()
        },
    );
    crate::routing::apply(&ctx.config, &tx, &mut t, &outcome, now, false)?;
    if let Some(op) = &assignee {
        tickets::set_assignee(&tx, &mut t, Some(op), now, &actor)?;
    } else if t.assignee.is_none() {
        crate::distribute::assign_one(&ctx.config, &tx, &mut t, now)?;
    }
    crate::workflow::after_changes(ctx, &tx, &[t.id])?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    writeln!(std::io::stdout(), "{}", t.number_str())?;
    Ok(())
}
