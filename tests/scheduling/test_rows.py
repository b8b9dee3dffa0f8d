"""Occurrences as rows and columns: the same values as the objects, in the same order."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from campaignkit import strategies
from campaignkit.io import load
from campaignkit.model import Campaign, Cascade, Mechanism, Unit, Window
from campaignkit.scheduling import (
    Occurrence,
    OccurrenceColumns,
    OccurrenceKey,
    OccurrenceRow,
    Schedule,
    schedule,
)

D = dt.date
EXAMPLES = Path(__file__).parents[2] / "examples"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _row(o: Occurrence) -> OccurrenceRow:
    """The row an occurrence should have, field by field."""
    k = o.key
    return OccurrenceRow(k.mechanism, k.unit, k.rule_date, o.start, o.end, o.participants)


def _assert_same(s: Schedule) -> None:
    """Rows, columns and objects agree, for the whole schedule and per mechanism and unit."""
    expected = [_row(o) for o in s.occurrences()]
    assert list(s.occurrence_rows()) == expected
    columns = s.occurrence_columns()
    assert list(columns.rows()) == expected
    assert [len(c) for c in columns] == [len(expected)] * len(OccurrenceColumns._fields)
    assert len(expected) == s.occurrence_count
    for t in s.timelines:
        mine = [_row(o) for o in s.occurrences(t.mechanism)]
        assert list(s.occurrence_rows(t.mechanism)) == mine
        assert list(s.occurrence_columns(t.mechanism).rows()) == mine
        for unit in t.units:
            theirs = [_row(o) for o in t.occurrences(unit)]
            assert list(t.occurrence_rows(unit)) == theirs
            assert list(t.occurrence_columns(unit).rows()) == theirs
    assert [r.ref for r in s.occurrence_rows()] == [o.ref for o in s.occurrences()]
    assert [r.day for r in s.occurrence_rows()] == [o.day for o in s.occurrences()]


def _two_villages() -> Campaign:
    """A Monday meeting in two villages over two weeks of March 2026 (Berlin, no holidays)."""
    return Campaign(
        id="drive",
        name="Drive",
        timezone="Europe/Berlin",
        window=Window(start=D(2026, 3, 2), end=D(2026, 3, 13)),
        units=(Unit(id="a", name="A"), Unit(id="b", name="B")),
        mechanisms=(
            Mechanism(
                id="meeting",
                name="Meeting",
                rule="FREQ=WEEKLY;BYDAY=MO",
                time=dt.time(9),
                duration_minutes=90,
                cascade=Cascade(units=("a", "b")),
            ),
        ),
    )


class TestOccurrenceRows:
    @pytest.mark.parametrize("example", ["changsheng", "vaccination"])
    def test_examples(self, example: str) -> None:
        """The examples' rows and columns equal their occurrences, in order."""
        s = schedule(load(EXAMPLES / example / "campaign.yaml"))
        assert s.occurrence_count > 0
        _assert_same(s)

    @given(strategies.campaigns())
    def test_drawn_campaigns(self, c: Campaign) -> None:
        """Any campaign's rows and columns equal its occurrences, in order."""
        _assert_same(schedule(c))

    def test_two_villages_written_out(self) -> None:
        """2 Mondays × 2 villages = 4 rows, village by village, 09:00 to 10:30 (90 minutes)."""
        rows = list(schedule(_two_villages()).occurrence_rows())
        assert [(r.unit, r.rule_date, r.start, r.end) for r in rows] == [
            ("a", D(2026, 3, 2), dt.datetime(2026, 3, 2, 9, tzinfo=BERLIN), dt.datetime(2026, 3, 2, 10, 30, tzinfo=BERLIN)),
            ("a", D(2026, 3, 9), dt.datetime(2026, 3, 9, 9, tzinfo=BERLIN), dt.datetime(2026, 3, 9, 10, 30, tzinfo=BERLIN)),
            ("b", D(2026, 3, 2), dt.datetime(2026, 3, 2, 9, tzinfo=BERLIN), dt.datetime(2026, 3, 2, 10, 30, tzinfo=BERLIN)),
            ("b", D(2026, 3, 9), dt.datetime(2026, 3, 9, 9, tzinfo=BERLIN), dt.datetime(2026, 3, 9, 10, 30, tzinfo=BERLIN)),
        ]  # fmt: skip
        assert {r.mechanism for r in rows} == {"meeting"}
        assert [r.ref for r in rows][1:3] == ["meeting/a@2026-03-09", "meeting/b@2026-03-02"]

    def test_shifted_row_keeps_its_rule_date(self) -> None:
        """In the Changsheng example the weekly meeting of Friday 2010-02-19 (Spring Festival)
        moves to Saturday 20, a make-up workday: the row's day is the 20th, its ref the 19th."""
        s = schedule(load(EXAMPLES / "changsheng" / "campaign.yaml"))
        shifted = {r.ref: r.day for r in s.occurrence_rows() if r.day != r.rule_date}
        assert shifted["weekly-meeting@2010-02-19"] == D(2010, 2, 20)
        assert shifted == {o.ref: o.day for o in s.occurrences() if o.shifted}

    def test_unknown_mechanism(self) -> None:
        """A mechanism the schedule does not have gives no rows and empty columns."""
        s = schedule(_two_villages())
        assert list(s.occurrence_rows("nothing")) == []
        assert s.occurrence_columns("nothing") == OccurrenceColumns([], [], [], [], [], [])


class TestOccurrenceColumns:
    def test_two_villages_written_out(self) -> None:
        """Each column has 2 × 2 = 4 items: the slots' dates repeated once per village."""
        columns = schedule(_two_villages()).occurrence_columns()
        assert columns.mechanism == ["meeting"] * 4
        assert columns.unit == ["a", "a", "b", "b"]
        assert columns.rule_date == [D(2026, 3, 2), D(2026, 3, 9)] * 2
        assert [s.hour * 60 + s.minute for s in columns.start] == [9 * 60] * 4
        assert [(e - s).seconds // 60 for s, e in zip(columns.start, columns.end, strict=True)] == [
            90
        ] * 4
        assert columns.participants == [()] * 4

    def test_fresh_lists(self) -> None:
        """Each call builds new lists: changing one leaves the schedule's next answer alone."""
        s = schedule(_two_villages())
        s.occurrence_columns().unit.clear()
        assert len(s.occurrence_columns().unit) == 4

    def test_shares_values_between_units(self) -> None:
        """The second village's start is the very object of the first's: columns copy
        pointers, not dates."""
        columns = schedule(_two_villages()).occurrence_columns()
        assert columns.start[0] is columns.start[2]


class TestOccurrenceObjects:
    def test_equal_to_constructed(self) -> None:
        """The scheduler's occurrences equal, and hash like, those built by their classes."""
        for o in schedule(_two_villages()).occurrences():
            built = Occurrence(
                key=OccurrenceKey(o.key.mechanism, o.key.unit, o.key.rule_date),
                start=o.start,
                end=o.end,
                participants=o.participants,
            )
            assert o == built
            assert hash(o) == hash(built)
            assert str(o.key) == str(built.key)

    @pytest.mark.parametrize("cls", [Occurrence, OccurrenceKey])
    def test_nothing_to_check(self, cls: type) -> None:
        """The classes the scheduler fills directly have no validators, converters or
        hidden fields to skip."""
        fields = attrs.fields(cls)
        assert all(f.validator is None and f.converter is None and f.init for f in fields)
        assert set(cls.__slots__) >= {f.name for f in fields}
