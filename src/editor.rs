//! Writing text in the user's editor, the way `git commit` does: a draft, a
//! scissors line, and context below it that is dropped when the file is read back.

use std::io::Write;

use crate::error::{HdError, cancelled, failure};

/// Everything from this line down is dropped (git's `--cleanup=scissors` line).
pub const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// The file the editor opens: the draft, the scissors line, then `context`.
pub fn layout(draft: &str, context: &str) -> String {
    let mut out = String::new();
    let draft = draft.trim_end();
    if !draft.is_empty() {
        out.push_str(draft);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(SCISSORS);
    out.push('\n');
    out.push_str("# Do not modify or remove the line above.\n");
    out.push_str("# Everything below it will be ignored; an empty text cancels.\n");
    out.push_str(context);
    if !context.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What the user wrote: the text above the scissors line, without the blank
/// lines around it.
pub fn strip(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        if line.trim_end() == SCISSORS {
            break;
        }
        kept.push(line.trim_end_matches('\r'));
    }
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    let start = kept
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(kept.len());
    kept[start..].join("\n")
}

/// Quotes text as mail does, each line after `> `, with control characters
/// (other than tab) shown escaped so a message cannot drive the terminal.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim_end().lines() {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
        }
        for ch in line.chars() {
            if ch.is_control() && ch != '\t' {
                out.extend(ch.escape_default());
            } else {
                out.push(ch);
            }
        }
        out.push('\n');
    }
    out
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, whenever set; with neither,
/// `vi` only when the user is at a terminal.
pub fn command(at_terminal: bool) -> Result<String, HdError> {
    let var = |n: &str| std::env::var(n).ok().filter(|s| !s.trim().is_empty());
    if let Some(e) = var("VISUAL").or_else(|| var("EDITOR")) {
        return Ok(e);
    }
    if at_terminal {
        return Ok("vi".to_string());
    }
    Err(
        cancelled("no editor: $VISUAL and $EDITOR are not set and there is no terminal")
            .hint("give the text with -m TEXT, --file F or - (standard input), or set $EDITOR"),
    )
}

/// Opens `editor` on `text` in a temporary file ending in `suffix` and returns the saved file's text above the scissors line.
///
/// The editor runs through `sh -c`, as git runs it, so `EDITOR="code -w"` works.
pub fn edit(editor: &str, text: &str, suffix: &str) -> Result<String, HdError> {
    let io = |e: std::io::Error| failure(format!("cannot prepare the file to edit: {e}"));
    let mut f = tempfile::Builder::new()
        .prefix("hd-edit-")
        .suffix(suffix)
        .tempfile()
        .map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    f.flush().map_err(io)?;
    let path = f.path().to_path_buf();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(&path)
        .status()
        .map_err(|e| failure(format!("cannot start the editor {editor}: {e}")))?;
    if !status.success() {
        return Err(cancelled(format!(
            "the editor {editor} exited with {status}; nothing was saved"
        )));
    }
    let bytes = std::fs::read(&path).map_err(io)?;
    Ok(strip(&String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scissors_line_and_everything_below_are_dropped() {
        let file = layout("Dobrý den,\n\ndíky.\n", "# REQ-000001\n> hi\n");
        assert!(file.starts_with("Dobrý den,\n\ndíky.\n\n# ---"));
        assert_eq!(strip(&file), "Dobrý den,\n\ndíky.");
        assert_eq!(
            strip("\n\nA\n# not a scissors\nB\n\n"),
            "A\n# not a scissors\nB"
        );
        assert_eq!(strip(&layout("", "> x")), "");
    }

    #[test]
    fn quoting_escapes_terminal_controls() {
        assert_eq!(quote("a\n\nb\u{1b}[2J"), "> a\n>\n> b\\u{1b}[2J\n");
    }
}
