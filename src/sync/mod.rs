//! `hd sync`: every mailbox's new mail into tickets, never losing or doubling a message.
//!
//! Per IMAP folder the UIDVALIDITY and last stored UID are committed in the same
//! transaction as the batch of messages they cover, so a sync killed at any
//! instant continues where the database says. Maildir files move to cur/ only
//! after the transaction that stored them committed.

pub mod fetch;
pub mod idle;
pub mod imap;
pub mod lock;
pub mod maildir;
pub mod reprocess;
pub mod watch;

use std::collections::HashSet;
use std::sync::mpsc::SyncSender;

use crate::config::{Config, MailboxConfig};
use crate::env::Env;
use crate::error::{HdError, failure, usage};
use crate::ingest::{Ingestor, Outcome};
use crate::mail::parse::{self, Parsed};
use crate::store::{Store, sync_state};

/// Messages fetched and committed at once. The imap crate re-reads a response
/// from its start as each line arrives, so smaller responses cost less CPU.
const BATCH: usize = 100;
/// Bytes of raw mail fetched at once: keeps memory flat with large attachments.
const BATCH_BYTES: u64 = 4 << 20;

/// What one sync did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Messages read from the sources.
    pub fetched: usize,
    /// Messages already stored (after a UIDVALIDITY change or a crash).
    pub duplicates: usize,
    /// New tickets made.
    pub new_tickets: usize,
    /// Messages threaded onto existing tickets.
    pub threaded: usize,
    /// Automatic mail (bounces, out-of-office, bulk).
    pub automatic: usize,
    /// Auto-replies (acknowledgements, rule auto-replies) queued.
    pub auto_replies: usize,
    /// Messages stored raw because parsing was partial: (ticket, reason).
    pub unparsed: Vec<(String, String)>,
    /// Dry-run lines.
    pub plan: Vec<String>,
}

impl Summary {
    /// The one-line account of a run (`-v`, and the last line of `--dry-run`).
    pub fn line(&self, failed_mailboxes: usize) -> String {
        format!(
            "fetched {}, new tickets {}, threaded {}, automatic {}, auto-replies {}, duplicates {}, unparsed {}, failed mailboxes {}",
            self.fetched,
            self.new_tickets,
            self.threaded,
            self.automatic,
            self.auto_replies,
            self.duplicates,
            self.unparsed.len(),
            failed_mailboxes
        )
    }

    fn count(&mut self, o: &Outcome) {
        self.fetched += 1;
        match o {
            Outcome::Duplicate => self.duplicates += 1,
            Outcome::Stored {
                ticket,
                new_ticket,
                automatic,
                parse_error,
                auto_replied,
            } => {
                if *auto_replied {
                    self.auto_replies += 1;
                }
                if *new_ticket {
                    self.new_tickets += 1;
                } else {
                    self.threaded += 1;
                }
                if *automatic {
                    self.automatic += 1;
                }
                if let Some(e) = parse_error {
                    self.unparsed.push((ticket.clone(), e.clone()));
                }
            }
        }
    }
}

/// Options of one run.
pub struct Options<'a> {
    /// Only this mailbox.
    pub mailbox: Option<&'a str>,
    /// Run against a throwaway copy of the database; touch no files, send nothing.
    pub dry_run: bool,
    /// Describe every message taken in [`Summary::plan`], as a dry run does.
    pub each: bool,
    /// Set when the process should stop: no further batch is started.
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
}

