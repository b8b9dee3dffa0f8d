"""The Gantt chart of a situation report: :func:`gantt_chart`.

One row per phase, per activity series and per mechanism, under a month axis, with the days
off of the working calendar shaded (holidays darker than weekends), make-up workdays outlined
and a line on the as-of day. What each row shows answers a question:

- a **phase** is a bar over its dates, filled in proportion to that phase's own completion
  (:attr:`~campaignkit.tracking.PhaseProgress.completion`) — not at all before it starts;
- a **series** whose dates cover the whole window would be a full-width bar that says
  nothing, so it shows its activities as marks and, when it has none, its completion over
  the report's history as a small trajectory; any other series is a bar filled by its
  completion, with its activities marked on it;
- a **recurring mechanism** has a dot per day it meets, coloured by what the records say
  became of it (:mod:`campaignkit.report._outcomes`): held, missed, cancelled or upcoming —
  a day of a cascade stands for every unit's occurrence and shows the worst of them;
  a **standing** one is a thin band over its dates.

Without records (``records=None``) the chart cannot tell held from missed, and says so: a
past day is drawn as *not recorded*. A legend under the rows names every kind of mark, and
every mark carries a ``<title>`` a browser shows on hover. Row labels are measured by their
display width (:func:`~campaignkit.io._table.display_width`), so a label column is as wide as
its longest label needs (within bounds; longer labels are cut with ``…``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
from markupsafe import Markup

from campaignkit._text import display_width
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign
from campaignkit.report._charts import (
    COLUMN,
    MUTED,
    WIDTH,
    TimeAxis,
    element,
    label_column,
    row_label,
    svg_element,
    text_element,
    title_element,
)
from campaignkit.report._labels import Labels
from campaignkit.report._outcomes import Outcome, Source, combined, outcome, outcomes_of
from campaignkit.scheduling import Schedule
from campaignkit.tracking import PhaseState, Progress, Status

_RIGHT = 12.0
_ROW = 22
_AXIS = 30

_BAR, _DONE = "#bbdefb", "#1e88e5"
_STANDING = "#b0bec5"
_OFF = {"weekend": "#eeeeee", "holiday": "#cfd8dc", "makeup": "none"}

UNRECORDED = "unrecorded"
"""The state of a past day when no records were given: nobody can tell held from missed."""

_DOT: dict[str, tuple[str, str, str | None]] = {
    # state: fill, stroke, dashes
    Outcome.HELD: ("#2e7d32", "#1b5e20", None),
    Outcome.MISSED: ("#c62828", "#8e0000", None),
    Outcome.CANCELLED: ("#ffffff", "#757575", "2 1.5"),
    Outcome.UPCOMING: ("#ffffff", "#37474f", None),
    UNRECORDED: ("#90a4ae", "#546e7a", None),
}


def gantt_chart(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    labels: Labels,
    *,
    calendar: WorkingCalendar | None = None,
    records: Source | None = None,
    history: Sequence[Progress] = (),
) -> Markup:
    """The Gantt chart of *campaign*: rows for phases, then series, then mechanisms.

    Args:
        campaign: The campaign (row names, in ``labels``' language).
        schedule: Its schedule (dates of phases, spans, occurrences and activities).
        progress: Its progress (the as-of day; the part done of phases and series).
        labels: The language.
        calendar: The working calendar whose days off are shaded; the campaign's own by
            default.
        records: What became of each meeting and activity: the ledger (read once), or
            what an accumulator that folded it found
            (:meth:`~campaignkit.tracking.Accumulator.recorded`, read no more). Without
            it, past days are drawn as not recorded.
        history: Progress on several days (such as the burn-up's): the trajectory of a
            series that spans the whole window and has no activities to mark.
    """
    calendar = calendar or WorkingCalendar.for_campaign(campaign)
    lang = labels.tag
    names = [p.label(lang) + ("*" if p.assumed else "") for p in campaign.phases]
    names += [s.label(lang) + ("*" if s.assumed else "") for s in campaign.series]
    names += [m.label(lang) + ("*" if m.assumed else "") for m in campaign.mechanisms]
    column = label_column(names)
    axis = TimeAxis(schedule.window_start, schedule.window_end, column, WIDTH - _RIGHT)
    done = None if records is None else outcomes_of(campaign, schedule, records, progress.as_of)
    draw = _Rows(axis, column, labels, progress, done)

    for dated in schedule.phases:
        phase = campaign.phase(dated.phase)
        node = _phase_node(progress, phase.id)
        draw.row(
            "phase",
            phase.id,
            phase.label(lang),
            phase.assumed,
            draw.bar(dated.start, dated.end, "phase", node),
        )
    activities: dict[str, list[tuple[str, dt.date]]] = {}
    for activity in schedule.activities:
        activities.setdefault(activity.series, []).append((activity.ref, activity.day))
    whole = (schedule.window_start, schedule.window_end)
    trails = _trails(history, progress.as_of)
    for series in campaign.series:
        node = _series_node(progress, series.id)
        span = schedule.span_of(series.id)  # none for an empty span
        marks = draw.marks(activities.get(series.id, ()), "gantt-event")
        if span is None:
            parts = marks
        elif span[0] <= whole[0] and span[1] >= whole[1]:
            parts = marks or draw.trail(trails.get(series.id, ()), node)
        else:
            parts = draw.bar(*span, "series", node) + marks
        draw.row("series", series.id, series.label(lang), series.assumed, parts)
    for mechanism in campaign.mechanisms:
        if not mechanism.recurring:
            span = schedule.span_of(mechanism.id)
            parts = draw.band(*span, mechanism.label(lang)) if span else []
        else:
            items = [(o.ref, o.day) for o in schedule.timeline_of(mechanism.id).occurrences()]
            parts = draw.marks(items, "gantt-occurrence")
        draw.row("mechanism", mechanism.id, mechanism.label(lang), mechanism.assumed, parts)

    bottom = float(_AXIS + len(draw.rows) * _ROW)
    legend, legend_height = _legend(labels, bottom + 34.0, records is not None)
    height = bottom + 30.0 + legend_height
    background = element(
        "g", {"class": "calendar"}, *_days_off(axis, calendar, float(_AXIS), bottom - _AXIS, labels)
    )
    separators = _separators(len(schedule.phases), len(campaign.series), bottom)
    return svg_element(
        "gantt",
        WIDTH,
        height,
        labels("chart.gantt"),
        background,
        axis.ticks(labels, float(_AXIS) - 4, bottom, 16.0),
        separators,
        element("g", {"class": "rows"}, *draw.rows),
        axis.as_of_line(progress.as_of, labels, float(_AXIS) - 4, bottom + 22.0),
        legend,
    )


@attrs.frozen
class _Node:
    """What a bar is filled by: a phase's or a series' figures, and whether it started."""

    completion: float | None
    planned: float | None
    status: Status | None
    started: bool


def _phase_node(progress: Progress, id: str) -> _Node | None:
    for p in progress.phases:
        if p.id == id:
            started = p.state is not PhaseState.NOT_STARTED
            return _Node(p.completion, p.planned, p.status, started)
    return None


def _series_node(progress: Progress, id: str) -> _Node | None:
    for s in progress.series:
        if s.id == id:
            return _Node(s.completion, s.planned, s.status, progress.as_of >= s.start)
    return None


def _trails(history: Sequence[Progress], as_of: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    """Each series' completion on the days of *history* up to *as_of*, in day order."""
    trails: dict[str, list[tuple[dt.date, float]]] = {}
    for p in sorted((p for p in history if p.as_of <= as_of), key=lambda p: p.as_of):
        for s in p.series:
            if s.completion is not None:
                trails.setdefault(s.id, []).append((p.as_of, s.completion))
    return trails


class _Rows:
    """Draws the rows of one chart, top to bottom."""

    def __init__(
        self,
        axis: TimeAxis,
        column: float,
        labels: Labels,
        progress: Progress,
        done: dict[str, Outcome] | None,
    ) -> None:
        self.axis, self.column, self.labels = axis, column, labels
        self.as_of = progress.as_of
        self.done = done
        self.rows: list[Markup] = []

    @property
    def y(self) -> float:
        """The top of the next row."""
        return float(_AXIS + len(self.rows) * _ROW)

    def row(self, kind: str, id: str, label: str, assumed: bool, parts: list[Markup]) -> None:
        """Add a row: its label, then *parts*."""
        fields = {
            "class": f"gantt-row {kind}",
            "id": f"gantt-row-{len(self.rows)}",
            "data-id": id,
            "data-kind": kind,
        }
        text = row_label(self.y + 15.0, label, assumed, self.column, "gantt-label")
        self.rows.append(element("g", fields, text, *parts))

    def bar(self, start: dt.date, end: dt.date, kind: str, node: _Node | None) -> list[Markup]:
        """A bar over ``start .. end``, filled by *node*'s completion once it has started."""
        where = self.axis.span(start, end)
        if where is None:
            return []
        labels = self.labels
        x, width = where
        completion = node.completion if node and node.started else None
        tip = labels(
            "chart.bar-span",
            start=labels.date(start),
            end=labels.date(end),
            completion=labels.percent(completion),
            planned=labels.percent(node.planned if node else None),
            status=labels.status(node.status if node else None),
        )
        if node is not None and not node.started:
            tip = labels("chart.bar-not-started", start=labels.date(start), end=labels.date(end))
        box = {"x": x, "y": self.y + 5.0, "width": max(width, 1.0), "height": 12.0, "rx": 2}
        data = "" if completion is None else f"{completion:.6f}"
        track = {"class": f"gantt-bar {kind}", **box, "fill": _BAR, "data-completion": data}
        parts = [element("rect", track, title_element(tip))]
        if completion:
            filled = {**box, "width": max(width * completion, 1.0), "fill": _DONE}
            parts.append(element("rect", {"class": "gantt-done", **filled}, title_element(tip)))
        return parts

    def band(self, start: dt.date, end: dt.date, name: str) -> list[Markup]:
        """A thin band over the dates of a standing mechanism."""
        where = self.axis.span(start, end)
        if where is None:
            return []
        labels = self.labels
        tip = labels("chart.standing", start=labels.date(start), end=labels.date(end))
        band = {"x": where[0], "y": self.y + 9.0, "width": where[1], "height": 4.0}
        rect = {"class": "gantt-standing", **band, "fill": _STANDING}
        return [element("rect", rect, title_element(f"{name}{labels.colon}{tip}"))]

    def marks(self, items: Iterable[tuple[str, dt.date]], kind: str) -> list[Markup]:
        """A dot per day of *items* (ref, day), coloured by what became of them."""
        by_day: dict[dt.date, list[str]] = {}
        for ref, day in items:
            by_day.setdefault(day, []).append(ref)
        return [self._dot(day, refs, kind) for day, refs in sorted(by_day.items())]

    def _dot(self, day: dt.date, refs: list[str], kind: str) -> Markup:
        labels = self.labels
        past = day <= self.as_of
        if self.done is None:
            state: str = UNRECORDED if past else Outcome.UPCOMING
            counts = ""
        else:
            outcomes = [outcome(self.done, ref, day, self.as_of) for ref in refs]
            state = combined(outcomes)
            counts = labels.join(
                [
                    f"{labels(f'outcome.{o.value}')} {outcomes.count(o)}"
                    for o in Outcome
                    if o in outcomes
                ]
            )
        fill, stroke, dashes = _DOT[state]
        tip = f"{labels.date(day)} {labels.weekday(day)}{labels.colon}{labels(f'outcome.{state}')}"
        if len(refs) > 1:
            tip += f" ({counts})"
        fields = {
            "class": f"{kind} {'past' if past else 'upcoming'} outcome-{state}",
            "cx": self.axis.middle(day),
            "cy": self.y + 11.0,
            "r": 3.5,
            "fill": fill,
            "stroke": stroke,
            "stroke-width": 1.2,
            "stroke-dasharray": dashes,
            "data-day": day.isoformat(),
            "data-outcome": state,
            "data-items": len(refs),
        }
        return element("circle", fields, title_element(tip))

    def trail(self, points: Sequence[tuple[dt.date, float]], node: _Node | None) -> list[Markup]:
        """A series' completion over time, drawn inside its row (0% at the bottom of the
        row, 100% at its top), ending with a dot at the last value."""
        if not points:
            return []
        labels = self.labels
        top, height = self.y + 3.0, 16.0

        def at(day: dt.date, value: float) -> tuple[float, float]:
            return self.axis.middle(day), top + height * (1.0 - min(max(value, 0.0), 1.0))

        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(d, v) for d, v in points))
        last_day, last = points[-1]
        tip = labels(
            "chart.trail",
            completion=labels.percent(last),
            day=labels.date(last_day),
            planned=labels.percent(node.planned if node else None),
        )
        line = {
            "class": "gantt-trail",
            "points": coordinates,
            "fill": "none",
            "stroke": _DONE,
            "stroke-width": 1.5,
            "data-last": f"{last:.6f}",
        }
        x, y = at(last_day, last)
        dot = {"class": "gantt-trail-end", "cx": x, "cy": y, "r": 2.5, "fill": _DONE}
        return [
            element("polyline", line, title_element(tip)),
            element("circle", dot, title_element(tip)),
        ]


