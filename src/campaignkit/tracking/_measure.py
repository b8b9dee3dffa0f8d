"""Measuring one as-of day: indicators, scheduled parts, series, mechanisms, units.

An indicator's **actual** aggregates its readings dated on or before the as-of day:

=========== ==================================================== ==================
aggregate   actual                                               readings taken
=========== ==================================================== ==================
``sum``     baseline + the sum of the values                     increments
``count``   baseline + the number of readings                    either mode
``max``     the largest value (the baseline while there is none) cumulative
``last``    the value of the latest reading, by day, then by     cumulative
            record id (the baseline while there is none)
=========== ==================================================== ==================

Its **completion** is ``(actual − baseline) / (target − baseline)`` clamped to [0, 1]; the
unclamped ``ratio`` is kept. The same formula serves an indicator that decreases: target and
baseline change places in sign, so falling towards the target raises the completion. Its
**planned** fraction follows its trajectory (:mod:`campaignkit.tracking._plan`).

A **cascaded** indicator is measured in each unit against the unit's target; its completion,
ratio and planned fraction are the means over the units, and its baseline, actual, target and
planned value combine the units' as its ``across`` says (:func:`_across`): ``sum`` adds them
(and counts the baseline once per unit), ``mean`` averages them, ``max`` takes the largest.

A scheduled part (the activities of a series, the occurrences of a recurring mechanism)
counts its items: ``completion = (held + ahead) / total`` (an item held early counts) and
``planned = due / total``, so that its SPI is the adherence ``held / due`` while nothing was
held early.

A series or mechanism is the weighted mean of its indicators and its scheduled part; phases
and the campaign roll those up (:mod:`campaignkit.tracking._rollup`).

**A share in a phase.** A series or mechanism that lists no phase counts, in each phase its
span overlaps, with what falls inside the phase's dates ``first .. last``, by the same
weights; so does one that lists several phases, in each of them:

- its scheduled part counts only the items whose day lies in ``first .. last``, with the same
  formulas (``completion = (held + ahead) / total``, ``planned = due / total``);
- an indicator whose trajectory plans the fraction ``f(day)`` counts the segment
  ``a = f(first − 1)`` to ``b = f(last)``: ``planned = (f(min(as_of, last)) − a) / (b − a)``
  and ``completion = (c − a) / (b − a)`` for its completion ``c``, both clamped to [0, 1]. An
  indicator that plans nothing inside the phase (``b ≤ a``) takes no part in it.

**Outside the phases.** The same counts over the days of such a series or mechanism that lie
in no dated phase (several ranges: summed over them) make its *remainder*, with its
``extent``: the fraction of its work there (items outside / all its items; the trajectory's
width outside / its whole width), which weighs the campaign's part outside the phases.

**A phase the schedule does not date.** One that lists several phases, one of them undated
(a schedule built by hand, or before the phase was added), counts in the undated phase what
lies between its dated ones: those days cannot be told apart from the undated phase's, so
they are its share there and it has no remainder; each day counts once, inside the phases
or outside them (:func:`counted_days`). One none of whose phases is dated counts in each
with its own figures.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, cast

from campaignkit._errors import Problem, Severity, reading_order
from campaignkit.model import (
    AcrossUnits,
    ActivitySeries,
    Aggregation,
    Campaign,
    Indicator,
    Mechanism,
    Scoped,
)
from campaignkit.scheduling import Schedule
from campaignkit.tracking._attendance import AttendanceCounter
from campaignkit.tracking._plan import WorkingDays, planned_fraction
from campaignkit.tracking._resolve import Resolver, Target, item_path, item_ref, record_path
from campaignkit.tracking._rollup import (
    AtEnd,
    Remainder,
    Share,
    UnitFigures,
    measure,
    phase_members,
    rank_units,
    roll_up_phases,
    weighted_mean,
)
from campaignkit.tracking._state import ReadingCell, Snapshot, value_of
from campaignkit.tracking._status import Status, Thresholds
from campaignkit.tracking._tree import (
    IndicatorProgress,
    MechanismProgress,
    Progress,
    RecordCounts,
    SeriesProgress,
    Tally,
    UnitIndicatorProgress,
    UnitProgress,
)
from campaignkit.tracking._weights import ACTIVITIES, OCCURRENCES, Weights

_Part = tuple[float | None, float | None, float]
_Days = tuple[tuple[dt.date, dt.date], ...]
"""Disjoint ranges of days ``first .. last``, in order."""
_DAY = dt.timedelta(days=1)


class Measurer:
    """Builds the tree of an as-of day; holds what every day of one calculation shares."""

    def __init__(
        self,
        campaign: Campaign,
        schedule: Schedule,
        resolver: Resolver,
        weights: Weights,
        thresholds: Thresholds,
        calendar: WorkingDays,
    ) -> None:
        self.campaign, self.schedule, self.resolver = campaign, schedule, resolver
        self.weights, self.thresholds, self.calendar = weights, thresholds, calendar
        self.activities: dict[str, list[tuple[str, str | None, dt.date]]] = {}
        for a in schedule.activities:
            self.activities.setdefault(a.series, []).append((a.activity, a.unit, a.day))
        self.unit_order = {u.id: i for i, u in enumerate(campaign.units)}
        self.members = phase_members(campaign, schedule)
        self.phases_of: dict[str, list[str]] = {}
        for phase, ids in self.members.items():
            for id in ids:
                self.phases_of.setdefault(id, []).append(phase)
        self.attendance = AttendanceCounter(campaign, schedule, resolver)
        self.phase_days = {p.phase: (p.start, p.end) for p in schedule.phases}
        self.scoped = {item.id: item for item in campaign.scoped}
        self.counted: dict[str, Counted] = {}  # where each member's days count
        for id, phases in self.phases_of.items():
            item = self.scoped[id]
            self.counted[id] = counted_days(self.span(item), item.phases, phases, self.phase_days)
        self.indicator_of = {i.id: (item, i) for item in campaign.scoped for i in item.indicators}
        self.last_ids = {
            i for i, (_, ind) in self.indicator_of.items() if ind.aggregate is Aggregation.LAST
        }
        self._held: _HeldIndex | None = None  # the index of the snapshot last measured
        self.segments: dict[tuple[str, dt.date, dt.date], tuple[float, float]] = {}

    def span(self, item: Scoped) -> tuple[dt.date, dt.date]:
        window = self.campaign.window
        return self.schedule.span_of(item.id) or (window.start, window.end)

    # -- the root --------------------------------------------------------------------------

    def progress(
        self,
        snap: Snapshot,
        as_of: dt.date,
        record_problems: list[Problem],
        counts: RecordCounts,
        at_end: AtEnd | None = None,
    ) -> Progress:
        """The tree as of *as_of*; *at_end* holds the gate conditions' completions on the
        last days of the phases ended by then (see :meth:`gates_at_end`)."""
        held = self._held
        if held is None or held.snap is not snap:
            held = self._held = _HeldIndex(snap)
        else:  # the sweep's snapshot, grown by the buckets up to this day
            held.update()
        problems = list(record_problems)
        series = {s.id: self.series(s, snap, held, as_of) for s in self.campaign.series}
        mechanisms = {
            m.id: self.mechanism(m, snap, held, as_of, problems) for m in self.campaign.mechanisms
        }
        problems += held.both(as_of)
        problems += self.disagreements(snap)
        phases, (completion, planned, spi, status) = roll_up_phases(
            self.campaign,
            self.schedule,
            series,
            mechanisms,
            self.weights,
            self.thresholds,
            as_of=as_of,
            shares=self.shares(held, as_of, {**series, **mechanisms}),
            outside=self.outside(held, as_of, {**series, **mechanisms}),
            at_end=at_end,
        )
        return Progress(
            campaign=self.campaign.id,
            as_of=as_of,
            completion=completion,
            planned=planned,
            spi=spi,
            status=status,
            thresholds=self.thresholds,
            phases=phases,
            series=tuple(series.values()),
            mechanisms=tuple(mechanisms.values()),
            units=self.units(list(series.values()) + list(mechanisms.values())),
            problems=tuple(sorted(set(problems), key=reading_order)),
            counts=counts,
        )

    def disagreements(self, snap: Snapshot) -> list[Problem]:
        """Warnings for ``last`` indicators whose readings of the latest day disagree: the
        actual is the value of the greatest id, which says nothing of which came later."""
        out: list[Problem] = []
        if not self.last_ids:
            return out
        for (indicator, unit), cell in snap.readings.items():
            if indicator not in self.last_ids or not cell.split:
                continue
            of = f"{indicator!r}" + (f" in {unit!r}" if unit is not None else "")
            msg = (
                f"the readings of {of} dated {cell.last_day}, the latest day, disagree: from"
                f" {_figure(cell.last_low)} to {_figure(cell.last_high)}; the actual is"
                f" {_figure(cell.last_value)}, that of the greatest record id, {cell.last_id!r}"
            )
            path = record_path(cell.last_id, "value")
            out.append(Problem(path, "last-readings-disagree", msg, Severity.WARNING))
        return out

    def units(self, nodes: list[SeriesProgress | MechanismProgress]) -> tuple[UnitProgress, ...]:
        parts: dict[str, list[_Part]] = {}
        readings: dict[str, int] = {}
        tallies: dict[str, Tally] = {}  # the unit's scheduled items of every cascade
        for node in nodes:
            for u in node.units:
                parts.setdefault(u.unit, []).append(
                    (u.completion, u.planned, self.weights(node.id))
                )
                if u.readings is not None:
                    readings[u.unit] = readings.get(u.unit, 0) + u.readings
                if u.tally is not None:
                    tallies[u.unit] = tallies.get(u.unit, Tally()) + u.tally
        out = []
        for unit, unit_parts in parts.items():
            completion, planned, spi, status = measure(unit_parts, self.thresholds)
            figures = (completion, planned, spi, status, tallies.get(unit), readings.get(unit))
            out.append(UnitFigures(unit, *figures))
        return rank_units(out, self.unit_order)

    def gates_at_end(
        self, snap: Snapshot, day: dt.date, phases: Iterable[str]
    ) -> dict[tuple[str, str], float | None]:
        """The completion of each gate condition's indicator of *phases*, which end on
        *day*, as recorded by then (*snap* is the snapshot as of *day*)."""
        gated = {p.id: p.gate for p in self.campaign.phases}
        out: dict[tuple[str, str], float | None] = {}
        for phase in phases:
            for condition in gated[phase]:
                item, ind = self.indicator_of[condition.indicator]
                node = self.indicator(item, ind, snap, day, self.units_of(item))
                out[(phase, condition.indicator)] = node.completion
        return out

    def units_of(self, item: Scoped) -> tuple[str, ...] | None:
        """The units a series or mechanism is cascaded to (``None`` without a cascade)."""
        if isinstance(item, Mechanism):
            info = self.resolver.mechanisms[item.id]
            if info.units == (None,):
                return None
            return tuple(u for u in info.units if u is not None)
        return self.campaign.cascade_units(item.cascade) if item.cascade is not None else None

    # -- series and mechanisms -------------------------------------------------------------

    def series(
        self, s: ActivitySeries, snap: Snapshot, held: _HeldIndex, as_of: dt.date
    ) -> SeriesProgress:
        units = self.units_of(s)
        items = self.activities.get(s.id, [])
        per_unit: dict[str | None, Tally] = {}
        for activity, unit, day in items:
            tally = per_unit.get(unit, Tally())
            item = Target("activity", activity, unit)
            per_unit[unit] = tally + _count(item in held.held, item in held.cancelled, day, as_of)
        total = sum(per_unit.values(), Tally())
        node = self._scoped(s, snap, as_of, units, total, per_unit, f"{s.id}/{ACTIVITIES}")
        start, end = self.span(s)
        return SeriesProgress(
            id=s.id,
            name=s.name,
            weight=self.weights(s.id),
            start=start,
            end=end,
            completion=node.completion,
            planned=node.planned,
            spi=node.spi,
            status=node.status,
            indicators=node.indicators,
            activities=total,
            units=node.units,
            phases=tuple(self.phases_of.get(s.id, ())),
            scheduled_weight=self.weights(f"{s.id}/{ACTIVITIES}"),
        )

    def mechanism(
        self,
        m: Mechanism,
        snap: Snapshot,
        held: _HeldIndex,
        as_of: dt.date,
        problems: list[Problem],
    ) -> MechanismProgress:
        units = self.units_of(m)
        per_unit: dict[str | None, Tally] = {}
        total: Tally | None = None
        if m.recurring:
            per_unit = self._occurrences(m, held, as_of, None)
            total = sum(per_unit.values(), Tally())
        node = self._scoped(m, snap, as_of, units, total, per_unit, f"{m.id}/{OCCURRENCES}")
        start, end = self.span(m)
        attendance = self.attendance.count(m, snap, problems) if m.attendance else None
        return MechanismProgress(
            id=m.id,
            name=m.name,
            weight=self.weights(m.id),
            recurring=m.recurring,
            start=start,
            end=end,
            completion=node.completion,
            planned=node.planned,
            spi=node.spi,
            status=node.status,
            occurrences=total,
            indicators=node.indicators,
            sessions=held.sessions.get(m.id, 0),
            attendance=attendance,
            units=node.units,
            phases=tuple(self.phases_of.get(m.id, ())),
            upcoming=self._upcoming(m, held, as_of) if m.recurring else None,
            scheduled_weight=self.weights(f"{m.id}/{OCCURRENCES}"),
        )

    def _upcoming(self, m: Mechanism, held: _HeldIndex, as_of: dt.date) -> dt.date | None:
        """The day of the first occurrence of *m* after *as_of* that some unit has neither
        held (early) nor called off."""
        units = self.resolver.mechanisms[m.id].units
        done, off = held.occurrences, held.cancelled_occurrences
        for slot in self.schedule.timeline_of(m.id).slots_between(as_of + _DAY, dt.date.max):
            rule = slot.rule_date
            if any(
                rule not in done.get((m.id, unit), ()) and rule not in off.get((m.id, unit), ())
                for unit in units
            ):
                return slot.start.date()
        return None

    def _occurrences(
        self, m: Mechanism, held: _HeldIndex, as_of: dt.date, days: tuple[dt.date, dt.date] | None
    ) -> dict[str | None, Tally]:
        """Each unit's tally of the occurrences of *m*, or of those whose day lies in *days*."""
        info = self.resolver.mechanisms[m.id]
        timeline = self.schedule.timeline_of(m.id)  # a standing rule's has no slots
        if days is None:
            total, due = len(timeline.slots), timeline.due_count(as_of)
        else:
            before = timeline.due_count(days[0] - _DAY)
            total = timeline.due_count(days[1]) - before
            due = max(0, timeline.due_count(min(as_of, days[1])) - before)

        def inside(day: dt.date) -> bool:
            return days is None or days[0] <= day <= days[1]

        per_unit: dict[str | None, Tally] = {}
        for unit in info.units:  # counted in ints: this runs for every unit on every day
            on_time = early = called_off = in_advance = 0
            done = held.occurrences.get((m.id, unit), set())
            for rule_date in done:
                day = info.by_rule[rule_date]
                if inside(day):
                    if day <= as_of:
                        on_time += 1
                    else:
                        early += 1
            for rule_date in held.cancelled_occurrences.get((m.id, unit), ()):
                day = info.by_rule[rule_date]
                if rule_date not in done and inside(day):
                    if day <= as_of:
                        called_off += 1
                    else:
                        in_advance += 1
            per_unit[unit] = Tally(
                total=total, due=due, held=on_time, ahead=early, cancelled=called_off,
                cancelled_ahead=in_advance,
            )  # fmt: skip
        return per_unit

    # -- shares in phases ------------------------------------------------------------------

    def shares(
        self,
        held: _HeldIndex,
        as_of: dt.date,
        nodes: Mapping[str, SeriesProgress | MechanismProgress],
    ) -> dict[str, dict[str, Share]]:
        """For each phase, the share of every member that counts in it by its share, over
        the days it counts there (:func:`counted_days`): one that lists no phase or several
        (one that lists one phase alone, or several none of which the schedule dates, counts
        with its own figures)."""
        out: dict[str, dict[str, Share]] = {}
        for phase, ids in self.members.items():
            out[phase] = {
                id: self.share(self.scoped[id], nodes[id], days, held, as_of)
                for id in ids
                if (days := self.counted[id].phases.get(phase)) is not None
            }
        return out

    def outside(
        self,
        held: _HeldIndex,
        as_of: dt.date,
        nodes: Mapping[str, SeriesProgress | MechanismProgress],
    ) -> dict[str, Remainder]:
        """The remainder *outside the phases* of every series or mechanism that has days
        there (:func:`counted_days`): outside every dated phase for one that lists no phase,
        outside those it lists (between them: its span runs through the gaps) for one that
        lists several, all of them dated."""
        out: dict[str, Remainder] = {}
        for id, counted in self.counted.items():
            if counted.outside:
                item = self.scoped[id]
                parts = self._share_parts(item, nodes[id], counted.outside, held, as_of)
                completion, planned, _, _ = measure(
                    ((c, p, w) for c, p, w, _ in parts), self.thresholds
                )
                measured = [(x, w) for _, _, w, x in parts if x is not None]
                extent = weighted_mean(measured) or 0.0
                out[id] = (completion, planned, extent)
        return out

    def share(
        self,
        item: Scoped,
        node: SeriesProgress | MechanismProgress,
        days: tuple[tuple[dt.date, dt.date], ...],
        held: _HeldIndex,
        as_of: dt.date,
    ) -> Share:
        """``(completion, planned)`` of *item* counting only what lies inside *days* (disjoint
        ranges ``first .. last``, in order)."""
        parts = self._share_parts(item, node, days, held, as_of)
        completion, planned, _, _ = measure(((c, p, w) for c, p, w, _ in parts), self.thresholds)
        return completion, planned

    def _share_parts(
        self,
        item: Scoped,
        node: SeriesProgress | MechanismProgress,
        days: tuple[tuple[dt.date, dt.date], ...],
        held: _HeldIndex,
        as_of: dt.date,
    ) -> list[tuple[float | None, float | None, float, float | None]]:
        """Each part's ``(completion, planned, weight, extent)`` inside *days*: ``extent`` is
        the fraction of the part's work that lies there (``None`` for a part that measures
        nothing at all)."""
        parts: list[tuple[float | None, float | None, float, float | None]] = []
        for ind, i in zip(item.indicators, node.indicators, strict=True):
            c, p, extent = self._indicator_share(item, ind, i, days, as_of)
            parts.append((c, p, i.weight, extent))
        tally: Tally | None = None
        whole = 0
        if isinstance(item, ActivitySeries):
            tally = Tally()
            for activity, unit, day in self.activities.get(item.id, []):
                if any(first <= day <= last for first, last in days):
                    a = Target("activity", activity, unit)
                    tally += _count(a in held.held, a in held.cancelled, day, as_of)
            whole = len(self.activities.get(item.id, []))
            part = f"{item.id}/{ACTIVITIES}"
        elif isinstance(item, Mechanism) and item.recurring:
            tally = Tally()
            for d in days:
                tally += sum(self._occurrences(item, held, as_of, d).values(), Tally())
            whole = len(self.schedule.timeline_of(item.id).slots)
            whole *= len(self.resolver.mechanisms[item.id].units)
            part = f"{item.id}/{OCCURRENCES}"
        if tally is not None:
            extent = tally.total / whole if whole else None
            parts.append((*_tally_part(tally), self.weights(part), extent))
        return parts

    def _indicator_share(
        self,
        item: Scoped,
        ind: Indicator,
        node: IndicatorProgress,
        days: tuple[tuple[dt.date, dt.date], ...],
        as_of: dt.date,
    ) -> tuple[float | None, float | None, float | None]:
        """The indicator's ``(completion, planned, extent)`` over *days*: on each range
        ``first .. last`` the segment ``a = f(first − 1)`` to ``b = f(last)``, summed over the
        ranges where ``b > a``; ``extent`` is the fraction of the whole trajectory they hold."""
        start, end = self.span(item)
        due = ind.due or end

        def plan(day: dt.date) -> float:
            return planned_fraction(ind, start, due, day, self.calendar)

        if node.completion is None:
            return None, None, None
        width = done = planned = 0.0
        for first, last in days:
            segment = self.segments.get((ind.id, first, last))
            if segment is None:  # the same for every as-of day
                segment = self.segments[ind.id, first, last] = (plan(first - _DAY), plan(last))
            before, through = segment
            w = through - before
            if w <= 0:
                continue
            width += w
            done += min(w, max(0.0, node.completion - before))
            if as_of >= last:
                planned += w
            elif as_of >= first:
                planned += min(w, max(0.0, plan(as_of) - before))
        whole = plan(max(end, due)) - plan(start - _DAY)
        extent = min(1.0, width / whole) if whole > 0 else None
        if width <= 0:
            return None, None, extent
        return min(1.0, done / width), min(1.0, planned / width), extent

    def _scoped(
        self,
        item: Scoped,
        snap: Snapshot,
        as_of: dt.date,
        units: tuple[str, ...] | None,
        total: Tally | None,
        per_unit: Mapping[str | None, Tally],
        part: str,
    ) -> _Node:
        """Indicators, the scheduled part, and (for a cascade) each unit's roll-up."""
        indicators = tuple(self.indicator(item, ind, snap, as_of, units) for ind in item.indicators)
        parts: list[_Part] = [(i.completion, i.planned, i.weight) for i in indicators]
        if total is not None:
            parts.append((*_tally_part(total), self.weights(part)))
        completion, planned, spi, status = measure(parts, self.thresholds)
        ranked: tuple[UnitProgress, ...] = ()
        if units is not None:
            unit_nodes = []
            for n, unit in enumerate(units):
                unit_parts: list[_Part] = [
                    (i.units[n].completion, i.units[n].planned, i.weight) for i in indicators
                ]
                tally = per_unit.get(unit) if total is not None else None
                if tally is not None:
                    unit_parts.append((*_tally_part(tally), self.weights(part)))
                c, p, sp, st = measure(unit_parts, self.thresholds)
                read = sum(i.units[n].readings for i in indicators) if indicators else None
                unit_nodes.append(UnitFigures(unit, c, p, sp, st, tally, read))
            ranked = rank_units(unit_nodes, self.unit_order)
        return _Node(completion, planned, spi, status, indicators, ranked)

    # -- indicators ------------------------------------------------------------------------

    def indicator(
        self,
        item: Scoped,
        ind: Indicator,
        snap: Snapshot,
        as_of: dt.date,
        units: tuple[str, ...] | None,
    ) -> IndicatorProgress:
        start, end = self.span(item)
        due = ind.due or end
        fraction = planned_fraction(ind, start, due, as_of, self.calendar)
        if units is None:
            (one,) = self._unit_parts(ind, (None,), snap, fraction)
            figures = _Figures(
                float(ind.baseline), one.node.actual, ind.target, one.node.planned_value
            )
            return self._indicator_node(ind, due, one, (), figures)
        parts = self._unit_parts(ind, units, snap, fraction)
        return self._indicator_node(ind, due, None, parts, _across(ind, [p.node for p in parts]))

    def _unit_parts(
        self, ind: Indicator, units: tuple[str | None, ...], snap: Snapshot, fraction: float
    ) -> tuple[_Reading, ...]:
        """The figures of *ind* for each of *units* (``None``: the indicator's own, not
        cascaded), in one loop: it runs once a unit and indicator, so what the units share
        is looked up once."""
        b = float(ind.baseline)
        planned = min(1.0, max(0.0, fraction))
        status, cells = self.thresholds.status, snap.readings
        # (None, the indicator's own figures, is no unit and has no unit target)
        targets = cast("Mapping[str | None, float]", ind.unit_targets)
        id, default, aggregate = ind.id, ind.target, ind.aggregate
        out = []
        for unit in units:
            target = float(targets.get(unit, default))
            cell = cells.get((id, unit))
            disagree = False
            if cell is None:
                actual, n, assumed, last = b, 0, 0, None
            else:
                actual, n, assumed, last = _actual_of(aggregate, b, cell)
                disagree = aggregate is Aggregation.LAST and cell.split
            ratio = 1.0 if target == b else (actual - b) / (target - b)  # 1.0: nothing asked
            completion = min(1.0, max(0.0, ratio))
            node = UnitIndicatorProgress(
                unit=unit or "", target=target, actual=actual, readings=n, ratio=ratio,
                completion=completion, planned_value=b + fraction * (target - b),
                planned=planned, spi=completion / planned if planned > 0 else None,
                status=status(completion, planned),
            )  # fmt: skip
            out.append(_Reading(node, assumed, last, disagree))
        return tuple(out)

    def _indicator_node(
        self,
        ind: Indicator,
        due: dt.date,
        one: _Reading | None,
        parts: tuple[_Reading, ...],
        figures: _Figures,
    ) -> IndicatorProgress:
        every = (one,) if one is not None else parts
        ratio: float | None
        c: float | None
        pl: float | None
        st: Status | None
        nodes = tuple(p.node for p in parts)
        if one is not None:
            o = one.node
            ratio, c, pl, spi, st = o.ratio, o.completion, o.planned, o.spi, o.status
        else:
            ratio = sum(n.ratio for n in nodes) / len(nodes) if nodes else None
            c, pl, spi, st = measure(
                ((n.completion, n.planned, 1.0) for n in nodes), self.thresholds
            )
        lasts = [p.last for p in every if p.last is not None]
        return IndicatorProgress(
            id=ind.id,
            name=ind.name,
            measure=ind.unit,
            aggregate=ind.aggregate,
            direction=ind.direction,
            across=ind.across_units if one is None else None,
            baseline=figures.baseline,
            target=figures.target,
            due=due,
            actual=figures.actual,
            ratio=ratio,
            completion=c,
            planned_value=figures.planned_value,
            planned=pl,
            spi=spi,
            status=st,
            weight=self.weights(ind.id),
            readings=sum(p.node.readings for p in every),
            assumed=sum(p.assumed for p in every),
            last_date=max(lasts) if lasts else None,
            disagreeing=sum(p.disagree for p in every),
            units=nodes,
        )


