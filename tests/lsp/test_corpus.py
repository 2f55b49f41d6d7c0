"""The corpus side: settings, byline.toml, files changing outside the editor."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types

import asyncio

from conftest import (
    VSCODE,
    article_count,
    decode_tokens,
    diagnostics_for,
    initialize,
    open_doc,
    position_of,
    server_config,
    uri_of,
    wait_ready,
    wait_until,
)

VOA = "000_93d8eec447f298ec.txt"
YONHAP = "003_cc2c72248124e3e7.txt"


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: pytest_lsp.LanguageClient, corpus):
    lsp_client.corpus = corpus
    yield
    await lsp_client.shutdown_session()


async def start(client, options=None):
    await initialize(client, VSCODE, client.corpus, options)
    await wait_ready(client)


async def stats(client):
    return await client.protocol.send_request_async("byline/corpusStatistics", {})


def watched(client, *changes):
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(path), type=kind) for path, kind in changes]
        )
    )


async def test_initialization_options_turn_marks_off_and_raise_rules(client):
    await start(client, {"byline": {"marks": {"diagnostics": "off"}, "rules": {"boilerplate": "error"}}})
    uri = open_doc(client, client.corpus / VOA)
    diagnostics = await diagnostics_for(client, uri, version=1)
    assert not [d for d in diagnostics if d.code == "mark"]
    # The seed also spells `Lim Sung-Nam`, which the registry writes
    # `Lim Sung-nam`: a variant, at its default level.
    problems = [(d.code, d.severity) for d in diagnostics if d.code != "entity-variant"]
    assert problems == [("boilerplate", types.DiagnosticSeverity.Error)]
    assert {d.code for d in diagnostics} == {"boilerplate", "entity-variant"}

    # Client settings change: marks back at info level, boilerplate off.
    client.published.clear()
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"byline": {"marks": {"diagnostics": "info"}, "rules": {"boilerplate": "off"}}}
        )
    )
    diagnostics = await diagnostics_for(client, uri, version=1)
    marks = [d for d in diagnostics if d.code != "entity-variant"]
    assert marks and all(d.code == "mark" for d in marks)
    assert all(d.severity == types.DiagnosticSeverity.Information for d in marks)


async def test_byline_toml_change_takes_effect_without_restart(client):
    await start(client)
    uri = open_doc(client, client.corpus / YONHAP)
    before = await diagnostics_for(client, uri, version=1)
    assert {d.severity for d in before if d.code == "duplicate-paragraph"} == {types.DiagnosticSeverity.Information}
    config = client.corpus / "byline.toml"
    config.write_text('[rules]\nduplicate-paragraph = "error"\n\n[marks]\ndiagnostics = "off"\n')
    client.published.clear()
    watched(client, (config, types.FileChangeType.Created))

    def settled():
        latest = [p for p in client.published if p.uri == uri]
        return latest and not [d for d in latest[-1].diagnostics if d.code == "mark"] and latest[-1].diagnostics

    diagnostics = await wait_until(settled, 20, "diagnostics under the new byline.toml")
    assert {d.severity for d in diagnostics if d.code == "duplicate-paragraph"} == {types.DiagnosticSeverity.Error}
    await wait_ready(client)
    assert (await stats(client)).articles == article_count(client.corpus)


async def test_files_created_changed_and_deleted_outside_the_editor(client):
    await start(client)
    base = article_count(client.corpus)
    assert (await stats(client)).articles == base
    new = client.corpus / "950_new.txt"
    new.write_text('Posted March 2nd, 2012\n\n"Nothing is settled yet," Campbell said in Hanoi.\n')
    watched(client, (new, types.FileChangeType.Created))
    await wait_until(lambda: True, 0.01)
    s = await wait_until_stats(client, lambda s: s.articles == base + 1)
    quotes_before = s.quotes

    # Reference count of Kurt Campbell grows with the new article.
    body = (client.corpus / VOA).read_text()
    uri = open_doc(client, client.corpus / VOA)

    async def campbell_refs():
        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=position_of(body, "Kurt Campbell", "utf-16", delta=2),
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        return {l.uri for l in refs}

    assert uri_of(new) in await campbell_refs()

    new.write_text(
        'Posted March 2nd, 2012\n\n"Markets were calm all morning," a trader said.\n\n"Prices held steady," an analyst said.\n'
    )
    watched(client, (new, types.FileChangeType.Changed))
    await wait_until_stats(client, lambda s: s.quotes == quotes_before + 1)
    assert uri_of(new) not in await campbell_refs()

    # A rename arrives as delete + create.
    renamed = client.corpus / "951_renamed.txt"
    new.rename(renamed)
    watched(client, (new, types.FileChangeType.Deleted), (renamed, types.FileChangeType.Created))
    s = await wait_until_stats(client, lambda s: s.articles == base + 1 and s.quotes == quotes_before + 1)
    renamed.unlink()
    watched(client, (renamed, types.FileChangeType.Deleted))
    await wait_until_stats(client, lambda s: s.articles == base)


async def test_open_buffer_wins_over_disk(client):
    await start(client)
    baseline = (await stats(client)).quotes
    path = client.corpus / VOA
    original = path.read_text()
    uri = open_doc(client, path, text=original + '\n"A line only in the buffer," Campbell said.\n')
    await diagnostics_for(client, uri, version=1)
    s = await wait_until_stats(client, lambda s: s.quotes == baseline + 1)
    path.write_text("Emptied on disk.\n")
    watched(client, (path, types.FileChangeType.Changed))
    # Watcher events for open files are ignored: the buffer's quotes stay.
    await wait_until(lambda: True, 0.3)
    assert (await stats(client)).quotes == s.quotes
    # Closing the document hands the file back to the disk.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    # The file on disk now has no quotes at all, so the count falls below the
    # baseline, which counted the article's own direct and reported quotes.
    await wait_until_stats(client, lambda t: t.quotes < baseline)


async def wait_until_stats(client, predicate, timeout=20.0):
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = await stats(client)
        if predicate(s):
            return s
        await asyncio.sleep(0.05)
    raise AssertionError(f"statistics never matched; last {s}")


async def test_multi_root_workspace_links_across_folders(client, tmp_path):
    from pytest_lsp import client_capabilities as caps

    second = tmp_path / "second"
    second.mkdir()
    article = second / "hanoi.txt"
    article.write_text('Posted February 9th, 2012\n\n"Our talks in Hanoi were useful," Kurt Campbell said on Thursday.\n')
    await client.initialize_session(
        types.InitializeParams(
            capabilities=caps(VSCODE),
            workspace_folders=[
                types.WorkspaceFolder(uri=uri_of(client.corpus), name="fixtures"),
                types.WorkspaceFolder(uri=uri_of(second), name="second"),
            ],
        )
    )
    base = article_count(client.corpus)
    await wait_until_stats(client, lambda s: s.articles == base + 1 and not s.indexing)
    body = article.read_text()
    uri = open_doc(client, article)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(body, "Kurt Campbell", "utf-16", delta=1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert {uri, uri_of(client.corpus / VOA)} <= {l.uri for l in refs}
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[], removed=[types.WorkspaceFolder(uri=uri_of(second), name="second")]
            )
        )
    )
    await wait_until_stats(client, lambda s: s.articles == base)


async def test_requests_are_answered_while_indexing(client):
    import time

    # Enough self-generated articles that indexing takes a while.
    for n in range(3000):
        (client.corpus / f"gen_{n:04d}.txt").write_text(
            f'Posted March {1 + n % 28}, 2012\n\n"Item {n} is on the agenda," Mayor Lena Berg said on Tuesday in Oslo.\n\n'
            + f"Officials met for the {n}th time to discuss the harbour and the budget for next year.\n" * 10
        )
    await initialize(client, VSCODE, client.corpus)
    started = time.monotonic()
    first = await stats(client)
    assert time.monotonic() - started < 2.0
    assert first.indexing is True, "asked right after initialized: indexing has not finished"
    await wait_ready(client, timeout=120)
    assert (await stats(client)).articles == article_count(client.corpus)


async def reported_tokens(client, uri: str, body: str):
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    legend = client.init_result.capabilities.semantic_tokens_provider.legend
    return [t for t in decode_tokens(body, result.data, legend, client.encoding) if t[1] == "quote" and "reported" in t[2]]


async def test_marks_reported_false_in_byline_toml_and_the_settings_over_it(client):
    config = client.corpus / "byline.toml"
    text = config.read_text(encoding="utf-8")
    assert 'diagnostics = "hint"\n' in text
    config.write_text(text.replace('diagnostics = "hint"\n', 'diagnostics = "hint"\nreported = false\n'), encoding="utf-8")
    client.init_result = await initialize(client, VSCODE, client.corpus, None)
    client.encoding = "utf-16"
    await wait_ready(client)
    body = (client.corpus / VOA).read_text(encoding="utf-8")
    uri = open_doc(client, client.corpus / VOA)
    await diagnostics_for(client, uri, version=1)
    # byline.toml says no reported speech: the editor shows quotations only,
    # and the corpus counts them only.
    assert await reported_tokens(client, uri, body) == []
    without = (await stats(client)).quotes

    # The editor's setting overrides the file: reported speech comes back,
    # in the open article and in the re-indexed corpus.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"byline": {"marks": {"reported": True}}})
    )
    found = []

    async def settled():
        nonlocal found
        found = await reported_tokens(client, uri, body)
        return found

    deadline = 40
    while not await settled() and deadline:
        await asyncio.sleep(0.25)
        deadline -= 1
    assert any("hope for diplomatic solutions" in t[0] for t in found), found
    with_reported = without
    for _ in range(120):
        with_reported = (await stats(client)).quotes
        if with_reported > without:
            break
        await asyncio.sleep(0.25)
    assert with_reported > without, (with_reported, without)
