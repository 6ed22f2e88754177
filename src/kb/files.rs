//! Articles as Markdown files with a TOML front-matter block between `+++` lines
//! (the form Hugo and Zola read):
//!
//! ```text
//! +++
//! id = 3
//! title = "Zapomenuté heslo"
//! tags = ["heslo", "účet"]
//! public = true
//! created = 2026-11-20T10:00:00+01:00
//! updated = 2026-11-23T09:00:00+01:00
//! +++
//! The text, byte for byte.
//! ```

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::store::articles::Article;

/// The front-matter fence.
const FENCE: &str = "+++";

/// An article read from a file: `id`, `created` and `updated` are optional (a
/// file written by hand has none of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileArticle {
    /// The id, when the file came from `kb export`.
    pub id: Option<i64>,
    /// Title.
    pub title: String,
    /// Text after the front matter.
    pub body: String,
    /// Tags, sorted and without duplicates.
    pub tags: Vec<String>,
    /// Published for customers.
    pub public: bool,
    /// When it was written.
    pub created: Option<i64>,
    /// When it last changed.
    pub updated: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<i64>,
    title: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    public: bool,
    created: Option<toml::value::Datetime>,
    updated: Option<toml::value::Datetime>,
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn rfc3339(tz: Tz, ts: i64) -> String {
    match tz.timestamp_opt(ts, 0).single() {
        Some(d) => d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => "1970-01-01T00:00:00+00:00".to_string(),
    }
}

/// The file name of an article: `3-zapomenute-heslo.md`.
pub fn file_name(a: &Article) -> String {
    format!("{}-{}.md", a.id, super::slug(&a.title))
}

/// The file text of an article.
pub fn to_file(a: &Article, tz: Tz) -> String {
    let tags: Vec<String> = a.tags.iter().map(|t| toml_str(t)).collect();
    format!(
        "{FENCE}\nid = {}\ntitle = {}\ntags = [{}]\npublic = {}\ncreated = {}\nupdated = {}\n{FENCE}\n{}",
        a.id,
        toml_str(&a.title),
        tags.join(", "),
        a.public,
        rfc3339(tz, a.created),
        rfc3339(tz, a.updated),
        a.body
    )
}

/// Reads a file's text; the error says what is wrong, for the caller to name the file.
pub fn parse_file(text: &str) -> Result<FileArticle, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("the file does not start with a front-matter block (a line +++)")?;
    let (head, body) =
        closing_fence(rest).ok_or("the front-matter block has no closing +++ line")?;
    let fm: FrontMatter =
        toml::from_str(head).map_err(|e| format!("front matter: {}", e.message().trim()))?;
    let time = |d: Option<toml::value::Datetime>, key: &str| -> Result<Option<i64>, String> {
        d.map(|d| {
            DateTime::parse_from_rfc3339(&d.to_string())
                .map(|t| t.timestamp())
                .map_err(|_| format!("front matter: {key} = {d} is not a time with a zone offset"))
        })
        .transpose()
    };
    if fm.title.trim().is_empty() {
        return Err("front matter: the title is empty".into());
    }
    if fm.title.chars().any(char::is_control) {
        return Err("front matter: the title must be one line".into());
    }
    if let Some(id) = fm.id
        && id <= 0
    {
        return Err(format!("front matter: id = {id} is not a positive number"));
    }
    Ok(FileArticle {
        id: fm.id,
        title: fm.title.trim().to_string(),
        body: body.to_string(),
        tags: clean_tags(fm.tags)?,
        public: fm.public,
        created: time(fm.created, "created")?,
        updated: time(fm.updated, "updated")?,
    })
}

/// Splits at the first line that is exactly `+++`: (front matter, body).
fn closing_fence(s: &str) -> Option<(&str, &str)> {
    let mut start = 0;
    while start <= s.len() {
        let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
        let line = s[start..end].strip_suffix('\r').unwrap_or(&s[start..end]);
        if line == FENCE {
            let body = if end < s.len() { &s[end + 1..] } else { "" };
            return Some((&s[..start], body));
        }
        if end == s.len() {
            break;
        }
        start = end + 1;
    }
    None
}

/// Trims, sorts and de-duplicates tags; a tag is one word without spaces or commas.
pub fn clean_tags(tags: Vec<String>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().to_string();
        if t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == ',') {
            return Err(format!(
                "tag \"{t}\" must be one word without spaces or commas"
            ));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> Article {
        Article {
            id: 7,
            title: "Zapomenuté \"heslo\"\\ a 'tab'".into(),
            body: body.into(),
            tags: vec!["heslo".into(), "účet".into()],
            public: true,
            created: 1_795_000_000,
            updated: 1_795_400_000,
        }
    }

    #[test]
    fn a_file_reads_back_to_the_same_article() {
        for body in [
            "",
            "text",
            "Řádek\n+++\nnot a fence\n",
            "\n\n  spaces  \n",
            "a\r\nb",
        ] {
            let a = article(body);
            let text = to_file(&a, chrono_tz::Europe::Prague);
            let f = parse_file(&text).unwrap();
            assert_eq!(f.id, Some(7));
            assert_eq!(f.title, a.title);
            assert_eq!(f.body, body, "{text}");
            assert_eq!(f.tags, a.tags);
            assert!(f.public);
            assert_eq!((f.created, f.updated), (Some(a.created), Some(a.updated)));
        }
        let text = to_file(&article("x"), chrono_tz::Europe::Prague);
        assert!(
            text.contains("\nupdated = 2026-11-23T03:13:20+01:00\n+++\nx"),
            "{text}"
        );
    }

    #[test]
    fn hand_written_files_need_only_a_title() {
        let f = parse_file("+++\ntitle = \"Ahoj\"\n+++\nText\n").unwrap();
        assert_eq!((f.id, f.public, f.body.as_str()), (None, false, "Text\n"));
        for (bad, says) in [
            ("title = \"x\"\n", "does not start"),
            ("+++\ntitle = \"x\"\n", "no closing"),
            ("+++\ntitel = \"x\"\n+++\n", "unknown field"),
            ("+++\ntitle = \" \"\n+++\n", "title is empty"),
            ("+++\ntitle = \"x\"\nid = -1\n+++\n", "positive"),
            ("+++\ntitle = \"x\"\ntags = [\"a b\"]\n+++\n", "one word"),
            (
                "+++\ntitle = \"x\"\nupdated = 2026-11-01\n+++\n",
                "zone offset",
            ),
        ] {
            let e = parse_file(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }
}
