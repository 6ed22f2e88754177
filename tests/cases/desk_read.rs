//! The operator's desk, reading: tables that fit a real terminal, the pager, colour,
//! escaped mail text, `due`, `show` for reading and `hd next [--take]`.
//!
//! Terminal tests run hd inside a pseudo-terminal of a chosen size (util-linux `script`)
//! and look at what the screen gets.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{BASE_CONFIG, TestEnv};

/// Quotes one argument for `sh`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs hd on a pseudo-terminal of `cols` x `rows`; returns what the terminal received
/// (line ends normalised) and the exit code. `envs` adds variables; NO_COLOR and
/// COLUMNS are not set unless given, so the terminal decides.
pub(crate) fn on_pty(
    env: &TestEnv,
    cols: u16,
    rows: u16,
    args: &[&str],
    envs: &[(&str, &str)],
) -> (String, i32) {
    let hd = env!("CARGO_BIN_EXE_hd");
    let line = std::iter::once(hd.to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| sh_quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let script = format!("stty cols {cols} rows {rows}; exec {line}");
    let mut c = Command::new("script");
    c.args(["-qec", &script, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", env.path())
        .env("XDG_CONFIG_HOME", env.path().join("config"))
        .env("XDG_DATA_HOME", env.path().join("data"))
        .env("USER", "tester")
        .env("HD_NOW", &env.now)
        .env("TZ", "UTC")
        .env("TERM", "xterm")
        .current_dir(env.path())
        .stdin(Stdio::null());
    if let Some(op) = &env.operator {
        c.env("HD_OPERATOR", op);
    }
    if let Some(db) = &env.pg {
        c.env("HD_DB", &db.url);
    }
    for (k, v) in envs {
        c.env(k, v);
    }
    let out = c.output().expect("run script");
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    (text, out.status.code().unwrap_or(-1))
}

/// Display width of a screen line, colour codes left out.
pub(crate) fn width(line: &str) -> usize {
    hd::term::text_width(&hd::term::strip_sgr(line))
}

/// A fake pager that records that it ran and what it got.
pub(crate) fn fake_pager(dir: &Path) -> String {
    let p = dir.join("pager.sh");
    std::fs::write(
        &p,
        format!(
            "#!/bin/sh\necho ran >> {0}/pager.log\ncat > {0}/paged.txt\n",
            dir.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    p.display().to_string()
}

fn pager_ran(dir: &Path) -> bool {
    dir.join("pager.log").exists()
}

/// Thirty tickets with long Czech, wide-character and plain subjects and long contacts.
fn thirty(env: &TestEnv) {
    for i in 0..30 {
        let subject = match i % 3 {
            0 => format!(
                "Reklamace tiskárny č. {i} – nefunguje podavač papíru a displej hlásí chybu"
            ),
            1 => format!("注文 {i} 正體字の確認をお願いします 正體字正體字正體字正體字正體字"),
            _ => format!("Invoice {i} for the quarterly maintenance contract was charged twice"),
        };
        env.new_ticket(
            &subject,
            &format!("priya.ivanova{i:03}@bigclient-holding.example.cz"),
            &[],
        );
    }
}

#[test]
fn tables_fit_the_terminal_one_line_a_ticket() {
    let env = TestEnv::new();
    thirty(&env);
    for cols in [80u16, 120] {
        let (screen, code) = on_pty(
            &env,
            cols,
            100,
            &["list", "--view", "all"],
            &[("NO_COLOR", "1")],
        );
        assert_eq!(code, 0, "{screen}");
        let lines: Vec<&str> = screen.lines().collect();
        for l in &lines {
            assert!(
                width(l) <= cols as usize,
                "{cols} columns: {l:?} is {} wide",
                width(l)
            );
            assert!(
                !l.contains("───") && !l.contains("---"),
                "a separator line: {l:?}"
            );
        }
        let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with("REQ-")).collect();
        assert_eq!(rows.len(), 30, "one line a ticket at {cols}:\n{screen}");
        assert!(
            rows.iter().any(|l| l.contains('…')),
            "long subjects are cut with …:\n{screen}"
        );
        assert_eq!(lines.last().copied(), Some("30 tickets"), "{screen}");
        assert!(
            lines[0].starts_with("number"),
            "a header line first: {screen}"
        );
    }
    // At 120 columns the contact and the time are there, as `2026-11-23 09:00`.
    let (wide, _) = on_pty(
        &env,
        120,
        100,
        &["list", "--view", "all"],
        &[("NO_COLOR", "1")],
    );
    assert!(wide.contains("2026-11-23 09:00"), "{wide}");
    assert!(wide.contains("priya.ivanova000@"), "{wide}");
    // --limit: `N of M`.
    let (cut, _) = on_pty(
        &env,
        80,
        100,
        &["list", "--view", "all", "--limit", "5"],
        &[],
    );
    assert_eq!(cut.lines().last(), Some("5 of 30"), "{cut}");
    // Every other table fits too.
    for args in [&["views"][..], &["sla"], &["operator", "list"], &["stats"]] {
        let (screen, code) = on_pty(&env, 80, 200, args, &[("NO_COLOR", "1")]);
        assert_eq!(code, 0, "{args:?}: {screen}");
        for l in screen.lines() {
            assert!(width(l) <= 80, "{args:?}: {l:?} is {} wide", width(l));
        }
    }
    // Pipes keep the TSV scripts read, whole.
    let tsv = env.run(&["list", "--view", "all", "--limit", "1"]);
    assert_eq!(
        tsv.ok().lines().next(),
        Some("number\tstatus\tpriority\tqueue\tassignee\tcontact\tupdated\tsubject")
    );
    assert!(tsv.stdout.contains("displej hlásí chybu"), "{}", tsv.stdout);
}

#[test]
fn pager_runs_on_a_terminal_when_taller_and_never_in_a_pipe() {
    let env = TestEnv::new();
    thirty(&env);
    let pager = fake_pager(env.path());
    let dir = env.path();
    // Taller than 10 rows: paged.
    let (screen, code) = on_pty(
        &env,
        100,
        10,
        &["list", "--view", "all"],
        &[("HD_PAGER", &pager)],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(pager_ran(dir), "the pager did not run:\n{screen}");
    let paged = std::fs::read_to_string(dir.join("paged.txt")).unwrap();
    assert!(
        paged.contains("REQ-000030") && paged.contains("30 tickets"),
        "{paged}"
    );
    assert!(
        !screen.contains("REQ-000030"),
        "paged output also went to the screen"
    );
    std::fs::remove_file(dir.join("pager.log")).unwrap();

    // PAGER is the fallback of HD_PAGER.
    let (_, code) = on_pty(
        &env,
        100,
        10,
        &["list", "--view", "all"],
        &[("PAGER", &pager)],
    );
    assert_eq!(code, 0);
    assert!(pager_ran(dir), "PAGER was not used");
    std::fs::remove_file(dir.join("pager.log")).unwrap();

    // Shorter than the terminal, --no-pager, HD_PAGER=cat, or a pipe: no pager.
    let (screen, _) = on_pty(
        &env,
        100,
        100,
        &["list", "--view", "all"],
        &[("HD_PAGER", &pager)],
    );
    assert!(!pager_ran(dir) && screen.contains("REQ-000030"), "{screen}");
    let (screen, _) = on_pty(
        &env,
        100,
        10,
        &["list", "--view", "all", "--no-pager"],
        &[("HD_PAGER", &pager)],
    );
    assert!(!pager_ran(dir) && screen.contains("REQ-000030"), "{screen}");
    let (screen, _) = on_pty(
        &env,
        100,
        10,
        &["list", "--view", "all"],
        &[("HD_PAGER", "cat"), ("PAGER", &pager)],
    );
    assert!(!pager_ran(dir) && screen.contains("REQ-000030"), "{screen}");
    let piped = env
        .cmd(&["list", "--view", "all", "--format", "table"])
        .env("HD_PAGER", &pager)
        .env("LINES", "10")
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(!pager_ran(dir), "a pager ran in a pipe");
    assert!(String::from_utf8_lossy(&piped.stdout).contains("REQ-000030"));
    // show pages too when taller.
    let (_, code) = on_pty(&env, 100, 5, &["show", "1"], &[("HD_PAGER", &pager)]);
    assert_eq!(code, 0);
    assert!(pager_ran(dir), "show was not paged");
}

const HOSTILE: &str = "Faktura \u{1b}]0;x\u{7}\u{1b}[2J evil\u{202e}gnp.exe";

#[test]
fn mail_text_never_drives_the_terminal() {
    let env = TestEnv::new();
    env.new_ticket(HOSTILE, "a@x.cz", &[]);
    for args in [
        &["list"][..],
        &["show", "1"],
        &["list", "--format", "table"],
    ] {
        let (screen, code) = on_pty(&env, 200, 100, args, &[("NO_COLOR", "1")]);
        assert_eq!(code, 0, "{screen}");
        assert!(
            !screen.contains('\u{1b}'),
            "{args:?}: raw ESC reached the screen: {screen:?}"
        );
        assert!(!screen.contains('\u{7}'), "{args:?}: raw BEL: {screen:?}");
        assert!(
            !screen.contains('\u{202e}'),
            "{args:?}: raw RLO: {screen:?}"
        );
        assert!(screen.contains("\\u{1b}]0;x\\u{7}"), "{args:?}: {screen}");
        assert!(screen.contains("\\u{202e}"), "{args:?}: {screen}");
    }
    // show in a pipe escapes too; errors do.
    let show = env.run(&["show", "1"]);
    assert!(
        show.ok().contains("Faktura \\u{1b}]0;x\\u{7}"),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains('\u{1b}'));
    let err = env.run(&["list", "queue:ev\u{1b}]0;x\u{7}il\u{202e}"]);
    err.fails(2);
    assert!(
        !err.stderr.contains('\u{1b}') && !err.stderr.contains('\u{202e}'),
        "{:?}",
        err.stderr
    );
    assert!(
        err.stderr.contains("ev\\u{1b}]0;x\\u{7}il\\u{202e}"),
        "{}",
        err.stderr
    );
    // Stored text and machine formats keep the original exactly.
    let v = env.run(&["list", "--format", "json"]).json();
    assert_eq!(v[0]["subject"], HOSTILE);
    let csv = env.run(&["list", "--format", "csv", "--columns", "subject"]);
    assert!(csv.ok().contains(HOSTILE));
}

/// A config whose SLA runs in calendar time, so due times are easy to read.
const CLOCK_CONFIG: &str = r#"
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
sla = "fast"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support"]
categories = ["Service"]

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support", "sales"]

[[category]]
name = "Service"

[[category]]
name = "Sales"

[sla.fast]
first_response = "2h"
resolution = "1d"
urgent = { first_response = "30m", resolution = "4h" }
"#;

fn clock_env() -> TestEnv {
    TestEnv::with_config(CLOCK_CONFIG)
}

#[test]
fn due_is_a_column_a_sort_key_a_filter_and_a_json_field() {
    let mut env = clock_env();
    let a = env.new_ticket("normal one", "a@x.cz", &[]); // due 11:00 (first response 2h)
    let b = env.new_ticket("urgent one", "b@x.cz", &[]);
    env.run(&["set", &b, "--priority", "urgent"]).ok(); // due 09:30
    let c = env.new_ticket("sales one", "c@x.cz", &["--queue", "sales"]); // no policy
    let v = env
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    let due = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["number"] == n)
            .map(|t| t["due"].clone())
            .unwrap()
    };
    assert_eq!(due(&a), "2026-11-23T11:00:00+01:00");
    assert_eq!(due(&b), "2026-11-23T09:30:00+01:00");
    assert_eq!(due(&c), serde_json::Value::Null);
    // Sort key: due first, none last; descending too.
    let ids = env.run(&["list", "--view", "all", "--sort", "due", "--format", "ids"]);
    assert_eq!(ids.ok(), format!("{b}\n{a}\n{c}\n"));
    // Filter: `+` is after now.
    let soon = env.run(&["list", "due:<+1h", "--format", "ids"]);
    assert_eq!(soon.ok(), format!("{b}\n"));
    let within = env.run(&["list", "due:<+3h", "--sort", "due", "--format", "ids"]);
    assert_eq!(within.ok(), format!("{b}\n{a}\n"));
    let not_soon = env.run(&[
        "list",
        "--sort",
        "number",
        "--format",
        "ids",
        "--",
        "-due:<+1h",
    ]);
    assert_eq!(
        not_soon.ok(),
        format!("{a}\n{c}\n"),
        "no deadline is not inside the range"
    );
    env.run(&["list", "due:<+soon"]).fails(2);
    // Relative in the table, with colour by urgency on a terminal.
    let (screen, _) = on_pty(
        &env,
        120,
        50,
        &["list", "--view", "all", "--sort", "due"],
        &[],
    );
    assert!(screen.contains("in 2h"), "{screen}");
    assert!(
        screen.contains("\u{1b}[33min 30m"),
        "due within the hour is yellow: {screen:?}"
    );
    // Later: the urgent one is late (red), the other due within the hour.
    env.now = "2026-11-23T10:05:00+01:00".to_string();
    let (screen, _) = on_pty(
        &env,
        120,
        50,
        &["list", "--view", "all", "--sort", "due"],
        &[],
    );
    assert!(
        screen.contains("\u{1b}[31m35m late"),
        "late is red: {screen:?}"
    );
    assert!(screen.contains("\u{1b}[33min 55m"), "{screen:?}");
    assert!(screen.contains("\u{1b}[1m"), "urgent is bold: {screen:?}");
    // NO_COLOR and --no-color take every colour away.
    let (plain, _) = on_pty(
        &env,
        120,
        50,
        &["list", "--view", "all"],
        &[("NO_COLOR", "1")],
    );
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert!(plain.contains("35m late"), "{plain}");
    let (plain, _) = on_pty(&env, 120, 50, &["list", "--view", "all", "--no-color"], &[]);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    // Waiting pauses the clock: no due; closed: none either.
    env.run(&["status", &a, "waiting"]).ok();
    let v = env.run(&["show", &a, "--format", "json"]).json();
    assert_eq!(v["due"], serde_json::Value::Null);
    env.run(&["status", &a, "open"]).ok();
    let v = env.run(&["show", &a, "--format", "json"]).json();
    assert!(v["due"].is_string(), "{v}");
    env.run(&["status", &b, "closed"]).ok();
    let v = env.run(&["show", &b, "--format", "json"]).json();
    assert_eq!(v["due"], serde_json::Value::Null);
}

#[test]
fn next_is_the_one_due_first_then_priority_and_age() {
    let mut env = clock_env();
    env.run(&["init"]).ok();
    env.operator = Some("jana".to_string());
    // Nothing yet.
    let none = env.run(&["next"]);
    assert_eq!(none.ok(), "");
    assert!(
        none.stderr.contains("nothing to work on"),
        "{}",
        none.stderr
    );
    assert_eq!(env.run(&["next", "--format", "json"]).ok().trim(), "null");
    // The administrator files the tickets.
    env.operator = None;
    let a = env.new_ticket("plain", "a@x.cz", &[]); // due 11:00
    let b = env.new_ticket("urgent", "b@x.cz", &[]);
    env.run(&["set", &b, "--priority", "urgent"]).ok(); // due 09:30
    let other_queue = env.new_ticket("sales", "c@x.cz", &["--queue", "sales"]);
    let not_my_category = env.new_ticket("sales cat", "d@x.cz", &[]);
    env.run(&[
        "set",
        &not_my_category,
        "--category",
        "Sales",
        "--priority",
        "high",
    ])
    .ok();
    let theirs = env.new_ticket("petr's", "e@x.cz", &[]);
    env.run(&["assign", &theirs, "petr"]).ok();
    env.run(&["set", &theirs, "--priority", "urgent"]).ok();
    let _ = other_queue;
    env.operator = Some("jana".to_string());
    let next = env.run(&["next", "--format", "ids"]);
    assert_eq!(next.ok(), format!("{b}\n"));
    // Shown as show shows it.
    let shown = env.run(&["next"]);
    assert!(
        shown.ok().starts_with(&format!("{b}  urgent")),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("History:"));
    let v = env.run(&["next", "--format", "json"]).json();
    assert_eq!(v["number"], b.as_str());
    assert!(v["interactions"].is_array());
    // Taking it: assigned, open; the next one is the plain one.
    let took = env.run(&["next", "--take", "--format", "ids"]);
    assert_eq!(took.ok(), format!("{b}\n"));
    assert!(
        took.stderr.contains(&format!("{b}: assigned to jana")),
        "{}",
        took.stderr
    );
    let v = env.run(&["show", &b, "--format", "json"]).json();
    assert_eq!(
        (v["assignee"].as_str(), v["status"].as_str()),
        (Some("jana"), Some("open"))
    );
    // Her own open ticket stays her next until it waits.
    assert_eq!(env.run(&["next", "--format", "ids"]).ok(), format!("{b}\n"));
    env.run(&["status", &b, "waiting"]).ok();
    assert_eq!(env.run(&["next", "--format", "ids"]).ok(), format!("{a}\n"));
    // petr sees his own urgent ticket and the sales queue too.
    env.operator = Some("petr".to_string());
    assert_eq!(
        env.run(&["next", "--format", "ids"]).ok(),
        format!("{theirs}\n")
    );
    // --take needs an operator.
    env.operator = None;
    env.run(&["next", "--take"]).fails(2);
}

#[test]
fn six_operators_taking_at_once_get_six_different_tickets() {
    let mut config = BASE_CONFIG.to_string();
    for i in 1..=6 {
        config.push_str(&format!(
            "\n[[operator]]\nname = \"op{i}\"\nemail = \"op{i}@example.com\"\nqueues = [\"support\"]\n"
        ));
    }
    let env = TestEnv::with_config(&config);
    for i in 0..8 {
        env.new_ticket(&format!("ticket {i}"), "a@x.cz", &[]);
    }
    let children: Vec<_> = (1..=6)
        .map(|i| {
            env.cmd(&[
                "next",
                "--take",
                "--format",
                "ids",
                "--as",
                &format!("op{i}"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut got: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        })
        .collect();
    got.sort();
    let before = got.len();
    got.dedup();
    assert_eq!(before, 6);
    assert_eq!(got.len(), 6, "two operators got the same ticket: {got:?}");
    let v = env
        .run(&["list", "assignee:none", "--format", "json"])
        .json();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn show_reads_like_a_conversation() {
    let env = TestEnv::new();
    let spool = env.path().join("config/hd/spool");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(spool.join(sub)).unwrap();
    }
    let mut config = BASE_CONFIG.to_string();
    config.push_str("\n[[mailbox]]\nname = \"local\"\nqueue = \"support\"\nmaildir = \"spool\"\n");
    env.write_config(&config);
    let raw = "From: Priya Ivanova <priya@bigclient.cz>\r\n\
To: support@example.com\r\n\
Subject: Tiskárna nefunguje\r\n\
Date: Mon, 23 Nov 2026 08:30:00 +0100\r\n\
Message-ID: <q1@bigclient.cz>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Pořád to nejde.\r\n\
\r\n\
Dne 20. 11. 2026 napsal(a) Jana:\r\n\
> Zkuste ji restartovat.\r\n\
> Jana\r\n\
\r\n\
Priya\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"faktura.pdf\"\r\n\
Content-Disposition: attachment; filename=\"faktura.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b1\r\n\
Content-Type: image/png; name=\"photo.png\"\r\n\
Content-Disposition: attachment; filename=\"photo.png\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--b1--\r\n";
    let file = spool.join("new/1.eml");
    std::fs::write(&file, raw).unwrap();
    // Arrived before HD_NOW, so the note written now comes after it.
    let arrived = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_419_000);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(arrived)
        .unwrap();
    env.run(&["sync"]).ok();
    env.run(&["comment", "1", "-m", "Volala, pošlu technika."])
        .ok();
    let show = env.run(&["show", "1"]);
    let text = show.ok();
    assert!(
        text.starts_with("REQ-000001  Tiskárna nefunguje\n"),
        "{text}"
    );
    assert!(
        text.contains(" · in (email) · priya@bigclient.cz"),
        "{text}"
    );
    assert!(text.contains("[… 3 quoted lines]"), "{text}");
    assert!(!text.contains("Zkuste ji restartovat"), "{text}");
    assert!(
        text.contains("[1] faktura.pdf (application/pdf, 9 B)"),
        "{text}"
    );
    assert!(text.contains("[2] photo.png (image/png, 8 B)"), "{text}");
    assert!(text.contains("INTERNAL NOTE · tester"), "{text}");
    assert!(text.contains("│ Volala, pošlu technika."), "{text}");
    // Oldest first: the mail before the note.
    assert!(text.find("Pořád to nejde").unwrap() < text.find("Volala").unwrap());
    // No colour in a pipe.
    assert!(!text.contains('\u{1b}'));
    let full = env.run(&["show", "1", "--full"]);
    assert!(
        full.ok().contains("> Zkuste ji restartovat."),
        "{}",
        full.stdout
    );
    // Internal notes are dimmed on a terminal.
    let (screen, _) = on_pty(&env, 100, 100, &["show", "1"], &[]);
    assert!(screen.contains("\u{1b}[2m│ Volala"), "{screen:?}");
    // The numbering is the store's: the same order every time.
    let v = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(v["interactions"][0]["attachments"], 2);
}

#[test]
fn help_lists_own_options_before_the_global_ones() {
    let env = TestEnv::new();
    let help = env.run(&["list", "--help"]);
    let text = help.ok();
    let own = text.find("--view").expect("own option");
    let heading = text
        .find("Global options:")
        .expect("Global options heading");
    let global = text.find("--no-pager").expect("--no-pager listed");
    assert!(own < heading && heading < global, "{text}");
    assert!(text[heading..].contains("--format"), "{text}");
    assert!(!text[..heading].contains("--config"), "{text}");
}
