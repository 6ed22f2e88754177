//! `hd reply`, `hd outbox`, `hd templates` and satisfaction, through the real
//! binary against a real SMTP server (aiosmtpd) and, for the customer's side
//! of the conversation, a real Dovecot synced with `hd sync`.
//!
//! hd hands a message to SMTP before it exits, so what the server saved right
//! after a command is exactly what that command sent.

use chrono::DateTime;
use mail_parser::{Message, MessageParser, MimeHeaders};
use serde_json::{Value, json};

use crate::support::servers::{Dovecot, Smtp};
use crate::support::{Run, TestEnv};

// ---------------------------------------------------------------- setup

/// Queues, an operator and the templates every test shares.
const CONFIG: &str = r#"
[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
csat_template = "rating"

[[queue]]
name = "sales"
prefix = "SAL"
address = "obchod@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support", "sales"]

[template.answer]
body = """Dobrý den {{ contact.name }},

k požadavku {{ ticket.number }} ({{ ticket.subject }}): reklamaci jsme přijali.
Příliš žluťoučký kůň úpěl ďábelské ódy.

S pozdravem
{{ operator.name }}, {{ queue.name }}"""

[template.tagged]
subject = "Re: {{ ticket.subject }} [{{ ticket.number }}]"
body = "Hello {{ contact.email }}"

[template.rating]
subject = "Jak jsme si vedli?"
body = "Ohodnoťte nás prosím číslem 1 až 5."
"#;

/// What the `answer` template renders for Jiří Novák's ticket REQ-000001.
const ANSWER_BODY: &str = "Dobrý den Jiří Novák,\n\nk požadavku REQ-000001 (Rozbitá žehlička): reklamaci jsme přijali.\nPříliš žluťoučký kůň úpěl ďábelské ódy.\n\nS pozdravem\njana, support";

/// The customer of most tests.
const CUSTOMER: &str = "jiri@zakaznik.cz";

/// How a desk is set up.
#[derive(Default, Clone, Copy)]
struct Opts<'a> {
    /// Top-level config keys (before any table).
    top: &'a str,
    /// More config tables.
    extra: &'a str,
    /// A Dovecot mailbox feeding the support queue.
    imap: bool,
    /// Credentials the SMTP server requires.
    server_auth: Option<(&'a str, &'a str)>,
    /// Credentials hd logs in with.
    login: Option<(&'a str, &'a str)>,
}

/// A helpdesk with a real SMTP server, and a real Dovecot when asked.
struct Desk {
    env: TestEnv,
    smtp: Smtp,
    imap: Option<Dovecot>,
    top: String,
    extra: String,
}

impl Desk {
    fn new() -> Desk {
        Desk::with(Opts::default())
    }

    fn with_imap() -> Desk {
        Desk::with(Opts {
            imap: true,
            ..Opts::default()
        })
    }

    fn with(o: Opts<'_>) -> Desk {
        let smtp = Smtp::start(o.server_auth);
        let imap = o.imap.then(Dovecot::start);
        let mut env = TestEnv::with_config("");
        env.operator = Some("jana".to_string());
        let desk = Desk {
            env,
            smtp,
            imap,
            top: o.top.to_string(),
            extra: o.extra.to_string(),
        };
        desk.write_config(o.login);
        desk
    }

    /// (Re)writes the config, logging in to SMTP with `login`.
    fn write_config(&self, login: Option<(&str, &str)>) {
        let mut text = format!(
            "timezone = \"Europe/Prague\"\n{}\n{CONFIG}\n{}\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
            self.top,
            self.extra,
            self.smtp.port()
        );
        if let Some((user, password)) = login {
            text.push_str(&format!("user = \"{user}\"\npassword = \"{password}\"\n"));
        }
        if let Some(d) = &self.imap {
            text.push_str(&format!(
                "\n[[mailbox]]\nname = \"support-inbox\"\nqueue = \"support\"\n\
                 imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"alice\", password = \"secret\", folder = \"INBOX\" }}\n",
                d.plain_port()
            ));
        }
        self.env.write_config(&text);
    }

    fn run(&self, args: &[&str]) -> Run {
        self.env.run(args)
    }

    /// Runs hd with extra environment variables.
    fn run_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut c = self.env.cmd(args);
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.output().expect("run hd");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// A command that must succeed with nothing on stdout and nothing on stderr
    /// but its confirmation lines (`REQ-000001: ...`).
    #[track_caller]
    fn quiet(&self, args: &[&str]) {
        let r = self.run(args);
        r.ok();
        assert_eq!(r.stdout, "", "stdout of {args:?}");
        for line in r.stderr.lines() {
            let (number, what) = line.split_once(": ").unwrap_or_default();
            assert!(
                number.len() == 10 && number.as_bytes()[3] == b'-' && !what.is_empty(),
                "stderr of {args:?} is not confirmations:\n{}",
                r.stderr
            );
        }
    }

    fn show(&self, t: &str) -> Value {
        self.run(&["show", t, "--format", "json"]).json()
    }

    /// `hd outbox --format json` (with `--all`: sent mail too).
    fn outbox(&self, all: bool) -> Vec<Value> {
        let mut args = vec!["outbox", "--format", "json"];
        if all {
            args.push("--all");
        }
        self.run(&args).json().as_array().unwrap().clone()
    }

    /// What the SMTP server received so far.
    fn sent(&self) -> Vec<Vec<u8>> {
        self.smtp.messages()
    }

    /// Puts a customer's message in the support mailbox, received at `at`.
    fn customer_mail(&self, raw: &[u8], at: &str) {
        let dovecot = self.imap.as_ref().expect("a desk with Dovecot");
        dovecot.append(
            "alice",
            "INBOX",
            raw,
            Some(DateTime::parse_from_rfc3339(at).unwrap()),
        );
    }

