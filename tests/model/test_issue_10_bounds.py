"""Issue 10: numbers are bounded in validation, with located errors instead of crashes or hangs."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import progress_to_json, structure_campaign
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Campaign,
    Indicator,
    Mechanism,
    Milestone,
    Phase,
    Placement,
    Trajectory,
    Window,
)
from campaignkit.model._base import (
    MAX_DAYS,
    MAX_MINUTES,
    MAX_PLACEMENTS,
    MAX_VALUE,
    MAX_WEIGHT,
    MIN_VALUE,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import MAX_VALUE as MAX_READING
from campaignkit.tracking import Ledger, Reading, Weights, progress

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 31))


def problem_of(build: Callable[[], object]) -> tuple[str, str]:
    """The (path, code) of the one problem *build* raises."""
    with pytest.raises(ValidationError) as info:
        build()
    [problem] = info.value.problems
    return problem.path, problem.code


BOUNDED: list[tuple[str, Callable[[int], object], int, str]] = [
    ("placement count", lambda n: Placement(count=n), MAX_PLACEMENTS, "$.count"),
    ("min gap", lambda n: Placement(min_gap_days=n), MAX_DAYS, "$.min_gap_days"),
    ("placed minutes", lambda n: Placement(duration_minutes=n), MAX_MINUTES, "$.duration_minutes"),
    (
        "activity minutes",
        lambda n: Activity(id="a", name="A", duration_minutes=n),
        MAX_MINUTES,
        "$.duration_minutes",
    ),
    (
        "mechanism minutes",
        lambda n: Mechanism(id="m", name="M", duration_minutes=n),
        MAX_MINUTES,
        "$.duration_minutes",
    ),
    ("phase duration", lambda n: Phase(id="p", name="P", duration=n), MAX_DAYS, "$.duration"),
    ("phase lag", lambda n: Phase(id="p", name="P", duration=1, lag=n), MAX_DAYS, "$.lag"),
]


class TestIntegerBounds:
    @pytest.mark.parametrize(("what", "build", "limit", "path"), BOUNDED)
    def test_the_limit_is_accepted(
        self, what: str, build: Callable[[int], object], limit: int, path: str
    ) -> None:
        """Each bounded count is valid at its documented limit."""
        build(limit)

    @pytest.mark.parametrize(("what", "build", "limit", "path"), BOUNDED)
    @pytest.mark.parametrize("excess", [1, 10**9, 10**18, 10**400], ids=["1", "e9", "e18", "e400"])
    def test_beyond_the_limit_is_invalid_value(
        self, what: str, build: Callable[[int], object], limit: int, path: str, excess: int
    ) -> None:
        """One more, 10**9, 10**18 or a 400-digit count is a located invalid-value."""
        assert problem_of(lambda: build(limit + excess)) == (path, "invalid-value")

    def test_the_limits_in_numbers(self) -> None:
        """The documented limits: 10,000 placements, 36,600 days, 366 days of minutes."""
        assert (MAX_PLACEMENTS, MAX_DAYS, MAX_MINUTES) == (10_000, 36_600, 366 * 24 * 60)


class TestValueBounds:
    def test_model_and_readings_share_the_bound(self) -> None:
        """Targets are bounded as readings are."""
        assert MAX_VALUE == MAX_READING == 1e15

    @pytest.mark.parametrize("target", [1e16, -1e16, 10**400, 1e-10, -5e-324])
    def test_extreme_targets_are_invalid(self, target: float) -> None:
        """Targets beyond 1e15, or nonzero but under 1e-9 in magnitude, are invalid-value."""
        baseline = 0.0 if target > 0 else 1.0
        build = lambda: Indicator(id="i", name="I", target=target, baseline=baseline)  # noqa: E731
        assert problem_of(build) == ("$.target", "invalid-value")

    def test_extreme_baseline_and_milestone(self) -> None:
        """Baselines and milestone values are bounded the same way."""
        assert problem_of(lambda: Indicator(id="i", name="I", target=1, baseline=-2e15)) == (
            "$.baseline",
            "invalid-value",
        )
        assert problem_of(lambda: Milestone(date=D(2026, 3, 9), value=1e300)) == (
            "$.value",
            "invalid-value",
        )

    def test_extreme_unit_target(self) -> None:
        """A unit target beyond the bound is invalid-value at its unit."""
        build = lambda: Indicator(id="i", name="I", target=1, unit_targets={"north": 1e20})  # noqa: E731
        assert problem_of(build) == ("$.unit_targets.north", "invalid-value")

    def test_the_limits_are_accepted(self) -> None:
        """Exactly 1e15, and exactly 1e-9, are valid targets."""
        assert Indicator(id="i", name="I", target=MAX_VALUE).target == MAX_VALUE
        assert Indicator(id="i", name="I", target=MIN_VALUE).target == MIN_VALUE

    @pytest.mark.parametrize("digits", [400, 5000])
    def test_huge_integers_in_a_file(self, digits: int) -> None:
        """A 400- or 5,000-digit target or weight in a file is located, never an OverflowError."""
        doc: dict[str, Any] = {
            "id": "d",
            "name": "D",
            "window": {"start": "2026-03-02", "end": "2026-03-31"},
            "series": [
                {
                    "id": "s",
                    "name": "S",
                    "weight": 10 ** (digits - 1),
                    "indicators": [{"id": "i", "name": "I", "target": 10 ** (digits - 1)}],
                }
            ],
        }
        with pytest.raises(ValidationError) as info:
            structure_campaign(doc)
        found = sorted((p.path, p.code) for p in info.value.problems)
        assert found == [
            ("$.series[0].indicators[0].target", "invalid-value"),
            ("$.series[0].weight", "invalid-value"),
        ]
        size = "a huge integer" if digits > 4000 else f"an integer of {digits} digits"
        assert {p.message for p in info.value.problems} == {
            f"expected a finite number, got {size}, beyond what a number can hold"
        }


class TestWeightBounds:
    CAMPAIGN = Campaign(
        id="d",
        name="D",
        window=WINDOW,
        series=(ActivitySeries(id="s", name="S", weight=MAX_WEIGHT),),
    )

    @pytest.mark.parametrize(
        "weight",
        [10**400, 10**5000, MAX_WEIGHT * 10, -1, math.nan, math.inf],
        ids=["400-digits", "5000-digits", "1e10", "negative", "nan", "inf"],
    )
    def test_override_out_of_bounds(self, weight: float) -> None:
        """A weight override that is huge (even 5,000 digits), negative or not finite is located."""
        with pytest.raises(ValidationError) as info:
            Weights(self.CAMPAIGN, {"s": weight})
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ('$.weights["s"]', "invalid-weight")
        assert len(problem.message) < 200

    def test_model_weight_bound(self) -> None:
        """A series weight above 1e9 is invalid-value."""
        build = lambda: ActivitySeries(id="s", name="S", weight=MAX_WEIGHT * 2)  # noqa: E731
        assert problem_of(build) == ("$.weight", "invalid-value")

    def test_the_limit_is_accepted(self) -> None:
        """A weight of exactly 1e9 is valid, in the model and as an override."""
        assert Weights(self.CAMPAIGN, {"s": MAX_WEIGHT})("s") == MAX_WEIGHT


def _refuse_constant(name: str) -> float:
    msg = f"progress JSON holds {name}"
    raise AssertionError(msg)


class TestProgressJsonStaysFinite:
    @given(
        target=st.sampled_from([MIN_VALUE, -MIN_VALUE, MAX_VALUE, -MAX_VALUE, 1.0]),
        baseline=st.sampled_from([0.0, MAX_VALUE / 2, -MAX_VALUE / 2]),
        values=st.lists(st.sampled_from([MAX_READING, -MAX_READING, 5e-324, 1.0]), max_size=4),
        trajectory=st.sampled_from([Trajectory.LINEAR, Trajectory.MILESTONES]),
    )
    def test_extreme_model_values_give_valid_json(
        self, target: float, baseline: float, values: list[float], trajectory: Trajectory
    ) -> None:
        """With targets and baselines at their bounds and extreme readings, progress JSON holds
        no Infinity or NaN."""
        if target == baseline:
            return
        direction = "increase" if target > baseline else "decrease"
        try:
            milestones = (
                (Milestone(date=D(2026, 3, 10), value=baseline + (target - baseline) * MIN_VALUE),)
                if trajectory is Trajectory.MILESTONES
                else ()
            )
            ind = Indicator(
                id="i",
                name="I",
                target=target,
                baseline=baseline,
                direction=direction,
                trajectory=trajectory,
                milestones=milestones,
            )
        except ValidationError:
            return  # a milestone value under the bound: refused, which is what counts
        c = Campaign(
            id="d",
            name="D",
            window=WINDOW,
            series=(ActivitySeries(id="s", name="S", indicators=(ind,)),),
        )
        records = [
            Reading(indicator="i", date=D(2026, 3, 3 + k), value=v) for k, v in enumerate(values)
        ]
        result = progress(c, schedule(c), Ledger(records), D(2026, 3, 20))
        json.loads(progress_to_json(result), parse_constant=_refuse_constant)
