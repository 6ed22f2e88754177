//! Held-back writes gathered into multi-row INSERTs before they are sent.
//!
//! Each statement PostgreSQL runs has a cost beyond its rows: its own
//! executor start (every index of the table opened), its own answer and its
//! own flush of the socket, which wakes the client. A sync writes five rows
//! for each message, one statement each; gathered, the rows of the messages
//! filed since the last round trip go as one statement per table.
//!
//! Gathering moves a row earlier, past the writes held back between it and
//! the earlier rows of its statement. It does so only past writes it
//! provably commutes with, so the outcome is the one the writes had in the
//! order they were made:
//! - an INSERT into another table, unless that table is one the row
//!   references (a foreign key: its parent row may be among them), or both
//!   tables have triggers whose effects are ordered (the hook queue, while
//!   hooks are recorded);
//! - an UPDATE of another table that reads no table but its own;
//! - an UPDATE of the row's own table keyed by `id = $n`, when the row has an
//!   `id` and it differs.
//!
//! Nothing moves past anything else: a DELETE, a write that reads other
//! tables, a transaction's or savepoint's start. Rows of one statement keep
//! their order.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::Value;

/// What a write statement does, as far as gathering cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `INSERT INTO table (columns) VALUES ($1, ...)[, (...)]`, optionally
    /// `ON CONFLICT ... DO NOTHING`: every value a parameter, in order.
    Rows(Rows),
    /// Another INSERT that reads no table (`VALUES (f($1), ...)`).
    Insert { table: String },
    /// An UPDATE reading no table but its own, keyed by `id = $key` (the
    /// parameter's index from 0) when that is its whole condition.
    Update { table: String, key: Option<usize> },
    /// Anything else: nothing moves past it.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    pub table: String,
    /// `INSERT INTO table (columns) VALUES `: statements with the same head,
    /// pattern and tail gather.
    head: String,
    /// The parameter of each column in a row's tuple, counted from 1 (a
    /// parameter may fill two columns: `($1, $2, $2)`).
    pattern: Vec<usize>,
    /// The conflict clause, if any, with a leading space.
    tail: String,
    /// Parameters per row.
    pub width: usize,
    /// Which of a row's parameters is its `id`, from 0.
    id_param: Option<usize>,
}

impl Rows {
    /// The statement for `n` rows.
    pub fn sql(&self, n: usize) -> String {
        let mut sql = self.head.clone();
        for row in 0..n {
            if row > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for (col, p) in self.pattern.iter().enumerate() {
                if col > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&(p + row * self.width).to_string());
            }
            sql.push(')');
        }
        sql.push_str(&self.tail);
        sql
    }

    fn same_statement(&self, other: &Rows) -> bool {
        self.head == other.head
            && self.tail == other.tail
            && self.width == other.width
            && self.pattern == other.pattern
    }

    /// The most rows one statement carries: a power of two, within the
    /// protocol's 65,535 parameters.
    pub fn max_rows(&self) -> usize {
        let fit = (65_535 / self.width.max(1)).clamp(1, 64);
        1 << fit.ilog2()
    }
}

/// A table name as the catalog and the statements agree on it: without its
/// schema, quotes or case.
fn table_name(s: &str) -> String {
    let s = s.trim();
    s.rsplit('.')
        .next()
        .unwrap_or(s)
        .trim_matches('"')
        .to_ascii_lowercase()
}

// Constant patterns: compiled once, they cannot fail.
static INSERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^\s*INSERT\s+INTO\s+("?[A-Za-z_][A-Za-z0-9_]*"?)\s*\(([^()]*)\)\s*VALUES\s*(.*?)\s*(ON\s+CONFLICT\s*(?:\([^()]*\))?\s*DO\s+NOTHING)?\s*;?\s*$"#,
    )
    .expect("constant pattern")
});
static UPDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^\s*UPDATE\s+("?[A-Za-z_][A-Za-z0-9_]*"?)\s+SET\s+(.*?)(?:\s+WHERE\s+id\s*=\s*\$(\d+))?\s*;?\s*$"#,
    )
    .expect("constant pattern")
});
static READS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(SELECT|FROM|JOIN|USING|RETURNING|WITH)\b").expect("constant pattern")
});

