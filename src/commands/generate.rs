//! Hidden `hd completions SHELL` and `hd man DIR`, which generate the committed
//! `completions/` and `man/` from the same definitions as `--help`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

/// Print the completion script of a shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

/// Write man pages (hd.1 and one per subcommand) into a folder.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write into
    #[arg(default_value = "man")]
    pub dir: PathBuf,
}

/// Runs `hd completions`.
pub fn completions(a: CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    // Into a buffer first: clap_complete panics on a write error such as a closed pipe.
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "hd", &mut buf);
    std::io::Write::write_all(&mut std::io::stdout(), &buf)?;
    Ok(())
}

/// Runs `hd man`.
pub fn man(a: ManArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&a.dir)
        .with_context(|| format!("cannot create {}", a.dir.display()))?;
    let cmd = Cli::command();
    write_page(&a.dir, "hd", cmd.clone())?;
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let name: &'static str = Box::leak(format!("hd-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).bin_name(name);
        write_page(&a.dir, name, sub)?;
    }
    Ok(())
}

fn write_page(dir: &std::path::Path, name: &str, cmd: clap::Command) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, buf).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
