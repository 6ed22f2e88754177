//! `hd sync`: fetch new mail, thread, route, distribute, acknowledge.

use std::io::Write;

use clap::Args;

use crate::commands::context::Ctx;
use crate::error::{Exit, HdError};
use crate::sync::Summary;

/// Fetch new mail from every mailbox into tickets. Silent on success (`-v` for a summary);
/// exit 4 when a server refuses the login, 75 when a server is unreachable or another
/// sync holds the lock.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this mailbox
    #[arg(long)]
    pub mailbox: Option<String>,
    /// Show what would happen; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Parse the kept raw messages that failed to parse again (fetches nothing)
    #[arg(long, conflicts_with_all = ["dry_run", "mailbox"])]
    pub reprocess: bool,
    /// With --reprocess: every stored message, not only the failed ones
    #[arg(long, requires = "reprocess")]
    pub all: bool,
    /// Stay connected and take mail as it arrives (IMAP IDLE, inotify) until
    /// SIGTERM or SIGINT; also retries the outbox and records SLA breaches as
    /// they happen
    #[arg(long, conflicts_with_all = ["dry_run", "reprocess"])]
    pub watch: bool,
    /// With --watch: how often to read servers without IDLE, e.g. 30s, 2m
    #[arg(long, requires = "watch", value_name = "D", default_value = "1m", value_parser = interval)]
    pub interval: std::time::Duration,
}

fn interval(s: &str) -> Result<std::time::Duration, String> {
    crate::hooks::parse_timeout(s).ok_or_else(|| {
        format!("\"{s}\" is not an interval; write seconds or minutes, e.g. 30s or 2m")
    })
}

/// Runs `hd sync`.
pub fn run(ctx: &Ctx, a: SyncArgs) -> anyhow::Result<()> {
    return_big_buffers();
    if a.reprocess {
        let _lock = crate::sync::lock::acquire(&ctx.db_path, std::time::Duration::from_secs(5))?;
        let mut store = ctx.store_or_create()?;
        let r = crate::sync::reprocess::run(&mut store, a.all, ctx.config.decoding)?;
        ctx.info(&format!(
            "reprocessed {} messages; {} still parse only partially",
            r.messages, r.still_partial
        ));
        return Ok(());
    }
    if ctx.config.mailboxes.is_empty() {
        // Still exit 0: a desk without mailboxes runs sync from cron for the outbox.
        ctx.info(&format!(
            "hd: no [[mailbox]] is configured in {}; nothing to fetch (the outbox is still sent)",
            ctx.config_path.display()
        ));
    }
    if a.watch {
        let opts = crate::sync::watch::WatchOptions {
            mailbox: a.mailbox.as_deref(),
            interval: a.interval,
        };
        let _lock = crate::sync::lock::acquire_for_watch(&ctx.db_path)?;
        let mut store = ctx.store_or_create()?;
        return crate::sync::watch::run(ctx, &mut store, &opts, &|| super::hooks::start(ctx));
    }
    let _lock = crate::sync::lock::acquire(&ctx.db_path, std::time::Duration::from_secs(5))?;
    let mut store = ctx.store_or_create()?;
    let (summary, errors) = crate::sync::run(
        ctx,
        &mut store,
        &crate::sync::Options {
            mailbox: a.mailbox.as_deref(),
            dry_run: a.dry_run,
            each: false,
            stop: None,
        },
    )?;
    report(ctx, &summary, errors, a.dry_run)
}

/// Says what a run did (`-v`; the plan of `--dry-run` on stdout) and turns failed
/// mailboxes into the error, with the exit code they share.
fn report(
    ctx: &Ctx,
    summary: &Summary,
    mut errors: Vec<HdError>,
    dry_run: bool,
) -> anyhow::Result<()> {
    if ctx.global.verbose {
        for (t, e) in &summary.unparsed {
            ctx.info(&format!("{t}: stored raw, parsing was partial: {e}"));
        }
        ctx.info(&summary.line(errors.len()));
    }
    if dry_run {
        let mut out = std::io::stdout().lock();
        for l in &summary.plan {
            writeln!(out, "{}", crate::term::escape(l))?;
        }
        writeln!(out, "a real run: {}", summary.line(errors.len()))?;
    }
    match errors.len() {
        0 => Ok(()),
        // One failing mailbox is the error itself: its line, once.
        1 => Err(errors.remove(0).into()),
        n => {
            for e in &errors {
                eprintln!("hd: error: {}", crate::term::escape(&e.msg));
            }
            let first = errors[0].exit;
            let exit = if errors.iter().all(|e| e.exit == first) {
                first
            } else {
                Exit::Failure
            };
            Err(HdError {
                exit,
                msg: format!("sync failed for {n} mailboxes"),
                hint: None,
            }
            .into())
        }
    }
}

/// glibc raises its mmap threshold to the size of each big buffer freed (up
/// to 32 MB) and then serves the next raw messages and attachments from a heap
/// it does not give back, so a sync of big mail would grow by the biggest
/// messages seen. A fixed threshold hands every big buffer back when freed.
fn return_big_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no other thread allocates yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
