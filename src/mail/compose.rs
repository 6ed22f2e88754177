//! Builds the RFC 5322 bytes of an outgoing message (a reply, an
//! acknowledgement, a rating request) with lettre's message builder.
//!
//! Everything that ends up in a header is checked here: addresses must parse
//! and may not carry control characters, message ids must be `<...>` tokens,
//! and line breaks in the subject become spaces, so neither flags nor
//! template output can add header lines.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as LettreAttachment, Body, MultiPart, SinglePart};

/// A sender: an optional display name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Display name, e.g. `Podpora ACME`; RFC 2047-encoded when not ASCII.
    pub name: Option<String>,
    /// The address, e.g. `support@example.com`.
    pub addr: String,
}

/// A file attached to an outgoing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown to the recipient (already sanitised by the caller).
    pub filename: String,
    /// MIME type, e.g. `application/pdf`.
    pub content_type: String,
    /// The file's bytes, sent base64-encoded and unchanged.
    pub data: Vec<u8>,
}

/// Everything that goes into one outgoing message.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// From: the queue's address.
    pub from: Mailbox,
    /// To: addresses, bare (`jana@example.cz`) or with a name (`Jana Nováková <jana@example.cz>`).
    pub to: Vec<String>,
    /// Cc: addresses, in the same forms as `to`.
    pub cc: Vec<String>,
    /// Subject; line breaks become spaces.
    pub subject: &'a str,
    /// Plain-text body.
    pub body: &'a str,
    /// Message-ID with its angle brackets, e.g. `<REQ-000279.5@hd.example.com>`.
    pub message_id: &'a str,
    /// The Message-ID being answered.
    pub in_reply_to: Option<&'a str>,
    /// The thread's ids, oldest first; ids that are not valid tokens are left out.
    pub references: &'a [String],
    /// An automatic message (acknowledgement, rating request) per RFC 3834.
    pub auto_submitted: bool,
    /// Files to attach; with any, the message is multipart/mixed.
    pub attachments: Vec<Attachment>,
    /// The Date header.
    pub date: DateTime<Utc>,
}

/// Why a message could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// An address is malformed or carries control characters.
    #[error("invalid {field} address {value:?}: {reason}")]
    Address {
        /// The header it was meant for (`From`, `To`, `Cc`).
        field: &'static str,
        /// The address as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header value (display name, message id) is malformed.
    #[error("invalid {field} {value:?}: {reason}")]
    Header {
        /// The header or field.
        field: &'static str,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Neither To nor Cc has an address.
    #[error("the message has no recipient")]
    NoRecipient,
    /// An attachment's name or type is unusable.
    #[error("invalid attachment {filename:?}: {reason}")]
    Attachment {
        /// The attachment's file name.
        filename: String,
        /// What is wrong with it.
        reason: String,
    },
    /// lettre refused the assembled message.
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// Builds the message's RFC 5322 bytes (CRLF line endings, 7-bit clean).
pub fn build(msg: &Outgoing<'_>) -> Result<Vec<u8>, ComposeError> {
    let mut builder = lettre::Message::builder()
        .from(from_mailbox(&msg.from)?)
        .subject(one_line(msg.subject))
        .date(SystemTime::from(msg.date))
        .message_id(Some(message_id("Message-ID", msg.message_id)?));
    if msg.to.is_empty() && msg.cc.is_empty() {
        return Err(ComposeError::NoRecipient);
    }
    for to in &msg.to {
        builder = builder.to(parse_mailbox("To", to)?);
    }
    for cc in &msg.cc {
        builder = builder.cc(parse_mailbox("Cc", cc)?);
    }
    if let Some(parent) = msg.in_reply_to {
        builder = builder.in_reply_to(message_id("In-Reply-To", parent)?);
    }
    let references = references(msg.references)?;
    if !references.is_empty() {
        builder = builder.references(references.join(" "));
    }
    if msg.auto_submitted {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-replied".to_string(),
            ))
            // Stops Exchange/Outlook out-of-office answers to our automatic mail.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("X-Auto-Response-Suppress"),
                "All".to_string(),
            ));
    }

    let text = SinglePart::plain(msg.body.to_string());
    let message = if msg.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for attachment in &msg.attachments {
            parts = parts.singlepart(attachment_part(attachment)?);
        }
        builder.multipart(parts)
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;
    Ok(message.formatted())
}

