//! The protocol layer: LSP handlers over the document store, the corpus
//! index and the background jobs that keep both current.
//!
//! The rules (see docs/lsp-rules.md) that shape this file: notifications
//! change state before their first `.await`; requests compute on a snapshot;
//! requests to the client are never awaited inside a handler; every handler
//! body and background job runs under `catch_unwind`; heavy work runs in
//! `spawn_blocking`.

use crate::document::{Analyzed, Document};
use crate::features::{self, View};
use crate::marks::{Mark, Marks};
use crate::position::{offset_of, offsets_of, Encoding};
use crate::tokens::{self, TokenRules};
use byline_core::{analyze, AnalyzeOptions};
use byline_corpus::config::{Config, Level, CONFIG_FILE};
use byline_corpus::discover;
use byline_corpus::index::{summarize, Index};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// How long typing may go on before a document is re-analysed. Short: the
/// analysis of a 20 KB article takes well under a millisecond, and a task
/// superseded by a newer version gives up before doing any work.
const DEBOUNCE: Duration = Duration::from_millis(2);
/// How many articles are summarised between progress reports and index locks.
const INDEX_CHUNK: usize = 512;
/// The longest a background job waits on a request to the client.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// `byline/status`, server to client: indexing progress.
pub enum StatusNotification {}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusParams {
    pub state: String,
    pub done: usize,
    pub total: usize,
}

impl Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "byline/status";
}

#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    multiline_tokens: bool,
    overlapping_tokens: bool,
    work_done_progress: bool,
    watch_dynamic: bool,
    watch_relative: bool,
    hierarchical_symbols: bool,
    semantic_refresh: bool,
    inlay_refresh: bool,
    related_information: bool,
}

/// What the client's settings say, over `byline.toml`.
#[derive(Debug, Clone, Default)]
struct Settings {
    marks: Option<Level>,
    rules: Vec<(String, Level)>,
}

impl Settings {
    /// Accepts `{"byline": {...}}` or the inner object itself.
    fn parse(value: &Value) -> Settings {
        let v = value.get("byline").unwrap_or(value);
        let marks = v.pointer("/marks/diagnostics").and_then(Value::as_str).and_then(Level::parse);
        let rules = v
            .get("rules")
            .and_then(Value::as_object)
            .map(|rules| {
                rules.iter().filter_map(|(k, l)| Some((k.clone(), l.as_str().and_then(Level::parse)?))).collect()
            })
            .unwrap_or_default();
        Settings { marks, rules }
    }

    fn apply(&self, config: &mut Config) {
        for (rule, level) in &self.rules {
            config.set_rule(rule, *level);
        }
        if let Some(level) = self.marks {
            config.set_marks(level);
        }
    }
}

#[derive(Debug, Clone)]
struct Folder {
    root: PathBuf,
    config: Config,
}

#[derive(Debug, Default)]
struct State {
    encoding: Encoding,
    caps: Caps,
    docs: HashMap<Uri, Document>,
    folders: Vec<Folder>,
    settings: Settings,
    /// Indexing jobs running, and their articles done and in total.
    indexing_jobs: usize,
    indexing_done: usize,
    indexing_total: usize,
}

/// A document as a request sees it.
struct Snapshot {
    uri: Uri,
    doc: Document,
    encoding: Encoding,
    caps: Caps,
}

pub struct Inner {
    client: Client,
    state: Mutex<State>,
    index: RwLock<Index>,
    /// The last token array sent per document, for `full/delta`.
    tokens: Mutex<HashMap<Uri, (String, Vec<u32>)>>,
    next_id: AtomicU64,
    shutting_down: AtomicBool,
    /// Set by `shutdown`; the process exit code depends on it.
    pub shutdown_requested: Arc<AtomicBool>,
    allow_debug_panic: bool,
    /// File events from the watcher and from closed buffers, applied in the
    /// order they arrived by one worker (started in `initialized`): two batches
    /// about one file must not race each other into the index.
    file_events: UnboundedSender<Vec<FileEvent>>,
    file_event_queue: Mutex<Option<UnboundedReceiver<Vec<FileEvent>>>>,
}

