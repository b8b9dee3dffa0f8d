"""The plain-reading checks and totals in PostgreSQL's SQL (``sql_plain``, ``sql_totals``)
run on a real server and agree with the record path.

Regression: the checks called ``pg_input_is_valid``, which PostgreSQL has only from
version 16: on Debian's PostgreSQL 15 the query failed. An id with a character the screen
does not show (a control, a line separator, a zero-width space, a tag letter beyond the
Basic Multilingual Plane) is not plain; spaces and letters inside one are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campaignkit.tracking._intake import (
    plain_date,
    plain_id,
    plain_number,
    sql_plain,
    sql_totals,
)

COLUMNS = ["id", "date", "indicator", "value"]
IDS = [
    "r5", "r 5", "r\u00a05", "r\u30005", "长生-5", "r\x1b5", "r\x855", "r\u200b5",
    "r\u200d5", "r\ufeff5", "r\u202e5", "r\u20285", "r\U000e00415", "r\u00ad5",
]  # fmt: skip
DATES = [
    "2010-03-05", "2012-02-29", "2011-02-29", "2010-02-30", "2010-13-01", "2010-00-10",
    "0000-01-01", "0001-01-01", "9999-12-31", "2010-3-5", "2010-03-05 ", "20100305",
    "2010-04-31", "2010-04-30",
]  # fmt: skip
VALUES = [
    "1", "-2.5", "+.5", "5.", "1e15", "1e16", "-1e15", "1e999", "1e-999", "1e-99", "nan",
    "inf", "1_000", "0x10", " 1", "1e0000000005", "0." + "0" * 400 + "1",
]  # fmt: skip


@pytest.fixture
def con(postgres_server: str) -> Any:
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute("CREATE TEMPORARY TABLE t (id TEXT, date TEXT, indicator TEXT, value TEXT)")
        yield conn


def _plain(con: Any, rows: list[tuple[str, str, str, str]]) -> list[bool]:
    with con.cursor() as cursor:
        cursor.executemany("INSERT INTO t VALUES (%s, %s, %s, %s)", rows)
    where = sql_plain(COLUMNS, "postgres")
    said = con.execute(f"SELECT {where} FROM t ORDER BY id, date, value").fetchall()
    return [x for (x,) in said]


def test_ids_as_the_record_path(con: Any) -> None:
    rows = sorted((id, "2010-03-05", "ideas", "1") for id in IDS)
    taken = ("r5", "r 5", "r\u00a05", "r\u30005")  # visible ASCII ends, nothing unseen
    assert _plain(con, rows) == [r[0] in taken for r in rows]
    assert all(plain_id(id) for id in taken)


def test_dates_as_the_record_path(con: Any) -> None:
    rows = sorted((f"r{i}", d, "ideas", "1") for i, d in enumerate(DATES))
    assert _plain(con, rows) == [plain_date(r[1]) is not None for r in rows]


def test_values_never_wider_than_the_record_path(con: Any) -> None:
    """A value the SQL takes the record path takes, with the same bound; what it leaves
    (more than 32 characters, an exponent of three digits) goes one by one."""
    rows = sorted((f"r{i:02}", "2010-03-05", "ideas", v) for i, v in enumerate(VALUES))
    said = _plain(con, rows)
    rules = [(n := plain_number(r[3])) is not None and abs(n) <= 1e15 for r in rows]
    assert all(r for s, r in zip(said, rules, strict=True) if s)
    left = {r[3] for r, s, k in zip(rows, said, rules, strict=True) if k and not s}
    assert left == {"1e-999", "1e0000000005", VALUES[-1]}


def test_totals_of_a_table_with_rows_that_are_not_plain(con: Any) -> None:
    """Casts run only on plain rows: the query of a table holding bad dates and values
    totals the good ones instead of failing."""
    rows = [(f"r{i:02}", d, "ideas", "2") for i, d in enumerate(DATES)]
    rows += [(f"v{i:02}", "2010-03-06", "ideas", v) for i, v in enumerate(VALUES)]
    with con.cursor() as cursor:
        cursor.executemany("INSERT INTO t VALUES (%s, %s, %s, %s)", rows)
    query = sql_totals(
        "t", COLUMNS, start=dt.date(2010, 1, 1), end=dt.date(2010, 12, 31), days=None,
        dialect="postgres",
    )  # fmt: skip
    got = con.execute(query).fetchall()
    # in 2010: r00 on 5 March and r13 on 30 April (2 each); on 6 March the whole values
    # within 2**31 that the SQL takes: v00 "1" and v03 "5." (1 + 5 = 6); 1e15 is whole but
    # beyond 2**31, -2.5, +.5 and 1e-99 are not whole: those go one by one
    assert sorted((g[4], g[5], g[6]) for g in got) == [
        (dt.date(2010, 3, 5), 1, 2), (dt.date(2010, 3, 6), 2, 6), (dt.date(2010, 4, 30), 1, 2),
    ]  # fmt: skip
