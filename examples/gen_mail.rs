//! Writes a Maildir of realistic support mail, for the sync benchmark.
//!
//! ```sh
//! cargo run --release --example gen_mail -- --maildir /tmp/x/Maildir --messages 10000 --mb 125
//! ```
//!
//! The mix: new requests and replies in threads (In-Reply-To / References to earlier
//! messages of the set), utf-8 / iso-8859-2 / windows-1250 bodies and encoded-word headers,
//! quoted-printable / base64 / 8bit, multipart/alternative with HTML, HTML-only mail, a few
//! auto-replies, and attachments of 50 KB–1 MB (random bytes, base64) sized so the whole set
//! is about `--mb` megabytes. Files go to `new/` named by arrival time, oldest first.
//! Deterministic for a given `--seed`.

use std::fmt::Write as _;
use std::path::PathBuf;

// ---------------------------------------------------------------- randomness

struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut s = seed;
        let mut next = || {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }
    fn u64(&mut self) -> u64 {
        let s = &mut self.0;
        let r = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        r
    }
    fn f(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        ((self.u64() as u128 * n as u128) >> 64) as u64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------- encodings

#[derive(Clone, Copy, PartialEq)]
enum Charset {
    Utf8,
    Latin2,
    Cp1250,
}

impl Charset {
    fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "utf-8",
            Charset::Latin2 => "iso-8859-2",
            Charset::Cp1250 => "windows-1250",
        }
    }
    fn encode(self, s: &str) -> Vec<u8> {
        if self == Charset::Utf8 {
            return s.as_bytes().to_vec();
        }
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    return c as u8;
                }
                let (l2, w) = match c {
                    'Á' => (0xC1, 0xC1),
                    'Č' => (0xC8, 0xC8),
                    'Ď' => (0xCF, 0xCF),
                    'É' => (0xC9, 0xC9),
                    'Ě' => (0xCC, 0xCC),
                    'Í' => (0xCD, 0xCD),
                    'Ň' => (0xD2, 0xD2),
                    'Ó' => (0xD3, 0xD3),
                    'Ř' => (0xD8, 0xD8),
                    'Š' => (0xA9, 0x8A),
                    'Ť' => (0xAB, 0x8D),
                    'Ú' => (0xDA, 0xDA),
                    'Ů' => (0xD9, 0xD9),
                    'Ý' => (0xDD, 0xDD),
                    'Ž' => (0xAE, 0x8E),
                    'á' => (0xE1, 0xE1),
                    'č' => (0xE8, 0xE8),
                    'ď' => (0xEF, 0xEF),
                    'é' => (0xE9, 0xE9),
                    'ě' => (0xEC, 0xEC),
                    'í' => (0xED, 0xED),
                    'ň' => (0xF2, 0xF2),
                    'ó' => (0xF3, 0xF3),
                    'ř' => (0xF8, 0xF8),
                    'š' => (0xB9, 0x9A),
                    'ť' => (0xBB, 0x9D),
                    'ú' => (0xFA, 0xFA),
                    'ů' => (0xF9, 0xF9),
                    'ý' => (0xFD, 0xFD),
                    'ž' => (0xBE, 0x9E),
                    'ä' => (0xE4, 0xE4),
                    'ö' => (0xF6, 0xF6),
                    'ü' => (0xFC, 0xFC),
                    _ => (b'?', b'?'),
                };
                if self == Charset::Latin2 { l2 } else { w }
            })
            .collect()
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(data: &[u8], wrap: bool, out: &mut Vec<u8>) {
    let mut col = 0;
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
        col += 4;
        if wrap && col >= 76 {
            out.extend_from_slice(b"\r\n");
            col = 0;
        }
    }
    if wrap && col > 0 {
        out.extend_from_slice(b"\r\n");
    }
}

/// Quoted-printable of text bytes (lines end CRLF, soft breaks at 76).
fn qp(data: &[u8], out: &mut Vec<u8>) {
    let mut col = 0;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'\n' {
            out.extend_from_slice(b"\r\n");
            col = 0;
            i += 1;
            continue;
        }
        let lit = (c == b' ' || c == b'\t') && data.get(i + 1).is_some_and(|&n| n != b'\n')
            || (33..=126).contains(&c) && c != b'=';
        let w = if lit { 1 } else { 3 };
        if col + w > 75 {
            out.extend_from_slice(b"=\r\n");
            col = 0;
        }
        if lit {
            out.push(c);
        } else {
            let _ = write_hex(out, c);
        }
        col += w;
        i += 1;
    }
    out.extend_from_slice(b"\r\n");
}

