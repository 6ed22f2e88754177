//! `hd kb`: articles in the database, full-text search, suggestions for a ticket,
//! `reply --article`, the Markdown round trip and the published site (checked in
//! a real browser).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::servers::Smtp;
use crate::support::{BASE_CONFIG, Run, TestEnv};

fn env() -> TestEnv {
    let mut env = TestEnv::new();
    env.operator = Some("jana".into());
    env
}

/// `hd kb new`, returning the id it printed.
fn new_article(env: &TestEnv, title: &str, body: &str, extra: &[&str]) -> i64 {
    let mut args = vec!["kb", "new", "--title", title, "-m", body];
    args.extend_from_slice(extra);
    let r = env.run(&args);
    let out = r.ok();
    assert_eq!(r.stderr, "", "kb new says nothing on stderr");
    out.trim()
        .parse()
        .unwrap_or_else(|_| panic!("kb new printed {out:?}, not an id"))
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

const PASSWORD: &str = "Když zapomenete heslo, klikněte na přihlašovací stránce na „Zapomenuté heslo“.\n\
Přijde vám e-mail s odkazem na nové heslo (forgotten password reset).\n";

/// Three articles: the password one (public), invoices (public), a private one.
fn three(env: &TestEnv) -> (i64, i64, i64) {
    let pw = new_article(
        env,
        "Zapomenuté heslo",
        PASSWORD,
        &["--tag", "účet,heslo", "--public"],
    );
    let inv = new_article(
        env,
        "Faktura a platba",
        "Fakturu najdete v sekci Platby. Platba kartou i převodem.\n",
        &["--tag", "platby", "--public"],
    );
    let private = new_article(
        env,
        "Interní: TAJNEXYZ postup",
        "Jen pro operátory: TAJNEXYZ heslo do administrace se nikdy neposílá.\n",
        &["--tag", "interni"],
    );
    (pw, inv, private)
}

#[test]
fn new_list_show_edit_delete_in_every_format() {
    let env = env();
    let (pw, inv, private) = three(&env);
    assert_eq!((pw, inv, private), (1, 2, 3));

    let list = env.run(&["kb", "list", "--format", "json"]).json();
    assert_eq!(ids(&list), [1, 2, 3]);
    let first = &list[0];
    let mut keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["id", "public", "tags", "title", "updated"]);
    assert_eq!(first["title"], "Zapomenuté heslo");
    assert_eq!(first["tags"], serde_json::json!(["heslo", "účet"]));
    assert_eq!(first["public"], true);
    assert_eq!(first["updated"], "2026-11-23T09:00:00+01:00");
    assert_eq!(
        ids(&env
            .run(&["kb", "list", "--public", "--format", "json"])
            .json()),
        [1, 2]
    );
    assert_eq!(
        ids(&env
            .run(&["kb", "list", "--private", "--format", "json"])
            .json()),
        [3]
    );
    assert_eq!(
        ids(&env
            .run(&["kb", "list", "--tag", "platby", "--format", "json"])
            .json()),
        [2]
    );
    assert_eq!(
        env.run(&["kb", "list", "--format", "csv"]).ok(),
        "id,title,tags,public,updated\n\
         1,Zapomenuté heslo,\"heslo,účet\",yes,2026-11-23T09:00:00+01:00\n\
         2,Faktura a platba,platby,yes,2026-11-23T09:00:00+01:00\n\
         3,Interní: TAJNEXYZ postup,interni,no,2026-11-23T09:00:00+01:00\n"
    );
    let tsv = env.run(&["kb", "list", "--format", "tsv"]);
    assert!(
        tsv.ok().starts_with(
            "id\ttitle\ttags\tpublic\tupdated\n1\tZapomenuté heslo\theslo,účet\tyes\t"
        )
    );
    let table = env.run(&["kb", "list", "--format", "table"]);
    assert!(table.ok().contains("Faktura a platba"), "{}", table.stdout);

    let show = env.run(&["kb", "show", "1", "--format", "json"]).json();
    assert_eq!(show["body"], PASSWORD);
    assert_eq!(show["id"], 1);
    let text = env.run(&["kb", "show", "1"]);
    assert!(
        text.ok()
            .starts_with("#1  Zapomenuté heslo\ntags: heslo, účet   public: yes"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("„Zapomenuté heslo“"));

    // Edit: title, tags, visibility, text from standard input; updated moves.
    let mut env = env;
    env.now = "2026-11-24T10:00:00+01:00".into();
    env.run(&[
        "kb",
        "edit",
        "2",
        "--title",
        "Faktury a platby",
        "--tag",
        "+faktura,-platby",
        "--private",
    ])
    .ok();
    env.run_stdin(&["kb", "edit", "2", "-"], "Nový text.\n")
        .ok();
    let two = env.run(&["kb", "show", "2", "--format", "json"]).json();
    assert_eq!(two["title"], "Faktury a platby");
    assert_eq!(two["tags"], serde_json::json!(["faktura"]));
    assert_eq!(two["public"], false);
    assert_eq!(two["body"], "Nový text.\n");
    assert_eq!(two["updated"], "2026-11-24T10:00:00+01:00");
    assert_eq!(two["created"], "2026-11-23T09:00:00+01:00");
    // The editor: an emptied file saves nothing.
    let mut c = env.cmd(&["kb", "edit", "2", "--edit"]);
    c.env("EDITOR", "truncate -s 0");
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut c = env.cmd(&["kb", "new", "--title", "Z editoru", "--edit"]);
    c.env("EDITOR", "sh -c 'printf \"Text z editoru\" > \"$1\"' sh");
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4\n");
    assert_eq!(
        env.run(&["kb", "show", "4", "--format", "json"]).json()["body"],
        "Text z editoru"
    );

    // Delete asks; --yes answers.
    env.run(&["kb", "delete", "4"]).fails(3);
    env.run(&["kb", "delete", "4", "--yes"]).ok();
    assert_eq!(
        ids(&env.run(&["kb", "list", "--format", "json"]).json()),
        [1, 2, 3]
    );
    // A deleted article is gone from the search too.
    assert_eq!(
        env.run(&["kb", "search", "editoru", "--format", "json"])
            .ok()
            .trim(),
        "[]"
    );

    // Bad input: one line, exit 2, nothing stored.
    for (args, says) in [
        (vec!["kb", "show", "99"], "no article 99"),
        (vec!["kb", "edit", "99", "--title", "x"], "no article 99"),
        (vec!["kb", "delete", "99", "--yes"], "no article 99"),
        (vec!["kb", "show", "abc"], "abc"),
        (
            vec!["kb", "new", "--title", " ", "-m", "x"],
            "title is empty",
        ),
        (vec!["kb", "new", "--title", "x"], "give the text"),
        (
            vec!["kb", "new", "--title", "x", "-m", "{{ unclosed"],
            "not a valid template",
        ),
        (
            vec!["kb", "new", "--title", "x", "-m", "y", "--tag", "a b"],
            "one word",
        ),
        (vec!["kb", "search", "--", "-"], "no word"),
        (vec!["kb", "list", "--format", "ids"], "not available"),
    ] {
        let err = env.run(&args).fails(2).to_string();
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        ids(&env.run(&["kb", "list", "--format", "json"]).json()),
        [1, 2, 3]
    );
}

#[test]
fn search_ignores_diacritics_and_case_and_ranks_titles_first() {
    let env = env();
    three(&env);
    // Without diacritics, the article written with them.
    let found = env
        .run(&["kb", "search", "zapomenute", "--format", "json"])
        .json();
    assert_eq!(ids(&found), [1], "{found}");
    assert!(found[0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        ids(&env
            .run(&[
                "kb",
                "search",
                "PRIHLASOVACI",
                "stranka",
                "--format",
                "json"
            ])
            .json()),
        Vec::<i64>::new(),
        "every word must occur, as whole tokens"
    );
    assert_eq!(
        ids(&env
            .run(&[
                "kb",
                "search",
                "prihlasovaci",
                "strance",
                "--format",
                "json"
            ])
            .json()),
        [1]
    );
    // Tags are searched too.
    assert_eq!(
        ids(&env
            .run(&["kb", "search", "ucet", "--format", "json"])
            .json()),
        [1]
    );
    // "heslo" is in two articles; the one with it in the title ranks first.
    let both = env
        .run(&["kb", "search", "heslo", "--format", "json"])
        .json();
    assert_eq!(ids(&both), [1, 3], "{both}");
    let scores: Vec<f64> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["score"].as_f64().unwrap())
        .collect();
    assert!(scores[0] > scores[1], "{scores:?}");
    let csv = env.run(&["kb", "search", "heslo", "--format", "csv"]);
    assert!(
        csv.ok()
            .starts_with("id,title,tags,public,updated,score\n1,"),
        "{}",
        csv.stdout
    );
    // FTS syntax in the words is just text.
    env.run(&["kb", "search", "heslo", "OR", "NEAR(", "*"]).ok();
    assert_eq!(
        env.run(&["kb", "search", "nic-takoveho", "--format", "json"])
            .ok()
            .trim(),
        "[]"
    );
}

#[test]
fn suggest_ranks_the_password_article_first_for_a_forgotten_password() {
    let env = env();
    three(&env);
    new_article(
        &env,
        "Nastavení tiskárny",
        "Tiskárnu přidáte v Nastavení → Zařízení. Heslo k Wi-Fi najdete na štítku.\n",
        &["--public"],
    );
    env.new_ticket(
        "Zapomněl jsem heslo",
        "karel@acme.com",
        &["-m", "Dobrý den, zapomněl jsem heslo a nemůžu se přihlásit. I forgot my password.\n> quoted faktura platba"],
    );
    let s = env.run(&["kb", "suggest", "1", "--format", "json"]).json();
    let got = ids(&s);
    assert_eq!(got.first(), Some(&1), "{s}");
    assert!(
        !got.contains(&2),
        "nothing about invoices in the ticket: {s}"
    );
    let scores: Vec<f64> = s
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    assert!(scores[0] > scores[1], "{scores:?}");
    // Our own replies and notes do not count; only the customer's text and the subject.
    env.new_ticket(
        "Dotaz",
        "eva@acme.com",
        &["-m", "Kde najdu fakturu za listopad?"],
    );
    env.run(&["comment", "2", "-m", "heslo heslo heslo zapomenute"])
        .ok();
    assert_eq!(
        ids(&env.run(&["kb", "suggest", "2", "--format", "json"]).json()).first(),
        Some(&2)
    );
    let table = env.run(&["kb", "suggest", "1", "--format", "table"]);
    assert!(table.ok().contains("Zapomenuté heslo"), "{}", table.stdout);
    // A ticket without telling words suggests nothing; rights apply.
    env.new_ticket("ok", "x@acme.com", &[]);
    assert_eq!(
        env.run(&["kb", "suggest", "3", "--format", "json"])
            .ok()
            .trim(),
        "[]"
    );
    let mut c = env.cmd(&["kb", "suggest", "1"]);
    c.env("HD_OPERATOR", "eva");
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rights"));
}

fn sent_body(raw: &[u8]) -> String {
    let m = mail_parser::MessageParser::default().parse(raw).unwrap();
    m.body_text(0).unwrap().into_owned()
}

#[test]
fn reply_with_an_article_renders_ticket_and_contact_variables() {
    let smtp = Smtp::start(None);
    let mut env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
        smtp.port()
    ));
    env.operator = Some("jana".into());
    env.new_ticket("Zapomenuté heslo", "karel@acme.com", &[]);
    let id = new_article(
        &env,
        "Heslo",
        "Dobrý den,\nk požadavku {{ ticket.number }} ({{ contact.email }}): {{ ticket.subject }}.\nS pozdravem {{ operator.name }}\n",
        &[],
    );
    env.run(&["reply", "1", "--article", &id.to_string(), "-m", "Úvod."])
        .ok();
    let sent = smtp.messages();
    assert_eq!(sent.len(), 1);
    let body = sent_body(&sent[0]);
    assert_eq!(
        body.replace("\r\n", "\n").trim_end(),
        "Úvod.\n\nDobrý den,\nk požadavku REQ-000001 (karel@acme.com): Zapomenuté heslo.\nS pozdravem jana"
    );
    // Recorded like any reply.
    let show = env.run(&["show", "1", "--format", "json"]).json();
    assert!(
        show["interactions"][1]["text"]
            .as_str()
            .unwrap()
            .contains("REQ-000001 (karel@acme.com)")
    );
    // An unknown article or an undefined variable sends and records nothing.
    let bad = new_article(&env, "Špatně", "Ahoj {{ contact.nickname }}", &[]);
    let err = env
        .run(&["reply", "1", "--article", &bad.to_string()])
        .fails(2)
        .to_string();
    assert!(err.contains("nickname"), "{err}");
    env.run(&["reply", "1", "--article", "99"]).fails(2);
    assert_eq!(smtp.messages().len(), 1);
    let show = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(show["interactions"].as_array().unwrap().len(), 2);
}

