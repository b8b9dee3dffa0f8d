"""Tests for campaignkit.strategies: what the strategies promise about what they draw.

Invariants are checked on every draw; coverage (that the strategies reach fixed and relative
phases, cascades, standing and recurring mechanisms, every kind of rule...) is checked over a
fixed number of derandomized draws. Hypothesis also seeds its draws with constants of the
modules loaded, so which draws come depends a little on what else the run imported; every
feature asserted is drawn often enough (at least one time in fifty) that a few hundred draws
find it whatever they are.
"""

from __future__ import annotations

import collections
import datetime as dt
import importlib
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignkit.calendar import WorkingCalendar
from campaignkit.io import structure_campaign
from campaignkit.model import (
    Aggregation,
    Assignment,
    Campaign,
    Direction,
    Indicator,
    Mechanism,
    NonWorkingDayPolicy,
    Person,
    Role,
    Trajectory,
    Unit,
    Window,
    parse_rule,
)
from campaignkit.scheduling import schedule
from campaignkit.strategies import (
    COUNTRIES,
    TIMEZONES,
    assignments,
    calendars,
    campaign_documents,
    campaigns,
    indicators,
    leadership_groups,
    ledgers,
    mechanisms,
    names,
    people,
    phases,
    rrules,
    series,
    unit_trees,
    windows,
)
from campaignkit.tracking import Ledger, progress

_T = TypeVar("_T")
WINDOW = Window(start=dt.date(2010, 1, 1), end=dt.date(2010, 6, 30))
STAMP = re.compile(r"^(\d{8})T(\d{6})$")


def collect(strategy: st.SearchStrategy[_T], n: int = 150) -> list[_T]:
    """*n* derandomized draws of *strategy*: the same ones on every run."""
    out: list[_T] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(strategy)
    def draw(value: _T) -> None:
        out.append(value)

    draw()
    return out


def seen(values: list[Any], feature: Callable[[Any], Any]) -> set[Any]:
    """The set of what *feature* says about each of *values* (flattening iterables)."""
    out: set[Any] = set()
    for value in values:
        found = feature(value)
        out |= set(found) if isinstance(found, (set, list, tuple)) else {found}
    return out


def stamps(rule: str, prefix: str) -> list[tuple[dt.date, dt.time]]:
    """The (day, time) values of the lines of *rule* starting with *prefix*."""
    out = []
    for line in rule.splitlines():
        if line.startswith(prefix):
            for value in line.partition(":")[2].split(","):
                match = STAMP.match(value)
                assert match, value
                moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
                out.append((moment.date(), moment.time()))
    return out


def recur_of(rule: str) -> str | None:
    """The RRULE value of *rule* (bare or labelled), or None."""
    for line in rule.splitlines():
        if line.startswith("FREQ="):
            return line
        if line.startswith("RRULE:"):
            return line.removeprefix("RRULE:")
    return None


