//! The ticket store, config and operator commands through the real binary.

use std::os::unix::fs::PermissionsExt;

use crate::support::TestEnv;

#[test]
fn init_writes_private_config_and_database_and_never_overwrites() {
    let env = TestEnv::new();
    let cfg = env.path().join("fresh/config.toml");
    let db = env.path().join("fresh/hd.db");
    let cfg_s = cfg.to_str().unwrap();
    let db_s = db.to_str().unwrap();
    env.run(&["init", "--config", cfg_s, "--db", db_s]).ok();
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains("[[queue]]") && text.contains("# templates_dir"),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Re-running leaves an edited config alone and keeps the data.
    std::fs::write(&cfg, text.replace("Europe/Prague", "UTC")).unwrap();
    let n = env.run(&["new", "--config", cfg_s, "--db", db_s, "--subject", "kept"]);
    assert_eq!(n.ok().trim(), "REQ-000001");
    env.run(&["init", "--config", cfg_s, "--db", db_s]).ok();
    assert!(
        std::fs::read_to_string(&cfg)
            .unwrap()
            .contains("timezone = \"UTC\"")
    );
    let list = env.run(&["list", "--config", cfg_s, "--db", db_s, "--format", "ids"]);
    assert_eq!(list.ok(), "REQ-000001\n");
}

#[test]
fn new_list_show_json_contract() {
    let env = TestEnv::new();
    let n = env.new_ticket(
        "Tiskárna nefunguje",
        "Karel@Acme.com",
        &["--source", "phone", "-m", "Volal zákazník"],
    );
    assert_eq!(n, "REQ-000001");
    let v = env.run(&["list", "--format", "json"]).json();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 1);
    let t = &arr[0];
    for key in [
        "number",
        "id",
        "subject",
        "status",
        "priority",
        "queue",
        "category",
        "assignee",
        "contact",
        "tags",
        "created",
        "updated",
        "first_response_due",
        "resolution_due",
        "breached",
        "rating",
        "deleted",
    ] {
        assert!(t.get(key).is_some(), "missing {key} in {t}");
    }
    assert_eq!(t["number"], "REQ-000001");
    assert_eq!(t["id"], 1);
    assert_eq!(t["status"], "queued");
    assert_eq!(t["priority"], "normal");
    assert_eq!(t["queue"], "support");
    assert_eq!(t["assignee"], serde_json::Value::Null);
    assert_eq!(t["contact"], "karel@acme.com");
    assert_eq!(t["created"], "2026-11-23T09:00:00+01:00");
    assert_eq!(t["deleted"], false);
    let s = env.run(&["show", "#1", "--format", "json"]).json();
    assert_eq!(s["number"], "REQ-000001");
    let inter = s["interactions"].as_array().unwrap();
    assert_eq!(inter.len(), 1);
    assert_eq!(inter[0]["text"], "Volal zákazník");
    assert_eq!(inter[0]["direction"], "in");
    assert_eq!(inter[0]["operator"], "tester");
    assert_eq!(inter[0]["internal"], false);
    assert!(
        s["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "created REQ-000001")
    );
    // Every way of naming a ticket works.
    for name in ["1", "#1", "REQ-000001", "req-1"] {
        env.run(&["show", name]).ok();
    }
    // An empty JSON list is `[]`, and ok.
    assert_eq!(
        env.run(&["list", "status:closed", "--format", "json"])
            .json(),
        serde_json::json!([])
    );
}

#[test]
fn unknown_ticket_and_bad_names_exit_2() {
    let env = TestEnv::new();
    env.new_ticket("a", "a@x.cz", &[]);
    assert!(env.run(&["show", "999"]).fails(2).contains("no ticket 999"));
    assert!(
        env.run(&["show", "SAL-1"])
            .fails(2)
            .contains("no ticket SAL-000001")
    );
    assert!(env.run(&["show", "foo"]).fails(2).contains("not a ticket"));
    assert!(env.run(&["status", "1", "opne"]).fails(2).contains("opne"));
    assert!(
        env.run(&["set", "1", "--priority", "huge"])
            .fails(2)
            .contains("huge")
    );
    assert!(
        env.run(&["set", "1", "--category", "Nope"])
            .fails(2)
            .contains("unknown category \"Nope\"")
    );
    assert!(
        env.run(&["assign", "1", "zdenek"])
            .fails(2)
            .contains("unknown operator \"zdenek\"")
    );
    assert!(
        env.run(&["--as", "zdenek", "list"])
            .fails(2)
            .contains("unknown operator \"zdenek\"")
    );
    let mut e2 = TestEnv::new();
    e2.operator = Some("nobody".into());
    assert!(e2.run(&["list"]).fails(2).contains("HD_OPERATOR"));
}

