//! The PostgreSQL side of the driver: connecting, statements translated and
//! prepared once per connection, writes held back and pipelined, and values converted to and from the types
//! the server infers (every integer column is BIGINT, but an expression such as
//! `$1 + 1` is int4 and `sum()` numeric).

use std::cell::{Cell as StdCell, RefCell};
use std::collections::HashMap;
use std::collections::VecDeque;
use std::error::Error as StdError;
use std::rc::Rc;
use std::str::FromStr;
use std::time::Duration;

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::Poll;

use bytes::BytesMut;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{Error as PgError, Row, Statement};

use super::coalesce::{self, Entry, Shape, Step, Tables};
use super::translate::to_postgres;
use super::{Error, Result, Value, ValueRef};

/// The advisory lock every immediate write transaction holds until it ends:
/// writers queue on it as SQLite's writers queue on the database's write lock.
pub const WRITER_LOCK: i64 = 0x6864_0001;

/// Statements prepared on one connection, by their SQLite text.
const CACHE_LIMIT: usize = 512;

pub struct Client {
    /// Dropped before [`Client::session`] (fields drop in order), which ends
    /// the session; shared with the FETCHes in [`Client::ahead`].
    client: Rc<tokio_postgres::Client>,
    /// Prepared statements by their SQLite text, with the table each inserts into.
    cache: RefCell<HashMap<String, (Prepared, Option<String>)>>,
    /// Multi-row INSERTs that held-back rows are gathered into, by their text.
    gathered: RefCell<HashMap<String, Statement>>,
    /// What the catalog says about the tables, for gathering: read once;
    /// `Some(None)` when it could not be (nothing is gathered then).
    catalog: RefCell<Option<Option<Vec<CatalogRow>>>>,
    /// [`Tables`] from the catalog, and whether hooks were recorded then.
    tables: RefCell<Option<(bool, Rc<Tables>)>>,
    /// This session records hooks ([`Client::record_hooks`]).
    hooks: StdCell<bool>,
    pub in_transaction: StdCell<bool>,
    /// Inside a scratch transaction ([`Client::begin_scratch`]), where the
    /// caller's transactions are savepoints.
    scratch: StdCell<bool>,
    /// The table of the last INSERT run, for [`Client::last_insert_id`].
    last_insert: RefCell<Option<String>>,
    /// Work whose answer nobody waits for, sent ahead of the next request
    /// in the same round trip (see [`Client::defer`]).
    pending: RefCell<Vec<Pending>>,
    /// A request of the open transaction failed: the server has aborted it,
    /// and a COMMIT would quietly roll it back.
    failed: StdCell<bool>,
    /// The cursors open now, by number (`hd_rows`, `hd_rows1`, ...): a
    /// report reads several side by side.
    cursors: RefCell<Vec<bool>>,
    /// The read-only transaction the open cursors began for themselves,
    /// ended when the last of them closes.
    cursor_transaction: StdCell<bool>,
    /// FETCHes sent ahead of need, by ticket, in the order sent. The server
    /// answers in that order and the connection hands each answer over only
    /// once the one before it is taken, so every request waits for these
    /// first ([`Client::drain_ahead`]).
    ahead: RefCell<VecDeque<(u64, Fetch)>>,
    /// Their answers, taken from the connection, not yet read by their cursor.
    answered: RefCell<HashMap<u64, std::result::Result<Vec<Row>, PgError>>>,
    tickets: StdCell<u64>,
    session: Session,
}

type Fetch = Pin<Box<dyn Future<Output = std::result::Result<Vec<Row>, PgError>>>>;

/// The runtime the connection's task and every request run on, one thread:
/// the caller's, inside [`Client::round_trip`].
struct Session {
    rt: tokio::runtime::Runtime,
    connection: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Session {
    fn drop(&mut self) {
        // The client is gone: the connection sends Terminate and ends; its
        // task gets a moment to do so.
        if let Some(connection) = self.connection.take() {
            let _ = self
                .rt
                .block_on(async { tokio::time::timeout(Duration::from_secs(2), connection).await });
        }
    }
}

/// TLS set up only when the server agrees to it. Building a native-tls
/// connector reads the system's whole certificate store (tens of
/// milliseconds, most of a short command's time), which a server without TLS
/// (`sslmode=prefer`, the default) or `sslmode=disable` never needs.
#[derive(Clone, Copy)]
struct LazyTls;

struct LazyTlsConnect {
    domain: String,
}

impl<S> tokio_postgres::tls::MakeTlsConnect<S> for LazyTls
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    type Stream = postgres_native_tls::TlsStream<S>;
    type TlsConnect = LazyTlsConnect;
    type Error = native_tls::Error;

