//! `hd export`: the interaction listing.

use crate::support::TestEnv;

#[test]
fn csv_header_quoting_and_filters() {
    let mut env = TestEnv::new();
    let a = env.new_ticket(
        "Dotaz, \"cena\"",
        "a@acme.com",
        &["--source", "phone", "-m", "řádek 1\nřádek 2"],
    );
    env.run(&["comment", &a, "-m", "internal note"]).ok();
    env.now = "2026-11-24T10:00:00+01:00".into();
    env.new_ticket("Second day", "b@other.cz", &["--queue", "sales"]);
    let all = env.run(&["export"]);
    let text = all.ok();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "Time,Ticket,Queue,Operator,Contact,Direction,Title,Attachments,Text,Email state"
    );
    assert!(text.contains("2026-11-23T09:00:00+01:00,REQ-000001,support,tester,a@acme.com,in,\"Dotaz, \"\"cena\"\"\",0,\"řádek 1\nřádek 2\","), "{text}");
    assert!(text.contains(",internal,,0,internal note,"), "{text}");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.records().count(), 3);
    let today = env.run(&["export", "--from", "today"]);
    assert_eq!(
        csv::Reader::from_reader(today.ok().as_bytes())
            .records()
            .count(),
        1
    );
    let day1 = env.run(&["export", "--from", "2026-11-23", "--to", "2026-11-23"]);
    assert_eq!(
        csv::Reader::from_reader(day1.ok().as_bytes())
            .records()
            .count(),
        2
    );
    let q = env.run(&["export", "--queue", "sales"]);
    assert!(q.ok().contains("SAL-000002") && !q.ok().contains("REQ-000001"));
    let c = env.run(&[
        "export",
        "--contact",
        "@acme.com",
        "--direction",
        "internal",
    ]);
    assert_eq!(
        csv::Reader::from_reader(c.ok().as_bytes())
            .records()
            .count(),
        1
    );
    let t = env.run(&["export", "--text", "radek"]);
    assert_eq!(
        csv::Reader::from_reader(t.ok().as_bytes())
            .records()
            .count(),
        1
    );
    let j = env.run(&["export", "--format", "json"]);
    let rows: Vec<serde_json::Value> = j
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["ticket"], "REQ-000001");
    assert_eq!(rows[0]["status"], "queued");
    assert_eq!(rows[0]["attachments"], 0);
    assert!(
        env.run(&["export", "--from", "someday"])
            .fails(2)
            .contains("someday")
    );
    let mut jana = TestEnv::new();
    std::mem::swap(&mut jana.dir, &mut env.dir);
    jana.operator = Some("jana".into());
    let r = jana.run(&["export"]);
    assert!(!r.ok().contains("SAL-000002"), "rights: jana has no sales");
}

// ---------------------------------------------------------------- helpers

/// The exact header of the CSV listing.
const HEADER: &str =
    "Time,Ticket,Queue,Operator,Contact,Direction,Title,Attachments,Text,Email state";

/// Parses CSV text (header first) into its data records.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Runs `hd export ARGS` (CSV) and returns column `col` of every row.
fn column(env: &TestEnv, args: &[&str], col: usize) -> Vec<String> {
    let mut a = vec!["export"];
    a.extend_from_slice(args);
    records(env.run(&a).ok())
        .into_iter()
        .map(|r| r[col].clone())
        .collect()
}

/// The Title of every exported row.
fn titles(env: &TestEnv, args: &[&str]) -> Vec<String> {
    column(env, args, 6)
}

