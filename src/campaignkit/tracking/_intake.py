"""Record intake: what a *plain reading* is, and the seam fast readers feed.

Readers of large ledgers (the CSV reader's fast lane, the columnar Arrow backend, the SQL
totals of a store) hand readings to an :class:`~campaignkit.tracking.Accumulator` without
making a :class:`~campaignkit.tracking.Reading` for each. They may do so only for a *plain*
reading: one whose every field is already in its final form, so that the record would be
made without a change and without a problem. Everything else goes the ordinary way, as a
record, and is reported exactly as the record path reports it.

What "plain" means is written once, here, as data: ``PLAIN`` (a
:class:`PlainReading`). Each reader's check is derived from it:

- the Python check (``plain_id``, ``plain_date``, ``plain_number``, and the
  :data:`MODES` and :data:`FLAGS` tables) used one row at a time;
- the columnar patterns (:data:`ARROW_ID`, :data:`ARROW_DATE`, :data:`ARROW_NUMBER`);
- the column checks of a text table such as a CSV file (:func:`plain_checks`), which a
  columnar engine (the polars backend) and SQL (:func:`sql_plain`, :func:`sql_totals`)
  translate into their own expressions;
- the SQL ``WHERE`` clause of a store (:func:`sql_totalled`) and the part of the tracked
  days a reading is totalled in (:func:`sql_part`).

A columnar or SQL check may be narrower than the Python one (a reading it leaves out goes
the ordinary way), never wider. The bucket of days a reading is folded into is computed by
:func:`bucket_of`, the only definition of it; engines total readings by :func:`part_of`,
which sets the tracked day closing a bucket apart.

What a fast reader feeds is :class:`ReadingIntake`: readings one at a time
(:meth:`ReadingIntake.plain_readings`) or totals per group (:class:`ReadingTotals`,
:meth:`ReadingIntake.fold_totals`). The accumulator implements it.

>>> plain_date("2026-03-11"), plain_date("20260311xx"), plain_date("2026-W11-3")
(datetime.date(2026, 3, 11), None, None)
>>> plain_number("1.5e3"), plain_number("nan"), plain_number("1e16")
(1500.0, None, None)
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple, Protocol, runtime_checkable

import attrs

from campaignkit._text import UNSEEN_CLASS, UNSEEN_RANGES
from campaignkit.model._base import MAX_VALUE
from campaignkit.tracking._records import CONTROLS, MAX_ID, Mode
from campaignkit.tracking._sql import POSTGRES, SQLITE, SQLDialect


@attrs.frozen
class PlainReading:
    """The rules of a plain reading, as data.

    Attributes:
        max_id: The longest id (in characters).
        max_value: The largest magnitude of a value.
        kinds: The texts of the ``kind`` field a plain reading may have.
        modes: The texts of the ``mode`` field, in order: the empty text (the indicator's
            own mode) then each :class:`~campaignkit.tracking.Mode`.
        true: The texts of the ``assumed`` field that mean true.
        false: The texts of the ``assumed`` field that mean false.
        empty: The fields a plain reading leaves empty.
        id_first: The characters an id may start with, as a regular expression class
            (visible ASCII, not an apostrophe): narrower than ``plain_id`` takes, which
            columnar engines and SQL cannot say.
        id_last: The characters an id may end with, likewise.
        id_never: Text an id may not hold: where a CSV cell has it, a writer neutralised a
            formula after a semicolon (:func:`campaignkit.io.restore_cell` takes the
            apostrophe off on the ordinary path).
        controls: The characters no id or name holds (controls, line separators, invisible
            format characters: ``campaignkit._text.UNSEEN_CLASS``), as a regular
            expression class body: a record that has one is refused.
        date_form: The one form of a date: ``Y``, ``M``, ``D`` stand for digits, anything
            else for itself.
        number: The pattern of a value: decimal notation, no ``nan``, ``inf`` or ``1_000``;
            written so that a text matches it in one way only (``[0-9]+\\.?[0-9]*`` could
            part a run of digits in as many ways as it is long, and Python's engine would try
            them all: minutes for a corrupted field of 100,000 digits and a letter).
    """

    max_id: int = MAX_ID
    max_value: float = MAX_VALUE
    kinds: tuple[str, ...] = ("", "reading")
    modes: tuple[str, ...] = ("", *(m.value for m in Mode))
    true: tuple[str, ...] = ("true",)
    false: tuple[str, ...] = ("", "false")
    empty: tuple[str, ...] = ("subject", "note", "present", "absent", "excused")
    id_first: str = "[!-&(-~]"
    id_last: str = "[!-~]"
    id_never: str = ";'"
    controls: str = UNSEEN_CLASS
    date_form: str = "YYYY-MM-DD"
    number: str = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

    @property
    def date_pattern(self) -> str:
        """:attr:`date_form` as a regular expression (to be matched in full).

        >>> PLAIN.date_pattern
        '[0-9][0-9][0-9][0-9]\\\\-[0-9][0-9]\\\\-[0-9][0-9]'
        """
        return "".join("[0-9]" if c in "YMD" else re.escape(c) for c in self.date_form)

    @property
    def date_glob(self) -> str:
        """:attr:`date_form` as an SQLite ``GLOB`` pattern (which matches in full)."""
        return "".join("[0-9]" if c in "YMD" else c for c in self.date_form)


PLAIN: Final = PlainReading()
"""The rules every reader of plain readings follows."""

MODES: Final[dict[str, Mode | None]] = {t: Mode(t) if t else None for t in PLAIN.modes}
"""The mode each accepted ``mode`` text stands for."""
FLAGS: Final[dict[str, bool]] = {
    **dict.fromkeys(PLAIN.false, False),
    **dict.fromkeys(PLAIN.true, True),
}
"""The flag each accepted ``assumed`` text stands for."""

_DATE = re.compile(PLAIN.date_pattern)
_NUMBER = re.compile(PLAIN.number)

# the columnar checks (RE2 patterns: ``\A`` and ``\z`` anchor at the ends of the text)
ARROW_DATE: Final = rf"\A(?:{PLAIN.date_pattern})\z"
"""The date form for a columnar engine (RE2)."""
ARROW_NUMBER: Final = rf"\A(?:{PLAIN.number})\z"
"""The value pattern for a columnar engine (RE2)."""
ID_PATTERN: Final = rf"{PLAIN.id_first}(?:[^{PLAIN.controls}]*{PLAIN.id_last})?"
"""Ids an engine takes, to be matched in full: ends in visible ASCII, the first not an
apostrophe, no control, separator or format character between (narrower than ``plain_id``,
whose ``str.strip`` RE2 and SQL cannot say; the length is checked apart)."""
ARROW_ID: Final = rf"\A(?:{ID_PATTERN})\z"
""":data:`ID_PATTERN` for a columnar engine (RE2)."""


def strict_date(text: str) -> dt.date | None:
    """*text* as a date when it is exactly ``YYYY-MM-DD`` and a real day, else ``None``.

    ``datetime.date.fromisoformat`` alone takes more (``20260311``, ``2026-W11-3``, and
    even ``20260311xx`` on Python 3.11): records and occurrence keys take this form only.

    >>> strict_date("2010-02-24"), strict_date("2010-02-30"), strict_date("2010-02-24\\n")
    (datetime.date(2010, 2, 24), None, None)
    """
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def plain_date(text: str) -> dt.date | None:
    """The date of a plain reading's ``date`` text (see :func:`strict_date`)."""
    return strict_date(text)


