//! HTML read as a mail client shows it: text without table borders or
//! padding, and link targets inline when a message has only a few of them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use html2text::render::RichAnnotation;

/// Width handed to html2text: wide enough that it does not re-wrap paragraphs.
const HTML_TEXT_WIDTH: usize = 1000;

/// With more distinct link targets than this (a newsletter), links show only their text.
const MAX_INLINE_LINKS: usize = 10;

/// Converts HTML to plain text, turning a converter panic into an error.
///
/// html2text is quadratic in nesting depth (100,000 nested `<div>`s take
/// minutes) and slow on huge input, so such HTML gets mail-parser's simple
/// linear tag stripper instead.
pub(super) fn html_to_text(html: &str) -> Result<String, String> {
    const MAX_HTML2TEXT_BYTES: usize = 2 * 1024 * 1024;
    const MAX_DEPTH: usize = 256;
    if html.len() > MAX_HTML2TEXT_BYTES || html_depth_exceeds(html, MAX_DEPTH) {
        return Ok(tidy(&mail_parser::decoders::html::html_to_text(html)));
    }
    let lines = catch_unwind(AssertUnwindSafe(|| {
        // Layout tables read as a column of cells, the way a narrow mail window shows them.
        html2text::config::rich()
            .raw_mode(true)
            .no_table_borders()
            .lines_from_read(html.as_bytes(), HTML_TEXT_WIDTH)
    }))
    .map_err(|_| "the HTML converter crashed; the text is the raw HTML".to_string())?
    .map_err(|e| format!("HTML could not be converted to text: {e}"))?;

    let link_of = |tag: &[RichAnnotation]| {
        tag.iter().rev().find_map(|a| match a {
            RichAnnotation::Link(url) => Some(url.clone()),
            _ => None,
        })
    };
    let mut targets: Vec<String> = Vec::new();
    for line in &lines {
        for s in line.tagged_strings() {
            if let Some(url) = link_of(&s.tag).filter(|u| shows_target(u))
                && !targets.contains(&url)
            {
                targets.push(url);
                if targets.len() > MAX_INLINE_LINKS {
                    break;
                }
            }
        }
    }
    let inline_links = targets.len() <= MAX_INLINE_LINKS;

    let mut out = String::with_capacity(html.len() / 4);
    for line in &lines {
        let mut open: Option<(String, String)> = None; // (url, its text so far)
        let mut text = String::new();
        for s in line.tagged_strings() {
            let link = link_of(&s.tag).filter(|_| inline_links);
            if open.as_ref().map(|(u, _)| u) != link.as_ref()
                && let Some((url, shown)) = open.take()
            {
                push_target(&mut text, &url, &shown);
            }
            if let Some(url) = link {
                open.get_or_insert_with(|| (url, String::new()))
                    .1
                    .push_str(&s.s);
            }
            text.push_str(&s.s);
        }
        if let Some((url, shown)) = open.take() {
            push_target(&mut text, &url, &shown);
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    Ok(tidy(&out))
}

/// Whether a link target is worth showing: web and mail addresses, not anchors or scripts.
fn shows_target(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Appends ` <url>` after a link's text, unless the text already is the address.
fn push_target(text: &mut String, url: &str, shown: &str) {
    if !shows_target(url) {
        return;
    }
    let bare = url.trim().trim_start_matches("mailto:");
    let shown = shown.trim();
    if shown.is_empty() || shown.contains(bare) || bare.contains(shown) && shown.contains('.') {
        return;
    }
    text.push_str(" <");
    text.push_str(url.trim());
    text.push('>');
}

/// Trailing spaces go, non-breaking spaces become spaces, and runs of blank
/// lines shrink to one: layout HTML is mostly empty cells.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.replace('\u{a0}', " ");
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Estimates whether open elements nest deeper than `limit`; void and
/// optionally-closed elements (`<br>`, `<p>`, `<li>`, `<td>`...) do not count.
pub(super) fn html_depth_exceeds(html: &str, limit: usize) -> bool {
    const NOT_NESTING: [&str; 22] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd",
    ];
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let closing = bytes.get(i + 1) == Some(&b'/');
        let start = if closing { i + 2 } else { i + 1 };
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end == start {
            i += 1;
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let counts = !NOT_NESTING.contains(&name.as_str());
        let tag_end = bytes[end..]
            .iter()
            .position(|b| *b == b'>')
            .map(|p| end + p);
        let self_closing = tag_end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if counts && closing {
            depth = depth.saturating_sub(1);
        } else if counts && !self_closing {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
        i = tag_end.map_or(bytes.len(), |e| e + 1);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_estimate() {
        assert!(!html_depth_exceeds("<div><p>a<p>b<br><img src=x></div>", 1));
        assert!(html_depth_exceeds("<div><span>a</span></div>", 1));
        assert!(!html_depth_exceeds(&"<div></div>".repeat(1000), 1));
        assert!(!html_depth_exceeds("<div/><b/>", 1));
        assert!(!html_depth_exceeds("a < b and <3", 1));
    }

    #[test]
    fn tables_have_no_borders_or_padding() {
        let html = "<table border=1><tr><td>Jméno</td><td>Hodnota</td></tr>\
                    <tr><td>Stav</td><td><table><tr><td>vnořená buňka</td></tr></table></td></tr></table>";
        let text = html_to_text(html).unwrap_or_default();
        assert!(!text.contains(['─', '│', '┼', '|', '-']), "{text}");
        for line in text.lines() {
            assert_eq!(line, line.trim(), "{text:?}");
        }
        for word in ["Jméno", "Hodnota", "Stav", "vnořená buňka"] {
            assert!(text.contains(word), "{text}");
        }
    }

    #[test]
    fn few_links_inline_many_links_as_text() {
        let text = html_to_text(
            "<p>Heslo obnovíte <a href=\"https://example.com/reset?t=1\">zde</a>, \
             psát můžete na <a href=\"mailto:help@example.com\">help@example.com</a>.</p>",
        )
        .unwrap_or_default();
        assert_eq!(
            text,
            "Heslo obnovíte zde <https://example.com/reset?t=1>, psát můžete na help@example.com."
        );
        assert!(!text.contains("[1]"));

        let many: String = (0..30)
            .map(|i| format!("<p><a href=\"https://shop.example.com/p/{i}\">Produkt {i}</a></p>"))
            .collect();
        let text = html_to_text(&many).unwrap_or_default();
        assert!(text.starts_with("Produkt 0\n\nProdukt 1"), "{text}");
        assert!(!text.contains("https://"), "{text}");
    }
}
