"""The figures of a situation report, numbered, and the sections that refer to them.

The HTML report has four figures after the overview:

1. the Gantt chart (:mod:`campaignkit.report._gantt`);
2. the burn-up (:func:`~campaignkit.report._charts.burnup_chart`), whose rises that rest on
   records dated by assumption are hatched, with a caveat under it;
3. a card per indicator (:mod:`campaignkit.report._kpi`);
4. completion by series (:func:`~campaignkit.report._charts.completion_chart`).

The Markdown report has two, as Mermaid text (:mod:`campaignkit.report._mermaid`), after a
line that says where the HTML version is: 1. the Gantt chart, 2. meetings and activities by
outcome. Either way the sections that a figure illustrates say so — "(see Figure 2)" — like
the report's other cross-references.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from unicodedata import category

import attrs
from markupsafe import Markup

import campaignkit.report._charts as charts
from campaignkit._errors import Problem, ValidationError
from campaignkit.report._context import Context
from campaignkit.report._document import Chart, Diagram, Paragraph, Section
from campaignkit.report._gantt import gantt_chart
from campaignkit.report._kpi import kpi_cards
from campaignkit.report._labels import Labels
from campaignkit.report._markdown import escape
from campaignkit.report._mermaid import gantt_diagram, outcome_pie
from campaignkit.report._outcomes import Source, assumed_of, relevant
from campaignkit.tracking import Progress, Recorded

REFERS = {
    "overview": ("gantt", "burnup"),
    "mechanisms": ("gantt", "outcomes"),
    "series": ("kpi", "completion"),
}
"""Which figures each section refers to (by section id and chart name)."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # what a URL starts with, RFC 3986


def check_link(link: str | None) -> str | None:
    """*link* when it can stand in a Markdown link and only take a reader to a page: no
    spaces, ``<``, ``>`` or control characters, and a URL of ``http``, ``https`` or
    ``file`` (no ``javascript:`` or ``data:``, which a viewer would run), or a relative
    path. The link is written so that a Markdown viewer reads it as it is given
    (:func:`link_destination`): what is checked is what is followed.

    Raises:
        ValidationError: ``invalid-value`` at ``$.link`` otherwise.
    """
    if link is None:
        return link
    scheme = _SCHEME.match(link)
    page = scheme is None or scheme[0].lower() in ("http:", "https:", "file:")
    plain = all(c not in "<>" and not c.isspace() and category(c)[0] != "C" for c in link)
    if page and plain and link:
        return link
    msg = (
        "'link' must be an http or https URL, or a path, without spaces, '<', '>' or "
        f"control characters (got {link!r})"
    )
    raise ValidationError([Problem("$.link", "invalid-value", msg)])


def link_destination(link: str) -> str:
    """*link* (checked) as the destination of a Markdown link, ``<…>``: Markdown would
    decode a character reference (``&#58;`` is ``:``) and a backslash escape (``\\:``)
    in it, so that ``javascript&#58;…``, which has no scheme as given, would be followed as
    ``javascript:…``; its ``&`` and ``\\`` are therefore escaped, and it reads as given."""
    return "<" + link.replace("\\", "\\\\").replace("&", "&amp;") + ">"


@attrs.frozen
class Figures:
    """The figures of one report: SVG charts (HTML) or Mermaid diagrams (Markdown)."""

    charts: tuple[Chart, ...] = ()
    diagrams: tuple[Diagram, ...] = ()
    note: str = ""

    def numbers(self) -> dict[str, int]:
        """Figure numbers by chart name."""
        found = {c.name: c.number for c in self.charts}
        found.update({d.name: d.number for d in self.diagrams})
        return found


