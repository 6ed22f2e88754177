//! `[[hook]]`s: every command that causes an event runs its hooks after the
//! commit, with the event as JSON on standard input; a failing or hanging hook
//! is logged and never undoes or blocks the change.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::servers::free_port;
use crate::support::{BASE_CONFIG, TestEnv};

/// A hook that saves each event it gets as `DIR/EVENT.XXXXXX`.
fn saving_hook(event: &str, dir: &Path) -> String {
    format!(
        "\n[[hook]]\non = \"{event}\"\nrun = 'cat > $(mktemp {d}/\"$HD_EVENT.XXXXXX\")'\n",
        d = dir.display()
    )
}

/// Reads the events saved by [`saving_hook`] since the last call (hooks run
/// side by side, so their order is not kept), sorted by event name.
struct Saved {
    dir: PathBuf,
    seen: Vec<PathBuf>,
}

impl Saved {
    fn fresh(&mut self) -> Vec<(String, Value)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !self.seen.contains(p))
            .collect();
        files.sort();
        self.seen.extend(files.iter().cloned());
        files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                let v: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {text}", p.display()));
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name.rsplit_once('.').unwrap().0.to_string(), v)
            })
            .collect()
    }

    fn names(&mut self) -> Vec<String> {
        self.fresh().into_iter().map(|(e, _)| e).collect()
    }
}

fn mail(id: &str, from: &str, subject: &str) -> String {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0100\r\nFrom: {from}\r\n\
         To: support@example.com\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDobrý den, nefunguje to.\r\n"
    )
}

/// Writes a message into a Maildir's new/.
fn deliver(maildir: &Path, name: &str, raw: &str) {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    std::fs::write(maildir.join("tmp").join(name), raw).unwrap();
    std::fs::rename(
        maildir.join("tmp").join(name),
        maildir.join("new").join(name),
    )
    .unwrap();
}

struct Setup {
    env: TestEnv,
    hooks: Saved,
    maildir: PathBuf,
}

/// BASE_CONFIG with a Maildir mailbox, an SMTP server nobody listens on, a
/// one-hour first-response target for category Quick, and a saving hook on
/// every event.
fn setup() -> Setup {
    let env = TestEnv::new();
    let hooks = env.path().join("hooks");
    let maildir = env.path().join("maildir");
    std::fs::create_dir_all(&hooks).unwrap();
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let mut config = format!(
        "{BASE_CONFIG}\n[[category]]\nname = \"Quick\"\nsla = \"quick\"\n\n[sla.quick]\nfirst_response = \"1h\"\n\n\
         [smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n\n\
         [[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\ncategory = \"Service\"\nmaildir = {:?}\n",
        free_port(),
        maildir.to_str().unwrap()
    );
    for e in [
        "ticket.created",
        "ticket.assigned",
        "ticket.reopened",
        "message.received",
        "sla.breached",
        "reply.failed",
    ] {
        config.push_str(&saving_hook(e, &hooks));
    }
    env.write_config(&config);
    Setup {
        env,
        hooks: Saved {
            dir: hooks,
            seen: Vec::new(),
        },
        maildir,
    }
}

