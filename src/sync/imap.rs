//! IMAP source: explicit TLS mode, timeouts on the socket, bounded UID batches.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use std::sync::{Arc, Mutex};

use super::fetch::{FetchError, Fetched, uid_set};
use crate::config::{ImapConfig, TlsMode};
use crate::error::{HdError, auth, failure, tempfail, usage};

/// A plain or TLS connection, so one client type serves all three modes.
pub enum Stream {
    /// Unencrypted (`tls = "none"`).
    Plain(TcpStream),
    /// TLS, implicit or after STARTTLS.
    Tls(Box<native_tls::TlsStream<TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// A handle on the connection: the `imap` client and hd's own FETCH reader
/// (see [`super::fetch`]) take turns on it, never at the same time.
#[derive(Clone)]
pub struct Shared(Arc<Mutex<Stream>>);

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Stream> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Shared {
    /// Sets how long a read waits before it gives up with `WouldBlock`/`TimedOut`.
    pub fn set_read_timeout(&self, d: Duration) -> std::io::Result<()> {
        match &*self.lock() {
            Stream::Plain(s) => s.set_read_timeout(Some(d)),
            Stream::Tls(s) => s.get_ref().set_read_timeout(Some(d)),
        }
    }
}

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.lock().read(buf)
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.lock().flush()
    }
}

/// A logged-in IMAP connection.
pub struct Session {
    /// The `imap` client: login, EXAMINE, SEARCH, LOGOUT.
    pub client: imap::Session<Shared>,
    /// The same connection, for the streaming FETCH.
    pub stream: Shared,
}

fn tls_connector(cfg: &ImapConfig, name: &str) -> Result<native_tls::TlsConnector, HdError> {
    let mut b = native_tls::TlsConnector::builder();
    if let Some(ca) = &cfg.ca_file {
        for cert in
            crate::tls::ca_bundle(ca).map_err(|e| usage(format!("mailbox {name}: ca_file: {e}")))?
        {
            b.add_root_certificate(cert);
        }
    }
    b.build()
        .map_err(|e| failure(format!("mailbox {name}: TLS setup failed: {e}")))
}

fn io_err(name: &str, host: &str, port: u16, e: impl std::fmt::Display) -> HdError {
    tempfail(format!("mailbox {name}: cannot reach {host}:{port}: {e}"))
}

/// Connects, secures and logs in. Refused credentials are exit 4, an unreachable
/// server exit 75.
pub fn connect(cfg: &ImapConfig, name: &str, password: &str) -> Result<Session, HdError> {
    let port = cfg
        .port
        .unwrap_or(if cfg.tls == TlsMode::Tls { 993 } else { 143 });
    let timeout = Duration::from_secs(cfg.timeout.unwrap_or(30));
    let host = cfg.host.as_str();
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| io_err(name, host, port, e))?
        .collect();
    let mut last_err = None;
    let mut tcp = None;
    for a in &addrs {
        match TcpStream::connect_timeout(a, timeout) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last_err = Some(e),
        }
    }
    let tcp = tcp.ok_or_else(|| {
        io_err(
            name,
            host,
            port,
            last_err.map_or_else(|| "no address".to_string(), |e| e.to_string()),
        )
    })?;
    tcp.set_read_timeout(Some(timeout)).ok();
    tcp.set_write_timeout(Some(timeout)).ok();
    let _ = tcp.set_nodelay(true);
    let stream = match cfg.tls {
        TlsMode::None => Stream::Plain(tcp),
        TlsMode::Tls => {
            let c = tls_connector(cfg, name)?;
            Stream::Tls(Box::new(c.connect(host, tcp).map_err(|e| {
                failure(format!(
                    "mailbox {name}: TLS with {host}:{port} failed: {e}"
                ))
                .hint("check the certificate, or give the server's CA with ca_file")
            })?))
        }
        TlsMode::Starttls => {
            let tcp = starttls(tcp).map_err(|e| {
                failure(format!(
                    "mailbox {name}: STARTTLS with {host}:{port} failed: {e}"
                ))
            })?;
            let c = tls_connector(cfg, name)?;
            Stream::Tls(Box::new(c.connect(host, tcp).map_err(|e| {
                failure(format!(
                    "mailbox {name}: TLS with {host}:{port} failed: {e}"
                ))
                .hint("check the certificate, or give the server's CA with ca_file")
            })?))
        }
    };
    let stream = Shared(Arc::new(Mutex::new(stream)));
    let mut client = imap::Client::new(stream.clone());
    if cfg.tls != TlsMode::Starttls {
        client
            .read_greeting()
            .map_err(|e| io_err(name, host, port, e))?;
    }
    match client.login(&cfg.user, password) {
        Ok(client) => Ok(Session { client, stream }),
        Err((imap::Error::No(n), _)) => Err(auth(format!(
            "mailbox {name}: {host} refused the login of {}: {}",
            cfg.user, n.information
        ))),
        // BAD is the server not accepting the command, not a verdict on the
        // credentials: retrying or another password would not help.
        Err((imap::Error::Bad(n), _)) => Err(failure(format!(
            "mailbox {name}: {host} answered BAD to the login of {}: {}",
            cfg.user, n.information
        ))),
        Err((e, _)) => Err(io_err(name, host, port, e)),
    }
}

