//! Fills a fresh hd database with a realistic helpdesk history, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_db -- --tickets 1000000 --interactions 3000000 --db /tmp/hd-bench/hd.db
//! ```
//!
//! Writes `hd.toml` next to the database (3 queues REQ/SAL/TEC, operators op01..op20
//! with queue rights, categories with an SLA policy on a mon-fri 08:00-17:00 calendar)
//! and `gen.env` (facts the benchmark scripts use: the marker word, a sample ticket...).
//! The schema is hd's own (`Store::open`). Deterministic for a given `--seed`.
//!
//! Marker words, each in about the given share of interaction texts and nowhere else:
//! `tiskárna` 1 %, `faktura` 10 %, `modem` 0.1 %.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};

use hd::config::Config;
use hd::model::Priority;
use hd::sla::store::policies;

// ---------------------------------------------------------------- randomness

/// xoshiro256** seeded by splitmix64: fast, deterministic, no dependency.
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
    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        ((self.u64() as u128 * n as u128) >> 64) as u64
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
    /// Index by weights.
    fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut x = self.f() * total;
        for (i, &wi) in w.iter().enumerate() {
            if x < wi {
                return i;
            }
            x -= wi;
        }
        w.len() - 1
    }
    /// Exponential with the given mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f()).ln()
    }
}

// ---------------------------------------------------------------- the world

struct Queue {
    name: &'static str,
    prefix: &'static str,
    address: &'static str,
    share: f64,
    categories: &'static [&'static str],
}

const QUEUES: [Queue; 3] = [
    Queue {
        name: "support",
        prefix: "REQ",
        address: "podpora@example.cz",
        share: 0.5,
        categories: &["Service", "Complaints", "Billing"],
    },
    Queue {
        name: "sales",
        prefix: "SAL",
        address: "obchod@example.cz",
        share: 0.2,
        categories: &["Orders", "Quotes"],
    },
    Queue {
        name: "tech",
        prefix: "TEC",
        address: "technika@example.cz",
        share: 0.3,
        categories: &["Outage", "Installation", "Access"],
    },
];

/// Queue indexes each operator may work in; op01 is in support and sales.
fn operator_queues(op: usize) -> Vec<usize> {
    match op {
        0 => vec![0, 1],
        1..=7 => vec![0],
        8..=12 => vec![1],
        13 => vec![1, 2],
        _ => vec![2],
    }
}

fn op_name(i: usize) -> String {
    format!("op{:02}", i + 1)
}

const TAGS: &[&str] = &[
    "vip",
    "invoice",
    "callback",
    "escalated",
    "b2b",
    "gdpr",
    "warranty",
    "newsletter",
    "refund",
    "partner",
];

const FIRST_CZ: &[&str] = &[
    "Jan",
    "Petr",
    "Jiří",
    "Tomáš",
    "Lukáš",
    "Martin",
    "Pavel",
    "Jakub",
    "Ondřej",
    "Václav",
    "Marie",
    "Jana",
    "Eva",
    "Hana",
    "Lucie",
    "Kateřina",
    "Tereza",
    "Veronika",
    "Zuzana",
    "Šárka",
    "Božena",
    "Radek",
    "Michal",
    "Zdeněk",
    "Růžena",
];
const LAST_CZ: &[&str] = &[
    "Novák",
    "Svoboda",
    "Novotný",
    "Dvořák",
    "Černý",
    "Procházka",
    "Kučera",
    "Veselý",
    "Horák",
    "Němec",
    "Marek",
    "Pospíšil",
    "Pokorný",
    "Hájek",
    "Král",
    "Jelínek",
    "Růžička",
    "Beneš",
    "Fiala",
    "Sedláček",
    "Doležal",
    "Zeman",
    "Kolář",
    "Navrátil",
    "Čermák",
    "Šťastný",
    "Řezníček",
];
const FIRST_EN: &[&str] = &[
    "John", "Mary", "Peter", "Susan", "David", "Laura", "James", "Emma", "Robert", "Olivia",
    "Michael", "Sophie", "Daniel", "Chloe",
];
const LAST_EN: &[&str] = &[
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
    "Walker", "Wright", "Green", "Hall", "Müller", "Schmidt",
];
const DOMAINS: &[&str] = &[
    "seznam.cz",
    "gmail.com",
    "email.cz",
    "centrum.cz",
    "post.cz",
    "outlook.com",
    "volny.cz",
    "atlas.cz",
    "icloud.com",
    "yahoo.com",
];
const COMPANY_WORDS: &[&str] = &[
    "Stavby",
    "Elektro",
    "Logistika",
    "Software",
    "Potraviny",
    "Strojírny",
    "Média",
    "Reality",
    "Doprava",
    "Zdravotnictví",
    "Textil",
    "Agro",
];
const COMPANY_FORMS: &[&str] = &["s.r.o.", "a.s.", "spol. s r.o.", "Ltd", "GmbH", "v.o.s."];

