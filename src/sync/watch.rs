//! `hd sync --watch`: one long-running sync that takes mail as it arrives.
//!
//! The watcher holds the sync lock for its whole life. A thread per IMAP
//! folder keeps an IDLE connection (see [`super::idle`]) and an inotify watch
//! covers each Maildir; both only say *which* mailbox may have mail, and the
//! mail is taken by the same [`super::pass`] as `hd sync`, so threading,
//! rules, distribution and the never-lose/never-double guarantees are the
//! same. Between arrivals the watcher wakes for the outbox's retries and for
//! SLA due times, so a breach is recorded when it happens.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::config::MailboxConfig;
use crate::env::{At, Env};
use crate::error::HdError;

/// How often the outbox and the SLA sweep run when nothing else wakes the watcher.
const HOUSEKEEPING: Duration = Duration::from_secs(15);

/// Longest wait on the wake channel, so a stop request is seen quickly.
const TICK: Duration = Duration::from_millis(250);

/// Options of `hd sync --watch`.
pub struct WatchOptions<'a> {
    /// Only this mailbox.
    pub mailbox: Option<&'a str>,
    /// How often servers without IDLE (and Maildirs inotify cannot watch) are read.
    pub interval: Duration,
}

/// Why the watcher woke.
enum Wake {
    /// Mailbox (by index) may have new mail.
    Mail(usize),
    /// Mailbox's connection failed; its thread is reconnecting.
    Down(usize, HdError),
    /// Mailbox refused the login at the start.
    Refused(HdError),
}

