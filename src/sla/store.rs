//! The SLA against the database: which policy a ticket follows, its timeline from
//! events, and the stored due times that views (`overdue:yes`) read.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::db::{Connection, params};
use chrono::{DateTime, Utc};

use super::{
    Calendar, CalendarConfig, Clock, NextResponse, SlaPolicyConfig, SlaState, Targets, Timeline,
    compute, next_responses,
};
use crate::config::Config;
use crate::error::{HdError, usage};
use crate::model::Status;
use crate::store::event;
use crate::store::tickets::{self, Ticket};

/// The config's policies and calendars, parsed once per process.
pub struct Policies {
    policies: HashMap<String, (SlaPolicyConfig, Clock)>,
    calendars: HashMap<String, Clock>,
}

static POLICIES: OnceLock<Result<Policies, String>> = OnceLock::new();

impl Policies {
    fn build(config: &Config) -> Result<Policies, String> {
        let mut calendars = HashMap::new();
        for (name, (line, table)) in &config.calendars {
            // Each error points at the line of the value it names.
            let fail = |msg: &str| {
                format!(
                    "{}: calendar.{name}: {msg}",
                    config.at(config.line_in_table(*line, msg))
                )
            };
            let cfg: CalendarConfig = toml::Value::Table(table.clone())
                .try_into()
                .map_err(|e: toml::de::Error| fail(e.message().trim()))?;
            let cal = Calendar::from_config(&cfg, config.timezone).map_err(|e| fail(&e))?;
            calendars.insert(name.clone(), Clock::business(cal));
        }
        let mut policies = HashMap::new();
        for (name, (line, table)) in &config.sla {
            let p: SlaPolicyConfig =
                toml::Value::Table(table.clone())
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        let msg = e.message().trim();
                        format!(
                            "{}: sla.{name}: {msg}",
                            config.at(config.line_in_table(*line, msg))
                        )
                    })?;
            let clock = match &p.calendar {
                Some(c) => calendars.get(c).cloned().ok_or_else(|| {
                    let msg = format!("unknown calendar \"{c}\"");
                    format!(
                        "{}: sla.{name}.calendar: {msg}",
                        config.at(config.line_in_table(*line, &msg))
                    )
                })?,
                None => Clock::CalendarTime,
            };
            policies.insert(name.clone(), (p, clock));
        }
        Ok(Policies {
            policies,
            calendars,
        })
    }

    /// The policy name a ticket follows (see [`Config::sla_policy`]).
    pub fn policy_name<'c>(config: &'c Config, t: &Ticket) -> Option<&'c str> {
        config.sla_policy(t.category.as_deref(), &t.source, &t.queue)
    }

    /// The targets and clock a ticket is held to, if any.
    pub fn for_ticket(&self, config: &Config, t: &Ticket) -> Option<(Targets, &Clock)> {
        if t.automatic {
            return None;
        }
        let name = Self::policy_name(config, t)?;
        let (p, clock) = self.policies.get(name)?;
        let targets = p.targets(t.priority);
        if targets.first_response.is_none()
            && targets.resolution.is_none()
            && targets.next_response.is_none()
        {
            return None;
        }
        Some((targets, clock))
    }

    /// The targets and clock of a policy given the ticket's grouping fields.
    pub fn for_fields(
        &self,
        config: &Config,
        category: Option<&str>,
        source: &str,
        queue: &str,
        priority: crate::model::Priority,
    ) -> Option<(Targets, &Clock)> {
        let name = config.sla_policy(category, source, queue)?;
        let (p, clock) = self.policies.get(name)?;
        let targets = p.targets(priority);
        if targets.first_response.is_none()
            && targets.resolution.is_none()
            && targets.next_response.is_none()
        {
            return None;
        }
        Some((targets, clock))
    }

    /// Whether any policy sets a next-response target (at any priority).
    pub fn any_next_response(&self) -> bool {
        self.policies.values().any(|(p, _)| {
            crate::model::Priority::ALL
                .iter()
                .any(|&pr| p.targets(pr).next_response.is_some())
        })
    }

    /// A calendar's clock by name.
    pub fn calendar(&self, name: &str) -> Option<&Clock> {
        self.calendars.get(name)
    }
}

/// Parses (once) and returns the config's policies; errors name file, line and key.
pub fn policies(config: &Config) -> Result<&'static Policies, HdError> {
    POLICIES
        .get_or_init(|| Policies::build(config))
        .as_ref()
        .map_err(|e| usage(e.clone()))
}

/// The clock of a calendar name, or calendar time for `None`.
pub fn clock_for(config: &Config, calendar: Option<&str>) -> Result<Clock, HdError> {
    match calendar {
        None => Ok(Clock::CalendarTime),
        Some(name) => policies(config)?
            .calendar(name)
            .cloned()
            .ok_or_else(|| usage(format!("unknown calendar \"{name}\""))),
    }
}

