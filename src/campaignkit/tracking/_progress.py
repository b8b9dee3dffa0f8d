"""Computing progress in one call: :func:`progress` as of a day, :func:`progress_series` as
of several, each an :class:`~campaignkit.tracking.Accumulator` fed the ledger once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule
from campaignkit.tracking._accumulator import Accumulator
from campaignkit.tracking._plan import WorkingDays
from campaignkit.tracking._records import Record
from campaignkit.tracking._status import Thresholds
from campaignkit.tracking._tree import Progress


def progress(
    campaign: Campaign,
    schedule: Schedule,
    ledger: Iterable[Record],
    as_of: dt.date,
    *,
    weights: Mapping[str, float] | None = None,
    thresholds: Thresholds | None = None,
    calendar: WorkingDays | None = None,
) -> Progress:
    """The progress of *campaign* as of *as_of*, from the records of *ledger*.

    A pure function: it reads no clock and changes none of its arguments.

    Args:
        campaign: The campaign.
        schedule: Its schedule (``campaignkit.scheduling(campaign)``).
        ledger: The records (a :class:`~campaignkit.tracking.Ledger`, or any iterable of
            records, read once).
        as_of: The day: records dated after it are counted apart and not used.
        weights: Weights by id overriding the model's (see :mod:`campaignkit.tracking._weights`).
        thresholds: The status bands (:class:`Thresholds` defaults otherwise).
        calendar: What counts working days for planned values; the campaign's own working
            calendar by default.

    Raises:
        ValidationError: for a bad ``weights`` mapping.
    """
    acc = Accumulator(campaign, schedule, days=(as_of,))
    acc.update(ledger)
    return acc.result(as_of, weights=weights, thresholds=thresholds, calendar=calendar)


def progress_series(
    campaign: Campaign,
    schedule: Schedule,
    ledger: Iterable[Record],
    days: Iterable[dt.date],
    *,
    weights: Mapping[str, float] | None = None,
    thresholds: Thresholds | None = None,
    calendar: WorkingDays | None = None,
) -> tuple[Progress, ...]:
    """The progress as of each of *days* (in the order given), for burn-up charts.

    The ledger is read once and folded into buckets between the days; the days are then
    swept in order, each adding its bucket to the last — never one pass per day.
    """
    wanted = tuple(days)
    acc = Accumulator(campaign, schedule, days=wanted)
    acc.update(ledger)
    return acc.results(wanted, weights=weights, thresholds=thresholds, calendar=calendar)
