"""Every Python code block of the documentation runs, and every data block parses.

Each ```` ```python ```` block of ``docs/**/*.md`` is one test, named ``page.md:LINE``. The
blocks of a page share one namespace and run in the order they appear, as a reader would type
them; selecting one block (``-k tutorial.md:120``) runs the blocks before it first. A block
whose first line starts with ``>>>`` (and any ```` ```pycon ```` block) is a doctest, checked
against its output with ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``; any other is run as a
script.

Pages run in a fresh directory of their own, holding a link to the repository's
``examples/``: the docs name files as a reader in a checkout would
(``examples/changsheng/campaign.yaml``) and may write files freely. A block that must not run
is marked by an HTML comment ``<!-- skip-next -->`` on the line before its fence; shell
commands and program output use ``sh``, ``console`` or no language and are not run.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import hypothesis
import pytest
import yaml

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
SKIP_MARK = "<!-- skip-next -->"
PYTHON = {"python", "py", "python3", "pycon"}
DATA = {"yaml", "json", "toml"}
# Every fence says what it holds. Blocks without a language are program output.
KNOWN = PYTHON | DATA | {"", "sh", "console", "text", "ini"}
OPEN_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int  # 1-based line of the first line of code
    language: str
    code: str
    skip: bool

    @property
    def name(self) -> str:
        """``page.md:LINE``, the test id."""
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"

    @property
    def is_doctest(self) -> bool:
        """Whether the block is an interactive session rather than a script."""
        return self.language == "pycon" or self.code.lstrip().startswith(">>>")


def blocks_of(page: Path) -> list[Block]:
    """The fenced blocks of *page*, in order (nested fences stay inside their parent)."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = OPEN_FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        language = info.split()[0] if info else ""
        previous = next((line.strip() for line in reversed(lines[:i]) if line.strip()), "")
        body: list[str] = []
        i += 1
        while i < len(lines):
            closing = lines[i].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                break
            body.append(lines[i])
            i += 1
        start = i - len(body) + 1  # 1-based line of the first body line
        code = "\n".join(body) + "\n"
        found.append(Block(page, start, language, code, previous == SKIP_MARK))
        i += 1
    return found


def pages() -> list[Path]:
    """The Markdown pages of the documentation, excluding the build output, and the README."""
    return [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)]


def python_blocks() -> Iterator[Block]:
    """Every Python block of every page."""
    for page in pages():
        for block in blocks_of(page):
            if block.language in PYTHON:
                yield block


class PageSession:
    """The namespace and working directory one page's blocks share."""

    def __init__(self, page: Path, workdir: Path) -> None:
        self.page = page
        self.workdir = workdir
        self.namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
        self.done = 0  # how many of the page's Python blocks have run
        self.failed: str | None = None

    def run_through(self, block: Block) -> None:
        """Run the page's Python blocks up to and including *block*.

        A doctest whose output differs from the page still ran its statements: the blocks
        after it go on, and only its own test fails. An exception stops the page.
        """
        ordered = [b for b in blocks_of(self.page) if b.language in PYTHON]
        index = ordered.index(block)
        while self.done <= index:
            if self.failed is not None:
                pytest.fail(f"an earlier block of the page failed: {self.failed}", pytrace=False)
            current = ordered[self.done]
            self.done += 1
            if current.skip:
                continue
            try:
                mismatch = run_block(current, self.namespace)
            except BaseException:
                self.failed = current.name
                raise
            if current == block and mismatch is not None:
                pytest.fail(mismatch, pytrace=False)
        if block.skip:
            pytest.skip(f"marked {SKIP_MARK} in the page")


def run_block(block: Block, namespace: dict[str, Any]) -> str | None:
    """Run one block in *namespace*, as a doctest or as a script.

    Returns the doctest report when the output differs from the page's; raises what a script
    raises.
    """
    if block.is_doctest:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(
            block.code, namespace, block.name, str(block.page), block.line - 1
        )
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        runner = doctest.DocTestRunner(optionflags=flags)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)
        return "".join(report) if runner.failures else None
    # Pad with blank lines so that a traceback names the line in the Markdown page.
    source = "\n" * (block.line - 1) + block.code
    exec(compile(source, str(block.page), "exec"), namespace)
    return None


