//! What `hd db info` reports about a database, and `hd db copy`: an SQLite
//! database copied whole into an empty PostgreSQL one.
//!
//! The copy reads the SQLite side in one read transaction (a snapshot, so a
//! sync running meanwhile cannot make the counts differ) and writes the
//! PostgreSQL side in one write transaction with its foreign keys deferred, so
//! rows go in table by table in id order whatever points where. It commits
//! only when every table's count matches the source's: a failed copy leaves
//! the target as it was.

use std::path::Path;

use crate::db::{Connection, Value, params_from_iter};
use crate::env::Env;

/// The tables whose row counts `hd db info` shows.
pub const MAIN_TABLES: &[&str] = &[
    "tickets",
    "interactions",
    "contacts",
    "raw_messages",
    "attachments",
    "blobs",
    "events",
];

/// Rows in one multi-row INSERT, at most.
const BATCH_ROWS: usize = 500;
/// PostgreSQL's limit on the parameters of one statement.
const MAX_PARAMS: usize = 65_535;
/// A batch is sent once its values hold this many bytes, so raw mail and
/// attachments do not pile up in memory.
const BATCH_BYTES: usize = 8 << 20;

/// What `hd db info` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// `sqlite` or `postgresql`.
    pub engine: &'static str,
    /// The file, or the URL without its password.
    pub location: String,
    /// The PostgreSQL server's version; `None` for SQLite.
    pub server_version: Option<String>,
    /// The schema version the database is at.
    pub schema_version: i64,
    /// The schema version this hd writes.
    pub hd_schema_version: i64,
    /// Bytes: the file and its WAL, or the whole PostgreSQL database.
    pub size: u64,
    /// Bytes in the SQLite WAL (part of `size`); `None` for PostgreSQL.
    pub wal_size: Option<u64>,
    /// Rows of each of [`MAIN_TABLES`], in that order.
    pub counts: Vec<(String, i64)>,
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The engine, place, schema version, size and main row counts of a store.
pub fn info(store: &super::Store) -> crate::db::Result<Info> {
    let conn = &store.conn;
    let mut counts = Vec::with_capacity(MAIN_TABLES.len());
    for t in MAIN_TABLES {
        counts.push((t.to_string(), count(conn, t)?));
    }
    let location = store.path.to_string_lossy().into_owned();
    if conn.is_postgres() {
        let server_version: String =
            conn.query_row("SELECT current_setting('server_version')", [], |r| r.get(0))?;
        let size: i64 = conn.query_row("SELECT pg_database_size(current_database())", [], |r| {
            r.get(0)
        })?;
        Ok(Info {
            engine: store.engine(),
            location,
            server_version: Some(server_version),
            schema_version: super::pg::version(conn)?,
            hd_schema_version: super::SCHEMA_VERSION,
            size: u64::try_from(size).unwrap_or(0),
            wal_size: None,
            counts,
        })
    } else {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut wal = store.path.clone().into_os_string();
        wal.push("-wal");
        let wal_size = file_len(Path::new(&wal));
        Ok(Info {
            engine: store.engine(),
            location,
            server_version: None,
            schema_version: version,
            hd_schema_version: super::SCHEMA_VERSION,
            size: file_len(&store.path) + wal_size,
            wal_size: Some(wal_size),
            counts,
        })
    }
}

/// Rows in a table (a name hd chose, never user input).
fn count(conn: &Connection, table: &str) -> crate::db::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
        r.get(0)
    })
}

/// An identifier in double quotes, as both engines read them.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Why a copy did not happen or did not complete.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target already holds data.
    #[error("the target database is not empty: table {table} has rows")]
    NotEmpty { table: String },
    /// The source has a table the target's schema lacks.
    #[error("the target database has no table {0}")]
    NoTable(String),
    /// The target's table lacks a column the source's has.
    #[error("the target's table {table} has no column {column}")]
    NoColumn { table: String, column: String },
    /// The counts differ after copying; nothing was committed.
    #[error("table {table}: {in_source} rows in the source but {in_copy} in the copy")]
    Mismatch {
        table: String,
        in_source: i64,
        in_copy: i64,
    },
    /// A statement failed.
    #[error("table {table}: {error}")]
    InTable {
        table: String,
        error: crate::db::Error,
    },
    /// A statement outside any one table failed.
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq)]
pub struct Copied {
    /// Each table copied, with its row count, in the order copied.
    pub tables: Vec<(String, i64)>,
}

