"""Terminal tables aligned by display width."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit._text import display_width, pad, printable, truncate
from campaignkit.io import format_table


class TestDisplayWidth:
    @pytest.mark.parametrize(
        ("text", "width"),
        [
            ("", 0),
            ("weekly", 6),
            ("每周例会", 8),  # 4 wide characters × 2
            ("ＡＢ", 4),  # full-width Latin letters × 2
            ("e\u0301", 1),  # e + combining acute accent: one column
            ("a\u200bb", 2),  # zero-width space: no column
            ("“金点子”", 8),  # ambiguous quotes 1 + 1, three wide characters 6
            ("春节 2010", 9),  # 2 × 2 + space + 4 digits
        ],
    )
    def test_examples(self, text: str, width: int) -> None:
        """Wide and full-width characters take two columns, marks none, the rest one."""
        assert display_width(text) == width

    @given(st.text(max_size=30), st.text(max_size=30))
    def test_adds_up(self, a: str, b: str) -> None:
        """The width of two texts side by side is the sum of their widths."""
        assert display_width(a + b) == display_width(a) + display_width(b)


class TestPad:
    def test_left_and_right(self) -> None:
        """Padding counts display columns, not characters."""
        assert pad("例会", 6) == "例会  "
        assert pad("例会", 6, "r") == "  例会"

    def test_too_wide_is_kept(self) -> None:
        """Text wider than the width is returned unchanged."""
        assert pad("长生讲坛", 4) == "长生讲坛"


class TestTruncate:
    def test_fits(self) -> None:
        """Text that fits is returned as it is."""
        assert truncate("长生讲坛", 8) == "长生讲坛"

    def test_cut_with_ellipsis(self) -> None:
        """Cut text ends in an ellipsis and never passes the width."""
        # 7 columns: three wide characters (6) and the ellipsis (1).
        assert truncate("长生讲坛", 7) == "长生讲…"
        assert truncate("weekly-meeting", 6) == "weekl…"

    @given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
    def test_never_wider(self, text: str, width: int) -> None:
        """The result is at most *width* columns wide."""
        assert display_width(truncate(text, width)) <= width


class TestFormatTable:
    def test_chinese_columns_line_up(self) -> None:
        """The second column starts at the same display column on every line."""
        text = format_table(
            ["name", "n"], [["长生讲坛", 5], ["weekly", 18], ["“金点子”征集会", 4]], align="lr"
        )
        lines = text.splitlines()
        # The widest name is 14 columns (“ 1 + 金点子 6 + ” 1 + 征集会 6), then a gap of 2
        # and the right-aligned "n" column of 2: 18 columns on every line.
        assert lines[0] == "name" + " " * 13 + "n"
        assert lines[1] == "--------------  --"
        assert {display_width(line) for line in lines} == {18}

    def test_none_and_line_breaks(self) -> None:
        """None is an empty cell; line breaks and escapes in a cell are shown escaped."""
        text = format_table(["a", "b"], [[None, "x\ny"], ["\x1b[31m\x07", "z"]])
        # The escapes are text: column "a" is 12 wide ("\x1b[31m\x07"), then a gap of 2.
        assert text.splitlines()[2:] == [" " * 14 + "x\\ny", "\\x1b[31m\\x07  z"]

    def test_title_escaped(self) -> None:
        """Control characters in a column title are shown escaped too."""
        assert format_table(["\x1b]0;pwned\x07"], []).splitlines()[0] == "\\x1b]0;pwned\\x07"


BIDI_CONTROL_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
"""The bidirectional classes of the embeddings, overrides and isolates."""


class TestPrintable:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("\x1b[31m红\x07", "\\x1b[31m红\\x07"),
            ("\x9b2J", "\\x9b2J"),  # C1 CSI
            ("\x7f\x00", "\\x7f\\x00"),
            ("a\u2028b", "a\\u2028b"),
            ("\udc80", "\\udc80"),  # a lone surrogate, which no encoding writes
            ("a\r\nb", "a\\r\\nb"),
            # bidi controls, which reorder what follows on a terminal that lays out
            # right-to-left text: an override, an isolate, a mark
            ("x\u202etxt.exe", "x\\u202etxt.exe"),
            ("\u2066a\u2069\u200f\u061c", "\\u2066a\\u2069\\u200f\\u061c"),
        ],
    )
    def test_escaped(self, text: str, shown: str) -> None:
        """Each control character is shown as its Python escape."""
        assert printable(text) == shown

    def test_lines_keep_line_ends(self) -> None:
        """With lines=True, LF and CR LF stay; a lone CR does not."""
        assert printable("a\nb\r\nc\rd\x1b", lines=True) == "a\nb\r\nc\\rd\\x1b"

    @given(st.text())
    def test_nothing_unprintable_left(self, text: str) -> None:
        """No control character, separator, surrogate or bidi control is left, and
        printing twice changes nothing more."""
        shown = printable(text)
        assert not any(unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} for c in shown)
        assert not any(unicodedata.bidirectional(c) in BIDI_CONTROL_CLASSES for c in shown)
        assert printable(shown) == shown

    def test_no_trailing_spaces(self) -> None:
        """Lines end without padding, even when the last column is empty."""
        text = format_table(["a", ""], [["1", ""], ["22", None]])
        assert all(line == line.rstrip() for line in text.splitlines())

    def test_header_only(self) -> None:
        """A table without rows is its header and rule."""
        assert format_table(["日期", "n"], []) == "日期  n\n----  -"

    def test_ragged_row(self) -> None:
        """A row with the wrong number of cells is a programming error."""
        with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
            format_table(["a", "b"], [["only"]])

    def test_bad_align(self) -> None:
        """An align string must have one letter per column."""
        with pytest.raises(ValueError, match="align has 1 letters for 2 columns"):
            format_table(["a", "b"], [], align="l")

    @given(
        st.lists(
            st.lists(
                st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8),
                min_size=2,
                max_size=2,
            ),
            max_size=6,
        )
    )
    def test_every_line_lines_up(self, rows: list[list[str]]) -> None:
        """With a right-aligned last column of non-empty cells, every line has one width."""
        text = format_table(["first", "second"], rows, align="lr")
        widths = {display_width(line) for line in text.splitlines()}
        assert len(widths) == 1
