"""progress(): the formulas pinned on small hand-computed cases.

Every campaign here runs in March 2026 on a weekends-only calendar: 2026-03-02 is a Monday,
the window 03-02 .. 03-27 has 20 working days. Schedules are built by hand, so these tests do
not depend on the scheduler.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaignkit import RecordError, ValidationError
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Campaign,
    Cascade,
    Indicator,
    LeadershipGroup,
    Mechanism,
    Milestone,
    Person,
    Phase,
    Post,
    Unit,
    Window,
)
from campaignkit.scheduling import (
    DatedPhase,
    Schedule,
    ScheduledActivity,
    Slot,
    Timeline,
)
from campaignkit.tracking import (
    Accumulator,
    Cancelled,
    Held,
    Ledger,
    Mode,
    Reading,
    Status,
    Thresholds,
    progress,
    progress_series,
)
from support import hand_plan

D = dt.date
UTC = dt.UTC
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))
FRIDAYS = (D(2026, 3, 6), D(2026, 3, 13), D(2026, 3, 20), D(2026, 3, 27))


def slot(rule: dt.date, day: dt.date | None = None) -> Slot:
    start = dt.datetime.combine(day or rule, dt.time(9), UTC)
    return Slot(rule_date=rule, start=start, end=start + dt.timedelta(hours=1))


def scheduled(
    activity: str,
    series: str,
    day: dt.date,
    unit: str | None = None,
    participants: tuple[str, ...] = (),
) -> ScheduledActivity:
    start = dt.datetime.combine(day, dt.time(9), UTC)
    return ScheduledActivity(
        activity=activity,
        series=series,
        unit=unit,
        start=start,
        end=start + dt.timedelta(hours=2),
        placed=False,
        participants=participants,
    )


plan = hand_plan  # every campaign here spans WINDOW


def one_indicator(**fields: object) -> Campaign:
    ind = Indicator(id="ideas", name="ideas", **{"target": 100, **fields})
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        series=(ActivitySeries(id="s", name="S", indicators=(ind,)),),
    )


def indicator_at(campaign: Campaign, records: list[Any], as_of: dt.date) -> Any:
    result = progress(campaign, plan(campaign), Ledger(records), as_of)
    return result.indicator("ideas")


class TestIndicatorActual:
    def test_sum_adds_increments_up_to_the_day(self) -> None:
        """sum: actual = baseline + increments dated on or before as_of."""
        c = one_indicator()
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 3), value=30),
            Reading(indicator="ideas", date=D(2026, 3, 10), value=25),
            Reading(indicator="ideas", date=D(2026, 3, 20), value=40),  # after the day
        ]
        ind = indicator_at(c, records, D(2026, 3, 13))
        # actual = 0 + 30 + 25 = 55; completion = (55 - 0) / (100 - 0) = 0.55
        assert ind.actual == 55.0
        assert ind.completion == pytest.approx(0.55)
        assert ind.readings == 2
        assert ind.last_date == D(2026, 3, 10)

    def test_sum_starts_from_the_baseline(self) -> None:
        """sum with a baseline: increments add to it, completion counts from it."""
        c = one_indicator(baseline=10, target=14)
        ind = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=3)], D(2026, 3, 27)
        )
        # actual = 10 + 3 = 13; completion = (13 - 10) / (14 - 10) = 0.75
        assert ind.actual == 13.0
        assert ind.completion == pytest.approx(0.75)

    def test_last_takes_the_latest_by_day_then_by_record_id(self) -> None:
        """last: the latest day wins; on one day, the greatest record id."""
        c = one_indicator(aggregate="last")
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 3), value=40, id="b"),
            Reading(indicator="ideas", date=D(2026, 3, 5), value=70, id="a"),
            Reading(indicator="ideas", date=D(2026, 3, 5), value=65, id="c"),
        ]
        # 03-05 beats 03-03; between a and c on 03-05, "c" > "a": actual = 65
        assert indicator_at(c, records, D(2026, 3, 13)).actual == 65.0

    def test_max_takes_the_largest(self) -> None:
        """max: the largest reading, whatever its day."""
        c = one_indicator(aggregate="max")
        values = [(3, 3.0), (4, 9.0), (5, 4.0)]
        records = [Reading(indicator="ideas", date=D(2026, 3, d), value=v) for d, v in values]
        assert indicator_at(c, records, D(2026, 3, 13)).actual == 9.0

    def test_count_counts_readings(self) -> None:
        """count: actual = baseline + the number of readings."""
        c = one_indicator(aggregate="count", baseline=2, target=10)
        records = [Reading(indicator="ideas", date=D(2026, 3, d), value=0) for d in (3, 4, 5)]
        # actual = 2 + 3 = 5; completion = (5 - 2) / (10 - 2) = 0.375
        ind = indicator_at(c, records, D(2026, 3, 13))
        assert ind.actual == 5.0
        assert ind.completion == pytest.approx(0.375)

    def test_no_readings_leave_the_baseline(self) -> None:
        """Without readings the actual is the baseline and nothing is complete."""
        ind = indicator_at(
            one_indicator(aggregate="last", baseline=5, target=9), [], D(2026, 3, 13)
        )
        assert (ind.actual, ind.completion, ind.readings) == (5.0, 0.0, 0)


class TestCompletion:
    def test_decrease_is_mirrored(self) -> None:
        """A decreasing indicator completes as it falls from baseline to target."""
        c = one_indicator(aggregate="last", baseline=40, target=10, direction="decrease")
        ind = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=25)], D(2026, 3, 13)
        )
        # ratio = (25 - 40) / (10 - 40) = -15 / -30 = 0.5
        assert ind.completion == pytest.approx(0.5)

    def test_clamped_with_the_raw_ratio_kept(self) -> None:
        """Over-achievement shows in the ratio; completion stops at 1."""
        c = one_indicator()
        ind = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=130)], D(2026, 3, 13)
        )
        # ratio = 130 / 100 = 1.3; completion = min(1, 1.3) = 1
        assert ind.ratio == pytest.approx(1.3)
        assert ind.completion == 1.0

    def test_moving_away_from_target_clamps_at_zero(self) -> None:
        """A decrease indicator that rises has completion 0 and a negative ratio."""
        c = one_indicator(aggregate="last", baseline=40, target=10, direction="decrease")
        ind = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=46)], D(2026, 3, 13)
        )
        # ratio = (46 - 40) / (10 - 40) = -0.2
        assert ind.ratio == pytest.approx(-0.2)
        assert ind.completion == 0.0


class TestPlanned:
    def test_linear_over_working_days(self) -> None:
        """Linear: working days elapsed / working days of the span; SPI = completion / planned."""
        c = one_indicator()
        ind = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=55)], D(2026, 3, 13)
        )
        # W(03-02 .. 03-13) = 10 of W(03-02 .. 03-27) = 20: planned 0.5, planned value 50
        # spi = 0.55 / 0.5 = 1.1 >= 1.05: ahead
        assert ind.planned == pytest.approx(0.5)
        assert ind.planned_value == pytest.approx(50.0)
        assert ind.spi == pytest.approx(1.1)
        assert ind.status is Status.AHEAD

    def test_a_weekend_adds_nothing_to_the_plan(self) -> None:
        """Saturday and Sunday plan no more than the Friday before them."""
        c = one_indicator()
        friday, sunday = (indicator_at(c, [], D(2026, 3, d)).planned for d in (6, 8))
        assert friday == sunday == pytest.approx(5 / 20)

    def test_due_date_ends_the_plan_early(self) -> None:
        """An indicator due before the span's end is fully planned by its due date."""
        c = one_indicator(due=D(2026, 3, 13))
        # W(03-02 .. 03-06) = 5 of W(03-02 .. 03-13) = 10
        assert indicator_at(c, [], D(2026, 3, 6)).planned == pytest.approx(0.5)
        assert indicator_at(c, [], D(2026, 3, 16)).planned == 1.0

    def test_step_plans_nothing_before_the_due_date(self) -> None:
        """Step: planned 0 before due, so there is no SPI; the status follows what is done."""
        c = one_indicator(trajectory="step", due=D(2026, 3, 20))
        idle = indicator_at(c, [], D(2026, 3, 13))
        busy = indicator_at(
            c, [Reading(indicator="ideas", date=D(2026, 3, 3), value=5)], D(2026, 3, 13)
        )
        assert (idle.planned, idle.spi, idle.status) == (0.0, None, Status.ON)
        assert (busy.spi, busy.status) == (None, Status.AHEAD)
        assert indicator_at(c, [], D(2026, 3, 20)).planned == 1.0

    def test_milestones_are_joined_by_straight_lines(self) -> None:
        """Milestones: linear over working days between consecutive milestones."""
        milestones = (
            Milestone(date=D(2026, 3, 6), value=20),
            Milestone(date=D(2026, 3, 20), value=80),
        )
        c = one_indicator(trajectory="milestones", milestones=milestones)
        # points (03-01, 0), (03-06, 0.2), (03-20, 0.8), (03-27, 1.0)
        # on 03-13: 0.2 + (0.8 - 0.2) * W(03-07 .. 03-13) / W(03-07 .. 03-20) = 0.2 + 0.6 * 5/10
        assert indicator_at(c, [], D(2026, 3, 13)).planned == pytest.approx(0.5)
        # on 03-04: 0 + 0.2 * W(03-02 .. 03-04) / W(03-02 .. 03-06) = 0.2 * 3/5
        assert indicator_at(c, [], D(2026, 3, 4)).planned == pytest.approx(0.12)
        assert indicator_at(c, [], D(2026, 3, 27)).planned == 1.0


