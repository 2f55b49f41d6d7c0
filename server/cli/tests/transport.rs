//! The language server's transport through the real binary: malformed
//! messages (issue 14) get their error response and the session goes on;
//! broken framing ends it with a message on stderr.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A running `byline lsp`, fed in steps as a client would: it waits for
/// the reply to `initialize` before the rest, and to `shutdown` before `exit`.
struct Server {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("byline runs");
        let stdin = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let sink = stdout.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Server { child, stdin, stdout }
    }

    fn send(&mut self, bytes: &[u8]) {
        let _ = self.stdin.as_mut().unwrap().write_all(bytes);
    }

    /// Waits (60 s at most) until stdout holds `expected`.
    fn wait_for(&self, expected: &str) {
        let started = Instant::now();
        while !self.stdout.lock().unwrap().contains(expected) {
            assert!(started.elapsed() < Duration::from_secs(60), "no {expected} in: {}", self.stdout.lock().unwrap());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes stdin and waits for the end: exit code, stdout, stderr.
    fn finish(mut self) -> (Option<i32>, String, String) {
        drop(self.stdin.take());
        let started = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("the server did not end within 60 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut err = String::new();
        let _ = self.child.stderr.take().unwrap().read_to_string(&mut err);
        let code = self.child.wait().unwrap().code();
        std::thread::sleep(Duration::from_millis(100));
        let out = self.stdout.lock().unwrap().clone();
        (code, out, err)
    }
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

#[test]
fn malformed_messages_get_their_error_and_the_session_goes_on() {
    let uri = "file:///tmp/byline-transport-test/a.txt";
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"plaintext","version":1,"text":"Hello.\n"}}}}}}"#
    );
    let change = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":2}},"contentChanges":[{{"range":{{"start":{{"line":0,"character":-1}},"end":{{"line":0,"character":4294967296}}}},"text":"Ana Lima said it."}}]}}}}"#
    );
    let symbols = |id: u32| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/documentSymbol","params":{{"textDocument":{{"uri":"{uri}"}}}}}}"#
        )
    };
    let mut server = Server::start();
    server.send(&framed(INITIALIZE));
    server.wait_for(r#""id":1}"#);
    let mut input = Vec::new();
    input.extend(framed(INITIALIZED));
    input.extend(framed(&open));
    input.extend(framed("{this is not json"));
    input.extend(framed(r#"[{"jsonrpc":"2.0","id":2,"method":"shutdown"}]"#));
    input.extend(framed(r#"{"jsonrpc":"2.0","id":3.5,"method":"shutdown"}"#));
    // A lower-case header, LF-only separators, an empty message before a request.
    let body = symbols(4);
    input.extend(format!("content-length: {}\r\n\r\n{body}", body.len()).into_bytes());
    let body = symbols(5);
    input.extend(format!("Content-Length: {}\n\n{body}", body.len()).into_bytes());
    input.extend(b"Content-Length: 0\r\n\r\n");
    input.extend(framed(&change));
    input.extend(framed(&symbols(6)));
    server.send(&input);
    server.wait_for(r#""id":6}"#);
    server.send(&framed(r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#));
    server.wait_for(r#""id":9}"#);
    server.send(&framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let (code, out, err) = server.finish();
    assert_eq!(code, Some(0), "shutdown then exit; stderr: {err}\nstdout: {out}");
    assert!(!out.contains(r#""code":-32002"#), "every request after initialize is served: {out}");
    // The change with out-of-range positions was applied, clamped, not dropped.
    let after_change = out.split("Content-Length").find(|m| m.contains(r#""id":6}"#)).unwrap();
    assert!(after_change.contains("Ana Lima"), "{after_change}");
    for expected in [r#""error":{"code":-32700"#, r#""id":4}"#, r#""id":5}"#, r#""id":6}"#, r#""id":9}"#] {
        assert!(out.contains(expected), "{expected} missing from: {out}");
    }
    assert!(out.matches(r#""code":-32600"#).count() >= 2, "batch and float id rejected: {out}");
    assert!(err.contains("batch messages are not supported"), "{err}");
    assert!(err.contains("textDocument/didChange: positions out of range clamped"), "{err}");
}

#[test]
fn broken_framing_ends_the_session_with_a_message() {
    let mut server = Server::start();
    server.send(&framed(INITIALIZE));
    server.wait_for(r#""id":1}"#);
    server.send(b"Content-Type: application/json\r\n\r\n{}");
    let (code, out, err) = server.finish();
    assert!(out.contains(r#""id":1}"#), "the request before the break is answered: {out}");
    assert!(err.contains("broken message framing on stdin: a message without a Content-Length header"), "{err}");
    assert_eq!(code, Some(1), "no shutdown was asked for");
}
