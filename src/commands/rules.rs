//! `hd rules test` and `hd rules list`.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::output;
use crate::rules;

/// Routing rules: test them against a message, or list them.
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

/// `hd rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Show every rule, whether it matched FILE.eml (or - for standard input) and why,
    /// and the resulting ticket fields. Writes nothing.
    Test(TestArgs),
    /// List the rules in evaluation order.
    List,
}

/// Arguments of `hd rules test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The message, or - for standard input
    pub file: PathBuf,
    /// The mailbox it arrives in (default: the first)
    #[arg(long)]
    pub mailbox: Option<String>,
}

/// Runs `hd rules`.
pub fn run(ctx: &Ctx, a: RulesArgs) -> anyhow::Result<()> {
    let compiled = crate::ingest::compile_rules(&ctx.config)?;
    match a.command {
        RulesCommand::List => {
            let rows: Vec<_> = compiled
                .iter()
                .map(|r| json!({"rule": r.name(), "description": rules::describe(r), "stop": r.stop()}))
                .collect();
            let cols = output::columns(
                ctx.global.columns.as_deref(),
                &["rule", "description"],
                &["rule", "description", "stop"],
            )?;
            let count = output::count_line(rows.len(), "rule", "rules");
            output::print_rows_with(ctx.format(), &cols, &rows, Some(&count))
        }
        RulesCommand::Test(t) => {
            let raw = if t.file.as_os_str() == "-" {
                let mut b = Vec::new();
                std::io::stdin().read_to_end(&mut b)?;
                b
            } else {
                // A message that is not there is bad input, like a bad filter.
                std::fs::read(&t.file).map_err(|e| {
                    crate::error::usage(format!("cannot read {}: {e}", t.file.display()))
                })?
            };
            let queue = match &t.mailbox {
                Some(m) => ctx
                    .config
                    .mailboxes
                    .iter()
                    .find(|x| x.name.get_ref() == m)
                    .map(|x| x.queue.get_ref().clone())
                    .ok_or_else(|| crate::error::usage(format!("unknown mailbox \"{m}\"")))?,
                None => ctx
                    .config
                    .mailboxes
                    .first()
                    .map(|x| x.queue.get_ref().clone())
                    .or_else(|| ctx.config.queues.first().map(|q| q.name.get_ref().clone()))
                    .unwrap_or_default(),
            };
            let p = crate::mail::parse::parse_with(&raw, ctx.config.decoding);
            let automatic = p.automatic.is_some() || p.bounce_of.is_some();
            let ev = rules::evaluate(&compiled, &crate::ingest::rules_input(&p, &queue));
            let rows: Vec<_> = ev
                .trace
                .iter()
                .map(|tr| json!({"rule": tr.rule, "matched": tr.matched, "why": tr.why}))
                .collect();
            let format = ctx.format();
            if format == Format::Json {
                return output::print_json(&serde_json::Value::Array(rows));
            }
            let cols = output::columns(
                ctx.global.columns.as_deref(),
                &["rule", "matched", "why"],
                &["rule", "matched", "why"],
            )?;
            output::print_rows(format, &cols, &rows)?;
            let o = &ev.outcome;
            let mut fields = vec![format!("queue: {}", o.queue.clone().unwrap_or(queue))];
            if let Some(c) = &o.category {
                fields.push(format!("category: {c}"));
            }
            if let Some(p) = o.priority {
                fields.push(format!("priority: {}", p.as_str()));
            }
            if let Some(s) = o.status {
                fields.push(format!("status: {}", s.as_str()));
            }
            if let Some(a) = &o.assignee {
                fields.push(format!("assignee: {a}"));
            }
            if !o.tags.is_empty() {
                fields.push(format!("tags: {}", o.tags.join(",")));
            }
            if let Some(r) = &o.auto_reply {
                fields.push(format!(
                    "auto_reply: {r}{}",
                    if automatic {
                        " (suppressed: automatic mail)"
                    } else {
                        ""
                    }
                ));
            }
            if o.delete {
                fields.push("deleted: yes".into());
            }
            if let Some(why) = &p.automatic {
                fields.push(format!("automatic: {why}"));
            }
            eprintln!("result: {}", fields.join(", "));
            Ok(())
        }
    }
}
