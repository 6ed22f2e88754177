//! SLA and stats through the real binary: due times in business calendars,
//! holidays, lunch breaks, waiting pauses, priority and category changes,
//! `overdue:yes`, breach events, the `hd sla` and `hd stats` reports, and
//! bad SLA input. The clock is `HD_NOW` (`TestEnv::now`), moved between commands.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::TestEnv;

/// Queues with and without a policy, a business-hours policy with an urgent
/// override, and a calendar-time policy.
const CONFIG: &str = r#"
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
sla = "standard"

[[queue]]
name = "sales"
prefix = "SAL"
address = "sales@example.com"
distribution = "manual"
sla = "standard"

[[queue]]
name = "billing"
prefix = "BIL"
address = "billing@example.com"
distribution = "manual"

[[operator]]
name = "jana"
email = "jana@example.com"
queues = ["support"]

[[operator]]
name = "petr"
email = "petr@example.com"
queues = ["support", "sales"]

[[category]]
name = "Service"
sla = "standard"

[[category]]
name = "Claims"
sla = "claims"

[sla.standard]
first_response = "4h"
resolution = "3d"
calendar = "office"
urgent = { first_response = "1h", resolution = "8h" }

[sla.claims]
first_response = "2h"
resolution = "2d"

[calendar.office]
hours = { mon-fri = "08:00-17:00" }
"#;

/// Monday 2026-11-23, Prague (UTC+1).
const MON: &str = "2026-11-23";

fn env_at(config: &str, now: &str) -> TestEnv {
    let mut env = TestEnv::with_config(config);
    env.now = now.to_string();
    env
}

/// A loopback port nothing listens on, so SMTP there is refused at once: port 1
/// (tcpmux) is below the ephemeral range the other tests' servers bind in.
fn closed_port() -> u16 {
    let refused = std::net::TcpStream::connect(("127.0.0.1", 1))
        .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused);
    assert!(refused, "something listens on 127.0.0.1:1");
    1
}

/// [`CONFIG`] with an `[smtp]` server that refuses connections.
fn config_smtp_down() -> String {
    format!(
        "{CONFIG}\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        closed_port()
    )
}

/// [`CONFIG`] with a local Maildir feeding the support queue.
fn config_with_maildir(dir: &Path) -> String {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    format!(
        "{CONFIG}\n[[mailbox]]\nname = \"inbox\"\nqueue = \"support\"\nmaildir = {:?}\n",
        dir.to_str().unwrap()
    )
}

/// Delivers a customer mail into the Maildir, delivered (file time) at `at`.
fn deliver(dir: &Path, name: &str, from: &str, subject: &str, body: &str, at: &str) {
    let raw = format!(
        "From: {from}\r\nTo: support@example.com\r\nSubject: {subject}\r\n\
         Message-ID: <{name}@customer.example>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n{body}\r\n"
    );
    let path: PathBuf = dir.join("new").join(format!("{name}.eml"));
    std::fs::write(&path, raw).unwrap();
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.timestamp() as u64);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

fn show(env: &TestEnv, t: &str) -> Value {
    env.run(&["show", t, "--format", "json"]).json()
}

