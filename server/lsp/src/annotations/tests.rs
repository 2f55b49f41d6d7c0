//! The annotation store and overlay, in process.
use super::actions::{ann_edit, changed_lines, code_actions, ActionContext};
use super::*;
use tower_lsp_server::ls_types::{Position, Range, WorkspaceEdit};

const ARTICLE: &str = "BERLIN, March 4 -- \"The harbour will reopen next week,\" Mayor Lena Vogt said on Monday. \
                       Siemens said it would wait for the decision.\n";

fn uri(path: &str) -> Uri {
    Uri::from_file_path(path).expect("absolute path")
}

/// A `.ann` line annotating the first occurrence of `needle`.
fn ann_line(id: &str, label: &str, text: &str, needle: &str) -> String {
    let map = standoff::OffsetMap::new(text);
    let start = text.find(needle).expect("needle in article");
    let (s, e) = (map.to_char(start).unwrap(), map.to_char(start + needle.len()).unwrap());
    format!("{id}\t{label} {s} {e}\t{needle}\n")
}

fn overlay(text: &str, ann: Option<&str>) -> (Overlay, Analysis) {
    let analysis = byline_core::analyze(text, &Default::default());
    let file = standoff::parse(ann.unwrap_or(""));
    let merged = standoff::merge(text, &analysis, &file);
    let overlay = Overlay {
        ann_uri: uri("/corpus/a.ann"),
        ann_name: "a.ann".into(),
        client_text: ann.map(str::to_string),
        file,
        merged,
    };
    (overlay, analysis)
}

/// Applies a workspace edit's single text edit to the `.ann` text.
fn apply(old: &str, edit: &WorkspaceEdit, encoding: Encoding) -> String {
    if let Some(changes) = &edit.changes {
        let edits = changes.values().next().expect("one file");
        let rope = Rope::from_str(old);
        let (start, end) = offsets_of(&rope, edits[0].range, encoding);
        return format!("{}{}{}", &old[..start], edits[0].new_text, &old[end..]);
    }
    match &edit.document_changes {
        Some(tower_lsp_server::ls_types::DocumentChanges::Edits(edits)) => {
            let tower_lsp_server::ls_types::OneOf::Left(first) = &edits[0].edits[0] else { panic!("annotated edit") };
            let rope = Rope::from_str(old);
            let (start, end) = offsets_of(&rope, first.range, encoding);
            format!("{}{}{}", &old[..start], first.new_text, &old[end..])
        }
        Some(tower_lsp_server::ls_types::DocumentChanges::Operations(ops)) => ops
            .iter()
            .filter_map(|op| match op {
                tower_lsp_server::ls_types::DocumentChangeOperation::Edit(e) => match &e.edits[0] {
                    tower_lsp_server::ls_types::OneOf::Left(t) => Some(t.new_text.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => panic!("no edit"),
    }
}

#[test]
fn annotations_follow_each_change_in_order_in_utf16() {
    let text = "Heute 👍 sprach Lena Vogt in Berlin.\n";
    let mut file =
        standoff::parse(&(ann_line("T1", "Person", text, "Lena Vogt") + &ann_line("T2", "Location", text, "Berlin")));
    let rope = Rope::from_str(text);
    // Insert before the name (after the emoji and its space: UTF-16 column 9), then
    // replace "Berlin" on the result of the first change.
    let changes = [
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 9), Position::new(0, 9))),
            range_length: None,
            text: "gestern ".into(),
        },
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 37), Position::new(0, 43))),
            range_length: None,
            text: "Bonn".into(),
        },
    ];
    let after = follow_changes(&mut file, &rope, &changes, Encoding::Utf16);
    assert_eq!(after, "Heute 👍 gestern sprach Lena Vogt in Bonn.\n");
    let stale: Vec<String> = standoff::check_anchors(&after, &file).into_iter().map(|s| s.id).collect();
    assert_eq!(stale, ["T2"], "the person moved with the text; the replaced place cannot be re-anchored");
    let person = file.text_bound("T1").unwrap();
    let map = standoff::OffsetMap::new(&after);
    assert_eq!(map.slice(person.fragments[0]), Some("Lena Vogt"));
    assert!(file.text_bound("T2").is_some(), "a lost annotation is kept, never dropped");
}

#[test]
fn a_whole_text_replacement_is_followed_as_its_changed_middle() {
    let old = "Lena Vogt met the council. Lena Vogt left.\n";
    let new = "Yesterday Lena Vogt met the council. Lena Vogt left.\n";
    let mut file = standoff::parse(&ann_line("T1", "Person", old, "Lena Vogt"));
    follow_diff(&mut file, old, new);
    let map = standoff::OffsetMap::new(new);
    let span = map.to_bytes(file.text_bound("T1").unwrap().fragments[0]).unwrap();
    assert_eq!(span.start, new.find("Lena").unwrap(), "the first name, not the nearer second one");
}

