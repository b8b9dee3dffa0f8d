"""The polars backend of RecordReader.feed: its checks are the intake rules, and whatever a
file holds, it gives what the Python reader gives."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import RecordReader, _polars, _records
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator
from campaignkit.tracking._intake import (
    FLAGS,
    PLAIN,
    REQUIRED,
    part_of,
    plain_checks,
    plain_date,
    plain_id,
    plain_number,
    sql_plain,
    sql_totals,
)
from support import QUARTER, four_aggregates

START, END = QUARTER.start, QUARTER.end
DAYS = (dt.date(2010, 1, 31), END)
HEADER = ["id", "kind", "date", "subject", "indicator", "unit", "value", "mode", "note", "assumed"]


CAMPAIGN = four_aggregates(("v1", "v2"))
SCHEDULE = schedule(CAMPAIGN)


def fed(path: Path, backend: str) -> tuple[Accumulator, RecordReader]:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    reader = RecordReader(path, strict=False)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    return acc, reader


def assert_same(path: Path) -> None:
    """Python and polars: the same progress on every tracked day, problems, row count."""
    py, py_reader = fed(path, "python")
    po, po_reader = fed(path, "polars")
    assert po.results(DAYS) == py.results(DAYS)
    assert [po.recorded(d) for d in DAYS] == [py.recorded(d) for d in DAYS]  # on a day: known
    assert po_reader.problems == py_reader.problems
    assert po_reader.rows == py_reader.rows


def plain_file(rnd: random.Random, n: int) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=rnd.choice(("\n", "\r\n")))
    writer.writerow(HEADER)
    for i in range(n):
        day = START + dt.timedelta(days=rnd.randrange(100))  # a few past the window
        writer.writerow(
            [
                f"r{i}",
                rnd.choice(("", "reading")),
                day.isoformat(),
                "",
                rnd.choice(("sum", "last", "max", "count")),
                rnd.choice(("v1", "v2", "")),
                rnd.choice((str(rnd.randint(-3, 30)), "2.5", "1e2")),
                rnd.choice(("", "", "increment")),
                "",
                rnd.choice(("", "true")),
            ]
        )
    return text.getvalue().encode()


STRIPPED = [c.encode() for c in "\x1c\x1f\x85\u2028\u3000"]
"""Characters ``str.strip`` takes off and a field is not trimmed of, as UTF-8 bytes."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(
                [b'"', b"\r", b"\n", b",", b"\x00", b"\xe9", b" ", b"'", b"x", b"", *STRIPPED]
            ),
            st.integers(0, 3),
        ),
        max_size=4,
    ),
)
def test_corrupted_files_agree(seed: int, edits: list[tuple[float, bytes, int]]) -> None:
    """Bytes put in or cut out anywhere in a file of readings: polars gives the same
    results, problems (with their lines and columns) and row count as the Python reader.
    Among them characters ``str.strip`` takes off (``\\x1c``, NEL, a line separator), which
    a field is not trimmed of: ``12\\x1c`` is refused by both, not read as 12."""
    rnd = random.Random(seed)
    data = plain_file(rnd, rnd.randrange(1, 60))
    for where, put, cut in edits:
        at = int(where * len(data))
        data = data[:at] + put + data[at + cut :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.csv"
        path.write_bytes(data)
        assert_same(path)


@pytest.mark.parametrize("seed", range(4))
def test_plain_files_are_taken(tmp_path: Path, seed: int) -> None:
    """A file of plain readings is read by polars itself (not left to Python)."""
    path = tmp_path / "l.csv"
    path.write_bytes(plain_file(random.Random(seed), 300))
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    assert _polars.fold_csv(path, acc) == 300
    assert_same(path)


def test_a_tie_goes_to_the_first_in_the_file(tmp_path: Path) -> None:
    """The latest reading repeated on the same day with the same id, once as a fraction
    (read one by one) and then as a whole number (totalled): the first in the file counts,
    as in Python, whichever lane each took."""
    path = tmp_path / "l.csv"
    path.write_text(
        "id,date,indicator,unit,value\n"
        "a,2010-01-05,last,v1,4\n"
        "z,2010-01-09,last,v1,2.5\n"
        "z,2010-01-09,last,v1,7\n"
        "b,2010-01-07,last,v1,9\n"
    )
    acc, _ = fed(path, "polars")
    assert _polars.fold_csv(path, Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True))
    units = {u.unit: u for u in acc.result(END).indicator("last").units}
    # latest by (date, id): (2010-01-09, "z"), first seen with 2.5; maximum 9 of 4, 2.5, 7, 9
    assert units["v1"].actual == 2.5
    assert_same(path)