/// `(time, what)` of the events by one actor.
fn events_by(v: &Value, actor: &str) -> Vec<(String, String)> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == actor)
        .map(|e| {
            (
                e["time"].as_str().unwrap().to_string(),
                e["what"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ev(time: &str, what: &str) -> (String, String) {
    (time.to_string(), what.to_string())
}

fn due_event(at: &str, fr: &str, res: &str) -> (String, String) {
    ev(
        at,
        &format!("sla: first response due {fr}, resolution due {res}"),
    )
}

fn dues(v: &Value) -> (Value, Value) {
    (v["first_response_due"].clone(), v["resolution_due"].clone())
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut a = vec!["list", "--format", "ids", "--sort", "id"];
    a.extend_from_slice(args);
    env.run(&a).ok().lines().map(str::to_string).collect()
}

fn sla_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut a = vec!["sla", "--format", "json"];
    a.extend_from_slice(args);
    env.run(&a).json()
}

/// One `hd sla --format json` group, with every field PRODUCT.md names.
#[allow(clippy::too_many_arguments)]
fn group(
    name: &str,
    tickets: u64,
    met: u64,
    breached: u64,
    res_met: u64,
    res_breached: u64,
    compliance: Option<f64>,
    fr: (Option<i64>, Option<i64>),
    res: (Option<i64>, Option<i64>),
) -> Value {
    json!({
        "group": name,
        "tickets": tickets,
        "met": met,
        "breached": breached,
        "resolution_met": res_met,
        "resolution_breached": res_breached,
        "compliance": compliance,
        "median_first_response": fr.0,
        "p90_first_response": fr.1,
        "median_resolution": res.0,
        "p90_resolution": res.1,
    })
}

const H: i64 = 3600;

#[test]
fn friday_evening_ticket_is_due_after_the_weekend() {
    // Friday 18:00, after hours: the clock starts on Monday 08:00.
    let mut env = env_at(CONFIG, "2026-11-20T18:00:00+01:00");
    let t = env.new_ticket("Tiskárna", "karel@acme.cz", &[]);
    assert_eq!(t, "REQ-000001");
    let v = show(&env, &t);
    assert_eq!(v["created"], "2026-11-20T18:00:00+01:00");
    // 4 business hours from Monday 08:00; 3d keeps the business time of day
    // (08:00) three business days later: Thursday.
    assert_eq!(v["first_response_due"], "2026-11-23T12:00:00+01:00");
    assert_eq!(v["resolution_due"], "2026-11-26T08:00:00+01:00");
    assert_eq!(v["breached"], false);
    assert_eq!(v["sla"]["first_response"], "pending");
    assert_eq!(v["sla"]["resolution"], "pending");
    assert_eq!(v["sla"]["paused"], json!([]));
    assert_eq!(
        events_by(&v, "sla"),
        vec![due_event(
            "2026-11-20T18:00:00+01:00",
            "2026-11-23T12:00:00+01:00",
            "2026-11-26T08:00:00+01:00"
        )]
    );
    // The same due times in the ticket listing and in the people's view.
    let l = env.run(&["list", "--format", "json"]).json();
    assert_eq!(l[0]["first_response_due"], "2026-11-23T12:00:00+01:00");
    assert_eq!(l[0]["resolution_due"], "2026-11-26T08:00:00+01:00");
    let text = env.run(&["show", &t]).ok().to_string();
    assert!(
        text.contains(
            "SLA: first response due 2026-11-23 12:00 (pending); resolution due 2026-11-26 08:00 (pending)"
        ),
        "{text}"
    );

    // Friday 16:00, in hours: 1h on Friday, 3h on Monday; 3d is Wednesday 16:00.
    env.now = "2026-11-20T16:00:00+01:00".into();
    let t2 = env.new_ticket("Late Friday", "k@acme.cz", &[]);
    assert_eq!(
        dues(&show(&env, &t2)),
        (
            json!("2026-11-23T11:00:00+01:00"),
            json!("2026-11-25T16:00:00+01:00")
        )
    );
    // Friday 17:00 sharp is closing time: the clock starts on Monday.
    env.now = "2026-11-20T17:00:00+01:00".into();
    let t3 = env.new_ticket("At closing", "k@acme.cz", &[]);
    assert_eq!(
        dues(&show(&env, &t3)),
        (
            json!("2026-11-23T12:00:00+01:00"),
            json!("2026-11-26T08:00:00+01:00")
        )
    );

    // A calendar-time policy (no calendar) counts the weekend.
    env.now = "2026-11-20T18:00:00+01:00".into();
    let c = env.new_ticket("Claim", "k@acme.cz", &["--category", "Claims"]);
    assert_eq!(
        dues(&show(&env, &c)),
        (
            json!("2026-11-20T20:00:00+01:00"),
            json!("2026-11-22T18:00:00+01:00")
        )
    );

    // No policy for the queue and no category: no due times, never overdue.
    let b = env.new_ticket("Invoice", "k@acme.cz", &["--queue", "billing"]);
    let v = show(&env, &b);
    assert_eq!(dues(&v), (Value::Null, Value::Null));
    assert!(v.get("sla").is_none(), "{v}");
    assert_eq!(events_by(&v, "sla"), vec![]);
    assert!(
        env.run(&["show", &b])
            .ok()
            .contains("SLA: no policy applies")
    );
    env.now = "2026-12-31T12:00:00+01:00".into();
    assert_eq!(
        ids(&env, &["overdue:yes", "queue:billing"]),
        Vec::<String>::new()
    );
}

#[test]
fn holidays_in_both_forms_and_a_lunch_break_push_due_times() {
    let config = r#"
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"
sla = "holidays"

[[category]]
name = "Lunch"
sla = "lunch"

[sla.holidays]
first_response = "4h"
resolution = "3d"
calendar = "office"

[sla.lunch]
first_response = "1h"
resolution = "4h"
calendar = "lunch"

[calendar.office]
hours = { mon-fri = "08:00-17:00" }
holidays = ["12-24", "12-25", "2026-04-06"]

[calendar.lunch]
hours = { mon-fri = "08:00-12:00,12:30-17:00", sat = "09:00-12:00" }
"#;
    let mut env = env_at(config, "2026-12-23T15:00:00+01:00");
    let mut at = |now: &str, extra: &[&str]| -> (Value, Value) {
        env.now = now.to_string();
        let t = env.new_ticket("Holiday test", "k@acme.cz", extra);
        dues(&show(&env, &t))
    };
    // Wednesday 23 December 15:00: 2h that day; the 24th and 25th (MM-DD) are
    // holidays, then the weekend; Monday 28th 08:00 + 2h. 3d: Mon, Tue, Wed 15:00.
    assert_eq!(
        at("2026-12-23T15:00:00+01:00", &[]),
        (
            json!("2026-12-28T10:00:00+01:00"),
            json!("2026-12-30T15:00:00+01:00")
        )
    );
    // MM-DD repeats every year: Thursday 23 December 2027 16:00, Friday the 24th
    // is a holiday, so Monday 27th 08:00 + 3h; 3d: Mon, Tue, Wed 16:00.
    assert_eq!(
        at("2027-12-23T16:00:00+01:00", &[]),
        (
            json!("2027-12-27T11:00:00+01:00"),
            json!("2027-12-29T16:00:00+01:00")
        )
    );
    // YYYY-MM-DD is that one day: Easter Monday 2026-04-06 (summer time, +02:00).
    assert_eq!(
        at("2026-04-03T16:00:00+02:00", &[]),
        (
            json!("2026-04-07T11:00:00+02:00"),
            json!("2026-04-09T16:00:00+02:00")
        )
    );
    // ...and not the Monday after Easter 2027 (2027-04-05 is an ordinary day).
    assert_eq!(
        at("2027-04-02T16:00:00+02:00", &[]),
        (
            json!("2027-04-05T11:00:00+02:00"),
            json!("2027-04-07T16:00:00+02:00")
        )
    );

    // The lunch break 12:00-12:30 does not count.
    let lunch: &[&str] = &["--category", "Lunch"];
    // 10:00: 1h ends 11:00 before lunch; 4h = 2h + 2h after lunch = 14:30.
    assert_eq!(
        at("2026-11-23T10:00:00+01:00", lunch),
        (
            json!("2026-11-23T11:00:00+01:00"),
            json!("2026-11-23T14:30:00+01:00")
        )
    );
    // 11:30: 30 min before lunch, 30 min after = 13:00; 4h = 16:00.
    assert_eq!(
        at("2026-11-23T11:30:00+01:00", lunch),
        (
            json!("2026-11-23T13:00:00+01:00"),
            json!("2026-11-23T16:00:00+01:00")
        )
    );
    // Arriving during lunch: the clock starts at 12:30.
    assert_eq!(
        at("2026-11-23T12:10:00+01:00", lunch),
        (
            json!("2026-11-23T13:30:00+01:00"),
            json!("2026-11-23T16:30:00+01:00")
        )
    );
    // Friday 16:00: 1h ends at closing time; 4h = 1h Friday + Saturday 09:00-12:00.
    assert_eq!(
        at("2026-11-27T16:00:00+01:00", lunch),
        (
            json!("2026-11-27T17:00:00+01:00"),
            json!("2026-11-28T12:00:00+01:00")
        )
    );
}

#[test]
fn waiting_pause_pushes_due_times_by_the_paused_business_time() {
    let mut env = env_at(CONFIG, &format!("{MON}T09:00:00+01:00"));
    let t = env.new_ticket("Paused", "k@acme.cz", &[]);
    assert_eq!(
        dues(&show(&env, &t)),
        (
            json!("2026-11-23T13:00:00+01:00"),
            json!("2026-11-26T09:00:00+01:00")
        )
    );
    // T1: waiting on the customer at Monday 10:00.
    env.now = format!("{MON}T10:00:00+01:00");
    env.run(&["status", &t, "waiting"]).ok();
    // At 15:00 the first-response due time (13:00) has passed, but the clock
    // stands still: not overdue, and nothing is breached.
    env.now = format!("{MON}T15:00:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), Vec::<String>::new());
    let v = show(&env, &t);
    assert_eq!(v["sla"]["first_response"], "pending");
    assert_eq!(
        v["sla"]["paused"],
        json!([["2026-11-23T10:00:00+01:00", null]])
    );
    env.run(&["sync"]).ok();
    assert_eq!(show(&env, &t)["breached"], false);

    // T2: back to open on Tuesday 11:00. Paused business time: Monday
    // 10:00-17:00 (7h) + Tuesday 08:00-11:00 (3h) = 10h, so resolution moves
    // from Thursday 09:00 to Friday 10:00 and first response from Monday 13:00
    // to Tuesday 14:00.
    env.now = "2026-11-24T11:00:00+01:00".into();
    env.run(&["status", &t, "open"]).ok();
    let v = show(&env, &t);
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-24T14:00:00+01:00"),
            json!("2026-11-27T10:00:00+01:00")
        )
    );
    assert_eq!(
        v["sla"]["paused"],
        json!([["2026-11-23T10:00:00+01:00", "2026-11-24T11:00:00+01:00"]])
    );
    assert_eq!(
        events_by(&v, "sla"),
        vec![
            due_event(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T13:00:00+01:00",
                "2026-11-26T09:00:00+01:00"
            ),
            due_event(
                "2026-11-24T11:00:00+01:00",
                "2026-11-24T14:00:00+01:00",
                "2026-11-27T10:00:00+01:00"
            ),
        ]
    );
    assert_eq!(
        events_by(&v, "tester")
            .into_iter()
            .filter(|e| e.1.starts_with("status"))
            .collect::<Vec<_>>(),
        vec![
            ev("2026-11-23T10:00:00+01:00", "status: queued → waiting"),
            ev("2026-11-24T11:00:00+01:00", "status: waiting → open"),
        ]
    );

    // A pause over a weekend costs only its business time: waiting Friday
    // 11:00 to Monday 09:00 is 6h + 1h = 7h.
    env.now = "2026-11-20T10:00:00+01:00".into();
    let w = env.new_ticket("Weekend pause", "k@acme.cz", &[]);
    env.now = "2026-11-20T11:00:00+01:00".into();
    env.run(&["status", &w, "waiting"]).ok();
    env.now = format!("{MON}T09:00:00+01:00");
    env.run(&["status", &w, "open"]).ok();
    assert_eq!(
        dues(&show(&env, &w)),
        (
            json!("2026-11-23T12:00:00+01:00"),
            json!("2026-11-25T17:00:00+01:00")
        )
    );
}

#[test]
fn customer_answer_ends_the_pause_at_its_arrival_time() {
    let mut env = env_at("", &format!("{MON}T09:00:00+01:00"));
    let maildir = env.path().join("maildir");
    env.write_config(&config_with_maildir(&maildir));
    let t = env.new_ticket("Printer", "karel@acme.cz", &[]);
    env.now = format!("{MON}T10:00:00+01:00");
    env.run(&["status", &t, "waiting"]).ok();
    // The answer arrives Tuesday 11:00 (its Date header says 2024: ignored);
    // sync runs only on Wednesday at noon.
    deliver(
        &maildir,
        "answer",
        "Karel <karel@acme.cz>",
        "Re: Printer [REQ-000001]",
        "Still broken.",
        "2026-11-24T11:00:00+01:00",
    );
    env.now = "2026-11-25T12:00:00+01:00".into();
    env.run(&["sync"]).ok();
    let v = show(&env, &t);
    assert_eq!(v["status"], "open");
    assert_eq!(v["updated"], "2026-11-24T11:00:00+01:00");
    assert_eq!(
        v["sla"]["paused"],
        json!([["2026-11-23T10:00:00+01:00", "2026-11-24T11:00:00+01:00"]])
    );
    // The same 10h pause as when an operator reopens at Tuesday 11:00.
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-24T14:00:00+01:00"),
            json!("2026-11-27T10:00:00+01:00")
        )
    );
    assert_eq!(
        events_by(&v, "sync"),
        vec![ev("2026-11-24T11:00:00+01:00", "status: waiting → open")]
    );
    // Nobody answered by Tuesday 14:00: the sweep of this sync recorded the
    // breach with the due time it missed.
    assert_eq!(v["breached"], true);
    assert_eq!(
        events_by(&v, "sla"),
        vec![
            due_event(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T13:00:00+01:00",
                "2026-11-26T09:00:00+01:00"
            ),
            due_event(
                "2026-11-24T11:00:00+01:00",
                "2026-11-24T14:00:00+01:00",
                "2026-11-27T10:00:00+01:00"
            ),
            ev("2026-11-24T14:00:00+01:00", "breach: first_response"),
        ]
    );
}

