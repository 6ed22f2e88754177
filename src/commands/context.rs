//! What every command needs: the config, the database path, who is acting, and the clock.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::cli::Global;
use crate::config::Config;
use crate::error::{HdError, usage};
use crate::output::Format;
use crate::store::Store;
use crate::store::tickets::Ticket;
use crate::timeexpr::TimeCtx;

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A configured operator.
    Operator(String),
    /// The login name of someone who is not a configured operator: every queue, no `mine`.
    Admin(String),
}

/// The environment of one command run.
#[derive(Clone)]
pub struct Ctx {
    /// Global flags.
    pub global: Global,
    /// The loaded config (empty when there is no file).
    pub config: Config,
    /// The config file path in use.
    pub config_path: PathBuf,
    /// The database path in use.
    pub db_path: PathBuf,
    /// Now, or `HD_NOW`.
    pub now: DateTime<Utc>,
    /// The acting operator.
    pub identity: Identity,
    /// Runs the configured hooks; `None` when there are none.
    pub hooks: Option<std::sync::Arc<crate::hooks::Runner>>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The default config path under the XDG config dir.
pub fn default_config_path() -> PathBuf {
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s.config_dir().join("hd").join("config.toml"),
        Err(_) => PathBuf::from("hd.toml"),
    }
}

/// The default database path under the XDG data dir.
pub fn default_db_path() -> PathBuf {
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s.data_dir().join("hd").join("hd.db"),
        Err(_) => PathBuf::from("hd.db"),
    }
}

/// Reads `HD_NOW` (RFC 3339), else the system clock.
pub fn now() -> Result<DateTime<Utc>, HdError> {
    match env("HD_NOW") {
        Some(s) => DateTime::parse_from_rfc3339(&s)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| usage(format!("HD_NOW=\"{s}\" is not an RFC 3339 time: {e}"))),
        None => Ok(Utc::now()),
    }
}

impl Ctx {
    /// Loads what the flags, environment and config file say; flags beat environment beat file.
    pub fn new(global: Global, needs_config: bool) -> Result<Ctx, HdError> {
        let (config_path, explicit) = match (&global.config, env("HD_CONFIG")) {
            (Some(p), _) => (p.clone(), true),
            (None, Some(p)) => (PathBuf::from(p), true),
            (None, None) => (default_config_path(), false),
        };
        let config = if !needs_config {
            Config::default()
        } else if config_path.exists() || explicit {
            Config::load(&config_path)?
        } else {
            Config::default()
        };
        if needs_config {
            // Everything the config names is checked now, not at the first email.
            crate::sla::store::policies(&config)?;
            crate::ingest::compile_rules(&config)?;
            crate::outbox::load_templates(&config)?;
        }
        let db_path = match (&global.db, env("HD_DB"), &config.db) {
            (Some(p), _, _) => p.clone(),
            (None, Some(p), _) => PathBuf::from(p),
            (None, None, Some(p)) => p.clone(),
            _ => default_db_path(),
        };
        if crate::store::is_postgres_url(&db_path)
            && let Some(p) = crate::config::read_secret(&config.database, "[database]")?
        {
            crate::store::pg::set_configured_password(p);
        }
        let named = global
            .as_operator
            .clone()
            .map(|n| (n, "--as"))
            .or_else(|| env("HD_OPERATOR").map(|n| (n, "HD_OPERATOR")))
            .or_else(|| config.me.clone().map(|n| (n, "config `me`")));
        let identity = match named {
            Some((name, from)) => {
                if config.operator(&name).is_none() {
                    let known = config.operator_names();
                    return Err(usage(format!(
                        "unknown operator \"{name}\" (from {from}); known: {}",
                        if known.is_empty() {
                            "none configured".to_string()
                        } else {
                            known.join(", ")
                        }
                    )));
                }
                Identity::Operator(name)
            }
            None => {
                let login = env("USER")
                    .or_else(|| env("LOGNAME"))
                    .unwrap_or_else(|| "admin".to_string());
                if config.operator(&login).is_some() {
                    Identity::Operator(login)
                } else {
                    Identity::Admin(login)
                }
            }
        };
        crate::output::set_color(
            !global.no_color && env("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
        );
        let hooks = crate::hooks::Runner::new(&config.hooks).map(std::sync::Arc::new);
        crate::term::set_pager_off(global.no_pager);
        let now = now()?;
        crate::term::set_clock(now.timestamp(), config.timezone);
        Ok(Ctx {
            global,
            config,
            config_path,
            db_path,
            now,
            identity,
            hooks,
        })
    }

    /// Opens an existing database; a missing one is exit 2, so a typo in `--db`
    /// never leaves an empty database behind.
    pub fn store(&self) -> Result<Store, HdError> {
        self.open_store(false)
    }

    /// Opens the database, creating it and its folder when missing (`init`, `sync`, `new`).
    pub fn store_or_create(&self) -> Result<Store, HdError> {
        self.open_store(true)
    }

    fn open_store(&self, create: bool) -> Result<Store, HdError> {
        let mut store = Store::open(&self.db_path, create)?;
        if let Some(h) = &self.hooks {
            store.on_commit(h.collector()).map_err(|e| {
                crate::error::failure(format!("hooks: cannot watch for changes: {e}"))
            })?;
        }
        Ok(store)
    }

    /// The acting operator's name, when they are one.
    pub fn me(&self) -> Option<&str> {
        match &self.identity {
            Identity::Operator(n) => Some(n),
            Identity::Admin(_) => None,
        }
    }

    /// The error of a command that needs an operator identity and has none: says every
    /// way to set one, and why the login name did not count.
    pub fn no_identity(&self, what: &str) -> HdError {
        let known = self.config.operator_names();
        let why = match (&self.identity, known.is_empty()) {
            (_, true) => "no operators are configured".to_string(),
            (Identity::Admin(login), false) => format!(
                "the login name \"{login}\" is not a configured operator (operators: {})",
                known.join(", ")
            ),
            (Identity::Operator(_), false) => format!("operators: {}", known.join(", ")),
        };
        usage(format!(
            "{what} needs an operator identity: use --as NAME, set HD_OPERATOR=NAME, or put me = \"NAME\" in {}; {why}",
            self.config_path.display()
        ))
    }

    /// The name recorded as actor of events.
    pub fn actor(&self) -> &str {
        match &self.identity {
            Identity::Operator(n) | Identity::Admin(n) => n,
        }
    }

    /// The queues the acting operator may see; `None` means all.
    pub fn visible_queues(&self) -> Option<Vec<String>> {
        let me = self.me()?;
        let op = self.config.operator(me)?;
        Some(op.queues.iter().map(|q| q.get_ref().clone()).collect())
    }

    /// Refuses a ticket in a queue the acting operator has no rights on.
    pub fn check_access(&self, t: &Ticket) -> Result<(), HdError> {
        if let Some(qs) = self.visible_queues()
            && !qs.contains(&t.queue)
        {
            return Err(usage(format!(
                "{} is in queue \"{}\", which {} has no rights on",
                t.number_str(),
                t.queue,
                self.actor()
            )));
        }
        Ok(())
    }

    /// The output format: as given, else table on a terminal and tsv otherwise.
    pub fn format(&self) -> Format {
        self.global.format.unwrap_or_else(|| {
            if std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Tsv
            }
        })
    }

