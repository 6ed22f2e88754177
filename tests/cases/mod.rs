mod core;
mod export;
