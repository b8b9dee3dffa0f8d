"""A schedule as iCalendar (RFC 5545), for calendar applications.

:func:`to_ical` writes one calendar with:

- a ``VTIMEZONE`` for the campaign's zone, and every time in that zone;
- each dated phase as an all-day event (``CATEGORIES:phase``);
- each recurring mechanism (per unit, for a cascade) as **one recurring event** with its
  ``RRULE``, ``EXDATE`` for dates the non-working-day policy dropped, and an **override** (a
  ``VEVENT`` with the same ``UID`` and a ``RECURRENCE-ID``) for every occurrence it moved, when
  that reproduces the schedule exactly; otherwise one event per occurrence. ``UNTIL`` covers
  every instance, so calendars that drop instances after it (Google Calendar does) miss none;
- each scheduled activity as one event, with its venue as ``LOCATION``;
- participants as ``ATTENDEE`` wherever the person has an e-mail address (groups and units are
  resolved to their people);
- a ``DESCRIPTION`` naming the lead and responsible parties, the note of the mechanism,
  activity or series and, in a party's calendar, the party's roles;
- ``SEQUENCE`` and ``LAST-MODIFIED``, which rise when an event's content changes against the
  *previous* export (see :func:`to_ical`), and an optional ``VALARM`` reminder.

With *party*, the calendar is that party's: the items of its agenda
(:meth:`~campaignkit.scheduling.Schedule.agenda`) and the phases it is assigned to.

Any text is written safely: names, venues and e-mail addresses come from files people type.
Line breaks are kept (iCalendar escapes them as ``\\n``; a CR LF or a lone CR becomes one
line break, since iCalendar text has only the one); other control characters, which
iCalendar text cannot hold (RFC 5545, 3.3.11), and lone surrogates, which UTF-8 cannot, are
written as their Python escape (``\\x1b``) so that nothing is silently dropped, and so are
the bidirectional controls (``\\u202e``), which would turn a title around; an e-mail
address is percent-encoded into its ``mailto:`` URI as RFC 6068 asks (non-ASCII characters,
spaces and controls).

UIDs are stable: ``<ref>@<campaign>.campaignkit`` (``weekly/baisha@drive.campaignkit`` for a
recurring event, ``weekly@2010-03-01@drive.campaignkit`` for one occurrence), so importing a
new export updates the events instead of duplicating them. The output is deterministic:
``DTSTAMP`` is the start of the campaign window unless *stamp* is given.

>>> import datetime as dt
>>> from campaignkit.model import Campaign, Mechanism, Window
>>> from campaignkit.scheduling import schedule
>>> c = Campaign(id="drive", name="Drive", timezone="Europe/Berlin",
...              window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31)),
...              mechanisms=(Mechanism(id="standup", name="Stand-up", rule="FREQ=WEEKLY;BYDAY=MO"),))
>>> text = to_ical(schedule(c)).decode()
>>> "RRULE:FREQ=WEEKLY;UNTIL=20260330T070000Z;BYDAY=MO" in text, "BEGIN:VTIMEZONE" in text
(True, True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import attrs
from dateutil.rrule import rrulestr
from icalendar import Alarm, Calendar, Component, Event, vCalAddress, vRecur, vText

from campaignkit._errors import Problem, ValidationError
from campaignkit._text import BIDI_CONTROLS, SURROGATES
from campaignkit.model import Assignment, Role
from campaignkit.scheduling import (
    DEFAULT_AGENDA_ROLES,
    AgendaRole,
    DatedPhase,
    Occurrence,
    Schedule,
    ScheduledActivity,
    ScheduledItem,
    Slot,
    Timeline,
)
from campaignkit.scheduling._recurrence import RuleError, raw_dates

PRODID = "-//campaignkit//campaignkit scheduling//EN"
"""The ``PRODID`` of calendars campaignkit writes."""


_NOT_TEXT = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{SURROGATES}{BIDI_CONTROLS}]")
"""What iCalendar text cannot hold: controls but tab (line feeds come back as line breaks)
and lone surrogates; and what it is not given, the bidirectional controls, which would turn
around what a calendar program shows of an event's title (as on a terminal)."""

_URI_SAFE = "@!$&'()*+=/?~-._:"
"""The ASCII characters an e-mail address keeps as they are in a ``mailto:`` URI."""


