//! The query and `--sort` parsers: text in, a [`Query`] and sort keys out, each error naming the term.

use super::{
    Cmp, Cond, Deleted, FilterError, PRIORITIES, Query, SOURCES, STATUSES, SortKey, Term, Who,
};
use crate::timeexpr::TimeExpr;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::FIELDS;

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
}