def plain_text(text: object) -> bool:
    """A non-empty string without surrounding spaces or control characters, as names in
    records must be."""
    return (
        isinstance(text, str) and text != "" and text == text.strip() and not CONTROLS.search(text)
    )


def plain_id(text: str) -> bool:
    """Whether *text* is an id a plain reading may have: plain, at most ``max_id`` long, not
    starting with an apostrophe and without :attr:`~PlainReading.id_never` (a CSV cell may
    be neutralised with an apostrophe there, which the ordinary path takes off:
    :func:`campaignkit.io.restore_cell`)."""
    return (
        0 < len(text) <= PLAIN.max_id
        and text == text.strip()
        and text[0] != "'"
        and PLAIN.id_never not in text
        and not CONTROLS.search(text)
    )


def plain_value(value: float) -> bool:
    """Whether the float *value* lies within ``max_value`` (``nan`` does not)."""
    return -PLAIN.max_value <= value <= PLAIN.max_value


def decimal(text: str) -> float | None:
    """*text* as a float when it is decimal notation (:attr:`PlainReading.number`), else
    ``None``: no ``nan``, ``inf`` or ``1_000`` forms slip through ``float()``."""
    return float(text) if _NUMBER.fullmatch(text) else None


def plain_number(text: str) -> float | None:
    """*text* as a float when it is decimal notation within range, else ``None``."""
    value = decimal(text)
    return value if value is not None and plain_value(value) else None


