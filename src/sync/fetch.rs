//! Streaming `UID FETCH` of whole messages.
//!
//! The `imap` crate reads a response line by line and parses it again from its
//! start after each line, which for a message of thousands of lines costs more
//! CPU than storing it. This reader takes each `{N}` literal in one `read_exact`,
//! keeps one command ahead of the one being read (pipelining, so the server never
//! waits for us between batches) and hands each message on as soon as its
//! response is complete.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};

use chrono::DateTime;

/// One fetched message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Its UID.
    pub uid: u32,
    /// The raw RFC 822 bytes (empty when the server sent `NIL`).
    pub raw: Vec<u8>,
    /// INTERNALDATE, the server's receipt time (0 when missing).
    pub received: i64,
}

/// Why a fetch stopped.
#[derive(Debug)]
pub enum FetchError {
    /// The connection failed or timed out.
    Io(std::io::Error),
    /// The server refused the command (`NO` / `BAD`) or sent what IMAP does not allow.
    Protocol(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Io(e) => write!(f, "{e}"),
            FetchError::Protocol(m) => f.write_str(m),
        }
    }
}

impl From<std::io::Error> for FetchError {
    fn from(e: std::io::Error) -> Self {
        FetchError::Io(e)
    }
}

/// A literal larger than this is refused: no mail server stores a message this
/// big, and a corrupt length must not make us allocate without bound.
const MAX_LITERAL: usize = 1 << 30;

/// The text of one response (its lines without the literals) may not be longer:
/// a FETCH response's text is a few hundred bytes, and a server that sends an
/// endless line must not make us buffer it.
const MAX_TEXT: usize = 1 << 20;

/// Memory reserved for a literal before its bytes arrive: a length the server
/// announces but never sends costs no more than this.
const LITERAL_RESERVE: usize = 16 << 20;

/// Fetches `batches` (each a list of ascending UIDs) one command each, with the
/// next command already sent while a response is read. `reader` and `writer` are
/// two handles on the same connection. `each` receives every batch's UIDs and
/// messages in order; when it returns false no further command is sent and the
/// one in flight is read off, so the connection stays usable.
pub fn fetch_batches(
    reader: impl Read,
    mut writer: impl Write,
    tag_prefix: &str,
    batches: &[Vec<u32>],
    mut each: impl FnMut(&[u32], Vec<Fetched>) -> bool,
) -> Result<(), FetchError> {
    let mut r = Reader::new(reader);
    let mut in_flight: VecDeque<(String, usize)> = VecDeque::new();
    // Messages read but not yet handed on: a server may interleave the untagged
    // FETCH responses of pipelined commands (RFC 3501 5.5), so each message goes
    // to the batch its UID is in, once that batch's command has completed.
    let mut read: Vec<Fetched> = Vec::new();
    let mut next = 0;
    let mut stop = false;
    loop {
        // Keep two commands at the server: the one being read and the next.
        while !stop && next < batches.len() && in_flight.len() < 2 {
            let tag = format!("{tag_prefix}{}", next + 1);
            let cmd = format!(
                "{tag} UID FETCH {} (UID INTERNALDATE BODY.PEEK[])\r\n",
                uid_set(&batches[next])
            );
            writer.write_all(cmd.as_bytes())?;
            writer.flush()?;
            in_flight.push_back((tag, next));
            next += 1;
        }
        let Some((tag, i)) = in_flight.pop_front() else {
            return Ok(());
        };
        read.extend(r.read_fetch(&tag)?);
        let batch = &batches[i];
        let (mut mine, rest): (Vec<Fetched>, Vec<Fetched>) = read
            .drain(..)
            .partition(|f| batch.binary_search(&f.uid).is_ok());
        // Batches ascend: what is neither this batch's nor a later one's was
        // not asked for.
        let last = batch.last().copied().unwrap_or(0);
        read = rest.into_iter().filter(|f| f.uid > last).collect();
        mine.sort_by_key(|f| f.uid);
        mine.dedup_by_key(|f| f.uid);
        if !stop && !each(batch, mine) {
            stop = true;
        }
    }
}

/// Reads IMAP responses with their literals.
struct Reader<R> {
    inner: BufReader<R>,
    line: Vec<u8>,
}

