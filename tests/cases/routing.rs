//! Routing rules, automatic distribution and auto-acknowledgement, through `hd sync`
//! of real mail (Dovecot over IMAP, and one Maildir) and a real SMTP server.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::servers::{Dovecot, PASSWORD, Smtp, USERS};
use crate::support::{Run, TestEnv};

// ---------------------------------------------------------------- mail

/// 2026-11-23T06:00:00Z, a Monday (07:00 in Prague); the clock (`HD_NOW`) is
/// 08:00Z, so mail arriving at `T0 + minutes` is in the past.
const T0: i64 = 1_795_413_600;
const NOW: &str = "2026-11-23T09:00:00+01:00";

/// RFC 2047 Q-encoding for a header value with non-ASCII text.
fn q_encode(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in s.bytes() {
        match b {
            b' ' => out.push('_'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'!' | b'*' | b'+' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("={b:02X}")),
        }
    }
    out.push_str("?=");
    out
}

/// An inbound message under construction.
#[derive(Clone)]
struct Mail {
    from_name: Option<String>,
    from: String,
    to: String,
    cc: Option<String>,
    subject: String,
    body: String,
    headers: Vec<(String, String)>,
    content_type: String,
}

fn mail(from: &str, subject: &str) -> Mail {
    Mail {
        from_name: None,
        from: from.to_string(),
        to: "support@example.com".to_string(),
        cc: None,
        subject: subject.to_string(),
        body: "Dobrý den,\nprosím o pomoc.\n".to_string(),
        headers: Vec::new(),
        content_type: "text/plain; charset=utf-8".to_string(),
    }
}

impl Mail {
    fn name(mut self, n: &str) -> Mail {
        self.from_name = Some(n.to_string());
        self
    }
    fn to(mut self, to: &str) -> Mail {
        self.to = to.to_string();
        self
    }
    fn cc(mut self, cc: &str) -> Mail {
        self.cc = Some(cc.to_string());
        self
    }
    fn body(mut self, b: &str) -> Mail {
        self.body = b.to_string();
        self
    }
    fn header(mut self, name: &str, value: &str) -> Mail {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    fn content_type(mut self, ct: &str) -> Mail {
        self.content_type = ct.to_string();
        self
    }

    /// The message as it sits in the mailbox.
    fn raw(&self, message_id: &str, at: i64) -> String {
        let from = match &self.from_name {
            Some(n) => format!("{} <{}>", q_encode(n), self.from),
            None => self.from.clone(),
        };
        let date = chrono::DateTime::from_timestamp(at, 0)
            .unwrap()
            .to_rfc2822();
        let mut s = format!(
            "Message-ID: <{message_id}>\r\nDate: {date}\r\nFrom: {from}\r\nTo: {}\r\n",
            self.to
        );
        if let Some(cc) = &self.cc {
            s.push_str(&format!("Cc: {cc}\r\n"));
        }
        s.push_str(&format!("Subject: {}\r\n", q_encode(&self.subject)));
        for (n, v) in &self.headers {
            s.push_str(&format!("{n}: {v}\r\n"));
        }
        s.push_str(&format!(
            "MIME-Version: 1.0\r\nContent-Type: {}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
            self.content_type
        ));
        s.push_str(&self.body.replace('\n', "\r\n"));
        s
    }
}

/// A delivery failure report from a mail server.
fn bounce() -> Mail {
    mail(
        "MAILER-DAEMON@mx.example.net",
        "Undelivered Mail Returned to Sender",
    )
    .header("Auto-Submitted", "auto-replied")
    .content_type("multipart/report; report-type=delivery-status; boundary=\"b1\"")
    .body(
        "--b1\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; ghost@example.net\nAction: failed\nStatus: 5.1.1\n\n--b1--\n",
    )
}

// ---------------------------------------------------------------- mailboxes

/// Where a test's mail waits for `hd sync`.
enum Inbox {
    /// A real Dovecot; mailbox `i` is the INBOX of test user `USERS[i]`.
    Imap(Dovecot),
    /// One local Maildir folder per mailbox.
    Maildir(Vec<PathBuf>),
    /// No mailboxes.
    None,
}

impl Inbox {
    fn maildir(root: &std::path::Path, mailboxes: usize) -> Inbox {
        let dirs: Vec<PathBuf> = (0..mailboxes)
            .map(|i| {
                let d = root.join(format!("maildir{i}"));
                for sub in ["new", "cur", "tmp"] {
                    std::fs::create_dir_all(d.join(sub)).unwrap();
                }
                d
            })
            .collect();
        Inbox::Maildir(dirs)
    }

    /// The `imap = ...` or `maildir = ...` line of mailbox number `i`.
    fn source_toml(&self, i: usize) -> String {
        match self {
            Inbox::Imap(d) => format!(
                "imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"{}\", password = \"{PASSWORD}\", folder = \"INBOX\" }}",
                d.plain_port(),
                USERS[i]
            ),
            Inbox::Maildir(dirs) => format!("maildir = {:?}", dirs[i].to_str().unwrap()),
            Inbox::None => unreachable!("no mailboxes"),
        }
    }

    /// Puts a message in mailbox `i`, received by the server at `at`.
    fn deliver(&self, i: usize, raw: &str, at: i64, seq: u32) {
        match self {
            Inbox::Imap(d) => {
                let date = chrono::DateTime::from_timestamp(at, 0)
                    .unwrap()
                    .fixed_offset();
                d.append(USERS[i], "INBOX", raw.as_bytes(), Some(date));
            }
            Inbox::Maildir(dirs) => {
                let path = dirs[i].join("new").join(format!("{at}.M{seq}P1.test"));
                std::fs::write(&path, raw).unwrap();
                let f = std::fs::File::options().write(true).open(&path).unwrap();
                f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(at as u64))
                    .unwrap();
            }
            Inbox::None => unreachable!("no mailboxes"),
        }
    }
}

// ---------------------------------------------------------------- the lab

/// A test environment with mailboxes feeding it and, if asked, an SMTP server.
struct Lab {
    env: TestEnv,
    inbox: Inbox,
    smtp: Option<Smtp>,
    seq: Cell<u32>,
}

/// Queues, operators, categories and templates most tests share; each test adds
/// its own distribution, operators and rules after it.
const HEAD: &str = r#"
timezone = "Europe/Prague"

[[category]]
name = "Service"

[[category]]
name = "Complaints"

[[category]]
name = "Leads"

[template.ack]
subject = "Přijali jsme: {{ ticket.subject }}"
body = "Dobrý den, váš požadavek má číslo {{ ticket.number }}."

[template.order-ack]
subject = "Objednávka přijata"
body = "Děkujeme za objednávku, {{ ticket.number }}."
"#;

impl Lab {
    /// Mail from a real Dovecot. `config` is appended to [`HEAD`]; `mailboxes`
    /// are (name, queue) pairs; `smtp` starts a real SMTP server for the outbox.
    fn new(config: &str, mailboxes: &[(&str, &str)], smtp: bool) -> Lab {
        let inbox = if mailboxes.is_empty() {
            Inbox::None
        } else {
            Inbox::Imap(Dovecot::start())
        };
        Lab::with(config, mailboxes, smtp, inbox)
    }

    /// Like [`Lab::new`], with local Maildir mailboxes.
    fn maildir(config: &str, mailboxes: &[(&str, &str)], smtp: bool) -> Lab {
        Lab::with(config, mailboxes, smtp, Inbox::Maildir(Vec::new()))
    }

