"""The weekly-meeting sheet (每周例会工作提示) written out: :func:`render_briefing`.

:func:`~campaignkit.report.weekly_briefing` finds what the sheet holds;
:func:`briefing_document` words it in a language, one section per part of the sheet, with a
cascade's units folded into one row per item and day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from campaignkit.model import Campaign
from campaignkit.report._briefing import Briefing, BriefingItem, weekly_briefing
from campaignkit.report._document import Block, Document, Paragraph, Section, Table, TableCell
from campaignkit.report._labels import Labels
from campaignkit.report._names import ASSUMED_MARK, element_name, name_of, place_of
from campaignkit.report._phases import phase_notes, weighed_out
from campaignkit.report._render import render_document
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Record

_MAX_UNITS = 8
"""Units named in one row before the rest are counted ("and 6 more units")."""


def render_briefing(
    campaign: Campaign,
    schedule: Schedule,
    ledger: Iterable[Record],
    week_of: dt.date,
    *,
    lang: str | None = None,
    format: str = "md",
) -> str:
    """The weekly-meeting sheet of the week holding *week_of*, as Markdown or HTML.

    Args:
        campaign: The campaign.
        schedule: Its schedule.
        ledger: The records (see :func:`weekly_briefing`).
        week_of: Any day of the week of the meeting.
        lang: A BCP 47 tag of a language with a catalog; by default the campaign's
            ``language`` when a catalog serves it, else English (as :func:`render_report`).
        format: ``md`` or ``html`` (one self-contained page, as the report is).

    Raises:
        ValidationError: as :func:`weekly_briefing`; ``invalid-value`` at ``$.lang`` or
            ``$.format``.

    >>> from campaignkit.model import Mechanism, Window
    >>> from campaignkit.scheduling import schedule as lay_out
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
    ...              mechanisms=(Mechanism(id="weekly", name="Weekly meeting", rule="FREQ=WEEKLY;BYDAY=FR"),))
    >>> sheet = render_briefing(c, lay_out(c), [], dt.date(2026, 3, 18), lang="en")
    >>> "| 2026-03-13 | Weekly meeting |" in sheet  # last Friday's meeting is overdue
    True
    """
    labels = Labels.of(lang) if lang is not None else Labels.first_of(campaign.language)
    briefing = weekly_briefing(campaign, schedule, ledger, week_of)
    return render_document(briefing_document(campaign, briefing, labels), format, "briefing")


def briefing_document(campaign: Campaign, briefing: Briefing, labels: Labels) -> Document:
    """*briefing* as a :class:`~campaignkit.report.Document` in *labels*' language."""
    b = briefing
    standing = b.standing
    day = labels.date(b.last_end)
    if weighed_out(standing):
        line = labels("briefing.unweighted", day=day)
    elif standing.completion is None:
        line = labels("briefing.unmeasured", day=day)
    else:
        line = labels.standing(
            "briefing.standing",
            standing.completion,
            standing.planned,
            standing.status,
            standing.thresholds,
            day=day,
        )
    window = campaign.window
    notes = [line, *phase_notes(campaign, standing, b.week_end, labels)]
    if b.week_end < window.start or b.week_start > window.end:
        notes.insert(
            0,
            labels(
                "briefing.outside", start=labels.date(window.start), end=labels.date(window.end)
            ),
        )
    sections = [
        _last_week(campaign, b, labels),
        _overdue(campaign, b, labels),
        *_this_week(campaign, b, labels),
        _next_week(campaign, b, labels),
    ]
    return Document(
        lang=labels.tag,
        title=labels("briefing.title", name=element_name(campaign, labels, mark=False)),
        subtitle=labels(
            "briefing.subtitle", start=labels.date(b.week_start), end=labels.date(b.week_end)
        ),
        sections=tuple(sections),
        notes=(*notes, labels("report.assumed-mark-sheet")),  # it has no Assumptions section
        colon=labels.colon,
    )


def _measure(campaign: Campaign, indicator: str, labels: Labels) -> str:
    """The unit of *indicator* in the labels' language."""
    return campaign.indicator(indicator).unit_in(labels.tag)


def _name(campaign: Campaign, id: str | None, labels: Labels) -> str:
    return name_of(campaign, id, labels) if id else labels("briefing.no-lead")


def _units(campaign: Campaign, units: list[str], labels: Labels) -> str:
    order = {id: n for n, id in enumerate(campaign.ids)}
    units = sorted(units, key=lambda u: order.get(u, len(order)))
    names = [name_of(campaign, u, labels) for u in units[:_MAX_UNITS]]
    text = labels.join(names)
    if len(units) > _MAX_UNITS:
        more = labels("briefing.more-units", n=len(units) - _MAX_UNITS)
        text += labels.space + more
    return text


