//! Shared test environment: a cleared environment, temp XDG dirs, a pinned clock,
//! and the real `hd` binary.

#![allow(dead_code)]

pub mod pg;
pub mod servers;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write;

/// A temp home with a config and database, running the real binary.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub now: String,
    pub operator: Option<String>,
    /// The PostgreSQL database hd runs on, when the suite runs on PostgreSQL.
    pub pg: Option<pg::Database>,
}

/// What one run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit 0 and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        &self.stdout
    }

    /// Asserts an exit code and a one-line `hd: error:` on stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "wrong exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        assert!(
            self.stderr.starts_with("hd: error: "),
            "stderr must start with `hd: error: `, got:\n{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        &self.stderr
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        self.ok();
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", self.stdout))
    }
}

/// The config most tests use: two queues, three operators, a business calendar.
pub const BASE_CONFIG: &str = r#"
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support"]
categories = ["Service", "Complaints"]
max_open = 20

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support", "sales"]

[[operator]]
name = "eva"
email = "eva@example.com"
queues = ["sales"]

[[category]]
name = "Service"
sla = "standard"

[[category]]
name = "Complaints"
sla = "standard"

[sla.standard]
first_response = "4h"
resolution = "3d"
calendar = "business"

[calendar.business]
hours = { mon-fri = "08:00-17:00" }
holidays = ["12-24", "12-25"]

[view.complaints]
query = "category:Complaints -status:closed"
sort = "-priority,created"
"#;

impl TestEnv {
    /// A fresh environment with [`BASE_CONFIG`].
    pub fn new() -> TestEnv {
        Self::with_config(BASE_CONFIG)
    }

    /// A fresh environment on a PostgreSQL database of its own, whichever
    /// engine the suite runs on: for tests of PostgreSQL itself.
    pub fn on_postgres(config: &str) -> TestEnv {
        let mut env = Self::with_config(config);
        if env.pg.is_none() {
            env.pg = Some(pg::Database::create());
        }
        env
    }

    /// A fresh environment with this config text.
    pub fn with_config(config: &str) -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("config/hd")).unwrap();
        std::fs::write(dir.path().join("config/hd/config.toml"), config).unwrap();
        TestEnv {
            dir,
            // A Monday morning in Prague.
            now: "2026-11-23T09:00:00+01:00".to_string(),
            operator: None,
            pg: pg::enabled().then(pg::Database::create),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.path().join("config/hd/config.toml")
    }

    pub fn db_path(&self) -> PathBuf {
        self.path().join("data/hd/hd.db")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config_path(), text).unwrap();
    }

    /// A command for the real binary with a cleared environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hd"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("USER", "tester")
            .env("HD_NOW", &self.now)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("TZ", "UTC")
            .current_dir(self.path())
            .args(args)
            .stdin(Stdio::null());
        if let Some(op) = &self.operator {
            c.env("HD_OPERATOR", op);
        }
        if let Some(db) = &self.pg {
            c.env("HD_DB", &db.url);
        }
        c
    }

    /// A connection to the database hd uses, through hd's own driver, so a
    /// test's SQL runs on either engine.
    pub fn db(&self) -> hd::db::Connection {
        match &self.pg {
            Some(db) => hd::db::Connection::connect_postgres(&db.url, None).expect("connect"),
            None => hd::db::Connection::open(&self.db_path()).expect("open the database"),
        }
    }

    /// The database hd uses, as `--db` takes it: the file, or the PostgreSQL URL.
    pub fn db_arg(&self) -> String {
        match &self.pg {
            Some(db) => db.url.clone(),
            None => self.db_path().to_string_lossy().into_owned(),
        }
    }

    /// Runs hd with these arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd(args).output().expect("run hd");
        to_run(out)
    }

    /// Runs hd with text on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        let mut c = self.cmd(args);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn hd");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        to_run(child.wait_with_output().unwrap())
    }

    /// Creates a ticket with `hd new` and returns its number.
    pub fn new_ticket(&self, subject: &str, contact: &str, extra: &[&str]) -> String {
        let mut args = vec!["new", "--subject", subject, "--contact", contact];
        args.extend_from_slice(extra);
        self.run(&args).ok().trim().to_string()
    }
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `n` small messages from different customers.
pub fn bulk_mail(n: usize) -> Vec<Vec<u8>> {
    (1..=n)
        .map(|i| {
            format!(
                "From: Zakaznik {i} <z{i}@bulk.example.cz>\r\nTo: support@example.com\r\n\
                 Subject: Dotaz {i:05}\r\nMessage-ID: <gone-{i}@bulk.example.cz>\r\n\
                 Date: Tue, 10 Nov 2026 08:00:00 +0100\r\n\r\n{}\r\n",
                format!("Zpráva {i}. ").repeat(40)
            )
            .into_bytes()
        })
        .collect()
}
