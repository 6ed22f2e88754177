#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on loopback for hd's tests and benchmarks.
#
#   postgres.sh [DIR]
#
# Everything lives under DIR (default: a new temporary directory): the
# cluster in DIR/data, the Unix socket in DIR, the log in DIR/postgres.log.
# The server listens on 127.0.0.1 only, on a free port it picks, with trust
# authentication for 127.0.0.1 and the socket and nothing else, and fsync off
# (the data is disposable). Run as root, the cluster is owned by and runs as
# the `postgres` user (PostgreSQL refuses to run as root); otherwise as the
# caller. It creates the superuser role `hd` and prints two lines:
#
#   PGURL=postgres://hd@127.0.0.1:PORT/postgres
#   PGDIR=DIR
#
# Stop it and remove DIR with postgres-stop.sh DIR. Exits non-zero with the
# reason when the server cannot start, so a test that needs it fails instead
# of silently skipping.
set -euo pipefail

die() {
    echo "postgres.sh: error: $*" >&2
    exit 1
}

[ $# -le 1 ] || die "usage: postgres.sh [DIR]"

BIN=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
for tool in initdb pg_ctl; do
    [ -x "$BIN/$tool" ] ||
        die "$BIN/$tool not found; install PostgreSQL 15 (Debian: apt-get install postgresql)"
done
command -v psql >/dev/null 2>&1 ||
    die "psql not found; install it (Debian: apt-get install postgresql-client)"

if [ $# -eq 1 ]; then
    DIR=$1
    mkdir -p "$DIR" || die "cannot create $DIR"
    [ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty"
else
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/hd-postgres.XXXXXX") || die "cannot create a temporary directory"
fi
DIR=$(cd "$DIR" && pwd)
# The socket path goes into the config and must fit in sun_path (107 bytes).
[ ${#DIR} -le 80 ] || die "DIR is too long for a socket path: $DIR"
case "$DIR" in
*[[:space:]\"\'\\]*) die "DIR must not contain spaces, quotes or backslashes: $DIR" ;;
esac
# Marks the directory as ours, so postgres-stop.sh removes nothing else.
: >"$DIR/.hd-test-postgres"

if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' is missing (install postgresql)"
    command -v runuser >/dev/null 2>&1 || die "runuser not found (install util-linux)"
    chown postgres: "$DIR"
    chmod 0700 "$DIR"
    as_owner() { runuser -u postgres -- "$@"; }
    as_owner test -w "$DIR" ||
        die "user postgres cannot reach $DIR; a parent directory is not searchable (try TMPDIR=/tmp)"
else
    as_owner() { "$@"; }
fi

# -N: no fsync of the new cluster; C.UTF-8 so lower() and the full-text
# parser fold case beyond ASCII.
if ! as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N \
    >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
fi

cat >"$DIR/data/pg_hba.conf" <<HBA
# Written by scripts/test-servers/postgres.sh for hd's tests.
local all all              trust
host  all all 127.0.0.1/32 trust
HBA

show_log() {
    if [ -f "$DIR/postgres.log" ]; then tail -n 20 "$DIR/postgres.log" >&2; fi
}

# A free port: try random ones until the server binds (another process may
# take a port between a check and the bind, so the bind itself is the test).
port=
for _ in $(seq 1 20); do
    try=$((20000 + RANDOM % 40000))
    # Something answers there already: pick another.
    if (exec 3<>"/dev/tcp/127.0.0.1/$try") 2>/dev/null; then continue; fi
    cat >"$DIR/data/postgresql.auto.conf" <<CONF
# Written by scripts/test-servers/postgres.sh for hd's tests. Do not edit.
listen_addresses = '127.0.0.1'
port = $try
unix_socket_directories = '$DIR'
# Test data is disposable: no waiting for the disk.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
    chown --reference="$DIR/data" "$DIR/data/postgresql.auto.conf" "$DIR/data/pg_hba.conf"
    : >"$DIR/postgres.log"
    chown --reference="$DIR/data" "$DIR/postgres.log"
    # Redirect all three streams: the server inherits them and would otherwise
    # hold the caller's pipes open.
    if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 30 start \
        </dev/null >"$DIR/pg_ctl.out" 2>&1; then
        port=$try
        break
    fi
    if grep -q "could not bind\|Address already in use" "$DIR/postgres.log"; then
        continue
    fi
    cat "$DIR/pg_ctl.out" >&2
    show_log
    die "postgres refused to start (data $DIR/data)"
done
[ -n "$port" ] || die "found no free port in 20 tries"

if ! as_owner psql -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE hd LOGIN SUPERUSER" >"$DIR/psql.out" 2>&1; then
    cat "$DIR/psql.out" >&2
    show_log
    die "could not create the role hd"
fi

echo "PGURL=postgres://hd@127.0.0.1:$port/postgres"
echo "PGDIR=$DIR"