def meetings_campaign(**mechanism: object) -> Campaign:
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        people=(
            Person(id="yu", name="Yu", posts=(Post(title="secretary", unit="town"),)),
            Person(id="wang", name="Wang", posts=(Post(title="head", unit="v1"),)),
            Person(id="li", name="Li", posts=(Post(title="clerk", unit="v1"),)),
        ),
        units=(Unit(id="town", name="Town"), Unit(id="v1", name="V1", parent="town")),
        groups=(LeadershipGroup(id="g", name="G", leader="yu", members=("wang", "li")),),
        mechanisms=(
            Mechanism(
                id="weekly",
                name="Weekly",
                rule="FREQ=WEEKLY;BYDAY=FR",
                participants=("g",),
                **mechanism,
            ),
            Mechanism(id="att", name="Attendance", attendance=True),
            Mechanism(id="central", name="Central group"),
        ),
    )


def meetings_plan(campaign: Campaign, shifted: bool = False) -> Schedule:
    slots = [slot(d) for d in FRIDAYS]
    if shifted:  # the 03-20 meeting moved to Thursday 03-19
        slots[2] = slot(FRIDAYS[2], D(2026, 3, 19))
    timeline = Timeline(mechanism="weekly", units=(None,), slots=tuple(slots), participants=("g",))
    return plan(campaign, timelines=(timeline,), membership=(("g", ("yu", "wang", "li")),))


