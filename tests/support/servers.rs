//! Real servers on loopback for hd's integration tests: Dovecot 2.3 for IMAP
//! and aiosmtpd for SMTP, started by the scripts in scripts/test-servers/.
//!
//! A server that cannot start panics with the reason: tests that need a real
//! server must fail, never skip. Every server lives in its own temporary
//! directory with its own ports, so tests may run in parallel. Set
//! `HD_TEST_KEEP_SERVERS=1` to keep those directories (logs, mail) after a run.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};

/// Password of every Dovecot test user.
pub const PASSWORD: &str = "secret";

/// The users dovecot.sh creates, all with [`PASSWORD`].
pub const USERS: [&str; 4] = ["alice", "bob", "carol", "dave"];

/// Socket timeout for helper connections, so a hung server fails the test.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a server may take to come up before the test fails.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Fresh ports to try when a picked port was taken before the server bound it.
const START_ATTEMPTS: usize = 5;

/// Exit status of the scripts when a port is already in use.
const EXIT_PORT_IN_USE: i32 = 2;

/// Makes file and folder names unique within this test process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test-servers")
}

fn keep_dirs() -> bool {
    std::env::var_os("HD_TEST_KEEP_SERVERS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bind to :0, release).
pub fn free_port() -> u16 {
    free_ports::<1>()[0]
}

/// Distinct free ports: all are held until all are picked, so none repeats.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| {
            TcpListener::bind("127.0.0.1:0")
                .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0 to pick a port: {e}"))
        })
        .collect();
    std::array::from_fn(|i| match listeners[i].local_addr() {
        Ok(addr) => addr.port(),
        Err(e) => panic!("cannot read the picked port: {e}"),
    })
}

fn run_script(name: &str, args: &[&str]) -> Output {
    let script = scripts_dir().join(name);
    // Through bash, so a checkout that lost the executable bit still works.
    Command::new("bash")
        .arg(&script)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()))
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(stream)
}

/// A private Dovecot 2.3: plain IMAP and implicit-TLS IMAPS on 127.0.0.1.
///
/// Users are [`USERS`] with [`PASSWORD`]; mail is a Maildir per user. The
/// server certificate is for 127.0.0.1 and localhost, signed by the CA in
/// [`Dovecot::ca_file`]. Dropping it stops the server and deletes everything.
pub struct Dovecot {
    dir: tempfile::TempDir,
    plain_port: u16,
    tls_port: u16,
    running: AtomicBool,
}

