"""The campaign (活动 / 专项行动): the aggregate root of the model."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

import attrs

from campaignkit._errors import Problem, ValidationError
from campaignkit.model._activities import Activity, ActivitySeries
from campaignkit.model._base import Element, Window, text, translated, valid_language
from campaignkit.model._calendar import CalendarSpec
from campaignkit.model._indicators import Indicator
from campaignkit.model._mechanisms import Cascade, Mechanism, Scoped
from campaignkit.model._namespace import PARTY_KINDS, IndexEntry, Kind
from campaignkit.model._parties import LeadershipGroup, Person, Unit
from campaignkit.model._phases import Phase
from campaignkit.model._responsibility import Assignment, Role
from campaignkit.model._validate import build_index, errors_of, warnings_of

_T = TypeVar("_T")


class _Lookups:
    """What a campaign works out on first use and keeps (a frozen campaign never changes)."""

    __slots__ = ("membership",)

    def __init__(self) -> None:
        self.membership: dict[str, tuple[str, ...]] | None = None


@attrs.frozen(kw_only=True)
class Campaign(Element):
    """A whole campaign. A ``Campaign`` that exists is valid.

    Its ``language`` (a BCP 47 tag such as ``zh`` or ``de-DE``, optional) is the language
    its texts are written in and its reports are written in by default; ``theme_translations``
    gives the theme in other languages, as ``translations`` gives the name.

    Construction checks every reference, the uniqueness of ids in the one namespace, dates
    against the window, phase dependency cycles, recurrence rules and the responsibility rules,
    and raises :class:`~campaignkit.ValidationError` with every problem it finds.
    Advice that is not an error comes from :meth:`check`.

    >>> import datetime as dt
    >>> c = Campaign(id="drive", name="Vaccination drive",
    ...              window=Window(start=dt.date(2026, 3, 1), end=dt.date(2026, 5, 31)),
    ...              people=(Person(id="ana", name="Ana"),))
    >>> c.kind_of("ana"), c.kind_of("nobody")
    ('person', None)
    """

    theme: str | None = attrs.field(default=None, validator=text(multiline=True))
    theme_translations: Mapping[str, str] = attrs.field(
        factory=dict, hash=False, validator=text(multiline=True)
    )
    language: str | None = attrs.field(default=None, validator=valid_language)
    window: Window
    timezone: str = "UTC"
    calendar: CalendarSpec = CalendarSpec()
    people: tuple[Person, ...] = ()
    units: tuple[Unit, ...] = ()
    groups: tuple[LeadershipGroup, ...] = ()
    phases: tuple[Phase, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    mechanisms: tuple[Mechanism, ...] = ()
    series: tuple[ActivitySeries, ...] = ()
    _index: Mapping[str, IndexEntry] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_index"
    )
    _children: Mapping[str, tuple[str, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_children"
    )
    _lookups: _Lookups = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=_Lookups, alias="_lookups"
    )

    def __attrs_post_init__(self) -> None:
        index, problems = build_index(self)
        object.__setattr__(self, "_index", index)
        children: dict[str, list[str]] = {}
        for unit in self.units:
            if unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.id)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        problems += errors_of(self)
        if problems:
            raise ValidationError(problems)

    def theme_in(self, lang: str | None) -> str | None:
        """The theme in the language of the BCP 47 tag *lang* when a translation is given,
        else the theme itself (as :meth:`~campaignkit.model.Element.label` gives names)."""
        return None if self.theme is None else translated(self.theme, self.theme_translations, lang)

    # -- the namespace ---------------------------------------------------------------------

    def kind_of(self, id: str) -> Kind | None:
        """The kind of element *id* names, or ``None`` when it names nothing."""
        entry = self._index.get(id)
        return entry.kind if entry else None

    def path_of(self, id: str) -> str:
        """The JSON path of element *id* (raises ``KeyError`` for an unknown id)."""
        return self._index[id].path

    def get(self, id: str) -> Element:
        """The element named *id* (raises ``KeyError`` for an unknown id)."""
        element: Element = self._index[id].element
        return element

    @property
    def ids(self) -> Iterator[str]:
        """Every id of the namespace, in document order."""
        return iter(self._index)

    def person(self, id: str) -> Person:
        """The person named *id*."""
        return self._typed(id, Person)

    def unit(self, id: str) -> Unit:
        """The unit named *id*."""
        return self._typed(id, Unit)

    def phase(self, id: str) -> Phase:
        """The phase named *id*."""
        return self._typed(id, Phase)

    def mechanism(self, id: str) -> Mechanism:
        """The mechanism named *id*."""
        return self._typed(id, Mechanism)

    def series_by_id(self, id: str) -> ActivitySeries:
        """The activity series named *id*."""
        return self._typed(id, ActivitySeries)

    def indicator(self, id: str) -> Indicator:
        """The indicator named *id*."""
        return self._typed(id, Indicator)

    def activity(self, id: str) -> Activity:
        """The activity named *id*."""
        return self._typed(id, Activity)

    def series_of(self, id: str) -> ActivitySeries:
        """The series that holds activity or indicator *id* (``KeyError`` when none does)."""
        owner = self.owner_of(id)
        if not isinstance(owner, ActivitySeries):
            msg = f"{id!r} does not belong to a series"
            raise KeyError(msg)
        return owner

    def owner_of(self, id: str) -> Mechanism | ActivitySeries:
        """The mechanism or series that holds activity or indicator *id*.

        ``KeyError`` when *id* is not an activity or an indicator.
        """
        if self.kind_of(id) not in ("activity", "indicator"):
            raise KeyError(id)
        top, rest = self.path_of(id)[2:].split("[", 1)
        position = int(rest.split("]", 1)[0])
        return self.mechanisms[position] if top == "mechanisms" else self.series[position]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, of mechanisms first, then of series, in document order."""
        return tuple(ind for item in self.scoped for ind in item.indicators)

    def _typed(self, id: str, cls: type[_T]) -> _T:
        element = self.get(id)
        if not isinstance(element, cls):
            msg = f"{id!r} is a {self.kind_of(id)}, not a {cls.__name__}"
            raise KeyError(msg)
        return element

    # -- parties ---------------------------------------------------------------------------

    def is_party(self, id: str) -> bool:
        """Whether *id* names a party: a person, a unit, a leadership group or a working body."""
        return self.kind_of(id) in PARTY_KINDS

    def people_of(self, party: str) -> tuple[str, ...]:
        """Person ids a party stands for.

        A person stands for itself; a group for its leader, deputies, members and the people
        of its bodies; a working body for its director and members; a unit for the people
        holding a post in it or in a unit below it. Empty for an id that names no party.
        """
        if self.kind_of(party) == "person":
            return (party,)
        return self.membership.get(party, ())

    @property
    def membership(self) -> Mapping[str, tuple[str, ...]]:
        """The person ids every unit, group and working body stands for (as
        :meth:`people_of`), worked out once: units in document order, then each group followed
        by its bodies.

        Units are resolved bottom-up in one pass (a person with a post in a unit belongs to
        it and to every unit above it), so a tree of ten thousand units costs no more than
        its posts.
        """
        found = self._lookups.membership
        if found is None:
            found = self._lookups.membership = self._membership()
        return found

    def _membership(self) -> dict[str, tuple[str, ...]]:
        parent = {u.id: u.parent for u in self.units}
        members: dict[str, list[str]] = {u.id: [] for u in self.units}
        for person in self.people:
            reached: set[str] = set()
            for post in person.posts:
                unit = post.unit
                while unit is not None and unit in members and unit not in reached:
                    reached.add(unit)
                    members[unit].append(person.id)
                    unit = parent[unit]
        out = {unit: tuple(ids) for unit, ids in members.items()}
        for group in self.groups:
            ids = list(group.people)
            for body in group.bodies:
                ids += body.people
            out[group.id] = tuple(dict.fromkeys(ids))
            out.update((body.id, body.people) for body in group.bodies)
        return out

    def groups_of(self, person: str) -> tuple[str, ...]:
        """Ids of the groups and working bodies whose people include *person*."""
        out: list[str] = []
        for group in self.groups:
            if person in self.people_of(group.id):
                out.append(group.id)
            out += [body.id for body in group.bodies if person in body.people]
        return tuple(out)

    def children(self, unit: str) -> tuple[str, ...]:
        """Ids of the units whose parent is *unit*, in document order."""
        return self._children.get(unit, ())

    def descendants(self, unit: str) -> tuple[str, ...]:
        """Ids of every unit below *unit*, breadth first (each once, even in a cycle)."""
        out: list[str] = []
        seen = {unit}
        frontier = [unit]
        while frontier:
            frontier = [
                child for parent in frontier for child in self.children(parent) if child not in seen
            ]
            seen.update(frontier)
            out += frontier
        return tuple(out)

    def cascade_units(self, cascade: Cascade | None) -> tuple[str, ...]:
        """The units a cascade runs in: its listed units, or the children of its unit."""
        if cascade is None:
            return ()
        if cascade.children_of is not None:
            return self.children(cascade.children_of)
        return cascade.units

    # -- responsibility --------------------------------------------------------------------

    def assignments_for(self, subject: str) -> tuple[Assignment, ...]:
        """The assignments whose subject is *subject*."""
        return tuple(a for a in self.assignments if a.subject == subject)

    def lead_of(self, subject: str) -> str | None:
        """The party that leads *subject*, or ``None`` when nobody is assigned the lead."""
        return next((a.party for a in self.assignments_for(subject) if a.role is Role.LEAD), None)

    # -- advice ----------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Advice on a valid campaign: located problems of severity ``warning``.

        It never raises. An empty list means nothing to remark.
        """
        return warnings_of(self)

    @property
    def scoped(self) -> tuple[Scoped, ...]:
        """The mechanisms and series, in that order."""
        return (*self.mechanisms, *self.series)
