"""End-to-end: human annotations (brat `.ann` beside each article) in the
language server, under the VS Code and Neovim capability profiles.
The corpus is tests/lsp/corpus-annotations: `harbour.txt` with a `.ann`
that confirms one mark and contradicts another, `quay.txt` with a stale
annotation, `pier.txt` with no `.ann` yet."""

from __future__ import annotations

import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from conftest import (
    BYLINE,
    NEOVIM,
    VSCODE,
    decode_tokens,
    diagnostics_for,
    initialize,
    make_client,
    open_doc,
    position_of,
    uri_of,
    wait_ready,
    wait_until,
)

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus-annotations"


def annotating_client():
    """The shared test client, which also applies (and records) the edits
    the server asks for with `workspace/applyEdit`."""
    client = make_client()
    client.applied: list[types.ApplyWorkspaceEditParams] = []  # type: ignore[misc]

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        client.applied.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BYLINE, "lsp"], client_factory=annotating_client),
    params=[VSCODE, NEOVIM],
)
async def client(lsp_client: pytest_lsp.LanguageClient, request, tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    lsp_client.profile = request.param
    lsp_client.corpus = root
    lsp_client.init_result = await initialize(lsp_client, request.param, root)
    enc = lsp_client.init_result.capabilities.position_encoding
    lsp_client.encoding = "utf-8" if enc == types.PositionEncodingKind.Utf8 else "utf-16"
    await wait_ready(lsp_client)
    yield
    await lsp_client.shutdown_session()


# --- helpers ----------------------------------------------------------------


def read(client, name: str) -> str:
    return (client.corpus / name).read_text(encoding="utf-8")


def parse_ann(text: str) -> dict[str, list[str]]:
    """brat lines by id: the fields after the id (label and offsets, then text)."""
    out = {}
    for line in text.splitlines():
        if "\t" in line:
            ident, rest = line.split("\t", 1)
            out[ident] = rest.split("\t")
    return out


def text_bounds(text: str) -> dict[str, tuple[str, int, int, str]]:
    """Text-bound annotations by id: (label, start, end, text), offsets in code points."""
    out = {}
    for ident, fields in parse_ann(text).items():
        if ident.startswith("T"):
            label, *offsets = fields[0].replace(";", " ").split(" ")
            out[ident] = (label, int(offsets[0]), int(offsets[-1]), fields[1])
        continue
    return out


def offset_at(body: str, pos: types.Position, encoding: str) -> int:
    lines = body.split("\n")
    start = sum(len(l) + 1 for l in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return start + i
        units += len(ch.encode("utf-8")) if encoding == "utf-8" else len(ch.encode("utf-16-le")) // 2
    return start + len(line)


def apply_workspace_edit(edit: types.WorkspaceEdit, uri: str, body: str | None, encoding: str) -> str:
    """The file's text after the client applies the edit (`None`: no file yet)."""
    edits = []
    created = False
    if edit.changes:
        edits = list(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile) and change.uri == uri:
            created = True
        elif isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            edits.extend(change.edits)
    if body is None:
        assert created, "an edit on a file that does not exist must create it"
        body = ""
    spans = sorted(
        ((offset_at(body, e.range.start, encoding), offset_at(body, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        body = body[:start] + new + body[end:]
    return body


async def actions_at(client, uri: str, body: str, needle: str, diagnostics=None, nth: int = 0):
    pos = position_of(body, needle, client.encoding, nth=nth, delta=1)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=diagnostics or []),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def resolved(client, action: types.CodeAction) -> types.CodeAction:
    """The action with its edit, as an editor has it when the user picks it:
    `.ann` actions are listed without one and resolved on the state then."""
    if action.edit is not None or action.disabled is not None:
        return action
    return await client.code_action_resolve_async(action)


def titled(actions, prefix: str) -> types.CodeAction:
    found = [a for a in actions if a.title.startswith(prefix)]
    assert found, f"no action `{prefix}` among {[a.title for a in actions]}"
    return found[0]


def containing(actions, words: str) -> types.CodeAction:
    found = [a for a in actions if words in a.title]
    assert found, f"no action with `{words}` among {[a.title for a in actions]}"
    return found[0]


async def tokens(client, uri: str, body: str):
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    legend = client.init_result.capabilities.semantic_tokens_provider.legend
    return decode_tokens(body, result.data, legend, client.encoding)


async def hover(client, uri: str, body: str, needle: str) -> str:
    pos = position_of(body, needle, client.encoding, delta=1)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    return result.contents.value if result else ""


def code_points(body: str, needle: str, nth: int = 0) -> tuple[int, int]:
    index = -1
    for _ in range(nth + 1):
        index = body.index(needle, index + 1)
    return index, index + len(needle)


# --- what the editor shows ---------------------------------------------------


async def test_annotations_get_the_annotated_modifier_and_contradicted_marks_are_hidden(client):
    legend = client.init_result.capabilities.semantic_tokens_provider.legend
    assert list(legend.token_modifiers[:3]) == ["definition", "unresolved", "annotated"]
    body = read(client, "harbour.txt")
    uri = open_doc(client, client.corpus / "harbour.txt")
    found = await tokens(client, uri, body)
    by_text = {}
    for text, kind, modifiers in found:
        by_text.setdefault(text, []).append((kind, modifiers))
    # Confirmed by T1: shown as the annotation.
    assert any(k == "person" and "annotated" in m for k, m in by_text["Lena Vogt"]), by_text["Lena Vogt"]
    # Detected as an organisation, annotated as a place: only the place shows.
    assert [k for k, _ in by_text["KIEL"]] == ["location"], by_text["KIEL"]
    assert "annotated" in by_text["KIEL"][0][1], by_text["KIEL"]
    # Nobody annotated these: detected suggestions, as before.
    # The company speaks in a reported statement, so its token is the speaker's.
    assert [k for k, m in by_text["Hafenwerke Nord"] if "annotated" not in m] in (["organization"], ["speaker"])
    assert all("annotated" not in m for _, m in by_text["Kiel"])


async def test_hover_says_where_a_mark_comes_from(client):
    body = read(client, "harbour.txt")
    uri = open_doc(client, client.corpus / "harbour.txt")
    assert "annotated* (harbour.ann:1)" in await hover(client, uri, body, "Lena Vogt")
    assert "annotated* (harbour.ann:2)" in await hover(client, uri, body, "KIEL")
    assert "detected* (suggestion)" in await hover(client, uri, body, "Hafenwerke")


# --- code actions, each applied to the .ann and read back ----------------------


async def test_accept_and_reject_a_detected_mark(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_uri = uri_of(client.corpus / "harbour.ann")
    actions = await actions_at(client, uri, body, "Hafenwerke")
    accepted = apply_workspace_edit((await resolved(client, titled(actions, "Accept Organization `Hafenwerke Nord`"))).edit, ann_uri, ann, client.encoding)
    # The lines that were there stay byte for byte, the note included.
    assert accepted.startswith(ann)
    new = {k: v for k, v in text_bounds(accepted).items() if k not in text_bounds(ann)}
    start, end = code_points(body, "Hafenwerke Nord")
    assert list(new.values()) == [("Organization", start, end, "Hafenwerke Nord")]
    [(new_id, _)] = new.items()
    links = [f for k, f in parse_ann(accepted).items() if k.startswith("N")]
    assert links == [[f"Reference {new_id} byline:hafenwerke", "Hafenwerke Nord"]]

    rejected = apply_workspace_edit((await resolved(client, titled(actions, "Reject Organization `Hafenwerke Nord`"))).edit, ann_uri, ann, client.encoding)
    attributes = [f[0] for k, f in parse_ann(rejected).items() if k.startswith("A")]
    [(rejected_id, _)] = [(k, v) for k, v in text_bounds(rejected).items() if k not in text_bounds(ann)]
    assert attributes == [f"Rejected {rejected_id}"]


async def test_accept_all_of_a_paragraph_and_of_the_article(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_uri = uri_of(client.corpus / "harbour.ann")
    actions = await actions_at(client, uri, body, "We lost")
    paragraph = apply_workspace_edit((await resolved(client, containing(actions, "in this paragraph"))).edit, ann_uri, ann, client.encoding)
    last = body.index('"We lost')
    added = [v for k, v in text_bounds(paragraph).items() if k not in text_bounds(ann)]
    assert added and all(start >= last for _, start, _, _ in added), added
    labels = sorted(label for label, *_ in added)
    assert {"Quote", "Speaker", "Cue", "Person", "Location"} <= set(labels), labels
    # The accepted quote is linked to its accepted speaker.
    relations = [f[0] for k, f in parse_ann(paragraph).items() if k.startswith("R")]
    assert any(r.startswith("SaidBy") for r in relations), relations

    article = apply_workspace_edit((await resolved(client, containing(actions, "in this article"))).edit, ann_uri, ann, client.encoding)
    starts = [start for label, start, _, _ in text_bounds(article).values()]
    assert min(starts) == 0 and max(starts) >= last
    # KIEL is annotated as a place: accepting everything does not add the
    # organisation the annotation contradicts.
    assert [v for v in text_bounds(article).values() if v[3] == "KIEL"] == [("Location", 0, 4, "KIEL")]


async def test_set_the_speaker_of_a_quote(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_uri = uri_of(client.corpus / "harbour.ann")
    actions = await actions_at(client, uri, body, "The harbour")
    edited = apply_workspace_edit(
        (await resolved(client, titled(actions, "Set the speaker of this quote to `Lena Vogt`"))).edit, ann_uri, ann, client.encoding
    )
    bounds = text_bounds(edited)
    [quote] = [k for k, v in bounds.items() if v[0] == "Quote"]
    [speaker] = [k for k, v in bounds.items() if v[0] == "Speaker"]
    assert bounds[speaker][3] == "Lena Vogt"
    relations = [f[0] for k, f in parse_ann(edited).items() if k.startswith("R")]
    assert relations == [f"SaidBy Arg1:{quote} Arg2:{speaker}"]


async def test_link_a_mention_to_a_registry_entry_and_change_a_label(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_uri = uri_of(client.corpus / "harbour.ann")
    # `Adler` alone: the registry has two Adlers; the other one is offered.
    actions = await actions_at(client, uri, body, "Adler told")
    linked = apply_workspace_edit(
        (await resolved(client, titled(actions, "Link `Adler` to Mara Adler (mara-adler)"))).edit, ann_uri, ann, client.encoding
    )
    [(adler, fields)] = [(k, v) for k, v in text_bounds(linked).items() if v[3] == "Adler"]
    assert fields[0] == "Person"
    references = [f[0] for k, f in parse_ann(linked).items() if k.startswith("N")]
    assert references == [f"Reference {adler} byline:mara-adler"]

    # KIEL (T2, annotated a Location) relabelled in place: same id, same line.
    actions = await actions_at(client, uri, body, "KIEL")
    relabelled = apply_workspace_edit((await resolved(client, titled(actions, "Annotate `KIEL` as Organization"))).edit, ann_uri, ann, client.encoding)
    assert relabelled.splitlines()[1] == "T2\tOrganization 0 4\tKIEL"
    assert relabelled.splitlines()[0] == ann.splitlines()[0]


async def test_a_missing_ann_is_created(client):
    body = read(client, "pier.txt")
    uri = open_doc(client, client.corpus / "pier.txt")
    ann_uri = uri_of(client.corpus / "pier.ann")
    actions = await actions_at(client, uri, body, "Wednesday")
    action = titled(actions, "Accept Date `Wednesday`")
    created = apply_workspace_edit((await resolved(client, action)).edit, ann_uri, None, client.encoding)
    start, end = code_points(body, "Wednesday")
    assert list(text_bounds(created).values()) == [("Date", start, end, "Wednesday")]


async def test_reported_speech_is_accepted_with_its_kind_and_can_be_rejected(client):
    # `..., Lena Vogt said.` without quotation marks: reported speech.
    body = read(client, "pier.txt")
    uri = open_doc(client, client.corpus / "pier.txt")
    ann_uri = uri_of(client.corpus / "pier.ann")
    found = await tokens(client, uri, body)
    statement = [m for text, kind, m in found if kind == "quote" and "northern pier" in text]
    assert statement and all("reported" in m for m in statement), found
    actions = await actions_at(client, uri, body, "northern pier")
    accept = await resolved(client, titled(actions, "Accept Quote (reported speech) `"))
    created = apply_workspace_edit(accept.edit, ann_uri, None, client.encoding)
    [(quote_id, quote)] = [(k, v) for k, v in text_bounds(created).items() if v[0] == "Quote"]
    assert "northern pier" in quote[3]
    attributes = [f[0] for k, f in parse_ann(created).items() if k.startswith("A")]
    assert attributes == [f"Reported {quote_id} yes"], created

    reject = await resolved(client, titled(actions, "Reject Quote (reported speech) `"))
    rejected = apply_workspace_edit(reject.edit, ann_uri, None, client.encoding)
    [(rejected_id, _)] = [(k, v) for k, v in text_bounds(rejected).items() if v[0] == "Quote"]
    attributes = [f[0] for k, f in parse_ann(rejected).items() if k.startswith("A")]
    assert attributes == [f"Rejected {rejected_id}"], rejected


async def test_an_annotated_quotes_reported_attribute_decides_its_modifier(client):
    body = read(client, "pier.txt")
    uri = open_doc(client, client.corpus / "pier.txt")
    start, end = code_points(body, "Hafenwerke Nord reopened the northern pier on Wednesday")
    words = body[start:end]

    async def statement_modifiers(ann: str, version: int):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=ann_uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=ann)],
            )
        )
        await diagnostics_for(client, ann_uri, version=version)

        def annotated():
            return [m for text, kind, m in tokens_now if kind == "quote" and "annotated" in m]

        deadline = 50
        while deadline:
            tokens_now = await tokens(client, uri, body)
            if annotated():
                return annotated()
            deadline -= 1
        raise AssertionError(f"no annotated quote in {tokens_now}")

    # The annotator says it is a direct quotation: the annotation wins.
    ann_uri = open_doc(client, client.corpus / "pier.ann", text="")
    direct = await statement_modifiers(f"T1\tQuote {start} {end}\t{words}\n", 2)
    assert all("reported" not in m for m in direct), direct
    mixed = await statement_modifiers(f"T1\tQuote {start} {end}\t{words}\nA1\tReported T1 mixed\n", 3)
    assert all("reported" in m for m in mixed), mixed
    assert "mixed speech" in await hover(client, uri, body, "northern pier")


# --- editing the article -------------------------------------------------------


async def test_annotations_follow_edits_and_the_ann_is_updated_on_save(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_uri = uri_of(client.corpus / "harbour.ann")
    # One didChange, two changes applied one after the other: two code
    # points before everything, then a sentence after both annotations.
    after_first = "Ö " + body
    pos = position_of(after_first, "Hafenwerke", client.encoding)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                    text="Ö ",
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=pos, end=pos), text="Über Nacht blieb alles ruhig. "
                ),
            ],
        )
    )
    # Until the save, the .ann is left alone.
    diagnostics = await diagnostics_for(client, uri, version=2)
    assert not [d for d in diagnostics if d.code == "stale-annotation"], [d.message for d in diagnostics]
    assert client.applied == []
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_until(lambda: client.applied, what="workspace/applyEdit for the .ann")
    [request] = client.applied
    moved = apply_workspace_edit(request.edit, ann_uri, ann, client.encoding)
    bounds = text_bounds(moved)
    assert bounds["T1"] == ("Person", 62, 71, "Lena Vogt")
    assert bounds["T2"] == ("Location", 2, 6, "KIEL")
    assert moved.splitlines()[2] == ann.splitlines()[2], "the note line is untouched"
    # Saved again with nothing moved since: no new edit.
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await hover(client, uri, after_first, "KIEL")
    assert len(client.applied) == 1


def change_range(client, uri: str, version: int, start: types.Position, end: types.Position, text: str):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=text)],
        )
    )


