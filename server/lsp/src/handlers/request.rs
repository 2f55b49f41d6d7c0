//! Request handlers: each reads a snapshot, asks the feature modules for
//! plain data and converts it. They run on the blocking pool (see
//! `dispatch`), so none of them awaits.

use crate::actions;
use crate::capabilities::{client_caps, server_capabilities, workspace_roots};
use crate::features::EntityCard;
use crate::features::{self, Identity, View};
use crate::global_state::{lock, read, uri_path, Backend, Folder, RegistrySnapshot, Settings};
use crate::lsp_ext::CorpusStatistics;
use crate::lsp_ext::NoParams;
use crate::marks::{Mark, Marks};
use crate::position::{offset_of, offsets_of, Encoding};
use crate::registry::{self, RegistryState};
use crate::tokens::{self, TokenRules};
use byline_corpus::config::Config;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

pub(crate) fn initialize(this: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    {
        let encoding =
            Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let mut state = lock(&this.inner.state);
        state.encoding = encoding;
        state.caps = client_caps(&params);
        this.inner.annotations.set_client_caps(&params.capabilities);
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
            capabilities: server_capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "byline".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }
}

pub(crate) fn shutdown(this: &Backend) -> Result<()> {
    this.inner.shutting_down.store(true, Ordering::Relaxed);
    this.inner.shutdown_requested.store(true, Ordering::Relaxed);
    Ok(())
}

pub(crate) fn semantic_tokens_full(
    this: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let uri = params.text_document.uri;
    let data = this.token_data(&uri, None);
    Ok(data.map(|data| {
        let id = this.store_tokens(&uri, data.clone());
        SemanticTokensResult::Tokens(tokens::full(id, &data))
    }))
}

pub(crate) fn semantic_tokens_full_delta(
    this: &Backend,
    params: SemanticTokensDeltaParams,
) -> Result<Option<SemanticTokensFullDeltaResult>> {
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
}

pub(crate) fn semantic_tokens_range(
    this: &Backend,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let uri = params.text_document.uri;
    let data = this.token_data(&uri, Some(params.range));
    Ok(data.map(|data| SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data: tokens_of(&data) })))
}

pub(crate) fn hover(this: &Backend, params: HoverParams) -> Result<Option<Hover>> {
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
}

pub(crate) fn goto_definition(this: &Backend, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
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
}

pub(crate) fn references(this: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let mut all = Vec::new();
    let found = references_in_batches(this, params, &mut |batch| all.extend(batch))?;
    Ok(found.then_some(all))
}

/// How many locations the first partial result holds: small, so that the
/// client shows something at once; later batches are larger.
const FIRST_BATCH: usize = 500;
const BATCH: usize = 10_000;

/// `references`, handing the locations to `emit` in batches as they are
/// converted (for `partialResultToken` streaming); false when there is
/// nothing to find references of at the position.
pub(crate) fn references_in_batches(
    this: &Backend,
    params: ReferenceParams,
    emit: &mut dyn FnMut(Vec<Location>),
) -> Result<bool> {
    let pos = params.text_document_position;
    let include = params.context.include_declaration;
    if let Some(reg) = this.registry_snapshot(&pos.text_document.uri) {
        let offset = reg.registry.offset(reg.source, pos.position, reg.encoding).unwrap_or(0);
        let Some(entry) = reg.registry.entry_at(reg.source, offset) else { return Ok(false) };
        emit(this.registered_references(&reg.registry, entry, include, reg.encoding));
        return Ok(true);
    }
    let found = this.with_view(&pos.text_document.uri, |view, _| {
        let offset = offset_of(view.rope, pos.position, view.encoding);
        let mark = features::mark_at(view.marks, offset)?;
        let mark = this.entity_mark_for(view, mark)?;
        // From an article, the corpus's mentions only (the declaration
        // is the defining mention, as for unregistered names): what an
        // annotator walks through. From the entry, the entry as well.
        let index = read(&this.inner.index);
        let id = features::entity_of(view, &index, &mark)?;
        let mentions = index.references(id, include);
        let (first, rest) = mentions.split_at(mentions.len().min(FIRST_BATCH));
        emit(features::mention_locations(&index, first, view.encoding));
        for chunk in rest.chunks(BATCH) {
            emit(features::mention_locations(&index, chunk, view.encoding));
        }
        Some(())
    });
    Ok(found.is_some())
}

pub(crate) fn document_symbol(this: &Backend, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri;
    Ok(this.with_view(&uri, |view, snap| {
        let symbols = features::document_symbols(view);
        Some(if snap.caps.hierarchical_symbols {
            DocumentSymbolResponse::Nested(symbols)
        } else {
            DocumentSymbolResponse::Flat(features::flat_symbols(&uri, symbols))
        })
    }))
}

pub(crate) fn symbol(this: &Backend, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
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
}

pub(crate) fn inlay_hint(this: &Backend, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    Ok(this.with_view(&params.text_document.uri, |view, _| Some(features::inlay_hints(view, params.range))))
}

pub(crate) fn code_lens(this: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let Some(reg) = this.registry_snapshot(&params.text_document.uri) else { return Ok(None) };
    let index = read(&this.inner.index);
    Ok(Some(registry::code_lenses(&reg.registry, reg.source, &index, reg.encoding)))
}

pub(crate) fn completion(this: &Backend, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let pos = params.text_document_position;
    let Some(reg) = this.registry_snapshot(&pos.text_document.uri) else { return Ok(None) };
    let items = registry::completions(&reg.registry, reg.source, pos.position, reg.encoding);
    Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
}

