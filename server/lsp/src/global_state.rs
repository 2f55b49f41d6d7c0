//! Global state and snapshots: what the server knows (open documents, workspace
//! folders with their configuration and registry, the corpus index) and the
//! snapshots requests compute on. Handlers change state only through short
//! locks here; nothing in this module awaits.

use crate::annotations::{self, Annotations};
use crate::capabilities::Caps;
use crate::document::{Analyzed, Document};
use crate::features::View;
use crate::marks::Marks;
use crate::position::Encoding;
use crate::registry::{self, OpenTexts, RegistryState};
use byline_corpus::config::{Config, Level};
use byline_corpus::index::Index;
use byline_corpus::session::{ConfState, Session};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower_lsp_server::ls_types::{FileEvent, Uri};
use tower_lsp_server::Client;

/// What the client's settings say, over `byline.toml`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) marks: Option<Level>,
    pub(crate) rules: Vec<(String, Level)>,
    /// `marks.reported`: unset follows `byline.toml`'s `[marks] reported`.
    pub(crate) reported: Option<bool>,
}

impl Settings {
    /// Accepts `{"byline": {...}}` or the inner object itself.
    pub(crate) fn parse(value: &Value) -> Settings {
        let v = value.get("byline").unwrap_or(value);
        let marks = v.pointer("/marks/diagnostics").and_then(Value::as_str).and_then(Level::parse);
        let reported = v.pointer("/marks/reported").and_then(Value::as_bool);
        let rules = v
            .get("rules")
            .and_then(Value::as_object)
            .map(|rules| {
                rules.iter().filter_map(|(k, l)| Some((k.clone(), l.as_str().and_then(Level::parse)?))).collect()
            })
            .unwrap_or_default();
        Settings { marks, rules, reported }
    }

