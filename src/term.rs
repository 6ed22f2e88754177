//! What people read on a terminal: text from mail made harmless, tables that fit the
//! width, relative due times, colour with a meaning, and a pager like git's.
//!
//! Nothing here decides *what* to print; commands and `output` hand over finished
//! cells and text, and this module decides how it meets the screen.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::TimeZone;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

// ---- Escaping ----

/// Bidi embeddings, overrides and isolates: they reorder what follows on the screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a character would act on the terminal instead of being shown.
fn is_hazard(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Text from mail made safe to print: control characters other than newline and tab,
/// and bidi overrides, become visible escapes (`\u{1b}`, `\u{202e}`). Stored text keeps
/// the original; only what reaches a person is escaped.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape`] for one table cell or log line: newlines and tabs become spaces too.
pub fn escape_line(s: &str) -> String {
    escape(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

// ---- Terminal facts ----

static COLOR: AtomicBool = AtomicBool::new(false);
static PAGER_OFF: AtomicBool = AtomicBool::new(false);
static CLOCK: OnceLock<(i64, chrono_tz::Tz)> = OnceLock::new();

/// Turns colours on or off (off with `--no-color`, `NO_COLOR` or no terminal).
pub fn set_color(on: bool) {
    COLOR.store(on, Ordering::Relaxed);
}

/// Whether colours are on.
pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// `--no-pager`.
pub fn set_pager_off(off: bool) {
    PAGER_OFF.store(off, Ordering::Relaxed);
}

/// The clock and zone times in tables are shown against (set once per run).
pub fn set_clock(now: i64, tz: chrono_tz::Tz) {
    let _ = CLOCK.set((now, tz));
}

/// Now and the configured zone.
pub fn clock() -> (i64, chrono_tz::Tz) {
    CLOCK
        .get()
        .copied()
        .unwrap_or_else(|| (chrono::Utc::now().timestamp(), chrono_tz::UTC))
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
}

/// The width tables are cut to: `COLUMNS` when set, else the terminal's, else none.
pub fn width() -> Option<usize> {
    env_number("COLUMNS").or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(w, _)| usize::from(w.0))
            .filter(|w| *w > 0)
    })
}

/// The height of the terminal on stdout (`LINES` when set).
pub fn height() -> Option<usize> {
    env_number("LINES").or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(_, h)| usize::from(h.0))
            .filter(|h| *h > 0)
    })
}

// ---- Times ----

/// A time as people read it in tables and `show`: `2026-12-02 09:14` in the configured zone.
pub fn short_time(ts: i64, tz: chrono_tz::Tz) -> String {
    match tz.timestamp_opt(ts, 0).single() {
        Some(d) => d.format("%Y-%m-%d %H:%M").to_string(),
        None => ts.to_string(),
    }
}

/// A span as `2h 10m`, `3d 4h`, `35m`, `<1m`: the two largest units.
pub fn span(secs: i64) -> String {
    let secs = secs.abs();
    if secs < 60 {
        return "<1m".to_string();
    }
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (d, h, m) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// A due time relative to now: `in 2h 10m`, `35m late`.
pub fn relative_due(due: i64, now: i64) -> String {
    if due >= now {
        format!("in {}", span(due - now))
    } else {
        format!("{} late", span(now - due))
    }
}

/// How urgent a due time is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Past due.
    Late,
    /// Due within the hour.
    Soon,
    /// Later, or nothing due.
    Calm,
}

/// The urgency of a due time at `now`.
pub fn urgency(due: Option<i64>, now: i64) -> Urgency {
    match due {
        Some(d) if d < now => Urgency::Late,
        Some(d) if d - now <= 3_600 => Urgency::Soon,
        _ => Urgency::Calm,
    }
}

// ---- Colour ----

