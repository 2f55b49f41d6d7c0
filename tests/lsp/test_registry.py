"""End-to-end: the entity registry (`entities.toml`) in the editor, under the
VS Code and Neovim 0.11 profiles. Articles link to its entries; inside it the
server checks the file, counts each entry's mentions, completes ids and
answers references; code actions keep articles and registry consistent."""

from __future__ import annotations

import asyncio
import re

import pytest_lsp
from lsprotocol import types

from conftest import (
    NEOVIM,
    VSCODE,
    diagnostics_for,
    initialize,
    open_doc,
    position_of,
    server_config,
    text_of_range,
    uri_of,
    wait_ready,
    wait_until,
)

VOA = "000_93d8eec447f298ec.txt"
TOKYO = "101_campbell_tokyo.md"
KIMS = "110_two_kims.txt"
REGISTRY = "entities.toml"

# Written for these tests: a person no registry lists, and a variant
# spelling of a registered name.
NEW_MAYOR = "200_new_mayor.txt"
NEW_MAYOR_TEXT = (
    "Ferry to return\n\nPosted March 3rd, 2023\n\n"
    "Mayor Tomas Ekdahl said on Friday that the island ferry would run again in April.\n\n"
    '"We have waited long enough," Ekdahl told the council.\n'
)
VARIANT = "201_variant_spelling.txt"
VARIANT_TEXT = (
    "Factory visit\n\nPosted July 12th, 2023\n\n"
    "North Korean leader Kim Jong-un toured a tractor plant on Tuesday, state media said.\n"
)


@pytest_lsp.fixture(config=server_config(), params=[VSCODE, NEOVIM])
async def client(lsp_client: pytest_lsp.LanguageClient, request, corpus):
    (corpus / NEW_MAYOR).write_text(NEW_MAYOR_TEXT, encoding="utf-8")
    (corpus / VARIANT).write_text(VARIANT_TEXT, encoding="utf-8")
    lsp_client.profile = request.param
    lsp_client.corpus = corpus
    lsp_client.init_result = await initialize(lsp_client, request.param, corpus)
    enc = lsp_client.init_result.capabilities.position_encoding
    lsp_client.encoding = "utf-8" if enc == types.PositionEncodingKind.Utf8 else "utf-16"
    await wait_ready(lsp_client)
    yield
    await lsp_client.shutdown_session()


def text(client, name: str) -> str:
    return (client.corpus / name).read_text(encoding="utf-8")


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def line_of(body: str, needle: str) -> int:
    return body[: body.index(needle)].count("\n")


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


def apply_edits(body: str, edits, encoding: str) -> str:
    """The text after the client applies `edits` (all against `body`)."""
    spans = sorted(
        ((offset_at(body, e.range.start, encoding), offset_at(body, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        body = body[:start] + new + body[end:]
    return body


def edits_for(edit: types.WorkspaceEdit, uri: str):
    """The text edits a workspace edit makes to one file, whichever form it takes."""
    if edit.changes:
        return list(edit.changes.get(uri, []))
    out = []
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            out.extend(change.edits)
    return out


async def hover_text(client, uri: str, body: str, needle: str, delta: int = 1, nth: int = 0):
    pos = position_of(body, needle, client.encoding, nth=nth, delta=delta)
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=pos))
    return result.contents.value if result else None


async def definition(client, uri: str, body: str, needle: str, delta: int = 1, nth: int = 0):
    pos = position_of(body, needle, client.encoding, nth=nth, delta=delta)
    result = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos))
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


async def actions_at(client, uri: str, body: str, needle: str, diagnostics=None):
    pos = position_of(body, needle, client.encoding, delta=1)
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=diagnostics or []),
        )
    )


async def test_definition_on_a_registered_mention_lands_on_its_entry(client):
    body = text(client, VOA)
    registry = text(client, REGISTRY)
    uri = open_doc(client, client.corpus / VOA)
    # `Campbell also said`: the short form, linked to Kurt Campbell.
    [location] = await definition(client, uri, body, "Campbell also said")
    assert location.uri == uri_of(client.corpus / REGISTRY)
    assert location.range.start.line == line_of(registry, 'name = "Kurt Campbell"')
    assert text_of_range(registry, location.range, client.encoding) == "Kurt Campbell"
    card = await hover_text(client, uri, body, "Campbell also said")
    assert card.startswith("**Kurt Campbell** · person · `kurt-campbell`")
    assert "Assistant Secretary of State for East Asian and Pacific Affairs, U.S. Department of State (2009–2013)" in card
    assert "Affiliation: U.S. Department of State" in card
    assert re.search(r"\d+ mentions in [2-9] articles", card)
    # A pronoun speaker in another article is the same registered person.
    tokyo = text(client, TOKYO)
    tokyo_uri = open_doc(client, client.corpus / TOKYO)
    [location] = await definition(client, tokyo_uri, tokyo, "he added")
    assert location.uri == uri_of(client.corpus / REGISTRY)