/// Replaces every run of CR/LF with one space and drops other control characters.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
            continue;
        }
        in_break = false;
        if c == '\t' {
            out.push(' ');
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

fn from_mailbox(from: &Mailbox) -> Result<lettre::message::Mailbox, ComposeError> {
    if let Some(name) = &from.name
        && has_control(name)
    {
        return Err(ComposeError::Header {
            field: "From name",
            value: name.clone(),
            reason: "contains a line break or control character".to_string(),
        });
    }
    let addr = parse_address("From", &from.addr)?;
    let name = from
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    Ok(lettre::message::Mailbox::new(
        name.map(str::to_string),
        addr,
    ))
}

fn parse_address(field: &'static str, value: &str) -> Result<lettre::Address, ComposeError> {
    let error = |reason: String| ComposeError::Address {
        field,
        value: value.to_string(),
        reason,
    };
    if has_control(value) {
        return Err(error(
            "contains a line break or control character".to_string(),
        ));
    }
    value.trim().parse().map_err(|e| error(format!("{e}")))
}

/// The bare address of one recipient given as `a@b.cz` or `Name <a@b.cz>`, for
/// A built message as its reader sees it: the main headers decoded, the text
/// decoded, and the attachments named; control characters other than newline
/// and tab are shown escaped.
pub fn as_read(raw: &[u8]) -> String {
    use mail_parser::{Address, MessageParser, MimeHeaders};
    let Some(msg) = MessageParser::default().parse(raw) else {
        return String::from_utf8_lossy(raw).into_owned();
    };
    let addrs = |a: Option<&Address<'_>>| -> String {
        a.map(|a| {
            a.iter()
                .map(|x| match (x.name(), x.address()) {
                    (Some(n), Some(e)) => format!("{n} <{e}>"),
                    (None, Some(e)) => e.to_string(),
                    (Some(n), None) => n.to_string(),
                    (None, None) => String::new(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
    };
    let mut out = String::new();
    let mut header = |name: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("{name}: {value}\n"));
        }
    };
    header("From", addrs(msg.from()));
    header("To", addrs(msg.to()));
    header("Cc", addrs(msg.cc()));
    header("Subject", msg.subject().unwrap_or("").to_string());
    header(
        "In-Reply-To",
        msg.in_reply_to()
            .as_text_list()
            .map(|l| {
                l.iter()
                    .map(|m| format!("<{m}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default(),
    );
    for a in msg.attachments() {
        header(
            "Attachment",
            format!(
                "{} ({}, {} bytes)",
                a.attachment_name().unwrap_or("unnamed"),
                a.content_type()
                    .map(|c| match c.subtype() {
                        Some(s) => format!("{}/{s}", c.ctype()),
                        None => c.ctype().to_string(),
                    })
                    .unwrap_or_else(|| "application/octet-stream".into()),
                a.contents().len()
            ),
        );
    }
    out.push('\n');
    out.push_str(msg.body_text(0).as_deref().unwrap_or("").trim_end());
    out.push('\n');
    out.chars()
        .flat_map(|c| {
            if c == '\r' {
                Vec::new()
            } else if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// the SMTP envelope; an error for anything else (several addresses, line breaks).
pub fn recipient_address(field: &'static str, value: &str) -> Result<String, ComposeError> {
    parse_mailbox(field, value).map(|m| m.email.to_string())
}

fn parse_mailbox(
    field: &'static str,
    value: &str,
) -> Result<lettre::message::Mailbox, ComposeError> {
    let error = |reason: String| ComposeError::Address {
        field,
        value: value.to_string(),
        reason,
    };
    if has_control(value) {
        return Err(error(
            "contains a line break or control character".to_string(),
        ));
    }
    // One address per entry: a comma would smuggle in extra recipients.
    let mailboxes: lettre::message::Mailboxes =
        value.trim().parse().map_err(|e| error(format!("{e}")))?;
    let mut iter = mailboxes.into_iter();
    match (iter.next(), iter.next()) {
        (Some(mailbox), None) => Ok(mailbox),
        (None, _) => Err(error("no address".to_string())),
        (Some(_), Some(_)) => Err(error("more than one address".to_string())),
    }
}

/// Checks a message id and returns it with its angle brackets.
fn message_id(field: &'static str, value: &str) -> Result<String, ComposeError> {
    normalize_id(value).map_err(|reason| ComposeError::Header {
        field,
        value: value.to_string(),
        reason: reason.to_string(),
    })
}

fn normalize_id(value: &str) -> Result<String, &'static str> {
    if value.contains(['\r', '\n']) {
        return Err("contains a line break");
    }
    let trimmed = value.trim();
    let inner = trimmed
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(trimmed);
    if inner.is_empty() {
        return Err("is empty");
    }
    if !inner
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
    {
        return Err("is not a `<id@domain>` token (spaces, brackets or non-ASCII)");
    }
    Ok(format!("<{inner}>"))
}

/// The References ids, de-duplicated; a line break is an error, other junk is dropped.
fn references(ids: &[String]) -> Result<Vec<String>, ComposeError> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if id.contains(['\r', '\n']) {
            return Err(ComposeError::Header {
                field: "References",
                value: id.clone(),
                reason: "contains a line break".to_string(),
            });
        }
        // Ids come from other people's mail; a malformed one must not block a reply.
        if let Ok(id) = normalize_id(id)
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    Ok(out)
}

fn attachment_part(attachment: &Attachment) -> Result<SinglePart, ComposeError> {
    let error = |reason: String| ComposeError::Attachment {
        filename: attachment.filename.clone(),
        reason,
    };
    if attachment.filename.trim().is_empty() || has_control(&attachment.filename) {
        return Err(error(
            "empty name, line break or control character".to_string(),
        ));
    }
    let content_type = ContentType::parse(attachment.content_type.trim())
        .map_err(|e| error(format!("content type {:?}: {e}", attachment.content_type)))?;
    // Base64 always, so the file arrives byte for byte (no CRLF rewriting).
    let body = Body::new_with_encoding(attachment.data.clone(), ContentTransferEncoding::Base64)
        .map_err(|_| error("cannot be base64-encoded".to_string()))?;
    Ok(LettreAttachment::new(attachment.filename.clone()).body(body, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use mail_parser::{HeaderValue as ParsedValue, MessageParser, MimeHeaders};

    fn outgoing<'a>(references: &'a [String]) -> Outgoing<'a> {
        Outgoing {
            from: Mailbox {
                name: Some("Podpora Nováková s.r.o.".to_string()),
                addr: "support@example.com".to_string(),
            },
            to: vec!["Jana Nováková <jana@example.cz>".to_string()],
            cc: vec![],
            subject: "Re: Reklamace objednávky [REQ-000279]",
            body: "Dobrý den,\n\nděkujeme, žluťoučký kůň úpěl ďábelské ódy.\n-- \nPodpora\n",
            message_id: "<REQ-000279.2.a1b2@hd.example.com>",
            in_reply_to: Some("<CAF=abc@mail.example.cz>"),
            references,
            auto_submitted: false,
            attachments: vec![],
            date: Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap(),
        }
    }

    fn header_text(raw: &[u8], name: &str) -> Option<String> {
        let text = String::from_utf8_lossy(raw);
        let head = text.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push_str(line);
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_string());
            }
        }
        value
    }

    #[test]
    fn czech_headers_and_body_round_trip() {
        let refs = vec![
            "<first@mail.example.cz>".to_string(),
            "CAF=abc@mail.example.cz".to_string(),
        ];
        let raw = build(&outgoing(&refs)).unwrap();
        assert!(raw.is_ascii(), "the message must be 7-bit clean");
        assert!(!String::from_utf8_lossy(&raw).contains("\n\n"), "CRLF only");

        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.subject(),
            Some("Re: Reklamace objednávky [REQ-000279]")
        );
        let from = parsed.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Podpora Nováková s.r.o."));
        assert_eq!(from.address(), Some("support@example.com"));
        let to = parsed.to().unwrap().first().unwrap();
        assert_eq!(to.name(), Some("Jana Nováková"));
        assert_eq!(to.address(), Some("jana@example.cz"));
        assert_eq!(
            parsed.body_text(0).as_deref(),
            Some(
                "Dobrý den,\r\n\r\nděkujeme, žluťoučký kůň úpěl ďábelské ódy.\r\n-- \r\nPodpora\r\n"
            )
        );
        assert_eq!(
            parsed.message_id(),
            Some("REQ-000279.2.a1b2@hd.example.com")
        );
        assert_eq!(
            header_text(&raw, "Message-ID").as_deref(),
            Some("<REQ-000279.2.a1b2@hd.example.com>")
        );
        assert_eq!(
            header_text(&raw, "In-Reply-To").as_deref(),
            Some("<CAF=abc@mail.example.cz>")
        );
        assert_eq!(
            header_text(&raw, "References").as_deref(),
            Some("<first@mail.example.cz> <CAF=abc@mail.example.cz>")
        );
        assert_eq!(
            parsed.date().map(|d| d.to_timestamp()),
            Some(
                Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0)
                    .unwrap()
                    .timestamp()
            )
        );
        let ct = parsed.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
        assert_eq!(ct.attribute("charset"), Some("utf-8"));
        assert_eq!(header_text(&raw, "Auto-Submitted"), None);
        assert_eq!(header_text(&raw, "X-Auto-Response-Suppress"), None);
        // Only the non-ASCII word is RFC 2047-encoded; the ticket number stays readable.
        assert_eq!(
            header_text(&raw, "Subject").as_deref(),
            Some("Re: Reklamace =?utf-8?b?b2JqZWRuw6F2a3k=?= [REQ-000279]")
        );
    }

    #[test]
    fn auto_submitted_only_when_asked() {
        let mut msg = outgoing(&[]);
        msg.auto_submitted = true;
        msg.in_reply_to = None;
        let raw = build(&msg).unwrap();
        assert_eq!(
            header_text(&raw, "Auto-Submitted").as_deref(),
            Some("auto-replied")
        );
        assert_eq!(
            header_text(&raw, "X-Auto-Response-Suppress").as_deref(),
            Some("All")
        );
        assert_eq!(header_text(&raw, "In-Reply-To"), None);
        assert_eq!(header_text(&raw, "References"), None);
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.header("Auto-Submitted"),
            Some(&ParsedValue::Text("auto-replied".into()))
        );
    }

    #[test]
    fn many_references_fold_and_stay_intact() {
        let refs: Vec<String> = (0..30)
            .map(|i| format!("<message-number-{i}@mail.example.cz>"))
            .collect();
        let raw = build(&outgoing(&refs)).unwrap();
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.lines().all(|l| l.len() <= 998));
        assert_eq!(header_text(&raw, "References").unwrap(), refs.join(" "));
        let parsed = MessageParser::default().parse(&raw).unwrap();
        let got: Vec<&str> = parsed
            .references()
            .as_text_list()
            .unwrap_or_default()
            .iter()
            .map(|c| c.as_ref())
            .collect();
        let want: Vec<String> = (0..30)
            .map(|i| format!("message-number-{i}@mail.example.cz"))
            .collect();
        assert_eq!(got, want.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn cc_and_bare_addresses() {
        let mut msg = outgoing(&[]);
        msg.to = vec!["jana@example.cz".to_string()];
        msg.cc = vec![
            "petr@example.cz".to_string(),
            "\"Novák, Petr\" <petr.novak@example.cz>".to_string(),
        ];
        msg.from.name = None;
        let raw = build(&msg).unwrap();
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.from().unwrap().first().unwrap().address(),
            Some("support@example.com")
        );
        assert_eq!(parsed.from().unwrap().first().unwrap().name(), None);
        let cc: Vec<(Option<&str>, Option<&str>)> = parsed
            .cc()
            .unwrap()
            .iter()
            .map(|a| (a.name(), a.address()))
            .collect();
        assert_eq!(
            cc,
            [
                (None, Some("petr@example.cz")),
                (Some("Novák, Petr"), Some("petr.novak@example.cz"))
            ]
        );
        assert_eq!(
            parsed.to().unwrap().first().unwrap().address(),
            Some("jana@example.cz")
        );
    }

    #[test]
    fn attachments_make_multipart_mixed() {
        let mut msg = outgoing(&[]);
        let pdf: Vec<u8> = (0..=255u8).chain(b"\n\r\n.\r\n".iter().copied()).collect();
        msg.attachments = vec![
            Attachment {
                filename: "faktura č. 12.pdf".to_string(),
                content_type: "application/pdf".to_string(),
                data: pdf.clone(),
            },
            Attachment {
                filename: "log.txt".to_string(),
                content_type: "text/plain; charset=utf-8".to_string(),
                data: b"a\nb\n".to_vec(),
            },
        ];
        let raw = build(&msg).unwrap();
        let parsed = MessageParser::default().parse(&raw).unwrap();
        let ct = parsed.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("multipart", Some("mixed")));
        assert_eq!(parsed.attachment_count(), 2);
        let first = parsed.attachment(0).unwrap();
        assert_eq!(first.attachment_name(), Some("faktura č. 12.pdf"));
        assert_eq!(first.contents(), pdf.as_slice());
        let second = parsed.attachment(1).unwrap();
        assert_eq!(second.attachment_name(), Some("log.txt"));
        assert_eq!(second.contents(), b"a\nb\n");
        assert_eq!(
            parsed.body_text(0).as_deref(),
            Some(
                "Dobrý den,\r\n\r\nděkujeme, žluťoučký kůň úpěl ďábelské ódy.\r\n-- \r\nPodpora\r\n"
            )
        );
    }

    #[test]
    fn subject_line_breaks_become_spaces() {
        let mut msg = outgoing(&[]);
        msg.subject = "Re: x\r\nBcc: victim@example.com\n\nhello";
        let raw = build(&msg).unwrap();
        assert_eq!(header_text(&raw, "Bcc"), None);
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.subject(),
            Some("Re: x Bcc: victim@example.com hello")
        );
    }

    #[test]
    fn injection_attempts_are_rejected() {
        let refs: Vec<String> = vec![];
        let mut msg = outgoing(&refs);
        msg.to = vec!["jana@example.cz\r\nBcc: victim@example.com".to_string()];
        assert_eq!(
            build(&msg).unwrap_err().to_string(),
            "invalid To address \"jana@example.cz\\r\\nBcc: victim@example.com\": contains a line break or control character"
        );

        let mut msg = outgoing(&refs);
        msg.cc = vec!["a@example.cz, victim@example.com".to_string()];
        assert_eq!(
            build(&msg).unwrap_err().to_string(),
            "invalid Cc address \"a@example.cz, victim@example.com\": more than one address"
        );

        let mut msg = outgoing(&refs);
        msg.to = vec!["not an address".to_string()];
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Address { field: "To", .. }
        ));

        let mut msg = outgoing(&refs);
        msg.from.addr = "support@example.com\nX-Evil: 1".to_string();
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Address { field: "From", .. }
        ));

        let mut msg = outgoing(&refs);
        msg.from.name = Some("Podpora\r\nBcc: victim@example.com".to_string());
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Header {
                field: "From name",
                ..
            }
        ));

        let mut msg = outgoing(&refs);
        msg.message_id = "<a@b>\r\nBcc: victim@example.com";
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Header {
                field: "Message-ID",
                ..
            }
        ));

        let mut msg = outgoing(&refs);
        msg.in_reply_to = Some("<a b@c>");
        assert_eq!(
            build(&msg).unwrap_err().to_string(),
            "invalid In-Reply-To \"<a b@c>\": is not a `<id@domain>` token (spaces, brackets or non-ASCII)"
        );

        let bad_refs = vec!["<a@b>\nBcc: x@y".to_string()];
        let msg = outgoing(&bad_refs);
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Header {
                field: "References",
                ..
            }
        ));

        let mut msg = outgoing(&refs);
        msg.attachments = vec![Attachment {
            filename: "a\r\nb.pdf".to_string(),
            content_type: "application/pdf".to_string(),
            data: vec![1],
        }];
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Attachment { .. }
        ));

        let mut msg = outgoing(&refs);
        msg.attachments = vec![Attachment {
            filename: "a.pdf".to_string(),
            content_type: "application/pdf\r\nBcc: x@y".to_string(),
            data: vec![1],
        }];
        assert!(matches!(
            build(&msg).unwrap_err(),
            ComposeError::Attachment { .. }
        ));
    }

    #[test]
    fn junk_references_are_dropped_not_fatal() {
        let refs = vec![
            "<ok@a>".to_string(),
            "<has space@a>".to_string(),
            "<ok@a>".to_string(),
            "<ünicode@a>".to_string(),
            "".to_string(),
            "<ok2@a>".to_string(),
        ];
        let raw = build(&outgoing(&refs)).unwrap();
        assert_eq!(
            header_text(&raw, "References").as_deref(),
            Some("<ok@a> <ok2@a>")
        );
    }

    #[test]
    fn no_recipient_is_an_error() {
        let mut msg = outgoing(&[]);
        msg.to.clear();
        assert_eq!(build(&msg).unwrap_err(), ComposeError::NoRecipient);
    }
}
