//! Diagnostics of open documents: each version is analysed off the main loop
//! after a short pause and published unless a newer version came in; the
//! corpus-wide label-conflict pass runs in the background.

use crate::annotations;
use crate::dispatch::guarded;
use crate::features;
use crate::global_state::{lock, uri_path, write, Backend};
use crate::marks::Marks;
use crate::to_proto;
use byline_corpus::check;
use byline_corpus::index::summarize;
use byline_corpus::session::{kind_of, FileKind};
use std::time::Duration;
use tower_lsp_server::ls_types::Uri;

/// How long typing may go on before a document is re-analysed. Short: the
/// analysis of a 20 KB article takes well under a millisecond, and a task
/// superseded by a newer version gives up before doing any work.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(2);

impl Backend {
    /// Re-analyses a document after a short pause and publishes its
    /// diagnostics, unless a newer version arrived meanwhile.
    pub(crate) fn schedule_refresh(&self, uri: Uri, version: i32, delay: Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            this.refresh(uri, version).await;
        });
    }

    /// Publishes the diagnostics of one version of an open document, by
    /// what the document is to its corpus.
    pub(crate) async fn refresh(&self, uri: Uri, version: i32) {
        let Some(snap) = self.snapshot(&uri) else { return };
        if snap.doc.version != version {
            return; // Superseded: the newer version's task will do it.
        }
        let path = uri_path(&uri);
        let (kind, session, related, in_corpus) = {
            let state = lock(&self.inner.state);
            let in_corpus = path.as_deref().is_some_and(|p| Self::folder_of(&state, p).is_some());
            let session = Self::session_for(&state, path.as_deref());
            let kind = path.as_deref().map_or(FileKind::Other, |p| kind_of(p, &session.config));
            (kind, session, state.caps.related_information, in_corpus)
        };
        let findings = match (kind, path.as_deref()) {
            (FileKind::Registry, _) if in_corpus => {
                // A registry file is not an article: its buffer changes the registry.
                self.registry_changed(session.config.root.clone()).await;
                return;
            }
            (FileKind::AnnotationConf, Some(path)) if in_corpus => {
                self.conf_changed(path, Some(snap.doc.rope.to_string())).await;
                return;
            }
            (FileKind::Annotations, Some(path)) => Some(session.ann_findings(path, &snap.doc.rope.to_string())),
            (FileKind::Config, Some(path)) => {
                Some(session.registry_findings().into_iter().filter(|f| f.path == path).collect())
            }
            _ => None,
        };
        if let Some(findings) = findings {
            let text = snap.doc.rope.to_string();
            let findings = findings.into_iter().map(|f| f.finding).collect();
            let diagnostics = to_proto::diagnostics(&uri, &text, snap.encoding, findings, related);
            self.inner.client.publish_diagnostics(uri, diagnostics, Some(version)).await;
            return;
        }
        let this = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            guarded("analysis", || {
                let analyzed = this.analyzed(&snap);
                let marks = Marks::of(&analyzed.analysis);
                let view = snap.view(&analyzed, &marks);
                // What `byline check` reports for this article, on the buffer.
                let mut findings = check::findings(view.analysis, &session.config);
                findings.extend(this.inner.annotations.findings(&view, &session));
                let mut diagnostics = to_proto::diagnostics(view.uri, view.text, view.encoding, findings, related);
                if let Some(level) = session.config.marks_severity() {
                    let marks = features::mark_messages(view.analysis);
                    diagnostics.extend(to_proto::mark_diagnostics(view.text, view.encoding, level, marks));
                }
                // Only the corpus's articles join the index: an opened README or
                // a file outside every workspace folder is analysed, not indexed.
                let summary = path
                    .as_deref()
                    .filter(|_| in_corpus && kind == FileKind::Article)
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
    pub(crate) fn check_label_conflicts(&self, uri: &Uri) {
        let Some(path) = uri_path(uri).filter(|_| self.inner.annotations.has_ann(uri)) else { return };
        let session = {
            let state = lock(&self.inner.state);
            if Self::folder_of(&state, &path).is_none() {
                return;
            }
            Self::session_for(&state, Some(&path))
        };
        if !self.inner.annotations.start_conflict_pass() {
            return;
        }
        let open = self.inner.annotations.open_annotated();
        let this = self.clone();
        tokio::spawn(async move {
            let root = session.config.root.clone();
            let job = tokio::task::spawn_blocking(move || {
                guarded("label conflicts", || Ok(annotations::label_conflicts_in(&session, open)))
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
    pub(crate) fn refresh_annotated(&self, article: Option<Uri>) {
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
    pub(crate) fn refresh_all_open(&self) {
        let open: Vec<(Uri, i32)> = {
            let state = lock(&self.inner.state);
            state
                .docs
                .iter()
                .filter(|(u, _)| {
                    uri_path(u).is_none_or(|p| {
                        Self::registry_root_of(&state, &p).is_none()
                            && p.file_name().is_none_or(|n| n != byline_corpus::annotations::CONF_FILE)
                    })
                })
                .map(|(u, d)| (u.clone(), d.version))
                .collect()
        };
        for (uri, version) in open {
            self.schedule_refresh(uri, version, Duration::ZERO);
        }
    }
}
