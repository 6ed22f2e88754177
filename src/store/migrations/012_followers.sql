-- People copied (Cc) on a customer's mail: they get every reply to the ticket.
CREATE TABLE ticket_followers (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    address   TEXT NOT NULL COLLATE NOCASE,
    added     INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, address)
) WITHOUT ROWID;
