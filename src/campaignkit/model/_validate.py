"""The campaign-wide rules: one id namespace, references, dates, cycles, rules, responsibility.

Every check appends located :class:`~campaignkit.Problem` values; none stops at the
first. ``errors_of`` finds what makes a campaign invalid, ``warnings_of`` what is only advice.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from campaignkit._errors import Problem, Severity, did_you_mean, join_path
from campaignkit.model._activities import ActivitySeries
from campaignkit.model._base import Element, Window
from campaignkit.model._calendar import (
    CalendarSpec,
    holiday_years,
    outside_holiday_data,
    region_problems,
    unlisted_makeup_days,
)
from campaignkit.model._indicators import AcrossUnits, Aggregation, Direction, Indicator
from campaignkit.model._mechanisms import Cascade, Mechanism, Scoped
from campaignkit.model._namespace import PARTY_KINDS, IndexEntry, Kind
from campaignkit.model._parties import LeadershipGroup, Person, Unit
from campaignkit.model._phases import Phase
from campaignkit.model._responsibility import Assignment, Role
from campaignkit.model._rules import parse_rule

SUBJECT_KINDS: frozenset[Kind] = frozenset({"phase", "mechanism", "series", "activity"})
LEAD_SUBJECTS: frozenset[Kind] = frozenset({"phase", "mechanism", "series"})

Index = dict[str, IndexEntry]


class CampaignLike(Protocol):
    """What the rules read of a campaign (a :class:`~campaignkit.model.Campaign` is one).

    The rules take this shape rather than the class, so that the campaign module imports the
    rules and the rules import nothing of it.
    """

    @property
    def id(self) -> str: ...
    @property
    def window(self) -> Window: ...
    @property
    def timezone(self) -> str: ...
    @property
    def calendar(self) -> CalendarSpec: ...
    @property
    def people(self) -> tuple[Person, ...]: ...
    @property
    def units(self) -> tuple[Unit, ...]: ...
    @property
    def groups(self) -> tuple[LeadershipGroup, ...]: ...
    @property
    def phases(self) -> tuple[Phase, ...]: ...
    @property
    def assignments(self) -> tuple[Assignment, ...]: ...
    @property
    def mechanisms(self) -> tuple[Mechanism, ...]: ...
    @property
    def series(self) -> tuple[ActivitySeries, ...]: ...
    @property
    def scoped(self) -> tuple[Scoped, ...]: ...
    @property
    def ids(self) -> Iterator[str]: ...
    def kind_of(self, id: str) -> Kind | None: ...
    def path_of(self, id: str) -> str: ...
    def get(self, id: str) -> Element: ...
    def cascade_units(self, cascade: Cascade | None) -> tuple[str, ...]: ...


def build_index(c: CampaignLike) -> tuple[Index, list[Problem]]:
    """Map every id to (kind, path, element); report ids used twice, or the campaign's own
    id used by an element (progress trees, exports and reports name the campaign by it)."""
    index: Index = {}
    problems: list[Problem] = []
    for kind, path, element in _elements(c):
        if element.id == c.id:
            msg = f"id {element.id!r} is the campaign's own id"
            problems.append(Problem(join_path(path, "id"), "duplicate-id", msg))
        if element.id in index:
            first = index[element.id]
            msg = f"id {element.id!r} is already used by the {first.kind} at {first.path}"
            problems.append(Problem(join_path(path, "id"), "duplicate-id", msg))
        else:
            index[element.id] = IndexEntry(kind, path, element)
    return index, problems


def _elements(c: CampaignLike) -> Iterator[tuple[Kind, str, Element]]:
    for i, person in enumerate(c.people):
        yield "person", f"$.people[{i}]", person
    for i, unit in enumerate(c.units):
        yield "unit", f"$.units[{i}]", unit
    for i, group in enumerate(c.groups):
        yield "group", f"$.groups[{i}]", group
        for j, body in enumerate(group.bodies):
            yield "body", f"$.groups[{i}].bodies[{j}]", body
    for i, phase in enumerate(c.phases):
        yield "phase", f"$.phases[{i}]", phase
    for i, mechanism in enumerate(c.mechanisms):
        yield "mechanism", f"$.mechanisms[{i}]", mechanism
        for j, indicator in enumerate(mechanism.indicators):
            yield "indicator", f"$.mechanisms[{i}].indicators[{j}]", indicator
    for i, series in enumerate(c.series):
        yield "series", f"$.series[{i}]", series
        for j, activity in enumerate(series.activities):
            yield "activity", f"$.series[{i}].activities[{j}]", activity
        for j, indicator in enumerate(series.indicators):
            yield "indicator", f"$.series[{i}].indicators[{j}]", indicator


_MAX_HINTS = 100
"""Distinct unknown references of a campaign that get a "did you mean" hint; the rest come
without, so that a file full of them is checked as fast as one with a few typos."""


class _Checker:
    def __init__(self, c: CampaignLike) -> None:
        self.c = c
        self.problems: list[Problem] = []
        self.hints: dict[tuple[str, tuple[Kind, ...]], str] = {}

    def add(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def ref(self, path: str, id: str | None, kinds: Iterable[Kind], what: str) -> None:
        """*id* (when given) names an element of one of *kinds*."""
        if id is None:
            return
        allowed = sorted(kinds)
        kind = self.c.kind_of(id)
        if kind is None:
            msg = f"{what} {id!r} is not defined in this campaign{self.hint(id, allowed)}"
            self.add(path, "unknown-reference", msg)
        elif kind not in allowed:
            expected = " or ".join(allowed)
            msg = f"{what} {id!r} is a {kind}, but a {expected} is expected here"
            self.add(path, "wrong-kind-reference", msg)

    def hint(self, id: str, kinds: list[Kind]) -> str:
        """The hint naming the closest id of *kinds* (for the first ``_MAX_HINTS`` names)."""
        key = (id, tuple(kinds))
        if key not in self.hints:
            if len(self.hints) >= _MAX_HINTS:
                return ""
            self.hints[key] = did_you_mean(
                id, (i for i in self.c.ids if self.c.kind_of(i) in kinds)
            )
        return self.hints[key]

    def refs(self, path: str, ids: Iterable[str], kinds: Iterable[Kind], what: str) -> None:
        for i, id in enumerate(ids):
            self.ref(join_path(path, i), id, kinds, what)

    def date(self, path: str, day: dt.date | None) -> None:
        """*day* (when given) lies inside the campaign's window."""
        w = self.c.window
        if day is not None and day not in w:
            msg = f"{day} is outside the campaign window {w.start} .. {w.end}"
            self.add(path, "outside-window", msg)


