//! Business-hours calendars: time zone, weekly hours, holidays.
//!
//! Arithmetic runs on a table of business intervals in UTC seconds, built
//! lazily per block of 256 local days with running sums, so `add` and
//! `business_seconds` cost a binary search, not a walk over minutes or days;
//! time-zone lookups happen once per interval when a block is first used.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::{GapInfo, Tz};
use serde::{Deserialize, Serialize};

/// A `[calendar.NAME]` section as written in the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// IANA zone name; the top-level `timezone` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Day or day set (`mon`, `mon-fri`, `mon,wed`) to ranges (`08:00-12:00,12:30-17:00`).
    pub hours: BTreeMap<String, String>,
    /// `MM-DD` (every year) or `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// Days per lazily built block of the interval table.
const BLOCK_DAYS: i64 = 256;
/// First local day covered: 1900-01-01, as days since 1970-01-01.
const FIRST_DAY: i64 = -25_567;
/// Blocks covered: 1900-01-01 to about 2300-11; instants outside are clamped.
const BLOCKS: usize = 572;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_CE: i64 = 719_163;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_LONG: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A business-hours calendar, ready for arithmetic; cheap to share behind an `Arc`.
#[derive(Clone)]
pub struct Calendar {
    tz: Tz,
    /// Business ranges per weekday (Monday first) in seconds of the local day, sorted, disjoint.
    week: [Vec<(u32, u32)>; 7],
    /// Yearly holidays as bits at `month * 32 + day`.
    annual: [u64; 7],
    /// One-off holidays.
    dated: BTreeSet<NaiveDate>,
    blocks: Box<[OnceLock<Block>]>,
}

/// Business intervals of `BLOCK_DAYS` consecutive local days.
#[derive(Clone, Debug)]
struct Block {
    /// UTC second of the first day's local midnight.
    start: i64,
    /// UTC second of the local midnight after the last day.
    end: i64,
    /// Day `i` owns `ivs[day[i]..day[i + 1]]`.
    day: Vec<u32>,
    /// UTC second of day `i`'s local midnight; `BLOCK_DAYS + 1` of them.
    mid: Vec<i64>,
    /// Half-open `[start, end)` UTC seconds, in order, non-empty, disjoint.
    ivs: Vec<(i64, i64)>,
    /// `cum[j]` is the business seconds in this block before `ivs[j]`.
    cum: Vec<i64>,
}

impl Block {
    fn total(&self) -> i64 {
        self.cum.last().copied().unwrap_or(0)
    }

    /// Index of the first interval ending after `t`.
    fn first_after(&self, t: i64) -> usize {
        // Local day `i` starts within a day of `start + i * 86400`, so only the
        // intervals of three days around that guess need searching.
        let i = usize::try_from((t - self.start).div_euclid(86_400)).unwrap_or(0);
        let lo = self.day[i.saturating_sub(1).min(BLOCK_DAYS as usize)] as usize;
        let hi = self.day[(i + 2).min(BLOCK_DAYS as usize)] as usize;
        lo + self.ivs[lo..hi].partition_point(|iv| iv.1 <= t)
    }

    /// The first interval ending after `t` and the business seconds in this block before `t`.
    fn pos(&self, t: i64) -> (usize, i64) {
        let j = self.first_after(t);
        match self.ivs.get(j) {
            Some(&(s, _)) => (j, self.cum[j] + (t - s).max(0)),
            None => (j, self.total()),
        }
    }

    /// The block-local day holding interval `j`.
    fn day_of(&self, j: usize) -> usize {
        self.day
            .partition_point(|&x| x as usize <= j)
            .saturating_sub(1)
    }

    fn day_ivs(&self, i: usize) -> &[(i64, i64)] {
        &self.ivs[self.day[i] as usize..self.day[i + 1] as usize]
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("tz", &self.tz)
            .field("week", &self.week)
            .field("dated", &self.dated)
            .finish_non_exhaustive()
    }
}

