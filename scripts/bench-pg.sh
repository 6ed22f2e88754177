#!/usr/bin/env bash
# PostgreSQL next to SQLite: the same hd, the same data, both engines in one run.
# Prints figures; never fails on a missed target (benchmarks are not tests).
#
#   scripts/bench-pg.sh [--runs N] [--skip-sync] [--skip-db]
#
# Starts a throwaway PostgreSQL 15 on loopback (scripts/test-servers/postgres.sh)
# with fsync and synchronous_commit on, as a real server runs, and measures:
#   - sync: `hd sync` of the 10,000 generated messages of scripts/bench-sync.sh
#     (its cache, $HD_BENCH_DIR/mail; run that script first) from a private
#     Dovecot into a fresh SQLite file and into a fresh PostgreSQL database,
#     alternately, N times (default 3);
#   - desk: the 1,000,000-ticket database of scripts/bench-db.sh ($HD_BENCH_DIR/hd.db;
#     run that first), copied into PostgreSQL with `hd db copy` (timed), then
#     `list --view open`, `list --view mine`, `next`, `list WORD`, `sla` and
#     `export` on each engine, medians of N runs (at least 30 for the
#     millisecond commands, whose runs scatter by a few ms; 3 for sla and export), and
#     the peak memory of one export on each.
# Target (issue "a team on many machines"): PostgreSQL within 2x of SQLite.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HD_BENCH_DIR:-/tmp/hd-bench}
RUNS=3
DO_SYNC=1
DO_DB=1
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --skip-sync) DO_SYNC=0; shift ;;
    --skip-db) DO_DB=0; shift ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench-pg.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
SLOW_RUNS=$(( RUNS < 3 ? RUNS : 3 ))
# A 20 ms command's runs scatter by 2 to 4 ms on a small machine: five of them
# give a median that moves by the scatter from one run of the script to the next.
FAST_RUNS=$(( RUNS > 30 ? RUNS : 30 ))

die() { echo "bench-pg.sh: $*" >&2; exit 1; }
. "$ROOT/scripts/bench-lib.sh"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install -y hyperfine)"
command -v psql >/dev/null || die "psql not found (apt-get install -y postgresql)"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
echo "== building (release)" >&2
cargo build --release --bin hd >&2
mkdir -p "$CACHE/bin"
cp target/release/hd "$CACHE/bin/hd-pg.new" && mv "$CACHE/bin/hd-pg.new" "$CACHE/bin/hd-pg"
HD=$CACHE/bin/hd-pg