def workdir_for(page: Path, base: Path) -> Path:
    """A fresh directory for *page*, with the repository's ``examples/`` reachable inside."""
    workdir = base / page.relative_to(ROOT).with_suffix("").as_posix().replace("/", "-")
    workdir.mkdir()
    try:
        (workdir / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    except OSError:  # no symbolic links here (Windows without the privilege): copy instead
        shutil.copytree(ROOT / "examples", workdir / "examples")
    return workdir


class Sessions(dict[Path, PageSession]):
    """Page sessions, each made the first time one of the page's blocks runs."""

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, page: Path) -> PageSession:
        self[page] = PageSession(page, workdir_for(page, self.base))
        return self[page]


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Sessions:
    """One session per page, shared by the tests of that page's blocks."""
    return Sessions(tmp_path_factory.mktemp("docs"))


@pytest.mark.parametrize("block", list(python_blocks()), ids=lambda b: b.name)
def test_python_block_runs(
    block: Block, sessions: dict[Path, PageSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The block runs without error (a doctest gives the output shown) after the ones before it."""
    session = sessions[block.page]
    monkeypatch.chdir(session.workdir)
    # A page may load a Hypothesis profile, as a conftest.py would: it must not change the
    # settings of the tests that run after it.
    saved = hypothesis.settings.default
    try:
        session.run_through(block)
    finally:
        if hypothesis.settings.default is not saved:
            hypothesis.settings.register_profile("campaignkit-docs-restore", parent=saved)
            hypothesis.settings.load_profile("campaignkit-docs-restore")


@pytest.mark.parametrize(
    "block",
    [b for p in pages() for b in blocks_of(p) if b.language in DATA],
    ids=lambda b: b.name,
)
def test_data_block_parses(block: Block) -> None:
    """A YAML, JSON or TOML block is well-formed, so a reader can copy it."""
    if block.language == "yaml":
        yaml.safe_load(block.code)
    elif block.language == "json":
        json.loads(block.code)
    else:
        tomllib.loads(block.code)


def test_every_fence_names_a_known_language() -> None:
    """No block hides Python under another name, and directives are MyST's ``{name}``."""
    unknown = [
        f"{b.name} ({b.language})"
        for p in pages()
        for b in blocks_of(p)
        if b.language not in KNOWN and not b.language.startswith("{")
    ]
    assert unknown == []


def test_skipped_blocks_are_rare() -> None:
    """At most a couple of Python blocks are marked not to run, each deliberately."""
    skipped = [b.name for b in python_blocks() if b.skip]
    assert len(skipped) <= 2, skipped


def test_the_blocks_are_found() -> None:
    """The scan sees the README's and the tutorial's blocks and the scheduling doctests."""
    names = [b.name for b in python_blocks()]
    assert any(n.startswith("README.md:") for n in names)
    assert any(n.startswith("docs/tutorial.md:") for n in names)
    assert any(b.is_doctest for b in python_blocks() if b.page.name == "scheduling.md")


def test_block_scanner_handles_nesting(tmp_path: Path) -> None:
    """A fence inside a longer fence belongs to it; the skip mark applies to the next block."""
    page = DOCS / "scratch.md"
    text = "````md\n```python\nraise SystemExit\n```\n````\n\n<!-- skip-next -->\n```python\nx = 1\n```\n"
    found = blocks_of_text(text, page, tmp_path)
    assert [(b.language, b.skip, b.line) for b in found] == [("md", False, 2), ("python", True, 9)]


def blocks_of_text(text: str, page: Path, tmp_path: Path) -> list[Block]:
    """:func:`blocks_of` on *text*, as if it were the page *page*."""
    scratch = tmp_path / page.name
    scratch.write_text(text, encoding="utf-8")
    return [attrs.evolve(b, page=page) for b in blocks_of(scratch)]


def test_pages_run_in_their_own_directory(tmp_path: Path) -> None:
    """A page's directory reaches the examples and starts empty otherwise."""
    workdir = workdir_for(DOCS / "howto" / "scratch.md", tmp_path)
    assert workdir.name == "docs-howto-scratch"
    assert (workdir / "examples" / "changsheng" / "campaign.yaml").is_file()
    assert os.listdir(workdir) == ["examples"]
