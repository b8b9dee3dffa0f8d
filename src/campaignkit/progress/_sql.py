"""SQL dialects: what SQLite, DuckDB and PostgreSQL spell differently, named once.

A record store keeps the same table in each database and runs the same statements on it;
the statements are written once and take from a :class:`SQLDialect` the few pieces that
differ: the parameter placeholder, the column types, how a row id is generated, how a text
is matched against a pattern in full, how a text is checked to be a real day, and how the
value of the latest row of a group is picked. The SQL totals of plain readings
(:func:`campaignkit.progress.intake.sql_totalled`) are derived from the same dialect.

>>> SQLITE.param, DUCKDB.param, POSTGRES.param
('?', '?', '%s')
>>> POSTGRES.day("date").startswith("CASE WHEN")
True
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = ["DUCKDB", "POSTGRES", "SQLITE", "SQLDialect"]


@attrs.frozen
class SQLDialect:
    """What one database spells its own way. Templates take ``{c}`` (a column or an
    expression), ``{p}`` (a pattern) or ``{k}``/``{v}`` (an ordering key and a value).

    Attributes:
        name: The database's name, for messages.
        param: The placeholder of a statement parameter.
        text: The type of a text column (PostgreSQL's compares by code point: ``"C"``).
        real: The type of a floating-point column.
        seq: The definition of the ``seq`` column, numbering rows in the order of appending.
        before: Statements run before the table is created (a sequence it draws from).
        typed: Whether a column holds only values of its type (SQLite's may hold any).
        full_match: Whether the text ``{c}`` matches the regular expression ``{p}`` in full.
        day: Whether ``{c}``, a text of the form ``YYYY-MM-DD``, is a real day; true or
            false, never ``NULL``.
        whole: Whether the number ``{c}`` is a whole number.
        no_nul: Whether the text ``{c}`` holds no NUL character (``""``: no need to ask).
        latest: An aggregate: the greatest text ``{k}``, then :attr:`separator`, then the
            text ``{v}`` of the row of that key (``{v}`` never holds the separator).
        separator: See :attr:`latest`.
        index: Whether the table gets an index of dates (DuckDB's zone maps do without).
        scan: Put before a column to keep the planner from using its index (a full scan is
            cheaper when most rows qualify).
    """

    name: str
    param: str
    text: str
    real: str
    seq: str
    before: tuple[str, ...]
    typed: bool
    full_match: str
    day: str
    whole: str
    no_nul: str
    latest: str
    separator: str
    index: bool = True
    scan: str = ""

    def render(self, template: str, **parts: str) -> str:
        """*template* with its parts filled in."""
        return template.format(**parts)


# PostgreSQL 15 has no "is this text a valid date" test that cannot raise; the day is
# checked by arithmetic on the digits, once the form is known to be YYYY-MM-DD (CASE
# evaluates in order, so no CAST sees a text of another form).
_Y, _M, _D = "CAST(substr({c}, 1, 4) AS INTEGER)", "CAST(substr({c}, 6, 2) AS INTEGER)", "CAST(substr({c}, 9, 2) AS INTEGER)"  # fmt: skip
_LEAP = f"(mod({_Y}, 4) = 0 AND (mod({_Y}, 100) <> 0 OR mod({_Y}, 400) = 0))"
_LAST_DAY = f"CASE WHEN {_M} = 2 THEN CASE WHEN {_LEAP} THEN 29 ELSE 28 END WHEN {_M} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"  # fmt: skip
_ARITHMETIC_DAY = (
    "CASE WHEN {c} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN"
    f" CASE WHEN {_Y} >= 1 AND {_M} BETWEEN 1 AND 12 AND {_D} BETWEEN 1 AND ({_LAST_DAY})"
    " THEN TRUE ELSE FALSE END ELSE FALSE END"
)

SQLITE: Final = SQLDialect(
    name="SQLite",
    param="?",
    text="TEXT",
    real="REAL",
    seq="INTEGER PRIMARY KEY",
    before=(),
    typed=False,
    full_match="{c} GLOB '{p}'",  # given a GLOB pattern: see PlainReading.date_glob
    day="(date({c}, '+0 days') IS {c})",
    whole="{c} = CAST({c} AS INTEGER)",
    no_nul="instr({c}, char(0)) = 0",
    # one MAX: a NUL sorts before any character of a key (keys hold none), so the
    # greatest key-NUL-value is the greatest key's
    latest="MAX({k} || char(0) || {v})",
    separator="\0",
    scan="+",
)
"""SQLite, through the standard library's ``sqlite3``."""

DUCKDB: Final = SQLDialect(
    name="DuckDB",
    param="?",
    text="VARCHAR",
    real="DOUBLE",
    seq="BIGINT PRIMARY KEY DEFAULT nextval('campaignkit_records_seq')",
    before=("CREATE SEQUENCE IF NOT EXISTS campaignkit_records_seq START 1",),
    typed=True,
    full_match="regexp_full_match({c}, '{p}')",
    day="coalesce(strftime(try_strptime({c}, '%Y-%m-%d'), '%Y-%m-%d') = {c}, FALSE)",
    whole="{c} = trunc({c})",
    no_nul="",  # the key is found apart from its value
    latest="MAX({k}) || chr(0) || arg_max({v}, {k})",
    separator="\0",
    index=False,
)
"""DuckDB, through the ``duckdb`` package."""

POSTGRES: Final = SQLDialect(
    name="PostgreSQL",
    param="%s",
    text='TEXT COLLATE "C"',
    real="DOUBLE PRECISION",
    seq="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    before=(),
    typed=True,
    full_match="{c} ~ '^(?:{p})$'",
    day=_ARITHMETIC_DAY,
    whole="{c} = trunc({c})",
    no_nul="",  # a PostgreSQL text cannot hold NUL
    latest="MAX({k}) || chr(1) || (array_agg({v} ORDER BY {k} DESC))[1]",
    separator="\x01",  # a PostgreSQL text cannot hold NUL
)
"""PostgreSQL, through ``psycopg`` (version 3)."""
