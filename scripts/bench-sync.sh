#!/usr/bin/env bash
# Sync benchmark of hd against PRODUCT.md "Scale and speed". Prints figures; never fails on
# a missed target (benchmarks are not tests).
#
#   scripts/bench-sync.sh [--runs N] [--profile release|dist]
#
# Generates (once, cached in $HD_BENCH_DIR/mail, default /tmp/hd-bench/mail) $MESSAGES
# realistic messages (~$MAIL_MB MB) with examples/gen_mail.rs, starts a private Dovecot
# (scripts/test-servers/dovecot.sh) with them in alice's INBOX, and measures on loopback:
#   - mbsync (isync) pulling INBOX to a fresh local Maildir
#   - `hd sync` into a fresh database (plain IMAP, tls = "none"): wall time, peak RSS
#   - `hd sync` again with nothing new, next to an IMAP login+select+logout alone
#   - `hd sync` with 50 routing rules (a third regex) and round-robin over 20 operators
# Full syncs are repeated N times (default 3) alternately; medians are printed.
# --profile picks the cargo profile hd is built with (default release, what
# `cargo install` builds; dist adds thin LTO). HD_BIN=path measures that binary instead
# (say, one built from another commit or profile, to compare two in turn).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${HD_BENCH_DIR:-/tmp/hd-bench}/mail
MESSAGES=${MESSAGES:-10000}
MAIL_MB=${MAIL_MB:-125}
RUNS=3
PROFILE=release
while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --profile) PROFILE=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench-sync.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

die() { echo "bench-sync.sh: $*" >&2; exit 1; }
. "$ROOT/scripts/bench-lib.sh"
command -v mbsync >/dev/null || die "mbsync not found (apt-get install -y isync)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 not found"
command -v sqlite3 >/dev/null || die "sqlite3 not found"
unset HD_CONFIG HD_DB HD_OPERATOR HD_NOW
export NO_COLOR=1

cd "$ROOT"
cargo build --release --example gen_mail >&2
if [ -n "${HD_BIN:-}" ]; then
    [ -x "$HD_BIN" ] || die "HD_BIN=$HD_BIN is not an executable"
    HD=$HD_BIN
else
    echo "== building ($PROFILE)" >&2
    cargo build --profile "$PROFILE" --bin hd >&2
    BIN=${HD_BENCH_DIR:-/tmp/hd-bench}/bin
    mkdir -p "$BIN"
    cp "target/$PROFILE/hd" "$BIN/hd-sync.new" && mv "$BIN/hd-sync.new" "$BIN/hd-sync"
    HD=$BIN/hd-sync
fi

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
chmod 0755 "$WORK" # Dovecot's mail user must reach the mail under it
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
start_dovecot "$SRV" "$WORK/dovecot.err" 31143 32143 33143 34143 35143

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
base_config() { # DIR DISTRIBUTION [MAILDIR]
    mkdir -p "$1"
    local source="imap = { host = \"127.0.0.1\", port = $PORT, tls = \"none\", user = \"alice\", password = \"secret\", folder = \"INBOX\" }"
    [ -n "${3:-}" ] && source="maildir = \"$3\""
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
$source

EOF
}

