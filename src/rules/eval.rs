//! Evaluation of compiled rules against one message, with explanations.

use std::cell::OnceCell;

use super::compile::{Cond, Field, HeaderTest, Pat, Test};
use super::config::MatchKind;
use super::fold::fold;
use super::{Evaluation, Input, Outcome, Rule, Trace};

/// Runs every rule over the message and explains each verdict (`hd rules test`).
pub fn evaluate(rules: &[Rule], input: &Input) -> Evaluation {
    run::<true>(rules, input)
}

/// Like [`evaluate`] without building the trace: what `hd sync` calls per message.
pub fn outcome(rules: &[Rule], input: &Input) -> Outcome {
    run::<false>(rules, input).outcome
}

/// One line summarising a rule's conditions and actions, for `hd rules list`.
pub fn describe(rule: &Rule) -> String {
    let mut conds: Vec<String> = rule.when.iter().map(describe_cond).collect();
    if !rule.any.is_empty() {
        let alts: Vec<String> = rule
            .any
            .iter()
            .map(|alt| {
                if alt.is_empty() {
                    "always".to_owned()
                } else {
                    alt.iter()
                        .map(describe_cond)
                        .collect::<Vec<_>>()
                        .join(" and ")
                }
            })
            .collect();
        conds.push(format!("any of ({})", alts.join(" | ")));
    }
    let a = &rule.actions;
    let mut acts = Vec::new();
    if let Some(c) = &a.category {
        acts.push(format!("category = {c:?}"));
    }
    if let Some(q) = &a.queue {
        acts.push(format!("queue = {q:?}"));
    }
    if let Some(o) = &a.assignee {
        acts.push(format!("assignee = {o:?}"));
    }
    if let Some(s) = a.status {
        acts.push(format!("status = {}", s.as_str()));
    }
    if let Some(p) = a.priority {
        acts.push(format!("priority = {}", p.as_str()));
    }
    if !a.tags.is_empty() {
        acts.push(format!("tags += {}", quoted_list(&a.tags, ", ")));
    }
    if let Some(t) = &a.auto_reply {
        acts.push(format!("auto_reply = {t:?}"));
    }
    if let Some(d) = a.delete {
        acts.push(format!("delete = {d}"));
    }
    let acts = if acts.is_empty() {
        "nothing".to_owned()
    } else {
        acts.join(", ")
    };
    let mut s = if conds.is_empty() {
        format!("always then {acts}")
    } else {
        format!("if {} then {acts}", conds.join(" and "))
    };
    if rule.stop {
        s.push_str("; stop");
    }
    s
}

fn run<const WHY: bool>(rules: &[Rule], input: &Input) -> Evaluation {
    let view = View::new(input);
    let mut out = Outcome::default();
    let mut trace = Vec::with_capacity(if WHY { rules.len() } else { 0 });
    let mut stopped_by: Option<&str> = None;
    for rule in rules {
        if let Some(by) = stopped_by {
            if !WHY {
                break;
            }
            trace.push(Trace {
                rule: rule.name.clone(),
                matched: false,
                why: format!("not evaluated: stopped by rule {by:?}"),
            });
            continue;
        }
        // A queue condition sees the queue as earlier rules left it, so rules chain.
        let queue = out.queue.as_deref().unwrap_or(input.queue);
        let (matched, why) = check_rule::<WHY>(rule, &view, queue);
        if matched {
            apply(rule, &mut out);
            if rule.stop {
                stopped_by = Some(&rule.name);
            }
        }
        if WHY {
            trace.push(Trace {
                rule: rule.name.clone(),
                matched,
                why,
            });
        }
    }
    Evaluation {
        outcome: out,
        trace,
    }
}

fn apply(rule: &Rule, out: &mut Outcome) {
    let a = &rule.actions;
    let name = || Some(rule.name.clone());
    if let Some(c) = &a.category {
        out.category = Some(c.clone());
        out.set_by.category = name();
    }
    if let Some(q) = &a.queue {
        out.queue = Some(q.clone());
        out.set_by.queue = name();
    }
    if let Some(o) = &a.assignee {
        out.assignee = Some(o.clone());
        out.set_by.assignee = name();
    }
    if let Some(s) = a.status {
        out.status = Some(s);
        out.set_by.status = name();
    }
    if let Some(p) = a.priority {
        out.priority = Some(p);
        out.set_by.priority = name();
    }
    for t in &a.tags {
        if !out.tags.contains(t) {
            out.tags.push(t.clone());
            out.set_by.tags.push(rule.name.clone());
        }
    }
    if let Some(t) = &a.auto_reply {
        out.auto_reply = Some(t.clone());
        out.set_by.auto_reply = name();
    }
    if let Some(d) = a.delete {
        out.delete = d;
        out.set_by.delete = name();
    }
    out.applied.push(rule.name.clone());
}

/// The message's fields, each folded at most once per message, on first use.
struct View<'i> {
    input: &'i Input<'i>,
    from: OnceCell<String>,
    from_name: OnceCell<String>,
    domain: OnceCell<String>,
    to: OnceCell<Vec<String>>,
    cc: OnceCell<Vec<String>>,
    subject: OnceCell<String>,
    body: OnceCell<String>,
}

