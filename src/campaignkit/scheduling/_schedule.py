"""The Schedule (日程): what the scheduler returns, and the queries on it.

A schedule is an immutable value. Occurrences of recurring mechanisms are held once per
distinct expansion in a :class:`Timeline` and shared by every unit a mechanism cascades to;
:meth:`Schedule.occurrences` makes the per-unit :class:`Occurrence` values on demand, so a
schedule of ten thousand villages costs memory for the rules, not for every meeting.

The same occurrences come in two lighter forms, for code that handles millions of them:
:meth:`Schedule.occurrence_rows` yields :class:`OccurrenceRow` named tuples, and
:meth:`Schedule.occurrence_columns` gives one :class:`OccurrenceColumns` of lists, built by
repeating each timeline's columns once per unit. All three list the same occurrences in the
same order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import attrs

from campaignkit._errors import check_campaign
from campaignkit.model import Assignment


@attrs.frozen(kw_only=True)
class DatedPhase:
    """A phase laid out in time by the critical-path pass (all days inclusive).

    ``start``/``end`` are the early dates the schedule uses; ``late_start``/``late_finish`` the
    latest dates that do not delay the campaign's end; ``slack`` the difference in working days.
    """

    phase: str
    start: dt.date
    end: dt.date
    late_start: dt.date
    late_finish: dt.date
    slack: int
    critical: bool


@attrs.frozen(order=True)
class OccurrenceKey:
    """The stable key of an occurrence: mechanism, unit (for cascades) and the rule's own date.

    The rule date does not change when a non-working-day policy moves the occurrence, so a
    record written against the key still matches.

    >>> str(OccurrenceKey("weekly", None, dt.date(2010, 2, 19)))
    'weekly@2010-02-19'
    >>> str(OccurrenceKey("patrol", "baisha", dt.date(2010, 3, 1)))
    'patrol/baisha@2010-03-01'
    """

    mechanism: str
    unit: str | None
    rule_date: dt.date

    def __str__(self) -> str:
        return _ref(self.mechanism, self.unit, self.rule_date)


def _ref(mechanism: str, unit: str | None, rule_date: dt.date) -> str:
    """The string form of an occurrence key: ``mechanism[/unit]@rule-date``."""
    return f"{mechanism}/{unit}@{rule_date.isoformat()}" if unit else f"{mechanism}@{rule_date}"


class OccurrenceRow(NamedTuple):
    """One occurrence as a named tuple: the fields of :class:`Occurrence` and its key, flat.

    :meth:`Schedule.occurrence_rows` yields them; a row is cheaper to make than an
    :class:`Occurrence` (one tuple instead of two objects) and holds the same values.

    >>> row = OccurrenceRow("weekly", "baisha", dt.date(2010, 2, 19),
    ...                     dt.datetime(2010, 2, 20, 9), dt.datetime(2010, 2, 20, 10), ())
    >>> row.ref, row.day
    ('weekly/baisha@2010-02-19', datetime.date(2010, 2, 20))
    """

    mechanism: str
    """The mechanism id."""
    unit: str | None
    """The unit running it, for cascades."""
    rule_date: dt.date
    """The rule's own date (the key's; before any shift)."""
    start: dt.datetime
    """When it starts, aware, in the campaign's time zone."""
    end: dt.datetime
    """When it ends."""
    participants: tuple[str, ...]
    """The mechanism's participants."""

    @property
    def day(self) -> dt.date:
        """The day it happens (after any shift)."""
        return self.start.date()

    @property
    def ref(self) -> str:
        """The string form of its key, as records cite it."""
        return _ref(self.mechanism, self.unit, self.rule_date)


