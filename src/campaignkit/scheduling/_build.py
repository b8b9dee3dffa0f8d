"""``schedule(campaign)``: lay a campaign out in time.

The steps, each in its own module:

1. phases get their dates by the critical-path method (:mod:`.phases`);
2. every mechanism and series gets its **span**: its ``window`` (else the campaign's window),
   met with the days its ``phases`` cover, from the first phase's start to the last phase's
   end (the phases listed need not touch; the span runs through any gap between them);
3. recurring mechanisms are expanded in their spans (:mod:`.recurrence`), once per distinct
   (rule, span, time, duration, policy) and shared by every unit of a cascade;
4. undated activities are placed (:mod:`.placement`);
5. people booked into overlapping items are reported (:mod:`.conflicts`).

Every problem found in steps 3 and 4 is reported together in one
:class:`~campaignkit.SchedulingError`.

>>> import datetime as dt
>>> from campaignkit.model import Campaign, Mechanism, Window
>>> c = Campaign(id="c", name="C", timezone="Asia/Shanghai",
...              window=Window(start=dt.date(2010, 2, 1), end=dt.date(2010, 2, 28)),
...              mechanisms=(Mechanism(id="weekly", name="例会", rule="FREQ=WEEKLY;BYDAY=FR"),))
>>> s = schedule(c)
>>> [o.ref for o in s.occurrences()]
['weekly@2010-02-05', 'weekly@2010-02-12', 'weekly@2010-02-19', 'weekly@2010-02-26']
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import attrs

from campaignkit._errors import Problem, SchedulingError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import (
    DEFAULT_ACTIVITY_MINUTES,
    Activity,
    ActivitySeries,
    Campaign,
    Element,
    Mechanism,
    Scoped,
    Window,
)
from campaignkit.scheduling._conflicts import find_conflicts
from campaignkit.scheduling._phases import time_phases
from campaignkit.scheduling._placement import feasible_days, greedy, place
from campaignkit.scheduling._recurrence import MAX_OCCURRENCES, Expansion, RuleError, expand
from campaignkit.scheduling._schedule import DatedPhase, Schedule, ScheduledActivity, Timeline

DEFAULT_TIME = dt.time(9, 0)
"""When an activity happens when neither it nor its series' placement gives a time."""


def schedule(
    campaign: Campaign,
    calendar: WorkingCalendar | None = None,
    *,
    max_occurrences: int = MAX_OCCURRENCES,
) -> Schedule:
    """Lay *campaign* out in time on *calendar* (by default the one its calendar spec names).

    A pure function: the same campaign and calendar give an equal schedule.

    Args:
        campaign: A valid campaign.
        calendar: The working calendar; ``WorkingCalendar.for_campaign(campaign)`` by default.
        max_occurrences: The most occurrences one mechanism may have in its span (per unit).

    Raises:
        SchedulingError: with every problem found: ``phase-overruns-window``,
            ``too-many-occurrences``, ``sub-daily-rule``, ``rule-start-too-early``,
            ``bad-rule``, ``placement-infeasible``, ``no-working-day``, ``past-last-day``.
    """
    cal = calendar if calendar is not None else WorkingCalendar.for_campaign(campaign)
    builder = _Builder(campaign, cal, max_occurrences)
    try:
        return builder.build()
    except OverflowError:  # date arithmetic at the ends of the calendar not guarded above
        msg = f"the schedule would reach past {dt.date.max} or before {dt.date.min}, the days a date can be"
        raise SchedulingError([Problem("$.window", "past-last-day", msg)]) from None


