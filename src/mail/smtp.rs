//! Sends composed messages over SMTP with lettre, one connection and login
//! reused for a whole outbox run. lettre has no queue; the outbox is hd's, so
//! this module only tells the outbox what each failure means:
//! authentication refused, try again later, or this message is rejected.

use std::fmt;
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::Error as LettreError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use serde::Deserialize;

/// How long a connect, a command or an answer may take unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The mechanisms hd logs in with, in order of preference.
const MECHANISMS: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];

/// How the connection is encrypted (config `tls = "tls" | "starttls" | "none"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Implicit TLS from the first byte (port 465).
    Tls,
    /// Plain connect, then STARTTLS, which must succeed (port 587).
    StartTls,
    /// No encryption: loopback and testing only.
    None,
}

/// Everything needed to reach and log in to the SMTP server; the password is already resolved.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// Server host name or IP address; also the name checked in its certificate.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Encryption mode.
    pub tls: TlsMode,
    /// A PEM file of private root CAs trusted in addition to the system's.
    pub ca_file: Option<PathBuf>,
    /// Login name; without one hd does not authenticate.
    pub user: Option<String>,
    /// Password for `user`.
    pub password: Option<String>,
    /// Limit for the connect and for every answer.
    pub timeout: Duration,
}

impl SmtpSettings {
    /// Settings without login or private CA, with the default timeout.
    pub fn new(host: impl Into<String>, port: u16, tls: TlsMode) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port,
            tls,
            ca_file: None,
            user: None,
            password: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

// The password must never reach a log or an error message.
impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What went wrong, sorted by what the outbox should do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpError {
    /// The server refused the login (or demands one): hd exits 4.
    #[error("SMTP authentication refused: {0}")]
    Auth(String),
    /// Unreachable, timed out or a 4xx answer: keep the message waiting, exit 75.
    #[error("SMTP server temporarily unavailable: {0}")]
    Temporary(String),
    /// A 5xx answer to this message: mark it failed with this text (the server's answer).
    #[error("SMTP server rejected the message: {0}")]
    Permanent(String),
    /// The settings cannot work (CA file, TLS mode, missing password, no STARTTLS).
    #[error("SMTP configuration: {0}")]
    Config(String),
}

impl SmtpError {
    /// The text without the kind prefix, e.g. the server's answer for `last_error`.
    pub fn message(&self) -> &str {
        match self {
            SmtpError::Auth(m)
            | SmtpError::Temporary(m)
            | SmtpError::Permanent(m)
            | SmtpError::Config(m) => m,
        }
    }
}

/// Which step failed decides what a refusal means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Connect,
    Auth,
    Send,
}

/// An open, logged-in SMTP session that sends one message after another.
pub struct Sender {
    host: String,
    port: u16,
    tls: TlsMode,
    tls_parameters: Option<TlsParameters>,
    user: Option<String>,
    credentials: Option<Credentials>,
    timeout: Duration,
    hello: ClientId,
    // `send` takes `&self`; the mutex also keeps one message on the wire at a time.
    conn: Mutex<Option<SmtpConnection>>,
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .finish()
    }
}

impl Sender {
    /// Connects, encrypts and logs in now, so a bad password shows before any message.
    pub fn new(settings: &SmtpSettings) -> Result<Sender, SmtpError> {
        let sender = Sender::unconnected(settings)?;
        let conn = sender.connect()?;
        *sender.lock() = Some(conn);
        Ok(sender)
    }

    /// Checks everything in the settings that can be checked without the server:
    /// host, timeout, user and password together, the CA file.
    pub fn check(settings: &SmtpSettings) -> Result<(), SmtpError> {
        Sender::unconnected(settings).map(drop)
    }

