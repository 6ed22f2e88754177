//! `hd set`: priority, category, queue and tags.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::Priority;
use crate::store::tickets;

/// Change fields of tickets.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["priority", "category", "queue", "tag"])))]
pub struct SetArgs {
    /// Tickets
    #[arg(required = true)]
    pub tickets: Vec<String>,
    /// low, normal, high or urgent
    #[arg(long)]
    pub priority: Option<String>,
    /// A configured category, or `none`
    #[arg(long)]
    pub category: Option<String>,
    /// A configured queue
    #[arg(long)]
    pub queue: Option<String>,
    /// Tags to add and remove: `+vip,-spam` (a bare name adds)
    #[arg(long, allow_hyphen_values = true)]
    pub tag: Option<String>,
}

/// Runs `hd set`.
pub fn run(ctx: &Ctx, a: SetArgs) -> anyhow::Result<()> {
    let priority: Option<Priority> = match &a.priority {
        Some(p) => Some(p.parse().map_err(usage)?),
        None => None,
    };
    let category = match a.category.as_deref() {
        Some("none") | Some("") => Some(None),
        Some(c) => {
            super::check_category(ctx, c)?;
            Some(Some(c.to_string()))
        }
        None => None,
    };
    if let Some(q) = &a.queue {
        super::check_queue(ctx, q)?;
        if let Some(qs) = ctx.visible_queues()
            && !qs.contains(q)
        {
            return Err(usage(format!("{} has no rights on queue \"{q}\"", ctx.actor())).into());
        }
    }
    let mut tag_ops: Vec<(bool, String)> = Vec::new();
    if let Some(spec) = &a.tag {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (add, name) = match part.as_bytes()[0] {
                b'+' => (true, &part[1..]),
                b'-' => (false, &part[1..]),
                _ => (true, part),
            };
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(usage(format!("bad tag \"{part}\" in --tag")).into());
            }
            tag_ops.push((add, name.to_string()));
        }
    }
    super::confirm_bulk(ctx, a.tickets.len())?;
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut done = Vec::new();
    for name in &a.tickets {
        let mut t = super::ticket(ctx, &tx, name)?;
        confirm.named(&t, "unchanged");
        if let Some(p) = priority {
            tickets::set_priority(&tx, &mut t, p, now, &actor)?;
        }
        if let Some(c) = &category {
            tickets::set_category(&tx, &mut t, c.as_deref(), now, &actor)?;
        }
        if let Some(q) = &a.queue {
            tickets::set_queue(&tx, &mut t, q, now, &actor)?;
        }
        for (add, tag) in &tag_ops {
            if *add {
                tickets::add_tag(&tx, &mut t, tag, now, &actor)?;
            } else {
                tickets::remove_tag(&tx, &mut t, tag, now, &actor)?;
            }
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    Ok(())
}
