//! hd's one filter language (`hd list`, views, `hd export`): parsed once, compiled to a
//! parameterised SQL condition over `tickets t`, plus the `--sort` grammar.
//!
//! Terms are separated by whitespace and all must hold; double quotes group (`"late delivery"`,
//! `subject:"a b"`); `-field:value` negates; `field:a,b` means either. Bare words search subjects
//! and texts through FTS5.

use rusqlite::types::Value;

use crate::timeexpr::{TimeCtx, TimeExpr};

/// The fields the language knows, as listed in errors.
pub const FIELDS: &[&str] = &[
    "status",
    "assignee",
    "queue",
    "category",
    "priority",
    "tag",
    "contact",
    "created",
    "updated",
    "overdue",
    "deleted",
    "source",
    "number",
    "id",
    "subject",
    "automatic",
    "due",
];

const STATUSES: &[&str] = &["queued", "open", "waiting", "closed"];
const PRIORITIES: &[&str] = &["low", "normal", "high", "urgent"];
const SOURCES: &[&str] = &["email", "phone", "chat", "web", "manual"];
const SORT_KEYS: &str =
    "number, id, priority, created, updated, status, queue, category, assignee, subject, due";

/// A query or sort order that cannot be used; the message names the offending term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// `colour:red`.
    #[error("unknown field \"{field}\" in \"{term}\" (expected {})", FIELDS.join(", "))]
    UnknownField {
        /// The field as typed.
        field: String,
        /// The whole term as typed.
        term: String,
    },
    /// `status:opne`: a value outside a closed set.
    #[error("unknown {what} \"{value}\" in \"{term}\" (expected {expected})")]
    UnknownValue {
        /// What kind of value (`status`, `priority`...).
        what: &'static str,
        /// The value as typed.
        value: String,
        /// The whole term as typed.
        term: String,
        /// The accepted values.
        expected: &'static str,
    },
    /// `status:` with nothing after the colon.
    #[error("missing value in \"{term}\"")]
    MissingValue {
        /// The whole term as typed.
        term: String,
    },
    /// A `"` that is never closed.
    #[error("unterminated quote in \"{term}\"")]
    UnterminatedQuote {
        /// The whole term as typed.
        term: String,
    },
    /// A value of the right kind that cannot be read (a bad time or ticket number).
    #[error("{message} in \"{term}\"")]
    BadValue {
        /// What is wrong with the value.
        message: String,
        /// The whole term as typed.
        term: String,
    },
    /// `assignee:me` from the administrator, who is nobody's "me".
    #[error("assignee:me needs an operator identity (use --as NAME)")]
    NeedsOperator,
    /// A `--sort` key that does not exist.
    #[error("unknown sort key \"{key}\" in \"{spec}\" (expected {SORT_KEYS})")]
    UnknownSortKey {
        /// The key as typed.
        key: String,
        /// The whole `--sort` value.
        spec: String,
    },
}

/// A comparison in `priority:>=high`, `created:<today`, `number:>100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=` (also the meaning of a bare value).
    Eq,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
}

/// Who `assignee:` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// `me`: the acting operator.
    Me,
    /// `none`: unassigned.
    Nobody,
    /// An operator by name.
    Name(String),
}

/// Which tickets `deleted:` admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// `deleted:yes`: only deleted tickets.
    Yes,
    /// `deleted:no`: only tickets not deleted (the default).
    No,
    /// `deleted:any`: both.
    Any,
}

