""":class:`PostgresStore`: a :class:`~campaignkit.io.RecordStore` on a PostgreSQL server.

The same table and statements as :class:`~campaignkit.io.SQLiteStore`
(:class:`~campaignkit.io._store.SQLStore`), spelled by
:data:`~campaignkit.tracking._sql.POSTGRES`, through ``psycopg`` (version 3). This is the
store for a service with many writers: appends from any number of processes and machines
are serialised by a transaction-scoped advisory lock, so two writers appending overlapping
batches at once store each id once, and a conflict between them is reported, never lost.
A feed reads one ``REPEATABLE READ`` snapshot, while writers go on.

Needs the ``postgres`` extra (``pip install 'campaignkit[postgres]'``).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from campaignkit._errors import Problem, RecordError
from campaignkit.io._store import SQLStore
from campaignkit.tracking._sql import POSTGRES

if TYPE_CHECKING:
    import psycopg


_APPEND_LOCK = 0x63_6B_72_65_63  # "ckrec"
"""The key of the advisory lock that serialises appends (and creating the tables)."""


def _import_psycopg() -> Any:
    """The ``psycopg`` module, or a located error saying how to install it."""
    try:
        import psycopg  # an optional dependency, imported when used
    except ImportError:
        msg = "PostgresStore needs psycopg (version 3): pip install 'campaignkit[postgres]'"
        raise RecordError([Problem("$", "store-error", msg)]) from None
    return psycopg


def _shown(dsn: str) -> str:
    """*dsn* without its password, to name the store in problems."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error:  # a DSN psycopg cannot parse is still named, unread
        return "<postgresql>"
    params.pop("password", None)
    return make_conninfo(**{k: str(v) for k, v in params.items()}) or "<postgresql>"


class PostgresStore(SQLStore):
    """A :class:`~campaignkit.io.RecordStore` in a PostgreSQL database.

    The same promises as :class:`~campaignkit.io.SQLiteStore`, and safe with many
    writers: appends are serialised by an advisory lock (key ``0x636B726563``) held
    for their transaction, so concurrent appends of overlapping batches store each id once and
    report a conflicting one. The tables are made in the connection's current schema
    (``search_path``), beside any others the database holds.

    Args:
        target: A connection string (``"postgresql://user@host/db"`` or
            ``"host=/run/postgresql dbname=c"``), or an open ``psycopg.Connection`` to share
            with a host application: the store then works inside the host's transaction
            when one is open (with savepoints) and leaves the connection open.

    Raises:
        RecordError: located at the server (its connection string, less any password):
            ``not-a-store`` for a table ``campaignkit_records`` of other columns or a store
            of another schema version; ``store-error`` when the server cannot be reached or
            ``psycopg`` is not installed.
    """

    dialect = POSTGRES
    _cursors = itertools.count()

    def __init__(self, target: str | psycopg.Connection[Any]) -> None:
        module = _import_psycopg()
        self.errors = (module.Error,)
        self._owned = False  # a server's database is never the store's own: others may be there
        self._closes = isinstance(target, str)
        self.name = _shown(target) if isinstance(target, str) else "<connection>"
        try:
            if isinstance(target, str):
                self.connection: psycopg.Connection[Any] = module.connect(target, autocommit=True)
            else:
                self.connection = target
            self._create()
        except (module.Error, RecordError) as exc:
            if isinstance(target, str) and hasattr(self, "connection"):
                self.connection.close()
            if isinstance(exc, RecordError):
                raise
            raise self._error(f"cannot open the store: {exc}".strip()) from None

    # -- the connection's ways --------------------------------------------------------------

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params or None)
            return cursor.rowcount

    def _fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self.connection.cursor() as cursor:
            row: tuple[Any, ...] | None = cursor.execute(sql, params or None).fetchone()
            return row

    def _fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            return cursor.execute(sql, params or None).fetchall()

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        # a server-side cursor, fetched a batch at a time: the connection serves other
        # statements between batches (a client-side stream would hold it to the end)
        name = f"campaignkit_rows_{next(self._cursors)}"
        with self.connection.cursor(name, withhold=True) as cursor:
            cursor.itersize = 5_000
            cursor.execute(sql, params or None)
            yield from cursor

    def _load(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[None]:
        from psycopg.pq import TransactionStatus  # psycopg is optional

        outermost = self.connection.info.transaction_status == TransactionStatus.IDLE
        with self.connection.transaction():
            if write:
                self._execute("SELECT pg_advisory_xact_lock(%s)", (_APPEND_LOCK,))
            elif outermost:  # the first statement: one snapshot for every read after it
                self._execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def _tables(self) -> set[str]:
        return {
            name
            for (name,) in self._fetchall(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
        }

    def _columns(self, table: str) -> set[str]:
        return {
            name
            for (name,) in self._fetchall(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s",
                (table,),
            )
        }

    def close(self) -> None:
        """Close the connection (only one the store opened itself)."""
        if self._closes:
            self.connection.close()