/// Every file of a folder: name → bytes.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn export_import_round_trip_is_exact() {
    let env = env();
    three(&env);
    // Text that tempts a sloppy format: no final newline, a fence, braces, spaces.
    new_article(
        &env,
        "Okraje \"uvozovky\" a \\ lomítko",
        "+++\n{{ contact.name }}  \n\n  odsazení\t tab",
        &["--tag", "z,a"],
    );
    let a = env.path().join("a");
    let r = env.run(&["kb", "export", a.to_str().unwrap()]);
    assert!(
        r.ok().is_empty() && r.stderr.contains("exported 4 articles"),
        "{}",
        r.stderr
    );
    let exported = files_of(&a);
    assert_eq!(
        exported.keys().collect::<Vec<_>>(),
        [
            "1-zapomenute-heslo.md",
            "2-faktura-a-platba.md",
            "3-interni-tajnexyz-postup.md",
            "4-okraje-uvozovky-a-lomitko.md"
        ]
    );
    assert_eq!(
        String::from_utf8(exported["1-zapomenute-heslo.md"].clone()).unwrap(),
        format!(
            "+++\nid = 1\ntitle = \"Zapomenuté heslo\"\ntags = [\"heslo\", \"účet\"]\npublic = true\n\
             created = 2026-11-23T09:00:00+01:00\nupdated = 2026-11-23T09:00:00+01:00\n+++\n{PASSWORD}"
        )
    );
    let before = env.run(&["kb", "list", "--format", "json"]).json();
    // Importing what was exported changes nothing, and exporting again gives the same bytes.
    let r = env.run(&["kb", "import", a.to_str().unwrap()]);
    assert!(
        r.stderr.contains("0 new, 0 changed, 4 unchanged"),
        "{}",
        r.stderr
    );
    assert_eq!(env.run(&["kb", "list", "--format", "json"]).json(), before);
    let b = env.path().join("b");
    env.run(&["kb", "export", b.to_str().unwrap()]).ok();
    assert_eq!(files_of(&b), exported);

    // Into an empty database: same ids, same times, same files.
    let other = TestEnv::new();
    let r = other.run(&["kb", "import", a.to_str().unwrap()]);
    assert!(
        r.stderr.contains("4 new, 0 changed, 0 unchanged"),
        "{}",
        r.stderr
    );
    let c = other.path().join("c");
    other.run(&["kb", "export", c.to_str().unwrap()]).ok();
    assert_eq!(files_of(&c), exported);
    for id in ["1", "4"] {
        assert_eq!(
            other.run(&["kb", "show", id, "--format", "json"]).json(),
            env.run(&["kb", "show", id, "--format", "json"]).json()
        );
    }
    // Searching works on imported articles.
    assert_eq!(
        ids(&other
            .run(&["kb", "search", "zapomenute", "--format", "json"])
            .json()),
        [1]
    );

    // A changed file updates its article; a hand-written one is added.
    let p = a.join("2-faktura-a-platba.md");
    let text = String::from_utf8(exported["2-faktura-a-platba.md"].clone()).unwrap();
    std::fs::write(&p, text.replace("Platba kartou", "Platba jen kartou")).unwrap();
    std::fs::write(
        a.join("nove.md"),
        "+++\ntitle = \"Nový článek\"\ntags = [\"novinka\"]\n+++\nAhoj\n",
    )
    .unwrap();
    let mut env = env;
    env.now = "2026-11-25T08:00:00+01:00".into();
    let r = env.run(&["kb", "import", a.to_str().unwrap()]);
    assert!(
        r.stderr.contains("1 new, 1 changed, 3 unchanged"),
        "{}",
        r.stderr
    );
    let two = env.run(&["kb", "show", "2", "--format", "json"]).json();
    assert!(two["body"].as_str().unwrap().contains("Platba jen kartou"));
    assert_eq!(two["updated"], "2026-11-25T08:00:00+01:00");
    assert_eq!(
        env.run(&["kb", "show", "5", "--format", "json"]).json()["title"],
        "Nový článek"
    );
    // A broken file imports nothing at all.
    std::fs::write(a.join("zz.md"), "no front matter").unwrap();
    std::fs::write(&p, text.replace("Platba kartou", "Zase jinak")).unwrap();
    let err = env
        .run(&["kb", "import", a.to_str().unwrap()])
        .fails(2)
        .to_string();
    assert!(
        err.contains("zz.md") && err.contains("front-matter"),
        "{err}"
    );
    assert!(
        env.run(&["kb", "show", "2", "--format", "json"]).json()["body"]
            .as_str()
            .unwrap()
            .contains("jen kartou")
    );
    std::fs::remove_file(a.join("zz.md")).unwrap();
    std::fs::write(a.join("dup.md"), text.clone()).unwrap();
    let err = env
        .run(&["kb", "import", a.to_str().unwrap()])
        .fails(2)
        .to_string();
    assert!(err.contains("both are article 2"), "{err}");
    // Export after a title change replaces the old file instead of keeping two.
    std::fs::remove_file(a.join("dup.md")).unwrap();
    env.run(&["kb", "edit", "2", "--title", "Platby"]).ok();
    env.run(&["kb", "export", a.to_str().unwrap()]).ok();
    assert!(!p.exists());
    assert!(a.join("2-platby.md").exists());
}