class _Reading(NamedTuple):
    """One indicator's figures for one unit (or for the campaign): its node, and what the
    indicator's own node sums from it."""

    node: UnitIndicatorProgress
    assumed: int
    last: dt.date | None
    disagree: bool


class _Figures(NamedTuple):
    """An indicator's campaign-level figures."""

    baseline: float
    actual: float
    target: float
    planned_value: float


def _across(ind: Indicator, parts: Sequence[UnitIndicatorProgress]) -> _Figures:
    """The campaign's figures of a cascaded indicator from its units' *parts*, combined as
    its :attr:`~campaignkit.model.Indicator.across_units` says.

    ``sum``: the units' figures added up, and the baseline once per unit; ``mean``: their
    means (kept between the smallest and the largest of them against rounding), and the
    indicator's own baseline; ``max``: the largest, and the indicator's own baseline. A
    cascade that reaches no unit keeps the indicator's baseline and target.
    """
    b = float(ind.baseline)
    if not parts:
        return _Figures(b, b, float(ind.target), b)
    across = ind.across_units
    combine = _COMBINE[across]
    return _Figures(
        baseline=b * len(parts) if across is AcrossUnits.SUM else b,
        actual=combine([p.actual for p in parts]),
        target=combine([p.target for p in parts]),
        planned_value=combine([p.planned_value for p in parts]),
    )


