//! Reply templates: `[template.NAME]` tables and the files of `templates_dir`,
//! checked at load and rendered with minijinja as plain text.
//!
//! Rendering is strict (an undefined variable is an error naming it), blocks
//! trim their own line (`trim_blocks`/`lstrip_blocks`, so `{% if %}` lines
//! leave no blank lines in a mail), a `none` value prints as nothing, and the
//! text is never HTML-escaped. `{{ text | quote }}` quotes a message.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// One `[template.NAME]` table of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfig {
    /// Subject template; without one the caller keeps its own subject.
    pub subject: Option<String>,
    /// Body template.
    pub body: String,
}

/// A rendered template, ready for `mail::compose`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject on one line, or `None` when the template has none.
    pub subject: Option<String>,
    /// The body text.
    pub body: String,
}

/// Why templates could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The templates folder or one of its files could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A template file does not have the `Subject:` line, blank line, body shape.
    #[error("{}:{line}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// The 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Two definitions share one name.
    #[error("template `{name}` is defined twice: in {first} and in {second}")]
    Clash {
        /// The template name.
        name: String,
        /// Where the first definition is.
        first: String,
        /// Where the second definition is.
        second: String,
    },
    /// A template does not compile.
    #[error("template `{name}` ({location}): syntax error: {message}")]
    Syntax {
        /// The template name.
        name: String,
        /// File and line, or config table, part and line.
        location: String,
        /// The parser's complaint.
        message: String,
    },
    /// No template has this name.
    #[error("unknown template `{name}` (known: {known})")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated, or `none`.
        known: String,
    },
    /// Rendering failed, e.g. on an undefined variable.
    #[error("template `{name}` ({location}): {message}")]
    Render {
        /// The template name.
        name: String,
        /// File and line, or config table, part and line.
        location: String,
        /// What went wrong, naming the variable where one is undefined.
        message: String,
    },
}

/// Where a template was defined, so errors point at the line a user edits.
#[derive(Debug, Clone)]
enum Origin {
    Config,
    File(PathBuf),
}

/// Which half of a template an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Subject,
    Body,
}

#[derive(Debug, Clone)]
struct Source {
    origin: Origin,
    subject: Option<String>,
    body: String,
}

impl Source {
    fn describe(&self, name: &str) -> String {
        match &self.origin {
            Origin::Config => format!("[template.{}]", toml_key(name)),
            Origin::File(path) => path.display().to_string(),
        }
    }

    /// The place of a (1-based) line of one part, in the user's terms.
    fn location(&self, name: &str, part: Part, line: Option<usize>) -> String {
        match (&self.origin, part) {
            (Origin::File(path), Part::Subject) => format!("{} line 1", path.display()),
            // The body starts after the Subject line and the blank line.
            (Origin::File(path), Part::Body) => match line {
                Some(line) => format!("{} line {}", path.display(), line + 2),
                None => path.display().to_string(),
            },
            (Origin::Config, part) => {
                let key = if part == Part::Subject {
                    "subject"
                } else {
                    "body"
                };
                match line {
                    Some(line) => format!("[template.{}] {key} line {line}", toml_key(name)),
                    None => format!("[template.{}] {key}", toml_key(name)),
                }
            }
        }
    }
}

/// A name as it would be written in a TOML table header.
fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

/// Every template of the configuration, compiled.
pub struct Templates {
    // Bodies and subjects live in separate environments so both can be
    // registered under the template's own name (bodies may `include` others).
    bodies: Environment<'static>,
    subjects: Environment<'static>,
    sources: BTreeMap<String, Source>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// File extensions a template file may carry; the name is the file name without it.
const EXTENSIONS: [&str; 3] = ["txt", "j2", "tmpl"];

impl Templates {
    /// Loads the config's templates and the files of `dir`, checking every one compiles.
    pub fn load(
        config: &BTreeMap<String, TemplateConfig>,
        dir: Option<&Path>,
    ) -> Result<Templates, TemplateError> {
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        for (name, template) in config {
            sources.insert(
                name.clone(),
                Source {
                    origin: Origin::Config,
                    subject: template.subject.clone(),
                    body: template.body.clone(),
                },
            );
        }
        if let Some(dir) = dir {
            for (name, source) in read_dir(dir)? {
                if let Some(existing) = sources.get(&name) {
                    return Err(TemplateError::Clash {
                        first: existing.describe(&name),
                        second: source.describe(&name),
                        name,
                    });
                }
                sources.insert(name, source);
            }
        }

        let mut bodies = environment();
        let mut subjects = environment();
        for (name, source) in &sources {
            bodies
                .add_template_owned(name.clone(), source.body.clone())
                .map_err(|err| syntax_error(name, source, Part::Body, &err))?;
            if let Some(subject) = &source.subject {
                subjects
                    .add_template_owned(name.clone(), subject.clone())
                    .map_err(|err| syntax_error(name, source, Part::Subject, &err))?;
            }
        }
        Ok(Templates {
            bodies,
            subjects,
            sources,
        })
    }