/// Every href and src in an HTML text.
fn links(html: &str) -> Vec<String> {
    regex::Regex::new(r#"(?:href|src)="([^"]*)""#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_string())
        .collect()
}

fn publish(env: &TestEnv, dir: &Path) -> Run {
    env.run(&[
        "kb",
        "publish",
        dir.to_str().unwrap(),
        "--title",
        "Nápověda",
    ])
}

#[test]
fn publish_writes_public_articles_only_and_every_link_resolves() {
    let env = env();
    three(&env);
    new_article(
        &env,
        "Značky <b>a</b> & spol.",
        "# Nadpis\n\nDobrý den{% if contact.name %} {{ contact.name }}{% endif %},\n\n<script>alert('x')</script>\n\n* **tučně** a [odkaz](1-zapomenute-heslo.html)\n",
        &["--public"],
    );
    let site = env.path().join("site");
    let r = publish(&env, &site);
    assert!(
        r.ok().is_empty() && r.stderr.contains("published 3 articles"),
        "{}",
        r.stderr
    );
    let files = files_of(&site);
    let names: Vec<&String> = files.keys().collect();
    assert_eq!(
        names,
        [
            ".hd-kb-publish",
            "1-zapomenute-heslo.html",
            "2-faktura-a-platba.html",
            "4-znacky-b-a-b-spol.html",
            "index.html"
        ]
    );
    for (name, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        for secret in ["TAJNEXYZ", "Interní", "interni", "operátory", "3-"] {
            assert!(!text.contains(secret), "{name} contains {secret}:\n{text}");
        }
        if !name.ends_with(".html") {
            continue;
        }
        assert!(
            text.starts_with("<!DOCTYPE html>\n<html lang=\"cs\">"),
            "{name}"
        );
        assert!(text.contains("<meta charset=\"utf-8\">"), "{name}");
        assert!(
            text.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "{name}"
        );
        assert!(
            !text.contains("<script>alert"),
            "{name}: raw HTML got through"
        );
        assert!(!text.contains("<b>"), "{name}: raw HTML got through");
        // No external resources; every local link is a file of the site.
        assert!(!text.contains("<link") && !text.contains("<img"), "{name}");
        for l in links(&text) {
            assert!(
                !l.starts_with("http") && !l.starts_with("//"),
                "{name} loads {l}"
            );
            let file = l.split(['#', '?']).next().unwrap();
            assert!(
                site.join(file).is_file(),
                "{name} links to {l}, which does not exist"
            );
        }
    }
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains("<title>Nápověda</title>"), "{index}");
    assert!(
        index.contains("<a href=\"1-zapomenute-heslo.html\">Zapomenuté heslo</a>"),
        "{index}"
    );
    assert!(
        index.contains("Značky &lt;b&gt;a&lt;/b&gt; &amp; spol."),
        "{index}"
    );
    let page = String::from_utf8(files["1-zapomenute-heslo.html"].clone()).unwrap();
    assert!(page.contains("<h1>Zapomenuté heslo</h1>"), "{page}");
    assert!(page.contains("„Zapomenuté heslo“"), "{page}");
    assert!(page.contains("<a href=\"index.html\">"), "{page}");
    let marked = String::from_utf8(files["4-znacky-b-a-b-spol.html"].clone()).unwrap();
    assert!(marked.contains("<strong>tučně</strong>"), "{marked}");
    assert!(marked.contains("&lt;script&gt;"), "{marked}");
    // Template variables have no ticket or contact on the public site: they print nothing.
    assert!(marked.contains("<p>Dobrý den,</p>"), "{marked}");
    assert!(!marked.contains("{{") && !marked.contains("{%"), "{marked}");

    // An article made private later leaves the site at the next publish.
    env.run(&["kb", "edit", "2", "--private"]).ok();
    publish(&env, &site).ok();
    assert!(!site.join("2-faktura-a-platba.html").exists());
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("Faktura"), "{index}");
    // A folder with someone else's files is refused.
    let foreign = env.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let err = publish(&env, &foreign).fails(2).to_string();
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(files_of(&foreign).len(), 1);
}

