"""Units at a glance: a heatmap of units × weeks and a league table of groups of units.

For every cascaded series or mechanism, the report shows how its units moved week by week
(the days of the ``history`` up to the report's day, such as
:func:`~campaignkit.report.burnup_days` picks): a heatmap with one row per unit, in the order
of the unit tree, one column per day, each cell coloured by the unit's completion (adherence,
for a mechanism) and carrying a ``<title>`` tooltip with its figures.

A heatmap has at most :data:`HEATMAP_ROWS` rows. A cascade with more units is shown at the
deepest level of the unit tree that fits: 2,000 villages under 20 towns become 20 rows, one
per town, each cell the mean completion of the town's villages, its tooltip naming the
weakest of them. The figures of every unit go to a CSV table beside the report (the
:class:`~campaignkit.report.document.Figure`'s ``data``).

When the heatmap groups units, a **league table** follows: the groups ranked by the mean
completion of their units, each with the spread of its units — the lowest, the median and the
highest, how many are behind their plan, and how many have no reading at all (their status
is the plan's reading of their baselines: a village that reported nothing is not told apart
from one that reported no progress by its status alone) — so a reader sees which town lags,
and whether a whole town lags or a few of its villages.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs
from markupsafe import Markup

from campaignkit.model import Campaign
from campaignkit.report._charts import WIDTH, escape, svg_element, text_element
from campaignkit.report._context import Context
from campaignkit.report._document import Block, Figure, Table, TableCell
from campaignkit.report._labels import Labels
from campaignkit.tracking import MechanismProgress, Progress, SeriesProgress, Status, UnitProgress
from campaignkit.tracking._status import alike, alike_runs

HEATMAP_ROWS = 40
"""The most rows a heatmap has; more units are grouped by the unit tree."""

PALETTE = ("#f7fcf5", "#d5efcf", "#a1d99b", "#5db96b", "#238b45", "#00441b")
"""The colours of completion: nothing done (first), a quarter of the way at a time from
above 0 to below 100 %, and done (last)."""
_NONE = "#eeeeee"  # nothing to measure
_LABEL, _TOP, _ROW, _LEGEND = 230.0, 34.0, 16.0, 40.0

Cascaded = MechanismProgress | SeriesProgress


class Measured(NamedTuple):
    """What the heatmap and the league table show of a unit on a day."""

    unit: str
    value: float | None
    """Its completion, or for a mechanism its adherence (held against due)."""
    planned: float | None
    """The planned completion, or for a mechanism 100 % once anything is due."""
    behind: bool
    """Whether its status is behind."""
    unreported: bool = False
    """Whether its indicators have no reading (see :attr:`UnitProgress.readings
    <campaignkit.tracking.UnitProgress.readings>`)."""


def measured(unit: UnitProgress, adherence: bool) -> Measured:
    """*unit*'s figures: completion against planned, or (*adherence*) held against due."""
    behind, unreported = unit.status is Status.BEHIND, unit.readings == 0
    if not adherence:
        return Measured(unit.unit, unit.completion, unit.planned, behind, unreported)
    tally = unit.tally
    due = tally is not None and tally.due > 0
    value = tally.rate if tally else None
    return Measured(unit.unit, value, 1.0 if due else None, behind, unreported)


@attrs.frozen
class Row:
    """A row of a heatmap: one unit, or a group of units under one unit of the tree."""

    id: str
    units: tuple[str, ...]


def tree_order(campaign: Campaign) -> dict[str, tuple[str, ...]]:
    """Every unit's path from the root of its tree (``county, town, village``), in the
    order of a walk of the tree that takes children in campaign order."""
    children: dict[str | None, list[str]] = {}
    known = {u.id for u in campaign.units}
    for u in campaign.units:
        children.setdefault(u.parent if u.parent in known else None, []).append(u.id)
    paths: dict[str, tuple[str, ...]] = {}
    stack: list[tuple[str, tuple[str, ...]]] = [
        (unit, (unit,)) for unit in reversed(children.get(None, []))
    ]
    while stack:
        unit, path = stack.pop()
        if unit in paths:  # a cycle cannot be, but never loop
            continue
        paths[unit] = path
        stack += [(c, (*path, c)) for c in reversed(children.get(unit, []))]
    return paths