class OccurrenceColumns(NamedTuple):
    """Occurrences as columns: the *i*-th occurrence is the *i*-th item of every list.

    :meth:`Schedule.occurrence_columns` builds them, fresh lists on every call; the columns
    hold the same values, in the same order, as :meth:`Schedule.occurrence_rows`. The dates,
    times and names in them are shared between units, not copied, so a column of two million
    occurrences costs its pointers. ``pandas.DataFrame(columns._asdict())`` or
    ``pyarrow.table(columns._asdict())`` take them as they are.
    """

    mechanism: list[str]
    """The mechanism ids."""
    unit: list[str | None]
    """The units running them (``None`` where a mechanism does not cascade)."""
    rule_date: list[dt.date]
    """The rule dates (the keys'; before any shift)."""
    start: list[dt.datetime]
    """The starts, aware, in the campaign's time zone."""
    end: list[dt.datetime]
    """The ends."""
    participants: list[tuple[str, ...]]
    """The participants of each occurrence's mechanism."""

    def rows(self) -> Iterator[OccurrenceRow]:
        """The occurrences one row at a time."""
        return map(_new_tuple, itertools.repeat(OccurrenceRow), zip(*self, strict=True))


@attrs.frozen(order=True)
class Slot:
    """One expanded occurrence before it is given to a unit: rule date, start and end (aware)."""

    rule_date: dt.date
    start: dt.datetime
    end: dt.datetime


@attrs.frozen(kw_only=True)
class Timeline:
    """The occurrences of one recurring mechanism: one shared tuple of slots, run by each unit.

    ``units`` is ``(None,)`` for a mechanism that does not cascade. ``slots`` are sorted by
    start. ``rule`` is the recurrence text the slots were expanded from, with its ``DTSTART``
    line (exporters such as iCalendar use it).
    """

    mechanism: str
    units: tuple[str | None, ...]
    slots: tuple[Slot, ...]
    participants: tuple[str, ...] = ()
    rule: str | None = None
    _days: tuple[dt.date, ...] = attrs.field(init=False, eq=False, repr=False)

    @_days.default
    def _slot_days(self) -> tuple[dt.date, ...]:
        return tuple(s.start.date() for s in self.slots)

    def due_count(self, as_of: dt.date) -> int:
        """Slots that start on or before *as_of*, per unit."""
        return bisect.bisect_right(self._days, as_of)

    def slots_between(self, first: dt.date, last: dt.date) -> tuple[Slot, ...]:
        """The slots whose day lies in ``first .. last`` (inclusive)."""
        lo = bisect.bisect_left(self._days, first)
        return self.slots[lo : bisect.bisect_right(self._days, last, lo)]

    def occurrences(self, unit: str | None = None) -> Iterator[Occurrence]:
        """The occurrences of *unit* (or of every unit, unit by unit, when it is ``None``)."""
        return self._make(self.slots, self.units if unit is None else (unit,))

    def occurrences_between(
        self, first: dt.date, last: dt.date, unit: str | None = None
    ) -> Iterator[Occurrence]:
        """The occurrences whose day lies in ``first .. last``, unit by unit."""
        units = self.units if unit is None else (unit,)
        return self._make(self.slots_between(first, last), units)

    def occurrence_rows(self, unit: str | None = None) -> Iterator[OccurrenceRow]:
        """The occurrences of :meth:`occurrences`, as :class:`OccurrenceRow` named tuples."""
        rule_dates, starts, ends = _slot_columns(self.slots)
        n, repeat = len(rule_dates), itertools.repeat
        for u in self.units if unit is None else (unit,):
            values = zip(
                repeat(self.mechanism, n),
                repeat(u, n),
                rule_dates,
                starts,
                ends,
                repeat(self.participants, n),
                strict=True,
            )
            yield from map(_new_tuple, repeat(OccurrenceRow), values)

    def occurrence_columns(self, unit: str | None = None) -> OccurrenceColumns:
        """The occurrences of :meth:`occurrences`, as :class:`OccurrenceColumns`."""
        columns = OccurrenceColumns([], [], [], [], [], [])
        _extend_columns(columns, self, self.units if unit is None else (unit,))
        return columns

    def _make(self, slots: tuple[Slot, ...], units: tuple[str | None, ...]) -> Iterator[Occurrence]:
        # OccurrenceKey(mechanism, u, s.rule_date) and Occurrence(key=..., ...), their slots
        # written directly (see _slot_writers): the same objects in two thirds of the time
        mechanism, participants, new = self.mechanism, self.participants, object.__new__
        set_mechanism, set_unit, set_rule_date = _SET_KEY
        set_key, set_start, set_end, set_participants = _SET_OCCURRENCE
        for u in units:
            for s in slots:
                key = new(OccurrenceKey)
                set_mechanism(key, mechanism)
                set_unit(key, u)
                set_rule_date(key, s.rule_date)
                occurrence = new(Occurrence)
                set_key(occurrence, key)
                set_start(occurrence, s.start)
                set_end(occurrence, s.end)
                set_participants(occurrence, participants)
                yield occurrence