impl Copied {
    /// Rows copied in all.
    pub fn rows(&self) -> i64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// The tables of an SQLite database that hold data of their own: every
/// table but SQLite's own and the FTS5 tables and their shadow tables (the
/// full-text index is rebuilt from the rows instead; contentless FTS5 tables
/// cannot be read back). Each with whether it has a rowid.
fn sqlite_tables(conn: &Connection) -> crate::db::Result<Vec<(String, bool)>> {
    let all: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::Result<_>>()?;
    let is_virtual = |sql: &str| {
        sql.trim_start()
            .get(..20)
            .is_some_and(|s| s.eq_ignore_ascii_case("CREATE VIRTUAL TABLE"))
    };
    let virtual_names: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| is_virtual(sql))
        .map(|(n, _)| n.as_str())
        .collect();
    let shadow = |name: &str| {
        virtual_names.iter().any(|v| {
            name.strip_prefix(v)
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|s| ["data", "idx", "content", "docsize", "config"].contains(&s))
        })
    };
    Ok(all
        .iter()
        .filter(|(n, sql)| !is_virtual(sql) && !shadow(n))
        .map(|(n, sql)| {
            (
                n.clone(),
                !sql.to_ascii_uppercase().contains("WITHOUT ROWID"),
            )
        })
        .collect())
}

/// The columns of an SQLite table in their order, and its primary key's.
fn sqlite_columns(conn: &Connection, table: &str) -> crate::db::Result<(Vec<String>, Vec<String>)> {
    let cols: Vec<(String, i64)> = conn
        .prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::Result<_>>()?;
    let mut pk: Vec<&(String, i64)> = cols.iter().filter(|(_, p)| *p > 0).collect();
    pk.sort_by_key(|(_, p)| *p);
    let pk = pk.into_iter().map(|(n, _)| n.clone()).collect();
    Ok((cols.into_iter().map(|(n, _)| n).collect(), pk))
}

