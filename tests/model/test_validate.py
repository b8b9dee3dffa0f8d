"""Tests for campaignkit.model._validate: every rule a campaign is checked against.

Each test builds a campaign that breaks one rule and asserts the exact ``(path, code)`` of the
problems it raises; the messages are checked where they carry something a reader needs (the
ids of a cycle).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from campaignkit import Severity, ValidationError
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    CalendarSpec,
    Campaign,
    Cascade,
    GateCondition,
    Indicator,
    LeadershipGroup,
    Mechanism,
    Milestone,
    Person,
    Phase,
    Placement,
    Post,
    Role,
    Unit,
    Window,
    WorkingBody,
)

D = dt.date
WINDOW = Window(start=D(2010, 1, 1), end=D(2010, 6, 30))


def make(**changes: Any) -> Campaign:
    """A campaign over the first half of 2010 with the fields *changes*."""
    return Campaign(id="drive", name="Drive", **{"window": WINDOW, **changes})


def problems(**changes: Any) -> list[tuple[str, str]]:
    """The (path, code) of every problem a campaign built from *changes* raises."""
    with pytest.raises(ValidationError) as info:
        make(**changes)
    return [(p.path, p.code) for p in info.value.problems]


YU = Person(id="yu", name="喻先发")
WANG = Person(id="wang", name="王平")
TOWN = Unit(id="town", name="长生桥镇", kind="town")
VILLAGE = Unit(id="village", name="村", kind="village", parent="town")
OFFICE = WorkingBody(id="office", name="办公室", director="yu")
GROUP = LeadershipGroup(id="group", name="领导小组", leader="yu", bodies=(OFFICE,))
STUDY = Phase(id="study", name="学习", start=D(2010, 1, 4), end=D(2010, 1, 29))
ACT = Phase(id="act", name="行动", duration=10, after=("study",))
WEEKLY = Mechanism(id="weekly", name="每周例会", rule="FREQ=WEEKLY;BYDAY=MO")
NOTES = Indicator(id="notes", name="心得", target=100)
IDEAS = Indicator(id="ideas", name="金点子", target=100)
TALK = Activity(id="talk-1", name="宣讲", date=D(2010, 3, 1))
TALKS = ActivitySeries(id="talks", name="宣讲", activities=(TALK,), indicators=(IDEAS,))


def fields(**changes: Any) -> dict[str, Any]:
    """A valid campaign's fields, with *changes*: two people, two units, a group with an office,
    two phases, a mechanism and a series."""
    base: dict[str, Any] = {
        "people": (YU, WANG),
        "units": (TOWN, VILLAGE),
        "groups": (GROUP,),
        "phases": (STUDY, ACT),
        "mechanisms": (WEEKLY,),
        "series": (TALKS,),
    }
    return {**base, **changes}


def ev(element: Any, **changes: Any) -> Any:
    """*element* with *changes* (attrs.evolve)."""
    return attrs.evolve(element, **changes)


def test_base_fields_are_valid() -> None:
    """The campaign the tests break constructs as it is."""
    assert make(**fields()).kind_of("talk-1") == "activity"


class TestBuildIndex:
    def test_duplicate_person(self) -> None:
        """A second person with a used id is duplicate-id at its id."""
        assert problems(**fields(people=(YU, ev(WANG, id="yu")))) == [
            ("$.people[1].id", "duplicate-id")
        ]

    def test_duplicate_across_kinds(self) -> None:
        """Ids are one namespace: a phase may not reuse a person's id; the message names the first."""
        with pytest.raises(ValidationError) as info:
            make(**fields(phases=(ev(STUDY, id="yu"), ev(ACT, after=()))))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[0].id", "duplicate-id")
        assert "person at $.people[0]" in problem.message

    def test_element_reusing_the_campaign_id(self) -> None:
        """The campaign's own id is in the namespace too: a unit named like the campaign
        ("drive") is duplicate-id, and the message says whose id it is."""
        with pytest.raises(ValidationError) as info:
            make(**fields(units=(TOWN, ev(VILLAGE, id="drive"))))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.units[1].id", "duplicate-id")
        assert "campaign's own" in problem.message

    def test_body_reusing_its_group_id(self) -> None:
        """A working body may not reuse the id of its group."""
        group = ev(GROUP, bodies=(ev(OFFICE, id="group"),))
        assert problems(**fields(groups=(group,))) == [("$.groups[0].bodies[0].id", "duplicate-id")]

    def test_activity_reusing_its_series_id(self) -> None:
        """An activity may not reuse the id of its series."""
        series = ev(TALKS, activities=(ev(TALK, id="talks"),))
        assert problems(**fields(series=(series,))) == [
            ("$.series[0].activities[0].id", "duplicate-id")
        ]

    def test_indicators_of_mechanism_and_series(self) -> None:
        """An indicator of a series may not reuse the id of a mechanism's indicator."""
        weekly = ev(WEEKLY, indicators=(ev(NOTES, id="ideas"),))
        assert problems(**fields(mechanisms=(weekly,))) == [
            ("$.series[0].indicators[0].id", "duplicate-id")
        ]