const SUBJ_CZ: &[&str] = &[
    "Dotaz k objednávce",
    "Reklamace zboží",
    "Nefunguje přihlášení do účtu",
    "Změna fakturační adresy",
    "Žádost o vrácení peněz",
    "Prosím o zavolání",
    "Výpadek služby",
    "Problém s připojením k internetu",
    "Nabídka pro naši firmu",
    "Dotaz na cenu",
    "Doručení zásilky se zpožďuje",
    "Poškozený balík",
    "Zrušení smlouvy",
    "Instalace u zákazníka",
    "Zapomenuté heslo",
    "Chybné vyúčtování",
    "Objednávka nedorazila",
    "Žádost o technickou podporu",
    "Stížnost na přístup technika",
    "Prodloužení záruky",
];
const SUBJ_EN: &[&str] = &[
    "Question about my order",
    "Complaint about delivery",
    "Cannot log in to my account",
    "Change of billing address",
    "Refund request",
    "Please call me back",
    "Service outage",
    "Internet connection drops",
    "Quote for our company",
    "Pricing question",
    "Parcel arrived damaged",
    "Cancel my subscription",
    "Installation appointment",
    "Password reset does not work",
    "Wrong amount charged",
    "Warranty extension",
];
const SENT_CZ: &[&str] = &[
    "Dobrý den, obracím se na vás s následujícím problémem.",
    "Včera jsem si u vás objednal zboží, ale dosud nepřišlo žádné potvrzení.",
    "Zásilka měla být doručena v pondělí, ale kurýr se vůbec neozval.",
    "Po poslední aktualizaci se nemohu přihlásit do zákaznického účtu.",
    "Na vyúčtování je částka, která neodpovídá smlouvě.",
    "Prosím o kontrolu a co nejrychlejší nápravu.",
    "Připojení k internetu každý večer vypadává zhruba na dvacet minut.",
    "Technik měl přijít mezi osmou a desátou, ale nedorazil.",
    "V příloze posílám fotografii poškozeného obalu.",
    "Chtěl bych změnit doručovací adresu na sídlo naší společnosti.",
    "Můžete mi prosím sdělit, kdy bude zboží znovu skladem?",
    "Děkuji za rychlou odpověď, vše už funguje, jak má.",
    "Bohužel problém přetrvává i po restartu zařízení.",
    "Žádám o vrácení peněz na účet uvedený v objednávce.",
    "Jsme středně velká firma a zajímá nás hromadná nabídka.",
    "Heslo jsem si nechal poslat znovu, ale odkaz v e-mailu nefunguje.",
    "Účet byl zablokován po třech neúspěšných pokusech o přihlášení.",
    "Prosím o zavolání na číslo uvedené v podpisu, nejlépe dopoledne.",
    "Zboží jsem vrátil poštou před čtrnácti dny a peníze stále nemám.",
    "Ověřil jsem nastavení routeru, všechno vypadá v pořádku.",
];
const OPER_CZ: &[&str] = &[
    "Předávám kolegům z technického oddělení k posouzení.",
    "Dobrý den, děkujeme za zprávu, na vašem požadavku pracujeme.",
    "Omlouváme se za komplikace a vážíme si vaší trpělivosti.",
    "Zásilku jsme znovu odeslali, sledovací číslo najdete níže.",
    "Částku vám vrátíme do pěti pracovních dnů.",
    "Pokud problém přetrvá, ozvěte se nám prosím znovu.",
    "Výpadek byl způsoben poruchou u dodavatele, služba už běží.",
    "Smlouvu jsme ukončili ke konci měsíce, potvrzení zasíláme poštou.",
    "Termín instalace jsme přesunuli na čtvrtek od devíti hodin.",
];
const SENT_EN: &[&str] = &[
    "Hello, I am writing about the following issue.",
    "I placed an order yesterday but have not received any confirmation yet.",
    "The parcel was due on Monday but the courier never showed up.",
    "Since the last update I cannot log in to my customer account.",
    "The bill shows an amount that does not match my contract.",
    "Please look into this and fix it as soon as possible.",
    "My internet connection drops every evening for about twenty minutes.",
    "The technician was supposed to come between eight and ten but did not arrive.",
    "I am attaching a photo of the damaged packaging.",
    "Could you let me know when the item will be back in stock?",
    "Thank you for the quick reply, everything works now.",
    "Unfortunately the problem persists even after restarting the device.",
    "I would like a refund to the account given in the order.",
    "We are a mid-sized company and are interested in a volume offer.",
];
const OPER_EN: &[&str] = &[
    "Hello, thank you for your message, we are working on your request.",
    "We apologise for the trouble and appreciate your patience.",
    "We have shipped the parcel again, the tracking number is below.",
    "The amount will be refunded within five business days.",
    "If the problem persists, please get back to us.",
    "The outage was caused by a fault at our supplier; the service is back up.",
];
const NOTE_CZ: &[&str] = &[
    "Zákazník volal, slíbil jsem zpětné volání zítra.",
    "Ověřeno v systému, platba dorazila.",
    "Předáno na druhou linii.",
    "Čekáme na vyjádření dopravce.",
    "Called back, left a message.",
    "Checked the logs, nothing unusual on our side.",
];