def _days_off(
    axis: TimeAxis, calendar: WorkingCalendar, top: float, height: float, labels: Labels
) -> list[Markup]:
    """Rectangles over runs of days off (``weekend`` or ``holiday``) and make-up workdays."""
    weekend = calendar.weekend if calendar.weekend is not None else frozenset({5, 6})
    working = set(calendar.iter_working_dates(axis.first, axis.last))
    runs: list[tuple[str, dt.date, dt.date]] = []
    for offset in range(axis.days):
        day = axis.first + dt.timedelta(days=offset)
        on_weekend = day.weekday() in weekend
        if day in working:
            kind = "makeup" if on_weekend else ""
        else:
            kind = "weekend" if on_weekend else "holiday"
        if kind and runs and runs[-1][0] == kind and runs[-1][2] + dt.timedelta(days=1) == day:
            runs[-1] = (kind, runs[-1][1], day)
        elif kind:
            runs.append((kind, day, day))
    rects = []
    for kind, start, end in runs:
        x, width = axis.span(start, end) or (0.0, 0.0)
        fields: dict[str, object] = {
            "class": f"off {kind}" if kind != "makeup" else "makeup",
            "x": x,
            "y": top,
            "width": width,
            "height": height,
            "fill": _OFF[kind],
            "data-start": start.isoformat(),
            "data-end": end.isoformat(),
        }
        if kind == "makeup":
            fields.update({"stroke": "#90a4ae", "stroke-dasharray": "2 2"})
        days = labels.date(start) if start == end else f"{labels.date(start)} – {labels.date(end)}"
        rects.append(
            element(
                "rect", fields, title_element(f"{labels(f'legend.{kind}')}{labels.colon}{days}")
            )
        )
    return rects