def errors_of(c: CampaignLike) -> list[Problem]:
    """Everything that makes *c* invalid (the namespace itself is checked by ``build_index``)."""
    k = _Checker(c)
    _check_setting(k)
    _check_parties(k)
    _check_phases(k)
    for i, mechanism in enumerate(c.mechanisms):
        _check_scoped(k, f"$.mechanisms[{i}]", mechanism)
        _check_mechanism(k, f"$.mechanisms[{i}]", mechanism)
    for i, series in enumerate(c.series):
        _check_scoped(k, f"$.series[{i}]", series)
        _check_series(k, f"$.series[{i}]", series)
    _check_assignments(k)
    return k.problems


def _check_setting(k: _Checker) -> None:
    c = k.c
    try:
        zoneinfo.ZoneInfo(c.timezone)
    # OSError: a name too long for a file, or a directory of the database ("America").
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        msg = f"{c.timezone!r} is not an IANA time zone such as 'Asia/Shanghai'"
        k.add("$.timezone", "unknown-timezone", msg)
    spec = c.calendar
    k.problems += region_problems(spec.country, spec.subdivision)
    both = set(spec.extra_holidays) & set(spec.extra_workdays)
    for i, day in enumerate(spec.extra_workdays):
        if day in both:
            msg = f"{day} is listed both as an extra holiday and as an extra workday"
            k.add(f"$.calendar.extra_workdays[{i}]", "calendar-overlap", msg)


def _check_parties(k: _Checker) -> None:
    c = k.c
    for i, person in enumerate(c.people):
        for j, post in enumerate(person.posts):
            k.ref(f"$.people[{i}].posts[{j}].unit", post.unit, {"unit"}, "unit")
    for i, unit in enumerate(c.units):
        k.ref(f"$.units[{i}].parent", unit.parent, {"unit"}, "parent unit")
    _check_unit_tree(k)
    for i, group in enumerate(c.groups):
        path = f"$.groups[{i}]"
        k.ref(f"{path}.leader", group.leader, {"person"}, "leader")
        k.refs(f"{path}.deputies", group.deputies, {"person"}, "deputy")
        k.refs(f"{path}.members", group.members, {"person"}, "member")
        for j, body in enumerate(group.bodies):
            k.ref(f"{path}.bodies[{j}].director", body.director, {"person"}, "director")
            k.refs(f"{path}.bodies[{j}].members", body.members, {"person"}, "member")


