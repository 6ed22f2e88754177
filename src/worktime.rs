//! Work durations as operators write them (`25m`, `1h30m`, `2h`, `1:30`) and as
//! hd shows them (`1h 30m`).

/// Longest single entry: a week, which no honest day of work exceeds and which
/// keeps every sum far from overflowing.
pub const MAX_SECONDS: i64 = 7 * 24 * 3600;

/// Parses a work duration: one or more `<number><unit>` parts with units `h`,
/// `m` and `s` (`1h30m`, `90m`, `45s`, `1h 15m`), or `H:MM`. The error names the value.
pub fn parse(s: &str) -> Result<i64, String> {
    let bad = || format!("invalid duration \"{s}\" (expected e.g. 25m, 1h30m, 2h or 1:30)");
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Err(bad());
    }
    let total = if let Some((h, m)) = t.split_once(':') {
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || m.len() != 2 || !digits(m) {
            return Err(bad());
        }
        let h: i64 = h.parse().map_err(|_| bad())?;
        let m: i64 = m.parse().map_err(|_| bad())?;
        if m >= 60 {
            return Err(bad());
        }
        h.checked_mul(3600)
            .and_then(|x| x.checked_add(m * 60))
            .ok_or_else(bad)?
    } else {
        let mut total: i64 = 0;
        let mut number = String::new();
        let mut last_unit = u8::MAX;
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let (rank, secs) = match c {
                'h' => (0, 3600),
                'm' => (1, 60),
                's' => (2, 1),
                _ => return Err(bad()),
            };
            // Units go from large to small, each once: `30m1h` is a typo, not 90 minutes.
            if number.is_empty() || (last_unit != u8::MAX && rank <= last_unit) {
                return Err(bad());
            }
            last_unit = rank;
            let n: i64 = number.parse().map_err(|_| bad())?;
            number.clear();
            total = n
                .checked_mul(secs)
                .and_then(|x| total.checked_add(x))
                .ok_or_else(bad)?;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        total
    };
    if total <= 0 {
        return Err(format!("invalid duration \"{s}\": must be more than zero"));
    }
    if total > MAX_SECONDS {
        return Err(format!(
            "invalid duration \"{s}\": longer than a week; log long work as several entries"
        ));
    }
    Ok(total)
}

/// Shows seconds the way operators write them: `1h 30m`, `25m`, `45s`, `0m`.
pub fn format(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    match (h, m) {
        (0, 0) if s > 0 => format!("{s}s"),
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_operators_write() {
        assert_eq!(parse("25m"), Ok(1500));
        assert_eq!(parse("1h30m"), Ok(5400));
        assert_eq!(parse("1h 30m"), Ok(5400));
        assert_eq!(parse("2H"), Ok(7200));
        assert_eq!(parse("90m"), Ok(5400));
        assert_eq!(parse("45s"), Ok(45));
        assert_eq!(parse("1h0m30s"), Ok(3630));
        assert_eq!(parse("1:30"), Ok(5400));
        assert_eq!(parse("0:05"), Ok(300));
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for s in [
            "",
            "m",
            "25",
            "1.5h",
            "30m1h",
            "1h1h",
            "-5m",
            "1d",
            "1:3",
            "1:60",
            "0m",
            "0:00",
            "169h",
            "99999999999999999999h",
            "1h30",
            "h30m",
        ] {
            assert!(parse(s).is_err(), "{s:?} was accepted");
        }
        assert_eq!(parse("168h"), Ok(MAX_SECONDS));
        assert!(parse("1d").unwrap_err().contains("\"1d\""));
    }

    #[test]
    fn formats_hours_and_minutes() {
        assert_eq!(format(0), "0m");
        assert_eq!(format(45), "45s");
        assert_eq!(format(1500), "25m");
        assert_eq!(format(5400), "1h 30m");
        assert_eq!(format(7200), "2h");
        assert_eq!(format(7230), "2h");
        assert_eq!(format(-5), "0m");
    }
}
