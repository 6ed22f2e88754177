//! `hd assign` and `hd take`: handing tickets to operators.

use clap::Args;

use crate::context::Ctx;
use crate::error::usage;
use crate::model::Status;
use crate::store::tickets;

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
}

/// Take tickets: assign them to yourself and move queued ones to open.
#[derive(Debug, Args)]
pub struct TakeArgs {
    /// Tickets
    #[arg(required = true)]
    pub tickets: Vec<String>,
}

enum Target {
    Op(String),
    Nobody,
    Auto,
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
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let tx = store.write()?;
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
                tickets::set_assignee(&tx, &mut t, Some(op), now, &actor)?;
            }
            Target::Nobody => {
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
                tickets::set_assignee(&tx, &mut t, None, now, &actor)?;
                match crate::distribute::assign_requested(&ctx.config, &tx, &mut t, now)? {
                    Some(op) => ctx.info(&format!("{} → {op}", t.number_str())),
                    None => ctx.info(&format!(
                        "{}: no eligible operator has a free slot; left unassigned",
                        t.number_str()
                    )),
                }
            }
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    tx.commit()?;
    Ok(())
}

/// Runs `hd take`.
pub fn take(ctx: &Ctx, a: TakeArgs) -> anyhow::Result<()> {
    let me = ctx.me().ok_or_else(|| ctx.no_identity("take"))?.to_string();
    let now = ctx.now_ts();
    let mut store = ctx.store()?;
    let tx = store.write()?;
    let mut done = Vec::new();
    for name in &a.tickets {
        let mut t = super::ticket(ctx, &tx, name)?;
        tickets::set_assignee(&tx, &mut t, Some(&me), now, &me)?;
        if t.status == Status::Queued {
            tickets::set_status(&tx, &mut t, Status::Open, now, &me)?;
        }
        done.push(t.id);
    }
    crate::workflow::after_changes(ctx, &tx, &done)?;
    tx.commit()?;
    Ok(())
}