# -- the SQL totals ----------------------------------------------------------------------

SQL_EXACT: Final = 2**31
"""The largest whole value SQL totals: the 64-bit sums of up to 2³² of them stay exact."""

# -- the values of a group's latest day ------------------------------------------------------

DAY_SPAN: Final = 2**33
"""What one day adds to a *day key* (:func:`day_keys`): more than the ``2 * SQL_EXACT + 1``
values a totalled reading may have."""


def day_keys(day: int, value: int) -> tuple[int, int]:
    """The two *day keys* of a totalled reading: integers whose greatest in a group is
    that of its latest day with its largest value (the first key) and with its smallest
    (the second). *day* is any whole number that rises with the date (a day's ordinal,
    or the number :func:`sql_day_bounds` makes of a date), *value* a whole value within
    :data:`SQL_EXACT`.

    Engines total the keys with ``max`` (one of every engine's own aggregates, exact in
    64-bit integers and merged by ``max`` again), and :func:`day_bounds` reads them back.

    >>> keys = [day_keys(day, value) for day, value in [(7, 5), (9, 3), (9, -2), (8, 40)]]
    >>> day_bounds(max(k[0] for k in keys), max(k[1] for k in keys))
    (-2, 3)
    """
    return day * DAY_SPAN + value + SQL_EXACT, day * DAY_SPAN + SQL_EXACT - value


def day_bounds(high: int, low: int) -> tuple[int, int]:
    """The smallest and the largest value of a group's latest day, from the greatest of
    each of its :func:`day_keys`."""
    return SQL_EXACT - low % DAY_SPAN, high % DAY_SPAN - SQL_EXACT


def sql_day_bounds(date: str, value: str) -> tuple[str, str]:
    """Two SQL aggregates: the smallest and the largest *value* (a whole number within
    :data:`SQL_EXACT`) of a group's latest *date* (a text column of ISO dates, plain), by
    :func:`day_keys` and :func:`day_bounds`. The day's number is
    ``372 * year + 31 * month + day``, which rises with the date, in any dialect (no date
    arithmetic); the keys are positive, so ``%`` is the same in every dialect.

    >>> low, high = sql_day_bounds("date", "value")
    >>> high.startswith("max("), high.endswith(f"% {DAY_SPAN} - {SQL_EXACT}")
    (True, True)
    """
    number = (
        f"(372 * CAST(substr({date}, 1, 4) AS BIGINT) + 31 * CAST(substr({date}, 6, 2) AS BIGINT)"
        f" + CAST(substr({date}, 9, 2) AS BIGINT))"
    )
    whole = f"CAST({value} AS BIGINT)"
    high = f"{number} * {DAY_SPAN} + {whole} + {SQL_EXACT}"
    low = f"{number} * {DAY_SPAN} + {SQL_EXACT} - {whole}"
    return f"{SQL_EXACT} - max({low}) % {DAY_SPAN}", f"max({high}) % {DAY_SPAN} - {SQL_EXACT}"


