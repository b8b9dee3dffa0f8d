"""The Spark SQL totals query, run by DuckDB, folds to what the Python reader gives.

pyspark is not installed here: the query text is the one documented for Spark, and DuckDB
runs it unchanged on the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.integrations import (
    TOTALS_COLUMNS,
    spark_rest_sql,
    spark_totals_sql,
    totals_of_rows,
)
from campaignkit.io import FIELDS, RecordReader, record_from_fields
from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    GateCondition,
    Indicator,
    Phase,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Progress

D = dt.date
VILLAGES = ["v0", "v1", "v2"]
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2026, 3, 2), end=D(2026, 4, 30)),
    # a phase with an exit gate: its last day is tracked too, and the query parts by it
    phases=(
        Phase(
            id="first",
            name="First",
            start=D(2026, 3, 2),
            end=D(2026, 3, 20),
            gate=(GateCondition(indicator="visits", completion=0.5),),
        ),
    ),
    units=(Unit(id="town", name="Town"), *(Unit(id=v, name=v, parent="town") for v in VILLAGES)),
    series=(
        ActivitySeries(
            id="s",
            name="S",
            cascade=Cascade(units=tuple(VILLAGES)),
            indicators=(
                Indicator(id="visits", name="Visits", target=50),
                Indicator(id="level", name="Level", target=90, aggregate="last"),
                Indicator(id="peak", name="Peak", target=90, aggregate="max"),
            ),
        ),
    ),
)
SCHEDULE = schedule(CAMPAIGN)


def _row(rnd: random.Random, i: int) -> dict[str, str]:
    """A reading row; most plain, some the query must leave to the record path (a value
    written ``+3`` or ``2.5``, a date out of the window, an unknown village or indicator,
    an assumed flag written ``yes``, a note, a cumulative mode on a sum)."""
    day = CAMPAIGN.window.start + dt.timedelta(days=rnd.randrange(-3, 63))
    row = dict.fromkeys(FIELDS, "")
    indicator = rnd.choice(["visits", "level", "peak"])
    row |= {
        "id": f"r{i:05d}",
        "kind": rnd.choice(["", "reading"]),
        "date": day.isoformat(),
        "indicator": indicator,
        "unit": rnd.choice(VILLAGES),
        "value": str(rnd.randrange(0, 40)),
        "assumed": rnd.choice(["", "false", "true"]),
    }
    oddity = rnd.random()
    if oddity < 0.04:
        row["value"] = "+3"
    elif oddity < 0.08:
        row["value"] = "2.5"
    elif oddity < 0.1:
        row["unit"] = "nowhere"
    elif oddity < 0.12:
        row["indicator"] = "unknown"
    elif oddity < 0.14:
        row["assumed"] = "yes"
    elif oddity < 0.16:
        row["note"] = "checked, twice"
    elif oddity < 0.18:
        row["mode"] = "cumulative"
    return row


def _fold_by_sql(con: duckdb.DuckDBPyConnection, days: list[dt.date] | None) -> Accumulator:
    """What the documented recipe does: totals by the query, the rest as records."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=days, unique_ids=True)
    w = CAMPAIGN.window
    query = spark_totals_sql("ledger", w.start, w.end, acc.tracked_days)
    totals = totals_of_rows(con.sql(query).fetchall())
    taken = [g for g in totals if acc.totals_lane(g.indicator, g.unit, g.mode) == "totals"]
    refused = {(g.indicator, g.unit, g.mode) for g in totals} - {
        (g.indicator, g.unit, g.mode) for g in taken
    }
    assert acc.fold_totals(taken)
    rest = con.sql(spark_rest_sql("ledger", w.start, w.end, refused) + " ORDER BY id")
    names = rest.columns
    for values in rest.fetchall():
        fields = {n: v for n, v in zip(names, values, strict=True) if v not in (None, "")}
        acc.add(record_from_fields(fields))
    return acc


def _ledger(tmp_path: Path, rows: list[dict[str, str]]) -> tuple[Path, duckdb.DuckDBPyConnection]:
    path = tmp_path / "ledger.csv"
    lines = [",".join(FIELDS)]
    lines += [",".join(f'"{r[n]}"' if "," in r[n] else r[n] for n in FIELDS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE ledger AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
        [str(path)],
    )
    return path, con


def _python(path: Path, days: list[dt.date] | None) -> Accumulator:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=days, unique_ids=True)
    RecordReader(path, strict=False).feed(acc, backend="python")
    return acc