class TestAdherence:
    def test_held_against_due_with_cancelled_apart(self) -> None:
        """Adherence = held / due; a cancelled occurrence is neither held nor missed."""
        c = meetings_campaign()
        records = [
            Held(subject="weekly@2026-03-06", date=D(2026, 3, 6)),
            Cancelled(subject="weekly@2026-03-13", date=D(2026, 3, 12)),
        ]
        m = progress(c, meetings_plan(c), records, D(2026, 3, 20)).mechanism("weekly")
        # due by 03-20: 03-06, 03-13, 03-20 = 3; held 1; cancelled 1; missed 3 - 1 - 1 = 1
        assert m.occurrences is not None
        assert (m.occurrences.due, m.occurrences.held, m.occurrences.cancelled) == (3, 1, 1)
        assert m.occurrences.missed == 1
        assert m.adherence == pytest.approx(1 / 3)
        # completion = held / total = 1/4; planned = due / total = 3/4; spi = 1/3
        assert (m.completion, m.planned) == (pytest.approx(0.25), pytest.approx(0.75))
        assert m.status is Status.BEHIND

    def test_a_mechanism_id_matches_the_occurrence_of_that_day(self) -> None:
        """Held 'weekly' on the day a shifted occurrence took place matches its rule date."""
        c = meetings_campaign()
        records = [Held(subject="weekly", date=D(2026, 3, 19))]
        m = progress(c, meetings_plan(c, shifted=True), records, D(2026, 3, 20)).mechanism("weekly")
        # 03-19 is the day of the occurrence whose rule date is 03-20
        assert m.occurrences is not None
        assert m.occurrences.held == 1
        assert m.sessions == 0

    def test_held_early_counts_ahead_not_due(self) -> None:
        """An occurrence held before its day counts as ahead until it falls due."""
        c = meetings_campaign()
        records = [Held(subject="weekly@2026-03-27", date=D(2026, 3, 18))]
        m = progress(c, meetings_plan(c), records, D(2026, 3, 20)).mechanism("weekly")
        assert m.occurrences is not None
        assert (m.occurrences.held, m.occurrences.ahead) == (0, 1)
        # completion = (held + ahead) / total = 1/4
        assert m.completion == pytest.approx(0.25)

    def test_an_unmatched_held_record_is_a_session(self) -> None:
        """A held record of a standing mechanism, or off a recurring one's days, is a session."""
        c = meetings_campaign()
        records = [
            Held(subject="central", date=D(2026, 3, 4)),
            Held(subject="central", date=D(2026, 3, 11)),
            Held(subject="weekly", date=D(2026, 3, 10)),  # a Tuesday: an extra meeting
        ]
        p = progress(c, meetings_plan(c), records, D(2026, 3, 20))
        assert p.mechanism("central").sessions == 2
        assert p.mechanism("central").completion is None  # nothing to measure
        assert p.mechanism("weekly").sessions == 1

    def test_held_and_cancelled_counts_held_with_a_warning(self) -> None:
        """An occurrence recorded both held and cancelled counts as held and is reported."""
        c = meetings_campaign()
        records = [
            Held(subject="weekly@2026-03-06", date=D(2026, 3, 6)),
            Cancelled(subject="weekly@2026-03-06", date=D(2026, 3, 5)),
        ]
        p = progress(c, meetings_plan(c), records, D(2026, 3, 20))
        assert p.mechanism("weekly").occurrences.held == 1
        assert [x.code for x in p.problems] == ["held-and-cancelled"]


