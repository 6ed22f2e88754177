//! Going live on a mailbox with history, against a real Dovecot and a real SMTP
//! server: the first sync imports silently, later mail is acknowledged with a
//! filled-in due time, and a dry run predicts the real run exactly.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::support::servers::{Dovecot, Smtp};
use crate::support::{Run, TestEnv};

/// The clock of these tests: Wednesday 2 December 2026, 10:00 in Prague.
const NOW: &str = "2026-12-02T10:00:00+01:00";

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A plain message from `from`; `extra` holds further header lines, each ending in CRLF.
fn mail(id: &str, from: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, 02 Nov 2026 08:00:00 +0100\r\nFrom: {from}\r\n\
         To: support@example.com\r\nSubject: {subject}\r\n{extra}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// Two queues with their own prefixes, an acknowledgement template that shows
/// the first-response due time twice (as the variable renders, and through the
/// `datetime` filter), and the SMTP server.
fn config(d: &Dovecot, smtp: &Smtp, extra_queue_keys: &str) -> String {
    let (user, password) = d.user();
    format!(
        r#"
timezone = "Europe/Prague"

[smtp]
host = "127.0.0.1"
port = {smtp}
tls = "none"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
ack_template = "ack"
{extra_queue_keys}

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"
ack_template = "ack"

[[category]]
name = "Service"
sla = "standard"

[sla.standard]
first_response = "4h"
resolution = "3d"
calendar = "business"

[calendar.business]
hours = {{ mon-fri = "08:00-17:00" }}

[template.ack]
subject = "Re: {{{{ ticket.subject }}}}"
body = "Odpovíme nejpozději do {{{{ ticket.first_response_due }}}} ({{{{ ticket.first_response_due | datetime(\"%-d. %-m. %Y %H:%M\") }}}})."

[[mailbox]]
name = "inbox"
queue = "support"
category = "Service"
imap = {{ host = "127.0.0.1", port = {imap}, tls = "none", user = "{user}", password = "{password}", folder = "INBOX" }}
"#,
        smtp = smtp.port(),
        imap = d.plain_port(),
    )
}

fn env(d: &Dovecot, smtp: &Smtp, extra_queue_keys: &str) -> TestEnv {
    let mut env = TestEnv::with_config(&config(d, smtp, extra_queue_keys));
    env.now = NOW.to_string();
    env
}

fn header_of(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next().unwrap_or(raw);
    head.split("\r\n").find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

fn sent(smtp: &Smtp) -> Vec<String> {
    smtp.messages()
        .into_iter()
        .map(|m| String::from_utf8(m).unwrap())
        .collect()
}

fn tickets(env: &TestEnv) -> Vec<Value> {
    env.run(&[
        "list", "--view", "all", "--sort", "number", "--format", "json",
    ])
    .json()
    .as_array()
    .expect("a JSON array")
    .clone()
}

/// A verbose sync that must succeed; returns its summary line.
#[track_caller]
fn sync_v(env: &TestEnv) -> String {
    let r = env.run(&["sync", "-v"]);
    r.ok();
    assert_eq!(r.stdout, "");
    r.stderr.lines().last().unwrap_or("").to_string()
}

/// The summary line of a dry run (its last stdout line, after "a real run: ").
#[track_caller]
fn dry_run(env: &TestEnv) -> (Run, String) {
    let r = env.run(&["sync", "--dry-run"]);
    r.ok();
    let last = r
        .stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("a real run: "))
        .unwrap_or_else(|| panic!("no summary line:\n{}", r.stdout))
        .to_string();
    (r, last)
}

/// A month of history: 40 messages from 20 people, every second one a reply
/// to the one before (threaded by In-Reply-To), INTERNALDATEs from 1 November on.
fn history() -> Vec<(Vec<u8>, DateTime<FixedOffset>)> {
    (0..40)
        .map(|i| {
            let when = at("2026-11-01T09:00:00+01:00") + chrono::Duration::hours(18 * i);
            let person = i / 2;
            let extra = if i % 2 == 1 {
                format!("In-Reply-To: <h{}@example.net>\r\n", i - 1)
            } else {
                String::new()
            };
            let raw = mail(
                &format!("h{i}@example.net"),
                &format!("customer{person}@example.net"),
                &format!("Question {person}"),
                &extra,
                "Hello, please help.",
            );
            (raw, when)
        })
        .collect()
}

#[test]
fn the_first_sync_imports_history_silently_and_later_mail_is_acknowledged_with_its_due_time() {
    let d = Dovecot::start();
    let smtp = Smtp::start(None);
    let env = env(&d, &smtp, "");
    let (user, _) = d.user();
    let msgs = history();
    let list: Vec<(&[u8], Option<DateTime<FixedOffset>>)> = msgs
        .iter()
        .map(|(raw, when)| (raw.as_slice(), Some(*when)))
        .collect();
    d.append_many(user, "INBOX", &list);

    // The dry run of the first sync predicts exactly what the real one does:
    // numbers continue across fetch batches, and nothing is acknowledged.
    let (plan, predicted) = dry_run(&env);
    assert!(
        plan.stdout.contains("→ new ticket REQ-000020\n"),
        "{}",
        plan.stdout
    );
    assert_eq!(
        predicted,
        "fetched 40, new tickets 20, threaded 20, automatic 0, auto-replies 0, duplicates 0, unparsed 0, failed mailboxes 0"
    );
    assert!(tickets(&env).is_empty(), "a dry run stores nothing");
    assert_eq!(sync_v(&env), predicted);
    assert!(sent(&smtp).is_empty(), "the import sent {:?}", sent(&smtp));
    let all = tickets(&env);
    assert_eq!(all.len(), 20);
    assert_eq!(
        env.run(&["outbox", "--format", "json"]).json(),
        serde_json::json!([])
    );
    // History keeps its arrival times.
    assert_eq!(all[0]["created"], "2026-11-01T09:00:00+01:00");

    // A new message today: one acknowledgement, dated now, its due time filled in.
    d.append(
        user,
        "INBOX",
        &mail(
            "new1@example.net",
            "nova@example.net",
            "Nefunguje tiskárna",
            "",
            "Help",
        ),
        Some(at("2026-12-02T09:50:00+01:00")),
    );
    // A message that arrived two days ago but was delivered late: no auto-reply.
    d.append(
        user,
        "INBOX",
        &mail(
            "late@example.net",
            "late@example.net",
            "Old one",
            "",
            "Help",
        ),
        Some(at("2026-11-30T09:50:00+01:00")),
    );
    let (_, predicted) = dry_run(&env);
    assert_eq!(
        predicted,
        "fetched 2, new tickets 2, threaded 0, automatic 0, auto-replies 1, duplicates 0, unparsed 0, failed mailboxes 0"
    );
    assert_eq!(sync_v(&env), predicted);
    let out = sent(&smtp);
    assert_eq!(out.len(), 1, "{out:#?}");
    let ack = &out[0];
    assert_eq!(header_of(ack, "To").as_deref(), Some("nova@example.net"));
    assert_eq!(
        header_of(ack, "Date").as_deref(),
        Some("Wed, 02 Dec 2026 09:00:00 +0000"),
        "the acknowledgement is dated when it was queued"
    );
    let t = env.run(&["show", "REQ-000021", "--format", "json"]).json();
    let acked = t["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["direction"] == "out")
        .expect("the acknowledgement on the ticket")
        .clone();
    assert_eq!(acked["time"], NOW);
    // 09:50 plus four business hours is 13:50 the same day.
    assert_eq!(
        acked["text"],
        "Odpovíme nejpozději do 2026-12-02 13:50 (2. 12. 2026 13:50)."
    );
    let late = env.run(&["show", "REQ-000022", "--format", "json"]).json();
    assert!(
        !late["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["direction"] == "out"),
        "{late}"
    );
}

#[test]
fn an_empty_first_sync_counts_and_auto_reply_max_age_is_configurable() {
    let d = Dovecot::start();
    let smtp = Smtp::start(None);
    let env = env(&d, &smtp, "auto_reply_max_age = \"3d\"");
    let (user, _) = d.user();
    // The folder is empty the first time: that run was the import.
    assert_eq!(
        sync_v(&env),
        "fetched 0, new tickets 0, threaded 0, automatic 0, auto-replies 0, duplicates 0, unparsed 0, failed mailboxes 0"
    );
    d.append(
        user,
        "INBOX",
        &mail(
            "a@example.net",
            "anna@example.net",
            "Two days old",
            "",
            "Help",
        ),
        Some(at("2026-11-30T10:00:00+01:00")),
    );
    d.append(
        user,
        "INBOX",
        &mail("b@example.net", "bob@example.net", "A week old", "", "Help"),
        Some(at("2026-11-25T10:00:00+01:00")),
    );
    sync_v(&env);
    let to: Vec<String> = sent(&smtp)
        .iter()
        .map(|m| header_of(m, "To").unwrap_or_default())
        .collect();
    assert_eq!(to, ["anna@example.net"]);

    // A bad duration names the file and the line.
    let mut bad = env;
    bad.write_config(&config(&d, &smtp, "auto_reply_max_age = \"soon\""));
    bad.now = NOW.to_string();
    let r = bad.run(&["sync"]);
    let err = r.fails(2);
    assert!(err.contains("config.toml:15: "), "{err}");
    assert!(err.contains("invalid duration \"soon\""), "{err}");
}

#[test]
fn tickets_of_two_queues_share_one_number_sequence() {
    let d = Dovecot::start();
    let smtp = Smtp::start(None);
    let env = env(&d, &smtp, "");
    let a = env.new_ticket("first", "a@example.net", &["--queue", "support"]);
    let b = env.new_ticket("second", "b@example.net", &["--queue", "sales"]);
    let c = env.new_ticket("third", "c@example.net", &["--queue", "support"]);
    assert_eq!([a, b, c], ["REQ-000001", "SAL-000002", "REQ-000003"]);
    // A bare number names one ticket whatever its prefix.
    let r = env.run(&["show", "2", "--format", "json"]).json();
    assert_eq!(r["number"], "SAL-000002");
    env.run(&["status", "2", "waiting"]).ok();
    let r = env.run(&["show", "sal-2", "--format", "json"]).json();
    assert_eq!(r["status"], "waiting");
    let r = env.run(&["show", "REQ-2"]);
    assert_eq!(r.fails(2), "hd: error: no ticket REQ-000002\n");
}

#[test]
fn a_number_still_shared_by_two_prefixes_in_an_old_database_lists_the_candidates() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = TestEnv::new();
    assert_eq!(env.new_ticket("one", "a@example.net", &[]), "REQ-000001");
    assert_eq!(
        env.new_ticket("two", "b@example.net", &["--queue", "sales"]),
        "SAL-000002"
    );
    // A database from when each prefix counted on its own.
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    conn.execute("UPDATE tickets SET number = 1 WHERE prefix = 'SAL'", [])
        .unwrap();
    drop(conn);
    let r = env.run(&["status", "1", "waiting"]);
    assert_eq!(
        r.fails(2),
        "hd: error: ticket 1 is ambiguous: REQ-000001, SAL-000001\n  hint: name it with its prefix\n"
    );
    env.run(&["status", "SAL-1", "waiting"]).ok();
    let t = env.run(&["show", "sal-000001", "--format", "json"]).json();
    assert_eq!(t["status"], "waiting");
    // New tickets continue the one sequence.
    assert_eq!(env.new_ticket("three", "c@example.net", &[]), "REQ-000003");
}

#[test]
fn automatic_mail_is_not_work_until_a_person_writes_and_a_bounce_marks_our_reply() {
    let d = Dovecot::start();
    let smtp = Smtp::start(None);
    let text = config(&d, &smtp, "").replace(
        "distribution = \"manual\"\nack_template = \"ack\"\n\n\n[[queue]]\nname = \"sales\"",
        "distribution = \"round-robin\"\n\n[[queue]]\nname = \"sales\"",
    ) + "\n[[operator]]\nname = \"jana\"\nemail = \"jana@example.com\"\nqueues = [\"support\"]\n";
    assert!(text.contains("round-robin"), "{text}");
    let mut env = TestEnv::with_config(&text);
    env.now = NOW.to_string();
    let (user, _) = d.user();
    sync_v(&env);

    // An out-of-office: a ticket, but nobody's work.
    d.append(
        user,
        "INBOX",
        &mail(
            "ooo@example.net",
            "alice@example.net",
            "Automatic reply: away",
            "Auto-Submitted: auto-replied\r\n",
            "I am away until Monday.",
        ),
        Some(at("2026-12-02T09:00:00+01:00")),
    );
    sync_v(&env);
    let t = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(t["automatic"], true);
    assert_eq!(t["assignee"], Value::Null);
    assert_eq!(t["first_response_due"], Value::Null);
    assert_eq!(t["resolution_due"], Value::Null);
    let ids = |args: &[&str]| {
        let mut v = vec!["list", "--format", "ids"];
        v.extend_from_slice(args);
        env.run(&v).ok().to_string()
    };
    assert_eq!(ids(&["--view", "open"]), "");
    assert_eq!(ids(&["--view", "unassigned"]), "");
    assert_eq!(ids(&["--view", "automatic"]), "REQ-000001\n");
    assert_eq!(ids(&["automatic:yes"]), "REQ-000001\n");
    assert_eq!(ids(&["automatic:no"]), "");
    assert!(sent(&smtp).is_empty(), "no acknowledgement to a robot");

    // Alice herself answers on it: now it is work, distributed, with an SLA from her message.
    d.append(
        user,
        "INBOX",
        &mail(
            "alice2@example.net",
            "alice@example.net",
            "Re: Automatic reply: away",
            "In-Reply-To: <ooo@example.net>\r\n",
            "Back now: my invoice is wrong.",
        ),
        Some(at("2026-12-02T09:30:00+01:00")),
    );
    assert_eq!(
        sync_v(&env),
        "fetched 1, new tickets 0, threaded 1, automatic 0, auto-replies 0, duplicates 0, unparsed 0, failed mailboxes 0"
    );
    let t = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(t["automatic"], false);
    assert_eq!(t["assignee"], "jana");
    // 09:30 plus four business hours.
    assert_eq!(t["first_response_due"], "2026-12-02T13:30:00+01:00");
    assert_eq!(ids(&["--view", "open"]), "REQ-000001\n");

    // Our reply bounces: marked, never retried.
    env.run(&["reply", "1", "-m", "We are on it.", "--as", "jana"])
        .ok();
    let out = sent(&smtp);
    assert_eq!(out.len(), 1);
    let mid = header_of(&out[0], "Message-ID").expect("a Message-ID");
    let bounce = format!(
        "Message-ID: <bounce1@mx.example.net>\r\nDate: Wed, 02 Dec 2026 09:40:00 +0100\r\n\
         From: MAILER-DAEMON@mx.example.net\r\nTo: support@example.com\r\n\
         Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n\r\n\
         --b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
         Final-Recipient: rfc822; alice@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n\
         --b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {mid}\r\nSubject: x\r\n\r\n--b1--\r\n"
    );
    d.append(
        user,
        "INBOX",
        bounce.as_bytes(),
        Some(at("2026-12-02T09:40:00+01:00")),
    );
    sync_v(&env);
    let t = env.run(&["show", "1", "--format", "json"]).json();
    let reply = t["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["direction"] == "out")
        .unwrap()
        .clone();
    assert_eq!(reply["email_state"], "bounced", "{t}");
    let events = t["events"].to_string();
    assert!(
        events.contains("alice@example.net 5.1.1 550 5.1.1 no such user"),
        "{events}"
    );
    env.run(&["outbox", "--retry"]).ok();
    sync_v(&env);
    assert_eq!(sent(&smtp).len(), 1, "a bounced mail is never sent again");
    // The bounce did not make the ticket automatic again.
    assert_eq!(ids(&["automatic:no"]), "REQ-000001\n");
}

#[test]
fn maildir_follows_links_reports_unreadable_entries_and_dates_by_the_file_name() {
    let mut env = TestEnv::with_config(&format!(
        "{}\n[[mailbox]]\nname = \"local\"\nqueue = \"support\"\nmaildir = \"spool\"\n",
        crate::support::BASE_CONFIG
    ));
    env.now = NOW.to_string();
    let dir = env.path().join("config/hd/spool");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    // Delivered 2026-11-20 09:00 Prague, copied (a fresh clone) today: the name tells.
    let delivered = at("2026-11-20T09:00:00+01:00").timestamp();
    std::fs::write(
        dir.join(format!("new/{delivered}.M1P1.test")),
        mail("m1@example.net", "a@example.net", "Named", "", "one"),
    )
    .unwrap();
    // A link to a message kept elsewhere is followed.
    let elsewhere = env.path().join("kept.eml");
    std::fs::write(
        &elsewhere,
        mail("m2@example.net", "b@example.net", "Linked", "", "two"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        &elsewhere,
        dir.join(format!("new/{}.M2P1.test", delivered + 60)),
    )
    .unwrap();
    // A link to nothing cannot be read: said on stderr, and the run fails at its end.
    let dangling = dir.join(format!("new/{}.M3P1.test", delivered + 120));
    std::os::unix::fs::symlink(env.path().join("gone.eml"), &dangling).unwrap();
    let r = env.run(&["sync"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let err = &r.stderr;
    assert!(
        err.contains(&format!(
            "hd: warning: mailbox local: cannot read {}",
            dangling.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("hd: error: mailbox local: 1 entry could not be read"),
        "{err}"
    );
    let all = tickets(&env);
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|t| {
            (
                t["subject"].as_str().unwrap(),
                t["created"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Named", "2026-11-20T09:00:00+01:00"),
            ("Linked", "2026-11-20T09:01:00+01:00")
        ]
    );
}
