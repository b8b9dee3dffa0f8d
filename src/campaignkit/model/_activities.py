"""Activity series (系列活动) and their activities (活动场次)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from campaignkit.model._base import (
    MAX_DAYS,
    MAX_MINUTES,
    MAX_PLACEMENTS,
    Annotated,
    Element,
    Weekday,
    above,
    at_least,
    at_most,
    member,
    of_type,
    text,
)
from campaignkit.model._mechanisms import Scoped

# Indicators live in campaignkit.model._indicators; they are re-exported here for convenience.


DEFAULT_ACTIVITY_MINUTES = 120
"""How long a dated activity lasts when its file does not say."""


def _weekdays(values: Iterable[Weekday | str]) -> tuple[Weekday, ...]:
    return tuple(Weekday(v) for v in values)


class PlacementStrategy(enum.StrEnum):
    """``spread`` undated activities evenly over the feasible days, or take them ``asap``."""

    SPREAD = "spread"
    ASAP = "asap"


@attrs.frozen(kw_only=True)
class Activity(Element):
    """One planned event of a series. ``date`` is ``None`` when the scheduler is to place it."""

    date: dt.date | None = attrs.field(default=None, validator=of_type(dt.date, optional=True))
    time: dt.time | None = attrs.field(default=None, validator=of_type(dt.time, optional=True))
    duration_minutes: int | None = attrs.field(
        default=None, validator=[above(0), at_most(MAX_MINUTES)]
    )
    """Minutes; when left out, the series' ``placement.duration_minutes`` for an undated
    activity and :data:`DEFAULT_ACTIVITY_MINUTES` for a dated one."""
    participants: tuple[str, ...] = ()
    venue: str | None = attrs.field(default=None, validator=text())


def _strategy(value: object) -> PlacementStrategy:
    return member(PlacementStrategy, value, "strategy")


@attrs.frozen(kw_only=True)
class Placement(Annotated):
    """How the scheduler places a series' undated activities.

    ``count`` further activities are generated (ids ``<series>#1``, ``<series>#2``, …) on top of
    the series' own undated ones. They go on working days of the allowed ``weekdays`` (all when
    empty), at least ``min_gap_days`` apart, and, when ``avoid_conflicts``, on days the lead
    party has no other fixed commitment.
    """

    count: int = attrs.field(default=0, validator=[at_least(0), at_most(MAX_PLACEMENTS)])
    weekdays: tuple[Weekday, ...] = attrs.field(default=(), converter=_weekdays)
    min_gap_days: int = attrs.field(default=0, validator=[at_least(0), at_most(MAX_DAYS)])
    strategy: PlacementStrategy = attrs.field(
        default=PlacementStrategy.SPREAD,
        converter=_strategy,
    )
    avoid_conflicts: bool = False
    time: dt.time | None = attrs.field(default=None, validator=of_type(dt.time, optional=True))
    duration_minutes: int = attrs.field(
        default=DEFAULT_ACTIVITY_MINUTES, validator=[above(0), at_most(MAX_MINUTES)]
    )


@attrs.frozen(kw_only=True)
class ActivitySeries(Scoped):
    """A series of activities (系列活动) with its indicators."""

    activities: tuple[Activity, ...] = ()
    placement: Placement = Placement()
