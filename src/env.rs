//! What domain code is handed instead of the command line's context: the
//! config, the clock, who acts, and where warnings go. Commands pass their
//! `Ctx`; a test or another front end passes its own.

use crate::config::Config;

/// The config, the clock, the actor and a reporter, as domain code needs them.
pub trait Env {
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
}