def _separators(phases: int, series: int, bottom: float) -> Markup:
    lines = []
    for count in (phases, phases + series):
        y = float(_AXIS + count * _ROW)
        if _AXIS < y < bottom:
            fields = {"x1": 0.0, "x2": float(WIDTH), "y1": y, "y2": y, "stroke": "#bdbdbd"}
            lines.append(element("line", {"class": "gantt-sep", **fields}))
    return element("g", {"class": "separators"}, *lines)


def _legend(labels: Labels, top: float, recorded: bool) -> tuple[Markup, float]:
    """A key to every kind of mark, in lines under the rows from *top*; and its height."""
    keys: list[tuple[str, Markup]] = []

    def swatch(kind: str, shape: Markup) -> None:
        keys.append((kind, shape))

    swatch(
        "bar", element("rect", {"x": 0.0, "y": -9.0, "width": 18.0, "height": 10.0, "fill": _BAR})
    )
    swatch(
        "done", element("rect", {"x": 0.0, "y": -9.0, "width": 18.0, "height": 10.0, "fill": _DONE})
    )
    states: list[str] = [Outcome.HELD, Outcome.MISSED, Outcome.CANCELLED, Outcome.UPCOMING]
    if not recorded:
        states = [UNRECORDED, Outcome.UPCOMING]
    for state in states:
        fill, stroke, dashes = _DOT[state]
        dot = {
            "cx": 9.0,
            "cy": -4.0,
            "r": 3.5,
            "fill": fill,
            "stroke": stroke,
            "stroke-dasharray": dashes,
        }
        swatch(f"outcome.{state}", element("circle", dot))
    for kind in ("weekend", "holiday", "makeup"):
        box = {"x": 0.0, "y": -10.0, "width": 18.0, "height": 12.0, "fill": _OFF[kind]}
        if kind == "makeup":
            box.update({"stroke": "#90a4ae", "stroke-dasharray": "2 2"})
        swatch(f"legend.{kind}", element("rect", box))
    line = {"x1": 9.0, "x2": 9.0, "y1": -11.0, "y2": 3.0, "stroke": "#d32f2f", "stroke-width": 1.5}
    swatch("legend.as-of", element("line", line))
    items = []
    x, y = 8.0, top
    for key, shape in keys:
        text = labels(f"legend.{key}") if "." not in key else labels(key)
        width = 24.0 + _text_width(text) + 16.0
        if x + width > WIDTH - _RIGHT:
            x, y = 8.0, y + 18.0
        items.append(
            element(
                "g",
                {
                    "class": "legend-item",
                    "transform": f"translate({x:.1f},{y:.1f})",
                    "data-key": key,
                },
                shape,
                text_element(24.0, 0.0, text, font_size=11, fill=MUTED),
            )
        )
        x += width
    return element("g", {"class": "legend"}, *items), y - top + 18.0


def _text_width(text: str) -> float:
    """The width of *text* at 11px, measured like row labels."""
    return display_width(text) * COLUMN * 11 / 12
