//! Ticket identity in mail: our Message-IDs, the `[REQ-000279]` subject tag,
//! reply subjects, satisfaction ratings and quoted-reply trimming.

use std::sync::LazyLock;

use regex::Regex;

/// Reply and forward prefixes that mail clients in our markets put before a subject.
static REPLY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:re|aw|odp|odg|fw|fwd|tr|sv|vs|wg|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*")
        .expect("static regex")
});

/// A ticket tag anywhere in a subject: `[REQ-000279]`, `[req-279]`.
static SUBJECT_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[([a-z][a-z0-9]{0,15})-(\d{1,18})\]").expect("static regex")
});

/// Our own Message-ID: `hd.REQ-000279.<unique>@<domain>`, brackets optional.
static OUR_MESSAGE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*<?hd\.([a-z][a-z0-9]{0,15})-(\d{1,18})\.[^@<>\s]+@[^@<>\s]+>?\s*$")
        .expect("static regex")
});

/// A rating line: a digit 1–5, alone, after `rating` (or the Czech, Slovak or
/// Croatian word for it, with or without a colon), and optionally followed by a
/// dash or colon and words (`1 - špatné`, `Hodnocení 1 – pomalé`) or `/5`.
static RATING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:rating|hodnocen[ií]|hodnotenie|ocjena|ocena)\s*:?\s*)?([1-5])\s*(?:[.!]|/\s*5\b.*|[-–—:)]\s*.*)?$",
    )
    .expect("static regex")
});

/// The attribution line that starts a quoted reply (English, Czech, Slovak, Croatian).
static ATTRIBUTION_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:on|dne|dňa|dana|am|le|el)\s").expect("static regex"));

/// How an attribution ends: "wrote:", "napsal(a):", "je napisao:"...
static ATTRIBUTION_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:wrote|napsal(?:a|\(a\))?|napísal(?:a|\(a\))?|napisao(?:/la)?|napisala|schrieb|a écrit|escribió)\s*:\s*$")
        .expect("static regex")
});

/// Separators that mail clients put above a quoted or forwarded original.
static QUOTE_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:-{2,}\s*(?:original message|původní zpráva|pôvodná správa|izvorna poruka|ursprüngliche nachricht)\s*-{2,}|_{10,})\s*$",
    )
    .expect("static regex")
});

/// Builds the Message-ID of an outgoing mail so that replies thread back to the ticket.
///
/// `unique` and `domain` are reduced to characters that are safe inside a
/// Message-ID, so a caller can pass any random or configured string.
pub fn outgoing_message_id(ticket_number: &str, unique: &str, domain: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '='))
            .collect()
    };
    let number = clean(ticket_number);
    let unique = clean(unique);
    let unique = if unique.is_empty() {
        "0".to_string()
    } else {
        unique
    };
    let domain = clean(domain);
    let domain = if domain.is_empty() {
        "hd.invalid".to_string()
    } else {
        domain
    };
    format!("<hd.{number}.{unique}@{domain}>")
}

/// Returns the ticket number (`REQ-000279`) encoded in one of our Message-IDs.
///
/// Anyone can write such an ID into In-Reply-To, so callers thread on it only
/// after finding the full ID among the messages we sent.
pub fn ticket_from_message_id(id: &str) -> Option<String> {
    let caps = OUR_MESSAGE_ID.captures(id)?;
    Some(format!(
        "{}-{}",
        caps[1].to_ascii_uppercase(),
        caps.get(2)?.as_str()
    ))
}

/// Finds the first ticket tag in a subject: `(prefix in upper case, number)`.
pub fn ticket_tag_in_subject(subject: &str) -> Option<(String, u64)> {
    ticket_tags_in_subject(subject).into_iter().next()
}

/// Finds every ticket tag in a subject, in order, so a caller can keep the one whose prefix is ours.
pub fn ticket_tags_in_subject(subject: &str) -> Vec<(String, u64)> {
    SUBJECT_TAG
        .captures_iter(subject)
        .filter_map(|caps| {
            let number = caps.get(2)?.as_str().parse::<u64>().ok()?;
            Some((caps[1].to_ascii_uppercase(), number))
        })
        .collect()
}

