//! Command-line definitions; the doc comments are the `--help` texts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;

/// A command-line helpdesk: support mailboxes in, numbered tickets, replies and SLA reports out.
#[derive(Debug, Parser)]
#[command(name = "hd", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, anywhere on the line.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Config file [env: HD_CONFIG] [default: $XDG_CONFIG_HOME/hd/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database file [env: HD_DB] [default: config `db`, else $XDG_DATA_HOME/hd/hd.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this operator [env: HD_OPERATOR]
    #[arg(long = "as", global = true, value_name = "OPERATOR")]
    pub as_operator: Option<String>,
    /// Output format (table on a terminal, tsv otherwise)
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Columns to show, comma-separated
    #[arg(long, global = true, value_name = "COLS")]
    pub columns: Option<String>,
    /// Print nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what happens
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// No colours [env: NO_COLOR]
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Never prompt; where a prompt was needed, exit 3
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Answer yes to confirmations
    #[arg(long, global = true)]
    pub yes: bool,
    /// Never page output [env: HD_PAGER=cat]
    #[arg(long, global = true)]
    pub no_pager: bool,
}

pub use crate::output::Format;

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::InitArgs),
    Sync(commands::sync::SyncArgs),
    New(commands::new::NewArgs),
    List(commands::list::ListArgs),
    Show(commands::show::ShowArgs),
    Next(commands::next::NextArgs),
    Assign(commands::assign::AssignArgs),
    Take(commands::assign::TakeArgs),
    Status(commands::status::StatusArgs),
    Set(commands::set::SetArgs),
    Comment(commands::comment::CommentArgs),
    Merge(commands::merge::MergeArgs),
    Restore(commands::restore::RestoreArgs),
    Delete(commands::restore::DeleteArgs),
    Views(commands::views::ViewsArgs),
    Export(commands::export::ExportArgs),
    Reply(commands::reply::ReplyArgs),
    Outbox(commands::outbox::OutboxArgs),
    Templates(commands::templates::TemplatesArgs),
    Rules(commands::rules::RulesArgs),
    Operator(commands::operator::OperatorArgs),
    Sla(commands::sla::SlaArgs),
    Stats(commands::stats::StatsArgs),
    Anonymize(commands::anonymize::AnonymizeArgs),
    Time(commands::time::TimeArgs),
    Kb(commands::kb::KbArgs),
    Attachments(commands::attachments::AttachmentsArgs),
    Db(commands::db::DbArgs),
    #[command(hide = true)]
    Completions(commands::generate::CompletionsArgs),
    #[command(hide = true)]
    Man(commands::generate::ManArgs),
}
