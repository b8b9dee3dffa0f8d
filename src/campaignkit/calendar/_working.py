"""The working calendar (工作日历): weekends, statutory holidays, make-up workdays and local extras.

A :class:`WorkingCalendar` answers one question fast: is a day a working day? Statutory holidays
and make-up workdays (调休, a Saturday or Sunday worked to bridge a long holiday) come from the
`holidays <https://pypi.org/project/holidays/>`_ package for every country it supports; the
campaign's own extra holidays and extra workdays come on top.

A day is a working day when it is an extra workday, or else when it is not an extra holiday and
either a statutory make-up workday or a non-weekend day that is not a statutory holiday. China,
Spring Festival 2010: 13-19 February off, Saturday 20 and Sunday 21 worked.

>>> cal = WorkingCalendar(country="CN")
>>> [cal.is_working_day(dt.date(2010, 2, d)) for d in (12, 13, 19, 20, 21, 22)]
[True, False, False, True, True, True]
>>> cal.next_working_day(dt.date(2010, 2, 13))
datetime.date(2010, 2, 20)
>>> cal.working_days(dt.date(2010, 2, 8), dt.date(2010, 2, 21))  # 8-12 and 20-21
7
>>> cal.add_working_days(dt.date(2010, 2, 12), 1)
datetime.date(2010, 2, 20)

Years are loaded from the ``holidays`` package the first time a query touches them, and then
kept as a sorted array of working days, so a query costs a binary search, never a call into
``holidays`` per day. A calendar is a frozen, hashable value: two calendars built from the same
spec are equal, and a calendar can key a cache.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import holidays

from campaignkit._errors import Problem, SchedulingError, ValidationError
from campaignkit.model import CalendarSpec, Campaign, Weekday
from campaignkit.model._calendar import (
    holiday_years,
    outside_holiday_data,
    region_problems,
    unlisted_makeup_days,
)

_SEARCH_YEARS = 10
"""How many years past the loaded ones a search for a working day looks before giving up."""


def _weekday_numbers(days: Iterable[Weekday | str | int]) -> frozenset[int]:
    return frozenset(d if isinstance(d, int) else Weekday(d).number for d in days)


def _dates(days: Iterable[dt.date]) -> frozenset[dt.date]:
    return frozenset(days)


@attrs.define
class _Years:
    """The loaded years of a calendar: one flag per day and the sorted working-day ordinals."""

    first: int = 0  # first loaded year (0: nothing loaded)
    last: int = -1
    base: int = 0  # ordinal of 1 January of ``first``
    flags: bytearray = attrs.field(factory=bytearray)
    ordinals: list[int] = attrs.field(factory=list)
    before: list[int] = attrs.field(factory=list)  # working days before each loaded day


@attrs.frozen
class WorkingCalendar:
    """Which days are working days.

    Args:
        country: ISO 3166 code of a country the ``holidays`` package supports, or ``None``
            for weekends (and extras) only.
        subdivision: A province or state code, when holidays differ by region.
        weekend: Weekend day numbers (Monday 0 … Sunday 6) or :class:`Weekday` values;
            ``None`` takes the country's own weekend (Saturday and Sunday without a country).
        extra_holidays: Local days off.
        extra_workdays: Local working days; they win over everything else.

    Raises:
        ValidationError: for a country or subdivision the ``holidays`` package does not know
            (``unknown-country`` at ``$.calendar.country``, ``unknown-subdivision`` at
            ``$.calendar.subdivision``).

    >>> WorkingCalendar(weekend=("fri", "sat")).is_working_day(dt.date(2026, 3, 1))  # a Sunday
    True
    """

    country: str | None = None
    subdivision: str | None = None
    weekend: frozenset[int] | None = attrs.field(
        default=None, converter=attrs.converters.optional(_weekday_numbers)
    )
    extra_holidays: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_dates)
    extra_workdays: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_dates)
    # Loaded years, replaced whole (never changed in place) when a query needs more of them.
    _years: _Years = attrs.field(init=False, eq=False, hash=False, repr=False, factory=_Years)

    def __attrs_post_init__(self) -> None:
        problems = region_problems(self.country, self.subdivision)
        if problems:
            raise ValidationError(problems)

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def from_spec(cls, spec: CalendarSpec) -> WorkingCalendar:
        """The calendar a :class:`~campaignkit.model.CalendarSpec` describes.

        >>> spec = CalendarSpec(country="CN", extra_holidays=(dt.date(2010, 3, 1),))
        >>> WorkingCalendar.from_spec(spec).is_working_day(dt.date(2010, 3, 1))
        False
        """
        return cls(
            country=spec.country,
            subdivision=spec.subdivision,
            weekend=spec.weekend,
            extra_holidays=spec.extra_holidays,
            extra_workdays=spec.extra_workdays,
        )

    @classmethod
    def for_campaign(cls, campaign: Campaign) -> WorkingCalendar:
        """The calendar of *campaign*'s calendar spec."""
        return cls.from_spec(campaign.calendar)

    @property
    def holiday_years(self) -> tuple[int, int] | None:
        """The first and last years the ``holidays`` package has data for in the country
        (``None`` without a country). Outside them the calendar has weekends and extras only.

        >>> WorkingCalendar(country="CN").holiday_years
        (1950, 2100)
        """
        return holiday_years(self.country, self.subdivision)

    def holiday_data_note(self, start: dt.date, end: dt.date) -> str | None:
        """A sentence saying that ``start .. end`` leaves the years of the country's holiday
        data, or ``None`` when it does not (or the calendar has no country).

        >>> WorkingCalendar(country="CN").holiday_data_note(dt.date(1800, 1, 1), dt.date(1800, 6, 30))
        "the holidays package has CN holidays for 1950 .. 2100 only; days of 1800-01-01 .. 1800-06-30 outside those years count weekends and the calendar's extras only"
        """
        years = self.holiday_years
        if self.country is None or years is None:
            return None
        return outside_holiday_data(self.country, years, start, end)

    def makeup_data_note(self, start: dt.date, end: dt.date) -> str | None:
        """A sentence saying that years of ``start .. end`` come after the last one for
        which the ``holidays`` package lists the country's make-up workdays (调休), whose
        arrangement it may not know yet, or ``None`` (a year with extra days of the
        calendar's own is taken as given; see :func:`~campaignkit.model.CalendarSpec`).
        """
        years = self.holiday_years
        if self.country is None or years is None:
            return None
        extras = (*self.extra_holidays, *self.extra_workdays)
        return unlisted_makeup_days(self.country, self.subdivision, extras, start, end, years)

    # -- queries ---------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """``True`` when *day* is a working day."""
        years = self._load(day.year, day.year)
        return bool(years.flags[_ordinal(day) - years.base])

    def next_working_day(self, day: dt.date) -> dt.date:
        """*day* when it is a working day, else the first working day after it."""
        return self._nth_from(day, 0)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """*day* when it is a working day, else the last working day before it."""
        if self.is_working_day(day):
            return day
        return self._nth_from(day, -1)

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in ``start .. end``, both included (0 when end < start).

        >>> WorkingCalendar().working_days(dt.date(2026, 3, 2), dt.date(2026, 3, 8))
        5
        """
        if end < start:
            return 0
        years = self._load(start.year, end.year)
        return _count_through(years, end) - _count_through(years, start - dt.timedelta(days=1))

    def working_dates(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The working days in ``start .. end``, both included, in order."""
        return tuple(self.iter_working_dates(start, end))

    def iter_working_dates(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Iterate the working days in ``start .. end``, both included, in order."""
        if end < start:
            return
        years = self._load(start.year, end.year)
        lo = bisect.bisect_left(years.ordinals, _ordinal(start))
        hi = bisect.bisect_right(years.ordinals, _ordinal(end))
        for o in years.ordinals[lo:hi]:
            yield dt.date.fromordinal(o)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The *n*-th working day after *day* (before it when *n* < 0).

        With ``n == 0`` the answer is *day* itself when it is a working day, else the next
        working day. Counting never includes *day*: from a Friday, ``n=1`` is the Monday.

        Raises:
            SchedulingError: when no such day exists within the years a calendar can hold
                (code ``no-working-day``), e.g. a calendar whose weekend is every day.

        >>> cal = WorkingCalendar()
        >>> cal.add_working_days(dt.date(2026, 3, 6), 1), cal.add_working_days(dt.date(2026, 3, 9), -1)
        (datetime.date(2026, 3, 9), datetime.date(2026, 3, 6))
        """
        return self._nth_from(day, n)

    # -- internals -------------------------------------------------------------------------

    def _nth_from(self, day: dt.date, n: int) -> dt.date:
        """Index arithmetic on the sorted working days, loading more years while needed."""
        lo_year, hi_year = day.year, day.year
        while True:
            years = self._load(lo_year, hi_year)
            ordinal = _ordinal(day)
            before = years.before[ordinal - years.base]  # working days strictly before day
            working = bool(years.flags[ordinal - years.base])
            # From a day off, the next working day is the first step forward.
            index = before + n - 1 if (n > 0 and not working) else before + n
            if 0 <= index < len(years.ordinals):
                return dt.date.fromordinal(years.ordinals[index])
            if index < 0:
                lo_year = max(dt.MINYEAR, years.first - max(1, (-index) // 200))
                if years.first == dt.MINYEAR or day.year - lo_year > _SEARCH_YEARS + abs(n) // 200:
                    break
            else:
                hi_year = min(dt.MAXYEAR, years.last + max(1, (index - len(years.ordinals)) // 200))
                if years.last == dt.MAXYEAR or hi_year - day.year > _SEARCH_YEARS + abs(n) // 200:
                    break
        msg = f"no working day {n:+d} working days from {day} within the years the calendar covers"
        raise SchedulingError([Problem("$.calendar", "no-working-day", msg)])

    def _load(self, first: int, last: int) -> _Years:
        years = self._years
        if years.first and years.first <= first and last <= years.last:
            return years
        if years.first:
            first, last = min(first, years.first), max(last, years.last)
        new = self._build(first, last)
        object.__setattr__(self, "_years", new)
        return new

    def _build(self, first: int, last: int) -> _Years:
        base = _ordinal(dt.date(first, 1, 1))
        stop = _ordinal(dt.date(last, 12, 31)) + 1
        flags = bytearray(stop - base)
        holiday_days, makeup, country_weekend = self._statutory(first, last)
        weekend = self.weekend
        for i in range(stop - base):
            day = dt.date.fromordinal(base + i)
            if weekend is not None:
                off = day.weekday() in weekend
            elif country_weekend is not None:
                off = country_weekend(day)
            else:
                off = day.weekday() >= 5
            flags[i] = (day in makeup) or (not off and day not in holiday_days)
        for day in self.extra_holidays:
            if base <= _ordinal(day) < stop:
                flags[_ordinal(day) - base] = 0
        for day in self.extra_workdays:
            if base <= _ordinal(day) < stop:
                flags[_ordinal(day) - base] = 1
        ordinals: list[int] = []
        before: list[int] = []
        for i, flag in enumerate(flags):
            before.append(len(ordinals))
            if flag:
                ordinals.append(base + i)
        return _Years(
            first=first, last=last, base=base, flags=flags, ordinals=ordinals, before=before
        )

    def _statutory(self, first: int, last: int) -> tuple[set[dt.date], set[dt.date], Any]:
        """Holidays, make-up workdays and the weekend test of the country, for the years."""
        if self.country is None:
            return set(), set(), None
        table = holidays.country_holidays(
            self.country, subdiv=self.subdivision, years=range(first, last + 1)
        )
        days = {d for d in table if first <= d.year <= last}
        makeup = {d for d in getattr(table, "weekend_workdays", set()) if first <= d.year <= last}
        return days, makeup, table.is_weekend


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


def _count_through(years: _Years, day: dt.date) -> int:
    """Working days on or before *day* among the loaded years (day may lie just outside)."""
    index = _ordinal(day) - years.base
    if index < 0:
        return 0
    if index >= len(years.flags):
        return len(years.ordinals)
    return years.before[index] + years.flags[index]