    fn make_tls_connect(
        &mut self,
        domain: &str,
    ) -> std::result::Result<LazyTlsConnect, native_tls::Error> {
        Ok(LazyTlsConnect {
            domain: domain.to_string(),
        })
    }
}

impl<S> tokio_postgres::tls::TlsConnect<S> for LazyTlsConnect
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    type Stream = postgres_native_tls::TlsStream<S>;
    type Error = native_tls::Error;
    type Future =
        Pin<Box<dyn Future<Output = std::result::Result<Self::Stream, native_tls::Error>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            let connector = native_tls::TlsConnector::new()?;
            postgres_native_tls::TlsConnector::new(connector, &self.domain)
                .connect(stream)
                .await
        })
    }
}

/// A prepared statement and what it does, for gathering held-back writes.
#[derive(Clone)]
pub struct Prepared {
    st: Statement,
    shape: Rc<Shape>,
}

impl std::ops::Deref for Prepared {
    type Target = Statement;
    fn deref(&self) -> &Statement {
        &self.st
    }
}

/// A request held back until the next round trip.
enum Pending {
    Write(Statement, Rc<Shape>, Vec<Value>),
    /// What opens a transaction or a savepoint.
    Begin(String),
}

/// With `HD_DEBUG_SQL` set, prints the SQL PostgreSQL refused.
fn debug_refused(pg: &str) {
    if std::env::var_os("HD_DEBUG_SQL").is_some() {
        eprintln!("hd: debug: PostgreSQL refused: {pg}");
    }
}

/// The table an INSERT statement writes to.
fn insert_target(sql: &str) -> Option<String> {
    let mut words = sql.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("INSERT") {
        return None;
    }
    let mut w = words.next()?;
    if w.eq_ignore_ascii_case("OR") {
        words.next()?;
        w = words.next()?;
    }
    if !w.eq_ignore_ascii_case("INTO") {
        return None;
    }
    let table = words.next()?;
    let table = table.split('(').next()?;
    Some(table.trim_matches('"').to_string())
}

pub fn describe(e: &PgError) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = db.message().to_string();
        if let Some(d) = db.detail() {
            s.push_str(": ");
            s.push_str(d);
        }
        return s;
    }
    if e.is_closed() {
        return "the PostgreSQL connection was closed".into();
    }
    match e.source() {
        Some(src) => format!("{e}: {src}"),
        None => e.to_string(),
    }
}

pub fn is_transient(e: &PgError) -> bool {
    use tokio_postgres::error::SqlState;
    if e.is_closed() {
        return true;
    }
    match e.code() {
        Some(c) => [
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::LOCK_NOT_AVAILABLE,
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::QUERY_CANCELED,
        ]
        .contains(c),
        // No answer from the server at all: connecting, or the socket broke.
        None => e.as_db_error().is_none(),
    }
}

type Request<'a> = Pin<Box<dyn Future<Output = std::result::Result<(), PgError>> + 'a>>;

