//! Bytes without a (known) charset: UTF-8 when they are, else what
//! `chardetng` detects, with a configurable fallback for the short Latin
//! texts detection cannot tell apart.

use std::borrow::Cow;
use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{MessagePart, MimeHeaders};

use super::repair::{header_block_end, header_blocks};

/// The fallback when none is configured: what Czech and Croatian Windows mailers send.
pub const DEFAULT_FALLBACK: &str = "windows-1250";

/// How undeclared 8-bit text is decoded.
#[derive(Debug, Clone, Copy)]
pub struct Decoding {
    /// Used for Latin text when the sender's domain gives no hint.
    pub fallback: &'static Encoding,
}

impl Default for Decoding {
    fn default() -> Self {
        Decoding {
            fallback: encoding_rs::WINDOWS_1250,
        }
    }
}

impl Decoding {
    /// The decoding with this fallback charset (a WHATWG label such as
    /// `windows-1252` or `iso-8859-2`); `None` when the label is unknown.
    pub fn with_fallback(label: &str) -> Option<Decoding> {
        Encoding::for_label(label.trim().as_bytes()).map(|fallback| Decoding { fallback })
    }
}

/// A detected charset for undeclared 8-bit bytes, with the sender's top-level
/// domain as a hint (`.cz` mail is Central European, `.jp` Japanese).
#[derive(Debug, Clone, Copy)]
pub(super) struct Detected(pub &'static Encoding);

impl Detected {
    pub fn decode(self, bytes: &[u8]) -> String {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => self.0.decode_without_bom_handling(bytes).0.into_owned(),
        }
    }
}

/// Guesses the charset of `sample` (non-UTF-8 bytes of one message).
pub(super) fn detect(sample: &[u8], tld: Option<&str>, decoding: Decoding) -> Detected {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(sample, true);
    let tld = tld.filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase()));
    let guess = detector.guess(tld.map(str::as_bytes), Utf8Detection::Allow);
    if tld.is_some() || !is_latin_single_byte(guess) {
        return Detected(guess);
    }
    // Short Latin texts are ambiguous between the Windows code pages; without
    // a national domain the configured fallback decides, if it reads them.
    let (_, errors) = decoding.fallback.decode_without_bom_handling(sample);
    if errors {
        Detected(guess)
    } else {
        Detected(decoding.fallback)
    }
}

fn is_latin_single_byte(e: &'static Encoding) -> bool {
    [
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1254,
        encoding_rs::WINDOWS_1257,
        encoding_rs::WINDOWS_1258,
        encoding_rs::ISO_8859_2,
        encoding_rs::ISO_8859_4,
        encoding_rs::ISO_8859_13,
        encoding_rs::ISO_8859_15,
    ]
    .contains(&e)
}

/// The top-level domain of the first `From:` address in a header block, lower case.
pub(super) fn sender_tld(head: &[u8]) -> Option<String> {
    static FROM: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r"(?im)^from:[^\n]*@[a-z0-9.-]*\.([a-z]{2,24})\b")
            .expect("static regex")
    });
    let caps = FROM.captures(head)?;
    let tld = caps.get(1)?.as_bytes().to_ascii_lowercase();
    let tld = String::from_utf8(tld).ok()?;
    // Generic domains say nothing about the language.
    (tld.len() == 2).then_some(tld)
}

