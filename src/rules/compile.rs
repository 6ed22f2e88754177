//! Validation of `[[rule]]` tables and compilation into matchers.

use regex::Regex;

use super::config::{Conditions, HeaderSpec, MatchKind, RuleConfig, StringList};
use super::fold::{fold, fold_pattern};
use super::{Known, Priority, Problem, Rule, RuleActions, RuleError, SOURCES, Status};

/// One compiled condition; a table compiles to several, cheapest first.
#[derive(Debug, Clone)]
pub(super) enum Cond {
    Automatic(bool),
    /// Canonical lowercase source names.
    Source(Vec<String>),
    /// Queue names as configured; compared ignoring case.
    Queue(Vec<String>),
    Text(Field, Test),
    /// Any of these headers.
    Header(Vec<HeaderTest>),
}

/// The message text a [`Cond::Text`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    From,
    Domain,
    /// To or Cc.
    To,
    Cc,
    Subject,
    Body,
}

impl Field {
    pub(super) fn label(self) -> &'static str {
        match self {
            Field::From => "from",
            Field::Domain => "domain",
            Field::To => "to/cc",
            Field::Cc => "cc",
            Field::Subject => "subject",
            Field::Body => "body",
        }
    }
}

/// Patterns of one condition, any of which may match.
#[derive(Debug, Clone)]
pub(super) struct Test {
    pub(super) kind: MatchKind,
    pub(super) pats: Vec<Pat>,
}

#[derive(Debug, Clone)]
pub(super) struct Pat {
    /// As written, for `why` and `describe`.
    pub(super) shown: String,
    /// Folded; for equals also trimmed; unused for regex.
    pub(super) folded: String,
    pub(super) re: Option<Regex>,
    /// A searcher for `folded` built once, for `contains`: every rule's
    /// patterns are looked for in every message's subject and body.
    pub(super) finder: Option<memchr::memmem::Finder<'static>>,
}

#[derive(Debug, Clone)]
pub(super) struct HeaderTest {
    pub(super) name: String,
    /// `None`: the header only has to be present.
    pub(super) test: Option<Test>,
}

/// Validates rules against the configured names and compiles their matchers.
pub fn compile(rules: Vec<RuleConfig>, known: &Known) -> Result<Vec<Rule>, RuleError> {
    let mut out: Vec<Rule> = Vec::with_capacity(rules.len());
    for (index, cfg) in rules.into_iter().enumerate() {
        let err = |key: &str, problem: Problem| RuleError {
            index,
            name: cfg.name.clone(),
            key: key.to_owned(),
            problem,
        };
        if cfg.name.trim().is_empty() {
            return Err(err("name", Problem::EmptyName));
        }
        let folded_name = fold(cfg.name.trim());
        if let Some(first) = out.iter().position(|r| fold(r.name.trim()) == folded_name) {
            return Err(err("name", Problem::DuplicateName { first }));
        }
        let when = match &cfg.when {
            Some(c) => conditions(c, "if", known).map_err(|(k, p)| err(&k, p))?,
            None => Vec::new(),
        };
        let mut any = Vec::new();
        if let Some(alts) = &cfg.any {
            if alts.is_empty() {
                return Err(err("any", Problem::EmptyList));
            }
            for (i, c) in alts.iter().enumerate() {
                any.push(conditions(c, &format!("any[{i}]"), known).map_err(|(k, p)| err(&k, p))?);
            }
        }
        let actions = actions(&cfg, known).map_err(|(k, p)| err(&k, p))?;
        if actions == RuleActions::default() && !cfg.stop {
            return Err(err("then", Problem::NoEffect));
        }
        out.push(Rule {
            name: cfg.name,
            stop: cfg.stop,
            when,
            any,
            actions,
        });
    }
    Ok(out)
}

type Failure = (String, Problem);

