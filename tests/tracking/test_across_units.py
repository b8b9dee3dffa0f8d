"""A cascaded indicator's campaign figures: its units' figures combined ``across`` them.

Every campaign here runs in March 2026 on a weekends-only calendar: the window 03-02 .. 03-27
has 20 working days, so on 03-13 (10 of them) a linear plan stands at half way.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.model import (
    AcrossUnits,
    ActivitySeries,
    Aggregation,
    Campaign,
    Cascade,
    Indicator,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, IndicatorProgress, Reading, progress

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))
AS_OF = D(2026, 3, 13)


def cascaded(ind: Indicator, units: int = 3, *, cascade: Cascade | None = None) -> Campaign:
    """One series cascaded to the children ``u1 .. u<units>`` of ``top``, with *ind*."""
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        units=(
            Unit(id="top", name="Top"),
            *(Unit(id=f"u{i}", name=f"U{i}", parent="top") for i in range(1, units + 1)),
        ),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                cascade=cascade or Cascade(children_of="top"),
                indicators=(ind,),
            ),
        ),
    )


def measured(campaign: Campaign, values: dict[str, float]) -> IndicatorProgress:
    """The indicator of *campaign* as of 03-13 with one reading per unit, on 03-03."""
    (ind,) = campaign.series[0].indicators
    records = [
        Reading(indicator=ind.id, unit=unit, date=D(2026, 3, 3), value=value)
        for unit, value in values.items()
    ]
    return progress(campaign, schedule(campaign), records, AS_OF).indicator(ind.id)


class TestMean:
    def test_a_rate_of_four_clinics_is_their_mean(self) -> None:
        """Four clinics at 90, 88, 86 and 90 % make a district at 88.5 %, not 354 %."""
        coverage = Indicator(
            id="coverage",
            name="Coverage",
            unit="%",
            baseline=88.5,
            target=95,
            aggregate="last",
            across="mean",
        )
        node = measured(cascaded(coverage, 4), {"u1": 90, "u2": 88, "u3": 86, "u4": 90})
        assert node.across is AcrossUnits.MEAN
        # actual (90 + 88 + 86 + 90) / 4 = 354 / 4 = 88.5; target (95 × 4) / 4 = 95
        assert (node.baseline, node.actual, node.target) == (88.5, 88.5, 95.0)
        # half way on 03-13: each clinic plans 88.5 + 0.5 × (95 − 88.5) = 91.75
        assert node.planned_value == 91.75
        # completions (90 − 88.5) / 6.5 = 3/13, 88 and 86 below the baseline 0, 90 3/13:
        # their mean is (6/13) / 4 = 3/26, as it was before the figures were averaged
        assert node.completion == pytest.approx(3 / 26)
        assert node.planned == 0.5

    def test_unit_targets_are_averaged_too(self) -> None:
        """Targets 40, 30 and (the indicator's own) 20 make a campaign target of 30."""
        ind = Indicator(
            id="level", name="Level", target=20, across="mean", unit_targets={"u1": 40, "u2": 30}
        )
        node = measured(cascaded(ind), {"u1": 10, "u2": 6, "u3": 2})
        # actual (10 + 6 + 2) / 3 = 6; target (40 + 30 + 20) / 3 = 30; baseline 0
        assert (node.baseline, node.actual, node.target) == (0.0, 6.0, 30.0)
        # planned values 20, 15 and 10: their mean 15
        assert node.planned_value == 15.0


class TestSum:
    def test_the_baseline_counts_once_per_unit(self) -> None:
        """Three units that start at 10 start the campaign at 30."""
        ind = Indicator(id="households", name="Households", baseline=10, target=20)
        node = measured(cascaded(ind), {"u1": 5, "u3": 20})
        assert node.across is AcrossUnits.SUM  # the default of a summed indicator
        # actuals 10 + 5, 10 (no reading), 10 + 20: 15 + 10 + 30 = 55
        # baseline 3 × 10 = 30; target 3 × 20 = 60; planned 3 × (10 + 0.5 × 10) = 45
        assert (node.baseline, node.actual, node.target) == (30.0, 55.0, 60.0)
        assert node.planned_value == 45.0
        # completions 0.5, 0 and 1 (ratio 2.0 clamped): their mean 0.5
        assert node.completion == 0.5
        assert node.ratio == pytest.approx((0.5 + 0 + 2.0) / 3)

    def test_without_readings_the_campaign_stands_at_its_baseline(self) -> None:
        """No readings: actual = baseline = 3 × 10, so nothing reads as done."""
        ind = Indicator(id="households", name="Households", baseline=10, target=20)
        node = measured(cascaded(ind), {})
        assert (node.baseline, node.actual) == (30.0, 30.0)

    def test_an_explicit_sum_adds_the_units_levels(self) -> None:
        """``across: sum`` on a ``max`` indicator adds the units' peaks: 60 + 80 + 0 = 140."""
        ind = Indicator(id="peak", name="Peak", target=90, aggregate="max", across="sum")
        node = measured(cascaded(ind), {"u1": 60, "u2": 80})
        assert (node.baseline, node.actual, node.target) == (0.0, 140.0, 270.0)


class TestMax:
    def test_max_is_the_default_of_a_max_indicator(self) -> None:
        """Peaks 60, 80 and none (0): the campaign's is 80 of 90, planned 45 (not 135)."""
        ind = Indicator(id="peak", name="Peak", target=90, aggregate="max")
        node = measured(cascaded(ind), {"u1": 60, "u2": 80})
        assert node.across is AcrossUnits.MAX
        # every unit plans 0.5 × 90 = 45 on 03-13; the largest of them is 45
        assert (node.baseline, node.actual, node.target, node.planned_value) == (
            0.0,
            80.0,
            90.0,
            45.0,
        )

    def test_max_of_a_summed_indicator(self) -> None:
        """``across: max`` of increments 5, 12 and 7 over the largest target 40."""
        ind = Indicator(
            id="n", name="N", target=20, across="max", unit_targets={"u1": 40, "u2": 30}
        )
        node = measured(cascaded(ind), {"u1": 5, "u2": 12, "u3": 7})
        # planned values 20, 15, 10: the largest 20
        assert (node.actual, node.target, node.planned_value) == (12.0, 40.0, 20.0)


class TestNotCascaded:
    def test_an_indicator_of_the_campaign_says_no_across(self) -> None:
        """Outside a cascade there are no units to combine: ``across`` is None and the
        figures are the indicator's own, whatever it says."""
        ind = Indicator(id="rate", name="Rate", unit="%", baseline=50, target=90, across="sum")
        c = Campaign(
            id="c",
            name="C",
            window=WINDOW,
            series=(ActivitySeries(id="s", name="S", indicators=(ind,)),),
        )
        node = measured(c, {})
        assert node.across is None
        assert (node.baseline, node.actual, node.target) == (50.0, 50.0, 90.0)

    def test_a_cascade_that_reaches_no_unit(self) -> None:
        """A cascade to a unit without children keeps the indicator's own baseline and target."""
        ind = Indicator(id="households", name="Households", baseline=10, target=20)
        node = measured(cascaded(ind, cascade=Cascade(children_of="u1")), {})
        assert (node.across, node.baseline, node.actual, node.target) == (
            AcrossUnits.SUM,
            10.0,
            10.0,
            20.0,
        )
        assert node.completion is None


# -- properties -----------------------------------------------------------------------------

_VALUES = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Campaign, list[Reading], dt.date]:
    """A campaign of one indicator cascaded to 1–5 units, readings of it, an as-of day."""
    n = draw(st.integers(1, 5))
    units = [f"u{i}" for i in range(1, n + 1)]
    aggregate = draw(st.sampled_from(list(Aggregation)))
    baseline = 0.0 if aggregate is Aggregation.COUNT else draw(st.sampled_from((0.0, 10.0, 88.5)))
    rises = st.floats(0.5, 1e4, allow_nan=False).map(lambda r: baseline + r)
    ind = Indicator(
        id="level",
        name="Level",
        baseline=baseline,
        target=draw(rises),
        aggregate=aggregate,
        across=draw(st.sampled_from((None, *AcrossUnits))),
        unit_targets=draw(st.dictionaries(st.sampled_from(units), rises, max_size=n)),
    )
    days = st.dates(WINDOW.start, WINDOW.end)
    readings = draw(
        st.lists(
            st.builds(
                Reading,
                indicator=st.just("level"),
                unit=st.sampled_from(units),
                date=days,
                value=_VALUES,
            ),
            max_size=12,
        )
    )
    return cascaded(ind, n), readings, draw(days)


