//! What domain code is handed instead of the command line's context: the
//! config, the clock, who acts, and where notes, warnings and progress go.
//! Commands pass their `Ctx`; a test or another front end passes its own.

use crate::config::Config;

/// The config, the clock, the actor and a reporter, as domain code needs them.
///
/// `Sync`, because long work (a sync's reader thread) reports from more than one thread.
pub trait Env: Sync {
    /// The loaded config.
    fn config(&self) -> &Config;
    /// Now, in Unix seconds (`HD_NOW` in tests).
    fn now_ts(&self) -> i64;
    /// The acting operator's name, when they are a configured operator.
    fn me(&self) -> Option<&str>;
    /// The name recorded as the actor of events.
    fn actor(&self) -> &str;
    /// Reports something that went wrong without failing the operation.
    fn warn(&self, msg: &str);
    /// Reports what happened, for a person watching (silenced by `-q`).
    fn info(&self, _msg: &str) {}
    /// Reports a detail asked for with `-v`.
    fn note(&self, _msg: &str) {}
    /// Whether details (`-v`) are wanted, so work can skip preparing them.
    fn verbose(&self) -> bool {
        false
    }
    /// A progress bar for `len` items of `name`, when one is shown (a terminal).
    fn progress(&self, _len: u64, _name: &str) -> Option<indicatif::ProgressBar> {
        None
    }
}

/// Another [`Env`] with the clock set to `now`: what a long-running job hands each
/// round, so each round's events carry that round's time.
pub struct At<'a, E: Env + ?Sized> {
    /// The environment everything else comes from.
    pub env: &'a E,
    /// Now, in Unix seconds.
    pub now: i64,
}

impl<E: Env + ?Sized> Env for At<'_, E> {
    fn config(&self) -> &Config {
        self.env.config()
    }
    fn now_ts(&self) -> i64 {
        self.now
    }
    fn me(&self) -> Option<&str> {
        self.env.me()
    }
    fn actor(&self) -> &str {
        self.env.actor()
    }
    fn warn(&self, msg: &str) {
        self.env.warn(msg)
    }
    fn info(&self, msg: &str) {
        self.env.info(msg)
    }
    fn note(&self, msg: &str) {
        self.env.note(msg)
    }
    fn verbose(&self) -> bool {
        self.env.verbose()
    }
    fn progress(&self, len: u64, name: &str) -> Option<indicatif::ProgressBar> {
        self.env.progress(len, name)
    }
}
