//! `hd db info` and `hd db copy`: what a database is, and an SQLite helpdesk
//! copied into a real PostgreSQL that then answers exactly as the file did.
//!
//! The copy tests need a PostgreSQL server: the suite's own when it runs on
//! PostgreSQL (`HD_TEST_PG_URL`), else one each test starts with
//! `scripts/test-servers/postgres.sh` and stops at its end. A server that
//! cannot start fails the test.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{BASE_CONFIG, TestEnv, bulk_mail, pg};

/// A PostgreSQL database to copy into, on the suite's server or on one
/// started for this test alone (stopped when dropped).
struct Target {
    /// The database's URL, without a password.
    url: String,
    /// Keeps the suite's database alive.
    _db: Option<pg::Database>,
    /// The directory of a server this test started.
    dir: Option<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Target {
    /// Takes the environment's PostgreSQL database when the suite runs on
    /// PostgreSQL (so hd in `env` runs on SQLite), else starts a server.
    fn new(env: &mut TestEnv) -> Target {
        if let Some(db) = env.pg.take() {
            return Target {
                url: db.url.clone(),
                _db: Some(db),
                dir: None,
            };
        }
        let out = std::process::Command::new(root().join("scripts/test-servers/postgres.sh"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run scripts/test-servers/postgres.sh");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "PostgreSQL did not start: {}{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let field = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k))
                .unwrap_or_else(|| panic!("no {k} in {text}"))
                .to_string()
        };
        let (admin, dir) = (field("PGURL="), field("PGDIR="));
        let mut target = Target {
            url: String::new(),
            _db: None,
            dir: Some(dir),
        };
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to {admin}: {e}"));
        c.batch_execute("CREATE DATABASE hd_copy")
            .expect("CREATE DATABASE");
        target.url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/hd_copy"),
            None => panic!("odd URL {admin}"),
        };
        target
    }

    /// The URL with a password in it, which the trust-authenticated test
    /// server ignores: hd must never show it.
    fn url_with_secret(&self) -> String {
        let (scheme, rest) = self.url.split_once("://").expect("scheme");
        let (user, host) = rest.split_once('@').expect("user@host");
        format!("{scheme}://{user}:{SECRET}@{host}")
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ =
                std::process::Command::new(root().join("scripts/test-servers/postgres-stop.sh"))
                    .arg(dir)
                    .stdin(std::process::Stdio::null())
                    .output();
        }
    }
}

const SECRET: &str = "secret";

/// [`BASE_CONFIG`] with a Maildir feeding the support queue.
fn maildir_config(maildir: &Path) -> String {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\ncategory = \"Service\"\nmaildir = {:?}\n",
        maildir.to_str().unwrap()
    )
}

/// A helpdesk with mail (attachments, odd charsets, a reply in a thread),
/// tickets by hand, notes, tags, a closed ticket, time, an article.
fn populate(env: &mut TestEnv) {
    let maildir = env.path().join("Maildir");
    env.write_config(&maildir_config(&maildir));
    env.operator = Some("jana".into());
    for f in [
        "plain-utf8.eml",
        "nested-multipart.eml",
        "windows-1250.eml",
        "iso-8859-2-qp.eml",
        "reply-with-tag.eml",
        "rfc2047-subject.eml",
        "big-attachment.eml",
    ] {
        std::fs::copy(
            root().join("tests/fixtures/mail").join(f),
            maildir.join("new").join(f),
        )
        .unwrap();
    }
    env.run(&["sync"]).ok();
    let a = env.new_ticket("Reklamace vysavače Zubrovka", "karel@acme.cz", &[]);
    env.run(&["comment", &a, "-m", "Zákazník volal, ověřit záruku"])
        .ok();
    env.run(&["set", &a, "--tag", "+vip,+reklamace", "--priority", "high"])
        .ok();
    let b = env.new_ticket("Faktura 2026/11", "ucetni@firma.cz", &["--source", "phone"]);
    env.run(&["status", &b, "closed"]).ok();
    let spam = env.new_ticket("Výhra v loterii", "spam@example.net", &[]);
    env.run(&["delete", &spam]).ok();
    env.run(&["time", &a, "25m", "-m", "hovor"]).ok();
    env.run(&[
        "kb",
        "new",
        "--title",
        "Reset hesla",
        "-m",
        "Jak obnovit heslo",
    ])
    .ok();
}

fn info_json(env: &TestEnv, db: &str) -> Value {
    env.run(&["db", "info", "--format", "json", "--db", db])
        .json()
}