def _grouped(items: Iterable[BriefingItem]) -> list[tuple[BriefingItem, list[str]]]:
    """Items of one subject on one day (a cascade's units) folded into one row."""
    rows: dict[tuple[str, str, dt.date, dt.date | None, str], tuple[BriefingItem, list[str]]] = {}
    for item in items:  # units that held it, or called it off, already: rows of their own
        key = (item.kind, item.subject, item.day, item.moved_from, _settled_key(item))
        if key not in rows:
            rows[key] = (item, [])
        if item.unit:
            rows[key][1].append(item.unit)
    return list(rows.values())


def _settled_key(item: BriefingItem) -> str:
    return "held" if item.held_on else "cancelled" if item.cancelled_on else ""


def _settled_note(item: BriefingItem, labels: Labels) -> str:
    """The note "already held" or "called off" for an item a record before the week settled."""
    settled = _settled_key(item)
    return labels(f"briefing.already-{settled}") if settled else ""


def _item_name(campaign: Campaign, item: BriefingItem, labels: Labels) -> str:
    name = name_of(campaign, item.subject, labels)
    if item.moved_from is not None:
        name += labels("briefing.moved", day=labels.date(item.moved_from))
    return name


def _time(item: BriefingItem) -> str:
    return f"{item.time[0]:%H:%M}–{item.time[1]:%H:%M}" if item.time else ""


def _last_week(campaign: Campaign, b: Briefing, labels: Labels) -> Section:
    title = labels(
        "briefing.last-week", start=labels.date(b.last_start), end=labels.date(b.last_end)
    )
    held_rows = tuple(
        (
            TableCell(labels.date(r.date) + (ASSUMED_MARK if r.assumed else ""), "date"),
            TableCell(_record_subject(campaign, r.subject, labels)),
            TableCell(name_of(campaign, r.unit, labels) if r.unit else ""),
            TableCell(
                labels(
                    "briefing.attendance-text",
                    present=len(r.present),
                    absent=len(r.absent),
                    excused=len(r.excused),
                )
                if r.attendance_taken
                else ""
            ),
            TableCell(r.note or ""),
        )
        for r in b.held
    )
    blocks: list[Block] = [
        Table(
            id="held",
            caption=labels("briefing.held"),
            columns=labels.columns("day", "item", "unit", "attendance", "note"),
            align="lllll",
            rows=held_rows,
            empty=labels("briefing.nothing-held"),
        )
    ]
    if b.cancelled:
        rows = tuple(
            (
                TableCell(labels.date(r.date) + (ASSUMED_MARK if r.assumed else ""), "date"),
                TableCell(_record_subject(campaign, r.subject, labels)),
                TableCell(name_of(campaign, r.unit, labels) if r.unit else ""),
                TableCell(r.note or ""),
            )
            for r in b.cancelled
        )
        blocks.append(
            Table(
                id="cancelled",
                caption=labels("briefing.cancelled"),
                columns=labels.columns("day", "item", "unit", "note"),
                align="llll",
                rows=rows,
            )
        )
    reading_rows = tuple(
        (
            TableCell(labels.date(r.date) + (ASSUMED_MARK if r.assumed else ""), "date"),
            TableCell(name_of(campaign, r.indicator, labels)),
            TableCell(labels.number(r.value, _measure(campaign, r.indicator, labels)), "num"),
            TableCell(_measure(campaign, r.indicator, labels)),
            TableCell(name_of(campaign, r.unit, labels) if r.unit else ""),
            TableCell(r.note or ""),
        )
        for r in b.readings
    )
    blocks.append(
        Table(
            id="readings",
            caption=labels("briefing.readings"),
            columns=labels.columns("day", "indicator", "value", "measure", "unit", "note"),
            align="llrlll",
            rows=reading_rows,
            empty=labels("briefing.nothing-read"),
        )
    )
    if b.problems:
        problem_rows = tuple(
            (
                TableCell(labels(f"severity.{p.severity.value}"), f"severity-{p.severity.value}"),
                TableCell(place_of(p), "code"),
                TableCell(p.code, "code"),
                TableCell(p.message),
            )
            for p in b.problems
        )
        blocks.append(
            Table(
                id="unmatched",
                caption=labels("briefing.unmatched"),
                columns=labels.columns("severity", "path", "code", "message"),
                align="llll",
                rows=problem_rows,
            )
        )
    return Section(id="last-week", title=title, blocks=tuple(blocks))