/// Sentences carrying a marker word; the pools above never contain one.
const MARK_1PCT: &[&str] = &[
    "Tiskárna v kanceláři po aktualizaci ovladače netiskne.",
    "Síťová tiskárna hlásí chybu 0x0042 a zastaví se.",
    "The tiskárna model LX-200 shows a paper jam that is not there.",
];
const MARK_10PCT: &[&str] = &[
    "Faktura za minulý měsíc je v příloze.",
    "Číslo, pod kterým je vedena faktura, uvádím níže.",
    "The faktura number is in the subject line.",
];
const MARK_01PCT: &[&str] = &[
    "Modem po výpadku proudu bliká oranžově.",
    "The modem keeps rebooting every few minutes.",
];

// ---------------------------------------------------------------- arguments

struct Args {
    tickets: u64,
    interactions: u64,
    contacts: u64,
    db: PathBuf,
    seed: u64,
    years: f64,
    now: i64,
}

fn parse_args() -> Args {
    let mut a = Args {
        tickets: 1_000_000,
        interactions: 3_000_000,
        contacts: 0,
        db: PathBuf::from("/tmp/hd-bench/hd.db"),
        seed: 42,
        years: 2.0,
        now: Utc::now().timestamp() / 60 * 60,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || {
            it.next().unwrap_or_else(|| {
                eprintln!("gen_db: {k} needs a value");
                std::process::exit(2)
            })
        };
        match k.as_str() {
            "--tickets" => a.tickets = v().parse().expect("--tickets N"),
            "--interactions" => a.interactions = v().parse().expect("--interactions N"),
            "--contacts" => a.contacts = v().parse().expect("--contacts N"),
            "--db" => a.db = PathBuf::from(v()),
            "--seed" => a.seed = v().parse().expect("--seed N"),
            "--years" => a.years = v().parse().expect("--years N"),
            "--now" => {
                a.now = DateTime::parse_from_rfc3339(&v())
                    .expect("--now RFC3339")
                    .timestamp()
            }
            "-h" | "--help" => {
                println!(
                    "gen_db [--tickets N] [--interactions N] [--contacts N] [--db PATH] [--seed N] [--years Y] [--now RFC3339]"
                );
                std::process::exit(0);
            }
            other => {
                eprintln!("gen_db: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    if a.contacts == 0 {
        a.contacts = (a.tickets / 5).max(10);
    }
    a
}

// ---------------------------------------------------------------- config

fn config_text(db_name: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Written by examples/gen_db.rs for the benchmarks (scripts/bench-db.sh).\n\
         timezone = \"Europe/Prague\"\ndb = \"{db_name}\"\n"
    );
    for q in &QUEUES {
        let _ = writeln!(
            s,
            "[[queue]]\nname = \"{}\"\nprefix = \"{}\"\naddress = \"{}\"\ndistribution = \"round-robin\"\n",
            q.name, q.prefix, q.address
        );
    }
    for op in 0..20 {
        let qs = operator_queues(op);
        let queues: Vec<String> = qs
            .iter()
            .map(|&q| format!("\"{}\"", QUEUES[q].name))
            .collect();
        let cats: Vec<String> = qs
            .iter()
            .flat_map(|&q| QUEUES[q].categories.iter().map(|c| format!("\"{c}\"")))
            .collect();
        let _ = writeln!(
            s,
            "[[operator]]\nname = \"{}\"\nemail = \"{}@example.cz\"\nqueues = [{}]\ncategories = [{}]\nmax_open = 200\n",
            op_name(op),
            op_name(op),
            queues.join(", "),
            cats.join(", ")
        );
    }
    for q in &QUEUES {
        for c in q.categories {
            let sla = if *c == "Outage" || *c == "Complaints" {
                "priority"
            } else {
                "standard"
            };
            let _ = writeln!(s, "[[category]]\nname = \"{c}\"\nsla = \"{sla}\"\n");
        }
    }
    s.push_str(
        "[sla.standard]\nfirst_response = \"4h\"\nresolution = \"3d\"\ncalendar = \"business\"\n\
         high = { first_response = \"2h\", resolution = \"2d\" }\n\
         urgent = { first_response = \"1h\", resolution = \"8h\" }\n\n\
         [sla.priority]\nfirst_response = \"2h\"\nresolution = \"2d\"\ncalendar = \"business\"\n\
         urgent = { first_response = \"30m\", resolution = \"4h\" }\n\n\
         [calendar.business]\nhours = { mon-fri = \"08:00-17:00\" }\n\
         holidays = [\"01-01\", \"05-01\", \"05-08\", \"07-05\", \"07-06\", \"09-28\", \"10-28\", \"11-17\", \"12-24\", \"12-25\", \"12-26\"]\n",
    );
    s
}

// ---------------------------------------------------------------- text

fn push_sentences(rng: &mut Rng, out: &mut String, pool: &[&str], n: usize) {
    for _ in 0..n {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(rng.pick(pool));
    }
}

/// A message body; `czech` picks the language. Marker words per the module docs.
fn body(
    rng: &mut Rng,
    out: &mut String,
    czech: bool,
    operator: bool,
    signer: &str,
    quote: Option<&str>,
) {
    out.clear();
    let pool = match (czech, operator) {
        (true, false) => SENT_CZ,
        (true, true) => OPER_CZ,
        (false, false) => SENT_EN,
        (false, true) => OPER_EN,
    };
    let n = 2 + rng.below(6) as usize;
    push_sentences(rng, out, pool, n.min(3));
    if rng.chance(0.01) {
        out.push(' ');
        out.push_str(rng.pick(MARK_1PCT));
    }
    if rng.chance(0.10) {
        out.push(' ');
        out.push_str(rng.pick(MARK_10PCT));
    }
    if rng.chance(0.001) {
        out.push(' ');
        out.push_str(rng.pick(MARK_01PCT));
    }
    if n > 3 {
        out.push_str("\n\n");
        push_sentences(rng, out, pool, n - 3);
    }
    if rng.chance(0.3) {
        let _ = write!(
            out,
            "\n{} {}-{:06}, \"{}\"",
            if czech {
                "Číslo objednávky:"
            } else {
                "Order number:"
            },
            2023 + rng.below(3),
            rng.below(1_000_000),
            if czech {
                "expresní doručení"
            } else {
                "express, boxed"
            }
        );
    }
    out.push_str(if czech {
        "\n\nS pozdravem\n"
    } else {
        "\n\nKind regards,\n"
    });
    out.push_str(signer);
    if let Some(q) = quote {
        out.push_str("\n\n> ");
        let cut = q.char_indices().nth(160).map_or(q.len(), |(i, _)| i);
        out.push_str(&q[..cut].replace('\n', "\n> "));
    }
}

// ---------------------------------------------------------------- time

/// A creation time: 80 % in business hours (Prague, Mon-Fri 08-17), the rest any time.
fn created_time(rng: &mut Rng, tz: Tz, start: i64, end: i64) -> i64 {
    let business = rng.chance(0.8);
    loop {
        let t = rng.range(start, end - 1);
        if !business {
            return t;
        }
        let l = tz.timestamp_opt(t, 0).unwrap();
        if l.weekday().num_days_from_monday() < 5 && (8..17).contains(&l.hour()) {
            return t;
        }
    }
}

/// A reaction delay in seconds: mostly minutes to hours, sometimes days.
fn delay(rng: &mut Rng, mean_hours: f64) -> i64 {
    (60.0 + rng.exp(mean_hours * 3600.0)) as i64
}

// ---------------------------------------------------------------- main

fn main() -> anyhow::Result<()> {
    let a = parse_args();
    let started = Instant::now();
    if a.db.exists() {
        anyhow::bail!(
            "{} exists; gen_db fills a fresh database (remove it first)",
            a.db.display()
        );
    }
    let dir =
        a.db.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
    std::fs::create_dir_all(&dir)?;
    let db_name = a.db.file_name().unwrap().to_string_lossy().into_owned();
    let config_path = dir.join("hd.toml");
    std::fs::write(&config_path, config_text(&db_name))?;
    let config = Config::load(&config_path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let pol = policies(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let tz: Tz = config.timezone;

    // hd's own schema, then bulk-load settings for this one process.
    drop(hd::store::Store::open(&a.db, true).map_err(|e| anyhow::anyhow!("{e}"))?);
    let conn = rusqlite::Connection::open(&a.db)?;
    let _: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA secure_delete = OFF; \
         PRAGMA cache_size = -1000000; PRAGMA locking_mode = EXCLUSIVE;",
    )?;
    // Drop the secondary indexes and recreate them, with hd's exact SQL, after the load.
    let indexes: Vec<(String, String)> = {
        let mut st = conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
             AND tbl_name IN ('tickets', 'interactions', 'events', 'ticket_tags')",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX {name}"))?;
    }

    let mut rng = Rng::new(a.seed);
    let end = a.now;
    let start = end - (a.years * 365.0 * 86400.0) as i64;

    // Contacts.
    let mut contact_czech = Vec::with_capacity(a.contacts as usize);
    let mut contact_sig = Vec::with_capacity(a.contacts as usize);
    let mut contact_email = Vec::with_capacity(a.contacts as usize);
    conn.execute_batch("BEGIN")?;
    {
        let mut st = conn
            .prepare("INSERT INTO contacts (id, email, name, company) VALUES (?1, ?2, ?3, ?4)")?;
        for id in 1..=a.contacts {
            let czech = rng.chance(0.75);
            let (first, last) = if czech {
                (rng.pick(FIRST_CZ), rng.pick(LAST_CZ))
            } else {
                (rng.pick(FIRST_EN), rng.pick(LAST_EN))
            };
            let company = if rng.chance(0.35) {
                Some(format!(
                    "{} {} {}",
                    rng.pick(LAST_CZ),
                    rng.pick(COMPANY_WORDS),
                    rng.pick(COMPANY_FORMS)
                ))
            } else {
                None
            };
            let ascii: String = hd_fold(&format!("{first}.{last}"));
            let email = match &company {
                Some(c) => format!(
                    "{}{}@{}.cz",
                    ascii,
                    id,
                    hd_fold(c.split(' ').next().unwrap_or("firma"))
                ),
                None => format!("{ascii}{id}@{}", rng.pick(DOMAINS)),
            };
            let name = format!("{first} {last}");
            st.execute(params![id as i64, email, name, company])?;
            contact_czech.push(czech);
            contact_sig.push(match &company {
                Some(c) => format!("{name}\n{c}"),
                None => name,
            });
            contact_email.push(email);
        }
    }
    conn.execute_batch("COMMIT")?;
    eprintln!(
        "gen_db: {} contacts ({:.1}s)",
        a.contacts,
        started.elapsed().as_secs_f64()
    );

    // Ticket creation times in order, so row ids and numbers follow arrival like in hd.
    let mut created: Vec<i64> = (0..a.tickets)
        .map(|_| created_time(&mut rng, tz, start, end))
        .collect();
    created.sort_unstable();

    // Handled tickets: 10 % end after the first message, the rest have a reply plus a
    // geometric number of further interactions, so the mean is --interactions / --tickets.
    let mean = a.interactions as f64 / a.tickets as f64;
    let mean_extra = ((mean - 0.1 - 1.8) / 0.9).max(0.0);
    let p_more = mean_extra / (mean_extra + 1.0);

    let mut numbers = [0i64; 3];
    let mut st_ticket = conn.prepare(
        "INSERT INTO tickets (id, prefix, number, queue, category, status, priority, assignee, contact_id, \
         subject, source, created, updated, closed_at, first_response_at, first_response_due, resolution_due, \
         breached, rating, deleted, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    let mut st_inter = conn.prepare(
        "INSERT INTO interactions (id, ticket_id, time, direction, source, operator, contact_id, subject, text, \
         attachments, email_state, message_id, in_reply_to, refs, from_addr, to_addrs, automatic) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let mut st_fts =
        conn.prepare("INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, ?2, ?3)")?;
    let mut st_event = conn.prepare(
        "INSERT INTO events (ticket_id, time, actor, kind, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut st_tag = conn.prepare("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?;

    let queue_ops: Vec<Vec<usize>> = (0..3)
        .map(|q| {
            (0..20)
                .filter(|&o| operator_queues(o).contains(&q))
                .collect()
        })
        .collect();
    let op_names: Vec<String> = (0..20).map(op_name).collect();
    let mut text = String::with_capacity(4096);
    let mut prev_text = String::with_capacity(4096);
    let mut subject = String::with_capacity(256);
    let mut reply_subject = String::with_capacity(256);
    let mut inter_id: i64 = 0;
    let mut n_events: u64 = 0;
    let mut status_count: HashMap<&'static str, u64> = HashMap::new();
    let mut first_in_id: Vec<(i64, i64)> = Vec::new(); // (ticket id, interactions) samples
    let batch = 50_000u64;

    conn.execute_batch("BEGIN")?;
    for (idx, &t0) in created.iter().enumerate() {
        let tid = idx as i64 + 1;
        if (idx as u64).is_multiple_of(batch) && idx > 0 {
            conn.execute_batch("COMMIT; BEGIN")?;
            if (idx as u64).is_multiple_of(batch * 4) {
                eprintln!(
                    "gen_db: {idx} tickets, {inter_id} interactions ({:.1}s)",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let qi = rng.weighted(&[QUEUES[0].share, QUEUES[1].share, QUEUES[2].share]);
        let q = &QUEUES[qi];
        numbers[qi] += 1;
        let number = numbers[qi];
        let category = if rng.chance(0.05) {
            None
        } else {
            Some(rng.pick(q.categories))
        };
        let priority = Priority::from_rank(rng.weighted(&[0.10, 0.65, 0.20, 0.05]) as i64);
        // Skewed contact choice: some contacts write often.
        let u = rng.f();
        let ci = ((u * u * u) * a.contacts as f64) as usize % a.contacts as usize;
        let contact_id = ci as i64 + 1;
        let czech = contact_czech[ci];
        let source = *[("email"), ("phone"), ("chat"), ("web")]
            .get(rng.weighted(&[0.85, 0.08, 0.04, 0.03]))
            .unwrap();
        subject.clear();
        subject.push_str(if czech {
            rng.pick(SUBJ_CZ)
        } else {
            rng.pick(SUBJ_EN)
        });
        if rng.chance(0.25) {
            let _ = write!(subject, " č. {}", 100_000 + rng.below(900_000));
        }
        let age = end - t0;
        let p_closed = if age > 30 * 86400 {
            0.993
        } else if age > 7 * 86400 {
            0.9
        } else if age > 86400 {
            0.6
        } else {
            0.2
        };
        let final_status: &'static str = if rng.chance(p_closed) {
            "closed"
        } else {
            ["queued", "open", "waiting"][rng.weighted(&[0.3, 0.4, 0.3])]
        };
        *status_count.entry(final_status).or_default() += 1;
        let assignee = if final_status == "queued" {
            None
        } else {
            Some(rng.pick(&queue_ops[qi]))
        };

        // The conversation.
        let mut n = if rng.chance(0.1) { 1u32 } else { 2 };
        while n > 1 && n < 40 && rng.chance(p_more) {
            n += 1;
        }
        let mut t = t0;
        let mut dir = "in";
        let mut first_response: Option<i64> = None;
        let mut status = "queued";
        // (time, old, new) status changes.
        let mut changes: Vec<(i64, &'static str, &'static str)> = Vec::new();
        let mut last_msgid = String::new();
        let mut count = 0;
        for k in 0..n {
            if k > 0 {
                dir = match (assignee.is_some(), dir) {
                    (false, _) => {
                        if rng.chance(0.85) {
                            "in"
                        } else {
                            "internal"
                        }
                    }
                    (true, "in") => {
                        if rng.chance(0.85) {
                            "out"
                        } else {
                            "internal"
                        }
                    }
                    (true, "out") => {
                        let r = rng.f();
                        if r < 0.7 {
                            "in"
                        } else if r < 0.8 {
                            "internal"
                        } else {
                            "out"
                        }
                    }
                    _ => "out",
                };
                let d = match dir {
                    "in" => delay(&mut rng, 20.0),
                    _ if rng.chance(0.85) => delay(&mut rng, 1.0),
                    _ => delay(&mut rng, 12.0),
                };
                if t + d >= end {
                    break;
                }
                t += d;
            }
            let op = match dir {
                "in" => None,
                _ => assignee.map(|o| op_names[o].as_str()),
            };
            if dir != "in" && status == "queued" {
                changes.push((t - 60i64.min(t - t0), "queued", "open"));
                status = "open";
            }
            if dir == "in" && status == "waiting" {
                changes.push((t, "waiting", "open"));
                status = "open";
            }
            let signer = match op {
                Some(o) => format!("{o}, {}", q.address),
                None => contact_sig[ci].clone(),
            };
            let is_czech = if dir == "internal" { true } else { czech };
            let quote = if dir != "internal" && k > 0 && rng.chance(0.5) {
                Some(prev_text.as_str())
            } else {
                None
            };
            if dir == "internal" {
                text.clear();
                text.push_str(rng.pick(NOTE_CZ));
                if rng.chance(0.01) {
                    text.push(' ');
                    text.push_str(rng.pick(MARK_1PCT));
                }
                if rng.chance(0.10) {
                    text.push(' ');
                    text.push_str(rng.pick(MARK_10PCT));
                }
            } else {
                body(&mut rng, &mut text, is_czech, dir == "out", &signer, quote);
            }
            reply_subject.clear();
            match dir {
                "internal" => {
                    reply_subject.push_str(if rng.chance(0.5) { "Poznámka" } else { "" })
                }
                _ if k == 0 => reply_subject.push_str(&subject),
                _ => {
                    let _ = write!(
                        reply_subject,
                        "Re: [{}-{:06}] {}",
                        q.prefix, number, subject
                    );
                }
            }
            inter_id += 1;
            count += 1;
            let email = source == "email" && dir != "internal";
            let msgid = if email {
                match dir {
                    "in" => format!(
                        "{:x}.{}@{}",
                        rng.u64(),
                        t,
                        &contact_email[ci].split('@').nth(1).unwrap_or("x")
                    ),
                    _ => format!("hd.{}-{:06}.{}@example.cz", q.prefix, number, inter_id),
                }
            } else {
                String::new()
            };
            let attachments = if dir == "in" && rng.chance(0.06) {
                1 + rng.below(3) as i64
            } else {
                0
            };
            st_inter.execute(params![
                inter_id,
                tid,
                t,
                dir,
                source,
                op,
                if dir == "in" { Some(contact_id) } else { None },
                reply_subject,
                text,
                attachments,
                if dir == "out" && email {
                    Some("sent")
                } else {
                    None
                },
                if email { Some(msgid.as_str()) } else { None },
                if email && !last_msgid.is_empty() {
                    Some(last_msgid.as_str())
                } else {
                    None
                },
                if email && !last_msgid.is_empty() {
                    Some(last_msgid.as_str())
                } else {
                    None
                },
                if dir == "in" {
                    Some(contact_email[ci].as_str())
                } else if dir == "out" {
                    Some(q.address)
                } else {
                    None
                },
                if dir == "in" {
                    Some(q.address)
                } else if dir == "out" {
                    Some(contact_email[ci].as_str())
                } else {
                    None
                },
                0i64,
            ])?;
            st_fts.execute(params![inter_id, reply_subject, text])?;
            if email {
                last_msgid = msgid;
            }
            if dir == "out" {
                if first_response.is_none() {
                    first_response = Some(t);
                }
                if rng.chance(0.5) {
                    changes.push((t, status, "waiting"));
                    status = "waiting";
                }
            }
            std::mem::swap(&mut prev_text, &mut text);
        }
        if count >= 4 && first_in_id.len() < 1000 && qi == 0 {
            first_in_id.push((tid, count));
        }
        // Reach the final status.
        if final_status != status {
            let tc = (t + delay(&mut rng, 24.0)).min(end - 1).max(t);
            if status == "queued" && final_status != "open" {
                changes.push((tc, "queued", "open"));
                status = "open";
            }
            changes.push((tc, status, final_status));
        }
        let closed_at = if final_status == "closed" {
            changes.last().map(|c| c.0)
        } else {
            None
        };
        let updated = changes.last().map_or(t, |c| c.0.max(t));

        // Events: created, assignment, status changes.
        st_event.execute(params![
            tid,
            t0,
            "sync",
            "created",
            None::<&str>,
            Some(format!("{}-{:06}", q.prefix, number))
        ])?;
        n_events += 1;
        if let Some(o) = assignee {
            let ta = changes
                .first()
                .map_or(t0 + 60, |c| c.0.min(t0 + 600).max(t0));
            st_event.execute(params![
                tid,
                ta,
                "sync",
                "assignee",
                None::<&str>,
                Some(op_names[o].as_str())
            ])?;
            n_events += 1;
        }
        for (time, old, new) in &changes {
            st_event.execute(params![
                tid,
                time,
                assignee.map_or("sync", |o| op_names[o].as_str()),
                "status",
                old,
                new
            ])?;
            n_events += 1;
        }

        // Due times from hd's own SLA policy and calendar (pauses ignored: close enough).
        let (fr_due, res_due) = match pol.for_fields(&config, category, source, q.name, priority) {
            Some((targets, clock)) => {
                let at0 = DateTime::from_timestamp(t0, 0).unwrap();
                (
                    targets
                        .first_response
                        .map(|d| clock.add(at0, d).timestamp()),
                    targets.resolution.map(|d| clock.add(at0, d).timestamp()),
                )
            }
            None => (None, None),
        };
        let breached = fr_due.is_some_and(|d| first_response.unwrap_or(end) > d)
            || res_due.is_some_and(|d| closed_at.unwrap_or(end) > d);
        let rating = if final_status == "closed" && rng.chance(0.2) {
            Some(1 + rng.weighted(&[0.05, 0.05, 0.15, 0.35, 0.4]) as i64)
        } else {
            None
        };
        let deleted = rng.chance(0.002) as i64;
        // hd's `due` (no next-response targets here): the first response until the
        // first reply, then the resolution; none while waiting or closed.
        let due = match final_status {
            "queued" | "open" if first_response.is_none() && fr_due.is_some() => fr_due,
            "queued" | "open" => res_due,
            _ => None,
        };
        st_ticket.execute(params![
            tid,
            q.prefix,
            number,
            q.name,
            category,
            final_status,
            priority.rank(),
            assignee.map(|o| op_names[o].as_str()),
            contact_id,
            subject,
            source,
            t0,
            updated,
            closed_at,
            first_response,
            fr_due,
            res_due,
            breached as i64,
            rating,
            deleted,
            due
        ])?;
        if rng.chance(0.25) {
            let a1 = rng.below(TAGS.len() as u64) as usize;
            st_tag.execute(params![tid, TAGS[a1]])?;
            if rng.chance(0.3) {
                let a2 = (a1 + 1 + rng.below(TAGS.len() as u64 - 1) as usize) % TAGS.len();
                st_tag.execute(params![tid, TAGS[a2]])?;
            }
        }
    }
    for (qi, q) in QUEUES.iter().enumerate() {
        conn.execute(
            "INSERT INTO counters (prefix, last) VALUES (?1, ?2)",
            params![q.prefix, numbers[qi]],
        )?;
    }
    for op in &op_names {
        conn.execute(
            "INSERT INTO operator_state (name, last_assigned) VALUES (?1, ?2)",
            params![op, end],
        )?;
    }
    conn.execute_batch("COMMIT")?;
    drop((st_ticket, st_inter, st_fts, st_event, st_tag));
    eprintln!(
        "gen_db: {} tickets, {inter_id} interactions, {n_events} events loaded ({:.1}s); indexing",
        a.tickets,
        started.elapsed().as_secs_f64()
    );
    conn.execute_batch("BEGIN")?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    conn.execute_batch("COMMIT")?;
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    drop(conn);

    // Facts for the benchmark scripts.
    let sample = first_in_id
        .get(first_in_id.len() / 2)
        .copied()
        .unwrap_or((1, 1));
    let sample_number = {
        let c = Connection::open(&a.db)?;
        let (p, n): (String, i64) = c.query_row(
            "SELECT prefix, number FROM tickets WHERE id = ?1",
            [sample.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        format!("{p}-{n:06}")
    };
    let mut env = String::new();
    let _ = writeln!(env, "GEN_TICKETS={}", a.tickets);
    let _ = writeln!(env, "GEN_INTERACTIONS={inter_id}");
    let _ = writeln!(env, "GEN_CONTACTS={}", a.contacts);
    let _ = writeln!(env, "GEN_EVENTS={n_events}");
    let _ = writeln!(
        env,
        "GEN_NOW={}",
        DateTime::from_timestamp(end, 0).unwrap().to_rfc3339()
    );
    let _ = writeln!(env, "GEN_SAMPLE_TICKET={sample_number}");
    let _ = writeln!(env, "GEN_WORD_1PCT=tiskárna");
    let _ = writeln!(env, "GEN_WORD_1PCT_ASCII=tiskarna");
    let _ = writeln!(env, "GEN_WORD_10PCT=faktura");
    let _ = writeln!(env, "GEN_WORD_01PCT=modem");
    std::fs::write(dir.join("gen.env"), env)?;
    let mut sc: Vec<_> = status_count.into_iter().collect();
    sc.sort();
    eprintln!(
        "gen_db: done in {:.1}s: {} ({}), config {}",
        started.elapsed().as_secs_f64(),
        a.db.display(),
        sc.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        config_path.display()
    );
    Ok(())
}

/// ASCII, lower case, for e-mail local parts.
fn hd_fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .flat_map(char::to_lowercase)
        .collect()
}