def sql_totalled(start: dt.date, end: dt.date, dialect: SQLDialect = SQLITE) -> str:
    """The SQL ``WHERE`` clause of the stored readings that SQL totals exactly: plain
    readings, dated from *start* to *end*, of whole values within :data:`SQL_EXACT`.

    The store's columns: ``kind``, ``date`` (text), ``value``, ``mode`` (``NULL`` for
    none), ``assumed`` (0 or 1) and ``id``; a totalled id never holds the dialect's
    separator, which follows it in the totals. No row that the records path refuses is
    totalled (it is read there, to be located): a day that does not exist, an id or a note
    that is not text, a party list on a reading. A note is allowed: it changes nothing a fold
    of trusted ids keeps. *dialect* spells it for SQLite (the default), DuckDB or PostgreSQL.
    """
    d = dialect
    parties = " AND ".join(
        f"{name} IS NULL" for name in PLAIN.empty if name not in _STORED_ELSEWHERE
    )
    modes = ", ".join(f"'{t}'" for t in PLAIN.modes)
    kinds = ", ".join(f"'{k}'" for k in PLAIN.kinds if k)
    value = "value IS NOT NULL" if d.typed else "typeof(value) IN ('integer', 'real')"
    clauses = [
        f"kind IN ({kinds})",
        value,
        d.whole.format(c="value"),
        f"abs(value) <= {SQL_EXACT}",
        sql_day("date", d),
        f"{d.scan}date BETWEEN '{start.isoformat()}' AND '{end.isoformat()}'",  # '+': a scan
        f"coalesce(mode, '') IN ({modes})",
        f"assumed IN (0, 1) AND length(id) BETWEEN 1 AND {PLAIN.max_id}",
        _sql_stored_id("id", d),
        *([d.no_separator.format(c="id")] if d.no_separator else []),
        *([] if d.typed else ["typeof(id) = 'text'"]),
        parties,
        *([] if d.typed else ["(note IS NULL OR typeof(note) = 'text')"]),
    ]
    return " AND ".join(clauses)


def _sql_stored_id(column: str, dialect: SQLDialect) -> str:
    """Whether the stored id *column* is one the records path takes, as far as SQL tells:
    visible ASCII at both ends and no character of :data:`PLAIN.controls` between (an id
    changed behind a store's back is then read, and refused, by the records path)."""
    if dialect is not SQLITE:
        return dialect.full_match.format(c=column, p=ID_PATTERN)
    # GLOB has classes but no escapes: the characters made by char(), '-' (45) between
    # the ends of a range; a NUL, which would end the pattern, is the separator's test
    ranges = [(max(first, 1), last) for first, last in UNSEEN_RANGES]
    codes = ", ".join(
        f"{first}, 45, {last}" if last > first else f"{first}" for first, last in ranges
    )
    return (
        f"{column} GLOB '{PLAIN.id_first}*' AND {column} GLOB '*{PLAIN.id_last}'"
        f" AND NOT {column} GLOB ('*[' || char({codes}) || ']*')"
    )


def sql_day(column: str, dialect: SQLDialect = SQLITE) -> str:
    """An SQL condition, true or false (never ``NULL``), that the text *column* is a day in
    the one form of :attr:`PlainReading.date_form`."""
    pattern = PLAIN.date_glob if dialect is SQLITE else PLAIN.date_pattern
    form = dialect.full_match.format(c=column, p=pattern)
    return f"(coalesce({form}, FALSE) AND {dialect.day.format(c=column)})"


# the store keeps a reading's indicator in ``subject``, and its note changes no total
_STORED_ELSEWHERE = ("subject", "note")


