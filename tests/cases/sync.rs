//! `hd sync` against a real Dovecot and local Maildirs: every message stored
//! exactly once, threaded by PRODUCT.md's rules, with the exit codes cron needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::support::servers::{Dovecot, free_port};
use crate::support::{BASE_CONFIG, Run, TestEnv};

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> Vec<u8> {
    let p = fixture_dir().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A `[[mailbox]]` table reading INBOX of a Dovecot user over plain IMAP.
fn imap_mailbox(name: &str, queue: &str, d: &Dovecot, user: &str, password: &str) -> String {
    format!(
        "\n[[mailbox]]\nname = \"{name}\"\nqueue = \"{queue}\"\ncategory = \"Service\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"{user}\", \
         password = \"{password}\", folder = \"INBOX\" }}\n",
        d.plain_port()
    )
}

/// BASE_CONFIG plus these mailbox tables.
fn env_with(mailboxes: &str) -> TestEnv {
    TestEnv::with_config(&format!("{BASE_CONFIG}{mailboxes}"))
}

/// An environment whose mailbox `inbox` reads alice's INBOX into `support`.
fn env_for(d: &Dovecot) -> TestEnv {
    let (user, password) = d.user();
    env_with(&imap_mailbox("inbox", "support", d, user, password))
}

/// A small plain-text message; `extra` holds further header lines, each ending in CRLF.
fn mail(id: &str, from: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, 02 Mar 2020 08:00:00 +0100\r\nFrom: {from}\r\n\
         To: support@example.com\r\nSubject: {subject}\r\n{extra}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// Every ticket not deleted, by number.
fn tickets(env: &TestEnv) -> Vec<Value> {
    let v = env
        .run(&[
            "list", "--view", "all", "--sort", "number", "--format", "json",
        ])
        .json();
    v.as_array().expect("a JSON array").clone()
}

/// Ticket numbers, sorted.
fn numbers(env: &TestEnv) -> Vec<String> {
    let r = env.run(&["list", "--view", "all", "--format", "ids"]);
    let mut v: Vec<String> = r.ok().lines().map(str::to_string).collect();
    v.sort();
    v
}

fn show(env: &TestEnv, ticket: &str) -> Value {
    env.run(&["show", ticket, "--format", "json"]).json()
}

/// Every stored interaction (the export listing, JSON lines).
fn interactions(env: &TestEnv) -> Vec<Value> {
    let r = env.run(&["export", "--format", "json"]);
    r.ok()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line ({e}): {l}")))
        .collect()
}

fn field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v}"))
}

/// The `-v` summary line `hd sync` prints last.
fn summary(
    fetched: usize,
    new: usize,
    threaded: usize,
    automatic: usize,
    dup: usize,
    unparsed: usize,
    failed: usize,
) -> String {
    format!(
        "fetched {fetched}, new tickets {new}, threaded {threaded}, automatic {automatic}, \
         auto-replies 0, duplicates {dup}, unparsed {unparsed}, failed mailboxes {failed}\n"
    )
}

/// A verbose sync that must succeed; returns its stderr.
#[track_caller]
/// The time and description of each event sync wrote on a shown ticket.
fn sync_events(shown: &Value) -> Vec<(&str, &str)> {
    shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == "sync")
        .map(|e| (field(e, "time"), field(e, "what")))
        .collect()
}

fn sync_v(env: &TestEnv) -> String {
    let r = env.run(&["sync", "-v"]);
    r.ok();
    assert_eq!(r.stdout, "", "sync prints nothing on stdout");
    r.stderr
}

/// An `hd` child process that is killed (SIGKILL) if the test ends early,
/// so a stopped sync never outlives a failed test.
struct Spawned(Child);

impl Spawned {
    fn pid(&self) -> i32 {
        self.0.id() as i32
    }

