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
                let load: i64 = crate::store::operators::open_count(&store.conn, name)?;
                let away: bool =
                    crate::store::operators::is_away(&store.conn, name).unwrap_or(false);
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
    crate::store::operators::set_away(&tx, &name, away)?;
    if !away {
        crate::distribute::refill(&ctx.config, &tx, ctx.now_ts())?;
    }
    tx.commit()?;
    Ok(())
}