#[test]
fn priority_and_category_changes_recompute_due_times_as_events() {
    let mut env = env_at(CONFIG, &format!("{MON}T09:00:00+01:00"));
    let t = env.new_ticket("Outage", "k@acme.cz", &[]);
    env.now = format!("{MON}T09:30:00+01:00");
    env.run(&["set", &t, "--priority", "urgent"]).ok();
    let v = show(&env, &t);
    // The urgent override counts from arrival: 1h and 8h of business time.
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-23T10:00:00+01:00"),
            json!("2026-11-23T17:00:00+01:00")
        )
    );
    assert_eq!(
        events_by(&v, "sla"),
        vec![
            due_event(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T13:00:00+01:00",
                "2026-11-26T09:00:00+01:00"
            ),
            due_event(
                "2026-11-23T09:30:00+01:00",
                "2026-11-23T10:00:00+01:00",
                "2026-11-23T17:00:00+01:00"
            ),
        ]
    );
    assert!(
        events_by(&v, "tester").contains(&ev(
            "2026-11-23T09:30:00+01:00",
            "priority: normal → urgent"
        )),
        "{v}"
    );
    // Overdue at 10:30 with the urgent target.
    env.now = format!("{MON}T10:30:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), vec![t.clone()]);
    // Lowered again before a sweep: the default targets, no breach.
    env.now = format!("{MON}T10:45:00+01:00");
    env.run(&["set", &t, "--priority", "low"]).ok();
    let v = show(&env, &t);
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-23T13:00:00+01:00"),
            json!("2026-11-26T09:00:00+01:00")
        )
    );
    assert_eq!(v["breached"], false);
    assert_eq!(events_by(&v, "sla").len(), 3, "{v}");
    assert_eq!(ids(&env, &["overdue:yes"]), Vec::<String>::new());
    // A change that leaves the due times alone records no SLA event.
    env.run(&["set", &t, "--tag", "+vip"]).ok();
    assert_eq!(events_by(&show(&env, &t), "sla").len(), 3);

    // A category brings a policy to a ticket of a queue without one, and
    // another category replaces it.
    env.now = format!("{MON}T09:00:00+01:00");
    let b = env.new_ticket("Invoice", "k@acme.cz", &["--queue", "billing"]);
    assert_eq!(dues(&show(&env, &b)), (Value::Null, Value::Null));
    env.now = format!("{MON}T09:10:00+01:00");
    env.run(&["set", &b, "--category", "Service"]).ok();
    assert_eq!(
        dues(&show(&env, &b)),
        (
            json!("2026-11-23T13:00:00+01:00"),
            json!("2026-11-26T09:00:00+01:00")
        )
    );
    env.now = format!("{MON}T09:20:00+01:00");
    env.run(&["set", &b, "--category", "Claims"]).ok();
    let v = show(&env, &b);
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-23T11:00:00+01:00"),
            json!("2026-11-25T09:00:00+01:00")
        )
    );
    assert_eq!(
        events_by(&v, "sla"),
        vec![
            due_event(
                "2026-11-23T09:10:00+01:00",
                "2026-11-23T13:00:00+01:00",
                "2026-11-26T09:00:00+01:00"
            ),
            due_event(
                "2026-11-23T09:20:00+01:00",
                "2026-11-23T11:00:00+01:00",
                "2026-11-25T09:00:00+01:00"
            ),
        ]
    );
}

