"""Sections 3 to 5 of a situation report, the measured ones: mechanisms (with attendance),
activity series (with their indicators), and the ranking of units."""

from __future__ import annotations

from collections.abc import Sequence

from campaignkit.report._context import Context
from campaignkit.report._document import Block, Facts, Paragraph, Section, Table, TableCell
from campaignkit.report._glance import cascades, glance
from campaignkit.report._labels import Labels
from campaignkit.report._names import element_name
from campaignkit.tracking import (
    Attendance,
    AttendanceRate,
    IndicatorProgress,
    MechanismProgress,
    Progress,
    SeriesProgress,
    UnitProgress,
)
from campaignkit.tracking._tree import measured

# -- 3. mechanisms ----------------------------------------------------------------------------


def mechanism_sections(ctx: Context) -> list[Section]:
    """Section 3: the mechanisms, their indicators and their attendance."""
    labels, progress = ctx.labels, ctx.progress
    rows = [_mechanism_row(ctx, m) for m in progress.mechanisms]
    blocks: list[Block] = [
        Table(
            id="mechanisms",
            columns=labels.columns(
                "mechanism",
                "type",
                "held-due",
                "total",
                "adherence",
                "cancelled",
                "missed",
                "sessions",
                "next",
                "status",
            ),
            align="llrrrrrrll",
            rows=tuple(rows),
            empty=labels("mechanisms.none"),
        )
    ]
    indicators = [i for m in progress.mechanisms for i in m.indicators]
    if indicators:
        blocks.append(
            _indicator_table(
                ctx, "mechanism-indicators", indicators, labels("mechanisms.indicators")
            )
        )
    sections = [Section(id="mechanisms", title=labels("section.mechanisms"), blocks=tuple(blocks))]
    for m in progress.mechanisms:
        if m.attendance is not None:
            sections.append(_attendance(ctx, m.id, m.attendance))
    return sections


def _mechanism_row(ctx: Context, m: MechanismProgress) -> tuple[TableCell, ...]:
    labels = ctx.labels
    tally = m.occurrences
    if tally is None:
        kind = labels("mechanisms.standing")
        figures = [TableCell(labels.missing, "num")] * 5 + [ctx.num(m.sessions)]
        upcoming = TableCell(labels.missing)
    else:
        kind = labels("mechanisms.recurring")
        figures = [
            ctx.held(tally, cancelled=False),  # the table has a column of them
            ctx.num(tally.total),
            ctx.pct(tally.rate),
            ctx.num(tally.cancelled),
            TableCell(labels.number(tally.missed), "num missed" if tally.missed else "num"),
            ctx.num(m.sessions),
        ]
        upcoming = TableCell(_next_occurrence(ctx, m), "date")
    return (TableCell(ctx.name(m.id)), TableCell(kind), *figures, upcoming, ctx.status(m.status))


def _next_occurrence(ctx: Context, m: MechanismProgress) -> str:
    """The day of the mechanism's next occurrence still to be held (one held early, or
    called off, is not next)."""
    labels, day = ctx.labels, m.upcoming
    if day is None:
        return labels.missing
    return f"{labels.date(day)} {labels.weekday(day)}"


def _attendance(ctx: Context, mechanism: str, attendance: Attendance) -> Section:
    labels = ctx.labels
    threshold = labels.percent(ctx.threshold)
    if attendance.items:
        text = labels(
            "mechanisms.attendance-facts",
            items=attendance.items,
            unrecorded=attendance.unrecorded,
            rate=labels.percent(attendance.overall.rate),
        )
    else:
        text = labels("mechanisms.attendance-none", unrecorded=attendance.unrecorded)
    people = attendance.below(ctx.threshold)
    units = sorted(
        (u for u in attendance.units if u.rate is not None and u.rate < ctx.threshold),
        key=lambda u: (u.rate, u.party),
    )
    blocks: list[Block] = [Paragraph(text)]
    if attendance.items:
        blocks += [
            _rate_table(
                ctx,
                f"attendance-people-{mechanism}",
                people,
                "person",
                labels("mechanisms.people-below", threshold=threshold),
                labels("mechanisms.nobody-below", threshold=threshold),
            ),
            _rate_table(
                ctx,
                f"attendance-units-{mechanism}",
                units,
                "unit",
                labels("mechanisms.units-below", threshold=threshold),
                labels("mechanisms.no-unit-below", threshold=threshold),
            ),
        ]
    title = labels("mechanisms.attendance", name=ctx.name(mechanism))
    return Section(id=f"attendance-{mechanism}", title=title, blocks=tuple(blocks), level=3)


