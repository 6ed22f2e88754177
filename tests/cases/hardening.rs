//! Commands that must not half-succeed: read commands never create a database,
//! a reply that cannot be sent is not stored, the outbox never sends a message
//! twice, queue rights with no queues, and the exit codes of PRODUCT.md.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::servers::Smtp;
use crate::support::{BASE_CONFIG, Run, TestEnv};

/// BASE_CONFIG with an `[smtp]` table for this server, and `smtp_extra` lines in it.
fn with_smtp(smtp: &Smtp, smtp_extra: &str) -> TestEnv {
    let mut env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n{smtp_extra}\n",
        smtp.port()
    ));
    env.operator = Some("petr".to_string());
    env
}

fn outbox(env: &TestEnv, all: bool) -> Vec<Value> {
    let mut args = vec!["outbox", "--format", "json"];
    if all {
        args.push("--all");
    }
    env.run(&args).json().as_array().expect("array").clone()
}

fn show(env: &TestEnv, t: &str) -> Value {
    env.run(&["show", t, "--format", "json"]).json()
}

fn run_env(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut c = env.cmd(args);
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

/// The ticket's state that a stored reply would change: status, first response, interactions.
fn untouched(env: &TestEnv, t: &str) {
    let s = show(env, t);
    assert_eq!(s["status"], "queued", "{s}");
    assert_eq!(
        s["interactions"].as_array().unwrap().len(),
        1,
        "no reply stored: {s}"
    );
    let events = s["events"].to_string();
    assert!(!events.contains("first_response"), "{events}");
    assert_eq!(outbox(env, true), Vec::<Value>::new());
}

// ------------------------------------------------------------ 1. no database

#[test]
fn read_commands_never_create_a_database() {
    let env = TestEnv::new();
    let db = env.path().join("typo/x.db");
    let dbs = db.to_str().unwrap();
    for args in [
        vec!["list"],
        vec!["list", "--view", "all"],
        vec!["show", "1"],
        vec!["export"],
        vec!["sla"],
        vec!["stats"],
        vec!["outbox"],
        vec!["outbox", "--retry"],
        vec!["assign", "1", "petr"],
        vec!["status", "1", "closed"],
        vec!["comment", "1", "-m", "x"],
        vec!["reply", "1", "-m", "x"],
        vec!["operator", "away", "petr"],
    ] {
        let mut full = vec!["--db", dbs];
        full.extend(&args);
        let r = env.run(&full);
        let err = r.fails(2);
        assert!(
            err.starts_with(&format!("hd: error: no database at {dbs}; run `hd init`\n")),
            "{args:?}: {err}"
        );
        assert!(
            !env.path().join("typo").exists(),
            "{args:?} created the folder"
        );
    }
    // The commands that may create it do.
    env.run(&[
        "--db",
        dbs,
        "new",
        "--subject",
        "První",
        "--contact",
        "a@b.cz",
    ])
    .ok();
    assert!(db.exists());
    env.run(&["--db", dbs, "list", "--format", "ids"]).ok();
    for (cmd, path) in [("init", "init/x.db"), ("sync", "sync/x.db")] {
        let p = env.path().join(path);
        env.run(&["--db", p.to_str().unwrap(), "-q", cmd]).ok();
        assert!(p.exists(), "{cmd} creates the database");
    }
}

// ------------------------------------------------------------ 2. reply pre-checks

#[test]
fn a_reply_without_smtp_settings_stores_nothing() {
    let mut env = TestEnv::new();
    env.operator = Some("petr".to_string());
    env.new_ticket("Bez SMTP", "zak@example.cz", &[]);
    for _ in 0..2 {
        let r = env.run(&["reply", "1", "-m", "Dobrý den."]);
        assert!(r.fails(2).contains("no [smtp] server is configured"));
        untouched(&env, "REQ-000001");
    }
    // --dry-run needs no server: it sends nothing.
    env.run(&["reply", "1", "-m", "Náhled.", "--dry-run"]).ok();
    untouched(&env, "REQ-000001");
}

#[test]
fn a_reply_whose_password_command_fails_stores_nothing() {
    let smtp = Smtp::start(Some(("hd", "heslo")));
    let env = with_smtp(&smtp, "user = \"hd\"\npassword_command = \"exit 3\"");
    env.new_ticket("Heslo", "zak@example.cz", &[]);
    for _ in 0..2 {
        let r = env.run(&["reply", "1", "-m", "Dobrý den."]);
        let err = r.fails(1);
        assert!(err.contains("password_command exited"), "{err}");
        untouched(&env, "REQ-000001");
    }
    assert!(smtp.messages().is_empty());
    // A user without any password is caught before the write too.
    let env = with_smtp(&smtp, "user = \"hd\"");
    env.new_ticket("Heslo", "zak@example.cz", &[]);
    let r = env.run(&["reply", "1", "-m", "Dobrý den."]);
    assert!(r.fails(2).contains("no password is configured"), "{r:?}");
    untouched(&env, "REQ-000001");
}

#[test]
fn a_committed_reply_that_cannot_go_says_queued_not_sent_with_its_exit_code() {
    // Temporary (server down): 75.
    let smtp = Smtp::start(None);
    let env = with_smtp(&smtp, "");
    env.new_ticket("Dole", "zak@example.cz", &[]);
    smtp.stop();
    let r = env.run(&["reply", "1", "-m", "Dobrý den."]);
    let err = r.fails(75);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("hd: error: REQ-000001: reply queued, not sent: "),
        "{err}"
    );
    assert!(err.contains("hint: `hd outbox --retry` sends it"), "{err}");
    // Permanent (550 to every recipient): 1.
    let smtp = Smtp::start_with(None, Some("550"));
    let env = with_smtp(&smtp, "");
    env.new_ticket("Odmítnuto", "zak@example.cz", &[]);
    let err = env
        .run(&["reply", "1", "-m", "Dobrý den."])
        .fails(1)
        .to_string();
    assert!(err.contains("reply queued, not sent"), "{err}");
    assert!(err.contains("550"), "{err}");
    assert!(err.contains("hd outbox --retry"), "{err}");
    // Authentication refused: 4.
    let smtp = Smtp::start(Some(("hd", "dobre")));
    let env = with_smtp(&smtp, "user = \"hd\"\npassword = \"spatne\"");
    env.new_ticket("Heslo", "zak@example.cz", &[]);
    let err = env
        .run(&["reply", "1", "-m", "Dobrý den."])
        .fails(4)
        .to_string();
    assert!(err.contains("reply queued, not sent"), "{err}");
    assert!(err.contains("hd outbox --retry"), "{err}");
    assert!(!err.contains("spatne"), "{err}");
}

