//! `hd attachments`: list a ticket's attachments and save them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde_json::json;

use crate::commands::context::Ctx;
use crate::error::{failure, usage};
use crate::store::attachments;

/// List a ticket's attachments (numbered as `hd show` numbers them), or save them.
///
/// `--save` writes every attachment, `--save 2 3` those numbers, into the current
/// folder or `-o DIR`, under safe names that never overwrite a file (`name (1).pdf`);
/// `-o -` writes one attachment to standard output.
#[derive(Debug, Args)]
pub struct AttachmentsArgs {
    /// The ticket
    pub ticket: String,
    /// Save the attachments with these numbers (all without a number)
    #[arg(long, num_args = 0.., value_name = "N")]
    pub save: Option<Vec<usize>>,
    /// Folder to save into, or `-` for standard output [default: the current folder]
    #[arg(short = 'o', long, value_name = "DIR", requires = "save")]
    pub output: Option<PathBuf>,
}

/// Runs `hd attachments`.
pub fn run(ctx: &Ctx, a: AttachmentsArgs) -> anyhow::Result<()> {
    let store = ctx.store()?;
    let t = super::ticket(ctx, &store.conn, &a.ticket)?;
    let all = attachments::of_ticket(&store.conn, t.id, t.deleted)?;
    let Some(wanted) = a.save else {
        return list(ctx, &all);
    };
    if all.is_empty() {
        return Err(usage(format!("{} has no attachments", t.number_str())).into());
    }
    let mut chosen = Vec::new();
    for n in &wanted {
        let found = all.iter().find(|x| x.number == *n).ok_or_else(|| {
            usage(format!(
                "{} has no attachment {n} (it has 1 to {})",
                t.number_str(),
                all.len()
            ))
        })?;
        if !chosen
            .iter()
            .any(|c: &&attachments::Attachment| c.id == found.id)
        {
            chosen.push(found);
        }
    }
    if wanted.is_empty() {
        chosen = all.iter().collect();
    }
    let dir = a.output.unwrap_or_else(|| PathBuf::from("."));
    if dir.as_os_str() == "-" {
        let [one] = chosen.as_slice() else {
            return Err(usage(format!(
                "-o - writes one attachment; {} has {}: name one with --save N",
                t.number_str(),
                chosen.len()
            ))
            .into());
        };
        let data = attachments::content(&store.conn, one.id)?;
        let mut out = std::io::stdout().lock();
        out.write_all(&data)?;
        out.flush()?;
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(usage(format!("{} is not a folder", dir.display())).into());
    }
    for att in chosen {
        let data = attachments::content(&store.conn, att.id)?;
        let name = crate::mail::filename::safe(&att.name);
        let path = crate::mail::filename::write_new(&dir, &name, &data)
            .with_context(|| format!("cannot save attachment {} in {}", att.number, dir.display()))
            .map_err(|e| failure(format!("{e:#}")))?;
        ctx.info(&format!(
            "{}: attachment {} saved as {}",
            t.number_str(),
            att.number,
            crate::term::escape_line(&path.display().to_string())
        ));
    }
    Ok(())
}

fn list(ctx: &Ctx, all: &[attachments::Attachment]) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = all
        .iter()
        .map(|x| {
            json!({
                "number": x.number,
                "name": x.name,
                "type": x.content_type,
                "size": x.size,
                "time": ctx.fmt_time(x.time),
                "direction": x.direction,
            })
        })
        .collect();
    match ctx.format() {
        crate::cli::Format::Json => crate::output::print_json(&serde_json::Value::Array(rows)),
        _ => {
            let mut out = std::io::stdout().lock();
            let table = matches!(ctx.format(), crate::cli::Format::Table);
            if !table {
                writeln!(out, "number\tname\ttype\tsize\ttime\tdirection")?;
            }
            for x in all {
                let name = crate::term::escape_line(&x.name);
                if table {
                    writeln!(
                        out,
                        "{:>3}  {}  {}  {}  {} {}",
                        x.number,
                        name,
                        x.content_type,
                        human_size(x.size),
                        ctx.fmt_short(x.time),
                        x.direction
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        x.number,
                        name.replace('\t', " "),
                        x.content_type,
                        x.size,
                        ctx.fmt_time(x.time),
                        x.direction
                    )?;
                }
            }
            if table && all.is_empty() {
                writeln!(out, "no attachments")?;
            }
            out.flush()?;
            Ok(())
        }
    }
}

fn human_size(n: i64) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
    }
}
