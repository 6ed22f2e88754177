//! `hd list`: tickets matching a view and a query.

use clap::Args;
use rusqlite::types::Value as SqlValue;

use crate::cli::Format;
use crate::context::Ctx;
use crate::error::usage;
use crate::filter;
use crate::output;
use crate::store::tickets;

/// List tickets. QUERY is the filter language; a first term starting with `-` goes after `--`.
///
/// Without a view or query: the `open` view. With `--view`, the query narrows the view.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Filter terms, e.g. `status:open,waiting priority:>=high reklamace`
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// A built-in or configured view (see `hd views`)
    #[arg(long)]
    pub view: Option<String>,
    /// Sort order, e.g. `-priority,created`
    #[arg(long)]
    pub sort: Option<String>,
    /// Show at most N tickets
    #[arg(long)]
    pub limit: Option<u64>,
}

/// Columns `list` can show.
pub const COLUMNS: &[&str] = &[
    "number",
    "id",
    "subject",
    "status",
    "priority",
    "queue",
    "category",
    "assignee",
    "contact",
    "tags",
    "created",
    "updated",
    "first_response_due",
    "resolution_due",
    "breached",
    "rating",
    "deleted",
    "time_spent",
];

const DEFAULT_COLUMNS: &[&str] = &[
    "number", "status", "priority", "queue", "assignee", "contact", "updated", "subject",
];

/// The SQL condition and parameters of a view plus a query, including queue rights.
pub fn where_clause(
    ctx: &Ctx,
    view: Option<&str>,
    query: &str,
) -> anyhow::Result<(String, Vec<SqlValue>, Option<String>)> {
    let (view_query, view_sort) = match view {
        Some(name) => match ctx.config.views.get(name) {
            Some(v) => (v.query.clone(), v.sort.clone()),
            None => match crate::views::builtin(name) {
                Some(q) => (q.to_string(), None),
                None => {
                    let mut names: Vec<String> = crate::views::BUILTIN
                        .iter()
                        .map(|(n, _)| n.to_string())
                        .collect();
                    names.extend(ctx.config.views.keys().cloned());
                    return Err(usage(format!(
                        "unknown view \"{name}\" (known: {})",
                        names.join(", ")
                    ))
                    .into());
                }
            },
        },
        None if query.trim().is_empty() => ("status:queued,open automatic:no".to_string(), None),
        None => (String::new(), None),
    };
    let full = format!("{view_query} {query}");
    let q = filter::parse(&full).map_err(|e| usage(e.to_string()))?;
    check_names(ctx, &q)?;
    let time = ctx.time();
    let (mut sql, mut params) = filter::to_sql(
        &q,
        &filter::SqlCtx {
            me: ctx.me(),
            time: &time,
        },
    )
    .map_err(|e| usage(e.to_string()))?;
    if let Some(rights) = filter::queue_rights_sql(ctx.visible_queues().as_deref(), &mut params) {
        sql = format!("({sql}) AND {rights}");
    }
    Ok((sql, params, view_sort))
}

/// Refuses operators, queues and categories the config does not know.
fn check_names(ctx: &Ctx, q: &filter::Query) -> anyhow::Result<()> {
    for op in q.operators() {
        if op != "me" && op != "none" {
            super::check_operator(ctx, op)?;
        }
    }
    for queue in q.queues() {
        super::check_queue(ctx, queue)?;
    }
    for c in q.categories() {
        if c != "none" {
            super::check_category(ctx, c)?;
        }
    }
    Ok(())
}

/// Runs `hd list`.
pub fn run(ctx: &Ctx, a: ListArgs) -> anyhow::Result<()> {
    let query = a.query.join(" ");
    let (cond, mut params, view_sort) = where_clause(ctx, a.view.as_deref(), &query)?;
    let sort = a
        .sort
        .or(view_sort)
        .unwrap_or_else(|| "-priority,created".to_string());
    let keys = filter::parse_sort(&sort).map_err(|e| usage(e.to_string()))?;
    let order = filter::sort_sql(&keys);
    // Pick the ids first, then build the wide rows (contact, tags) only for those.
    let mut inner = format!("SELECT t.id FROM tickets t WHERE {cond} ORDER BY {order}");
    if let Some(n) = a.limit {
        inner.push_str(" LIMIT ?");
        params.push(SqlValue::Integer(n.min(i64::MAX as u64) as i64));
    }
    let sql = format!(
        "{} WHERE t.id IN ({inner}) ORDER BY {order}",
        tickets::SELECT
    );
    let store = ctx.store()?;
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params), tickets::from_row)?;
    let mut out = Vec::new();
    for t in rows {
        out.push(super::ticket_json(ctx, &t?));
    }
    let view_cols = a
        .view
        .as_deref()
        .and_then(|v| ctx.config.views.get(v))
        .and_then(|v| v.columns.clone());
    let cols = output::columns(
        ctx.global.columns.as_deref().or(view_cols.as_deref()),
        DEFAULT_COLUMNS,
        COLUMNS,
    )?;
    let format = ctx.format();
    if format == Format::Xlsx {
        return Err(usage("--format xlsx is for `hd export`").into());
    }
    output::print_rows(format, &cols, &out)
}