def html_figures(ctx: Context, history: Sequence[Progress], records: Source | None) -> Figures:
    """The numbered SVG charts of the HTML report."""
    labels, campaign, progress = ctx.labels, ctx.campaign, ctx.progress
    # only what the Gantt chart and the burn-up use, not every reading of a large ledger
    kept: Source | None = records
    if records is not None and not isinstance(records, Recorded):
        kept = tuple(r for r in records if relevant(r, progress.as_of))
    gantt = gantt_chart(
        campaign,
        ctx.schedule,
        progress,
        labels,
        calendar=ctx.calendar,
        records=kept,
        history=history,
    )
    assumed = None
    if kept is not None:
        days = [p.as_of for p in history]
        assumed = assumed_of(campaign, ctx.schedule, kept, days, progress.as_of)
    if assumed is None:
        assumed = assumed_rises(history, progress.as_of)
    burnup = charts.burnup_chart(
        history,
        progress.as_of,
        campaign.window.start,
        campaign.window.end,
        labels,
        assumed=assumed,
    )
    caveats = tuple(
        labels("chart.assumed-caveat", count=count, day=labels.date(day), rise=labels.percent(rise))
        for day, count, rise in charts.notable_rises(history, progress.as_of, assumed)
    )
    drawn = [
        ("gantt", gantt, ()),
        ("burnup", burnup, caveats),
        ("kpi", kpi_cards(campaign, progress, history, labels), ()),
        ("completion", charts.completion_chart(campaign, progress, labels), ()),
    ]
    return Figures(
        charts=tuple(
            Chart(
                name=name,
                number=number,
                title=labels("chart.figure", number=number, title=labels(f"chart.{name}")),
                caption=labels(f"chart.{name}-caption"),
                svg=svg,
                notes=notes,
            )
            for number, (name, svg, notes) in enumerate(drawn, start=1)
        )
    )


def markdown_figures(ctx: Context, link: str | None) -> Figures:
    """The numbered Mermaid diagrams of the Markdown report, and the line about the HTML."""
    labels = ctx.labels
    drawn = [
        (
            "gantt",
            labels("chart.mermaid-gantt"),
            gantt_diagram(ctx.campaign, ctx.schedule, ctx.progress, labels),
        )
    ]
    pie = outcome_pie(ctx.progress, labels)
    if pie is not None:
        drawn.append(("outcomes", labels("chart.mermaid-pie"), pie))
    diagrams = tuple(
        Diagram(
            name=name,
            number=number,
            title=labels("chart.figure", number=number, title=title),
            text=Markup(text),  # made safe for Mermaid; inside a fence Markdown is literal
        )
        for number, (name, title, text) in enumerate(drawn, start=1)
    )
    if link is None:
        note: str = labels("report.charts-in-html")
    else:
        before, _, after = labels("chart.in-html", link="\0").partition("\0")
        text = escape(link, line_start=False)
        note = escape(before) + Markup(f"[{text}]({link_destination(link)})")
        note += escape(after, line_start=False)
    return Figures(diagrams=diagrams, note=note)


def refer(sections: Sequence[Section], numbers: Mapping[str, int], labels: Labels) -> list[Section]:
    """*sections*, each that a figure illustrates with a line saying which ("see Figure 2")
    after its first block."""
    out = []
    for section in sections:
        found = [numbers[name] for name in REFERS.get(section.id, ()) if name in numbers]
        if found:
            text = labels("chart.see", numbers=labels.join([str(n) for n in sorted(found)]))
            line = Paragraph(text, css="figure-ref")
            blocks = (*section.blocks[:1], line, *section.blocks[1:])
            section = attrs.evolve(section, blocks=blocks)
        out.append(section)
    return out


def assumed_rises(history: Sequence[Progress], as_of: dt.date) -> dict[dt.date, int]:
    """For each day of *history* up to *as_of*, how many readings marked ``assumed`` were
    added since the day before it in *history* (the first day: all it has)."""
    rises: dict[dt.date, int] = {}
    before = 0
    for p in sorted((p for p in history if p.as_of <= as_of), key=lambda p: p.as_of):
        now = sum(i.assumed for i in p.indicators())
        if now > before:
            rises[p.as_of] = now - before
        before = now
    return rises