    fn unconnected(settings: &SmtpSettings) -> Result<Sender, SmtpError> {
        if settings.host.trim().is_empty() {
            return Err(SmtpError::Config("smtp.host is empty".to_string()));
        }
        if settings.timeout.is_zero() {
            return Err(SmtpError::Config("the SMTP timeout is zero".to_string()));
        }
        let credentials = match (&settings.user, &settings.password) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password.clone())),
            (None, None) => None,
            (Some(user), None) => {
                return Err(SmtpError::Config(format!(
                    "smtp.user is {user:?} but no password is configured"
                )));
            }
            (None, Some(_)) => {
                return Err(SmtpError::Config(
                    "an SMTP password is configured without smtp.user".to_string(),
                ));
            }
        };
        let tls_parameters = match settings.tls {
            TlsMode::None => None,
            TlsMode::Tls | TlsMode::StartTls => Some(tls_parameters(settings)?),
        };
        let sender = Sender {
            host: settings.host.clone(),
            port: settings.port,
            tls: settings.tls,
            tls_parameters,
            user: settings.user.clone(),
            credentials,
            timeout: settings.timeout,
            hello: ClientId::default(),
            conn: Mutex::new(None),
        };
        Ok(sender)
    }

    /// Sends one composed message; returns the server's answer, e.g. `250 2.0.0 Ok: queued as 4Xyz`.
    ///
    /// The connection is reused while the server answers NOOP, and reopened otherwise.
    pub fn send(
        &self,
        envelope_from: &str,
        to: &[String],
        raw: &[u8],
    ) -> Result<String, SmtpError> {
        let envelope = envelope(envelope_from, to)?;
        let mut guard = self.lock();
        let alive = match guard.as_mut() {
            Some(conn) => !conn.has_broken() && conn.test_connected(),
            None => false,
        };
        if !alive {
            if let Some(mut old) = guard.take() {
                old.abort();
            }
            *guard = Some(self.connect()?);
        }
        let Some(conn) = guard.as_mut() else {
            return Err(SmtpError::Temporary(format!(
                "{}: not connected",
                self.addr()
            )));
        };
        // lettre always ends DATA with CRLF.CRLF, whose first CRLF ends the last
        // line (RFC 5321 4.1.1.4); without this the server gets an extra blank line
        // and not the bytes the outbox stored.
        let data = raw.strip_suffix(b"\r\n").unwrap_or(raw);
        match conn.send(&envelope, data) {
            Ok(response) => Ok(answer(&response)),
            Err(err) => {
                // A failed transaction leaves the session in an unknown state.
                if let Some(mut conn) = guard.take() {
                    conn.abort();
                }
                Err(self.classify(&err, Stage::Send))
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SmtpConnection>> {
        // A panic elsewhere while holding the lock leaves at worst a broken connection,
        // which `send` detects and replaces.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Opens a session: TCP (and TLS), greeting, EHLO, STARTTLS, AUTH.
    fn connect(&self) -> Result<SmtpConnection, SmtpError> {
        let mut conn = self.open()?;
        if self.tls == TlsMode::StartTls {
            if !conn.can_starttls() {
                conn.abort();
                return Err(SmtpError::Config(format!(
                    "{} does not offer STARTTLS; check smtp.port and smtp.tls (\"tls\" for port 465)",
                    self.addr()
                )));
            }
            if let Some(params) = &self.tls_parameters
                && let Err(err) = conn.starttls(params, &self.hello)
            {
                // No QUIT: after a failed handshake lettre's stream is gone and
                // touching it panics; dropping the connection is all that is left.
                drop(conn);
                return Err(self.classify(&err, Stage::Connect));
            }
        }
        if let Some(credentials) = &self.credentials {
            if conn.server_info().get_auth_mechanism(&MECHANISMS).is_none() {
                let plain = if conn.is_encrypted() {
                    ""
                } else {
                    " on an unencrypted connection"
                };
                conn.abort();
                return Err(SmtpError::Config(format!(
                    "{} offers no PLAIN or LOGIN authentication{plain}",
                    self.addr()
                )));
            }
            if let Err(err) = conn.auth(&MECHANISMS, credentials) {
                conn.abort();
                return Err(self.classify(&err, Stage::Auth));
            }
        }
        Ok(conn)
    }

    /// Connects and reads the greeting under a hard deadline.
    ///
    /// lettre sets socket timeouts only after an implicit-TLS handshake and
    /// resolves names without one, so a server that accepts and stays silent
    /// would hang cron forever; the attempt runs on a thread we stop waiting for.
    fn open(&self) -> Result<SmtpConnection, SmtpError> {
        let (tx, rx) = mpsc::channel();
        let host = self.host.clone();
        let port = self.port;
        let timeout = self.timeout;
        let hello = self.hello.clone();
        let wrapper = match self.tls {
            TlsMode::Tls => self.tls_parameters.clone(),
            TlsMode::StartTls | TlsMode::None => None,
        };
        std::thread::Builder::new()
            .name("hd-smtp-connect".to_string())
            .spawn(move || {
                let result = SmtpConnection::connect(
                    (host.as_str(), port),
                    Some(timeout),
                    &hello,
                    wrapper.as_ref(),
                    None,
                );
                // The receiver may have given up; the connection then just closes.
                let _ = tx.send(result);
            })
            .map_err(|e| SmtpError::Temporary(format!("cannot start a thread: {e}")))?;
        match rx.recv_timeout(timeout.saturating_mul(2)) {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(err)) => Err(self.classify(&err, Stage::Connect)),
            Err(_) => Err(SmtpError::Temporary(format!(
                "{}: no answer within {} s",
                self.addr(),
                timeout.saturating_mul(2).as_secs_f64()
            ))),
        }
    }

    /// Sorts a lettre error into what the outbox should do, keeping the server's words.
    fn classify(&self, err: &LettreError, stage: Stage) -> SmtpError {
        let addr = self.addr();
        if let Some(code) = err.status() {
            let text = std::error::Error::source(err)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let answer = format!("{code} {text}").trim_end().to_string();
            let code = code.to_string();
            return if err.is_transient() {
                SmtpError::Temporary(format!("{addr} answered {answer}"))
            } else if stage == Stage::Auth {
                SmtpError::Auth(format!(
                    "{addr} refused the login of {:?}: {answer}",
                    self.user.as_deref().unwrap_or("")
                ))
            } else if matches!(code.as_str(), "530" | "534" | "535" | "538") {
                SmtpError::Auth(format!("{addr} answered {answer}"))
            } else if stage == Stage::Connect {
                // Refused before any message: not this message's fault.
                SmtpError::Temporary(format!("{addr} answered {answer}"))
            } else {
                SmtpError::Permanent(answer)
            };
        }
        let detail = error_chain(err);
        if is_timeout(err) {
            return SmtpError::Temporary(format!(
                "{addr}: no answer within {} s",
                self.timeout.as_secs_f64()
            ));
        }
        if err.is_tls() {
            return SmtpError::Config(format!("TLS setup for {addr}: {detail}"));
        }
        if is_handshake(err) {
            let lower = detail.to_ascii_lowercase();
            if lower.contains("certificate") {
                return SmtpError::Config(format!(
                    "{addr}: TLS certificate not trusted: {detail} (a private CA goes in smtp.ca_file)"
                ));
            }
            if lower.contains("wrong version number")
                || lower.contains("unknown protocol")
                || lower.contains("packet length too long")
            {
                return SmtpError::Config(format!(
                    "{addr}: no TLS server there: {detail} (check smtp.port and smtp.tls)"
                ));
            }
            return SmtpError::Temporary(format!("{addr}: TLS handshake failed: {detail}"));
        }
        if err.is_client() {
            return match stage {
                Stage::Connect | Stage::Auth => SmtpError::Config(format!("{addr}: {detail}")),
                Stage::Send => SmtpError::Permanent(detail),
            };
        }
        match stage {
            Stage::Connect => SmtpError::Temporary(format!("cannot connect to {addr}: {detail}")),
            Stage::Auth | Stage::Send => SmtpError::Temporary(format!("{addr}: {detail}")),
        }
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        let conn = match self.conn.get_mut() {
            Ok(conn) => conn.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(mut conn) = conn
            && !conn.has_broken()
        {
            let _ = conn.quit();
        }
    }
}

/// The TLS parameters: system roots, plus the private CAs of `ca_file`.
fn tls_parameters(settings: &SmtpSettings) -> Result<TlsParameters, SmtpError> {
    let mut builder = TlsParameters::builder(settings.host.clone());
    if let Some(path) = &settings.ca_file {
        let certs = crate::tls::ca_bundle(path)
            .map_err(|e| SmtpError::Config(format!("smtp.ca_file: {e}")))?;
        for cert in certs {
            let cert = cert
                .to_der()
                .map_err(|e| e.to_string())
                .and_then(|der| Certificate::from_der(der).map_err(|e| error_chain(&e)))
                .map_err(|e| {
                    SmtpError::Config(format!(
                        "smtp.ca_file {}: bad certificate: {e}",
                        path.display()
                    ))
                })?;
            builder = builder.add_root_certificate(cert);
        }
    }
    builder
        .build_native()
        .map_err(|e| SmtpError::Config(format!("TLS setup: {}", error_chain(&e))))
}

/// The SMTP envelope; a bad address rejects this message only.
fn envelope(from: &str, to: &[String]) -> Result<Envelope, SmtpError> {
    let parse = |what: &str, value: &str| -> Result<Address, SmtpError> {
        if value.chars().any(char::is_control) {
            return Err(SmtpError::Permanent(format!(
                "invalid {what} address {value:?}: contains a control character"
            )));
        }
        value
            .trim()
            .parse::<Address>()
            .map_err(|e| SmtpError::Permanent(format!("invalid {what} address {value:?}: {e}")))
    };
    let from = parse("sender", from)?;
    let to = to
        .iter()
        .map(|addr| parse("recipient", addr))
        .collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(from), to)
        .map_err(|e| SmtpError::Permanent(format!("invalid envelope: {e}")))
}

/// A response as one line: code, then its text lines joined by spaces.
fn answer(response: &Response) -> String {
    let text: Vec<&str> = response.message().collect();
    format!("{} {}", response.code(), text.join(" "))
        .trim_end()
        .to_string()
}

/// The causes of a lettre error on one line, without lettre's own kind label.
fn error_chain(err: &LettreError) -> String {
    let mut out = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        source = cause.source();
    }
    if out.is_empty() {
        out = err.to_string();
    }
    out
}

/// Whether a socket timeout fired; Linux reports a read timeout as `WouldBlock`.
fn is_timeout(err: &LettreError) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            )
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Whether the error came from a TLS handshake (implicit TLS or STARTTLS).
fn is_handshake(err: &LettreError) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause
            .downcast_ref::<native_tls::HandshakeError<TcpStream>>()
            .is_some()
            || cause.downcast_ref::<native_tls::Error>().is_some()
        {
            return true;
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::compose::{self, Mailbox, Outgoing};
    use chrono::{TimeZone, Utc};
    use std::io::{BufRead, BufReader, Read};
    use std::net::TcpListener;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::sync::OnceLock;
    use std::time::Instant;

    /// A real SMTP server (aiosmtpd) on a free loopback port, writing what it
    /// receives to `dir` as NNNN.eml plus NNNN.env (peer port, sender, recipients).
    const SERVER: &str = r#"
import asyncio, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult

outdir, mode, auth, cert, key = sys.argv[1:6]

class Handler:
    n = 0
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('reject'):
            return '550 5.1.1 <%s>: Recipient address rejected: User unknown' % address
        if address.startswith('later'):
            return '451 4.3.0 <%s>: Temporary lookup failure' % address
        envelope.rcpt_tos.append(address)
        return '250 2.1.5 Ok'
    async def handle_DATA(self, server, session, envelope):
        Handler.n += 1
        name = os.path.join(outdir, '%04d' % Handler.n)
        with open(name + '.env', 'w') as f:
            f.write('%s\n%s\n%s\n' % (session.peer[1], envelope.mail_from, ','.join(envelope.rcpt_tos)))
        with open(name + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(name + '.tmp', name + '.eml')
        return '250 2.0.0 Ok: queued as Q%04d' % Handler.n

def authenticator(server, session, envelope, mechanism, data):
    ok = data.login == b'hd' and data.password == 'tajné heslo'.encode()
    return AuthResult(success=ok, handled=False)

ctx = None
if mode in ('starttls', 'tls'):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)

def factory():
    kw = dict(hostname='mx.test', ident='hd-test')
    if auth == '1':
        kw.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    if mode == 'starttls':
        kw.update(tls_context=ctx, require_starttls=True)
    return SMTP(Handler(), **kw)

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
srv = loop.run_until_complete(loop.create_server(
    factory, '127.0.0.1', 0, ssl=ctx if mode == 'tls' else None))
print(srv.sockets[0].getsockname()[1], flush=True)
# Exits when the test closes our stdin (or dies).
loop.add_reader(sys.stdin.fileno(), lambda: os.read(sys.stdin.fileno(), 1) or loop.stop())
loop.run_forever()
"#;

    struct Server {
        child: Child,
        port: u16,
        dir: tempfile::TempDir,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Debian's python has aiosmtpd; a pyenv `python3` first on PATH may not.
    fn python() -> &'static str {
        if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        }
    }

    struct Certs {
        _dir: tempfile::TempDir,
        cert: PathBuf,
        key: PathBuf,
    }

    /// One self-signed certificate for 127.0.0.1, which the tests use as their private CA.
    fn certs() -> &'static Certs {
        static CERTS: OnceLock<Certs> = OnceLock::new();
        CERTS.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let cert = dir.path().join("cert.pem");
            let key = dir.path().join("key.pem");
            let status = Command::new("openssl")
                .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
                .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
                .args(["-subj", "/CN=hd test CA"])
                .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
                .arg("-keyout")
                .arg(&key)
                .arg("-out")
                .arg(&cert)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("openssl runs");
            assert!(status.success(), "openssl req failed");
            Certs {
                _dir: dir,
                cert,
                key,
            }
        })
    }

    fn server(mode: &str, auth: bool) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let certs = certs();
        let mut child = Command::new(python())
            .arg("-c")
            .arg(SERVER)
            .arg(dir.path())
            .arg(mode)
            .arg(if auth { "1" } else { "0" })
            .arg(&certs.cert)
            .arg(&certs.key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd starts");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let Ok(port) = line.trim().parse() else {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            let _ = child.kill();
            panic!("the SMTP test server did not start: {err}");
        };
        Server { child, port, dir }
    }

    fn settings(server: &Server, tls: TlsMode) -> SmtpSettings {
        let mut s = SmtpSettings::new("127.0.0.1", server.port, tls);
        s.user = Some("hd".to_string());
        s.password = Some("tajné heslo".to_string());
        s.timeout = Duration::from_secs(5);
        if tls != TlsMode::None {
            s.ca_file = Some(certs().cert.clone());
        }
        s
    }

    fn message(subject: &str, to: &str) -> Vec<u8> {
        compose::build(&Outgoing {
            from: Mailbox {
                name: Some("Podpora".to_string()),
                addr: "support@example.com".to_string(),
            },
            to: vec![to.to_string()],
            cc: vec![],
            subject,
            body: "Dobrý den,\nděkujeme.\n",
            message_id: "<REQ-000279.1@hd.test>",
            in_reply_to: None,
            references: &[],
            auto_submitted: false,
            attachments: vec![],
            date: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
        })
        .unwrap()
    }

    fn received(server: &Server, n: u32) -> (Vec<String>, Vec<u8>) {
        let base = server.dir.path().join(format!("{n:04}"));
        let env = std::fs::read_to_string(base.with_extension("env")).unwrap();
        let eml = std::fs::read(base.with_extension("eml")).unwrap();
        (env.lines().map(str::to_string).collect(), eml)
    }

    fn trim_crlf(bytes: &[u8]) -> &[u8] {
        let mut end = bytes.len();
        while end > 0 && (bytes[end - 1] == b'\n' || bytes[end - 1] == b'\r') {
            end -= 1;
        }
        &bytes[..end]
    }

    #[test]
    fn sends_several_messages_over_one_login() {
        let server = server("plain", true);
        let sender = Sender::new(&settings(&server, TlsMode::None)).unwrap();
        let first = message("Re: Reklamace objednávky [REQ-000279]", "jana@example.cz");
        let second = message("Druhá", "petr@example.cz");
        assert_eq!(
            sender
                .send(
                    "support@example.com",
                    &["jana@example.cz".to_string()],
                    &first
                )
                .unwrap(),
            "250 2.0.0 Ok: queued as Q0001"
        );
        assert_eq!(
            sender
                .send(
                    "support@example.com",
                    &["petr@example.cz".to_string(), "eva@example.cz".to_string()],
                    &second
                )
                .unwrap(),
            "250 2.0.0 Ok: queued as Q0002"
        );
        let (env1, eml1) = received(&server, 1);
        let (env2, eml2) = received(&server, 2);
        assert_eq!(env1[0], env2[0], "both messages on one connection");
        assert_eq!(env1[1..], ["support@example.com", "jana@example.cz"]);
        assert_eq!(
            env2[1..],
            ["support@example.com", "petr@example.cz,eva@example.cz"]
        );
        assert_eq!(trim_crlf(&eml1), trim_crlf(&first));
        assert_eq!(trim_crlf(&eml2), trim_crlf(&second));
    }

    #[test]
    fn wrong_password_is_auth() {
        let server = server("plain", true);
        let mut s = settings(&server, TlsMode::None);
        s.password = Some("wrong".to_string());
        let err = Sender::new(&s).unwrap_err();
        assert_eq!(
            err,
            SmtpError::Auth(format!(
                "127.0.0.1:{} refused the login of \"hd\": 535 5.7.8 Authentication credentials invalid",
                server.port
            ))
        );
        assert!(!format!("{s:?}").contains("wrong"), "password hidden");
    }

    #[test]
    fn missing_login_is_auth() {
        let server = server("plain", true);
        let mut s = settings(&server, TlsMode::None);
        s.user = None;
        s.password = None;
        let sender = Sender::new(&s).unwrap();
        let err = sender
            .send(
                "support@example.com",
                &["jana@example.cz".to_string()],
                &message("x", "jana@example.cz"),
            )
            .unwrap_err();
        assert!(
            matches!(&err, SmtpError::Auth(m) if m.contains("530 5.7.0")),
            "{err:?}"
        );
    }

    #[test]
    fn rejected_recipient_is_permanent_and_the_sender_recovers() {
        let server = server("plain", true);
        let sender = Sender::new(&settings(&server, TlsMode::None)).unwrap();
        let err = sender
            .send(
                "support@example.com",
                &["reject@example.cz".to_string()],
                &message("x", "reject@example.cz"),
            )
            .unwrap_err();
        assert_eq!(
            err,
            SmtpError::Permanent(
                "550 5.1.1 <reject@example.cz>: Recipient address rejected: User unknown"
                    .to_string()
            )
        );
        assert_eq!(
            err.message(),
            "550 5.1.1 <reject@example.cz>: Recipient address rejected: User unknown"
        );
        let err = sender
            .send(
                "support@example.com",
                &["later@example.cz".to_string()],
                &message("x", "later@example.cz"),
            )
            .unwrap_err();
        assert_eq!(
            err,
            SmtpError::Temporary(format!(
                "127.0.0.1:{} answered 451 4.3.0 <later@example.cz>: Temporary lookup failure",
                server.port
            ))
        );
        assert_eq!(
            sender
                .send(
                    "support@example.com",
                    &["ok@example.cz".to_string()],
                    &message("x", "ok@example.cz")
                )
                .unwrap(),
            "250 2.0.0 Ok: queued as Q0001"
        );
    }

    #[test]
    fn bad_envelope_addresses_are_permanent() {
        let server = server("plain", false);
        let mut s = settings(&server, TlsMode::None);
        s.user = None;
        s.password = None;
        let sender = Sender::new(&s).unwrap();
        let raw = message("x", "jana@example.cz");
        let err = sender
            .send(
                "support@example.com",
                &["a@b\r\nRCPT TO:<x@y>".to_string()],
                &raw,
            )
            .unwrap_err();
        assert!(matches!(err, SmtpError::Permanent(_)), "{err:?}");
        let err = sender.send("support@example.com", &[], &raw).unwrap_err();
        assert!(matches!(err, SmtpError::Permanent(_)), "{err:?}");
    }

    #[test]
    fn starttls_and_implicit_tls_with_a_private_ca() {
        for mode in [TlsMode::StartTls, TlsMode::Tls] {
            let server = server(
                if mode == TlsMode::Tls {
                    "tls"
                } else {
                    "starttls"
                },
                true,
            );
            let sender = Sender::new(&settings(&server, mode)).unwrap();
            let raw = message("TLS", "jana@example.cz");
            assert_eq!(
                sender
                    .send(
                        "support@example.com",
                        &["jana@example.cz".to_string()],
                        &raw
                    )
                    .unwrap(),
                "250 2.0.0 Ok: queued as Q0001",
                "{mode:?}"
            );
            assert_eq!(trim_crlf(&received(&server, 1).1), trim_crlf(&raw));
        }
    }

    #[test]
    fn untrusted_certificate_is_config() {
        for mode in [TlsMode::StartTls, TlsMode::Tls] {
            let server = server(
                if mode == TlsMode::Tls {
                    "tls"
                } else {
                    "starttls"
                },
                true,
            );
            let mut s = settings(&server, mode);
            s.ca_file = None;
            let err = Sender::new(&s).unwrap_err();
            assert!(
                matches!(&err, SmtpError::Config(m) if m.contains("certificate verify failed")),
                "{mode:?}: {err:?}"
            );
        }
    }

    #[test]
    fn tls_mode_mismatches_are_config() {
        let server = server("plain", true);
        let err = Sender::new(&settings(&server, TlsMode::StartTls)).unwrap_err();
        assert_eq!(
            err,
            SmtpError::Config(format!(
                "127.0.0.1:{} does not offer STARTTLS; check smtp.port and smtp.tls (\"tls\" for port 465)",
                server.port
            ))
        );
        let err = Sender::new(&settings(&server, TlsMode::Tls)).unwrap_err();
        assert!(
            matches!(&err, SmtpError::Config(m) if m.contains("no TLS server there")),
            "{err:?}"
        );
    }

    #[test]
    fn settings_errors_are_config() {
        let mut s = SmtpSettings::new("127.0.0.1", 1, TlsMode::StartTls);
        s.ca_file = Some(PathBuf::from("/nonexistent/ca.pem"));
        assert!(
            matches!(Sender::new(&s), Err(SmtpError::Config(m)) if m.starts_with("smtp.ca_file: cannot read /nonexistent/ca.pem"))
        );
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("ca.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        s.ca_file = Some(empty);
        assert!(
            matches!(Sender::new(&s), Err(SmtpError::Config(m)) if m.contains("holds no PEM certificate"))
        );
        let mut s = SmtpSettings::new("127.0.0.1", 1, TlsMode::None);
        s.user = Some("hd".to_string());
        assert!(matches!(Sender::new(&s), Err(SmtpError::Config(_))));
    }

    #[test]
    fn closed_port_is_temporary() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = Sender::new(&SmtpSettings::new("127.0.0.1", port, TlsMode::None)).unwrap_err();
        assert!(
            matches!(&err, SmtpError::Temporary(m) if m.starts_with(&format!("cannot connect to 127.0.0.1:{port}: ")) && m.contains("refused")),
            "{err:?}"
        );
    }

    #[test]
    fn silent_server_times_out_as_temporary() {
        // Accepts connections and never says a word.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        for mode in [TlsMode::None, TlsMode::Tls] {
            let mut s = SmtpSettings::new("127.0.0.1", port, mode);
            s.ca_file = Some(certs().cert.clone());
            s.timeout = Duration::from_millis(300);
            let started = Instant::now();
            let err = Sender::new(&s).unwrap_err();
            let expected = match mode {
                // The greeting read times out on the socket.
                TlsMode::None => format!("127.0.0.1:{port}: no answer within 0.3 s"),
                // The TLS handshake has no socket timeout in lettre; the deadline catches it.
                _ => format!("127.0.0.1:{port}: no answer within 0.6 s"),
            };
            assert_eq!(err, SmtpError::Temporary(expected), "{mode:?}");
            assert!(started.elapsed() < Duration::from_secs(3), "{mode:?}");
        }
        drop(listener);
    }
}