fn write_hex(out: &mut Vec<u8>, c: u8) -> Option<()> {
    const H: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[b'=', H[(c >> 4) as usize], H[(c & 15) as usize]]);
    Some(())
}

/// An RFC 2047 header value: plain when ASCII, else one B encoded-word per ~40 bytes.
fn header_text(cs: Charset, s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let bytes = cs.encode(s);
    let mut parts = Vec::new();
    // Split on char boundaries for utf-8; any byte boundary works for the 8-bit sets.
    let mut start = 0;
    while start < bytes.len() {
        let mut end = (start + 40).min(bytes.len());
        if cs == Charset::Utf8 {
            while end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
                end += 1;
            }
        }
        let mut b = Vec::new();
        base64(&bytes[start..end], false, &mut b);
        parts.push(format!(
            "=?{}?B?{}?=",
            cs.name(),
            String::from_utf8(b).unwrap()
        ));
        start = end;
    }
    parts.join("\r\n ")
}

/// Text in the charset, with line ends as LF; `8bit` keeps it raw, else QP or base64.
fn encode_body(cs: Charset, cte: &str, text: &str, out: &mut Vec<u8>) {
    let bytes = cs.encode(text);
    match cte {
        "base64" => base64(&bytes, true, out),
        "quoted-printable" => qp(&bytes, out),
        _ => {
            for line in bytes.split(|&b| b == b'\n') {
                out.extend_from_slice(line);
                out.extend_from_slice(b"\r\n");
            }
        }
    }
}

// ---------------------------------------------------------------- content

const FIRST: &[&str] = &[
    "Jan",
    "Petr",
    "Jiří",
    "Tomáš",
    "Lukáš",
    "Martin",
    "Pavel",
    "Jakub",
    "Ondřej",
    "Marie",
    "Jana",
    "Eva",
    "Hana",
    "Lucie",
    "Kateřina",
    "Tereza",
    "Šárka",
    "Růžena",
    "John",
    "Mary",
    "Peter",
    "Susan",
    "Laura",
    "James",
];
const LAST: &[&str] = &[
    "Novák",
    "Svoboda",
    "Dvořák",
    "Černý",
    "Procházka",
    "Kučera",
    "Veselý",
    "Horák",
    "Němec",
    "Pospíšil",
    "Hájek",
    "Král",
    "Růžička",
    "Beneš",
    "Čermák",
    "Šťastný",
    "Řezníček",
    "Smith",
    "Brown",
    "Taylor",
    "Müller",
];
const DOMAINS: &[&str] = &[
    "seznam.cz",
    "gmail.com",
    "email.cz",
    "centrum.cz",
    "post.cz",
    "outlook.com",
    "volny.cz",
    "firma-novak.cz",
    "stavby-brno.cz",
    "bigclient.cz",
    "logistika.eu",
    "example.org",
];
const SUBJECTS: &[&str] = &[
    "Dotaz k objednávce",
    "Reklamace zboží",
    "Nefunguje přihlášení do účtu",
    "Změna fakturační adresy",
    "Žádost o vrácení peněz",
    "Prosím o zavolání",
    "Výpadek služby",
    "Objednávka nedorazila",
    "Chybné vyúčtování",
    "Stížnost na přístup technika",
    "Question about my order",
    "Complaint about delivery",
    "Cannot log in to my account",
    "Refund request",
    "Invoice is wrong",
    "Service outage since this morning",
];
const SENTENCES: &[&str] = &[
    "Dobrý den, obracím se na vás s následujícím problémem.",
    "Včera jsem si u vás objednal zboží, ale dosud nepřišlo žádné potvrzení.",
    "Zásilka měla být doručena v pondělí, ale kurýr se vůbec neozval.",
    "Po poslední aktualizaci se nemohu přihlásit do zákaznického účtu.",
    "Na vyúčtování je částka, která neodpovídá smlouvě.",
    "Prosím o kontrolu a co nejrychlejší nápravu.",
    "Připojení k internetu každý večer vypadává zhruba na dvacet minut.",
    "Technik měl přijít mezi osmou a desátou, ale nedorazil.",
    "V příloze posílám fotografii poškozeného obalu.",
    "Můžete mi prosím sdělit, kdy bude zboží znovu skladem?",
    "Bohužel problém přetrvává i po restartu zařízení.",
    "Žádám o vrácení peněz na účet uvedený v objednávce.",
    "Účet byl zablokován po třech neúspěšných pokusech o přihlášení.",
    "Zboží jsem vrátil poštou před čtrnácti dny a peníze stále nemám.",
    "Hello, I am writing about the following issue.",
    "The parcel was due on Monday but the courier never showed up.",
    "The bill shows an amount that does not match my contract.",
    "Unfortunately the problem persists even after restarting the device.",
    "Could you let me know when the item will be back in stock?",
];