async def test_an_unregistered_name_still_goes_to_its_defining_mention(client):
    body = text(client, NEW_MAYOR)
    uri = open_doc(client, client.corpus / NEW_MAYOR)
    [location] = await definition(client, uri, body, "Ekdahl told")
    assert location.uri == uri
    assert text_of_range(body, location.range, client.encoding) == "Tomas Ekdahl"
    card = await hover_text(client, uri, body, "Ekdahl told")
    assert card.startswith("**Tomas Ekdahl** · person") and "`" not in card.split("\n")[0]


async def test_kim_after_two_kims_is_ambiguous(client):
    body = text(client, KIMS)
    uri = open_doc(client, client.corpus / KIMS)
    diagnostics = await diagnostics_for(client, uri, version=1)
    ambiguous = [d for d in diagnostics if d.code == "ambiguous-mention"]
    assert [text_of_range(body, d.range, client.encoding) for d in ambiguous] == ["Kim"]
    assert ambiguous[0].range.start.line == line_of(body, "Kim said the country")
    card = await hover_text(client, uri, body, "Kim said the country")
    assert "ambiguous" in card.split("\n")[0]
    assert "Kim Jong Un (`kim-jong-un`)" in card and "Kim Yo Jong (`kim-yo-jong`)" in card
    # Definition offers every candidate's entry.
    locations = await definition(client, uri, body, "Kim said the country")
    registry = text(client, REGISTRY)
    names = sorted(text_of_range(registry, l.range, client.encoding) for l in locations)
    assert names == ["Kim Jong Un", "Kim Yo Jong"]


async def test_references_from_an_entry_list_every_mention(client):
    registry = text(client, REGISTRY)
    uri = open_doc(client, client.corpus / REGISTRY)
    # The fixture's opening comment quotes `id = "kurt-campbell"` too: the
    # needles are whole lines of the entry.
    for needle in ['\nid = "kurt-campbell"', '\nname = "Kurt Campbell"', '["Kurt M. Campbell"]']:
        pos = position_of(registry, needle, client.encoding, delta=len(needle) - 3)
        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc(uri), position=pos, context=types.ReferenceContext(include_declaration=True)
            )
        )
        assert refs[0].uri == uri and text_of_range(registry, refs[0].range, client.encoding) == "Kurt Campbell"
        articles = {r.uri for r in refs[1:]}
        assert {uri_of(client.corpus / VOA), uri_of(client.corpus / TOKYO)} <= articles
        voa = text(client, VOA)
        voa_texts = [text_of_range(voa, r.range, client.encoding) for r in refs if r.uri == uri_of(client.corpus / VOA)]
        assert "Kurt Campbell" in voa_texts and "Campbell" in voa_texts
    pos = position_of(registry, '\nid = "kurt-campbell"', client.encoding, delta=8)
    without = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=pos, context=types.ReferenceContext(include_declaration=False))
    )
    assert len(without) == len(refs) - 1 and all(r.uri != uri for r in without)
    # Hover on the entry: the card with its counts.
    card = await hover_text(client, uri, registry, '\nname = "Kurt Campbell"', delta=10)
    assert card.startswith("**Kurt Campbell**") and re.search(r"\d+ mentions in \d+ articles", card)


async def test_code_lens_counts_each_entry(client):
    registry = text(client, REGISTRY)
    uri = open_doc(client, client.corpus / REGISTRY)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(uri)))
    entries = registry.count("\n[[person]]") + registry.count("\n[[organization]]") + registry.count("\n[[place]]")
    assert len(lenses) == entries
    campbell_line = line_of(registry, '\nid = "kurt-campbell"')
    [lens] = [l for l in lenses if l.range.start.line == campbell_line]
    m = re.fullmatch(r"(\d+) mentions · (\d+) articles · (\d+) quotes?", lens.command.title)
    assert m, lens.command.title
    mentions, articles, quotes = map(int, m.groups())
    assert mentions >= 5 and articles >= 2 and quotes >= 2
    # The counts agree with references.
    pos = position_of(registry, '\nid = "kurt-campbell"', client.encoding, delta=8)
    refs = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=pos, context=types.ReferenceContext(include_declaration=False))
    )
    assert len(refs) == mentions
    assert len({r.uri for r in refs}) == articles


