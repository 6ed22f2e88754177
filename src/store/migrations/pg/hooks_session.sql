-- What a PostgreSQL session runs to hear its own committed changes (the
-- PostgreSQL side of store/hooks.rs). The triggers are permanent
-- (014_schema.sql) and write only for a session that set hd.hooks to 'on', into
-- that session's temporary hook_queue, so another process's changes are never
-- reported here. A session setting: it does not survive a reconnect, and a
-- transaction-mode connection pooler would mix sessions (connect directly).
--
-- The sections below are separate statements the store runs; `-- name:` lines
-- mark them.

-- name: record
-- Starts recording (hooks::record), outside a transaction: a SET made in a
-- transaction that rolls back is undone. The table first: a trigger that
-- fires before it exists would fail the writing statement.
CREATE TEMP TABLE IF NOT EXISTS hook_queue (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event          TEXT NOT NULL,
    ticket_id      BIGINT NOT NULL,
    time           BIGINT NOT NULL,
    operator       TEXT,
    interaction_id BIGINT,
    detail         TEXT
);
SET hd.hooks = 'on';

-- name: pause
-- Stops recording (hooks::pause); changes made meanwhile are never recorded.
-- Rows recorded before stay for the next drain, as in SQLite.
SET hd.hooks = 'off';

-- name: exists
-- Whether this session records at all (hooks::drain asks first).
SELECT to_regclass('pg_temp.hook_queue') IS NOT NULL;

-- name: drain
-- Takes what was recorded (outside a transaction only, as in SQLite: inside
-- one, rows of the open transaction would be taken before they commit).
DELETE FROM pg_temp.hook_queue
RETURNING id, event, ticket_id, time, operator, interaction_id, detail;
