"""Keeping records week after week: the :class:`RecordStore` interface and the SQL stores.

A store is where a campaign office appends what happened, one batch at a time, and from
where progress is computed later. Two promises make it safe to re-import a file and to be
interrupted:

- **idempotent by id**: a record whose id is already stored with the same content is not
  added again; one stored with *other* content is a conflict, reported as a
  :class:`~campaignkit.RecordError` (``conflicting-duplicate``) and nothing of the
  batch is written;
- **transactional**: one ``append`` call is one transaction. A process killed in the middle
  of an append leaves the store as it was before the call or as it is after it, never
  half-written.

:class:`SQLiteStore` keeps records in an SQLite database with the standard library's
``sqlite3``; :class:`~campaignkit.io.DuckDBStore` in a DuckDB file and
:class:`~campaignkit.io.PostgresStore` on a PostgreSQL server run the same statements
(:class:`SQLStore` holds them, each database's spelling named in its dialect). A host
application can implement :class:`RecordStore` over its own database. Since a store holds
every id once, records read back from it can be folded into an
:class:`~campaignkit.tracking.Accumulator` with
``unique_ids=True``, in memory that grows with the campaign's entities rather than with the
records; ``feed`` does it with the readings totalled in SQL.

>>> import datetime as dt
>>> from campaignkit.tracking._records import Reading
>>> store = SQLiteStore(":memory:")
>>> batch = [Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=103, id="r1")]
>>> store.append(batch), store.append(batch), len(store)
(1, 0, 1)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, runtime_checkable

from campaignkit._errors import Problem, RecordError, join_path
from campaignkit.io._fields import RowError, build_record, record_to_fields
from campaignkit.tracking import Cancelled, Held, Mode, Reading, Record, canonical
from campaignkit.tracking._intake import (
    ReadingTotals,
    sql_day,
    sql_day_bounds,
    sql_part,
    sql_totalled,
)
from campaignkit.tracking._resolve import record_path
from campaignkit.tracking._sql import SQLITE, SQLDialect

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from campaignkit.tracking import Accumulator

SCHEMA_VERSION = "1"
_TABLE = "campaignkit_records"
_INCOMING = "campaignkit_incoming"
_COLUMNS = (
    "id",
    "digest",
    "kind",
    "date",
    "subject",
    "unit",
    "value",
    "mode",
    "present",
    "absent",
    "excused",
    "note",
    "assumed",
)
_REAL = ("value",)
_INTEGER = ("assumed",)
_NOT_NULL = ("id", "digest", "kind", "date", "subject")
_MAX_REPORTED = 100


def _schema(d: SQLDialect) -> list[str]:
    """The statements that create a store's tables in the dialect *d* (if not there)."""
    columns = ", ".join(
        f"{name} {_type(d, name)}"
        + (" NOT NULL" if name in _NOT_NULL else "")
        + (" UNIQUE" if name == "id" else "")
        + (" NOT NULL DEFAULT 0" if name == "assumed" else "")
        for name in _COLUMNS
    )
    meta = f"key {d.text} PRIMARY KEY, value {d.text} NOT NULL"
    return [
        *d.before,
        f"CREATE TABLE IF NOT EXISTS {_TABLE} (seq {d.seq}, {columns})",
        *([f"CREATE INDEX IF NOT EXISTS {_TABLE}_date ON {_TABLE} (date)"] if d.index else []),
        f"CREATE TABLE IF NOT EXISTS campaignkit_meta ({meta})",
        (
            f"INSERT INTO campaignkit_meta VALUES ('schema', '{SCHEMA_VERSION}')"
            " ON CONFLICT (key) DO NOTHING"
        ),
    ]


def _type(d: SQLDialect, name: str) -> str:
    return d.real if name in _REAL else "INTEGER" if name in _INTEGER else d.text