def _mean(values: Sequence[float]) -> float:
    """The mean of *values*, correctly rounded sum over count, kept in their range."""
    return min(max(math.fsum(values) / len(values), min(values)), max(values))


_COMBINE: dict[AcrossUnits, Callable[[Sequence[float]], float]] = {
    AcrossUnits.SUM: math.fsum,
    AcrossUnits.MEAN: _mean,
    AcrossUnits.MAX: max,
}
"""How the units' figures combine, by :class:`~campaignkit.model.AcrossUnits`."""


class _Node:
    """What ``_scoped`` works out for a series or a mechanism."""

    def __init__(
        self,
        completion: float | None,
        planned: float | None,
        spi: float | None,
        status: Status | None,
        indicators: tuple[IndicatorProgress, ...],
        units: tuple[UnitProgress, ...],
    ) -> None:
        self.completion, self.planned, self.spi, self.status = completion, planned, spi, status
        self.indicators, self.units = indicators, units


class _HeldIndex:
    """The held and cancelled items of a snapshot, grouped by what they belong to.

    A snapshot of a sweep (:meth:`State.sweep <._state.State.sweep>`) only grows from one
    day to the next: :meth:`update` indexes what it gained since, rather than everything
    again (items are only ever added, and a dict keeps the order they came in).
    """

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.held = snap.held
        self.cancelled = snap.cancelled
        self.occurrences: dict[tuple[str, str | None], set[dt.date]] = {}
        self.cancelled_occurrences: dict[tuple[str, str | None], set[dt.date]] = {}
        self.sessions: dict[str, int] = {}
        self._held_seen = 0  # how many of snap.held (in insertion order) are indexed
        self._cancelled_seen: set[Target] = set()
        self.update()

    def update(self) -> None:
        """Index the items the snapshot gained since the last call."""
        snap = self.snap
        if len(snap.held) > self._held_seen:
            occurrences, sessions = self.occurrences, self.sessions
            for item in itertools.islice(snap.held, self._held_seen, None):
                if item.kind == "occurrence":
                    occurrences.setdefault((item.owner, item.unit), set()).add(item.rule_date)
                elif item.kind == "session":
                    sessions[item.owner] = sessions.get(item.owner, 0) + 1
            self._held_seen = len(snap.held)
        if len(snap.cancelled) > len(self._cancelled_seen):
            for item in snap.cancelled - self._cancelled_seen:
                if item.kind == "occurrence":
                    key = (item.owner, item.unit)
                    self.cancelled_occurrences.setdefault(key, set()).add(item.rule_date)
            self._cancelled_seen = set(snap.cancelled)

    def both(self, as_of: dt.date) -> list[Problem]:
        """Warnings for items recorded both as held and as cancelled."""
        out = []
        for item in sorted(self.cancelled & self.held.keys(), key=repr):
            msg = f"{item_ref(item)} is recorded both as held and as cancelled by {as_of}; it counts as held"
            out.append(Problem(item_path(item), "held-and-cancelled", msg, Severity.WARNING))
        return out


