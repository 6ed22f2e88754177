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

/// Adds documents computed already (PostgreSQL): `(id, doc)`, the doc a
/// tsvector as `hd_fts_doc` made it, in the server's binary form.
fn index_docs(tx: &Connection, rows: &[(i64, Vec<u8>)]) -> crate::db::Result<()> {
    const ROWS: usize = 32;
    for chunk in rows.chunks(ROWS) {
        let sql = format!(
            "INSERT INTO interactions_fts (id, doc) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 2);
        for (id, doc) in chunk {
            values.extend([id as &dyn crate::db::ToSql, doc]);
        }
        tx.prepare_cached(&sql)?.write(values.as_slice())?;
    }
    Ok(())
}

/// The documents of a sync's batch of interactions, computed on a second
/// connection while the batch's own stores the rest (PostgreSQL).
///
/// `hd_fts_doc` is the costliest part of storing a message on PostgreSQL,
/// about a fifth of a sync, and the server runs one connection's statements
/// one after another on one core. A second connection computes each
/// document (a function of the text only, so it needs no transaction) as
/// soon as the message is filed; the batch's connection then inserts the
/// finished tsvectors at its commit. Same server, same function: the same
/// documents, searched the same way. Without a second connection (SQLite,
/// a small batch, a server refusing one, an error on it) the documents are
/// computed by the insert itself, as [`index_interactions`] does.
pub struct Ahead {
    helper: Helper,
    /// Not sent yet: sent [`CHUNK`] at a time.
    waiting: Vec<Texts>,
    /// Sent to the helper: the ticket of their documents, and the
    /// interactions with their texts (to compute here should the helper fail).
    sent: Vec<(u64, Vec<Texts>)>,
    /// To compute in the batch's own insert.
    here: Vec<Texts>,
}

/// An interaction to index: its id, subject and text.
type Texts = (i64, String, String);

enum Helper {
    /// Not opened yet; how to open it, if it may be.
    Closed(Option<super::Connector>),
    Open(Connection),
    /// Refused or failed: not tried again by this process.
    Off,
}

/// A batch this big opens the second connection; a smaller one (a cron
/// run's few new messages) is not worth one.
const HELPER_FROM: usize = 16;

/// The second connection's name in the server's activity view.
pub const HELPER_NAME: &str = "hd documents";

/// Documents asked for in one statement.
const CHUNK: usize = 32;

/// The documents of `n` interactions' subjects and texts as `hd_fts_doc`
/// makes them, in order. They come and go back in binary: as text, printing
/// and parsing them cost the server more than storing them.
fn docs_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n).map(|i| format!("({i}, ?, ?)")).collect();
    format!(
        "SELECT hd_fts_doc(s, 'A') || hd_fts_doc(t, 'D') \
         FROM (VALUES {}) AS v (n, s, t) ORDER BY n",
        rows.join(", ")
    )
}

impl Ahead {
    /// `connector` opens the second connection (PostgreSQL), when wanted.
    pub fn new(connector: Option<super::Connector>) -> Ahead {
        Ahead {
            helper: Helper::Closed(connector),
            waiting: Vec::new(),
            sent: Vec::new(),
            here: Vec::new(),
        }
    }

    /// A batch of `n` messages begins: a big one opens the helper.
    pub fn batch_begins(&mut self, n: usize) {
        if n < HELPER_FROM {
            return;
        }
        if let Helper::Closed(connector) = &self.helper {
            self.helper = match connector.as_ref().and_then(|c| c.connect(HELPER_NAME)) {
                Some(conn) => Helper::Open(conn),
                None => Helper::Off,
            };
        }
    }

    /// An interaction to index: its document is asked for now when there is
    /// a helper.
    pub fn push(&mut self, id: i64, subject: String, text: String) {
        if !matches!(self.helper, Helper::Open(_)) {
            self.here.push((id, subject, text));
            return;
        }
        self.waiting.push((id, subject, text));
        if self.waiting.len() >= CHUNK {
            self.send();
        }
    }

    /// Sends the waiting interactions' texts to the helper.
    fn send(&mut self) {
        let rows = std::mem::take(&mut self.waiting);
        if rows.is_empty() {
            return;
        }
        let Helper::Open(h) = &self.helper else {
            self.here.extend(rows);
            return;
        };
        let values = rows
            .iter()
            .flat_map(|(_, subject, text)| {
                [
                    crate::db::Value::Text(subject.clone()),
                    crate::db::Value::Text(text.clone()),
                ]
            })
            .collect();
        match h.query_ahead(&docs_sql(rows.len()), values) {
            Ok(ticket) => self.sent.push((ticket, rows)),
            Err(_) => {
                self.helper = Helper::Off;
                self.here.extend(rows);
            }
        }
    }

    /// Writes the batch's documents into `tx`: those computed by the helper
    /// as they are, the rest computed by the insert.
    pub fn write(&mut self, tx: &Connection) -> crate::db::Result<()> {
        self.send();
        let mut docs: Vec<(i64, Vec<u8>)> = Vec::new();
        let mut failed = false;
        if let Helper::Open(h) = &self.helper {
            for (ticket, rows) in self.sent.drain(..) {
                let answer = if failed {
                    None
                } else {
                    h.take_documents(ticket).ok()
                };
                match answer {
                    Some(found)
                        if found.len() == rows.len() && found.iter().all(Option::is_some) =>
                    {
                        docs.extend(rows.iter().map(|r| r.0).zip(found.into_iter().flatten()));
                    }
                    _ => {
                        failed = true;
                        self.here.extend(rows);
                    }
                }
            }
        }
        if failed {
            self.helper = Helper::Off;
        }
        index_docs(tx, &docs)?;
        index_interactions(tx, &std::mem::take(&mut self.here))
    }

    /// Forgets the batch (rolled back): documents still on their way are
    /// read and dropped, so the next batch's come in order.
    pub fn clear(&mut self) {
        if let Helper::Open(h) = &self.helper {
            for (ticket, _) in self.sent.drain(..) {
                let _ = h.take_documents(ticket);
            }
        }
        self.sent.clear();
        self.waiting.clear();
        self.here.clear();
    }
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