    fn with(config: &str, mailboxes: &[(&str, &str)], smtp: bool, inbox: Inbox) -> Lab {
        let mut env = TestEnv::with_config("");
        env.now = NOW.to_string();
        let inbox = match inbox {
            Inbox::Maildir(_) => Inbox::maildir(env.path(), mailboxes.len()),
            other => other,
        };
        let smtp = smtp.then(|| Smtp::start(None));
        let mut text = format!("{HEAD}\n{config}\n");
        for (i, (name, queue)) in mailboxes.iter().enumerate() {
            text.push_str(&format!(
                "\n[[mailbox]]\nname = \"{name}\"\nqueue = \"{queue}\"\n{}\n",
                inbox.source_toml(i)
            ));
        }
        if let Some(s) = &smtp {
            text.push_str(&format!(
                "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
                s.port()
            ));
        }
        env.write_config(&text);
        Lab {
            env,
            inbox,
            smtp,
            seq: Cell::new(0),
        }
    }

    /// Delivers a message to mailbox `i`, received `minutes` after [`T0`].
    fn deliver_to(&self, i: usize, m: &Mail, minutes: i64) {
        let n = self.seq.get() + 1;
        self.seq.set(n);
        let at = T0 + minutes * 60;
        self.inbox
            .deliver(i, &m.raw(&format!("m{n}.{at}@test.example"), at), at, n);
    }

    /// Delivers a message to the first mailbox.
    fn deliver(&self, m: &Mail, minutes: i64) {
        self.deliver_to(0, m, minutes);
    }

    /// `hd sync`, which must succeed silently.
    #[track_caller]
    fn sync(&self) {
        let r = self.env.run(&["sync"]);
        r.ok();
        assert_eq!(r.stderr, "", "sync must be silent on success");
        assert_eq!(r.stdout, "");
    }

    fn run(&self, args: &[&str]) -> Run {
        self.env.run(args)
    }

    /// `hd show T --format json`.
    fn show(&self, t: &str) -> Value {
        self.run(&["show", t, "--format", "json"]).json()
    }

    /// Every ticket not deleted, oldest first.
    fn tickets(&self) -> Vec<Value> {
        let v = self
            .run(&["list", "--view", "all", "--format", "json"])
            .json();
        let mut v = v.as_array().unwrap().clone();
        let key = |t: &Value| {
            (
                t["created"].as_str().unwrap().to_string(),
                t["number"].as_str().unwrap().to_string(),
            )
        };
        v.sort_by_key(key);
        v
    }

    /// Ticket number → assignee (`-` for none), for every ticket not deleted.
    fn assignees(&self) -> BTreeMap<String, String> {
        self.tickets()
            .iter()
            .map(|t| {
                (
                    t["number"].as_str().unwrap().to_string(),
                    t["assignee"].as_str().unwrap_or("-").to_string(),
                )
            })
            .collect()
    }

    /// Operator → number of queued and open tickets, from `hd operator list`.
    fn loads(&self) -> BTreeMap<String, i64> {
        let v = self.run(&["operator", "list", "--format", "json"]).json();
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["name"].as_str().unwrap().to_string(),
                    o["open"].as_i64().unwrap(),
                )
            })
            .collect()
    }

    /// Ticket numbers of a query, in the order hd sorts them by id.
    fn ids(&self, query: &[&str]) -> Vec<String> {
        let mut args = vec!["list", "--format", "ids", "--sort", "id"];
        args.extend_from_slice(query);
        self.run(&args).ok().lines().map(str::to_string).collect()
    }

    /// Messages the SMTP server received, as text.
    fn sent(&self) -> Vec<String> {
        self.smtp
            .as_ref()
            .expect("an SMTP server")
            .messages()
            .into_iter()
            .map(|m| String::from_utf8(m).unwrap())
            .collect()
    }

    /// The envelope recipients of every message the SMTP server received.
    fn rcpts(&self) -> Vec<Vec<String>> {
        self.smtp
            .as_ref()
            .expect("an SMTP server")
            .envelopes()
            .into_iter()
            .map(|e| e.rcpt_tos)
            .collect()
    }
}