impl Calendar {
    /// Builds a calendar from its config section; errors name the bad value.
    pub fn from_config(cfg: &CalendarConfig, default_tz: Tz) -> Result<Calendar, String> {
        let tz = match &cfg.timezone {
            Some(name) => name
                .trim()
                .parse::<Tz>()
                .map_err(|_| format!("unknown time zone \"{name}\""))?,
            None => default_tz,
        };
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        let mut owner: [Option<&str>; 7] = [None; 7];
        for (key, value) in &cfg.hours {
            let days = parse_days(key)?;
            let ranges = parse_ranges(key, value)?;
            for d in 0..7 {
                if days & (1 << d) == 0 {
                    continue;
                }
                if let Some(other) = owner[d] {
                    return Err(format!(
                        "hours \"{key}\": {} already has hours from \"{other}\"",
                        DAY_NAMES[d]
                    ));
                }
                owner[d] = Some(key);
                week[d] = ranges.clone();
            }
        }
        if week.iter().all(Vec::is_empty) {
            return Err(
                "no business hours: give at least one day a range, e.g. mon-fri = \"08:00-17:00\""
                    .into(),
            );
        }
        let mut annual = [0u64; 7];
        let mut dated = BTreeSet::new();
        let mut annual_count = 0;
        for h in &cfg.holidays {
            match parse_holiday(h)? {
                Holiday::Annual(m, d) => {
                    let bit = (m * 32 + d) as usize;
                    if annual[bit / 64] & (1 << (bit % 64)) == 0 {
                        annual_count += 1;
                    }
                    annual[bit / 64] |= 1 << (bit % 64);
                }
                Holiday::Dated(date) => {
                    dated.insert(date);
                }
            }
        }
        if annual_count >= 366 {
            return Err("holidays cover every day of the year".into());
        }
        let blocks = (0..BLOCKS).map(|_| OnceLock::new()).collect();
        Ok(Calendar {
            tz,
            week,
            annual,
            dated,
            blocks,
        })
    }

    /// The calendar's time zone.
    pub fn timezone(&self) -> Tz {
        self.tz
    }

