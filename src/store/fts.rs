//! The full-text indexes, where the two engines differ most: SQLite keeps
//! contentless FTS5 tables keyed by rowid, PostgreSQL tables of tsvectors
//! keyed by id (migrations/pg/014_schema.sql). Searches are written once, as
//! FTS5 expressions of quoted phrases; PostgreSQL reads the same text with
//! `hd_fts_all`.

use crate::db::{Connection, params};

/// A condition on `i.id` (an interaction) matching the expression `?`.
pub fn interaction_ids_in(postgres: bool) -> &'static str {
    if postgres {
        "i.id IN (SELECT id FROM interactions_fts WHERE doc @@ hd_fts_all(?))"
    } else {
        "i.id IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?)"
    }
}

/// Adds an interaction's subject and text.
pub fn index_interaction(
    tx: &Connection,
    id: i64,
    subject: &str,
    text: &str,
) -> crate::db::Result<()> {
    let sql = if tx.is_postgres() {
        "INSERT INTO interactions_fts (id, doc) VALUES (?1, hd_fts_doc(?2, 'A') || hd_fts_doc(?3, 'D'))"
    } else {
        "INSERT INTO interactions_fts (rowid, subject, text) VALUES (?1, ?2, ?3)"
    };
    tx.prepare_cached(sql)?.write(params![id, subject, text])
}

/// Adds a batch of interactions, `(id, subject, text)`, a few dozen rows a
/// statement: on PostgreSQL each statement is a round trip.
pub fn index_interactions(
    tx: &Connection,
    rows: &[(i64, String, String)],
) -> crate::db::Result<()> {
    const ROWS: usize = 32;
    let (head, row) = if tx.is_postgres() {
        (
            "INSERT INTO interactions_fts (id, doc) VALUES ",
            "(?, hd_fts_doc(?, 'A') || hd_fts_doc(?, 'D'))",
        )
    } else {
        (
            "INSERT INTO interactions_fts (rowid, subject, text) VALUES ",
            "(?, ?, ?)",
        )
    };
    for chunk in rows.chunks(ROWS) {
        let sql = format!("{head}{}", vec![row; chunk.len()].join(", "));
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 3);
        for (id, subject, text) in chunk {
            values.extend([id as &dyn crate::db::ToSql, subject, text]);
        }
        tx.prepare_cached(&sql)?.write(values.as_slice())?;
    }
    Ok(())
}

/// Takes an interaction out.
pub fn unindex_interaction(tx: &Connection, id: i64) -> crate::db::Result<()> {
    let sql = if tx.is_postgres() {
        "DELETE FROM interactions_fts WHERE id = ?1"
    } else {
        "DELETE FROM interactions_fts WHERE rowid = ?1"
    };
    tx.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

/// Rewrites the interactions' index so no erased word survives in an old
/// segment. PostgreSQL's old row versions go at the next VACUUM, which
/// [`crate::store::anonymize`] runs after its transaction.
pub fn optimize(tx: &Connection) -> crate::db::Result<()> {
    if !tx.is_postgres() {
        tx.execute(
            "INSERT INTO interactions_fts (interactions_fts) VALUES ('optimize')",
            [],
        )?;
    }
    Ok(())
}

/// Adds an article: its title, body and tags.
pub fn index_article(
    tx: &Connection,
    id: i64,
    title: &str,
    body: &str,
    tags: &str,
) -> crate::db::Result<()> {
    let sql = if tx.is_postgres() {
        "INSERT INTO articles_fts (id, doc) VALUES (?1, hd_fts_doc(?2, 'A') || hd_fts_doc(?4, 'B') || hd_fts_doc(?3, 'D'))"
    } else {
        "INSERT INTO articles_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)"
    };
    tx.prepare_cached(sql)?
        .execute(params![id, title, body, tags])?;
    Ok(())
}

/// Takes an article out.
pub fn unindex_article(tx: &Connection, id: i64) -> crate::db::Result<()> {
    let sql = if tx.is_postgres() {
        "DELETE FROM articles_fts WHERE id = ?1"
    } else {
        "DELETE FROM articles_fts WHERE rowid = ?1"
    };
    tx.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

/// `(id, score)` of the articles matching `?1`, higher scores better: a
/// title match weighs most, then tags, then the body (bm25 with column
/// weights 4, 2, 1 in SQLite; ts_rank with weights A, B, D here).
pub fn article_scores(postgres: bool) -> &'static str {
    if postgres {
        "SELECT id, ts_rank('{0.1, 0.2, 0.5, 1.0}', doc, hd_fts_all(?1)) AS score \
         FROM articles_fts WHERE doc @@ hd_fts_all(?1)"
    } else {
        "SELECT rowid AS id, -bm25(articles_fts, 4.0, 1.0, 2.0) AS score \
         FROM articles_fts WHERE articles_fts MATCH ?1"
    }
}
