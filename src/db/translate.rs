//! Rewrites a statement in SQLite's dialect, as hd writes them, into
//! PostgreSQL's. Only what has one meaning in both is rewritten here; the rest
//! is written twice where it is used.
//!
//! - `?N` and `?` placeholders become `$N`;
//! - `INSERT OR IGNORE INTO ...` becomes `INSERT INTO ... ON CONFLICT DO NOTHING`;
//! - `max(a, b)`/`min(a, b)` (two or more arguments) become `GREATEST`/`LEAST`;
//! - `ifnull` becomes `coalesce`, `char` `chr`, `instr` `strpos`, `group_concat(x[, sep])` `string_agg(x, sep)`;
//! - `LIKE` (ASCII case-insensitive in SQLite) becomes `ILIKE`;
//! - `a IS b` / `a IS NOT b` with `b` not NULL become `IS [NOT] DISTINCT FROM`;
//! - `CAST(x AS REAL)` becomes double precision, `==` becomes `=`;
//! - blob literals `x'0a'` become bytea literals;
//! - `CROSS JOIN t ON` becomes `JOIN t ON`;
//! - index hints (`INDEXED BY i`, `NOT INDEXED`) go: the planner chooses;
//! - a subquery in FROM without an alias gets one (PostgreSQL 15 needs it).

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Param,
    Quoted,
    Space,
    Open,
    Close,
    Comma,
    Semicolon,
    Other,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
}

fn tokenize(sql: &str) -> Vec<Token<'_>> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let kind = match c {
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < b.len() {
                    if b[i] == c {
                        if i + 1 < b.len() && b[i + 1] == c {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                Kind::Quoted
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                Kind::Space
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(b.len());
                Kind::Space
            }
            b'?' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                Kind::Param
            }
            c if c.is_ascii_whitespace() => {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                Kind::Space
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Word
            }
            b'(' => {
                i += 1;
                Kind::Open
            }
            b')' => {
                i += 1;
                Kind::Close
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            b';' => {
                i += 1;
                Kind::Semicolon
            }
            b'=' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Kind::Other
            }
            _ => {
                i += 1;
                Kind::Other
            }
        };
        out.push(Token {
            kind,
            text: &sql[start..i],
        });
    }
    out
}

