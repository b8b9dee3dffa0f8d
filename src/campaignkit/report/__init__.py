"""Situation reports and weekly briefings, in Chinese and English, as Markdown or HTML.

:func:`render_report` writes the situation report (情况汇报) of a campaign as of a day;
:func:`render_briefing` the sheet of a weekly meeting (每周例会): what was held last week,
what is overdue, and what is due this week, party by party. Both build a
:class:`~campaignkit.report.document.Document` first and write it out with a Jinja template
(package data), so that the Markdown and the HTML hold the same words.
"""

from campaignkit.report.briefing import Agenda, Briefing, BriefingItem, weekly_briefing
from campaignkit.report.labels import LANGUAGES, Labels
from campaignkit.report.render import FORMATS
from campaignkit.report.sheet import briefing_document, render_briefing
from campaignkit.report.situation import (
    DEFAULT_THRESHOLD,
    MAX_ROWS,
    burnup_days,
    render_report,
    report_document,
    report_files,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "LANGUAGES",
    "MAX_ROWS",
    "Agenda",
    "Briefing",
    "BriefingItem",
    "Labels",
    "briefing_document",
    "burnup_days",
    "render_briefing",
    "render_report",
    "report_document",
    "report_files",
    "weekly_briefing",
]