async def test_registry_problems_are_diagnostics_at_their_place(client):
    registry = text(client, REGISTRY)
    broken = (
        registry
        + '\n[[person]]\nid = "kurt-campbell"\nname = "Kurt Campbell Jr."\n'
        + '\n[[organization]]\nname = "Harbour Board\n'
    )
    uri = open_doc(client, client.corpus / REGISTRY, text=broken)
    diagnostics = await diagnostics_for(client, uri, version=1)
    by_code = {}
    for d in diagnostics:
        by_code.setdefault(d.code, []).append(d)
    assert all(d.source == "byline" for d in diagnostics)
    duplicate = by_code["duplicate-id"][0]
    assert duplicate.range.start.line == broken.count("\n", 0, broken.rindex('id = "kurt-campbell"'))
    syntax = by_code["registry-syntax"][0]
    assert syntax.range.start.line == broken.count("\n", 0, broken.rindex('name = "Harbour Board'))
    assert syntax.severity == types.DiagnosticSeverity.Error
    # Fixing the text clears them; the fixture's own notes stay (four
    # people share the alias `Kim` on purpose).
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=registry)],
        )
    )
    fixed = await diagnostics_for(client, uri, version=2)
    assert {d.code for d in fixed} == {"shared-alias"}
    assert all(d.severity == types.DiagnosticSeverity.Information for d in fixed)


async def test_ids_complete_in_affiliation(client):
    registry = text(client, REGISTRY)
    typed = registry + '\n[[person]]\nid = "tomas-ekdahl"\nname = "Tomas Ekdahl"\naffiliation = "us-'
    uri = open_doc(client, client.corpus / REGISTRY, text=typed)
    end = position_of(typed, 'affiliation = "us-', client.encoding, nth=typed.count('affiliation = "us-') - 1, delta=len('affiliation = "us-'))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=end))
    items = result.items if hasattr(result, "items") else result
    labels = [i.label for i in items]
    assert "us-state-department" in labels and "us-defense-department" in labels
    assert "tomas-ekdahl" not in labels, "not the entry's own id"
    chosen = next(i for i in items if i.label == "us-state-department")
    completed = apply_edits(typed, [chosen.text_edit], client.encoding)
    assert completed.endswith('affiliation = "us-state-department')
    # Definition on an affiliation id goes to that entry.
    pos = position_of(registry, 'affiliation = "us-state-department"', client.encoding, delta=16)
    [location] = [await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos))]
    location = location[0] if isinstance(location, list) else location
    assert text_of_range(typed, location.range, client.encoding) == "U.S. Department of State"


async def test_add_an_unregistered_person_to_the_registry(client):
    body = text(client, NEW_MAYOR)
    registry = text(client, REGISTRY)
    uri = open_doc(client, client.corpus / NEW_MAYOR)
    actions = await actions_at(client, uri, body, "Tomas Ekdahl")
    [add] = [a for a in actions if a.title == "Add `Tomas Ekdahl` to entities.toml"]
    assert add.kind in (types.CodeActionKind.Refactor, types.CodeActionKind.QuickFix)
    if client.profile == VSCODE:
        assert add.edit.document_changes, "VS Code takes versioned document changes"
    added = apply_edits(registry, edits_for(add.edit, uri_of(client.corpus / REGISTRY)), client.encoding)
    assert added.startswith(registry), "nothing the person wrote is touched"
    block = added[len(registry):]
    assert '[[person]]\nid = "tomas-ekdahl"\nname = "Tomas Ekdahl"\n' in block
    assert 'title = "Mayor"' in block


async def test_a_variant_is_replaced_or_made_an_alias(client):
    body = text(client, VARIANT)
    registry = text(client, REGISTRY)
    uri = open_doc(client, client.corpus / VARIANT)
    diagnostics = await diagnostics_for(client, uri, version=1)
    variant = [d for d in diagnostics if d.code == "entity-variant"]
    assert [text_of_range(body, d.range, client.encoding) for d in variant] == ["Kim Jong-un"]
    actions = await actions_at(client, uri, body, "Kim Jong-un", variant)
    titles = [a.title for a in actions]
    assert "Replace with `Kim Jong Un`" in titles and "Add `Kim Jong-un` as an alias of Kim Jong Un" in titles
    replace = actions[titles.index("Replace with `Kim Jong Un`")]
    assert replace.is_preferred and replace.kind == types.CodeActionKind.QuickFix
    assert [d.code for d in replace.diagnostics] == ["entity-variant"]
    fixed = apply_edits(body, edits_for(replace.edit, uri), client.encoding)
    assert "North Korean leader Kim Jong Un toured" in fixed
    alias = actions[titles.index("Add `Kim Jong-un` as an alias of Kim Jong Un")]
    aliased = apply_edits(registry, edits_for(alias.edit, uri_of(client.corpus / REGISTRY)), client.encoding)
    entry = aliased[aliased.index('id = "kim-jong-un"') :]
    assert re.match(r'id = "kim-jong-un"\nname = "Kim Jong Un"\naliases = \["Kim", "Kim Jong-un"\]', entry), entry[:120]


