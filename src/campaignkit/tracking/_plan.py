"""Planned values: how far an indicator should have come by a day.

The plan of an indicator runs from the first day of its series' span (``start``) to its due
date (its own ``due``, else the end of the span) and is written as a *fraction* of the way
from baseline to target, so that one plan serves every unit of a cascade:

- ``linear``: ``W(start, day) / W(start, due)``, where ``W(a, b)`` counts the working days
  in ``a .. b`` (both included). On the first working day one day's share is planned; on the
  due date all of it.
- ``step``: nothing before the due date, everything from it on.
- ``milestones``: the milestones' values, read as fractions of ``target − baseline``, joined
  by straight lines over working days, from nothing on the day before ``start`` to everything
  on the due date (a milestone on or beyond either end replaces that end).

Before the first point nothing is planned; after the last, the last point's fraction holds.

>>> import datetime as dt
>>> from campaignkit.model import Indicator
>>> class Weekdays:  # Monday to Friday
...     def working_days(self, a, b):
...         return sum((a + dt.timedelta(n)).weekday() < 5 for n in range((b - a).days + 1))
>>> ind = Indicator(id="ideas", name="ideas", target=100)
>>> start, due = dt.date(2026, 3, 2), dt.date(2026, 3, 13)   # two weeks, 10 working days
>>> planned_fraction(ind, start, due, dt.date(2026, 3, 6), Weekdays())   # 5 of 10
0.5
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Protocol

from campaignkit.model import Indicator, Trajectory

_DAY = dt.timedelta(days=1)


class WorkingDays(Protocol):
    """Anything that counts working days, such as :class:`campaignkit.calendar.WorkingCalendar`."""

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in ``start .. end``, both included (0 when end < start)."""
        ...


def planned_fraction(
    indicator: Indicator, start: dt.date, due: dt.date, day: dt.date, calendar: WorkingDays
) -> float:
    """The fraction of ``target − baseline`` planned by the end of *day*.

    The result lies in [0, 1] except where milestones plan beyond the target.
    """
    if indicator.trajectory is Trajectory.STEP or due < start:
        return 1.0 if day >= due else 0.0
    points: dict[dt.date, float] = {}
    span = indicator.target - indicator.baseline
    for m in indicator.milestones:
        points[m.date] = (m.value - indicator.baseline) / span
    if not points or min(points) > start - _DAY:
        points.setdefault(start - _DAY, 0.0)
    if max(points) < due:
        points[due] = 1.0
    return _interpolate(sorted(points.items()), day, calendar)


def _interpolate(points: list[tuple[dt.date, float]], day: dt.date, calendar: WorkingDays) -> float:
    if day < points[0][0]:
        return 0.0
    for (a, fa), (b, fb) in itertools.pairwise(points):
        if a <= day < b:
            width = calendar.working_days(a + _DAY, b)
            if width == 0:
                return fa
            return fa + (fb - fa) * calendar.working_days(a + _DAY, day) / width
    return points[-1][1]