def _record_subject(campaign: Campaign, subject: str, labels: Labels) -> str:
    """A record's subject in words: ``每周例会制度（2010-02-19）`` for an occurrence key."""
    head, at, day = subject.rpartition("@")
    name, _, unit = (head if at else subject).partition("/")
    text = name_of(campaign, name, labels)
    if unit:
        text += f" — {name_of(campaign, unit, labels)}"
    if at:
        text += labels.aside(day)
    return text


def _overdue(campaign: Campaign, b: Briefing, labels: Labels) -> Section:
    rows = tuple(
        (
            TableCell(labels.date(item.day), "date"),
            TableCell(_item_name(campaign, item, labels)),
            TableCell(_units(campaign, units, labels)),
            TableCell(_name(campaign, item.lead, labels)),
            TableCell(str((b.week_start - item.day).days), "num missed"),
        )
        for item, units in _grouped(b.overdue)
    )
    blocks: tuple[Block, ...] = (
        Paragraph(labels("briefing.overdue-text")),
        Table(
            id="overdue",
            columns=labels.columns("day", "item", "unit", "lead", "overdue-days"),
            align="llllr",
            rows=rows,
            empty=labels("briefing.nothing-overdue"),
        ),
    )
    if not rows:
        blocks = (Paragraph(labels("briefing.nothing-overdue")),)
    return Section(id="overdue", title=labels("briefing.overdue"), blocks=blocks)


def _this_week(campaign: Campaign, b: Briefing, labels: Labels) -> list[Section]:
    title = labels(
        "briefing.this-week", start=labels.date(b.week_start), end=labels.date(b.week_end)
    )
    if not b.this_week:
        blocks = (Paragraph(labels("briefing.nothing-this-week")),)
        return [Section(id="this-week", title=title, blocks=blocks)]
    sections = [Section(id="this-week", title=title)]
    for agenda in b.this_week:
        rows = []
        for item, units in _grouped(agenda.items):
            if item.kind == "indicator":
                ind = campaign.indicator(item.subject)
                # Actual and target from one node, so that a cascaded indicator's campaign
                # figures (combined across its units) are read against each other.
                node = next((i for i in b.standing.indicators() if i.id == item.subject), None)
                measure = ind.unit_in(labels.tag)
                if node is None:  # nothing measured: the baseline
                    actual, target = labels.number(ind.baseline, measure), ind.target
                else:
                    actual, target = labels.actual(node, measure), node.target
                what = labels(
                    "briefing.indicator-due",
                    name=name_of(campaign, item.subject, labels),
                    target=labels.amount(labels.number(target, measure), measure),
                    actual=labels.amount(actual, measure),
                )
                if node is not None and (split := labels.disagreeing(node)):
                    what += f" · {split}"
            else:
                what = _item_name(campaign, item, labels)
            note = _settled_note(item, labels)
            rows.append(
                (
                    TableCell(labels.date(item.day), "date"),
                    TableCell(labels.weekday(item.day), "date"),
                    TableCell(_time(item), "date"),
                    TableCell(what),
                    TableCell(_units(campaign, units, labels)),
                    TableCell(
                        labels.join([name_of(campaign, p, labels) for p in item.participants])
                    ),
                    TableCell(note),
                )
            )
        party = _name(campaign, agenda.party, labels)
        named = [p for p in agenda.people if p != agenda.party]
        if named:
            people = labels.join([name_of(campaign, p, labels) for p in named])
            party += labels("briefing.people", people=people)
        columns = ("day", "weekday", "time", "item", "unit", "participants", "note")
        table = Table(
            id=f"agenda-{agenda.party or 'unassigned'}",
            columns=labels.columns(*columns),
            align="lllllll",
            rows=tuple(rows),
        )
        sections.append(
            Section(
                id=f"agenda-{agenda.party or 'unassigned'}", title=party, blocks=(table,), level=3
            )
        )
    return sections


def _next_week(campaign: Campaign, b: Briefing, labels: Labels) -> Section:
    title = labels(
        "briefing.next-week", start=labels.date(b.next_start), end=labels.date(b.next_end)
    )
    rows = tuple(
        (
            TableCell(labels.date(item.day), "date"),
            TableCell(labels.weekday(item.day), "date"),
            TableCell(_time(item), "date"),
            TableCell(_item_name(campaign, item, labels)),
            TableCell(_units(campaign, units, labels)),
            TableCell(_name(campaign, item.lead, labels)),
            TableCell(_settled_note(item, labels)),
        )
        for item, units in _grouped(b.next_week)
    )
    table = Table(
        id="next-week",
        columns=labels.columns("day", "weekday", "time", "item", "unit", "lead", "note"),
        align="lllllll",
        rows=rows,
        empty=labels("briefing.nothing-next-week"),
    )
    return Section(id="next-week", title=title, blocks=(table,))
