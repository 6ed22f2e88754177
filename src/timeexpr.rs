//! Time expressions shared by the filter language and `--from`/`--to`/`--as-of`:
//! `now`, `today`, `yesterday`, `this-week`, `7d`/`2h`/`30m`/`2w` (ago), `+2h`/`+1d` (ahead), `2026-11-01`,
//! `2026-11-01T08:00` and RFC 3339, read in the configured time zone.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The clock and zone every time expression is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeCtx {
    /// The current instant (`HD_NOW` in tests).
    pub now: DateTime<Utc>,
    /// The zone whose midnights and weeks `today`, dates and `this-week` mean.
    pub tz: Tz,
}

/// A parsed time expression; resolved later, so a query can be checked before the clock is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeExpr {
    /// `now`.
    Now,
    /// `today`: the local day containing now.
    Today,
    /// `yesterday`: the local day before today.
    Yesterday,
    /// `this-week`: the local week (Monday to Sunday) containing now.
    ThisWeek,
    /// `7d`, `2h`, `30m`, `2w`: that many seconds before now (absolute time, not calendar days).
    Ago(i64),
    /// `+2h`, `+1d`: that many seconds after now.
    Ahead(i64),
    /// `2026-11-01`: that whole local day.
    Date(NaiveDate),
    /// `2026-11-01T08:00`: a local wall-clock time.
    Local(NaiveDateTime),
    /// RFC 3339, e.g. `2026-11-01T08:00:00+01:00`: an exact instant.
    Instant(DateTime<Utc>),
}

const EXPECTED: &str = "expected now, today, yesterday, this-week, 7d, 2h, 30m, +2h, +1d, 2026-11-01, 2026-11-01T08:00 or RFC 3339";

/// Longest accepted `Ago`: keeps every resolution inside chrono's range, so resolving cannot fail.
const MAX_AGO_SECS: i64 = 100_000 * 86_400;

impl TimeExpr {
    /// Parses an expression; the error names it.
    pub fn parse(s: &str) -> Result<TimeExpr, String> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            "now" => return Ok(TimeExpr::Now),
            "today" => return Ok(TimeExpr::Today),
            "yesterday" => return Ok(TimeExpr::Yesterday),
            "this-week" => return Ok(TimeExpr::ThisWeek),
            _ => {}
        }
        if let Some(rest) = lower.strip_prefix('+')
            && let Some(ahead) = parse_ago(rest)
        {
            return ahead
                .map(TimeExpr::Ahead)
                .ok_or_else(|| format!("time span \"{s}\" is too long"));
        }
        if let Some(ago) = parse_ago(&lower) {
            return ago
                .map(TimeExpr::Ago)
                .ok_or_else(|| format!("time span \"{s}\" is too long"));
        }
        let b = t.as_bytes();
        // All date forms start with a 4-digit year; checking that first keeps chrono's lenient
        // `%Y` from accepting 5-digit or signed years that would overflow later arithmetic.
        let dated = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        if !dated {
            return Err(format!("unknown time \"{s}\" ({EXPECTED})"));
        }
        if b.len() == 10 {
            return NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(TimeExpr::Date)
                .map_err(|_| format!("invalid date \"{s}\""));
        }
        if let Ok(d) = DateTime::parse_from_rfc3339(t) {
            return Ok(TimeExpr::Instant(d.with_timezone(&Utc)));
        }
        // RFC 3339 without seconds (`2026-11-01T08:00Z`, `...08:00+01:00`) is common enough to accept.
        let zoned = match lower.strip_suffix('z') {
            Some(rest) => format!("{rest}+00:00"),
            None => t.to_string(),
        };
        for f in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
            if let Ok(d) = DateTime::parse_from_str(&zoned.to_ascii_uppercase(), f) {
                return Ok(TimeExpr::Instant(d.with_timezone(&Utc)));
            }
        }
        let local = t.replacen(['t', ' '], "T", 1);
        for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
            if let Ok(d) = NaiveDateTime::parse_from_str(&local, f) {
                return Ok(TimeExpr::Local(d));
            }
        }
        Err(format!("invalid time \"{s}\" ({EXPECTED})"))
    }

    /// Whether the expression names a span (a day or a week) rather than an instant.
    pub fn is_span(&self) -> bool {
        matches!(
            self,
            TimeExpr::Today | TimeExpr::Yesterday | TimeExpr::ThisWeek | TimeExpr::Date(_)
        )
    }

    /// The first instant the expression covers (for an instant, itself).
    pub fn start(&self, ctx: &TimeCtx) -> DateTime<Utc> {
        let today = ctx.now.with_timezone(&ctx.tz).date_naive();
        match *self {
            TimeExpr::Now => ctx.now,
            TimeExpr::Today => local_midnight(today, ctx.tz),
            TimeExpr::Yesterday => local_midnight(day_before(today), ctx.tz),
            TimeExpr::ThisWeek => local_midnight(monday_of(today), ctx.tz),
            TimeExpr::Ago(secs) => ctx
                .now
                .checked_sub_signed(Duration::seconds(secs))
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
            TimeExpr::Ahead(secs) => ctx
                .now
                .checked_add_signed(Duration::seconds(secs))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            TimeExpr::Date(d) => local_midnight(d, ctx.tz),
            TimeExpr::Local(dt) => local_to_utc(dt, ctx.tz),
            TimeExpr::Instant(t) => t,
        }
    }

    /// The exclusive end: the instant after a span (next local midnight or Monday); an instant itself.
    pub fn end(&self, ctx: &TimeCtx) -> DateTime<Utc> {
        let today = ctx.now.with_timezone(&ctx.tz).date_naive();
        match *self {
            TimeExpr::Today => local_midnight(day_after(today), ctx.tz),
            TimeExpr::Yesterday => local_midnight(today, ctx.tz),
            TimeExpr::ThisWeek => {
                let monday = monday_of(today);
                let next = monday
                    .checked_add_days(chrono::Days::new(7))
                    .unwrap_or(monday);
                local_midnight(next, ctx.tz)
            }
            TimeExpr::Date(d) => local_midnight(day_after(d), ctx.tz),
            _ => self.start(ctx),
        }
    }
}

