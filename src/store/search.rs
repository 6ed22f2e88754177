//! Full-text search for `hd list`: the first page of tickets matching words, found
//! without visiting every match, and a snippet of the text that matched.

use std::collections::HashMap;

use crate::db::Connection;
use crate::db::types::Value;

use crate::term::{MARK_END, MARK_START};

/// What checking one interaction against the words by its rowid costs, in visits of
/// one match mapped to its ticket (measured on the million-ticket benchmark: ~30 µs
/// against ~2 µs).
const LOOKUP_COST: f64 = 15.0;
/// How many tickets, in the order asked, the walk looks at before it gives up and
/// visits every match instead (the words are rare among the first tickets).
const WINDOW: i64 = 4_000;
/// Tickets checked against the words in one statement.
const CHUNK: usize = 200;

/// A search: tickets `t` that satisfy `cond` (over `tickets t`, with `params`) and whose
/// interactions (not deleted) match the FTS5 expression `words`, in `order`.
pub struct Search<'a> {
    /// The condition on the tickets, without the words.
    pub cond: &'a str,
    /// Its parameters.
    pub params: &'a [Value],
    /// The FTS5 expression every match contains.
    pub words: &'a str,
    /// An ORDER BY body over `t`.
    pub order: &'a str,
}

/// The longest first page [`first_page`] finds.
pub const MAX_PAGE: u64 = (WINDOW / 4) as u64;

/// A first page of a search.
pub struct Page {
    /// Ticket ids in order.
    pub ids: Vec<i64>,
    /// Whether the tickets were walked in order (the words are common), so how many
    /// match in all was never counted.
    pub walked: bool,
}

/// The ids of the first `limit` (at most [`MAX_PAGE`]) tickets of a search, in its order.
///
/// A word in one text of ten matches hundreds of thousands of interactions; mapping
/// them all to tickets before the first page can be sorted is what made such a search
/// slow. When the words are that common and an index gives the order asked, the
/// tickets are walked in that order and each is checked against the words until the
/// page is full, which takes a few hundred checks for a word in one text of ten. When they are rare, or the walk
/// finds too few among the first tickets, every match is visited as before.
pub fn first_page(conn: &Connection, s: &Search, limit: u64) -> crate::db::Result<Page> {
    let limit = limit.min(MAX_PAGE) as i64;
    // PostgreSQL's planner walks the order's index by itself when the words
    // are common (docs/postgres.md): one statement serves both cases.
    if conn.is_postgres() {
        return Ok(Page {
            ids: every_match(conn, s, Some(limit))?,
            walked: false,
        });
    }
    // With a share p of the N interactions matching, the walk checks about limit / p
    // interactions and visiting every match costs p·N visits: the walk wins once the
    // matches exceed sqrt(LOOKUP_COST · limit · N). Counting stops there.
    let total: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM interactions", [], |r| {
        r.get(0)
    })?;
    let common = (LOOKUP_COST * limit as f64 * total as f64).sqrt().ceil() as i64;
    let matches: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?1 LIMIT ?2)",
        crate::db::params![s.words, common],
        |r| r.get(0),
    )?;
    if matches >= common
        && let Some(ids) = walk(conn, s, limit)?
    {
        return Ok(Page { ids, walked: true });
    }
    Ok(Page {
        ids: every_match(conn, s, Some(limit))?,
        walked: false,
    })
}

/// Visits every match: the plan for rare words, and for a listing without a limit.
pub fn every_match(
    conn: &Connection,
    s: &Search,
    limit: Option<i64>,
) -> crate::db::Result<Vec<i64>> {
    let mut sql = format!(
        "SELECT t.id FROM tickets t WHERE {} AND {} ORDER BY {}",
        s.cond,
        crate::filter::fts_sql(conn.is_postgres()),
        s.order
    );
    let mut params: Vec<Value> = s.params.to_vec();
    params.push(Value::Text(s.words.to_string()));
    if let Some(n) = limit {
        sql.push_str(" LIMIT ?");
        params.push(Value::Integer(n));
    }
    let mut st = conn.prepare(&sql)?;
    st.query_map(crate::db::params_from_iter(params), |r| r.get(0))?
        .collect()
}