#[test]
fn db_info_on_sqlite_names_the_file_the_version_and_counts_what_list_shows() {
    let env = {
        let mut e = TestEnv::new();
        e.pg.take();
        e
    };
    let r = env.run(&["db", "info"]);
    assert_eq!(r.fails(2).lines().count(), 2, "{}", r.stderr);
    assert!(r.stderr.contains("no database at"), "{}", r.stderr);
    env.run(&["init"]).ok();
    env.new_ticket("Tiskárna netiskne", "karel@acme.cz", &[]);
    env.new_ticket("Faktura", "jana@firma.cz", &[]);
    let n = env.new_ticket("Spam", "x@y.cz", &[]);
    env.run(&["delete", &n]).ok();
    let db = env.db_path();
    let v = info_json(&env, db.to_str().unwrap());
    assert_eq!(v["engine"], "sqlite");
    assert_eq!(v["location"], db.to_str().unwrap());
    assert_eq!(v["server_version"], Value::Null);
    assert!(v["schema_version"].as_i64().unwrap() >= 14, "{v}");
    assert_eq!(v["schema_version"], v["hd_schema_version"]);
    assert!(v["size"].as_u64().unwrap() > 0, "{v}");
    assert!(v["wal_size"].as_u64().is_some(), "{v}");
    let listed = env.run(&["list", "deleted:yes", "--format", "json"]).json();
    let all = env
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    let tickets = v["tables"]["tickets"].as_i64().unwrap();
    assert_eq!(
        tickets as usize,
        all.as_array().unwrap().len() + listed.as_array().unwrap().len(),
        "{v}"
    );
    assert_eq!(tickets, 3);
    assert_eq!(v["tables"]["contacts"], 3);
    // One first interaction for each ticket made by hand.
    assert_eq!(v["tables"]["interactions"], 3);
    assert!(v["tables"]["events"].as_i64().unwrap() >= 3, "{v}");
    for t in ["raw_messages", "attachments", "blobs"] {
        assert_eq!(v["tables"][t], 0, "{t}: {v}");
    }
    // The text form: one line a fact, for people and for scripts.
    let text = env.run(&["db", "info", "--format", "tsv"]);
    let out = text.ok();
    assert!(out.starts_with("name\tvalue\nengine\tsqlite\n"), "{out}");
    assert!(out.contains("\ntickets\t3\n"), "{out}");
}

#[test]
fn db_copy_refuses_a_postgres_source_and_a_target_that_is_not_postgres() {
    let mut env = TestEnv::new();
    env.pg.take();
    env.run(&["init"]).ok();
    let r = env.run(&[
        "db",
        "copy",
        "--db",
        "postgres://hd:hush@127.0.0.1:1/x",
        "--to",
        "postgres://hd@127.0.0.1:1/y",
    ]);
    let err = r.fails(2);
    assert!(err.contains("copies an SQLite database"), "{err}");
    assert!(!err.contains("hush") && !r.stdout.contains("hush"), "{err}");
    // A server that does not answer is a temporary failure; a password in
    // the query string is hidden as one before the host is.
    let r = env.run(&[
        "db",
        "copy",
        "--to",
        "postgresql://127.0.0.1:1/y?user=hd&password=hush",
    ]);
    let err = r.fails(75);
    assert!(err.contains("password=***"), "{err}");
    assert!(!err.contains("hush") && !r.stdout.contains("hush"), "{err}");
    let other = env.path().join("other.db");
    let r = env.run(&["db", "copy", "--to", other.to_str().unwrap()]);
    let err = r.fails(2);
    assert!(err.contains("is not a PostgreSQL URL"), "{err}");
    assert!(!other.exists(), "a file target was created");
    let r = env.run(&[
        "db",
        "copy",
        "--db",
        env.path().join("missing.db").to_str().unwrap(),
        "--to",
        "postgres://hd@127.0.0.1:1/y",
    ]);
    r.fails(2);
}

/// Every line any run printed, to look for the password in.
#[derive(Default)]
struct Seen(String);

impl Seen {
    fn run(&mut self, env: &TestEnv, args: &[&str]) -> crate::support::Run {
        let r = env.run(args);
        self.0.push_str(&r.stdout);
        self.0.push_str(&r.stderr);
        r
    }
}

