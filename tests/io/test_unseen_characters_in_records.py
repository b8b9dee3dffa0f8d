"""An id or a name holding a character the screen does not show is a located problem.

Regression: ``r5`` typed again with a zero-width space inside (``r\\u200b5``), a byte-order
mark, a line separator or a bidirectional override was read as a record of its own, with no
problem: the same reading counted twice, both lines reading alike. The characters no id,
name or party id holds (``UNSEEN_CLASS``: controls, line separators, Unicode's format
characters) are set once, in ``campaignkit._text``, and every reader follows them: the
record path, the polars and Arrow backends, the SQL of DuckDB and Spark.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from campaignkit import RecordError
from campaignkit._text import FORMAT_CLASS, UNSEEN_CLASS, unseen_name
from campaignkit.integrations import spark_rest_sql, spark_totals_sql, totals_of_rows
from campaignkit.io import RecordReader, _polars
from campaignkit.io._fields import FIELDS
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Held, Reading
from campaignkit.tracking._intake import ARROW_ID, plain_checks, plain_id, sql_plain
from support import ideas_in_march_2010

CAMPAIGN = ideas_in_march_2010()
DAY = dt.date(2010, 3, 5)

UNSEEN = {
    "zero width space": "r\u200b5",
    "zero width joiner": "r\u200d5",
    "byte-order mark": "r\ufeff5",
    "soft hyphen": "r\u00ad5",
    "right-to-left override": "r\u202e5",
    "line separator": "r\u20285",
    "next line": "r\x855",
    "tag letter": "r\U000e00415",
    "word joiner": "r\u20605",
}
SEEN = ["r 5", "r\u00a05", "长生-5", "r\u30005", "é5"]  # spaces and letters are seen


def test_the_format_class_is_unicodes() -> None:
    """FORMAT_CLASS holds every format character (Cf) of this Python's Unicode database and
    nothing else, and UNSEEN_CLASS adds the controls (Cc) and the separators (Zl, Zp)."""
    form, unseen = re.compile(f"[{FORMAT_CLASS}]"), re.compile(f"[{UNSEEN_CLASS}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        assert (form.match(char) is not None) == (category == "Cf"), hex(code)
        assert (unseen.match(char) is not None) == (category in ("Cc", "Cf", "Zl", "Zp")), hex(code)


@pytest.mark.parametrize(("what", "id"), UNSEEN.items())
def test_a_record_refuses_an_unseen_character_in_its_id(what: str, id: str) -> None:
    with pytest.raises(RecordError) as info:
        Reading(id=id, indicator="ideas", date=DAY, value=1)
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("$.id", "invalid-value")
    assert problem.message.startswith(f"'id' must not hold {unseen_name(id[1])} (at character 2;")
    assert not plain_id(id)


def test_the_message_names_what_it_found() -> None:
    with pytest.raises(RecordError, match=r"the invisible character U\+200B \(ZERO WIDTH SPACE\)"):
        Reading(id="r\u200b5", indicator="ideas", date=DAY, value=1)
    with pytest.raises(RecordError, match=r"a line break U\+2029 \(at character 3"):
        Reading(indicator="ideas", unit="to\u2029wn", date=DAY, value=1)
    with pytest.raises(RecordError, match=r"U\+FEFF \(ZERO WIDTH NO-BREAK SPACE\)"):
        Held(subject="weekly", date=DAY, present=("\ufeffana",))


@pytest.mark.parametrize("id", SEEN)
def test_spaces_and_letters_inside_an_id_are_taken(id: str) -> None:
    assert Reading(id=id, indicator="ideas", date=DAY, value=1).id == id


@pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
def test_every_backend_reports_each_line(tmp_path: Path, backend: str) -> None:
    """r5 counts once: each look-alike is reported at its line, on every backend."""
    lines = ["id,date,indicator,value", "r5,2010-03-05,ideas,5"]
    lines += [f"{id},2010-03-05,ideas,7" for id in UNSEEN.values()]
    lines.append("r6,2010-03-05,ide\u200bas,6")
    path = tmp_path / "l.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    reader = RecordReader(path, strict=False)
    acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[DAY], unique_ids=True)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    assert [(p.line, p.code) for p in reader.problems] == [
        (n, "invalid-value") for n in range(3, len(lines) + 1)
    ]
    result = acc.result(DAY)
    assert result.indicator("ideas").actual == 5.0  # r5 alone
    assert result.counts.used == 1


IDS = [*UNSEEN.values(), *SEEN, "r5"]
TAKEN = ["r 5", "r\u00a05", "r\u30005", "r5"]
"""The ids of :data:`IDS` the engines take: visible ASCII at both ends, nothing unseen (the
others with a letter beyond ASCII at an end, which the record path takes, they leave to it)."""


def test_the_engines_refuse_what_the_record_path_refuses() -> None:
    expected = [id in TAKEN for id in IDS]
    # polars: the checks of an id made from the intake rules
    checks = [
        c for c in plain_checks(["id", "date", "indicator", "value"]) or () if c.field == "id"
    ]
    expressions = [e for e in map(_polars._check, checks) if e is not None]
    by_polars = pl.DataFrame({"id": IDS}).select(pl.all_horizontal(expressions)).to_series()
    # Arrow (RE2): the id pattern of the arrow backend
    by_arrow = pc.match_substring_regex(pa.array(IDS), ARROW_ID).to_pylist()
    # DuckDB: the SQL of the intake rules
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id TEXT, date TEXT, indicator TEXT, value TEXT)")
    con.executemany("INSERT INTO t VALUES (?, '2010-03-05', 'ideas', '1')", [[i] for i in IDS])
    where = sql_plain(["id", "date", "indicator", "value"])
    by_sql = [bool(x) for (x,) in con.execute(f"SELECT {where} FROM t").fetchall()]
    assert by_polars.to_list() == by_arrow == by_sql == expected


def test_spark_sql_leaves_them_to_the_record_path() -> None:
    """The Spark query (run here by DuckDB) totals r5 alone and gives back every other row."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE ledger ({', '.join(f'{n} VARCHAR' for n in FIELDS)})")
    for id in IDS:
        row = dict.fromkeys(FIELDS, "") | {"id": id, "date": "2010-03-05", "value": "1"}
        row |= {"indicator": "ideas"}
        con.execute(
            f"INSERT INTO ledger VALUES ({', '.join('?' * len(FIELDS))})", list(row.values())
        )
    w = CAMPAIGN.window
    (group,) = totals_of_rows(con.sql(spark_totals_sql("ledger", w.start, w.end)).fetchall())
    rest = con.sql(spark_rest_sql("ledger", w.start, w.end)).fetchall()
    left = {r[list(FIELDS).index("id")] for r in rest}
    assert left == set(IDS) - set(TAKEN)
    assert group.readings == len(TAKEN)