impl Options<'_> {
    fn stopping(&self) -> bool {
        self.stop
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The mailboxes a run reads: every one, or the one `--mailbox` names.
pub fn mailboxes<'c>(
    config: &'c Config,
    only: Option<&str>,
) -> Result<Vec<&'c MailboxConfig>, HdError> {
    Ok(match only {
        Some(name) => {
            let m = config
                .mailboxes
                .iter()
                .find(|m| m.name.get_ref() == name)
                .ok_or_else(|| {
                    usage(format!(
                        "unknown mailbox \"{name}\" (known: {})",
                        config
                            .mailboxes
                            .iter()
                            .map(|m| m.name.get_ref().as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            vec![m]
        }
        None => config.mailboxes.iter().collect(),
    })
}

/// Runs a sync of every (or one) mailbox into `store` (the caller holds the sync
/// lock). Returns what was done and each mailbox that failed; an error is a failure
/// of the database. With `dry_run` it runs against a copy of `store` that is thrown
/// away.
pub fn run(
    env: &impl Env,
    store: &mut Store,
    opts: &Options<'_>,
) -> anyhow::Result<(Summary, Vec<HdError>)> {
    let mailboxes = mailboxes(env.config(), opts.mailbox)?;
    if !opts.dry_run {
        store.background_checkpoints();
        // What an earlier hd stored without text is parsed again once.
        let redone = reprocess::flagged(store, env.config().decoding)?;
        if redone.messages > 0 {
            env.info(&format!(
                "parsed again {} stored messages that had no text; {} still parse only partially",
                redone.messages, redone.still_partial
            ));
        }
        return pass(env, store, &mailboxes, opts);
    }
    // A dry run is the real run against a copy of the database that is thrown
    // away: the same code commits batch after batch, so its numbers, threading,
    // distribution and auto-replies are exactly what the real run will make.
    // On PostgreSQL the copy is one transaction rolled back at the end, its
    // commits savepoints.
    if store.conn.is_postgres() {
        store
            .conn
            .begin_scratch()
            .map_err(|e| failure(format!("cannot start the dry run: {e}")))?;
        let r = pass(env, store, &mailboxes, opts);
        store
            .conn
            .end_scratch()
            .map_err(|e| failure(format!("cannot end the dry run: {e}")))?;
        return r;
    }
    let dir = tempfile::Builder::new()
        .prefix("hd-dry-run")
        .tempdir()
        .map_err(|e| failure(format!("cannot create a folder for the dry run: {e}")))?;
    let copy = dir.path().join("hd.db");
    sync_state::backup_to(&store.conn, &copy.to_string_lossy())
        .map_err(|e| failure(format!("cannot copy the database for the dry run: {e}")))?;
    let mut scratch = Store::open(&copy, false)?;
    pass(env, &mut scratch, &mailboxes, opts)
}

/// One round over `mailboxes` with the lock held, then what follows new mail:
/// distribution of freed slots, the SLA breach sweep, the outbox. Returns what
/// was done and each mailbox that failed; an error is a failure of the database.
pub fn pass(
    env: &impl Env,
    store: &mut Store,
    mailboxes: &[&MailboxConfig],
    opts: &Options<'_>,
) -> anyhow::Result<(Summary, Vec<HdError>)> {
    let ing = Ingestor::new(env.config(), env.now_ts())?;
    ing.compute_documents_with(store.connector());
    let mut summary = Summary::default();
    let mut errors: Vec<HdError> = Vec::new();
    for &mb in mailboxes {
        if opts.stopping() {
            break;
        }
        let r = if mb.maildir.is_some() {
            sync_maildir(env, store, &ing, mb, opts, &mut summary)
        } else {
            sync_imap(env, store, &ing, mb, opts, &mut summary)
        };
        // A first sync that failed half-way leaves nothing muted.
        store.mute_hooks(false);
        if let Err(e) = r {
            errors.push(e);
        }
    }
    // A dry run's copy of the database hands out and sweeps as the real run will.
    {
        let tx = store.write()?;
        crate::distribute::refill(env.config(), &tx, env.now_ts())?;
        crate::sla::store::sweep(env.config(), &tx, env.now_ts())?;
        tx.commit()?;
        store.committed();
    }
    if !opts.dry_run {
        // Mail that cannot go now stays in the outbox; fetching still succeeded.
        if let Err(e) = crate::outbox::send_due(env, store, false) {
            env.warn(&format!("outbox: {e}; the mail stays in the outbox"));
        }
        store.hand_over();
    }
    Ok((summary, errors))
}

fn db_err(name: &str, e: impl std::fmt::Display) -> HdError {
    failure(format!("mailbox {name}: database: {e}"))
}

/// One message read from a source and parsed, ready to store.
struct Message {
    /// The UID (IMAP) or the file's unique name (Maildir), for `--dry-run` lines.
    label: String,
    uid: Option<u32>,
    raw: Vec<u8>,
    parsed: Parsed,
    /// What the rules decide for it in its mailbox's queue.
    routed: crate::rules::Outcome,
    received: i64,
}

impl Message {
    /// What it holds in memory: the raw bytes and the decoded attachments.
    fn bytes(&self) -> u64 {
        let attached: usize = self.parsed.attachments.iter().map(|a| a.data.len()).sum();
        (self.raw.len() + attached) as u64
    }
}

/// Messages read and parsed together, stored in one transaction.
struct Batch<T> {
    messages: Vec<Message>,
    /// What the source needs after the commit (the Maildir entries to move).
    after: T,
}

/// Bytes of parsed mail that may wait between the reader and the writer.
/// A batch bigger than this (one big message: batches are cut at
/// [`BATCH_BYTES`]) is handed on alone, and nothing more is read until it is
/// stored, so a mailbox of 10 MB attachments holds one of them at a time.
const IN_FLIGHT_BYTES: u64 = 2 * BATCH_BYTES;

/// The reader's end of the [`pipeline`]: hands batches to the writer within
/// the [`IN_FLIGHT_BYTES`] budget.
struct Feed<T> {
    tx: SyncSender<(Batch<T>, u64)>,
    gate: std::sync::Arc<(std::sync::Mutex<u64>, std::sync::Condvar)>,
}

impl<T> Feed<T> {
    /// Sends a batch; false when the writer has stopped.
    fn send(&self, b: Batch<T>) -> bool {
        let size: u64 = b.messages.iter().map(Message::bytes).sum();
        let (lock, cv) = &*self.gate;
        let wait_until = |done: &dyn Fn(u64) -> bool| {
            let mut inflight = lock.lock().unwrap_or_else(|e| e.into_inner());
            while !done(*inflight) {
                inflight = cv.wait(inflight).unwrap_or_else(|e| e.into_inner());
            }
        };
        // Waits while what is queued and this would exceed the budget.
        wait_until(&|inflight| inflight == 0 || inflight + size <= IN_FLIGHT_BYTES);
        *lock.lock().unwrap_or_else(|e| e.into_inner()) += size;
        if self.tx.send((b, size)).is_err() {
            return false;
        }
        if size > IN_FLIGHT_BYTES / 2 {
            // A big batch: read nothing more until it is stored.
            wait_until(&|inflight| inflight == 0);
        }
        true
    }
}

/// Reading and parsing run on a second thread while this one writes the
/// previous batch, so fetching, parsing and SQLite overlap. At most `DEPTH`
/// batches and [`IN_FLIGHT_BYTES`] wait between them, which keeps memory flat.
fn pipeline<T: Send>(
    produce: impl FnOnce(&Feed<T>) -> Result<(), HdError> + Send,
    mut consume: impl FnMut(Batch<T>) -> Result<(), HdError>,
) -> Result<(), HdError> {
    const DEPTH: usize = 2;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Batch<T>, u64)>(DEPTH);
        let gate = std::sync::Arc::new((std::sync::Mutex::new(0u64), std::sync::Condvar::new()));
        let feed = Feed {
            tx,
            gate: gate.clone(),
        };
        let reader = s.spawn(move || produce(&feed));
        let mut stored = Ok(());
        let release = |size: u64| {
            let (lock, cv) = &*gate;
            let mut inflight = lock.lock().unwrap_or_else(|e| e.into_inner());
            *inflight = inflight.saturating_sub(size);
            cv.notify_all();
        };
        for (b, size) in rx.iter() {
            stored = consume(b);
            release(size);
            if stored.is_err() {
                break;
            }
        }
        // Hanging up stops the reader at its next batch; a reader waiting
        // for its big batch to be stored is released.
        drop(rx);
        release(u64::MAX);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(failure("the mail reader stopped unexpectedly")));
        stored.and(read)
    })
}

