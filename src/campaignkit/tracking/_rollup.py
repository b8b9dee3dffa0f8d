"""Roll-up: weighted means, phases, the campaign, and the ranking of units.

Weights come from :mod:`campaignkit.tracking._weights`.

Means
    A node's ``completion`` is the weighted mean of its parts' completions, and its
    ``planned`` the weighted mean of their planned fractions, over the parts that have
    something to measure. ``spi = completion / planned`` (``None`` while planned is 0).

Phases
    A phase rolls up the series and mechanisms active in it, by their weights:

    - one that lists this phase alone in its ``phases`` counts with its own figures (it
      belongs to the phase, and its span is the phase's);
    - one that lists no phase and whose span overlaps the phase's days, or that lists this
      phase among others, counts only with its **share** in the phase: what is due inside
      the phase's dates (see :mod:`campaignkit.tracking._measure`). A phase the schedule
      does not date counts, of one that lists it among others, what lies between their
      dated phases (or its own figures, when none of them is dated).

    A phase is ``not_started`` while the as-of day is before its first day: it shows no
    completion, planned, SPI or status. It is ``finished`` after its last day: everything in
    it is then due (planned 1), and its figures change only when records arrive for the
    items inside its dates.

    Each condition of a phase's exit gate is judged by its indicator's completion: while
    the phase runs, as recorded by the as-of day (``passed`` once it reaches the threshold,
    floating-point noise aside: a completion a float step below it reaches it,
    ``pending`` until then); once the phase has ended, as recorded by the phase's last day
    (``passed`` when it had reached the threshold then, whatever happened since; ``late``
    when it reached it only afterwards, by the as-of day; ``failed`` otherwise).

The campaign
    The campaign rolls up its phases (by phase weight, a phase that has not started included
    with what it has: usually nothing done against nothing planned), the part *outside the
    phases* where some work lies outside every dated phase (:func:`outside_part`: weighted in
    proportion to the share of the work it holds), and any series or mechanism that is
    active in no phase (by its own weight); without phases, that is every series and
    mechanism.

>>> weighted_mean([(0.5, 1.0), (1.0, 3.0), (None, 5.0)])
0.875
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from campaignkit.model import Campaign, Mechanism, Scoped
from campaignkit.scheduling import Schedule
from campaignkit.tracking._status import Status, Thresholds, alike_runs, reaches
from campaignkit.tracking._tree import (
    GateProgress,
    GateState,
    MechanismProgress,
    PhaseProgress,
    PhaseShare,
    PhaseState,
    SeriesProgress,
    Tally,
    UnitProgress,
)
from campaignkit.tracking._weights import Weights

Share = tuple[float | None, float | None]
"""``(completion, planned)`` of a series or mechanism inside one phase's dates."""
Remainder = tuple[float | None, float | None, float]
"""``(completion, planned, extent)`` of a series or mechanism on the days outside every
phase; ``extent`` is the fraction of its work that lies there, in [0, 1]."""


def weighted_mean(parts: Iterable[tuple[float | None, float]]) -> float | None:
    """The mean of the values weighted by the weights, skipping ``None`` values and zero
    weights; ``None`` when nothing is left."""
    total = weight = 0.0
    for value, w in parts:
        if value is not None and w > 0:
            total += value * w
            weight += w
    return total / weight if weight > 0 else None


def measure(
    parts: Iterable[tuple[float | None, float | None, float]], thresholds: Thresholds
) -> tuple[float | None, float | None, float | None, Status | None]:
    """``(completion, planned, spi, status)`` of a node from its parts'
    ``(completion, planned, weight)``."""
    # the weighted means of completion and planned over the parts that measure both (as
    # weighted_mean sums them, in one pass: this runs for every unit of every cascade)
    done = due = weight = 0.0
    for c, p, w in parts:
        if c is not None and p is not None and w > 0:
            done += c * w
            due += p * w
            weight += w
    if weight <= 0:
        return None, None, None, None
    completion, planned = _unit_interval(done / weight), _unit_interval(due / weight)
    spi = completion / planned if planned > 0 else None
    return completion, planned, spi, thresholds.status(completion, planned)


def _unit_interval(x: float) -> float:
    """Keep rounding in a mean of fractions from stepping outside [0, 1]."""
    return min(1.0, max(0.0, x))