    /// The template names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Whether a template of this name exists (config references are checked with it).
    pub fn contains(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders template `name` with `ctx` (any `Serialize`, e.g. a `serde_json::Value`).
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<Rendered, TemplateError> {
        let Some(source) = self.sources.get(name) else {
            let known: Vec<&str> = self.names().collect();
            return Err(TemplateError::Unknown {
                name: name.to_string(),
                known: if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                },
            });
        };
        let ctx = Value::from_serialize(&ctx);
        let subject = match source.subject {
            Some(_) => {
                let text = self
                    .subjects
                    .get_template(name)
                    .and_then(|t| t.render(&ctx))
                    .map_err(|err| self.render_error(name, Part::Subject, &err, &ctx))?;
                Some(one_line(&text))
            }
            None => None,
        };
        let body = self
            .bodies
            .get_template(name)
            .and_then(|t| t.render(&ctx))
            .map_err(|err| self.render_error(name, Part::Body, &err, &ctx))?;
        Ok(Rendered { subject, body })
    }

    fn render_error(
        &self,
        name: &str,
        part: Part,
        err: &minijinja::Error,
        ctx: &Value,
    ) -> TemplateError {
        // An error inside an included template is reported where it happened.
        let name = match err.name() {
            Some(inner) if self.sources.contains_key(inner) => inner,
            _ => name,
        };
        let Some(source) = self.sources.get(name) else {
            return TemplateError::Render {
                name: name.to_string(),
                location: "unknown".to_string(),
                message: err.to_string(),
            };
        };
        let text = match part {
            Part::Subject => source.subject.as_deref().unwrap_or(""),
            Part::Body => &source.body,
        };
        TemplateError::Render {
            name: name.to_string(),
            location: source.location(name, part, err.line()),
            message: explain(err, text, ctx),
        }
    }
}

/// The environment both halves share: strict, plain text, block-trimming.
/// Renders a one-off template text (an operator's signature) with the engine
/// and variables of the named templates; `label` names it in errors.
pub fn render_text<S: Serialize>(
    label: &str,
    source: &str,
    ctx: S,
) -> Result<String, TemplateError> {
    let env = environment();
    env.render_str(source, Value::from_serialize(&ctx))
        .map_err(|err| TemplateError::Render {
            name: label.to_string(),
            location: format!("line {}", err.line().unwrap_or(1)),
            message: err.to_string(),
        })
}

/// Checks that a one-off template text compiles.
pub fn check_text(source: &str) -> Result<(), String> {
    let env = environment();
    env.template_from_str(source)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A missing optional value (a contact without a name) prints as nothing, not "none".
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("quote", quote);
    env.add_filter("datetime", datetime);
    env
}

/// How date variables render: `2026-12-02 09:00`, already in the configured zone.
pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The `datetime` filter: a date variable (`2026-12-02 09:00`, or RFC 3339)
/// in a strftime format, e.g. `datetime("%-d. %-m. %Y %H:%M")`. A missing
/// date (no SLA target) stays empty.
fn datetime(value: Value, format: &str) -> Result<Value, minijinja::Error> {
    use chrono::format::{Item, StrftimeItems};
    use std::fmt::Write;
    if value.is_none() || value.is_undefined() {
        return Ok(Value::from(()));
    }
    let text = value
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| value.to_string());
    let bad = |m: String| minijinja::Error::new(ErrorKind::InvalidOperation, m);
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(bad(format!("datetime: invalid format \"{format}\"")));
    }
    let mut out = String::new();
    let written = if let Ok(d) = chrono::NaiveDateTime::parse_from_str(&text, DATE_FORMAT) {
        write!(out, "{}", d.format_with_items(items.iter()))
    } else if let Ok(d) = chrono::DateTime::parse_from_rfc3339(&text) {
        write!(out, "{}", d.format_with_items(items.iter()))
    } else {
        return Err(bad(format!("datetime: \"{text}\" is not a date")));
    };
    // A local date has no offset to print (%z): an error, not a panic.
    written.map_err(|_| bad(format!("datetime: format \"{format}\" needs a time zone")))?;
    Ok(Value::from(out))
}