#[test]
fn db_copy_of_a_synced_database_answers_on_postgres_as_the_file_did() {
    let mut env = TestEnv::new();
    let target = Target::new(&mut env);
    populate(&mut env);
    let url = target.url_with_secret();
    let file = env.db_path().to_string_lossy().into_owned();
    let mut seen = Seen::default();

    let before = info_json(&env, &file);
    assert!(
        before["tables"]["raw_messages"].as_i64().unwrap() >= 7,
        "{before}"
    );
    assert!(
        before["tables"]["attachments"].as_i64().unwrap() >= 1,
        "{before}"
    );

    let r = seen.run(&env, &["db", "copy", "--to", &url]);
    r.ok();
    let shown = target.url.replacen("://hd@", "://hd:***@", 1);
    let summary = r.stderr.lines().last().unwrap_or_default().to_string();
    assert!(
        summary.starts_with("copied ") && summary.ends_with(&format!(" rows to {shown}")),
        "{}",
        r.stderr
    );
    // The copy leaves the planner its statistics: ANALYZE by hd itself
    // (`last_analyze`; autovacuum's own run would set `last_autoanalyze`).
    let mut pg = postgres::Client::connect(&target.url, postgres::NoTls).unwrap();
    let unanalyzed: Vec<String> = pg
        .query(
            "SELECT relname::text FROM pg_stat_user_tables \
             WHERE relname IN ('tickets', 'interactions', 'contacts', 'events') \
             AND last_analyze IS NULL",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(unanalyzed.is_empty(), "not analyzed: {unanalyzed:?}");
    drop(pg);

    // The same tickets, conversations, histories and exports, the same counts.
    let all = env
        .run(&["list", "deleted:any", "--format", "ids", "--db", &file])
        .ok()
        .to_string();
    let mut compared: Vec<Vec<&str>> = vec![
        vec!["list", "--view", "all", "--format", "json"],
        vec!["list", "deleted:yes", "--format", "json"],
        vec!["sla", "--format", "json"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "json"],
        vec!["kb", "list", "--format", "json"],
    ];
    for n in all.lines() {
        compared.push(vec!["show", n, "--format", "json"]);
    }
    assert!(compared.len() >= 10, "{all}");
    for args in &compared {
        let sqlite = env.run(&[&args[..], &["--db", &file]].concat());
        let pg = seen.run(&env, &[&args[..], &["--db", &url]].concat());
        assert_eq!(pg.ok(), sqlite.ok(), "hd {args:?} differs on PostgreSQL");
    }
    let info = seen
        .run(&env, &["db", "info", "--format", "json", "--db", &url])
        .json();
    assert_eq!(info["engine"], "postgresql");
    assert_eq!(info["location"], shown.as_str());
    assert_eq!(info["schema_version"], before["schema_version"]);
    assert_eq!(info["hd_schema_version"], before["hd_schema_version"]);
    assert!(
        info["server_version"]
            .as_str()
            .is_some_and(|v| v.starts_with("15")),
        "{info}"
    );
    assert!(info["size"].as_u64().unwrap() > 0);
    assert_eq!(info["tables"], before["tables"]);
    let text = seen.run(&env, &["db", "info", "--format", "table", "--db", &url]);
    assert!(text.ok().contains("postgresql"), "{}", text.stdout);

    // A second copy finds data there and changes nothing.
    let r = seen.run(&env, &["db", "copy", "--to", &url]);
    let err = r.fails(2);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(info_json(&env, &url)["tables"], before["tables"]);

    // The copy goes on where the file stopped: each id sequence is past its
    // table's largest id, so new rows (a change's event) get new ids.
    let first = all.lines().next().unwrap();
    seen.run(&env, &["set", first, "--priority", "urgent", "--db", &url])
        .ok();
    seen.run(&env, &["status", first, "closed", "--db", &url])
        .ok();
    let mut c = postgres::Client::connect(&target.url, postgres::NoTls).expect("connect");
    let identities: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(identities.len() >= 10, "{identities:?}");
    for t in &identities {
        let (next, max): (i64, i64) = c
            .query_one(
                &format!(
                    "SELECT nextval(pg_get_serial_sequence('{t}', 'id')), \
                     coalesce((SELECT max(id) FROM {t}), 0)"
                ),
                &[],
            )
            .map(|r| (r.get(0), r.get(1)))
            .unwrap();
        assert!(next > max, "{t}: next id {next}, largest {max}");
    }
    // Ticket numbers go on from the highest, whatever the prefix.
    let highest = all
        .lines()
        .filter_map(|n| n.rsplit_once('-')?.1.parse::<i64>().ok())
        .max()
        .unwrap();
    let counter: Vec<(String, i64)> = c
        .query(
            "SELECT prefix::text, last FROM counters ORDER BY prefix",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(
        counter
            .iter()
            .any(|(p, last)| p.is_empty() && *last == highest),
        "ticket numbers did not come along: {counter:?}"
    );

    assert!(
        !seen.0.contains(SECRET),
        "the password was shown:\n{}",
        seen.0
    );
}

#[test]
fn db_copy_matches_columns_by_name_and_commits_nothing_unless_every_count_matches() {
    let mut env = TestEnv::new();
    let target = Target::new(&mut env);
    let file = env.db_path().to_string_lossy().into_owned();
    let a = env.new_ticket("Tiskárna netiskne", "karel@acme.cz", &[]);
    env.run(&["set", &a, "--tag", "+vip"]).ok();
    // The schema as hd creates it, then changed behind its back.
    env.run(&["db", "info", "--db", &target.url]).ok();
    let mut c = postgres::Client::connect(&target.url, postgres::NoTls).expect("connect");
    let empty = |c: &mut postgres::Client| {
        for t in [
            "contacts",
            "tickets",
            "ticket_tags",
            "events",
            "interactions",
        ] {
            let n: i64 = c
                .query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .unwrap()
                .get(0);
            assert_eq!(n, 0, "{t} has rows after a failed copy");
        }
    };

    c.batch_execute("ALTER TABLE tickets DROP COLUMN due")
        .unwrap();
    let r = env.run(&["db", "copy", "--to", &target.url]);
    assert!(r.fails(2).contains("no column due"), "{}", r.stderr);
    empty(&mut c);

    // Back, but now the last column: copied by name, not by position.
    c.batch_execute("ALTER TABLE tickets ADD COLUMN due BIGINT")
        .unwrap();
    // A row that silently does not arrive: the counts differ, nothing stays.
    c.batch_execute(
        "CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
         CREATE TRIGGER skip_row BEFORE INSERT ON ticket_tags FOR EACH ROW EXECUTE FUNCTION skip_row();",
    )
    .unwrap();
    let r = env.run(&["db", "copy", "--to", &target.url]);
    let err = r.fails(1);
    assert!(
        err.contains("ticket_tags: 1 rows in the source but 0 in the copy")
            && err.contains("nothing was committed"),
        "{err}"
    );
    empty(&mut c);

    c.batch_execute("DROP TRIGGER skip_row ON ticket_tags")
        .unwrap();
    env.run(&["db", "copy", "--to", &target.url]).ok();
    for args in [
        &["list", "--view", "all", "--format", "json"][..],
        &["show", &a, "--format", "json"][..],
    ] {
        let sqlite = env.run(&[args, &["--db", &file]].concat());
        let pg = env.run(&[args, &["--db", &target.url]].concat());
        assert_eq!(pg.ok(), sqlite.ok(), "hd {args:?} differs on PostgreSQL");
    }
}

/// PostgreSQL hands long reports over a chunk at a time, asking for the next
/// chunk before the last is read, with the SLA report reading four cursors
/// side by side: a helpdesk of more than a chunk (2,000 rows) reads there row
/// for row as from the file.
#[test]
fn reports_longer_than_one_fetch_read_the_same_on_postgres() {
    const N: usize = 2600;
    let mut env = TestEnv::new();
    let target = Target::new(&mut env);
    let maildir = env.path().join("Maildir");
    env.write_config(&maildir_config(&maildir));
    for (i, raw) in bulk_mail(N).iter().enumerate() {
        std::fs::write(
            // Delivered from 2026-11-18 on, a message a minute.
            maildir
                .join("new")
                .join(format!("{}.M{i}P1.mx", 1_795_000_000 + 60 * i)),
            raw,
        )
        .unwrap();
    }
    env.run(&["sync"]).ok();
    env.operator = Some("jana".into());
    // Some answered and closed, so the SLA report has events and replies
    // to read beside the tickets.
    for n in ["REQ-000001", "REQ-000777", "REQ-002222"] {
        env.run(&["comment", n, "-m", "Vyřízeno telefonicky"]).ok();
        env.run(&["status", n, "closed"]).ok();
    }
    let file = env.db_path().to_string_lossy().into_owned();
    env.run(&["db", "copy", "--to", &target.url]).ok();
    for args in [
        &["sla", "--from", "2026-01-01", "--format", "json"][..],
        &[
            "sla",
            "--from",
            "2026-01-01",
            "--format",
            "tsv",
            "--by",
            "day",
        ],
        &["export", "--format", "csv"],
        &["export", "--format", "csv", "status:closed"],
    ] {
        let sqlite = env.run(&[args, &["--db", &file]].concat());
        let pg = env.run(&[args, &["--db", &target.url]].concat());
        assert_eq!(pg.ok(), sqlite.ok(), "hd {args:?} differs on PostgreSQL");
    }
    // The SLA report counted every ticket, the export listed every message.
    let sla = env
        .run(&[
            "sla",
            "--from",
            "2026-01-01",
            "--format",
            "json",
            "--db",
            &target.url,
        ])
        .json();
    assert!(sla.to_string().contains(&format!(":{N}")), "{sla}");
    let export = env.run(&["export", "--format", "csv", "--db", &target.url]);
    assert_eq!(export.ok().lines().count(), 1 + N + 3);
}