/// Runs `requests` and then `last`, sending each one's messages before the
/// next is started (tokio-postgres sends a request when its future is first
/// polled), so they all go out together and the server answers them in
/// order. The first error wins: after it, the server refuses the rest of
/// the transaction anyway.
async fn in_order<T>(
    mut requests: Vec<Request<'_>>,
    last: impl Future<Output = std::result::Result<T, PgError>>,
) -> std::result::Result<T, PgError> {
    let mut last = pin!(last);
    let mut first_error = None;
    let mut answer = None;
    let mut done = 0;
    std::future::poll_fn(|cx| {
        while done < requests.len() {
            match requests[done].as_mut().poll(cx) {
                Poll::Ready(r) => {
                    if let Err(e) = r {
                        first_error.get_or_insert(e);
                    }
                    done += 1;
                }
                Poll::Pending => break,
            }
        }
        // Later requests were not polled yet: started in order, one at a
        // time, until one waits for its answer; then all the rest go out.
        for r in requests.iter_mut().skip(done + 1) {
            let _ = r.as_mut().poll(cx);
        }
        if answer.is_none()
            && let Poll::Ready(r) = last.as_mut().poll(cx)
        {
            answer = Some(r);
        }
        if done == requests.len() && answer.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    match (first_error, answer) {
        (Some(e), _) => Err(e),
        (None, Some(r)) => r,
        (None, None) => unreachable!("polled until answered"),
    }
}

impl Client {
    pub fn connect(url: &str, password: Option<&str>) -> Result<Client> {
        Client::connect_as(url, password, "hd")
    }

    /// [`Client::connect`], named `application_name` in the server's
    /// activity view unless the URL names it.
    pub fn connect_as(url: &str, password: Option<&str>, application_name: &str) -> Result<Client> {
        let mut config = tokio_postgres::Config::from_str(url)
            .map_err(|e| Error::Other(format!("bad URL: {e}")))?;
        if config.get_password().is_none()
            && let Some(p) = password
        {
            config.password(p);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        // lock_timeout, as SQLite's busy timeout: a lock held longer (a
        // stopped process) is an error, exit 75, never a wait without end.
        // jit and parallel workers off: hd's statements read a page or a
        // ticket and are done in milliseconds, where compiling a plan costs
        // tens of them, and workers racing down an index for the first 50
        // matches read ten times the rows one process would (bulk reads go
        // through cursors, which PostgreSQL never runs in parallel anyway).
        if config.get_options().is_none() {
            config.options("-c lock_timeout=10s -c jit=off -c max_parallel_workers_per_gather=0");
        }
        if config.get_application_name().is_none() {
            config.application_name(application_name);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("PostgreSQL client runtime: {e}")))?;
        let (client, connection) = rt.block_on(config.connect(LazyTls))?;
        // The connection's task runs whenever this thread waits for an answer.
        let connection = rt.spawn(async move {
            let _ = connection.await;
        });
        Ok(Client {
            client: Rc::new(client),
            cache: RefCell::new(HashMap::new()),
            gathered: RefCell::new(HashMap::new()),
            catalog: RefCell::new(None),
            tables: RefCell::new(None),
            hooks: StdCell::new(false),
            in_transaction: StdCell::new(false),
            scratch: StdCell::new(false),
            last_insert: RefCell::new(None),
            pending: RefCell::new(Vec::new()),
            failed: StdCell::new(false),
            cursors: RefCell::new(Vec::new()),
            cursor_transaction: StdCell::new(false),
            ahead: RefCell::new(VecDeque::new()),
            answered: RefCell::new(HashMap::new()),
            tickets: StdCell::new(0),
            session: Session {
                rt,
                connection: Some(connection),
            },
        })
    }

    /// Sends what is pending and then `last`, in one round trip, and waits
    /// for all the answers.
    fn round_trip<'s, T>(
        &'s self,
        last: impl Future<Output = std::result::Result<T, PgError>> + 's,
    ) -> Result<T> {
        self.drain_ahead();
        let pending = self.gather(self.pending.take());
        let client = &self.client;
        let requests: Vec<Request<'_>> = pending
            .iter()
            .map(|p| -> Request<'_> {
                match p {
                    Pending::Write(st, _, values) => Box::pin(async move {
                        let params = Params(values.iter().map(|v| Param(v.as_ref())).collect());
                        client.execute(st, &params.refs()).await.map(drop)
                    }),
                    Pending::Begin(sql) => Box::pin(client.batch_execute(sql)),
                }
            })
            .collect();
        let answer = self.session.rt.block_on(in_order(requests, last));
        if answer.is_err() && self.in_transaction.get() {
            self.failed.set(true);
        }
        Ok(answer?)
    }

    /// Holds a write back until the next round trip, inside a transaction
    /// (where its error, if any, fails the transaction all the same);
    /// outside one it runs at once.
    pub fn defer(&self, st: &Prepared, values: &[ValueRef<'_>]) -> Result<()> {
        if !self.in_transaction.get() {
            return self.execute(st, values).map(drop);
        }
        let owned = values.iter().map(|v| Value::from(*v)).collect();
        self.pending
            .borrow_mut()
            .push(Pending::Write(st.st.clone(), Rc::clone(&st.shape), owned));
        Ok(())
    }

    pub fn prepare(&self, sql: &str) -> Result<Prepared> {
        // Translated only when not prepared yet: a sync asks for its few
        // statements tens of thousands of times.
        match self.cached(sql) {
            Some(st) => Ok(st),
            None => self.prepare_as(sql, &to_postgres(sql)),
        }
    }

    /// The statement prepared under the key `sql`, if it is.
    fn cached(&self, sql: &str) -> Option<Prepared> {
        let cache = self.cache.borrow();
        let (st, target) = cache.get(sql)?;
        if target.is_some() {
            self.last_insert.replace(target.clone());
        }
        Some(st.clone())
    }

    /// Prepares `sql` for one use, not cached: its first execution is planned
    /// for its values, and dropping it closes it on the server.
    pub fn prepare_once(&self, sql: &str) -> Result<Prepared> {
        let pg = to_postgres(sql);
        let st = self
            .round_trip(self.client.prepare(&pg))
            .inspect_err(|_| debug_refused(&pg))?;
        Ok(Prepared {
            st,
            shape: Rc::new(Shape::Other),
        })
    }

    /// Prepares `pg`, cached under the key `sql`.
    fn prepare_as(&self, sql: &str, pg: &str) -> Result<Prepared> {
        if let Some(st) = self.cached(sql) {
            return Ok(st);
        }
        let key = sql.to_string();
        let client = &self.client;
        let st = self
            .round_trip(client.prepare(pg))
            .inspect_err(|_| debug_refused(pg))?;
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        let target = insert_target(sql);
        if target.is_some() {
            self.last_insert.replace(target.clone());
        }
        let prepared = Prepared {
            st,
            shape: Rc::new(coalesce::shape(pg)),
        };
        cache.insert(key, (prepared.clone(), target));
        Ok(prepared)
    }

    pub fn execute(&self, st: &Statement, values: &[ValueRef<'_>]) -> Result<usize> {
        let params = Params::new(values);
        let refs = params.refs();
        let n = self.round_trip(self.client.execute(st, &refs))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub fn query(&self, st: &Statement, values: &[ValueRef<'_>]) -> Result<Vec<Row>> {
        let params = Params::new(values);
        let refs = params.refs();
        self.round_trip(self.client.query(st, &refs))
    }

    /// The first column of the first row of `sql`, sent as a simple query:
    /// one round trip, nothing prepared. `None` when there is no row or it is NULL.
    pub fn simple_value(&self, sql: &str) -> Result<Option<String>> {
        let messages = self.round_trip(self.client.simple_query(sql))?;
        Ok(messages.iter().find_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        }))
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        let pg = to_postgres(sql);
        self.round_trip(self.client.batch_execute(&pg))
            .inspect_err(|_| debug_refused(&pg))
    }

    /// The id the last INSERT gave its row: the current value, in this
    /// session, of that table's id sequence (not `lastval()`, which a trigger
    /// writing elsewhere would move); 0 when there is none.
    pub fn last_insert_id(&self) -> i64 {
        let Some(table) = self.last_insert.borrow().clone() else {
            return 0;
        };
        self.round_trip(self.client.query_one(
            "SELECT currval(pg_get_serial_sequence($1, 'id'))",
            &[&table],
        ))
        .and_then(|r| Ok(r.try_get::<_, i64>(0)?))
        .unwrap_or(0)
    }

    /// Opens a transaction. Its BEGIN goes with its first request: a
    /// transaction that only writes costs one round trip, at its commit.
    pub fn begin(&self, immediate: bool) -> Result<()> {
        let sql = if self.scratch.get() {
            "SAVEPOINT hd_tx".to_string()
        } else if immediate {
            format!("BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})")
        } else {
            "BEGIN".to_string()
        };
        self.pending.borrow_mut().push(Pending::Begin(sql));
        if !self.scratch.get() {
            self.in_transaction.set(true);
        }
        Ok(())
    }

    pub fn end(&self, commit: bool) -> Result<()> {
        let sql = match (self.scratch.get(), commit) {
            (true, true) => "RELEASE SAVEPOINT hd_tx",
            (true, false) => "ROLLBACK TO SAVEPOINT hd_tx; RELEASE SAVEPOINT hd_tx",
            (false, true) => "COMMIT",
            (false, false) => "ROLLBACK",
        };
        if commit && self.failed.get() {
            // Whoever met the error let it pass: the commit must not.
            self.end(false)?;
            return Err(Error::Other(
                "the transaction was rolled back: a statement in it failed".into(),
            ));
        }
        if !self.scratch.get() {
            self.in_transaction.set(false);
        }
        self.failed.set(false);
        if !commit {
            // What was held back since the transaction began is dropped
            // unsent; one whose BEGIN never went out needs no ROLLBACK.
            let mut pending = self.pending.borrow_mut();
            if let Some(at) = pending.iter().rposition(|p| matches!(p, Pending::Begin(_))) {
                pending.truncate(at);
                return Ok(());
            }
            pending.clear();
        }
        self.round_trip(self.client.batch_execute(sql))
    }
}

/// A gathered step's statements, each with the number of values it takes.
type Chunks = Vec<(usize, Statement)>;

/// A row of [`CATALOG`]: `fk`, child, parent or `tg`, table, trigger.
type CatalogRow = (String, String, String);

/// The catalog rows [`Tables`] is built from: foreign keys and triggers.
const CATALOG: &str = "SELECT 'fk', conrelid::regclass::text, confrelid::regclass::text \
     FROM pg_constraint WHERE contype = 'f' \
     UNION ALL SELECT 'tg', tgrelid::regclass::text, tgname::text \
     FROM pg_trigger WHERE NOT tgisinternal";

impl Client {
    /// Tells the driver this session records hooks (or stopped): while it
    /// does, writes to tables with hook triggers keep their order.
    pub fn record_hooks(&self, on: bool) {
        self.hooks.set(on);
    }

    /// The tables as gathering needs them; `None` when the catalog cannot
    /// be read (nothing is gathered then).
    fn tables(&self) -> Option<Rc<Tables>> {
        let hooks = self.hooks.get();
        if let Some((h, t)) = &*self.tables.borrow()
            && *h == hooks
        {
            return Some(Rc::clone(t));
        }
        if self.catalog.borrow().is_none() {
            let read = self.session.rt.block_on(self.client.simple_query(CATALOG));
            if read.is_err() && self.in_transaction.get() {
                // The error ended the open transaction on the server.
                self.failed.set(true);
            }
            let rows = read.ok().map(|messages| {
                messages
                    .iter()
                    .filter_map(|m| match m {
                        tokio_postgres::SimpleQueryMessage::Row(r) => Some((
                            r.get(0)?.to_string(),
                            r.get(1)?.to_string(),
                            r.get(2)?.to_string(),
                        )),
                        _ => None,
                    })
                    .collect()
            });
            self.catalog.replace(Some(rows));
        }
        let catalog = self.catalog.borrow();
        let rows = catalog
            .as_ref()
            .and_then(Option::as_ref)?
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()));
        let tables = Rc::new(Tables::from_catalog(rows, hooks));
        self.tables.replace(Some((hooks, Rc::clone(&tables))));
        Some(tables)
    }

    /// Gathers held-back INSERTs into multi-row ones ([`coalesce`]): the
    /// requests to send instead of `pending`, in order.
    fn gather(&self, pending: Vec<Pending>) -> Vec<Pending> {
        let rows = pending
            .iter()
            .filter(|p| matches!(p, Pending::Write(_, s, _) if matches!(**s, Shape::Rows(_))))
            .count();
        if rows < 2 || self.failed.get() {
            return pending;
        }
        let Some(tables) = self.tables() else {
            return pending;
        };
        let entries: Vec<Entry<'_>> = pending
            .iter()
            .map(|p| match p {
                Pending::Write(_, shape, values) => Entry::Write(shape, values),
                Pending::Begin(_) => Entry::Barrier,
            })
            .collect();
        let steps = coalesce::plan(&entries, &tables);
        if steps.len() == pending.len() {
            return pending;
        }
        if self.gathered.borrow().len() >= CACHE_LIMIT {
            self.gathered.borrow_mut().clear();
        }
        // Each gathered step: its statement shape and its chunk sizes.
        let mut chunks: Vec<Option<(coalesce::Rows, Vec<usize>)>> = Vec::with_capacity(steps.len());
        let mut missing: Vec<String> = Vec::new();
        for step in &steps {
            let Step::Gathered(members) = step else {
                chunks.push(None);
                continue;
            };
            let Entry::Write(Shape::Rows(shape), _) = &entries[members[0]] else {
                chunks.push(None);
                continue;
            };
            let total: usize = members
                .iter()
                .map(|&m| match &entries[m] {
                    Entry::Write(_, values) => values.len() / shape.width,
                    Entry::Barrier => 0,
                })
                .sum();
            let mut sizes = Vec::new();
            let mut left = total;
            while left > 0 {
                let size = 1 << left.min(shape.max_rows()).ilog2();
                let sql = shape.sql(size);
                if !self.gathered.borrow().contains_key(&sql) && !missing.contains(&sql) {
                    missing.push(sql);
                }
                sizes.push(size);
                left -= size;
            }
            chunks.push(Some((shape.clone(), sizes)));
        }
        drop(entries);
        if !missing.is_empty() && self.prepare_gathered(&missing).is_err() {
            return pending;
        }
        // Each chunk's statement, found before anything is taken apart: with
        // one missing, everything goes as it was.
        let mut statements: Vec<Option<Chunks>> = Vec::with_capacity(chunks.len());
        {
            let gathered = self.gathered.borrow();
            for chunk in &chunks {
                let Some((shape, sizes)) = chunk else {
                    statements.push(None);
                    continue;
                };
                let mut found = Vec::with_capacity(sizes.len());
                for &size in sizes {
                    let Some(st) = gathered.get(&shape.sql(size)) else {
                        return pending;
                    };
                    found.push((size * shape.width, st.clone()));
                }
                statements.push(Some(found));
            }
        }
        let mut slots: Vec<Option<Pending>> = pending.into_iter().map(Some).collect();
        let mut out = Vec::with_capacity(steps.len());
        for (step, chunk) in steps.iter().zip(statements) {
            match (step, chunk) {
                (Step::Gathered(members), Some(sized)) => {
                    let mut values: Vec<Value> = Vec::new();
                    for &m in members {
                        if let Some(Pending::Write(_, _, v)) = slots[m].take() {
                            values.extend(v);
                        }
                    }
                    let mut values = values.into_iter();
                    for (n, st) in sized {
                        let part: Vec<Value> = values.by_ref().take(n).collect();
                        out.push(Pending::Write(st, Rc::new(Shape::Other), part));
                    }
                }
                (Step::Keep(i), _) => out.extend(slots[*i].take()),
                (Step::Gathered(members), None) => {
                    out.extend(members.iter().filter_map(|&m| slots[m].take()));
                }
            }
        }
        out
    }

    /// Prepares the multi-row statements `sqls`, all in one round trip.
    fn prepare_gathered(&self, sqls: &[String]) -> Result<()> {
        let client = &self.client;
        let prepared: RefCell<Vec<(String, Statement)>> = RefCell::new(Vec::new());
        let requests: Vec<Request<'_>> = sqls
            .iter()
            .map(|sql| -> Request<'_> {
                let prepared = &prepared;
                Box::pin(async move {
                    let st = client
                        .prepare(sql)
                        .await
                        .inspect_err(|_| debug_refused(sql))?;
                    prepared.borrow_mut().push((sql.clone(), st));
                    Ok(())
                })
            })
            .collect();
        self.session
            .rt
            .block_on(in_order(requests, async { Ok(()) }))?;
        self.gathered.borrow_mut().extend(prepared.into_inner());
        Ok(())
    }
}