def _results(acc: Accumulator, days: list[dt.date]) -> tuple[Progress, ...]:
    return acc.results(days)


class TestTotalsQuery:
    def test_a_small_ledger_by_hand(self, tmp_path: Path) -> None:
        """Three plain visits to v1 (3 + 4 + 5 = 12) and one written +3, which the query
        leaves out and the record path adds: 15, the same as the Python reader."""
        rows = []
        for i, (day, value) in enumerate([(3, "3"), (4, "4"), (5, "5"), (6, "+3")]):
            row = dict.fromkeys(FIELDS, "")
            row |= {"id": f"r{i}", "date": f"2026-03-0{day}", "indicator": "visits"}
            rows.append(row | {"unit": "v1", "value": value})
        path, con = _ledger(tmp_path, rows)
        day = [D(2026, 3, 9)]  # one bucket: every reading up to 9 March
        query = spark_totals_sql("ledger", D(2026, 3, 2), D(2026, 4, 30), day)
        (group,) = totals_of_rows(con.sql(query).fetchall())
        assert (group.readings, group.total, group.last_id, group.last) == (
            3,
            12,
            "r2",
            D(2026, 3, 5),
        )
        got = _fold_by_sql(con, day).result(day[0])
        (v1,) = (u for u in got.indicator("visits").units if u.unit == "v1")
        assert v1.actual == 15
        assert got == _python(path, day).result(day[0])

    def test_an_id_with_a_control_character_is_left_to_the_record_path(self) -> None:
        """Regression: the query totalled a row whose id holds a control character between
        visible ends (``r\\x1b1``), which the record path refuses; it is left out, and
        the query of the rest gives it back."""
        con = duckdb.connect()
        con.execute(f"CREATE TABLE ledger ({', '.join(f'{n} VARCHAR' for n in FIELDS)})")
        for id, value in (("r0", "3"), ("r\x1b1", "4"), ("r\x002", "5")):
            row = dict.fromkeys(FIELDS, "") | {"id": id, "date": "2026-03-03", "value": value}
            row |= {"indicator": "visits", "unit": "v1"}
            con.execute(
                f"INSERT INTO ledger VALUES ({', '.join('?' * len(FIELDS))})", list(row.values())
            )
        w = CAMPAIGN.window
        (group,) = totals_of_rows(con.sql(spark_totals_sql("ledger", w.start, w.end)).fetchall())
        assert (group.readings, group.total) == (1, 3)
        rest = con.sql(spark_rest_sql("ledger", w.start, w.end)).fetchall()
        assert sorted(r[list(FIELDS).index("id")] for r in rest) == ["r\x002", "r\x1b1"]

    def test_the_columns(self) -> None:
        """The query's columns are TOTALS_COLUMNS, in order."""
        con = duckdb.connect()
        con.execute(f"CREATE TABLE ledger ({', '.join(f'{n} VARCHAR' for n in FIELDS)})")
        query = spark_totals_sql("ledger", D(2026, 3, 2), D(2026, 4, 30), [D(2026, 3, 9)])
        assert tuple(con.sql(query).columns) == TOTALS_COLUMNS

    @settings(max_examples=25, deadline=None)
    @given(
        st.integers(0, 400),
        st.randoms(use_true_random=False),
        st.lists(st.dates(D(2026, 3, 1), D(2026, 5, 2)), min_size=1, max_size=4),
    )
    def test_sql_totals_equal_the_python_reader(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        n: int,
        rnd: random.Random,
        days: list[dt.date],
    ) -> None:
        """Any ledger of such rows, any tracked days: totals by the query plus the rest as
        records give exactly the Python reader's progress, problems included."""
        rows = [_row(rnd, i) for i in range(n)]
        path, con = _ledger(tmp_path_factory.mktemp("sql"), rows)
        wanted = sorted(set(days))
        assert _results(_fold_by_sql(con, wanted), wanted) == _results(
            _python(path, wanted), wanted
        )
