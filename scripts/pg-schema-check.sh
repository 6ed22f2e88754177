#!/usr/bin/env bash
# Checks that the PostgreSQL schema (src/store/migrations/pg/) is the schema
# SQLite's migrations leave, and that its hook triggers and full-text helpers
# behave as the SQLite ones do, against a real PostgreSQL 15 on loopback.
#
#   scripts/pg-schema-check.sh
#
# Starts a throwaway server (test-servers/postgres.sh), applies
# pg/014_schema.sql and the later pg/0NN_*.sql to a new database as hd does
# (setting hd_schema to each one's number), builds the SQLite schema from
# migrations 001..0NN with sqlite3, and compares table by table: column names
# in order, types (INTEGER/TEXT/BLOB as BIGINT/TEXT COLLATE "C"/BYTEA), NOT NULL,
# defaults, COLLATE NOCASE (citext), primary keys, UNIQUE constraints, foreign
# keys, CHECK constraints, and every index by name with its columns and WHERE. Then runs the
# hook triggers with hd.hooks on and off, and a few semantic checks. Prints
# every difference; exits 1 on any.
set -euo pipefail

cd "$(dirname "$0")/.."
MIG=src/store/migrations
HOOKS_SESSION=$MIG/pg/hooks_session.sql

for tool in sqlite3 psql; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "pg-schema-check: error: $tool not found" >&2
        exit 1
    }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hd-pg-check.XXXXXX")
