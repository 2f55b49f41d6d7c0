//! Code actions on an article that change its `.ann`: accept or reject
//! detected marks, set a quote's speaker, link a mention to the registry,
//! change a label, and move a stale annotation back onto its text. Each is
//! a workspace edit on the `.ann` the client applies (so undo works): the
//! lines that changed, or the new file when there is none yet.
//!
//! Such an edit must never land on a `.ann` other than the one it was
//! computed on (a second `T1`, a line replaced that the user has changed):
//! - where the client resolves actions (`codeAction/resolve` of `edit`),
//!   the list carries no edit, only [`Deferred`] (the article version and
//!   range); the edit is computed at resolve time on the `.ann` as it is
//!   then, so its ids are allocated against the current file, and an
//!   article changed since the list is refused;
//! - an edit of an open `.ann` names that buffer's version, so a client
//!   refuses it once the buffer has changed;
//! - a new `.ann` is a `CreateFile` that fails when the file exists
//!   (`ignoreIfExists: false`), followed by the insertion into the new,
//!   empty file: applying a second "create" from the same list is refused
//!   instead of writing its lines in front of the first one's.

use super::{EditCaps, Overlay};
use crate::position::{offset_of, range_of, Encoding};
use byline_core::standoff::{self, labels, AnnFile, DetectedMark, MarkSource, OffsetMap};
use byline_core::{Analysis, EntityLabel, Registry, RegistryEntry, Span};
use ropey::Rope;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionDisabled, CodeActionKind, CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation,
    DocumentChanges, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Range, ResourceOp,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

/// The kind of every action that writes annotations.
pub const ANNOTATE_KIND: CodeActionKind = CodeActionKind::new("refactor.annotate");
/// Registry entries offered for linking one mention, at most.
const MAX_LINK_CANDIDATES: usize = 8;

/// Everything the actions need about one article version.
pub struct ActionContext<'a> {
    pub rope: &'a Rope,
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub encoding: Encoding,
    pub overlay: &'a Overlay,
    pub registry: Option<&'a Registry>,
    pub caps: EditCaps,
    /// The version of the client's open `.ann` buffer (`None`: not open).
    pub ann_version: Option<i32>,
    /// Set when the client resolves actions: list them with this as their
    /// `data` and no edit.
    pub deferred: Option<Deferred>,
    /// Why no `.ann` edit may be made now (the client may hold a `.ann`
    /// the server cannot see): every action is disabled with it.
    pub refused: Option<String>,
}

/// What an action listed without its edit carries until `codeAction/resolve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deferred {
    /// Marks the `data` as Byline's own `.ann` action.
    pub ann_action: bool,
    pub uri: Uri,
    /// The article version the list was computed on.
    pub version: i32,
    /// The range the client asked about.
    pub range: Range,
}

impl Deferred {
    pub fn of(data: Option<&serde_json::Value>) -> Option<Deferred> {
        serde_json::from_value::<Deferred>(data?.clone()).ok().filter(|d| d.ann_action)
    }
}

/// The workspace edit that turns the client's `.ann` (`None`: there is no
/// file) into `new_text`: only the lines that differ, versioned against
/// the open buffer (`ann_version`), or a created file. `Err` says why the
/// client cannot take it.
pub fn ann_edit(
    ann_uri: &Uri,
    client_text: Option<&str>,
    ann_version: Option<i32>,
    new_text: &str,
    encoding: Encoding,
    caps: EditCaps,
) -> Result<WorkspaceEdit, String> {
    let Some(old) = client_text else {
        // Resource operations only travel in `documentChanges`, so a client
        // listing `create` takes that form (Neovim 0.11 lists it without
        // setting the `documentChanges` flag, and applies it).
        if !caps.create_files {
            return Err(format!("the editor cannot create files through an edit: create {} first", file_name(ann_uri)));
        }
        // Fails when the file exists: then the insertion, made for an
        // empty file, is not applied either (a stale "create" from an
        // older list, or a file made meanwhile, is refused, not prefixed).
        let create = ResourceOp::Create(CreateFile {
            uri: ann_uri.clone(),
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
            annotation_id: None,
        });
        let insert = TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: ann_uri.clone(), version: None },
            edits: vec![OneOf::Left(TextEdit { range: Range::default(), new_text: new_text.to_string() })],
        };
        return Ok(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(create),
                DocumentChangeOperation::Edit(insert),
            ])),
            ..WorkspaceEdit::default()
        });
    };
    let (replaced, inserted) = changed_lines(old, new_text);
    let rope = Rope::from_str(old);
    let edit = TextEdit {
        range: range_of(&rope, replaced.start, replaced.end, encoding),
        new_text: new_text[inserted.start..inserted.end].to_string(),
    };
    // A client that takes `documentChanges` (or lists resource operations,
    // which only travel there) gets the edit with the buffer's version.
    if caps.document_changes || caps.create_files {
        let versioned = TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: ann_uri.clone(), version: ann_version },
            edits: vec![OneOf::Left(edit)],
        };
        return Ok(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![versioned])),
            ..WorkspaceEdit::default()
        });
    }
    Ok(WorkspaceEdit { changes: Some(HashMap::from([(ann_uri.clone(), vec![edit])])), ..WorkspaceEdit::default() })
}

