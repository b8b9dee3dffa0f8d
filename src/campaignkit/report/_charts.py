"""Charts as inline SVG, drawn in Python: no script, no font, no network.

The building blocks of the report's charts, and two of them:

- :func:`burnup_chart` — earned and planned completion over the campaign, from a list of
  :class:`~campaignkit.tracking.Progress` values such as
  :func:`~campaignkit.tracking.progress_series` returns; a segment whose rise rests on
  records dated by assumption is hatched and annotated;
- :func:`completion_chart` — one bar per series: completion, with a tick at what was planned.

The Gantt chart is drawn in ``campaignkit.report._gantt``, the indicator cards in
``campaignkit.report._kpi``.

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
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import markupsafe
from markupsafe import Markup

from campaignkit._text import display_width, printable, truncate
from campaignkit.model import Campaign
from campaignkit.report._labels import Labels
from campaignkit.tracking import Progress, Status

WIDTH = 960
"""The width of every chart in SVG units (pixels at 100%)."""
COLUMN = 7.0
"""The width of one display column of 12px text: a Latin letter at most (most are narrower),
half a Chinese character (which is 12px wide). Labels are measured in display columns
(:func:`~campaignkit.io.table.display_width`) and this, so that neither script is cut."""
_LABEL_MIN, _LABEL_MAX = 120.0, 340.0

STATUS_COLOURS = {
    Status.AHEAD: "#2e7d32",
    Status.ON: "#1565c0",
    Status.AT_RISK: "#ef6c00",
    Status.BEHIND: "#c62828",
    None: "#9e9e9e",
}
"""The colour of each status (``None``: nothing to measure)."""

INK = "#212121"
"""The colour of text."""
MUTED = "#616161"
"""The colour of secondary text (ticks, notes)."""
_GRID = "#e0e0e0"
AS_OF = "#d32f2f"
"""The colour of the as-of line."""


# -- SVG building blocks ----------------------------------------------------------------------


def coordinate(value: float) -> str:
    """A coordinate: one decimal, no trailing zero (``12``, ``12.5``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def escape(text: str) -> Markup:
    """*text* as SVG text that reads as itself: markup escaped, and control characters
    (ESC, a bidirectional override) shown as their escapes, as in the rest of a report."""
    return markupsafe.escape(printable(text))


def _attrs(attributes: Mapping[str, object]) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        text = coordinate(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    return "".join(parts)


def element(name: str, attributes: Mapping[str, object], *children: str) -> Markup:
    inner = "".join(str(c) for c in children)
    if not inner:
        return Markup(f"<{name}{_attrs(attributes)}/>")
    return Markup(f"<{name}{_attrs(attributes)}>{inner}</{name}>")


def text_element(x: float, y: float, text: str, **attributes: object) -> Markup:
    """A ``<text>`` element holding *text* (escaped). Keyword names use ``_`` for ``-``."""
    fields: dict[str, object] = {"x": float(x), "y": float(y)}
    fields.update({k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()})
    return Markup(f"<text{_attrs(fields)}>{escape(text)}</text>")


def title_element(text: str) -> Markup:
    return Markup(f"<title>{escape(text)}</title>")


def svg_element(name: str, width: float, height: float, title: str, *children: str) -> Markup:
    """An inline ``<svg>`` chart named *name*, with its accessible *title*."""
    fields = {
        "class": f"chart {name}",
        "id": f"chart-{name}",
        "viewBox": f"0 0 {coordinate(width)} {coordinate(height)}",
        "width": float(width),
        "height": float(height),
        "role": "img",
        "aria-labelledby": f"chart-{name}-title",
    }
    heading = Markup(f'<title id="chart-{name}-title">{escape(title)}</title>')
    return element("svg", fields, heading, *children)


def label_column(texts: Iterable[str]) -> float:
    """The width of a column of row labels wide enough for the widest of *texts* (and a
    margin), between 120 and 340 units: wider labels are cut with ``…``."""
    widest = max((display_width(t) for t in texts), default=0)
    return min(max(widest * COLUMN + 16.0, _LABEL_MIN), _LABEL_MAX)


def row_label(y: float, label: str, assumed: bool, column: float, css: str) -> Markup:
    """A row's label, right-aligned to the end of a label *column*, cut to fit its display
    width, with the whole name as its tooltip and ``*`` when it is assumed."""
    room = int((column - 16.0) / COLUMN)
    # cut as shown: an invisible character takes no column, but is shown as its escape
    text = truncate(printable(label), room - (1 if assumed else 0)) + ("*" if assumed else "")
    fields = {
        "class": css,
        "x": column - 8.0,
        "y": y,
        "text-anchor": "end",
        "font-size": 12,
        "fill": INK,
    }
    return element("text", fields, title_element(label + ("*" if assumed else "")), escape(text))


# -- the time axis ----------------------------------------------------------------------------


class TimeAxis:
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
                parts.append(element("line", {"class": "month", **line}))
            parts.append(
                text_element(
                    x + 3,
                    label_y,
                    labels.month(first),
                    class_="month-label",
                    font_size=11,
                    fill=MUTED,
                )
            )
        return element("g", {"class": "axis"}, *parts)

    def as_of_line(self, day: dt.date, labels: Labels, top: float, bottom: float) -> Markup:
        """The as-of line, when *day* lies in the window (an empty group otherwise)."""
        if not self.first <= day <= self.last:
            return element("g", {"class": "as-of-line", "data-day": day.isoformat()})
        x = self.middle(day)
        anchor = "end" if x > (self.left + self.right) / 2 else "start"
        dx = -4 if anchor == "end" else 4
        line = {"x1": x, "x2": x, "y1": top, "y2": bottom, "stroke": AS_OF, "stroke-width": 1.5}
        return element(
            "g",
            {"class": "as-of-line", "data-day": day.isoformat()},
            element(
                "line",
                {"class": "as-of", **line},
                title_element(labels("chart.as-of", day=labels.date(day))),
            ),
            text_element(
                x + dx,
                bottom - 4,
                labels("chart.as-of", day=labels.date(day)),
                class_="as-of-label",
                text_anchor=anchor,
                font_size=11,
                fill=AS_OF,
            ),
        )


# -- burn-up ----------------------------------------------------------------------------------

_BURNUP_HEIGHT = 300
_PLOT_LEFT, _PLOT_TOP, _PLOT_BOTTOM = 56.0, 34.0, 256.0


def burnup_chart(
    history: Sequence[Progress],
    as_of: dt.date,
    first: dt.date,
    last: dt.date,
    labels: Labels,
    *,
    assumed: Mapping[dt.date, int] | None = None,
) -> Markup:
    """Earned and planned completion of the campaign over ``first .. last``.

    Args:
        history: The progress on several days (any order); the planned line uses every one
            that has something to measure, the earned line those on or before *as_of*.
        as_of: The report's day.
        first: The first day of the axis (the campaign's first day).
        last: The last day of the axis (the campaign's last day).
        labels: The language.
        assumed: For a day of *history*, how many records dated by assumption the earned
            line's rise up to that day rests on (readings marked ``assumed``, totals dated on
            the report's day): such a segment is drawn dashed over a hatched area, with the
            count written beside it.
    """
    axis = TimeAxis(first, last, _PLOT_LEFT, WIDTH - 20.0)
    plot_height = _PLOT_BOTTOM - _PLOT_TOP

    def y(value: float) -> float:
        return _PLOT_BOTTOM - min(max(value, 0.0), 1.0) * plot_height

    grid = []
    for step in range(5):
        value = step / 4
        line = {"x1": _PLOT_LEFT, "x2": float(WIDTH - 20), "y1": y(value), "y2": y(value)}
        grid.append(element("line", {"class": "grid", **line, "stroke": _GRID}))
        grid.append(
            text_element(
                _PLOT_LEFT - 6,
                y(value) + 4,
                labels.percent(value),
                class_="tick",
                text_anchor="end",
                font_size=11,
                fill=MUTED,
            )
        )
    points = sorted(
        (p for p in history if first <= p.as_of <= last and p.planned is not None),
        key=lambda p: p.as_of,
    )
    planned = [(p.as_of, p.planned or 0.0) for p in points]
    earned = [(p.as_of, p.completion or 0.0) for p in points if p.as_of <= as_of]
    series = [
        _polyline(axis, y, planned, "planned", "#90a4ae", "6 4", labels),
        _polyline(axis, y, earned, "earned", "#1e88e5", None, labels),
        _assumed_rises(axis, y, earned, assumed or {}, labels),
    ]
    legend = _legend(labels)
    return svg_element(
        "burnup",
        WIDTH,
        _BURNUP_HEIGHT,
        labels("chart.burnup"),
        element("g", {"class": "grid"}, *grid),
        axis.ticks(labels, _PLOT_TOP, _PLOT_BOTTOM, _PLOT_BOTTOM + 18),
        *series,
        axis.as_of_line(as_of, labels, _PLOT_TOP - 8, float(_BURNUP_HEIGHT)),
        legend,
    )


_ASSUMED = "#ef6c00"
NOTABLE = 0.1
"""A rise of the earned line this large (10 points of completion) or larger that rests on
records dated by assumption is written beside the burn-up and named in a caveat; smaller
ones are hatched only."""


def _earned(history: Sequence[Progress], as_of: dt.date) -> list[tuple[dt.date, float]]:
    points = sorted(
        (p for p in history if p.as_of <= as_of and p.planned is not None), key=lambda p: p.as_of
    )
    return [(p.as_of, p.completion or 0.0) for p in points]


def notable_rises(
    history: Sequence[Progress], as_of: dt.date, assumed: Mapping[dt.date, int]
) -> list[tuple[dt.date, int, float]]:
    """The rises of the earned line (day, records dated by assumption, rise) of at least
    :data:`NOTABLE` that rest on records dated by assumption, in day order."""
    found = []
    for (_, value0), (day1, value1) in itertools.pairwise(_earned(history, as_of)):
        count = assumed.get(day1, 0)
        if count > 0 and value1 - value0 >= NOTABLE:
            found.append((day1, count, value1 - value0))
    return found


def _assumed_rises(
    axis: TimeAxis,
    y: Callable[[float], float],
    points: list[tuple[dt.date, float]],
    assumed: Mapping[dt.date, int],
    labels: Labels,
) -> Markup:
    """Hatched areas under the earned segments whose rise rests on records dated by
    assumption, each with its tooltip; the count is written beside a notable one."""
    parts = []
    for (day0, value0), (day1, value1) in itertools.pairwise(points):
        count = assumed.get(day1, 0)
        if count <= 0 or value1 <= value0:
            continue
        x0, x1, low, high = axis.middle(day0), axis.middle(day1), y(value0), y(value1)
        tip = title_element(
            labels(
                "chart.assumed-rise",
                count=count,
                day=labels.date(day1),
                before=labels.percent(value0),
                after=labels.percent(value1),
            )
        )
        corners = [(x0, low), (x1, high), (x1, low)]
        area = {
            "class": "burnup-assumed",
            "points": " ".join(f"{coordinate(a)},{coordinate(b)}" for a, b in corners),
            "fill": _ASSUMED,
            "fill-opacity": 0.12,
            "stroke": _ASSUMED,
            "stroke-dasharray": "4 3",
            "data-day": day1.isoformat(),
            "data-count": count,
            "data-from": f"{value0:.6f}",
            "data-to": f"{value1:.6f}",
        }
        hatch = []
        x = x1 - 4.0
        while x > x0:  # vertical hatching from the base up to the segment
            top = low + (high - low) * (x - x0) / (x1 - x0)
            line = {"x1": x, "x2": x, "y1": low, "y2": top, "stroke": _ASSUMED}
            hatch.append(element("line", {**line, "stroke-width": 1}))
            x -= 4.0
        parts.append(element("g", {"class": "burnup-hatch"}, *hatch))
        parts.append(element("polygon", area, tip))
        if value1 - value0 >= NOTABLE:
            parts.append(
                text_element(
                    x0 - 6,
                    (low + high) / 2,
                    labels("chart.assumed-count", count=count),
                    class_="burnup-assumed-label",
                    text_anchor="end",
                    font_size=11,
                    fill=_ASSUMED,
                )
            )
    return element("g", {"class": "burnup-assumed-rises"}, *parts)


def _polyline(
    axis: TimeAxis,
    y: Callable[[float], float],
    points: list[tuple[dt.date, float]],
    kind: str,
    colour: str,
    dashes: str | None,
    labels: Labels,
) -> Markup:
    coordinates = " ".join(
        f"{coordinate(axis.middle(day))},{coordinate(y(value))}" for day, value in points
    )
    parts: list[str] = []
    if len(points) > 1:
        line = {
            "points": coordinates,
            "fill": "none",
            "stroke": colour,
            "stroke-width": 2,
            "stroke-dasharray": dashes,
        }
        parts.append(element("polyline", {"class": f"burnup-line {kind}", **line}))
    for day, value in points:
        dot = {
            "cx": axis.middle(day),
            "cy": y(value),
            "r": 3.0,
            "fill": colour,
            "data-day": day.isoformat(),
            "data-value": f"{value:.6f}",
        }
        tip = f"{labels.date(day)}{labels.colon}{labels(f'chart.{kind}')} {labels.percent(value)}"
        parts.append(
            element("circle", {"class": f"burnup-point {kind}", **dot}, title_element(tip))
        )
    return element("g", {"class": f"burnup-{kind}"}, *parts)


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
        items.append(element("line", line))
        items.append(text_element(x + 30, 18, labels(f"chart.{kind}"), font_size=12, fill=INK))
        x += 120
    return element("g", {"class": "legend"}, *items)


# -- completion bars --------------------------------------------------------------------------

_BAR_ROW = 26
_BAR_RIGHT = WIDTH - 70


def completion_chart(campaign: Campaign, progress: Progress, labels: Labels) -> Markup:
    """One bar per activity series: completion (coloured by status) and a planned tick.

    The bar's width is the completion times the track's width, exactly; every bar and tick
    carries a tooltip with the figures.
    """
    names = {s.id: s.label(labels.tag) for s in campaign.series}
    assumed = {s.id: s.assumed for s in campaign.series}
    column = label_column(n + ("*" if assumed[i] else "") for i, n in names.items())
    bars = []
    track_width = float(_BAR_RIGHT) - column
    for index, node in enumerate(progress.series):
        y = float(10 + index * _BAR_ROW)
        completion = node.completion
        box = {"x": column, "y": y + 4, "height": 14.0, "rx": 2}
        tip = labels(
            "chart.bar-tip",
            name=names[node.id],
            completion=labels.percent(completion),
            planned=labels.percent(node.planned),
            status=labels.status(node.status),
        )
        parts = [
            row_label(y + 15.0, names[node.id], assumed[node.id], column, "bar-label"),
            element("rect", {"class": "bar-track", **box, "width": track_width, "fill": "#eceff1"}),
            element(
                "rect",
                {
                    "class": f"bar-fill status-{node.status.value if node.status else 'none'}",
                    **box,
                    "width": track_width * (completion or 0.0),
                    "fill": STATUS_COLOURS[node.status],
                },
                title_element(tip),
            ),
        ]
        if node.planned is not None:
            x = column + track_width * node.planned
            tick = {"x1": x, "x2": x, "y1": y + 1, "y2": y + 21, "stroke": INK, "stroke-width": 2}
            parts.append(element("line", {"class": "bar-planned", **tick}, title_element(tip)))
        parts.append(
            text_element(
                _BAR_RIGHT + 8,
                y + 16,
                labels.percent(completion),
                class_="bar-value",
                font_size=12,
                fill=INK,
            )
        )
        fields = {
            "class": "series-bar",
            "id": f"series-bar-{index}",
            "data-id": node.id,
            "data-completion": "" if completion is None else f"{completion:.6f}",
        }
        bars.append(element("g", fields, *parts))
    height = 20 + len(bars) * _BAR_ROW
    return svg_element("completion", WIDTH, height, labels("chart.completion"), *bars)
