//! `[[hook]]`s: commands run after a change is committed, with the event as
//! JSON on their standard input.
//!
//! Every command that writes through a [`crate::store::Store`] reports what it
//! committed (see [`crate::store::hooks`]); the command layer turns that into
//! events with ticket JSON and hands them to a [`Runner`], which runs the
//! matching hooks a few at a time, each with a timeout. A hook that fails or
//! hangs is logged and killed; the change it reports on is already committed.

use std::collections::VecDeque;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::config::HookConfig;
use crate::store::hooks::Happened;

/// The events a hook can run on.
pub const EVENTS: &[&str] = &[
    "ticket.created",
    "ticket.assigned",
    "ticket.reopened",
    "message.received",
    "sla.breached",
    "reply.failed",
];

/// How long a hook may run unless it says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Hooks running at once; more wait their turn.
pub const AT_ONCE: usize = 4;

/// Hook runs waiting for a turn; beyond this, new ones are dropped (and logged)
/// so a burst of mail cannot grow memory without bound.
const MAX_WAITING: usize = 10_000;

/// A configured hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// The event it runs on.
    pub on: String,
    /// The shell command.
    pub run: String,
    /// How long it may run before it is killed.
    pub timeout: Duration,
}

/// A config error: the span of the value, the key, the message.
pub type ConfigError = (std::ops::Range<usize>, &'static str, String);

impl Hook {
    /// Checks a `[[hook]]` table: a known event, a command, a readable timeout.
    pub fn from_config(h: &HookConfig) -> Result<Hook, ConfigError> {
        let on = h.on.get_ref();
        if !EVENTS.contains(&on.as_str()) {
            return Err((
                h.on.span(),
                "hook.on",
                format!("unknown event \"{on}\" (known: {})", EVENTS.join(", ")),
            ));
        }
        if h.run.get_ref().trim().is_empty() {
            return Err((h.run.span(), "hook.run", "empty command".to_string()));
        }
        let timeout = match &h.timeout {
            None => DEFAULT_TIMEOUT,
            Some(t) => parse_timeout(t.get_ref()).ok_or_else(|| {
                (
                    t.span(),
                    "hook.timeout",
                    format!(
                        "\"{}\" is not a timeout; write seconds or minutes, e.g. \"30s\" or \"2m\"",
                        t.get_ref()
                    ),
                )
            })?,
        };
        Ok(Hook {
            on: on.clone(),
            run: h.run.get_ref().clone(),
            timeout,
        })
    }
}

/// Reads `500ms`, `30s`, `2m` or a bare number of seconds; zero is refused.
pub fn parse_timeout(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = num.parse().ok()?;
    let d = match unit.trim() {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.checked_mul(60)?),
        _ => return None,
    };
    (!d.is_zero()).then_some(d)
}

/// One hook run waiting for its turn.
struct Job {
    hook: Hook,
    /// The event JSON, written to the hook's standard input.
    payload: Vec<u8>,
    /// Names the run in log lines, e.g. `ticket.created REQ-000012`.
    what: String,
}

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    running: usize,
    workers: usize,
    closed: bool,
}

