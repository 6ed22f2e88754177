//! The small closed sets of the domain: statuses, priorities, sources, ticket references.

use std::fmt;
use std::str::FromStr;

/// Ticket status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// New, nobody working on it.
    Queued,
    /// In progress.
    Open,
    /// Waiting on the customer.
    Waiting,
    /// Done.
    Closed,
}

impl Status {
    /// Every status in lifecycle order.
    pub const ALL: [Status; 4] = [
        Status::Queued,
        Status::Open,
        Status::Waiting,
        Status::Closed,
    ];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Open => "open",
            Status::Waiting => "waiting",
            Status::Closed => "closed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown status \"{s}\" (expected queued, open, waiting, closed)")
            })
    }
}

/// Ticket priority; the number is what the database stores and sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Low.
    Low = 0,
    /// Normal, the default.
    Normal = 1,
    /// High.
    High = 2,
    /// Urgent.
    Urgent = 3,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// The displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// The stored number.
    pub fn rank(self) -> i64 {
        self as i64
    }

    /// The priority of a stored number; out-of-range values read as normal.
    pub fn from_rank(n: i64) -> Priority {
        match n {
            0 => Priority::Low,
            2 => Priority::High,
            3 => Priority::Urgent,
            _ => Priority::Normal,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Priority::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown priority \"{s}\" (expected low, normal, high, urgent)"))
    }
}

/// Where an interaction came from.
pub const SOURCES: [&str; 5] = ["email", "phone", "chat", "web", "manual"];

/// A ticket as named on the command line: `279`, `#279`, `REQ-000279`, `req-279`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRef {
    /// Upper-case prefix, when given.
    pub prefix: Option<String>,
    /// The number.
    pub number: i64,
}

impl FromStr for TicketRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("\"{s}\" is not a ticket (expected e.g. 279, #279 or REQ-000279)");
        let t = s.trim();
        let t = t.strip_prefix('#').unwrap_or(t);
        let (prefix, digits) = match t.rsplit_once('-') {
            Some((p, d)) => {
                if p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(bad());
                }
                (Some(p.to_ascii_uppercase()), d)
            }
            None => (None, t),
        };
        if digits.is_empty() || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let number: i64 = digits.parse().map_err(|_| bad())?;
        Ok(TicketRef { prefix, number })
    }
}

/// Formats a ticket number: `REQ-000279`.
pub fn ticket_number(prefix: &str, number: i64) -> String {
    format!("{prefix}-{number:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_refs() {
        let want = TicketRef {
            prefix: None,
            number: 279,
        };
        assert_eq!("279".parse::<TicketRef>().unwrap(), want);
        assert_eq!("#279".parse::<TicketRef>().unwrap(), want);
        let p = TicketRef {
            prefix: Some("REQ".into()),
            number: 279,
        };
        assert_eq!("REQ-000279".parse::<TicketRef>().unwrap(), p);
        assert_eq!("req-279".parse::<TicketRef>().unwrap(), p);
        assert!("REQ-".parse::<TicketRef>().is_err());
        assert!("abc".parse::<TicketRef>().is_err());
        assert!("-5".parse::<TicketRef>().is_err());
        assert_eq!(ticket_number("REQ", 279), "REQ-000279");
    }

    #[test]
    fn statuses_and_priorities() {
        assert_eq!("Open".parse::<Status>().unwrap(), Status::Open);
        assert!("opne".parse::<Status>().unwrap_err().contains("opne"));
        assert!(Priority::Urgent > Priority::High);
        assert_eq!(Priority::from_rank(2), Priority::High);
    }
}
