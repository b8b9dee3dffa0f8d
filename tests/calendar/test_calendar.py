"""The working calendar: weekends, statutory holidays, make-up workdays, local extras."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import Problem, SchedulingError, ValidationError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import CalendarSpec, Campaign, Weekday, Window

CN = WorkingCalendar(country="CN")
PLAIN = WorkingCalendar()
D = dt.date


class TestChina:
    def test_spring_festival_2010_is_off(self) -> None:
        """Spring Festival 2010 runs 13-19 February: none of those days is a working day."""
        assert not any(CN.is_working_day(D(2010, 2, d)) for d in range(13, 20))

    def test_make_up_weekend_is_worked(self) -> None:
        """Saturday 20 and Sunday 21 February 2010 are make-up working days (调休)."""
        assert CN.is_working_day(D(2010, 2, 20))
        assert CN.is_working_day(D(2010, 2, 21))

    def test_ordinary_weekend_is_off(self) -> None:
        """An ordinary Saturday is not a working day."""
        assert not CN.is_working_day(D(2010, 3, 6))

    def test_counting_across_the_festival(self) -> None:
        """8-21 February 2010 holds 7 working days: Mon 8 - Fri 12 and the make-up Sat 20, Sun 21."""
        assert CN.working_days(D(2010, 2, 8), D(2010, 2, 21)) == 5 + 2

    def test_next_and_previous_around_the_festival(self) -> None:
        """From inside the festival the next working day is the make-up Saturday, the previous
        one the Friday before."""
        assert CN.next_working_day(D(2010, 2, 15)) == D(2010, 2, 20)
        assert CN.previous_working_day(D(2010, 2, 15)) == D(2010, 2, 12)


class TestSpec:
    def test_from_spec_takes_every_field(self) -> None:
        """A calendar from a spec honours its weekend and its extra days."""
        spec = CalendarSpec(
            country="CN",
            weekend=(Weekday.SUN,),
            extra_holidays=(D(2010, 3, 1),),
            extra_workdays=(D(2010, 2, 14),),
        )
        cal = WorkingCalendar.from_spec(spec)
        assert cal.is_working_day(D(2010, 3, 6))  # a Saturday, no longer weekend
        assert not cal.is_working_day(D(2010, 3, 7))  # Sunday still is
        assert not cal.is_working_day(D(2010, 3, 1))  # extra holiday
        assert cal.is_working_day(D(2010, 2, 14))  # extra workday beats the festival

    def test_country_weekend_is_used(self) -> None:
        """Without a weekend in the spec, the country's own weekend applies (Friday-Saturday in Israel)."""
        il = WorkingCalendar(country="IL")
        assert not il.is_working_day(D(2026, 3, 6))  # a Friday
        assert il.is_working_day(D(2026, 3, 8))  # a Sunday

    def test_unknown_country_is_located(self) -> None:
        """An unknown country code is a located ValidationError, not a KeyError."""
        with pytest.raises(ValidationError) as info:
            WorkingCalendar(country="XX")
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.calendar.country", "unknown-country")

    def test_unknown_subdivision_is_located(self) -> None:
        """An unknown subdivision of a known country is reported at the subdivision."""
        with pytest.raises(ValidationError) as info:
            WorkingCalendar(country="US", subdivision="ZZ")
        assert info.value.problems[0].code == "unknown-subdivision"

    @pytest.mark.parametrize(
        ("country", "subdivision"),
        [("XX", None), ("China", None), ("US", "ZZ"), (None, "CA"), ("CN", None), ("US", "CA")],
    )
    def test_same_answer_as_the_campaign(
        self, country: str | None, subdivision: str | None
    ) -> None:
        """The calendar and the campaign's checks give the same problems for a country and
        subdivision (one check answers both); a class name such as 'China' is no code."""
        window = Window(start=D(2026, 3, 1), end=D(2026, 3, 31))
        spec = CalendarSpec(country=country, subdivision=subdivision)
        found: Sequence[Problem] = ()
        try:
            WorkingCalendar(country=country, subdivision=subdivision)
        except ValidationError as exc:
            found = exc.problems
        mine: Sequence[Problem] = ()
        try:
            Campaign(id="c", name="C", window=window, calendar=spec)
        except ValidationError as exc:
            mine = exc.problems
        assert found == mine
        assert bool(found) is (country not in ("CN", "US") or subdivision == "ZZ")

    def test_equal_specs_give_equal_hashable_calendars(self) -> None:
        """Calendars are values: equal when built alike, usable as dict keys, whatever was loaded."""
        a, b = WorkingCalendar(country="CN"), WorkingCalendar(country="CN")
        a.is_working_day(D(2030, 1, 1))
        assert a == b
        assert hash(a) == hash(b)
        assert {a: 1}[b] == 1
        assert WorkingCalendar(country="CN", weekend=("sun",)) != a

    def test_calendar_pickles(self) -> None:
        """A calendar survives pickling (to be sent to another process)."""
        CN.is_working_day(D(2010, 1, 1))
        again = pickle.loads(pickle.dumps(CN))
        assert again == CN
        assert not again.is_working_day(D(2010, 2, 15))