# Each case: the fields to change, the path of the one problem, its code.
REFERENCES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "post unit",
        {"people": (ev(YU, posts=(Post(title="书记", unit="nowhere"),)), WANG)},
        "$.people[0].posts[0].unit",
        "unknown-reference",
    ),
    (
        "post unit is a person",
        {"people": (ev(YU, posts=(Post(title="书记", unit="wang"),)), WANG)},
        "$.people[0].posts[0].unit",
        "wrong-kind-reference",
    ),
    (
        "parent unit",
        {"units": (TOWN, ev(VILLAGE, parent="nowhere"))},
        "$.units[1].parent",
        "unknown-reference",
    ),
    (
        "parent is a phase",
        {"units": (TOWN, ev(VILLAGE, parent="study"))},
        "$.units[1].parent",
        "wrong-kind-reference",
    ),
    (
        "leader",
        {"groups": (ev(GROUP, leader="nobody"),)},
        "$.groups[0].leader",
        "unknown-reference",
    ),
    (
        "leader is a unit",
        {"groups": (ev(GROUP, leader="town"),)},
        "$.groups[0].leader",
        "wrong-kind-reference",
    ),
    (
        "deputy",
        {"groups": (ev(GROUP, deputies=("wang", "nobody")),)},
        "$.groups[0].deputies[1]",
        "unknown-reference",
    ),
    (
        "member is a group",
        {"groups": (ev(GROUP, members=("group",)),)},
        "$.groups[0].members[0]",
        "wrong-kind-reference",
    ),
    (
        "director",
        {"groups": (ev(GROUP, bodies=(ev(OFFICE, director="nobody"),)),)},
        "$.groups[0].bodies[0].director",
        "unknown-reference",
    ),
    (
        "body member is a body",
        {"groups": (ev(GROUP, bodies=(ev(OFFICE, members=("office",)),)),)},
        "$.groups[0].bodies[0].members[0]",
        "wrong-kind-reference",
    ),
    (
        "phase after",
        {"phases": (STUDY, ev(ACT, after=("study", "nothing")))},
        "$.phases[1].after[1]",
        "unknown-reference",
    ),
    (
        "phase after a mechanism",
        {"phases": (STUDY, ev(ACT, after=("weekly",)))},
        "$.phases[1].after[0]",
        "wrong-kind-reference",
    ),
    (
        "gate indicator",
        {"phases": (ev(STUDY, gate=(GateCondition(indicator="nothing"),)), ACT)},
        "$.phases[0].gate[0].indicator",
        "unknown-reference",
    ),
    (
        "gate on a series",
        {"phases": (ev(STUDY, gate=(GateCondition(indicator="talks"),)), ACT)},
        "$.phases[0].gate[0].indicator",
        "wrong-kind-reference",
    ),
    (
        "mechanism phase",
        {"mechanisms": (ev(WEEKLY, phases=("study", "nothing")),)},
        "$.mechanisms[0].phases[1]",
        "unknown-reference",
    ),
    (
        "mechanism participant is a phase",
        {"mechanisms": (ev(WEEKLY, participants=("group", "study")),)},
        "$.mechanisms[0].participants[1]",
        "wrong-kind-reference",
    ),
    (
        "mechanism cascade unit",
        {"mechanisms": (ev(WEEKLY, cascade=Cascade(units=("nowhere",))),)},
        "$.mechanisms[0].cascade.units[0]",
        "unknown-reference",
    ),
    (
        "mechanism cascade under a person",
        {"mechanisms": (ev(WEEKLY, cascade=Cascade(children_of="yu")),)},
        "$.mechanisms[0].cascade.children_of",
        "wrong-kind-reference",
    ),
    (
        "applies_to",
        {
            "mechanisms": (
                WEEKLY,
                Mechanism(id="att", name="考勤", attendance=True, applies_to=("x",)),
            )
        },
        "$.mechanisms[1].applies_to[0]",
        "unknown-reference",
    ),
    (
        "applies_to a person",
        {"mechanisms": (Mechanism(id="att", name="考勤", attendance=True, applies_to=("yu",)),)},
        "$.mechanisms[0].applies_to[0]",
        "wrong-kind-reference",
    ),
    (
        "mechanism indicator unit target",
        {"mechanisms": (ev(WEEKLY, indicators=(ev(NOTES, unit_targets={"nowhere": 5}),)),)},
        "$.mechanisms[0].indicators[0].unit_targets.nowhere",
        "unknown-reference",
    ),
    (
        "series phase is a mechanism",
        {"series": (ev(TALKS, phases=("weekly",)),)},
        "$.series[0].phases[0]",
        "wrong-kind-reference",
    ),
    (
        "series participant",
        {"series": (ev(TALKS, participants=("nobody",)),)},
        "$.series[0].participants[0]",
        "unknown-reference",
    ),
    (
        "series cascade unit is a group",
        {"series": (ev(TALKS, cascade=Cascade(units=("town", "group"))),)},
        "$.series[0].cascade.units[1]",
        "wrong-kind-reference",
    ),
    (
        "activity participant",
        {"series": (ev(TALKS, activities=(ev(TALK, participants=("yu", "nobody")),)),)},
        "$.series[0].activities[0].participants[1]",
        "unknown-reference",
    ),
    (
        "series indicator unit target is a person",
        {"series": (ev(TALKS, indicators=(ev(IDEAS, unit_targets={"town": 5, "yu": 5}),)),)},
        "$.series[0].indicators[0].unit_targets.yu",
        "wrong-kind-reference",
    ),
    (
        "assignment subject",
        {"assignments": (Assignment(subject="nothing", party="yu", role=Role.LEAD),)},
        "$.assignments[0].subject",
        "unknown-reference",
    ),
    (
        "assignment subject is a person",
        {"assignments": (Assignment(subject="wang", party="yu", role=Role.LEAD),)},
        "$.assignments[0].subject",
        "wrong-kind-reference",
    ),
    (
        "assignment subject is an indicator",
        {"assignments": (Assignment(subject="ideas", party="yu", role=Role.LEAD),)},
        "$.assignments[0].subject",
        "wrong-kind-reference",
    ),
    (
        "assignment party",
        {"assignments": (Assignment(subject="weekly", party="nobody", role=Role.LEAD),)},
        "$.assignments[0].party",
        "unknown-reference",
    ),
    (
        "assignment party is a phase",
        {"assignments": (Assignment(subject="weekly", party="study", role=Role.LEAD),)},
        "$.assignments[0].party",
        "wrong-kind-reference",
    ),
]


