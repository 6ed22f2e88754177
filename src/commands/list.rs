//! `hd list`: tickets matching a view and a query.

use clap::Args;
use rusqlite::types::Value as SqlValue;

use crate::cli::Format;
use crate::commands::context::Ctx;
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
pub const COLUMNS: &[&str] = crate::views::COLUMNS;

const DEFAULT_COLUMNS: &[&str] = &[
    "number", "status", "priority", "queue", "assignee", "contact", "updated", "subject",
];

/// What a terminal shows by default; below 100 columns the subject keeps its room.
const TABLE_COLUMNS: &[&str] = &[
    "number", "status", "priority", "assignee", "contact", "due", "updated", "subject",
];
const NARROW_TABLE_COLUMNS: &[&str] =
    &["number", "status", "priority", "assignee", "due", "subject"];

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
    .map_err(|e| match e {
        filter::FilterError::NeedsOperator => ctx.no_identity("assignee:me"),
        e => usage(e.to_string()),
    })?;
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
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), tickets::from_row)?;
    let mut out = Vec::new();
    for t in rows {
        out.push(super::ticket_json(ctx, &t?));
    }
    let view_cols = a
        .view
        .as_deref()
        .and_then(|v| ctx.config.views.get(v))
        .and_then(|v| v.columns.clone());
    let format = ctx.format();
    let defaults = match format {
        Format::Table if crate::term::width().is_some_and(|w| w < 100) => NARROW_TABLE_COLUMNS,
        Format::Table => TABLE_COLUMNS,
        _ => DEFAULT_COLUMNS,
    };
    let cols = output::columns(
        ctx.global.columns.as_deref().or(view_cols.as_deref()),
        defaults,
        COLUMNS,
    )?;
    if format == Format::Xlsx {
        return Err(usage("--format xlsx is for `hd export`").into());
    }
    let footer = if format == Format::Table {
        let shown = out.len() as u64;
        let total = match a.limit {
            // Counting is only needed when the limit cut the list.
            Some(n) if shown >= n => {
                params.pop();
                store.conn.query_row(
                    &format!("SELECT count(*) FROM tickets t WHERE {cond}"),
                    rusqlite::params_from_iter(params.iter()),
                    |r| r.get::<_, u64>(0),
                )?
            }
            _ => shown,
        };
        Some(tickets_footer(shown, total))
    } else {
        None
    };
    output::print_rows_with(format, &cols, &out, footer.as_deref())
}

/// The closing line of a ticket table: `12 tickets`, or `50 of 1204` when cut.
pub fn tickets_footer(shown: u64, total: u64) -> String {
    match (shown, total) {
        (s, t) if s < t => format!("{s} of {t}"),
        (1, _) => "1 ticket".to_string(),
        (s, _) => format!("{s} tickets"),
    }
}
