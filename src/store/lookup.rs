//! Read-only questions asked outside a command run, such as shell completion: they
//! open the database without creating or migrating it, and fail rather than wait.

use std::path::Path;
use std::time::Duration;

use rusqlite::OpenFlags;

use crate::db::Connection;

/// A ticket that is not closed, as completion offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTicket {
    /// The bare number, as typed: `279`.
    pub number: i64,
    /// The full name: `REQ-000279`.
    pub name: String,
    /// Its subject.
    pub subject: String,
}

/// The newest `limit` tickets that are not closed, deleted or merged.
pub fn open_tickets(db: &Path, limit: u32) -> crate::db::Result<Vec<OpenTicket>> {
    let conn = if crate::store::is_postgres_url(db) {
        let url = db.to_string_lossy();
        let password = crate::store::pg::password(&url).map_err(crate::db::Error::Other)?;
        Connection::connect_postgres(&url, password.as_deref())?
    } else {
        let conn = rusqlite::Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_millis(200))?;
        Connection::from_sqlite(conn)
    };
    let mut st = conn.prepare(
        "SELECT prefix, number, subject FROM tickets \
         WHERE status <> 'closed' AND deleted = 0 AND merged_into IS NULL \
         ORDER BY number DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        let prefix: String = r.get(0)?;
        let number: i64 = r.get(1)?;
        Ok(OpenTicket {
            number,
            name: crate::model::ticket_number(&prefix, number),
            subject: r.get(2)?,
        })
    })?;
    rows.collect()
}