# -- the checks of a text table -----------------------------------------------------------

Dialect = Literal["duckdb", "postgres"]
"""The SQL dialects :func:`sql_plain` and :func:`sql_totals` write."""


class ColumnCheck(NamedTuple):
    """One check every row of a text table (a CSV file read as text) passes when the row
    is a plain reading; a reader translates each :attr:`test` into its own expression.

    The tests: ``"one of"`` (the text is one of :attr:`argument`, a tuple); ``"empty"``;
    ``"starts with"`` and ``"ends with"`` (a character of the regular expression class
    :attr:`argument`); ``"without"`` (the text does not hold :attr:`argument`, a text);
    ``"none of"`` (no character of the regular expression class :attr:`argument`);
    ``"at most"`` (at most :attr:`argument` characters); ``"a day"``
    (the :attr:`PlainReading.date_form` of a real day); ``"a number within"`` (decimal
    notation, :attr:`PlainReading.number`, whose float lies within ±:attr:`argument`).
    """

    field: str
    test: Literal[
        "one of",
        "empty",
        "starts with",
        "ends with",
        "without",
        "none of",
        "at most",
        "a day",
        "a number within",
    ]
    argument: tuple[str, ...] | str | float | None = None


REQUIRED: Final = ("id", "date", "indicator", "value")
"""The columns a table of plain readings has (the others may be missing: empty)."""


def plain_checks(columns: Iterable[str]) -> tuple[ColumnCheck, ...] | None:
    """The checks of :data:`PLAIN` for a text table with these *columns*; ``None`` when a
    column of :data:`REQUIRED` is missing (no row of it is plain). The names
    (``indicator``, ``unit``) are not checked here: a reader checks them once for each
    group, by :meth:`ReadingIntake.totals_lane`.

    >>> [c.test for c in plain_checks(["id", "date", "indicator", "value", "note"])]
    ['empty', 'starts with', 'ends with', 'without', 'none of', 'at most', 'a day', 'a number within']
    """
    present = set(columns)
    if not set(REQUIRED) <= present:
        return None
    texts = {"kind": PLAIN.kinds, "mode": PLAIN.modes, "assumed": tuple(FLAGS)}
    checks = [ColumnCheck(n, "one of", t) for n, t in texts.items() if n in present]
    checks += [ColumnCheck(n, "empty") for n in PLAIN.empty if n in present]
    return (
        *checks,
        ColumnCheck("id", "starts with", PLAIN.id_first),
        ColumnCheck("id", "ends with", PLAIN.id_last),
        ColumnCheck("id", "without", PLAIN.id_never),
        ColumnCheck("id", "none of", PLAIN.controls),
        ColumnCheck("id", "at most", PLAIN.max_id),
        ColumnCheck("date", "a day"),
        ColumnCheck("value", "a number within", PLAIN.max_value),
    )


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_column(name: str) -> str:
    """A column of a text table, a missing value (``NULL``, as some CSV readers give an
    empty field) the empty text."""
    return f"coalesce(\"{name}\", '')"


