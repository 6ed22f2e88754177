#!/usr/bin/env bash
# Peak memory of `hd sync` on big mail, against PRODUCT.md "Memory stays flat" (< 64 MB
# RSS). Prints figures; never fails on a missed target (benchmarks are not tests).
#
#   scripts/bench-mem.sh
#
# Starts a private Dovecot (scripts/test-servers/dovecot.sh) and measures peak RSS with
# GNU `/usr/bin/time -f %M` of one `hd sync` (plain IMAP, tls = "none") into a fresh
# database for each mailbox:
#   - attachments: 20 messages, each with one 10 MB attachment (base64, ~13.5 MB raw)
#   - long lines:  3 messages whose body is a single line of 1, 2 and 3 MB
# HD_BIN=path uses a built binary instead of building a release one; MALLOC_ENV="VAR=value"
# runs hd with a glibc malloc tunable, e.g. MALLOC_ENV=MALLOC_MMAP_THRESHOLD_=131072.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "bench-mem.sh: $*" >&2; exit 1; }
. "$ROOT/scripts/bench-lib.sh"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
if [ -n "${HD_BIN:-}" ]; then
    HD=$HD_BIN
else
    echo "== building (release)" >&2
    cargo build --release --bin hd >&2
    HD=$ROOT/target/release/hd
fi

WORK=$(mktemp -d /tmp/hd-bench-mem.XXXXXX)
chmod 0755 "$WORK" # Dovecot's mail user must reach the mail under it
SRV=$WORK/dovecot
cleanup() {
    bash "$ROOT/scripts/test-servers/dovecot-stop.sh" "$SRV" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- mail: alice gets the attachments, bob the long lines ---------------------------
python3 - "$SRV/mail" <<'EOF'
import base64, os, sys, time
root = sys.argv[1]
def maildir(user):
    d = os.path.join(root, user, "Maildir")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    return d
def put(d, n, data):
    with open(os.path.join(d, "new", "%d.M%dP1.bench" % (int(time.time()) - 1000 + n, n)), "wb") as f:
        f.write(data)
head = ("Message-ID: <{id}@bench.example>\r\nDate: Tue, 01 Dec 2026 09:00:00 +0100\r\n"
        "From: Zakaznik {n} <z{n}@example.net>\r\nTo: support@example.com\r\nSubject: {subject}\r\n"
        "MIME-Version: 1.0\r\n")
d = maildir("alice")
for n in range(20):
    payload = os.urandom(10 << 20)
    b64 = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    msg = (head.format(id="att%d" % n, n=n, subject="Logy %d" % n) +
           "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nV priloze logy.\r\n--b\r\n"
           "Content-Type: application/octet-stream; name=\"logy%d.bin\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" % n).encode() + b64 + b"--b--\r\n"
    put(d, n, msg)
d = maildir("bob")
for n, mb in enumerate((1, 2, 3)):
    line = ("slovo%d " % n) * ((mb << 20) // 7)
    msg = (head.format(id="line%d" % n, n=n, subject="Jeden radek %d MB" % mb) +
           "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode() + line.encode() + b"\r\n"
    put(d, n, msg)
EOF
if [ "$(id -u)" -eq 0 ]; then chown -R mail:mail "$SRV/mail"; fi
start_dovecot "$SRV" "$WORK/dovecot.err" 36143 37143 38143 39143

# measure USER LABEL: one `hd sync` into a fresh database; prints the peak RSS.
measure() {
    local dir=$WORK/run-$1
    mkdir -p "$dir"
    cat >"$dir/hd.toml" <<EOF
timezone = "Europe/Prague"
db = "hd.db"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.com"
distribution = "manual"

[[mailbox]]
name = "inbox"
queue = "support"
imap = { host = "127.0.0.1", port = $PORT, tls = "none", user = "$1", password = "secret", folder = "INBOX" }
EOF
    local start end kb
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$dir/rss" env ${MALLOC_ENV:-} "$HD" --config "$dir/hd.toml" sync -q
    end=$(date +%s.%N)
    kb=$(tail -1 "$dir/rss")
    local tickets
    tickets=$("$HD" --config "$dir/hd.toml" list --view all --format ids | wc -l)
    printf '%-12s %3d tickets  peak RSS %6.1f MB  %5.1f s   (target < 64 MB)\n' \
        "$2" "$tickets" "$(echo "$kb / 1024" | bc -l)" "$(echo "$end - $start" | bc -l)"
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), binary $HD"
measure alice "attachments"
measure bob "long lines"
