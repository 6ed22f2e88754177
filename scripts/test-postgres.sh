#!/usr/bin/env bash
# Runs the integration suite on PostgreSQL: starts a throwaway PostgreSQL 15
# (scripts/test-servers/postgres.sh), points every test's hd at a database of
# its own there (HD_TEST_PG_URL, read by tests/support/pg.rs), and stops the
# server afterwards, whatever the outcome.
#
#   scripts/test-postgres.sh [test name filters and libtest options]
#
# Exits with cargo's status; fails, never skips, when the server cannot start.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
out=$("$ROOT/scripts/test-servers/postgres.sh")
url=$(sed -n 's/^PGURL=//p' <<<"$out")
dir=$(sed -n 's/^PGDIR=//p' <<<"$out")
trap '"$ROOT/scripts/test-servers/postgres-stop.sh" "$dir" >/dev/null 2>&1 || true' EXIT
echo "test PostgreSQL: $url"
cd "$ROOT"
HD_TEST_PG_URL=$url cargo test --locked --test tests -- "$@"
