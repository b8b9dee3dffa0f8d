"""Situation reports and weekly briefings, in Chinese and English, as Markdown or HTML.

:func:`render_report` writes the situation report (情况汇报) of a campaign as of a day;
:func:`render_briefing` the sheet of a weekly meeting (每周例会): what was held last week,
what is overdue, and what is due this week, party by party. Both build a
:class:`Document` first and write it out with a Jinja template
(package data), so that the Markdown and the HTML hold the same words.
"""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.report._briefing import Agenda, Briefing, BriefingItem, weekly_briefing
    from campaignkit.report._briefing_sheet import briefing_document, render_briefing
    from campaignkit.report._document import (
        Block,
        Bullets,
        Chart,
        Diagram,
        Document,
        Facts,
        Figure,
        Link,
        Paragraph,
        Section,
        Table,
        TableCell,
    )
    from campaignkit.report._labels import LANGUAGES, Labels, Ranked
    from campaignkit.report._render import FORMATS, ReportFormat
    from campaignkit.report._situation import (
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
    "Block",
    "Briefing",
    "BriefingItem",
    "Bullets",
    "Chart",
    "Diagram",
    "Document",
    "Facts",
    "Figure",
    "Labels",
    "Link",
    "Paragraph",
    "Ranked",
    "ReportFormat",
    "Section",
    "Table",
    "TableCell",
    "briefing_document",
    "burnup_days",
    "render_briefing",
    "render_report",
    "report_document",
    "report_files",
    "weekly_briefing",
]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "Agenda": "._briefing",
            "Briefing": "._briefing",
            "BriefingItem": "._briefing",
            "weekly_briefing": "._briefing",
            "briefing_document": "._briefing_sheet",
            "render_briefing": "._briefing_sheet",
            "Block": "._document",
            "Bullets": "._document",
            "Chart": "._document",
            "Diagram": "._document",
            "Document": "._document",
            "Facts": "._document",
            "Figure": "._document",
            "Link": "._document",
            "Paragraph": "._document",
            "Section": "._document",
            "Table": "._document",
            "TableCell": "._document",
            "LANGUAGES": "._labels",
            "Labels": "._labels",
            "Ranked": "._labels",
            "FORMATS": "._render",
            "ReportFormat": "._render",
            "DEFAULT_THRESHOLD": "._situation",
            "MAX_ROWS": "._situation",
            "report_files": "._situation",
            "burnup_days": "._situation",
            "render_report": "._situation",
            "report_document": "._situation",
        },
    )