def _rate_table(
    ctx: Context,
    id: str,
    rates: Sequence[AttendanceRate],
    who: str,
    caption: str,
    empty: str,
) -> Table:
    labels = ctx.labels
    rows = tuple(
        (
            TableCell(ctx.name(r.party)),
            ctx.num(r.present),
            ctx.num(r.absent),
            ctx.num(r.excused),
            ctx.num(r.expected),
            TableCell(labels.percent(r.rate), "num low"),
        )
        for r in rates
    )
    columns = (who, "present", "absent", "excused", "expected", "rate")
    return Table(
        id=id,
        caption=caption,
        columns=labels.columns(*columns),
        align="lrrrrr",
        rows=rows,
        empty=empty,
    )


# -- 4. series --------------------------------------------------------------------------------


def series_sections(ctx: Context) -> list[Section]:
    """Section 4: the activity series, one part each."""
    labels, progress = ctx.labels, ctx.progress
    rows = tuple(
        (
            TableCell(ctx.name(s.id)),
            ctx.span(s.start, s.end),
            TableCell(ctx.lead(s.id)),
            ctx.held(s.activities),
            *ctx.pcts(s.completion, s.planned),
            ctx.status(s.status),
        )
        for s in progress.series
    )
    summary = Table(
        id="series",
        caption=labels("series.summary"),
        columns=labels.columns(
            "series", "span", "lead", "events", "completion", "planned", "status"
        ),
        align="lllrrrl",
        rows=rows,
        empty=labels("series.none"),
    )
    sections = [Section(id="series", title=labels("section.series"), blocks=(summary,))]
    sections += [_one_series(ctx, s) for s in progress.series]
    return sections


def _one_series(ctx: Context, node: SeriesProgress) -> Section:
    labels = ctx.labels
    series = ctx.campaign.series_by_id(node.id)
    figures = labels.standing(
        "series.figures", node.completion, node.planned, node.status, ctx.progress.thresholds
    )
    tally = node.activities
    if not tally.total:
        events = labels("series.no-events")
    else:  # what was called off said beside what was held, as in every table
        key = "series.events-cancelled-text" if tally.cancelled else "series.events-text"
        counts = {"held": tally.held, "due": tally.due, "total": tally.total}
        events = labels(key, cancelled=tally.cancelled, **counts)
    facts = Facts(
        (
            (labels("col.span"), ctx.span(node.start, node.end)),
            (labels("col.lead"), TableCell(ctx.lead(node.id))),
            (labels("col.events"), TableCell(events)),
        )
    )
    blocks: list[Block] = [Paragraph(figures, "summary"), facts]
    if series.note:
        blocks.append(Paragraph(series.note_in(labels.tag) or "", "note"))
    if node.indicators:
        blocks.append(_indicator_table(ctx, f"indicators-{node.id}", node.indicators, None))
    else:
        blocks.append(Paragraph(labels("series.no-indicators")))
    return Section(
        id=f"series-{node.id}", title=element_name(series, labels), blocks=tuple(blocks), level=3
    )


def _indicator_table(
    ctx: Context, id: str, indicators: Sequence[IndicatorProgress], caption: str | None
) -> Table:
    labels = ctx.labels
    rows = []
    for ind in indicators:
        measure = ctx.measure(ind.id, ind.measure)
        readings = (
            labels("col.readings-assumed", n=ind.readings, assumed=ind.assumed)
            if ind.assumed
            else str(ind.readings)
        )
        rows.append(
            (
                TableCell(ctx.name(ind.id)),
                TableCell(_actual(labels, ind, measure), "num"),
                ctx.num(ind.target, measure),
                TableCell(measure),
                *ctx.pcts(ind.completion, ind.planned),
                ctx.status(ind.status),
                ctx.date(ind.due),
                TableCell(readings, "num"),
            )
        )
    columns = (
        "indicator",
        "actual",
        "target",
        "measure",
        "completion",
        "planned",
        "status",
        "due",
        "readings",
    )
    return Table(
        id=id,
        caption=caption,
        columns=labels.columns(*columns),
        align="lrrlrrllr",
        rows=tuple(rows),
    )


def _actual(labels: Labels, ind: IndicatorProgress, measure: str) -> str:
    """An indicator's actual, with how many units are short where its figures read as
    done (:meth:`Labels.short_units`) and whether it is one of the values of a day's
    readings that disagree (:meth:`Labels.disagreeing`)."""
    actual = labels.actual(ind, measure)
    notes = [note for note in (labels.short_units(ind), labels.disagreeing(ind)) if note]
    return f"{actual} ({'; '.join(notes)})" if notes else actual


