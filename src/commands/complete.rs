//! Shell completion that knows the config and the database: views, templates,
//! operators, queues, categories and open ticket numbers are read when the shell
//! asks (`COMPLETE=bash hd -- hd list --view ''`), so they are never stale.
//! Statuses, priorities, formats and columns are fixed lists.
//!
//! The shell side is the small script `hd completions SHELL` prints (shipped in
//! `completions/`); it calls `hd` itself for the candidates.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::builder::StyledStr;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate, ValueCompleter};

use crate::config::Config;

/// The environment variable that turns a run of `hd` into a completion request.
pub const VAR: &str = "COMPLETE";

/// Answers a completion request and exits, when `COMPLETE` is set; else returns.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .bin("hd")
        .completer("hd")
        .complete();
}

/// The shell script that registers completion for `hd` (what `completions/` ships).
pub fn registration(shell: &str) -> Option<Vec<u8>> {
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells.completer(shell)?;
    let mut buf = Vec::new();
    completer
        .write_registration(VAR, "hd", "hd", "hd", &mut buf)
        .ok()?;
    if shell == "zsh" {
        buf = autoloadable_zsh(&String::from_utf8(buf).ok()?).into_bytes();
    }
    Some(buf)
}

/// clap's zsh script only registers its function, which is right when the script
/// is sourced; autoloaded from `fpath` as `_hd` (its `#compdef hd` line), it would
/// register on the first Tab and complete nothing until the second. Like the
/// scripts zsh ships, it now completes when zsh calls it as `_hd`.
fn autoloadable_zsh(script: &str) -> String {
    const REGISTER: &str = "compdef _clap_dynamic_completer_hd hd";
    let Some(at) = script.rfind(REGISTER) else {
        return script.to_string();
    };
    format!(
        "{}if [[ \"${{funcstack[1]}}\" == _hd ]]; then\n    \
         _clap_dynamic_completer_hd \"$@\"\nelse\n    {REGISTER}\nfi{}",
        &script[..at],
        &script[at + REGISTER.len()..]
    )
}

/// What a value is completed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tickets,
    /// Tickets first, then (from the second value on) statuses: `hd status 1 <TAB>`.
    TicketsThenStatus,
    /// Tickets first, then operators: `hd assign 1 <TAB>`.
    TicketsThenOperator,
    Operators,
    Views,
    Templates,
    Queues,
    Categories,
    Priorities,
    Columns,
    SortKeys,
    Query,
}

#[derive(Clone, Copy)]
struct Completer(Kind);

impl ValueCompleter for Completer {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        self.complete_at(0, current)
    }

    fn complete_at(&self, _index: usize, current: &OsStr) -> Vec<CompletionCandidate> {
        let current = current.to_string_lossy();
        // clap_complete's index is the same for the first and the second value of a
        // list, so count the words already typed after the command instead.
        let after = |name: &str| words_after(&completed_words(), name);
        let kind = match self.0 {
            Kind::TicketsThenStatus if after("status") > 0 => return statuses(&current),
            Kind::TicketsThenOperator if after("assign") > 0 => Kind::Operators,
            Kind::TicketsThenStatus | Kind::TicketsThenOperator => Kind::Tickets,
            k => k,
        };
        candidates(kind, &current, &World::from_args())
    }
}

/// The words of the line being completed (after `--`), the current one last.
fn completed_words() -> Vec<String> {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => Vec::new(),
    }
}

/// How many positional words follow the command `name`, before the current word.
fn words_after(words: &[String], name: &str) -> usize {
    const WITH_VALUE: &[&str] = &["--config", "--db", "--as", "--format", "--columns"];
    let Some((_, before)) = words.split_last() else {
        return 0;
    };
    let Some(start) = before.iter().position(|w| w == name) else {
        return 0;
    };
    let mut n = 0;
    let mut skip = false;
    for w in &before[start + 1..] {
        if skip {
            skip = false;
        } else if WITH_VALUE.contains(&w.as_str()) {
            skip = true;
        } else if !w.starts_with('-') {
            n += 1;
        }
    }
    n
}