def _sql_check(check: ColumnCheck, dialect: Dialect) -> str:
    name, argument = _sql_column(check.field), check.argument
    if check.test == "one of":
        assert isinstance(argument, tuple)
        return f"{name} IN ({', '.join(map(_sql_text, argument))})"
    if check.test == "empty":
        return f"{name} = ''"
    if check.test in ("starts with", "ends with"):
        assert isinstance(argument, str)
        pattern = f"{argument}.*" if check.test == "starts with" else f".*{argument}"
        return _sql_matches(name, pattern, dialect)
    if check.test == "without":
        assert isinstance(argument, str)
        return f"strpos({name}, {_sql_text(argument)}) = 0"
    if check.test == "none of":
        assert isinstance(argument, str)
        return f"NOT {_sql_matches(name, f'.*[{argument}].*', dialect)}"
    if check.test == "at most":
        return f"length({name}) <= {argument}"
    if check.test == "a day":
        if dialect == "duckdb":
            return f"{_sql_matches(name, PLAIN.date_pattern, dialect)} AND TRY_CAST({name} AS DATE) IS NOT NULL"
        return POSTGRES.day.format(c=name)  # no cast that could fail
    # "a number within": the cast guarded, as SQL does not promise to evaluate AND in order
    number = _sql_matches(name, PLAIN.number, dialect)
    if dialect == "duckdb":
        valid = f"{number} AND TRY_CAST({name} AS DOUBLE) IS NOT NULL"
    else:  # no cast that PostgreSQL could find out of range: what is left goes one by one
        valid = f"{number} AND length({name}) <= 32 AND {name} !~ '[eE][+-]?[0-9]{{3}}'"
    cast = _sql_cast(name, "DOUBLE PRECISION", dialect)
    return f"CASE WHEN {valid} THEN abs({cast}) <= {argument:.0f} ELSE false END"


def _sql_matches(name: str, pattern: str, dialect: Dialect) -> str:
    """*name* matches *pattern* in full (``.`` matches any character)."""
    if dialect == "duckdb":
        return f"regexp_full_match({name}, {_sql_text(pattern)}, 's')"
    return f"{name} ~ {_sql_text(f'^(?:{pattern})$')}"


def _sql_cast(text: str, to: str, dialect: Dialect) -> str:
    """A cast that an optimiser may run before the checks guarding it: DuckDB's gives
    ``NULL`` then; the rows of PostgreSQL's have been checked, as :func:`sql_totals` keeps
    its subquery's ``WHERE`` apart (``OFFSET 0``)."""
    return f"TRY_CAST({text} AS {to})" if dialect == "duckdb" else f"CAST({text} AS {to})"


def sql_plain(columns: Iterable[str], dialect: Dialect = "duckdb") -> str:
    """The SQL condition that holds for the plain readings of a text table (every column
    text, a missing value the empty text) with these *columns*: :func:`plain_checks` in
    *dialect*.

    Raises:
        ValueError: when a column of :data:`REQUIRED` is missing.

    >>> print(sql_plain(["id", "date", "indicator", "value", "kind"]).split(" AND ")[0])
    (coalesce("kind", '') IN ('', 'reading'))
    """
    checks = plain_checks(columns)
    if checks is None:
        msg = f"a table of readings has the columns {', '.join(REQUIRED)}"
        raise ValueError(msg)
    return " AND ".join(f"({_sql_check(c, dialect)})" for c in checks)


TOTALS: Final = (
    "indicator", "unit", "mode", "first", "last", "readings", "total", "maximum",
    "last_id", "last_value", "assumed", "last_low", "last_high",
)  # fmt: skip
"""The columns :func:`sql_totals` gives, those of :class:`ReadingTotals` in order (the
unit and mode as texts, the empty text for none), then ``bucket``."""