pub(crate) fn code_action(this: &Backend, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    if this.is_registry_file(&uri) {
        return Ok(None);
    }
    let Some(snap) = this.snapshot(&uri) else { return Ok(None) };
    let (current, versions) = this.registry_as_client_has_it(&snap);
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
        this.ann_versions(&snap),
        Some(&current.registry),
        range,
        &context.diagnostics,
        only,
    ));
    Ok(Some(found.into_iter().map(CodeActionOrCommand::CodeAction).collect()))
}

/// `codeAction/resolve`: a `.ann` action's edit, computed on the article and
/// `.ann` as they are now; refused (`ContentModified`) when the article
/// changed since the list or the action no longer applies.
pub(crate) fn code_action_resolve(this: &Backend, action: CodeAction) -> Result<CodeAction> {
    let Some(deferred) = crate::annotations::actions::Deferred::of(action.data.as_ref()) else { return Ok(action) };
    let refuse = |message: String| Error { code: ErrorCode::ContentModified, message: message.into(), data: None };
    let Some(snap) = this.snapshot(&deferred.uri) else {
        return Err(refuse("the article is no longer open: ask for the actions again".into()));
    };
    let (current, _) = this.registry_as_client_has_it(&snap);
    let analyzed = this.analyzed(&snap);
    let marks = Marks::of(&analyzed.analysis);
    let view = snap.view(&analyzed, &marks);
    this.inner.annotations.resolve(&view, this.ann_versions(&snap), Some(&current.registry), &action).map_err(refuse)
}

impl Backend {
    /// The registry as the client holds it: open buffers, else the disk
    /// read now (edits must fit the text they will change), with the
    /// versions of the open ones.
    fn registry_as_client_has_it(
        &self,
        snap: &crate::global_state::Snapshot,
    ) -> (std::sync::Arc<RegistryState>, std::collections::HashMap<PathBuf, i32>) {
        let (mut texts, versions) = {
            let state = lock(&self.inner.state);
            let paths: Vec<PathBuf> = snap.registry.sources.iter().map(|s| s.path.clone()).collect();
            Backend::open_registry_texts(&state, &paths)
        };
        for file in &snap.registry.sources {
            if !texts.contains_key(&file.path) {
                if let Ok(text) = byline_corpus::discover::read_article(&file.path) {
                    texts.insert(file.path.clone(), text);
                }
            }
        }
        (snap.registry.current(&texts), versions)
    }

    /// The versions a `.ann` edit is made against: the article's in the
    /// snapshot, and the client's open `.ann` buffer's.
    pub(crate) fn ann_versions(&self, snap: &crate::global_state::Snapshot) -> crate::annotations::Versions {
        let ann = self.inner.annotations.ann_uri_of(&snap.uri).and_then(|ann_uri| {
            let state = lock(&self.inner.state);
            state.docs.get(&ann_uri).map(|d| d.version)
        });
        crate::annotations::Versions { article: snap.doc.version, ann }
    }
}

fn tokens_of(data: &[u32]) -> Vec<SemanticToken> {
    tokens::full(String::new(), data).data
}

impl Backend {
    pub(crate) fn token_data(&self, uri: &Uri, range: Option<Range>) -> Option<Vec<u32>> {
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
            let modifiers = tokens::Modifiers {
                is_definition: &is_definition,
                is_annotated: &|m| shown.is_annotated(m),
                is_reported: &|m| shown.is_reported(m, view.analysis),
            };
            Some(tokens::flatten(&tokens::encode_with(view.rope, view.text, &shown.marks, rules, within, modifiers)))
        })
    }

    /// For a quote, the mark of its speaker; entity marks stand for themselves.
    pub(crate) fn entity_mark_for(&self, view: &View, mark: Mark) -> Option<Mark> {
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
    pub(crate) fn definition_of(&self, view: &View, mark: &Mark) -> Option<GotoDefinitionResponse> {
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
    pub(crate) fn registered_references(
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
    pub(crate) fn registry_hover(&self, reg: &RegistrySnapshot, position: Position) -> Option<Hover> {
        let offset = reg.registry.offset(reg.source, position, reg.encoding)?;
        let entry = reg.registry.entry_at(reg.source, offset)?;
        let counts = registry::counts(&read(&self.inner.index), &entry.id);
        let markdown = registry::entry_markdown(&reg.registry.registry, entry, counts);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
            range: None,
        })
    }
}

pub(crate) fn entity_at(this: &Backend, params: TextDocumentPositionParams) -> Result<Option<EntityCard>> {
    Ok(this.with_view(&params.text_document.uri, |view, _| {
        let offset = offset_of(view.rope, params.position, view.encoding);
        let mark = this.entity_mark_for(view, features::mark_at(view.marks, offset)?)?;
        let index = read(&this.inner.index);
        features::entity_card(view, &index, &mark)
    }))
}

pub(crate) fn corpus_statistics(this: &Backend, _: NoParams) -> Result<CorpusStatistics> {
    let indexing = lock(&this.inner.state).indexing_jobs > 0;
    let stats = read(&this.inner.index).statistics();
    Ok(CorpusStatistics {
        articles: stats.articles,
        quotes: stats.quotes,
        dates: stats.dates,
        people: stats.people,
        organizations: stats.organizations,
        locations: stats.locations,
        indexing,
    })
}

pub(crate) fn registry_locations(this: &Backend, _: NoParams) -> Result<Vec<Location>> {
    let state = lock(&this.inner.state);
    Ok(state.folders.iter().flat_map(|f| f.registry.file_locations()).collect())
}