/// One response: its text with a `{N}` marker where each literal was, where
/// those markers are (a `{N}` anywhere else is text), and the literals.
#[derive(Debug, Default)]
struct Response {
    text: Vec<u8>,
    markers: Vec<usize>,
    literals: Vec<Vec<u8>>,
}

/// A parsed token of a response line.
#[derive(Debug, PartialEq)]
enum Token {
    Atom(Vec<u8>),
    Quoted(Vec<u8>),
    Literal(usize),
    Open,
    Close,
}

impl<R: Read> Reader<R> {
    fn new(r: R) -> Self {
        Reader {
            inner: BufReader::with_capacity(256 * 1024, r),
            line: Vec::new(),
        }
    }

    /// Reads one line up to and without its CRLF (or LF), of at most `limit` bytes.
    fn read_line(&mut self, limit: usize) -> Result<(), FetchError> {
        self.line.clear();
        let n = (&mut self.inner)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Err(FetchError::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed by the server",
            )));
        }
        if self.line.last() != Some(&b'\n') {
            if n > limit {
                return Err(FetchError::Protocol(format!(
                    "the server sent a response line longer than {limit} bytes"
                )));
            }
            return Err(FetchError::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed by the server in the middle of a line",
            )));
        }
        while self.line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            self.line.pop();
        }
        Ok(())
    }

    /// Reads one whole response. A literal is announced only by `{N}` at the end
    /// of a line (RFC 3501 4.3); its bytes follow, then the line goes on.
    fn read_response(&mut self) -> Result<Response, FetchError> {
        let mut r = Response::default();
        loop {
            self.read_line(MAX_TEXT.saturating_sub(r.text.len()))?;
            let start = r.text.len();
            r.text.extend_from_slice(&self.line);
            let Some(len) = literal_len(&self.line) else {
                return Ok(r);
            };
            if len > MAX_LITERAL {
                return Err(FetchError::Protocol(format!(
                    "the server announced a literal of {len} bytes"
                )));
            }
            let open = self.line.iter().rposition(|&b| b == b'{').unwrap_or(0);
            r.markers.push(start + open);
            let mut lit = Vec::with_capacity(len.min(LITERAL_RESERVE));
            let got = (&mut self.inner).take(len as u64).read_to_end(&mut lit)?;
            if got < len {
                return Err(FetchError::Io(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!("connection closed by the server after {got} of a {len}-byte literal"),
                )));
            }
            r.literals.push(lit);
        }
    }

    /// Reads the responses to the command tagged `tag` until its completion,
    /// collecting the messages of its FETCH responses.
    fn read_fetch(&mut self, tag: &str) -> Result<Vec<Fetched>, FetchError> {
        let mut out = Vec::new();
        loop {
            let Response {
                text,
                markers,
                literals,
            } = self.read_response()?;
            if let Some(rest) = text.strip_prefix(b"* ") {
                if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"BYE") {
                    // The server is closing the connection; its reason is the error.
                    return Err(FetchError::Protocol(format!(
                        "the server closed the connection: {}",
                        String::from_utf8_lossy(&rest[..rest.len().min(200)]).trim()
                    )));
                }
                // Marker positions, relative to `rest`.
                let markers: Vec<usize> = markers.iter().map(|&m| m.saturating_sub(2)).collect();
                if let Some(f) = parse_fetch(rest, &markers, literals)? {
                    out.push(f);
                }
                continue;
            }
            if let Some(rest) = text
                .strip_prefix(tag.as_bytes())
                .and_then(|r| r.strip_prefix(b" "))
            {
                if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b"OK") {
                    return Ok(out);
                }
                return Err(FetchError::Protocol(format!(
                    "UID FETCH failed: {}",
                    String::from_utf8_lossy(&rest[..rest.len().min(200)])
                )));
            }
            return Err(FetchError::Protocol(format!(
                "unexpected response to UID FETCH: {}",
                String::from_utf8_lossy(&text[..text.len().min(80)])
            )));
        }
    }
}

