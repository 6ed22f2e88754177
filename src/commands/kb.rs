//! `hd kb`: the knowledge base — write, find, suggest, export, import and publish articles.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::db::Connection;
use anyhow::Context;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::cli::Format;
use crate::commands::context::Ctx;
use crate::error::{cancelled, failure, usage};
use crate::kb::{self, files, site};
use crate::output;
use crate::store::articles::{self, Article};
use crate::store::tickets::Ticket;
use crate::templates::{TemplateConfig, TemplateError, Templates};

/// The knowledge base: answers to frequent questions, searchable, inserted into
/// replies (`hd reply TICKET --article ID`) and published for customers.
#[derive(Debug, Args)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

/// The `kb` subcommands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Write a new article; prints its id
    New(NewArgs),
    /// List the articles
    List(ListArgs),
    /// Show one article
    Show(IdArgs),
    /// Change an article's title, text, tags or visibility
    Edit(EditArgs),
    /// Delete articles
    Delete(DeleteArgs),
    /// Find articles by words (full text, without regard to case or diacritics)
    Search(SearchArgs),
    /// The articles most relevant to a ticket's subject and the customer's messages
    Suggest(SuggestArgs),
    /// Write every article to DIR as a Markdown file with a front-matter block
    Export(DirArgs),
    /// Read the Markdown files of DIR: new ones are added, changed ones updated
    Import(DirArgs),
    /// Write a static HTML site of the public articles to DIR
    Publish(PublishArgs),
}

/// Where an article's text comes from.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// `-` reads the text from standard input
    #[arg(value_name = "-")]
    pub stdin: Option<String>,
    /// The text (Markdown; may use template variables such as {{ contact.name }})
    #[arg(short = 'm', long, conflicts_with_all = ["file", "stdin", "edit"])]
    pub message: Option<String>,
    /// Read the text from a file (`-`: standard input)
    #[arg(long, conflicts_with_all = ["stdin", "edit"])]
    pub file: Option<PathBuf>,
    /// Write the text in $VISUAL/$EDITOR
    #[arg(long, conflicts_with = "stdin")]
    pub edit: bool,
}

/// `hd kb new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The title
    #[arg(long)]
    pub title: String,
    #[command(flatten)]
    pub text: TextArgs,
    /// A tag (repeat, or comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub tag: Vec<String>,
    /// Publish it for customers (`hd kb publish`)
    #[arg(long)]
    pub public: bool,
}

/// `hd kb list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only articles with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only public articles
    #[arg(long, conflicts_with = "private")]
    pub public: bool,
    /// Only private articles
    #[arg(long)]
    pub private: bool,
}

/// An article id.
#[derive(Debug, Args)]
pub struct IdArgs {
    /// The article's id (see `hd kb list`)
    pub id: i64,
}

/// `hd kb edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The article's id
    pub id: i64,
    /// A new title
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub text: TextArgs,
    /// Add and remove tags: +x,-y
    #[arg(long, allow_hyphen_values = true)]
    pub tag: Option<String>,
    /// Publish it for customers
    #[arg(long, conflicts_with = "private")]
    pub public: bool,
    /// Stop publishing it
    #[arg(long)]
    pub private: bool,
}

/// `hd kb delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The articles' ids
    #[arg(required = true)]
    pub ids: Vec<i64>,
}

/// `hd kb search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words; an article must contain every one (in its title, tags or text)
    #[arg(required = true, value_name = "WORDS")]
    pub words: Vec<String>,
    /// Show at most N articles
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

/// `hd kb suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The ticket
    pub ticket: String,
    /// Show at most N articles
    #[arg(long, default_value_t = 5)]
    pub limit: u32,
}

/// A folder.
#[derive(Debug, Args)]
pub struct DirArgs {
    /// The folder
    pub dir: PathBuf,
}

/// `hd kb publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The folder (created; a folder a previous publish wrote is brought up to date)
    pub dir: PathBuf,
    /// The site's title
    #[arg(long, default_value = "Knowledge base")]
    pub title: String,
    /// The language of the articles, for browsers and screen readers
    #[arg(long, default_value = "cs")]
    pub lang: String,
}