async def test_a_missing_registry_is_created_by_the_action(client):
    path = client.corpus / REGISTRY
    path.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri_of(path), type=types.FileChangeType.Deleted)])
    )

    async def no_registry():
        return await client.protocol.send_request_async("byline/registryLocations", {}) == []

    for _ in range(200):
        if await no_registry():
            break
        await asyncio.sleep(0.02)
    assert await no_registry()
    body = text(client, NEW_MAYOR)
    uri = open_doc(client, client.corpus / NEW_MAYOR)
    actions = await actions_at(client, uri, body, "Tomas Ekdahl")
    [add] = [a for a in actions if a.title.startswith("Add `Tomas Ekdahl`")]
    ops = add.edit.document_changes
    assert isinstance(ops[0], types.CreateFile) and ops[0].uri == uri_of(path)
    created = apply_edits("", edits_for(add.edit, uri_of(path)), client.encoding)
    assert created.startswith('[[person]]\nid = "tomas-ekdahl"\n')


async def test_editing_the_registry_relinks_an_open_article(client):
    body = text(client, NEW_MAYOR)
    uri = open_doc(client, client.corpus / NEW_MAYOR)
    await diagnostics_for(client, uri, version=1)
    before = await hover_text(client, uri, body, "Ekdahl told")
    assert "`tomas-ekdahl`" not in before
    registry = text(client, REGISTRY)
    reg_uri = open_doc(client, client.corpus / REGISTRY)
    # Type an entry at the end of the open registry.
    end = types.Position(line=registry.count("\n"), character=0)
    entry = '\n[[person]]\nid = "tomas-ekdahl"\nname = "Tomas Ekdahl"\naliases = ["Ekdahl"]\n'
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=reg_uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text=entry)],
        )
    )

    async def linked():
        card = await hover_text(client, uri, body, "Ekdahl told")
        return card if card and "`tomas-ekdahl`" in card else None

    card = None
    for _ in range(250):
        card = await linked()
        if card:
            break
        await asyncio.sleep(0.02)
    assert card and card.startswith("**Tomas Ekdahl** · person · `tomas-ekdahl`")
    # Definition now lands on the entry just typed, in the unsaved buffer.
    [location] = await definition(client, uri, body, "Ekdahl told")
    assert location.uri == reg_uri
    assert location.range.start.line == registry.count("\n") + 3
    # And the corpus index follows: the lens of the new entry counts both mentions.
    async def counted():
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(reg_uri)))
        return [l.command.title for l in lenses if l.range.start.line == registry.count("\n") + 1]

    for _ in range(250):
        titles = await counted()
        if titles and titles[0].startswith("2 mentions · 1 article"):
            break
        await asyncio.sleep(0.02)
    # The quote and the reported statement (`said on Friday that ...`).
    assert titles == ["2 mentions · 1 article · 2 quotes"]


async def test_registry_locations_name_the_files(client):
    locations = await client.protocol.send_request_async("byline/registryLocations", {})
    assert [l["uri"] for l in locations] == [uri_of(client.corpus / REGISTRY)]
    assert locations[0]["range"]["start"]["line"] == 0


async def test_strict_registry_flags_a_newcomer_until_the_fix_is_applied(client):
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"byline": {"rules": {"unregistered-entity": "warning"}}})
    )
    body = text(client, NEW_MAYOR)
    uri = open_doc(client, client.corpus / NEW_MAYOR)

    def flagged():
        for p in reversed(client.published):
            if p.uri == uri:
                found = [d for d in p.diagnostics if d.code == "unregistered-entity"]
                return found or None
        return None

    [diagnostic] = await wait_until(flagged, 20, "unregistered-entity on the newcomer")
    assert text_of_range(body, diagnostic.range, client.encoding) == "Tomas Ekdahl"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    actions = await actions_at(client, uri, body, "Tomas Ekdahl", [diagnostic])
    [add] = [a for a in actions if a.title == "Add `Tomas Ekdahl` to entities.toml"]
    assert add.kind == types.CodeActionKind.QuickFix and add.diagnostics[0].code == "unregistered-entity"
    # The client applies the edit to the open registry; the article is then clean.
    registry = text(client, REGISTRY)
    reg_uri = open_doc(client, client.corpus / REGISTRY)
    edits = edits_for(add.edit, reg_uri)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=reg_uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in reversed(edits)
            ],
        )
    )
    client.published.clear()

    def clean():
        for p in reversed(client.published):
            if p.uri == uri:
                return not any(d.code == "unregistered-entity" for d in p.diagnostics)
        return False

    await wait_until(clean, 20, "the newcomer registered")
    registry_diagnostics = await diagnostics_for(client, reg_uri, version=2)
    assert {d.code for d in registry_diagnostics} == {"shared-alias"}, "the added entry is valid"
    assert apply_edits(registry, edits, client.encoding).count('name = "Tomas Ekdahl"') == 1
