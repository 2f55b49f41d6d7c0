"""End-to-end: a registered person's surname alone links to the entry.

The corpus's registry lists Kurt Campbell without aliases and the article
says only `Campbell`: definition on `Campbell` lands on the entry in
`entities.toml` and hover shows it, under both editor profiles."""

from __future__ import annotations

import pathlib

import pytest_lsp
from lsprotocol import types

from conftest import NEOVIM, VSCODE, initialize, open_doc, position_of, server_config, text_of_range, uri_of, wait_ready

REGISTRY = """[[person]]
id = "kurt-campbell"
name = "Kurt Campbell"
description = "American diplomat"
"""

ARTICLE = "Talks end early\n\n\"We made progress on every point,\" Campbell said on Friday.\n"


@pytest_lsp.fixture(config=server_config(), params=[VSCODE, NEOVIM])
async def client(lsp_client: pytest_lsp.LanguageClient, request, tmp_path: pathlib.Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "entities.toml").write_text(REGISTRY, encoding="utf-8")
    (corpus / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    lsp_client.corpus = corpus
    result = await initialize(lsp_client, request.param, corpus)
    enc = result.capabilities.position_encoding
    lsp_client.encoding = "utf-8" if enc == types.PositionEncodingKind.Utf8 else "utf-16"
    await wait_ready(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def test_definition_and_hover_on_a_registered_surname(client):
    uri = open_doc(client, client.corpus / "talks.txt")
    pos = position_of(ARTICLE, "Campbell said", client.encoding, delta=2)
    doc = types.TextDocumentIdentifier(uri=uri)
    result = await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=pos))
    locations = result if isinstance(result, list) else [result]
    [location] = locations
    assert location.uri == uri_of(client.corpus / "entities.toml")
    assert text_of_range(REGISTRY, location.range, client.encoding) == "Kurt Campbell"
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
    assert hover is not None
    assert hover.contents.value.startswith("**Kurt Campbell** · person · `kurt-campbell`"), hover.contents.value
    assert "American diplomat" in hover.contents.value
