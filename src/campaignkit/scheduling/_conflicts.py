"""Conflicts: a person booked into items that overlap in time.

Participants are resolved to people (a group or a unit stands for its people). Each person's
bookings are sorted by start and swept once, keeping the booking that ends last: an item that
starts before it ends is reported against it. So every overlapping item is reported once, and
the work grows as *n* log *n* in the bookings, not with the number of pairs.

The units of a cascade run one mechanism (or one series' activities) at the same times; when
participants are listed, those people are booked into every unit's instance at once. That is
reported once per time (the first two units' instances), not once per pair of units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from campaignkit.scheduling._schedule import (
    Conflict,
    OccurrenceKey,
    ScheduledActivity,
    Timeline,
)

_Booking = tuple[dt.datetime, dt.datetime, str]


def find_conflicts(
    timelines: Iterable[Timeline],
    activities: Iterable[ScheduledActivity],
    people_of: Callable[[str], tuple[str, ...]],
) -> tuple[Conflict, ...]:
    """Every conflict among *timelines* and *activities*, sorted by day, person and refs."""
    bookings: dict[str, list[_Booking]] = {}
    found: list[Conflict] = []

    def people(participants: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys(p for party in participants for p in people_of(party)))

    for t in timelines:
        if not t.participants or not t.units:
            continue
        who = people(t.participants)
        for s in t.slots:
            first = str(OccurrenceKey(t.mechanism, t.units[0], s.rule_date))
            for person in who:
                bookings.setdefault(person, []).append((s.start, s.end, first))
            if len(t.units) > 1:
                second = str(OccurrenceKey(t.mechanism, t.units[1], s.rule_date))
                found += (
                    Conflict(person=p, first=first, second=second, day=s.start.date()) for p in who
                )
    copies: dict[tuple[str, str, dt.datetime, dt.datetime], str | None] = {}
    for a in activities:
        for person in people(a.participants):
            same = (person, a.activity, a.start, a.end)  # a cascaded series' copies
            if same not in copies:
                copies[same] = a.ref
                bookings.setdefault(person, []).append((a.start, a.end, a.ref))
            elif (first_ref := copies[same]) is not None:
                found.append(Conflict(person=person, first=first_ref, second=a.ref, day=a.day))
                copies[same] = None
    for person, booked in bookings.items():
        found += _sweep(person, booked)
    return tuple(sorted(found, key=lambda c: (c.day, c.person, c.first, c.second)))


def _sweep(person: str, booked: list[_Booking]) -> list[Conflict]:
    booked.sort()
    out: list[Conflict] = []
    _, current_end, current = booked[0]
    for start, end, ref in booked[1:]:
        if start < current_end:
            out.append(Conflict(person=person, first=current, second=ref, day=start.date()))
        if end > current_end:
            current_end, current = end, ref
    return out
