//! Code actions in articles that keep the registry and the text consistent:
//! add an unregistered person or organisation to the registry, add a
//! spelling as an alias of its entry, replace a variant spelling with the
//! registry's. Each is a workspace edit the client applies (so its undo
//! works), computed against the registry text the client holds.

use crate::features::View;
use crate::position::Encoding;
use crate::registry::RegistryState;
use byline_core::registry::{edits, RegistryEntry};
use byline_core::{EntityLabel, EntityMention, Span};
use byline_corpus::index::normalize_name;
use std::collections::HashMap;
use std::path::PathBuf;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

/// How the client takes workspace edits.
#[derive(Debug, Clone, Copy, Default)]
pub struct EditSupport {
    /// `documentChanges` (versioned edits) rather than `changes`.
    pub document_changes: bool,
    /// `CreateFile` operations inside `documentChanges`. A client that lists
    /// them takes `documentChanges` for such an edit even when it does not
    /// say so for plain ones (Neovim 0.11).
    pub create_files: bool,
}

/// What the actions need besides the article: the registry as of the
/// client's texts, and the versions of the registry files it has open.
pub struct Request<'a> {
    pub registry: &'a RegistryState,
    pub open_versions: &'a HashMap<PathBuf, i32>,
    pub article_version: i32,
    /// The byte range the client asks about.
    pub start: usize,
    pub end: usize,
    /// The diagnostics the client sent with the request.
    pub diagnostics: &'a [Diagnostic],
    pub only: Option<&'a [CodeActionKind]>,
    pub support: EditSupport,
    pub encoding: Encoding,
}

/// One file's part of an edit.
struct FileEdit {
    uri: Uri,
    version: Option<i32>,
    /// The file does not exist yet: create it first.
    create: bool,
    edits: Vec<TextEdit>,
}

fn workspace_edit(support: EditSupport, files: Vec<FileEdit>) -> Option<WorkspaceEdit> {
    let creates = files.iter().any(|f| f.create);
    if creates && !support.create_files {
        return None;
    }
    if !support.document_changes && !creates {
        let changes: HashMap<Uri, Vec<TextEdit>> = files.into_iter().map(|f| (f.uri, f.edits)).collect();
        return Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() });
    }
    let mut operations = Vec::new();
    for file in files {
        if file.create {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: file.uri.clone(),
                // Never clobber a file that appeared meanwhile.
                options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                annotation_id: None,
            })));
        }
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: file.uri, version: file.version },
            edits: file.edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    let all_edits = operations.iter().all(|o| matches!(o, DocumentChangeOperation::Edit(_)));
    let document_changes = if all_edits {
        DocumentChanges::Edits(
            operations
                .into_iter()
                .filter_map(|o| match o {
                    DocumentChangeOperation::Edit(e) => Some(e),
                    DocumentChangeOperation::Op(_) => None,
                })
                .collect(),
        )
    } else {
        DocumentChanges::Operations(operations)
    };
    Some(WorkspaceEdit { document_changes: Some(document_changes), ..WorkspaceEdit::default() })
}

fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(kinds) => {
            kinds.iter().any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str())))
        }
    }
}

fn has_code(d: &Diagnostic, code: &str) -> bool {
    d.code == Some(NumberOrString::String(code.to_string()))
}

fn overlaps(a: Range, b: Range) -> bool {
    let key = |p: Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

/// The registry spellings of an entry.
fn is_form_of(entry: &RegistryEntry, text: &str) -> bool {
    entry.name == text || entry.aliases.iter().any(|a| a == text)
}

/// The entry an unlinked mention most likely is: one whose name or alias is
/// the mention's canonical name (ignoring case, accents and dots), else the
/// one person whose surname a one-word mention is.
fn resolvable_entry<'a>(registry: &'a RegistryState, mention: &EntityMention) -> Option<&'a RegistryEntry> {
    let unique = |mut found: Vec<&'a RegistryEntry>| {
        found.dedup_by(|a, b| a.id == b.id);
        (found.len() == 1).then(|| found[0])
    };
    let key = normalize_name(if mention.canonical.trim().is_empty() { &mention.text } else { &mention.canonical });
    let by_form: Vec<&RegistryEntry> = registry
        .registry
        .entries
        .iter()
        .filter(|e| e.kind == mention.label)
        .filter(|e| normalize_name(&e.name) == key || e.aliases.iter().any(|a| normalize_name(a) == key))
        .collect();
    if !by_form.is_empty() {
        return unique(by_form);
    }
    let text = normalize_name(&mention.text);
    if mention.label != EntityLabel::Person || text.contains(' ') {
        return None;
    }
    unique(
        registry
            .registry
            .entries
            .iter()
            .filter(|e| e.kind == EntityLabel::Person)
            .filter(|e| normalize_name(&e.name).rsplit(' ').next() == Some(text.as_str()) && e.name.contains(' '))
            .collect(),
    )
}