    fn signal(&self, sig: i32) {
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.pid(), sig);
        }
    }

    /// SIGSTOP, then waits until the kernel shows it stopped (or gone).
    fn pause(&mut self) {
        self.signal(libc::SIGSTOP);
        for _ in 0..10_000 {
            let stat =
                std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap_or_default();
            let state = stat.rsplit(") ").next().and_then(|s| s.chars().next());
            if matches!(state, Some('T') | Some('Z') | None) {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("hd (pid {}) did not stop", self.pid());
    }

    fn finished(&mut self) -> Option<std::process::ExitStatus> {
        self.0.try_wait().expect("try_wait")
    }

    fn wait(mut self) -> Run {
        let mut stdout = String::new();
        let mut stderr = String::new();
        use std::io::Read;
        if let Some(mut o) = self.0.stdout.take() {
            o.read_to_string(&mut stdout).unwrap();
        }
        if let Some(mut e) = self.0.stderr.take() {
            e.read_to_string(&mut stderr).unwrap();
        }
        let status = self.0.wait().expect("wait");
        Run {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn spawn_sync(env: &TestEnv) -> Spawned {
    let child = env
        .cmd(&["sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hd sync");
    Spawned(child)
}

/// Lets a sync run in small steps, pausing it (SIGSTOP) after each, until
/// some but not all of `total` tickets are stored; returns that count with
/// the sync still paused. Panics if the sync ends first.
fn pause_midway(env: &TestEnv, sync: &mut Spawned, total: usize) -> usize {
    for _ in 0..20_000 {
        sync.pause();
        if let Some(status) = sync.finished() {
            panic!(
                "hd sync ended ({status}) before it could be caught mid-way; stored {} of {total}",
                numbers(env).len()
            );
        }
        let r = env.run(&["list", "--view", "all", "--format", "ids"]);
        if r.code == 0 {
            let n = r.stdout.lines().count();
            if n > 0 && n < total {
                return n;
            }
            assert_eq!(
                n, 0,
                "a paused sync stored everything: no mid-way state seen"
            );
        } else {
            // Paused while it updated SQLite's WAL index (or held the lock a new
            // connection checks the journal mode under): no reader gets a snapshot
            // until it runs again. Resume it and look again.
            // Or paused before it created the database.
            assert!(
                r.stderr.contains("locking protocol")
                    || r.stderr.contains("database is locked")
                    || r.stderr.contains("no database at"),
                "{}",
                r.stderr
            );
        }
        sync.signal(libc::SIGCONT);
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("hd sync stored nothing for a long time");
}

/// `n` distinct messages, a few KB each, with INTERNALDATEs a minute apart.
fn bulk(n: usize, tag: &str) -> Vec<(Vec<u8>, Option<DateTime<FixedOffset>>)> {
    let base = at("2026-11-10T08:00:00+01:00");
    (1..=n)
        .map(|i| {
            let body = format!("Zpráva {i} z dávky {tag}. ").repeat(60);
            let raw = mail(
                &format!("{tag}-{i}@bulk.example.cz"),
                &format!("Zakaznik {i} <z{i}@bulk.example.cz>"),
                &format!("{tag} {i:05}"),
                "",
                &body,
            );
            (raw, Some(base + chrono::Duration::minutes(i as i64)))
        })
        .collect()
}

fn append_all(d: &Dovecot, user: &str, msgs: &[(Vec<u8>, Option<DateTime<FixedOffset>>)]) {
    let refs: Vec<(&[u8], Option<DateTime<FixedOffset>>)> =
        msgs.iter().map(|(r, t)| (r.as_slice(), *t)).collect();
    for chunk in refs.chunks(500) {
        d.append_many(user, "INBOX", chunk);
    }
}

/// Asserts the store holds exactly the `n` bulk messages of `tag`, each once.
#[track_caller]
fn assert_bulk_once(env: &TestEnv, tag: &str, n: usize) {
    let all = tickets(env);
    let mut subjects: BTreeMap<String, usize> = BTreeMap::new();
    for t in &all {
        *subjects.entry(field(t, "subject").to_string()).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = (1..=n).map(|i| (format!("{tag} {i:05}"), 1)).collect();
    assert_eq!(subjects, expected, "every message exactly once");
    let expected_numbers: Vec<String> = (1..=n).map(|i| format!("REQ-{i:06}")).collect();
    assert_eq!(numbers(env), expected_numbers);
    assert_eq!(interactions(env).len(), n);
}

// ---------------------------------------------------------------- the corpus

/// One message of the corpus test and what it must become.
struct Case {
    /// Fixture file, or "" for the inline original of the delivery report.
    file: &'static str,
    /// Subject of the ticket it makes (None: it threads onto `onto`'s ticket).
    subject: Option<&'static str>,
    /// The fixture whose ticket it joins.
    onto: Option<&'static str>,
    automatic: bool,
    attachments: i64,
    contact: Option<&'static str>,
}

const fn new(file: &'static str, subject: &'static str, contact: Option<&'static str>) -> Case {
    Case {
        file,
        subject: Some(subject),
        onto: None,
        automatic: false,
        attachments: 0,
        contact,
    }
}

const ORIGINAL: &str = "original-of-bounce";

fn corpus() -> Vec<Case> {
    vec![
        new(
            "plain-utf8.eml",
            "Nefunguje přihlášení do portálu",
            Some("jana.novakova@example.cz"),
        ),
        // References the Message-ID of plain-utf8.eml.
        Case {
            subject: None,
            onto: Some("plain-utf8.eml"),
            ..new("reply-with-tag.eml", "", Some("jana.novakova@example.cz"))
        },
        new(
            "windows-1250.eml",
            "Dotaz na fakturu č. 2024-0815",
            Some("petr.dvorak@example.cz"),
        ),
        new(
            "iso-8859-2-qp.eml",
            "Upit o dostavi - čekam već tjedan",
            Some("ivana.kovacic@example.hr"),
        ),
        new(
            "rfc2047-subject.eml",
            "Reklamace objednávky č. 123",
            Some("zakaznik@example.cz"),
        ),
        new(
            "japanese-iso-2022-jp.eml",
            "注文についてのお問い合わせ",
            Some("taro.yamada@example.jp"),
        ),
        new("koi8-r.eml", "Вопрос по заказу", Some("ivan@example.ru")),
        new(
            "eight-bit-headers.eml",
            "Dotaz – účtenka č. 77",
            Some("zdenek.stastny@example.cz"),
        ),
        new(
            "eight-bit-headers-cp1250.eml",
            "Stížnost na doručení",
            Some("jiri.cerny@example.cz"),
        ),
        new(
            "html-only.eml",
            "Poskozena zasilka",
            Some("eva.mala@example.com"),
        ),
        Case {
            attachments: 5,
            ..new(
                "nested-multipart.eml",
                "Objednávka s přílohami",
                Some("alena.bila@example.cz"),
            )
        },
        Case {
            attachments: 1,
            ..new(
                "winmail-dat.eml",
                "Smlouva k podpisu",
                Some("karel.vesely@example.eu"),
            )
        },
        Case {
            attachments: 1,
            ..new(
                "big-attachment.eml",
                "Logy ze serveru",
                Some("lukas.hruby@example.cz"),
            )
        },
        new(
            "no-message-id.eml",
            "Kontaktní formulář",
            Some("formular@firma.cz"),
        ),
        Case {
            attachments: 1,
            ..new(
                "broken-mime.eml",
                "Fotky poskozeneho zbozi",
                Some("tomas.novy@example.cz"),
            )
        },
        new(
            "broken-mime-no-boundary.eml",
            "Objednavka",
            Some("old@example.cz"),
        ),
        new("headerless.eml", "(no subject)", None),
        new(
            "duplicate-message-id-a.eml",
            "Objednavka 3301",
            Some("ondrej.kral@example.com"),
        ),
        new(
            "duplicate-message-id-b.eml",
            "Objednavka 3301",
            Some("ondrej.kral@example.com"),
        ),
        // The message delivery-report.eml returns (Message-ID <orig-123@example.com>).
        new(ORIGINAL, "Dotaz na dopravu", Some("nobody@example.com")),
        Case {
            subject: None,
            onto: Some(ORIGINAL),
            automatic: true,
            attachments: 2,
            ..new("delivery-report.eml", "", Some("mailer-daemon@mx.firma.cz"))
        },
        Case {
            automatic: true,
            attachments: 2,
            ..new(
                "delivery-report-headers.eml",
                "Delivery Status Notification (Failure)",
                Some("postmaster@mail.example.net"),
            )
        },
        Case {
            automatic: true,
            ..new(
                "delivery-report-body.eml",
                "failure notice",
                Some("mailer-daemon@mail.example.org"),
            )
        },
        Case {
            automatic: true,
            ..new(
                "out-of-office.eml",
                "Automatická odpověď: Re: Dotaz [REQ-000042]",
                Some("martin.horak@example.cz"),
            )
        },
        Case {
            automatic: true,
            ..new(
                "bulk-newsletter.eml",
                "Jarní slevy až 50 %",
                Some("news@example-shop.cz"),
            )
        },
        Case {
            automatic: true,
            ..new(
                "noreply-sender.eml",
                "Potvrzení objednávky 2024-991",
                Some("no-reply@example-shop.cz"),
            )
        },
        // Names REQ-000279, which does not exist: a new ticket.
        new(
            "rating-reply.eml",
            "Re: Ohodnoťte prosím vyřízení [REQ-000279]",
            Some("pavel.kos@example.com"),
        ),
    ]
}

fn corpus_raw(file: &str) -> Vec<u8> {
    if file == ORIGINAL {
        mail(
            "orig-123@example.com",
            "Nobody <nobody@example.com>",
            "Dotaz na dopravu",
            "",
            "Kdy doruc\u{ed}te?",
        )
    } else {
        fixture(file)
    }
}

#[test]
fn corpus_over_imap_one_interaction_per_message() {
    let d = Dovecot::start();
    let env = env_for(&d);
    let cases = corpus();

    // The test covers the whole fixture folder: a new fixture must be added here.
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = cases
        .iter()
        .filter(|c| c.file != ORIGINAL)
        .map(|c| c.file.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk);

    let base = at("2026-11-20T08:00:00+00:00");
    let msgs: Vec<(Vec<u8>, Option<DateTime<FixedOffset>>)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                corpus_raw(c.file),
                Some(base + chrono::Duration::minutes(i as i64)),
            )
        })
        .collect();
    append_all(&d, "alice", &msgs);

    // Expected ticket of every message, in arrival order.
    let mut ticket_of: BTreeMap<&str, String> = BTreeMap::new();
    let mut next = 0;
    for c in &cases {
        let t = match c.onto {
            Some(o) => ticket_of[o].clone(),
            None => {
                next += 1;
                format!("REQ-{next:06}")
            }
        };
        ticket_of.insert(c.file, t);
    }
    let t = |file: &str| ticket_of[file].clone();

    let stderr = sync_v(&env);
    let expected = format!(
        "{}: stored raw, parsing was partial: multipart boundary \"----=_Part_1234_5678\" is never closed; part 2 (image/jpeg) \"foto1.jpg\" is damaged\n\
         {}: stored raw, parsing was partial: multipart/alternative without a boundary; guessed \"XyZ\"\n\
         {}: stored raw, parsing was partial: no headers found; the whole message is kept as the body\n{}",
        t("broken-mime.eml"),
        t("broken-mime-no-boundary.eml"),
        t("headerless.eml"),
        summary(27, 25, 2, 6, 0, 3, 0)
    );
    assert_eq!(stderr, expected);

    // One ticket per message that threads nowhere, in arrival order.
    let list = tickets(&env);
    let new_cases: Vec<(usize, &Case)> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.onto.is_none())
        .collect();
    assert_eq!(list.len(), 25);
    for (t, (i, c)) in list.iter().zip(&new_cases) {
        assert_eq!(field(t, "number"), ticket_of[c.file], "{}", c.file);
        assert_eq!(t["subject"], c.subject.unwrap(), "{}", c.file);
        assert_eq!(t["queue"], "support");
        assert_eq!(t["category"], "Service");
        assert_eq!(t["status"], "queued", "{}", c.file);
        assert_eq!(t["contact"].as_str(), c.contact, "{}", c.file);
        // Arrival is the INTERNALDATE (shown in Prague time), never the Date header.
        let arrived = (base + chrono::Duration::minutes(*i as i64))
            .with_timezone(&FixedOffset::east_opt(3600).unwrap())
            .to_rfc3339();
        assert_eq!(t["created"], arrived, "{}", c.file);
    }

    // One interaction per message, on the right ticket, flagged when automatic.
    let all = interactions(&env);
    assert_eq!(all.len(), 27);
    let mut per_ticket: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    for c in &cases {
        per_ticket
            .entry(ticket_of[c.file].clone())
            .or_default()
            .push(c);
    }
    for (number, cs) in &per_ticket {
        let s = show(&env, number);
        let inter = s["interactions"].as_array().unwrap();
        assert_eq!(inter.len(), cs.len(), "{number}");
        for (i, c) in inter.iter().zip(cs) {
            assert_eq!(i["direction"], "in", "{}", c.file);
            assert_eq!(i["automatic"], c.automatic, "{}", c.file);
            assert_eq!(i["attachments"], c.attachments, "{}", c.file);
            assert_eq!(i["contact"].as_str(), c.contact, "{}", c.file);
        }
    }

    // Subjects and texts of every charset come out right.
    let text_of = |file: &str| -> String {
        let s = show(&env, &t(file));
        let inter = s["interactions"].as_array().unwrap();
        field(inter.last().unwrap(), "text").to_string()
    };
    assert_eq!(
        text_of("japanese-iso-2022-jp.eml"),
        "いつもお世話になっております。\n注文番号123について質問があります。\n山田太郎"
    );
    assert_eq!(
        text_of("koi8-r.eml"),
        "Здравствуйте! Заказ номер 42 ещё не пришёл."
    );
    assert_eq!(
        text_of("eight-bit-headers-cp1250.eml"),
        "Zásilka přišla o týden později, než bylo slíbeno."
    );
    assert!(text_of("windows-1250.eml").contains("Příliš žluťoučký kůň úpěl ďábelské ódy."));
    assert!(
        text_of("iso-8859-2-qp.eml")
            .starts_with("Poštovani,\n\nnarudžba br. 4471 još nije stigla. Čekam već")
    );
    assert_eq!(
        text_of("html-only.eml"),
        "Dobrý den,\n\nobjednávka č. 555 dorazila poškozená:\n* rozbitá krabice\n* chybí návod\n\nFotky viz galerie <https://example.com/fotky>."
    );
    assert_eq!(
        text_of("headerless.eml"),
        "Dobrý den,\nposílám dotaz bez hlaviček, protože mi nefunguje pošta.\nDíky, Láďa"
    );
    assert_eq!(
        text_of("duplicate-message-id-a.eml"),
        "Prvni verze: prosim o 3 kusy."
    );
    assert_eq!(
        text_of("duplicate-message-id-b.eml"),
        "Druha verze: prosim o 5 kusu."
    );
    let reply = show(&env, &t("reply-with-tag.eml"));
    assert_eq!(
        reply["interactions"][1]["subject"],
        "Re: Problém [REQ-000001]"
    );

    // A message that could not be fully parsed is flagged where operators look.
    let text = env.run(&["show", &t("headerless.eml")]);
    assert!(
        text.ok()
            .contains("(stored raw; parsing was partial: no headers found; the whole message is kept as the body)"),
        "{}",
        text.stdout
    );

    // The bounce is on the ticket of the message it returns, and reopened nothing.
    let bounced = show(&env, &t(ORIGINAL));
    assert_eq!(bounced["status"], "queued");
    assert_eq!(
        bounced["interactions"][1]["subject"],
        "Undelivered Mail Returned to Sender"
    );

    // Running again adds nothing and says nothing.
    let again = env.run(&["sync"]);
    again.ok();
    assert_eq!((again.stdout.as_str(), again.stderr.as_str()), ("", ""));
    assert_eq!(sync_v(&env), summary(0, 0, 0, 0, 0, 0, 0));
    assert_eq!(tickets(&env).len(), 25);
    assert_eq!(interactions(&env).len(), 27);
}

#[test]
fn arrival_time_is_internaldate_not_the_date_header() {
    let d = Dovecot::start();
    let env = env_for(&d);
    // plain-utf8.eml is dated 14 May 2024; the server received it in November 2026.
    d.append(
        "alice",
        "INBOX",
        &fixture("plain-utf8.eml"),
        Some(at("2026-11-21T15:45:10+02:00")),
    );
    env.run(&["sync"]).ok();
    let s = show(&env, "1");
    assert_eq!(s["created"], "2026-11-21T14:45:10+01:00");
    assert_eq!(s["updated"], "2026-11-21T14:45:10+01:00");
    assert_eq!(s["interactions"][0]["time"], "2026-11-21T14:45:10+01:00");
    assert_eq!(s["events"][0]["time"], "2026-11-21T14:45:10+01:00");
    assert_eq!(s["events"][0]["actor"], "sync");

    // Mail the local delivery agent dropped into the server's Maildir: its
    // file time is what the server reports as INTERNALDATE.
    let delivered = at("2026-11-22T07:30:00+01:00").timestamp() as u64;
    d.deliver_maildir_at(
        "alice",
        &fixture("koi8-r.eml"),
        UNIX_EPOCH + Duration::from_secs(delivered),
    );
    env.run(&["sync"]).ok();
    let s = show(&env, "2");
    assert_eq!(s["subject"], "Вопрос по заказу");
    assert_eq!(s["created"], "2026-11-22T07:30:00+01:00");
}

// ---------------------------------------------------------------- threading

#[test]
fn threading_by_message_id_and_subject_tag_from_contact_or_cc_only() {
    let d = Dovecot::start();
    let env = env_for(&d);
    let t0 = at("2026-11-20T09:00:00+01:00");
    let m = |min: i64| Some(t0 + chrono::Duration::minutes(min));
    let msgs = vec![
        (
            mail(
                "t1@acme.cz",
                "Karel Novak <karel@acme.cz>",
                "Tiskarna nefunguje",
                "Cc: Petra <petra@acme.cz>\r\n",
                "Netiskne.",
            ),
            m(0),
        ),
        // A stored Message-ID in In-Reply-To, whatever the subject says.
        (
            mail(
                "t2@acme.cz",
                "Karel Novak <karel@acme.cz>",
                "Jeste jedna vec",
                "In-Reply-To: <t1@acme.cz>\r\n",
                "A skener taky ne.",
            ),
            m(1),
        ),
        // The ticket number in the subject, from the ticket's contact (any case).
        (
            mail(
                "t3@acme.cz",
                "KAREL@ACME.CZ",
                "Re: Tiskarna nefunguje [REQ-000001]",
                "References: <unknown-9@elsewhere.example>\r\n",
                "Uz je to lepsi.",
            ),
            m(2),
        ),
        // The same number from a stranger: a new ticket, never someone else's.
        (
            mail(
                "t4@evil.example",
                "Stranger <stranger@evil.example>",
                "Re: Tiskarna nefunguje [REQ-000001]",
                "",
                "Dejte mi data.",
            ),
            m(3),
        ),
        // From a person who was in Cc of the ticket.
        (
            mail(
                "t5@acme.cz",
                "Petra <petra@acme.cz>",
                "RE: [REQ-000001] doplneni",
                "",
                "Doplnuji.",
            ),
            m(4),
        ),
        (
            mail(
                "t6@other.cz",
                "Jan <jan@other.cz>",
                "Faktura",
                "",
                "Kde je faktura?",
            ),
            m(5),
        ),
        // Part of the Cc's address is not the Cc: a stranger again.
        (
            mail("t9@acme.cz", "tra@acme.cz", "Re: [REQ-000001]", "", "Cizi."),
            m(6),
        ),
    ];
    append_all(&d, "alice", &msgs);
    assert_eq!(sync_v(&env), summary(7, 4, 3, 0, 0, 0, 0));
    let list = tickets(&env);
    let got: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|t| (field(t, "number"), field(t, "subject"), field(t, "contact")))
        .collect();
    assert_eq!(
        got,
        vec![
            ("REQ-000001", "Tiskarna nefunguje", "karel@acme.cz"),
            (
                "REQ-000002",
                "Re: Tiskarna nefunguje [REQ-000001]",
                "stranger@evil.example"
            ),
            ("REQ-000003", "Faktura", "jan@other.cz"),
            ("REQ-000004", "Re: [REQ-000001]", "tra@acme.cz"),
        ]
    );
    let s = show(&env, "REQ-000001");
    let texts: Vec<&str> = s["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| field(i, "text"))
        .collect();
    assert_eq!(
        texts,
        vec![
            "Netiskne.",
            "A skener taky ne.",
            "Uz je to lepsi.",
            "Doplnuji."
        ]
    );
    // Customer replies to a ticket nobody works on yet leave it queued.
    assert_eq!(s["status"], "queued");
    assert_eq!(s["updated"], "2026-11-20T09:04:00+01:00");

    // A reply to a merged ticket lands on the merge target: by Message-ID and
    // by the merged ticket's number from its own contact.
    env.run(&["merge", "REQ-000003", "REQ-000001"]).ok();
    let msgs = vec![
        (
            mail(
                "t7@other.cz",
                "Jan <jan@other.cz>",
                "Re: Faktura",
                "In-Reply-To: <t6@other.cz>\r\n",
                "Porad nic.",
            ),
            m(10),
        ),
        (
            mail(
                "t8@other.cz",
                "Jan <jan@other.cz>",
                "Re: Faktura [REQ-000003]",
                "",
                "Haló?",
            ),
            m(11),
        ),
    ];
    append_all(&d, "alice", &msgs);
    assert_eq!(sync_v(&env), summary(2, 0, 2, 0, 0, 0, 0));
    let on_one: Vec<String> = interactions(&env)
        .iter()
        .filter(|i| i["ticket"] == "REQ-000001")
        .map(|i| field(i, "text").to_string())
        .collect();
    assert!(
        on_one.contains(&"Porad nic.".to_string()) && on_one.contains(&"Haló?".to_string()),
        "{on_one:?}"
    );
    assert_eq!(
        numbers(&env),
        vec!["REQ-000001", "REQ-000002", "REQ-000004"]
    );
}

#[test]
fn customer_reply_moves_a_waiting_ticket_to_open() {
    let d = Dovecot::start();
    let mut env = env_for(&d);
    d.append(
        "alice",
        "INBOX",
        &mail("w1@acme.cz", "karel@acme.cz", "Dotaz", "", "Prvni."),
        Some(at("2026-11-23T08:00:00+01:00")),
    );
    env.run(&["sync"]).ok();
    env.run(&["status", "1", "waiting"]).ok();
    d.append(
        "alice",
        "INBOX",
        &mail(
            "w2@acme.cz",
            "karel@acme.cz",
            "Re: Dotaz",
            "In-Reply-To: <w1@acme.cz>\r\n",
            "Odpoved.",
        ),
        Some(at("2026-11-23T10:30:00+01:00")),
    );
    env.now = "2026-11-23T11:00:00+01:00".into();
    env.run(&["sync"]).ok();
    let s = show(&env, "1");
    assert_eq!(s["status"], "open");
    assert_eq!(s["updated"], "2026-11-23T10:30:00+01:00");
    let last = s["events"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["actor"] == "sync")
        .unwrap()
        .clone();
    assert_eq!(
        last,
        serde_json::json!({"time": "2026-11-23T10:30:00+01:00", "actor": "sync", "what": "status: waiting → open"})
    );
}

#[test]
fn reply_to_closed_ticket_reopens_within_reopen_days_else_makes_a_linked_ticket() {
    let d = Dovecot::start();
    let config = BASE_CONFIG.replacen(
        "prefix = \"REQ\"\n",
        "prefix = \"REQ\"\nreopen_days = 7\n",
        1,
    );
    assert_ne!(config, BASE_CONFIG);
    let (user, password) = d.user();
    let mut env = TestEnv::with_config(&format!(
        "{config}{}",
        imap_mailbox("inbox", "support", &d, user, password)
    ));
    d.append(
        "alice",
        "INBOX",
        &mail("c1@acme.cz", "karel@acme.cz", "Reklamace", "", "Rozbite."),
        Some(at("2026-11-02T09:00:00+01:00")),
    );
    env.now = "2026-11-02T10:00:00+01:00".into();
    env.run(&["sync"]).ok();
    env.now = "2026-11-02T12:00:00+01:00".into();
    env.run(&["status", "1", "closed"]).ok();

    // Six days after closing: the same ticket opens again.
    d.append(
        "alice",
        "INBOX",
        &mail(
            "c2@acme.cz",
            "karel@acme.cz",
            "Re: Reklamace",
            "In-Reply-To: <c1@acme.cz>\r\n",
            "Zase rozbite.",
        ),
        Some(at("2026-11-08T12:00:00+01:00")),
    );
    env.now = "2026-11-08T13:00:00+01:00".into();
    assert_eq!(sync_v(&env), summary(1, 0, 1, 0, 0, 0, 0));
    let s = show(&env, "1");
    assert_eq!(s["status"], "open");
    assert_eq!(s["interactions"].as_array().unwrap().len(), 2);
    let whats = sync_events(&s);
    assert_eq!(
        whats,
        vec![
            ("2026-11-02T09:00:00+01:00", "created REQ-000001"),
            ("2026-11-08T12:00:00+01:00", "status: closed → open"),
            (
                "2026-11-08T12:00:00+01:00",
                "reopened by the customer's reply"
            ),
        ]
    );

    // Closed again; a reply more than seven days later opens a new ticket
    // that continues the old one, which stays closed.
    env.now = "2026-11-09T08:00:00+01:00".into();
    env.run(&["status", "1", "closed"]).ok();
    d.append(
        "alice",
        "INBOX",
        &mail(
            "c3@acme.cz",
            "karel@acme.cz",
            "Re: Reklamace",
            "In-Reply-To: <c2@acme.cz>\r\n",
            "Po case znovu.",
        ),
        Some(at("2026-11-16T09:00:00+01:00")),
    );
    env.now = "2026-11-16T10:00:00+01:00".into();
    assert_eq!(sync_v(&env), summary(1, 1, 0, 0, 0, 0, 0));
    assert_eq!(show(&env, "1")["status"], "closed");
    assert_eq!(show(&env, "1")["interactions"].as_array().unwrap().len(), 2);
    let s = show(&env, "2");
    assert_eq!(s["status"], "queued");
    assert_eq!(s["subject"], "Re: Reklamace");
    assert_eq!(s["created"], "2026-11-16T09:00:00+01:00");
    assert_eq!(s["interactions"][0]["text"], "Po case znovu.");
    assert!(
        s["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "continues REQ-000001"),
        "{}",
        s["events"]
    );
}

#[test]
fn automatic_mail_never_reopens_or_wakes_a_ticket() {
    let d = Dovecot::start();
    let mut env = env_for(&d);
    let t0 = at("2026-11-20T09:00:00+01:00");
    d.append_many(
        "alice",
        "INBOX",
        &[
            (
                &mail("a1@acme.cz", "karel@acme.cz", "Closed one", "", "x"),
                Some(t0),
            ),
            (
                &mail("a2@acme.cz", "jana@acme.cz", "Waiting one", "", "y"),
                Some(t0),
            ),
        ],
    );
    env.run(&["sync"]).ok();
    env.run(&["status", "1", "closed"]).ok();
    env.run(&["status", "2", "waiting"]).ok();

    let ooo = |id: &str, to: &str, from: &str| {
        mail(
            id,
            from,
            "Automaticka odpoved: Re: Dotaz",
            &format!("In-Reply-To: <{to}>\r\nAuto-Submitted: auto-replied\r\n"),
            "Jsem mimo kancelar.",
        )
    };
    // A bounce returning the first message.
    let bounce = String::from_utf8(fixture("delivery-report.eml"))
        .unwrap()
        .replace("orig-123@example.com", "a1@acme.cz");
    let t1 = at("2026-11-24T09:00:00+01:00");
    d.append_many(
        "alice",
        "INBOX",
        &[
            (&ooo("o1@acme.cz", "a1@acme.cz", "karel@acme.cz"), Some(t1)),
            (&ooo("o2@acme.cz", "a2@acme.cz", "jana@acme.cz"), Some(t1)),
            (bounce.as_bytes(), Some(t1)),
        ],
    );
    env.now = "2026-11-24T10:00:00+01:00".into();
    assert_eq!(sync_v(&env), summary(3, 0, 3, 3, 0, 0, 0));
    let one = show(&env, "1");
    assert_eq!(one["status"], "closed");
    let autos: Vec<bool> = one["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["automatic"].as_bool().unwrap())
        .collect();
    assert_eq!(autos, vec![false, true, true]);
    let two = show(&env, "2");
    assert_eq!(two["status"], "waiting");
    assert_eq!(two["interactions"][1]["automatic"], true);
    assert_eq!(numbers(&env), vec!["REQ-000001", "REQ-000002"]);
}

#[test]
fn same_message_in_two_queues_mailboxes_makes_one_ticket_in_each() {
    let d = Dovecot::start();
    let env = env_with(&format!(
        "{}{}",
        imap_mailbox("support-inbox", "support", &d, "alice", "secret"),
        imap_mailbox("sales-inbox", "sales", &d, "bob", "secret")
    ));
    let raw = fixture("plain-utf8.eml");
    let t0 = Some(at("2026-11-20T09:00:00+01:00"));
    d.append("alice", "INBOX", &raw, t0);
    d.append("bob", "INBOX", &raw, t0);
    assert_eq!(sync_v(&env), summary(2, 2, 0, 0, 0, 0, 0));
    let got: Vec<(String, String, String)> = tickets(&env)
        .iter()
        .map(|t| {
            (
                field(t, "number").to_string(),
                field(t, "queue").to_string(),
                field(t, "subject").to_string(),
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "REQ-000001".into(),
                "support".into(),
                "Nefunguje přihlášení do portálu".into()
            ),
            (
                "SAL-000002".into(),
                "sales".into(),
                "Nefunguje přihlášení do portálu".into()
            ),
        ]
    );
    // The customer's reply reaches both mailboxes too: each copy threads in its own queue.
    let reply = fixture("reply-with-tag.eml");
    let t1 = Some(at("2026-11-20T10:00:00+01:00"));
    d.append("alice", "INBOX", &reply, t1);
    d.append("bob", "INBOX", &reply, t1);
    assert_eq!(sync_v(&env), summary(2, 0, 2, 0, 0, 0, 0));
    for n in ["REQ-000001", "SAL-000002"] {
        let s = show(&env, n);
        assert_eq!(s["interactions"].as_array().unwrap().len(), 2, "{n}");
    }
    assert_eq!(sync_v(&env), summary(0, 0, 0, 0, 0, 0, 0));
    assert_eq!(interactions(&env).len(), 4);
}

#[test]
fn same_message_id_different_content_both_stored_identical_copy_once() {
    let d = Dovecot::start();
    let env = env_for(&d);
    let a = fixture("duplicate-message-id-a.eml");
    let b = fixture("duplicate-message-id-b.eml");
    let t0 = at("2026-11-20T09:00:00+01:00");
    d.append_many(
        "alice",
        "INBOX",
        &[
            (&a, Some(t0)),
            (&b, Some(t0 + chrono::Duration::minutes(5))),
        ],
    );
    assert_eq!(sync_v(&env), summary(2, 2, 0, 0, 0, 0, 0));
    let texts: Vec<String> = interactions(&env)
        .iter()
        .map(|i| format!("{} {}", field(i, "ticket"), field(i, "text")))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        texts,
        vec![
            "REQ-000001 Prvni verze: prosim o 3 kusy.",
            "REQ-000002 Druha verze: prosim o 5 kusu.",
        ]
    );
    // The very same bytes delivered to the mailbox again are already stored.
    d.append(
        "alice",
        "INBOX",
        &a,
        Some(t0 + chrono::Duration::minutes(9)),
    );
    assert_eq!(sync_v(&env), summary(1, 0, 0, 0, 1, 0, 0));
    assert_eq!(interactions(&env).len(), 2);
}

/// One batch that holds a message, its exact copy and a reply to it, from a
/// sender known without a name: what a batch looks up at its start must stay
/// right while the batch stores (the copy is a duplicate, the reply finds the
/// ticket made a moment before, the contact gets the name once).
#[test]
fn one_batch_with_a_copy_and_a_reply_to_its_own_message_stores_each_once() {
    let d = Dovecot::start();
    let env = env_for(&d);
    // The folder's first sync: history from here on is imported.
    sync_v(&env);
    let known = env.new_ticket("Starší dotaz", "jana@zakaznik.cz", &[]);
    let first = mail(
        "dotaz-1@zakaznik.cz",
        "Jana Nová <jana@zakaznik.cz>",
        "Reklamace",
        "",
        "Dobrý den, reklamuji zboží.",
    );
    let reply = mail(
        "dotaz-2@zakaznik.cz",
        "Jana Nová <jana@zakaznik.cz>",
        "Re: Reklamace",
        "In-Reply-To: <dotaz-1@zakaznik.cz>\r\nReferences: <dotaz-1@zakaznik.cz>\r\n",
        "Ještě fotografie.",
    );
    let t0 = at("2026-11-20T09:00:00+01:00");
    d.append_many(
        "alice",
        "INBOX",
        &[
            (&first, Some(t0)),
            (&first, Some(t0 + chrono::Duration::minutes(1))),
            (&reply, Some(t0 + chrono::Duration::minutes(2))),
        ],
    );
    assert_eq!(sync_v(&env), summary(3, 1, 1, 0, 1, 0, 0));
    let all = interactions(&env);
    let on: Vec<(&str, &str)> = all
        .iter()
        .map(|i| (field(i, "ticket"), field(i, "text")))
        .filter(|(t, _)| *t != known)
        .collect();
    assert_eq!(
        on,
        vec![
            ("REQ-000002", "Dobrý den, reklamuji zboží."),
            ("REQ-000002", "Ještě fotografie."),
        ]
    );
    let shown = env.run(&["show", &known]);
    let shown = shown.ok();
    assert!(
        shown.contains("contact: Jana Nová <jana@zakaznik.cz>"),
        "the known contact got its name: {shown}"
    );
    // Nothing of it is stored again.
    assert_eq!(sync_v(&env), summary(0, 0, 0, 0, 0, 0, 0));
}

/// A batch that brings a second message under a Message-ID already stored,
/// then a reply to that Message-ID: the reply threads onto the ticket of the
/// newest message carrying it, the one of this batch, as it would had the two
/// come in separate batches.
#[test]
fn a_reply_threads_onto_the_newest_carrier_of_its_message_id_within_a_batch() {
    let d = Dovecot::start();
    let env = env_for(&d);
    let t0 = at("2026-11-20T09:00:00+01:00");
    let first = mail(
        "objednavka@zakaznik.cz",
        "Jana Nová <jana@zakaznik.cz>",
        "Objednávka",
        "",
        "První verze.",
    );
    d.append("alice", "INBOX", &first, Some(t0));
    assert_eq!(sync_v(&env), summary(1, 1, 0, 0, 0, 0, 0));
    let again = mail(
        "objednavka@zakaznik.cz",
        "Petr Malý <petr@jinde.cz>",
        "Objednávka",
        "",
        "Druhá verze.",
    );
    let reply = mail(
        "doplneni@jinde.cz",
        "Petr Malý <petr@jinde.cz>",
        "Re: Objednávka",
        "In-Reply-To: <objednavka@zakaznik.cz>\r\n",
        "Doplňuji.",
    );
    d.append_many(
        "alice",
        "INBOX",
        &[
            (&again, Some(t0 + chrono::Duration::hours(1))),
            (&reply, Some(t0 + chrono::Duration::hours(2))),
        ],
    );
    assert_eq!(sync_v(&env), summary(2, 1, 1, 0, 0, 0, 0));
    assert_eq!(
        texts_by_ticket(&env),
        vec![
            ("REQ-000001".into(), "První verze.".into()),
            ("REQ-000002".into(), "Doplňuji.".into()),
            ("REQ-000002".into(), "Druhá verze.".into()),
        ]
    );
}

/// The same, when a rule moves the newest carrier's ticket to another queue:
/// the reply keeps to the mailbox's queue, on the older carrier's ticket, as
/// it would had the two come in separate batches.
#[test]
fn a_reply_within_a_batch_prefers_the_carrier_in_the_mailboxs_queue() {
    let d = Dovecot::start();
    let (user, password) = d.user();
    let env = env_with(&format!(
        "{}\n[[rule]]\nname = \"petr sells\"\nif = {{ from = \"petr@jinde.cz\" }}\n\
         then = {{ queue = \"sales\" }}\n",
        imap_mailbox("inbox", "support", &d, user, password)
    ));
    let t0 = at("2026-11-20T09:00:00+01:00");
    let first = mail(
        "objednavka@zakaznik.cz",
        "Jana Nová <jana@zakaznik.cz>",
        "Objednávka",
        "",
        "První verze.",
    );
    d.append("alice", "INBOX", &first, Some(t0));
    assert_eq!(sync_v(&env), summary(1, 1, 0, 0, 0, 0, 0));
    let again = mail(
        "objednavka@zakaznik.cz",
        "Petr Malý <petr@jinde.cz>",
        "Objednávka",
        "",
        "Druhá verze.",
    );
    let reply = mail(
        "doplneni@zakaznik.cz",
        "Jana Nová <jana@zakaznik.cz>",
        "Re: Objednávka",
        "In-Reply-To: <objednavka@zakaznik.cz>\r\n",
        "Doplňuji.",
    );
    d.append_many(
        "alice",
        "INBOX",
        &[
            (&again, Some(t0 + chrono::Duration::hours(1))),
            (&reply, Some(t0 + chrono::Duration::hours(2))),
        ],
    );
    assert_eq!(sync_v(&env), summary(2, 1, 1, 0, 0, 0, 0));
    assert_eq!(
        texts_by_ticket(&env),
        vec![
            ("REQ-000001".into(), "Doplňuji.".into()),
            ("REQ-000001".into(), "První verze.".into()),
            ("REQ-000002".into(), "Druhá verze.".into()),
        ]
    );
    let queues: Vec<(String, String)> = tickets(&env)
        .iter()
        .map(|t| {
            (
                field(t, "number").to_string(),
                field(t, "queue").to_string(),
            )
        })
        .collect();
    assert_eq!(
        queues,
        vec![
            ("REQ-000001".into(), "support".into()),
            ("REQ-000002".into(), "sales".into()),
        ]
    );
}

/// Two replies to one closed ticket in one batch: the first opens it again,
/// the second finds it open (what a batch read at its start is used once).
#[test]
fn two_replies_in_one_batch_reopen_their_ticket_once() {
    let d = Dovecot::start();
    let mut env = env_for(&d);
    d.append(
        "alice",
        "INBOX",
        &mail("c1@acme.cz", "karel@acme.cz", "Reklamace", "", "Rozbite."),
        Some(at("2026-11-02T09:00:00+01:00")),
    );
    env.now = "2026-11-02T10:00:00+01:00".into();
    env.run(&["sync"]).ok();
    env.run(&["status", "1", "closed"]).ok();
    let reply = |id: &str, minute: u32, body: &str| {
        (
            mail(
                id,
                "karel@acme.cz",
                "Re: Reklamace",
                "In-Reply-To: <c1@acme.cz>\r\n",
                body,
            ),
            Some(at(&format!("2026-11-03T09:{minute:02}:00+01:00"))),
        )
    };
    let (a, ta) = reply("c2@acme.cz", 0, "Zase rozbite.");
    let (b, tb) = reply("c3@acme.cz", 5, "A jeste neco.");
    d.append_many("alice", "INBOX", &[(&a, ta), (&b, tb)]);
    env.now = "2026-11-03T10:00:00+01:00".into();
    assert_eq!(sync_v(&env), summary(2, 0, 2, 0, 0, 0, 0));
    let s = show(&env, "1");
    assert_eq!(s["status"], "open");
    assert_eq!(s["interactions"].as_array().unwrap().len(), 3);
    let whats = sync_events(&s);
    assert_eq!(
        whats,
        vec![
            ("2026-11-02T09:00:00+01:00", "created REQ-000001"),
            ("2026-11-03T09:00:00+01:00", "status: closed → open"),
            (
                "2026-11-03T09:00:00+01:00",
                "reopened by the customer's reply"
            ),
        ]
    );
}

// ---------------------------------------------------------------- crash safety

#[test]
fn uidvalidity_change_rescans_and_stores_nothing_twice() {
    let d = Dovecot::start();
    let env = env_for(&d);
    let t0 = at("2026-11-20T09:00:00+01:00");
    let files = [
        "plain-utf8.eml",
        "headerless.eml",
        "no-message-id.eml",
        "duplicate-message-id-a.eml",
        "duplicate-message-id-b.eml",
    ];
    let msgs: Vec<(Vec<u8>, Option<DateTime<FixedOffset>>)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (fixture(f), Some(t0 + chrono::Duration::minutes(i as i64))))
        .collect();
    append_all(&d, "alice", &msgs);
    let first = sync_v(&env);
    assert!(first.ends_with(&summary(5, 5, 0, 0, 0, 1, 0)), "{first}");

    let old = d.uidvalidity("alice", "INBOX");
    let new = d.bump_uidvalidity("alice", "INBOX");
    d.append(
        "alice",
        "INBOX",
        &fixture("koi8-r.eml"),
        Some(t0 + chrono::Duration::hours(1)),
    );
    let second = sync_v(&env);
    assert_eq!(
        second,
        format!(
            "mailbox inbox: folder INBOX UIDVALIDITY changed ({old} → {new}); rescanning\n{}",
            summary(6, 1, 0, 0, 5, 0, 0)
        )
    );
    assert_eq!(sync_v(&env), summary(0, 0, 0, 0, 0, 0, 0));
    let subjects: Vec<String> = tickets(&env)
        .iter()
        .map(|t| field(t, "subject").to_string())
        .collect();
    assert_eq!(
        subjects,
        vec![
            "Nefunguje přihlášení do portálu",
            "(no subject)",
            "Kontaktní formulář",
            "Objednavka 3301",
            "Objednavka 3301",
            "Вопрос по заказу",
        ]
    );
    assert_eq!(interactions(&env).len(), 6);
}

#[test]
fn kill_9_in_the_middle_of_a_large_sync_then_rerun_stores_every_message_once() {
    const N: usize = 1500;
    let d = Dovecot::start();
    let env = env_for(&d);
    append_all(&d, "alice", &bulk(N, "Hromadna"));

    let mut sync = spawn_sync(&env);
    let seen = pause_midway(&env, &mut sync, N);
    sync.signal(libc::SIGKILL);
    let killed = sync.wait();
    assert_eq!(killed.code, -1, "killed by a signal");
    let stored = numbers(&env).len();
    assert!(
        stored >= seen && stored < N,
        "stored {stored} (seen {seen}) of {N}"
    );

    // The next run continues where the database says: it fetches only the rest.
    assert_eq!(sync_v(&env), summary(N - stored, N - stored, 0, 0, 0, 0, 0));
    assert_bulk_once(&env, "Hromadna", N);
}

#[test]
fn two_syncs_at_once_one_waits_or_exits_75_and_everything_is_stored_once() {
    const N: usize = 600;
    let d = Dovecot::start();
    let env = env_for(&d);
    append_all(&d, "alice", &bulk(N, "Soubeh"));

    // A sync holding the lock (paused mid-way): the second waits, then exits 75.
    let mut first = spawn_sync(&env);
    pause_midway(&env, &mut first, N);
    let second = env.run(&["sync"]);
    let db = env.db_arg();
    let held = if env.pg.is_some() {
        "its advisory lock is held".to_string()
    } else {
        format!("lock {db}.sync.lock held")
    };
    assert_eq!(
        second.fails(75),
        format!(
            "hd: error: another hd sync is running on {db} ({held})\n  \
             hint: cron will run it again; nothing was changed\n"
        )
    );
    first.signal(libc::SIGCONT);
    let r = first.wait();
    r.ok();
    assert_eq!(r.stderr, "");
    assert_bulk_once(&env, "Soubeh", N);

    // Two started together: each finishes (one after waiting) or exits 75.
    let more: Vec<_> = bulk(2 * N, "Soubeh").into_iter().skip(N).collect();
    append_all(&d, "alice", &more);
    let a = spawn_sync(&env);
    let b = spawn_sync(&env);
    for r in [a.wait(), b.wait()] {
        match r.code {
            0 => assert_eq!(r.stderr, ""),
            75 => assert!(
                r.stderr
                    .starts_with(&format!("hd: error: another hd sync is running on {db} ")),
                "{}",
                r.stderr
            ),
            c => panic!("exit {c}: {}", r.stderr),
        }
    }
    assert_bulk_once(&env, "Soubeh", 2 * N);
}

// ---------------------------------------------------------------- failures

#[test]
fn wrong_password_exits_4_naming_the_mailbox() {
    let d = Dovecot::start();
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    let env = env_with(&imap_mailbox(
        "support-inbox",
        "support",
        &d,
        "alice",
        "wrong",
    ));
    let r = env.run(&["sync"]);
    assert_eq!(
        r.fails(4),
        "hd: error: mailbox support-inbox: 127.0.0.1 refused the login of alice: \
         [AUTHENTICATIONFAILED] Authentication failed.\n"
    );
    assert_eq!(r.stdout, "");
    assert!(numbers(&env).is_empty());
}

#[test]
fn password_env_is_read_and_a_missing_variable_is_exit_2() {
    let d = Dovecot::start();
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    let env = env_with(&format!(
        "\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"alice\", \
         password_env = \"HD_TEST_IMAP_PASSWORD\" }}\n",
        d.plain_port()
    ));
    let r = env.run(&["sync"]);
    assert_eq!(
        r.fails(2),
        "hd: error: mailbox inbox: environment variable HD_TEST_IMAP_PASSWORD (password_env) is not set\n"
    );
    let out = env
        .cmd(&["sync"])
        .env("HD_TEST_IMAP_PASSWORD", "secret")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(numbers(&env), vec!["REQ-000001"]);
    // The mailbox has no category: the ticket has none either.
    assert_eq!(tickets(&env)[0]["category"], Value::Null);
}

#[test]
fn server_down_exits_75_and_the_next_run_catches_up() {
    let d = Dovecot::start();
    let env = env_for(&d);
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    d.stop();
    let r = env.run(&["sync"]);
    assert_eq!(
        r.fails(75),
        format!(
            "hd: error: mailbox inbox: cannot reach 127.0.0.1:{}: Connection refused (os error 111)\n",
            d.plain_port()
        )
    );
    assert!(numbers(&env).is_empty());
    d.start_again();
    env.run(&["sync"]).ok();
    assert_eq!(numbers(&env), vec!["REQ-000001"]);

    // A port nobody listens on is the same temporary failure.
    let port = free_port();
    let env = env_with(&format!(
        "\n[[mailbox]]\nname = \"nowhere\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {port}, tls = \"none\", user = \"alice\", password = \"secret\" }}\n"
    ));
    let r = env.run(&["sync"]);
    assert!(
        r.fails(75).starts_with(&format!(
            "hd: error: mailbox nowhere: cannot reach 127.0.0.1:{port}: "
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn failing_mailboxes_do_not_stop_the_others_and_mixed_failures_exit_1() {
    let d = Dovecot::start();
    d.append("bob", "INBOX", &fixture("plain-utf8.eml"), None);
    let down = free_port();
    let down_box = |name: &str| {
        format!(
            "\n[[mailbox]]\nname = \"{name}\"\nqueue = \"support\"\n\
             imap = {{ host = \"127.0.0.1\", port = {down}, tls = \"none\", user = \"alice\", password = \"secret\" }}\n"
        )
    };
    let env = env_with(&format!(
        "{}{}{}",
        imap_mailbox("bad-login", "support", &d, "alice", "wrong"),
        down_box("down"),
        imap_mailbox("good", "sales", &d, "bob", "secret"),
    ));
    let r = env.run(&["sync"]);
    assert_eq!(
        r.fails(1),
        format!(
            "hd: error: mailbox bad-login: 127.0.0.1 refused the login of alice: [AUTHENTICATIONFAILED] Authentication failed.\n\
             hd: error: mailbox down: cannot reach 127.0.0.1:{down}: Connection refused (os error 111)\n\
             hd: error: sync failed for 2 mailboxes\n"
        )
    );
    // The working mailbox was synced all the same.
    assert_eq!(numbers(&env), vec!["SAL-000001"]);

    // Several mailboxes failing the same way keep that way's code.
    let env = env_with(&format!("{}{}", down_box("down-1"), down_box("down-2")));
    let r = env.run(&["sync"]);
    assert_eq!(
        r.fails(75).lines().last(),
        Some("hd: error: sync failed for 2 mailboxes")
    );
}

#[test]
fn tls_with_ca_file_works_and_without_it_the_certificate_is_refused() {
    let d = Dovecot::start();
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    let ca = d.ca_file().display().to_string();
    let tls_box = |name: &str, tls: &str, port: u16, ca: Option<&str>| {
        let ca = ca
            .map(|c| format!("ca_file = \"{c}\", "))
            .unwrap_or_default();
        format!(
            "\n[[mailbox]]\nname = \"{name}\"\nqueue = \"support\"\n\
             imap = {{ host = \"127.0.0.1\", port = {port}, tls = \"{tls}\", {ca}user = \"alice\", password = \"secret\" }}\n"
        )
    };

    // Without the CA: refused, nothing stored.
    let env = env_with(&tls_box("secure", "tls", d.tls_port(), None));
    let r = env.run(&["sync"]);
    let err = r.fails(1);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "hd: error: mailbox secure: TLS with 127.0.0.1:{} failed: ",
            d.tls_port()
        )) && first.contains("certificate verify failed"),
        "{err}"
    );
    assert!(
        err.contains("hint: check the certificate, or give the server's CA with ca_file"),
        "{err}"
    );
    assert!(numbers(&env).is_empty());

    // With the CA: implicit TLS on the TLS port works.
    let env = env_with(&tls_box("secure", "tls", d.tls_port(), Some(&ca)));
    env.run(&["sync"]).ok();
    assert_eq!(numbers(&env), vec!["REQ-000001"]);

    // STARTTLS on the plain port checks the certificate too.
    let env = env_with(&tls_box("starttls", "starttls", d.plain_port(), None));
    let r = env.run(&["sync"]);
    assert!(
        r.fails(1).contains("certificate verify failed"),
        "{}",
        r.stderr
    );
    let env = env_with(&tls_box("starttls", "starttls", d.plain_port(), Some(&ca)));
    env.run(&["sync"]).ok();
    assert_eq!(numbers(&env), vec!["REQ-000001"]);
}

// ---------------------------------------------------------------- Maildir, dry run, --mailbox

/// A Maildir beside the config (`config/hd/spool`), named relatively in the config.
fn maildir_env() -> (TestEnv, PathBuf) {
    let env = env_with(
        "\n[[mailbox]]\nname = \"local\"\nqueue = \"support\"\ncategory = \"Service\"\nmaildir = \"spool\"\n",
    );
    let dir = env.path().join("config/hd/spool");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    (env, dir)
}

/// Delivers a file into `sub` (new or cur) with a modification time.
fn drop_file(dir: &Path, sub: &str, name: &str, raw: &[u8], time: &str) {
    let p = dir.join(sub).join(name);
    std::fs::write(&p, raw).unwrap();
    let secs = at(time).timestamp() as u64;
    let f = std::fs::File::options().write(true).open(&p).unwrap();
    f.set_modified(UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

fn names_in(dir: &Path, sub: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join(sub))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn maildir_files_are_stored_then_moved_to_cur_and_never_doubled() {
    let (env, dir) = maildir_env();
    drop_file(
        &dir,
        "new",
        "1795161600.M1P1.mx",
        &fixture("plain-utf8.eml"),
        "2026-11-20T09:00:00+01:00",
    );
    drop_file(
        &dir,
        "new",
        "1795161900.M2P1.mx",
        &fixture("windows-1250.eml"),
        "2026-11-20T09:05:00+01:00",
    );
    // Already in cur/ (a mail client saw it first): still new to hd.
    drop_file(
        &dir,
        "cur",
        "1795162200.M3P1.mx:2,S",
        &fixture("koi8-r.eml"),
        "2026-11-20T09:10:00+01:00",
    );

    assert_eq!(sync_v(&env), summary(3, 3, 0, 0, 0, 0, 0));
    assert!(names_in(&dir, "new").is_empty());
    assert_eq!(
        names_in(&dir, "cur"),
        vec![
            "1795161600.M1P1.mx:2,",
            "1795161900.M2P1.mx:2,",
            "1795162200.M3P1.mx:2,S"
        ]
    );
    let got: Vec<(String, String, String)> = tickets(&env)
        .iter()
        .map(|t| {
            (
                field(t, "number").into(),
                field(t, "subject").into(),
                field(t, "created").into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "REQ-000001".into(),
                "Nefunguje přihlášení do portálu".into(),
                "2026-11-20T09:00:00+01:00".into()
            ),
            (
                "REQ-000002".into(),
                "Dotaz na fakturu č. 2024-0815".into(),
                "2026-11-20T09:05:00+01:00".into()
            ),
            (
                "REQ-000003".into(),
                "Вопрос по заказу".into(),
                "2026-11-20T09:10:00+01:00".into()
            ),
        ]
    );

    // Nothing new: nothing stored.
    assert_eq!(sync_v(&env), summary(0, 0, 0, 0, 0, 0, 0));

    // A file stored but left in new/ (a crash between commit and rename) is only moved.
    std::fs::rename(
        dir.join("cur/1795161600.M1P1.mx:2,"),
        dir.join("new/1795161600.M1P1.mx"),
    )
    .unwrap();
    // A reply delivered meanwhile threads onto the first ticket.
    drop_file(
        &dir,
        "new",
        "1795165200.M4P1.mx",
        &fixture("reply-with-tag.eml"),
        "2026-11-20T10:00:00+01:00",
    );
    assert_eq!(sync_v(&env), summary(1, 0, 1, 0, 0, 0, 0));
    assert!(names_in(&dir, "new").is_empty());
    assert_eq!(names_in(&dir, "cur").len(), 4);
    assert_eq!(numbers(&env).len(), 3);
    assert_eq!(interactions(&env).len(), 4);
    assert_eq!(show(&env, "1")["interactions"].as_array().unwrap().len(), 2);
}

#[test]
fn dry_run_writes_nothing() {
    // Maildir: the plan is printed, the files stay in new/, the store stays empty.
    let (env, dir) = maildir_env();
    drop_file(
        &dir,
        "new",
        "1795161600.M1P1.mx",
        &fixture("plain-utf8.eml"),
        "2026-11-20T09:00:00+01:00",
    );
    drop_file(
        &dir,
        "new",
        "1795161900.M2P1.mx",
        &fixture("reply-with-tag.eml"),
        "2026-11-20T09:05:00+01:00",
    );
    drop_file(
        &dir,
        "new",
        "1795162200.M3P1.mx",
        &fixture("bulk-newsletter.eml"),
        "2026-11-20T09:10:00+01:00",
    );
    let r = env.run(&["sync", "--dry-run"]);
    assert_eq!(
        r.ok(),
        "local: 1795161600.M1P1.mx → new ticket REQ-000001\n\
         local: 1795161900.M2P1.mx → threaded onto REQ-000001\n\
         local: 1795162200.M3P1.mx → new ticket REQ-000002 (automatic)\n\
         a real run: fetched 3, new tickets 2, threaded 1, automatic 1, auto-replies 0, \
         duplicates 0, unparsed 0, failed mailboxes 0\n"
    );
    assert_eq!(r.stderr, "");
    assert_eq!(names_in(&dir, "new").len(), 3);
    assert!(names_in(&dir, "cur").is_empty());
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "json"])
            .json(),
        serde_json::json!([])
    );
    // The real run afterwards stores everything.
    assert_eq!(sync_v(&env), summary(3, 2, 1, 1, 0, 0, 0));
    assert!(names_in(&dir, "new").is_empty());

    // IMAP: no UID is marked as done by a dry run.
    let d = Dovecot::start();
    let env = env_for(&d);
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    let uid = d.uids("alice", "INBOX")[0];
    let r = env.run(&["sync", "--dry-run"]);
    assert_eq!(
        r.ok(),
        format!(
            "inbox/INBOX: UID {uid} → new ticket REQ-000001\n\
             a real run: {}",
            summary(1, 1, 0, 0, 0, 0, 0)
        )
    );
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "json"])
            .json(),
        serde_json::json!([])
    );
    assert_eq!(sync_v(&env), summary(1, 1, 0, 0, 0, 0, 0));
}

