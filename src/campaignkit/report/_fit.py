"""Keeping a document readable at any size: long tables cut, the full ones as CSV.

A report of a campaign of 2,000 villages would hold tables of 2,000 rows: megabytes of HTML
that a browser lays out slowly and nobody reads. :func:`fit` cuts every table longer than
``max_rows`` rows: a *ranked* table (best first, such as a unit ranking) keeps its head and
its tail — the best and the worst, with a row of ``⋯`` between them — and any other table
keeps its head. A paragraph under the cut table says how many rows it shows, and when the
document is written with its files (``link`` given), a link to the full table as CSV.

:func:`table_csv` writes a table as CSV: the header row and the cells' text, each text cell
neutralised for spreadsheets as every CSV campaignkit writes
(:mod:`campaignkit.io._cells`).

>>> from campaignkit.report._document import TableCell, Section, Table
>>> from campaignkit.report._labels import Labels
>>> rows = tuple((TableCell(str(n)),) for n in range(1, 8))
>>> doc = Document(lang="en", title="T", subtitle="S", sections=(
...     Section(id="s", title="S", blocks=(Table(id="t", columns=("n",), rows=rows, ranked=True),)),))
>>> fitted = fit(doc, Labels.of("en"), max_rows=4, link="report")
>>> [row[0].text for row in fitted.document.sections[0].blocks[0].rows]
['1', '2', '⋯', '6', '7']
>>> sorted(fitted.tables)
['report-t.csv']
>>> fitted.tables["report-t.csv"].splitlines()[:3]
['n', '1', '2']
"""

from __future__ import annotations

import io
import urllib.parse

import attrs

from campaignkit.io._cells import csv_writer, text_cell
from campaignkit.report._document import Block, Document, Figure, Link, Paragraph, Table, TableCell
from campaignkit.report._labels import Labels

GAP = "⋯"
"""The text of the cells of the row that stands for the rows cut out of a ranked table."""


@attrs.frozen
class Fitted:
    """A document whose tables fit a page, and the full tables cut from it, as CSV text by
    file name (empty when no link was asked for)."""

    document: Document
    tables: dict[str, str]


def table_csv(table: Table) -> str:
    """*table* as CSV: its columns, then each row's cell texts (neutralised), its unranked
    rows last."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([text_cell(c) for c in table.columns])
    rows = (*table.rows, *table.unranked)
    writer.writerows([text_cell(cell.text) for cell in row] for row in rows)
    return out.getvalue()


def fit(document: Document, labels: Labels, *, max_rows: int, link: str | None) -> Fitted:
    """*document* with no table longer than *max_rows* rows (see the module's docstring).

    Args:
        document: The document.
        labels: The words of the notes under cut tables.
        max_rows: The most rows a table keeps (at least 2).
        link: The stem of the CSV files' names (``report-en`` gives
            ``report-en-units-drive.csv``), written beside the document; ``None`` for none,
            and then no link is made.
    """
    tables: dict[str, str] = {}
    sections = []
    for section in document.sections:
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, Table) and len(block.rows) > max_rows:
                blocks.append(_cut(block, max_rows))
                blocks.append(Paragraph(_shown(block, max_rows, labels), "legend"))
                blocks += _linked(block, labels, link, tables, "fit.full-table")
            elif isinstance(block, Figure) and block.data is not None:
                blocks.append(block)
                blocks += _linked(block.data, labels, link, tables, "fit.figure-data")
            else:
                blocks.append(block)
        sections.append(attrs.evolve(section, blocks=tuple(blocks)))
    return Fitted(attrs.evolve(document, sections=tuple(sections)), tables)


def _shown(table: Table, max_rows: int, labels: Labels) -> str:
    """The note under *table* cut to *max_rows* rows: how many are shown and, for a ranking,
    the ranks of those left out (its first column), so that a tie cut through does not
    read as the best or the worst ending where the rows do."""
    shown, rows = labels.number(max_rows), labels.number(len(table.rows))
    if not table.ranked:
        return labels("fit.shown", shown=shown, rows=rows)
    hidden = _hidden(table, max_rows)
    ranks = labels.ranks(hidden[0][0].text, hidden[-1][0].text)
    return labels(
        "fit.shown-ranked", shown=shown, rows=rows, hidden=labels.number(len(hidden)), ranks=ranks
    )


def _linked(
    table: Table, labels: Labels, link: str | None, tables: dict[str, str], key: str
) -> list[Block]:
    """A link to *table* as CSV, which goes into *tables*; none without a *link* stem."""
    if link is None:
        return []
    name = f"{link}-{table.id}.csv"
    tables[name] = table_csv(table)
    text = labels(key, name=name, rows=labels.number(len(table.rows) + len(table.unranked)))
    return [Link(text, urllib.parse.quote(name))]


def _cut(table: Table, max_rows: int) -> Table:
    """The head of *table*, or its head and tail when it is ranked."""
    if not table.ranked:
        return attrs.evolve(table, rows=table.rows[:max_rows])
    head, tail = _ends(max_rows)
    gap = tuple(TableCell(GAP, "gap") for _ in table.columns)
    rows = (*table.rows[:head], gap, *table.rows[len(table.rows) - tail :])
    return attrs.evolve(table, rows=rows)


def _ends(max_rows: int) -> tuple[int, int]:
    """How many rows a ranked table cut to *max_rows* keeps at its head and at its tail."""
    head = (max_rows + 1) // 2
    return head, max_rows - head


def _hidden(table: Table, max_rows: int) -> tuple[tuple[TableCell, ...], ...]:
    """The rows a ranked *table* cut to *max_rows* leaves out."""
    head, tail = _ends(max_rows)
    return table.rows[head : len(table.rows) - tail]
