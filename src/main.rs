//! The `hd` binary: parse, run, map the error to an exit code.

use clap::Parser;

fn main() {
    // SIGPIPE stays ignored (Rust's default): a closed stdout is a BrokenPipe error,
    // which exits 0 quietly below, so `hd export | head` is not killed by a signal.
    let cli = match hd::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                e.exit();
            }
            // Usage errors look like every other error: `hd: error: ...`, exit 2.
            let text = e.render().to_string();
            eprint!(
                "hd: error: {}",
                text.strip_prefix("error: ").unwrap_or(&text)
            );
            std::process::exit(2);
        }
    };
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
