//! Benchmark (not a test): the real `byline lsp` binary over stdio on a
//! generated corpus of news-like articles.
//!
//!     cargo build --release -p byline
//!     cargo run --release -p byline-lsp --example bench_corpus -- 10000 100000
//!     cargo run --release -p byline-lsp --example bench_corpus -- 10000 --registry=50000
//!
//! With `--registry=N` the corpus gets an `entities.toml` of N entries (every
//! first-name/surname pair the articles use, the recurring person, then
//! made-up organisations), and the run also times a registry change: the
//! file rewritten on disk, a watched-file event, until the corpus is indexed
//! again.
//! Reports, per corpus size: time until the index is complete (`byline/status`
//! says ready), didChange -> publishDiagnostics on a 20 KB article (median and
//! p99 over 200 keystrokes), definition and references latency, and the
//! server's resident memory against the corpus size. The corpus is generated
//! from fixed word lists with a fixed seed: same text on every run.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const FIRST: &[&str] = &[
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Marco",
    "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Samuel", "Tara", "Umar", "Vera", "Wen", "Yusuf", "Zofia",
];
const LAST: &[&str] = &[
    "Alvarez", "Brandt", "Castillo", "Dubois", "Eriksen", "Fischer", "Gomez", "Haddad", "Ivanova", "Jensen",
    "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Romano", "Silva", "Tanaka", "Urban",
    "Varga", "Weber", "Yilmaz", "Zimmer", "Adeyemi", "Bauer", "Conti", "Dahl", "Engel",
];
const TITLES: &[&str] = &["Foreign Minister", "Mayor", "Prime Minister", "Governor", "Senator", "spokeswoman"];
const PLACES: &[&str] = &["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Hanoi", "Lagos", "Bergen", "Cusco"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TOPICS: &[&str] = &["the port", "the new budget", "the rail link", "the water supply", "the harbour bridge"];
const VERBS: &[&str] = &["said", "told reporters", "added", "said in a statement"];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() as usize) % list.len()]
    }
}

/// One article of roughly `target` bytes: a dateline, paragraphs of
/// reporting, quotes attributed by full name then surname.
fn article(n: usize, target: usize) -> String {
    let mut rng = Rng(n as u64 * 7919 + 17);
    let month = 1 + n % 12;
    let day = 1 + n % 28;
    let mut text = format!("Talks on {} continue\n\nPosted 2021-{month:02}-{day:02}\n\n", rng.pick(TOPICS));
    while text.len() < target {
        // One person in ten articles is the same: a name worth looking up.
        let (first, last) =
            if rng.next() % 10 == 0 { ("Marta", "Oyelaran") } else { (rng.pick(FIRST), rng.pick(LAST)) };
        let title = rng.pick(TITLES);
        let place = rng.pick(PLACES);
        let topic = rng.pick(TOPICS);
        text.push_str(&format!(
            "{title} {first} {last} met officials in {place} on {} to discuss {topic} and the costs of the project.\n\n",
            rng.pick(DAYS)
        ));
        text.push_str(&format!(
            "\"We expect work on {topic} to resume within weeks, not months,\" {last} {} after the meeting.\n\n",
            rng.pick(VERBS)
        ));
        text.push_str(&format!(
            "Local groups in {place} have asked for more detail since last week, and a vote is planned for next month.\n\n"
        ));
    }
    text
}

/// A registry of `entries` entries; `extra_alias` adds one more spelling
/// to the recurring person (the change whose re-index is timed).
fn registry(entries: usize, extra_alias: bool) -> String {
    let alias = if extra_alias { "\"Oyelaran\", \"M. Oyelaran\"" } else { "\"Oyelaran\"" };
    let mut out = format!(
        "[[person]]\nid = \"marta-oyelaran\"\nname = \"Marta Oyelaran\"\naliases = [{alias}]\nroles = [{{ title = \"Mayor\" }}]\n"
    );
    let mut n = 1;
    'people: for first in FIRST {
        for last in LAST {
            if n >= entries {
                break 'people;
            }
            let id = format!("{}-{}", first.to_lowercase(), last.to_lowercase());
            out.push_str(&format!("\n[[person]]\nid = \"{id}\"\nname = \"{first} {last}\"\n"));
            n += 1;
        }
    }
    for i in n..entries {
        out.push_str(&format!(
            "\n[[organization]]\nid = \"board-{i}\"\nname = \"Harbour Board {i}\"\naliases = [\"HB{i}\"]\n"
        ));
    }
    out
}