/// The `quote` filter: `> ` before every line, `>` alone on an empty one.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 2);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

/// Collapses CR/LF runs to one space so template output cannot add header lines.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out.trim().to_string()
}

fn syntax_error(name: &str, source: &Source, part: Part, err: &minijinja::Error) -> TemplateError {
    TemplateError::Syntax {
        name: name.to_string(),
        location: source.location(name, part, err.line()),
        message: err
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| err.kind().to_string()),
    }
}

/// A render error in words, naming the undefined variable when it can be found.
fn explain(err: &minijinja::Error, text: &str, ctx: &Value) -> String {
    let tag = err.range().and_then(|range| enclosing_tag(text, range));
    if err.kind() == ErrorKind::UndefinedError {
        let Some(tag) = tag else {
            return "undefined variable".to_string();
        };
        return match undefined_path(tag, text, ctx) {
            Some(path) => format!("undefined variable `{path}` in `{tag}`"),
            None => format!("undefined value in `{tag}`"),
        };
    }
    let mut message = err
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| err.kind().to_string());
    if let Some(tag) = tag {
        message.push_str(&format!(" in `{tag}`"));
    }
    message
}

/// The `{{ ... }}` or `{% ... %}` around a byte range of the template text.
fn enclosing_tag(text: &str, range: std::ops::Range<usize>) -> Option<&str> {
    let before = text.get(..range.start)?;
    let start = match (before.rfind("{{"), before.rfind("{%")) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b)?,
    };
    let close = if text.get(start..start + 2)? == "{{" {
        "}}"
    } else {
        "%}"
    };
    let end = range.end.max(start) + text.get(range.end.max(start)..)?.find(close)? + 2;
    text.get(start..end)
}

static PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*").expect("valid regex")
});
static STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"#).expect("valid regex"));

const KEYWORDS: [&str; 16] = [
    "and", "or", "not", "in", "is", "if", "else", "elif", "for", "true", "false", "none", "True",
    "False", "None", "loop",
];

/// The first dotted name in `tag` that does not resolve in the context.
///
/// minijinja reports only the span of the failing expression, so the names in
/// it are looked up again. Names bound inside the template (`for`, `set`,
/// `with`, `macro`) are not in the context and are left to the generic message.
fn undefined_path(tag: &str, text: &str, ctx: &Value) -> Option<String> {
    let inner = tag.get(2..tag.len().saturating_sub(2))?;
    let inner = inner.trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
    let inner = STRING.replace_all(inner, "\"\"");
    let mut candidates = Vec::new();
    for m in PATH.find_iter(&inner) {
        let prev = inner[..m.start()].trim_end();
        // Attribute of something else, filter name, test name or tag keyword.
        if inner[..m.start()].ends_with('.')
            || prev.ends_with('|')
            || prev.ends_with(" is")
            || prev.ends_with(" is not")
            || inner[m.end()..].trim_start().starts_with('(')
        {
            continue;
        }
        let path = m.as_str();
        let root = path.split('.').next().unwrap_or(path);
        if candidates.is_empty() && m.start() == 0 && tag.starts_with("{%") {
            // The statement keyword itself (`if`, `for`, `set`...).
            continue;
        }
        if KEYWORDS.contains(&root) {
            continue;
        }
        candidates.push(path);
    }
    for path in candidates {
        let mut segments = path.split('.');
        let root = segments.next()?;
        let mut value = ctx.get_attr(root).ok()?;
        if value.is_undefined() {
            if bound_in_template(root, text) {
                continue;
            }
            return Some(root.to_string());
        }
        let mut seen = root.to_string();
        for segment in segments {
            seen.push('.');
            seen.push_str(segment);
            value = match value.get_attr(segment) {
                Ok(v) => v,
                Err(_) => break,
            };
            if value.is_undefined() {
                return Some(seen);
            }
        }
    }
    None
}

/// Whether the template itself defines `name` (loop variable, `set`, macro argument...).
fn bound_in_template(name: &str, text: &str) -> bool {
    let pattern = format!(
        r"\{{%[-+]?\s*(?:for|set|with|macro|call|import|from)\b[^%]*\b{}\b",
        regex::escape(name)
    );
    Regex::new(&pattern).is_ok_and(|re| re.is_match(text))
}

