"""Working calendars: which days are worked, and a country's year for people to read.

:class:`WorkingCalendar` is the calendar the scheduler counts working days in (weekends,
statutory holidays from the ``holidays`` package, make-up workdays, local extras);
:func:`calendar_year` lists one year of it by name.
"""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.calendar._working import WorkingCalendar
    from campaignkit.calendar._year import CalendarYear, Holiday, calendar_year

__all__ = ["CalendarYear", "Holiday", "WorkingCalendar", "calendar_year"]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "WorkingCalendar": "._working",
            "CalendarYear": "._year",
            "Holiday": "._year",
            "calendar_year": "._year",
        },
    )
