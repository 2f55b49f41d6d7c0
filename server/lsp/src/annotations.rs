//! Human annotations in the editor: the brat `.ann` beside an article, shown
//! over what Byline detects, kept anchored while the article is edited, and
//! changed by code actions as workspace edits on the `.ann`.
//!
//! The pure work (parsing, precedence, anchoring, the rules) is
//! `byline_core::standoff`; this module is the protocol side of it:
//! - [`Annotations`], the store the server keeps: for every open article, its
//!   `.ann` as it follows the article's buffer, and the `.ann` text the
//!   client has (its open buffer, else the file on disk). Its hooks
//!   ([`Annotations::opened`], [`Annotations::changed`],
//!   [`Annotations::closed`]) are synchronous and run under the server's
//!   state lock, so edits are followed in the order they arrived.
//! - [`Overlay`]: one article version's annotations merged with its
//!   analysis; [`Overlay::marks`] (what the semantic tokens show, with the
//!   `annotated` ones), [`Overlay::hover_prefix`], [`Overlay::diagnostics`].
//! - [`actions`]: the code actions (accept, reject, speaker, registry link,
//!   label, the stale-annotation quick fix) and the `.ann` workspace edits.

pub mod actions;

use crate::document::Document;
use crate::features::{self, View};
use crate::marks::{Mark, MarkKind, Marks, Source};
use crate::position::{offsets_of, Encoding};
use byline_core::standoff::{self, labels, AnnFile, AnnotatedMark, MarkSource, MarkStatus, MergedMarks};
use byline_core::{Analysis, Registry, Span};
use byline_corpus::annotations::{self as corpus_annotations, Annotated};
use byline_corpus::check::Finding;
use byline_corpus::index::Index;
use byline_corpus::session::Session;
use ropey::Rope;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp_server::ls_types::request::ApplyWorkspaceEdit;
use tower_lsp_server::ls_types::ApplyWorkspaceEditParams;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeAction, CodeActionKind, Diagnostic, DocumentChangeOperation, DocumentChanges, Range,
    ResourceOp, ResourceOperationKind, TextDocumentContentChangeEvent, Uri, WorkspaceEdit,
};
use tower_lsp_server::Client;

/// The longest the server waits for the client to apply a `.ann` edit.
const APPLY_EDIT_TIMEOUT: Duration = Duration::from_secs(10);

/// The article extensions a `.ann` can sit beside.
const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// What the client lets a workspace edit do, for the `.ann` edits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EditCaps {
    /// `workspace.workspaceEdit.documentChanges`.
    pub document_changes: bool,
    /// `create` among `workspace.workspaceEdit.resourceOperations`.
    pub create_files: bool,
    /// `workspace.applyEdit`: the server may ask the client to apply an edit.
    pub apply_edit: bool,
    /// `codeAction/resolve` of `edit`: actions may be listed without their
    /// edit, which is computed when the user picks one.
    pub resolve: bool,
}

impl EditCaps {
    pub fn of(caps: &ClientCapabilities) -> EditCaps {
        let workspace = caps.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        EditCaps {
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            resolve: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        }
    }
}

/// The `.ann` path of an article (`x.txt` → `x.ann`); `None` for files that
/// are not articles, and for `x.md` beside an `x.txt` (whose `.ann` it is).
pub fn ann_path_of(article: &Path) -> Option<PathBuf> {
    let ext = article.extension()?.to_str()?;
    if !ARTICLE_EXTENSIONS.contains(&ext) {
        return None;
    }
    corpus_annotations::ann_path_for(article)
}