/// The `N` of a line ending in `{N}` or `{N+}`.
fn literal_len(line: &[u8]) -> Option<usize> {
    let body = line.strip_suffix(b"}")?;
    let open = body.iter().rposition(|&b| b == b'{')?;
    let digits = &body[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Splits a response text into tokens; `markers` are the positions of the
/// `{N}` that stood for literals (any other `{` is part of an atom).
fn tokens(text: &[u8], markers: &[usize]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut lit = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b' ' => i += 1,
            b'(' => {
                out.push(Token::Open);
                i += 1;
            }
            b')' => {
                out.push(Token::Close);
                i += 1;
            }
            b'"' => {
                let mut s = Vec::new();
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    if text[i] == b'\\' && i + 1 < text.len() {
                        i += 1;
                    }
                    s.push(text[i]);
                    i += 1;
                }
                i += 1;
                out.push(Token::Quoted(s));
            }
            b'{' if markers.get(lit) == Some(&i) => {
                let end = text[i..].iter().position(|&b| b == b'}').unwrap_or(0);
                out.push(Token::Literal(lit));
                lit += 1;
                i += end + 1;
            }
            _ => {
                let start = i;
                // An atom runs to a space or parenthesis; `BODY[]` and
                // `BODY[HEADER.FIELDS (A B)]` keep their brackets.
                let mut depth = 0;
                while i < text.len() {
                    match text[i] {
                        b'[' => depth += 1,
                        b']' => depth -= 1,
                        b' ' | b'(' | b')' if depth <= 0 => break,
                        b'{' if markers.get(lit) == Some(&i) => break,
                        _ => {}
                    }
                    i += 1;
                }
                out.push(Token::Atom(text[start..i].to_vec()));
            }
        }
    }
    out
}