def _count(
    held: bool, cancelled: bool, day: dt.date, as_of: dt.date, *, counted: bool = True
) -> Tally:
    """One scheduled item's contribution to a tally (``counted``: add it to total and due)."""
    due = day <= as_of
    return Tally(
        total=1 if counted else 0,
        due=1 if counted and due else 0,
        held=1 if held and due else 0,
        ahead=1 if held and not due else 0,
        cancelled=1 if cancelled and due and not held else 0,
        cancelled_ahead=1 if cancelled and not due and not held else 0,
    )


class Counted(NamedTuple):
    """Where the days of one series or mechanism count in the roll-up
    (:func:`counted_days`)."""

    phases: dict[str, _Days]
    """For each phase that counts it by its share, the days that phase counts (a phase
    missing here counts it with its own figures)."""
    outside: _Days
    """The days of its remainder *outside the phases* (none: no remainder)."""


def counted_days(
    span: tuple[dt.date, dt.date],
    listed: Sequence[str],
    member_of: Iterable[str],
    dated: Mapping[str, tuple[dt.date, dt.date]],
) -> Counted:
    """Where the days of a series or mechanism over *span* count: in the phases it is a
    member of (*member_of*: those it lists, *listed*, or the dated phases its span
    overlaps when it lists none), or outside the phases. *dated* holds the days of the
    phases the schedule dates.

    A day counts in one place, never both inside the phases and outside them:

    - one that lists one phase alone counts in it with its own figures, and has no
      remainder (its span is the phase's);
    - otherwise a day inside a dated phase it is a member of counts there;
    - a day of its span in none of them lies *between* its phases. When it lists a phase the
      schedule does not date, that phase's days cannot be told apart from those between:
      the undated phase counts them (several undated phases each count the same days), and
      nothing lies outside its phases. Otherwise they make its remainder outside the phases;
    - one that lists several phases none of which is dated counts in each with its own
      figures, as its days cannot be told apart at all, and has no remainder.

    >>> d = dt.date
    >>> dated = {"prep": (d(2026, 3, 2), d(2026, 3, 6))}
    >>> span = (d(2026, 3, 2), d(2026, 3, 27))
    >>> counted_days(span, ("prep", "close"), ("prep", "close"), dated).phases["close"]
    ((datetime.date(2026, 3, 7), datetime.date(2026, 3, 27)),)
    >>> counted_days(span, ("prep", "close"), ("prep", "close"), dated).outside
    ()
    >>> counted_days(span, (), ("prep",), dated).outside
    ((datetime.date(2026, 3, 7), datetime.date(2026, 3, 27)),)
    """
    member_of = tuple(member_of)
    if len(listed) == 1:
        return Counted({}, ())
    inside = sorted(dated[p] for p in member_of if p in dated)
    if not inside:
        return Counted({}, ())
    between = _outside(span, inside)
    phases = {p: (dated[p],) if p in dated else between for p in member_of}
    undated = any(p not in dated for p in member_of)
    return Counted(phases, () if undated else between)