#[test]
fn the_outbox_counts_attempts_and_keeps_the_last_error() {
    let smtp = Smtp::start(None);
    let env = with_smtp(&smtp, "password_env = \"HD_TEST_SMTP\"\nuser = \"hd\"");
    env.new_ticket("Pokusy", "zak@example.cz", &[]);
    smtp.stop();
    let vars = [("HD_TEST_SMTP", "x")];
    run_env(&env, &["reply", "1", "-m", "Dobrý den."], &vars).fails(75);
    let ob = outbox(&env, false);
    assert_eq!(ob[0]["attempts"], 1);
    let first_error = ob[0]["last_error"].as_str().unwrap().to_string();
    assert!(first_error.contains("127.0.0.1"), "{first_error}");
    // A retry that cannot resolve the password counts and says why.
    let r = env.run(&["outbox", "--retry"]);
    assert!(r.fails(2).contains("HD_TEST_SMTP"), "{r:?}");
    let ob = outbox(&env, false);
    assert_eq!(ob[0]["state"], "failed");
    assert_eq!(ob[0]["attempts"], 2);
    assert!(
        ob[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("environment variable HD_TEST_SMTP"),
        "{ob:?}"
    );
    run_env(&env, &["outbox", "--retry"], &vars).fails(75);
    assert_eq!(outbox(&env, false)[0]["attempts"], 3);
    // Sent mail has no error: the server's 250 is not one.
    let smtp2 = Smtp::start(None);
    let text = std::fs::read_to_string(env.config_path()).unwrap().replace(
        &format!("port = {}", smtp.port()),
        &format!("port = {}", smtp2.port()),
    );
    let text = text.replace("user = \"hd\"", "");
    let text = text.replace("password_env = \"HD_TEST_SMTP\"", "");
    env.write_config(&text);
    env.run(&["outbox", "--retry"]).ok();
    assert_eq!(smtp2.messages().len(), 1);
    let all = outbox(&env, true);
    assert_eq!(all[0]["state"], "sent");
    assert_eq!(all[0]["attempts"], 4);
    assert_eq!(all[0]["last_error"], Value::Null, "{all:?}");
    let text = env.run(&["outbox", "--all", "--format", "tsv"]);
    assert!(!text.ok().contains("250"), "{}", text.stdout);
}

// ------------------------------------------------------------ 3. outbox claims

/// Waits until the outbox row is in `state`.
fn wait_state(env: &TestEnv, state: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ob = outbox(env, true);
        if ob.first().is_some_and(|r| r["state"] == state) {
            return;
        }
        assert!(Instant::now() < deadline, "never {state}: {ob:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn reply_and_retry_at_once_send_one_copy() {
    let smtp = Smtp::start_slow(Duration::from_secs(3));
    let env = with_smtp(&smtp, "");
    env.new_ticket("Pomalý server", "zak@example.cz", &[]);
    let mut reply = env.cmd(&["reply", "1", "-m", "Jen jednou."]);
    reply.stdout(Stdio::piped()).stderr(Stdio::piped());
    let reply = reply.spawn().unwrap();
    // The reply holds its claim while the slow server takes the message.
    wait_state(&env, "sending");
    let r = env.run(&["outbox", "--retry"]);
    r.ok();
    assert_eq!(r.stderr, "sent 0, failed 0\n");
    let out = reply.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(outbox(&env, true)[0]["state"], "sent");
    // Nothing else arrives later either.
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(smtp.messages().len(), 1, "one copy");
}

#[test]
fn only_a_stale_claim_is_recovered() {
    let smtp = Smtp::start_slow(Duration::from_secs(30));
    let mut env = with_smtp(&smtp, "");
    env.new_ticket("Spadlo", "zak@example.cz", &[]);
    let mut reply = env.cmd(&["reply", "1", "-m", "Přerušeno."]);
    reply.stdout(Stdio::null()).stderr(Stdio::null());
    let mut reply = reply.spawn().unwrap();
    wait_state(&env, "sending");
    // Killed while the server holds the message: its claim stays behind.
    reply.kill().unwrap();
    reply.wait().unwrap();
    smtp.stop();
    // Minutes later it may still be someone's send in progress: left alone.
    env.now = "2026-11-23T09:05:00+01:00".to_string();
    env.run(&["sync", "-q"]).ok();
    assert_eq!(outbox(&env, false)[0]["state"], "sending");
    // Past the stale limit it is recovered: failed, delivery unknown, no automatic resend.
    env.now = "2026-11-23T09:20:00+01:00".to_string();
    env.run(&["sync", "-q"]).ok();
    let ob = outbox(&env, false);
    assert_eq!(ob[0]["state"], "failed", "{ob:?}");
    assert!(
        ob[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("delivery unknown"),
        "{ob:?}"
    );
    env.now = "2026-11-24T09:20:00+01:00".to_string();
    env.run(&["sync", "-q"]).ok();
    assert_eq!(outbox(&env, false)[0]["state"], "failed");
}

// ------------------------------------------------------------ 4. queue rights

#[test]
fn an_operator_without_queues_sees_empty_results() {
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[operator]]\nname = \"nikdo\"\nqueues = []\n"
    ));
    env.new_ticket("Viditelný jen jiným", "a@b.cz", &["--category", "Service"]);
    let r = env.run(&["--as", "nikdo", "list", "--format", "json"]);
    assert_eq!(r.json(), serde_json::json!([]));
    let r = env.run(&[
        "--as", "nikdo", "list", "tiket", "--view", "all", "--format", "json",
    ]);
    assert_eq!(r.json(), serde_json::json!([]));
    let r = env.run(&["--as", "nikdo", "export"]);
    assert_eq!(r.ok().lines().count(), 1, "header only: {}", r.stdout);
    let r = env.run(&["--as", "nikdo", "sla", "--format", "json"]);
    assert_eq!(r.json(), serde_json::json!([]));
    let r = env.run(&["--as", "nikdo", "stats", "--format", "json"]);
    assert!(!r.json().to_string().contains("support"), "{}", r.stdout);
    // The same tickets are counted for someone with the queue.
    let r = env.run(&["--as", "petr", "sla", "--format", "json"]);
    assert_eq!(r.json()[0]["tickets"], 1, "{}", r.stdout);
    // petr sees it.
    let r = env.run(&["--as", "petr", "list", "--format", "ids"]);
    assert_eq!(r.ok(), "REQ-000001\n");
}

