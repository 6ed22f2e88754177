//! Inbound mail parsing that never fails: whatever arrives becomes a
//! [`Parsed`] message, with `parse_error` saying what could not be read.
//!
//! Real mail is messy (8-bit headers, missing boundaries, no headers at all),
//! and the raw bytes are always stored beside the result, so every function
//! here salvages what it can instead of giving up. The text is what a mail
//! client would show ([`text`], [`html`]); broken structure is repaired
//! first ([`repair`]); undeclared charsets are detected ([`charset`]).

mod address;
mod attachments;
mod bounce;
mod charset;
mod html;
mod repair;
mod text;

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, Utc};
use mail_parser::parsers::MessageStream;
use mail_parser::{
    Address, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use sha2::{Digest, Sha256};

use crate::mail::loopguard;

pub use attachments::{Attachment, MAX_ATTACHMENT_NAME, sanitize_filename};
pub use bounce::bounce_reason;
pub use charset::{DEFAULT_FALLBACK as DEFAULT_FALLBACK_CHARSET, Decoding};

use charset::Detected;
use repair::{Repair, header_block_end};

/// What [`Parsed::parse_error`] says of a message whose text came out empty
/// though its body is not, so `hd sync --reprocess` finds it.
pub const EMPTY_TEXT: &str = "no text found in a body that is not empty";

/// Everything hd needs from one inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Message-ID without `<>`, or `<sha256 prefix>@hd.invalid` when the message has none.
    pub message_id: String,
    /// Whether the Message-ID came from the message rather than from its hash.
    pub has_message_id: bool,
    /// SHA-256 of the raw bytes, lower-case hex.
    pub hash: String,
    /// In-Reply-To IDs without `<>`.
    pub in_reply_to: Vec<String>,
    /// References IDs without `<>`, oldest first.
    pub references: Vec<String>,
    /// Sender address in lower case.
    pub from_addr: Option<String>,
    /// Sender display name, decoded.
    pub from_name: Option<String>,
    /// To addresses in lower case.
    pub to: Vec<String>,
    /// Cc addresses in lower case.
    pub cc: Vec<String>,
    /// Reply-To address in lower case.
    pub reply_to: Option<String>,
    /// Subject, decoded; empty when missing.
    pub subject: String,
    /// Date header in UTC (informational: hd orders by arrival time).
    pub date: Option<DateTime<Utc>>,
    /// Body text with LF line ends: the first text/plain part, else the HTML as text.
    pub text: String,
    /// Attachments, inline images and attached messages (`.eml`) in MIME order.
    pub attachments: Vec<Attachment>,
    /// All top-level headers, in order, names as sent and values decoded and unfolded.
    pub headers: Vec<(String, String)>,
    /// Why the message is automatic (`Auto-Submitted: auto-replied`); `None` for a person.
    pub automatic: Option<String>,
    /// For a delivery failure report, the Message-ID (without `<>`) of the returned message.
    pub bounce_of: Option<String>,
    /// What could not be parsed; subject and text then hold what was salvaged.
    pub parse_error: Option<String>,
}

impl Parsed {
    /// Looks up a header value by name, case-insensitively (the first one wins).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses raw RFC 5322 bytes. Never fails and never panics on any input.
pub fn parse(raw: &[u8]) -> Parsed {
    parse_with(raw, Decoding::default())
}

/// [`parse`] with a configured fallback charset for undeclared 8-bit text.
pub fn parse_with(raw: &[u8], decoding: Decoding) -> Parsed {
    let hash = hex::encode(Sha256::digest(raw));
    let mut parsed = Parsed {
        message_id: synthetic_message_id(&hash),
        has_message_id: false,
        hash,
        in_reply_to: Vec::new(),
        references: Vec::new(),
        from_addr: None,
        from_name: None,
        to: Vec::new(),
        cc: Vec::new(),
        reply_to: None,
        subject: String::new(),
        date: None,
        text: String::new(),
        attachments: Vec::new(),
        headers: Vec::new(),
        automatic: None,
        bounce_of: None,
        parse_error: None,
    };
    let mut problems: Vec<String> = Vec::new();
    let head_end = header_block_end(raw);
    let detected = undeclared_charset(raw, head_end, decoding);

    // mail-parser reads header bytes as lossy UTF-8, so legacy 8-bit headers are transcoded first.
    let mut prepared = charset::transcode_8bit_headers(raw, decoding);
    let header_only = head_end == raw.len();
    if header_only && !raw.is_empty() && !raw.ends_with(b"\n") {
        // A last header cut off without its newline is otherwise dropped by mail-parser.
        let mut owned = prepared.unwrap_or_else(|| raw.to_vec());
        owned.extend_from_slice(b"\r\n");
        prepared = Some(owned);
    }
    if let Some((separated, note)) =
        repair::separate_part_headers(prepared.as_deref().unwrap_or(raw))
    {
        problems.push(note);
        prepared = Some(separated);
    }
    let buf: &[u8] = prepared.as_deref().unwrap_or(raw);

    match parse_mime(buf) {
        Ok(Some(message)) if !message.root_part().headers.is_empty() => {
            match repair::repair_boundary(&message, buf) {
                Some(Repair::Rebuilt(rebuilt, note)) => match parse_mime(&rebuilt) {
                    Ok(Some(repaired)) => {
                        problems.push(note);
                        drop_iteratively(message);
                        fill(&mut parsed, repaired, &rebuilt, detected, &mut problems);
                    }
                    _ => fill(&mut parsed, message, buf, detected, &mut problems),
                },
                Some(Repair::Impossible(note)) => {
                    problems.push(note);
                    fill(&mut parsed, message, buf, detected, &mut problems);
                }
                None => fill(&mut parsed, message, buf, detected, &mut problems),
            }
        }
        Ok(message) => {
            if let Some(message) = message {
                drop_iteratively(message);
            }
            problems.push("no headers found; the whole message is kept as the body".to_string());
            salvage(&mut parsed, buf, detected);
        }
        Err(cause) => {
            problems.push(cause);
            salvage(&mut parsed, buf, detected);
        }
    }

    if parsed.text.trim().is_empty() && shows_something(raw, head_end, &parsed) {
        problems.push(EMPTY_TEXT.to_string());
    }
    if !problems.is_empty() {
        parsed.parse_error = Some(summarize_problems(&problems));
    }
    parsed
}

/// The charset for this message's undeclared 8-bit text, detected from a
/// sample of its non-UTF-8 bytes with the sender's domain as a hint.
fn undeclared_charset(raw: &[u8], head_end: usize, decoding: Decoding) -> Detected {
    const SAMPLE: usize = 64 * 1024;
    let sample = &raw[..raw.len().min(head_end + SAMPLE)];
    if std::str::from_utf8(sample).is_ok() {
        return Detected(encoding_rs::UTF_8);
    }
    let tld = charset::sender_tld(&raw[..head_end]);
    charset::detect(sample, tld.as_deref(), decoding)
}

/// Whether the body holds something a person would read though no text was
/// found: text, not only attachments (a scan or a PDF sent without a word).
fn shows_something(raw: &[u8], head_end: usize, parsed: &Parsed) -> bool {
    let body_blank = raw[head_end..].iter().all(u8::is_ascii_whitespace);
    let only_binary_attachments = !parsed.attachments.is_empty()
        && parsed
            .attachments
            .iter()
            .all(|a| !a.content_type.starts_with("text/"));
    !body_blank && !only_binary_attachments
}

/// At most a few problems are listed: a hostile message can have thousands.
fn summarize_problems(problems: &[String]) -> String {
    const SHOWN: usize = 4;
    let mut text = problems
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN {
        text.push_str(&format!("; and {} more", problems.len() - SHOWN));
    }
    text
}

/// Drops a message whose parts nest further messages without recursing:
/// the derived drop recurses once per level, and a crafted message with
/// tens of thousands of nested message/rfc822 parts would overflow the stack.
pub(super) fn drop_iteratively(message: Message<'_>) {
    let mut pending = vec![message];
    while let Some(mut message) = pending.pop() {
        for part in &mut message.parts {
            if let PartType::Message(inner) = std::mem::take(&mut part.body) {
                pending.push(inner);
            }
        }
    }
}

/// The stable Message-ID given to a message that has none, so re-syncs de-duplicate.
pub fn synthetic_message_id(hash: &str) -> String {
    let prefix: String = hash.chars().take(32).collect();
    format!("{prefix}@hd.invalid")
}

/// Runs mail-parser, turning a panic on hostile input into an error: a panic here
/// would stop `hd sync` on the same message forever.
fn parse_mime(buf: &[u8]) -> Result<Option<Message<'_>>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        MessageParser::default().default_header_text().parse(buf)
    }))
    .map_err(|_| "the MIME parser crashed on this message; the raw bytes are kept".to_string())
}

