"""One year of a country's working calendar, for people to read: holidays by name, make-up days.

:func:`calendar_year` answers what a planner asks before laying out a campaign: how many
working days a year has, which days are statutory holidays and what they are called, and
which weekend days are worked to bridge a long holiday (调休 make-up workdays). The working
days are those of :class:`~campaignkit.calendar.WorkingCalendar`, the calendar the scheduler
uses; the names come from the ``holidays`` package, in the language asked for.

>>> year = calendar_year("CN", 2010, language="zh_CN")
>>> year.working_days, [str(d) for d in year.makeup_workdays[:2]]
(250, ['2010-02-20', '2010-02-21'])
>>> [(str(h.date), h.name) for h in year.holidays[1:3]]
[('2010-02-13', '农历除夕'), ('2010-02-14', '春节')]
"""

from __future__ import annotations

import datetime as dt

import attrs
import holidays

from campaignkit._errors import Problem, ValidationError
from campaignkit.calendar._working import WorkingCalendar


@attrs.frozen(kw_only=True)
class Holiday:
    """A statutory holiday: its day, its name, and whether that day is a working day anyway.

    ``working`` is ``True`` only where a calendar's own extra workdays override the holiday.
    """

    date: dt.date
    name: str
    working: bool = False


@attrs.frozen(kw_only=True)
class CalendarYear:
    """The working calendar of one country (or subdivision) for one year.

    Attributes:
        country: The ISO 3166 code.
        subdivision: The province or state code, when one was given.
        year: The year.
        language: The language of the holiday names (the country's default when not given).
        days: Days in the year (365 or 366).
        working_days: How many of them are working days.
        holidays: The statutory holidays, by date (several names of one day joined by ``"; "``).
        makeup_workdays: Weekend days worked to make up for a bridged holiday (调休).
    """

    country: str
    subdivision: str | None
    year: int
    language: str | None
    days: int
    working_days: int
    holidays: tuple[Holiday, ...]
    makeup_workdays: tuple[dt.date, ...]

    @property
    def days_off(self) -> int:
        """Days that are not working days: weekends and holidays, less make-up days."""
        return self.days - self.working_days


def calendar_year(
    country: str,
    year: int,
    *,
    subdivision: str | None = None,
    language: str | None = None,
) -> CalendarYear:
    """The working calendar of *country* for *year*.

    Args:
        country: An ISO 3166 code the ``holidays`` package supports (``CN``).
        year: A year from 1 to 9999.
        subdivision: A province or state code, when holidays differ by region.
        language: A language the package has the country's names in (``zh_CN``,
            ``en_US``); by default the country's own language.

    Raises:
        ValidationError: ``unknown-country`` (at ``$.calendar.country``),
            ``unknown-subdivision`` (at ``$.calendar.subdivision``), ``invalid-year``
            (at ``$.year``) or ``unknown-language`` (at ``$.language``).
    """
    if isinstance(year, bool) or not isinstance(year, int) or not dt.MINYEAR <= year <= dt.MAXYEAR:
        msg = f"the year must be a whole number from {dt.MINYEAR} to {dt.MAXYEAR} (got {year!r})"
        raise ValidationError([Problem("$.year", "invalid-year", msg)])
    calendar = WorkingCalendar(country=country, subdivision=subdivision)
    table = holidays.country_holidays(country, subdiv=subdivision, years=())
    languages = tuple(getattr(table, "supported_languages", ()))
    if language is not None and language not in languages:
        known = ", ".join(languages) or "none"
        msg = f"the holiday names of {country} come in no language {language!r} (known: {known})"
        raise ValidationError([Problem("$.language", "unknown-language", msg)])
    language = language or getattr(table, "default_language", None)
    names = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    makeup = sorted(d for d in getattr(names, "weekend_workdays", ()) if d.year == year)
    return CalendarYear(
        country=country,
        subdivision=subdivision,
        year=year,
        language=language,
        days=(last - first).days + 1,
        working_days=len(calendar.working_dates(first, last)),
        holidays=tuple(
            Holiday(date=day, name=name, working=calendar.is_working_day(day))
            for day, name in sorted(names.items())
            if day.year == year
        ),
        makeup_workdays=tuple(makeup),
    )