fn tags(t: &Value) -> Vec<String> {
    let mut v: Vec<String> = t["tags"]
        .as_array()
        .unwrap_or_else(|| panic!("tags of {t}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn strs(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn loads(v: &[(&str, i64)]) -> BTreeMap<String, i64> {
    v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// The events of a ticket as (actor, what), in order.
fn events(show: &Value) -> Vec<(String, String)> {
    show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_string(),
                e["what"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The value of a header in a raw message (first occurrence, unfolded).
fn header_of(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next().unwrap_or(raw);
    let mut lines = head.split("\r\n").peekable();
    while let Some(l) = lines.next() {
        if let Some((n, v)) = l.split_once(':')
            && n.eq_ignore_ascii_case(name)
        {
            let mut v = v.trim().to_string();
            while let Some(next) = lines.peek() {
                if next.starts_with([' ', '\t']) {
                    v.push(' ');
                    v.push_str(next.trim());
                    lines.next();
                } else {
                    break;
                }
            }
            return Some(v);
        }
    }
    None
}

const TWO_QUEUES: &str = r#"
[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support"]

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support", "sales"]
"#;

// ---------------------------------------------------------------- rules: conditions

const CONDITION_RULES: &str = r#"
[[rule]]
name = "from"
if = { from = "novak" }
then = { tags = ["from"] }

[[rule]]
name = "from name"
if = { from = "Dvořáková" }
then = { tags = ["from-name"] }

[[rule]]
name = "from equals"
if = { from = "JAN.NOVAK@ACME.CZ", match = "equals" }
then = { tags = ["from-eq"] }

[[rule]]
name = "domain"
if = { domain = "bigclient.cz" }
then = { tags = ["domain"] }

[[rule]]
name = "to"
if = { to = "orders@example.com" }
then = { tags = ["to"] }

[[rule]]
name = "subject"
if = { subject = "Reklamace" }
then = { tags = ["subject"] }

[[rule]]
name = "subject equals"
if = { subject = "faktura", match = "equals" }
then = { tags = ["subject-eq"] }

[[rule]]
name = "subject regex"
if = { subject = '^(refund|vrácení)\b', match = "regex" }
then = { tags = ["subject-re"] }

[[rule]]
name = "body"
if = { body = "číslo objednávky" }
then = { tags = ["body"] }

[[rule]]
name = "header"
if = { header = "X-Priority: 1" }
then = { tags = ["header"] }

[[rule]]
name = "header regex"
if = { header = { name = "X-Spam-Score", value = '^[5-9]\.' }, match = "regex" }
then = { tags = ["spam-score"] }

[[rule]]
name = "source"
if = { source = "email" }
then = { tags = ["email"] }

[[rule]]
name = "queue"
if = { queue = "sales" }
then = { tags = ["sales"] }

[[rule]]
name = "automatic"
if = { automatic = true }
then = { tags = ["auto"] }

[[rule]]
name = "both"
if = { domain = "acme.cz", subject = "invoice" }
then = { tags = ["both"] }

[[rule]]
name = "any"
any = [ { subject = "urgent" }, { body = "asap" } ]
then = { tags = ["any"] }
"#;

/// Every condition and matcher, positive and negative, through one sync: each
/// rule adds its own tag, so a ticket's tags say exactly which rules matched.
fn conditions_case(lab: &Lab) {
    let cases: Vec<(Mail, &[&str])> = vec![
        // from: the address, and equals on the whole address ignoring case.
        (
            mail("jan.novak@acme.cz", "Dotaz"),
            &["from", "from-eq", "email"],
        ),
        // from: the display name, diacritics-insensitive.
        (
            mail("pd@firma.cz", "Dotaz").name("Petra DVORAKOVA"),
            &["from-name", "email"],
        ),
        (mail("jan.novakova@firma.cz", "Dotaz"), &["from", "email"]),
        // domain: the domain or a subdomain, never a longer name.
        (
            mail("karel@mail.bigclient.cz", "Dotaz"),
            &["domain", "email"],
        ),
        (mail("karel@notbigclient.cz", "Dotaz"), &["email"]),
        // to/cc: any To or Cc address.
        (
            mail("a@firma.cz", "Dotaz").cc("Orders <ORDERS@example.com>"),
            &["to", "email"],
        ),
        (
            mail("a@firma.cz", "Dotaz").to("orders@example.com"),
            &["to", "email"],
        ),
        // subject contains, folding case and diacritics on both sides.
        (
            mail("a@firma.cz", "RE: Reklamáce zboží"),
            &["subject", "email"],
        ),
        // subject equals: the whole subject only.
        (mail("a@firma.cz", "FAKTURA"), &["subject-eq", "email"]),
        (mail("a@firma.cz", "Faktura za říjen"), &["email"]),
        // subject regex: anchored, with a folded alternative.
        (
            mail("a@firma.cz", "Refund please"),
            &["subject-re", "email"],
        ),
        (
            mail("a@firma.cz", "VRACENI zbozi"),
            &["subject-re", "email"],
        ),
        (mail("a@firma.cz", "Please refund"), &["email"]),
        // body contains, folding case and diacritics.
        (
            mail("a@firma.cz", "Dotaz").body("Moje CISLO OBJEDNAVKY je 42.\n"),
            &["body", "email"],
        ),
        // header "Name: pattern".
        (
            mail("a@firma.cz", "Dotaz").header("X-Priority", "1 (Highest)"),
            &["header", "email"],
        ),
        (
            mail("a@firma.cz", "Dotaz").header("X-Priority", "3"),
            &["email"],
        ),
        // header regex.
        (
            mail("a@firma.cz", "Dotaz").header("x-spam-score", "7.5"),
            &["spam-score", "email"],
        ),
        (
            mail("a@firma.cz", "Dotaz").header("X-Spam-Score", "2.5"),
            &["email"],
        ),
        // automatic mail.
        (
            mail("news@shop.cz", "Akce").header("Precedence", "bulk"),
            &["auto", "email"],
        ),
        // several conditions: all must hold.
        (mail("a@acme.cz", "Invoice 42"), &["both", "email"]),
        (mail("a@firma.cz", "Invoice 42"), &["email"]),
        (mail("a@acme.cz", "Dotaz"), &["email"]),
        // any: one alternative is enough.
        (mail("a@firma.cz", "URGENT help"), &["any", "email"]),
        (
            mail("a@firma.cz", "Dotaz").body("Please answer ASAP.\n"),
            &["any", "email"],
        ),
    ];
    for (i, (m, _)) in cases.iter().enumerate() {
        lab.deliver(m, i as i64);
    }
    // The queue condition: mail arriving in the sales mailbox.
    lab.deliver_to(1, &mail("a@firma.cz", "Dotaz"), 40);
    lab.sync();
    let all = lab.tickets();
    assert_eq!(all.len(), cases.len() + 1);
    for (i, (m, want)) in cases.iter().enumerate() {
        let t = &all[i];
        assert_eq!(t["number"], format!("REQ-{:06}", i + 1));
        assert_eq!(
            tags(t),
            strs(want),
            "message {i} from {} with subject {:?}",
            m.from,
            m.subject
        );
    }
    let s = &all[cases.len()];
    assert_eq!(s["number"], format!("SAL-{:06}", cases.len() + 1));
    assert_eq!(tags(s), strs(&["sales", "email"]));

    // Tickets made by hand see the same rules: source and queue.
    let phone = lab.env.new_ticket(
        "Refund",
        "x@bigclient.cz",
        &["--source", "phone", "--queue", "sales"],
    );
    assert_eq!(
        tags(&lab.show(&phone)),
        strs(&["subject-re", "domain", "sales"])
    );
}

#[test]
fn every_condition_and_matcher() {
    let lab = Lab::new(
        &format!("{TWO_QUEUES}{CONDITION_RULES}"),
        &[("inbox", "support"), ("sales-inbox", "sales")],
        false,
    );
    conditions_case(&lab);
}

#[test]
fn every_condition_and_matcher_maildir() {
    let lab = Lab::maildir(
        &format!("{TWO_QUEUES}{CONDITION_RULES}"),
        &[("inbox", "support"), ("sales-inbox", "sales")],
        false,
    );
    conditions_case(&lab);
}

// ---------------------------------------------------------------- rules: actions

const ACTION_RULES: &str = r#"
[[rule]]
name = "complaints"
if = { subject = "reklamace" }
then = { category = "Complaints", priority = "high", tags = ["complaint"] }

[[rule]]
name = "vip"
if = { domain = "bigclient.cz" }
then = { priority = "urgent", tags = ["vip", "complaint"], assignee = "jana", status = "open" }

[[rule]]
name = "offers"
if = { subject = "nabídka" }
then = { queue = "sales", category = "Leads" }

[[rule]]
name = "thanks"
if = { subject = "thank you", match = "equals" }
then = { status = "closed", priority = "low" }

[[rule]]
name = "spam"
if = { header = "X-Spam-Flag: YES" }
then = { delete = true, tags = ["spam"] }
stop = true

[[rule]]
name = "first only"
if = { subject = "stop here" }
then = { tags = ["first"] }
stop = true

[[rule]]
name = "already normal"
if = { subject = "dotaz", match = "equals" }
then = { priority = "normal" }

[[rule]]
name = "everything"
then = { tags = ["seen"] }
"#;

/// Actions, rule order (a later rule overrides), tags accumulating, `stop`,
/// `delete` keeping the message, events of `rule:NAME` and the rules in `hd show`.
fn actions_case(lab: &Lab) {
    lab.deliver(
        &mail("karel@bigclient.cz", "Reklamace zboží").body("Rozbité zboží.\n"),
        0,
    );
    lab.deliver(&mail("a@firma.cz", "Reklamace nabídka 7"), 1);
    lab.deliver(&mail("a@firma.cz", "Thank you"), 2);
    lab.deliver(
        &mail("spam@spam.example", "Cheap pills")
            .header("X-Spam-Flag", "YES")
            .body("Buy cheap pills now.\n"),
        3,
    );
    lab.deliver(&mail("a@firma.cz", "Stop here please"), 4);
    lab.deliver(&mail("b@firma.cz", "Dotaz"), 5);
    lab.sync();

    let all = lab.tickets();
    let got: Vec<Value> = all
        .iter()
        .map(|t| {
            json!([
                t["number"],
                t["queue"],
                t["category"],
                t["priority"],
                t["status"],
                t["assignee"],
                tags(t)
            ])
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // complaints then vip: vip's priority wins, tags accumulate once each.
            json!([
                "REQ-000001",
                "support",
                "Complaints",
                "urgent",
                "open",
                "jana",
                ["complaint", "seen", "vip"]
            ]),
            // complaints then offers: the later category wins; the queue moves.
            json!([
                "REQ-000002",
                "sales",
                "Leads",
                "high",
                "queued",
                null,
                ["complaint", "seen"]
            ]),
            json!([
                "REQ-000003",
                "support",
                null,
                "low",
                "closed",
                null,
                ["seen"]
            ]),
            // REQ-000004 is deleted.
            json!([
                "REQ-000005",
                "support",
                null,
                "normal",
                "queued",
                null,
                ["first"]
            ]),
            json!([
                "REQ-000006",
                "support",
                null,
                "normal",
                "queued",
                null,
                ["seen"]
            ]),
        ]
    );

    // Every change is an event of the rule that made it.
    let s = lab.show("REQ-000001");
    let ev = events(&s);
    let want = [
        ("rule:complaints", "category: none → Complaints"),
        ("rule:vip", "priority: normal → urgent"),
        ("rule:complaints", "tag +complaint"),
        ("rule:vip", "tag +vip"),
        ("rule:everything", "tag +seen"),
        ("rule:vip", "assignee: none → jana"),
        ("rule:vip", "status: queued → open"),
    ];
    for (actor, what) in want {
        assert!(
            ev.contains(&(actor.to_string(), what.to_string())),
            "missing event {actor}: {what} in {ev:?}"
        );
    }
    // Rules that changed something are in the history through those changes.
    assert!(!ev.iter().any(|(_, w)| w.ends_with("matched")), "{ev:?}");
    // One that matched but found its value set is recorded as having matched.
    let asked = lab.show("REQ-000006");
    let ev6 = events(&asked);
    assert!(
        ev6.contains(&(
            "rule:already normal".to_string(),
            "rule \"already normal\" matched".to_string()
        )),
        "{ev6:?}"
    );
    assert!(
        !ev6.iter().any(|(_, w)| w.starts_with("priority")),
        "{ev6:?}"
    );
    assert_eq!(asked["rules"], json!(["already normal", "everything"]));
    // Only the winning priority is applied: nobody saw `high` on this ticket.
    assert!(!ev.iter().any(|(_, w)| w.contains("high")), "{ev:?}");
    assert_eq!(s["rules"], json!(["complaints", "vip", "everything"]));
    let text = lab.run(&["show", "REQ-000001"]);
    assert!(
        text.ok()
            .lines()
            .any(|l| l == "rules: complaints, vip, everything"),
        "{}",
        text.stdout
    );
    let moved = events(&lab.show("REQ-000002"));
    assert!(moved.contains(&("rule:offers".into(), "queue: support → sales".into())));
    assert!(moved.contains(&("rule:offers".into(), "category: none → Leads".into())));
    assert!(
        !moved.iter().any(|(_, w)| w.contains("Complaints")),
        "{moved:?}"
    );

    // `stop`: the rules after it are not evaluated.
    assert_eq!(lab.show("REQ-000005")["rules"], json!(["first only"]));

    // Deleted by a rule: out of every view, query and export; kept whole.
    assert_eq!(lab.ids(&["--view", "all"]).len(), 5);
    assert_eq!(lab.ids(&["pills"]), Vec::<String>::new());
    assert_eq!(lab.ids(&["deleted:yes"]), vec!["REQ-000004".to_string()]);
    let export = lab.run(&["export"]);
    assert!(!export.ok().contains("REQ-000004"), "{}", export.stdout);
    assert!(export.ok().contains("REQ-000005"), "{}", export.stdout);
    let d = lab.show("REQ-000004");
    assert_eq!(d["deleted"], true);
    assert_eq!(d["interactions"][0]["text"], "Buy cheap pills now.");
    assert_eq!(d["rules"], json!(["spam"]));
    assert_eq!(tags(&d), strs(&["spam"]));
    assert!(events(&d).contains(&("rule:spam".into(), "deleted".into())));
    lab.run(&["restore", "REQ-000004"]).ok();
    assert_eq!(lab.ids(&["pills"]), vec!["REQ-000004".to_string()]);
    assert_eq!(lab.ids(&["deleted:yes"]), Vec::<String>::new());
    assert!(lab.run(&["export"]).ok().contains("Buy cheap pills now."));
    // Rules run on every inbound message, replies too; never twice on one.
    lab.deliver(
        &mail("b@firma.cz", "Re: [REQ-000006] Dotaz - reklamace"),
        30,
    );
    lab.sync();
    assert_eq!(lab.tickets().len(), 6, "the reply is threaded");
    let t = lab.show("REQ-000006");
    assert_eq!(t["interactions"].as_array().unwrap().len(), 2);
    assert_eq!(t["category"], "Complaints");
    assert_eq!(t["priority"], "high");
    assert!(events(&t).contains(&(
        "rule:complaints".into(),
        "category: none → Complaints".into()
    )));
    assert_eq!(
        t["rules"],
        json!(["already normal", "everything", "complaints"])
    );
    assert_eq!(lab.ids(&["deleted:yes"]), Vec::<String>::new());
}

#[test]
fn actions_order_stop_delete_and_events() {
    let lab = Lab::new(
        &format!("{TWO_QUEUES}{ACTION_RULES}"),
        &[("inbox", "support")],
        false,
    );
    actions_case(&lab);
}

// ---------------------------------------------------------------- hd rules

const TEST_RULES: &str = r#"
[[rule]]
name = "complaints"
if = { subject = "reklamace|complaint", match = "regex" }
then = { category = "Complaints", priority = "high" }

[[rule]]
name = "vip"
if = { domain = "bigclient.cz" }
then = { priority = "urgent", tags = ["vip"] }

[[rule]]
name = "ack orders"
if = { subject = "objednávka", automatic = false }
then = { auto_reply = "order-ack" }
stop = true

[[rule]]
name = "sales only"
if = { queue = "sales" }
then = { tags = ["sales"] }
"#;

#[test]
fn rules_test_explains_every_rule_and_writes_nothing() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let lab = Lab::new(
        &format!("{TWO_QUEUES}{TEST_RULES}"),
        &[("inbox", "support"), ("sales-inbox", "sales")],
        true,
    );
    let eml = lab.env.path().join("order.eml");
    let m = mail("karel@mail.bigclient.cz", "Reklamace - objednavka 5").name("Karel Dvořák");
    std::fs::write(&eml, m.raw("x1@test.example", T0)).unwrap();
    let file = eml.to_str().unwrap();

    let r = lab.run(&["rules", "test", file]);
    assert_eq!(
        r.ok(),
        "rule\tmatched\twhy\n\
         complaints\tyes\tsubject matches /reklamace|complaint/\n\
         vip\tyes\tdomain \"mail.bigclient.cz\" is under \"bigclient.cz\"\n\
         ack orders\tyes\tautomatic is false and subject contains \"objednávka\"\n\
         sales only\tno\tnot evaluated: stopped by rule \"ack orders\"\n"
    );
    assert_eq!(
        r.stderr,
        "result: queue: support, category: Complaints, priority: urgent, tags: vip, auto_reply: order-ack\n"
    );
    let table = lab.run(&["rules", "test", file, "--format", "table"]);
    assert!(
        table.ok().contains("complaints") && table.ok().contains("not evaluated"),
        "{}",
        table.stdout
    );

    // JSON: one object a rule with exactly rule, matched, why.
    let v = lab.run(&["rules", "test", file, "--format", "json"]).json();
    assert_eq!(
        v,
        json!([
            {"rule": "complaints", "matched": true, "why": "subject matches /reklamace|complaint/"},
            {"rule": "vip", "matched": true, "why": "domain \"mail.bigclient.cz\" is under \"bigclient.cz\""},
            {"rule": "ack orders", "matched": true, "why": "automatic is false and subject contains \"objednávka\""},
            {"rule": "sales only", "matched": false, "why": "not evaluated: stopped by rule \"ack orders\""},
        ])
    );

    // Standard input, another mailbox's queue, automatic mail, failed conditions.
    let bulk = mail("news@shop.cz", "Objednávka zdarma").header("Precedence", "bulk");
    let r = lab.env.run_stdin(
        &[
            "rules",
            "test",
            "-",
            "--mailbox",
            "sales-inbox",
            "--format",
            "json",
        ],
        &bulk.raw("x2@test.example", T0),
    );
    assert_eq!(
        r.json(),
        json!([
            {"rule": "complaints", "matched": false, "why": "subject \"Objednávka zdarma\" does not match /reklamace|complaint/"},
            {"rule": "vip", "matched": false, "why": "domain is \"shop.cz\", not \"bigclient.cz\""},
            {"rule": "ack orders", "matched": false, "why": "automatic is true, not false"},
            {"rule": "sales only", "matched": true, "why": "queue is \"sales\""},
        ])
    );
    let r = lab.env.run_stdin(
        &["rules", "test", "-", "--mailbox", "sales-inbox"],
        &bulk.raw("x2@test.example", T0),
    );
    r.ok();
    assert_eq!(
        r.stderr,
        "result: queue: sales, tags: sales, automatic: Precedence: bulk\n"
    );

    // Nothing was written: no database, the mail still waits in the mailbox.
    assert!(!lab.env.db_path().exists(), "rules test created a database");
    lab.deliver(&m, 0);
    lab.sync();
    let db = std::fs::read(lab.env.db_path()).unwrap();
    let before = lab.tickets();
    assert_eq!(before.len(), 1);
    lab.run(&["rules", "test", file]).ok();
    assert_eq!(std::fs::read(lab.env.db_path()).unwrap(), db);
    assert_eq!(lab.tickets(), before);

    let missing = lab.run(&["rules", "test", "/nonexistent/x.eml"]);
    assert!(
        missing.fails(2).contains("/nonexistent/x.eml"),
        "{}",
        missing.stderr
    );
    assert!(
        lab.run(&["rules", "test", file, "--mailbox", "nope"])
            .fails(2)
            .contains("unknown mailbox \"nope\"")
    );
}

#[test]
fn rules_list_in_evaluation_order() {
    let lab = Lab::new(&format!("{TWO_QUEUES}{TEST_RULES}"), &[], false);
    assert_eq!(
        lab.run(&["rules", "list"]).ok(),
        "rule\tdescription\n\
         complaints\tif subject matches /reklamace|complaint/ then category = \"Complaints\", priority = high\n\
         vip\tif domain is or is under \"bigclient.cz\" then priority = urgent, tags += \"vip\"\n\
         ack orders\tif automatic is false and subject contains \"objednávka\" then auto_reply = \"order-ack\"; stop\n\
         sales only\tif queue is \"sales\" then tags += \"sales\"\n"
    );
    let v = lab.run(&["rules", "list", "--format", "json"]).json();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["complaints", "vip", "ack orders", "sales only"]);
    assert_eq!(v[2]["stop"], true);
    assert_eq!(v[0]["stop"], false);
    // No rules: an empty list is fine.
    let empty = Lab::new(TWO_QUEUES, &[], false);
    assert_eq!(
        empty.run(&["rules", "list", "--format", "json"]).json(),
        json!([])
    );
}

#[test]
fn rule_config_errors_name_file_line_and_rule() {
    let lab = Lab::new(TWO_QUEUES, &[], false);
    let base = format!("{HEAD}{TWO_QUEUES}");
    let path = lab.env.config_path();
    let shown = path.to_str().unwrap();
    // The [[rule]] table that is wrong starts on this line of the file.
    let line = base.lines().count() + 7;
    let good =
        "\n[[rule]]\nname = \"fine\"\nif = { subject = \"a\" }\nthen = { tags = [\"a\"] }\n\n";
    let cases = [
        (
            "then = { category = \"Complaint\" }",
            "rule \"bad one\": unknown category \"Complaint\" (known: Service, Complaints, Leads) in then.category",
        ),
        (
            "then = { auto_reply = \"thanks\" }",
            "rule \"bad one\": unknown template \"thanks\" (known: ack, order-ack) in then.auto_reply",
        ),
        (
            "then = { assignee = \"zdenek\" }",
            "rule \"bad one\": unknown operator \"zdenek\" (known: jana, petr) in then.assignee",
        ),
        (
            "then = { queue = \"billing\" }",
            "rule \"bad one\": unknown queue \"billing\" (known: support, sales) in then.queue",
        ),
        (
            "if = { subject = \"reklamace(\", match = \"regex\" }\nthen = { tags = [\"x\"] }",
            "rule \"bad one\": bad regex \"reklamace(\": unclosed group in if.subject",
        ),
        (
            "if = { subjekt = \"x\" }\nthen = { tags = [\"x\"] }",
            "rule \"bad one\": unknown field `subjekt`",
        ),
    ];
    for (body, want) in cases {
        lab.env.write_config(&format!(
            "{base}{good}[[rule]]\nname = \"bad one\"\n{body}\n"
        ));
        // Reported at load, by any command, before any mail arrives.
        for cmd in [&["list"][..], &["sync"], &["rules", "list"]] {
            let r = lab.run(cmd);
            let err = r.fails(2);
            assert!(
                err.starts_with(&format!("hd: error: config {shown}:{line}: {want}")),
                "{cmd:?}: {err}"
            );
        }
    }
    assert!(!lab.env.db_path().exists());
}

// ---------------------------------------------------------------- distribution

fn one_queue(distribution: &str, operators: &[(&str, &str)]) -> String {
    let mut s = format!(
        "\n[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"support@example.com\"\ndistribution = \"{distribution}\"\n"
    );
    for (name, extra) in operators {
        s.push_str(&format!(
            "\n[[operator]]\nname = \"{name}\"\nemail = \"{name}@example.com\"\nqueues = [\"support\"]\n{extra}\n"
        ));
    }
    s
}

/// Who got each ticket, in ticket order.
fn assigned_in_order(lab: &Lab) -> Vec<String> {
    lab.assignees().into_values().collect()
}

fn round_robin_case(lab: &Lab) {
    for i in 0..16 {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), &format!("Dotaz {i}")), i);
    }
    lab.sync();
    assert_eq!(
        assigned_in_order(lab)[..6],
        ["jana", "petr", "eva", "jana", "petr", "eva"]
    );
    // Rotation state lives in the database: the next sync carries on from it.
    for i in 16..30 {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), &format!("Dotaz {i}")), i);
    }
    lab.sync();
    assert_eq!(
        lab.loads(),
        loads(&[("jana", 10), ("petr", 10), ("eva", 10)])
    );
    assert_eq!(lab.tickets().len(), 30);
    let t = lab.show("REQ-000017");
    assert_eq!(t["assignee"], "petr");
    assert!(events(&t).contains(&("distribution".into(), "assignee: none → petr".into())));
}

