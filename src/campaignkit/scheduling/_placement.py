"""Placing a series' undated activities on days.

The **feasible days** of a series are the days of its span that are working days, fall on an
allowed weekday, are at least ``min_gap_days`` away from the series' own dated activities and,
with ``avoid_conflicts``, carry no other fixed commitment of the series' lead (an occurrence of
a mechanism or a dated activity whose participants include one of the lead's people). Placed
activities are at least ``min_gap_days`` apart, and never two on one day.

Placing *n* activities with a minimum gap is a problem on a line, and taking the earliest
feasible day each time (greedy) places as many as can be placed at all. So the answer to "can
it be done" does not depend on the strategy, and adding days (a wider window) never turns a
feasible placement into an infeasible one.

- ``asap`` takes the greedy days.
- ``spread`` aims at the middles of *n* equal stretches of the feasible range and takes, for
  each activity in turn, the feasible day nearest its aim (the earlier one on a tie) that still
  leaves room for the rest: never before the greedy day of its rank (``earliest``), never after
  the latest day of its rank (``latest``, the greedy from the right), so it always succeeds when
  the greedy does.

>>> import datetime as dt
>>> days = [dt.date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]
>>> [d.day for d in place(days, 3, gap=1, strategy=PlacementStrategy.ASAP)]
[2, 3, 4]
>>> [d.day for d in place(days, 3, gap=1, strategy=PlacementStrategy.SPREAD)]
[3, 6, 11]
>>> place(days, 4, gap=7, strategy=PlacementStrategy.SPREAD) is None  # only 2 fit
True
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Sequence

from campaignkit.calendar import WorkingCalendar
from campaignkit.model import PlacementStrategy

_LAST = dt.date.max.toordinal()
"""The ordinal of 9999-12-31: day arithmetic near it is done on ordinals, never past it."""


def feasible_days(
    start: dt.date,
    end: dt.date,
    calendar: WorkingCalendar,
    *,
    weekdays: Collection[int] = (),
    busy: Collection[dt.date] = (),
    fixed: Sequence[dt.date] = (),
    gap: int = 1,
) -> list[dt.date]:
    """The days of ``start .. end`` where a placed activity may go, in order.

    Args:
        weekdays: Allowed weekday numbers (Monday 0); all when empty.
        busy: Days taken by the lead's other commitments.
        fixed: Days of the series' own dated activities; a placed one keeps *gap* days away.
        gap: The least number of days between two activities of the series (at least 1).
    """
    fixed_sorted = sorted(fixed)
    out = []
    for day in calendar.iter_working_dates(start, end):
        if weekdays and day.weekday() not in weekdays:
            continue
        if day in busy or _near(day, fixed_sorted, gap):
            continue
        out.append(day)
    return out


def greedy(days: Sequence[dt.date], n: int, gap: int) -> list[dt.date]:
    """The earliest days, each at least *gap* days after the one before (at most *n*).

    Fewer than *n* come back exactly when *n* cannot be placed at all.
    """
    out: list[dt.date] = []
    i = 0
    while len(out) < n and i < len(days):
        out.append(days[i])
        following = days[i].toordinal() + gap
        if following > _LAST:  # beyond 9999-12-31: no day is that far
            break
        i = bisect.bisect_left(days, dt.date.fromordinal(following), i + 1)
    return out


def place(
    days: Sequence[dt.date], n: int, *, gap: int, strategy: PlacementStrategy
) -> list[dt.date] | None:
    """*n* days out of the sorted feasible *days*, at least *gap* apart, or ``None``."""
    gap = max(gap, 1)
    if n == 0:
        return []
    earliest = greedy(days, n, gap)
    if len(earliest) < n:
        return None
    if strategy is PlacementStrategy.ASAP:
        return earliest
    latest = _latest(days, n, gap)
    first, last = days[0].toordinal(), days[-1].toordinal()
    stretch = (last - first + 1) / n
    out: list[dt.date] = []
    for k in range(n):
        low = earliest[k] if not out else max(earliest[k], out[-1] + dt.timedelta(days=gap))
        aim = first + stretch * (k + 0.5) - 0.5
        out.append(_nearest(days, aim, low, latest[k]))
    return out


def _latest(days: Sequence[dt.date], n: int, gap: int) -> list[dt.date]:
    """The latest days for each rank: greedy from the right."""
    out: list[dt.date] = []
    i = len(days) - 1
    while len(out) < n:
        out.append(days[i])
        preceding = days[i].toordinal() - gap
        i = (
            bisect.bisect_right(days, dt.date.fromordinal(preceding), 0, i) - 1
            if preceding >= 1
            else -1
        )
    return out[::-1]


def _nearest(days: Sequence[dt.date], aim: float, low: dt.date, high: dt.date) -> dt.date:
    """The day of *days* in ``low .. high`` nearest the ordinal *aim* (earlier on a tie)."""
    lo = bisect.bisect_left(days, low)
    hi = bisect.bisect_right(days, high) - 1
    i = bisect.bisect_left(days, dt.date.fromordinal(max(1, int(aim))), lo, hi + 1)
    candidates = [days[j] for j in (i - 1, i, i + 1) if lo <= j <= hi]
    return min(candidates, key=lambda d: (abs(d.toordinal() - aim), d))


def _near(day: dt.date, fixed: Sequence[dt.date], gap: int) -> bool:
    """``True`` when a day of *fixed* lies less than *gap* days from *day*."""
    low = dt.date.fromordinal(max(1, day.toordinal() - (gap - 1)))
    high = dt.date.fromordinal(min(_LAST, day.toordinal() + (gap - 1)))
    i = bisect.bisect_left(fixed, low)
    return i < len(fixed) and fixed[i] <= high