class _Builder:
    """The state of one ``schedule()`` call: the expansion cache, problems and notes."""

    def __init__(self, campaign: Campaign, calendar: WorkingCalendar, limit: int) -> None:
        self.c = campaign
        self.cal = calendar
        self.limit = limit
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.cache: dict[tuple[object, ...], Expansion | RuleError] = {}

    def build(self) -> Schedule:
        c = self.c
        for note in (
            self.cal.holiday_data_note(c.window.start, c.window.end),
            self.cal.makeup_data_note(c.window.start, c.window.end),
        ):
            if note is not None:
                self.notes.append(f"calendar: {note}")
        phases = time_phases(c, self.cal)
        dated = {p.phase: p for p in phases}
        spans = {item.id: self.span(item, dated) for item in c.scoped}
        timelines = tuple(
            self.timeline(i, m, spans[m.id]) for i, m in enumerate(c.mechanisms) if m.recurring
        )
        activities: list[ScheduledActivity] = []
        for i, series in enumerate(c.series):
            activities += self.activities(i, series, spans[series.id], timelines)
        if self.problems:
            raise SchedulingError(self.problems)
        activities.sort(key=lambda a: (a.start, a.ref))
        people = c.membership
        conflicts = find_conflicts(timelines, activities, lambda p: people.get(p, (p,)))
        return Schedule(
            campaign=c.id,
            timezone=c.timezone,
            window_start=c.window.start,
            window_end=c.window.end,
            phases=phases,
            timelines=timelines,
            activities=tuple(activities),
            conflicts=conflicts,
            notes=tuple(self.notes),
            spans=tuple((id, w.start, w.end) for id, w in spans.items() if w is not None),
            membership=tuple(c.membership.items()),
            names=_names(c),
            emails=tuple((p.id, p.email) for p in c.people if p.email),
            assignments=c.assignments,
            remarks=_remarks(c),
            staff=_staff(c),
        )

    # -- spans -----------------------------------------------------------------------------

    def span(self, item: Scoped, dated: dict[str, DatedPhase]) -> Window | None:
        window = item.window or self.c.window
        if item.phases:
            covered = Window(
                start=min(dated[p].start for p in item.phases),
                end=max(dated[p].end for p in item.phases),
            )
            met = window.intersect(covered)
            if met is None:
                self.notes.append(
                    f"{item.id!r}: its window {window.start} .. {window.end} and its phases ({covered.start} .. {covered.end}) do not meet, so it has no span"
                )
            return met
        return window

    # -- mechanisms ------------------------------------------------------------------------

    def timeline(self, index: int, m: Mechanism, span: Window | None) -> Timeline:
        assert m.rule is not None
        units = self.units(m)
        if span is None:
            return Timeline(mechanism=m.id, units=units, slots=(), participants=m.participants)
        key = (m.rule, span.start, span.end, m.time, m.duration_minutes, m.on_non_working_day)
        if key not in self.cache:
            try:
                self.cache[key] = expand(
                    m.rule,
                    span.start,
                    span.end,
                    time=m.time,
                    duration_minutes=m.duration_minutes,
                    policy=m.on_non_working_day,
                    calendar=self.cal,
                    timezone=self.c.timezone,
                    limit=self.limit,
                )
            except RuleError as trouble:
                self.cache[key] = trouble
        found = self.cache[key]
        if isinstance(found, RuleError):
            field = "duration_minutes" if found.code == "past-last-day" else "rule"
            path = f"$.mechanisms[{index}].{field}"
            self.problems.append(Problem(path, found.code, f"mechanism {m.id!r}: {found}"))
            return Timeline(mechanism=m.id, units=units, slots=(), participants=m.participants)
        self.notes += (f"mechanism {m.id!r}: {note}" for note in found.notes)
        return Timeline(
            mechanism=m.id,
            units=units,
            slots=found.slots,
            participants=m.participants,
            rule=found.text,
        )

    def units(self, item: Scoped) -> tuple[str | None, ...]:
        if item.cascade is None:
            return (None,)
        return self.c.cascade_units(item.cascade)

    # -- series ----------------------------------------------------------------------------

    def activities(
        self,
        index: int,
        series: ActivitySeries,
        span: Window | None,
        timelines: tuple[Timeline, ...],
    ) -> list[ScheduledActivity]:
        tz = zoneinfo.ZoneInfo(self.c.timezone)
        dated = [a for a in series.activities if a.date is not None]
        planned = [_Planned.of(a, a.date, placed=False) for a in dated if a.date is not None]
        for a in dated:
            if span is not None and a.date not in span:
                self.notes.append(
                    f"series {series.id!r}: activity {a.id!r} on {a.date} lies outside the series' span {span.start} .. {span.end}"
                )
        to_place = _to_place(series)
        if to_place:
            fixed = [p.day for p in planned]
            days = self.placement_days(index, series, span, fixed, len(to_place), timelines)
            planned += (attrs.evolve(p, day=day) for p, day in zip(to_place, days, strict=True))
        made: list[ScheduledActivity] = []
        for unit in self.units(series):
            for p in planned:
                start = dt.datetime.combine(p.day, p.time or DEFAULT_TIME, tzinfo=tz)
                if start.replace(tzinfo=None) > dt.datetime.max - dt.timedelta(minutes=p.minutes):
                    msg = f"series {series.id!r}: activity {p.id!r} on {p.day} would end after {dt.date.max}, the last day a date can be"
                    self.problems.append(Problem(f"$.series[{index}]", "past-last-day", msg))
                    break
                made.append(
                    ScheduledActivity(
                        activity=p.id,
                        series=series.id,
                        unit=unit,
                        start=start,
                        end=start + dt.timedelta(minutes=p.minutes),
                        placed=p.placed,
                        participants=p.participants or series.participants,
                        venue=p.venue,
                    )
                )
        return made

    def placement_days(
        self,
        index: int,
        series: ActivitySeries,
        span: Window | None,
        fixed: list[dt.date],
        needed: int,
        timelines: tuple[Timeline, ...],
    ) -> list[dt.date]:
        plan = series.placement
        gap = max(plan.min_gap_days, 1)
        busy: set[dt.date] = set()
        if plan.avoid_conflicts:
            busy = self.lead_commitments(series, timelines)
        days: list[dt.date] = []
        if span is not None:
            days = feasible_days(
                span.start,
                span.end,
                self.cal,
                weekdays={d.number for d in plan.weekdays},
                busy=busy,
                fixed=fixed,
                gap=gap,
            )
        picked = place(days, needed, gap=gap, strategy=plan.strategy)
        if picked is None:
            where = f"{span.start} .. {span.end}" if span else "an empty span"
            msg = (
                f"series {series.id!r}: cannot place {needed} activities at least {gap} day(s) apart in {where}: "
                f"{len(days)} feasible day(s) found, room for {len(greedy(days, len(days), gap))}"
            )
            self.problems.append(
                Problem(f"$.series[{index}].placement", "placement-infeasible", msg)
            )
            return [self.c.window.start] * needed
        return picked

    def lead_commitments(
        self, series: ActivitySeries, timelines: tuple[Timeline, ...]
    ) -> set[dt.date]:
        lead = self.c.lead_of(series.id)
        if lead is None:
            self.notes.append(
                f"series {series.id!r}: avoid_conflicts is set but the series has no lead, so no day is avoided"
            )
            return set()
        people = self.c.membership
        mine = set(people.get(lead, (lead,)))

        def involved(participants: Iterable[str]) -> bool:
            return any(mine & set(people.get(p, (p,))) for p in participants)

        busy: set[dt.date] = set()
        for t in timelines:
            if t.units and involved(t.participants):
                busy.update(s.start.date() for s in t.slots)
        for other in self.c.series:
            if other.id == series.id:
                continue
            for a in other.activities:
                if a.date is not None and involved(a.participants or other.participants):
                    busy.add(a.date)
        return busy