def _figures(node: IndicatorProgress) -> dict[str, list[float]]:
    return {
        "actual": [u.actual for u in node.units],
        "target": [u.target for u in node.units],
        "planned_value": [u.planned_value for u in node.units],
    }


class TestProperties:
    @settings(max_examples=60)
    @given(cases())
    def test_the_campaign_figures_combine_the_units(self, case: Any) -> None:
        """``mean`` lies between the smallest and the largest unit figure (and is their
        mean); ``sum`` is their total, with the baseline once per unit; ``max`` the largest."""
        campaign, readings, as_of = case
        (ind,) = campaign.series[0].indicators
        node = progress(campaign, schedule(campaign), readings, as_of).indicator("level")
        assert node.across is ind.across_units
        n = len(node.units)
        for name, values in _figures(node).items():
            figure = getattr(node, name)
            if node.across is AcrossUnits.MEAN:
                assert min(values) <= figure <= max(values)
                assert figure == pytest.approx(math.fsum(values) / n, rel=1e-12, abs=1e-9)
            elif node.across is AcrossUnits.SUM:
                assert figure == math.fsum(values)
            else:
                assert figure == max(values)
        expected = ind.baseline * n if node.across is AcrossUnits.SUM else ind.baseline
        assert node.baseline == expected

    @settings(max_examples=40)
    @given(cases(), st.integers(2, 4), st.randoms(use_true_random=False))
    def test_merging_accumulators_changes_nothing(
        self, case: Any, parts: int, rnd: random.Random
    ) -> None:
        """Readings split between accumulators, merged in any order, give the campaign
        figures one accumulator gives."""
        campaign, readings, as_of = case
        plan = schedule(campaign)
        whole = progress(campaign, plan, readings, as_of).indicator("level")
        accs = [Accumulator(campaign, plan) for _ in range(parts)]
        for reading in readings:
            rnd.choice(accs).add(reading)
        rnd.shuffle(accs)
        for acc in accs[1:]:
            accs[0].merge(acc)
        assert accs[0].result(as_of).indicator("level") == whole