/// The shape of a statement, from its PostgreSQL text.
pub fn shape(sql: &str) -> Shape {
    // Most statements read: told apart by their first word, without the
    // patterns (compiling them costs a short command a millisecond).
    let first = sql
        .trim_start()
        .split_ascii_whitespace()
        .next()
        .unwrap_or("");
    if !first.eq_ignore_ascii_case("INSERT") && !first.eq_ignore_ascii_case("UPDATE") {
        return Shape::Other;
    }
    if let Some(c) = INSERT.captures(sql) {
        let table = table_name(&c[1]);
        let tuples = c[3].trim();
        if READS.is_match(tuples) {
            return Shape::Other;
        }
        let columns: Vec<String> = c[2].split(',').map(table_name).collect();
        if let Some((pattern, width)) = plain_tuples(tuples, columns.len()) {
            let tail = c
                .get(4)
                .map(|m| format!(" {}", m.as_str()))
                .unwrap_or_default();
            let id_param = columns
                .iter()
                .position(|c| c == "id")
                .map(|col| pattern[col] - 1);
            return Shape::Rows(Rows {
                head: format!("INSERT INTO {} ({}) VALUES ", &c[1], c[2].trim()),
                table,
                pattern,
                tail,
                width,
                id_param,
            });
        }
        return Shape::Insert { table };
    }
    if let Some(c) = UPDATE.captures(sql) {
        if READS.is_match(&c[2]) {
            return Shape::Other;
        }
        let key = c
            .get(3)
            .and_then(|m| m.as_str().parse::<usize>().ok())
            .and_then(|k| k.checked_sub(1));
        return Shape::Update {
            table: table_name(&c[1]),
            key,
        };
    }
    Shape::Other
}

/// `($1, $2), ($3, $4)`: when every value is a parameter, the first row's
/// parameters and the parameters per row; each later row must repeat the
/// first's pattern on its own parameters (`($1, $2, $2), ($3, $4, $4)`),
/// and each row use every one of them.
fn plain_tuples(s: &str, columns: usize) -> Option<(Vec<usize>, usize)> {
    if columns == 0 {
        return None;
    }
    let mut tuples: Vec<Vec<usize>> = Vec::new();
    let mut rest = s.trim();
    loop {
        rest = rest.strip_prefix('(')?;
        let (inside, after) = rest.split_once(')')?;
        let tuple = inside
            .split(',')
            .map(|v| v.trim().strip_prefix('$')?.parse::<usize>().ok())
            .collect::<Option<Vec<usize>>>()?;
        if tuple.len() != columns {
            return None;
        }
        tuples.push(tuple);
        rest = after.trim_start();
        if rest.is_empty() {
            break;
        }
        rest = rest.strip_prefix(',')?.trim_start();
    }
    let first = &tuples[0];
    let width = *first.iter().max()?;
    let mut used = vec![false; width];
    for &p in first {
        *used.get_mut(p.checked_sub(1)?)? = true;
    }
    if used.contains(&false) {
        return None;
    }
    for (r, t) in tuples.iter().enumerate() {
        if t.iter().zip(first).any(|(p, q)| *p != q + r * width) {
            return None;
        }
    }
    Some((first.clone(), width))
}

/// What the catalog says about the tables: which reference which, and which
/// have triggers whose order shows.
#[derive(Debug, Default)]
pub struct Tables {
    /// Table → the tables it references.
    pub parents: HashMap<String, HashSet<String>>,
    /// Tables whose writes keep their order among each other.
    pub ordered: HashSet<String>,
}

impl Tables {
    /// From the catalog's rows: `("fk", child, parent)` and
    /// `("tg", table, trigger name)`. Triggers named `hook_` only record
    /// hooks, which matter while `hooks` is on.
    pub fn from_catalog<'a>(
        rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
        hooks: bool,
    ) -> Tables {
        let mut t = Tables::default();
        for (kind, a, b) in rows {
            match kind {
                "fk" => {
                    t.parents
                        .entry(table_name(a))
                        .or_default()
                        .insert(table_name(b));
                }
                "tg" if hooks || !b.starts_with("hook_") => {
                    t.ordered.insert(table_name(a));
                }
                _ => {}
            }
        }
        t
    }

    fn ordered_pair(&self, a: &str, b: &str) -> bool {
        self.ordered.contains(a) && self.ordered.contains(b)
    }
}

/// A held-back request.
pub enum Entry<'a> {
    /// A transaction's or savepoint's start.
    Barrier,
    Write(&'a Shape, &'a [Value]),
}