fn conditions(c: &Conditions, at: &str, known: &Known) -> Result<Vec<Cond>, Failure> {
    let key = |k: &str| format!("{at}.{k}");
    let mut out = Vec::new();
    if let Some(a) = c.automatic {
        out.push(Cond::Automatic(a));
    }
    if let Some(list) = &c.source {
        let mut names = Vec::new();
        for s in nonempty(list, &key("source"))? {
            match SOURCES.iter().find(|k| k.eq_ignore_ascii_case(s.trim())) {
                Some(k) => names.push((*k).to_owned()),
                None => return Err((key("source"), unknown("source", s, &SOURCES))),
            }
        }
        out.push(Cond::Source(names));
    }
    if let Some(list) = &c.queue {
        let mut names = Vec::new();
        for q in nonempty(list, &key("queue"))? {
            check_known("queue", q, known.queues).map_err(|p| (key("queue"), p))?;
            names.push(q.clone());
        }
        out.push(Cond::Queue(names));
    }
    let texts = [
        (&c.from, Field::From, "from"),
        (&c.domain, Field::Domain, "domain"),
        (&c.to, Field::To, "to"),
        (&c.cc, Field::Cc, "cc"),
        (&c.subject, Field::Subject, "subject"),
    ];
    for (list, field, name) in texts {
        if let Some(list) = list {
            let t = test(list, c.matching, field).map_err(|p| (key(name), p))?;
            out.push(Cond::Text(field, t));
        }
    }
    if let Some(list) = &c.header {
        if list.0.is_empty() {
            return Err((key("header"), Problem::EmptyList));
        }
        let mut hs = Vec::new();
        for spec in &list.0 {
            hs.push(header(spec, c.matching).map_err(|p| (key("header"), p))?);
        }
        out.push(Cond::Header(hs));
    }
    // Body last: it is the longest text, so the cheaper conditions can fail first.
    if let Some(list) = &c.body {
        let t = test(list, c.matching, Field::Body).map_err(|p| (key("body"), p))?;
        out.push(Cond::Text(Field::Body, t));
    }
    Ok(out)
}

fn nonempty<'a>(list: &'a StringList, key: &str) -> Result<&'a [String], Failure> {
    if list.0.is_empty() {
        return Err((key.to_owned(), Problem::EmptyList));
    }
    Ok(&list.0)
}

fn test(list: &StringList, kind: MatchKind, field: Field) -> Result<Test, Problem> {
    if list.0.is_empty() {
        return Err(Problem::EmptyList);
    }
    let pats = list
        .0
        .iter()
        .map(|p| pattern(p, kind, field))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Test { kind, pats })
}

fn pattern(p: &str, kind: MatchKind, field: Field) -> Result<Pat, Problem> {
    let shown = p.to_owned();
    match kind {
        MatchKind::Regex => {
            if p.is_empty() {
                return Err(Problem::EmptyPattern);
            }
            let folded = fold_pattern(p);
            // The text is folded to lowercase, so `(?i)` is only needed for the
            // pattern's own ASCII capitals (`Faktura`, or escapes like `\D`,
            // which are left alone and keep their meaning). Leaving it off
            // otherwise keeps the regex crate's fast literal search: Unicode
            // case-insensitivity makes `k` also match the Kelvin sign and so on,
            // which costs up to 5x on a long body.
            let source = if folded.bytes().any(|b| b.is_ascii_uppercase()) {
                format!("(?i){folded}")
            } else {
                folded
            };
            let re = Regex::new(&source).map_err(|e| {
                // Report the error against the pattern as written, not our rewrite of it.
                let e = Regex::new(p).err().unwrap_or(e);
                Problem::BadRegex {
                    pattern: shown.clone(),
                    message: regex_reason(&e),
                }
            })?;
            Ok(Pat {
                shown,
                folded: String::new(),
                re: Some(re),
                finder: None,
            })
        }
        MatchKind::Contains | MatchKind::Equals => {
            let mut s = p;
            if field == Field::Domain {
                // `@bigclient.cz` is how the filter language writes a domain.
                s = s.trim().trim_start_matches('@');
            }
            if kind == MatchKind::Equals {
                s = s.trim();
            }
            if s.is_empty() && kind == MatchKind::Contains {
                return Err(Problem::EmptyPattern);
            }
            let folded = fold(s);
            let finder = (kind == MatchKind::Contains)
                .then(|| memchr::memmem::Finder::new(folded.as_bytes()).into_owned());
            Ok(Pat {
                shown,
                folded,
                re: None,
                finder,
            })
        }
    }
}

/// The one-line reason from the regex crate's multi-line message.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: ").map(str::to_owned))
        .unwrap_or_else(|| text.lines().last().unwrap_or("").trim().to_owned())
}