#[test]
fn overdue_view_and_breach_events_with_the_missed_due_time() {
    let mut env = env_at(CONFIG, &format!("{MON}T09:00:00+01:00"));
    let a = env.new_ticket("A urgent", "a@acme.cz", &["--priority", "urgent"]);
    let b = env.new_ticket("B normal", "b@acme.cz", &[]);
    let c = env.new_ticket("C waiting", "c@acme.cz", &["--priority", "urgent"]);
    let d = env.new_ticket("D closed", "d@acme.cz", &["--priority", "urgent"]);
    env.now = format!("{MON}T09:10:00+01:00");
    env.run(&["status", &c, "waiting"]).ok();
    env.run(&["status", &d, "closed"]).ok();

    // 09:59: nothing is due yet.
    env.now = format!("{MON}T09:59:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), Vec::<String>::new());
    // 10:30: A missed its 10:00 first response; C is paused, D is closed.
    env.now = format!("{MON}T10:30:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), vec![a.clone()]);
    assert_eq!(ids(&env, &["--view", "overdue"]), vec![a.clone()]);
    assert_eq!(
        ids(&env, &["overdue:no"]),
        vec![b.clone(), c.clone(), d.clone()]
    );

    // Cron's sync (no mailboxes here) records the breach, stamped 10:00.
    env.run(&["sync"]).ok();
    let v = show(&env, &a);
    assert_eq!(v["breached"], true);
    assert_eq!(v["sla"]["first_response"], "breached");
    assert_eq!(v["sla"]["resolution"], "pending");
    let breach = |v: &Value| {
        events_by(v, "sla")
            .into_iter()
            .filter(|e| e.1.starts_with("breach"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        breach(&v),
        vec![ev("2026-11-23T10:00:00+01:00", "breach: first_response")]
    );
    for other in [&b, &c, &d] {
        let v = show(&env, other);
        assert_eq!(v["breached"], false, "{other}");
        assert_eq!(breach(&v), vec![], "{other}");
    }
    let l = env
        .run(&["list", "--view", "all", "--format", "json", "--sort", "id"])
        .json();
    let flags: Vec<&Value> = l
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["breached"])
        .collect();
    assert_eq!(
        flags,
        vec![&json!(true), &json!(false), &json!(false), &json!(false)]
    );

    // Syncing again records nothing twice.
    env.now = format!("{MON}T10:31:00+01:00");
    env.run(&["sync"]).ok();
    assert_eq!(breach(&show(&env, &a)).len(), 1);

    // 17:30: A's resolution (17:00) and B's first response (13:00) are missed too.
    env.now = format!("{MON}T17:30:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), vec![a.clone(), b.clone()]);
    env.run(&["sync"]).ok();
    assert_eq!(
        breach(&show(&env, &a)),
        vec![
            ev("2026-11-23T10:00:00+01:00", "breach: first_response"),
            ev("2026-11-23T17:00:00+01:00", "breach: resolution"),
        ]
    );
    let v = show(&env, &b);
    assert_eq!(v["breached"], true);
    assert_eq!(
        breach(&v),
        vec![ev("2026-11-23T13:00:00+01:00", "breach: first_response")]
    );
    // Closing ends overdue, never the breach.
    env.run(&["status", &a, "closed"]).ok();
    assert_eq!(ids(&env, &["overdue:yes"]), vec![b.clone()]);
    assert_eq!(ids(&env, &["--view", "overdue"]), vec![b.clone()]);
    assert_eq!(show(&env, &a)["breached"], true);
}

#[test]
fn overdue_reads_the_stored_due_time_until_recomputed() {
    let mut env = env_at(CONFIG, &format!("{MON}T09:00:00+01:00"));
    let a = env.new_ticket("Urgent", "a@acme.cz", &["--priority", "urgent"]);
    // The policy is relaxed to 3h after the ticket's due time was stored.
    env.write_config(&CONFIG.replace(
        "urgent = { first_response = \"1h\"",
        "urgent = { first_response = \"3h\"",
    ));
    env.now = format!("{MON}T10:30:00+01:00");
    assert_eq!(
        show(&env, &a)["first_response_due"],
        "2026-11-23T10:00:00+01:00"
    );
    assert_eq!(ids(&env, &["overdue:yes"]), vec![a.clone()]);
    let r = env.run(&["sla", "--recompute"]);
    r.ok();
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "recomputed 1 tickets\n");
    let v = show(&env, &a);
    assert_eq!(
        dues(&v),
        (
            json!("2026-11-23T12:00:00+01:00"),
            json!("2026-11-23T17:00:00+01:00")
        )
    );
    assert_eq!(v["breached"], false);
    assert_eq!(ids(&env, &["overdue:yes"]), Vec::<String>::new());
    assert_eq!(
        events_by(&v, "sla").last().unwrap(),
        &due_event(
            "2026-11-23T10:30:00+01:00",
            "2026-11-23T12:00:00+01:00",
            "2026-11-23T17:00:00+01:00"
        )
    );
}

#[test]
fn first_public_reply_stops_the_clock_even_when_smtp_is_down() {
    let mut env = env_at(&config_smtp_down(), &format!("{MON}T09:00:00+01:00"));
    let t = env.new_ticket("Question", "k@acme.cz", &["--assign", "jana"]);
    // An internal note is not a response.
    env.now = format!("{MON}T09:30:00+01:00");
    env.run(&["comment", &t, "-m", "checking the logs"]).ok();
    // A dry run records nothing.
    env.now = format!("{MON}T09:45:00+01:00");
    let dry = env.run(&["--as", "jana", "reply", &t, "-m", "Hello", "--dry-run"]);
    assert!(
        dry.ok().contains("Subject: Re: Question [REQ-000001]"),
        "{}",
        dry.stdout
    );
    let v = show(&env, &t);
    assert_eq!(v["first_response_at"], Value::Null);
    assert_eq!(v["status"], "queued");
    assert_eq!(env.run(&["outbox", "--format", "json"]).json(), json!([]));

    // 11:00: jana replies; the server is down, the mail waits in the outbox
    // (exit 75), and the reply counts: the operator answered at 11:00.
    env.now = format!("{MON}T11:00:00+01:00");
    let r = env.run(&["--as", "jana", "reply", &t, "-m", "We are on it."]);
    assert!(r.fails(75).contains("SMTP"), "{}", r.stderr);
    let v = show(&env, &t);
    assert_eq!(v["first_response_at"], "2026-11-23T11:00:00+01:00");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["sla"]["first_response"], "met");
    assert!(
        events_by(&v, "jana").contains(&ev("2026-11-23T11:00:00+01:00", "first_response")),
        "{v}"
    );
    let out: Vec<&Value> = v["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["direction"] == "out")
        .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["operator"], "jana");
    assert_eq!(out[0]["time"], "2026-11-23T11:00:00+01:00");
    assert!(
        ["waiting", "failed"].contains(&out[0]["email_state"].as_str().unwrap()),
        "{}",
        out[0]
    );
    let ob = env.run(&["outbox", "--format", "json"]).json();
    assert_eq!(ob.as_array().unwrap().len(), 1);
    assert_eq!(ob[0]["ticket"], "REQ-000001");
    assert_ne!(ob[0]["state"], "sent");

    // Past the 13:00 due time nothing is overdue or breached.
    env.now = format!("{MON}T14:00:00+01:00");
    assert_eq!(ids(&env, &["overdue:yes"]), Vec::<String>::new());
    env.run(&["sla", "--recompute"]).ok();
    assert_eq!(show(&env, &t)["breached"], false);
    // Reopening is a status change, done even though the queued mail still
    // cannot go: a warning, not a failed command.
    let r = env.run(&["status", &t, "open"]);
    r.ok();
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines[0], format!("{t}: open (was waiting)"), "{}", r.stderr);
    assert!(
        lines[1].starts_with("hd: warning: outbox: "),
        "{}",
        r.stderr
    );
    assert_eq!(show(&env, &t)["status"], "open");
    // A second reply does not move the first response.
    env.now = format!("{MON}T15:00:00+01:00");
    env.run(&["--as", "jana", "reply", &t, "-m", "More news."])
        .fails(75);
    assert_eq!(
        show(&env, &t)["first_response_at"],
        "2026-11-23T11:00:00+01:00"
    );
    assert_eq!(
        sla_json(&env, &[]),
        json!([group(
            "all",
            1,
            1,
            0,
            0,
            0,
            Some(100.0),
            (Some(2 * H), Some(2 * H)),
            (None, None)
        )])
    );
}

/// Four SLA tickets and one without a policy, for the report:
/// - REQ-1 normal, jana, Service: answered after 1h, closed after 6h (both met);
/// - REQ-2 high, petr: answered after 6h (first response breached), closed
///   Tuesday 10:00 after 10 business hours (met);
/// - REQ-3 urgent, unassigned: never answered (both breached);
/// - SAL-5 normal, Wednesday 11:00: pending at the report's noon;
/// - BIL-4 in a queue without a policy: not in the report.
fn report_env() -> TestEnv {
    let mut env = env_at(&config_smtp_down(), &format!("{MON}T09:00:00+01:00"));
    let one = &["--assign", "jana", "--category", "Service"];
    assert_eq!(env.new_ticket("one", "one@x.cz", one), "REQ-000001");
    let two = &["--assign", "petr", "--priority", "high"];
    assert_eq!(env.new_ticket("two", "two@x.cz", two), "REQ-000002");
    let three = &["--priority", "urgent"];
    assert_eq!(env.new_ticket("three", "three@x.cz", three), "REQ-000003");
    assert_eq!(
        env.new_ticket("bill", "b@x.cz", &["--queue", "billing"]),
        "BIL-000004"
    );
    env.now = format!("{MON}T10:00:00+01:00");
    env.run(&[
        "--as",
        "jana",
        "reply",
        "REQ-000001",
        "-m",
        "hi",
        "--then",
        "open",
    ])
    .fails(75);
    env.now = format!("{MON}T15:00:00+01:00");
    env.run(&[
        "--as",
        "petr",
        "reply",
        "REQ-000002",
        "-m",
        "hi",
        "--then",
        "open",
    ])
    .fails(75);
    env.run(&["status", "REQ-000001", "closed"]).ok();
    env.now = "2026-11-24T10:00:00+01:00".into();
    env.run(&["status", "REQ-000002", "closed"]).ok();
    env.now = "2026-11-25T11:00:00+01:00".into();
    assert_eq!(
        env.new_ticket("four", "four@x.cz", &["--queue", "sales"]),
        "SAL-000005"
    );
    env.now = "2026-11-25T12:00:00+01:00".into();
    env
}

#[test]
fn sla_report_counts_compliance_and_times() {
    let env = report_env();
    let v = sla_json(&env, &[]);
    // Exactly one object, exactly the fields PRODUCT.md names.
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 1);
    let mut keys: Vec<&str> = arr[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "breached",
            "compliance",
            "group",
            "median_first_response",
            "median_resolution",
            "met",
            "p90_first_response",
            "p90_resolution",
            "resolution_breached",
            "resolution_met",
            "tickets",
        ]
    );
    // First responses: 1h met, 6h breached, REQ-3 breached unanswered, SAL-5
    // pending: 1 of 3 decided = 33.3 %. Resolutions: 6h and 10h met, REQ-3
    // breached. Medians and p90 of the business seconds taken.
    assert_eq!(
        v,
        json!([group(
            "all",
            4,
            1,
            2,
            2,
            1,
            Some(33.3),
            (Some(H), Some(6 * H)),
            (Some(6 * H), Some(10 * H))
        )])
    );
    // TSV (the default in a pipe) carries the same numbers; the table for
    // people says them in hours.
    let tsv = env.run(&["sla"]).ok().to_string();
    assert_eq!(
        tsv,
        "group\ttickets\tmet\tbreached\tresolution_met\tresolution_breached\tcompliance\t\
         median_first_response\tp90_first_response\tmedian_resolution\tp90_resolution\n\
         all\t4\t1\t2\t2\t1\t33.3\t3600\t21600\t21600\t36000\n"
    );
    let table = env.run(&["sla", "--format", "table"]).ok().to_string();
    assert!(
        table.contains("33.3%") && table.contains("1h 00m") && table.contains("10h 00m"),
        "{table}"
    );

    assert_eq!(
        sla_json(&env, &["--by", "priority"]),
        json!([
            group(
                "urgent",
                1,
                0,
                1,
                0,
                1,
                Some(0.0),
                (None, None),
                (None, None)
            ),
            group(
                "high",
                1,
                0,
                1,
                1,
                0,
                Some(0.0),
                (Some(6 * H), Some(6 * H)),
                (Some(10 * H), Some(10 * H))
            ),
            group(
                "normal",
                2,
                1,
                0,
                1,
                0,
                Some(100.0),
                (Some(H), Some(H)),
                (Some(6 * H), Some(6 * H))
            ),
        ])
    );
    assert_eq!(
        sla_json(&env, &["--by", "queue"]),
        json!([
            group("sales", 1, 0, 0, 0, 0, None, (None, None), (None, None)),
            group(
                "support",
                3,
                1,
                2,
                2,
                1,
                Some(33.3),
                (Some(H), Some(6 * H)),
                (Some(6 * H), Some(10 * H))
            ),
        ])
    );
    assert_eq!(
        sla_json(&env, &["--by", "operator"]),
        json!([
            group(
                "(unassigned)",
                2,
                0,
                1,
                0,
                1,
                Some(0.0),
                (None, None),
                (None, None)
            ),
            group(
                "jana",
                1,
                1,
                0,
                1,
                0,
                Some(100.0),
                (Some(H), Some(H)),
                (Some(6 * H), Some(6 * H))
            ),
            group(
                "petr",
                1,
                0,
                1,
                1,
                0,
                Some(0.0),
                (Some(6 * H), Some(6 * H)),
                (Some(10 * H), Some(10 * H))
            ),
        ])
    );
    assert_eq!(
        sla_json(&env, &["--by", "category"]),
        json!([
            group(
                "(none)",
                3,
                0,
                2,
                1,
                1,
                Some(0.0),
                (Some(6 * H), Some(6 * H)),
                (Some(10 * H), Some(10 * H))
            ),
            group(
                "Service",
                1,
                1,
                0,
                1,
                0,
                Some(100.0),
                (Some(H), Some(H)),
                (Some(6 * H), Some(6 * H))
            ),
        ])
    );
    // Only the tickets that breached a target.
    assert_eq!(
        sla_json(&env, &["--breached"]),
        json!([group(
            "all",
            2,
            0,
            2,
            1,
            1,
            Some(0.0),
            (Some(6 * H), Some(6 * H)),
            (Some(10 * H), Some(10 * H))
        )])
    );
}