/// `7d`, `2h`, `30m`, `2w` as seconds (`Some(None)` when too long); `None` when `s` is not of that shape.
fn parse_ago(s: &str) -> Option<Option<i64>> {
    let unit = s.chars().last()?;
    let secs = match unit {
        'w' => 7 * 86_400,
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        _ => return None,
    };
    let digits = &s[..s.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        digits
            .parse::<i64>()
            .ok()
            .and_then(|n| n.checked_mul(secs))
            .filter(|n| *n <= MAX_AGO_SECS),
    )
}

fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn day_after(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    let back = u64::from(d.weekday().num_days_from_monday());
    d.checked_sub_days(chrono::Days::new(back)).unwrap_or(d)
}

/// The start of a local day; computed from the date, never as "now minus 24 h", so DST days are right.
fn local_midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_to_utc(d.and_time(chrono::NaiveTime::MIN), tz)
}

/// A local wall-clock time as an instant: the earlier of a repeated hour, and for a time that does
/// not exist (a DST gap; some zones skip midnight itself) the first instant after the gap.
fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t.with_timezone(&Utc);
    }
    // Gaps end on a whole minute in every zone in use, so stepping by minutes finds the transition.
    let mut probe = naive;
    for _ in 0..(48 * 60) {
        let Some(next) = probe.checked_add_signed(Duration::minutes(1)) else {
            break;
        };
        probe = next;
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, _) => return a.with_timezone(&Utc),
            LocalResult::None => {}
        }
    }
    naive.and_utc()
}

/// Reads a point in time (`--from`, `--as-of`, a filter bound); the error names the expression.
pub fn parse_point(s: &str, ctx: &TimeCtx) -> Result<DateTime<Utc>, String> {
    Ok(TimeExpr::parse(s)?.start(ctx))
}

