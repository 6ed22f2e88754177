//! `hd operator`: availability, and the list of operators with their load.

use clap::{Args, Subcommand};
use serde_json::json;

use crate::commands::context::Ctx;
use crate::output;

/// Operators: list them with their load (the default), or mark one away or back.
#[derive(Debug, Args)]
pub struct OperatorArgs {
    #[command(subcommand)]
    pub command: Option<OperatorCommand>,
}

/// `hd operator` subcommands.
#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// List operators, their queues, open load and availability (the default)
    List,
    /// Stop getting new tickets automatically (default: yourself)
    Away { name: Option<String> },
    /// Start getting new tickets again; waiting tickets are handed out at once
    Back { name: Option<String> },
}

/// Runs `hd operator`.
pub fn run(ctx: &Ctx, a: OperatorArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let (name, away) = match a.command.unwrap_or(OperatorCommand::List) {
        OperatorCommand::List => {
            let mut rows = Vec::new();
            for op in &ctx.config.operators {
                let name = op.name.get_ref();
                let load: i64 = store.conn.query_row(
                    "SELECT count(*) FROM tickets WHERE assignee = ?1 AND status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL",
                    [name],
                    |r| r.get(0),
                )?;
                let away: bool = store
                    .conn
                    .query_row(
                        "SELECT away FROM operator_state WHERE name = ?1",
                        [name],
                        |r| r.get::<_, i64>(0),
                    )
                    .map(|v| v != 0)
                    .unwrap_or(false);
                rows.push(json!({
                    "name": name,
                    "queues": op.queues.iter().map(|q| q.get_ref().clone()).collect::<Vec<_>>(),
                    "categories": op.categories.iter().map(|q| q.get_ref().clone()).collect::<Vec<_>>(),
                    "open": load,
                    "max_open": op.max_open,
                    "available": !away,
                }));
            }
            let cols: Vec<String> = [
                "name",
                "queues",
                "categories",
                "open",
                "max_open",
                "available",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let count = output::count_line(rows.len(), "operator", "operators");
            return output::print_rows_with(ctx.format(), &cols, &rows, Some(&count));
        }
        OperatorCommand::Away { name } => (name, true),
        OperatorCommand::Back { name } => (name, false),
    };
    let name = match name {
        Some(n) => n,
        None => ctx
            .me()
            .ok_or_else(|| ctx.no_identity("operator away/back without a name"))?
            .to_string(),
    };
    super::check_operator(ctx, &name)?;
    let tx = store.write()?;
    tx.execute(
        "INSERT INTO operator_state (name, away) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET away = ?2",
        crate::db::params![name, away as i64],
    )?;
    if !away {
        crate::distribute::refill(&ctx.config, &tx, ctx.now_ts())?;
    }
    tx.commit()?;
    Ok(())
}