/// Reads every template file of `dir`, sorted by name.
fn read_dir(dir: &Path) -> Result<Vec<(String, Source)>, TemplateError> {
    let io = |path: &Path, source| TemplateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let path = entry.path();
        let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(TemplateError::Format {
                path,
                line: 1,
                message: "the file name is not valid UTF-8".to_string(),
            });
        };
        // Editor backups and hidden files are not templates.
        if file_name.starts_with('.') || file_name.ends_with('~') {
            continue;
        }
        let name = match file_name.rsplit_once('.') {
            Some((stem, ext)) if EXTENSIONS.contains(&ext) => stem.to_string(),
            Some(_) => continue,
            None => file_name.clone(),
        };
        if name.is_empty() {
            continue;
        }
        // Follows symlinks: a linked template is still a template.
        if !std::fs::metadata(&path)
            .map_err(|e| io(&path, e))?
            .is_file()
        {
            continue;
        }
        files.push((name, path));
    }
    files.sort();

    let mut out: Vec<(String, Source)> = Vec::with_capacity(files.len());
    for (name, path) in files {
        if let Some((_, earlier)) = out.iter().find(|(n, _)| *n == name) {
            return Err(TemplateError::Clash {
                first: earlier.describe(&name),
                second: path.display().to_string(),
                name,
            });
        }
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let source = parse_file(&path, bytes)?;
        out.push((name, source));
    }
    Ok(out)
}