/// One condition; a list inside a variant means "any of these".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    /// `status:open,waiting`.
    Status(Vec<&'static str>),
    /// `assignee:me,none,alice`.
    Assignee(Vec<Who>),
    /// `queue:support`.
    Queue(Vec<String>),
    /// `category:Complaints`; `None` is `category:none`.
    Category(Vec<Option<String>>),
    /// `priority:>=high`, as comparisons with 0 low .. 3 urgent.
    Priority(Vec<(Cmp, i64)>),
    /// `tag:vip`.
    Tag(Vec<String>),
    /// `contact:jan@acme.com`, `contact:@acme.com`, `contact:acme.com`, `contact:Novák`.
    Contact(Vec<String>),
    /// `created:>=7d`; no comparison means within a day/week, or since an instant.
    Created(Vec<(Option<Cmp>, TimeExpr)>),
    /// `updated:<today`, as for `Created`.
    Updated(Vec<(Option<Cmp>, TimeExpr)>),
    /// `due:<+2h`: the next unmet SLA deadline, as for `Created`.
    Due(Vec<(Option<Cmp>, TimeExpr)>),
    /// `overdue:yes`.
    Overdue(Vec<bool>),
    /// `automatic:no`: tickets made from automatic mail that nobody wrote on.
    Automatic(Vec<bool>),
    /// `deleted:yes`.
    Deleted(Vec<Deleted>),
    /// `source:phone`.
    Source(Vec<&'static str>),
    /// `number:279`, `id:>=100`, `number:REQ-000279`: comparison, optional prefix, number.
    Number(Vec<(Cmp, Option<String>, i64)>),
    /// `subject:"late delivery"`: substring of the ticket subject.
    Subject(Vec<String>),
    /// A bare word or quoted phrase: full text over interaction subjects and texts.
    Text(String),
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Whether it was written `-field:value`.
    pub negated: bool,
    /// What must hold.
    pub cond: Cond,
    /// The term as typed, for messages.
    pub text: String,
}

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// The terms in the order written.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Whether the query has no terms (every ticket not deleted).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Operator names used by `assignee:` (without `me` and `none`), for the caller to check against config.
    pub fn operators(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for t in &self.terms {
            if let Cond::Assignee(ws) = &t.cond {
                for w in ws {
                    if let Who::Name(n) = w {
                        out.push(n.as_str());
                    }
                }
            }
        }
        out
    }

    /// Queue names used by `queue:`, for the caller to check against config.
    pub fn queues(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for t in &self.terms {
            if let Cond::Queue(qs) = &t.cond {
                out.extend(qs.iter().map(String::as_str));
            }
        }
        out
    }

    /// Category names used by `category:` (without `none`), for the caller to check against config.
    pub fn categories(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for t in &self.terms {
            if let Cond::Category(cs) = &t.cond {
                out.extend(cs.iter().flatten().map(String::as_str));
            }
        }
        out
    }

    /// Whether deleted tickets can match (the query names `deleted:yes` or `deleted:any`).
    pub fn includes_deleted(&self) -> bool {
        let mut named = false;
        let all_admit = self.terms.iter().all(|t| match &t.cond {
            Cond::Deleted(ds) => {
                named = true;
                let yes = ds.iter().any(|d| matches!(d, Deleted::Yes | Deleted::Any));
                // A negation admits exactly what the term did not.
                yes != t.negated
            }
            _ => true,
        });
        named && all_admit
    }
}

/// One character of a term and whether it stood inside double quotes.
type QChar = (char, bool);

/// Splits a query into terms at unquoted whitespace, remembering which characters were quoted.
fn tokenize(query: &str) -> Result<Vec<(String, Vec<QChar>)>, FilterError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = Vec::new();
    let mut quoted = false;
    for c in query.chars() {
        if c == '"' {
            quoted = !quoted;
            text.push(c);
        } else if c.is_whitespace() && !quoted {
            if !text.is_empty() {
                out.push((std::mem::take(&mut text), std::mem::take(&mut chars)));
            }
        } else {
            text.push(c);
            chars.push((c, quoted));
        }
    }
    if quoted {
        return Err(FilterError::UnterminatedQuote { term: text });
    }
    if !text.is_empty() {
        out.push((text, chars));
    }
    Ok(out)
}

