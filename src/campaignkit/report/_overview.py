"""Sections 1 and 2 of a situation report: the overview, and leadership and responsibilities
(the leadership groups and the responsibility matrix)."""

from __future__ import annotations

import attrs

from campaignkit.model import Role
from campaignkit.report._context import Context
from campaignkit.report._document import Block, Facts, Paragraph, Section, Table, TableCell
from campaignkit.report._names import element_name, people_text
from campaignkit.report._phases import gate_cell, phase_status_cell, weighed_out
from campaignkit.tracking import GateState, MechanismProgress, SeriesProgress


def overview(ctx: Context) -> list[Section]:
    """Section 1: the campaign at a glance, and its phases."""
    labels, campaign, progress = ctx.labels, ctx.campaign, ctx.progress
    window = campaign.window
    as_of = progress.as_of
    facts: list[tuple[str, TableCell]] = []
    if campaign.theme:
        facts.append((labels("overview.theme"), TableCell(campaign.theme_in(labels.tag) or "")))
    working = ctx.calendar.working_days(window.start, window.end)
    window_text = labels(
        "overview.window-text",
        start=labels.date(window.start),
        end=labels.date(window.end),
        days=window.days,
        working=working,
    )
    facts.append((labels("overview.window"), TableCell(window_text)))
    if as_of < window.start:
        as_of_text = labels("overview.as-of-before", day=labels.date(as_of))
    elif as_of > window.end:
        as_of_text = labels("overview.as-of-after", day=labels.date(as_of))
    else:
        n = (as_of - window.start).days + 1
        as_of_text = labels("overview.as-of-text", day=labels.date(as_of), n=n, days=window.days)
    facts.append((labels("overview.as-of"), TableCell(as_of_text)))
    current = [ctx.name(p.phase) for p in ctx.schedule.phases if p.start <= as_of <= p.end]
    if ctx.schedule.phases:
        facts.append(
            (labels("overview.current-phase"), TableCell(labels.join(current) or labels.missing))
        )
    done, plan = ctx.pcts(progress.completion, progress.planned)
    facts += [
        (labels("overview.completion"), done),
        (labels("overview.planned"), plan),
        (labels("overview.spi"), ctx.spi(progress.spi)),
        (labels("overview.status"), ctx.status(progress.status)),
    ]
    weights = _weights(ctx)
    if weights:
        facts.append((labels("overview.weights"), TableCell(weights)))
    gates = [g.state for p in progress.phases for g in p.gates]
    if gates:
        text = labels("overview.gates-text", **{s.value: gates.count(s) for s in GateState})
        css = "gate gate-failed" if GateState.FAILED in gates else "gate"
        facts.append((labels("overview.gates"), TableCell(text, css)))
    counts = progress.counts
    records = labels.counted(
        "overview.records-text",
        read=counts.read,
        used=counts.used,
        after=counts.after_as_of,
        reported=counts.reported,
    )
    if counts.unreadable:
        records += labels.counted("overview.records-unreadable", unreadable=counts.unreadable)
    facts.append((labels("overview.records"), TableCell(records)))
    day = labels.date_long(as_of)
    if weighed_out(progress):
        summary = labels("overview.summary-unweighted", day=day)  # not "nothing yet"
    elif progress.completion is None:
        summary = labels("overview.summary-unmeasured", day=day)
    else:
        summary = labels.standing(
            "overview.summary",
            progress.completion,
            progress.planned,
            progress.status,
            progress.thresholds,
            day=day,
        )
    blocks: list[Block] = [Paragraph(summary, "summary"), Facts(tuple(facts))]
    if campaign.note:
        blocks.append(Paragraph(campaign.note_in(labels.tag) or "", "note"))
    rows = []
    gated = any(p.gates for p in progress.phases)
    for dated in ctx.schedule.phases:
        node = next((p for p in progress.phases if p.id == dated.phase), None)
        current_css = "current" if dated.start <= as_of <= dated.end else ""
        row = [
            TableCell(ctx.name(dated.phase), current_css),
            ctx.date(dated.start),
            ctx.date(dated.end),
            *ctx.pcts(node.completion if node else None, node.planned if node else None),
            ctx.spi(node.spi if node else None),
            phase_status_cell(labels, node),
        ]
        if gated:
            row.append(gate_cell(campaign, labels, node))
        rows.append(tuple(row))
    columns = ["phase", "start", "end", "completion", "planned", "spi", "status"]
    blocks.append(
        Table(
            id="phases",
            caption=labels("overview.phases"),
            columns=labels.columns(*columns, *(["gate"] if gated else [])),
            align="lllrrrl" + ("l" if gated else ""),
            rows=tuple(rows),
            empty=labels("overview.no-phases"),
        )
    )
    return [Section(id="overview", title=labels("section.overview"), blocks=tuple(blocks))]