#[test]
fn mailbox_option_syncs_one_mailbox_and_an_unknown_name_is_exit_2() {
    let d = Dovecot::start();
    let env = env_with(&format!(
        "{}{}",
        imap_mailbox("first", "support", &d, "alice", "secret"),
        imap_mailbox("second", "sales", &d, "bob", "secret")
    ));
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    d.append("bob", "INBOX", &fixture("koi8-r.eml"), None);
    env.run(&["sync", "--mailbox", "second"]).ok();
    assert_eq!(numbers(&env), vec!["SAL-000001"]);
    let r = env.run(&["sync", "--mailbox", "nope"]);
    assert_eq!(
        r.fails(2),
        "hd: error: unknown mailbox \"nope\" (known: first, second)\n"
    );
    env.run(&["sync"]).ok();
    // One number sequence across queues.
    assert_eq!(numbers(&env), vec!["REQ-000002", "SAL-000001"]);
}

#[test]
fn sync_leaves_messages_unseen_on_the_server() {
    let d = Dovecot::start();
    let env = env_for(&d);
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    env.run(&["sync"]).ok();
    assert_eq!(numbers(&env), vec!["REQ-000001"]);
    let mut s = d.session("alice");
    s.examine("INBOX").unwrap();
    let unseen = s.uid_search("UNSEEN").unwrap();
    assert_eq!(
        unseen.len(),
        1,
        "hd must fetch with BODY.PEEK and never set \\Seen"
    );
    let _ = s.logout();
}

