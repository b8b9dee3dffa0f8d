"""Planned fractions: linear over working days, step, milestones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Indicator, Milestone
from campaignkit.tracking import planned_fraction

D = dt.date
WEEKDAYS = WorkingCalendar()
START, DUE = D(2026, 3, 2), D(2026, 3, 27)  # Monday to Friday, 20 working days


def linear(**fields: object) -> Indicator:
    return Indicator(id="x", name="x", **{"target": 100, **fields})  # type: ignore[arg-type]


class TestLinear:
    @pytest.mark.parametrize(
        ("day", "fraction"),
        [
            (D(2026, 3, 1), 0.0),  # before the start
            (D(2026, 3, 2), 1 / 20),  # the first working day plans its own share
            (D(2026, 3, 8), 5 / 20),  # a Sunday: as the Friday before
            (D(2026, 3, 20), 15 / 20),
            (D(2026, 3, 27), 1.0),
            (D(2026, 4, 30), 1.0),  # after the due date
        ],
    )
    def test_working_days_elapsed_over_working_days_of_the_span(
        self, day: dt.date, fraction: float
    ) -> None:
        """planned = W(start, day) / W(start, due)."""
        assert planned_fraction(linear(), START, DUE, day, WEEKDAYS) == pytest.approx(fraction)

    def test_holidays_hold_the_plan(self) -> None:
        """A statutory holiday plans nothing: Spring Festival week 2010 on China's calendar."""
        cn = WorkingCalendar(country="CN")
        before = planned_fraction(linear(), D(2010, 2, 1), D(2010, 3, 31), D(2010, 2, 12), cn)
        during = planned_fraction(linear(), D(2010, 2, 1), D(2010, 3, 31), D(2010, 2, 19), cn)
        assert before == during

    def test_due_before_start_is_a_step(self) -> None:
        """A due date before the span's start plans everything from the due date on."""
        ind = linear()
        assert planned_fraction(ind, DUE, START, D(2026, 3, 1), WEEKDAYS) == 0.0
        assert planned_fraction(ind, DUE, START, START, WEEKDAYS) == 1.0

    @given(st.dates(D(2026, 2, 1), D(2026, 5, 1)), st.dates(D(2026, 2, 1), D(2026, 5, 1)))
    def test_never_decreases_and_stays_in_bounds(self, a: dt.date, b: dt.date) -> None:
        """The linear plan grows with the day, within [0, 1]."""
        early, late = sorted((a, b))
        f = [planned_fraction(linear(), START, DUE, d, WEEKDAYS) for d in (early, late)]
        assert 0.0 <= f[0] <= f[1] <= 1.0


class TestStepAndMilestones:
    def test_step(self) -> None:
        """Step: 0 before the due date, 1 from it on."""
        ind = linear(trajectory="step")
        assert planned_fraction(ind, START, DUE, D(2026, 3, 26), WEEKDAYS) == 0.0
        assert planned_fraction(ind, START, DUE, DUE, WEEKDAYS) == 1.0

    def test_milestone_on_the_due_date_replaces_the_end(self) -> None:
        """A milestone planning 80 on the due date ends the plan at 0.8, not 1."""
        ind = linear(trajectory="milestones", milestones=(Milestone(date=DUE, value=80),))
        # (03-01, 0) -> (03-27, 0.8): on 03-13, 0.8 * 10 / 20
        assert planned_fraction(ind, START, DUE, D(2026, 3, 13), WEEKDAYS) == pytest.approx(0.4)
        assert planned_fraction(ind, START, DUE, D(2026, 4, 1), WEEKDAYS) == pytest.approx(0.8)

    def test_milestone_before_the_start_replaces_the_beginning(self) -> None:
        """A milestone on or before the day before the start is the first point."""
        ind = linear(
            trajectory="milestones", milestones=(Milestone(date=D(2026, 2, 27), value=20),)
        )
        assert planned_fraction(ind, START, DUE, D(2026, 2, 26), WEEKDAYS) == 0.0
        assert planned_fraction(ind, START, DUE, D(2026, 2, 27), WEEKDAYS) == pytest.approx(0.2)
        # (02-27, 0.2) -> (03-27, 1.0): W(02-28 .. 03-13) = 10 of W(02-28 .. 03-27) = 20
        assert planned_fraction(ind, START, DUE, D(2026, 3, 13), WEEKDAYS) == pytest.approx(0.6)

    def test_decreasing_indicator_milestones(self) -> None:
        """Milestones of a decreasing indicator are fractions of the way down."""
        ind = Indicator(
            id="x", name="x", baseline=40, target=10, direction="decrease",
            trajectory="milestones", milestones=(Milestone(date=D(2026, 3, 13), value=25),),
        )  # fmt: skip
        # (25 - 40) / (10 - 40) = 0.5 on 03-13
        assert planned_fraction(ind, START, DUE, D(2026, 3, 13), WEEKDAYS) == pytest.approx(0.5)
