//! Mail fidelity end to end, through a Maildir: every text a person would
//! see is kept and searchable, senders are whole addresses or nobody (and
//! nobody never threads by the subject's ticket number), undeclared 8-bit
//! headers are read in their charset, HTML reads as a mail client shows it,
//! and messages an older hd stored without text are parsed again on upgrade.

use serde_json::Value;

use crate::support::{BASE_CONFIG, TestEnv};

/// 2026-12-01 08:00 UTC: the delivery time of the first message.
const DELIVERED: i64 = 1_796_112_000;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fidelity")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A desk with one Maildir mailbox `local` feeding the support queue.
fn desk(extra: &str) -> TestEnv {
    let mut env = TestEnv::with_config(&format!(
        "{extra}\n{BASE_CONFIG}\n[[mailbox]]\nname = \"local\"\nqueue = \"support\"\nmaildir = \"spool\"\n"
    ));
    env.now = "2026-12-02T10:00:00+01:00".to_string();
    let dir = env.path().join("config/hd/spool");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).expect("maildir");
    }
    env
}

/// Delivers message number `n` (later numbers arrive later).
fn deliver(env: &TestEnv, n: i64, raw: &[u8]) {
    let path = env.path().join(format!(
        "config/hd/spool/new/{}.M{n}P1.test",
        DELIVERED + n * 60
    ));
    std::fs::write(path, raw).expect("deliver");
}

