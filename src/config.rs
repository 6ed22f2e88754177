//! The configuration file: its shape, its loading and its checks.
//!
//! Errors name the file, the line and the key. References between sections
//! (a mailbox's queue, an operator's categories, a category's SLA policy...)
//! are checked at load, so a typo never waits for the first email to surface.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{HdError, usage};

/// How a mailbox or SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Implicit TLS from the first byte (IMAPS 993, SMTPS 465).
    Tls,
    /// Plain connection upgraded with STARTTLS.
    Starttls,
    /// No encryption; loopback and testing only.
    None,
}

/// Where a password comes from; never stored in the database.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    /// A command whose first output line is the password.
    pub password_command: Option<String>,
    /// The name of an environment variable holding the password.
    pub password_env: Option<String>,
    /// The password itself.
    pub password: Option<String>,
}

/// The `[smtp]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Server port; defaults by TLS mode.
    pub port: Option<u16>,
    /// `tls`, `starttls` or `none`.
    #[serde(default = "default_starttls")]
    pub tls: TlsMode,
    /// A private CA (PEM) to trust.
    pub ca_file: Option<PathBuf>,
    /// Login name.
    pub user: Option<String>,
    /// Password source.
    #[serde(flatten)]
    pub secret: Secret,
    /// Seconds before a connection or command times out.
    pub timeout: Option<u64>,
}

fn default_starttls() -> TlsMode {
    TlsMode::Starttls
}

fn default_tls() -> TlsMode {
    TlsMode::Tls
}

/// The `imap = {...}` table of a mailbox.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapConfig {
    /// Server host name.
    pub host: String,
    /// Server port; defaults to 993 for `tls`, 143 otherwise.
    pub port: Option<u16>,
    /// `tls`, `starttls` or `none`.
    #[serde(default = "default_tls")]
    pub tls: TlsMode,
    /// A private CA (PEM) to trust.
    pub ca_file: Option<PathBuf>,
    /// Login name.
    pub user: String,
    /// Password source.
    #[serde(flatten)]
    pub secret: Secret,
    /// One folder to read.
    pub folder: Option<String>,
    /// Several folders to read.
    pub folders: Option<Vec<String>>,
    /// Seconds before a connection or command times out.
    pub timeout: Option<u64>,
}

impl ImapConfig {
    /// The folders this mailbox reads, `INBOX` when none is named.
    pub fn folder_list(&self) -> Vec<String> {
        match (&self.folders, &self.folder) {
            (Some(list), _) if !list.is_empty() => list.clone(),
            (_, Some(one)) => vec![one.clone()],
            _ => vec!["INBOX".to_string()],
        }
    }
}

/// How new tickets of a queue are handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// The least recently assigned eligible operator.
    RoundRobin,
    /// The eligible operator with the fewest open tickets.
    LeastLoaded,
    /// Nobody is assigned automatically.
    Manual,
}

/// A `[[queue]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueConfig {
    /// Queue name, e.g. `support`.
    pub name: Spanned<String>,
    /// Ticket-number prefix, e.g. `REQ`.
    pub prefix: Spanned<String>,
    /// The From address of replies.
    pub address: String,
    /// Display name used with the address.
    pub from_name: Option<String>,
    /// A reply to a ticket closed longer ago opens a new ticket.
    #[serde(default = "default_reopen_days")]
    pub reopen_days: u32,
    /// Distribution mode.
    #[serde(default = "default_distribution")]
    pub distribution: Distribution,
    /// Template acknowledging every new non-automatic ticket.
    pub ack_template: Option<Spanned<String>>,
    /// Auto-replies per contact per hour.
    #[serde(default = "default_ack_limit")]
    pub ack_limit_per_hour: u32,
    /// Template of the rating request sent on close.
    pub csat_template: Option<Spanned<String>>,
    /// SLA policy for tickets of this queue without a category policy.
    pub sla: Option<Spanned<String>>,
    /// No auto-reply to mail that arrived longer ago than this (default 24h).
    pub auto_reply_max_age: Option<crate::sla::duration::SlaDuration>,
}

