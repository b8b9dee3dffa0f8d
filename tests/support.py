"""Campaigns several test modules build alike, importable from any of them
(``from support import …``: pyproject's ``pythonpath`` puts ``tests/`` on the path)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    GateCondition,
    Indicator,
    Phase,
    Unit,
    Window,
)
from campaignkit.scheduling import DatedPhase, Schedule, Slot, Timeline, schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import Held, Reading, Record

AGGREGATES = ("sum", "last", "max", "count")
QUARTER = Window(start=dt.date(2010, 1, 1), end=dt.date(2010, 3, 31))


def four_aggregates(villages: tuple[str, ...]) -> Campaign:
    """The first quarter of 2010: a district of *villages* and one series cascaded to them
    with an indicator of each aggregate (``sum``, ``last``, ``max``, ``count``; targets 50),
    and a phase whose exit gate (half the ``sum``) ends on 20 February, between the days
    the engine tests ask for, so that its last day is tracked too."""
    units = tuple(Unit(id=v, name=v, kind="village", parent="d") for v in villages)
    indicators = tuple(Indicator(id=a, name=a, target=50.0, aggregate=a) for a in AGGREGATES)
    gate = (GateCondition(indicator="sum", completion=0.5),)
    return Campaign(
        id="c",
        name="C",
        window=QUARTER,
        phases=(
            Phase(
                id="first", name="First", start=QUARTER.start, end=dt.date(2010, 2, 20), gate=gate
            ),
        ),
        units=(Unit(id="d", name="D", kind="district"), *units),
        series=(
            ActivitySeries(
                id="s", name="S", cascade=Cascade(units=villages), indicators=indicators
            ),
        ),
    )


def visits_and_peak(villages: tuple[str, ...]) -> Campaign:
    """March and April 2026: a town of *villages* and one series cascaded to them, with
    ``visits`` (a sum, target 50) and ``peak`` (a maximum, target 90)."""
    return Campaign(
        id="c",
        name="C",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 4, 30)),
        units=(
            Unit(id="town", name="Town"),
            *(Unit(id=v, name=v, parent="town") for v in villages),
        ),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                cascade=Cascade(units=villages),
                indicators=(
                    Indicator(id="visits", name="Visits", target=50),
                    Indicator(id="peak", name="Peak", target=90, aggregate="max"),
                ),
            ),
        ),
    )


MARCH = Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27))


def ideas_in_march(
    target: float, *, gate: tuple[GateCondition, ...] = (), weight: float = 1.0
) -> Campaign:
    """Four weeks of March 2026 and one series ``s`` (of *weight*) with one indicator,
    ``ideas`` (a sum to *target*); with a *gate*, one phase ``p`` over the whole window
    whose exit gate it is."""
    phases = (Phase(id="p", name="P", start=MARCH.start, end=MARCH.end, gate=gate),)
    ideas = Indicator(id="ideas", name="Ideas", target=target)
    return Campaign(
        id="c",
        name="C",
        window=MARCH,
        phases=phases if gate else (),
        series=(ActivitySeries(id="s", name="S", weight=weight, indicators=(ideas,)),),
    )


MARCH_2010 = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))


def ideas_in_march_2010() -> Campaign:
    """March 2010 and one series ``s`` with one indicator, ``ideas`` (a sum to 100): the
    campaign of the tests that read small ledgers of odd bytes."""
    ideas = Indicator(id="ideas", name="I", target=100)
    return Campaign(
        id="c",
        name="C",
        window=MARCH_2010,
        series=(ActivitySeries(id="s", name="S", indicators=(ideas,)),),
    )


def ideas_in_one_village() -> Campaign:
    """The first quarter of 2010: village ``v1`` of district ``d`` and one series ``s``
    cascaded to it with ``ideas`` (a sum, target 50)."""
    return Campaign(
        id="c",
        name="C",
        window=QUARTER,
        units=(Unit(id="d", name="D", kind="district"), Unit(id="v1", name="V1", parent="d")),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                cascade=Cascade(units=("v1",)),
                indicators=(Indicator(id="ideas", name="Ideas", target=50.0),),
            ),
        ),
    )


def stored_records() -> list[Record]:
    """Three records of :func:`ideas_in_one_village` as a store numbers them (seq 1, 2,
    3): the readings ``r1`` and ``r2`` and the held record ``h3``."""
    return [
        Reading(id="r1", indicator="ideas", unit="v1", date=dt.date(2010, 1, 5), value=3),
        Reading(id="r2", indicator="ideas", unit="v1", date=dt.date(2010, 1, 6), value=4),
        Held(id="h3", subject="s", date=dt.date(2010, 1, 7), present=("v1",)),
    ]


small_campaigns = campaigns(max_people=4, max_units=5, max_phases=3, max_mechanisms=3, max_series=3)


@st.composite
def cases(draw: st.DrawFn, **ledger_args: Any) -> tuple[Campaign, Schedule, list[Record], dt.date]:
    """A small drawn campaign, its schedule, a ledger drawn to match (with bad records
    unless ``bad=False``) and an as-of day in or near its window."""
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, **{"bad": True, **ledger_args}))
    w = campaign.window
    day = dt.timedelta(days=1)
    as_of = draw(st.dates(w.start - 5 * day, w.end + 5 * day) | st.dates(w.start, w.end))
    return campaign, sched, records, as_of


def hand_plan(c: Campaign, **parts: Any) -> Schedule:
    """A schedule of *c* made by hand, in UTC over its window, from *parts* (fields of
    :class:`~campaignkit.scheduling.Schedule`); every item of *c* spans the window unless
    ``spans`` says otherwise."""
    w = c.window
    spans = parts.pop("spans", None) or tuple((item.id, w.start, w.end) for item in c.scoped)
    return Schedule(
        campaign=c.id, timezone="UTC", window_start=w.start, window_end=w.end, spans=spans, **parts
    )


def weekly_plan(
    c: Campaign,
    mondays: tuple[dt.date, ...],
    phases: dict[str, tuple[dt.date, dt.date]],
) -> Schedule:
    """A schedule of *c* made by hand (:func:`hand_plan`): its mechanism ``weekly`` meets on
    each of *mondays*, 9 to 10 UTC; *phases* are dated (first and last day, no slack). For
    tests of phases that a real schedule would date otherwise."""
    slots = tuple(
        Slot(
            rule_date=day,
            start=dt.datetime.combine(day, dt.time(9), dt.UTC),
            end=dt.datetime.combine(day, dt.time(10), dt.UTC),
        )
        for day in mondays
    )
    dated = tuple(
        DatedPhase(phase=id, start=s, end=e, late_start=s, late_finish=e, slack=0, critical=True)
        for id, (s, e) in phases.items()
    )
    timelines = (Timeline(mechanism="weekly", units=(None,), slots=slots),)
    return hand_plan(c, phases=dated, timelines=timelines)