fn ids(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--view", "all", "--format", "ids"];
    args.extend_from_slice(words);
    env.run(&args).ok().lines().map(str::to_string).collect()
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

fn mail(id: &str, from_lines: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Tue, 01 Dec 2026 09:00:00 +0100\r\n{from_lines}\
         To: support@example.com\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// A NUL byte in a subject or a body, which PostgreSQL's text cannot hold:
/// the message is filed with the rest of its batch, on either engine, its
/// words searchable, and the raw message kept byte for byte.
#[test]
fn nul_bytes_in_a_message_never_hold_up_its_batch() {
    let env = desk("");
    deliver(
        &env,
        1,
        &mail(
            "before@example.cz",
            "From: a@example.cz\r\n",
            "Prvni",
            "Obycejna zprava",
        ),
    );
    let with_nul = mail(
        "nul@example.cz",
        "From: Nula <nula@example.cz>\r\n",
        "Tiskarna\0 nejede",
        "Vypis z tiskarny:\0\0\0 chyba 0x1f\0konec",
    );
    deliver(&env, 2, &with_nul);
    deliver(
        &env,
        3,
        &mail(
            "after@example.cz",
            "From: c@example.cz\r\n",
            "Treti",
            "Dalsi zprava",
        ),
    );
    let r = env.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = tickets(&env);
    assert_eq!(all.len(), 3, "{all:?}");
    let nul = &all[1];
    let subject = nul["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("Tiskarna") && subject.ends_with(" nejede"),
        "{subject:?}"
    );
    let number = nul["number"].as_str().unwrap().to_string();
    assert_eq!(ids(&env, &["chyba"]), vec![number.clone()]);
    assert_eq!(ids(&env, &["konec"]), vec![number.clone()]);
    let kept: i64 = env
        .db()
        .query_row(
            "SELECT count(*) FROM raw_messages WHERE length(data) = ?1",
            [with_nul.len() as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the raw message was not kept whole");
}

/// The five broken structures (and Apple Mail's text–image–text): a unique
/// word in each text part, each found by `hd list WORD` on its own ticket.
#[test]
fn every_text_part_is_searchable() {
    let env = desk("");
    let corpus: [(&str, &[&str]); 6] = [
        (
            "fidelity-apple-text-image-text.eml",
            &["kalamajka", "pampeliska"],
        ),
        ("fidelity-digest-footer.eml", &["rozcestník", "zápatíčko"]),
        ("fidelity-text-without-subtype.eml", &["rebarbora"]),
        ("fidelity-boundary-mismatch.eml", &["šafrán"]),
        ("fidelity-headers-into-body.eml", &["kmotřička"]),
        ("fidelity-no-delimiters.eml", &["kapradina"]),
    ];
    for (n, (name, _)) in corpus.iter().enumerate() {
        deliver(&env, n as i64, &fixture(name));
    }
    let r = env.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = tickets(&env);
    assert_eq!(all.len(), corpus.len());
    for (n, (name, words)) in corpus.iter().enumerate() {
        let number = all[n]["number"].as_str().expect("number").to_string();
        for word in *words {
            assert_eq!(ids(&env, &[word]), [number.as_str()], "{name}: {word}");
        }
    }
    // `Content-Type: text` is the message's text, not an unnamed attachment.
    let bare = all[2]["number"].as_str().expect("number");
    let shown = env.run(&["show", bare]).ok().to_string();
    assert!(shown.contains("Pokladna 3 hlasi chybu E42"), "{shown}");
    assert!(!shown.contains("attachment-1"), "{shown}");
    // The Apple Mail picture stays an attachment between the two texts.
    let apple = all[0]["number"].as_str().expect("number");
    let shown = env.run(&["show", apple]).ok().to_string();
    assert!(shown.contains("displej.png"), "{shown}");
    let first = shown.find("kalamajka").expect("first text");
    let second = shown.find("pampeliska").expect("second text");
    assert!(first < second, "{shown}");
}

/// A sender is a whole address or unknown; a crafted sender that used to
/// collapse onto a customer's contact (`@example.net`) does not thread onto
/// that customer's ticket by the number in its subject, and neither does
/// mail from nobody.
#[test]
fn senders_are_whole_addresses_and_strangers_never_thread_by_number() {
    let env = desk("");
    // A real customer whose mailer writes a malformed From.
    deliver(
        &env,
        0,
        &mail(
            "c1@example.net",
            "From: \"Millions Lottery Spain transfer\"@example.net>\r\n",
            "Vyhra",
            "Prvni zprava zakaznika.",
        ),
    );
    env.run(&["sync"]).ok();
    let first = tickets(&env);
    assert_eq!(first.len(), 1);
    let number = first[0]["number"].as_str().expect("number").to_string();
    assert_eq!(
        first[0]["contact"], "\"millions lottery spain transfer\"@example.net",
        "{first:?}"
    );
    // The same customer again, naming the ticket: threads.
    deliver(
        &env,
        1,
        &mail(
            "c2@example.net",
            "From: \"Millions Lottery Spain transfer\"@example.net>\r\n",
            &format!("Re: Vyhra [{number}]"),
            "Druha zprava zakaznika.",
        ),
    );
    // A stranger whose local part is an encoded word, naming the same ticket.
    deliver(
        &env,
        2,
        &mail(
            "x1@example.org",
            "From: =?utf-8?Q?agent?=@example.net\r\n",
            &format!("Re: Vyhra [{number}]"),
            "Podvodna zprava cizince.",
        ),
    );
    // Mail from nobody at all, naming the same ticket.
    deliver(
        &env,
        3,
        &mail(
            "x2@example.org",
            "From: <>\r\n",
            &format!("Re: Vyhra [{number}]"),
            "Zprava odnikud.",
        ),
    );
    // An empty From with a Reply-To: the Reply-To is the sender.
    deliver(
        &env,
        4,
        &mail(
            "x3@example.org",
            "From: <>, <>\r\nReply-To: Karel <karel@example.org>\r\n",
            "Dotaz",
            "Zprava s Reply-To.",
        ),
    );
    env.run(&["sync"]).ok();
    let all = tickets(&env);
    let got: Vec<(&str, &str)> = all
        .iter()
        .map(|t| {
            (
                t["subject"].as_str().unwrap_or_default(),
                t["contact"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Vyhra", "\"millions lottery spain transfer\"@example.net"),
            (
                &format!("Re: Vyhra [{number}]")[..],
                "=?utf-8?q?agent?=@example.net"
            ),
            (&format!("Re: Vyhra [{number}]")[..], "-"),
            ("Dotaz", "karel@example.org"),
        ]
    );
    let number_of = |i: usize| all[i]["number"].as_str().unwrap_or_default().to_string();
    assert_eq!(ids(&env, &["zakaznika"]), [number.as_str()]);
    assert_eq!(ids(&env, &["cizince"]), [number_of(1)]);
    assert_eq!(ids(&env, &["odnikud"]), [number_of(2)]);
    let nobody = all[2]["number"].as_str().expect("number");
    let shown = env.run(&["show", nobody]).ok().to_string();
    assert!(shown.contains("unknown sender"), "{shown}");
}

/// Header bytes without a charset are detected (GB2312 subject, Shift_JIS
/// attachment name); Latin ones follow `fallback_charset`.
#[test]
fn eight_bit_headers_are_detected() {
    let env = desk("fallback_charset = \"windows-1252\"\n");
    let mut gb = b"Message-ID: <gb@example.cn>\r\nFrom: li@example.com\r\nTo: support@example.com\r\nSubject: "
        .to_vec();
    gb.extend_from_slice(&[
        0xb9, 0xd8, 0xd3, 0xda, 0xb6, 0xa9, 0xb5, 0xa5, 0xb5, 0xc4, 0xce, 0xca, 0xcc, 0xe2,
    ]); // 关于订单的问题 in GB2312
    gb.extend_from_slice(b"\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"");
    gb.extend_from_slice(&[0xb7, 0xa2, 0xc6, 0xb1, 0xb5, 0xa5]); // 发票单
    gb.extend_from_slice(
        b".pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n",
    );
    deliver(&env, 0, &gb);
    let mut sj = b"Message-ID: <sj@example.jp>\r\nFrom: yamada@example.jp\r\nTo: support@example.com\r\nSubject: "
        .to_vec();
    sj.extend_from_slice(&[
        0x92, 0x8d, 0x95, 0xb6, 0x82, 0xc9, 0x82, 0xc2, 0x82, 0xa2, 0x82, 0xc4, 0x82, 0xcc, 0x82,
        0xa8, 0x96, 0xe2, 0x82, 0xa2, 0x8d, 0x87, 0x82, 0xed, 0x82, 0xb9,
    ]); // 注文についてのお問い合わせ in Shift_JIS
    sj.extend_from_slice(b"\r\n\r\nHello.\r\n");
    deliver(&env, 1, &sj);
    // Latin-1 from a generic domain: the configured fallback reads it.
    let mut fr = b"Message-ID: <fr@example.com>\r\nFrom: marie@example.com\r\nTo: support@example.com\r\nSubject: R"
        .to_vec();
    fr.extend_from_slice(&[0xe9]);
    fr.extend_from_slice(b"ponse ");
    fr.extend_from_slice(&[0xe0]);
    fr.extend_from_slice(b" la question\r\n\r\nMerci.\r\n");
    deliver(&env, 2, &fr);
    env.run(&["sync"]).ok();
    let subjects: Vec<String> = tickets(&env)
        .iter()
        .map(|t| t["subject"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        subjects,
        [
            "关于订单的问题",
            "注文についてのお問い合わせ",
            "Réponse à la question"
        ]
    );
    let first = ids(&env, &["attached"]);
    let shown = env.run(&["show", &first[0]]).ok().to_string();
    assert!(shown.contains("发票单.pdf"), "{shown}");

    // An unknown fallback is a config error naming the key and line.
    env.write_config(&format!("fallback_charset = \"klingon\"\n{BASE_CONFIG}"));
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(
        e.contains("config.toml:1: fallback_charset: unknown charset \"klingon\""),
        "{e}"
    );
}

/// A newsletter whose plain part only points to the web: the HTML is read,
/// without table borders or a wall of link footnotes.
#[test]
fn html_newsletter_reads_like_a_mail_client() {
    let env = desk("");
    deliver(&env, 0, &fixture("newsletter-html.eml"));
    env.run(&["sync"]).ok();
    let number = ids(&env, &["mandlovník"]);
    assert_eq!(number.len(), 1, "the HTML text is the text");
    let t = env.run(&["show", &number[0], "--format", "json"]).json();
    let text = t["interactions"][0]["text"].as_str().unwrap_or_default();
    assert!(!text.contains(['─', '│', '┌', '┼']), "{text}");
    assert!(!text.contains("[1]"), "{text}");
    assert!(!text.contains("https://news.example.com/p/"), "{text}");
    assert!(text.contains("Jarní výsadba"), "{text}");
    assert!(
        text.chars().count() < 2_000,
        "{} chars: {text}",
        text.chars().count()
    );
}

/// A message an older hd stored without its text is parsed again by the
/// first sync after the upgrade; one whose text stays empty is flagged for
/// `hd sync --reprocess`.
#[test]
fn an_upgrade_parses_textless_messages_again() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = desk("");
    deliver(&env, 0, &fixture("fidelity-no-delimiters.eml"));
    deliver(
        &env,
        1,
        &mail(
            "p1@example.net",
            "From: a@example.net\r\n",
            "Jiny",
            "Obycejna zprava.",
        ),
    );
    env.run(&["sync"]).ok();
    assert_eq!(ids(&env, &["kapradina"]).len(), 1);
    // What an older hd stored: no text, and the schema before this change.
    {
        let db = rusqlite::Connection::open(env.db_path()).expect("open");
        db.execute_batch(
            "UPDATE interactions SET text = '', parse_error = NULL WHERE subject = 'Objednavka 551';
             DELETE FROM interactions_fts;
             INSERT INTO interactions_fts (rowid, subject, text) SELECT id, subject, text FROM interactions;
             DROP INDEX interactions_reparse;
             ALTER TABLE interactions DROP COLUMN reparse;
             DROP INDEX tickets_list_default_order;
             DROP INDEX tickets_open_order;",
        )
        .expect("downgrade");
        // Schema 12: before 013 (the reparse flag) and what came after it (014 to 016).
        db.pragma_update(None, "user_version", 12).expect("version");
    }
    assert_eq!(ids(&env, &["kapradina"]).len(), 0);
    let r = env.run(&["sync"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("parsed again 1 stored messages that had no text"),
        "{}",
        r.stderr
    );
    assert_eq!(ids(&env, &["kapradina"]).len(), 1);
    // Once: the next sync has nothing to do again.
    let r = env.run(&["sync"]);
    assert!(!r.stderr.contains("parsed again"), "{}", r.stderr);

    // A body with no text anywhere is flagged, and --reprocess revisits it
    // (beside the repaired multipart, whose repair is noted too).
    deliver(
        &env,
        2,
        b"Message-ID: <empty@example.net>\r\nFrom: a@example.net\r\nSubject: Prazdna\r\nContent-Type: text/html\r\n\r\n<html><body><img src=\"cid:x\"></body></html>\r\n",
    );
    env.run(&["sync"]).ok();
    let r = env.run(&["sync", "--reprocess"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("reprocessed 2 messages; 2 still parse only partially"),
        "{}",
        r.stderr
    );
}
