-- Work time operators log on tickets: by hand, from a timer, or with a reply or note.
-- `time` is when the work was done (its start for a timer); `seconds` its length.
CREATE TABLE time_entries (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    operator       TEXT NOT NULL,
    time           INTEGER NOT NULL,
    seconds        INTEGER NOT NULL CHECK (seconds > 0),
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL CHECK (source IN ('manual', 'timer', 'reply', 'comment')),
    interaction_id INTEGER REFERENCES interactions(id),
    created        INTEGER NOT NULL
);
CREATE INDEX time_entries_ticket ON time_entries (ticket_id, time);
CREATE INDEX time_entries_report_time ON time_entries (time);

-- One running timer per operator.
CREATE TABLE timers (
    operator  TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    started   INTEGER NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);

-- Knowledge-base articles: answers to frequent questions, Markdown text that may
-- use template variables. Public ones are published for customers.
CREATE TABLE articles (
    id      INTEGER PRIMARY KEY,
    title   TEXT NOT NULL,
    body    TEXT NOT NULL,
    public  INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;

-- Diacritics-insensitive full text like interactions_fts; rowid = articles.id.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
