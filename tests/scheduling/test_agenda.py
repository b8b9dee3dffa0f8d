"""A party's agenda: what it takes part in, leads, is responsible for, supports or supervises."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    Campaign,
    Cascade,
    LeadershipGroup,
    Mechanism,
    Person,
    Placement,
    Post,
    Unit,
    Window,
    WorkingBody,
)
from campaignkit.scheduling import AgendaRole, Schedule, schedule

D = dt.date
L, V, INF, P = (
    AgendaRole.LEAD,
    AgendaRole.SUPERVISE,
    AgendaRole.INFORMED,
    AgendaRole.PARTICIPANT,
)


def _campaign() -> Campaign:
    """2-27 March 2026, weekends only. The group (ana, bo and its office's director cy) meets on
    Mondays (2, 9, 16, 23), led by the office and supervised by dee; every village of town runs
    a Friday patrol in the run weeks (13 and 20 March), led by town, north answering for its
    own; the talks (open on 9 March led by bo, two placed on 10 and 11 March) are led by eve,
    who holds a post in town and supports the meetings, and dee is informed of them."""
    return Campaign(
        id="drive",
        name="Drive",
        timezone="Europe/Berlin",
        window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
        people=(
            Person(id="ana", name="Ana", posts=(Post(title="head", unit="north"),)),
            Person(id="bo", name="Bo"),
            Person(id="cy", name="Cy"),
            Person(id="dee", name="Dee"),
            Person(id="eve", name="Eve", posts=(Post(title="clerk", unit="town"),)),
        ),
        units=(
            Unit(id="town", name="Town"),
            Unit(id="north", name="North", parent="town"),
            Unit(id="south", name="South", parent="town"),
        ),
        groups=(
            LeadershipGroup(
                id="lg",
                name="Group",
                leader="ana",
                members=("bo",),
                bodies=(WorkingBody(id="office", name="Office", director="cy"),),
            ),
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
                window=Window(start=D(2026, 3, 9), end=D(2026, 3, 20)),
            ),
        ),
        series=(
            ActivitySeries(
                id="talks",
                name="Talks",
                window=Window(start=D(2026, 3, 9), end=D(2026, 3, 20)),
                activities=(
                    Activity(id="open", name="Open", date=D(2026, 3, 9), participants=("bo",)),
                ),
                placement=Placement(count=2, strategy="asap"),
            ),
        ),
        assignments=(
            Assignment(subject="weekly", party="office", role="lead"),
            Assignment(subject="weekly", party="dee", role="supervise"),
            Assignment(subject="patrol", party="town", role="lead"),
            Assignment(subject="patrol", party="north", role="responsible"),
            Assignment(subject="weekly", party="eve", role="support"),
            Assignment(subject="talks", party="eve", role="lead"),
            Assignment(subject="talks", party="dee", role="informed"),
            Assignment(subject="open", party="bo", role="lead"),
        ),
    )


@pytest.fixture(scope="module")
def s() -> Schedule:
    return schedule(_campaign())


def _listed(s: Schedule, party: str, roles: list[str] | None = None) -> list[tuple[str, str]]:
    return [(e.ref, "".join(r.value[0] for r in e.roles)) for e in s.agenda(party, roles)]


WEEKLY = ["weekly@2026-03-02", "weekly@2026-03-09", "weekly@2026-03-16", "weekly@2026-03-23"]


class TestAgenda:
    def test_lead_through_a_working_body(self, s: Schedule) -> None:
        """cy directs the office that leads the weekly meeting, and sits in the group that attends."""
        assert s.agenda("cy")[0].roles == (L, P)
        assert [ref for ref, _ in _listed(s, "cy")] == WEEKLY

    def test_supervisor_gets_the_meetings_but_not_what_they_are_informed_of(
        self, s: Schedule
    ) -> None:
        """dee supervises the meetings; being informed of the talks does not put them on the
        agenda unless asked for."""
        assert _listed(s, "dee") == [(ref, "s") for ref in WEEKLY]
        assert _listed(s, "dee", ["informed"]) == [
            ("open", "i"),
            ("talks#1", "i"),
            ("talks#2", "i"),
        ]
        assert s.agenda("dee", ["informed"])[0].roles == (INF,)

    def test_activity_lead_and_participant(self, s: Schedule) -> None:
        """bo leads and attends the opening, and attends the meetings through the group."""
        assert _listed(s, "bo") == [
            ("weekly@2026-03-02", "p"),
            ("open", "lp"),  # 9 March at 09:00, as the meeting: sorted by ref
            ("weekly@2026-03-09", "p"),
            ("weekly@2026-03-16", "p"),
            ("weekly@2026-03-23", "p"),
        ]

    def test_unit_lead_reaches_every_copy_a_village_only_its_own(self, s: Schedule) -> None:
        """Town leads every village's patrol, so eve (a post in town) has both copies; north
        answers for its own copy only; the lead of the series reaches its placed activities."""
        assert _listed(s, "eve") == [
            ("weekly@2026-03-02", "s"),
            ("open", "l"),
            ("weekly@2026-03-09", "s"),
            ("talks#1", "l"),
            ("talks#2", "l"),
            ("patrol/north@2026-03-13", "l"),
            ("patrol/south@2026-03-13", "l"),
            ("weekly@2026-03-16", "s"),
            ("patrol/north@2026-03-20", "l"),
            ("patrol/south@2026-03-20", "l"),
            ("weekly@2026-03-23", "s"),
        ]
        assert _listed(s, "south") == [
            ("patrol/south@2026-03-13", "p"),
            ("patrol/south@2026-03-20", "p"),
        ]

    def test_a_person_holds_their_units_copy(self, s: Schedule) -> None:
        """ana heads north: she runs north's patrol (participant) and answers for it through
        north; town's lead is acted on by town's own staff (eve), not by the units below it."""
        patrols = [row for row in _listed(s, "ana") if row[0].startswith("patrol")]
        assert patrols == [
            ("patrol/north@2026-03-13", "rp"),
            ("patrol/north@2026-03-20", "rp"),
        ]
        assert s.roles_of("ana", s.agenda("ana")[0].item) == (P,)  # the first weekly meeting

    def test_participants_only_is_the_former_listing(self, s: Schedule) -> None:
        """roles=["participant"] lists what the party takes part in and nothing it only leads."""
        assert [i.ref for i in s.for_party("eve", ["participant"])] == []
        assert [i.ref for i in s.for_party("bo", ["participant"])] == [
            "weekly@2026-03-02",
            "open",
            "weekly@2026-03-09",
            "weekly@2026-03-16",
            "weekly@2026-03-23",
        ]

    def test_role_filter(self, s: Schedule) -> None:
        """Asking for one role keeps the items where the party plays it, with all its roles."""
        assert _listed(s, "ana", ["responsible"]) == [
            ("patrol/north@2026-03-13", "rp"),
            ("patrol/north@2026-03-20", "rp"),
        ]
        assert s.for_party("ana", [V]) == ()

    def test_unknown_role_is_refused(self, s: Schedule) -> None:
        """A role that is not an AgendaRole raises ValueError."""
        with pytest.raises(ValueError, match="chair"):
            s.agenda("ana", ["chair"])

    def test_a_party_without_anything_has_an_empty_agenda(self, s: Schedule) -> None:
        """An id that plays no part gets nothing (not every item)."""
        assert s.agenda("nobody") == ()

    def test_a_unit_does_not_get_the_copies_of_the_units_below_it(self, s: Schedule) -> None:
        """town leads every patrol (its staff, eve, acts on it) but does not take part in the
        villages' copies through the villages' people; north takes part in its own."""
        assert {roles for ref, roles in _listed(s, "town") if ref.startswith("patrol")} == {"l"}
        assert [row for row in _listed(s, "north") if row[0].startswith("patrol")] == [
            ("patrol/north@2026-03-13", "rp"),
            ("patrol/north@2026-03-20", "rp"),
        ]


class TestAssignmentsOf:
    def test_activity_first_then_series(self, s: Schedule) -> None:
        """The opening is reached by its own lead, then by the series' assignments."""
        (opening,) = (a for a in s.activities if a.activity == "open")
        assert [(a.party, a.role.value) for a in s.assignments_of(opening)] == [
            ("bo", "lead"),
            ("eve", "lead"),
            ("dee", "informed"),
        ]

    def test_unit_assignment_reaches_its_own_copy(self, s: Schedule) -> None:
        """north's responsibility does not reach south's copy of the patrol; town's lead does."""
        south = next(o for o in s.occurrences("patrol") if o.unit == "south")
        assert [(a.party, a.role.value) for a in s.assignments_of(south)] == [("town", "lead")]