def save(client, uri: str):
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


@pytest.mark.parametrize("ann_open", [False, True], ids=["ann-closed", "ann-open"])
async def test_undoing_an_edit_moves_the_annotations_back_at_the_next_save(client, ann_open):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_path = client.corpus / "harbour.ann"
    ann_uri = uri_of(ann_path)
    if ann_open:
        # As in Neovim: the .ann is a buffer attached to the server.
        open_doc(client, ann_path)
    prefix = "UPDATED: "
    start = types.Position(line=0, character=0)
    end = types.Position(line=0, character=len(prefix))
    change_range(client, uri, 2, start, start, prefix)
    save(client, uri)
    await wait_until(lambda: client.applied, what="workspace/applyEdit for the .ann")
    moved = apply_workspace_edit(client.applied[0].edit, ann_uri, ann, client.encoding)
    assert text_bounds(moved)["T1"] == ("Person", 60 + len(prefix), 69 + len(prefix), "Lena Vogt")
    assert text_bounds(moved)["T2"] == ("Location", len(prefix), 4 + len(prefix), "KIEL")
    # The undo: the insertion deleted again.
    change_range(client, uri, 3, start, end, "")
    if ann_open:
        # The client applied the server's edit to its .ann buffer, but
        # reports that change only now (Neovim debounces didChange per
        # buffer): after the article's undo, before its save.
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=ann_uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=moved)],
            )
        )
    save(client, uri)
    await wait_until(lambda: len(client.applied) >= 2, what="a second workspace/applyEdit moving the .ann back")
    back = apply_workspace_edit(client.applied[1].edit, ann_uri, moved, client.encoding)
    assert text_bounds(back) == text_bounds(ann), back
    assert back == ann
    # Nothing moved since: no third edit.
    save(client, uri)
    await hover(client, uri, body, "KIEL")
    assert len(client.applied) == 2


