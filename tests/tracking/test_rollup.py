"""Roll-up helpers: weighted means, measures, weights, ranking."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit import ValidationError
from campaignkit.model import ActivitySeries, Campaign, Indicator, Phase, Window
from campaignkit.tracking import Status, Thresholds, UnitProgress, Weights, weighted_mean
from campaignkit.tracking._rollup import measure, rank_units

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
    def test_best_first_unmeasured_last_ties_share(self) -> None:
        """Ranked by completion, then SPI, then campaign order; ties share a rank."""

        def unit(id: str, completion: float | None, spi: float | None = None) -> UnitProgress:
            return UnitProgress(
                unit=id, rank=0, completion=completion, planned=None, spi=spi, status=None
            )

        units = [
            unit("a", 0.5),
            unit("b", None),
            unit("c", 0.9),
            unit("d", 0.5),
            unit("e", 0.5, 2.0),
        ]
        order = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
        ranked = [(u.unit, u.rank) for u in rank_units(units, order)]
        assert ranked == [("c", 1), ("e", 2), ("a", 3), ("d", 3), ("b", 5)]
