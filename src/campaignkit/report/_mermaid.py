"""Charts for Markdown: Mermaid Gantt and pie diagrams (GitHub and GitLab draw them).

A Markdown report cannot hold SVG, but a fenced ``mermaid`` block is drawn by the places
Markdown reports are read. :func:`gantt_diagram` writes the phases, series and mechanisms
as a Mermaid Gantt chart (done, active and behind tagged; a milestone on the as-of day);
:func:`outcome_pie` the meetings and activities by what became of them.

Campaign text is data, never Mermaid: :func:`mermaid_text` folds line breaks, replaces every
character that Mermaid's grammar gives a meaning to (``:`` ends a task's name, ``;`` and
``#`` a statement, ``%%`` starts a comment or a directive, ``"`` ends a pie's label) and
those that could reach a renderer as markup or close the Markdown fence (backticks, braces,
``<`` ``>`` ``&``) with a look-alike, and keeps a name from starting a line with one of the
grammar's keywords, so a series called
``x\\nclick t1 href "javascript:…"`` stays one harmless task name. Task ids are generated
(``t1``, ``t2``, …), never taken from the campaign.

>>> mermaid_text('Phase: one; two # "3" %%')
'Phase∶ one； two ＃ ＂3＂ ％％'
>>> mermaid_text("section Evil")
'\\u2060section Evil'
"""

from __future__ import annotations

import re

from campaignkit._text import printable
from campaignkit.model import Campaign
from campaignkit.report._labels import Labels
from campaignkit.scheduling import Schedule
from campaignkit.tracking import PhaseState, Progress, Status, Tally
from campaignkit.tracking._status import reaches

_LOOK_ALIKES = str.maketrans(
    {
        ":": "∶",
        ";": "；",
        "#": "＃",
        "%": "％",
        '"': "＂",
        "`": "ˋ",
        "<": "‹",
        ">": "›",
        "&": "＆",
        "{": "｛",
        "}": "｝",
    }
)
_SPACES = re.compile(r"\s+")
_KEYWORDS = re.compile(
    r"(?i)^(section|title|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|"
    r"weekday|weekend|click|call|href|acctitle|accdescr|inclusiveenddates|topaxis|gantt|pie|"
    r"showdata|displaymode)\b"
)


def mermaid_text(text: object, *, line_start: bool = True) -> str:
    """*text* as one line of Mermaid text that reads as itself and means nothing to Mermaid
    (see the module documentation); ``—`` when nothing is left. With ``line_start=False``
    (after ``title``, inside quotes) a leading keyword is harmless and left alone."""
    folded = printable(_SPACES.sub(" ", str(text)).strip()).translate(_LOOK_ALIKES)
    if not folded:
        return "—"
    if line_start and _KEYWORDS.match(folded):
        return "\u2060" + folded  # a word joiner: invisible, but no keyword starts the line
    return folded


def gantt_diagram(
    campaign: Campaign, schedule: Schedule, progress: Progress, labels: Labels
) -> str:
    """A Mermaid Gantt chart of the phases, series and mechanisms of *campaign*.

    A phase or series is tagged ``done`` when its work is all done, ``crit`` when it ended
    short of it or is behind, ``active`` while under way; end dates are inclusive; the as-of
    day is a milestone.
    """
    lang = labels.tag
    lines = [
        "gantt",
        f"    title {mermaid_text(labels('chart.gantt'), line_start=False)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %m-%d",
        "    inclusiveEndDates",
        "    todayMarker off",
    ]
    count = 0

    def task(name: str, tags: list[str], start: object, end: object) -> str:
        nonlocal count
        count += 1
        meta = ", ".join([*tags, f"t{count}", str(start), str(end)])
        return f"    {mermaid_text(name)} :{meta}"

    if schedule.phases:
        lines.append(f"    section {mermaid_text(labels('chart.phases'))}")
        for dated in schedule.phases:
            phase = campaign.phase(dated.phase)
            node = next((p for p in progress.phases if p.id == phase.id), None)
            tags = []
            if node is not None:
                over = node.state is PhaseState.FINISHED
                started = over or node.state is PhaseState.IN_PROGRESS
                tags = _tags(node.completion, node.status, started=started, over=over)
            lines.append(task(phase.label(lang), tags, dated.start, dated.end))
    spans = {s.id: span for s in campaign.scoped if (span := schedule.span_of(s.id)) is not None}
    series_rows = [s for s in campaign.series if s.id in spans]
    if series_rows:
        lines.append(f"    section {mermaid_text(labels('chart.series'))}")
        for series in series_rows:
            done = next((s for s in progress.series if s.id == series.id), None)
            tags = []
            if done is not None and done.completion is not None:
                started, over = progress.as_of >= done.start, progress.as_of > done.end
                tags = _tags(done.completion, done.status, started=started, over=over)
            lines.append(task(series.label(lang), tags, *spans[series.id]))
    mechanism_rows = [m for m in campaign.mechanisms if m.id in spans]
    if mechanism_rows:
        lines.append(f"    section {mermaid_text(labels('chart.mechanisms'))}")
        lines += [task(m.label(lang), [], *spans[m.id]) for m in mechanism_rows]
    as_of = progress.as_of
    if campaign.window.start <= as_of <= campaign.window.end:
        name = labels("chart.as-of", day=labels.date(as_of))
        lines.append(task(name, ["milestone"], as_of, "0d"))
    return "\n".join(lines)


def outcome_counts(progress: Progress) -> dict[str, int]:
    """Meetings and activities by outcome: ``held`` (early ones too), ``cancelled`` (in
    advance too), ``missed`` (due, neither held nor cancelled) and ``upcoming``."""
    total = Tally()
    for m in progress.mechanisms:
        if m.occurrences is not None:
            total += m.occurrences
    for s in progress.series:
        total += s.activities
    return {
        "held": total.held + total.ahead,
        "cancelled": total.cancelled + total.cancelled_ahead,
        "missed": total.missed,
        "upcoming": total.upcoming,
    }


def outcome_pie(progress: Progress, labels: Labels) -> str | None:
    """A Mermaid pie of :func:`outcome_counts`, without empty slices; ``None`` when the
    campaign schedules nothing."""
    counts = {k: v for k, v in outcome_counts(progress).items() if v > 0}
    if not counts:
        return None
    lines = [
        "pie showData",
        f"    title {mermaid_text(labels('chart.mermaid-pie'), line_start=False)}",
    ]
    lines += [
        f'    "{mermaid_text(labels(f"outcome.{k}"), line_start=False)}" : {v}'
        for k, v in counts.items()
    ]
    return "\n".join(lines)


def _tags(
    completion: float | None, status: Status | None, *, started: bool, over: bool
) -> list[str]:
    """The Mermaid tags of a phase or a series: ``done`` when its work is all done (and
    only then: a phase that ended short of it is not drawn as done), ``crit`` when it ended
    short of it or is behind, ``active`` while it runs."""
    if completion is not None and reaches(completion, 1.0):
        return ["done"]
    if over:
        return ["crit"]
    tags = ["active"] if started else []
    return [*tags, "crit"] if status is Status.BEHIND else tags
