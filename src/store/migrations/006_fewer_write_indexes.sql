-- Only status events are looked up by kind (the SLA timeline and resolved counts);
-- every other event is read through its ticket. Indexing all kinds cost each event
-- of a routed message (rule, category, priority, tag, assignee) two more b-tree
-- inserts that no query used.
DROP INDEX events_kind_time;
DROP INDEX events_sla_timeline;
CREATE INDEX events_status_time ON events (time) WHERE kind = 'status';
CREATE INDEX events_status_timeline ON events (ticket_id, time, id, new) WHERE kind = 'status';

-- Stored mail is de-duplicated by mailbox and hash alone (migration 2), so the
-- first index with the Message-ID in it only cost each message an insert.
DROP INDEX raw_messages_dedup;

-- The operator-load index (assignee, status, deleted, merged_into) starts with
-- the same columns and already serves every assignee lookup.
DROP INDEX tickets_view_mine;