/// Sender: (display name, address).
fn sender(i: usize) -> (String, String) {
    let mut r = Rng::new(i as u64 * 7919 + 1);
    let first = r.pick(FIRST);
    let last = r.pick(LAST);
    let local: String = format!("{first}.{last}")
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'č' => 'c',
            'ď' => 'd',
            'é' | 'ě' => 'e',
            'í' => 'i',
            'ň' => 'n',
            'ó' | 'ö' => 'o',
            'ř' => 'r',
            'š' | 'Š' => 's',
            'ť' => 't',
            'ú' | 'ů' | 'ü' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            'Č' => 'c',
            'Ř' => 'r',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    (
        format!("{first} {last}"),
        format!("{local}{}@{}", i, r.pick(DOMAINS)),
    )
}

fn paragraphs(rng: &mut Rng, name: &str, quote: Option<&str>) -> String {
    let mut s = String::new();
    let paras = 1 + rng.below(4);
    for _ in 0..paras {
        for _ in 0..2 + rng.below(4) {
            s.push_str(rng.pick(SENTENCES));
            s.push(' ');
        }
        s.pop();
        s.push_str("\n\n");
    }
    if rng.chance(0.3) {
        let _ = writeln!(
            s,
            "Číslo objednávky: {}-{:06}\n",
            2024 + rng.below(3),
            rng.below(1_000_000)
        );
    }
    let _ = write!(
        s,
        "S pozdravem\n{name}\ntel. +420 {:03} {:03} {:03}\n",
        rng.below(1000),
        rng.below(1000),
        rng.below(1000)
    );
    if let Some(q) = quote {
        s.push('\n');
        for line in q.lines().take(12) {
            s.push_str("> ");
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

fn html_of(text: &str) -> String {
    let mut h = String::from(
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=CHARSET\">\n\
         <style type=\"text/css\">body{font-family:Calibri,Arial,sans-serif;font-size:11pt;color:#1f1f1f}\
         p.MsoNormal{margin:0cm;margin-bottom:.0001pt}blockquote{border-left:2px solid #ccc;padding-left:8px}</style>\n\
         </head><body lang=\"CS\" link=\"#0563C1\" vlink=\"#954F72\">\n<div class=\"WordSection1\">\n",
    );
    let mut quoting = false;
    for line in text.lines() {
        if let Some(q) = line.strip_prefix("> ") {
            if !quoting {
                h.push_str("<blockquote type=\"cite\">\n");
                quoting = true;
            }
            let _ = writeln!(h, "<p class=\"MsoNormal\">{}</p>", escape(q));
            continue;
        }
        if quoting {
            h.push_str("</blockquote>\n");
            quoting = false;
        }
        if line.is_empty() {
            h.push_str("<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n");
        } else {
            let _ = writeln!(
                h,
                "<p class=\"MsoNormal\"><span style=\"font-size:11.0pt;font-family:&quot;Calibri&quot;,sans-serif\">{}</span></p>",
                escape(line)
            );
        }
    }
    if quoting {
        h.push_str("</blockquote>\n");
    }
    h.push_str("</div>\n</body></html>\n");
    h
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rfc2822(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc2822()
}

// ---------------------------------------------------------------- main

struct Sent {
    msgid: String,
    subject: String,
    sender: usize,
    text: String,
    refs: String,
}

fn main() -> anyhow::Result<()> {
    let mut maildir = PathBuf::from("Maildir");
    let mut messages: usize = 10_000;
    let mut mb: f64 = 125.0;
    let mut seed: u64 = 7;
    let mut end: i64 = chrono::Utc::now().timestamp();
    let mut args = std::env::args().skip(1);
    while let Some(k) = args.next() {
        let v = args.next().unwrap_or_default();
        match k.as_str() {
            "--maildir" => maildir = PathBuf::from(v),
            "--messages" => messages = v.parse()?,
            "--mb" => mb = v.parse()?,
            "--seed" => seed = v.parse()?,
            "--end" => end = v.parse()?,
            _ => anyhow::bail!(
                "usage: gen_mail --maildir DIR [--messages N] [--mb MB] [--seed N] [--end UNIX]"
            ),
        }
    }
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub))?;
    }
    let target = (mb * 1024.0 * 1024.0) as u64;
    let mut rng = Rng::new(seed);
    let start = end - 30 * 86400;
    let senders = (messages / 5).max(1);
    let mut sent: Vec<Sent> = Vec::with_capacity(messages);
    let mut total: u64 = 0;
    let mut text_bytes: u64 = 0;
    let mut stats = [0usize; 8]; // replies, utf8, latin2, cp1250, alternative, html-only, attachments, auto
    // Log-uniform 50 KB..1 MB has mean (1M - 50K) / ln 20; base64 with CRLF adds 4/3 * 78/76.
    let att_mean = (1_048_576.0 - 51_200.0) / (20.0f64).ln() * 4.0 / 3.0 * 78.0 / 76.0;
    let mut out: Vec<u8> = Vec::with_capacity(2 << 20);
    for i in 0..messages {
        let t = start + (i as i64 * (end - start)) / messages as i64 + rng.below(60) as i64;
        out.clear();
        // Thread or new request.
        let parent = if !sent.is_empty() && rng.chance(0.3) {
            let lo = sent.len().saturating_sub(500);
            Some(lo + rng.below((sent.len() - lo) as u64) as usize)
        } else {
            None
        };
        let auto = parent.is_some() && rng.chance(0.06);
        let who = match parent {
            Some(p) if !auto => sent[p].sender,
            _ => rng.below(senders as u64) as usize,
        };
        let (name, addr) = sender(who);
        let cs = match rng.below(100) {
            0..=59 => Charset::Utf8,
            60..=84 => Charset::Latin2,
            _ => Charset::Cp1250,
        };
        let subject = match parent {
            Some(p) if auto => format!("Automatická odpověď: {}", sent[p].subject),
            Some(p) => format!("Re: {}", sent[p].subject.trim_start_matches("Re: ")),
            None => {
                let mut s = rng.pick(SUBJECTS).to_string();
                if rng.chance(0.3) {
                    let _ = write!(s, " č. {}", 100_000 + rng.below(900_000));
                }
                s
            }
        };
        let text = if auto {
            format!(
                "Dobrý den,\n\njsem mimo kancelář do {}. {}. a k e-mailům nemám přístup.\nV naléhavých případech volejte kolegyni.\n\n{name}\n",
                1 + rng.below(28),
                1 + rng.below(12)
            )
        } else {
            paragraphs(&mut rng, &name, parent.map(|p| sent[p].text.as_str()))
        };
        let msgid = format!(
            "{:016x}.{}@{}",
            rng.u64(),
            t,
            addr.split('@').nth(1).unwrap()
        );
        let refs = match parent {
            Some(p) => {
                let mut r = sent[p].refs.clone();
                if !r.is_empty() {
                    r.push(' ');
                }
                let _ = write!(r, "<{}>", sent[p].msgid);
                r
            }
            None => String::new(),
        };

        // Headers.
        let _ = write!(
            Hdr(&mut out),
            "Return-Path: <{addr}>\r\nDelivered-To: support@example.cz\r\n\
             Received: from mail.{dom} (mail.{dom} [192.0.2.{ip}])\r\n\tby mx.example.cz (Postfix) with ESMTPS id {qid:X}\r\n\
             \tfor <support@example.cz>; {date}\r\n",
            dom = addr.split('@').nth(1).unwrap(),
            ip = 1 + rng.below(250),
            qid = rng.u64() >> 24,
            date = rfc2822(t),
        );
        if rng.chance(0.5) {
            let mut sig = Vec::new();
            let raw: Vec<u8> = (0..256).map(|_| rng.u64() as u8).collect();
            base64(&raw, false, &mut sig);
            let _ = write!(
                Hdr(&mut out),
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={}; s=mail;\r\n\th=from:to:subject:date:message-id; bh={};\r\n\tb={}\r\n",
                addr.split('@').nth(1).unwrap(),
                String::from_utf8_lossy(&sig[..44]),
                String::from_utf8_lossy(&sig[44..])
            );
        }
        let _ = write!(
            Hdr(&mut out),
            "Date: {}\r\nFrom: {} <{addr}>\r\nTo: Podpora <support@example.cz>\r\nSubject: {}\r\nMessage-ID: <{msgid}>\r\n",
            rfc2822(t),
            header_text(cs, &name),
            header_text(cs, &subject)
        );
        if let Some(p) = parent {
            let _ = write!(
                Hdr(&mut out),
                "In-Reply-To: <{}>\r\nReferences: {refs}\r\n",
                sent[p].msgid
            );
        }
        if auto {
            out.extend_from_slice(b"Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n");
        }
        if rng.chance(0.4) {
            out.extend_from_slice(b"X-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AdoB1X2Y3Z4W5V6U7T8S9R0Q1P2O3N==\r\nContent-Language: cs\r\n");
        }
        out.extend_from_slice(b"MIME-Version: 1.0\r\n");

        // Body shape.
        let remaining = (messages - i) as f64;
        let avg_text = if i > 0 {
            text_bytes as f64 / i as f64
        } else {
            4000.0
        };
        let budget = target as f64 - total as f64 - avg_text * remaining;
        let p_att = (budget / att_mean / remaining).clamp(0.0, 1.0);
        let attach = !auto && rng.chance(p_att);
        let shape = rng.below(100);
        let cte = match rng.below(3) {
            0 if cs != Charset::Utf8 => "8bit",
            0 | 1 => "quoted-printable",
            _ => "base64",
        };
        let ctype = |sub: &str| format!("text/{sub}; charset=\"{}\"", cs.name());
        let boundary_a = format!("----=_Alt_{:012x}", rng.u64() >> 16);
        let boundary_m = format!("----=_Mix_{:012x}", rng.u64() >> 16);
        let mut body_part = |out: &mut Vec<u8>, rng: &mut Rng| {
            if shape < 45 {
                stats[4] += 1;
                let _ = write!(
                    Hdr(out),
                    "Content-Type: multipart/alternative; boundary=\"{boundary_a}\"\r\n\r\n\
                     --{boundary_a}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n",
                    ctype("plain")
                );
                encode_body(cs, cte, &text, out);
                let _ = write!(
                    Hdr(out),
                    "\r\n--{boundary_a}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n",
                    ctype("html")
                );
                encode_body(cs, cte, &html_of(&text).replace("CHARSET", cs.name()), out);
                let _ = write!(Hdr(out), "\r\n--{boundary_a}--\r\n");
            } else if shape < 55 {
                stats[5] += 1;
                let _ = write!(
                    Hdr(out),
                    "Content-Type: {}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n",
                    ctype("html")
                );
                encode_body(cs, cte, &html_of(&text).replace("CHARSET", cs.name()), out);
            } else {
                let _ = write!(
                    Hdr(out),
                    "Content-Type: {}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n",
                    ctype("plain")
                );
                encode_body(cs, cte, &text, out);
            }
            let _ = rng;
        };
        if attach {
            let _ = write!(
                Hdr(&mut out),
                "Content-Type: multipart/mixed; boundary=\"{boundary_m}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--{boundary_m}\r\n"
            );
            body_part(&mut out, &mut rng);
            let size = (51_200.0 * (20.0f64).powf(rng.f())) as usize;
            let (ct, fname) = match rng.below(4) {
                0 => ("application/pdf", "faktura_2024_\u{10d}.pdf"),
                1 => ("image/jpeg", "fotka_poškození.jpg"),
                2 => ("image/png", "screenshot.png"),
                _ => (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "přehled.xlsx",
                ),
            };
            let fname_enc = header_text(Charset::Utf8, fname);
            let _ = write!(
                Hdr(&mut out),
                "\r\n--{boundary_m}\r\nContent-Type: {ct}; name=\"{fname_enc}\"\r\nContent-Disposition: attachment; filename=\"{fname_enc}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            );
            let data: Vec<u8> = (0..size.div_ceil(8))
                .flat_map(|_| rng.u64().to_le_bytes())
                .take(size)
                .collect();
            base64(&data, true, &mut out);
            let _ = write!(Hdr(&mut out), "\r\n--{boundary_m}--\r\n");
        } else {
            body_part(&mut out, &mut rng);
        }
        // What a message without attachment weighs, for the attachment budget.
        text_bytes += if attach {
            avg_text as u64
        } else {
            out.len() as u64
        };
        total += out.len() as u64;
        stats[6] += attach as usize;
        stats[0] += parent.is_some() as usize;
        stats[7] += auto as usize;
        stats[match cs {
            Charset::Utf8 => 1,
            Charset::Latin2 => 2,
            Charset::Cp1250 => 3,
        }] += 1;
        let name = format!("{t}.M{i:06}P1.bench,S={}", out.len());
        std::fs::write(maildir.join("new").join(name), &out)?;
        sent.push(Sent {
            msgid,
            subject: subject.clone(),
            sender: who,
            text: if auto { String::new() } else { text },
            refs,
        });
    }
    eprintln!(
        "gen_mail: {messages} messages, {:.1} MB in {}: {} replies, utf-8 {} / iso-8859-2 {} / windows-1250 {}, \
         {} multipart/alternative, {} HTML-only, {} with attachments, {} auto-replies",
        total as f64 / 1048576.0,
        maildir.display(),
        stats[0],
        stats[1],
        stats[2],
        stats[3],
        stats[4],
        stats[5],
        stats[6],
        stats[7]
    );
    Ok(())
}

/// `write!` into a byte buffer.
struct Hdr<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Hdr<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
