#!/usr/bin/env bash
# Starts a private Dovecot 2.3 on loopback for hd's integration tests.
#
#   dovecot.sh DIR PLAIN_PORT TLS_PORT
#
# Everything lives under DIR (config, TLS files, logs, sockets, mail), so many
# instances can run side by side as long as DIR and the ports differ. Running
# it again on the same DIR reuses the certificates and the mail, which is how
# a test restarts a stopped server. Stop it with dovecot-stop.sh DIR.
#
# Users (passwd-file, {PLAIN}): alice, bob, carol, dave; password "secret".
# CA certificate for clients: DIR/ca.pem (server cert is for 127.0.0.1 and
# localhost). Mail: DIR/mail/USER/Maildir, owned by the `mail` user when run
# as root (Dovecot will not run mail processes as root).
#
# Exits 0 once both ports answer; otherwise prints why and exits non-zero
# (2: a port is taken by something else), so a test that needs the server
# fails instead of silently skipping.
set -euo pipefail

# Debian puts dovecot in /usr/sbin, which a non-root PATH often lacks.
export PATH="$PATH:/usr/sbin:/sbin"

die() {
    echo "dovecot.sh: error: $*" >&2
    exit 1
}

[ $# -eq 3 ] || die "usage: dovecot.sh DIR PLAIN_PORT TLS_PORT"
DIR=$1
PLAIN_PORT=$2
TLS_PORT=$3
for p in "$PLAIN_PORT" "$TLS_PORT"; do
    [[ $p =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "bad port: $p"
done
[ "$PLAIN_PORT" != "$TLS_PORT" ] || die "PLAIN_PORT and TLS_PORT must differ"

command -v dovecot >/dev/null 2>&1 ||
    die "dovecot not found; install it (Debian: apt-get install dovecot-imapd)"
command -v openssl >/dev/null 2>&1 ||
    die "openssl not found; install it (Debian: apt-get install openssl)"
version=$(dovecot --version 2>/dev/null || true)
case "$version" in
2.3.*) ;;
*) die "need Dovecot 2.3 (this config uses 2.3 syntax), found '${version:-nothing}'" ;;
esac

mkdir -p "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd)
# Dovecot config values are unquoted paths; refuse what would break them.
case "$DIR" in
*[[:space:]\"\'\\\#\{\}\$]*) die "DIR must not contain spaces, quotes or #{}\$: $DIR" ;;
esac

if [ -s "$DIR/run/master.pid" ] && kill -0 "$(cat "$DIR/run/master.pid")" 2>/dev/null; then
    die "a Dovecot is already running for $DIR (pid $(cat "$DIR/run/master.pid"))"
fi

# Login and mail processes run as other users and must reach files in DIR.
chmod 0755 "$DIR"

if [ "$(id -u)" -eq 0 ]; then
    for u in mail dovenull dovecot; do
        id "$u" >/dev/null 2>&1 || die "system user '$u' is missing (install dovecot-core)"
    done
    MAIL_USER=mail
    LOGIN_USER=dovenull
    INTERNAL_USER=dovecot
    INTERNAL_GROUP=dovecot
else
    # Unprivileged Dovecot can only run everything as the invoking user.
    MAIL_USER=$(id -un)
    LOGIN_USER=$MAIL_USER
    INTERNAL_USER=$MAIL_USER
    INTERNAL_GROUP=$(id -gn)
fi
MAIL_UID=$(id -u "$MAIL_USER")
MAIL_GID=$(id -g "$MAIL_USER")

# --- TLS: a throw-away CA and a server certificate signed by it -------------
TLS_DIR=$DIR/tls
if [ ! -s "$TLS_DIR/server.pem" ] || [ ! -s "$DIR/ca.pem" ]; then
    mkdir -p "$TLS_DIR"
    # EC keys: RSA generation would cost most of the start-up time.
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -days 3650 \
        -subj "/CN=hd test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        >"$TLS_DIR/openssl.log" 2>&1 || {
        cat "$TLS_DIR/openssl.log" >&2
        die "openssl could not create the CA"
    }
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" \
        -subj "/CN=localhost" >>"$TLS_DIR/openssl.log" 2>&1 || {
        cat "$TLS_DIR/openssl.log" >&2
        die "openssl could not create the server key"
    }
    cat >"$TLS_DIR/server.ext" <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment,keyAgreement
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
EOF
    openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.pem" \
        -CAkey "$TLS_DIR/ca.key" -CAcreateserial -days 3650 \
        -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.pem" \
        >>"$TLS_DIR/openssl.log" 2>&1 || {
        cat "$TLS_DIR/openssl.log" >&2
        die "openssl could not sign the server certificate"
    }
    chmod 0600 "$TLS_DIR/ca.key" "$TLS_DIR/server.key"
    cp "$TLS_DIR/ca.pem" "$DIR/ca.pem.tmp" && mv "$DIR/ca.pem.tmp" "$DIR/ca.pem"
