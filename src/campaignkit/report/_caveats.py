"""Sections 6 and 7 of a situation report, what the figures rest on: the problems found in
the records, and the assumptions the campaign file marks."""

from __future__ import annotations

from campaignkit._errors import Severity
from campaignkit.report._context import Context
from campaignkit.report._document import Block, Bullets, Paragraph, Section, Table, TableCell
from campaignkit.report._names import element_name, place_of

# -- 6. problems ------------------------------------------------------------------------------


def problems(ctx: Context) -> list[Section]:
    """Section 6: the problems found in the records, and scheduling conflicts."""
    labels, progress, schedule = ctx.labels, ctx.progress, ctx.schedule
    errors = sum(1 for p in progress.problems if p.severity is Severity.ERROR)
    warnings = len(progress.problems) - errors
    if progress.problems:
        text = labels("problems.count", errors=errors, warnings=warnings)
    else:
        text = labels("problems.none")
    rows = tuple(
        (
            TableCell(labels(f"severity.{p.severity.value}"), f"severity-{p.severity.value}"),
            TableCell(place_of(p), "code"),
            TableCell(p.code, "code"),
            TableCell(p.message),
        )
        for p in progress.problems
    )
    blocks: list[Block] = [Paragraph(text)]
    if rows:
        blocks.append(
            Table(
                id="problems",
                columns=labels.columns("severity", "path", "code", "message"),
                align="llll",
                rows=rows,
            )
        )
    if schedule.conflicts:
        conflicts = tuple(
            (
                ctx.date(c.day),
                TableCell(ctx.name(c.person)),
                TableCell(c.first, "code"),
                TableCell(c.second, "code"),
            )
            for c in schedule.conflicts
        )
        blocks.append(
            Table(
                id="conflicts",
                caption=labels("problems.conflicts"),
                columns=labels.columns("day", "person", "first", "second"),
                align="llll",
                rows=conflicts,
            )
        )
    if schedule.notes:
        blocks += [Paragraph(labels("problems.notes")), Bullets(schedule.notes)]
    return [Section(id="problems", title=labels("section.problems"), blocks=tuple(blocks))]


# -- 7. assumptions ---------------------------------------------------------------------------


def assumptions(ctx: Context) -> list[Section]:
    """Section 7: every element and assignment marked assumed."""
    labels, campaign = ctx.labels, ctx.campaign
    ids = [campaign.id, *campaign.ids]
    assumed = [id for id in ids if (campaign if id == campaign.id else campaign.get(id)).assumed]
    blocks: list[Block] = []
    if assumed:
        blocks.append(Paragraph(labels("assumptions.count", count=len(assumed), total=len(ids))))
        rows = []
        for id in assumed:
            element = campaign if id == campaign.id else campaign.get(id)
            kind = "campaign" if id == campaign.id else campaign.kind_of(id)
            rows.append(
                (
                    TableCell(labels.kind(kind)),
                    TableCell(id, "code"),
                    TableCell(element_name(element, labels, mark=False)),
                    TableCell(element.note_in(labels.tag) or ""),
                )
            )
        blocks.append(
            Table(
                id="assumptions",
                columns=labels.columns("kind", "id", "name", "note"),
                align="llll",
                rows=tuple(rows),
            )
        )
    else:
        blocks.append(Paragraph(labels("assumptions.none")))
    assigned = [a for a in campaign.assignments if a.assumed]
    if assigned:
        rows = [
            (
                TableCell(ctx.name(a.subject)),
                TableCell(ctx.name(a.party)),
                TableCell(f"{a.role.letter} {labels.role(a.role)}"),
                TableCell(a.note_in(labels.tag) or ""),
            )
            for a in assigned
        ]
        blocks.append(
            Table(
                id="assumed-assignments",
                caption=labels("assumptions.assignments"),
                columns=labels.columns("subject", "party", "role", "note"),
                align="llll",
                rows=tuple(rows),
            )
        )
    indicators = list(ctx.progress.indicators())
    total = sum(i.readings for i in indicators)
    if total:
        guessed = sum(i.assumed for i in indicators)
        blocks.append(Paragraph(labels("assumptions.readings", assumed=guessed, total=total)))
    return [Section(id="assumptions", title=labels("section.assumptions"), blocks=tuple(blocks))]
