//! hd's IMAP reader against a scripted fake server (what a real server rarely
//! sends: literals mid-line, BYE, NO/BAD, endless lines, a cut connection) and
//! against Dovecot (folder names in modified UTF-7, a CA bundle).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::support::servers::Dovecot;
use crate::support::{BASE_CONFIG, TestEnv};

/// The message every scripted FETCH delivers.
const MESSAGE: &str = "Message-ID: <fake-1@example.cz>\r\nFrom: Jana <jana@zakaznik.cz>\r\n\
To: support@example.com\r\nSubject: Z falesneho serveru\r\n\r\nDobry den.\r\n";

/// How the fake server answers LOGIN.
#[derive(Clone, Copy)]
enum Login {
    Ok,
    No,
    Bad,
}

/// A one-connection IMAP server that answers what `hd sync` asks, with
/// `fetch` (where `TAG` stands for the command's tag) as its answer to the
/// message FETCH. With `cut`, it closes the connection right after `fetch`.
struct FakeImap {
    port: u16,
    thread: Option<JoinHandle<Vec<String>>>,
}

impl FakeImap {
    fn start(login: Login, fetch: Vec<u8>, cut: bool) -> FakeImap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let thread = std::thread::spawn(move || {
            let (conn, _) = listener.accept().expect("accept");
            serve(conn, login, &fetch, cut)
        });
        FakeImap {
            port,
            thread: Some(thread),
        }
    }

    /// The commands the client sent.
    fn commands(mut self) -> Vec<String> {
        self.thread.take().unwrap().join().unwrap_or_default()
    }
}

fn serve(conn: TcpStream, login: Login, fetch: &[u8], cut: bool) -> Vec<String> {
    let mut seen = Vec::new();
    let mut w = conn.try_clone().unwrap();
    let mut r = BufReader::new(conn);
    let _ = w.write_all(b"* OK [CAPABILITY IMAP4rev1] fake ready\r\n");
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return seen;
        }
        let text = line.trim_end().to_string();
        seen.push(text.clone());
        let (tag, cmd) = text.split_once(' ').unwrap_or((&text, ""));
        let upper = cmd.to_ascii_uppercase();
        let answer = if upper.starts_with("LOGIN") {
            match login {
                Login::Ok => format!("{tag} OK LOGIN completed\r\n"),
                Login::No => format!("{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"),
                Login::Bad => format!("{tag} BAD LOGIN is disabled on this port\r\n"),
            }
        } else if upper.starts_with("CAPABILITY") {
            format!("* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n")
        } else if upper.starts_with("EXAMINE") || upper.starts_with("SELECT") {
            format!(
                "* 1 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen)\r\n* OK [UIDVALIDITY 42] ok\r\n\
                 * OK [UIDNEXT 2] ok\r\n{tag} OK [READ-ONLY] EXAMINE completed\r\n"
            )
        } else if upper.starts_with("UID SEARCH") {
            format!("* SEARCH 1\r\n{tag} OK done\r\n")
        } else if upper.starts_with("UID FETCH") && upper.contains("RFC822.SIZE") {
            format!(
                "* 1 FETCH (UID 1 RFC822.SIZE {})\r\n{tag} OK done\r\n",
                MESSAGE.len()
            )
        } else if upper.starts_with("UID FETCH") {
            let text = String::from_utf8_lossy(fetch).replace("TAG", tag);
            let _ = w.write_all(text.as_bytes());
            let _ = w.flush();
            if cut {
                let _ = w.shutdown(std::net::Shutdown::Both);
                return seen;
            }
            continue;
        } else if upper.starts_with("LOGOUT") {
            let _ = w.write_all(format!("* BYE bye\r\n{tag} OK done\r\n").as_bytes());
            return seen;
        } else {
            format!("{tag} OK done\r\n")
        };
        if w.write_all(answer.as_bytes()).is_err() {
            return seen;
        }
    }
}

fn env_for(port: u16) -> TestEnv {
    TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"fake\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {port}, tls = \"none\", user = \"u\", password = \"p\" }}\n"
    ))
}

/// `* 1 FETCH (UID 1 <before> BODY[] {N}\r\n<message><after>)\r\nTAG OK\r\n`
fn fetch_response(before: &str, after: &str) -> Vec<u8> {
    format!(
        "* 1 FETCH (UID 1 {before} BODY[] {{{}}}\r\n{MESSAGE}{after})\r\nTAG OK done\r\n",
        MESSAGE.len()
    )
    .into_bytes()
}

