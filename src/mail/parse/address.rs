//! Who sent a message: always a whole address, or nobody ("unknown sender").
//!
//! A From whose local part mail-parser cannot read (an encoded word, a
//! quoted phrase followed by a stray `>`) comes back as `@example.com`;
//! kept as such, unrelated senders would share one contact, and threading
//! by the ticket number in the subject trusts the contact.

use std::sync::LazyLock;

use mail_parser::{Address, HeaderName, Message, MessagePart};

/// An address written in a raw header: a quoted or plain local part and a domain.
static RAW_ADDRESS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"("[^"\r\n]*"|[^\s<>"(),;:@\[\]]+)@([^\s<>"(),;:@\[\]]+)"#)
        .expect("static regex")
});

/// The sender's address in lower case and display name: the first whole
/// address of From, then Reply-To, then Sender.
pub(super) fn sender(message: &Message<'_>, buf: &[u8]) -> (Option<String>, Option<String>) {
    let root = message.root_part();
    let candidates = [
        (HeaderName::From, message.from()),
        (HeaderName::ReplyTo, message.reply_to()),
        (HeaderName::Sender, message.sender()),
    ];
    for (header, parsed) in candidates {
        let name = parsed
            .and_then(Address::first)
            .and_then(|a| a.name())
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        for addr in parsed.into_iter().flat_map(Address::iter) {
            if let Some(a) = addr.address().and_then(whole_address) {
                let name = addr
                    .name()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty());
                return (Some(a), name);
            }
        }
        // What mail-parser could not read, read from the header as sent.
        if let Some(raw) = raw_header(root, &header, buf)
            && let Some(a) = RAW_ADDRESS
                .find_iter(&raw)
                .find_map(|m| whole_address(m.as_str()))
        {
            return (Some(a), name);
        }
    }
    (None, None)
}

/// The undecoded value of the first header of this name.
fn raw_header(root: &MessagePart<'_>, name: &HeaderName<'_>, buf: &[u8]) -> Option<String> {
    let h = root.headers.iter().find(|h| &h.name == name)?;
    let bytes = buf.get(h.offset_start as usize..h.offset_end as usize)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// `addr` in lower case when it is a whole address: a non-empty local part
/// and a domain, nothing around them.
pub(super) fn whole_address(addr: &str) -> Option<String> {
    let addr = addr
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let (local, domain) = addr.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    let local_ok = !local.is_empty()
        && local != "\"\""
        && !local.contains(['<', '>', '\r', '\n'])
        && (local.starts_with('"') || !local.contains(char::is_whitespace));
    let domain_ok = !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.contains(['@', '<', '>', '"', '[', ']'])
        && !domain.contains(char::is_whitespace);
    (local_ok && domain_ok).then(|| format!("{local}@{domain}").to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn from(headers: &str) -> (Option<String>, Option<String>) {
        let raw = format!("{headers}Subject: x\r\n\r\nbody\r\n");
        let message = MessageParser::default()
            .parse(raw.as_bytes())
            .expect("parses");
        sender(&message, raw.as_bytes())
    }

    #[test]
    fn malformed_local_parts_stay_whole() {
        assert_eq!(
            from("From: =?utf-8?Q?agent?=@example.com\r\n").0.as_deref(),
            Some("=?utf-8?q?agent?=@example.com")
        );
        assert_eq!(
            from("From: \"Millions Lottery Spain transfer\"@example.com>\r\n")
                .0
                .as_deref(),
            Some("\"millions lottery spain transfer\"@example.com")
        );
        assert_eq!(
            from("From: Jana <Jana.Novakova@Example.cz>\r\n"),
            (
                Some("jana.novakova@example.cz".to_string()),
                Some("Jana".to_string())
            )
        );
    }

    #[test]
    fn empty_senders_fall_back() {
        assert_eq!(
            from("From: <>, Real <real@example.com>\r\n").0.as_deref(),
            Some("real@example.com")
        );
        assert_eq!(
            from("From: <>\r\nReply-To: reply@example.com\r\nSender: s@example.com\r\n")
                .0
                .as_deref(),
            Some("reply@example.com")
        );
        assert_eq!(
            from("Sender: Robot <s@example.com>\r\n"),
            (Some("s@example.com".to_string()), Some("Robot".to_string()))
        );
        assert_eq!(from("From: =?utf-8?Q?x?= <@example.com>\r\n").0, None);
        assert_eq!(from("From: <>\r\n").0, None);
        assert_eq!(from("To: a@example.com\r\n").0, None);
    }

    #[test]
    fn whole_addresses() {
        assert_eq!(whole_address("@example.com"), None);
        assert_eq!(whole_address("agent@"), None);
        assert_eq!(whole_address("\"\"@example.com"), None);
        assert_eq!(whole_address("a b@example.com"), None);
        assert_eq!(
            whole_address("<A@Example.com>").as_deref(),
            Some("a@example.com")
        );
    }
}