/// `TICKET/DIRECTION` of every exported row.
fn rows_of(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut a = vec!["export"];
    a.extend_from_slice(args);
    records(env.run(&a).ok())
        .into_iter()
        .map(|r| format!("{}/{}", r[1], r[5]))
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A loopback port nothing listens on: SMTP there is refused at once.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

// ---------------------------------------------------------------- CSV shape

#[test]
fn csv_is_rfc4180_with_crlf_and_utf8_exact_bytes() {
    let mut env = TestEnv::new();
    env.new_ticket(
        "Reklamace: \"Žluťoučký kůň\", úpěl",
        "Karel.Novak@Acme.com",
        &[
            "--source",
            "phone",
            "-m",
            "První řádek\nDruhý, s čárkou\r\nTřetí \"v uvozovkách\"",
        ],
    );
    env.now = "2026-11-23T10:15:30+01:00".into();
    env.new_ticket(
        "Plain",
        "b@other.cz",
        &["--queue", "sales", "--as", "petr", "-m", "ok"],
    );
    let out = env.run(&["export"]);
    assert_eq!(out.stderr, "");
    let want = format!(
        "{HEADER}\r\n\
         2026-11-23T09:00:00+01:00,REQ-000001,support,tester,karel.novak@acme.com,in,\
         \"Reklamace: \"\"Žluťoučký kůň\"\", úpěl\",0,\
         \"První řádek\nDruhý, s čárkou\r\nTřetí \"\"v uvozovkách\"\"\",\r\n\
         2026-11-23T10:15:30+01:00,SAL-000002,sales,petr,b@other.cz,in,Plain,0,ok,\r\n"
    );
    assert_eq!(out.ok(), want);
    // A CSV reader gets every field back unchanged, UTF-8 included.
    let recs = records(out.ok());
    assert_eq!(
        recs[0],
        strs(&[
            "2026-11-23T09:00:00+01:00",
            "REQ-000001",
            "support",
            "tester",
            "karel.novak@acme.com",
            "in",
            "Reklamace: \"Žluťoučký kůň\", úpěl",
            "0",
            "První řádek\nDruhý, s čárkou\r\nTřetí \"v uvozovkách\"",
            "",
        ])
    );
    assert_eq!(recs.len(), 2);

    // --bom: EF BB BF, then the same bytes.
    let bom = env.cmd(&["export", "--bom"]).output().unwrap();
    assert_eq!(bom.status.code(), Some(0));
    assert_eq!(&bom.stdout[..3], &[0xEF, 0xBB, 0xBF]);
    assert_eq!(&bom.stdout[3..], want.as_bytes());
    // Without --bom there is none.
    assert_eq!(&out.stdout.as_bytes()[..4], b"Time");

    // --delimiter ';': a comma no longer needs quotes, a semicolon does.
    let semi = env.run(&[
        "export",
        "--delimiter",
        ";",
        "--columns",
        "Ticket,Title,Text",
        "--",
        "contact:b@other.cz",
    ]);
    assert_eq!(semi.ok(), "Ticket;Title;Text\r\nSAL-000002;Plain;ok\r\n");
    env.now = "2026-11-23T11:00:00+01:00".into();
    env.new_ticket("a;b, c", "c@other.cz", &["-m", "tab\there"]);
    let semi = env.run(&[
        "export",
        "--delimiter",
        ";",
        "--columns",
        "Title,Text",
        "contact:c@other.cz",
    ]);
    assert_eq!(semi.ok(), "Title;Text\r\n\"a;b, c\";tab\there\r\n");
    // `\t` (as typed in a shell) and a real tab both mean tab; a tab in a field is quoted.
    for tab in ["\\t", "\t"] {
        let t = env.run(&[
            "export",
            "--delimiter",
            tab,
            "--columns",
            "Title,Text",
            "contact:c@other.cz",
        ]);
        assert_eq!(t.ok(), "Title\tText\r\na;b, c\t\"tab\there\"\r\n");
    }
    assert!(
        env.run(&["export", "--delimiter", "ab"])
            .fails(2)
            .contains("--delimiter \"ab\"")
    );

    // --columns chooses and orders; names are case-insensitive, JSON keys work too.
    let cols = env.run(&["export", "--columns", "Text,Ticket"]);
    assert_eq!(
        cols.ok(),
        "Text,Ticket\r\n\
         \"První řádek\nDruhý, s čárkou\r\nTřetí \"\"v uvozovkách\"\"\",REQ-000001\r\n\
         ok,SAL-000002\r\n\
         tab\there,REQ-000003\r\n"
    );
    let cols = env.run(&[
        "export",
        "--columns",
        "email_state,ticket,TIME",
        "contact:b@other.cz",
    ]);
    assert_eq!(
        cols.ok(),
        "Email state,Ticket,Time\r\n,SAL-000002,2026-11-23T10:15:30+01:00\r\n"
    );
    let bad = env.run(&["export", "--columns", "Ticket,Colour"]);
    assert!(
        bad.fails(2).contains("unknown column \"Colour\""),
        "{}",
        bad.stderr
    );
    assert_eq!(bad.stdout, "", "nothing written before the error");
}

#[test]
fn csv_to_a_file_and_format_errors() {
    let env = TestEnv::new();
    env.new_ticket("Objednávka č. 5", "a@acme.com", &["-m", "dodání"]);
    let stdout = env.run(&["export"]).ok().to_string();
    let f = env.path().join("out.csv");
    let r = env.run(&["export", "-o", f.to_str().unwrap()]);
    assert_eq!(r.ok(), "", "-o writes nothing on stdout");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), stdout);
    // An unknown extension is CSV too.
    let f = env.path().join("out.txt");
    env.run(&["export", "--output", f.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read_to_string(&f).unwrap(), stdout);
    // Formats export does not write, and XLSX without a file, are usage errors.
    assert!(
        env.run(&["export", "--format", "table"])
            .fails(2)
            .contains("csv, json or xlsx")
    );
    assert!(
        env.run(&["export", "--format", "ids"])
            .fails(2)
            .contains("csv, json or xlsx")
    );
    assert!(
        env.run(&["export", "--format", "xlsx"])
            .fails(2)
            .contains("-o FILE.xlsx")
    );
    // An unwritable target is a failure of the operation, exit 1.
    let nowhere = env.path().join("no/such/dir/x.csv");
    assert!(
        env.run(&["export", "-o", nowhere.to_str().unwrap()])
            .fails(1)
            .contains("x.csv")
    );
}

