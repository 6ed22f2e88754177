//! The clock an SLA counts in: calendar time or business hours.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::calendar::Calendar;
use super::duration::{SlaDuration, Unit};

/// How SLA time passes: every second (calendar time) or only in business hours.
#[derive(Debug, Clone)]
pub enum Clock {
    /// Calendar time, 24/7; `Nd` is N × 24 hours.
    CalendarTime,
    /// Business hours of a calendar; shared because its interval table is cached.
    Business(Arc<Calendar>),
}

/// Second-precision conversion back; every instant the clock produces is representable.
fn from_secs(t: i64, fallback: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or(fallback)
}

impl Clock {
    /// A business-hours clock over `cal`.
    pub fn business(cal: Calendar) -> Clock {
        Clock::Business(Arc::new(cal))
    }

    /// The due time of a target `d` started at `start`.
    ///
    /// `m`/`h` count business minutes from `start` (from the next opening when
    /// `start` is outside hours); `Nd` is the same business time-of-day N
    /// business days later. Business results have whole-second precision.
    pub fn add(&self, start: DateTime<Utc>, d: SlaDuration) -> DateTime<Utc> {
        match self {
            Clock::CalendarTime => start
                .checked_add_signed(TimeDelta::seconds(d.nominal_seconds()))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            Clock::Business(cal) => {
                let t = start.timestamp();
                let due = match d.unit {
                    Unit::Days => cal.add_days_secs(t, d.amount),
                    Unit::Minutes | Unit::Hours => cal.add_secs(t, d.nominal_seconds()),
                };
                from_secs(due, start)
            }
        }
    }

    /// The earliest instant `secs` business seconds after `start`; `start` when `secs <= 0`.
    pub fn add_business_seconds(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        if secs <= 0 {
            return start;
        }
        match self {
            Clock::CalendarTime => start
                .checked_add_signed(TimeDelta::seconds(secs))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            Clock::Business(cal) => from_secs(cal.add_secs(start.timestamp(), secs), start),
        }
    }