def _check_unit_tree(k: _Checker) -> None:
    """Each cycle of ``parent`` links once, at its unit that comes first in the file.

    Every unit is walked up at most once (a walk stops at a unit an earlier walk finished), so
    the check is linear in the number of units, however deep the tree.
    """
    parent = {u.id: u.parent for u in k.c.units}
    position: dict[str, int] = {}
    for i, unit in enumerate(k.c.units):
        position.setdefault(unit.id, i)
    done: set[str] = set()
    cycles: list[tuple[int, list[str]]] = []
    for unit in k.c.units:
        path: dict[str, int] = {}  # the walk so far, in order, with each unit's place in it
        up: str | None = unit.id
        while up is not None and up in parent and up not in done and up not in path:
            path[up] = len(path)
            up = parent[up]
        if up is not None and up in path:  # the walk came back to itself: a cycle
            loop = list(path)[path[up] :]
            first = min(range(len(loop)), key=lambda j: position[loop[j]])
            loop = loop[first:] + loop[:first]
            cycles.append((position[loop[0]], loop))
        done.update(path)
    for i, loop in sorted(cycles):
        k.add(f"$.units[{i}].parent", "cycle", f"units form a cycle: {_loop_text(loop)}")


def _loop_text(loop: list[str]) -> str:
    """``a → b → c → a``; a ring of thousands is named by its ends: ``a → b → … (4,992 more) → a``."""
    names = [*loop, loop[0]]
    if len(names) > 12:
        names = [*names[:5], f"… ({len(names) - 9:,} more)", *names[-4:]]
    return " → ".join(names)


def _check_phases(k: _Checker) -> None:
    c = k.c
    for i, phase in enumerate(c.phases):
        path = f"$.phases[{i}]"
        k.date(f"{path}.start", phase.start)
        k.date(f"{path}.end", phase.end)
        k.refs(f"{path}.after", phase.after, {"phase"}, "phase")
        for j, cond in enumerate(phase.gate):
            k.ref(f"{path}.gate[{j}].indicator", cond.indicator, {"indicator"}, "indicator")
    for cycle in _phase_cycles(c):
        k.add(
            join_path(c.path_of(cycle[0]), "after"),
            "cycle",
            f"phases depend on each other in a cycle: {_loop_text(cycle)}",
        )


def _phase_cycles(c: CampaignLike) -> list[list[str]]:
    """Each cycle of the ``after`` graph once, as a list of phase ids (depth-first search)."""
    phases = [p for p in c.phases if c.get(p.id) is p]  # a duplicated id counts once
    after = {p.id: [a for a in p.after if c.kind_of(a) == "phase"] for p in phases}
    done: set[str] = set()
    cycles: list[list[str]] = []
    for phase in phases:
        if phase.id in done:
            continue
        # Depth first with a stack of its own (no recursion, however long the chain); *place*
        # holds the position of each phase on the current path.
        path, place = [phase.id], {phase.id: 0}
        nexts = [iter(after[phase.id])]
        while nexts:
            nxt = next(nexts[-1], None)
            if nxt is None:
                node = path.pop()
                del place[node]
                done.add(node)
                nexts.pop()
            elif nxt in place:
                cycles.append(path[place[nxt] :])
            elif nxt not in done:
                place[nxt] = len(path)
                path.append(nxt)
                nexts.append(iter(after[nxt]))
    return cycles


def _check_scoped(k: _Checker, path: str, item: Scoped) -> None:
    if item.window is not None:
        k.date(f"{path}.window.start", item.window.start)
        k.date(f"{path}.window.end", item.window.end)
    k.refs(f"{path}.phases", item.phases, {"phase"}, "phase")
    k.refs(f"{path}.participants", item.participants, PARTY_KINDS, "participant")
    if item.cascade is not None:
        k.refs(f"{path}.cascade.units", item.cascade.units, {"unit"}, "unit")
        k.ref(f"{path}.cascade.children_of", item.cascade.children_of, {"unit"}, "unit")
    for j, indicator in enumerate(item.indicators):
        ipath = f"{path}.indicators[{j}]"
        k.date(f"{ipath}.due", indicator.due)
        for m, milestone in enumerate(indicator.milestones):
            k.date(f"{ipath}.milestones[{m}].date", milestone.date)
        for unit in indicator.unit_targets:
            k.ref(join_path(ipath, "unit_targets", unit), unit, {"unit"}, "unit")


