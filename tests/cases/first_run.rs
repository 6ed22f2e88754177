//! What a new user meets first: help with examples, hints for the usual mistakes,
//! man pages whose references resolve, and shell completion that knows the config.

use std::path::Path;
use std::process::Command;

use crate::support::TestEnv;

#[test]
fn every_command_help_ends_with_examples_and_list_help_lists_fields_views_columns() {
    let env = TestEnv::new();
    for cmd in [
        "init",
        "sync",
        "new",
        "list",
        "show",
        "assign",
        "take",
        "status",
        "set",
        "comment",
        "merge",
        "views",
        "export",
        "reply",
        "outbox",
        "templates",
        "rules",
        "operator",
        "sla",
        "stats",
    ] {
        let help = env.run(&[cmd, "--help"]).ok().to_string();
        let tail = help.rsplit("Examples:").next().unwrap_or("");
        assert!(
            help.contains("Examples:") && tail.contains(&format!("hd {cmd}")),
            "hd {cmd} --help has no examples:\n{help}"
        );
    }
    let list = env.run(&["list", "--help"]).ok().to_string();
    for want in [
        "status:STATUS",
        "assignee:OPERATOR",
        "priority:PRIORITY",
        "created:TIME",
        "unassigned",
        "first_response_due",
        "hd list -- -status:closed",
    ] {
        assert!(list.contains(want), "hd list --help lacks {want}:\n{list}");
    }
    // `hd help list` is the same text.
    assert_eq!(env.run(&["help", "list"]).ok(), list);
    let top = env.run(&["--help"]).ok().to_string();
    for want in ["Exit status:", "75", "HD_OPERATOR", "HD_CONFIG", "NO_COLOR"] {
        assert!(top.contains(want), "hd --help lacks {want}:\n{top}");
    }
}