/// Rows read through a cursor a chunk at a time ([`Client::cursor`]), so a
/// listing of millions of rows never sits in memory whole.
pub struct Cursor<'c> {
    client: &'c Client,
    rows: std::collections::VecDeque<Row>,
    done: bool,
    /// Its number among the open cursors, which names it.
    slot: usize,
    /// `FETCH n FROM` it, prepared once.
    fetch: Option<Prepared>,
    /// The ticket of its next chunk, asked for before the caller has read
    /// this one: the server reads and sends it while the caller works on the
    /// rows it has.
    ahead: Option<u64>,
}

/// Rows fetched at a time.
const FETCH: usize = 2000;

/// The name of the cursor in `slot`.
fn cursor_name(slot: usize) -> String {
    match slot {
        0 => "hd_rows".to_string(),
        n => format!("hd_rows{n}"),
    }
}

impl Client {
    /// Opens a cursor over a query (SQLite text), inside the open transaction
    /// or a read-only one the open cursors share.
    pub fn cursor(&self, sql: &str, values: &[ValueRef<'_>]) -> Result<Cursor<'_>> {
        if !self.in_transaction.get() {
            self.pending
                .borrow_mut()
                .push(Pending::Begin("BEGIN READ ONLY".into()));
            self.in_transaction.set(true);
            self.cursor_transaction.set(true);
        }
        let slot = {
            let mut cursors = self.cursors.borrow_mut();
            let slot = cursors
                .iter()
                .position(|open| !open)
                .unwrap_or(cursors.len());
            if slot == cursors.len() {
                cursors.push(true);
            } else {
                cursors[slot] = true;
            }
            slot
        };
        let mut cursor = Cursor {
            client: self,
            rows: Default::default(),
            done: false,
            slot,
            fetch: None,
            ahead: None,
        };
        let name = cursor_name(slot);
        let st = self.prepare_as(
            &format!("DECLARE {name} {sql}"),
            &format!("DECLARE {name} NO SCROLL CURSOR FOR {}", to_postgres(sql)),
        )?;
        self.execute(&st, values)?;
        let fetch = format!("FETCH {FETCH} FROM {name}");
        cursor.fetch = Some(self.prepare_as(&fetch, &fetch)?);
        Ok(cursor)
    }
}

impl Cursor<'_> {
    pub fn next(&mut self) -> Result<Option<Row>> {
        if self.rows.is_empty() && !self.done {
            let c = self.client;
            let ticket = match self.ahead.take() {
                Some(ticket) => ticket,
                None => self.send_fetch(),
            };
            let rows = c.answer(ticket).inspect_err(|_| c.failed.set(true))?;
            self.done = rows.len() < FETCH;
            self.rows = rows.into();
            if !self.done {
                self.ahead = Some(self.send_fetch());
            }
        }
        Ok(self.rows.pop_front())
    }

    /// Sends the next FETCH and lets the connection write it out, without
    /// waiting for the answer; returns its ticket for [`Client::answer`].
    fn send_fetch(&self) -> u64 {
        let c = self.client;
        let client = Rc::clone(&c.client);
        let st = self.fetch.as_ref().map(|p| p.st.clone());
        c.send_ahead(Box::pin(async move {
            match st {
                Some(st) => client.query(&st, &[]).await,
                None => Ok(Vec::new()),
            }
        }))
    }
}

impl Client {
    /// Sends a query now without waiting for its rows: the server works on
    /// it while the caller goes on. Returns the ticket [`Client::take`]
    /// waits for them with.
    pub fn query_ahead(&self, st: &Prepared, values: Vec<Value>) -> u64 {
        let client = Rc::clone(&self.client);
        let st = st.st.clone();
        self.send_ahead(Box::pin(async move {
            let params = Params(values.iter().map(|v| Param(v.as_ref())).collect());
            client.query(&st, &params.refs()).await
        }))
    }

