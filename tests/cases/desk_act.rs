//! The operator's desk, acting: confirmations, the collision guard, the editor,
//! attachments, followers, signatures and ratings, through the real binary with
//! a real SMTP server; customer mail arrives through a Maildir and `hd sync`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use serde_json::Value;
use sha2::Digest;

use crate::support::servers::Smtp;
use crate::support::{Run, TestEnv};

const CUSTOMER: &str = "jiri@zakaznik.cz";

/// A desk with two operators, a rating template, a signature and a Maildir inbox.
struct Desk {
    env: TestEnv,
    smtp: Smtp,
}

impl Desk {
    fn new() -> Desk {
        Desk::with("")
    }

    fn with(extra: &str) -> Desk {
        let smtp = Smtp::start(None);
        let env = TestEnv::with_config("");
        let maildir = env.path().join("Maildir");
        for d in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(maildir.join(d)).unwrap();
        }
        env.write_config(&format!(
            r#"timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
csat_template = "rating"

[[mailbox]]
name = "inbox"
queue = "support"
maildir = "{maildir}"

[[operator]]
name = "jana"
email = "jana@example.com"
display_name = "Jana Nováková"
signature = "S pozdravem\n{{{{ operator.display_name }}}}, {{{{ queue.name }}}}"
queues = ["support"]
max_open = 2

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support"]

[template.answer]
body = """Dobrý den{{% if contact.name %}} {{{{ contact.name }}}}{{% endif %}},
opraveno."""

[template.rating]
subject = "Re: {{{{ ticket.subject }}}} [{{{{ ticket.number }}}}]"
body = "Ohodnoťte nás prosím číslem 1 až 5."
{extra}
[smtp]
host = "127.0.0.1"
port = {port}
tls = "none"
"#,
            maildir = maildir.display(),
            port = smtp.port()
        ));
        env.run(&["init"]).ok();
        Desk { env, smtp }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.env.run(args)
    }

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

    fn show(&self, t: &str) -> Value {
        self.run(&["show", t, "--format", "json"]).json()
    }

    /// Delivers a raw message into the Maildir and syncs it.
    fn mail(&self, name: &str, raw: &[u8]) {
        let path = self.env.path().join("Maildir/new").join(name);
        std::fs::write(path, raw).unwrap();
        let r = self.run(&["sync"]);
        r.ok();
    }

    fn sent(&self) -> Vec<Vec<u8>> {
        self.smtp.messages()
    }
}

/// A plain message from the customer; `headers` go before the body.
fn inbound(id: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0100\r\nFrom: {CUSTOMER}\r\n\
         To: support@example.com\r\nSubject: {subject}\r\n{headers}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}",
        body.replace('\n', "\r\n")
    )
    .into_bytes()
}

fn body_of(raw: &[u8]) -> String {
    let m = MessageParser::default().parse(raw).unwrap();
    m.body_text(0)
        .unwrap()
        .replace("\r\n", "\n")
        .trim_end()
        .to_string()
}

fn header(raw: &[u8], name: &str) -> Option<String> {
    let m = MessageParser::default().parse(raw).unwrap();
    m.header_raw(name).map(|v| v.trim().to_string())
}

// ---------------------------------------------------------------- confirmations