#[test]
fn a_first_term_with_a_dash_gets_the_whole_term_in_the_hint() {
    let env = TestEnv::new();
    let r = env.run(&["list", "-status:closed"]);
    let err = r.fails(2);
    assert!(
        err.contains("hd list -- -status:closed"),
        "hint should show the fixed line: {err}"
    );
    assert!(!err.contains("'-- -s'"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Quoting is kept where the shell needs it.
    let r = env.run(&["list", "--view", "all", "priority:>=high", "-reklamace"]);
    assert!(
        r.fails(2)
            .contains("hd list --view all 'priority:>=high' -- -reklamace"),
        "{}",
        r.stderr
    );
    // And the fixed line works.
    env.run(&["init"]).ok();
    env.run(&["list", "--", "-status:closed"]).ok();
    // An unknown flag of a command without terms is still clap's error.
    let r = env.run(&["sync", "-x"]);
    assert!(!r.fails(2).contains("goes after"), "{}", r.stderr);
}

#[test]
fn operator_alone_lists_the_operators() {
    let env = TestEnv::new();
    env.run(&["init"]).ok();
    let out = env.run(&["operator"]).ok().to_string();
    assert_eq!(out, env.run(&["operator", "list"]).ok());
    assert!(out.contains("jana") && out.contains("petr"), "{out}");
}

#[test]
fn take_without_an_identity_says_every_way_to_set_one() {
    let env = TestEnv::new();
    env.new_ticket("Printer", "a@b.cz", &[]);
    let r = env.run(&["take", "1"]);
    let err = r.fails(2);
    for want in [
        "--as",
        "HD_OPERATOR",
        "me = ",
        "\"tester\"",
        "jana, petr, eva",
    ] {
        assert!(err.contains(want), "missing {want}: {err}");
    }
    assert!(err.contains(env.config_path().to_str().unwrap()), "{err}");
    let r = env.run(&["list", "--view", "mine"]);
    assert!(r.fails(2).contains("HD_OPERATOR"), "{}", r.stderr);
    // Any of the three works.
    let mut env = env;
    env.operator = Some("jana".into());
    env.run(&["take", "1"]).ok();
}

#[test]
fn sla_says_why_tickets_are_missing_from_the_report() {
    let env = TestEnv::new();
    env.new_ticket("No category", "a@b.cz", &[]);
    env.new_ticket("Service", "a@b.cz", &["--category", "Service"]);
    let r = env.run(&["sla", "--by", "operator", "--from", "this-week"]);
    r.ok();
    assert!(
        r.stderr
            .contains("1 ticket in the range follows no SLA policy and is left out"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("(unassigned)"), "{}", r.stdout);
    // Quiet means quiet.
    let r = env.run(&["sla", "-q", "--from", "this-week"]);
    r.ok();
    assert_eq!(r.stderr, "");
}

#[test]
fn init_writes_an_ack_template_that_greets_a_contact_without_a_name() {
    let env = TestEnv::new();
    std::fs::remove_file(env.config_path()).unwrap();
    env.run(&["init"]).ok();
    let mut env = env;
    env.operator = Some("jana".into());
    env.new_ticket("Tiskárna", "karel@acme.cz", &[]);
    let out = env
        .run(&["templates", "show", "ack", "--ticket", "1"])
        .ok()
        .to_string();
    assert!(out.contains("Dobrý den,"), "{out}");
    assert!(!out.contains("den ,"), "{out}");
    env.new_ticket("Tiskárna", "karel@acme.cz", &["--name", "Karel Novák"]);
    let out = env
        .run(&["templates", "show", "ack", "--ticket", "2"])
        .ok()
        .to_string();
    assert!(out.contains("Dobrý den Karel Novák,"), "{out}");
    // New tickets wait in `unassigned` until someone takes them.
    assert!(
        env.run(&["list", "--view", "unassigned"])
            .ok()
            .contains("REQ-000001")
    );
}

#[test]
fn every_see_also_and_subcommand_reference_in_the_man_pages_resolves() {
    let env = TestEnv::new();
    let dir = env.path().join("man");
    env.run(&["man", dir.to_str().unwrap()]).ok();
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(pages.contains(&"hd-config.5".to_string()), "{pages:?}");
    let re = regex::Regex::new(r"\b(hd(?:-[a-z]+)*)\\?\(([1-8])\)").unwrap();
    let mut refs = 0;
    for p in &pages {
        let text = std::fs::read_to_string(dir.join(p)).unwrap();
        // roff writes `hd\-list(1)`; read it as a reader would.
        let plain = text
            .replace("\\-", "-")
            .replace("\\fB", "")
            .replace("\\fR", "");
        for c in re.captures_iter(&plain) {
            let want = format!("{}.{}", &c[1], &c[2]);
            assert!(
                pages.contains(&want),
                "{p} refers to {}({}), which has no page",
                &c[1],
                &c[2]
            );
            refs += 1;
        }
    }
    assert!(refs > 30, "too few references found: {refs}");
    let hd1 = std::fs::read_to_string(dir.join("hd.1")).unwrap();
    for section in [
        "FILTER LANGUAGE",
        "TIME EXPRESSIONS",
        "EXIT STATUS",
        "FILES",
        "ENVIRONMENT",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(hd1.contains(section), "hd.1 lacks {section}");
    }
    assert!(!hd1.contains("hd-help") && !hd1.contains("hd\\-help"));
}

/// A shell as a user's login has it: only the built `hd` first in PATH, a home in
/// the test's folder, the test's config and database where hd looks by default.
fn in_shell_env<'c>(cmd: &'c mut Command, env: &TestEnv) -> &'c mut Command {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_hd")).parent().unwrap();
    cmd.env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", env.path())
        .env("XDG_CONFIG_HOME", env.path().join("config"))
        .env("XDG_DATA_HOME", env.path().join("data"))
        .env("USER", "tester")
        .envs(env.pg.as_ref().map(|db| ("HD_DB", db.url.clone())))
        .current_dir(env.path())
}

/// Runs bash's completion function for `line` (the cursor at its end) against the
/// shipped `completions/hd.bash`, with the built `hd` first in PATH.
fn complete(env: &TestEnv, line: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/hd.bash");
    let program = format!(
        r#"source {script}
COMP_LINE={line:?}
COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<< "$COMP_LINE"
if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_clap_complete_hd hd "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        script = script.display()
    );
    let out = in_shell_env(Command::new("bash").arg("-c").arg(program), env)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{line}");
    candidates("bash", line, &out)
}

/// The candidates a shell printed, one per line, once it exited successfully.
fn candidates(shell: &str, line: &str, out: &std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "{shell} failed on {line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_offers_what_the_config_and_database_hold() {
    let env = TestEnv::new();
    env.new_ticket("Printer", "a@b.cz", &[]);
    env.new_ticket("Invoice", "a@b.cz", &[]);
    env.new_ticket("Done", "a@b.cz", &[]);
    env.run(&["status", "3", "closed"]).ok();
    let mut config = std::fs::read_to_string(env.config_path()).unwrap();
    config.push_str("\n[template.ack]\nsubject = \"Re\"\nbody = \"Hi\"\n");
    env.write_config(&config);

    assert_eq!(
        complete(&env, "hd status 1 "),
        ["queued", "open", "waiting", "closed"]
    );
    assert_eq!(complete(&env, "hd status 1 w"), ["waiting"]);
    // Open tickets only, newest first.
    let shown = complete(&env, "hd show ");
    assert_eq!(&shown[..2], ["2", "1"], "{shown:?}");
    assert!(!shown.contains(&"3".to_string()), "{shown:?}");
    // The built-in views, then the configured ones.
    let views = complete(&env, "hd list --view ");
    for v in ["mine", "unassigned", "open", "waiting", "overdue", "all"] {
        assert!(views.contains(&v.to_string()), "{v} missing: {views:?}");
    }
    assert_eq!(views.last().map(String::as_str), Some("complaints"));
    assert_eq!(complete(&env, "hd reply 1 --template "), ["ack"]);
    assert_eq!(complete(&env, "hd --as "), ["jana", "petr", "eva"]);
    assert_eq!(complete(&env, "hd assign 1 p"), ["petr"]);
    assert_eq!(complete(&env, "hd new --queue "), ["support", "sales"]);
    assert_eq!(
        complete(&env, "hd set 1 --category "),
        ["Service", "Complaints", "none"]
    );
    assert_eq!(complete(&env, "hd set 1 --priority u"), ["urgent"]);
    assert_eq!(complete(&env, "hd list --format j"), ["json"]);
    assert_eq!(
        complete(&env, "hd list --columns number,ta"),
        ["number,tags"]
    );
    assert_eq!(complete(&env, "hd list status:w"), ["status:waiting"]);
    assert_eq!(
        complete(&env, "hd list queue:s"),
        ["queue:support", "queue:sales"]
    );
    // A file named like a view is never offered.
    std::fs::write(env.path().join("mine.txt"), "").unwrap();
    assert_eq!(complete(&env, "hd list --view mi"), ["mine"]);
    // `--config` on the line is the config completion reads.
    let other = env.path().join("other.toml");
    std::fs::write(
        &other,
        "[[queue]]\nname = \"x\"\nprefix = \"X\"\naddress = \"x@y.z\"\n[view.special]\nquery = \"tag:vip\"\n",
    )
    .unwrap();
    let line = format!("hd --config {} list --view sp", other.display());
    assert_eq!(complete(&env, &line), ["special"]);
}

/// Asks a real interactive zsh (under a pseudo-terminal, `tests/support/complete.zsh`)
/// for its completions of `line` after `tabs` presses of Tab, with the shipped
/// `completions/_hd` installed as the README says: copied into a folder in `fpath`
/// before `compinit`.
fn complete_zsh(env: &TestEnv, line: &str, tabs: u32) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zfunc = env.path().join(".zfunc");
    std::fs::create_dir_all(&zfunc).unwrap();
    std::fs::copy(root.join("completions/_hd"), zfunc.join("_hd")).unwrap();
    let mut zsh = Command::new("zsh");
    zsh.arg("-f")
        .arg(root.join("tests/support/complete.zsh"))
        .arg(&zfunc)
        .arg(line)
        .arg(tabs.to_string());
    let out = in_shell_env(&mut zsh, env)
        .output()
        .expect("zsh is installed (.ci/run installs it)");
    candidates("zsh", line, &out)
}

