//! Integration tests: the real `hd` binary against real SQLite files and real servers.

mod cases;
mod support;
