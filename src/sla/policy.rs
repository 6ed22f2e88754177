//! `[sla.NAME]` policies: targets, per-priority overrides, the calendar they count in.

use serde::{Deserialize, Serialize};

use super::duration::SlaDuration;
use crate::model::Priority;

/// The targets one ticket is held to; also the shape of a per-priority override.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Time to the first public operator reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<SlaDuration>,
    /// Time to closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<SlaDuration>,
    /// Time from each later customer message to the next public operator reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_response: Option<SlaDuration>,
}

/// A `[sla.NAME]` section as written in the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyConfig {
    /// Default first-response target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<SlaDuration>,
    /// Default resolution target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<SlaDuration>,
    /// Default next-response target (see [`super::next_responses`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_response: Option<SlaDuration>,
    /// Name of a `[calendar.NAME]`; calendar time (24/7) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Override for low-priority tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Targets>,
    /// Override for normal-priority tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<Targets>,
    /// Override for high-priority tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Targets>,
    /// Override for urgent tickets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<Targets>,
    /// Sources (`phone`, `chat`...) whose tickets follow this policy when their
    /// category names none; checked when the config loads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl SlaPolicyConfig {
    /// The targets for a priority: its override, each missing field from the policy defaults.
    pub fn targets(&self, priority: Priority) -> Targets {
        let o = match priority {
            Priority::Low => self.low,
            Priority::Normal => self.normal,
            Priority::High => self.high,
            Priority::Urgent => self.urgent,
        }
        .unwrap_or_default();
        Targets {
            first_response: o.first_response.or(self.first_response),
            resolution: o.resolution.or(self.resolution),
            next_response: o.next_response.or(self.next_response),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_policy_with_overrides() {
        let p: SlaPolicyConfig = toml::from_str(
            r#"
first_response = "4h"
resolution = "3d"
calendar = "business"
urgent = { first_response = "1h", resolution = "8h" }
high = { first_response = "2h" }
"#,
        )
        .unwrap();
        assert_eq!(p.calendar.as_deref(), Some("business"));
        assert_eq!(
            p.targets(Priority::Urgent),
            Targets {
                first_response: Some(SlaDuration::hours(1)),
                resolution: Some(SlaDuration::hours(8)),
                next_response: None,
            }
        );
        assert_eq!(
            p.targets(Priority::High),
            Targets {
                first_response: Some(SlaDuration::hours(2)),
                resolution: Some(SlaDuration::days(3)),
                next_response: None,
            }
        );
        assert_eq!(
            p.targets(Priority::Normal),
            Targets {
                first_response: Some(SlaDuration::hours(4)),
                resolution: Some(SlaDuration::days(3)),
                next_response: None,
            }
        );
    }

    #[test]
    fn rejects_unknown_keys_and_bad_durations() {
        let e = toml::from_str::<SlaPolicyConfig>("first_respons = \"4h\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `first_respons`"), "{e}");
        let e = toml::from_str::<SlaPolicyConfig>("urgent = { resolution = \"8x\" }")
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid duration \"8x\""), "{e}");
        let e = toml::from_str::<SlaPolicyConfig>("urgent = { foo = \"8h\" }")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `foo`"), "{e}");
    }
}