    /// The rows of a query sent with [`Client::query_ahead`].
    pub fn take(&self, ticket: u64) -> Result<Vec<Row>> {
        self.answer(ticket)
    }

    /// Hands `fetch` to the connection and lets it write it out; returns its
    /// ticket for [`Client::answer`].
    fn send_ahead(&self, mut fetch: Fetch) -> u64 {
        let ticket = self.tickets.get() + 1;
        self.tickets.set(ticket);
        // The first poll hands the request to the connection's task...
        let answer = self.session.rt.block_on(std::future::poll_fn(|cx| {
            Poll::Ready(match fetch.as_mut().poll(cx) {
                Poll::Ready(answer) => Some(answer),
                Poll::Pending => None,
            })
        }));
        match answer {
            Some(answer) => {
                self.answered.borrow_mut().insert(ticket, answer);
            }
            None => {
                // ...which runs, and sends it (and reads what the server
                // answered meanwhile), while this thread yields.
                self.session.rt.block_on(tokio::task::yield_now());
                self.ahead.borrow_mut().push_back((ticket, fetch));
            }
        }
        ticket
    }
}

impl Client {
    /// Waits for every FETCH sent ahead, keeping the answers for their cursors.
    fn drain_ahead(&self) {
        while self.take_oldest_fetch() {}
    }