/// Runs `hd kb`.
pub fn run(ctx: &Ctx, a: KbArgs) -> anyhow::Result<()> {
    match a.command {
        KbCommand::New(a) => new(ctx, a),
        KbCommand::List(a) => list(ctx, a),
        KbCommand::Show(a) => show(ctx, a.id),
        KbCommand::Edit(a) => edit(ctx, a),
        KbCommand::Delete(a) => delete(ctx, a),
        KbCommand::Search(a) => search(ctx, a),
        KbCommand::Suggest(a) => suggest(ctx, a),
        KbCommand::Export(a) => export(ctx, &a.dir),
        KbCommand::Import(a) => import(ctx, &a.dir),
        KbCommand::Publish(a) => publish(ctx, a),
    }
}

/// Compiles an article's text as a template, so a broken one is refused when it
/// is saved, not when a reply needs it.
fn compiled(id: i64, body: &str) -> Result<Templates, crate::error::HdError> {
    let mut map = BTreeMap::new();
    map.insert(
        format!("article-{id}"),
        TemplateConfig {
            subject: None,
            body: body.to_string(),
        },
    );
    Templates::load(&map, None).map_err(|e| match e {
        TemplateError::Syntax { message, .. } => usage(format!(
            "article {}: the text is not a valid template: {message}",
            if id > 0 { id.to_string() } else { "(new)".into() }
        ))
        .hint("template syntax: {{ contact.name }}, {% if ... %}; write {{ '{{' }} for literal braces"),
        other => usage(format!("article: {other}")),
    })
}

/// The article's text rendered like a template for a reply on ticket `t`.
pub fn render_article(
    ctx: &Ctx,
    conn: &Connection,
    id: i64,
    t: &Ticket,
    operator: Option<&str>,
    now: i64,
) -> anyhow::Result<String> {
    let a = load(conn, id)?;
    let templates = compiled(id, &a.body)?;
    let vars = crate::outbox::template_context(&ctx.config, conn, t, operator, now)?;
    match templates.render(&format!("article-{id}"), &vars) {
        Ok(r) => Ok(r.body),
        Err(TemplateError::Render { message, .. }) => {
            Err(usage(format!("article {id} (\"{}\"): {message}", a.title)).into())
        }
        Err(e) => Err(usage(format!("article {id}: {e}")).into()),
    }
}

fn load(conn: &Connection, id: i64) -> anyhow::Result<Article> {
    articles::load(conn, id)?.ok_or_else(|| {
        usage(format!("no article {id}"))
            .hint("`hd kb list` shows the articles")
            .into()
    })
}

/// Opens the editor on `text` as `hd reply` does; returns what was saved.
fn run_editor(ctx: &Ctx, text: &str) -> anyhow::Result<String> {
    let editor = crate::editor::command(ctx.can_prompt())?;
    Ok(crate::editor::edit(&editor, text, ".md")?)
}

/// The text given with `-m`, `--file`, `-` or `--edit` (starting from `current`).
fn read_body(ctx: &Ctx, t: &TextArgs, current: &str) -> anyhow::Result<Option<String>> {
    let stdin = match t.stdin.as_deref() {
        Some("-") => true,
        Some(other) => {
            return Err(usage(format!(
                "unexpected argument \"{other}\" (use -m TEXT, --file F, - or --edit)"
            ))
            .into());
        }
        None => false,
    };
    if t.edit {
        let text = run_editor(ctx, current)?;
        if text.trim().is_empty() {
            return Err(cancelled("the text is empty; nothing saved").into());
        }
        return Ok(Some(text));
    }
    super::read_text(t.message.clone(), t.file.as_deref(), stdin)
}

fn tags(list: Vec<String>) -> Result<Vec<String>, crate::error::HdError> {
    files::clean_tags(list.into_iter().filter(|t| !t.trim().is_empty()).collect()).map_err(usage)
}