fn at(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// Reads a ticket's timeline from its events and interactions.
pub fn timeline(conn: &Connection, t: &Ticket) -> crate::db::Result<Timeline> {
    // A ticket made from automatic mail becomes work when a person writes on
    // it: its SLA starts at that message.
    let start: i64 = conn
        .prepare_cached(
            "SELECT max(time) FROM events WHERE ticket_id = ?1 AND kind = 'automatic' AND new = 'no'",
        )?
        .query_row([t.id], |r| r.get::<_, Option<i64>>(0))?
        .map_or(t.created, |s| s.max(t.created));
    let mut tl = Timeline::new(at(start));
    let mut st = conn.prepare_cached(
        "SELECT time, new FROM events WHERE ticket_id = ?1 AND kind = 'status' ORDER BY time, id",
    )?;
    for r in st.query_map([t.id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (time, s) = r?;
        if let Ok(s) = s.parse::<Status>() {
            tl.statuses.push((at(time), s));
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT time FROM interactions WHERE ticket_id = ?1 AND direction = 'in' AND automatic = 0 \
         AND deleted = 0 AND time > ?2 ORDER BY time",
    )?;
    for r in st.query_map(params![t.id, start], |r| r.get::<_, i64>(0))? {
        tl.customer_messages.push(at(r?));
    }
    tl.first_public_reply = t.first_response_at.map(at);
    let mut st = conn.prepare_cached(
        "SELECT time FROM interactions WHERE ticket_id = ?1 AND direction = 'out' AND automatic = 0 \
         AND deleted = 0 ORDER BY time",
    )?;
    for r in st.query_map([t.id], |r| r.get::<_, i64>(0))? {
        tl.public_replies.push(at(r?));
    }
    Ok(tl)
}

/// The SLA state of a ticket as of a moment, with its next-response state when
/// the policy sets that target; `None` when no policy applies.
pub fn state_of(
    config: &Config,
    conn: &Connection,
    t: &Ticket,
    as_of: i64,
) -> crate::db::Result<Option<(SlaState, Option<NextResponse>)>> {
    let Ok(p) = policies(config) else {
        return Ok(None);
    };
    let Some((targets, clock)) = p.for_ticket(config, t) else {
        return Ok(None);
    };
    let tl = timeline(conn, t)?;
    let state = compute(&tl, &targets, clock, at(as_of));
    let next = targets
        .next_response
        .map(|d| next_responses(&tl, d, clock, at(as_of)));
    Ok(Some((state, next)))
}

/// Recomputes and stores a ticket's due times, and records new breaches as events
/// stamped with the due time they missed.
pub fn refresh(
    config: &Config,
    tx: &Connection,
    ticket_id: i64,
    now: i64,
) -> crate::db::Result<()> {
    refresh_loaded(config, tx, &mut tickets::load(tx, ticket_id)?, now)
}

/// [`refresh`] for a ticket the caller holds as stored (sync files thousands of
/// messages a second and has each ticket at hand); the ticket is left as stored.
pub fn refresh_loaded(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    now: i64,
) -> crate::db::Result<()> {
    // Automatic mail is not work: no targets (an upgraded ticket keeps its own).
    if t.merged_into.is_some() || t.automatic {
        return Ok(());
    }
    let (state, next) = match state_of(config, tx, t, now)? {
        Some((s, n)) => (Some(s), n),
        None => (None, None),
    };
    let (fr_due, res_due, breaches, paused) = match &state {
        Some(s) => (
            s.first_response_due.map(|d| d.timestamp()),
            s.resolution_due.map(|d| d.timestamp()),
            s.breaches.clone(),
            s.paused.last().is_some_and(|p| p.1.is_none()),
        ),
        None => (None, None, Vec::new(), false),
    };
    let due = match &state {
        Some(s) => ticket_due(t, s, next.as_ref(), paused),
        None => None,
    };
    if fr_due != t.first_response_due || res_due != t.resolution_due || due != t.due {
        tx.prepare_cached(
            "UPDATE tickets SET first_response_due = ?2, resolution_due = ?3, due = ?4 WHERE id = ?1",
        )?
        .write(params![t.id, fr_due, res_due, due])?;
    }
    // While a pause runs the due times move with the clock; record them once it ends.
    if (fr_due != t.first_response_due || res_due != t.resolution_due) && !paused {
        let show = |v: Option<i64>| {
            v.map_or_else(
                || "none".to_string(),
                |x| crate::output::fmt_time(config.timezone, x),
            )
        };
        event(
            tx,
            t.id,
            now.max(t.created),
            "sla",
            "sla",
            None,
            Some(&format!(
                "first response due {}, resolution due {}",
                show(fr_due),
                show(res_due)
            )),
        )?;
    }
    let next_breaches = next.map(|n| n.breaches).unwrap_or_default();
    let breached = !breaches.is_empty() || !next_breaches.is_empty();
    if breached != t.breached {
        tx.prepare_cached("UPDATE tickets SET breached = ?2 WHERE id = ?1")?
            .execute(params![t.id, breached as i64])?;
    }
    t.first_response_due = fr_due;
    t.resolution_due = res_due;
    t.due = due;
    t.breached = breached;
    for due in next_breaches {
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM events WHERE ticket_id = ?1 AND kind = 'breach' \
                 AND new = 'next_response' AND time = ?2)",
            )?
            .query_row(params![t.id, due.timestamp()], |r| r.get(0))?;
        if !known {
            event(
                tx,
                t.id,
                due.timestamp(),
                "sla",
                "breach",
                None,
                Some("next_response"),
            )?;
        }
    }
    for (kind, due) in breaches {
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM events WHERE ticket_id = ?1 AND kind = 'breach' AND new = ?2)",
            )?
            .query_row(params![t.id, kind.as_str()], |r| r.get(0))?;
        if !known {
            event(
                tx,
                t.id,
                due.timestamp(),
                "sla",
                "breach",
                None,
                Some(kind.as_str()),
            )?;
        }
    }
    Ok(())
}

