"""Attendance (考勤): who was present at the held items an attendance mechanism applies to.

For each held item in scope whose record has attendance lists, the expected attendees are the
people of the item's participants (a group stands for its people, a unit for the people
holding a post in it or below it; a party that stands for no one counts as itself) plus
anyone the lists name. Someone listed present is present; else listed excused is excused;
everyone else expected is absent. ``rate = present / (expected − excused)``, per person, per
unit (its people added together) and overall. Items held without lists are ``unrecorded``.
"""

from __future__ import annotations

from campaignkit._errors import Problem, Severity
from campaignkit.model import Campaign, Mechanism
from campaignkit.scheduling import Schedule
from campaignkit.tracking._resolve import Resolver, Target, item_path, item_ref
from campaignkit.tracking._state import Snapshot
from campaignkit.tracking._tree import Attendance, AttendanceRate


class AttendanceCounter:
    """Counts attendance for the attendance mechanisms of one campaign and schedule."""

    def __init__(self, campaign: Campaign, schedule: Schedule, resolver: Resolver) -> None:
        self.campaign, self.resolver = campaign, resolver
        self.schedule = schedule
        self.unit_order = {u.id: i for i, u in enumerate(campaign.units)}
        self.participants: dict[tuple[str, str | None], tuple[str, ...]] = {}
        self.owner = {a.id: s.id for s in campaign.series for a in s.activities}
        for a in schedule.activities:
            self.participants[(a.activity, a.unit)] = a.participants
            self.owner.setdefault(a.activity, a.series)
        self.person_units = self._person_units()

    def _person_units(self) -> dict[str, tuple[str, ...]]:
        """Each person's units: those of their posts and every unit above them."""
        parent = {u.id: u.parent for u in self.campaign.units}
        out: dict[str, tuple[str, ...]] = {}
        for person in self.campaign.people:
            units: dict[str, None] = {}  # ordered, and a lookup costs O(1) in a deep tree
            for post in person.posts:
                unit = post.unit
                while unit is not None and unit not in units:
                    units[unit] = None
                    unit = parent.get(unit)
            out[person.id] = tuple(units)
        return out

    def count(self, m: Mechanism, snap: Snapshot, problems: list[Problem]) -> Attendance:
        """The attendance *m* records over the held items of *snap* it applies to; warnings
        about conflicting lists are added to *problems*."""
        scope = set(m.applies_to) if m.applies_to else None
        people: dict[str, list[int]] = {}  # attendee -> [expected, present, excused]
        items = unrecorded = 0
        for item, cell in sorted(snap.held.items(), key=lambda kv: repr(kv[0])):
            owner = self._owner(item)
            if scope is not None and owner not in scope:
                continue
            present, absent, excused = cell.present, cell.absent, cell.excused
            if not (present or absent or excused):
                unrecorded += 1
                continue
            items += 1
            here = self.resolver.people(present)
            away = self.resolver.people(absent)
            off = self.resolver.people(excused)
            clash = (here & (away | off)) | (off & away)
            if clash:
                msg = f"{', '.join(sorted(clash))} listed under more than one of present, absent and excused at {item_ref(item)}; present counts first, then excused"
                problems.append(
                    Problem(item_path(item), "attendance-conflict", msg, Severity.WARNING)
                )
            expected = self.resolver.people(self._participants(item)) | here | away | off
            for person in expected:
                counts = people.setdefault(person, [0, 0, 0])
                counts[0] += 1
                if person in here:
                    counts[1] += 1
                elif person in off:
                    counts[2] += 1
        rates = tuple(
            AttendanceRate(party=p, expected=e, present=pr, excused=ex)
            for p, (e, pr, ex) in sorted(people.items())
        )
        by_unit: dict[str, list[int]] = {}
        for rate in rates:
            units = self.person_units.get(rate.party)
            if units is None and self.campaign.kind_of(rate.party) == "unit":
                units = (rate.party,)
            for unit in units or ():
                counts = by_unit.setdefault(unit, [0, 0, 0])
                counts[0] += rate.expected
                counts[1] += rate.present
                counts[2] += rate.excused
        unit_rates = tuple(
            AttendanceRate(party=u, expected=e, present=pr, excused=ex)
            for u, (e, pr, ex) in sorted(
                by_unit.items(), key=lambda kv: self.unit_order.get(kv[0], 0)
            )
        )
        overall = AttendanceRate(
            party=m.id,
            expected=sum(r.expected for r in rates),
            present=sum(r.present for r in rates),
            excused=sum(r.excused for r in rates),
        )
        return Attendance(
            items=items, unrecorded=unrecorded, overall=overall, people=rates, units=unit_rates
        )

    def _owner(self, item: Target) -> str:
        if item.kind == "activity":
            return self.owner.get(item.owner, item.owner)
        return item.owner

    def _participants(self, item: Target) -> tuple[str, ...]:
        if item.kind == "activity":
            return self.participants.get((item.owner, item.unit), ())
        if item.kind == "occurrence":  # only a mechanism with a timeline has occurrences
            return self.schedule.timeline_of(item.owner).participants
        return self.campaign.mechanism(item.owner).participants
