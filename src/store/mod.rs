//! The SQLite store: opening, migrations, and the writes every command shares.

pub mod anonymize;
pub mod articles;
pub mod attachments;
pub mod batch;
pub mod changes;
pub mod copy;
pub mod export;
pub mod followers;
pub mod fts;
pub mod hooks;
pub mod interactions;
pub mod lookup;
pub mod merge;
pub mod operators;
pub mod outbox;
pub mod pg;
pub mod reports;
pub mod search;
pub mod sync_state;
pub mod tickets;
pub mod time;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::OpenFlags;

use crate::db::{Connection, TransactionBehavior};

use crate::error::{HdError, failure, usage};

/// A parameter of a statement built at run time (a filter's `where_sql`).
pub use crate::db::types::Value as SqlValue;

/// Schema versions in order; the database's `user_version` is the count applied.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_raw_hash_dedup.sql"),
    include_str!("migrations/003_report_indexes.sql"),
    include_str!("migrations/004_text_ticket_index.sql"),
    include_str!("migrations/005_blobs_by_rowid.sql"),
    include_str!("migrations/006_fewer_write_indexes.sql"),
    include_str!("migrations/007_one_number_sequence.sql"),
    include_str!("migrations/008_automatic_tickets.sql"),
    include_str!("migrations/009_time_and_articles.sql"),
    include_str!("migrations/010_due.sql"),
    include_str!("migrations/011_outbox_claims.sql"),
    include_str!("migrations/012_followers.sql"),
    include_str!("migrations/013_reparse_flag.sql"),
    include_str!("migrations/014_search_order.sql"),
    include_str!("migrations/015_open_order.sql"),
    include_str!("migrations/016_fts_doc_plpgsql.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open database.
pub struct Store {
    /// Declared first so it stops before `conn` closes: the last connection to
    /// close finishes the checkpoint and removes the WAL.
    checkpointer: Option<Checkpointer>,
    /// The connection; public so domain modules can prepare their own statements.
    pub conn: Connection,
    /// Where the file is; for PostgreSQL, the URL without its password.
    pub path: PathBuf,
    /// Takes the committed changes hooks listen for (see [`hooks`]), after
    /// each [`Store::committed`] and when the store closes.
    after_commit: Option<AfterCommit>,
    /// While set, committed changes are dropped instead of handed to hooks.
    hooks_muted: bool,
    /// PostgreSQL: how to open another connection to the same database.
    connector: Option<Connector>,
    /// PostgreSQL: messages stored since the statistics sync's lookups plan
    /// by were last gathered, and how many the mailboxes held then
    /// ([`Store::stored`]).
    growth: Option<(u64, u64)>,
}

/// Opens further connections to a PostgreSQL database, as the store's own
/// was opened (its password never shown).
#[derive(Clone)]
pub struct Connector {
    url: String,
    password: Option<String>,
}

impl Connector {
    /// A new connection, shown in the server's activity view as
    /// `application_name`; `None` when the server refuses one (too many
    /// connections, say): what wanted it does without.
    pub fn connect(&self, application_name: &str) -> Option<Connection> {
        Connection::connect_postgres_as(&self.url, self.password.as_deref(), application_name).ok()
    }
}

/// What [`Store::on_commit`] installs.
pub type AfterCommit = Box<dyn FnMut(Vec<hooks::Happened>) + Send>;

impl Drop for Store {
    fn drop(&mut self) {
        self.hand_over();
    }
}

/// Copies committed pages from the WAL into the database file on a thread and
/// connection of its own, so a long writer (sync) does not stop to do it.
struct Checkpointer {
    signal: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// `None` when the connection or the thread cannot be had: the writer then
    /// checkpoints by itself, as any connection does.
    fn start(path: &Path) -> Option<Checkpointer> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        conn.busy_timeout(Duration::from_secs(10)).ok()?;
        conn.execute_batch("PRAGMA synchronous = NORMAL").ok()?;
        // One waiting request is enough: it covers every commit made before it runs.
        let (signal, requests) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                for () in requests.iter() {
                    // Passive: never waits for the writer or readers. A failure
                    // leaves the pages in the WAL, where they are just as safe,
                    // and the writer's own automatic checkpoint still runs.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(Checkpointer {
            signal: Some(signal),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.signal = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Creates an empty file readable only by its owner, so the database never
/// exists, even for an instant, with wider permissions.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn sql_err(path: &Path, e: impl Into<crate::db::Error>) -> HdError {
    let e: crate::db::Error = e.into();
    let text = e.to_string();
    if e.is_transient() && !text.contains("locked") && !text.contains("busy") {
        crate::error::tempfail(format!("database {}: {text}", path.display()))
    } else if text.contains("readonly") || text.contains("read-only") {
        failure(format!("database {} is read-only: {text}", path.display()))
            .hint("check the file's permissions, or pass --db PATH")
    } else if text.contains("not a database") || text.contains("file is encrypted") {
        failure(format!("{} is not an hd database: {text}", path.display()))
    } else {
        failure(format!("database {}: {text}", path.display()))
    }
}

/// Connection settings, and WAL for a new file.
fn configure(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // Filing one message runs some thirty distinct statements; with the
    // default 16 cached, routed mail re-parsed some SQL for every message.
    conn.set_prepared_statement_cache_capacity(64);
    // WAL before anything else: readers never block the syncing writer. Switching
    // a new file to WAL can fail busy without the busy handler being called (two
    // first runs at once), so that one statement retries by itself.
    // 16 KiB pages for a new file (an existing one keeps its size): raw mail
    // and attachments are most of the bytes, and larger pages store them with
    // a quarter of the page and WAL-frame overhead.
    conn.execute_batch("PRAGMA page_size = 16384")?;
    // Bounded in time, not tries: when the busy handler did run (a writer
    // really holds the lock), one attempt already waited the busy timeout.
    let start = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < Duration::from_secs(2) =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            r => {
                r?;
                break;
            }
        }
    }
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -16000;",
    )?;
    Ok(())
}