/// Builds the subject of a reply: one `Re: `, the original subject, one `[REQ-000279]` tag.
///
/// Control characters are dropped so template output cannot inject headers.
pub fn reply_subject(subject: &str, number: &str) -> String {
    let flat: String = subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let number: String = number.chars().filter(|c| !c.is_control()).collect();
    let number = number.trim();

    // Tags of this same ticket (any zero padding, any case) are removed and re-added once.
    let own = SUBJECT_TAG.captures(&format!("[{number}]")).and_then(|c| {
        Some((
            c[1].to_ascii_uppercase(),
            c.get(2)?.as_str().parse::<u64>().ok()?,
        ))
    });
    let mut rest = flat.clone();
    if let Some((prefix, n)) = &own {
        rest = SUBJECT_TAG
            .replace_all(&rest, |caps: &regex::Captures<'_>| {
                let same =
                    caps[1].eq_ignore_ascii_case(prefix) && caps[2].parse::<u64>().ok() == Some(*n);
                if same {
                    String::new()
                } else {
                    caps[0].to_string()
                }
            })
            .into_owned();
    } else if !number.is_empty() {
        rest = rest.replace(&format!("[{number}]"), "");
    }

    // Strip prefixes repeatedly: "RE: Fwd: Re: x" and also prefixes a removed tag uncovered.
    loop {
        let stripped = REPLY_PREFIX.replace(&rest, "").into_owned();
        if stripped == rest {
            break;
        }
        rest = stripped;
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    match (rest.is_empty(), number.is_empty()) {
        (true, true) => "Re:".to_string(),
        (true, false) => format!("Re: [{number}]"),
        (false, true) => format!("Re: {rest}"),
        (false, false) => format!("Re: {rest} [{number}]"),
    }
}

/// Reads a satisfaction rating: the first non-blank line is `1`–`5` or `rating: N`.
pub fn parse_rating(text: &str) -> Option<u8> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let caps = RATING.captures(line)?;
    caps.get(1)?.as_str().parse::<u8>().ok()
}