#[test]
fn zsh_completion_offers_what_the_config_and_database_hold() {
    let env = TestEnv::new();
    env.new_ticket("Printer", "a@b.cz", &[]);
    env.new_ticket("Invoice", "a@b.cz", &[]);
    let mut config = std::fs::read_to_string(env.config_path()).unwrap();
    config.push_str("\n[template.ack]\nsubject = \"Re\"\nbody = \"Hi\"\n");
    env.write_config(&config);

    // The first Tab already completes: `_hd` autoloaded from fpath does not
    // wait for a second one to register itself.
    assert_eq!(
        complete_zsh(&env, "hd status 1 ", 1),
        ["queued", "open", "waiting", "closed"]
    );
    assert_eq!(complete_zsh(&env, "hd status 1 w", 1), ["waiting"]);
    assert_eq!(complete_zsh(&env, "hd --as p", 1), ["petr"]);
    assert_eq!(complete_zsh(&env, "hd reply 1 --template ", 1), ["ack"]);
    assert_eq!(
        complete_zsh(&env, "hd new --queue ", 1),
        ["support", "sales"]
    );
    let shown = complete_zsh(&env, "hd show ", 1);
    assert_eq!(&shown[..2], ["2", "1"], "{shown:?}");
    let views = complete_zsh(&env, "hd list --view ", 1);
    assert!(views.contains(&"unassigned".to_string()), "{views:?}");
    assert_eq!(views.last().map(String::as_str), Some("complaints"));
    assert_eq!(complete_zsh(&env, "hd set 1 --priority u", 1), ["urgent"]);
    assert_eq!(
        complete_zsh(&env, "hd list status:w", 1),
        ["status:waiting"]
    );
}

