//! The SLA state of one ticket, computed from its timeline alone.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::clock::Clock;
use super::policy::Targets;
use crate::model::Status;

/// What the SLA needs to know about one ticket; reusable across tickets (clear and refill).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Arrival of the first message (server receipt time); the clock starts here.
    pub arrival: DateTime<Utc>,
    /// Status changes, in time order.
    pub statuses: Vec<(DateTime<Utc>, Status)>,
    /// Arrival times of inbound customer mail after the first, in time order.
    pub customer_messages: Vec<DateTime<Utc>>,
    /// The first public operator reply, auto-acknowledgements excluded.
    pub first_public_reply: Option<DateTime<Utc>>,
    /// Every public operator reply in time order (for next-response targets).
    pub public_replies: Vec<DateTime<Utc>>,
}

impl Timeline {
    /// A timeline with only an arrival.
    pub fn new(arrival: DateTime<Utc>) -> Timeline {
        Timeline {
            arrival,
            statuses: Vec::new(),
            customer_messages: Vec::new(),
            first_public_reply: None,
            public_replies: Vec::new(),
        }
    }
}

/// Which target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Time to the first public operator reply.
    FirstResponse,
    /// Time to closing.
    Resolution,
}

impl Kind {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FirstResponse => "first_response",
            Kind::Resolution => "resolution",
        }
    }
}

/// The SLA state of one ticket at a moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaState {
    /// Due time of the first response, pushed out by pauses; `None` without a target.
    pub first_response_due: Option<DateTime<Utc>>,
    /// Due time of the resolution, pushed out by pauses and closed spells.
    pub resolution_due: Option<DateTime<Utc>>,
    /// When the first public operator reply went out.
    pub first_response_at: Option<DateTime<Utc>>,
    /// The last close, when the ticket is closed.
    pub resolved_at: Option<DateTime<Utc>>,
    /// `None` while undecided (or without a target).
    pub first_response_met: Option<bool>,
    /// `None` while undecided (or without a target).
    pub resolution_met: Option<bool>,
    /// Business seconds to the first response, paused time excluded.
    pub first_response_secs: Option<i64>,
    /// Business seconds to the resolution, paused and closed time excluded.
    pub resolution_secs: Option<i64>,
    /// Waiting pauses; the end is `None` while still paused.
    pub paused: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// Missed targets with the due time each missed.
    pub breaches: Vec<(Kind, DateTime<Utc>)>,
}

/// Why the clock stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Waiting,
    Closed,
}

