-- Attachment content was a WITHOUT ROWID table keyed by hash. Such a table keeps
-- whole rows in its key b-tree, and SQLite reads a row's entire overflow chain to
-- compare keys, so storing one attachment read older ones back from disk. A rowid
-- table with a unique index on the hash compares the short hashes only.
CREATE TABLE blobs_by_rowid (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL
);
INSERT INTO blobs_by_rowid (hash, data) SELECT hash, data FROM blobs;
DROP TABLE blobs;
ALTER TABLE blobs_by_rowid RENAME TO blobs;