/// An ANSI style for one piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// SGR foreground colour number (31 red, 33 yellow, 36 cyan, 90 grey), if any.
    pub fg: Option<u8>,
    /// Bold.
    pub bold: bool,
    /// Dimmed.
    pub dim: bool,
}

impl Style {
    /// Red: late, failed, breached.
    pub const RED: Style = Style::fg(31);
    /// Yellow: due within the hour.
    pub const YELLOW: Style = Style::fg(33);
    /// Cyan: new tickets.
    pub const CYAN: Style = Style::fg(36);
    /// Grey: closed.
    pub const GREY: Style = Style::fg(90);
    /// Bold: urgent.
    pub const BOLD: Style = Style {
        fg: None,
        bold: true,
        dim: false,
    };
    /// Dimmed: internal notes.
    pub const DIM: Style = Style {
        fg: None,
        bold: false,
        dim: true,
    };

    const fn fg(n: u8) -> Style {
        Style {
            fg: Some(n),
            bold: false,
            dim: false,
        }
    }

    /// Both styles at once.
    pub fn and(self, other: Style) -> Style {
        Style {
            fg: other.fg.or(self.fg),
            bold: self.bold || other.bold,
            dim: self.dim || other.dim,
        }
    }

    fn is_plain(&self) -> bool {
        self.fg.is_none() && !self.bold && !self.dim
    }

    /// The text in this style when colours are on; the text itself otherwise.
    pub fn paint(&self, text: &str) -> String {
        if self.is_plain() || !color() || text.is_empty() {
            return text.to_string();
        }
        let mut codes = Vec::new();
        if self.bold {
            codes.push("1".to_string());
        }
        if self.dim {
            codes.push("2".to_string());
        }
        if let Some(fg) = self.fg {
            codes.push(fg.to_string());
        }
        format!("\x1b[{}m{text}\x1b[0m", codes.join(";"))
    }
}

// ---- Tables ----

/// Display width of text as a terminal shows it (Czech diacritics one column, CJK two).
pub fn text_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts text to `max` columns, ending with `…` when something was cut.
pub fn cut(s: &str, max: usize) -> String {
    if text_width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// The gap between columns.
const GAP: usize = 2;
/// No column but the flexible one is cut below this.
const MIN_COLUMN: usize = 6;
/// What the flexible column keeps at least, when the others can give it up.
const MIN_FLEX: usize = 20;
/// What the flexible column gives up to before the others lose their headers.
const LEAST_FLEX: usize = 10;

/// Lays out a table for a terminal: one line a row, no borders, columns separated by
/// two spaces and cut with `…` so every line fits `width`. The first column (the
/// ticket number, the name) is never cut. The `flex` column (the subject) takes what
/// the others leave; when they leave too little, the widest of the others give up
/// room first, down to their header's width; then the flexible column down to
/// [`LEAST_FLEX`]; then the others down to [`MIN_COLUMN`]. Cells arrive escaped and
/// on one line, each with a style.
pub fn layout(
    header: &[String],
    rows: &[Vec<(String, Style)>],
    flex: Option<usize>,
    width: Option<usize>,
) -> Vec<String> {
    let n = header.len();
    // Without a flexible column the last one takes what is left.
    let flex = flex.or(n.checked_sub(1));
    let mut widths: Vec<usize> = header.iter().map(|h| text_width(h)).collect();
    for r in rows {
        for (i, (c, _)) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(text_width(c));
        }
    }
    if let Some(total) = width {
        let gaps = GAP * n.saturating_sub(1);
        let fixed = |w: &[usize]| -> usize {
            w.iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != flex)
                .map(|(_, w)| w)
                .sum()
        };
        // Cuts the widest column other than the first and the flexible one by one,
        // not below `floor(i)`, while the line is too wide for the flexible column to
        // keep `flex_want`.
        let shrink = |widths: &mut Vec<usize>, flex_want: usize, floor: &dyn Fn(usize) -> usize| {
            while fixed(widths) + gaps + flex_want > total {
                let widest = widths
                    .iter()
                    .enumerate()
                    .filter(|(i, w)| *i > 0 && Some(*i) != flex && **w > floor(*i))
                    .max_by_key(|(i, w)| (**w, usize::MAX - *i))
                    .map(|(i, _)| i);
                match widest {
                    Some(i) => widths[i] -= 1,
                    None => break,
                }
            }
        };
        let headers: Vec<usize> = header
            .iter()
            .map(|h| text_width(h).max(MIN_COLUMN))
            .collect();
        let want = |least: usize| flex.map_or(0, |f| widths[f].min(least));
        let (want_min, want_least) = (want(MIN_FLEX), want(LEAST_FLEX));
        shrink(&mut widths, want_min, &|i| headers[i]);
        shrink(&mut widths, want_least, &|i| headers[i]);
        shrink(&mut widths, want_least, &|_| MIN_COLUMN);
        let left = total.saturating_sub(fixed(&widths) + gaps);
        if let Some(f) = flex {
            widths[f] = widths[f].min(left);
        }
    }
    let mut lines = Vec::with_capacity(rows.len() + 1);
    let plain: Vec<(String, Style)> = header
        .iter()
        .map(|h| (h.clone(), Style::default()))
        .collect();
    for r in std::iter::once(&plain).chain(rows.iter()) {
        let mut line = String::new();
        for (i, w) in widths.iter().enumerate() {
            let (text, style) = r
                .get(i)
                .map_or((String::new(), Style::default()), |(t, s)| (t.clone(), *s));
            let cell = cut(&text, *w);
            let cw = text_width(&cell);
            if i > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            line.push_str(&style.paint(&cell));
            if i + 1 < n {
                line.push_str(&" ".repeat(w.saturating_sub(cw)));
            }
        }
        lines.push(line.trim_end().to_string());
    }
    if let Some(total) = width {
        // Columns that could not shrink further still never run past the edge.
        for l in lines.iter_mut() {
            if visible_width(l) > total {
                *l = cut_visible(l, total);
            }
        }
    }
    lines
}

