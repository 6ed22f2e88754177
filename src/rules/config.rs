//! The `[[rule]]` tables of config.toml, as written; validated by `compile`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One `[[rule]]` entry as written in the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Unique name; events record the rule as `rule:NAME`.
    pub name: String,
    /// Conditions that must all hold (`if = { ... }`).
    #[serde(rename = "if", default)]
    pub when: Option<Conditions>,
    /// Alternatives of which at least one must hold, in addition to `if`.
    #[serde(default)]
    pub any: Option<Vec<Conditions>>,
    /// What a match does.
    #[serde(default)]
    pub then: Actions,
    /// Whether a match ends evaluation.
    #[serde(default)]
    pub stop: bool,
}

/// One table of conditions; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// Sender address or display name.
    pub from: Option<StringList>,
    /// Sender domain (the domain or a subdomain of it, under `contains`).
    pub domain: Option<StringList>,
    /// Any To or Cc address.
    pub to: Option<StringList>,
    /// Any Cc address.
    pub cc: Option<StringList>,
    /// Subject line.
    pub subject: Option<StringList>,
    /// Body text.
    pub body: Option<StringList>,
    /// A header: `"Name: pattern"` or `{ name = "Name", value = "pattern" }`, or an array of them.
    pub header: Option<HeaderList>,
    /// Where the ticket came from: email, phone, chat, web, manual.
    pub source: Option<StringList>,
    /// The queue (as set by the mailbox or by an earlier rule).
    pub queue: Option<StringList>,
    /// Automatic mail (auto-replies, bounces, lists) or not.
    pub automatic: Option<bool>,
    /// How the string conditions of this table compare.
    #[serde(rename = "match", default)]
    pub matching: MatchKind,
}

/// The actions of a rule (`then = { ... }`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    /// Category name.
    pub category: Option<String>,
    /// Queue name.
    pub queue: Option<String>,
    /// Operator name.
    pub assignee: Option<String>,
    /// queued, open, waiting or closed.
    pub status: Option<String>,
    /// low, normal, high or urgent.
    pub priority: Option<String>,
    /// Tags to add.
    pub tags: Option<StringList>,
    /// Template to auto-reply with.
    pub auto_reply: Option<String>,
    /// Set (or, with `false`, clear) the deleted flag.
    pub delete: Option<bool>,
}

/// How a table's string conditions compare, after folding case and diacritics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The text contains the pattern.
    #[default]
    Contains,
    /// The text (trimmed) is the pattern.
    Equals,
    /// The pattern is a regular expression found in the text.
    Regex,
}

