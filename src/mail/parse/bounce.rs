//! Delivery failure reports: which of our messages came back, and why.

use std::borrow::Cow;
use std::sync::LazyLock;

use mail_parser::{Message, PartType};
use regex::Regex;

use super::{part_mime_type, strip_angle};

/// A Message-ID line inside a returned message or a quoted original.
static MESSAGE_ID_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^[ \t>]*message-id:\s*<([^<>\s]+)>").expect("static regex"));

/// The lines of a delivery status report (RFC 3464) that say why mail bounced.
static DIAGNOSTIC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^(diagnostic-code|status|final-recipient):[ \t]*(?:[a-z0-9-]+;[ \t]*)?(\S[^\r\n]*)",
    )
    .expect("static regex")
});

/// Why a delivery failed, from a bounce's report: the recipient, the status
/// code and the server's diagnostic, as far as the report gives them.
pub fn bounce_reason(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let (mut recipient, mut status, mut diagnostic) = (None, None, None);
    for c in DIAGNOSTIC_LINE.captures_iter(&text) {
        let value = c[2].trim().to_string();
        match c[1].to_ascii_lowercase().as_str() {
            "final-recipient" => recipient = recipient.or(Some(value)),
            "status" => status = status.or(Some(value)),
            _ => diagnostic = diagnostic.or(Some(value)),
        }
    }
    let parts: Vec<String> = [recipient, status, diagnostic]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        "returned by the mail server".to_string()
    } else {
        parts.join(" ")
    }
}

/// Finds the Message-ID of the message a delivery report returns: from a
/// message/rfc822 part, else a text/rfc822-headers part, else the body text.
pub(super) fn returned_message_id(message: &Message<'_>, buf: &[u8]) -> Option<String> {
    let nested = message.parts.iter().find_map(|part| match &part.body {
        PartType::Message(inner) => inner.message_id().map(strip_angle),
        _ => None,
    });
    if let Some(id) = nested.filter(|id| !id.is_empty()) {
        return Some(id);
    }
    for part in &message.parts {
        let mime = part_mime_type(part).unwrap_or_default();
        if mime == "text/rfc822-headers"
            || mime == "message/rfc822-headers"
            || mime == "message/rfc822"
        {
            let text: Cow<'_, str> = match &part.body {
                PartType::Text(t) | PartType::Html(t) => Cow::Borrowed(t.as_ref()),
                PartType::Binary(b) | PartType::InlineBinary(b) => String::from_utf8_lossy(b),
                _ => Cow::Owned(
                    String::from_utf8_lossy(
                        buf.get(part.offset_body as usize..part.offset_end as usize)
                            .unwrap_or_default(),
                    )
                    .into_owned(),
                ),
            };
            if let Some(id) = first_message_id_line(&text) {
                return Some(id);
            }
        }
    }
    // qmail and old Exchange quote the original in the body text.
    message.parts.iter().find_map(|part| match &part.body {
        PartType::Text(text) => first_message_id_line(text),
        _ => None,
    })
}

fn first_message_id_line(text: &str) -> Option<String> {
    MESSAGE_ID_LINE
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}
