//! The protocol layer: LSP handlers over the document store, the corpus
//! index and the background jobs that keep both current.
//!
//! The rules (see docs/lsp-rules.md) that shape this file: notifications
//! change state before their first `.await`; requests compute on a snapshot;
//! requests to the client are never awaited inside a handler; every handler
//! body and background job runs under `catch_unwind`; heavy work runs in
//! `spawn_blocking`.

use crate::actions::{self, EditSupport};
use crate::annotations::{self, Annotations};
use crate::document::{Analyzed, Document};
use crate::features::{self, Identity, View};
use crate::marks::{Mark, Marks};
use crate::position::{offset_of, offsets_of, Encoding};
use crate::registry::{self, OpenTexts, RegistryState};
use crate::tokens::{self, TokenRules};
use byline_core::{analyze, AnalyzeOptions, Gazetteer};
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
/// How long edits to a registry file must pause before the corpus is
/// analysed again with it: re-indexing takes seconds on a large corpus, and
/// open articles are refreshed at once anyway.
const REGISTRY_REINDEX_DELAY: Duration = Duration::from_millis(400);

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
    edit_support: EditSupport,
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
    /// The registry at its newest loaded version.
    registry: Arc<RegistryState>,
    /// The newest registry load asked for; an older one finishing later is
    /// dropped.
    registry_wanted: u64,
    /// The registry fingerprint the index of this folder was (or is being)
    /// built with.
    indexed_with: Option<u64>,
}

impl Folder {
    fn new(root: PathBuf, config: Config) -> Folder {
        Folder { root, config, registry: Arc::default(), registry_wanted: 0, indexed_with: None }
    }
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
    /// The registry of the document's corpus, taken with the document: the
    /// document's cached analysis was made with its gazetteer.
    registry: Arc<RegistryState>,
}

impl Snapshot {
    /// What the feature functions read: this version's text and analysis.
    fn view<'a>(&'a self, analyzed: &'a Analyzed, marks: &'a Marks) -> View<'a> {
        View {
            uri: &self.uri,
            rope: &self.doc.rope,
            text: &analyzed.text,
            analysis: &analyzed.analysis,
            marks,
            encoding: self.encoding,
            registry: &self.registry,
        }
    }
}