#[test]
fn round_robin_thirty_tickets_ten_each() {
    let lab = Lab::new(
        &one_queue("round-robin", &[("jana", ""), ("petr", ""), ("eva", "")]),
        &[("inbox", "support")],
        false,
    );
    round_robin_case(&lab);
}

#[test]
fn round_robin_thirty_tickets_ten_each_maildir() {
    let lab = Lab::maildir(
        &one_queue("round-robin", &[("jana", ""), ("petr", ""), ("eva", "")]),
        &[("inbox", "support")],
        false,
    );
    round_robin_case(&lab);
}

/// Least loaded counts queued and open tickets; ties go to the least recently assigned.
fn least_loaded_case(lab: &Lab) {
    // Two tickets jana got by hand before the mail came.
    lab.env
        .new_ticket("phone 1", "p1@firma.cz", &["--assign", "jana"]);
    lab.env
        .new_ticket("phone 2", "p2@firma.cz", &["--assign", "jana"]);
    for i in 0..7 {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), &format!("Dotaz {i}")), i);
    }
    lab.sync();
    // Round robin would give jana 3 of the 7; least loaded evens the load out.
    assert_eq!(lab.loads(), loads(&[("jana", 3), ("petr", 3), ("eva", 3)]));
    assert_eq!(
        assigned_in_order(lab)[2..],
        ["petr", "eva", "petr", "eva", "jana", "petr", "eva"]
    );
    // A waiting ticket frees its slot: the next ticket goes to petr.
    lab.run(&["status", "REQ-000003", "waiting"]).ok();
    assert_eq!(lab.loads()["petr"], 2);
    lab.deliver(&mail("late@firma.cz", "Dotaz late"), 20);
    lab.sync();
    assert_eq!(lab.show("REQ-000010")["assignee"], "petr");
}