class TestErrorsOfReferences:
    @pytest.mark.parametrize(
        ("changes", "path", "code"),
        [case[1:] for case in REFERENCES],
        ids=[case[0] for case in REFERENCES],
    )
    def test_reference(self, changes: dict[str, Any], path: str, code: str) -> None:
        """A reference to an undefined id is unknown-reference, to an id of the wrong kind
        wrong-kind-reference, at the reference's own path."""
        assert problems(**fields(**changes)) == [(path, code)]

    def test_parties_of_every_kind(self) -> None:
        """People, units, groups and working bodies are all parties."""
        weekly = ev(WEEKLY, participants=("yu", "town", "group", "office"))
        assigned = tuple(
            Assignment(subject="weekly", party=p, role=Role.LEAD if p == "yu" else Role.SUPPORT)
            for p in ("yu", "town", "group", "office")
        )
        c = make(**fields(mechanisms=(weekly,), assignments=assigned))
        assert c.lead_of("weekly") == "yu"

    def test_every_subject_kind(self) -> None:
        """Phases, mechanisms, series and activities can all be assigned."""
        assigned = tuple(
            Assignment(subject=s, party="yu", role=Role.LEAD)
            for s in ("study", "weekly", "talks", "talk-1")
        )
        assert len(make(**fields(assignments=assigned)).assignments) == 4


