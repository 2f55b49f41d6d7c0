"""Differential test of the editor state (issue 14): a seeded random edit
session (multi-byte text, CRLF, LF and lone CR line ends, several changes
per notification, whole-document replacements, positions past a line's
end, past the document and outside `u32`) must leave the server with the
semantic tokens and diagnostics of a fresh server opened on the final text.

The client's text follows the protocol: a change applies to the result of
the one before; a position past its line's end means the line's end, a line
past the document its end; a number outside `u32` is clamped into it (what
the transport does). If the server ever applied a change differently, its
text, and so what it shows, would differ from a fresh server's.

Bounded: four seeds of 120 edits per editor profile, a few seconds each."""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import time

import pytest
from lsprotocol import types
from pygls.protocol.json_rpc import JsonRPCNotification

from conftest import FIXTURES, NEOVIM, VSCODE, initialize, server_config, uri_of, wait_ready, wait_until

SEEDS = [11, 23, 37, 41]
EDITS = 120
# What gets typed: words that make marks (quotes, speakers, dates, names),
# multi-byte text (accents, CJK, emoji: two UTF-16 units, four bytes) and
# every line end.
PIECES = [
    "a", " ", "é", "漢字", "👍", "🇰🇷", "\n", "\r\n", "\r", "\n\n", '"', "“", "”",
    ' "We will meet again," Kurt Campbell said on Tuesday. ',
    "The minister told reporters that talks would resume.",
    " Posted January 31st, 2012 ", "Jürgen Adler", "Seoul", "on Monday", "said", "Über",
]
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end of content) of each line, in code points."""
    out, start = [], 0
    for m in LINE_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def units(s: str, encoding: str) -> int:
    return len(s.encode("utf-8")) if encoding == "utf-8" else len(s.encode("utf-16-le")) // 2


def offset_of(text: str, line: int, character: int, encoding: str) -> int:
    """The protocol's reading of a position, clamped as the spec says."""
    line, character = max(0, min(line, 2**32 - 1)), max(0, min(character, 2**32 - 1))
    lines = lines_of(text)
    if line >= len(lines):
        return len(text)
    start, end = lines[line]
    count = 0
    for i in range(start, end):
        if count >= character:
            return i
        count += units(text[i], encoding)
    return end


def random_position(rng: random.Random, text: str, encoding: str) -> tuple[int, int]:
    lines = lines_of(text)
    roll = rng.random()
    if roll < 0.04:
        return rng.choice([(len(lines) + rng.randint(0, 3), 0), (0, 2**32), (rng.randrange(len(lines)), -1)])
    line = rng.randrange(len(lines))
    start, end = lines[line]
    if roll < 0.1:
        return line, units(text[start:end], encoding) + rng.randint(1, 40)  # past the line's end
    at = rng.randint(start, end)
    return line, units(text[start:at], encoding)


def random_change(rng: random.Random, text: str, encoding: str) -> tuple[dict, str]:
    """One content change (as JSON, positions possibly out of range) and the text after it."""
    if rng.random() < 0.03:
        new = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        return {"text": new}, new
    (l1, c1), (l2, c2) = random_position(rng, text, encoding), random_position(rng, text, encoding)
    a, b = offset_of(text, l1, c1, encoding), offset_of(text, l2, c2, encoding)
    if a > b:
        (l1, c1, a), (l2, c2, b) = (l2, c2, b), (l1, c1, a)
    if rng.random() < 0.6:  # mostly short spans, so the text neither empties nor explodes
        (l2, c2), b = (l1, c1), a
        if rng.random() < 0.5 and len(text) > 200:
            b = min(len(text), a + rng.randint(1, 12))
            l2, c2 = position_at(text, b, encoding)
            b = offset_of(text, l2, c2, encoding)
    inserted = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
    change = {"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": inserted}
    return change, text[:a] + inserted + text[b:]


def position_at(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """The position of a code-point offset; inside a line break, the end of its line."""
    lines = lines_of(text)
    for n, (start, end) in enumerate(lines):
        if offset <= end or n + 1 == len(lines) or offset < lines[n + 1][0]:
            at = max(start, min(offset, end))
            return n, units(text[start:at], encoding)
    raise AssertionError("unreachable")


async def start_server(profile: str, root):
    client = await server_config().start()
    result = await initialize(client, profile, root)
    enc = result.capabilities.position_encoding
    client.encoding = "utf-8" if enc == types.PositionEncodingKind.Utf8 else "utf-16"
    await wait_ready(client)
    return client


def shown(client, uri: str, version: int):
    """The last diagnostics published for this version, comparable."""
    for p in reversed(client.published):
        if p.uri == uri:
            if p.version not in (None, version):
                return None
            return sorted(
                (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, str(d.code), d.message)
                for d in p.diagnostics
            )
    return None


async def state_of(client, uri: str, version: int):
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return (tokens.data if tokens else None), shown(client, uri, version)


@pytest.mark.parametrize("profile", [VSCODE, NEOVIM])
@pytest.mark.parametrize("seed", SEEDS)
async def test_a_random_edit_session_ends_as_a_fresh_server_starts(profile, seed, tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    # The project's own fixture news: CRLF wire copy and plain LF.
    start_text = (FIXTURES / "108_crlf_wire.txt").read_text(encoding="utf-8", errors="replace")[:1500]
    start_text += (FIXTURES / "101_campbell_tokyo.md").read_text(encoding="utf-8")[:1500]
    path = root / "session.txt"
    path.write_bytes(start_text.encode("utf-8"))
    uri = uri_of(path)
    rng = random.Random(seed)
    began = time.monotonic()

    edited = await start_server(profile, root)
    try:
        encoding = edited.encoding
        edited.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=start_text)
            )
        )
        text, version = start_text, 1
        for _ in range(EDITS):
            changes = []
            for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 4)):
                change, text = random_change(rng, text, encoding)
                changes.append(change)
            version += 1
            # As raw JSON: the typed message would refuse the positions outside `u32`.
            edited.protocol._send_data(
                JsonRPCNotification(
                    method="textDocument/didChange",
                    params={"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
                    jsonrpc="2.0",
                )
            )
        fresh = await start_server(profile, root)
        try:
            fresh.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
                )
            )
            # Both settle (diagnostics published, the index updated after
            # its pause): poll until they agree, or show the difference.
            last = {}

            async def agree():
                last["edited"] = await state_of(edited, uri, version)
                last["fresh"] = await state_of(fresh, uri, 1)
                return last["fresh"][1] is not None and last["edited"] == last["fresh"]

            deadline = time.monotonic() + 20
            while not await agree():
                if time.monotonic() > deadline:
                    e, f = last["edited"], last["fresh"]
                    assert e[0] == f[0], f"seed {seed}: semantic tokens differ from a fresh server's"
                    assert e[1] == f[1], f"seed {seed}: diagnostics differ:\n{e[1]}\n!=\n{f[1]}"
                await asyncio.sleep(0.1)
        finally:
            await fresh.shutdown_session()
    finally:
        await edited.shutdown_session()
    assert time.monotonic() - began < 60, "the session took too long"