/// The whole lines that differ between two texts: the byte span in `old`
/// and its replacement's span in `new`, between the common leading and
/// trailing lines.
pub fn changed_lines(old: &str, new: &str) -> (Span, Span) {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let head = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
    let max_tail = old_lines.len().min(new_lines.len()) - head;
    let tail = old_lines.iter().rev().zip(new_lines.iter().rev()).take(max_tail).take_while(|(a, b)| a == b).count();
    let bytes = |lines: &[&str]| lines.iter().map(|l| l.len()).sum::<usize>();
    let old_start = bytes(&old_lines[..head]);
    let old_end = old.len() - bytes(&old_lines[old_lines.len() - tail..]);
    let new_start = bytes(&new_lines[..head]);
    let new_end = new.len() - bytes(&new_lines[new_lines.len() - tail..]);
    (Span::new(old_start, old_end), Span::new(new_start, new_end))
}

fn file_name(uri: &Uri) -> String {
    let path = uri.path().as_str();
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// Short quoted words for a title.
fn words(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 40 {
        flat
    } else {
        format!("{}…", flat.chars().take(39).collect::<String>())
    }
}

impl ActionContext<'_> {
    /// An action whose edit is what `change` does to the `.ann`; `None` when
    /// it changes nothing.
    fn action(
        &self,
        title: String,
        kind: CodeActionKind,
        change: impl FnOnce(&mut AnnFile) -> Option<()>,
    ) -> Option<CodeAction> {
        let mut file = self.overlay.file.clone();
        change(&mut file)?;
        let new_text = standoff::write(&file);
        if self.overlay.client_text.as_deref() == Some(new_text.as_str()) {
            return None;
        }
        let mut action = CodeAction { title, kind: Some(kind), ..CodeAction::default() };
        if let Some(reason) = &self.refused {
            action.disabled = Some(CodeActionDisabled { reason: reason.clone() });
            return Some(action);
        }
        let edit = ann_edit(
            &self.overlay.ann_uri,
            self.overlay.client_text.as_deref(),
            self.ann_version,
            &new_text,
            self.encoding,
            self.caps,
        );
        match (edit, &self.deferred) {
            (Ok(_), Some(deferred)) => action.data = serde_json::to_value(deferred).ok(),
            (Ok(edit), None) => action.edit = Some(edit),
            (Err(reason), _) => action.disabled = Some(CodeActionDisabled { reason }),
        }
        Some(action)
    }

    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The `.ann` id of a mark: the annotation that confirms it, else a
    /// new text-bound accepting it.
    fn id_for(&self, file: &mut AnnFile, mark: &DetectedMark) -> Option<String> {
        standoff::accept(self.text, self.analysis, file, mark)
    }

    /// A live annotation with this label exactly on `span`, else a new one.
    fn text_bound_at(&self, file: &mut AnnFile, label: &str, span: Span) -> Option<String> {
        let existing = self
            .overlay
            .merged
            .shown_annotations()
            .find(|a| a.label == label && a.fragments == [span])
            .map(|a| a.id.clone());
        if let Some(id) = existing {
            return Some(id);
        }
        let chars = OffsetMap::new(self.text).to_chars(span)?;
        Some(file.add_text_bound(label, vec![chars], self.slice(span)))
    }

    fn paragraph_of(&self, offset: usize) -> Option<Span> {
        self.analysis.paragraphs.iter().map(|p| p.span).find(|s| s.start <= offset && offset <= s.end)
    }
}

/// A mark under the cursor: a detected suggestion or a live annotation.
enum Target<'a> {
    Detected(&'a DetectedMark),
    Annotated { id: &'a str, label: &'a str, span: Span },
}