def phase_members(campaign: Campaign, schedule: Schedule) -> dict[str, tuple[str, ...]]:
    """For each phase, the ids of the mechanisms and series active in it, in campaign order."""
    dated = {p.phase: (p.start, p.end) for p in schedule.phases}
    members: dict[str, list[str]] = {p.id: [] for p in campaign.phases}
    for item in campaign.scoped:
        if item.phases:
            for phase_id in item.phases:
                members[phase_id].append(item.id)
            continue
        start, end = schedule.span_of(item.id) or (campaign.window.start, campaign.window.end)
        for phase in campaign.phases:
            if phase.id in dated:
                p_start, p_end = dated[phase.id]
                if start <= p_end and p_start <= end:
                    members[phase.id].append(item.id)
    return {phase: tuple(ids) for phase, ids in members.items()}


def phase_ends(campaign: Campaign, schedule: Schedule) -> dict[str, dt.date]:
    """The last day of each phase: its scheduled end, or the window's last day for a phase
    the schedule does not date."""
    dated = {p.phase: p.end for p in schedule.phases}
    return {p.id: dated.get(p.id, campaign.window.end) for p in campaign.phases}


def gate_ends(campaign: Campaign, schedule: Schedule) -> dict[dt.date, tuple[str, ...]]:
    """The days on which phases with an exit gate end, each with those phases' ids: what
    judges a gate once its phase has ended is its indicators' completion on that day."""
    ends = phase_ends(campaign, schedule)
    out: dict[dt.date, list[str]] = {}
    for phase in campaign.phases:
        if phase.gate:
            out.setdefault(ends[phase.id], []).append(phase.id)
    return {day: tuple(ids) for day, ids in out.items()}


AtEnd = Mapping[tuple[str, str], float | None]
"""``(phase, indicator) -> completion`` of a gate condition's indicator as recorded by the
last day of its phase, for the phases that have ended."""


def roll_up_phases(
    campaign: Campaign,
    schedule: Schedule,
    series: Mapping[str, SeriesProgress],
    mechanisms: Mapping[str, MechanismProgress],
    weights: Weights,
    thresholds: Thresholds,
    *,
    as_of: dt.date,
    shares: Mapping[str, Mapping[str, Share]],
    outside: Mapping[str, Remainder] | None = None,
    at_end: AtEnd | None = None,
) -> tuple[
    tuple[PhaseProgress, ...], tuple[float | None, float | None, float | None, Status | None]
]:
    """The phase nodes, and the campaign's ``(completion, planned, spi, status)``.

    ``shares[phase][id]`` is the share of a series or mechanism that lists no phase, or
    several, over the days the phase counts of it; a member without a share counts with its own figures. ``outside[id]`` is
    the remainder of such a series or mechanism on the days outside its phases; the
    remainders make one more part of the campaign (:func:`outside_part`). ``at_end`` holds
    the gate conditions' completions on the last days of the phases that have ended (a
    condition missing from it was not recorded by then: no completion).
    """
    dated = {p.phase: p for p in schedule.phases}
    ends = phase_ends(campaign, schedule)
    ended = at_end or {}
    members = phase_members(campaign, schedule)
    nodes: list[SeriesProgress | MechanismProgress] = [*series.values(), *mechanisms.values()]
    indicators = {i.id: i for node in nodes for i in node.indicators}
    phases: list[PhaseProgress] = []
    campaign_parts: list[tuple[float | None, float | None, float]] = []
    in_a_phase: set[str] = set()
    for phase in campaign.phases:
        ids = members[phase.id]
        in_a_phase.update(ids)
        share = shares.get(phase.id, {})
        parts = []
        for i in ids:
            node = series.get(i) or mechanisms[i]
            c, p = share.get(i, (node.completion, node.planned))
            parts.append((c, p, weights(i)))
        completion, planned, spi, status = measure(parts, thresholds)
        weight = weights(phase.id)
        campaign_parts.append((completion, planned, weight))
        d = dated.get(phase.id)
        start = d.start if d else campaign.window.start
        state = phase_state(start, ends[phase.id], as_of)
        started = state is not PhaseState.NOT_STARTED
        if not started:
            completion = planned = spi = status = None
        in_phase = tuple(
            _phase_share(series.get(i) or mechanisms[i], share[i], thresholds, started=started)
            for i in ids
            if i in share
        )
        phases.append(
            PhaseProgress(
                id=phase.id,
                name=phase.name,
                weight=weight,
                start=d.start if d else None,
                end=d.end if d else None,
                state=state,
                completion=completion,
                planned=planned,
                spi=spi,
                status=status,
                series=tuple(series[i] for i in ids if i in series),
                mechanisms=tuple(mechanisms[i] for i in ids if i in mechanisms),
                gates=tuple(
                    gate_progress(
                        g.indicator,
                        g.completion,
                        indicators[g.indicator].completion,
                        state,
                        ended.get((phase.id, g.indicator)),
                    )
                    for g in phase.gate
                ),
                shares=in_phase,
            )
        )
    in_phases = [
        (i, weights(i))
        for i in (item.id for item in campaign.scoped if item.id in in_a_phase)
        if (series.get(i) or mechanisms[i]).completion is not None
    ]
    phase_weight = sum(w for c, p, w in campaign_parts if c is not None and p is not None and w > 0)
    campaign_parts.append(outside_part(outside or {}, in_phases, phase_weight))
    for item in campaign.scoped:
        if item.id not in in_a_phase:
            campaign_parts.append(_part(series.get(item.id) or mechanisms[item.id], weights))
    return tuple(phases), measure(campaign_parts, thresholds)


