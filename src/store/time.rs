//! Time entries and running timers.

use crate::db::{Connection, OptionalExtension, params};

/// A time entry to record.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// The ticket's row id.
    pub ticket_id: i64,
    /// Who worked.
    pub operator: &'a str,
    /// When the work was done (a timer's start).
    pub time: i64,
    /// How long, more than zero.
    pub seconds: i64,
    /// What it was spent on.
    pub note: &'a str,
    /// `manual`, `timer`, `reply` or `comment`.
    pub source: &'a str,
    /// The reply or note it was logged with.
    pub interaction_id: Option<i64>,
    /// When it was recorded.
    pub created: i64,
}

/// A recorded time entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Row id.
    pub id: i64,
    /// Who worked.
    pub operator: String,
    /// When the work was done.
    pub time: i64,
    /// How long.
    pub seconds: i64,
    /// What it was spent on.
    pub note: String,
    /// Where it came from.
    pub source: String,
}

/// A running timer.
#[derive(Debug, Clone)]
pub struct Timer {
    /// Whose it is.
    pub operator: String,
    /// The ticket's row id.
    pub ticket_id: i64,
    /// When it started.
    pub started: i64,
    /// The note given at the start.
    pub note: String,
}

/// Records a time entry; returns its id.
pub fn add(tx: &Connection, e: &NewEntry<'_>) -> crate::db::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO time_entries (ticket_id, operator, time, seconds, note, source, interaction_id, created) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.ticket_id,
        e.operator,
        e.time,
        e.seconds,
        e.note,
        e.source,
        e.interaction_id,
        e.created
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The entries of a ticket, oldest first.
pub fn of_ticket(conn: &Connection, ticket_id: i64) -> crate::db::Result<Vec<Entry>> {
    let mut st = conn.prepare_cached(
        "SELECT id, operator, time, seconds, note, source FROM time_entries \
         WHERE ticket_id = ?1 ORDER BY time, id",
    )?;
    st.query_map([ticket_id], |r| {
        Ok(Entry {
            id: r.get(0)?,
            operator: r.get(1)?,
            time: r.get(2)?,
            seconds: r.get(3)?,
            note: r.get(4)?,
            source: r.get(5)?,
        })
    })?
    .collect()
}

/// The number of entries of a ticket and their total seconds.
pub fn total_of(conn: &Connection, ticket_id: i64) -> crate::db::Result<(i64, i64)> {
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(seconds), 0) FROM time_entries WHERE ticket_id = ?1",
    )?
    .query_row([ticket_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// The operator's running timer.
pub fn timer_of(conn: &Connection, operator: &str) -> crate::db::Result<Option<Timer>> {
    conn.prepare_cached(
        "SELECT operator, ticket_id, started, note FROM timers WHERE operator = ?1",
    )?
    .query_row([operator], |r| {
        Ok(Timer {
            operator: r.get(0)?,
            ticket_id: r.get(1)?,
            started: r.get(2)?,
            note: r.get(3)?,
        })
    })
    .optional()
}

/// Starts the operator's timer; the caller has stopped any running one.
pub fn start_timer(tx: &Connection, t: &Timer) -> crate::db::Result<()> {
    tx.prepare_cached(
        "INSERT INTO timers (operator, ticket_id, started, note) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (operator) DO UPDATE SET ticket_id = excluded.ticket_id, \
         started = excluded.started, note = excluded.note",
    )?
    .execute(params![t.operator, t.ticket_id, t.started, t.note])?;
    Ok(())
}

/// Removes the operator's timer.
pub fn remove_timer(tx: &Connection, operator: &str) -> crate::db::Result<()> {
    tx.prepare_cached("DELETE FROM timers WHERE operator = ?1")?
        .execute([operator])?;
    Ok(())
}

/// Moves entries and timers of a merged ticket to the one it was merged into.
pub fn move_to(tx: &Connection, from: i64, into: i64) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE time_entries SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from, into],
    )?;
    tx.execute(
        "UPDATE timers SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from, into],
    )?;
    Ok(())
}

/// Erases the notes of a ticket's entries and timers, keeping who and how long.
pub fn erase_notes_of_ticket(tx: &Connection, ticket_id: i64) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE time_entries SET note = '' WHERE ticket_id = ?1",
        [ticket_id],
    )?;
    tx.execute(
        "UPDATE timers SET note = '' WHERE ticket_id = ?1",
        [ticket_id],
    )?;
    Ok(())
}

/// Erases the note of the entry logged with one interaction.
pub fn erase_notes_of_interaction(tx: &Connection, interaction_id: i64) -> crate::db::Result<()> {
    tx.execute(
        "UPDATE time_entries SET note = '' WHERE interaction_id = ?1",
        [interaction_id],
    )?;
    Ok(())
}

/// What a time report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKey {
    /// Everything in one group, `all`.
    All,
    /// Who worked.
    Operator,
    /// The ticket's category (`(none)` without one).
    Category,
    /// The ticket's queue.
    Queue,
    /// The ticket's contact address (`(none)` without one).
    Contact,
    /// The ticket.
    Ticket,
}

/// One group of a time report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// The group: an operator, category, queue, contact address or ticket number.
    pub group: String,
    /// How many entries.
    pub entries: i64,
    /// Their total seconds.
    pub seconds: i64,
}

/// Sums the entries done in `[from, to)` of tickets not deleted, in the given
/// queues (`None`: all), per group, largest first.
pub fn report(
    conn: &Connection,
    key: ReportKey,
    from: Option<i64>,
    to: Option<i64>,
    queues: Option<&[String]>,
) -> crate::db::Result<Vec<ReportRow>> {
    let group = match key {
        ReportKey::All => "'all'",
        ReportKey::Operator => "e.operator",
        ReportKey::Category => "coalesce(t.category, '(none)')",
        ReportKey::Queue => "t.queue",
        ReportKey::Contact => "coalesce(c.email, '(none)')",
        // printf('%s-%06d') in words both engines know.
        ReportKey::Ticket => {
            "t.prefix || '-' || CASE WHEN t.number >= 1000000 THEN t.number || '' \
             ELSE substr('000000' || t.number, length(t.number || '') + 1) END"
        }
    };
    let mut sql = format!(
        "SELECT {group}, count(*), sum(e.seconds) FROM time_entries e \
         JOIN tickets t ON t.id = e.ticket_id LEFT JOIN contacts c ON c.id = t.contact_id \
         WHERE t.deleted = 0 AND e.time >= ?1 AND e.time < ?2"
    );
    let mut values: Vec<crate::db::types::Value> = vec![
        from.unwrap_or(i64::MIN).into(),
        to.unwrap_or(i64::MAX).into(),
    ];
    if let Some(qs) = queues {
        let marks = vec!["?"; qs.len()].join(", ");
        sql.push_str(&format!(" AND t.queue IN ({marks})"));
        values.extend(qs.iter().map(|q| q.clone().into()));
    }
    sql.push_str(" GROUP BY 1 ORDER BY 3 DESC, 1");
    let mut st = conn.prepare(&sql)?;
    st.query_map(crate::db::params_from_iter(values), |r| {
        Ok(ReportRow {
            group: r.get(0)?,
            entries: r.get(1)?,
            seconds: r.get(2)?,
        })
    })?
    .collect()
}
