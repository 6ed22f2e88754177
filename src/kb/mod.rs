//! The knowledge base: articles that answer frequent questions, searched with the
//! same diacritics-insensitive full text as tickets, suggested for a ticket,
//! round-tripped as Markdown files and published as a static site.

pub mod files;
pub mod site;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case without diacritics, the way the full-text index and the published
/// site compare words: `Zapomenuté` and `zapomenute` are one word.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A file-name part made of a title: folded, ASCII letters and digits joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "article".to_string()
    } else {
        out.to_string()
    }
}

/// The words of a text, as the index splits them (letters and digits).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// FTS5 syntax for a word: always quoted, so input is never an operator.
fn quoted(w: &str) -> String {
    format!("\"{}\"", w.replace('"', "\"\""))
}

/// An FTS5 query that needs every word of `text` (`kb search`); `None` without words.
pub fn all_words_query(text: &str) -> Option<String> {
    let q: Vec<String> = words(text).map(quoted).collect();
    (!q.is_empty()).then(|| q.join(" AND "))
}

/// Words too common to say what a message is about (English and Czech, folded).
const STOP_WORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "also",
    "and",
    "are",
    "but",
    "can",
    "could",
    "dear",
    "did",
    "does",
    "for",
    "from",
    "get",
    "had",
    "has",
    "have",
    "hello",
    "her",
    "his",
    "how",
    "its",
    "just",
    "kind",
    "let",
    "may",
    "not",
    "now",
    "our",
    "please",
    "regards",
    "sent",
    "she",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "this",
    "was",
    "were",
    "what",
    "when",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "ale",
    "ani",
    "asi",
    "bez",
    "bude",
    "byl",
    "byla",
    "bylo",
    "byt",
    "coz",
    "den",
    "dekuji",
    "dobry",
    "dobrou",
    "jak",
    "jako",
    "jsem",
    "jsme",
    "jste",
    "jeho",
    "jej",
    "jen",
    "jeste",
    "jiz",
    "kdy",
    "kde",
    "kdyz",
    "ktera",
    "ktere",
    "ktery",
    "mam",
    "mate",
    "mne",
    "moje",
    "muj",
    "nas",
    "nebo",
    "neni",
    "pak",
    "pod",
    "pozdravem",
    "pro",
    "prosim",
    "proto",
    "pri",
    "svuj",
    "tak",
    "take",
    "tedy",
    "tento",
    "tim",
    "toto",
    "uz",
    "vam",
    "vas",
    "vase",
    "vsak",
    "zdravim",
];

/// The most telling words of a ticket's text as an FTS5 query that any of them
/// satisfies, so bm25 ranks articles by how many and how rare the shared words
/// are. Quoted lines (`>`) are left out: they repeat our own replies. `None`
/// when nothing significant is left.
pub fn suggest_query(text: &str) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('>')) {
        for w in words(line) {
            let f = fold(w);
            if f.chars().count() < 3
                || f.chars().all(|c| c.is_ascii_digit())
                || STOP_WORDS.contains(&f.as_str())
                || seen.contains(&f)
            {
                continue;
            }
            seen.push(f);
            if seen.len() == 64 {
                break;
            }
        }
    }
    let q: Vec<String> = seen.iter().map(|w| quoted(w)).collect();
    (!q.is_empty()).then(|| q.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_slugs_czech_titles() {
        assert_eq!(fold("Zapomenuté HESLO, účet"), "zapomenute heslo, ucet");
        assert_eq!(
            slug("Zapomenuté heslo: co dělat?"),
            "zapomenute-heslo-co-delat"
        );
        assert_eq!(slug("???"), "article");
        assert!(slug(&"dlouhý ".repeat(40)).len() <= 60);
    }

    #[test]
    fn queries_quote_every_word() {
        assert_eq!(
            all_words_query("heslo \"OR\" NEAR("),
            Some("\"heslo\" AND \"OR\" AND \"NEAR\"".into())
        );
        assert_eq!(all_words_query(" - "), None);
        assert_eq!(
            suggest_query("Dobrý den,\nzapomněl jsem heslo. Heslo!\n> old quoted text\n12345"),
            Some("\"zapomnel\" OR \"heslo\"".into())
        );
        assert_eq!(suggest_query("a je to"), None);
    }
}