class TestUpcoming:
    """``MechanismProgress.upcoming``: the next occurrence still to be held (FRIDAYS)."""

    def test_the_next_day_of_the_schedule(self) -> None:
        """With nothing recorded ahead, the first occurrence after the day is next."""
        c = meetings_campaign()
        p = progress(c, meetings_plan(c), [], D(2026, 3, 12))
        assert p.mechanism("weekly").upcoming == D(2026, 3, 13)
        # on an occurrence's own day it is due, not next
        assert progress(c, meetings_plan(c), [], D(2026, 3, 13)).mechanism("weekly").upcoming == D(
            2026, 3, 20
        )

    def test_held_early_or_called_off_is_not_next(self) -> None:
        """03-13 held on 03-11 and 03-20 called off on 03-12: as of 03-12, 03-27 is next;
        with 03-27 held early too, nothing is left."""
        c = meetings_campaign()
        records = [
            Held(subject="weekly@2026-03-13", date=D(2026, 3, 11)),
            Cancelled(subject="weekly@2026-03-20", date=D(2026, 3, 12)),
        ]
        m = progress(c, meetings_plan(c), records, D(2026, 3, 12)).mechanism("weekly")
        assert m.upcoming == D(2026, 3, 27)
        early = [*records, Held(subject="weekly@2026-03-27", date=D(2026, 3, 12))]
        m = progress(c, meetings_plan(c), early, D(2026, 3, 12)).mechanism("weekly")
        assert m.upcoming is None

    def test_the_day_an_occurrence_took_place(self) -> None:
        """A shifted occurrence is next on the day it takes place (03-19), not its rule date."""
        c = meetings_campaign()
        m = progress(c, meetings_plan(c, shifted=True), [], D(2026, 3, 14)).mechanism("weekly")
        assert m.upcoming == D(2026, 3, 19)

    def test_a_cascade_waits_for_every_unit(self) -> None:
        """Held early by one unit of two, 03-13 is still next; by both, 03-20 is."""
        c = meetings_campaign(cascade=Cascade(units=("town", "v1")))
        slots = tuple(slot(d) for d in FRIDAYS)
        timeline = Timeline(
            mechanism="weekly", units=("town", "v1"), slots=slots, participants=("g",)
        )
        schedule = plan(c, timelines=(timeline,), membership=(("g", ("yu", "wang", "li")),))
        town = Held(subject="weekly@2026-03-13", unit="town", date=D(2026, 3, 11))
        v1 = Held(subject="weekly@2026-03-13", unit="v1", date=D(2026, 3, 11))
        as_of = D(2026, 3, 12)
        assert progress(c, schedule, [town], as_of).mechanism("weekly").upcoming == D(2026, 3, 13)
        both = progress(c, schedule, [town, v1], as_of).mechanism("weekly")
        assert both.upcoming == D(2026, 3, 20)

    def test_a_standing_mechanism_has_none(self) -> None:
        c = meetings_campaign()
        assert (
            progress(c, meetings_plan(c), [], D(2026, 3, 12)).mechanism("central").upcoming is None
        )


class TestAttendance:
    def test_rates_per_person_and_unit(self) -> None:
        """rate = present / (expected - excused), groups resolved to people, units over posts."""
        c = meetings_campaign()
        records = [
            Held(
                subject="weekly@2026-03-06",
                date=D(2026, 3, 6),
                present=("yu", "wang"),
                absent=("li",),
            ),
            Held(
                subject="weekly@2026-03-13", date=D(2026, 3, 13), present=("yu",), excused=("wang",)
            ),
            Held(subject="weekly@2026-03-20", date=D(2026, 3, 20)),  # no lists: unrecorded
        ]
        att = progress(c, meetings_plan(c), records, D(2026, 3, 20)).mechanism("att").attendance
        assert att is not None
        rates = {r.party: r for r in att.people}
        # yu: present 2 of 2 -> 1.0
        # wang: expected 2, present 1, excused 1 -> 1 / (2 - 1) = 1.0
        # li: expected 2 (group member), present 0 (absent, then not listed) -> 0.0
        assert (rates["yu"].rate, rates["wang"].rate, rates["li"].rate) == (1.0, 1.0, 0.0)
        assert (rates["li"].absent, rates["wang"].excused) == (2, 1)
        units = {r.party: r for r in att.units}
        # v1 (wang, li): present 1, expected 4, excused 1 -> 1 / 3
        # town (everyone, v1 lies below it): present 3, expected 6, excused 1 -> 3 / 5
        assert units["v1"].rate == pytest.approx(1 / 3)
        assert units["town"].rate == pytest.approx(0.6)
        assert (att.items, att.unrecorded) == (2, 1)
        assert [r.party for r in att.below(0.5)] == ["li"]

    def test_a_group_in_a_list_stands_for_its_people(self) -> None:
        """Listing the group as present marks each of its people present."""
        c = meetings_campaign()
        records = [Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("g",))]
        att = progress(c, meetings_plan(c), records, D(2026, 3, 20)).mechanism("att").attendance
        assert att is not None
        assert att.overall.rate == 1.0
        assert att.overall.expected == 3

    def test_applies_to_limits_the_scope(self) -> None:
        """An attendance mechanism counts only the items of what it applies to."""
        base = meetings_campaign()
        att = Mechanism(id="att", name="Attendance", attendance=True, applies_to=("central",))
        c = Campaign(
            id="c",
            name="C",
            window=WINDOW,
            people=base.people,
            units=base.units,
            groups=base.groups,
            mechanisms=(base.mechanisms[0], att, base.mechanisms[2]),
        )
        records = [Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu",))]
        result = progress(c, meetings_plan(c), records, D(2026, 3, 20)).mechanism("att")
        assert result.attendance is not None
        assert result.attendance.items == 0

    def test_unknown_attendee_is_reported_and_left_out(self) -> None:
        """A party id that names nobody is a warning; the record still counts."""
        c = meetings_campaign()
        records = [Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu", "nobody"))]
        p = progress(c, meetings_plan(c), records, D(2026, 3, 20))
        assert [(x.code, x.severity) for x in p.problems] == [("unknown-reference", "warning")]
        assert p.counts.used == 1


def cascade_campaign() -> Campaign:
    ind = Indicator(id="teams", name="teams", target=10, unit_targets={"v3": 4})
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        units=(
            Unit(id="town", name="Town"),
            *(Unit(id=f"v{i}", name=f"V{i}", parent="town") for i in (1, 2, 3)),
        ),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                cascade=Cascade(children_of="town"),
                indicators=(ind,),
                activities=(Activity(id="visit", name="Visit", date=D(2026, 3, 4)),),
            ),
        ),
    )