/// A title as stored: trimmed, one line, not empty.
fn title(t: &str) -> Result<String, crate::error::HdError> {
    let t = t.trim();
    if t.is_empty() {
        return Err(usage("the title is empty"));
    }
    if t.chars().any(char::is_control) {
        return Err(usage(
            "the title must be one line without control characters",
        ));
    }
    Ok(t.to_string())
}

fn new(ctx: &Ctx, a: NewArgs) -> anyhow::Result<()> {
    let title = title(&a.title)?;
    let tags = tags(a.tag)?;
    let body = read_body(ctx, &a.text, "")?.ok_or_else(|| {
        usage("give the text with -m TEXT, --file F, - (standard input) or --edit")
    })?;
    if body.trim().is_empty() {
        return Err(usage("the text is empty").into());
    }
    compiled(0, &body)?;
    let now = ctx.now_ts();
    let mut store = ctx.store_or_create()?;
    let tx = store.write()?;
    let id = articles::insert(
        &tx,
        &Article {
            id: 0,
            title,
            body,
            tags,
            public: a.public,
            created: now,
            updated: now,
        },
    )?;
    tx.commit()?;
    println!("{id}");
    Ok(())
}

fn row(ctx: &Ctx, a: &Article, table: bool) -> Value {
    json!({
        "id": a.id,
        "title": a.title,
        "tags": a.tags,
        "public": a.public,
        "updated": if table { ctx.fmt_short(a.updated) } else { ctx.fmt_time(a.updated) },
    })
}

fn no_ids(format: Format) -> Result<(), crate::error::HdError> {
    match format {
        Format::Ids | Format::Xlsx => Err(usage(
            "this format is not available here (table, csv, tsv or json)",
        )),
        _ => Ok(()),
    }
}

fn print(ctx: &Ctx, rows: &[Value], scored: bool) -> anyhow::Result<()> {
    let format = ctx.format();
    let mut available = vec!["id", "title", "tags", "public", "updated"];
    if scored {
        available.push("score");
    }
    let cols = output::columns(ctx.global.columns.as_deref(), &available, &available)?;
    output::print_rows(format, &cols, rows)
}

fn list(ctx: &Ctx, a: ListArgs) -> anyhow::Result<()> {
    let format = ctx.format();
    no_ids(format)?;
    let store = ctx.store()?;
    let rows: Vec<Value> = articles::all(&store.conn, a.public)?
        .iter()
        .filter(|x| !a.private || !x.public)
        .filter(|x| a.tag.as_ref().is_none_or(|t| x.tags.contains(t)))
        .map(|x| row(ctx, x, format == Format::Table))
        .collect();
    print(ctx, &rows, false)
}

fn show(ctx: &Ctx, id: i64) -> anyhow::Result<()> {
    let store = ctx.store()?;
    let a = load(&store.conn, id)?;
    let format = ctx.format();
    if format == Format::Json {
        let mut v = row(ctx, &a, false);
        v["created"] = json!(ctx.fmt_time(a.created));
        v["body"] = json!(a.body);
        return output::print_json(&v);
    }
    let mut o = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(o, "#{}  {}", a.id, a.title)?;
    writeln!(
        o,
        "tags: {}   public: {}   updated: {}",
        if a.tags.is_empty() {
            "-".to_string()
        } else {
            a.tags.join(", ")
        },
        if a.public { "yes" } else { "no" },
        ctx.fmt_short(a.updated)
    )?;
    writeln!(o)?;
    writeln!(o, "{}", a.body.trim_end())?;
    o.flush()?;
    Ok(())
}

