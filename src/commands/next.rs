//! `hd next`: the one ticket to work on now, as taskwarrior's `task next` for a helpdesk.

use clap::Args;

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::model::Status;
use crate::store::tickets::{self, NextFor};

/// Show the ticket to work on now: among your own tickets that are not waiting or closed
/// and the unassigned ones you may take, the one due first, then by priority and age.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// Assign it to yourself (atomically: two operators never get the same ticket)
    #[arg(long)]
    pub take: bool,
    /// Show quoted earlier mail instead of folding it
    #[arg(long)]
    pub full: bool,
}

/// How many candidates one `--take` tries before giving up on a busy moment.
const CANDIDATES: usize = 20;

/// Runs `hd next`.
pub fn run(ctx: &Ctx, a: NextArgs) -> anyhow::Result<()> {
    let me = ctx.me();
    if a.take && me.is_none() {
        return Err(usage("next --take needs an operator identity (use --as NAME)").into());
    }
    let op = me.and_then(|m| ctx.config.operator(m));
    let queues: Option<Vec<String>> = ctx.visible_queues();
    let categories: Option<Vec<String>> = op
        .map(|o| {
            o.categories
                .iter()
                .map(|c| c.get_ref().clone())
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty());
    let who = NextFor {
        me,
        queues: queues.as_deref(),
        categories: categories.as_deref(),
    };
    let mut store = ctx.store()?;
    let found = if a.take {
        let me = me.unwrap_or_default();
        let now = ctx.now_ts();
        // An immediate transaction holds the write lock from the first read: the pick
        // and the guarded assignment happen with no other writer in between.
        let tx = store.write()?;
        let mut taken = None;
        for id in tickets::next_candidates(&tx, &who, CANDIDATES)? {
            let mut t = tickets::load(&tx, id)?;
            let mine = t.assignee.as_deref() == Some(me);
            if !mine && !tickets::take_if_unassigned(&tx, &mut t, me, now)? {
                continue;
            }
            if t.status == Status::Queued {
                tickets::set_status(&tx, &mut t, Status::Open, now, me)?;
            }
            if !mine {
                ctx.info(&format!("{}: assigned to {me}", t.number_str()));
            }
            taken = Some(t.id);
            break;
        }
        if let Some(id) = taken {
            crate::workflow::after_changes(ctx, &tx, &[id])?;
        }
        tx.commit()?;
        taken
    } else {
        tickets::next_candidates(&store.conn, &who, 1)?
            .first()
            .copied()
    };
    match found {
        Some(id) => {
            let t = tickets::load(&store.conn, id)?;
            super::show::print(ctx, &store.conn, &t, a.full)
        }
        None => {
            match ctx.format() {
                Format::Json => println!("null"),
                Format::Ids => {}
                _ => {}
            }
            ctx.info("nothing to work on: no queued or open ticket of yours or free to take");
            Ok(())
        }
    }
}