fn is_ann(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ann")
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// One open article's annotations.
#[derive(Debug, Clone)]
struct Tracked {
    ann_path: PathBuf,
    ann_uri: Uri,
    /// The `.ann` text the client has: its open buffer, else the file on
    /// disk; `None` while there is no `.ann`. Edits are made against it.
    client_text: Option<String>,
    /// The `.ann` as it follows the article's buffer.
    file: AnnFile,
    /// The article text `file`'s offsets are anchored in; kept only while
    /// the file has text-bounds to move (most open articles have none, and
    /// a copy of a 20 MB article per keystroke would cost).
    aligned: Option<Arc<str>>,
    /// The last `.ann` text the server asked the client to apply at a save.
    pushed: Option<Pushed>,
    /// A resolved action created the `.ann` and the server has seen neither
    /// the client's buffer of it nor its text on disk since: the client may
    /// hold lines the server does not know, so no edit is made until it does.
    create_pending: bool,
}

/// A `.ann` text the server pushed at a save. Its offsets hold in the
/// article as it was at that save, not as it is when the client's buffer
/// reports the edit: the client may send that `didChange` late (Neovim
/// debounces it per buffer), after further edits of the article, such as
/// an undo of the very edit the push followed.
#[derive(Debug, Clone)]
struct Pushed {
    ann: String,
    /// The article text the pushed offsets are anchored in (`None`: the
    /// pushed `.ann` has no text-bounds).
    article: Option<Arc<str>>,
    /// `file` has followed the article from the pushed annotations, with
    /// no other `.ann` text taken since: exact, nothing to redo.
    followed: bool,
}

#[derive(Debug, Default)]
struct Store {
    articles: HashMap<Uri, Tracked>,
    /// Open `.ann` buffers by path: the editor's buffer is the truth.
    ann_buffers: HashMap<PathBuf, String>,
}

/// The server's annotation state. Every method takes the store's own lock
/// briefly and never calls back into the server, so the hooks may run
/// under the server's state lock.
#[derive(Debug, Default)]
pub struct Annotations {
    store: Mutex<Store>,
    caps: Mutex<EditCaps>,
    /// `label-conflict` problems by article path, from the last corpus-wide
    /// pass ([`label_conflicts_in`]); their spans are found again by
    /// annotation id, so an article edited since shows them in place.
    conflicts: Mutex<HashMap<PathBuf, Vec<Finding>>>,
    /// A corpus-wide pass is running: saves meanwhile do not start another.
    conflicts_running: AtomicBool,
}

impl Annotations {
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_client_caps(&self, caps: &ClientCapabilities) {
        *self.caps.lock().unwrap_or_else(|e| e.into_inner()) = EditCaps::of(caps);
    }

    pub fn edit_caps(&self) -> EditCaps {
        *self.caps.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `didOpen` of any document, after the server stored it. An article
    /// starts being tracked with its `.ann` (the open buffer, else
    /// `on_disk`, read by [`ann_on_disk`] before the server took its lock:
    /// later edits are followed from this very text). An opened `.ann`
    /// becomes the truth for its article. Returns the article whose marks
    /// changed, if another document's.
    pub fn opened(&self, docs: &HashMap<Uri, Document>, uri: &Uri, on_disk: Option<String>) -> Option<Uri> {
        let path = uri_path(uri)?;
        let doc = docs.get(uri)?;
        if is_ann(&path) {
            return self.ann_buffer_changed(docs, path, doc.rope.to_string());
        }
        let ann_path = ann_path_of(&path)?;
        let ann_uri = Uri::from_file_path(&ann_path)?;
        let mut store = self.store();
        let client_text = match store.ann_buffers.get(&ann_path) {
            Some(buffer) => Some(buffer.clone()),
            None => on_disk,
        };
        let file = standoff::parse(client_text.as_deref().unwrap_or(""));
        let aligned = has_text_bounds(&file).then(|| Arc::from(doc.rope.to_string()));
        store.articles.insert(
            uri.clone(),
            Tracked { ann_path, ann_uri, client_text, file, aligned, pushed: None, create_pending: false },
        );
        None
    }

    /// `didChange` of any document, after the server applied it: an
    /// article's annotations follow each change (`before` is the text the
    /// changes were made on); a `.ann` buffer replaces its article's
    /// annotations. Returns the article whose marks changed, if another
    /// document's.
    pub fn changed(
        &self,
        docs: &HashMap<Uri, Document>,
        uri: &Uri,
        before: &Rope,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Option<Uri> {
        let path = uri_path(uri)?;
        if is_ann(&path) {
            let text = docs.get(uri)?.rope.to_string();
            return self.ann_buffer_changed(docs, path, text);
        }
        let mut store = self.store();
        let tracked = store.articles.get_mut(uri)?;
        // Nothing to move without text-bounds.
        let aligned = tracked.aligned.as_deref()?;
        let before_text = before.to_string();
        if before_text != aligned {
            // Tracking missed a version (cannot happen when every change
            // comes through here): catch up as one edit.
            follow_diff(&mut tracked.file, aligned, &before_text);
        }
        let after = follow_changes(&mut tracked.file, before, changes, encoding);
        tracked.aligned = Some(Arc::from(after));
        None
    }

    /// `didClose`: an article is no longer tracked (what it followed is
    /// pushed at save; an unsaved buffer's edits are gone with it); a closed
    /// `.ann` gives way to the file on disk.
    pub fn closed(&self, uri: &Uri) -> Option<Uri> {
        let path = uri_path(uri)?;
        let mut store = self.store();
        if !is_ann(&path) {
            store.articles.remove(uri);
            return None;
        }
        store.ann_buffers.remove(&path);
        let disk = byline_corpus::discover::read_article(&path).ok();
        let (article, tracked) = store.articles.iter_mut().find(|(_, t)| t.ann_path == path)?;
        tracked.client_text = disk;
        Some(article.clone())
    }

    fn ann_buffer_changed(&self, docs: &HashMap<Uri, Document>, path: PathBuf, text: String) -> Option<Uri> {
        let mut store = self.store();
        store.ann_buffers.insert(path.clone(), text.clone());
        let (article, tracked) = store.articles.iter_mut().find(|(_, t)| t.ann_path == path)?;
        tracked.create_pending = false;
        match tracked.pushed.as_mut().filter(|p| p.ann == text) {
            // The client's buffer took the server's own edit, maybe after
            // the article changed again: its offsets are those of the
            // article at the save, and the annotations already followed
            // the article from there.
            Some(pushed) if pushed.followed => {}
            Some(pushed) => {
                tracked.file = standoff::parse(&text);
                let now = docs.get(article).map(|doc| doc.rope.to_string());
                tracked.aligned = match (now, &pushed.article) {
                    (Some(now), Some(then)) if has_text_bounds(&tracked.file) => {
                        follow_diff(&mut tracked.file, then, &now);
                        Some(Arc::from(now))
                    }
                    _ => None,
                };
                pushed.followed = true;
            }
            None => {
                // Annotators edit the `.ann` against the article as the editor shows it.
                tracked.file = standoff::parse(&text);
                tracked.aligned = match docs.get(article) {
                    Some(doc) if has_text_bounds(&tracked.file) => Some(Arc::from(doc.rope.to_string())),
                    _ => None,
                };
                if let Some(pushed) = tracked.pushed.as_mut() {
                    pushed.followed = false;
                }
            }
        }
        tracked.client_text = Some(text);
        Some(article.clone())
    }

    /// The annotations of an article at the text a request computes on,
    /// merged with its analysis; `None` for a document that is not an
    /// article being tracked.
    pub fn overlay(&self, uri: &Uri, text: &str, analysis: &Analysis) -> Option<Overlay> {
        let (mut file, aligned, ann_uri, ann_path, client_text) = {
            let store = self.store();
            let t = store.articles.get(uri)?;
            (t.file.clone(), t.aligned.clone(), t.ann_uri.clone(), t.ann_path.clone(), t.client_text.clone())
        };
        if let Some(aligned) = aligned.filter(|a| &**a != text) {
            // The request's snapshot is older or newer than the last change.
            follow_diff(&mut file, &aligned, text);
        }
        let merged = standoff::merge(text, analysis, &file);
        let ann_name = ann_path.file_name().map_or_else(|| "?.ann".to_string(), |n| n.to_string_lossy().into_owned());
        Some(Overlay { ann_uri, ann_name, client_text, file, merged })
    }

    /// At `didSave` of an article: the edit that brings the client's `.ann`
    /// in line with the annotations as they followed the article, if they
    /// moved; `None` when nothing changed or the client cannot take it.
    /// `ann_version` is the version of the client's open `.ann` buffer, if
    /// it has one open ([`Annotations::ann_uri_of`]).
    pub fn save_edit(
        &self,
        uri: &Uri,
        ann_version: Option<i32>,
        encoding: Encoding,
    ) -> Option<(WorkspaceEdit, String)> {
        let caps = self.edit_caps();
        if !caps.apply_edit {
            return None;
        }
        let mut store = self.store();
        let tracked = store.articles.get_mut(uri)?;
        let new_text = standoff::write(&tracked.file);
        if tracked.client_text.as_deref() == Some(new_text.as_str()) {
            return None;
        }
        // No `.ann` and no annotation: nothing to persist.
        tracked.client_text.as_ref()?;
        let edit =
            actions::ann_edit(&tracked.ann_uri, tracked.client_text.as_deref(), ann_version, &new_text, encoding, caps)
                .ok()?;
        // Remembered for when the client's `.ann` buffer reports the edit.
        tracked.pushed = Some(Pushed { ann: new_text.clone(), article: tracked.aligned.clone(), followed: true });
        Some((edit, new_text))
    }

    /// The `.ann` of a tracked article.
    pub fn ann_uri_of(&self, uri: &Uri) -> Option<Uri> {
        self.store().articles.get(uri).map(|t| t.ann_uri.clone())
    }

    /// The client applied an edit that made its `.ann` this text (the
    /// answer to the server's `workspace/applyEdit`).
    pub fn client_has(&self, uri: &Uri, text: String) {
        if let Some(tracked) = self.store().articles.get_mut(uri) {
            tracked.client_text = Some(text);
        }
    }
}

/// The server's side of annotations, in the shapes its handlers have.
impl Annotations {
    /// Whether a document is an article with a `.ann` (or annotations not
    /// written to one yet); cheap, for the requests on every other document.
    pub fn has_ann(&self, uri: &Uri) -> bool {
        self.store().articles.get(uri).is_some_and(|t| t.client_text.is_some() || !t.file.lines().is_empty())
    }

    /// The marks to show for a document: the detected ones alone, or, for
    /// an article with a `.ann`, merged with its annotations.
    pub fn shown(&self, uri: &Uri, text: &str, analysis: &Analysis) -> (ShownMarks, Option<Overlay>) {
        if !self.has_ann(uri) {
            return (ShownMarks { marks: Marks::of(analysis), ..ShownMarks::default() }, None);
        }
        match self.overlay(uri, text, analysis) {
            Some(overlay) => (overlay.marks(analysis), Some(overlay)),
            None => (ShownMarks { marks: Marks::of(analysis), ..ShownMarks::default() }, None),
        }
    }

    /// What an article's annotations say about its text, as `byline
    /// check` reports it (the session's checker), on the annotations as they
    /// followed the editor's buffer; with the `label-conflict` findings of
    /// the last corpus-wide pass, found again by annotation id.
    pub fn findings(&self, view: &View, session: &Session) -> Vec<Finding> {
        if !self.has_ann(view.uri) {
            return Vec::new();
        }
        let Some(overlay) = self.overlay(view.uri, view.text, view.analysis) else { return Vec::new() };
        let (Some(article), Some(ann_path)) = (uri_path(view.uri), uri_path(&overlay.ann_uri)) else {
            return Vec::new();
        };
        let checker = session.checker();
        let mut out: Vec<Finding> = checker
            .in_text(&article, view.text, view.analysis, &ann_path, &overlay.file)
            .into_iter()
            .map(|f| f.finding)
            .collect();
        let conflicts = lock(&self.conflicts).get(&article).cloned().unwrap_or_default();
        for mut finding in conflicts {
            // Where the annotation is now; gone or stale: not shown.
            let now = finding
                .annotation
                .as_deref()
                .and_then(|id| overlay.merged.annotations.iter().find(|a| a.id == id && !a.stale));
            if let Some(now) = now {
                finding.span = now.span;
                out.push(finding);
            }
        }
        out
    }

    /// The annotated articles open in the editor, as they are now, for a
    /// corpus-wide pass: (path, text, annotations).
    pub fn open_annotated(&self) -> Vec<(PathBuf, Arc<str>, AnnFile)> {
        let store = self.store();
        store
            .articles
            .iter()
            .filter_map(|(uri, t)| Some((uri_path(uri)?, t.aligned.clone()?, t.file.clone())))
            .collect()
    }

    /// Starts a corpus-wide `label-conflict` pass unless one is running;
    /// true if the caller should run [`label_conflicts_in`] and then
    /// [`Annotations::set_conflicts`].
    pub fn start_conflict_pass(&self) -> bool {
        !self.conflicts_running.swap(true, Ordering::AcqRel)
    }

    /// The result of a corpus-wide pass over `root`, replacing the last.
    pub fn set_conflicts(&self, root: &Path, found: HashMap<PathBuf, Vec<Finding>>) {
        let mut conflicts = lock(&self.conflicts);
        conflicts.retain(|path, _| !path.starts_with(root));
        conflicts.extend(found);
        self.conflicts_running.store(false, Ordering::Release);
    }

    /// A pass that could not finish: the next save may start another.
    pub fn conflict_pass_failed(&self) {
        self.conflicts_running.store(false, Ordering::Release);
    }

    /// The hover of an article with a `.ann`, saying whether the mark is
    /// annotated (with its `.ann` line) or a detected suggestion; `None`
    /// for any other document (the server's own hover applies).
    pub fn hover(&self, view: &View, index: &Index, offset: usize) -> Option<Option<(String, Span)>> {
        if !self.has_ann(view.uri) {
            return None;
        }
        let (shown, overlay) = self.shown(view.uri, view.text, view.analysis);
        let overlay = overlay?;
        let Some(mark) = shown.marks.at(offset) else { return Some(None) };
        let markdown = match features::hover_markdown(view, index, &mark) {
            Some(detail) => format!("{}\n\n{detail}", overlay.hover_prefix(&mark)),
            None => match overlay.annotation_hover(&mark) {
                Some(md) => md,
                None => overlay.hover_prefix(&mark),
            },
        };
        Some(Some((markdown, mark.span)))
    }

    /// The annotation code actions at `range` of an article, with the
    /// quick fixes of the stale annotations among `diagnostics`, of the
    /// kinds the client asked for (`only`).
    ///
    /// Where the client resolves actions, they carry no edit but the
    /// article `version` they were listed at ([`Annotations::resolve`]).
    pub fn code_actions(
        &self,
        view: &View,
        versions: Versions,
        registry: Option<&Registry>,
        range: Range,
        diagnostics: &[Diagnostic],
        only: Option<&[CodeActionKind]>,
    ) -> Vec<CodeAction> {
        let refused = self.read_created_ann(view.uri, view.text);
        let Some(overlay) = self.overlay(view.uri, view.text, view.analysis) else { return Vec::new() };
        let caps = self.edit_caps();
        let deferred = caps.resolve.then(|| actions::Deferred {
            ann_action: true,
            uri: view.uri.clone(),
            version: versions.article,
            range,
        });
        let ctx = actions::ActionContext {
            rope: view.rope,
            text: view.text,
            analysis: view.analysis,
            encoding: view.encoding,
            overlay: &overlay,
            registry,
            caps,
            ann_version: versions.ann,
            deferred,
            refused,
        };
        let wanted = |kind: &Option<CodeActionKind>| {
            let Some(only) = only else { return true };
            let kind = kind.as_ref().map_or("", |k| k.as_str());
            only.iter().any(|o| kind == o.as_str() || kind.starts_with(&format!("{}.", o.as_str())))
        };
        actions::code_actions(&ctx, range, diagnostics).into_iter().filter(|a| wanted(&a.kind)).collect()
    }

    /// `codeAction/resolve` of an action listed by
    /// [`Annotations::code_actions`]: the same action computed again on the
    /// article and `.ann` as they are now (`view`), so its new ids follow
    /// the ones the `.ann` has now. `Err` when the article changed since
    /// the list (its offsets are another text's) or the action no longer
    /// applies (what it would do is done, or its title counts other marks).
    pub fn resolve(
        &self,
        view: &View,
        versions: Versions,
        registry: Option<&Registry>,
        action: &CodeAction,
    ) -> Result<CodeAction, String> {
        let deferred = actions::Deferred::of(action.data.as_ref()).ok_or("not an annotation action")?;
        if deferred.version != versions.article {
            return Err(format!(
                "the article changed since this action was offered (version {} → {}): ask for the actions again",
                deferred.version, versions.article
            ));
        }
        if let Some(reason) = self.read_created_ann(view.uri, view.text) {
            return Err(reason);
        }
        let overlay = self.overlay(view.uri, view.text, view.analysis).ok_or("not an annotated article")?;
        let ctx = actions::ActionContext {
            rope: view.rope,
            text: view.text,
            analysis: view.analysis,
            encoding: view.encoding,
            overlay: &overlay,
            registry,
            caps: self.edit_caps(),
            ann_version: versions.ann,
            deferred: None,
            refused: None,
        };
        let diagnostics = action.diagnostics.as_deref().unwrap_or_default();
        let found = actions::code_actions(&ctx, deferred.range, diagnostics)
            .into_iter()
            .find(|a| a.title == action.title && a.kind == action.kind)
            .ok_or_else(|| format!("`{}` no longer applies: ask for the actions again", action.title))?;
        if let Some(disabled) = &found.disabled {
            return Err(disabled.reason.clone());
        }
        if found.edit.as_ref().is_some_and(creates_a_file) {
            if let Some(tracked) = self.store().articles.get_mut(view.uri) {
                tracked.create_pending = true;
            }
        }
        Ok(found)
    }
}

/// The versions a request saw: the article's, and the client's open `.ann`
/// buffer's (`None`: not open).
#[derive(Debug, Clone, Copy)]
pub struct Versions {
    pub article: i32,
    pub ann: Option<i32>,
}

fn creates_a_file(edit: &WorkspaceEdit) -> bool {
    matches!(&edit.document_changes, Some(DocumentChanges::Operations(ops))
        if ops.iter().any(|o| matches!(o, DocumentChangeOperation::Op(ResourceOp::Create(_)))))
}

impl Annotations {
    /// An article that had no `.ann` may have one now (an earlier action
    /// created it and the editor saved it): read it before making edits
    /// against "no file", which would write a second one over it. Returns
    /// why no edit may be made yet: an action created the `.ann`, the
    /// client has not shown the server its buffer, and the file on disk is
    /// still empty, so the client may hold unsaved lines (an edit against
    /// the empty file would repeat their ids).
    fn read_created_ann(&self, uri: &Uri, text: &str) -> Option<String> {
        let mut store = self.store();
        let tracked = store.articles.get_mut(uri)?;
        if tracked.client_text.is_some() && !tracked.create_pending {
            return None;
        }
        let Ok(disk) = byline_corpus::discover::read_article(&tracked.ann_path) else {
            // Not there: the client did not apply the create.
            tracked.create_pending = false;
            return None;
        };
        if tracked.create_pending && disk.is_empty() {
            let name = tracked.ann_path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            return Some(format!("{name} was just created by an action: save it before the next one"));
        }
        tracked.create_pending = false;
        tracked.file = standoff::parse(&disk);
        tracked.aligned = has_text_bounds(&tracked.file).then(|| Arc::from(text));
        tracked.client_text = Some(disk);
        None
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `label-conflict` over a corpus, as `byline check` finds it: every
/// annotated article (the open ones as the editor has them, the others
/// from disk), and for each article its findings.
pub fn label_conflicts_in(
    session: &Session,
    open: Vec<(PathBuf, Arc<str>, AnnFile)>,
) -> HashMap<PathBuf, Vec<Finding>> {
    let root = &session.config.root;
    let mut corpus: Vec<Annotated> = open
        .into_iter()
        .filter(|(path, ..)| path.starts_with(root))
        .filter_map(|(article, text, file)| {
            let path = corpus_annotations::ann_path_for(&article)?;
            let annotations = corpus_annotations::Annotations { path, text: String::new(), file };
            Some(Annotated { article, text: text.to_string(), annotations })
        })
        .collect();
    let open_paths: Vec<PathBuf> = corpus.iter().map(|a| a.article.clone()).collect();
    corpus.extend(session.annotated().into_iter().filter(|a| !open_paths.contains(&a.article)));
    corpus.sort_by(|a, b| a.article.cmp(&b.article));
    let mut out: HashMap<PathBuf, Vec<Finding>> = HashMap::new();
    for found in session.label_conflicts(&corpus) {
        out.entry(found.path).or_default().push(found.finding);
    }
    out
}

/// The `.ann` beside an article on disk, if it has one: one small read, for
/// [`Annotations::opened`].
pub fn ann_on_disk(article: &Uri) -> Option<String> {
    let ann_path = ann_path_of(&uri_path(article)?)?;
    byline_corpus::discover::read_article(&ann_path).ok()
}

/// Whether a document is a `.ann` file (not an article: no marks of its own).
pub fn is_ann_uri(uri: &Uri) -> bool {
    uri_path(uri).is_some_and(|p| is_ann(&p))
}

/// Asks the client to apply an edit to a `.ann`, off the handler (never
/// awaited inside one) and bounded in time; `on_applied` runs when the
/// client says it applied it.
pub fn spawn_apply(
    client: Client,
    label: &'static str,
    edit: WorkspaceEdit,
    on_applied: impl FnOnce() + Send + 'static,
) {
    tokio::spawn(async move {
        match tokio::time::timeout(
            APPLY_EDIT_TIMEOUT,
            client
                .send_request::<ApplyWorkspaceEdit>(ApplyWorkspaceEditParams { edit, label: Some(label.to_string()) }),
        )
        .await
        {
            Ok(Ok(response)) if response.applied => on_applied(),
            Ok(Ok(response)) => {
                eprintln!("byline lsp: the editor did not apply the .ann edit: {:?}", response.failure_reason)
            }
            Ok(Err(e)) => eprintln!("byline lsp: applying the .ann edit failed: {e}"),
            Err(_) => eprintln!("byline lsp: the editor did not answer the .ann edit in time"),
        }
    });
}

fn has_text_bounds(file: &AnnFile) -> bool {
    file.text_bounds().next().is_some()
}

/// The byte edits of one `didChange`, in order, each on the result of the
/// previous, applied to the annotations. Returns the new text.
fn follow_changes(
    file: &mut AnnFile,
    before: &Rope,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> String {
    let mut rope = before.clone();
    let mut text = before.to_string();
    for change in changes {
        match change.range {
            None => {
                follow_diff(file, &text, &change.text);
                text = change.text.clone();
                rope = Rope::from_str(&text);
            }
            Some(range) => {
                let (start, end) = offsets_of(&rope, range, encoding);
                standoff::follow_edit(file, &text, Span::new(start, end), &change.text);
                let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else { continue };
                text = format!("{head}{}{tail}", change.text);
                rope = Rope::from_str(&text);
            }
        }
    }
    text
}

/// Follows a change known only by its before and after texts, as the one
/// edit between their common prefix and suffix.
fn follow_diff(file: &mut AnnFile, old: &str, new: &str) {
    if old == new {
        return;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let inserted = &new[prefix..new.len() - suffix];
    standoff::follow_edit(file, old, Span::new(prefix, old.len() - suffix), inserted);
}

/// One article version's annotations over its analysis.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub ann_uri: Uri,
    /// The `.ann`'s file name, as hovers and messages show it.
    pub ann_name: String,
    /// The `.ann` text the client has (`None`: no `.ann` yet).
    pub client_text: Option<String>,
    /// The annotations, anchored in the request's text.
    pub file: AnnFile,
    pub merged: MergedMarks,
}

/// The mark kind a brat label is shown as; cues have no token type.
pub fn kind_of_label(label: &str) -> Option<MarkKind> {
    match label {
        labels::QUOTE => Some(MarkKind::Quote),
        labels::SPEAKER => Some(MarkKind::Speaker),
        labels::PERSON => Some(MarkKind::Person),
        labels::ORGANIZATION => Some(MarkKind::Organization),
        labels::LOCATION => Some(MarkKind::Location),
        labels::DATE => Some(MarkKind::Date),
        _ => None,
    }
}

/// The analysis mark a detected one stands for, for hover and definition.
fn source_of(source: MarkSource) -> Option<Source> {
    match source {
        MarkSource::Quote(i) => Some(Source::Quote(i)),
        MarkSource::Speaker(i) => Some(Source::Speaker(i)),
        MarkSource::Entity(i) => Some(Source::Entity(i)),
        MarkSource::Date(i) => Some(Source::Date(i)),
        MarkSource::Cue(_) => None,
    }
}

/// What the editor shows for an annotated article: the marks, and which of
/// them are annotations.
#[derive(Debug, Clone, Default)]
pub struct ShownMarks {
    pub marks: Marks,
    /// The (span, kind) of every mark that is an annotation, sorted.
    annotated: Vec<(Span, u32)>,
    /// The spans of annotated quotes whose `Reported` attribute makes them
    /// reported or mixed speech, sorted.
    reported: Vec<Span>,
}

impl ShownMarks {
    pub fn is_annotated(&self, mark: &Mark) -> bool {
        self.annotated.binary_search(&(mark.span, mark.kind.token_type())).is_ok()
    }

    /// A quote shown as reported (or mixed) speech: an annotated one by its
    /// `Reported` attribute, which wins over detection; a detected one by
    /// its kind.
    pub fn is_reported(&self, mark: &Mark, analysis: &Analysis) -> bool {
        if mark.kind != MarkKind::Quote {
            return false;
        }
        if self.is_annotated(mark) {
            return self.reported.binary_search(&mark.span).is_ok();
        }
        match mark.source {
            Source::Quote(i) => analysis.quotes.get(i).is_some_and(|q| !q.is_direct()),
            _ => false,
        }
    }
}

impl Overlay {
    /// The marks to show: live annotations (with the detected mark they
    /// confirm as their source, so hover and definition still know it),
    /// and the detected marks no annotation speaks to. Contradicted
    /// detected marks are not shown. Annotations win at overlaps.
    pub fn marks(&self, analysis: &Analysis) -> ShownMarks {
        let mut confirmed_by: HashMap<&str, MarkSource> = HashMap::new();
        for mark in &self.merged.detected {
            if let MarkStatus::Confirmed { annotation } = &mark.status {
                confirmed_by.entry(annotation.as_str()).or_insert(mark.source);
            }
        }
        // (priority, mark, annotated): annotations before suggestions.
        let mut candidates: Vec<(u8, Mark, bool)> = Vec::new();
        for a in self.merged.shown_annotations() {
            let Some(kind) = kind_of_label(&a.label) else { continue };
            let source = confirmed_by.get(a.id.as_str()).and_then(|s| source_of(*s)).unwrap_or(
                // An annotation Byline did not detect points to no analysis
                // mark: an index past the end, which every lookup treats as
                // absent (`get` returns `None`).
                match kind {
                    MarkKind::Quote => Source::Quote(usize::MAX),
                    MarkKind::Date => Source::Date(usize::MAX),
                    _ => Source::Entity(usize::MAX),
                },
            );
            let unresolved = match kind {
                MarkKind::Quote => a.speaker.is_none(),
                _ => false,
            };
            candidates.push((0, Mark { span: a.span, kind, unresolved, source }, true));
        }
        for d in self.merged.suggestions() {
            let (Some(kind), Some(source)) = (kind_of_label(d.label), source_of(d.source)) else { continue };
            let unresolved = match d.source {
                MarkSource::Quote(i) => analysis.quotes.get(i).is_none_or(|q| q.speaker.is_none()),
                MarkSource::Date(i) => analysis.dates.get(i).is_none_or(|t| t.value.is_none()),
                _ => false,
            };
            candidates.push((1, Mark { span: d.span, kind, unresolved, source }, false));
        }
        candidates.retain(|(_, m, _)| !m.span.is_empty());
        let speaker_first = |k: MarkKind| u8::from(k != MarkKind::Speaker);
        candidates.sort_by(|(pa, a, _), (pb, b, _)| {
            pa.cmp(pb)
                .then(a.span.start.cmp(&b.span.start))
                .then(b.span.end.cmp(&a.span.end))
                .then(speaker_first(a.kind).cmp(&speaker_first(b.kind)))
        });
        // Per layer, annotations first (in text order, without overlaps),
        // then the suggestions that overlap neither an annotation nor an
        // earlier suggestion: sorted lists, so each check is a binary search.
        let mut outer: Vec<(Mark, bool)> = Vec::new();
        let mut inner: Vec<(Mark, bool)> = Vec::new();
        let (mut outer_kept, mut inner_kept): (Vec<Span>, Vec<Span>) = (Vec::new(), Vec::new());
        for (priority, mark, annotated) in candidates {
            let (layer, kept_annotations) = if mark.kind == MarkKind::Quote {
                (&mut outer, &mut outer_kept)
            } else {
                (&mut inner, &mut inner_kept)
            };
            let after_last = |layer: &[(Mark, bool)]| {
                layer.last().filter(|(_, a)| *a == annotated).is_none_or(|(last, _)| last.span.end <= mark.span.start)
            };
            if priority == 0 {
                if after_last(layer) {
                    kept_annotations.push(mark.span);
                    layer.push((mark, annotated));
                }
                continue;
            }
            let i = kept_annotations.partition_point(|s| s.end <= mark.span.start);
            let hits_annotation = kept_annotations.get(i).is_some_and(|s| s.start < mark.span.end);
            if !hits_annotation && after_last(layer) {
                layer.push((mark, annotated));
            }
        }
        outer.sort_by_key(|(m, _)| m.span);
        inner.sort_by_key(|(m, _)| m.span);
        let mut annotated: Vec<(Span, u32)> =
            outer.iter().chain(&inner).filter(|(_, a)| *a).map(|(m, _)| (m.span, m.kind.token_type())).collect();
        annotated.sort_unstable();
        let mut reported: Vec<Span> = self
            .merged
            .shown_annotations()
            .filter(|a| a.label == labels::QUOTE && a.kind != byline_core::QuoteKind::Direct)
            .map(|a| a.span)
            .collect();
        reported.sort_unstable();
        ShownMarks {
            marks: Marks {
                outer: outer.into_iter().map(|(m, _)| m).collect(),
                inner: inner.into_iter().map(|(m, _)| m).collect(),
            },
            annotated,
            reported,
        }
    }

    /// The live annotation shown at a mark, if it is one.
    pub fn annotation_at(&self, mark: &Mark) -> Option<&AnnotatedMark> {
        self.merged.shown_annotations().find(|a| a.span == mark.span && kind_of_label(&a.label) == Some(mark.kind))
    }

    /// The first line of a hover on a mark: where it comes from.
    pub fn hover_prefix(&self, mark: &Mark) -> String {
        match self.annotation_at(mark) {
            Some(a) => {
                let mut md = format!("*annotated* ({}:{})", self.ann_name, a.line);
                if let Some(entity) = &a.entity {
                    md.push_str(&format!(" · registry `{entity}`"));
                }
                if let Some(value) = &a.date_value {
                    md.push_str(&format!(" · `{value}`"));
                }
                match a.kind {
                    byline_core::QuoteKind::Reported => md.push_str(" · reported speech"),
                    byline_core::QuoteKind::Mixed => md.push_str(" · mixed speech"),
                    byline_core::QuoteKind::Direct => {}
                }
                if let Some(speaker) = a.speaker.as_deref().and_then(|s| self.file.text_bound(s)) {
                    md.push_str(&format!(" · said by **{}**", speaker.text));
                }
                md
            }
            None => "*detected* (suggestion)".to_string(),
        }
    }

    /// A whole hover for an annotation Byline did not detect (no analysis
    /// mark to describe).
    pub fn annotation_hover(&self, mark: &Mark) -> Option<String> {
        let a = self.annotation_at(mark)?;
        let text = self.file.text_bound(&a.id).map_or("", |t| t.text.as_str());
        Some(format!("{}\n\n**{}** `{}` ({})", self.hover_prefix(mark), a.label, text, a.id))
    }
}

#[cfg(test)]
mod tests;
