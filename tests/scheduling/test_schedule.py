"""The Schedule value: spans, queries, conflicts, notes, determinism."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import SchedulingError, ValidationError
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    Campaign,
    Cascade,
    LeadershipGroup,
    Mechanism,
    Person,
    Phase,
    Placement,
    Post,
    Unit,
    Window,
)
from campaignkit.scheduling import NO_RECURRENCE, Schedule, schedule

D = dt.date
EXAMPLES = Path(__file__).parents[2] / "examples"


def _campaign() -> Campaign:
    """March 2026 on weekends only: a weekly Monday meeting of the group, two phases, a series
    with a dated activity and two placed ones, and a cascaded Friday patrol in two villages."""
    return Campaign(
        id="drive",
        name="Drive",
        timezone="Europe/Berlin",
        window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
        people=(
            Person(
                id="ana",
                name="Ana",
                email="ana@example.org",
                posts=(Post(title="head", unit="north"),),
            ),
            Person(id="bo", name="Bo"),
        ),
        units=(
            Unit(id="town", name="Town"),
            Unit(id="north", name="North", parent="town"),
            Unit(id="south", name="South", parent="town"),
        ),
        groups=(LeadershipGroup(id="lg", name="Group", leader="ana", members=("bo",)),),
        phases=(
            Phase(id="prep", name="Prep", duration=5),
            Phase(id="run", name="Run", duration=10, after=("prep",)),
        ),
        mechanisms=(
            Mechanism(
                id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=MO", participants=("lg",)
            ),
            Mechanism(
                id="patrol",
                name="Patrol",
                rule="FREQ=WEEKLY;BYDAY=FR",
                cascade=Cascade(children_of="town"),
                phases=("run",),
            ),
        ),
        series=(
            ActivitySeries(
                id="talks",
                name="Talks",
                phases=("run",),
                activities=(
                    Activity(
                        id="open",
                        name="Open",
                        date=D(2026, 3, 9),
                        time=dt.time(9, 30),
                        participants=("bo",),
                    ),
                ),
                placement=Placement(count=2, strategy="asap"),
                participants=("ana",),
            ),
        ),
        assignments=(Assignment(subject="talks", party="ana", role="lead"),),
    )


@pytest.fixture(scope="module")
def s() -> Schedule:
    return schedule(_campaign())


class TestSpans:
    def test_phases_and_spans(self, s: Schedule) -> None:
        """prep runs 2-6 March, run 9-20 March; patrol and talks take run's span, weekly the campaign's."""
        assert (s.phase("prep").start, s.phase("prep").end) == (D(2026, 3, 2), D(2026, 3, 6))
        assert (s.phase("run").start, s.phase("run").end) == (D(2026, 3, 9), D(2026, 3, 20))
        assert s.span("patrol") == (D(2026, 3, 9), D(2026, 3, 20))
        assert s.span("weekly") == (D(2026, 3, 2), D(2026, 3, 27))

    def test_window_and_phases_that_do_not_meet_give_no_span(self) -> None:
        """A mechanism whose window misses its phases has no span, no occurrences, and a note."""
        c = _campaign()
        m = Mechanism(
            id="late",
            name="Late",
            rule="FREQ=DAILY",
            phases=("prep",),
            window=Window(start=D(2026, 3, 20), end=D(2026, 3, 27)),
        )
        c2 = Campaign(**{**_fields(c), "mechanisms": (*c.mechanisms, m)})
        s2 = schedule(c2)
        assert s2.timeline("late").slots == ()
        assert any("'late'" in n and "do not meet" in n for n in s2.notes)
        with pytest.raises(KeyError):
            s2.span("late")


class TestQueries:
    def test_counts(self, s: Schedule) -> None:
        """4 Mondays + 2 Fridays x 2 villages = 8 occurrences; 3 activities."""
        assert s.occurrence_count == 4 + 2 * 2
        assert len(list(s.occurrences())) == 8
        assert len(s.activities) == 3

    def test_between_on_week_due(self, s: Schedule) -> None:
        """Queries select by day and sort by start then ref."""
        assert [i.ref for i in s.on(D(2026, 3, 13))] == [
            "patrol/north@2026-03-13",
            "patrol/south@2026-03-13",
        ]
        week = [i.ref for i in s.week(D(2026, 3, 11))]
        # talks' placed activities avoid Monday 9, the day of its dated 'open' (gap 1): 10, 11
        assert week == [
            "weekly@2026-03-09",
            "open",
            "talks#1",
            "talks#2",
            "patrol/north@2026-03-13",
            "patrol/south@2026-03-13",
        ]
        due = s.due(D(2026, 3, 9))
        assert [i.ref for i in due] == ["weekly@2026-03-02", "weekly@2026-03-09", "open"]
        assert s.between(D(2026, 3, 1), D(2026, 3, 31)) == s.due(D(2026, 12, 31))

    def test_due_count(self, s: Schedule) -> None:
        """due_count counts per unit the slots on or before the day."""
        assert s.timeline("weekly").due_count(D(2026, 3, 15)) == 2
        assert s.timeline("patrol").due_count(D(2026, 3, 12)) == 0
        assert s.timeline("patrol").due_count(D(2026, 3, 13)) == 1

    def test_for_party_includes_groups_and_units(self, s: Schedule) -> None:
        """Bo's agenda holds the group's meetings and his own activity; a unit's holds its own
        patrols (and what its people attend); Ana's holds the talks, through the series."""
        bo = [i.ref for i in s.for_party("bo")]
        assert bo == [
            "weekly@2026-03-02",
            "weekly@2026-03-09",
            "open",
            "weekly@2026-03-16",
            "weekly@2026-03-23",
        ]
        north = [i.ref for i in s.for_party("north")]
        assert [r for r in north if r.startswith("patrol")] == [
            "patrol/north@2026-03-13",
            "patrol/north@2026-03-20",
        ]
        assert "weekly@2026-03-02" in north  # ana, head of north, sits in the group
        assert "talks#1" in [i.ref for i in s.for_party("ana")]

    def test_people_names_emails(self, s: Schedule) -> None:
        """Groups and units resolve to people; names and e-mails are looked up by id."""
        assert s.people_of("lg") == ("ana", "bo")
        assert s.people_of("town") == ("ana",)  # ana holds a post in north, below town
        assert s.people_of("bo") == ("bo",)
        assert s.name_of("weekly") == "Weekly"
        assert s.name_of("talks#2") == "Talks #2"
        assert s.email_of("ana") == "ana@example.org"
        assert s.email_of("bo") is None