# rules_config DIR DISTRIBUTION WITH_RULES(0/1): 6 categories, 20 operators, 50 rules
rules_config() {
    base_config "$1" "$2"
    local cats=(Service Complaints Billing Orders Outage Access)
    {
        for c in "${cats[@]}"; do printf '[[category]]\nname = "%s"\n\n' "$c"; done
        for i in $(seq 1 20); do
            printf '[[operator]]\nname = "op%02d"\nemail = "op%02d@example.cz"\nqueues = ["support"]\nmax_open = 1000\n\n' "$i" "$i"
        done
        # 50 rules, every third a regex, over subject, body and sender, in folded form (lower
        # case, no diacritics) as hd matches them. About one rule in ten matches a typical new
        # ticket (order numbers, complaint subjects, a few big senders); most never match but are
        # still evaluated on every message, as in a real rule set.
        local conds=(
            "subject = '^(?:fwd?|fw):\\s'"
            "body = 'cislo objednavky:\\s*\\d{4}-\\d{6}'"
            "subject = '(?:reklamac\\w*|stiznost\\w*|complaint)'"
            "body = '\\bic(?:o)?:?\\s*\\d{8}\\b'"
            "subject = '(?:storn\\w+|zrus\\w+)\\s+objednavk\\w+'"
            "body = 'faktur\\w*\\s+c\\.\\s*\\d{6,}'"
            "subject = '\\b(?:urgent|naleh\\w+|asap)\\b'"
            "body = '\\b(?:iban|swift|bic)\\b'"
            "subject = '\\bgdpr\\b|osobnich udaj'"
            "body = '\\+421\\s?\\d{3}'"
            "subject = '(?:phishing|spam|virus)'"
            "body = 'odstoupeni od smlouvy'"
            "subject = '^(?:out of office|automaticka odpoved)'"
            "body = '(?:unsubscribe|odhlasit z odberu)'"
            "subject = 'vypadek\\s+sluzby|service outage'"
            "body = '\\bsoud\\w*|advokat\\w*|exekuc\\w*'"
            "subject = 'cannot log ?in|prihlaseni'"
        )
        local words=(subject:reklamace body:insolvence subject:refund body:storno subject:invoice
            body:phishing subject:objednavka body:vypoved subject:vyuctovani body:bitcoin
            subject:zaruk body:konkurence subject:technik body:reklamacni_protokol subject:heslo body:gdpr
            subject:nabidka)
        local domains=(domain:bigclient.cz from:firma-novak.cz domain:stavby-brno.cz from:logistika.eu
            domain:mailinator.com from:konkurence.cz domain:example.org from:noreply@
            domain:spam.example from:newsletter@ domain:partner.sk from:fakturace@
            domain:dodavatel.cz from:info@ domain:skola.cz from:hr@ domain:obec.cz)
        local i w field
        [ "$3" = 1 ] || return 0
        for i in $(seq 1 50); do
            printf '[[rule]]\nname = "r%02d"\n' "$i"
            case $((i % 3)) in
            0) printf 'if = { %s, match = "regex" }\n' "${conds[$((i / 3 - 1))]}" ;;
            1)
                w=${words[$((i / 3))]}
                w=${w//_/ }
                printf 'if = { %s = "%s" }\n' "${w%%:*}" "${w#*:}"
                ;;
            2)
                w=${domains[$((i / 3))]}
                field=${w%%:*}
                if [ "$field" = from ]; then
                    printf 'if = { from = "%s", automatic = false }\n' "${w#*:}"
                else
                    printf 'if = { domain = "%s" }\n' "${w#*:}"
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