/// Rewrites header lines that are not UTF-8 into UTF-8: the message's own
/// header block and those of its MIME parts (attachment names). They are
/// decoded with the declared legacy body charset, else the detected one.
/// `None` when every header is UTF-8 already.
pub(super) fn transcode_8bit_headers(raw: &[u8], decoding: Decoding) -> Option<Vec<u8>> {
    let end = header_block_end(raw);
    let mut blocks = vec![(0, end)];
    blocks.extend(header_blocks(raw));
    let bad: Vec<(usize, usize)> = blocks
        .iter()
        .flat_map(|&(s, e)| lines(raw, s, e))
        .filter(|&(s, e)| std::str::from_utf8(&raw[s..e]).is_err())
        .collect();
    if bad.is_empty() {
        return None;
    }
    let declared = declared_charset(&raw[..end])
        .and_then(|c| Encoding::for_label(c.as_bytes()).filter(|e| *e != encoding_rs::REPLACEMENT));
    let encoding = declared.unwrap_or_else(|| {
        let mut sample = Vec::new();
        for &(s, e) in &bad {
            sample.extend_from_slice(&raw[s..e]);
        }
        detect(&sample, sender_tld(&raw[..end]).as_deref(), decoding).0
    });
    let mut out = Vec::with_capacity(raw.len() + bad.len() * 16);
    let mut at = 0;
    for (s, e) in bad {
        out.extend_from_slice(&raw[at..s]);
        out.extend_from_slice(
            encoding
                .decode_without_bom_handling(&raw[s..e])
                .0
                .as_bytes(),
        );
        at = e;
    }
    out.extend_from_slice(&raw[at..]);
    Some(out)
}

/// The lines of `raw[start..end]`, each with its newline.
fn lines(raw: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    while s < end {
        let e = memchr::memchr(b'\n', &raw[s..end]).map_or(end, |p| s + p + 1);
        out.push((s, e));
        s = e;
    }
    out
}

/// The charset named in the top-level Content-Type, when it is an 8-bit legacy one.
fn declared_charset(head: &[u8]) -> Option<String> {
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)charset\s*=\s*"?([a-z0-9_.:-]+)"#).expect("static regex")
    });
    let caps = CHARSET.captures(head)?;
    let name = String::from_utf8_lossy(caps.get(1)?.as_bytes()).to_ascii_lowercase();
    match name.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => None,
        _ => Some(name),
    }
}

/// A text part without a (known) charset that is not UTF-8 came out lossy:
/// decode its bytes with the detected charset instead.
pub(super) fn redecode_if_undeclared<'a>(
    part: &MessagePart<'_>,
    text: &'a str,
    buf: &[u8],
    detected: Detected,
) -> Cow<'a, str> {
    let declared = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .is_some_and(|c| charset_decoder(c.as_bytes()).is_some());
    if declared || !text.contains('\u{fffd}') {
        return Cow::Borrowed(text);
    }
    let Some(raw) = buf.get(part.offset_body as usize..part.offset_end as usize) else {
        return Cow::Borrowed(text);
    };
    let bytes = match part.encoding {
        mail_parser::Encoding::QuotedPrintable => quoted_printable_decode(raw),
        mail_parser::Encoding::Base64 => Some(super::attachments::base64_decode_lenient(raw)),
        mail_parser::Encoding::None => Some(raw.to_vec()),
    };
    match bytes {
        Some(bytes) => Cow::Owned(detected.decode(&bytes)),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str, enc: &'static Encoding, tld: Option<&str>) -> String {
        let bytes = enc.encode(text).0;
        detect(&bytes, tld, Decoding::default()).decode(&bytes)
    }

    #[test]
    fn detection_with_fallback() {
        use encoding_rs::*;
        assert_eq!(guess("关于订单的问题", GBK, None), "关于订单的问题");
        assert_eq!(
            guess("注文についてのお問い合わせ", SHIFT_JIS, None),
            "注文についてのお問い合わせ"
        );
        // Too short to tell: the fallback reads it.
        assert_eq!(guess("Dobrý den", WINDOWS_1250, None), "Dobrý den");
        // A national domain is a better hint than the fallback.
        assert_eq!(
            guess("Réponse à votre question", WINDOWS_1252, Some("fr")),
            "Réponse à votre question"
        );
        let western = Decoding::with_fallback("windows-1252").expect("label");
        let bytes = WINDOWS_1252.encode("déjà reçue").0;
        assert_eq!(detect(&bytes, None, western).decode(&bytes), "déjà reçue");
        assert!(Decoding::with_fallback("no-such-charset").is_none());
    }

    #[test]
    fn tld_of_the_sender() {
        assert_eq!(
            sender_tld(b"Subject: x\r\nFrom: Jan <jan@firma.cz>\r\n").as_deref(),
            Some("cz")
        );
        assert_eq!(sender_tld(b"From: a@example.com\n"), None);
    }
}
