//! What a connection's transactions did that hooks listen for.
//!
//! Temporary triggers (they live and die with this connection, so another
//! process's changes are never reported twice) copy every hookable change into
//! a temporary table as it is written. A rolled-back transaction takes its rows
//! with it, so what [`drain`] returns was committed.

use crate::db::Connection;

/// One committed change a hook may run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Happened {
    /// The event name, e.g. `ticket.created`.
    pub event: String,
    /// The ticket's row id.
    pub ticket_id: i64,
    /// When it happened (an arrival time, a missed due time...), Unix seconds.
    pub time: i64,
    /// The operator it concerns (`ticket.assigned`).
    pub operator: Option<String>,
    /// The interaction it concerns (`message.received`, `reply.failed`).
    pub interaction_id: Option<i64>,
    /// More about it: the SLA target a breach missed.
    pub detail: Option<String>,
}

const SETUP: &str = "
CREATE TEMP TABLE IF NOT EXISTS hook_queue (
    id             INTEGER PRIMARY KEY,
    event          TEXT NOT NULL,
    ticket_id      INTEGER NOT NULL,
    time           INTEGER NOT NULL,
    operator       TEXT,
    interaction_id INTEGER,
    detail         TEXT
);
CREATE TEMP TRIGGER IF NOT EXISTS hook_ticket_created AFTER INSERT ON main.events
WHEN NEW.kind = 'created' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time) VALUES ('ticket.created', NEW.ticket_id, NEW.time);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_ticket_assigned AFTER INSERT ON main.events
WHEN NEW.kind = 'assignee' AND NEW.new IS NOT NULL BEGIN
    INSERT INTO hook_queue (event, ticket_id, time, operator)
    VALUES ('ticket.assigned', NEW.ticket_id, NEW.time, NEW.new);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_ticket_reopened AFTER INSERT ON main.events
WHEN NEW.kind = 'status' AND NEW.old = 'closed' AND NEW.new <> 'closed' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time) VALUES ('ticket.reopened', NEW.ticket_id, NEW.time);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_sla_breached AFTER INSERT ON main.events
WHEN NEW.kind = 'breach' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time, detail)
    VALUES ('sla.breached', NEW.ticket_id, NEW.time, NEW.new);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_message_received AFTER INSERT ON main.interactions
WHEN NEW.direction = 'in' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time, interaction_id)
    VALUES ('message.received', NEW.ticket_id, NEW.time, NEW.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_reply_failed_insert AFTER INSERT ON main.interactions
WHEN NEW.email_state = 'failed' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time, interaction_id)
    VALUES ('reply.failed', NEW.ticket_id, NEW.time, NEW.id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS hook_reply_failed AFTER UPDATE OF email_state ON main.interactions
WHEN NEW.email_state = 'failed' AND OLD.email_state IS NOT 'failed' BEGIN
    INSERT INTO hook_queue (event, ticket_id, time, interaction_id)
    VALUES ('reply.failed', NEW.ticket_id, NEW.time, NEW.id);
END;
";

/// The PostgreSQL side: permanent triggers (migrations/pg/014_schema.sql)
/// that write into a session's temporary queue while it set `hd.hooks`.
const PG_SESSION: &str = include_str!("migrations/pg/hooks_session.sql");

/// The statements of one `-- name:` section of [`PG_SESSION`].
fn pg_section(name: &str) -> &'static str {
    let marker = format!("-- name: {name}\n");
    let Some(start) = PG_SESSION.find(&marker) else {
        return "";
    };
    let body = &PG_SESSION[start + marker.len()..];
    let end = body.find("-- name:").unwrap_or(body.len());
    &body[..end]
}

/// Starts recording this connection's hookable changes.
pub fn record(conn: &Connection) -> crate::db::Result<()> {
    if conn.is_postgres() {
        conn.record_hooks(true);
        return conn.execute_batch(pg_section("record"));
    }
    conn.execute_batch(SETUP)
}

/// Stops recording for a while (a mailbox's first import) and forgets what
/// was recorded meanwhile; [`record`] starts again.
pub fn pause(conn: &Connection) -> crate::db::Result<()> {
    if conn.is_postgres() {
        conn.record_hooks(false);
        return conn.execute_batch(pg_section("pause"));
    }
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS temp.hook_ticket_created;
         DROP TRIGGER IF EXISTS temp.hook_ticket_assigned;
         DROP TRIGGER IF EXISTS temp.hook_ticket_reopened;
         DROP TRIGGER IF EXISTS temp.hook_sla_breached;
         DROP TRIGGER IF EXISTS temp.hook_message_received;
         DROP TRIGGER IF EXISTS temp.hook_reply_failed_insert;
         DROP TRIGGER IF EXISTS temp.hook_reply_failed;",
    )
}

