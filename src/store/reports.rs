//! The queries of `hd stats` and `hd sla`. `rights` is an SQL fragment over tickets
//! `t` (empty, or ` AND ...` limiting queues) and `rights_params` its parameters.

use crate::db::types::Value as SqlValue;
use crate::db::{Connection, Rows};

/// Tickets counted in reports: not deleted, not merged away.
const BASE: &str = "t.deleted = 0 AND t.merged_into IS NULL";

fn with_range(from: i64, to: i64, rights_params: &[SqlValue]) -> Vec<SqlValue> {
    let mut p = vec![SqlValue::Integer(from), SqlValue::Integer(to)];
    p.extend(rights_params.iter().cloned());
    p
}

/// When each ticket created in `[from, to)` was created.
pub fn created_times(
    conn: &Connection,
    from: i64,
    to: i64,
    rights: &str,
    rights_params: &[SqlValue],
) -> crate::db::Result<Vec<i64>> {
    let mut st = conn.prepare(&format!(
        "SELECT t.created FROM tickets t WHERE {BASE} AND t.created >= ? AND t.created < ?{rights}"
    ))?;
    let mut rows = st.query(crate::db::params_from_iter(with_range(
        from,
        to,
        rights_params,
    )))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(r.get(0)?);
    }
    Ok(out)
}

/// Tickets closed in `[from, to)` per assignee, most first.
pub fn resolved_per_operator(
    conn: &Connection,
    from: i64,
    to: i64,
    rights: &str,
    rights_params: &[SqlValue],
) -> crate::db::Result<Vec<(String, i64)>> {
    let mut resolved: Vec<(String, i64)> = Vec::new();
    let mut st = conn.prepare(&format!(
        "SELECT coalesce(t.assignee, '(unassigned)'), count(*) FROM events e JOIN tickets t ON t.id = e.ticket_id \
         WHERE {BASE} AND e.kind = 'status' AND e.new = 'closed' AND e.time >= ? AND e.time < ?{rights} \
         GROUP BY 1 ORDER BY 2 DESC, 1"
    ))?;
    for r in st.query_map(
        crate::db::params_from_iter(with_range(from, to, rights_params)),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )? {
        resolved.push(r?);
    }
    Ok(resolved)
}

/// Tickets not closed, counted per status.
pub fn backlog(
    conn: &Connection,
    rights: &str,
    rights_params: &[SqlValue],
) -> crate::db::Result<Vec<(String, i64)>> {
    let mut backlog: Vec<(String, i64)> = Vec::new();
    let mut st = conn.prepare(&format!(
        "SELECT t.status, count(*) FROM tickets t WHERE {BASE} AND t.status != 'closed'{rights} GROUP BY 1"
    ))?;
    for r in st.query_map(crate::db::params_from_iter(rights_params.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })? {
        backlog.push(r?);
    }
    Ok(backlog)
}

/// Average rating and count of rated tickets created in `[from, to)`, per value of
/// the ticket column `col` (`t.assignee`, `t.category`, `t.queue`).
pub fn satisfaction(
    conn: &Connection,
    col: &str,
    from: i64,
    to: i64,
    rights: &str,
    rights_params: &[SqlValue],
) -> crate::db::Result<Vec<(String, f64, i64)>> {
    let mut out = Vec::new();
    let mut st = conn.prepare(&format!(
        "SELECT coalesce({col}, '(none)'), avg(t.rating), count(t.rating) FROM tickets t \
         WHERE {BASE} AND t.rating IS NOT NULL AND t.created >= ? AND t.created < ?{rights} GROUP BY 1 ORDER BY 1"
    ))?;
    for r in st.query_map(
        crate::db::params_from_iter(with_range(from, to, rights_params)),
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    )? {
        out.push(r?);
    }
    Ok(out)
}

/// A ticket as the SLA report reads it.
#[derive(Debug, Clone)]
pub struct SlaTicket {
    /// The row id.
    pub id: i64,
    /// The number prefix.
    pub prefix: String,
    /// The number.
    pub number: i64,
    /// The queue.
    pub queue: String,
    /// The category.
    pub category: Option<String>,
    /// The priority rank.
    pub priority: i64,
    /// The assignee.
    pub assignee: Option<String>,
    /// Where it came from.
    pub source: String,
    /// When it was created.
    pub created: i64,
    /// When it was first answered.
    pub first_response_at: Option<i64>,
}