#[test]
fn sla_report_ranges_as_of_and_ticket_list() {
    let env = report_env();
    // --from is inclusive; --to a date includes that whole day.
    assert_eq!(
        sla_json(&env, &["--from", "2026-11-25"]),
        json!([group(
            "all",
            1,
            0,
            0,
            0,
            0,
            None,
            (None, None),
            (None, None)
        )])
    );
    assert_eq!(
        sla_json(&env, &["--to", "2026-11-24"]),
        json!([group(
            "all",
            3,
            1,
            2,
            2,
            1,
            Some(33.3),
            (Some(H), Some(6 * H)),
            (Some(6 * H), Some(10 * H))
        )])
    );
    assert_eq!(
        sla_json(
            &env,
            &["--from", "2026-11-23T09:00", "--to", "2026-11-25T11:00"]
        ),
        json!([group(
            "all",
            3,
            1,
            2,
            2,
            1,
            Some(33.3),
            (Some(H), Some(6 * H)),
            (Some(6 * H), Some(10 * H))
        )])
    );
    // --to a time is exclusive: nothing was created in [09:00, 09:00).
    assert_eq!(
        sla_json(
            &env,
            &["--from", "2026-11-23T09:00", "--to", "2026-11-23T09:00"]
        ),
        json!([])
    );
    assert_eq!(sla_json(&env, &["--from", "2027-01-01"]), json!([]));

    // Monday noon: REQ-1 answered (met), REQ-2 not yet due, REQ-3 missed its
    // 10:00; no resolution decided; SAL-5 did not exist.
    assert_eq!(
        sla_json(&env, &["--as-of", "2026-11-23T12:00"]),
        json!([group(
            "all",
            3,
            1,
            1,
            0,
            0,
            Some(50.0),
            (Some(H), Some(H)),
            (None, None)
        )])
    );
    assert_eq!(sla_json(&env, &["--as-of", "2026-11-20"]), json!([]));

    // The tickets behind the figures.
    let v = sla_json(&env, &["--tickets"]);
    assert_eq!(
        v,
        json!([
            {"number": "REQ-000001", "queue": "support", "category": "Service", "priority": "normal",
             "assignee": "jana", "created": "2026-11-23T09:00:00+01:00",
             "first_response_due": "2026-11-23T13:00:00+01:00", "first_response_at": "2026-11-23T10:00:00+01:00",
             "first_response": "met", "resolution_due": "2026-11-26T09:00:00+01:00",
             "resolved_at": "2026-11-23T15:00:00+01:00", "resolution": "met"},
            {"number": "REQ-000002", "queue": "support", "category": null, "priority": "high",
             "assignee": "petr", "created": "2026-11-23T09:00:00+01:00",
             "first_response_due": "2026-11-23T13:00:00+01:00", "first_response_at": "2026-11-23T15:00:00+01:00",
             "first_response": "breached", "resolution_due": "2026-11-26T09:00:00+01:00",
             "resolved_at": "2026-11-24T10:00:00+01:00", "resolution": "met"},
            {"number": "REQ-000003", "queue": "support", "category": null, "priority": "urgent",
             "assignee": null, "created": "2026-11-23T09:00:00+01:00",
             "first_response_due": "2026-11-23T10:00:00+01:00", "first_response_at": null,
             "first_response": "breached", "resolution_due": "2026-11-23T17:00:00+01:00",
             "resolved_at": null, "resolution": "breached"},
            {"number": "SAL-000005", "queue": "sales", "category": null, "priority": "normal",
             "assignee": null, "created": "2026-11-25T11:00:00+01:00",
             "first_response_due": "2026-11-25T15:00:00+01:00", "first_response_at": null,
             "first_response": "pending", "resolution_due": "2026-11-30T11:00:00+01:00",
             "resolved_at": null, "resolution": "pending"},
        ])
    );
    let v = sla_json(
        &env,
        &["--tickets", "--breached", "--as-of", "2026-11-23T12:00"],
    );
    let numbers: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec!["REQ-000003"]);
    assert_eq!(v[0]["resolution"], "pending");

    // An empty database: an empty array, exit 0.
    let empty = TestEnv::with_config(CONFIG);
    empty.run(&["init"]).ok();
    assert_eq!(sla_json(&empty, &[]), json!([]));
    assert_eq!(sla_json(&empty, &["--by", "operator"]), json!([]));
}