# -- 5. unit ranking --------------------------------------------------------------------------


def unit_sections(ctx: Context, history: Sequence[Progress] = ()) -> list[Section]:
    """Section 5: the units of every cascade at a glance (a heatmap of units × the days of
    *history*, a league table of groups of units), then ranked."""
    labels, progress = ctx.labels, ctx.progress
    found = cascades(progress)
    if not found:
        blocks: tuple[Block, ...] = (Paragraph(labels("units.none")),)
        return [Section(id="units", title=labels("section.units"), blocks=blocks)]
    sections = [Section(id="units", title=labels("section.units"))]
    for node in found:
        title = labels("units.of", name=ctx.name(node.id))
        ranking = _ranking(ctx, f"units-{node.id}", node.units)
        shown = (*glance(ctx, node, history or (progress,)), *ranking)
        sections.append(Section(id=f"units-{node.id}", title=title, blocks=shown, level=3))
    if progress.units:
        ranking = _ranking(ctx, "units-campaign", progress.units)
        title = labels("units.campaign")
        sections.append(Section(id="units-campaign", title=title, blocks=ranking, level=3))
    return sections


def _ranking(ctx: Context, id: str, units: Sequence[UnitProgress]) -> tuple[Block, ...]:
    """A ranking of *units*: those with figures in a table (what the command line ranks
    too), then a line counting the units without figures (no completion: see
    :attr:`~campaignkit.tracking.Progress.measured_units`), which are not ranked (the
    table's CSV file lists them after the others)."""
    labels = ctx.labels
    ranked, unmeasured = measured(units)
    blocks: list[Block] = [_unit_table(ctx, id, ranked, unmeasured)] if ranked else []
    if unmeasured:
        text = labels("table.units-unmeasured", n=labels.number(len(unmeasured)))
        blocks.append(Paragraph(text, "legend"))
    return tuple(blocks)


def _unit_table(
    ctx: Context, id: str, units: Sequence[UnitProgress], unranked: Sequence[UnitProgress]
) -> Table:
    """The ranking of *units*; the *unranked* ones (without figures) go to its CSV file."""
    labels = ctx.labels
    below = labels("units.below", threshold=labels.percent(ctx.threshold))
    unreported = labels("units.no-readings")
    places, spi_places = labels.ranking_places(units)  # units ranked apart never read alike

    def row(u: UnitProgress, rank: TableCell, flags: list[str]) -> tuple[TableCell, ...]:
        rate = u.tally.rate if u.tally is not None else None
        if rate is not None and rate < ctx.threshold:
            flags = [below, *flags]
        if u.readings == 0:  # its status is the plan's reading of its baselines
            flags.append(unreported)
        return (
            rank,
            TableCell(ctx.name(u.unit)),
            *ctx.pcts(u.completion, u.planned, places),
            _gap(ctx, u),
            ctx.spi(u.spi, spi_places),
            ctx.held(u.tally),
            ctx.status(u.status),
            TableCell(" · ".join(flags), "low" if flags else ""),
        )

    apart = labels("units.unranked")
    columns = ("rank", "unit", "completion", "planned", "gap", "spi", "held-due", "status", "flag")
    return Table(
        id=id,
        caption=labels("units.ranked", day=labels.date(ctx.progress.as_of)),
        columns=labels.columns(*columns),
        align="rlrrrrrll",
        rows=tuple(row(u, ctx.num(u.rank), []) for u in units),
        ranked=True,
        unranked=tuple(row(u, TableCell(labels.missing, "num"), [apart]) for u in unranked),
    )


def _gap(ctx: Context, unit: UnitProgress) -> TableCell:
    """Completion less planned, in percentage points in the language's figures
    (``-12.5 pts``, ``+3 pts``), never written 0 unless it is 0 (``-0.038 pts`` behind)."""
    if unit.completion is None or unit.planned is None:
        return TableCell(ctx.labels.missing, "num")
    # to a billionth of a point: below, a difference is the floats' noise (0.3 less
    # 0.1 + 0.2), which the percentages beside it do not show either
    points = round((unit.completion - unit.planned) * 100, 9) + 0.0
    figure = ctx.labels.number(points)
    text = ctx.labels("units.gap", points="+" + figure if points > 0 else figure)
    return TableCell(text, "num low" if points < 0 else "num")