def _check_mechanism(k: _Checker, path: str, m: Mechanism) -> None:
    k.refs(f"{path}.applies_to", m.applies_to, {"mechanism", "series"}, "subject")
    if m.rule is None:
        return
    start = dt.datetime.combine(k.c.window.start, m.time)
    try:
        parse_rule(m.rule, start)
    except (ValueError, TypeError, OverflowError) as exc:
        k.add(f"{path}.rule", "bad-rule", f"not an RFC 5545 recurrence: {exc}")


def _check_series(k: _Checker, path: str, s: ActivitySeries) -> None:
    for j, activity in enumerate(s.activities):
        apath = f"{path}.activities[{j}]"
        k.date(f"{apath}.date", activity.date)
        k.refs(f"{apath}.participants", activity.participants, PARTY_KINDS, "participant")


def _check_assignments(k: _Checker) -> None:
    c = k.c
    seen: dict[tuple[str, str], int] = {}
    leads: dict[str, list[int]] = {}
    carriers: set[str] = set()
    for i, a in enumerate(c.assignments):
        path = f"$.assignments[{i}]"
        k.ref(f"{path}.subject", a.subject, SUBJECT_KINDS, "subject")
        k.ref(f"{path}.party", a.party, PARTY_KINDS, "party")
        if (a.subject, a.party) in seen:
            first = seen[(a.subject, a.party)]
            msg = f"{a.party!r} already has a role in {a.subject!r} (at $.assignments[{first}]); a party holds one role per subject"
            k.add(f"{path}.role", "duplicate-role", msg)
        else:
            seen[(a.subject, a.party)] = i
        if a.role is Role.LEAD:
            leads.setdefault(a.subject, []).append(i)
        if a.role in (Role.LEAD, Role.RESPONSIBLE):
            carriers.add(a.subject)
    first_of: dict[str, int] = {}
    for i, a in enumerate(c.assignments):
        first_of.setdefault(a.subject, i)
    for subject, i in first_of.items():
        kind = c.kind_of(subject)
        if kind not in SUBJECT_KINDS:
            continue
        count = len(leads.get(subject, []))
        if kind in LEAD_SUBJECTS and count != 1:
            where = (
                f"$.assignments[{leads[subject][1]}].role"
                if count > 1
                else f"$.assignments[{i}].subject"
            )
            msg = f"{kind} {subject!r} has {count} leads; a {kind} with assignments has exactly one"
            k.add(where, "lead-count", msg)
        elif kind == "activity" and count > 1:
            msg = f"activity {subject!r} has {count} leads; it may have one at most"
            k.add(f"$.assignments[{leads[subject][1]}].role", "lead-count", msg)
        elif subject not in carriers:
            msg = f"{kind} {subject!r} has assignments but nobody leading or responsible"
            k.add(f"$.assignments[{i}].subject", "no-lead-or-responsible", msg)


