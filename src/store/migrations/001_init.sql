-- Times are Unix seconds (UTC). Priorities are 0 low, 1 normal, 2 high, 3 urgent.

CREATE TABLE counters (
    prefix TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
);

CREATE TABLE contacts (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name    TEXT,
    company TEXT
);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    prefix             TEXT NOT NULL,
    number             INTEGER NOT NULL,
    queue              TEXT NOT NULL,
    category           TEXT,
    status             TEXT NOT NULL CHECK (status IN ('queued', 'open', 'waiting', 'closed')),
    priority           INTEGER NOT NULL DEFAULT 1,
    assignee           TEXT,
    contact_id         INTEGER REFERENCES contacts(id),
    subject            TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL DEFAULT 'email',
    created            INTEGER NOT NULL,
    updated            INTEGER NOT NULL,
    closed_at          INTEGER,
    first_response_at  INTEGER,
    first_response_due INTEGER,
    resolution_due     INTEGER,
    breached           INTEGER NOT NULL DEFAULT 0,
    rating             INTEGER,
    deleted            INTEGER NOT NULL DEFAULT 0,
    merged_into        INTEGER REFERENCES tickets(id),
    linked_to          INTEGER REFERENCES tickets(id),
    UNIQUE (prefix, number)
);
-- Indexes named after the views and filters they serve.
CREATE INDEX tickets_view_open ON tickets (deleted, status, priority DESC, created);
CREATE INDEX tickets_view_mine ON tickets (assignee, status);
CREATE INDEX tickets_filter_queue ON tickets (queue, status);
CREATE INDEX tickets_filter_category ON tickets (category);
CREATE INDEX tickets_filter_contact ON tickets (contact_id);
CREATE INDEX tickets_filter_created ON tickets (created);
CREATE INDEX tickets_filter_updated ON tickets (updated);
CREATE INDEX tickets_view_overdue ON tickets (status, resolution_due);
CREATE INDEX tickets_filter_number ON tickets (number);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_filter_tag ON ticket_tags (tag);

-- Raw RFC 822 bytes of every message that arrived, kept so it can be re-processed.
CREATE TABLE raw_messages (
    id         INTEGER PRIMARY KEY,
    mailbox    TEXT NOT NULL,
    folder     TEXT NOT NULL DEFAULT '',
    uid        INTEGER,
    message_id TEXT NOT NULL,
    hash       TEXT NOT NULL,
    received   INTEGER NOT NULL,
    data       BLOB NOT NULL
);
CREATE INDEX raw_messages_dedup ON raw_messages (mailbox, message_id, hash);

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    time         INTEGER NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
    source       TEXT NOT NULL DEFAULT 'email',
    operator     TEXT,
    contact_id   INTEGER REFERENCES contacts(id),
    subject      TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    attachments  INTEGER NOT NULL DEFAULT 0,
    email_state  TEXT CHECK (email_state IN ('sent', 'waiting', 'failed')),
    message_id   TEXT,
    in_reply_to  TEXT,
    refs         TEXT,
    from_addr    TEXT,
    to_addrs     TEXT,
    cc_addrs     TEXT,
    automatic    INTEGER NOT NULL DEFAULT 0,
    raw_id       INTEGER REFERENCES raw_messages(id),
    parse_error  TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    anonymized   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interactions_ticket ON interactions (ticket_id, time);
CREATE INDEX interactions_export_time ON interactions (time);
CREATE INDEX interactions_thread_message_id ON interactions (message_id);
CREATE INDEX interactions_export_operator ON interactions (operator, time);

-- Diacritics-insensitive full text over subjects and texts; rowid = interactions.id.
CREATE VIRTUAL TABLE interactions_fts USING fts5 (
    subject, text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Attachment content is stored once per hash.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    data BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id),
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    hash           TEXT NOT NULL REFERENCES blobs(hash)
);
CREATE INDEX attachments_interaction ON attachments (interaction_id);

-- Every change, with time and actor; SLA and stats are computed from here.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    time      INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    detail    TEXT
);
CREATE INDEX events_ticket ON events (ticket_id, time);
CREATE INDEX events_kind_time ON events (kind, time);

CREATE TABLE operator_state (
    name          TEXT PRIMARY KEY,
    away          INTEGER NOT NULL DEFAULT 0,
    last_assigned INTEGER NOT NULL DEFAULT 0
);

-- Per mailbox folder: where the last committed batch ended.
CREATE TABLE sync_state (
    mailbox     TEXT NOT NULL,
    folder      TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL,
    PRIMARY KEY (mailbox, folder)
);

-- Maildir files already stored, by their unique name (the part before ':').
CREATE TABLE maildir_seen (
    mailbox TEXT NOT NULL,
    key     TEXT NOT NULL,
    PRIMARY KEY (mailbox, key)
) WITHOUT ROWID;

CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id),
    ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
    to_addr        TEXT NOT NULL,
    subject        TEXT NOT NULL,
    message_id     TEXT NOT NULL,
    raw            BLOB NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'failed')),
    automatic      INTEGER NOT NULL DEFAULT 0,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    next_attempt   INTEGER NOT NULL DEFAULT 0,
    created        INTEGER NOT NULL,
    sent_at        INTEGER
);
CREATE INDEX outbox_pending ON outbox (state, next_attempt);