fn edit(ctx: &Ctx, e: EditArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let mut a = load(&store.conn, e.id)?;
    let before = a.clone();
    let asked_text =
        e.text.message.is_some() || e.text.file.is_some() || e.text.stdin.is_some() || e.text.edit;
    let nothing_else = e.title.is_none() && e.tag.is_none() && !e.public && !e.private;
    let text_args = TextArgs {
        edit: e.text.edit || (!asked_text && nothing_else),
        ..e.text
    };
    if let Some(t) = &e.title {
        a.title = title(t)?;
    }
    if let Some(spec) = &e.tag {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (add, name) = match part.strip_prefix('-') {
                Some(n) => (false, n),
                None => (true, part.strip_prefix('+').unwrap_or(part)),
            };
            let name = tags(vec![name.to_string()])?;
            for n in name {
                if add {
                    a.tags.push(n);
                } else {
                    a.tags.retain(|t| *t != n);
                }
            }
        }
        a.tags = tags(std::mem::take(&mut a.tags))?;
    }
    if e.public {
        a.public = true;
    }
    if e.private {
        a.public = false;
    }
    if let Some(body) = read_body(ctx, &text_args, &a.body)? {
        if body.trim().is_empty() {
            return Err(usage("the text is empty").into());
        }
        a.body = body;
    }
    if a == before {
        ctx.info(&format!("article {} unchanged", a.id));
        return Ok(());
    }
    compiled(a.id, &a.body)?;
    a.updated = ctx.now_ts();
    let tx = store.write()?;
    articles::update(&tx, &a)?;
    tx.commit()?;
    ctx.info(&format!("article {} saved", a.id));
    Ok(())
}

fn delete(ctx: &Ctx, d: DeleteArgs) -> anyhow::Result<()> {
    let mut store = ctx.store()?;
    let mut titles = Vec::new();
    for id in &d.ids {
        titles.push(format!("{id} \"{}\"", load(&store.conn, *id)?.title));
    }
    ctx.confirm(&format!("Delete article {}?", titles.join(", ")))?;
    let tx = store.write()?;
    for id in &d.ids {
        articles::delete(&tx, *id)?;
    }
    tx.commit()?;
    ctx.info(&format!("deleted article {}", titles.join(", ")));
    Ok(())
}

fn scored_rows(ctx: &Ctx, found: &[(Article, f64)]) -> Vec<Value> {
    let table = ctx.format() == Format::Table;
    found
        .iter()
        .map(|(a, s)| {
            let mut v = row(ctx, a, table);
            // bm25 gives tiny figures when a word is in half the articles or more.
            v["score"] = if table {
                json!(if s.abs() < 0.01 {
                    format!("{s:.2e}")
                } else {
                    format!("{s:.3}")
                })
            } else {
                json!(s)
            };
            v
        })
        .collect()
}

fn search(ctx: &Ctx, s: SearchArgs) -> anyhow::Result<()> {
    no_ids(ctx.format())?;
    let words = s.words.join(" ");
    let q = kb::all_words_query(&words)
        .ok_or_else(|| usage(format!("\"{words}\" has no word to search for")))?;
    let store = ctx.store()?;
    let found = articles::search(&store.conn, &q, i64::from(s.limit))?;
    print(ctx, &scored_rows(ctx, &found), true)
}

fn suggest(ctx: &Ctx, s: SuggestArgs) -> anyhow::Result<()> {
    no_ids(ctx.format())?;
    let store = ctx.store()?;
    let t = super::ticket(ctx, &store.conn, &s.ticket)?;
    let text = articles::ticket_text(&store.conn, t.id, &t.subject)?;
    let found = match kb::suggest_query(&text) {
        Some(q) => articles::search(&store.conn, &q, i64::from(s.limit))?,
        None => Vec::new(),
    };
    print(ctx, &scored_rows(ctx, &found), true)
}