def _party_list(name: str, text: object) -> list[str]:
    """A stored list of party ids: JSON text of a list of strings, as :func:`_row` writes it."""
    try:
        if not isinstance(text, str):
            raise ValueError(text)
        parties = json.loads(text)
    except (ValueError, RecursionError):
        msg = f"{name!r} must be a JSON list of party ids (got {text!r:.80})"
        raise RowError(name, "invalid-value", msg) from None
    if not isinstance(parties, list) or not all(isinstance(p, str) for p in parties):
        msg = f"{name!r} must be a JSON list of party ids (got {text!r:.80})"
        raise RowError(name, "invalid-value", msg)
    return parties


@runtime_checkable
class RecordStore(Protocol):
    """Where records are kept between runs. Implement it over any database.

    ``append`` must be idempotent by record id and atomic (all of the batch or none), and
    raise :class:`~campaignkit.RecordError` (``conflicting-duplicate``) for an id
    stored, or given twice in the batch, with other content. Iteration yields every record
    once, in the order it was first appended.
    """

    def append(self, records: Iterable[Record]) -> int:
        """Store *records*; return how many were new."""
        ...

    def __iter__(self) -> Iterator[Record]:
        """Every stored record, in the order of appending."""
        ...


def _digest(record: Record) -> str:
    return hashlib.blake2b(canonical(record).encode(), digest_size=16).hexdigest()


def _row(order: int, record: Record) -> tuple[Any, ...]:
    if not isinstance(record, Held | Cancelled | Reading):
        msg = f"a store takes Held, Cancelled and Reading records (got {type(record).__name__})"
        raise RecordError([Problem(f"$[{order}]", "invalid-record", msg)])
    fields = record_to_fields(record)
    lists = [fields.get(name) for name in ("present", "absent", "excused")]
    return (
        order,
        record.id,
        _digest(record),
        fields["kind"],
        fields["date"],
        fields.get("subject", fields.get("indicator")),
        fields.get("unit"),
        getattr(record, "value", None),
        fields.get("mode"),
        *(json.dumps(x, ensure_ascii=False) if x else None for x in lists),
        fields.get("note"),
        int(record.assumed),
    )