class TestImport:
    def test_without_hypothesis(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Importing the module without Hypothesis says to install the test extra."""
        monkeypatch.setitem(sys.modules, "hypothesis", None)
        monkeypatch.delitem(sys.modules, "campaignkit.strategies")
        with pytest.raises(ImportError, match=r"campaignkit\[test\]"):
            importlib.import_module("campaignkit.strategies")


class TestNames:
    @given(names())
    def test_non_empty_text(self, name: str) -> None:
        """Names are non-empty strings without control characters."""
        assert name
        assert not any(c in name for c in "\x00\n\r\t")


class TestWindows:
    @given(windows())
    def test_free(self, w: Window) -> None:
        """Windows start in 2009..2026 and last 1..366 days."""
        assert dt.date(2009, 1, 1) <= w.start <= dt.date(2026, 12, 31)
        assert 1 <= w.days <= 366

    @given(windows(within=WINDOW, min_days=10, max_days=40))
    def test_within(self, w: Window) -> None:
        """A window drawn within another lies inside it, with the asked length."""
        assert WINDOW.start <= w.start
        assert w.end <= WINDOW.end
        assert 10 <= w.days <= 40

    @given(windows(within=Window(start=dt.date(2010, 1, 1), end=dt.date(2010, 1, 5)), min_days=9))
    def test_within_shorter_than_asked(self, w: Window) -> None:
        """Within a window shorter than min_days, the drawn window is the whole of it."""
        assert w.days == 5


class TestCalendars:
    @given(calendars(window=WINDOW))
    def test_extras_inside_window_and_disjoint(self, spec: Any) -> None:
        """Extra holidays and workdays lie in the window, sorted, and never coincide."""
        assert spec.country in COUNTRIES
        assert all(d in WINDOW for d in (*spec.extra_holidays, *spec.extra_workdays))
        assert list(spec.extra_holidays) == sorted(set(spec.extra_holidays))
        assert not set(spec.extra_holidays) & set(spec.extra_workdays)
        assert len(spec.extra_holidays) <= 3
        assert spec.weekend is None or len(spec.weekend) <= 2

    @given(calendars(window=WINDOW, country="DE"))
    def test_fixed_country(self, spec: Any) -> None:
        """A fixed country is used as it is; German ones may have a state."""
        assert spec.country == "DE"
        assert spec.subdivision in (None, "BY", "BE", "NW")


class TestUnitTrees:
    @given(unit_trees(max_units=12))
    def test_district_town_village(self, units: tuple[Unit, ...]) -> None:
        """Units form district → town → village/community trees, parents among them."""
        assert len(units) <= 12
        by_id = {u.id: u for u in units}
        assert len(by_id) == len(units)
        for u in units:
            if u.parent is None:
                assert u.kind == "district"
            else:
                parent = by_id[u.parent]
                expected = {"district": {"town"}, "town": {"village", "community"}}
                assert u.kind in expected[parent.kind]

    def test_order_is_drawn(self) -> None:
        """Some draws list a child before its parent."""
        drawn = collect(unit_trees(), 60)
        assert any(
            [u.id for u in units].index(u.parent) > i
            for units in drawn
            for i, u in enumerate(units)
            if u.parent is not None
        )


class TestPeople:
    @given(unit_trees().flatmap(lambda us: st.tuples(st.just(us), people(units=us))))
    def test_posts_in_given_units(self, drawn: tuple[tuple[Unit, ...], tuple[Person, ...]]) -> None:
        """People hold posts only in the units given, and have distinct ids."""
        units, persons = drawn
        assert {post.unit for p in persons for post in p.posts} <= {None, *(u.id for u in units)}
        assert len({p.id for p in persons}) == len(persons) <= 6


class TestLeadershipGroups:
    @given(leadership_groups(people=["a", "b", "c"]))
    def test_made_of_given_people(self, groups: Any) -> None:
        """Groups and their bodies name only the people given; ids are distinct."""
        ids = [g.id for g in groups] + [b.id for g in groups for b in g.bodies]
        assert len(ids) == len(set(ids))
        for g in groups:
            assert set(g.people) <= {"a", "b", "c"}
            for b in g.bodies:
                assert set(b.people) <= {"a", "b", "c"}

    @given(leadership_groups(people=[]))
    def test_none_without_people(self, groups: Any) -> None:
        """Without people there are no groups."""
        assert groups == ()


class TestPhases:
    @given(
        windows(min_days=84, max_days=240).flatmap(
            lambda w: st.tuples(st.just(w), phases(window=w))
        )
    )
    def test_fit_the_window(self, drawn: tuple[Window, Any]) -> None:
        """Fixed phases lie in the window (its first half when some are relative), and the
        relative ones follow only phases of the draw."""
        w, ps = drawn
        ids = {p.id for p in ps}
        relative = [p for p in ps if not p.fixed]
        half_end = w.start + dt.timedelta(days=w.days // 2 - 1)
        for p in ps:
            if p.fixed:
                assert w.start <= p.start <= p.end <= (half_end if relative else w.end)
            else:
                assert set(p.after) <= ids - {p.id}

    @given(
        windows(min_days=84, max_days=240).flatmap(
            lambda w: st.tuples(st.just(w), phases(window=w), calendars(window=w))
        )
    )
    def test_relative_phases_fit_any_drawn_calendar(self, drawn: tuple[Window, Any, Any]) -> None:
        """Durations and lags of the relative phases fit the working days of the window's second
        half, on the calendar drawn for it (so no chain of phases overruns the window)."""
        w, ps, spec = drawn
        half_end = w.start + dt.timedelta(days=w.days // 2 - 1)
        needed = sum(p.duration + p.lag for p in ps if not p.fixed)
        available = WorkingCalendar.from_spec(spec).working_days(
            half_end + dt.timedelta(days=1), w.end
        )
        assert needed <= available

    @given(phases(window=WINDOW, relative=False))
    def test_fixed_only(self, ps: Any) -> None:
        """relative=False draws fixed phases only."""
        assert all(p.fixed for p in ps)


class TestRrules:
    @given(st.data())
    def test_real_local_rfc_5545(self, data: st.DataObject) -> None:
        """Rules parse; their times are local, at the mechanism's time, on days of the window;
        EXDATE only removes days the rule hits."""
        time = data.draw(st.sampled_from([dt.time(9, 0), dt.time(14, 30), dt.time(7, 45)]))
        rule = data.draw(rrules(window=WINDOW, time=time))
        parse_rule(rule, dt.datetime.combine(WINDOW.start, time))
        assert "TZID" not in rule
        assert not re.search(r"\d{8}T\d{6}Z", rule)
        for prefix in ("DTSTART", "EXDATE", "RDATE"):
            for day, at in stamps(rule, prefix):
                assert day in WINDOW
                assert at == time
        recur = recur_of(rule)
        if recur is None:
            assert rule.startswith("RDATE:")
            return
        assert "COUNT=" not in recur or "UNTIL=" not in recur
        until = re.search(r"UNTIL=(\w+)", recur)
        assert until is None or STAMP.match(until[1])
        starts = stamps(rule, "DTSTART")
        start = (
            dt.datetime.combine(*starts[0]) if starts else dt.datetime.combine(WINDOW.start, time)
        )
        hits = set(
            rrulestr(recur, dtstart=start).between(
                start, dt.datetime.combine(WINDOW.end, time), inc=True
            )
        )
        for day, at in stamps(rule, "EXDATE"):
            assert dt.datetime.combine(day, at) in hits

    def test_coverage(self) -> None:
        """Over a fixed set of draws, rules use every frequency and the RRULE parts users write."""
        rules = collect(rrules(window=WINDOW), 400)
        text = "\n".join(rules)
        for part in ("FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", "INTERVAL=",
                     "BYSETPOS=", "BYMONTH=", "WKST=", "COUNT=", "UNTIL=", "DTSTART:", "EXDATE:",
                     "RDATE:", "RRULE:"):  # fmt: skip
            assert part in text, part
        assert re.search(r"BYMONTHDAY=([-\d]+,)?31\b", text)
        assert re.search(r"BYMONTHDAY=([-\d]+,)?-1\b", text)
        assert re.search(r"BYDAY=1(MO|TU|WE|TH|FR)", text)
        assert re.search(r"BYDAY=-1(MO|TU|WE|TH|FR)", text)
        assert any(r.startswith("FREQ=") for r in rules)
        assert any(r.startswith("RDATE:") for r in rules)
        assert any(recur_of(r) and "COUNT=" not in r and "UNTIL=" not in r for r in rules)


class TestIndicators:
    @given(indicators(window=WINDOW, units=["u1", "u2"]))
    def test_consistent(self, ind: Indicator) -> None:
        """Direction matches target and baseline; milestones go from baseline to target on
        strictly increasing days of the window, before the due date; unit targets are for the
        units given, on the side of the target."""
        rising = ind.direction is Direction.INCREASE
        assert (ind.target > ind.baseline) == rising
        assert ind.due is None or ind.due in WINDOW
        days = [m.date for m in ind.milestones]
        assert days == sorted(set(days))
        assert all(d in WINDOW and (ind.due is None or d <= ind.due) for d in days)
        values = [m.value for m in ind.milestones]
        assert values == (sorted(values) if rising else sorted(values, reverse=True))
        low, high = sorted((ind.baseline, ind.target))
        assert all(low < v <= high if rising else low <= v < high for v in values)
        assert set(ind.unit_targets) <= {"u1", "u2"}
        assert all((t > ind.baseline) == rising for t in ind.unit_targets.values())
        if ind.aggregate is Aggregation.COUNT:
            assert rising
            assert ind.baseline == 0

    def test_coverage(self) -> None:
        """Over a fixed set of draws, every direction, aggregation and trajectory appears."""
        drawn = collect(indicators(window=WINDOW, units=["u1"]), 100)
        assert seen(drawn, lambda i: i.direction) == set(Direction)
        assert seen(drawn, lambda i: i.aggregate) == set(Aggregation)
        assert seen(drawn, lambda i: i.trajectory) == set(Trajectory)
        assert any(i.unit_targets for i in drawn)
        assert any(i.due is None for i in drawn)
        assert any(len(i.milestones) > 1 for i in drawn)


class TestMechanisms:
    @given(mechanisms(window=WINDOW, phases=["p"], parties=["a", "b"], subjects=["s"]))
    def test_references_and_rule(self, m: Mechanism) -> None:
        """A mechanism refers only to what it is given; a recurring one has a rule at its time."""
        assert set(m.phases) <= {"p"}
        assert set(m.participants) <= {"a", "b"}
        assert set(m.applies_to) <= {"s"}
        assert m.cascade is None  # no units given
        if m.recurring:
            assert m.rule is not None
            parse_rule(m.rule, dt.datetime.combine(WINDOW.start, m.time))
            assert all(at == m.time for _, at in stamps(m.rule, "RDATE"))
        else:
            assert m.rule is None
        assert m.window is None or (WINDOW.start <= m.window.start and m.window.end <= WINDOW.end)

    @given(mechanisms(window=WINDOW, recurring=False, policies=[NonWorkingDayPolicy.KEEP]))
    def test_forced_kind_and_policy(self, m: Mechanism) -> None:
        """recurring=False draws standing mechanisms; policies restricts the policy."""
        assert not m.recurring
        assert m.on_non_working_day is NonWorkingDayPolicy.KEEP


class TestSeries:
    @given(series(window=WINDOW, phases=["p"], parties=["a"]))
    def test_placeable(self, s: Any) -> None:
        """A series with activities to place has ten weeks or the whole window and no phases;
        dated activities lie in its span; at most three activities are to be placed."""
        undated = sum(a.date is None for a in s.activities)
        to_place = undated + s.placement.count
        span = s.window or WINDOW
        assert to_place <= 3
        if to_place:
            assert s.phases == ()
            assert span.days >= 70
            assert all(d.number < 5 for d in s.placement.weekdays)
            assert s.placement.weekdays == () or len(s.placement.weekdays) >= 2
        assert all(a.date in span for a in s.activities if a.date is not None)
        assert not (s.placement.avoid_conflicts and s.cascade is not None)

    @given(series(window=WINDOW, placement=False))
    def test_without_placement(self, s: Any) -> None:
        """placement=False draws series whose activities are all dated."""
        assert all(a.date is not None for a in s.activities)
        assert s.placement.count == 0


class TestAssignments:
    @given(
        assignments(
            subjects=["p", "m", "s"],
            parties=["a", "b", "c", "d"],
            activities=["x", "y"],
            leads={"s": "boss"},
        )
    )
    def test_responsibility_rules(self, drawn: tuple[Assignment, ...]) -> None:
        """Assigned subjects have one lead (activities at most one, and someone carrying them);
        a party has one role per subject; forced leads lead."""
        by_subject = collections.defaultdict(list)
        for a in drawn:
            by_subject[a.subject].append(a)
        for subject, held in by_subject.items():
            leads = [a for a in held if a.role is Role.LEAD]
            if subject in ("x", "y"):
                assert len(leads) <= 1
                assert any(a.role in (Role.LEAD, Role.RESPONSIBLE) for a in held)
            else:
                assert len(leads) == 1
            assert len({a.party for a in held}) == len(held)
        assert [a.party for a in by_subject["s"] if a.role is Role.LEAD] == ["boss"]
        assert all(a.party != "boss" for a in drawn if a.subject != "s" or a.role is not Role.LEAD)


def _leaders_free(c: Campaign) -> bool:
    """The lead of every series that avoids conflicts is a person in nothing else."""
    for s in c.series:
        if not s.placement.avoid_conflicts:
            continue
        lead = c.lead_of(s.id)
        if lead is None or c.kind_of(lead) != "person" or c.groups_of(lead):
            return False
        if any(a.party == lead and a.subject != s.id for a in c.assignments):
            return False
        everywhere = [*(i.participants for i in c.scoped)]
        everywhere += [a.participants for x in c.series for a in x.activities]
        if any(lead in ps for ps in everywhere) or c.person(lead).posts:
            return False
    return True


class TestCampaigns:
    @given(campaigns())
    def test_within_bounds(self, c: Campaign) -> None:
        """Campaigns last 12 weeks to 8 months and stay within the default size bounds."""
        assert 84 <= c.window.days <= 240
        avoiding = sum(s.placement.avoid_conflicts for s in c.series)
        assert len(c.people) <= 6 + avoiding
        assert len(c.units) <= 8
        assert len(c.groups) <= 2
        assert len(c.phases) <= 4
        assert len(c.mechanisms) <= 3
        assert len(c.series) <= 3
        assert c.timezone in TIMEZONES
        assert c.calendar.country in COUNTRIES

    @given(campaigns())
    def test_schedulable_by_construction(self, c: Campaign) -> None:
        """Series that place activities are not tied to phases, and a series that avoids
        conflicts is led by a person with no other commitment."""
        for s in c.series:
            if s.placement.count or any(a.date is None for a in s.activities):
                assert s.phases == ()
        assert _leaders_free(c)

    @settings(max_examples=20)
    @given(
        campaigns(
            country=None,
            timezone="Asia/Shanghai",
            relative_phases=False,
            cascades=False,
            placement=False,
            policies=[NonWorkingDayPolicy.KEEP],
            with_assignments=False,
            max_people=2,
            max_units=3,
        )
    )
    def test_knobs(self, c: Campaign) -> None:
        """Each keyword narrows what is drawn."""
        assert c.calendar.country is None
        assert c.timezone == "Asia/Shanghai"
        assert all(p.fixed for p in c.phases)
        assert all(i.cascade is None for i in c.scoped)
        assert all(a.date is not None for s in c.series for a in s.activities)
        assert all(s.placement.count == 0 for s in c.series)
        assert {m.on_non_working_day for m in c.mechanisms} <= {NonWorkingDayPolicy.KEEP}
        assert c.assignments == ()
        assert len(c.people) <= 2
        assert len(c.units) <= 3

    @settings(max_examples=20)
    @given(campaigns(country="CN"))
    def test_fixed_country(self, c: Campaign) -> None:
        """A country given is the campaign's calendar country."""
        assert c.calendar.country == "CN"

    def test_coverage(self) -> None:
        """Over a fixed set of draws, campaigns hold every kind of thing the scheduler and the
        progress calculator must handle."""
        drawn = collect(campaigns(), 150)
        scoped = [i for c in drawn for i in c.scoped]
        mechs = [m for c in drawn for m in c.mechanisms]
        all_series = [s for c in drawn for s in c.series]
        ps = [p for c in drawn for p in c.phases]
        assert seen(ps, lambda p: p.fixed) == {True, False}
        assert any(p.after for p in ps)
        assert any(p.lag for p in ps)
        assert any(p.gate for p in ps)
        assert any(i.cascade and i.cascade.units for i in scoped)
        assert any(i.cascade and i.cascade.children_of for i in scoped)
        assert seen(mechs, lambda m: m.recurring) == {True, False}
        assert any(m.attendance and m.applies_to for m in mechs)
        assert seen(mechs, lambda m: m.on_non_working_day) == set(NonWorkingDayPolicy)
        assert any(m.indicators for m in mechs)
        assert any(i.window and i.phases for i in scoped)
        assert any(s.placement.count for s in all_series)
        assert any(a.date is None for s in all_series for a in s.activities)
        assert any(s.placement.avoid_conflicts for s in all_series)
        assert any(s.cascade and s.placement.count for s in all_series)
        assert any(ind.unit_targets for i in scoped for ind in i.indicators)
        assert seen(drawn, lambda c: c.calendar.country) == set(COUNTRIES)
        assert any(c.calendar.subdivision for c in drawn)
        assert any(c.calendar.extra_holidays and c.calendar.extra_workdays for c in drawn)
        assert {c.calendar.weekend for c in drawn} >= {None, ("sat", "sun"), ("sun",)}
        assert seen(drawn, lambda c: c.timezone) == set(TIMEZONES)
        assert seen(drawn, lambda c: [a.role for a in c.assignments]) == set(Role)
        assert any(
            a.subject == x.id
            for c in drawn
            for s in c.series
            for x in s.activities
            for a in c.assignments
        )
        assert any(g.bodies for c in drawn for g in c.groups)
        assert any(c.people_of(u.id) for c in drawn for u in c.units)
        assert seen(drawn, lambda c: c.id[8]) == {"-", "_", ".", ":"}
        assert any(e.assumed for c in drawn for e in (*c.people, *c.units, *scoped))
        assert any(e.translations for c in drawn for e in (*c.people, *c.phases))


class TestCampaignDocuments:
    @given(campaign_documents(max_series=1))
    def test_structure_back(self, doc: dict[str, Any]) -> None:
        """Documents are plain data that structure into a campaign again."""
        c = structure_campaign(doc)
        assert c.id == doc["id"]
        assert len(c.series) <= 1


class TestLedgers:
    @given(st.data())
    def test_records_drawn_without_bad_ones_are_all_used(self, data: st.DataObject) -> None:
        """``ledgers(bad=False)`` draws only records progress() can use: it reports no error."""
        campaign = data.draw(campaigns(max_units=4, max_series=2, max_mechanisms=2))
        plan = schedule(campaign)
        records = data.draw(ledgers(campaign, plan))
        result = progress(campaign, plan, Ledger(records), campaign.window.end)
        assert result.errors == ()
        # exact duplicates count once (ingest is idempotent by id), and every record is used
        assert result.counts.read == len({r.id for r in records}) == result.counts.used
