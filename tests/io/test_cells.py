"""CSV injection: every CSV the library writes neutralises formulas in text cells."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.io import (
    FIELDS,
    PROGRESS_COLUMNS,
    progress_to_csv,
    write_records,
    write_schedule_csv,
)
from campaignkit.io._cells import FORMULA_STARTS, restore_cell, text_cell
from campaignkit.io._records import restore_cell as restore_from_records
from campaignkit.model import Activity, ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Cancelled, Held, Ledger, Reading, progress

D = dt.date

# text that often begins with a formula character or an apostrophe
texts = st.text(
    st.sampled_from([*FORMULA_STARTS, "'", ";", "a", "1", "长", "\n", '"']) | st.characters()
)
# a record's text: no lone surrogate, which a record refuses (bad-text)
record_texts = st.text(
    st.sampled_from([*FORMULA_STARTS, "'", ";", "a", "1", "长", "\n", '"'])
    | st.characters(blacklist_categories=("Cs",))
)


class TestTextCell:
    @given(texts)
    def test_round_trip(self, text: str) -> None:
        """restore_cell gives back any text text_cell wrote."""
        assert restore_cell(text_cell(text)) == text

    @given(texts)
    def test_no_formula_first(self, text: str) -> None:
        """No neutralised cell begins with a formula character, nor does any part of it
        after a semicolon (where a spreadsheet that separates by semicolons starts a cell)."""
        assert all(part[:1] not in FORMULA_STARTS for part in text_cell(text).split(";"))

    @given(texts)
    def test_changed_only_when_needed(self, text: str) -> None:
        """Text none of whose semicolon-separated parts begins with a formula character or
        an apostrophe is kept; otherwise each such part gets one apostrophe in front."""
        marked = {*FORMULA_STARTS, "'"}
        expected = ";".join("'" + p if p[:1] in marked else p for p in text.split(";"))
        assert text_cell(text) == expected

    @pytest.mark.parametrize(
        ("text", "cell"),
        [
            ("Nord;=HYPERLINK(1)", "Nord;'=HYPERLINK(1)"),  # a German spreadsheet's cell
            ("a;b;-1", "a;b;'-1"),
            ("a;'b", "a;''b"),  # the text's own apostrophe, kept recoverable
            ("=a;@b", "'=a;'@b"),
            ("a; =b", "a; =b"),  # a space first: text, not a formula
        ],
    )
    def test_after_a_semicolon(self, text: str, cell: str) -> None:
        """A formula after a semicolon is neutralised, and restored."""
        assert text_cell(text) == cell
        assert restore_cell(cell) == text

    @pytest.mark.parametrize("first", sorted(FORMULA_STARTS))
    def test_every_formula_character(self, first: str) -> None:
        """=, +, -, @, tab and CR each get the apostrophe."""
        assert text_cell(first + "1") == "'" + first + "1"

    def test_raw(self) -> None:
        """ "raw" keeps any text."""
        assert text_cell("=1+1", "raw") == "=1+1"

    def test_restore_leaves_other_cells(self) -> None:
        """An apostrophe before an ordinary character is the text's own."""
        assert [restore_cell(c) for c in ["'", "'a", "a'", ""]] == ["'", "'a", "a'", ""]

    def test_records_module_offers_it(self) -> None:
        """Readers of the records CSV find restore_cell beside write_records."""
        assert restore_from_records is restore_cell


ids = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)
# references may hold any text without surrounding spaces, formula characters first too
refs = st.text(st.sampled_from(["=", "+", "-", "@", "'", ";", "a", "长"]), min_size=1, max_size=8)
days = st.dates(D(2009, 12, 1), D(2010, 4, 30))
records = st.one_of(
    st.builds(
        Held,
        subject=refs,
        date=days,
        present=st.lists(ids, max_size=2).map(tuple),
        note=st.none() | record_texts.filter(str.strip),
    ),
    st.builds(Cancelled, subject=ids, date=days, unit=st.none() | refs),
    st.builds(
        Reading,
        indicator=ids,
        date=days,
        value=st.floats(-1e15, 1e15, allow_nan=False),
        id=refs,
        note=st.none() | record_texts.filter(str.strip),
    ),
)


