"""The :class:`Progress` tree (进度): campaign → phases → series and mechanisms → indicators.

Every node is a frozen attrs value. A node that has something to measure carries

- ``completion``: how much of its work is done, a fraction in [0, 1];
- ``planned``: how much should be done by the as-of day, a fraction in [0, 1];
- ``spi``: the schedule performance index, ``completion / planned`` — ``None`` (not NaN)
  while nothing is planned yet;
- ``status``: ``ahead``, ``on``, ``at_risk`` or ``behind``, from the :class:`Thresholds`.

A node with nothing to measure (a standing mechanism, a series with neither indicators nor
activities) has ``None`` in all four and takes no part in roll-ups. A phase that has not
started (:class:`PhaseState`) has ``None`` in all four too, and shows no status; its exit
gate's conditions are :class:`GateProgress` values.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

import attrs

from campaignkit._errors import Problem, check_campaign
from campaignkit.model import AcrossUnits, Aggregation, Direction
from campaignkit.tracking._status import Status, Thresholds


@attrs.frozen(kw_only=True)
class Tally:
    """Held against due for a set of scheduled items (occurrences or activities).

    Attributes:
        total: Items scheduled over the whole span.
        due: Items whose day is on or before the as-of day.
        held: Due items with a held record dated on or before the as-of day.
        ahead: Items held although their day is still to come (held early).
        cancelled: Due items called off and not held.
        cancelled_ahead: Items called off (and not held) although their day is still to
            come: called off in advance. They count in no figure of the progress (nothing
            of them is due yet); a report tells them apart from the items still to come.
    """

    total: int = 0
    due: int = 0
    held: int = 0
    ahead: int = 0
    cancelled: int = 0
    cancelled_ahead: int = 0

    @property
    def missed(self) -> int:
        """Due items neither held nor cancelled."""
        return self.due - self.held - self.cancelled

    @property
    def upcoming(self) -> int:
        """Items still to come: not due, neither held early nor called off in advance."""
        return self.total - self.due - self.ahead - self.cancelled_ahead

    @property
    def rate(self) -> float | None:
        """``held / due`` — the adherence — or ``None`` while nothing is due."""
        return self.held / self.due if self.due else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            total=self.total + other.total,
            due=self.due + other.due,
            held=self.held + other.held,
            ahead=self.ahead + other.ahead,
            cancelled=self.cancelled + other.cancelled,
            cancelled_ahead=self.cancelled_ahead + other.cancelled_ahead,
        )


@attrs.frozen(kw_only=True)
class AttendanceRate:
    """Attendance of one person (or of a unit's people together).

    ``rate = present / (expected − excused)``: an excused absence neither helps nor hurts.
    ``None`` while nothing is expected.
    """

    party: str
    expected: int
    present: int
    excused: int

    @property
    def absent(self) -> int:
        """Expected, neither present nor excused."""
        return self.expected - self.present - self.excused

    @property
    def rate(self) -> float | None:
        """``present / (expected − excused)``, or ``None`` when that is zero."""
        counted = self.expected - self.excused
        return self.present / counted if counted else None


@attrs.frozen(kw_only=True)
class Attendance:
    """What an attendance mechanism (考勤) recorded over the held items it applies to.

    Attributes:
        items: Held items whose record says who was there.
        unrecorded: Held items in scope whose record has no attendance lists.
        overall: Every person's counts added together (party is the mechanism id).
        people: One rate per person, by party id.
        units: One rate per unit, over the people holding a post in it or below it.
    """

    items: int
    unrecorded: int
    overall: AttendanceRate
    people: tuple[AttendanceRate, ...] = ()
    units: tuple[AttendanceRate, ...] = ()

    def below(self, rate: float) -> tuple[AttendanceRate, ...]:
        """People whose rate is below *rate*, lowest first."""
        low = [p for p in self.people if p.rate is not None and p.rate < rate]
        return tuple(sorted(low, key=lambda p: (p.rate, p.party)))


@attrs.frozen(kw_only=True)
class UnitIndicatorProgress:
    """One unit's part of a cascaded indicator (its own target, actual and plan)."""

    unit: str
    target: float
    actual: float
    readings: int
    ratio: float
    completion: float
    planned_value: float
    planned: float
    spi: float | None
    status: Status


@attrs.frozen(kw_only=True)
class IndicatorProgress:
    """An indicator as of the day.

    Attributes:
        across: For a cascaded indicator, how its units' figures make ``baseline``,
            ``actual``, ``target`` and ``planned_value`` (the indicator's
            :attr:`~campaignkit.model.Indicator.across_units`); ``None`` for one not cascaded.
        baseline: The value at the start; for a cascaded indicator combined ``across`` the
            units like the other figures: ``sum``: the indicator's baseline once per unit;
            ``mean`` and ``max``: the indicator's baseline.
        actual: The value its readings aggregate to (the baseline when there are none); for a
            cascaded indicator, the units' actuals combined ``across`` them (added up, their
            mean or the largest).
        target: The target; for a cascaded indicator, the units' targets combined ``across``
            them.
        ratio: ``(actual − baseline) / (target − baseline)``, not clamped, so that
            over-achievement shows; for a cascaded indicator, the mean over units.
        completion: The ratio clamped to [0, 1]; for a cascaded indicator, the mean of the
            units' completions (so that one unit's surplus never hides another's shortfall).
            ``ratio``, ``completion``, ``planned``, ``spi`` and ``status`` are ``None`` only
            for an indicator cascaded to no unit.
        planned_value: The value the trajectory plans for the day; for a cascaded
            indicator, the units' planned values combined ``across`` them.
        readings: How many readings were used.
        assumed: How many of them are marked ``assumed``.
        last_date: The day of the latest reading used.
        disagreeing: For a ``last`` indicator, how many of its figures (one for an
            indicator that is not cascaded, one a unit for a cascaded one) rest on readings
            of their latest day that disagree, of which the actual takes the one with the
            greatest record id (each has a ``last-readings-disagree`` warning).
        units: One entry per unit of a cascade, in cascade order.
    """

    id: str
    name: str
    measure: str
    aggregate: Aggregation
    direction: Direction
    across: AcrossUnits | None = None
    baseline: float
    target: float
    due: dt.date
    actual: float
    ratio: float | None
    completion: float | None
    planned_value: float
    planned: float | None
    spi: float | None
    status: Status | None
    weight: float
    readings: int
    assumed: int
    last_date: dt.date | None
    disagreeing: int = 0
    units: tuple[UnitIndicatorProgress, ...] = ()


@attrs.frozen(kw_only=True)
class UnitProgress:
    """A unit's progress in a cascaded series or mechanism, or across the whole campaign.

    ``rank`` is 1 for the best unit. ``tally`` is the unit's held-against-due count where the
    item has scheduled items.
    """

    unit: str
    rank: int
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    tally: Tally | None = None
    readings: int | None = None
    """How many readings of the unit its indicators used as of the day (across the campaign:
    of every series and mechanism), ``None`` where there is no indicator to read. ``0`` says
    that nothing was reported for the unit: its completion is then its baselines' and its
    status is what the plan makes of them, not a measured shortfall (reports say so beside
    the status)."""


def measured(
    units: Iterable[UnitProgress],
) -> tuple[tuple[UnitProgress, ...], tuple[UnitProgress, ...]]:
    """*units* (a ranking) parted into those with figures, which a ranking shows, and those
    without (completion ``None``: nothing of theirs is measured), which it counts after."""
    units = tuple(units)
    return (
        tuple(u for u in units if u.completion is not None),
        tuple(u for u in units if u.completion is None),
    )


@attrs.frozen(kw_only=True)
class SeriesProgress:
    """An activity series: its indicators and its scheduled activities, weighted.

    ``activities`` counts scheduled activities held against due (every unit's copy for a
    cascaded series); ``units`` ranks the units of a cascade, best first;
    ``scheduled_weight`` is the weight of the activities among its parts (its indicators
    weigh theirs): ``<series>/activities`` in a weights mapping, 1 unless given.
    """

    id: str
    name: str
    weight: float
    start: dt.date
    end: dt.date
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    indicators: tuple[IndicatorProgress, ...]
    activities: Tally
    units: tuple[UnitProgress, ...] = ()
    phases: tuple[str, ...] = ()
    scheduled_weight: float = 1.0


@attrs.frozen(kw_only=True)
class MechanismProgress:
    """A mechanism: the adherence of a recurring one, the attendance of an attendance one.

    Attributes:
        occurrences: Held against due over every occurrence (every unit's, for a cascade);
            ``None`` for a standing mechanism.
        indicators: The mechanism's own indicators (study notes written, say).
        sessions: Held records that match no scheduled occurrence (a standing mechanism's
            sessions, or extra meetings of a recurring one), dated on or before the day.
        attendance: For an attendance mechanism, the rates over the items it applies to.
        units: One entry per unit of a cascade, ranked by adherence, best first.
        upcoming: The day of the first occurrence after the as-of day that is still to be
            held: neither held early nor called off (for a cascade, by some unit). ``None``
            for a standing mechanism, or when every later occurrence is settled.
        scheduled_weight: The weight of the occurrences among its parts (its indicators
            weigh theirs): ``<mechanism>/occurrences`` in a weights mapping, 1 unless given.
    """

    id: str
    name: str
    weight: float
    recurring: bool
    start: dt.date
    end: dt.date
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    occurrences: Tally | None
    indicators: tuple[IndicatorProgress, ...] = ()
    sessions: int = 0
    attendance: Attendance | None = None
    units: tuple[UnitProgress, ...] = ()
    phases: tuple[str, ...] = ()
    upcoming: dt.date | None = None
    scheduled_weight: float = 1.0

    @property
    def adherence(self) -> float | None:
        """``held / due`` of the occurrences, or ``None`` when none is due yet."""
        return self.occurrences.rate if self.occurrences else None


class PhaseState(enum.StrEnum):
    """Where a phase stands in time on the as-of day."""

    NOT_STARTED = "not_started"
    """The as-of day is before its first day: no completion, no status."""
    IN_PROGRESS = "in_progress"
    """The as-of day lies in its dates."""
    FINISHED = "finished"
    """The as-of day is after its last day: everything in it is due."""


class GateState(enum.StrEnum):
    """Where a condition of a phase's exit gate stands on the as-of day.

    A gate is an exit condition: once its phase has ended, it is judged by what was recorded
    by the phase's last day, and a threshold reached only afterwards is ``late``, not
    ``passed``.
    """

    PASSED = "passed"
    """Its indicator has reached the threshold: by the as-of day while the phase runs, by
    the phase's last day once it has ended."""
    PENDING = "pending"
    """Not reached yet, and the phase has not ended."""
    LATE = "late"
    """Not reached by the phase's last day, reached by the as-of day."""
    FAILED = "failed"
    """Not reached by the phase's last day, nor since."""


@attrs.frozen(kw_only=True)
class GateProgress:
    """One condition of a phase's exit gate, evaluated as of the day.

    Attributes:
        indicator: The indicator the condition names.
        threshold: The completion it must reach, a fraction in [0, 1].
        value: The indicator's completion as of the day (``None`` for an indicator cascaded
            to no unit, which never passes).
        state: ``passed``, ``pending``, ``late`` or ``failed``.
        at_end: The indicator's completion as recorded by the phase's last day, which
            judges the gate once the phase has ended (``None`` before then, and for an
            indicator cascaded to no unit).
    """

    indicator: str
    threshold: float
    value: float | None
    state: GateState
    at_end: float | None = None

    @property
    def judged_apart(self) -> bool:
        """Whether the gate was judged by a completion other than the day's: its phase has
        ended and the completion then (:attr:`at_end`) is not :attr:`value` (a report
        shows both)."""
        return self.at_end is not None and self.at_end != self.value


@attrs.frozen(kw_only=True)
class PhaseShare:
    """What a phase counts of a series or mechanism that lists no phase, or several: its
    share, the part of it whose days fall inside the phase's dates (see
    :mod:`campaignkit.tracking._rollup`). Its figures are ``None`` while the phase has not
    started, as the phase's are."""

    id: str
    name: str
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None


@attrs.frozen(kw_only=True)
class PhaseProgress:
    """A phase: what is due inside its dates, rolled up over the series and mechanisms in it.

    A series or mechanism that lists this phase alone in its ``phases`` counts with its own
    figures; one that lists no phase, or several, counts only with what falls inside the
    phase's dates (see
    :mod:`campaignkit.tracking._rollup`). A phase that has not started (``state`` is
    ``not_started``) has ``None`` for completion, planned, SPI and status.

    Attributes:
        state: Where the phase stands in time on the as-of day.
        series: The series active in the phase, each with its figures across the whole
            campaign (for one that lists no phase or several, what the phase counts of it is
            in ``shares``).
        mechanisms: The mechanisms active in the phase, likewise.
        gates: Its exit gate's conditions, evaluated as of the day, in model order.
        shares: For each series and mechanism in it that lists no phase or several, its
            share: what the phase counts of it.
    """

    id: str
    name: str
    weight: float
    start: dt.date | None
    end: dt.date | None
    state: PhaseState
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    series: tuple[SeriesProgress, ...] = ()
    mechanisms: tuple[MechanismProgress, ...] = ()
    gates: tuple[GateProgress, ...] = ()
    shares: tuple[PhaseShare, ...] = ()

    @property
    def gate(self) -> GateState | None:
        """The exit gate as a whole: ``failed`` when a condition failed, else ``pending`` when
        one is pending, else ``late`` when one passed late, else ``passed``; ``None`` for a
        phase without a gate."""
        if not self.gates:
            return None
        states = {g.state for g in self.gates}
        for state in (GateState.FAILED, GateState.PENDING, GateState.LATE):
            if state in states:
                return state
        return GateState.PASSED


@attrs.frozen(kw_only=True)
class RecordCounts:
    """Where the records went. The counts close: ``read == used + after_as_of + reported``.

    ``read`` counts distinct records (a record repeated with the same id and content is one
    record); ``reported`` are those a problem of severity ``error`` keeps out (every version
    of a conflicting duplicate among them). ``unreadable`` counts the lines of a source that
    gave no record at all (not CSV or JSON, not text in the encoding, a field out of bounds):
    a reader reports each with its line, and :meth:`RecordReader.feed
    <campaignkit.io.RecordReader.feed>` hands those problems on
    (:meth:`Accumulator.add_unreadable <campaignkit.tracking.Accumulator.add_unreadable>`), so
    that a figure never hides a line it could not read.
    """

    read: int = 0
    used: int = 0
    after_as_of: int = 0
    reported: int = 0
    unreadable: int = 0


@attrs.frozen(kw_only=True)
class Progress:
    """The progress of a campaign as of a day: the root of the tree.

    ``phases`` hold the series and mechanisms active in them; ``series`` and ``mechanisms``
    hold every series and mechanism once, in campaign order. ``units`` ranks the units of
    every cascade across the campaign, best first, the units without figures last;
    :attr:`measured_units` is the ranking without them.
    """

    campaign: str
    as_of: dt.date
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    thresholds: Thresholds
    phases: tuple[PhaseProgress, ...] = ()
    series: tuple[SeriesProgress, ...] = ()
    mechanisms: tuple[MechanismProgress, ...] = ()
    units: tuple[UnitProgress, ...] = ()
    problems: tuple[Problem, ...] = ()
    counts: RecordCounts = RecordCounts()

    def check_campaign(self, campaign: str) -> None:
        """Check that the progress was measured for the campaign with id *campaign*.

        Raises:
            ValidationError: ``campaign-mismatch`` at ``$.progress`` when it is another
                campaign's.
        """
        check_campaign("$.progress", self.campaign, campaign)

    def series_by_id(self, id: str) -> SeriesProgress:
        """The series *id* (``KeyError`` when there is none)."""
        for s in self.series:
            if s.id == id:
                return s
        raise KeyError(id)

    def mechanism(self, id: str) -> MechanismProgress:
        """The mechanism *id* (``KeyError`` when there is none)."""
        for m in self.mechanisms:
            if m.id == id:
                return m
        raise KeyError(id)

    def phase(self, id: str) -> PhaseProgress:
        """The phase *id* (``KeyError`` when there is none)."""
        for p in self.phases:
            if p.id == id:
                return p
        raise KeyError(id)

    def indicator(self, id: str) -> IndicatorProgress:
        """The indicator *id*, whichever mechanism or series holds it (``KeyError`` when none)."""
        for i in self.indicators():
            if i.id == id:
                return i
        raise KeyError(id)

    def indicators(self) -> Iterator[IndicatorProgress]:
        """Every indicator: the mechanisms' first, then the series', in campaign order."""
        for m in self.mechanisms:
            yield from m.indicators
        for s in self.series:
            yield from s.indicators

    @property
    def measured_units(self) -> tuple[UnitProgress, ...]:
        """The campaign's ranking of units (``units``) less the units without figures,
        best first: what a ranking shows.

        A unit without figures has a completion of ``None``: nothing of it is measured (it
        is in the cascade of a standing mechanism only, say, or every weight of its parts
        is 0). Such units are ranked last, all alike, and are neither best nor worst; the
        command line and the reports count them after their rankings
        (:attr:`unmeasured_units`).

        >>> def unit(id, rank, done):
        ...     return UnitProgress(unit=id, rank=rank, completion=done, planned=None,
        ...                         spi=None, status=None)
        >>> p = Progress(
        ...     campaign="c", as_of=dt.date(2026, 3, 10), completion=0.3, planned=None,
        ...     spi=None, status=None, thresholds=Thresholds(),
        ...     units=(unit("v1", 1, 0.4), unit("v2", 2, 0.2), unit("w1", 3, None)),
        ... )
        >>> [u.unit for u in p.measured_units], [u.unit for u in p.unmeasured_units]
        (['v1', 'v2'], ['w1'])
        """
        return measured(self.units)[0]

    @property
    def unmeasured_units(self) -> tuple[UnitProgress, ...]:
        """The units of ``units`` without figures (completion ``None``), in their
        order: the ranking's tail that :attr:`measured_units` leaves out."""
        return measured(self.units)[1]

    def best(self, n: int = 3) -> tuple[UnitProgress, ...]:
        """The *n* best units of the campaign's cascades (of :attr:`measured_units`: a unit
        whose completion is ``None`` is neither best nor worst)."""
        return self.measured_units[:n]

    def worst(self, n: int = 3) -> tuple[UnitProgress, ...]:
        """The *n* worst units, worst first (of those with figures, as :meth:`best`)."""
        return tuple(reversed(self.measured_units[-n:])) if n > 0 else ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error`` (records kept out of the calculation)."""
        return tuple(p for p in self.problems if p.severity == "error")