    /// Time-expression context: now and the configured zone.
    pub fn time(&self) -> TimeCtx {
        TimeCtx {
            now: self.now,
            tz: self.config.timezone,
        }
    }

    /// Unix seconds of now.
    pub fn now_ts(&self) -> i64 {
        self.now.timestamp()
    }

    /// RFC 3339 in the configured zone.
    pub fn fmt_time(&self, ts: i64) -> String {
        crate::output::fmt_time(self.config.timezone, ts)
    }

    /// A short local time for tables.
    pub fn fmt_short(&self, ts: i64) -> String {
        crate::term::short_time(ts, self.config.timezone)
    }

    /// Whether a prompt may be shown (stdin and stderr on a terminal, no `--no-input`).
    pub fn can_prompt(&self) -> bool {
        !self.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// Asks for confirmation; `--yes` answers it, `--no-input` or no terminal cancels (exit 3).
    pub fn confirm(&self, question: &str) -> Result<(), HdError> {
        if self.global.yes {
            return Ok(());
        }
        if !self.can_prompt() {
            return Err(
                crate::error::cancelled(format!("{question} needs confirmation"))
                    .hint("pass --yes to confirm without a prompt"),
            );
        }
        eprint!("{question} [y/N] ");
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            Ok(())
        } else {
            Err(crate::error::cancelled("cancelled"))
        }
    }

    /// Prints progress or summaries to stderr unless quiet.
    pub fn info(&self, msg: &str) {
        if !self.global.quiet {
            eprintln!("{}", crate::term::escape(msg));
        }
    }
}

impl crate::env::Env for Ctx {
    fn config(&self) -> &Config {
        &self.config
    }
    fn now_ts(&self) -> i64 {
        Ctx::now_ts(self)
    }
    fn me(&self) -> Option<&str> {
        Ctx::me(self)
    }
    fn actor(&self) -> &str {
        Ctx::actor(self)
    }
    fn warn(&self, msg: &str) {
        eprintln!("hd: warning: {}", crate::term::escape(msg));
    }
    fn info(&self, msg: &str) {
        Ctx::info(self, msg)
    }
    fn note(&self, msg: &str) {
        if self.global.verbose {
            eprintln!("{}", crate::term::escape(msg));
        }
    }
    fn verbose(&self) -> bool {
        self.global.verbose
    }
    fn progress(&self, len: u64, name: &str) -> Option<indicatif::ProgressBar> {
        if self.global.quiet || !std::io::stderr().is_terminal() || len < 20 {
            return None;
        }
        let pb = indicatif::ProgressBar::new(len);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {per_sec:0}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.set_prefix(name.to_string());
        Some(pb)
    }
}
