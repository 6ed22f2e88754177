//! README.md's commands, run as written: the try-it block against the shipped demo,
//! then the install and tour blocks against a fresh home and a real SMTP server.
//! The commands are read from README.md itself, so editing the README changes what
//! runs here. One substitution: `cargo run --release --` is the built `hd`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::servers::Smtp;

/// The `sh` code blocks under a `## ` heading starting with `heading`.
fn blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n## {heading}"))
        .unwrap_or_else(|| panic!("README.md has no section \"{heading}\""));
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    let mut out = Vec::new();
    let mut lines = section.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "```sh" {
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            out.push(code);
        }
    }
    assert!(!out.is_empty(), "no sh block under \"{heading}\"");
    out
}

/// The commands of a block: one a line, comment-only lines dropped.
fn commands(block: &str) -> Vec<String> {
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

struct Shell {
    home: tempfile::TempDir,
    cwd: PathBuf,
    bin_dir: PathBuf,
    vars: Vec<(String, String)>,
}

struct Out {
    line: String,
    code: i32,
    stdout: String,
    stderr: String,
}

impl Shell {
    fn new() -> Shell {
        let home = tempfile::tempdir().unwrap();
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_hd"))
            .parent()
            .unwrap()
            .to_path_buf();
        let cwd = home.path().to_path_buf();
        Shell {
            home,
            cwd,
            bin_dir,
            vars: Vec::new(),
        }
    }

    /// Runs one README line in bash, with the built `hd` first in PATH and a
    /// cleared environment; `export NAME=VALUE` lines carry on to later lines.
    fn run(&mut self, line: &str) -> Out {
        let line = line.replace("cargo run --release --", "hd");
        let mut c = Command::new("bash");
        c.env_clear()
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.bin_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("USER", "tester")
            // A Monday morning in Prague, inside business hours.
            .env("HD_NOW", "2026-11-23T09:00:00+01:00")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env("TZ", "UTC")
            .current_dir(&self.cwd)
            .stdin(std::process::Stdio::null());
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        // `set -o pipefail`: `a | b` fails when hd does. An `export NAME=...` line
        // prints the value it set, so the next lines see it too.
        let exported = line
            .strip_prefix("export ")
            .and_then(|r| r.split_once('='))
            .map(|(name, _)| name.trim().to_string());
        let mut script = format!("set -o pipefail\n{line}\n");
        if let Some(name) = &exported {
            script.push_str(&format!("printf '%s' \"${name}\"\n"));
        }
        let out = c.arg("-c").arg(script).output().unwrap();
        if let Some(name) = exported
            && out.status.success()
        {
            let value = String::from_utf8_lossy(&out.stdout).into_owned();
            self.vars.retain(|(n, _)| *n != name);
            self.vars.push((name, value));
        }
        Out {
            line,
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Out {
    #[track_caller]
    fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "README line failed: {}\nstdout:\n{}\nstderr:\n{}",
            self.line, self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{}: {}",
            self.line,
            self.stderr
        );
        self
    }
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_try_it_commands_sync_and_list_the_demo_as_the_readme_says() {
    let text = readme();
    let block = &blocks(&text, "Try it")[0];
    let lines = commands(block);
    assert!(
        lines.iter().any(|l| l.contains("sync")) && lines.iter().any(|l| l.contains("list")),
        "the try-it block should sync and list: {lines:?}"
    );
    let mut sh = Shell::new();
    // A fresh clone: the demo without any database.
    let clone = sh.home.path().join("clone");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("demo"),
        &clone.join("demo"),
    );
    let _ = std::fs::remove_dir_all(clone.join("demo/.state"));
    sh.cwd = clone.clone();
    let mut first = String::new();
    for line in &lines {
        first.push_str(&sh.run(line).ok().stdout);
    }
    // What the README promises is visible in the listing.
    for promised in ["Complaints", "high", "vip", "urgent", "Reklamace"] {
        assert!(
            first.contains(promised),
            "the demo listing lacks {promised:?}:\n{first}"
        );
    }
    assert!(clone.join("demo/.state/hd.db").exists());
    // On an 80-column terminal the listing still shows what it promises, uncut.
    let list = lines
        .iter()
        .flat_map(|l| l.split("&&"))
        .map(str::trim)
        .find(|c| c.contains(" list"))
        .expect("a list command");
    let args = list
        .split_once(" -- ")
        .map_or(list, |(_, args)| args)
        .trim();
    let script = format!(
        "stty cols 80 rows 50; exec {} {args}",
        env!("CARGO_BIN_EXE_hd")
    );
    let screen = Command::new("script")
        .args(["-qec", &script, "/dev/null"])
        .current_dir(&clone)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", sh.home.path())
        .env("HD_NOW", "2026-11-23T09:00:00+01:00")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .output()
        .expect("script(1) runs");
    let screen = String::from_utf8_lossy(&screen.stdout).replace('\r', "");
    assert!(
        screen.lines().all(|l| l.chars().count() <= 80),
        "a line runs past 80 columns:\n{screen}"
    );
    for promised in ["Complaints", "high", "vip", "urgent", "Reklamace"] {
        assert!(
            screen.contains(promised),
            "at 80 columns the demo listing cuts {promised:?}:\n{screen}"
        );
    }
    // Run it twice: nothing is doubled.
    let mut second = String::new();
    for line in &lines {
        second.push_str(&sh.run(line).ok().stdout);
    }
    assert_eq!(
        first.lines().filter(|l| l.contains("REQ-")).count(),
        second.lines().filter(|l| l.contains("REQ-")).count(),
        "a second run changed the listing:\n{first}\n---\n{second}"
    );
}

#[test]
fn the_install_and_tour_commands_run_as_written() {
    let text = readme();
    let smtp = Smtp::start(None);
    let mut sh = Shell::new();
    // Install: the first block, but cargo itself (the test runs what cargo built).
    // The later blocks copy files into the home or start the watcher.
    let mut ran_init = false;
    for line in commands(&blocks(&text, "Install")[0]) {
        if line.starts_with("cargo ") {
            continue;
        }
        let out = sh.run(&line);
        out.ok();
        if line.starts_with("hd --version") {
            assert!(out.stdout.starts_with("hd "), "{}", out.stdout);
        }
        ran_init |= line.starts_with("hd init");
    }
    assert!(ran_init, "the install block no longer runs `hd init`");
    // The one edit the tour asks for: `[smtp]` pointing at a mail server.
    let config = sh.home.path().join(".config/hd/config.toml");
    let written = std::fs::read_to_string(&config).expect("hd init wrote the config");
    let start = written.find("[smtp]").expect("init's config has [smtp]");
    let end = start + written[start..].find("\n[").expect("a table after [smtp]");
    let edited = format!(
        "{}[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n{}",
        &written[..start],
        smtp.port(),
        &written[end..]
    );
    std::fs::write(&config, edited).unwrap();

    let tour = commands(&blocks(&text, "A five-minute tour")[0]);
    let mut seen = Vec::new();
    for line in &tour {
        let out = sh.run(line);
        out.ok();
        let cmd = line.split('#').next().unwrap_or("").trim();
        let check = |what: &str, ok: bool| {
            assert!(
                ok,
                "{cmd}: {what}\nstdout:\n{}\nstderr:\n{}",
                out.stdout, out.stderr
            )
        };
        if cmd.starts_with("hd new") {
            check("prints the new number", out.stdout.trim() == "REQ-000001");
        } else if cmd.starts_with("hd list --view unassigned") {
            check("lists the new ticket", out.stdout.contains("REQ-000001"));
            seen.push("unassigned");
        } else if cmd.starts_with("hd list") {
            check("lists the new ticket", out.stdout.contains("REQ-000001"));
        } else if cmd.starts_with("hd take") {
            seen.push("take");
        } else if cmd.starts_with("hd reply") {
            let mail = smtp.wait_for(1, std::time::Duration::from_secs(10));
            let mail = String::from_utf8_lossy(&mail[0]).into_owned();
            check(
                "sends the greeting without a stray space",
                !mail.contains("den ,") && mail.contains("REQ-000001"),
            );
            seen.push("reply");
        } else if cmd.starts_with("hd show") {
            check(
                "shows the note and the reply",
                out.stdout.contains("Called back"),
            );
        } else if cmd.starts_with("hd sla") {
            check("reports the operator's ticket", out.stdout.contains("jana"));
            seen.push("sla");
        } else if cmd.starts_with("hd export") && cmd.contains("xlsx") {
            check("writes the file", sh.cwd.join("week.xlsx").exists());
        }
    }
    assert_eq!(
        seen,
        ["unassigned", "take", "reply", "sla"],
        "the tour no longer runs these steps in this order"
    );
}
