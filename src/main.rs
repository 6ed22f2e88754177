//! The `hd` binary: parse, run, map the error to an exit code.

use clap::Parser;

fn main() {
    // Restore the default SIGPIPE so `hd list | head` ends quietly.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = hd::cli::Cli::parse();
    let code = match hd::commands::run(cli) {
        Ok(()) => 0,
        Err(e) if hd::error::is_broken_pipe(&e) => 0,
        Err(e) => {
            hd::error::report(&e);
            hd::error::exit_code(&e) as i32
        }
    };
    std::process::exit(code);
}