#[test]
fn filter_language_terms() {
    let env = TestEnv::new();
    let a = env.new_ticket(
        "Reklamáce zboží",
        "a@acme.com",
        &["--category", "Complaints", "--priority", "high"],
    );
    let b = env.new_ticket(
        "Dotaz na cenu",
        "b@other.cz",
        &["--priority", "low", "-m", "late delivery of parcel"],
    );
    let c = env.new_ticket("Urgent outage", "c@acme.com", &["--priority", "urgent"]);
    env.run(&["status", &b, "waiting"]).ok();
    env.run(&["status", &c, "closed"]).ok();
    env.run(&["set", &a, "--tag", "+vip,+x"]).ok();
    env.run(&["set", &a, "--tag", "-x"]).ok();
    let ids = |q: &[&str]| {
        let mut args = vec!["list", "--format", "ids", "--sort", "id"];
        args.extend_from_slice(q);
        env.run(&args)
            .ok()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&[]), vec![a.clone()], "default view is open");
    assert_eq!(ids(&["status:open,waiting"]), vec![b.clone()]);
    assert_eq!(ids(&["--", "-status:closed"]), vec![a.clone(), b.clone()]);
    assert_eq!(ids(&["priority:>=high"]), vec![a.clone(), c.clone()]);
    assert_eq!(ids(&["priority:<normal"]), vec![b.clone()]);
    assert_eq!(ids(&["contact:@acme.com"]), vec![a.clone(), c.clone()]);
    assert_eq!(ids(&["tag:vip"]), vec![a.clone()]);
    assert_eq!(ids(&["tag:x"]), Vec::<String>::new());
    assert_eq!(ids(&["category:Complaints"]), vec![a.clone()]);
    assert_eq!(
        ids(&["reklamace"]),
        vec![a.clone()],
        "diacritics-insensitive full text"
    );
    assert_eq!(ids(&["late", "delivery"]), vec![b.clone()]);
    assert_eq!(ids(&["created:>=7d"]).len(), 3);
    assert_eq!(ids(&["created:<today"]).len(), 0);
    assert_eq!(ids(&["--view", "waiting"]), vec![b.clone()]);
    assert_eq!(ids(&["--view", "complaints"]), vec![a.clone()]);
    assert_eq!(ids(&["--view", "all"]).len(), 3);
    assert_eq!(ids(&["--view", "all", "priority:urgent"]), vec![c.clone()]);
    let bad = env.run(&["list", "colour:red"]);
    assert!(bad.fails(2).contains("colour:red"), "{}", bad.stderr);
    assert!(
        env.run(&["list", "status:opne"])
            .fails(2)
            .contains("status:opne")
    );
    assert!(
        env.run(&["list", "--view", "nope"])
            .fails(2)
            .contains("unknown view")
    );
    assert!(
        env.run(&["list", "queue:nope"])
            .fails(2)
            .contains("unknown queue")
    );
}

#[test]
fn mine_view_and_queue_rights() {
    let env = TestEnv::new();
    let s1 = env.new_ticket("support one", "a@x.cz", &["--assign", "jana"]);
    let s2 = env.new_ticket("support two", "b@x.cz", &[]);
    let sales = env.new_ticket(
        "sales one",
        "c@x.cz",
        &["--queue", "sales", "--assign", "eva"],
    );
    assert_eq!(sales, "SAL-000003");
    let as_op = |op: &str, args: &[&str]| {
        let mut v = vec!["--as", op, "--format", "ids"];
        v.extend_from_slice(args);
        v.extend_from_slice(&["--sort", "id"]);
        env.run(&v)
            .ok()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(as_op("jana", &["list", "--view", "mine"]), vec![s1.clone()]);
    assert_eq!(
        as_op("eva", &["list", "--view", "mine"]),
        vec![sales.clone()]
    );
    // jana sees only support, eva only sales, petr both, the administrator all.
    assert_eq!(
        as_op("jana", &["list", "--view", "all"]),
        vec![s1.clone(), s2.clone()]
    );
    assert_eq!(
        as_op("eva", &["list", "--view", "all"]),
        vec![sales.clone()]
    );
    assert_eq!(as_op("petr", &["list", "--view", "all"]).len(), 3);
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "ids"])
            .ok()
            .lines()
            .count(),
        3
    );
    assert!(
        env.run(&["--as", "jana", "show", &sales])
            .fails(2)
            .contains("no rights")
    );
    assert!(
        env.run(&["--as", "jana", "status", &sales, "closed"])
            .fails(2)
            .contains("no rights")
    );
    // The administrator has no `mine`.
    assert!(
        env.run(&["list", "--view", "mine"])
            .fails(2)
            .contains("assignee:me")
    );
    // `take` assigns to me and opens a queued ticket.
    env.run(&["--as", "petr", "take", &s2]).ok();
    let t = env.run(&["show", &s2, "--format", "json"]).json();
    assert_eq!(t["assignee"], "petr");
    assert_eq!(t["status"], "open");
    // Assigning leaves the status as it is.
    env.run(&["assign", &s1, "petr"]).ok();
    let t = env.run(&["show", &s1, "--format", "json"]).json();
    assert_eq!(t["assignee"], "petr");
    assert_eq!(t["status"], "queued");
    env.run(&["assign", &s1, "--none"]).ok();
    assert_eq!(
        env.run(&["show", &s1, "--format", "json"]).json()["assignee"],
        serde_json::Value::Null
    );
    // Operators without rights on the queue cannot be assigned.
    assert!(
        env.run(&["assign", &s1, "eva"])
            .fails(2)
            .contains("no rights")
    );
    // Pipelines: ids into assign.
    let ids = env.run(&["list", "--view", "unassigned", "--format", "ids"]);
    let list: Vec<&str> = ids.ok().lines().collect();
    assert_eq!(list, vec![s1.as_str()]);
}

