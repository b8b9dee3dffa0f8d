"""Each store alike on a damaged row; what DuckDBStore and PostgresStore do of their own:
host connections, files and servers that are no store, many writers at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import duckdb
import psycopg
import pytest

from campaignkit._errors import RecordError
from campaignkit.io import DuckDBStore, PostgresStore
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Reading, Record
from support import QUARTER, ideas_in_one_village, stored_records

if TYPE_CHECKING:
    from campaignkit.io._store import SQLStore

    from .conftest import Stores

START, END = QUARTER.start, QUARTER.end
DAYS = (dt.date(2010, 1, 31), END)
CAMPAIGN = ideas_in_one_village()
SCHEDULE = schedule(CAMPAIGN)
RECORDS: list[Record] = stored_records()


def readings(n: int, prefix: str = "r", value: float = 1) -> list[Reading]:
    return [
        Reading(indicator="ideas", unit="v1", date=START, value=value, id=f"{prefix}{i}")
        for i in range(n)
    ]


def feed(unique_ids: bool) -> Callable[[SQLStore], object]:
    """A read path: feed an accumulator holding a reading of its own, which must be as it
    was when feeding fails."""

    def read(store: SQLStore) -> object:
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=unique_ids)
        acc.add(Reading(id="r0", indicator="ideas", unit="v1", date=START, value=9))
        before = acc.results(DAYS)
        try:
            return store.feed(acc)
        except RecordError:
            assert acc.results(DAYS) == before
            raise

    return read


READ_PATHS: dict[str, Callable[[SQLStore], object]] = {
    "iterate": lambda store: list(store),
    "records-until": lambda store: list(store.records(until="2010-03-31")),
    "get": lambda store: store.get("r2") and store.get("h3"),
    "feed-checked-ids": feed(unique_ids=False),
    "feed-sql-totals": feed(unique_ids=True),
}

# (column, value written, the field the problem is located at): damage any database lets
# through, whatever the column types
DAMAGE = {
    "impossible-day": ("date", "2010-02-30", "date"),
    "date-without-dashes": ("date", "20100106", "date"),
    "unknown-kind": ("kind", "party", "kind"),
    "party-list-not-json": ("present", "[v1", "present"),
    "party-list-of-numbers": ("present", "[1]", "present"),
    "assumed-2": ("assumed", 2, "assumed"),
    "value-missing": ("value", None, "value"),
    "unknown-mode": ("mode", "sideways", "mode"),
}


@pytest.mark.parametrize("read", READ_PATHS.values(), ids=READ_PATHS.keys())
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_row_is_located_on_every_read_path(
    stores: Stores, damage: tuple[str, Any, str], read: Callable[[SQLStore], object]
) -> None:
    """A column of row 2 ("r2") or 3 ("h3") changed behind the store's back: a RecordError
    bad-store-row at $.rows[SEQ].FIELD from every read path of every store, and a fed
    accumulator as it was."""
    column, value, field = damage
    row = "h3" if column == "present" else "r2"
    with stores.new() as store:
        store.append(RECORDS)
        p = store.dialect.param
        store.connection.execute(
            f"UPDATE campaignkit_records SET {column} = {p} WHERE id = {p}", (value, row)
        )
        with pytest.raises(RecordError) as info:
            read(store)
    (problem,) = info.value.problems
    seq = 3 if row == "h3" else 2
    assert (problem.code, problem.path) == ("bad-store-row", f"$.rows[{seq}].{field}")


class TestDuckDB:
    def test_shares_a_host_connection(self) -> None:
        """A store can keep its tables in a host's DuckDB database beside the host's own,
        and leaves the connection open when closed."""
        conn = duckdb.connect(":memory:")
        conn.execute("CREATE TABLE host (x INTEGER)")
        with DuckDBStore(conn) as store:
            assert store.append(readings(2)) == 2
        assert conn.execute("SELECT COUNT(*) FROM campaignkit_records").fetchone() == (2,)
        conn.close()

    def test_a_file_of_its_own_must_be_a_store(self, tmp_path: Path) -> None:
        """A DuckDB file holding other tables is not-a-store, left untouched."""
        path = tmp_path / "other.duckdb"
        with duckdb.connect(str(path)) as conn:
            conn.execute("CREATE TABLE sales (x INTEGER)")
        with pytest.raises(RecordError) as info:
            DuckDBStore(path)
        assert [(p.code, p.source) for p in info.value.problems] == [("not-a-store", str(path))]
        assert "sales" in str(info.value)

    def test_not_duckdb_at_all(self, tmp_path: Path) -> None:
        """A file that is not a DuckDB database is not-a-store; a directory not-a-file."""
        path = tmp_path / "s.duckdb"
        path.write_text("this is not a database" * 100)
        with pytest.raises(RecordError, match="not-a-store"):
            DuckDBStore(path)
        with pytest.raises(RecordError, match="not-a-file"):
            DuckDBStore(tmp_path)


def at_once(where: str, batches: list[list[Reading]]) -> list[int | Exception]:
    """Append each batch from a thread of its own, with a connection of its own, the
    appends released together; what each append returned or raised, in the order of
    *batches*."""
    start = threading.Barrier(len(batches))
    outcome: list[int | Exception] = [0] * len(batches)

    def write(i: int) -> None:
        with PostgresStore(where) as store:
            start.wait()
            try:
                outcome[i] = store.append(batches[i])
            except Exception as exc:  # handed to the test, which checks it
                outcome[i] = exc

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


class TestPostgres:
    @pytest.fixture
    def where(self, postgres_stores: Stores) -> str:
        """A new schema on the throwaway server."""
        return postgres_stores.where()

    def test_two_writers_append_overlapping_batches_at_once(self, where: str) -> None:
        """Two connections append 600 readings each, 300 of them the same, started together
        (five times): 900 stored each time, each id once, the two counts of new ones adding
        to 900."""
        for attempt in range(5):
            prefix = f"a{attempt}-"
            outcome = at_once(where, [readings(600, prefix), readings(900, prefix)[300:]])
            assert all(isinstance(n, int) for n in outcome)
            assert sum(n for n in outcome if isinstance(n, int)) == 900
        with PostgresStore(where) as store:
            assert len(store) == 5 * 900
            assert len({r.id for r in store}) == 5 * 900

    def test_two_writers_of_one_id_with_other_content(self, where: str) -> None:
        """Two writers append the id "x0" with other values at once: one stores its batch
        (51 records), the other gets conflicting-duplicate and stores nothing of its own."""
        batches = [[*readings(50, f"v{v}-"), *readings(1, "x", v)] for v in (1.0, 2.0)]
        outcome = at_once(where, batches)
        codes = [[p.code for p in n.problems] if isinstance(n, RecordError) else n for n in outcome]
        assert sorted(codes, key=str) == [51, ["conflicting-duplicate"]]
        with PostgresStore(where) as store:
            assert len(store) == 51

    def test_inside_a_host_transaction(self, where: str) -> None:
        """On a host's connection, an append joins the host's transaction: it goes when
        the host rolls back."""
        with psycopg.connect(where) as conn:  # not autocommit: the host's transaction
            store = PostgresStore(conn)
            conn.commit()
            conn.execute("SELECT 1")  # opens the host's transaction
            assert store.append(readings(2)) == 2
            conn.rollback()
            assert len(store) == 0
            store.close()  # leaves the host's connection open
            assert not conn.closed

    def test_a_table_of_other_columns(self, where: str) -> None:
        """A table campaignkit_records of other columns is not-a-store."""
        with psycopg.connect(where, autocommit=True) as conn:
            conn.execute("CREATE TABLE campaignkit_records (x INTEGER)")
        with pytest.raises(RecordError, match="not-a-store"):
            PostgresStore(where)

    def test_a_server_that_cannot_be_reached(self, tmp_path: Path) -> None:
        """No server at the address: store-error, naming the server without the password."""
        with pytest.raises(RecordError) as info:
            PostgresStore(f"host={tmp_path} dbname=c user=u password=secret connect_timeout=5")
        (problem,) = info.value.problems
        assert problem.code == "store-error"
        assert problem.source is not None
        assert "secret" not in problem.source
        assert str(tmp_path) in problem.source


class TestServerFixture:
    def test_skips_without_a_server_and_fails_in_ci(
        self, no_server: Callable[[str], NoReturn], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without Debian's server the PostgreSQL tests are skipped with the reason, except
        where CI is set: there they fail, since CI installs the server."""
        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match="not installed"):
            no_server("the server is not installed")
        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match="CI is set but the server"):
            no_server("the server is not installed")


@pytest.mark.parametrize(
    "read",
    [READ_PATHS[k] for k in READ_PATHS if k != "get"],  # get looks the id up: it is gone
    ids=[k for k in READ_PATHS if k != "get"],
)
@pytest.mark.parametrize("id", ["r\u200b2", "r2\x1f", "r\u20282", "r\ufeff2"])
def test_a_damaged_id_is_located_on_every_read_path(
    stores: Stores, id: str, read: Callable[[SQLStore], object]
) -> None:
    """Regression: an id changed behind the store's back to hold a character the records
    path refuses (a zero-width space, a control, a byte-order mark) was totalled by the SQL
    of a trusted-ids feed and refused by every other path."""
    with stores.new() as store:
        store.append(RECORDS)
        p = store.dialect.param
        store.connection.execute(
            f"UPDATE campaignkit_records SET id = {p} WHERE id = {p}", (id, "r2")
        )
        with pytest.raises(RecordError) as info:
            read(store)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("bad-store-row", "$.rows[2].id")
