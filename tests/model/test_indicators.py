"""Tests for campaignkit.model._indicators: targets, directions, trajectories, milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaignkit import ValidationError
from campaignkit.model import (
    AcrossUnits,
    Aggregation,
    Direction,
    Indicator,
    Milestone,
    Trajectory,
)

MAR_1, MAR_15 = dt.date(2010, 3, 1), dt.date(2010, 3, 15)


def located(**fields: Any) -> tuple[str, str]:
    """The (path, code) of the one problem an indicator built from *fields* raises."""
    with pytest.raises(ValidationError) as info:
        Indicator(id="ideas", name="金点子", **fields)
    [problem] = info.value.problems
    return problem.path, problem.code


class TestIndicator:
    def test_defaults(self) -> None:
        """An indicator rises from 0, sums its readings and plans a straight line by default."""
        ind = Indicator(id="ideas", name="金点子", target=100)
        assert (ind.baseline, ind.direction, ind.aggregate) == (
            0.0,
            Direction.INCREASE,
            Aggregation.SUM,
        )
        assert (ind.trajectory, ind.milestones, ind.due) == (Trajectory.LINEAR, (), None)

    @pytest.mark.parametrize(
        ("aggregate", "across", "expected"),
        [
            ("sum", None, "sum"),
            ("last", None, "sum"),
            ("count", None, "sum"),
            ("max", None, "max"),
            ("last", "mean", "mean"),
            ("max", "sum", "sum"),
            ("sum", "max", "max"),
        ],
    )
    def test_across_units(self, aggregate: str, across: str | None, expected: str) -> None:
        """Units combine as ``across`` says; left out, by ``max`` for a ``max`` indicator and
        by ``sum`` otherwise (what campaign files meant before ``across`` existed)."""
        ind = Indicator(id="i", name="I", target=100, aggregate=aggregate, across=across)  # type: ignore[arg-type]
        assert ind.across == (None if across is None else AcrossUnits(across))
        assert ind.across_units is AcrossUnits(expected)

    def test_decrease(self) -> None:
        """A decreasing indicator has its target below its baseline."""
        ind = Indicator(id="backlog", name="积案", baseline=40, target=5, direction="decrease")  # type: ignore[arg-type]
        assert ind.direction is Direction.DECREASE

    def test_target_equal_to_baseline(self) -> None:
        """A target equal to the baseline is target-equals-baseline at ``$.target``."""
        assert located(baseline=5, target=5) == ("$.target", "target-equals-baseline")

    def test_increase_below_baseline_is_direction_mismatch(self) -> None:
        """An increasing indicator with its target below the baseline is direction-mismatch."""
        assert located(baseline=10, target=5) == ("$.direction", "direction-mismatch")

    def test_decrease_above_baseline_is_direction_mismatch(self) -> None:
        """A decreasing indicator with its target above the baseline is direction-mismatch."""
        assert located(baseline=5, target=10, direction="decrease") == (
            "$.direction",
            "direction-mismatch",
        )

    def test_milestones(self) -> None:
        """A milestones trajectory takes milestones in date order."""
        marks = (Milestone(date=MAR_1, value=10), Milestone(date=MAR_15, value=50))
        ind = Indicator(id="i", name="i", target=100, trajectory="milestones", milestones=marks)  # type: ignore[arg-type]
        assert ind.milestones == marks

    def test_milestones_without_that_trajectory(self) -> None:
        """Milestones on a linear indicator are trajectory-milestones at ``$.milestones``."""
        marks = (Milestone(date=MAR_1, value=10),)
        assert located(target=100, milestones=marks) == ("$.milestones", "trajectory-milestones")

    def test_milestones_trajectory_without_milestones(self) -> None:
        """A milestones trajectory without milestones is trajectory-milestones too."""
        assert located(target=100, trajectory="milestones") == (
            "$.milestones",
            "trajectory-milestones",
        )

    def test_milestones_out_of_order(self) -> None:
        """Milestones not in date order are milestone-order at ``$.milestones``."""
        marks = (Milestone(date=MAR_15, value=50), Milestone(date=MAR_1, value=10))
        assert located(target=100, trajectory="milestones", milestones=marks) == (
            "$.milestones",
            "milestone-order",
        )

    def test_two_milestones_on_one_day(self) -> None:
        """Two milestones on one day are milestone-order too."""
        marks = (Milestone(date=MAR_1, value=10), Milestone(date=MAR_1, value=20))
        assert located(target=100, trajectory="milestones", milestones=marks) == (
            "$.milestones",
            "milestone-order",
        )

    def test_unknown_aggregation_is_refused(self) -> None:
        """An aggregation that is not sum, last, max or count is refused."""
        with pytest.raises(ValueError, match="median"):
            Indicator(id="i", name="i", target=1, aggregate="median")  # type: ignore[arg-type]


class TestUnitTargets:
    def test_a_unit_target_at_the_baseline_is_refused(self) -> None:
        """A unit's target equal to the baseline would make the unit complete from the start."""
        with pytest.raises(ValidationError) as info:
            Indicator(id="i", name="I", baseline=5, target=10, unit_targets={"baisha": 5})
        assert [(p.path, p.code) for p in info.value.problems] == [
            ("$.unit_targets.baisha", "target-equals-baseline")
        ]

    def test_a_unit_target_on_the_wrong_side_is_refused(self) -> None:
        """An increasing indicator cannot give a unit a target below the baseline."""
        with pytest.raises(ValidationError) as info:
            Indicator(id="i", name="I", target=10, unit_targets={"unit.3": -1})
        assert [(p.path, p.code) for p in info.value.problems] == [
            ('$.unit_targets["unit.3"]', "direction-mismatch")
        ]

    def test_every_problem_of_an_indicator_is_reported(self) -> None:
        """Problems of the target, a unit target and the milestones come back together."""
        with pytest.raises(ValidationError) as info:
            Indicator(
                id="i",
                name="I",
                target=0,
                unit_targets={"a": 0},
                trajectory=Trajectory.MILESTONES,
            )
        assert [p.code for p in info.value.problems] == [
            "target-equals-baseline",
            "target-equals-baseline",
            "trajectory-milestones",
        ]
