//! `hd sync --watch` against a real Dovecot and a local Maildir: mail is taken
//! as it arrives, a restarted server loses nothing, SIGTERM exits 0, a cron
//! sync meanwhile exits 75 at once, and SLA breaches are recorded when due.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::servers::Dovecot;
use crate::support::{BASE_CONFIG, TestEnv};

/// A running `hd sync --watch -v`, its stderr in a file; killed if the test fails.
struct Watcher {
    child: Option<Child>,
    log: PathBuf,
}

impl Watcher {
    fn start(env: &TestEnv, extra: &[&str]) -> Watcher {
        let log = env.path().join("watch.log");
        let mut args = vec!["sync", "--watch", "-v"];
        args.extend_from_slice(extra);
        let child = env
            .cmd(&args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start hd sync --watch");
        let w = Watcher {
            child: Some(child),
            log,
        };
        // Holding the lock says it is up.
        let lock = {
            let mut p = env.db_path().into_os_string();
            p.push(".sync.lock");
            PathBuf::from(p)
        };
        let pg = env.pg.as_ref().map(|_| env.db());
        w.wait_for(
            "the watcher to take the lock",
            Duration::from_secs(20),
            || match &pg {
                // The watcher's advisory lock (src/sync/lock.rs), as pg_locks lists a bigint key.
                Some(conn) => conn
                    .query_row(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' \
                         AND classid = 0 AND objid = 1751384068 AND granted \
                         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                    .is_ok_and(|n| n > 0),
                None => std::fs::read(&lock).is_ok_and(|b| b.starts_with(b"hd sync --watch")),
            },
        );
        w
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    #[track_caller]
    fn wait_for(&self, what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
        let start = Instant::now();
        while start.elapsed() < limit {
            if done() {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("waited {limit:?} for {what}; watcher log:\n{}", self.log());
    }

    /// Sends SIGTERM and returns the exit code.
    fn stop(&mut self) -> i32 {
        let mut child = self.child.take().unwrap();
        // SAFETY: kill(2) on the child we started.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGTERM);
        }
        let start = Instant::now();
        loop {
            if let Some(s) = child.try_wait().unwrap() {
                return s.code().unwrap_or(-1);
            }
            if start.elapsed() > Duration::from_secs(15) {
                let _ = child.kill();
                panic!("the watcher did not stop on SIGTERM; log:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn mail(id: &str, subject: &str) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0100\r\nFrom: Karel <karel@customer.cz>\r\n\
         To: support@example.com\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nText.\r\n"
    )
    .into_bytes()
}

fn imap_env(d: &Dovecot, extra: &str) -> TestEnv {
    let (user, password) = d.user();
    TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\ncategory = \"Service\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"{user}\", \
         password = \"{password}\", folder = \"INBOX\", timeout = 5 }}\n{extra}",
        d.plain_port()
    ))
}

fn subjects(env: &TestEnv) -> Vec<String> {
    let v = env
        .run(&[
            "list", "--view", "all", "--sort", "number", "--format", "json",
        ])
        .json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn mail_appended_while_watching_is_on_its_ticket_within_seconds() {
    let d = Dovecot::start();
    d.append("alice", "INBOX", &mail("old@customer.cz", "Stará"), None);
    let env = imap_env(&d, "");
    let mut w = Watcher::start(&env, &[]);
    w.wait_for("the mail already there", Duration::from_secs(20), || {
        subjects(&env) == ["Stará"]
    });
    // Give the IDLE connection a moment to be in place, as a real mailbox would.
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    d.append("alice", "INBOX", &mail("new@customer.cz", "Nová"), None);
    w.wait_for("the new mail", Duration::from_secs(10), || {
        subjects(&env) == ["Stará", "Nová"]
    });
    eprintln!("APPEND to ticket: {:?}", start.elapsed());
    // A cron sync meanwhile gives up at once.
    let start = Instant::now();
    let r = env.run(&["sync"]);
    let err = r.fails(75);
    assert!(err.contains("hd sync --watch is running"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    assert_eq!(w.stop(), 0, "{}", w.log());
    let log = w.log();
    assert!(
        log.lines()
            .any(|l| l.contains("inbox/INBOX: UID 2 → new ticket REQ-000002")
                && l.starts_with("2026-11-23 ")),
        "one line a message, with its time:\n{log}"
    );
    assert!(!log.contains("hd: error"), "{log}");
    // Stopped: the lock is free and a sync finds nothing new.
    env.run(&["sync"]).ok();
    assert_eq!(subjects(&env), ["Stará", "Nová"]);
}

#[test]
fn a_restarted_server_loses_nothing_and_the_next_mail_arrives() {
    let d = Dovecot::start();
    let env = imap_env(&d, "");
    let mut w = Watcher::start(&env, &[]);
    d.append("alice", "INBOX", &mail("1@customer.cz", "První"), None);
    w.wait_for("the first mail", Duration::from_secs(10), || {
        subjects(&env) == ["První"]
    });
    d.stop();
    // Delivered while the server is down: it must not be lost.
    d.deliver_maildir("alice", &mail("2@customer.cz", "Druhá"));
    std::thread::sleep(Duration::from_secs(3));
    d.start_again();
    w.wait_for(
        "the mail delivered during the outage",
        Duration::from_secs(30),
        || subjects(&env) == ["První", "Druhá"],
    );
    std::thread::sleep(Duration::from_millis(500));
    d.append("alice", "INBOX", &mail("3@customer.cz", "Třetí"), None);
    w.wait_for("mail after the restart", Duration::from_secs(10), || {
        subjects(&env) == ["První", "Druhá", "Třetí"]
    });
    assert_eq!(w.stop(), 0);
    let log = w.log();
    let outages = log.lines().filter(|l| l.contains("reconnecting")).count();
    assert_eq!(outages, 1, "one line an outage, not one a try:\n{log}");
    assert!(log.contains("mailbox inbox: reconnected after"), "{log}");
}

fn maildir_env(maildir: &Path, extra: &str) -> TestEnv {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[category]]\nname = \"Quick\"\nsla = \"quick\"\n\n[sla.quick]\nfirst_response = \"1h\"\n\n\
         [[mailbox]]\nname = \"local\"\nqueue = \"support\"\ncategory = \"Service\"\nmaildir = {:?}\n{extra}",
        maildir.to_str().unwrap()
    ))
}

fn deliver(maildir: &Path, name: &str, raw: &[u8]) {
    std::fs::write(maildir.join("tmp").join(name), raw).unwrap();
    std::fs::rename(
        maildir.join("tmp").join(name),
        maildir.join("new").join(name),
    )
    .unwrap();
}

/// Whether the watcher's first pass recorded its mailbox (a Maildir's first
/// sync writes its `sync_state` row before it reads the folder).
fn first_pass_began(env: &TestEnv) -> bool {
    if env.pg.is_none() && !env.db_path().exists() {
        return false;
    }
    env.db()
        .query_row("SELECT count(*) FROM sync_state", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok_and(|n| n > 0)
}

#[test]
fn maildir_mail_is_taken_as_it_is_delivered_and_sigint_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("Maildir");
    // A hook that hangs on every message: killed at its timeout, never in the way.
    let env = maildir_env(
        &maildir,
        "\n[[hook]]\non = \"message.received\"\nrun = \"sleep 30\"\ntimeout = \"1s\"\n",
    );
    let mut w = Watcher::start(&env, &["--interval", "10m"]);
    // Mail there before the first pass is history, imported without hooks.
    w.wait_for("the first pass", Duration::from_secs(20), || {
        first_pass_began(&env)
    });
    std::thread::sleep(Duration::from_millis(300));
    deliver(&maildir, "1.hd-test", &mail("m@customer.cz", "Dopis"));
    let took = w.wait_for("the delivered file", Duration::from_secs(10), || {
        subjects(&env) == ["Dopis"]
    });
    // inotify, not the ten-minute interval.
    assert!(took < Duration::from_secs(5), "{took:?}");
    deliver(&maildir, "2.hd-test", &mail("m2@customer.cz", "Další"));
    let took = w.wait_for("the second file", Duration::from_secs(10), || {
        subjects(&env) == ["Dopis", "Další"]
    });
    assert!(
        took < Duration::from_secs(5),
        "the hanging hook held it up: {took:?}"
    );
    w.wait_for("the hook to be killed", Duration::from_secs(10), || {
        w.log().contains(
            "hook \"sleep 30\" for message.received REQ-000001: still running after 1 s; killed",
        )
    });
    let mut child = w.child.take().unwrap();
    // SAFETY: kill(2) on the child we started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", w.log());
}

#[test]
fn a_due_time_passing_while_watching_records_the_breach_and_runs_its_hook() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("Maildir");
    let fired = dir.path().join("breach.json");
    let mut env = maildir_env(
        &maildir,
        &format!(
            "\n[[hook]]\non = \"sla.breached\"\nrun = \"cat > {}\"\n",
            fired.display()
        ),
    );
    let n = env.new_ticket("Volání", "eva@customer.cz", &["--category", "Quick"]);
    let due = env.run(&["show", &n, "--format", "json"]).json()["first_response_due"].clone();
    assert_eq!(due, "2026-11-23T10:00:00+01:00");
    // The watcher's clock starts three seconds before the due time and runs on.
    env.now = "2026-11-23T09:59:57+01:00".into();
    let mut w = Watcher::start(&env, &[]);
    env.now = "2026-11-23T10:00:30+01:00".into();
    let took = w.wait_for("the breach", Duration::from_secs(20), || fired.exists());
    assert!(took < Duration::from_secs(10), "{took:?}");
    w.wait_for("the hook's JSON", Duration::from_secs(5), || {
        std::fs::read_to_string(&fired).is_ok_and(|t| t.ends_with('\n'))
    });
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fired).unwrap()).unwrap();
    assert_eq!(v["event"], "sla.breached");
    assert_eq!(v["ticket"]["number"], n);
    assert_eq!(v["ticket"]["breached"], true);
    assert_eq!(v["time"], "2026-11-23T10:00:00+01:00");
    let listed = env.run(&["list", "overdue:yes", "--format", "ids"]);
    assert_eq!(listed.ok().trim(), n);
    assert_eq!(w.stop(), 0);
}

/// Writes a message into a Maildir's new/ delivered at `time` (RFC 3339).
fn deliver_at(maildir: &Path, name: &str, raw: &[u8], time: &str) {
    deliver(maildir, name, raw);
    let secs = chrono::DateTime::parse_from_rfc3339(time)
        .unwrap()
        .timestamp();
    let st = std::process::Command::new("touch")
        .arg("-d")
        .arg(format!("@{secs}"))
        .arg(maildir.join("new").join(name))
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn a_sync_records_a_missed_next_response_on_a_ticket_nobody_touched() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("Maildir");
    let mut env = maildir_env(
        &maildir,
        &format!(
            "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
            crate::support::servers::free_port()
        ),
    );
    let config = std::fs::read_to_string(env.config_path())
        .unwrap()
        .replace(
            "category = \"Service\"\nmaildir",
            "category = \"Quick\"\nmaildir",
        )
        .replace(
            "[sla.quick]\nfirst_response = \"1h\"\n",
            "[sla.quick]\nfirst_response = \"1h\"\nnext_response = \"30m\"\n",
        );
    env.write_config(&config);
    env.now = "2026-11-23T08:00:00+01:00".into();
    env.run(&["sync"]).ok(); // the first sync: nothing yet
    deliver_at(
        &maildir,
        "1",
        &mail("n1@customer.cz", "Modem"),
        "2026-11-23T09:00:00+01:00",
    );
    env.now = "2026-11-23T09:00:10+01:00".into();
    env.run(&["sync"]).ok();
    env.operator = Some("jana".into());
    env.now = "2026-11-23T09:10:00+01:00".into();
    // The mail server is down; the reply counts as the first response all the same.
    assert_eq!(env.run(&["reply", "1", "-m", "Díváme se na to."]).code, 75);
    let mut again = mail("n2@customer.cz", "Re: Modem [REQ-000001]");
    again.splice(0..0, b"In-Reply-To: <n1@customer.cz>\r\n".iter().copied());
    deliver_at(&maildir, "2", &again, "2026-11-23T09:20:00+01:00");
    env.now = "2026-11-23T09:25:00+01:00".into();
    env.run(&["sync"]).ok();
    let breached = |env: &TestEnv| {
        env.run(&["list", "--view", "all", "--format", "json"])
            .json()[0]["breached"]
            .clone()
    };
    assert_eq!(breached(&env), false);
    // 09:50 passes with no answer; the next sync (nothing new) records it.
    env.now = "2026-11-23T10:00:00+01:00".into();
    env.run(&["sync"]).ok();
    assert_eq!(
        breached(&env),
        true,
        "the stored flag, not only show's view"
    );
    let v = env.run(&["show", "1", "--format", "json"]).json();
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "breach: next_response"
                && e["time"] == "2026-11-23T09:50:00+01:00"),
        "{v}"
    );
}

#[test]
fn a_server_without_idle_is_read_every_interval() {
    let d = Dovecot::start();
    // The same server, but it no longer offers IDLE.
    std::fs::write(
        d.dir().join("extra.conf"),
        "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+\n",
    )
    .unwrap();
    d.stop();
    d.start_again();
    let mut s = d.session("alice");
    let caps = s.capabilities().unwrap();
    assert!(!caps.has_str("IDLE"), "the server still offers IDLE");
    drop(s);
    let env = imap_env(&d, "");
    let mut w = Watcher::start(&env, &["--interval", "2s"]);
    std::thread::sleep(Duration::from_millis(500));
    d.append("alice", "INBOX", &mail("p@customer.cz", "Dotaz"), None);
    let took = w.wait_for("the polled mail", Duration::from_secs(15), || {
        subjects(&env) == ["Dotaz"]
    });
    assert!(took < Duration::from_secs(6), "{took:?}");
    assert_eq!(w.stop(), 0);
    let log = w.log();
    assert!(
        !log.contains("hd: warning"),
        "polling is no failure:\n{log}"
    );
}
