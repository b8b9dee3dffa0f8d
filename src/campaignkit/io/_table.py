"""Plain-text tables for a terminal, aligned by display width (see :mod:`campaignkit._text`:
a Chinese character takes two columns).

>>> print(format_table(["id", "名称", "n"], [["weekly", "每周例会", 18], ["forum", "长生讲坛", 5]],
...                    align="llr"))
id      名称       n
------  --------  --
weekly  每周例会  18
forum   长生讲坛   5
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from campaignkit._text import display_width, pad, printable

_GAP = "  "


def format_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    align: str | None = None,
) -> str:
    """A table: the header, a rule of dashes, then one line per row; no trailing newline.

    Args:
        header: The column titles.
        rows: The cells, one sequence per row, as many as the header has columns. A cell
            is shown with ``str()``; ``None`` is shown empty; line breaks, tabs and other
            control characters inside a cell (and a title) are shown escaped (``\\n``,
            ``\\x1b``, see ``printable``), so that every row stays on one line and no
            cell can send the terminal an escape sequence.
        align: One letter per column, ``l`` (left, the default) or ``r`` (right).

    Raises:
        ValueError: when a row or *align* does not have one entry per column.
    """
    titles = [_clean(h) for h in header]
    body = [[_clean(c) for c in row] for row in rows]
    columns = len(titles)
    aligns = align if align is not None else "l" * columns
    if len(aligns) != columns:
        msg = f"align has {len(aligns)} letters for {columns} columns"
        raise ValueError(msg)
    for number, row in enumerate(body, start=1):
        if len(row) != columns:
            msg = f"row {number} has {len(row)} cells for {columns} columns"
            raise ValueError(msg)
    widths = [display_width(t) for t in titles]
    for row in body:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        _line(titles, widths, aligns),
        _GAP.join("-" * w for w in widths).rstrip(),
        *(_line(row, widths, aligns) for row in body),
    ]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int], aligns: str) -> str:
    parts = (pad(c, w, a) for c, w, a in zip(cells, widths, aligns, strict=True))
    return _GAP.join(parts).rstrip()


def _clean(value: object) -> str:
    """The cell's text, every control character and line separator shown escaped."""
    if value is None:
        return ""
    return printable(str(value))