/// Parses a query; an unknown field, a value outside a closed set or a bad time is an error
/// naming the term. Operators, queues and categories are checked by the caller (see
/// [`Query::operators`]).
pub fn parse(query: &str) -> Result<Query, FilterError> {
    let mut terms = Vec::new();
    for (text, chars) in tokenize(query)? {
        let mut body: &[QChar] = &chars;
        let negated = body.len() > 1 && body[0] == ('-', false);
        if negated {
            body = &body[1..];
        }
        if body.is_empty() {
            // `""`: an empty phrase asks for nothing.
            continue;
        }
        let colon = body.iter().position(|&c| c == (':', false));
        let field = colon.and_then(|k| {
            let name = &body[..k];
            let ident = name.first().is_some_and(|&(c, q)| !q && c.is_alphabetic())
                && name
                    .iter()
                    .all(|&(c, q)| !q && (c.is_alphanumeric() || c == '_' || c == '-'));
            ident.then(|| (name.iter().map(|c| c.0).collect::<String>(), k))
        });
        let cond = match field {
            Some((name, k)) => field_cond(&name, &body[k + 1..], &text)?,
            None => Cond::Text(body.iter().map(|c| c.0).collect()),
        };
        terms.push(Term {
            negated,
            cond,
            text,
        });
    }
    Ok(Query { terms })
}

/// The comma-separated values of a field, quotes removed; commas inside quotes stay.
fn values(value: &[QChar], term: &str) -> Result<Vec<String>, FilterError> {
    let out: Vec<String> = value
        .split(|&c| c == (',', false))
        .map(|v| v.iter().map(|c| c.0).collect::<String>())
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().to_string())
        .collect();
    if out.is_empty() {
        return Err(FilterError::MissingValue {
            term: term.to_string(),
        });
    }
    Ok(out)
}

/// Splits a leading comparison operator off a value.
fn split_cmp(v: &str) -> (Option<Cmp>, &str) {
    for (op, cmp) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ] {
        if let Some(rest) = v.strip_prefix(op) {
            return (Some(cmp), rest.trim_start());
        }
    }
    (None, v)
}

/// Finds `v` (case-insensitively) in a closed set.
fn closed(
    v: &str,
    set: &[&'static str],
    what: &'static str,
    expected: &'static str,
    term: &str,
) -> Result<&'static str, FilterError> {
    let lower = v.to_lowercase();
    set.iter()
        .find(|s| **s == lower)
        .copied()
        .ok_or_else(|| FilterError::UnknownValue {
            what,
            value: v.to_string(),
            term: term.to_string(),
            expected,
        })
}

fn yes_no(v: &str, what: &'static str, term: &str) -> Result<bool, FilterError> {
    Ok(closed(v, &["yes", "no"], what, "yes, no", term)? == "yes")
}

fn times(vs: &[String], term: &str) -> Result<Vec<(Option<Cmp>, TimeExpr)>, FilterError> {
    vs.iter()
        .map(|v| {
            let (cmp, rest) = split_cmp(v);
            TimeExpr::parse(rest)
                .map(|t| (cmp, t))
                .map_err(|message| FilterError::BadValue {
                    message,
                    term: term.to_string(),
                })
        })
        .collect()
}

/// Reads `279`, `#279`, `REQ-000279`, `req-279` as an optional prefix and a number.
fn ticket_ref(v: &str) -> Option<(Option<String>, i64)> {
    let v = v.strip_prefix('#').unwrap_or(v);
    let (prefix, digits) = match v.rsplit_once('-') {
        Some((p, d)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()) => {
            (Some(p.to_ascii_uppercase()), d)
        }
        Some(_) => return None,
        None => (None, v),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, digits.parse().ok()?))
}

