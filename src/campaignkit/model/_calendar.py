"""Which working calendar a campaign follows, and the one check of a country and subdivision.

:class:`CalendarSpec` is the part of a campaign file that names the calendar;
:func:`region_problems` is the one place that asks the ``holidays`` package whether a country
and subdivision exist (the campaign's checks and :class:`~campaignkit.calendar.WorkingCalendar`
both ask it).
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Iterable

import attrs

from campaignkit._errors import Problem
from campaignkit.model._base import Weekday, of_type


@attrs.frozen(kw_only=True)
class CalendarSpec:
    """Which working calendar the campaign follows.

    Attributes:
        country: ISO 3166 code of a country the ``holidays`` package supports (``CN``), or
            ``None`` for weekends only.
        subdivision: A province or state code, when holidays differ by region.
        weekend: Weekend days; ``None`` takes the country's own (Saturday and Sunday without one).
        extra_holidays: Local days off on top of the statutory ones.
        extra_workdays: Local working days on top of the statutory make-up days (调休).
    """

    country: str | None = None
    subdivision: str | None = None
    weekend: tuple[Weekday, ...] | None = None
    extra_holidays: tuple[dt.date, ...] = attrs.field(
        default=(), validator=of_type(dt.date, many=True)
    )
    extra_workdays: tuple[dt.date, ...] = attrs.field(
        default=(), validator=of_type(dt.date, many=True)
    )


# ``holidays`` is imported in the functions that ask it: loading it takes longer than the
# rest of the model, and neither ``import campaignkit`` nor a campaign without a country
# needs it.


@functools.cache
def _supported() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


def region_problems(country: str | None, subdivision: str | None) -> list[Problem]:
    """The problems of a calendar's *country* and *subdivision* (empty when both are known).

    ``unknown-country`` at ``$.calendar.country`` for a code the ``holidays`` package does
    not support (it also takes class names such as ``China``; campaigns speak ISO codes only);
    ``unknown-subdivision`` at ``$.calendar.subdivision`` for a subdivision the country does
    not have, or a subdivision without a country.

    >>> region_problems("CN", None)
    []
    >>> [p.code for p in region_problems("CN", "XX")]
    ['unknown-subdivision']
    """
    if country is None:
        if subdivision is None:
            return []
        msg = "a subdivision needs a country"
        return [Problem("$.calendar.subdivision", "unknown-subdivision", msg)]
    import holidays

    if country not in _supported():
        msg = f"{country!r} is not a country code the holidays package supports"
        return [Problem("$.calendar.country", "unknown-country", msg)]
    try:
        holidays.country_holidays(country, subdiv=subdivision, years=())
    except NotImplementedError:
        msg = f"{country} has no subdivision {subdivision!r}"
        return [Problem("$.calendar.subdivision", "unknown-subdivision", msg)]
    return []


@functools.cache
def holiday_years(country: str | None, subdivision: str | None = None) -> tuple[int, int] | None:
    """The first and last years the ``holidays`` package has data for in *country*.

    ``None`` without a country, or for a country or subdivision it does not know. Outside
    these years the country has no statutory holidays and no make-up workdays at all: only
    weekends and a campaign's own extras count.

    >>> holiday_years("CN")
    (1950, 2100)
    """
    if country is None:
        return None
    import holidays

    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=())
    except NotImplementedError:
        return None
    first, last = getattr(table, "start_year", None), getattr(table, "end_year", None)
    return (first, last) if isinstance(first, int) and isinstance(last, int) else None


def outside_holiday_data(
    country: str, years: tuple[int, int], start: dt.date, end: dt.date
) -> str | None:
    """What a span from *start* to *end* loses outside the *years* of *country*'s holiday data,
    or ``None`` when it lies inside them."""
    first, last = years
    if first <= start.year and end.year <= last:
        return None
    return (
        f"the holidays package has {country} holidays for {first} .. {last} only; "
        f"days of {start} .. {end} outside those years count weekends and the calendar's extras only"
    )


_LOOK = 10
"""Years asked of the ``holidays`` package at a time, looking back for make-up workdays."""
_HORIZON = 2
"""How many years after the last one with make-up workdays listed may lack theirs: the
package follows each year's decree within months; a country none are listed for long after
has stopped making them up (Bulgaria after 2016), or its package is years old."""


@functools.cache
def _makeup_years(country: str, subdivision: str | None, first: int, last: int) -> frozenset[int]:
    """The years from *first* to *last* in which *country* has make-up workdays listed (a
    probe: the package's warning that some of those years lack data is not the caller's)."""
    import holidays

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        years = range(first, last + 1)
        table = holidays.country_holidays(country, subdiv=subdivision, years=years)
        found = getattr(table, "weekend_workdays", ())
    return frozenset(day.year for day in found if first <= day.year <= last)


def unlisted_makeup_days(
    country: str,
    subdivision: str | None,
    extras: Iterable[dt.date],
    start: dt.date,
    end: dt.date,
    years: tuple[int, int],
) -> str | None:
    """What a span from *start* to *end* may lack in a country that works weekend days to
    bridge holidays (China's 调休), or ``None``.

    Such days are set each year by decree (China's State Council announces the next year's
    in the autumn), and the ``holidays`` package lists them for the years it has been told
    of. A year of the span among the :data:`_HORIZON` after the last one the package lists
    make-up workdays for, in a country that had them in two of that year's last three, may
    have an arrangement the package does not know yet: its bridging days off count as
    working days, its make-up days as weekend. A year
    in which the calendar has days of its own (*extras*: its extra holidays and workdays) is
    taken as given. *years* are those of the country's holiday data (outside them, see
    :func:`outside_holiday_data`).

    >>> unlisted_makeup_days("DE", None, (), dt.date(2030, 1, 1), dt.date(2030, 12, 31), (1990, 2100))
    """
    first, last = max(start.year, years[0]), min(end.year, years[1])
    if first > last:
        return None
    latest, top = None, years[1]
    while latest is None and top >= years[0]:
        found = _makeup_years(country, subdivision, max(top - _LOOK + 1, years[0]), top)
        latest = max(found, default=None)
        top -= _LOOK
    if latest is None or latest >= last:
        return None
    recent = _makeup_years(country, subdivision, max(latest - 2, years[0]), latest)
    given = {day.year for day in extras}
    soon = range(max(first, latest + 1), min(last, latest + _HORIZON) + 1)
    unlisted = [year for year in soon if year not in given]
    if len(recent) < 2 or not unlisted:
        return None
    named = str(unlisted[0]) if len(unlisted) == 1 else f"{unlisted[0]} .. {unlisted[-1]}"
    return (
        f"the holidays package lists {country} make-up workdays up to {latest} and none for "
        f"{named}, whose arrangement (set each year) it may not know yet: bridging days off "
        "would count as working days, make-up days as weekend; give the days moved as the "
        "calendar's extra_holidays and extra_workdays"
    )
