//! A sanitising layer between the client's stdin/stdout and tower-lsp.
//!
//! tower-lsp reads stdin itself, and one message it cannot decode (invalid
//! JSON, a batch array, a float id, a lower-case `content-length`, LF-only
//! header lines) ends its input stream, so the whole session, without a word;
//! a `Content-Length: 0` message swallows the request written after it; a
//! position that does not fit a `u32` (character -1 or 2^32) makes it drop
//! the whole `didChange`, valid changes included. So every message goes
//! through here first:
//!
//! - **Framing** is read leniently where the meaning is clear (header names
//!   in any case, `\n` or `\r\n` line ends, other headers ignored) and
//!   re-written canonically for tower-lsp. Framing that cannot be read (no
//!   `Content-Length`, a length that is not a number or is over
//!   [`MAX_MESSAGE_BYTES`], the input ending inside a message) ends the
//!   session with a message on stderr saying what was wrong.
//! - **A message that is framed but is not JSON-RPC** (not JSON, a batch, no
//!   `jsonrpc: "2.0"`, an id that is neither an integer nor a string, a
//!   method that is not a string) gets its error response, with its id when
//!   it has a usable one, and the session goes on.
//! - **Positions** (`line`/`character` pairs in a message's params) that do
//!   not fit a `u32` are clamped into it and logged; the server then clamps
//!   them into the document as the protocol says (`position.rs`), so a change
//!   is never dropped.
//!
//! Replies made here and the server's own messages are written whole, one
//! after the other, by one writer task.

use serde_json::{json, Map, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Longer header lines are not LSP framing.
const MAX_HEADER_LINE: u64 = 8 * 1024;
/// A message larger than this ends the session: a 64 MB article (the most
/// Byline analyses) is well under it even escaped as JSON.
pub const MAX_MESSAGE_BYTES: usize = 512 * 1024 * 1024;

/// The streams tower-lsp reads and writes, and the task that writes its
/// output to the client (await it after the server stops, so the last
/// replies are flushed).
pub struct Sanitised {
    pub input: tokio::io::DuplexStream,
    pub output: tokio::io::DuplexStream,
    pub writer: JoinHandle<()>,
}

/// Puts the layer between `client_in`/`client_out` and the server.
pub fn spawn<R, W>(client_in: R, client_out: W) -> Sanitised
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (input, to_server) = tokio::io::duplex(1 << 16);
    let (output, from_server) = tokio::io::duplex(1 << 16);
    let (replies, replies_rx) = mpsc::unbounded_channel();
    tokio::spawn(read_client(BufReader::new(client_in), to_server, replies));
    let writer = tokio::spawn(write_client(BufReader::new(from_server), replies_rx, client_out));
    Sanitised { input, output, writer }
}

async fn read_client<R: AsyncBufRead + Unpin>(
    mut client: R,
    mut to_server: tokio::io::DuplexStream,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    loop {
        let body = match read_frame(&mut client).await {
            Ok(Some(body)) => body,
            Ok(None) => break,
            Err(broken) => {
                eprintln!("byline lsp: broken message framing on stdin: {broken}; ending the session");
                break;
            }
        };
        match check(&body) {
            Checked::Forward(message) => {
                if to_server.write_all(&frame(&message)).await.is_err() {
                    break;
                }
            }
            Checked::Reject { reason, reply } => {
                eprintln!("byline lsp: ignored a message that is not JSON-RPC: {reason}");
                if let Some(reply) = reply {
                    let _ = replies.send(reply);
                }
            }
        }
    }
    // Dropping `to_server` ends the server's input: it stops as at EOF.
}