def _weights(ctx: Context) -> str:
    """The weights that are not 1, of phases, series, mechanisms (and their scheduled
    parts) and indicators, for a reader to rebuild the figures from (empty when every one
    is 1)."""
    labels, progress = ctx.labels, ctx.progress
    named = [(ctx.name(p.id), p.weight) for p in progress.phases]
    scoped: list[SeriesProgress | MechanismProgress] = [*progress.series, *progress.mechanisms]
    for item in scoped:
        named.append((ctx.name(item.id), item.weight))
        if isinstance(item, SeriesProgress):
            part, scheduled = "activities", item.activities.total > 0
        else:
            part, scheduled = "occurrences", item.occurrences is not None
        if scheduled:  # (a weight given to a part that is not there changes nothing)
            name = labels(f"overview.weight-{part}", name=ctx.name(item.id))
            named.append((name, item.scheduled_weight))
    named += [(ctx.name(i.id), i.weight) for i in progress.indicators()]
    weighed = [
        labels("overview.weight", name=name, weight=labels.number(w, against=[0, 1]))
        for name, w in named
        if w not in (0, 1)
    ]
    out = [name for name, w in named if w == 0]
    if not weighed and not out:
        return ""
    texts = [labels.join(weighed)] if weighed else []
    if out:
        texts.append(labels("overview.weights-out", names=labels.join(out)))
    texts.append(labels("overview.weights-rest"))
    return labels("overview.weights-sep").join(texts)


# -- 2. leadership and responsibilities -------------------------------------------------------


def leadership(ctx: Context) -> list[Section]:
    """Section 2: the leadership groups and the responsibility matrix."""
    labels, campaign = ctx.labels, ctx.campaign
    sections = [Section(id="leadership", title=labels("section.leadership"))]
    if not campaign.groups:
        sections[0] = attrs.evolve(sections[0], blocks=(Paragraph(labels("leadership.no-groups")),))
    for group in campaign.groups:
        facts = [
            (
                labels("leadership.leader"),
                TableCell(people_text(campaign, (group.leader,), labels)),
            ),
        ]
        if group.deputies:
            facts.append(
                (
                    labels("leadership.deputies"),
                    TableCell(people_text(campaign, group.deputies, labels)),
                )
            )
        if group.members:
            facts.append(
                (
                    labels("leadership.members"),
                    TableCell(people_text(campaign, group.members, labels)),
                )
            )
        for body in group.bodies:
            parts = []
            if body.director:
                director = people_text(campaign, (body.director,), labels)
                parts.append(f"{labels('leadership.director')}{labels.colon}{director}")
            if body.members:
                parts.append(
                    labels("leadership.body-people")
                    + labels.colon
                    + people_text(campaign, body.members, labels)
                )
            if body.staff:
                staff = labels("leadership.staff-text", n=body.staff)
                parts.append(f"{labels('leadership.staff')}{labels.colon}{staff}")
            if body.duties:
                parts.append(
                    labels("leadership.duties") + labels.colon + labels.join(list(body.duties))
                )
            facts.append((element_name(body, labels), TableCell(labels.clauses(parts))))
        blocks: list[Block] = []
        if group.note:
            blocks.append(Paragraph(group.note_in(labels.tag) or "", "note"))
        blocks.append(Facts(tuple(facts)))
        sections.append(
            Section(
                id=f"group-{group.id}",
                title=element_name(group, labels),
                blocks=tuple(blocks),
                level=3,
            )
        )
    sections.append(_matrix(ctx))
    return sections


def _matrix(ctx: Context) -> Section:
    labels, campaign = ctx.labels, ctx.campaign
    order = {id: n for n, id in enumerate(campaign.ids)}
    subjects = [p.id for p in campaign.phases]
    subjects += [m.id for m in campaign.mechanisms]
    subjects += [s.id for s in campaign.series]
    listed = set(subjects)
    others = {a.subject for a in campaign.assignments if a.subject not in listed}
    subjects += sorted(others, key=lambda id: order.get(id, len(order)))
    parties = sorted(
        {a.party for a in campaign.assignments}, key=lambda id: order.get(id, len(order))
    )
    roles: dict[tuple[str, str], list[Role]] = {}
    for a in campaign.assignments:
        roles.setdefault((a.subject, a.party), []).append(a.role)
    rows = []
    for subject in subjects:
        cells = [TableCell(ctx.name(subject)), TableCell(labels.kind(campaign.kind_of(subject)))]
        for party in parties:
            letters = "".join(sorted({r.letter for r in roles.get((subject, party), ())}))
            cells.append(TableCell(letters, f"role role-{letters.lower()}" if letters else "role"))
        rows.append(tuple(cells))
    table = Table(
        id="matrix",
        columns=(labels("col.subject"), labels("col.kind"), *(ctx.name(p) for p in parties)),
        align="ll" + "l" * len(parties),
        rows=tuple(rows) if parties else (),
        empty=labels("leadership.no-assignments"),
    )
    legend = labels.join([f"{role.letter} {labels.role(role)}" for role in Role])
    blocks: list[Block] = [table, Paragraph(labels("leadership.legend", legend=legend), "legend")]
    unled = [ctx.name(s) for s in subjects if campaign.lead_of(s) is None]
    if unled and parties:
        blocks.append(Paragraph(labels("leadership.no-lead", items=labels.join(unled)), "warning"))
    return Section(id="matrix", title=labels("leadership.matrix"), blocks=tuple(blocks), level=3)
