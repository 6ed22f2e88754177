//! `hd comment`: an internal note the customer never sees.

use std::path::PathBuf;

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::usage;
use crate::store::interactions::{self, NewInteraction};

/// Add an internal note to a ticket: `-m TEXT`, `--file F`, `-` for standard input,
/// or, without a text, in $VISUAL/$EDITOR.
#[derive(Debug, Args)]
pub struct CommentArgs {
    /// The ticket
    pub ticket: String,
    /// `-` reads the note from standard input
    #[arg(value_name = "-")]
    pub stdin: Option<String>,
    /// The note
    #[arg(short = 'm', long, conflicts_with_all = ["file", "stdin"])]
    pub message: Option<String>,
    /// Read the note from a file
    #[arg(long, conflicts_with = "stdin")]
    pub file: Option<PathBuf>,
    /// Log this much work on the ticket with the note, e.g. 25m, 1h30m
    #[arg(long, value_name = "DURATION")]
    pub time: Option<String>,
    /// Write or edit the note in $VISUAL/$EDITOR
    #[arg(long)]
    pub edit: bool,
}

/// Runs `hd comment`.
pub fn run(ctx: &Ctx, a: CommentArgs) -> anyhow::Result<()> {
    let stdin = match a.stdin.as_deref() {
        Some("-") => true,
        Some(other) => {
            return Err(usage(format!(
                "unexpected argument \"{other}\" (use -m TEXT, --file F or -)"
            ))
            .into());
        }
        None => false,
    };
    let spent = a
        .time
        .as_deref()
        .map(super::time::parse_duration)
        .transpose()?;
    let given = super::read_text(a.message, a.file.as_deref(), stdin)?;
    let now = ctx.now_ts();
    let actor = ctx.actor().to_string();
    let mut store = ctx.store()?;
    let text = match given {
        Some(text) if !a.edit => text,
        given => {
            let t = super::ticket(ctx, &store.conn, &a.ticket)?;
            super::edit_for_ticket(ctx, &store.conn, &t, given.as_deref().unwrap_or(""), "note")?
        }
    };
    if text.trim().is_empty() {
        return Err(usage("the note is empty").into());
    }
    let tx = store.write()?;
    let t = super::ticket(ctx, &tx, &a.ticket)?;
    let iid = interactions::insert(
        &tx,
        &NewInteraction {
            ticket_id: t.id,
            time: now,
            direction: "internal",
            source: "manual",
            operator: Some(&actor),
            contact_id: None,
            subject: "",
            text: &text,
            ..Default::default()
        },
    )?;
    if let Some(s) = spent {
        super::time::log_with(ctx, &tx, t.id, iid, s, "comment")?;
    }
    crate::store::tickets::touch(&tx, t.id, now)?;
    tx.commit()?;
    super::print_confirmations(ctx, &[format!("{}: internal note added", t.number_str())]);
    Ok(())
}