impl<'i> View<'i> {
    fn new(input: &'i Input<'i>) -> View<'i> {
        View {
            input,
            from: OnceCell::new(),
            from_name: OnceCell::new(),
            domain: OnceCell::new(),
            to: OnceCell::new(),
            cc: OnceCell::new(),
            subject: OnceCell::new(),
            body: OnceCell::new(),
        }
    }

    fn from(&self) -> &str {
        self.from.get_or_init(|| fold(address(self.input.from)))
    }

    fn sender_name(&self) -> &str {
        self.from_name
            .get_or_init(|| fold(self.input.from_name.trim()))
    }

    fn domain(&self) -> &str {
        self.domain
            .get_or_init(|| fold(raw_domain(self.input.from)))
    }

    fn to(&self) -> &[String] {
        self.to
            .get_or_init(|| self.input.to.iter().map(|a| fold(address(a))).collect())
    }

    fn cc(&self) -> &[String] {
        self.cc
            .get_or_init(|| self.input.cc.iter().map(|a| fold(address(a))).collect())
    }

    fn subject(&self) -> &str {
        self.subject.get_or_init(|| fold(self.input.subject))
    }

    fn body(&self) -> &str {
        self.body.get_or_init(|| fold(self.input.body))
    }
}

/// The bare address, tolerating `<a@b>` and stray spaces from callers.
fn address(a: &str) -> &str {
    a.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
}

fn raw_domain(from: &str) -> &str {
    address(from).rsplit_once('@').map_or("", |(_, d)| d)
}

fn check_rule<const WHY: bool>(rule: &Rule, v: &View, queue: &str) -> (bool, String) {
    let (ok, mut why) = check_all::<WHY>(&rule.when, v, queue);
    if !ok {
        return (false, why);
    }
    if !rule.any.is_empty() {
        let mut misses = Vec::new();
        let mut held = None;
        for alt in &rule.any {
            let (ok, w) = check_all::<WHY>(alt, v, queue);
            if ok {
                held = Some(w);
                break;
            }
            if WHY {
                misses.push(w);
            }
        }
        match held {
            None if WHY => {
                return (
                    false,
                    format!("no alternative of any held ({})", misses.join("; ")),
                );
            }
            None => return (false, String::new()),
            Some(w) if WHY && !w.is_empty() => {
                if !why.is_empty() {
                    why.push_str(" and ");
                }
                why.push_str(&w);
            }
            Some(_) => {}
        }
    }
    if WHY && why.is_empty() {
        why.push_str("no conditions");
    }
    (true, why)
}

fn check_all<const WHY: bool>(conds: &[Cond], v: &View, queue: &str) -> (bool, String) {
    let mut hits = String::new();
    for c in conds {
        let (ok, why) = check_cond::<WHY>(c, v, queue);
        if !ok {
            return (false, why);
        }
        if WHY {
            if !hits.is_empty() {
                hits.push_str(" and ");
            }
            hits.push_str(&why);
        }
    }
    (true, hits)
}

fn check_cond<const WHY: bool>(c: &Cond, v: &View, queue: &str) -> (bool, String) {
    match c {
        Cond::Automatic(want) => {
            let is = v.input.automatic;
            let ok = is == *want;
            let why = match (WHY, ok) {
                (false, _) => String::new(),
                (true, true) => format!("automatic is {want}"),
                (true, false) => format!("automatic is {is}, not {want}"),
            };
            (ok, why)
        }
        Cond::Source(names) => one_of::<WHY>("source", v.input.source, names),
        Cond::Queue(names) => one_of::<WHY>("queue", queue, names),
        Cond::Text(field, test) => text::<WHY>(*field, test, v),
        Cond::Header(hs) => header::<WHY>(hs, v),
    }
}

fn one_of<const WHY: bool>(label: &str, value: &str, names: &[String]) -> (bool, String) {
    let value = value.trim();
    let hit = names.iter().find(|n| n.eq_ignore_ascii_case(value));
    let why = match (WHY, hit) {
        (false, _) => String::new(),
        (true, Some(n)) => format!("{label} is {n:?}"),
        (true, None) => format!("{label} is {value:?}, not {}", quoted_list(names, " or ")),
    };
    (hit.is_some(), why)
}

impl Test {
    /// Index of the first pattern found in `v` (already folded).
    fn find(&self, v: &str) -> Option<usize> {
        self.pats.iter().position(|p| matches(self.kind, p, v))
    }

    /// Like `find`, with `contains` meaning the domain or a subdomain of it.
    fn find_domain(&self, d: &str) -> Option<usize> {
        if self.kind != MatchKind::Contains {
            return self.find(d);
        }
        self.pats.iter().position(|p| within_domain(d, &p.folded))
    }
}

