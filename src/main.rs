//! The `hd` binary: parse, run, map the error to an exit code.

use clap::FromArgMatches;

fn main() {
    // SIGPIPE stays ignored (Rust's default): a closed stdout is a BrokenPipe error,
    // which exits 0 quietly below, so `hd export | head` is not killed by a signal.
    hd::commands::complete::answer_if_asked();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = hd::commands::help::command()
        .try_get_matches_from(&args)
        .and_then(|m| hd::cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
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
            if let Some(hint) = hd::commands::help::dash_term_hint(&e, &args) {
                eprintln!("hd: error: {hint}");
                std::process::exit(2);
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
