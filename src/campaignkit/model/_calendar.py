"""Which working calendar a campaign follows, and the one check of a country and subdivision.

:class:`CalendarSpec` is the part of a campaign file that names the calendar;
:func:`region_problems` is the one place that asks the ``holidays`` package whether a country
and subdivision exist (the campaign's checks and :class:`~campaignkit.calendar.WorkingCalendar`
both ask it).
"""

from __future__ import annotations

import datetime as dt
import functools

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
