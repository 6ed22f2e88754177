//! Routing rules: `[[rule]]` tables compiled once at load, then evaluated
//! against each arriving message (`hd sync`) or a test message (`hd rules test`).
//!
//! Pure: no database, no mail parsing. The caller builds an [`Input`] from the
//! parsed message and applies the [`Outcome`] to the ticket.

mod compile;
mod config;
mod eval;
mod fold;

use std::fmt;

use serde::Serialize;

pub use compile::compile;
pub use config::{Actions, Conditions, HeaderList, HeaderSpec, MatchKind, RuleConfig, StringList};
pub use eval::{describe, evaluate, outcome};
pub use fold::fold;

/// The sources a ticket can come from, as the `source` condition accepts them.
pub const SOURCES: [&str; 5] = ["email", "phone", "chat", "web", "manual"];

/// Names defined elsewhere in the config that rules may refer to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// `[[category]]` names.
    pub categories: &'a [&'a str],
    /// `[[queue]]` names.
    pub queues: &'a [&'a str],
    /// `[[operator]]` names.
    pub operators: &'a [&'a str],
    /// Template names (config `[template.X]` and files in `templates_dir`).
    pub templates: &'a [&'a str],
}

/// A ticket status a rule can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
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
    /// Parses `queued`/`open`/`waiting`/`closed`, ignoring case.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.to_ascii_lowercase().as_str() {
            "queued" => Status::Queued,
            "open" => Status::Open,
            "waiting" => Status::Waiting,
            "closed" => Status::Closed,
            _ => return None,
        })
    }

    /// The name stored in the database and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Open => "open",
            Status::Waiting => "waiting",
            Status::Closed => "closed",
        }
    }
}

/// A ticket priority a rule can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// 0 in the database.
    Low,
    /// 1 in the database.
    Normal,
    /// 2 in the database.
    High,
    /// 3 in the database.
    Urgent,
}

impl Priority {
    /// Parses `low`/`normal`/`high`/`urgent`, ignoring case.
    pub fn parse(s: &str) -> Option<Priority> {
        Some(match s.to_ascii_lowercase().as_str() {
            "low" => Priority::Low,
            "normal" => Priority::Normal,
            "high" => Priority::High,
            "urgent" => Priority::Urgent,
            _ => return None,
        })
    }

    /// The name shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// The integer stored in `tickets.priority`.
    pub fn level(self) -> i64 {
        self as i64
    }
}

/// A validated rule, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Rule {
    name: String,
    stop: bool,
    when: Vec<compile::Cond>,
    any: Vec<Vec<compile::Cond>>,
    actions: RuleActions,
}

impl Rule {
    /// The rule's name (events record it as `rule:NAME`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether a match ends evaluation.
    pub fn stop(&self) -> bool {
        self.stop
    }

    /// What a match does.
    pub fn actions(&self) -> &RuleActions {
        &self.actions
    }
}

/// A rule's validated actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleActions {
    /// Category to set.
    pub category: Option<String>,
    /// Queue to move to.
    pub queue: Option<String>,
    /// Operator to assign.
    pub assignee: Option<String>,
    /// Status to set.
    pub status: Option<Status>,
    /// Priority to set.
    pub priority: Option<Priority>,
    /// Tags to add.
    pub tags: Vec<String>,
    /// Template to auto-reply with.
    pub auto_reply: Option<String>,
    /// Set (`true`) or clear (`false`) the deleted flag.
    pub delete: Option<bool>,
}

/// What a message looks like to the rules; hd fills it from the parsed mail.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// Sender address (`jana@example.com`); the domain is taken from it.
    pub from: &'a str,
    /// Sender display name, empty if none.
    pub from_name: &'a str,
    /// To addresses.
    pub to: &'a [String],
    /// Cc addresses.
    pub cc: &'a [String],
    /// Subject, decoded.
    pub subject: &'a str,
    /// Body as plain text.
    pub body: &'a str,
    /// Headers as (name, decoded value), in message order.
    pub headers: &'a [(String, String)],
    /// email, phone, chat, web or manual.
    pub source: &'a str,
    /// The queue the message arrived in.
    pub queue: &'a str,
    /// Whether the loop guard classed the message as automatic.
    pub automatic: bool,
}

