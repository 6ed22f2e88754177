//! The PostgreSQL side of the test environment. When `HD_TEST_PG_URL` names a
//! server (as `.ci/run` and `scripts/test-postgres.sh` set it, after starting
//! a throwaway one with `scripts/test-servers/postgres.sh`), every
//! [`super::TestEnv`] gets a database of its own there and runs hd with
//! `HD_DB` pointing at it, so the whole suite runs on PostgreSQL.

use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static SQLITE_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While it lives, new test environments of this test use SQLite even on a
/// PostgreSQL run: for the tests of what only an SQLite file has (its bytes,
/// its permissions, rewinding its schema version by hand).
pub struct SqliteOnly(());

pub fn sqlite_only() -> SqliteOnly {
    SQLITE_ONLY.with(|s| s.set(true));
    SqliteOnly(())
}

impl Drop for SqliteOnly {
    fn drop(&mut self) {
        SQLITE_ONLY.with(|s| s.set(false));
    }
}

/// The admin URL of the test server, when the suite runs on PostgreSQL.
pub fn server() -> Option<String> {
    std::env::var("HD_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

static STARTED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The test server for tests of PostgreSQL itself: `HD_TEST_PG_URL`'s, or one
/// this test process starts once (and a watchdog stops when it exits).
/// Panics, failing the test, when it cannot start.
pub fn server_url() -> String {
    if let Some(u) = server() {
        return u;
    }
    STARTED
        .get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let out = std::process::Command::new("bash")
                .arg(root.join("scripts/test-servers/postgres.sh"))
                .output()
                .expect("run scripts/test-servers/postgres.sh");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "the test PostgreSQL did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let field = |k: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(k))
                    .unwrap_or_else(|| panic!("postgres.sh printed no {k}: {text}"))
                    .to_string()
            };
            let (url, dir) = (field("PGURL="), field("PGDIR="));
            // Stops the server once this process is gone.
            let stop = root.join("scripts/test-servers/postgres-stop.sh");
            let _ = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "while kill -0 {pid} 2>/dev/null; do sleep 1; done; bash '{}' '{dir}'",
                    stop.display(),
                    pid = std::process::id()
                ))
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
            url
        })
        .clone()
}

/// Whether this run of the suite is on PostgreSQL.
pub fn enabled() -> bool {
    server().is_some() && !SQLITE_ONLY.with(|s| s.get())
}

fn with_database(url: &str, db: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db}"),
        None => format!("{url}/{db}"),
    }
}

/// A new empty database on the test server; dropped with the value.
pub struct Database {
    admin: String,
    name: String,
    pub url: String,
}

impl Database {
    /// Creates one; panics (the test fails) when the server cannot be reached.
    pub fn create() -> Database {
        let admin = server_url();
        let name = format!(
            "hd_t{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("test PostgreSQL at {admin} cannot be reached: {e}"));
        c.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        Database {
            url: with_database(&admin, &name),
            admin,
            name,
        }
    }

    /// Runs one query on it and returns the first column of each row as text.
    pub fn query(&self, sql: &str) -> Vec<String> {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
        c.simple_query(sql)
            .expect(sql)
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
                _ => None,
            })
            .collect()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