/// Every annotation action at the cursor (`range` in the article), plus
/// the quick fixes for the `stale-annotation` diagnostics given.
pub fn code_actions(ctx: &ActionContext, range: Range, diagnostics: &[Diagnostic]) -> Vec<CodeAction> {
    let mut out: Vec<CodeAction> = Vec::new();
    for diagnostic in diagnostics {
        out.extend(stale_fix(ctx, diagnostic));
    }
    let offset = offset_of(ctx.rope, range.start, ctx.encoding);
    let at = |span: Span| span.start <= offset && offset <= span.end;
    let merged = &ctx.overlay.merged;
    let suggestions: Vec<&DetectedMark> = merged.suggestions().filter(|m| at(m.span)).collect();
    let annotations: Vec<Target> = merged
        .shown_annotations()
        .filter(|a| at(a.span))
        .map(|a| Target::Annotated { id: &a.id, label: &a.label, span: a.span })
        .collect();
    // Accept or reject each suggestion here, the names first.
    let mut here = suggestions.clone();
    here.sort_by_key(|m| (m.label == labels::QUOTE, m.span.len()));
    for mark in &here {
        let shown = words(ctx.slice(mark.span));
        let ann = &ctx.overlay.ann_name;
        let name = standoff::mark_name(mark, ctx.analysis);
        out.extend(ctx.action(format!("Accept {name} `{shown}` into {ann}"), ANNOTATE_KIND, |file| {
            standoff::accept(ctx.text, ctx.analysis, file, mark).map(|_| ())
        }));
        out.extend(ctx.action(format!("Reject {name} `{shown}` (not suggested again)"), ANNOTATE_KIND, |file| {
            standoff::reject(ctx.text, file, mark).ok().map(|_| ())
        }));
    }
    if let Some(paragraph) = ctx.paragraph_of(offset) {
        let n = merged.suggestions().filter(|m| paragraph.contains_span(m.span)).count();
        if n > 0 {
            out.extend(ctx.action(
                format!("Accept all {n} suggestion{} in this paragraph", plural(n)),
                ANNOTATE_KIND,
                |file| (!standoff::accept_all(ctx.text, ctx.analysis, file, Some(paragraph)).is_empty()).then_some(()),
            ));
        }
    }
    let n = merged.suggestions().count();
    if n > 0 {
        out.extend(ctx.action(
            format!("Accept all {n} suggestion{} in this article", plural(n)),
            ANNOTATE_KIND,
            |file| (!standoff::accept_all(ctx.text, ctx.analysis, file, None).is_empty()).then_some(()),
        ));
    }
    let targets: Vec<Target> = annotations.into_iter().chain(suggestions.iter().map(|m| Target::Detected(m))).collect();
    out.extend(speaker_actions(ctx, &targets));
    for target in targets.iter().filter(|t| is_name_label(label_of(t))).take(1) {
        out.extend(link_actions(ctx, target));
        out.extend(label_actions(ctx, target));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn label_of<'a>(target: &'a Target) -> &'a str {
    match target {
        Target::Detected(m) => m.label,
        Target::Annotated { label, .. } => label,
    }
}

fn span_of(target: &Target) -> Span {
    match target {
        Target::Detected(m) => m.span,
        Target::Annotated { span, .. } => *span,
    }
}

fn is_name_label(label: &str) -> bool {
    matches!(label, labels::PERSON | labels::ORGANIZATION | labels::LOCATION)
}

impl ActionContext<'_> {
    /// The `.ann` id of a target, accepting a suggestion first.
    fn target_id(&self, file: &mut AnnFile, target: &Target) -> Option<String> {
        match target {
            Target::Detected(m) => self.id_for(file, m),
            Target::Annotated { id, .. } => Some(id.to_string()),
        }
    }
}

/// Set or change the speaker of the quote at the cursor: one action per
/// person named in the quote's paragraph (annotated or detected).
fn speaker_actions(ctx: &ActionContext, targets: &[Target]) -> Vec<CodeAction> {
    let Some(quote) = targets.iter().find(|t| label_of(t) == labels::QUOTE) else { return Vec::new() };
    let quote_span = span_of(quote);
    let Some(paragraph) = ctx.paragraph_of(quote_span.start) else { return Vec::new() };
    let area = Span::new(paragraph.start.min(quote_span.start), paragraph.end.max(quote_span.end));
    let merged = &ctx.overlay.merged;
    let mut people: Vec<Span> = Vec::new();
    for a in merged.shown_annotations() {
        if matches!(a.label.as_str(), labels::PERSON | labels::SPEAKER) && area.contains_span(a.span) {
            people.push(a.span);
        }
    }
    for m in merged.suggestions() {
        if matches!(m.label, labels::PERSON | labels::SPEAKER) && area.contains_span(m.span) {
            people.push(m.span);
        }
    }
    people.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    people.dedup();
    // A span inside the quote is a name quoted, not the one speaking.
    people.retain(|s| !quote_span.contains_span(*s));
    let current = match quote {
        Target::Annotated { id, .. } => ctx.overlay.file.speaker_of(id).and_then(|s| ctx.overlay.file.text_bound(s)),
        Target::Detected(_) => None,
    };
    let current_span = current.and_then(|tb| {
        let chars = tb.fragments.first()?;
        OffsetMap::new(ctx.text).to_bytes(*chars)
    });
    let verb = if current.is_some() { "Change" } else { "Set" };
    people
        .into_iter()
        .filter(|span| Some(*span) != current_span)
        .filter_map(|span| {
            let title = format!("{verb} the speaker of this quote to `{}`", words(ctx.slice(span)));
            ctx.action(title, ANNOTATE_KIND, |file| {
                let quote_id = ctx.target_id(file, quote)?;
                let speaker_id = ctx.text_bound_at(file, labels::SPEAKER, span)?;
                file.set_speaker(&quote_id, &speaker_id).ok().map(|_| ())
            })
        })
        .collect()
}

