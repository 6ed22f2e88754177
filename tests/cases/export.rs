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
    assert!(q.ok().contains("SAL-000001") && !q.ok().contains("REQ-000001"));
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
    assert!(!r.ok().contains("SAL-000001"), "rights: jana has no sales");
}