/// Parses a raw message into a [`Message`] and runs the rules on it.
fn message(
    rules: &[crate::rules::Rule],
    queue: &str,
    decoding: parse::Decoding,
    label: String,
    uid: Option<u32>,
    raw: Vec<u8>,
    received: i64,
) -> Message {
    let parsed = parse::parse_with(&raw, decoding);
    let routed = crate::ingest::route(rules, &parsed, queue);
    Message {
        label,
        uid,
        raw,
        parsed,
        routed,
        received,
    }
}

fn sync_maildir(
    env: &impl Env,
    store: &mut Store,
    ing: &Ingestor<'_>,
    mb: &MailboxConfig,
    opts: &Options<'_>,
    summary: &mut Summary,
) -> Result<(), HdError> {
    let name = mb.name.get_ref().as_str();
    let Some(dir) = &mb.maildir else {
        return Ok(());
    };
    let maildir::Scan {
        entries,
        unreadable,
    } = maildir::scan(dir).map_err(|e| HdError {
        msg: format!("mailbox {name}: {}", e.msg),
        ..e
    })?;
    // Reported now, and the run fails at its end; the rest is still stored.
    let failed_reads = std::sync::atomic::AtomicUsize::new(unreadable.len());
    for u in &unreadable {
        env.warn(&format!("mailbox {name}: {u}"));
    }
    let seen: HashSet<String> = sync_state::maildir_seen_keys(&store.conn, name)
        .map_err(|e| db_err(name, e))?
        .into_iter()
        .collect();
    // A Maildir's state is the set of names it stored; its first sync is
    // marked by a sync_state row (folder ''), written even when it is empty.
    let first = sync_state::is_first_sync(&store.conn, name, "").map_err(|e| db_err(name, e))?;
    // The first sync imports history: no hooks, no mail out for it.
    store.mute_hooks(first);
    ing.set_import(first);
    if first {
        sync_state::mark_maildir_synced(&store.conn, name).map_err(|e| db_err(name, e))?;
    }
    // Stored earlier but left in new/ by a crash between commit and rename.
    let (done, todo): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| seen.contains(&e.key));
    if !opts.dry_run {
        for e in done.iter().filter(|e| e.in_new) {
            let _ = maildir::mark_stored(dir, e);
        }
    }
    let pb = env.progress(todo.len() as u64, name);
    let (rules, queue) = (ing.rules.as_slice(), mb.queue.get_ref().as_str());
    let decoding = env.config().decoding;
    let produce = |out: &Feed<Vec<usize>>| {
        let mut messages = Vec::new();
        let mut entries = Vec::new();
        let mut bytes = 0u64;
        for (i, e) in todo.iter().enumerate() {
            let raw = match std::fs::read(&e.path) {
                Ok(r) => r,
                // Moved or deleted by a mail client since the scan: the next run sees it.
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => {
                    env.warn(&format!(
                        "mailbox {name}: cannot read {}: {err}",
                        e.path.display()
                    ));
                    failed_reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    continue;
                }
            };
            bytes += raw.len() as u64;
            messages.push(message(
                rules,
                queue,
                decoding,
                e.key.clone(),
                None,
                raw,
                e.received,
            ));
            entries.push(i);
            if opts.stopping() {
                return Ok(());
            }
            if messages.len() >= BATCH || bytes >= BATCH_BYTES {
                let b = Batch {
                    messages: std::mem::take(&mut messages),
                    after: std::mem::take(&mut entries),
                };
                bytes = 0;
                if !out.send(b) {
                    return Ok(());
                }
            }
        }
        if !messages.is_empty() {
            out.send(Batch {
                messages,
                after: entries,
            });
        }
        Ok(())
    };
    let consume = |b: Batch<Vec<usize>>| {
        let tx = ing.begin(store).map_err(|e| db_err(name, e))?;
        let parsed: Vec<&Parsed> = b.messages.iter().map(|m| &m.parsed).collect();
        ing.prefetch(&tx, mb, &parsed)
            .map_err(|e| db_err(name, e))?;
        for m in &b.messages {
            let o = ing
                .store(
                    &tx,
                    mb,
                    "",
                    None,
                    &m.raw,
                    &m.parsed,
                    Some(&m.routed),
                    m.received,
                )
                .map_err(|err| db_err(name, err))?;
            if opts.dry_run || opts.each {
                summary
                    .plan
                    .push(format!("{name}: {} → {}", m.label, o.describe()));
            }
            summary.count(&o);
        }
        // In the same transaction as the messages: seen exactly when stored.
        let labels: Vec<&str> = b.messages.iter().map(|m| m.label.as_str()).collect();
        sync_state::mark_maildir_seen(&tx, name, &labels).map_err(|err| db_err(name, err))?;
        ing.commit(tx).map_err(|e| db_err(name, e))?;
        store.committed();
        store.stored(b.messages.len());
        if !opts.dry_run {
            for e in b.after.iter().map(|&i| &todo[i]) {
                if let Err(err) = maildir::mark_stored(dir, e) {
                    env.warn(&format!(
                        "mailbox {name}: stored {} but could not move it to cur/: {err}",
                        e.path.display()
                    ));
                }
            }
        }
        if let Some(pb) = &pb {
            pb.inc(b.messages.len() as u64);
        }
        Ok(())
    };
    let r = pipeline(produce, consume);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    store.mute_hooks(false);
    r?;
    match failed_reads.into_inner() {
        0 => Ok(()),
        n => Err(failure(format!(
            "mailbox {name}: {n} {} could not be read (named above); everything else was stored",
            if n == 1 { "entry" } else { "entries" }
        ))),
    }
}

