//! Contract gaps through the real binary: SLA policies by source and the
//! queue default, distribution per category, views and config types checked
//! at load, machine formats, and spreadsheet-safe private exports.

use crate::support::TestEnv;

/// `support` has no default policy, `phone` tickets follow `calls`, `sales`
/// defaults to `standard`; `support` distributes by hand except `Orders`.
const CONFIG: &str = r#"
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "round-robin"
sla = "standard"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support", "sales"]

[[category]]
name = "Orders"
distribution = "round-robin"

[[category]]
name = "Quiet"
distribution = "manual"

[[category]]
name = "Claims"
sla = "standard"

[sla.standard]
first_response = "4h"
resolution = "3d"

[sla.calls]
first_response = "1h"
sources = ["phone", "chat"]
"#;

fn show(env: &TestEnv, n: &str) -> serde_json::Value {
    env.run(&["show", n, "--format", "json"]).json()
}

#[test]
fn a_source_policy_covers_tickets_with_no_category_policy() {
    let env = TestEnv::with_config(CONFIG);
    let phone = env.new_ticket("Call back", "a@x.cz", &["--source", "phone"]);
    let mail = env.new_ticket("Mail", "b@x.cz", &["--source", "email"]);
    let claim = env.new_ticket(
        "Claim",
        "c@x.cz",
        &["--source", "phone", "--category", "Claims"],
    );
    // Monday 09:00 Prague, calendar time: the calls policy gives 1h.
    assert_eq!(
        show(&env, &phone)["first_response_due"],
        "2026-11-23T10:00:00+01:00"
    );
    // No category, no source policy, no queue default: no target.
    assert_eq!(
        show(&env, &mail)["first_response_due"],
        serde_json::Value::Null
    );
    // The category's policy beats the source's.
    assert_eq!(
        show(&env, &claim)["first_response_due"],
        "2026-11-23T13:00:00+01:00"
    );

    let r = env.run(&["sla", "--by", "source", "--format", "json"]);
    let rows = r.json();
    let groups: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["phone"], "{rows}");
    assert_eq!(rows[0]["tickets"], 2);
    assert!(
        r.stderr
            .contains("1 ticket in the range follows no SLA policy and is left out"),
        "hd sla must say how many tickets have no policy: {}",
        r.stderr
    );
    // Quiet means quiet.
    let r = env.run(&["sla", "-q", "--format", "json"]);
    assert_eq!(r.stderr, "");
}

#[test]
fn a_queue_default_policy_covers_a_phone_ticket_with_no_category() {
    let env = TestEnv::with_config(&CONFIG.replace("sources = [\"phone\", \"chat\"]", ""));
    let n = env.new_ticket("Call", "a@x.cz", &["--source", "phone", "--queue", "sales"]);
    assert_eq!(
        show(&env, &n)["first_response_due"],
        "2026-11-23T13:00:00+01:00"
    );
    let rows = env.run(&["sla", "--format", "json"]).json();
    assert_eq!(rows[0]["tickets"], 1, "{rows}");
}

#[test]
fn sla_sources_are_checked_at_load() {
    let env = TestEnv::with_config(&CONFIG.replace("\"phone\", \"chat\"", "\"fax\""));
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(
        e.contains("sla.calls.sources: unknown source \"fax\""),
        "{e}"
    );
    assert!(e.contains("config.toml:40:"), "{e}");
    let twice = format!("{CONFIG}\n[sla.other]\nfirst_response = \"2h\"\nsources = [\"chat\"]\n");
    let env = TestEnv::with_config(&twice);
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(
        e.contains("source \"chat\" is already claimed by sla.calls"),
        "{e}"
    );
}

