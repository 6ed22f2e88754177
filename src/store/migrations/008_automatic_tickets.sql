-- A ticket made from automatic mail (out-of-office, bounce, list) is not work:
-- no distribution, acknowledgement or SLA, and out of the working views until a
-- person writes on it.
ALTER TABLE tickets ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
-- Tickets that only ever received automatic mail are marked; their assignee
-- and SLA targets stay exactly as they were.
UPDATE tickets SET automatic = 1
WHERE source = 'email'
  AND EXISTS (SELECT 1 FROM interactions i WHERE i.ticket_id = tickets.id
              AND i.direction = 'in' AND i.automatic = 1)
  AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.ticket_id = tickets.id
                  AND i.direction = 'in' AND i.automatic = 0);

-- A bounce of our own mail marks it `bounced`, which is never retried. The
-- allowed states are a CHECK constraint; widening one changes no stored row,
-- so the table definitions are edited in place (SQLite's documented way for
-- changes that do not touch the file format) instead of copying both tables.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''sent'', ''waiting'', ''failed'')', '''sent'', ''waiting'', ''failed'', ''bounced'')')
 WHERE type = 'table' AND name = 'interactions';
UPDATE sqlite_schema
   SET sql = replace(sql, '''sending'', ''sent'', ''failed'')', '''sending'', ''sent'', ''failed'', ''bounced'')')
 WHERE type = 'table' AND name = 'outbox';
PRAGMA writable_schema = RESET;