fn entity_kind(label: &str) -> Option<EntityLabel> {
    standoff::merge::entity_kind(label)
}

/// Lower-case words of a name, for "shares a word" matching.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2).map(str::to_lowercase).collect()
}

/// The registry entries a mention may be: the detector's candidates when it
/// found the mention ambiguous, else entries sharing a word with it, those
/// of the mention's kind first.
fn link_candidates<'r>(ctx: &ActionContext<'r>, target: &Target) -> Vec<&'r RegistryEntry> {
    let Some(registry) = ctx.registry else { return Vec::new() };
    let span = span_of(target);
    let detected = match target {
        Target::Detected(m) => Some(m.source),
        Target::Annotated { .. } => ctx
            .overlay
            .merged
            .detected
            .iter()
            .find(|m| m.span == span && matches!(m.source, MarkSource::Entity(_)))
            .map(|m| m.source),
    };
    let mention = match detected {
        Some(MarkSource::Entity(i)) => ctx.analysis.entities.get(i),
        _ => None,
    };
    if let Some(mention) = mention.filter(|m| !m.candidates.is_empty()) {
        return mention
            .candidates
            .iter()
            .filter_map(|name| registry.entries.iter().find(|e| &e.name == name || &e.id == name))
            .take(MAX_LINK_CANDIDATES)
            .collect();
    }
    let wanted = name_words(ctx.slice(span));
    let kind = entity_kind(label_of(target));
    let mut found: Vec<&RegistryEntry> = registry
        .entries
        .iter()
        .filter(|e| {
            std::iter::once(&e.name).chain(&e.aliases).any(|n| name_words(n).iter().any(|w| wanted.contains(w)))
        })
        .collect();
    found.sort_by_key(|e| (Some(e.kind) != kind, e.name.clone()));
    found.truncate(MAX_LINK_CANDIDATES);
    found
}

fn link_actions(ctx: &ActionContext, target: &Target) -> Vec<CodeAction> {
    let current = match target {
        Target::Annotated { id, .. } => ctx.overlay.file.entity_of(id).map(str::to_string),
        Target::Detected(_) => None,
    };
    let shown = words(ctx.slice(span_of(target)));
    link_candidates(ctx, target)
        .into_iter()
        .filter(|entry| current.as_deref() != Some(entry.id.as_str()))
        .filter_map(|entry| {
            let title = format!("Link `{shown}` to {} ({}) in the registry", entry.name, entry.id);
            ctx.action(title, ANNOTATE_KIND, |file| {
                let id = ctx.target_id(file, target)?;
                file.link_entity(&id, &entry.id, &entry.name).ok().map(|_| ())
            })
        })
        .collect()
}

/// Annotate a name with another label: relabel the annotation, or annotate
/// the suggestion with the label it should have had.
fn label_actions(ctx: &ActionContext, target: &Target) -> Vec<CodeAction> {
    let current = label_of(target).to_string();
    let shown = words(ctx.slice(span_of(target)));
    [labels::PERSON, labels::ORGANIZATION, labels::LOCATION]
        .into_iter()
        .filter(|label| *label != current)
        .filter_map(|label| {
            ctx.action(format!("Annotate `{shown}` as {label}"), ANNOTATE_KIND, |file| {
                let id = ctx.target_id(file, target)?;
                file.relabel(&id, label).ok()
            })
        })
        .collect()
}

/// The quick fix of a `stale-annotation` diagnostic: the annotation moves to
/// the nearest exact occurrence of its text.
fn stale_fix(ctx: &ActionContext, diagnostic: &Diagnostic) -> Option<CodeAction> {
    if diagnostic.code != Some(NumberOrString::String("stale-annotation".to_string())) {
        return None;
    }
    let id = diagnostic.data.as_ref()?.get("annotation")?.as_str()?;
    let tb = ctx.overlay.file.text_bound(id)?.clone();
    let fragments = standoff::reanchor(ctx.text, &tb)?;
    let title = format!("Move {id} to the nearest `{}`", words(&tb.text));
    let mut action =
        ctx.action(title, CodeActionKind::QUICKFIX, |file| file.set_offsets(&tb.id, fragments, &tb.text).ok())?;
    action.diagnostics = Some(vec![diagnostic.clone()]);
    action.is_preferred = Some(true);
    Some(action)
}
