"""End-to-end: the editor and `byline check` report the same problems.

For every fixture corpus (the sample corpus, the annotated one, this suite's
annotation corpus and the Neovim suite's corpus), every file `byline check`
can report on (articles, `.ann` files, `annotation.conf`, registry files,
`byline.toml`) is opened in the real server, and the diagnostics it
publishes for each file must equal the findings of `byline check --format
json` for that file: same rule, severity, place and message. Annotation,
conf and registry problems included; the marks shown as diagnostics are
not findings and are left out."""

from __future__ import annotations

import asyncio
import json
import pathlib
import shutil
import subprocess
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from conftest import BYLINE, NEOVIM, ROOT, initialize, make_client, open_doc, uri_of, wait_ready

CORPORA = {
    "fixtures/corpus": [ROOT / "fixtures" / "corpus"],
    "fixtures/annotated": [ROOT / "fixtures" / "annotated"],
    "tests/lsp/corpus-annotations": [ROOT / "tests" / "lsp" / "corpus-annotations"],
    # What tests/nvim/run.sh builds: the sample corpus plus its extra articles.
    "tests/nvim": [ROOT / "fixtures" / "corpus", ROOT / "tests" / "nvim" / "corpus-extra"],
}

# The files `byline check` reports on besides articles.
CORPUS_FILES = {"annotation.conf", "entities.toml", "byline.toml"}
SEVERITIES = {"error": 1, "warning": 2, "info": 3, "hint": 4}


def checked_files(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and (p.suffix in (".txt", ".md", ".ann") or p.name in CORPUS_FILES) and p.name != "README.md"
    )


def lsp_lines(text: str) -> list[int]:
    """Character offset of each line start, as LSP breaks lines (\\n, \\r\\n, \\r)."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            starts.append(i + 2)
            i += 2
            continue
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def from_lsp(text: str, pos: types.Position) -> int:
    """A character offset from an LSP position in UTF-8 units."""
    starts = lsp_lines(text)
    if pos.line >= len(starts):
        return len(text)
    offset, units = starts[pos.line], 0
    while offset < len(text) and units < pos.character and text[offset] not in "\r\n":
        units += len(text[offset].encode("utf-8"))
        offset += 1
    return offset


def from_check(text: str, line: int, column: int) -> int:
    """A character offset from `byline check`'s 1-based line (\\n only) and
    column (in characters)."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return min(starts[line - 1] + column - 1, len(text)) if line - 1 < len(starts) else len(text)


def read(path: pathlib.Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def check_findings(root: pathlib.Path) -> dict[str, list[tuple]]:
    run = subprocess.run(
        [BYLINE, "check", "--format", "json", "."], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert run.returncode in (0, 1), run.stderr
    found: dict[str, list[tuple]] = {}
    for p in json.loads(run.stdout)["problems"]:
        path = (root / p["path"]).resolve()
        text = read(path) if path.is_file() else ""
        start = from_check(text, p["line"], p["column"])
        end = from_check(text, p["end_line"], p["end_column"])
        found.setdefault(uri_of(path), []).append((p["code"], SEVERITIES[p["severity"]], start, end, p["message"]))
    return {uri: sorted(items) for uri, items in found.items()}


def published(client, files: list[pathlib.Path]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for path in files:
        uri = uri_of(path)
        text = read(path)
        items = [
            (d.code, int(d.severity), from_lsp(text, d.range.start), from_lsp(text, d.range.end), d.message)
            for d in client.diagnostics.get(uri, [])
            if d.code != "mark"
        ]
        if items:
            found[uri] = sorted(items)
    return found


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BYLINE, "lsp"], client_factory=make_client),
    params=list(CORPORA),
)
async def client(lsp_client: pytest_lsp.LanguageClient, request, tmp_path):
    root = tmp_path / "corpus"
    sources = CORPORA[request.param]
    shutil.copytree(sources[0], root)
    for extra in sources[1:]:
        for path in extra.glob("*.txt"):
            shutil.copy(path, root / path.name)
    lsp_client.corpus = root
    lsp_client.corpus_name = request.param
    await initialize(lsp_client, NEOVIM, root)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_editor_publishes_what_byline_check_finds(client):
    root: pathlib.Path = client.corpus
    expected = check_findings(root)
    await wait_ready(client)
    files = checked_files(root)
    for path in files:
        open_doc(client, path)
    # Every open file gets its diagnostics; the corpus-wide label-conflict
    # pass republishes the annotated articles a moment later.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        opened = {p.uri for p in client.published if p.version == 1}
        if all(uri_of(path) in opened for path in files) and published(client, files) == expected:
            break
        await asyncio.sleep(0.1)
    assert published(client, files) == expected, client.corpus_name
    # Not vacuous: each corpus has problems of its own to agree on.
    assert expected, f"{client.corpus_name}: byline check found nothing"