/// Reads `N FETCH (...)` into a message; other untagged responses (EXISTS,
/// EXPUNGE, a FETCH of flags only) give `None`.
fn parse_fetch(
    rest: &[u8],
    markers: &[usize],
    mut literals: Vec<Vec<u8>>,
) -> Result<Option<Fetched>, FetchError> {
    let toks = tokens(rest, markers);
    let is_fetch = matches!(toks.get(1), Some(Token::Atom(a)) if a.eq_ignore_ascii_case(b"FETCH"));
    if !is_fetch || toks.get(2) != Some(&Token::Open) {
        return Ok(None);
    }
    let mut uid = None;
    let mut raw = None;
    let mut received = 0;
    let mut i = 3;
    while i < toks.len() {
        let Token::Atom(name) = &toks[i] else {
            i += 1;
            continue;
        };
        let value = toks.get(i + 1);
        let name = name.to_ascii_uppercase();
        match (name.as_slice(), value) {
            (b"UID", Some(Token::Atom(v))) => {
                uid = std::str::from_utf8(v).ok().and_then(|v| v.parse().ok());
            }
            (b"INTERNALDATE", Some(Token::Quoted(v))) => {
                received = internal_date(&String::from_utf8_lossy(v)).unwrap_or(0);
            }
            (b"BODY[]" | b"RFC822", Some(Token::Literal(n))) => {
                raw = literals.get_mut(*n).map(std::mem::take);
            }
            (b"BODY[]" | b"RFC822", Some(Token::Quoted(v))) => raw = Some(v.clone()),
            (b"BODY[]" | b"RFC822", Some(Token::Atom(_))) => raw = Some(Vec::new()),
            (_, Some(Token::Open)) => {
                // A list value (FLAGS): skip to its end.
                let mut depth = 0;
                i += 1;
                while i < toks.len() {
                    match toks[i] {
                        Token::Open => depth += 1,
                        Token::Close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        i += 2;
    }
    match (uid, raw) {
        (Some(uid), Some(raw)) => Ok(Some(Fetched { uid, raw, received })),
        // A flags update the server slipped in: not ours.
        (_, None) => Ok(None),
        (None, Some(_)) => Err(FetchError::Protocol(
            "the server sent a message without its UID".to_string(),
        )),
    }
}

/// Parses an INTERNALDATE (`17-Jul-1996 02:44:25 -0700`, day maybe space-padded).
fn internal_date(s: &str) -> Option<i64> {
    DateTime::parse_from_str(s.trim(), "%d-%b-%Y %H:%M:%S %z")
        .ok()
        .map(|d| d.timestamp())
}

/// Compresses sorted UIDs into an IMAP sequence set: `1:5,7,9:12`.
pub fn uid_set(uids: &[u32]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
        assert_eq!(uid_set(&[]), "");
    }

    #[test]
    fn reads_literals_whole_and_keeps_a_command_ahead() {
        let msg1 = b"Subject: a\r\n\r\nline {3}\r\n) not the end\r\n";
        let msg2 = b"Subject: b\r\n\r\nx";
        let mut server = Vec::new();
        server.extend_from_slice(
            format!(
                "* 1 FETCH (UID 7 INTERNALDATE \" 2-Mar-2026 10:00:00 +0100\" BODY[] {{{}}}\r\n",
                msg1.len()
            )
            .as_bytes(),
        );
        server.extend_from_slice(msg1);
        server
            .extend_from_slice(b")\r\n* 3 EXISTS\r\n* 1 FETCH (FLAGS (\\Seen))\r\nF1 OK done\r\n");
        server.extend_from_slice(
            format!("* 2 FETCH (UID 9 BODY[] {{{}}}\r\n", msg2.len()).as_bytes(),
        );
        server.extend_from_slice(msg2);
        server
            .extend_from_slice(b" INTERNALDATE \"02-Mar-2026 11:00:00 +0000\")\r\nF2 OK done\r\n");
        let mut written = Vec::new();
        let mut got = Vec::new();
        fetch_batches(
            &server[..],
            &mut written,
            "F",
            &[vec![7], vec![9]],
            |uids, f| {
                got.push((uids.to_vec(), f));
                true
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&written),
            "F1 UID FETCH 7 (UID INTERNALDATE BODY.PEEK[])\r\nF2 UID FETCH 9 (UID INTERNALDATE BODY.PEEK[])\r\n"
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, vec![7]);
        assert_eq!(
            got[0].1,
            vec![Fetched {
                uid: 7,
                raw: msg1.to_vec(),
                received: 1_772_442_000
            }]
        );
        assert_eq!(got[1].1[0].raw, msg2.to_vec());
        assert_eq!(got[1].1[0].received, 1_772_449_200);
    }

    #[test]
    fn interleaved_responses_go_to_the_batch_of_their_uid() {
        // The server answers the second command's first message before it completes
        // the first command (both were sent at once).
        let server = b"* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\n\
* 3 FETCH (UID 3 BODY[] {1}\r\nc)\r\n\
* 2 FETCH (UID 2 BODY[] {1}\r\nb)\r\n\
F1 OK\r\n\
* 4 FETCH (UID 4 BODY[] {1}\r\nd)\r\n\
F2 OK\r\n";
        let mut got = Vec::new();
        fetch_batches(
            &server[..],
            Vec::new(),
            "F",
            &[vec![1, 2], vec![3, 4]],
            |uids, f| {
                got.push((uids.to_vec(), f.iter().map(|f| f.uid).collect::<Vec<_>>()));
                true
            },
        )
        .unwrap();
        assert_eq!(
            got,
            vec![(vec![1, 2], vec![1, 2]), (vec![3, 4], vec![3, 4])]
        );
    }

    #[test]
    fn a_refused_fetch_is_an_error_naming_the_reason() {
        let server = b"F1 NO [SERVERBUG] Internal error\r\n";
        let e = fetch_batches(&server[..], Vec::new(), "F", &[vec![1]], |_, _| true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "UID FETCH failed: NO [SERVERBUG] Internal error"
        );
    }

    #[test]
    fn a_connection_closed_mid_literal_is_an_io_error() {
        let server = b"* 1 FETCH (UID 1 BODY[] {100}\r\nshort";
        let e = fetch_batches(&server[..], Vec::new(), "F", &[vec![1]], |_, _| true).unwrap_err();
        assert!(matches!(e, FetchError::Io(_)), "{e:?}");
    }

    #[test]
    fn a_nil_body_is_an_empty_message() {
        let server = b"* 1 FETCH (UID 4 BODY[] NIL)\r\nF1 OK\r\n";
        let mut got = Vec::new();
        fetch_batches(&server[..], Vec::new(), "F", &[vec![4]], |_, f| {
            got.extend(f);
            true
        })
        .unwrap();
        assert_eq!(
            got,
            vec![Fetched {
                uid: 4,
                raw: Vec::new(),
                received: 0
            }]
        );
    }

    #[test]
    fn stopping_drains_the_command_in_flight() {
        let server =
            b"* 1 FETCH (UID 1 BODY[] {1}\r\na)\r\nF1 OK\r\n* 2 FETCH (UID 2 BODY[] {1}\r\nb)\r\nF2 OK\r\n";
        let mut written = Vec::new();
        let mut calls = 0;
        fetch_batches(
            &server[..],
            &mut written,
            "F",
            &[vec![1], vec![2], vec![3]],
            |_, _| {
                calls += 1;
                false
            },
        )
        .unwrap();
        assert_eq!(calls, 1);
        // The third command was never sent.
        assert_eq!(written.iter().filter(|&&b| b == b'\n').count(), 2);
        // The second one's response is read off: without it the stream ends early.
        let cut = &server[..server.len() - b"b)\r\nF2 OK\r\n".len()];
        let e = fetch_batches(cut, Vec::new(), "F", &[vec![1], vec![2]], |_, _| false).unwrap_err();
        assert!(matches!(e, FetchError::Io(_)), "{e:?}");
    }

    fn fetch_all(server: &[u8], batches: &[Vec<u32>]) -> Result<Vec<Fetched>, FetchError> {
        let mut got = Vec::new();
        fetch_batches(server, Vec::new(), "F", batches, |_, f| {
            got.extend(f);
            true
        })?;
        Ok(got)
    }

    #[test]
    fn a_brace_in_the_middle_of_a_line_is_text_not_a_literal() {
        // `{5}` inside a flag and a quoted string, then the real literal at the end.
        let server = b"* 1 FETCH (FLAGS (\\Seen x{5}) X-LABEL \"a {2} b\" UID 8 BODY[] {3}\r\nabc INTERNALDATE \"02-Mar-2026 11:00:00 +0000\")\r\nF1 OK\r\n";
        let got = fetch_all(server, &[vec![8]]).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].uid, 8);
        assert_eq!(got[0].raw, b"abc");
        assert_eq!(got[0].received, 1_772_449_200);
    }

    #[test]
    fn bye_keeps_its_text() {
        let server = b"* BYE Server shutting down for maintenance\r\n";
        let e = fetch_all(server, &[vec![1]]).unwrap_err();
        assert!(matches!(e, FetchError::Protocol(_)), "{e:?}");
        assert!(
            e.to_string()
                .contains("BYE Server shutting down for maintenance"),
            "{e}"
        );
    }

    #[test]
    fn bad_is_a_protocol_error() {
        let e = fetch_all(b"F1 BAD Command syntax error\r\n", &[vec![1]]).unwrap_err();
        assert!(matches!(e, FetchError::Protocol(_)), "{e:?}");
        assert_eq!(e.to_string(), "UID FETCH failed: BAD Command syntax error");
    }

    #[test]
    fn an_endless_line_is_refused_without_buffering_it() {
        let mut server = b"* 1 FETCH (UID 1 X ".to_vec();
        server.extend(std::iter::repeat_n(b'a', 10 << 20));
        server.extend_from_slice(b")\r\nF1 OK\r\n");
        let e = fetch_all(&server, &[vec![1]]).unwrap_err();
        assert!(matches!(e, FetchError::Protocol(_)), "{e:?}");
        assert!(e.to_string().contains("longer than"), "{e}");
    }

    #[test]
    fn a_huge_announced_literal_that_never_comes_is_an_io_error() {
        let server = b"* 1 FETCH (UID 1 BODY[] {900000000}\r\nonly this";
        let e = fetch_all(server, &[vec![1]]).unwrap_err();
        assert!(matches!(e, FetchError::Io(_)), "{e:?}");
        assert!(e.to_string().contains("of a 900000000-byte literal"), "{e}");
    }

    #[test]
    fn literal_lengths() {
        assert_eq!(literal_len(b"* 1 FETCH (BODY[] {12}"), Some(12));
        assert_eq!(literal_len(b"A {5+}"), Some(5));
        assert_eq!(literal_len(b"A {}"), None);
        assert_eq!(literal_len(b"A {x}"), None);
        assert_eq!(literal_len(b"OK done"), None);
    }
}