/// Runs until SIGTERM or SIGINT, then finishes the batch in hand and returns.
/// The caller holds the watcher's sync lock. `after_pass` runs after every round
/// (the command layer starts the hooks there).
pub fn run(
    env: &impl Env,
    store: &mut crate::store::Store,
    opts: &WatchOptions<'_>,
    after_pass: &dyn Fn(),
) -> anyhow::Result<()> {
    let mailboxes = super::mailboxes(env.config(), opts.mailbox)?;
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| crate::error::failure(format!("cannot handle signals: {e}")))?;
    }
    store.background_checkpoints();
    // The clock moves from `HD_NOW` (or the system clock) at the watcher's start.
    let started = Instant::now();
    let start = env.now_ts();
    let now = || start + i64::try_from(started.elapsed().as_secs()).unwrap_or(0);
    let at_now = || At { env, now: now() };
    let stamp = || stamp(env.config().timezone, now());
    let log = |msg: &str| env.note(&format!("{} {msg}", stamp()));

    let (tx, rx) = std::sync::mpsc::channel::<Wake>();
    let mut threads = Vec::new();
    // Kept alive for the watcher's life: dropping one ends its inotify watch.
    let mut inotify = Vec::new();
    for (i, mb) in mailboxes.iter().enumerate() {
        if let Some(cfg) = &mb.imap {
            let name = mb.name.get_ref().clone();
            let password = super::imap::password(cfg, &name)?;
            for folder in cfg.folder_list() {
                let (cfg, name, password, stop, tx) = (
                    cfg.clone(),
                    name.clone(),
                    password.clone(),
                    Arc::clone(&stop),
                    tx.clone(),
                );
                let interval = opts.interval;
                let t = std::thread::Builder::new()
                    .name(format!("idle {name}/{folder}"))
                    .spawn(move || {
                        super::idle::watch(
                            &cfg,
                            &name,
                            &password,
                            &folder,
                            interval,
                            &stop,
                            &|r| {
                                let _ = tx.send(match r {
                                    super::idle::Report::Mail => Wake::Mail(i),
                                    super::idle::Report::Down(e) => Wake::Down(i, e),
                                    super::idle::Report::Refused(e) => Wake::Refused(e),
                                });
                            },
                        );
                    })
                    .map_err(|e| crate::error::failure(format!("cannot start a thread: {e}")))?;
                threads.push(t);
            }
        } else if let Some(dir) = &mb.maildir {
            match watch_maildir(dir, i, tx.clone()) {
                Ok(w) => inotify.push(w),
                Err(e) => {
                    env.warn(&format!(
                        "mailbox {}: cannot watch {} ({e}); reading it every {} s",
                        mb.name.get_ref(),
                        dir.display(),
                        opts.interval.as_secs()
                    ));
                    let (stop, tx, interval) = (Arc::clone(&stop), tx.clone(), opts.interval);
                    threads.push(std::thread::spawn(move || {
                        while !stop.load(Ordering::SeqCst) {
                            let end = Instant::now() + interval;
                            while Instant::now() < end && !stop.load(Ordering::SeqCst) {
                                std::thread::sleep(TICK);
                            }
                            let _ = tx.send(Wake::Mail(i));
                        }
                    }));
                }
            }
        }
    }
    drop(tx);

    let sync_opts = |each| super::Options {
        mailbox: None,
        dry_run: false,
        each,
        stop: Some(stop.as_ref()),
    };
    // Mailboxes whose connection is down, and since when: one line an outage.
    let mut down: BTreeMap<usize, Instant> = BTreeMap::new();
    let mut dirty: BTreeSet<usize> = (0..mailboxes.len()).collect();
    let mut next_housekeeping = Instant::now();
    // Every mailbox is read every interval too: a safety net under IDLE and
    // inotify (a notification lost, mail filed straight into a Maildir's cur/).
    let mut next_poll = Instant::now() + opts.interval;
    let mut next_due: Option<i64> = None;
    let mut result = Ok(());
    while !stop.load(Ordering::SeqCst) {
        if Instant::now() >= next_poll {
            dirty.extend(0..mailboxes.len());
            next_poll = Instant::now() + opts.interval;
        }
        // A due time is missed once it is past (the sweep asks `due < now`).
        let sla_due = next_due.is_some_and(|d| d < now());
        if !dirty.is_empty() || sla_due || Instant::now() >= next_housekeeping {
            let c = at_now();
            let todo: Vec<&MailboxConfig> = std::mem::take(&mut dirty)
                .into_iter()
                .map(|i| mailboxes[i])
                .collect();
            let (summary, errors) = super::pass(&c, store, &todo, &sync_opts(env.verbose()))?;
            for line in &summary.plan {
                log(line);
            }
            for e in errors {
                let i = mailboxes
                    .iter()
                    .position(|m| e.msg.starts_with(&format!("mailbox {}:", m.name.get_ref())));
                match i {
                    Some(i) if down.contains_key(&i) => {}
                    Some(i) => {
                        env.warn(&format!("{}; reconnecting", e.msg));
                        down.insert(i, Instant::now());
                    }
                    None => env.warn(&e.msg),
                }
            }
            after_pass();
            next_due = next_sla_due(&c, store);
            next_housekeeping = Instant::now() + HOUSEKEEPING;
        }
        let mut wait = next_housekeeping.saturating_duration_since(Instant::now());
        if let Some(d) = next_due {
            let secs = u64::try_from((d + 1 - now()).max(0)).unwrap_or(0);
            wait = wait.min(Duration::from_secs(secs));
        }
        match next_wake(&rx, wait.min(TICK)) {
            Ok(wakes) => {
                for w in wakes {
                    match w {
                        Wake::Mail(i) => {
                            if let Some(since) = down.remove(&i) {
                                env.info(&format!(
                                    "{} mailbox {}: reconnected after {} s",
                                    stamp(),
                                    mailboxes[i].name.get_ref(),
                                    since.elapsed().as_secs()
                                ));
                            }
                            dirty.insert(i);
                        }
                        Wake::Down(i, e) => {
                            if let std::collections::btree_map::Entry::Vacant(v) = down.entry(i) {
                                env.warn(&format!("{}; reconnecting", e.msg));
                                v.insert(Instant::now());
                            }
                        }
                        Wake::Refused(e) => {
                            stop.store(true, Ordering::SeqCst);
                            result = Err(e.into());
                        }
                    }
                }
            }
            Err(()) => {
                // Every source is gone (no mailboxes, or all threads ended).
                if threads.iter().all(std::thread::JoinHandle::is_finished) && inotify.is_empty() {
                    std::thread::sleep(TICK);
                }
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    drop(inotify);
    // Threads log out politely when they can; one stuck in a connect to a
    // silent server is not waited for past a moment (the process ends it).
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline && !threads.iter().all(std::thread::JoinHandle::is_finished) {
        std::thread::sleep(Duration::from_millis(20));
    }
    for t in threads
        .into_iter()
        .filter(std::thread::JoinHandle::is_finished)
    {
        let _ = t.join();
    }
    store.hand_over();
    after_pass();
    log("stopped");
    result
}

/// Waits up to `wait` for a wake-up and takes every other one already queued;
/// `Err` when no sender is left.
fn next_wake(rx: &Receiver<Wake>, wait: Duration) -> Result<Vec<Wake>, ()> {
    let first = match rx.recv_timeout(wait) {
        Ok(w) => w,
        Err(RecvTimeoutError::Timeout) => return Ok(Vec::new()),
        Err(RecvTimeoutError::Disconnected) => return Err(()),
    };
    let mut all = vec![first];
    all.extend(rx.try_iter());
    Ok(all)
}

/// When the next SLA due time passes (first response, resolution or next response).
fn next_sla_due(c: &impl Env, store: &crate::store::Store) -> Option<i64> {
    let now = c.now_ts();
    let a = crate::sla::store::next_due(&store.conn, now).ok().flatten();
    let b = crate::sla::store::sweep_next_responses(c.config(), &store.conn, now)
        .ok()
        .and_then(|(_, ahead)| ahead);
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Local time for log lines.
fn stamp(tz: chrono_tz::Tz, ts: i64) -> String {
    use chrono::TimeZone;
    match tz.timestamp_opt(ts, 0).single() {
        Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => ts.to_string(),
    }
}

/// Watches a Maildir's new/ and cur/ with inotify, waking mailbox `i`.
fn watch_maildir(
    dir: &std::path::Path,
    i: usize,
    tx: Sender<Wake>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let tx = std::sync::Mutex::new(tx);
    let mut w = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        use notify::event::{EventKind, ModifyKind, RenameMode};
        // Files arriving, not our own moves of stored mail out of new/.
        let wanted = match &e {
            Ok(ev) => matches!(
                ev.kind,
                EventKind::Create(_)
                    | EventKind::Modify(ModifyKind::Name(
                        RenameMode::To | RenameMode::Both | RenameMode::Any
                    ))
            ),
            Err(_) => true,
        };
        if wanted {
            let _ = tx
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(Wake::Mail(i));
        }
    })?;
    // Delivery is into new/; what a mail client files into cur/ by itself is
    // read at the next poll.
    w.watch(&dir.join("new"), notify::RecursiveMode::NonRecursive)?;
    Ok(w)
}