IDS = st.sampled_from("abz~") | st.builds(
    "{}{}{}".format,
    st.sampled_from("abz~"),
    st.text(alphabet="ab\u00e9\u4e2dz~", max_size=3),
    st.sampled_from("az"),
)
"""Ids polars takes (ends of visible ASCII) that begin one another, hold letters of two and
three bytes, repeat."""


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    readings=st.lists(
        st.tuples(IDS, st.integers(0, 3), st.sampled_from(("v1", "v2")), st.integers(-5, 9)),
        min_size=1,
        max_size=30,
    )
)
def test_the_latest_reading_is_the_greatest_date_and_id(
    readings: list[tuple[str, int, str, int]],
) -> None:
    """Whatever the ids (one the beginning of another, letters of two and three bytes,
    repeated on the same day), the latest reading of each group is the one the Python
    reader keeps: the greatest (date, id), of equals the first in the file; and polars
    takes the file itself."""
    lines = ["id,date,indicator,unit,value"]
    lines += [
        f"{id},{START + dt.timedelta(days=day)},last,{unit},{value}"
        for id, day, unit, value in readings
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
        assert _polars.fold_csv(path, acc) == len(readings)
        assert_same(path)


@pytest.mark.parametrize("backend", ["polars", "arrow"])
def test_an_id_neutralised_after_a_semicolon_is_restored(tmp_path: Path, backend: str) -> None:
    """The cell ``z;'=1`` is the id ``z;=1`` written by a CSV writer that neutralises a
    formula after a semicolon: restored, it is the latest of 2010-01-09 (``=`` sorts after
    ``0``), so v1's last value is 5, not the 7 of ``z;0``, which the cell as it is would
    beat. Every engine reads it as the Python reader does."""
    path = tmp_path / "l.csv"
    path.write_text(
        "id,date,indicator,unit,value\nz;'=1,2010-01-09,last,v1,5\nz;0,2010-01-09,last,v1,7\n"
    )
    py, _ = fed(path, "python")
    assert {u.unit: u.actual for u in py.result(END).indicator("last").units}["v1"] == 5.0
    engine, _ = fed(path, backend)
    assert engine.results(DAYS) == py.results(DAYS)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_rows_left_empty_are_skipped_by_polars_too(tmp_path: Path, ending: str) -> None:
    """A spreadsheet's cleared rows (",,,,") and empty lines, between readings and at the
    end: polars takes the file and skips them as the Python reader does (3 rows read)."""
    lines = [
        "id,date,indicator,unit,value",
        "a,2010-01-05,sum,v1,4",
        ",,,,",
        "",
        "b,2010-01-06,sum,v1,5",
        "c,2010-01-07,sum,v2,1",
        ",,,,",
        "",
    ]
    path = tmp_path / "l.csv"
    path.write_bytes((ending.join(lines) + ending).encode())
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    assert _polars.fold_csv(path, acc) == 3
    assert {u.unit: u.actual for u in acc.result(END).indicator("sum").units} == {
        "v1": 9.0,  # 4 + 5
        "v2": 1.0,
    }
    assert_same(path)


def test_a_row_of_commas_among_others_is_not_taken_as_empty(tmp_path: Path) -> None:
    """A row of no indicator, unit nor mode that is not empty (it has an id) is not skipped:
    the file goes the ordinary way, which reports it."""
    path = tmp_path / "l.csv"
    path.write_text("id,date,indicator,unit,value\na,2010-01-05,sum,v1,4\n,,,,\nz,,,,\n")
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    assert _polars.fold_csv(path, acc) is None
    assert_same(path)


def test_sums_are_exact(tmp_path: Path) -> None:
    """Whole values summed by the engine as integers: 2**31 + 2**31 + 1 = 4294967297."""
    path = tmp_path / "l.csv"
    path.write_text(
        "id,date,indicator,unit,value\n"
        "a,2010-01-05,sum,v1,2147483648\n"
        "b,2010-01-06,sum,v1,2147483648\n"
        "c,2010-01-07,sum,v1,1\n"
    )
    acc, _ = fed(path, "polars")
    units = {u.unit: u for u in acc.result(END).indicator("sum").units}
    assert units["v1"].actual == 4294967297.0
    assert_same(path)


def test_auto_prefers_polars() -> None:
    """``auto`` uses polars when it is installed."""
    assert _records._engine("auto") is _polars.fold_csv


def test_polars_missing_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking for polars where it is not installed says how to install it."""
    monkeypatch.setattr(_polars, "AVAILABLE", False)
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    with pytest.raises(ValidationError) as info:
        RecordReader(tmp_path / "l.csv").feed(acc, backend="polars")
    assert info.value.problems[0].path == "$.backend"
    assert "fast extra" in info.value.problems[0].message


# -- the checks are the rules ------------------------------------------------------------------

TEXT = st.text(
    alphabet="0123456789-+.eE_ :;xinfatyd'!~\u00e9\t\x00\x1c\x1f\x85\x9b\xa0\u2028\u3000",
    max_size=12,
)


def python_plain(field: str, text: str) -> bool:
    """What the Python reader takes, field by field (the rules of intake)."""
    if field == "kind":
        return text in PLAIN.kinds
    if field == "mode":
        return text in PLAIN.modes
    if field == "assumed":
        return text in FLAGS
    if field in PLAIN.empty:
        return text == ""
    if field == "id":
        return plain_id(text)
    if field == "date":
        return plain_date(text) is not None
    return plain_number(text) is not None


def engine_plain(texts: list[str], field: str) -> list[bool]:
    """What the polars backend's checks of *field* say of *texts*."""
    frame = pl.DataFrame({field: texts}).with_columns(
        _polars._day(pl.col(field)).alias("day"), _polars._value(pl.col(field)).alias("v")
    )
    checks = [c for c in plain_checks([*REQUIRED, field]) or () if c.field == field]
    expressions = [e for e in map(_polars._check, checks) if e is not None]
    if field == "id":
        expressions.append(pl.col(field).str.len_bytes() <= PLAIN.max_id)  # checked by group
    result = frame.select(pl.all_horizontal(expressions).fill_null(value=False))
    return [bool(x) for x in result.to_series()]


def sql_plain_of(texts: list[str], field: str) -> list[bool]:
    """What the DuckDB condition of sql_plain says of rows whose *field* holds *texts*."""
    columns = [*REQUIRED, field] if field not in REQUIRED else list(REQUIRED)
    good = {"id": "r1", "date": "2010-01-05", "indicator": "sum", "value": "1"}
    rows = [[text if c == field else good.get(c, "") for c in columns] for text in texts]
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE t ({', '.join(f'{c!r} TEXT'.replace(chr(39), chr(34)) for c in columns)})"
    )
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(columns))})", rows)
    where = sql_plain(columns)
    return [bool(x) for (x,) in con.execute(f"SELECT {where} FROM t").fetchall()]


