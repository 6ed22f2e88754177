//! The help clap cannot derive from the flags: examples at the end of every command's
//! long help, the filter fields, views and columns under `hd list --help`, exit codes
//! and environment under `hd --help`. [`command`] is the one definition that parsing,
//! completions and man pages share, so all three say the same.

use clap::CommandFactory;

use crate::cli::Cli;

/// The full command definition: the derived flags plus the texts below.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let paths: Vec<Vec<String>> = subcommand_paths(&cmd);
    cmd = with_sections(cmd, &[]);
    for path in paths {
        cmd = at_path(cmd, &path, &with_sections);
    }
    cmd
}

/// Every visible subcommand path: `["list"]`, `["operator", "away"]`...
pub fn subcommand_paths(cmd: &clap::Command) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        out.push(vec![name.clone()]);
        for mut p in subcommand_paths(sub) {
            p.insert(0, name.clone());
            out.push(p);
        }
    }
    out
}

fn at_path(
    cmd: clap::Command,
    path: &[String],
    f: &dyn Fn(clap::Command, &[String]) -> clap::Command,
) -> clap::Command {
    fn go(
        cmd: clap::Command,
        rest: &[String],
        full: &[String],
        f: &dyn Fn(clap::Command, &[String]) -> clap::Command,
    ) -> clap::Command {
        match rest.split_first() {
            None => f(cmd, full),
            Some((first, rest)) => cmd.mut_subcommand(first, |s| go(s, rest, full, f)),
        }
    }
    go(cmd, path, path, f)
}

