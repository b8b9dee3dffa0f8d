"""What the weekly meeting (每周例会) reviews and assigns: :func:`weekly_briefing`.

A campaign office meets every week to review the week gone and to assign the week ahead. The
sheet for the week that holds ``week_of`` (Monday to Sunday) says:

1. **last week** (the Monday-to-Sunday week before) — the held and cancelled records and
   the indicator readings dated in it, and the records of it that match nothing scheduled;
2. **overdue** — every scheduled item (occurrence or activity) whose day is on or before last
   Sunday and that no record dated on or before last Sunday holds or cancels;
3. **this week** — the items of the week, and the indicators due in it (on their own due day,
   else on the last day of their series or mechanism), grouped by the party that leads them
   (from the assignments: the item's own lead, else its series' lead), each party with the
   people it stands for;
4. **next week** — a look ahead at the items of the week after.

The sheet sees the ledger as it stood at the end of last Sunday: records dated later are left
out, so the sheet for a past week reads as it would have on its Monday. The standing line at
the top is the campaign's progress as of last Sunday.

A week is covered when last week, this week or next week shares a day with the campaign's
window; for any other week :func:`weekly_briefing` raises
:class:`~campaignkit.ValidationError` (``week-outside-campaign`` at ``$.week_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from campaignkit._errors import Problem, ValidationError
from campaignkit.model import Campaign
from campaignkit.scheduling import Occurrence, Schedule, ScheduledItem
from campaignkit.tracking import (
    Cancelled,
    Held,
    Progress,
    Reading,
    Record,
    distinct_records,
    match_records,
    progress,
)


@attrs.frozen(kw_only=True)
class BriefingItem:
    """One line of the sheet: a scheduled item, or an indicator falling due.

    Attributes:
        subject: The mechanism, activity or indicator id.
        kind: ``occurrence``, ``activity`` or ``indicator``.
        day: The day it happens (after any shift), or the indicator's due day.
        ref: The occurrence key or activity ref records cite (the indicator id for one).
        unit: The unit that runs it, for cascades.
        time: Start and end, local time, for scheduled items.
        moved_from: The rule date of an occurrence a holiday moved.
        participants: Party ids taking part.
        lead: The party that leads it, or ``None`` when nobody is assigned the lead.
        held_on: For an item of this week or next, the day of the record (before this
            week) that says it was held already.
        cancelled_on: For an item of this week or next, the day of the record (before this
            week) that called it off, when none says it was held.
    """

    subject: str
    kind: Literal["occurrence", "activity", "indicator"]
    day: dt.date
    ref: str
    unit: str | None = None
    time: tuple[dt.time, dt.time] | None = None
    moved_from: dt.date | None = None
    participants: tuple[str, ...] = ()
    lead: str | None = None
    held_on: dt.date | None = None
    cancelled_on: dt.date | None = None


@attrs.frozen(kw_only=True)
class Agenda:
    """The items one party leads this week (``party`` is ``None`` for items without a lead)."""

    party: str | None
    people: tuple[str, ...]
    items: tuple[BriefingItem, ...]


@attrs.frozen(kw_only=True)
class Briefing:
    """The contents of a weekly sheet (see the module documentation).

    Attributes:
        week_start: Monday of the week of the sheet; ``week_end`` its Sunday.
        last_start: Monday of last week; ``last_end`` its Sunday, the day the ledger is read
            up to.
        next_start: Monday of next week; ``next_end`` its Sunday.
        standing: The campaign's progress as of ``last_end``.
        held: Held records dated last week that match a scheduled item or a mechanism.
        cancelled: Cancelled records dated last week that match a scheduled item.
        readings: Readings dated last week.
        problems: Problems of the records dated last week (those of severity ``error`` were
            left out above).
        overdue: Items due by ``last_end``, neither held nor cancelled by then, oldest first.
        this_week: The week's items and indicators due, by leading party.
        next_week: Next week's items.
    """

    campaign: str
    week_start: dt.date
    week_end: dt.date
    last_start: dt.date
    last_end: dt.date
    next_start: dt.date
    next_end: dt.date
    standing: Progress
    held: tuple[Held, ...] = ()
    cancelled: tuple[Cancelled, ...] = ()
    readings: tuple[Reading, ...] = ()
    problems: tuple[Problem, ...] = ()
    overdue: tuple[BriefingItem, ...] = ()
    this_week: tuple[Agenda, ...] = ()
    next_week: tuple[BriefingItem, ...] = ()


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _day(day: dt.date, days: int) -> dt.date:
    """*day* moved by *days*, or *day* itself when that leaves the calendar (0001 .. 9999)."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(ordinal) if 1 <= ordinal <= dt.date.max.toordinal() else day


