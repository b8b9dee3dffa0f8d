"""The project's own text holds no character that shows something other than what is there.

A raw bidirectional control in source reorders what a reviewer sees of its line (a test's
expected value, a condition); C0 and C1 controls other than tab and line ends hide or
drive a terminal. The project writes such characters as escapes (``"\\u202e"``), in code,
tests and documents alike.
"""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".json", ".csv", ".cfg", ".txt", ".j2"}
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _files() -> list[pathlib.Path]:
    folders = ("src", "tests", "docs", "examples", "benchmarks")
    found = [
        path
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in _SUFFIXES and "_build" not in path.parts
    ]
    return found + sorted(ROOT.glob("*.md"))


def test_the_project_has_text_to_check() -> None:
    names = {path.name for path in _files()}
    assert {"README.md", "CHANGELOG.md", "_files.py", "test_source_text.py"} <= names


def test_no_hidden_character() -> None:
    found = [
        f"{path.relative_to(ROOT)}, line {text.count(chr(10), 0, m.start()) + 1}: "
        f"U+{ord(m.group()):04X}"
        for path in _files()
        for text in [path.read_text(encoding="utf-8", errors="surrogateescape")]
        for m in _HIDDEN.finditer(text)
    ]
    assert not found, found


def test_a_terminal_is_shown_format_characters_as_escapes() -> None:
    """A zero-width space hides in a name on a terminal: it is shown as its escape, as a
    bidirectional control is; other text is left alone."""
    from campaignkit._text import printable

    assert printable("r\u200b5 \ufeff长生") == "r\\u200b5 \\ufeff长生"
    assert printable("a\u00adb", lines=True) == "a\\xadb"