/// Runs hooks in the background, [`AT_ONCE`] at a time.
pub struct Runner {
    hooks: Vec<Hook>,
    /// Committed changes not yet turned into hook runs.
    happened: Arc<Mutex<Vec<Happened>>>,
    state: Arc<(Mutex<State>, Condvar)>,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Runner {
    /// A runner for the configured hooks; `None` when there are none.
    pub fn new(hooks: &[Hook]) -> Option<Runner> {
        if hooks.is_empty() {
            return None;
        }
        Some(Runner {
            hooks: hooks.to_vec(),
            happened: Arc::new(Mutex::new(Vec::new())),
            state: Arc::new((Mutex::new(State::default()), Condvar::new())),
            threads: Mutex::new(Vec::new()),
        })
    }

    /// What a store calls with its committed changes (see
    /// [`crate::store::Store::on_commit`]): they wait here for [`Runner::take`].
    pub fn collector(&self) -> crate::store::AfterCommit {
        let happened = Arc::clone(&self.happened);
        Box::new(move |h| lock(&happened).extend(h))
    }

    /// The committed changes some hook listens for, oldest first.
    pub fn take(&self) -> Vec<Happened> {
        let all = std::mem::take(&mut *lock(&self.happened));
        all.into_iter().filter(|h| self.wants(&h.event)).collect()
    }

    /// Whether any hook runs on this event.
    pub fn wants(&self, event: &str) -> bool {
        self.hooks.iter().any(|h| h.on == event)
    }

    /// Queues every hook of `event` with this JSON on its standard input.
    pub fn fire(&self, event: &str, what: &str, payload: &serde_json::Value) {
        let bytes = match serde_json::to_vec(payload) {
            Ok(mut b) => {
                b.push(b'\n');
                b
            }
            Err(_) => return,
        };
        for hook in self.hooks.iter().filter(|h| h.on == event) {
            self.push(Job {
                hook: hook.clone(),
                payload: bytes.clone(),
                what: what.to_string(),
            });
        }
    }

    fn push(&self, job: Job) {
        let (m, cv) = &*self.state;
        let mut st = lock(m);
        if st.closed {
            return;
        }
        if st.jobs.len() >= MAX_WAITING {
            eprintln!(
                "hd: warning: hook \"{}\" for {} not run: {MAX_WAITING} hook runs are already waiting",
                job.hook.run, job.what
            );
            return;
        }
        st.jobs.push_back(job);
        if st.workers < AT_ONCE && st.workers < st.jobs.len() + st.running {
            st.workers += 1;
            let state = Arc::clone(&self.state);
            match std::thread::Builder::new()
                .name("hook".into())
                .spawn(move || work(&state))
            {
                Ok(t) => lock(&self.threads).push(t),
                Err(e) => {
                    st.workers -= 1;
                    eprintln!("hd: warning: hooks: cannot start a thread: {e}");
                }
            }
        }
        cv.notify_one();
    }

    /// Waits until every queued hook has finished or was killed at its timeout.
    pub fn finish(&self) {
        {
            let (m, cv) = &*self.state;
            lock(m).closed = true;
            cv.notify_all();
        }
        let threads = std::mem::take(&mut *lock(&self.threads));
        for t in threads {
            let _ = t.join();
        }
    }
}

fn work(state: &(Mutex<State>, Condvar)) {
    let (m, cv) = state;
    loop {
        let job = {
            let mut st = lock(m);
            loop {
                if let Some(j) = st.jobs.pop_front() {
                    st.running += 1;
                    break Some(j);
                }
                if st.closed {
                    break None;
                }
                st = cv.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let Some(job) = job else {
            lock(m).workers -= 1;
            return;
        };
        if let Err(e) = run(&job) {
            eprintln!(
                "hd: warning: hook \"{}\" for {}: {e}",
                job.hook.run, job.what
            );
        }
        lock(m).running -= 1;
    }
}

/// Runs one hook to its end or its timeout; what went wrong is the error.
fn run(job: &Job) -> Result<(), String> {
    use std::os::fd::AsFd;
    use std::os::unix::process::CommandExt;
    // The hook's output goes to our standard error: standard output belongs to
    // the command's own data (`hd new` prints the ticket number for scripts).
    let out = std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&job.hook.run)
        .env("HD_EVENT", &job.hook.on)
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(Stdio::inherit())
        // Its own process group, so a timeout kills whatever it started too.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    // Written on a thread: a hook that never reads must not stop the timeout.
    let writer = child.stdin.take().map(|mut stdin| {
        let payload = job.payload.clone();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&payload);
        })
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Ok(s),
            Ok(None) => {}
            Err(e) => break Err(format!("cannot wait for it: {e}")),
        }
        if start.elapsed() >= job.hook.timeout {
            kill_group(child.id());
            let _ = child.wait();
            break Err(format!(
                "still running after {}; killed",
                show_duration(job.hook.timeout)
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(w) = writer {
        // The pipe closed with the process, so the writer has returned.
        let _ = w.join();
    }
    let status = status?;
    if status.success() {
        Ok(())
    } else {
        Err(match status.code() {
            Some(c) => format!("exited with status {c}"),
            None => "killed by a signal".to_string(),
        })
    }
}

fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: kill(2) with a negative pid signals that process group only.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

fn show_duration(d: Duration) -> String {
    if d.subsec_millis() != 0 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_read_seconds_minutes_and_milliseconds() {
        assert_eq!(parse_timeout("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_timeout("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_timeout("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_timeout("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_timeout("0s"), None);
        assert_eq!(parse_timeout("soon"), None);
        assert_eq!(parse_timeout("3h"), None);
    }

    fn hook(on: &str, run: &str, timeout: Duration) -> Hook {
        Hook {
            on: on.into(),
            run: run.into(),
            timeout,
        }
    }

    #[test]
    fn hooks_get_the_payload_and_hung_ones_are_killed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let r = Runner::new(&[
            hook(
                "ticket.created",
                &format!(
                    "cat > {}; echo \"$HD_EVENT\" >> {}",
                    out.display(),
                    out.display()
                ),
                DEFAULT_TIMEOUT,
            ),
            hook("ticket.created", "sleep 30", Duration::from_millis(200)),
            hook("ticket.assigned", "exit 3", DEFAULT_TIMEOUT),
        ])
        .unwrap();
        let start = Instant::now();
        r.fire(
            "ticket.created",
            "ticket.created REQ-1",
            &serde_json::json!({"a": 1}),
        );
        r.fire("ticket.reopened", "nothing listens", &serde_json::json!({}));
        r.finish();
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the hung hook was not killed"
        );
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "{\"a\":1}\nticket.created\n"
        );
        assert!(r.wants("ticket.assigned"));
        assert!(!r.wants("sla.breached"));
    }
}
