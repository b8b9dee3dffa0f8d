"""Issue 10: spans ending late in December 1999 or 2399, and never-matching BYEASTER rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from dateutil.rrule import YEARLY, rrule, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.model import Campaign, Mechanism, Window
from campaignkit.schedule import schedule
from campaignkit.schedule.recurrence import raw_dates

D = dt.date
TimeLimit = Callable[[int], AbstractContextManager[None]]


def _direct(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The rule's dates in the span, from dateutil itself, stopped at the span's end."""
    lo = dt.datetime.combine(start, dt.time(9))
    found = rrulestr(rule, dtstart=lo)
    return [d.date() for d in found.between(lo, dt.datetime.combine(end, dt.time.max), inc=True)]


class TestIssue10Year10000:
    @pytest.mark.parametrize("year", [1999, 2399, 9999])
    @pytest.mark.parametrize("last_day", [24, 26, 28, 31])
    def test_weekly_rule_in_a_span_ending_late_in_december(self, year: int, last_day: int) -> None:
        """Moving the span by 400-year cycles stops a year short of 9999: no ``year 10000``."""
        start, end = D(year, 1, 1), D(year, 12, last_day)
        raw = raw_dates("FREQ=WEEKLY;BYDAY=SU", start, end, dt.time(9), 10_000)
        # The Gregorian calendar repeats after 400 years: dateutil answers for year - 400.
        before = _direct("FREQ=WEEKLY;BYDAY=SU", D(year - 400, 1, 1), D(year - 400, 12, last_day))
        assert [d.date() for d in raw.dates] == [d.replace(year=year) for d in before]
        assert len(raw.dates) in (51, 52)

    def test_schedule_of_december_1999(self) -> None:
        """The reported case: Sundays of December 1999 are 5, 12, 19 and 26 (5 + 7k)."""
        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(1999, 12, 1), end=D(1999, 12, 31)),
            mechanisms=(
                Mechanism(id="m", name="M", rule="FREQ=WEEKLY;BYDAY=SU", on_non_working_day="keep"),
            ),
        )
        days = [o.start.day for o in schedule(c).occurrences()]
        assert days == [5, 12, 19, 26]


class TestNeverAtEaster:
    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=DAILY;BYEASTER=0;BYMONTH=1",  # Easter is in March or April
            "FREQ=DAILY;BYEASTER=0;BYDAY=MO",  # Easter is a Sunday
            "FREQ=DAILY;BYEASTER=1;BYDAY=SU",  # Easter Monday is a Monday
            "FREQ=DAILY;BYEASTER=0;BYYEARDAY=200",
        ],
    )
    def test_never_matching_easter_rules_are_fast(self, rule: str, time_limit: TimeLimit) -> None:
        """A BYEASTER rule whose other filters exclude every Easter day is known empty at once."""
        with time_limit(10):
            raw = raw_dates(rule, D(2010, 1, 1), D(2010, 12, 31), dt.time(9), 10_000)
        assert (raw.dates, raw.never) == ((), True)

    @pytest.mark.parametrize(
        ("rule", "day"),
        [
            ("FREQ=DAILY;BYEASTER=0", D(2010, 4, 4)),
            ("FREQ=DAILY;BYEASTER=1;BYDAY=MO", D(2010, 4, 5)),
            ("FREQ=DAILY;BYEASTER=-2;BYMONTH=4", D(2010, 4, 2)),  # Good Friday
            ("FREQ=DAILY;BYEASTER=0;BYYEARDAY=-272", D(2010, 4, 4)),  # day 94 of 365
        ],
    )
    def test_matching_easter_rules_still_match(self, rule: str, day: dt.date) -> None:
        """Easter 2010 was 4 April; rules that can hit it keep their dates."""
        raw = raw_dates(rule, D(2010, 1, 1), D(2010, 12, 31), dt.time(9), 10_000)
        assert ([d.date() for d in raw.dates], raw.never) == ([day], False)

    @settings(max_examples=60, deadline=None)
    @given(
        offset=st.integers(-40, 40),
        months=st.lists(st.integers(1, 12), max_size=2, unique=True),
        weekdays=st.lists(st.integers(0, 6), max_size=2, unique=True),
        monthdays=st.lists(st.integers(1, 31), max_size=2, unique=True),
    )
    def test_never_means_no_date_for_centuries(
        self, offset: int, months: list[int], weekdays: list[int], monthdays: list[int]
    ) -> None:
        """When a BYEASTER rule is called empty, dateutil finds no date in 1600 .. 2999 either."""
        parts = [f"FREQ=DAILY;BYEASTER={offset}"]
        names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        if months:
            parts.append("BYMONTH=" + ",".join(map(str, months)))
        if weekdays:
            parts.append("BYDAY=" + ",".join(names[w] for w in weekdays))
        if monthdays:
            parts.append("BYMONTHDAY=" + ",".join(map(str, monthdays)))
        raw = raw_dates(";".join(parts), D(2010, 1, 1), D(2010, 12, 31), dt.time(9), 10_000)
        if raw.never:
            yearly = rrule(
                YEARLY,
                dtstart=dt.datetime(1600, 1, 1),
                until=dt.datetime(2999, 12, 31),
                byeaster=offset,
                bymonth=months or None,
                byweekday=weekdays or None,
                bymonthday=monthdays or None,
            )
            assert list(yearly) == []