NO_RECURRENCE = Timeline(mechanism="", units=(), slots=())
"""The timeline of a mechanism that has none (a standing rule): no units, no slots, so no
occurrence is ever due (:meth:`Schedule.timeline_of` answers it instead of ``None``).

>>> NO_RECURRENCE.due_count(dt.date(2026, 3, 1)), list(NO_RECURRENCE.occurrences())
(0, [])
"""


@attrs.frozen(kw_only=True)
class Occurrence:
    """One occurrence of a recurring mechanism, in the campaign's time zone."""

    key: OccurrenceKey
    start: dt.datetime
    end: dt.datetime
    participants: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        """The mechanism id."""
        return self.key.mechanism

    @property
    def unit(self) -> str | None:
        """The unit running it, for cascades."""
        return self.key.unit

    @property
    def day(self) -> dt.date:
        """The day it happens (after any shift)."""
        return self.start.date()

    @property
    def shifted(self) -> bool:
        """``True`` when a non-working-day policy moved it off its rule date."""
        return self.day != self.key.rule_date

    @property
    def ref(self) -> str:
        """The string form of its key, as records cite it."""
        return str(self.key)


def _slot_columns(
    slots: tuple[Slot, ...],
) -> tuple[tuple[dt.date, ...], tuple[dt.datetime, ...], tuple[dt.datetime, ...]]:
    """The rule dates, starts and ends of *slots*: what every unit of a timeline repeats."""
    return (
        tuple(s.rule_date for s in slots),
        tuple(s.start for s in slots),
        tuple(s.end for s in slots),
    )


def _extend_columns(
    columns: OccurrenceColumns, timeline: Timeline, units: tuple[str | None, ...]
) -> None:
    """Append the occurrences of *timeline*'s *units* to *columns*, unit by unit.

    Each list grows by whole runs (the slots' columns once per unit, a value repeated), so
    the pointers are copied without a Python loop over the occurrences.
    """
    rule_dates, starts, ends = _slot_columns(timeline.slots)
    n, repeat = len(rule_dates), itertools.repeat
    columns.mechanism.extend(repeat(timeline.mechanism, n * len(units)))
    columns.participants.extend(repeat(timeline.participants, n * len(units)))
    for u in units:
        columns.unit.extend(repeat(u, n))
        columns.rule_date.extend(rule_dates)
        columns.start.extend(starts)
        columns.end.extend(ends)


# -- making occurrences fast ----------------------------------------------------------------
#
# attrs' frozen ``__init__`` sets each field through ``object.__setattr__`` after binding it
# anew, which is most of what an occurrence costs. The scheduler makes occurrences from values
# it has already checked, and neither class has validators or converters (a test pins that),
# so Timeline._make writes their slots directly.

_new_tuple = tuple.__new__
"""``tuple.__new__(OccurrenceRow, values)``: a row from an iterable, without the Python-level
``__new__`` a named tuple's constructor runs."""