#[test]
fn least_loaded_evens_out_load() {
    let lab = Lab::new(
        &one_queue("least-loaded", &[("jana", ""), ("petr", ""), ("eva", "")]),
        &[("inbox", "support")],
        false,
    );
    least_loaded_case(&lab);
}

const PRIORITY_RULES: &str = r#"
[[rule]]
name = "high"
if = { subject = "high" }
then = { priority = "high" }
"#;

/// `max_open` caps what distribution hands out; tickets over capacity wait
/// unassigned and are handed out, highest priority then oldest, as slots free.
fn caps_case(lab: &Lab) {
    let subjects = [
        "t1", "t2", "t3", "t4", "t5", "t6", "t7 high", "t8", "t9 high",
    ];
    for (i, s) in subjects.iter().enumerate() {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), s), i as i64);
    }
    lab.sync();
    let want: Vec<&str> = vec!["jana", "petr", "eva", "jana", "petr", "-", "-", "-", "-"];
    assert_eq!(assigned_in_order(lab), want);
    assert_eq!(lab.loads(), loads(&[("jana", 2), ("petr", 2), ("eva", 1)]));
    assert_eq!(
        lab.ids(&["--view", "unassigned"]),
        ["REQ-000006", "REQ-000007", "REQ-000008", "REQ-000009"]
    );
    // Closing frees jana's slot: the oldest high-priority ticket goes to her.
    lab.run(&["status", "REQ-000001", "closed"]).ok();
    assert_eq!(lab.show("REQ-000007")["assignee"], "jana");
    // Waiting frees petr's: the other high-priority one.
    lab.run(&["status", "REQ-000002", "waiting"]).ok();
    assert_eq!(lab.show("REQ-000009")["assignee"], "petr");
    // Then the oldest normal one.
    lab.run(&["status", "REQ-000003", "closed"]).ok();
    assert_eq!(lab.show("REQ-000006")["assignee"], "eva");
    assert_eq!(lab.ids(&["--view", "unassigned"]), ["REQ-000008"]);
    assert_eq!(lab.loads(), loads(&[("jana", 2), ("petr", 2), ("eva", 1)]));
    // Nobody has room: a later sync leaves it alone...
    lab.sync();
    assert_eq!(lab.ids(&["--view", "unassigned"]), ["REQ-000008"]);
    // ...until a slot frees without any command: more room in the config.
    let text = std::fs::read_to_string(lab.env.config_path()).unwrap();
    lab.env
        .write_config(&text.replace("max_open = 1", "max_open = 2"));
    lab.sync();
    assert_eq!(lab.show("REQ-000008")["assignee"], "eva");
    assert_eq!(lab.ids(&["--view", "unassigned"]), Vec::<String>::new());
}