/// The tables of the PostgreSQL schema in use.
fn pg_tables(conn: &Connection) -> crate::db::Result<Vec<String>> {
    conn.prepare(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// The columns of a PostgreSQL table.
fn pg_columns(conn: &Connection, table: &str) -> crate::db::Result<Vec<String>> {
    conn.prepare(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
    )?
    .query_map([table], |r| r.get(0))?
    .collect()
}

/// The first table of the PostgreSQL schema that has rows (the schema
/// version's own table aside): `None` when the database is empty or holds a
/// fresh schema only.
fn first_nonempty(conn: &Connection) -> crate::db::Result<Option<String>> {
    for t in pg_tables(conn)? {
        if t == "hd_schema" {
            continue;
        }
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", quote(&t)),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Copies every table of the SQLite database `source` into `target`, a
/// PostgreSQL store at the same schema version whose tables are empty;
/// rebuilds the full-text tables, moves each id sequence past the copied
/// ids, checks every count and commits. On any error nothing is committed.
pub fn copy(
    source: &Connection,
    target: &mut super::Store,
    env: &dyn Env,
) -> Result<Copied, CopyError> {
    // One snapshot of the source for the whole copy and its counts.
    let snapshot = source.unchecked_transaction()?;
    let tables = sqlite_tables(&snapshot)?;
    let mut plan = Vec::with_capacity(tables.len());
    let mut total = 0i64;
    for (table, rowid) in &tables {
        let n = count(&snapshot, table)?;
        total += n;
        plan.push((table.clone(), *rowid, n));
    }
    let tx = target.write()?;
    if let Some(table) = first_nonempty(&tx)? {
        return Err(CopyError::NotEmpty { table });
    }
    let target_tables = pg_tables(&tx)?;
    tx.execute_batch("SET CONSTRAINTS ALL DEFERRED")?;
    let bar = env.progress(u64::try_from(total).unwrap_or(0), "copy");
    let mut copied = Vec::with_capacity(plan.len());
    for (table, rowid, n) in &plan {
        if !target_tables.contains(table) {
            return Err(CopyError::NoTable(table.clone()));
        }
        copy_table(&snapshot, &tx, table, *rowid, bar.as_ref()).map_err(|e| match e {
            CopyError::Db(error) => CopyError::InTable {
                table: table.clone(),
                error,
            },
            e => e,
        })?;
        copied.push((table.clone(), *n));
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    rebuild_full_text(&tx)?;
    move_sequences(&tx)?;
    for (table, n) in &copied {
        let got = count(&tx, table)?;
        if got != *n {
            return Err(CopyError::Mismatch {
                table: table.clone(),
                in_source: *n,
                in_copy: got,
            });
        }
    }
    tx.commit()?;
    target.committed();
    drop(snapshot);
    // The planner's statistics now, not when autovacuum gets round to each
    // table: until then PostgreSQL plans the desk's queries blind (the first
    // `hd list` after copying a million tickets sorted every open one).
    if let Err(e) = target.conn.execute_batch("ANALYZE") {
        env.warn(&format!(
            "the copy is complete, but ANALYZE failed: {e}; run ANALYZE on the database"
        ));
    }
    Ok(Copied { tables: copied })
}

/// One table, in id order (primary key order for a table without rowid),
/// in multi-row INSERTs.
fn copy_table(
    source: &Connection,
    tx: &Connection,
    table: &str,
    rowid: bool,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<(), CopyError> {
    let (cols, pk) = sqlite_columns(source, table)?;
    let have = pg_columns(tx, table)?;
    if let Some(c) = cols.iter().find(|c| !have.contains(c)) {
        return Err(CopyError::NoColumn {
            table: table.to_string(),
            column: c.clone(),
        });
    }
    let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let order = if rowid {
        "rowid".to_string()
    } else {
        pk.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
    };
    let mut st = source.prepare(&format!(
        "SELECT {list} FROM {} ORDER BY {order}",
        quote(table)
    ))?;
    let mut rows = st.query([])?;
    let per_batch = BATCH_ROWS.min(MAX_PARAMS / cols.len().max(1)).max(1);
    let mut batch: Vec<Value> = Vec::with_capacity(per_batch * cols.len());
    let mut bytes = 0usize;
    while let Some(r) = rows.next()? {
        for i in 0..cols.len() {
            let v: Value = r.get(i)?;
            bytes += match &v {
                Value::Text(s) => s.len(),
                Value::Blob(b) => b.len(),
                _ => 8,
            };
            batch.push(v);
        }
        if batch.len() / cols.len() >= per_batch || bytes >= BATCH_BYTES {
            insert(tx, table, &list, cols.len(), &batch)?;
            if let Some(b) = bar {
                b.inc((batch.len() / cols.len()) as u64);
            }
            batch.clear();
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        insert(tx, table, &list, cols.len(), &batch)?;
        if let Some(b) = bar {
            b.inc((batch.len() / cols.len()) as u64);
        }
    }
    Ok(())
}

/// One multi-row INSERT of `values`, `width` to a row.
fn insert(
    tx: &Connection,
    table: &str,
    list: &str,
    width: usize,
    values: &[Value],
) -> crate::db::Result<()> {
    let row = format!("({})", vec!["?"; width].join(", "));
    let rows = vec![row.as_str(); values.len() / width].join(", ");
    tx.prepare_cached(&format!(
        "INSERT INTO {} ({list}) VALUES {rows}",
        quote(table)
    ))?
    .execute(params_from_iter(values.iter()))?;
    Ok(())
}

/// Fills the full-text tables from the copied rows, as the store indexes
/// them: every interaction but the anonymized ones (anonymizing takes an
/// interaction out of the index), and every article with its tags.
fn rebuild_full_text(tx: &Connection) -> crate::db::Result<()> {
    tx.execute_batch(
        "INSERT INTO interactions_fts (id, doc) \
         SELECT id, hd_fts_doc(subject, 'A') || hd_fts_doc(text, 'D') \
         FROM interactions WHERE anonymized = 0;
         INSERT INTO articles_fts (id, doc) \
         SELECT a.id, hd_fts_doc(a.title, 'A') \
             || hd_fts_doc(coalesce((SELECT string_agg(t.tag, ' ' ORDER BY t.tag) \
                                     FROM article_tags t WHERE t.article_id = a.id), ''), 'B') \
             || hd_fts_doc(a.body, 'D') \
         FROM articles a",
    )
}

/// Moves every identity sequence to just past its table's largest id, so
/// the next row gets a new one.
fn move_sequences(tx: &Connection) -> crate::db::Result<()> {
    let idents: Vec<(String, String)> = tx
        .prepare(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::Result<_>>()?;
    for (table, column) in idents {
        tx.query_row(
            &format!(
                "SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max({}), 0) + 1, false) FROM {}",
                quote(&column),
                quote(&table)
            ),
            [quote(&table), column.clone()],
            |_| Ok(()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_tables_leave_out_full_text_and_its_shadow_tables() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::super::Store::open(&dir.path().join("hd.db"), true).unwrap();
        let tables: Vec<String> = sqlite_tables(&store.conn)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        for t in [
            "tickets",
            "interactions",
            "blobs",
            "counters",
            "sync_state",
            "ticket_followers",
        ] {
            assert!(tables.contains(&t.to_string()), "{t} missing: {tables:?}");
        }
        assert!(
            !tables
                .iter()
                .any(|t| t.contains("_fts") || t.starts_with("sqlite_")),
            "{tables:?}"
        );
    }

    #[test]
    fn info_of_a_new_sqlite_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::super::Store::open(&dir.path().join("hd.db"), true).unwrap();
        let i = info(&store).unwrap();
        assert_eq!(i.engine, "sqlite");
        assert_eq!(i.schema_version, super::super::SCHEMA_VERSION);
        assert!(i.size > 0);
        assert_eq!(i.counts.len(), MAIN_TABLES.len());
        assert!(i.counts.iter().all(|(_, n)| *n == 0));
    }
}
