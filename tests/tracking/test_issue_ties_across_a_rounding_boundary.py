"""Regression: figures equal but for floating-point noise were told apart by rounding.

Ranks compared completions and SPIs rounded to nine places, so two figures 2e-15 apart on
either side of a rounding boundary (0.1234567885 less and plus 1e-15 round to 0.123456788
and 0.123456789) were ranked apart, while the same two figures a hair elsewhere tied. And a
gate compared a completion with its threshold exactly: three units at 50 %, 90 % and 100 %
are 80 % done, but their mean comes out 0.7999999999999999, and a gate at 80 % stayed
pending. Figures are now alike within one tolerance (``alike``, ``NOISE``), wherever they lie.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
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
from campaignkit.scheduling import schedule
from campaignkit.tracking import GateState, Reading, progress
from campaignkit.tracking._rollup import UnitFigures, rank_units
from campaignkit.tracking._status import NOISE, Thresholds, alike, reaches

EDGE = 0.1234567885  # a 9th-decimal rounding boundary: round(EDGE ± 1e-15, 9) differ
BELOW, ABOVE = EDGE - 1e-15, EDGE + 1e-15
ON_A_BOUNDARY = st.integers(0, 10**9 - 1).map(lambda n: (n + 0.5) / 10**9)
"""Figures halfway between two of nine decimals, where rounding to nine places parts
figures a float step apart."""


def unit(id: str, completion: float | None, spi: float | None = None) -> UnitFigures:
    return UnitFigures(id, completion, None, spi, None, None, None)  # as ranking reads them


def ranks(units: list[UnitFigures], order: dict[str, int]) -> list[tuple[str, int]]:
    return [(u.unit, u.rank) for u in rank_units(units, order)]


class TestRanking:
    def test_completions_straddling_a_rounding_boundary_tie(self) -> None:
        """0.123456788499999 and 0.123456788500001 rounded to nine places are 0.123456788
        and 0.123456789 (ranked 1 and 2); they are 2e-15 apart: one rank, in campaign order
        (v1 first though its completion is the lower)."""
        assert (round(BELOW, 9), round(ABOVE, 9)) == (0.123456788, 0.123456789)
        units = [unit("v2", ABOVE, 1.0), unit("v1", BELOW, 1.0), unit("v3", 0.1, 1.0)]
        assert ranks(units, {"v1": 0, "v2": 1, "v3": 2}) == [("v1", 1), ("v2", 1), ("v3", 3)]

    def test_spis_straddling_a_rounding_boundary_tie(self) -> None:
        """Equal completions, SPIs 2e-15 apart across a rounding boundary: one rank."""
        units = [unit("v2", 0.5, ABOVE), unit("v1", 0.5, BELOW)]
        assert ranks(units, {"v1": 0, "v2": 1}) == [("v1", 1), ("v2", 1)]

    def test_noise_in_completion_does_not_order_by_it(self) -> None:
        """v1 is done 0.15000000000000002 ((0.1 + 0.2) / 2) with SPI 0.5, v2 0.15 with SPI
        0.75: their completions are alike, so the SPI ranks them, v2 first, not the noise."""
        units = [unit("v1", (0.1 + 0.2) / 2, 0.5), unit("v2", 0.15, 0.75)]
        assert ranks(units, {"v1": 0, "v2": 1}) == [("v2", 1), ("v1", 2)]

    def test_a_unit_the_campaign_does_not_list_ties_by_id(self) -> None:
        """Units missing from the campaign order tie after it, by id, whatever the input
        order."""
        units = [unit("z", 0.5), unit("a", 0.5), unit("m", 0.5)]
        assert ranks(units, {"m": 0}) == [("m", 1), ("a", 1), ("z", 1)]

    @given(
        a=st.floats(0.0, 1.0) | ON_A_BOUNDARY,
        e=st.floats(-1e-12, 1e-12),
        planned=st.floats(0.01, 1.0),
        swap=st.booleans(),
    )
    def test_figures_a_relative_noise_apart_rank_equal(
        self, a: float, e: float, planned: float, swap: bool
    ) -> None:
        """Units done a and a·(1 + e), |e| ≤ 1e-12 (SPIs likewise over one plan), rank
        equal, in campaign order, whichever comes first and whichever is the larger."""
        b = a * (1 + e)
        units = [unit("v1", a, a / planned), unit("v2", b, b / planned)]
        if swap:
            units.reverse()
        assert ranks(units, {"v1": 0, "v2": 1}) == [("v1", 1), ("v2", 1)]

    @given(
        figures=st.lists(
            st.tuples(
                st.none() | st.sampled_from([0.0, 0.15, (0.1 + 0.2) / 2, BELOW, ABOVE, 1.0]),
                st.none() | st.sampled_from([0.5, 0.75, BELOW, ABOVE, 1.0]),
            ),
            max_size=8,
        ),
        data=st.data(),
    )
    def test_a_competition_ranking_whatever_the_input_order(
        self, figures: list[tuple[float | None, float | None]], data: st.DataObject
    ) -> None:
        """Ranks are 1, then each the one before it (a tie) or the unit's place (1, 2, 2, 4);
        tied neighbours are alike in completion and SPI, neighbours ranked apart are not;
        and the ranking does not depend on the order the units come in."""
        units = [unit(f"u{i}", c, s) for i, (c, s) in enumerate(figures)]
        order = {u.unit: i for i, u in enumerate(units)}
        ranked = rank_units(units, order)
        for place, (above, below) in enumerate(itertools.pairwise(ranked), start=2):
            same = alike(above.completion, below.completion) and alike(above.spi, below.spi)
            assert below.rank == (above.rank if same else place)
        shuffled = data.draw(st.permutations(units))
        assert rank_units(shuffled, order) == ranked


class TestThresholds:
    def test_a_gate_reached_but_for_noise_passes(self) -> None:
        """A cascaded indicator whose three units are 50 %, 90 % and 100 % done is
        (0.5 + 0.9 + 1.0) / 3 = 0.7999999999999999 done: a gate at 80 % is passed."""
        start, end = dt.date(2026, 3, 2), dt.date(2026, 3, 27)
        doses = Indicator(id="doses", name="Doses", target=10)
        c = Campaign(
            id="drive-2026",
            name="C",
            window=Window(start=start, end=end),
            units=tuple(Unit(id=u, name=u.upper()) for u in "abc"),
            phases=(
                Phase(
                    id="p",
                    name="P",
                    start=start,
                    end=end,
                    gate=(GateCondition(indicator="doses", completion=0.8),),
                ),
            ),
            series=(
                ActivitySeries(
                    id="drive",
                    name="Drive",
                    cascade=Cascade(units=("a", "b", "c")),
                    indicators=(doses,),
                ),
            ),
        )
        done = {"a": 5, "b": 9, "c": 10}
        ledger = [
            Reading(indicator="doses", unit=u, date=start, value=value) for u, value in done.items()
        ]
        p = progress(c, schedule(c), ledger, dt.date(2026, 3, 10))
        assert p.indicator("doses").completion == (0.5 + 0.9 + 1.0) / 3 == 0.7999999999999999
        assert p.phase("p").gates[0].state is GateState.PASSED

    def test_reaches_and_status_agree(self) -> None:
        """A status band and a gate are reached alike: 0.21 / 0.2 = 1.0499999999999998
        reaches 1.05 (``ahead``); a thousandth below does not."""
        t = Thresholds()
        assert reaches(0.21 / 0.2, t.ahead)
        assert t.status(0.21, 0.2).value == "ahead"
        assert not reaches(1.049, t.ahead)

    @given(threshold=st.floats(0.0, 2.0), e=st.floats(0.0, 1e-12))
    def test_a_hair_below_reaches(self, threshold: float, e: float) -> None:
        """A figure a relative 1e-12 or less below a threshold reaches it; one NOISE
        times two below does not."""
        assert reaches(threshold * (1 - e), threshold)
        assert not reaches(threshold - 2 * NOISE * max(1.0, threshold), threshold)
