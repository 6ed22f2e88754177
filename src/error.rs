//! Error kinds that decide hd's exit code, and their printing.

use std::fmt;

/// The exit codes of PRODUCT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The operation failed.
    Failure = 1,
    /// Usage or bad input: unknown ticket, bad filter, bad config.
    Usage = 2,
    /// A declined confirmation, or `--no-input` where a prompt was needed.
    Cancelled = 3,
    /// The IMAP or SMTP server refused the credentials.
    Auth = 4,
    /// Try again later: a server is unreachable or the lock is held.
    TempFail = 75,
}

/// An error whose kind the user should see reflected in the exit code.
#[derive(Debug)]
pub struct HdError {
    /// Which exit code this error maps to.
    pub exit: Exit,
    /// The one-line message.
    pub msg: String,
    /// What to do next, when there is something useful to say.
    pub hint: Option<String>,
}

impl fmt::Display for HdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for HdError {}

impl HdError {
    /// Adds a hint line printed after the error.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

fn make(exit: Exit, msg: impl Into<String>) -> HdError {
    HdError {
        exit,
        msg: msg.into(),
        hint: None,
    }
}

/// Bad input (exit 2).
pub fn usage(msg: impl Into<String>) -> HdError {
    make(Exit::Usage, msg)
}

/// A failed operation (exit 1).
pub fn failure(msg: impl Into<String>) -> HdError {
    make(Exit::Failure, msg)
}

/// Cancelled by the user or by `--no-input` (exit 3).
pub fn cancelled(msg: impl Into<String>) -> HdError {
    make(Exit::Cancelled, msg)
}

/// Credentials refused by a server (exit 4).
pub fn auth(msg: impl Into<String>) -> HdError {
    make(Exit::Auth, msg)
}

/// A temporary failure worth retrying (exit 75).
pub fn tempfail(msg: impl Into<String>) -> HdError {
    make(Exit::TempFail, msg)
}

/// Returns early with a usage error built from a format string.
#[macro_export]
macro_rules! bail_usage {
    ($($arg:tt)*) => {
        return Err($crate::error::usage(format!($($arg)*)).into())
    };
}

/// True when the error chain holds a broken pipe, which hd treats as a quiet exit.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

/// Picks the exit code for an error chain.
pub fn exit_code(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<HdError>() {
            return e.exit;
        }
        // A database that went away or a lock held too long: cron runs it again.
        if let Some(e) = cause.downcast_ref::<crate::db::Error>()
            && e.is_transient()
        {
            return Exit::TempFail;
        }
        // A template that does not compile or render (an undefined variable) is bad
        // input, like a bad config; only an unreadable templates folder is a failure.
        if let Some(e) = cause.downcast_ref::<crate::templates::TemplateError>() {
            return match e {
                crate::templates::TemplateError::Io { .. } => Exit::Failure,
                _ => Exit::Usage,
            };
        }
    }
    Exit::Failure
}

/// Prints `hd: error: ...`, the causes and the hint to stderr.
pub fn report(err: &anyhow::Error) {
    let mut lines = vec![format!("hd: error: {err}")];
    let mut hint = None;
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<HdError>()
            && hint.is_none()
        {
            hint.clone_from(&e.hint);
        }
    }
    let mut last = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if text != last && !last.contains(&text) {
            lines.push(format!("  cause: {text}"));
        }
        last = text;
    }
    if let Some(h) = hint {
        lines.push(format!("  hint: {h}"));
    }
    // Messages quote subjects, addresses and server answers: never let them drive the terminal.
    eprintln!("{}", crate::term::escape(&lines.join("\n")));
}
