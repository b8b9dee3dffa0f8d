"""Keeping records week after week: the :class:`RecordStore` interface and :class:`SQLiteStore`.

A store is where a campaign office appends what happened, one batch at a time, and from
where progress is computed later. Two promises make it safe to re-import a file and to be
interrupted:

- **idempotent by id**: a record whose id is already stored with the same content is not
  added again; one stored with *other* content is a conflict, reported as a
  :class:`~campaignkit.errors.RecordError` (``conflicting-duplicate``) and nothing of the
  batch is written;
- **transactional**: one ``append`` call is one transaction. A process killed in the middle
  of an append leaves the store as it was before the call or as it is after it, never
  half-written.

:class:`SQLiteStore` keeps records in an SQLite database with the standard library's
``sqlite3``; a host application can implement :class:`RecordStore` over its own database.
Since a store holds every id once, records read back from it can be folded into an
:class:`~campaignkit.progress.Accumulator` with ``unique_ids=True``, in memory that grows
with the campaign's entities rather than with the records; :meth:`SQLiteStore.feed` does it
with the readings totalled in SQL.

>>> import datetime as dt
>>> from campaignkit.progress.records import Reading
>>> store = SQLiteStore(":memory:")
>>> batch = [Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=103, id="r1")]
>>> store.append(batch), store.append(batch), len(store)
(1, 0, 1)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

from campaignkit.errors import Problem, RecordError
from campaignkit.progress.fields import record_from_fields, record_to_fields
from campaignkit.progress.intake import ReadingTotals, sql_bucket, sql_totalled
from campaignkit.progress.records import Cancelled, Held, Mode, Reading, Record, canonical
from campaignkit.progress.resolve import record_path

if TYPE_CHECKING:
    from campaignkit.progress.calculate import Accumulator

__all__ = ["RecordStore", "SQLiteStore"]

SCHEMA_VERSION = "1"
_TABLE = "campaignkit_records"
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
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    subject TEXT NOT NULL,
    unit TEXT,
    value REAL,
    mode TEXT,
    present TEXT,
    absent TEXT,
    excused TEXT,
    note TEXT,
    assumed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS {_TABLE}_date ON {_TABLE} (date);
CREATE TABLE IF NOT EXISTS campaignkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO campaignkit_meta VALUES ('schema', '{SCHEMA_VERSION}');
"""
_MAX_REPORTED = 100