/// The SLA state of a ticket as of `as_of`; events after `as_of` are ignored.
///
/// Both clocks stand still while the ticket is waiting (until the next status
/// change or customer message) or closed (until reopened), and each such spell
/// pushes a due time out by its business time, if it began before that due
/// time. A target is met when its event is at or before the due time and
/// breached once the event or `as_of` is past it.
pub fn compute(tl: &Timeline, targets: &Targets, clock: &Clock, as_of: DateTime<Utc>) -> SlaState {
    let arrival = tl.arrival;
    let statuses = sorted(&tl.statuses, |x| x.0);
    let messages = sorted(&tl.customer_messages, |x| *x);

    // Walk status changes and messages together; at one instant the status change goes first.
    let mut stops: Vec<(DateTime<Utc>, DateTime<Utc>, Stop)> = Vec::new();
    let mut paused = Vec::new();
    let mut cur: Option<(DateTime<Utc>, Stop)> = None;
    let mut end = |st: DateTime<Utc>, t: DateTime<Utc>, k: Stop, paused: &mut Vec<_>| {
        if t > st {
            stops.push((st, t, k));
            if k == Stop::Waiting {
                paused.push((st, Some(t)));
            }
        }
    };
    let (mut si, mut mi) = (0, 0);
    loop {
        let s = statuses.get(si).filter(|s| s.0 <= as_of);
        let m = messages.get(mi).filter(|&&m| m <= as_of);
        let (t, status) = match (s, m) {
            (Some(&(ts, st)), Some(&tm)) if ts <= tm => {
                si += 1;
                (ts, Some(st))
            }
            (_, Some(&tm)) => {
                mi += 1;
                (tm, None)
            }
            (Some(&(ts, st)), None) => {
                si += 1;
                (ts, Some(st))
            }
            (None, None) => break,
        };
        let t = t.max(arrival);
        match (status, cur) {
            (None, Some((st, Stop::Waiting))) => {
                end(st, t, Stop::Waiting, &mut paused);
                cur = None;
            }
            (None, _) => {}
            (Some(Status::Waiting), Some((_, Stop::Waiting)))
            | (Some(Status::Closed), Some((_, Stop::Closed))) => {}
            (Some(Status::Waiting), c) => {
                if let Some((st, k)) = c {
                    end(st, t, k, &mut paused);
                }
                cur = Some((t, Stop::Waiting));
            }
            (Some(Status::Closed), c) => {
                if let Some((st, k)) = c {
                    end(st, t, k, &mut paused);
                }
                cur = Some((t, Stop::Closed));
            }
            (Some(Status::Queued | Status::Open), c) => {
                if let Some((st, k)) = c {
                    end(st, t, k, &mut paused);
                }
                cur = None;
            }
        }
    }
    let mut resolved_at = None;
    if let Some((st, k)) = cur {
        match k {
            Stop::Closed => resolved_at = Some(st),
            Stop::Waiting => paused.push((st, None)),
        }
        // An open-ended spell counts up to `as_of`.
        stops.push((st, as_of.max(st), k));
    }

    let first_response_at = tl
        .first_public_reply
        .filter(|&r| r <= as_of)
        .map(|r| r.max(arrival));
    let fr = track(
        clock,
        arrival,
        as_of,
        targets.first_response,
        first_response_at,
        &stops,
    );
    let res = track(
        clock,
        arrival,
        as_of,
        targets.resolution,
        resolved_at,
        &stops,
    );

    let mut breaches = Vec::new();
    if let (Some(false), Some(due)) = (fr.met, fr.due) {
        breaches.push((Kind::FirstResponse, due));
    }
    if let (Some(false), Some(due)) = (res.met, res.due) {
        breaches.push((Kind::Resolution, due));
    }
    SlaState {
        first_response_due: fr.due,
        resolution_due: res.due,
        first_response_at,
        resolved_at,
        first_response_met: fr.met,
        resolution_met: res.met,
        first_response_secs: fr.secs,
        resolution_secs: res.secs,
        paused,
        breaches,
    }
}

/// The next-response targets of a ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextResponse {
    /// The due time of the answer still owed, if one is.
    pub pending_due: Option<DateTime<Utc>>,
    /// Answers given in time.
    pub met: u32,
    /// Due times missed (answered late, or still unanswered past due).
    pub breaches: Vec<DateTime<Utc>>,
}

/// Next-response targets: a customer message that arrives after an operator has
/// replied, while no earlier answer is owed, starts a clock that the next public
/// reply stops. The first response has its own target, so messages before the
/// first reply start nothing.
pub fn next_responses(
    tl: &Timeline,
    target: super::SlaDuration,
    clock: &Clock,
    as_of: DateTime<Utc>,
) -> NextResponse {
    let replies = sorted(&tl.public_replies, |x| *x);
    let messages = sorted(&tl.customer_messages, |x| *x);
    let mut out = NextResponse::default();
    let mut ri = 0;
    let mut mi = 0;
    while let Some(&m) = messages.get(mi) {
        if m > as_of {
            break;
        }
        // Skip replies before this message; none before it means no first reply yet.
        while replies.get(ri).is_some_and(|&r| r <= m) {
            ri += 1;
        }
        if ri == 0 {
            mi += 1;
            continue;
        }
        let due = clock.add(m, target);
        match replies.get(ri).filter(|&&r| r <= as_of) {
            Some(&r) => {
                if r <= due {
                    out.met += 1;
                } else {
                    out.breaches.push(due);
                }
                // Messages up to this reply were answered by it.
                while messages.get(mi).is_some_and(|&x| x <= r) {
                    mi += 1;
                }
            }
            None => {
                if as_of > due {
                    out.breaches.push(due);
                } else {
                    out.pending_due = Some(due);
                }
                break;
            }
        }
    }
    out
}

