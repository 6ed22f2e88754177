#!/usr/bin/env bash
# First-build benchmark: how long the README's try-it waits for `cargo build --release`
# on a fresh clone. Prints figures; never fails on a missed target.
#
#   scripts/bench-build.sh [--profile release|dist|dev]
#
# Clones HEAD into a temporary folder (so the clean target/ holds nothing of this
# checkout's), then times `cargo build --locked --profile P --timings` from empty, with
# the crates already downloaded (as `cargo fetch` leaves them). Prints the wall time,
# the CPU time, the load average before and after, and the slowest compilation units
# from cargo's timing report. The binary is kept as $HD_BENCH_DIR/bin/hd-PROFILE
# (default /tmp/hd-bench) for the other benchmarks' HD_BIN.
# Target (PRODUCT.md via issue "first ten minutes"): under 3 minutes for release on
# an idle 2-core machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=release
while [ $# -gt 0 ]; do
    case $1 in
    --profile) PROFILE=$2; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench-build.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

WORK=$(mktemp -d /tmp/hd-bench-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
git clone -q "$ROOT" "$WORK/hd"
cd "$WORK/hd"
cargo fetch --locked >/dev/null 2>&1
load0=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -f "%e %U %S" -o "$WORK/time" \
    cargo build --locked --profile "$PROFILE" --timings >"$WORK/build.log" 2>&1 || {
    tail -20 "$WORK/build.log" >&2
    echo "bench-build.sh: the build failed" >&2
    exit 1
}
load1=$(cut -d' ' -f1-3 /proc/loadavg)
BIN=${HD_BENCH_DIR:-/tmp/hd-bench}/bin
mkdir -p "$BIN"
# Cargo's folder for the dev profile is debug/.
OUTDIR=$PROFILE
[ "$PROFILE" = dev ] && OUTDIR=debug
cp "target/$OUTDIR/hd" "$BIN/hd-$PROFILE"
read -r wall user sys <"$WORK/time"
echo "hd bench-build ($PROFILE profile, clean target/, $(nproc) cores, $(rustc --version | cut -d' ' -f2)): load before $load0, after $load1"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
    printf "wall %dm %02ds, CPU %dm %02ds (target for release: wall < 3m 00s on an idle machine)\n",
        w / 60, w % 60, (u + s) / 60, (u + s) % 60 }'
echo "slowest units (seconds, as cargo --timings reports them):"
python3 - "$(ls target/cargo-timings/cargo-timing-*.html | head -1)" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
units.sort(key=lambda u: -u["duration"])
for u in units[:8]:
    print(f"  {u['duration']:6.1f}  {u['name']} {u['version']} {u['target'].strip()}")
PY
echo "binary: $BIN/hd-$PROFILE"