fn md_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let p = entry?.path();
        if p.extension().is_some_and(|e| e == "md") && p.is_file() {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

fn export(ctx: &Ctx, dir: &Path) -> anyhow::Result<()> {
    let store = ctx.store()?;
    let all = articles::all(&store.conn, false)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let names: BTreeMap<i64, String> = all.iter().map(|a| (a.id, files::file_name(a))).collect();
    // A renamed article's old file would import as a second copy of it.
    for p in md_files(dir)? {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = std::fs::read_to_string(&p)
            .ok()
            .and_then(|t| files::parse_file(&t).ok());
        if let Some(id) = old.and_then(|f| f.id)
            && names.get(&id).is_some_and(|n| *n != name)
        {
            std::fs::remove_file(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
    }
    for a in &all {
        let p = dir.join(&names[&a.id]);
        std::fs::write(&p, files::to_file(a, ctx.config.timezone))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    ctx.info(&format!(
        "exported {} article{} to {}",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        dir.display()
    ));
    Ok(())
}

fn import(ctx: &Ctx, dir: &Path) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Err(usage(format!("{} is not a folder", dir.display())).into());
    }
    let mut read = Vec::new();
    let mut ids: BTreeMap<i64, PathBuf> = BTreeMap::new();
    for p in md_files(dir)? {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| usage(format!("{}: not UTF-8 text", p.display())))?;
        let f = files::parse_file(&text).map_err(|e| usage(format!("{}: {e}", p.display())))?;
        compiled(f.id.unwrap_or(0), &f.body)
            .map_err(|e| usage(format!("{}: {}", p.display(), e.msg)))?;
        if let Some(id) = f.id
            && let Some(other) = ids.insert(id, p.clone())
        {
            return Err(usage(format!(
                "{} and {} both are article {id}",
                other.display(),
                p.display()
            ))
            .into());
        }
        read.push(f);
    }
    let now = ctx.now_ts();
    let mut store = ctx.store_or_create()?;
    let tx = store.write()?;
    let (mut added, mut changed, mut same) = (0, 0, 0);
    for f in read {
        let existing = match f.id {
            Some(id) => articles::load(&tx, id)?,
            None => None,
        };
        match existing {
            Some(mut a) => {
                if a.title == f.title
                    && a.body == f.body
                    && a.tags == f.tags
                    && a.public == f.public
                {
                    same += 1;
                    continue;
                }
                a.title = f.title;
                a.body = f.body;
                a.tags = f.tags;
                a.public = f.public;
                a.updated = now;
                articles::update(&tx, &a)?;
                changed += 1;
            }
            None => {
                articles::insert(
                    &tx,
                    &Article {
                        id: f.id.unwrap_or(0),
                        title: f.title,
                        body: f.body,
                        tags: f.tags,
                        public: f.public,
                        created: f.created.unwrap_or(now),
                        updated: f.updated.unwrap_or(now),
                    },
                )?;
                added += 1;
            }
        }
    }
    tx.commit()?;
    ctx.info(&format!(
        "imported {}: {added} new, {changed} changed, {same} unchanged",
        dir.display()
    ));
    Ok(())
}

fn publish(ctx: &Ctx, p: PublishArgs) -> anyhow::Result<()> {
    let dir = &p.dir;
    let manifest = dir.join(site::MANIFEST);
    if dir.exists() {
        if !dir.is_dir() {
            return Err(usage(format!("{} is not a folder", dir.display())).into());
        }
        let empty = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_none();
        if !empty && !manifest.exists() {
            return Err(usage(format!(
                "{} is not empty and was not written by `hd kb publish`",
                dir.display()
            ))
            .hint("publish into a new or empty folder")
            .into());
        }
    }
    let store = ctx.store()?;
    let public = articles::all(&store.conn, true)?;
    let files = site::build(
        &public,
        &site::SiteOptions {
            title: p.title.clone(),
            lang: p.lang.clone(),
            tz: ctx.config.timezone,
        },
    );
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // What the last publish wrote goes first: an article deleted or made private
    // since must not stay online.
    if let Ok(old) = std::fs::read_to_string(&manifest) {
        for name in old.lines() {
            let safe = !name.is_empty() && !name.contains('/') && !name.starts_with('.');
            if safe && !files.iter().any(|(n, _)| n == name) {
                let path = dir.join(name);
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(
                            failure(format!("cannot remove {}: {e}", path.display())).into()
                        );
                    }
                }
            }
        }
    }
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let list: String = files.iter().map(|(n, _)| format!("{n}\n")).collect();
    std::fs::write(&manifest, list)
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    ctx.info(&format!(
        "published {} article{} to {}",
        public.len(),
        if public.len() == 1 { "" } else { "s" },
        dir.join("index.html").display()
    ));
    Ok(())
}