@attrs.frozen
class _Planned:
    """An activity of a series on its way to a day (``day`` is a placeholder until placed)."""

    id: str
    day: dt.date
    time: dt.time | None
    minutes: int
    participants: tuple[str, ...]
    venue: str | None
    placed: bool

    @classmethod
    def of(
        cls,
        a: Activity,
        day: dt.date,
        *,
        placed: bool,
        time: dt.time | None = None,
        minutes: int = DEFAULT_ACTIVITY_MINUTES,
    ) -> _Planned:
        return cls(
            id=a.id,
            day=day,
            time=a.time or time,
            minutes=a.duration_minutes or minutes,
            participants=a.participants,
            venue=a.venue,
            placed=placed,
        )


def _to_place(series: ActivitySeries) -> list[_Planned]:
    """The series' undated activities, then ``<series>#1 .. #count``, in the order they get days."""
    plan = series.placement
    nowhere = dt.date.min
    out = [
        _Planned.of(a, nowhere, placed=True, time=plan.time, minutes=plan.duration_minutes)
        for a in series.activities
        if a.date is None
    ]
    out += (
        _Planned(
            id=f"{series.id}#{k}",
            day=nowhere,
            time=plan.time,
            minutes=plan.duration_minutes,
            participants=(),
            venue=None,
            placed=True,
        )
        for k in range(1, plan.count + 1)
    )
    return out


def _staff(c: Campaign) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each unit, the people holding a post in it itself."""
    staff: dict[str, list[str]] = {u.id: [] for u in c.units}
    for person in c.people:
        for post in person.posts:
            if post.unit in staff and person.id not in staff[post.unit]:
                staff[post.unit].append(person.id)
    return tuple((unit, tuple(people)) for unit, people in staff.items())


def _remarks(c: Campaign) -> tuple[tuple[str, str], ...]:
    """(id, note) of the mechanisms, series and activities that carry a note."""
    elements: list[Element] = [*c.mechanisms]
    for series in c.series:
        elements += (series, *series.activities)
    return tuple((e.id, e.note) for e in elements if e.note)


def _names(c: Campaign) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = [(c.id, c.name)]
    for element in (*c.people, *c.units, *c.groups, *c.phases, *c.mechanisms):
        out.append((element.id, element.name))
    for group in c.groups:
        out += ((b.id, b.name) for b in group.bodies)
    for series in c.series:
        out.append((series.id, series.name))
        out += ((a.id, a.name) for a in series.activities)
        out += (
            (f"{series.id}#{k}", f"{series.name} #{k}")
            for k in range(1, series.placement.count + 1)
        )
    return tuple(out)