    /// `hd sync`, which must succeed silently.
    #[track_caller]
    fn sync(&self) {
        self.quiet(&["sync"]);
    }

    /// Jiří Novák's first message (answering an older mail of his, `<c0@zakaznik.cz>`),
    /// synced into REQ-000001.
    fn first_ticket(&self) {
        self.customer_mail(
            &inbound(
                "c1@zakaznik.cz",
                "Rozbitá žehlička",
                &[
                    ("In-Reply-To", "<c0@zakaznik.cz>"),
                    ("References", "<c0@zakaznik.cz>"),
                ],
                "Dobrý den,\nžehlička nehřeje.\n",
            ),
            "2026-11-23T08:10:00+01:00",
        );
        self.sync();
        let t = self.show("1");
        assert_eq!(t["number"], "REQ-000001");
        assert_eq!(t["contact"], CUSTOMER);
        assert_eq!(t["subject"], "Rozbitá žehlička");
    }
}

// ---------------------------------------------------------------- mail

/// RFC 2047 Q-encoding for a header value with non-ASCII text.
fn q_encode(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in s.bytes() {
        match b {
            b' ' => out.push('_'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => out.push(b as char),
            _ => out.push_str(&format!("={b:02X}")),
        }
    }
    out.push_str("?=");
    out
}

/// A message from Jiří Novák to the support address.
fn inbound(message_id: &str, subject: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut s = format!(
        "Message-ID: <{message_id}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0100\r\n\
         From: {} <{CUSTOMER}>\r\nTo: support@example.com\r\nSubject: {}\r\n",
        q_encode("Jiří Novák"),
        q_encode(subject)
    );
    for (n, v) in headers {
        s.push_str(&format!("{n}: {v}\r\n"));
    }
    s.push_str(
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    s.push_str(&body.replace('\n', "\r\n"));
    s.into_bytes()
}

fn parse(raw: &[u8]) -> Message<'_> {
    MessageParser::default()
        .parse(raw)
        .unwrap_or_else(|| panic!("unparsable message:\n{}", String::from_utf8_lossy(raw)))
}

/// The header section, unfolded, as (name, value) pairs in order; also checks
/// that the whole message is 7-bit ASCII with CRLF line ends only.
fn headers(raw: &[u8]) -> Vec<(String, String)> {
    assert!(
        raw.iter().all(|b| *b < 0x80),
        "not 7-bit clean:\n{}",
        String::from_utf8_lossy(raw)
    );
    for (i, b) in raw.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && raw[i - 1] == b'\r', "bare LF at byte {i}");
        }
    }
    let text = std::str::from_utf8(raw).unwrap();
    let (head, _) = text.split_once("\r\n\r\n").expect("a header section");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            out.last_mut()
                .expect("a folded first line")
                .1
                .push_str(line);
        } else {
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("not a header line: {line:?}"));
            out.push((name.to_string(), value.trim_start().to_string()));
        }
    }
    out
}

/// Header names, sorted.
fn header_names(raw: &[u8]) -> Vec<String> {
    let mut names: Vec<String> = headers(raw).into_iter().map(|(n, _)| n).collect();
    names.sort();
    names
}

/// The one raw (unfolded, undecoded) value of a header.
fn raw_header(raw: &[u8], name: &str) -> String {
    let found: Vec<String> = headers(raw)
        .into_iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(found.len(), 1, "{name} headers: {found:?}");
    found[0].clone()
}

fn from_addr(m: &Message<'_>) -> String {
    m.from()
        .unwrap()
        .first()
        .unwrap()
        .address()
        .unwrap()
        .to_string()
}

