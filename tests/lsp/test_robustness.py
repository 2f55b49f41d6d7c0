"""The traps of lsp-rules.md, locked in: ordered edits, no wedging, panics
contained, exit with stdin open, and sensible answers to odd requests."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time

import pytest
import pytest_lsp
from lsprotocol import types

from conftest import (
    BYLINE,
    VSCODE,
    decode_tokens,
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


@pytest_lsp.fixture(config=server_config({"BYLINE_TEST_PANIC": "1"}))
async def client(lsp_client: pytest_lsp.LanguageClient, corpus):
    lsp_client.corpus = corpus
    yield
    await lsp_client.shutdown_session()


async def start(client):
    result = await initialize(client, VSCODE, client.corpus)
    await wait_ready(client)
    return result


def change(client, uri, version, start, end, text):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=text)],
        )
    )


async def tokens_text(client, uri, body):
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    legend = client.init.capabilities.semantic_tokens_provider.legend
    return decode_tokens(body, result.data, legend, "utf-16")


async def test_200_rapid_changes_end_in_the_right_text(client):
    client.init = await start(client)
    path = client.corpus / "rapid.txt"
    head = "Posted January 31st, 2012\n\n"
    path.write_text(head)
    uri = open_doc(client, path)
    # Typed one character at a time, each edit at the end of the previous one:
    # any edit applied out of order lands past the end and garbles the text.
    said = ["Talks will résumé 👍 soon,", "Nothing is decided 漢 yet,", "We meet again in May,"]
    typed = "".join(f'"{q}" Kurt Campbell said on Tuesday.\n\n' for q in said)
    typed += "x" * (200 - len(typed))
    assert len(typed) == 200
    line, col = 2, 0
    for i, ch in enumerate(typed):
        pos = types.Position(line=line, character=col)
        change(client, uri, i + 2, pos, pos, ch)
        if ch == "\n":
            line, col = line + 1, 0
        else:
            col += len(ch.encode("utf-16-le")) // 2
    final = head + typed
    diagnostics = await diagnostics_for(client, uri, version=201)
    quotes = [d for d in diagnostics if d.code == "mark" and d.message.startswith("Quote by Kurt Campbell")]
    assert [text_of_range(final, d.range, "utf-16") for d in quotes] == [f'"{q}"' for q in said]
    tokens = await tokens_text(client, uri, final)
    assert [t[0] for t in tokens if t[1] == "speaker"] == ["Kurt Campbell"] * 3
    assert ("Tuesday", "date", []) in tokens


async def test_slow_requests_and_a_burst_of_edits_do_not_wedge(client):
    client.init = await start(client)
    big = client.corpus / "big.txt"
    paragraph = '"We are ready to talk about item {}," Kurt Campbell said in Seoul on Tuesday.\n\n'
    big.write_text("Posted January 31st, 2012\n\n" + "".join(paragraph.format(i) for i in range(40000)))
    big_uri = open_doc(client, big)
    small = client.corpus / "small.txt"
    small.write_text("Posted January 31st, 2012\n\nx\n")
    small_uri = open_doc(client, small)
    slow = [
        asyncio.ensure_future(
            client.text_document_semantic_tokens_full_async(
                types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=big_uri))
            )
        )
        for _ in range(4)
    ]
    for i in range(100):
        pos = types.Position(line=2, character=1 + i)
        change(client, small_uri, i + 2, pos, pos, "y")
    started = time.monotonic()
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=small_uri), position=types.Position(line=0, character=0))
        ),
        timeout=30,
    )
    assert hover is None or hover.contents
    results = await asyncio.wait_for(asyncio.gather(*slow), timeout=60)
    assert all(len(r.data) > 0 for r in results)
    await diagnostics_for(client, small_uri, version=101, timeout=30)
    assert time.monotonic() - started < 60


async def test_a_panicking_handler_leaves_the_server_answering(client):
    client.init = await start(client)
    with pytest.raises(Exception) as failure:
        await client.protocol.send_request_async("byline/debugPanic", {})
    assert "panic requested" in str(failure.value)
    stats = await client.protocol.send_request_async("byline/corpusStatistics", {})
    assert stats.articles == 3
    body = (client.corpus / VOA).read_text()
    uri = open_doc(client, client.corpus / VOA)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(body, "Kurt Campbell", "utf-16"))
    )
    assert "Kurt Campbell" in hover.contents.value


async def test_odd_requests_get_sensible_answers(client):
    client.init = await start(client)
    unknown = uri_of(client.corpus / "never-opened.txt")
    doc = types.TextDocumentIdentifier(uri=unknown)
    assert await client.text_document_hover_async(types.HoverParams(text_document=doc, position=types.Position(line=0, character=0))) is None
    assert await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc)) is None
    # Positions past the end of a line and of the file.
    body = (client.corpus / VOA).read_text()
    uri = open_doc(client, client.corpus / VOA)
    doc = types.TextDocumentIdentifier(uri=uri)
    for pos in [types.Position(line=0, character=10_000), types.Position(line=10_000, character=3)]:
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
        await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=pos))
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc,
            range=types.Range(start=types.Position(line=500, character=0), end=types.Position(line=900, character=0)),
        )
    )
    assert list(hints) == []
    # An edit past the end of the file is clamped to its end.
    far = types.Position(line=9_999, character=0)
    change(client, uri, 2, far, far, '\n"Appended at the end," Kurt Campbell said.')
    diagnostics = await diagnostics_for(client, uri, version=2)
    assert sum(1 for d in diagnostics if d.message.startswith("Quote by Kurt Campbell")) == 3


async def test_deleted_non_utf8_and_huge_files(client):
    corpus = client.corpus
    (corpus / "latin1.txt").write_bytes("Caf\xe9 talks resume on Monday.".encode("latin-1"))
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    client.init = await start(client)
    stats = await client.protocol.send_request_async("byline/corpusStatistics", {})
    assert stats.articles == 3, "unreadable files are skipped, not fatal"

    # A file deleted while open: the buffer stays the truth until closed.
    path = corpus / VOA
    body = path.read_text()
    uri = open_doc(client, path)
    await diagnostics_for(client, uri, version=1)
    path.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)])
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(body, "late Tuesday", "utf-16"))
    )
    assert "2012-01-31" in hover.contents.value
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))

    async def articles():
        return (await client.protocol.send_request_async("byline/corpusStatistics", {})).articles

    deadline = time.monotonic() + 10
    while await articles() != 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert await articles() == 2

    # A 20 MB article: opened, highlighted in a range, hovered, diagnosed.
    huge = corpus / "huge.txt"
    paragraph = '"The port will reopen soon, by berth {}," Mayor Lena Berg said on Tuesday in Oslo.\n\n'
    text = "Posted January 31st, 2012\n\n" + "".join(paragraph.format(i) for i in range(20_000_000 // len(paragraph)))
    assert len(text) > 19_000_000
    huge.write_text(text)
    huge_uri = open_doc(client, huge, text=text)
    doc = types.TextDocumentIdentifier(uri=huge_uri)
    ranged = await asyncio.wait_for(
        client.text_document_semantic_tokens_range_async(
            types.SemanticTokensRangeParams(
                text_document=doc, range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=10, character=0))
            )
        ),
        timeout=60,
    )
    assert 0 < len(ranged.data) < 200
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=position_of(text, "Tuesday", "utf-16", nth=1000))
    )
    assert "2012-01-31" in hover.contents.value
    await diagnostics_for(client, huge_uri, version=1, timeout=60)


def test_exit_with_stdin_open_ends_the_process(tmp_path):
    def message(payload):
        body = json.dumps(payload).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    for with_shutdown, expected in [(True, 0), (False, 1)]:
        proc = subprocess.Popen([BYLINE, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        def answer(request_id):
            # As clients do, wait for the answer before the next step.
            seen = b""
            while b'"id":%d}' % request_id not in seen:
                chunk = proc.stdout.read1(65536)
                assert chunk, "server closed stdout before answering"
                seen += chunk
            return seen

        proc.stdin.write(message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}}))
        proc.stdin.flush()
        answer(1)
        proc.stdin.write(message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        if with_shutdown:
            proc.stdin.write(message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
            proc.stdin.flush()
            assert b'"result":null' in answer(2)
        proc.stdin.write(message({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.flush()
        # stdin stays open: the server must end on `exit` alone.
        try:
            assert proc.wait(timeout=10) == expected
        finally:
            proc.kill()
            proc.stdin.close()
