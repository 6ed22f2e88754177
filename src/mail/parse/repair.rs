//! Byte-level repairs of broken MIME structure, made before (or after a first)
//! parse so that the text a mail client would show is found: a missing or
//! wrong boundary, part headers running into the body.

use std::sync::LazyLock;

use mail_parser::{HeaderName, Message, MimeHeaders, PartType};

use super::mime_type_of;

/// At most this many boundaries are looked at: real mail has a handful.
const MAX_BOUNDARIES: usize = 64;

/// A line that can be a header: a name of printable characters and a colon.
pub(super) static HEADER_LINE: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"^[!-9;-~]+:").expect("static regex"));

/// Offset just past the blank line that ends the header block, or the length when there is none.
pub(super) fn header_block_end(raw: &[u8]) -> usize {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'\n', &raw[i..]) {
        let nl = i + p;
        match raw.get(nl + 1) {
            Some(b'\n') => return nl + 2,
            Some(b'\r') if raw.get(nl + 2) == Some(&b'\n') => return nl + 3,
            _ => {}
        }
        i = nl + 1;
    }
    raw.len()
}

/// The boundaries declared anywhere in the message, in order of appearance.
fn declared_boundaries(raw: &[u8]) -> Vec<Vec<u8>> {
    static BOUNDARY: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)\bboundary\s*=\s*(?:"([^"\r\n]+)"|([^\s";]+))"#)
            .expect("static regex")
    });
    let mut out: Vec<Vec<u8>> = Vec::new();
    for caps in BOUNDARY.captures_iter(raw) {
        if let Some(b) = caps.get(1).or_else(|| caps.get(2)) {
            let b = b.as_bytes().to_vec();
            if !out.contains(&b) {
                out.push(b);
                if out.len() >= MAX_BOUNDARIES {
                    break;
                }
            }
        }
    }
    out
}

