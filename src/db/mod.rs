//! The database driver: one connection type over two engines, SQLite (the
//! embedded default, through rusqlite) and PostgreSQL (through `tokio-postgres`
//! on a one-thread runtime, used synchronously), with the small part of
//! rusqlite's interface hd uses.
//!
//! On PostgreSQL a statement costs a round trip, so a write whose row count
//! nobody reads can be held back ([`Statement::write`]) and sent with the next
//! request: a transaction's BEGIN, its plain INSERTs and UPDATEs and its COMMIT
//! travel together instead of one by one.
//!
//! SQL stays written per use in the store, in SQLite's dialect with `?N`
//! placeholders. For PostgreSQL each statement is rewritten once when first
//! prepared ([`translate`]): placeholders, `INSERT OR IGNORE`, two-argument
//! `max`/`min`, `LIKE`. Where the dialects differ beyond that, the caller asks
//! [`Connection::is_postgres`] and keeps both forms side by side.
//! `docs/postgres.md` has the design.

mod coalesce;
mod pg;
pub mod translate;
mod value;

use std::ops::Deref;

pub use value::{FromSql, ToSql, Value, ValueRef};

pub mod types {
    //! Where rusqlite keeps its value type.
    pub use super::value::{Value, ValueRef};
}

/// A driver error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    #[error("{}", pg::describe(.0))]
    Postgres(tokio_postgres::Error),
    #[error("query returned no rows")]
    QueryReturnedNoRows,
    #[error("{0}")]
    Type(String),
    #[error("{0}")]
    Other(String),
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::QueryReturnedNoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl Error {
    /// Whether another writer holds the database (SQLite busy, or a
    /// PostgreSQL lock timeout) or the server went away: worth a retry.
    /// Whether the server refused the user or the password.
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Postgres(e) if e.code().is_some_and(|c| {
            *c == tokio_postgres::error::SqlState::INVALID_PASSWORD
                || *c == tokio_postgres::error::SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        }))
    }

    /// Whether PostgreSQL said a table the statement names does not exist.
    pub fn is_undefined_table(&self) -> bool {
        matches!(self, Error::Postgres(e)
            if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE))
    }

    pub fn is_transient(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            Error::Postgres(e) => pg::is_transient(e),
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns "no rows" into `None`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Parameters of a statement.
pub trait Params {
    fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R;
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
        f(&[])
    }
}

impl Params for &[&dyn ToSql] {
    fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
        let v: Vec<ValueRef<'_>> = self.iter().map(|p| p.to_sql()).collect();
        f(&v)
    }
}

impl Params for &Vec<&dyn ToSql> {
    fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
        self.as_slice().with_values(f)
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
                let v: Vec<ValueRef<'_>> = self.iter().map(|p| p.to_sql()).collect();
                f(&v)
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
                let v: Vec<ValueRef<'_>> = self.iter().map(|p| p.to_sql()).collect();
                f(&v)
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator, as `rusqlite::params_from_iter`.
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn with_values<R>(self, f: impl FnOnce(&[ValueRef<'_>]) -> R) -> R {
        let items: Vec<I::Item> = self.0.into_iter().collect();
        let v: Vec<ValueRef<'_>> = items.iter().map(|p| p.to_sql()).collect();
        f(&v)
    }
}

/// Parameters of mixed types, as `rusqlite::params!`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::ToSql),+] as &[&dyn $crate::db::ToSql] };
}
pub use crate::params;

/// How a write transaction starts. Both kinds take the write lock at once on
/// SQLite; on PostgreSQL an immediate one also takes hd's writer lock, so
/// writers queue as they do on SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionBehavior {
    Deferred,
    Immediate,
}

/// An open database connection.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<pg::Client>),
}

impl Connection {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Connection {
        Connection {
            inner: Inner::Sqlite(conn),
        }
    }

    /// Opens an SQLite file as it is (no settings, no schema): for tests and tools.
    pub fn open(path: &std::path::Path) -> Result<Connection> {
        Ok(Connection::from_sqlite(rusqlite::Connection::open(path)?))
    }

    /// A new SQLite database in memory.
    pub fn open_in_memory() -> Result<Connection> {
        Ok(Connection::from_sqlite(
            rusqlite::Connection::open_in_memory()?,
        ))
    }