/// The four cursors of the SLA report, each in ticket id order.
pub struct SlaRows<'s> {
    tickets: Rows<'s>,
    events: Rows<'s>,
    messages: Rows<'s>,
    replies: Rows<'s>,
}

impl SlaRows<'_> {
    /// The next selected ticket.
    pub fn next_ticket(&mut self) -> crate::db::Result<Option<SlaTicket>> {
        let Some(r) = self.tickets.next()? else {
            return Ok(None);
        };
        Ok(Some(SlaTicket {
            id: r.get(0)?,
            prefix: r.get(1)?,
            number: r.get(2)?,
            queue: r.get(3)?,
            category: r.get(4)?,
            priority: r.get(5)?,
            assignee: r.get(6)?,
            source: r.get(7)?,
            created: r.get(8)?,
            first_response_at: r.get(9)?,
        }))
    }

    /// The next status change as (ticket id, time, new status).
    pub fn next_status(&mut self) -> crate::db::Result<Option<(i64, i64, String)>> {
        match self.events.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?, r.get(2)?))),
            None => Ok(None),
        }
    }

    /// The next customer message as (ticket id, time).
    pub fn next_customer_message(&mut self) -> crate::db::Result<Option<(i64, i64)>> {
        match self.messages.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?))),
            None => Ok(None),
        }
    }

    /// The next public operator reply as (ticket id, time); none unless asked for.
    pub fn next_reply(&mut self) -> crate::db::Result<Option<(i64, i64)>> {
        match self.replies.next()? {
            Some(r) => Ok(Some((r.get(0)?, r.get(1)?))),
            None => Ok(None),
        }
    }
}

/// Opens the SLA report's cursors over the tickets (`t`) matching `where_sql` and
/// hands them to `consume`; replies are read only when `wants_replies`.
pub fn sla_rows<T, E: From<crate::db::Error>>(
    conn: &Connection,
    where_sql: &str,
    params: &[SqlValue],
    wants_replies: bool,
    consume: impl FnOnce(&mut SlaRows<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let mut tickets_st = conn.prepare_stream(&format!(
        "SELECT t.id, t.prefix, t.number, t.queue, t.category, t.priority, t.assignee, t.source, t.created, \
         t.first_response_at FROM tickets t WHERE {where_sql} ORDER BY t.id"
    ))?;
    // Events and messages are read in ticket order from covering indexes, bounded
    // by the id range of the selected tickets; the merge walk skips the others.
    let (lo, hi): (Option<i64>, Option<i64>) = conn.query_row(
        &format!("SELECT min(t.id), max(t.id) FROM tickets t WHERE {where_sql}"),
        crate::db::params_from_iter(params.iter()),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(-1));
    let mut events_st = conn.prepare_stream(
        "SELECT ticket_id, time, new FROM events INDEXED BY events_status_timeline \
         WHERE kind = 'status' AND ticket_id BETWEEN ?1 AND ?2 ORDER BY ticket_id, time, id",
    )?;
    let mut msgs_st = conn.prepare_stream(
        "SELECT ticket_id, time FROM interactions INDEXED BY interactions_sla_customer \
         WHERE direction = 'in' AND automatic = 0 AND deleted = 0 AND ticket_id BETWEEN ?1 AND ?2 \
         ORDER BY ticket_id, time",
    )?;
    let mut replies_st = conn.prepare_stream(
        "SELECT ticket_id, time FROM interactions INDEXED BY interactions_ticket \
         WHERE direction = 'out' AND automatic = 0 AND deleted = 0 AND ticket_id BETWEEN ?1 AND ?2 \
         ORDER BY ticket_id, time",
    )?;
    let replies = if wants_replies {
        replies_st.query([lo, hi])?
    } else {
        replies_st.query([1, 0])?
    };
    let tickets = tickets_st.query(crate::db::params_from_iter(params.iter()))?;
    let events = events_st.query([lo, hi])?;
    let messages = msgs_st.query([lo, hi])?;
    consume(&mut SlaRows {
        tickets,
        events,
        messages,
        replies,
    })
}
