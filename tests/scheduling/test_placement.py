"""Placing undated activities: window, working days, weekdays, gap, commitments, strategies."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import SchedulingError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    CalendarSpec,
    Campaign,
    Cascade,
    Mechanism,
    Person,
    Placement,
    PlacementStrategy,
    Unit,
    Weekday,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.scheduling._placement import feasible_days, greedy, place

D = dt.date
CN = WorkingCalendar(country="CN")
WINDOW = Window(start=D(2010, 2, 1), end=D(2010, 3, 31))


def _campaign(*series: ActivitySeries, **extra: object) -> Campaign:
    return Campaign(
        id="c",
        name="C",
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        window=WINDOW,
        series=series,
        **extra,  # type: ignore[arg-type]
    )


def _placed(c: Campaign) -> list[dt.date]:
    return [a.day for a in schedule(c).activities if a.placed]


class TestPlace:
    def test_asap_takes_the_earliest_working_days(self) -> None:
        """asap on China's calendar from 10 February: 10, 11, 12, then the make-up Saturday 20."""
        days = feasible_days(D(2010, 2, 10), D(2010, 2, 28), CN)
        assert place(days, 4, gap=1, strategy=PlacementStrategy.ASAP) == [
            D(2010, 2, 10),
            D(2010, 2, 11),
            D(2010, 2, 12),
            D(2010, 2, 20),
        ]

    def test_spread_aims_at_the_middles_of_equal_stretches(self) -> None:
        """Two activities over 1-31 March (31 days): aims at day 8.25 and 23.75 → Mon 8 and Tue 23."""
        days = feasible_days(D(2010, 3, 1), D(2010, 3, 31), CN)
        # stretch = 31 / 2 = 15.5 days; aims 1 + 15.5 * 0.5 - 0.5 = 8.25 and 1 + 15.5 * 1.5 - 0.5 = 23.75
        assert place(days, 2, gap=1, strategy=PlacementStrategy.SPREAD) == [
            D(2010, 3, 8),
            D(2010, 3, 24),
        ]

    def test_greedy_counts_what_fits(self) -> None:
        """With a 7-day gap, 22 working days of March hold 5 activities (1, 8, 15, 22, 29)."""
        days = feasible_days(D(2010, 3, 1), D(2010, 3, 31), CN)
        assert len(greedy(days, 100, 7)) == 5

    def test_weekdays_and_fixed_days(self) -> None:
        """Only allowed weekdays count, and days within the gap of a fixed activity are out."""
        days = feasible_days(
            D(2010, 3, 1), D(2010, 3, 31), CN, weekdays={0, 2}, fixed=[D(2010, 3, 10)], gap=3
        )
        # Mondays and Wednesdays, less 8 (2 days before 10), 10 itself and 12 (not a Mon/Wed anyway)
        assert [d.day for d in days] == [1, 3, 15, 17, 22, 24, 29, 31]


class TestInSchedule:
    def test_generated_ids_follow_the_series_own_undated_activities(self) -> None:
        """The series' own undated activities come first, then <series>#1..#count, in day order."""
        series = ActivitySeries(
            id="forum",
            name="Forum",
            activities=(Activity(id="opening", name="Opening"),),
            placement=Placement(count=2, strategy="asap", weekdays=(Weekday.WED,)),
        )
        placed = [a for a in schedule(_campaign(series)).activities if a.placed]
        assert [(a.activity, a.day) for a in placed] == [
            ("opening", D(2010, 2, 3)),
            ("forum#1", D(2010, 2, 10)),
            ("forum#2", D(2010, 2, 24)),  # Wednesday 17 is Spring Festival
        ]

    def test_infeasible_placement_names_series_window_and_shortfall(self) -> None:
        """Asking for 10 activities a week apart in February fails with a located error that
        names the series, the window, the feasible days and the number needed."""
        series = ActivitySeries(
            id="tour",
            name="Tour",
            window=Window(start=D(2010, 2, 1), end=D(2010, 2, 28)),
            placement=Placement(count=10, min_gap_days=7),
        )
        with pytest.raises(SchedulingError) as info:
            schedule(_campaign(series))
        (problem,) = info.value.problems
        assert problem.code == "placement-infeasible"
        assert problem.path == "$.series[0].placement"
        # February 2010 in China: 1-5, 8-12, Sat 20, Sun 21, 22-26 → 17 working days;
        # a week apart only 1, 8 and 20 fit (the 27th is a Saturday off) → room for 3
        for part in (
            "'tour'",
            "10 activities",
            "2010-02-01 .. 2010-02-28",
            "17 feasible",
            "room for 3",
        ):
            assert part in problem.message

    def test_avoid_conflicts_keeps_off_the_leads_meetings(self) -> None:
        """With avoid_conflicts, placed activities avoid days when the lead's group meets."""
        series = ActivitySeries(
            id="visits",
            name="Visits",
            placement=Placement(count=5, strategy="asap", avoid_conflicts=True),
        )
        c = _campaign(
            series,
            people=(Person(id="li", name="Li"),),
            mechanisms=(
                Mechanism(
                    id="daily", name="D", rule="FREQ=WEEKLY;BYDAY=MO,TU,WE", participants=("li",)
                ),
            ),
            assignments=(
                Assignment(subject="visits", party="li", role="lead"),
                Assignment(subject="daily", party="li", role="lead"),
            ),
        )
        assert {d.weekday() for d in _placed(c)} <= {3, 4, 5, 6}

    def test_cascaded_series_gives_every_unit_a_copy(self) -> None:
        """Each unit of a cascaded series gets its own copy of every activity, on the same days."""
        series = ActivitySeries(
            id="s",
            name="S",
            cascade=Cascade(units=("a", "b")),
            activities=(Activity(id="kick", name="K", date=D(2010, 2, 2)),),
            placement=Placement(count=2),
        )
        c = _campaign(series, units=(Unit(id="a", name="A"), Unit(id="b", name="B")))
        acts = schedule(c).activities
        assert sorted(a.ref for a in acts) == [
            "kick/a",
            "kick/b",
            "s#1/a",
            "s#1/b",
            "s#2/a",
            "s#2/b",
        ]
        by_unit = {u: [a.day for a in acts if a.unit == u] for u in ("a", "b")}
        assert by_unit["a"] == by_unit["b"]