#[test]
fn every_event_kind_reaches_its_hook_as_json() {
    let mut s = setup();
    // The mailbox's first sync (nothing in it yet) is behind us.
    s.env.run(&["sync"]).ok();
    assert_eq!(s.hooks.names(), Vec::<String>::new());

    // Mail: a new ticket and the message that made it.
    deliver(
        &s.maildir,
        "1.hd-test",
        &mail(
            "a@customer.cz",
            "Karel Novák <karel@customer.cz>",
            "Tiskárna",
        ),
    );
    s.env.run(&["sync"]).ok();
    let got = s.hooks.fresh();
    let names: Vec<&str> = got.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(names, ["message.received", "ticket.created"], "{got:?}");
    for (event, v) in &got {
        assert_eq!(v["event"], *event);
        assert_eq!(v["ticket"]["number"], "REQ-000001");
        assert_eq!(v["ticket"]["subject"], "Tiskárna");
        assert_eq!(v["ticket"]["contact"], "karel@customer.cz");
        assert_eq!(v["ticket"]["status"], "queued");
        // The arrival time: the file's delivery time for a Maildir.
        assert_eq!(v["time"], v["ticket"]["created"], "{v}");
    }
    let m = &got[0].1["message"];
    assert_eq!(m["direction"], "in");
    assert_eq!(m["contact"], "karel@customer.cz");
    assert_eq!(m["subject"], "Tiskárna");
    assert!(m["text"].as_str().unwrap().contains("nefunguje"), "{m}");

    // Assigning, from the desk.
    s.env.run(&["assign", "1", "jana"]).ok();
    let got = s.hooks.fresh();
    assert_eq!(got.len(), 1, "{got:?}");
    let (event, v) = &got[0];
    assert_eq!(event, "ticket.assigned");
    assert_eq!(v["operator"], "jana");
    assert_eq!(v["ticket"]["assignee"], "jana");

    // Closing and opening again.
    s.env.run(&["status", "1", "closed"]).ok();
    assert_eq!(s.hooks.names(), Vec::<String>::new(), "closing is no event");
    s.env.run(&["status", "1", "open"]).ok();
    let got = s.hooks.fresh();
    assert_eq!(got.len(), 1, "{got:?}");
    let (event, v) = &got[0];
    assert_eq!(event, "ticket.reopened");
    assert_eq!(v["ticket"]["status"], "open");

    // A reply the SMTP server never takes.
    s.env.operator = Some("jana".into());
    let r = s.env.run(&["reply", "1", "-m", "Podíváme se na to."]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    let got = s.hooks.fresh();
    assert_eq!(got.len(), 1, "{got:?}");
    let (event, v) = &got[0];
    assert_eq!(event, "reply.failed");
    assert_eq!(v["message"]["direction"], "out");
    assert_eq!(v["message"]["email_state"], "failed");
    assert!(v["message"]["text"].as_str().unwrap().contains("Podíváme"));

    // A ticket made by hand with a one-hour first response, then the hour passes.
    let n = s
        .env
        .new_ticket("Volání", "eva@customer.cz", &["--category", "Quick"]);
    let fresh = s.hooks.names();
    assert!(fresh.contains(&"ticket.created".to_string()), "{fresh:?}");
    s.env.now = "2026-11-23T10:00:30+01:00".into();
    s.env.run(&["sync"]).ok();
    let got = s.hooks.fresh();
    assert_eq!(got.len(), 1, "{got:?}");
    let (event, v) = &got[0];
    assert_eq!(event, "sla.breached");
    assert_eq!(v["ticket"]["number"], n);
    assert_eq!(v["ticket"]["breached"], true);
    assert_eq!(v["sla"]["target"], "first_response");
    assert_eq!(
        v["time"], "2026-11-23T10:00:00+01:00",
        "the due time it missed"
    );
    // Nothing twice.
    s.env.run(&["sync"]).ok();
    assert_eq!(s.hooks.names(), Vec::<String>::new());
}

#[test]
fn a_rolled_back_change_runs_no_hook() {
    let mut s = setup();
    s.env.run(&["sync"]).ok();
    deliver(
        &s.maildir,
        "1.hd-test",
        &mail("b@customer.cz", "karel@customer.cz", "Zkouška"),
    );
    s.env.run(&["sync", "--dry-run"]).ok();
    assert_eq!(s.hooks.names(), Vec::<String>::new());
}

#[test]
fn a_hook_past_its_timeout_is_killed_and_the_command_goes_on() {
    let env = TestEnv::new();
    let marker = env.path().join("finished");
    env.write_config(&format!(
        "{BASE_CONFIG}\n[[hook]]\non = \"ticket.created\"\nrun = \"sleep 30; touch {}\"\ntimeout = \"1s\"\n\n\
         [[hook]]\non = \"ticket.created\"\nrun = \"echo fine >&2; exit 3\"\n",
        marker.display()
    ));
    let start = Instant::now();
    let r = env.run(&["new", "--subject", "Volání", "--contact", "eva@customer.cz"]);
    let took = start.elapsed();
    assert_eq!(r.ok().trim(), "REQ-000001", "stdout is the command's own");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        r.stderr.contains("hd: warning: hook \"sleep 30")
            && r.stderr.contains("still running after 1 s; killed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("exited with status 3") && r.stderr.contains("fine"),
        "{}",
        r.stderr
    );
    // Killed with its process group: the rest of its command never runs.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!marker.exists());
    // The change stands.
    let v = env
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn hook_config_errors_name_the_line_and_key() {
    let env = TestEnv::new();
    env.write_config(&format!(
        "{BASE_CONFIG}\n[[hook]]\non = \"ticket.closed\"\nrun = \"true\"\n"
    ));
    let r = env.run(&["list"]);
    let err = r.fails(2);
    let line = BASE_CONFIG.lines().count() + 3;
    assert!(
        err.contains(&format!(
            "config.toml:{line}: hook.on: unknown event \"ticket.closed\""
        )),
        "{err}"
    );
    assert!(
        err.contains("ticket.created"),
        "lists the known events: {err}"
    );

    env.write_config(&format!(
        "{BASE_CONFIG}\n[[hook]]\non = \"ticket.created\"\nrun = \"true\"\ntimeout = \"soon\"\n"
    ));
    let err = env.run(&["list"]).fails(2).to_string();
    assert!(
        err.contains(&format!(":{}: hook.timeout:", line + 2)),
        "{err}"
    );

    env.write_config(&format!(
        "{BASE_CONFIG}\n[[hook]]\non = \"ticket.created\"\ncommand = \"true\"\n"
    ));
    let err = env.run(&["list"]).fails(2).to_string();
    assert!(err.contains("command"), "{err}");
}

#[test]
fn a_mailboxs_first_sync_imports_history_without_hooks() {
    let mut s = setup();
    deliver(
        &s.maildir,
        "old.hd-test",
        &mail("old@customer.cz", "karel@customer.cz", "Loni"),
    );
    s.env.run(&["sync"]).ok();
    assert_eq!(s.hooks.names(), Vec::<String>::new(), "history is no news");
    deliver(
        &s.maildir,
        "new.hd-test",
        &mail("new@customer.cz", "eva@customer.cz", "Dnes"),
    );
    s.env.run(&["sync"]).ok();
    assert_eq!(s.hooks.names(), ["message.received", "ticket.created"]);
}