    /// Whether `t` falls in business hours.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        self.is_open_secs(t.timestamp())
    }

    /// Whether `date` (local) is a business day: not a holiday and with hours.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.is_holiday(date)
            && !self.week[date.weekday().num_days_from_monday() as usize].is_empty()
    }

    fn is_holiday(&self, date: NaiveDate) -> bool {
        let bit = (date.month() * 32 + date.day()) as usize;
        self.annual[bit / 64] & (1 << (bit % 64)) != 0 || self.dated.contains(&date)
    }

    fn block(&self, k: usize) -> &Block {
        self.blocks[k].get_or_init(|| self.build_block(k))
    }

    /// The block holding `t`, or `None` before or after the covered range.
    fn block_of(&self, t: i64) -> Option<usize> {
        let guess = (t.div_euclid(86_400) - FIRST_DAY).div_euclid(BLOCK_DAYS);
        let mut k = usize::try_from(guess.clamp(0, BLOCKS as i64 - 1)).unwrap_or(0);
        // A zone offset is under a day, so the guess is off by at most one block.
        for _ in 0..2 {
            let b = self.block(k);
            if t < b.start {
                if k == 0 {
                    return None;
                }
                k -= 1;
            } else if t >= b.end {
                if k + 1 == BLOCKS {
                    return None;
                }
                k += 1;
            } else {
                return Some(k);
            }
        }
        Some(k)
    }

    /// Block, first interval ending after `t`, and business seconds into the
    /// block at `t`, clamped to the covered range.
    fn pos(&self, t: i64) -> (usize, usize, i64) {
        match self.block_of(t) {
            Some(k) => {
                let (j, p) = self.block(k).pos(t);
                (k, j, p)
            }
            None if t < self.block(0).start => (0, 0, 0),
            None => {
                let b = self.block(BLOCKS - 1);
                (BLOCKS - 1, b.ivs.len(), b.total())
            }
        }
    }

    /// Business seconds in `[a, b)`.
    pub(crate) fn business_seconds_secs(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let (ka, _, pa) = self.pos(a);
        let (kb, _, pb) = self.pos(b);
        if ka == kb {
            return pb - pa;
        }
        let mut sum = self.block(ka).total() - pa + pb;
        for k in ka + 1..kb {
            sum += self.block(k).total();
        }
        sum
    }

    /// The earliest instant with `secs` business seconds after `t`; `t` itself when `secs <= 0`.
    pub(crate) fn add_secs(&self, t: i64, secs: i64) -> i64 {
        if secs <= 0 {
            return t;
        }
        let (mut k, mut j, p) = self.pos(t);
        let mut want = p + secs;
        loop {
            let b = self.block(k);
            if want <= b.total() {
                // Targets span a few intervals: walk, and search only when far.
                let mut steps = 0;
                while b.cum[j + 1] < want {
                    j += 1;
                    steps += 1;
                    if steps == 16 {
                        j += b.cum[j + 1..].partition_point(|&c| c < want);
                        break;
                    }
                }
                return b.ivs[j].0 + (want - b.cum[j]);
            }
            j = 0;
            want -= b.total();
            k += 1;
            if k == BLOCKS {
                return b.end;
            }
        }
    }

    /// The first business instant at or after `t`, with its block and interval.
    fn next_open_at(&self, t: i64) -> Option<(usize, usize, i64)> {
        let mut k = match self.block_of(t) {
            Some(k) => k,
            None if t < self.block(0).start => 0,
            None => return None,
        };
        let b = self.block(k);
        let j = b.first_after(t);
        if let Some(&(s, _)) = b.ivs.get(j) {
            return Some((k, j, s.max(t)));
        }
        loop {
            k += 1;
            if k == BLOCKS {
                return None;
            }
            if let Some(&(s, _)) = self.block(k).ivs.first() {
                return Some((k, 0, s));
            }
        }
    }

    /// The first business instant at or after `t`.
    pub(crate) fn next_open_secs(&self, t: i64) -> i64 {
        match self.next_open_at(t) {
            Some((_, _, s)) => s,
            None => t.max(self.block(BLOCKS - 1).end),
        }
    }

    pub(crate) fn is_open_secs(&self, t: i64) -> bool {
        let Some(k) = self.block_of(t) else {
            return false;
        };
        let b = self.block(k);
        matches!(b.ivs.get(b.first_after(t)), Some(&(s, _)) if s <= t)
    }

    /// The same business time-of-day `n` business days after `t` (snapped to the next opening).
    ///
    /// When that time of day is outside the target day's hours (a shorter
    /// Saturday, say), the due time stays on that day: the next range start
    /// after it, or else the day's closing time.
    pub(crate) fn add_days_secs(&self, t: i64, n: u32) -> i64 {
        let Some((mut k, j, t0)) = self.next_open_at(t) else {
            return t.max(self.block(BLOCKS - 1).end);
        };
        let b0 = self.block(k);
        let mut i = b0.day_of(j);
        // On a day without a clock change the wall time is the offset from midnight.
        let plain = |b: &Block, i: usize| b.mid[i + 1] - b.mid[i] == 86_400;
        let since_midnight = plain(b0, i).then(|| t0 - b0.mid[i]);
        let mut left = n;
        while left > 0 {
            i += 1;
            if i == BLOCK_DAYS as usize {
                i = 0;
                k += 1;
                if k == BLOCKS {
                    return self.block(BLOCKS - 1).end;
                }
            }
            let b = self.block(k);
            if b.day[i + 1] > b.day[i] {
                left -= 1;
            }
        }
        let b = self.block(k);
        let target = match since_midnight {
            Some(secs) if plain(b, i) => b.mid[i] + secs,
            _ => {
                let date = date_of(FIRST_DAY + k as i64 * BLOCK_DAYS + i as i64);
                self.to_utc(date.and_time(self.local(t0).time()), false)
            }
        };
        let ivs = b.day_ivs(i);
        match ivs.iter().find(|iv| iv.1 > target) {
            Some(&(s, _)) => s.max(target),
            None => ivs.last().map_or(target, |iv| iv.1),
        }
    }

    fn local(&self, t: i64) -> NaiveDateTime {
        let utc = DateTime::from_timestamp(t, 0).unwrap_or_default();
        utc.with_timezone(&self.tz).naive_local()
    }

    /// UTC second of a local time: earliest or latest when it occurs twice,
    /// the end of the gap when it does not occur at all (spring forward).
    fn to_utc(&self, ndt: NaiveDateTime, latest: bool) -> i64 {
        use chrono::LocalResult;
        match self.tz.from_local_datetime(&ndt) {
            LocalResult::Single(t) => t.timestamp(),
            LocalResult::Ambiguous(a, b) => {
                if latest {
                    b.timestamp()
                } else {
                    a.timestamp()
                }
            }
            LocalResult::None => match GapInfo::new(&ndt, &self.tz).and_then(|g| g.end) {
                Some(end) => end.timestamp(),
                None => ndt.and_utc().timestamp(),
            },
        }
    }

    /// UTC second of `date` at `secs` into the local day (86400 = next midnight).
    fn at(&self, date: NaiveDate, secs: u32, latest: bool) -> i64 {
        if secs >= 86_400 {
            let next = date.succ_opt().unwrap_or(date);
            return self.to_utc(next.and_time(NaiveTime::MIN), false);
        }
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or(NaiveTime::MIN);
        self.to_utc(date.and_time(time), latest)
    }

    fn build_block(&self, k: usize) -> Block {
        let first = FIRST_DAY + k as i64 * BLOCK_DAYS;
        let mut day = Vec::with_capacity(BLOCK_DAYS as usize + 1);
        let mid: Vec<i64> = (0..=BLOCK_DAYS)
            .map(|i| self.at(date_of(first + i), 0, false))
            .collect();
        let mut ivs = Vec::new();
        let mut cum = vec![0i64];
        let start = mid[0];
        let mut last_end = start;
        for i in 0..BLOCK_DAYS {
            let date = date_of(first + i);
            day.push(ivs.len() as u32);
            if self.is_holiday(date) {
                continue;
            }
            for &(s, e) in &self.week[date.weekday().num_days_from_monday() as usize] {
                // Around a fall-back hour two ranges may map onto each other; keep order.
                let us = self.at(date, s, false).max(last_end);
                let ue = self.at(date, e, true);
                if ue > us {
                    ivs.push((us, ue));
                    cum.push(cum[cum.len() - 1] + (ue - us));
                    last_end = ue;
                }
            }
        }
        day.push(ivs.len() as u32);
        let end = mid[BLOCK_DAYS as usize].max(last_end);
        Block {
            start,
            end,
            day,
            mid,
            ivs,
            cum,
        }
    }
}