/// Fills `parsed` from a parsed message; `buf` is the buffer `message` was parsed from.
fn fill(
    parsed: &mut Parsed,
    mut message: Message<'_>,
    buf: &[u8],
    detected: Detected,
    problems: &mut Vec<String>,
) {
    let root = message.root_part();
    parsed.headers = root
        .headers
        .iter()
        .map(|h| {
            (
                h.name().to_string(),
                header_text(buf, h.offset_start, h.offset_end),
            )
        })
        .collect();

    if let Some(id) = message
        .message_id()
        .map(strip_angle)
        .filter(|id| !id.is_empty())
    {
        parsed.message_id = id;
        parsed.has_message_id = true;
    }
    parsed.in_reply_to = id_list(message.in_reply_to());
    parsed.references = id_list(message.references());

    (parsed.from_addr, parsed.from_name) = address::sender(&message, buf);
    parsed.to = message.all_to().flat_map(addresses).collect();
    parsed.cc = message.all_cc().flat_map(addresses).collect();
    parsed.reply_to = message
        .reply_to()
        .and_then(Address::first)
        .and_then(|a| a.address())
        .map(normalize_address)
        .filter(|a| !a.is_empty());
    parsed.subject = message
        .subject()
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    parsed.date = message
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::<Utc>::from_timestamp(d.to_timestamp(), 0));

    let root_type = root.content_type();
    let mime_type = root_type.map(|ct| mime_type_of(ct.ctype(), ct.subtype()));
    parsed.automatic = loopguard::automatic_reason(
        &parsed.headers,
        parsed.from_addr.as_deref(),
        mime_type.as_deref(),
    );

    let body = text::body_text(&message, buf, detected, problems);
    parsed.text = body.text;
    note_structure_problems(&message, buf, problems);

    let report_type = root_type
        .and_then(|ct| ct.attribute("report-type"))
        .map(|t| t.to_ascii_lowercase());
    let is_delivery_report = mime_type.as_deref() == Some("multipart/report")
        && report_type
            .as_deref()
            .is_none_or(|t| t == "delivery-status");
    let from_daemon = parsed
        .from_addr
        .as_deref()
        .is_some_and(loopguard::is_bounce_sender);
    if is_delivery_report || from_daemon {
        parsed.bounce_of = bounce::returned_message_id(&message, buf)
            .filter(|id| !parsed.has_message_id || *id != parsed.message_id);
    }

    if parsed.text.is_empty()
        && !problems.is_empty()
        && !matches!(root.body, PartType::Multipart(_))
    {
        // The body could not be split into parts at all: show it raw rather than nothing.
        let body = buf.get(root.offset_body as usize..).unwrap_or_default();
        parsed.text = normalize_text(&detected.decode(body));
    }

    parsed.attachments = attachments::take_attachments(&mut message, buf, &body.parts);
    drop_iteratively(message);
}

/// Decodes one raw header value: unfolded, RFC 2047 words decoded, trimmed.
fn header_text(buf: &[u8], start: u32, end: u32) -> String {
    let Some(bytes) = buf.get(start as usize..end as usize) else {
        return String::new();
    };
    // The unstructured parser only finishes a value at a newline.
    let bytes: Cow<'_, [u8]> = if bytes.ends_with(b"\n") {
        Cow::Borrowed(bytes)
    } else {
        let mut owned = bytes.to_vec();
        owned.push(b'\n');
        Cow::Owned(owned)
    };
    match MessageStream::new(&bytes).parse_unstructured() {
        HeaderValue::Text(text) => text.trim().to_string(),
        HeaderValue::TextList(list) => list.join(" ").trim().to_string(),
        _ => String::from_utf8_lossy(&bytes).trim().to_string(),
    }
}