fn header(spec: &HeaderSpec, kind: MatchKind) -> Result<HeaderTest, Problem> {
    let bad = |v: &str| Problem::BadHeader {
        value: v.to_owned(),
    };
    let (name, values): (&str, Option<StringList>) = match spec {
        HeaderSpec::Line(line) => {
            let (name, value) = line.split_once(':').ok_or_else(|| bad(line))?;
            if !valid_header_name(name.trim()) {
                return Err(bad(line));
            }
            let value = value.trim();
            let v = (!value.is_empty()).then(|| StringList(vec![value.to_owned()]));
            (name.trim(), v)
        }
        HeaderSpec::Field { name, value } => {
            if !valid_header_name(name.trim()) {
                return Err(bad(name));
            }
            (name.trim(), value.clone())
        }
    };
    let test = match values {
        Some(v) => Some(test(&v, kind, Field::Subject)?),
        None => None,
    };
    Ok(HeaderTest {
        name: name.to_owned(),
        test,
    })
}

/// RFC 5322 field names: printable ASCII except the colon.
fn valid_header_name(n: &str) -> bool {
    !n.is_empty() && n.bytes().all(|b| (33..=126).contains(&b) && b != b':')
}

fn actions(cfg: &RuleConfig, known: &Known) -> Result<RuleActions, Failure> {
    let a = &cfg.then;
    let mut out = RuleActions::default();
    if let Some(c) = &a.category {
        check_known("category", c, known.categories).map_err(|p| ("then.category".into(), p))?;
        out.category = Some(c.clone());
    }
    if let Some(q) = &a.queue {
        check_known("queue", q, known.queues).map_err(|p| ("then.queue".into(), p))?;
        out.queue = Some(q.clone());
    }
    if let Some(o) = &a.assignee {
        check_known("operator", o, known.operators).map_err(|p| ("then.assignee".into(), p))?;
        out.assignee = Some(o.clone());
    }
    if let Some(s) = &a.status {
        let names = ["queued", "open", "waiting", "closed"];
        out.status = Some(
            Status::parse(s.trim())
                .ok_or_else(|| ("then.status".to_owned(), unknown("status", s, &names)))?,
        );
    }
    if let Some(p) = &a.priority {
        let names = ["low", "normal", "high", "urgent"];
        out.priority = Some(
            Priority::parse(p.trim())
                .ok_or_else(|| ("then.priority".to_owned(), unknown("priority", p, &names)))?,
        );
    }
    if let Some(tags) = &a.tags {
        for t in &tags.0 {
            if t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == ',') {
                return Err(("then.tags".into(), Problem::BadTag(t.clone())));
            }
            if !out.tags.contains(t) {
                out.tags.push(t.clone());
            }
        }
    }
    if let Some(t) = &a.auto_reply {
        check_known("template", t, known.templates).map_err(|p| ("then.auto_reply".into(), p))?;
        out.auto_reply = Some(t.clone());
    }
    out.delete = a.delete;
    Ok(out)
}

fn check_known(what: &'static str, value: &str, names: &[&str]) -> Result<(), Problem> {
    if names.contains(&value) {
        Ok(())
    } else {
        Err(unknown(what, value, names))
    }
}

