//! Automatic distribution: who gets a new or waiting-for-someone ticket.
//!
//! Eligible operators have rights on the ticket's queue, handle its category
//! (when both are set), are not away, and are below `max_open` (queued and open
//! tickets assigned to them). Round robin picks the least recently assigned;
//! least loaded picks the fewest open tickets, ties by least recently assigned.

use std::collections::HashMap;

use crate::db::{Connection, params};

use crate::config::{Config, Distribution, OperatorConfig};
use crate::model::Status;
use crate::store::tickets::{self, Ticket};

/// The actor name of distribution's events.
pub const ACTOR: &str = "distribution";

/// Operator state distribution decides on. Rotation state is read once; each
/// operator's load is counted only when needed (from a covering index) and then
/// kept up to date in memory, so handing out a ticket costs one small count.
/// A pool is valid within one write transaction: nobody else changes tickets
/// meanwhile. Rotation times it hands out are stored by [`Pool::save`].
pub struct Pool {
    load: HashMap<String, i64>,
    last: HashMap<String, i64>,
    away: HashMap<String, bool>,
    unsaved: Vec<String>,
}

impl Pool {
    /// Reads the operators' rotation state.
    pub fn read(conn: &Connection) -> crate::db::Result<Pool> {
        let mut last = HashMap::new();
        let mut away = HashMap::new();
        let mut st = conn.prepare_cached("SELECT name, last_assigned, away FROM operator_state")?;
        for r in st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (k, l, a) = r?;
            last.insert(k.clone(), l);
            away.insert(k, a != 0);
        }
        Ok(Pool {
            load: HashMap::new(),
            last,
            away,
            unsaved: Vec::new(),
        })
    }

    /// Queued and open tickets assigned to an operator.
    fn load_of(&mut self, conn: &Connection, name: &str) -> crate::db::Result<i64> {
        if let Some(n) = self.load.get(name) {
            return Ok(*n);
        }
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM tickets INDEXED BY tickets_operator_load WHERE assignee = ?1 \
                 AND status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL",
            )?
            .query_row([name], |r| r.get(0))?;
        self.load.insert(name.to_string(), n);
        Ok(n)
    }

    /// Operators who may take this ticket now, ignoring their load.
    fn candidates<'a>(
        &self,
        config: &'a Config,
        t: &Ticket,
        now: i64,
    ) -> Vec<(usize, &'a str, Option<u32>)> {
        let category = t.category.as_deref().and_then(|c| config.category(c));
        let mut out = Vec::new();
        for (idx, op) in config.operators.iter().enumerate() {
            let name = op.name.get_ref();
            if !op.queues.iter().any(|q| q.get_ref() == &t.queue) {
                continue;
            }
            if let Some(c) = &t.category
                && !op.categories.is_empty()
                && !op.categories.iter().any(|x| x.get_ref() == c)
            {
                continue;
            }
            if let Some(cat) = category
                && !cat.operators.is_empty()
                && !cat.operators.iter().any(|o| o.get_ref() == name)
            {
                continue;
            }
            if self.away.get(name).copied().unwrap_or(false) {
                continue;
            }
            if !operator_on_duty(config, op, now) {
                continue;
            }
            out.push((idx, name.as_str(), op.max_open));
        }
        out
    }

    fn pick(
        &mut self,
        conn: &Connection,
        config: &Config,
        t: &Ticket,
        mode: Distribution,
        now: i64,
    ) -> crate::db::Result<Option<String>> {
        let mut cands = self.candidates(config, t, now);
        // Least recently assigned first; round robin takes the first with a free slot.
        cands.sort_by_cached_key(|(idx, name, _)| {
            (self.last.get(*name).copied().unwrap_or(0), *idx)
        });
        let mut best: Option<(i64, usize)> = None;
        for (pos, (_, name, max)) in cands.iter().enumerate() {
            let load = self.load_of(conn, name)?;
            if max.is_some_and(|m| load >= i64::from(m)) {
                continue;
            }
            match mode {
                Distribution::LeastLoaded => {
                    if best.is_none_or(|(l, _)| load < l) {
                        best = Some((load, pos));
                    }
                }
                _ => {
                    best = Some((load, pos));
                    break;
                }
            }
        }
        Ok(best.map(|(_, pos)| cands[pos].1.to_string()))
    }

    /// Whether any operator of the queue could take a ticket now.
    fn has_slot(
        &mut self,
        conn: &Connection,
        config: &Config,
        queue: &str,
        now: i64,
    ) -> crate::db::Result<bool> {
        for op in &config.operators {
            let name = op.name.get_ref();
            if !op.queues.iter().any(|q| q.get_ref() == queue)
                || self.away.get(name).copied().unwrap_or(false)
                || !operator_on_duty(config, op, now)
            {
                continue;
            }
            match op.max_open {
                None => return Ok(true),
                Some(m) if self.load_of(conn, name)? < i64::from(m) => return Ok(true),
                _ => {}
            }
        }
        Ok(false)
    }

    fn assigned(&mut self, conn: &Connection, op: &str, now: i64) -> crate::db::Result<()> {
        let load = self.load_of(conn, op)?;
        self.load.insert(op.to_string(), load + 1);
        // Strictly increasing so several assignments in one second still rotate.
        let next = self.last.values().copied().max().unwrap_or(0).max(now - 1) + 1;
        self.last.insert(op.to_string(), next);
        self.unsaved.push(op.to_string());
        Ok(())
    }

    /// Picks the operator for a new ticket not stored yet (or `None`: the queue
    /// distributes by hand, or nobody eligible has a free slot), counting it
    /// toward their load.
    pub fn choose(
        &mut self,
        conn: &Connection,
        config: &Config,
        t: &Ticket,
        now: i64,
    ) -> crate::db::Result<Option<String>> {
        let mode = config.distribution(&t.queue, t.category.as_deref());
        if mode == Distribution::Manual
            || t.assignee.is_some()
            || t.deleted
            || !matches!(t.status, Status::Queued | Status::Open)
        {
            return Ok(None);
        }
        let op = self.pick(conn, config, t, mode, now)?;
        if let Some(op) = &op {
            self.assigned(conn, op, now)?;
        }
        Ok(op)
    }

    /// Adds `delta` to an operator's load as counted so far: a ticket of theirs
    /// changed status or owner outside the pool.
    pub fn count(&mut self, op: Option<&str>, delta: i64) {
        if let Some(n) = op.and_then(|op| self.load.get_mut(op)) {
            *n += delta;
        }
    }

    /// Stores the rotation times handed out since the last save.
    pub fn save(&mut self, conn: &Connection) -> crate::db::Result<()> {
        let mut ops = std::mem::take(&mut self.unsaved);
        ops.sort();
        ops.dedup();
        for op in ops {
            if let Some(&at) = self.last.get(&op) {
                record(conn, &op, at)?;
            }
        }
        Ok(())
    }
}

