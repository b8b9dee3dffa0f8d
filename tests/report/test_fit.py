"""Long tables cut to fit a page, the full ones written as CSV."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from campaignkit.io._cells import restore_cell
from campaignkit.report import Document, Labels, Link, Paragraph, Section, Table, TableCell
from campaignkit.report._fit import GAP, fit, table_csv

EN = Labels.of("en")


def document(rows: int, *, ranked: bool) -> Document:
    table = Table(
        id="units",
        columns=("rank", "unit"),
        rows=tuple((TableCell(str(n)), TableCell(f"u{n}")) for n in range(1, rows + 1)),
        ranked=ranked,
    )
    return Document(
        lang="en", title="T", subtitle="S", sections=(Section(id="s", title="S", blocks=(table,)),)
    )


class TestFit:
    def test_ranking_keeps_best_and_worst(self) -> None:
        """2,000 ranked rows cut to 40: ranks 1-20, a row of ⋯, ranks 1,981-2,000; a note
        says 40 of 2,000, and a link names the CSV file."""
        fitted = fit(document(2000, ranked=True), EN, max_rows=40, link="report-en")
        table, note, link = fitted.document.sections[0].blocks
        assert isinstance(table, Table)
        ranks = [row[0].text for row in table.rows]
        assert ranks == [str(n) for n in range(1, 21)] + [GAP] + [str(n) for n in range(1981, 2001)]
        assert note == Paragraph(
            "40 of 2,000 rows shown; the 1,960 left out (⋯) are ranked 21–1980.", "legend"
        )
        assert link == Link(
            "The full table (2,000 rows, CSV): report-en-units.csv", "report-en-units.csv"
        )
        assert list(fitted.tables) == ["report-en-units.csv"]
        assert len(fitted.tables["report-en-units.csv"].splitlines()) == 2001

    def test_a_tie_cut_through_says_so(self) -> None:
        """Ten units, the first six tied at rank 1, cut to four rows: ranks 1, 1, ⋯, 9, 10.
        The note says the six left out are ranked 1 to 7: the two shown are not the only
        best."""
        ranks = ["1"] * 6 + ["7", "7", "9", "10"]
        table = Table(
            id="units",
            columns=("rank", "unit"),
            rows=tuple((TableCell(r), TableCell(f"u{n}")) for n, r in enumerate(ranks)),
            ranked=True,
        )
        doc = Document(
            lang="en", title="T", subtitle="S",
            sections=(Section(id="s", title="S", blocks=(table,)),),
        )  # fmt: skip
        cut, note = fit(doc, EN, max_rows=4, link=None).document.sections[0].blocks
        assert isinstance(cut, Table)
        assert [row[0].text for row in cut.rows] == ["1", "1", GAP, "9", "10"]
        assert note == Paragraph("4 of 10 rows shown; the 6 left out (⋯) are ranked 1–7.", "legend")

    def test_other_tables_keep_their_head(self) -> None:
        """An unranked table keeps its first rows."""
        fitted = fit(document(50, ranked=False), EN, max_rows=10, link=None)
        table = fitted.document.sections[0].blocks[0]
        assert isinstance(table, Table)
        assert [row[0].text for row in table.rows] == [str(n) for n in range(1, 11)]
        assert fitted.tables == {}

    def test_short_tables_untouched(self) -> None:
        """A table within the limit is left as it is."""
        doc = document(40, ranked=True)
        assert fit(doc, EN, max_rows=40, link="r").document == doc

    @given(st.integers(0, 300), st.integers(2, 60), st.booleans())
    def test_never_more_rows_than_asked(self, rows: int, max_rows: int, ranked: bool) -> None:
        """A cut table has at most max_rows rows (and the ⋯ row); the CSV has every row."""
        fitted = fit(document(rows, ranked=ranked), EN, max_rows=max_rows, link="r")
        table = fitted.document.sections[0].blocks[0]
        assert isinstance(table, Table)
        shown = [row[0].text for row in table.rows if row[0].text != GAP]
        assert len(shown) == min(rows, max_rows)
        assert shown[0:1] == (["1"] if rows else [])
        if ranked and rows:
            assert shown[-1] == str(rows)  # the worst is always shown
        if rows > max_rows:
            assert len(fitted.tables["r-units.csv"].splitlines()) == rows + 1
        else:
            assert fitted.tables == {}


class TestTableCsv:
    def test_formulas_neutralised(self) -> None:
        """A cell a spreadsheet would run is written with an apostrophe in front; commas
        and quotes are quoted as CSV does."""
        table = Table(
            id="t",
            columns=("name", "value"),
            rows=((TableCell("=HYPERLINK(1)"), TableCell('a, "b"')),),
        )
        rows = list(csv.reader(io.StringIO(table_csv(table))))
        assert rows == [["name", "value"], ["'=HYPERLINK(1)", 'a, "b"']]

    def test_a_line_break_stays_inside_its_cell(self) -> None:
        """Regression: ended by LF, the csv module left a lone CR in a note bare, and a
        spreadsheet (and the csv module itself) ended the row there, so that the text after
        it, ``=cmd…``, began a row of its own, not neutralised. Rows end in CRLF (RFC 4180):
        every field with a line break is quoted, and the table reads back as it was."""
        notes = ("guess\r=cmd|' /C calc'!A0", "two\nlines", "crlf\r\n@x", "\r")
        table = Table(
            id="t",
            columns=("id", "note"),
            rows=tuple((TableCell(f"u{i}"), TableCell(note)) for i, note in enumerate(notes)),
        )
        text = table_csv(table)
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[-1] == ["u3", "'\r"]  # a CR first is neutralised as ever
        restored = [[restore_cell(cell) for cell in row] for row in rows]
        assert restored == [["id", "note"], *([f"u{i}", note] for i, note in enumerate(notes))]
        assert text.count("\r\n") == len(notes) + 1 + notes.count("crlf\r\n@x")
