//! SQL generation: a parsed [`Query`] as a parameterised condition over `tickets t`,
//! the acting operator's queue rights, and sort keys as an ORDER BY body.

use crate::db::types::Value;

use super::{Cmp, Cond, Deleted, FilterError, Query, STATUSES, SortKey, Who};
use crate::timeexpr::{TimeCtx, TimeExpr};

/// What `to_sql` needs besides the query: who "me" is and the clock.
pub struct SqlCtx<'a> {
    /// The acting operator; `None` for the administrator.
    pub me: Option<&'a str>,
    /// Now and the zone, for `created:`, `updated:` and `overdue:`.
    pub time: &'a TimeCtx,
    /// Whether the SQL is for PostgreSQL (full text is the one part that differs).
    pub postgres: bool,
}

fn cmp_sql(c: Cmp) -> &'static str {
    match c {
        Cmp::Eq => "=",
        Cmp::Gt => ">",
        Cmp::Ge => ">=",
        Cmp::Lt => "<",
        Cmp::Le => "<=",
    }
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Joins alternatives; one alternative needs no parentheses.
fn any_of(parts: Vec<String>) -> String {
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// `col IN (...)` for a nullable column, written so it is never NULL and `NOT` stays correct.
fn nullable_in(col: &str, names: Vec<String>, with_null: bool, params: &mut Vec<Value>) -> String {
    let n = names.len();
    params.extend(names.into_iter().map(Value::Text));
    match (n, with_null) {
        (0, _) => format!("{col} IS NULL"),
        (_, true) => format!("({col} IS NULL OR {col} IN ({}))", marks(n)),
        (_, false) => format!("({col} IS NOT NULL AND {col} IN ({}))", marks(n)),
    }
}

/// A time comparison over a column: spans (days, weeks) compare by their bounds, so
/// `created:2026-11-01` is that whole local day and `created:>today` starts tomorrow; a bare
/// instant (`created:7d`) means since then.
fn time_sql(
    col: &str,
    items: &[(Option<Cmp>, TimeExpr)],
    ctx: &TimeCtx,
    params: &mut Vec<Value>,
) -> String {
    let mut parts = Vec::new();
    for (cmp, t) in items {
        let (start, end) = (t.start(ctx).timestamp(), t.end(ctx).timestamp());
        let span = t.is_span();
        let cmp = cmp.unwrap_or(if span { Cmp::Eq } else { Cmp::Ge });
        match (cmp, span) {
            (Cmp::Eq, true) => {
                parts.push(format!("({col} >= ? AND {col} < ?)"));
                params.push(Value::Integer(start));
                params.push(Value::Integer(end));
            }
            (Cmp::Gt, true) | (Cmp::Ge, false) => {
                parts.push(format!("{col} >= ?"));
                params.push(Value::Integer(if span { end } else { start }));
            }
            (Cmp::Le, true) => {
                parts.push(format!("{col} < ?"));
                params.push(Value::Integer(end));
            }
            (c, _) => {
                parts.push(format!("{col} {} ?", cmp_sql(c)));
                params.push(Value::Integer(start));
            }
        }
    }
    any_of(parts)
}

/// FTS5 syntax for one word or phrase: always a quoted string, so input is never an operator.
fn fts_phrase(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Tickets having an interaction (not deleted) that matches an FTS5 expression (`?`).
/// The narrow index maps the matches to tickets without reading each interaction's row.
pub const FTS_SQL: &str = "t.id IN (SELECT i.ticket_id FROM interactions i INDEXED BY interactions_text_ticket WHERE i.deleted = 0 AND \
     i.id IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?))";

/// [`FTS_SQL`] on PostgreSQL: the same parameter, read by the schema's
/// `hd_fts_all` (migrations/pg/014_schema.sql).
pub const FTS_SQL_PG: &str = "t.id IN (SELECT i.ticket_id FROM interactions i WHERE i.deleted = 0 AND \
     i.id IN (SELECT id FROM interactions_fts WHERE doc @@ hd_fts_all(?)))";

/// The full-text condition over `tickets t` for one engine.
pub fn fts_sql(postgres: bool) -> &'static str {
    if postgres { FTS_SQL_PG } else { FTS_SQL }
}

/// Compiles a query to a WHERE condition over `tickets t` with `?` parameters. Deleted
/// tickets are left out unless the query names `deleted:`; merged tickets always are.
pub fn to_sql(q: &Query, ctx: &SqlCtx) -> Result<(String, Vec<Value>), FilterError> {
    compile(q, ctx, true)
}

/// [`to_sql`] without the query's words and phrases, for a caller that searches the
/// full text its own way; [`text_match`] gives what they ask for.
pub fn to_sql_without_text(q: &Query, ctx: &SqlCtx) -> Result<(String, Vec<Value>), FilterError> {
    compile(q, ctx, false)
}

/// The FTS5 expression of a query's words and phrases (not the negated ones), which
/// every match must contain; `None` when it has none.
pub fn text_match(q: &Query) -> Option<String> {
    let words: Vec<String> = q
        .terms
        .iter()
        .filter_map(|t| match &t.cond {
            Cond::Text(s) if !t.negated => Some(fts_phrase(s)),
            _ => None,
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn compile(q: &Query, ctx: &SqlCtx, with_text: bool) -> Result<(String, Vec<Value>), FilterError> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    // Without ANALYZE statistics SQLite rates `deleted = 0` (the first column of
    // tickets_view_open) as selective as any other equality and prefers it, which scans nearly
    // every ticket. When a term with a sharper index is present, a unary `+` takes `deleted` out
    // of index selection; otherwise it stays usable so status-led views get tickets_view_open.
    let sharper = q.terms.iter().any(|t| {
        !t.negated
            && matches!(
                t.cond,
                Cond::Text(_)
                    | Cond::Tag(_)
                    | Cond::Contact(_)
                    | Cond::Number(_)
                    | Cond::Assignee(_)
                    | Cond::Category(_)
                    | Cond::Queue(_)
                    | Cond::Created(_)
                    | Cond::Updated(_)
                    | Cond::Due(_)
            )
    });
    let deleted = if sharper { "+t.deleted" } else { "t.deleted" };
    if !q.terms.iter().any(|t| matches!(t.cond, Cond::Deleted(_))) {
        conds.push(format!("{deleted} = 0"));
    }
    conds.push("t.merged_into IS NULL".into());
    // Every positive word and phrase goes into one MATCH: FTS5 intersects them itself, much
    // faster than one subquery a word.
    if let Some(words) = text_match(q).filter(|_| with_text) {
        conds.push(fts_sql(ctx.postgres).into());
        params.push(Value::Text(words));
    }
    for t in &q.terms {
        if matches!(t.cond, Cond::Text(_)) && !t.negated {
            continue;
        }
        // `-status:closed` as the statuses left, so an index on status can seek them
        // (an operator's few open tickets among thousands of closed ones).
        if let (Cond::Status(ss), true) = (&t.cond, t.negated) {
            let rest: Vec<&str> = STATUSES
                .iter()
                .copied()
                .filter(|s| !ss.contains(s))
                .collect();
            conds.push(cond_sql(&Cond::Status(rest), ctx, deleted, &mut params)?);
            continue;
        }
        let sql = cond_sql(&t.cond, ctx, deleted, &mut params)?;
        conds.push(if t.negated {
            format!("NOT ({sql})")
        } else {
            sql
        });
    }
    Ok((conds.join(" AND "), params))
}

/// The queue rights of the acting operator over tickets `t`: `None` sees every queue
/// (no condition), an empty list sees none. Every listing and report applies its
/// rights through this, so they cannot drift apart.
pub fn queue_rights_sql(queues: Option<&[String]>, params: &mut Vec<Value>) -> Option<String> {
    let qs = queues?;
    if qs.is_empty() {
        return Some("1 = 0".into());
    }
    params.extend(qs.iter().cloned().map(Value::Text));
    Some(format!("t.queue IN ({})", marks(qs.len())))
}

/// One condition; always true or false (never NULL) for every row, so `NOT` negates it exactly.
fn cond_sql(
    c: &Cond,
    ctx: &SqlCtx,
    deleted: &str,
    params: &mut Vec<Value>,
) -> Result<String, FilterError> {
    let texts = |vs: &[&str], params: &mut Vec<Value>| {
        params.extend(vs.iter().map(|v| Value::Text(v.to_string())));
        marks(vs.len())
    };
    Ok(match c {
        Cond::Status(ss) if ss.is_empty() => "0".to_string(),
        Cond::Status(ss) => format!("t.status IN ({})", texts(ss, params)),
        Cond::Source(ss) => format!("t.source IN ({})", texts(ss, params)),
        Cond::Queue(qs) => {
            let qs: Vec<&str> = qs.iter().map(String::as_str).collect();
            format!("t.queue IN ({})", texts(&qs, params))
        }
        Cond::Assignee(ws) => {
            let mut names = Vec::new();
            for w in ws {
                match w {
                    Who::Me => names.push(ctx.me.ok_or(FilterError::NeedsOperator)?.to_string()),
                    Who::Name(n) => names.push(n.clone()),
                    Who::Nobody => {}
                }
            }
            let none = ws.contains(&Who::Nobody);
            nullable_in("t.assignee", names, none, params)
        }
        Cond::Category(cs) => {
            let names: Vec<String> = cs.iter().flatten().cloned().collect();
            nullable_in("t.category", names, cs.contains(&None), params)
        }
        Cond::Priority(ps) => any_of(
            ps.iter()
                .map(|(cmp, level)| {
                    params.push(Value::Integer(*level));
                    format!("t.priority {} ?", cmp_sql(*cmp))
                })
                .collect(),
        ),
        Cond::Tag(tags) => {
            let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
            format!(
                "t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag IN ({}))",
                texts(&tags, params)
            )
        }
        Cond::Contact(cs) => {
            let mut alts = Vec::new();
            for v in cs {
                if let Some(domain) = v.strip_prefix('@') {
                    alts.push("email LIKE ? ESCAPE '\\'".to_string());
                    params.push(Value::Text(format!("%@{}", like_escape(domain))));
                } else if v.contains('@') {
                    // The email column is COLLATE NOCASE, so this is case-insensitive and indexed.
                    alts.push("email = ?".to_string());
                    params.push(Value::Text(v.clone()));
                } else {
                    // A domain (its subdomains too) or part of the contact's name.
                    let e = like_escape(v);
                    alts.push(
                        "email LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'"
                            .to_string(),
                    );
                    params.push(Value::Text(format!("%@{e}")));
                    params.push(Value::Text(format!("%.{e}")));
                    params.push(Value::Text(format!("%{e}%")));
                }
            }
            format!(
                "(t.contact_id IS NOT NULL AND t.contact_id IN (SELECT id FROM contacts WHERE {}))",
                alts.join(" OR ")
            )
        }
        Cond::Created(items) => time_sql("t.created", items, ctx.time, params),
        Cond::Updated(items) => time_sql("t.updated", items, ctx.time, params),
        Cond::Automatic(vs) => match (vs.contains(&true), vs.contains(&false)) {
            (true, true) => "1".to_string(),
            (true, false) => "t.automatic = 1".to_string(),
            _ => "t.automatic = 0".to_string(),
        },
        // Tickets without a deadline are neither inside nor outside a due range, so
        // `-due:<+2h` keeps them.
        Cond::Due(items) => format!(
            "(t.due IS NOT NULL AND {})",
            time_sql("t.due", items, ctx.time, params)
        ),
        Cond::Overdue(vs) => {
            let yes = vs.contains(&true);
            let no = vs.contains(&false);
            if yes && no {
                "1".to_string()
            } else {
                let now = ctx.time.now.timestamp();
                params.push(Value::Integer(now));
                params.push(Value::Integer(now));
                let overdue = "(t.status IN ('queued', 'open') AND \
                     ((t.first_response_due IS NOT NULL AND t.first_response_at IS NULL \
                     AND t.first_response_due < ?) \
                     OR (t.resolution_due IS NOT NULL AND t.resolution_due < ?)))";
                if yes {
                    overdue.to_string()
                } else {
                    format!("NOT {overdue}")
                }
            }
        }
        Cond::Deleted(ds) => {
            let yes = ds.iter().any(|d| matches!(d, Deleted::Yes | Deleted::Any));
            let no = ds.iter().any(|d| matches!(d, Deleted::No | Deleted::Any));
            match (yes, no) {
                (true, true) => "1".to_string(),
                (true, false) => format!("{deleted} = 1"),
                _ => format!("{deleted} = 0"),
            }
        }
        Cond::Number(ns) => any_of(
            ns.iter()
                .map(|(cmp, prefix, n)| {
                    let num = format!("t.number {} ?", cmp_sql(*cmp));
                    match prefix {
                        Some(p) => {
                            params.push(Value::Text(p.clone()));
                            params.push(Value::Integer(*n));
                            format!("(t.prefix = ? AND {num})")
                        }
                        None => {
                            params.push(Value::Integer(*n));
                            num
                        }
                    }
                })
                .collect(),
        ),
        Cond::Subject(ss) => any_of(
            ss.iter()
                .map(|s| {
                    params.push(Value::Text(format!("%{}%", like_escape(s))));
                    "t.subject LIKE ? ESCAPE '\\'".to_string()
                })
                .collect(),
        ),
        Cond::Text(s) => {
            params.push(Value::Text(fts_phrase(s)));
            fts_sql(ctx.postgres).to_string()
        }
    })
}

/// An ORDER BY body over `t` (without the keywords), ending with `t.id` so equal rows keep a stable order.
pub fn sort_sql(keys: &[(SortKey, bool)]) -> String {
    let mut parts = Vec::new();
    for &(key, desc) in keys {
        let dir = if desc { "DESC" } else { "ASC" };
        match key {
            SortKey::Number => {
                parts.push(format!("t.number {dir}"));
                parts.push(format!("t.prefix {dir}"));
            }
            SortKey::Priority => parts.push(format!("t.priority {dir}")),
            SortKey::Created => parts.push(format!("t.created {dir}")),
            SortKey::Updated => parts.push(format!("t.updated {dir}")),
            SortKey::Status => parts.push(format!(
                "CASE t.status WHEN 'queued' THEN 0 WHEN 'open' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END {dir}"
            )),
            SortKey::Queue => parts.push(format!("t.queue {dir}")),
            SortKey::Category => parts.push(format!("t.category {dir} NULLS LAST")),
            SortKey::Assignee => parts.push(format!("t.assignee {dir} NULLS LAST")),
            SortKey::Subject => parts.push(format!("t.subject COLLATE NOCASE {dir}")),
            SortKey::Due => parts.push(format!("t.due {dir} NULLS LAST")),
        }
    }
    parts.push("t.id".to_string());
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Connection;
    use crate::filter::{parse, parse_sort};
    use chrono::{DateTime, Utc};

    /// Thursday 2026-11-05 10:30 in Prague (CET, +01:00); today began 2026-11-04T23:00Z.
    fn time() -> TimeCtx {
        TimeCtx {
            now: DateTime::parse_from_rfc3339("2026-11-05T09:30:00Z")
                .expect("now")
                .with_timezone(&Utc),
            tz: chrono_tz::Europe::Prague,
        }
    }

    fn db() -> Connection {
        let c = Connection::open_in_memory().expect("db");
        for m in crate::store::MIGRATIONS {
            c.execute_batch(m).expect("schema");
        }
        c.execute_batch(
            "INSERT INTO contacts (id, email, name) VALUES
               (1, 'jan@acme.com', 'Jan Novák'),
               (2, 'eva@sub.acme.com', 'Eva'),
               (3, 'petr@other.cz', 'Acme fan'),
               (4, 'x@notacme.com', NULL);",
        )
        .expect("contacts");
        // Times are in UTC; in Prague (+01:00) today began at 2026-11-04T23:00Z.
        c.execute_batch(
            "INSERT INTO tickets (id, prefix, number, queue, category, status, priority, assignee,
               contact_id, subject, source, created, updated, first_response_at,
               first_response_due, resolution_due, deleted, merged_into) VALUES
             (1, 'REQ', 1, 'support', 'Complaints', 'open', 2, 'alice', 1, 'Reklamace zboží',
              'email', unixepoch('2026-11-04T09:30:00Z'), unixepoch('2026-11-05T08:30:00Z'),
              unixepoch('2026-11-04T10:00:00Z'), unixepoch('2026-11-04T11:00:00Z'),
              unixepoch('2026-11-09T00:00:00Z'), 0, NULL),
             (2, 'REQ', 2, 'support', NULL, 'queued', 3, NULL, 2, 'Invoice 100%',
              'email', unixepoch('2026-10-31T22:59:59Z'), unixepoch('2026-11-04T10:00:00Z'),
              NULL, unixepoch('2026-11-05T09:00:00Z'),
              unixepoch('2026-11-20T00:00:00Z'), 0, NULL),
             (3, 'REQ', 3, 'sales', 'Leads', 'closed', 0, 'bob', 3, 'Lead from fair',
              'email', unixepoch('2026-10-06T09:30:00Z'), unixepoch('2026-10-20T12:00:00Z'),
              NULL, unixepoch('2026-10-07T00:00:00Z'),
              unixepoch('2026-10-08T00:00:00Z'), 0, NULL),
             (4, 'REQ', 4, 'support', 'Complaints', 'waiting', 1, 'alice', 4, 'Broken_part',
              'web', unixepoch('2026-10-31T23:00:00Z'), unixepoch('2026-11-05T09:30:00Z'),
              unixepoch('2026-11-01T00:00:00Z'), unixepoch('2026-11-01T01:00:00Z'),
              unixepoch('2026-11-05T09:00:00Z'), 0, NULL),
             (5, 'REQ', 5, 'support', NULL, 'open', 1, NULL, 1, 'Deleted one',
              'email', unixepoch('2026-11-03T00:00:00Z'), unixepoch('2026-11-03T00:00:00Z'),
              NULL, unixepoch('2026-11-01T00:00:00Z'), NULL, 1, NULL),
             (6, 'REQ', 6, 'support', NULL, 'open', 1, NULL, 1, 'Merged one',
              'email', unixepoch('2026-11-03T00:00:00Z'), unixepoch('2026-11-03T00:00:00Z'),
              NULL, NULL, NULL, 0, 1),
             (7, 'SALES', 7, 'sales', NULL, 'open', 1, NULL, NULL, 'Call back',
              'phone', unixepoch('2026-11-01T22:59:59Z'), unixepoch('2026-11-04T23:00:00Z'),
              NULL, NULL, NULL, 0, NULL);",
        )
        .expect("tickets");
        c.execute_batch(
            "INSERT INTO ticket_tags (ticket_id, tag) VALUES (1, 'vip'), (4, 'vip'), (2, 'billing');",
        )
        .expect("tags");
        let interactions: &[(i64, i64, &str, &str, i64)] = &[
            (
                1,
                1,
                "Reklamáce zboží",
                "Dobrý den, late delivery of a-b parts",
                0,
            ),
            (2, 2, "Invoice", "Where is my invoice?", 0),
            (3, 5, "Deleted", "reklamace", 0),
            (4, 4, "Note", "secretword", 1),
            (5, 3, "Lead", "delivery was late", 0),
            (6, 4, "Re: Broken", "Díky, čekám", 0),
        ];
        for (id, ticket, subject, text, deleted) in interactions {
            c.execute(
                "INSERT INTO interactions (id, ticket_id, time, direction, subject, text, deleted)
                 VALUES (?1, ?2, 0, 'in', ?3, ?4, ?5)",
                crate::db::params![id, ticket, subject, text, deleted],
            )
            .expect("interaction");
            c.execute(
                "INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, ?2, ?3)",
                crate::db::params![id, subject, text],
            )
            .expect("fts");
        }
        c
    }

    fn ids_as(c: &Connection, query: &str, me: Option<&str>) -> Vec<i64> {
        let q = parse(query).unwrap_or_else(|e| panic!("parse {query}: {e}"));
        let t = time();
        let (cond, params) = to_sql(
            &q,
            &SqlCtx {
                me,
                time: &t,
                postgres: false,
            },
        )
        .unwrap_or_else(|e| panic!("sql {query}: {e}"));
        let sql = format!("SELECT t.id FROM tickets t WHERE {cond} ORDER BY t.id");
        let mut st = c
            .prepare(&sql)
            .unwrap_or_else(|e| panic!("prepare {sql}: {e}"));
        st.query_map(crate::db::params_from_iter(params), |r| r.get(0))
            .expect("query")
            .collect::<Result<Vec<i64>, _>>()
            .unwrap_or_else(|e| panic!("run {query}: {e}"))
    }

    fn ids(c: &Connection, query: &str) -> Vec<i64> {
        ids_as(c, query, Some("alice"))
    }

    #[test]
    fn sql_default_and_status() {
        let c = db();
        assert_eq!(ids(&c, ""), vec![1, 2, 3, 4, 7]);
        assert_eq!(ids(&c, "-status:closed"), vec![1, 2, 4, 7]);
        assert_eq!(
            ids(&c, "-status:queued,open,waiting,closed"),
            Vec::<i64>::new()
        );
        assert_eq!(ids(&c, "-status:open -status:waiting"), vec![2, 3]);
        assert_eq!(ids(&c, "status:open,waiting"), vec![1, 4, 7]);
        assert_eq!(ids(&c, "status:open status:waiting"), Vec::<i64>::new());
        assert_eq!(ids(&c, "status:queued,open"), vec![1, 2, 7]);
    }

    #[test]
    fn sql_full_text() {
        let c = db();
        // `reklamace` finds `Reklamáce`; the deleted ticket 5 and deleted interactions are left out.
        assert_eq!(ids(&c, "reklamace"), vec![1]);
        assert_eq!(ids(&c, "REKLAMACE"), vec![1]);
        assert_eq!(ids(&c, "cekam"), vec![4]);
        assert_eq!(ids(&c, "secretword"), Vec::<i64>::new());
        assert_eq!(ids(&c, "reklamace deleted:yes"), vec![5]);
        assert_eq!(ids(&c, "reklamace deleted:any"), vec![1, 5]);
        assert_eq!(ids(&c, "late delivery"), vec![1, 3]);
        assert_eq!(ids(&c, "\"late delivery\""), vec![1]);
        assert_eq!(ids(&c, "-reklamace"), vec![2, 3, 4, 7]);
        assert_eq!(ids(&c, "late -\"late delivery\""), vec![3]);
        assert_eq!(ids(&c, "a-b"), vec![1]);
        // FTS5 syntax in user input is only ever words.
        for q in [
            "delivery OR invoice",
            "NEAR(late",
            "*",
            "late*",
            "text:late",
            "\"text:late\"",
            "^late",
            "(late)",
            "'; DROP TABLE tickets; --",
            "\"\"\"\"",
            "-",
        ] {
            if q == "text:late" {
                assert!(parse(q).is_err());
                continue;
            }
            let got = ids(&c, q);
            let expected: Vec<i64> = match q {
                "(late)" | "late*" | "^late" => vec![1, 3],
                // Four quotes are an empty phrase, which asks for nothing.
                "\"\"\"\"" => vec![1, 2, 3, 4, 7],
                _ => vec![],
            };
            assert_eq!(got, expected, "{q}");
        }
        assert_eq!(
            ids(&c, "status:open reklamace priority:>=high tag:vip"),
            vec![1]
        );
    }

    #[test]
    fn sql_priority() {
        let c = db();
        assert_eq!(ids(&c, "priority:>=high"), vec![1, 2]);
        assert_eq!(ids(&c, "priority:>high"), vec![2]);
        assert_eq!(ids(&c, "priority:<normal"), vec![3]);
        assert_eq!(ids(&c, "priority:normal"), vec![4, 7]);
        assert_eq!(ids(&c, "priority:<=low,urgent"), vec![2, 3]);
        assert_eq!(ids(&c, "-priority:>=high"), vec![3, 4, 7]);
    }

    #[test]
    fn sql_contact() {
        let c = db();
        assert_eq!(ids(&c, "contact:@acme.com"), vec![1]);
        assert_eq!(ids(&c, "contact:@ACME.com"), vec![1]);
        assert_eq!(ids(&c, "contact:acme.com"), vec![1, 2]);
        assert_eq!(ids(&c, "contact:JAN@acme.com"), vec![1]);
        assert_eq!(ids(&c, "contact:Novák"), vec![1]);
        assert_eq!(ids(&c, "contact:acme"), vec![3]);
        assert_eq!(ids(&c, "contact:@acme.com,@other.cz"), vec![1, 3]);
        // Tickets without a contact are not "at acme.com", so a negation keeps them.
        assert_eq!(ids(&c, "-contact:@acme.com"), vec![2, 3, 4, 7]);
        assert_eq!(ids(&c, "contact:%"), Vec::<i64>::new());
    }

    #[test]
    fn sql_created_and_updated_in_prague() {
        let c = db();
        assert_eq!(ids(&c, "created:>=7d"), vec![1, 2, 4, 7]);
        assert_eq!(ids(&c, "created:7d"), vec![1, 2, 4, 7]);
        assert_eq!(ids(&c, "created:<7d"), vec![3]);
        // 2026-11-01 in Prague is 2026-10-31T23:00Z .. 2026-11-01T23:00Z.
        assert_eq!(ids(&c, "created:2026-11-01"), vec![4, 7]);
        assert_eq!(ids(&c, "created:=2026-11-01"), vec![4, 7]);
        assert_eq!(ids(&c, "created:<2026-11-01"), vec![2, 3]);
        assert_eq!(ids(&c, "created:>2026-11-01"), vec![1]);
        assert_eq!(ids(&c, "created:<=2026-11-01"), vec![2, 3, 4, 7]);
        assert_eq!(ids(&c, "created:>=2026-11-01"), vec![1, 4, 7]);
        assert_eq!(ids(&c, "created:2026-10-31,2026-11-04"), vec![1, 2]);
        assert_eq!(ids(&c, "-created:2026-11-01"), vec![1, 2, 3]);
        assert_eq!(
            ids(
                &c,
                "created:>=2026-11-01T00:00 created:<2026-11-01T23:59:59"
            ),
            vec![4]
        );
        assert_eq!(
            ids(
                &c,
                "created:>=2026-10-31T23:00:00Z created:<=2026-11-01T22:59:59Z"
            ),
            vec![4, 7]
        );
        // Today began at 2026-11-04T23:00Z; ticket 7 was updated exactly then.
        assert_eq!(ids(&c, "updated:<today"), vec![2, 3]);
        assert_eq!(ids(&c, "updated:today"), vec![1, 4, 7]);
        assert_eq!(ids(&c, "updated:yesterday"), vec![2]);
        assert_eq!(ids(&c, "updated:>=2h"), vec![1, 4]);
        assert_eq!(ids(&c, "updated:this-week"), vec![1, 2, 4, 7]);
        assert_eq!(ids(&c, "updated:>now"), Vec::<i64>::new());
        assert_eq!(ids(&c, "updated:now"), vec![4]);
    }

    #[test]
    fn sql_overdue_deleted_tags() {
        let c = db();
        // Ticket 4 is past due but waiting: its clock is paused, so it is not overdue.
        assert_eq!(ids(&c, "overdue:yes"), vec![2]);
        assert_eq!(ids(&c, "overdue:no"), vec![1, 3, 4, 7]);
        assert_eq!(ids(&c, "-overdue:yes"), vec![1, 3, 4, 7]);
        assert_eq!(ids(&c, "overdue:yes,no"), vec![1, 2, 3, 4, 7]);
        assert_eq!(ids(&c, "overdue:yes -status:waiting"), vec![2]);
        assert_eq!(ids(&c, "deleted:yes"), vec![5]);
        assert_eq!(ids(&c, "deleted:no"), vec![1, 2, 3, 4, 7]);
        assert_eq!(ids(&c, "-deleted:no"), vec![5]);
        assert_eq!(ids(&c, "deleted:any"), vec![1, 2, 3, 4, 5, 7]);
        assert_eq!(ids(&c, "tag:vip"), vec![1, 4]);
        assert_eq!(ids(&c, "tag:vip,billing"), vec![1, 2, 4]);
        assert_eq!(ids(&c, "-tag:vip"), vec![2, 3, 7]);
        assert_eq!(ids(&c, "tag:VIP"), Vec::<i64>::new());
    }

    #[test]
    fn sql_people_places_numbers() {
        let c = db();
        assert_eq!(ids(&c, "assignee:me"), vec![1, 4]);
        assert_eq!(ids_as(&c, "assignee:me", Some("bob")), vec![3]);
        assert_eq!(ids(&c, "assignee:none"), vec![2, 7]);
        assert_eq!(ids(&c, "-assignee:none"), vec![1, 3, 4]);
        assert_eq!(ids(&c, "-assignee:alice"), vec![2, 3, 7]);
        assert_eq!(ids(&c, "assignee:bob,none"), vec![2, 3, 7]);
        assert_eq!(ids(&c, "-assignee:bob,none"), vec![1, 4]);
        assert_eq!(ids(&c, "queue:sales"), vec![3, 7]);
        assert_eq!(ids(&c, "-queue:sales"), vec![1, 2, 4]);
        assert_eq!(ids(&c, "category:Complaints"), vec![1, 4]);
        assert_eq!(ids(&c, "category:none"), vec![2, 7]);
        assert_eq!(ids(&c, "-category:Complaints"), vec![2, 3, 7]);
        assert_eq!(ids(&c, "category:Leads,none"), vec![2, 3, 7]);
        assert_eq!(ids(&c, "source:phone"), vec![7]);
        assert_eq!(ids(&c, "source:web,phone"), vec![4, 7]);
        assert_eq!(ids(&c, "number:2"), vec![2]);
        assert_eq!(ids(&c, "number:#2"), vec![2]);
        assert_eq!(ids(&c, "number:REQ-000002"), vec![2]);
        assert_eq!(ids(&c, "id:>=4"), vec![4, 7]);
        assert_eq!(ids(&c, "number:req-7"), Vec::<i64>::new());
        assert_eq!(ids(&c, "number:sales-7,1"), vec![1, 7]);
        assert_eq!(ids(&c, "subject:invoice"), vec![2]);
        assert_eq!(ids(&c, "subject:100%"), vec![2]);
        assert_eq!(ids(&c, "subject:_"), vec![4]);
        assert_eq!(ids(&c, "subject:\"lead from\""), vec![3]);
    }

    #[test]
    fn assignee_me_needs_an_operator() {
        let q = parse("assignee:me").expect("parse");
        let t = time();
        assert_eq!(
            to_sql(
                &q,
                &SqlCtx {
                    me: None,
                    time: &t,
                    postgres: false
                }
            )
            .expect_err("admin")
            .to_string(),
            "assignee:me needs an operator identity (use --as NAME)"
        );
    }

    #[test]
    fn sql_is_parameterised() {
        let q = parse("status:open contact:\"o'hara\" tag:x reklamace").expect("parse");
        let t = time();
        let (sql, params) = to_sql(
            &q,
            &SqlCtx {
                me: None,
                time: &t,
                postgres: false,
            },
        )
        .expect("sql");
        assert!(
            !sql.contains("o'hara") && !sql.contains("reklamace"),
            "{sql}"
        );
        assert_eq!(
            sql,
            format!(
                "+t.deleted = 0 AND t.merged_into IS NULL AND {FTS_SQL} AND t.status IN (?) AND \
                 (t.contact_id IS NOT NULL AND t.contact_id IN (SELECT id FROM contacts WHERE \
                 email LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')) AND \
                 t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag IN (?))"
            )
        );
        assert_eq!(
            params,
            vec![
                Value::Text("\"reklamace\"".into()),
                Value::Text("open".into()),
                Value::Text("%@o'hara".into()),
                Value::Text("%.o'hara".into()),
                Value::Text("%o'hara%".into()),
                Value::Text("x".into()),
            ]
        );
    }

    fn plan(c: &Connection, query: &str) -> String {
        let q = parse(query).expect("parse");
        let t = time();
        let (cond, params) = to_sql(
            &q,
            &SqlCtx {
                me: Some("alice"),
                time: &t,
                postgres: false,
            },
        )
        .expect("sql");
        let sql = format!("EXPLAIN QUERY PLAN SELECT t.id FROM tickets t WHERE {cond}");
        let mut st = c.prepare(&sql).expect("prepare");
        st.query_map(crate::db::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .expect("plan")
        .collect::<Result<Vec<_>, _>>()
        .expect("plan rows")
        .join("\n")
    }

    #[test]
    fn sql_uses_the_indexes() {
        let c = db();
        let has = |query: &str, index: &str| {
            let p = plan(&c, query);
            assert!(p.contains(index), "{query}: {p}");
        };
        has("tag:vip", "ticket_tags_filter_tag");
        has("reklamace", "SEARCH t USING INTEGER PRIMARY KEY");
        has("reklamace", "VIRTUAL TABLE INDEX");
        has("reklamace", "COVERING INDEX interactions_text_ticket");
        has("contact:jan@acme.com", "sqlite_autoindex_contacts_1");
        has("contact:jan@acme.com", "tickets_filter_contact");
        has("contact:@acme.com", "tickets_filter_contact");
        has("number:279", "tickets_filter_number");
        has(
            "assignee:me -status:closed",
            "COVERING INDEX tickets_operator_load (assignee=? AND status=?)",
        );
        has(
            "status:open assignee:me",
            "tickets_operator_load (assignee=? AND status=?)",
        );
        has(
            "assignee:none -status:closed",
            "tickets_operator_load (assignee=? AND status=?)",
        );
        has("created:>=7d", "tickets_filter_created");
        has("updated:<today", "tickets_filter_updated");
        has("category:Leads", "tickets_filter_category");
        has("queue:support", "tickets_filter_queue");
        has(
            "status:queued,open",
            "tickets_view_open (deleted=? AND status=?)",
        );
        has("overdue:yes -status:closed", "(deleted=? AND status=?)");
        has("deleted:yes", "tickets_view_open (deleted=?)");
    }

    #[test]
    fn sort() {
        assert_eq!(
            parse_sort("-priority,created").expect("sort"),
            vec![(SortKey::Priority, true), (SortKey::Created, false)]
        );
        assert_eq!(
            sort_sql(&parse_sort("-priority,created").expect("sort")),
            "t.priority DESC, t.created ASC, t.id"
        );
        assert_eq!(
            parse_sort("+ID, -Due ,status,queue,category,assignee,subject,updated,number")
                .expect("sort"),
            vec![
                (SortKey::Number, false),
                (SortKey::Due, true),
                (SortKey::Status, false),
                (SortKey::Queue, false),
                (SortKey::Category, false),
                (SortKey::Assignee, false),
                (SortKey::Subject, false),
                (SortKey::Updated, false),
                (SortKey::Number, false),
            ]
        );
        assert_eq!(sort_sql(&[]), "t.id");
        assert_eq!(
            sort_sql(&[(SortKey::Due, true), (SortKey::Number, false)]),
            "t.due DESC NULLS LAST, t.number ASC, t.prefix ASC, t.id"
        );
        assert_eq!(
            parse_sort("-priority,colour").expect_err("bad").to_string(),
            "unknown sort key \"colour\" in \"-priority,colour\" (expected number, id, priority, created, updated, status, queue, category, assignee, subject, due)"
        );
        // Every key's SQL runs, with unset due dates last both ways.
        let c = db();
        // Here every ticket's next deadline is its resolution target.
        c.execute_batch("UPDATE tickets SET due = resolution_due")
            .expect("due");
        for spec in [
            "-due",
            "due",
            "status",
            "-assignee",
            "category",
            "subject",
            "number",
            "-updated",
        ] {
            let order = sort_sql(&parse_sort(spec).expect("sort"));
            let sql = format!(
                "SELECT t.id FROM tickets t WHERE t.deleted = 0 AND t.merged_into IS NULL ORDER BY {order}"
            );
            let got: Vec<i64> = c
                .prepare(&sql)
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            let expected: &[i64] = match spec {
                "-due" => &[2, 1, 4, 3, 7],
                "due" => &[3, 4, 1, 2, 7],
                "status" => &[2, 1, 7, 4, 3],
                "-assignee" => &[3, 1, 4, 2, 7],
                "category" => &[1, 4, 3, 2, 7],
                "subject" => &[4, 7, 2, 3, 1],
                "number" => &[1, 2, 3, 4, 7],
                _ => &[4, 1, 7, 2, 3],
            };
            assert_eq!(got, expected, "{spec}");
        }
    }
}
