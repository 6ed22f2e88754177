-- A claim (state 'sending') names the process that holds it and when it took it,
-- so another process recovers only claims old enough to have been left by a crash.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