/// The command definition with the completers attached.
pub fn command() -> clap::Command {
    let with = |k: Kind| ArgValueCompleter::new(Completer(k));
    // (command path, argument id, kind); a missing argument is skipped, so a renamed
    // flag loses its completion but breaks nothing (a test checks they all exist).
    let mut cmd = crate::commands::help::command();
    cmd = attach(cmd, &[], "as_operator", with(Kind::Operators));
    cmd = attach(cmd, &[], "columns", with(Kind::Columns));
    for (path, arg, kind) in ATTACH {
        cmd = attach(cmd, path, arg, with(*kind));
    }
    cmd
}

const ATTACH: &[(&[&str], &str, Kind)] = &[
    (&["list"], "view", Kind::Views),
    (&["list"], "sort", Kind::SortKeys),
    (&["list"], "query", Kind::Query),
    (&["export"], "query", Kind::Query),
    (&["export"], "operator", Kind::Operators),
    (&["export"], "queue", Kind::Queues),
    (&["new"], "queue", Kind::Queues),
    (&["new"], "category", Kind::Categories),
    (&["new"], "assign", Kind::Operators),
    (&["set"], "queue", Kind::Queues),
    (&["set"], "category", Kind::Categories),
    (&["set"], "priority", Kind::Priorities),
    (&["set"], "tickets", Kind::Tickets),
    (&["show"], "ticket", Kind::Tickets),
    (&["take"], "tickets", Kind::Tickets),
    (&["comment"], "ticket", Kind::Tickets),
    (&["reply"], "ticket", Kind::Tickets),
    (&["reply"], "template", Kind::Templates),
    (&["merge"], "from", Kind::Tickets),
    (&["merge"], "into", Kind::Tickets),
    (&["restore"], "tickets", Kind::Tickets),
    (&["delete"], "tickets", Kind::Tickets),
    (&["anonymize"], "ticket", Kind::Tickets),
    (&["status"], "args", Kind::TicketsThenStatus),
    (&["assign"], "args", Kind::TicketsThenOperator),
    (&["templates", "show"], "name", Kind::Templates),
    (&["templates", "show"], "ticket", Kind::Tickets),
    (&["operator", "away"], "name", Kind::Operators),
    (&["operator", "back"], "name", Kind::Operators),
];

fn attach(cmd: clap::Command, path: &[&str], arg: &str, c: ArgValueCompleter) -> clap::Command {
    match path.split_first() {
        None => {
            // `mut_args` keeps the order: `mut_arg` would move the argument last, and
            // a positional moved behind an optional one is a different command line.
            cmd.mut_args(|a| {
                if a.get_id() == arg {
                    a.add(c.clone())
                } else {
                    a
                }
            })
        }
        Some((first, rest)) => {
            if cmd.find_subcommand(first).is_none() {
                return cmd;
            }
            cmd.mut_subcommand(first, |s| attach(s, rest, arg, c))
        }
    }
}

/// What the candidates are read from: the config and the database the completed
/// command line would use.
#[derive(Default)]
struct World {
    config: Option<Config>,
    db: Option<PathBuf>,
}

impl World {
    /// Reads `--config`/`--db` from the words being completed, else the environment,
    /// else the defaults, as a real run would.
    fn from_args() -> World {
        let args: Vec<OsString> = std::env::args_os().collect();
        let words = match args.iter().position(|a| a == "--") {
            Some(i) => &args[i + 1..],
            None => &args[..],
        };
        let flag = |name: &str| -> Option<PathBuf> {
            let eq = format!("{name}=");
            let mut it = words.iter();
            let mut found = None;
            while let Some(w) = it.next() {
                let w = w.to_string_lossy();
                if w == name {
                    found = it.next().map(PathBuf::from);
                } else if let Some(v) = w.strip_prefix(&eq) {
                    found = Some(PathBuf::from(v));
                }
            }
            found
        };
        let env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let config_path = flag("--config")
            .or_else(|| env("HD_CONFIG"))
            .unwrap_or_else(crate::commands::context::default_config_path);
        let config = Config::load(&config_path).ok();
        let db = flag("--db")
            .or_else(|| env("HD_DB"))
            .or_else(|| config.as_ref().and_then(|c| c.db.clone()))
            .unwrap_or_else(crate::commands::context::default_db_path);
        World {
            config,
            db: Some(db),
        }
    }
}