/// Takes the committed changes recorded so far, oldest first. Outside a
/// transaction only: inside one, rows of the open transaction would be taken
/// before they are committed, so then it takes nothing.
pub fn drain(conn: &Connection) -> crate::db::Result<Vec<Happened>> {
    if !conn.is_autocommit() {
        return Ok(Vec::new());
    }
    let (exists, take) = if conn.is_postgres() {
        (pg_section("exists"), pg_section("drain"))
    } else {
        (
            "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'hook_queue')",
            "DELETE FROM hook_queue RETURNING id, event, ticket_id, time, operator, interaction_id, detail",
        )
    };
    let exists: bool = conn.query_row(exists.trim().trim_end_matches(';'), [], |r| r.get(0))?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare_cached(take.trim().trim_end_matches(';'))?;
    let mut rows: Vec<(i64, Happened)> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Happened {
                    event: r.get(1)?,
                    ticket_id: r.get(2)?,
                    time: r.get(3)?,
                    operator: r.get(4)?,
                    interaction_id: r.get(5)?,
                    detail: r.get(6)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|(id, _)| *id);
    Ok(rows.into_iter().map(|(_, h)| h).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn ticket(tx: &Connection) -> i64 {
        tx.execute_batch(
            "INSERT INTO tickets (prefix, number, queue, status, subject, created, updated) \
             VALUES ('REQ', 1, 'support', 'queued', 's', 5, 5)",
        )
        .unwrap();
        tx.last_insert_rowid()
    }

    #[test]
    fn committed_changes_are_reported_once_and_rolled_back_ones_never() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("hd.db"), true).unwrap();
        record(&store.conn).unwrap();
        let tx = store.write().unwrap();
        let id = ticket(&tx);
        crate::store::events(
            &tx,
            id,
            7,
            &[
                ("sync", "created", None, Some("REQ-000001")),
                ("distribution", "assignee", None, Some("jana")),
                ("jana", "assignee", Some("jana"), None),
                ("jana", "status", Some("closed"), Some("open")),
                ("jana", "status", Some("open"), Some("waiting")),
                ("sla", "breach", None, Some("first_response")),
            ],
        )
        .unwrap();
        // Not committed yet: nothing to take.
        assert!(drain(&tx).unwrap().is_empty());
        tx.commit().unwrap();
        let tx = store.write().unwrap();
        crate::store::event(&tx, id, 9, "jana", "assignee", None, Some("petr")).unwrap();
        tx.rollback().unwrap();
        let got: Vec<(String, Option<String>, Option<String>)> = drain(&store.conn)
            .unwrap()
            .into_iter()
            .map(|h| (h.event, h.operator, h.detail))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ticket.created".into(), None, None),
                ("ticket.assigned".into(), Some("jana".into()), None),
                ("ticket.reopened".into(), None, None),
                ("sla.breached".into(), None, Some("first_response".into())),
            ]
        );
        assert!(drain(&store.conn).unwrap().is_empty());
    }

    #[test]
    fn messages_in_and_failed_replies_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("hd.db"), true).unwrap();
        record(&store.conn).unwrap();
        let tx = store.write().unwrap();
        let id = ticket(&tx);
        tx.execute(
            "INSERT INTO interactions (ticket_id, time, direction) VALUES (?1, 10, 'in')",
            [id],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO interactions (ticket_id, time, direction, email_state) VALUES (?1, 11, 'out', 'waiting')",
            [id],
        )
        .unwrap();
        let out = tx.last_insert_rowid();
        tx.execute(
            "UPDATE interactions SET email_state = 'failed' WHERE id = ?1",
            [out],
        )
        .unwrap();
        // Failing again is not a new failure.
        tx.execute(
            "UPDATE interactions SET email_state = 'failed' WHERE id = ?1",
            [out],
        )
        .unwrap();
        tx.commit().unwrap();
        let got: Vec<(String, i64)> = drain(&store.conn)
            .unwrap()
            .into_iter()
            .map(|h| (h.event, h.time))
            .collect();
        assert_eq!(
            got,
            vec![("message.received".into(), 10), ("reply.failed".into(), 11)]
        );
        pause(&store.conn).unwrap();
        let tx = store.write().unwrap();
        tx.execute(
            "INSERT INTO interactions (ticket_id, time, direction) VALUES (?1, 12, 'in')",
            [id],
        )
        .unwrap();
        tx.commit().unwrap();
        assert!(drain(&store.conn).unwrap().is_empty());
    }
}