class TestErrorsOfCycles:
    def test_two_units(self) -> None:
        """Two units that are each other's parent are one cycle, named in the message."""
        a, b = Unit(id="a", name="a", parent="b"), Unit(id="b", name="b", parent="a")
        with pytest.raises(ValidationError) as info:
            make(units=(a, b))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.units[0].parent", "cycle")
        assert "a → b → a" in problem.message

    def test_unit_its_own_parent(self) -> None:
        """A unit that is its own parent is a cycle of one."""
        with pytest.raises(ValidationError) as info:
            make(units=(Unit(id="a", name="a", parent="a"),))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.units[0].parent", "cycle")
        assert "a → a" in problem.message

    def test_unit_hanging_below_a_cycle(self) -> None:
        """A unit below a cycle is not part of it: the cycle is reported once, at its first member."""
        units = (
            Unit(id="a", name="a", parent="b"),
            Unit(id="b", name="b", parent="c"),
            Unit(id="c", name="c", parent="b"),
        )
        with pytest.raises(ValidationError) as info:
            make(units=units)
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.units[1].parent", "cycle")
        assert "b → c → b" in problem.message

    def test_two_phases(self) -> None:
        """Two phases after each other are a cycle at the first one's ``after``."""
        p1 = Phase(id="p1", name="p1", duration=2, after=("p2",))
        p2 = Phase(id="p2", name="p2", duration=2, after=("p1",))
        with pytest.raises(ValidationError) as info:
            make(phases=(p1, p2))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[0].after", "cycle")
        assert "p1 → p2 → p1" in problem.message

    def test_phase_after_itself(self) -> None:
        """A phase after itself is a cycle of one."""
        assert problems(phases=(Phase(id="p", name="p", duration=1, after=("p",)),)) == [
            ("$.phases[0].after", "cycle")
        ]

    def test_phase_cycle_with_a_tail(self) -> None:
        """Only the phases on the cycle are named, not the one leading into it."""
        ps = (
            Phase(id="p0", name="p0", duration=1, after=("p1",)),
            Phase(id="p1", name="p1", duration=1, after=("p2",)),
            Phase(id="p2", name="p2", duration=1, after=("p3",)),
            Phase(id="p3", name="p3", duration=1, after=("p1",)),
        )
        with pytest.raises(ValidationError) as info:
            make(phases=ps)
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[1].after", "cycle")
        assert "p1 → p2 → p3 → p1" in problem.message
        assert "p0" not in problem.message

    def test_two_phase_cycles(self) -> None:
        """Separate cycles are each reported."""
        ps = (
            Phase(id="a", name="a", duration=1, after=("b",)),
            Phase(id="b", name="b", duration=1, after=("a",)),
            Phase(id="c", name="c", duration=1, after=("c",)),
        )
        assert problems(phases=ps) == [
            ("$.phases[0].after", "cycle"),
            ("$.phases[2].after", "cycle"),
        ]

    def test_diamond_is_no_cycle(self) -> None:
        """Phases sharing predecessors without a loop are fine."""
        ps = (
            Phase(id="a", name="a", duration=1),
            Phase(id="b", name="b", duration=1, after=("a",)),
            Phase(id="c", name="c", duration=1, after=("a",)),
            Phase(id="d", name="d", duration=1, after=("b", "c")),
        )
        assert len(make(phases=ps).phases) == 4


BEFORE, AFTER = D(2009, 12, 31), D(2010, 7, 1)
DATES: list[tuple[str, dict[str, Any], str]] = [
    ("phase start", {"phases": (ev(STUDY, start=BEFORE), ACT)}, "$.phases[0].start"),
    ("phase end", {"phases": (ev(STUDY, end=AFTER), ACT)}, "$.phases[0].end"),
    (
        "mechanism window start",
        {"mechanisms": (ev(WEEKLY, window=Window(start=BEFORE, end=D(2010, 2, 1))),)},
        "$.mechanisms[0].window.start",
    ),
    (
        "mechanism window end",
        {"mechanisms": (ev(WEEKLY, window=Window(start=D(2010, 2, 1), end=AFTER)),)},
        "$.mechanisms[0].window.end",
    ),
    (
        "series window start",
        {"series": (ev(TALKS, window=Window(start=BEFORE, end=D(2010, 3, 1))),)},
        "$.series[0].window.start",
    ),
    (
        "activity date",
        {"series": (ev(TALKS, activities=(ev(TALK, date=AFTER),)),)},
        "$.series[0].activities[0].date",
    ),
    (
        "series indicator due",
        {"series": (ev(TALKS, indicators=(ev(IDEAS, due=AFTER),)),)},
        "$.series[0].indicators[0].due",
    ),
    (
        "mechanism indicator due",
        {"mechanisms": (ev(WEEKLY, indicators=(ev(NOTES, due=BEFORE),)),)},
        "$.mechanisms[0].indicators[0].due",
    ),
    (
        "milestone",
        {
            "series": (
                ev(
                    TALKS,
                    indicators=(
                        Indicator(
                            id="ideas",
                            name="金点子",
                            target=100,
                            trajectory="milestones",  # type: ignore[arg-type]
                            milestones=(
                                Milestone(date=D(2010, 3, 1), value=50),
                                Milestone(date=AFTER, value=100),
                            ),
                        ),
                    ),
                ),
            )
        },
        "$.series[0].indicators[0].milestones[1].date",
    ),
]


