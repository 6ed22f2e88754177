#!/usr/bin/env bash
# Stops a Dovecot started by dovecot.sh DIR ...; waits until it and its
# children have exited, so the ports are free for a restart.
#
#   dovecot-stop.sh DIR
#
# Exits 0 when no Dovecot is running for DIR any more (also when none was).
# Uses only /proc (no procps: fresh Debian images lack `ps`).
set -euo pipefail

die() {
    echo "dovecot-stop.sh: error: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: dovecot-stop.sh DIR"
PID_FILE=$1/run/master.pid
[ -s "$PID_FILE" ] || exit 0
master=$(cat "$PID_FILE")
[[ $master =~ ^[0-9]+$ ]] || die "bad pid file $PID_FILE"

# The daemon is re-parented to PID 1, which may reap it late; a zombie holds
# no sockets, so it counts as gone (kill -0 alone would say "alive").
alive() {
    local stat
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ] && [ "${stat%% *}" != X ]
}

# Children of the master (login, auth, imap, ...), read from /proc.
children() {
    local f stat rest
    for f in /proc/[0-9]*/stat; do
        read -r stat 2>/dev/null <"$f" || continue
        rest=${stat##*) }
        rest=${rest#* }
        if [ "${rest%% *}" = "$1" ]; then
            f=${f#/proc/}
            echo "${f%/stat}"
        fi
    done
}

# Whether a pid is the master's log process (its title ends in "/log").
is_log() {
    local cmd
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
    [[ $cmd == */log* ]]
}

alive "$master" || {
    rm -f "$PID_FILE"
    exit 0
}
kids=$(children "$master")

# Graceful first: the master stops its children (shutdown_clients = yes).
# It then lingers ~1 s for its log process, which holds no sockets and no
# mail, so once only that is left the rest is killed rather than awaited.
kill -TERM "$master" 2>/dev/null || true
only_log_left() {
    local p
    for p in $kids $(children "$master"); do
        alive "$p" && ! is_log "$p" && return 1
    done
    return 0
}
for _ in $(seq 1 100); do
    alive "$master" || break
    only_log_left && break
    sleep 0.01
done

# Also reached when a child is stuck (e.g. in a handshake) and keeps the
# master waiting for seconds: tests need the server down now, and the data
# under DIR is disposable.
kids="$kids $(children "$master")"
for p in "$master" $kids; do
    alive "$p" && kill -KILL "$p" 2>/dev/null || true
done
all_gone() {
    local p
    for p in "$master" $kids; do
        alive "$p" && return 1
    done
    return 0
}
for _ in $(seq 1 200); do
    all_gone && {
        rm -f "$PID_FILE"
        exit 0
    }
    sleep 0.01
done
die "dovecot (pid $master) or its children survived SIGKILL"