    /// Waits for the oldest FETCH sent ahead and keeps its answer; false
    /// when none is waiting.
    fn take_oldest_fetch(&self) -> bool {
        let Some((ticket, fetch)) = self.ahead.borrow_mut().pop_front() else {
            return false;
        };
        let answer = self.session.rt.block_on(fetch);
        self.answered.borrow_mut().insert(ticket, answer);
        true
    }

    /// The answer to the FETCH with `ticket`.
    fn answer(&self, ticket: u64) -> Result<Vec<Row>> {
        loop {
            if let Some(answer) = self.answered.borrow_mut().remove(&ticket) {
                return Ok(answer?);
            }
            if !self.take_oldest_fetch() {
                return Err(Error::Other(format!("no FETCH {ticket} is waiting")));
            }
        }
    }
}

impl Drop for Cursor<'_> {
    fn drop(&mut self) {
        let c = self.client;
        // A FETCH still on its way is waited for and its rows dropped.
        if let Some(ticket) = self.ahead.take() {
            let _ = c.answer(ticket);
        }
        let last = {
            let mut cursors = c.cursors.borrow_mut();
            if let Some(open) = cursors.get_mut(self.slot) {
                *open = false;
            }
            !cursors.contains(&true)
        };
        if last && c.cursor_transaction.get() {
            // Ending the transaction closes the cursors.
            c.cursor_transaction.set(false);
            let _ = c.end(false);
        } else {
            let close = format!("CLOSE {}", cursor_name(self.slot));
            let _ = c.round_trip(c.client.batch_execute(&close));
        }
    }
}