/// What to send, in order.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// One entry as it was.
    Keep(usize),
    /// The rows of these entries (each a [`Shape::Rows`] of one statement),
    /// in this order, as one or more multi-row statements.
    Gathered(Vec<usize>),
}

impl Step {
    fn first(&self) -> usize {
        match self {
            Step::Keep(i) => *i,
            Step::Gathered(v) => v[0],
        }
    }
}

/// How far back a row looks for its statement's earlier rows: beyond it, the
/// row starts a statement of its own.
const REACH: usize = 64;

/// Gathers `entries` into steps (see the module's documentation).
pub fn plan(entries: &[Entry<'_>], tables: &Tables) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::with_capacity(entries.len());
    let mut floor = 0;
    for (i, e) in entries.iter().enumerate() {
        let Entry::Write(Shape::Rows(rows), values) = e else {
            if matches!(e, Entry::Barrier) {
                floor = steps.len() + 1;
            }
            steps.push(Step::Keep(i));
            continue;
        };
        let ids = row_ids(rows, values);
        let target = steps[floor..]
            .iter()
            .rposition(|s| matches!(&entries[s.first()], Entry::Write(Shape::Rows(r), _) if r.same_statement(rows)))
            .map(|p| p + floor);
        let joined = target.is_some_and(|g| {
            steps.len() - g <= REACH
                && steps[g + 1..]
                    .iter()
                    .all(|s| passes(rows, &ids, &entries[s.first()], tables))
        });
        match (target, joined) {
            (Some(g), true) => match &mut steps[g] {
                Step::Gathered(v) => v.push(i),
                keep => {
                    let first = keep.first();
                    *keep = Step::Gathered(vec![first, i]);
                }
            },
            _ => steps.push(Step::Keep(i)),
        }
    }
    steps
}

/// The `id` of each row of a write, when the statement has that column.
fn row_ids(rows: &Rows, values: &[Value]) -> Option<Vec<Value>> {
    let col = rows.id_param?;
    Some(
        values
            .chunks(rows.width)
            .filter_map(|r| r.get(col).cloned())
            .collect(),
    )
}

/// Whether rows of `rows` (with these ids) may move before `other`.
/// A step's first entry stands for it: gathered rows share a statement.
fn passes(rows: &Rows, ids: &Option<Vec<Value>>, other: &Entry<'_>, tables: &Tables) -> bool {
    let t = rows.table.as_str();
    let parent = |u: &str| tables.parents.get(t).is_some_and(|p| p.contains(u));
    match other {
        Entry::Barrier => false,
        Entry::Write(Shape::Rows(Rows { table: u, .. }), _)
        | Entry::Write(Shape::Insert { table: u }, _) => {
            u != t && !parent(u) && !tables.ordered_pair(t, u)
        }
        Entry::Write(Shape::Update { table: u, key }, values) => {
            if tables.ordered_pair(t, u) {
                return false;
            }
            if u != t {
                return true;
            }
            // The same table: only an UPDATE of another row, by its id.
            let (Some(k), Some(ids)) = (key, ids) else {
                return false;
            };
            match values.get(*k) {
                Some(Value::Integer(target)) => ids
                    .iter()
                    .all(|id| matches!(id, Value::Integer(i) if i != target)),
                _ => false,
            }
        }
        Entry::Write(Shape::Other, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(sql: &str) -> Rows {
        match shape(sql) {
            Shape::Rows(r) => r,
            s => panic!("not rows: {s:?}"),
        }
    }

    #[test]
    fn plain_inserts_are_rows_and_the_rest_is_not() {
        let r =
            rows("INSERT INTO events (ticket_id, time, actor) VALUES ($1, $2, $3), ($4, $5, $6)");
        assert_eq!((r.table.as_str(), r.width, r.id_param), ("events", 3, None));
        assert_eq!(
            r.sql(2),
            "INSERT INTO events (ticket_id, time, actor) VALUES ($1, $2, $3), ($4, $5, $6)"
        );
        let r = rows("INSERT INTO blobs (hash, data) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        assert_eq!(
            r.sql(2),
            "INSERT INTO blobs (hash, data) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
        let r = rows("INSERT INTO contacts (id, email) VALUES ($1, $2)");
        assert_eq!(r.id_param, Some(0));
        // A parameter filling two columns, the id's last.
        let r = rows("INSERT INTO tickets (id, created, updated, n) VALUES ($3, $1, $1, $2)");
        assert_eq!((r.width, r.id_param), (3, Some(2)));
        assert_eq!(
            r.sql(2),
            "INSERT INTO tickets (id, created, updated, n) VALUES ($3, $1, $1, $2), ($6, $4, $4, $5)"
        );
        assert_eq!(
            shape("INSERT INTO t (a, b) VALUES ($2, $1), ($4, $3)"),
            shape("INSERT INTO t (a, b) VALUES ($2, $1)")
        );
        for other in [
            "INSERT INTO t (a) VALUES ($1) RETURNING id",
            "INSERT INTO t (a) SELECT x FROM u",
            "INSERT INTO t (a) VALUES ((SELECT max(a) FROM t))",
            "DELETE FROM t WHERE id = $1",
            "UPDATE t SET a = (SELECT 1) WHERE id = $1",
            "UPDATE t SET a = u.a FROM u WHERE t.id = u.id",
        ] {
            assert_eq!(shape(other), Shape::Other, "{other}");
        }
        // Inserts all the same, but not of rows that gather.
        for insert in [
            "INSERT INTO t (a, b) VALUES ($1, $3)",
            "INSERT INTO t (a, b, c) VALUES ($2, $2, $2)",
            "INSERT INTO t (a, b) VALUES ($1, $2), ($4, $3)",
            "INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a",
        ] {
            assert_eq!(
                shape(insert),
                Shape::Insert { table: "t".into() },
                "{insert}"
            );
        }
        assert_eq!(
            shape("INSERT INTO f (id, doc) VALUES ($1, g($2))"),
            Shape::Insert { table: "f".into() }
        );
        assert_eq!(
            shape("UPDATE tickets SET updated = GREATEST(updated, $2) WHERE id = $1"),
            Shape::Update {
                table: "tickets".into(),
                key: Some(0)
            }
        );
        assert_eq!(
            shape("UPDATE tickets SET a = $1 WHERE id = $2 AND b = $3"),
            Shape::Update {
                table: "tickets".into(),
                key: None
            }
        );
        // Told by the first word in any case, after any white space.
        assert_eq!(
            shape("\n  update\tt SET a = $1 WHERE id = $2"),
            Shape::Update {
                table: "t".into(),
                key: Some(1)
            }
        );
        assert_eq!(
            shape(" insert into t (a) values ($1)"),
            shape("INSERT INTO t (a) VALUES ($1)")
        );
        for read in [
            "SELECT a FROM t WHERE id = $1",
            "",
            "  ",
            "WITH x AS (SELECT 1) SELECT 1",
        ] {
            assert_eq!(shape(read), Shape::Other, "{read:?}");
        }
        assert_eq!(rows("INSERT INTO t (a) VALUES ($1)").max_rows(), 64);
        // The catalog names a table outside the search path with its schema.
        assert_eq!(table_name(" public.\"Tickets\" "), "tickets");
        assert_eq!(
            rows(&format!(
                "INSERT INTO t ({}) VALUES ({})",
                (0..2000)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                (1..=2000)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .max_rows(),
            32
        );
    }

    fn tables(hooks: bool) -> Tables {
        Tables::from_catalog(
            [
                ("fk", "tickets", "contacts"),
                ("fk", "interactions", "tickets"),
                ("fk", "interactions", "raw_messages"),
                ("fk", "events", "tickets"),
                ("tg", "events", "hook_ticket_created"),
                ("tg", "interactions", "hook_message_received"),
            ]
            .into_iter(),
            hooks,
        )
    }

    const RAW: &str = "INSERT INTO raw_messages (id, data) VALUES ($1, $2)";
    const CONTACT: &str = "INSERT INTO contacts (id, email) VALUES ($1, $2)";
    const TICKET: &str = "INSERT INTO tickets (id, contact_id) VALUES ($1, $2)";
    const EVENT: &str = "INSERT INTO events (ticket_id, kind) VALUES ($1, $2)";
    const EVENTS2: &str = "INSERT INTO events (ticket_id, kind) VALUES ($1, $2), ($3, $4)";
    const INTERACTION: &str =
        "INSERT INTO interactions (id, ticket_id, raw_id) VALUES ($1, $2, $3)";
    const TOUCH: &str = "UPDATE tickets SET updated = GREATEST(updated, $2) WHERE id = $1";

    fn i(n: i64) -> Value {
        Value::Integer(n)
    }

    /// The plan for writes given as (sql, values); `None` for a barrier.
    fn plan_of(writes: &[Option<(&str, Vec<Value>)>], hooks: bool) -> Vec<Step> {
        let shapes: Vec<Option<(Shape, &Vec<Value>)>> = writes
            .iter()
            .map(|w| w.as_ref().map(|(sql, v)| (shape(sql), v)))
            .collect();
        let entries: Vec<Entry<'_>> = shapes
            .iter()
            .map(|s| match s {
                None => Entry::Barrier,
                Some((shape, v)) => Entry::Write(shape, v),
            })
            .collect();
        plan(&entries, &tables(hooks))
    }

    /// A new ticket's writes, as sync makes them.
    fn new_ticket(n: i64) -> Vec<Option<(&'static str, Vec<Value>)>> {
        vec![
            Some((RAW, vec![i(n), Value::Blob(vec![1])])),
            Some((CONTACT, vec![i(n), Value::Text(format!("{n}@x"))])),
            Some((TICKET, vec![i(n), i(n)])),
            Some((
                EVENTS2,
                vec![i(n), "created".into(), i(n), "assignee".into()],
            )),
            Some((INTERACTION, vec![i(n), i(n), i(n)])),
        ]
    }

    #[test]
    fn a_sync_window_goes_as_one_statement_per_table() {
        let mut w = new_ticket(1);
        w.extend(new_ticket(2));
        // A reply to ticket 1: its raw message, interaction, and the touch.
        w.push(Some((RAW, vec![i(3), Value::Blob(vec![3])])));
        w.push(Some((INTERACTION, vec![i(3), i(1), i(3)])));
        w.push(Some((TOUCH, vec![i(1), i(9)])));
        w.extend(new_ticket(4));
        let steps = plan_of(&w, false);
        assert_eq!(
            steps,
            vec![
                Step::Gathered(vec![0, 5, 10, 13]),
                Step::Gathered(vec![1, 6, 14]),
                Step::Gathered(vec![2, 7, 15]),
                Step::Gathered(vec![3, 8, 16]),
                Step::Gathered(vec![4, 9, 11, 17]),
                Step::Keep(12),
            ]
        );
    }

    #[test]
    fn a_row_never_passes_its_parent_its_own_table_or_a_barrier() {
        // The event of ticket 2 may not go before ticket 2's insert.
        let w = vec![
            Some((EVENT, vec![i(1), "created".into()])),
            Some((TICKET, vec![i(2), Value::Null])),
            Some((EVENT, vec![i(2), "created".into()])),
        ];
        assert_eq!(
            plan_of(&w, false),
            vec![Step::Keep(0), Step::Keep(1), Step::Keep(2)]
        );
        // A touch of ticket 5 keeps ticket 5's insert after it; another
        // ticket's insert may pass.
        let w = vec![
            Some((TICKET, vec![i(4), Value::Null])),
            Some((TOUCH, vec![i(5), i(9)])),
            Some((TICKET, vec![i(5), Value::Null])),
            Some((TICKET, vec![i(6), Value::Null])),
        ];
        assert_eq!(
            plan_of(&w, false),
            vec![Step::Keep(0), Step::Keep(1), Step::Gathered(vec![2, 3])]
        );
        // Nothing passes a transaction's start, a DELETE, or an UPDATE that
        // reads other tables.
        for between in [
            None,
            Some(("DELETE FROM contacts WHERE id = $1", vec![i(7)])),
            Some((
                "UPDATE contacts SET n = (SELECT 1 FROM tickets) WHERE id = $1",
                vec![i(7)],
            )),
        ] {
            let w = vec![
                Some((RAW, vec![i(1), Value::Null])),
                between,
                Some((RAW, vec![i(2), Value::Null])),
            ];
            assert_eq!(
                plan_of(&w, false),
                vec![Step::Keep(0), Step::Keep(1), Step::Keep(2)]
            );
        }
    }

    #[test]
    fn while_hooks_record_their_tables_keep_their_order() {
        let w = vec![
            Some((EVENT, vec![i(1), "created".into()])),
            Some((INTERACTION, vec![i(1), i(1), Value::Null])),
            Some((EVENT, vec![i(1), "status".into()])),
        ];
        assert_eq!(
            plan_of(&w, true),
            vec![Step::Keep(0), Step::Keep(1), Step::Keep(2)]
        );
        assert_eq!(
            plan_of(&w, false),
            vec![Step::Gathered(vec![0, 2]), Step::Keep(1)]
        );
    }
}