/// Brings the schema up to date; refuses a newer one.
fn migrate(conn: &mut rusqlite::Connection, path: &Path) -> Result<(), HdError> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql_err(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(failure(format!(
            "database {} has schema version {version}, newer than this hd understands ({SCHEMA_VERSION})",
            path.display()
        ))
        .hint("upgrade hd"));
    }
    // A migration may rebuild a table others refer to, which SQLite does with
    // references unchecked and then checks them all before the commit.
    if version < SCHEMA_VERSION {
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(|e| sql_err(path, e))?;
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sql_err(path, e))?;
        // Another hd may have applied it while this one waited for the lock.
        let applied: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sql_err(path, e))?;
        if applied > i as i64 {
            continue;
        }
        tx.execute_batch(sql).map_err(|e| sql_err(path, e))?;
        let dangling: i64 = tx
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(|e| sql_err(path, e))?;
        if dangling > 0 {
            return Err(failure(format!(
                "database {}: schema upgrade {} would leave {dangling} broken references; nothing was changed",
                path.display(),
                i + 1
            )));
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(|e| sql_err(path, e))?;
        tx.commit().map_err(|e| sql_err(path, e))?;
    }
    conn.execute_batch("PRAGMA foreign_keys = ON")
        .map_err(|e| sql_err(path, e))?;
    Ok(())
}

