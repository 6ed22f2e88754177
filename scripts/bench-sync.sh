#!/usr/bin/env bash
# Sync benchmark of hd against PRODUCT.md "Scale and speed". Prints figures; never fails on
# a missed target (benchmarks are not tests).
#
#   scripts/bench-sync.sh [--runs N]
#
# Generates (once, cached in $HD_BENCH_DIR/mail, default /tmp/hd-bench/mail) $MESSAGES
# realistic messages (~$MAIL_MB MB) with examples/gen_mail.rs, starts a private Dovecot
# (scripts/test-servers/dovecot.sh) with them in alice's INBOX, and measures on loopback:
#   - mbsync (isync) pulling INBOX to a fresh local Maildir
#   - `hd sync` into a fresh database (plain IMAP, tls = "none"): wall time, peak RSS
#   - `hd sync` again with nothing new, next to an IMAP login+select+logout alone
#   - `hd sync` with 50 routing rules (a third regex) and round-robin over 20 operators
# Full syncs are repeated N times (default 3) alternately; medians are printed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HD_BENCH_DIR:-/tmp/hd-bench}/mail
MESSAGES=${MESSAGES:-10000}
MAIL_MB=${MAIL_MB:-125}
RUNS=3
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench-sync.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

die() { echo "bench-sync.sh: $*" >&2; exit 1; }
command -v mbsync >/dev/null || die "mbsync not found (apt-get install -y isync)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
echo "== building (release)" >&2
cargo build --release --bin hd --example gen_mail >&2
BIN=${HD_BENCH_DIR:-/tmp/hd-bench}/bin
mkdir -p "$BIN"
cp target/release/hd "$BIN/hd-sync.new" && mv "$BIN/hd-sync.new" "$BIN/hd-sync"
HD=$BIN/hd-sync

key=$( (cat examples/gen_mail.rs; echo "$MESSAGES $MAIL_MB") | sha256sum | cut -c1-16)
if [ ! -d "$CACHE/Maildir/new" ] || [ "$(cat "$CACHE/key" 2>/dev/null)" != "$key" ]; then
    echo "== generating $MESSAGES messages (~$MAIL_MB MB)" >&2
    rm -rf "$CACHE"
    mkdir -p "$CACHE"
    target/release/examples/gen_mail --maildir "$CACHE/Maildir" --messages "$MESSAGES" --mb "$MAIL_MB" >&2
    echo "$key" >"$CACHE/key"
fi
MAIL_BYTES=$(du -sb "$CACHE/Maildir" | cut -f1)

