//! Every table the same: search snippets under `hd list WORD` on a terminal, `hd stats`
//! laid out, escaped and paged as `list` is, and a count line closing every listing.

use super::desk_read::{fake_pager, on_pty, width};
use crate::support::TestEnv;

/// Creates a ticket whose first message is `body`; returns its number.
fn ticket_with_body(env: &TestEnv, subject: &str, body: &str) -> String {
    env.run_stdin(
        &[
            "new",
            "--subject",
            subject,
            "--contact",
            "jan@acme.cz",
            "--body-file",
            "-",
        ],
        body,
    )
    .ok()
    .trim()
    .to_string()
}

#[test]
fn a_search_shows_where_the_text_matched_on_a_terminal_only() {
    let env = TestEnv::new();
    let long = format!(
        "Dobrý den,\n\nposílám {} a prosím o kontrolu: \u{1b}]0;owned\u{7} faktura č. 2026-117 \
         za listopad nesedí.\n\nS pozdravem\nJan",
        "úvodní slova ".repeat(8)
    );
    let one = ticket_with_body(&env, "Dotaz k účtu", &long);
    let two = ticket_with_body(&env, "Fakturá za říjen", "Viz předmět.");
    let other = ticket_with_body(&env, "Tiskárna", "Nefunguje podavač.");

    for cols in [80u16, 120] {
        let (screen, code) = on_pty(&env, cols, 100, &["list", "faktura"], &[("NO_COLOR", "1")]);
        assert_eq!(code, 0, "{screen}");
        let lines: Vec<&str> = screen.lines().collect();
        // Header, two tickets each with its snippet line, the count.
        assert_eq!(lines.len(), 6, "{screen}");
        assert_eq!(lines.last(), Some(&"2 tickets"), "{screen}");
        for l in &lines {
            assert!(
                width(l) <= cols as usize,
                "{cols}: {l:?} is {} wide",
                width(l)
            );
        }
        let row_of = |number: &str| {
            lines
                .iter()
                .position(|l| l.starts_with(number))
                .unwrap_or_else(|| panic!("{number} missing:\n{screen}"))
        };
        // The snippet sits under its ticket, indented, the match marked, mail text escaped.
        let under_one = lines[row_of(&one) + 1];
        assert!(under_one.starts_with("    "), "{screen}");
        assert!(under_one.contains("[faktura]"), "{screen}");
        assert!(under_one.contains("\\u{1b}]0;owned\\u{7}"), "{screen}");
        let under_two = lines[row_of(&two) + 1];
        assert!(under_two.contains("[Fakturá]"), "{screen}");
        assert!(!screen.contains(&other), "{screen}");
        assert!(
            !screen.contains('\u{1b}'),
            "raw escape reached the screen: {screen:?}"
        );
    }

    // With colour the match is bold yellow instead of bracketed.
    let (screen, _) = on_pty(&env, 120, 100, &["list", "faktura"], &[]);
    assert!(
        screen.contains("\u{1b}[1;33mfaktura\u{1b}[0m"),
        "{screen:?}"
    );
    assert!(!screen.contains("[faktura]"), "{screen}");

    // A query without words has nothing to show under its rows.
    let (screen, _) = on_pty(
        &env,
        120,
        100,
        &["list", "--view", "all"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(screen.lines().count(), 5, "{screen}");

    // In a pipe, even as a table, the rows stay alone.
    let tsv = env.run(&["list", "faktura"]);
    assert_eq!(tsv.ok().lines().count(), 3, "{}", tsv.stdout);
    let table = env.run(&["list", "faktura", "--format", "table"]);
    assert_eq!(table.ok().lines().count(), 4, "{}", table.stdout);
    assert!(!table.stdout.contains("[faktura]"), "{}", table.stdout);
}

#[test]
fn a_common_word_fills_the_first_page_in_order() {
    let env = TestEnv::new();
    // The walk over tickets in order and the visit of every match must agree.
    let mut made = Vec::new();
    for i in 0..12 {
        let body = if i % 3 == 0 { "faktura" } else { "jiné" };
        let n = ticket_with_body(&env, &format!("Ticket {i}"), body);
        if i % 4 == 0 {
            env.run(&["set", &n, "--priority", "high"]).ok();
        }
        made.push((n, i % 3 == 0, i % 4 == 0));
    }
    let mut expected: Vec<&str> = made
        .iter()
        .filter(|m| m.1 && m.2)
        .chain(made.iter().filter(|m| m.1 && !m.2))
        .map(|m| m.0.as_str())
        .collect();
    let got = env.run(&["list", "faktura", "--limit", "3", "--format", "ids"]);
    expected.truncate(3);
    assert_eq!(got.ok().lines().collect::<Vec<_>>(), expected);
}

#[test]
fn stats_is_a_table_that_fits_pages_and_pipes_as_rows() {
    let env = TestEnv::new();
    env.new_ticket("one", "one@x.cz", &[]);
    let dir = env.path();
    let pager = fake_pager(dir);
    // Two months of days: taller than the terminal, so paged.
    let args = ["stats", "--from", "2026-10-01", "--to", "2026-11-30"];
    let (screen, code) = on_pty(&env, 80, 20, &args, &[("HD_PAGER", &pager)]);
    assert_eq!(code, 0, "{screen}");
    let paged = std::fs::read_to_string(dir.join("paged.txt")).expect("the pager did not run");
    assert!(paged.contains("New tickets per day\nday"), "{paged}");
    assert!(paged.contains("Backlog\nstatus"), "{paged}");
    // A tall terminal: the tables on the screen, every line fitting, with bars.
    let (screen, code) = on_pty(&env, 80, 200, &args, &[("NO_COLOR", "1")]);
    assert_eq!(code, 0, "{screen}");
    for l in screen.lines() {
        assert!(width(l) <= 80, "{l:?} is {} wide", width(l));
    }
    assert!(screen.contains('█'), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("queued") && l.ends_with('1')),
        "{screen}"
    );
    // A pipe gets the rows scripts read (section, key, value), never the pager.
    std::fs::remove_file(dir.join("paged.txt")).unwrap();
    let out = env.cmd(&args).env("HD_PAGER", &pager).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("section\tkey\tvalue\nnew\t2026-10-01\t0\n"),
        "{text}"
    );
    assert!(text.contains("\nbacklog\tqueued\t1\n"), "{text}");
    assert!(!dir.join("paged.txt").exists());
}

