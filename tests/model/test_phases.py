"""Tests for campaignkit.model._phases: fixed and relative phases, exit gates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaignkit import ValidationError
from campaignkit.model import GateCondition, Phase

MAR_1, MAR_31 = dt.date(2010, 3, 1), dt.date(2010, 3, 31)


def located(**fields: Any) -> tuple[str, str]:
    """The (path, code) of the one problem a phase built from *fields* raises."""
    with pytest.raises(ValidationError) as info:
        Phase(id="p", name="p", **fields)
    [problem] = info.value.problems
    return problem.path, problem.code


class TestPhase:
    def test_fixed_phase(self) -> None:
        """A phase with both dates is fixed."""
        p = Phase(id="p", name="p", start=MAR_1, end=MAR_31)
        assert p.fixed
        assert (p.duration, p.after, p.lag) == (None, (), 0)

    def test_relative_phase(self) -> None:
        """A phase with a duration, predecessors and a lag is relative."""
        p = Phase(id="p", name="p", duration=5, after=("a", "b"), lag=2)
        assert not p.fixed

    def test_one_day_fixed_phase(self) -> None:
        """A fixed phase may start and end on one day."""
        assert Phase(id="p", name="p", start=MAR_1, end=MAR_1).fixed

    def test_dates_and_duration_is_phase_timing(self) -> None:
        """Fixed dates together with a duration is phase-timing at ``$.duration``."""
        assert located(start=MAR_1, end=MAR_31, duration=3) == ("$.duration", "phase-timing")

    def test_start_alone_is_phase_timing_at_end(self) -> None:
        """A start without an end is phase-timing at ``$.end``, the missing date."""
        assert located(start=MAR_1) == ("$.end", "phase-timing")

    def test_end_alone_is_phase_timing_at_start(self) -> None:
        """An end without a start is phase-timing at ``$.start``, the missing date."""
        assert located(end=MAR_31) == ("$.start", "phase-timing")

    def test_neither_dates_nor_duration_is_phase_timing(self) -> None:
        """A phase with no timing at all is phase-timing at ``$.duration``."""
        assert located() == ("$.duration", "phase-timing")

    @pytest.mark.parametrize("duration", [0, -3])
    def test_duration_below_one_is_invalid_value(self, duration: int) -> None:
        """A duration under one working day is invalid-value at ``$.duration``."""
        assert located(duration=duration) == ("$.duration", "invalid-value")

    def test_end_before_start_is_window_order(self) -> None:
        """A fixed phase ending before it starts is window-order at ``$.end``."""
        assert located(start=MAR_31, end=MAR_1) == ("$.end", "window-order")

    def test_fixed_phase_after_others_is_phase_timing(self) -> None:
        """A fixed phase cannot follow other phases: phase-timing at ``$.after``."""
        assert located(start=MAR_1, end=MAR_31, after=("a",)) == ("$.after", "phase-timing")

    def test_fixed_phase_with_lag_is_phase_timing(self) -> None:
        """A fixed phase cannot have a lag either: phase-timing at ``$.after``."""
        assert located(start=MAR_1, end=MAR_31, lag=2) == ("$.after", "phase-timing")

    def test_negative_lag_is_refused(self) -> None:
        """A negative lag is refused, naming the field."""
        with pytest.raises(ValueError, match="'lag'"):
            Phase(id="p", name="p", duration=2, lag=-1)

    def test_negative_weight_is_refused(self) -> None:
        """A negative weight is refused, naming the field."""
        with pytest.raises(ValueError, match="'weight'"):
            Phase(id="p", name="p", duration=2, weight=-0.5)


class TestGateCondition:
    def test_completion_defaults_to_whole(self) -> None:
        """A gate condition asks for full completion by default."""
        assert GateCondition(indicator="ideas").completion == 1.0

    @pytest.mark.parametrize("completion", [-0.1, 1.5])
    def test_completion_outside_unit_interval_is_refused(self, completion: float) -> None:
        """A completion outside [0, 1] is refused, naming the field."""
        with pytest.raises(ValueError, match="'completion'"):
            GateCondition(indicator="ideas", completion=completion)