fn candidates(kind: Kind, current: &str, world: &World) -> Vec<CompletionCandidate> {
    let config = world.config.as_ref();
    let names = |v: Vec<(String, Option<String>)>| filter_prefix(current, v);
    match kind {
        Kind::Operators => names(
            config
                .map(|c| c.operator_names())
                .unwrap_or_default()
                .into_iter()
                .map(|n| (n, None))
                .collect(),
        ),
        Kind::Views => {
            let mut v: Vec<(String, Option<String>)> = crate::views::BUILTIN
                .iter()
                .map(|(n, q)| (n.to_string(), Some(q.to_string())))
                .collect();
            if let Some(c) = config {
                for (name, view) in &c.views {
                    v.retain(|(n, _)| n != name);
                    v.push((name.clone(), Some(view.query.clone())));
                }
            }
            names(v)
        }
        Kind::Templates => names(
            config
                .map(|c| c.template_names.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|n| (n, None))
                .collect(),
        ),
        Kind::Queues => names(
            config
                .map(|c| {
                    c.queues
                        .iter()
                        .map(|q| (q.name.get_ref().clone(), Some(q.prefix.get_ref().clone())))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Kind::Categories => {
            let mut v: Vec<(String, Option<String>)> = config
                .map(|c| {
                    c.categories
                        .iter()
                        .map(|k| (k.name.get_ref().clone(), None))
                        .collect()
                })
                .unwrap_or_default();
            v.push(("none".into(), Some("no category".into())));
            names(v)
        }
        Kind::Priorities => names(fixed(&["low", "normal", "high", "urgent"])),
        Kind::SortKeys => {
            // A comma list; a key may be negated.
            let (done, last) = current
                .rsplit_once(',')
                .map_or(("", current), |(d, l)| (d, l));
            let (sign, last) = last.strip_prefix('-').map_or(("", last), |l| ("-", l));
            let keys = [
                "number", "priority", "created", "updated", "status", "queue", "category",
                "assignee", "subject", "due",
            ];
            let lead = if done.is_empty() {
                sign.to_string()
            } else {
                format!("{done},{sign}")
            };
            keys.iter()
                .filter(|k| k.starts_with(last))
                .map(|k| CompletionCandidate::new(format!("{lead}{k}")))
                .collect()
        }
        Kind::Columns => {
            let (done, last) = current
                .rsplit_once(',')
                .map_or(("", current), |(d, l)| (d, l));
            let lead = if done.is_empty() {
                String::new()
            } else {
                format!("{done},")
            };
            crate::commands::list::COLUMNS
                .iter()
                .filter(|c| c.starts_with(last))
                .map(|c| CompletionCandidate::new(format!("{lead}{c}")))
                .collect()
        }
        Kind::Query => query_terms(current, config),
        Kind::Tickets => {
            let Some(db) = &world.db else {
                return Vec::new();
            };
            let open = crate::store::lookup::open_tickets(db, 500).unwrap_or_default();
            filter_prefix(
                current,
                open.into_iter()
                    .map(|t| {
                        (
                            t.number.to_string(),
                            Some(format!("{} {}", t.name, t.subject)),
                        )
                    })
                    .collect(),
            )
        }
        Kind::TicketsThenStatus | Kind::TicketsThenOperator => Vec::new(),
    }
}

fn statuses(current: &str) -> Vec<CompletionCandidate> {
    filter_prefix(current, fixed(&["queued", "open", "waiting", "closed"]))
}

fn fixed(v: &[&str]) -> Vec<(String, Option<String>)> {
    v.iter().map(|s| (s.to_string(), None)).collect()
}

fn filter_prefix(current: &str, v: Vec<(String, Option<String>)>) -> Vec<CompletionCandidate> {
    v.into_iter()
        .filter(|(n, _)| n.starts_with(current))
        .map(|(n, help)| CompletionCandidate::new(n).help(help.map(StyledStr::from)))
        .collect()
}

/// A filter term: first the field (`status:`), then its values (`status:open`).
fn query_terms(current: &str, config: Option<&Config>) -> Vec<CompletionCandidate> {
    let (neg, term) = current
        .strip_prefix('-')
        .map_or(("", current), |t| ("-", t));
    let Some((field, value)) = term.split_once(':') else {
        return crate::filter::FIELDS
            .iter()
            .filter(|f| f.starts_with(term))
            .map(|f| CompletionCandidate::new(format!("{neg}{f}:")))
            .collect();
    };
    let (done, last) = value.rsplit_once(',').map_or(("", value), |(d, l)| (d, l));
    let lead = if done.is_empty() {
        format!("{neg}{field}:")
    } else {
        format!("{neg}{field}:{done},")
    };
    let list = |v: Vec<String>| -> Vec<CompletionCandidate> {
        v.into_iter()
            .filter(|x| x.starts_with(last))
            .map(|x| CompletionCandidate::new(format!("{lead}{x}")))
            .collect()
    };
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match field {
        "status" => list(strings(&["queued", "open", "waiting", "closed"])),
        "priority" => list(strings(&["low", "normal", "high", "urgent"])),
        "source" => list(strings(&["email", "phone", "chat", "web", "manual"])),
        "overdue" | "deleted" => list(strings(&["yes", "no"])),
        "created" | "updated" => list(strings(&[
            "today",
            "yesterday",
            "this-week",
            ">=7d",
            ">=today",
            "<today",
        ])),
        "assignee" => {
            let mut v = strings(&["me", "none"]);
            v.extend(config.map(|c| c.operator_names()).unwrap_or_default());
            list(v)
        }
        "queue" => list(
            config
                .map(|c| c.queues.iter().map(|q| q.name.get_ref().clone()).collect())
                .unwrap_or_default(),
        ),
        "category" => {
            let mut v: Vec<String> = config
                .map(|c| {
                    c.categories
                        .iter()
                        .map(|k| k.name.get_ref().clone())
                        .collect()
                })
                .unwrap_or_default();
            v.push("none".into());
            list(v)
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: Vec<CompletionCandidate>) -> Vec<String> {
        v.iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn every_attached_argument_exists() {
        let cmd = crate::commands::help::command();
        for (path, arg, _) in ATTACH {
            let mut c = &cmd;
            for p in *path {
                c = c
                    .find_subcommand(p)
                    .unwrap_or_else(|| panic!("no command {path:?}"));
            }
            assert!(
                c.get_arguments().any(|a| a.get_id() == *arg),
                "hd {} has no argument {arg}",
                path.join(" ")
            );
        }
    }

    #[test]
    fn query_terms_complete_fields_then_values() {
        assert_eq!(values(query_terms("sta", None)), ["status:"]);
        assert_eq!(values(query_terms("-sta", None)), ["-status:"]);
        assert_eq!(
            values(query_terms("status:open,w", None)),
            ["status:open,waiting"]
        );
        assert_eq!(
            values(query_terms("priority:", None)),
            [
                "priority:low",
                "priority:normal",
                "priority:high",
                "priority:urgent"
            ]
        );
    }

    #[test]
    fn columns_and_sort_keys_complete_the_last_of_a_list() {
        let w = World::default();
        assert_eq!(
            values(candidates(Kind::Columns, "number,cat", &w)),
            ["number,category"]
        );
        assert_eq!(
            values(candidates(Kind::SortKeys, "-prio", &w)),
            ["-priority"]
        );
        assert_eq!(
            values(candidates(Kind::SortKeys, "status,-cr", &w)),
            ["status,-created"]
        );
    }

    #[test]
    fn words_after_counts_the_values_already_typed() {
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words_after(&w("hd status "), "status"), 0);
        assert_eq!(words_after(&w("hd status 1 "), "status"), 1);
        assert_eq!(words_after(&w("hd --as jana status 1 2 w"), "status"), 2);
        assert_eq!(words_after(&w("hd status --as jana 1 "), "status"), 1);
        assert_eq!(words_after(&w("hd list "), "status"), 0);
    }
}
