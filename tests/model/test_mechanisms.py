"""Tests for campaignkit.model._mechanisms: recurring and standing mechanisms, cascades."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit import ValidationError
from campaignkit.model import Cascade, Mechanism, NonWorkingDayPolicy


def located(err: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in err.value.problems]


class TestCascade:
    def test_units(self) -> None:
        """A cascade may list its units."""
        assert Cascade(units=("a", "b")).children_of is None

    def test_children_of(self) -> None:
        """A cascade may name the unit whose children run it."""
        assert Cascade(children_of="town").units == ()

    def test_neither_is_cascade_target(self) -> None:
        """A cascade naming no unit at all is cascade-target at ``$.units``."""
        with pytest.raises(ValidationError) as info:
            Cascade()
        assert located(info) == [("$.units", "cascade-target")]

    def test_both_is_cascade_target(self) -> None:
        """A cascade naming both units and a parent is cascade-target at ``$.units``."""
        with pytest.raises(ValidationError) as info:
            Cascade(units=("a",), children_of="town")
        assert located(info) == [("$.units", "cascade-target")]


class TestMechanism:
    def test_recurring_with_defaults(self) -> None:
        """A mechanism with a rule recurs; it meets at 09:00 for an hour and skips non-working days."""
        m = Mechanism(id="weekly", name="每周例会", rule="FREQ=WEEKLY;BYDAY=MO")
        assert m.recurring
        assert (m.time, m.duration_minutes) == (dt.time(9, 0), 60)
        assert m.on_non_working_day is NonWorkingDayPolicy.SKIP

    def test_standing(self) -> None:
        """A mechanism without a rule is standing."""
        assert not Mechanism(id="attendance", name="考勤", attendance=True).recurring

    def test_policy_from_text(self) -> None:
        """The non-working-day policy may be given by its value."""
        m = Mechanism(id="m", name="m", rule="FREQ=DAILY", on_non_working_day="next_working_day")  # type: ignore[arg-type]
        assert m.on_non_working_day is NonWorkingDayPolicy.NEXT_WORKING_DAY

    def test_unknown_policy_is_refused(self) -> None:
        """A policy that is not one of the four is refused."""
        with pytest.raises(ValueError, match="postpone"):
            Mechanism(id="m", name="m", on_non_working_day="postpone")  # type: ignore[arg-type]

    @pytest.mark.parametrize("rule", ["", "  \n "])
    def test_blank_rule_is_bad_rule(self, rule: str) -> None:
        """A blank rule is bad-rule at ``$.rule`` (a standing mechanism leaves it out)."""
        with pytest.raises(ValidationError) as info:
            Mechanism(id="m", name="m", rule=rule)
        assert located(info) == [("$.rule", "bad-rule")]

    def test_applies_to_without_attendance_is_invalid_value(self) -> None:
        """applies_to only goes with attendance: invalid-value at ``$.applies_to``."""
        with pytest.raises(ValidationError) as info:
            Mechanism(id="m", name="m", applies_to=("weekly",))
        assert located(info) == [("$.applies_to", "invalid-value")]

    def test_applies_to_with_attendance(self) -> None:
        """An attendance mechanism may name what it applies to."""
        m = Mechanism(id="m", name="m", attendance=True, applies_to=("weekly",))
        assert m.applies_to == ("weekly",)

    def test_zero_duration_is_refused(self) -> None:
        """A duration of 0 minutes is refused, naming the field."""
        with pytest.raises(ValueError, match="'duration_minutes'"):
            Mechanism(id="m", name="m", rule="FREQ=DAILY", duration_minutes=0)


class TestNonWorkingDayPolicy:
    def test_four_policies(self) -> None:
        """There are exactly four policies, written in snake case."""
        assert [p.value for p in NonWorkingDayPolicy] == [
            "keep",
            "skip",
            "next_working_day",
            "previous_working_day",
        ]