/// A string or an array of strings; an array means any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringList, E> {
                Ok(StringList(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(StringList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One header condition as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderSpec {
    /// `"X-Priority: 1"`; nothing after the colon means the header is present.
    Line(String),
    /// `{ name = "X-Priority", value = "1" }`; no value means the header is present.
    Field {
        /// Header name, compared case-insensitively.
        name: String,
        /// Patterns for the value (any of them).
        value: Option<StringList>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderField {
    name: String,
    value: Option<StringList>,
}

impl<'de> Deserialize<'de> for HeaderSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HeaderSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"Name: pattern\" or a table { name = ..., value = ... }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HeaderSpec, E> {
                Ok(HeaderSpec::Line(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<HeaderSpec, A::Error> {
                let f = HeaderField::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(HeaderSpec::Field {
                    name: f.name,
                    value: f.value,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// One header condition or an array of them (any of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderList(pub Vec<HeaderSpec>);

impl<'de> Deserialize<'de> for HeaderList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HeaderList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "\"Name: pattern\", a table { name = ..., value = ... }, or an array of them",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HeaderList, E> {
                Ok(HeaderList(vec![HeaderSpec::Line(v.to_owned())]))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<HeaderList, A::Error> {
                let f = HeaderField::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(HeaderList(vec![HeaderSpec::Field {
                    name: f.name,
                    value: f.value,
                }]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HeaderList, A::Error> {
                let mut out = Vec::new();
                while let Some(h) = seq.next_element::<HeaderSpec>()? {
                    out.push(h);
                }
                Ok(HeaderList(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct File {
        rule: Vec<RuleConfig>,
    }

    fn parse(s: &str) -> Result<Vec<RuleConfig>, String> {
        toml::from_str::<File>(s)
            .map(|f| f.rule)
            .map_err(|e| e.to_string())
    }

    fn list(v: &[&str]) -> Option<StringList> {
        Some(StringList(v.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn product_examples_parse() {
        let rules = parse(
            r#"
[[rule]]
name = "complaints"
if = { subject = "reklamace|complaint", match = "regex" }
then = { category = "Complaints", priority = "high" }

[[rule]]
name = "vip"
if = { domain = "bigclient.cz" }
then = { priority = "urgent", tags = ["vip"] }

[[rule]]
name = "ack orders"
if = { subject = "objednávka", automatic = false }
then = { auto_reply = "order-ack" }
"#,
        )
        .expect("parses");
        assert_eq!(rules.len(), 3);
        assert_eq!(
            rules[0],
            RuleConfig {
                name: "complaints".into(),
                when: Some(Conditions {
                    subject: list(&["reklamace|complaint"]),
                    matching: MatchKind::Regex,
                    ..Default::default()
                }),
                any: None,
                then: Actions {
                    category: Some("Complaints".into()),
                    priority: Some("high".into()),
                    ..Default::default()
                },
                stop: false,
            }
        );
        assert_eq!(rules[1].then.tags, list(&["vip"]));
        let w = rules[2].when.as_ref().expect("if");
        assert_eq!(w.automatic, Some(false));
        assert_eq!(w.matching, MatchKind::Contains);
    }

    #[test]
    fn arrays_any_headers_and_stop_parse() {
        let rules = parse(
            r#"
[[rule]]
name = "x"
stop = true
any = [ { from = ["a@b.cz", "c@d.cz"] }, { header = "X-Priority: 1" } ]
[rule.if]
header = [ { name = "X-Spam", value = ["yes", "high"] }, "List-Id:" , { name = "X-A" } ]
[rule.then]
delete = true
tags = "spam"
"#,
        )
        .expect("parses");
        let r = &rules[0];
        assert!(r.stop);
        let any = r.any.as_ref().expect("any");
        assert_eq!(any[0].from, list(&["a@b.cz", "c@d.cz"]));
        assert_eq!(
            any[1].header,
            Some(HeaderList(vec![HeaderSpec::Line("X-Priority: 1".into())]))
        );
        assert_eq!(
            r.when.as_ref().and_then(|w| w.header.clone()),
            Some(HeaderList(vec![
                HeaderSpec::Field {
                    name: "X-Spam".into(),
                    value: list(&["yes", "high"])
                },
                HeaderSpec::Line("List-Id:".into()),
                HeaderSpec::Field {
                    name: "X-A".into(),
                    value: None
                },
            ]))
        );
        assert_eq!(r.then.delete, Some(true));
        assert_eq!(r.then.tags, list(&["spam"]));
    }

    #[test]
    fn single_header_table_parses() {
        let rules = parse(
            "[[rule]]\nname = \"p\"\nif = { header = { name = \"X-Priority\", value = \"1\" } }\nthen = { priority = \"high\" }\n",
        )
        .expect("parses");
        assert_eq!(
            rules[0].when.as_ref().and_then(|w| w.header.clone()),
            Some(HeaderList(vec![HeaderSpec::Field {
                name: "X-Priority".into(),
                value: list(&["1"])
            }]))
        );
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_line() {
        let e =
            parse("[[rule]]\nname = \"x\"\nif = { subjekt = \"a\" }\n").expect_err("unknown key");
        assert!(e.contains("unknown field `subjekt`"), "{e}");
        assert!(e.contains("line 3"), "{e}");
        let e = parse("[[rule]]\nname = \"x\"\nthen = { colour = \"red\" }\n")
            .expect_err("unknown key");
        assert!(e.contains("unknown field `colour`"), "{e}");
        let e = parse("[[rule]]\nname = \"x\"\nwhen = {}\n").expect_err("unknown key");
        assert!(e.contains("unknown field `when`"), "{e}");
        let e =
            parse("[[rule]]\nname = \"x\"\nif = { match = \"glob\" }\n").expect_err("bad match");
        assert!(e.contains("unknown variant `glob`"), "{e}");
        let e = parse("[[rule]]\nname = \"x\"\nif = { subject = 3 }\n").expect_err("bad type");
        assert!(e.contains("a string or an array of strings"), "{e}");
        let e = parse("[[rule]]\nname = \"x\"\nif = { header = { name = \"A\", val = \"1\" } }\n")
            .expect_err("bad header key");
        assert!(e.contains("unknown field `val`"), "{e}");
    }
}