fn to_addrs(m: &Message<'_>) -> Vec<String> {
    m.to()
        .map(|a| a.iter().map(|x| x.address().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn cc_addrs(m: &Message<'_>) -> Vec<String> {
    m.cc()
        .map(|a| a.iter().map(|x| x.address().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn references(m: &Message<'_>) -> Vec<String> {
    m.references()
        .as_text_list()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .or_else(|| m.references().as_text().map(|s| vec![s.to_string()]))
        .unwrap_or_default()
}

/// The text/plain body as written, with CRLF line ends: the decoded bytes, minus
/// the line break that ends the last line of a single-part 7bit or
/// quoted-printable message (base64, and a part before a boundary, carry the
/// text exactly).
fn body(m: &Message<'_>) -> String {
    let part = m.text_part(0).expect("a text part");
    let text = String::from_utf8(part.contents().to_vec()).unwrap();
    let encoding = part
        .content_transfer_encoding()
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    let multipart = m
        .root_part()
        .content_type()
        .is_some_and(|c| c.ctype().eq_ignore_ascii_case("multipart"));
    if encoding == "base64" || multipart {
        return text;
    }
    match text.strip_suffix("\r\n") {
        Some(t) => t.to_string(),
        None => panic!("a {encoding} body must end with CRLF: {text:?}"),
    }
}

/// A body as it travels: CRLF line ends.
fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

/// Our Message-ID for a ticket: `hd.REQ-000001.<unique>@example.com`.
#[track_caller]
fn assert_our_id(id: &str, number: &str, domain: &str) {
    let re = regex::Regex::new(&format!(
        r"^hd\.{}\.[A-Za-z0-9.]+@{}$",
        regex::escape(number),
        regex::escape(domain)
    ))
    .unwrap();
    assert!(
        re.is_match(id),
        "Message-ID {id:?} does not encode {number}"
    );
}

/// The raw bytes the outbox stored for each message, in order (read-only).
fn stored_raw(env: &TestEnv) -> Vec<Vec<u8>> {
    let conn = env.db();
    let mut st = conn.prepare("SELECT raw FROM outbox ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn interactions(show: &Value) -> Vec<Value> {
    show["interactions"].as_array().unwrap().clone()
}

fn events(show: &Value) -> Vec<String> {
    show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap().to_string())
        .collect()
}

const OUTBOX_KEYS: [&str; 8] = [
    "attempts",
    "created",
    "id",
    "last_error",
    "state",
    "subject",
    "ticket",
    "to",
];

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

// ---------------------------------------------------------------- replies

#[test]
fn reply_with_template_is_delivered_once_threaded_and_encoded() {
    let desk = Desk::with_imap();
    desk.first_ticket();
    desk.quiet(&["reply", "1", "--template", "answer"]);

    let sent = desk.sent();
    assert_eq!(sent.len(), 1, "one reply, one message");
    let raw = &sent[0];
    // The server got exactly the bytes the outbox stored, nothing added.
    assert!(
        stored_raw(&desk.env) == sent,
        "sent:\n{}\nstored:\n{:?}",
        String::from_utf8_lossy(raw),
        stored_raw(&desk.env)
            .iter()
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        header_names(raw),
        [
            "Content-Transfer-Encoding",
            "Content-Type",
            "Date",
            "From",
            "In-Reply-To",
            "MIME-Version",
            "Message-ID",
            "References",
            "Subject",
            "To"
        ]
    );
    let m = parse(raw);
    assert_eq!(from_addr(&m), "support@example.com");
    assert_eq!(to_addrs(&m), [CUSTOMER]);
    assert_eq!(m.subject(), Some("Re: Rozbitá žehlička [REQ-000001]"));
    // The Czech subject travels RFC 2047-encoded, the tag stays readable.
    let subject = raw_header(raw, "Subject");
    assert!(subject.contains("=?utf-8?"), "{subject}");
    assert!(subject.ends_with("[REQ-000001]"), "{subject}");
    let mid = m.message_id().unwrap().to_string();
    assert_our_id(&mid, "REQ-000001", "example.com");
    assert_eq!(m.in_reply_to().as_text(), Some("c1@zakaznik.cz"));
    assert_eq!(references(&m), ["c0@zakaznik.cz", "c1@zakaznik.cz"]);
    assert_eq!(raw_header(raw, "Content-Type"), "text/plain; charset=utf-8");
    assert_eq!(body(&m), crlf(ANSWER_BODY));
    assert!(raw_header(raw, "Date").starts_with("Mon, 23 Nov 2026 08:00:00"));
    // The envelope: from the queue, to the contact only.
    let env = &desk.smtp.envelopes()[0];
    assert_eq!(env.mail_from, "support@example.com");
    assert_eq!(env.rcpt_tos, [CUSTOMER]);

    // Recorded as an outgoing, sent interaction; the ticket waits on the customer.
    let t = desk.show("1");
    assert_eq!(t["status"], "waiting");
    let ints = interactions(&t);
    assert_eq!(ints.len(), 2);
    let out = &ints[1];
    assert_eq!(out["direction"], "out");
    assert_eq!(out["email_state"], "sent");
    assert_eq!(out["internal"], false);
    assert_eq!(out["operator"], "jana");
    assert_eq!(out["subject"], "Re: Rozbitá žehlička [REQ-000001]");
    assert_eq!(out["text"], ANSWER_BODY);
    assert!(events(&t).contains(&"first_response".to_string()));

    // Nothing is left in the outbox; with --all the sent message shows once.
    assert_eq!(desk.outbox(false), Vec::<Value>::new());
    let all = desk.outbox(true);
    assert_eq!(all.len(), 1);
    assert_eq!(keys(&all[0]), OUTBOX_KEYS);
    assert_eq!(all[0]["state"], "sent");
    assert_eq!(all[0]["attempts"], 1);
    assert_eq!(all[0]["ticket"], "REQ-000001");
    assert_eq!(all[0]["to"], CUSTOMER);

    // A retry and a sync send nothing more.
    desk.run(&["outbox", "--retry"]).ok();
    desk.sync();
    assert_eq!(desk.sent().len(), 1);
}

#[test]
fn replying_twice_never_doubles_re_or_the_tag() {
    let desk = Desk::new();
    assert_eq!(desk.env.new_ticket("Faktura", CUSTOMER, &[]), "REQ-000001");
    assert_eq!(
        desk.env
            .new_ticket("RE: Fwd: Re: Faktura [REQ-000002]", CUSTOMER, &[]),
        "REQ-000002"
    );
    desk.quiet(&["reply", "1", "-m", "první"]);
    desk.quiet(&["reply", "1", "-m", "druhá"]);
    desk.quiet(&["reply", "REQ-000001", "--template", "tagged"]);
    desk.quiet(&["reply", "#2", "-m", "třetí"]);
    assert_eq!(
        desk.env
            .new_ticket("Nabídka", "nakup@firma.cz", &["--queue", "sales"]),
        "SAL-000003"
    );
    desk.quiet(&["reply", "SAL-3", "-m", "Posíláme nabídku."]);
    let sales = parse(&desk.sent()[4]).into_owned();
    assert_eq!(from_addr(&sales), "obchod@example.com");
    assert_eq!(to_addrs(&sales), ["nakup@firma.cz"]);
    assert_eq!(sales.subject(), Some("Re: Nabídka [SAL-000003]"));
    assert_our_id(sales.message_id().unwrap(), "SAL-000003", "example.com");
    assert_eq!(desk.smtp.envelopes()[4].mail_from, "obchod@example.com");
    let subjects: Vec<String> = desk
        .sent()
        .iter()
        .map(|r| parse(r).subject().unwrap().to_string())
        .take(4)
        .collect();
    assert_eq!(
        subjects,
        [
            "Re: Faktura [REQ-000001]",
            "Re: Faktura [REQ-000001]",
            "Re: Faktura [REQ-000001]",
            "Re: Faktura [REQ-000002]",
        ]
    );
    // Every reply has its own Message-ID encoding its ticket.
    let ids: Vec<String> = desk
        .sent()
        .iter()
        .map(|r| parse(r).message_id().unwrap().to_string())
        .take(4)
        .collect();
    for (id, n) in ids.iter().zip(["1", "1", "1", "2"]) {
        assert_our_id(id, &format!("REQ-00000{n}"), "example.com");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{ids:?}");
    // A ticket made by hand has no customer Message-ID to answer.
    let first = parse(&desk.sent()[0])
        .in_reply_to()
        .as_text()
        .map(str::to_string);
    assert_eq!(first, None);
    assert_eq!(body(&parse(&desk.sent()[2])), format!("Hello {CUSTOMER}"));
}

#[test]
fn then_sets_the_status_and_text_comes_from_m_file_or_stdin() {
    let desk = Desk::new();
    for s in ["a", "b", "c", "d"] {
        desk.env.new_ticket(s, CUSTOMER, &[]);
    }
    desk.quiet(&["reply", "1", "-m", "výchozí"]);
    desk.quiet(&["reply", "2", "-m", "zavřeno", "--then", "closed"]);
    std::fs::write(desk.env.path().join("text.txt"), "ze souboru\n").unwrap();
    desk.quiet(&["reply", "3", "--file", "text.txt", "--then", "open"]);
    let r = desk
        .env
        .run_stdin(&["reply", "4", "-", "--then", "waiting"], "ze stdin\n");
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000004: waiting (was queued); reply queued to jiri@zakaznik.cz\n"
    );
    let status: Vec<String> = (1..=4)
        .map(|n| {
            desk.show(&n.to_string())["status"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(status, ["waiting", "closed", "open", "waiting"]);
    let bodies: Vec<String> = desk.sent().iter().map(|r| body(&parse(r))).collect();
    // Ticket 2's close also sends the queue's rating request, after the reply.
    assert_eq!(
        bodies,
        [
            "výchozí",
            "zavřeno",
            "Ohodnoťte nás prosím číslem 1 až 5.",
            "ze souboru\r\n",
            "ze stdin\r\n"
        ]
    );
    // No text at all opens the editor; with none and no terminal: exit 3, nothing sent.
    let r = desk.run(&["reply", "1"]);
    assert!(r.fails(3).contains("EDITOR"), "{}", r.stderr);
    assert_eq!(desk.sent().len(), 5);
}

#[test]
fn cc_and_attachments_arrive_with_their_bytes() {
    let desk = Desk::new();
    desk.env.new_ticket("Smlouva", CUSTOMER, &[]);
    let pdf: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    std::fs::write(desk.env.path().join("smlouva.pdf"), &pdf).unwrap();
    let note = "Příloha: žluťoučký kůň\n".as_bytes();
    std::fs::write(desk.env.path().join("poznámka.txt"), note).unwrap();
    desk.quiet(&[
        "reply",
        "1",
        "-m",
        "V příloze smlouva.",
        "--cc",
        "sef@zakaznik.cz,ucetni@zakaznik.cz",
        "--attach",
        "smlouva.pdf",
        "poznámka.txt",
    ]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 1);
    let raw = &sent[0];
    let m = parse(raw);
    assert_eq!(to_addrs(&m), [CUSTOMER]);
    assert_eq!(cc_addrs(&m), ["sef@zakaznik.cz", "ucetni@zakaznik.cz"]);
    assert!(
        raw_header(raw, "Content-Type").starts_with("multipart/mixed;"),
        "{}",
        raw_header(raw, "Content-Type")
    );
    assert_eq!(body(&m), "V příloze smlouva.");
    let atts: Vec<(String, String, Vec<u8>)> = m
        .attachments()
        .map(|p| {
            let ct = p.content_type().unwrap();
            (
                p.attachment_name().unwrap().to_string(),
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap()),
                p.contents().to_vec(),
            )
        })
        .collect();
    assert_eq!(
        atts,
        [
            (
                "smlouva.pdf".to_string(),
                "application/pdf".to_string(),
                pdf
            ),
            (
                "poznámka.txt".to_string(),
                "text/plain".to_string(),
                note.to_vec()
            ),
        ]
    );
    // Everyone in To and Cc is a recipient; nobody else.
    assert_eq!(
        desk.smtp.envelopes()[0].rcpt_tos,
        [CUSTOMER, "sef@zakaznik.cz", "ucetni@zakaznik.cz"]
    );
    let t = desk.show("1");
    assert_eq!(interactions(&t)[1]["attachments"], 2);
    assert_eq!(interactions(&t)[1]["email_state"], "sent");
    // A missing file is an error before anything is stored or sent.
    let r = desk.run(&["reply", "1", "-m", "x", "--attach", "chybí.pdf"]);
    assert!(r.fails(2).contains("chybí.pdf"), "{}", r.stderr);
    assert_eq!(interactions(&desk.show("1")).len(), 2);
    assert_eq!(desk.sent().len(), 1);
    // A copy with a display name: named in the header, bare in the envelope.
    desk.quiet(&[
        "reply",
        "1",
        "-m",
        "Na vědomí.",
        "--cc",
        "Jana Nováková <jana@zakaznik.cz>",
    ]);
    let sent = desk.sent();
    let m = parse(&sent[1]);
    let named: Vec<(Option<&str>, Option<&str>)> = m
        .cc()
        .unwrap()
        .iter()
        .map(|a| (a.name(), a.address()))
        .collect();
    assert_eq!(named, [(Some("Jana Nováková"), Some("jana@zakaznik.cz"))]);
    assert_eq!(
        desk.smtp.envelopes()[1].rcpt_tos,
        [CUSTOMER, "jana@zakaznik.cz"]
    );
    for bad in ["Jana <no address>", "jana", "a@b.cz b@c.cz"] {
        let r = desk.run(&["reply", "1", "-m", "x", "--cc", bad]);
        assert!(r.fails(2).contains("not an email address"), "{}", r.stderr);
    }
    assert_eq!(desk.sent().len(), 2);
}

// ---------------------------------------------------------------- the outbox

#[test]
fn smtp_down_exits_75_and_retry_delivers_exactly_once() {
    let desk = Desk::new();
    desk.env.new_ticket("Výpadek", CUSTOMER, &[]);
    desk.smtp.stop();
    let r = desk.run(&["reply", "1", "-m", "Zkusíme to znovu."]);
    let err = r.fails(75);
    assert!(
        err.lines()
            .next()
            .unwrap()
            .contains("SMTP server unavailable"),
        "{err}"
    );
    assert!(
        err.contains("outbox --retry"),
        "a hint names the retry: {err}"
    );

    // The reply is safe in the outbox, failed, with the server's answer.
    let ob = desk.outbox(false);
    assert_eq!(ob.len(), 1, "{ob:?}");
    let row = &ob[0];
    assert_eq!(keys(row), OUTBOX_KEYS);
    assert_eq!(row["ticket"], "REQ-000001");
    assert_eq!(row["to"], CUSTOMER);
    assert_eq!(row["subject"], "Re: Výpadek [REQ-000001]");
    assert_eq!(row["state"], "failed");
    assert_eq!(row["attempts"], 1);
    assert_eq!(row["created"], "2026-11-23T09:00:00+01:00");
    let last_error = row["last_error"].as_str().unwrap();
    assert!(
        last_error.contains(&format!("127.0.0.1:{}", desk.smtp.port())),
        "{last_error}"
    );
    assert!(row["id"].is_i64());
    let t = desk.show("1");
    assert_eq!(interactions(&t)[1]["email_state"], "failed");
    assert_eq!(
        t["status"], "waiting",
        "--then applies even when sending failed"
    );

    // Still down: the retry fails again, and counts the attempt.
    let r = desk.run(&["outbox", "--retry"]);
    r.fails(75);
    assert_eq!(desk.outbox(false)[0]["attempts"], 2);

    desk.smtp.start_again();
    desk.run(&["outbox", "--retry"]).ok();
    let sent = desk.sent();
    assert_eq!(sent.len(), 1, "delivered exactly once");
    assert_eq!(body(&parse(&sent[0])), "Zkusíme to znovu.");
    assert_eq!(desk.outbox(false), Vec::<Value>::new());
    let all = desk.outbox(true);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["state"], "sent");
    assert_eq!(all[0]["attempts"], 3);
    assert_eq!(interactions(&desk.show("1"))[1]["email_state"], "sent");

    // A second retry has nothing to send.
    desk.run(&["outbox", "--retry"]).ok();
    assert_eq!(desk.sent().len(), 1);
}

#[test]
fn sync_retries_failed_mail_after_the_backoff() {
    let mut desk = Desk::new();
    desk.env.new_ticket("Výpadek", CUSTOMER, &[]);
    desk.smtp.stop();
    desk.run(&["reply", "1", "-m", "Pošleme později."])
        .fails(75);
    desk.smtp.start_again();
    // Right after the failure the backoff holds the message back.
    desk.run(&["sync"]).ok();
    assert_eq!(desk.sent().len(), 0);
    assert_eq!(desk.outbox(false)[0]["state"], "failed");
    // Later, sync sends it, once.
    desk.env.now = "2026-11-23T09:30:00+01:00".to_string();
    desk.run(&["sync"]).ok();
    desk.run(&["sync"]).ok();
    assert_eq!(desk.sent().len(), 1);
    assert_eq!(body(&parse(&desk.sent()[0])), "Pošleme později.");
    assert_eq!(desk.outbox(false), Vec::<Value>::new());
}

#[test]
fn smtp_auth_refused_exits_4_and_never_shows_the_password() {
    let desk = Desk::with(Opts {
        server_auth: Some(("hd", "spravne-heslo")),
        login: Some(("hd", "spatne-heslo")),
        ..Opts::default()
    });
    desk.env.new_ticket("Heslo", CUSTOMER, &[]);
    let r = desk.run(&["reply", "1", "-m", "Dobrý den."]);
    let err = r.fails(4);
    assert!(err.contains("535"), "the server's answer: {err}");
    assert!(!err.contains("spatne-heslo"), "password leaked: {err}");
    assert_eq!(desk.sent().len(), 0);
    let ob = desk.outbox(false);
    assert_eq!(ob.len(), 1);
    assert_eq!(ob[0]["state"], "failed");
    assert!(ob[0]["last_error"].as_str().unwrap().contains("535"));
    let text = desk.run(&["outbox"]);
    assert!(!text.ok().contains("spatne-heslo"));

    // With the right password the retry delivers it once.
    desk.write_config(Some(("hd", "spravne-heslo")));
    desk.run(&["outbox", "--retry"]).ok();
    assert_eq!(desk.sent().len(), 1);
    desk.quiet(&["reply", "1", "-m", "Podruhé."]);
    assert_eq!(desk.sent().len(), 2);
    assert_eq!(desk.outbox(false), Vec::<Value>::new());
}

// ---------------------------------------------------------------- composing

#[test]
fn edit_runs_the_editor_and_an_emptied_file_aborts() {
    let desk = Desk::new();
    desk.env.new_ticket("Editor", CUSTOMER, &[]);
    let r = desk.run_env(
        &["reply", "1", "-m", "Hello Karel", "--edit"],
        &[("EDITOR", "sed -i s/Hello/Ahoj/")],
    );
    r.ok();
    assert_eq!(desk.sent().len(), 1);
    assert_eq!(body(&parse(&desk.sent()[0])), "Ahoj Karel");
    // VISUAL wins over EDITOR.
    desk.run_env(
        &["reply", "1", "--template", "tagged", "--edit"],
        &[("VISUAL", "sed -i s/Hello/Nazdar/"), ("EDITOR", "false")],
    )
    .ok();
    assert_eq!(body(&parse(&desk.sent()[1])), format!("Nazdar {CUSTOMER}"));

    // An editor that empties the file aborts: exit 3, nothing stored or sent.
    let before = interactions(&desk.show("1")).len();
    let r = desk.run_env(
        &["reply", "1", "-m", "Hello", "--edit"],
        &[("EDITOR", "truncate -s 0")],
    );
    assert!(r.fails(3).contains("empty"), "{}", r.stderr);
    // So does an editor that fails.
    desk.run_env(
        &["reply", "1", "-m", "Hello", "--edit"],
        &[("EDITOR", "false")],
    )
    .fails(3);
    // And --no-input with no $EDITOR to run: vi would need a terminal.
    desk.run(&["reply", "1", "-m", "Hello", "--edit", "--no-input"])
        .fails(3);
    assert_eq!(desk.sent().len(), 2);
    assert_eq!(interactions(&desk.show("1")).len(), before);
    assert_eq!(desk.outbox(true).len(), 2);
}

#[test]
fn undefined_template_variable_exits_2_and_nothing_is_stored() {
    let desk = Desk::with(Opts {
        extra: "[template.broken]\nsubject = \"Odpověď\"\nbody = \"Dobrý den {{ contact.nickname }}\"\n\n\
                [template.nosubject]\nsubject = \"{{ zakaznik }}\"\nbody = \"x\"\n",
        ..Opts::default()
    });
    desk.env.new_ticket("Šablona", CUSTOMER, &[]);
    let r = desk.run(&["reply", "1", "--template", "broken"]);
    let err = r.fails(2);
    assert!(
        err.contains("contact.nickname"),
        "names the variable: {err}"
    );
    assert!(err.contains("broken"), "names the template: {err}");
    let r = desk.run(&["reply", "1", "--template", "nosubject"]);
    let err = r.fails(2);
    assert!(
        err.contains("zakaznik") && err.contains("nosubject"),
        "{err}"
    );
    // The preview fails the same way.
    let r = desk.run(&["templates", "show", "broken", "--ticket", "1"]);
    assert!(r.fails(2).contains("contact.nickname"), "{}", r.stderr);
    // An unknown template names the known ones.
    let r = desk.run(&["reply", "1", "--template", "nope"]);
    let err = r.fails(2);
    assert!(err.contains("\"nope\"") && err.contains("answer"), "{err}");

    assert_eq!(desk.sent().len(), 0);
    assert_eq!(desk.outbox(true), Vec::<Value>::new());
    let t = desk.show("1");
    assert_eq!(interactions(&t).len(), 1);
    assert_eq!(t["status"], "queued");
}

#[test]
fn header_injection_through_flags_or_templates_adds_no_header() {
    let desk = Desk::with(Opts {
        extra: "[template.inject]\nsubject = \"Odpověď\\r\\nBcc: evil@x.y\"\n\
                body = \"{{ ticket.subject }}\"\n\n\
                [template.inject2]\nsubject = \"{{ ticket.subject }}\\nX-Evil: 1\"\nbody = \"text\"\n",
        imap: true,
        ..Opts::default()
    });
    // The customer's own subject carries an encoded CR LF and a header.
    desk.customer_mail(
        &inbound("inj@zakaznik.cz", "Dotaz\r\nBcc: evil@x.y", &[], "Ahoj\n"),
        "2026-11-23T08:10:00+01:00",
    );
    desk.sync();
    let subject = desk.show("1")["subject"].as_str().unwrap().to_string();
    assert!(
        subject.starts_with("Dotaz") && !subject.chars().any(char::is_control),
        "{subject:?}"
    );
    // Through a flag: refused, nothing sent or stored.
    for cc in [
        "a@b.c\r\nBcc: evil@x.y",
        "a@b.c\nBcc: evil@x.y",
        "a@b.c>\r\nBcc: <evil@x.y",
    ] {
        let r = desk.run(&["reply", "1", "-m", "x", "--cc", cc]);
        r.fails(2);
    }
    assert_eq!(desk.sent().len(), 0);
    assert_eq!(desk.outbox(true), Vec::<Value>::new());

    // Through template output or the customer's subject: the line break is
    // flattened into the subject.
    desk.quiet(&["reply", "1", "--template", "inject"]);
    desk.quiet(&["reply", "1", "--template", "inject2"]);
    desk.quiet(&["reply", "1", "-m", "text"]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 3);
    let expected = [
        "Content-Transfer-Encoding",
        "Content-Type",
        "Date",
        "From",
        "In-Reply-To",
        "MIME-Version",
        "Message-ID",
        "References",
        "Subject",
        "To",
    ];
    for raw in &sent {
        assert_eq!(
            header_names(raw),
            expected,
            "{}",
            String::from_utf8_lossy(raw)
        );
    }
    assert_eq!(
        parse(&sent[0]).subject(),
        Some("Re: Odpověď Bcc: evil@x.y [REQ-000001]")
    );
    assert_eq!(
        parse(&sent[1]).subject(),
        Some(format!("Re: {subject} X-Evil: 1 [REQ-000001]").as_str())
    );
    assert_eq!(
        parse(&sent[2]).subject(),
        Some(format!("Re: {subject} [REQ-000001]").as_str())
    );
    for env in desk.smtp.envelopes() {
        assert_eq!(env.rcpt_tos, [CUSTOMER]);
    }
}

#[test]
fn dry_run_prints_the_message_and_changes_nothing() {
    let desk = Desk::with_imap();
    desk.first_ticket();
    let before = desk.show("1");
    let r = desk.run(&[
        "reply",
        "1",
        "--template",
        "answer",
        "--dry-run",
        "--then",
        "closed",
    ]);
    let out = r.ok().to_string();
    assert_eq!(r.stderr, "");
    // The headers and the decoded text the customer will read, not MIME.
    assert_eq!(
        out,
        format!(
            "From: support@example.com\nTo: {CUSTOMER}\n\
             Subject: Re: Rozbitá žehlička [REQ-000001]\nIn-Reply-To: <c1@zakaznik.cz>\n\n\
             {ANSWER_BODY}\n"
        )
    );

    assert_eq!(desk.sent().len(), 0);
    assert_eq!(desk.outbox(true), Vec::<Value>::new());
    let after = desk.show("1");
    assert_eq!(after, before, "a dry run changes nothing");
    assert_eq!(after["status"], "queued");
}

#[test]
fn comment_is_internal_and_never_sent() {
    let desk = Desk::new();
    desk.env.new_ticket("Poznámka", CUSTOMER, &[]);
    desk.quiet(&["comment", "1", "-m", "Zákazník je netrpělivý, tajné."]);
    assert_eq!(desk.sent().len(), 0);
    assert_eq!(desk.outbox(true), Vec::<Value>::new());
    desk.run(&["outbox", "--retry"]).ok();
    assert_eq!(desk.sent().len(), 0);
    let t = desk.show("1");
    let note = &interactions(&t)[1];
    assert_eq!(note["internal"], true);
    assert_eq!(note["email_state"], Value::Null);
    assert_eq!(note["text"], "Zákazník je netrpělivý, tajné.");
    assert_eq!(t["first_response_at"], Value::Null, "a note is no response");
    assert_eq!(t["status"], "queued");

    // The next reply carries only its own text, never the note.
    desk.quiet(&["reply", "1", "-m", "Dobrý den, řešíme."]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(body(&parse(&sent[0])), "Dobrý den, řešíme.");
    assert_eq!(
        desk.show("1")["first_response_at"],
        "2026-11-23T09:00:00+01:00"
    );
}

#[test]
fn templates_list_and_show_render_config_and_directory_templates() {
    let desk = Desk::with(Opts {
        top: "templates_dir = \"templates\"",
        ..Opts::default()
    });
    let dir = desk.env.path().join("config/hd/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("followup.txt"),
        "Subject: Doplnění k {{ ticket.number }}\n\nDobrý den,\npošlete prosím účtenku ({{ contact.email }}).\n",
    )
    .unwrap();
    desk.env.new_ticket("Vrácení peněz", CUSTOMER, &[]);

    let list = desk.run(&["templates", "--format", "json"]).json();
    assert_eq!(
        list,
        json!([{"name": "answer"}, {"name": "followup"}, {"name": "rating"}, {"name": "tagged"}])
    );
    assert_eq!(
        desk.run(&["templates"]).ok(),
        "name\nanswer\nfollowup\nrating\ntagged\n"
    );

    let r = desk.run(&["templates", "show", "followup", "--ticket", "1"]);
    assert_eq!(
        r.ok(),
        "Subject: Doplnění k REQ-000001\n\nDobrý den,\npošlete prosím účtenku (jiri@zakaznik.cz).\n\n"
    );
    let r = desk.run(&["templates", "show", "tagged", "--ticket", "REQ-000001"]);
    assert_eq!(
        r.ok(),
        "Subject: Re: Vrácení peněz [REQ-000001]\n\nHello jiri@zakaznik.cz\n"
    );
    assert!(
        desk.run(&["templates", "show", "nope"])
            .fails(2)
            .contains("nope")
    );
    assert!(
        desk.run(&["templates", "show", "answer", "--ticket", "99"])
            .fails(2)
            .contains("99")
    );

    // A reply from the directory template uses its subject, tagged once.
    desk.quiet(&["reply", "1", "--template", "followup"]);
    let sent = desk.sent();
    let m = parse(&sent[0]);
    assert_eq!(m.subject(), Some("Re: Doplnění k REQ-000001 [REQ-000001]"));
    assert_eq!(
        body(&m),
        "Dobrý den,\r\npošlete prosím účtenku (jiri@zakaznik.cz).\r\n"
    );
}

// ---------------------------------------------------------------- the customer's side

#[test]
fn customer_answer_with_new_subject_threads_by_our_message_id_and_reopens() {
    let mut desk = Desk::with_imap();
    desk.first_ticket();
    desk.quiet(&["reply", "1", "--template", "answer"]);
    let ours = parse(&desk.sent()[0]).message_id().unwrap().to_string();
    assert_eq!(desk.show("1")["status"], "waiting");

    // A new subject without the tag, and only In-Reply-To: threads on our Message-ID.
    desk.env.now = "2026-11-23T11:00:00+01:00".to_string();
    desk.customer_mail(
        &inbound(
            "c2@zakaznik.cz",
            "Jiná věc: účtenka",
            &[("In-Reply-To", &format!("<{ours}>"))],
            "Posílám účtenku.\n",
        ),
        "2026-11-23T10:30:00+01:00",
    );
    desk.sync();
    let ids = desk.run(&["list", "--view", "all", "--format", "ids"]);
    assert_eq!(ids.ok(), "REQ-000001\n", "no new ticket");
    let t = desk.show("1");
    assert_eq!(t["status"], "open", "the answer moves waiting to open");
    let ints = interactions(&t);
    assert_eq!(ints.len(), 3);
    assert_eq!(ints[2]["direction"], "in");
    assert_eq!(ints[2]["subject"], "Jiná věc: účtenka");
    assert_eq!(ints[2]["text"], "Posílám účtenku.");

    // The next reply answers that message and carries the whole chain.
    desk.quiet(&["reply", "1", "-m", "Děkujeme."]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 2);
    let m = parse(&sent[1]);
    assert_eq!(m.subject(), Some("Re: Rozbitá žehlička [REQ-000001]"));
    assert_eq!(m.in_reply_to().as_text(), Some("c2@zakaznik.cz"));
    assert_eq!(references(&m), [ours.as_str(), "c2@zakaznik.cz"]);
}

#[test]
fn automatic_answer_to_our_reply_threads_but_never_reopens() {
    let mut desk = Desk::with_imap();
    desk.first_ticket();
    desk.quiet(&["reply", "1", "-m", "Pošlete prosím fotku."]);
    let ours = parse(&desk.sent()[0]).message_id().unwrap().to_string();
    desk.env.now = "2026-11-23T11:00:00+01:00".to_string();
    desk.customer_mail(
        &inbound(
            "ooo@zakaznik.cz",
            "Automatická odpověď: Re: Rozbitá žehlička [REQ-000001]",
            &[
                ("In-Reply-To", &format!("<{ours}>")),
                ("Auto-Submitted", "auto-replied"),
            ],
            "Jsem na dovolené.\n",
        ),
        "2026-11-23T10:00:00+01:00",
    );
    desk.sync();
    let t = desk.show("1");
    assert_eq!(interactions(&t).len(), 3, "stored on the ticket");
    assert_eq!(t["status"], "waiting", "automatic mail never reopens");
    assert_eq!(desk.sent().len(), 1, "and is never answered");
}

// ---------------------------------------------------------------- satisfaction

#[test]
fn closing_sends_a_rating_request_and_a_digit_answer_is_the_rating() {
    let mut desk = Desk::with_imap();
    desk.first_ticket();
    desk.quiet(&[
        "reply",
        "1",
        "-m",
        "Opraveno, posíláme zpět.",
        "--then",
        "closed",
    ]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 2, "the reply, then the rating request");
    let reply = &sent[0];
    let request = &sent[1];
    assert!(!header_names(reply).contains(&"Auto-Submitted".to_string()));
    assert_eq!(raw_header(request, "Auto-Submitted"), "auto-replied");
    assert_eq!(raw_header(request, "X-Auto-Response-Suppress"), "All");
    let m = parse(request);
    assert_eq!(to_addrs(&m), [CUSTOMER]);
    assert_eq!(m.subject(), Some("Re: Jak jsme si vedli? [REQ-000001]"));
    assert_eq!(body(&m), "Ohodnoťte nás prosím číslem 1 až 5.");
    let request_id = m.message_id().unwrap().to_string();
    assert_our_id(&request_id, "REQ-000001", "example.com");
    let t = desk.show("1");
    assert_eq!(t["status"], "closed");
    assert_eq!(t["rating"], Value::Null);

    // "5" on the first line, a quote below: a rating, not a reopen.
    desk.env.now = "2026-11-23T12:00:00+01:00".to_string();
    desk.customer_mail(
        &inbound(
            "rating@zakaznik.cz",
            "Re: Jak jsme si vedli? [REQ-000001]",
            &[("In-Reply-To", &format!("<{request_id}>"))],
            "\n5\n\nDíky!\n> Ohodnoťte nás prosím číslem 1 až 5.\n",
        ),
        "2026-11-23T11:00:00+01:00",
    );
    desk.sync();
    let t = desk.show("1");
    assert_eq!(t["status"], "closed");
    assert_eq!(t["rating"], 5);
    assert_eq!(interactions(&t).len(), 4);
    assert!(
        !events(&t).iter().any(|e| e.contains("reopen")),
        "{:?}",
        events(&t)
    );
    let list = desk
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    assert_eq!(list[0]["rating"], 5);
    assert_eq!(desk.sent().len(), 2, "nothing answers a rating");
}

#[test]
fn status_closed_sends_the_rating_request_and_rating_colon_n_counts() {
    let mut desk = Desk::with_imap();
    desk.first_ticket();
    desk.quiet(&["reply", "1", "-m", "Opraveno."]);
    desk.quiet(&["status", "1", "closed"]);
    let sent = desk.sent();
    assert_eq!(sent.len(), 2);
    let m = parse(&sent[1]);
    assert_eq!(m.subject(), Some("Re: Jak jsme si vedli? [REQ-000001]"));
    let request_id = m.message_id().unwrap().to_string();
    // Closing again (already closed) sends no second request.
    desk.quiet(&["status", "1", "closed"]);
    assert_eq!(desk.sent().len(), 2);

    desk.env.now = "2026-11-23T12:00:00+01:00".to_string();
    desk.customer_mail(
        &inbound(
            "r2@zakaznik.cz",
            "Hodnocení",
            &[("In-Reply-To", &format!("<{request_id}>"))],
            "Rating: 4\n",
        ),
        "2026-11-23T11:00:00+01:00",
    );
    desk.sync();
    let t = desk.show("1");
    assert_eq!(
        (t["status"].clone(), t["rating"].clone()),
        (json!("closed"), json!(4))
    );

    // An answer that is not a rating reopens the closed ticket.
    desk.customer_mail(
        &inbound(
            "r3@zakaznik.cz",
            "Hodnocení",
            &[("In-Reply-To", &format!("<{request_id}>"))],
            "Žehlička zase nehřeje.\n5 minut a vypne se.\n",
        ),
        "2026-11-23T11:30:00+01:00",
    );
    desk.sync();
    let t = desk.show("1");
    assert_eq!(t["status"], "open");
    assert_eq!(t["rating"], 4);
}