/// A ticket's next unmet deadline (PRODUCT.md `due`): the first response until the first
/// reply, then the earlier of resolution and a pending next response; none while the
/// clock is paused or the ticket is closed or resolved.
pub fn ticket_due(
    t: &Ticket,
    s: &SlaState,
    next: Option<&NextResponse>,
    paused: bool,
) -> Option<i64> {
    if paused || matches!(t.status, Status::Waiting | Status::Closed) || t.merged_into.is_some() {
        return None;
    }
    if s.first_response_at.is_none()
        && let Some(fr) = s.first_response_due
    {
        return Some(fr.timestamp());
    }
    let resolution = s
        .resolution_due
        .filter(|_| s.resolution_met != Some(true))
        .map(|d| d.timestamp());
    let next = next.and_then(|n| n.pending_due).map(|d| d.timestamp());
    match (resolution, next) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Records breaches of tickets nobody touched since their due time passed; a ticket
/// that already missed its first response still gets its resolution breach.
pub fn sweep(config: &Config, tx: &Connection, now: i64) -> crate::db::Result<usize> {
    let ids: Vec<i64> = {
        let mut st = tx.prepare_cached(
            "SELECT id FROM tickets t WHERE deleted = 0 AND automatic = 0 AND merged_into IS NULL AND status IN ('queued', 'open') \
             AND ((resolution_due < ?1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id \
             AND e.kind = 'breach' AND e.new = 'resolution')) \
             OR (first_response_due < ?1 AND first_response_at IS NULL AND NOT EXISTS (SELECT 1 FROM events e \
             WHERE e.ticket_id = t.id AND e.kind = 'breach' AND e.new = 'first_response')))",
        )?;
        st.query_map([now], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for &id in &ids {
        refresh(config, tx, id, now)?;
    }
    Ok(ids.len() + sweep_next_responses(config, tx, now)?.0)
}

/// Records next-response breaches whose due time has passed on tickets nobody
/// touched since; returns how many tickets had one, and the earliest
/// next-response due time still ahead.
pub fn sweep_next_responses(
    config: &Config,
    tx: &Connection,
    now: i64,
) -> crate::db::Result<(usize, Option<i64>)> {
    let Ok(p) = policies(config) else {
        return Ok((0, None));
    };
    if !p.any_next_response() {
        return Ok((0, None));
    }
    // Answered once, and the customer wrote after the last answer.
    let ids: Vec<i64> = {
        let mut st = tx.prepare_cached(
            "SELECT id FROM tickets t WHERE deleted = 0 AND merged_into IS NULL \
             AND status IN ('queued', 'open') AND first_response_at IS NOT NULL \
             AND (SELECT max(time) FROM interactions i WHERE i.ticket_id = t.id AND i.direction = 'in' \
                  AND i.automatic = 0 AND i.deleted = 0) > \
                 (SELECT max(time) FROM interactions o WHERE o.ticket_id = t.id AND o.direction = 'out' \
                  AND o.automatic = 0 AND o.deleted = 0)",
        )?;
        st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let mut late = 0;
    let mut ahead: Option<i64> = None;
    for id in ids {
        let mut t = tickets::load(tx, id)?;
        let Some((_, Some(next))) = state_of(config, tx, &t, now)? else {
            continue;
        };
        if let Some(due) = next.pending_due.map(|d| d.timestamp())
            && due >= now
        {
            ahead = Some(ahead.map_or(due, |a| a.min(due)));
        }
        if next.breaches.iter().any(|d| d.timestamp() <= now) {
            refresh_loaded(config, tx, &mut t, now)?;
            late += 1;
        }
    }
    Ok((late, ahead))
}

/// The earliest first-response or resolution due time from `now` on: once
/// it is past, the next sweep has something to find.
pub fn next_due(tx: &Connection, now: i64) -> crate::db::Result<Option<i64>> {
    tx.prepare_cached(
        "SELECT min(d) FROM ( \
         SELECT min(resolution_due) AS d FROM tickets WHERE deleted = 0 AND merged_into IS NULL \
           AND status IN ('queued', 'open') AND resolution_due >= ?1 \
         UNION ALL \
         SELECT min(first_response_due) FROM tickets WHERE deleted = 0 AND merged_into IS NULL \
           AND status IN ('queued', 'open') AND first_response_at IS NULL AND first_response_due >= ?1)",
    )?
    .query_row([now], |r| r.get(0))
}
