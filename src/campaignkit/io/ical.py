"""A schedule as iCalendar (RFC 5545), for calendar applications.

:func:`to_ical` writes one calendar with:

- a ``VTIMEZONE`` for the campaign's zone, and every time in that zone;
- each dated phase as an all-day event (``CATEGORIES:phase``);
- each recurring mechanism (per unit, for a cascade) as **one recurring event** with its
  ``RRULE``, plus ``EXDATE`` for dates the non-working-day policy dropped or moved and ``RDATE``
  for the days they moved to, when that reproduces the schedule exactly; otherwise one event
  per occurrence;
- each scheduled activity as one event, with its venue as ``LOCATION``;
- participants as ``ATTENDEE`` wherever the person has an e-mail address (groups and units are
  resolved to their people).

Any text is written safely: names, venues and e-mail addresses come from files people type.
Line breaks are kept (iCalendar escapes them as ``\\n``; a CR LF or a lone CR becomes one
line break, since iCalendar text has only the one); other control characters, which
iCalendar text cannot hold (RFC 5545, 3.3.11), and lone surrogates, which UTF-8 cannot, are
written as their Python escape (``\\x1b``) so that nothing is silently dropped; an e-mail
address is percent-encoded into its ``mailto:`` URI as RFC 6068 asks (non-ASCII characters,
spaces and controls).

UIDs are stable: ``<ref>@<campaign>.campaignkit`` (``weekly/baisha@drive.campaignkit`` for a
recurring event, ``weekly@2010-03-01@drive.campaignkit`` for one occurrence), so importing a
new export updates the events instead of duplicating them. The output is deterministic:
``DTSTAMP`` is the start of the campaign window unless *stamp* is given.

>>> import datetime as dt
>>> from campaignkit.model import Campaign, Mechanism, Window
>>> from campaignkit.schedule import schedule
>>> c = Campaign(id="drive", name="Drive", timezone="Europe/Berlin",
...              window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31)),
...              mechanisms=(Mechanism(id="standup", name="Stand-up", rule="FREQ=WEEKLY;BYDAY=MO"),))
>>> text = to_ical(schedule(c)).decode()
>>> "RRULE:FREQ=WEEKLY;UNTIL=20260330T070000Z;BYDAY=MO" in text, "BEGIN:VTIMEZONE" in text
(True, True)
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from urllib.parse import quote

import attrs
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vCalAddress, vRecur

from campaignkit.schedule.recurrence import RuleError, raw_dates
from campaignkit.schedule.schedule import DatedPhase, Schedule, ScheduledActivity, Timeline

__all__ = ["PRODID", "ical_text", "mailto", "to_ical"]

PRODID = "-//campaignkit//campaignkit schedule//EN"
"""The ``PRODID`` of calendars campaignkit writes."""


_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What iCalendar text cannot hold: controls but tab (line feeds come back as line breaks)
and lone surrogates."""

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


def to_ical(schedule: Schedule, *, phases: bool = True, stamp: dt.datetime | None = None) -> bytes:
    """*schedule* as iCalendar bytes (UTF-8, CRLF line ends).

    Args:
        schedule: What to export.
        phases: Include the dated phases as all-day events.
        stamp: The ``DTSTAMP`` of every event (aware); by default midnight UTC of the first
            day of the campaign window, so that the same schedule gives the same bytes.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # a property icalendar does not know: written (and read back) as it is, on one line
    cal.add("x-wr-calname", ical_text(schedule.name_of(schedule.campaign)).replace("\n", " "))
    writer = _Writer(
        schedule, stamp or dt.datetime.combine(schedule.window_start, dt.time(), dt.UTC)
    )
    if phases:
        for phase in schedule.phases:
            cal.add_component(writer.phase(phase))
    for timeline in schedule.timelines:
        for event in writer.timeline(timeline):
            cal.add_component(event)
    for activity in schedule.activities:
        cal.add_component(writer.activity(activity))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


class _Writer:
    def __init__(self, schedule: Schedule, stamp: dt.datetime) -> None:
        self.s = schedule
        self.stamp = stamp
        self.tz = zoneinfo.ZoneInfo(schedule.timezone)

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
        return event

    def timeline(self, t: Timeline) -> Iterable[Event]:
        if not t.slots:
            return
        summary = self.s.name_of(t.mechanism)
        recurrence = self.recurrence(t)
        for unit in t.units:
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
                self.attendees(event, t.participants)
                yield event
                continue
            for s in t.slots:
                event = self.event(f"{base}@{s.rule_date.isoformat()}", title, "occurrence")
                event.add("dtstart", s.start)
                event.add("dtend", s.end)
                self.attendees(event, t.participants)
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
        self.attendees(event, a.participants)
        return event

    def attendees(self, event: Event, participants: tuple[str, ...]) -> None:
        people = dict.fromkeys(p for party in participants for p in self.s.people_of(party))
        for person in people:
            mail = self.s.email_of(person)
            if mail:
                address = vCalAddress(mailto(mail))
                address.params["cn"] = ical_text(self.s.name_of(person))
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
        until = dates[-1].replace(tzinfo=self.tz).astimezone(dt.UTC)
        text = ";".join([*parts, f"UNTIL={until:%Y%m%dT%H%M%SZ}"])
        produced = set(rrulestr(text, dtstart=first))
        wanted = {s.start for s in t.slots}
        if len(wanted) < len(t.slots):  # two occurrences at one time: only events keep both
            return None
        exdates = tuple(sorted(produced - wanted))
        rdates = tuple(sorted(wanted - produced))
        if len(exdates) + len(rdates) > len(wanted):
            return None
        return _Recurrence(first, vRecur.from_ical(text), rdates, exdates)


_DROPPED = frozenset({"COUNT", "UNTIL"})