async def test_no_apply_edit_when_nothing_moved(client):
    uri = open_doc(client, client.corpus / "harbour.txt")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    # A later request is answered after the save was handled.
    await hover(client, uri, read(client, "harbour.txt"), "KIEL")
    assert client.applied == []


# --- stale annotations -----------------------------------------------------------


async def test_a_stale_annotation_is_reported_and_its_quick_fix_reanchors_it(client):
    body = read(client, "quay.txt")
    ann = read(client, "quay.ann")
    uri = open_doc(client, client.corpus / "quay.txt")
    ann_uri = uri_of(client.corpus / "quay.ann")
    diagnostics = await wait_until(
        lambda: [d for d in client.diagnostics.get(uri, []) if d.code == "stale-annotation"],
        what="a stale-annotation diagnostic",
    )
    [stale] = diagnostics
    assert "T1" in stale.message and "quay.ann line 1" in stale.message
    actions = await actions_at(client, uri, body, "Mara", diagnostics=[stale])
    fix = titled(actions, "Move T1 to the nearest `Mara Adler`")
    assert fix.kind == types.CodeActionKind.QuickFix
    fixed = apply_workspace_edit((await resolved(client, fix)).edit, ann_uri, ann, client.encoding)
    start, end = code_points(body, "Mara Adler")
    assert text_bounds(fixed)["T1"] == ("Person", start, end, "Mara Adler")
    assert fixed.splitlines()[1] == ann.splitlines()[1]


