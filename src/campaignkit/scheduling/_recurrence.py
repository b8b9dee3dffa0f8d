"""Expanding recurring mechanisms (RFC 5545 recurrence) into dated occurrences.

A mechanism's rule is expanded with dateutil inside the mechanism's **span** (its window, or the
campaign's, met with its phases). ``DTSTART`` defaults to the span's first day at the mechanism's
time; a ``DTSTART`` line in the rule wins. Every date the rule yields is a **rule date**; the
mechanism's non-working-day policy then decides where the occurrence goes:

========================= ============================================================
``keep``                  on its rule date, working day or not
``skip``                  dropped when the rule date is not a working day
``next_working_day``      moved to the first working day after a day off
``previous_working_day``  moved to the last working day before a day off
========================= ============================================================

The rule date stays in the occurrence's key, so records written against a key still match
after a move. An occurrence moved out of the span is dropped, and two occurrences moved onto one
day are both kept; :attr:`Expansion.notes` says so.

RFC 5545 drops dates a rule cannot hit rather than moving them: ``FREQ=MONTHLY;BYMONTHDAY=31``
has no occurrence in February, and ``FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`` has none at all.

**Rules never hang.** dateutil looks for a next date until the year 9999, which takes seconds
for a daily rule that can never match. The expansion therefore (1) proves cheaply, with a
yearly probe over one 400-year Gregorian cycle, when the rule's date filters can never match
(for ``BYEASTER``, whose dates do not repeat every 400 years, the probe looks for the days
Easter can fall on: Sunday, 22 March to 25 April, moved by the offsets);
(2) moves the whole question forward by whole 400-year cycles (146,097 days: the Gregorian
calendar repeats itself exactly, weekdays included) so that the span ends in the last 400
years before 9999, yet at least a year before it, and a fruitless search after it is short
(an iteration that would step past 9999 ends there: nothing lies beyond); (3) fast-forwards a ``DTSTART`` that lies
centuries before the span by whole cycles of the rule; and (4) stops at the span's end. A span
with more than *limit* occurrences is an error, and sub-daily rules (``FREQ=HOURLY``,
``MINUTELY``, ``SECONDLY``, or several times a day) are refused, because an occurrence's key is
its rule **date**.

>>> import datetime as dt
>>> from campaignkit.calendar._working import WorkingCalendar
>>> from campaignkit.model import NonWorkingDayPolicy as P
>>> cn = WorkingCalendar(country="CN")
>>> ex = expand("FREQ=WEEKLY;BYDAY=FR", dt.date(2010, 2, 1), dt.date(2010, 2, 28),
...             time=dt.time(9), duration_minutes=60, policy=P.NEXT_WORKING_DAY,
...             calendar=cn, timezone="Asia/Shanghai")
>>> [(s.rule_date.day, s.start.day) for s in ex.slots]  # Friday 19 is Spring Festival
[(5, 5), (12, 12), (19, 20), (26, 26)]
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs
from dateutil.rrule import DAILY, WEEKLY, YEARLY, rrule, rruleset

from campaignkit.calendar import WorkingCalendar
from campaignkit.model import NonWorkingDayPolicy, parse_rule
from campaignkit.model._rules import normalise_rule
from campaignkit.scheduling._schedule import Slot

MAX_OCCURRENCES = 10_000
"""The default limit on the occurrences one mechanism may have in its span (per unit: the units
of a cascade share one expansion)."""

_CYCLE = dt.timedelta(days=146_097)
"""400 Gregorian years: after it, every date has the same weekday, month day and year day."""

_NOTE_SAMPLES = 3


class RuleError(Exception):
    """A rule cannot be expanded: ``code`` and a message, not yet located.

    :func:`campaignkit.scheduling.schedule` turns it into a
    :class:`~campaignkit.SchedulingError` at the mechanism's ``rule``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@attrs.frozen
class Raw:
    """What a rule yields inside a span, before the non-working-day policy."""

    dates: tuple[dt.datetime, ...]
    """Naive local date-times, sorted."""
    text: str
    """The rule as expanded, with its ``DTSTART`` line."""
    never: bool = False
    """``True`` when the rule's date filters can never match any day."""


