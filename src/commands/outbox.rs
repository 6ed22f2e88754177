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
    let mut st = store.conn.prepare(
        "SELECT o.id, t.prefix, t.number, o.to_addr, o.subject, o.state, o.attempts, CASE WHEN o.state = 'sent' THEN NULL ELSE o.last_error END, o.created, t.queue \
         FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE (?1 OR o.state != 'sent') ORDER BY o.id",
    )?;
    let visible = ctx.visible_queues();
    let mut rows = Vec::new();
    let mut q = st.query([a.all])?;
    while let Some(r) = q.next()? {
        let queue: String = r.get(9)?;
        if let Some(v) = &visible
            && !v.contains(&queue)
        {
            continue;
        }
        let prefix: String = r.get(1)?;
        rows.push(json!({
            "id": r.get::<_, i64>(0)?,
            "ticket": ticket_number(&prefix, r.get(2)?),
            "to": r.get::<_, String>(3)?,
            "subject": r.get::<_, String>(4)?,
            "state": r.get::<_, String>(5)?,
            "attempts": r.get::<_, i64>(6)?,
            "last_error": r.get::<_, Option<String>>(7)?,
            "created": ctx.fmt_time(r.get(8)?),
        }));
    }
    let cols = output::columns(ctx.global.columns.as_deref(), COLUMNS, COLUMNS)?;
    let count = output::count_line(rows.len(), "message", "messages");
    output::print_rows_with(ctx.format(), &cols, &rows, Some(&count))
}
