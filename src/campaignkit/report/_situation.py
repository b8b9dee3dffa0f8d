"""The situation report (情况汇报): :func:`render_report`.

A report has seven sections, in this order and in both languages:

1. overview — theme, window, as-of day, current phase, completion against planned, SPI,
   status, what became of the records, and the phases;
2. leadership and responsibilities — the leadership groups and their working bodies, and a
   responsibility matrix (subjects × parties, with the letters of
   :attr:`~campaignkit.model.Role.letter`);
3. mechanisms — held against due, adherence, what comes next, the mechanisms' indicators,
   and attendance: the overall rate and the people and units below a threshold;
4. activity series — each series' events held against due and its indicators (actual,
   target, completion, planned, status);
5. unit ranking — the units of every cascade at a glance (a heatmap of units × weeks, a
   league table of groups of units), then best first; a unit whose adherence (held against
   due) is below the threshold is flagged;
6. problems in the records — what the progress calculation reported, and scheduling
   conflicts;
7. assumptions — every element the campaign file marks ``assumed``, with its note.

The HTML report adds four numbered figures after the overview, the Markdown report two
Mermaid diagrams and a line saying where the HTML is (``campaignkit.report._figures``); the
sections they illustrate refer to them by number.

No table holds more than ``max_rows`` rows (``campaignkit.report._fit``);
:func:`report_files` gives the full ones as CSV beside the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from campaignkit._errors import Problem, ValidationError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign
from campaignkit.report._caveats import assumptions, problems
from campaignkit.report._context import Context
from campaignkit.report._document import Document
from campaignkit.report._figures import check_link, html_figures, markdown_figures, refer
from campaignkit.report._fit import Fitted, fit
from campaignkit.report._labels import Labels
from campaignkit.report._measured import mechanism_sections, series_sections, unit_sections
from campaignkit.report._names import element_name
from campaignkit.report._overview import leadership, overview
from campaignkit.report._render import check_format, render_document
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Progress, Record, Recorded

DEFAULT_THRESHOLD = 0.8
"""Attendance rates and unit adherence below this fraction are flagged."""

MAX_ROWS = 40
"""The most rows a table of a report shows; a longer one is cut (a ranking keeps its best
and its worst) and written in full as CSV by :func:`report_files`."""


def burnup_days(campaign: Campaign, as_of: dt.date | None = None) -> tuple[dt.date, ...]:
    """The days a burn-up chart samples: every seventh day from the campaign's first, its
    last day, and *as_of* when it falls in the window — sorted, without repeats.

    Pass them to :func:`~campaignkit.tracking.progress_series` for the ``history`` of
    :func:`render_report`.

    >>> from campaignkit.model import Window
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 20)))
    >>> [d.day for d in burnup_days(c, dt.date(2026, 3, 11))]
    [2, 9, 11, 16, 20]
    """
    first, last = campaign.window.start, campaign.window.end
    days = {first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, 7)}
    days.add(last)
    if as_of is not None and first <= as_of <= last:
        days.add(as_of)
    return tuple(sorted(days))


def render_report(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    *,
    lang: str | None = None,
    format: str = "md",
    history: Sequence[Progress] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    calendar: WorkingCalendar | None = None,
    generated: str | None = None,
    records: Iterable[Record] | Recorded | None = None,
    link: str | None = None,
    max_rows: int = MAX_ROWS,
) -> str:
    """The situation report of *campaign* as of ``progress.as_of``, as Markdown or HTML.

    Args:
        campaign: The campaign.
        schedule: Its schedule (``campaignkit.schedule(campaign)``).
        progress: Its progress on the report's day (:func:`~campaignkit.tracking.progress`).
        lang: A BCP 47 tag of a language with a catalog (``zh``, ``en``, ``de-DE``; see
            :data:`~campaignkit.report.LANGUAGES`); by default the campaign's ``language``
            when a catalog serves it, else English. Element names, notes, the theme and
            indicator units come from the campaign's translations
            (:meth:`~campaignkit.model.Element.label`), falling back to the text itself.
        format: ``md`` (plain Markdown: text and tables) or ``html`` (one self-contained
            page with inline CSS and SVG charts: no script, no font, no network).
        history: Progress on other days for the burn-up chart, such as
            ``progress_series(campaign, schedule, ledger, burnup_days(campaign, as_of))``;
            without it the chart has the report's day only.
        threshold: Attendance rates and unit adherence below this fraction are flagged.
        calendar: The working calendar (days off shaded in the Gantt chart, working days
            counted); the campaign's own by default.
        generated: Text saying when the report was made, printed under the title when
            given. Nothing else in a report depends on the clock: the same input gives the
            same output.
        records: The ledger the progress was computed from (read once, HTML only), or
            better what the accumulator that computed it found
            (:meth:`Accumulator.recorded <campaignkit.tracking.Accumulator.recorded>`:
            no record is read again): the Gantt chart shows each meeting and activity as
            held, missed, cancelled or upcoming, and the burn-up marks the rise that
            records dated on the report's day make. Without it past meetings are drawn as
            not recorded.
        link: Where the HTML version of the report is (a URL or a relative path such as
            ``report-zh.html``), for the Markdown report's charts section to link to.
        max_rows: The most rows a table shows (at least 2): a longer table is cut, a
            ranking keeping its best and its worst rows, and says how many rows it has;
            :func:`report_files` writes the full tables as CSV files and links them.

    Raises:
        ValidationError: ``invalid-value`` at ``$.lang``, ``$.format``, ``$.threshold``
            (a fraction in [0, 1]), ``$.link`` (spaces, ``<`` or ``>``) or ``$.max_rows``;
            ``campaign-mismatch`` at ``$.schedule`` or ``$.progress`` when they belong to
            another campaign.

    >>> from campaignkit.model import Window
    >>> from campaignkit.tracking import progress as measure
    >>> from campaignkit.scheduling import schedule as lay_out
    >>> c = Campaign(id="drive", name="Drive", translations={"en": "Spring drive"},
    ...              window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)))
    >>> plan = lay_out(c)
    >>> text = render_report(c, plan, measure(c, plan, [], dt.date(2026, 3, 13)), lang="en")
    >>> text.splitlines()[0]
    '# Spring drive: situation report'
    """
    fitted = _fitted(
        campaign, schedule, progress, format=check_format(format), tables=None, lang=lang,
        history=history, threshold=threshold, calendar=calendar, generated=generated,
        records=records, link=link, max_rows=max_rows,
    )  # fmt: skip
    return render_document(fitted.document, format, "report")


def report_files(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    *,
    name: str = "report",
    lang: str | None = None,
    format: str = "html",
    history: Sequence[Progress] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    calendar: WorkingCalendar | None = None,
    generated: str | None = None,
    records: Iterable[Record] | Recorded | None = None,
    link: str | None = None,
    max_rows: int = MAX_ROWS,
) -> dict[str, str]:
    """The situation report and the CSV tables it links, by file name, to be written side by
    side: ``{name}.{format}`` (``report.html``), then ``{name}-{table}.csv`` for every table
    cut to *max_rows* rows (``report-units-drive.csv``, a whole unit ranking) and the data of
    every heatmap (``report-weeks-drive.csv``: each unit, week by week).

    The report is :func:`render_report`'s (same arguments), with a link under each cut
    table and each heatmap to its file.

    Raises:
        ValidationError: as :func:`render_report`.

    >>> from campaignkit.model import Window
    >>> from campaignkit.tracking import progress as measure
    >>> from campaignkit.scheduling import schedule as lay_out
    >>> c = Campaign(id="drive", name="Drive",
    ...              window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)))
    >>> plan = lay_out(c)
    >>> sorted(report_files(c, plan, measure(c, plan, [], dt.date(2026, 3, 13)), name="drive"))
    ['drive.html']
    """
    fmt = check_format(format)
    fitted = _fitted(
        campaign, schedule, progress, format=fmt, tables=name, lang=lang, history=history,
        threshold=threshold, calendar=calendar, generated=generated, records=records,
        link=link, max_rows=max_rows,
    )  # fmt: skip
    return {f"{name}.{fmt}": render_document(fitted.document, fmt, "report"), **fitted.tables}


def _fitted(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    *,
    format: str,
    tables: str | None,
    lang: str | None,
    history: Sequence[Progress] | None,
    threshold: float,
    calendar: WorkingCalendar | None,
    generated: str | None,
    records: Iterable[Record] | Recorded | None,
    link: str | None,
    max_rows: int,
) -> Fitted:
    """The report's document with its tables cut to *max_rows* rows; the full tables named
    after *tables* and linked under the cut ones (``None``: neither)."""
    document = report_document(
        campaign,
        schedule,
        progress,
        lang=lang,
        history=history,
        threshold=threshold,
        calendar=calendar,
        generated=generated,
        charts=format == "html",
        records=records,
        link=link,
    )
    return fit(document, _labels(campaign, lang), max_rows=_max_rows(max_rows), link=tables)


def _max_rows(max_rows: int) -> int:
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 2:
        msg = f"'max_rows' must be a whole number of at least 2 (got {max_rows!r})"
        raise ValidationError([Problem("$.max_rows", "invalid-value", msg)])
    return max_rows


def report_document(
    campaign: Campaign,
    schedule: Schedule,
    progress: Progress,
    *,
    lang: str | None = None,
    history: Sequence[Progress] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    calendar: WorkingCalendar | None = None,
    generated: str | None = None,
    charts: bool = True,
    records: Iterable[Record] | Recorded | None = None,
    link: str | None = None,
) -> Document:
    """The report as a :class:`~campaignkit.report.Document`, before any markup
    (arguments as for :func:`render_report`; ``charts=False`` leaves the SVG out and puts
    the Markdown's Mermaid diagrams in)."""
    from campaignkit import __version__  # here: the package may re-export this module

    labels = _labels(campaign, lang)
    link = check_link(link)
    if not 0.0 <= threshold <= 1.0:
        msg = f"'threshold' must be a fraction between 0 and 1 (got {threshold!r})"
        raise ValidationError([Problem("$.threshold", "invalid-value", msg)])
    schedule.check_campaign(campaign.id)
    progress.check_campaign(campaign.id)
    ctx = Context(
        campaign=campaign,
        schedule=schedule,
        progress=progress,
        labels=labels,
        threshold=threshold,
        calendar=calendar or WorkingCalendar.for_campaign(campaign),
    )
    sections = [
        *overview(ctx),
        *leadership(ctx),
        *mechanism_sections(ctx),
        *series_sections(ctx),
        *unit_sections(ctx, history or ()),
        *problems(ctx),
        *assumptions(ctx),
    ]
    notes = [labels("report.generated", when=generated)] if generated else []
    if charts:
        figures = html_figures(ctx, history if history is not None else (progress,), records)
    else:
        figures = markdown_figures(ctx, link)
    sections = refer(sections, figures.numbers(), labels)
    return Document(
        lang=labels.tag,
        title=labels("report.title", name=element_name(campaign, labels, mark=False)),
        subtitle=labels("report.subtitle", day=labels.date_long(progress.as_of)),
        sections=tuple(sections),
        notes=(*notes, labels("report.assumed-mark")),
        charts=figures.charts,
        diagrams=figures.diagrams,
        charts_note=figures.note,
        charts_title=labels("section.charts"),
        charts_after="overview",
        contents=labels("report.contents"),
        colon=labels.colon,
        footer=labels("report.footer", version=__version__),
    )


def _labels(campaign: Campaign, lang: str | None) -> Labels:
    """The labels of *lang*, or of the campaign's language (else English) when it is ``None``."""
    return Labels.of(lang) if lang is not None else Labels.first_of(campaign.language)