@attrs.frozen
class Expansion:
    """The occurrences of one rule in one span, shared by every mechanism and unit using it."""

    slots: tuple[Slot, ...]
    text: str
    notes: tuple[str, ...] = ()


def raw_dates(text: str, start: dt.date, end: dt.date, time: dt.time, limit: int) -> Raw:
    """The date-times *text* yields in ``start .. end`` (naive, local), sorted.

    ``DTSTART`` defaults to *start* at *time*.

    Raises:
        RuleError: ``bad-rule`` (not RFC 5545), ``sub-daily-rule``, ``too-many-occurrences``
            (more than *limit*), ``rule-start-too-early`` (a ``COUNT`` rule starting more than
            400 years before the span).

    >>> raw = raw_dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", dt.date(2010, 1, 1),
    ...                 dt.date(2010, 12, 31), dt.time(9), 100)
    >>> raw.dates, raw.never
    ((), True)
    """
    lo = dt.datetime.combine(start, dt.time())
    hi = dt.datetime.combine(end, dt.time.max)
    try:
        parsed: Any = parse_rule(text, dt.datetime.combine(start, time))
    except (ValueError, TypeError, OverflowError) as exc:
        raise RuleError("bad-rule", f"its rule is not RFC 5545 recurrence text: {exc}") from exc
    rules: list[rrule] = list(parsed._rrule)
    exrules: list[rrule] = list(parsed._exrule)
    rules_text = _with_dtstart(text, rules, dt.datetime.combine(start, time))
    for rule in rules:
        _refuse_sub_daily(rule)
    empty = [_never(r) for r in rules]
    never = bool(rules) and all(empty)
    live = [r for r, e in zip(rules, empty, strict=True) if not e and _may_meet(r, lo, hi)]
    rdates = [d for d in parsed._rdate if lo <= d <= hi]
    if not live and not rdates:
        return Raw(dates=(), text=rules_text, never=never and not parsed._rdate)
    easter = any(getattr(r, "_byeaster", None) for r in (*live, *exrules))
    # Keep a year after the moved span: dateutil may look into the next year for the next date.
    cycles = max(0, (dt.MAXYEAR - 1 - end.year) // 400)
    shift = dt.timedelta(0) if easter else _CYCLE * cycles
    out = rruleset()
    for rule in live:
        out.rrule(_moved(rule, lo, hi, shift))
    for rule in exrules:
        if _may_meet(rule, lo, hi) and not _never(rule):
            out.exrule(_moved(rule, lo, hi, shift))
    for d in rdates:
        out.rdate(d + shift)
    for d in parsed._exdate:
        if lo <= d <= hi:
            out.exdate(d + shift)
    dates: list[dt.datetime] = []
    for moved in _until_year_9999(out):
        d = moved - shift
        if d > hi:
            break
        if d < lo:
            continue
        dates.append(d)
        if len(dates) > limit:
            msg = f"its rule yields more than {limit} occurrences between {start} and {end}"
            raise RuleError("too-many-occurrences", msg)
    return Raw(dates=tuple(dates), text=rules_text)


def expand(
    text: str,
    start: dt.date,
    end: dt.date,
    *,
    time: dt.time,
    duration_minutes: int,
    policy: NonWorkingDayPolicy,
    calendar: WorkingCalendar,
    timezone: str,
    limit: int = MAX_OCCURRENCES,
) -> Expansion:
    """Expand *text* in ``start .. end`` and apply *policy* on *calendar*.

    Slots are sorted by start; their times are aware, in *timezone*. Raises
    :class:`RuleError` as :func:`raw_dates` does.
    """
    raw = raw_dates(text, start, end, time, limit)
    tz = zoneinfo.ZoneInfo(timezone)
    length = dt.timedelta(minutes=duration_minutes)
    notes: list[str] = []
    if not raw.dates:
        why = "can never yield a date" if raw.never else f"yields no date between {start} and {end}"
        notes.append(f"its rule {why}, so it has no occurrences")
    slots: list[Slot] = []
    seen: set[dt.date] = set()
    doubled: list[dt.date] = []
    left: list[dt.date] = []
    for d in raw.dates:
        rule_date = d.date()
        if rule_date in seen:
            doubled.append(rule_date)
            continue
        seen.add(rule_date)
        day = _place(rule_date, policy, calendar)
        if day is None:
            continue
        if not start <= day <= end:
            left.append(rule_date)
            continue
        begin = dt.datetime.combine(day, d.time(), tzinfo=tz)
        if begin.replace(tzinfo=None) > dt.datetime.max - length:
            msg = (
                f"its occurrence on {day} would end after {dt.date.max}, the last day a date can be"
            )
            raise RuleError("past-last-day", msg)
        slots.append(Slot(rule_date, begin, begin + length))
    slots.sort(key=lambda s: (s.start, s.rule_date))
    if doubled:
        notes.append(
            f"its rule yields several times on {_sample(doubled)}; the first time of each day is kept"
        )
    if left:
        notes.append(
            f"{len(left)} occurrence(s) moved off a day off would leave the span and are dropped (rule dates {_sample(left)})"
        )
    shared = Counter(s.start.date() for s in slots)
    crowded = sorted({s.start.date() for s in slots if shared[s.start.date()] > 1})
    if crowded:
        notes.append(
            f"moved occurrences share a day with another one on {_sample(crowded)}; all are kept"
        )
    return Expansion(slots=tuple(slots), text=raw.text, notes=tuple(notes))


# -- guards ------------------------------------------------------------------------------


def _until_year_9999(dates: rruleset) -> Iterator[dt.datetime]:
    """The dates of *dates*, ending where dateutil would step past the year 9999.

    The span ends in 9999 at the latest, so nothing after that step could belong to it.
    """
    found = iter(dates)
    while True:
        try:
            yield next(found)
        except StopIteration:
            return
        except (ValueError, OverflowError):  # "year 10000 is out of range"
            return


def _refuse_sub_daily(rule: Any) -> None:
    times = len(rule._byhour or ()) * len(rule._byminute or ()) * len(rule._bysecond or ())
    if rule._freq > DAILY or times > 1:
        msg = "its rule recurs more than once a day; an occurrence is keyed by its date, so a rule may yield at most one time a day"
        raise RuleError("sub-daily-rule", msg)


def _may_meet(rule: Any, lo: dt.datetime, hi: dt.datetime) -> bool:
    """``False`` when the rule ends before the span or starts after it."""
    return not (rule._until is not None and rule._until < lo) and rule._dtstart <= hi


def _never(rule: Any) -> bool:
    """``True`` when the rule's date filters match no day at all.

    A yearly probe with the same filters (month, month day, year day, week number and plain
    weekdays) runs over the last 400-year cycle before 9999, which holds every kind of year;
    dateutil gives up at 9999, so the probe is short. Dropping the period, the interval, nth
    weekdays and BYSETPOS only widens what the probe accepts, so a probe that finds nothing
    proves the rule empty.
    """
    if getattr(rule, "_byeaster", None):
        return _never_at_easter(rule)
    if rule._bysetpos and rule._freq in (WEEKLY, DAILY):
        # a day holds one candidate (times are one a day), a week at most one per weekday
        most = 1 if rule._freq == DAILY else len(rule._byweekday or ()) or 1
        if all(abs(p) > most for p in rule._bysetpos):
            return True
    monthdays = tuple(rule._bymonthday or ()) + tuple(rule._bynmonthday or ())
    probe = rrule(
        YEARLY,
        dtstart=dt.datetime(dt.MAXYEAR - 399, 1, 1),
        wkst=rule._wkst,
        bymonth=tuple(rule._bymonth) if rule._bymonth else None,
        bymonthday=monthdays or None,
        byyearday=tuple(rule._byyearday) if rule._byyearday else None,
        byweekno=tuple(rule._byweekno) if rule._byweekno else None,
        byweekday=tuple(rule._byweekday) if rule._byweekday else None,
        cache=False,
    )
    if not (rule._bymonth or monthdays or rule._byyearday or rule._byweekno or rule._byweekday):
        return False
    return next(iter(probe), None) is None


def _never_at_easter(rule: Any) -> bool:
    """``True`` when a ``BYEASTER`` rule's other filters exclude every day Easter can move to.

    Easter falls on a Sunday from 22 March to 25 April, so Easter moved by *n* days falls on a
    fixed weekday, in a fixed stretch of year days (a day wider, for leap years). A yearly probe
    with the rule's filters, narrowed to those weekdays and year days, over one 400-year cycle,
    accepts at least every day the rule could yield; when it finds none, the rule is empty.
    """
    offsets = tuple(rule._byeaster)
    weekdays = {(6 + n) % 7 for n in offsets}  # Easter is a Sunday: weekday 6
    if rule._byweekday:
        weekdays &= set(rule._byweekday)
        if not weekdays:
            return True
    yeardays = {d + n for n in offsets for d in range(81, 117)}  # 22 March .. 26 April
    if rule._byyearday:
        # a negative year day counts from the end: day 366 + d + 1 or 365 + d + 1
        own = {d if d > 0 else length + d + 1 for d in rule._byyearday for length in (365, 366)}
        yeardays &= own
        if not yeardays:
            return True
    elif not 1 <= min(yeardays) <= max(yeardays) <= 366:
        yeardays = set()  # no narrowing then: the probe only accepts more
    monthdays = tuple(rule._bymonthday or ()) + tuple(rule._bynmonthday or ())
    probe = rrule(
        YEARLY,
        dtstart=dt.datetime(dt.MAXYEAR - 399, 1, 1),
        wkst=rule._wkst,
        bymonth=tuple(rule._bymonth) if rule._bymonth else None,
        bymonthday=monthdays or None,
        byyearday=tuple(sorted(yeardays)) or None,
        byweekno=tuple(rule._byweekno) if rule._byweekno else None,
        byweekday=tuple(sorted(weekdays)),
        cache=False,
    )
    return next(iter(probe), None) is None


def _moved(rule: Any, lo: dt.datetime, hi: dt.datetime, shift: dt.timedelta) -> rrule:
    """*rule* with its ``DTSTART`` brought near the span and everything moved by *shift*."""
    start: dt.datetime = rule._dtstart
    gap = (lo - start).days
    period = _CYCLE.days * rule._interval  # one cycle of the rule: a whole number of its periods
    if gap > period:
        if rule._count is not None:
            if gap > _CYCLE.days:
                msg = "its rule has a COUNT and a DTSTART more than 400 years before the span; give a later DTSTART"
                raise RuleError("rule-start-too-early", msg)
        else:
            start += dt.timedelta(days=period * (gap // period))
    until = rule._until
    if until is not None:
        until = min(until, hi) + shift
    moved: rrule = rule.replace(dtstart=start + shift, until=until, cache=False)
    return moved


def _with_dtstart(text: str, rules: list[rrule], default: dt.datetime) -> str:
    """The rule text with an explicit ``DTSTART`` line (the text's own, else *default*)."""
    normal = normalise_rule(text)
    if any(line.upper().startswith("DTSTART") for line in normal.splitlines()):
        return normal
    return f"DTSTART:{default:%Y%m%dT%H%M%S}\n{normal}"


def _place(day: dt.date, policy: NonWorkingDayPolicy, calendar: WorkingCalendar) -> dt.date | None:
    if policy is NonWorkingDayPolicy.KEEP or calendar.is_working_day(day):
        return day
    if policy is NonWorkingDayPolicy.SKIP:
        return None
    if policy is NonWorkingDayPolicy.NEXT_WORKING_DAY:
        return calendar.next_working_day(day)
    return calendar.previous_working_day(day)


def _sample(days: list[dt.date]) -> str:
    shown = ", ".join(d.isoformat() for d in days[:_NOTE_SAMPLES])
    more = len(days) - _NOTE_SAMPLES
    return shown + (f" and {more} more" if more > 0 else "")