def sql_totals(
    source: str,
    columns: Iterable[str],
    *,
    start: dt.date,
    end: dt.date,
    days: tuple[dt.date, ...] | None,
    dialect: Dialect = "duckdb",
) -> str:
    """An SQL query totalling the plain readings of the text table *source* (a table
    name, or an expression such as DuckDB's ``read_csv('l.csv', all_varchar = true)``)
    that totals can hold exactly: dated from *start* to *end*, whole values within
    :data:`SQL_EXACT`. One row a group of (indicator, unit, mode, part of *days*, as
    :func:`part_of` parts them), with the columns :data:`TOTALS` and ``bucket`` (the part).

    The other rows of *source* (not plain, or plain but not totalled) go to the
    accumulator one at a time; among readings of the same latest ``(date, id)`` in a group
    (a repeated id), which one is taken is left to the engine: totals are for trusted ids.

    Raises:
        ValueError: when a column of :data:`REQUIRED` is missing.
    """
    names = list(columns)
    where = sql_plain(names, dialect)
    unit = _sql_column("unit") if "unit" in names else "''"
    mode = _sql_column("mode") if "mode" in names else "''"
    assumed = f"{_sql_column('assumed')} = 'true'" if "assumed" in names else "false"
    day = _sql_cast('"date"', "DATE", dialect)
    bucket = f"({day} - DATE '{start.isoformat()}')" if days is None else sql_part(days, '"date"')
    value = _sql_cast('"value"', "DOUBLE PRECISION", dialect)
    latest = f'ORDER BY {day} DESC, "id" DESC'
    low, high = sql_day_bounds('"date"', value)
    # PostgreSQL would fold the subquery into the query, and could cast a row before its
    # checks: OFFSET 0 keeps the checks first (DuckDB's casts cannot fail)
    fence = " OFFSET 0" if dialect == "postgres" else ""
    return (
        f'SELECT "indicator", {unit} AS "unit", {mode} AS "mode",'
        f' min({day}) AS "first", max({day}) AS "last", count(*) AS "readings",'
        f' sum({_sql_cast(value, "BIGINT", dialect)}) AS "total", max({value}) AS "maximum",'
        f' (array_agg("id" {latest}))[1] AS "last_id",'
        f' (array_agg({value} {latest}))[1] AS "last_value",'
        f' count(*) FILTER (WHERE {assumed}) AS "assumed",'
        f' {low} AS "last_low", {high} AS "last_high", {bucket} AS "bucket"'
        f" FROM (SELECT * FROM {source} WHERE {where}{fence}) AS plain"
        f" WHERE {day} BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'"
        f" AND {value} = floor({value}) AND abs({value}) <= {SQL_EXACT}"
        " GROUP BY 1, 2, 3, 14"  # by position: PostgreSQL groups by no constant ('')
    )


# -- buckets of days -----------------------------------------------------------------------


def bucket_of(start: dt.date, days: tuple[dt.date, ...] | None, day: dt.date) -> int:
    """The bucket of days a record dated *day* is folded into.

    With every day of a window starting *start* tracked (*days* ``None``), each day is a
    bucket of its own, numbered from 0. With tracked days ``d0 < d1 < …``, bucket *i* holds
    the days after ``d(i-1)`` up to and including ``d(i)``; the last one those after every
    tracked day.

    >>> D = dt.date
    >>> bucket_of(D(2026, 3, 2), None, D(2026, 3, 4))
    2
    >>> [bucket_of(D(2026, 3, 2), (D(2026, 3, 4), D(2026, 3, 6)), D(2026, 3, d)) for d in (3, 4, 5, 7)]
    [0, 0, 1, 2]
    """
    if days is None:
        return (day - start).days
    return bisect.bisect_left(days, day)


def part_of(start: dt.date, days: tuple[dt.date, ...] | None, day: dt.date) -> int:
    """The part of its bucket (:func:`bucket_of`) a reading dated *day* is totalled in: the
    tracked day closing the bucket apart from the days before it.

    Totals engines group readings by part, not by bucket, so that a group's readings are
    either all on a tracked day or none: how many readings are dated on a report's own day
    (and so dated by assumption, see :attr:`~campaignkit.tracking.Recorded.dated_by_assumption`)
    stays known. With tracked days, bucket *i* has parts ``2i`` (the days before) and
    ``2i + 1`` (the tracked day); with every day tracked, the part is the bucket.

    >>> D = dt.date
    >>> [part_of(D(2026, 3, 2), (D(2026, 3, 4), D(2026, 3, 6)), D(2026, 3, d)) for d in (3, 4, 5, 6, 7)]
    [0, 1, 2, 3, 4]
    """
    bucket = bucket_of(start, days, day)
    if days is None:
        return bucket
    return 2 * bucket + (bucket < len(days) and days[bucket] == day)


