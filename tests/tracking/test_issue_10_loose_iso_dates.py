"""Issue 10: dates such as ``20260311xx`` or ``2026-W11-3`` were read as 2026-03-11.

Python 3.11's ``date.fromisoformat`` takes more than ``YYYY-MM-DD`` (basic and week forms,
and on 3.11 even trailing characters after a basic date). Records and occurrence keys take
exactly ``YYYY-MM-DD``, in every path: the field parser, occurrence keys and the SQL totals
of a store (the CSV fast lane and the Arrow backend: tests/io).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.io import SQLiteStore, record_from_fields
from campaignkit.model import ActivitySeries, Campaign, Indicator, Mechanism, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Held, Reading, match_records
from campaignkit.tracking._intake import strict_date

LOOSE = ["20260311xx", "2026-W11-3", "20260311", "2026031100", "20260311T1", "2026-03-11\n"]
"""Texts ``fromisoformat`` reads as 2026-03-11 (or, with the newline, stripped so)."""

D = dt.date
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
    mechanisms=(Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=WE"),),
    series=(
        ActivitySeries(
            id="s", name="S", indicators=(Indicator(id="ideas", name="ideas", target=10),)
        ),
    ),
)
SCHEDULE = schedule(CAMPAIGN)


class TestStrictDate:
    @pytest.mark.parametrize("text", LOOSE)
    def test_loose_forms_are_no_dates(self, text: str) -> None:
        """Every form but YYYY-MM-DD is refused, though fromisoformat takes most of them."""
        assert strict_date(text) is None

    @given(st.dates())
    def test_iso_dates_are_read_back(self, day: dt.date) -> None:
        """Every isoformat() of a date in years 1000-9999 is read back as that date."""
        text = day.isoformat()
        assert strict_date(text) == (day if len(text) == 10 else None)

    @given(st.text(alphabet="0123456789-WTx:+ \n", max_size=14))
    def test_only_the_one_form_is_taken(self, text: str) -> None:
        """Whatever strict_date takes is exactly the isoformat() of the day it gives."""
        day = strict_date(text)
        assert day is None or day.isoformat() == text


class TestFieldParser:
    @pytest.mark.parametrize("text", LOOSE[:-1])
    def test_loose_record_dates_are_refused(self, text: str) -> None:
        """A record date in another ISO form is an invalid-date problem at $.date."""
        fields = {"id": "r1", "date": text, "indicator": "ideas", "value": "3"}
        with pytest.raises(RecordError) as info:
            record_from_fields(fields)
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.date", "invalid-date")

    def test_the_plain_form_is_read(self) -> None:
        """YYYY-MM-DD is read, surrounding spaces stripped as for every field."""
        fields = {"id": "r1", "date": " 2026-03-11 ", "indicator": "ideas", "value": "3"}
        assert record_from_fields(fields).date == D(2026, 3, 11)


class TestOccurrenceKeys:
    @pytest.mark.parametrize("text", ["20260311xx", "2026-W11-3", "2026031100"])
    def test_loose_key_dates_are_unknown_occurrences(self, text: str) -> None:
        """weekly@<loose date> names no occurrence: kept out as unknown-occurrence."""
        record = Held(subject=f"weekly@{text}", date=D(2026, 3, 11), id="h")
        (found,) = match_records(CAMPAIGN, SCHEDULE, [record])
        assert (found.used, found.ref) == (False, None)
        assert [p.code for p in found.problems] == ["unknown-occurrence"]

    def test_the_plain_key_is_matched(self) -> None:
        """weekly@2026-03-11 is the Wednesday meeting."""
        record = Held(subject="weekly@2026-03-11", date=D(2026, 3, 11), id="h")
        (found,) = match_records(CAMPAIGN, SCHEDULE, [record])
        assert (found.used, found.ref, found.problems) == (True, "weekly@2026-03-11", ())


class TestStore:
    @pytest.mark.parametrize("text", ["20260311xx", "2026-W11-3", "2026-02-30"])
    def test_a_loose_stored_date_is_a_located_error(self, tmp_path: Path, text: str) -> None:
        """A date changed behind the store's back is a located RecordError when the store is
        fed (not read as another day, nor a ValueError from inside), and nothing reaches
        the accumulator."""
        path = tmp_path / "s.db"
        with SQLiteStore(path) as store:
            store.append(
                [
                    Reading(id=f"r{i}", indicator="ideas", date=D(2026, 3, 10), value=2)
                    for i in range(3)
                ]
            )
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE campaignkit_records SET date = ? WHERE id = 'r1'", (text,))
        conn.close()
        for unique_ids in (True, False):
            acc = Accumulator(CAMPAIGN, SCHEDULE, days=[D(2026, 3, 27)], unique_ids=unique_ids)
            with SQLiteStore(path) as store, pytest.raises(RecordError) as info:
                store.feed(acc)
            (problem,) = info.value.problems
            assert (problem.code, problem.source) == ("bad-store-row", str(path))
            assert problem.path == "$.rows[2].date"
            assert acc.result(D(2026, 3, 27)).counts.read == 0