/// Loads a page in headless Chromium and returns the DOM after its scripts ran.
fn chromium_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect(
            "chromium must be installed for this test (apt-get install chromium; .ci/run does)",
        );
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `<li>` of an article in the dumped index, and whether it is hidden.
fn item(dom: &str, id: i64) -> (String, bool) {
    let re = regex::Regex::new(&format!(r#"<li data-id="{id}"[^>]*>"#)).unwrap();
    let tag = re
        .find(dom)
        .unwrap_or_else(|| panic!("article {id} missing in the DOM:\n{dom}"))
        .as_str()
        .to_string();
    let hidden = tag.contains("hidden");
    (tag, hidden)
}

fn file_url(p: &Path, query: &str) -> String {
    format!("file://{}?q={query}", p.display())
}

#[test]
fn published_index_searches_in_a_real_browser() {
    let env = env();
    three(&env);
    let site = env.path().join("site");
    publish(&env, &site).ok();
    let index = site.join("index.html");

    // Without diacritics, the article written with them; the other one is hidden.
    let dom = chromium_dom(&file_url(&index, "zapomenute"));
    assert!(!item(&dom, 1).1, "{}", item(&dom, 1).0);
    assert!(item(&dom, 2).1, "{}", item(&dom, 2).0);
    assert!(
        dom.contains("value=\"zapomenute\"") || dom.contains("1 / 2"),
        "{dom}"
    );
    assert!(dom.contains("1 / 2"), "{dom}");
    assert!(
        dom.contains(">Zapomenuté heslo</a>"),
        "UTF-8 intact:\n{dom}"
    );
    // Words from the text, with diacritics and in another case, several at once.
    let dom = chromium_dom(&file_url(&index, "PREVODEM%20platba"));
    assert!(item(&dom, 1).1 && !item(&dom, 2).1, "{dom}");
    let dom = chromium_dom(&file_url(&index, "p%C5%99evodem"));
    assert!(item(&dom, 1).1 && !item(&dom, 2).1, "{dom}");
    // Nothing found: every article hidden, the empty note shown.
    let dom = chromium_dom(&file_url(&index, "nicnenalezeno"));
    assert!(item(&dom, 1).1 && item(&dom, 2).1, "{dom}");
    assert!(dom.contains("<p id=\"none\">"), "{dom}");
    // No query: the whole list.
    let dom = chromium_dom(&format!("file://{}", index.display()));
    assert!(!item(&dom, 1).1 && !item(&dom, 2).1, "{dom}");
}