/// Reads an exclusive range end (`--to`): a time is itself, a day (`2026-11-01`, `today`,
/// `yesterday`) or `this-week` is included whole, so the end is the next local midnight.
pub fn parse_range_end(s: &str, ctx: &TimeCtx) -> Result<DateTime<Utc>, String> {
    Ok(TimeExpr::parse(s)?.end(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test time")
            .with_timezone(&Utc)
    }

    fn prague(now: &str) -> TimeCtx {
        TimeCtx {
            now: utc(now),
            tz: chrono_tz::Europe::Prague,
        }
    }

    fn p(s: &str, ctx: &TimeCtx) -> String {
        parse_point(s, ctx).expect("valid").to_rfc3339()
    }

    fn e(s: &str, ctx: &TimeCtx) -> String {
        parse_range_end(s, ctx).expect("valid").to_rfc3339()
    }

    #[test]
    fn keywords_in_prague() {
        // Thursday 2026-11-05 10:30 local (CET, +01:00).
        let c = prague("2026-11-05T09:30:00Z");
        assert_eq!(p("now", &c), "2026-11-05T09:30:00+00:00");
        assert_eq!(p("NOW", &c), "2026-11-05T09:30:00+00:00");
        assert_eq!(p("today", &c), "2026-11-04T23:00:00+00:00");
        assert_eq!(p("yesterday", &c), "2026-11-03T23:00:00+00:00");
        assert_eq!(p("this-week", &c), "2026-11-01T23:00:00+00:00");
        assert_eq!(e("today", &c), "2026-11-05T23:00:00+00:00");
        assert_eq!(e("yesterday", &c), "2026-11-04T23:00:00+00:00");
        assert_eq!(e("this-week", &c), "2026-11-08T23:00:00+00:00");
        assert_eq!(e("now", &c), "2026-11-05T09:30:00+00:00");
    }

    #[test]
    fn local_day_boundary_differs_from_utc() {
        // 00:30 local on Nov 5 is still Nov 4 in UTC; `today` must follow the local date.
        let c = prague("2026-11-04T23:30:00Z");
        assert_eq!(p("today", &c), "2026-11-04T23:00:00+00:00");
    }

    #[test]
    fn this_week_on_monday_and_sunday() {
        let monday = prague("2026-11-02T08:00:00Z");
        assert_eq!(p("this-week", &monday), "2026-11-01T23:00:00+00:00");
        let sunday = prague("2026-11-08T22:59:00Z");
        assert_eq!(p("this-week", &sunday), "2026-11-01T23:00:00+00:00");
    }

    #[test]
    fn durations_subtract_absolute_time() {
        let c = prague("2026-11-05T09:30:00Z");
        assert_eq!(p("7d", &c), "2026-10-29T09:30:00+00:00");
        assert_eq!(p("2h", &c), "2026-11-05T07:30:00+00:00");
        assert_eq!(p("30m", &c), "2026-11-05T09:00:00+00:00");
        assert_eq!(p("2w", &c), "2026-10-22T09:30:00+00:00");
        assert_eq!(p("0d", &c), "2026-11-05T09:30:00+00:00");
        assert_eq!(e("7d", &c), "2026-10-29T09:30:00+00:00");
    }

    #[test]
    fn dates_and_local_times() {
        let c = prague("2026-11-05T09:30:00Z");
        assert_eq!(p("2026-11-01", &c), "2026-10-31T23:00:00+00:00");
        assert_eq!(e("2026-11-01", &c), "2026-11-01T23:00:00+00:00");
        // Summer date: CEST, +02:00.
        assert_eq!(p("2026-07-01", &c), "2026-06-30T22:00:00+00:00");
        assert_eq!(p("2026-11-01T08:00", &c), "2026-11-01T07:00:00+00:00");
        assert_eq!(p("2026-11-01t08:00:30", &c), "2026-11-01T07:00:30+00:00");
        assert_eq!(p("2026-11-01 08:00", &c), "2026-11-01T07:00:00+00:00");
        assert_eq!(e("2026-11-01T08:00", &c), "2026-11-01T07:00:00+00:00");
    }

    #[test]
    fn rfc3339_is_exact() {
        let c = prague("2026-11-05T09:30:00Z");
        assert_eq!(
            p("2026-11-01T08:00:00+05:00", &c),
            "2026-11-01T03:00:00+00:00"
        );
        assert_eq!(p("2026-11-01T08:00:00Z", &c), "2026-11-01T08:00:00+00:00");
        assert_eq!(p("2026-11-01T08:00Z", &c), "2026-11-01T08:00:00+00:00");
        assert_eq!(p("2026-11-01T08:00-02:00", &c), "2026-11-01T10:00:00+00:00");
        assert_eq!(e("2026-11-01T08:00:00Z", &c), "2026-11-01T08:00:00+00:00");
    }

    #[test]
    fn dst_days_are_23_and_25_hours() {
        let c = prague("2026-11-05T09:30:00Z");
        // Prague springs forward on 2026-03-29 and falls back on 2026-10-25.
        assert_eq!(p("2026-03-29", &c), "2026-03-28T23:00:00+00:00");
        assert_eq!(e("2026-03-29", &c), "2026-03-29T22:00:00+00:00");
        assert_eq!(p("2026-10-25", &c), "2026-10-24T22:00:00+00:00");
        assert_eq!(e("2026-10-25", &c), "2026-10-25T23:00:00+00:00");
        // `yesterday` the day after the change is a calendar day, not now minus 24 h.
        let after = prague("2026-03-30T10:00:00Z");
        assert_eq!(p("yesterday", &after), "2026-03-28T23:00:00+00:00");
        assert_eq!(e("yesterday", &after), "2026-03-29T22:00:00+00:00");
    }

    #[test]
    fn nonexistent_and_repeated_local_times() {
        let c = prague("2026-11-05T09:30:00Z");
        // 02:30 does not exist on 2026-03-29 in Prague: the first instant after the gap (03:00 CEST).
        assert_eq!(p("2026-03-29T02:30", &c), "2026-03-29T01:00:00+00:00");
        // 02:30 happens twice on 2026-10-25: the earlier one (CEST).
        assert_eq!(p("2026-10-25T02:30", &c), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn skipped_midnight_maps_to_first_valid_instant() {
        // Santiago springs forward at local midnight: 2026-09-06 00:00 does not exist,
        // the day starts at 01:00 -03:00 = 04:00 UTC.
        let c = TimeCtx {
            now: utc("2026-09-06T12:00:00Z"),
            tz: chrono_tz::America::Santiago,
        };
        assert_eq!(p("today", &c), "2026-09-06T04:00:00+00:00");
        assert_eq!(p("2026-09-06", &c), "2026-09-06T04:00:00+00:00");
        assert_eq!(e("2026-09-05", &c), "2026-09-06T04:00:00+00:00");
    }

    #[test]
    fn errors_name_the_expression() {
        let c = prague("2026-11-05T09:30:00Z");
        assert_eq!(
            parse_point("soon", &c).unwrap_err(),
            format!("unknown time \"soon\" ({EXPECTED})")
        );
        assert_eq!(
            parse_point("2026-02-30", &c).unwrap_err(),
            "invalid date \"2026-02-30\""
        );
        assert_eq!(
            parse_range_end("2026-11-01T25:00", &c).unwrap_err(),
            format!("invalid time \"2026-11-01T25:00\" ({EXPECTED})")
        );
        assert_eq!(
            parse_point("99999999999999999999d", &c).unwrap_err(),
            "time span \"99999999999999999999d\" is too long"
        );
        assert_eq!(
            parse_point("7x", &c).unwrap_err(),
            format!("unknown time \"7x\" ({EXPECTED})")
        );
        assert_eq!(
            parse_point("d", &c).unwrap_err(),
            format!("unknown time \"d\" ({EXPECTED})")
        );
        assert_eq!(
            parse_point("+12026-11-01", &c).unwrap_err(),
            format!("unknown time \"+12026-11-01\" ({EXPECTED})")
        );
    }

    #[test]
    fn spans_are_days_and_weeks() {
        assert!(TimeExpr::Today.is_span());
        assert!(TimeExpr::parse("2026-11-01").expect("date").is_span());
        assert!(!TimeExpr::parse("7d").expect("ago").is_span());
        assert!(
            !TimeExpr::parse("2026-11-01T08:00")
                .expect("local")
                .is_span()
        );
    }
}
