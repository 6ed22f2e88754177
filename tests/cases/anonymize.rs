//! `hd anonymize`: GDPR erasure of a contact, a ticket or one interaction. The
//! personal data must leave the database file itself (and its WAL), while the
//! times, queues, statuses and SLA reports stay exactly as they were.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{BASE_CONFIG, TestEnv};

/// The customer whose data is erased.
const EMAIL: &str = "kvetoslava.zapotocka@seznam.cz";
const NAME: &str = "Květoslava Zápotocká";

/// Distinctive words of the contact's subjects, texts, note and reply.
const WORDS: [&str; 6] = [
    "zubrovka",
    "pstrosnik",
    "hrbolinek",
    "kolohnat",
    "usmudlanek",
    "vlnovka",
];

/// Content of the base64-encoded attachment, and that encoding as it sits in the raw
/// message.
const CONTRACT: &str = "Smlouva SML-4471 pro Zápotockou\n";

/// Strings that must be gone from every file of the database after the erasure:
/// the address, the name, unique words of subjects, bodies, a note, a reply, the
/// attachments (names and contents, decoded and encoded), and some lower-case,
/// diacritics-free tokens of the full-text index (it prefix-compresses its terms, so
/// only those stored whole can be found as bytes; [`WORDS`] are checked by search).
fn secrets() -> Vec<String> {
    let mut s: Vec<String> = [
        EMAIL,
        "kvetoslava",
        "Květoslava",
        "Zápotocká",
        "Zubrovka",
        "Pštrosník",
        "785312/4417",
        "FAKT-99831",
        "faktura-zapotocka",
        "SML-4471",
        "Hrbolínek",
        "hrbolinek",
        "Kolohnát",
        "kolohnat",
        "Ušmudlánek",
        "usmudlanek",
        "Vlnovka",
        "unikat-zubrovka-1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    s.push(base64(CONTRACT.as_bytes()));
    s
}

/// Standard base64, enough for a test fixture.
fn base64(data: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A loopback port nothing listens on: SMTP there is refused at once.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// [`BASE_CONFIG`] with a Maildir feeding the support queue (category Service, so
/// the standard SLA applies) and an SMTP server that refuses connections.
fn config(maildir: &Path) -> String {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\ncategory = \"Service\"\nmaildir = {:?}\n\
         \n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        maildir.to_str().unwrap(),
        closed_port()
    )
}

/// Puts a message into the Maildir, delivered (file time) at `at`.
fn deliver(maildir: &Path, name: &str, raw: &str, at: &str) {
    let path = maildir.join("new").join(format!("{name}.eml"));
    std::fs::write(&path, raw).unwrap();
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.timestamp() as u64))
        .unwrap();
}

/// The customer's complaint: a Czech body and two attachments, one 8-bit text, one
/// base64.
fn complaint() -> String {
    format!(
        "From: =?utf-8?q?Kv=C4=9Btoslava_Z=C3=A1potock=C3=A1?= <{EMAIL}>\r\n\
         To: support@example.com\r\n\
         Subject: =?utf-8?q?Reklamace_vysava=C4=8De_Zubrovka?=\r\n\
         Message-ID: <unikat-zubrovka-1@seznam.cz>\r\n\
         Date: Mon, 23 Nov 2026 08:29:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"B\"\r\n\
         \r\n\
         --B\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Dobrý den, vysavač Pštrosník přestal sát. Rodné číslo 785312/4417.\r\n\
         --B\r\n\
         Content-Type: text/plain; charset=utf-8; name=\"faktura-zapotocka.txt\"\r\n\
         Content-Disposition: attachment; filename=\"faktura-zapotocka.txt\"\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Faktura FAKT-99831\r\n\
         --B\r\n\
         Content-Type: application/octet-stream; name=\"smlouva.bin\"\r\n\
         Content-Disposition: attachment; filename=\"smlouva.bin\"\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         {}\r\n\
         --B--\r\n",
        base64(CONTRACT.as_bytes())
    )
}

/// Every file under the data folder (the database, its WAL and shared memory, if any).
fn data_files(env: &TestEnv) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&env.path().join("data"), &mut out);
    out.sort();
    out
}