#[test]
fn every_change_is_confirmed_per_ticket_and_q_silences_it() {
    let desk = Desk::new();
    desk.env.new_ticket("Jedna", CUSTOMER, &[]);
    desk.env.new_ticket("Dva", CUSTOMER, &[]);
    let r = desk.run(&["--as", "jana", "take", "1", "2"]);
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000001: assigned to jana; open (was queued)\n\
         REQ-000002: assigned to jana; open (was queued)\n"
    );
    let r = desk.run(&["assign", "1", "petr", "--yes"]);
    assert_eq!(r.stderr, "REQ-000001: assigned to petr (was jana)\n");
    let r = desk.run(&["status", "2", "waiting"]);
    assert_eq!(r.stderr, "REQ-000002: waiting (was open)\n");
    let r = desk.run(&["status", "2", "waiting"]);
    assert_eq!(r.stderr, "REQ-000002: already waiting\n");
    let r = desk.run(&["set", "1", "2", "--priority", "high", "--tag", "+vip"]);
    assert_eq!(
        r.stderr,
        "REQ-000001: priority high (was normal); tagged vip\n\
         REQ-000002: priority high (was normal); tagged vip\n"
    );
    let r = desk.run(&["delete", "2"]);
    assert_eq!(r.stderr, "REQ-000002: deleted\n");
    let r = desk.run(&["restore", "2"]);
    assert_eq!(r.stderr, "REQ-000002: restored\n");
    let r = desk.run(&["comment", "1", "-m", "interní"]);
    assert_eq!(r.stderr, "REQ-000001: internal note added\n");

    // -q: the same changes, not a word.
    for args in [
        &["-q", "status", "1", "closed"][..],
        &["-q", "assign", "1", "--none"],
        &["-q", "set", "1", "--priority", "low"],
        &["-q", "comment", "1", "-m", "x"],
        &["-q", "--as", "petr", "take", "2", "--force"],
    ] {
        let r = desk.run(args);
        r.ok();
        assert_eq!(r.stderr, "", "{args:?}");
    }
    let t = desk.show("1");
    assert_eq!(
        (t["status"].as_str(), t["priority"].as_str()),
        (Some("closed"), Some("low"))
    );
    assert_eq!(desk.show("2")["assignee"], "petr");
}

#[test]
fn distribution_and_rating_requests_are_said_as_consequences() {
    // Round robin: closing jana's ticket frees a slot that distribution fills.
    let desk = Desk::with("");
    let cfg = std::fs::read_to_string(desk.env.config_path()).unwrap();
    desk.env.write_config(&cfg.replace(
        "distribution = \"manual\"",
        "distribution = \"round-robin\"",
    ));
    desk.run(&["operator", "away", "petr"]).ok();
    for s in ["a", "b", "c"] {
        desk.env.new_ticket(s, CUSTOMER, &[]);
    }
    assert_eq!(
        desk.show("3")["assignee"],
        Value::Null,
        "jana is full (max_open 2)"
    );
    // The reply moves REQ-000001 to waiting, which frees a slot.
    let r = desk.run(&["--as", "jana", "reply", "1", "-m", "Hotovo."]);
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000001: waiting (was queued); reply queued to jiri@zakaznik.cz\n\
         REQ-000003: assigned to jana (by distribution)\n"
    );
    let r = desk.run(&["--as", "jana", "status", "1", "2", "closed"]);
    r.ok();
    assert_eq!(
        r.stderr,
        "REQ-000001: closed (was waiting); rating request queued to jiri@zakaznik.cz\n\
         REQ-000002: closed (was queued); no rating request (nobody replied to the customer)\n"
    );
}

#[test]
fn more_than_twenty_tickets_at_once_needs_a_yes() {
    let desk = Desk::new();
    let mut names = Vec::new();
    for i in 0..21 {
        names.push(desk.env.new_ticket(&format!("t{i}"), CUSTOMER, &[]));
    }
    let mut args: Vec<&str> = vec!["status"];
    args.extend(names.iter().map(String::as_str));
    args.push("waiting");
    let r = desk.run(&args);
    assert!(r.fails(3).contains("21 tickets"), "{}", r.stderr);
    assert_eq!(desk.show("1")["status"], "queued", "nothing changed");
    args.push("--yes");
    let r = desk.run(&args);
    r.ok();
    assert_eq!(r.stderr.lines().count(), 21);
    assert_eq!(desk.show("21")["status"], "waiting");
}

// ---------------------------------------------------------------- collision guard

