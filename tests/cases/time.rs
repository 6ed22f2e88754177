//! `hd time`: entries, timers, `--time` on notes and replies, the report, and
//! what merge and anonymisation do to the time.

use serde_json::Value;

use crate::support::servers::Smtp;
use crate::support::{BASE_CONFIG, TestEnv};

fn as_op(env: &TestEnv, op: &str, args: &[&str]) -> crate::support::Run {
    let mut c = env.cmd(args);
    c.env("HD_OPERATOR", op);
    let out = c.output().expect("run hd");
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn report(env: &TestEnv, extra: &[&str]) -> Vec<(String, i64, i64)> {
    let mut args = vec!["time", "report", "--format", "json"];
    args.extend_from_slice(extra);
    let v = env.run(&args).json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut keys: Vec<&String> = g.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(keys, ["entries", "group", "seconds"], "{g}");
            (
                g["group"].as_str().unwrap().to_string(),
                g["entries"].as_i64().unwrap(),
                g["seconds"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn g(group: &str, entries: i64, seconds: i64) -> (String, i64, i64) {
    (group.to_string(), entries, seconds)
}

fn time_spent(env: &TestEnv, t: &str) -> i64 {
    env.run(&["show", t, "--format", "json"]).json()["time_spent"]
        .as_i64()
        .unwrap()
}

fn petr_time_spent(env: &TestEnv, t: &str) -> i64 {
    as_op(env, "petr", &["show", t, "--format", "json"]).json()["time_spent"]
        .as_i64()
        .unwrap()
}

/// Two tickets, one per queue, with a category on the first.
fn desk() -> (TestEnv, String) {
    let mut env = TestEnv::new();
    env.operator = Some("jana".into());
    env.new_ticket("Tiskárna nefunguje", "karel@acme.com", &[]);
    env.run(&["set", "REQ-1", "--category", "Service"]).ok();
    let sal = as_op(
        &env,
        "petr",
        &[
            "new",
            "--subject",
            "Nabídka",
            "--contact",
            "eva@shop.cz",
            "--queue",
            "sales",
        ],
    )
    .ok()
    .trim()
    .to_string();
    (env, sal)
}

/// A listing reads tags and time spent from their own tables when it shows
/// them (and in JSON, which has every field), and leaves them out otherwise.
#[test]
fn list_shows_tags_and_time_spent_when_asked_and_in_json() {
    let (env, _) = desk();
    env.run(&["time", "REQ-1", "1h30m"]).ok();
    env.run(&["set", "REQ-1", "--tag", "+vip,+tisk"]).ok();
    let listed = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["list", "--view", "all", "--format", "tsv"];
        a.extend_from_slice(args);
        env.run(&a).ok().lines().map(str::to_string).collect()
    };
    assert_eq!(
        listed(&["--columns", "number,tags,time_spent", "--", "queue:support"]),
        ["number\ttags\ttime_spent", "REQ-000001\ttisk,vip\t5400"]
    );
    assert_eq!(
        listed(&["--columns", "time_spent,number", "--", "queue:support"]),
        ["time_spent\tnumber", "5400\tREQ-000001"]
    );
    assert_eq!(
        listed(&["--columns", "number,subject", "--", "queue:support"]),
        ["number\tsubject", "REQ-000001\tTiskárna nefunguje"]
    );
    let json = env
        .run(&[
            "list",
            "--view",
            "all",
            "--format",
            "json",
            "--",
            "queue:support",
        ])
        .json();
    assert_eq!(json[0]["tags"], serde_json::json!(["tisk", "vip"]));
    assert_eq!(json[0]["time_spent"], 5400);
}

#[test]
fn report_sums_entries_timers_and_notes_per_group_in_every_format() {
    let (mut env, sal) = desk();
    let s = sal.as_str();
    // By hand, now and at an earlier time.
    let r = env.run(&["time", "REQ-1", "25m", "-m", "volal jsem zákazníkovi"]);
    r.ok();
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("logged 25m on REQ-000001"),
        "{}",
        r.stderr
    );
    env.run(&["time", "REQ-000001", "1h30m", "--at", "2026-11-20T10:00"])
        .ok();
    // A timer that runs 40 minutes.
    env.run(&["time", "start", "REQ-1", "-m", "oprava"]).ok();
    env.now = "2026-11-23T09:10:00+01:00".into();
    let running = env.run(&["time", "--format", "json"]).json();
    assert_eq!(running.as_array().unwrap().len(), 1, "{running}");
    assert_eq!(running[0]["ticket"], "REQ-000001");
    assert_eq!(running[0]["operator"], "jana");
    assert_eq!(running[0]["seconds"], 600);
    assert_eq!(running[0]["started"], "2026-11-23T09:00:00+01:00");
    env.now = "2026-11-23T09:40:00+01:00".into();
    let r = env.run(&["time", "stop"]);
    r.ok();
    assert!(
        r.stderr.contains("40m recorded on REQ-000001"),
        "{}",
        r.stderr
    );
    assert_eq!(env.run(&["time", "--format", "json"]).ok().trim(), "[]");
    // With a note.
    env.run(&["comment", "REQ-1", "-m", "Vyměněn toner", "--time", "15m"])
        .ok();
    // Petr, on both queues.
    as_op(&env, "petr", &["time", s, "1h"]).ok();
    as_op(&env, "petr", &["time", "REQ-1", "10m"]).ok();

    // 25 + 90 + 40 + 15 + 10 minutes on the first ticket.
    assert_eq!(time_spent(&env, "REQ-1"), 10800);
    assert_eq!(petr_time_spent(&env, s), 3600);
    let list = env.run(&["list", "--format", "json"]).json();
    assert_eq!(list[0]["time_spent"], 10800, "{list}");
    let show = env.run(&["show", "REQ-1"]);
    assert!(show.ok().contains("time spent: 3h\n"), "{}", show.stdout);

    // The entries of one ticket, oldest first, with where each came from.
    let entries = env.run(&["time", "REQ-1", "--format", "json"]).json();
    let got: Vec<(String, i64, String, String, String)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["ticket"], "REQ-000001");
            (
                e["time"].as_str().unwrap().to_string(),
                e["seconds"].as_i64().unwrap(),
                e["operator"].as_str().unwrap().to_string(),
                e["source"].as_str().unwrap().to_string(),
                e["note"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let e = |t: &str, s: i64, o: &str, src: &str, n: &str| {
        (
            t.to_string(),
            s,
            o.to_string(),
            src.to_string(),
            n.to_string(),
        )
    };
    assert_eq!(
        got,
        [
            e("2026-11-20T10:00:00+01:00", 5400, "jana", "manual", ""),
            e(
                "2026-11-23T09:00:00+01:00",
                1500,
                "jana",
                "manual",
                "volal jsem zákazníkovi"
            ),
            e("2026-11-23T09:00:00+01:00", 2400, "jana", "timer", "oprava"),
            e("2026-11-23T09:40:00+01:00", 900, "jana", "comment", ""),
            e("2026-11-23T09:40:00+01:00", 600, "petr", "manual", ""),
        ]
    );
    let table = env.run(&["time", "REQ-1", "--format", "table"]);
    assert!(table.ok().contains("1h 30m"), "{}", table.stdout);
    assert!(
        table.stderr.contains("total 3h in 5 entries"),
        "{}",
        table.stderr
    );

    // The report, as the administrator sees it (every queue).
    let admin = |args: &[&str]| {
        let mut c = env.cmd(args);
        c.env_remove("HD_OPERATOR");
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = |args: &[&str]| -> Vec<(String, i64, i64)> {
        let v: Value = serde_json::from_str(&admin(args)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["group"].as_str().unwrap().to_string(),
                    x["entries"].as_i64().unwrap(),
                    x["seconds"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let rep = |by: &str| json(&["time", "report", "--format", "json", "--by", by]);
    assert_eq!(
        json(&["time", "report", "--format", "json"]),
        [g("all", 6, 14400)]
    );
    assert_eq!(rep("operator"), [g("jana", 4, 10200), g("petr", 2, 4200)]);
    assert_eq!(rep("queue"), [g("support", 5, 10800), g("sales", 1, 3600)]);
    assert_eq!(
        rep("category"),
        [g("Service", 5, 10800), g("(none)", 1, 3600)]
    );
    assert_eq!(
        rep("contact"),
        [g("karel@acme.com", 5, 10800), g("eva@shop.cz", 1, 3600)]
    );
    assert_eq!(rep("ticket"), [g("REQ-000001", 5, 10800), g(s, 1, 3600)]);
    // A range: the entry of Friday is before today; `--to` a date includes it whole.
    assert_eq!(
        json(&[
            "time", "report", "--format", "json", "--from", "today", "--by", "operator"
        ]),
        [g("jana", 3, 4800), g("petr", 2, 4200)]
    );
    assert_eq!(
        json(&["time", "report", "--format", "json", "--to", "2026-11-20"]),
        [g("all", 1, 5400)]
    );
    assert_eq!(
        json(&["time", "report", "--format", "json", "--from", "2026-11-24"]),
        []
    );
    // CSV, TSV and the table carry the same numbers.
    assert_eq!(
        admin(&["time", "report", "--format", "csv", "--by", "queue"]),
        "group,entries,seconds\nsupport,5,10800\nsales,1,3600\n"
    );
    assert_eq!(
        admin(&["time", "report", "--format", "tsv", "--by", "queue"]),
        "group\tentries\tseconds\nsupport\t5\t10800\nsales\t1\t3600\n"
    );
    let t = admin(&["time", "report", "--format", "table", "--by", "queue"]);
    for want in ["support", "3h", "sales", "1h", "total", "4h"] {
        assert!(t.contains(want), "{want} missing in\n{t}");
    }

    // Jana sees only her queue in the report.
    assert_eq!(report(&env, &["--by", "queue"]), [g("support", 5, 10800)]);
    // Other formats are refused.
    env.run(&["time", "report", "--format", "ids"]).fails(2);
}

#[test]
fn bad_input_and_missing_rights_store_nothing() {
    let (env, sal) = desk();
    let s = sal.as_str();
    for (args, says) in [
        (vec!["time", "REQ-1", "90"], "invalid duration \"90\""),
        (vec!["time", "REQ-1", "1.5h"], "invalid duration"),
        (vec!["time", "REQ-1", "0m"], "more than zero"),
        (vec!["time", "REQ-1", "200h"], "longer than a week"),
        (
            vec!["time", "REQ-1", "1h", "--at", "2026-11-24"],
            "in the future",
        ),
        (vec!["time", "REQ-1", "1h", "--at", "whenever"], "whenever"),
        (vec!["time", "99", "1h"], "no ticket 99"),
        // Jana has no rights on the sales queue.
        (vec!["time", s, "10m"], "no rights"),
        (vec!["time", "start", s], "no rights"),
        (vec!["time", s], "no rights"),
        (vec!["time", "REQ-1", "-m", "note"], "go with a DURATION"),
        (vec!["time", "stop"], "no timer running"),
        (
            vec!["comment", "REQ-1", "-m", "x", "--time", "soon"],
            "invalid duration",
        ),
        (vec!["time", "report", "--from", "soon"], "soon"),
    ] {
        let err = env.run(&args).fails(2).to_string();
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(time_spent(&env, "REQ-1"), 0);
    assert_eq!(
        as_op(&env, "petr", &["time", s, "--format", "json"]).json(),
        serde_json::json!([])
    );
    // The note with a bad --time was not stored either.
    let show = env.run(&["show", "REQ-1", "--format", "json"]).json();
    assert_eq!(show["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(report(&env, &[]), Vec::<(String, i64, i64)>::new());
}

#[test]
fn one_timer_per_operator_switching_stops_the_first() {
    let (mut env, sal) = desk();
    let s = sal.as_str();
    env.run(&["time", "start", "REQ-1"]).ok();
    // Petr's timer is his own.
    as_op(&env, "petr", &["time", "start", s]).ok();
    env.now = "2026-11-23T09:20:00+01:00".into();
    // Starting the same ticket again changes nothing.
    let r = env.run(&["time", "start", "REQ-1"]);
    assert!(
        r.ok().is_empty() && r.stderr.contains("running since"),
        "{}",
        r.stderr
    );
    let r = as_op(&env, "petr", &["time", "start", "REQ-1"]);
    r.ok();
    assert!(
        r.stderr
            .contains(&format!("stopped the timer on {s}: 20m recorded")),
        "{}",
        r.stderr
    );
    env.now = "2026-11-23T09:30:00+01:00".into();
    let t = env.run(&["time", "--format", "table"]);
    assert!(
        t.ok().contains("REQ-000001") && t.stdout.contains("30m"),
        "{}",
        t.stdout
    );
    let p = as_op(&env, "petr", &["time", "--format", "json"]).json();
    assert_eq!(p[0]["ticket"], "REQ-000001");
    assert_eq!(p[0]["seconds"], 600);
    // Discarding records nothing; stopping at once records nothing either.
    as_op(&env, "petr", &["time", "stop", "--discard"]).ok();
    as_op(&env, "petr", &["time", "start", "REQ-1"]).ok();
    let r = as_op(&env, "petr", &["time", "stop"]);
    assert!(
        r.ok().is_empty() && r.stderr.contains("nothing recorded"),
        "{}",
        r.stderr
    );
    env.run(&["time", "stop", "-m", "hotovo"]).ok();
    let entries = env.run(&["time", "REQ-1", "--format", "json"]).json();
    assert_eq!(entries.as_array().unwrap().len(), 1, "{entries}");
    assert_eq!(entries[0]["seconds"], 1800);
    assert_eq!(entries[0]["note"], "hotovo");
    assert_eq!(petr_time_spent(&env, s), 1200);
    // No timer in the table view: a message on stderr, nothing on stdout.
    let t = env.run(&["time", "--format", "table"]);
    assert!(
        t.ok().is_empty() && t.stderr.contains("no timer running"),
        "{}",
        t.stderr
    );
}

#[test]
fn entries_move_on_merge_and_keep_durations_through_anonymisation() {
    // What only an SQLite file has: its bytes, permissions or user_version.
    let _sqlite = crate::support::pg::sqlite_only();
    let mut env = TestEnv::new();
    env.operator = Some("jana".into());
    env.new_ticket("Heslo", "karel@acme.com", &[]);
    env.new_ticket("Heslo znovu", "karel@acme.com", &[]);
    env.run(&["time", "1", "20m", "-m", "Karel Novák, tel. 777 123 456"])
        .ok();
    env.run(&["time", "2", "10m", "-m", "volal znovu"]).ok();
    env.run(&["comment", "2", "-m", "poznámka", "--time", "5m"])
        .ok();
    env.run(&["time", "start", "2"]).ok();
    env.run(&["merge", "2", "1"]).ok();
    assert_eq!(time_spent(&env, "1"), 2100);
    // The timer moved with the ticket.
    assert_eq!(
        env.run(&["time", "--format", "json"]).json()[0]["ticket"],
        "REQ-000001"
    );
    env.now = "2026-11-23T09:05:00+01:00".into();
    env.run(&["time", "stop"]).ok();
    assert_eq!(time_spent(&env, "1"), 2400);
    assert_eq!(
        report(&env, &["--by", "ticket"]),
        [g("REQ-000001", 4, 2400)]
    );

    env.run(&["anonymize", "1", "--yes"]).ok();
    let entries = env.run(&["time", "1", "--format", "json"]).json();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().all(|e| e["note"] == ""), "{entries:?}");
    assert_eq!(
        entries
            .iter()
            .map(|e| e["seconds"].as_i64().unwrap())
            .sum::<i64>(),
        2400
    );
    assert_eq!(report(&env, &["--by", "operator"]), [g("jana", 4, 2400)]);
    // The note text is gone from the file, not only from the rows.
    let db = std::fs::read(env.db_path()).unwrap();
    assert!(
        !db.windows(b"777 123 456".len())
            .any(|w| w == b"777 123 456"),
        "an erased note survives in the database file"
    );
}

#[test]
fn reply_time_is_logged_with_the_sent_reply() {
    let smtp = Smtp::start(None);
    let mut env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        smtp.port()
    ));
    env.operator = Some("jana".into());
    env.new_ticket("Faktura", "karel@acme.com", &[]);
    env.run(&["reply", "1", "-m", "Posíláme opravu.", "--time", "1h5m"])
        .ok();
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(time_spent(&env, "1"), 3900);
    let e = env.run(&["time", "1", "--format", "json"]).json();
    assert_eq!(e[0]["source"], "reply");
    assert_eq!(e[0]["operator"], "jana");
    // A bad duration sends nothing; a dry run records nothing.
    env.run(&["reply", "1", "-m", "Znovu.", "--time", "x"])
        .fails(2);
    env.run(&["reply", "1", "-m", "Znovu.", "--time", "5m", "--dry-run"])
        .ok();
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(time_spent(&env, "1"), 3900);
}
