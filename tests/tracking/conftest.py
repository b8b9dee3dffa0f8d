"""The record stores under test: SQLite, DuckDB, and PostgreSQL on a throwaway server.

The PostgreSQL server is Debian's (``/usr/lib/postgresql/VERSION/bin``): ``initdb`` a
cluster in a temporary directory and ``pg_ctl`` start it listening on a unix socket there
only, as ``nobody`` when the tests run as root (the server refuses root). Its tests are
skipped, with the reason, when the binaries are absent, and fail instead when ``CI`` is set
(CI installs the ``postgresql`` package, as it does Chromium).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from campaignkit.io import DuckDBStore, PostgresStore, SQLiteStore

STORE_KINDS = ("sqlite", "duckdb", "postgres")


def _server_binaries() -> Path | None:
    """The bin directory of the newest PostgreSQL server Debian installed, if any."""
    found = [
        path.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if (path.parent / "pg_ctl").exists()
    ]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


def _no_server(reason: str) -> NoReturn:
    """Skip for *reason*; fail instead where ``CI`` is set, which installs the server."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture
def no_server() -> Callable[[str], NoReturn]:
    """What the server fixture does without a server, for its own test."""
    return _no_server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server: the connection string of its database ``postgres``."""
    bindir = _server_binaries()
    if bindir is None:
        _no_server("PostgreSQL's server (Debian's postgresql package) is not installed")
    root = Path(tempfile.mkdtemp(prefix="ck-pg-"))  # short: a socket path has ~100 bytes
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    data, log = root / "data", root / "server.log"

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = f"-k {root} -c listen_addresses='' -c fsync=off -c max_connections=40"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL: {exc.stderr.decode(errors='replace')}")
    try:
        yield f"host={root} user=postgres dbname=postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


class Stores:
    """Makes empty stores of one kind, each in a database (or schema) of its own."""

    _count = itertools.count()

    def __init__(self, kind: str, tmp: Path, server: str | None) -> None:
        self.kind, self.tmp, self.server = kind, tmp, server

    def where(self) -> str:
        """A new place for a store: a file path, or a connection string to a new schema."""
        n = next(self._count)
        if self.server is None:
            return str(self.tmp / f"store{n}.{self.kind}")
        import psycopg  # only with the server

        schema = f"store{n}"
        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return f"{self.server} options='-c search_path={schema}'"

    def open(self, where: str) -> Any:
        """The store at *where* (made by :meth:`where`), opened anew."""
        kind: Callable[[str], Any] = {
            "sqlite": SQLiteStore,
            "duckdb": DuckDBStore,
            "postgres": PostgresStore,
        }[self.kind]
        return kind(where)

    def new(self) -> Any:
        """An empty store (in memory, for SQLite and DuckDB)."""
        if self.server is None:
            return self.open(":memory:")
        return self.open(self.where())


@pytest.fixture(scope="session")
def postgres_stores(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """PostgreSQL stores, for what is PostgreSQL's own."""
    return Stores("postgres", tmp_path_factory.mktemp("postgres"), postgres_server)


@pytest.fixture(scope="session", params=STORE_KINDS)
def stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """Stores of each kind in turn: SQLite, DuckDB, PostgreSQL."""
    kind: str = request.param
    server = request.getfixturevalue("postgres_server") if kind == "postgres" else None
    return Stores(kind, tmp_path_factory.mktemp(kind), server)