/// Adds the sections of a command as its long help's tail, unless the command has its own.
fn with_sections(cmd: clap::Command, path: &[String]) -> clap::Command {
    if cmd.get_after_long_help().is_some() {
        return cmd;
    }
    let sections = sections(path);
    if sections.is_empty() {
        return cmd;
    }
    let text = sections
        .iter()
        .map(|s| {
            let body: Vec<String> = s
                .body
                .lines()
                .map(|l| format!("  {l}").trim_end().to_string())
                .collect();
            format!("{}:\n{}", s.title, body.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    cmd.after_long_help(text)
}

/// A titled block of preformatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `Examples`, `Filter fields`...
    pub title: String,
    /// Lines without indentation.
    pub body: String,
}

fn section(title: &str, body: impl Into<String>) -> Section {
    Section {
        title: title.to_string(),
        body: body.into(),
    }
}

/// The sections of a command path (`[]` for `hd` itself).
pub fn sections(path: &[String]) -> Vec<Section> {
    let key = path.join(" ");
    let mut out = Vec::new();
    match key.as_str() {
        "" => {
            out.push(section("Exit status", EXIT_STATUS));
            out.push(section("Environment", ENVIRONMENT));
        }
        "list" => {
            out.push(section("Filter fields", filter_fields()));
            out.push(section("Views", views()));
            out.push(section(
                "Columns (--columns a,b,c)",
                wrap(&crate::commands::list::COLUMNS.join(", "), 70),
            ));
        }
        _ => {}
    }
    if let Some((_, ex)) = EXAMPLES.iter().find(|(p, _)| *p == key) {
        out.push(section("Examples", ex.trim_matches('\n')));
    }
    out
}

/// For `hd list -status:closed`: clap reads `-s` as an unknown flag and would suggest
/// `-- -s`. When the line parses with `--` before the whole term, say that instead.
pub fn dash_term_hint(e: &clap::Error, args: &[std::ffi::OsString]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(bad)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let at = args.iter().enumerate().skip(1).position(|(_, a)| {
        let a = a.to_string_lossy();
        !a.starts_with("--") && a.len() > 2 && a.starts_with(bad.as_str())
    })? + 1;
    if args[1..at].iter().any(|a| a == "--") {
        return None;
    }
    let mut fixed = args.to_vec();
    fixed.insert(at, "--".into());
    command().try_get_matches_from(&fixed).ok()?;
    let shown: Vec<String> = fixed[1..]
        .iter()
        .map(|a| shell_word(&a.to_string_lossy()))
        .collect();
    Some(format!(
        "unexpected argument '{}'; a first term starting with `-` goes after `--`: hd {}",
        args[at].to_string_lossy(),
        shown.join(" ")
    ))
}

/// Quotes a word for a shell when it needs it.
fn shell_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || "-_:,.@/=+%".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// What each filter field takes; a field missing here is still listed, as `field:VALUE`.
const FIELD_HELP: &[(&str, &str, &str)] = &[
    (
        "status",
        "STATUS",
        "queued, open, waiting, closed; a list means either",
    ),
    ("assignee", "OPERATOR", "an operator, `me` or `none`"),
    ("queue", "QUEUE", "a configured queue"),
    ("category", "CATEGORY", "a configured category or `none`"),
    (
        "priority",
        "PRIORITY",
        "low, normal, high, urgent; also `>=high`, `<normal`",
    ),
    ("tag", "TAG", "a tag"),
    (
        "contact",
        "ADDRESS",
        "an address, or `@domain` for everyone there",
    ),
    (
        "created",
        "TIME",
        "`>=7d`, `<today`, `2026-11-01` (see TIME below)",
    ),
    ("updated", "TIME", "as created"),
    ("overdue", "yes|no", "an SLA target is missed"),
    (
        "deleted",
        "yes|no",
        "deleted tickets are left out unless asked for",
    ),
    ("source", "SOURCE", "email, phone, chat, web, manual"),
    ("number", "N", "a ticket number, `>100`"),
    ("id", "N", "same as number"),
    ("subject", "WORDS", "words of the subject only"),
];

fn filter_fields() -> String {
    let mut lines = Vec::new();
    for field in crate::filter::FIELDS {
        let (value, what) = FIELD_HELP
            .iter()
            .find(|(f, _, _)| f == field)
            .map(|(_, v, w)| (*v, *w))
            .unwrap_or(("VALUE", ""));
        let term = format!("{field}:{value}");
        lines.push(format!("{term:<20} {what}").trim_end().to_string());
    }
    lines.push(String::new());
    lines.push("Terms are separated by spaces and all must hold; -field:VALUE negates;".into());
    lines.push("bare words search subjects and texts, diacritics-insensitive".into());
    lines.push("(`reklamace` finds `Reklamáce`); \"double quotes\" group words.".into());
    lines.push("A first term starting with - goes after --: hd list -- -status:closed".into());
    lines.push(String::new());
    lines.push("TIME: now, today, yesterday, this-week, 7d, 2h, 30m, 2w, 2026-11-01,".into());
    lines.push("2026-11-01T08:00 or RFC 3339, in the configured time zone.".into());
    lines.join("\n")
}

fn views() -> String {
    let mut lines = Vec::new();
    for (name, query) in crate::views::BUILTIN {
        let q = if query.is_empty() {
            "every ticket not deleted"
        } else {
            query
        };
        lines.push(format!("{name:<12} {q}"));
    }
    lines.push("`hd views` lists these and the ones in the config ([view.NAME]).".into());
    lines.join("\n")
}

fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

const EXIT_STATUS: &str = "\
0   ok (an empty list is ok)
1   the operation failed
2   bad input: unknown ticket, bad filter, bad config (names file, line)
3   cancelled, or a prompt was needed with --no-input
4   authentication refused
75  temporary failure: server unreachable, another sync running";

const ENVIRONMENT: &str = "\
HD_CONFIG       the config (default: $XDG_CONFIG_HOME/hd/config.toml)
HD_DB           the database (default: $XDG_DATA_HOME/hd/hd.db)
HD_OPERATOR     act as this operator (--as beats it; it beats `me`)
HD_NOW          pin the clock (RFC 3339), for reproducible reports
USER, LOGNAME   the operator when none is named, if configured
NO_COLOR        no colours
HD_PAGER, PAGER the pager (default: less -FRX; cat: none)
VISUAL, EDITOR  the editor of `hd reply`, `hd comment` and `--edit`
TZ              the time zone when the config sets none
Flags beat the environment, which beats the config file.";

/// Examples by command path, shown at the end of each command's long help and man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "",
        "
hd init                     # an annotated config and the database
export HD_OPERATOR=jana     # who you are (or: me = \"jana\" in config)
hd sync                     # fetch mail into tickets
hd list --view mine
hd list 'status:open,waiting priority:>=high reklamace'
hd take 279
hd reply 279 --template ack
hd list --format ids | xargs hd assign --me
hd help list                # filter fields, views and columns
",
    ),
    (
        "next",
        "
hd next                     # the ticket to work on now
hd next --take              # and take it (never one a colleague got)
hd next --format json       # one object, or null when there is none
",
    ),
    (
        "init",
        "
hd init                     # writes ~/.config/hd/config.toml
hd --config team.toml init  # another config
HD_DB=/srv/helpdesk/hd.db hd init   # a database shared on this host
",
    ),
    (
        "sync",
        "
hd sync                     # every mailbox; silent on success
hd sync -v                  # say what was fetched
hd sync --mailbox support-inbox --dry-run
hd sync --reprocess         # parse again what failed to parse
* * * * * hd sync -q 2>>~/.local/state/hd-sync.log   # crontab
",
    ),
    (
        "new",
        "
hd new -s \"Nefunguje tiskárna\" --contact karel@acme.cz \\
    --source phone -m \"Zákazník volal v 9:10\"
hd new -s \"Web form\" --contact a@b.cz --source web --body-file f.txt
hd new -s \"Chat\" --source chat --body-file - --me < transcript.txt
",
    ),
    (
        "list",
        "
hd list                     # the open view
hd list --view mine
hd list --view unassigned --sort created
hd list 'status:open,waiting priority:>=high contact:@acme.cz reklamace'
hd list -- -status:closed tag:vip
hd list 'created:>=this-week' --columns number,category,tags,subject
hd list --view overdue --format ids | xargs hd assign --me
",
    ),
    (
        "show",
        "
hd show 279
hd show REQ-000279 --format json
",
    ),
    (
        "assign",
        "
hd assign 279 280 jana
hd assign 279 --me
hd assign 279 --none
hd list --view unassigned --format ids | xargs hd assign --auto
",
    ),
    (
        "take",
        "
hd take 279                 # assign to me; queued → open
hd --as jana take 279 280
",
    ),
    (
        "status",
        "
hd status 279 closed
hd status 279 280 waiting
",
    ),
    (
        "set",
        "
hd set 279 --priority high --tag +vip
hd set 279 --category Complaints
hd set 279 280 --queue sales --tag -spam
",
    ),
    (
        "comment",
        "
hd comment 279 -m \"Called back, left a message\"
hd comment 279                      # write it in $EDITOR
hd comment 279 --file notes.txt
echo \"From the phone log\" | hd comment 279 -
",
    ),
    (
        "attachments",
        "
hd attachments 279                # numbered as hd show numbers them
hd attachments 279 --save -o ~/x  # every one, never overwriting
hd attachments 279 --save 2 -o -  # the second one to stdout
",
    ),
    (
        "merge",
        "
hd merge 280 279            # 280's messages move to 279, its number too
",
    ),
    (
        "restore",
        "
hd restore 279
hd list deleted:yes --format ids | xargs hd restore
",
    ),
    (
        "delete",
        "
hd delete 279 280
hd list 'contact:@spam.example' --format ids | xargs hd delete
",
    ),
    (
        "views",
        "
hd views
hd views --format json
",
    ),
    (
        "export",
        "
hd export --from today > today.csv
hd export --from 7d -o week.xlsx
hd export --from 2026-11-01 --to 2026-12-01 --operator jana -o nov.xlsx
hd export category:Complaints --direction in --bom > complaints.csv
",
    ),
    (
        "reply",
        "
hd reply 279 --template ack --then waiting
hd reply 279 -m \"The printer is fixed.\" --then closed
hd reply 279 --edit --cc \"Boss <boss@acme.cz>\" --attach invoice.pdf
hd reply 279 --template ack --dry-run   # print it, send nothing
",
    ),
    (
        "outbox",
        "
hd outbox                   # waiting and failed mail
hd outbox --retry
hd outbox --all --format json
",
    ),
    (
        "templates",
        "
hd templates
hd templates show ack --ticket 279
",
    ),
    (
        "templates list",
        "
hd templates list
",
    ),
    (
        "templates show",
        "
hd templates show ack
hd templates show ack --ticket 279   # with the ticket's data
",
    ),
    (
        "rules",
        "
hd rules list
hd rules test message.eml
",
    ),
    (
        "rules test",
        "
hd rules test message.eml
hd rules test - --mailbox support-inbox < message.eml
",
    ),
    (
        "rules list",
        "
hd rules list
",
    ),
    (
        "operator",
        "
hd operator                 # everyone: queues, load, availability
hd operator away            # yourself
hd operator back petr
",
    ),
    (
        "operator list",
        "
hd operator list --format json
",
    ),
    (
        "operator away",
        "
hd operator away
hd operator away petr
",
    ),
    (
        "operator back",
        "
hd operator back
hd operator back petr       # waiting tickets are handed out at once
",
    ),
    (
        "sla",
        "
hd sla --from this-week
hd sla --by operator --from 2026-11-01 --to 2026-12-01
hd sla --breached --tickets --from 7d
hd sla --recompute          # after changing a calendar or a policy
",
    ),
    (
        "stats",
        "
hd stats
hd stats --from 2026-10-01 --weekly --format json
",
    ),
    (
        "time",
        "
hd time 279 25m             # log 25 minutes on 279
hd time 279                 # its entries
hd time start 279
hd time stop
hd time report --format json
",
    ),
    (
        "kb",
        "
hd kb list
hd kb search tiskárna
hd kb suggest 279           # articles that may answer the ticket
hd kb publish site/
",
    ),
    (
        "db",
        "
hd db info                  # engine, schema version, size, row counts
hd db copy --to postgres://hd@db.example/helpdesk
",
    ),
    (
        "db info",
        "
hd db info
hd db info --format json --db postgres://hd@db.example/helpdesk
",
    ),
    (
        "db copy",
        "
hd db copy --to postgres://hd@db.example/helpdesk
hd --db ~/old/hd.db db copy --to postgres://hd@127.0.0.1:5432/hd
",
    ),
    (
        "anonymize",
        "
hd anonymize 279
hd anonymize --contact karel@acme.cz --yes
",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_command_ends_its_long_help_with_examples() {
        let cmd = command();
        let mut missing = Vec::new();
        for path in subcommand_paths(&cmd).into_iter().filter(|p| p.len() == 1) {
            let mut c = &cmd;
            for p in &path {
                c = c.find_subcommand(p).expect("path exists");
            }
            let text = c.get_after_long_help().map(|s| s.to_string());
            if !text.is_some_and(|t| t.contains("Examples:")) {
                missing.push(path.join(" "));
            }
        }
        assert!(
            missing.is_empty(),
            "add examples for these commands to EXAMPLES in src/help.rs: {missing:?}"
        );
    }

    #[test]
    fn every_example_names_a_real_command() {
        let cmd = command();
        let paths: Vec<String> = subcommand_paths(&cmd).iter().map(|p| p.join(" ")).collect();
        for (p, _) in EXAMPLES {
            assert!(
                p.is_empty() || paths.iter().any(|q| q == p),
                "no command {p:?}"
            );
        }
    }

    #[test]
    fn filter_fields_list_every_field_with_its_value() {
        let text = filter_fields();
        for f in crate::filter::FIELDS {
            assert!(text.contains(&format!("{f}:")), "{f} missing");
        }
        assert!(text.contains("status:STATUS"));
    }

    #[test]
    fn every_help_line_fits_80_columns() {
        let cmd = command();
        let mut paths = subcommand_paths(&cmd);
        paths.push(Vec::new());
        for path in paths {
            for s in sections(&path) {
                for line in s.body.lines() {
                    assert!(
                        line.chars().count() <= 72,
                        "too wide for 80 columns (hd {}): {line}",
                        path.join(" ")
                    );
                }
            }
        }
    }

    #[test]
    fn wrap_keeps_lines_short() {
        let w = wrap(&"word ".repeat(40), 20);
        assert!(w.lines().all(|l| l.len() <= 20), "{w}");
    }
}
