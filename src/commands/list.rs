//! `hd list`: tickets matching a view and a query.

use std::io::IsTerminal;

use clap::Args;

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::usage;
use crate::filter;
use crate::output;
use crate::store::SqlValue;
use crate::store::{search, tickets};

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

/// What a view plus a query select.
pub struct Selection {
    /// The SQL condition over `tickets t`, queue rights included, words left out.
    pub cond: String,
    /// Its parameters.
    pub params: Vec<SqlValue>,
    /// The words and phrases as an FTS5 expression that a match must contain.
    pub words: Option<String>,
    /// The view's sort order, if it has one.
    pub sort: Option<String>,
}

/// The selection of a view plus a query.
pub fn selection(ctx: &Ctx, view: Option<&str>, query: &str) -> anyhow::Result<Selection> {
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
    let (mut sql, mut params) = filter::to_sql_without_text(
        &q,
        &filter::SqlCtx {
            me: ctx.me(),
            time: &time,
            postgres: crate::store::is_postgres_url(&ctx.db_path),
        },
    )
    .map_err(|e| match e {
        filter::FilterError::NeedsOperator => ctx.no_identity("assignee:me"),
        e => usage(e.to_string()),
    })?;
    if let Some(rights) = filter::queue_rights_sql(ctx.visible_queues().as_deref(), &mut params) {
        sql = format!("({sql}) AND {rights}");
    }
    Ok(Selection {
        cond: sql,
        params,
        words: filter::text_match(&q),
        sort: view_sort,
    })
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
    let sel = selection(ctx, a.view.as_deref(), &query)?;
    let sort = a
        .sort
        .or(sel.sort.clone())
        .unwrap_or_else(|| "-priority,created".to_string());
    let keys = filter::parse_sort(&sort).map_err(|e| usage(e.to_string()))?;
    let order = filter::sort_sql(&keys);
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
    // JSON has every field; the other formats only the columns shown.
    let gathered = tickets::Gathered::for_columns(format == Format::Json, &cols);
    let store = ctx.store()?;
    let (rows, walked) = fetch(&store.conn, &sel, &order, a.limit, gathered)?;
    let out: Vec<_> = rows.iter().map(|t| super::ticket_json(ctx, t)).collect();
    if format != Format::Table {
        return output::print_rows(format, &cols, &out);
    }
    let shown = out.len() as u64;
    let footer = match a.limit {
        // A common word's first page was found without counting its matches; counting
        // them would take longer than the page did.
        Some(n) if shown >= n && walked => format!("{shown} of many"),
        // Counting is only needed when the limit cut the list.
        Some(n) if shown >= n => {
            let mut params = sel.params.clone();
            let mut cond = sel.cond.clone();
            if let Some(w) = &sel.words {
                cond = format!("{cond} AND {}", filter::fts_sql(store.conn.is_postgres()));
                params.push(SqlValue::Text(w.clone()));
            }
            let total = tickets::count_where(&store.conn, &cond, &params)?;
            tickets_footer(shown, total)
        }
        _ => tickets_footer(shown, shown),
    };
    // On a terminal a search shows, under each ticket, where its text matched.
    let notes: Vec<Option<String>> = match &sel.words {
        Some(w) if std::io::stdout().is_terminal() => {
            let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
            let found = search::snippets(&store.conn, &ids, w)?;
            let width = crate::term::width();
            ids.iter()
                .map(|id| found.get(id).map(|s| crate::term::snippet_line(s, width)))
                .collect()
        }
        _ => Vec::new(),
    };
    output::print_table(&cols, &out, &notes, Some(&footer))
}

/// The tickets of a selection in `order`, at most `limit`; and whether a common word's
/// first page was found by walking the tickets (so the matches were not counted).
fn fetch(
    conn: &crate::db::Connection,
    sel: &Selection,
    order: &str,
    limit: Option<u64>,
    gathered: tickets::Gathered,
) -> anyhow::Result<(Vec<tickets::Ticket>, bool)> {
    let mut params = sel.params.clone();
    let mut walked = false;
    let pick = match (&sel.words, limit) {
        // A first page of a search: its few ids, found the fastest way.
        (Some(words), Some(n)) if n <= search::MAX_PAGE => {
            let page = search::first_page(
                conn,
                &search::Search {
                    cond: &sel.cond,
                    params: &sel.params,
                    words,
                    order,
                },
                n,
            )?;
            walked = page.walked;
            params = page.ids.iter().map(|&id| SqlValue::Integer(id)).collect();
            vec!["?"; page.ids.len()].join(", ")
        }
        _ => {
            let mut cond = sel.cond.clone();
            if let Some(w) = &sel.words {
                cond = format!("{cond} AND {}", filter::fts_sql(conn.is_postgres()));
                params.push(SqlValue::Text(w.clone()));
            }
            // Pick the ids first, then build the wide rows (contact, tags) only for those.
            let mut inner = format!("SELECT t.id FROM tickets t WHERE {cond} ORDER BY {order}");
            if let Some(n) = limit {
                inner.push_str(" LIMIT ?");
                params.push(SqlValue::Integer(n.min(i64::MAX as u64) as i64));
            }
            inner
        }
    };
    let rows = tickets::load_picked(conn, &pick, order, &params, gathered)?;
    Ok((rows, walked))
}

/// The closing line of a ticket table: `12 tickets`, or `50 of 1204` when cut.
pub fn tickets_footer(shown: u64, total: u64) -> String {
    match (shown, total) {
        (s, t) if s < t => format!("{s} of {t}"),
        (1, _) => "1 ticket".to_string(),
        (s, _) => format!("{s} tickets"),
    }
}
