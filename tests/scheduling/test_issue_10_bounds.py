"""Issue 10: the scheduler answers at the ends of the calendar, and fast for rules that never match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from dateutil.rrule import YEARLY, rrule, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit import SchedulingError
from campaignkit.model import Activity, ActivitySeries, Campaign, Mechanism, Placement, Window
from campaignkit.scheduling import schedule
from campaignkit.scheduling._recurrence import raw_dates

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


def _problems(c: Campaign) -> list[tuple[str, str]]:
    with pytest.raises(SchedulingError) as info:
        schedule(c)
    return [(p.path, p.code) for p in info.value.problems]


class TestCalendarEnds:
    def test_gap_reaching_past_9999(self) -> None:
        """A 100-year gap from an activity in 9999 leaves no room: placement-infeasible, no overflow."""
        series = ActivitySeries(
            id="s",
            name="S",
            placement=Placement(count=1, min_gap_days=36_600),
            activities=(Activity(id="a", name="A", date=D(9999, 2, 1)),),
        )
        window = Window(start=D(9999, 1, 1), end=D(9999, 12, 31))
        c = Campaign(id="c", name="C", window=window, series=(series,))
        assert _problems(c) == [("$.series[0].placement", "placement-infeasible")]

    def test_gap_reaching_before_year_1(self) -> None:
        """Gaps counted back from the first days of year 1 place as anywhere else."""
        series = ActivitySeries(
            id="s",
            name="S",
            placement=Placement(count=2, min_gap_days=30, strategy="asap"),
            activities=(Activity(id="a", name="A", date=D(1, 1, 1)),),
        )
        window = Window(start=D(1, 1, 1), end=D(1, 12, 31))
        c = Campaign(id="c", name="C", window=window, series=(series,))
        placed = [a.start.date() for a in schedule(c).activities if a.placed]
        # 1 January of year 1 is a Monday: 30 days later is Wednesday 31 January, then 2 March.
        assert placed == [D(1, 1, 31), D(1, 3, 2)]

    def test_activity_ending_after_9999(self) -> None:
        """An activity on 9999-12-31 that would end in the year 10000 is past-last-day."""
        late = Activity(id="a", name="A", date=D(9999, 12, 31), duration_minutes=24 * 60)
        window = Window(start=D(9999, 1, 1), end=D(9999, 12, 31))
        c = Campaign(
            id="c",
            name="C",
            window=window,
            series=(ActivitySeries(id="s", name="S", activities=(late,)),),
        )
        assert _problems(c) == [("$.series[0]", "past-last-day")]

    def test_occurrence_ending_after_9999(self) -> None:
        """A daily meeting lasting two days, in the last days of 9999, is past-last-day."""
        m = Mechanism(
            id="m", name="M", rule="FREQ=DAILY", duration_minutes=2880, on_non_working_day="keep"
        )
        window = Window(start=D(9999, 12, 1), end=D(9999, 12, 31))
        c = Campaign(id="c", name="C", window=window, mechanisms=(m,))
        assert _problems(c) == [("$.mechanisms[0].duration_minutes", "past-last-day")]

    def test_a_billion_placements_are_refused_before_scheduling(
        self, time_limit: TimeLimit
    ) -> None:
        """``count`` 10**9 used to never answer; now the most a placement may ask, 10,000, answers
        at once with placement-infeasible in a one-month window."""
        series = ActivitySeries(id="s", name="S", placement=Placement(count=10_000))
        window = Window(start=D(2026, 3, 1), end=D(2026, 3, 31))
        c = Campaign(id="c", name="C", window=window, series=(series,))
        with time_limit(30):
            assert _problems(c) == [("$.series[0].placement", "placement-infeasible")]