#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock has already been reported; the data is
    // still usable, so carry on rather than fail every later request.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs a handler body; a panic becomes an internal error and a log line.
fn guarded<T>(what: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            eprintln!("byline lsp: {what} failed: {message}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("{what} failed: {message}").into(),
                data: None,
            })
        }
    }
}

/// Runs a notification body; a panic is logged and swallowed.
fn guarded_notification<T: Default>(what: &str, body: impl FnOnce() -> T) -> T {
    guarded(what, || Ok(body())).unwrap_or_default()
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        let (file_events, file_event_queue) = unbounded_channel();
        Backend {
            inner: Arc::new(Inner {
                client,
                state: Mutex::new(State::default()),
                index: RwLock::new(Index::new()),
                tokens: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                shutting_down: AtomicBool::new(false),
                shutdown_requested,
                allow_debug_panic: std::env::var("BYLINE_TEST_PANIC").is_ok_and(|v| v == "1"),
                file_events,
                file_event_queue: Mutex::new(Some(file_event_queue)),
            }),
        }
    }

    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let state = lock(&self.inner.state);
        let doc = state.docs.get(uri)?.clone();
        Some(Snapshot { uri: uri.clone(), doc, encoding: state.encoding, caps: state.caps })
    }

    /// The analysis of a snapshot's version, computed once and shared.
    fn analyzed(&self, snap: &Snapshot) -> Analyzed {
        snap.doc.analyzed()
    }

    /// Runs `f` on a view of the document, or answers `None` for a document
    /// the client never opened.
    fn with_view<T>(&self, uri: &Uri, f: impl FnOnce(&View, &Snapshot) -> Option<T>) -> Option<T> {
        let snap = self.snapshot(uri)?;
        let analyzed = self.analyzed(&snap);
        let marks = Marks::of(&analyzed.analysis);
        let view = View {
            uri,
            rope: &snap.doc.rope,
            text: &analyzed.text,
            analysis: &analyzed.analysis,
            marks: &marks,
            encoding: snap.encoding,
        };
        f(&view, &snap)
    }

    fn effective_config(state: &State, path: Option<&Path>) -> Config {
        let folder = path.and_then(|p| {
            state.folders.iter().filter(|f| p.starts_with(&f.root)).max_by_key(|f| f.root.components().count())
        });
        let mut config = match (folder, path) {
            (Some(folder), _) => folder.config.clone(),
            (None, Some(p)) => Config::default_for(p.parent().unwrap_or(p)),
            (None, None) => Config::default_for(Path::new("/")),
        };
        state.settings.apply(&mut config);
        config
    }

    /// Re-analyses a document after a short pause and publishes its
    /// diagnostics, unless a newer version arrived meanwhile.
    fn schedule_refresh(&self, uri: Uri, version: i32, delay: Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            this.refresh(uri, version).await;
        });
    }

    async fn refresh(&self, uri: Uri, version: i32) {
        let Some(snap) = self.snapshot(&uri) else { return };
        if snap.doc.version != version {
            return; // Superseded: the newer version's task will do it.
        }
        let path = uri_path(&uri);
        let (config, related, in_corpus) = {
            let state = lock(&self.inner.state);
            let in_corpus = path.as_deref().is_some_and(|p| state.folders.iter().any(|f| p.starts_with(&f.root)));
            (Self::effective_config(&state, path.as_deref()), state.caps.related_information, in_corpus)
        };
        let this = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            guarded("analysis", || {
                let analyzed = this.analyzed(&snap);
                let marks = Marks::of(&analyzed.analysis);
                let view = View {
                    uri: &snap.uri,
                    rope: &snap.doc.rope,
                    text: &analyzed.text,
                    analysis: &analyzed.analysis,
                    marks: &marks,
                    encoding: snap.encoding,
                };
                let diagnostics = features::diagnostics(&view, &config, related);
                // Only the corpus's articles join the index: an opened README or
                // a file outside every workspace folder is analysed, not indexed.
                let summary = path
                    .as_deref()
                    .filter(|p| in_corpus && config.is_article_path(p))
                    .map(|p| summarize(p, &analyzed.text, &analyzed.analysis));
                Ok((diagnostics, summary))
            })
        });
        let Ok(Ok((diagnostics, summary))) = job.await else { return };
        // Drop results for a version the editor no longer shows.
        let current = lock(&self.inner.state).docs.get(&uri).map(|d| d.version);
        if current != Some(version) {
            return;
        }
        self.inner.client.publish_diagnostics(uri.clone(), diagnostics, Some(version)).await;
        // The index update comes after publishing: an entity named in 100,000
        // articles makes it cost milliseconds, which the keystroke's
        // diagnostics need not wait for. Skipped if a newer version came in.
        if let Some(summary) = summary {
            let current = lock(&self.inner.state).docs.get(&uri).map(|d| d.version);
            if current == Some(version) {
                write(&self.inner.index).insert(summary);
            }
        }
    }

    /// Republishes every open document (settings or `byline.toml` changed).
    fn refresh_all_open(&self) {
        let open: Vec<(Uri, i32)> = lock(&self.inner.state).docs.iter().map(|(u, d)| (u.clone(), d.version)).collect();
        for (uri, version) in open {
            self.schedule_refresh(uri, version, Duration::ZERO);
        }
    }

    fn open_paths(&self) -> HashSet<PathBuf> {
        lock(&self.inner.state).docs.keys().filter_map(uri_path).collect()
    }

    async fn send_status(&self) {
        let (jobs, done, total) = {
            let s = lock(&self.inner.state);
            (s.indexing_jobs, s.indexing_done, s.indexing_total)
        };
        let state = if jobs > 0 { "indexing" } else { "ready" }.to_string();
        self.inner.client.send_notification::<StatusNotification>(StatusParams { state, done, total }).await;
    }

    /// Discovers and indexes one workspace folder in the background, with
    /// `$/progress` when the client takes it and `byline/status` always.
    /// `counted`: the job was already counted as running (by `initialize`,
    /// so that no request after it hears "ready" before indexing started).
    async fn index_folder(&self, root: PathBuf, counted: bool) {
        // Counted from before discovery: a request in between must not hear
        // "ready" while the folder's articles are still being listed.
        if !counted {
            lock(&self.inner.state).indexing_jobs += 1;
        }
        let discovered = tokio::task::spawn_blocking({
            let root = root.clone();
            move || {
                guarded("discovery", || {
                    let config = match Config::discover(&root) {
                        Ok(config) => config,
                        Err(e) => {
                            eprintln!("byline lsp: {e}; using defaults");
                            Config::default_for(&root)
                        }
                    };
                    let paths = discover::articles(&config);
                    Ok((config, paths))
                })
            }
        })
        .await;
        let Ok(Ok((config, paths))) = discovered else {
            self.finish_indexing_job().await;
            return;
        };
        let work_done = {
            let mut state = lock(&self.inner.state);
            match state.folders.iter_mut().find(|f| f.root == root) {
                Some(folder) => folder.config = config.clone(),
                None => state.folders.push(Folder { root: root.clone(), config: config.clone() }),
            }
            state.indexing_total += paths.len();
            state.caps.work_done_progress
        };
        self.send_status().await;
        let progress = if work_done {
            let token = NumberOrString::String(format!(
                "byline-indexing-{}",
                self.inner.next_id.fetch_add(1, Ordering::Relaxed)
            ));
            let created = tokio::time::timeout(
                CLIENT_REQUEST_TIMEOUT,
                self.inner.client.create_work_done_progress(token.clone()),
            )
            .await;
            match created {
                Ok(Ok(())) => Some(
                    self.inner
                        .client
                        .progress(token, "Indexing articles")
                        .with_percentage(0)
                        .with_message(format!("{} articles", paths.len()))
                        .begin()
                        .await,
                ),
                _ => None,
            }
        } else {
            None
        };
        let total = paths.len();
        for (n, chunk) in paths.chunks(INDEX_CHUNK).enumerate() {
            if self.inner.shutting_down.load(Ordering::Relaxed) {
                break;
            }
            let chunk: Vec<PathBuf> = chunk.to_vec();
            let summaries = tokio::task::spawn_blocking(move || {
                guarded("indexing", || Ok(Index::summarize_all(&chunk, load_article)))
            })
            .await;
            let done_here = ((n + 1) * INDEX_CHUNK).min(total);
            if let Ok(Ok(summaries)) = summaries {
                // The editor's buffer wins over the disk for open files.
                let open = self.open_paths();
                let mut index = write(&self.inner.index);
                for summary in summaries.into_iter().filter(|s| !open.contains(&s.path)) {
                    index.insert(summary);
                }
            }
            {
                let mut state = lock(&self.inner.state);
                state.indexing_done += done_here.min(total) - (n * INDEX_CHUNK).min(total);
            }
            if let Some(progress) = &progress {
                let percent = (done_here * 100).checked_div(total).unwrap_or(100) as u32;
                progress.report_with_message(format!("{done_here}/{total} articles"), percent).await;
            }
            self.send_status().await;
        }
        if let Some(progress) = progress {
            progress.finish_with_message(format!("{total} articles indexed")).await;
        }
        self.finish_indexing_job().await;
    }

    async fn finish_indexing_job(&self) {
        let finished_all = {
            let mut state = lock(&self.inner.state);
            state.indexing_jobs = state.indexing_jobs.saturating_sub(1);
            if state.indexing_jobs == 0 {
                state.indexing_done = 0;
                state.indexing_total = 0;
            }
            state.indexing_jobs == 0
        };
        self.send_status().await;
        if finished_all {
            self.refresh_all_open();
            self.request_refreshes();
        }
    }

    /// Asks the client to re-pull tokens and hints (definition modifiers and
    /// counts change as the index grows), never waiting on the answer here.
    fn request_refreshes(&self) {
        let caps = lock(&self.inner.state).caps;
        let client = self.inner.client.clone();
        tokio::spawn(async move {
            if caps.semantic_refresh {
                let _ = tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, client.semantic_tokens_refresh()).await;
            }
            if caps.inlay_refresh {
                let _ = tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, client.inlay_hint_refresh()).await;
            }
        });
    }

    fn register_watchers(&self) {
        let (caps, roots) = {
            let state = lock(&self.inner.state);
            (state.caps, state.folders.iter().map(|f| f.root.clone()).collect::<Vec<_>>())
        };
        if !caps.watch_dynamic {
            return;
        }
        let globs = ["**/*.{txt,md}", "**/byline.toml"];
        let mut watchers = Vec::new();
        for glob in globs {
            if caps.watch_relative && !roots.is_empty() {
                for root in &roots {
                    let Some(base) = Uri::from_file_path(root) else { continue };
                    watchers.push(FileSystemWatcher {
                        glob_pattern: GlobPattern::Relative(RelativePattern {
                            base_uri: OneOf::Right(base),
                            pattern: glob.to_string(),
                        }),
                        kind: None,
                    });
                }
            } else {
                watchers.push(FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None });
            }
        }
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "byline-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let client = self.inner.client.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(CLIENT_REQUEST_TIMEOUT, client.register_capability(vec![registration])).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("byline lsp: file watching not registered: {e}"),
                Err(_) => eprintln!("byline lsp: file watching registration timed out"),
            }
        });
    }

    /// Applies file-system events, in order, off the main loop.
    /// Queues file events for the worker without awaiting, so they keep the
    /// order the client sent them in.
    fn queue_file_events(&self, events: Vec<FileEvent>) {
        // Fails only once the worker is gone, at shutdown.
        let _ = self.inner.file_events.send(events);
    }

    fn start_file_event_worker(&self) {
        let Some(mut queue) = lock(&self.inner.file_event_queue).take() else { return };
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(events) = queue.recv().await {
                this.apply_file_events(events).await;
            }
        });
    }

    async fn apply_file_events(&self, events: Vec<FileEvent>) {
        let this = self.clone();
        let reindex: Vec<PathBuf> = tokio::task::spawn_blocking(move || {
            guarded("file events", || {
                let mut reindex = Vec::new();
                for event in events {
                    let Some(path) = uri_path(&event.uri) else { continue };
                    if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
                        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        let covered = lock(&this.inner.state).folders.iter().any(|f| root.starts_with(&f.root));
                        if covered {
                            reindex.push(root);
                        }
                        continue;
                    }
                    if this.open_paths().contains(&path) {
                        continue; // The buffer is the truth for open files.
                    }
                    if event.typ == FileChangeType::DELETED {
                        let mut index = write(&this.inner.index);
                        if !index.remove(&path) {
                            index.remove_under(&path);
                        }
                        continue;
                    }
                    let (config, in_corpus) = {
                        let state = lock(&this.inner.state);
                        let in_corpus = state.folders.iter().any(|f| path.starts_with(&f.root));
                        (Self::effective_config(&state, Some(&path)), in_corpus)
                    };
                    if !in_corpus || !config.is_article_path(&path) {
                        // Outside every workspace folder (one just removed, say).
                        write(&this.inner.index).remove(&path);
                        continue;
                    }
                    match load_article(&path) {
                        Some((text, analysis)) => {
                            let summary = summarize(&path, &text, &analysis);
                            write(&this.inner.index).insert(summary);
                        }
                        None => {
                            write(&this.inner.index).remove(&path);
                        }
                    }
                }
                Ok(reindex)
            })
        })
        .await
        .ok()
        .and_then(|r| r.ok())
        .unwrap_or_default();
        for root in reindex {
            self.reload_config(root).await;
        }
    }

    /// A `byline.toml` changed: re-read it, re-index its folder and
    /// republish open documents with the new severities.
    async fn reload_config(&self, changed_in: PathBuf) {
        let root = {
            let state = lock(&self.inner.state);
            state
                .folders
                .iter()
                .filter(|f| changed_in.starts_with(&f.root) || f.root.starts_with(&changed_in))
                .map(|f| f.root.clone())
                .next()
        };
        let Some(root) = root else { return };
        write(&self.inner.index).remove_under(&root);
        self.index_folder(root, false).await;
        self.refresh_all_open();
    }
}

