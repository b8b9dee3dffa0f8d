"""The record stores: idempotent by id, one transaction per append (each store alike), and
what is particular to one: SQLite survives a killed writer, PostgreSQL many writers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from campaignkit import RecordError
from campaignkit.io import RecordStore, SQLiteStore
from campaignkit.tracking import Cancelled, Held, Reading

if TYPE_CHECKING:
    from .conftest import Stores

D = dt.date


def readings(n: int, prefix: str = "r") -> list[Reading]:
    return [
        Reading(indicator="ideas", date=D(2010, 3, 1), value=i, id=f"{prefix}{i}") for i in range(n)
    ]


class TestAppend:
    """Each store alike."""

    def test_is_a_record_store(self, stores: Stores) -> None:
        """Every store satisfies the RecordStore protocol."""
        with stores.new() as store:
            assert isinstance(store, RecordStore)

    def test_round_trip_in_order(self, stores: Stores) -> None:
        """Every kind of record comes back equal, in the order appended."""
        records = [
            Held(
                subject="f",
                date=D(2010, 2, 24),
                present=("yu", "wang"),
                excused=("li",),
                note="开幕",
            ),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=0.1, unit="v1", assumed=True),
            Cancelled(subject="weekly@2010-03-05", date=D(2010, 3, 5)),
        ]
        with stores.new() as store:
            assert store.append(records) == 3
            assert list(store) == records
            assert store.get(records[1].id) == records[1]
            assert store.get("nope") is None

    def test_idempotent_by_id(self, stores: Stores) -> None:
        """Appending the same records again adds nothing; new ones are added."""
        with stores.new() as store:
            assert store.append(readings(5)) == 5
            assert store.append(readings(5)) == 0
            assert store.append(readings(7)) == 2
            assert len(store) == 7

    def test_repeats_inside_one_batch_count_once(self, stores: Stores) -> None:
        """A record given twice in one batch is stored once."""
        with stores.new() as store:
            assert store.append(readings(3) + readings(3)) == 3

    def test_conflict_with_stored_refuses_the_batch(self, stores: Stores) -> None:
        """Same id, other content: RecordError, and nothing of the batch is written."""
        with stores.new() as store:
            store.append(readings(2))
            changed = Reading(indicator="ideas", date=D(2010, 3, 1), value=99, id="r1")
            with pytest.raises(RecordError) as info:
                store.append([*readings(4, prefix="new"), changed])
            assert [(p.path, p.code) for p in info.value.problems] == [
                ('$.records["r1"]', "conflicting-duplicate")
            ]
            assert len(store) == 2

    def test_conflict_inside_the_batch(self, stores: Stores) -> None:
        """Two versions of one id in a batch are a conflict too."""
        with stores.new() as store:
            batch = [*readings(1), Reading(indicator="ideas", date=D(2010, 3, 2), value=0, id="r0")]
            with pytest.raises(RecordError, match="comes twice"):
                store.append(batch)
            assert len(store) == 0

    def test_a_failing_source_leaves_nothing(self, stores: Stores) -> None:
        """An exception while reading the batch rolls the whole append back."""

        def source() -> object:
            yield from readings(10)
            msg = "reader broke"
            raise ValueError(msg)

        with stores.new() as store:
            with pytest.raises(ValueError, match="reader broke"):
                store.append(source())  # type: ignore[arg-type]
            assert len(store) == 0
            assert store.append(readings(3)) == 3

    def test_only_records(self, stores: Stores) -> None:
        """Anything but a record in a batch is a located RecordError; nothing is written."""
        with stores.new() as store:
            with pytest.raises(RecordError) as info:
                store.append([*readings(2), "not a record"])  # type: ignore[list-item]
            assert [(p.path, p.code) for p in info.value.problems] == [("$[2]", "invalid-record")]
            assert len(store) == 0

    def test_persists_across_connections(self, stores: Stores) -> None:
        """Records appended are there when the file is opened again."""
        where = stores.where()
        with stores.open(where) as store:
            store.append(readings(3))
        with stores.open(where) as store:
            assert [r.id for r in store] == ["r0", "r1", "r2"]

    def test_other_calls_while_iterating(self, stores: Stores) -> None:
        """The store answers get and len while an iteration is under way (past the first
        batch of rows fetched), and the iteration still yields every record, in order."""
        records = readings(12_000)
        with stores.new() as store:
            store.append(records)
            rows = iter(store)
            first = next(rows)
            assert store.get("r5") == records[5]
            assert len(store) == 12_000
            assert [first, *rows] == records

    def test_filter_by_day_in_sql(self, stores: Stores) -> None:
        """records(until=...) returns only the records dated on or before the day."""
        with stores.new() as store:
            store.append([Reading(indicator="x", date=D(2010, 3, d), value=d) for d in (1, 5, 9)])
            assert [r.value for r in store.records(until="2010-03-05")] == [1.0, 5.0]


class TestSQLite:
    def test_shares_a_host_connection(self, tmp_path: Path) -> None:
        """A store can live in a host application's database, inside its transaction."""
        conn = sqlite3.connect(tmp_path / "host.db")
        conn.execute("CREATE TABLE host (x)")
        conn.commit()
        store = SQLiteStore(conn)
        conn.execute("INSERT INTO host VALUES (1)")  # opens the host's transaction
        assert store.append(readings(2)) == 2
        conn.rollback()  # the host changes its mind: the append goes with it
        assert len(store) == 0
        assert store.append(readings(2)) == 2
        conn.commit()
        store.close()  # leaves the host's connection open
        assert conn.execute("SELECT COUNT(*) FROM campaignkit_records").fetchone() == (2,)
        conn.close()

    def test_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite is a located RecordError."""
        path = tmp_path / "s.db"
        path.write_text("this is not a database" * 100)
        with pytest.raises(RecordError, match="not-a-store"):
            SQLiteStore(path)


CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from campaignkit.io import SQLiteStore
    from campaignkit.tracking import Reading

    store = SQLiteStore(sys.argv[1])
    def batch(prefix, n):
        for i in range(n):
            yield Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=i, id=f"{prefix}{i}")

    store.append(batch("first", 100))      # committed
    calls = 0
    def pause():
        global calls
        calls += 1
        if calls == 50:                      # well into the second batch
            print("writing", flush=True)
            time.sleep(60)                   # killed here, mid-transaction
        return 0
    store.connection.set_progress_handler(pause, 1000)
    store.append(batch("second", 200_000))
    print("finished", flush=True)
    """
)


class TestKilledWriter:
    def test_a_killed_append_leaves_the_store_as_before(self, tmp_path: Path) -> None:
        """SIGKILL in the middle of an append: the store holds the earlier batch, whole, and
        opens and appends cleanly."""
        path = tmp_path / "s.db"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "writing"
            wal = path.with_name(path.name + "-wal")
            assert wal.exists()
            assert wal.stat().st_size > 0  # the second batch was being written
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=30)
            if child.stdout is not None:
                child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        with SQLiteStore(path) as store:
            ids = [r.id for r in store]
            assert ids == [f"first{i}" for i in range(100)]
            check = store.connection.execute("PRAGMA integrity_check").fetchone()
            assert check == ("ok",)
            assert store.append(readings(3)) == 3