/// `file: secret` for every secret whose UTF-8 bytes appear in a data file.
fn found(env: &TestEnv, secrets: &[String]) -> Vec<String> {
    let mut hits = Vec::new();
    for f in data_files(env) {
        let bytes = std::fs::read(&f).unwrap();
        for s in secrets {
            if bytes.windows(s.len()).any(|w| w == s.as_bytes()) {
                hits.push(format!("{}: {s}", f.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    hits
}

/// True when any data file holds this string.
fn anywhere(env: &TestEnv, s: &str) -> bool {
    !found(env, &[s.to_string()]).is_empty()
}

fn show(env: &TestEnv, t: &str) -> Value {
    env.run(&["show", t, "--format", "json"]).json()
}

/// The reports that must not move: SLA in several groupings, and stats.
fn reports(env: &TestEnv) -> Vec<String> {
    [
        vec!["sla", "--format", "json"],
        vec![
            "sla",
            "--format",
            "json",
            "--from",
            "2026-11-01",
            "--by",
            "operator",
        ],
        vec![
            "sla",
            "--format",
            "json",
            "--from",
            "2026-11-01",
            "--by",
            "category",
        ],
        vec![
            "sla",
            "--format",
            "json",
            "--from",
            "2026-11-01",
            "--by",
            "source",
        ],
        vec!["stats", "--format", "json", "--from", "2026-11-01"],
    ]
    .iter()
    .map(|a| env.run(a).ok().to_string())
    .collect()
}

/// The contact's two tickets (a mail with attachments, a note and a failed reply;
/// a phone call, closed) and an unrelated customer's ticket.
fn populated() -> TestEnv {
    let mut env = TestEnv::with_config("");
    let maildir = env.path().join("maildir");
    env.write_config(&config(&maildir));
    env.now = "2026-11-23T08:45:00+01:00".into();
    deliver(&maildir, "m1", &complaint(), "2026-11-23T08:30:00+01:00");
    env.run(&["sync"]).ok();
    env.now = "2026-11-23T09:00:00+01:00".into();
    env.run(&[
        "comment",
        "REQ-000001",
        "--as",
        "jana",
        "-m",
        "Paní Zápotocká volala, heslo Ušmudlánek",
    ])
    .ok();
    env.now = "2026-11-23T09:10:00+01:00".into();
    env.run(&[
        "reply",
        "REQ-000001",
        "--as",
        "jana",
        "-m",
        "Vážená paní Zápotocká, posíláme formulář Vlnovka.",
    ])
    .fails(75);
    env.now = "2026-11-23T09:20:00+01:00".into();
    let n = env.new_ticket(
        "Druhý dotaz Hrbolínek",
        EMAIL,
        &[
            "--name",
            NAME,
            "--as",
            "petr",
            "--source",
            "phone",
            "--category",
            "Service",
            "-m",
            "Volala kvůli Kolohnát",
        ],
    );
    assert_eq!(n, "REQ-000002");
    env.now = "2026-11-23T09:30:00+01:00".into();
    env.run(&["status", "REQ-000002", "closed", "--as", "petr"])
        .ok();
    env.now = "2026-11-23T09:40:00+01:00".into();
    let n = env.new_ticket(
        "Jiný Kvádr",
        "other@firma.cz",
        &[
            "--name",
            "Bořivoj Hrubý",
            "--category",
            "Service",
            "-m",
            "Nesouvisející Mravenec",
        ],
    );
    assert_eq!(n, "REQ-000003");
    env.now = "2026-11-23T10:00:00+01:00".into();
    env
}

// ---------------------------------------------------------------- erase a contact

#[test]
fn contact_erasure_leaves_no_trace_in_the_file_and_keeps_reports() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = populated();
    let secrets = secrets();
    // Everything personal really is in the database before.
    assert_eq!(
        secrets
            .iter()
            .filter(|s| !anywhere(&env, s))
            .collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "fixture strings missing before the erasure"
    );
    let before = show(&env, "REQ-000001");
    assert_eq!(before["contact"], EMAIL);
    assert_eq!(before["interactions"].as_array().unwrap().len(), 3);
    assert_eq!(before["interactions"][0]["attachments"], 2);
    let reports_before = reports(&env);
    assert!(
        reports_before[0].contains("\"tickets\": 3"),
        "the SLA report covers the tickets: {}",
        reports_before[0]
    );
    let export_before = env.run(&["export"]).ok().to_string();
    let search = |w: &str| {
        env.run(&["list", "--format", "ids", "--view", "all", w])
            .ok()
            .to_string()
    };
    let hits: Vec<String> = WORDS.iter().map(|w| search(w)).collect();
    assert_eq!(
        hits,
        [
            "REQ-000001\n",
            "REQ-000001\n",
            "REQ-000002\n",
            "REQ-000002\n",
            "REQ-000001\n",
            "REQ-000001\n"
        ]
    );

    let r = env.run(&[
        "anonymize",
        "--contact",
        "KVETOSLAVA.Zapotocka@Seznam.cz",
        "--yes",
    ]);
    assert_eq!(r.ok(), "");
    assert_eq!(
        r.stderr,
        format!("anonymised contact {EMAIL} (2 tickets)\n")
    );

    // Gone from every byte of the database, WAL included.
    assert_eq!(found(&env, &secrets), Vec::<String>::new());
    // The other customer is untouched.
    for s in ["other@firma.cz", "Bořivoj", "Kvádr", "Mravenec", "mravenec"] {
        assert!(anywhere(&env, s), "{s} must survive");
    }

    // Reports are byte for byte the same.
    assert_eq!(reports(&env), reports_before);

    // show: placeholders, empty texts; times, people, queue, status, SLA kept.
    let after = show(&env, "REQ-000001");
    assert_eq!(after["subject"], "[anonymised]");
    let contact = after["contact"].as_str().unwrap().to_string();
    assert!(
        contact.starts_with("anonymised-") && contact.ends_with("@invalid"),
        "{contact}"
    );
    for key in [
        "number",
        "id",
        "status",
        "priority",
        "queue",
        "category",
        "assignee",
        "created",
        "updated",
        "first_response_due",
        "resolution_due",
        "breached",
        "first_response_at",
        "deleted",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    let (bi, ai) = (
        before["interactions"].as_array().unwrap(),
        after["interactions"].as_array().unwrap(),
    );
    assert_eq!(ai.len(), 3);
    for (b, a) in bi.iter().zip(ai) {
        for key in [
            "id",
            "time",
            "direction",
            "operator",
            "email_state",
            "internal",
            "source",
            "automatic",
            "attachments",
        ] {
            assert_eq!(a[key], b[key], "{key} of {b}");
        }
        assert_eq!(a["subject"], "[anonymised]");
        assert_eq!(a["text"], "");
    }
    assert_eq!(ai[0]["contact"], contact.as_str());
    // The old events stay; the erasure is one more, by whom and when.
    let mut events = before["events"].as_array().unwrap().clone();
    events.push(serde_json::json!({
        "actor": "tester", "time": "2026-11-23T10:00:00+01:00", "what": "anonymised",
    }));
    assert_eq!(after["events"], Value::Array(events));
    let text = env.run(&["show", "REQ-000001"]).ok().to_string();
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "{s} in:\n{text}");
    }
    assert!(!text.contains("Attachment "), "{text}");
    let second = show(&env, "REQ-000002");
    assert_eq!(second["subject"], "[anonymised]");
    assert_eq!(second["status"], "closed");
    assert_eq!(second["contact"], contact.as_str());

    // export: same rows, same times, tickets, queues, operators, directions and
    // email states; the personal fields replaced.
    let export_after = env.run(&["export"]).ok().to_string();
    let rows = |t: &str| -> Vec<Vec<String>> {
        csv::Reader::from_reader(t.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let (rb, ra) = (rows(&export_before), rows(&export_after));
    assert_eq!(ra.len(), 5);
    for (b, a) in rb.iter().zip(&ra) {
        for col in [0, 1, 2, 3, 5, 7, 9] {
            assert_eq!(a[col], b[col], "column {col} of {b:?}");
        }
    }
    let erased: Vec<(String, String, String)> = ra
        .iter()
        .map(|r| (r[4].clone(), r[6].clone(), r[8].clone()))
        .collect();
    let anon = (contact.clone(), "[anonymised]".to_string(), String::new());
    assert_eq!(
        erased,
        vec![
            anon.clone(),
            anon.clone(),
            anon.clone(),
            anon.clone(),
            (
                "other@firma.cz".into(),
                "Jiný Kvádr".into(),
                "Nesouvisející Mravenec".into()
            ),
        ]
    );
    assert_eq!(ra[2][9], "failed", "the reply's email state is kept");
    // No search finds the erased words; the other ticket is still found.
    for w in WORDS {
        assert_eq!(search(w), "", "{w}");
    }
    assert_eq!(
        env.run(&["list", "--format", "ids", "--view", "all", "kvadr"])
            .ok(),
        "REQ-000003\n"
    );
    assert_eq!(
        env.run(&["export", "--format", "json", "--text", "kolohnat"])
            .ok(),
        ""
    );
    assert_eq!(
        env.run(&["export", "--format", "json", "--contact", EMAIL])
            .ok(),
        ""
    );
    // The failed reply waiting in the outbox no longer carries the address.
    let outbox = env.run(&["outbox", "--format", "json"]).json();
    assert_eq!(outbox.as_array().unwrap().len(), 1, "{outbox}");
    assert_eq!(outbox[0]["to"], "");
    assert_eq!(outbox[0]["subject"], "[anonymised]");
    // The message is still in the mailbox: a later sync must not bring it back.
    env.run(&["sync"]).ok();
    assert_eq!(found(&env, &secrets), Vec::<String>::new());
    assert_eq!(
        env.run(&["list", "--format", "ids", "--view", "all"]).ok(),
        "REQ-000001\nREQ-000002\nREQ-000003\n"
    );
    // The contact is gone: naming it again is an unknown contact.
    assert!(
        env.run(&["anonymize", "--contact", EMAIL, "--yes"])
            .fails(2)
            .contains("no contact")
    );
}

// ---------------------------------------------------------------- confirmation

#[test]
fn erasure_needs_confirmation_and_unknown_targets_exit_2() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = populated();
    let secrets = secrets();
    let before_file = found(&env, &secrets);
    let export_before = env.run(&["export"]).ok().to_string();
    // --no-input without --yes: cancelled, exit 3, nothing erased.
    let r = env.run(&["anonymize", "--contact", EMAIL, "--no-input"]);
    assert!(r.fails(3).contains("--yes"), "{}", r.stderr);
    // No terminal and no --yes: the same.
    env.run(&["anonymize", "REQ-000001"]).fails(3);
    env.run(&["anonymize", "--interaction", "1", "--no-input"])
        .fails(3);
    assert_eq!(env.run(&["export"]).ok(), export_before);
    assert_eq!(found(&env, &secrets), before_file);
    assert_eq!(show(&env, "REQ-000001")["contact"], EMAIL);
    // Unknown targets are usage errors, before any question.
    assert!(
        env.run(&["anonymize", "REQ-000099", "--yes"])
            .fails(2)
            .contains("no ticket REQ-000099")
    );
    assert!(
        env.run(&["anonymize", "--contact", "nobody@seznam.cz", "--no-input"])
            .fails(2)
            .contains("no contact nobody@seznam.cz")
    );
    assert!(
        env.run(&["anonymize", "--interaction", "999", "--yes"])
            .fails(2)
            .contains("no interaction 999")
    );
    assert!(
        env.run(&["anonymize", "not-a-ticket", "--yes"])
            .fails(2)
            .contains("not-a-ticket")
    );
    // Exactly one target.
    env.run(&["anonymize", "--yes"]).fails(2);
    env.run(&["anonymize", "REQ-000001", "--contact", EMAIL, "--yes"])
        .fails(2);
    // An operator without rights on the queue may not erase there.
    let s = env.new_ticket("Prodej", "p@firma.cz", &["--queue", "sales", "-m", "Tajné"]);
    assert!(
        env.run(&["anonymize", &s, "--as", "jana", "--yes"])
            .fails(2)
            .contains("no rights")
    );
    assert_eq!(show(&env, &s)["subject"], "Prodej");
    assert_eq!(
        env.run(&["export"]).ok().lines().count(),
        export_before.lines().count() + 1
    );
    // --yes with --no-input goes ahead.
    env.run(&["anonymize", "--contact", EMAIL, "--no-input", "--yes"])
        .ok();
    assert_eq!(found(&env, &secrets), Vec::<String>::new());
}

// ---------------------------------------------------------------- narrower scopes

#[test]
fn one_ticket_or_one_interaction_erases_only_that() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let mut env = TestEnv::new();
    let a = env.new_ticket(
        "Stížnost Brambořík",
        "jaroslav.kurka@post.cz",
        &["--name", "Jaroslav Kůrka", "-m", "Text Dýňový"],
    );
    env.now = "2026-11-23T09:10:00+01:00".into();
    env.run(&["comment", &a, "-m", "Poznámka Šnečí"]).ok();
    let b = env.new_ticket(
        "Další Rybíz",
        "jaroslav.kurka@post.cz",
        &["-m", "Druhý text Mrkvový"],
    );
    let c = env.new_ticket(
        "Cizí Ořech",
        "jiny@post.cz",
        &["-m", "Cizí text Hruškový", "--queue", "sales"],
    );
    env.now = "2026-11-23T09:20:00+01:00".into();
    env.run(&["comment", &c, "-m", "Cizí poznámka Meruňková"])
        .ok();
    env.run(&["comment", &c, "-m", "Zůstane Švestková"]).ok();

    // One interaction: only it; its ticket's subject and the contact stay.
    let ids: Vec<i64> = show(&env, &c)["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["id"]
                .as_i64()
                .expect("interaction ids in show --format json")
        })
        .collect();
    assert_eq!(ids.len(), 3);
    let r = env.run(&["anonymize", "--interaction", &ids[1].to_string(), "--yes"]);
    r.ok();
    assert_eq!(
        r.stderr,
        format!("anonymised interaction {} of {c}\n", ids[1])
    );
    let sc = show(&env, &c);
    assert_eq!(sc["subject"], "Cizí Ořech");
    assert_eq!(sc["contact"], "jiny@post.cz");
    let texts: Vec<(&str, &str)> = sc["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["subject"].as_str().unwrap(), i["text"].as_str().unwrap()))
        .collect();
    assert_eq!(texts[0], ("Cizí Ořech", "Cizí text Hruškový"));
    assert_eq!(texts[1], ("[anonymised]", ""));
    assert_eq!(texts[2].1, "Zůstane Švestková");
    assert!(!anywhere(&env, "Meruňková") && !anywhere(&env, "merunkova"));
    assert!(anywhere(&env, "Švestková") && anywhere(&env, "Hruškový"));
    assert_eq!(
        env.run(&["list", "--format", "ids", "--view", "all", "svestkova"])
            .ok(),
        format!("{c}\n")
    );

    // One ticket: its subject and interactions, and its contact; the contact's other
    // ticket keeps its texts (only the address is gone).
    let r = env.run(&["anonymize", &a, "--yes"]);
    r.ok();
    assert_eq!(r.stderr, format!("anonymised {a}\n"));
    let sa = show(&env, &a);
    assert_eq!(sa["subject"], "[anonymised]");
    assert!(
        sa["contact"].as_str().unwrap().ends_with("@invalid"),
        "{sa}"
    );
    assert!(
        sa["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["subject"] == "[anonymised]" && i["text"] == "")
    );
    for s in [
        "Brambořík",
        "bramborik",
        "Dýňový",
        "dynovy",
        "Šnečí",
        "jaroslav.kurka",
        "Kůrka",
    ] {
        assert!(!anywhere(&env, s), "{s} must be gone");
    }
    let sb = show(&env, &b);
    assert_eq!(sb["subject"], "Další Rybíz");
    assert_eq!(sb["contact"], sa["contact"]);
    assert_eq!(sb["interactions"][0]["text"], "Druhý text Mrkvový");
    assert!(anywhere(&env, "Mrkvový"));
    assert_eq!(
        env.run(&["export", "--columns", "Ticket,Title", "--", "-queue:sales"])
            .ok(),
        format!("Ticket,Title\r\n{a},[anonymised]\r\n{a},[anonymised]\r\n{b},Další Rybíz\r\n")
    );
}

/// Erased mail stays erased: a rescan of the server's folder after a UIDVALIDITY
/// change recognises the message by its content hash and does not import it again.
#[test]
fn erased_mail_is_not_imported_again_after_a_uidvalidity_change() {
    use crate::support::servers::Dovecot;
    let d = Dovecot::start();
    let (user, password) = d.user();
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"{user}\", \
         password = \"{password}\", folder = \"INBOX\" }}\n",
        d.plain_port()
    ));
    let raw = format!(
        "Message-ID: <erase-me@example.org>\r\nFrom: {NAME} <{EMAIL}>\r\nTo: support@example.com\r\n\
         Subject: zubrovka\r\nContent-Type: text/plain; charset=utf-8\r\n\r\npstrosnik\r\n"
    );
    d.append(user, "INBOX", raw.as_bytes(), None);
    env.run(&["sync"]).ok();
    env.run(&["anonymize", "--contact", EMAIL, "--yes"]).ok();
    d.bump_uidvalidity(user, "INBOX");
    let again = env.run(&["sync", "-v"]);
    assert!(again.stderr.contains("duplicates 1"), "{}", again.stderr);
    let all = env
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["subject"], "[anonymised]");
    assert_eq!(env.run(&["list", "zubrovka", "--format", "ids"]).ok(), "");
}