/// Reads the greeting and asks for STARTTLS by hand, so no byte of the TLS
/// handshake can be buffered by an IMAP client reading ahead.
fn starttls(tcp: TcpStream) -> std::io::Result<TcpStream> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(tcp.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    if !line.starts_with("* OK") && !line.starts_with("* PREAUTH") {
        return Err(std::io::Error::other(format!(
            "unexpected greeting: {}",
            line.trim()
        )));
    }
    let mut w = tcp.try_clone()?;
    w.write_all(b"s0 STARTTLS\r\n")?;
    w.flush()?;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        if line.starts_with("s0 ") {
            break;
        }
    }
    if !line.starts_with("s0 OK") {
        return Err(std::io::Error::other(format!(
            "server answered {}",
            line.trim()
        )));
    }
    Ok(tcp)
}

/// A folder name as IMAP sends it: modified UTF-7 (RFC 3501 5.1.3), so the
/// config can say `Přijaté` and the server hears `P&AVk-ijat&AOk-`.
pub fn wire_name(folder: &str) -> String {
    utf7_imap::encode_utf7_imap(folder.to_string())
}

/// The password of a mailbox; none configured is a config error, not an empty
/// password for the server to refuse.
pub fn password(cfg: &ImapConfig, name: &str) -> Result<String, HdError> {
    crate::config::read_secret(&cfg.secret, &format!("mailbox {name}"))?.ok_or_else(|| {
        usage(format!("mailbox {name}: no password is configured"))
            .hint("set password_command, password_env or password in its [[mailbox]] table")
    })
}

/// What a folder holds: its UIDVALIDITY and the UIDs above `after`, ascending.
pub fn new_uids(
    s: &mut Session,
    name: &str,
    folder: &str,
    after: u32,
) -> Result<(u32, Vec<u32>), HdError> {
    // EXAMINE opens read-only: nothing we do can set \Seen.
    let mb = s
        .client
        .examine(wire_name(folder))
        .map_err(|e| failure(format!("mailbox {name}: cannot open folder {folder}: {e}")))?;
    let validity = mb.uid_validity.unwrap_or(0);
    if mb.exists == 0 {
        return Ok((validity, Vec::new()));
    }
    let found = s
        .client
        .uid_search(format!("UID {}:*", after.saturating_add(1)))
        .map_err(|e| tempfail(format!("mailbox {name}: UID SEARCH failed: {e}")))?;
    // `n:*` always matches the highest UID, even below n: filter.
    let mut uids: Vec<u32> = found.into_iter().filter(|&u| u > after).collect();
    uids.sort_unstable();
    Ok((validity, uids))
}

/// Splits UIDs into fetch batches of at most `max_count` messages and about
/// `max_bytes` (by RFC822.SIZE), so memory stays flat whatever the mailbox holds.
pub fn batches(
    s: &mut Session,
    name: &str,
    uids: &[u32],
    max_count: usize,
    max_bytes: u64,
) -> Result<Vec<Vec<u32>>, HdError> {
    let mut sizes = std::collections::HashMap::with_capacity(uids.len());
    for chunk in uids.chunks(5000) {
        let fetches = s
            .client
            .uid_fetch(uid_set(chunk), "(UID RFC822.SIZE)")
            .map_err(|e| tempfail(format!("mailbox {name}: UID FETCH failed: {e}")))?;
        for f in fetches.iter() {
            if let (Some(uid), Some(size)) = (f.uid, f.size) {
                sizes.insert(uid, u64::from(size));
            }
        }
    }
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut bytes = 0u64;
    for &u in uids {
        let size = sizes.get(&u).copied().unwrap_or(0);
        if !cur.is_empty() && (cur.len() >= max_count || bytes + size > max_bytes) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        cur.push(u);
        bytes += size;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Fetches the batches in order, pipelined, handing each batch's UIDs and
/// messages to `each` until it returns false.
pub fn fetch(
    s: &mut Session,
    name: &str,
    batches: &[Vec<u32>],
    each: impl FnMut(&[u32], Vec<Fetched>) -> bool,
) -> Result<(), HdError> {
    super::fetch::fetch_batches(s.stream.clone(), s.stream.clone(), "F", batches, each).map_err(
        |e| match e {
            FetchError::Io(e) => tempfail(format!("mailbox {name}: UID FETCH failed: {e}")),
            FetchError::Protocol(m) => tempfail(format!("mailbox {name}: {m}")),
        },
    )
}
#[cfg(test)]
mod tests {
    #[test]
    fn folder_names_are_modified_utf7() {
        let enc = super::wire_name;
        assert_eq!(enc("INBOX"), "INBOX");
        assert_eq!(enc("Přijaté"), "P&AVk-ijat&AOk-");
        assert_eq!(enc("Sales & Co"), "Sales &- Co");
    }

    #[test]
    fn uid_sets() {
        assert_eq!(super::uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(super::uid_set(&[4]), "4");
        assert_eq!(super::uid_set(&[]), "");
    }
}
