# Shared by the scripts/bench-*.sh benchmarks; sourced, not run. Expects ROOT and die().

# start_dovecot SRV ERRFILE BASE...: starts a private Dovecot in SRV
# (scripts/test-servers/dovecot.sh) on the first free port pair BASE, BASE+850 and
# sets PORT to its IMAP port.
start_dovecot() {
    local srv=$1 err=$2 base rc
    shift 2
    PORT=""
    for base in "$@"; do
        rc=0
        bash "$ROOT/scripts/test-servers/dovecot.sh" "$srv" "$base" "$((base + 850))" 2>"$err" || rc=$?
        if [ $rc -eq 0 ]; then
            PORT=$base
            return 0
        fi
        [ $rc -eq 2 ] || { cat "$err" >&2; die "dovecot did not start"; }
    done
    die "no free port pair for dovecot"
}
