//! Local Maildir source: files in new/ and cur/, moved to cur/ only after they are stored.

use std::path::{Path, PathBuf};

use crate::error::{HdError, failure, tempfail};

/// One message file found in the Maildir.
pub struct Entry {
    /// Its unique name (the part before `:`).
    pub key: String,
    /// Where it is now.
    pub path: PathBuf,
    /// Whether it is still in new/.
    pub in_new: bool,
    /// Delivery time: the file's modification time.
    pub received: i64,
}

/// Lists the messages in new/ and cur/, oldest delivery first.
pub fn scan(dir: &Path) -> Result<Vec<Entry>, HdError> {
    if !dir.join("cur").is_dir() && !dir.join("new").is_dir() {
        return Err(tempfail(format!(
            "{} is not a Maildir (no cur/ or new/)",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for (sub, in_new) in [("new", true), ("cur", false)] {
        let d = dir.join(sub);
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(failure(format!("cannot read {}: {e}", d.display()))),
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let received = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs() as i64);
            let key = name.split(':').next().unwrap_or(&name).to_string();
            out.push(Entry {
                key,
                path: e.path(),
                in_new,
                received,
            });
        }
    }
    out.sort_by(|a, b| a.received.cmp(&b.received).then_with(|| a.key.cmp(&b.key)));
    Ok(out)
}

/// Moves a stored message from new/ to cur/, marking it as seen by a client would not:
/// no flags are added, only the `:2,` info part the Maildir spec asks for.
pub fn mark_stored(dir: &Path, e: &Entry) -> std::io::Result<()> {
    if !e.in_new {
        return Ok(());
    }
    let name = e
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = if name.contains(":2,") {
        dir.join("cur").join(&name)
    } else {
        dir.join("cur").join(format!("{name}:2,"))
    };
    match std::fs::rename(&e.path, &target) {
        Ok(()) => Ok(()),
        // Someone else (a mail client) moved it already; it is stored, so that is fine.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}