/// The ticket fields the matching rules set; `None` means leave as is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Category set by the last matching rule that sets one.
    pub category: Option<String>,
    /// Queue set by the last matching rule that sets one.
    pub queue: Option<String>,
    /// Assignee set by the last matching rule that sets one.
    pub assignee: Option<String>,
    /// Status set by the last matching rule that sets one.
    pub status: Option<Status>,
    /// Priority set by the last matching rule that sets one.
    pub priority: Option<Priority>,
    /// Tags added by every matching rule, first occurrence first, no duplicates.
    pub tags: Vec<String>,
    /// Template to auto-reply with (the caller still applies the loop guard).
    pub auto_reply: Option<String>,
    /// Whether the ticket is to be flagged deleted.
    pub delete: bool,
    /// Names of the matching rules, in order.
    pub applied: Vec<String>,
    /// Which rule set each field, for event actors (`rule:NAME`).
    pub set_by: SetBy,
}

/// For each field of an [`Outcome`], the rule whose value won.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SetBy {
    /// Rule that set the category.
    pub category: Option<String>,
    /// Rule that set the queue.
    pub queue: Option<String>,
    /// Rule that set the assignee.
    pub assignee: Option<String>,
    /// Rule that set the status.
    pub status: Option<String>,
    /// Rule that set the priority.
    pub priority: Option<String>,
    /// Rule that added each tag, parallel to `Outcome::tags`.
    pub tags: Vec<String>,
    /// Rule that chose the auto-reply.
    pub auto_reply: Option<String>,
    /// Rule that set (or cleared) the deleted flag.
    pub delete: Option<String>,
}

/// One rule's verdict, as `hd rules test` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// Rule name.
    pub rule: String,
    /// Whether it matched (and so applied its actions).
    pub matched: bool,
    /// Why: the conditions that held, or the first that failed.
    pub why: String,
}

/// The result of running every rule over one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The combined effect of the matching rules.
    pub outcome: Outcome,
    /// One entry per rule, in config order.
    pub trace: Vec<Trace>,
}

/// A rule the config loader must reject, naming the rule and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleError {
    /// Position of the rule among the `[[rule]]` tables, from 0.
    pub index: usize,
    /// The rule's name as written (may be empty).
    pub name: String,
    /// Key path inside the rule: `name`, `if.subject`, `any[1].header`, `then.category`.
    pub key: String,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.trim().is_empty() {
            write!(f, "rule #{}", self.index + 1)?;
        } else {
            write!(f, "rule {:?}", self.name)?;
        }
        write!(f, ": {}", self.problem)?;
        if self.key != "name" {
            write!(f, " in {}", self.key)?;
        }
        Ok(())
    }
}

/// The kinds of invalid rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// `name` is missing or blank.
    #[error("empty name")]
    EmptyName,
    /// Another rule (ignoring case) has this name.
    #[error("duplicate name, already used by rule #{}", first + 1)]
    DuplicateName {
        /// Index of the first rule with the name, from 0.
        first: usize,
    },
    /// A reference to something the config does not define.
    #[error("unknown {what} {value:?}{hint}")]
    Unknown {
        /// category, queue, operator, template, status, priority or source.
        what: &'static str,
        /// The value as written.
        value: String,
        /// ` (did you mean "X"?)` or ` (known: a, b)`.
        hint: String,
    },
    /// A regex that does not compile.
    #[error("bad regex {pattern:?}: {message}")]
    BadRegex {
        /// The pattern as written.
        pattern: String,
        /// The regex crate's reason.
        message: String,
    },
    /// A header string that is not `Name: pattern`, or a bad header name.
    #[error(
        "bad header condition {value:?}: expected \"Name: pattern\" or {{ name = \"Name\", value = \"pattern\" }}"
    )]
    BadHeader {
        /// The value as written.
        value: String,
    },
    /// An empty pattern under contains or regex would match everything.
    #[error("empty pattern (it would match everything)")]
    EmptyPattern,
    /// An empty array would never match.
    #[error("empty list (it would never match)")]
    EmptyList,
    /// A tag that the filter language could not name.
    #[error("bad tag {0:?}: tags may not be empty or contain spaces or commas")]
    BadTag(String),
    /// A rule with neither actions nor `stop` does nothing.
    #[error("no actions and no stop: the rule would do nothing")]
    NoEffect,
}