#[test]
fn a_category_distributes_its_own_way() {
    let env = TestEnv::with_config(CONFIG);
    // support is manual, Orders round robin: assigned.
    let n = env.new_ticket("Order", "a@x.cz", &["--category", "Orders"]);
    assert_eq!(show(&env, &n)["assignee"], "jana");
    // support is manual and so is its uncategorised ticket.
    let n = env.new_ticket("Hello", "b@x.cz", &[]);
    assert_eq!(show(&env, &n)["assignee"], serde_json::Value::Null);
    // sales distributes, Quiet does not.
    let n = env.new_ticket(
        "Hush",
        "c@x.cz",
        &["--queue", "sales", "--category", "Quiet"],
    );
    assert_eq!(show(&env, &n)["assignee"], serde_json::Value::Null);
    let n = env.new_ticket("Buy", "d@x.cz", &["--queue", "sales"]);
    assert_eq!(show(&env, &n)["assignee"], "jana");
    // An unknown mode names the key.
    let env = TestEnv::with_config(&CONFIG.replace(
        "distribution = \"manual\"\n\n[[category]]\nname = \"Claims\"",
        "distribution = \"random\"\n\n[[category]]\nname = \"Claims\"",
    ));
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(e.contains("random"), "{e}");
}

#[test]
fn views_are_checked_at_load_with_file_line_and_key() {
    let base = "timezone = \"UTC\"\n\n[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"s@x.cz\"\n\n[view.bad]\n";
    for (view, key, needle) in [
        (
            "query = \"colour:red\"\n",
            "view.bad.query",
            "unknown field \"colour\"",
        ),
        (
            "query = \"queue:nope\"\n",
            "view.bad.query",
            "unknown queue \"nope\"",
        ),
        (
            "query = \"created:>=someday\"\n",
            "view.bad.query",
            "someday",
        ),
        (
            "query = \"status:open\"\nsort = \"-colour\"\n",
            "view.bad.sort",
            "colour",
        ),
        (
            "query = \"status:open\"\ncolumns = \"number,colour\"\n",
            "view.bad.columns",
            "unknown column \"colour\"",
        ),
    ] {
        let env = TestEnv::with_config(&format!("{base}{view}"));
        // Any command loads the config, not only `list --view bad`.
        let e = env.run(&["views"]).fails(2).to_string();
        let line = 9 + view.lines().count() - 1;
        let want = format!("config.toml:{line}: {key}: ");
        assert!(e.contains(&want), "want {want:?} for {view:?}, got {e}");
        assert!(e.contains(needle), "want {needle:?} for {view:?}, got {e}");
    }
}

#[test]
fn config_type_errors_name_the_key() {
    let text = "timezone = \"UTC\"\n\n[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"s@x.cz\"\n\n[[operator]]\nname = \"jana\"\nqueues = [\"support\"]\nmax_open = \"twenty\"\n";
    let env = TestEnv::with_config(text);
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(e.contains("config.toml:11: operator.max_open: "), "{e}");
    assert!(e.contains("expected u32"), "{e}");
    let env = TestEnv::with_config(&text.replace(
        "max_open = \"twenty\"",
        "max_open = 3\n\n[smtp]\nhost = \"h\"\nport = \"twenty-five\"",
    ));
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(e.contains("config.toml:15: smtp.port: "), "{e}");
}

const EXPORT_CONFIG: &str = "timezone = \"UTC\"\n\n[[queue]]\nname = \"support\"\nprefix = \"REQ\"\naddress = \"s@x.cz\"\ndistribution = \"manual\"\n";

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let env = TestEnv::with_config(EXPORT_CONFIG);
    env.new_ticket(
        "=HYPERLINK(\"http://evil\",\"x\")",
        "a@x.cz",
        &["--source", "phone"],
    );
    env.new_ticket("+1 call me", "b@x.cz", &[]);
    env.run(&["new", "--subject=-minus", "--contact", "c@x.cz"])
        .ok();
    env.new_ticket("@sum", "d@x.cz", &[]);
    env.new_ticket("plain = fine", "e@x.cz", &[]);
    let csv = env.run(&["export", "--format", "csv"]).ok().to_string();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        "{csv}"
    );
    assert!(csv.contains(",'+1 call me,"), "{csv}");
    assert!(csv.contains(",'-minus,"), "{csv}");
    assert!(csv.contains(",'@sum,"), "{csv}");
    assert!(csv.contains(",plain = fine,"), "{csv}");
    // hd list's CSV too; JSON keeps the exact text.
    let list = env.run(&[
        "list",
        "--view",
        "all",
        "--format",
        "csv",
        "--columns",
        "subject",
    ]);
    let list = list.ok();
    assert!(
        list.contains("'=HYPERLINK") && list.contains("'-minus"),
        "{list}"
    );
    let json = env.run(&["export", "--format", "json"]).ok().to_string();
    assert!(json.contains("\"title\":\"=HYPERLINK("), "{json}");
    let tsv = env.run(&[
        "list",
        "--view",
        "all",
        "--format",
        "tsv",
        "--columns",
        "subject",
    ]);
    assert!(tsv.ok().contains("\n=HYPERLINK("), "{}", tsv.stdout);
}

