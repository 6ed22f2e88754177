//! hd: a command-line helpdesk. Mailboxes in, numbered tickets, replies and SLA reports out.

pub mod cli;
pub mod commands;
pub mod config;
pub mod confirm;
pub mod context;
pub mod distribute;
pub mod editor;
pub mod error;
pub mod filter;
pub mod hooks;
pub mod ingest;
pub mod mail;
pub mod model;
pub mod outbox;
pub mod output;
pub mod routing;
pub mod rules;
pub mod sla;
pub mod store;
pub mod sync;
pub mod templates;
pub mod timeexpr;
pub mod views;
pub mod workflow;
