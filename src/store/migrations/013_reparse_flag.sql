-- Messages whose text came out empty though their raw bytes are kept: the
-- parser now finds the text of broken MIME structures, so the next `hd sync`
-- parses these again (and clears the flag).
ALTER TABLE interactions ADD COLUMN reparse INTEGER NOT NULL DEFAULT 0;
UPDATE interactions SET reparse = 1
 WHERE raw_id IS NOT NULL AND anonymized = 0 AND trim(coalesce(text, '')) = '';
CREATE INDEX interactions_reparse ON interactions (id) WHERE reparse = 1;
