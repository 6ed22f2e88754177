//! Knowledge-base articles, their tags and their full-text index.

use crate::db::{Connection, OptionalExtension, params};

/// An article as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Row id, the number users name it by.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Markdown text; may use template variables.
    pub body: String,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Published for customers.
    pub public: bool,
    /// When it was written (Unix seconds).
    pub created: i64,
    /// When it last changed.
    pub updated: i64,
}

const SELECT: &str = "SELECT a.id, a.title, a.body, a.public, a.created, a.updated, \
     (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM article_tags WHERE article_id = a.id ORDER BY tag)) \
     FROM articles a";

fn from_row(r: &crate::db::Row<'_>) -> crate::db::Result<Article> {
    let tags: Option<String> = r.get(6)?;
    Ok(Article {
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get(2)?,
        public: r.get::<_, i64>(3)? != 0,
        created: r.get(4)?,
        updated: r.get(5)?,
        tags: tags
            .map(|s| s.split('\n').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// Loads one article.
pub fn load(conn: &Connection, id: i64) -> crate::db::Result<Option<Article>> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Every article, by id; only public ones when `public_only`.
pub fn all(conn: &Connection, public_only: bool) -> crate::db::Result<Vec<Article>> {
    let sql = if public_only {
        format!("{SELECT} WHERE a.public = 1 ORDER BY a.id")
    } else {
        format!("{SELECT} ORDER BY a.id")
    };
    conn.prepare(&sql)?.query_map([], from_row)?.collect()
}

/// Stores a new article (with its own id when `a.id` is above zero) and indexes it;
/// returns the id.
pub fn insert(tx: &Connection, a: &Article) -> crate::db::Result<i64> {
    let values = params![a.title, a.body, a.public as i64, a.created, a.updated];
    let id = if a.id > 0 {
        tx.prepare_cached(
            "INSERT INTO articles (title, body, public, created, updated, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![a.title, a.body, a.public as i64, a.created, a.updated, a.id])?;
        if tx.is_postgres() {
            // An id given by hand does not move the sequence; later ones must pass it.
            tx.execute_batch(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), max(id)) FROM articles",
            )?;
        }
        a.id
    } else {
        tx.prepare_cached(
            "INSERT INTO articles (title, body, public, created, updated) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(values)?;
        tx.last_insert_rowid()
    };
    write_tags_and_index(tx, id, a)?;
    Ok(id)
}

/// Replaces an article's title, text, tags, visibility and times, and re-indexes it.
pub fn update(tx: &Connection, a: &Article) -> crate::db::Result<()> {
    tx.prepare_cached(
        "UPDATE articles SET title = ?2, body = ?3, public = ?4, created = ?5, updated = ?6 WHERE id = ?1",
    )?
    .execute(params![
        a.id,
        a.title,
        a.body,
        a.public as i64,
        a.created,
        a.updated
    ])?;
    tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1")?
        .execute([a.id])?;
    super::fts::unindex_article(tx, a.id)?;
    write_tags_and_index(tx, a.id, a)
}

fn write_tags_and_index(tx: &Connection, id: i64, a: &Article) -> crate::db::Result<()> {
    for t in &a.tags {
        tx.prepare_cached("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?1, ?2)")?
            .execute(params![id, t])?;
    }
    super::fts::index_article(tx, id, &a.title, &a.body, &a.tags.join(" "))?;
    Ok(())
}

/// Deletes an article and its index entry; false when there was none.
pub fn delete(tx: &Connection, id: i64) -> crate::db::Result<bool> {
    super::fts::unindex_article(tx, id)?;
    tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1")?
        .execute([id])?;
    Ok(tx
        .prepare_cached("DELETE FROM articles WHERE id = ?1")?
        .execute([id])?
        > 0)
}

/// Articles matching an FTS5 expression, best first, with their score (higher is
/// better: bm25 negated, a title match weighing most, then tags, then text).
pub fn search(conn: &Connection, fts: &str, limit: i64) -> crate::db::Result<Vec<(Article, f64)>> {
    let mut st = conn.prepare(&format!(
        "WITH m AS ({}) \
         SELECT a.id, a.title, a.body, a.public, a.created, a.updated, \
         (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM article_tags WHERE article_id = a.id ORDER BY tag)), \
         m.score FROM articles a JOIN m ON m.id = a.id ORDER BY m.score DESC, a.id LIMIT ?2",
        super::fts::article_scores(conn.is_postgres())
    ))?;
    st.query_map(params![fts, limit], |r| {
        Ok((from_row(r)?, r.get::<_, f64>(7)?))
    })?
    .collect()
}

/// The text a ticket is about, for suggestions: its subject and what the customer
/// wrote (not our replies or notes), oldest first.
pub fn ticket_text(conn: &Connection, ticket_id: i64, subject: &str) -> crate::db::Result<String> {
    let mut text = subject.to_string();
    let mut st = conn.prepare_cached(
        "SELECT subject, text FROM interactions WHERE ticket_id = ?1 AND direction = 'in' \
         AND deleted = 0 ORDER BY time, id",
    )?;
    let rows = st.query_map([ticket_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (s, t) = row?;
        text.push('\n');
        text.push_str(&s);
        text.push('\n');
        text.push_str(&t);
    }
    Ok(text)
}