/// Whether `db` (from `--db`, `HD_DB` or the config) names a PostgreSQL
/// database rather than a file.
pub fn is_postgres_url(db: &Path) -> bool {
    let s = db.to_string_lossy();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

impl Store {
    /// Opens (and creates, when `create`) the database and brings its schema up to date.
    pub fn open(path: &Path, create: bool) -> Result<Store, HdError> {
        if is_postgres_url(path) {
            return Store::open_postgres(&path.to_string_lossy());
        }
        if !path.exists() {
            if !create {
                return Err(
                    usage(format!("no database at {}; run `hd init`", path.display()))
                        .hint("or pass --db PATH (or set HD_DB) to use another database"),
                );
            }
            create_private(path)
                .map_err(|e| failure(format!("cannot create database {}: {e}", path.display())))?;
        }
        let mut raw = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql_err(path, e))?;
        configure(&raw).map_err(|e| sql_err(path, e))?;
        migrate(&mut raw, path)?;
        Ok(Store {
            checkpointer: None,
            conn: Connection::from_sqlite(raw),
            path: path.to_path_buf(),
            after_commit: None,
            hooks_muted: false,
            connector: None,
            growth: None,
        })
    }

    fn open_postgres(url: &str) -> Result<Store, HdError> {
        let shown = PathBuf::from(pg::redact(url));
        let password =
            pg::password(url).map_err(|e| failure(format!("database {}: {e}", shown.display())))?;
        let conn = Connection::connect_postgres(url, password.as_deref()).map_err(|e| {
            let msg = format!("cannot connect to {}: {e}", shown.display());
            if e.is_auth() {
                crate::error::auth(msg)
                    .hint("check the user and the password (URL, PGPASSWORD or ~/.pgpass)")
            } else if e.is_transient() {
                crate::error::tempfail(msg).hint("check that the server runs and the URL is right")
            } else {
                failure(msg).hint("check the URL: host, port and database name")
            }
        })?;
        pg::migrate(&conn, &shown)?;
        Ok(Store {
            checkpointer: None,
            conn,
            path: shown,
            after_commit: None,
            hooks_muted: false,
            connector: Some(Connector {
                url: url.to_string(),
                password,
            }),
            growth: None,
        })
    }

    /// PostgreSQL: how to open another connection to this database.
    pub fn connector(&self) -> Option<Connector> {
        self.connector.clone()
    }

    /// Which engine: "sqlite" or "postgresql".
    pub fn engine(&self) -> &'static str {
        if self.conn.is_postgres() {
            "postgresql"
        } else {
            "sqlite"
        }
    }

    /// Moves checkpoints to a background thread for a long run of write
    /// transactions; [`Store::committed`] after each one asks for a checkpoint.
    /// Without it (it could not start) the connection checkpoints by itself.
    pub fn background_checkpoints(&mut self) {
        if self.checkpointer.is_some() || self.conn.is_postgres() {
            return;
        }
        if let Some(c) = Checkpointer::start(&self.path) {
            // The connection's own checkpoint stays as a backstop for a WAL that
            // grows while the thread lags, at four times the usual size.
            if self
                .conn
                .execute_batch("PRAGMA wal_autocheckpoint = 4000")
                .is_ok()
            {
                self.checkpointer = Some(c);
            }
        }
    }

    /// Tells the background checkpointer, if any, that a transaction committed,
    /// and hands what it changed to the hooks.
    pub fn committed(&mut self) {
        if let Some(c) = &self.checkpointer
            && let Some(s) = &c.signal
        {
            let _ = s.try_send(());
        }
        self.hand_over();
    }

    /// Notes that `messages` were stored and committed. On PostgreSQL, once
    /// the mailboxes have grown by as much again as they held (at least 100
    /// messages), gathers the statistics a sync's lookups are planned by.
    ///
    /// The server's autovacuum gathers them too, but only a minute or more
    /// after a table changed: a first import into an empty database would run
    /// its whole length on plans made for empty tables, which read every
    /// message of the mailbox to find a batch's 100 hashes. Statistics are
    /// proportions, which stay right as a table grows, so they are gathered
    /// at 100, 200, 400, ... messages, and seldom after. Best effort: when
    /// the tables are busy (a lock not granted at once) or not ours to
    /// analyze, the server's own schedule stays.
    pub fn stored(&mut self, messages: usize) {
        // Inside a transaction (a dry run's), nothing is committed to analyze.
        if !self.conn.is_postgres() || messages == 0 || !self.conn.is_autocommit() {
            return;
        }
        let (since, held) = match self.growth {
            Some(g) => g,
            None => {
                let held = self
                    .conn
                    .query_row(
                        "SELECT greatest(reltuples, 0)::bigint FROM pg_class \
                         WHERE oid = 'raw_messages'::regclass",
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap_or(0);
                (0, u64::try_from(held).unwrap_or(0))
            }
        };
        let since = since + messages as u64;
        if since < held.max(100) {
            self.growth = Some((since, held));
            return;
        }
        self.growth = Some((0, held + since));
        let analyzed = self.conn.execute_batch(
            "BEGIN; SET LOCAL lock_timeout = '100ms'; \
             ANALYZE raw_messages (mailbox, hash), interactions (message_id); COMMIT",
        );
        if analyzed.is_err() {
            // The error left the transaction open on the server.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Records the changes hooks listen for from now on and gives them to `f`
    /// once committed: at each [`Store::committed`] and when the store closes.
    pub fn on_commit(&mut self, f: AfterCommit) -> crate::db::Result<()> {
        hooks::record(&self.conn)?;
        self.after_commit = Some(f);
        Ok(())
    }

    /// Hands the committed changes recorded so far to the hooks, and from now
    /// on drops them while `muted` (a mailbox's first sync imports history:
    /// nobody is to be told about years of old mail).
    pub fn mute_hooks(&mut self, muted: bool) {
        self.hand_over();
        self.hooks_muted = muted;
    }

    /// Hands the committed changes recorded so far to the hooks.
    pub fn hand_over(&mut self) {
        if let Some(f) = &mut self.after_commit {
            match hooks::drain(&self.conn) {
                Ok(_) if self.hooks_muted => {}
                Ok(h) if !h.is_empty() => f(h),
                Ok(_) => {}
                Err(e) => eprintln!("hd: warning: hooks: cannot read what changed: {e}"),
            }
        }
    }

    /// Starts a write transaction that takes the write lock up front.
    pub fn write(&mut self) -> crate::db::Result<crate::db::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }
}

/// A number that changes when another connection commits (SQLite's
/// `data_version`); `None` on PostgreSQL, where there is no such number and
/// a caller must assume others wrote.
pub fn data_version(conn: &Connection) -> crate::db::Result<Option<i64>> {
    if conn.is_postgres() {
        return Ok(None);
    }
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
        .map(Some)
}

/// Records one change of a ticket.
pub fn event(
    tx: &Connection,
    ticket_id: i64,
    time: i64,
    actor: &str,
    kind: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> crate::db::Result<()> {
    events(tx, ticket_id, time, &[(actor, kind, old, new)])
}

/// Records several changes of one ticket at one time, in order, with as few
/// statements as possible (a routed message makes four or five at once).
/// Each change is (actor, kind, old, new).
pub fn events<'a>(
    tx: &Connection,
    ticket_id: i64,
    time: i64,
    changes: &[(&'a str, &'a str, Option<&'a str>, Option<&'a str>)],
) -> crate::db::Result<()> {
    const MAX_ROWS: usize = 8;
    for chunk in changes.chunks(MAX_ROWS) {
        let mut sql =
            String::from("INSERT INTO events (ticket_id, time, actor, kind, old, new) VALUES ");
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 6);
        for (i, (actor, kind, old, new)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?)");
            values.extend([
                &ticket_id as &dyn crate::db::ToSql,
                &time,
                actor,
                kind,
                old,
                new,
            ]);
        }
        tx.prepare_cached(&sql)?.write(values.as_slice())?;
    }
    Ok(())
}

