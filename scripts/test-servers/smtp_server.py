#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for hd's integration tests (aiosmtpd).

    smtp_server.py --port P --dir D [--auth USER:PASS] [--fail-rcpt CODE[:ADDR]]
                   [--delay SECONDS]

Every accepted message is saved as D/<seq>.eml (the exact DATA bytes after
dot-unstuffing) plus D/<seq>.env (JSON: mail_from, rcpt_tos), seq counting
from 1 and continuing after what D already holds, so a restarted server does
not overwrite earlier messages. The .env is written before the .eml and both
via a temporary file and rename, so a reader that sees N.eml sees it whole.

--auth makes AUTH (PLAIN, LOGIN; no TLS needed) mandatory and refuses other
credentials with 535. --fail-rcpt rejects RCPT TO with CODE (e.g. 550 for a
permanent, 450 for a transient failure), for every recipient or only ADDR.
--delay waits that long after the end of DATA before saving and answering,
like a slow server (for tests of two senders at once).

Exits 0 on SIGTERM or SIGINT; exits 2 if the port is taken.
The shebang names Debian's python3 because python3-aiosmtpd installs there.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.exit(
        "smtp_server.py: error: python module aiosmtpd missing "
        "(Debian: apt-get install python3-aiosmtpd; run with /usr/bin/python3)"
    )


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--fail-rcpt", metavar="CODE[:ADDR]")
    p.add_argument("--delay", type=float, default=0.0, metavar="SECONDS")
    args = p.parse_args()
    if args.auth is not None and ":" not in args.auth:
        p.error("--auth wants USER:PASS")
    if args.fail_rcpt is not None:
        code, _, addr = args.fail_rcpt.partition(":")
        if not re.fullmatch(r"[45][0-9][0-9]", code):
            p.error("--fail-rcpt wants a 4xx or 5xx code, optionally :ADDRESS")
        args.fail_rcpt = (int(code), addr or None)
    return args


def next_seq(directory):
    """First free sequence number, so a restart appends rather than overwrites."""
    used = [
        int(m.group(1))
        for name in os.listdir(directory)
        if (m := re.fullmatch(r"([0-9]+)\.(eml|env)", name))
    ]
    return max(used, default=0) + 1


def write_atomic(path, data):
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Handler:
    def __init__(self, directory, fail_rcpt, delay):
        self.directory = directory
        self.fail_rcpt = fail_rcpt
        self.delay = delay
        self.seq = next_seq(directory)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fail_rcpt is not None:
            code, only = self.fail_rcpt
            if only is None or only.lower() == address.lower():
                kind = "4.2.0 try again later" if code < 500 else "5.1.1 mailbox unavailable"
                return f"{code} {kind} (test server --fail-rcpt)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        seq = self.seq
        self.seq += 1
        base = os.path.join(self.directory, str(seq))
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        write_atomic(base + ".env", json.dumps(meta).encode())
        write_atomic(base + ".eml", envelope.original_content)
        return f"250 OK queued as {seq}"


def make_authenticator(user, password):
    want = (user.encode(), password.encode())

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and (auth_data.login, auth_data.password) == want
        )
        # handled=False makes aiosmtpd answer 535 itself; True means silence.
        return AuthResult(success=ok, handled=False)

    return authenticator


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args.dir, args.fail_rcpt, args.delay)
    options = {
        # getfqdn() can stall on DNS; the name does not matter here.
        "hostname": "localhost",
        "enable_SMTPUTF8": True,
        "decode_data": False,
    }
    if args.auth is not None:
        user, _, password = args.auth.partition(":")
        options.update(
            auth_required=True,
            auth_require_tls=False,
            authenticator=make_authenticator(user, password),
        )
    loop = asyncio.get_running_loop()
    try:
        server = await loop.create_server(
            lambda: SMTP(handler, loop=loop, **options), "127.0.0.1", args.port
        )
    except OSError as e:
        print(f"smtp_server.py: error: cannot listen on 127.0.0.1:{args.port}: {e}",
              file=sys.stderr)
        return 2
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"smtp_server.py: listening on 127.0.0.1:{args.port}, saving to {args.dir}",
          file=sys.stderr, flush=True)
    await stop.wait()
    server.close()
    return 0


def main():
    args = parse_args()
    # aiosmtpd warns that auth without TLS is unsafe; here that is the point.
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    sys.exit(asyncio.run(serve(args)))


if __name__ == "__main__":
    main()
