""":class:`DuckDBStore`: a :class:`~campaignkit.io.RecordStore` in a DuckDB file.

The same table and statements as :class:`~campaignkit.io.SQLiteStore`
(:class:`~campaignkit.io._store.SQLStore`), spelled by
:data:`~campaignkit.tracking._sql.DUCKDB`. DuckDB is a columnar engine: totalling a
million readings is its strength. One process at a time may open a DuckDB file for writing;
for many writers, see :class:`~campaignkit.io.PostgresStore`.

Needs the ``duckdb`` extra (``pip install 'campaignkit[duckdb]'``), which brings ``duckdb``
and ``pyarrow`` (a batch is handed to DuckDB as Arrow columns, not row by row).
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from campaignkit._errors import Problem, RecordError
from campaignkit.io._store import SQLStore
from campaignkit.tracking._sql import DUCKDB

if TYPE_CHECKING:
    import duckdb


_CHUNK = 50_000
"""Rows handed to DuckDB at once when loading a batch."""


def _import_duckdb() -> Any:
    """The ``duckdb`` module, or a located error saying how to install it."""
    try:
        import duckdb  # an optional dependency, imported when used
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401 - checked here, used by _load
    except ImportError as exc:
        msg = f"DuckDBStore needs {exc.name}: pip install 'campaignkit[duckdb]'"
        raise RecordError([Problem("$", "store-error", msg)]) from None
    return duckdb


class DuckDBStore(SQLStore):
    """A :class:`~campaignkit.io.RecordStore` in a DuckDB database file.

    The same promises as :class:`~campaignkit.io.SQLiteStore`: appending is idempotent by
    id and atomic, :meth:`~campaignkit.io.SQLStore.feed` reads one snapshot and totals
    plain readings in SQL, a row changed behind the store's back is a located
    ``bad-store-row``.

    Args:
        target: A path (``":memory:"`` for a database in memory), or an open
            ``duckdb.DuckDBPyConnection`` to share with a host application (the store then
            keeps its tables in it and leaves the connection open; give it one with no
            transaction open: DuckDB has no savepoints).

    Raises:
        RecordError: located in the file: ``not-a-file`` for a directory, a FIFO or a device;
            ``not-a-store`` for a file that is not DuckDB, or a DuckDB database that holds
            other tables and no store (or a store of another schema version);
            ``store-error`` when the database cannot be opened (another process holds it, or
            ``duckdb`` is not installed).
    """

    dialect = DUCKDB
    _busy = False
    """Whether a transaction of the store's own is open on its connection."""

    def __init__(self, target: str | os.PathLike[str] | duckdb.DuckDBPyConnection) -> None:
        module = _import_duckdb()
        self.errors = (module.Error,)
        self._owned = isinstance(target, str | os.PathLike)
        self.name = os.fspath(target) if isinstance(target, str | os.PathLike) else "<connection>"
        if self._owned and self.name not in ("", ":memory:"):
            self._check_regular_file()
        try:
            if isinstance(target, str | os.PathLike):
                self.connection: duckdb.DuckDBPyConnection = module.connect(self.name)
            else:
                self.connection = target
            self._create()
        except (module.Error, RecordError) as exc:
            if self._owned and hasattr(self, "connection"):
                self.connection.close()
            if isinstance(exc, RecordError):
                raise
            if "not a valid DuckDB database file" in str(exc):
                raise self._error(f"not a DuckDB database: {exc}", code="not-a-store") from None
            raise self._error(f"cannot open the store: {exc}") from None

    # -- the connection's ways --------------------------------------------------------------

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        result = self.connection.execute(sql, params)
        if not sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            return -1
        row = result.fetchone()
        return int(row[0]) if row else 0

    def _fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        return self.connection.execute(sql, params).fetchone()

    def _fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        # a statement run on a connection ends the result it was reading; outside the
        # store's own transactions (which read nothing else meanwhile) the rows come from a
        # connection of their own, to the same database
        conn = self.connection if self._busy else self.connection.cursor()
        try:
            result = conn.execute(sql, params)
            while rows := result.fetchmany(10_000):
                yield from rows
        finally:
            if conn is not self.connection:
                conn.close()

    def _load(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        import pyarrow as pa  # optional: checked when opened

        kinds = {"ord": pa.int64(), "value": pa.float64(), "assumed": pa.int32(), "b": pa.int32()}
        schema = pa.schema([(name, kinds.get(name, pa.string())) for name in columns])
        source = iter(rows)
        while chunk := list(itertools.islice(source, _CHUNK)):
            arrays = [
                pa.array(column, type=schema.field(i).type)
                for i, column in enumerate(zip(*chunk, strict=True))
            ]
            batch = pa.table(arrays, schema=schema)
            self.connection.register("campaignkit_batch", batch)
            try:
                self.connection.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM campaignkit_batch"
                )
            finally:
                self.connection.unregister("campaignkit_batch")

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[None]:
        del write  # one process writes a DuckDB file; its transactions are snapshots
        conn = self.connection
        conn.execute("BEGIN TRANSACTION")
        self._busy = True
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._busy = False

    def _tables(self) -> set[str]:
        return {
            name
            for (name,) in self._fetchall(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_catalog = current_database()"
            )
        }

    def _columns(self, table: str) -> set[str]:
        return {
            name
            for (name,) in self._fetchall(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                " AND table_schema = current_schema() AND table_catalog = current_database()",
                (table,),
            )
        }

    def close(self) -> None:
        """Close the connection (only one the store opened itself)."""
        if self._owned:
            self.connection.close()
