//! What only a PostgreSQL store needs: the URL shown without its password,
//! the password from the environment or `~/.pgpass`, and the schema.

use std::path::Path;

use crate::db::Connection;
use crate::error::{HdError, failure};

/// Schema versions as PostgreSQL files: the first brings an empty database
/// to the SQLite schema version it names; each later one follows one SQLite
/// migration of the same number.
const MIGRATIONS: &[(i64, &str)] = &[
    (14, include_str!("migrations/pg/014_schema.sql")),
    (15, include_str!("migrations/pg/015_open_order.sql")),
    (16, include_str!("migrations/pg/016_fts_doc_plpgsql.sql")),
];

/// Held while a connection migrates, so two first runs do not both create the schema.
const MIGRATE_LOCK: i64 = 0x6864_0003;

/// The URL with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = rest.rsplit_once('@').unwrap_or(("", rest));
    let user = auth.split_once(':').map_or(auth, |(u, _)| u);
    let at = if auth.is_empty() { "" } else { "@" };
    let mut shown = format!("{scheme}://{user}{at}{host}");
    // A password may also be a query parameter.
    if let Some(i) = shown.find("password=") {
        let end = shown[i..].find('&').map_or(shown.len(), |e| i + e);
        shown.replace_range(i + "password=".len()..end, "***");
    }
    if auth.contains(':') {
        shown = shown.replacen(&format!("{user}@"), &format!("{user}:***@"), 1);
    }
    shown
}

/// The password the config's `[database]` table gave (its command ran once).
static CONFIGURED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the password of `[database]` (`password_command`, `password_env`,
/// `password`) for every connection of this run.
pub fn set_configured_password(password: String) {
    let _ = CONFIGURED.set(password);
}

/// The password for a URL that has none: the config's `[database]`, else
/// `PGPASSWORD`, else the first matching line of `PGPASSFILE` or `~/.pgpass`
/// (libpq's format).
pub fn password(url: &str) -> Result<Option<String>, String> {
    let config: tokio_postgres::Config = url.parse().map_err(|e| format!("bad URL: {e}"))?;
    if config.get_password().is_some() {
        return Ok(None);
    }
    if let Some(p) = CONFIGURED.get() {
        return Ok(Some(p.clone()));
    }
    if let Ok(p) = std::env::var("PGPASSWORD")
        && !p.is_empty()
    {
        return Ok(Some(p));
    }
    let file = match std::env::var_os("PGPASSFILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => match std::env::var_os("HOME") {
            Some(h) => Path::new(&h).join(".pgpass"),
            None => return Ok(None),
        },
    };
    // As libpq: a file others may read is no place for passwords, and is ignored.
    use std::os::unix::fs::PermissionsExt;
    if std::fs::metadata(&file).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
        return Ok(None);
    }
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Ok(None);
    };
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    Ok(pgpass_lookup(&text, &[&host, &port, &db, &user]))
}

/// The password of the first `host:port:database:user:password` line whose
/// fields match (`*` matches anything; `\:` and `\\` are escapes).
fn pgpass_lookup(text: &str, want: &[&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() == 5
            && fields[..4]
                .iter()
                .zip(want.iter())
                .all(|(f, w)| f == "*" || f == w || (f == "localhost" && *w == "127.0.0.1"))
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// Brings the schema up to date under a lock; refuses a newer schema.
pub fn migrate(conn: &Connection, shown: &Path) -> Result<(), HdError> {
    let err = |e: crate::db::Error| failure(format!("database {}: {e}", shown.display()));
    // Up to date, the common case: no lock needed.
    if version(conn).map_err(err)? == super::SCHEMA_VERSION {
        return Ok(());
    }
    conn.execute_batch(&format!("SELECT pg_advisory_lock({MIGRATE_LOCK})"))
        .map_err(err)?;
    let result = migrate_locked(conn, shown);
    let unlocked = conn
        .execute_batch(&format!("SELECT pg_advisory_unlock({MIGRATE_LOCK})"))
        .map_err(err);
    result.and(unlocked)
}

/// The schema version of the database: 0 when it has none yet. One round trip
/// (a simple query, nothing prepared), as every command opens with it; a
/// database without hd's tables answers "undefined table". Not for use inside
/// a transaction, which that error would abort.
pub fn version(conn: &Connection) -> crate::db::Result<i64> {
    match conn.simple_value("SELECT max(version) FROM hd_schema") {
        Ok(None) => Ok(0),
        Ok(Some(v)) => v
            .parse()
            .map_err(|_| crate::db::Error::Other(format!("hd_schema holds version {v:?}"))),
        Err(e) if e.is_undefined_table() => Ok(0),
        Err(e) => Err(e),
    }
}

fn migrate_locked(conn: &Connection, shown: &Path) -> Result<(), HdError> {
    let err = |e: crate::db::Error| failure(format!("database {}: {e}", shown.display()));
    let version = version(conn).map_err(err)?;
    if version > super::SCHEMA_VERSION {
        return Err(failure(format!(
            "database {} has schema version {version}, newer than this hd understands ({})",
            shown.display(),
            super::SCHEMA_VERSION
        ))
        .hint("upgrade hd"));
    }
    // All the steps in one transaction: the schema moves to the new version
    // whole or not at all, and a new database costs one commit, not one a step.
    let pending: Vec<_> = MIGRATIONS.iter().filter(|(to, _)| *to > version).collect();
    let Some((last, _)) = pending.last() else {
        return Ok(());
    };
    let tx = conn.unchecked_transaction().map_err(err)?;
    for (_, sql) in &pending {
        tx.execute_batch(sql).map_err(err)?;
    }
    tx.execute("DELETE FROM hd_schema", []).map_err(err)?;
    tx.execute("INSERT INTO hd_schema (version) VALUES (?1)", [*last])
        .map_err(err)?;
    tx.commit().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_engines_stand_at_the_same_schema_version() {
        // A PostgreSQL file per SQLite migration from 015 on, numbered as it is.
        for (want, (to, _)) in (14..).zip(MIGRATIONS) {
            assert_eq!(*to, want, "PostgreSQL migrations out of step");
        }
        assert_eq!(
            MIGRATIONS.last().map(|m| m.0),
            Some(super::super::SCHEMA_VERSION)
        );
    }

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            redact("postgres://hd:s3cret@db.example/hd"),
            "postgres://hd:***@db.example/hd"
        );
        assert_eq!(
            redact("postgres://hd@db/hd?password=x&sslmode=require"),
            "postgres://hd@db/hd?password=***&sslmode=require"
        );
        assert_eq!(redact("postgresql://db/hd"), "postgresql://db/hd");
        assert_eq!(
            redact("postgresql://db/hd?user=hd&password=x"),
            "postgresql://db/hd?user=hd&password=***"
        );
    }

    #[test]
    fn pgpass_lines_match_field_by_field() {
        let text =
            "# comment\nother:5432:*:hd:no\ndb.example:5432:*:hd:yes\\:colon\n*:*:*:*:fallback\n";
        assert_eq!(
            pgpass_lookup(text, &["db.example", "5432", "hd", "hd"]).as_deref(),
            Some("yes:colon")
        );
        assert_eq!(
            pgpass_lookup(text, &["x", "1", "d", "u"]).as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup("a:1:d:u:p\n", &["b", "1", "d", "u"]), None);
    }
}