class TestConflicts:
    def test_overlap_through_a_group_is_reported(self, s: Schedule) -> None:
        """Bo is in the group meeting Monday 9 at 9:00-10:00 and in 'open' at 9:30: one conflict."""
        assert [(c.person, c.first, c.second, c.day) for c in s.conflicts] == [
            ("bo", "weekly@2026-03-09", "open", D(2026, 3, 9))
        ]

    def test_cascade_with_participants_reports_once_per_time(self) -> None:
        """A person listed for a mechanism cascaded to 200 units is double-booked once per meeting,
        not once per pair of units."""
        units = (
            Unit(id="top", name="Top"),
            *(Unit(id=f"u{i}", name="U", parent="top") for i in range(200)),
        )
        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(2026, 3, 2), end=D(2026, 3, 29)),
            people=(Person(id="p", name="P"),),
            units=units,
            mechanisms=(
                Mechanism(
                    id="m",
                    name="M",
                    rule="FREQ=WEEKLY;BYDAY=MO",
                    participants=("p",),
                    cascade=Cascade(children_of="top"),
                ),
            ),
        )
        conflicts = schedule(c).conflicts
        assert [(x.first, x.second) for x in conflicts][:1] == [
            ("m/u0@2026-03-02", "m/u1@2026-03-02")
        ]
        assert len(conflicts) == 4


def test_scheduling_is_pure_and_deterministic() -> None:
    """Two calls on equal campaigns give equal schedules; the campaign is not changed."""
    c = _campaign()
    before = _fields(c)
    assert schedule(c) == schedule(_campaign())
    assert _fields(c) == before


def test_all_problems_are_reported_together() -> None:
    """A bad rule and an impossible placement come back in one error."""
    c = Campaign(
        id="c",
        name="C",
        window=Window(start=D(2026, 3, 2), end=D(2026, 3, 8)),
        mechanisms=(Mechanism(id="m", name="M", rule="FREQ=HOURLY"),),
        series=(ActivitySeries(id="s", name="S", placement=Placement(count=9)),),
    )
    with pytest.raises(SchedulingError) as info:
        schedule(c)
    assert [p.code for p in info.value.problems] == ["sub-daily-rule", "placement-infeasible"]


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*/campaign.yaml")), ids=lambda p: p.parent.name
)
def test_example_campaigns_schedule(path: Path) -> None:
    """Every example campaign schedules, with occurrences and activities inside their spans."""
    from campaignkit.io import load

    s = schedule(load(path))
    spans = {id: (a, b) for id, a, b in s.spans}
    for o in s.occurrences():
        a, b = spans[o.subject]
        assert a <= o.day <= b
    for act in s.activities:
        if act.placed:
            a, b = spans[act.series]
            assert a <= act.day <= b


def _fields(c: Campaign) -> dict[str, object]:
    import attrs

    return {f.name: getattr(c, f.name) for f in attrs.fields(Campaign) if f.init}


class TestLookups:
    def test_timeline_of_a_recurring_mechanism(self, s: Schedule) -> None:
        """timeline_of answers the mechanism's own timeline, the same object each time."""
        assert s.timeline_of("patrol") is s.timeline("patrol")
        assert s.timeline_of("patrol").mechanism == "patrol"
        assert s.timeline_of("weekly") is s.timeline_of("weekly")

    def test_no_recurrence(self, s: Schedule) -> None:
        """A mechanism without a timeline gets NO_RECURRENCE: nothing due, nothing to make."""
        t = s.timeline_of("talks")
        assert t is NO_RECURRENCE
        assert (t.slots, t.units, t.due_count(D(2026, 3, 27))) == ((), (), 0)
        assert list(t.occurrences()) == []
        assert t.slots_between(D(2026, 3, 1), D(2026, 3, 31)) == ()
        with pytest.raises(KeyError):
            s.timeline("talks")

    def test_span_of(self, s: Schedule) -> None:
        """span_of reads the spans by id, None for an id without one."""
        assert s.span_of("patrol") == (D(2026, 3, 9), D(2026, 3, 20)) == s.span("patrol")
        assert s.span_of("nothing") is None

    def test_check_campaign(self, s: Schedule) -> None:
        """A schedule of campaign 'drive' used with another campaign is a located error."""
        s.check_campaign("drive")
        with pytest.raises(ValidationError) as caught:
            s.check_campaign("other")
        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$.schedule", "campaign-mismatch")
        assert problem.message == "the schedule belongs to campaign 'drive', not 'other'"

    def test_membership_from_the_campaign(self, s: Schedule) -> None:
        """The schedule keeps the campaign's membership: the group stands for ana and bo."""
        assert dict(s.membership) == dict(_campaign().membership)
        assert s.people_of("lg") == ("ana", "bo")
        assert s.people_of("north") == ("ana",)