impl QueueConfig {
    /// Seconds after its arrival within which a message may still be auto-answered.
    pub fn auto_reply_max_age_secs(&self) -> i64 {
        self.auto_reply_max_age.map_or(
            24 * 3600,
            crate::sla::duration::SlaDuration::nominal_seconds,
        )
    }
}

fn default_reopen_days() -> u32 {
    14
}
fn default_distribution() -> Distribution {
    Distribution::RoundRobin
}
fn default_ack_limit() -> u32 {
    3
}

/// A `[[mailbox]]`: one of `imap` or `maildir`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxConfig {
    /// Mailbox name, used in sync state and messages.
    pub name: Spanned<String>,
    /// The queue it feeds.
    pub queue: Spanned<String>,
    /// Default category of what arrives here.
    pub category: Option<Spanned<String>>,
    /// IMAP source.
    pub imap: Option<ImapConfig>,
    /// Maildir source (a directory with cur/ new/ tmp/).
    pub maildir: Option<PathBuf>,
}

/// A `[[operator]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorConfig {
    /// Login-like name.
    pub name: Spanned<String>,
    /// Email address.
    pub email: Option<String>,
    /// Queues this operator may see; empty means none.
    #[serde(default)]
    pub queues: Vec<Spanned<String>>,
    /// Categories this operator handles (auto-assignment skills).
    #[serde(default)]
    pub categories: Vec<Spanned<String>>,
    /// Most queued+open tickets handed out automatically.
    pub max_open: Option<u32>,
    /// Working-hours calendar; outside it the operator gets nothing new.
    pub calendar: Option<Spanned<String>>,
    /// The name customers see on replies (templates: `operator.display_name`).
    pub display_name: Option<String>,
    /// A template appended to every reply this operator sends.
    pub signature: Option<Spanned<String>>,
}

/// A `[[category]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// Category name.
    pub name: Spanned<String>,
    /// SLA policy name.
    pub sla: Option<Spanned<String>>,
    /// Operators who may be auto-assigned; empty means every skilled operator.
    #[serde(default)]
    pub operators: Vec<Spanned<String>>,
    /// Distribution mode of this category's tickets; the queue's when absent.
    pub distribution: Option<Distribution>,
}

/// A `[view.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    /// Filter-language query.
    pub query: String,
    /// Sort order, e.g. `-priority,created`.
    pub sort: Option<String>,
    /// Columns of the table.
    pub columns: Option<String>,
}

/// A `[view.NAME]` as read, with the places its values came from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawView {
    query: Spanned<String>,
    sort: Option<Spanned<String>>,
    columns: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<Spanned<String>>,
    fallback_charset: Option<Spanned<String>>,
    me: Option<Spanned<String>>,
    db: Option<PathBuf>,
    database: Option<Secret>,
    templates_dir: Option<PathBuf>,
    smtp: Option<SmtpConfig>,
    #[serde(default)]
    queue: Vec<QueueConfig>,
    #[serde(default)]
    mailbox: Vec<MailboxConfig>,
    #[serde(default)]
    operator: Vec<OperatorConfig>,
    #[serde(default)]
    category: Vec<CategoryConfig>,
    #[serde(default)]
    sla: BTreeMap<String, Spanned<toml::Table>>,
    #[serde(default)]
    calendar: BTreeMap<String, Spanned<toml::Table>>,
    #[serde(default)]
    rule: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    view: BTreeMap<String, RawView>,
    #[serde(default)]
    template: BTreeMap<String, Spanned<toml::Table>>,
    #[serde(default)]
    hook: Vec<HookConfig>,
}

/// A `[[hook]]`: a command run after an event is committed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookConfig {
    /// The event it runs on, e.g. `ticket.created`.
    pub on: Spanned<String>,
    /// The command, run with `sh -c`.
    pub run: Spanned<String>,
    /// How long it may run, e.g. `30s` or `2m` (default 10 s).
    pub timeout: Option<Spanned<String>>,
}

