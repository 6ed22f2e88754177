//! One sync per database at a time: an advisory lock file beside the database.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;

use crate::error::{HdError, failure, tempfail};

/// Held for the whole sync; released when dropped (or when the process dies).
pub struct SyncLock {
    _file: File,
}

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
                return Ok(SyncLock { _file: file });
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
