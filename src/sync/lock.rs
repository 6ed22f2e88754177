//! One sync per database at a time: an advisory lock file beside an SQLite
//! database; on PostgreSQL, a session advisory lock held by a connection of
//! the lock's own, so two hosts never sync at once.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;

use crate::error::{HdError, failure, tempfail};

/// Held for the whole sync; released when dropped (or when the process dies).
pub struct SyncLock {
    _file: Option<File>,
    /// The session whose advisory locks are held; closing it lets them go.
    _session: Option<crate::db::Connection>,
}

/// PostgreSQL advisory lock keys: held by every sync, and by a watcher too.
const PG_SYNC_LOCK: i64 = 0x6864_0002;
const PG_WATCH_LOCK: i64 = 0x6864_0004;

/// What the lock file says while `hd sync --watch` holds it.
const WATCHER: &[u8] = b"hd sync --watch";

/// Takes the lock, waiting up to `wait`; a held lock after that is exit 75, and
/// so is a lock a watcher holds, at once: it will not be let go.
pub fn acquire(db: &Path, wait: Duration) -> Result<SyncLock, HdError> {
    take(db, wait, false)
}

/// Takes the lock for `hd sync --watch` and says so in the lock file, so a
/// cron `hd sync` meanwhile gives up at once instead of waiting.
pub fn acquire_for_watch(db: &Path) -> Result<SyncLock, HdError> {
    take(db, Duration::from_secs(5), true)
}

fn take(db: &Path, wait: Duration, watch: bool) -> Result<SyncLock, HdError> {
    if crate::store::is_postgres_url(db) {
        return take_pg(&db.to_string_lossy(), wait, watch);
    }
    let mut name = db.as_os_str().to_owned();
    name.push(".sync.lock");
    let path = std::path::PathBuf::from(name);
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| failure(format!("cannot open lock file {}: {e}", path.display())))?;
    let start = Instant::now();
    loop {
        match file.try_lock_exclusive() {
            Ok(true) => {
                use std::io::Write;
                // Only the holder writes; a failure leaves the waiting as it was.
                let _ = file.set_len(0);
                if watch {
                    let _ = (&file).write_all(WATCHER);
                }
                return Ok(SyncLock {
                    _file: Some(file),
                    _session: None,
                });
            }
            Ok(false) => {
                if std::fs::read(&path).is_ok_and(|b| b.starts_with(WATCHER)) {
                    return Err(tempfail(format!(
                        "hd sync --watch is running on {} and takes the mail as it arrives",
                        db.display()
                    ))
                    .hint("nothing to do; stop the watcher to sync by hand"));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => {
                return Err(failure(format!("cannot lock {}: {e}", path.display())));
            }
        }
        if start.elapsed() >= wait {
            return Err(tempfail(format!(
                "another hd sync is running on {} (lock {} held)",
                db.display(),
                path.display()
            ))
            .hint("cron will run it again; nothing was changed"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn take_pg(url: &str, wait: Duration, watch: bool) -> Result<SyncLock, HdError> {
    let shown = crate::store::pg::redact(url);
    let unreachable = |e: crate::db::Error| {
        tempfail(format!(
            "cannot connect to {shown} to take the sync lock: {e}"
        ))
    };
    let password = crate::store::pg::password(url).map_err(failure)?;
    let session =
        crate::db::Connection::connect_postgres(url, password.as_deref()).map_err(unreachable)?;
    let try_lock = |key: i64| -> Result<bool, HdError> {
        session
            .query_row("SELECT pg_try_advisory_lock(?1)", [key], |r| r.get(0))
            .map_err(unreachable)
    };
    let start = Instant::now();
    loop {
        if try_lock(PG_SYNC_LOCK)? {
            if watch && !try_lock(PG_WATCH_LOCK)? {
                return Err(failure(format!("cannot take the watch lock on {shown}")));
            }
            return Ok(SyncLock {
                _file: None,
                _session: Some(session),
            });
        }
        // The sync lock is held: by a watcher when the watch lock is too.
        if try_lock(PG_WATCH_LOCK)? {
            session
                .execute_batch(&format!("SELECT pg_advisory_unlock({PG_WATCH_LOCK})"))
                .map_err(unreachable)?;
        } else {
            return Err(tempfail(format!(
                "hd sync --watch is running on {shown} and takes the mail as it arrives"
            ))
            .hint("nothing to do; stop the watcher to sync by hand"));
        }
        if start.elapsed() >= wait {
            return Err(tempfail(format!(
                "another hd sync is running on {shown} (its advisory lock is held)"
            ))
            .hint("cron will run it again; nothing was changed"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
