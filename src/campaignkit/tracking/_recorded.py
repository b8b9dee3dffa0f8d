"""What the records say of scheduled items as of a day, beside the progress tree:
:class:`Recorded`, made by :meth:`Accumulator.recorded
<campaignkit.tracking.Accumulator.recorded>` from what the accumulator has already folded.

A chart that shows a meeting as held, or hatches the rise of a burn-up that rests on records
dated by assumption, needs these facts; reading them here spares a second pass over a
ledger of any size.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping

import attrs


def _frozen_counts(counts: Mapping[dt.date, int] | None) -> Mapping[dt.date, int] | None:
    return None if counts is None else dict(sorted(counts.items()))


@attrs.frozen(kw_only=True)
class Recorded:
    """What the records used as of :attr:`as_of` say of the scheduled items.

    Attributes:
        as_of: The day.
        held: The refs (occurrence keys such as ``weekly@2026-03-09``, activity refs) of the
            items a record dated on or before *as_of* holds (held early included).
        cancelled: The refs of those a record cancels and none holds.
        dated_by_assumption: How many records used as of *as_of* are dated by assumption
            (marked ``assumed``, or dated on *as_of* itself, where a ledger puts totals it
            cannot date), by the day each falls into: the first day the accumulator was
            asked for on or after its date (every day, for one asked for every day).
            ``None`` when it is not known (readings folded by their totals across a tracked
            day).

    >>> r = Recorded(as_of=dt.date(2026, 3, 13), held=frozenset({"w@2026-03-09"}))
    >>> "w@2026-03-09" in r.held, r.cancelled
    (True, frozenset())
    """

    as_of: dt.date
    held: frozenset[str] = frozenset()
    cancelled: frozenset[str] = frozenset()
    dated_by_assumption: Mapping[dt.date, int] | None = attrs.field(
        factory=dict, converter=_frozen_counts
    )

    def assumed_by_step(self, steps: Iterable[dt.date]) -> dict[dt.date, int] | None:
        """:attr:`dated_by_assumption` moved onto *steps* (the days of a chart): each count
        to the first step on or after its day, those after the last step left out;
        ``None`` when it is not known.

        >>> r = Recorded(as_of=dt.date(2026, 3, 13),
        ...     dated_by_assumption={dt.date(2026, 3, 6): 1, dt.date(2026, 3, 13): 2})
        >>> r.assumed_by_step([dt.date(2026, 3, 9), dt.date(2026, 3, 13)])
        {datetime.date(2026, 3, 9): 1, datetime.date(2026, 3, 13): 2}
        >>> r.assumed_by_step([dt.date(2026, 3, 10)])
        {datetime.date(2026, 3, 10): 1}
        """
        if self.dated_by_assumption is None:
            return None
        ordered = sorted(set(steps))
        out: dict[dt.date, int] = {}
        for day, count in self.dated_by_assumption.items():
            index = bisect.bisect_left(ordered, day)
            if index < len(ordered):
                out[ordered[index]] = out.get(ordered[index], 0) + count
        return out