/// Finds or creates the contact of an address, filling in a name when we learn one.
pub fn upsert_contact(tx: &Connection, email: &str, name: Option<&str>) -> crate::db::Result<i64> {
    let email = email.trim().to_lowercase();
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Ok(id) = tx
        .prepare_cached("SELECT id FROM contacts WHERE email = ?1")?
        .query_row([&email], |r| r.get::<_, i64>(0))
    {
        if let Some(n) = name {
            name_contact(tx, id, n)?;
        }
        return Ok(id);
    }
    insert_contact(tx, &email, name)
}

/// Stores a new contact for a lower-case address, its company the domain.
pub fn insert_contact(tx: &Connection, email: &str, name: Option<&str>) -> crate::db::Result<i64> {
    let company = email.rsplit_once('@').map(|(_, d)| d.to_string());
    // RETURNING, not last_insert_rowid(): one round trip on PostgreSQL, not two.
    tx.prepare_cached(
        "INSERT INTO contacts (email, name, company) VALUES (?1, ?2, ?3) RETURNING id",
    )?
    .query_row(crate::db::params![email, name, company], |r| r.get(0))
}

/// [`insert_contact`] with an id reserved ahead ([`batch::reserve_ids`]).
pub fn insert_contact_as(
    tx: &Connection,
    id: i64,
    email: &str,
    name: Option<&str>,
) -> crate::db::Result<()> {
    let company = email.rsplit_once('@').map(|(_, d)| d.to_string());
    tx.prepare_cached("INSERT INTO contacts (id, email, name, company) VALUES (?1, ?2, ?3, ?4)")?
        .write(crate::db::params![id, email, name, company])
}

/// Gives a contact without a name this one.
pub fn name_contact(tx: &Connection, id: i64, name: &str) -> crate::db::Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET name = ?2 WHERE id = ?1 AND (name IS NULL OR name = '')",
    )?
    .write(crate::db::params![id, name])
}