class TestErrorsOfDates:
    @pytest.mark.parametrize(
        ("changes", "path"), [case[1:] for case in DATES], ids=[case[0] for case in DATES]
    )
    def test_outside_window(self, changes: dict[str, Any], path: str) -> None:
        """A date before or after the campaign window is outside-window at its path."""
        assert problems(**fields(**changes)) == [(path, "outside-window")]

    def test_window_ends_are_inside(self) -> None:
        """The first and last day of the window are inside it."""
        study = ev(STUDY, start=WINDOW.start, end=WINDOW.end)
        assert make(**fields(phases=(study, ACT))).phase("study").end == WINDOW.end


class TestErrorsOfRules:
    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=FORTNIGHTLY",
            "FREQ=WEEKLY;BYDAY=MO;WHEN=now",
            "EXDATE:20100301T090000",
            "DTSTART;TZID=Asia/Shanghai:20100104T090000\nRRULE:FREQ=WEEKLY",
            "FREQ=WEEKLY;UNTIL=20100401T000000Z",
            "RRULE:FREQ=WEEKLY\nEXDATE:20100301T010000Z",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=DAILY;COUNT=5;UNTIL=20100401T000000",
            "FREQ=MONTHLY;BYMONTHDAY=32",
            "FREQ=WEEKLY;BYDAY=2MO",
            "RDATE;VALUE=DATE:20100301",
        ],
    )
    def test_bad_rule(self, rule: str) -> None:
        """A rule that is not RFC 5545 with local times is bad-rule at the mechanism's rule."""
        assert problems(**fields(mechanisms=(ev(WEEKLY, rule=rule),))) == [
            ("$.mechanisms[0].rule", "bad-rule")
        ]

    def test_bad_rule_says_why(self) -> None:
        """The message of a bad rule carries the reason."""
        with pytest.raises(ValidationError, match="TZID"):
            make(mechanisms=(ev(WEEKLY, rule="FREQ=DAILY;UNTIL=20100401T000000Z"),))

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=4",
            "RRULE:FREQ=DAILY;INTERVAL=2\nEXDATE:20100105T090000,20100107T090000",
            "DTSTART:20100104T083000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20100601T235959",
            "RDATE:20100301T090000,20100315T090000",
            "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        ],
    )
    def test_good_rule(self, rule: str) -> None:
        """Real RFC 5545 text with local times is accepted."""
        assert make(mechanisms=(ev(WEEKLY, rule=rule),)).mechanism("weekly").recurring


class TestErrorsOfSetting:
    @pytest.mark.parametrize(
        "zone", ["Mars/Olympus", "", "America", "../etc/passwd", "x" * 300, "Asia/Shanghai\x00"]
    )
    def test_unknown_timezone(self, zone: str) -> None:
        """A zone that is not in the IANA database is unknown-timezone, whatever it looks like."""
        assert problems(timezone=zone) == [("$.timezone", "unknown-timezone")]

    def test_known_timezone(self) -> None:
        """An IANA zone is accepted."""
        assert make(timezone="Asia/Shanghai").timezone == "Asia/Shanghai"

    @pytest.mark.parametrize("country", ["XX", "cn", "China"])
    def test_unknown_country(self, country: str) -> None:
        """A country code the holidays package does not know is unknown-country."""
        assert problems(calendar=CalendarSpec(country=country)) == [
            ("$.calendar.country", "unknown-country")
        ]

    def test_unknown_subdivision(self) -> None:
        """A subdivision the country does not have is unknown-subdivision."""
        assert problems(calendar=CalendarSpec(country="DE", subdivision="XX")) == [
            ("$.calendar.subdivision", "unknown-subdivision")
        ]

    def test_subdivision_without_country(self) -> None:
        """A subdivision without a country is unknown-subdivision too."""
        assert problems(calendar=CalendarSpec(subdivision="BY")) == [
            ("$.calendar.subdivision", "unknown-subdivision")
        ]

    def test_known_country_and_subdivision(self) -> None:
        """A supported country with one of its subdivisions is accepted."""
        spec = CalendarSpec(country="DE", subdivision="BY")
        assert make(calendar=spec).calendar == spec

    def test_day_both_holiday_and_workday(self) -> None:
        """A day listed as an extra holiday and an extra workday is calendar-overlap at the workday."""
        spec = CalendarSpec(
            extra_holidays=(D(2010, 3, 1), D(2010, 3, 8)),
            extra_workdays=(D(2010, 3, 6), D(2010, 3, 8)),
        )
        assert problems(calendar=spec) == [("$.calendar.extra_workdays[1]", "calendar-overlap")]


def lead(subject: str, party: str) -> Assignment:
    return Assignment(subject=subject, party=party, role=Role.LEAD)


def role(subject: str, party: str, r: Role) -> Assignment:
    return Assignment(subject=subject, party=party, role=r)


