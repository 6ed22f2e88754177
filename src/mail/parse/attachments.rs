//! Attachments: bodies moved out of the parsed message, names made safe,
//! and file extensions for unnamed parts.

use mail_parser::{Encoding, Message, MimeHeaders, PartType};

use super::{drop_iteratively, part_mime_type};

/// Longest attachment file name kept, in characters.
pub const MAX_ATTACHMENT_NAME: usize = 200;

/// One file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name, sanitised: no path, no control characters, no leading dots.
    pub name: String,
    /// MIME type in lower case, e.g. `application/pdf`.
    pub content_type: String,
    /// Decoded content.
    pub data: Vec<u8>,
    /// [`crate::mail::content_hash`] of `data`, computed here so that the
    /// thread storing mail does not spend its time hashing.
    pub hash: String,
}

/// Makes an attachment file name safe to show and to save: `fallback` when nothing is left.
pub fn sanitize_filename(name: &str, fallback: &str) -> String {
    // Keep only the last path component: senders leak "C:\Users\..." and attackers send "../../".
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format_char(*c))
        .map(|c| match c {
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            _ => c,
        })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let name = if trimmed.is_empty() {
        fallback
    } else {
        trimmed
    };
    truncate_keeping_extension(name, MAX_ATTACHMENT_NAME)
}

/// Bidirectional overrides and zero-width characters disguise extensions ("invoice\u{202e}fdp.exe").
fn is_invisible_format_char(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

fn truncate_keeping_extension(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.chars().count() <= 16);
    match ext {
        Some(ext) => {
            let keep = max - ext.chars().count() - 1;
            let stem: String = name.chars().take(keep).collect();
            format!("{}.{ext}", stem.trim_end())
        }
        None => name.chars().take(max).collect(),
    }
}

/// Moves attachment bodies out of the parsed message so large ones are not copied again.
pub(super) fn take_attachments(
    message: &mut Message<'_>,
    buf: &[u8],
    text_parts: &[usize],
) -> Vec<Attachment> {
    let ids = message.attachments.clone();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if text_parts.contains(&(id as usize)) {
            // Shown as the text of the message.
            continue;
        }
        let Some(part) = message.parts.get_mut(id as usize) else {
            continue;
        };
        let mime = part_mime_type(part);
        if mime.as_deref().is_some_and(|m| m.starts_with("multipart/")) {
            // A multipart that could not be split (no boundary): its text is already the body.
            continue;
        }
        let number = out.len() + 1;
        let name_hint = part.attachment_name().map(str::to_string);
        let transfer = part
            .content_transfer_encoding()
            .map(|e| e.trim().to_ascii_lowercase());
        let body = std::mem::take(&mut part.body);
        let (content_type, data, subject) = match body {
            PartType::Binary(data) | PartType::InlineBinary(data) => (
                mime.unwrap_or_else(|| "application/octet-stream".to_string()),
                data.into_owned(),
                None,
            ),
            PartType::Text(text) | PartType::Html(text) => {
                let content_type = mime.unwrap_or_else(|| "text/plain".to_string());
                // A binary part cut short by a missing boundary comes back as undecoded text.
                let data = if !content_type.starts_with("text/")
                    && transfer.as_deref() == Some("base64")
                {
                    base64_decode_lenient(text.as_bytes())
                } else {
                    text.into_owned().into_bytes()
                };
                (content_type, data, None)
            }
            PartType::Message(mut inner) => {
                let subject = inner.subject().map(str::to_string);
                let own_raw = std::mem::take(&mut inner.raw_message);
                drop_iteratively(inner);
                // A nested message parsed in place points at the outer buffer; its own bytes are the part body.
                let data = match part.encoding {
                    Encoding::None => buf
                        .get(part.offset_body as usize..part.offset_end as usize)
                        .map(<[u8]>::to_vec)
                        .unwrap_or_else(|| own_raw.into_owned()),
                    _ => own_raw.into_owned(),
                };
                (
                    mime.unwrap_or_else(|| "message/rfc822".to_string()),
                    data,
                    subject,
                )
            }
            PartType::Multipart(_) => continue,
        };
        let fallback = format!("attachment-{number}.{}", extension_for(&content_type));
        let hint = name_hint.or_else(|| {
            subject
                .filter(|s| !s.trim().is_empty())
                .map(|s| format!("{}.eml", s.trim()))
        });
        out.push(Attachment {
            name: sanitize_filename(hint.as_deref().unwrap_or(""), &fallback),
            content_type,
            hash: crate::mail::content_hash(&data),
            data,
        });
    }
    out
}

/// The file extension for an unnamed attachment of this type.
fn extension_for(content_type: &str) -> &'static str {
    match content_type {
        // Types mime_guess does not know, or knows with an unusual first extension.
        "message/rfc822" => "eml",
        "text/plain"
        | "text"
        | "text/rfc822-headers"
        | "message/delivery-status"
        | "message/disposition-notification" => "txt",
        "application/ms-tnef" | "application/vnd.ms-tnef" => "dat",
        "image/jpeg" | "image/jpg" | "image/pjpeg" => "jpg",
        "text/html" => "html",
        "application/gzip" | "application/x-gzip" => "gz",
        "application/octet-stream" => "bin",
        _ => mime_guess::get_mime_extensions_str(content_type)
            .and_then(|exts| exts.first().copied())
            .unwrap_or("bin"),
    }
}

/// Decodes base64 while skipping junk and stopping cleanly at a truncated end.
pub(super) fn base64_decode_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &byte in input {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