/// Offsets of the lines right after each delimiter line (`--boundary`, not
/// the closing `--boundary--`) of the declared boundaries, sorted.
fn part_starts(raw: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    for boundary in declared_boundaries(raw) {
        let mut needle = b"\n--".to_vec();
        needle.extend_from_slice(&boundary);
        let finder = memchr::memmem::Finder::new(&needle);
        let mut candidates: Vec<usize> = finder.find_iter(raw).map(|p| p + 1).collect();
        if raw.starts_with(&needle[1..]) {
            candidates.insert(0, 0);
        }
        for at in candidates {
            let rest = &raw[at + 2 + boundary.len()..];
            if rest.starts_with(b"--") {
                continue;
            }
            // Only blanks may follow the boundary on its line.
            let Some(nl) = memchr::memchr(b'\n', rest) else {
                continue;
            };
            if rest[..nl].iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                starts.push(at + 2 + boundary.len() + nl + 1);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The header blocks of the MIME parts: from each part's start to just past
/// its blank line (or to the first line that cannot be a header).
pub(super) fn header_blocks(raw: &[u8]) -> Vec<(usize, usize)> {
    part_starts(raw)
        .into_iter()
        .map(|start| (start, part_header_end(raw, start).0))
        .collect()
}

/// Where the header block of a part starting at `start` ends, and whether it
/// ends without the blank line (the headers run into the body).
fn part_header_end(raw: &[u8], start: usize) -> (usize, bool) {
    let mut at = start;
    while at < raw.len() {
        let end = memchr::memchr(b'\n', &raw[at..]).map_or(raw.len(), |p| at + p + 1);
        let line = &raw[at..end];
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            return (end, false);
        }
        let continuation = at > start && matches!(content[0], b' ' | b'\t');
        if !continuation && !HEADER_LINE.is_match(content) {
            return (at, at > start || !content.starts_with(b"--"));
        }
        at = end;
    }
    (raw.len(), false)
}

/// Puts the missing blank line between a part's headers and its body where
/// the body runs straight on after the headers. `None` when none is missing.
pub(super) fn separate_part_headers(raw: &[u8]) -> Option<(Vec<u8>, String)> {
    let mut inserts = Vec::new();
    for start in part_starts(raw) {
        let (end, run_on) = part_header_end(raw, start);
        if run_on {
            inserts.push(end);
        }
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(raw.len() + inserts.len() * 2);
    let mut at = 0;
    for &i in &inserts {
        out.extend_from_slice(&raw[at..i]);
        out.extend_from_slice(b"\r\n");
        at = i;
    }
    out.extend_from_slice(&raw[at..]);
    let note = if inserts.len() == 1 {
        "a part's headers run into its body; split at the first line that is not a header"
            .to_string()
    } else {
        format!(
            "{} parts' headers run into their bodies; split at the first line that is not a header",
            inserts.len()
        )
    };
    Some((out, note))
}

pub(super) enum Repair {
    /// The message re-built with a guessed boundary, and a note for `parse_error`.
    Rebuilt(Vec<u8>, String),
    /// A multipart whose parts cannot be found: its body is the text.
    Impossible(String),
}

/// A top-level multipart whose boundary is missing or never used: guess the
/// boundary from the first `--token` line of the body and re-build the
/// Content-Type header; with no such line, the body is its text.
pub(super) fn repair_boundary(message: &Message<'_>, buf: &[u8]) -> Option<Repair> {
    let root = message.root_part();
    let ct = root.content_type()?;
    if !ct.ctype().eq_ignore_ascii_case("multipart") {
        return None;
    }
    let declared = ct.attribute("boundary");
    if declared.is_some() && matches!(root.body, PartType::Multipart(_)) {
        return None;
    }
    let mime = mime_type_of(ct.ctype(), ct.subtype());
    let header = root
        .headers
        .iter()
        .find(|h| matches!(h.name, HeaderName::ContentType))?;
    let body = buf.get(root.offset_body as usize..)?;
    let guess = body
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find_map(|line| {
            let token = line.strip_prefix(b"--")?;
            let token = token.strip_suffix(b"--").unwrap_or(token);
            let ok = !token.is_empty()
                && token.len() <= 70
                && token.iter().all(|b| b.is_ascii_graphic() && *b != b'"');
            ok.then(|| String::from_utf8_lossy(token).into_owned())
        })
        .filter(|g| Some(g.as_str()) != declared);
    let Some(boundary) = guess else {
        return Some(Repair::Impossible(match declared {
            None => format!("{mime} without a boundary; the body is kept as text"),
            Some(b) => {
                format!("{mime} has no parts delimited by \"{b}\"; the body is kept as text")
            }
        }));
    };
    let start = header.offset_field as usize;
    let end = header_line_end(buf, header.offset_end as usize);
    if start > end || end > buf.len() {
        return None;
    }
    let mut rebuilt = Vec::with_capacity(buf.len() + boundary.len() + 40);
    rebuilt.extend_from_slice(&buf[..start]);
    rebuilt
        .extend_from_slice(format!("Content-Type: {mime}; boundary=\"{boundary}\"\r\n").as_bytes());
    rebuilt.extend_from_slice(&buf[end..]);
    let note = match declared {
        None => format!("{mime} without a boundary; guessed \"{boundary}\""),
        Some(d) => format!("{mime} declares boundary \"{d}\" but its parts use \"{boundary}\""),
    };
    Some(Repair::Rebuilt(rebuilt, note))
}

/// Index just past the newline that ends a header value starting before `from`.
fn header_line_end(buf: &[u8], from: usize) -> usize {
    let from = from.min(buf.len());
    if from > 0 && buf[from - 1] == b'\n' {
        return from;
    }
    buf[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(buf.len(), |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_on_headers_get_their_blank_line() {
        let raw = b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\nHello there\r\n--b--\r\n";
        let (fixed, note) = separate_part_headers(raw).expect("repaired");
        assert_eq!(
            fixed,
            b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello there\r\n--b--\r\n"
        );
        assert!(note.contains("run into"), "{note}");
        // Well-formed parts and a nested multipart's delimiter are left alone.
        let ok = b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\n--b--\r\n";
        assert!(separate_part_headers(ok).is_none());
    }

    #[test]
    fn header_blocks_of_parts() {
        let raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n";
        let blocks = header_blocks(raw);
        assert_eq!(blocks.len(), 1);
        let (s, e) = blocks[0];
        assert_eq!(&raw[s..e], b"Content-Type: text/plain\n\n");
    }
}
