"""SQLiteStore: a row changed behind the store's back, or a file that is no store, is a
located RecordError on every read path, and a fed accumulator stays as it was (issue 10)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from campaignkit import Problem, RecordError
from campaignkit.io import SQLiteStore
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Reading, Record
from support import QUARTER, ideas_in_one_village, stored_records

START, END = QUARTER.start, QUARTER.end
DAYS = (dt.date(2010, 1, 31), END)
CAMPAIGN = ideas_in_one_village()
SCHEDULE = schedule(CAMPAIGN)

# seq 1, 2, 3: the damage goes into row 2, the reading "r2", or row 3, the held record "h3"
RECORDS: list[Record] = stored_records()


def damaged(path: Path, sql: str, *params: Any) -> None:
    """A store at *path* holding RECORDS, then changed by *sql* straight through sqlite3."""
    with SQLiteStore(path) as store:
        store.append(RECORDS)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, params)
    conn.close()


def feed(unique_ids: bool) -> Callable[[SQLiteStore], object]:
    """A read path: feed an accumulator that holds a reading of its own; when feeding
    fails, the accumulator must be as it was."""

    def read(store: SQLiteStore) -> object:
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=unique_ids)
        acc.add(Reading(id="r0", indicator="ideas", unit="v1", date=START, value=9))
        before = acc.results(DAYS)
        try:
            return store.feed(acc)
        except RecordError:
            assert acc.results(DAYS) == before
            raise

    return read


READ_PATHS: dict[str, Callable[[SQLiteStore], object]] = {
    "iterate": lambda store: list(store),
    "records-until": lambda store: list(store.records(until="2010-03-31")),
    "feed-checked-ids": feed(unique_ids=False),
    "feed-sql-totals": feed(unique_ids=True),
}


def read_fails(path: Path, read: Callable[[SQLiteStore], object]) -> RecordError:
    """The RecordError *read* raises on the store at *path*."""
    with SQLiteStore(path) as store, pytest.raises(RecordError) as info:
        read(store)
    return info.value


def only_problem(error: RecordError) -> tuple[str, str, str | None]:
    (problem,) = error.problems
    return problem.path, problem.code, problem.source


@pytest.mark.parametrize("read", READ_PATHS.values(), ids=READ_PATHS.keys())
class TestDamagedRow:
    """One test per kind of damage, each on every read path."""

    def test_party_list_not_json(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """'present' that is not JSON (JSONDecodeError leaked from feed before)."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET present = '[\"v1\"' WHERE id = 'h3'")
        error = read_fails(path, read)
        assert only_problem(error) == ("$.rows[3].present", "bad-store-row", str(path))
        assert "row 3 of the store" in str(error)

    def test_party_list_nested_too_deep(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """'present' of a list nested 100,000 deep (RecursionError in json)."""
        path = tmp_path / "s.db"
        deep = "[" * 100_000 + "]" * 100_000
        damaged(path, "UPDATE campaignkit_records SET present = ? WHERE id = 'h3'", deep)
        assert only_problem(read_fails(path, read)) == (
            "$.rows[3].present",
            "bad-store-row",
            str(path),
        )

    def test_party_list_of_numbers(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """'present' that is JSON but not a list of party ids."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET absent = '[1, 2]' WHERE id = 'h3'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[3].absent", "bad-store-row")

    def test_value_missing(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A reading whose value was set to NULL."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET value = NULL WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].value", "bad-store-row")

    def test_value_of_text(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A reading whose value is text that is no number."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET value = 'four' WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].value", "bad-store-row")

    def test_value_infinite(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A reading whose value is 1e999, which SQLite keeps as infinity."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET value = 1e999 WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].value", "bad-store-row")

    def test_impossible_day(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A date shaped like one but not a day of the calendar, inside the window: the SQL
        totals let ValueError out of date.fromisoformat before."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET date = '2010-02-30' WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].date", "bad-store-row")

    def test_date_without_dashes(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A date of 20100106 (which sorts after every YYYY-MM-DD day: records(until=...)
        skipped it silently before)."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET date = 20100106 WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].date", "bad-store-row")

    def test_unknown_kind(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A kind that is none of held, cancelled, reading."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET kind = 'party' WHERE id = 'h3'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[3].kind", "bad-store-row")

    def test_id_of_bytes(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """An id stored as a blob."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET id = x'7232' WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].id", "bad-store-row")

    def test_assumed_neither_0_nor_1(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """'assumed' of 2: not silently true."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET assumed = 2 WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].assumed", "bad-store-row")

    def test_unknown_mode(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A reading's mode that is neither increment nor cumulative."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET mode = 'sometimes' WHERE id = 'r2'")
        assert only_problem(read_fails(path, read))[:2] == ("$.rows[2].mode", "bad-store-row")

    def test_text_not_utf8(self, tmp_path: Path, read: Callable[..., object]) -> None:
        """A subject whose text is not UTF-8 (sqlite3 cannot decode it): located at its row
        and column, not a bare store-error."""
        path = tmp_path / "s.db"
        damaged(
            path, "UPDATE campaignkit_records SET subject = CAST(x'b5b3' AS TEXT) WHERE id = 'r2'"
        )
        error = read_fails(path, read)
        assert only_problem(error) == ("$.rows[2].subject", "bad-store-row", str(path))
        assert "not UTF-8" in str(error)


class TestGet:
    def test_damaged_row(self, tmp_path: Path) -> None:
        """get() of a damaged row is located as iteration locates it."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET present = '{' WHERE id = 'h3'")
        with SQLiteStore(path) as store, pytest.raises(RecordError) as info:
            store.get("h3")
        assert only_problem(info.value) == ("$.rows[3].present", "bad-store-row", str(path))

    def test_text_not_utf8(self, tmp_path: Path) -> None:
        """get() of a row whose note is not UTF-8."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET note = CAST(x'ff' AS TEXT) WHERE id = 'r2'")
        with SQLiteStore(path) as store, pytest.raises(RecordError) as info:
            store.get("r2")
        assert only_problem(info.value)[:2] == ("$.rows[2].note", "bad-store-row")

    def test_undamaged_rows_still_read(self, tmp_path: Path) -> None:
        """The rows not damaged read as they were."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_records SET present = '{' WHERE id = 'h3'")
        with SQLiteStore(path) as store:
            assert [store.get("r1"), store.get("r2")] == RECORDS[:2]