class TestErrorsOfAssignments:
    def test_one_lead_and_others(self) -> None:
        """One lead with any other roles is fine."""
        assigned = (
            lead("weekly", "group"),
            role("weekly", "office", Role.RESPONSIBLE),
            role("weekly", "yu", Role.SUPERVISE),
            role("weekly", "town", Role.INFORMED),
        )
        assert make(**fields(assignments=assigned)).lead_of("weekly") == "group"

    @pytest.mark.parametrize("subject", ["study", "weekly", "talks"])
    def test_no_lead(self, subject: str) -> None:
        """A phase, mechanism or series with assignments but no lead is lead-count at the first
        assignment's subject."""
        assigned = (role(subject, "yu", Role.RESPONSIBLE), role(subject, "wang", Role.SUPPORT))
        assert problems(**fields(assignments=assigned)) == [
            ("$.assignments[0].subject", "lead-count")
        ]

    def test_two_leads(self) -> None:
        """Two leads is lead-count at the second lead's role; the message counts them."""
        assigned = (
            lead("weekly", "yu"),
            role("weekly", "town", Role.SUPPORT),
            lead("weekly", "group"),
        )
        with pytest.raises(ValidationError) as info:
            make(**fields(assignments=assigned))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.assignments[2].role", "lead-count")
        assert "2 leads" in problem.message

    def test_three_leads_reported_once(self) -> None:
        """Three leads are one problem, at the second lead."""
        assigned = (lead("study", "yu"), lead("study", "wang"), lead("study", "town"))
        assert problems(**fields(assignments=assigned)) == [("$.assignments[1].role", "lead-count")]

    def test_activity_without_lead_is_fine(self) -> None:
        """An activity needs no lead when a party is responsible for it."""
        assigned = (role("talk-1", "yu", Role.RESPONSIBLE), role("talk-1", "town", Role.SUPPORT))
        assert make(**fields(assignments=assigned)).lead_of("talk-1") is None

    def test_activity_with_two_leads(self) -> None:
        """An activity may have one lead at most: lead-count at the second."""
        assigned = (lead("talk-1", "yu"), lead("talk-1", "wang"))
        assert problems(**fields(assignments=assigned)) == [("$.assignments[1].role", "lead-count")]

    def test_activity_with_nobody_carrying_it(self) -> None:
        """An activity with assignments but no lead or responsible party is no-lead-or-responsible."""
        assigned = (role("talk-1", "yu", Role.SUPPORT), role("talk-1", "wang", Role.INFORMED))
        assert problems(**fields(assignments=assigned)) == [
            ("$.assignments[0].subject", "no-lead-or-responsible")
        ]

    def test_two_roles_for_one_party(self) -> None:
        """A party holds one role per subject: a second is duplicate-role at its role."""
        assigned = (lead("weekly", "yu"), role("weekly", "yu", Role.SUPPORT))
        assert problems(**fields(assignments=assigned)) == [
            ("$.assignments[1].role", "duplicate-role")
        ]

    def test_same_lead_twice(self) -> None:
        """The same lead assignment twice is a duplicate role and two leads."""
        assigned = (lead("weekly", "yu"), lead("weekly", "yu"))
        assert problems(**fields(assignments=assigned)) == [
            ("$.assignments[1].role", "duplicate-role"),
            ("$.assignments[1].role", "lead-count"),
        ]

    def test_same_party_on_other_subjects(self) -> None:
        """One party may hold roles in many subjects."""
        assigned = (lead("weekly", "yu"), lead("talks", "yu"), lead("study", "yu"))
        assert len(make(**fields(assignments=assigned)).assignments) == 3


class TestErrorsOfCollecting:
    def test_every_problem_at_once(self) -> None:
        """Problems are collected, not stopped at the first: one error carries them all."""
        found = problems(
            **fields(
                timezone="Nowhere/Town",
                people=(YU, ev(WANG, id="yu")),
                phases=(ev(STUDY, start=BEFORE), ev(ACT, after=("ghost",))),
                mechanisms=(ev(WEEKLY, rule="FREQ=SOMETIMES", participants=("ghost",)),),
                assignments=(role("talks", "town", Role.SUPPORT),),
            )
        )
        assert found == [
            ("$.people[1].id", "duplicate-id"),
            ("$.timezone", "unknown-timezone"),
            ("$.phases[0].start", "outside-window"),
            ("$.phases[1].after[0]", "unknown-reference"),
            ("$.mechanisms[0].participants[0]", "unknown-reference"),
            ("$.mechanisms[0].rule", "bad-rule"),
            ("$.assignments[0].subject", "lead-count"),
        ]

    def test_error_is_a_value_error_of_errors(self) -> None:
        """The error is a ValueError and every problem in it is an error, not a warning."""
        with pytest.raises(ValueError, match="unknown-timezone") as info:
            make(timezone="Nowhere/Town", people=(YU, YU))
        assert isinstance(info.value, ValidationError)
        assert {p.severity for p in info.value.problems} == {Severity.ERROR}