async fn write_client<W: AsyncWrite + Unpin>(
    mut from_server: BufReader<tokio::io::DuplexStream>,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut client: W,
) {
    loop {
        tokio::select! {
            message = read_frame(&mut from_server) => match message {
                Ok(Some(body)) => {
                    if client.write_all(&frame(&body)).await.is_err() || client.flush().await.is_err() {
                        return;
                    }
                }
                // The server stopped: what was rejected meanwhile is still said.
                _ => {
                    while let Ok(reply) = replies.try_recv() {
                        let _ = client.write_all(&frame(&reply)).await;
                    }
                    let _ = client.flush().await;
                    return;
                }
            },
            Some(reply) = replies.recv() => {
                if client.write_all(&frame(&reply)).await.is_err() || client.flush().await.is_err() {
                    return;
                }
            }
        }
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

/// One message's body; `None` at the end of the input between messages.
async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<Option<Vec<u8>>, String> {
    let mut length: Option<usize> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let read = (&mut *reader)
            .take(MAX_HEADER_LINE + 1)
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| format!("cannot read: {e}"))?;
        if read == 0 {
            return if headers == 0 { Ok(None) } else { Err("the input ended inside a message's headers".into()) };
        }
        if !line.ends_with(b"\n") {
            return Err(if line.len() as u64 > MAX_HEADER_LINE {
                "a header line longer than 8 KB".into()
            } else {
                "the input ended inside a message's headers".into()
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                continue; // a stray blank line between messages
            }
            break;
        }
        headers += 1;
        let header = text
            .split_once(':')
            .filter(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let Some((name, value)) = header else {
            let shown: String = text.chars().take(80).collect();
            return Err(format!("expected a `Name: value` header line, found {shown:?}"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length = Some(value.parse().map_err(|_| format!("Content-Length is not a number: {value:?}"))?);
        }
    }
    let length = length.ok_or("a message without a Content-Length header")?;
    if length > MAX_MESSAGE_BYTES {
        return Err(format!("Content-Length {length} is over the {} MB a message may have", MAX_MESSAGE_BYTES >> 20));
    }
    let mut body = Vec::with_capacity(length.min(1 << 20));
    (&mut *reader).take(length as u64).read_to_end(&mut body).await.map_err(|e| format!("cannot read: {e}"))?;
    if body.len() < length {
        return Err(format!("the input ended {} bytes into a {length}-byte message", body.len()));
    }
    Ok(Some(body))
}

enum Checked {
    /// The message to give the server (the original bytes, or rewritten).
    Forward(Vec<u8>),
    /// Not JSON-RPC: why, and the error response to send, if one can be.
    Reject { reason: String, reply: Option<Vec<u8>> },
}

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

fn error_reply(id: Value, code: i64, message: &str) -> Option<Vec<u8>> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})).ok()
}

fn check(body: &[u8]) -> Checked {
    let reject =
        |id: Value, code: i64, reason: String| Checked::Reject { reply: error_reply(id, code, &reason), reason };
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) if body.is_empty() => return reject(Value::Null, PARSE_ERROR, "an empty message body".into()),
        Err(e) => return reject(Value::Null, PARSE_ERROR, format!("not JSON: {e}")),
    };
    let mut message = match value {
        Value::Object(map) => map,
        Value::Array(_) => return reject(Value::Null, INVALID_REQUEST, "batch messages are not supported".into()),
        _ => return reject(Value::Null, INVALID_REQUEST, "expected a JSON-RPC object".into()),
    };
    // An id usable in a reply: an integer that fits i64, or a string.
    let id = match message.get("id") {
        None => None,
        Some(id @ Value::String(_)) => Some(id.clone()),
        Some(Value::Number(n)) if n.is_i64() => Some(Value::Number(n.clone())),
        Some(Value::Null) if is_response(&message) => Some(Value::Null),
        Some(other) => {
            return reject(
                Value::Null,
                INVALID_REQUEST,
                format!("the id must be an integer or a string, found {other}"),
            )
        }
    };
    let reply_id = id.clone().unwrap_or(Value::Null);
    if message.get("jsonrpc") != Some(&Value::String("2.0".into())) {
        let reason = "expected \"jsonrpc\": \"2.0\"".to_string();
        return if id.is_some() {
            reject(reply_id, INVALID_REQUEST, reason)
        } else {
            Checked::Reject { reason, reply: None }
        };
    }
    match message.get("method") {
        Some(Value::String(method)) => {
            let method = method.clone();
            let mut clamped = Vec::new();
            if let Some(params) = message.get_mut("params") {
                clamp_positions(params, &mut clamped);
            }
            if clamped.is_empty() {
                return Checked::Forward(body.to_vec());
            }
            eprintln!("byline lsp: {method}: positions out of range clamped: {}", clamped.join(", "));
            match serde_json::to_vec(&Value::Object(message)) {
                Ok(rewritten) => Checked::Forward(rewritten),
                Err(e) => reject(reply_id, INVALID_REQUEST, format!("cannot rewrite: {e}")),
            }
        }
        Some(other) => reject(reply_id, INVALID_REQUEST, format!("the method must be a string, found {other}")),
        None if is_response(&message) && id.is_some() => Checked::Forward(body.to_vec()),
        None => reject(reply_id, INVALID_REQUEST, "neither a request, a notification nor a response".into()),
    }
}

fn is_response(message: &Map<String, Value>) -> bool {
    message.contains_key("result") || message.contains_key("error")
}

/// Clamps every `{"line", "character"}` pair under `value` into `u32`
/// (negative to 0, too large to `u32::MAX`, fractions down), saying which.
fn clamp_positions(value: &mut Value, clamped: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("line") && map.contains_key("character") {
                let before = format!("{}:{}", map["line"], map["character"]);
                let mut changed = false;
                for key in ["line", "character"] {
                    if let Some(fixed) = map.get(key).and_then(clamp_u32) {
                        map.insert(key.to_string(), Value::from(fixed));
                        changed = true;
                    }
                }
                if changed {
                    clamped.push(format!("{before} -> {}:{}", map["line"], map["character"]));
                }
            }
            for child in map.values_mut() {
                clamp_positions(child, clamped);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| clamp_positions(item, clamped)),
        _ => {}
    }
}