async def test_an_edit_that_destroys_an_annotation_reports_it_as_stale(client):
    body = read(client, "quay.txt")
    uri = open_doc(client, client.corpus / "quay.txt")
    # Replace `Tuesday` (T2, anchored) by `Wednesday`: it cannot move anywhere.
    start = position_of(body, "Tuesday", client.encoding)
    end = position_of(body, "Tuesday", client.encoding, delta=len("Tuesday"))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="Wednesday")],
        )
    )
    diagnostics = await diagnostics_for(client, uri, version=2)
    stale = [d for d in diagnostics if d.code == "stale-annotation"]
    assert any("T2" in d.message for d in stale), [d.message for d in diagnostics]


# --- the .ann open in the editor ---------------------------------------------------


async def test_an_open_ann_buffer_is_the_truth_and_gets_its_own_diagnostics(client):
    body = read(client, "harbour.txt")
    ann = read(client, "harbour.ann")
    uri = open_doc(client, client.corpus / "harbour.txt")
    ann_path = client.corpus / "harbour.ann"
    ann_uri = open_doc(client, ann_path)
    # The annotator types an annotation for `Kiel` and a broken line, unsaved.
    start, end = code_points(body, "Kiel")
    edited = ann + f"T3\tLocation {start} {end}\tKiel\nT4\tPerson twelve\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=ann_uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    problems = await diagnostics_for(client, ann_uri, version=2)
    malformed = [d.range.start.line for d in problems if d.code == "malformed-annotation"]
    assert malformed == [4], [d.message for d in problems]
    # This corpus's annotation.conf has no Location: both Location lines
    # break it, as `byline check` says.
    unschemed = [d.range.start.line for d in problems if d.code == "annotation-conf"]
    assert unschemed == [1, 3], [d.message for d in problems]

    def kiel_annotated(found):
        return any(text == "Kiel" and "annotated" in modifiers for text, _, modifiers in found)

    found = await tokens(client, uri, body)
    assert kiel_annotated(found), found
    # A .ann is not an article: no marks of its own.
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=ann_uri))
    )
    assert result is None or result.data == []