COLUMNS = ("id", "digest", "kind", "date", "subject", "unit", "value", "mode")
COLUMNS += ("present", "absent", "excused", "note", "assumed")
stored_values = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["2010-02-30", "2010-01-06", "[]", '["v1"]', "[1]", "reading", "held"]),
    st.binary(max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(column=st.sampled_from(COLUMNS), value=stored_values, row=st.sampled_from(["r2", "h3"]))
def test_any_damage_is_located_or_harmless(
    tmp_path_factory: pytest.TempPathFactory, column: str, value: Any, row: str
) -> None:
    """Whatever one column of one row is set to, every read path either reads the store or
    raises a RecordError whose problems are all bad-store-row at that row, and all of them do
    the same (each reads every row: the SQL totals take no row that a record would refuse);
    a fed accumulator is unchanged when it fails."""
    path = tmp_path_factory.mktemp("store") / "s.db"
    try:
        damaged(path, f"UPDATE campaignkit_records SET {column} = ? WHERE id = ?", value, row)
    except sqlite3.IntegrityError:  # NOT NULL or UNIQUE: not a damage SQLite lets through
        assume(False)
    seq = RECORDS.index(next(r for r in RECORDS if r.id == row)) + 1
    failed = []
    for read in READ_PATHS.values():
        problems: list[Problem] = []
        try:
            with SQLiteStore(path) as store:
                read(store)
        except RecordError as exc:
            problems = list(exc.problems)
        assert {p.code for p in problems} <= {"bad-store-row"}
        assert all(p.path.startswith(f"$.rows[{seq}]") for p in problems)
        assert all(p.source == str(path) for p in problems)
        failed.append(bool(problems))
    assert len(set(failed)) == 1


class TestNotAStore:
    def test_an_sqlite_database_of_something_else(self, tmp_path: Path) -> None:
        """An SQLite file with tables of its own is refused, and left as it was (not turned
        into WAL mode, no tables added)."""
        path = tmp_path / "app.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.commit()
        conn.close()
        before = path.read_bytes()
        with pytest.raises(RecordError) as info:
            SQLiteStore(path)
        assert only_problem(info.value) == ("$", "not-a-store", str(path))
        assert "bookmarks" in str(info.value)
        assert path.read_bytes() == before

    def test_a_host_connection_may_hold_other_tables(self, tmp_path: Path) -> None:
        """Through a host's connection the store joins the host's tables, as documented."""
        conn = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        store = SQLiteStore(conn)
        assert store.append(RECORDS) == 3
        conn.close()

    def test_a_store_table_of_other_columns(self, tmp_path: Path) -> None:
        """A table named campaignkit_records that is not the store's."""
        path = tmp_path / "s.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE campaignkit_records (id TEXT, payload TEXT)")
        conn.commit()
        conn.close()
        with pytest.raises(RecordError) as info:
            SQLiteStore(path)
        assert only_problem(info.value) == ("$", "not-a-store", str(path))

    def test_a_store_of_another_schema_version(self, tmp_path: Path) -> None:
        """A store whose meta table names another schema version."""
        path = tmp_path / "s.db"
        damaged(path, "UPDATE campaignkit_meta SET value = '99' WHERE key = 'schema'")
        with pytest.raises(RecordError) as info:
            SQLiteStore(path)
        assert only_problem(info.value) == ("$", "not-a-store", str(path))
        assert "'99'" in str(info.value)

    def test_not_sqlite_at_all(self, tmp_path: Path) -> None:
        """A text file: not-a-store, not sqlite3.DatabaseError; the file is left alone."""
        path = tmp_path / "s.db"
        path.write_text("id,kind,date\n" * 200)
        with pytest.raises(RecordError) as info:
            SQLiteStore(path)
        assert only_problem(info.value) == ("$", "not-a-store", str(path))
        assert path.read_text() == "id,kind,date\n" * 200

    def test_a_directory(self, tmp_path: Path) -> None:
        """A directory is not-a-file."""
        with pytest.raises(RecordError) as info:
            SQLiteStore(tmp_path)
        assert only_problem(info.value) == ("$", "not-a-file", str(tmp_path))

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
    def test_a_fifo(self, tmp_path: Path) -> None:
        """A FIFO is refused before anything opens it."""
        path = tmp_path / "fifo"
        os.mkfifo(path)
        with pytest.raises(RecordError) as info:
            SQLiteStore(path)
        assert only_problem(info.value) == ("$", "not-a-file", str(path))

    def test_a_new_file_and_an_empty_file_become_stores(self, tmp_path: Path) -> None:
        """A path that does not exist, or an empty file, is a new store."""
        (tmp_path / "empty.db").touch()
        for name in ("new.db", "empty.db"):
            with SQLiteStore(tmp_path / name) as store:
                assert store.append(RECORDS) == 3