class SQLStore:
    """What every SQL store does, written once: appending, reading, feeding an accumulator.

    Not made directly: open one of :class:`SQLiteStore`,
    :class:`~campaignkit.io.DuckDBStore` and
    :class:`~campaignkit.io.PostgresStore`. Each speaks to its database through private
    hooks (running a statement, streaming rows, loading a batch, transactions, the
    catalogue) and spells the statements in its dialect.
    """

    dialect: ClassVar[SQLDialect] = SQLITE
    errors: tuple[type[Exception], ...] = ()
    """The exceptions of the database's driver, reported as ``store-error``."""
    name: str
    """The store's name in problems (its file or server), as their ``source``."""
    _owned: bool
    """Whether the store opened its connection (and so closes it) and owns the database
    (a file of its own must be new or a store)."""

    # -- what a subclass supplies -----------------------------------------------------------

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """Run *sql*; return how many rows it changed."""
        raise NotImplementedError

    def _fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of *sql*, read as they are consumed."""
        raise NotImplementedError

    def _load(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert *rows* (streamed, read once) into the *columns* of the temporary *table*."""
        raise NotImplementedError

    def _transaction(self, *, write: bool) -> AbstractContextManager[None]:
        """One transaction (a savepoint inside one the host holds): with *write*, one that
        appends, serialised with other writers; without, a consistent snapshot."""
        raise NotImplementedError

    def _tables(self) -> set[str]:
        """The names of the tables in the store's schema."""
        raise NotImplementedError

    def _columns(self, table: str) -> set[str]:
        raise NotImplementedError

    def _read_error(self, exc: Exception, where: str, params: tuple[Any, ...]) -> RecordError:
        """The error for *exc*, raised while reading the rows *where* holds."""
        return self._error(f"cannot read: {exc}")

    # -- opening ----------------------------------------------------------------------------

    def _check_regular_file(self) -> None:
        """Refuse a directory, a FIFO or a device: a database would fail on it obscurely,
        or wait."""
        try:
            mode = os.stat(self.name).st_mode
        except FileNotFoundError:
            return  # a new store
        except OSError as exc:
            raise self._error(f"cannot open the store: {exc.strerror or exc}") from None
        if not stat.S_ISREG(mode):
            raise self._error("not a regular file, so not a store", code="not-a-file")

    def _check_schema(self) -> None:
        """Refuse a database that holds something other than a store of this version.

        A database of the store's own must be new or a store; a host's may hold other
        tables.
        """
        tables = self._tables()
        if _TABLE in tables:
            if self._columns(_TABLE) != {"seq", *_COLUMNS}:
                msg = f"its table {_TABLE} has other columns than a campaignkit store's"
                raise self._error(msg, code="not-a-store")
        elif tables and self._owned:
            names = ", ".join(sorted(tables))
            msg = (
                f"a {self.dialect.name} database without a campaignkit store (its tables: {names})"
            )
            raise self._error(msg, code="not-a-store")
        if "campaignkit_meta" in tables:
            row = self._fetchone("SELECT value FROM campaignkit_meta WHERE key = 'schema'")
            if row is not None and row[0] != SCHEMA_VERSION:
                msg = f"a store of schema {row[0]!r}; this campaignkit reads {SCHEMA_VERSION!r}"
                raise self._error(msg, code="not-a-store")

    def _create(self) -> None:
        """Check the schema and create what is missing, in one appending transaction."""
        with self._transaction(write=True):
            self._check_schema()
            for statement in _schema(self.dialect):
                self._execute(statement)

    def _error(self, message: str, code: str = "store-error") -> RecordError:
        return RecordError([Problem("$", code, message, source=self.name)])

    # -- the interface ----------------------------------------------------------------------

    def append(self, records: Iterable[Record]) -> int:
        """Store *records* in one transaction; return how many were new.

        *records* is read once, as it streams; it is never held in memory whole.

        Raises:
            RecordError: ``conflicting-duplicate`` for each id (up to 100 of them) that is
                stored, or given twice in the batch, with other content; nothing is written.
        """
        d, columns = self.dialect, ", ".join(_COLUMNS)
        typed = ", ".join(f"{name} {_type(d, name)}" for name in _COLUMNS)
        try:
            with self._transaction(write=True):
                self._execute(f"CREATE TEMP TABLE IF NOT EXISTS {_INCOMING} (ord BIGINT, {typed})")
                self._execute(f"DELETE FROM {_INCOMING}")
                self._load(
                    _INCOMING, ("ord", *_COLUMNS), (_row(i, r) for i, r in enumerate(records))
                )
                conflicts = self._conflicts()
                if conflicts:
                    raise RecordError(conflicts)
                # in the order given; a repeat (of the same content) conflicts with the first
                # and is skipped, in the batch as with the stored ("WHERE TRUE": SQLite would
                # read "ON CONFLICT" after a bare FROM as a join's ON)
                added = self._execute(
                    f"INSERT INTO {_TABLE} ({columns}) SELECT {columns} FROM {_INCOMING}"
                    " WHERE TRUE ORDER BY ord ON CONFLICT (id) DO NOTHING"
                )
                self._execute(f"DELETE FROM {_INCOMING}")
        except self.errors as exc:
            raise self._error(f"cannot append: {exc}") from None
        return added

    def _conflicts(self) -> list[Problem]:
        rows = self._fetchall(
            f"SELECT i.id FROM {_INCOMING} i JOIN {_TABLE} r ON r.id = i.id "
            f"WHERE r.digest <> i.digest GROUP BY i.id ORDER BY i.id LIMIT {_MAX_REPORTED}"
        )
        stored = {id for (id,) in rows}
        rows += self._fetchall(
            f"SELECT id FROM {_INCOMING} GROUP BY id HAVING COUNT(DISTINCT digest) > 1 "
            f"ORDER BY id LIMIT {_MAX_REPORTED}"
        )
        problems = []
        for (id,) in rows:
            where = "is stored" if id in stored else "comes twice in this batch"
            msg = f"record id {id!r} {where} with other content; nothing of the batch was stored"
            problems.append(
                Problem(record_path(id), "conflicting-duplicate", msg, source=self.name)
            )
        return problems[:_MAX_REPORTED]

    def __iter__(self) -> Iterator[Record]:
        """Every stored record, in the order of appending (streamed from the database)."""
        return self.records()

    def records(self, *, until: str | None = None) -> Iterator[Record]:
        """The stored records in the order of appending; with *until* (an ISO date), only
        those dated on or before it (the filter runs in SQL), and any row whose date is no
        day at all, to be reported rather than skipped.

        Raises:
            RecordError: ``bad-store-row`` at ``$.rows[SEQ]`` for a stored row that is not a
                valid record; ``store-error`` when the database cannot be read.
        """
        where = "TRUE"
        params: tuple[str, ...] = ()
        if until is not None:
            where = f"(date <= {self.dialect.param} OR NOT {sql_day('date', self.dialect)})"
            params = (until,)
        try:
            cursor = self._stream(
                f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE} WHERE {where} ORDER BY seq",
                params,
            )
        except self.errors as exc:
            raise self._error(f"cannot read: {exc}") from None
        last: int | None = None  # the seq of the last row read: the next one is at fault
        while True:
            try:
                row = next(cursor, None)
            except self.errors as exc:
                after = where if last is None else f"seq > {last} AND {where}"
                raise self._read_error(exc, after, params) from None
            if row is None:
                return
            last = row[0]
            yield self._record(row)

    def feed(self, accumulator: Accumulator) -> int:
        """Fold every stored record into *accumulator*; return how many there were.

        With an accumulator that trusts ids (``unique_ids=True``, which a store allows: it
        holds each id once), readings are totalled in SQL, per (indicator, unit, mode, bucket
        of the accumulator's days): count, sum, maximum, the latest by (date, id), how many
        assumed. A million stored readings then cost one pass of the database over them, not
        a million record objects. What SQL cannot total exactly goes as records, in the order
        of appending, with the problems it always had: held and cancelled records,
        readings of references the campaign refuses or dated outside its window, values that
        are not whole numbers within ±2³¹ (their sum must be exact). The result is the same as
        adding each record (``for r in store: accumulator.add(r)``), which is what happens
        when the accumulator checks ids.

        The store is read in one transaction, so records appended meanwhile by another
        process are either all folded or none.

        Raises:
            RecordError: ``store-error`` when the database cannot be read; a stored row that
                is not a valid record, located as :meth:`records` locates it.
        """
        # folded into a scratch accumulator first: a row that is not a record leaves
        # *accumulator* as it was
        scratch = type(accumulator)(
            accumulator.campaign,
            accumulator.schedule,
            days=accumulator.days,
            unique_ids=accumulator.unique_ids,
        )
        try:
            with self._transaction(write=False):
                if accumulator.unique_ids:
                    count = self._feed_totals(scratch)
                else:
                    count = self._feed_records(scratch, "TRUE")
        except self.errors as exc:
            raise self._read_error(exc, "TRUE", ()) from None
        accumulator.absorb(scratch)
        return count

    def _feed_records(self, accumulator: Accumulator, where: str) -> int:
        """Add the records of the rows *where* holds, in the order of appending."""
        count = 0
        for row in self._stream(
            f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE} WHERE {where} ORDER BY seq"
        ):
            accumulator.add(self._record(row))
            count += 1
        return count

    def _feed_totals(self, accumulator: Accumulator) -> int:
        """Fold the stored records into *accumulator*, a fresh one that trusts ids."""
        d, window = self.dialect, accumulator.campaign.window
        totalled = sql_totalled(window.start, window.end, d)
        self._execute(
            "CREATE TEMP TABLE IF NOT EXISTS campaignkit_refused "
            f"(subject {d.text}, unit {d.text}, mode {d.text}, PRIMARY KEY (subject, unit, mode))"
        )
        self._execute("DELETE FROM campaignkit_refused")
        bucket = sql_part(accumulator.tracked_days)  # the tracked days apart: see part_of
        latest = d.latest.format(k="date || id", v="CAST(CAST(value AS BIGINT) AS VARCHAR)")
        low, high = sql_day_bounds("date", "value")
        rows = self._fetchall(
            f"SELECT subject, u, m, COUNT(*), SUM(CAST(value AS BIGINT)), MAX(value),"
            f" MIN(date), {latest}, SUM(assumed), {low}, {high}"
            f" FROM (SELECT {_TABLE}.*, coalesce(unit, '') AS u, coalesce(mode, '') AS m,"
            f" {bucket} AS bucket FROM {_TABLE} WHERE {totalled}) AS totalled"
            f" GROUP BY subject, u, m, bucket"
        )
        refused: set[tuple[str, str, str]] = set()
        totals: list[ReadingTotals] = []
        for subject, unit, mode, count, total, top, first, last, assumed, low, high in rows:
            taken_as = Mode(mode) if mode else None
            if accumulator.totals_lane(subject, unit or None, taken_as) != "totals":
                refused.add((subject, unit, mode))
                continue
            key, _, last_value = last.rpartition(d.separator)
            totals.append(
                ReadingTotals(
                    subject, unit or None, taken_as, dt.date.fromisoformat(first),
                    dt.date.fromisoformat(key[:10]), int(count), int(total), float(top),
                    key[10:], float(last_value), int(assumed), float(low), float(high),
                )
            )  # fmt: skip
        if not accumulator.fold_totals(totals):  # pragma: no cover - SQL keeps to the lane
            msg = "the stored readings' totals do not fold; read them as records instead"
            raise RecordError([Problem("$", "store-error", msg, source=self.name)])
        self._load("campaignkit_refused", ("subject", "unit", "mode"), sorted(refused))
        others = self._feed_records(
            accumulator,
            f"NOT ({totalled}) OR EXISTS (SELECT 1 FROM campaignkit_refused f"
            f" WHERE f.subject = {_TABLE}.subject AND f.unit = coalesce({_TABLE}.unit, '')"
            f" AND f.mode = coalesce({_TABLE}.mode, ''))",
        )
        return sum(t.readings for t in totals) + others

    def _record(self, row: tuple[Any, ...]) -> Record:
        """The record a stored row holds; a row changed behind the store's back (a value of
        the wrong type, a party list that is not JSON, a field the record refuses) is a
        ``bad-store-row`` problem at ``$.rows[SEQ]``, SEQ being the row's ``seq``."""
        seq, id, _, kind, date, subject, unit, value, mode, *lists, note, assumed = row
        fields: dict[str, Any] = {"id": id, "kind": kind, "date": date, "unit": unit, "note": note}
        try:
            if not isinstance(id, str) or not id:
                raise RowError("id", "invalid-value", f"'id' must be text (got {id!r})")
            fields["indicator" if kind == "reading" else "subject"] = subject
            if kind == "reading":
                fields.update(value=value, mode=mode)
            for name, text in zip(("present", "absent", "excused"), lists, strict=True):
                if text is not None:
                    fields[name] = _party_list(name, text)
            if assumed not in (0, 1):
                raise RowError(
                    "assumed", "invalid-value", f"'assumed' must be 0 or 1 (got {assumed!r})"
                )
            fields["assumed"] = bool(assumed)
            return build_record(fields)
        except RowError as exc:
            raise self._bad_row(seq, exc.field, exc.message) from None

    def _bad_row(self, seq: int, field: str | None, message: str) -> RecordError:
        path = join_path(f"$.rows[{seq}]", *([field] if field else []))
        msg = f"row {seq} of the store is not a valid record: {message}"
        return RecordError([Problem(path, "bad-store-row", msg, source=self.name)])

    def __len__(self) -> int:
        """How many records the store holds."""
        try:
            row = self._fetchone(f"SELECT COUNT(*) FROM {_TABLE}")
        except self.errors as exc:
            raise self._error(f"cannot read: {exc}") from None
        return int(row[0]) if row else 0

    def get(self, id: str) -> Record | None:
        """The record stored under *id*, or ``None``."""
        where = f"id = {self.dialect.param}"
        try:
            row = self._fetchone(
                f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE} WHERE {where}", (id,)
            )
        except self.errors as exc:
            raise self._read_error(exc, where, (id,)) from None
        return self._record(row) if row else None

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (only one the store opened itself)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SQLiteStore(SQLStore):
    """A :class:`RecordStore` in an SQLite database file (or ``":memory:"``).

    Args:
        target: A path, or an open ``sqlite3.Connection`` to share with a host application
            (the store then uses the table ``campaignkit_records`` in it and leaves the
            connection's settings alone).

    Raises:
        RecordError: located in the file: ``not-a-file`` for a directory, a FIFO or a device;
            ``not-a-store`` for a file that is not SQLite, or an SQLite database that holds
            other tables and no store (or a store of another schema version);
            ``store-error`` when the database cannot be opened.
    """

    dialect = SQLITE
    errors = (sqlite3.Error,)

    def __init__(self, target: str | os.PathLike[str] | sqlite3.Connection) -> None:
        self._owned = not isinstance(target, sqlite3.Connection)
        self.name = "<connection>" if isinstance(target, sqlite3.Connection) else os.fspath(target)
        if self._owned and self.name not in ("", ":memory:"):
            self._check_regular_file()
        try:
            if isinstance(target, sqlite3.Connection):
                self.connection = target
            else:
                self.connection = sqlite3.connect(target, isolation_level=None)
                self.connection.execute("PRAGMA busy_timeout = 10000")
            self._check_schema()  # before WAL: a database that is not a store stays untouched
            if self._owned and self.name != ":memory:":
                self.connection.execute("PRAGMA journal_mode = WAL")
            self._create()
        except (sqlite3.Error, RecordError) as exc:
            if self._owned and hasattr(self, "connection"):
                self.connection.close()
            if isinstance(exc, RecordError):
                raise
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
                raise self._error(f"not an SQLite database: {exc}", code="not-a-store") from None
            raise self._error(f"cannot open the store: {exc}") from None

    # -- the connection's ways --------------------------------------------------------------

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self.connection.execute(sql, params).rowcount

    def _fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.connection.execute(sql, params).fetchone()
        return row

    def _fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        return iter(self.connection.execute(sql, params))

    def _load(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[None]:
        conn = self.connection
        if conn.in_transaction:  # the host's: a savepoint in it
            conn.execute("SAVEPOINT campaignkit")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK TO campaignkit")
                conn.execute("RELEASE campaignkit")
                raise
            conn.execute("RELEASE campaignkit")
            return
        # IMMEDIATE: the write lock first, so two writers queue rather than fail
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _tables(self) -> set[str]:
        return {
            name
            for (name,) in self._fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(name).startswith("sqlite_")
        }

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self._fetchall(f"PRAGMA table_info({table})")}

    def _read_error(self, exc: Exception, where: str, params: tuple[Any, ...]) -> RecordError:
        """The error for *exc*, raised while reading the rows *where* holds: located at the
        first of them with text that is not UTF-8 (which ``sqlite3`` cannot decode), if any."""
        casts = ", ".join(f"CAST({name} AS BLOB)" for name in _COLUMNS)
        try:
            for seq, *raw in self.connection.execute(
                f"SELECT seq, {casts} FROM {_TABLE} WHERE {where} ORDER BY seq", params
            ):
                for name, value in zip(_COLUMNS, raw, strict=True):
                    try:
                        (value or b"").decode()
                    except UnicodeDecodeError as bad:
                        msg = f"{name!r} is not UTF-8 text ({bad.reason} at byte {bad.start})"
                        return self._bad_row(seq, name, msg)
        except sqlite3.Error:
            pass  # the first error says it better
        return self._error(f"cannot read: {exc}")

    def close(self) -> None:
        """Close the connection (only one the store opened itself)."""
        if self._owned:
            self.connection.close()