def warnings(campaign: Any) -> list[tuple[str, str]]:
    found = campaign.check()
    assert {p.severity for p in found} <= {Severity.WARNING}
    return [(p.path, p.code) for p in found]


ASSIGNED = (lead("study", "yu"), lead("act", "yu"), lead("weekly", "group"), lead("talks", "town"))


class TestWarningsOf:
    def test_nothing_to_remark(self) -> None:
        """A campaign with every phase, mechanism and series assigned gets no advice."""
        assert warnings(make(**fields(assignments=ASSIGNED))) == []

    def test_no_assignment(self) -> None:
        """Each phase, mechanism and series nobody is assigned to is a no-assignment warning at it."""
        assert warnings(make(**fields())) == [
            ("$.phases[0]", "no-assignment"),
            ("$.phases[1]", "no-assignment"),
            ("$.mechanisms[0]", "no-assignment"),
            ("$.series[0]", "no-assignment"),
        ]

    def test_activities_need_no_assignment(self) -> None:
        """Activities and indicators without assignments are not remarked on."""
        assert ("$.series[0].activities[0]", "no-assignment") not in warnings(make(**fields()))

    def test_empty_cascade(self) -> None:
        """A cascade to the children of a unit without children is an empty-cascade warning."""
        weekly = ev(WEEKLY, cascade=Cascade(children_of="village"))
        c = make(**fields(mechanisms=(weekly,), assignments=ASSIGNED))
        assert warnings(c) == [("$.mechanisms[0].cascade", "empty-cascade")]

    def test_cascade_reaching_units(self) -> None:
        """A cascade to the children of a unit that has some is fine."""
        weekly = ev(WEEKLY, cascade=Cascade(children_of="town"))
        c = make(**fields(mechanisms=(weekly,), assignments=ASSIGNED))
        assert warnings(c) == []

    def test_empty_series(self) -> None:
        """A series with no activities, nothing to place and no indicators is an empty-series warning."""
        empty = ActivitySeries(id="empty", name="空")
        c = make(**fields(series=(TALKS, empty), assignments=(*ASSIGNED, lead("empty", "yu"))))
        assert warnings(c) == [("$.series[1]", "empty-series")]

    def test_series_with_only_placement_is_not_empty(self) -> None:
        """A series with only activities to place is not empty."""
        placed = ActivitySeries(id="placed", name="p", placement=Placement(count=2))
        c = make(**fields(series=(TALKS, placed), assignments=(*ASSIGNED, lead("placed", "yu"))))
        assert warnings(c) == []

    @pytest.mark.parametrize("where", ["mechanisms", "series"])
    def test_unit_targets_unused(self, where: str) -> None:
        """Unit targets on an indicator whose owner does not cascade are a unit-targets-unused warning."""
        changes: dict[str, Any] = (
            {"mechanisms": (ev(WEEKLY, indicators=(ev(NOTES, unit_targets={"town": 5}),)),)}
            if where == "mechanisms"
            else {"series": (ev(TALKS, indicators=(ev(IDEAS, unit_targets={"town": 5}),)),)}
        )
        c = make(**fields(**changes, assignments=ASSIGNED))
        assert warnings(c) == [(f"$.{where}[0].indicators[0].unit_targets", "unit-targets-unused")]

    def test_unit_targets_with_cascade(self) -> None:
        """Unit targets on the indicator of a cascading series are fine."""
        talks = ev(
            TALKS,
            cascade=Cascade(units=("village",)),
            indicators=(ev(IDEAS, unit_targets={"village": 5}),),
        )
        assert warnings(make(**fields(series=(talks,), assignments=ASSIGNED))) == []

    @pytest.mark.parametrize(("completion", "warned"), [(0.0, True), (0.01, False), (1.0, False)])
    def test_a_gate_that_asks_for_nothing(self, completion: float, warned: bool) -> None:
        """An exit gate asking for 0 % of an indicator passes with no record at all: a
        gate-always-passed warning at its completion; any other threshold is fine."""
        gate = (GateCondition(indicator="ideas", completion=completion),)
        c = make(**fields(phases=(ev(STUDY, gate=gate), ACT), assignments=ASSIGNED))
        expected = [("$.phases[0].gate[0].completion", "gate-always-passed")] if warned else []
        assert warnings(c) == expected

    @pytest.mark.parametrize("unit", ["%", " % ", "％", "‰"])
    def test_a_summed_rate(self, unit: str) -> None:
        """A cascaded rate left to the default ``sum`` is a rate-summed warning at the
        indicator, which says how to say what is meant."""
        rate = ev(IDEAS, unit=unit, baseline=50, aggregate="last")
        talks = ev(TALKS, cascade=Cascade(children_of="town"), indicators=(rate,))
        c = make(**fields(series=(talks,), assignments=ASSIGNED))
        assert warnings(c) == [("$.series[0].indicators[0]", "rate-summed")]
        [problem] = c.check()
        assert problem.severity is Severity.WARNING
        assert "'across: mean'" in problem.message
        assert "'across: sum'" in problem.message

    @pytest.mark.parametrize(
        ("changes", "why"),
        [
            ({"across": "mean"}, "averaged"),
            ({"across": "sum"}, "summed, as the file says"),
            ({"across": "max"}, "the largest"),
            ({"aggregate": "max"}, "the largest, by default"),
            ({"unit": "people"}, "not a rate"),
        ],
    )
    def test_a_rate_said_how_to_combine(self, changes: dict[str, Any], why: str) -> None:
        """A rate combined as the file says (even by an explicit ``sum``), by ``max``, or a
        count that is no rate, is not remarked on."""
        rate = ev(IDEAS, **{"unit": "%", "baseline": 50, "aggregate": "last", **changes})
        talks = ev(TALKS, cascade=Cascade(children_of="town"), indicators=(rate,))
        assert warnings(make(**fields(series=(talks,), assignments=ASSIGNED))) == [], why

    @pytest.mark.parametrize(
        ("changes", "warned"),
        [
            ({}, True),  # across left to max by aggregate: max
            ({"across": "max"}, False),  # the worst unit's, as the file says
            ({"across": "mean"}, False),
            ({"direction": "increase", "baseline": 0, "target": 100}, False),
            ({"aggregate": "last"}, False),
        ],
    )
    def test_max_decreasing(self, changes: dict[str, Any], warned: bool) -> None:
        """Regression: a cascaded indicator falling from 40 to 10 by ``aggregate: max`` read
        the campaign's figure off its worst unit (a unit with no reading: 40) without a word.
        max-decreasing warns where ``across`` was left to ``max``; saying it silences it."""
        level = ev(
            IDEAS,
            **{
                "baseline": 40,
                "target": 10,
                "direction": "decrease",
                "aggregate": "max",
                **changes,
            },
        )
        talks = ev(TALKS, cascade=Cascade(children_of="town"), indicators=(level,))
        c = make(**fields(series=(talks,), assignments=ASSIGNED))
        assert warnings(c) == ([("$.series[0].indicators[0]", "max-decreasing")] if warned else [])
        if warned:
            [problem] = c.check()
            assert "'across: max'" in problem.message
            assert "'across: mean'" in problem.message

    def test_a_rate_of_no_cascade(self) -> None:
        """A rate outside a cascade has no units to add up: no warning."""
        rate = ev(IDEAS, unit="%", baseline=50, aggregate="last")
        c = make(**fields(series=(ev(TALKS, indicators=(rate,)),), assignments=ASSIGNED))
        assert warnings(c) == []

    @pytest.mark.parametrize("where", ["mechanisms", "series"])
    def test_across_unused(self, where: str) -> None:
        """``across`` on an indicator whose owner does not cascade is an across-unused warning."""
        changes: dict[str, Any] = (
            {"mechanisms": (ev(WEEKLY, indicators=(ev(NOTES, across="mean"),)),)}
            if where == "mechanisms"
            else {"series": (ev(TALKS, indicators=(ev(IDEAS, across="mean"),)),)}
        )
        c = make(**fields(**changes, assignments=ASSIGNED))
        assert warnings(c) == [(f"$.{where}[0].indicators[0].across", "across-unused")]

    def test_zero_weights(self) -> None:
        """Every weight of a list at 0 is a zero-weights warning at the list."""
        c = make(
            **fields(
                phases=(ev(STUDY, weight=0.0), ev(ACT, weight=0.0)),
                mechanisms=(ev(WEEKLY, weight=0.0),),
                series=(ev(TALKS, weight=0.0),),
                assignments=ASSIGNED,
            )
        )
        assert warnings(c) == [
            ("$.phases", "zero-weights"),
            ("$.mechanisms", "zero-weights"),
            ("$.series", "zero-weights"),
        ]

    def test_some_zero_weights(self) -> None:
        """Some weights at 0 beside others are fine."""
        c = make(**fields(phases=(ev(STUDY, weight=0.0), ACT), assignments=ASSIGNED))
        assert warnings(c) == []

    def test_empty_campaign(self) -> None:
        """A campaign with nothing in it gets no advice (and check() does not fail on it)."""
        assert warnings(make()) == []
