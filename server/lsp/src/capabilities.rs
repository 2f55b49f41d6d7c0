//! Capabilities: what the client can do (read once from `initialize`) and
//! what the server offers.

use crate::actions::EditSupport;
use crate::global_state::uri_path;
use crate::position::Encoding;
use crate::tokens;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

/// What the client supports, as the server needs to know it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Caps {
    pub(crate) multiline_tokens: bool,
    pub(crate) overlapping_tokens: bool,
    pub(crate) work_done_progress: bool,
    pub(crate) watch_dynamic: bool,
    pub(crate) watch_relative: bool,
    pub(crate) hierarchical_symbols: bool,
    pub(crate) semantic_refresh: bool,
    pub(crate) inlay_refresh: bool,
    pub(crate) related_information: bool,
    pub(crate) edit_support: EditSupport,
}

pub(crate) fn client_caps(params: &InitializeParams) -> Caps {
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

pub(crate) fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| uri_path(&f.uri)).collect();
    if roots.is_empty() {
        #[allow(deprecated)]
        if let Some(root) = params.root_uri.as_ref().and_then(uri_path) {
            roots.push(root);
        }
    }
    roots
}

pub(crate) fn server_capabilities(encoding: Encoding) -> ServerCapabilities {
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
            // `.ann` actions compute their edit when picked, on the `.ann`
            // as it is then (annotations::actions).
            resolve_provider: Some(true),
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
