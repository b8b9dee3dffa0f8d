"""Text cells of the CSV files campaignkit writes, safe to open in a spreadsheet.

A spreadsheet (Excel, WPS, LibreOffice) takes a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return for a formula, and runs it: a name such as
``=HYPERLINK("http://…")`` in a ledger would act as code in whoever opens the export (CSV
injection, OWASP). :func:`text_cell` therefore *neutralises* such text as OWASP recommends,
with a leading apostrophe: ``=1+1`` is written ``'=1+1``. Numbers the library writes in a
numeric column (``-3.0``) are not text cells and are never changed.

A spreadsheet set to a language whose list separator is the semicolon (German, French and
most of Europe) reads a comma-separated file by double-click with ``;`` as the separator, so
a cell begins after every semicolon too: ``Nord;=HYPERLINK(…)`` would become two cells, the
second a formula. A formula character after a semicolon gets the same apostrophe
(``Nord;'=HYPERLINK(…)``).

To keep every text recoverable, an apostrophe where one would be put (first, or after a
semicolon) gets one more, so :func:`restore_cell` gives back exactly what was written: it
strips one apostrophe in front of a formula character or of another apostrophe, first and
after each semicolon, and leaves any other text alone.

>>> text_cell("=SUM(A1:A9)"), text_cell("-"), text_cell("'quoted"), text_cell("plain")
("'=SUM(A1:A9)", "'-", "''quoted", 'plain')
>>> text_cell("Nord;=1+1;@x;'a;b")
"Nord;'=1+1;'@x;''a;b"
>>> restore_cell("'=SUM(A1:A9)"), restore_cell("''quoted"), restore_cell("'plain")
('=SUM(A1:A9)', "'quoted", "'plain")
>>> restore_cell("Nord;'=1+1;'@x;''a;b")
"Nord;=1+1;@x;'a;b"
>>> text_cell("=1+1", "raw")
'=1+1'
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from _csv import Writer
    from typing import IO

Formulas: TypeAlias = Literal["neutralise", "raw"]
"""What a CSV writer does with text that a spreadsheet would take for a formula:
``"neutralise"`` (the default: prefix an apostrophe) or ``"raw"`` (write it as it is)."""

BOM = "\ufeff"
"""The byte-order mark a CSV writer puts first when asked (``bom=True``): in UTF-8 the bytes
``EF BB BF``, by which Excel and WPS on Chinese Windows know a CSV file is UTF-8 (without it
they read it as GBK and garble every Chinese character). campaignkit's readers skip it."""

FORMULA_STARTS = frozenset("=+-@\t\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""

_MARK = "'"
_SEPARATOR = ";"
"""The other list separator a spreadsheet may split a comma-separated file at."""
_MARKED = "[" + re.escape("".join(sorted(FORMULA_STARTS)) + _MARK) + "]"
"""What gets an apostrophe in front: a formula character, or an apostrophe."""
_FORMULA_AFTER = re.compile(f"{_SEPARATOR}(?={_MARKED})")
"""A semicolon a formula character (or an apostrophe) follows."""
_MARKED_AFTER = re.compile(f"{_SEPARATOR}{_MARK}(?={_MARKED})")
"""A semicolon and the apostrophe :data:`_FORMULA_AFTER` put after it."""


def csv_writer(out: IO[str]) -> Writer:
    """The one way campaignkit writes CSV rows to *out*: RFC 4180, rows ended by CRLF, so
    that a field holding a line break of any kind, a lone carriage return included, is
    quoted (ended by LF alone, the :mod:`csv` module of Python 3.11 leaves a lone CR bare,
    and a spreadsheet ends the row there: the text after it would begin a row of its own,
    not neutralised)."""
    return csv.writer(out, lineterminator="\r\n")


def check_formulas(formulas: str) -> Formulas:
    """*formulas* when it is ``"neutralise"`` or ``"raw"``.

    Raises:
        ValueError: for anything else.
    """
    if formulas == "neutralise":
        return "neutralise"
    if formulas == "raw":
        return "raw"
    msg = f"formulas must be 'neutralise' or 'raw' (got {formulas!r})"
    raise ValueError(msg)


def text_cell(text: str, formulas: Formulas = "neutralise") -> str:
    """*text* as a CSV cell: neutralised when a spreadsheet would take it for a formula,
    unless *formulas* is ``"raw"``."""
    if formulas == "raw" or not text:
        return text
    if _SEPARATOR in text:
        text = _FORMULA_AFTER.sub(";'", text)
    if text[0] in FORMULA_STARTS or text[0] == _MARK:
        return _MARK + text
    return text


def restore_cell(cell: str) -> str:
    """The text a neutralised cell stands for: one apostrophe fewer in front of a formula
    character or an apostrophe, first and after each semicolon; any other cell as it is.

    ``restore_cell(text_cell(t)) == t`` for every text ``t``.
    """
    if len(cell) > 1 and cell[0] == _MARK and (cell[1] in FORMULA_STARTS or cell[1] == _MARK):
        cell = cell[1:]
    if _SEPARATOR in cell:
        cell = _MARKED_AFTER.sub(";", cell)
    return cell
