-- The tickets an operator works on (`hd list --view open`, `hd next`) in the
-- order they are shown (-priority,created,id), and only those: closed tickets
-- are most of a desk's history and the oldest, so an index over every ticket
-- in that order is read through thousands of them before a page of open ones.
CREATE INDEX tickets_open_order ON tickets (priority DESC, created, id)
    WHERE status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL;