impl Client {
    /// Opens a transaction that [`Client::end_scratch`] rolls back; until
    /// then the caller's transactions commit into it (a dry run).
    pub fn begin_scratch(&self) -> Result<()> {
        self.begin(true)?;
        self.scratch.set(true);
        Ok(())
    }

    /// Throws away everything since [`Client::begin_scratch`].
    pub fn end_scratch(&self) -> Result<()> {
        self.scratch.set(false);
        self.end(false)
    }
}

/// The parameters of one execution, typed as the server asks.
struct Params<'a>(Vec<Param<'a>>);

impl<'a> Params<'a> {
    fn new(values: &[ValueRef<'a>]) -> Params<'a> {
        Params(values.iter().map(|v| Param(*v)).collect())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
    }
}

#[derive(Debug)]
struct Param<'a>(ValueRef<'a>);

type BoxError = Box<dyn StdError + Sync + Send>;

fn mismatch(v: &str, ty: &Type) -> BoxError {
    format!("cannot bind {v} as {ty}").into()
}

/// Text types, `citext` (an extension's, so without a fixed id) among them.
fn is_text(ty: &Type) -> bool {
    [
        Type::TEXT,
        Type::VARCHAR,
        Type::BPCHAR,
        Type::NAME,
        Type::UNKNOWN,
    ]
    .contains(ty)
        || ty.name() == "citext"
}

/// Text as PostgreSQL stores it: a NUL character, which its text types cannot
/// hold (SQLite's can), becomes a space, which separates words as the NUL
/// does for SQLite's full-text search. Mail carries NULs now and then, in a
/// subject or a body; refused, they would fail the whole batch of mail they
/// came with, run after run. The raw message keeps them (`bytea`).
fn text_to_sql(s: &str, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
    if s.contains('\0') {
        s.replace('\0', " ").to_sql(&Type::TEXT, out)
    } else {
        s.to_sql(&Type::TEXT, out)
    }
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::NUMERIC => numeric(i, out),
                ref t if is_text(t) => i.to_string().to_sql(&Type::TEXT, out),
                ref t => Err(mismatch("an integer", t)),
            },
            ValueRef::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                Type::INT8 if f.fract() == 0.0 => (f as i64).to_sql(ty, out),
                Type::INT4 if f.fract() == 0.0 => (f as i32).to_sql(ty, out),
                ref t if is_text(t) => f.to_string().to_sql(&Type::TEXT, out),
                ref t => Err(mismatch("a real", t)),
            },
            ValueRef::Text(s) => match *ty {
                ref t if is_text(t) => text_to_sql(s, out),
                Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out),
                Type::FLOAT8 => s.trim().parse::<f64>()?.to_sql(ty, out),
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                ref t => Err(mismatch("text", t)),
            },
            ValueRef::Blob(b) => match *ty {
                Type::BYTEA => b.to_sql(ty, out),
                // A document read with `Document`, as the server sent it;
                // the server checks it as it reads it.
                Type::TS_VECTOR => {
                    out.extend_from_slice(b);
                    Ok(IsNull::No)
                }
                ref t if is_text(t) => text_to_sql(std::str::from_utf8(b)?, out),
                ref t => Err(mismatch("bytes", t)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// An integer as a NUMERIC parameter (`sum(x) > $1`), in the binary format:
/// base-10000 digits, most significant first.
fn numeric(i: i64, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
    use bytes::BufMut;
    let mut n = i.unsigned_abs();
    let mut digits = Vec::new();
    while n > 0 {
        digits.push((n % 10_000) as i16);
        n /= 10_000;
    }
    digits.reverse();
    out.put_i16(digits.len() as i16);
    out.put_i16(digits.len() as i16 - 1);
    out.put_u16(if i < 0 { 0x4000 } else { 0 });
    out.put_u16(0);
    for d in digits {
        out.put_i16(d);
    }
    Ok(IsNull::No)
}

/// One column's value, whatever the server's type.
pub enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Cell {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Cell::Null => ValueRef::Null,
            Cell::Integer(i) => ValueRef::Integer(*i),
            Cell::Real(f) => ValueRef::Real(*f),
            Cell::Text(s) => ValueRef::Text(s),
            Cell::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// A tsvector in the server's binary form, kept as it came: written back
/// as a [`ValueRef::Blob`] parameter of a tsvector.
pub struct Document(pub Vec<u8>);

impl<'a> FromSql<'a> for Document {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Document, BoxError> {
        Ok(Document(raw.to_vec()))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::TS_VECTOR
    }
}

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Cell, BoxError> {
        Ok(match *ty {
            Type::INT8 => Cell::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Cell::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Cell::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::OID => Cell::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::BOOL => Cell::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Cell::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::NUMERIC => from_numeric(raw)?,
            Type::BYTEA => Cell::Blob(raw.to_vec()),
            ref t if is_text(t) => Cell::Text(String::from_sql(&Type::TEXT, raw)?),
            ref t => return Err(format!("hd cannot read a column of type {t}").into()),
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Cell, BoxError> {
        Ok(Cell::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary format: digit count, weight of the first base-10000
/// digit, sign, display scale, then the digits. Whole numbers read as
/// integers (what `sum()` of integers gives), the rest as reals (`avg()`).
fn from_numeric(raw: &[u8]) -> std::result::Result<Cell, BoxError> {
    let word = |i: usize| -> std::result::Result<u16, BoxError> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "short numeric".into())
    };
    let ndigits = word(0)? as usize;
    let weight = word(2)? as i16 as i32;
    let sign = word(4)?;
    if sign == 0xC000 {
        return Ok(Cell::Real(f64::NAN));
    }
    let negative = sign == 0x4000;
    let mut whole: i128 = 0;
    let mut real = 0f64;
    let mut fraction = false;
    for k in 0..ndigits {
        let d = i128::from(word(8 + 2 * k)?);
        let power = weight - k as i32;
        real += d as f64 * 10_000f64.powi(power);
        if power >= 0 {
            whole = whole
                .saturating_mul(1)
                .saturating_add(d * 10_000i128.saturating_pow(power as u32));
        } else if d != 0 {
            fraction = true;
        }
    }
    if negative {
        whole = -whole;
        real = -real;
    }
    Ok(match i64::try_from(whole) {
        Ok(i) if !fraction => Cell::Integer(i),
        _ => Cell::Real(real),
    })
}