/// On a terminal a long sync shows a progress bar: it fits 80 columns and
/// gives its rate in whole messages a second, and it is gone when sync ends.
#[test]
fn sync_progress_on_a_terminal_fits_80_columns_with_a_whole_rate() {
    let (env, dir) = maildir_env();
    for (i, raw) in crate::support::bulk_mail(250).iter().enumerate() {
        std::fs::write(
            dir.join("new")
                .join(format!("{}.M{i}P1.mx", 1_795_000_000 + 60 * i)),
            raw,
        )
        .unwrap();
    }
    let (screen, code) = crate::cases::desk_read::on_pty(&env, 80, 24, &["sync"], &[]);
    assert_eq!(code, 0, "{screen}");
    let rate = regex::Regex::new(r"\] (\d+)/250 ([0-9,.]+)/s").unwrap();
    let frames: Vec<&str> = screen
        .split(['\r', '\n'])
        .filter(|f| rate.is_match(f))
        .collect();
    assert!(!frames.is_empty(), "no progress bar drawn:\n{screen:?}");
    for f in &frames {
        // Each frame first erases the line (CSI 2K).
        let shown = hd::term::strip_sgr(f);
        let r = rate.captures(&shown).unwrap();
        assert!(!r[2].contains('.'), "rate with decimals: {shown:?}");
        assert!(
            crate::cases::desk_read::width(&shown) <= 80,
            "wider than the terminal: {shown:?}"
        );
    }
    assert_eq!(tickets(&env).len(), 250);
}

/// Each interaction's ticket and text, sorted.
fn texts_by_ticket(env: &TestEnv) -> Vec<(String, String)> {
    interactions(env)
        .iter()
        .map(|i| (field(i, "ticket").to_string(), field(i, "text").to_string()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}