fn date_of(days_since_epoch: i64) -> NaiveDate {
    i32::try_from(days_since_epoch + EPOCH_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

/// Weekday bit set (bit 0 = Monday) of a key like `mon`, `mon-fri`, `mon,wed`, `fri-mon`.
fn parse_days(key: &str) -> Result<u8, String> {
    let bad = || {
        format!(
            "hours \"{key}\": unknown day (expected mon..sun, a range like mon-fri or a list like mon,wed)"
        )
    };
    let mut set = 0u8;
    for item in key.split(',') {
        let item = item.trim();
        match item.split_once('-') {
            Some((a, b)) => {
                let a = day_index(a).ok_or_else(bad)?;
                let b = day_index(b).ok_or_else(bad)?;
                let mut d = a;
                loop {
                    set |= 1 << d;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => set |= 1 << day_index(item).ok_or_else(bad)?,
        }
    }
    Ok(set)
}

fn day_index(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    DAY_NAMES
        .iter()
        .position(|d| *d == s)
        .or_else(|| DAY_LONG.iter().position(|d| *d == s))
}

/// Sorted, merged ranges in seconds of the day; `""` or `closed` means none.
fn parse_ranges(key: &str, value: &str) -> Result<Vec<(u32, u32)>, String> {
    let v = value.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    let mut out: Vec<(u32, u32)> = Vec::new();
    for part in v.split(',') {
        let part = part.trim();
        let bad = || {
            format!(
                "hours \"{key}\": invalid time range \"{part}\" (expected HH:MM-HH:MM, e.g. \"08:00-12:00\")"
            )
        };
        let (a, b) = part.split_once('-').ok_or_else(bad)?;
        let a = parse_hhmm(a).filter(|&m| m < 24 * 60).ok_or_else(bad)?;
        let b = parse_hhmm(b).ok_or_else(bad)?;
        if b <= a {
            return Err(format!(
                "hours \"{key}\": time range \"{part}\" ends before it starts"
            ));
        }
        out.push((a * 60, b * 60));
    }
    out.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => {
                return Err(format!(
                    "hours \"{key}\": time ranges in \"{value}\" overlap"
                ));
            }
            Some(last) if s == last.1 => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    Ok(merged)
}

/// Minutes since midnight of `HH:MM` (or `H:MM`); `24:00` allowed.
fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

enum Holiday {
    Annual(u32, u32),
    Dated(NaiveDate),
}

fn parse_holiday(s: &str) -> Result<Holiday, String> {
    let bad = || format!("invalid holiday \"{s}\" (expected \"MM-DD\" or \"YYYY-MM-DD\")");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [m, d] => {
            let (m, d) = (num(m, 2).ok_or_else(bad)?, num(d, 2).ok_or_else(bad)?);
            // A leap year, so 02-29 is accepted.
            NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
            Ok(Holiday::Annual(m, d))
        }
        [y, m, d] => {
            let y = num(y, 4).ok_or_else(bad)?;
            let (m, d) = (num(m, 2).ok_or_else(bad)?, num(d, 2).ok_or_else(bad)?);
            let date = NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| bad())?, m, d)
                .ok_or_else(bad)?;
            Ok(Holiday::Dated(date))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Prague;

    fn parse(body: &str) -> Result<Calendar, String> {
        let cfg: CalendarConfig = toml::from_str(body).map_err(|e| e.to_string())?;
        Calendar::from_config(&cfg, Prague)
    }

    fn hours(c: &Calendar, day: usize) -> Vec<(u32, u32)> {
        c.week[day].iter().map(|&(s, e)| (s / 60, e / 60)).collect()
    }

    #[test]
    fn day_keys_single_range_list_and_wrap() {
        let c = parse(
            r#"hours = { mon-wed = "08:00-12:00,12:30-17:00", "thu,sat" = "9:00-11:00", fri-sun = "" }"#,
        );
        // fri-sun and "thu,sat" both give Saturday: refused.
        assert_eq!(
            c.unwrap_err(),
            "hours \"thu,sat\": sat already has hours from \"fri-sun\""
        );
        let c = parse(
            r#"hours = { mon-wed = "08:00-12:00,12:30-17:00", "thu,sat" = "9:00-11:00", sun-mon = "closed" }"#,
        );
        assert_eq!(
            c.unwrap_err(),
            "hours \"sun-mon\": mon already has hours from \"mon-wed\""
        );
        let c = parse(
            r#"hours = { mon-wed = "08:00-12:00, 12:30-17:00", "Thu, sat" = "9:00-11:00", Friday = "13:00-24:00" }"#,
        )
        .unwrap();
        assert_eq!(hours(&c, 0), vec![(480, 720), (750, 1020)]);
        assert_eq!(hours(&c, 2), vec![(480, 720), (750, 1020)]);
        assert_eq!(hours(&c, 3), vec![(540, 660)]);
        assert_eq!(hours(&c, 4), vec![(780, 1440)]);
        assert_eq!(hours(&c, 5), vec![(540, 660)]);
        assert_eq!(hours(&c, 6), vec![]);
        let c = parse(r#"hours = { fri-mon = "10:00-11:00,09:00-10:00" }"#).unwrap();
        let open: Vec<usize> = (0..7).filter(|&d| !c.week[d].is_empty()).collect();
        assert_eq!(open, vec![0, 4, 5, 6]);
        // Touching ranges merge.
        assert_eq!(hours(&c, 0), vec![(540, 660)]);
        assert_eq!(c.timezone(), Prague);
    }

    #[test]
    fn bad_hours_name_the_value() {
        assert_eq!(
            parse(r#"hours = { mon-fry = "08:00-17:00" }"#).unwrap_err(),
            "hours \"mon-fry\": unknown day (expected mon..sun, a range like mon-fri or a list like mon,wed)"
        );
        assert_eq!(
            parse(r#"hours = { mon = "8-17" }"#).unwrap_err(),
            "hours \"mon\": invalid time range \"8-17\" (expected HH:MM-HH:MM, e.g. \"08:00-12:00\")"
        );
        assert_eq!(
            parse(r#"hours = { mon = "08:00-17:60" }"#).unwrap_err(),
            "hours \"mon\": invalid time range \"08:00-17:60\" (expected HH:MM-HH:MM, e.g. \"08:00-12:00\")"
        );
        assert_eq!(
            parse(r#"hours = { mon = "24:00-24:00" }"#).unwrap_err(),
            "hours \"mon\": invalid time range \"24:00-24:00\" (expected HH:MM-HH:MM, e.g. \"08:00-12:00\")"
        );
        assert_eq!(
            parse(r#"hours = { mon = "17:00-08:00" }"#).unwrap_err(),
            "hours \"mon\": time range \"17:00-08:00\" ends before it starts"
        );
        assert_eq!(
            parse(r#"hours = { mon = "08:00-12:00,11:00-13:00" }"#).unwrap_err(),
            "hours \"mon\": time ranges in \"08:00-12:00,11:00-13:00\" overlap"
        );
        assert_eq!(
            parse(r#"hours = { mon = "closed" }"#).unwrap_err(),
            "no business hours: give at least one day a range, e.g. mon-fri = \"08:00-17:00\""
        );
    }

    #[test]
    fn holidays_and_time_zone() {
        let c = parse(
            r#"
timezone = "America/New_York"
hours = { mon-fri = "09:00-17:00" }
holidays = ["12-25", "02-29", "2026-04-06"]
"#,
        )
        .unwrap();
        assert_eq!(c.timezone(), chrono_tz::America::New_York);
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(!c.is_business_day(d(2026, 12, 25)));
        assert!(!c.is_business_day(d(2031, 12, 25)));
        assert!(!c.is_business_day(d(2028, 2, 29)));
        assert!(!c.is_business_day(d(2026, 4, 6)));
        assert!(c.is_business_day(d(2027, 4, 6)));
        assert!(!c.is_business_day(d(2026, 4, 4)));
        for bad in [
            "13-01",
            "2026-02-29",
            "1-05",
            "2026-4-06",
            "12/24",
            "xmas",
            "2026-12-24-1",
        ] {
            let body = format!("hours = {{ mon = \"08:00-09:00\" }}\nholidays = [\"{bad}\"]");
            assert_eq!(
                parse(&body).unwrap_err(),
                format!("invalid holiday \"{bad}\" (expected \"MM-DD\" or \"YYYY-MM-DD\")")
            );
        }
        assert_eq!(
            parse("timezone = \"Europe/Praha\"\nhours = { mon = \"08:00-09:00\" }").unwrap_err(),
            "unknown time zone \"Europe/Praha\""
        );
    }

    #[test]
    fn config_shape_is_strict() {
        let e = parse("hours = { mon = \"08:00-09:00\" }\nholiday = [\"12-24\"]").unwrap_err();
        assert!(e.contains("unknown field `holiday`"), "{e}");
        let e = parse("holidays = [\"12-24\"]").unwrap_err();
        assert!(e.contains("missing field `hours`"), "{e}");
    }

    #[test]
    fn shareable_across_threads() {
        fn sync<T: Send + Sync>() {}
        sync::<Calendar>();
    }
}