def sql_part(days: tuple[dt.date, ...] | None, column: str = "date") -> str:
    """:func:`part_of` in SQL, over a text *column* holding ISO dates (a row's date, plain).

    Every day tracked: the date itself. Tracked days (sorted): the first of the cuts
    ``< d0``, ``<= d0``, ``< d1``, ``<= d1``, … the date passes, found by a binary search
    written out as nested ``CASE`` expressions (as deep as the logarithm of their number),
    in any SQL dialect.

    >>> sql_part((dt.date(2026, 3, 4),))
    "CASE WHEN date <= '2026-03-04' THEN CASE WHEN date < '2026-03-04' THEN 0 ELSE 1 END ELSE 2 END"
    """
    if days is None:
        return column
    cuts = [(op, day.isoformat()) for day in days for op in ("<", "<=")]

    def search(lo: int, hi: int) -> str:  # the first of the cuts lo..hi the date passes
        if lo == hi:
            return str(lo)
        mid = (lo + hi) // 2
        op, day = cuts[mid]
        below, above = search(lo, mid), search(mid + 1, hi)
        return f"CASE WHEN {column} {op} '{day}' THEN {below} ELSE {above} END"

    return search(0, len(cuts))


# -- the seam ------------------------------------------------------------------------------

Lane = Literal["totals", "one by one", "record"]
"""How readings of one (indicator, unit, mode) may come in: see
:meth:`ReadingIntake.totals_lane`."""


class ReadingTotals(NamedTuple):
    """The totals of a group of plain readings of one indicator, unit and mode, all in one
    bucket of days (see :meth:`~campaignkit.tracking.Accumulator.add_reading_totals`); all
    on the tracked day closing it, or none, for how many are dated on that day to be known
    (the intake's ``part_of``)."""

    indicator: str
    unit: str | None
    mode: Mode | None
    first: dt.date
    """The earliest date."""
    last: dt.date
    """The date of the latest reading (the greatest ``(date, id)``)."""
    readings: int
    """How many readings the group has."""
    total: int | float
    """The exact sum of the values."""
    maximum: float
    last_id: str
    last_value: float
    assumed: int
    """How many of the readings are assumed."""
    last_low: float
    """The smallest value of the readings dated ``last``."""
    last_high: float
    """The largest value of the readings dated ``last``: where it is not ``last_low``,
    readings of the latest day disagree (a ``last-readings-disagree`` warning)."""


class ReadingSink(Protocol):
    """Takes one plain reading and says whether it did (see
    :meth:`ReadingIntake.plain_readings`)."""

    def __call__(
        self,
        id: str,
        indicator: str,
        unit: str | None,
        day: dt.date,
        value: float,
        mode: Mode | None,
        assumed: bool,
    ) -> bool:
        """Take the reading; ``False`` (nothing done) when its names are not plain."""
        ...


@runtime_checkable
class ReadingIntake(Protocol):
    """What a fast reader feeds: plain readings one at a time, or totals per group.

    :class:`~campaignkit.tracking.Accumulator` implements it. A reader checks its rows
    against ``PLAIN`` (with the checks this module derives) and hands over only what
    passes; anything else it makes a record of and adds the ordinary way.
    """

    def plain_readings(self) -> ReadingSink:
        """A function taking one plain reading at a time (a closure: it runs once a row).

        The caller has checked the id (``plain_id``), the value (a float within
        range), the mode and that there is no note; the function checks the names.
        """
        ...

    def totals_lane(self, indicator: str, unit: str | None, mode: Mode | None) -> Lane:
        """``"totals"``: readings of this triple may come as totals; ``"one by one"``: they
        are refused and must come one at a time, each reported; ``"record"``: the names
        are not plain and only a record strips or refuses them."""
        ...

    def fold_totals(self, groups: Iterable[ReadingTotals]) -> bool:
        """Fold sound totals of groups; ``False``, having folded none, when one would not
        fold silently."""
        ...