#[test]
fn max_open_caps_and_refill() {
    let lab = Lab::new(
        &format!(
            "{}{PRIORITY_RULES}",
            one_queue(
                "round-robin",
                &[
                    ("jana", "max_open = 2"),
                    ("petr", "max_open = 2"),
                    ("eva", "max_open = 1"),
                ],
            )
        ),
        &[("inbox", "support")],
        false,
    );
    caps_case(&lab);
}

/// One sync of more mail than a batch: the caps hold across batches, counting
/// a ticket the customer reopened and tickets a rule assigned.
#[test]
fn caps_hold_across_batches_with_reopened_and_rule_assigned_tickets() {
    let lab = Lab::new(
        &format!(
            "{}\n[[rule]]\nname = \"vip\"\nif = {{ subject = \"vip\" }}\nthen = {{ assignee = \"jana\" }}\n",
            one_queue(
                "round-robin",
                &[("jana", "max_open = 60"), ("petr", "max_open = 60")],
            )
        ),
        &[("inbox", "support")],
        false,
    );
    for i in 0..10 {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), &format!("Dotaz {i}")), i);
    }
    lab.sync();
    assert_eq!(lab.loads(), loads(&[("jana", 5), ("petr", 5)]));
    lab.run(&["status", "REQ-000001", "waiting"]).ok();
    assert_eq!(lab.loads()["jana"], 4);

    // Amid 150 more mails than the two operators have room for, the customer's
    // answer reopens jana's ticket and five VIP mails go to her by rule.
    for i in 0..150 {
        if i == 20 {
            lab.deliver(&mail("c0@firma.cz", "Re: [REQ-000001] Dotaz 0"), 100);
            for v in 0..5 {
                lab.deliver(
                    &mail(&format!("v{v}@firma.cz"), &format!("vip {v}")),
                    101 + v,
                );
            }
        }
        lab.deliver(
            &mail(&format!("b{i}@firma.cz"), &format!("Bulk {i}")),
            200 + i,
        );
    }
    lab.sync();
    assert_eq!(lab.show("REQ-000001")["status"], "open");
    assert_eq!(lab.loads(), loads(&[("jana", 60), ("petr", 60)]));
    // Of the 150, 105 found room: 60 - 4 - 1 - 5 for jana, 60 - 5 for petr.
    assert_eq!(lab.ids(&["--view", "unassigned"]).len(), 45);
    assert_eq!(lab.tickets().len(), 165);
}

fn away_back_case(lab: &Lab) {
    lab.run(&["init"]).ok();
    lab.run(&["operator", "away", "jana"]).ok();
    lab.run(&["--as", "eva", "operator", "away"]).ok();
    let list = lab.run(&["operator", "list", "--format", "json"]).json();
    let avail: Vec<(String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_string(),
                o["available"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        avail,
        [
            ("jana".to_string(), false),
            ("petr".to_string(), true),
            ("eva".to_string(), false)
        ]
    );
    for i in 0..5 {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), &format!("t{i}")), i);
    }
    lab.sync();
    // Only petr is available, and he takes two.
    assert_eq!(assigned_in_order(lab), ["petr", "petr", "-", "-", "-"]);
    // Coming back hands out what waits at once.
    lab.run(&["operator", "back", "jana"]).ok();
    assert_eq!(
        assigned_in_order(lab),
        ["petr", "petr", "jana", "jana", "-"]
    );
    lab.run(&["operator", "back", "eva"]).ok();
    assert_eq!(
        assigned_in_order(lab),
        ["petr", "petr", "jana", "jana", "eva"]
    );
    assert!(
        lab.run(&["operator", "away", "zdenek"])
            .fails(2)
            .contains("unknown operator \"zdenek\"")
    );
    assert!(lab.run(&["operator", "away"]).fails(2).contains("--as"));
}

