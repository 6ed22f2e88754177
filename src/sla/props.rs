//! Property tests of business-time arithmetic over random starts and durations,
//! in calendars with lunch breaks, Saturdays, holidays and both DST changes.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::test_util::cal;
use super::{Clock, SlaDuration};

/// The calendars every property runs in.
fn clocks() -> Vec<Clock> {
    vec![
        cal(r#"hours = { mon-fri = "08:00-17:00" }"#),
        cal(r#"
hours = { mon-fri = "08:00-12:00,12:30-17:00", sat = "09:00-12:00" }
holidays = ["12-24", "12-25", "2026-04-06"]
"#),
        // Hours inside the hour the clocks skip or repeat (02:00-03:00 in Prague).
        cal(r#"hours = { sun = "01:30-03:30", mon = "00:00-00:30,23:00-24:00" }"#),
        cal(r#"
timezone = "America/St_Johns"
hours = { tue-sat = "07:15-11:45,13:00-19:10" }
"#),
    ]
}

/// 2025-01-01 to 2028-01-01 in whole minutes: covers two DST changes a year.
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    (1_735_689_600i64 / 60..1_830_297_600i64 / 60)
        .prop_map(|m| DateTime::from_timestamp(m * 60, 0).unwrap_or_default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// A due time is reached while the clock runs: the second before it is business time,
    /// and exactly the asked business time lies between start and due.
    #[test]
    fn a_due_time_never_falls_outside_business_hours(
        start in start(),
        which in 0usize..4,
        secs in 1i64..90 * 24 * 3600,
    ) {
        let c = &clocks()[which];
        let due = c.add_business_seconds(start, secs);
        prop_assert!(due > start);
        prop_assert!(c.is_open(due - TimeDelta::seconds(1)), "due {due} from {start} + {secs}s");
        prop_assert_eq!(c.business_seconds(start, due), secs);
    }

    /// Minutes and hours targets agree with business seconds.
    #[test]
    fn a_target_in_minutes_is_that_many_business_seconds(
        start in start(),
        which in 0usize..4,
        minutes in 1u32..20_000,
    ) {
        let c = &clocks()[which];
        let due = c.add(start, SlaDuration::minutes(minutes));
        prop_assert_eq!(due, c.add_business_seconds(start, i64::from(minutes) * 60));
        prop_assert!(c.is_open(due - TimeDelta::seconds(1)));
    }

    /// With no pause between them, two steps end where one step of their sum does.
    #[test]
    fn two_steps_equal_one(
        start in start(),
        which in 0usize..4,
        a in 0i64..30 * 24 * 3600,
        b in 0i64..30 * 24 * 3600,
    ) {
        let c = &clocks()[which];
        let two = c.add_business_seconds(c.add_business_seconds(start, a), b);
        let one = c.add_business_seconds(start, a + b);
        prop_assert_eq!(two, one, "{} + {}s + {}s", start, a, b);
    }

    /// Counting is additive over any split point.
    #[test]
    fn business_seconds_add_up_over_a_split(
        start in start(),
        which in 0usize..4,
        a in 0i64..40 * 24 * 3600,
        b in 0i64..40 * 24 * 3600,
    ) {
        let c = &clocks()[which];
        let mid = start + TimeDelta::seconds(a);
        let end = mid + TimeDelta::seconds(b);
        prop_assert_eq!(
            c.business_seconds(start, mid) + c.business_seconds(mid, end),
            c.business_seconds(start, end)
        );
    }
}
