//! hd's one filter language (`hd list`, views, `hd export`): parsed once, compiled to a
//! parameterised SQL condition over `tickets t`, plus the `--sort` grammar.
//!
//! Terms are separated by whitespace and all must hold; double quotes group (`"late delivery"`,
//! `subject:"a b"`); `-field:value` negates; `field:a,b` means either. Bare words search subjects
//! and texts through FTS5.

mod parse;
mod sql;

pub use parse::{parse, parse_sort};
pub use sql::{
    FTS_SQL, FTS_SQL_PG, SqlCtx, fts_sql, queue_rights_sql, sort_sql, text_match, to_sql,
    to_sql_without_text,
};

use crate::timeexpr::TimeExpr;

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