// ---------------------------------------------------------------- times

#[test]
fn time_ranges_follow_the_configured_zone_around_midnight() {
    let mut env = TestEnv::new();
    // (local time in Prague, title). The two summer ones straddle a local midnight
    // that is 22:00 UTC; the autumn ones one that is 23:00 UTC, so their UTC
    // dates are both the earlier day.
    let at = [
        ("2026-10-24T23:30:00+02:00", "sat-late-summer"),
        ("2026-10-25T00:30:00+02:00", "sun-early-summer"),
        ("2026-10-26T08:59:59+01:00", "before-7d"),
        ("2026-10-26T09:00:00+01:00", "at-7d"),
        ("2026-11-01T23:30:00+01:00", "sun-late"),
        ("2026-11-02T00:30:00+01:00", "mon-early"),
        ("2026-11-02T07:00:00+01:00", "mon-seven"),
        ("2026-11-02T09:00:00+01:00", "mon-now"),
    ];
    for (t, title) in at {
        env.now = t.into();
        env.new_ticket(title, "a@acme.com", &["-m", title]);
    }
    // Monday 2026-11-02 09:00 in Prague (08:00 UTC). The process runs with TZ=UTC:
    // only the config's zone may matter.
    env.now = "2026-11-02T09:00:00+01:00".into();
    let all: Vec<String> = at.iter().map(|(_, s)| s.to_string()).collect();
    let t = |args: &[&str]| titles(&env, args);
    assert_eq!(t(&[]), all);
    // Times print in local time with the offset of their day.
    assert_eq!(
        column(&env, &[], 0),
        at.iter().map(|(t, _)| t.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(
        t(&["--from", "today"]),
        strs(&["mon-early", "mon-seven", "mon-now"])
    );
    assert_eq!(
        t(&["--from", "yesterday"]),
        strs(&["sun-late", "mon-early", "mon-seven", "mon-now"])
    );
    assert_eq!(
        t(&["--from", "yesterday", "--to", "yesterday"]),
        strs(&["sun-late"])
    );
    assert_eq!(
        t(&["--from", "today", "--to", "today"]),
        strs(&["mon-early", "mon-seven", "mon-now"])
    );
    assert_eq!(t(&["--to", "yesterday"]), all[..5].to_vec());
    // 7d is now minus 7×24 h, inclusive.
    assert_eq!(t(&["--from", "7d"]), all[3..].to_vec());
    assert_eq!(t(&["--from", "2h"]), strs(&["mon-seven", "mon-now"]));
    assert_eq!(
        t(&["--from", "this-week"]),
        strs(&["mon-early", "mon-seven", "mon-now"])
    );
    // A date includes its whole local day, as --from and as --to.
    assert_eq!(t(&["--to", "2026-11-01"]), all[..5].to_vec());
    assert_eq!(
        t(&["--from", "2026-11-01", "--to", "2026-11-01"]),
        strs(&["sun-late"])
    );
    assert_eq!(t(&["--from", "2026-11-02"]), all[5..].to_vec());
    assert_eq!(
        t(&["--from", "2026-10-25", "--to", "2026-10-25"]),
        strs(&["sun-early-summer"])
    );
    assert_eq!(
        t(&["--from", "2026-10-24", "--to", "2026-10-24"]),
        strs(&["sat-late-summer"])
    );
    // A time as --to is exclusive; --from is inclusive.
    assert_eq!(t(&["--to", "2026-11-01T23:30"]), all[..4].to_vec());
    assert_eq!(t(&["--from", "2026-11-01T23:30"]), all[4..].to_vec());
    assert_eq!(t(&["--to", "now"]), all[..7].to_vec());
    assert_eq!(t(&["--from", "now"]), strs(&["mon-now"]));
    // RFC 3339 with another offset is the same instant.
    assert_eq!(t(&["--from", "2026-11-01T23:30:00Z"]), all[5..].to_vec());
    assert_eq!(t(&["--from", "2026-11-03"]), Vec::<String>::new());
    // An empty export is the header alone, exit 0.
    assert_eq!(
        env.run(&["export", "--from", "2026-11-03"]).ok(),
        format!("{HEADER}\r\n")
    );
    let bad = env.run(&["export", "--to", "2026-13-01"]);
    assert!(bad.fails(2).contains("--to"), "{}", bad.stderr);
}

// ---------------------------------------------------------------- filters

#[test]
fn every_filter_and_ticket_query() {
    let mut env = TestEnv::with_config(&format!(
        "{}\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        crate::support::BASE_CONFIG,
        closed_port()
    ));
    let at = |env: &mut TestEnv, t: &str| env.now = format!("2026-11-23T{t}:00+01:00");
    at(&mut env, "08:00");
    let a = env.new_ticket(
        "Reklamáce zboží",
        "a@acme.com",
        &[
            "--as",
            "jana",
            "--source",
            "phone",
            "-m",
            "Zlatý prsten je poškozený",
        ],
    );
    at(&mut env, "08:10");
    env.run(&["comment", &a, "-m", "volat zpět", "--as", "jana"])
        .ok();
    at(&mut env, "08:20");
    let b = env.new_ticket(
        "Nabídka",
        "b@other.cz",
        &[
            "--as",
            "petr",
            "--queue",
            "sales",
            "--source",
            "chat",
            "--priority",
            "high",
            "-m",
            "cenová nabídka",
        ],
    );
    env.run(&["status", &b, "closed", "--as", "petr"]).ok();
    at(&mut env, "08:30");
    let c = env.new_ticket(
        "Web form",
        "c@sub.acme.com",
        &["--source", "web", "-m", "formulář"],
    );
    at(&mut env, "08:40");
    let d = env.new_ticket("Lookalike", "d@notacme.com", &["-m", "podobná doména"]);
    at(&mut env, "08:50");
    let e = env.new_ticket("Smazat", "e@acme.com", &["-m", "spam zboží"]);
    env.run(&["delete", &e]).ok();
    at(&mut env, "09:00");
    // The send fails (nothing listens), the reply stays in the listing as `failed`.
    env.run(&["reply", &a, "-m", "Omlouváme se", "--as", "petr"])
        .fails(75);
    assert_eq!(
        (a.as_str(), b.as_str(), c.as_str(), d.as_str(), e.as_str()),
        (
            "REQ-000001",
            "SAL-000002",
            "REQ-000003",
            "REQ-000004",
            "REQ-000005"
        )
    );
    let r = |args: &[&str]| rows_of(&env, args);
    assert_eq!(
        r(&[]),
        strs(&[
            "REQ-000001/in",
            "REQ-000001/internal",
            "SAL-000002/in",
            "REQ-000003/in",
            "REQ-000004/in",
            "REQ-000001/out",
        ]),
        "the deleted REQ-000005 is left out"
    );
    let out = records(env.run(&["export", "--direction", "out"]).ok());
    assert_eq!(
        out,
        vec![strs(&[
            "2026-11-23T09:00:00+01:00",
            "REQ-000001",
            "support",
            "petr",
            "a@acme.com",
            "out",
            "Re: Reklamáce zboží [REQ-000001]",
            "0",
            "Omlouváme se",
            "failed",
        ])]
    );
    assert_eq!(
        r(&["--direction", "internal"]),
        strs(&["REQ-000001/internal"])
    );
    assert_eq!(
        r(&["--direction", "in"]),
        strs(&[
            "REQ-000001/in",
            "SAL-000002/in",
            "REQ-000003/in",
            "REQ-000004/in"
        ])
    );
    // --operator is the interaction's operator, not the ticket's assignee.
    assert_eq!(
        r(&["--operator", "jana"]),
        strs(&["REQ-000001/in", "REQ-000001/internal"])
    );
    assert_eq!(
        r(&["--operator", "petr"]),
        strs(&["SAL-000002/in", "REQ-000001/out"])
    );
    assert_eq!(r(&["--operator", "eva"]), Vec::<String>::new());
    assert_eq!(r(&["--queue", "sales"]), strs(&["SAL-000002/in"]));
    assert_eq!(
        r(&["--queue", "support"]),
        strs(&[
            "REQ-000001/in",
            "REQ-000001/internal",
            "REQ-000003/in",
            "REQ-000004/in",
            "REQ-000001/out"
        ])
    );
    // --contact: an exact address (any case), or @domain (that domain exactly).
    assert_eq!(
        r(&["--contact", "A@ACME.com"]),
        strs(&["REQ-000001/in", "REQ-000001/internal", "REQ-000001/out"])
    );
    assert_eq!(
        r(&["--contact", "@acme.com"]),
        strs(&["REQ-000001/in", "REQ-000001/internal", "REQ-000001/out"])
    );
    assert_eq!(r(&["--contact", "@sub.acme.com"]), strs(&["REQ-000003/in"]));
    assert_eq!(r(&["--contact", "nobody@acme.com"]), Vec::<String>::new());
    // --text: subject or text, diacritics- and case-insensitive both ways.
    assert_eq!(r(&["--text", "zlaty prsten"]), strs(&["REQ-000001/in"]));
    assert_eq!(r(&["--text", "POŠKOZENÝ"]), strs(&["REQ-000001/in"]));
    assert_eq!(
        r(&["--text", "reklamace"]),
        strs(&["REQ-000001/in", "REQ-000001/out"])
    );
    assert_eq!(
        r(&["--text", "zbozi"]),
        strs(&["REQ-000001/in", "REQ-000001/out"]),
        "not the deleted one"
    );
    assert_eq!(r(&["--text", "formular"]), strs(&["REQ-000003/in"]));
    assert_eq!(
        r(&["--text", "\"quoted\" OR"]),
        Vec::<String>::new(),
        "words, never FTS syntax"
    );
    // --source: the interaction's channel.
    assert_eq!(r(&["--source", "phone"]), strs(&["REQ-000001/in"]));
    assert_eq!(r(&["--source", "chat"]), strs(&["SAL-000002/in"]));
    assert_eq!(r(&["--source", "web"]), strs(&["REQ-000003/in"]));
    assert_eq!(r(&["--source", "email"]), strs(&["REQ-000001/out"]));
    // Ticket-level QUERY, as in hd list.
    assert_eq!(r(&["status:closed"]), strs(&["SAL-000002/in"]));
    assert_eq!(r(&["priority:>=high"]), strs(&["SAL-000002/in"]));
    assert_eq!(
        r(&["--", "-status:closed", "contact:@acme.com"]),
        strs(&["REQ-000001/in", "REQ-000001/internal", "REQ-000001/out"])
    );
    assert_eq!(r(&["queue:support", "lookalike"]), strs(&["REQ-000004/in"]));
    assert_eq!(
        r(&["deleted:yes"]),
        strs(&["REQ-000005/in"]),
        "deleted only when the query names it"
    );
    // Filters combine.
    assert_eq!(
        r(&[
            "--operator",
            "jana",
            "--direction",
            "internal",
            "--from",
            "2026-11-23T08:10"
        ]),
        strs(&["REQ-000001/internal"])
    );
    assert_eq!(
        r(&["--queue", "sales", "--source", "phone"]),
        Vec::<String>::new()
    );
    // Restoring brings it back.
    env.run(&["restore", &e]).ok();
    assert_eq!(r(&["--contact", "e@acme.com"]), strs(&["REQ-000005/in"]));
    // Bad filter values are usage errors naming what was wrong.
    assert!(
        env.run(&["export", "--operator", "nobody"])
            .fails(2)
            .contains("nobody")
    );
    assert!(
        env.run(&["export", "--queue", "nope"])
            .fails(2)
            .contains("nope")
    );
    assert!(
        env.run(&["export", "--direction", "sideways"])
            .fails(2)
            .contains("sideways")
    );
    assert!(
        env.run(&["export", "--source", "fax"])
            .fails(2)
            .contains("fax")
    );
    assert!(
        env.run(&["export", "colour:red"])
            .fails(2)
            .contains("colour:red")
    );
    assert!(
        env.run(&["export", "status:opne"])
            .fails(2)
            .contains("opne")
    );
}

#[test]
fn operators_export_only_their_queues() {
    let mut env = TestEnv::new();
    env.new_ticket("Podpora", "a@acme.com", &["-m", "x"]);
    env.new_ticket("Prodej", "b@acme.com", &["--queue", "sales", "-m", "y"]);
    let tickets = |env: &TestEnv, args: &[&str]| column(env, args, 1);
    // Not a configured operator (USER=tester): everything.
    assert_eq!(tickets(&env, &[]), strs(&["REQ-000001", "SAL-000002"]));
    assert_eq!(tickets(&env, &["--as", "jana"]), strs(&["REQ-000001"]));
    assert_eq!(tickets(&env, &["--as", "eva"]), strs(&["SAL-000002"]));
    assert_eq!(
        tickets(&env, &["--as", "petr"]),
        strs(&["REQ-000001", "SAL-000002"])
    );
    // Asking for a queue without rights gives nothing, never its rows.
    assert_eq!(
        tickets(&env, &["--as", "jana", "--queue", "sales"]),
        Vec::<String>::new()
    );
    assert_eq!(
        tickets(&env, &["--as", "jana", "queue:sales"]),
        Vec::<String>::new()
    );
    env.operator = Some("eva".into());
    assert_eq!(tickets(&env, &[]), strs(&["SAL-000002"]));
    let j = env.run(&["export", "--format", "json"]);
    assert_eq!(j.ok().lines().count(), 1);
    let f = env.path().join("eva.xlsx");
    env.run(&["export", "-o", f.to_str().unwrap()]).ok();
    let rows = xlsx_rows(&f);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], calamine::Data::String("SAL-000002".into()));
    // --as beats HD_OPERATOR.
    assert_eq!(tickets(&env, &["--as", "jana"]), strs(&["REQ-000001"]));
}

