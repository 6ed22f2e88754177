-- `hd list WORD --limit N` with a common word walks the tickets in the default order
-- (-priority,created) and checks each against the words until the page is full,
-- instead of mapping every match to its ticket first (store/search.rs).
CREATE INDEX tickets_list_default_order ON tickets (priority DESC, created);