/// Reads and analyses a file for the index; `None` (with a log line) for a
/// file that is unreadable, not UTF-8 or gone.
fn load_article(path: &Path) -> Option<(String, byline_core::Analysis)> {
    match discover::read_article(path) {
        Ok(text) => {
            let analysis = analyze(&text, &AnalyzeOptions::default());
            Some((text, analysis))
        }
        Err(e) => {
            eprintln!("byline lsp: skipping {}: {e}", path.display());
            None
        }
    }
}

fn client_caps(params: &InitializeParams) -> Caps {
    let c = &params.capabilities;
    let text = c.text_document.as_ref();
    let workspace = c.workspace.as_ref();
    let tokens = text.and_then(|t| t.semantic_tokens.as_ref());
    Caps {
        multiline_tokens: tokens.and_then(|t| t.multiline_token_support).unwrap_or(false),
        overlapping_tokens: tokens.and_then(|t| t.overlapping_token_support).unwrap_or(false),
        work_done_progress: c.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        watch_dynamic: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        watch_relative: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.relative_pattern_support)
            .unwrap_or(false),
        hierarchical_symbols: text
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false),
        semantic_refresh: workspace
            .and_then(|w| w.semantic_tokens.as_ref())
            .and_then(|s| s.refresh_support)
            .unwrap_or(false),
        inlay_refresh: workspace.and_then(|w| w.inlay_hint.as_ref()).and_then(|s| s.refresh_support).unwrap_or(false),
        related_information: text
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false),
    }
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| uri_path(&f.uri)).collect();
    if roots.is_empty() {
        #[allow(deprecated)]
        if let Some(root) = params.root_uri.as_ref().and_then(uri_path) {
            roots.push(root);
        }
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guarded("initialize", || {
            let encoding =
                Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
            let mut state = lock(&self.inner.state);
            state.encoding = encoding;
            state.caps = client_caps(&params);
            if let Some(options) = &params.initialization_options {
                state.settings = Settings::parse(options);
            }
            state.folders = workspace_roots(&params)
                .into_iter()
                .map(|root| Folder { config: Config::default_for(&root), root })
                .collect();
            // `initialized` starts one indexing job per folder.
            state.indexing_jobs = state.folders.len();
            Ok(InitializeResult {
                capabilities: capabilities(encoding),
                server_info: Some(ServerInfo {
                    name: "byline".to_string(),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                }),
                offset_encoding: None,
            })
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.start_file_event_worker();
        guarded_notification("initialized", || self.register_watchers());
        let roots: Vec<PathBuf> = lock(&self.inner.state).folders.iter().map(|f| f.root.clone()).collect();
        if roots.is_empty() {
            let this = self.clone();
            tokio::spawn(async move { this.send_status().await });
        }
        for root in roots {
            let this = self.clone();
            tokio::spawn(async move { this.index_folder(root, true).await });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutting_down.store(true, Ordering::Relaxed);
        self.inner.shutdown_requested.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let version = doc.version;
        guarded_notification("didOpen", || {
            lock(&self.inner.state).docs.insert(doc.uri.clone(), Document::new(&doc.text, version));
        });
        self.schedule_refresh(doc.uri, version, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let applied = guarded_notification("didChange", || {
            let mut state = lock(&self.inner.state);
            let encoding = state.encoding;
            match state.docs.get_mut(&uri) {
                Some(doc) => doc.apply(version, &params.content_changes, encoding),
                None => false,
            }
        });
        if applied {
            self.schedule_refresh(uri, version, DEBOUNCE);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        guarded_notification("didClose", || {
            lock(&self.inner.state).docs.remove(&uri);
            lock(&self.inner.tokens).remove(&uri);
        });
        // The closed buffer may have been unsaved: the disk is the truth again.
        if uri_path(&uri).is_some() {
            self.queue_file_events(vec![FileEvent::new(uri.clone(), FileChangeType::CHANGED)]);
        }
        self.inner.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.queue_file_events(params.changes);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guarded_notification("didChangeConfiguration", || {
            lock(&self.inner.state).settings = Settings::parse(&params.settings);
        });
        self.refresh_all_open();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| uri_path(&f.uri)).collect();
        let added: Vec<PathBuf> = params.event.added.iter().filter_map(|f| uri_path(&f.uri)).collect();
        guarded_notification("didChangeWorkspaceFolders", || {
            let mut state = lock(&self.inner.state);
            state.folders.retain(|f| !removed.contains(&f.root));
            for root in &added {
                state.folders.push(Folder { root: root.clone(), config: Config::default_for(root) });
            }
            let mut index = write(&self.inner.index);
            for root in &removed {
                index.remove_under(root);
            }
        });
        for root in added {
            let this = self.clone();
            tokio::spawn(async move { this.index_folder(root, false).await });
        }
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.blocking("semanticTokens/full", move |this| {
            let uri = params.text_document.uri;
            let data = this.token_data(&uri, None);
            Ok(data.map(|data| {
                let id = this.store_tokens(&uri, data.clone());
                SemanticTokensResult::Tokens(tokens::full(id, &data))
            }))
        })
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        self.blocking("semanticTokens/full/delta", move |this| {
            let uri = params.text_document.uri;
            let Some(data) = this.token_data(&uri, None) else { return Ok(None) };
            let previous = lock(&this.inner.tokens).get(&uri).cloned();
            let id = this.store_tokens(&uri, data.clone());
            Ok(Some(match previous {
                Some((old_id, old)) if old_id == params.previous_result_id => {
                    SemanticTokensFullDeltaResult::TokensDelta(tokens::delta(id, &old, &data))
                }
                _ => SemanticTokensFullDeltaResult::Tokens(tokens::full(id, &data)),
            }))
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.blocking("semanticTokens/range", move |this| {
            let uri = params.text_document.uri;
            let data = this.token_data(&uri, Some(params.range));
            Ok(data.map(|data| {
                SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data: tokens_of(&data) })
            }))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.blocking("hover", move |this| {
            let pos = params.text_document_position_params;
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let mark = features::mark_at(view.marks, offset)?;
                let index = read(&this.inner.index);
                let markdown = features::hover_markdown(view, &index, &mark)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
                    range: Some(crate::position::range_of(view.rope, mark.span.start, mark.span.end, view.encoding)),
                })
            }))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.blocking("definition", move |this| {
            let pos = params.text_document_position_params;
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let mark = features::mark_at(view.marks, offset)?;
                let location = this.definition_of(view, &mark)?;
                Some(GotoDefinitionResponse::Scalar(location))
            }))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.blocking("references", move |this| {
            let pos = params.text_document_position;
            let include = params.context.include_declaration;
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let mark = features::mark_at(view.marks, offset)?;
                let mark = this.entity_mark_for(view, mark)?;
                let index = read(&this.inner.index);
                let id = features::entity_of(view, &index, &mark)?;
                Some(features::mention_locations(&index, &index.references(id, include), view.encoding))
            }))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.blocking("documentSymbol", move |this| {
            let uri = params.text_document.uri;
            Ok(this.with_view(&uri, |view, snap| {
                let symbols = features::document_symbols(view);
                Some(if snap.caps.hierarchical_symbols {
                    DocumentSymbolResponse::Nested(symbols)
                } else {
                    DocumentSymbolResponse::Flat(features::flat_symbols(&uri, symbols))
                })
            }))
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.blocking("workspace/symbol", move |this| {
            let encoding = lock(&this.inner.state).encoding;
            let index = read(&this.inner.index);
            #[allow(deprecated)]
            let symbols: Vec<SymbolInformation> = index
                .search(&params.query, 256)
                .into_iter()
                .filter_map(|id| {
                    let entity = index.entity(id)?;
                    let location = features::mention_location(&index, index.definition(id)?, encoding)?;
                    Some(SymbolInformation {
                        name: entity.name.clone(),
                        kind: match entity.label {
                            byline_core::EntityLabel::Person => SymbolKind::OBJECT,
                            byline_core::EntityLabel::Organization => SymbolKind::STRUCT,
                            byline_core::EntityLabel::Location => SymbolKind::PACKAGE,
                        },
                        tags: None,
                        deprecated: None,
                        location,
                        container_name: Some(features::label_name(entity.label).to_string()),
                    })
                })
                .collect();
            Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.blocking("inlayHint", move |this| {
            Ok(this.with_view(&params.text_document.uri, |view, _| Some(features::inlay_hints(view, params.range))))
        })
        .await
    }
}

fn tokens_of(data: &[u32]) -> Vec<SemanticToken> {
    tokens::full(String::new(), data).data
}

impl Backend {
    /// Runs a request's work on the blocking pool, so that a slow answer (a
    /// 20 MB article) never holds up the transport, under `catch_unwind`.
    async fn blocking<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce(Backend) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let this = self.clone();
        match tokio::task::spawn_blocking(move || guarded(what, || work(this))).await {
            Ok(result) => result,
            Err(e) => {
                Err(Error { code: ErrorCode::InternalError, message: format!("{what} failed: {e}").into(), data: None })
            }
        }
    }

    fn token_data(&self, uri: &Uri, range: Option<Range>) -> Option<Vec<u32>> {
        self.with_view(uri, |view, snap| {
            let rules = TokenRules {
                encoding: view.encoding,
                multiline: snap.caps.multiline_tokens,
                overlapping: snap.caps.overlapping_tokens,
            };
            let within = range.map(|r| offsets_of(view.rope, r, view.encoding));
            let index = read(&self.inner.index);
            let path = uri_path(uri);
            let is_definition = |mark: &Mark| -> bool {
                let Some(id) = features::entity_of(view, &index, mark) else { return false };
                let Some(def) = index.definition(id) else { return false };
                def.span == mark.span && index.article_path(def.article) == path.as_deref()
            };
            Some(tokens::flatten(&tokens::encode(view.rope, view.text, view.marks, rules, within, &is_definition)))
        })
    }

    fn store_tokens(&self, uri: &Uri, data: Vec<u32>) -> String {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        lock(&self.inner.tokens).insert(uri.clone(), (id.clone(), data));
        id
    }

    /// For a quote, the mark of its speaker; entity marks stand for themselves.
    fn entity_mark_for(&self, view: &View, mark: Mark) -> Option<Mark> {
        if features::is_entity_mark(&mark) {
            return Some(mark);
        }
        if let crate::marks::Source::Quote(i) = mark.source {
            let speaker = view.analysis.quotes.get(i)?.speaker.as_ref()?;
            return view.marks.inner.iter().find(|m| m.span == speaker.mention).copied();
        }
        None
    }

    fn definition_of(&self, view: &View, mark: &Mark) -> Option<Location> {
        if let crate::marks::Source::Quote(i) = mark.source {
            // From a quote to its speaker mention, in this document.
            let speaker = view.analysis.quotes.get(i)?.speaker.as_ref()?;
            let range = crate::position::range_of(view.rope, speaker.mention.start, speaker.mention.end, view.encoding);
            return Some(Location::new(view.uri.clone(), range));
        }
        if !features::is_entity_mark(mark) {
            return None;
        }
        let index = read(&self.inner.index);
        let id = features::entity_of(view, &index, mark)?;
        features::mention_location(&index, index.definition(id)?, view.encoding)
    }

    pub async fn entity_at(&self, params: TextDocumentPositionParams) -> Result<Option<features::EntityCard>> {
        self.blocking("byline/entityAt", move |this| {
            Ok(this.with_view(&params.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, params.position, view.encoding);
                let mark = this.entity_mark_for(view, features::mark_at(view.marks, offset)?)?;
                let index = read(&this.inner.index);
                features::entity_card(view, &index, &mark)
            }))
        })
        .await
    }

    pub async fn corpus_statistics(&self, _params: Value) -> Result<Value> {
        self.blocking("byline/corpusStatistics", move |this| {
            let indexing = lock(&this.inner.state).indexing_jobs > 0;
            let stats = read(&this.inner.index).statistics();
            Ok(serde_json::json!({
                "articles": stats.articles,
                "quotes": stats.quotes,
                "dates": stats.dates,
                "people": stats.people,
                "organizations": stats.organizations,
                "locations": stats.locations,
                "indexing": indexing,
            }))
        })
        .await
    }

    /// The entity registry comes later; the plugins already ask.
    pub async fn registry_locations(&self, _params: Value) -> Result<Vec<Location>> {
        Ok(Vec::new())
    }

    /// A panic on purpose, to test that the server survives one; only with
    /// `BYLINE_TEST_PANIC=1` in the environment.
    pub async fn debug_panic(&self, _params: Value) -> Result<Value> {
        if !self.inner.allow_debug_panic {
            return Err(Error::method_not_found());
        }
        guarded("byline/debugPanic", || -> Result<Value> { panic!("panic requested by byline/debugPanic") })
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..TextDocumentSyncOptions::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                work_done_progress_options: WorkDoneProgressOptions::default(),
                legend: tokens::legend(),
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}
