"""Writing a :class:`~campaignkit.report.Document` out as Markdown or HTML.

The templates are package data (``campaignkit/report/templates``), rendered by two Jinja
environments:

- HTML templates autoescape (``autoescape=True``): every value is escaped for HTML, so a
  campaign called ``<script>alert(1)</script>`` is shown as text. Only the charts' SVG, built
  and escaped by :mod:`campaignkit.report._charts`, is inserted as markup.
- Markdown templates escape every value for Markdown through the environment's ``finalize``
  (``campaignkit.report._markdown.escape``): ``|`` cannot split a table cell, ``<`` cannot
  open an HTML tag, ``*`` cannot start emphasis. Values in the middle of a line (headings,
  cells, list items) go through the ``inline`` filter, which leaves a leading ``1.`` alone.

Both are strict about undefined names, so a misspelt field fails loudly instead of leaving a
blank in a report.
"""

from __future__ import annotations

import functools
from typing import Literal, TypeAlias

import jinja2
from markupsafe import Markup

from campaignkit._errors import Problem, ValidationError
from campaignkit._text import printable
from campaignkit.report._document import Document
from campaignkit.report._markdown import escape

ReportFormat: TypeAlias = Literal["md", "html"]
"""An output format of reports and briefings."""

FORMATS: tuple[ReportFormat, ...] = ("md", "html")
"""The output formats of reports and briefings."""


def check_format(format: str) -> ReportFormat:
    """*format* when it is ``md`` or ``html``.

    Raises:
        ValidationError: ``invalid-value`` at ``$.format`` otherwise.
    """
    if format == "md":
        return "md"
    if format == "html":
        return "html"
    msg = f"'format' must be one of {', '.join(FORMATS)} (got {format!r})"
    raise ValidationError([Problem("$.format", "invalid-value", msg)])


@functools.cache
def environment(format: ReportFormat) -> jinja2.Environment:
    """The Jinja environment of *format*'s templates (built once)."""
    html = format == "html"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("campaignkit.report", "templates"),
        autoescape=html,  # Markdown is escaped by finalize instead
        finalize=_shown if html else escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if not html:
        env.filters["inline"] = functools.partial(escape, line_start=False)
    return env


def _shown(value: object) -> object:
    """A value of an HTML template with its control characters written as escapes
    (:func:`~campaignkit._text.printable`, line breaks kept): a ledger's note may hold ESC,
    which a page shows as nothing and a terminal that prints the file obeys. Markup (made
    by the report itself) is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value, lines=True)
    return value


def render_document(document: Document, format: str, kind: str) -> str:
    """*document* written out as *format*; *kind* (``report``, ``briefing``) names the page's
    class in HTML.

    Raises:
        ValidationError: ``invalid-value`` at ``$.format`` for a format other than ``md`` and
            ``html``.
    """
    fmt = check_format(format)
    template = environment(fmt).get_template(f"document.{fmt}")
    return template.render(doc=document, kind=kind)