/// The `u32` a number out of `u32` range is clamped to; `None` when it fits
/// (or is not a number: the server's own checks answer that).
fn clamp_u32(value: &Value) -> Option<u32> {
    let Value::Number(n) = value else { return None };
    if let Some(u) = n.as_u64() {
        return (u > u64::from(u32::MAX)).then_some(u32::MAX);
    }
    if n.as_i64().is_some() {
        return Some(0); // negative
    }
    let f = n.as_f64()?;
    Some(if f.is_nan() || f <= 0.0 {
        0
    } else if f >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        f.floor() as u32
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Result<Option<Vec<u8>>, String>> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        loop {
            let frame = read_frame(&mut reader).await;
            let end = !matches!(frame, Ok(Some(_)));
            out.push(frame);
            if end {
                return out;
            }
        }
    }

    #[tokio::test]
    async fn framing_is_read_leniently_where_its_meaning_is_clear() {
        let input = b"content-length: 2\n\n{}Content-Length: 0\r\n\r\nCONTENT-LENGTH: 2\r\nContent-Type: x\r\n\r\n[]";
        let got = frames(input).await;
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].as_ref().unwrap().as_deref(), Some(&b"{}"[..]));
        assert_eq!(got[1].as_ref().unwrap().as_deref(), Some(&b""[..]), "an empty body swallows nothing");
        assert_eq!(got[2].as_ref().unwrap().as_deref(), Some(&b"[]"[..]));
        assert!(matches!(got[3], Ok(None)));
    }

    #[tokio::test]
    async fn broken_framing_says_what_is_wrong() {
        for (input, expected) in [
            (&b"Content-Type: x\r\n\r\n{}"[..], "without a Content-Length"),
            (b"Content-Length: ten\r\n\r\n", "not a number"),
            (b"Content-Length: 10\r\n\r\n{}", "ended 2 bytes into a 10-byte message"),
            (b"Content-Length: 99999999999\r\n\r\n", "over the 512 MB"),
            (b"{\"jsonrpc\": \"2.0\"}\r\n\r\n", "expected a `Name: value` header line"),
        ] {
            let got = frames(input).await;
            let error = got.last().unwrap().as_ref().unwrap_err();
            assert!(error.contains(expected), "{error}");
        }
    }

    fn rejected(body: &str) -> (String, Option<Value>) {
        match check(body.as_bytes()) {
            Checked::Reject { reason, reply } => (reason, reply.map(|r| serde_json::from_slice(&r).unwrap())),
            Checked::Forward(_) => panic!("forwarded: {body}"),
        }
    }

    #[test]
    fn what_is_not_json_rpc_gets_an_error_reply_with_its_id() {
        let (_, reply) = rejected("{not json");
        assert_eq!(reply.unwrap()["error"]["code"], PARSE_ERROR);
        let (reason, reply) = rejected(r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#);
        assert!(reason.contains("batch"), "{reason}");
        assert_eq!(reply.unwrap()["id"], Value::Null);
        let (reason, _) = rejected(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#);
        assert!(reason.contains("integer or a string"), "{reason}");
        let (_, reply) = rejected(r#"{"jsonrpc":"2.0","id":7,"method":3}"#);
        assert_eq!(reply.unwrap()["id"], 7);
        let (_, reply) = rejected(r#"{"jsonrpc":"1.0","method":"initialized"}"#);
        assert!(reply.is_none(), "a notification gets no reply");
        let (_, reply) = rejected("");
        assert_eq!(reply.unwrap()["error"]["code"], PARSE_ERROR);
    }

    #[test]
    fn out_of_range_positions_are_clamped_and_valid_messages_pass_untouched() {
        let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.txt","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":-1},"end":{"line":4294967296,"character":2.5}},"text":"x"},{"text":"whole"}]}}"#;
        let Checked::Forward(out) = check(change.as_bytes()) else { panic!("rejected") };
        let out: Value = serde_json::from_slice(&out).unwrap();
        let range = &out["params"]["contentChanges"][0]["range"];
        assert_eq!((range["start"]["line"].as_u64(), range["start"]["character"].as_u64()), (Some(0), Some(0)));
        assert_eq!(range["end"]["line"].as_u64(), Some(u64::from(u32::MAX)));
        assert_eq!(range["end"]["character"].as_u64(), Some(2));
        assert_eq!(out["params"]["contentChanges"][1]["text"], "whole", "the other change is kept");

        let fine = r#"{"jsonrpc":"2.0","id":"a","method":"textDocument/hover","params":{"position":{"line":1,"character":2}}}"#;
        let Checked::Forward(out) = check(fine.as_bytes()) else { panic!("rejected") };
        assert_eq!(out, fine.as_bytes(), "forwarded byte for byte");
    }
}