/// Walks the first [`WINDOW`] tickets in order and keeps those that match; `None` when
/// they hold fewer than `limit` matches but more tickets follow.
fn walk(conn: &Connection, s: &Search, limit: i64) -> crate::db::Result<Option<Vec<i64>>> {
    let mut params: Vec<Value> = s.params.to_vec();
    params.push(Value::Integer(WINDOW));
    let sql = format!(
        "SELECT t.id FROM tickets t WHERE {} ORDER BY {} LIMIT ?",
        s.cond, s.order
    );
    // Without an index in this order the walk would sort every ticket first.
    let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let sorts = plan
        .query_map(crate::db::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(3)
        })?
        .collect::<crate::db::Result<Vec<_>>>()?
        .iter()
        .any(|d| d.contains("TEMP B-TREE"));
    if sorts {
        return Ok(None);
    }
    let mut st = conn.prepare(&sql)?;
    let window: Vec<i64> = st
        .query_map(crate::db::params_from_iter(params), |r| r.get(0))?
        .collect::<crate::db::Result<_>>()?;
    let mut found = Vec::new();
    for chunk in window.chunks(CHUNK) {
        // Each interaction of these tickets is looked up in the full-text index by
        // its rowid, so no other match is visited.
        let sql = format!(
            "SELECT DISTINCT i.ticket_id FROM interactions i WHERE i.ticket_id IN ({}) AND i.deleted = 0 \
             AND EXISTS (SELECT 1 FROM interactions_fts f WHERE f.rowid = i.id AND f.interactions_fts MATCH ?)",
            vec!["?"; chunk.len()].join(", ")
        );
        let mut params: Vec<Value> = chunk.iter().map(|&id| Value::Integer(id)).collect();
        params.push(Value::Text(s.words.to_string()));
        let mut st = conn.prepare_cached(&sql)?;
        let hits: std::collections::HashSet<i64> = st
            .query_map(crate::db::params_from_iter(params), |r| r.get(0))?
            .collect::<crate::db::Result<_>>()?;
        found.extend(chunk.iter().copied().filter(|id| hits.contains(id)));
        if found.len() as i64 >= limit {
            found.truncate(limit as usize);
            return Ok(Some(found));
        }
    }
    // A window that was not full held every ticket there is.
    Ok(((window.len() as i64) < WINDOW).then_some(found))
}

/// For each ticket, a snippet of its interaction that matches `words` best (FTS5
/// `snippet()`), with the matched words between [`MARK_START`] and [`MARK_END`].
///
/// The full-text index keeps no text (it is contentless), so the interactions of these
/// few tickets go into a temporary index with the same tokenizer, which `snippet()` reads.
pub fn snippets(
    conn: &Connection,
    tickets: &[i64],
    words: &str,
) -> crate::db::Result<HashMap<i64, String>> {
    let mut out = HashMap::new();
    if tickets.is_empty() {
        return Ok(out);
    }
    if conn.is_postgres() {
        return snippets_pg(conn, tickets, words);
    }
    // Same tokenizer as interactions_fts (migrations/001_init.sql), so the same words match.
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.list_snippets USING fts5 (
             ticket UNINDEXED, subject, text, tokenize = 'unicode61 remove_diacritics 2');
         DELETE FROM temp.list_snippets;",
    )?;
    let ids: Vec<Value> = tickets.iter().map(|&id| Value::Integer(id)).collect();
    for chunk in ids.chunks(CHUNK) {
        // Only the interactions that match (looked up by rowid) are worth indexing again.
        let mut params = chunk.to_vec();
        params.push(Value::Text(words.to_string()));
        conn.execute(
            &format!(
                "INSERT INTO temp.list_snippets (rowid, ticket, subject, text) \
                 SELECT i.id, i.ticket_id, coalesce(i.subject, ''), coalesce(i.text, '') FROM interactions i \
                 WHERE i.ticket_id IN ({}) AND i.deleted = 0 AND EXISTS (SELECT 1 FROM interactions_fts f \
                 WHERE f.rowid = i.id AND f.interactions_fts MATCH ?)",
                vec!["?"; chunk.len()].join(", ")
            ),
            crate::db::params_from_iter(params),
        )?;
    }
    let mut st = conn.prepare(&format!(
        "SELECT ticket, snippet(list_snippets, -1, '{MARK_START}', '{MARK_END}', '…', 16) \
         FROM temp.list_snippets WHERE list_snippets MATCH ?1 ORDER BY rank"
    ))?;
    let rows = st.query_map([words], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for r in rows {
        let (ticket, text) = r?;
        out.entry(ticket).or_insert(text);
    }
    drop(st);
    conn.execute_batch("DELETE FROM temp.list_snippets")?;
    Ok(out)
}