    pub(crate) fn apply(&self, config: &mut Config) {
        for (rule, level) in &self.rules {
            config.set_rule(rule, *level);
        }
        if let Some(level) = self.marks {
            config.set_marks(level);
        }
        if let Some(reported) = self.reported {
            config.set_reported(reported);
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Folder {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    /// The registry at its newest loaded version.
    pub(crate) registry: Arc<RegistryState>,
    /// The newest registry load asked for; an older one finishing later is
    /// dropped.
    pub(crate) registry_wanted: u64,
    /// The registry fingerprint the index of this folder was (or is being)
    /// built with.
    pub(crate) indexed_with: Option<u64>,
    /// Its `annotation.conf` (the editor's buffer over the disk).
    pub(crate) conf: ConfState,
}

impl Folder {
    pub(crate) fn new(root: PathBuf, config: Config) -> Folder {
        Folder {
            root,
            config,
            registry: Arc::default(),
            registry_wanted: 0,
            indexed_with: None,
            conf: ConfState::default(),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) encoding: Encoding,
    pub(crate) caps: Caps,
    pub(crate) docs: HashMap<Uri, Document>,
    pub(crate) folders: Vec<Folder>,
    pub(crate) settings: Settings,
    /// Indexing jobs running, and their articles done and in total.
    pub(crate) indexing_jobs: usize,
    pub(crate) indexing_done: usize,
    pub(crate) indexing_total: usize,
}

/// A document as a request sees it.
pub(crate) struct Snapshot {
    pub(crate) uri: Uri,
    pub(crate) doc: Document,
    pub(crate) encoding: Encoding,
    pub(crate) caps: Caps,
    /// The registry of the document's corpus, taken with the document: the
    /// document's cached analysis was made with its gazetteer.
    pub(crate) registry: Arc<RegistryState>,
    /// `[marks] reported` of the document's corpus, under the settings.
    pub(crate) reported: bool,
}

impl Snapshot {
    /// What the feature functions read: this version's text and analysis.
    pub(crate) fn view<'a>(&'a self, analyzed: &'a Analyzed, marks: &'a Marks) -> View<'a> {
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
pub(crate) struct RegistrySnapshot {
    pub(crate) registry: Arc<RegistryState>,
    pub(crate) source: usize,
    pub(crate) encoding: Encoding,
}

pub(crate) struct Inner {
    pub(crate) client: Client,
    pub(crate) state: Mutex<State>,
    pub(crate) index: RwLock<Index>,
    /// The last token array sent per document, for `full/delta`.
    pub(crate) tokens: Mutex<HashMap<Uri, (String, Vec<u32>)>>,
    pub(crate) next_id: AtomicU64,
    pub(crate) shutting_down: AtomicBool,
    /// Set by `shutdown`; the process exit code depends on it.
    pub shutdown_requested: Arc<AtomicBool>,
    pub(crate) allow_debug_panic: bool,
    /// File events from the watcher and from closed buffers, applied in the
    /// order they arrived by one worker (started in `initialized`): two batches
    /// about one file must not race each other into the index.
    pub(crate) file_events: UnboundedSender<Vec<FileEvent>>,
    pub(crate) file_event_queue: Mutex<Option<UnboundedReceiver<Vec<FileEvent>>>>,
    /// Open articles' `.ann` files, following their edits.
    pub(crate) annotations: Annotations,
}

#[derive(Clone)]
pub struct Backend {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock has already been reported; the data is
    // still usable, so carry on rather than fail every later request.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn uri_path(uri: &Uri) -> Option<PathBuf> {
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

    pub(crate) fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let state = lock(&self.inner.state);
        let doc = state.docs.get(uri)?.clone();
        let path = uri_path(uri);
        let registry =
            path.as_deref().and_then(|p| Self::folder_of(&state, p)).map(|f| f.registry.clone()).unwrap_or_default();
        let reported = Self::effective_config(&state, path.as_deref()).reported();
        Some(Snapshot { uri: uri.clone(), doc, encoding: state.encoding, caps: state.caps, registry, reported })
    }

    /// The workspace folder a path belongs to: the deepest one holding it.
    pub(crate) fn folder_of<'a>(state: &'a State, path: &Path) -> Option<&'a Folder> {
        state.folders.iter().filter(|f| path.starts_with(&f.root)).max_by_key(|f| f.root.components().count())
    }

    /// The root of the folder whose configuration lists `path` as a registry
    /// file.
    pub(crate) fn registry_root_of(state: &State, path: &Path) -> Option<PathBuf> {
        state
            .folders
            .iter()
            .find(|f| registry::source_paths(&f.config).iter().any(|p| p == path))
            .map(|f| f.root.clone())
    }

    pub(crate) fn is_registry_file(&self, uri: &Uri) -> bool {
        uri_path(uri).is_some_and(|p| Self::registry_root_of(&lock(&self.inner.state), &p).is_some())
    }

    /// For a registry file: its registry as of the editor's buffer, and which
    /// of the registry's files it is. `None` for any other document.
    pub(crate) fn registry_snapshot(&self, uri: &Uri) -> Option<RegistrySnapshot> {
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
    pub(crate) fn analyzed(&self, snap: &Snapshot) -> Analyzed {
        snap.doc.analyzed(snap.registry.gazetteer.as_ref(), snap.reported)
    }

    /// Runs `f` on a view of the document, or answers `None` for a document
    /// the client never opened.
    ///
    /// A registry file is not an article: no marks, tokens or outline.
    pub(crate) fn with_view<T>(&self, uri: &Uri, f: impl FnOnce(&View, &Snapshot) -> Option<T>) -> Option<T> {
        if self.is_registry_file(uri) || annotations::is_ann_uri(uri) {
            return None;
        }
        let snap = self.snapshot(uri)?;
        let analyzed = self.analyzed(&snap);
        let marks = Marks::of(&analyzed.analysis);
        let view = snap.view(&analyzed, &marks);
        f(&view, &snap)
    }

    /// The corpus session a path belongs to: its folder's configuration
    /// (under the client's settings), registry and `annotation.conf`;
    /// outside every folder, the defaults. Cheap: the parts are shared.
    pub(crate) fn session_for(state: &State, path: Option<&Path>) -> Session {
        let config = Self::effective_config(state, path);
        match path.and_then(|p| Self::folder_of(state, p)) {
            Some(folder) => Session::from_parts(config, folder.registry.loaded.clone(), folder.conf.clone()),
            None => Session::from_parts(config, RegistryState::default().loaded, ConfState::default()),
        }
    }

    pub(crate) fn effective_config(state: &State, path: Option<&Path>) -> Config {
        let folder = path.and_then(|p| Self::folder_of(state, p));
        let mut config = match (folder, path) {
            (Some(folder), _) => folder.config.clone(),
            (None, Some(p)) => Config::default_for(p.parent().unwrap_or(p)),
            (None, None) => Config::default_for(Path::new("/")),
        };
        state.settings.apply(&mut config);
        config
    }
}

impl Backend {
    pub(crate) fn open_paths(&self) -> HashSet<PathBuf> {
        lock(&self.inner.state).docs.keys().filter_map(uri_path).collect()
    }

    /// The texts and versions of a folder's registry files open in the editor.
    pub(crate) fn open_registry_texts(state: &State, paths: &[PathBuf]) -> (OpenTexts, HashMap<PathBuf, i32>) {
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

    pub(crate) fn store_tokens(&self, uri: &Uri, data: Vec<u32>) -> String {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        lock(&self.inner.tokens).insert(uri.clone(), (id.clone(), data));
        id
    }
}