def rows_of(campaign: Campaign, units: Sequence[str], limit: int = HEATMAP_ROWS) -> list[Row]:
    """The rows of a heatmap of *units*, in tree order: one per unit when they are at most
    *limit*, else one per unit of the deepest level of the tree that gives at most *limit*
    groups (a group of one unit keeps that unit's id)."""
    paths = tree_order(campaign)
    order = {unit: n for n, unit in enumerate(paths)}
    ordered = sorted(units, key=lambda u: (order.get(u, len(order)), u))
    if len(ordered) <= limit:
        return [Row(u, (u,)) for u in ordered]
    depth = max((len(paths.get(u, (u,))) for u in ordered), default=1)
    for level in range(depth - 1, 0, -1):
        groups: dict[str, list[str]] = {}
        for u in ordered:
            path = paths.get(u, (u,))
            groups.setdefault(path[min(level, len(path)) - 1], []).append(u)
        if len(groups) <= limit:
            return [Row(key, tuple(members)) for key, members in groups.items()]
    return [Row(paths.get(ordered[0], (ordered[0],))[0], tuple(ordered))]


def cascades(progress: Progress) -> list[Cascaded]:
    """The cascaded mechanisms and series of *progress*, mechanisms first."""
    return [*(m for m in progress.mechanisms if m.units), *(s for s in progress.series if s.units)]


def _node(progress: Progress, id: str) -> Cascaded | None:
    nodes: list[Cascaded] = [*progress.mechanisms, *progress.series]
    return next((node for node in nodes if node.id == id), None)


def weeks(
    history: Sequence[Progress], node: str, as_of: dt.date
) -> list[tuple[dt.date, dict[str, UnitProgress]]]:
    """The units of cascade *node* on each day of *history* up to *as_of*, by unit."""
    out = []
    for p in sorted(history, key=lambda p: p.as_of):
        found = _node(p, node)
        if p.as_of <= as_of and found is not None:
            out.append((p.as_of, {u.unit: u for u in found.units}))
    return out


def glance(
    ctx: Context, node: Cascaded, history: Sequence[Progress], limit: int = HEATMAP_ROWS
) -> list[Block]:
    """The heatmap of cascade *node* (with its data as a table of every unit), at most
    *limit* rows, and the league table when the heatmap groups units."""
    labels, campaign = ctx.labels, ctx.campaign
    mechanism = isinstance(node, MechanismProgress)
    found = weeks(history, node.id, ctx.progress.as_of) or [
        (ctx.progress.as_of, {u.unit: u for u in node.units})
    ]
    columns = [
        (day, {unit: _shown(u, mechanism) for unit, u in by_unit.items()}) for day, by_unit in found
    ]
    units = [u.unit for u in node.units]
    rows = rows_of(campaign, units, limit)
    grouped = any(len(r.units) > 1 for r in rows)
    measure = labels("glance.adherence" if mechanism else "glance.completion")
    svg = heatmap(ctx, node.id, rows, columns, measure)
    level = (
        labels("glance.grouped", rows=labels.number(len(rows)), units=labels.number(len(units)))
        if grouped
        else ""
    )
    caption = labels("glance.caption", measure=measure, name=ctx.name(node.id)) + level
    paths = tree_order(campaign)
    data = Table(
        id=f"weeks-{node.id}",
        columns=(
            labels("col.unit"),
            labels("glance.parent"),
            *(labels.date(day) for day, _ in columns),
        ),
        rows=tuple(
            (
                TableCell(ctx.name(unit)),
                TableCell(ctx.name(paths[unit][-2]) if len(paths.get(unit, ())) > 1 else ""),
                *(_week_cell(ctx, by_unit.get(unit)) for _, by_unit in columns),
            )
            for row in rows
            for unit in row.units
        ),
    )
    blocks: list[Block] = [Figure(id=f"heatmap-{node.id}", svg=svg, caption=caption, data=data)]
    if grouped:
        today = {u.unit: measured(u, mechanism) for u in node.units}
        blocks.append(league(ctx, node.id, rows, today))
    return blocks


def _shown(unit: UnitProgress, adherence: bool) -> Measured:
    """What a cell shows of *unit*: its completion, marked when it has no readings, or its
    adherence, which readings have no part in (not marked)."""
    figures = measured(unit, adherence)
    return figures._replace(unreported=False) if adherence else figures


def _value(unit: Measured | None) -> float | None:
    return None if unit is None else unit.value