#[test]
fn taking_a_ticket_someone_holds_asks_and_force_does_it() {
    let desk = Desk::new();
    desk.env.new_ticket("Spor", CUSTOMER, &[]);
    desk.run(&["--as", "jana", "take", "1"]).ok();
    let before = desk.show("1");

    // No terminal: exit 3, nothing changes; the same with --no-input.
    for extra in [&[][..], &["--no-input"]] {
        let mut args = vec!["--as", "petr", "take", "1"];
        args.extend_from_slice(extra);
        let err = desk.run(&args).fails(3).to_string();
        assert!(err.contains("REQ-000001 is assigned to jana"), "{err}");
        assert!(err.contains("--force"), "{err}");
        let err = desk
            .run(&["--as", "petr", "assign", "1", "--me"])
            .fails(3)
            .to_string();
        assert!(err.contains("jana"), "{err}");
    }
    assert_eq!(desk.show("1"), before, "nothing changed");

    // Taking one's own, or an unassigned one, never asks.
    let r = desk.run(&["--as", "jana", "take", "1"]);
    assert_eq!(r.stderr, "REQ-000001: already yours\n");

    let r = desk.run(&["--as", "petr", "take", "1", "--force"]);
    r.ok();
    assert_eq!(r.stderr, "REQ-000001: assigned to petr (was jana)\n");
    let r = desk.run(&["--as", "jana", "assign", "1", "--me", "--yes"]);
    r.ok();
    assert_eq!(r.stderr, "REQ-000001: assigned to jana (was petr)\n");
}