/// [`snippets`] on PostgreSQL: `ts_headline` over the best-ranked matching
/// interaction of each ticket, reading words without accents as the index does.
fn snippets_pg(
    conn: &Connection,
    tickets: &[i64],
    words: &str,
) -> crate::db::Result<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for chunk in tickets.chunks(CHUNK) {
        let mut params: Vec<Value> = chunk.iter().map(|&id| Value::Integer(id)).collect();
        params.push(Value::Text(words.to_string()));
        // The column that matches, as FTS5's snippet() picks it: the text, else the subject.
        let opts = format!(
            "StartSel=\"{MARK_START}\", StopSel=\"{MARK_END}\", MaxWords=16, MinWords=6, \
             MaxFragments=1, FragmentDelimiter=…"
        );
        let sql = format!(
            "SELECT DISTINCT ON (i.ticket_id) i.ticket_id, \
             CASE WHEN hd_fts_doc(i.text, 'D') @@ q \
             THEN ts_headline('hd_simple', i.text, q, '{opts}') \
             ELSE ts_headline('hd_simple', coalesce(i.subject, ''), q, '{opts}') END \
             FROM interactions i JOIN interactions_fts f ON f.id = i.id, hd_fts_all(?{n}) AS q \
             WHERE i.ticket_id IN ({marks}) AND i.deleted = 0 AND f.doc @@ q \
             ORDER BY i.ticket_id, ts_rank(f.doc, q) DESC, i.id",
            n = chunk.len() + 1,
            marks = (1..=chunk.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut st = conn.prepare(&sql)?;
        let rows = st.query_map(crate::db::params_from_iter(params), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for r in rows {
            let (ticket, text) = r?;
            out.insert(ticket, text);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` tickets, priorities cycling, `faktura` in the text of every `every`-th one
    /// (and `vzácné` in ticket 7 only); ticket 3 is deleted.
    fn db(n: i64, every: i64) -> Connection {
        let c = Connection::open_in_memory().expect("db");
        for m in crate::store::MIGRATIONS {
            c.execute_batch(m).expect("schema");
        }
        let tx = c.unchecked_transaction().expect("tx");
        for id in 1..=n {
            tx.execute(
                "INSERT INTO tickets (id, prefix, number, queue, status, priority, subject, source, \
                 created, updated, deleted) VALUES (?1, 'REQ', ?1, 'support', 'open', ?2, 's', 'email', \
                 ?3, ?3, ?4)",
                crate::db::params![id, (id * 7) % 4, 1000 + (id * 13) % 97, (id == 3) as i64],
            )
            .expect("ticket");
            let text = match id {
                7 => "vzácné slovo a faktura",
                _ if id % every == 0 => "posílám fakturu, ne: faktura",
                _ => "dobrý den",
            };
            tx.execute(
                "INSERT INTO interactions (id, ticket_id, time, direction, subject, text) \
                 VALUES (?1, ?1, 0, 'in', 's', ?2)",
                crate::db::params![id, text],
            )
            .expect("interaction");
            tx.execute(
                "INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, 's', ?2)",
                crate::db::params![id, text],
            )
            .expect("fts");
        }
        tx.commit().expect("commit");
        c
    }

    fn search<'a>(words: &'a str, order: &'a str) -> Search<'a> {
        Search {
            cond: "+t.deleted = 0 AND t.merged_into IS NULL",
            params: &[],
            words,
            order,
        }
    }

    #[test]
    fn the_walk_finds_what_visiting_every_match_finds() {
        let c = db(600, 3);
        let order =
            crate::filter::sort_sql(&crate::filter::parse_sort("-priority,created").expect("sort"));
        for limit in [1, 10, 50] {
            let s = search("\"faktura\"", &order);
            let walked = walk(&c, &s, limit)
                .expect("walk")
                .expect("an index gives the order");
            assert_eq!(
                walked,
                every_match(&c, &s, Some(limit)).expect("all"),
                "{limit}"
            );
            assert_eq!(walked.len() as i64, limit);
            assert!(!walked.contains(&3));
        }
        // Fewer matches than the page, and the window held every ticket: still exact.
        let s = search("\"vzacne\"", &order);
        assert_eq!(walk(&c, &s, 50).expect("walk"), Some(vec![7]));
        // An order no index gives is not walked.
        let by_subject =
            crate::filter::sort_sql(&crate::filter::parse_sort("subject").expect("sort"));
        assert_eq!(
            walk(&c, &search("\"faktura\"", &by_subject), 10).expect("walk"),
            None
        );
    }

    #[test]
    fn a_rare_word_beyond_the_window_visits_every_match() {
        let c = db(WINDOW + 100, WINDOW + 50);
        let order =
            crate::filter::sort_sql(&crate::filter::parse_sort("-priority,created").expect("sort"));
        let s = search("\"faktura\"", &order);
        assert_eq!(walk(&c, &s, 50).expect("walk"), None);
        let page = first_page(&c, &s, 50).expect("page");
        assert!(!page.walked);
        let mut ids = page.ids;
        ids.sort();
        assert_eq!(ids, vec![7, WINDOW + 50]);
    }

    #[test]
    fn views_without_words_keep_their_own_indexes() {
        // No ANALYZE statistics here or in a real database, so these are the real plans.
        let c = db(10, 5);
        let order =
            crate::filter::sort_sql(&crate::filter::parse_sort("-priority,created").expect("sort"));
        let t = crate::timeexpr::TimeCtx {
            now: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            tz: chrono_tz::UTC,
        };
        for view in ["open", "mine", "overdue", "unassigned"] {
            let q = crate::filter::parse(crate::views::builtin(view).unwrap_or_default())
                .expect("view");
            let (cond, params) = crate::filter::to_sql(
                &q,
                &crate::filter::SqlCtx {
                    me: Some("op01"),
                    time: &t,
                    postgres: false,
                },
            )
            .expect("sql");
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT t.id FROM tickets t WHERE {cond} ORDER BY {order} LIMIT 50"
            );
            let plan: Vec<String> = c
                .prepare(&sql)
                .expect("prepare")
                .query_map(crate::db::params_from_iter(params), |r| r.get(3))
                .expect("plan")
                .collect::<crate::db::Result<_>>()
                .expect("rows");
            assert!(
                !plan
                    .iter()
                    .any(|p| p.contains("tickets_list_default_order")),
                "{view}: {plan:?}"
            );
        }
    }

    #[test]
    fn snippets_mark_the_match_of_each_ticket() {
        let c = db(10, 5);
        let got = snippets(&c, &[5, 7, 8], "\"faktura\"").expect("snippets");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[&5],
            format!("posílám fakturu, ne: {MARK_START}faktura{MARK_END}")
        );
        assert!(got[&7].contains(&format!("{MARK_START}faktura{MARK_END}")));
        // The temporary index is emptied and reused.
        let again = snippets(&c, &[10], "\"faktura\"").expect("again");
        assert_eq!(again.keys().copied().collect::<Vec<_>>(), vec![10]);
    }
}
