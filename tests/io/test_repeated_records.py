"""Rows without an id that repeat an earlier row: one record, and a warning at the later line.

Regression: a row without an id is named by its content, so two rows that said the same
thing were one record, counted once with nothing said — a line lost silently (and counted
twice with ids trusted, so the same file gave two figures with nothing to tell why)."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from campaignkit import Severity
from campaignkit.io import RecordReader, read_ledger
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator
from support import QUARTER, ideas_in_one_village

HEADER = "date,indicator,unit,value\n"
ROW = "2010-03-01,ideas,v1,5\n"
CAMPAIGN = ideas_in_one_village()


def fed(text: str, *, unique_ids: bool, fmt: str = "csv") -> tuple[Accumulator, RecordReader]:
    acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[QUARTER.end], unique_ids=unique_ids)
    reader = RecordReader(io.StringIO(text), format=fmt, strict=False)  # type: ignore[arg-type]
    reader.feed(acc)
    return acc, reader


class TestRepeatedRows:
    def test_counted_once_and_warned(self) -> None:
        """Lines 2 and 3 say the same: one record, 5 ideas, read 1 and nothing unreadable;
        a warning at line 3 names line 2, and the progress lists it."""
        acc, reader = fed(HEADER + ROW + ROW, unique_ids=False)
        ((line, code, severity, message),) = [
            (p.line, p.code, p.severity, p.message) for p in reader.problems
        ]
        assert (line, code, severity) == (3, "repeated-record", Severity.WARNING)
        assert message.startswith("the same record as line 2:")
        result = acc.result(QUARTER.end)
        assert result.indicator("ideas").actual == 5.0
        assert (result.counts.read, result.counts.used, result.counts.unreadable) == (1, 1, 0)
        assert [p.code for p in result.problems] == ["repeated-record"]

    def test_trusted_ids_count_both_and_say_so(self) -> None:
        """With ids trusted both rows count (5 + 5 = 10), and the same warning says so."""
        acc, reader = fed(HEADER + ROW + ROW, unique_ids=True)
        assert [(p.line, p.code) for p in reader.problems] == [(3, "repeated-record")]
        assert "twice when ids are trusted" in reader.problems[0].message
        result = acc.result(QUARTER.end)
        assert result.indicator("ideas").actual == 10.0
        assert result.counts.read == 2

    def test_json_lines_too(self) -> None:
        """A JSON Lines ledger is told the same way: line 3 repeats line 1."""
        line = '{"date": "2010-03-01", "indicator": "ideas", "unit": "v1", "value": 5}\n'
        _, reader = fed(line + "\n" + line, unique_ids=False, fmt="jsonl")
        assert [(p.line, p.code) for p in reader.problems] == [(3, "repeated-record")]
        assert "as line 1:" in reader.problems[0].message

    def test_rows_with_ids_are_not_warned(self) -> None:
        """Rows that give the same id say they are one record: nothing to warn of."""
        _, reader = fed("id," + HEADER + "r1," + ROW + "r1," + ROW, unique_ids=False)
        assert reader.problems == []

    def test_a_strict_reader_warns_without_raising(self) -> None:
        """A strict reader raises at the first error; a warning is kept in its problems."""
        reader = RecordReader(io.StringIO(HEADER + ROW + ROW), format="csv")
        assert len(list(reader)) == 2  # the reader reads rows; a ledger keeps one record
        assert [p.code for p in reader.problems] == ["repeated-record"]

    def test_read_ledger_raises_for_errors_only(self, tmp_path: Path) -> None:
        """read_ledger does not raise for the warning; its ledger holds both rows, which a
        calculation counts as one record (5 ideas, read 1)."""
        path = tmp_path / "r.csv"
        path.write_text(HEADER + ROW + ROW, encoding="utf-8")
        ledger = read_ledger(path)
        assert len({r.id for r in ledger}) == 1
        acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[QUARTER.end])
        acc.update(ledger)
        assert acc.result(QUARTER.end).counts.read == 1

    @given(st.lists(st.integers(1, 4), min_size=1, max_size=12))
    def test_one_warning_for_each_repeat(self, values: list[int]) -> None:
        """Rows differing only in their value: a warning for every row whose value came
        before, at its line and naming the first line with that value."""
        text = HEADER + "".join(f"2010-03-01,ideas,v1,{v}\n" for v in values)
        _, reader = fed(text, unique_ids=False)
        first: dict[int, int] = {}
        expected = []
        for line, v in enumerate(values, start=2):
            if v in first:
                expected.append((line, f"the same record as line {first[v]}:"))
            first.setdefault(v, line)
        found = [(p.line, p.message.split(" a row")[0]) for p in reader.problems]
        assert found == expected
