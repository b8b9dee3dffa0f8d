"""Tests for campaignkit.model._activities: activity series, activities, placement."""

from __future__ import annotations

import pytest

from campaignkit.model import Activity, ActivitySeries, Placement, PlacementStrategy


class TestActivity:
    def test_undated_by_default(self) -> None:
        """An activity without a date is to be placed; its length defaults to the series' own."""
        a = Activity(id="talk", name="宣讲")
        assert (a.date, a.time, a.duration_minutes) == (None, None, None)

    def test_zero_duration_is_refused(self) -> None:
        """An activity of 0 minutes is refused, naming the field."""
        with pytest.raises(ValueError, match="'duration_minutes'"):
            Activity(id="talk", name="t", duration_minutes=0)


class TestPlacement:
    def test_defaults(self) -> None:
        """By default nothing more is placed, on any weekday, spread out, without a gap."""
        p = Placement()
        assert (p.count, p.weekdays, p.min_gap_days) == (0, (), 0)
        assert (p.strategy, p.avoid_conflicts) == (PlacementStrategy.SPREAD, False)

    def test_strategy_from_text(self) -> None:
        """The strategy may be given by its value."""
        assert Placement(strategy="asap").strategy is PlacementStrategy.ASAP  # type: ignore[arg-type]

    @pytest.mark.parametrize("field", ["count", "min_gap_days"])
    def test_negative_numbers_are_refused(self, field: str) -> None:
        """Negative counts and gaps are refused, naming the field."""
        with pytest.raises(ValueError, match=f"'{field}'"):
            Placement(**{field: -1})


class TestActivitySeries:
    def test_defaults(self) -> None:
        """A series starts empty: no activities, nothing to place, no indicators, no cascade."""
        s = ActivitySeries(id="s", name="s")
        assert (s.activities, s.indicators, s.cascade, s.window) == ((), (), None, None)
        assert s.placement == Placement()
        assert s.weight == 1.0