    /// Connects to a PostgreSQL URL; `password` when the URL has none.
    pub fn connect_postgres(url: &str, password: Option<&str>) -> Result<Connection> {
        Ok(Connection {
            inner: Inner::Postgres(Box::new(pg::Client::connect(url, password)?)),
        })
    }

    /// [`Connection::connect_postgres`], named so in the server's activity
    /// view (`application_name`) unless the URL names it.
    pub fn connect_postgres_as(
        url: &str,
        password: Option<&str>,
        application_name: &str,
    ) -> Result<Connection> {
        Ok(Connection {
            inner: Inner::Postgres(Box::new(pg::Client::connect_as(
                url,
                password,
                application_name,
            )?)),
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.inner, Inner::Postgres(_))
    }

    /// The SQLite connection, for what only SQLite has (pragmas, blob I/O).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(Statement {
                kind: StmtKind::Sqlite(c.prepare(sql)?),
            }),
            Inner::Postgres(c) => Ok(Statement {
                kind: StmtKind::Postgres(c, c.prepare(sql)?),
            }),
        }
    }

    /// A query whose rows are read as they are used, however many: on
    /// PostgreSQL through a cursor, a chunk at a time (in a read-only
    /// transaction of its own when none is open), rather than all at once.
    /// One such query at a time per connection (the cursor has one name).
    pub fn prepare_stream(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(_) => self.prepare(sql),
            Inner::Postgres(c) => Ok(Statement {
                kind: StmtKind::PostgresCursor(c, sql.to_string()),
            }),
        }
    }

    /// A statement planned for the values it runs with, each time it is
    /// prepared: on PostgreSQL not kept (a kept statement soon runs on one
    /// generic plan, made for the tables as they were then, which for a table
    /// a sync is filling from empty is the wrong one within minutes). For
    /// lookups run once per batch, never once per row. On SQLite, cached.
    pub fn prepare_planned(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(_) => self.prepare_cached(sql),
            Inner::Postgres(c) => Ok(Statement {
                kind: StmtKind::Postgres(c, c.prepare_once(sql)?),
            }),
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(Statement {
                kind: StmtKind::SqliteCached(c.prepare_cached(sql)?),
            }),
            Inner::Postgres(_) => self.prepare(sql),
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// [`Statement::write`] of a cached statement.
    pub fn write<P: Params>(&self, sql: &str, params: P) -> Result<()> {
        self.prepare_cached(sql)?.write(params)
    }

    pub fn query_row<T, P: Params, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// PostgreSQL: sends `sql` now and returns a ticket for the first column
    /// of its rows ([`Connection::take_documents`]); the server works on it
    /// while the caller goes on.
    pub fn query_ahead(&self, sql: &str, values: Vec<Value>) -> Result<u64> {
        match &self.inner {
            Inner::Sqlite(_) => Err(Error::Other("query_ahead is PostgreSQL's".into())),
            Inner::Postgres(c) => {
                let st = c.prepare(sql)?;
                Ok(c.query_ahead(&st, values))
            }
        }
    }

    /// The first column, tsvectors in PostgreSQL's binary form, of the rows
    /// of a query sent with [`Connection::query_ahead`], waiting for them.
    /// Written back as they are (a [`Value::Blob`] bound to a tsvector), they
    /// cross the wire twice without being printed or parsed as text.
    pub fn take_documents(&self, ticket: u64) -> Result<Vec<Option<Vec<u8>>>> {
        match &self.inner {
            Inner::Sqlite(_) => Err(Error::Other("take_documents is PostgreSQL's".into())),
            Inner::Postgres(c) => c
                .take(ticket)?
                .iter()
                .map(|r| Ok(r.try_get::<_, Option<pg::Document>>(0)?.map(|d| d.0)))
                .collect(),
        }
    }

    /// Says this session records hooks (or stopped). On PostgreSQL, held-back
    /// writes to the tables with hook triggers then keep their order when
    /// they are gathered into multi-row statements; SQLite never gathers.
    pub fn record_hooks(&self, on: bool) {
        if let Inner::Postgres(c) = &self.inner {
            c.record_hooks(on);
        }
    }

    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(c) => c.batch(sql),
        }
    }

    /// PostgreSQL only: the first value `sql` returns, as text, in one round
    /// trip (a simple query, nothing prepared); `None` for no row or NULL.
    pub fn simple_value(&self, sql: &str) -> Result<Option<String>> {
        match &self.inner {
            Inner::Sqlite(_) => Err(Error::Other("simple_value is PostgreSQL's".into())),
            Inner::Postgres(c) => c.simple_value(sql),
        }
    }

    /// The id the last insert into a table with a generated id gave its row.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner {
            Inner::Sqlite(c) => c.last_insert_rowid(),
            Inner::Postgres(c) => c.last_insert_id(),
        }
    }

    /// PostgreSQL only: everything from here to [`Connection::end_scratch`]
    /// is rolled back then, commits included (a dry run).
    pub fn begin_scratch(&self) -> Result<()> {
        match &self.inner {
            Inner::Postgres(c) => c.begin_scratch(),
            Inner::Sqlite(_) => Err(Error::Other("no scratch transactions on SQLite".into())),
        }
    }

    /// Rolls back what [`Connection::begin_scratch`] began.
    pub fn end_scratch(&self) -> Result<()> {
        match &self.inner {
            Inner::Postgres(c) => c.end_scratch(),
            Inner::Sqlite(_) => Ok(()),
        }
    }

    pub fn is_autocommit(&self) -> bool {
        match &self.inner {
            Inner::Sqlite(c) => c.is_autocommit(),
            Inner::Postgres(c) => !c.in_transaction.get(),
        }
    }

    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.transaction_with_behavior(TransactionBehavior::Deferred)
    }

    pub fn transaction_with_behavior(
        &mut self,
        behavior: TransactionBehavior,
    ) -> Result<Transaction<'_>> {
        self.begin(behavior)?;
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }

    /// A transaction on a shared reference: the caller makes sure no other
    /// one is open on this connection.
    pub fn unchecked_transaction(&self) -> Result<Transaction<'_>> {
        self.begin(TransactionBehavior::Deferred)?;
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }

    fn begin(&self, behavior: TransactionBehavior) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(match behavior {
                TransactionBehavior::Deferred => "BEGIN DEFERRED",
                TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
            })?),
            Inner::Postgres(c) => c.begin(behavior == TransactionBehavior::Immediate),
        }
    }

    fn end(&self, commit: bool) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })?),
            Inner::Postgres(c) => c.end(commit),
        }
    }
}