#[test]
fn operator_away_and_back() {
    let lab = Lab::new(
        &one_queue(
            "round-robin",
            &[
                ("jana", "max_open = 2"),
                ("petr", "max_open = 2"),
                ("eva", "max_open = 2"),
            ],
        ),
        &[("inbox", "support")],
        false,
    );
    away_back_case(&lab);
}

const SKILLS: &str = r#"
[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "round-robin"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "round-robin"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support"]
categories = ["Complaints", "Billing"]

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support", "sales"]
categories = ["Service", "Billing"]

[[operator]]
name = "eva"
email = "eva@example.com"
queues = ["sales"]

[[category]]
name = "Billing"
operators = ["petr"]

[[rule]]
name = "complaints"
if = { subject = "reklamace" }
then = { category = "Complaints" }

[[rule]]
name = "service"
if = { subject = "servis" }
then = { category = "Service" }

[[rule]]
name = "leads"
if = { subject = "nabídka" }
then = { category = "Leads" }

[[rule]]
name = "billing"
if = { subject = "faktura" }
then = { category = "Billing" }
"#;

/// Operators get only tickets of their queues and of categories they handle.
fn skills_case(lab: &Lab) {
    let support = [
        "reklamace 1", // only jana handles Complaints
        "servis 1",    // only petr handles Service
        "reklamace 2",
        "dotaz 1", // no category: anyone of the queue (jana or petr, never eva)
        "dotaz 2",
        "dotaz 3",
        "nabídka 1", // Leads: nobody in support handles it
        "faktura 1", // Billing: jana has the skill, but the category names only petr
        "servis 2",
    ];
    for (i, s) in support.iter().enumerate() {
        lab.deliver(&mail(&format!("c{i}@firma.cz"), s), i as i64);
    }
    let sales = [
        "nabídka 2", // Leads: eva (no categories = any), not petr (Service only)
        "servis 3",  // Service in sales: petr or eva, by rotation
        "dotaz 4",
        "nabídka 3",
    ];
    for (i, s) in sales.iter().enumerate() {
        lab.deliver_to(1, &mail(&format!("s{i}@firma.cz"), s), 20 + i as i64);
    }
    lab.sync();
    let got = lab.assignees();
    let want: BTreeMap<String, String> = [
        ("REQ-000001", "jana"),
        ("REQ-000002", "petr"),
        ("REQ-000003", "jana"),
        // Round robin among those eligible: petr was assigned less recently.
        ("REQ-000004", "petr"),
        ("REQ-000005", "jana"),
        ("REQ-000006", "petr"),
        ("REQ-000007", "-"),
        ("REQ-000008", "petr"),
        ("REQ-000009", "petr"),
        ("SAL-000010", "eva"),
        // Service: petr (last assigned REQ-000009) before eva (SAL-000010).
        ("SAL-000011", "petr"),
        ("SAL-000012", "eva"),
        ("SAL-000013", "eva"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn category_skills_and_queue_rights() {
    let lab = Lab::new(
        SKILLS,
        &[("inbox", "support"), ("sales-inbox", "sales")],
        false,
    );
    skills_case(&lab);
}

#[test]
fn assign_auto_and_manual_assignment_over_the_cap() {
    let lab = Lab::new(
        &one_queue(
            "round-robin",
            &[("jana", "max_open = 1"), ("petr", "max_open = 1")],
        ),
        &[],
        false,
    );
    let new = |s: &str, extra: &[&str]| lab.env.new_ticket(s, "c@firma.cz", extra);
    // By hand, jana may go over her cap.
    let t1 = new("one", &["--assign", "jana"]);
    let t2 = new("two", &["--assign", "jana"]);
    assert_eq!(lab.loads(), loads(&[("jana", 2), ("petr", 0)]));
    // Distribution respects it: jana is full, petr takes one, then nobody.
    let t3 = new("three", &[]);
    let t4 = new("four", &[]);
    assert_eq!(lab.show(&t3)["assignee"], "petr");
    assert_eq!(lab.show(&t4)["assignee"], Value::Null);
    let r = lab.run(&["assign", &t4, "--auto"]);
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000004: no eligible operator has a free slot; left unassigned\n"
    );
    // Manual assignments count: closing one of jana's two leaves her full.
    lab.run(&["status", &t1, "closed"]).ok();
    assert_eq!(lab.show(&t4)["assignee"], Value::Null);
    lab.run(&["status", &t2, "closed"]).ok();
    assert_eq!(lab.show(&t4)["assignee"], "jana");
    assert_eq!(lab.loads(), loads(&[("jana", 1), ("petr", 1)]));

    // --auto hands a ticket to whoever distribution picks now.
    lab.run(&["status", &t3, "waiting"]).ok();
    let t5 = new("five", &["--assign", "jana"]);
    let r = lab.run(&["assign", &t5, "--auto"]);
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000005: assigned to petr (was jana) (by distribution)\n"
    );
    let ev = events(&lab.show(&t5));
    assert!(
        ev.contains(&("tester".into(), "assignee: jana → none".into())),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("distribution".into(), "assignee: none → petr".into())),
        "{ev:?}"
    );
    assert_eq!(lab.loads(), loads(&[("jana", 1), ("petr", 1)]));
}

// ---------------------------------------------------------------- auto-acknowledgement

const ACK_CONFIG: &str = r#"
[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
ack_template = "ack"
ack_limit_per_hour = 2

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support", "sales"]

[[rule]]
name = "ack orders"
if = { subject = "objednávka", automatic = false }
then = { auto_reply = "order-ack" }

[[rule]]
name = "robots"
if = { automatic = true }
then = { tags = ["robot"] }

[[rule]]
name = "spam"
if = { header = "X-Spam-Flag: YES" }
then = { delete = true }
"#;

/// One acknowledgement to a person who opens a ticket; never to a machine,
/// never to ourselves, never twice for one conversation.
fn ack_case(lab: &Lab) {
    // The first sync of an empty mailbox is its import; what arrives later is new.
    lab.sync();
    let human = mail("alice@firma.cz", "Nefunguje tiskárna").name("Alice Malá");
    lab.deliver(&human, 0);
    let robots = [
        mail("bob@firma.cz", "Automatic reply: Nefunguje tiskárna")
            .header("Auto-Submitted", "auto-replied"),
        mail("bob@firma.cz", "Out of office").header("X-Autoreply", "yes"),
        mail("news@shop.cz", "Akce týdne").header("Precedence", "bulk"),
        mail("someone@lists.example.org", "[list] Objednávka")
            .header("List-Id", "<users.lists.example.org>"),
        bounce(),
        mail("postmaster@firma.cz", "Delivery failure"),
        mail("no-reply@shop.cz", "Objednávka potvrzena"),
        mail("Support@Example.com", "Loop from ourselves"),
        mail("sales@example.com", "Objednávka from ourselves"),
    ];
    for (i, m) in robots.iter().enumerate() {
        lab.deliver(m, 1 + i as i64);
    }
    // A reply on alice's ticket is part of the conversation: no second ack.
    lab.deliver(
        &mail("alice@firma.cz", "Re: [REQ-000001] Nefunguje tiskárna"),
        20,
    );
    // A rule's auto_reply replaces the queue's template.
    lab.deliver(&mail("carol@firma.cz", "Objednávka 55"), 21);
    // Deleted by a rule: never acknowledged.
    lab.deliver(
        &mail("dave@firma.cz", "Win").header("X-Spam-Flag", "YES"),
        22,
    );
    // The sales queue has no ack template.
    lab.deliver_to(1, &mail("erin@firma.cz", "Dotaz na cenu"), 23);
    lab.sync();

    let all = lab.tickets();
    assert_eq!(all.len(), 1 + robots.len() + 1 + 1);
    for t in &all[1..1 + robots.len()] {
        let n = t["number"].as_str().unwrap();
        if n != "REQ-000009" && n != "REQ-000010" {
            assert_eq!(tags(t), strs(&["robot"]), "{n} is automatic");
        }
    }

    // `automatic = false` keeps the order rule off list mail and no-reply senders.
    assert_eq!(lab.show("REQ-000005")["rules"], json!(["robots"]));
    assert_eq!(lab.show("REQ-000008")["rules"], json!(["robots"]));
    // Our own address is no robot, but is never answered either.
    assert_eq!(lab.show("REQ-000010")["rules"], json!(["ack orders"]));

    let sent = lab.sent();
    let to: Vec<String> = sent
        .iter()
        .map(|m| header_of(m, "To").unwrap_or_default())
        .collect();
    assert_eq!(to, ["alice@firma.cz", "carol@firma.cz"], "{sent:#?}");
    assert_eq!(
        lab.rcpts(),
        [
            vec!["alice@firma.cz".to_string()],
            vec!["carol@firma.cz".to_string()]
        ]
    );
    let ack = &sent[0];
    assert_eq!(
        header_of(ack, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    assert_eq!(
        header_of(ack, "X-Auto-Response-Suppress").as_deref(),
        Some("All")
    );
    assert!(
        header_of(ack, "From")
            .unwrap()
            .contains("support@example.com")
    );
    assert!(
        header_of(ack, "Subject").unwrap().contains("REQ-000001"),
        "{ack}"
    );
    let order = &sent[1];
    assert_eq!(
        header_of(order, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    assert_eq!(
        header_of(order, "X-Auto-Response-Suppress").as_deref(),
        Some("All")
    );

    // Recorded on the ticket as an outgoing mail, sent; not a first response.
    let t = lab.show("REQ-000001");
    let out: Vec<&Value> = t["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["direction"] == "out")
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["email_state"], "sent");
    assert_eq!(
        out[0]["text"],
        "Dobrý den, váš požadavek má číslo REQ-000001."
    );
    assert_eq!(t["first_response_at"], Value::Null);
    assert_eq!(t["interactions"].as_array().unwrap().len(), 3);
    let o = lab.show("REQ-000011");
    let out: Vec<&Value> = o["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["direction"] == "out")
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["text"], "Děkujeme za objednávku, REQ-000011.");
    let spam = lab.run(&["show", "REQ-000012", "--format", "json"]).json();
    assert_eq!(spam["deleted"], true);
    assert_eq!(spam["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(o["rules"], json!(["ack orders"]));

    // Nothing more on the next sync.
    lab.sync();
    assert_eq!(lab.sent().len(), 2);
    assert_eq!(lab.run(&["outbox", "--format", "json"]).json(), json!([]));
}

#[test]
fn auto_ack_only_to_people() {
    let lab = Lab::new(
        ACK_CONFIG,
        &[("inbox", "support"), ("sales-inbox", "sales")],
        true,
    );
    ack_case(&lab);
}

/// At most `ack_limit_per_hour` acknowledgements to one contact in any hour,
/// counted by when they were queued: each message is synced a minute after it arrives.
fn rate_limit_case(lab: &mut Lab) {
    lab.sync();
    // Minute of arrival and sender; eve, another contact, has a limit of her own.
    let arrivals = [
        (0, "dan@firma.cz"),
        (10, "dan@firma.cz"),
        (20, "Dan@Firma.CZ"),
        (25, "eve@firma.cz"),
        (30, "dan@firma.cz"),
        (65, "dan@firma.cz"),
        (66, "dan@firma.cz"),
        (71, "dan@firma.cz"),
    ];
    for (i, (at, from)) in arrivals.iter().enumerate() {
        lab.deliver(&mail(from, &format!("Problém {i}")), *at);
        let queued = chrono::DateTime::from_timestamp(T0 + (at + 1) * 60, 0).unwrap();
        lab.env.now = queued.to_rfc3339();
        lab.sync();
    }
    let sent = lab.sent();
    let subjects: Vec<String> = sent
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                header_of(m, "To").unwrap(),
                header_of(m, "Subject").unwrap()
            )
        })
        .collect();
    // Each of dan's gets an ack only if he had fewer than 2 in the hour before.
    let acked: Vec<&str> = vec!["REQ-000001", "REQ-000002", "REQ-000006", "REQ-000008"];
    assert_eq!(sent.len(), 5, "{subjects:#?}");
    for n in acked {
        assert!(
            subjects
                .iter()
                .any(|s| s.starts_with("dan@firma.cz") && s.contains(n)),
            "{n} not acknowledged: {subjects:#?}"
        );
    }
    assert!(subjects.iter().any(|s| s.starts_with("eve@firma.cz")));
    for n in ["REQ-000003", "REQ-000005", "REQ-000007"] {
        let t = lab.show(n);
        assert!(
            !t["interactions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["direction"] == "out"),
            "{n} was acknowledged"
        );
        assert!(
            events(&t).contains(&(
                "sync".into(),
                "auto_reply_skipped: rate limit for dan@firma.cz".into()
            )),
            "{n}: {:?}",
            events(&t)
        );
    }
}

#[test]
fn auto_ack_rate_limited_per_contact() {
    let mut lab = Lab::new(ACK_CONFIG, &[("inbox", "support")], true);
    rate_limit_case(&mut lab);
}

#[test]
fn assign_auto_in_a_manual_queue_picks_round_robin() {
    let lab = Lab::new(TWO_QUEUES, &[], false);
    let a = lab.env.new_ticket("a", "c@firma.cz", &[]);
    let b = lab.env.new_ticket("b", "c@firma.cz", &[]);
    // A manual queue hands out nothing by itself...
    assert_eq!(lab.ids(&["assignee:none"]), [a.clone(), b.clone()]);
    // ...but an explicit --auto asks distribution to pick, in rotation.
    let r = lab.run(&["assign", &a, "--auto"]);
    r.ok();
    assert_eq!(r.stderr, "REQ-000001: assigned to jana (by distribution)\n");
    let r = lab.run(&["assign", &b, "--auto"]);
    r.ok();
    assert_eq!(r.stderr, "REQ-000002: assigned to petr (by distribution)\n");
    assert_eq!(lab.loads(), loads(&[("jana", 1), ("petr", 1)]));
}

#[test]
fn operators_get_tickets_only_in_their_working_hours() {
    let mut lab = Lab::new(
        &format!(
            "{}\n[calendar.business]\nhours = {{ mon-fri = \"08:00-17:00\" }}\n",
            one_queue(
                "round-robin",
                &[
                    ("jana", "calendar = \"business\""),
                    ("petr", "max_open = 1")
                ],
            )
        ),
        &[("inbox", "support")],
        false,
    );
    // 07:30 in Prague: jana is not on duty yet.
    lab.env.now = "2026-11-23T07:30:00+01:00".into();
    let a = lab.env.new_ticket("early one", "c@firma.cz", &[]);
    let b = lab.env.new_ticket("early two", "c@firma.cz", &[]);
    assert_eq!(lab.show(&a)["assignee"], "petr");
    assert_eq!(lab.show(&b)["assignee"], Value::Null);
    // Every sync hands out what waits; at 08:30 jana is on duty.
    lab.env.now = "2026-11-23T08:30:00+01:00".into();
    lab.sync();
    assert_eq!(lab.show(&b)["assignee"], "jana");
}