def weekly_briefing(
    campaign: Campaign, schedule: Schedule, ledger: Iterable[Record], week_of: dt.date
) -> Briefing:
    """What the weekly meeting of the week holding *week_of* reviews and assigns.

    Args:
        campaign: The campaign.
        schedule: Its schedule.
        ledger: The records (read once; those dated after last Sunday are left out).
        week_of: Any day of the week of the meeting.

    Raises:
        ValidationError: ``week-outside-campaign`` at ``$.week_of`` when neither last week,
            this week nor next week shares a day with the campaign's window;
            ``week-out-of-range`` at ``$.week_of`` when the week before or after it would leave
            the calendar (the first week of the year 1, the last of 9999);
            ``campaign-mismatch`` at ``$.schedule`` when the schedule is another campaign's.
    """
    schedule.check_campaign(campaign.id)
    if isinstance(week_of, dt.datetime) or not isinstance(week_of, dt.date):
        msg = f"'week_of' must be a date such as 2010-02-22 (got {week_of!r})"
        raise ValidationError([Problem("$.week_of", "invalid-date", msg)])
    week_start = _monday(week_of)
    week = dt.timedelta(days=7)
    window = campaign.window
    first, last = _day(_monday(window.start), -7), _day(_monday(window.end), 7)
    if not first <= week_start <= last:
        msg = (
            f"the week of {week_of} is too far from the campaign ({window.start} .. "
            f"{window.end}): a briefing covers the weeks from {first} to {last}"
        )
        raise ValidationError([Problem("$.week_of", "week-outside-campaign", msg)])
    if _day(week_start, -7) == week_start or _day(week_start, 13) == week_start:
        side = "before" if week_start.year == dt.MINYEAR else "after"
        msg = f"the week of {week_of} has no week {side} it in the calendar ({dt.date.min} .. {dt.date.max}), and a briefing reads the weeks around it"
        raise ValidationError([Problem("$.week_of", "week-out-of-range", msg)])
    last_start, next_start = week_start - week, week_start + week
    last_end = week_start - dt.timedelta(days=1)
    records = tuple(r for r in ledger if r.date <= last_end)
    # what progress uses: an id given twice once, none of an id with two contents
    distinct, _ = distinct_records(records)
    done: dict[str, tuple[str, dt.date]] = {}  # ref -> ("held" | "cancelled", day)
    held: list[Held] = []
    cancelled: list[Cancelled] = []
    readings: list[Reading] = []
    problems = _conflicts(records, last_start)
    for match in match_records(campaign, schedule, distinct):
        record = match.record
        last_week = record.date >= last_start
        if last_week:
            problems += match.problems
        if not match.used:
            continue
        if isinstance(record, Reading):
            if last_week:
                readings.append(record)
            continue
        state = "held" if isinstance(record, Held) else "cancelled"
        ref = match.ref  # None for a session of a mechanism: nothing scheduled
        # held wins over called off (as in progress); of two alike, the earlier day
        if ref is not None and (ref not in done or _before(state, record.date, done[ref])):
            done[ref] = (state, record.date)
        if last_week:
            if isinstance(record, Held):
                held.append(record)
            else:
                cancelled.append(record)
    overdue = tuple(
        _item(campaign, i) for i in schedule.between(dt.date.min, last_end) if i.ref not in done
    )
    this_week = [
        _settled(_item(campaign, i), done)
        for i in schedule.between(week_start, week_start + dt.timedelta(days=6))
    ]
    this_week += _indicators_due(campaign, schedule, week_start, week_start + dt.timedelta(days=6))
    next_week = tuple(
        _settled(_item(campaign, i), done)
        for i in schedule.between(next_start, next_start + dt.timedelta(days=6))
    )
    return Briefing(
        campaign=campaign.id,
        week_start=week_start,
        week_end=week_start + dt.timedelta(days=6),
        last_start=last_start,
        last_end=last_end,
        next_start=next_start,
        next_end=next_start + dt.timedelta(days=6),
        standing=progress(campaign, schedule, records, last_end),
        held=tuple(sorted(held, key=lambda r: (r.date, r.subject, r.id))),
        cancelled=tuple(sorted(cancelled, key=lambda r: (r.date, r.subject, r.id))),
        readings=tuple(sorted(readings, key=lambda r: (r.date, r.indicator, r.id))),
        problems=tuple(problems),
        overdue=overdue,
        this_week=_agendas(campaign, this_week),
        next_week=next_week,
    )


