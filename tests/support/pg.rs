//! The PostgreSQL side of the test environment. When `HD_TEST_PG_URL` names a
//! server (as `.ci/run` and `scripts/test-postgres.sh` set it, after starting
//! a throwaway one with `scripts/test-servers/postgres.sh`), every
//! [`super::TestEnv`] gets a database of its own there and runs hd with
//! `HD_DB` pointing at it, so the whole suite runs on PostgreSQL.

use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The admin URL of the test server, when the suite runs on PostgreSQL.
pub fn server() -> Option<String> {
    std::env::var("HD_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Whether this run of the suite is on PostgreSQL.
pub fn enabled() -> bool {
    server().is_some()
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
        let admin = server().expect("HD_TEST_PG_URL");
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