fn record(conn: &Connection, op: &str, at: i64) -> crate::db::Result<()> {
    conn.prepare_cached(
        "INSERT INTO operator_state (name, last_assigned) VALUES (?1, ?2) \
         ON CONFLICT (name) DO UPDATE SET last_assigned = ?2",
    )?
    .execute(params![op, at])?;
    Ok(())
}

/// Hands one unassigned ticket to an eligible operator; returns who got it.
pub fn assign_one(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    now: i64,
) -> crate::db::Result<Option<String>> {
    let mode = config.distribution(&t.queue, t.category.as_deref());
    if mode == Distribution::Manual {
        return Ok(None);
    }
    assign_with(config, tx, t, now, mode)
}

/// `hd assign --auto`: an explicit request, so a queue that distributes
/// manually is served round robin for this ticket.
pub fn assign_requested(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    now: i64,
) -> crate::db::Result<Option<String>> {
    let mode = match config.distribution(&t.queue, t.category.as_deref()) {
        Distribution::Manual => Distribution::RoundRobin,
        m => m,
    };
    assign_with(config, tx, t, now, mode)
}

fn assign_with(
    config: &Config,
    tx: &Connection,
    t: &mut Ticket,
    now: i64,
    mode: Distribution,
) -> crate::db::Result<Option<String>> {
    if t.assignee.is_some() || t.deleted || t.merged_into.is_some() {
        return Ok(None);
    }
    if !matches!(t.status, Status::Queued | Status::Open) {
        return Ok(None);
    }
    let mut pool = Pool::read(tx)?;
    let Some(op) = pool.pick(tx, config, t, mode, now)? else {
        return Ok(None);
    };
    pool.assigned(tx, &op, now)?;
    tickets::set_assignee(tx, t, Some(&op), now, ACTOR)?;
    pool.save(tx)?;
    Ok(Some(op))
}

/// Hands out waiting unassigned tickets, highest priority then oldest first,
/// while operators have free slots. Returns how many were assigned.
pub fn refill(config: &Config, tx: &Connection, now: i64) -> crate::db::Result<usize> {
    if config.operators.is_empty() {
        return Ok(0);
    }
    let mut pool = Pool::read(tx)?;
    let mut n = 0;
    // A category may distribute inside a queue that does not, and the reverse.
    let category_modes = config
        .categories
        .iter()
        .any(|c| c.distribution.is_some_and(|d| d != Distribution::Manual));
    for q in &config.queues {
        if q.distribution == Distribution::Manual && !category_modes {
            continue;
        }
        // Nobody of this queue has a free slot: skip its backlog without reading it.
        if !pool.has_slot(tx, config, q.name.get_ref(), now)? {
            continue;
        }
        let ids: Vec<i64> = {
            let mut st = tx.prepare_cached(
                "SELECT id FROM tickets WHERE queue = ?1 AND assignee IS NULL AND status IN ('queued', 'open') \
                 AND deleted = 0 AND automatic = 0 AND merged_into IS NULL ORDER BY priority DESC, created, id",
            )?;
            st.query_map([q.name.get_ref()], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in ids {
            if !pool.has_slot(tx, config, q.name.get_ref(), now)? {
                break;
            }
            let mut t = tickets::load(tx, id)?;
            let mode = config.distribution(&t.queue, t.category.as_deref());
            if mode == Distribution::Manual {
                continue;
            }
            if let Some(op) = pool.pick(tx, config, &t, mode, now)? {
                pool.assigned(tx, &op, now)?;
                tickets::set_assignee(tx, &mut t, Some(&op), now, ACTOR)?;
                n += 1;
            }
        }
    }
    pool.save(tx)?;
    Ok(n)
}

/// Whether an operator with a working-hours calendar is on duty now.
pub fn operator_on_duty(config: &Config, op: &OperatorConfig, now: i64) -> bool {
    let Some(cal) = &op.calendar else {
        return true;
    };
    match crate::sla::store::clock_for(config, Some(cal.get_ref())) {
        Ok(clock) => clock.is_open(chrono::DateTime::from_timestamp(now, 0).unwrap_or_default()),
        Err(_) => true,
    }
}