/// An open transaction; rolled back when dropped without [`Transaction::commit`].
pub struct Transaction<'c> {
    conn: &'c Connection,
    done: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.end(true)
    }

    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.conn.end(false)
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.end(false);
        }
    }
}

/// A prepared statement.
pub struct Statement<'c> {
    kind: StmtKind<'c>,
}

enum StmtKind<'c> {
    Sqlite(rusqlite::Statement<'c>),
    SqliteCached(rusqlite::CachedStatement<'c>),
    Postgres(&'c pg::Client, pg::Prepared),
    /// A query read through a cursor ([`Connection::prepare_stream`]).
    PostgresCursor(&'c pg::Client, String),
}

fn bind(st: &mut rusqlite::Statement<'_>, values: &[ValueRef<'_>]) -> Result<()> {
    let expected = st.parameter_count();
    if values.len() != expected {
        return Err(Error::Sqlite(rusqlite::Error::InvalidParameterCount(
            values.len(),
            expected,
        )));
    }
    for (i, v) in values.iter().enumerate() {
        st.raw_bind_parameter(i + 1, to_rusqlite(*v))?;
    }
    Ok(())
}

fn to_rusqlite(v: ValueRef<'_>) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::ValueRef as R;
    rusqlite::types::ToSqlOutput::Borrowed(match v {
        ValueRef::Null => R::Null,
        ValueRef::Integer(i) => R::Integer(i),
        ValueRef::Real(f) => R::Real(f),
        ValueRef::Text(s) => R::Text(s.as_bytes()),
        ValueRef::Blob(b) => R::Blob(b),
    })
}

fn from_rusqlite(v: rusqlite::types::ValueRef<'_>) -> ValueRef<'_> {
    use rusqlite::types::ValueRef as R;
    match v {
        R::Null => ValueRef::Null,
        R::Integer(i) => ValueRef::Integer(i),
        R::Real(f) => ValueRef::Real(f),
        R::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => ValueRef::Text(s),
            // Not text after all: readable as bytes, refused as a string.
            Err(_) => ValueRef::Blob(t),
        },
        R::Blob(b) => ValueRef::Blob(b),
    }
}

impl<'c> Statement<'c> {
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let st = match &mut self.kind {
            StmtKind::Postgres(c, st) => return params.with_values(|v| c.execute(st, v)),
            StmtKind::PostgresCursor(c, sql) => {
                let st = c.prepare(sql)?;
                return params.with_values(|v| c.execute(&st, v));
            }
            StmtKind::Sqlite(s) => s,
            StmtKind::SqliteCached(s) => &mut **s,
        };
        params.with_values(|v| bind(st, v))?;
        Ok(st.raw_execute()?)
    }

    /// Runs a write whose row count is not needed. On PostgreSQL, inside a
    /// transaction, it waits to go with the next request (a query, another
    /// execute, the commit), and an error it meets comes from there: the
    /// transaction fails whole, as it would have.
    pub fn write<P: Params>(&mut self, params: P) -> Result<()> {
        match &mut self.kind {
            StmtKind::Postgres(c, st) => params.with_values(|v| c.defer(st, v)),
            StmtKind::PostgresCursor(..) => self.execute(params).map(drop),
            _ => self.execute(params).map(drop),
        }
    }

    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let st = match &mut self.kind {
            StmtKind::Postgres(c, st) => {
                let rows = params.with_values(|v| c.query(st, v))?;
                return Ok(Rows {
                    kind: RowsKind::Postgres(rows.into_iter(), None),
                });
            }
            StmtKind::PostgresCursor(c, sql) => {
                let cursor = params.with_values(|v| c.cursor(sql, v))?;
                return Ok(Rows {
                    kind: RowsKind::PostgresCursor(cursor, None),
                });
            }
            StmtKind::Sqlite(s) => s,
            StmtKind::SqliteCached(s) => &mut **s,
        };
        params.with_values(|v| bind(st, v))?;
        Ok(Rows {
            kind: RowsKind::Sqlite(st.raw_query()),
        })
    }

    pub fn query_row<T, P: Params, F>(&mut self, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(Error::QueryReturnedNoRows),
        }
    }

    pub fn query_map<T, P: Params, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a query.