pub(super) fn strip_angle(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    let raw: Vec<String> = match value {
        HeaderValue::Text(id) => vec![strip_angle(id)],
        HeaderValue::TextList(ids) => ids.iter().map(|id| strip_angle(id)).collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for id in raw {
        if !id.is_empty() && !id.contains(char::is_whitespace) && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn normalize_address(addr: &str) -> String {
    addr.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_lowercase()
}

fn addresses(address: &Address<'_>) -> Vec<String> {
    address
        .iter()
        .filter_map(|a| a.address())
        .map(normalize_address)
        .filter(|a| !a.is_empty())
        .collect()
}

pub(super) fn mime_type_of(ctype: &str, subtype: Option<&str>) -> String {
    match subtype {
        Some(sub) => format!("{}/{}", ctype, sub).to_ascii_lowercase(),
        None => ctype.to_ascii_lowercase(),
    }
}

pub(super) fn part_mime_type(part: &MessagePart<'_>) -> Option<String> {
    part.content_type()
        .map(|ct| mime_type_of(ct.ctype(), ct.subtype()))
}

/// CRLF and lone CR become LF; trailing blank space is dropped.
pub(super) fn normalize_text(text: &str) -> String {
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    text.trim_end().to_string()
}

/// Records unclosed multipart boundaries and parts mail-parser flagged as damaged.
fn note_structure_problems(message: &Message<'_>, buf: &[u8], problems: &mut Vec<String>) {
    // Each check scans the buffer; a few dozen levels cover real mail.
    const CHECKED: usize = 32;
    for part in message
        .parts
        .iter()
        .filter(|p| matches!(p.body, PartType::Multipart(_)))
        .take(CHECKED)
    {
        if let PartType::Multipart(_) = part.body
            && let Some(boundary) = part.content_type().and_then(|ct| ct.attribute("boundary"))
        {
            let closing = format!("--{boundary}--");
            let start = (part.offset_body as usize).min(buf.len());
            let end = (part.offset_end as usize + closing.len() + 4).clamp(start, buf.len());
            if !contains_near_end(&buf[start..end], closing.as_bytes()) {
                problems.push(format!("multipart boundary \"{boundary}\" is never closed"));
            }
        }
    }
    let damaged: Vec<String> = message
        .parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_encoding_problem)
        .map(|(i, p)| {
            let name = p
                .attachment_name()
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default();
            format!(
                "part {i} ({}){name} is damaged",
                part_mime_type(p).unwrap_or_else(|| "text/plain".to_string())
            )
        })
        .collect();
    problems.extend(damaged);
}

/// Searches from the end: a closing boundary sits at the end of its part, so this is quick.
fn contains_near_end(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).rev().any(|w| w == needle)
}

/// Fills subject and text straight from the bytes when mail-parser produced nothing.
fn salvage(parsed: &mut Parsed, buf: &[u8], detected: Detected) {
    if repair::HEADER_LINE.is_match(buf) {
        let end = header_block_end(buf);
        let head = &buf[..end];
        for line in head.split(|b| *b == b'\n') {
            if line.len() > 8 && line[..8].eq_ignore_ascii_case(b"subject:") {
                parsed.subject = header_text(line, 8, line.len() as u32);
            }
        }
        parsed.text = normalize_text(&detected.decode(&buf[end..]));
    } else {
        parsed.text = normalize_text(&detected.decode(buf));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::ids;
    use std::path::PathBuf;

    fn fixture_path(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/mail")
            .join(name)
    }

    fn fixture(name: &str) -> Parsed {
        let raw = std::fs::read(fixture_path(name)).expect("fixture exists");
        parse(&raw)
    }

    /// The corpus of broken structures shared with tests/cases/mail_fidelity.rs.
    fn fidelity(name: &str) -> Parsed {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fidelity")
            .join(name);
        parse(&std::fs::read(path).expect("fixture exists"))
    }

    fn names(p: &Parsed) -> Vec<(&str, &str)> {
        p.attachments
            .iter()
            .map(|a| (a.name.as_str(), a.content_type.as_str()))
            .collect()
    }

    #[test]
    fn plain_utf8() {
        let p = fixture("plain-utf8.eml");
        assert_eq!(p.message_id, "CAF3x9Q=a1b2c3@mail.example.cz");
        assert!(p.has_message_id);
        assert_eq!(p.subject, "Nefunguje přihlášení do portálu");
        assert_eq!(p.from_addr.as_deref(), Some("jana.novakova@example.cz"));
        assert_eq!(p.from_name.as_deref(), Some("Jana Nováková"));
        assert_eq!(p.to, vec!["support@firma.cz"]);
        assert_eq!(p.cc, vec!["petr.svoboda@example.cz", "ucetni@example.cz"]);
        assert_eq!(p.reply_to.as_deref(), Some("jana@example.cz"));
        assert_eq!(
            p.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-05-14T07:12:40+00:00")
        );
        assert_eq!(
            p.text,
            "Dobrý den,\n\nod rána se nemohu přihlásit do zákaznického portálu. Zobrazí se chyba 500.\n\nDěkuji,\nJana Nováková"
        );
        assert_eq!(p.header("x-priority"), Some("1"));
        // Encoded words inside quotes break RFC 2047 but are common; the quotes keep their spaces.
        assert_eq!(
            p.header("Cc"),
            Some("petr.svoboda@example.cz, \" Účetní \" <Ucetni@example.cz>")
        );
        assert_eq!(
            p.header("From"),
            Some("Jana Nováková <Jana.Novakova@Example.CZ>")
        );
        assert_eq!(
            p.headers[0],
            (
                "Return-Path".to_string(),
                "<jana.novakova@example.cz>".to_string()
            )
        );
        assert!(
            p.header("Received")
                .is_some_and(|r| r.starts_with("from mail.example.cz")
                    && r.ends_with("(CEST)")
                    && !r.contains('\n'))
        );
        assert_eq!(p.automatic, None);
        assert_eq!(p.bounce_of, None);
        assert_eq!(p.parse_error, None);
        assert!(p.attachments.is_empty());
        assert_eq!(p.hash.len(), 64);
    }

    #[test]
    fn windows_1250_body() {
        let p = fixture("windows-1250.eml");
        assert_eq!(p.subject, "Dotaz na fakturu č. 2024-0815");
        assert_eq!(p.from_name.as_deref(), Some("Petr Dvořák"));
        assert_eq!(p.message_id, "000501da1f2e$7c1b2a30$74517e90$@example.cz");
        assert!(p.text.contains("chybí „IČO“ odběratele."));
        assert!(p.text.contains("Příliš žluťoučký kůň úpěl ďábelské ódy."));
        assert!(p.text.contains("Znaky: šřžýáíé ŠŘŽÝÁÍÉ"));
        assert!(p.text.ends_with("Petr Dvořák"));
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn iso_8859_2_quoted_printable() {
        let p = fixture("iso-8859-2-qp.eml");
        assert_eq!(p.subject, "Upit o dostavi - čekam već tjedan");
        assert_eq!(p.from_name.as_deref(), Some("Ivana Kovačić"));
        assert_eq!(p.to, vec!["podrska@firma.hr"]);
        // The soft line break joins "stra=" and "nici".
        assert!(
            p.text
                .contains("a na stranici piše da je paket poslan prije deset dana.")
        );
        assert!(
            p.text
                .starts_with("Poštovani,\n\nnarudžba br. 4471 još nije stigla. Čekam već")
        );
        assert!(p.text.ends_with("Ivana Kovačić"));
    }

    #[test]
    fn rfc2047_subject_over_two_encoded_words() {
        let p = fixture("rfc2047-subject.eml");
        assert_eq!(p.subject, "Reklamace objednávky č. 123");
        assert_eq!(p.header("subject"), Some("Reklamace objednávky č. 123"));
        assert_eq!(
            p.text,
            "Reklamuji zboží z objednávky č. 123, dorazilo rozbité."
        );
    }

    #[test]
    fn no_message_id_gets_a_stable_synthetic_one() {
        let raw = std::fs::read(fixture_path("no-message-id.eml")).expect("fixture");
        let p = parse(&raw);
        assert!(!p.has_message_id);
        assert_eq!(p.message_id, format!("{}@hd.invalid", &p.hash[..32]));
        assert_eq!(parse(&raw).message_id, p.message_id);
        assert_eq!(p.subject, "Kontaktní formulář");
        assert_eq!(p.from_addr.as_deref(), Some("formular@firma.cz"));
        assert_eq!(p.reply_to.as_deref(), Some("karel.maly@example.cz"));
        assert!(p.text.contains("Zpráva: Chtěl bych nabídku na 20 licencí."));
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn broken_mime_unclosed_boundary() {
        let p = fixture("broken-mime.eml");
        assert_eq!(p.subject, "Fotky poskozeneho zbozi");
        assert_eq!(p.text, "Posílám fotky poškozeného zboží.");
        assert_eq!(names(&p), vec![("foto1.jpg", "image/jpeg")]);
        // The truncated base64 is decoded as far as it goes: a JPEG header.
        assert_eq!(&p.attachments[0].data[..4], &[0xff, 0xd8, 0xff, 0xe0]);
        assert_eq!(p.attachments[0].data.len(), 114);
        assert_eq!(
            p.parse_error.as_deref(),
            Some(
                "multipart boundary \"----=_Part_1234_5678\" is never closed; part 2 (image/jpeg) \"foto1.jpg\" is damaged"
            )
        );
    }

    #[test]
    fn broken_mime_missing_boundary_is_guessed() {
        let p = fixture("broken-mime-no-boundary.eml");
        assert_eq!(p.subject, "Objednavka");
        assert_eq!(p.message_id, "broken-2@example.cz");
        assert_eq!(p.text, "Prosim o potvrzeni objednavky 8812.");
        assert!(p.attachments.is_empty());
        assert_eq!(
            p.parse_error.as_deref(),
            Some("multipart/alternative without a boundary; guessed \"XyZ\"")
        );
        assert_eq!(
            p.header("Content-Type"),
            Some("multipart/alternative; boundary=\"XyZ\"")
        );
    }

    #[test]
    fn multipart_without_boundary_or_guess_keeps_the_body() {
        let raw =
            b"From: a@b.cz\nSubject: x\nContent-Type: multipart/mixed\n\nJust text, no parts.\n";
        let p = parse(raw);
        assert_eq!(p.text, "Just text, no parts.");
        assert!(p.attachments.is_empty());
        assert_eq!(
            p.parse_error.as_deref(),
            Some("multipart/mixed without a boundary; the body is kept as text")
        );
    }

    #[test]
    fn nested_multipart() {
        let p = fixture("nested-multipart.eml");
        assert_eq!(p.subject, "Objednávka s přílohami");
        assert_eq!(p.text, "Dobrý den,\nv příloze posílám objednávku a logo.");
        assert_eq!(
            names(&p),
            vec![
                ("logo.png", "image/png"),
                ("objednávka č. 7.pdf", "application/pdf"),
                ("Původní dotaz.eml", "message/rfc822"),
                ("passwd", "application/octet-stream"),
                ("attachment-5.bin", "application/octet-stream"),
            ]
        );
        assert_eq!(&p.attachments[0].data[..4], b"\x89PNG");
        assert!(p.attachments[1].data.starts_with(b"%PDF-1.4"));
        let eml = String::from_utf8_lossy(&p.attachments[2].data);
        assert!(
            eml.starts_with("Message-ID: <fwd-1@example.org>\r\n"),
            "{eml:?}"
        );
        assert!(
            eml.trim_end().ends_with("Toto je přeposlaná zpráva."),
            "{eml:?}"
        );
        assert_eq!(p.attachments[3].data, b"root:x:0:0:root:/root:/bin/bash\n");
        assert_eq!(p.attachments[4].data, [0, 1, 2, 3, 4]);
        assert_eq!(p.parse_error, None);
        assert_eq!(p.bounce_of, None);
    }

    #[test]
    fn html_only_becomes_text() {
        let p = fixture("html-only.eml");
        assert_eq!(p.subject, "Poskozena zasilka");
        assert_eq!(
            p.text,
            "Dobrý den,\n\nobjednávka č. 555 dorazila poškozená:\n* rozbitá krabice\n* chybí návod\n\nFotky viz galerie <https://example.com/fotky>."
        );
        assert!(!p.text.contains("color"), "{}", p.text);
        assert!(!p.text.contains("alert"), "{}", p.text);
        // No markup is left; the one link's target is shown inline.
        assert_eq!(p.text.matches('<').count(), 1, "{}", p.text);
        assert!(p.attachments.is_empty());
    }

    #[test]
    fn eight_bit_utf8_headers() {
        let p = fixture("eight-bit-headers.eml");
        assert_eq!(p.subject, "Dotaz – účtenka č. 77");
        assert_eq!(p.from_name.as_deref(), Some("Zdeněk Šťastný"));
        assert_eq!(p.from_addr.as_deref(), Some("zdenek.stastny@example.cz"));
        assert_eq!(p.text, "Prosím o zaslání účtenky.");
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn eight_bit_cp1250_headers() {
        let p = fixture("eight-bit-headers-cp1250.eml");
        assert_eq!(p.subject, "Stížnost na doručení");
        assert_eq!(p.from_name.as_deref(), Some("Jiří Černý"));
        assert_eq!(p.from_addr.as_deref(), Some("jiri.cerny@example.cz"));
        assert_eq!(p.header("From"), Some("Jiří Černý <jiri.cerny@example.cz>"));
        assert_eq!(p.text, "Zásilka přišla o týden později, než bylo slíbeno.");
        assert_eq!(p.message_id, "8bit-cp1250@example.cz");
        // The hash is of the bytes as received, not of the transcoded copy.
        let raw = std::fs::read(fixture_path("eight-bit-headers-cp1250.eml")).expect("fixture");
        assert_eq!(p.hash, hex::encode(Sha256::digest(&raw)));
    }

    #[test]
    fn undeclared_8bit_body_and_headers_fall_back_to_cp1250() {
        let mut raw = b"From: Ji\xf8\xed <jiri@example.cz>\nSubject: \x9alehta\n\n".to_vec();
        raw.extend_from_slice(b"Dobr\xfd den, \x9e\xe1dost.\n");
        let p = parse(&raw);
        assert_eq!(p.subject, "šlehta");
        assert_eq!(p.from_name.as_deref(), Some("Jiří"));
        assert_eq!(p.text, "Dobrý den, žádost.");
    }

    /// The bytes of the big attachment: a fixed xorshift stream, so the fixture can be re-made.
    fn big_attachment_bytes() -> Vec<u8> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..2_250_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    fn base64_lines(data: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut encoded = String::with_capacity(data.len() / 3 * 4 + 4);
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    encoded.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    encoded.push('=');
                }
            }
        }
        let mut out = String::with_capacity(encoded.len() + encoded.len() / 76 + 1);
        for line in encoded.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            out.push('\n');
        }
        out
    }

    fn big_attachment_eml(data: &[u8]) -> Vec<u8> {
        let mut eml = String::from(
            "Message-ID: <big-attachment-1@example.cz>\n\
             Date: Mon, 20 May 2024 15:00:00 +0200\n\
             From: Lukas Hruby <lukas.hruby@example.cz>\n\
             To: support@firma.cz\n\
             Subject: Logy ze serveru\n\
             MIME-Version: 1.0\n\
             Content-Type: multipart/mixed; boundary=\"big-b\"\n\
             \n\
             --big-b\n\
             Content-Type: text/plain; charset=utf-8\n\
             Content-Transfer-Encoding: 8bit\n\
             \n\
             V příloze posílám logy ze serveru.\n\
             \n\
             --big-b\n\
             Content-Type: application/gzip; name=\"server-logs.tar.gz\"\n\
             Content-Disposition: attachment; filename=\"server-logs.tar.gz\"\n\
             Content-Transfer-Encoding: base64\n\
             \n",
        );
        eml.push_str(&base64_lines(data));
        eml.push_str("--big-b--\n");
        eml.into_bytes()
    }

    #[test]
    fn big_attachment() {
        let data = big_attachment_bytes();
        let expected = big_attachment_eml(&data);
        let path = fixture_path("big-attachment.eml");
        // HD_WRITE_FIXTURES=1 re-creates the committed file from the generator above.
        if std::env::var_os("HD_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, &expected).expect("write fixture");
        }
        let raw = std::fs::read(&path).expect("fixture exists");
        assert!(
            raw == expected,
            "big-attachment.eml differs from its generator"
        );
        assert_eq!(raw.len(), 3_040_005);
        let p = parse(&raw);
        assert_eq!(p.subject, "Logy ze serveru");
        assert_eq!(p.text, "V příloze posílám logy ze serveru.");
        assert_eq!(names(&p), vec![("server-logs.tar.gz", "application/gzip")]);
        assert!(p.attachments[0].data == data);
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn twelve_megabyte_attachment_in_memory() {
        let data: Vec<u8> = (0..12 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        let raw = big_attachment_eml(&data);
        let p = parse(&raw);
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].data.len(), data.len());
        assert!(p.attachments[0].data == data);
    }

    #[test]
    fn winmail_dat_is_kept() {
        let p = fixture("winmail-dat.eml");
        assert_eq!(p.subject, "Smlouva k podpisu");
        assert_eq!(
            p.text,
            "Dobrý den,\nv příloze je smlouva k podpisu.\nKarel Veselý"
        );
        assert_eq!(names(&p), vec![("winmail.dat", "application/ms-tnef")]);
        assert_eq!(&p.attachments[0].data[..4], &[0x78, 0x9f, 0x3e, 0x22]);
        assert_eq!(p.attachments[0].data.len(), 104);
        assert_eq!(p.header("X-MS-Has-Attach"), Some("yes"));
    }

    #[test]
    fn delivery_report_with_returned_message() {
        let p = fixture("delivery-report.eml");
        assert_eq!(p.subject, "Undelivered Mail Returned to Sender");
        assert_eq!(p.from_addr.as_deref(), Some("mailer-daemon@mx.firma.cz"));
        assert_eq!(p.bounce_of.as_deref(), Some("orig-123@example.com"));
        assert_eq!(
            p.automatic.as_deref(),
            Some("Content-Type: multipart/report")
        );
        assert!(
            p.text
                .starts_with("This is the mail system at host mx.firma.cz.")
        );
        assert!(p.text.contains("Recipient address rejected: User unknown"));
        assert_eq!(
            names(&p),
            vec![
                ("attachment-1.txt", "message/delivery-status"),
                ("Re_ Dotaz [REQ-000123].eml", "message/rfc822"),
            ]
        );
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn delivery_report_with_returned_headers() {
        let p = fixture("delivery-report-headers.eml");
        assert_eq!(
            p.bounce_of.as_deref(),
            Some("hd.REQ-000045.7f3a9c@firma.cz")
        );
        assert_eq!(
            p.bounce_of
                .as_deref()
                .and_then(ids::ticket_from_message_id)
                .as_deref(),
            Some("REQ-000045")
        );
        assert_eq!(
            p.automatic.as_deref(),
            Some("Auto-Submitted: auto-generated")
        );
        assert_eq!(p.from_addr.as_deref(), Some("postmaster@mail.example.net"));
        assert!(
            p.text
                .starts_with("Delivery has failed to these recipients or groups:")
        );
        assert_eq!(
            names(&p),
            vec![
                ("attachment-1.txt", "message/delivery-status"),
                ("attachment-2.txt", "text/rfc822-headers"),
            ]
        );
    }

    #[test]
    fn bounce_quoting_the_original_in_the_body() {
        let p = fixture("delivery-report-body.eml");
        assert_eq!(p.subject, "failure notice");
        assert_eq!(p.message_id, "20240517091500.12345.qmail@mail.example.org");
        assert_eq!(
            p.bounce_of.as_deref(),
            Some("hd.REQ-000077.q1w2e3@firma.cz")
        );
        assert_eq!(p.automatic.as_deref(), Some("Return-Path: <>"));
        assert!(
            p.text
                .contains("Sorry, no mailbox here by that name. (#5.1.1)")
        );
        assert_eq!(
            p.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-05-17T09:15:00+00:00")
        );
    }

    #[test]
    fn out_of_office() {
        let p = fixture("out-of-office.eml");
        assert_eq!(p.automatic.as_deref(), Some("Auto-Submitted: auto-replied"));
        assert_eq!(p.subject, "Automatická odpověď: Re: Dotaz [REQ-000042]");
        assert_eq!(p.in_reply_to, vec!["hd.REQ-000042.k2j3@firma.cz"]);
        assert_eq!(p.references, vec!["hd.REQ-000042.k2j3@firma.cz"]);
        assert_eq!(p.bounce_of, None);
        assert_eq!(
            p.text,
            "Dobrý den,\ndo 24. 5. jsem mimo kancelář. V naléhavých případech volejte 800 123 456.\nMartin Horák"
        );
    }

    #[test]
    fn bulk_newsletter() {
        let p = fixture("bulk-newsletter.eml");
        assert_eq!(p.automatic.as_deref(), Some("Precedence: bulk"));
        assert_eq!(p.subject, "Jarní slevy až 50 %");
        assert_eq!(
            p.text,
            "Jarní slevy až 50 % na vše.\nOdhlásit: https://example-shop.cz/u/1234"
        );
        assert!(
            p.header("List-Unsubscribe")
                .is_some_and(|v| v.contains("mailto:unsubscribe@example-shop.cz"))
        );
        assert!(p.attachments.is_empty());
    }

    #[test]
    fn noreply_sender() {
        let p = fixture("noreply-sender.eml");
        assert_eq!(
            p.automatic.as_deref(),
            Some("sender: no-reply@example-shop.cz")
        );
        assert_eq!(p.from_addr.as_deref(), Some("no-reply@example-shop.cz"));
        assert_eq!(p.from_name.as_deref(), Some("E-shop Example"));
        assert_eq!(p.subject, "Potvrzení objednávky 2024-991");
        assert_eq!(p.bounce_of, None);
    }

    #[test]
    fn headerless_body_is_kept() {
        let p = fixture("headerless.eml");
        assert_eq!(p.subject, "");
        assert!(!p.has_message_id);
        assert_eq!(p.from_addr, None);
        assert_eq!(
            p.text,
            "Dobrý den,\nposílám dotaz bez hlaviček, protože mi nefunguje pošta.\nDíky, Láďa"
        );
        assert_eq!(
            p.parse_error.as_deref(),
            Some("no headers found; the whole message is kept as the body")
        );
        assert_eq!(p.automatic, None);
    }

    #[test]
    fn duplicate_message_ids_differ_by_hash() {
        let a = fixture("duplicate-message-id-a.eml");
        let b = fixture("duplicate-message-id-b.eml");
        assert_eq!(a.message_id, "dup-2024@example.com");
        assert_eq!(b.message_id, a.message_id);
        assert_ne!(a.hash, b.hash);
        assert_eq!(a.text, "Prvni verze: prosim o 3 kusy.");
        assert_eq!(b.text, "Druha verze: prosim o 5 kusu.");
    }

    #[test]
    fn reply_with_tag_threads() {
        let p = fixture("reply-with-tag.eml");
        assert_eq!(p.subject, "Re: Problém [REQ-000001]");
        assert_eq!(
            ids::ticket_tag_in_subject(&p.subject),
            Some(("REQ".to_string(), 1))
        );
        assert_eq!(p.in_reply_to, vec!["hd.REQ-000001.5f2c9a@firma.cz"]);
        assert_eq!(
            p.references,
            vec![
                "CAF3x9Q=a1b2c3@mail.example.cz",
                "hd.REQ-000001.5f2c9a@firma.cz"
            ]
        );
        assert_eq!(
            ids::ticket_from_message_id(&p.in_reply_to[0]).as_deref(),
            Some("REQ-000001")
        );
        assert_eq!(
            ids::strip_quoted(&p.text),
            "Dobrý den,\n\nuž to funguje, děkuji."
        );
        assert_eq!(
            ids::reply_subject(&p.subject, "REQ-000001"),
            "Re: Problém [REQ-000001]"
        );
        assert_eq!(ids::parse_rating(&p.text), None);
        assert_eq!(p.automatic, None);
    }

    #[test]
    fn rating_reply() {
        let p = fixture("rating-reply.eml");
        assert_eq!(ids::parse_rating(&p.text), Some(5));
        assert_eq!(p.subject, "Re: Ohodnoťte prosím vyřízení [REQ-000279]");
        assert_eq!(
            ids::ticket_tag_in_subject(&p.subject),
            Some(("REQ".to_string(), 279))
        );
        assert_eq!(
            ids::strip_quoted(&p.text),
            "5\nRychlé a ochotné jednání, díky!"
        );
        assert_eq!(p.automatic, None);
    }

    #[test]
    fn japanese_iso_2022_jp() {
        let p = fixture("japanese-iso-2022-jp.eml");
        assert_eq!(p.subject, "注文についてのお問い合わせ");
        assert_eq!(p.from_name.as_deref(), Some("山田太郎"));
        assert_eq!(
            p.text,
            "いつもお世話になっております。\n注文番号123について質問があります。\n山田太郎"
        );
    }

    #[test]
    fn koi8_r() {
        let p = fixture("koi8-r.eml");
        assert_eq!(p.subject, "Вопрос по заказу");
        assert_eq!(p.from_name.as_deref(), Some("Иван Петров"));
        assert_eq!(p.text, "Здравствуйте! Заказ номер 42 ещё не пришёл.");
    }

    #[test]
    fn every_fixture_parses_and_is_deterministic() {
        let dir = fixture_path("");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("eml") {
                continue;
            }
            let raw = std::fs::read(&path).expect("read");
            let p = parse(&raw);
            assert_eq!(parse(&raw), p, "{}", path.display());
            assert!(!p.message_id.is_empty());
            count += 1;
        }
        assert!(count >= 24, "found {count} fixtures");
    }

    #[test]
    fn garbage_never_panics() {
        let inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\n".to_vec(),
            b"\r\n\r\n".to_vec(),
            b":::\n\n".to_vec(),
            b"Subject: only a header".to_vec(),
            b"Content-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n".to_vec(),
            b"Content-Type: message/rfc822\n\n".to_vec(),
            b"Content-Type: text/html\n\n<".to_vec(),
            b"Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=a\n\n--a\n".to_vec(),
            (0u8..=255).collect(),
            vec![0xff; 1000],
            b"From: =?utf-8?B?////?= <x@y>\nSubject: =?x-unknown?Q?abc?=\n\nbody".to_vec(),
        ];
        for raw in inputs {
            let p = parse(&raw);
            assert_eq!(p.hash.len(), 64);
        }
        let p = parse(b"Subject: only a header");
        assert_eq!(p.subject, "only a header");
        assert_eq!(p.text, "");
    }

    #[test]
    fn hostile_nesting_is_survived() {
        // 100,000 nested message/rfc822 parts: a recursive drop would overflow the stack.
        let mut raw = "Subject: x\nContent-Type: message/rfc822\n\n".repeat(100_000);
        raw.push_str("Subject: inner\n\nhello\n");
        let p = parse(raw.as_bytes());
        assert_eq!(p.subject, "x");
        assert_eq!(p.attachments.len(), 1);

        // 100,000 nested <div>s would take html2text minutes.
        let html = format!("Content-Type: text/html\n\n{}deep", "<div>".repeat(100_000));
        let p = parse(html.as_bytes());
        assert_eq!(p.text, "deep");

        // Thousands of unclosed multiparts: a short parse_error, not megabytes of it.
        let mut raw = String::new();
        for i in 0..5_000 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n"
            ));
        }
        raw.push_str("Content-Type: text/plain\n\nhello\n");
        let p = parse(raw.as_bytes());
        let error = p.parse_error.unwrap_or_default();
        assert!(error.len() < 400, "{error}");
        assert!(error.ends_with(" more"), "{error}");
    }

    #[test]
    fn blank_plain_alternative_falls_back_to_html() {
        let raw = b"From: a@b.cz\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\n \n--x\nContent-Type: text/html\n\n<p>Real text</p>\n--x--\n";
        assert_eq!(parse(raw).text, "Real text");
    }

    #[test]
    fn unknown_charset_html_falls_back_to_cp1250() {
        let raw = b"From: a@b.cz\nContent-Type: text/html; charset=x-unknown\n\n<p>P\xf8\xedli\x9a \x9elu\x9dou\xe8k\xfd</p>\n";
        assert_eq!(parse(raw).text, "Příliš žluťoučký");
    }

    #[test]
    fn apple_mail_text_image_text_keeps_both_texts() {
        let p = fidelity("fidelity-apple-text-image-text.eml");
        assert_eq!(
            p.text,
            "Dobry den, displej ukazuje tohle (slovo kalamajka):\n\nA po restartu je to stejne, zkousela jsem i druhy kabel (slovo pampeliska).\nEva"
        );
        assert_eq!(names(&p), vec![("displej.png", "image/png")]);
        assert_eq!(p.parse_error, None);
    }

    #[test]
    fn digest_keeps_its_footer() {
        let p = fidelity("fidelity-digest-footer.eml");
        assert!(
            p.text.starts_with("Dnešní témata (slovo rozcestník):"),
            "{}",
            p.text
        );
        assert!(
            p.text
                .ends_with("https://lists.example.org/listinfo/uzivatele"),
            "{}",
            p.text
        );
        assert!(p.text.contains("(slovo zápatíčko)"), "{}", p.text);
        assert_eq!(names(&p), vec![("Tiskarna netiskne.eml", "message/rfc822")]);
    }

    #[test]
    fn text_without_subtype_is_text() {
        let p = fidelity("fidelity-text-without-subtype.eml");
        assert_eq!(p.text, "Pokladna 3 hlasi chybu E42 (slovo rebarbora).");
        assert!(p.attachments.is_empty(), "{:?}", names(&p));
    }

    #[test]
    fn boundary_that_differs_from_the_declared_one() {
        let p = fidelity("fidelity-boundary-mismatch.eml");
        assert_eq!(
            p.text,
            "Faktura 2026-118 nesedí, účtujete dvakrát (slovo šafrán)."
        );
        assert!(p.attachments.is_empty(), "{:?}", names(&p));
        assert_eq!(
            p.parse_error.as_deref(),
            Some(
                "multipart/alternative declares boundary \"declared-but-unused\" but its parts use \"actually-used-42\""
            )
        );
    }

    #[test]
    fn part_headers_running_into_the_body() {
        let p = fidelity("fidelity-headers-into-body.eml");
        assert_eq!(
            p.text,
            "Heslo nefunguje od včerejška (slovo kmotřička).\nDěkuji, Jan"
        );
        assert!(p.attachments.is_empty(), "{:?}", names(&p));
        assert!(p.parse_error.is_some_and(|e| e.contains("run into")));
    }

    #[test]
    fn multipart_without_delimiters_is_its_text() {
        let p = fidelity("fidelity-no-delimiters.eml");
        assert_eq!(
            p.text,
            "Prosím o storno objednávky 551 (slovo kapradina).\nMarta"
        );
        assert!(p.attachments.is_empty(), "{:?}", names(&p));
        assert_eq!(
            p.parse_error.as_deref(),
            Some(
                "multipart/mixed has no parts delimited by \"never-used\"; the body is kept as text"
            )
        );
    }

    #[test]
    fn empty_text_of_a_full_body_is_flagged() {
        let p = parse(b"From: a@b.cz\nContent-Type: text/html\n\n<img src=\"cid:x\">\n");
        assert_eq!(p.text, "");
        assert_eq!(p.parse_error.as_deref(), Some(EMPTY_TEXT));
        // A scan sent without a word is not a parse problem.
        let p = parse(b"From: a@b.cz\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n");
        assert_eq!(p.text, "");
        assert_eq!(p.parse_error, None);
        assert_eq!(parse(b"From: a@b.cz\nSubject: x\n\n \n").parse_error, None);
    }

    #[test]
    fn stub_plain_part_gives_way_to_the_html() {
        let p = fidelity("newsletter-html.eml");
        assert!(p.text.starts_with("Zobrazit v prohlížeči"), "{}", p.text);
        assert!(
            p.text
                .contains("Letos doporučujeme mandlovník do každé zahrady."),
            "{}",
            p.text
        );
        assert!(
            !p.text.contains("https://news.example.com/p/"),
            "{}",
            p.text
        );
        assert!(!p.text.contains("[1]"), "{}", p.text);
        assert!(!p.text.contains("\n\n\n"), "{:?}", p.text);
        assert!(p.text.lines().all(|l| l == l.trim()), "{:?}", p.text);
    }

    #[test]
    fn undeclared_8bit_attachment_names_are_detected() {
        let mut raw = b"From: li@example.com\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/pdf; name=\"".to_vec();
        raw.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("見積書のご送付").0);
        raw.extend_from_slice(
            b".pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n",
        );
        let p = parse(&raw);
        assert_eq!(names(&p), vec![("見積書のご送付.pdf", "application/pdf")]);
    }

    #[test]
    fn unnamed_attachments_get_an_extension_for_their_type() {
        for (ct, ext) in [
            ("application/pdf", "pdf"),
            ("image/png", "png"),
            ("image/jpeg", "jpg"),
            ("text/calendar", "ics"),
            ("application/zip", "zip"),
            ("application/x-unknown-thing", "bin"),
        ] {
            let raw = format!(
                "From: a@b.cz\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: {ct}\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nAAAA\n--b--\n"
            );
            let p = parse(raw.as_bytes());
            assert_eq!(
                names(&p),
                vec![(&format!("attachment-1.{ext}")[..], ct)],
                "{ct}"
            );
        }
    }

    #[test]
    fn attachment_names_are_sanitised() {
        let fb = "attachment-1.bin";
        assert_eq!(sanitize_filename("../../etc/passwd", fb), "passwd");
        assert_eq!(
            sanitize_filename("C:\\Users\\jana\\faktura.pdf", fb),
            "faktura.pdf"
        );
        assert_eq!(sanitize_filename(".htaccess", fb), "htaccess");
        assert_eq!(sanitize_filename("..", fb), fb);
        assert_eq!(sanitize_filename("", fb), fb);
        assert_eq!(sanitize_filename("   ", fb), fb);
        assert_eq!(sanitize_filename("a\u{0}b\r\nc\t.txt", fb), "abc.txt");
        assert_eq!(
            sanitize_filename("invoice\u{202e}fdp.exe", fb),
            "invoicefdp.exe"
        );
        assert_eq!(
            sanitize_filename("what?: \"x\" <y>|*.doc", fb),
            "what__ _x_ _y___.doc"
        );
        assert_eq!(sanitize_filename("report.pdf. . ", fb), "report.pdf");
        assert_eq!(
            sanitize_filename("smlouva č. 5.pdf", fb),
            "smlouva č. 5.pdf"
        );
        let long = format!("{}.pdf", "ř".repeat(300));
        let cut = sanitize_filename(&long, fb);
        assert_eq!(cut.chars().count(), MAX_ATTACHMENT_NAME);
        assert!(cut.ends_with("ř.pdf"));
        let no_ext = "x".repeat(250);
        assert_eq!(
            sanitize_filename(&no_ext, fb).chars().count(),
            MAX_ATTACHMENT_NAME
        );
    }

    #[test]
    fn lenient_base64() {
        assert_eq!(attachments::base64_decode_lenient(b"aGVsbG8="), b"hello");
        assert_eq!(attachments::base64_decode_lenient(b"aGVs\r\nbG8"), b"hello");
        assert_eq!(
            attachments::base64_decode_lenient(b"aGVsbG8gd29y"),
            b"hello wor"
        );
        assert_eq!(
            attachments::base64_decode_lenient(b"aGVsbG8gd2"),
            b"hello w"
        );
    }
}