@settings(max_examples=60, deadline=None)
@given(
    field=st.sampled_from(["id", "date", "value", "kind", "mode", "assumed", "note"]),
    texts=st.lists(
        st.one_of(
            TEXT,
            st.sampled_from(
                [
                    *("2010-01-05", "2010-02-30", "1e2", "+.5", "inf", "nan", "1e16", "r;'=1"),
                    *("12\x1c", "\x1f12", "12\x85", "12\u2028", "2010-01-05\x1c", "r1\x85"),
                ]
            ),
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_engine_checks_are_never_wider_than_the_rules(field: str, texts: list[str]) -> None:
    """A text the polars or SQL checks take is one the Python rules take; for dates,
    values and the fixed texts they agree exactly."""
    rules = [python_plain(field, t) for t in texts]
    for engine in (engine_plain(texts, field), sql_plain_of(texts, field)):
        assert all(r for e, r in zip(engine, rules, strict=True) if e)
        if field != "id":
            assert engine == rules


def test_sql_totals_agree_with_the_engine(tmp_path: Path) -> None:
    """The SQL the intake rules give, run by DuckDB on a file of plain readings, totals
    each group as the polars backend does; the bounds of each group's latest day are those
    of its readings dated then, found here the plain way."""
    path = tmp_path / "l.csv"
    path.write_bytes(plain_file(random.Random(3), 400))
    source = f"read_csv('{path}', all_varchar = true, quote = '', header = true)"
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    query = sql_totals(source, HEADER, start=START, end=END, days=acc.tracked_days)
    got = {
        (r[0], r[1], r[2], r[13]): (r[3], r[4], r[5], int(r[6]), r[7], r[10], r[11], r[12])
        for r in duckdb.sql(query).fetchall()
    }
    checks = plain_checks(HEADER)
    assert checks is not None
    rows = _polars._query(str(path), HEADER, checks, acc)
    totalled = rows.filter(pl.col("plain") & (pl.col("bucket") >= 0))
    totals = (
        totalled.group_by(_polars._GROUP)
        .agg(
            pl.col("day").min(),
            pl.col("day").max().alias("last"),
            pl.len(),
            pl.col("v").cast(pl.Int64).sum(),
            pl.col("v").max().alias("top"),
            (pl.col("assumed") == "true").sum(),
        )
        .collect()
    )
    on_day: dict[tuple[object, ...], list[float]] = {}
    for *key, day, value in totalled.select(*_polars._GROUP, "day", "v").collect().rows():
        on_day.setdefault((*key, day), []).append(value)
    expected = {
        (r[0], r[1], r[2], r[3]): (
            *r[4:10],
            min(on_day[(*r[:4], r[5])]),
            max(on_day[(*r[:4], r[5])]),
        )
        for r in totals.rows()
    }
    assert got == expected
    assert any(low != high for *_, low, high in got.values())  # some latest days disagree
    assert sum(v[2] for v in got.values()) > 100  # most of the 400 readings are totalled


@settings(max_examples=40, deadline=None)
@given(
    tracked=st.none() | st.sets(st.dates(START, END), max_size=20),
    days=st.lists(st.dates(START, END), min_size=1, max_size=30),
)
@example(tracked={START + dt.timedelta(days=3 * n) for n in range(20)}, days=[START, END])
@example(tracked=None, days=[START, START + dt.timedelta(days=40), END])
@example(tracked=set(), days=[START, END])
def test_the_part_of_a_day_by_arithmetic_or_by_the_table(
    tracked: set[dt.date] | None, days: list[dt.date]
) -> None:
    """The query's part of a day's tracked days, by arithmetic for few tracked days (or
    every day tracked) and by a join with the window's table for more, is ``part_of``'s."""
    c = four_aggregates(("v1",))
    acc = Accumulator(c, schedule(c), days=None if tracked is None else sorted(tracked))
    expected = [part_of(c.window.start, acc.tracked_days, day) for day in days]
    frame = pl.LazyFrame({"day": days}, schema={"day": pl.Date})
    part = _polars._part(acc)
    if part is None:
        assert acc.tracked_days is not None
        assert len(acc.tracked_days) > _polars._FEW
        parts = frame.join(_polars._parts(acc), on="day", how="left", maintain_order="left")
        got = parts.collect()["part"].to_list()
    else:
        got = frame.with_columns(part.alias("part")).collect()["part"].to_list()
    assert got == expected