/// Width of a line that may hold SGR colour codes.
fn visible_width(s: &str) -> usize {
    text_width(&strip_sgr(s))
}

/// Removes SGR colour codes (`ESC [ ... m`) that this module writes, and any
/// other control sequence (`ESC [`, parameters, one final byte from `@` to
/// `~`, such as a progress bar's erase-line `ESC [ 2K`).
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Cuts a line with colour codes to `max` visible columns. Only lines whose columns are
/// all at their minimum get here; they lose their colours rather than their edge.
fn cut_visible(s: &str, max: usize) -> String {
    cut(&strip_sgr(s), max)
}

// ---- Search snippets ----

/// Opens the matched words in a search snippet (a private-use character, which mail
/// text does not carry and [`escape`] leaves alone).
pub const MARK_START: char = '\u{E000}';
/// Closes what [`MARK_START`] opened.
pub const MARK_END: char = '\u{E001}';

/// Indent of a snippet line under its table row.
const SNIPPET_INDENT: &str = "    ";

/// A search snippet as one line under a table row: indented, escaped, whitespace folded
/// to single spaces, cut with `…` to `width`; the matched words (between [`MARK_START`]
/// and [`MARK_END`]) bold yellow, or in `[` `]` without colour.
pub fn snippet_line(s: &str, width: Option<usize>) -> String {
    let mut parts: Vec<(String, bool)> = vec![(String::new(), false)];
    let mut space = true;
    for c in s.chars() {
        match c {
            MARK_START | MARK_END => parts.push((String::new(), c == MARK_START)),
            c if c.is_whitespace() => {
                if !space && let Some(p) = parts.last_mut() {
                    p.0.push(' ');
                }
                space = true;
            }
            c => {
                if let Some(p) = parts.last_mut() {
                    p.0.push(c);
                }
                space = false;
            }
        }
    }
    let colour = color();
    let mut room = width.map_or(usize::MAX, |w| w.saturating_sub(SNIPPET_INDENT.len()));
    let mut line = SNIPPET_INDENT.to_string();
    for (text, marked) in parts.iter().filter(|(t, _)| !t.is_empty()) {
        let text = escape(text);
        let (open, close) = match (marked, colour) {
            (true, false) => ("[", "]"),
            _ => ("", ""),
        };
        let whole = format!("{open}{text}{close}");
        let fits = text_width(&whole) <= room;
        let shown = if fits { whole } else { cut(&whole, room) };
        room = room.saturating_sub(text_width(&shown));
        if *marked && colour {
            line.push_str(&Style::YELLOW.and(Style::BOLD).paint(&shown));
        } else {
            line.push_str(&shown);
        }
        if !fits {
            break;
        }
    }
    line.trim_end().to_string()
}

