//! IMAP IDLE (RFC 2177) on one folder: tells the watcher when mail may have
//! arrived, and when the connection went down or came back.
//!
//! Each watched folder has a connection of its own that does nothing but
//! IDLE; the mail itself is fetched by the ordinary sync path on another
//! connection. The socket reads with a short timeout, so a stop request is
//! seen within a second, and IDLE is re-issued well before the 29 minutes
//! after which RFC 2177 lets a server drop the client. A server without IDLE
//! is asked with NOOP every poll interval instead.

use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::imap::{self, Shared};
use crate::config::ImapConfig;
use crate::error::{Exit, HdError};

/// How often IDLE is ended and started again: far below RFC 2177's 29
/// minutes, and often enough that a connection that died without a word
/// (a NAT that forgot it) is noticed within minutes.
pub const RENEW: Duration = Duration::from_secs(5 * 60);

/// How long one read waits before the stop flag is looked at again.
const TICK: Duration = Duration::from_millis(500);

/// First and largest pause between reconnection attempts.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(1);
/// See [`BACKOFF_FIRST`].
pub const BACKOFF_MAX: Duration = Duration::from_secs(60);

/// What a folder's watcher reports.
#[derive(Debug)]
pub enum Report {
    /// Mail may have arrived (or the connection is new: anything may have).
    Mail,
    /// The connection failed; the watcher is trying again with backoff.
    Down(HdError),
    /// The server refused the login on the very first attempt: retrying
    /// cannot help.
    Refused(HdError),
}

