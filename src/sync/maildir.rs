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
    /// Delivery time: the leading timestamp of its name (the Maildir
    /// convention), else the file's modification time.
    pub received: i64,
}

/// What a scan found: the messages, and the entries that could not be read.
pub struct Scan {
    /// Messages, oldest delivery first.
    pub entries: Vec<Entry>,
    /// One line per entry that could not be read (a dangling link, no permission).
    pub unreadable: Vec<String>,
}

/// The delivery time a Maildir file name starts with (`1763880000.M1P1.host`),
/// if it has one; a name's clock is the delivering agent's, kept across copies
/// and clones where modification times are not.
fn name_time(name: &str) -> Option<i64> {
    let digits = name.split(['.', '_']).next()?;
    if digits.len() < 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Lists the messages in new/ and cur/, oldest delivery first. Symbolic links
/// are followed; an entry that cannot be read is reported, not skipped.
pub fn scan(dir: &Path) -> Result<Scan, HdError> {
    if !dir.join("cur").is_dir() && !dir.join("new").is_dir() {
        return Err(tempfail(format!(
            "{} is not a Maildir (no cur/ or new/)",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
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
            // Follows a symbolic link to the message it names.
            let meta = match std::fs::metadata(e.path()) {
                Ok(m) => m,
                Err(err) => {
                    unreadable.push(format!("cannot read {}: {err}", e.path().display()));
                    continue;
                }
            };
            if !meta.is_file() {
                continue;
            }
            let received = name_time(&name).unwrap_or_else(|| {
                meta.modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs() as i64)
            });
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
    Ok(Scan {
        entries: out,
        unreadable,
    })
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

#[cfg(test)]
mod tests {
    use super::name_time;

    #[test]
    fn delivery_time_from_the_name() {
        assert_eq!(name_time("1763880000.M1P1.demo:2,S"), Some(1_763_880_000));
        assert_eq!(name_time("1763880000_0.1234.host"), Some(1_763_880_000));
        assert_eq!(name_time("msg1.eml"), None);
        assert_eq!(name_time("12.M1"), None);
    }
}