def cascade_plan(c: Campaign) -> Schedule:
    visits = tuple(scheduled("visit", "s", D(2026, 3, 4), unit=u) for u in ("v1", "v2", "v3"))
    return plan(c, activities=visits)


class TestCascades:
    def test_each_unit_against_its_own_target(self) -> None:
        """Units reach their own targets; the indicator is the mean of unit completions."""
        c = cascade_campaign()
        records = [
            Reading(indicator="teams", date=D(2026, 3, 3), value=10, unit="v1"),
            Reading(indicator="teams", date=D(2026, 3, 3), value=5, unit="v2"),
            Reading(indicator="teams", date=D(2026, 3, 3), value=1, unit="v3"),
        ]
        ind = progress(c, cascade_plan(c), records, D(2026, 3, 13)).indicator("teams")
        # v1 10/10 = 1.0, v2 5/10 = 0.5, v3 1/4 = 0.25; mean = 1.75 / 3
        assert [u.completion for u in ind.units] == [1.0, 0.5, 0.25]
        assert ind.completion == pytest.approx(1.75 / 3)
        # totals: actual 10 + 5 + 1 = 16, target 10 + 10 + 4 = 24
        assert (ind.actual, ind.target) == (16.0, 24.0)

    def test_units_are_ranked_best_first(self) -> None:
        """Series and campaign rank the units; best and worst read the ranking."""
        c = cascade_campaign()
        records = [
            Reading(indicator="teams", date=D(2026, 3, 3), value=2, unit="v1"),
            Reading(indicator="teams", date=D(2026, 3, 3), value=8, unit="v2"),
            Held(subject="visit/v2", date=D(2026, 3, 4)),
            Held(subject="visit", unit="v3", date=D(2026, 3, 4)),
        ]
        p = progress(c, cascade_plan(c), records, D(2026, 3, 13))
        # v1: (0.2 + 0) / 2 = 0.1; v2: (0.8 + 1) / 2 = 0.9; v3: (0 + 1) / 2 = 0.5
        ranking = [(u.unit, u.rank, u.completion) for u in p.series_by_id("s").units]
        assert ranking == [
            ("v2", 1, pytest.approx(0.9)),
            ("v3", 2, 0.5),
            ("v1", 3, pytest.approx(0.1)),
        ]
        assert [u.unit for u in p.best(1)] == ["v2"]
        assert [u.unit for u in p.worst(2)] == ["v1", "v3"]
        assert p.series_by_id("s").activities.held == 2

    def test_ties_share_a_rank(self) -> None:
        """Units with equal figures share a rank and keep campaign order."""
        c = cascade_campaign()
        p = progress(c, cascade_plan(c), [], D(2026, 3, 13))
        assert [(u.unit, u.rank) for u in p.units] == [("v1", 1), ("v2", 1), ("v3", 1)]


def two_series(weight_a: float = 1.0, phases: tuple[Phase, ...] = ()) -> Campaign:
    def series(id: str, weight: float, in_phases: tuple[str, ...] = ()) -> ActivitySeries:
        ind = Indicator(id=f"{id}-n", name=id, target=10, trajectory="step", due=D(2026, 3, 27))
        return ActivitySeries(id=id, name=id, weight=weight, indicators=(ind,), phases=in_phases)

    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=phases,
        series=(series("a", weight_a, ("p1",) if phases else ()), series("b", 1.0)),
    )


AB_RECORDS = [
    Reading(indicator="a-n", date=D(2026, 3, 3), value=8),
    Reading(indicator="b-n", date=D(2026, 3, 3), value=2),
]


