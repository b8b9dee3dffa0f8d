"""Tests for campaignkit.model._campaign: the namespace and the helpers of a valid campaign."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    CalendarSpec,
    Campaign,
    Cascade,
    Indicator,
    LeadershipGroup,
    Mechanism,
    Person,
    Phase,
    Post,
    Role,
    Unit,
    Window,
    WorkingBody,
)

D = dt.date

# nanan ─ town ─┬─ v1 ─ hamlet
#               ├─ v2
#               └─ c1        other (a second root)
UNITS = (
    Unit(id="nanan", name="南岸区", kind="district"),
    Unit(id="town", name="长生桥镇", kind="town", parent="nanan"),
    Unit(id="v1", name="一村", kind="village", parent="town"),
    Unit(id="v2", name="二村", kind="village", parent="town"),
    Unit(id="c1", name="社区", kind="community", parent="town"),
    Unit(id="hamlet", name="组", kind="group", parent="v1"),
    Unit(id="other", name="别区", kind="district"),
)
PEOPLE = (
    Person(id="yu", name="喻先发", posts=(Post(title="书记", unit="town"),)),
    Person(id="wang", name="王平", posts=(Post(title="村支书", unit="v1"),)),
    Person(id="li", name="李"),
    Person(id="zhao", name="赵", posts=(Post(title="区长", unit="nanan"), Post(title="顾问"))),
    Person(id="chen", name="陈", posts=(Post(title="组长", unit="hamlet"),)),
    Person(id="sun", name="孙", posts=(Post(title="主任", unit="other"),)),
)
OFFICE = WorkingBody(id="office", name="办公室", director="zhao", members=("chen", "li"), staff=7)
GROUP = LeadershipGroup(
    id="group", name="领导小组", leader="yu", deputies=("wang",), members=("li",), bodies=(OFFICE,)
)
TEAM = LeadershipGroup(id="team", name="督导组", leader="sun")
NOTES = Indicator(id="notes", name="心得", target=100)
IDEAS = Indicator(id="ideas", name="金点子", target=200, translations={"en": "golden ideas"})
WEEKLY = Mechanism(
    id="weekly",
    name="每周例会",
    rule="FREQ=WEEKLY;BYDAY=MO",
    cascade=Cascade(children_of="town"),
    indicators=(NOTES,),
)
ATTENDANCE = Mechanism(id="attendance", name="考勤", attendance=True)
TALK = Activity(id="talk-1", name="宣讲", date=D(2010, 3, 1))
TALKS = ActivitySeries(
    id="talks", name="宣讲", activities=(TALK,), indicators=(IDEAS,), cascade=Cascade(units=("v1",))
)
STUDY = Phase(id="study", name="学习", start=D(2010, 1, 4), end=D(2010, 1, 29))
ACT = Phase(id="act", name="行动", duration=10, after=("study",))
ASSIGNMENTS = (
    Assignment(subject="weekly", party="group", role=Role.LEAD),
    Assignment(subject="weekly", party="office", role=Role.RESPONSIBLE),
    Assignment(subject="talks", party="town", role=Role.LEAD),
    Assignment(subject="talk-1", party="yu", role=Role.RESPONSIBLE),
)


@pytest.fixture(scope="module")
def c() -> Campaign:
    """A campaign with a unit tree, two groups, phases, mechanisms and a series."""
    return Campaign(
        id="drive",
        name="大讨论活动",
        translations={"en": "Great discussion"},
        window=Window(start=D(2010, 1, 1), end=D(2010, 6, 30)),
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        people=PEOPLE,
        units=UNITS,
        groups=(GROUP, TEAM),
        phases=(STUDY, ACT),
        assignments=ASSIGNMENTS,
        mechanisms=(WEEKLY, ATTENDANCE),
        series=(TALKS,),
    )


class TestCalendarSpec:
    def test_defaults(self) -> None:
        """A calendar spec without a country means weekends only, with no extra days."""
        spec = CalendarSpec()
        assert (spec.country, spec.subdivision, spec.weekend) == (None, None, None)
        assert (spec.extra_holidays, spec.extra_workdays) == ((), ())


class TestCampaignNamespace:
    @pytest.mark.parametrize(
        ("id", "kind"),
        [
            ("yu", "person"),
            ("town", "unit"),
            ("group", "group"),
            ("office", "body"),
            ("study", "phase"),
            ("weekly", "mechanism"),
            ("notes", "indicator"),
            ("talks", "series"),
            ("talk-1", "activity"),
            ("ideas", "indicator"),
            ("nobody", None),
            ("drive", None),
        ],
    )
    def test_kind_of(self, c: Campaign, id: str, kind: str | None) -> None:
        """kind_of names the kind of every element; ids that name nothing (the campaign's own) have none."""
        assert c.kind_of(id) == kind

    @pytest.mark.parametrize(
        ("id", "path"),
        [
            ("yu", "$.people[0]"),
            ("v1", "$.units[2]"),
            ("office", "$.groups[0].bodies[0]"),
            ("act", "$.phases[1]"),
            ("notes", "$.mechanisms[0].indicators[0]"),
            ("talk-1", "$.series[0].activities[0]"),
            ("ideas", "$.series[0].indicators[0]"),
        ],
    )
    def test_path_of(self, c: Campaign, id: str, path: str) -> None:
        """path_of is the JSON path of an element in the document."""
        assert c.path_of(id) == path

    def test_path_of_unknown(self, c: Campaign) -> None:
        """path_of an unknown id raises KeyError."""
        with pytest.raises(KeyError):
            c.path_of("nobody")

    def test_get(self, c: Campaign) -> None:
        """get returns the element itself."""
        assert c.get("office") is OFFICE
        assert c.get("talk-1") is TALK

    def test_ids_in_document_order(self, c: Campaign) -> None:
        """ids lists every id once, in document order."""
        ids = list(c.ids)
        assert ids[:3] == ["yu", "wang", "li"]
        assert ids.index("group") < ids.index("office") < ids.index("team") < ids.index("study")
        assert ids[-3:] == ["talks", "talk-1", "ideas"]
        assert len(ids) == len(set(ids)) == 6 + 7 + 3 + 2 + 3 + 3

    def test_typed_getters(self, c: Campaign) -> None:
        """The typed getters return elements of their kind."""
        assert c.person("yu") is PEOPLE[0]
        assert c.unit("town") is UNITS[1]
        assert c.phase("act") is ACT
        assert c.mechanism("weekly") is WEEKLY
        assert c.series_by_id("talks") is TALKS
        assert c.indicator("notes") is NOTES
        assert c.activity("talk-1") is TALK

    def test_typed_getter_of_wrong_kind(self, c: Campaign) -> None:
        """A typed getter asked for an element of another kind raises KeyError naming the kind."""
        with pytest.raises(KeyError, match="is a unit, not a Person"):
            c.person("town")

    def test_indicators(self, c: Campaign) -> None:
        """indicators lists those of mechanisms first, then of series."""
        assert c.indicators == (NOTES, IDEAS)

    def test_scoped(self, c: Campaign) -> None:
        """scoped lists the mechanisms, then the series."""
        assert c.scoped == (WEEKLY, ATTENDANCE, TALKS)

    def test_label(self, c: Campaign) -> None:
        """A campaign is an element: its label follows its translations."""
        assert (c.label(), c.label("en")) == ("大讨论活动", "Great discussion")

    def test_equal_and_hashable(self, c: Campaign) -> None:
        """Campaigns built from equal parts are equal, and hash alike."""
        twin = attrs.evolve(c)  # built again, through validation
        assert twin == c
        assert hash(twin) == hash(c)


class TestCampaignOwners:
    def test_series_of_activity_and_indicator(self, c: Campaign) -> None:
        """series_of gives the series an activity or an indicator belongs to."""
        assert c.series_of("talk-1") is TALKS
        assert c.series_of("ideas") is TALKS

    @pytest.mark.parametrize("id", ["notes", "yu", "talks", "nobody"])
    def test_series_of_anything_else(self, c: Campaign, id: str) -> None:
        """series_of raises KeyError for a mechanism's indicator and for ids not in a series."""
        with pytest.raises(KeyError):
            c.series_of(id)

    def test_owner_of(self, c: Campaign) -> None:
        """owner_of gives the mechanism or series holding an indicator or activity."""
        assert c.owner_of("notes") is WEEKLY
        assert c.owner_of("ideas") is TALKS
        with pytest.raises(KeyError):
            c.owner_of("weekly")


class TestCampaignPeopleOf:
    def test_person(self, c: Campaign) -> None:
        """A person stands for itself."""
        assert c.people_of("li") == ("li",)

    def test_group(self, c: Campaign) -> None:
        """A group stands for its leader, deputies, members and its bodies' people, once each."""
        assert c.people_of("group") == ("yu", "wang", "li", "zhao", "chen")

    def test_body(self, c: Campaign) -> None:
        """A working body stands for its director and members."""
        assert c.people_of("office") == ("zhao", "chen", "li")

    def test_unit_and_below(self, c: Campaign) -> None:
        """A unit stands for the people holding posts in it or in any unit below it."""
        assert c.people_of("town") == ("yu", "wang", "chen")  # town, v1, hamlet (under v1)
        assert c.people_of("nanan") == ("yu", "wang", "zhao", "chen")
        assert c.people_of("v1") == ("wang", "chen")
        assert c.people_of("v2") == ()

    def test_not_a_party(self, c: Campaign) -> None:
        """Ids that are not parties, or name nothing, stand for nobody."""
        assert c.people_of("study") == ()
        assert c.people_of("nobody") == ()


class TestCampaignGroupsOf:
    def test_groups_and_bodies(self, c: Campaign) -> None:
        """groups_of lists the groups and bodies whose people include a person."""
        assert c.groups_of("chen") == ("group", "office")  # through the office
        assert c.groups_of("yu") == ("group",)
        assert c.groups_of("sun") == ("team",)

    def test_nobody(self, c: Campaign) -> None:
        """A person in no group, or an unknown id, is in no group."""
        assert c.groups_of("nobody") == ()


class TestCampaignUnitTree:
    def test_children(self, c: Campaign) -> None:
        """children lists a unit's direct children in document order."""
        assert c.children("town") == ("v1", "v2", "c1")
        assert c.children("v2") == ()

    def test_descendants_breadth_first(self, c: Campaign) -> None:
        """descendants lists every unit below, level by level."""
        assert c.descendants("nanan") == ("town", "v1", "v2", "c1", "hamlet")
        assert c.descendants("other") == ()

    def test_cascade_units(self, c: Campaign) -> None:
        """A cascade runs in its listed units, or in the children of its unit; none without one."""
        assert c.cascade_units(WEEKLY.cascade) == ("v1", "v2", "c1")
        assert c.cascade_units(TALKS.cascade) == ("v1",)
        assert c.cascade_units(None) == ()


class TestCampaignResponsibility:
    def test_assignments_for(self, c: Campaign) -> None:
        """assignments_for lists a subject's assignments in order."""
        assert c.assignments_for("weekly") == ASSIGNMENTS[:2]
        assert c.assignments_for("study") == ()

    def test_lead_of(self, c: Campaign) -> None:
        """lead_of is the leading party, or None."""
        assert c.lead_of("weekly") == "group"
        assert c.lead_of("talks") == "town"
        assert c.lead_of("talk-1") is None
        assert c.lead_of("study") is None


class TestCampaignCheck:
    def test_advice(self, c: Campaign) -> None:
        """check() returns the advice on a valid campaign: here the unassigned phases and mechanism."""
        assert [(p.path, p.code) for p in c.check()] == [
            ("$.phases[0]", "no-assignment"),
            ("$.phases[1]", "no-assignment"),
            ("$.mechanisms[1]", "no-assignment"),
        ]


class TestCampaignMembership:
    def test_every_unit_group_and_body(self, c: Campaign) -> None:
        """Units in document order, then each group followed by its bodies."""
        assert list(c.membership) == [*(u.id for u in UNITS), "group", "office", "team"]
        assert c.membership["hamlet"] == ("chen",)
        assert c.membership["team"] == ("sun",)

    def test_worked_out_once(self, c: Campaign) -> None:
        """The second question gets the same object: the campaign keeps its answer."""
        assert c.membership is c.membership

    def test_people_of_reads_it(self, c: Campaign) -> None:
        """people_of answers from the membership for every party but a person."""
        for party, people in c.membership.items():
            assert c.people_of(party) == people

    def test_not_in_equality(self, c: Campaign) -> None:
        """A campaign that has answered equals one that has not."""
        _ = c.membership
        assert attrs.evolve(c) == c


class TestCampaignIsParty:
    @pytest.mark.parametrize(
        ("id", "party"),
        [
            *[("yu", True), ("town", True), ("group", True), ("office", True)],
            *[("study", False), ("weekly", False), ("talk-1", False), ("nobody", False)],
        ],
    )
    def test_kinds(self, c: Campaign, id: str, party: bool) -> None:
        """People, units, groups and bodies are parties; nothing else is."""
        assert c.is_party(id) is party
