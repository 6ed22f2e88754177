-- Ticket numbers count in one sequence across every queue, so a bare number
-- names one ticket whatever its prefix. The sequence is the counter row with
-- the empty prefix; it continues from the highest number any prefix reached,
-- and existing tickets keep their numbers.
INSERT INTO counters (prefix, last)
SELECT '', max(coalesce((SELECT max(number) FROM tickets), 0),
               coalesce((SELECT max(last) FROM counters), 0))
ON CONFLICT (prefix) DO NOTHING;