def ical_text(text: str) -> str:
    """*text* as iCalendar text can hold it: line breaks (LF, CR LF, CR) as one LF; other
    control characters and lone surrogates as their Python escape.

    >>> ical_text("例会\\r\\n第二行\\x1b[31m")
    '例会\\n第二行\\\\x1b[31m'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_TEXT.sub(_escape, text)


def ical_parameter(text: str) -> str:
    r"""*text* as a parameter value (an attendee's ``CN``) can hold it: as :func:`ical_text`,
    and every backslash written as its escape ``\x5c``, since iCalendar readers take a
    backslash in a parameter for an escape (one before the ``;`` that ends the value would
    swallow the next parameter).

    >>> print(ical_parameter("张\\"), ical_parameter("a\\b"), ical_parameter("喻"))
    张\x5c a\x5cb 喻
    """
    return ical_text(text).replace("\\", "\\x5c")


def _escape(found: re.Match[str]) -> str:
    return found[0].encode("unicode_escape", "backslashreplace").decode("ascii")


def mailto(address: str) -> str:
    """The ``mailto:`` URI of an e-mail *address*, percent-encoded (RFC 6068).

    >>> mailto("yu@changsheng.gov.cn"), mailto("a b\\n@例子.中国")
    ('mailto:yu@changsheng.gov.cn', 'mailto:a%20b%0A@%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD')
    """
    return "mailto:" + quote(address, safe=_URI_SAFE, errors="surrogatepass")


@attrs.frozen
class _Recurrence:
    """A recurring event that reproduces a timeline's slots exactly."""

    start: dt.datetime
    rule: vRecur
    rdates: tuple[dt.datetime, ...]
    exdates: tuple[dt.datetime, ...]
    moved: tuple[tuple[dt.datetime, Slot], ...] = ()
    """(``RECURRENCE-ID``, the slot it moved to) of every moved occurrence."""


DIGEST = "X-CAMPAIGNKIT-DIGEST"
"""The property that holds a digest of an event's content, so that a later export can tell
whether the event changed."""


@attrs.frozen(kw_only=True)
class EventVersion:
    """What an earlier export said of one event (or one override of a recurring event)."""

    sequence: int
    modified: dt.datetime
    digest: str | None


_Versions = Mapping[tuple[str, str], EventVersion]
"""Earlier versions by (``UID``, ``RECURRENCE-ID`` as iCalendar text, empty for none)."""


def to_ical(
    schedule: Schedule,
    *,
    phases: bool = True,
    stamp: dt.datetime | None = None,
    party: str | None = None,
    roles: Iterable[AgendaRole | str] | None = None,
    alarm: dt.timedelta | None = None,
    previous: bytes | None = None,
) -> bytes:
    """*schedule* as iCalendar bytes (UTF-8, CRLF line ends).

    **Keeping a client in sync.** Every event carries a digest of its content (``DIGEST``).
    Given the *previous* export, an event whose content changed gets the previous ``SEQUENCE``
    plus one and a ``LAST-MODIFIED`` of *stamp* (at least a second after the previous one); an
    unchanged event keeps both; a new event starts at ``SEQUENCE:0``. So the same schedule and
    the same previous export give the same bytes, and a changed event's ``SEQUENCE`` only rises
    as long as each export is made from the one before. An override of a recurring event never
    has a lower ``SEQUENCE`` than the recurring event itself.

    Args:
        schedule: What to export.
        phases: Include the dated phases as all-day events (in a party's calendar, the phases
            it is assigned to).
        stamp: The ``DTSTAMP`` of every event (aware); by default midnight UTC of the first
            day of the campaign window, so that the same schedule gives the same bytes.
        party: Export only this person's, unit's, group's or working body's calendar: the
            items of ``schedule.agenda(party, roles)``.
        roles: With *party*, the roles that put an item in the calendar (see
            :meth:`~campaignkit.scheduling.Schedule.agenda`).
        alarm: Remind this long before each occurrence and activity (a ``VALARM`` that
            displays the summary); ``timedelta(0)`` reminds at the start.
        previous: The bytes of the previous export of this calendar (see above).

    Raises:
        ValueError: for a negative *alarm*, a role that is not an
            :class:`~campaignkit.scheduling.AgendaRole`, or *roles* without *party*.
        ValidationError: ``bad-calendar`` when *previous* is not an iCalendar campaignkit
            wrote.
    """
    if alarm is not None and alarm < dt.timedelta(0):
        msg = f"alarm must not be negative (got {alarm})"
        raise ValueError(msg)
    if roles is not None and party is None:
        msg = "roles choose items of a party's agenda: give the party too"
        raise ValueError(msg)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = schedule.name_of(schedule.campaign)
    if party is not None:
        name = f"{name} — {schedule.name_of(party)}"
    # a property icalendar does not know, so given as text: its backslashes, commas and
    # semicolons escaped as in SUMMARY (calendar programs unescape them), on one line
    cal.add("x-wr-calname", vText(ical_text(name).replace("\n", " ")))
    writer = _Writer(
        schedule,
        stamp or dt.datetime.combine(schedule.window_start, dt.time(), dt.UTC),
        view=_View.of(schedule, party, roles),
        alarm=alarm,
        versions=read_versions(previous) if previous is not None else {},
    )
    events: list[Event] = []
    if phases:
        events += (writer.phase(p) for p in schedule.phases if writer.view.has_phase(p.phase))
    for timeline in schedule.timelines:
        events += writer.timeline(timeline)
    for activity in schedule.activities:
        if writer.view.wants(activity):
            events.append(writer.activity(activity))
    for event in events:
        cal.add_component(writer.versioned(event))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def read_versions(data: bytes) -> dict[tuple[str, str], EventVersion]:
    """The ``SEQUENCE``, ``LAST-MODIFIED`` and digest of every event of an earlier export.

    Raises:
        ValidationError: ``bad-calendar`` when *data* is not an iCalendar campaignkit wrote.
    """
    try:
        cal = Calendar.from_ical(data)
        ours = str(cal.get("PRODID", "")) == PRODID
    except ValueError as exc:
        msg = f"the previous export is not iCalendar: {exc}"
        raise ValidationError([Problem("$", "bad-calendar", msg)]) from None
    if not ours:
        msg = f"the previous export is not a calendar campaignkit wrote (no PRODID {PRODID})"
        raise ValidationError([Problem("$", "bad-calendar", msg)])
    out: dict[tuple[str, str], EventVersion] = {}
    for event in cal.walk("VEVENT"):
        key = (str(event.get("UID", "")), _recurrence_id(event))
        try:
            sequence = int(event.get("SEQUENCE", 0))
            modified = event.decoded("LAST-MODIFIED", None)
        except (TypeError, ValueError):
            continue
        if not isinstance(modified, dt.datetime) or modified.tzinfo is None:
            modified = dt.datetime.min.replace(tzinfo=dt.UTC)
        digest = event.get(DIGEST)
        out[key] = EventVersion(
            sequence=max(sequence, 0),
            modified=modified,
            digest=None if digest is None else str(digest),
        )
    return out


def _recurrence_id(event: Component) -> str:
    value = event.get("RECURRENCE-ID")
    return "" if value is None else bytes(value.to_ical()).decode()


@attrs.frozen
class _View:
    """Which items and phases a calendar holds: everything, or what a party plays a role in."""

    schedule: Schedule
    party: str | None
    wanted: frozenset[AgendaRole]

    @classmethod
    def of(
        cls, schedule: Schedule, party: str | None, roles: Iterable[AgendaRole | str] | None
    ) -> _View:
        wanted = DEFAULT_AGENDA_ROLES if roles is None else frozenset(map(AgendaRole, roles))
        return cls(schedule, party, wanted)

    def wants(self, item: ScheduledItem) -> bool:
        """Whether the calendar holds *item*."""
        return self.party is None or bool(self.wanted.intersection(self.shown(item)))

    def shown(self, item: ScheduledItem) -> tuple[AgendaRole, ...]:
        """The party's roles in *item*, to show (none in a calendar without a party)."""
        return () if self.party is None else self.schedule.roles_of(self.party, item)

    def has_phase(self, phase: str) -> bool:
        if self.party is None:
            return True
        return bool(self.wanted.intersection(self.schedule.assigned_roles(self.party, phase)))


class _Writer:
    def __init__(
        self,
        schedule: Schedule,
        stamp: dt.datetime,
        *,
        view: _View,
        alarm: dt.timedelta | None,
        versions: _Versions,
    ) -> None:
        self.s = schedule
        self.stamp = stamp
        self.tz = zoneinfo.ZoneInfo(schedule.timezone)
        self.view = view
        self.alarm = alarm
        self.versions = versions
        self.sequences: dict[str, int] = {}
        self.overridden: dict[str, str] = {}

    def uid(self, ref: str) -> str:
        return f"{ref}@{self.s.campaign}.campaignkit"

    def event(self, uid: str, summary: str, kind: str) -> Event:
        event = Event()
        event.add("uid", ical_text(self.uid(uid)))
        event.add("dtstamp", self.stamp)
        event.add("summary", ical_text(summary))
        event.add("categories", [kind])
        return event

    def phase(self, phase: DatedPhase) -> Event:
        event = self.event(f"phase:{phase.phase}", self.s.name_of(phase.phase), "phase")
        event.add("dtstart", phase.start)
        event.add("dtend", phase.end + dt.timedelta(days=1))
        self.describe(event, self.s.assignments_for(phase.phase), None, ())
        return event

    def timeline(self, t: Timeline) -> Iterable[Event]:
        if not t.slots:
            return
        summary = self.s.name_of(t.mechanism)
        recurrence = self.recurrence(t)
        for unit in t.units:
            first = next(t.occurrences(unit))  # the party's roles are the same in every one
            if not self.view.wants(first):
                continue
            title = f"{summary} — {self.s.name_of(unit)}" if unit else summary
            base = f"{t.mechanism}/{unit}" if unit else t.mechanism
            if recurrence is not None:
                event = self.event(base, title, "occurrence")
                length = t.slots[0].end - t.slots[0].start
                event.add("dtstart", recurrence.start)
                event.add("dtend", recurrence.start + length)
                event.add("rrule", recurrence.rule)
                if recurrence.exdates:
                    event.add("exdate", list(recurrence.exdates))
                if recurrence.rdates:
                    event.add("rdate", list(recurrence.rdates))
                self.item_details(event, first)
                moved = list(self.overrides(event, recurrence, first))
                self.overridden[str(event["UID"])] = ",".join(map(_recurrence_id, moved))
                yield event
                yield from moved
                continue
            for s in t.slots:
                event = self.event(f"{base}@{s.rule_date.isoformat()}", title, "occurrence")
                event.add("dtstart", s.start)
                event.add("dtend", s.end)
                self.item_details(event, first, moved_from=_moved_from(s))
                yield event

    def overrides(
        self, master: Event, recurrence: _Recurrence, first: Occurrence
    ) -> Iterable[Event]:
        """One event per moved occurrence: the master's UID, the rule date's instant as
        ``RECURRENCE-ID``, the day it moved to as ``DTSTART``."""
        uid = str(master["UID"])
        for original, slot in recurrence.moved:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", self.stamp)
            event.add("recurrence-id", original)
            event.add("summary", str(master["SUMMARY"]))
            event.add("categories", ["occurrence"])
            event.add("dtstart", slot.start)
            event.add("dtend", slot.end)
            self.item_details(event, first, moved_from=_moved_from(slot))
            yield event

    def activity(self, a: ScheduledActivity) -> Event:
        title = self.s.name_of(a.activity)
        if a.unit:
            title += f" — {self.s.name_of(a.unit)}"
        event = self.event(a.ref, title, "activity")
        event.add("dtstart", a.start)
        event.add("dtend", a.end)
        if a.venue:
            event.add("location", ical_text(a.venue))
        self.item_details(event, a)
        return event

    def item_details(
        self, event: Event, item: ScheduledItem, *, moved_from: dt.date | None = None
    ) -> None:
        """Attendees, description and reminder of an occurrence or activity."""
        self.attendees(event, item.participants)
        if isinstance(item, Occurrence):
            note = self.s.note_of(item.subject)
        else:
            note = self.s.note_of(item.activity) or self.s.note_of(item.series)
        extra = (f"Moved from {moved_from} (a day off)",) if moved_from else ()
        self.describe(event, self.s.assignments_of(item), note, self.view.shown(item), extra)
        if self.alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("trigger", -self.alarm)
            reminder.add("description", str(event["SUMMARY"]))
            event.add_component(reminder)

    def describe(
        self,
        event: Event,
        assignments: Iterable[Assignment],
        note: str | None,
        roles: tuple[AgendaRole, ...],
        extra: tuple[str, ...] = (),
    ) -> None:
        """``DESCRIPTION``: lead and responsible parties, the party's roles, the note.

        Of *assignments* (an activity's before its series'), a role is named from the first
        subject that gives it: an activity's own lead, else its series' lead.
        """
        found = tuple(assignments)
        lines = list(extra)
        for role, label in ((Role.LEAD, "Lead"), (Role.RESPONSIBLE, "Responsible")):
            given = [a for a in found if a.role is role]
            names = (
                dict.fromkeys(
                    self.s.name_of(a.party) for a in given if a.subject == given[0].subject
                )
                if given
                else {}
            )
            if names:
                lines.append(f"{label}: {', '.join(names)}")
        if roles:
            lines.append(f"Your role: {', '.join(r.value for r in roles)}")
        if note:
            lines += ("", note) if lines else (note,)
        if lines:
            event.add("description", ical_text("\n".join(lines)))

    def versioned(self, event: Event) -> Event:
        """Add ``SEQUENCE``, ``LAST-MODIFIED`` and the content digest (see :func:`to_ical`)."""
        uid = str(event["UID"])
        rid = _recurrence_id(event)
        content = b"\r\n".join(
            line for line in event.to_ical().split(b"\r\n") if not line.startswith(b"DTSTAMP")
        )
        if not rid:
            content += self.overridden.get(uid, "").encode()
        digest = hashlib.sha256(content).hexdigest()[:32]
        before = self.versions.get((uid, rid))
        if before is None:
            sequence, modified = 0, self.stamp
        elif before.digest == digest:
            sequence, modified = before.sequence, before.modified
        else:
            sequence = before.sequence + 1
            modified = max(self.stamp, before.modified + dt.timedelta(seconds=1))
        if rid:
            sequence = max(sequence, self.sequences.get(uid, 0))
        else:
            self.sequences[uid] = sequence
        event.add("sequence", sequence)
        event.add("last-modified", modified.astimezone(dt.UTC))
        event.add(DIGEST, digest)
        return event

    def attendees(self, event: Event, participants: tuple[str, ...]) -> None:
        people = dict.fromkeys(p for party in participants for p in self.s.people_of(party))
        for person in people:
            mail = self.s.email_of(person)
            if mail:
                address = vCalAddress(mailto(mail))
                address.params["cn"] = ical_parameter(self.s.name_of(person))
                address.params["role"] = "REQ-PARTICIPANT"
                event.add("attendee", address, encode=False)

    # -- recurring events -------------------------------------------------------------------

    def recurrence(self, t: Timeline) -> _Recurrence | None:
        """A recurring event equal to *t*'s slots, or ``None`` when none is simple and exact."""
        if t.rule is None:
            return None
        lines = t.rule.splitlines()
        rrules = [line for line in lines if line.upper().startswith("RRULE:")]
        if len(rrules) != 1 or any(line.upper().startswith("EXRULE") for line in lines):
            return None
        parts = [p for p in rrules[0][6:].split(";") if p.split("=")[0].upper() not in _DROPPED]
        if any(p.upper().startswith("BYEASTER") for p in parts):
            return None
        try:
            start, end = self.s.span(t.mechanism)
            dtstart = [line for line in lines if line.upper().startswith("DTSTART")]
            time = t.slots[0].start.time()
            rule_only = "\n".join([*dtstart, rrules[0]])
            dates = raw_dates(rule_only, start, end, time, limit=len(t.slots) * 4 + 64).dates
        except (RuleError, KeyError):
            return None
        if not dates:
            return None
        first = dates[0].replace(tzinfo=self.tz)
        wanted = {s.start for s in t.slots}
        if len(wanted) < len(t.slots):  # two occurrences at one time: only events keep both
            return None
        until = dates[-1].replace(tzinfo=self.tz)
        found = _match(t.slots, parts, first, until)
        if found.rdates and found.rdates[-1] > until:  # widen UNTIL: nothing lies after it
            found = _match(t.slots, parts, first, found.rdates[-1])
        if len(found.exdates) + len(found.rdates) > len(wanted):
            return None
        return found


def _match(
    slots: tuple[Slot, ...], parts: list[str], first: dt.datetime, until: dt.datetime
) -> _Recurrence:
    """The recurring event of *parts* from *first* to *until* that yields *slots*.

    A slot is the rule's instance on its rule date, or that instance moved (an override), or
    an extra date (``RDATE``); instances no slot keeps are ``EXDATE``.
    """
    text = ";".join([*parts, f"UNTIL={until.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"])
    produced = {d.date(): d for d in rrulestr(text, dtstart=first)}
    moved: list[tuple[dt.datetime, Slot]] = []
    rdates: list[dt.datetime] = []
    kept: set[dt.datetime] = set()
    for slot in slots:
        instance = produced.get(slot.rule_date)
        if instance is None:
            rdates.append(slot.start)
            continue
        kept.add(instance)
        if instance != slot.start:
            moved.append((instance, slot))
    exdates = sorted(set(produced.values()) - kept)
    return _Recurrence(
        first, vRecur.from_ical(text), tuple(sorted(rdates)), tuple(exdates), tuple(moved)
    )


def _moved_from(slot: Slot) -> dt.date | None:
    """The rule date of a slot a non-working-day policy moved, else ``None``."""
    return slot.rule_date if slot.start.date() != slot.rule_date else None


_DROPPED = frozenset({"COUNT", "UNTIL"})