#[test]
fn stats_volume_weekdays_backlog_resolved_and_satisfaction() {
    let mut env = env_at("", "2026-10-30T10:00:00+01:00");
    let maildir = env.path().join("maildir");
    env.write_config(&config_with_maildir(&maildir));
    // Before the range: one closed by jana on 30 October, one still queued.
    let old = env.new_ticket("old closed", "o@x.cz", &["--assign", "jana"]);
    env.run(&["status", &old, "closed"]).ok();
    env.new_ticket("old queued", "o@x.cz", &[]);
    env.now = format!("{MON}T09:00:00+01:00");
    let one = env.new_ticket(
        "one",
        "one@x.cz",
        &["--assign", "jana", "--category", "Service"],
    );
    env.now = format!("{MON}T10:00:00+01:00");
    let two = env.new_ticket("two", "two@x.cz", &["--assign", "petr"]);
    env.now = format!("{MON}T11:00:00+01:00");
    let three = env.new_ticket("three", "three@x.cz", &[]);
    env.run(&["status", &three, "open"]).ok();
    env.now = format!("{MON}T15:00:00+01:00");
    env.run(&["status", &one, "closed"]).ok();
    env.now = "2026-11-24T09:00:00+01:00".into();
    let four = env.new_ticket("four", "four@x.cz", &[]);
    env.run(&["status", &four, "waiting"]).ok();
    env.now = "2026-11-24T10:00:00+01:00".into();
    env.run(&["status", &two, "closed"]).ok();
    env.now = "2026-11-25T11:00:00+01:00".into();
    env.new_ticket("five", "five@x.cz", &["--queue", "sales"]);
    env.now = "2026-11-25T12:00:00+01:00".into();

    let range = [
        "stats",
        "--format",
        "json",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-29",
    ];
    // One row an entry: section, key, value.
    let expected = |satisfaction: Value| {
        let mut rows: Vec<Value> = Vec::new();
        // Every day of the range, quiet ones with 0.
        for d in 2..=29 {
            let n = match d {
                23 => 3,
                24 | 25 => 1,
                _ => 0,
            };
            rows.push(json!({"section": "new", "key": format!("2026-11-{d:02}"), "value": n}));
        }
        // Four weeks: 3 Mondays' tickets / 4, one Tuesday's, one Wednesday's.
        for (d, avg) in [
            ("Mon", 0.75),
            ("Tue", 0.25),
            ("Wed", 0.25),
            ("Thu", 0.0),
            ("Fri", 0.0),
            ("Sat", 0.0),
            ("Sun", 0.0),
        ] {
            rows.push(json!({"section": "weekday", "key": d, "value": avg}));
        }
        for (k, v) in [("jana", 1), ("petr", 1)] {
            rows.push(json!({"section": "resolved", "key": k, "value": v}));
        }
        for (k, v) in [("queued", 2), ("open", 1), ("waiting", 1)] {
            rows.push(json!({"section": "backlog", "key": k, "value": v}));
        }
        for s in satisfaction.as_array().unwrap() {
            rows.push(s.clone());
        }
        Value::Array(rows)
    };
    // No rating yet.
    assert_eq!(env.run(&range).json(), expected(json!([])));

    // The customers answer the closed tickets with a rating: recorded, not a reopen.
    deliver(
        &maildir,
        "r1",
        "one@x.cz",
        "Re: one [REQ-000003]",
        "5\nThank you!",
        "2026-11-25T09:00:00+01:00",
    );
    deliver(
        &maildir,
        "r2",
        "two@x.cz",
        "Re: two [REQ-000004]",
        "rating: 3",
        "2026-11-25T09:30:00+01:00",
    );
    env.run(&["sync"]).ok();
    let v = show(&env, &one);
    assert_eq!(
        (v["rating"].clone(), v["status"].clone()),
        (json!(5), json!("closed"))
    );
    let v = show(&env, &two);
    assert_eq!(
        (v["rating"].clone(), v["status"].clone()),
        (json!(3), json!("closed"))
    );
    assert_eq!(
        env.run(&range).json(),
        expected(json!([
            {"section": "satisfaction", "key": "operator:jana", "value": 5.0},
            {"section": "satisfaction", "key": "operator:petr", "value": 3.0},
            {"section": "satisfaction", "key": "category:(none)", "value": 3.0},
            {"section": "satisfaction", "key": "category:Service", "value": 5.0},
            {"section": "satisfaction", "key": "queue:support", "value": 4.0},
        ]))
    );

    // Per ISO week; the default range is the last 30 days.
    let w = env.run(&["stats", "--format", "json", "--weekly"]).json();
    let volume: Vec<Value> = w
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["section"] == "new")
        .cloned()
        .collect();
    assert_eq!(
        volume,
        [
            json!({"section": "new", "key": "2026-W44", "value": 2}),
            json!({"section": "new", "key": "2026-W45", "value": 0}),
            json!({"section": "new", "key": "2026-W46", "value": 0}),
            json!({"section": "new", "key": "2026-W47", "value": 0}),
            json!({"section": "new", "key": "2026-W48", "value": 5}),
        ]
    );
    // CSV and TSV carry the same rows.
    let csv = env
        .run(&["stats", "--format", "csv", "--weekly"])
        .ok()
        .to_string();
    assert!(
        csv.starts_with("section,key,value\nnew,2026-W44,2\n"),
        "{csv}"
    );
    let tsv = env
        .run(&["stats", "--format", "tsv", "--weekly"])
        .ok()
        .to_string();
    assert!(tsv.contains("\nbacklog\tqueued\t"), "{tsv}");
    // A pipe without --format gets the rows as TSV, as `list` does; the tables for
    // people are tested on a terminal (desk_tables.rs).
    let text = env
        .run(&["stats", "--from", "2026-11-02", "--to", "2026-11-29"])
        .ok()
        .to_string();
    for line in [
        "section\tkey\tvalue\nnew\t2026-11-02\t0\nnew\t2026-11-03\t0\n",
        "new\t2026-11-23\t3\nnew\t2026-11-24\t1\n",
        "weekday\tMon\t0.75\n",
        "resolved\tjana\t1\nresolved\tpetr\t1\n",
        "backlog\tqueued\t2\nbacklog\topen\t1\nbacklog\twaiting\t1\n",
        "satisfaction\tqueue:support\t4.0\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[test]
fn bad_sla_input_exits_2_naming_it() {
    let env = TestEnv::with_config(CONFIG);
    let e = env.run(&["sla", "--by", "colour"]).fails(2).to_string();
    assert!(e.contains("'colour'") && e.contains("--by"), "{e}");
    for flag in ["--from", "--to", "--as-of"] {
        let e = env.run(&["sla", flag, "someday"]).fails(2).to_string();
        assert!(
            e.starts_with(&format!("hd: error: {flag}: unknown time \"someday\"")),
            "{e}"
        );
    }
    let e = env
        .run(&["stats", "--from", "someday"])
        .fails(2)
        .to_string();
    assert!(
        e.starts_with("hd: error: --from: unknown time \"someday\""),
        "{e}"
    );
    let e = env.run(&["stats", "--to", "someday"]).fails(2).to_string();
    assert!(
        e.starts_with("hd: error: --to: unknown time \"someday\""),
        "{e}"
    );

    let path = env.config_path().display().to_string();
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    // A calendar with impossible hours: every command refuses the config.
    let bad = CONFIG.replace("\"08:00-17:00\"", "\"25:00-26:00\"");
    env.write_config(&bad);
    let line = line_of(&bad, "hours = { mon-fri = \"25:00-26:00\" }");
    for args in [&["sla"][..], &["list"], &["new", "--subject", "x"]] {
        let e = env.run(args).fails(2).to_string();
        assert!(
            e.starts_with(&format!(
                "hd: error: config {path}:{line}: calendar.office: hours \"mon-fri\": invalid time range \"25:00-26:00\""
            )),
            "{args:?}: {e}"
        );
    }
    // A policy naming a calendar that does not exist.
    let bad = CONFIG.replace("calendar = \"office\"", "calendar = \"ofice\"");
    env.write_config(&bad);
    let line = line_of(&bad, "calendar = \"ofice\"");
    let e = env.run(&["sla"]).fails(2).to_string();
    assert_eq!(
        e.lines().next().unwrap(),
        format!(
            "hd: error: config {path}:{line}: sla.standard.calendar: unknown calendar \"ofice\""
        )
    );
    // A category naming a policy that does not exist.
    let bad = CONFIG.replace("sla = \"claims\"", "sla = \"gold\"");
    env.write_config(&bad);
    let e = env.run(&["list"]).fails(2).to_string();
    assert!(
        e.contains(&format!("config {path}:"))
            && e.contains("category.sla: unknown SLA policy \"gold\""),
        "{e}"
    );
    // A target that is not a duration, a day that is not a day.
    let bad = CONFIG.replace("resolution = \"8h\"", "resolution = \"8x\"");
    env.write_config(&bad);
    let line = line_of(&bad, "resolution = \"8x\"");
    let e = env.run(&["sla"]).fails(2).to_string();
    assert!(
        e.starts_with(&format!(
            "hd: error: config {path}:{line}: sla.standard: invalid duration \"8x\""
        )),
        "{e}"
    );
    let bad = CONFIG.replace("mon-fri = ", "funday = ");
    env.write_config(&bad);
    let e = env.run(&["sla"]).fails(2).to_string();
    assert!(
        e.contains("calendar.office: hours \"funday\": unknown day"),
        "{e}"
    );
    let bad = CONFIG.replace(
        "hours = { mon-fri = \"08:00-17:00\" }",
        "hours = { mon-fri = \"08:00-17:00\" }\nholidays = [\"13-45\"]",
    );
    env.write_config(&bad);
    let e = env.run(&["sla"]).fails(2).to_string();
    let line = line_of(&bad, "holidays = [\"13-45\"]");
    assert!(
        e.starts_with(&format!(
            "hd: error: config {path}:{line}: calendar.office: invalid holiday \"13-45\""
        )),
        "{e}"
    );
}

/// A next-response target: a customer's message after the first reply owes an
/// answer within the target; the report counts answers in time and late ones.
#[test]
fn next_response_after_each_customer_message() {
    let mut env = env_at("", &format!("{MON}T09:00:00+01:00"));
    let maildir = env.path().join("maildir");
    let config = config_with_maildir(&maildir).replace(
        "[sla.standard]\n",
        "[sla.standard]\nnext_response = \"2h\"\n",
    ) + &format!(
        "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        closed_port()
    );
    env.write_config(&config);
    deliver(
        &maildir,
        "first",
        "Karel <karel@acme.cz>",
        "Printer",
        "Broken.",
        &format!("{MON}T09:00:00+01:00"),
    );
    env.run(&["sync"]).ok();
    // The first reply (the mail server is down, the reply still counts).
    env.now = format!("{MON}T09:30:00+01:00");
    assert_eq!(env.run(&["reply", "1", "-m", "Looking into it."]).code, 75);
    // The customer answers at 10:00; nothing is owed before that.
    deliver(
        &maildir,
        "second",
        "Karel <karel@acme.cz>",
        "Re: Printer [REQ-000001]",
        "Any news?",
        &format!("{MON}T10:00:00+01:00"),
    );
    env.now = format!("{MON}T10:05:00+01:00");
    env.run(&["sync"]).ok();
    let v = show(&env, "1");
    assert_eq!(v["sla"]["next_response_due"], "2026-11-23T12:00:00+01:00");
    assert_eq!(v["sla"]["next_response_breached"], 0);
    // Answered at 13:00, an hour late.
    env.now = format!("{MON}T13:00:00+01:00");
    assert_eq!(env.run(&["reply", "1", "-m", "Fixed."]).code, 75);
    let v = show(&env, "1");
    assert_eq!(v["sla"]["next_response_due"], Value::Null);
    assert_eq!(v["sla"]["next_response_met"], 0);
    assert_eq!(v["sla"]["next_response_breached"], 1);
    assert_eq!(v["breached"], true);
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "breach: next_response"
                && e["time"] == "2026-11-23T12:00:00+01:00"),
        "{v}"
    );
    let report = sla_json(&env, &[]);
    assert_eq!(report[0]["next_response_met"], 0);
    assert_eq!(report[0]["next_response_breached"], 1);
}
