"""Situation reports and weekly briefings, in Chinese and English, as Markdown or HTML.

:func:`render_report` writes the situation report (情况汇报) of a campaign as of a day;
:func:`render_briefing` the sheet of a weekly meeting (每周例会): what was held last week,
what is overdue, and what is due this week, party by party. Both build a
:class:`Document` first and write it out with a Jinja template
(package data), so that the Markdown and the HTML hold the same words.
"""

from campaignkit.report._briefing import Agenda, Briefing, BriefingItem, weekly_briefing
from campaignkit.report._briefing_sheet import briefing_document, render_briefing
from campaignkit.report._document import (
    Block,
    Bullets,
    Chart,
    Diagram,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    TableCell,
)
from campaignkit.report._labels import LANGUAGES, Labels
from campaignkit.report._render import FORMATS, ReportFormat
from campaignkit.report._situation import (
    DEFAULT_THRESHOLD,
    burnup_days,
    render_report,
    report_document,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "LANGUAGES",
    "Agenda",
    "Block",
    "Briefing",
    "BriefingItem",
    "Bullets",
    "Chart",
    "Diagram",
    "Document",
    "Facts",
    "Labels",
    "Paragraph",
    "ReportFormat",
    "Section",
    "Table",
    "TableCell",
    "briefing_document",
    "burnup_days",
    "render_briefing",
    "render_report",
    "report_document",
    "weekly_briefing",
]