WORK=$(mktemp -d /tmp/hd-bench-pg.XXXXXX)
chmod 0755 "$WORK"
PGOUT=$(bash scripts/test-servers/postgres.sh)
PGADMIN=$(sed -n 's/^PGURL=//p' <<<"$PGOUT")
PGDIR=$(sed -n 's/^PGDIR=//p' <<<"$PGOUT")
SRV=$WORK/dovecot
cleanup() {
    bash scripts/test-servers/postgres-stop.sh "$PGDIR" >/dev/null 2>&1 || true
    bash scripts/test-servers/dovecot-stop.sh "$SRV" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# The test server runs without fsync; a benchmark runs as a real server does.
psql -qX "$PGADMIN" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET shared_buffers = '512MB'" >/dev/null
if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDIR/data" -w restart -l "$PGDIR/postgres.log" >/dev/null
else
    /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDIR/data" -w restart -l "$PGDIR/postgres.log" >/dev/null
fi
PGVER=$(psql -qXAt "$PGADMIN" -c "SHOW server_version")
echo "== PostgreSQL $PGVER at $PGADMIN (fsync $(psql -qXAt "$PGADMIN" -c "SHOW fsync"))" >&2

# new_pg NAME: a fresh database, its URL on stdout
new_pg() {
    psql -qX "$PGADMIN" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
    sed "s#/postgres\$#/$1#" <<<"$PGADMIN"
}

# median_ms NAME RUNS CMD...: median wall time in ms
median_ms() {
    local name=$1 runs=$2
    shift 2
    local q=()
    for a in "$@"; do q+=("'${a//\'/\'\\\'\'}'"); done
    hyperfine -N --style none --warmup $(( runs >= 30 ? 3 : 1 )) --runs "$runs" \
        --export-json "$WORK/$name.json" "${q[*]}" >/dev/null 2>"$WORK/$name.err" || {
        cat "$WORK/$name.err" >&2
        echo "FAILED"
        return
    }
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' \
        "$WORK/$name.json"
}

ROWS=()
# row LABEL SQLITE PG
row() {
    local ratio
    ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { if (a == "FAILED" || b == "FAILED" || a + 0 == 0) print "-"; else printf "%.2fx", b / a }')
    local verdict
    verdict=$(awk -v r="${ratio%x}" 'BEGIN { if (r == "-") print "-"; else print (r + 0 <= 2) ? "ok" : "MISS" }')
    ROWS+=("$1|$2|$3|$ratio|$verdict")
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "$DO_SYNC" = 1 ]; then
    [ -d "$CACHE/mail/Maildir/new" ] || die "no generated mail in $CACHE/mail: run scripts/bench-sync.sh first"
    MESSAGES=$(find "$CACHE/mail/Maildir/new" -type f | wc -l)
    mkdir -p "$SRV/mail/alice"
    cp -r "$CACHE/mail/Maildir" "$SRV/mail/alice/Maildir"
    if [ "$(id -u)" -eq 0 ]; then chown -R mail:mail "$SRV/mail"; fi
    start_dovecot "$SRV" "$WORK/dovecot.err" 31243 32243 33243 34243 35243
    echo "== sync of $MESSAGES messages from Dovecot on 127.0.0.1:$PORT" >&2
    mkdir -p "$WORK/sync"
    cat >"$WORK/sync/hd.toml" <<EOF
timezone = "Europe/Prague"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.cz"
distribution = "manual"

[[mailbox]]
name = "inbox"
queue = "support"
imap = { host = "127.0.0.1", port = $PORT, tls = "none", user = "alice", password = "secret", folder = "INBOX" }
EOF
    s_times=()
    p_times=()
    # Run 0 warms up, as hyperfine's --warmup does for the desk rows: the
    # page cache, Dovecot's indexes, and the server's WAL files, which a
    # running server recycles but a fresh one first creates and zero-fills.
    for i in $(seq 0 "$RUNS"); do
        rm -f "$WORK/sync/hd.db"*
        # Each run starts with nothing of the last one still being written out.
        sync
        t0=$(date +%s%N)
        "$HD" --config "$WORK/sync/hd.toml" --db "$WORK/sync/hd.db" sync >/dev/null
        s_times+=($(( ($(date +%s%N) - t0) / 1000000 )))
        url=$(new_pg "sync$i")
        sync
        t0=$(date +%s%N)
        "$HD" --config "$WORK/sync/hd.toml" --db "$url" sync >/dev/null
        p_times+=($(( ($(date +%s%N) - t0) / 1000000 )))
        if [ "$i" = 0 ]; then
            echo "   warm-up: sqlite ${s_times[-1]} ms, postgresql ${p_times[-1]} ms" >&2
            s_times=()
            p_times=()
            continue
        fi
        echo "   run $i: sqlite ${s_times[-1]} ms, postgresql ${p_times[-1]} ms" >&2
    done
    med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    row "sync $MESSAGES messages (IMAP, fresh database)" "$(med "${s_times[@]}")" "$(med "${p_times[@]}")"
    bash scripts/test-servers/dovecot-stop.sh "$SRV" >/dev/null 2>&1 || true
fi

if [ "$DO_DB" = 1 ]; then
    DB=$CACHE/hd.db
    CFG=$CACHE/hd.toml
    [ -s "$DB" ] && [ -s "$CACHE/gen.env" ] || die "no $DB: run scripts/bench-db.sh first"
    # shellcheck disable=SC1091
    . "$CACHE/gen.env"
    URL=$(new_pg desk)
    echo "== hd db copy of $DB ($(du -m "$DB" | cut -f1) MB) into PostgreSQL" >&2
    t0=$(date +%s)
    "$HD" --config "$CFG" --db "$DB" -v db copy --to "$URL" 2>&1 | tail -3 >&2
    COPY_S=$(( $(date +%s) - t0 ))
    psql -qX "$URL" -c "VACUUM ANALYZE" >/dev/null
    # The copy leaves gigabytes of dirty buffers that a spread checkpoint
    # would write out during the first rows' runs: written out now, the rows
    # time the commands, not the copy's tail.
    psql -qX "$URL" -c "CHECKPOINT" >/dev/null
    sync
    PGSIZE=$(psql -qXAt "$URL" -c "SELECT pg_database_size(current_database()) / 1048576")
    echo "== copied in $COPY_S s; PostgreSQL database $PGSIZE MB" >&2
    both() { # LABEL RUNS ARGS...
        local label=$1 runs=$2
        shift 2
        local s p
        s=$(median_ms "s-$label" "$runs" "$HD" --config "$CFG" --db "$DB" "$@")
        p=$(median_ms "p-$label" "$runs" "$HD" --config "$CFG" --db "$URL" "$@")
        row "$*" "$s" "$p"
    }
    both open "$FAST_RUNS" list --view open --limit 50
    both mine "$FAST_RUNS" --as op01 list --view mine --limit 50
    both next "$FAST_RUNS" --as op01 next
    both w10 "$FAST_RUNS" list "$GEN_WORD_10PCT" --limit 50
    both w1 "$FAST_RUNS" list "$GEN_WORD_1PCT" --limit 50
    both w01 "$FAST_RUNS" list "$GEN_WORD_01PCT" --limit 50
    both sla "$SLOW_RUNS" sla
    both export "$SLOW_RUNS" export
    # Peak memory of one export each: both engines stream it.
    rss() { /usr/bin/time -f %M "$HD" --config "$CFG" --db "$1" export 2>&1 >/dev/null | tail -1; }
    S_RSS=$(rss "$DB")
    P_RSS=$(rss "$URL")
    ROWS+=("export peak RSS (KB)|$S_RSS|$P_RSS|-|-")
fi

echo
echo "hd bench-pg: PostgreSQL $PGVER on loopback (fsync on) next to SQLite; medians of $RUNS runs (desk commands $FAST_RUNS, sla/export $SLOW_RUNS); $(nproc) cores, load $LOAD0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "benchmark|SQLite ms|PostgreSQL ms|ratio|within 2x"
    echo "---|---|---|---|---"
    printf '%s\n' "${ROWS[@]}"
} | column -t -s '|'