/// Cuts the quoted original off a reply, for previews: the attribution
/// ("On … wrote:", "Dne … napsal(a):"), client separators, and `>` lines.
pub fn strip_quoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    'scan: for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if QUOTE_SEPARATOR.is_match(t) {
            end = i;
            break;
        }
        if ATTRIBUTION_START.is_match(t) {
            // Clients wrap long attributions, so look at most two lines ahead for the end.
            let mut joined = String::new();
            for next in lines.iter().skip(i).take(3) {
                joined.push_str(next.trim());
                joined.push(' ');
                if ATTRIBUTION_END.is_match(joined.trim_end()) {
                    end = i;
                    break 'scan;
                }
            }
        } else if ATTRIBUTION_END.is_match(t) && t.contains('@') {
            // "Jana <jana@example.cz> wrote:" with no leading "On".
            end = i;
            break;
        }
    }
    let kept: Vec<&str> = lines[..end]
        .iter()
        .copied()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    kept.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outgoing_id_encodes_the_ticket() {
        assert_eq!(
            outgoing_message_id("REQ-000279", "a1b2c3", "firma.cz"),
            "<hd.REQ-000279.a1b2c3@firma.cz>"
        );
        assert_eq!(
            outgoing_message_id("REQ-000279", "a b\r\n<c>", ""),
            "<hd.REQ-000279.abc@hd.invalid>"
        );
    }

    #[test]
    fn ticket_number_comes_back_from_our_ids_only() {
        let id = outgoing_message_id("REQ-000279", "x9", "firma.cz");
        assert_eq!(ticket_from_message_id(&id).as_deref(), Some("REQ-000279"));
        assert_eq!(
            ticket_from_message_id("hd.req-000279.x9@firma.cz").as_deref(),
            Some("REQ-000279")
        );
        assert_eq!(
            ticket_from_message_id("hd.SALES-12.5f.2@mx").as_deref(),
            Some("SALES-12")
        );
        assert_eq!(
            ticket_from_message_id("<CAF3x9Q=a1b2c3@mail.example.cz>"),
            None
        );
        assert_eq!(ticket_from_message_id("<hd.REQ-000279@firma.cz>"), None);
        assert_eq!(ticket_from_message_id("xhd.REQ-1.a@b"), None);
        assert_eq!(ticket_from_message_id(""), None);
    }

    #[test]
    fn subject_tags_in_any_case_and_padding() {
        assert_eq!(
            ticket_tag_in_subject("Re: Problém [REQ-000001]"),
            Some(("REQ".to_string(), 1))
        );
        assert_eq!(
            ticket_tag_in_subject("RE: [req-279] faktura"),
            Some(("REQ".to_string(), 279))
        );
        assert_eq!(ticket_tag_in_subject("REQ-000279 without brackets"), None);
        assert_eq!(ticket_tag_in_subject("[REQ-] [REQ-x1]"), None);
        assert_eq!(
            ticket_tags_in_subject("Fwd: [SALES-000002] Re: x [REQ-000279]"),
            vec![("SALES".to_string(), 2), ("REQ".to_string(), 279)]
        );
    }

    #[test]
    fn reply_subject_never_doubles_prefix_or_tag() {
        let n = "REQ-000279";
        assert_eq!(reply_subject("Problém", n), "Re: Problém [REQ-000279]");
        assert_eq!(
            reply_subject("Re: Problém [REQ-000279]", n),
            "Re: Problém [REQ-000279]"
        );
        assert_eq!(
            reply_subject("RE: Fwd: Aw: Odp: Problém", n),
            "Re: Problém [REQ-000279]"
        );
        assert_eq!(
            reply_subject("FW: SV: VS: Tr: fw: Re[2]: Faktura", n),
            "Re: Faktura [REQ-000279]"
        );
        assert_eq!(
            reply_subject("[req-279] Re: Problém", n),
            "Re: Problém [REQ-000279]"
        );
        assert_eq!(
            reply_subject("Re: x [SALES-000002]", n),
            "Re: x [SALES-000002] [REQ-000279]"
        );
        assert_eq!(reply_subject("", n), "Re: [REQ-000279]");
        assert_eq!(reply_subject("Re: ", n), "Re: [REQ-000279]");
        assert_eq!(
            reply_subject("Hi\r\nBcc: evil@example.com", n),
            "Re: Hi Bcc: evil@example.com [REQ-000279]"
        );
        // A word that merely starts like a prefix stays.
        assert_eq!(reply_subject("Report", n), "Re: Report [REQ-000279]");
        assert_eq!(
            reply_subject("Trouble: x", n),
            "Re: Trouble: x [REQ-000279]"
        );
    }

    #[test]
    fn ratings_from_the_first_non_blank_line() {
        assert_eq!(parse_rating("5"), Some(5));
        assert_eq!(parse_rating("\n  \n  4  \nDíky"), Some(4));
        assert_eq!(parse_rating("Rating: 3"), Some(3));
        assert_eq!(parse_rating("RATING:1\n"), Some(1));
        assert_eq!(parse_rating("5."), Some(5));
        assert_eq!(parse_rating("Hodnocení 1 – pomalé vyřízení"), Some(1));
        assert_eq!(parse_rating("hodnoceni: 4"), Some(4));
        assert_eq!(parse_rating("1 - špatné"), Some(1));
        assert_eq!(parse_rating("5 — super"), Some(5));
        assert_eq!(parse_rating("Ocjena: 3"), Some(3));
        assert_eq!(parse_rating("4/5 díky"), Some(4));
        assert_eq!(parse_rating("5 minut jsem čekal"), None);
        assert_eq!(parse_rating("2 faktury chybí"), None);
        assert_eq!(parse_rating("6 - nic"), None);
        assert_eq!(parse_rating("6"), None);
        assert_eq!(parse_rating("0"), None);
        assert_eq!(parse_rating("55"), None);
        assert_eq!(parse_rating("5 stars but the product broke"), None);
        assert_eq!(parse_rating("Dobrý den,\n5"), None);
        assert_eq!(parse_rating(""), None);
        assert_eq!(parse_rating("rating: 9"), None);
    }

    #[test]
    fn strip_quoted_cuts_attributions_and_quotes() {
        assert_eq!(
            strip_quoted(
                "Dobrý den,\n\nuž to funguje.\n\nDne út 14. 5. 2024 v 10:15 odesílatel Podpora <support@firma.cz>\nnapsal(a):\n> Dobrý den,\n> zkuste restart.\n"
            ),
            "Dobrý den,\n\nuž to funguje."
        );
        assert_eq!(
            strip_quoted(
                "Thanks!\n\nOn Thu, 16 May 2024 at 08:00, Podpora <support@firma.cz> wrote:\n> rate us\n"
            ),
            "Thanks!"
        );
        assert_eq!(
            strip_quoted("Ok.\n\n-----Original Message-----\nFrom: Podpora\nSubject: x\n"),
            "Ok."
        );
        assert_eq!(
            strip_quoted("Ano.\n\n-----Původní zpráva-----\nOd: Podpora\n"),
            "Ano."
        );
        assert_eq!(
            strip_quoted("Hvala.\n\nDana 14.05.2024. u 10:15, Podrška je napisao:\n> x\n"),
            "Hvala."
        );
        assert_eq!(
            strip_quoted("> quoted first\nmy answer\n> more\nend"),
            "my answer\nend"
        );
        // "On" starting an ordinary sentence is not an attribution.
        assert_eq!(
            strip_quoted("On Monday the parcel came.\nAll fine."),
            "On Monday the parcel came.\nAll fine."
        );
    }
}