#[test]
fn shipped_completion_scripts_call_hd_from_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["hd.bash", "_hd", "hd.fish", "hd.elv", "_hd.ps1"] {
        let text = std::fs::read_to_string(root.join("completions").join(f)).unwrap();
        assert!(
            !text.contains("target/") && !text.contains(env!("CARGO_MANIFEST_DIR")),
            "completions/{f} names a build path"
        );
    }
}

/// Asks a real fish for its completions of `line` (`complete -C`), with the shipped
/// `completions/hd.fish` loaded and the built `hd` first in PATH.
fn complete_fish(env: &TestEnv, line: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/hd.fish");
    let mut fish = Command::new("fish");
    fish.arg("--no-config").arg("-c").arg(format!(
        "source {}; complete -C {}",
        script.display(),
        shell_quote(line)
    ));
    let out = in_shell_env(&mut fish, env)
        .output()
        .expect("fish is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "fish failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "\\'"))
}

#[test]
fn fish_completion_offers_what_the_config_and_database_hold() {
    let env = TestEnv::new();
    env.new_ticket("Printer", "a@b.cz", &[]);
    assert_eq!(
        complete_fish(&env, "hd status 1 "),
        ["queued", "open", "waiting", "closed"]
    );
    assert_eq!(complete_fish(&env, "hd --as p"), ["petr"]);
    assert_eq!(complete_fish(&env, "hd new --queue "), ["support", "sales"]);
    let views = complete_fish(&env, "hd list --view ");
    assert!(views.contains(&"unassigned".to_string()), "{views:?}");
    assert_eq!(views.last().map(String::as_str), Some("complaints"));
}
