//! The published knowledge base: a static site of the public articles that works
//! opened from disk. `index.html` lists them as plain links and carries a small
//! script that filters the list as you type (or from `index.html?q=WORDS`); each
//! article has its own page. No server, no external resources, no private text.

use chrono::TimeZone;
use chrono_tz::Tz;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde_json::json;

use crate::store::articles::Article;

/// The file that lists what the last publish wrote, so the next one can remove
/// pages of articles that were deleted or made private since.
pub const MANIFEST: &str = ".hd-kb-publish";

/// Texts of the site's own interface.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The site's title, on every page.
    pub title: String,
    /// The `lang` of the pages, e.g. `cs`.
    pub lang: String,
    /// The zone dates are shown in.
    pub tz: Tz,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page file of an article: `3-zapomenute-heslo.html`.
pub fn page_name(a: &Article) -> String {
    format!("{}-{}.html", a.id, super::slug(&a.title))
}

const CSS: &str = "\
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:1rem;font:1.05rem/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f;background:#fff;overflow-wrap:break-word}
a{color:#0b57d0}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
input[type=search]{width:100%;font:inherit;padding:.6rem .8rem;border:1px solid #888;border-radius:.4rem}
ul.articles{list-style:none;padding:0}
ul.articles li{padding:.6rem 0;border-bottom:1px solid #ddd}
.tags{color:#555;font-size:.9rem}
pre{overflow-x:auto;background:#f4f4f4;padding:.6rem}
code{background:#f4f4f4}
img{max-width:100%}
footer{margin-top:2rem;color:#555;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e8e8}a{color:#8ab4f8}pre,code{background:#262626}ul.articles li{border-color:#333}.tags,footer{color:#aaa}}
";

/// Filters the list: every word of the query must occur in an article's folded
/// text, compared without case or diacritics like `hd kb search`.
const SCRIPT: &str = "\
(function () {
  'use strict';
  function fold(s) {
    return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();
  }
  var texts = JSON.parse(document.getElementById('kb-index').textContent);
  var input = document.getElementById('q');
  var count = document.getElementById('count');
  var none = document.getElementById('none');
  var items = Array.prototype.slice.call(document.querySelectorAll('#articles li'));
  function apply() {
    var words = fold(input.value).split(/[^\\p{L}\\p{N}]+/u).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = texts[li.getAttribute('data-id')] || '';
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) { shown += 1; }
    });
    none.hidden = shown > 0;
    count.textContent = words.length ? shown + ' / ' + items.length : '';
  }
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) { input.value = q; }
  input.addEventListener('input', apply);
  apply();
})();
";

fn head(lang: &str, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n",
        escape(lang),
        escape(title)
    )
}

fn tags_html(a: &Article) -> String {
    if a.tags.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"tags\">{}</span>",
            escape(&a.tags.join(", "))
        )
    }
}

/// A link target a published page may carry: relative, anchors, web and mail
/// links. Anything else (`javascript:`, `data:`) becomes `#`.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') =>
        {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Markdown to HTML with every raw HTML tag shown as text, images shown as links
/// (a published page loads nothing from elsewhere) and unsafe link targets removed.
pub fn markdown(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let events = parser.map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if safe_url(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            },
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// An article's text as the public reads it: rendered like a template with no
/// ticket, contact or operator, so `{{ contact.name }}` and its kin print nothing
/// and `{% if contact.name %}` blocks fall away. A text that still fails to render
/// (a filter only replies have) is published as written.
pub fn public_text(body: &str) -> String {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.render_str(body, minijinja::context! {})
        .unwrap_or_else(|_| body.to_string())
}

/// The files of the site: (file name, content), `index.html` first.
pub fn build(articles: &[Article], o: &SiteOptions) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut list = String::new();
    let mut texts = serde_json::Map::new();
    for a in articles {
        list.push_str(&format!(
            "<li data-id=\"{}\"><a href=\"{}\">{}</a>{}</li>\n",
            a.id,
            escape(&page_name(a)),
            escape(&a.title),
            tags_html(a)
        ));
        let text = format!(
            "{}\n{}\n{}",
            a.title,
            a.tags.join(" "),
            public_text(&a.body)
        );
        texts.insert(a.id.to_string(), json!(super::fold(&text)));
    }
    // Inside a script element only `</script` could end it early; escaping every
    // `<` keeps the JSON valid and the element whole.
    let data = serde_json::Value::Object(texts)
        .to_string()
        .replace('<', "\\u003c");
    let index = format!(
        "{}<body>\n<header>\n<h1>{}</h1>\n<form method=\"get\" role=\"search\">\n\
         <input type=\"search\" id=\"q\" name=\"q\" aria-label=\"Search\" placeholder=\"Search…\" autocomplete=\"off\">\n\
         </form>\n<p id=\"count\" aria-live=\"polite\"></p>\n</header>\n<main>\n\
         <ul id=\"articles\" class=\"articles\">\n{list}</ul>\n<p id=\"none\" hidden>—</p>\n</main>\n\
         <script type=\"application/json\" id=\"kb-index\">{data}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        head(&o.lang, &o.title),
        escape(&o.title),
    );
    files.push(("index.html".to_string(), index));
    for a in articles {
        let updated =
            o.tz.timestamp_opt(a.updated, 0)
                .single()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
        let page = format!(
            "{}<body>\n<nav><a href=\"index.html\">← {}</a></nav>\n<article>\n<h1>{}</h1>\n{}\n{}</article>\n\
             <footer><time datetime=\"{updated}\">{updated}</time></footer>\n</body>\n</html>\n",
            head(&o.lang, &format!("{} – {}", a.title, o.title)),
            escape(&o.title),
            escape(&a.title),
            if a.tags.is_empty() {
                String::new()
            } else {
                format!("<p class=\"tags\">{}</p>", escape(&a.tags.join(", ")))
            },
            markdown(&public_text(&a.body)),
        );
        files.push((page_name(a), page));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_no_raw_html_images_or_script_links() {
        let html = markdown(
            "# Nadpis\n\n<script>alert(1)</script>\n\nText <b>tučně</b> [a](javascript:alert(1)) \
             [b](https://example.com) ![logo](https://example.com/x.png) [c](other.html)\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;b&gt;tučně"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("href=\"other.html\""), "{html}");
    }

    #[test]
    fn template_variables_print_nothing_on_the_public_site() {
        assert_eq!(
            public_text(
                "Dobrý den{% if contact.name %} {{ contact.name }}{% endif %},\n{{ ticket.number }}x\n"
            ),
            "Dobrý den,\nx\n"
        );
        assert_eq!(public_text("{{ broken"), "{{ broken");
        assert_eq!(public_text("a < b & {{ '<i>' }}"), "a < b & <i>");
    }

    #[test]
    fn titles_and_the_search_data_are_escaped() {
        let a = Article {
            id: 1,
            title: "<script>\"x\" & 'y'</script>".into(),
            body: "</script><script>alert(1)</script>".into(),
            tags: vec!["a<b".into()],
            public: true,
            created: 0,
            updated: 0,
        };
        let o = SiteOptions {
            title: "KB <1>".into(),
            lang: "cs".into(),
            tz: chrono_tz::UTC,
        };
        let files = build(&[a], &o);
        for (name, text) in &files {
            assert_eq!(
                text.matches("<script").count(),
                if name == "index.html" { 2 } else { 0 },
                "{name}: {text}"
            );
            assert!(!text.contains("<1>"), "{text}");
        }
    }
}
