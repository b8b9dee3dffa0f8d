"""campaignkit.tracking._intake: the rules of a plain reading, and the checks derived from
them for Python rows, a columnar engine and SQL, agree."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Mode
from campaignkit.tracking._intake import (
    ARROW_DATE,
    ARROW_ID,
    ARROW_NUMBER,
    FLAGS,
    MODES,
    PLAIN,
    ReadingIntake,
    ReadingTotals,
    bucket_of,
    decimal,
    part_of,
    plain_date,
    plain_id,
    plain_number,
    sql_part,
    sql_totalled,
)

D = dt.date
START, END = D(2026, 3, 2), D(2026, 3, 27)
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=START, end=END),
    series=(
        ActivitySeries(
            id="s", name="S", indicators=(Indicator(id="ideas", name="ideas", target=10),)
        ),
    ),
)
SCHEDULE = schedule(CAMPAIGN)


def arrow_matches(pattern: str, texts: list[str]) -> list[bool]:
    return [bool(m) for m in pc.match_substring_regex(pa.array(texts), pattern).to_pylist()]


class TestRules:
    def test_the_tables(self) -> None:
        """The mode and flag texts a plain reading may have, and what they stand for."""
        assert MODES == {"": None, "increment": Mode.INCREMENT, "cumulative": Mode.CUMULATIVE}
        assert FLAGS == {"": False, "false": False, "true": True}

    def test_ids(self) -> None:
        """Plain ids: non-empty, no surrounding spaces, at most 256 characters."""
        assert [plain_id(t) for t in ("r1", "", " r1", "r1\n", "x" * 256, "x" * 257)] == [
            True, False, False, False, True, False,
        ]  # fmt: skip

    def test_numbers(self) -> None:
        """Decimal notation within ±1e15; no nan, inf or underscores."""
        texts = ["3", "-0", "+7", ".5", "1.", "1e2", "1e15", "1e16", "nan", "inf", "1_0", "1e", ""]
        assert [plain_number(t) for t in texts] == [
            3.0, -0.0, 7.0, 0.5, 1.0, 100.0, 1e15, None, None, None, None, None, None,
        ]  # fmt: skip


class TestColumnarChecks:
    @given(st.text(alphabet="0123456789-Wx\n ", max_size=12))
    def test_arrow_date_is_the_python_form(self, text: str) -> None:
        """ARROW_DATE matches exactly the texts of the date form (the real day is checked by
        the cast that follows, as plain_date checks it)."""
        (matched,) = arrow_matches(ARROW_DATE, [text])
        shaped = len(text) == 10 and all(
            (c == "-") if f == "-" else c in "0123456789"
            for c, f in zip(text, "YYYY-MM-DD", strict=True)
        )
        assert matched == shaped
        if plain_date(text) is not None:
            assert matched

    @given(st.text(alphabet="0123456789+-.eEx_n \n", max_size=10))
    def test_arrow_number_is_decimal(self, text: str) -> None:
        """ARROW_NUMBER matches exactly the texts decimal() reads."""
        (matched,) = arrow_matches(ARROW_NUMBER, [text])
        assert matched == (decimal(text) is not None)

    @given(st.text(max_size=8))
    def test_arrow_id_is_never_wider(self, text: str) -> None:
        """Every id ARROW_ID takes (of at most 256 characters) is a plain id."""
        (matched,) = arrow_matches(ARROW_ID, [text])
        if matched:
            assert plain_id(text)


class TestSQL:
    @given(
        st.lists(st.dates(START, END), min_size=1, max_size=26, unique=True),
        st.dates(START, END),
    )
    def test_sql_part_groups_as_part_of(self, days: list[dt.date], day: dt.date) -> None:
        """The SQL part of a date is part_of's, for tracked days and for every day of the
        window; a part lies within its bucket, the tracked day closing it apart."""
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (date TEXT)")
        tracked = tuple(sorted(days))
        conn.executemany("INSERT INTO t VALUES (?)", [(d.isoformat(),) for d in (*tracked, day)])
        (got,) = conn.execute(
            f"SELECT {sql_part(tracked)} FROM t WHERE date = ?", (day.isoformat(),)
        ).fetchone()
        assert got == part_of(START, tracked, day)
        assert (got // 2, got % 2) == (bucket_of(START, tracked, day), day in tracked)
        (text,) = conn.execute(
            f"SELECT {sql_part(None)} FROM t WHERE date = ?", (day.isoformat(),)
        ).fetchone()
        assert D.fromisoformat(text) - START == dt.timedelta(days=bucket_of(START, None, day))
        assert part_of(START, None, day) == bucket_of(START, None, day)

    @pytest.mark.parametrize(
        ("row", "totalled"),
        [
            (("reading", "2026-03-10", 3, None, 0, "r1"), True),
            (("reading", "2026-03-10", 3.0, "cumulative", 1, "r1"), True),
            (("reading", "2026-03-10", 3.5, None, 0, "r1"), False),  # not whole
            (("reading", "2026-03-10", 2.0**31 + 1, None, 0, "r1"), False),  # beyond SQL_EXACT
            (("held", "2026-03-10", None, None, 0, "r1"), False),
            (("reading", "2026-03-01", 3, None, 0, "r1"), False),  # before the window
            (("reading", "2026-02-30", 3, None, 0, "r1"), False),  # no such day
            (("reading", "20260310xx", 3, None, 0, "r1"), False),
            (("reading", "2026-03-10", 3, "sometimes", 0, "r1"), False),
            (("reading", "2026-03-10", 3, None, 2, "r1"), False),
            (("reading", "2026-03-10", 3, None, 0, "x" * 257), False),
            (("reading", "2026-03-10", 3, None, 0, "r\x001"), False),
            (("reading", "2026-03-10", 3, None, 0, b"r1"), False),  # an id that is no text
            (("reading", "2026-03-10", 3, None, 0, "r1", "note"), True),  # a note changes none
            (("reading", "2026-03-10", 3, None, 0, "r1", 5), False),  # a note that is no text
            (("reading", "2026-03-10", 3, None, 0, "r1", None, '["p"]'), False),  # a party list
        ],
    )
    def test_where_totalled(self, row: tuple[object, ...], totalled: bool) -> None:
        """sql_totalled takes the plain readings of whole values in the window, no others."""
        conn = sqlite3.connect(":memory:")
        columns = ("kind", "date", "value", "mode", "assumed", "id", "note", "present", "absent")
        conn.execute(f"CREATE TABLE r ({', '.join(columns)}, excused)")
        row = (*row, *[None] * (len(columns) - len(row)))
        conn.execute(f"INSERT INTO r VALUES ({', '.join('?' * len(columns))}, NULL)", row)
        (count,) = conn.execute(
            f"SELECT COUNT(*) FROM r WHERE {sql_totalled(START, END)}"
        ).fetchone()
        assert count == int(totalled)


class TestSeam:
    def test_the_accumulator_is_a_reading_intake(self) -> None:
        """Accumulator implements the ReadingIntake protocol."""
        assert isinstance(Accumulator(CAMPAIGN, SCHEDULE), ReadingIntake)

    def test_totals_equal_the_readings(self) -> None:
        """fold_totals of a group gives what its readings one at a time give: 3 + 4 = 7,
        the last by (day, id) is 4, one of two assumed."""
        by_totals = Accumulator(CAMPAIGN, SCHEDULE, days=[END], unique_ids=True)
        group = ReadingTotals(
            "ideas", None, None, D(2026, 3, 3), D(2026, 3, 4), 2, 7, 4.0, "b", 4.0, 1, 4.0, 4.0
        )
        assert by_totals.fold_totals([group])
        one_by_one = Accumulator(CAMPAIGN, SCHEDULE, days=[END], unique_ids=True)
        sink = one_by_one.plain_readings()
        assert sink("a", "ideas", None, D(2026, 3, 3), 3.0, None, True)
        assert sink("b", "ideas", None, D(2026, 3, 4), 4.0, None, False)
        assert by_totals.result(END) == one_by_one.result(END)
        assert by_totals.result(END).indicator("ideas").actual == 7.0

    def test_totals_fold_all_or_none(self) -> None:
        """When one group would not fold silently (an unknown indicator), fold_totals says
        False and folds none, not even the sound group before it: 0 readings read."""
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=[END], unique_ids=True)
        sound = ReadingTotals(
            "ideas", None, None, D(2026, 3, 3), D(2026, 3, 4), 2, 7, 4.0, "b", 4.0, 0, 4.0, 4.0
        )
        unknown = sound._replace(indicator="nope")
        assert not acc.fold_totals([sound, unknown])
        assert acc.result(END).counts.read == 0
        assert acc.fold_totals([sound])
        assert acc.result(END).counts.read == 2

    def test_lanes(self) -> None:
        """A known indicator comes by totals, an unknown one one by one, a spaced name as a
        record."""
        acc = Accumulator(CAMPAIGN, SCHEDULE, unique_ids=True)
        assert acc.totals_lane("ideas", None, None) == "totals"
        assert acc.totals_lane("nope", None, None) == "one by one"
        assert acc.totals_lane(" ideas", None, None) == "record"

    def test_a_sink_refuses_names_not_plain(self) -> None:
        """A reading whose indicator has surrounding spaces is not taken: nothing is read."""
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=[END])
        assert not acc.plain_readings()("a", " ideas", None, D(2026, 3, 3), 3.0, None, False)
        assert acc.result(END).counts.read == 0

    def test_totals_need_trusted_ids(self) -> None:
        """An accumulator that checks ids takes no totals: accumulator-mismatch."""
        group = ReadingTotals(
            "ideas", None, None, D(2026, 3, 3), D(2026, 3, 3), 1, 3, 3.0, "a", 3.0, 0, 3.0, 3.0
        )
        with pytest.raises(ValidationError) as info:
            Accumulator(CAMPAIGN, SCHEDULE).fold_totals([group])
        assert [p.code for p in info.value.problems] == ["accumulator-mismatch"]

    def test_plain_is_data(self) -> None:
        """The rules are a frozen value: the date form is YYYY-MM-DD, ids at most 256."""
        assert (PLAIN.date_form, PLAIN.max_id, PLAIN.max_value) == ("YYYY-MM-DD", 256, 1e15)
        assert PLAIN.date_glob == "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