impl Dovecot {
    /// Starts a new server on fresh ports; panics if it cannot.
    pub fn start() -> Dovecot {
        let dir = tempfile::Builder::new()
            .prefix("hd-dovecot-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory for Dovecot: {e}"));
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            let [plain_port, tls_port] = free_ports::<2>();
            let out = run_dovecot_sh(dir.path(), plain_port, tls_port);
            match out.status.code() {
                Some(0) => {
                    return Dovecot {
                        dir,
                        plain_port,
                        tls_port,
                        running: AtomicBool::new(true),
                    };
                }
                // Another process took a port between our pick and Dovecot's bind.
                Some(EXIT_PORT_IN_USE) => last_error = String::from_utf8_lossy(&out.stderr).into(),
                _ => panic!(
                    "cannot start Dovecot for the test (needs Debian packages dovecot-imapd \
                     and openssl; see scripts/test-servers/dovecot.sh):\n{}",
                    String::from_utf8_lossy(&out.stderr)
                ),
            }
        }
        panic!("cannot start Dovecot: ports kept being taken; last error:\n{last_error}")
    }

    /// Port of the plain-text IMAP listener (plaintext LOGIN allowed).
    pub fn plain_port(&self) -> u16 {
        self.plain_port
    }

    /// Port of the implicit-TLS IMAPS listener.
    pub fn tls_port(&self) -> u16 {
        self.tls_port
    }

    /// PEM file of the CA that signed the server certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The default test account: ("alice", "secret").
    pub fn user(&self) -> (&str, &str) {
        (USERS[0], PASSWORD)
    }

    /// The server's directory (config, dovecot.log, mail/USER/Maildir).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The Maildir of a user (exists once the user logged in or got mail).
    pub fn maildir(&self, user: &str) -> PathBuf {
        self.dir.path().join("mail").join(user).join("Maildir")
    }

    /// Dovecot's log so far, for assertion messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// Whether the server is up (not stopped by [`Dovecot::stop`]).
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    /// A logged-in IMAP session for `user` over the plain port, for checks.
    pub fn session(&self, user: &str) -> imap::Session<TcpStream> {
        let stream = connect(self.plain_port)
            .unwrap_or_else(|e| panic!("cannot connect to Dovecot on {}: {e}", self.plain_port));
        let mut client = imap::Client::new(stream);
        client
            .read_greeting()
            .unwrap_or_else(|e| panic!("no IMAP greeting from Dovecot: {e}"));
        match client.login(user, PASSWORD) {
            Ok(session) => session,
            Err((e, _)) => panic!("IMAP login as {user} failed: {e}\n{}", self.log()),
        }
    }

    /// Appends one message over IMAP, creating `folder` if missing.
    pub fn append(
        &self,
        user: &str,
        folder: &str,
        raw: &[u8],
        internaldate: Option<DateTime<FixedOffset>>,
    ) {
        self.append_many(user, folder, &[(raw, internaldate)]);
    }

    /// Appends messages in order over one IMAP session (bulk test data).
    pub fn append_many(
        &self,
        user: &str,
        folder: &str,
        messages: &[(&[u8], Option<DateTime<FixedOffset>>)],
    ) {
        let mut session = self.session(user);
        ensure_folder(&mut session, folder);
        for (raw, internaldate) in messages {
            let mut cmd = session.append(folder, raw);
            if let Some(date) = internaldate {
                cmd.internal_date(*date);
            }
            if let Err(e) = cmd.finish() {
                panic!("IMAP APPEND to {user}/{folder} failed: {e}");
            }
        }
        let _ = session.logout();
    }

    /// Creates a folder for `user` if it does not exist yet.
    pub fn create_folder(&self, user: &str, folder: &str) {
        let mut session = self.session(user);
        ensure_folder(&mut session, folder);
        let _ = session.logout();
    }

    /// Drops `raw` into the user's Maildir/new as the local delivery agent would.
    pub fn deliver_maildir(&self, user: &str, raw: &[u8]) -> PathBuf {
        self.deliver(user, raw, None)
    }

    /// Like [`Dovecot::deliver_maildir`], with the file time Dovecot reports
    /// as INTERNALDATE.
    pub fn deliver_maildir_at(&self, user: &str, raw: &[u8], time: SystemTime) -> PathBuf {
        self.deliver(user, raw, Some(time))
    }

    fn deliver(&self, user: &str, raw: &[u8], time: Option<SystemTime>) -> PathBuf {
        // dovecot.sh makes mail/ owned by the user mail processes run as.
        let mail_root = self.dir.path().join("mail");
        let owner = fs::metadata(&mail_root)
            .unwrap_or_else(|e| panic!("cannot stat {}: {e}", mail_root.display()));
        let (uid, gid) = (owner.uid(), owner.gid());
        let maildir = self.maildir(user);
        for dir in [
            mail_root.join(user),
            maildir.clone(),
            maildir.join("cur"),
            maildir.join("new"),
            maildir.join("tmp"),
        ] {
            if !dir.is_dir() {
                fs::DirBuilder::new()
                    .mode(0o700)
                    .create(&dir)
                    .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
                chown(&dir, Some(uid), Some(gid))
                    .unwrap_or_else(|e| panic!("cannot chown {}: {e}", dir.display()));
            }
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{}.M{}P{}Q{}.hd-test",
            now.as_secs(),
            now.subsec_micros(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        // Maildir protocol: write in tmp/, then rename into new/ whole.
        let tmp = maildir.join("tmp").join(&name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", tmp.display()));
        file.write_all(raw)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", tmp.display()));
        if let Some(time) = time {
            file.set_modified(time)
                .unwrap_or_else(|e| panic!("cannot set the time of {}: {e}", tmp.display()));
        }
        drop(file);
        chown(&tmp, Some(uid), Some(gid))
            .unwrap_or_else(|e| panic!("cannot chown {}: {e}", tmp.display()));
        let dest = maildir.join("new").join(&name);
        fs::rename(&tmp, &dest)
            .unwrap_or_else(|e| panic!("cannot move {} into new/: {e}", tmp.display()));
        dest
    }

    /// The folder's UIDVALIDITY, read with IMAP EXAMINE.
    pub fn uidvalidity(&self, user: &str, folder: &str) -> u32 {
        let mut session = self.session(user);
        let mailbox = session
            .examine(folder)
            .unwrap_or_else(|e| panic!("IMAP EXAMINE {user}/{folder} failed: {e}"));
        let _ = session.logout();
        mailbox
            .uid_validity
            .unwrap_or_else(|| panic!("Dovecot sent no UIDVALIDITY for {user}/{folder}"))
    }

    /// UIDs of all messages in the folder, ascending.
    pub fn uids(&self, user: &str, folder: &str) -> Vec<u32> {
        let mut session = self.session(user);
        session
            .examine(folder)
            .unwrap_or_else(|e| panic!("IMAP EXAMINE {user}/{folder} failed: {e}"));
        let found = session
            .uid_search("ALL")
            .unwrap_or_else(|e| panic!("IMAP UID SEARCH in {user}/{folder} failed: {e}"));
        let _ = session.logout();
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        uids
    }

    /// Gives the folder a new UIDVALIDITY, as when a server rebuilds a
    /// mailbox: the messages stay (same bytes, flags and INTERNALDATE) but
    /// get new UIDs above the old ones. Returns the new UIDVALIDITY; panics
    /// unless IMAP reports it changed.
    pub fn bump_uidvalidity(&self, user: &str, folder: &str) -> u32 {
        assert!(
            self.is_running(),
            "bump_uidvalidity needs the server running"
        );
        let old = self.uidvalidity(user, folder);
        let parking = format!("hd-test-parking-{}", COUNTER.fetch_add(1, Ordering::SeqCst));
        let new = if old == u32::MAX { 1 } else { old + 1 };
        let new_text = new.to_string();
        self.doveadm(&["mailbox", "create", "-u", user, &parking]);
        self.doveadm(&["move", "-u", user, &parking, "mailbox", folder, "ALL"]);
        self.doveadm(&[
            "mailbox",
            "update",
            "-u",
            user,
            "--uid-validity",
            &new_text,
            folder,
        ]);
        self.doveadm(&["move", "-u", user, folder, "mailbox", &parking, "ALL"]);
        self.doveadm(&["mailbox", "delete", "-u", user, &parking]);
        let now = self.uidvalidity(user, folder);
        assert_ne!(now, old, "UIDVALIDITY of {user}/{folder} did not change");
        now
    }

    fn doveadm(&self, args: &[&str]) {
        let config = self.dir.path().join("dovecot.conf");
        let out = Command::new("doveadm")
            .arg("-c")
            .arg(&config)
            .args(args)
            .stdin(Stdio::null())
            .env("PATH", path_with_sbin())
            .output()
            .unwrap_or_else(|e| panic!("cannot run doveadm: {e}"));
        assert!(
            out.status.success(),
            "doveadm {} failed: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops the server (connections are then refused); panics if it cannot.
    pub fn stop(&self) {
        if !self.running.swap(false, Ordering::SeqCst) {
            return;
        }
        let dir = self.dir.path().to_string_lossy().into_owned();
        let out = run_script("dovecot-stop.sh", &[&dir]);
        assert!(
            out.status.success(),
            "cannot stop Dovecot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts a stopped server again: same ports, users, certificates, mail.
    pub fn start_again(&self) {
        if self.running.load(Ordering::SeqCst) {
            return;
        }
        let out = run_dovecot_sh(self.dir.path(), self.plain_port, self.tls_port);
        assert!(
            out.status.success(),
            "cannot restart Dovecot on ports {} and {}:\n{}",
            self.plain_port,
            self.tls_port,
            String::from_utf8_lossy(&out.stderr)
        );
        self.running.store(true, Ordering::SeqCst);
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if self.running.swap(false, Ordering::SeqCst) {
            let dir = self.dir.path().to_string_lossy().into_owned();
            // No panic here: it would abort a test that is already failing.
            let out = run_script("dovecot-stop.sh", &[&dir]);
            if !out.status.success() {
                eprintln!(
                    "warning: cannot stop Dovecot in {dir}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        if keep_dirs() {
            self.dir.disable_cleanup(true);
            eprintln!("kept Dovecot directory {}", self.dir.path().display());
        }
    }
}

fn run_dovecot_sh(dir: &Path, plain_port: u16, tls_port: u16) -> Output {
    let dir = dir.to_string_lossy().into_owned();
    run_script(
        "dovecot.sh",
        &[&dir, &plain_port.to_string(), &tls_port.to_string()],
    )
}

/// Debian keeps doveadm's sibling dovecot in /usr/sbin, often not on PATH.
fn path_with_sbin() -> String {
    let path = std::env::var("PATH").unwrap_or_default();
    format!("{path}:/usr/sbin:/sbin")
}

fn ensure_folder(session: &mut imap::Session<TcpStream>, folder: &str) {
    if folder.eq_ignore_ascii_case("INBOX") {
        return;
    }
    if let Err(e) = session.create(folder) {
        let text = e.to_string().to_ascii_lowercase();
        if !text.contains("alreadyexists") && !text.contains("already exists") {
            panic!("IMAP CREATE {folder} failed: {e}");
        }
    }
}

/// One message's SMTP envelope, as the test SMTP server saved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The MAIL FROM address.
    pub mail_from: String,
    /// The accepted RCPT TO addresses, in order.
    pub rcpt_tos: Vec<String>,
}

/// A real SMTP server (aiosmtpd) on 127.0.0.1 that saves what it accepts.
///
/// Messages are the exact DATA bytes, in arrival order. With auth set, AUTH
/// PLAIN/LOGIN without TLS is required and wrong credentials get 535.
/// Dropping it stops the server and deletes what it saved.
pub struct Smtp {
    dir: tempfile::TempDir,
    port: u16,
    extra_args: Vec<String>,
    child: Mutex<Option<Child>>,
}

/// Why a spawn of the SMTP server failed.
enum SpawnError {
    PortInUse(String),
    Other(String),
}

impl Smtp {
    /// Starts a server; `auth` = Some((user, password)) requires AUTH.
    pub fn start(auth: Option<(&str, &str)>) -> Smtp {
        Smtp::start_with(auth, None)
    }

    /// Like [`Smtp::start`], and rejects RCPT TO with `fail_rcpt`: "550"
    /// (every recipient, permanent), "450" (transient) or "550:addr@x"
    /// (only that recipient).
    pub fn start_with(auth: Option<(&str, &str)>, fail_rcpt: Option<&str>) -> Smtp {
        Smtp::start_args(auth, fail_rcpt, None)
    }

    /// Like [`Smtp::start`], answering each message's DATA only after `delay`
    /// (a slow server, to catch two senders at once).
    pub fn start_slow(delay: Duration) -> Smtp {
        Smtp::start_args(None, None, Some(delay))
    }

    fn start_args(
        auth: Option<(&str, &str)>,
        fail_rcpt: Option<&str>,
        delay: Option<Duration>,
    ) -> Smtp {
        let dir = tempfile::Builder::new()
            .prefix("hd-smtp-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory for SMTP: {e}"));
        let mut extra_args = Vec::new();
        if let Some((user, password)) = auth {
            extra_args.push("--auth".to_string());
            extra_args.push(format!("{user}:{password}"));
        }
        if let Some(fail) = fail_rcpt {
            extra_args.push("--fail-rcpt".to_string());
            extra_args.push(fail.to_string());
        }
        if let Some(delay) = delay {
            extra_args.push("--delay".to_string());
            extra_args.push(format!("{}", delay.as_secs_f64()));
        }
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port();
            match spawn_smtp(dir.path(), port, &extra_args) {
                Ok(child) => {
                    return Smtp {
                        dir,
                        port,
                        extra_args,
                        child: Mutex::new(Some(child)),
                    };
                }
                Err(SpawnError::PortInUse(log)) => last_error = log,
                Err(SpawnError::Other(why)) => panic!(
                    "cannot start the SMTP test server (needs Debian package \
                     python3-aiosmtpd; see scripts/test-servers/smtp_server.py):\n{why}"
                ),
            }
        }
        panic!("cannot start the SMTP test server: ports kept being taken:\n{last_error}")
    }

    /// The port it listens on (127.0.0.1; plain SMTP, no TLS).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the messages are saved: N.eml and N.env, N from 1.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().join("messages")
    }

    /// The server's log (stderr of smtp_server.py), for assertion messages.
    pub fn log(&self) -> String {
        smtp_log(self.dir.path())
    }

    /// Sequence numbers of the saved messages, ascending.
    fn seqs(&self) -> Vec<u64> {
        let mut seqs: Vec<u64> = match fs::read_dir(self.dir()) {
            Ok(entries) => entries
                .filter_map(|entry| {
                    let name = entry.ok()?.file_name().into_string().ok()?;
                    name.strip_suffix(".eml")?.parse().ok()
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        seqs.sort_unstable();
        seqs
    }

    /// Every message received so far, exactly as sent in DATA, in order.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.seqs()
            .into_iter()
            .map(|seq| {
                let path = self.dir().join(format!("{seq}.eml"));
                fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            })
            .collect()
    }

    /// The envelope of every message received so far, in the same order.
    pub fn envelopes(&self) -> Vec<Envelope> {
        self.seqs()
            .into_iter()
            .map(|seq| {
                let path = self.dir().join(format!("{seq}.env"));
                let text = fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                parse_envelope(&text)
                    .unwrap_or_else(|| panic!("bad envelope file {}: {text}", path.display()))
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived and returns all of them;
    /// panics after `timeout`.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "SMTP server got {} message(s) within {timeout:?}, expected {n}\nlog:\n{}",
                    messages.len(),
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server (connections are then refused).
    pub fn stop(&self) {
        let child = self.lock_child().take();
        if let Some(child) = child {
            terminate(child);
        }
    }

    /// Starts a stopped server again on the same port, keeping its messages
    /// (numbering continues); panics if it cannot.
    pub fn start_again(&self) {
        let mut guard = self.lock_child();
        if guard.is_some() {
            return;
        }
        match spawn_smtp(self.dir.path(), self.port, &self.extra_args) {
            Ok(child) => *guard = Some(child),
            Err(SpawnError::PortInUse(why) | SpawnError::Other(why)) => {
                panic!(
                    "cannot restart the SMTP test server on port {}:\n{why}",
                    self.port
                )
            }
        }
    }

    fn lock_child(&self) -> std::sync::MutexGuard<'_, Option<Child>> {
        // A panic elsewhere must not stop Drop from killing the server.
        self.child
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Runs smtp_server.py for the server rooted at `root` and waits until it listens.
fn spawn_smtp(root: &Path, port: u16, extra_args: &[String]) -> Result<Child, SpawnError> {
    let script = scripts_dir().join("smtp_server.py");
    // Truncated per start, so the readiness line below is this run's.
    let log = fs::File::create(root.join("smtp.log"))
        .map_err(|e| SpawnError::Other(format!("cannot create the log: {e}")))?;
    let log_err = log
        .try_clone()
        .map_err(|e| SpawnError::Other(format!("cannot reopen the log: {e}")))?;
    let mut child = Command::new(python())
        .arg(&script)
        .arg("--port")
        .arg(port.to_string())
        .arg("--dir")
        .arg(root.join("messages"))
        .args(extra_args)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .spawn()
        .map_err(|e| {
            SpawnError::Other(format!("cannot run {} {}: {e}", python(), script.display()))
        })?;
    // Printed after the bind succeeded, so it cannot be another process.
    let ready = format!("listening on 127.0.0.1:{}", port);
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let log = smtp_log(root);
                return Err(if status.code() == Some(EXIT_PORT_IN_USE) {
                    SpawnError::PortInUse(log)
                } else {
                    SpawnError::Other(format!("smtp_server.py exited ({status}):\n{log}"))
                });
            }
            Ok(None) => {}
            Err(e) => return Err(SpawnError::Other(format!("cannot watch the server: {e}"))),
        }
        if smtp_log(root).contains(&ready) {
            return Ok(child);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(SpawnError::Other(format!(
                "smtp_server.py did not listen within {START_TIMEOUT:?}:\n{}",
                smtp_log(root)
            )));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
fn smtp_log(root: &Path) -> String {
    fs::read_to_string(root.join("smtp.log")).unwrap_or_default()
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.stop();
        if keep_dirs() {
            self.dir.disable_cleanup(true);
            eprintln!("kept SMTP directory {}", self.dir.path().display());
        }
    }
}

/// The interpreter that sees Debian's python3-aiosmtpd: `HD_TEST_PYTHON`,
/// else /usr/bin/python3 (a pyenv or venv python3 on PATH would not).
fn python() -> String {
    if let Some(p) = std::env::var_os("HD_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return p.to_string_lossy().into_owned();
    }
    if Path::new("/usr/bin/python3").exists() {
        return "/usr/bin/python3".to_string();
    }
    "python3".to_string()
}

/// SIGTERM (the server exits cleanly), then SIGKILL if it lingers.
fn terminate(mut child: Child) {
    // std can only SIGKILL; procps' kill may be missing, sh's builtin is not.
    let _ = Command::new("sh")
        .args(["-c", "kill -TERM \"$1\"", "sh", &child.id().to_string()])
        .stdin(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads the .env JSON smtp_server.py writes: {"mail_from": S, "rcpt_tos": [S...]}.
fn parse_envelope(text: &str) -> Option<Envelope> {
    let mut p = Json {
        s: text.as_bytes(),
        i: 0,
    };
    let mut mail_from = None;
    let mut rcpt_tos = None;
    p.expect(b'{')?;
    loop {
        let key = p.string()?;
        p.expect(b':')?;
        match key.as_str() {
            "mail_from" => mail_from = Some(p.string()?),
            "rcpt_tos" => {
                let mut list = Vec::new();
                p.expect(b'[')?;
                if !p.eat(b']') {
                    loop {
                        list.push(p.string()?);
                        if p.eat(b']') {
                            break;
                        }
                        p.expect(b',')?;
                    }
                }
                rcpt_tos = Some(list);
            }
            _ => return None,
        }
        if p.eat(b'}') {
            break;
        }
        p.expect(b',')?;
    }
    Some(Envelope {
        mail_from: mail_from?,
        rcpt_tos: rcpt_tos?,
    })
}

/// Just enough JSON for the envelope files (strings with all escapes).
struct Json<'a> {
    s: &'a [u8],
    i: usize,
}

impl Json<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: json.dumps escapes non-BMP this way.
                                if self.s.get(self.i..self.i + 2)? != b"\\u" {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + lo.checked_sub(0xDC00)?
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }
}
