-- A ticket's next unmet SLA deadline: the first response until the first reply, then the
-- earlier of resolution and a pending next response; none while waiting or closed. The SLA
-- refresh keeps it; here it starts from the stored targets (next responses join at the
-- ticket's next change). `hd next`, the `due` column, sort key and filter read it.
ALTER TABLE tickets ADD COLUMN due INTEGER;
UPDATE tickets SET due = CASE
    WHEN status IN ('waiting', 'closed') OR merged_into IS NOT NULL THEN NULL
    WHEN first_response_at IS NULL AND first_response_due IS NOT NULL THEN first_response_due
    ELSE resolution_due END
WHERE status IN ('queued', 'open');
-- `hd next` and `--sort due`: walk the tickets that have a deadline in due order.
CREATE INDEX tickets_next_due ON tickets (due) WHERE due IS NOT NULL;