def _week_cell(ctx: Context, unit: Measured | None) -> TableCell:
    """A unit's figure on one day of the weeks table, marked when it has no readings."""
    cell = ctx.pct(_value(unit))
    if unit is None or not unit.unreported:
        return cell
    text = ctx.labels("glance.cell-unreported", value=cell.text)
    return TableCell(text, f"{cell.css} low".strip())


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def colour(value: float | None) -> str:
    """The colour of a completion (:data:`PALETTE`), grey for nothing measured.

    The first colour is for nothing done and the last for all of it, exactly: between, the
    colours are bands a quarter wide, never rounded up to done nor down to nothing (90 %
    is not drawn as 100 %, 9 % not as 0 %).

    >>> colour(0.0), colour(0.01), colour(0.5), colour(0.99), colour(1.0), colour(None)
    ('#f7fcf5', '#d5efcf', '#5db96b', '#238b45', '#00441b', '#eeeeee')
    """
    if value is None:
        return _NONE
    if value <= 0:
        return PALETTE[0]
    if value >= 1:
        return PALETTE[-1]
    bands = len(PALETTE) - 2
    return PALETTE[1 + min(bands - 1, int(value * bands))]


def _bands(labels: Labels) -> list[str]:
    """The legend's words for each colour: ``0%``, ``0%–25%``, …, ``75%–100%``, ``100%``."""
    bands = len(PALETTE) - 2
    edges = [labels.percent(n / bands) for n in range(bands + 1)]
    inner = [f"{low}–{high}" for low, high in itertools.pairwise(edges)]
    return [edges[0], *inner, edges[-1]]


def heatmap(
    ctx: Context,
    node: str,
    rows: Sequence[Row],
    columns: Sequence[tuple[dt.date, Mapping[str, Measured]]],
    measure: str,
) -> Markup:
    """The SVG heatmap: *rows* × the days of *columns*, each cell with a tooltip."""
    labels = ctx.labels
    width = (WIDTH - _LABEL - 12) / max(1, len(columns))
    height = _TOP + _ROW * len(rows) + _LEGEND
    parts: list[str] = []
    step = max(1, len(columns) // 8)  # at most about eight day labels
    for n, (day, _) in enumerate(columns):
        if n % step == 0:
            x = _LABEL + (n + 0.5) * width
            parts.append(
                text_element(x, _TOP - 8, labels.date(day)[5:], text_anchor="middle", font_size=10)
            )
    for r, row in enumerate(rows):
        y = _TOP + r * _ROW
        name = ctx.name(row.id)
        label = name if len(row.units) == 1 else f"{name} ({labels.number(len(row.units))})"
        parts.append(text_element(_LABEL - 6, y + _ROW - 4, label, text_anchor="end", font_size=11))
        cells = []
        for n, (day, by_unit) in enumerate(columns):
            value, tip = _cell(ctx, name, row, day, by_unit, measure)
            cells.append(
                Markup(
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}">'
                    "<title>{tip}</title></rect>"
                ).format(
                    x=f"{_LABEL + n * width:.1f}",
                    y=f"{y:.1f}",
                    w=f"{width - 1:.1f}",
                    h=f"{_ROW - 1:.1f}",
                    fill=colour(value),
                    tip=tip,
                )
            )
        parts.append(
            Markup('<g class="heatmap-row" data-id="{id}">{cells}</g>').format(
                id=row.id, cells=Markup("").join(cells)
            )
        )
    parts.append(_legend(ctx, height - _LEGEND + 14))
    title = labels("glance.caption", measure=measure, name=ctx.name(node))
    return svg_element(f"heatmap-{node}", WIDTH, height, title, *parts)


def _cell(
    ctx: Context,
    name: str,
    row: Row,
    day: dt.date,
    by_unit: Mapping[str, Measured],
    measure: str,
) -> tuple[float | None, str]:
    """A cell's value (the mean over the row's units) and its tooltip."""
    labels = ctx.labels
    found = [by_unit[u] for u in row.units if u in by_unit]
    done = [u.value for u in found if u.value is not None]
    planned = [u.planned for u in found if u.planned is not None]
    value = _mean(done)
    tip = labels(
        "glance.tip",
        name=name,
        day=labels.date(day),
        measure=measure,
        value=labels.percent(value),
        planned=labels.percent(_mean(planned)),
    )
    weakest = _weakest(found) if len(row.units) > 1 else None
    if weakest is not None:
        tip += labels(
            "glance.tip-weakest",
            units=labels.number(len(found)),
            weakest=ctx.name(weakest.unit),
            value=labels.percent(weakest.value),
        )
    silent = sum(u.unreported for u in found)
    if silent:  # a unit that reported nothing reads 0 %, as one that reported no progress
        if len(found) == 1:
            tip += labels("glance.tip-unreported-one")
        else:
            count = {"units": labels.number(silent), "all": labels.number(len(found))}
            tip += labels("glance.tip-unreported", **count)
    return value, escape(tip)


