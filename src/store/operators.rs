//! Operators' availability and load as `hd operator` shows them.

use crate::db::{Connection, params};

/// How many queued and open tickets an operator is assigned.
pub fn open_count(conn: &Connection, name: &str) -> crate::db::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM tickets WHERE assignee = ?1 AND status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL",
        [name],
        |r| r.get(0),
    )
}

/// Whether an operator is away; an error when the operator has no state row.
pub fn is_away(conn: &Connection, name: &str) -> crate::db::Result<bool> {
    conn.query_row(
        "SELECT away FROM operator_state WHERE name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|v| v != 0)
}

/// Marks an operator away or back.
pub fn set_away(tx: &Connection, name: &str, away: bool) -> crate::db::Result<()> {
    tx.execute(
        "INSERT INTO operator_state (name, away) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET away = ?2",
        params![name, away as i64],
    )?;
    Ok(())
}
