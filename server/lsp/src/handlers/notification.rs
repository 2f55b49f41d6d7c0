//! Notification handlers: each changes state before its first `.await`
//! (edits stay in order), then schedules the work that follows.

use crate::annotations;
use crate::dispatch::guarded_notification;
use crate::document::Document;
use crate::global_state::{lock, uri_path, write, Backend, Folder, Settings};
use crate::refresh::DEBOUNCE;
use byline_corpus::config::Config;
use std::path::PathBuf;
use std::time::Duration;
use tower_lsp_server::ls_types::*;

pub(crate) async fn initialized(this: &Backend, _: InitializedParams) {
    this.start_file_event_worker();
    guarded_notification("initialized", || this.register_watchers());
    let roots: Vec<PathBuf> = lock(&this.inner.state).folders.iter().map(|f| f.root.clone()).collect();
    if roots.is_empty() {
        let this = this.clone();
        tokio::spawn(async move { this.send_status().await });
    }
    for root in roots {
        let this = this.clone();
        tokio::spawn(async move { this.index_folder(root, true, true).await });
    }
}

pub(crate) async fn did_open(this: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let version = doc.version;
    let ann_on_disk = annotations::ann_on_disk(&doc.uri);
    let article = guarded_notification("didOpen", || {
        let mut state = lock(&this.inner.state);
        state.docs.insert(doc.uri.clone(), Document::new(&doc.text, version));
        this.inner.annotations.opened(&state.docs, &doc.uri, ann_on_disk)
    });
    this.check_label_conflicts(&doc.uri);
    this.schedule_refresh(doc.uri, version, Duration::ZERO);
    this.refresh_annotated(article);
}

pub(crate) async fn did_change(this: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let (applied, article) = guarded_notification("didChange", || {
        let mut state = lock(&this.inner.state);
        let encoding = state.encoding;
        let Some(doc) = state.docs.get_mut(&uri) else { return (false, None) };
        let before = doc.rope.clone();
        if !doc.apply(version, &params.content_changes, encoding) {
            return (false, None);
        }
        // The article's annotations follow the change, in order.
        (true, this.inner.annotations.changed(&state.docs, &uri, &before, &params.content_changes, encoding))
    });
    if applied {
        this.schedule_refresh(uri, version, DEBOUNCE);
    }
    this.refresh_annotated(article);
}

pub(crate) async fn did_close(this: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let article = guarded_notification("didClose", || {
        lock(&this.inner.state).docs.remove(&uri);
        lock(&this.inner.tokens).remove(&uri);
        this.inner.annotations.closed(&uri)
    });
    this.refresh_annotated(article);
    // A registry file's problems stay listed: reloading it from the disk
    // (queued next) publishes them again, and clearing them after that
    // would race it.
    let registry = this.is_registry_file(&uri);
    // The closed buffer may have been unsaved: the disk is the truth again.
    if uri_path(&uri).is_some() {
        this.queue_file_events(vec![FileEvent::new(uri.clone(), FileChangeType::CHANGED)]);
    }
    if !registry {
        this.inner.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

/// A saved article's `.ann` is brought in line with the annotations as
/// they followed its edits: one edit per save, which the client applies
/// (and can undo) like any other.
pub(crate) async fn did_save(this: &Backend, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    this.check_label_conflicts(&uri);
    let ann_uri = this.inner.annotations.ann_uri_of(&uri);
    let (encoding, ann_version) = {
        let state = lock(&this.inner.state);
        (state.encoding, ann_uri.and_then(|u| state.docs.get(&u).map(|d| d.version)))
    };
    let Some((edit, text)) =
        guarded_notification("didSave", || this.inner.annotations.save_edit(&uri, ann_version, encoding))
    else {
        return;
    };
    let this = this.clone();
    annotations::spawn_apply(this.inner.client.clone(), "Move annotations with the article", edit, move || {
        this.inner.annotations.client_has(&uri, text)
    });
}

pub(crate) async fn did_change_watched_files(this: &Backend, params: DidChangeWatchedFilesParams) {
    this.queue_file_events(params.changes);
}

pub(crate) async fn did_change_configuration(this: &Backend, params: DidChangeConfigurationParams) {
    let reindex: Vec<PathBuf> = guarded_notification("didChangeConfiguration", || {
        let mut state = lock(&this.inner.state);
        let settings = Settings::parse(&params.settings);
        // Reported speech on or off changes every analysis: open documents
        // analyse again, and each folder's index is rebuilt.
        let reindex = if settings.reported != state.settings.reported {
            state.docs.values_mut().for_each(|doc| doc.reset_analysis());
            state.folders.iter().map(|f| f.root.clone()).collect()
        } else {
            Vec::new()
        };
        state.settings = settings;
        reindex
    });
    for root in reindex {
        let this = this.clone();
        tokio::spawn(async move { this.reload_config(root).await });
    }
    this.refresh_all_open();
}

pub(crate) async fn did_change_workspace_folders(this: &Backend, params: DidChangeWorkspaceFoldersParams) {
    let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| uri_path(&f.uri)).collect();
    let added: Vec<PathBuf> = params.event.added.iter().filter_map(|f| uri_path(&f.uri)).collect();
    guarded_notification("didChangeWorkspaceFolders", || {
        let mut state = lock(&this.inner.state);
        state.folders.retain(|f| !removed.contains(&f.root));
        for root in &added {
            state.folders.push(Folder::new(root.clone(), Config::default_for(root)));
        }
        let mut index = write(&this.inner.index);
        for root in &removed {
            index.remove_under(root);
        }
    });
    for root in added {
        let this = this.clone();
        tokio::spawn(async move { this.index_folder(root, false, true).await });
    }
}