// ------------------------------------------------------------ 5. exit codes

#[test]
fn rules_test_of_a_missing_file_is_bad_input() {
    let env = TestEnv::new();
    let err = env
        .run(&["rules", "test", "missing.eml"])
        .fails(2)
        .to_string();
    assert!(
        err.starts_with("hd: error: cannot read missing.eml: "),
        "{err}"
    );
    // So is a missing --file or --attach.
    env.new_ticket("x", "a@b.cz", &[]);
    env.run(&["comment", "1", "--file", "missing.txt"]).fails(2);
}

#[test]
fn sync_without_mailboxes_exits_0_and_says_so_unless_quiet() {
    let env = TestEnv::new();
    let r = env.run(&["sync"]);
    r.ok();
    assert!(
        r.stderr.starts_with("hd: no [[mailbox]] is configured in "),
        "{}",
        r.stderr
    );
    let r = env.run(&["sync", "-q"]);
    r.ok();
    assert_eq!(r.stderr, "");
}

#[test]
fn a_mailbox_without_a_password_is_a_config_error() {
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = 1, tls = \"none\", user = \"alice\" }}\n"
    ));
    let err = env.run(&["sync"]).fails(2).to_string();
    assert!(
        err.starts_with("hd: error: mailbox inbox: no password is configured"),
        "{err}"
    );
}