/// Every action for the mentions under the requested range.
pub fn code_actions(view: &View, request: &Request) -> Vec<CodeAction> {
    let entities = &view.analysis.entities;
    let first = entities.partition_point(|e| e.span.end < request.start);
    let mut actions = Vec::new();
    for mention in entities[first..].iter().take_while(|e| e.span.start <= request.end) {
        let range = view_range(view, mention.span);
        let related: Vec<&Diagnostic> = request.diagnostics.iter().filter(|d| overlaps(d.range, range)).collect();
        if let Some(action) = replace_variant(view, request, mention, range, &related) {
            actions.push(action);
        }
        let target = match &mention.entity {
            Some(id) => request.registry.registry.get(id),
            None if mention.candidates.is_empty() => resolvable_entry(request.registry, mention),
            None => None,
        };
        match target {
            Some(entry) => {
                if let Some(action) = add_alias(request, mention, entry, &related) {
                    actions.push(action);
                }
            }
            None if mention.entity.is_none() && mention.candidates.is_empty() => {
                if let Some(action) = add_entry(request, mention, &related) {
                    actions.push(action);
                }
            }
            None => {}
        }
    }
    actions.retain(|a| a.kind.as_ref().is_some_and(|k| wanted(request.only, k)));
    actions
}

fn view_range(view: &View, span: Span) -> Range {
    crate::position::range_of(view.rope, span.start, span.end, view.encoding)
}

