//! SLA target durations: `30m`, `4h`, `3d`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The unit a target was written in; `d` is not `24h` in a business calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `m`: business minutes.
    Minutes,
    /// `h`: business hours, counted as minutes.
    Hours,
    /// `d`: the same business time-of-day N business days later.
    Days,
}

/// A target such as `4h`; keeps its unit because days and hours count differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlaDuration {
    /// How many units; never zero.
    pub amount: u32,
    /// The unit it was written in.
    pub unit: Unit,
}

/// Longest accepted target: ten years, so arithmetic can never overflow.
const MAX_MINUTES: u64 = 10 * 366 * 24 * 60;

impl SlaDuration {
    /// Minutes, for `m` targets.
    pub fn minutes(n: u32) -> SlaDuration {
        SlaDuration {
            amount: n,
            unit: Unit::Minutes,
        }
    }

    /// Hours, for `h` targets.
    pub fn hours(n: u32) -> SlaDuration {
        SlaDuration {
            amount: n,
            unit: Unit::Hours,
        }
    }

    /// Days, for `d` targets.
    pub fn days(n: u32) -> SlaDuration {
        SlaDuration {
            amount: n,
            unit: Unit::Days,
        }
    }

    /// Parses `30m`, `4h` or `3d`; the error names the bad value.
    pub fn parse(s: &str) -> Result<SlaDuration, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "invalid duration \"{s}\" (expected a whole number and m, h or d, e.g. \"30m\", \"4h\", \"3d\")"
            )
        };
        let (digits, unit) = match t.char_indices().last() {
            Some((i, c)) => (&t[..i], c),
            None => return Err(bad()),
        };
        let unit = match unit.to_ascii_lowercase() {
            'm' => Unit::Minutes,
            'h' => Unit::Hours,
            'd' => Unit::Days,
            _ => return Err(bad()),
        };
        let digits = digits.trim_end();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let amount: u64 = digits.parse().map_err(|_| bad())?;
        if amount == 0 {
            return Err(format!("invalid duration \"{s}\": must be more than zero"));
        }
        let d = SlaDuration {
            amount: u32::try_from(amount).unwrap_or(u32::MAX),
            unit,
        };
        if amount > u64::from(u32::MAX) || d.nominal_minutes() > MAX_MINUTES {
            return Err(format!("invalid duration \"{s}\": longer than ten years"));
        }
        Ok(d)
    }

    /// Length in minutes with a day as 24 hours, as calendar time counts it.
    pub fn nominal_minutes(self) -> u64 {
        let n = u64::from(self.amount);
        match self.unit {
            Unit::Minutes => n,
            Unit::Hours => n * 60,
            Unit::Days => n * 24 * 60,
        }
    }

    /// Length in seconds with a day as 24 hours.
    pub fn nominal_seconds(self) -> i64 {
        // At most ten years of minutes, so this cannot overflow.
        i64::try_from(self.nominal_minutes() * 60).unwrap_or(i64::MAX)
    }
}

impl fmt::Display for SlaDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = match self.unit {
            Unit::Minutes => "m",
            Unit::Hours => "h",
            Unit::Days => "d",
        };
        write!(f, "{}{}", self.amount, u)
    }
}

impl FromStr for SlaDuration {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        SlaDuration::parse(s)
    }
}

impl Serialize for SlaDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SlaDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SlaDuration::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(SlaDuration::parse("30m"), Ok(SlaDuration::minutes(30)));
        assert_eq!(SlaDuration::parse("4h"), Ok(SlaDuration::hours(4)));
        assert_eq!(SlaDuration::parse(" 3d "), Ok(SlaDuration::days(3)));
        assert_eq!(SlaDuration::parse("8 H"), Ok(SlaDuration::hours(8)));
        assert_eq!(SlaDuration::hours(4).to_string(), "4h");
        assert_eq!(SlaDuration::days(3).nominal_seconds(), 3 * 86_400);
    }

    #[test]
    fn rejects_bad_values_naming_them() {
        for bad in ["", "h", "4", "4x", "-4h", "1.5h", "4hh", "1h30m", "+3d"] {
            let e = SlaDuration::parse(bad).unwrap_err();
            assert!(e.contains(&format!("\"{bad}\"")), "{e}");
        }
        assert_eq!(
            SlaDuration::parse("0m").unwrap_err(),
            "invalid duration \"0m\": must be more than zero"
        );
        assert_eq!(
            SlaDuration::parse("99999999999d").unwrap_err(),
            "invalid duration \"99999999999d\": longer than ten years"
        );
        assert!(SlaDuration::parse("3660d").is_ok());
        assert!(SlaDuration::parse("3661d").is_err());
    }

    #[test]
    fn deserializes_from_toml_string() {
        #[derive(Deserialize)]
        struct T {
            d: SlaDuration,
        }
        let t: T = toml::from_str("d = \"45m\"").unwrap();
        assert_eq!(t.d, SlaDuration::minutes(45));
        let e = toml::from_str::<T>("d = \"45s\"")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("invalid duration \"45s\""), "{e}");
    }
}
