-- Full-text search finds interactions by rowid and needs only their ticket: a
-- narrow covering index answers that without reading each row's text.
CREATE INDEX interactions_text_ticket ON interactions (id, deleted, ticket_id);