fn replace_variant(
    view: &View,
    request: &Request,
    mention: &EntityMention,
    range: Range,
    related: &[&Diagnostic],
) -> Option<CodeAction> {
    let canonical = mention.variant_of.as_deref().filter(|c| *c != mention.text)?;
    let edit = workspace_edit(
        request.support,
        vec![FileEdit {
            uri: view.uri.clone(),
            version: Some(request.article_version),
            create: false,
            edits: vec![TextEdit { range, new_text: canonical.to_string() }],
        }],
    )?;
    let diagnostics: Vec<Diagnostic> =
        related.iter().filter(|d| has_code(d, "entity-variant")).map(|d| (*d).clone()).collect();
    Some(CodeAction {
        title: format!("Replace with `{canonical}`"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(edit),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}

/// The edit of one registry file, against the text the registry was read from.
fn registry_file_edit(request: &Request, source: usize, edit: edits::TextEdit, create: bool) -> Option<FileEdit> {
    let file = request.registry.sources.get(source)?;
    let range = request.registry.range(source, edit.span, request.encoding)?;
    Some(FileEdit {
        uri: Uri::from_file_path(&file.path)?,
        version: request.open_versions.get(&file.path).copied(),
        create,
        edits: vec![TextEdit { range, new_text: edit.new_text }],
    })
}

fn add_alias(
    request: &Request,
    mention: &EntityMention,
    entry: &RegistryEntry,
    related: &[&Diagnostic],
) -> Option<CodeAction> {
    if is_form_of(entry, &mention.text) {
        return None;
    }
    let text = &request.registry.sources.get(entry.source)?.text;
    let edit = edits::add_alias(text, entry, &mention.text);
    if edit.is_noop() {
        return None;
    }
    let file = registry_file_edit(request, entry.source, edit, false)?;
    let diagnostics: Vec<Diagnostic> =
        related.iter().filter(|d| has_code(d, "entity-variant")).map(|d| (*d).clone()).collect();
    Some(CodeAction {
        title: format!("Add `{}` as an alias of {}", mention.text, entry.name),
        kind: Some(if diagnostics.is_empty() { CodeActionKind::REFACTOR } else { CodeActionKind::QUICKFIX }),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(workspace_edit(request.support, vec![file])?),
        ..CodeAction::default()
    })
}

fn add_entry(request: &Request, mention: &EntityMention, related: &[&Diagnostic]) -> Option<CodeAction> {
    if !matches!(mention.label, EntityLabel::Person | EntityLabel::Organization) {
        return None;
    }
    let name = if mention.canonical.trim().is_empty() { mention.text.trim() } else { mention.canonical.trim() };
    if name.is_empty() {
        return None;
    }
    // New entries go to the first configured registry file.
    let source = request.registry.sources.first()?;
    let block = edits::new_entry(&request.registry.registry, mention.label, name, mention.title.as_deref());
    let edit = edits::append_entry(&source.text, &block);
    let file = registry_file_edit(request, 0, edit, !source.exists)?;
    let diagnostics: Vec<Diagnostic> =
        related.iter().filter(|d| has_code(d, "unregistered-entity")).map(|d| (*d).clone()).collect();
    Some(CodeAction {
        title: format!("Add `{name}` to {}", source.name),
        kind: Some(if diagnostics.is_empty() { CodeActionKind::REFACTOR } else { CodeActionKind::QUICKFIX }),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(workspace_edit(request.support, vec![file])?),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Marks;
    use crate::position::offset_of;
    use crate::registry::SourceFile;
    use byline_core::{Analysis, AnalyzeOptions};
    use ropey::Rope;
    use std::sync::Arc;

    const REGISTRY: &str =
        "# Who is who\n\n[[person]]\nid = \"lena-berg\"\nname = \"Lena Berg\"\naliases = [\"L. Berg\"]\n";
    const ARTICLE: &str =
        "Posted May 2nd, 2022\n\nLena Bergova said the port would reopen. Mayor Tomas Ekdahl agreed, and Berg left.\n";

    fn registry_state(text: &str, exists: bool) -> RegistryState {
        let source = SourceFile {
            path: PathBuf::from("/corpus/entities.toml"),
            name: "entities.toml".into(),
            text: Arc::from(text),
            rope: Rope::from_str(text),
            exists,
        };
        RegistryState::load_sources(vec![source])
    }

    fn mention(text: &str, canonical: &str, label: EntityLabel) -> EntityMention {
        let start = ARTICLE.find(text).expect("mention in article");
        EntityMention {
            span: Span::new(start, start + text.len()),
            text: text.into(),
            label,
            canonical: canonical.into(),
            title: None,
            entity: None,
            candidates: Vec::new(),
            variant_of: None,
        }
    }

    fn analysis() -> Analysis {
        let mut analysis = byline_core::analyze(ARTICLE, &AnalyzeOptions::default());
        let variant = EntityMention {
            entity: Some("lena-berg".into()),
            variant_of: Some("Lena Berg".into()),
            ..mention("Lena Bergova", "Lena Berg", EntityLabel::Person)
        };
        let newcomer = EntityMention {
            title: Some("Mayor".into()),
            ..mention("Tomas Ekdahl", "Tomas Ekdahl", EntityLabel::Person)
        };
        let surname = mention("Berg", "Berg", EntityLabel::Person);
        let surname = EntityMention {
            span: Span::new(ARTICLE.rfind("Berg").unwrap(), ARTICLE.rfind("Berg").unwrap() + 4),
            ..surname
        };
        analysis.entities = vec![variant, newcomer, surname];
        analysis
    }

    /// The actions at the mention `needle`, with the client's edit support.
    fn actions_at(needle: &str, registry: &RegistryState, support: EditSupport) -> Vec<CodeAction> {
        let analysis = analysis();
        let marks = Marks::of(&analysis);
        let rope = Rope::from_str(ARTICLE);
        let uri = Uri::from_file_path("/corpus/a.txt").unwrap();
        let view = View {
            uri: &uri,
            rope: &rope,
            text: ARTICLE,
            analysis: &analysis,
            marks: &marks,
            encoding: Encoding::Utf16,
            registry,
        };
        let at = ARTICLE.rfind(needle).unwrap() + 1;
        let versions = HashMap::from([(PathBuf::from("/corpus/entities.toml"), 7)]);
        let request = Request {
            registry,
            open_versions: &versions,
            article_version: 3,
            start: at,
            end: at,
            diagnostics: &[],
            only: None,
            support,
            encoding: Encoding::Utf16,
        };
        code_actions(&view, &request)
    }

    /// The text after the client applies an action's edits to one file.
    fn applied(action: &CodeAction, uri_path: &str, text: &str) -> String {
        let edit = action.edit.as_ref().expect("an edit");
        let uri = Uri::from_file_path(uri_path).unwrap();
        let edits: Vec<TextEdit> = match (&edit.changes, &edit.document_changes) {
            (Some(changes), _) => changes.get(&uri).cloned().unwrap_or_default(),
            (None, Some(DocumentChanges::Edits(edits))) => edits
                .iter()
                .filter(|e| e.text_document.uri == uri)
                .flat_map(|e| {
                    e.edits.iter().filter_map(|e| if let OneOf::Left(e) = e { Some(e.clone()) } else { None })
                })
                .collect(),
            (None, Some(DocumentChanges::Operations(ops))) => ops
                .iter()
                .filter_map(|o| if let DocumentChangeOperation::Edit(e) = o { Some(e) } else { None })
                .filter(|e| e.text_document.uri == uri)
                .flat_map(|e| {
                    e.edits.iter().filter_map(|e| if let OneOf::Left(e) = e { Some(e.clone()) } else { None })
                })
                .collect(),
            (None, None) => Vec::new(),
        };
        let mut rope = Rope::from_str(text);
        for e in edits.iter().rev() {
            let start = rope.byte_to_char(offset_of(&rope, e.range.start, Encoding::Utf16));
            let end = rope.byte_to_char(offset_of(&rope, e.range.end, Encoding::Utf16));
            rope.remove(start..end);
            rope.insert(start, &e.new_text);
        }
        rope.to_string()
    }

    const VERSIONED: EditSupport = EditSupport { document_changes: true, create_files: true };
    const PLAIN: EditSupport = EditSupport { document_changes: false, create_files: false };

    #[test]
    fn a_variant_is_replaced_or_added_as_an_alias() {
        let registry = registry_state(REGISTRY, true);
        let actions = actions_at("Bergova", &registry, VERSIONED);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Replace with `Lena Berg`", "Add `Lena Bergova` as an alias of Lena Berg"]);
        let replace = &actions[0];
        assert_eq!((replace.kind.clone(), replace.is_preferred), (Some(CodeActionKind::QUICKFIX), Some(true)));
        let fixed = applied(replace, "/corpus/a.txt", ARTICLE);
        assert!(fixed.contains("\n\nLena Berg said the port"), "{fixed}");
        // The registry edit is versioned against the open buffer.
        let Some(DocumentChanges::Edits(edits)) = &actions[1].edit.as_ref().unwrap().document_changes else {
            panic!("document changes")
        };
        assert_eq!(edits[0].text_document.version, Some(7));
        let aliased = applied(&actions[1], "/corpus/entities.toml", REGISTRY);
        assert!(aliased.contains("aliases = [\"L. Berg\", \"Lena Bergova\"]"), "{aliased}");
        assert!(aliased.starts_with("# Who is who\n"), "the rest of the file is kept");
    }

    #[test]
    fn an_unregistered_person_is_added_with_the_title_seen() {
        let registry = registry_state(REGISTRY, true);
        let actions = actions_at("Ekdahl", &registry, PLAIN);
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].title, "Add `Tomas Ekdahl` to entities.toml");
        assert_eq!(actions[0].kind, Some(CodeActionKind::REFACTOR));
        let added = applied(&actions[0], "/corpus/entities.toml", REGISTRY);
        let reparsed = registry_state(&added, true);
        let entry = reparsed.registry.get("tomas-ekdahl").expect("new entry parses");
        assert_eq!((entry.name.as_str(), entry.kind), ("Tomas Ekdahl", EntityLabel::Person));
        assert_eq!(entry.roles.first().map(|r| r.title.as_str()), Some("Mayor"));
        assert!(reparsed.registry.problems.is_empty(), "{:?}", reparsed.registry.problems);
    }

    #[test]
    fn a_surname_of_one_registered_person_becomes_an_alias() {
        let registry = registry_state(REGISTRY, true);
        let actions = actions_at("Berg left", &registry, PLAIN);
        assert_eq!(
            actions.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
            ["Add `Berg` as an alias of Lena Berg"]
        );
        let aliased = applied(&actions[0], "/corpus/entities.toml", REGISTRY);
        assert!(aliased.contains("aliases = [\"L. Berg\", \"Berg\"]"), "{aliased}");
    }

    #[test]
    fn a_missing_registry_is_created_only_where_the_client_can() {
        let registry = registry_state("", false);
        assert!(actions_at("Ekdahl", &registry, PLAIN).is_empty(), "no CreateFile without resource operations");
        let neovim = EditSupport { document_changes: false, create_files: true };
        assert_eq!(actions_at("Ekdahl", &registry, neovim).len(), 1);
        let actions = actions_at("Ekdahl", &registry, VERSIONED);
        let Some(DocumentChanges::Operations(ops)) = &actions[0].edit.as_ref().unwrap().document_changes else {
            panic!("operations")
        };
        assert!(
            matches!(&ops[0], DocumentChangeOperation::Op(ResourceOp::Create(c)) if c.uri.as_str().ends_with("/corpus/entities.toml"))
        );
        let created = applied(&actions[0], "/corpus/entities.toml", "");
        assert!(created.starts_with("[[person]]\nid = \"tomas-ekdahl\"\n"), "{created}");
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        assert!(wanted(Some(&[CodeActionKind::QUICKFIX]), &CodeActionKind::QUICKFIX));
        assert!(wanted(Some(&[CodeActionKind::REFACTOR]), &CodeActionKind::REFACTOR_REWRITE));
        assert!(!wanted(Some(&[CodeActionKind::QUICKFIX]), &CodeActionKind::REFACTOR));
    }
}