fn unknown(what: &'static str, value: &str, names: &[&str]) -> Problem {
    let folded = fold(value.trim());
    let hint = if let Some(n) = names.iter().find(|n| fold(n) == folded) {
        format!(" (did you mean {n:?}?)")
    } else if names.is_empty() {
        " (none configured)".to_owned()
    } else {
        format!(" (known: {})", names.join(", "))
    };
    Problem::Unknown {
        what,
        value: value.to_owned(),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::{Actions, HeaderList};
    use super::*;

    const CATS: &[&str] = &["Service", "Complaints"];
    const QUEUES: &[&str] = &["support", "sales"];
    const OPS: &[&str] = &["jana", "petr"];
    const TPLS: &[&str] = &["ack", "order-ack"];

    fn known() -> Known<'static> {
        Known {
            categories: CATS,
            queues: QUEUES,
            operators: OPS,
            templates: TPLS,
        }
    }

    fn from_toml(s: &str) -> Vec<RuleConfig> {
        #[derive(serde::Deserialize)]
        struct File {
            rule: Vec<RuleConfig>,
        }
        match toml::from_str::<File>(s) {
            Ok(f) => f.rule,
            Err(e) => panic!("test TOML does not parse: {e}"),
        }
    }

    fn err(s: &str) -> String {
        match compile(from_toml(s), &known()) {
            Ok(_) => panic!("expected an error for {s}"),
            Err(e) => e.to_string(),
        }
    }

    fn err_value(s: &str) -> RuleError {
        match compile(from_toml(s), &known()) {
            Ok(_) => panic!("expected an error for {s}"),
            Err(e) => e,
        }
    }

    #[test]
    fn valid_rules_compile() {
        let rules = compile(
            from_toml(
                r#"
[[rule]]
name = "complaints"
if = { subject = "reklamace|complaint", match = "regex" }
then = { category = "Complaints", priority = "High" }
[[rule]]
name = "all"
any = [ { source = ["Phone", "chat"] }, { queue = "sales", header = "X-A: 1" } ]
then = { queue = "support", assignee = "jana", status = "open", tags = ["a", "b", "a"], auto_reply = "ack", delete = false }
stop = true
[[rule]]
name = "guard"
stop = true
"#,
            ),
            &known(),
        )
        .expect("compiles");
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].name(), "complaints");
        assert_eq!(rules[0].actions().priority, Some(Priority::High));
        assert_eq!(
            rules[1].actions(),
            &RuleActions {
                category: None,
                queue: Some("support".into()),
                assignee: Some("jana".into()),
                status: Some(Status::Open),
                priority: None,
                tags: vec!["a".into(), "b".into()],
                auto_reply: Some("ack".into()),
                delete: Some(false),
            }
        );
        assert!(rules[1].stop());
        assert!(rules[2].stop());
    }

    #[test]
    fn error_carries_index_name_and_key() {
        let e = err_value(
            "[[rule]]\nname = \"ok\"\nthen = { tags = [\"x\"] }\n[[rule]]\nname = \"vip\"\nthen = { category = \"Complain\" }\n",
        );
        assert_eq!(e.index, 1);
        assert_eq!(e.name, "vip");
        assert_eq!(e.key, "then.category");
        assert_eq!(
            e.to_string(),
            "rule \"vip\": unknown category \"Complain\" (known: Service, Complaints) in then.category"
        );
    }

    #[test]
    fn unknown_names() {
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { category = \"complaints\" }\n"),
            "rule \"v\": unknown category \"complaints\" (did you mean \"Complaints\"?) in then.category"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { queue = \"billing\" }\n"),
            "rule \"v\": unknown queue \"billing\" (known: support, sales) in then.queue"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { assignee = \"eva\" }\n"),
            "rule \"v\": unknown operator \"eva\" (known: jana, petr) in then.assignee"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { auto_reply = \"thanks\" }\n"),
            "rule \"v\": unknown template \"thanks\" (known: ack, order-ack) in then.auto_reply"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { status = \"done\" }\n"),
            "rule \"v\": unknown status \"done\" (known: queued, open, waiting, closed) in then.status"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nthen = { priority = \"critical\" }\n"),
            "rule \"v\": unknown priority \"critical\" (known: low, normal, high, urgent) in then.priority"
        );
        assert_eq!(
            err("[[rule]]\nname = \"v\"\nif = { source = \"fax\" }\nthen = { tags = [\"x\"] }\n"),
            "rule \"v\": unknown source \"fax\" (known: email, phone, chat, web, manual) in if.source"
        );
        assert_eq!(
            err(
                "[[rule]]\nname = \"v\"\nany = [{ subject = \"a\" }, { queue = [\"support\", \"billing\"] }]\nthen = { tags = [\"x\"] }\n"
            ),
            "rule \"v\": unknown queue \"billing\" (known: support, sales) in any[1].queue"
        );
        let none = Known::default();
        let e = compile(
            from_toml("[[rule]]\nname = \"v\"\nthen = { category = \"X\" }\n"),
            &none,
        )
        .expect_err("no categories");
        assert_eq!(
            e.to_string(),
            "rule \"v\": unknown category \"X\" (none configured) in then.category"
        );
    }

    #[test]
    fn bad_regex() {
        let e = err_value(
            "[[rule]]\nname = \"r\"\nif = { body = [\"ok\", \"reklamace(\"], match = \"regex\" }\nthen = { tags = [\"x\"] }\n",
        );
        assert_eq!(e.key, "if.body");
        assert_eq!(
            e.to_string(),
            "rule \"r\": bad regex \"reklamace(\": unclosed group in if.body"
        );
        let e = err_value(
            "[[rule]]\nname = \"r\"\nif = { header = \"X-A: [\", match = \"regex\" }\nthen = { tags = [\"x\"] }\n",
        );
        assert_eq!(e.key, "if.header");
        assert_eq!(
            e.to_string(),
            "rule \"r\": bad regex \"[\": unclosed character class in if.header"
        );
    }

    #[test]
    fn names_empty_and_duplicate() {
        assert_eq!(
            err(
                "[[rule]]\nname = \"a\"\nthen = { tags = [\"x\"] }\n[[rule]]\nname = \"  \"\nthen = { tags = [\"x\"] }\n"
            ),
            "rule #2: empty name"
        );
        let e = err_value(
            "[[rule]]\nname = \"VIP\"\nthen = { tags = [\"x\"] }\n[[rule]]\nname = \"vip\"\nthen = { tags = [\"y\"] }\n",
        );
        assert_eq!(e.key, "name");
        assert_eq!(e.index, 1);
        assert_eq!(
            e.to_string(),
            "rule \"vip\": duplicate name, already used by rule #1"
        );
        // Missing name: serde reports it with the line.
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct File {
            rule: Vec<RuleConfig>,
        }
        let e = toml::from_str::<File>("[[rule]]\nthen = { tags = [\"x\"] }\n")
            .expect_err("missing name");
        assert!(e.to_string().contains("missing field `name`"), "{e}");
    }

    #[test]
    fn empty_patterns_lists_and_effectless_rules() {
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { subject = \"\" }\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty pattern (it would match everything) in if.subject"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { domain = \"@\" }\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty pattern (it would match everything) in if.domain"
        );
        assert_eq!(
            err(
                "[[rule]]\nname = \"e\"\nif = { body = \"\", match = \"regex\" }\nthen = { tags = [\"x\"] }\n"
            ),
            "rule \"e\": empty pattern (it would match everything) in if.body"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { from = [] }\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty list (it would never match) in if.from"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { source = [] }\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty list (it would never match) in if.source"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { header = [] }\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty list (it would never match) in if.header"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nany = []\nthen = { tags = [\"x\"] }\n"),
            "rule \"e\": empty list (it would never match) in any"
        );
        assert_eq!(
            err("[[rule]]\nname = \"e\"\nif = { subject = \"a\" }\n"),
            "rule \"e\": no actions and no stop: the rule would do nothing in then"
        );
        // Equals may test for an empty subject.
        assert!(
            compile(
                from_toml("[[rule]]\nname = \"e\"\nif = { subject = \"\", match = \"equals\" }\nthen = { tags = [\"x\"] }\n"),
                &known()
            )
            .is_ok()
        );
    }

    #[test]
    fn bad_headers_and_tags() {
        assert_eq!(
            err(
                "[[rule]]\nname = \"h\"\nif = { header = \"X-Priority 1\" }\nthen = { tags = [\"x\"] }\n"
            ),
            "rule \"h\": bad header condition \"X-Priority 1\": expected \"Name: pattern\" or { name = \"Name\", value = \"pattern\" } in if.header"
        );
        assert_eq!(
            err(
                "[[rule]]\nname = \"h\"\nif = { header = { name = \"X A\", value = \"1\" } }\nthen = { tags = [\"x\"] }\n"
            ),
            "rule \"h\": bad header condition \"X A\": expected \"Name: pattern\" or { name = \"Name\", value = \"pattern\" } in if.header"
        );
        assert_eq!(
            err(
                "[[rule]]\nname = \"h\"\nif = { header = { name = \"X-A\", value = [] } }\nthen = { tags = [\"x\"] }\n"
            ),
            "rule \"h\": empty list (it would never match) in if.header"
        );
        assert_eq!(
            err("[[rule]]\nname = \"t\"\nthen = { tags = [\"a b\"] }\n"),
            "rule \"t\": bad tag \"a b\": tags may not be empty or contain spaces or commas in then.tags"
        );
        assert_eq!(
            err("[[rule]]\nname = \"t\"\nthen = { tags = [\"a,b\"] }\n"),
            "rule \"t\": bad tag \"a,b\": tags may not be empty or contain spaces or commas in then.tags"
        );
    }

    #[test]
    fn built_programmatically() {
        // The loader may also build configs in code; the types are plain structs.
        let cfg = RuleConfig {
            name: "p".into(),
            when: Some(Conditions {
                header: Some(HeaderList(vec![HeaderSpec::Line("X-A:".into())])),
                ..Default::default()
            }),
            any: None,
            then: Actions {
                delete: Some(true),
                ..Default::default()
            },
            stop: false,
        };
        let rules = compile(vec![cfg], &known()).expect("compiles");
        assert_eq!(rules[0].actions().delete, Some(true));
    }
}
