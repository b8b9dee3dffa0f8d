"""The totals of plain readings in Spark SQL, generated from :data:`~campaignkit.tracking.PLAIN`.

A ledger too large for one machine may already sit in Spark (or DuckDB, or any engine that
speaks this common SQL: ``TRY_CAST``, ``max_by``, ``left``/``right``, ``LIKE``). The
engine totals the readings it can total exactly, per (indicator, unit, mode, part of the
tracked days); the totals go into an accumulator with
:meth:`~campaignkit.tracking.Accumulator.fold_totals`; the rows it leaves out (few, in a
clean ledger) are fetched and added as records, which reports each of them as the record
path does. The rules are those of every other reader: the text of the query is derived from
``PLAIN`` (and may be narrower than the Python check, never wider), and the parts of days
follow ``part_of`` (each tracked day apart from the days before it), written in SQL once
for every engine.

The ledger table has the columns of a CSV ledger (``campaignkit.io.FIELDS``) as text, an
empty cell read as ``NULL`` or as ``''`` (both are taken).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from campaignkit._text import UNSEEN_RANGES
from campaignkit.tracking import PLAIN, Mode, ReadingTotals
from campaignkit.tracking._intake import MODES, SQL_EXACT, sql_day_bounds, sql_part

TOTALS_COLUMNS = (
    "indicator",
    "unit",
    "mode",
    "bucket",
    "first_day",
    "latest",
    "readings",
    "total",
    "maximum",
    "last_value",
    "assumed",
    "last_low",
    "last_high",
)
"""The columns of :func:`spark_totals_sql`, in order (see :func:`totals_of_rows`)."""


def _text(column: str) -> str:
    return f"coalesce({column}, '')"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _one_of(column: str, texts: Iterable[str]) -> str:
    return f"{_text(column)} IN ({', '.join(_quoted(t) for t in texts)})"


def _unseen() -> str:
    """The characters of :data:`~campaignkit._text.UNSEEN_RANGES` as an SQL text, which
    ``translate`` deletes from an id that holds one: the ASCII and C1 controls as ``chr`` of
    each (no control character in the query's own text; Spark's ``chr`` reaches no further
    than 255), the line separators and format characters themselves."""
    codes = [code for first, last in UNSEEN_RANGES for code in range(first, last + 1)]
    controls = [f"chr({code})" for code in codes if code < 0xA0]
    others = "".join(chr(code) for code in codes if code >= 0xA0)
    return f"concat({', '.join(controls)}, {_quoted(others)})"


_CONTROLS = _unseen()


def _plain(start: dt.date, end: dt.date) -> str:
    """The condition of a row the query totals: a plain reading (narrowed to whole values
    within :data:`SQL_EXACT` written as integers, ids with visible ASCII ends and no control
    character) dated in the window."""
    first_date = PLAIN.date_form.replace("Y", "_").replace("M", "_").replace("D", "_")
    return " AND ".join(
        [
            _one_of("kind", PLAIN.kinds),
            *(f"{_text(name)} = ''" for name in PLAIN.empty),
            _one_of("mode", PLAIN.modes),
            _one_of("assumed", (*PLAIN.false, *PLAIN.true)),
            f"length(id) BETWEEN 1 AND {PLAIN.max_id}",
            "left(id, 1) BETWEEN '!' AND '~' AND left(id, 1) <> ''''",
            "right(id, 1) BETWEEN '!' AND '~'",
            f"instr(id, {_quoted(PLAIN.id_never)}) = 0",
            f"length(translate(id, {_CONTROLS}, '')) = length(id)",
            "length(indicator) >= 1",
            f"date LIKE {_quoted(first_date)}",
            "CAST(TRY_CAST(date AS DATE) AS STRING) = date",
            f"date BETWEEN {_quoted(start.isoformat())} AND {_quoted(end.isoformat())}",
            "CAST(TRY_CAST(value AS BIGINT) AS STRING) = value",
            f"abs(TRY_CAST(value AS BIGINT)) <= {SQL_EXACT}",
        ]
    )


def spark_totals_sql(
    table: str, start: dt.date, end: dt.date, days: Iterable[dt.date] | None = None
) -> str:
    """The query totalling the plain readings of the ledger *table* dated from *start* to
    *end* (the campaign window), per (indicator, unit, mode, part of *days*: ``part_of``).

    *days* are the accumulator's tracked days (``None``: every day). The columns are
    :data:`TOTALS_COLUMNS`; :func:`totals_of_rows` turns the rows into
    :class:`~campaignkit.tracking.ReadingTotals`. Readings must have unique ids (the
    accumulator is made with ``unique_ids=True``).

    >>> print(spark_totals_sql("ledger", dt.date(2010, 1, 1), dt.date(2010, 12, 31))[:60])
    SELECT indicator, coalesce(unit, '') AS unit, coalesce(mode,
    """
    tracked = None if days is None else sorted(set(days))
    bucket = sql_part(None if tracked is None else tuple(tracked))
    flag = _one_of("assumed", PLAIN.true)
    latest = "concat(date, '|', id)"
    low, high = sql_day_bounds("date", "value")
    return (
        f"SELECT indicator, {_text('unit')} AS unit, {_text('mode')} AS mode,"
        f" {bucket} AS bucket, min(date) AS first_day, max({latest}) AS latest,"
        " count(*) AS readings, sum(CAST(value AS BIGINT)) AS total,"
        " max(CAST(value AS BIGINT)) AS maximum,"
        f" max_by(CAST(value AS BIGINT), {latest}) AS last_value,"
        f" sum(CASE WHEN {flag} THEN 1 ELSE 0 END) AS assumed,"
        f" {low} AS last_low, {high} AS last_high"
        f" FROM {table} WHERE {_plain(start, end)}"
        f" GROUP BY indicator, {_text('unit')}, {_text('mode')}, {bucket}"
    )


def spark_rest_sql(
    table: str,
    start: dt.date,
    end: dt.date,
    refused: Iterable[tuple[str, str | None, Mode | None]] = (),
) -> str:
    """The query of the rows :func:`spark_totals_sql` leaves out, to be added as records:
    every row that is not a plain reading in the window, and the rows of the (indicator,
    unit, mode) triples in *refused* (those whose totals the accumulator did not take:
    :meth:`~campaignkit.tracking.Accumulator.totals_lane` is not ``"totals"``)."""
    left_out = f"NOT coalesce(({_plain(start, end)}), false)"
    triples = [
        f"(indicator = {_quoted(i)} AND {_text('unit')} = {_quoted(u or '')}"
        f" AND {_text('mode')} = {_quoted(m.value if m else '')})"
        for i, u, m in refused
    ]
    where = " OR ".join([left_out, *triples])
    return f"SELECT * FROM {table} WHERE {where}"


def totals_of_rows(rows: Iterable[Sequence[Any]]) -> list[ReadingTotals]:
    """The :class:`~campaignkit.tracking.ReadingTotals` of the rows of
    :func:`spark_totals_sql` (tuples in the order of :data:`TOTALS_COLUMNS`)."""
    width = len(PLAIN.date_form)  # ``latest`` is the date, a bar, then the id
    out = []
    for row in rows:
        indicator, unit, mode, _, first, latest, count, total, top, last, assumed, low, high = row
        out.append(
            ReadingTotals(
                indicator,
                unit or None,
                MODES[mode],
                dt.date.fromisoformat(str(first)),
                dt.date.fromisoformat(latest[:width]),
                int(count),
                int(total),
                float(top),
                latest[width + 1 :],
                float(last),
                int(assumed),
                float(low),
                float(high),
            )
        )
    return out