struct Track {
    due: Option<DateTime<Utc>>,
    met: Option<bool>,
    secs: Option<i64>,
}

/// One target's due time, verdict and business time taken.
fn track(
    clock: &Clock,
    arrival: DateTime<Utc>,
    as_of: DateTime<Utc>,
    target: Option<super::SlaDuration>,
    met_at: Option<DateTime<Utc>>,
    stops: &[(DateTime<Utc>, DateTime<Utc>, Stop)],
) -> Track {
    let limit = met_at.unwrap_or(as_of);
    let mut due = target.map(|d| clock.add(arrival, d));
    let mut paused = 0;
    for &(ps, pe, _) in stops {
        if ps >= limit {
            break;
        }
        let secs = clock.business_seconds(ps, pe.min(limit));
        paused += secs;
        // A spell that began after the due time cannot rescue a breach.
        if let Some(d) = due
            && ps < d
        {
            due = Some(clock.add_business_seconds(d, secs));
        }
    }
    let met = match (due, met_at) {
        (Some(d), Some(m)) => Some(m <= d),
        (Some(d), None) if as_of > d => Some(false),
        _ => None,
    };
    let secs = met_at.map(|m| (clock.business_seconds(arrival, m) - paused).max(0));
    Track { due, met, secs }
}

/// The items in time order, borrowed when they already are.
fn sorted<T: Clone, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Cow<'_, [T]> {
    if items.is_sorted_by_key(&key) {
        Cow::Borrowed(items)
    } else {
        let mut v = items.to_vec();
        v.sort_by_key(key);
        Cow::Owned(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::SlaDuration;
    use crate::sla::test_util::{at, business, office};

    fn targets(fr: &str, res: &str) -> Targets {
        Targets {
            first_response: SlaDuration::parse(fr).ok(),
            resolution: SlaDuration::parse(res).ok(),
            next_response: None,
        }
    }

    fn tl(arrival: &str) -> Timeline {
        Timeline::new(at(arrival))
    }

    #[test]
    fn untouched_ticket_is_undecided_then_breached() {
        let c = office();
        let t = tl("2026-02-06 18:00");
        let tg = targets("4h", "3d");
        let s = compute(&t, &tg, &c, at("2026-02-09 11:00"));
        assert_eq!(s.first_response_due, Some(at("2026-02-09 12:00")));
        // Snapped to Monday 08:00, then three business days.
        assert_eq!(s.resolution_due, Some(at("2026-02-12 08:00")));
        assert_eq!(s.first_response_met, None);
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.breaches, vec![]);
        // Exactly at the due time is not yet a breach.
        let s = compute(&t, &tg, &c, at("2026-02-09 12:00"));
        assert_eq!(s.first_response_met, None);
        let s = compute(&t, &tg, &c, at("2026-02-09 12:01"));
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(
            s.breaches,
            vec![(Kind::FirstResponse, at("2026-02-09 12:00"))]
        );
        assert_eq!(s.first_response_secs, None);
    }

    #[test]
    fn reply_and_close_meet_targets() {
        let c = office();
        let mut t = tl("2026-03-02 10:00");
        t.first_public_reply = Some(at("2026-03-02 13:30"));
        t.statuses = vec![
            (at("2026-03-02 10:05"), Status::Open),
            (at("2026-03-03 09:00"), Status::Closed),
        ];
        let s = compute(&t, &targets("4h", "3d"), &c, at("2026-03-10 00:00"));
        assert_eq!(s.first_response_at, Some(at("2026-03-02 13:30")));
        assert_eq!(s.first_response_met, Some(true));
        assert_eq!(s.first_response_secs, Some(3 * 3600 + 1800));
        assert_eq!(s.resolved_at, Some(at("2026-03-03 09:00")));
        assert_eq!(s.resolution_met, Some(true));
        assert_eq!(s.resolution_secs, Some(8 * 3600));
        assert_eq!(s.breaches, vec![]);
        // Seen before the close, it is open and undecided.
        let s = compute(&t, &targets("4h", "3d"), &c, at("2026-03-02 15:00"));
        assert_eq!(s.resolved_at, None);
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.first_response_met, Some(true));
    }

    #[test]
    fn late_reply_records_the_missed_due_time() {
        let c = office();
        let mut t = tl("2026-03-02 10:00");
        t.first_public_reply = Some(at("2026-03-03 09:00"));
        let s = compute(&t, &targets("4h", "3d"), &c, at("2026-03-03 10:00"));
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(s.first_response_secs, Some(8 * 3600));
        assert_eq!(
            s.breaches,
            vec![(Kind::FirstResponse, at("2026-03-02 14:00"))]
        );
    }

    #[test]
    fn waiting_pause_over_night_and_weekend_pushes_due() {
        let c = office();
        let mut t = tl("2026-02-05 09:00"); // Thursday
        t.first_public_reply = Some(at("2026-02-05 10:00"));
        // Waiting from Thursday 10:00 until the customer answers Monday 10:00.
        t.statuses = vec![(at("2026-02-05 10:00"), Status::Waiting)];
        t.customer_messages = vec![at("2026-02-09 10:00")];
        let tg = targets("4h", "16h");
        let s = compute(&t, &tg, &c, at("2026-02-09 12:00"));
        // Unpaused due: Thursday 09:00 + 16h.
        assert_eq!(
            c.add(at("2026-02-05 09:00"), SlaDuration::hours(16)),
            at("2026-02-06 16:00")
        );
        // Paused business time: Thu 10-17 (7h) + Fri (9h) + Mon 8-10 (2h) = 18h;
        // one hour was used, fifteen remain from Monday 10:00.
        assert_eq!(s.resolution_due, Some(at("2026-02-10 16:00")));
        assert_eq!(
            s.paused,
            vec![(at("2026-02-05 10:00"), Some(at("2026-02-09 10:00")))]
        );
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.first_response_met, Some(true));
        assert_eq!(s.first_response_due, Some(at("2026-02-05 13:00")));
        // Still waiting: the due time moves with the pause and nothing is breached.
        t.customer_messages.clear();
        let s = compute(&t, &tg, &c, at("2026-02-20 10:00"));
        assert_eq!(s.paused, vec![(at("2026-02-05 10:00"), None)]);
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.breaches, vec![]);
        assert!(s.resolution_due > Some(at("2026-02-20 10:00")));
    }

    #[test]
    fn status_change_ends_the_pause_too() {
        let c = office();
        let mut t = tl("2026-03-02 08:00");
        t.statuses = vec![
            (at("2026-03-02 09:00"), Status::Waiting),
            (at("2026-03-02 11:00"), Status::Open),
            (at("2026-03-02 12:00"), Status::Waiting),
        ];
        t.customer_messages = vec![at("2026-03-02 13:00"), at("2026-03-02 14:00")];
        let s = compute(&t, &targets("4h", "1d"), &c, at("2026-03-02 16:00"));
        assert_eq!(
            s.paused,
            vec![
                (at("2026-03-02 09:00"), Some(at("2026-03-02 11:00"))),
                (at("2026-03-02 12:00"), Some(at("2026-03-02 13:00"))),
            ]
        );
        // 4h + 3h paused.
        assert_eq!(s.first_response_due, Some(at("2026-03-02 15:00")));
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(s.resolution_due, Some(at("2026-03-03 11:00")));
    }

    #[test]
    fn reopened_after_pause_is_not_instantly_breached() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.first_public_reply = Some(at("2026-03-02 10:00"));
        t.statuses = vec![
            (at("2026-03-02 10:00"), Status::Waiting),
            // Closed after a week without an answer...
            (at("2026-03-09 10:00"), Status::Closed),
            // ...and reopened by the customer a month later.
            (at("2026-04-08 09:00"), Status::Open),
        ];
        t.customer_messages = vec![at("2026-04-08 09:00")];
        let tg = targets("4h", "8h");
        let s = compute(&t, &tg, &c, at("2026-04-08 09:30"));
        // One hour used before waiting, so seven remain from the reopening.
        assert_eq!(s.resolution_due, Some(at("2026-04-08 16:00")));
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.resolved_at, None);
        assert_eq!(s.breaches, vec![]);
        // Closed again: the last close counts, closed time excluded.
        t.statuses.push((at("2026-04-08 11:00"), Status::Closed));
        let s = compute(&t, &tg, &c, at("2026-04-09 00:00"));
        assert_eq!(s.resolved_at, Some(at("2026-04-08 11:00")));
        assert_eq!(s.resolution_met, Some(true));
        assert_eq!(s.resolution_secs, Some(3 * 3600));
        assert_eq!(s.paused.len(), 1);
    }

    #[test]
    fn reopened_after_breach_stays_breached() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.statuses = vec![
            (at("2026-03-03 12:00"), Status::Closed),
            (at("2026-03-04 09:00"), Status::Open),
            (at("2026-03-04 10:00"), Status::Closed),
        ];
        let s = compute(&t, &targets("4h", "8h"), &c, at("2026-03-05 00:00"));
        assert_eq!(s.resolution_due, Some(at("2026-03-02 17:00")));
        assert_eq!(s.resolution_met, Some(false));
        // Mon 8h + Tue 9h + Wed 2h, less the closed Tue 12:00 to Wed 09:00 (6h).
        assert_eq!(s.resolution_secs, Some(13 * 3600));
        // No reply, and the ticket closed after the first-response due time.
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(
            s.breaches,
            vec![
                (Kind::FirstResponse, at("2026-03-02 13:00")),
                (Kind::Resolution, at("2026-03-02 17:00")),
            ]
        );
    }

    #[test]
    fn first_response_unaffected_by_later_updates() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.first_public_reply = Some(at("2026-03-02 12:00"));
        let tg = targets("4h", "3d");
        let before = compute(&t, &tg, &c, at("2026-03-06 12:00"));
        t.statuses = vec![
            (at("2026-03-02 12:00"), Status::Waiting),
            (at("2026-03-03 12:00"), Status::Open),
            (at("2026-03-04 12:00"), Status::Waiting),
        ];
        t.customer_messages = vec![at("2026-03-05 09:00")];
        let after = compute(&t, &tg, &c, at("2026-03-06 12:00"));
        assert_eq!(before.first_response_due, Some(at("2026-03-02 13:00")));
        assert_eq!(after.first_response_due, before.first_response_due);
        assert_eq!(after.first_response_met, Some(true));
        assert_eq!(after.first_response_secs, Some(3 * 3600));
        // The resolution clock did pause: 9h + 6h.
        assert_eq!(after.resolution_due, Some(at("2026-03-06 15:00")));
        assert_ne!(after.resolution_due, before.resolution_due);
    }

    #[test]
    fn pause_after_the_due_time_does_not_rescue() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.statuses = vec![(at("2026-03-02 14:00"), Status::Waiting)];
        let s = compute(&t, &targets("4h", "3d"), &c, at("2026-03-02 16:00"));
        assert_eq!(s.first_response_due, Some(at("2026-03-02 13:00")));
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(
            s.breaches,
            vec![(Kind::FirstResponse, at("2026-03-02 13:00"))]
        );
    }

    #[test]
    fn after_midnight_arrival_and_events_after_as_of() {
        let c = business();
        let mut t = tl("2026-03-03 00:30");
        t.first_public_reply = Some(at("2026-03-03 12:45"));
        t.statuses = vec![(at("2026-03-03 13:00"), Status::Closed)];
        let s = compute(&t, &targets("4h", "1d"), &c, at("2026-03-03 12:40"));
        assert_eq!(s.first_response_due, Some(at("2026-03-03 12:00")));
        assert_eq!(s.first_response_at, None);
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(s.resolution_due, Some(at("2026-03-04 08:00")));
        assert_eq!(s.resolved_at, None);
        let s = compute(&t, &targets("4h", "1d"), &c, at("2026-03-04 00:00"));
        assert_eq!(s.first_response_secs, Some(4 * 3600 + 15 * 60));
        assert_eq!(s.resolution_secs, Some(4 * 3600 + 30 * 60));
        assert_eq!(s.resolution_met, Some(true));
    }

    #[test]
    fn calendar_time_mode_and_no_targets() {
        let c = Clock::CalendarTime;
        let mut t = tl("2026-02-06 18:00");
        t.statuses = vec![
            (at("2026-02-06 19:00"), Status::Waiting),
            (at("2026-02-07 19:00"), Status::Open),
            (at("2026-02-08 18:00"), Status::Closed),
        ];
        let s = compute(&t, &targets("4h", "2d"), &c, at("2026-02-10 00:00"));
        // Pushed by the 24-hour pause, then missed: closing came later.
        assert_eq!(s.first_response_due, Some(at("2026-02-07 22:00")));
        assert_eq!(s.first_response_met, Some(false));
        assert_eq!(s.resolution_due, Some(at("2026-02-09 18:00")));
        assert_eq!(s.resolution_met, Some(true));
        assert_eq!(s.resolution_secs, Some(24 * 3600));
        assert_eq!(
            s.breaches,
            vec![(Kind::FirstResponse, at("2026-02-07 22:00"))]
        );
        // Closed without a reply before the due time: never decided.
        let s = compute(&t, &targets("3d", "3d"), &c, at("2026-02-20 00:00"));
        assert_eq!(s.first_response_met, None);
        // Monday 18:00, plus the 24-hour pause, plus the closed time up to as_of.
        assert_eq!(s.first_response_due, Some(at("2026-02-22 00:00")));
        assert_eq!(s.breaches, vec![]);
        let s = compute(&t, &Targets::default(), &c, at("2026-02-10 00:00"));
        assert_eq!(s.first_response_due, None);
        assert_eq!(s.resolution_met, None);
        assert_eq!(s.resolution_secs, Some(24 * 3600));
        assert_eq!(s.breaches, vec![]);
    }

    #[test]
    fn unsorted_input_and_times_before_arrival() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.first_public_reply = Some(at("2026-03-02 08:00"));
        t.statuses = vec![
            (at("2026-03-02 12:00"), Status::Open),
            (at("2026-03-02 10:00"), Status::Waiting),
        ];
        let s = compute(&t, &targets("4h", "1d"), &c, at("2026-03-02 16:00"));
        assert_eq!(s.first_response_at, Some(at("2026-03-02 09:00")));
        assert_eq!(s.first_response_secs, Some(0));
        assert_eq!(
            s.paused,
            vec![(at("2026-03-02 10:00"), Some(at("2026-03-02 12:00")))]
        );
        assert_eq!(s.resolution_due, Some(at("2026-03-03 11:00")));
    }

    #[test]
    fn next_response_clocks_start_after_the_first_reply() {
        let c = office();
        let mut t = tl("2026-03-02 09:00");
        t.customer_messages = vec![
            at("2026-03-02 09:30"),
            at("2026-03-03 10:00"),
            at("2026-03-03 10:30"),
            at("2026-03-04 09:00"),
        ];
        t.public_replies = vec![
            at("2026-03-02 11:00"),
            at("2026-03-03 11:00"),
            at("2026-03-04 16:00"),
        ];
        let d = SlaDuration::parse("2h").unwrap();
        // 09:30 is before the first reply: no clock. 10:00 (and 10:30) answered at 11:00: met.
        // 09:00 on the 4th answered at 16:00, due 11:00: breached.
        let n = next_responses(&t, d, &c, at("2026-03-05 00:00"));
        assert_eq!(n.met, 1);
        assert_eq!(n.breaches, vec![at("2026-03-04 11:00")]);
        assert_eq!(n.pending_due, None);
        // Seen at 10:00 on the 4th the answer is owed, not yet late; at 12:00 it is late.
        let n = next_responses(&t, d, &c, at("2026-03-04 10:00"));
        assert_eq!(n.pending_due, Some(at("2026-03-04 11:00")));
        assert!(n.breaches.is_empty());
        let n = next_responses(&t, d, &c, at("2026-03-04 12:00"));
        assert_eq!(n.breaches, vec![at("2026-03-04 11:00")]);
    }
}