def _before(state: str, day: dt.date, found: tuple[str, dt.date]) -> bool:
    """Whether a record of *state* on *day* settles an item rather than the one *found*:
    held wins over called off, and of two alike the earlier."""
    return (state != "held", day) < (found[0] != "held", found[1])


def _conflicts(records: Sequence[Record], since: dt.date) -> list[Problem]:
    """The ``conflicting-duplicate`` problems of the ids with a version dated on or after
    *since* (last week's: the sheet lists last week's problems)."""
    recent = {r.id for r in records if r.date >= since}
    return distinct_records([r for r in records if r.id in recent])[1]


def _settled(item: BriefingItem, done: dict[str, tuple[str, dt.date]]) -> BriefingItem:
    """*item* with the day a record before this week held or called it off."""
    state = done.get(item.ref)
    if state is None:
        return item
    if state[0] == "held":
        return attrs.evolve(item, held_on=state[1])
    return attrs.evolve(item, cancelled_on=state[1])


def _lead(campaign: Campaign, subject: str, series: str | None = None) -> str | None:
    """The lead of *subject*, else of the series or mechanism that holds it.

    *series* names the owner of an activity the scheduler generated (``<series>#<n>``),
    which is in no campaign namespace and so has no owner to look up.
    """
    lead = campaign.lead_of(subject)
    if lead is None and campaign.kind_of(subject) in ("activity", "indicator"):
        lead = campaign.lead_of(campaign.owner_of(subject).id)
    if lead is None and series is not None:
        lead = campaign.lead_of(series)
    return lead


def _item(campaign: Campaign, item: ScheduledItem) -> BriefingItem:
    times = (item.start.timetz().replace(tzinfo=None), item.end.timetz().replace(tzinfo=None))
    if isinstance(item, Occurrence):
        return BriefingItem(
            subject=item.subject,
            kind="occurrence",
            day=item.day,
            ref=item.ref,
            unit=item.unit,
            time=times,
            moved_from=item.key.rule_date if item.shifted else None,
            participants=item.participants,
            lead=_lead(campaign, item.subject),
        )
    return BriefingItem(
        subject=item.activity,
        kind="activity",
        day=item.day,
        ref=item.ref,
        unit=item.unit,
        time=times,
        participants=item.participants,
        lead=_lead(campaign, item.activity, item.series),
    )


def _indicators_due(
    campaign: Campaign, schedule: Schedule, first: dt.date, last: dt.date
) -> list[BriefingItem]:
    """Indicators whose due day (their own, else the end of their owner's span, if it has
    one) is in ``first .. last``."""
    out = []
    for owner in campaign.scoped:
        for ind in owner.indicators:
            span = schedule.span_of(owner.id)  # none for an empty span
            due = ind.due if ind.due is not None else span[1] if span else None
            if due is not None and first <= due <= last:
                out.append(
                    BriefingItem(
                        subject=ind.id,
                        kind="indicator",
                        day=due,
                        ref=ind.id,
                        lead=_lead(campaign, ind.id),
                    )
                )
    return out


def _agendas(campaign: Campaign, items: list[BriefingItem]) -> tuple[Agenda, ...]:
    order = {id: n for n, id in enumerate(campaign.ids)}
    parties = sorted(
        {i.lead for i in items},
        key=lambda p: (p is None, order.get(p, 0) if p else 0),
    )
    agendas = []
    for party in parties:
        mine = sorted(
            (i for i in items if i.lead == party),
            key=lambda i: (i.day, i.time or (dt.time.min, dt.time.min), i.kind, i.ref),
        )
        people = campaign.people_of(party) if party else ()
        agendas.append(Agenda(party=party, people=people, items=tuple(mine)))
    return tuple(agendas)
