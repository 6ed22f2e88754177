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

/// Takes the lock, waiting up to `wait`; a held lock after that is exit 75.
pub fn acquire(db: &Path, wait: Duration) -> Result<SyncLock, HdError> {
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
            Ok(true) => return Ok(SyncLock { _file: file }),
            Ok(false) => {}
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