class TestRecordsCsv:
    """Regression: text such as ``=HYPERLINK(…)`` in a ledger was written to CSV as it is,
    where a spreadsheet runs it."""

    @given(st.lists(records, max_size=6))
    def test_neutralised_cells_restore_to_the_raw_ones(self, items: list[object]) -> None:
        """Each cell of the default (neutralised) CSV, restored, is the raw CSV's cell; no
        text cell of it starts with a formula character; the numbers are the same."""
        raw, safe = io.StringIO(), io.StringIO()
        write_records(items, raw, format="csv", formulas="raw")  # type: ignore[arg-type]
        write_records(items, safe, format="csv")  # type: ignore[arg-type]
        raw_rows = list(csv.reader(io.StringIO(raw.getvalue())))
        safe_rows = list(csv.reader(io.StringIO(safe.getvalue())))
        assert [[restore_cell(c) for c in row] for row in safe_rows] == raw_rows
        value = FIELDS.index("value")
        for raw_row, safe_row in zip(raw_rows[1:], safe_rows[1:], strict=True):
            assert safe_row[value] == raw_row[value]  # a number is never changed
            texts = [c for i, c in enumerate(safe_row) if i != value]
            parts = [part for c in texts for part in c.split(";")]  # cells in some locales
            assert not any(part[:1] in FORMULA_STARTS for part in parts)

    def test_text_is_neutralised_and_numbers_kept(self) -> None:
        """A note, a unit and attendance lists that begin with a formula character get an
        apostrophe; the negative value does not."""
        out = io.StringIO()
        items = [
            Reading(id="r1", indicator="ideas", date=D(2010, 3, 1), value=-0.5, unit="@u",
                    note='=HYPERLINK("http://x")'),
            Held(id="h1", subject="forum", date=D(2010, 3, 2), present=("-p", "q"),
                 note="\tx"),
        ]  # fmt: skip
        write_records(items, out, format="csv")
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        assert rows[1] == [
            "r1", "reading", "2010-03-01", "", "ideas", "'@u", "-0.5", "", "", "", "",
            '\'=HYPERLINK("http://x")', "",
        ]  # fmt: skip
        assert rows[2] == [
            "h1", "held", "2010-03-02", "forum", "", "", "", "", "'-p;q", "", "", "'\tx", "",
        ]  # fmt: skip

    def test_raw_on_request(self) -> None:
        """formulas="raw" writes text as it is."""
        out = io.StringIO()
        item = Reading(id="r1", indicator="ideas", date=D(2010, 3, 1), value=-3, note="=1")
        write_records([item], out, format="csv", formulas="raw")
        assert out.getvalue().splitlines()[1] == "r1,reading,2010-03-01,,ideas,,-3,,,,,=1,"

    def test_unknown_policy(self) -> None:
        """Any other formulas value is a ValueError naming it."""
        with pytest.raises(ValueError, match="'quote'"):
            write_records([], io.StringIO(), format="csv", formulas="quote")  # type: ignore[arg-type]


def hostile_campaign() -> Campaign:
    """A campaign whose names and venue are formulas; a baseline that makes numbers negative."""
    return Campaign(
        id="c",
        name="=C",
        window=Window(start=D(2010, 3, 1), end=D(2010, 3, 31)),
        series=(
            ActivitySeries(
                id="s",
                name="@SUM(A1)",
                activities=(
                    Activity(id="a", name="-a", date=D(2010, 3, 2), venue="=cmd|'/C calc'!A0"),
                ),
                indicators=(Indicator(id="i", name="+i", target=10, baseline=-5),),
            ),
        ),
    )


class TestScheduleCsv:
    def test_venue_neutralised(self) -> None:
        """The activity's venue gets an apostrophe; everything else is as before."""
        out = io.StringIO()
        assert write_schedule_csv(schedule(hostile_campaign()), out) == 1
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        assert rows[1] == [
            "activity", "a", "a", "", "2010-03-02", "2010-03-02T09:00:00+00:00",
            "2010-03-02T11:00:00+00:00", "", "", "false", "", "'=cmd|'/C calc'!A0",
        ]  # fmt: skip

    def test_raw(self) -> None:
        """formulas="raw" writes the venue as it is."""
        out = io.StringIO()
        write_schedule_csv(schedule(hostile_campaign()), out, formulas="raw")
        assert out.getvalue().splitlines()[1].endswith(",=cmd|'/C calc'!A0")


class TestProgressCsv:
    def test_names_neutralised_numbers_kept(self) -> None:
        """Names that are formulas get an apostrophe; the indicator's negative actual (a
        reading of -3 against baseline -5) and every other number are written as numbers."""
        campaign = hostile_campaign()
        ledger = Ledger([Reading(id="r", indicator="i", date=D(2010, 3, 3), value=-3)])
        result = progress(campaign, schedule(campaign), ledger, D(2010, 3, 31))
        safe = list(csv.DictReader(io.StringIO(progress_to_csv(result))))
        raw = list(csv.DictReader(io.StringIO(progress_to_csv(result, formulas="raw"))))
        names = {row["path"]: row["name"] for row in safe}
        assert names["campaign/series:s"] == "'@SUM(A1)"
        assert names["campaign/series:s/indicator:i"] == "'+i"
        indicator = next(row for row in safe if row["kind"] == "indicator")
        assert (indicator["actual"], indicator["target"]) == ("-8.0", "10")  # -5 + (-3)
        for safe_row, raw_row in zip(safe, raw, strict=True):
            assert {k: restore_cell(v) for k, v in safe_row.items()} == raw_row
            assert list(safe_row) == list(PROGRESS_COLUMNS)