# timed_sync DIR: fresh database, one `hd sync`; prints "SECONDS PEAK_RSS_KB ANON_KB FILE_KB"
# (anonymous and file-backed RSS sampled from /proc every 20 ms, at the sampled peak).
timed_sync() {
    rm -f "$1/hd.db" "$1/hd.db-wal" "$1/hd.db-shm"
    if [ -d "$1/maildir.src" ]; then
        rm -rf "$1/maildir"
        cp -r "$1/maildir.src" "$1/maildir"
    fi
    # The previous run's writes reach the disk first, so they do not slow this one.
    sync
    sleep 0.3
    /usr/bin/time -f "%e %M" -o "$1/time" "$HD" --config "$1/hd.toml" sync -q 2>"$1/err" &
    # Sampled with shell builtins only: a process spawned every 20 ms would take
    # CPU from the run being measured on a small machine.
    local pid=$! peak=0 anon=0 file=0 a f k v hd_pid tick
    # A pipe nobody writes to: `read -t` on it is a sleep without a process.
    exec {tick}<> <(:)
    while kill -0 "$pid" 2>/dev/null; do
        hd_pid=
        read -r hd_pid _ <"/proc/$pid/task/$pid/children" 2>/dev/null || true
        if [ -n "$hd_pid" ] && [ -r "/proc/$hd_pid/status" ]; then
            a=0 f=0
            while read -r k v _; do
                case $k in
                RssAnon:) a=$v ;;
                RssFile:) f=$v ;;
                esac
            done <"/proc/$hd_pid/status" 2>/dev/null || true
            if [ $((a + f)) -gt "$peak" ]; then peak=$((a + f)); anon=$a; file=$f; fi
        fi
        read -rt 0.02 -u "$tick" _ || true
    done
    exec {tick}>&-
    wait "$pid" || {
        cat "$1/err" >&2
        die "hd sync failed (config $1/hd.toml)"
    }
    echo "$(cat "$1/time") $anon $file"
}
timed_mbsync() { # DIR
    rm -rf "$1/local"
    mkdir -p "$1/local"
    sync
    sleep 0.3
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
# base: no rules, manual distribution; rules: 50 rules; rr: round-robin over 20 operators;
# both: rules + round-robin; md: base config reading a local copy of the Maildir (no IMAP).
base_config "$WORK/base" manual
rules_config "$WORK/rules" manual 1
rules_config "$WORK/rr" round-robin 0
rules_config "$WORK/both" round-robin 1
mkdir -p "$WORK/md"
cp -r "$CACHE/Maildir" "$WORK/md/maildir.src"
base_config "$WORK/md" manual "$WORK/md/maildir"
VARIANTS=(base rules rr both md)
: >"$WORK/mb.t"
for v in "${VARIANTS[@]}"; do : >"$WORK/$v.t"; done
for r in $(seq 1 "$RUNS"); do
    echo "== run $r/$RUNS: mbsync, hd sync: ${VARIANTS[*]}" >&2
    timed_mbsync "$WORK/mbsync" >>"$WORK/mb.t"
    for v in "${VARIANTS[@]}"; do timed_sync "$WORK/$v" >>"$WORK/$v.t"; done
done
n_mb=$(find "$WORK/mbsync/local/INBOX" -type f \( -path '*/cur/*' -o -path '*/new/*' \) | wc -l)
n_base=$(sqlite3 "$WORK/base/hd.db" "SELECT count(*) FROM raw_messages")
n_tickets=$(sqlite3 "$WORK/base/hd.db" "SELECT count(*) FROM tickets")
n_both=$(sqlite3 "$WORK/both/hd.db" "SELECT count(*) FROM raw_messages")
n_assigned=$(sqlite3 "$WORK/both/hd.db" "SELECT count(*) FROM tickets WHERE assignee IS NOT NULL")
n_ruled=$(sqlite3 "$WORK/both/hd.db" "SELECT count(DISTINCT ticket_id) FROM events WHERE actor LIKE 'rule:%'")
db_mb=$(( $(stat -c %s "$WORK/base/hd.db") >> 20 ))

mb_s=$(cut -d' ' -f1 "$WORK/mb.t" | median)
mb_rss=$(cut -d' ' -f2 "$WORK/mb.t" | median)
declare -A S RSS ANON FILE
for v in "${VARIANTS[@]}"; do
    S[$v]=$(cut -d' ' -f1 "$WORK/$v.t" | median)
    # The run with the highest peak, with its anonymous / file-backed split.
    read -r _ RSS[$v] ANON[$v] FILE[$v] < <(sort -k2,2n "$WORK/$v.t" | tail -1)
done

# --- nothing new ------------------------------------------------------------------
echo "== hd sync with nothing new" >&2
if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup 1 --runs 10 --export-json "$WORK/noop.json" \
        "$HD --config $WORK/base/hd.toml sync -q" >/dev/null 2>"$WORK/noop.err"
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
plus() { awk -v a="$1" -v b="${S[base]}" 'BEGIN { printf "%+.1f%%", (a/b-1)*100 }'; }
rss() { echo "$(mb "${RSS[$1]}") MB (anon $(mb "${ANON[$1]}"), file $(mb "${FILE[$1]}"))"; }
ok_rss() { awk -v k="${RSS[$1]}" 'BEGIN { print (k < 65536) ? "ok" : "MISS" }'; }
echo
echo "hd bench-sync (${HD_BIN:-$PROFILE profile}): $MESSAGES messages, $((MAIL_BYTES >> 20)) MB, Dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1) on loopback, plain IMAP; median of $RUNS full syncs; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "benchmark|figure|target|verdict"
    echo "---|---|---|---"
    echo "mbsync INBOX -> Maildir ($n_mb files)|$(f "$mb_s") s, $(mb "$mb_rss") MB RSS|reference|-"
    echo "hd sync, fresh db ($n_base stored, $n_tickets tickets, ${db_mb} MB db)|$(f "${S[base]}") s, $(awk -v n="$MESSAGES" -v s="${S[base]}" 'BEGIN{printf "%.0f", n/s}') msg/s|<= mbsync/3 = $(awk -v s="$mb_s" 'BEGIN{printf "%.2f", s/3}') s|$(awk -v a="${S[base]}" -v b="$mb_s" 'BEGIN { printf "%s (%.1fx mbsync)", (a * 3 <= b) ? "ok" : "MISS", b / a }')"
    echo "hd sync peak RSS (highest run)|$(rss base)|< 64 MB|$(ok_rss base)"
    echo "hd sync, nothing new|$noop_ms ms|< 50 ms + login ($login_ms ms)|$(awk -v a="$noop_ms" -v l="$login_ms" 'BEGIN { print (a < 50 + l) ? "ok" : "MISS" }')"
    echo "hd sync + 50 rules + round-robin/20 ($n_both stored, $n_ruled ruled, $n_assigned assigned)|$(f "${S[both]}") s ($(plus "${S[both]}"))|< +10%|$(awk -v a="${S[both]}" -v b="${S[base]}" 'BEGIN { print (a < b * 1.10) ? "ok" : "MISS" }')"
    echo "  of which: 50 rules only|$(f "${S[rules]}") s ($(plus "${S[rules]}"))|-|-"
    echo "  of which: round-robin/20 only|$(f "${S[rr]}") s ($(plus "${S[rr]}"))|-|-"
    echo "hd sync + rules + round-robin peak RSS|$(rss both)|< 64 MB|$(ok_rss both)"
    echo "hd sync from a local Maildir copy (ingest only, no IMAP)|$(f "${S[md]}") s, $(rss md)|-|-"
} | column -t -s '|'
