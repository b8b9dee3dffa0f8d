"""A card per indicator: :func:`kpi_cards`.

Each card answers "where does this indicator stand?": its name, actual against target (in its
unit), the value planned for the as-of day, its status, a meter filled by its completion, and
a sparkline of its actual value over the report's history (solid) against the value its
trajectory planned on the same days (dashed), under a line at the target.

Cards are laid out three to a row in one SVG, in the order of
:meth:`~campaignkit.tracking.Progress.indicators` (the mechanisms' first, then the series').
Each card is a ``<g class="kpi-card">`` whose ``data-`` attributes hold the figures it shows,
so that a test can check the marks against the numbers: the meter's fill is
``completion × track`` wide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup

from campaignkit._text import display_width, printable, truncate
from campaignkit.model import Campaign
from campaignkit.report._charts import (
    COLUMN,
    INK,
    MUTED,
    STATUS_COLOURS,
    WIDTH,
    coordinate,
    element,
    svg_element,
    text_element,
    title_element,
)
from campaignkit.report._labels import Labels
from campaignkit.tracking import IndicatorProgress, Progress

_PER_ROW = 3
_GAP = 12.0
_CARD_WIDTH = (WIDTH - _GAP * (_PER_ROW - 1)) / _PER_ROW
_CARD_HEIGHT = 118.0
_SPARK_LEFT, _SPARK_TOP, _SPARK_HEIGHT = 12.0, 72.0, 34.0
_METER_TOP = 60.0
_PERCENT = 56.0  # room for the completion at the top right ("100%" at 13px bold)


def kpi_cards(
    campaign: Campaign, progress: Progress, history: Sequence[Progress], labels: Labels
) -> Markup:
    """The indicator cards of *progress*, with sparklines from *history*.

    Args:
        campaign: The campaign (names and units, in ``labels``' language).
        progress: The progress on the report's day.
        history: Progress on several days (any order; those after the report's day are
            left out of the actual line, not of the planned one).
        labels: The language.
    """
    days = sorted(
        {p.as_of: p for p in (*history, progress)}.items(),
        key=lambda item: item[0],
    )
    by_day = [(day, {i.id: i for i in p.indicators()}) for day, p in days]
    cards = []
    for index, indicator in enumerate(progress.indicators()):
        x = (index % _PER_ROW) * (_CARD_WIDTH + _GAP)
        y = (index // _PER_ROW) * (_CARD_HEIGHT + _GAP)
        trail = [(day, found[indicator.id]) for day, found in by_day if indicator.id in found]
        cards.append(_card(campaign, indicator, trail, progress.as_of, labels, x, y))
    rows = (len(cards) + _PER_ROW - 1) // _PER_ROW
    height = max(rows * (_CARD_HEIGHT + _GAP) - _GAP, 20.0)
    return svg_element("kpi", WIDTH, height, labels("chart.kpi"), *cards)


def _card(
    campaign: Campaign,
    indicator: IndicatorProgress,
    trail: list[tuple[dt.date, IndicatorProgress]],
    as_of: dt.date,
    labels: Labels,
    x: float,
    y: float,
) -> Markup:
    element_ = campaign.get(indicator.id)
    name = element_.label(labels.tag) + ("*" if element_.assumed else "")
    unit = campaign.indicator(indicator.id).unit_in(labels.tag)
    colour = STATUS_COLOURS[indicator.status]
    actual = labels.amount(labels.actual(indicator, unit), unit)
    target = labels.amount(labels.number(indicator.target, unit), unit)
    planned_value = labels.number(indicator.planned_value, unit, against=[indicator.target])
    planned = labels.amount(planned_value, unit)
    inner = _CARD_WIDTH - 24.0
    figures = labels("chart.kpi-figures", actual=actual, target=target)
    status = labels.status(indicator.status)
    tip = (
        f"{name}{labels.colon}{figures}; {labels('chart.kpi-planned', planned=planned)} · {status}"
    )
    if split := labels.disagreeing(indicator):  # the actual is one of a day's values
        tip += f" · {split}"
    completion = indicator.completion
    parts = [
        element(
            "rect",
            {
                "class": "kpi-frame",
                "width": _CARD_WIDTH,
                "height": _CARD_HEIGHT,
                "rx": 6,
                "fill": "#fafafa",
                "stroke": "#e0e0e0",
            },
            title_element(tip),
        ),
        element(
            "rect",
            {"class": "kpi-status-edge", "width": 4.0, "height": _CARD_HEIGHT, "fill": colour},
        ),
        text_element(
            12,
            20,
            _fit(name, inner - _PERCENT, 13, bold=True),
            class_="kpi-name",
            font_size=13,
            font_weight=600,
            fill=INK,
        ),
        _squeezed(12, 40, figures, inner, 12, class_="kpi-figures", fill=INK),
        _squeezed(
            12,
            55,
            f"{labels('chart.kpi-planned', planned=planned)} · {status}",
            inner,
            11,
            class_="kpi-planned",
            fill=MUTED,
        ),
        text_element(
            _CARD_WIDTH - 12,
            20,
            labels.percent(completion),
            class_="kpi-percent",
            text_anchor="end",
            font_size=13,
            font_weight=600,
            fill=colour,
        ),
        *_meter(completion, indicator.planned, colour, inner, tip),
        _sparkline(indicator, trail, as_of, inner, labels),
    ]
    fields = {
        "class": f"kpi-card status-{indicator.status.value if indicator.status else 'none'}",
        "transform": f"translate({coordinate(x)},{coordinate(y)})",
        "data-id": indicator.id,
        "data-actual": repr(indicator.actual),
        "data-target": repr(indicator.target),
        "data-planned": repr(indicator.planned_value),
        "data-completion": "" if completion is None else f"{completion:.6f}",
        "data-status": indicator.status.value if indicator.status else "",
    }
    return element("g", fields, *parts)


def _squeezed(
    x: float, y: float, text: str, width: float, size: int, **attributes: object
) -> Markup:
    """A line of figures at *size* px, pressed into *width* units when it is wider (SVG's
    ``textLength``): a figure cut short (``12,000,0…``) would read as another figure."""
    if display_width(printable(text)) * COLUMN * size / 12 > width:  # as shown
        attributes |= {"textLength": width, "lengthAdjust": "spacingAndGlyphs"}
    return text_element(x, y, text, font_size=size, **attributes)


def _fit(text: str, width: float, size: int, *, bold: bool = False) -> str:
    """*text* cut to what fits *width* units at *size* px (bold letters a tenth wider)."""
    column = COLUMN * size / 12 * (1.1 if bold else 1.0)
    return truncate(printable(text), int(width / column))  # cut as shown (see row_label)


def _meter(
    completion: float | None, planned: float | None, colour: str, width: float, tip: str
) -> list[Markup]:
    """A track filled by *completion*, with a tick at *planned*."""
    box = {"x": 12.0, "y": _METER_TOP, "height": 6.0, "rx": 3}
    parts = [
        element("rect", {"class": "kpi-track", **box, "width": width, "fill": "#eceff1"}),
        element(
            "rect",
            {"class": "kpi-fill", **box, "width": width * (completion or 0.0), "fill": colour},
            title_element(tip),
        ),
    ]
    if planned is not None:
        x = 12.0 + width * planned
        tick = {"x1": x, "x2": x, "y1": _METER_TOP - 2, "y2": _METER_TOP + 8, "stroke": INK}
        parts.append(element("line", {"class": "kpi-planned-tick", **tick}, title_element(tip)))
    return parts


def _sparkline(
    indicator: IndicatorProgress,
    trail: list[tuple[dt.date, IndicatorProgress]],
    as_of: dt.date,
    width: float,
    labels: Labels,
) -> Markup:
    """Actual (solid, up to *as_of*) against planned (dashed) over the days of *trail*, with
    the target as a faint line at the top."""
    if not trail:
        return element("g", {"class": "kpi-spark"})
    first, last = trail[0][0], trail[-1][0]
    span = max((last - first).days, 1)
    values = [abs(i.actual) for _, i in trail] + [abs(i.planned_value) for _, i in trail]
    top = max([abs(indicator.target), *values, 1e-9])

    def at(day: dt.date, value: float) -> tuple[float, float]:
        x = _SPARK_LEFT + width * (day - first).days / span
        y = _SPARK_TOP + _SPARK_HEIGHT * (1.0 - min(max(value / top, 0.0), 1.0))
        return x, y

    def points(pairs: list[tuple[dt.date, float]]) -> str:
        return " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in (at(d, v) for d, v in pairs))

    planned = [(day, i.planned_value) for day, i in trail]
    done = [(day, i) for day, i in trail if day <= as_of]
    actual = [(day, i.actual) for day, i in done]
    goal = at(first, indicator.target)[1]
    parts = [
        element(
            "line",
            {
                "class": "kpi-target",
                "x1": _SPARK_LEFT,
                "x2": _SPARK_LEFT + width,
                "y1": goal,
                "y2": goal,
                "stroke": "#cfd8dc",
            },
        ),
        element(
            "polyline",
            {
                "class": "kpi-spark-planned",
                "points": points(planned),
                "fill": "none",
                "stroke": "#90a4ae",
                "stroke-width": 1.2,
                "stroke-dasharray": "4 3",
            },
        ),
    ]
    if done:
        day, latest = done[-1]
        value = latest.actual
        tip = labels(
            "chart.kpi-tip",
            day=labels.date(day),
            actual=labels.actual(latest),
            planned=labels.number(latest.planned_value, against=[latest.target]),
        )
        parts.append(
            element(
                "polyline",
                {
                    "class": "kpi-spark-actual",
                    "points": points(actual),
                    "fill": "none",
                    "stroke": "#1e88e5",
                    "stroke-width": 1.6,
                },
                title_element(tip),
            )
        )
        x, y = at(day, value)
        dot = {"class": "kpi-spark-end", "cx": x, "cy": y, "r": 2.5, "fill": "#1e88e5"}
        parts.append(element("circle", dot, title_element(tip)))
    return element("g", {"class": "kpi-spark"}, *parts)
