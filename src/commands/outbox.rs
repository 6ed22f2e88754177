//! `hd outbox`: outgoing mail not yet sent, and retrying it.

use clap::Args;
use serde_json::json;

use crate::commands::context::Ctx;
use crate::model::ticket_number;
use crate::output;

/// List outgoing mail that is waiting or failed; `--retry` sends it all now.
#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// Send every waiting or failed message now
    #[arg(long)]
    pub retry: bool,
    /// Also list sent messages
    #[arg(long)]
    pub all: bool,
}

const COLUMNS: &[&str] = &[
    "id",
    "ticket",
    "to",
    "subject",
    "state",
    "attempts",
    "last_error",
    "created",
];

/// Runs `hd outbox`.
pub fn run(ctx: &Ctx, a: OutboxArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    if a.retry {
        let r = crate::outbox::send_due(ctx, &mut store, true)?;
        ctx.info(&format!("sent {}, failed {}", r.sent, r.failed));
        return Ok(());
    }
    let visible = ctx.visible_queues();
    let mut rows = Vec::new();
    for r in crate::store::outbox::list(&store.conn, a.all)? {
        if let Some(v) = &visible
            && !v.contains(&r.queue)
        {
            continue;
        }
        rows.push(json!({
            "id": r.id,
            "ticket": ticket_number(&r.prefix, r.number),
            "to": r.to_addr,
            "subject": r.subject,
            "state": r.state,
            "attempts": r.attempts,
            "last_error": r.last_error,
            "created": ctx.fmt_time(r.created),
        }));
    }
    let cols = output::columns(ctx.global.columns.as_deref(), COLUMNS, COLUMNS)?;
    let count = output::count_line(rows.len(), "message", "messages");
    output::print_rows_with(ctx.format(), &cols, &rows, Some(&count))
}