/// The loaded, checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, if any.
    pub file: Option<PathBuf>,
    /// The folder relative paths resolve against.
    pub dir: PathBuf,
    /// Time zone for input and output of times.
    pub timezone: Tz,
    /// The default operator identity.
    pub me: Option<String>,
    /// Database path (or PostgreSQL URL) from the file.
    pub db: Option<PathBuf>,
    /// `[database]`: where a PostgreSQL password comes from, when the URL has none.
    pub database: Secret,
    /// Folder of file templates.
    pub templates_dir: Option<PathBuf>,
    /// Outgoing mail server.
    pub smtp: Option<SmtpConfig>,
    /// Queues in file order; the first is the default.
    pub queues: Vec<QueueConfig>,
    /// Mail sources.
    pub mailboxes: Vec<MailboxConfig>,
    /// Operators.
    pub operators: Vec<OperatorConfig>,
    /// Categories.
    pub categories: Vec<CategoryConfig>,
    /// Raw SLA policies by name, with the line they start on.
    pub sla: BTreeMap<String, (usize, toml::Table)>,
    /// Raw calendars by name, with their line.
    pub calendars: BTreeMap<String, (usize, toml::Table)>,
    /// Raw rules in order, with their line.
    pub rules: Vec<(usize, toml::Table)>,
    /// Configured views.
    pub views: BTreeMap<String, ViewConfig>,
    /// Raw templates by name, with their line.
    pub templates: BTreeMap<String, (usize, toml::Table)>,
    /// Every template name: config tables and files of `templates_dir`.
    pub template_names: Vec<String>,
    /// Hooks in file order.
    pub hooks: Vec<crate::hooks::Hook>,
    /// The file's text, to point errors found after load at their line.
    source: String,
    /// Source (`phone`, `chat`...) to the SLA policy whose `sources` names it.
    pub sla_sources: BTreeMap<String, String>,
    /// How undeclared 8-bit mail text is decoded (`fallback_charset`).
    pub decoding: crate::mail::parse::Decoding,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            dir: PathBuf::from("."),
            timezone: system_timezone(),
            me: None,
            db: None,
            database: Secret::default(),
            templates_dir: None,
            smtp: None,
            queues: Vec::new(),
            mailboxes: Vec::new(),
            operators: Vec::new(),
            categories: Vec::new(),
            sla: BTreeMap::new(),
            calendars: BTreeMap::new(),
            rules: Vec::new(),
            views: BTreeMap::new(),
            templates: BTreeMap::new(),
            template_names: Vec::new(),
            hooks: Vec::new(),
            source: String::new(),
            sla_sources: BTreeMap::new(),
            decoding: crate::mail::parse::Decoding::default(),
        }
    }
}