def warnings_of(c: CampaignLike) -> list[Problem]:
    """Advice on a valid campaign; never raises."""
    out: list[Problem] = []

    def warn(path: str, code: str, message: str) -> None:
        out.append(Problem(path, code, message, Severity.WARNING))

    assigned = {a.subject for a in c.assignments}
    for id in c.ids:
        kind = c.kind_of(id)
        if kind in LEAD_SUBJECTS and id not in assigned:
            warn(c.path_of(id), "no-assignment", f"nobody is assigned to {kind} {id!r}")
    for item in c.scoped:
        path = c.path_of(item.id)
        if item.cascade is not None and not c.cascade_units(item.cascade):
            warn(
                join_path(path, "cascade"),
                "empty-cascade",
                f"the cascade of {item.id!r} reaches no unit",
            )
    for i, s in enumerate(c.series):
        if not s.activities and not s.placement.count and not s.indicators:
            warn(
                f"$.series[{i}]",
                "empty-series",
                f"series {s.id!r} has no activities and no indicators",
            )
    for item in c.scoped:
        for j, ind in enumerate(item.indicators):
            if ind.unit_targets and item.cascade is None:
                msg = f"indicator {ind.id!r} has unit targets but {item.id!r} does not cascade"
                warn(
                    join_path(c.path_of(item.id), "indicators", j, "unit_targets"),
                    "unit-targets-unused",
                    msg,
                )
            if ind.across is not None and item.cascade is None:
                msg = f"indicator {ind.id!r} says 'across' but {item.id!r} does not cascade"
                warn(join_path(c.path_of(item.id), "indicators", j, "across"), "across-unused", msg)
            if item.cascade is not None and _summed_rate(ind):
                msg = (
                    f"indicator {ind.id!r} is measured in {ind.unit.strip()!r} and its units' "
                    "figures are added up for the campaign (four units at 90 read 360); write "
                    "'across: mean' to average them, or 'across: sum' if a sum is meant"
                )
                warn(join_path(c.path_of(item.id), "indicators", j), "rate-summed", msg)
            if item.cascade is not None and _worst_unit_taken(ind):
                msg = (
                    f"indicator {ind.id!r} should fall to its target, and for the campaign "
                    "it takes the largest of its units' figures ('across' is 'max' for "
                    "'aggregate: max' unless given), which is its worst unit's; write "
                    "'across: max' if that is meant, or 'across: mean'"
                )
                warn(join_path(c.path_of(item.id), "indicators", j), "max-decreasing", msg)
    for i, phase in enumerate(c.phases):
        for j, cond in enumerate(phase.gate):
            if cond.completion == 0.0:
                msg = (
                    f"the exit gate of {phase.id!r} asks for 0% of {cond.indicator!r}, which "
                    "passes with no record at all; give the completion the phase must reach"
                )
                warn(f"$.phases[{i}].gate[{j}].completion", "gate-always-passed", msg)
    _warn_case_twins(warn, c)
    _warn_holiday_data(warn, c)
    _warn_zero_weights(warn, "$.phases", [p.weight for p in c.phases])
    _warn_zero_weights(warn, "$.mechanisms", [m.weight for m in c.mechanisms])
    _warn_zero_weights(warn, "$.series", [s.weight for s in c.series])
    return out


_RATE_UNITS = frozenset({"%", "％", "‰"})
"""Units of measure that name a rate: a cascaded indicator in one of them is not summed
across its units unless it says so (``across: sum``)."""


def _worst_unit_taken(ind: Indicator) -> bool:
    """Whether *ind* falls to its target and takes, by default, the largest of its units'
    figures: the worst unit's (``across`` left to ``max`` by ``aggregate: max``)."""
    return (
        ind.direction is Direction.DECREASE
        and ind.across is None
        and ind.aggregate is Aggregation.MAX
    )


def _summed_rate(ind: Indicator) -> bool:
    """*ind* is a rate whose units' figures would be added up without the file saying so."""
    return (
        ind.unit.strip() in _RATE_UNITS
        and ind.across is None
        and ind.across_units is AcrossUnits.SUM
    )


def _warn_zero_weights(warn: Any, path: str, weights: list[float]) -> None:
    if weights and not any(weights):
        warn(path, "zero-weights", "every weight here is 0, so none of them counts in a roll-up")


def _warn_holiday_data(warn: Any, c: CampaignLike) -> None:
    country = c.calendar.country
    years = holiday_years(country, c.calendar.subdivision)
    if country is not None and years is not None:
        message = outside_holiday_data(country, years, c.window.start, c.window.end)
        if message is not None:
            warn("$.window", "outside-holiday-data", message)
        cal = c.calendar
        extras = (*cal.extra_holidays, *cal.extra_workdays)
        start, end = c.window.start, c.window.end
        message = unlisted_makeup_days(country, cal.subdivision, extras, start, end, years)
        if message is not None:
            warn("$.window", "unlisted-makeup-days", message)


def _warn_case_twins(warn: Any, c: CampaignLike) -> None:
    """Ids that differ only in case (``Forum`` and ``forum``): legal, but easily confused, and
    one file on a case-insensitive file system or spreadsheet lookup stands for both."""
    first: dict[str, str] = {}
    for id in (c.id, *c.ids):
        folded = id.casefold()
        if folded not in first:
            first[folded] = id
        elif first[folded] != id:
            where = c.path_of(id)
            msg = f"id {id!r} differs from {first[folded]!r} only in case"
            warn(join_path(where, "id"), "case-only-ids", msg)