class TestRollUp:
    def test_equal_weights_by_default(self) -> None:
        """Without weights the campaign is the plain mean of its series."""
        c = two_series()
        # (0.8 + 0.2) / 2 = 0.5
        assert progress(c, plan(c), AB_RECORDS, D(2026, 3, 27)).completion == pytest.approx(0.5)

    def test_model_weights(self) -> None:
        """A series' weight in the model counts."""
        c = two_series(weight_a=3.0)
        # (0.8 * 3 + 0.2 * 1) / 4 = 0.65
        assert progress(c, plan(c), AB_RECORDS, D(2026, 3, 27)).completion == pytest.approx(0.65)

    def test_weights_argument_overrides(self) -> None:
        """The weights mapping wins over the model; weight 0 leaves an item out."""
        c = two_series(weight_a=3.0)
        p = progress(c, plan(c), AB_RECORDS, D(2026, 3, 27), weights={"a": 0.0})
        # only b counts: 0.2
        assert p.completion == pytest.approx(0.2)

    def test_bad_weights_are_located(self) -> None:
        """Unknown ids and negative weights raise ValidationError naming each key."""
        c = two_series()
        with pytest.raises(ValidationError) as info:
            progress(c, plan(c), [], D(2026, 3, 27), weights={"nope": 1.0, "a": -1.0})
        assert sorted((p.path, p.code) for p in info.value.problems) == [
            ('$.weights["a"]', "invalid-weight"),
            ('$.weights["nope"]', "unknown-reference"),
        ]

    def test_phases_roll_up_their_items(self) -> None:
        """A phase rolls up the items in it; the campaign rolls up phases and unphased items."""
        phases = (Phase(id="p1", name="P1", start=D(2026, 3, 2), end=D(2026, 3, 13), weight=2.0),)
        c = two_series(phases=phases)
        dated = (
            DatedPhase(
                phase="p1",
                start=D(2026, 3, 2),
                end=D(2026, 3, 13),
                late_start=D(2026, 3, 2),
                late_finish=D(2026, 3, 13),
                slack=0,
                critical=True,
            ),
        )
        spans = (("a", D(2026, 3, 2), D(2026, 3, 13)), ("b", D(2026, 3, 16), D(2026, 3, 27)))
        p = progress(c, plan(c, phases=dated, spans=spans), AB_RECORDS, D(2026, 3, 27))
        # p1 holds a (0.8); b overlaps no phase and joins the campaign with weight 1
        # campaign = (0.8 * 2 + 0.2 * 1) / 3 = 0.6
        assert [s.id for s in p.phase("p1").series] == ["a"]
        assert p.phase("p1").completion == pytest.approx(0.8)
        assert p.completion == pytest.approx(0.6)

    def test_series_mixes_indicators_and_activities(self) -> None:
        """A series is the weighted mean of its indicators and its activities (held / total)."""
        ind = Indicator(id="n", name="n", target=10, trajectory="step", due=D(2026, 3, 27))
        acts = tuple(Activity(id=f"a{i}", name="A", date=D(2026, 3, 2 + i)) for i in range(4))
        c = Campaign(
            id="c",
            name="C",
            window=WINDOW,
            series=(ActivitySeries(id="s", name="S", indicators=(ind,), activities=acts),),
        )
        sched = plan(c, activities=tuple(scheduled(a.id, "s", a.date) for a in acts))
        records = [
            Reading(indicator="n", date=D(2026, 3, 3), value=6),
            Held(subject="a0", date=D(2026, 3, 2)),
        ]
        s = progress(c, sched, records, D(2026, 3, 27), weights={"s/activities": 3.0}).series_by_id(
            "s"
        )
        # indicator 0.6 (weight 1), activities 1/4 held (weight 3): (0.6 + 0.75) / 4 = 0.3375
        assert s.completion == pytest.approx(0.3375)
        assert (s.activities.total, s.activities.due, s.activities.held) == (4, 4, 1)
        assert (s.weight, s.scheduled_weight) == (1.0, 3.0)  # what a report states

    def test_no_records_earn_nothing_and_status_follows_the_plan(self) -> None:
        """With no records nothing is earned: on before anything is planned, behind after."""
        c = one_indicator()
        early = progress(c, plan(c), [], D(2026, 3, 1))
        late = progress(c, plan(c), [], D(2026, 3, 13))
        assert (early.completion, early.planned, early.spi, early.status) == (
            0.0,
            0.0,
            None,
            Status.ON,
        )
        assert (late.completion, late.status) == (0.0, Status.BEHIND)

    def test_thresholds_are_parameters(self) -> None:
        """Status bands come from the thresholds argument."""
        c = one_indicator()
        records = [Reading(indicator="ideas", date=D(2026, 3, 3), value=45)]
        # spi = 0.45 / 0.5 = 0.9
        assert progress(c, plan(c), records, D(2026, 3, 13)).status is Status.AT_RISK
        lenient = Thresholds(ahead=1.2, on=0.9, at_risk=0.5)
        assert progress(c, plan(c), records, D(2026, 3, 13), thresholds=lenient).status is Status.ON