def _slot_writers(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot descriptors' setters of *cls* for *names* (attrs makes slotted classes)."""
    return tuple(vars(cls)[name].__set__ for name in names)


_SET_KEY = _slot_writers(OccurrenceKey, "mechanism", "unit", "rule_date")
_SET_OCCURRENCE = _slot_writers(Occurrence, "key", "start", "end", "participants")


@attrs.frozen(kw_only=True)
class ScheduledActivity:
    """An activity with its day: dated in the campaign file, or placed by the scheduler.

    For a cascaded series every unit has its own copy, with ``unit`` set.
    """

    activity: str
    series: str
    unit: str | None
    start: dt.datetime
    end: dt.datetime
    placed: bool
    participants: tuple[str, ...] = ()
    venue: str | None = None

    @property
    def subject(self) -> str:
        """The activity id."""
        return self.activity

    @property
    def day(self) -> dt.date:
        """The day it happens."""
        return self.start.date()

    @property
    def ref(self) -> str:
        """How records cite it: ``activity`` or ``activity/unit``."""
        return f"{self.activity}/{self.unit}" if self.unit else self.activity


ScheduledItem = Occurrence | ScheduledActivity
"""Anything with a place in time: an occurrence or a scheduled activity."""


class AgendaRole(enum.StrEnum):
    """The part a party plays in an item of its agenda.

    The roles of :class:`~campaignkit.model.Role` (``lead`` 牵头, ``responsible`` 负责,
    ``support`` 配合, ``supervise`` 督查, ``consulted`` 征询, ``informed`` 知会), given by an
    assignment, and ``participant`` (参加): the party is among the item's participants, or the
    item is its unit's copy of a cascaded mechanism or series.
    """

    LEAD = "lead"
    RESPONSIBLE = "responsible"
    SUPPORT = "support"
    SUPERVISE = "supervise"
    CONSULTED = "consulted"
    INFORMED = "informed"
    PARTICIPANT = "participant"


DEFAULT_AGENDA_ROLES = frozenset(
    {
        AgendaRole.LEAD,
        AgendaRole.RESPONSIBLE,
        AgendaRole.SUPPORT,
        AgendaRole.SUPERVISE,
        AgendaRole.PARTICIPANT,
    }
)
"""The roles an agenda holds unless asked otherwise: everything but ``consulted`` and
``informed`` (a party told of results does not sit in the meeting)."""


@attrs.frozen(kw_only=True)
class AgendaEntry:
    """An item of a party's agenda with every role the party plays in it (in role order)."""

    item: ScheduledItem
    roles: tuple[AgendaRole, ...]

    @property
    def start(self) -> dt.datetime:
        """When the item starts."""
        return self.item.start

    @property
    def day(self) -> dt.date:
        """The day it happens."""
        return self.item.day

    @property
    def ref(self) -> str:
        """The item's ref."""
        return self.item.ref


@attrs.frozen(kw_only=True)
class Conflict:
    """``person`` is booked into two items that overlap in time (``first`` and ``second`` refs)."""

    person: str
    first: str
    second: str
    day: dt.date


@attrs.frozen(kw_only=True)
class Schedule:
    """Dated phases, occurrences, scheduled activities, conflicts and notes of one campaign.

    Build one with :func:`campaignkit.scheduling`; query it with the methods below. Every query
    returns items sorted by start, then by ref.
    """

    campaign: str
    timezone: str
    window_start: dt.date
    window_end: dt.date
    phases: tuple[DatedPhase, ...] = ()
    timelines: tuple[Timeline, ...] = ()
    activities: tuple[ScheduledActivity, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    spans: tuple[tuple[str, dt.date, dt.date], ...] = ()
    """The effective window (id, start, end) of every mechanism and series."""
    membership: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each party id, the person ids it stands for (groups resolved to people)."""
    names: tuple[tuple[str, str], ...] = ()
    """Display names (id, name) of the campaign's elements, for exports."""
    emails: tuple[tuple[str, str], ...] = ()
    """(person id, e-mail address) of every person who has one, for calendar invitations."""
    assignments: tuple[Assignment, ...] = ()
    """The campaign's responsibility assignments (责任分工), for agendas and exports."""
    remarks: tuple[tuple[str, str], ...] = ()
    """(id, note) of every mechanism, series and activity that has a note, for exports."""
    staff: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each unit, the person ids holding a post in it itself (not in a unit below it):
    the people who act on the unit's assignments."""
    _people: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _timelines: dict[str, Timeline] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _spans: dict[str, tuple[dt.date, dt.date]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    _lookup: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _copies: dict[str, frozenset[str | None]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _crowds: dict[str, frozenset[str]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _notes: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _staff: dict[str, frozenset[str]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _assigned: dict[str, tuple[Assignment, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    @_people.default
    def _people_index(self) -> dict[str, tuple[str, ...]]:
        return dict(self.membership)

    @_timelines.default
    def _timelines_index(self) -> dict[str, Timeline]:
        return {t.mechanism: t for t in self.timelines}

    @_spans.default
    def _spans_index(self) -> dict[str, tuple[dt.date, dt.date]]:
        return {id: (start, end) for id, start, end in self.spans}

    @_lookup.default
    def _names_index(self) -> dict[str, str]:
        return dict(self.names)

    @_copies.default
    def _copies_index(self) -> dict[str, frozenset[str | None]]:
        """The units that run a copy, per mechanism and series."""
        copies: dict[str, set[str | None]] = {t.mechanism: set(t.units) for t in self.timelines}
        for a in self.activities:
            copies.setdefault(a.series, set()).add(a.unit)
        return {id: frozenset(units) for id, units in copies.items()}

    @_crowds.default
    def _crowds_index(self) -> dict[str, frozenset[str]]:
        """The people of every group, working body and unit, as sets."""
        return {party: frozenset(people) for party, people in self.membership}

    @_notes.default
    def _notes_index(self) -> dict[str, str]:
        return dict(self.remarks)

    @_staff.default
    def _staff_index(self) -> dict[str, frozenset[str]]:
        return {unit: frozenset(people) for unit, people in self.staff}

    @_assigned.default
    def _assignments_index(self) -> dict[str, tuple[Assignment, ...]]:
        index: dict[str, tuple[Assignment, ...]] = {}
        for a in self.assignments:
            index[a.subject] = (*index.get(a.subject, ()), a)
        return index

    # -- lookup ----------------------------------------------------------------------------

    def phase(self, id: str) -> DatedPhase:
        """The dated phase *id* (``KeyError`` when there is none)."""
        for p in self.phases:
            if p.phase == id:
                return p
        raise KeyError(id)

    def span(self, id: str) -> tuple[dt.date, dt.date]:
        """The effective (start, end) of mechanism or series *id* (``KeyError`` when it has
        none: an unknown id, or a span left empty)."""
        return self._spans[id]

    def span_of(self, id: str) -> tuple[dt.date, dt.date] | None:
        """The effective (start, end) of mechanism or series *id*, or ``None`` when it has
        none (an unknown id, or a span left empty)."""
        return self._spans.get(id)

    def check_campaign(self, campaign: str) -> None:
        """Check that the schedule was made from the campaign with id *campaign*.

        Raises:
            ValidationError: ``campaign-mismatch`` at ``$.schedule`` when it is another
                campaign's.
        """
        check_campaign("$.schedule", self.campaign, campaign)

    def name_of(self, id: str) -> str:
        """The display name of element *id* (the id itself when it has none)."""
        return self._lookup.get(id, id)

    def email_of(self, person: str) -> str | None:
        """The e-mail address of *person*, or ``None``."""
        return next((mail for pid, mail in self.emails if pid == person), None)

    def timeline(self, mechanism: str) -> Timeline:
        """The timeline of a recurring mechanism (``KeyError`` when it has none)."""
        return self._timelines[mechanism]

    def timeline_of(self, mechanism: str) -> Timeline:
        """The timeline of *mechanism*, or :data:`~campaignkit.scheduling.NO_RECURRENCE` when it has none (a standing
        rule), so that callers count its slots without asking first."""
        return self._timelines.get(mechanism, NO_RECURRENCE)

    def occurrences(self, mechanism: str | None = None) -> Iterator[Occurrence]:
        """Every occurrence, or those of *mechanism*, made on demand.

        Timeline by timeline, unit by unit, slot by slot (by start). For millions of
        occurrences, :meth:`occurrence_rows` and :meth:`occurrence_columns` give the same
        values for less.
        """
        for t in self.timelines:
            if mechanism is None or t.mechanism == mechanism:
                yield from t.occurrences()

    def occurrence_rows(self, mechanism: str | None = None) -> Iterator[OccurrenceRow]:
        """The occurrences of :meth:`occurrences`, in the same order, as named tuples.

        >>> import campaignkit as ck
        >>> c = ck.Campaign(id="c", name="C", window=ck.Window(start=dt.date(2026, 3, 2),
        ...     end=dt.date(2026, 3, 13)), timezone="UTC",
        ...     units=(ck.Unit(id="a", name="A"), ck.Unit(id="b", name="B")),
        ...     mechanisms=(ck.Mechanism(id="m", name="M", rule="FREQ=WEEKLY;BYDAY=MO",
        ...         cascade=ck.Cascade(units=("a", "b"))),))
        >>> [r.ref for r in ck.schedule(c).occurrence_rows()]
        ['m/a@2026-03-02', 'm/a@2026-03-09', 'm/b@2026-03-02', 'm/b@2026-03-09']
        """
        return itertools.chain.from_iterable(
            t.occurrence_rows()
            for t in self.timelines
            if mechanism is None or t.mechanism == mechanism
        )

    def occurrence_columns(self, mechanism: str | None = None) -> OccurrenceColumns:
        """The occurrences of :meth:`occurrences`, in the same order, as columns.

        The fastest way to every occurrence: each timeline's columns are repeated once per
        unit, at the speed of copying pointers.
        """
        columns = OccurrenceColumns([], [], [], [], [], [])
        for t in self.timelines:
            if mechanism is None or t.mechanism == mechanism:
                _extend_columns(columns, t, t.units)
        return columns

    @property
    def occurrence_count(self) -> int:
        """How many occurrences there are, without making them."""
        return sum(len(t.slots) * len(t.units) for t in self.timelines)

    def items(self) -> Iterator[ScheduledItem]:
        """Every occurrence and scheduled activity (unsorted; use the queries for order)."""
        yield from self.occurrences()
        yield from self.activities

    # -- queries ---------------------------------------------------------------------------

    def between(self, first: dt.date, last: dt.date) -> tuple[ScheduledItem, ...]:
        """Items whose day lies in ``first .. last`` (inclusive)."""
        occurrences = (o for t in self.timelines for o in t.occurrences_between(first, last))
        activities = (a for a in self.activities if first <= a.day <= last)
        return _sorted(itertools.chain(occurrences, activities))

    def on(self, day: dt.date) -> tuple[ScheduledItem, ...]:
        """Items on *day*."""
        return self.between(day, day)

    def week(self, day: dt.date) -> tuple[ScheduledItem, ...]:
        """Items in the Monday-to-Sunday week that holds *day*."""
        monday = day - dt.timedelta(days=day.weekday())
        return self.between(monday, monday + dt.timedelta(days=6))

    def due(self, as_of: dt.date) -> tuple[ScheduledItem, ...]:
        """Items that should have happened by *as_of* (their day is on or before it)."""
        return self.between(dt.date.min, as_of)

    def people_of(self, party: str) -> tuple[str, ...]:
        """The person ids *party* stands for (a person stands for itself)."""
        return self._people.get(party, (party,))

    def assignments_of(self, item: ScheduledItem) -> tuple[Assignment, ...]:
        """The assignments that reach *item*: those of its mechanism, or those of its activity
        and then of the activity's series.

        An assignment to a unit that runs its own copy of a cascaded mechanism or series
        reaches that unit's copy only; any other assignment reaches every copy.
        """
        if isinstance(item, Occurrence):
            subjects: tuple[str, ...] = (item.subject,)
        else:
            subjects = (item.activity, item.series)
        copies = self._copies.get(subjects[-1], frozenset())
        found = (a for s in subjects for a in self._assigned.get(s, ()))
        return tuple(a for a in found if a.party not in copies or a.party == item.unit)

    def assignments_for(self, subject: str) -> tuple[Assignment, ...]:
        """The assignments whose subject is *subject* (a phase, mechanism, series or activity)."""
        return self._assigned.get(subject, ())

    def assigned_roles(self, party: str, subject: str) -> tuple[AgendaRole, ...]:
        """The roles *party* plays by the assignments of *subject* (a phase, say), directly or
        through its people as in :meth:`roles_of`."""
        who = self._party(party)
        found = {
            AgendaRole(a.role.value)
            for a in self.assignments_for(subject)
            if self._acts_for(who, a.party)
        }
        return tuple(r for r in AgendaRole if r in found)

    def note_of(self, id: str) -> str | None:
        """The note of mechanism, series or activity *id*, or ``None``."""
        return self._notes.get(id)

    def roles_of(self, party: str, item: ScheduledItem) -> tuple[AgendaRole, ...]:
        """Every role *party* plays in *item*, in role order (empty when it plays none).

        A party plays the role of every assignment that reaches the item (see
        :meth:`assignments_of`), and is ``participant`` when it is among the item's
        participants or the item is its unit's copy of a cascade. Each counts **directly or
        through people**: the party is the one named, or one of its people is among the named
        one's. A person's people are the person; a group's or working body's, its people
        (:meth:`people_of`); a unit's, its :attr:`staff`. The people a named party stands for
        are, for an assignment, the same (a unit's assignment is acted on by its own staff,
        not by the units below it); for participation, those of :meth:`people_of` (a unit
        takes part with the units below it).
        """
        return self._roles(self._party(party), item)

    def agenda(
        self, party: str, roles: Iterable[AgendaRole | str] | None = None
    ) -> tuple[AgendaEntry, ...]:
        """The agenda of *party*: the items in which it plays one of *roles*, with its roles.

        Args:
            party: A person, unit, leadership group or working body.
            roles: The roles that put an item on the agenda; by default
                :data:`DEFAULT_AGENDA_ROLES`. ``("participant",)`` keeps only the items the
                party takes part in.

        Raises:
            ValueError: for a role that is not an :class:`AgendaRole`.
        """
        wanted = DEFAULT_AGENDA_ROLES if roles is None else frozenset(map(AgendaRole, roles))
        who = self._party(party)
        out: list[AgendaEntry] = []
        for t in self.timelines:
            for unit in t.units:
                first = next(t.occurrences(unit), None)
                played = self._roles(who, first) if first is not None else ()
                if wanted.intersection(played):
                    out += (AgendaEntry(item=o, roles=played) for o in t.occurrences(unit))
        for a in self.activities:
            played = self._roles(who, a)
            if wanted.intersection(played):
                out.append(AgendaEntry(item=a, roles=played))
        return tuple(sorted(out, key=lambda e: (e.start, e.ref)))

    def for_party(
        self, party: str, roles: Iterable[AgendaRole | str] | None = None
    ) -> tuple[ScheduledItem, ...]:
        """The items of :meth:`agenda` without their roles.

        ``for_party(party, roles=["participant"])`` lists only what the party takes part in
        (what this method listed before assignments counted).
        """
        return tuple(e.item for e in self.agenda(party, roles))

    def _party(self, party: str) -> _Party:
        staff = self._staff.get(party)
        return _Party(party, frozenset(self.people_of(party)) if staff is None else staff)

    def _roles(self, who: _Party, item: ScheduledItem) -> tuple[AgendaRole, ...]:
        found = {
            AgendaRole(a.role.value)
            for a in self.assignments_of(item)
            if self._acts_for(who, a.party)
        }
        if (item.unit is not None and self._takes_part(who, item.unit)) or any(
            self._takes_part(who, p) for p in item.participants
        ):
            found.add(AgendaRole.PARTICIPANT)
        return tuple(r for r in AgendaRole if r in found)

    def _acts_for(self, who: _Party, other: str) -> bool:
        """Whether *who* acts on an assignment to *other*."""
        people = self._staff.get(other)
        if people is None:
            people = self._crowds.get(other)
        return other == who.id or _shares(who, other, people)

    def _takes_part(self, who: _Party, other: str) -> bool:
        """Whether *who* takes part where *other* does."""
        return other == who.id or _shares(who, other, self._crowds.get(other))


def _shares(who: _Party, other: str, people: frozenset[str] | None) -> bool:
    """Whether *who*'s people meet *people* (*other* stands for itself when ``None``)."""
    return other in who.people if people is None else not who.people.isdisjoint(people)


@attrs.frozen
class _Party:
    """A party whose agenda is asked for, with its people (a unit's: its staff)."""

    id: str
    people: frozenset[str]


def _sorted(items: Iterable[ScheduledItem]) -> tuple[ScheduledItem, ...]:
    return tuple(sorted(items, key=lambda i: (i.start, i.ref)))