/// Watches one folder until `stop` is set, sending reports through `report`;
/// reconnects by itself with exponential backoff.
pub fn watch(
    cfg: &ImapConfig,
    name: &str,
    password: &str,
    folder: &str,
    poll: Duration,
    stop: &AtomicBool,
    report: &dyn Fn(Report),
) {
    let mut backoff = BACKOFF_FIRST;
    let mut first = true;
    while !stop.load(Ordering::SeqCst) {
        let r = session(cfg, name, password, folder, poll, stop, &mut || {
            backoff = BACKOFF_FIRST;
            report(Report::Mail);
        });
        match r {
            Ok(()) => return,
            Err(e) if first && e.exit == Exit::Auth => {
                report(Report::Refused(e));
                return;
            }
            Err(e) => report(Report::Down(e)),
        }
        first = false;
        sleep(backoff, stop);
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

fn sleep(d: Duration, stop: &AtomicBool) {
    let end = Instant::now() + d;
    while !stop.load(Ordering::SeqCst) {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(TICK));
    }
}

/// One connection's life: log in, open the folder, IDLE (or NOOP) until
/// stopped (`Ok`) or the connection fails (`Err`). `connected` runs once the
/// folder is open.
fn session(
    cfg: &ImapConfig,
    name: &str,
    password: &str,
    folder: &str,
    poll: Duration,
    stop: &AtomicBool,
    connected: &mut dyn FnMut(),
) -> Result<(), HdError> {
    let mut s = imap::connect(cfg, name, password)?;
    let lost = |e: &dyn std::fmt::Display| {
        crate::error::tempfail(format!("mailbox {name}: connection lost: {e}"))
    };
    let idle = s
        .client
        .capabilities()
        .map_err(|e| lost(&e))?
        .has_str("IDLE");
    s.client
        .examine(imap::wire_name(folder))
        .map_err(|e| lost(&e))?;
    connected();
    if !idle {
        loop {
            sleep(poll, stop);
            if stop.load(Ordering::SeqCst) {
                let _ = s.client.logout();
                return Ok(());
            }
            s.client.noop().map_err(|e| lost(&e))?;
            connected();
        }
    }
    s.stream.set_read_timeout(TICK).map_err(|e| lost(&e))?;
    let mut conn = Idle {
        reader: BufReader::new(s.stream.clone()),
        writer: s.stream.clone(),
        line: Vec::new(),
        tag: 0,
    };
    let give_up = Duration::from_secs(cfg.timeout.unwrap_or(30));
    loop {
        conn.start(give_up, stop).map_err(|e| lost(&e))?;
        let since = Instant::now();
        loop {
            if stop.load(Ordering::SeqCst) {
                // Polite when it works; the process is leaving either way.
                if conn.done(give_up, stop).is_ok() {
                    let _ = conn.command("LOGOUT", give_up, stop);
                }
                return Ok(());
            }
            if since.elapsed() >= RENEW {
                break;
            }
            match conn.read_line().map_err(|e| lost(&e))? {
                None => {}
                Some(l) if is_exists(&l) => connected(),
                Some(l) if l.starts_with(b"* BYE") => {
                    return Err(lost(&String::from_utf8_lossy(l.trim_ascii())));
                }
                Some(_) => {}
            }
        }
        conn.done(give_up, stop).map_err(|e| lost(&e))?;
    }
}

/// `* 12 EXISTS`: the folder grew.
fn is_exists(line: &[u8]) -> bool {
    let l = String::from_utf8_lossy(line);
    let mut w = l.split_ascii_whitespace();
    w.next() == Some("*")
        && w.next().is_some_and(|n| n.parse::<u32>().is_ok())
        && w.next().is_some_and(|k| k.eq_ignore_ascii_case("EXISTS"))
}

/// The raw IDLE conversation on a connection the `imap` client has finished with.
struct Idle {
    reader: BufReader<Shared>,
    writer: Shared,
    /// A line read in part before a read timed out.
    line: Vec<u8>,
    tag: u32,
}

impl Idle {
    /// One response line; `None` when nothing came within the read timeout.
    fn read_line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        match self.reader.read_until(b'\n', &mut self.line) {
            Ok(0) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            )),
            Ok(_) if self.line.ends_with(b"\n") => Ok(Some(std::mem::take(&mut self.line))),
            // A partial line at the end of the stream.
            Ok(_) => Ok(None),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                        | std::io::ErrorKind::Interrupted
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Reads until a line satisfying `end`, for at most `give_up`.
    fn until(
        &mut self,
        give_up: Duration,
        stop: &AtomicBool,
        end: impl Fn(&[u8]) -> bool,
    ) -> std::io::Result<Vec<u8>> {
        let start = Instant::now();
        loop {
            if let Some(l) = self.read_line()?
                && end(&l)
            {
                return Ok(l);
            }
            if start.elapsed() >= give_up {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("no answer within {} s", give_up.as_secs()),
                ));
            }
            // A stopping watcher waits no longer than a few reads.
            if stop.load(Ordering::SeqCst) && start.elapsed() >= TICK * 4 {
                return Err(std::io::Error::other("stopping"));
            }
        }
    }

    fn send(&mut self, text: &str) -> std::io::Result<String> {
        self.tag += 1;
        let tag = format!("W{}", self.tag);
        self.writer
            .write_all(format!("{tag} {text}\r\n").as_bytes())?;
        self.writer.flush()?;
        Ok(tag)
    }

    /// Starts IDLE and waits for the server's go-ahead.
    fn start(&mut self, give_up: Duration, stop: &AtomicBool) -> std::io::Result<()> {
        let tag = self.send("IDLE")?;
        let l = self.until(give_up, stop, |l| {
            l.starts_with(b"+") || l.starts_with(tag.as_bytes())
        })?;
        if l.starts_with(b"+") {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "IDLE refused: {}",
                String::from_utf8_lossy(l.trim_ascii())
            )))
        }
    }

    /// Ends IDLE and waits for its completion.
    fn done(&mut self, give_up: Duration, stop: &AtomicBool) -> std::io::Result<()> {
        self.writer.write_all(b"DONE\r\n")?;
        self.writer.flush()?;
        let tag = format!("W{} ", self.tag);
        self.until(give_up, stop, |l| l.starts_with(tag.as_bytes()))
            .map(|_| ())
    }

    fn command(&mut self, text: &str, give_up: Duration, stop: &AtomicBool) -> std::io::Result<()> {
        let tag = format!("{} ", self.send(text)?);
        self.until(give_up, stop, |l| l.starts_with(tag.as_bytes()))
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn exists_lines_are_recognised() {
        assert!(super::is_exists(b"* 12 EXISTS\r\n"));
        assert!(super::is_exists(b"* 0 exists\r\n"));
        assert!(!super::is_exists(b"* 3 RECENT\r\n"));
        assert!(!super::is_exists(b"* OK Still here\r\n"));
        assert!(!super::is_exists(b"W1 OK EXISTS\r\n"));
    }
}