/// Blobs at least this big are written in pieces into a `zeroblob` rather
/// than bound whole, which would make SQLite copy all of it first.
pub const STREAMED_BLOB: usize = 256 * 1024;

/// Writes `data` into the `data` column of the row `rowid` of `table`, which
/// was inserted with `zeroblob(data.len())`, a megabyte at a time.
pub fn fill_blob(tx: &Connection, table: &str, rowid: i64, data: &[u8]) -> crate::db::Result<()> {
    const PIECE: usize = 1 << 20;
    let Some(tx) = tx.sqlite() else {
        return Err(crate::db::Error::Other("blob I/O is SQLite's".into()));
    };
    let mut blob = tx.blob_open("main", table, "data", rowid, false)?;
    for (i, piece) in data.chunks(PIECE).enumerate() {
        blob.write_at(piece, i * PIECE)?;
    }
    Ok(())
}

/// Stores attachment content once per hash (its SHA-256 in hex, computed by the
/// caller, which for mail is the parsing thread) and links it to an interaction.
pub fn add_attachment(
    tx: &Connection,
    interaction_id: i64,
    name: &str,
    content_type: &str,
    data: &[u8],
    hash: &str,
) -> crate::db::Result<()> {
    if data.len() < STREAMED_BLOB || tx.is_postgres() {
        tx.prepare_cached("INSERT OR IGNORE INTO blobs (hash, data) VALUES (?1, ?2)")?
            .write(crate::db::params![hash, data])?;
    } else {
        let added = tx
            .prepare_cached("INSERT OR IGNORE INTO blobs (hash, data) VALUES (?1, zeroblob(?2))")?
            .execute(crate::db::params![hash, data.len() as i64])?;
        if added == 1 {
            fill_blob(tx, "blobs", tx.last_insert_rowid(), data)?;
        }
    }
    tx.prepare_cached(
        "INSERT INTO attachments (interaction_id, name, content_type, size, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .write(crate::db::params![
        interaction_id,
        name,
        content_type,
        data.len() as i64,
        hash
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    #[test]
    fn several_events_are_stored_in_order_across_statements() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("hd.db"), true).unwrap();
        let tx = store.write().unwrap();
        tx.execute_batch(
            "INSERT INTO tickets (prefix, number, queue, status, subject, created, updated) \
             VALUES ('REQ', 1, 'support', 'queued', 's', 5, 5)",
        )
        .unwrap();
        let tags: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        let mut rows: Vec<(&str, &str, Option<&str>, Option<&str>)> = tags
            .iter()
            .map(|t| ("rule:a", "tag", None, Some(t.as_str())))
            .collect();
        rows.insert(0, ("rule:a", "priority", Some("normal"), Some("high")));
        events(&tx, 1, 7, &rows).unwrap();
        events(&tx, 1, 8, &[]).unwrap();
        type Row = (i64, i64, String, String, Option<String>, Option<String>);
        let got: Vec<Row> = tx
            .prepare("SELECT ticket_id, time, actor, kind, old, new FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want: Vec<_> = rows
            .iter()
            .map(|(a, k, o, n)| {
                (
                    1,
                    7,
                    a.to_string(),
                    k.to_string(),
                    o.map(str::to_string),
                    n.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn background_checkpoints_copy_commits_into_the_file_and_leave_no_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hd.db");
        let mut store = Store::open(&path, true).unwrap();
        store.background_checkpoints();
        let before = file_len(&path);
        // 4 MB in 40 commits: far below the connection's own checkpoint (4000
        // pages), so only the background thread moves them into the file.
        for i in 0..40 {
            let tx = store.write().unwrap();
            tx.execute(
                "INSERT INTO blobs (hash, data) VALUES (?1, zeroblob(100000))",
                [format!("h{i}")],
            )
            .unwrap();
            tx.commit().unwrap();
            store.committed();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while file_len(&path) < before + 4_000_000 && std::time::Instant::now() < deadline {
            store.committed();
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            file_len(&path) >= before + 4_000_000,
            "database file stayed at {} bytes",
            file_len(&path)
        );
        drop(store);
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists(), "the WAL outlived the store");
        let conn = Connection::open(&path).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 40);
    }
}