pub struct Rows<'s> {
    kind: RowsKind<'s>,
}

enum RowsKind<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(
        std::vec::IntoIter<tokio_postgres::Row>,
        Option<tokio_postgres::Row>,
    ),
    PostgresCursor(pg::Cursor<'s>, Option<tokio_postgres::Row>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.kind {
            RowsKind::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            RowsKind::Postgres(it, cur) => {
                *cur = it.next();
                Ok(cur.as_ref().map(Row::Postgres))
            }
            RowsKind::PostgresCursor(c, cur) => {
                *cur = c.next()?;
                Ok(cur.as_ref().map(Row::Postgres))
            }
        }
    }
}

/// The rows of a query, each mapped by a function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r tokio_postgres::Row),
}

/// A column by position or name.
pub trait RowIndex {
    fn index(&self) -> std::result::Result<usize, &str>;
}

impl RowIndex for usize {
    fn index(&self) -> std::result::Result<usize, &str> {
        Ok(*self)
    }
}

impl RowIndex for &str {
    fn index(&self) -> std::result::Result<usize, &str> {
        Err(self)
    }
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        match self {
            Row::Sqlite(r) => {
                let i = match idx.index() {
                    Ok(i) => i,
                    Err(name) => r.as_ref().column_index(name)?,
                };
                T::column_result(from_rusqlite(r.get_ref(i)?))
                    .map_err(|e| Error::Type(format!("column {i}: {e}")))
            }
            Row::Postgres(r) => {
                let i = match idx.index() {
                    Ok(i) => i,
                    Err(name) => r
                        .columns()
                        .iter()
                        .position(|c| c.name().eq_ignore_ascii_case(name))
                        .ok_or_else(|| Error::Other(format!("no column {name}")))?,
                };
                let v: pg::Cell = r.try_get(i)?;
                T::column_result(v.as_ref()).map_err(|e| Error::Type(format!("column {i}: {e}")))
            }
        }
    }
}