#[test]
fn annotations_show_with_their_modifier_and_contradicted_marks_are_hidden() {
    // The annotator says Siemens is a Person (wrong, but annotations win).
    let ann = ann_line("T1", "Person", ARTICLE, "Siemens");
    let (overlay, analysis) = overlay(ARTICLE, Some(&ann));
    // `Siemens said …`: a speaker mark too, and the organisation mark.
    let detected_org =
        overlay.merged.detected.iter().find(|m| m.span.slice(ARTICLE) == "Siemens" && m.label != labels::SPEAKER);
    assert!(detected_org.is_some_and(|m| m.label == labels::ORGANIZATION), "{:#?}", overlay.merged.detected);
    let shown = overlay.marks(&analysis);
    let at_siemens: Vec<&Mark> = shown.marks.inner.iter().filter(|m| m.span.slice(ARTICLE) == "Siemens").collect();
    assert_eq!(at_siemens.len(), 1);
    assert_eq!(at_siemens[0].kind, MarkKind::Person);
    assert!(shown.is_annotated(at_siemens[0]));
    let quote = shown.marks.outer.first().expect("the quote is still suggested");
    assert!(!shown.is_annotated(quote));
    assert_eq!(overlay.hover_prefix(at_siemens[0]), "*annotated* (a.ann:1)");
    assert_eq!(overlay.hover_prefix(quote), "*detected* (suggestion)");
}