fn field_cond(name: &str, value: &[QChar], term: &str) -> Result<Cond, FilterError> {
    let vs = || values(value, term);
    let field = name.to_ascii_lowercase();
    Ok(match field.as_str() {
        "status" => Cond::Status(
            vs()?
                .iter()
                .map(|v| closed(v, STATUSES, "status", "queued, open, waiting, closed", term))
                .collect::<Result<_, _>>()?,
        ),
        "assignee" => Cond::Assignee(
            vs()?
                .into_iter()
                .map(|v| match v.to_lowercase().as_str() {
                    "me" => Who::Me,
                    "none" => Who::Nobody,
                    _ => Who::Name(v),
                })
                .collect(),
        ),
        "queue" => Cond::Queue(vs()?),
        "category" => Cond::Category(
            vs()?
                .into_iter()
                .map(|v| (!v.eq_ignore_ascii_case("none")).then_some(v))
                .collect(),
        ),
        "priority" => Cond::Priority(
            vs()?
                .iter()
                .map(|v| {
                    let (cmp, rest) = split_cmp(v);
                    let p = closed(
                        rest,
                        PRIORITIES,
                        "priority",
                        "low, normal, high, urgent, optionally after >=, >, <=, < or =",
                        term,
                    )?;
                    let level = PRIORITIES.iter().position(|x| *x == p).unwrap_or(1) as i64;
                    Ok((cmp.unwrap_or(Cmp::Eq), level))
                })
                .collect::<Result<_, FilterError>>()?,
        ),
        "tag" => Cond::Tag(vs()?),
        "contact" => Cond::Contact(vs()?),
        "created" => Cond::Created(times(&vs()?, term)?),
        "updated" => Cond::Updated(times(&vs()?, term)?),
        "automatic" => Cond::Automatic(
            vs()?
                .iter()
                .map(|v| yes_no(v, "automatic value", term))
                .collect::<Result<_, _>>()?,
        ),
        "due" => Cond::Due(times(&vs()?, term)?),
        "overdue" => Cond::Overdue(
            vs()?
                .iter()
                .map(|v| yes_no(v, "overdue value", term))
                .collect::<Result<_, _>>()?,
        ),
        "deleted" => Cond::Deleted(
            vs()?
                .iter()
                .map(|v| {
                    closed(
                        v,
                        &["yes", "no", "any"],
                        "deleted value",
                        "yes, no, any",
                        term,
                    )
                    .map(|d| match d {
                        "yes" => Deleted::Yes,
                        "no" => Deleted::No,
                        _ => Deleted::Any,
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        "source" => Cond::Source(
            vs()?
                .iter()
                .map(|v| {
                    closed(
                        v,
                        SOURCES,
                        "source",
                        "email, phone, chat, web, manual",
                        term,
                    )
                })
                .collect::<Result<_, _>>()?,
        ),
        "number" | "id" => Cond::Number(
            vs()?
                .iter()
                .map(|v| {
                    let (cmp, rest) = split_cmp(v);
                    let (prefix, n) = ticket_ref(rest).ok_or_else(|| FilterError::BadValue {
                        message: format!("bad ticket number \"{v}\""),
                        term: term.to_string(),
                    })?;
                    Ok((cmp.unwrap_or(Cmp::Eq), prefix, n))
                })
                .collect::<Result<_, FilterError>>()?,
        ),
        "subject" => Cond::Subject(vs()?),
        _ => {
            return Err(FilterError::UnknownField {
                field: name.to_string(),
                term: term.to_string(),
            });
        }
    })
}

/// What `to_sql` needs besides the query: who "me" is and the clock.
pub struct SqlCtx<'a> {
    /// The acting operator; `None` for the administrator.
    pub me: Option<&'a str>,
    /// Now and the zone, for `created:`, `updated:` and `overdue:`.
    pub time: &'a TimeCtx,
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

/// Tickets having an interaction (not deleted) that matches an FTS5 expression. The
/// narrow index maps the matches to tickets without reading each interaction's row.
const FTS_SQL: &str = "t.id IN (SELECT i.ticket_id FROM interactions i INDEXED BY interactions_text_ticket WHERE i.deleted = 0 AND \
     i.id IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?))";

/// Compiles a query to a WHERE condition over `tickets t` with `?` parameters. Deleted
/// tickets are left out unless the query names `deleted:`; merged tickets always are.
pub fn to_sql(q: &Query, ctx: &SqlCtx) -> Result<(String, Vec<Value>), FilterError> {
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
    let words: Vec<String> = q
        .terms
        .iter()
        .filter_map(|t| match &t.cond {
            Cond::Text(s) if !t.negated => Some(fts_phrase(s)),
            _ => None,
        })
        .collect();
    if !words.is_empty() {
        conds.push(FTS_SQL.into());
        params.push(Value::Text(words.join(" ")));
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
        return Some("0".into());
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
            FTS_SQL.to_string()
        }
    })
}

/// A `--sort` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// `number` / `id`: the ticket number.
    Number,
    /// `priority`.
    Priority,
    /// `created`.
    Created,
    /// `updated`.
    Updated,
    /// `status`, in lifecycle order (queued, open, waiting, closed).
    Status,
    /// `queue`.
    Queue,
    /// `category` (unset last).
    Category,
    /// `assignee` (unassigned last).
    Assignee,
    /// `subject`, case-insensitively.
    Subject,
    /// `due`: the next unmet SLA deadline (none last).
    Due,
}

/// Parses `--sort -priority,created`: comma-separated keys, `-` for descending (`+` allowed).
pub fn parse_sort(s: &str) -> Result<Vec<(SortKey, bool)>, FilterError> {
    let mut out = Vec::new();
    for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (desc, name) = match item.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, item.strip_prefix('+').unwrap_or(item)),
        };
        let key = match name.to_ascii_lowercase().as_str() {
            "number" | "id" => SortKey::Number,
            "priority" => SortKey::Priority,
            "created" => SortKey::Created,
            "updated" => SortKey::Updated,
            "status" => SortKey::Status,
            "queue" => SortKey::Queue,
            "category" => SortKey::Category,
            "assignee" => SortKey::Assignee,
            "subject" => SortKey::Subject,
            "due" => SortKey::Due,
            _ => {
                return Err(FilterError::UnknownSortKey {
                    key: name.to_string(),
                    spec: s.to_string(),
                });
            }
        };
        out.push((key, desc));
    }
    Ok(out)
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
    use chrono::{DateTime, Utc};
    use rusqlite::Connection;

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
                rusqlite::params![id, ticket, subject, text, deleted],
            )
            .expect("interaction");
            c.execute(
                "INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, subject, text],
            )
            .expect("fts");
        }
        c
    }

    fn ids_as(c: &Connection, query: &str, me: Option<&str>) -> Vec<i64> {
        let q = parse(query).unwrap_or_else(|e| panic!("parse {query}: {e}"));
        let t = time();
        let (cond, params) =
            to_sql(&q, &SqlCtx { me, time: &t }).unwrap_or_else(|e| panic!("sql {query}: {e}"));
        let sql = format!("SELECT t.id FROM tickets t WHERE {cond} ORDER BY t.id");
        let mut st = c
            .prepare(&sql)
            .unwrap_or_else(|e| panic!("prepare {sql}: {e}"));
        st.query_map(rusqlite::params_from_iter(params), |r| r.get(0))
            .expect("query")
            .collect::<Result<Vec<i64>, _>>()
            .unwrap_or_else(|e| panic!("run {query}: {e}"))
    }

    fn ids(c: &Connection, query: &str) -> Vec<i64> {
        ids_as(c, query, Some("alice"))
    }

    fn err(query: &str) -> String {
        parse(query).expect_err(query).to_string()
    }

    fn term(negated: bool, cond: Cond, text: &str) -> Term {
        Term {
            negated,
            cond,
            text: text.to_string(),
        }
    }

    fn one(query: &str) -> Term {
        let q = parse(query).unwrap_or_else(|e| panic!("parse {query}: {e}"));
        assert_eq!(q.terms().len(), 1, "{query}");
        q.terms()[0].clone()
    }

    #[test]
    fn parses_every_field() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            one("status:open,Waiting").cond,
            Cond::Status(vec!["open", "waiting"])
        );
        assert_eq!(
            one("assignee:me,none,Alice").cond,
            Cond::Assignee(vec![Who::Me, Who::Nobody, Who::Name("Alice".into())])
        );
        assert_eq!(one("queue:support").cond, Cond::Queue(s(&["support"])));
        assert_eq!(
            one("category:Complaints,none").cond,
            Cond::Category(vec![Some("Complaints".into()), None])
        );
        assert_eq!(
            one("priority:>=high,<normal,urgent,=low,>low,<=normal").cond,
            Cond::Priority(vec![
                (Cmp::Ge, 2),
                (Cmp::Lt, 1),
                (Cmp::Eq, 3),
                (Cmp::Eq, 0),
                (Cmp::Gt, 0),
                (Cmp::Le, 1)
            ])
        );
        assert_eq!(one("tag:vip").cond, Cond::Tag(s(&["vip"])));
        assert_eq!(
            one("contact:@acme.com,jan@x.cz").cond,
            Cond::Contact(s(&["@acme.com", "jan@x.cz"]))
        );
        assert_eq!(
            one("created:>=7d").cond,
            Cond::Created(vec![(Some(Cmp::Ge), TimeExpr::Ago(7 * 86_400))])
        );
        assert_eq!(
            one("updated:<today,2026-11-01").cond,
            Cond::Updated(vec![
                (Some(Cmp::Lt), TimeExpr::Today),
                (
                    None,
                    TimeExpr::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"))
                )
            ])
        );
        assert_eq!(one("overdue:yes").cond, Cond::Overdue(vec![true]));
        assert_eq!(one("overdue:NO").cond, Cond::Overdue(vec![false]));
        assert_eq!(
            one("deleted:yes,no,any").cond,
            Cond::Deleted(vec![Deleted::Yes, Deleted::No, Deleted::Any])
        );
        assert_eq!(
            one("source:phone,web").cond,
            Cond::Source(vec!["phone", "web"])
        );
        assert_eq!(
            one("number:279,#12,REQ-000279,req-5").cond,
            Cond::Number(vec![
                (Cmp::Eq, None, 279),
                (Cmp::Eq, None, 12),
                (Cmp::Eq, Some("REQ".into()), 279),
                (Cmp::Eq, Some("REQ".into()), 5)
            ])
        );
        assert_eq!(
            one("id:>100").cond,
            Cond::Number(vec![(Cmp::Gt, None, 100)])
        );
        assert_eq!(one("Status:open").cond, Cond::Status(vec!["open"]));
    }

    #[test]
    fn parses_negation_quotes_and_bare_words() {
        let q = parse(r#"-status:closed  "late delivery" subject:"a b, c" reklamace -spam -"x y""#)
            .expect("parse");
        assert_eq!(
            q.terms(),
            &[
                term(true, Cond::Status(vec!["closed"]), "-status:closed"),
                term(
                    false,
                    Cond::Text("late delivery".into()),
                    "\"late delivery\""
                ),
                term(
                    false,
                    Cond::Subject(vec!["a b, c".into()]),
                    "subject:\"a b, c\""
                ),
                term(false, Cond::Text("reklamace".into()), "reklamace"),
                term(true, Cond::Text("spam".into()), "-spam"),
                term(true, Cond::Text("x y".into()), "-\"x y\""),
            ]
        );
        // A colon after something that is not a field name, or inside quotes, is just text.
        assert_eq!(one("10:30").cond, Cond::Text("10:30".into()));
        assert_eq!(one("\"http://x\"").cond, Cond::Text("http://x".into()));
        assert_eq!(
            one("\"status\":open").cond,
            Cond::Text("status:open".into())
        );
        assert_eq!(one("-").cond, Cond::Text("-".into()));
        assert_eq!(one("a-b").cond, Cond::Text("a-b".into()));
        // Unquoted commas split a list, quoted ones do not.
        assert_eq!(
            one(r#"category:"A, B",C"#).cond,
            Cond::Category(vec![Some("A, B".into()), Some("C".into())])
        );
        assert!(parse("  ").expect("empty").is_empty());
        assert!(parse(r#""""#).expect("empty phrase").is_empty());
    }

    #[test]
    fn names_for_the_caller_to_check() {
        let q =
            parse("assignee:me,alice,none -assignee:bob queue:support,sales category:none,Leads")
                .expect("parse");
        assert_eq!(q.operators(), vec!["alice", "bob"]);
        assert_eq!(q.queues(), vec!["support", "sales"]);
        assert_eq!(q.categories(), vec!["Leads"]);
        assert!(!q.includes_deleted());
        assert!(parse("deleted:yes").expect("p").includes_deleted());
        assert!(parse("deleted:any").expect("p").includes_deleted());
        assert!(!parse("deleted:no").expect("p").includes_deleted());
        assert!(parse("-deleted:no").expect("p").includes_deleted());
    }

    #[test]
    fn errors_name_the_term() {
        assert_eq!(
            err("status:open colour:red"),
            format!(
                "unknown field \"colour\" in \"colour:red\" (expected {})",
                FIELDS.join(", ")
            )
        );
        assert_eq!(
            err("status:opne"),
            "unknown status \"opne\" in \"status:opne\" (expected queued, open, waiting, closed)"
        );
        assert_eq!(
            err("-status:open,opne"),
            "unknown status \"opne\" in \"-status:open,opne\" (expected queued, open, waiting, closed)"
        );
        assert_eq!(
            err("priority:>=hgh"),
            "unknown priority \"hgh\" in \"priority:>=hgh\" (expected low, normal, high, urgent, optionally after >=, >, <=, < or =)"
        );
        assert_eq!(
            err("overdue:maybe"),
            "unknown overdue value \"maybe\" in \"overdue:maybe\" (expected yes, no)"
        );
        assert_eq!(
            err("deleted:all"),
            "unknown deleted value \"all\" in \"deleted:all\" (expected yes, no, any)"
        );
        assert_eq!(
            err("source:fax"),
            "unknown source \"fax\" in \"source:fax\" (expected email, phone, chat, web, manual)"
        );
        assert_eq!(
            err("barva:červená"),
            format!(
                "unknown field \"barva\" in \"barva:červená\" (expected {})",
                FIELDS.join(", ")
            )
        );
        assert!(err("čas:ráno").starts_with("unknown field \"čas\" in \"čas:ráno\""));
        assert_eq!(err("status:"), "missing value in \"status:\"");
        assert_eq!(err("tag:,"), "missing value in \"tag:,\"");
        assert_eq!(
            err("created:>=soon"),
            "unknown time \"soon\" (expected now, today, yesterday, this-week, 7d, 2h, 30m, +2h, +1d, 2026-11-01, 2026-11-01T08:00 or RFC 3339) in \"created:>=soon\""
        );
        assert_eq!(
            err("updated:2026-02-30"),
            "invalid date \"2026-02-30\" in \"updated:2026-02-30\""
        );
        assert_eq!(
            err("number:abc"),
            "bad ticket number \"abc\" in \"number:abc\""
        );
        assert_eq!(err("say \"hi"), "unterminated quote in \"\"hi\"");
        assert_eq!(err("O\"Brien"), "unterminated quote in \"O\"Brien\"");
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
            to_sql(&q, &SqlCtx { me: None, time: &t })
                .expect_err("admin")
                .to_string(),
            "assignee:me needs an operator identity (use --as NAME)"
        );
    }

    #[test]
    fn sql_is_parameterised() {
        let q = parse("status:open contact:\"o'hara\" tag:x reklamace").expect("parse");
        let t = time();
        let (sql, params) = to_sql(&q, &SqlCtx { me: None, time: &t }).expect("sql");
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
            },
        )
        .expect("sql");
        let sql = format!("EXPLAIN QUERY PLAN SELECT t.id FROM tickets t WHERE {cond}");
        let mut st = c.prepare(&sql).expect("prepare");
        st.query_map(rusqlite::params_from_iter(params), |r| {
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
