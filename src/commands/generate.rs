//! Hidden `hd completions SHELL` and `hd man DIR`, which generate the committed
//! `completions/` and `man/` from the same definitions as `--help`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// Print the completion script of a shell.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

/// Write man pages (hd.1, one per command, hd-config.5) into a folder.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write into
    #[arg(default_value = "man")]
    pub dir: PathBuf,
}

/// Runs `hd completions`: the script that asks `hd` for candidates as you type.
pub fn completions(a: CompletionsArgs) -> anyhow::Result<()> {
    let buf = crate::commands::complete::registration(&a.shell.to_string())
        .with_context(|| format!("no completion for {}", a.shell))?;
    std::io::Write::write_all(&mut std::io::stdout(), &buf)?;
    Ok(())
}

/// The hand-written parts of hd(1) that clap cannot know.
const HD_FILTER_AND_TIME: &str = include_str!("../man/hd-filter-time.roff");
const HD_FILES: &str = include_str!("../man/hd-files.roff");
/// hd-config(5), whose EXAMPLE section is the annotated config `hd init` writes.
const HD_CONFIG: &str = include_str!("../man/hd-config.5.roff");

/// Runs `hd man`.
pub fn man(a: ManArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&a.dir)
        .with_context(|| format!("cannot create {}", a.dir.display()))?;
    // `hd help` is the same as `--help`; a page for it would only point at itself.
    let mut cmd = crate::commands::help::command().disable_help_subcommand(true);
    cmd.build();
    let paths = crate::commands::help::subcommand_paths(&cmd);
    let top: Vec<String> = paths
        .iter()
        .filter(|p| p.len() == 1)
        .map(|p| format!("hd-{}", p[0]))
        .collect();
    write(&a.dir, "hd.1", &page(&cmd, &[], &top)?)?;
    for path in &paths {
        let mut sub = &cmd;
        for p in path {
            sub = sub
                .find_subcommand(p)
                .with_context(|| format!("no subcommand {p}"))?;
        }
        let mut see = vec!["hd".to_string()];
        if path.len() > 1 {
            see.push(format!("hd-{}", path[..path.len() - 1].join("-")));
        }
        let name = format!("hd-{}.1", path.join("-"));
        write(&a.dir, &name, &page(sub, path, &see)?)?;
    }
    let mut config = HD_CONFIG.to_string();
    config.push_str(&preformatted("EXAMPLE", crate::config::EXAMPLE));
    write(&a.dir, "hd-config.5", config.as_bytes())?;
    Ok(())
}

/// One page: clap's sections, then ours, then SEE ALSO (pages that exist: `see`
/// plus hd-config(5)).
fn page(cmd: &clap::Command, path: &[String], see: &[String]) -> anyhow::Result<Vec<u8>> {
    let man = Man::new(cmd.clone()).source(format!("hd {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf)?;
    }
    let sections = crate::commands::help::sections(path);
    let (examples, rest): (Vec<_>, Vec<_>) =
        sections.into_iter().partition(|s| s.title == "Examples");
    if path.is_empty() {
        buf.extend_from_slice(HD_FILTER_AND_TIME.as_bytes());
    }
    for s in rest {
        buf.extend_from_slice(preformatted(&s.title.to_uppercase(), &s.body).as_bytes());
    }
    if path.is_empty() {
        buf.extend_from_slice(HD_FILES.as_bytes());
    }
    for s in examples {
        buf.extend_from_slice(preformatted("EXAMPLES", &s.body).as_bytes());
    }
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    let mut refs: Vec<String> = see.iter().map(|s| format!("{s}(1)")).collect();
    refs.push("hd-config(5)".to_string());
    let mut inlines = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        let (name, section) = r.split_once('(').unwrap_or((r, ""));
        inlines.push(bold(name));
        inlines.push(roman(format!("({section}")));
    }
    roff.text(inlines);
    roff.to_writer(&mut buf)?;
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

/// A section of preformatted lines, escaped for roff.
fn preformatted(title: &str, body: &str) -> String {
    let mut roff = Roff::new();
    roff.control("SH", [title]);
    roff.control("nf", []);
    for line in body.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.to_roff()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