// ---------------------------------------------------------------- JSON lines

#[test]
fn json_lines_have_exact_snake_case_fields() {
    let mut env = TestEnv::new();
    env.new_ticket(
        "Reklamáce, \"rychle\"",
        "Karel@Acme.com",
        &[
            "--as",
            "jana",
            "--category",
            "Complaints",
            "--priority",
            "urgent",
            "--source",
            "phone",
            "-m",
            "řádek 1\nřádek 2",
        ],
    );
    env.now = "2026-11-23T09:30:00+01:00".into();
    env.run(&["comment", "1", "-m", "poznámka"]).ok();
    env.run(&["status", "1", "waiting"]).ok();
    let out = env.run(&["export", "--format", "json"]);
    let text = out.ok().to_string();
    assert!(text.ends_with('\n'));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one object a line:\n{text}");
    let rows: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "attachments",
            "category",
            "contact",
            "direction",
            "email_state",
            "operator",
            "priority",
            "queue",
            "status",
            "text",
            "ticket",
            "time",
            "title",
        ]
    );
    assert_eq!(
        rows[0],
        serde_json::json!({
            "time": "2026-11-23T09:00:00+01:00",
            "ticket": "REQ-000001",
            "queue": "support",
            "operator": "jana",
            "contact": "karel@acme.com",
            "direction": "in",
            "title": "Reklamáce, \"rychle\"",
            "attachments": 0,
            "text": "řádek 1\nřádek 2",
            "email_state": null,
            "status": "waiting",
            "category": "Complaints",
            "priority": "urgent",
        })
    );
    assert_eq!(rows[1]["direction"], "internal");
    assert_eq!(rows[1]["operator"], "tester");
    assert_eq!(rows[1]["text"], "poznámka");
    assert_eq!(rows[1]["time"], "2026-11-23T09:30:00+01:00");
    // -o x.json picks JSON lines by extension; the file holds exactly what stdout did.
    for name in ["x.json", "x.jsonl", "x.ndjson"] {
        let f = env.path().join(name);
        assert_eq!(env.run(&["export", "-o", f.to_str().unwrap()]).ok(), "");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), text, "{name}");
    }
    // --format beats the extension.
    let f = env.path().join("rows.csv");
    env.run(&["export", "--format", "json", "-o", f.to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    // Filters apply to JSON too; an empty result is empty output.
    let j = env.run(&["export", "--format", "json", "--direction", "internal"]);
    assert_eq!(j.ok().lines().count(), 1);
    assert_eq!(
        env.run(&["export", "--format", "json", "--from", "2026-11-24"])
            .ok(),
        ""
    );
    // --columns narrows the listing fields; the ticket's fields stay.
    let j = env.run(&[
        "export",
        "--format",
        "json",
        "--columns",
        "ticket,Text",
        "--direction",
        "internal",
    ]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(j.ok().trim()).unwrap(),
        serde_json::json!({
            "ticket": "REQ-000001", "text": "poznámka",
            "status": "waiting", "category": "Complaints", "priority": "urgent",
        })
    );
}

// ---------------------------------------------------------------- XLSX

/// Every row of the first sheet of an XLSX file.
fn xlsx_rows(path: &std::path::Path) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("a readable XLSX");
    let range = wb
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

/// The Excel serial number (days since 1899-12-30) of a local wall-clock time.
fn excel_serial(local: &str) -> f64 {
    let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S").unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (t - epoch).num_seconds() as f64 / 86_400.0
}

#[test]
fn xlsx_reads_back_with_typed_dates_and_czech_text() {
    use calamine::Data;
    let mut env = TestEnv::new();
    // 23:30 in Prague is 22:30 UTC: the cell holds the local wall-clock time.
    env.now = "2026-11-22T23:30:00+01:00".into();
    env.new_ticket(
        "Reklamáce: \"Žluťoučký kůň\", úpěl",
        "karel@acme.com",
        &["--as", "jana", "-m", "První řádek\nDruhý řádek"],
    );
    env.now = "2026-07-01T08:15:45+02:00".into();
    env.new_ticket("Léto", "b@other.cz", &["--queue", "sales", "-m", "teplo"]);
    env.now = "2026-11-23T09:00:00+01:00".into();
    env.run(&["comment", "REQ-000001", "-m", "interní"]).ok();
    let f = env.path().join("listing.xlsx");
    assert_eq!(env.run(&["export", "-o", f.to_str().unwrap()]).ok(), "");
    let rows = xlsx_rows(&f);
    assert_eq!(rows.len(), 4, "header and three rows: {rows:?}");
    let header: Vec<Data> = HEADER.split(',').map(|h| Data::String(h.into())).collect();
    assert_eq!(rows[0], header);
    // Ordered by time: the summer one first.
    assert_eq!(
        rows[1][0],
        Data::DateTime(calamine::ExcelDateTime::new(
            excel_serial("2026-07-01T08:15:45"),
            calamine::ExcelDateTimeType::DateTime,
            false,
        ))
    );
    match &rows[2][0] {
        Data::DateTime(d) => {
            assert!(
                (d.as_f64() - excel_serial("2026-11-22T23:30:00")).abs() < 1e-9,
                "{d:?}"
            )
        }
        other => panic!("Time must be a date cell, got {other:?}"),
    }
    assert!(matches!(rows[3][0], Data::DateTime(_)), "{:?}", rows[3][0]);
    assert_eq!(
        rows[2][1..],
        [
            Data::String("REQ-000001".into()),
            Data::String("support".into()),
            Data::String("jana".into()),
            Data::String("karel@acme.com".into()),
            Data::String("in".into()),
            Data::String("Reklamáce: \"Žluťoučký kůň\", úpěl".into()),
            Data::Float(0.0),
            Data::String("První řádek\nDruhý řádek".into()),
            Data::Empty,
        ]
    );
    assert_eq!(rows[3][5], Data::String("internal".into()));
    assert_eq!(rows[3][8], Data::String("interní".into()));
    // --format xlsx with any file name; --columns applies.
    let g = env.path().join("report.dat");
    env.run(&[
        "export",
        "--format",
        "xlsx",
        "-o",
        g.to_str().unwrap(),
        "--columns",
        "Ticket,Time",
        "--queue",
        "support",
    ])
    .ok();
    let rows = xlsx_rows(&g);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        vec![Data::String("Ticket".into()), Data::String("Time".into())]
    );
    assert_eq!(rows[1][0], Data::String("REQ-000001".into()));
    assert!(matches!(rows[1][1], Data::DateTime(_)), "{:?}", rows[1][1]);
    // An empty listing is a header row alone.
    let h = env.path().join("empty.xlsx");
    env.run(&["export", "-o", h.to_str().unwrap(), "--from", "2027-01-01"])
        .ok();
    assert_eq!(xlsx_rows(&h), vec![header]);
}

