mod anonymize;
mod core;
mod export;
mod reply;
mod routing;
mod sla;
mod sync;
