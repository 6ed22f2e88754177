//! What only a shared PostgreSQL database asks of hd: many operators at once,
//! a server that goes away, a schema from a newer hd. These run on
//! PostgreSQL on every run of the suite (starting a throwaway server when
//! `HD_TEST_PG_URL` names none) and fail when it cannot start.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{BASE_CONFIG, TestEnv, bulk_mail};

/// Six more operators in the support queue, whose tickets are handed out by
/// hand only (BASE_CONFIG's `distribution = "manual"`).
fn six_operators() -> String {
    let mut c = BASE_CONFIG.to_string();
    for i in 1..=6 {
        c.push_str(&format!(
            "\n[[operator]]\nname = \"op{i}\"\nemail = \"op{i}@example.com\"\nqueues = [\"support\"]\n"
        ));
    }
    c
}

/// An environment on PostgreSQL whose mailbox `local` reads the Maildir
/// `spool` into `support`.
fn spool_env() -> TestEnv {
    let env = TestEnv::on_postgres(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"local\"\nqueue = \"support\"\nmaildir = \"spool\"\n"
    ));
    let dir = env.path().join("config/hd/spool");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    env
}

/// A spool of `n` generated messages, and `hd sync` started on it.
fn syncing(n: usize) -> (TestEnv, std::process::Child) {
    let env = spool_env();
    deliver(&env, &bulk_mail(n), 0..n);
    env.run(&["init"]).ok();
    let sync = env
        .cmd(&["sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hd sync");
    (env, sync)
}

/// Delivers `mail[range]` into the spool of [`spool_env`].
fn deliver(env: &TestEnv, mail: &[Vec<u8>], range: std::ops::Range<usize>) {
    let new = env.path().join("config/hd/spool/new");
    for i in range {
        std::fs::write(new.join(format!("17951616{i:05}.M{i}P1.mx")), &mail[i]).unwrap();
    }
}

#[test]
fn six_operators_taking_next_at_once_get_six_different_tickets() {
    let env = TestEnv::on_postgres(&six_operators());
    env.run(&["init"]).ok();
    for i in 0..8 {
        env.new_ticket(&format!("Dotaz {i}"), &format!("z{i}@example.cz"), &[]);
    }
    let unassigned = env
        .run(&["list", "assignee:none", "status:queued", "--format", "ids"])
        .ok()
        .lines()
        .count();
    assert!(unassigned >= 6, "only {unassigned} tickets free to take");
    // Six at once, each as another operator, each on its own connection.
    let children: Vec<_> = (1..=6)
        .map(|i| {
            env.cmd(&[
                "next",
                "--take",
                "--as",
                &format!("op{i}"),
                "--format",
                "json",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn hd next")
        })
        .collect();
    let mut taken = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        taken.push((
            v["number"].as_str().unwrap().to_string(),
            v["assignee"].clone(),
        ));
    }
    let mut numbers: Vec<&str> = taken.iter().map(|(n, _)| n.as_str()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 6, "a ticket was handed out twice: {taken:?}");
    // And the database agrees: six tickets, one operator each.
    let conn = env.db();
    let owners: i64 = conn
        .query_row(
            "SELECT count(DISTINCT assignee) FROM tickets WHERE assignee LIKE 'op%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(owners, 6);
}

#[test]
fn an_unreachable_server_is_exit_75_and_never_shows_the_password() {
    let env = TestEnv::with_config(BASE_CONFIG);
    // Nothing listens on this port.
    let port = crate::support::servers::free_port();
    let url = format!("postgres://hd:s3cret-pw@127.0.0.1:{port}/hd");
    for args in [vec!["--db", &url, "list"], vec!["--db", &url, "sync"]] {
        let r = env.run(&args);
        assert_eq!(r.code, 75, "{}", r.stderr);
        // (sync says first that no mailbox is configured)
        assert!(
            r.stderr
                .contains("hd: error: cannot connect to postgres://hd:***@127.0.0.1:"),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("s3cret-pw"), "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[test]
fn a_schema_from_a_newer_hd_is_refused_and_left_alone() {
    let env = TestEnv::on_postgres(BASE_CONFIG);
    env.run(&["init"]).ok();
    env.db()
        .execute("UPDATE hd_schema SET version = 99", [])
        .unwrap();
    let r = env.run(&["list"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("has schema version 99, newer than this hd understands"),
        "{}",
        r.stderr
    );
    let v: i64 = env
        .db()
        .query_row("SELECT version FROM hd_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn a_server_that_goes_away_mid_sync_is_exit_75_and_the_rerun_stores_each_message_once() {
    const N: usize = 3000;
    let (env, sync) = syncing(N);
    let admin = env.db();
    // Once it has stored some mail, its connections are cut, as a restarting
    // server or a failover would.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let stored: i64 = admin
            .query_row("SELECT count(*) FROM raw_messages", [], |r| r.get(0))
            .unwrap();
        if stored > 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "hd sync stored nothing in a minute"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    admin
        .execute_batch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
    let out = sync.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("hd: error:"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The next run (cron's) finishes the job: every message once.
    let again = env.run(&["sync"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let (raw, tickets, distinct): (i64, i64, i64) = env
        .db()
        .query_row(
            "SELECT (SELECT count(*) FROM raw_messages), (SELECT count(*) FROM tickets), \
             (SELECT count(DISTINCT subject) FROM tickets)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((raw, tickets, distinct), (N as i64, N as i64, N as i64));
    // Numbered 1..N: a batch counts on in memory and writes the counter at
    // its commit, so the cut batch gave its numbers back with its rows.
    let (numbers, highest, counter): (i64, i64, i64) = env
        .db()
        .query_row(
            "SELECT count(DISTINCT number), max(number), \
             (SELECT last FROM counters WHERE prefix = '') FROM tickets",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((numbers, highest, counter), (N as i64, N as i64, N as i64));
    // The next ticket takes the next number.
    let next = env.new_ticket("Po synchronizaci", "novy@example.cz", &[]);
    assert!(next.ends_with(&format!("-{:06}", N + 1)), "{next}");
}

#[test]
fn a_url_in_the_config_and_its_password_command_are_used_and_never_shown() {
    let db = crate::support::pg::Database::create();
    let env = TestEnv::with_config(&format!(
        "db = \"{}\"\n{BASE_CONFIG}\n[database]\npassword_command = \"touch asked; echo s3cret-pw\"\n",
        db.url
    ));
    // No HD_DB: the config's URL is the database (not a path beside the config).
    let run = |args: &[&str]| {
        let out = env.cmd(args).env_remove("HD_DB").output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["init"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(&["db", "info", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"postgresql\""), "{out}");
    assert!(
        env.path().join("asked").exists(),
        "password_command never ran"
    );
    assert!(
        !out.contains("s3cret-pw") && !err.contains("s3cret-pw"),
        "{out}{err}"
    );
    // init made its schema in the config's database.
    assert_eq!(db.query("SELECT count(*) FROM tickets"), ["0"]);
}

/// Writes held back for the next round trip (`Statement::write`) are seen by
/// the transaction's next query, fail it when they fail, and never let a
/// transaction that met an error commit quietly as a rollback.
#[test]
fn held_back_writes_are_seen_in_order_and_a_failed_one_fails_the_commit() {
    use hd::db::TransactionBehavior::Immediate;
    let env = TestEnv::on_postgres(BASE_CONFIG);
    env.run(&["init"]).ok();
    let count = |c: &hd::db::Connection, prefix: &str| -> i64 {
        c.query_row(
            "SELECT count(*) FROM counters WHERE prefix = ?1",
            [prefix],
            |r| r.get(0),
        )
        .expect("count")
    };
    let mut c = env.db();

    // Held back, then seen by the next query of the same transaction, then committed.
    let tx = c.transaction_with_behavior(Immediate).unwrap();
    tx.write("INSERT INTO counters (prefix, last) VALUES ('A', 1)", [])
        .unwrap();
    tx.write("UPDATE counters SET last = 7 WHERE prefix = 'A'", [])
        .unwrap();
    let last: i64 = tx
        .query_row("SELECT last FROM counters WHERE prefix = 'A'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        last, 7,
        "the held-back writes ran before the query, in order"
    );
    tx.commit().unwrap();
    assert_eq!(count(&env.db(), "A"), 1);

    // A held-back write that fails: the next request reports it, the commit fails.
    let tx = c.transaction_with_behavior(Immediate).unwrap();
    tx.write("INSERT INTO counters (prefix, last) VALUES ('B', 1)", [])
        .unwrap();
    tx.write("INSERT INTO counters (prefix, last) VALUES ('A', 2)", [])
        .expect("held back, not run yet");
    let err = tx
        .query_row("SELECT count(*) FROM counters", [], |r| r.get::<_, i64>(0))
        .expect_err("the duplicate key comes back from the next request");
    assert!(err.to_string().contains("duplicate key"), "{err}");
    let err = tx
        .commit()
        .expect_err("a transaction that failed does not commit");
    assert!(err.to_string().contains("rolled back"), "{err}");
    assert_eq!(count(&env.db(), "B"), 0, "nothing of it was kept");

    // An error someone let pass still fails the commit, where PostgreSQL
    // itself would have answered COMMIT with a quiet rollback.
    let tx = c.transaction_with_behavior(Immediate).unwrap();
    tx.write("INSERT INTO counters (prefix, last) VALUES ('C', 1)", [])
        .unwrap();
    let _ignored = tx.execute("INSERT INTO counters (prefix, last) VALUES ('A', 3)", []);
    assert!(tx.commit().is_err());
    assert_eq!(count(&env.db(), "C"), 0);

    // A transaction rolled back before anything went out costs nothing and
    // leaves the connection usable.
    let tx = c.transaction_with_behavior(Immediate).unwrap();
    tx.write("INSERT INTO counters (prefix, last) VALUES ('D', 1)", [])
        .unwrap();
    tx.rollback().unwrap();
    assert_eq!(count(&c, "D"), 0);
    assert_eq!(count(&c, "A"), 1);
}

/// Held-back INSERTs go as multi-row statements, one per table where the
/// writes between allow it, with the outcome of the order they were made in:
/// a child row never goes before its parent, an UPDATE keyed to a row keeps
/// that row's insert after it, and while hooks are recorded the tables with
/// hook triggers keep their order.
#[test]
fn held_back_inserts_gather_into_multi_row_statements_with_the_same_outcome() {
    use hd::db::TransactionBehavior::Immediate;
    let env = TestEnv::on_postgres(BASE_CONFIG);
    env.run(&["init"]).ok();
    env.db()
        .execute_batch(
            "CREATE TABLE gp (id BIGINT PRIMARY KEY, v BIGINT NOT NULL DEFAULT 0);
             CREATE TABLE gc (id BIGINT PRIMARY KEY, p BIGINT NOT NULL REFERENCES gp(id), n BIGINT);
             CREATE TABLE gstat (seq BIGSERIAL, tbl TEXT, rows BIGINT);
             CREATE FUNCTION gcount() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 INSERT INTO gstat (tbl, rows) SELECT TG_TABLE_NAME, count(*) FROM fresh;
                 RETURN NULL;
             END $$;
             CREATE TRIGGER hook_count AFTER INSERT ON gp REFERENCING NEW TABLE AS fresh
                 FOR EACH STATEMENT EXECUTE FUNCTION gcount();
             CREATE TRIGGER hook_count AFTER INSERT ON gc REFERENCING NEW TABLE AS fresh
                 FOR EACH STATEMENT EXECUTE FUNCTION gcount();",
        )
        .unwrap();
    // Twenty parents, each followed by its child; every fifth parent is
    // touched after its child, and the touch of parent 8 comes before
    // parent 8 is inserted.
    let write_all = |c: &mut hd::db::Connection, base: i64| {
        let tx = c.transaction_with_behavior(Immediate).unwrap();
        for k in base + 1..=base + 20 {
            if k == base + 8 {
                tx.write("UPDATE gp SET v = v + 100 WHERE id = ?1", [k])
                    .unwrap();
            }
            tx.write("INSERT INTO gp (id) VALUES (?1)", [k]).unwrap();
            tx.write(
                "INSERT INTO gc (id, p, n) VALUES (?1, ?2, ?3)",
                [k, k, k * 10],
            )
            .unwrap();
            if k % 5 == 0 {
                tx.write("UPDATE gp SET v = v + 1 WHERE id = ?1", [k])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    };
    let stats = |c: &hd::db::Connection| -> Vec<(String, i64)> {
        let mut st = c
            .prepare("SELECT tbl, rows FROM gstat ORDER BY seq")
            .unwrap();
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let mut c = env.db();
    // The first run prepares the statements (each first use is a round trip
    // of its own, which sends what was held back); the second is measured.
    write_all(&mut c, 1000);
    c.execute_batch("TRUNCATE gstat").unwrap();
    write_all(&mut c, 0);
    let s = stats(&c);
    let expected: Vec<(String, i64)> = [
        // Parents 1-7 in chunks of 4, 2 and 1 rows, then their children;
        // parent 8 waits behind its touch, and its child behind it.
        ("gp", 4),
        ("gp", 2),
        ("gp", 1),
        ("gc", 4),
        ("gc", 2),
        ("gc", 1),
        ("gp", 8),
        ("gp", 4),
        ("gp", 1),
        ("gc", 8),
        ("gc", 4),
        ("gc", 1),
    ]
    .iter()
    .map(|(t, n)| (t.to_string(), *n))
    .collect();
    assert_eq!(s, expected);
    let v: Vec<(i64, i64)> = {
        let mut st = c
            .prepare("SELECT id, v FROM gp WHERE v <> 0 AND id < 1000 ORDER BY id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        v,
        vec![(5, 1), (10, 1), (15, 1), (20, 1)],
        "the touch of parent 8 ran before parent 8 existed, the others after"
    );
    let n: i64 = c
        .query_row(
            "SELECT sum(n) FROM gc WHERE n = p * 10 AND id < 1000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, (1..=20).map(|k| k * 10).sum::<i64>());

    // While hooks are recorded, tables with hook triggers keep their order:
    // one statement per write.
    c.execute_batch("TRUNCATE gstat").unwrap();
    c.record_hooks(true);
    write_all(&mut c, 100);
    let s = stats(&c);
    assert_eq!(s.len(), 40, "{s:?}");
    assert!(s.iter().all(|(_, n)| *n == 1), "{s:?}");
}

/// A sync into tables without statistics gathers them itself as the mailbox
/// grows (at 100, 200, 400 messages...), so its lookups are not planned for
/// empty tables; a small sync into a big mailbox does not.
#[test]
fn a_first_import_gathers_the_statistics_its_lookups_plan_by() {
    let env = spool_env();
    let mail = bulk_mail(450);
    let analyzed = |env: &TestEnv| -> (i64, i64) {
        env.db()
            .query_row(
                "SELECT (SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'raw_messages'), \
                        (SELECT count(*) FROM pg_stats WHERE tablename = 'raw_messages' AND attname = 'hash')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    env.run(&["init"]).ok();
    deliver(&env, &mail, 0..420);
    env.run(&["sync"]).ok();
    // Batches of 100: gathered after 100, 200 and 400 messages.
    assert_eq!(analyzed(&env), (3, 1));
    // Their full-text documents came from the second connection: found as
    // the insert's own would be.
    let found = env.run(&["list", "417", "--format", "ids"]);
    assert_eq!(found.ok().lines().count(), 1, "{}", found.ok());
    deliver(&env, &mail, 420..450);
    env.run(&["sync"]).ok();
    assert_eq!(analyzed(&env).0, 3, "30 messages into 420 change nothing");
    let stored: i64 = env
        .db()
        .query_row("SELECT count(*) FROM raw_messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 450);
}

/// The second connection that computes a big batch's full-text documents
/// can go away mid-sync: the batches compute theirs themselves from then on,
/// and every interaction ends up with the document the server's
/// `hd_fts_doc` makes of it.
#[test]
fn a_sync_whose_document_connection_goes_away_still_indexes_every_message() {
    const N: usize = 3000;
    let (env, sync) = syncing(N);
    let admin = env.db();
    let deadline = Instant::now() + Duration::from_secs(60);
    let killed = loop {
        let killed: i64 = admin
            .query_row(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND application_name = 'hd documents' \
                 AND EXISTS (SELECT 1 FROM raw_messages)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if killed > 0 {
            break killed;
        }
        assert!(
            Instant::now() < deadline,
            "no document connection in a minute"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(killed, 1);
    let out = sync.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (stored, indexed, right): (i64, i64, i64) = admin
        .query_row(
            "SELECT (SELECT count(*) FROM interactions), (SELECT count(*) FROM interactions_fts), \
                    (SELECT count(*) FROM interactions i JOIN interactions_fts f ON f.id = i.id \
                      WHERE f.doc = hd_fts_doc(i.subject, 'A') || hd_fts_doc(i.text, 'D'))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((stored, indexed, right), (N as i64, N as i64, N as i64));
}