/// The system's time zone: `TZ` when it names a zone, else what the system is
/// set to (`iana-time-zone` reads `/etc/localtime` and its kin), else UTC.
pub fn system_timezone() -> Tz {
    if let Ok(tz) = std::env::var("TZ")
        && let Ok(z) = tz.trim_start_matches(':').parse::<Tz>()
    {
        return z;
    }
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// The line of the value an error about a table names: the first line from the
/// table's header `line` up to the next header that holds the first quoted ("…")
/// or backticked (`…`) part of `message`; the header's line when there is none.
pub fn line_in_table(text: &str, line: usize, message: &str) -> usize {
    let quoted = |open: char, close: char| {
        let start = message.find(open)?;
        let rest = &message[start + open.len_utf8()..];
        rest.find(close).map(|end| &rest[..end])
    };
    let Some(needle) = quoted('"', '"')
        .or_else(|| quoted('`', '`'))
        .filter(|n| !n.is_empty())
    else {
        return line;
    };
    for (i, l) in text.lines().enumerate().skip(line) {
        if l.trim_start().starts_with('[') {
            break;
        }
        if l.contains(needle) {
            return i + 1;
        }
    }
    line
}

/// The dotted key (`operator.max_open`) whose value holds a byte offset, from
/// the parser's spans; `None` when the text does not parse or nothing holds it.
pub fn key_at(text: &str, offset: usize) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    // Spans of `[[x]]` arrays and `[x]` tables need not cover their bodies, so
    // containers are searched rather than trusted.
    fn walk(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
        for (k, v) in table.iter() {
            path.push(k.get_ref().to_string());
            let found = match v.get_ref() {
                DeValue::Table(t) => walk(t, offset, path),
                DeValue::Array(items) => items.iter().any(|item| match item.get_ref() {
                    DeValue::Table(t) => walk(t, offset, path),
                    _ => item.span().contains(&offset),
                }),
                _ => false,
            };
            if found || v.span().contains(&offset) || k.span().contains(&offset) {
                return true;
            }
            path.pop();
        }
        false
    }
    let doc = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    walk(doc.get_ref(), offset, &mut path);
    (!path.is_empty()).then(|| path.join("."))
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, HdError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            usage(format!("cannot read config {}: {e}", path.display()))
                .hint("run `hd init` to write an example config, or pass --config PATH")
        })?;
        Self::parse(&text, Some(path))
    }

    /// Parses and checks config text; `path` is used for messages and relative paths.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<Config, HdError> {
        let shown = path.map_or_else(|| "<config>".to_string(), |p| p.display().to_string());
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            let msg = e.message().trim().replace('\n', " ");
            match e.span().and_then(|s| key_at(text, s.start)) {
                Some(key) => usage(format!("config {shown}:{line}: {key}: {msg}")),
                None => usage(format!("config {shown}:{line}: {msg}")),
            }
        })?;
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let err = |span: std::ops::Range<usize>, key: &str, msg: String| {
            usage(format!(
                "config {shown}:{}: {key}: {msg}",
                line_of(text, span.start)
            ))
        };
        let timezone = match &raw.timezone {
            Some(tz) => tz.get_ref().parse::<Tz>().map_err(|_| {
                err(
                    tz.span(),
                    "timezone",
                    format!("unknown time zone \"{}\"", tz.get_ref()),
                )
            })?,
            None => system_timezone(),
        };
        let decoding = match &raw.fallback_charset {
            Some(label) => crate::mail::parse::Decoding::with_fallback(label.get_ref())
                .ok_or_else(|| {
                    err(
                        label.span(),
                        "fallback_charset",
                        format!(
                            "unknown charset \"{}\" (e.g. windows-1250, windows-1252, iso-8859-2)",
                            label.get_ref()
                        ),
                    )
                })?,
            None => crate::mail::parse::Decoding::default(),
        };
        let resolve = |p: &Path| -> PathBuf {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            }
        };

        // Names must be unique and references must point at something.
        let mut queue_names = Vec::new();
        let mut prefixes = Vec::new();
        for q in &raw.queue {
            let name = q.name.get_ref();
            if queue_names.contains(name) {
                return Err(err(
                    q.name.span(),
                    "queue.name",
                    format!("duplicate queue \"{name}\""),
                ));
            }
            let prefix = q.prefix.get_ref();
            if prefix.is_empty()
                || !prefix.chars().all(|c| c.is_ascii_alphanumeric())
                || prefix.chars().all(|c| c.is_ascii_digit())
            {
                return Err(err(
                    q.prefix.span(),
                    "queue.prefix",
                    format!("prefix \"{prefix}\" must be letters and digits, e.g. REQ"),
                ));
            }
            let upper = prefix.to_ascii_uppercase();
            if prefixes.contains(&upper) {
                return Err(err(
                    q.prefix.span(),
                    "queue.prefix",
                    format!("prefix \"{prefix}\" is used by another queue"),
                ));
            }
            prefixes.push(upper);
            queue_names.push(name.clone());
        }
        let category_names: Vec<String> = raw
            .category
            .iter()
            .map(|c| c.name.get_ref().clone())
            .collect();
        let operator_names: Vec<String> = raw
            .operator
            .iter()
            .map(|o| o.name.get_ref().clone())
            .collect();
        let check = |list: &[String], what: &str, v: &Spanned<String>, key: &str| {
            if list.iter().any(|x| x == v.get_ref()) {
                Ok(())
            } else {
                let known = if list.is_empty() {
                    "none configured".to_string()
                } else {
                    list.join(", ")
                };
                Err(err(
                    v.span(),
                    key,
                    format!("unknown {what} \"{}\" (known: {known})", v.get_ref()),
                ))
            }
        };
        let mut template_names: Vec<String> = raw.template.keys().cloned().collect();
        let templates_dir = raw.templates_dir.as_deref().map(resolve);
        if let Some(tdir) = &templates_dir
            && let Ok(entries) = std::fs::read_dir(tdir)
        {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_file()
                    && let Some(stem) = p.file_stem()
                {
                    template_names.push(stem.to_string_lossy().into_owned());
                }
            }
        }
        let sla_names: Vec<String> = raw.sla.keys().cloned().collect();
        let calendar_names: Vec<String> = raw.calendar.keys().cloned().collect();

        for q in &raw.queue {
            if let Some(t) = &q.ack_template {
                check(&template_names, "template", t, "queue.ack_template")?;
            }
            if let Some(t) = &q.csat_template {
                check(&template_names, "template", t, "queue.csat_template")?;
            }
            if let Some(s) = &q.sla {
                check(&sla_names, "SLA policy", s, "queue.sla")?;
            }
        }
        let mut mailbox_names: Vec<String> = Vec::new();
        let mut mailboxes = raw.mailbox.clone();
        for m in &mut mailboxes {
            let name = m.name.get_ref().clone();
            if mailbox_names.contains(&name) {
                return Err(err(
                    m.name.span(),
                    "mailbox.name",
                    format!("duplicate mailbox \"{name}\""),
                ));
            }
            mailbox_names.push(name.clone());
            check(&queue_names, "queue", &m.queue, "mailbox.queue")?;
            if let Some(c) = &m.category {
                check(&category_names, "category", c, "mailbox.category")?;
            }
            match (&m.imap, &m.maildir) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(err(
                        m.name.span(),
                        "mailbox",
                        format!("mailbox \"{name}\" needs exactly one of imap or maildir"),
                    ));
                }
                _ => {}
            }
            if let Some(md) = &m.maildir {
                m.maildir = Some(resolve(md));
            }
            if let Some(imap) = &mut m.imap
                && let Some(ca) = &imap.ca_file
            {
                imap.ca_file = Some(resolve(ca));
            }
        }
        for o in &raw.operator {
            if operator_names
                .iter()
                .filter(|n| *n == o.name.get_ref())
                .count()
                > 1
            {
                return Err(err(
                    o.name.span(),
                    "operator.name",
                    format!("duplicate operator \"{}\"", o.name.get_ref()),
                ));
            }
            for q in &o.queues {
                check(&queue_names, "queue", q, "operator.queues")?;
            }
            for c in &o.categories {
                check(&category_names, "category", c, "operator.categories")?;
            }
            if let Some(c) = &o.calendar {
                check(&calendar_names, "calendar", c, "operator.calendar")?;
            }
        }
        for c in &raw.category {
            if let Some(s) = &c.sla {
                check(&sla_names, "SLA policy", s, "category.sla")?;
            }
            for o in &c.operators {
                check(&operator_names, "operator", o, "category.operators")?;
            }
        }
        if let Some(me) = &raw.me {
            check(&operator_names, "operator", me, "me")?;
        }
        // A policy's `sources` claims the tickets of those channels that have no
        // category policy; one channel belongs to at most one policy.
        let mut sla_sources: BTreeMap<String, String> = BTreeMap::new();
        for (name, table) in &raw.sla {
            let Some(v) = table.get_ref().get("sources") else {
                continue;
            };
            let header = line_of(text, table.span().start);
            let fail = |msg: String| {
                let line = line_in_table(text, header, &msg);
                usage(format!("config {shown}:{line}: sla.{name}.sources: {msg}"))
            };
            let Some(list) = v.as_array() else {
                return Err(fail(
                    "expected a list of sources, e.g. [\"phone\", \"chat\"]".into(),
                ));
            };
            for item in list {
                let Some(src) = item.as_str() else {
                    return Err(fail(format!("expected a source name, found {item}")));
                };
                if !crate::model::SOURCES.contains(&src) {
                    return Err(fail(format!(
                        "unknown source \"{src}\" (known: {})",
                        crate::model::SOURCES.join(", ")
                    )));
                }
                if let Some(other) = sla_sources.insert(src.to_string(), name.clone()) {
                    return Err(fail(format!(
                        "source \"{src}\" is already claimed by sla.{other}"
                    )));
                }
            }
        }
        for (name, table) in &raw.sla {
            if let Some(toml::Value::String(cal)) = table.get_ref().get("calendar")
                && !calendar_names.contains(cal)
            {
                let msg = format!("unknown calendar \"{cal}\"");
                let line = line_in_table(text, line_of(text, table.span().start), &msg);
                return Err(usage(format!(
                    "config {shown}:{line}: sla.{name}.calendar: {msg}"
                )));
            }
        }
        // Views are checked as `hd list --view` would use them, so a typo fails
        // here with its line instead of at the first listing.
        let mut views = BTreeMap::new();
        for (name, view) in &raw.view {
            let query = view.query.get_ref();
            let bad = |span: std::ops::Range<usize>, key: &str, msg: String| {
                err(span, &format!("view.{name}.{key}"), msg)
            };
            if query.trim().is_empty() {
                return Err(bad(view.query.span(), "query", "empty query".into()));
            }
            let q = crate::filter::parse(query)
                .map_err(|e| bad(view.query.span(), "query", e.to_string()))?;
            let known = |list: &[String], what: &str, v: &str| {
                if list.iter().any(|x| x == v) {
                    Ok(())
                } else {
                    Err(bad(
                        view.query.span(),
                        "query",
                        format!("unknown {what} \"{v}\" (known: {})", list.join(", ")),
                    ))
                }
            };
            for op in q.operators() {
                if op != "me" && op != "none" {
                    known(&operator_names, "operator", op)?;
                }
            }
            for queue in q.queues() {
                known(&queue_names, "queue", queue)?;
            }
            for c in q.categories() {
                if c != "none" {
                    known(&category_names, "category", c)?;
                }
            }
            let time = crate::timeexpr::TimeCtx {
                now: chrono::Utc::now(),
                tz: timezone,
            };
            crate::filter::to_sql(
                &q,
                &crate::filter::SqlCtx {
                    me: None,
                    time: &time,
                    postgres: false,
                },
            )
            .map_err(|e| bad(view.query.span(), "query", e.to_string()))?;
            if let Some(sort) = &view.sort {
                crate::filter::parse_sort(sort.get_ref())
                    .map_err(|e| bad(sort.span(), "sort", e.to_string()))?;
            }
            if let Some(cols) = &view.columns {
                for c in cols.get_ref().split(',').map(str::trim) {
                    if !crate::views::COLUMNS.contains(&c) {
                        return Err(bad(
                            cols.span(),
                            "columns",
                            format!(
                                "unknown column \"{c}\" (available: {})",
                                crate::views::COLUMNS.join(", ")
                            ),
                        ));
                    }
                }
            }
            views.insert(
                name.clone(),
                ViewConfig {
                    query: query.clone(),
                    sort: view.sort.as_ref().map(|s| s.get_ref().clone()),
                    columns: view.columns.as_ref().map(|s| s.get_ref().clone()),
                },
            );
        }
        let mut hooks = Vec::new();
        for h in &raw.hook {
            hooks.push(
                crate::hooks::Hook::from_config(h)
                    .map_err(|(span, key, msg)| err(span, key, msg))?,
            );
        }
        let mut smtp = raw.smtp.clone();
        if let Some(s) = &mut smtp
            && let Some(ca) = &s.ca_file
        {
            s.ca_file = Some(resolve(ca));
        }
        let spanned_map = |m: &BTreeMap<String, Spanned<toml::Table>>| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        (line_of(text, v.span().start), v.get_ref().clone()),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        };
        Ok(Config {
            file: path.map(Path::to_path_buf),
            dir: dir.clone(),
            timezone,
            me: raw.me.as_ref().map(|m| m.get_ref().clone()),
            // A PostgreSQL URL is not a path relative to the config.
            db: raw.db.as_deref().map(|d| {
                if crate::store::is_postgres_url(d) {
                    d.to_path_buf()
                } else {
                    resolve(d)
                }
            }),
            database: raw.database.unwrap_or_default(),
            templates_dir,
            smtp,
            queues: raw.queue,
            mailboxes,
            operators: raw.operator,
            categories: raw.category,
            sla: spanned_map(&raw.sla),
            calendars: spanned_map(&raw.calendar),
            rules: raw
                .rule
                .iter()
                .map(|r| (line_of(text, r.span().start), r.get_ref().clone()))
                .collect(),
            views,
            templates: spanned_map(&raw.template),
            template_names,
            hooks,
            source: text.to_string(),
            sla_sources,
            decoding,
        })
    }

    /// The line of a table's value an error names; see [`line_in_table`].
    pub fn line_in_table(&self, line: usize, message: &str) -> usize {
        line_in_table(&self.source, line, message)
    }

    /// The line of a byte offset of the config text (a `Spanned` value's start).
    pub fn line_at(&self, offset: usize) -> usize {
        line_of(&self.source, offset)
    }

    /// A `file:line` prefix for errors found after load.
    pub fn at(&self, line: usize) -> String {
        let shown = self
            .file
            .as_ref()
            .map_or_else(|| "<config>".to_string(), |p| p.display().to_string());
        format!("config {shown}:{line}")
    }

    /// The queue of this name.
    pub fn queue(&self, name: &str) -> Option<&QueueConfig> {
        self.queues.iter().find(|q| q.name.get_ref() == name)
    }

    /// The operator of this name.
    pub fn operator(&self, name: &str) -> Option<&OperatorConfig> {
        self.operators.iter().find(|o| o.name.get_ref() == name)
    }

    /// The category of this name.
    pub fn category(&self, name: &str) -> Option<&CategoryConfig> {
        self.categories.iter().find(|c| c.name.get_ref() == name)
    }

    /// The SLA policy a ticket follows: its category's, else the one claiming
    /// its source, else its queue's default.
    pub fn sla_policy(&self, category: Option<&str>, source: &str, queue: &str) -> Option<&str> {
        category
            .and_then(|c| self.category(c))
            .and_then(|c| c.sla.as_ref().map(|s| s.get_ref().as_str()))
            .or_else(|| self.sla_sources.get(source).map(String::as_str))
            .or_else(|| {
                self.queue(queue)
                    .and_then(|q| q.sla.as_ref().map(|s| s.get_ref().as_str()))
            })
    }

    /// How a ticket of this queue and category is handed out: the category's
    /// `distribution` when it sets one, else the queue's (manual for an unknown queue).
    pub fn distribution(&self, queue: &str, category: Option<&str>) -> Distribution {
        category
            .and_then(|c| self.category(c))
            .and_then(|c| c.distribution)
            .or_else(|| self.queue(queue).map(|q| q.distribution))
            .unwrap_or(Distribution::Manual)
    }

    /// Names of all queues.
    pub fn queue_names(&self) -> Vec<String> {
        self.queues
            .iter()
            .map(|q| q.name.get_ref().clone())
            .collect()
    }

    /// Names of all operators.
    pub fn operator_names(&self) -> Vec<String> {
        self.operators
            .iter()
            .map(|o| o.name.get_ref().clone())
            .collect()
    }

    /// Names of all categories.
    pub fn category_names(&self) -> Vec<String> {
        self.categories
            .iter()
            .map(|c| c.name.get_ref().clone())
            .collect()
    }

    /// Every address the helpdesk sends from, for the never-answer-ourselves guard.
    pub fn own_addresses(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .queues
            .iter()
            .map(|q| q.address.to_lowercase())
            .collect();
        for m in &self.mailboxes {
            if let Some(i) = &m.imap
                && i.user.contains('@')
            {
                v.push(i.user.to_lowercase());
            }
        }
        if let Some(s) = &self.smtp
            && let Some(u) = &s.user
            && u.contains('@')
        {
            v.push(u.to_lowercase());
        }
        v
    }
}