/// Splits a template file into its `Subject:` line and its body.
fn parse_file(path: &Path, bytes: Vec<u8>) -> Result<Source, TemplateError> {
    let format = |line: usize, message: &str| TemplateError::Format {
        path: path.to_path_buf(),
        line,
        message: message.to_string(),
    };
    let text = String::from_utf8(bytes).map_err(|_| format(1, "the file is not valid UTF-8"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text, None),
    };
    let first = first.strip_suffix('\r').unwrap_or(first);
    let subject = match first.split_once(':') {
        Some((key, value)) if key.trim().eq_ignore_ascii_case("subject") => value.trim(),
        _ => {
            return Err(format(
                1,
                "expected a first line `Subject: ...`, then a blank line, then the body",
            ));
        }
    };
    let body = match rest {
        None | Some("") => String::new(),
        Some(rest) => {
            let (blank, body) = rest.split_once('\n').unwrap_or((rest, ""));
            if !blank.trim().is_empty() {
                return Err(format(2, "expected a blank line after the Subject line"));
            }
            body.to_string()
        }
    };
    Ok(Source {
        origin: Origin::File(path.to_path_buf()),
        subject: (!subject.is_empty()).then(|| subject.to_string()),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(entries: &[(&str, Option<&str>, &str)]) -> BTreeMap<String, TemplateConfig> {
        entries
            .iter()
            .map(|(name, subject, body)| {
                (
                    name.to_string(),
                    TemplateConfig {
                        subject: subject.map(str::to_string),
                        body: body.to_string(),
                    },
                )
            })
            .collect()
    }

    fn ctx() -> serde_json::Value {
        json!({
            "ticket": {"number": "REQ-000279", "subject": "Reklamace objednávky", "sla_due": "2026-11-02 12:00"},
            "contact": {"name": "Jana Nováková", "email": "jana@example.cz", "nickname": null},
            "operator": {"name": "Petr"},
            "queue": {"name": "support"},
            "message": "Dobrý den,\n\nzboží nedorazilo.\n",
        })
    }

    #[test]
    fn renders_variables_in_subject_and_body() {
        let t = Templates::load(
            &config(&[(
                "order-ack",
                Some("Re: {{ ticket.subject }} [{{ ticket.number }}]"),
                "Dobrý den {{ contact.name }},\npřijali jsme váš požadavek {{ ticket.number }}.\n{{ operator.name }}, {{ queue.name }}, do {{ ticket.sla_due }}\n",
            )]),
            None,
        )
        .unwrap();
        let r = t.render("order-ack", ctx()).unwrap();
        assert_eq!(
            r.subject.as_deref(),
            Some("Re: Reklamace objednávky [REQ-000279]")
        );
        assert_eq!(
            r.body,
            "Dobrý den Jana Nováková,\npřijali jsme váš požadavek REQ-000279.\nPetr, support, do 2026-11-02 12:00\n"
        );
    }

    #[test]
    fn no_html_escaping_and_none_prints_nothing() {
        let t = Templates::load(
            &config(&[(
                "t",
                None,
                "<{{ contact.email }}> & \"{{ contact.nickname }}\"",
            )]),
            None,
        )
        .unwrap();
        let r = t.render("t", ctx()).unwrap();
        assert_eq!(r.subject, None);
        assert_eq!(r.body, "<jana@example.cz> & \"\"");
    }

    #[test]
    fn block_tags_leave_no_blank_lines() {
        let body = "A\n{% if contact.name %}\n  Jméno: {{ contact.name }}\n{% endif %}\nB\n";
        let t = Templates::load(&config(&[("t", None, body)]), None).unwrap();
        assert_eq!(
            t.render("t", ctx()).unwrap().body,
            "A\n  Jméno: Jana Nováková\nB\n"
        );
    }

    #[test]
    fn strict_undefined_names_the_variable_and_template() {
        let t = Templates::load(
            &config(&[(
                "ack",
                Some("{{ ticket.number }}"),
                "Dobrý den,\n{{ contact.nmae }}\n",
            )]),
            None,
        )
        .unwrap();
        let err = t.render("ack", ctx()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "template `ack` ([template.ack] body line 2): undefined variable `contact.nmae` in `{{ contact.nmae }}`"
        );
    }

    #[test]
    fn strict_undefined_top_level_nested_and_in_statements() {
        let cases = [
            (
                "{{ bar | upper }}",
                "undefined variable `bar` in `{{ bar | upper }}`",
            ),
            (
                "{{ ticket.sla.due }}",
                "undefined variable `ticket.sla` in `{{ ticket.sla.due }}`",
            ),
            (
                "{% if queue.owner == 'x' %}y{% endif %}",
                "undefined variable `queue.owner` in `{% if queue.owner == 'x' %}`",
            ),
            (
                "{% for i in [1] %}{{ i.foo }}{% endfor %}",
                "undefined value in `{{ i.foo }}`",
            ),
        ];
        for (body, expected) in cases {
            let t = Templates::load(&config(&[("t", None, body)]), None).unwrap();
            let err = t.render("t", ctx()).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("template `t` ([template.t] body line 1): {expected}"),
                "{body}"
            );
        }
    }

    #[test]
    fn undefined_in_subject_is_reported_in_subject() {
        let t = Templates::load(
            &config(&[("t", Some("Re: {{ tiket.subject }}"), "x")]),
            None,
        )
        .unwrap();
        assert_eq!(
            t.render("t", ctx()).unwrap_err().to_string(),
            "template `t` ([template.t] subject line 1): undefined variable `tiket` in `{{ tiket.subject }}`"
        );
    }

    #[test]
    fn defined_test_and_default_filter_work_in_strict_mode() {
        let t = Templates::load(
            &config(&[(
                "t",
                None,
                "{% if contact.phone is defined %}tel{% else %}mail{% endif %} {{ contact.phone | default('-') }}",
            )]),
            None,
        )
        .unwrap();
        assert_eq!(t.render("t", ctx()).unwrap().body, "mail -");
    }

    #[test]
    fn quote_filter_prefixes_every_line() {
        let t = Templates::load(&config(&[("t", None, "{{ message | quote }}\n")]), None).unwrap();
        assert_eq!(
            t.render("t", ctx()).unwrap().body,
            "> Dobrý den,\n>\n> zboží nedorazilo.\n"
        );
        assert_eq!(quote("a\r\nb"), "> a\n> b");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn subject_line_breaks_collapse_to_one_space() {
        let t = Templates::load(&config(&[("t", Some("{{ s }}"), "x")]), None).unwrap();
        let r = t
            .render("t", json!({"s": "Hi\r\nBcc: victim@example.com\n\nx"}))
            .unwrap();
        assert_eq!(r.subject.as_deref(), Some("Hi Bcc: victim@example.com x"));
    }

    #[test]
    fn file_templates_with_subject_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("ack.txt"),
            "Subject: Re: {{ ticket.subject }} [{{ ticket.number }}]\n\nDobrý den {{ contact.name }},\n\ndíky.\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("rating"),
            "subject:\r\n\r\nOhodnoťte nás 1–5.\r\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("sig.j2"),
            "Subject: -\n\n-- \n{{ operator.name }}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("README.md"), "not a template").unwrap();
        std::fs::write(dir.path().join(".ack.txt.swp"), "junk").unwrap();
        std::fs::write(dir.path().join("ack.txt~"), "junk").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();

        let t = Templates::load(
            &config(&[("cfg", None, "{% include 'sig' %}")]),
            Some(dir.path()),
        )
        .unwrap();
        assert_eq!(
            t.names().collect::<Vec<_>>(),
            ["ack", "cfg", "rating", "sig"]
        );
        assert!(t.contains("ack"));
        assert!(!t.contains("README"));

        let r = t.render("ack", ctx()).unwrap();
        assert_eq!(
            r.subject.as_deref(),
            Some("Re: Reklamace objednávky [REQ-000279]")
        );
        assert_eq!(r.body, "Dobrý den Jana Nováková,\n\ndíky.\n");

        let r = t.render("rating", ctx()).unwrap();
        assert_eq!(r.subject, None);
        assert_eq!(r.body, "Ohodnoťte nás 1–5.\r\n");

        assert_eq!(t.render("cfg", ctx()).unwrap().body, "-- \nPetr\n");
    }

    #[test]
    fn file_template_errors_point_at_the_file_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ack.txt");
        std::fs::write(&path, "Subject: x\n\nline 3\n{{ contact.nmae }}\n").unwrap();
        let t = Templates::load(&BTreeMap::new(), Some(dir.path())).unwrap();
        assert_eq!(
            t.render("ack", ctx()).unwrap_err().to_string(),
            format!(
                "template `ack` ({} line 4): undefined variable `contact.nmae` in `{{{{ contact.nmae }}}}`",
                path.display()
            )
        );

        std::fs::write(&path, "Subject: x\n\nline 3\n{% if x %}\n").unwrap();
        let err = Templates::load(&BTreeMap::new(), Some(dir.path())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "template `ack` ({} line 4): syntax error: unexpected end of input, expected end of block",
                path.display()
            )
        );
    }

    #[test]
    fn load_errors() {
        // Syntax error in a config template, with its line.
        let err = Templates::load(&config(&[("t", None, "ok\n{{ foo ")]), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "template `t` ([template.t] body line 2): syntax error: unexpected end of input, expected end of variable block"
        );
        let err =
            Templates::load(&config(&[("order ack", Some("{% endif %}"), "x")]), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "template `order ack` ([template.\"order ack\"] subject line 1): syntax error: unknown statement endif"
        );

        let dir = tempfile::tempdir().unwrap();
        // Missing Subject line.
        std::fs::write(dir.path().join("a.txt"), "Dobrý den\n\nx\n").unwrap();
        let err = Templates::load(&BTreeMap::new(), Some(dir.path())).unwrap_err();
        assert!(
            matches!(err, TemplateError::Format { line: 1, .. }),
            "{err}"
        );
        // Missing blank line.
        std::fs::write(dir.path().join("a.txt"), "Subject: x\nbody\n").unwrap();
        let err = Templates::load(&BTreeMap::new(), Some(dir.path())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:2: expected a blank line after the Subject line",
                dir.path().join("a.txt").display()
            )
        );
        // A clash between config and file names both.
        std::fs::write(dir.path().join("a.txt"), "Subject: x\n\nbody\n").unwrap();
        let err = Templates::load(&config(&[("a", None, "x")]), Some(dir.path())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "template `a` is defined twice: in [template.a] and in {}",
                dir.path().join("a.txt").display()
            )
        );
        // A clash between two files.
        std::fs::write(dir.path().join("a.j2"), "Subject: x\n\nbody\n").unwrap();
        let err = Templates::load(&BTreeMap::new(), Some(dir.path())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "template `a` is defined twice: in {} and in {}",
                dir.path().join("a.j2").display(),
                dir.path().join("a.txt").display()
            )
        );
        // A missing folder.
        let missing = dir.path().join("nope");
        let err = Templates::load(&BTreeMap::new(), Some(&missing)).unwrap_err();
        assert!(matches!(err, TemplateError::Io { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {}: ", missing.display()))
        );
    }

    #[test]
    fn unknown_template_lists_known_names() {
        let t =
            Templates::load(&config(&[("ack", None, "x"), ("rating", None, "y")]), None).unwrap();
        assert_eq!(
            t.render("akc", ctx()).unwrap_err().to_string(),
            "unknown template `akc` (known: ack, rating)"
        );
    }

    #[test]
    fn config_table_rejects_unknown_keys() {
        let parsed: Result<BTreeMap<String, TemplateConfig>, _> =
            toml::from_str("[ack]\nsubject = \"s\"\nbdy = \"x\"\n");
        assert!(parsed.is_err());
        let parsed: BTreeMap<String, TemplateConfig> =
            toml::from_str("[ack]\nbody = \"x\"\n").unwrap();
        assert_eq!(
            parsed["ack"],
            TemplateConfig {
                subject: None,
                body: "x".to_string()
            }
        );
    }
}
