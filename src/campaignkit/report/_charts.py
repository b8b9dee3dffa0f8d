"""Charts as inline SVG, drawn in Python: no script, no font, no network.

Three charts go into the HTML report:

- :func:`gantt_chart` — one row per phase, per activity series and per mechanism: bars for
  phases and series (the part done shaded in), a dot per occurrence of a recurring mechanism,
  a thin band for a standing one, a mark per scheduled activity; the days off of the
  campaign's working calendar shaded (holidays darker than weekends), make-up workdays
  outlined, and a line on the as-of day;
- :func:`burnup_chart` — earned and planned completion over the campaign, from a list of
  :class:`~campaignkit.tracking.Progress` values such as
  :func:`~campaignkit.tracking.progress_series` returns;
- :func:`completion_chart` — one bar per series: completion, with a tick at what was planned.

Every chart is an ``<svg class="chart …" id="chart-NAME">`` with a ``<title>``; elements carry
stable classes (``gantt-row``, ``burnup-point``, ``series-bar``) and ``data-`` attributes
(``data-id``, ``data-day``, ``data-value``) so that tests and style sheets can find them.
Colours are presentation attributes, so a chart looks right on its own too. Output is
deterministic: the same input gives the same bytes.

>>> svg = svg_element("demo", 100, 20, "A <demo>", text_element(5, 15, "R&D"))
>>> "A &lt;demo&gt;" in svg, "R&amp;D" in svg
(True, True)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

from campaignkit.calendar import WorkingCalendar
from campaignkit.io._table import truncate
from campaignkit.model import Campaign
from campaignkit.report._labels import Labels
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Progress, Status

WIDTH = 960
"""The width of every chart in SVG units (pixels at 100%)."""
_LABEL_WIDTH = 230
_LABEL_COLUMNS = 34  # display columns that fit in the label column at 12px
_RIGHT = 12
_ROW = 22
_AXIS = 30

STATUS_COLOURS = {
    Status.AHEAD: "#2e7d32",
    Status.ON: "#1565c0",
    Status.AT_RISK: "#ef6c00",
    Status.BEHIND: "#c62828",
    None: "#9e9e9e",
}
"""The colour of each status (``None``: nothing to measure)."""

_INK = "#212121"
_MUTED = "#616161"
_GRID = "#e0e0e0"
_AS_OF = "#d32f2f"


# -- SVG building blocks ----------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: one decimal, no trailing zero (``12``, ``12.5``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(attributes: Mapping[str, object]) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        text = _n(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    return "".join(parts)


def _element(name: str, attributes: Mapping[str, object], *children: str) -> Markup:
    inner = "".join(str(c) for c in children)
    if not inner:
        return Markup(f"<{name}{_attrs(attributes)}/>")
    return Markup(f"<{name}{_attrs(attributes)}>{inner}</{name}>")


def text_element(x: float, y: float, text: str, **attributes: object) -> Markup:
    """A ``<text>`` element holding *text* (escaped). Keyword names use ``_`` for ``-``."""
    fields: dict[str, object] = {"x": float(x), "y": float(y)}
    fields.update({k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()})
    return Markup(f"<text{_attrs(fields)}>{escape(text)}</text>")


def _title(text: str) -> Markup:
    return Markup(f"<title>{escape(text)}</title>")


def svg_element(name: str, width: float, height: float, title: str, *children: str) -> Markup:
    """An inline ``<svg>`` chart named *name*, with its accessible *title*."""
    fields = {
        "class": f"chart {name}",
        "id": f"chart-{name}",
        "viewBox": f"0 0 {_n(width)} {_n(height)}",
        "width": float(width),
        "height": float(height),
        "role": "img",
        "aria-labelledby": f"chart-{name}-title",
    }
    heading = Markup(f'<title id="chart-{name}-title">{escape(title)}</title>')
    return _element("svg", fields, heading, *children)


# -- the time axis ----------------------------------------------------------------------------


class _TimeAxis:
    """Maps the days of a window onto ``left .. right``."""

    def __init__(self, first: dt.date, last: dt.date, left: float, right: float) -> None:
        self.first, self.last = first, last
        self.left, self.right = left, right
        self.days = (last - first).days + 1
        self.day_width = (right - left) / self.days

    def x(self, day: dt.date) -> float:
        """The left edge of *day*."""
        return self.left + (day - self.first).days * self.day_width

    def middle(self, day: dt.date) -> float:
        """The middle of *day*."""
        return self.x(day) + self.day_width / 2

    def span(self, start: dt.date, end: dt.date) -> tuple[float, float] | None:
        """(x, width) of the days ``start .. end`` clipped to the window; ``None`` outside it."""
        start, end = max(start, self.first), min(end, self.last)
        if end < start:
            return None
        return self.x(start), ((end - start).days + 1) * self.day_width

    def months(self) -> list[dt.date]:
        """The first day of every month the window reaches into, thinned to about 12 labels."""
        firsts = []
        day = self.first.replace(day=1)
        while day <= self.last:
            firsts.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        step = max(1, math.ceil(len(firsts) / 12))
        return firsts[::step]

    def ticks(self, labels: Labels, top: float, bottom: float, label_y: float) -> Markup:
        """Month lines from *top* to *bottom*, labelled at *label_y*."""
        parts = []
        for first in self.months():
            at = max(first, self.first)
            x = self.x(at)
            if first >= self.first:
                line = {"x1": x, "x2": x, "y1": top, "y2": bottom, "stroke": _GRID}
                parts.append(_element("line", {"class": "month", **line}))
            parts.append(
                text_element(
                    x + 3,
                    label_y,
                    labels.month(first),
                    class_="month-label",
                    font_size=11,
                    fill=_MUTED,
                )
            )
        return _element("g", {"class": "axis"}, *parts)

    def as_of_line(self, day: dt.date, labels: Labels, top: float, bottom: float) -> Markup:
        """The as-of line, when *day* lies in the window (an empty group otherwise)."""
        if not self.first <= day <= self.last:
            return _element("g", {"class": "as-of-line", "data-day": day.isoformat()})
        x = self.middle(day)
        anchor = "end" if x > (self.left + self.right) / 2 else "start"
        dx = -4 if anchor == "end" else 4
        line = {"x1": x, "x2": x, "y1": top, "y2": bottom, "stroke": _AS_OF, "stroke-width": 1.5}
        return _element(
            "g",
            {"class": "as-of-line", "data-day": day.isoformat()},
            _element("line", {"class": "as-of", **line}),
            text_element(
                x + dx,
                bottom - 4,
                labels("chart.as-of", day=labels.date(day)),
                class_="as-of-label",
                text_anchor=anchor,
                font_size=11,
                fill=_AS_OF,
            ),
        )


# -- Gantt ------------------------------------------------------------------------------------


def _days_off(
    axis: _TimeAxis, calendar: WorkingCalendar, top: float, height: float
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
    fills = {"weekend": "#eeeeee", "holiday": "#cfd8dc", "makeup": "none"}
    rects = []
    for kind, start, end in runs:
        x, width = axis.span(start, end) or (0.0, 0.0)
        fields: dict[str, object] = {
            "class": f"off {kind}" if kind != "makeup" else "makeup",
            "x": x,
            "y": top,
            "width": width,
            "height": height,
            "fill": fills[kind],
            "data-start": start.isoformat(),
            "data-end": end.isoformat(),
        }
        if kind == "makeup":
            fields.update({"stroke": "#90a4ae", "stroke-dasharray": "2 2"})
        rects.append(_element("rect", fields))
    return rects


def _row_label(y: float, label: str, assumed: bool) -> Markup:
    text = truncate(label, _LABEL_COLUMNS - (1 if assumed else 0)) + ("*" if assumed else "")
    return _element(
        "text",
        {
            "class": "gantt-label",
            "x": float(_LABEL_WIDTH - 8),
            "y": y + 15.0,
            "text-anchor": "end",
            "font-size": 12,
            "fill": _INK,
        },
        _title(label),
        escape(text),
    )


def gantt_chart(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    labels: Labels,
    *,
    calendar: WorkingCalendar | None = None,
) -> Markup:
    """The Gantt chart of *campaign*: rows for phases, then series, then mechanisms.

    Args:
        campaign: The campaign (row names, in ``labels``' language).
        schedule: Its schedule (dates of phases, spans, occurrences and activities).
        progress: Its progress (the as-of day; the part done of phases and series).
        labels: The language.
        calendar: The working calendar whose days off are shaded; the campaign's own by
            default.
    """
    calendar = calendar or WorkingCalendar.for_campaign(campaign)
    axis = _TimeAxis(schedule.window_start, schedule.window_end, _LABEL_WIDTH, WIDTH - _RIGHT)
    rows: list[Markup] = []
    done = {p.id: p.completion for p in progress.phases}
    done.update({s.id: s.completion for s in progress.series})

    def bar(y: float, start: dt.date, end: dt.date, kind: str, id: str) -> list[Markup]:
        where = axis.span(start, end)
        if where is None:
            return []
        x, width = where
        box = {"x": x, "y": y + 5.0, "width": max(width, 1.0), "height": 12.0, "rx": 2}
        parts = [_element("rect", {"class": f"gantt-bar {kind}", **box, "fill": "#90caf9"})]
        fraction = done.get(id)
        if fraction:
            filled = {**box, "width": max(width * fraction, 1.0)}
            parts.append(_element("rect", {"class": "gantt-done", **filled, "fill": "#1e88e5"}))
        return parts

    def row(kind: str, id: str, label: str, assumed: bool, parts: list[Markup]) -> None:
        y = float(_AXIS + len(rows) * _ROW)
        fields = {
            "class": f"gantt-row {kind}",
            "id": f"gantt-row-{len(rows)}",
            "data-id": id,
            "data-kind": kind,
        }
        rows.append(_element("g", fields, _row_label(y, label, assumed), *parts))

    def y_now() -> float:
        return float(_AXIS + len(rows) * _ROW)

    for dated in schedule.phases:
        phase = campaign.phase(dated.phase)
        row(
            "phase",
            phase.id,
            phase.label(labels.tag),
            phase.assumed,
            bar(y_now(), dated.start, dated.end, "phase", phase.id),
        )
    by_series: dict[str, set[dt.date]] = {}
    for activity in schedule.activities:
        by_series.setdefault(activity.series, set()).add(activity.day)
    spans = {id: (start, end) for id, start, end in schedule.spans}  # none for an empty span
    for series in campaign.series:
        y = y_now()
        span = spans.get(series.id)
        parts = bar(y, *span, "series", series.id) if span else []
        for day in sorted(by_series.get(series.id, ())):
            parts.append(_marker(axis, day, y, "gantt-event", progress.as_of))
        row("series", series.id, series.label(labels.tag), series.assumed, parts)
    timelines = {t.mechanism: t for t in schedule.timelines}
    for mechanism in campaign.mechanisms:
        y = y_now()
        timeline = timelines.get(mechanism.id)
        if timeline is None:
            span = spans.get(mechanism.id)
            where = axis.span(*span) if span else None
            parts = []
            if where is not None:
                band = {"x": where[0], "y": y + 9.0, "width": where[1], "height": 4.0}
                parts.append(
                    _element("rect", {"class": "gantt-standing", **band, "fill": "#b0bec5"})
                )
        else:
            days = sorted({s.start.date() for s in timeline.slots})
            parts = [_marker(axis, day, y, "gantt-occurrence", progress.as_of) for day in days]
        row("mechanism", mechanism.id, mechanism.label(labels.tag), mechanism.assumed, parts)

    bottom = float(_AXIS + len(rows) * _ROW)
    height = bottom + 22.0
    background = _element(
        "g", {"class": "calendar"}, *_days_off(axis, calendar, float(_AXIS), bottom - _AXIS)
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
        _element("g", {"class": "rows"}, *rows),
        axis.as_of_line(progress.as_of, labels, float(_AXIS) - 4, height),
    )


def _separators(phases: int, series: int, bottom: float) -> Markup:
    lines = []
    for count in (phases, phases + series):
        y = float(_AXIS + count * _ROW)
        if _AXIS < y < bottom:
            fields = {"x1": 0.0, "x2": float(WIDTH), "y1": y, "y2": y, "stroke": "#bdbdbd"}
            lines.append(_element("line", {"class": "gantt-sep", **fields}))
    return _element("g", {"class": "separators"}, *lines)


def _marker(axis: _TimeAxis, day: dt.date, y: float, kind: str, as_of: dt.date) -> Markup:
    """A dot on *day*: filled when the day is on or before the as-of day, hollow after it."""
    past = day <= as_of
    fields = {
        "class": f"{kind} {'past' if past else 'upcoming'}",
        "cx": axis.middle(day),
        "cy": y + 11.0,
        "r": 3.5,
        "fill": "#37474f" if past else "#ffffff",
        "stroke": "#37474f",
        "stroke-width": 1.2,
        "data-day": day.isoformat(),
    }
    return _element("circle", fields)


# -- burn-up ----------------------------------------------------------------------------------

_BURNUP_HEIGHT = 300
_PLOT_LEFT, _PLOT_TOP, _PLOT_BOTTOM = 56.0, 34.0, 256.0


def burnup_chart(
    history: Sequence[Progress],
    as_of: dt.date,
    first: dt.date,
    last: dt.date,
    labels: Labels,
) -> Markup:
    """Earned and planned completion of the campaign over ``first .. last``.

    Args:
        history: The progress on several days (any order); the planned line uses every one
            that has something to measure, the earned line those on or before *as_of*.
        as_of: The report's day.
        first: The first day of the axis (the campaign's first day).
        last: The last day of the axis (the campaign's last day).
        labels: The language.
    """
    axis = _TimeAxis(first, last, _PLOT_LEFT, WIDTH - 20.0)
    plot_height = _PLOT_BOTTOM - _PLOT_TOP

    def y(value: float) -> float:
        return _PLOT_BOTTOM - min(max(value, 0.0), 1.0) * plot_height

    grid = []
    for step in range(5):
        value = step / 4
        line = {"x1": _PLOT_LEFT, "x2": float(WIDTH - 20), "y1": y(value), "y2": y(value)}
        grid.append(_element("line", {"class": "grid", **line, "stroke": _GRID}))
        grid.append(
            text_element(
                _PLOT_LEFT - 6,
                y(value) + 4,
                labels.percent(value),
                class_="tick",
                text_anchor="end",
                font_size=11,
                fill=_MUTED,
            )
        )
    points = sorted(
        (p for p in history if first <= p.as_of <= last and p.planned is not None),
        key=lambda p: p.as_of,
    )
    planned = [(p.as_of, p.planned or 0.0) for p in points]
    earned = [(p.as_of, p.completion or 0.0) for p in points if p.as_of <= as_of]
    series = [
        _polyline(axis, y, planned, "planned", "#90a4ae", "6 4"),
        _polyline(axis, y, earned, "earned", "#1e88e5", None),
    ]
    legend = _legend(labels)
    return svg_element(
        "burnup",
        WIDTH,
        _BURNUP_HEIGHT,
        labels("chart.burnup"),
        _element("g", {"class": "grid"}, *grid),
        axis.ticks(labels, _PLOT_TOP, _PLOT_BOTTOM, _PLOT_BOTTOM + 18),
        *series,
        axis.as_of_line(as_of, labels, _PLOT_TOP - 8, float(_BURNUP_HEIGHT)),
        legend,
    )


def _polyline(
    axis: _TimeAxis,
    y: Callable[[float], float],
    points: list[tuple[dt.date, float]],
    kind: str,
    colour: str,
    dashes: str | None,
) -> Markup:
    coordinates = " ".join(f"{_n(axis.middle(day))},{_n(y(value))}" for day, value in points)
    parts: list[str] = []
    if len(points) > 1:
        line = {
            "points": coordinates,
            "fill": "none",
            "stroke": colour,
            "stroke-width": 2,
            "stroke-dasharray": dashes,
        }
        parts.append(_element("polyline", {"class": f"burnup-line {kind}", **line}))
    for day, value in points:
        dot = {
            "cx": axis.middle(day),
            "cy": y(value),
            "r": 3.0,
            "fill": colour,
            "data-day": day.isoformat(),
            "data-value": f"{value:.6f}",
        }
        parts.append(_element("circle", {"class": f"burnup-point {kind}", **dot}))
    return _element("g", {"class": f"burnup-{kind}"}, *parts)


def _legend(labels: Labels) -> Markup:
    items = []
    x = float(WIDTH - 250)
    for kind, colour, dashes in (("earned", "#1e88e5", None), ("planned", "#90a4ae", "6 4")):
        line = {
            "x1": x,
            "x2": x + 24,
            "y1": 14.0,
            "y2": 14.0,
            "stroke": colour,
            "stroke-width": 2,
            "stroke-dasharray": dashes,
        }
        items.append(_element("line", line))
        items.append(text_element(x + 30, 18, labels(f"chart.{kind}"), font_size=12, fill=_INK))
        x += 120
    return _element("g", {"class": "legend"}, *items)


# -- completion bars --------------------------------------------------------------------------

_BAR_ROW = 26
_BAR_RIGHT = WIDTH - 70


def completion_chart(campaign: Campaign, progress: Progress, labels: Labels) -> Markup:
    """One bar per activity series: completion (coloured by status) and a planned tick."""
    bars = []
    track_width = float(_BAR_RIGHT - _LABEL_WIDTH)
    for index, node in enumerate(progress.series):
        y = float(10 + index * _BAR_ROW)
        series = campaign.series_by_id(node.id)
        completion = node.completion
        box = {"x": float(_LABEL_WIDTH), "y": y + 4, "height": 14.0, "rx": 2}
        parts = [
            _row_label(y - 1, series.label(labels.tag), series.assumed),
            _element(
                "rect", {"class": "bar-track", **box, "width": track_width, "fill": "#eceff1"}
            ),
            _element(
                "rect",
                {
                    "class": f"bar-fill status-{node.status.value if node.status else 'none'}",
                    **box,
                    "width": track_width * (completion or 0.0),
                    "fill": STATUS_COLOURS[node.status],
                },
            ),
        ]
        if node.planned is not None:
            x = _LABEL_WIDTH + track_width * node.planned
            tick = {"x1": x, "x2": x, "y1": y + 1, "y2": y + 21, "stroke": _INK, "stroke-width": 2}
            parts.append(_element("line", {"class": "bar-planned", **tick}))
        parts.append(
            text_element(
                _BAR_RIGHT + 8,
                y + 16,
                labels.percent(completion),
                class_="bar-value",
                font_size=12,
                fill=_INK,
            )
        )
        fields = {
            "class": "series-bar",
            "id": f"series-bar-{index}",
            "data-id": node.id,
            "data-completion": "" if completion is None else f"{completion:.6f}",
        }
        bars.append(_element("g", fields, *parts))
    height = 20 + len(bars) * _BAR_ROW
    return svg_element("completion", WIDTH, height, labels("chart.completion"), *bars)