#[test]
fn assigning_past_max_open_warns() {
    let desk = Desk::new();
    for s in ["a", "b", "c"] {
        desk.env.new_ticket(s, CUSTOMER, &[]);
    }
    let r = desk.run(&["assign", "1", "2", "jana"]);
    r.ok();
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let r = desk.run(&["assign", "3", "jana"]);
    r.ok();
    assert!(
        r.stderr.contains(
            "hd: warning: jana now holds 3 queued or open tickets, over their max_open of 2"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(desk.show("3")["assignee"], "jana");
}

// ---------------------------------------------------------------- editor

/// An editor script that keeps a copy of what it was given in `$SEEN`, checks the
/// layout, then writes a reply above the scissors line.
fn editor_script(dir: &Path) -> PathBuf {
    let path = dir.join("editor.sh");
    std::fs::write(
        &path,
        r#"#!/bin/sh
f="$1"
cp "$f" "$SEEN"
grep -qx '# ------------------------ >8 ------------------------' "$f" || exit 7
# The customer's last message is quoted below the scissors line.
sed -n '/>8/,$p' "$f" | grep -qx '> žehlička nehřeje.' || exit 8
{ printf 'Dobrý den,\nposíláme náhradní díl.\n\n'; cat "$f"; } > "$f.new" && mv "$f.new" "$f"
"#,
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn reply_without_text_opens_the_editor_like_git_commit() {
    let desk = Desk::new();
    desk.mail(
        "m1",
        &inbound(
            "c1@zakaznik.cz",
            "Rozbitá žehlička",
            "",
            "Dobrý den,\nžehlička nehřeje.\n",
        ),
    );
    let script = editor_script(desk.env.path());
    let seen = desk.env.path().join("seen.txt");
    let r = desk.run_env(
        &["--as", "jana", "reply", "1"],
        &[
            ("EDITOR", script.to_str().unwrap()),
            ("SEEN", seen.to_str().unwrap()),
        ],
    );
    r.ok();
    // The draft (the signature), the scissors line, the summary, the quoted mail.
    let seen = std::fs::read_to_string(&seen).unwrap();
    assert!(
        seen.starts_with(
            "S pozdravem\nJana Nováková, support\n\n# ------------------------ >8 ------------------------\n"
        ),
        "{seen}"
    );
    assert!(
        seen.contains("\n# REQ-000001 · Rozbitá žehlička\n"),
        "{seen}"
    );
    assert!(
        seen.contains("\n> Dobrý den,\n> žehlička nehřeje.\n"),
        "{seen}"
    );
    let sent = desk.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        body_of(&sent[0]),
        "Dobrý den,\nposíláme náhradní díl.\n\nS pozdravem\nJana Nováková, support"
    );
    let raw = String::from_utf8_lossy(&sent[0]).into_owned();
    assert!(
        !raw.contains(">8") && !raw.contains("nehřeje"),
        "no scissors part:\n{raw}"
    );

    // VISUAL wins over EDITOR; `comment` without a text opens it too.
    let r = desk.run_env(
        &["comment", "1"],
        &[
            ("VISUAL", "printf 'Volal, chce výměnu.\\n' >"),
            ("EDITOR", "false"),
        ],
    );
    r.ok();
    let t = desk.show("1");
    let notes: Vec<&Value> = t["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["internal"] == true)
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["text"], "Volal, chce výměnu.");

    // An editor that leaves nothing above the scissors cancels: exit 3, nothing sent.
    // (petr has no signature, so his draft is empty.)
    let r = desk.run_env(&["--as", "petr", "reply", "1"], &[("EDITOR", "true")]);
    assert!(r.fails(3).contains("empty"), "{}", r.stderr);
    let r = desk.run_env(&["comment", "1"], &[("EDITOR", "true")]);
    assert!(r.fails(3).contains("empty"), "{}", r.stderr);
    assert_eq!(desk.sent().len(), 1);
    assert_eq!(desk.show("1")["interactions"].as_array().unwrap().len(), 3);
}

#[test]
fn no_editor_and_no_terminal_exits_3_at_once() {
    let desk = Desk::new();
    desk.env.new_ticket("Bez editoru", CUSTOMER, &[]);
    for args in [
        &["--as", "petr", "reply", "1"][..],
        &["--as", "petr", "reply", "1", "-m", "x", "--edit"],
        &["comment", "1"],
        &["comment", "1", "--edit", "-m", "x"],
    ] {
        let start = Instant::now();
        let r = desk.run(args);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{args:?} took {:?}",
            start.elapsed()
        );
        let err = r.fails(3);
        assert!(err.contains("EDITOR") && err.contains("-m TEXT"), "{err}");
    }
    assert!(desk.sent().is_empty());
    assert_eq!(desk.show("1")["interactions"].as_array().unwrap().len(), 1);
}

#[test]
fn dry_run_shows_decoded_text_and_the_signature() {
    let desk = Desk::new();
    desk.env
        .new_ticket("Dotaz", CUSTOMER, &["--name", "Jiří Novák"]);
    let r = desk.run(&[
        "--as",
        "jana",
        "reply",
        "1",
        "--template",
        "answer",
        "--dry-run",
    ]);
    let out = r.ok();
    assert!(out.contains("To: jiri@zakaznik.cz\n"), "{out}");
    assert!(out.contains("Subject: Re: Dotaz [REQ-000001]\n"), "{out}");
    assert!(
        out.ends_with(
            "\n\nDobrý den Jiří Novák,\nopraveno.\n\nS pozdravem\nJana Nováková, support\n"
        ),
        "{out}"
    );
    assert!(
        !out.contains("=C3") && !out.contains("Content-Transfer-Encoding"),
        "{out}"
    );
    // A contact without a name: no dangling space before the comma.
    desk.env.new_ticket("Bez jména", "anon@zakaznik.cz", &[]);
    let out = desk
        .run(&[
            "--as",
            "jana",
            "reply",
            "2",
            "--template",
            "answer",
            "--dry-run",
        ])
        .ok()
        .to_string();
    assert!(out.contains("\n\nDobrý den,\nopraveno."), "{out}");
    assert!(desk.sent().is_empty());
}

// ---------------------------------------------------------------- attachments

fn with_attachments(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use base64_like::encode;
    let mut s = format!(
        "Message-ID: <att@zakaznik.cz>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0100\r\nFrom: {CUSTOMER}\r\n\
         To: support@example.com\r\nSubject: Přílohy\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"BB\"\r\n\r\n--BB\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nV příloze.\r\n"
    );
    for (name, data) in parts {
        s.push_str(&format!(
            "--BB\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            encode(data)
        ));
    }
    s.push_str("--BB--\r\n");
    s.into_bytes()
}

mod base64_like {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    pub fn encode(data: &[u8]) -> String {
        let mut out = String::new();
        for c in data.chunks(3) {
            let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

fn sha(data: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(data))
}

#[test]
fn attachments_list_and_save_round_trip_bytes_under_safe_names() {
    let desk = Desk::new();
    let pdf: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 256) as u8).collect();
    let long = format!("{}.pdf", "dlouhé".repeat(40));
    desk.mail(
        "a1",
        &with_attachments(&[
            ("faktura.pdf", &pdf),
            ("../../etc/x", b"one"),
            (".bashrc", b"two"),
            (&long, b"three"),
            ("CON", b"four"),
        ]),
    );
    // Names as another writer or an older version may have stored them.
    let conn = desk.env.db();
    conn.execute(
        "UPDATE attachments SET name = ?1 WHERE name = 'x'",
        ["../../etc/x"],
    )
    .unwrap();
    conn.execute(
        "UPDATE attachments SET name = ?1 WHERE name = 'bashrc'",
        ["..\u{1b}[2J/.bashrc\r"],
    )
    .unwrap();
    drop(conn);

    let list = desk.run(&["attachments", "1", "--format", "json"]).json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["name"], "faktura.pdf");
    assert_eq!(list[0]["size"], 5000);
    let shown = desk.run(&["show", "1"]).ok().to_string();
    assert!(shown.contains("[1] faktura.pdf"), "{shown}");
    let tsv = desk.run(&["attachments", "1"]).ok().to_string();
    assert!(!tsv.contains('\u{1b}'), "{tsv}");

    let out = desk.env.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let r = desk.run(&["attachments", "1", "--save", "-o", out.to_str().unwrap()]);
    r.ok();
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    for f in &files {
        assert!(
            !f.starts_with('.') && !f.contains('/') && f.len() <= 200,
            "{f}"
        );
        assert!(!f.chars().any(char::is_control), "{f:?}");
        let mode = std::fs::metadata(out.join(f)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    assert!(files.contains(&"_CON".to_string()), "{files:?}");
    assert!(files.contains(&"x".to_string()), "{files:?}");
    assert!(!desk.env.path().join("etc").exists());
    assert_eq!(
        sha(&std::fs::read(out.join("faktura.pdf")).unwrap()),
        sha(&pdf)
    );

    // Again: nothing is overwritten, the copy is numbered.
    desk.run(&[
        "attachments",
        "1",
        "--save",
        "1",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(
        sha(&std::fs::read(out.join("faktura (1).pdf")).unwrap()),
        sha(&pdf)
    );

    // -o - writes one attachment's bytes to stdout.
    let mut c = desk
        .env
        .cmd(&["attachments", "1", "--save", "1", "-o", "-"]);
    let o = c.output().unwrap();
    assert_eq!(sha(&o.stdout), sha(&pdf));
    let r = desk.run(&["attachments", "1", "--save", "-o", "-"]);
    assert!(r.fails(2).contains("one attachment"), "{}", r.stderr);
    let r = desk.run(&["attachments", "1", "--save", "9"]);
    assert!(r.fails(2).contains("no attachment 9"), "{}", r.stderr);
}

// ---------------------------------------------------------------- followers

#[test]
fn cc_on_customer_mail_become_followers_who_get_every_reply() {
    let desk = Desk::new();
    desk.mail(
        "f1",
        &inbound(
            "c1@zakaznik.cz",
            "Objednávka",
            "Cc: Účetní <ucetni@zakaznik.cz>, support@example.com\r\n",
            "Dobrý den.\n",
        ),
    );
    let t = desk.show("1");
    assert_eq!(t["followers"], serde_json::json!(["ucetni@zakaznik.cz"]));
    let shown = desk.run(&["show", "1"]).ok().to_string();
    assert!(shown.contains("followers: ucetni@zakaznik.cz"), "{shown}");
    let list = desk
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    assert_eq!(
        list[0]["followers"],
        serde_json::json!(["ucetni@zakaznik.cz"])
    );

    for i in 0..2 {
        desk.run(&["--as", "jana", "reply", "1", "-m", &format!("Odpověď {i}")])
            .ok();
    }
    let envs = desk.smtp.envelopes();
    for e in &envs {
        assert_eq!(e.rcpt_tos, [CUSTOMER, "ucetni@zakaznik.cz"]);
    }
    assert!(
        header(&desk.sent()[1], "Cc")
            .unwrap()
            .contains("ucetni@zakaznik.cz")
    );

    desk.run(&["--as", "jana", "reply", "1", "-m", "Jen vám.", "--no-cc"])
        .ok();
    assert_eq!(desk.smtp.envelopes()[2].rcpt_tos, [CUSTOMER]);
    assert_eq!(header(&desk.sent()[2], "Cc"), None);
    assert_eq!(
        desk.show("1")["followers"],
        serde_json::json!(["ucetni@zakaznik.cz"])
    );
}

// ---------------------------------------------------------------- ratings

#[test]
fn a_ticket_closed_without_a_reply_gets_no_rating_request() {
    let desk = Desk::new();
    desk.mail("r1", &inbound("r1@zakaznik.cz", "Spam?", "", "Ahoj.\n"));
    let r = desk.run(&["status", "1", "closed"]);
    r.ok();
    assert!(r.stderr.contains("no rating request"), "{}", r.stderr);
    assert!(desk.sent().is_empty());
    assert_eq!(
        desk.run(&["outbox", "--format", "json"]).json(),
        serde_json::json!([])
    );
}

#[test]
fn rating_request_subject_has_one_tag_and_worded_ratings_count() {
    let desk = Desk::new();
    desk.mail(
        "r1",
        &inbound(
            "r1@zakaznik.cz",
            "Re: Porucha [REQ-000001]",
            "",
            "Nefunguje.\n",
        ),
    );
    desk.run(&[
        "--as",
        "jana",
        "reply",
        "1",
        "-m",
        "Opraveno.",
        "--then",
        "closed",
    ])
    .ok();
    let sent = desk.sent();
    assert_eq!(sent.len(), 2);
    let subject = MessageParser::default()
        .parse(&sent[1])
        .unwrap()
        .subject()
        .unwrap()
        .to_string();
    assert_eq!(subject.matches("[REQ-000001]").count(), 1, "{subject}");
    let request_id = header(&sent[1], "Message-ID").unwrap();

    let mut answer = inbound(
        "r2@zakaznik.cz",
        "Re: hodnocení",
        &format!("In-Reply-To: {request_id}\r\n"),
        "Hodnocení 1 – dlouho to trvalo\n",
    );
    desk.mail("r2", &answer);
    let t = desk.show("1");
    assert_eq!(
        (t["status"].as_str(), t["rating"].as_i64()),
        (Some("closed"), Some(1))
    );
    answer = inbound(
        "r3@zakaznik.cz",
        "Re: hodnocení",
        &format!("In-Reply-To: {request_id}\r\n"),
        "4 - dobré\n",
    );
    desk.mail("r3", &answer);
    let t = desk.show("1");
    assert_eq!(
        (t["status"].as_str(), t["rating"].as_i64()),
        (Some("closed"), Some(4))
    );
}
