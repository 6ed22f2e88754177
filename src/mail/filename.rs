//! Saving attachments: names that cannot leave the chosen folder, and files
//! that never overwrite another.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest file name written, in bytes: below the 255 of common file systems,
/// with room for a ` (99)` suffix.
const MAX_BYTES: usize = 200;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name safe to create: one path component, no leading dot, no control
/// or invisible characters, not a Windows device name, at most [`MAX_BYTES`] bytes.
pub fn safe(name: &str) -> String {
    let mut name = crate::mail::parse::sanitize_filename(name, "attachment");
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name = format!("_{name}");
    }
    truncate_bytes(&name, MAX_BYTES)
}

/// Cuts a name to `max` bytes on a character boundary, keeping a short extension.
fn truncate_bytes(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 16);
    let room = max - ext.map_or(0, |e| e.len() + 1);
    let mut stem = String::new();
    for ch in name.chars() {
        if stem.len() + ch.len_utf8() > room {
            break;
        }
        stem.push(ch);
    }
    match ext {
        Some(e) => format!("{}.{e}", stem.trim_end()),
        None => stem,
    }
}

/// `name (n).ext` for the n-th alternative of a taken name.
fn numbered(name: &str, n: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

/// Writes `data` to a new file `name` in `dir`, readable only by its owner; a
/// taken name becomes `name (1).ext`, `name (2).ext`, ... Returns the path written.
///
/// The file is created exclusively, so an existing file (or a symlink planted
/// under the name) is never written through.
pub fn write_new(dir: &Path, name: &str, data: &[u8]) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    for n in 0..10_000 {
        let candidate = if n == 0 {
            name.to_string()
        } else {
            numbered(name, n)
        };
        let path = dir.join(&candidate);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(mut f) => {
                if let Err(e) = f.write_all(data).and_then(|()| f.sync_all()) {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("{name} and 10000 numbered variants exist"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_one_harmless_component() {
        assert_eq!(safe("../../etc/x"), "x");
        assert_eq!(safe(".bashrc"), "bashrc");
        assert_eq!(safe("a\u{1b}[31mb\n.pdf"), "a[31mb.pdf");
        assert_eq!(safe("CON"), "_CON");
        assert_eq!(safe("nul.txt"), "_nul.txt");
        assert_eq!(safe("console.txt"), "console.txt");
        assert_eq!(safe(".."), "attachment");
        let long = format!("{}.pdf", "ž".repeat(150));
        let s = safe(&long);
        assert!(s.len() <= MAX_BYTES && s.ends_with(".pdf"), "{s}");
        for n in [safe("../../etc/x"), safe(&long), safe("a/b\\c")] {
            assert!(!n.contains('/') && !n.starts_with('.'), "{n}");
        }
    }

    #[test]
    fn taken_names_are_numbered_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new(dir.path(), "f.pdf", b"one").unwrap();
        let b = write_new(dir.path(), "f.pdf", b"two").unwrap();
        let c = write_new(dir.path(), "README", b"x").unwrap();
        let d = write_new(dir.path(), "README", b"y").unwrap();
        assert_eq!(a.file_name().unwrap(), "f.pdf");
        assert_eq!(b.file_name().unwrap(), "f (1).pdf");
        assert_eq!(d.file_name().unwrap(), "README (1)");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&c).unwrap(), b"x");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&b).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