def _outside(
    span: tuple[dt.date, dt.date], phases: list[tuple[dt.date, dt.date]]
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The ranges of *span* that lie in none of the *phases* (sorted by first day).

    >>> d = dt.date
    >>> _outside((d(2026, 3, 1), d(2026, 3, 31)), [(d(2026, 3, 5), d(2026, 3, 9))])
    ((datetime.date(2026, 3, 1), datetime.date(2026, 3, 4)), (datetime.date(2026, 3, 10), datetime.date(2026, 3, 31)))
    """
    out = []
    first, last = span
    for p_first, p_last in phases:
        if p_first > first:
            out.append((first, min(last, p_first - _DAY)))
        first = max(first, p_last + _DAY)
        if first > last:
            break
    if first <= last:
        out.append((first, last))
    return tuple((a, b) for a, b in out if a <= b)


def _tally_part(t: Tally) -> tuple[float | None, float | None]:
    if t.total == 0:
        return None, None
    return (t.held + t.ahead) / t.total, t.due / t.total


def _figure(value: float) -> str:
    """*value* as a message writes it: ``820`` for a whole number, else its ``repr``."""
    return str(int(value)) if value.is_integer() else repr(value)


def _actual_of(
    aggregate: Aggregation, baseline: float, cell: ReadingCell
) -> tuple[float, int, int, dt.date]:
    """``(actual, readings, assumed, last day)`` of a cell of readings (at least one)
    aggregated as *aggregate* from *baseline*."""
    if aggregate is Aggregation.SUM:
        actual = baseline + value_of(cell).total
    elif aggregate is Aggregation.COUNT:
        actual = baseline + cell.n
    elif aggregate is Aggregation.MAX:
        actual = cell.top
    else:
        actual = cell.last_value
    return float(actual), cell.n, cell.assumed, cell.last_day