fi

# --- users and mail ----------------------------------------------------------
cat >"$DIR/users.tmp" <<EOF
alice:{PLAIN}secret
bob:{PLAIN}secret
carol:{PLAIN}secret
dave:{PLAIN}secret
EOF
mv "$DIR/users.tmp" "$DIR/users"
# Read by the auth process, which runs as the internal user.
chmod 0644 "$DIR/users"

mkdir -p "$DIR/mail" "$DIR/run" "$DIR/state"
chown "$MAIL_UID:$MAIL_GID" "$DIR/mail"
chmod 0755 "$DIR/mail"
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
    runuser -u "$MAIL_USER" -- test -w "$DIR/mail" ||
        die "user $MAIL_USER cannot reach $DIR/mail; a parent directory is not searchable (try TMPDIR=/tmp)"
fi

# --- configuration (Dovecot 2.3 syntax; 2.4 changed it) ----------------------
cat >"$DIR/dovecot.conf.tmp" <<EOF
# Written by scripts/test-servers/dovecot.sh for hd's tests. Do not edit.
base_dir = $DIR/run
state_dir = $DIR/state
instance_name = hd-test-$PLAIN_PORT
log_path = $DIR/dovecot.log
info_log_path = $DIR/dovecot.log
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
default_login_user = $LOGIN_USER
default_internal_user = $INTERNAL_USER
default_internal_group = $INTERNAL_GROUP
first_valid_uid = 1
first_valid_gid = 1

ssl = yes
ssl_cert = <$TLS_DIR/server.pem
ssl_key = <$TLS_DIR/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose; do not make them wait.
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8

mail_location = maildir:$DIR/mail/%n/Maildir
# Test data is disposable; skipping fsync keeps bulk tests fast.
mail_fsync = never

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $DIR/users
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$DIR/mail/%n
}

# The auth penalty delays logins from an IP after failures, by up to 15 s;
# without its socket it is off.
# No chroot (only root may chroot): the same config then runs as root in CI
# and unprivileged on a developer's machine.
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

protocol imap {
  mail_max_userip_connections = 1000
}

# One long-lived login process instead of one per connection: fewer
# processes to start, and none caught half-started when the test stops us.
service imap-login {
  chroot =
  service_count = 0
  process_min_avail = 1
  inet_listener imap {
    address = 127.0.0.1
    port = $PLAIN_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $TLS_PORT
    ssl = yes
  }
}
EOF
# A test may put settings of its own in DIR/extra.conf (then restart).
echo "!include_try $DIR/extra.conf" >>"$DIR/dovecot.conf.tmp"
mv "$DIR/dovecot.conf.tmp" "$DIR/dovecot.conf"

# --- start and wait ----------------------------------------------------------
: >"$DIR/dovecot.out"
# Redirect all three streams: the daemon inherits them and would otherwise
# hold the caller's pipes open forever.
if ! dovecot -c "$DIR/dovecot.conf" </dev/null >>"$DIR/dovecot.out" 2>&1; then
    cat "$DIR/dovecot.out" >&2
    if [ -f "$DIR/dovecot.log" ]; then tail -n 20 "$DIR/dovecot.log" >&2; fi
    if grep -q "Address already in use" "$DIR/dovecot.out"; then
        # Distinct status so a caller that picked the ports can retry.
        echo "dovecot.sh: error: port $PLAIN_PORT or $TLS_PORT is in use" >&2
        exit 2
    fi
    die "dovecot refused to start (config $DIR/dovecot.conf)"
fi

# A TCP connect alone is not enough: the master owns the listening sockets,
# so a connect succeeds before the login process can serve, and stopping
# the server in that window makes shutdown hang for 5 s. Wait for the greeting.
imap_greets() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        IFS= read -r -t 2 line <&3 || exit 1
        [[ $line == "* OK"* ]]
    ) 2>/dev/null
}
tls_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
show_logs() {
    cat "$DIR/dovecot.out" >&2
    if [ -f "$DIR/dovecot.log" ]; then tail -n 20 "$DIR/dovecot.log" >&2; fi
}

deadline=$((SECONDS + 10))
while :; do
    pid=$(cat "$DIR/run/master.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        show_logs
        die "dovecot exited during start-up"
    fi
    if [ -n "$pid" ] && imap_greets "$PLAIN_PORT" && tls_answers "$TLS_PORT"; then
        exit 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        show_logs
        die "dovecot did not answer on 127.0.0.1:$PLAIN_PORT and :$TLS_PORT within 10 s"
    fi
    sleep 0.02
done
