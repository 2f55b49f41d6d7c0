"""Shared set-up for the end-to-end tests: the real `byline lsp` binary over
stdio, a copy of the fixture corpus per test, and a test client that records
what the server sends (diagnostics with their versions, `byline/status`,
registrations, refresh requests)."""

from __future__ import annotations

import asyncio
import os
import pathlib
import shutil
import sys
import time
from typing import Any, Callable

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.protocol import default_converter

ROOT = pathlib.Path(__file__).resolve().parents[2]
BYLINE = os.environ.get("BYLINE_BIN", str(ROOT / "target" / "debug" / "byline"))
FIXTURES = ROOT / "fixtures" / "corpus"

# The two editor profiles the plugins target.
VSCODE = "visual-studio-code"  # UTF-16, no multi-line or overlapping tokens
NEOVIM = "neovim@v0.11.0"  # UTF-8 offered, overlapping tokens


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published: list[types.PublishDiagnosticsParams] = []  # type: ignore[misc]
    client.statuses: list[dict] = []  # type: ignore[misc]
    client.registrations: list[types.Registration] = []  # type: ignore[misc]
    client.refreshes: list[str] = []  # type: ignore[misc]

    def publish(client_: LanguageClient, params: types.PublishDiagnosticsParams):
        client_.diagnostics[params.uri] = params.diagnostics
        client_.published.append(params)

    client.partial_results: dict[Any, list] = {}  # type: ignore[misc]
    default_progress = DEFAULT_CLIENT_FEATURES[types.PROGRESS]

    def progress(client_: LanguageClient, params: types.ProgressParams):
        # A partial result (a batch of locations) rather than work-done progress.
        if isinstance(params.value, list):
            client_.partial_results.setdefault(params.token, []).append(params.value)
            return
        return default_progress(client_, params)

    features: dict[str, Any] = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.PROGRESS] = progress
    register_lsp_features(client, features)

    @client.feature("byline/status")
    def status(params):
        client.statuses.append({"state": params.state, "done": params.done, "total": params.total})

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)
        return None

    @client.feature(types.WORKSPACE_SEMANTIC_TOKENS_REFRESH)
    def tokens_refresh(params):
        client.refreshes.append("semanticTokens")
        return None

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def hints_refresh(params):
        client.refreshes.append("inlayHint")
        return None

    return client


def server_config(env: dict[str, str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=[BYLINE, "lsp"],
        client_factory=make_client,
        server_env={**os.environ, "RUST_BACKTRACE": "0", **(env or {})},
    )


@pytest.fixture
def corpus(tmp_path: pathlib.Path) -> pathlib.Path:
    """A private copy of the fixture corpus, so tests may add, edit and
    delete files."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    return root


def article_count(root: pathlib.Path) -> int:
    """What the fixture byline.toml counts as articles: .txt and .md files."""
    return sum(1 for p in root.rglob("*") if p.suffix in (".txt", ".md"))


def uri_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


async def initialize(client: LanguageClient, profile: str, root: pathlib.Path, options: dict | None = None):
    params = types.InitializeParams(
        capabilities=client_capabilities(profile),
        workspace_folders=[types.WorkspaceFolder(uri=uri_of(root), name=root.name)],
        root_uri=uri_of(root),
        initialization_options=options,
    )
    return await client.initialize_session(params)


async def wait_until(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def wait_ready(client: LanguageClient, timeout: float = 30.0):
    """Until the server says indexing is done."""
    await wait_until(
        lambda: client.statuses and client.statuses[-1]["state"] == "ready", timeout, "byline/status ready"
    )


def open_doc(client: LanguageClient, path: pathlib.Path, version: int = 1, text: str | None = None) -> str:
    uri = uri_of(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="plaintext",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


async def diagnostics_for(client: LanguageClient, uri: str, version: int | None = None, timeout: float = 20.0):
    def latest():
        for p in reversed(client.published):
            if p.uri == uri and (version is None or p.version == version):
                return p
        return None

    return (await wait_until(latest, timeout, f"diagnostics for {uri} v{version}")).diagnostics


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def column_units(line: str, chars: int, encoding: str) -> int:
    prefix = line[:chars]
    return len(prefix.encode("utf-8")) if encoding == "utf-8" else utf16_len(prefix)


def position_of(text: str, needle: str, encoding: str, nth: int = 0, delta: int = 0) -> types.Position:
    """The LSP position of the nth occurrence of needle (plus delta chars)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += delta
    before = text[:index]
    line = before.count("\n")
    line_start = before.rfind("\n") + 1
    return types.Position(line=line, character=column_units(text[line_start:], index - line_start, encoding))


def text_of_range(text: str, rng: types.Range, encoding: str) -> str:
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        start = sum(len(l) + 1 for l in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return start + i
            units += len(ch.encode("utf-8")) if encoding == "utf-8" else utf16_len(ch)
        return start + len(line)

    return text[offset(rng.start) : offset(rng.end)]


def decode_tokens(text: str, data: list[int], legend: types.SemanticTokensLegend, encoding: str):
    """Semantic tokens back to (text, type, modifiers) triples."""
    out = []
    line = col = 0
    for i in range(0, len(data), 5):
        d_line, d_start, length, typ, mods = data[i : i + 5]
        if d_line:
            line += d_line
            col = d_start
        else:
            col += d_start
        rng = types.Range(
            start=types.Position(line=line, character=col), end=types.Position(line=line, character=col + length)
        )
        names = [m for bit, m in enumerate(legend.token_modifiers) if mods & (1 << bit)]
        out.append((text_of_range(text, rng, encoding), legend.token_types[typ], names))
    return out


def encoding_of(result: types.InitializeResult) -> str:
    return str(result.capabilities.position_encoding.value if hasattr(result.capabilities.position_encoding, "value") else result.capabilities.position_encoding)