async def test_a_label_conflict_across_the_corpus_is_reported_with_every_place(client):
    body = read(client, "harbour.txt")
    uri = open_doc(client, client.corpus / "harbour.txt")
    # harbour.ann says KIEL is a Location, quay.ann (not open) an Organization.
    conflicts = await wait_until(
        lambda: [d for d in client.diagnostics.get(uri, []) if d.code == "label-conflict"],
        what="a label-conflict diagnostic",
    )
    [conflict] = conflicts
    assert "Organization in quay.ann line 3" in conflict.message, conflict.message
    start = position_of(body, "KIEL", client.encoding)
    assert conflict.range.start == start
    # Relabelled in the open buffer of harbour.ann: the conflict is gone.
    ann_uri = open_doc(client, client.corpus / "harbour.ann")
    ann = read(client, "harbour.ann")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=ann_uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(text=ann.replace("Location 0 4", "Organization 0 4"))
            ],
        )
    )
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_until(
        lambda: client.published
        and client.published[-1].uri == uri
        and not [d for d in client.published[-1].diagnostics if d.code == "label-conflict"],
        what="the conflict to go",
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BYLINE, "lsp"], client_factory=annotating_client))
async def plain_client(lsp_client: pytest_lsp.LanguageClient, tmp_path):
    """VS Code's capabilities without file operations in workspace edits."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    lsp_client.corpus = root
    capabilities = client_capabilities(VSCODE)
    capabilities.workspace.workspace_edit.resource_operations = []
    capabilities.workspace.workspace_edit.document_changes = False
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            workspace_folders=[types.WorkspaceFolder(uri=uri_of(root), name=root.name)],
        )
    )
    lsp_client.encoding = "utf-16"
    await wait_ready(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def test_without_file_operations_creating_the_ann_is_disabled_with_the_reason(plain_client):
    client = plain_client
    body = read(client, "pier.txt")
    uri = open_doc(client, client.corpus / "pier.txt")
    action = titled(await actions_at(client, uri, body, "Wednesday"), "Accept Date `Wednesday`")
    assert action.edit is None
    assert action.disabled and "create pier.ann first" in action.disabled.reason