def _phase_share(
    node: SeriesProgress | MechanismProgress,
    share: Share,
    thresholds: Thresholds,
    *,
    started: bool,
) -> PhaseShare:
    """What a phase counts of *node*, which lists no phase or several: its *share*,
    measured (no figures while the phase has not started)."""
    none = (None, None, None, None)
    completion, planned, spi, status = measure([(*share, 1.0)], thresholds) if started else none
    return PhaseShare(
        id=node.id, name=node.name, completion=completion, planned=planned, spi=spi, status=status
    )


def outside_part(
    remainders: Mapping[str, Remainder],
    members: Iterable[tuple[str, float]],
    phase_weight: float,
) -> tuple[float | None, float | None, float]:
    """The campaign's part *outside the phases*: ``(completion, planned, weight)``.

    *remainders* maps a series or mechanism to ``(completion, planned, extent)`` of what it
    has outside every phase, ``extent`` being the fraction of its work that lies there;
    *members* are ``(id, weight)`` of every series and mechanism active in some phase (with
    figures); *phase_weight* is the weight of the phases that have figures.

    The part's figures are the remainders' means weighted by ``weight × extent``. Its weight
    gives it the campaign's fraction ``ρ = Σ weight × extent / Σ weight`` over *members*:
    ``phase_weight × ρ / (1 − ρ)``, so that the phases keep ``1 − ρ`` of the campaign
    (``1`` when the phases have nothing, ``0`` when nothing lies outside them).

    >>> c, p, w = outside_part({"weekly": (0.0, 0.0, 4 / 22)}, [("weekly", 1.0)], 2.0)
    >>> c, p, round(w, 6)  # 2 x (4 / 22) / (18 / 22) = 4 / 9
    (0.0, 0.0, 0.444444)
    >>> outside_part({}, [("weekly", 1.0)], 2.0)
    (None, None, 0.0)
    """
    weight = dict(members)
    kept = [(c, p, weight[i] * x) for i, (c, p, x) in remainders.items() if i in weight]
    total = sum(weight.values())
    rho = sum(w for _, _, w in kept) / total if total > 0 else 0.0
    completion = weighted_mean((c, w) for c, _, w in kept)
    planned = weighted_mean((p, w) for _, p, w in kept)
    if rho <= 0 or completion is None or planned is None:
        return None, None, 0.0
    return completion, planned, phase_weight * rho / (1 - rho) if rho < 1 else 1.0


def phase_state(start: dt.date, end: dt.date, as_of: dt.date) -> PhaseState:
    """Where a phase over ``start .. end`` stands on *as_of*.

    >>> d = dt.date
    >>> phase_state(d(2026, 3, 2), d(2026, 3, 13), d(2026, 3, 1)).value
    'not_started'
    >>> phase_state(d(2026, 3, 2), d(2026, 3, 13), d(2026, 3, 13)).value
    'in_progress'
    """
    if as_of < start:
        return PhaseState.NOT_STARTED
    if as_of > end:
        return PhaseState.FINISHED
    return PhaseState.IN_PROGRESS