class TestProblems:
    @pytest.mark.parametrize(
        ("record", "code"),
        [
            (Reading(indicator="nope", date=D(2026, 3, 3), value=1), "unknown-reference"),
            (Reading(indicator="s", date=D(2026, 3, 3), value=1), "wrong-kind-reference"),
            (Reading(indicator="ideas", date=D(2026, 4, 3), value=1), "outside-window"),
            (
                Reading(indicator="ideas", date=D(2026, 3, 3), value=1, mode=Mode.CUMULATIVE),
                "mode-mismatch",
            ),
            (
                Reading(indicator="ideas", date=D(2026, 3, 3), value=1, unit="nowhere"),
                "unknown-reference",
            ),
            (Held(subject="ghost", date=D(2026, 3, 3)), "unknown-reference"),
            (Held(subject="ideas", date=D(2026, 3, 3)), "wrong-kind-reference"),
        ],
    )
    def test_bad_records_are_reported_not_used(self, record: object, code: str) -> None:
        """Each bad record is one located problem and counts as reported."""
        c = one_indicator()
        p = progress(c, plan(c), [record], D(2026, 3, 13))
        assert [x.code for x in p.problems] == [code]
        assert p.problems[0].path.startswith(f'$.records["{record.id}"]')
        assert (p.counts.read, p.counts.used, p.counts.reported) == (1, 0, 1)

    @pytest.mark.parametrize(
        ("record", "code"),
        [
            (Held(subject="weekly@2026-03-07", date=D(2026, 3, 7)), "unknown-occurrence"),
            (Held(subject="weekly@2026-3-6", date=D(2026, 3, 6)), "unknown-occurrence"),
            (Held(subject="weekly/v1@2026-03-06", date=D(2026, 3, 6)), "unexpected-unit"),
            (Held(subject="central@2026-03-06", date=D(2026, 3, 6)), "unknown-occurrence"),
            (Cancelled(subject="central", date=D(2026, 3, 6)), "not-scheduled"),
            (Held(subject="weekly@2026-03-06", unit="town", date=D(2026, 3, 6)), "unexpected-unit"),
        ],
    )
    def test_bad_subjects(self, record: object, code: str) -> None:
        """Held and cancelled subjects must name something scheduled."""
        c = meetings_campaign()
        p = progress(c, meetings_plan(c), [record], D(2026, 3, 20))
        assert [x.code for x in p.problems] == [code]

    @pytest.mark.parametrize(
        ("record", "code"),
        [
            (Reading(indicator="teams", date=D(2026, 3, 3), value=1), "missing-unit"),
            (Reading(indicator="teams", date=D(2026, 3, 3), value=1, unit="town"), "unknown-unit"),
            (Held(subject="visit", date=D(2026, 3, 4)), "missing-unit"),
            (Held(subject="visit/v1", unit="v2", date=D(2026, 3, 4)), "unit-mismatch"),
            (Held(subject="visit/town", date=D(2026, 3, 4)), "unknown-unit"),
        ],
    )
    def test_cascade_units(self, record: object, code: str) -> None:
        """Cascaded indicators and activities need a unit of their cascade."""
        c = cascade_campaign()
        p = progress(c, cascade_plan(c), [record], D(2026, 3, 13))
        assert [x.code for x in p.problems] == [code]

    def test_unit_on_a_plain_last_indicator_is_refused(self) -> None:
        """A unit on a reading of a non-cascaded 'last' indicator would mix levels."""
        c = one_indicator(aggregate="last")
        records = [Reading(indicator="ideas", date=D(2026, 3, 3), value=1, unit="v1")]
        assert [x.code for x in progress(c, plan(c), records, D(2026, 3, 13)).problems] == [
            "unexpected-unit"
        ]

    def test_conflicting_duplicates_use_no_version(self) -> None:
        """Same id, other content: reported once, every version counted as reported."""
        c = one_indicator()
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 3), value=5, id="r1"),
            Reading(indicator="ideas", date=D(2026, 3, 3), value=6, id="r1"),
            Reading(indicator="ideas", date=D(2026, 3, 3), value=7, id="r2"),
        ]
        p = progress(c, plan(c), records, D(2026, 3, 13))
        assert [(x.code, x.path) for x in p.problems] == [
            ("conflicting-duplicate", '$.records["r1"]')
        ]
        assert p.indicator("ideas").actual == 7.0
        # read = 2 versions of r1 + r2 = 3 = used 1 + after 0 + reported 2
        assert (p.counts.read, p.counts.used, p.counts.after_as_of, p.counts.reported) == (
            3,
            1,
            0,
            2,
        )

    @pytest.mark.parametrize("unique_ids", [True, False])
    def test_readings_after_every_tracked_day_are_counted_not_kept(self, unique_ids: bool) -> None:
        """No result is asked for a day after the last tracked one, so the readings dated
        after it keep no cell, whichever way they come in (one by one, by their totals, by
        a merge); they are still counted and their problems still reported."""
        c = one_indicator()
        day = D(2026, 3, 13)
        later = [
            Reading(indicator="ideas", date=D(2026, 3, 20), value=5, id="a"),
            Reading(indicator="nope", date=D(2026, 3, 21), value=1, id="b"),
        ]
        acc = Accumulator(c, plan(c), days=[day], unique_ids=unique_ids)
        acc.update([Reading(indicator="ideas", date=D(2026, 3, 3), value=7, id="c"), *later])
        other = Accumulator(c, plan(c), days=[day], unique_ids=unique_ids)
        other.update([Reading(indicator="ideas", date=D(2026, 3, 25), value=2, id="d")])
        if unique_ids:  # and a group of readings by their totals
            assert other.add_reading_totals(
                "ideas", None, None, first=D(2026, 3, 26), last=D(2026, 3, 27), count=2,
                total=3, maximum=2.0, last_id="f", last_value=1.0, last_low=1.0, last_high=1.0,
                assumed=0,
            )  # fmt: skip
        acc.merge(other)
        p = acc.result(day)
        assert p.indicator("ideas").actual == 7.0
        # after: a, d (and the two by their totals); b is reported, not used
        assert p.counts.after_as_of == (4 if unique_ids else 2)
        assert [x.code for x in p.problems] == ["unknown-reference"]
        assert set(acc._folded()[0].readings) == {0}  # the bucket of the tracked day only

    def test_only_records(self) -> None:
        """Anything but a record in the ledger is a RecordError, not a traceback."""
        c = one_indicator()
        with pytest.raises(RecordError, match="invalid-record"):
            progress(c, plan(c), ["not a record"], D(2026, 3, 13))

    def test_counts_close(self) -> None:
        """read = used + after_as_of + reported, repeats counted once."""
        c = one_indicator()
        r = Reading(indicator="ideas", date=D(2026, 3, 3), value=5)
        records = [
            r,
            r,
            Reading(indicator="ideas", date=D(2026, 3, 20), value=5),
            Reading(indicator="x", date=D(2026, 3, 3), value=1),
        ]
        counts = progress(c, plan(c), records, D(2026, 3, 13)).counts
        assert (counts.read, counts.used, counts.after_as_of, counts.reported) == (3, 1, 1, 1)


