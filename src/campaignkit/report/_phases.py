"""How reports word a phase's state and its exit gate, in the reader's language.

A phase that has not started shows "not started" where a status would be, without a status
colour; a gate shows each condition's value against its threshold and its state
(``passed``, ``pending``, ``late``, ``failed``), and once the phase has ended the value
that judged it, on the phase's last day, when it is not the day's.
"""

from __future__ import annotations

import datetime as dt

from campaignkit.model import Campaign
from campaignkit.report._document import TableCell
from campaignkit.report._labels import Labels
from campaignkit.report._names import name_of
from campaignkit.tracking import GateProgress, GateState, PhaseProgress, PhaseState, Progress


def phase_status_cell(labels: Labels, node: PhaseProgress | None) -> TableCell:
    """A phase's status, coloured; "not started", uncoloured, for a phase not started."""
    if node is not None and node.state is PhaseState.NOT_STARTED:
        return TableCell(labels("phase.not_started"), "status")
    status = node.status if node else None
    css = f"status status-{status.value}" if status else "status"
    return TableCell(labels.status(status), css)


def weighed_out(progress: Progress) -> bool:
    """Whether the campaign has no figure only because every part that has one weighs 0 (a
    report says so, not that there is nothing to measure yet)."""
    parts = [p.completion for p in progress.phases]
    parts += [s.completion for s in progress.series]
    parts += [m.completion for m in progress.mechanisms]
    return progress.completion is None and any(c is not None for c in parts)


def gate_text(campaign: Campaign, gates: tuple[GateProgress, ...], labels: Labels) -> str:
    """Each condition as ``Doses given 30% of 80% needed: pending``, in a list.

    >>> import datetime as dt
    >>> from campaignkit.model import Window
    >>> from campaignkit.tracking import GateState
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)))
    >>> g = GateProgress(indicator="doses", threshold=0.8, value=0.3, state=GateState.PENDING)
    >>> gate_text(c, (g,), Labels.of("en"))
    'doses 30% of 80% needed: pending'
    >>> late = GateProgress(indicator="doses", threshold=0.8, value=0.85, state=GateState.LATE, at_end=0.6)
    >>> gate_text(c, (late,), Labels.of("en"))
    'doses 60% of 80% needed when the phase ended, 85% now: passed late'
    """
    texts = [
        labels(
            "gate.condition-ended" if g.judged_apart else "gate.condition",
            indicator=name_of(campaign, g.indicator, labels),
            value=labels.percent(g.value, against=[g.threshold]),
            threshold=labels.percent(g.threshold),
            at_end=labels.percent(g.at_end, against=[g.threshold]),
            state=labels(f"gate.{g.state.value}"),
        )
        for g in gates
    ]
    return labels.clauses(texts)


def gate_cell(campaign: Campaign, labels: Labels, node: PhaseProgress | None) -> TableCell:
    """A phase's exit gate in a table cell, coloured by the gate as a whole."""
    if node is None or node.gate is None:
        return TableCell(labels.missing)
    return TableCell(gate_text(campaign, node.gates, labels), f"gate gate-{node.gate.value}")


def phase_notes(
    campaign: Campaign, progress: Progress, until: dt.date, labels: Labels
) -> list[str]:
    """Lines for the weekly sheet: each phase running on the as-of day with its figures, each
    phase starting by *until*, and the exit gate of a running phase or of a finished one whose
    gate failed."""
    out = []
    for p in progress.phases:
        name = name_of(campaign, p.id, labels)
        if p.state is PhaseState.IN_PROGRESS:
            line = labels.standing(
                "briefing.phase",
                p.completion,
                p.planned,
                p.status,
                progress.thresholds,
                name=name,
                start=labels.date(p.start),
                end=labels.date(p.end),
            )
            out.append(line)
        elif p.state is PhaseState.NOT_STARTED and p.start is not None and p.start <= until:
            out.append(labels("briefing.phase-starts", name=name, start=labels.date(p.start)))
        if p.gates and (p.state is PhaseState.IN_PROGRESS or p.gate is GateState.FAILED):
            conditions = gate_text(campaign, p.gates, labels)
            out.append(labels("briefing.gate", name=name, conditions=conditions))
    return out