/// The index of the next token that is not space, from `i` on.
fn next_solid(t: &[Token<'_>], mut i: usize) -> Option<usize> {
    while i < t.len() {
        if t[i].kind != Kind::Space {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_word(t: &Token<'_>, w: &str) -> bool {
    t.kind == Kind::Word && t.text.eq_ignore_ascii_case(w)
}

/// For the `(` at `open`: the number of top-level arguments and the index of
/// the matching `)`.
fn arguments(t: &[Token<'_>], open: usize) -> (usize, usize) {
    let mut depth = 0;
    let mut commas = 0;
    let mut any = false;
    for (i, tok) in t.iter().enumerate().skip(open) {
        match tok.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth -= 1;
                if depth == 0 {
                    return (if any { commas + 1 } else { 0 }, i);
                }
            }
            Kind::Comma if depth == 1 => commas += 1,
            Kind::Space => {}
            _ if depth >= 1 => any = true,
            _ => {}
        }
    }
    (commas + 1, t.len())
}

/// Words that may follow a subquery in FROM and are not its alias.
const KEYWORDS: &[&str] = &[
    "WHERE",
    "ORDER",
    "GROUP",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "JOIN",
    "LEFT",
    "RIGHT",
    "INNER",
    "CROSS",
    "FULL",
    "NATURAL",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "WINDOW",
    "ON",
    "USING",
];

/// Whether the join starting after `from` has an ON clause (before the next
/// join or clause at its level).
fn has_on(t: &[Token<'_>], from: usize) -> bool {
    let mut depth = 0i32;
    for tok in &t[from..] {
        match tok.kind {
            Kind::Open => depth += 1,
            Kind::Close if depth == 0 => return false,
            Kind::Close => depth -= 1,
            Kind::Word if depth == 0 => {
                if is_word(tok, "ON") {
                    return true;
                }
                if [
                    "JOIN", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "CROSS", "LEFT",
                ]
                .iter()
                .any(|k| is_word(tok, k))
                {
                    return false;
                }
            }
            Kind::Semicolon | Kind::Comma if depth == 0 => return false,
            _ => {}
        }
    }
    false
}

/// Rewrites one statement (or several, separated by `;`).
pub fn to_postgres(sql: &str) -> String {
    let t = tokenize(sql);
    let mut out = String::with_capacity(sql.len() + 32);
    // Where `ON CONFLICT DO NOTHING` goes: before the statement's top-level
    // RETURNING, or at its end.
    let mut ignore_pending = false;
    let mut depth = 0usize;
    let mut next_param = 1usize;
    // Text for closing parentheses of rewritten calls, by index: inside them
    // (before the `)`) or after.
    let mut close_extra: Vec<(usize, &str)> = Vec::new();
    let mut close_after: Vec<usize> = Vec::new();
    let mut aliases = 0;
    let mut i = 0;
    while i < t.len() {
        let tok = &t[i];
        match tok.kind {
            Kind::Param => {
                let n = if tok.text.len() > 1 {
                    tok.text[1..].parse::<usize>().unwrap_or(next_param)
                } else {
                    next_param
                };
                next_param = next_param.max(n + 1);
                out.push('$');
                out.push_str(&n.to_string());
            }
            Kind::Open => {
                depth += 1;
                out.push('(');
            }
            Kind::Close => {
                depth = depth.saturating_sub(1);
                if let Some(pos) = close_extra.iter().position(|(at, _)| *at == i) {
                    out.push_str(close_extra[pos].1);
                    close_extra.remove(pos);
                }
                out.push(')');
                if let Some(pos) = close_after.iter().position(|at| *at == i) {
                    close_after.remove(pos);
                    aliases += 1;
                    out.push_str(&format!(" AS _q{aliases}"));
                }
            }
            Kind::Semicolon => {
                if ignore_pending {
                    out.push_str(" ON CONFLICT DO NOTHING");
                    ignore_pending = false;
                }
                out.push(';');
            }
            Kind::Other if tok.text == "==" => out.push('='),
            Kind::Word => {
                let w = tok.text;
                let after = next_solid(&t, i + 1);
                if w.eq_ignore_ascii_case("INSERT")
                    && let Some(a) = after
                    && is_word(&t[a], "OR")
                    && let Some(b) = next_solid(&t, a + 1)
                    && is_word(&t[b], "IGNORE")
                {
                    out.push_str("INSERT");
                    ignore_pending = true;
                    i = b + 1;
                    continue;
                }
                if (w.eq_ignore_ascii_case("INDEXED") || w.eq_ignore_ascii_case("NOT"))
                    && let Some(a) = after
                {
                    // `INDEXED BY name` / `NOT INDEXED`
                    if w.eq_ignore_ascii_case("INDEXED") && is_word(&t[a], "BY") {
                        i = next_solid(&t, a + 1).map_or(t.len(), |n| n + 1);
                        i = next_solid(&t, i).unwrap_or(t.len());
                        continue;
                    }
                    if w.eq_ignore_ascii_case("NOT") && is_word(&t[a], "INDEXED") {
                        i = next_solid(&t, a + 1).unwrap_or(t.len());
                        continue;
                    }
                }
                // SQLite's `CROSS JOIN t ON ...` is an inner join that fixes the
                // loop order; PostgreSQL allows no ON after CROSS JOIN.
                if w.eq_ignore_ascii_case("CROSS")
                    && after.is_some_and(|a| is_word(&t[a], "JOIN"))
                    && has_on(&t, after.unwrap_or(i) + 1)
                {
                    i = after.unwrap_or(i);
                    continue;
                }
                if (w.eq_ignore_ascii_case("FROM") || w.eq_ignore_ascii_case("JOIN"))
                    && let Some(open) = after.filter(|&a| t[a].kind == Kind::Open)
                    && next_solid(&t, open + 1).is_some_and(|s| is_word(&t[s], "SELECT"))
                {
                    let (_, close) = arguments(&t, open);
                    let named = next_solid(&t, close + 1).is_some_and(|n| {
                        t[n].kind == Kind::Word && !KEYWORDS.iter().any(|k| is_word(&t[n], k))
                    });
                    if !named {
                        close_after.push(close);
                    }
                }
                if w.eq_ignore_ascii_case("RETURNING") && depth == 0 && ignore_pending {
                    out.push_str("ON CONFLICT DO NOTHING ");
                    ignore_pending = false;
                }
                let call = after.filter(|&a| t[a].kind == Kind::Open);
                if let Some(open) = call {
                    let lower = w.to_ascii_lowercase();
                    let (args, close) = arguments(&t, open);
                    let renamed = match lower.as_str() {
                        "max" if args >= 2 => Some("GREATEST"),
                        "min" if args >= 2 => Some("LEAST"),
                        "ifnull" => Some("COALESCE"),
                        "char" => Some("chr"),
                        "instr" => Some("strpos"),
                        "group_concat" => {
                            if args == 1 {
                                close_extra.push((close, ", ','"));
                            }
                            Some("string_agg")
                        }
                        _ => None,
                    };
                    if let Some(r) = renamed {
                        out.push_str(r);
                        i += 1;
                        continue;
                    }
                }
                // A blob literal, x'0a0b'.
                if w.eq_ignore_ascii_case("x")
                    && t.get(i + 1)
                        .is_some_and(|n| n.kind == Kind::Quoted && n.text.starts_with('\''))
                {
                    let hex = t[i + 1].text.trim_matches('\'');
                    out.push_str(&format!("'\\x{hex}'::bytea"));
                    i += 2;
                    continue;
                }
                if w.eq_ignore_ascii_case("LIKE") {
                    out.push_str("ILIKE");
                } else if w.eq_ignore_ascii_case("REAL") && i >= 2 && is_word(&t[i - 2], "AS") {
                    out.push_str("DOUBLE PRECISION");
                } else if w.eq_ignore_ascii_case("IS") && after.is_some() {
                    let a = after.unwrap_or(i);
                    let (negated, operand) = if is_word(&t[a], "NOT") {
                        (true, next_solid(&t, a + 1))
                    } else {
                        (false, Some(a))
                    };
                    let plain = operand.is_none_or(|o| {
                        ["NULL", "TRUE", "FALSE", "DISTINCT"]
                            .iter()
                            .any(|k| is_word(&t[o], k))
                    });
                    if plain {
                        out.push_str(w);
                    } else {
                        out.push_str(if negated {
                            "IS DISTINCT FROM"
                        } else {
                            "IS NOT DISTINCT FROM"
                        });
                        if negated {
                            i = a + 1;
                            continue;
                        }
                    }
                } else {
                    out.push_str(w);
                }
            }
            _ => out.push_str(tok.text),
        }
        i += 1;
    }
    if ignore_pending {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push_str(" ON CONFLICT DO NOTHING");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_postgres as pg;

    #[test]
    fn placeholders_are_numbered_like_sqlite_numbers_them() {
        assert_eq!(
            pg("SELECT a FROM t WHERE b = ?1 AND c = ?2"),
            "SELECT a FROM t WHERE b = $1 AND c = $2"
        );
        assert_eq!(pg("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(pg("WHERE a = ?3 OR b = ?"), "WHERE a = $3 OR b = $4");
        assert_eq!(
            pg("SELECT '?1', \"x?\" FROM t -- ?9\n WHERE a = ?1"),
            "SELECT '?1', \"x?\" FROM t -- ?9\n WHERE a = $1"
        );
    }

    #[test]
    fn insert_or_ignore_does_nothing_on_conflict() {
        assert_eq!(
            pg("INSERT OR IGNORE INTO blobs (hash, data) VALUES (?1, ?2)"),
            "INSERT INTO blobs (hash, data) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            pg("insert or ignore into s (k) values (?1) returning id;"),
            "INSERT into s (k) values ($1) ON CONFLICT DO NOTHING returning id;"
        );
        assert_eq!(
            pg("INSERT OR IGNORE INTO a SELECT x FROM (SELECT 1 AS x RETURNING 2) q"),
            "INSERT INTO a SELECT x FROM (SELECT 1 AS x RETURNING 2) q ON CONFLICT DO NOTHING"
        );
    }

    #[test]
    fn scalar_max_and_min_but_not_aggregates() {
        assert_eq!(
            pg("SELECT max(a, b), max(c) FROM t"),
            "SELECT GREATEST(a, b), max(c) FROM t"
        );
        assert_eq!(pg("min(coalesce(a, 0), ?1)"), "LEAST(coalesce(a, 0), $1)");
        assert_eq!(pg("ifnull(a, 0)"), "COALESCE(a, 0)");
        assert_eq!(pg("group_concat(name)"), "string_agg(name, ',')");
        assert_eq!(pg("group_concat(name, '; ')"), "string_agg(name, '; ')");
    }

    #[test]
    fn hints_go_and_subqueries_get_names() {
        assert_eq!(
            pg("SELECT count(*) FROM tickets INDEXED BY tickets_load WHERE a = ?1"),
            "SELECT count(*) FROM tickets WHERE a = $1"
        );
        assert_eq!(
            pg("SELECT x FROM t NOT INDEXED WHERE a NOT IN (1)"),
            "SELECT x FROM t WHERE a NOT IN (1)"
        );
        assert_eq!(
            pg(
                "SELECT (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM g ORDER BY tag)) FROM t"
            ),
            "SELECT (SELECT string_agg(tag, ' ') FROM (SELECT tag FROM g ORDER BY tag) AS _q1) FROM t"
        );
        assert_eq!(
            pg("SELECT * FROM (SELECT 1) q WHERE 1"),
            "SELECT * FROM (SELECT 1) q WHERE 1"
        );
        assert_eq!(
            pg("SELECT * FROM t JOIN (SELECT 1 AS a) ON a = 1"),
            "SELECT * FROM t JOIN (SELECT 1 AS a) AS _q1 ON a = 1"
        );
    }

    #[test]
    fn cross_join_with_on_is_an_inner_join() {
        assert_eq!(
            pg("FROM interactions i CROSS JOIN tickets t ON t.id = i.ticket_id LEFT JOIN c ON 1"),
            "FROM interactions i JOIN tickets t ON t.id = i.ticket_id LEFT JOIN c ON 1"
        );
        assert_eq!(
            pg("FROM a CROSS JOIN b WHERE x"),
            "FROM a CROSS JOIN b WHERE x"
        );
    }

    #[test]
    fn blob_literals_are_bytea() {
        assert_eq!(
            pg("SET data = x'', b = X'0aff' WHERE x = 'x'"),
            "SET data = '\\x'::bytea, b = '\\x0aff'::bytea WHERE x = 'x'"
        );
    }

    #[test]
    fn is_with_a_value_compares_nulls_as_equal() {
        assert_eq!(
            pg("a IS NULL AND b IS NOT NULL"),
            "a IS NULL AND b IS NOT NULL"
        );
        assert_eq!(pg("a IS ?1"), "a IS NOT DISTINCT FROM $1");
        assert_eq!(pg("a IS NOT ?1"), "a IS DISTINCT FROM $1");
        assert_eq!(pg("name LIKE ?1 ESCAPE '\\'"), "name ILIKE $1 ESCAPE '\\'");
        assert_eq!(
            pg("CAST(x AS REAL) / 2 WHERE a == 1"),
            "CAST(x AS DOUBLE PRECISION) / 2 WHERE a = 1"
        );
    }
}
