"""The Schedule (日程): what the scheduler returns, and the queries on it.

A schedule is an immutable value. Occurrences of recurring mechanisms are held once per
distinct expansion in a :class:`Timeline` and shared by every unit a mechanism cascades to;
:meth:`Schedule.occurrences` makes the per-unit :class:`Occurrence` values on demand, so a
schedule of ten thousand villages costs memory for the rules, not for every meeting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator

import attrs

__all__ = [
    "Conflict",
    "DatedPhase",
    "Item",
    "Occurrence",
    "OccurrenceKey",
    "Schedule",
    "ScheduledActivity",
    "Slot",
    "Timeline",
]


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
        unit = f"/{self.unit}" if self.unit else ""
        return f"{self.mechanism}{unit}@{self.rule_date.isoformat()}"


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

    def _make(self, slots: tuple[Slot, ...], units: tuple[str | None, ...]) -> Iterator[Occurrence]:
        for u in units:
            for s in slots:
                key = OccurrenceKey(self.mechanism, u, s.rule_date)
                yield Occurrence(key=key, start=s.start, end=s.end, participants=self.participants)


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


Item = Occurrence | ScheduledActivity
"""Anything with a place in time: an occurrence or a scheduled activity."""


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

    Build one with :func:`campaignkit.schedule`; query it with the methods below. Every query
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
    _people: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    _lookup: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)

    @_people.default
    def _people_index(self) -> dict[str, tuple[str, ...]]:
        return dict(self.membership)

    @_lookup.default
    def _names_index(self) -> dict[str, str]:
        return dict(self.names)

    # -- lookup ----------------------------------------------------------------------------

    def phase(self, id: str) -> DatedPhase:
        """The dated phase *id* (``KeyError`` when there is none)."""
        for p in self.phases:
            if p.phase == id:
                return p
        raise KeyError(id)

    def span(self, id: str) -> tuple[dt.date, dt.date]:
        """The effective (start, end) of mechanism or series *id*."""
        for sid, start, end in self.spans:
            if sid == id:
                return start, end
        raise KeyError(id)

    def name_of(self, id: str) -> str:
        """The display name of element *id* (the id itself when it has none)."""
        return self._lookup.get(id, id)

    def email_of(self, person: str) -> str | None:
        """The e-mail address of *person*, or ``None``."""
        return next((mail for pid, mail in self.emails if pid == person), None)

    def timeline(self, mechanism: str) -> Timeline:
        """The timeline of a recurring mechanism (``KeyError`` when it has none)."""
        for t in self.timelines:
            if t.mechanism == mechanism:
                return t
        raise KeyError(mechanism)

    def occurrences(self, mechanism: str | None = None) -> Iterator[Occurrence]:
        """Every occurrence, or those of *mechanism*, made on demand."""
        for t in self.timelines:
            if mechanism is None or t.mechanism == mechanism:
                yield from t.occurrences()

    @property
    def occurrence_count(self) -> int:
        """How many occurrences there are, without making them."""
        return sum(len(t.slots) * len(t.units) for t in self.timelines)

    def items(self) -> Iterator[Item]:
        """Every occurrence and scheduled activity (unsorted; use the queries for order)."""
        yield from self.occurrences()
        yield from self.activities

    # -- queries ---------------------------------------------------------------------------

    def between(self, first: dt.date, last: dt.date) -> tuple[Item, ...]:
        """Items whose day lies in ``first .. last`` (inclusive)."""
        occurrences = (o for t in self.timelines for o in t.occurrences_between(first, last))
        activities = (a for a in self.activities if first <= a.day <= last)
        return _sorted(itertools.chain(occurrences, activities))

    def on(self, day: dt.date) -> tuple[Item, ...]:
        """Items on *day*."""
        return self.between(day, day)

    def week(self, day: dt.date) -> tuple[Item, ...]:
        """Items in the Monday-to-Sunday week that holds *day*."""
        monday = day - dt.timedelta(days=day.weekday())
        return self.between(monday, monday + dt.timedelta(days=6))

    def due(self, as_of: dt.date) -> tuple[Item, ...]:
        """Items that should have happened by *as_of* (their day is on or before it)."""
        return self.between(dt.date.min, as_of)

    def people_of(self, party: str) -> tuple[str, ...]:
        """The person ids *party* stands for (a person stands for itself)."""
        return self._people.get(party, (party,))

    def for_party(self, party: str) -> tuple[Item, ...]:
        """The agenda of *party*: items it takes part in, directly or through a group or unit."""
        mine = set(self.people_of(party))

        def takes_part(participants: tuple[str, ...]) -> bool:
            return any(p == party or mine & set(self.people_of(p)) for p in participants)

        out: list[Item] = []
        for t in self.timelines:
            if takes_part(t.participants):
                out += t.occurrences()
            elif party in t.units:
                out += t.occurrences(party)
        out += (a for a in self.activities if a.unit == party or takes_part(a.participants))
        return _sorted(out)


def _sorted(items: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(sorted(items, key=lambda i: (i.start, i.ref)))
