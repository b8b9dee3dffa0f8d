"""The shape of a rendered document: sections of paragraphs, facts, lists and tables.

Reports and briefings are first built as a :class:`Document` — text already in the reader's
language, figures already formatted — and then written out by a template, Markdown or HTML.
Both formats therefore hold the same sections, rows and words; only the markup differs. The
templates escape every string they are given (HTML by Jinja's autoescaping, Markdown by
``campaignkit.report._markdown.escape``), so nothing here is markup.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
from markupsafe import Markup


@attrs.frozen
class TableCell:
    """One cell of a table, or one value of a fact.

    ``css`` names classes the HTML output gives the cell (``num``, ``status-behind``);
    ``title`` is a longer text an HTML reader sees on hover.
    """

    text: str
    css: str = ""
    title: str | None = None


@attrs.frozen(kw_only=True)
class Table:
    """A table with a header row. ``align`` has one letter per column: ``l`` or ``r``.

    ``empty`` is written instead of the table when it has no rows. A ``ranked`` table (best
    first) that is too long for a page keeps its head and its tail; any other keeps its head
    (see :mod:`campaignkit.report._fit`). ``unranked`` rows (units a ranking leaves out, with
    no figure to rank them by) are not shown, but follow the rows in the table's CSV file, so
    that the file has every unit.
    """

    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    align: str = ""
    caption: str | None = None
    empty: str = ""
    ranked: bool = False
    unranked: tuple[tuple[TableCell, ...], ...] = ()
    kind: ClassVar[str] = "table"

    def __attrs_post_init__(self) -> None:
        if self.align and len(self.align) != len(self.columns):
            msg = f"align has {len(self.align)} letters for {len(self.columns)} columns"
            raise ValueError(msg)
        for row in (*self.rows, *self.unranked):
            if len(row) != len(self.columns):
                msg = f"a row of table {self.id!r} has {len(row)} cells for {len(self.columns)} columns"
                raise ValueError(msg)

    def aligned(self, index: int) -> str:
        """``right`` or ``left``: how column *index* is aligned."""
        return "right" if self.align[index : index + 1] == "r" else "left"


@attrs.frozen
class Paragraph:
    """A paragraph of running text."""

    text: str
    css: str = ""
    kind: ClassVar[str] = "paragraph"


@attrs.frozen
class Facts:
    """Labelled values, such as the overview's theme, window and status."""

    items: tuple[tuple[str, TableCell], ...]
    kind: ClassVar[str] = "facts"


@attrs.frozen
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "bullets"


@attrs.frozen(kw_only=True)
class Figure:
    """A chart inside a section (HTML only): inline SVG, already escaped, and a caption.

    ``data`` is the table the chart was drawn from, in full: it is not shown, but goes to a
    CSV file beside the report (:func:`~campaignkit.report.report_files`).
    """

    id: str
    svg: Markup
    caption: str
    data: Table | None = None
    kind: ClassVar[str] = "figure"


@attrs.frozen
class Link:
    """A link to a file written beside the document (a CSV table)."""

    text: str
    href: str
    kind: ClassVar[str] = "link"


Block = Paragraph | Facts | Bullets | Table | Figure | Link
"""Anything a section holds; templates tell them apart by their ``kind``."""


@attrs.frozen(kw_only=True)
class Section:
    """A titled part of a document. ``level`` 2 is a main section, 3 a part of one."""

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    level: int = 2


@attrs.frozen(kw_only=True)
class Chart:
    """A chart: its name (``gantt``), title, caption and inline SVG (already escaped).

    ``number`` is its figure number (``Figure 2``), 0 for none; ``notes`` are caveats printed
    under its caption.
    """

    name: str
    title: str
    caption: str
    svg: Markup
    number: int = 0
    notes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Diagram:
    """A chart of a Markdown document: Mermaid text (the campaign's text in it already made
    inert, so that it cannot break out of the diagram or the fence), its figure number and
    title."""

    name: str
    title: str
    text: str
    number: int = 0


@attrs.frozen(kw_only=True)
class Document:
    """A whole report or briefing, ready for a template.

    Only the HTML template draws the ``charts``, and only the Markdown one the ``diagrams``
    (with ``charts_note`` before them, which says where the HTML is), both after the section
    whose id is ``charts_after``; ``notes`` are written under the title, ``footer`` at the
    end.
    """

    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    diagrams: tuple[Diagram, ...] = ()
    charts_note: str = ""
    charts_title: str = ""
    charts_after: str = ""
    contents: str = ""
    """The title of the table of contents (HTML); none when empty."""
    colon: str = ": "
    """What stands between a fact's label and its value (``：`` in Chinese)."""
    footer: str = ""