#[test]
fn comment_is_internal_and_merge_moves_everything() {
    let env = TestEnv::new();
    let a = env.new_ticket("First", "a@x.cz", &[]);
    let b = env.new_ticket("Duplicate", "a@x.cz", &["-m", "same problem"]);
    env.run(&["comment", &a, "-m", "called back, no answer"])
        .ok();
    env.run_stdin(&["comment", &b, "-"], "note from stdin\n")
        .ok();
    // Without a text the editor opens; with none set and no terminal, exit 3 at once.
    assert!(env.run(&["comment", &a]).fails(3).contains("-m TEXT"));
    env.run(&["merge", &b, &a]).ok();
    let t = env.run(&["show", &a, "--format", "json"]).json();
    let inter = t["interactions"].as_array().unwrap();
    assert_eq!(inter.len(), 4);
    let notes: Vec<_> = inter.iter().filter(|i| i["internal"] == true).collect();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["direction"], "internal");
    // The old number resolves to the target.
    assert_eq!(
        env.run(&["show", &b, "--format", "json"]).json()["number"],
        a.as_str()
    );
    // The merged ticket is gone from lists.
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "ids"]).ok(),
        format!("{a}\n")
    );
    assert!(env.run(&["merge", &a, &b]).fails(2).contains("same ticket"));
}

#[test]
fn delete_and_restore_hide_but_never_lose() {
    let env = TestEnv::new();
    let a = env.new_ticket("spam", "a@x.cz", &[]);
    env.run(&["delete", &a]).ok();
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "ids"]).ok(),
        ""
    );
    assert_eq!(
        env.run(&["list", "deleted:yes", "--format", "ids"]).ok(),
        format!("{a}\n")
    );
    env.run(&["restore", &a]).ok();
    assert_eq!(
        env.run(&["list", "--view", "all", "--format", "ids"]).ok(),
        format!("{a}\n")
    );
}

#[test]
fn broken_config_names_file_line_and_key() {
    let env = TestEnv::new();
    env.write_config("timezone = \"Europe/Prague\"\n\n[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"s@x.cz\"\n\n[[mailbox]]\nname = \"in\"\nqueue = \"suport\"\nmaildir = \"m\"\n");
    let r = env.run(&["list"]);
    let err = r.fails(2);
    assert!(
        err.contains("config.toml:10: mailbox.queue: unknown queue \"suport\""),
        "{err}"
    );
    env.write_config("timezone = \"Mars/Base\"\n");
    assert!(
        env.run(&["list"])
            .fails(2)
            .contains("config.toml:1: timezone")
    );
    env.write_config("[[queue]\n");
    assert!(env.run(&["list"]).fails(2).contains("config.toml:1"));
    let missing = env.run(&["--config", "/nonexistent/hd.toml", "list"]);
    assert!(missing.fails(2).contains("/nonexistent/hd.toml"));
}

#[test]
fn database_from_a_newer_hd_or_read_only_is_refused() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = TestEnv::new();
    env.new_ticket("a", "a@x.cz", &[]);
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    assert!(env.run(&["list"]).fails(1).contains("newer"));
    let junk = env.path().join("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, just some text padding padding padding padding padding padding padding padding").unwrap();
    env.run(&["--db", junk.to_str().unwrap(), "list"]).fails(1);
}