@st.composite
def placements(draw: st.DrawFn) -> tuple[Placement, Window]:
    start = D(2010, 1, 1) + dt.timedelta(days=draw(st.integers(0, 150)))
    end = start + dt.timedelta(days=draw(st.integers(0, 120)))
    plan = Placement(
        count=draw(st.integers(0, 12)),
        weekdays=tuple(draw(st.sets(st.sampled_from(list(Weekday)), max_size=4))),
        min_gap_days=draw(st.integers(0, 10)),
        strategy=draw(st.sampled_from(list(PlacementStrategy))),
    )
    return plan, Window(start=start, end=end)


def _series_campaign(plan: Placement, window: Window) -> Campaign:
    return Campaign(
        id="c",
        name="C",
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        window=Window(start=D(2009, 12, 1), end=D(2010, 12, 31)),
        series=(ActivitySeries(id="s", name="S", window=window, placement=plan),),
    )


@given(placements())
def test_placement_honours_window_weekdays_gap_and_working_days(
    drawn: tuple[Placement, Window],
) -> None:
    """Placed days lie in the window, on working days and allowed weekdays, at least the gap apart;
    when placement fails, even the greedy could not fit them."""
    plan, window = drawn
    c = _series_campaign(plan, window)
    feasible = feasible_days(
        window.start, window.end, CN, weekdays={d.number for d in plan.weekdays}
    )
    fits = len(greedy(feasible, plan.count, max(plan.min_gap_days, 1))) == plan.count
    if not fits:
        with pytest.raises(SchedulingError, match="placement-infeasible"):
            schedule(c)
        return
    days = _placed(c)
    assert len(days) == plan.count
    allowed = {d.number for d in plan.weekdays} or set(range(7))
    for day in days:
        assert day in window
        assert CN.is_working_day(day)
        assert day.weekday() in allowed
    for a, b in itertools.pairwise(days):
        assert (b - a).days >= max(plan.min_gap_days, 1)


@given(placements(), st.integers(0, 60), st.integers(0, 60))
def test_widening_the_window_never_makes_placement_infeasible(
    drawn: tuple[Placement, Window], before: int, after: int
) -> None:
    """A placement that succeeds in a window still succeeds in any wider window."""
    plan, window = drawn
    try:
        _placed(_series_campaign(plan, window))
    except SchedulingError:
        return
    wider = Window(
        start=max(D(2009, 12, 1), window.start - dt.timedelta(days=before)),
        end=min(D(2010, 12, 31), window.end + dt.timedelta(days=after)),
    )
    assert len(_placed(_series_campaign(plan, wider))) == plan.count


@given(placements())
def test_placement_is_deterministic(drawn: tuple[Placement, Window]) -> None:
    """The same campaign gives the same days, every time."""
    plan, window = drawn
    c = _series_campaign(plan, window)
    try:
        first = schedule(c)
    except SchedulingError:
        return
    assert schedule(c) == first