class TestArithmetic:
    def test_add_working_days_examples(self) -> None:
        """From Friday 6 March 2026: +1 is Monday 9, -1 Thursday 5, 0 the day itself; from a
        Saturday, 0 is the Monday after and -1 the Friday before."""
        fri, sat = D(2026, 3, 6), D(2026, 3, 7)
        assert PLAIN.add_working_days(fri, 1) == D(2026, 3, 9)
        assert PLAIN.add_working_days(fri, -1) == D(2026, 3, 5)
        assert PLAIN.add_working_days(fri, 0) == fri
        assert PLAIN.add_working_days(sat, 0) == D(2026, 3, 9)
        assert PLAIN.add_working_days(sat, 1) == D(2026, 3, 9)
        assert PLAIN.add_working_days(sat, -1) == fri

    def test_far_jumps_load_years_on_demand(self) -> None:
        """Adding 2,610 working days (ten years of weekdays) crosses year bounds correctly."""
        start = D(2024, 1, 1)  # a Monday
        assert PLAIN.add_working_days(start, 2610) == _brute_add(PLAIN, start, 2610)
        assert PLAIN.add_working_days(start, -2610) == _brute_add(PLAIN, start, -2610)

    def test_working_days_of_an_empty_range(self) -> None:
        """A range whose end is before its start holds no working day."""
        assert PLAIN.working_days(D(2026, 3, 9), D(2026, 3, 8)) == 0

    def test_working_dates_lists_the_days(self) -> None:
        """working_dates lists the working days of a range in order."""
        assert CN.working_dates(D(2010, 2, 12), D(2010, 2, 22)) == (
            D(2010, 2, 12),
            D(2010, 2, 20),
            D(2010, 2, 21),
            D(2010, 2, 22),
        )

    def test_calendar_without_working_days_fails_cleanly(self) -> None:
        """A calendar whose weekend is every day has no next working day: a located error, not a hang."""
        never = WorkingCalendar(weekend=range(7))
        with pytest.raises(SchedulingError) as info:
            never.next_working_day(D(2026, 1, 1))
        assert info.value.problems[0].code == "no-working-day"

    @given(
        day=st.dates(D(2008, 1, 1), D(2012, 12, 31)),
        n=st.integers(-400, 400),
        country=st.sampled_from([None, "CN", "DE"]),
    )
    def test_add_working_days_matches_brute_force(
        self, day: dt.date, n: int, country: str | None
    ) -> None:
        """add_working_days agrees with stepping one day at a time."""
        cal = WorkingCalendar(country=country)
        assert cal.add_working_days(day, n) == _brute_add(cal, day, n)

    @given(
        a=st.dates(D(2009, 1, 1), D(2011, 12, 31)),
        b=st.dates(D(2009, 1, 1), D(2011, 12, 31)),
    )
    def test_working_days_matches_brute_force(self, a: dt.date, b: dt.date) -> None:
        """working_days counts exactly the working days of the range, and working_dates lists them."""
        days = [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
        expected = [d for d in days if CN.is_working_day(d)]
        assert CN.working_days(a, b) == len(expected)
        assert list(CN.working_dates(a, b)) == expected

    @given(day=st.dates(D(2009, 1, 1), D(2011, 12, 31)))
    def test_next_and_previous_bracket_the_day(self, day: dt.date) -> None:
        """next_working_day and previous_working_day are working days with no working day between
        them and the day."""
        nxt, prev = CN.next_working_day(day), CN.previous_working_day(day)
        assert CN.is_working_day(nxt)
        assert CN.is_working_day(prev)
        assert prev <= day <= nxt
        assert CN.working_days(prev, nxt) == (1 if prev == nxt else 2)


def _brute_add(cal: WorkingCalendar, day: dt.date, n: int) -> dt.date:
    one = dt.timedelta(days=1)
    if n == 0:
        while not cal.is_working_day(day):
            day += one
        return day
    step = one if n > 0 else -one
    left = abs(n)
    while left:
        day += step
        if cal.is_working_day(day):
            left -= 1
    return day
