//! `hd templates`: list templates and preview one.

use std::io::Write;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::output;

/// Reply templates: list them, or render one as a preview.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: Option<TemplatesCommand>,
}

/// `hd templates` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates (the default)
    List,
    /// Render a template, with a ticket's data when one is given
    Show {
        /// Template name
        name: String,
        /// Render for this ticket
        #[arg(long)]
        ticket: Option<String>,
    },
}

/// Runs `hd templates`.
pub fn run(ctx: &Ctx, a: TemplatesArgs) -> anyhow::Result<()> {
    let templates = crate::outbox::load_templates(&ctx.config)?;
    match a.command.unwrap_or(TemplatesCommand::List) {
        TemplatesCommand::List => {
            let rows: Vec<_> = templates.names().map(|n| json!({"name": n})).collect();
            let count = output::count_line(rows.len(), "template", "templates");
            output::print_rows_with(ctx.format(), &["name".to_string()], &rows, Some(&count))
        }
        TemplatesCommand::Show { name, ticket } => {
            if !templates.contains(&name) {
                let names: Vec<&str> = templates.names().collect();
                return Err(usage(format!(
                    "unknown template \"{name}\" (known: {})",
                    names.join(", ")
                ))
                .into());
            }
            let store = ctx.store()?;
            let vars = match ticket {
                Some(t) => {
                    let t = super::ticket(ctx, &store.conn, &t)?;
                    crate::outbox::template_context(
                        &ctx.config,
                        &store.conn,
                        &t,
                        ctx.me(),
                        ctx.now_ts(),
                    )?
                }
                None => json!({
                    "ticket": {"number": "REQ-000001", "id": 1, "subject": "Example subject", "status": "open",
                               "priority": "normal", "category": null, "queue": "support", "created": "",
                               "first_response_due": null, "resolution_due": null},
                    "contact": {"name": "Jana Nováková", "email": "jana@example.com", "company": "example.com"},
                    "operator": {"name": ctx.actor(), "email": ""},
                    "queue": {"name": "support", "address": "support@example.com"},
                    "now": ctx.fmt_time(ctx.now_ts()),
                    "last_message": "Example message",
                }),
            };
            let r = templates.render(&name, &vars)?;
            let mut out = std::io::stdout().lock();
            if let Some(s) = r.subject {
                writeln!(out, "Subject: {s}\n")?;
            }
            writeln!(out, "{}", r.body)?;
            Ok(())
        }
    }
}