fn matches(kind: MatchKind, p: &Pat, v: &str) -> bool {
    match kind {
        MatchKind::Contains => match &p.finder {
            Some(f) => f.find(v.as_bytes()).is_some(),
            None => v.contains(p.folded.as_str()),
        },
        MatchKind::Equals => v.trim() == p.folded,
        MatchKind::Regex => p.re.as_ref().is_some_and(|re| re.is_match(v)),
    }
}

/// `bigclient.cz` covers `bigclient.cz` and `mail.bigclient.cz`, not
/// `notbigclient.cz`; a pattern starting with a dot (`.cz`) is a plain suffix.
fn within_domain(d: &str, p: &str) -> bool {
    if p.starts_with('.') {
        return d.ends_with(p);
    }
    d == p
        || (d.len() > p.len()
            && d.ends_with(p)
            && d.as_bytes().get(d.len() - p.len() - 1) == Some(&b'.'))
}

fn text<const WHY: bool>(field: Field, t: &Test, v: &View) -> (bool, String) {
    let hit = match field {
        Field::From => t.find(v.from()).or_else(|| {
            let n = v.sender_name();
            if n.is_empty() { None } else { t.find(n) }
        }),
        Field::Domain => t.find_domain(v.domain()),
        Field::To => v.to().iter().chain(v.cc()).find_map(|a| t.find(a)),
        Field::Cc => v.cc().iter().find_map(|a| t.find(a)),
        Field::Subject => t.find(v.subject()),
        Field::Body => t.find(v.body()),
    };
    if !WHY {
        return (hit.is_some(), String::new());
    }
    let label = field.label();
    let why = match hit {
        Some(i) => {
            let p = &t.pats[i];
            match (field, t.kind) {
                (Field::Domain, MatchKind::Contains) if v.domain() != p.folded => {
                    format!(
                        "domain {:?} is under {:?}",
                        raw_domain(v.input.from),
                        p.shown
                    )
                }
                (Field::Domain, MatchKind::Contains) | (_, MatchKind::Equals) => {
                    format!("{label} is {:?}", p.shown)
                }
                (_, MatchKind::Contains) => format!("{label} contains {:?}", p.shown),
                (_, MatchKind::Regex) => format!("{label} matches /{}/", p.shown),
            }
        }
        None => {
            let alts = alternatives(t);
            let value = match field {
                Field::From if !v.input.from_name.trim().is_empty() => {
                    format!("{} <{}>", v.input.from_name.trim(), address(v.input.from))
                }
                Field::From => address(v.input.from).to_owned(),
                Field::Domain => raw_domain(v.input.from).to_owned(),
                Field::To => join_addresses(v.input.to.iter().chain(v.input.cc)),
                Field::Cc => join_addresses(v.input.cc.iter()),
                Field::Subject => v.input.subject.trim().to_owned(),
                Field::Body => String::new(),
            };
            let value = excerpt(&value);
            match (field, t.kind) {
                (Field::Domain, MatchKind::Contains | MatchKind::Equals) => {
                    format!("domain is {value:?}, not {alts}")
                }
                (Field::Body, MatchKind::Contains) => format!("body does not contain {alts}"),
                (Field::Body, MatchKind::Equals) => format!("body is not {alts}"),
                (Field::Body, MatchKind::Regex) => format!("body does not match {alts}"),
                (_, MatchKind::Contains) => format!("{label} {value:?} does not contain {alts}"),
                (_, MatchKind::Equals) => format!("{label} is {value:?}, not {alts}"),
                (_, MatchKind::Regex) => format!("{label} {value:?} does not match {alts}"),
            }
        }
    };
    (hit.is_some(), why)
}

fn header<const WHY: bool>(hs: &[HeaderTest], v: &View) -> (bool, String) {
    let mut misses = Vec::new();
    for h in hs {
        let mut first_value: Option<&str> = None;
        let mut hit: Option<Option<usize>> = None;
        for (name, value) in v.input.headers {
            if !name.trim().eq_ignore_ascii_case(&h.name) {
                continue;
            }
            first_value.get_or_insert(value.as_str());
            match &h.test {
                None => {
                    hit = Some(None);
                    break;
                }
                Some(t) => {
                    if let Some(i) = t.find(&fold(value)) {
                        hit = Some(Some(i));
                        break;
                    }
                }
            }
        }
        if let Some(which) = hit {
            if !WHY {
                return (true, String::new());
            }
            let why = match (which, &h.test) {
                (Some(i), Some(t)) => {
                    let p = &t.pats[i].shown;
                    match t.kind {
                        MatchKind::Contains => format!("header {} contains {p:?}", h.name),
                        MatchKind::Equals => format!("header {} is {p:?}", h.name),
                        MatchKind::Regex => format!("header {} matches /{p}/", h.name),
                    }
                }
                _ => format!("header {} is present", h.name),
            };
            return (true, why);
        }
        if WHY {
            misses.push(match (first_value, &h.test) {
                (None, _) => format!("no header {}", h.name),
                (Some(value), Some(t)) => {
                    let value = excerpt(value.trim());
                    let alts = alternatives(t);
                    match t.kind {
                        MatchKind::Contains => {
                            format!("header {} {value:?} does not contain {alts}", h.name)
                        }
                        MatchKind::Equals => format!("header {} is {value:?}, not {alts}", h.name),
                        MatchKind::Regex => {
                            format!("header {} {value:?} does not match {alts}", h.name)
                        }
                    }
                }
                // Unreachable: a present header always satisfies a presence test.
                (Some(_), None) => format!("header {} is present", h.name),
            });
        }
    }
    (false, misses.join("; "))
}

