-- Dedup by the content hash alone (it covers the Message-ID header too), so a
-- message whose Message-ID was erased by anonymisation still counts as stored.
CREATE INDEX raw_messages_dedup_hash ON raw_messages (mailbox, hash);
