-- Schema version 15: as SQLite's 015_open_order.sql. The planner sees a view's
-- statuses as constants (each command plans its statements anew), so it proves
-- `status IN ('queued', 'open')` and reads the page in order from here instead
-- of walking tickets_list_default_order past the closed tickets.
CREATE INDEX tickets_open_order ON tickets (priority DESC, created, id)
    WHERE status IN ('queued', 'open') AND deleted = 0 AND merged_into IS NULL;