// ---- Pager ----

/// Prints text meant for a person: through the pager when stdout is a terminal and the
/// text is taller than it (`$HD_PAGER`, else `$PAGER`, else `less -FRX`; `--no-pager`
/// and `HD_PAGER=cat` print directly), else straight to stdout.
pub fn page(text: &str) -> std::io::Result<()> {
    if let Some(cmd) = pager_command(text) {
        match spawn_pager(&cmd, text) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            // A pager that cannot start must not swallow the output.
            Err(_) => {}
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The pager to run for this text, if any.
fn pager_command(text: &str) -> Option<String> {
    if PAGER_OFF.load(Ordering::Relaxed) || !std::io::stdout().is_terminal() {
        return None;
    }
    let lines = text.lines().count();
    if lines < height()? {
        return None;
    }
    let var = |n: &str| std::env::var(n).ok();
    let cmd = var("HD_PAGER")
        .or_else(|| var("PAGER"))
        .unwrap_or_else(|| "less -FRX".to_string());
    let cmd = cmd.trim().to_string();
    if cmd.is_empty() || cmd == "cat" {
        return None;
    }
    Some(cmd)
}

fn spawn_pager(cmd: &str, text: &str) -> std::io::Result<()> {
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env(
            "LESS",
            std::env::var("LESS").unwrap_or_else(|_| "FRX".into()),
        )
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    };
    // The reader quitting early (`q` in less) is fine; a pager that failed to run is not.
    let status = child.wait()?;
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
        _ => {}
    }
    if status.code() == Some(127) {
        return Err(std::io::Error::other("pager not found"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_sgr_removes_control_sequences_and_keeps_the_text() {
        assert_eq!(
            strip_sgr("\x1b[1;31mREQ-000001\x1b[0m open"),
            "REQ-000001 open"
        );
        assert_eq!(strip_sgr("\x1b[2Klocal [##] 100/250"), "local [##] 100/250");
        assert_eq!(strip_sgr("a\x1b[Kb\x1b[?25lc"), "abc");
        assert_eq!(strip_sgr("[bracket] 5m"), "[bracket] 5m");
    }

    #[test]
    fn escapes_what_drives_a_terminal() {
        assert_eq!(escape("plain\nline\tx"), "plain\nline\tx");
        assert_eq!(escape("a\x1b]0;x\x07b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("abc\u{202E}def"), "abc\\u{202e}def");
        assert_eq!(escape("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(escape_line("a\nb\tc\r"), "a b c ");
        assert!(matches!(escape("Reklamace tiskárny"), Cow::Borrowed(_)));
    }

    #[test]
    fn relative_due_times() {
        assert_eq!(relative_due(1000 + 2 * 3600 + 600, 1000), "in 2h 10m");
        assert_eq!(relative_due(1000 - 35 * 60, 1000), "35m late");
        assert_eq!(
            relative_due(1000 + 3 * 86_400 + 4 * 3600 + 5, 1000),
            "in 3d 4h"
        );
        assert_eq!(relative_due(1000 + 30, 1000), "in <1m");
        assert_eq!(relative_due(1000 + 7200, 1000), "in 2h");
        assert_eq!(urgency(Some(900), 1000), Urgency::Late);
        assert_eq!(urgency(Some(1000 + 3600), 1000), Urgency::Soon);
        assert_eq!(urgency(Some(1000 + 3601), 1000), Urgency::Calm);
        assert_eq!(urgency(None, 1000), Urgency::Calm);
    }

    #[test]
    fn snippets_fit_one_line_with_the_match_marked() {
        let s = format!("…the\n\tlast {MARK_START}faktura{MARK_END} of \u{1b}[2J May…");
        assert_eq!(
            snippet_line(&s, Some(80)),
            "    …the last [faktura] of \\u{1b}[2J May…"
        );
        let cut_line = snippet_line(&s, Some(20));
        assert_eq!(cut_line, "    …the last [fakt…");
        assert_eq!(text_width(&cut_line), 20);
        // No room left for the match: the line ends before it.
        assert_eq!(snippet_line(&s, Some(14)), "    …the last");
        assert_eq!(snippet_line("", Some(40)), "");
    }

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(cut("Reklamace tiskárny", 12), "Reklamace t…");
        assert_eq!(text_width(&cut("正體字正體字", 7)), 7);
        assert_eq!(cut("正體字正體字", 7), "正體字…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abc", 0), "");
    }

    fn row(cells: &[&str]) -> Vec<(String, Style)> {
        cells
            .iter()
            .map(|c| (c.to_string(), Style::default()))
            .collect()
    }

    #[test]
    fn tables_fit_and_the_subject_takes_what_is_left() {
        let header: Vec<String> = ["number", "contact", "subject"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows = vec![
            row(&[
                "REQ-000016",
                "priya.ivanova152@bigclient.cz",
                "Reklamace tiskárny – nefunguje podavač papíru a displej hlásí chybu",
            ]),
            row(&[
                "REQ-000017",
                "a@b.cz",
                "正體字正體字正體字正體字正體字正體字正體字正體字",
            ]),
        ];
        for w in [40, 60, 80, 120] {
            let lines = layout(&header, &rows, Some(2), Some(w));
            assert_eq!(lines.len(), 3);
            for l in &lines {
                assert!(text_width(l) <= w, "{w}: {l:?} is {}", text_width(l));
            }
        }
        let wide = layout(&header, &rows, Some(2), Some(100));
        assert!(
            wide[1].contains("priya.ivanova152@bigclient.cz"),
            "{wide:?}"
        );
        assert!(wide[1].ends_with('…'), "{wide:?}");
        assert_eq!(text_width(&wide[1]), 100);
        // Unbounded: nothing is cut.
        let free = layout(&header, &rows, Some(2), None);
        assert!(free[1].ends_with("chybu"));
    }

    #[test]
    fn many_columns_keep_the_number_and_their_headers_before_the_subject() {
        let header: Vec<String> = [
            "number", "status", "priority", "category", "tags", "assignee", "contact", "created",
            "subject",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows = vec![row(&[
            "REQ-000002",
            "queued",
            "urgent",
            "Service",
            "vip",
            "petr",
            "anna@bigclient.cz",
            "2025-11-23 07:56",
            "Nefunguje přihlášení do portálu",
        ])];
        let lines = layout(&header, &rows, Some(8), Some(100));
        assert!(
            lines[0].starts_with("number      status  priority  category"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("REQ-000002  queued  urgent"),
            "{lines:?}"
        );
        for w in [60, 80, 100] {
            let lines = layout(&header, &rows, Some(8), Some(w));
            for l in &lines {
                assert!(text_width(l) <= w, "{w}: {l:?}");
            }
            assert!(lines[1].starts_with("REQ-000002"), "{w}: {lines:?}");
        }
    }
}