fn sync_imap(
    env: &impl Env,
    store: &mut Store,
    ing: &Ingestor<'_>,
    mb: &MailboxConfig,
    opts: &Options<'_>,
    summary: &mut Summary,
) -> Result<(), HdError> {
    let name = mb.name.get_ref().as_str();
    let Some(cfg) = &mb.imap else {
        return Ok(());
    };
    let password = imap::password(cfg, name)?;
    let mut session = imap::connect(cfg, name, &password)?;
    for folder in cfg.folder_list() {
        let state: Option<(u32, u32)> =
            sync_state::imap_state(&store.conn, name, &folder).map_err(|e| db_err(name, e))?;
        let (validity, after) = match state {
            Some((v, last)) => (v, last),
            None => (0, 0),
        };
        // A UIDVALIDITY change re-reads the folder, but it is no first sync.
        let first =
            sync_state::is_first_sync(&store.conn, name, &folder).map_err(|e| db_err(name, e))?;
        // The first sync imports history: no hooks for it.
        store.mute_hooks(first);
        ing.set_import(first);
        let (current, mut uids) = imap::new_uids(&mut session, name, &folder, after)?;
        if state.is_some() && current != validity {
            // The server renumbered the folder: read it all again; the store's
            // Message-ID + hash check drops what we already have.
            env.note(&format!(
                "mailbox {name}: folder {folder} UIDVALIDITY changed ({validity} → {current}); rescanning"
            ));
            uids = imap::new_uids(&mut session, name, &folder, 0)?.1;
        }
        let pb = env.progress(uids.len() as u64, name);
        if uids.is_empty() && state.is_none_or(|(v, _)| v != current) {
            sync_state::reset_imap_state(&store.conn, name, &folder, current)
                .map_err(|e| db_err(name, e))?;
        }
        let batches = imap::batches(&mut session, name, &uids, BATCH, BATCH_BYTES)?;
        let session = &mut session;
        let (rules, queue) = (ing.rules.as_slice(), mb.queue.get_ref().as_str());
        let decoding = env.config().decoding;
        let produce = |out: &Feed<u32>| {
            imap::fetch(session, name, &batches, |chunk, fetched| {
                let messages = fetched
                    .into_iter()
                    .map(|f| {
                        let label = format!("UID {}", f.uid);
                        message(
                            rules,
                            queue,
                            decoding,
                            label,
                            Some(f.uid),
                            f.raw,
                            f.received,
                        )
                    })
                    .collect();
                let last = chunk.last().copied().unwrap_or(after);
                out.send(Batch {
                    messages,
                    after: last,
                }) && !opts.stopping()
            })
        };
        let folder = folder.as_str();
        let consume = |b: Batch<u32>| {
            let tx = ing.begin(store).map_err(|e| db_err(name, e))?;
            let parsed: Vec<&Parsed> = b.messages.iter().map(|m| &m.parsed).collect();
            ing.prefetch(&tx, mb, &parsed)
                .map_err(|e| db_err(name, e))?;
            for m in &b.messages {
                let o = ing
                    .store(
                        &tx,
                        mb,
                        folder,
                        m.uid,
                        &m.raw,
                        &m.parsed,
                        Some(&m.routed),
                        m.received,
                    )
                    .map_err(|e| db_err(name, e))?;
                if opts.dry_run || opts.each {
                    summary
                        .plan
                        .push(format!("{name}/{folder}: {} → {}", m.label, o.describe()));
                }
                summary.count(&o);
            }
            sync_state::set_imap_state(&tx, name, folder, current, b.after)
                .map_err(|e| db_err(name, e))?;
            ing.commit(tx).map_err(|e| db_err(name, e))?;
            store.committed();
            store.stored(b.messages.len());
            if let Some(pb) = &pb {
                pb.inc(b.messages.len() as u64);
            }
            Ok(())
        };
        let r = pipeline(produce, consume);
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        store.mute_hooks(false);
        r?;
    }
    let _ = session.client.logout();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn batch(bytes: usize) -> Batch<()> {
        Batch {
            messages: vec![Message {
                label: String::new(),
                uid: None,
                raw: vec![0; bytes],
                parsed: parse::parse(b""),
                routed: crate::rules::Outcome::default(),
                received: 0,
            }],
            after: (),
        }
    }

    /// Counts batches between being read and being stored, like messages in memory.
    fn max_alive(sizes: &[usize]) -> usize {
        let alive = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let r = pipeline(
            |out: &Feed<()>| {
                for &size in sizes {
                    let now = alive.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    out.send(batch(size));
                }
                Ok(())
            },
            |_b| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                alive.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert!(r.is_ok());
        most.load(Ordering::SeqCst)
    }

    #[test]
    fn a_big_batch_is_alone_in_memory() {
        let big = (IN_FLIGHT_BYTES / 2 + 1) as usize;
        assert_eq!(max_alive(&[big, big, big, big]), 1);
        // Small batches overlap reading and storing.
        assert!(max_alive(&[1000; 8]) > 1);
    }
}
