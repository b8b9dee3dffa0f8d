"""Escaping names and notes for Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from campaignkit._text import printable
from campaignkit.report._charts import text_element
from campaignkit.report._markdown import SPECIAL, escape
from campaignkit.report._mermaid import mermaid_text
from campaignkit.report._render import environment


def unescape(text: str) -> str:
    """What a CommonMark reader shows for backslash-escaped ASCII punctuation."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


class TestEscape:
    def test_html_is_text(self) -> None:
        """A tag cannot reach a Markdown renderer as HTML."""
        assert escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"

    def test_table_cell(self) -> None:
        """A pipe cannot end a table cell."""
        assert escape("A | B") == r"A \| B"

    def test_line_breaks_fold(self) -> None:
        """A value never leaves its line: line breaks and tabs become one space."""
        assert escape("one\n\n two\tthree") == "one two three"

    def test_list_markers_at_line_start(self) -> None:
        """A value that starts a line cannot start a list; inside a line it is left alone."""
        assert escape("1. first") == r"1\. first"
        assert escape("- item") == r"\- item"
        assert escape("1. first", line_start=False) == "1. first"
        assert escape("1.5") == "1.5"

    def test_markup_passes(self) -> None:
        """Markdown already marked safe is written as it is; None is empty."""
        assert escape(Markup("**bold**")) == "**bold**"
        assert escape(None) == ""

    @given(st.text(max_size=60))
    def test_reads_back_as_the_value(self, text: str) -> None:
        """Unescaped, the output is the value with its whitespace runs folded to one space
        and its control characters shown as escapes (printable); at the start of a line,
        where Markdown shows none of them, without its leading spaces."""
        folded = re.sub(r"\s+", " ", text) if any(c in text for c in "\r\n\t") else text
        assert unescape(str(escape(text))) == printable(folded).lstrip(" ")
        assert unescape(str(escape(text, line_start=False))) == printable(folded)

    @pytest.mark.parametrize(
        ("note", "written"),
        [
            ("---", r"\---"),  # a rule (<hr>)
            ("===", r"\==="),  # under a line of text: that line a heading
            ("-- -", r"\-- -"),
            ("    =cmd", "=cmd"),  # indented four spaces: a code block
            ("  - item", r"\- item"),
            ("-5", "-5"),  # a figure stays as it is
        ],
    )
    def test_a_value_starting_a_line_is_no_block(self, note: str, written: str) -> None:
        """Regression: a note ``---`` came out of a report as a horizontal rule, and a note
        indented by four spaces as a code block."""
        assert escape(note) == written

    def test_control_characters_are_shown_not_sent(self) -> None:
        """Regression: a ledger note with ESC reached a Markdown or HTML report raw, and a
        terminal printing the file obeyed it; both show it as its escape."""
        assert "\x1b" not in str(escape("a\x1b[2Jb"))
        assert unescape(str(escape("a\x1b[2Jb"))) == "a\\x1b[2Jb"
        page = environment("html").from_string("<p>{{ v }}</p>").render(v="a\x1b[2J\u202eb")
        assert page == "<p>a\\x1b[2J\\u202eb</p>"

    def test_pictures_show_control_characters_too(self) -> None:
        """Regression: SVG charts and Mermaid diagrams are made in Python, not by the
        templates, and wrote a bidirectional override of a name raw (the model takes it);
        they show it as its escape, as the text around them does."""
        svg = text_element(0, 0, "Forum\u202eevil", css="label")
        assert "\u202e" not in svg
        assert ">Forum\\u202eevil</text>" in svg
        assert mermaid_text("Forum\u202eevil") == "Forum\\u202eevil"

    @given(st.text(alphabet=st.sampled_from([*sorted(SPECIAL), "a", " "]), max_size=30))
    def test_no_bare_special_character(self, text: str) -> None:
        """Every special character in the output is preceded by a backslash."""
        out = str(escape(text))
        i = 0
        while i < len(out):
            if out[i] == "\\":
                i += 2
                continue
            assert out[i] not in SPECIAL
            i += 1
