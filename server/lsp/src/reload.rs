//! Indexing and reloads: discovering and indexing workspace folders in the
//! background with progress, file-system events, registry and `byline.toml`
//! changes. Everything here runs off the handlers, in tasks and
//! `spawn_blocking`.

use crate::dispatch::guarded;
use crate::global_state::{lock, uri_path, write, Backend, Folder};
use crate::lsp_ext::{StatusNotification, StatusParams};
use crate::registry::{self, RegistryState};
use crate::to_proto;
use byline_core::{analyze, AnalyzeOptions, Gazetteer};
use byline_corpus::config::{Config, CONFIG_FILE};
use byline_corpus::discover;
use byline_corpus::index::{summarize, Index};
use byline_corpus::session::ConfState;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::*;

/// How many articles are summarised between progress reports and index locks.
const INDEX_CHUNK: usize = 512;
/// The longest a background job waits on a request to the client.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long edits to a registry file must pause before the corpus is
/// analysed again with it: re-indexing takes seconds on a large corpus, and
/// open articles are refreshed at once anyway.
const REGISTRY_REINDEX_DELAY: Duration = Duration::from_millis(400);

impl Backend {
    pub(crate) async fn send_status(&self) {
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
    pub(crate) async fn index_folder(&self, root: PathBuf, counted: bool, load_registry: bool) {
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
            // `annotation.conf` with it (the open buffer over the disk).
            let conf_path = config.root.join(byline_corpus::annotations::CONF_FILE);
            let open = Uri::from_file_path(&conf_path)
                .and_then(|uri| lock(&self.inner.state).docs.get(&uri).map(|d| d.rope.to_string()));
            self.conf_changed(&conf_path, open).await;
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
        let reported = {
            let state = lock(&self.inner.state);
            state.settings.reported.unwrap_or(config.reported())
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
                guarded("indexing", || {
                    Ok(Index::summarize_all(&chunk, |path| load_article(path, gazetteer.as_ref(), reported)))
                })
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

    pub(crate) async fn finish_indexing_job(&self) {
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
    pub(crate) fn request_refreshes(&self) {
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

    pub(crate) fn register_watchers(&self) {
        let (caps, roots) = {
            let state = lock(&self.inner.state);
            (state.caps, state.folders.iter().map(|f| f.root.clone()).collect::<Vec<_>>())
        };
        if !caps.watch_dynamic {
            return;
        }
        // Every TOML file: `byline.toml` and the registry files, whose paths
        // the configuration may set anywhere under the root.
        let globs = ["**/*.{txt,md}", "**/*.toml", "**/annotation.conf"];
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
    pub(crate) fn queue_file_events(&self, events: Vec<FileEvent>) {
        // Fails only once the worker is gone, at shutdown.
        let _ = self.inner.file_events.send(events);
    }

    pub(crate) fn start_file_event_worker(&self) {
        let Some(mut queue) = lock(&self.inner.file_event_queue).take() else { return };
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(events) = queue.recv().await {
                this.apply_file_events(events).await;
            }
        });
    }

    pub(crate) async fn apply_file_events(&self, events: Vec<FileEvent>) {
        let this = self.clone();
        let (reindex, registries, confs): (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>) =
            tokio::task::spawn_blocking(move || {
                guarded("file events", || {
                    let mut reindex = Vec::new();
                    let mut registries = Vec::new();
                    let mut confs = Vec::new();
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
                        if path.file_name().is_some_and(|n| n == byline_corpus::annotations::CONF_FILE) {
                            if !confs.contains(&path) {
                                confs.push(path);
                            }
                            continue;
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
                        match load_article(&path, gazetteer.as_ref(), config.reported()) {
                            Some((text, analysis)) => {
                                let summary = summarize(&path, &text, &analysis);
                                write(&this.inner.index).insert(summary);
                            }
                            None => {
                                write(&this.inner.index).remove(&path);
                            }
                        }
                    }
                    Ok((reindex, registries, confs))
                })
            })
            .await
            .ok()
            .and_then(|r| r.ok())
            .unwrap_or_default();
        for root in reindex {
            self.reload_config(root).await;
        }
        for path in confs {
            self.conf_changed(&path, None).await;
        }
        for root in registries {
            // Re-indexing can take seconds: later file events need not wait.
            let this = self.clone();
            tokio::spawn(async move { this.registry_changed(root).await });
        }
    }

    /// True when the folder's registry no longer gives the marks an index
    /// job started with (the job should give up), or the folder is gone.
    pub(crate) fn registry_moved_on(&self, root: &Path, fingerprint: u64) -> bool {
        let state = lock(&self.inner.state);
        state.folders.iter().find(|f| f.root == root).is_none_or(|f| f.registry.fingerprint() != fingerprint)
    }

    /// Reads a folder's registry again (open buffers over the disk), installs
    /// it and publishes its problems. Returns whether open articles may now
    /// have other marks, and whether the corpus's index was built with a
    /// registry that gives other marks (a re-index is due).
    pub(crate) async fn load_registry(&self, root: &Path) -> (bool, bool) {
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
        // Every registry file, and `byline.toml` when it names one that
        // cannot be read: the findings `byline check` reports, in place.
        let findings = loaded.loaded.findings(&config);
        let mut paths: Vec<PathBuf> = loaded.sources.iter().map(|s| s.path.clone()).collect();
        paths.extend(findings.iter().map(|f| f.path.clone()).filter(|p| !loaded.sources.iter().any(|s| &s.path == p)));
        paths.dedup();
        for path in paths {
            // A newer load publishes its own; this one's would arrive stale.
            let current =
                lock(&self.inner.state).folders.iter().any(|f| f.root == root && f.registry_wanted == generation);
            if !current {
                break;
            }
            let Some(uri) = Uri::from_file_path(&path) else { continue };
            let text = match loaded.sources.iter().find(|s| s.path == path) {
                Some(source) => source.text.to_string(),
                None => loaded.loaded.text_of(&path).unwrap_or_default().to_string(),
            };
            let in_file = findings.iter().filter(|f| f.path == path).map(|f| f.finding.clone()).collect();
            let diagnostics = to_proto::diagnostics(&uri, &text, encoding, in_file, related);
            self.inner.client.publish_diagnostics(uri, diagnostics, versions.get(&path).copied()).await;
        }
        (marks_change, stale_index)
    }

    /// A registry file changed (in the editor or on disk): load it, refresh
    /// open articles at once, and re-index the folder once the edits pause.
    pub(crate) async fn registry_changed(&self, root: PathBuf) {
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
    pub(crate) async fn reload_config(&self, changed_in: PathBuf) {
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
        // `[marks] reported` may have changed: open documents analyse again.
        lock(&self.inner.state).docs.values_mut().for_each(|doc| doc.reset_analysis());
        write(&self.inner.index).remove_under(&root);
        self.index_folder(root, false, true).await;
        self.refresh_all_open();
    }

    /// `annotation.conf` changed (`text`: the editor's buffer; `None`: read
    /// the disk): every `.ann` is validated against it, so open documents
    /// are refreshed when it differs, and its own problems published.
    pub(crate) async fn conf_changed(&self, path: &Path, text: Option<String>) {
        let changed = {
            let mut state = lock(&self.inner.state);
            let Some(folder) = state
                .folders
                .iter_mut()
                .filter(|f| path.starts_with(&f.root))
                .max_by_key(|f| f.root.components().count())
            else {
                return;
            };
            let conf = ConfState::read(&folder.config, text.as_deref());
            let same = |a: &ConfState, b: &ConfState| {
                a.loaded.as_ref().map(|c| &c.text) == b.loaded.as_ref().map(|c| &c.text)
                    && a.unreadable.is_some() == b.unreadable.is_some()
            };
            let changed = !same(&folder.conf, &conf);
            folder.conf = conf;
            changed
        };
        self.publish_conf(path).await;
        if changed {
            self.refresh_all_open();
        }
    }

    /// Publishes the problems of a folder's `annotation.conf`, as `byline
    /// check` reports them, at the version of its buffer when it is open.
    pub(crate) async fn publish_conf(&self, path: &Path) {
        let Some(uri) = Uri::from_file_path(path) else { return };
        let (findings, text, version, encoding, related) = {
            let state = lock(&self.inner.state);
            let session = Self::session_for(&state, Some(path));
            let text = session.conf.loaded.as_ref().map(|c| c.text.clone()).unwrap_or_default();
            let version = state.docs.get(&uri).map(|d| d.version);
            let findings: Vec<_> = session.conf_findings().into_iter().map(|f| f.finding).collect();
            (findings, text, version, state.encoding, state.caps.related_information)
        };
        if findings.is_empty() && version.is_none() && !path.exists() {
            return;
        }
        let diagnostics = to_proto::diagnostics(&uri, &text, encoding, findings, related);
        self.inner.client.publish_diagnostics(uri, diagnostics, version).await;
    }
}

/// Reads and analyses a file for the index; `None` (with a log line) for a
/// file that is unreadable, not UTF-8 or gone.
pub(crate) fn load_article(
    path: &Path,
    gazetteer: Option<&Arc<Gazetteer>>,
    reported: bool,
) -> Option<(String, byline_core::Analysis)> {
    match discover::read_article(path) {
        Ok(text) => {
            let options = AnalyzeOptions { gazetteer: gazetteer.cloned(), reported, ..AnalyzeOptions::default() };
            let analysis = analyze(&text, &options);
            Some((text, analysis))
        }
        Err(e) => {
            eprintln!("byline lsp: skipping {}: {e}", path.display());
            None
        }
    }
}
