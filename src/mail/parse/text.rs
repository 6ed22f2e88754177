//! The text a person would see in a mail client: every inline text part in
//! order, the HTML when the plain alternative is blank or only points to it.

use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

use super::charset::{Detected, redecode_if_undeclared};
use super::html::html_to_text;
use super::{normalize_text, part_mime_type};

/// A plain alternative this short that links elsewhere while the HTML says
/// much more is a stub ("read this message in your browser: URL").
const STUB_MAX_CHARS: usize = 600;

/// The body text and the parts it was made of (those are not attachments).
pub(super) struct BodyText {
    pub text: String,
    pub parts: Vec<usize>,
}

/// Builds the body text of `message`; `buf` is the buffer it was parsed from.
pub(super) fn body_text(
    message: &Message<'_>,
    buf: &[u8],
    detected: Detected,
    problems: &mut Vec<String>,
) -> BodyText {
    // mail-parser's text body already picks one alternative of each
    // multipart/alternative; the inline text parts it files as attachments
    // (`Content-Type: text`, a multipart it could not split) are added back.
    let mut plain_ids: Vec<usize> = message.text_body.iter().map(|i| *i as usize).collect();
    for (i, part) in message.parts.iter().enumerate() {
        if !plain_ids.contains(&i) && is_unfiled_inline_text(part) {
            plain_ids.push(i);
        }
    }
    plain_ids.sort_unstable();
    plain_ids.dedup();
    let (plain, plain_used) = join_parts(message, &plain_ids, buf, detected, problems);

    let html_ids: Vec<usize> = message.html_body.iter().map(|i| *i as usize).collect();
    let has_html = html_ids.iter().any(|i| {
        matches!(
            message.parts.get(*i).map(|p| &p.body),
            Some(PartType::Html(_))
        )
    });
    if has_html && html_ids != plain_ids {
        let blank = plain.trim().is_empty();
        let mut scratch = Vec::new();
        let (html, html_used) = join_parts(message, &html_ids, buf, detected, &mut scratch);
        if blank || is_stub(&plain, &html) {
            problems.extend(scratch);
            return BodyText {
                text: html,
                parts: html_used,
            };
        }
    }
    BodyText {
        text: plain,
        parts: plain_used,
    }
}

/// A text part mail-parser did not put in the text body though a mail client
/// shows it: `Content-Type: text` without a subtype, or a multipart whose
/// parts could not be found, unless it is named or marked as an attachment.
fn is_unfiled_inline_text(part: &MessagePart<'_>) -> bool {
    if !matches!(part.body, PartType::Text(_)) {
        return false;
    }
    let mime = part_mime_type(part);
    let inline_type = mime
        .as_deref()
        .is_none_or(|m| m == "text" || m.starts_with("multipart/"));
    let attachment = part
        .content_disposition()
        .is_some_and(|d| d.is_attachment())
        || part.attachment_name().is_some();
    inline_type && !attachment
}

fn join_parts(
    message: &Message<'_>,
    ids: &[usize],
    buf: &[u8],
    detected: Detected,
    problems: &mut Vec<String>,
) -> (String, Vec<usize>) {
    let mut pieces: Vec<String> = Vec::new();
    let mut used = Vec::new();
    for id in ids {
        let Some(part) = message.parts.get(*id) else {
            continue;
        };
        let piece = match &part.body {
            PartType::Text(text) => {
                normalize_text(&redecode_if_undeclared(part, text, buf, detected))
            }
            PartType::Html(html) => {
                let html = redecode_if_undeclared(part, html, buf, detected);
                match html_to_text(&html) {
                    Ok(text) => normalize_text(&text),
                    Err(cause) => {
                        problems.push(cause);
                        normalize_text(&html)
                    }
                }
            }
            _ => continue,
        };
        used.push(*id);
        let piece = piece.trim_start_matches(['\n', '\r']).to_string();
        if !piece.trim().is_empty() {
            pieces.push(piece);
        }
    }
    (pieces.join("\n\n"), used)
}

/// Whether `plain` only points to the HTML version while `html` carries the content.
fn is_stub(plain: &str, html: &str) -> bool {
    let plain_len = plain.trim().chars().count();
    let html_len = html.trim().chars().count();
    let lower = plain.to_lowercase();
    let points_away = lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("html")
        || lower.contains("www.");
    plain_len <= STUB_MAX_CHARS && points_away && html_len >= 3 * plain_len + 200
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stub_detection() {
        let long_html = "Jarní katalog. ".repeat(60);
        assert!(is_stub(
            "Zobrazit v prohlížeči: https://example.com/n/1",
            &long_html
        ));
        assert!(is_stub(
            "This message is in HTML only; please use an HTML mail reader.",
            &long_html
        ));
        // A real plain text and its HTML twin.
        assert!(!is_stub(
            "Dobrý den, posílám podklady, viz https://example.com/a",
            "Dobrý den, posílám podklady, viz https://example.com/a"
        ));
        // A short plain text without a pointer elsewhere is what the sender wrote.
        assert!(!is_stub("Díky, funguje.", &long_html));
    }
}
