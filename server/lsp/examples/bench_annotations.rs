//! Benchmark (not a test): what an article's `.ann` costs the language
//! server per keystroke and per request, in process.
//!
//!     cargo run --release -p byline-lsp --example bench_annotations -- 20000
//!
//! Builds an article of N paragraphs (about 100 bytes each) and a `.ann`
//! annotating every name in it, then reports: following one keystroke near
//! the start (every annotation after it shifts), the merge of annotations
//! and detected marks behind semantic tokens and hover, and the rule
//! diagnostics. Fixed text: same numbers from run to run on one machine.

use byline_core::standoff::{self, OffsetMap};
use byline_corpus::config::Config;
use byline_corpus::session::{ConfState, Session};
use byline_lsp::annotations::Annotations;
use byline_lsp::document::Document;
use byline_lsp::position::Encoding;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

const NAMES: &[&str] = &["Lena Vogt", "Jonas Berg", "Mara Adler", "Tomas Reuter", "Ines Falk"];

fn main() {
    let paragraphs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let mut text = String::from("KIEL, March 4 -- The port report.\n\n");
    for i in 0..paragraphs {
        let name = NAMES[i % NAMES.len()];
        text.push_str(&format!("\"We will reopen on time,\" {name} said in Kiel on Monday about pier {i}.\n\n"));
    }
    let map = OffsetMap::new(&text);
    let mut ann = String::new();
    let mut id = 0;
    for name in NAMES {
        for (start, _) in text.match_indices(name) {
            id += 1;
            let (s, e) = (map.to_char(start).unwrap_or(0), map.to_char(start + name.len()).unwrap_or(0));
            ann.push_str(&format!("T{id}\tPerson {s} {e}\t{name}\n"));
        }
    }
    println!("article: {} KB, {} annotations", text.len() / 1024, id);

    let uri = Uri::from_file_path("/bench/port.txt").expect("absolute path");
    let store = Annotations::default();
    let mut docs = HashMap::from([(uri.clone(), Document::new(&text, 1))]);
    store.opened(&docs, &uri, Some(ann));

    let keystrokes = 50;
    let started = Instant::now();
    for version in 2..2 + keystrokes {
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 4), Position::new(0, 4))),
            range_length: None,
            text: "x".into(),
        };
        let Some(doc) = docs.get_mut(&uri) else { return };
        let before = doc.rope.clone();
        doc.apply(version, std::slice::from_ref(&change), Encoding::Utf16);
        store.changed(&docs, &uri, &before, &[change], Encoding::Utf16);
    }
    println!("follow one keystroke: {:.2} ms", started.elapsed().as_secs_f64() * 1000.0 / keystrokes as f64);

    let now = docs[&uri].rope.to_string();
    let analysis = byline_core::analyze(&now, &Default::default());
    let started = Instant::now();
    let (shown, overlay) = store.shown(&uri, &now, &analysis);
    println!(
        "merge for tokens and hover: {:.2} ms ({} marks shown)",
        started.elapsed().as_secs_f64() * 1000.0,
        shown.marks.inner.len() + shown.marks.outer.len()
    );
    let Some(overlay) = overlay else { return };
    let config = Config::default_for(Path::new("/bench"));
    let session = Session::from_parts(config, Arc::new(byline_corpus::registry::empty()), ConfState::default());
    let started = Instant::now();
    let checker = session.checker();
    let findings =
        checker.in_text(Path::new("/bench/port.txt"), &now, &analysis, Path::new("/bench/port.ann"), &overlay.file);
    let findings = findings.into_iter().map(|f| f.finding).collect();
    let diagnostics = byline_lsp::to_proto::diagnostics(&uri, &now, Encoding::Utf16, findings, true);
    println!(
        "rule diagnostics: {:.2} ms ({} diagnostics, {} stale)",
        started.elapsed().as_secs_f64() * 1000.0,
        diagnostics.len(),
        standoff::check_anchors(&now, &overlay.file).len()
    );
}