@runtime_checkable
class RecordStore(Protocol):
    """Where records are kept between runs. Implement it over any database.

    ``append`` must be idempotent by record id and atomic (all of the batch or none), and
    raise :class:`~campaignkit.errors.RecordError` (``conflicting-duplicate``) for an id
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


class SQLiteStore:
    """A :class:`RecordStore` in an SQLite database file (or ``":memory:"``).

    Args:
        target: A path, or an open ``sqlite3.Connection`` to share with a host application
            (the store then uses the table ``campaignkit_records`` in it and leaves the
            connection's settings alone).

    Raises:
        RecordError: ``store-error`` when the database cannot be opened or is not a store.
    """

    def __init__(self, target: str | os.PathLike[str] | sqlite3.Connection) -> None:
        self._owned = not isinstance(target, sqlite3.Connection)
        self.name = "<connection>" if isinstance(target, sqlite3.Connection) else os.fspath(target)
        try:
            if isinstance(target, sqlite3.Connection):
                self.connection = target
            else:
                self.connection = sqlite3.connect(target, isolation_level=None)
                self.connection.execute("PRAGMA busy_timeout = 10000")
                if self.name != ":memory:":
                    self.connection.execute("PRAGMA journal_mode = WAL")
            with self._transaction():
                self._create()
        except sqlite3.Error as exc:
            raise self._error(f"cannot open the store: {exc}") from None

    def _create(self) -> None:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self.connection.execute(statement)

    def _error(self, message: str) -> RecordError:
        return RecordError([Problem("$", "store-error", message, source=self.name)])

    # -- transactions ----------------------------------------------------------------------

    class _Tx:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn
            self.nested = conn.in_transaction

        def __enter__(self) -> None:
            if self.nested:
                self.conn.execute("SAVEPOINT campaignkit_append")
            else:
                self.conn.execute("BEGIN IMMEDIATE")

        def __exit__(self, kind: object, exc: object, tb: object) -> None:
            if kind is None:
                self.conn.execute("RELEASE campaignkit_append" if self.nested else "COMMIT")
            elif self.nested:
                self.conn.execute("ROLLBACK TO campaignkit_append")
                self.conn.execute("RELEASE campaignkit_append")
            elif self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def _transaction(self) -> SQLiteStore._Tx:
        return SQLiteStore._Tx(self.connection)

    # -- the interface ---------------------------------------------------------------------

    def append(self, records: Iterable[Record]) -> int:
        """Store *records* in one transaction; return how many were new.

        *records* is read once, as it streams; it is never held in memory whole.

        Raises:
            RecordError: ``conflicting-duplicate`` for each id (up to 100 of them) that is
                stored, or given twice in the batch, with other content; nothing is written.
        """
        conn = self.connection
        placeholders = ", ".join("?" for _ in range(len(_COLUMNS) + 1))
        try:
            with self._transaction():
                conn.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS incoming (ord INTEGER, {', '.join(_COLUMNS)})"
                )
                conn.execute("DELETE FROM incoming")
                conn.executemany(
                    f"INSERT INTO incoming VALUES ({placeholders})",
                    (_row(i, r) for i, r in enumerate(records)),
                )
                conflicts = self._conflicts()
                if conflicts:
                    raise RecordError(conflicts)
                added = conn.execute(
                    f"INSERT OR IGNORE INTO {_TABLE} ({', '.join(_COLUMNS)}) "
                    f"SELECT {', '.join(_COLUMNS)} FROM incoming ORDER BY ord"
                ).rowcount
                conn.execute("DELETE FROM incoming")
        except sqlite3.Error as exc:
            raise self._error(f"cannot append: {exc}") from None
        return added

    def _conflicts(self) -> list[Problem]:
        rows = self.connection.execute(
            f"SELECT i.id FROM incoming i JOIN {_TABLE} r ON r.id = i.id "
            f"WHERE r.digest != i.digest GROUP BY i.id ORDER BY i.id LIMIT {_MAX_REPORTED}"
        ).fetchall()
        stored = {id for (id,) in rows}
        rows += self.connection.execute(
            "SELECT id FROM incoming GROUP BY id HAVING COUNT(DISTINCT digest) > 1 "
            f"ORDER BY id LIMIT {_MAX_REPORTED}"
        ).fetchall()
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
        those dated on or before it (the filter runs in SQL)."""
        sql = f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE}"
        params: tuple[str, ...] = ()
        if until is not None:
            sql += " WHERE date <= ?"
            params = (until,)
        try:
            cursor = self.connection.execute(sql + " ORDER BY seq", params)
        except sqlite3.Error as exc:
            raise self._error(f"cannot read: {exc}") from None
        for row in cursor:
            yield self._record(row)

    def feed(self, accumulator: Accumulator) -> int:
        """Fold every stored record into *accumulator*; return how many there were.

        With an accumulator that trusts ids (``unique_ids=True``, which a store allows: it
        holds each id once), readings are totalled in SQL, per (indicator, unit, mode, bucket
        of the accumulator's days): count, sum, maximum, the latest by (date, id), how many
        assumed. A million stored readings then cost one pass of SQLite over them, not a
        million record objects. What SQL cannot total exactly goes as records, in the order
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
        conn = self.connection
        began = not conn.in_transaction
        # folded into a scratch accumulator first: a row that is not a record leaves
        # *accumulator* as it was
        scratch = type(accumulator)(
            accumulator.campaign,
            accumulator.schedule,
            days=accumulator.days,
            unique_ids=accumulator.unique_ids,
        )
        try:
            if began:
                conn.execute("BEGIN")
            try:
                if accumulator.unique_ids:
                    count = self._feed_totals(scratch)
                else:
                    count = self._feed_records(scratch, "1")
            finally:
                if began and conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._error(f"cannot read: {exc}") from None
        accumulator.merge(scratch)
        return count

    def _feed_records(self, accumulator: Accumulator, where: str) -> int:
        """Add the records of the rows *where* holds, in the order of appending."""
        count = 0
        for row in self.connection.execute(
            f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE} WHERE {where} ORDER BY seq"
        ):
            accumulator.add(self._record(row))
            count += 1
        return count

    def _feed_totals(self, accumulator: Accumulator) -> int:
        """Fold the stored records into *accumulator*, a fresh one that trusts ids."""
        conn, window = self.connection, accumulator.campaign.window
        totalled = sql_totalled(window.start, window.end)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS campaignkit_cuts (day TEXT PRIMARY KEY, b)")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS campaignkit_refused "
            "(subject TEXT, unit TEXT, mode TEXT, PRIMARY KEY (subject, unit, mode))"
        )
        conn.execute("DELETE FROM campaignkit_cuts")
        conn.execute("DELETE FROM campaignkit_refused")
        if accumulator.days is not None:
            conn.executemany(
                "INSERT INTO campaignkit_cuts VALUES (?, ?)",
                ((day.isoformat(), i) for i, day in enumerate(accumulator.days)),
            )
        bucket = sql_bucket(accumulator.days, "campaignkit_cuts", _TABLE)
        rows = conn.execute(
            f"SELECT subject, ifnull(unit, ''), ifnull(mode, ''), COUNT(*),"
            f" SUM(CAST(value AS INTEGER)), MAX(value), MIN(date),"
            f" MAX(date || id || char(0) || CAST(CAST(value AS INTEGER) AS TEXT)), SUM(assumed)"
            f" FROM {_TABLE} WHERE {totalled}"
            f" GROUP BY subject, ifnull(unit, ''), ifnull(mode, ''), {bucket}"
        )
        refused: set[tuple[str, str, str]] = set()
        totals: list[ReadingTotals] = []
        for subject, unit, mode, count, total, top, first, latest, assumed in rows:
            taken_as = Mode(mode) if mode else None
            if accumulator.totals_lane(subject, unit or None, taken_as) != "totals":
                refused.add((subject, unit, mode))
                continue
            last, rest = latest[:10], latest[10:]
            last_id, last_value = rest.split("\0")
            totals.append(
                ReadingTotals(
                    subject, unit or None, taken_as, dt.date.fromisoformat(first),
                    dt.date.fromisoformat(last), count, total, float(top), last_id,
                    float(last_value), assumed,
                )
            )  # fmt: skip
        if not accumulator.fold_totals(totals):  # pragma: no cover - SQL keeps to the lane
            msg = "the stored readings' totals do not fold; read them as records instead"
            raise RecordError([Problem("$", "store-error", msg, source=self.name)])
        conn.executemany("INSERT INTO campaignkit_refused VALUES (?, ?, ?)", sorted(refused))
        others = self._feed_records(
            accumulator,
            f"NOT ({totalled}) OR EXISTS (SELECT 1 FROM campaignkit_refused f"
            " WHERE f.subject = campaignkit_records.subject AND f.unit = ifnull("
            "campaignkit_records.unit, '') AND f.mode = ifnull(campaignkit_records.mode, ''))",
        )
        return sum(t.readings for t in totals) + others

    def _record(self, row: tuple[Any, ...]) -> Record:
        (
            seq,
            id,
            _,
            kind,
            date,
            subject,
            unit,
            value,
            mode,
            present,
            absent,
            excused,
            note,
            assumed,
        ) = row
        fields: dict[str, Any] = {"id": id, "kind": kind, "date": date, "unit": unit, "note": note}
        fields["indicator" if kind == "reading" else "subject"] = subject
        if kind == "reading":
            fields.update(value=value, mode=mode)
        for name, text in (("present", present), ("absent", absent), ("excused", excused)):
            if text:
                fields[name] = json.loads(text)
        fields["assumed"] = bool(assumed)
        try:
            return record_from_fields(fields)
        except RecordError as exc:
            problems = [p.rebased(f"$.rows[{seq}]") for p in exc.problems]
            raise RecordError([p.located(self.name) for p in problems]) from None

    def __len__(self) -> int:
        return int(self._one(f"SELECT COUNT(*) FROM {_TABLE}", ())[0])

    def get(self, id: str) -> Record | None:
        """The record stored under *id*, or ``None``."""
        row = self._one(f"SELECT seq, {', '.join(_COLUMNS)} FROM {_TABLE} WHERE id = ?", (id,))
        return self._record(row) if row else None

    def _one(self, sql: str, params: tuple[str, ...]) -> Any:
        try:
            return self.connection.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise self._error(f"cannot read: {exc}") from None

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (only one the store opened itself)."""
        if self._owned:
            self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
