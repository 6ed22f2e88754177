#!/usr/bin/env bash
# Stops a PostgreSQL started by postgres.sh and removes its directory.
#
#   postgres-stop.sh DIR
#
# Exits 0 when no server runs for DIR any more and DIR is gone (also when
# none was running). Removes only a directory postgres.sh made.
set -euo pipefail

die() {
    echo "postgres-stop.sh: error: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: postgres-stop.sh DIR"
DIR=$1
[ -d "$DIR" ] || exit 0
[ -e "$DIR/.hd-test-postgres" ] || die "$DIR was not made by postgres.sh; not touching it"

BIN=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PID_FILE=$DIR/data/postmaster.pid
if [ -s "$PID_FILE" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_owner() { runuser -u postgres -- "$@"; }
    else
        as_owner() { "$@"; }
    fi
    # Immediate: no checkpoint, the data is thrown away anyway.
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w -t 30 stop \
        </dev/null >/dev/null 2>&1 || {
        # pg_ctl failed (a stale pid file, a server already gone): make sure.
        pid=$(head -n 1 "$PID_FILE" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            for _ in $(seq 1 200); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.01
            done
            ! kill -0 "$pid" 2>/dev/null || die "postgres (pid $pid) survived SIGKILL"
        fi
    }
fi
rm -rf "$DIR"