#[test]
fn export_files_are_private_and_xlsx_keeps_formulas_as_text() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::with_config(EXPORT_CONFIG);
    env.new_ticket("=1+1", "a@x.cz", &[]);
    for name in ["out.csv", "out.json", "out.xlsx"] {
        env.run(&["export", "-o", name]).ok();
        let mode = std::fs::metadata(env.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {mode:o}");
    }
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(env.path().join("out.xlsx")).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let title = range.get((1, 6)).unwrap();
    assert_eq!(title, &calamine::Data::String("=1+1".into()));
}

#[test]
fn ids_prints_one_key_a_line_and_formats_a_command_cannot_print_exit_2() {
    let env = TestEnv::with_config(CONFIG);
    let n = env.new_ticket("Call back", "a@x.cz", &["--source", "phone"]);
    // Views: their names, no blank lines.
    let out = env.run(&["views", "--format", "ids"]).ok().to_string();
    assert!(out.lines().all(|l| !l.trim().is_empty()), "{out:?}");
    assert!(
        out.lines().any(|l| l == "open") && out.lines().any(|l| l == "mine"),
        "{out}"
    );
    // An empty outbox prints nothing at all.
    assert_eq!(env.run(&["outbox", "--format", "ids"]).ok(), "");
    // show: its number; what it cannot print is exit 2.
    assert_eq!(
        env.run(&["show", &n, "--format", "ids"]).ok(),
        format!("{n}\n")
    );
    for f in ["csv", "tsv", "xlsx"] {
        let e = env.run(&["show", &n, "--format", f]).fails(2).to_string();
        assert!(e.contains("hd show prints table, json or ids"), "{e}");
    }
    let e = env
        .run(&["show", &n, "--columns", "subject"])
        .fails(2)
        .to_string();
    assert!(e.contains("--columns"), "{e}");
    // stats has no item keys; xlsx is export's.
    env.run(&["stats", "--format", "ids"]).fails(2);
    env.run(&["stats", "--format", "xlsx"]).fails(2);
    env.run(&["views", "--format", "xlsx"]).fails(2);
    env.run(&["sla", "--format", "xlsx"]).fails(2);
    // sla groups are keyed by their group.
    assert_eq!(
        env.run(&["sla", "--by", "source", "--format", "ids"]).ok(),
        "phone\n"
    );
}

#[test]
fn sla_machine_formats_carry_numbers() {
    let mut env = TestEnv::with_config(CONFIG);
    let n = env.new_ticket("Claim", "a@x.cz", &["--category", "Claims"]);
    env.now = "2026-11-23T09:30:00+01:00".into();
    env.run(&["status", &n, "closed"]).ok();
    let csv = env.run(&["sla", "--format", "csv"]).ok().to_string();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "group,tickets,met,breached,resolution_met,resolution_breached,compliance,"
        ),
        "{csv}"
    );
    let row = lines.next().unwrap();
    // Resolved after 30 minutes: 1800 seconds; no first response yet.
    assert_eq!(row, "all,1,0,0,1,0,,,,1800,1800", "{csv}");
    assert!(row.ends_with(",1800,1800"), "{csv}");
    assert!(!csv.contains('%') && !csv.contains(" 30m"), "{csv}");
    let tsv = env.run(&["sla", "--format", "tsv"]).ok().to_string();
    assert!(tsv.contains("\t1800\t1800"), "{tsv}");
    let table = env.run(&["sla", "--format", "table"]).ok().to_string();
    assert!(table.contains("0h 30m"), "{table}");
}