/// A registry file open in the editor, as a request sees it.
struct RegistrySnapshot {
    registry: Arc<RegistryState>,
    source: usize,
    encoding: Encoding,
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
    /// Open articles' `.ann` files, following their edits.
    annotations: Annotations,
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
                annotations: Annotations::default(),
            }),
        }
    }

    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let state = lock(&self.inner.state);
        let doc = state.docs.get(uri)?.clone();
        let path = uri_path(uri);
        let registry =
            path.as_deref().and_then(|p| Self::folder_of(&state, p)).map(|f| f.registry.clone()).unwrap_or_default();
        Some(Snapshot { uri: uri.clone(), doc, encoding: state.encoding, caps: state.caps, registry })
    }

    /// The workspace folder a path belongs to: the deepest one holding it.
    fn folder_of<'a>(state: &'a State, path: &Path) -> Option<&'a Folder> {
        state.folders.iter().filter(|f| path.starts_with(&f.root)).max_by_key(|f| f.root.components().count())
    }

    /// The root of the folder whose configuration lists `path` as a registry
    /// file.
    fn registry_root_of(state: &State, path: &Path) -> Option<PathBuf> {
        state
            .folders
            .iter()
            .find(|f| registry::source_paths(&f.config).iter().any(|p| p == path))
            .map(|f| f.root.clone())
    }

    fn is_registry_file(&self, uri: &Uri) -> bool {
        uri_path(uri).is_some_and(|p| Self::registry_root_of(&lock(&self.inner.state), &p).is_some())
    }

    /// For a registry file: its registry as of the editor's buffer, and which
    /// of the registry's files it is. `None` for any other document.
    fn registry_snapshot(&self, uri: &Uri) -> Option<RegistrySnapshot> {
        let path = uri_path(uri)?;
        let (registry, text, encoding) = {
            let state = lock(&self.inner.state);
            let root = Self::registry_root_of(&state, &path)?;
            let folder = state.folders.iter().find(|f| f.root == root)?;
            let text = state.docs.get(uri).map(|d| d.rope.to_string());
            (folder.registry.clone(), text, state.encoding)
        };
        let source = registry.source_of(&path)?;
        let registry = match text {
            Some(text) => registry.current(&OpenTexts::from([(path, text)])),
            None => registry,
        };
        Some(RegistrySnapshot { registry, source, encoding })
    }

    /// The analysis of a snapshot's version, computed once and shared.
    fn analyzed(&self, snap: &Snapshot) -> Analyzed {
        snap.doc.analyzed(snap.registry.gazetteer.as_ref())
    }

    /// Runs `f` on a view of the document, or answers `None` for a document
    /// the client never opened.
    ///
    /// A registry file is not an article: no marks, tokens or outline.
    fn with_view<T>(&self, uri: &Uri, f: impl FnOnce(&View, &Snapshot) -> Option<T>) -> Option<T> {
        if self.is_registry_file(uri) || annotations::is_ann_uri(uri) {
            return None;
        }
        let snap = self.snapshot(uri)?;
        let analyzed = self.analyzed(&snap);
        let marks = Marks::of(&analyzed.analysis);
        let view = snap.view(&analyzed, &marks);
        f(&view, &snap)
    }

    fn effective_config(state: &State, path: Option<&Path>) -> Config {
        let folder = path.and_then(|p| Self::folder_of(state, p));
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
        let registry_root = path.as_deref().and_then(|p| Self::registry_root_of(&lock(&self.inner.state), p));
        if let Some(root) = registry_root {
            // A registry file is not an article: its buffer changes the registry.
            self.registry_changed(root).await;
            return;
        }
        if annotations::is_ann_uri(&uri) {
            let config = Self::effective_config(&lock(&self.inner.state), path.as_deref());
            let diagnostics = annotations::ann_file_diagnostics(&snap.doc.rope.to_string(), snap.encoding, &config);
            self.inner.client.publish_diagnostics(uri, diagnostics, Some(version)).await;
            return;
        }
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
                let view = snap.view(&analyzed, &marks);
                let mut diagnostics = features::diagnostics(&view, &config, related);
                diagnostics.extend(this.inner.annotations.diagnostics(&view, &config, related));
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

    /// The corpus-wide `label-conflict` pass, in the background, after an
    /// annotated article is opened or saved; open articles are republished
    /// with its result.
    fn check_label_conflicts(&self, uri: &Uri) {
        let Some(path) = uri_path(uri).filter(|_| self.inner.annotations.has_ann(uri)) else { return };
        let config = {
            let state = lock(&self.inner.state);
            if Self::folder_of(&state, &path).is_none() {
                return;
            }
            Self::effective_config(&state, Some(&path))
        };
        if !self.inner.annotations.start_conflict_pass() {
            return;
        }
        let open = self.inner.annotations.open_annotated();
        let this = self.clone();
        tokio::spawn(async move {
            let root = config.root.clone();
            let job = tokio::task::spawn_blocking(move || {
                guarded("label conflicts", || Ok(annotations::label_conflicts_in(&config, open)))
            });
            match job.await {
                Ok(Ok(found)) => {
                    this.inner.annotations.set_conflicts(&root, found);
                    this.refresh_all_open();
                }
                _ => this.inner.annotations.conflict_pass_failed(),
            }
        });
    }

    /// An article's `.ann` buffer changed: its marks and diagnostics did.
    fn refresh_annotated(&self, article: Option<Uri>) {
        let Some(article) = article else { return };
        let version = lock(&self.inner.state).docs.get(&article).map(|d| d.version);
        if let Some(version) = version {
            self.schedule_refresh(article, version, DEBOUNCE);
            self.request_refreshes();
        }
    }

    /// Republishes every open document (settings or `byline.toml` changed).
    /// Registry files are left out: their text did not change, and reloading
    /// them would only schedule another re-index.
    fn refresh_all_open(&self) {
        let open: Vec<(Uri, i32)> = {
            let state = lock(&self.inner.state);
            state
                .docs
                .iter()
                .filter(|(u, _)| uri_path(u).is_none_or(|p| Self::registry_root_of(&state, &p).is_none()))
                .map(|(u, d)| (u.clone(), d.version))
                .collect()
        };
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
    ///
    /// `load_registry`: read the folder's registry first (at start-up and
    /// when `byline.toml` changed); a re-index for a changed registry uses
    /// the one already loaded. The job gives up when the registry changes
    /// under it: the newer registry's job takes over.
    async fn index_folder(&self, root: PathBuf, counted: bool, load_registry: bool) {
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
        {
            let mut state = lock(&self.inner.state);
            match state.folders.iter_mut().find(|f| f.root == root) {
                Some(folder) => folder.config = config.clone(),
                None => state.folders.push(Folder::new(root.clone(), config.clone())),
            }
        }
        if load_registry {
            self.load_registry(&root).await;
        }
        let (work_done, gazetteer, fingerprint) = {
            let mut state = lock(&self.inner.state);
            let (gazetteer, fingerprint) = match state.folders.iter_mut().find(|f| f.root == root) {
                Some(folder) => {
                    let fingerprint = folder.registry.fingerprint();
                    folder.indexed_with = Some(fingerprint);
                    (folder.registry.gazetteer.clone(), fingerprint)
                }
                None => (None, RegistryState::default().fingerprint()),
            };
            state.indexing_total += paths.len();
            (state.caps.work_done_progress, gazetteer, fingerprint)
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
            if self.inner.shutting_down.load(Ordering::Relaxed) || self.registry_moved_on(&root, fingerprint) {
                break;
            }
            let chunk: Vec<PathBuf> = chunk.to_vec();
            let gazetteer = gazetteer.clone();
            let summaries = tokio::task::spawn_blocking(move || {
                guarded("indexing", || Ok(Index::summarize_all(&chunk, |path| load_article(path, gazetteer.as_ref()))))
            })
            .await;
            let done_here = ((n + 1) * INDEX_CHUNK).min(total);
            if let Ok(Ok(summaries)) = summaries {
                if self.registry_moved_on(&root, fingerprint) {
                    break;
                }
                // The editor's buffer wins over the disk for open files.
                let open = self.open_paths();
                let summaries: Vec<_> = summaries.into_iter().filter(|s| !open.contains(&s.path)).collect();
                write(&self.inner.index).insert_many(summaries);
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
        // Every TOML file: `byline.toml` and the registry files, whose paths
        // the configuration may set anywhere under the root.
        let globs = ["**/*.{txt,md}", "**/*.toml"];
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
        let (reindex, registries): (Vec<PathBuf>, Vec<PathBuf>) = tokio::task::spawn_blocking(move || {
            guarded("file events", || {
                let mut reindex = Vec::new();
                let mut registries = Vec::new();
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
                    if let Some(root) = Self::registry_root_of(&lock(&this.inner.state), &path) {
                        if !registries.contains(&root) {
                            registries.push(root);
                        }
                        continue;
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
                    let gazetteer = {
                        let state = lock(&this.inner.state);
                        Self::folder_of(&state, &path).and_then(|f| f.registry.gazetteer.clone())
                    };
                    match load_article(&path, gazetteer.as_ref()) {
                        Some((text, analysis)) => {
                            let summary = summarize(&path, &text, &analysis);
                            write(&this.inner.index).insert(summary);
                        }
                        None => {
                            write(&this.inner.index).remove(&path);
                        }
                    }
                }
                Ok((reindex, registries))
            })
        })
        .await
        .ok()
        .and_then(|r| r.ok())
        .unwrap_or_default();
        for root in reindex {
            self.reload_config(root).await;
        }
        for root in registries {
            // Re-indexing can take seconds: later file events need not wait.
            let this = self.clone();
            tokio::spawn(async move { this.registry_changed(root).await });
        }
    }

    /// True when the folder's registry no longer gives the marks an index
    /// job started with (the job should give up), or the folder is gone.
    fn registry_moved_on(&self, root: &Path, fingerprint: u64) -> bool {
        let state = lock(&self.inner.state);
        state.folders.iter().find(|f| f.root == root).is_none_or(|f| f.registry.fingerprint() != fingerprint)
    }

    /// The texts and versions of a folder's registry files open in the editor.
    fn open_registry_texts(state: &State, paths: &[PathBuf]) -> (OpenTexts, HashMap<PathBuf, i32>) {
        let mut texts = OpenTexts::new();
        let mut versions = HashMap::new();
        for (uri, doc) in &state.docs {
            let Some(path) = uri_path(uri) else { continue };
            if paths.contains(&path) {
                texts.insert(path.clone(), doc.rope.to_string());
                versions.insert(path, doc.version);
            }
        }
        (texts, versions)
    }

    /// Reads a folder's registry again (open buffers over the disk), installs
    /// it and publishes its problems. Returns whether open articles may now
    /// have other marks, and whether the corpus's index was built with a
    /// registry that gives other marks (a re-index is due).
    async fn load_registry(&self, root: &Path) -> (bool, bool) {
        let request = {
            let mut guard = lock(&self.inner.state);
            let state = &mut *guard;
            let generation = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
            let (texts, _) = match state.folders.iter().find(|f| f.root == root) {
                Some(folder) => Self::open_registry_texts(state, &registry::source_paths(&folder.config)),
                None => return (false, false),
            };
            state.folders.iter_mut().find(|f| f.root == root).map(|folder| {
                folder.registry_wanted = generation;
                (generation, folder.config.clone(), texts, folder.registry.clone())
            })
        };
        let Some((generation, config, texts, previous)) = request else { return (false, false) };
        let loaded = tokio::task::spawn_blocking(move || {
            guarded("registry", || Ok(Arc::new(RegistryState::load(&config, &texts, Some(&previous)))))
        })
        .await;
        let Ok(Ok(loaded)) = loaded else { return (false, false) };
        let (marks_change, stale_index, versions, related, config) = {
            let mut guard = lock(&self.inner.state);
            let state = &mut *guard;
            let Some(folder) = state.folders.iter_mut().find(|f| f.root == root) else { return (false, false) };
            if folder.registry_wanted != generation {
                return (false, false); // A newer load is on its way.
            }
            let marks_change = folder.registry.detection_differs(&loaded);
            folder.registry = loaded.clone();
            let stale_index = folder.indexed_with.is_some_and(|f| f != loaded.fingerprint());
            let paths = registry::source_paths(&folder.config);
            if marks_change {
                // Open articles are analysed again with the new gazetteer.
                for (uri, doc) in state.docs.iter_mut() {
                    if uri_path(uri).is_some_and(|p| p.starts_with(root)) {
                        doc.reset_analysis();
                    }
                }
            }
            let (_, versions) = Self::open_registry_texts(state, &paths);
            let config = Self::effective_config(state, Some(root));
            (marks_change, stale_index, versions, state.caps.related_information, config)
        };
        let encoding = lock(&self.inner.state).encoding;
        for (source, file) in loaded.sources.iter().enumerate() {
            // A newer load publishes its own; this one's would arrive stale.
            let current =
                lock(&self.inner.state).folders.iter().any(|f| f.root == root && f.registry_wanted == generation);
            if !current {
                break;
            }
            let Some(uri) = Uri::from_file_path(&file.path) else { continue };
            let diagnostics = registry::diagnostics(&loaded, source, encoding, related, &config);
            self.inner.client.publish_diagnostics(uri, diagnostics, versions.get(&file.path).copied()).await;
        }
        (marks_change, stale_index)
    }

    /// A registry file changed (in the editor or on disk): load it, refresh
    /// open articles at once, and re-index the folder once the edits pause.
    async fn registry_changed(&self, root: PathBuf) {
        let (marks_change, stale_index) = self.load_registry(&root).await;
        if marks_change {
            self.refresh_all_open();
            self.request_refreshes();
        }
        if !stale_index {
            return;
        }
        let wanted =
            |this: &Backend| lock(&this.inner.state).folders.iter().find(|f| f.root == root).map(|f| f.registry_wanted);
        let before = wanted(self);
        tokio::time::sleep(REGISTRY_REINDEX_DELAY).await;
        if wanted(self) != before || self.inner.shutting_down.load(Ordering::Relaxed) {
            return; // A newer change re-indexes when it settles.
        }
        self.index_folder(root, false, false).await;
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
        self.index_folder(root, false, true).await;
        self.refresh_all_open();
    }
}

/// Reads and analyses a file for the index; `None` (with a log line) for a
/// file that is unreadable, not UTF-8 or gone.
fn load_article(path: &Path, gazetteer: Option<&Arc<Gazetteer>>) -> Option<(String, byline_core::Analysis)> {
    match discover::read_article(path) {
        Ok(text) => {
            let options = AnalyzeOptions { gazetteer: gazetteer.cloned(), ..AnalyzeOptions::default() };
            let analysis = analyze(&text, &options);
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
        edit_support: {
            let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
            EditSupport {
                document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
                create_files: edit
                    .and_then(|e| e.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            }
        },
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
            self.inner.annotations.set_client_caps(&params.capabilities);
            if let Some(options) = &params.initialization_options {
                state.settings = Settings::parse(options);
            }
            state.folders = workspace_roots(&params)
                .into_iter()
                .map(|root| Folder::new(root.clone(), Config::default_for(&root)))
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
            tokio::spawn(async move { this.index_folder(root, true, true).await });
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
        let ann_on_disk = annotations::ann_on_disk(&doc.uri);
        let article = guarded_notification("didOpen", || {
            let mut state = lock(&self.inner.state);
            state.docs.insert(doc.uri.clone(), Document::new(&doc.text, version));
            self.inner.annotations.opened(&state.docs, &doc.uri, ann_on_disk)
        });
        self.check_label_conflicts(&doc.uri);
        self.schedule_refresh(doc.uri, version, Duration::ZERO);
        self.refresh_annotated(article);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let (applied, article) = guarded_notification("didChange", || {
            let mut state = lock(&self.inner.state);
            let encoding = state.encoding;
            let Some(doc) = state.docs.get_mut(&uri) else { return (false, None) };
            let before = doc.rope.clone();
            if !doc.apply(version, &params.content_changes, encoding) {
                return (false, None);
            }
            // The article's annotations follow the change, in order.
            (true, self.inner.annotations.changed(&state.docs, &uri, &before, &params.content_changes, encoding))
        });
        if applied {
            self.schedule_refresh(uri, version, DEBOUNCE);
        }
        self.refresh_annotated(article);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let article = guarded_notification("didClose", || {
            lock(&self.inner.state).docs.remove(&uri);
            lock(&self.inner.tokens).remove(&uri);
            self.inner.annotations.closed(&uri)
        });
        self.refresh_annotated(article);
        // A registry file's problems stay listed: reloading it from the disk
        // (queued next) publishes them again, and clearing them after that
        // would race it.
        let registry = self.is_registry_file(&uri);
        // The closed buffer may have been unsaved: the disk is the truth again.
        if uri_path(&uri).is_some() {
            self.queue_file_events(vec![FileEvent::new(uri.clone(), FileChangeType::CHANGED)]);
        }
        if !registry {
            self.inner.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    /// A saved article's `.ann` is brought in line with the annotations as
    /// they followed its edits: one edit per save, which the client applies
    /// (and can undo) like any other.
    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        self.check_label_conflicts(&uri);
        let encoding = lock(&self.inner.state).encoding;
        let Some((edit, text)) = guarded_notification("didSave", || self.inner.annotations.save_edit(&uri, encoding))
        else {
            return;
        };
        let this = self.clone();
        annotations::spawn_apply(self.inner.client.clone(), "Move annotations with the article", edit, move || {
            this.inner.annotations.client_has(&uri, text)
        });
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
                state.folders.push(Folder::new(root.clone(), Config::default_for(root)));
            }
            let mut index = write(&self.inner.index);
            for root in &removed {
                index.remove_under(root);
            }
        });
        for root in added {
            let this = self.clone();
            tokio::spawn(async move { this.index_folder(root, false, true).await });
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
            if let Some(reg) = this.registry_snapshot(&pos.text_document.uri) {
                return Ok(this.registry_hover(&reg, pos.position));
            }
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let index = read(&this.inner.index);
                let (markdown, span) = match this.inner.annotations.hover(view, &index, offset) {
                    Some(annotated) => annotated?,
                    None => {
                        let mark = features::mark_at(view.marks, offset)?;
                        (features::hover_markdown(view, &index, &mark)?, mark.span)
                    }
                };
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
                    range: Some(crate::position::range_of(view.rope, span.start, span.end, view.encoding)),
                })
            }))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.blocking("definition", move |this| {
            let pos = params.text_document_position_params;
            if let Some(reg) = this.registry_snapshot(&pos.text_document.uri) {
                // From an `affiliation` or `organization` id to its entry.
                let offset = reg.registry.offset(reg.source, pos.position, reg.encoding).unwrap_or(0);
                let target = reg.registry.referenced_at(reg.source, offset);
                return Ok(target
                    .and_then(|entry| reg.registry.entry_location(entry, reg.encoding))
                    .map(GotoDefinitionResponse::Scalar));
            }
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let mark = features::mark_at(view.marks, offset)?;
                this.definition_of(view, &mark)
            }))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.blocking("references", move |this| {
            let pos = params.text_document_position;
            let include = params.context.include_declaration;
            if let Some(reg) = this.registry_snapshot(&pos.text_document.uri) {
                let offset = reg.registry.offset(reg.source, pos.position, reg.encoding).unwrap_or(0);
                let Some(entry) = reg.registry.entry_at(reg.source, offset) else { return Ok(None) };
                return Ok(Some(this.registered_references(&reg.registry, entry, include, reg.encoding)));
            }
            Ok(this.with_view(&pos.text_document.uri, |view, _| {
                let offset = offset_of(view.rope, pos.position, view.encoding);
                let mark = features::mark_at(view.marks, offset)?;
                let mark = this.entity_mark_for(view, mark)?;
                // From an article, the corpus's mentions only (the declaration
                // is the defining mention, as for unregistered names): what an
                // annotator walks through. From the entry, the entry as well.
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

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.blocking("codeLens", move |this| {
            let Some(reg) = this.registry_snapshot(&params.text_document.uri) else { return Ok(None) };
            let index = read(&this.inner.index);
            Ok(Some(registry::code_lenses(&reg.registry, reg.source, &index, reg.encoding)))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.blocking("completion", move |this| {
            let pos = params.text_document_position;
            let Some(reg) = this.registry_snapshot(&pos.text_document.uri) else { return Ok(None) };
            let items = registry::completions(&reg.registry, reg.source, pos.position, reg.encoding);
            Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.blocking("codeAction", move |this| {
            let uri = params.text_document.uri;
            if this.is_registry_file(&uri) {
                return Ok(None);
            }
            let Some(snap) = this.snapshot(&uri) else { return Ok(None) };
            // The registry as the client holds it: open buffers, else the
            // disk read now (edits must fit the text they will change).
            let (texts, versions) = {
                let state = lock(&this.inner.state);
                let paths: Vec<PathBuf> = snap.registry.sources.iter().map(|s| s.path.clone()).collect();
                Self::open_registry_texts(&state, &paths)
            };
            let mut texts = texts;
            for file in &snap.registry.sources {
                if !texts.contains_key(&file.path) {
                    if let Ok(text) = std::fs::read_to_string(&file.path) {
                        texts.insert(file.path.clone(), text);
                    }
                }
            }
            let current = snap.registry.current(&texts);
            let analyzed = this.analyzed(&snap);
            let marks = Marks::of(&analyzed.analysis);
            let view = snap.view(&analyzed, &marks);
            let (start, end) = offsets_of(view.rope, params.range, view.encoding);
            let request = actions::Request {
                registry: &current,
                open_versions: &versions,
                article_version: snap.doc.version,
                start,
                end,
                diagnostics: &params.context.diagnostics,
                only: params.context.only.as_deref(),
                support: snap.caps.edit_support,
                encoding: snap.encoding,
            };
            let mut found = actions::code_actions(&view, &request);
            let (range, context) = (params.range, &params.context);
            let only = context.only.as_deref();
            found.extend(this.inner.annotations.code_actions(
                &view,
                Some(&current.registry),
                range,
                &context.diagnostics,
                only,
            ));
            Ok(Some(found.into_iter().map(CodeActionOrCommand::CodeAction).collect()))
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
            // The corpus's defining mention (fullest, title-led), registered
            // or not: the registry entry is the declaration, this the
            // mention that introduces the entity to a reader.
            let is_definition = |mark: &Mark| -> bool {
                let Some(id) = features::entity_of_quick(view, &index, mark) else { return false };
                let Some(def) = index.definition(id) else { return false };
                def.span == mark.span && index.article_path(def.article) == path.as_deref()
            };
            // An article with a `.ann` shows its annotations over what is detected.
            let (shown, _) = self.inner.annotations.shown(uri, view.text, view.analysis);
            let modifiers =
                tokens::Modifiers { is_definition: &is_definition, is_annotated: &|m| shown.is_annotated(m) };
            Some(tokens::flatten(&tokens::encode_with(view.rope, view.text, &shown.marks, rules, within, modifiers)))
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

    /// A quote goes to its speaker mention here; a registered mention to its
    /// entry's `name`; an ambiguous one to every candidate's entry; any other
    /// name to its defining mention in the corpus.
    fn definition_of(&self, view: &View, mark: &Mark) -> Option<GotoDefinitionResponse> {
        if let crate::marks::Source::Quote(i) = mark.source {
            let speaker = view.analysis.quotes.get(i)?.speaker.as_ref()?;
            let range = crate::position::range_of(view.rope, speaker.mention.start, speaker.mention.end, view.encoding);
            return Some(GotoDefinitionResponse::Scalar(Location::new(view.uri.clone(), range)));
        }
        if !features::is_entity_mark(mark) {
            return None;
        }
        match features::identity(view, mark) {
            Identity::Registered(entry) => {
                return view.registry.entry_location(entry, view.encoding).map(GotoDefinitionResponse::Scalar)
            }
            Identity::Ambiguous(mention) => {
                let entries = &view.registry.registry.entries;
                let locations: Vec<Location> = mention
                    .candidates
                    .iter()
                    .filter_map(|c| entries.iter().find(|e| &e.name == c))
                    .filter_map(|e| view.registry.entry_location(e, view.encoding))
                    .collect();
                return (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations));
            }
            Identity::Unregistered => {}
        }
        let index = read(&self.inner.index);
        let id = features::entity_of(view, &index, mark)?;
        features::mention_location(&index, index.definition(id)?, view.encoding).map(GotoDefinitionResponse::Scalar)
    }

    /// Every mention of a registry entry in the corpus, after the entry's
    /// `name` when the declaration is wanted.
    fn registered_references(
        &self,
        registry: &RegistryState,
        entry: &byline_core::registry::RegistryEntry,
        include_declaration: bool,
        encoding: Encoding,
    ) -> Vec<Location> {
        let mut locations = Vec::new();
        if include_declaration {
            locations.extend(registry.entry_location(entry, encoding));
        }
        let index = read(&self.inner.index);
        if let Some(id) = index.registered(&entry.id) {
            locations.extend(features::mention_locations(&index, &index.references(id, true), encoding));
        }
        locations
    }

    /// Hover inside a registry file: the entry under the cursor (or the one
    /// an id there names) with its corpus counts.
    fn registry_hover(&self, reg: &RegistrySnapshot, position: Position) -> Option<Hover> {
        let offset = reg.registry.offset(reg.source, position, reg.encoding)?;
        let entry = reg.registry.entry_at(reg.source, offset)?;
        let counts = registry::counts(&read(&self.inner.index), &entry.id);
        let markdown = registry::entry_markdown(&reg.registry.registry, entry, counts);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
            range: None,
        })
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

    /// The start of every registry file of every workspace folder, for the
    /// plugins' "open the registry" command.
    pub async fn registry_locations(&self, _params: Value) -> Result<Vec<Location>> {
        self.blocking("byline/registryLocations", move |this| {
            let state = lock(&this.inner.state);
            Ok(state.folders.iter().flat_map(|f| f.registry.file_locations()).collect())
        })
        .await
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
            // An article's save pushes its moved annotations to the `.ann`.
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
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
        // Code lenses and completion serve registry files only.
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: Some(false),
        })),
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