def _legend(ctx: Context, y: float) -> Markup:
    parts: list[str] = []
    for n, (fill, words) in enumerate(zip(PALETTE, _bands(ctx.labels), strict=True)):
        x = _LABEL + n * 96
        parts.append(
            Markup('<rect x="{x}" y="{y}" width="14" height="12" fill="{fill}"/>').format(
                x=f"{x:.1f}", y=f"{y - 10:.1f}", fill=fill
            )
        )
        parts.append(text_element(x + 18, y, words, font_size=10))
    return Markup('<g class="heatmap-legend">{}</g>').format(Markup("").join(parts))


class _Standing(NamedTuple):
    """A group's place in the league, as :meth:`Labels.ranking_places` reads it."""

    rank: int
    completion: float | None
    spi: float | None = None


@attrs.frozen
class _Group:
    """A row of the league table: a group of units and its figures on the report's day."""

    row: Row
    units: tuple[Measured, ...]
    done: tuple[float, ...]  # the units' values, ascending
    mean: float | None
    planned: float | None
    behind: int
    unreported: int

    @classmethod
    def of(cls, row: Row, by_unit: Mapping[str, Measured]) -> _Group:
        found = tuple(by_unit[u] for u in row.units if u in by_unit)
        done = tuple(sorted(u.value for u in found if u.value is not None))
        planned = [u.planned for u in found if u.planned is not None]
        behind = sum(u.behind for u in found)
        unreported = sum(u.unreported for u in found)
        return cls(row, found, done, _mean(done), _mean(planned), behind, unreported)

    def weakest(self) -> Measured | None:
        """The unit with the lowest value (the first by id among equals)."""
        return _weakest(self.units)


def _weakest(units: Sequence[Measured]) -> Measured | None:
    """The unit of *units* with the lowest value: the first by id of those whose values are
    :func:`~campaignkit.tracking._status.alike` the lowest (floating-point noise does not
    pick it). ``None`` when no unit has a value.

    >>> low = [Measured("v2", 0.15, None, False), Measured("v1", (0.1 + 0.2) / 2, None, False)]
    >>> _weakest(low).unit, _weakest([Measured("v1", None, None, False)])
    ('v1', None)
    """
    values = [u.value for u in units if u.value is not None]
    if not values:
        return None
    lowest = min(values)
    return min((u for u in units if alike(u.value, lowest)), key=lambda u: u.unit)


def league(ctx: Context, node: str, rows: Sequence[Row], by_unit: Mapping[str, Measured]) -> Table:
    """The groups of *rows* ranked by the mean value of their units on the report's day
    (*by_unit*), each with its units' spread."""
    labels = ctx.labels
    groups = sorted(
        (_Group.of(row, by_unit) for row in rows),
        key=lambda g: (g.mean is None, -(g.mean or 0.0), g.row.id),
    )
    # a mean alike the one above it (floating-point noise aside) shares its rank (1, 1, 3),
    # and groups that tie are listed by id; the means take the decimals that keep groups
    # ranked apart from reading alike
    ranks: list[int] = []
    tied: list[_Group] = []
    for run in alike_runs(groups, lambda g: g.mean):
        ranks += [len(tied) + 1] * len(run)
        tied += sorted(run, key=lambda g: g.row.id)
    groups = tied
    ranked = [_Standing(rank, g.mean) for rank, g in zip(ranks, groups, strict=True)]
    places, _ = labels.ranking_places(ranked)
    out = []
    for rank, g in zip(ranks, groups, strict=True):
        weakest = g.weakest()
        out.append(
            (
                ctx.num(rank),
                TableCell(ctx.name(g.row.id)),
                ctx.num(len(g.units)),
                ctx.pct(g.mean, places),
                ctx.pct(g.planned),
                ctx.pct(g.done[0] if g.done else None),
                ctx.pct(statistics.median(g.done) if g.done else None),
                ctx.pct(g.done[-1] if g.done else None),
                TableCell(labels.number(g.behind), "num low" if g.behind else "num"),
                TableCell(labels.number(g.unreported), "num low" if g.unreported else "num"),
                TableCell(ctx.name(weakest.unit) if weakest else labels.missing),
            )
        )
    return Table(
        id=f"league-{node}",
        caption=labels("glance.league", name=ctx.name(node)),
        columns=(
            labels("col.rank"),
            labels("glance.group"),
            labels("glance.units"),
            labels("glance.mean"),
            labels("col.planned"),
            labels("glance.lowest"),
            labels("glance.median"),
            labels("glance.highest"),
            labels("glance.behind"),
            labels("glance.unreported"),
            labels("glance.weakest"),
        ),
        align="rlrrrrrrrrl",
        rows=tuple(out),
        ranked=True,
    )
