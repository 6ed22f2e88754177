//! SLA arithmetic: business-hours calendars, target durations and the SLA
//! state of a ticket from its timeline.
//!
//! Everything here is pure: the rest of hd reads events from the database and
//! feeds plain data in, so `hd sla` over a million tickets is one pass of
//! arithmetic. Build one [`Clock`] per policy and reuse it for every ticket:
//! a business clock caches its calendar's intervals as it goes.

pub mod calendar;
pub mod clock;
pub mod duration;
pub mod policy;
pub mod state;
pub mod store;

pub use calendar::{Calendar, CalendarConfig};
pub use clock::Clock;
pub use duration::{SlaDuration, Unit};
pub use policy::{SlaPolicyConfig, Targets};
pub use state::{Kind, NextResponse, SlaState, Timeline, compute, next_responses};

#[cfg(test)]
mod props;

#[cfg(test)]
mod test_util {
    use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
    use chrono_tz::Europe::Prague;

    use super::{Calendar, CalendarConfig, Clock};

    /// A Prague wall time (`2026-03-27 16:00`) as UTC; panics on a typo in a test.
    pub fn at(s: &str) -> DateTime<Utc> {
        let ndt = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time");
        Prague
            .from_local_datetime(&ndt)
            .earliest()
            .expect("existing local time")
            .with_timezone(&Utc)
    }

    /// A UTC time (`2026-03-27 15:00`).
    pub fn utc(s: &str) -> DateTime<Utc> {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .expect("test time")
            .and_utc()
    }

    /// A business clock from a `[calendar.X]` body, Prague by default.
    pub fn cal(body: &str) -> Clock {
        let cfg: CalendarConfig = toml::from_str(body).expect("calendar toml");
        Clock::business(Calendar::from_config(&cfg, Prague).expect("calendar"))
    }

    /// Mon–Fri 08:00–17:00.
    pub fn office() -> Clock {
        cal(r#"hours = { mon-fri = "08:00-17:00" }"#)
    }

    /// The PRODUCT.md example: lunch break, Saturday mornings, holidays.
    pub fn business() -> Clock {
        cal(r#"
hours = { mon-fri = "08:00-12:00,12:30-17:00", sat = "09:00-12:00" }
holidays = ["12-24", "12-25", "2026-04-06"]
"#)
    }

    /// Every hour of every day, to see DST days as 23 and 25 hours long.
    pub fn always() -> Clock {
        cal(r#"hours = { mon-sun = "00:00-24:00" }"#)
    }
}
