"""``UnitProgress.readings``: how many readings a unit's indicators used, so that a unit that
reported nothing is told apart from one that reported no progress (both read ``behind``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings

from campaignkit.model import Campaign, Cascade, Mechanism
from campaignkit.scheduling import schedule
from campaignkit.tracking import Reading, Status, progress
from support import cases, visits_and_peak

VILLAGES = ("v1", "v2", "v3")
AS_OF = dt.date(2026, 4, 15)


def campaign_with_meetings() -> Campaign:
    """``visits_and_peak`` with a weekly meeting cascaded to the same villages: a mechanism
    with no indicator, so nothing of it is read."""
    c = visits_and_peak(VILLAGES)
    meeting = Mechanism(
        id="m", name="M", rule="FREQ=WEEKLY;BYDAY=MO", cascade=Cascade(units=VILLAGES)
    )
    return attrs.evolve(c, mechanisms=(meeting,))


class TestUnitReadings:
    def test_counted_over_the_indicators_of_the_unit(self) -> None:
        """v1: two visits and a peak, 3 readings; v2: one visit, 1; v3: none, 0. Every
        village is behind (v1: 5 of 50 visits and 20 of 90 at peak against about two thirds
        planned), but only v3 reported nothing."""
        c = campaign_with_meetings()
        records = [
            Reading(indicator="visits", unit="v1", date=dt.date(2026, 3, 10), value=2),
            Reading(indicator="visits", unit="v1", date=dt.date(2026, 3, 20), value=3),
            Reading(indicator="peak", unit="v1", date=dt.date(2026, 3, 20), value=20),
            Reading(indicator="visits", unit="v2", date=dt.date(2026, 4, 1), value=4),
        ]
        p = progress(c, schedule(c), records, AS_OF)
        series = p.series[0]
        by_unit = {u.unit: u for u in series.units}
        assert {u: by_unit[u].readings for u in VILLAGES} == {"v1": 3, "v2": 1, "v3": 0}
        assert {by_unit[u].status for u in VILLAGES} == {Status.BEHIND}
        # the meeting has no indicator: nothing of it is read
        assert {u.readings for u in p.mechanisms[0].units} == {None}
        # across the campaign: the series' readings (the meeting adds none)
        assert {u.unit: u.readings for u in p.units} == {"v1": 3, "v2": 1, "v3": 0}

    def test_a_reading_after_the_day_is_not_counted(self) -> None:
        """A reading dated after the as-of day is not used: the village still has none."""
        c = campaign_with_meetings()
        late = Reading(indicator="visits", unit="v3", date=AS_OF + dt.timedelta(days=1), value=9)
        p = progress(c, schedule(c), [late], AS_OF)
        assert {u.unit: u.readings for u in p.units} == {"v1": 0, "v2": 0, "v3": 0}
        assert p.counts.after_as_of == 1

    @settings(max_examples=30)
    @given(cases())
    def test_the_sum_of_its_indicators_units(self, case: Any) -> None:
        """A unit of a series or mechanism used as many readings as its indicators' units
        did (``None`` without indicators); across the campaign, the sum over the series and
        mechanisms that read it."""
        campaign, sched, records, as_of = case
        p = progress(campaign, sched, records, as_of)
        across: dict[str, int] = {}
        for item in (*p.series, *p.mechanisms):
            for u in item.units:
                if not item.indicators:
                    assert u.readings is None
                    continue
                assert u.readings == sum(
                    next(x for x in i.units if x.unit == u.unit).readings for i in item.indicators
                )
                across[u.unit] = across.get(u.unit, 0) + u.readings
        assert {u.unit: u.readings for u in p.units if u.readings is not None} == across
