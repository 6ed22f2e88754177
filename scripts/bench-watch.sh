#!/usr/bin/env bash
# `hd sync --watch` benchmark against PRODUCT.md "Scale and speed". Prints figures; never
# fails on a missed target (benchmarks are not tests).
#
#   scripts/bench-watch.sh [--latency N] [--bulk N] [--reconnects N]
#
# Starts a private Dovecot (scripts/test-servers/dovecot.sh) and `hd sync --watch` (plain
# IMAP, IDLE) on an empty INBOX, then measures on loopback:
#   - latency from the end of an IMAP APPEND to the ticket being in the database, over
#     N messages (default 100) appended one a second: median, p99, max (target p99 < 2 s)
#   - the watcher's RSS before and after N more messages (default 10,000, appended as
#     fast as one connection goes) and N forced reconnects (default 50: Dovecot is
#     stopped and started again under the watcher) (target: flat, under 64 MB)
# HD_BIN=path uses that binary instead of building a release one.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LATENCY=100
BULK=10000
RECONNECTS=50
while [ $# -gt 0 ]; do
    case $1 in
    --latency) LATENCY=$2; shift 2 ;;
    --bulk) BULK=$2; shift 2 ;;
    --reconnects) RECONNECTS=$2; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench-watch.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
die() { echo "bench-watch.sh: $*" >&2; exit 1; }
. "$ROOT/scripts/bench-lib.sh"
command -v python3 >/dev/null || die "python3 not found"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
if [ -n "${HD_BIN:-}" ]; then
    HD=$HD_BIN # a binary already built (say, the debug one on a busy machine)
else
    echo "== building (release)" >&2
    cargo build --release --bin hd >&2
    HD=$ROOT/target/release/hd
fi

WORK=$(mktemp -d /tmp/hd-bench-watch.XXXXXX)
chmod 0755 "$WORK"
SRV=$WORK/dovecot
WATCHER=""
cleanup() {
    [ -n "$WATCHER" ] && kill "$WATCHER" 2>/dev/null || true
    bash "$ROOT/scripts/test-servers/dovecot-stop.sh" "$SRV" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

start_dovecot "$SRV" "$WORK/dovecot.err" 31243 32243 33243 34243 35243

mkdir -p "$WORK/hd"
cat >"$WORK/hd/hd.toml" <<EOF
timezone = "Europe/Prague"
db = "hd.db"

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
"$HD" --config "$WORK/hd/hd.toml" sync # the first sync: an empty folder
"$HD" --config "$WORK/hd/hd.toml" sync --watch -v 2>"$WORK/watch.log" &
WATCHER=$!
sleep 2

echo "== hd sync --watch (pid $WATCHER) on dovecot 127.0.0.1:$PORT; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$PORT" "$WORK/hd/hd.db" "$WATCHER" "$LATENCY" "$BULK" "$RECONNECTS" "$SRV" "$ROOT" <<'EOF'
import imaplib, sqlite3, statistics, subprocess, sys, time
port, db, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
latency_n, bulk_n, reconnects = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
srv, root = sys.argv[7], sys.argv[8]

def rss_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

def tickets():
    c = sqlite3.connect(db, timeout=10)
    try:
        return c.execute("SELECT count(*) FROM tickets").fetchone()[0]
    finally:
        c.close()

def message(i):
    return (f"Message-ID: <bench-{i}@customer.cz>\r\nFrom: customer{i % 50}@customer.cz\r\n"
            f"To: support@example.cz\r\nSubject: Bench {i}\r\n\r\nBody {i}\r\n").encode()

def wait_for(n, limit):
    start = time.perf_counter()
    while tickets() < n:
        if time.perf_counter() - start > limit:
            sys.exit(f"bench-watch: {n} tickets not reached in {limit} s")
        time.sleep(0.005)

m = imaplib.IMAP4("127.0.0.1", port)
m.login("alice", "secret")
lat = []
for i in range(latency_n):
    t0 = time.perf_counter()
    m.append("INBOX", None, None, message(i))
    t1 = time.perf_counter()
    wait_for(i + 1, 30)
    lat.append(time.perf_counter() - t1)
    time.sleep(max(0, 1 - (time.perf_counter() - t0)))
lat.sort()
p99 = lat[min(len(lat) - 1, int(round(0.99 * len(lat))) - 1)]
print(f"APPEND -> ticket, {latency_n} messages 1/s: median {statistics.median(lat)*1000:.0f} ms, "
      f"p99 {p99*1000:.0f} ms, max {lat[-1]*1000:.0f} ms   (target p99 < 2000 ms)")
rss0 = rss_mb()
start = time.perf_counter()
for i in range(latency_n, latency_n + bulk_n):
    m.append("INBOX", None, None, message(i))
m.logout()
wait_for(latency_n + bulk_n, 600)
rss1 = rss_mb()
print(f"{bulk_n} messages appended and taken in {time.perf_counter() - start:.1f} s; "
      f"RSS {rss0:.1f} MB -> {rss1:.1f} MB")
for k in range(reconnects):
    subprocess.run(["bash", f"{root}/scripts/test-servers/dovecot-stop.sh", srv], check=True,
                   stdout=subprocess.DEVNULL)
    time.sleep(0.2)
    subprocess.run(["bash", f"{root}/scripts/test-servers/dovecot.sh", srv, str(port), str(port + 850)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # One more message a round: the watcher must be back to take it.
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("alice", "secret")
    m.append("INBOX", None, None, message(latency_n + bulk_n + k))
    m.logout()
    wait_for(latency_n + bulk_n + k + 1, 120)
rss2 = rss_mb()
print(f"{reconnects} forced reconnects (each followed by a message): RSS {rss1:.1f} MB -> {rss2:.1f} MB"
      f"   (target: flat, < 64 MB)")
EOF
kill -TERM "$WATCHER"
rc=0
wait "$WATCHER" || rc=$?
WATCHER=""
echo "watcher exit status on SIGTERM: $rc; reconnect lines: $(grep -c 'reconnected after' "$WORK/watch.log" || true)"