fn describe_cond(c: &Cond) -> String {
    match c {
        Cond::Automatic(b) => format!("automatic is {b}"),
        Cond::Source(names) => format!("source is {}", quoted_list(names, " or ")),
        Cond::Queue(names) => format!("queue is {}", quoted_list(names, " or ")),
        Cond::Text(field, t) => {
            let label = field.label();
            let alts = alternatives(t);
            match (field, t.kind) {
                (Field::Domain, MatchKind::Contains) => format!("domain is or is under {alts}"),
                (_, MatchKind::Contains) => format!("{label} contains {alts}"),
                (_, MatchKind::Equals) => format!("{label} is {alts}"),
                (_, MatchKind::Regex) => format!("{label} matches {alts}"),
            }
        }
        Cond::Header(hs) => hs
            .iter()
            .map(|h| match &h.test {
                None => format!("header {} is present", h.name),
                Some(t) => {
                    let alts = alternatives(t);
                    match t.kind {
                        MatchKind::Contains => format!("header {} contains {alts}", h.name),
                        MatchKind::Equals => format!("header {} is {alts}", h.name),
                        MatchKind::Regex => format!("header {} matches {alts}", h.name),
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// `"a" or "b"`, or `/a/ or /b/` for regexes.
fn alternatives(t: &Test) -> String {
    let shown: Vec<String> = t
        .pats
        .iter()
        .map(|p| match t.kind {
            MatchKind::Regex => format!("/{}/", p.shown),
            _ => format!("{:?}", p.shown),
        })
        .collect();
    shown.join(" or ")
}

fn quoted_list(items: &[String], sep: &str) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(sep)
}

fn join_addresses<'a>(it: impl Iterator<Item = &'a String>) -> String {
    it.map(|a| address(a)).collect::<Vec<_>>().join(", ")
}

/// Long values (subjects, address lists) cut so a `why` stays one readable line.
fn excerpt(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Known, Priority, RuleConfig, SetBy, Status, compile};
    use super::*;

    const KNOWN: Known<'static> = Known {
        categories: &["Service", "Complaints", "Orders"],
        queues: &["support", "sales"],
        operators: &["jana", "petr"],
        templates: &["ack", "order-ack"],
    };

    fn rules(toml_text: &str) -> Vec<Rule> {
        #[derive(serde::Deserialize)]
        struct File {
            rule: Vec<RuleConfig>,
        }
        let cfg = match toml::from_str::<File>(toml_text) {
            Ok(f) => f.rule,
            Err(e) => panic!("test TOML does not parse: {e}"),
        };
        match compile(cfg, &KNOWN) {
            Ok(r) => r,
            Err(e) => panic!("test rules do not compile: {e}"),
        }
    }

    /// One rule `r` with the given `if` table and a tag action.
    fn rule_if(cond: &str) -> Vec<Rule> {
        rules(&format!(
            "[[rule]]\nname = \"r\"\nif = {{ {cond} }}\nthen = {{ tags = [\"t\"] }}\n"
        ))
    }

    struct Msg {
        from: String,
        from_name: String,
        to: Vec<String>,
        cc: Vec<String>,
        subject: String,
        body: String,
        headers: Vec<(String, String)>,
        source: String,
        queue: String,
        automatic: bool,
    }

    impl Msg {
        fn new() -> Msg {
            Msg {
                from: "jana.novakova@gmail.com".into(),
                from_name: "Jana Nováková".into(),
                to: vec!["support@example.com".into()],
                cc: vec!["boss@bigclient.cz".into()],
                subject: "Reklamáce objednávky 123".into(),
                body: "Dobrý den,\nzboží přišlo POŠKOZENÉ.\nS pozdravem".into(),
                headers: vec![
                    ("X-Priority".into(), "1 (Highest)".into()),
                    ("Received".into(), "from a".into()),
                    ("Received".into(), "from b".into()),
                ],
                source: "email".into(),
                queue: "support".into(),
                automatic: false,
            }
        }

        fn input(&self) -> Input<'_> {
            Input {
                from: &self.from,
                from_name: &self.from_name,
                to: &self.to,
                cc: &self.cc,
                subject: &self.subject,
                body: &self.body,
                headers: &self.headers,
                source: &self.source,
                queue: &self.queue,
                automatic: self.automatic,
            }
        }
    }

    /// (matched, why) of the single rule in `rs` against `m`.
    fn verdict(rs: &[Rule], m: &Msg) -> (bool, String) {
        let e = evaluate(rs, &m.input());
        // The fast path must agree with the explained one.
        assert_eq!(outcome(rs, &m.input()), e.outcome);
        (e.trace[0].matched, e.trace[0].why.clone())
    }

    fn hit(cond: &str, m: &Msg) -> String {
        let (ok, why) = verdict(&rule_if(cond), m);
        assert!(ok, "{cond} should match, but: {why}");
        why
    }

    fn miss(cond: &str, m: &Msg) -> String {
        let (ok, why) = verdict(&rule_if(cond), m);
        assert!(!ok, "{cond} should not match, but: {why}");
        why
    }

    #[test]
    fn from_matches_address_or_name() {
        let m = Msg::new();
        assert_eq!(
            hit("from = \"NOVAKOVA@\"", &m),
            "from contains \"NOVAKOVA@\""
        );
        assert_eq!(hit("from = \"nováková\"", &m), "from contains \"nováková\"");
        assert_eq!(
            hit("from = \"Jana Novakova\", match = \"equals\"", &m),
            "from is \"Jana Novakova\""
        );
        assert_eq!(
            hit("from = \"jana.novakova@gmail.com\", match = \"equals\"", &m),
            "from is \"jana.novakova@gmail.com\""
        );
        assert_eq!(
            miss("from = \"petr\"", &m),
            "from \"Jana Nováková <jana.novakova@gmail.com>\" does not contain \"petr\""
        );
        assert_eq!(
            miss("from = \"jana\", match = \"equals\"", &m),
            "from is \"Jana Nováková <jana.novakova@gmail.com>\", not \"jana\""
        );
        assert_eq!(
            hit("from = '^jana\\.[a-z]+@', match = \"regex\"", &m),
            "from matches /^jana\\.[a-z]+@/"
        );
        let mut anon = Msg::new();
        anon.from_name.clear();
        assert_eq!(
            miss("from = \"x\"", &anon),
            "from \"jana.novakova@gmail.com\" does not contain \"x\""
        );
    }

    #[test]
    fn domain_is_the_domain_or_a_subdomain() {
        let mut m = Msg::new();
        assert_eq!(
            miss("domain = \"bigclient.cz\"", &m),
            "domain is \"gmail.com\", not \"bigclient.cz\""
        );
        m.from = "Boss@BigClient.CZ".into();
        assert_eq!(
            hit("domain = \"bigclient.cz\"", &m),
            "domain is \"bigclient.cz\""
        );
        assert_eq!(
            hit("domain = \"@bigclient.cz\"", &m),
            "domain is \"@bigclient.cz\""
        );
        assert_eq!(
            hit("domain = \".cz\"", &m),
            "domain \"BigClient.CZ\" is under \".cz\""
        );
        m.from = "<a@mail.bigclient.cz>".into();
        assert_eq!(
            hit("domain = \"bigclient.cz\"", &m),
            "domain \"mail.bigclient.cz\" is under \"bigclient.cz\""
        );
        assert_eq!(
            miss("domain = \"bigclient.cz\", match = \"equals\"", &m),
            "domain is \"mail.bigclient.cz\", not \"bigclient.cz\""
        );
        assert_eq!(
            hit("domain = 'bigclient\\.cz$', match = \"regex\"", &m),
            "domain matches /bigclient\\.cz$/"
        );
        m.from = "a@notbigclient.cz".into();
        assert_eq!(
            miss("domain = [\"bigclient.cz\", \"acme.com\"]", &m),
            "domain is \"notbigclient.cz\", not \"bigclient.cz\" or \"acme.com\""
        );
        m.from = "no-at-sign".into();
        assert_eq!(miss("domain = \"cz\"", &m), "domain is \"\", not \"cz\"");
    }

    #[test]
    fn to_covers_cc_and_cc_does_not_cover_to() {
        let m = Msg::new();
        assert_eq!(hit("to = \"support@\"", &m), "to/cc contains \"support@\"");
        assert_eq!(
            hit("to = \"bigclient\"", &m),
            "to/cc contains \"bigclient\""
        );
        assert_eq!(hit("cc = \"bigclient\"", &m), "cc contains \"bigclient\"");
        assert_eq!(
            miss("cc = \"support@\"", &m),
            "cc \"boss@bigclient.cz\" does not contain \"support@\""
        );
        assert_eq!(
            miss("to = \"sales@example.com\", match = \"equals\"", &m),
            "to/cc is \"support@example.com, boss@bigclient.cz\", not \"sales@example.com\""
        );
        let mut nobody = Msg::new();
        nobody.to.clear();
        nobody.cc.clear();
        assert_eq!(
            miss("to = \"a\"", &nobody),
            "to/cc \"\" does not contain \"a\""
        );
    }

    #[test]
    fn subject_matchers() {
        let m = Msg::new();
        assert_eq!(
            hit("subject = \"reklamace\"", &m),
            "subject contains \"reklamace\""
        );
        assert_eq!(
            miss("subject = \"faktura\"", &m),
            "subject \"Reklamáce objednávky 123\" does not contain \"faktura\""
        );
        assert_eq!(
            hit(
                "subject = \"  REKLAMACE OBJEDNAVKY 123 \", match = \"equals\"",
                &m
            ),
            "subject is \"  REKLAMACE OBJEDNAVKY 123 \""
        );
        assert_eq!(
            miss("subject = \"reklamace\", match = \"equals\"", &m),
            "subject is \"Reklamáce objednávky 123\", not \"reklamace\""
        );
        assert_eq!(
            hit("subject = \"reklamace|complaint\", match = \"regex\"", &m),
            "subject matches /reklamace|complaint/"
        );
        assert_eq!(
            hit("subject = '\\d{3}$', match = \"regex\"", &m),
            "subject matches /\\d{3}$/"
        );
        assert_eq!(
            miss("subject = ['^\\D+$', 'faktura'], match = \"regex\"", &m),
            "subject \"Reklamáce objednávky 123\" does not match /^\\D+$/ or /faktura/"
        );
    }

    #[test]
    fn long_values_are_cut_in_why() {
        let mut m = Msg::new();
        m.subject = "a".repeat(100);
        assert_eq!(
            miss("subject = \"b\"", &m),
            format!("subject \"{}…\" does not contain \"b\"", "a".repeat(60))
        );
    }

    #[test]
    fn body_matchers_do_not_quote_the_body() {
        let m = Msg::new();
        assert_eq!(
            hit("body = \"poskozene\"", &m),
            "body contains \"poskozene\""
        );
        assert_eq!(
            miss("body = \"faktura\"", &m),
            "body does not contain \"faktura\""
        );
        assert_eq!(
            miss("body = \"x\", match = \"equals\"", &m),
            "body is not \"x\""
        );
        assert_eq!(
            hit("body = '(?m)^zbozi', match = \"regex\"", &m),
            "body matches /(?m)^zbozi/"
        );
        assert_eq!(
            miss("body = '^zbozi', match = \"regex\"", &m),
            "body does not match /^zbozi/"
        );
    }

    #[test]
    fn diacritics_and_case_fold_both_ways() {
        let mut m = Msg::new();
        // Plain pattern, accented text.
        assert_eq!(
            hit("subject = \"REKLAMACE\"", &m),
            "subject contains \"REKLAMACE\""
        );
        // Accented pattern, plain uppercase text.
        m.subject = "NOVA OBJEDNAVKA".into();
        assert_eq!(
            hit("subject = \"objednávka\"", &m),
            "subject contains \"objednávka\""
        );
        assert_eq!(
            hit("subject = \"Objednávk[ay]\", match = \"regex\"", &m),
            "subject matches /Objednávk[ay]/"
        );
        m.subject = "Čišćenje — Đurđevac".into();
        assert_eq!(
            hit("subject = \"ciscenje\"", &m),
            "subject contains \"ciscenje\""
        );
        assert_eq!(
            hit("subject = \"durdevac\"", &m),
            "subject contains \"durdevac\""
        );
        assert_eq!(
            hit("subject = \"ČIŠĆENJE\"", &m),
            "subject contains \"ČIŠĆENJE\""
        );
    }

    #[test]
    fn header_forms() {
        let m = Msg::new();
        assert_eq!(
            hit("header = \"x-priority: 1\"", &m),
            "header x-priority contains \"1\""
        );
        assert_eq!(
            hit(
                "header = { name = \"X-Priority\", value = \"HIGHEST\" }",
                &m
            ),
            "header X-Priority contains \"HIGHEST\""
        );
        assert_eq!(
            hit("header = \"X-Priority:\"", &m),
            "header X-Priority is present"
        );
        assert_eq!(
            hit("header = { name = \"Received\" }", &m),
            "header Received is present"
        );
        // Every header of the name is tried, not only the first.
        assert_eq!(
            hit("header = \"Received: from b\", match = \"equals\"", &m),
            "header Received is \"from b\""
        );
        assert_eq!(
            miss("header = \"X-Priority: 3\"", &m),
            "header X-Priority \"1 (Highest)\" does not contain \"3\""
        );
        assert_eq!(
            miss(
                "header = { name = \"X-Priority\", value = [\"2\", \"3\"] }, match = \"equals\"",
                &m
            ),
            "header X-Priority is \"1 (Highest)\", not \"2\" or \"3\""
        );
        assert_eq!(
            miss("header = \"X-Priority: ^[23]\", match = \"regex\"", &m),
            "header X-Priority \"1 (Highest)\" does not match /^[23]/"
        );
        assert_eq!(miss("header = \"List-Id:\"", &m), "no header List-Id");
        assert_eq!(
            hit(
                "header = [\"List-Id:\", \"X-Priority: ^1\"], match = \"regex\"",
                &m
            ),
            "header X-Priority matches /^1/"
        );
        assert_eq!(
            miss("header = [\"List-Id:\", \"X-Priority: 5\"]", &m),
            "no header List-Id; header X-Priority \"1 (Highest)\" does not contain \"5\""
        );
    }

    #[test]
    fn source_queue_and_automatic() {
        let mut m = Msg::new();
        assert_eq!(hit("source = \"Email\"", &m), "source is \"email\"");
        assert_eq!(
            miss("source = [\"phone\", \"chat\"]", &m),
            "source is \"email\", not \"phone\" or \"chat\""
        );
        assert_eq!(hit("queue = \"support\"", &m), "queue is \"support\"");
        assert_eq!(
            miss("queue = \"sales\"", &m),
            "queue is \"support\", not \"sales\""
        );
        assert_eq!(hit("automatic = false", &m), "automatic is false");
        assert_eq!(miss("automatic = true", &m), "automatic is false, not true");
        m.automatic = true;
        assert_eq!(hit("automatic = true", &m), "automatic is true");
        assert_eq!(
            miss("automatic = false", &m),
            "automatic is true, not false"
        );
    }

    #[test]
    fn all_conditions_of_a_table_must_hold_cheapest_reported_first() {
        let m = Msg::new();
        assert_eq!(
            hit(
                "subject = \"reklamace\", automatic = false, domain = \"gmail.com\"",
                &m
            ),
            "automatic is false and domain is \"gmail.com\" and subject contains \"reklamace\""
        );
        assert_eq!(
            miss("subject = \"reklamace\", domain = \"bigclient.cz\"", &m),
            "domain is \"gmail.com\", not \"bigclient.cz\""
        );
    }

    #[test]
    fn arrays_are_any_of() {
        let m = Msg::new();
        assert_eq!(
            hit("subject = [\"faktura\", \"reklamace\"]", &m),
            "subject contains \"reklamace\""
        );
        assert_eq!(
            miss("subject = [\"faktura\", \"invoice\"]", &m),
            "subject \"Reklamáce objednávky 123\" does not contain \"faktura\" or \"invoice\""
        );
    }

    #[test]
    fn any_alternatives_add_to_if() {
        let rs = rules(
            r#"
[[rule]]
name = "r"
if = { source = "email" }
any = [ { domain = "bigclient.cz" }, { subject = "reklamace", automatic = false } ]
then = { tags = ["t"] }
"#,
        );
        let mut m = Msg::new();
        assert_eq!(
            verdict(&rs, &m),
            (
                true,
                "source is \"email\" and automatic is false and subject contains \"reklamace\""
                    .into()
            )
        );
        m.subject = "hello".into();
        assert_eq!(
            verdict(&rs, &m),
            (
                false,
                "no alternative of any held (domain is \"gmail.com\", not \"bigclient.cz\"; subject \"hello\" does not contain \"reklamace\")"
                    .into()
            )
        );
        m.source = "phone".into();
        assert_eq!(
            verdict(&rs, &m),
            (false, "source is \"phone\", not \"email\"".into())
        );
        let only_any = rules(
            "[[rule]]\nname = \"r\"\nany = [ { queue = \"sales\" }, { subject = \"Reklamace\" } ]\nthen = { tags = [\"t\"] }\n",
        );
        assert_eq!(
            verdict(&only_any, &Msg::new()),
            (true, "subject contains \"Reklamace\"".into())
        );
        let always = rules("[[rule]]\nname = \"r\"\nthen = { tags = [\"t\"] }\n");
        assert_eq!(
            verdict(&always, &Msg::new()),
            (true, "no conditions".into())
        );
    }

    const CHAIN: &str = r#"
[[rule]]
name = "complaints"
if = { subject = "reklamace|complaint", match = "regex" }
then = { category = "Complaints", priority = "high", tags = ["complaint"] }

[[rule]]
name = "vip"
if = { to = "bigclient.cz" }
then = { priority = "urgent", tags = ["vip", "complaint"], queue = "sales" }

[[rule]]
name = "sales team"
if = { queue = "sales" }
then = { assignee = "petr", status = "open" }

[[rule]]
name = "never"
if = { subject = "faktura" }
then = { category = "Orders", delete = true }

[[rule]]
name = "ack"
if = { automatic = false }
then = { auto_reply = "ack" }
"#;

    #[test]
    fn every_matching_rule_applies_in_order_later_overrides() {
        let rs = rules(CHAIN);
        let m = Msg::new();
        let e = evaluate(&rs, &m.input());
        assert_eq!(
            e.outcome,
            Outcome {
                category: Some("Complaints".into()),
                queue: Some("sales".into()),
                assignee: Some("petr".into()),
                status: Some(Status::Open),
                priority: Some(Priority::Urgent),
                tags: vec!["complaint".into(), "vip".into()],
                auto_reply: Some("ack".into()),
                delete: false,
                applied: vec![
                    "complaints".into(),
                    "vip".into(),
                    "sales team".into(),
                    "ack".into()
                ],
                set_by: SetBy {
                    category: Some("complaints".into()),
                    queue: Some("vip".into()),
                    assignee: Some("sales team".into()),
                    status: Some("sales team".into()),
                    priority: Some("vip".into()),
                    tags: vec!["complaints".into(), "vip".into()],
                    auto_reply: Some("ack".into()),
                    delete: None,
                },
            }
        );
        let whys: Vec<(&str, bool, &str)> = e
            .trace
            .iter()
            .map(|t| (t.rule.as_str(), t.matched, t.why.as_str()))
            .collect();
        assert_eq!(
            whys,
            vec![
                ("complaints", true, "subject matches /reklamace|complaint/"),
                ("vip", true, "to/cc contains \"bigclient.cz\""),
                // The queue condition sees the queue "vip" moved the ticket to.
                ("sales team", true, "queue is \"sales\""),
                (
                    "never",
                    false,
                    "subject \"Reklamáce objednávky 123\" does not contain \"faktura\""
                ),
                ("ack", true, "automatic is false"),
            ]
        );
        assert_eq!(outcome(&rs, &m.input()), e.outcome);
    }

    #[test]
    fn automatic_mail_skips_the_ack_rule() {
        let rs = rules(CHAIN);
        let mut m = Msg::new();
        m.automatic = true;
        let o = outcome(&rs, &m.input());
        assert_eq!(o.auto_reply, None);
        assert_eq!(o.applied, vec!["complaints", "vip", "sales team"]);
    }

    #[test]
    fn stop_ends_evaluation_and_traces_the_rest() {
        let rs = rules(
            r#"
[[rule]]
name = "tag all"
then = { tags = ["seen"] }

[[rule]]
name = "spam"
if = { header = "X-Spam-Flag: yes" }
then = { delete = true, tags = ["spam"] }
stop = true

[[rule]]
name = "ack"
if = { automatic = false }
then = { auto_reply = "ack" }

[[rule]]
name = "rescue"
if = { domain = "bigclient.cz" }
then = { delete = false }
"#,
        );
        let mut m = Msg::new();
        m.headers.push(("x-spam-flag".into(), "YES".into()));
        let e = evaluate(&rs, &m.input());
        assert!(e.outcome.delete);
        assert_eq!(e.outcome.set_by.delete.as_deref(), Some("spam"));
        assert_eq!(e.outcome.tags, vec!["seen", "spam"]);
        assert_eq!(e.outcome.applied, vec!["tag all", "spam"]);
        assert_eq!(e.outcome.auto_reply, None);
        assert_eq!(
            e.trace,
            vec![
                Trace {
                    rule: "tag all".into(),
                    matched: true,
                    why: "no conditions".into()
                },
                Trace {
                    rule: "spam".into(),
                    matched: true,
                    why: "header X-Spam-Flag contains \"yes\"".into()
                },
                Trace {
                    rule: "ack".into(),
                    matched: false,
                    why: "not evaluated: stopped by rule \"spam\"".into()
                },
                Trace {
                    rule: "rescue".into(),
                    matched: false,
                    why: "not evaluated: stopped by rule \"spam\"".into()
                },
            ]
        );
        assert_eq!(outcome(&rs, &m.input()), e.outcome);

        // Without the spam header, stop does not fire and a later rule may clear delete.
        m.headers.pop();
        m.from = "x@bigclient.cz".into();
        let o = outcome(&rs, &m.input());
        assert!(!o.delete);
        assert_eq!(o.set_by.delete.as_deref(), Some("rescue"));
        assert_eq!(o.applied, vec!["tag all", "ack", "rescue"]);
    }

    #[test]
    fn describe_summarises() {
        let rs = rules(CHAIN);
        assert_eq!(
            describe(&rs[0]),
            "if subject matches /reklamace|complaint/ then category = \"Complaints\", priority = high, tags += \"complaint\""
        );
        assert_eq!(
            describe(&rs[1]),
            "if to/cc contains \"bigclient.cz\" then queue = \"sales\", priority = urgent, tags += \"vip\", \"complaint\""
        );
        assert_eq!(
            describe(&rs[2]),
            "if queue is \"sales\" then assignee = \"petr\", status = open"
        );
        assert_eq!(
            describe(&rs[3]),
            "if subject contains \"faktura\" then category = \"Orders\", delete = true"
        );
        let rs = rules(
            r#"
[[rule]]
name = "x"
if = { domain = ["a.cz", "b.cz"], header = ["X-A:", "X-B: 1"], match = "equals" }
any = [ {}, { source = ["phone", "chat"], from = "^x", match = "regex" } ]
stop = true
[[rule]]
name = "y"
if = { domain = "a.cz" }
then = { auto_reply = "order-ack" }
"#,
        );
        assert_eq!(
            describe(&rs[0]),
            "if domain is \"a.cz\" or \"b.cz\" and header X-A is present or header X-B is \"1\" and any of (always | source is \"phone\" or \"chat\" and from matches /^x/) then nothing; stop"
        );
        assert_eq!(
            describe(&rs[1]),
            "if domain is or is under \"a.cz\" then auto_reply = \"order-ack\""
        );
        let rs = rules("[[rule]]\nname = \"z\"\nthen = { tags = [\"t\"] }\n");
        assert_eq!(describe(&rs[0]), "always then tags += \"t\"");
    }

    #[test]
    fn trace_serialises_for_rules_test_json() {
        let t = Trace {
            rule: "vip".into(),
            matched: false,
            why: "x".into(),
        };
        assert_eq!(
            serde_json::to_string(&t).ok().as_deref(),
            Some(r#"{"rule":"vip","matched":false,"why":"x"}"#)
        );
    }
}