def gate_progress(
    indicator: str,
    threshold: float,
    value: float | None,
    state: PhaseState,
    at_end: float | None = None,
) -> GateProgress:
    """One gate condition of a phase in *state*: its indicator's completion *value* as of the
    day, and *at_end* as of the phase's last day (used once the phase has ended), against
    *threshold*.

    >>> [
    ...     gate_progress("doses", 0.8, value, state, at_end).state.value
    ...     for value, state, at_end in [
    ...         (0.8, PhaseState.IN_PROGRESS, None),
    ...         (0.79, PhaseState.IN_PROGRESS, None),
    ...         (0.79, PhaseState.FINISHED, 0.79),
    ...         (0.9, PhaseState.FINISHED, 0.85),
    ...         (0.9, PhaseState.FINISHED, 0.6),
    ...         (0.7, PhaseState.FINISHED, 0.85),
    ...     ]
    ... ]
    ['passed', 'pending', 'failed', 'passed', 'late', 'passed']

    A completion equal to the threshold but for floating-point noise reaches it (three
    units at 50 %, 90 % and 100 % are 80 % done):

    >>> (0.5 + 0.9 + 1.0) / 3, gate_progress("doses", 0.8, (0.5 + 0.9 + 1.0) / 3,
    ...                                      PhaseState.IN_PROGRESS).state.value
    (0.7999999999999999, 'passed')
    """

    def reached(completion: float | None) -> bool:
        return completion is not None and reaches(completion, threshold)

    if state is not PhaseState.FINISHED:
        gate = GateState.PASSED if reached(value) else GateState.PENDING
        at_end = None
    elif reached(at_end):
        gate = GateState.PASSED
    else:
        gate = GateState.LATE if reached(value) else GateState.FAILED
    return GateProgress(
        indicator=indicator, threshold=threshold, value=value, state=gate, at_end=at_end
    )


def _part(
    node: SeriesProgress | MechanismProgress, weights: Weights
) -> tuple[float | None, float | None, float]:
    return node.completion, node.planned, weights(node.id)


class UnitFigures(NamedTuple):
    """A unit's figures before it is ranked: what :func:`rank_units` makes a
    :class:`UnitProgress` of."""

    unit: str
    completion: float | None
    planned: float | None
    spi: float | None
    status: Status | None
    tally: Tally | None
    readings: int | None


def rank_units(units: Iterable[UnitFigures], order: Mapping[str, int]) -> tuple[UnitProgress, ...]:
    """Units ranked best first: by completion (unmeasured last), then SPI, then campaign order
    (then id, for a unit the campaign does not list).

    A unit with nothing planned yet (no SPI) ranks above every unit with as much done and
    something planned: it is on track or ahead, where they are judged against a plan. Units
    with equal completion and SPI, floating-point noise aside, share a rank (1, 2, 2, 4, …):
    the units are sorted on their completions as they are, and a unit whose completion is
    :func:`alike` that of the unit before it is as far as completion goes; such a run of
    units is sorted on their SPIs likewise, and a run alike in both shares a rank, its units
    in campaign order. Noise never parts two units, nor does it order them: figures a float
    step apart are alike wherever they lie (rounding them would part two that straddle a
    rounding boundary).
    """

    def place(u: UnitFigures) -> tuple[int, str]:
        return order.get(u.unit, len(order)), u.unit

    out: list[UnitProgress] = []
    by_done = sorted(units, key=lambda u: (u.completion is None, -(u.completion or 0.0), place(u)))
    for done in alike_runs(by_done, lambda u: u.completion):
        by_spi = sorted(done, key=lambda u: (u.spi is not None, -(u.spi or 0.0), place(u)))
        for tied in alike_runs(by_spi, lambda u: u.spi):
            rank = len(out) + 1
            for u in sorted(tied, key=place):
                node = UnitProgress(
                    unit=u.unit, rank=rank, completion=u.completion, planned=u.planned,
                    spi=u.spi, status=u.status, tally=u.tally, readings=u.readings,
                )  # fmt: skip
                out.append(node)
    return tuple(out)


def item_kind(item: Scoped) -> Literal["series", "mechanism"]:
    """``series`` or ``mechanism``."""
    return "mechanism" if isinstance(item, Mechanism) else "series"