fn subjects(env: &TestEnv) -> Vec<String> {
    let v = env
        .run(&["list", "--view", "all", "--format", "json"])
        .json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_brace_mid_line_is_text_and_the_message_is_stored() {
    let fake = FakeImap::start(
        Login::Ok,
        fetch_response(
            "X-LABELS ({5} \"a {3}\") FLAGS (\\Seen)",
            " INTERNALDATE \"23-Nov-2026 08:00:00 +0100\"",
        ),
        false,
    );
    let env = env_for(fake.port);
    env.run(&["sync"]).ok();
    assert_eq!(subjects(&env), vec!["Z falesneho serveru"]);
    let cmds = fake.commands();
    assert!(cmds.iter().any(|c| c.contains("BODY.PEEK[]")), "{cmds:?}");
}

/// Runs a sync against a fake server answering the FETCH with `fetch`; returns stderr.
#[track_caller]
fn failing_sync(fetch: Vec<u8>, cut: bool, code: i32) -> String {
    let fake = FakeImap::start(Login::Ok, fetch, cut);
    let env = env_for(fake.port);
    let r = env.run(&["sync"]);
    let err = r.fails(code).to_string();
    assert_eq!(
        err.lines().filter(|l| l.starts_with("hd: error:")).count(),
        1,
        "{err}"
    );
    assert!(subjects(&env).is_empty(), "nothing stored");
    err
}

#[test]
fn bye_is_temporary_and_keeps_its_text() {
    let err = failing_sync(
        b"* BYE Server shutting down for maintenance\r\n".to_vec(),
        true,
        75,
    );
    assert!(
        err.contains("BYE Server shutting down for maintenance"),
        "{err}"
    );
}

#[test]
fn no_and_bad_to_fetch_are_temporary_with_the_servers_words() {
    let err = failing_sync(b"TAG NO [UNAVAILABLE] Backend down\r\n".to_vec(), false, 75);
    assert!(err.contains("NO [UNAVAILABLE] Backend down"), "{err}");
    let err = failing_sync(b"TAG BAD Unknown command\r\n".to_vec(), false, 75);
    assert!(err.contains("BAD Unknown command"), "{err}");
}

#[test]
fn a_ten_megabyte_line_is_a_protocol_error_not_a_crash() {
    let mut line = b"* 1 FETCH (UID 1 X-JUNK ".to_vec();
    line.extend(std::iter::repeat_n(b'x', 10 << 20));
    line.extend_from_slice(b")\r\nTAG OK done\r\n");
    let err = failing_sync(line, true, 75);
    assert!(err.contains("longer than"), "{err}");
}

#[test]
fn a_connection_cut_inside_a_literal_is_temporary_and_stores_nothing() {
    let mut cut = fetch_response("", "");
    cut.truncate(cut.len() / 2);
    let err = failing_sync(cut, true, 75);
    assert!(err.contains("literal"), "{err}");
}

#[test]
fn login_no_is_4_and_login_bad_is_not() {
    let fake = FakeImap::start(Login::No, Vec::new(), false);
    let env = env_for(fake.port);
    env.run(&["sync"]).fails(4);
    let fake = FakeImap::start(Login::Bad, Vec::new(), false);
    let env = env_for(fake.port);
    let err = env.run(&["sync"]).fails(1).to_string();
    assert!(err.contains("BAD"), "{err}");
    assert!(err.contains("LOGIN is disabled on this port"), "{err}");
}

// ------------------------------------------------------------ Dovecot

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_folder_with_accents_is_read_by_its_modified_utf7_name() {
    let d = Dovecot::start();
    // The wire name of `Přijaté` (RFC 3501 5.1.3); Dovecot shows it as UTF-8.
    d.create_folder("alice", "P&AVk-ijat&AOk-");
    d.append("alice", "P&AVk-ijat&AOk-", &fixture("plain-utf8.eml"), None);
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"cz\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"none\", user = \"alice\", \
         password = \"secret\", folders = [\"INBOX\", \"Přijaté\"] }}\n",
        d.plain_port()
    ));
    env.run(&["sync"]).ok();
    assert_eq!(subjects(&env).len(), 1);
    // A second run finds nothing new there: its state is kept under the UTF-8 name.
    env.run(&["sync"]).ok();
    assert_eq!(subjects(&env).len(), 1);
}

/// A self-signed CA that signed nothing we meet.
fn unrelated_ca(dir: &Path) -> PathBuf {
    let key = dir.join("other.key");
    let pem = dir.join("other.pem");
    let out = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args([
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Unrelated test CA",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&pem)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pem
}

#[test]
fn an_imap_ca_bundle_trusts_every_certificate_in_it() {
    let d = Dovecot::start();
    d.append("alice", "INBOX", &fixture("plain-utf8.eml"), None);
    let tmp = tempfile::tempdir().unwrap();
    // The server's CA second: reading only the first certificate would refuse it.
    let mut bundle = std::fs::read(unrelated_ca(tmp.path())).unwrap();
    bundle.extend(std::fs::read(d.ca_file()).unwrap());
    let path = tmp.path().join("bundle.pem");
    std::fs::write(&path, bundle).unwrap();
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"secure\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"tls\", ca_file = \"{}\", \
         user = \"alice\", password = \"secret\" }}\n",
        d.tls_port(),
        path.display()
    ));
    env.run(&["sync"]).ok();
    assert_eq!(subjects(&env).len(), 1);
    // A ca_file with no certificate is a config error naming the file.
    let empty = tmp.path().join("empty.pem");
    std::fs::write(&empty, "nothing here\n").unwrap();
    let env = TestEnv::with_config(&format!(
        "{BASE_CONFIG}\n[[mailbox]]\nname = \"secure\"\nqueue = \"support\"\n\
         imap = {{ host = \"127.0.0.1\", port = {}, tls = \"tls\", ca_file = \"{}\", \
         user = \"alice\", password = \"secret\" }}\n",
        d.tls_port(),
        empty.display()
    ));
    let err = env.run(&["sync"]).fails(2).to_string();
    assert!(err.contains("empty.pem"), "{err}");
}