    /// Business seconds between `a` and `b`; 0 when `b <= a`.
    pub fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        match self {
            Clock::CalendarTime => (b - a).num_seconds(),
            Clock::Business(cal) => cal.business_seconds_secs(a.timestamp(), b.timestamp()),
        }
    }

    /// Whether the clock runs at `t` (always, in calendar time).
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        match self {
            Clock::CalendarTime => true,
            Clock::Business(cal) => cal.is_open_secs(t.timestamp()),
        }
    }

    /// The first instant at or after `t` when the clock runs.
    pub fn next_open(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Clock::CalendarTime => t,
            Clock::Business(cal) => {
                if cal.is_open_secs(t.timestamp()) {
                    t
                } else {
                    from_secs(cal.next_open_secs(t.timestamp()), t)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::test_util::{always, at, business, cal, office, utc};

    fn h(n: u32) -> SlaDuration {
        SlaDuration::hours(n)
    }

    #[test]
    fn counts_business_minutes_inside_hours() {
        let c = office();
        assert_eq!(c.add(at("2026-03-02 10:00"), h(4)), at("2026-03-02 14:00"));
        assert_eq!(
            c.add(at("2026-03-02 10:00"), SlaDuration::minutes(30)),
            at("2026-03-02 10:30")
        );
        // Ending exactly at closing stays on that day.
        assert_eq!(c.add(at("2026-03-02 13:00"), h(4)), at("2026-03-02 17:00"));
        // Across the night.
        assert_eq!(c.add(at("2026-03-02 16:00"), h(2)), at("2026-03-03 09:00"));
    }

    #[test]
    fn start_outside_hours_begins_at_next_opening() {
        let c = office();
        assert_eq!(c.add(at("2026-03-02 06:00"), h(1)), at("2026-03-02 09:00"));
        assert_eq!(
            c.add(at("2026-03-02 17:00"), SlaDuration::minutes(1)),
            at("2026-03-03 08:01")
        );
        assert_eq!(c.add(at("2026-03-07 11:00"), h(1)), at("2026-03-09 09:00"));
    }

    #[test]
    fn friday_evening_four_hours_is_monday_noon() {
        let c = office();
        assert_eq!(c.add(at("2026-02-06 18:00"), h(4)), at("2026-02-09 12:00"));
        assert_eq!(
            c.business_seconds(at("2026-02-06 18:00"), at("2026-02-09 12:00")),
            4 * 3600
        );
    }

    #[test]
    fn after_midnight_arrival_counts_from_that_morning() {
        // 00:30 Tuesday in Prague is still Monday in UTC.
        let t = at("2026-03-03 00:30");
        assert_eq!(t, utc("2026-03-02 23:30"));
        assert_eq!(office().add(t, h(4)), at("2026-03-03 12:00"));
        assert_eq!(business().add(t, h(4)), at("2026-03-03 12:00"));
        assert_eq!(business().add(t, h(5)), at("2026-03-03 13:30"));
        assert_eq!(
            office().add(t, SlaDuration::days(1)),
            at("2026-03-04 08:00")
        );
    }

    #[test]
    fn lunch_break_is_skipped() {
        let c = business();
        assert_eq!(c.add(at("2026-03-02 11:00"), h(2)), at("2026-03-02 13:30"));
        assert_eq!(
            c.add(at("2026-03-02 12:10"), SlaDuration::minutes(10)),
            at("2026-03-02 12:40")
        );
        assert_eq!(
            c.business_seconds(at("2026-03-02 11:00"), at("2026-03-02 13:30")),
            2 * 3600
        );
        assert_eq!(
            c.business_seconds(at("2026-03-02 12:05"), at("2026-03-02 12:25")),
            0
        );
        assert!(!c.is_open(at("2026-03-02 12:00")));
        assert!(c.is_open(at("2026-03-02 11:59")));
        assert_eq!(c.next_open(at("2026-03-02 12:10")), at("2026-03-02 12:30"));
    }

    #[test]
    fn weekends_and_saturday_mornings() {
        assert_eq!(
            office().add(at("2026-03-06 16:00"), h(2)),
            at("2026-03-09 09:00")
        );
        // Saturday 09:00-12:00 counts in the example calendar.
        assert_eq!(
            business().add(at("2026-03-06 16:00"), h(2)),
            at("2026-03-07 10:00")
        );
        assert_eq!(
            business().add(at("2026-03-06 16:00"), h(5)),
            at("2026-03-09 09:00")
        );
        // A whole week: five days of nine hours.
        assert_eq!(
            office().business_seconds(at("2026-03-02 00:00"), at("2026-03-09 00:00")),
            45 * 3600
        );
        // Nine hours less half an hour of lunch, times five, plus Saturday.
        assert_eq!(
            business().business_seconds(at("2026-03-02 00:00"), at("2026-03-09 00:00")),
            5 * 8 * 3600 + 5 * 1800 + 3 * 3600
        );
    }

    #[test]
    fn holidays_in_both_forms() {
        let c = cal(r#"
hours = { mon-fri = "08:00-17:00" }
holidays = ["12-24", "2026-04-06"]
"#);
        // Easter Monday 2026 (dated).
        assert_eq!(c.add(at("2026-04-03 16:00"), h(2)), at("2026-04-07 09:00"));
        assert_eq!(
            c.add(at("2026-04-03 10:00"), SlaDuration::days(1)),
            at("2026-04-07 10:00")
        );
        assert!(!c.is_open(at("2026-04-06 10:00")));
        // Only in 2026: the next year's Easter Monday 2027-03-29 is a workday.
        assert!(c.is_open(at("2027-04-06 10:00")));
        // 24 December every year: a Thursday in 2026, a Friday in 2027.
        assert_eq!(c.add(at("2026-12-23 16:00"), h(2)), at("2026-12-25 09:00"));
        assert_eq!(c.add(at("2027-12-23 16:00"), h(2)), at("2027-12-27 09:00"));
        // The example calendar: 24 and 25 off, Saturday morning on.
        assert_eq!(
            business().add(at("2026-12-23 16:00"), h(2)),
            at("2026-12-26 10:00")
        );
    }

    #[test]
    fn days_keep_the_business_time_of_day() {
        let c = office();
        assert_eq!(
            c.add(at("2026-02-06 16:00"), SlaDuration::days(3)),
            at("2026-02-11 16:00")
        );
        // Outside hours snaps to the next opening first.
        assert_eq!(
            c.add(at("2026-02-06 18:00"), SlaDuration::days(1)),
            at("2026-02-10 08:00")
        );
        assert_eq!(
            c.add(at("2026-02-07 10:00"), SlaDuration::days(1)),
            at("2026-02-10 08:00")
        );
        // A shorter Saturday: the due time stays on that day.
        let b = business();
        assert_eq!(
            b.add(at("2026-03-06 16:00"), SlaDuration::days(1)),
            at("2026-03-07 12:00")
        );
        assert_eq!(
            b.add(at("2026-03-06 08:30"), SlaDuration::days(1)),
            at("2026-03-07 09:00")
        );
        assert_eq!(
            b.add(at("2026-03-06 10:15"), SlaDuration::days(1)),
            at("2026-03-07 10:15")
        );
        assert_eq!(
            b.add(at("2026-03-06 16:00"), SlaDuration::days(2)),
            at("2026-03-09 16:00")
        );
    }

    #[test]
    fn dst_spring_forward_in_prague() {
        let c = office();
        // Friday 16:00 CET to Wednesday 16:00 CEST: the UTC hour differs.
        assert_eq!(at("2026-03-27 16:00"), utc("2026-03-27 15:00"));
        assert_eq!(
            c.add(at("2026-03-27 16:00"), SlaDuration::days(3)),
            utc("2026-04-01 14:00")
        );
        assert_eq!(c.add(at("2026-03-27 16:00"), h(2)), utc("2026-03-30 07:00"));
        assert_eq!(
            c.business_seconds(at("2026-03-27 16:00"), at("2026-03-30 09:00")),
            2 * 3600
        );
        // Sunday 29 March has 23 hours.
        let a = always();
        assert_eq!(
            a.business_seconds(at("2026-03-28 00:00"), at("2026-03-30 00:00")),
            47 * 3600
        );
        assert_eq!(a.add(at("2026-03-29 01:00"), h(2)), at("2026-03-29 04:00"));
        assert_eq!(
            a.add(at("2026-03-28 12:00"), SlaDuration::days(1)),
            at("2026-03-29 12:00")
        );
        assert_eq!(
            a.add(at("2026-03-29 12:00"), SlaDuration::days(1)),
            at("2026-03-30 12:00")
        );
        assert_eq!(
            Clock::CalendarTime.add(at("2026-03-28 12:00"), SlaDuration::days(1)),
            at("2026-03-29 13:00")
        );
    }

    #[test]
    fn dst_fall_back_in_prague() {
        let c = office();
        assert_eq!(at("2026-10-23 16:00"), utc("2026-10-23 14:00"));
        assert_eq!(
            c.add(at("2026-10-23 16:00"), SlaDuration::days(3)),
            utc("2026-10-28 15:00")
        );
        assert_eq!(c.add(at("2026-10-23 16:00"), h(2)), utc("2026-10-26 08:00"));
        // Sunday 25 October has 25 hours; 02:00-03:00 happens twice.
        let a = always();
        assert_eq!(
            a.business_seconds(at("2026-10-24 00:00"), at("2026-10-26 00:00")),
            49 * 3600
        );
        assert_eq!(
            a.add(utc("2026-10-24 23:30"), h(1)),
            utc("2026-10-25 00:30")
        );
        assert_eq!(
            a.add(utc("2026-10-24 23:30"), h(3)),
            utc("2026-10-25 02:30")
        );
        assert_eq!(
            a.add(at("2026-10-24 12:00"), SlaDuration::days(1)),
            at("2026-10-25 12:00")
        );
    }

    #[test]
    fn calendar_time_counts_every_second() {
        let c = Clock::CalendarTime;
        let t = at("2026-02-06 18:00");
        assert_eq!(c.add(t, h(4)), at("2026-02-06 22:00"));
        assert_eq!(c.add(t, SlaDuration::days(3)), at("2026-02-09 18:00"));
        assert_eq!(c.business_seconds(t, at("2026-02-09 18:00")), 72 * 3600);
        assert_eq!(c.business_seconds(at("2026-02-09 18:00"), t), 0);
        assert_eq!(c.add_business_seconds(t, 90), t + TimeDelta::seconds(90));
        assert!(c.is_open(t));
    }

    #[test]
    fn long_spans_cross_cache_blocks() {
        let c = office();
        // 2026 has 261 weekdays.
        let (a, b) = (at("2026-01-01 00:00"), at("2027-01-01 00:00"));
        let secs = c.business_seconds(a, b);
        assert_eq!(secs, 261 * 9 * 3600);
        assert_eq!(c.add_business_seconds(a, secs), at("2026-12-31 17:00"));
        assert_eq!(c.add_business_seconds(a, secs + 60), at("2027-01-01 08:01"));
        let ten = c.business_seconds(at("2020-01-01 00:00"), at("2030-01-01 00:00"));
        // 2,609 weekdays in 2020-2029.
        assert_eq!(ten, 2609 * 9 * 3600);
        assert_eq!(c.business_seconds(b, a), 0);
    }

    /// Minute-by-minute reference: open when the Prague wall time is in the example hours.
    fn brute_open(t: DateTime<Utc>) -> bool {
        use chrono::{Datelike, Timelike, Weekday};
        let l = t.with_timezone(&chrono_tz::Europe::Prague);
        let (m, d) = (l.month(), l.day());
        if (m, d) == (12, 24) || (m, d) == (12, 25) || (l.year(), m, d) == (2026, 4, 6) {
            return false;
        }
        let min = l.hour() * 60 + l.minute();
        match l.weekday() {
            Weekday::Sat => (540..720).contains(&min),
            Weekday::Sun => false,
            _ => (480..720).contains(&min) || (750..1020).contains(&min),
        }
    }

    #[test]
    fn agrees_with_minute_stepping_around_dst_and_holidays() {
        let c = business();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = move |n: i64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as i64
        };
        for base in [
            "2026-03-20 00:00",
            "2026-10-18 00:00",
            "2026-12-19 00:00",
            "2026-04-01 00:00",
        ] {
            let base = at(base);
            for _ in 0..40 {
                let a = base + TimeDelta::minutes(rnd(14 * 1440));
                let b = a + TimeDelta::minutes(rnd(6 * 1440));
                let mut want = 0;
                let mut t = a;
                while t < b {
                    want += 60 * i64::from(brute_open(t));
                    t += TimeDelta::minutes(1);
                }
                assert_eq!(c.business_seconds(a, b), want, "{a} .. {b}");
                // The due time of that much business time is the first minute reaching it.
                if want > 0 {
                    let mut due = a;
                    let mut got = 0;
                    while got < want {
                        got += 60 * i64::from(brute_open(due));
                        due += TimeDelta::minutes(1);
                    }
                    assert_eq!(c.add_business_seconds(a, want), due, "{a} + {want}");
                }
            }
        }
    }

    #[test]
    fn far_instants_are_clamped_not_panicking() {
        let c = office();
        let far = DateTime::<Utc>::MAX_UTC;
        let early = DateTime::<Utc>::MIN_UTC;
        assert_eq!(c.business_seconds(far, far), 0);
        assert!(c.business_seconds(early, at("1900-01-03 00:00")) > 0);
        assert!(c.add(far, h(4)) >= at("2300-01-01 00:00"));
        assert!(c.add(early, h(4)) <= at("1900-01-03 00:00"));
        assert!(!c.is_open(far));
    }
}