WORK=$(mktemp -d /tmp/hd-bench-sync.XXXXXX)
SRV=$WORK/dovecot
cleanup() {
    bash "$ROOT/scripts/test-servers/dovecot-stop.sh" "$SRV" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- Dovecot with the mail in alice's INBOX -----------------------------------------
mkdir -p "$SRV/mail/alice"
cp -r "$CACHE/Maildir" "$SRV/mail/alice/Maildir"
if [ "$(id -u)" -eq 0 ]; then chown -R mail:mail "$SRV/mail"; fi
PORT=""
for base in 31143 32143 33143 34143 35143; do
    rc=0
    bash scripts/test-servers/dovecot.sh "$SRV" "$base" "$((base + 850))" 2>"$WORK/dovecot.err" || rc=$?
    if [ $rc -eq 0 ]; then PORT=$base; break; fi
    [ $rc -eq 2 ] || { cat "$WORK/dovecot.err" >&2; die "dovecot did not start"; }
done
[ -n "$PORT" ] || die "no free port pair for dovecot"

# imap_probe MODE: "count" prints the INBOX size (and builds Dovecot's index: warm-up);
# "login" prints the median ms of connect+LOGIN+SELECT+LOGOUT over 10 runs.
imap_probe() {
    python3 - "$PORT" "$1" <<'EOF'
import imaplib, sys, time, statistics
port, mode = int(sys.argv[1]), sys.argv[2]
def once():
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("alice", "secret")
    typ, data = m.select("INBOX")
    if mode == "count":
        m.uid("FETCH", "1:*", "(UID RFC822.SIZE)")
    m.logout()
    return int(data[0])
if mode == "count":
    print(once())
else:
    once()
    ts = []
    for _ in range(10):
        t = time.perf_counter(); once(); ts.append((time.perf_counter() - t) * 1000)
    print("%.1f" % statistics.median(ts))
EOF
}
n_inbox=$(imap_probe count)
[ "$n_inbox" -eq "$MESSAGES" ] || die "INBOX has $n_inbox messages, expected $MESSAGES"
login_ms=$(imap_probe login)
echo "== dovecot on 127.0.0.1:$PORT, INBOX $n_inbox messages, $((MAIL_BYTES >> 20)) MB" >&2

# --- configs ------------------------------------------------------------------------
base_config() { # DIR DISTRIBUTION
    mkdir -p "$1"
    cat >"$1/hd.toml" <<EOF
timezone = "Europe/Prague"
db = "hd.db"

[[queue]]
name = "support"
prefix = "REQ"
address = "support@example.cz"
distribution = "$2"

[[mailbox]]
name = "inbox"
queue = "support"
imap = { host = "127.0.0.1", port = $PORT, tls = "none", user = "alice", password = "secret", folder = "INBOX" }

EOF
}
base_config "$WORK/base" manual

rules_config() { # DIR
    base_config "$1" round-robin
    local cats=(Service Complaints Billing Orders Outage Access)
    {
        for c in "${cats[@]}"; do printf '[[category]]\nname = "%s"\n\n' "$c"; done
        for i in $(seq 1 20); do
            printf '[[operator]]\nname = "op%02d"\nemail = "op%02d@example.cz"\nqueues = ["support"]\nmax_open = 1000\n\n' "$i" "$i"
        done
        # 50 rules; every third is a regex. Some match often, most rarely or never.
        local words=(reklamace faktura objednavk vypadek heslo zasilk vraceni technik smlouv prihlas
            refund invoice parcel outage password contract delivery stock courier router)
        local domains=(bigclient.cz seznam.cz firma-novak.cz stavby-brno.cz logistika.eu gmail.com example.org centrum.cz)
        local regexes=('objednavk[ay]\s+c\.\s*\d{6}' '^re:\s' '(?:reklamac|stiznost)' 'c\.\s*[1-4]\d{5}\b'
            '\b(?:faktur|vyuctovan)\w*' 'tel\.\s*\+420(?:\s\d{3}){3}' '(?:refund|return)\s+request'
            '^automaticka odpoved' '\bvypad\w+\s+sluzby' 'heslo|password' '\d{4}-\d{6}' 'urgent|naleh\w+'
            'cannot log ?in' 'zasilk\w+\s+mel\w*' 'courier|kuryr' 'router|modem' 'smlouv\w+')
        local i w
        for i in $(seq 1 50); do
            printf '[[rule]]\nname = "r%02d"\n' "$i"
            case $((i % 3)) in
            0)
                w=${regexes[$(((i / 3) % ${#regexes[@]}))]}
                if [ $((i % 2)) -eq 0 ]; then
                    printf "if = { subject = '%s', match = \"regex\" }\n" "$w"
                else
                    printf "if = { body = '%s', match = \"regex\" }\n" "$w"
                fi
                ;;
            1)
                w=${words[$((i % ${#words[@]}))]}
                if [ $((i % 2)) -eq 0 ]; then
                    printf 'if = { subject = ["%s", "%s-x"] }\n' "$w" "$w"
                else
                    printf 'if = { body = "%s" }\n' "$w"
                fi
                ;;
            2)
                w=${domains[$((i % ${#domains[@]}))]}
                if [ $((i % 4)) -eq 0 ]; then
                    printf 'if = { domain = "%s" }\n' "$w"
                else
                    printf 'if = { from = "%s", automatic = false }\n' "$w"
                fi
                ;;
            esac
            case $((i % 5)) in
            0) printf 'then = { category = "%s", priority = "high" }\n\n' "${cats[$((i % 6))]}" ;;
            1) printf 'then = { tags = ["r%02d"] }\n\n' "$i" ;;
            2) printf 'then = { category = "%s" }\n\n' "${cats[$((i % 6))]}" ;;
            3) printf 'then = { priority = "low", tags = ["r%02d", "bulk"] }\n\n' "$i" ;;
            4) printf 'then = { category = "%s", tags = ["r%02d"] }\n\n' "${cats[$((i % 6))]}" "$i" ;;
            esac
        done
    } >>"$1/hd.toml"
}

# timed_sync DIR: fresh database, one `hd sync`; prints "SECONDS RSS_KB"
timed_sync() {
    rm -f "$1/hd.db" "$1/hd.db-wal" "$1/hd.db-shm"
    /usr/bin/time -f "%e %M" -o "$1/time" "$HD" --config "$1/hd.toml" sync -q 2>"$1/err" || {
        cat "$1/err" >&2
        die "hd sync failed (config $1/hd.toml)"
    }
    cat "$1/time"
}
timed_mbsync() { # DIR
    rm -rf "$1/local"
    mkdir -p "$1/local"
    /usr/bin/time -f "%e %M" -o "$1/time" mbsync -q -c "$1/mbsyncrc" inbox >"$1/out" 2>&1 || {
        cat "$1/out" >&2
        die "mbsync failed"
    }
    cat "$1/time"
}
mkdir -p "$WORK/mbsync"
cat >"$WORK/mbsync/mbsyncrc" <<EOF
IMAPAccount bench
Host 127.0.0.1
Port $PORT
User alice
Pass secret
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path $WORK/mbsync/local/
Inbox $WORK/mbsync/local/INBOX

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Create Near
Sync Pull
SyncState *
EOF

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# --- full syncs, alternating ------------------------------------------------------
rules_config "$WORK/rules"
: >"$WORK/mb.t"
: >"$WORK/base.t"
: >"$WORK/rules.t"
for r in $(seq 1 "$RUNS"); do
    echo "== run $r/$RUNS: mbsync, hd sync, hd sync with rules" >&2
    timed_mbsync "$WORK/mbsync" >>"$WORK/mb.t"
    timed_sync "$WORK/base" >>"$WORK/base.t"
    timed_sync "$WORK/rules" >>"$WORK/rules.t"
done
n_mb=$(find "$WORK/mbsync/local/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)
n_base=$(sqlite3 "$WORK/base/hd.db" "SELECT count(*) FROM raw_messages")
n_tickets=$(sqlite3 "$WORK/base/hd.db" "SELECT count(*) FROM tickets")
n_rules=$(sqlite3 "$WORK/rules/hd.db" "SELECT count(*) FROM raw_messages")
n_assigned=$(sqlite3 "$WORK/rules/hd.db" "SELECT count(*) FROM tickets WHERE assignee IS NOT NULL")
n_ruled=$(sqlite3 "$WORK/rules/hd.db" "SELECT count(DISTINCT ticket_id) FROM events WHERE actor LIKE 'rule:%'")
db_mb=$(( $(stat -c %s "$WORK/base/hd.db") >> 20 ))

mb_s=$(cut -d' ' -f1 "$WORK/mb.t" | median)
mb_rss=$(cut -d' ' -f2 "$WORK/mb.t" | median)
base_s=$(cut -d' ' -f1 "$WORK/base.t" | median)
base_rss=$(cut -d' ' -f2 "$WORK/base.t" | sort -n | tail -1)
rules_s=$(cut -d' ' -f1 "$WORK/rules.t" | median)
rules_rss=$(cut -d' ' -f2 "$WORK/rules.t" | sort -n | tail -1)

# --- nothing new ------------------------------------------------------------------
echo "== hd sync with nothing new" >&2
if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup 1 --runs 10 --export-json "$WORK/noop.json" \
        "$HD --config $WORK/base/hd.toml sync -q" >/dev/null
    noop_ms=$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$WORK/noop.json")
else
    for _ in $(seq 1 10); do
        t0=$(date +%s%N)
        "$HD" --config "$WORK/base/hd.toml" sync -q
        echo $(( ($(date +%s%N) - t0) / 1000 ))
    done | median | awk '{printf "%.1f\n", $1/1000}' >"$WORK/noop"
    noop_ms=$(cat "$WORK/noop")
fi
n_after=$(sqlite3 "$WORK/base/hd.db" "SELECT count(*) FROM raw_messages")
[ "$n_after" -eq "$n_base" ] || echo "bench-sync.sh: warning: the no-op sync stored $((n_after - n_base)) messages" >&2

# --- report -------------------------------------------------------------------------
f() { awk -v v="$1" 'BEGIN { printf "%.2f", v }'; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v/1024 }'; }
echo
echo "hd bench-sync: $MESSAGES messages, $((MAIL_BYTES >> 20)) MB, Dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1) on loopback, plain IMAP; median of $RUNS full syncs; $(nproc) cores"
{
    echo "benchmark|figure|target|verdict"
    echo "---|---|---|---"
    echo "mbsync INBOX -> Maildir ($n_mb files)|$(f "$mb_s") s, $(mb "$mb_rss") MB RSS|reference|-"
    echo "hd sync, fresh db ($n_base stored, $n_tickets tickets, ${db_mb} MB db)|$(f "$base_s") s, $(awk -v n="$MESSAGES" -v s="$base_s" 'BEGIN{printf "%.0f", n/s}') msg/s|<= mbsync/3 = $(awk -v s="$mb_s" 'BEGIN{printf "%.2f", s/3}') s|$(awk -v a="$base_s" -v b="$mb_s" 'BEGIN { printf "%s (%.1fx faster)", (a * 3 <= b) ? "ok" : "MISS", b / a }')"
    echo "hd sync peak RSS (max of runs)|$(mb "$base_rss") MB|< 64 MB|$(awk -v k="$base_rss" 'BEGIN { print (k < 65536) ? "ok" : "MISS" }')"
    echo "hd sync, nothing new|$noop_ms ms|< 50 ms + login ($login_ms ms)|$(awk -v a="$noop_ms" -v l="$login_ms" 'BEGIN { print (a < 50 + l) ? "ok" : "MISS" }')"
    echo "hd sync + 50 rules + round-robin/20 ($n_rules stored, $n_ruled ruled, $n_assigned assigned)|$(f "$rules_s") s (+$(awk -v a="$rules_s" -v b="$base_s" 'BEGIN{printf "%.1f", (a/b-1)*100}')%)|< +10%|$(awk -v a="$rules_s" -v b="$base_s" 'BEGIN { print (a < b * 1.10) ? "ok" : "MISS" }')"
    echo "hd sync + rules peak RSS|$(mb "$rules_rss") MB|< 64 MB|$(awk -v k="$rules_rss" 'BEGIN { print (k < 65536) ? "ok" : "MISS" }')"
} | column -t -s '|'
