//! `hd views`: the built-in and configured views with their queries.

use clap::Args;
use serde_json::json;

use crate::commands::context::Ctx;
use crate::output;

/// List the views `hd list --view` accepts.
#[derive(Debug, Args)]
pub struct ViewsArgs {}

/// Runs `hd views`.
pub fn run(ctx: &Ctx, _a: ViewsArgs) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for (name, query) in crate::views::BUILTIN {
        if ctx.config.views.contains_key(*name) {
            continue;
        }
        rows.push(json!({"name": name, "query": query, "sort": "-priority,created", "source": "built-in"}));
    }
    for (name, v) in &ctx.config.views {
        rows.push(json!({
            "name": name,
            "query": v.query,
            "sort": v.sort.clone().unwrap_or_else(|| "-priority,created".into()),
            "source": "config",
        }));
    }
    let cols = output::columns(
        ctx.global.columns.as_deref(),
        &["name", "query", "sort", "source"],
        &["name", "query", "sort", "source"],
    )?;
    let count = output::count_line(rows.len(), "view", "views");
    output::print_rows_with(ctx.format(), &cols, &rows, Some(&count))
}