class TestSeriesAndAccumulator:
    def test_progress_series_matches_one_call_per_day(self) -> None:
        """progress_series gives, for each day, what progress gives for that day."""
        c = meetings_campaign()
        s = meetings_plan(c)
        records = [
            Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu",)),
            Held(subject="weekly@2026-03-20", date=D(2026, 3, 20)),
        ]
        days = [D(2026, 3, 27), D(2026, 3, 1), D(2026, 3, 13), D(2026, 3, 13)]
        assert progress_series(c, s, records, days) == tuple(
            progress(c, s, records, d) for d in days
        )

    def test_untracked_day_is_an_error(self) -> None:
        """An accumulator made for some days answers for those days only."""
        c = one_indicator()
        acc = Accumulator(c, plan(c), days=[D(2026, 3, 13)])
        with pytest.raises(ValidationError, match="untracked-day"):
            acc.result(D(2026, 3, 14))

    def test_merge_needs_the_same_setting(self) -> None:
        """Accumulators with different days do not merge."""
        c = one_indicator()
        with pytest.raises(ValidationError, match="accumulator-mismatch"):
            Accumulator(c, plan(c)).merge(Accumulator(c, plan(c), days=[D(2026, 3, 13)]))

    def test_unique_ids_mode_gives_the_same_result(self) -> None:
        """With distinct ids, trusting them gives the result of checking them."""
        c = meetings_campaign()
        s = meetings_plan(c)
        records = [
            Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu",)),
            Cancelled(subject="weekly@2026-03-13", date=D(2026, 3, 12)),
            Held(subject="central", date=D(2026, 3, 10)),
        ]
        trusting = Accumulator(c, s, unique_ids=True)
        trusting.update(records)
        assert trusting.result(D(2026, 3, 20)) == progress(c, s, records, D(2026, 3, 20))

    def test_checked_ids_fold_again_only_after_a_conflict(self) -> None:
        """With ids checked, held and cancelled records and records seen again are folded
        as they come: the state is made again from what is kept only when an id comes with
        other contents (a state cannot take a version out). The figures are those of the
        distinct records either way."""
        c = meetings_campaign()
        s = meetings_plan(c)
        held = Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu",))
        records = [
            held,
            Cancelled(subject="weekly@2026-03-13", date=D(2026, 3, 12)),
            Held(subject="central", date=D(2026, 3, 10)),
            held,  # the same record again: counted once
        ]
        acc = Accumulator(c, s)
        acc.update(records)
        state = acc._state
        assert acc.result(D(2026, 3, 20)) == progress(c, s, records[:3], D(2026, 3, 20))
        assert acc._state is state  # nothing was folded again
        acc.add(Held(subject="weekly@2026-03-06", date=D(2026, 3, 7), id=held.id))
        p = acc.result(D(2026, 3, 20))
        assert acc._state is not state  # the conflict took the folded version out
        assert [x.code for x in p.problems] == ["conflicting-duplicate"]
        weekly = p.mechanism("weekly")
        assert weekly.occurrences is not None
        # due by 03-20: 03-06, 03-13, 03-20; 03-13 cancelled; neither version of 03-06 used
        assert (weekly.occurrences.held, weekly.occurrences.cancelled) == (0, 1)

    def test_inputs_are_not_changed(self) -> None:
        """progress() is pure: the ledger and the schedule come out as they went in."""
        c = meetings_campaign()
        s = meetings_plan(c)
        ledger = Ledger([Held(subject="weekly@2026-03-06", date=D(2026, 3, 6), present=("yu",))])
        before = (ledger, s, c)
        first = progress(c, s, ledger, D(2026, 3, 20))
        assert (ledger, s, c) == before
        assert progress(c, s, ledger, D(2026, 3, 20)) == first