#[test]
fn output_formats() {
    let env = TestEnv::new();
    env.new_ticket("Comma, \"quoted\"", "a@x.cz", &[]);
    let csv = env.run(&["list", "--format", "csv", "--columns", "number,subject"]);
    assert_eq!(
        csv.ok(),
        "number,subject\nREQ-000001,\"Comma, \"\"quoted\"\"\"\n"
    );
    let tsv = env.run(&["list", "--columns", "number,status"]);
    assert_eq!(
        tsv.ok(),
        "number\tstatus\nREQ-000001\tqueued\n",
        "tsv when piped"
    );
    let table = env.run(&["list", "--format", "table"]);
    assert!(table.ok().contains("REQ-000001"));
    assert!(
        env.run(&["list", "--columns", "nope"])
            .fails(2)
            .contains("nope")
    );
    let views = env.run(&["views", "--format", "csv"]);
    assert!(views.ok().contains("mine,assignee:me -status:closed"));
    assert!(
        views
            .ok()
            .contains("complaints,category:Complaints -status:closed")
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    let env = TestEnv::new();
    // More than a pipe holds (64 KiB), so hd is still writing when the reader is gone.
    let body = env.path().join("body.txt");
    std::fs::write(&body, "dlouhý text ".repeat(4000)).unwrap();
    for i in 0..4 {
        env.new_ticket(
            &format!("t{i}"),
            "a@x.cz",
            &["--body-file", body.to_str().unwrap()],
        );
    }
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "json"][..],
    ] {
        let mut c = env.cmd(args);
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        // Not killed by SIGPIPE (no code) and not an error (1): a quiet 0.
        assert_eq!(out.status.code(), Some(0), "{args:?}: {:?}", out.status);
    }
}

#[test]
fn generated_completions_and_man_pages_are_fresh() {
    let env = TestEnv::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "hd.bash"),
        ("zsh", "_hd"),
        ("fish", "hd.fish"),
        ("elvish", "hd.elv"),
        ("powershell", "_hd.ps1"),
    ] {
        let got = env.run(&["completions", shell]);
        let want = std::fs::read_to_string(root.join("completions").join(file))
            .unwrap_or_else(|_| panic!("completions/{file} missing: run scripts/generate"));
        assert!(
            got.ok() == want,
            "completions/{file} is stale: run scripts/generate"
        );
    }
    let out = env.path().join("man");
    env.run(&["man", out.to_str().unwrap()]).ok();
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for n in names {
        let got = std::fs::read(out.join(&n)).unwrap();
        let want = std::fs::read(root.join("man").join(&n)).unwrap_or_else(|_| {
            panic!("man/{} missing: run scripts/generate", n.to_string_lossy())
        });
        assert!(
            got == want,
            "man/{} is stale: run scripts/generate",
            n.to_string_lossy()
        );
    }
}

#[test]
fn an_old_schema_is_upgraded_in_place_keeping_its_data() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db_path().parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    let v1 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations/001_init.sql"),
    )
    .unwrap();
    conn.execute_batch(&v1).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO counters VALUES ('REQ', 7);
         INSERT INTO tickets (prefix, number, queue, status, subject, created, updated)
         VALUES ('REQ', 7, 'support', 'open', 'from version 1', 1795420800, 1795420800);
         INSERT INTO interactions (id, ticket_id, time, direction) VALUES (1, 1, 1795420800, 'in');
         INSERT INTO blobs VALUES ('abc', x'0102');
         INSERT INTO attachments (interaction_id, name, content_type, size, hash)
         VALUES (1, 'a.bin', 'application/octet-stream', 2, 'abc');",
    )
    .unwrap();
    drop(conn);
    let list = env.run(&["list", "--format", "ids"]);
    assert_eq!(list.ok(), "REQ-000007\n");
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, hd::store::SCHEMA_VERSION);
    let index = |name: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    };
    for name in [
        "raw_messages_dedup_hash",
        "interactions_text_ticket",
        "events_status_time",
        "events_status_timeline",
        "tickets_next_due",
    ] {
        assert_eq!(index(name), 1, "{name}");
    }
    for name in [
        "raw_messages_dedup",
        "events_kind_time",
        "events_sla_timeline",
        "tickets_view_mine",
    ] {
        assert_eq!(index(name), 0, "{name}");
    }
    // Attachment content moved to a rowid table, still referenced by its hash.
    let (rowid, data): (i64, Vec<u8>) = conn
        .query_row(
            "SELECT rowid, data FROM blobs WHERE hash = 'abc'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rowid, data), (1, vec![1, 2]));
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    // Full text goes through the new index.
    assert_eq!(env.run(&["list", "verze", "--format", "ids"]).ok(), "");
    // Numbering continues where version 1 left it.
    assert_eq!(env.new_ticket("next", "a@x.cz", &[]), "REQ-000008");
}
