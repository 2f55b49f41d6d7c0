//! Dispatch: the `LanguageServer` trait, one line per method, and the guards
//! every handler runs under (panics become errors; requests run on the
//! blocking pool so a slow answer never holds up the transport).

use crate::features::EntityCard;
use crate::global_state::Backend;
use crate::handlers::{notification, request};
use crate::lsp_ext::{
    CorpusStatistics, CorpusStatisticsRequest, DebugPanic, EntityAt, NoParams, PartialReferences, PartialResultParams,
    RegistryLocations,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::request::Request;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs a handler body; a panic becomes an internal error and a log line.
pub(crate) fn guarded<T>(what: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
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
pub(crate) fn guarded_notification<T: Default>(what: &str, body: impl FnOnce() -> T) -> T {
    guarded(what, || Ok(body())).unwrap_or_default()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guarded("initialize", || request::initialize(self, params))
    }

    async fn initialized(&self, params: InitializedParams) {
        notification::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        request::shutdown(self)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notification::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        notification::did_change(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notification::did_close(self, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        notification::did_save(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        notification::did_change_configuration(self, params).await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        notification::did_change_workspace_folders(self, params).await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.blocking("semanticTokens/full", move |this| request::semantic_tokens_full(&this, params)).await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        self.blocking("semanticTokens/full/delta", move |this| request::semantic_tokens_full_delta(&this, params)).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.blocking("semanticTokens/range", move |this| request::semantic_tokens_range(&this, params)).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.blocking("hover", move |this| request::hover(&this, params)).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.blocking("definition", move |this| request::goto_definition(&this, params)).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        match params.partial_result_params.partial_result_token.clone() {
            Some(token) => self.references_streamed(params, token).await,
            None => self.blocking("references", move |this| request::references(&this, params)).await,
        }
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.blocking("documentSymbol", move |this| request::document_symbol(&this, params)).await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.blocking("workspace/symbol", move |this| request::symbol(&this, params)).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.blocking("inlayHint", move |this| request::inlay_hint(&this, params)).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.blocking("codeLens", move |this| request::code_lens(&this, params)).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.blocking("completion", move |this| request::completion(&this, params)).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.blocking("codeAction", move |this| request::code_action(&this, params)).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        self.blocking("codeAction/resolve", move |this| request::code_action_resolve(&this, action)).await
    }
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
}

impl Backend {
    /// `references` with a `partialResultToken`: the locations go out as
    /// `$/progress` batches while they are converted (an entity named in
    /// 100,000 articles has some 160,000), all before the (empty) answer.
    async fn references_streamed(
        &self,
        params: ReferenceParams,
        token: ProgressToken,
    ) -> Result<Option<Vec<Location>>> {
        let (batches, mut received) = tokio::sync::mpsc::unbounded_channel::<Vec<Location>>();
        let client = self.inner.client.clone();
        let forward = tokio::spawn(async move {
            while let Some(value) = received.recv().await {
                let params = PartialResultParams { token: token.clone(), value };
                client.send_notification::<PartialReferences>(params).await;
            }
        });
        let found = self
            .blocking("references", move |this| {
                request::references_in_batches(&this, params, &mut |batch| {
                    let _ = batches.send(batch);
                })
            })
            .await;
        // The sender is gone with the job: every batch is out once this ends.
        let _ = forward.await;
        Ok(found?.then(Vec::new))
    }
}

/// The `byline/*` requests (see `lsp_ext`), registered in `lib.rs`.
impl Backend {
    pub async fn entity_at(&self, params: TextDocumentPositionParams) -> Result<Option<EntityCard>> {
        self.blocking(EntityAt::METHOD, move |this| request::entity_at(&this, params)).await
    }

    pub async fn corpus_statistics(&self, params: NoParams) -> Result<CorpusStatistics> {
        self.blocking(CorpusStatisticsRequest::METHOD, move |this| request::corpus_statistics(&this, params)).await
    }

    pub async fn registry_locations(&self, params: NoParams) -> Result<Vec<Location>> {
        self.blocking(RegistryLocations::METHOD, move |this| request::registry_locations(&this, params)).await
    }

    /// Panics on purpose, only with `BYLINE_TEST_PANIC=1` in the environment.
    pub async fn debug_panic(&self, _: NoParams) -> Result<()> {
        if !self.inner.allow_debug_panic {
            return Err(Error::method_not_found());
        }
        guarded(DebugPanic::METHOD, || -> Result<()> { panic!("panic requested by byline/debugPanic") })
    }
}