/// Resolves a secret: command, then environment variable, then literal.
pub fn read_secret(secret: &Secret, what: &str) -> Result<Option<String>, HdError> {
    if let Some(cmd) = &secret.password_command {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| crate::error::failure(format!("{what}: password_command failed: {e}")))?;
        if !out.status.success() {
            return Err(crate::error::failure(format!(
                "{what}: password_command exited with {}",
                out.status
            )));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        return Ok(Some(text.lines().next().unwrap_or("").to_string()));
    }
    if let Some(var) = &secret.password_env {
        return match std::env::var(var) {
            Ok(v) => Ok(Some(v)),
            Err(_) => Err(usage(format!(
                "{what}: environment variable {var} (password_env) is not set"
            ))),
        };
    }
    Ok(secret.password.clone())
}

/// The annotated example config `hd init` writes.
pub const EXAMPLE: &str = include_str!("config_example.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses() {
        let c = Config::parse(EXAMPLE, None).expect("example config must load");
        assert_eq!(c.queues.len(), 1);
        assert_eq!(c.queues[0].prefix.get_ref(), "REQ");
        assert_eq!(c.timezone, chrono_tz::Europe::Prague);
    }

    #[test]
    fn unknown_queue_names_line_and_key() {
        let text = "[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"a@b.c\"\n\n[[mailbox]]\nname = \"m\"\nqueue = \"sales\"\nmaildir = \"x\"\n";
        let e = Config::parse(text, Some(Path::new("/tmp/c.toml"))).unwrap_err();
        assert_eq!(
            e.msg,
            "config /tmp/c.toml:8: mailbox.queue: unknown queue \"sales\" (known: support)"
        );
    }

    #[test]
    fn syntax_error_names_line() {
        let e = Config::parse("timezone = \"UTC\"\n[[queue]\n", None).unwrap_err();
        assert!(e.msg.starts_with("config <config>:2:"), "{}", e.msg);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let e = Config::parse("timezone = \"UTC\"\ncolour = 1\n", None).unwrap_err();
        assert!(
            e.msg.contains(":2:") && e.msg.contains("colour"),
            "{}",
            e.msg
        );
    }

    #[test]
    fn errors_about_a_table_point_at_the_value_they_name() {
        let text = "[calendar.a]\nhours = { mon = \"25:00-26:00\" }\nholidays = [\"13-45\"]\n\n[sla.b]\nfirst_response = \"13-45\"\n";
        // Quoted, then backticked, within the table only.
        assert_eq!(line_in_table(text, 1, "invalid holiday \"13-45\""), 3);
        assert_eq!(line_in_table(text, 1, "hours \"mon\": bad"), 2);
        assert_eq!(line_in_table(text, 1, "unknown field `holidays`"), 3);
        assert_eq!(line_in_table(text, 5, "invalid duration \"13-45\""), 6);
        // Not in the table, nothing quoted, or empty quotes: the header's line.
        assert_eq!(line_in_table(text, 1, "invalid duration \"9x\""), 1);
        assert_eq!(line_in_table(text, 1, "missing field"), 1);
        assert_eq!(line_in_table(text, 5, "empty \"\" value"), 5);
    }

    #[test]
    fn key_at_names_the_dotted_key_of_a_value() {
        let text = "timezone = \"UTC\"\n[[operator]]\nname = \"a\"\n\n[[operator]]\nname = \"b\"\nmax_open = \"x\"\n[smtp]\nport = \"y\"\n";
        let at = |needle: &str| key_at(text, text.find(needle).unwrap());
        assert_eq!(at("\"UTC\"").as_deref(), Some("timezone"));
        assert_eq!(at("\"x\"").as_deref(), Some("operator.max_open"));
        assert_eq!(at("\"y\"").as_deref(), Some("smtp.port"));
    }

    #[test]
    fn mailbox_needs_one_source() {
        let text = "[[queue]]\nname = \"s\"\nprefix = \"REQ\"\naddress = \"a@b.c\"\n[[mailbox]]\nname = \"m\"\nqueue = \"s\"\n";
        let e = Config::parse(text, None).unwrap_err();
        assert!(
            e.msg.contains("exactly one of imap or maildir"),
            "{}",
            e.msg
        );
    }
}