#[test]
fn every_listing_ends_with_a_count() {
    let env = TestEnv::with_config(&format!(
        "templates_dir = \"templates\"\n{}\n[[rule]]\nname = \"vip\"\nif = {{ domain = \"vip.cz\" }}\nthen = {{ priority = \"high\" }}\n",
        crate::support::BASE_CONFIG
    ));
    env.run(&["init"]).ok();
    let templates = env.path().join("config/hd/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("thanks.txt"), "Subject: Díky\n\nDíky.\n").unwrap();
    std::fs::write(
        templates.join("sorry.txt"),
        "Subject: Omlouváme se\n\nPardon.\n",
    )
    .unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["operator", "list"], "3 operators"),
        (&["views"], "8 views"),
        (&["rules", "list"], "1 rule"),
        (&["templates"], "2 templates"),
    ];
    for (args, last) in cases {
        let (screen, code) = on_pty(&env, 120, 100, args, &[("NO_COLOR", "1")]);
        assert_eq!(code, 0, "{args:?}: {screen}");
        assert_eq!(screen.lines().last(), Some(last), "{args:?}: {screen}");
        // Pipes and machine formats carry no count.
        let piped = env.run(args).ok().to_string();
        assert!(!piped.contains(last), "{args:?}: {piped}");
    }
}

#[test]
fn the_outbox_and_the_sla_report_end_with_a_count() {
    // An SMTP server that refuses: the reply stays in the outbox.
    let refused = std::net::TcpStream::connect(("127.0.0.1", 1))
        .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused);
    assert!(refused, "something listens on 127.0.0.1:1");
    let env = TestEnv::with_config(&format!(
        "{}\n[smtp]\nhost = \"127.0.0.1\"\nport = 1\ntls = \"none\"\n",
        crate::support::BASE_CONFIG
    ));
    env.run(&["init"]).ok();
    let t = env.new_ticket("Tiskárna", "karel@acme.cz", &["--category", "Service"]);
    env.run(&["--as", "jana", "reply", &t, "-m", "Díky"])
        .fails(75);
    let cases: [(&[&str], &str); 3] = [
        (&["outbox"], "1 message"),
        (&["sla", "--by", "operator"], "1 group"),
        (&["sla", "--tickets"], "1 ticket"),
    ];
    for (args, last) in cases {
        let (screen, code) = on_pty(&env, 120, 100, args, &[("NO_COLOR", "1")]);
        assert_eq!(code, 0, "{args:?}: {screen}");
        assert_eq!(screen.lines().last(), Some(last), "{args:?}: {screen}");
        let piped = env.run(args).ok().to_string();
        assert!(!piped.contains(last), "{args:?}: {piped}");
    }
}