fn generate(dir: &Path, count: usize) -> u64 {
    let _ = std::fs::remove_dir_all(dir);
    let mut bytes = 0;
    for n in 0..count {
        let sub = dir.join(format!("{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&sub).expect("create corpus folder");
        }
        let text = article(n, 2500);
        bytes += text.len() as u64;
        std::fs::write(sub.join(format!("{n:06}.txt")), text).expect("write article");
    }
    bytes
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Server {
    fn start(bin: &Path) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start byline lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        Server { child, stdin, messages, next_id: 1 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body);
        let _ = self.stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    fn wait(&mut self, mut want: impl FnMut(&Value) -> bool) -> Value {
        loop {
            let message = self.messages.recv_timeout(Duration::from_secs(600)).expect("server answered");
            if want(&message) {
                return message;
            }
        }
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(i).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn bench(bin: &Path, count: usize, registry_entries: Option<usize>) {
    let dir = std::env::temp_dir().join(format!("byline-bench-{count}"));
    let bytes = generate(&dir, count);
    println!("== {count} articles, {:.1} MB", bytes as f64 / 1e6);
    if let Some(entries) = registry_entries {
        std::fs::write(dir.join("entities.toml"), registry(entries, false)).expect("write registry");
        println!("registry: {entries} entries");
    }
    let mut server = Server::start(bin);
    let root = format!("file://{}", dir.display());
    let started = Instant::now();
    server.request(
        "initialize",
        json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}, "workspaceFolders": [{"uri": root, "name": "bench"}]}),
    );
    server.notify("initialized", json!({}));
    let mut seen_indexing = false;
    server.wait(|m| {
        if m.get("method") != Some(&json!("byline/status")) {
            return false;
        }
        let state = &m["params"]["state"];
        seen_indexing |= state == "indexing";
        seen_indexing && state == "ready"
    });
    let index_time = started.elapsed();
    let rss = server.rss_kb();
    println!("index complete: {:.0} ms", ms(index_time));
    println!(
        "server RSS after indexing: {:.1} MB ({:.2}x corpus)",
        rss as f64 / 1024.0,
        rss as f64 * 1024.0 / bytes as f64
    );

    // A 20 KB article, edited keystroke by keystroke.
    let path = dir.join("edited.txt");
    let text = article(count + 1, 20_000);
    std::fs::write(&path, &text).expect("write edited article");
    let uri = format!("file://{}", path.display());
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    server.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1);
    let mut latencies = Vec::new();
    for i in 0..200u32 {
        let version = 2 + i as i64;
        let t = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 2, "character": i}, "end": {"line": 2, "character": i}}, "text": "x"}]}),
        );
        server.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version);
        latencies.push(ms(t.elapsed()));
    }
    println!(
        "didChange -> diagnostics (20 KB): median {:.2} ms, p99 {:.2} ms",
        percentile(&mut latencies, 0.5),
        percentile(&mut latencies, 0.99)
    );

    // Definition and references on the name that recurs across the corpus.
    let edited: String = {
        let mut t = text.clone();
        t.insert_str(t.find("\n\n").map_or(0, |i| i + 2), &"x".repeat(200));
        t
    };
    // The surname as a quote's speaker: `…," Oyelaran said`.
    let line = edited.lines().position(|l| l.contains("\" Oyelaran ")).unwrap_or(0);
    let column = edited.lines().nth(line).and_then(|l| l.find("\" Oyelaran")).unwrap_or(0) + 4;
    let position = json!({"line": line, "character": column});
    let mut definition = Vec::new();
    let mut references = Vec::new();
    let mut found = 0;
    for _ in 0..20 {
        let t = Instant::now();
        server.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": position}));
        definition.push(ms(t.elapsed()));
        let t = Instant::now();
        let r = server.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": position, "context": {"includeDeclaration": true}}),
        );
        references.push(ms(t.elapsed()));
        found = r["result"].as_array().map_or(0, Vec::len);
    }
    println!(
        "definition: median {:.2} ms, p99 {:.2} ms; references ({found} locations): median {:.2} ms, p99 {:.2} ms",
        percentile(&mut definition, 0.5),
        percentile(&mut definition, 0.99),
        percentile(&mut references, 0.5),
        percentile(&mut references, 0.99)
    );
    // The same references streamed, as a client that passes a
    // `partialResultToken` gets them: time to the first batch and to the
    // end. A server that does not stream answers all at once (first = all).
    let mut first_batch = Vec::new();
    let mut all_streamed = Vec::new();
    let mut streamed = 0;
    for round in 0..20 {
        let token = format!("bench-refs-{round}");
        let id = server.next_id;
        server.next_id += 1;
        let t = Instant::now();
        server.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/references",
            "params": {"textDocument": {"uri": uri}, "position": position,
                       "context": {"includeDeclaration": true}, "partialResultToken": token}}));
        let mut first = None;
        let mut count = 0;
        let answer = server.wait(|m| {
            if m["method"] == "$/progress" && m["params"]["token"] == json!(token) {
                first.get_or_insert_with(|| t.elapsed());
                count += m["params"]["value"].as_array().map_or(0, Vec::len);
                return false;
            }
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        });
        let total = t.elapsed();
        count += answer["result"].as_array().map_or(0, Vec::len);
        first_batch.push(ms(first.unwrap_or(total)));
        all_streamed.push(ms(total));
        streamed = count;
    }
    println!(
        "references with partialResultToken ({streamed} locations): first batch median {:.2} ms, p99 {:.2} ms; all median {:.2} ms",
        percentile(&mut first_batch, 0.5),
        percentile(&mut first_batch, 0.99),
        percentile(&mut all_streamed, 0.5)
    );
    if let Some(entries) = registry_entries {
        // The registry changes on disk: the corpus is analysed again with it.
        let path = dir.join("entities.toml");
        std::fs::write(&path, registry(entries, true)).expect("rewrite registry");
        let t = Instant::now();
        server.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": format!("file://{}", path.display()), "type": 2}]}),
        );
        let mut seen_indexing = false;
        server.wait(|m| {
            if m.get("method") != Some(&json!("byline/status")) {
                return false;
            }
            let state = &m["params"]["state"];
            seen_indexing |= state == "indexing";
            seen_indexing && state == "ready"
        });
        println!("registry changed -> corpus re-indexed: {:.0} ms", ms(t.elapsed()));
    }
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let _ = server.child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let bin: PathBuf = std::env::var_os("BYLINE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/byline"));
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let registry_entries: Option<usize> =
        std::env::args().find_map(|a| a.strip_prefix("--registry=").and_then(|n| n.parse().ok()));
    for count in if sizes.is_empty() { vec![10_000, 100_000] } else { sizes } {
        bench(&bin, count, registry_entries);
    }
}
