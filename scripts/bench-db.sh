#!/usr/bin/env bash
# Database benchmarks of hd against PRODUCT.md "Scale and speed". Prints figures; never fails
# on a missed target (benchmarks are not tests).
#
#   scripts/bench-db.sh [--runs N] [--regen]
#
# Builds release, generates (once, cached in $HD_BENCH_DIR, default /tmp/hd-bench) a database
# of $TICKETS tickets / $INTERACTIONS interactions with examples/gen_db.rs, then times each
# command (median of N runs; hyperfine when installed, else a date +%s%N loop) and measures
# peak RSS with /usr/bin/time. The cache is regenerated when gen_db.rs, the schema, the store settings or the
# sizes change, or with --regen.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HD_BENCH_DIR:-/tmp/hd-bench}
TICKETS=${TICKETS:-1000000}
INTERACTIONS=${INTERACTIONS:-3000000}
XLSX_ROWS=${XLSX_ROWS:-1000000}
RUNS=10
REGEN=0
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --regen) REGEN=1; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench-db.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
SLOW_RUNS=$(( RUNS < 3 ? RUNS : 3 ))

die() { echo "bench-db.sh: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install -y sqlite3)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
echo "== building (release)" >&2
cargo build --release --bin hd --example gen_db >&2
mkdir -p "$CACHE/bin"
# A private copy: others may rebuild target/ while we measure.
cp target/release/hd "$CACHE/bin/hd.new" && mv "$CACHE/bin/hd.new" "$CACHE/bin/hd"
HD=$CACHE/bin/hd
DB=$CACHE/hd.db
CFG=$CACHE/hd.toml

key=$( (cat examples/gen_db.rs src/store/mod.rs src/store/migrations/*.sql; echo "$TICKETS $INTERACTIONS") | sha256sum | cut -c1-16)
if [ "$REGEN" = 1 ] || [ ! -s "$DB" ] || [ "$(cat "$CACHE/key" 2>/dev/null)" != "$key" ]; then
    echo "== generating $TICKETS tickets / $INTERACTIONS interactions into $DB" >&2
    rm -f "$DB" "$DB-wal" "$DB-shm" "$CACHE/key"
    /usr/bin/time -f "gen_db: %e s, peak RSS %M KB" target/release/examples/gen_db \
        --tickets "$TICKETS" --interactions "$INTERACTIONS" --db "$DB" >&2
    echo "$key" >"$CACHE/key"
fi
# shellcheck disable=SC1091
. "$CACHE/gen.env"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hd-bench-db.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# median_ms NAME RUNS CMD... : median wall time in ms (command output discarded)
median_ms() {
    local name=$1 runs=$2
    shift 2
    if command -v hyperfine >/dev/null; then
        local q=()
        # Single quotes (hyperfine splits like a POSIX shell; %q could emit $'...').
        for a in "$@"; do q+=("'${a//\'/\'\\\'\'}'"); done
        hyperfine -N --style none --warmup 1 --runs "$runs" \
            --export-json "$WORK/$name.json" "${q[*]}" >/dev/null 2>"$WORK/$name.err" || {
            cat "$WORK/$name.err" >&2
            echo "FAILED"
            return
        }
        python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' \
            "$WORK/$name.json"
    else
        "$@" >/dev/null 2>&1 || true
        local i t0 t1 times=()
        for ((i = 0; i < runs; i++)); do
            t0=$(date +%s%N)
            "$@" >/dev/null 2>>"$WORK/$name.err" || { echo "FAILED"; return; }
            t1=$(date +%s%N)
            times+=($(( (t1 - t0) / 1000 )))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
    fi
}

# peak_mb CMD... (stdout to /dev/null): peak RSS in MB
peak_mb() {
    /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/rss.err" || { echo "FAILED"; return; }
    awk '{printf "%.1f\n", $1/1024}' "$WORK/rss"
}

ROWS=()
# row LABEL VALUE TARGET VERDICT
row() { ROWS+=("$1|$2|$3|$4"); }
# under VALUE LIMIT -> ok/MISS (or n/a)
under() { awk -v v="$1" -v l="$2" 'BEGIN { if (v == "FAILED") print "FAILED"; else print (v + 0 < l + 0) ? "ok" : "MISS" }'; }

H=("$HD" --config "$CFG")
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
N_TICKETS=$(sqlite3 "$DB" "SELECT count(*) FROM tickets")
N_INTER=$(sqlite3 "$DB" "SELECT count(*) FROM interactions")
N_OPEN=$(sqlite3 "$DB" "SELECT count(*) FROM tickets WHERE status IN ('queued','open') AND deleted = 0")
echo "== database: $N_TICKETS tickets, $N_INTER interactions, $GEN_EVENTS events, $N_OPEN queued+open, $(du -m "$DB" | cut -f1) MB; runs: $RUNS (sla/export: $SLOW_RUNS)" >&2

echo "== list views" >&2
v=$(median_ms open "$RUNS" "${H[@]}" list --view open --limit 50)
row "list --view open --limit 50" "$v ms" "< 20 ms" "$(under "$v" 20)"
v=$(median_ms mine "$RUNS" "${H[@]}" --as op01 list --view mine --limit 50)
row "list --view mine --limit 50 (op01)" "$v ms" "< 20 ms (as open)" "$(under "$v" 20)"
v=$(median_ms overdue "$RUNS" "${H[@]}" list --view overdue --limit 50)
row "list --view overdue --limit 50" "$v ms" "< 20 ms (as open)" "$(under "$v" 20)"

echo "== on a terminal, and hd next" >&2
# What an operator's terminal gets: a table cut to 120 columns (no pager: HD_PAGER=cat).
# `script` adds its own start-up, measured alone on the line after.
PTY="HD_PAGER=cat COLUMNS=120 LINES=60"
v=$(median_ms mine-pty "$RUNS" script -qec "$PTY $HD --config $CFG --as op01 list --view mine --limit 50" /dev/null)
row "list --view mine --limit 50 (op01), pty" "$v ms" "< 20 ms" "$(under "$v" 20)"
v=$(median_ms pty-alone "$RUNS" script -qec true /dev/null)
row "  script(1) alone, to subtract" "$v ms" "-" "-"
v=$(median_ms next "$RUNS" "${H[@]}" --as op01 next)
row "next (op01)" "$v ms" "< 20 ms" "$(under "$v" 20)"
v=$(median_ms fts-pty "$RUNS" script -qec "$PTY $HD --config $CFG list $GEN_WORD_10PCT --limit 50" /dev/null)
row "list $GEN_WORD_10PCT --limit 50, pty (snippets)" "$v ms" "< 100 ms" "$(under "$v" 100)"

echo "== full text" >&2
for w in "$GEN_WORD_1PCT" "$GEN_WORD_1PCT_ASCII" "$GEN_WORD_10PCT" "$GEN_WORD_01PCT"; do
    share="1%"
    [ "$w" = "$GEN_WORD_10PCT" ] && share="10%"
    [ "$w" = "$GEN_WORD_01PCT" ] && share="0.1%"
    v=$(median_ms "fts-$share" "$RUNS" "${H[@]}" list "$w" --limit 50)
    row "list $w --limit 50 (in $share of texts)" "$v ms" "< 100 ms" "$(under "$v" 100)"
done

echo "== show" >&2
v=$(median_ms show "$RUNS" "${H[@]}" show "$GEN_SAMPLE_TICKET")
row "show $GEN_SAMPLE_TICKET" "$v ms" "-" "-"

echo "== sla" >&2
v=$(median_ms sla "$SLOW_RUNS" "${H[@]}" sla)
row "sla (all $N_TICKETS tickets)" "$v ms" "< 2000 ms" "$(under "$v" 2000)"
v=$(median_ms sla-op "$SLOW_RUNS" "${H[@]}" sla --by operator)
row "sla --by operator" "$v ms" "< 2000 ms" "$(under "$v" 2000)"

echo "== export" >&2
# The same rows, columns and joins as `hd export` (src/commands/export.rs), time in UTC. The
# reference joins with CROSS JOIN, which makes SQLite stream in time order from
# interactions_export_time (its best plan); hd's exact SQL (plain JOIN) is timed too.
cat >"$WORK/export.sql" <<'EOF'
SELECT strftime('%Y-%m-%dT%H:%M:%S', i.time, 'unixepoch') || '+00:00' AS "Time",
       printf('%s-%06d', t.prefix, t.number) AS "Ticket", t.queue AS "Queue", i.operator AS "Operator",
       coalesce(c.email, tc.email) AS "Contact", i.direction AS "Direction", i.subject AS "Title",
       i.attachments AS "Attachments", i.text AS "Text", i.email_state AS "Email state"
FROM interactions i CROSS JOIN tickets t ON t.id = i.ticket_id
LEFT JOIN contacts c ON c.id = i.contact_id
LEFT JOIN contacts tc ON tc.id = t.contact_id
WHERE (t.deleted = 0 AND t.merged_into IS NULL) AND i.deleted = 0 ORDER BY i.time, i.id;
EOF
sed 's/CROSS JOIN tickets/JOIN tickets/' "$WORK/export.sql" >"$WORK/export-join.sql"
SQ=(sqlite3 -batch -csv -header "$DB" ".read $WORK/export.sql")
SQJ=(sqlite3 -batch -csv -header "$DB" ".read $WORK/export-join.sql")
hd_bytes=$("${H[@]}" export | wc -c)
sq_bytes=$("${SQ[@]}" | wc -c)
v_hd=$(median_ms export-hd "$SLOW_RUNS" "${H[@]}" export)
v_sq=$(median_ms export-sq "$SLOW_RUNS" "${SQ[@]}")
v_sqj=$(median_ms export-sqj "$SLOW_RUNS" "${SQJ[@]}")
r_hd=$(peak_mb "${H[@]}" export)
r_sq=$(peak_mb "${SQ[@]}")
row "export CSV > /dev/null ($((hd_bytes >> 20)) MB)" "$v_hd ms" "<= sqlite3 -csv: $v_sq ms ($((sq_bytes >> 20)) MB)" \
    "$(awk -v a="$v_hd" -v b="$v_sq" 'BEGIN { print (a + 0 <= b * 1.0 + 0) ? "ok" : sprintf("MISS (%.2fx)", a / b) }')"
row "  sqlite3 -csv with hd's JOIN (sorts)" "$v_sqj ms" "-" "-"
row "export CSV peak RSS" "$r_hd MB" "< 64 MB (sqlite3: $r_sq MB)" "$(under "$r_hd" 64)"

# XLSX of exactly XLSX_ROWS rows: the newest ones, from the time of the XLSX_ROWS-th newest.
from_ts=$(sqlite3 "$DB" "SELECT i.time FROM interactions i JOIN tickets t ON t.id = i.ticket_id \
    WHERE t.deleted = 0 AND t.merged_into IS NULL AND i.deleted = 0 ORDER BY i.time DESC LIMIT 1 OFFSET $((XLSX_ROWS - 1))")
from=$(date -u -d "@$from_ts" +%Y-%m-%dT%H:%M:%SZ)
n_x=$(sqlite3 "$DB" "SELECT count(*) FROM interactions i JOIN tickets t ON t.id = i.ticket_id \
    WHERE t.deleted = 0 AND t.merged_into IS NULL AND i.deleted = 0 AND i.time >= $from_ts")
/usr/bin/time -f "%e %M" -o "$WORK/xlsx.time" "${H[@]}" export --from "$from" -o "$WORK/out.xlsx" 2>"$WORK/xlsx.err" ||
    { cat "$WORK/xlsx.err" >&2; echo "FAILED FAILED" >"$WORK/xlsx.time"; }
read -r x_s x_kb <"$WORK/xlsx.time"
x_mb=$(awk -v k="$x_kb" 'BEGIN { if (k == "FAILED") print k; else printf "%.1f", k/1024 }')
x_size=$(( $(stat -c %s "$WORK/out.xlsx" 2>/dev/null || echo 0) >> 20 ))
row "export XLSX $n_x rows (${x_size} MB file)" "$(awk -v s="$x_s" 'BEGIN { if (s == "FAILED") print s; else printf "%.0f", s*1000 }') ms" "-" "-"
row "export XLSX peak RSS" "$x_mb MB" "< 64 MB" "$(under "$x_mb" 64)"

echo
echo "hd bench-db: $N_TICKETS tickets, $N_INTER interactions, $(du -m "$DB" | cut -f1) MB db; median of $RUNS runs ($SLOW_RUNS for sla/export); $(nproc) cores, load $LOAD0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "benchmark|figure|target|verdict"
    echo "---|---|---|---"
    printf '%s\n' "${ROWS[@]}"
} | column -t -s '|'