#[test]
fn an_ann_belongs_to_the_txt_when_a_md_shares_its_name() {
    let dir = std::env::temp_dir().join(format!("byline-ann-owner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("story.md");
    assert_eq!(ann_path_of(&md), Some(dir.join("story.ann")), "alone, the .md has it");
    std::fs::write(dir.join("story.txt"), "text").unwrap();
    assert_eq!(ann_path_of(&md), None);
    assert_eq!(ann_path_of(&dir.join("story.txt")), Some(dir.join("story.ann")));
    assert_eq!(ann_path_of(&dir.join("story.toml")), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn changed_lines_cover_only_the_differing_lines() {
    let old = "T1\tPerson 0 4\tLena\nT2\tDate 10 16\tMonday\n";
    let new = "T1\tPerson 0 4\tLena\nT2\tDate 10 16\tMonday\nA1\tRejected T2\n";
    let (replaced, inserted) = changed_lines(old, new);
    assert_eq!((replaced.start, replaced.end), (old.len(), old.len()));
    assert_eq!(&new[inserted.start..inserted.end], "A1\tRejected T2\n");
    let (replaced, inserted) = changed_lines("a\nb\nc\n", "a\nB\nc\n");
    assert_eq!((replaced.start, replaced.end, inserted.start, inserted.end), (2, 4, 2, 4));
}

#[test]
fn a_missing_ann_is_created_only_when_the_client_can() {
    let ann_uri = uri("/corpus/a.ann");
    let caps = EditCaps { document_changes: true, create_files: true, apply_edit: true, resolve: false };
    let edit = ann_edit(&ann_uri, None, None, "T1\tPerson 0 4\tLena\n", Encoding::Utf16, caps).unwrap();
    assert_eq!(apply("", &edit, Encoding::Utf16), "T1\tPerson 0 4\tLena\n");
    let no_create = EditCaps { document_changes: true, create_files: false, apply_edit: true, resolve: false };
    let reason = ann_edit(&ann_uri, None, None, "T1\tPerson 0 4\tLena\n", Encoding::Utf16, no_create);
    assert!(reason.unwrap_err().contains("create a.ann first"));
}

fn actions_at(overlay: &Overlay, analysis: &Analysis, needle: &str, caps: EditCaps) -> Vec<(String, WorkspaceEdit)> {
    let rope = Rope::from_str(ARTICLE);
    let at = crate::position::position_of(&rope, ARTICLE.find(needle).unwrap() + 1, Encoding::Utf8);
    let ctx = ActionContext {
        rope: &rope,
        text: ARTICLE,
        analysis,
        encoding: Encoding::Utf8,
        overlay,
        registry: None,
        caps,
        ann_version: Some(4),
        deferred: None,
        refused: None,
    };
    code_actions(&ctx, Range::new(at, at), &[]).into_iter().filter_map(|a| Some((a.title, a.edit?))).collect()
}

#[test]
fn accept_reject_and_label_actions_write_the_ann() {
    let old = "#1\tAnnotatorNotes T9\tkept as written\n";
    let (overlay, analysis) = overlay(ARTICLE, Some(old));
    let caps = EditCaps { document_changes: true, create_files: true, apply_edit: true, resolve: false };
    let actions = actions_at(&overlay, &analysis, "Siemens", caps);
    let find = |prefix: &str| {
        actions.iter().find(|(t, _)| t.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {actions:#?}"))
    };
    let accepted = standoff::parse(&apply(old, &find("Accept Organization `Siemens`").1, Encoding::Utf8));
    let tb = accepted.text_bounds().next().unwrap();
    assert_eq!((tb.label.as_str(), tb.text.as_str()), ("Organization", "Siemens"));
    assert_eq!(standoff::write(&accepted).lines().next(), Some("#1\tAnnotatorNotes T9\tkept as written"));
    let rejected = standoff::parse(&apply(old, &find("Reject Organization").1, Encoding::Utf8));
    let id = rejected.text_bounds().next().unwrap().id.clone();
    assert!(rejected.is_rejected(&id));
    let relabelled = standoff::parse(&apply(old, &find("Annotate `Siemens` as Location").1, Encoding::Utf8));
    assert_eq!(relabelled.text_bounds().next().unwrap().label, "Location");
    let all = standoff::parse(&apply(old, &find("Accept all").1, Encoding::Utf8));
    assert!(all.text_bounds().count() >= 3, "{}", standoff::write(&all));
}

#[test]
fn the_store_follows_an_open_article_and_pushes_the_moved_ann_at_save() {
    let text = "Lena Vogt spoke in Kiel.\n";
    let ann = ann_line("T1", "Person", text, "Lena Vogt") + "#1\tAnnotatorNotes T1\tchecked\n";
    let article = uri("/corpus/a.txt");
    let store = Annotations::default();
    let caps = ClientCapabilities {
        workspace: Some(tower_lsp_server::ls_types::WorkspaceClientCapabilities {
            apply_edit: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    store.set_client_caps(&caps);
    let mut docs = HashMap::from([(article.clone(), Document::new(text, 1))]);
    assert_eq!(store.opened(&docs, &article, Some(ann.clone())), None);
    assert!(store.save_edit(&article, None, Encoding::Utf16).is_none(), "nothing moved yet");
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(Position::new(0, 0), Position::new(0, 0))),
        range_length: None,
        text: "Mayor ".into(),
    };
    let doc = docs.get_mut(&article).unwrap();
    let before = doc.rope.clone();
    assert!(doc.apply(2, std::slice::from_ref(&change), Encoding::Utf16));
    store.changed(&docs, &article, &before, &[change], Encoding::Utf16);
    let (edit, new_ann) = store.save_edit(&article, None, Encoding::Utf16).expect("moved annotations to push");
    assert_eq!(new_ann, "T1\tPerson 6 15\tLena Vogt\n#1\tAnnotatorNotes T1\tchecked\n");
    assert_eq!(apply(&ann, &edit, Encoding::Utf16), new_ann, "only the moved line is replaced");
    store.client_has(&article, new_ann);
    assert!(store.save_edit(&article, None, Encoding::Utf16).is_none(), "the client has it now");
    // A request on the newer text sees the annotation where it now is.
    let now = docs[&article].rope.to_string();
    let analysis = byline_core::analyze(&now, &Default::default());
    let overlay = store.overlay(&article, &now, &analysis).unwrap();
    assert!(standoff::check_anchors(&now, &overlay.file).is_empty());
    // A client that cannot apply edits the server sends gets none.
    let silent = Annotations::default();
    silent.opened(&docs, &article, Some(ann.clone()));
    let doc = docs.get_mut(&article).unwrap();
    let before = doc.rope.clone();
    let change = TextDocumentContentChangeEvent { range: None, range_length: None, text: format!("The {now}") };
    assert!(doc.apply(3, std::slice::from_ref(&change), Encoding::Utf16));
    silent.changed(&docs, &article, &before, &[change], Encoding::Utf16);
    assert!(silent.save_edit(&article, None, Encoding::Utf16).is_none());
}

/// The client's `.ann` buffer reports the server's own edit only after
/// the article changed again (an undo of the edit the save followed):
/// the pushed offsets belong to the article at the save.
#[test]
fn a_late_echo_of_the_pushed_ann_does_not_undo_later_moves() {
    let text = "Lena Vogt spoke in Kiel.\n";
    let ann = ann_line("T1", "Person", text, "Lena Vogt");
    let (article, ann_uri) = (uri("/corpus/b.txt"), uri("/corpus/b.ann"));
    let store = Annotations::default();
    store.set_client_caps(&ClientCapabilities {
        workspace: Some(tower_lsp_server::ls_types::WorkspaceClientCapabilities {
            apply_edit: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    });
    let mut docs =
        HashMap::from([(article.clone(), Document::new(text, 1)), (ann_uri.clone(), Document::new(&ann, 1))]);
    store.opened(&docs, &article, None);
    store.opened(&docs, &ann_uri, None);
    let edit = |docs: &mut HashMap<Uri, Document>, version, range: Range, new: &str| {
        let change = TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: new.into() };
        let doc = docs.get_mut(&article).unwrap();
        let before = doc.rope.clone();
        assert!(doc.apply(version, std::slice::from_ref(&change), Encoding::Utf16));
        store.changed(docs, &article, &before, &[change], Encoding::Utf16);
    };
    let at = Position::new(0, 0);
    edit(&mut docs, 2, Range::new(at, at), "Mayor ");
    let (_, pushed) = store.save_edit(&article, None, Encoding::Utf16).expect("moved");
    assert_eq!(pushed, "T1\tPerson 6 15\tLena Vogt\n");
    store.client_has(&article, pushed.clone());
    edit(&mut docs, 3, Range::new(at, Position::new(0, 6)), "");
    // Now the `.ann` buffer's change arrives, with the pushed text.
    let change = TextDocumentContentChangeEvent { range: None, range_length: None, text: pushed.clone() };
    docs.get_mut(&ann_uri).unwrap().apply(2, std::slice::from_ref(&change), Encoding::Utf16);
    let before = Rope::from_str(&ann);
    store.changed(&docs, &ann_uri, &before, &[change], Encoding::Utf16);
    let (_, back) = store.save_edit(&article, None, Encoding::Utf16).expect("moved back");
    assert_eq!(back, ann);
}

#[test]
fn a_new_ann_is_created_only_where_none_exists_and_an_open_one_is_edited_at_its_version() {
    use tower_lsp_server::ls_types::{DocumentChangeOperation, DocumentChanges, ResourceOp};
    let ann_uri = uri("/corpus/a.ann");
    let caps = EditCaps { document_changes: true, create_files: true, apply_edit: true, resolve: true };
    let created = ann_edit(&ann_uri, None, None, "T1\tPerson 0 4\tLena\n", Encoding::Utf16, caps).unwrap();
    let Some(DocumentChanges::Operations(ops)) = &created.document_changes else { panic!("operations") };
    let DocumentChangeOperation::Op(ResourceOp::Create(create)) = &ops[0] else { panic!("a create first") };
    let options = create.options.as_ref().unwrap();
    // A second create from the same list must fail, not write in front of the first.
    assert_eq!((options.overwrite, options.ignore_if_exists), (Some(false), Some(false)));
    let old = "T1\tPerson 0 4\tLena\n";
    let edited =
        ann_edit(&ann_uri, Some(old), Some(6), "T1\tPerson 0 4\tLena\nT2\tDate 5 9\tWeds\n", Encoding::Utf16, caps)
            .unwrap();
    let Some(DocumentChanges::Edits(edits)) = &edited.document_changes else { panic!("versioned edits") };
    assert_eq!(edits[0].text_document.version, Some(6));
    assert_eq!(apply(old, &edited, Encoding::Utf16), "T1\tPerson 0 4\tLena\nT2\tDate 5 9\tWeds\n");
}

#[test]
fn where_the_client_resolves_actions_they_are_listed_with_their_version_and_no_edit() {
    let (overlay, analysis) = overlay(ARTICLE, Some("#1\tAnnotatorNotes T9\tkept\n"));
    let rope = Rope::from_str(ARTICLE);
    let at = crate::position::position_of(&rope, ARTICLE.find("Siemens").unwrap() + 1, Encoding::Utf8);
    let deferred =
        super::actions::Deferred { ann_action: true, uri: uri("/corpus/a.txt"), version: 9, range: Range::new(at, at) };
    let ctx = ActionContext {
        rope: &rope,
        text: ARTICLE,
        analysis: &analysis,
        encoding: Encoding::Utf8,
        overlay: &overlay,
        registry: None,
        caps: EditCaps { document_changes: true, create_files: true, apply_edit: true, resolve: true },
        ann_version: None,
        deferred: Some(deferred.clone()),
        refused: None,
    };
    let actions = code_actions(&ctx, Range::new(at, at), &[]);
    assert!(!actions.is_empty());
    for action in &actions {
        assert!(action.edit.is_none(), "{}", action.title);
        assert_eq!(super::actions::Deferred::of(action.data.as_ref()), Some(deferred.clone()));
    }
    let refused = ActionContext { deferred: None, refused: Some("save a.ann first".into()), ..ctx };
    let actions = code_actions(&refused, Range::new(at, at), &[]);
    assert!(actions
        .iter()
        .all(|a| a.edit.is_none() && a.disabled.as_ref().is_some_and(|d| d.reason == "save a.ann first")));
}
