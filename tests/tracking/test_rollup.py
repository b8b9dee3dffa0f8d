"""Roll-up helpers: weighted means, measures, weights, ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit import ValidationError
from campaignkit.model import ActivitySeries, Campaign, Indicator, Phase, Window
from campaignkit.tracking import Status, Thresholds, Weights, weighted_mean
from campaignkit.tracking._rollup import UnitFigures, measure, rank_units

D = dt.date


class TestMeans:
    def test_weighted_mean_skips_unmeasured_and_zero_weights(self) -> None:
        """None values and zero weights take no part; nothing left gives None."""
        # (0.2 * 1 + 0.8 * 3) / 4 = 0.65
        assert weighted_mean([(0.2, 1.0), (0.8, 3.0), (None, 9.0), (0.5, 0.0)]) == pytest.approx(
            0.65
        )
        assert weighted_mean([(None, 1.0), (0.3, 0.0)]) is None

    def test_measure_gives_spi_and_status(self) -> None:
        """completion and planned are weighted means; spi their ratio."""
        completion, planned, spi, status = measure([(0.4, 0.5, 1.0), (0.6, 0.5, 1.0)], Thresholds())
        assert (completion, planned, spi, status) == (0.5, 0.5, 1.0, Status.ON)
        assert measure([(None, None, 1.0)], Thresholds()) == (None, None, None, None)

    def test_thresholds_must_be_ordered(self) -> None:
        """at_risk <= on <= ahead, or a located ValidationError."""
        with pytest.raises(ValidationError, match="threshold-order"):
            Thresholds(ahead=0.9, on=0.95)
        with pytest.raises(ValidationError, match="invalid-value"):
            Thresholds(at_risk=-0.1)


class TestWeights:
    def campaign(self) -> Campaign:
        ind = Indicator(id="n", name="n", target=1)
        return Campaign(
            id="c", name="C", window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
            phases=(Phase(id="p", name="P", start=D(2026, 3, 2), end=D(2026, 3, 27), weight=2.0),),
            series=(ActivitySeries(id="s", name="S", weight=3.0, indicators=(ind,)),),
        )  # fmt: skip

    def test_model_then_overrides(self) -> None:
        """Model weights by default; the mapping wins; parts default to 1."""
        w = Weights(self.campaign(), {"s": 0.5})
        assert (w("p"), w("s"), w("n"), w("s/activities")) == (2.0, 0.5, 1.0, 1.0)

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, "2", True])
    def test_bad_values(self, value: object) -> None:
        """A weight must be a finite number >= 0."""
        with pytest.raises(ValidationError, match="invalid-weight"):
            Weights(self.campaign(), {"s": value})  # type: ignore[dict-item]


class TestRanking:
    @staticmethod
    def unit(id: str, completion: float | None, spi: float | None = None) -> UnitFigures:
        return UnitFigures(id, completion, None, spi, None, None, None)  # as ranking reads them

    def test_best_first_unmeasured_last_ties_share(self) -> None:
        """Ranked by completion, then SPI (none, nothing planned yet, above any), then
        campaign order; ties share a rank."""
        unit = self.unit
        units = [
            unit("a", 0.5, 1.0),
            unit("b", None),
            unit("c", 0.9, 1.0),
            unit("d", 0.5, 1.0),
            unit("e", 0.5, 2.0),
            unit("f", 0.5),  # half done, nothing planned yet: ahead of every plan
        ]
        order = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": 5}
        ranked = [(u.unit, u.rank) for u in rank_units(units, order)]
        assert ranked == [("c", 1), ("f", 2), ("e", 3), ("a", 4), ("d", 4), ("b", 6)]

    def test_nothing_planned_ranks_above_behind(self) -> None:
        """Regression: a unit with nothing due yet (0 % done, no SPI, on track) ranked below
        units at 0 % against a plan (SPI 0, behind), and was the campaign's worst."""
        units = [self.unit("w1", 0.0), self.unit("v1", 0.0, 0.0), self.unit("v2", 0.0, 0.0)]
        ranked = [(u.unit, u.rank) for u in rank_units(units, {"v1": 0, "v2": 1, "w1": 2})]
        assert ranked == [("w1", 1), ("v1", 2), ("v2", 2)]

    def test_noise_does_not_break_a_tie(self) -> None:
        """Regression: (0.1 + 0.2) / 2 is 0.15000000000000002, which ranked one village
        alone above two others at 15 %; equal but for floating-point noise is equal."""
        units = [
            self.unit("v3", 0.15, 0.75),
            self.unit("v1", (0.1 + 0.2) / 2, (0.1 + 0.2) / 2 / 0.2),
            self.unit("v2", 0.15, 0.75),
        ]
        ranked = [(u.unit, u.rank) for u in rank_units(units, {"v1": 0, "v2": 1, "v3": 2})]
        assert ranked == [("v1", 1), ("v2", 1), ("v3", 1)]
