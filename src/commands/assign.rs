//! `hd assign` and `hd take`: handing tickets to operators.

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::{cancelled, usage};
use crate::model::Status;
use crate::store::tickets::{self, Ticket};

/// Assign tickets: `hd assign 279 280 jana`, `--me`, `--none` or `--auto`.
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Tickets, then the operator when no flag is given
    #[arg(required = true, value_name = "TICKET... [OPERATOR]")]
    pub args: Vec<String>,
    /// Assign to yourself
    #[arg(long, conflicts_with_all = ["none", "auto"])]
    pub me: bool,
    /// Unassign
    #[arg(long, conflicts_with = "auto")]
    pub none: bool,
    /// Let automatic distribution pick the operator
    #[arg(long)]
    pub auto: bool,
    /// With --me: take tickets another operator holds without asking
    #[arg(long)]
    pub force: bool,
}

/// Take tickets: assign them to yourself and move queued ones to open.
///
/// A ticket another operator holds is taken over only after a yes on the
/// terminal, or with --force (or --yes); otherwise nothing changes (exit 3).
#[derive(Debug, Args)]
pub struct TakeArgs {
    /// Tickets
    #[arg(required = true)]
    pub tickets: Vec<String>,
    /// Take tickets another operator holds without asking
    #[arg(long)]
    pub force: bool,
}

enum Target {
    Op(String),
    Nobody,
    Auto,
}

/// The collision guard: asks before taking tickets another operator holds.
/// Returns the holders the user agreed to take over from, by ticket id.
fn guard(
    ctx: &Ctx,
    me: &str,
    names: &[String],
    force: bool,
) -> anyhow::Result<Vec<(i64, Option<String>)>> {
    let store = ctx.store()?;
    let mut seen = Vec::new();
    let mut held: Vec<(String, String)> = Vec::new();
    for name in names {
        let t = super::ticket(ctx, &store.conn, name)?;
        if let Some(a) = &t.assignee
            && a != me
        {
            held.push((t.number_str(), a.clone()));
        }
        seen.push((t.id, t.assignee));
    }
    if held.is_empty() || force || ctx.global.yes {
        return Ok(seen);
    }
    let list: Vec<String> = held.iter().map(|(n, a)| format!("{n} ({a})")).collect();
    let what = if held.len() == 1 {
        format!("{} is assigned to {}", held[0].0, held[0].1)
    } else {
        format!("{} are held by other operators", list.join(", "))
    };
    if !ctx.can_prompt() {
        return Err(cancelled(format!("{what}; nothing changed"))
            .hint("pass --force to take it over")
            .into());
    }
    ctx.confirm(&format!("{what}. Take over?"))?;
    Ok(seen)
}

/// Refuses a ticket whose holder changed after the user agreed to take it over.
fn recheck(t: &Ticket, agreed: &[(i64, Option<String>)], me: &str) -> anyhow::Result<()> {
    let Some((_, before)) = agreed.iter().find(|(id, _)| *id == t.id) else {
        return Ok(());
    };
    if t.assignee != *before && t.assignee.as_deref().is_some_and(|a| a != me) {
        return Err(cancelled(format!(
            "{} was just assigned to {}; nothing changed",
            t.number_str(),
            t.assignee.as_deref().unwrap_or("")
        ))
        .into());
    }
    Ok(())
}

/// Runs `hd assign`.
pub fn run(ctx: &Ctx, a: AssignArgs) -> anyhow::Result<()> {
    let mut args = a.args;
    let target = if a.me {
        Target::Op(ctx.me().ok_or_else(|| ctx.no_identity("--me"))?.to_string())
    } else if a.none {
        Target::Nobody
    } else if a.auto {
        Target::Auto
    } else {
        if args.len() < 2 {
            return Err(usage(
                "name the tickets and then the operator (or use --me, --none, --auto)",
            )
            .into());
        }
        let op = args.pop().unwrap_or_default();
        super::check_operator(ctx, &op)?;
        Target::Op(op)
    };
    if a.force && !a.me {
        return Err(usage("--force goes with --me (or use hd take --force)").into());
    }
    super::confirm_bulk(ctx, args.len())?;
    let agreed = match &target {
        Target::Op(me) if a.me => guard(ctx, me, &args, a.force)?,
        _ => Vec::new(),
    };
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut done = Vec::new();
    for name in &args {
        let mut t = super::ticket(ctx, &tx, name)?;
        match &target {
            Target::Op(op) => {
                if let Some(op_cfg) = ctx.config.operator(op)
                    && !op_cfg.queues.iter().any(|q| q.get_ref() == &t.queue)
                {
                    return Err(usage(format!(
                        "{op} has no rights on queue \"{}\" of {}",
                        t.queue,
                        t.number_str()
                    ))
                    .into());
                }
                recheck(&t, &agreed, op)?;
                confirm.named(&t, format!("already assigned to {op}"));
                tickets::set_assignee(&tx, &mut t, Some(op), now, &actor)?;
            }
            Target::Nobody => {
                confirm.named(&t, "already unassigned");
                tickets::set_assignee(&tx, &mut t, None, now, &actor)?;
            }
            Target::Auto => {
                if !matches!(t.status, Status::Queued | Status::Open) {
                    return Err(usage(format!(
                        "{} is {}; only queued and open tickets are distributed",
                        t.number_str(),
                        t.status
                    ))
                    .into());
                }
                let before = t.assignee.clone();
                tickets::set_assignee(&tx, &mut t, None, now, &actor)?;
                match crate::distribute::assign_requested(&ctx.config, &tx, &mut t, now)? {
                    Some(op) if before.as_deref() == Some(&op) => {
                        confirm.named(&t, format!("stays with {op}"));
                    }
                    Some(_) => confirm.named(&t, ""),
                    None => {
                        confirm.named(&t, "no eligible operator has a free slot; left unassigned")
                    }
                }
            }
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    let mut warnings = Vec::new();
    if let Target::Op(op) = &target {
        warnings.extend(super::over_capacity(ctx, &tx, op)?);
    }
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    for w in warnings {
        eprintln!("{w}");
    }
    Ok(())
}

/// Runs `hd take`.
pub fn take(ctx: &Ctx, a: TakeArgs) -> anyhow::Result<()> {
    let me = ctx.me().ok_or_else(|| ctx.no_identity("take"))?.to_string();
    super::confirm_bulk(ctx, a.tickets.len())?;
    let agreed = guard(ctx, &me, &a.tickets, a.force)?;
    let now = ctx.now_ts();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut confirm = super::Confirmations::start(&tx)?;
    let mut done = Vec::new();
    for name in &a.tickets {
        let mut t = super::ticket(ctx, &tx, name)?;
        recheck(&t, &agreed, &me)?;
        confirm.named(&t, "already yours");
        tickets::set_assignee(&tx, &mut t, Some(&me), now, &me)?;
        if t.status == Status::Queued {
            tickets::set_status(&tx, &mut t, Status::Open, now, &me)?;
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    let warning = super::over_capacity(ctx, &tx, &me)?;
    let lines = confirm.lines(ctx, &tx)?;
    tx.commit()?;
    super::print_confirmations(ctx, &lines);
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    Ok(())
}