// ---------------------------------------------------------------- pipes

#[test]
fn closed_stdout_pipe_exits_zero_quietly() {
    use std::io::BufRead;
    let env = TestEnv::new();
    // About 1 MB of CSV: far more than a pipe and hd's buffer hold, so hd is
    // still writing when the reader goes away. Four writers at once keep it quick.
    env.run(&["init"]).ok();
    let body: String = (0..60)
        .map(|i| format!("řádek {i}: dlouhý text, aby byl export velký\n"))
        .collect();
    std::thread::scope(|s| {
        for w in 0..4 {
            let (env, body) = (&env, &body);
            s.spawn(move || {
                for i in 0..75 {
                    env.run(&[
                        "new",
                        "--subject",
                        &format!("t{w}-{i}"),
                        "--contact",
                        "a@acme.com",
                        "-m",
                        body,
                    ])
                    .ok();
                }
            });
        }
    });
    assert!(env.run(&["export"]).ok().len() > 800_000);
    for format in ["csv", "json"] {
        let mut c = env.cmd(&["export", "--format", format]);
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        if format == "csv" {
            assert_eq!(first, format!("{HEADER}\r\n"));
        } else {
            assert!(first.starts_with("{\"attachments\":0,"), "{first}");
        }
        drop(reader);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, "", "{format}: stderr must stay empty");
        assert_eq!(out.status.code(), Some(0), "{format}: {:?}", out.status);
    }
}

#[test]
fn concurrent_first_runs_on_a_fresh_database_all_land_in_the_export() {
    // Several hd at once on a database none of them has created yet: every one
    // waits for the schema instead of failing on a half-applied migration.
    for _ in 0..3 {
        let env = TestEnv::new();
        std::thread::scope(|s| {
            for w in 0..8 {
                let env = &env;
                s.spawn(move || {
                    env.run(&[
                        "new",
                        "--subject",
                        &format!("w{w}"),
                        "--contact",
                        "a@acme.com",
                    ])
                    .ok();
                });
            }
        });
        let mut got = column(&env, &[], 1);
        got.sort();
        let want: Vec<String> = (1..=8).map(|i| format!("REQ-{i:06}")).collect();
        assert_eq!(got, want);
        let mut subjects = titles(&env, &[]);
        subjects.sort();
        assert_eq!(
            subjects,
            (0..8).map(|w| format!("w{w}")).collect::<Vec<_>>()
        );
    }
}