PGDIR=
cleanup() {
    if [ -n "$PGDIR" ]; then scripts/test-servers/postgres-stop.sh "$PGDIR" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

out=$(scripts/test-servers/postgres.sh)
PGURL=$(sed -n 's/^PGURL=//p' <<<"$out")
PGDIR=$(sed -n 's/^PGDIR=//p' <<<"$out")
BASE=${PGURL%/postgres}
DB=$BASE/hd_check

# A Czech collation (ICU, so no OS locale is needed), as a production database
# might have: text must still compare as bytes, the way SQLite compares it.
psql -X -q -v ON_ERROR_STOP=1 "$PGURL" -c "CREATE DATABASE hd_check TEMPLATE template0 ENCODING 'UTF8'
    LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'cs-CZ'"
VERSION=
for f in "$MIG"/pg/0[0-9][0-9]_*.sql; do
    VERSION=$(basename "$f" | sed 's/^0*\([0-9]*\)_.*/\1/')
    psql -X -q -v ON_ERROR_STOP=1 -1 "$DB" -f "$f" \
        -c "DELETE FROM hd_schema" -c "INSERT INTO hd_schema (version) VALUES ($VERSION)" >/dev/null
done
last_sqlite=$(basename "$(ls "$MIG"/0[0-9][0-9]_*.sql | tail -1)" | sed 's/^0*\([0-9]*\)_.*/\1/')
if [ "$VERSION" != "$last_sqlite" ]; then
    echo "pg-schema-check: error: PostgreSQL migrations end at $VERSION, SQLite's at $last_sqlite" >&2
    exit 1
fi

# --- SQLite: the schema the migrations leave ---------------------------------
# contentless_delete (SQLite 3.43) is an FTS5 storage option the comparison
# does not look at; dropped so an older sqlite3 builds the rest.
for f in "$MIG"/0[0-9][0-9]_*.sql; do
    sed 's/contentless_delete *= *1 *,//' "$f" | sqlite3 -bail "$WORK/final.db" ||
        {
            echo "pg-schema-check: error: sqlite3 failed on $f" >&2
            exit 1
        }
done

SQLITE_DESCRIBE=$(
    cat <<'SQL'
WITH fts AS (SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'),
tabs AS (
    SELECT name FROM sqlite_schema s WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
      AND name NOT IN (SELECT name FROM fts)
      AND NOT EXISTS (SELECT 1 FROM fts WHERE s.name LIKE fts.name || '_%')
)
SELECT 'fts ' || name FROM fts
UNION ALL
SELECT 'table ' || name FROM tabs
UNION ALL
SELECT printf('column %s.%02d %s %s %s default=%s', t.name, c.cid, c.name,
       CASE upper(c.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
                          WHEN 'BLOB' THEN 'bytea' WHEN 'REAL' THEN 'double'
                          ELSE 'unknown:' || c.type END,
       CASE WHEN c."notnull" OR c.pk > 0 THEN 'not-null' ELSE 'null' END,
       coalesce(c.dflt_value, ''))
  FROM tabs t, pragma_table_info(t.name) c
UNION ALL
SELECT 'primary-key ' || t.name || '(' ||
       (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info(t.name) WHERE pk > 0 ORDER BY pk)) || ')'
  FROM tabs t WHERE EXISTS (SELECT 1 FROM pragma_table_info(t.name) WHERE pk > 0)
UNION ALL
SELECT 'unique ' || t.name || '(' ||
       (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)) || ')'
  FROM tabs t, pragma_index_list(t.name) il WHERE il.origin = 'u'
UNION ALL
SELECT printf('foreign-key %s.%s -> %s(%s) on-delete=%s', t.name, fk."from", fk."table",
       coalesce(fk."to", ''), lower(fk.on_delete))
  FROM tabs t, pragma_foreign_key_list(t.name) fk
UNION ALL
SELECT 'index ' || name || ' on ' || tbl_name || ' ' || replace(replace(sql, char(13), ' '), char(10), ' ') FROM sqlite_schema
 WHERE type = 'index' AND sql IS NOT NULL;
SQL
)
sqlite3 "$WORK/final.db" "$SQLITE_DESCRIBE" >"$WORK/sqlite.raw"
# COLLATE NOCASE is in the table's SQL only.
sqlite3 "$WORK/final.db" ".schema" | awk '
    /^CREATE TABLE/ { t = $3; gsub(/"/, "", t) }
    /COLLATE NOCASE/ { print "nocase " t "." $1 }
    /CHECK \(/ { c = $0; sub(/.*CHECK /, "CHECK ", c); sub(/,[[:space:]]*$/, "", c); print "check " t " " c }' \
    >>"$WORK/sqlite.raw"

PG_DESCRIBE=$(
    cat <<'SQL'
WITH tabs AS (
    SELECT c.oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'hd_schema'
),
fts AS (
    SELECT t.name FROM tabs t
     WHERE EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'doc'
                   AND a.atttypid = 'tsvector'::regtype)
       AND EXISTS (SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                   JOIN pg_am am ON am.oid = ic.relam WHERE i.indrelid = t.oid AND am.amname = 'gin')
),
plain AS (SELECT * FROM tabs WHERE name NOT IN (SELECT name FROM fts))
SELECT 'fts ' || name FROM fts
UNION ALL
SELECT 'table ' || name FROM plain
UNION ALL
SELECT format('column %s.%s %s %s %s default=%s', p.name, lpad((a.attnum - 1)::text, 2, '0'), a.attname,
       CASE WHEN a.atttypid = 'text'::regtype AND a.attcollation <> 'pg_catalog."C"'::regcollation
                 THEN 'text-not-collate-C'
            WHEN a.atttypid = 'citext'::regtype THEN 'text'
            WHEN a.atttypid = 'float8'::regtype THEN 'double'
            ELSE format_type(a.atttypid, a.atttypmod) END,
       CASE WHEN a.attnotnull THEN 'not-null' ELSE 'null' END,
       coalesce(regexp_replace(pg_get_expr(d.adbin, d.adrelid), '::(text|citext)$', ''), ''))
  FROM plain p JOIN pg_attribute a ON a.attrelid = p.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = p.oid AND d.adnum = a.attnum
UNION ALL
SELECT format('%s %s(%s)', CASE con.contype WHEN 'p' THEN 'primary-key' ELSE 'unique' END, p.name,
       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(att, ord)
          JOIN pg_attribute a ON a.attrelid = p.oid AND a.attnum = k.att))
  FROM plain p JOIN pg_constraint con ON con.conrelid = p.oid AND con.contype IN ('p', 'u')
UNION ALL
SELECT format('foreign-key %s.%s -> %s(%s) on-delete=%s', p.name, a.attname, rt.relname, ra.attname,
       CASE con.confdeltype WHEN 'a' THEN 'no action' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null'
            WHEN 'd' THEN 'set default' WHEN 'r' THEN 'restrict' END)
  FROM plain p JOIN pg_constraint con ON con.conrelid = p.oid AND con.contype = 'f'
  JOIN pg_attribute a ON a.attrelid = p.oid AND a.attnum = con.conkey[1]
  JOIN pg_class rt ON rt.oid = con.confrelid
  JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
UNION ALL
SELECT 'index ' || ic.relname || ' on ' || p.name || ' ' || pg_get_indexdef(i.indexrelid)
  FROM plain p JOIN pg_index i ON i.indrelid = p.oid JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
UNION ALL
SELECT 'check ' || p.name || ' ' || pg_get_constraintdef(con.oid)
  FROM plain p JOIN pg_constraint con ON con.conrelid = p.oid AND con.contype = 'c'
UNION ALL
SELECT 'nocase ' || p.name || '.' || a.attname
  FROM plain p JOIN pg_attribute a ON a.attrelid = p.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE a.atttypid = 'citext'::regtype;
SQL
)
psql -X -q -A -t -v ON_ERROR_STOP=1 "$DB" -c "$PG_DESCRIBE" >"$WORK/pg.raw"

# Index definitions: compare the column list and the WHERE, spelled alike.
# CHECK constraints and index conditions: `x IN (...)` (SQLite) and
# `x = ANY (ARRAY[...])` (PostgreSQL) both become `x in ...`.
normalize() {
    sed -E '
        /^check /{
            s/::text//g
            s/CHECK \(\(([a-z_]+) = ANY \(ARRAY\[(.*)\]\)\)\)$/\1 in \2/
            s/CHECK \(([a-z_]+) IN \((.*)\)\)$/\1 in \2/
            s/CHECK \(\((.*)\)\)$/\1/
            s/CHECK \((.*)\)$/\1/
            s/, /,/g
        }
        /^index /{
            s/^(index [^ ]+ on [^ ]+ )CREATE (UNIQUE )?INDEX [^ ]+ ON [^ ]+( USING [a-z]+)? \(/\1(/
            s/::text//g
            s/"//g
            s/[[:space:]]+/ /g
            s/([a-z_]+) = ANY \(ARRAY\[([^]]*)\]\)/\1 in (\2)/g
            s/([a-z_]+) IN \(/\1 in (/g
            s/ WHERE /|/
        }' | awk -F'|' '
        /^index / && NF == 2 { w = $2; gsub(/[()]/, "", w); print $1 " WHERE " w; next }
        { print }' | sed -E 's/[[:space:]]+$//' | sort
}
normalize <"$WORK/sqlite.raw" >"$WORK/sqlite.txt"
normalize <"$WORK/pg.raw" >"$WORK/pg.txt"

failed=0
if diff -u --label sqlite --label postgresql "$WORK/sqlite.txt" "$WORK/pg.txt"; then
    echo "schema: $(grep -c '^table ' "$WORK/sqlite.txt") tables, $(grep -c '^column ' "$WORK/sqlite.txt") columns," \
        "$(grep -c '^index ' "$WORK/sqlite.txt") indexes, $(grep -c '^foreign-key ' "$WORK/sqlite.txt") foreign keys," \
        "$(grep -c '^check ' "$WORK/sqlite.txt") checks, $(grep -c '^fts ' "$WORK/sqlite.txt") full-text tables: same"
else
    echo "schema: differs (- SQLite, + PostgreSQL)"
    failed=1
fi

# --- behaviour: hooks, full text, case, version ------------------------------
section() { awk -v want="$1" '/^-- name: / { on = ($3 == want); next } on' "$HOOKS_SESSION"; }

check() { # NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then
        echo "ok: $1"
    else
        echo "FAILED: $1"
        diff -u --label expected --label actual <(printf '%s\n' "$2") <(printf '%s\n' "$3") || true
        failed=1
    fi
}
# Output and errors both; a failing statement shows up as a difference.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$DB" "$@" 2>&1 || true; }
fails() { ! psql -X -q -v ON_ERROR_STOP=1 "$DB" -c "$1" >/dev/null 2>&1; }

q -c "INSERT INTO tickets (prefix, number, queue, status, subject, created, updated)
      VALUES ('REQ', 1, 'support', 'queued', 's', 5, 5)" >/dev/null

# The same sequence as hooks.rs's tests: what a recording session gets.
got=$(q <<SQL
$(section record)
BEGIN;
INSERT INTO events (ticket_id, time, actor, kind, old, new) VALUES
    (1, 7, 'sync', 'created', NULL, 'REQ-000001'),
    (1, 7, 'distribution', 'assignee', NULL, 'jana'),
    (1, 7, 'jana', 'assignee', 'jana', NULL),
    (1, 7, 'jana', 'status', 'closed', 'open'),
    (1, 7, 'jana', 'status', 'open', 'waiting'),
    (1, 7, 'sla', 'breach', NULL, 'first_response');
COMMIT;
BEGIN;
INSERT INTO events (ticket_id, time, actor, kind, new) VALUES (1, 9, 'jana', 'assignee', 'petr');
ROLLBACK;
INSERT INTO interactions (id, ticket_id, time, direction) VALUES (100, 1, 10, 'in');
INSERT INTO interactions (id, ticket_id, time, direction, email_state) VALUES (101, 1, 11, 'out', 'waiting');
UPDATE interactions SET email_state = 'failed' WHERE id = 101;
UPDATE interactions SET email_state = 'failed' WHERE id = 101;
INSERT INTO interactions (id, ticket_id, time, direction, email_state) VALUES (102, 1, 12, 'out', 'failed');
WITH d AS ($(section drain | sed 's/;$//'))
SELECT event, ticket_id, time, coalesce(operator, '-'), coalesce(interaction_id::text, '-'), coalesce(detail, '-')
  FROM d ORDER BY id;
$(section pause)
INSERT INTO interactions (id, ticket_id, time, direction) VALUES (103, 1, 13, 'in');
$(section drain)
$(section exists)
SQL
)
check "hooks: a recording session gets its committed changes, once" \
    "ticket.created|1|7|-|-|-
ticket.assigned|1|7|jana|-|-
ticket.reopened|1|7|-|-|-
sla.breached|1|7|-|-|first_response
message.received|1|10|-|100|-
reply.failed|1|11|-|101|-
reply.failed|1|12|-|102|-
t" "$got"

# A session that never asked has no hook_queue: the triggers must not fire.
got=$(q <<'SQL'
INSERT INTO events (ticket_id, time, actor, kind, new) VALUES (1, 20, 'sync', 'created', 'REQ-000001');
INSERT INTO interactions (id, ticket_id, time, direction, email_state) VALUES (104, 1, 21, 'in', 'failed');
SELECT to_regclass('pg_temp.hook_queue') IS NULL, count(*) FROM events WHERE time = 20;
SQL
)
check "hooks: other sessions write without a queue" "t|1" "$got"

# Another session's changes never reach this session's queue.
got=$(q <<SQL
$(section record)
SELECT count(*) FROM pg_temp.hook_queue;
\! psql -X -q -v ON_ERROR_STOP=1 "$DB" -c "INSERT INTO events (ticket_id, time, actor, kind) VALUES (1, 30, 'x', 'created')"
SELECT count(*) FROM pg_temp.hook_queue;
SQL
)
check "hooks: another session's changes are not reported" "0
0" "$got"

got=$(q <<'SQL'
INSERT INTO interactions_fts (id, doc) VALUES
    (100, hd_fts_doc('Faktura č. 2024-001', 'A') || hd_fts_doc('Dobrý den, posílám FAKTURU od jana@firma.cz, Žluťoučký kůň.', 'D')),
    (101, hd_fts_doc('Reklamace', 'A') || hd_fts_doc('Nefunguje tiskárna', 'D'));
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ hd_fts_query('fakturu');
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ hd_fts_query('TISKARNA');
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ hd_fts_query('zlutoucky kun');
SELECT count(*) FROM interactions_fts WHERE doc @@ hd_fts_query('kun zlutoucky');
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ hd_fts_query('firma');
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ (hd_fts_query('faktura') && hd_fts_query('2024'));
SELECT string_agg(id::text, ',' ORDER BY id) FROM interactions_fts WHERE doc @@ to_tsquery('simple', 'reklam:*');
-- 1.3 MB of distinct words: past what one tsvector holds, so it is cut, not refused.
SELECT length(hd_fts_doc(string_agg(md5(g::text), ' '), 'D')) > 0 FROM generate_series(1, 40000) g;
SELECT hd_fts_doc(NULL, 'A') = ''::tsvector;
SQL
)
check "full text: diacritics, case, phrases, addresses split, prefixes, long texts" "100
101
100
0
100
100
101
t
t" "$got"

# hd_fts_doc (PL/pgSQL since schema 16) indexes exactly hd_fts_text's words,
# cut as hd_fts_cap cuts them, as a query reads them.
got=$(q <<'SQL'
SELECT count(*) FILTER (WHERE hd_fts_doc(x, 'D') IS DISTINCT FROM
                              setweight(to_tsvector('simple', coalesce(hd_fts_cap(hd_fts_text(x)), '')), 'D'))
  FROM (VALUES ('Žluťoučký kůň Faktura č. 2024-001 jana@firma.cz ½ Straße ÆØÅ'), (''), (NULL),
               ('a-b_c/d:e@f[g]h{i}j~k`l'), (repeat('ab ', 200000)),
               (repeat('ž ', 200000)), ('ﬁ ŁÓDŹ İstanbul')) AS t(x);
SQL
)
check "full text: hd_fts_doc indexes hd_fts_text's words" "0" "$got"

# Text compares as bytes on both engines, whatever the database's locale.
same_sql="INSERT INTO ticket_tags (ticket_id, tag) VALUES (1, 'b'), (1, 'B'), (1, 'a'), (1, 'Ábc'), (1, 'Z'), (1, '_x'), (1, 'ch'), (1, 'h');
INSERT INTO tickets (id, prefix, number, queue, status, subject, created, updated) VALUES
    (901, 'X', 901, 'q', 'open', 'chyba', 1, 1), (902, 'X', 902, 'q', 'open', 'hotovo', 1, 1),
    (903, 'X', 903, 'q', 'open', 'Čau', 1, 1), (904, 'X', 904, 'q', 'open', 'info', 1, 1);
SELECT tag, lower(tag), upper(tag), tag < 'a' FROM ticket_tags WHERE ticket_id = 1 ORDER BY tag;
SELECT subject FROM tickets WHERE id > 900 AND subject > 'H' ORDER BY subject;"
want=$(sqlite3 "$WORK/final.db" "$same_sql" | sed 's/|1$/|t/; s/|0$/|f/')
check "text order, lower() and upper() as in SQLite" "$want" "$(q -c "$same_sql")"

got=$(q <<'SQL'
INSERT INTO contacts (email) VALUES ('Jana@Firma.cz');
SELECT count(*) FROM contacts WHERE email = 'jana@firma.CZ';
SELECT count(*) FROM contacts WHERE email LIKE 'JANA@%';
INSERT INTO contacts (email) VALUES ('jana@firma.cz') ON CONFLICT (email) DO NOTHING;
SELECT count(*) FROM contacts;
INSERT INTO ticket_followers (ticket_id, address, added) VALUES (1, 'Petr@x.cz', 1);
INSERT INTO ticket_followers (ticket_id, address, added) VALUES (1, 'petr@X.cz', 2) ON CONFLICT DO NOTHING;
SELECT count(*) FROM ticket_followers;
SQL
)
check "NOCASE columns: equality, LIKE and uniqueness ignore case" "1
1
1
1" "$got"

got=$(q <<'SQL'
SELECT version FROM hd_schema;
INSERT INTO tickets (id, prefix, number, queue, status, created, updated) VALUES (1000, 'REQ', 1000, 'q', 'open', 1, 1);
SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets));
INSERT INTO tickets (prefix, number, queue, status, created, updated) VALUES ('REQ', 1001, 'q', 'open', 1, 1) RETURNING id;
SQL
)
check "hd_schema says $VERSION; explicit ids, then setval, then RETURNING the next" "$VERSION
1000
1001" "$got"

# The open-ticket listing (`hd list --view open`, `hd next`) with its statuses
# bound as parameters, as hd sends them: each command plans its statements anew
# (a custom plan), so the planner proves tickets_open_order's condition and
# reads the page in order from it, not from the index over every ticket.
got=$(q <<'SQL' | grep -o 'Index[A-Za-z ]* Scan using [a-z_]*' | head -1
BEGIN;
INSERT INTO tickets (prefix, number, queue, status, priority, created, updated)
SELECT 'OPN', n, 'q', CASE WHEN n % 20 = 0 THEN 'open' ELSE 'closed' END, n % 4, n, n
  FROM generate_series(1, 20000) AS n;
ANALYZE tickets;
SET plan_cache_mode = force_custom_plan;
PREPARE open_page(text, text) AS
SELECT t.id FROM tickets t WHERE t.deleted = 0 AND t.merged_into IS NULL
   AND t.status IN ($1, $2) AND t.automatic = 0
 ORDER BY t.priority DESC, t.created, t.id LIMIT 50;
EXPLAIN EXECUTE open_page('queued', 'open');
ROLLBACK;
SQL
)
check "the open listing reads tickets_open_order" "Index Scan using tickets_open_order" "$got"

if fails "INSERT INTO hd_schema (version) VALUES (15)"; then
    echo "ok: hd_schema holds one row"
else
    echo "FAILED: hd_schema took a second row"
    failed=1
fi
if fails "INSERT INTO events (ticket_id, time, actor, kind) VALUES (999, 1, 'x', 'created')"; then
    echo "ok: foreign keys are enforced"
else
    echo "FAILED: a foreign key was not enforced"
    failed=1
fi

if [ "$failed" -ne 0 ]; then
    echo "pg-schema-check: differences found" >&2
    exit 1
fi
echo "pg-schema-check: PostgreSQL schema matches SQLite's (version $VERSION)"
