"""Benchmark: indicator progress from a large ledger file, against the engines a user would
otherwise reach for.

A synthetic campaign: a district of 10 towns and ``--villages`` villages (1,000 by default:
4,000 (indicator, village) groups; 10,000 gives 40,000), one series cascaded to every
village with four indicators (``sum``, ``last``, ``max``, ``count``; some villages with their
own targets), one year (2010). A ledger of N readings on random villages and days, written as
CSV by campaignkit's own writer (every column), progress asked as of 2010-09-30.

campaignkit contenders (``RecordReader(path).feed(Accumulator(campaign, schedule,
days=[as_of], ...))`` then ``result(as_of)``):

- **polars**: ``backend="polars"`` with trusted ids (``unique_ids=True``): one streaming
  polars query checks every row and totals the readings per group (the ``fast`` extra; what
  ``backend="auto"`` takes when polars is installed).
- **arrow**: ``backend="arrow"``, trusted ids: pyarrow parses chunks, totals each in Arrow.
- **trusted ids**: the pure-Python reader, ``unique_ids=True``: memory bounded by units ×
  indicators.
- **streaming**: the pure-Python reader with ids checked (a repeated record counts once).
- **trusted ids, 2 workers**: the same reader with ``workers=2``: the file cut in two at a
  line break, this process and a child process reading a part each, the two merged.
- **ledger**: ``progress(campaign, schedule, read_ledger(path), as_of)``.

Baselines, each doing the same aggregation on the same file (ids trusted, as above: no
de-duplication): keep the readings dated in the window up to the day, group by indicator and
village, take the sum, count, maximum and the value of the latest (date, id); the targets
are then joined and the completion clipped to [0, 1] by one shared Python function.

- **pandas**: ``read_csv`` of the needed columns only (C engine), **pandas pyarrow**: the same
  with ``engine="pyarrow"``;
- **polars lazy**: ``scan_csv`` → ``filter`` → ``group_by`` → ``agg``, streaming;
- **DuckDB**: one SQL query over ``read_csv``.

Rounds are interleaved (every contender once per round, ``--repeat`` rounds); each gets its
minimum and median, and the ratio of its minimum to the strongest baseline's. Every
contender's answer is checked against the first baseline's. Memory (``--memory``) is measured
for each campaignkit contender in fresh processes: tracemalloc's peak, Arrow's pool peak and
the growth of the resident set. Run by hand (it is not a test)::

    python benchmarks/bench_progress.py --records 1000000 --villages 1000 10000

(``--feed`` times the polars backend's and the trusted-ids reader's feeds alone too, without
building the progress tree: polars lazy's answer is a table of groups, campaignkit's a whole
tree. ``--checked`` times, as references beside the baselines, polars lazy checking every
row as campaignkit does before trusting a total, and the leanest such query found: what the
checks themselves cost. ``--parts`` times the polars backend's own query in parts, nothing
folded: grouped without a check, the checks alone, the whole query.)

(``pip install -e '.[bench,fast]'``: pandas, pyarrow, polars and DuckDB.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import math
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa

from campaignkit.io import Backend, RecordReader, read_ledger, write_records
from campaignkit.io import _polars as backend  # noqa: PLC2701  (its query, timed in parts)
from campaignkit.model import ActivitySeries, Campaign, Cascade, Indicator, Unit, Window
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Accumulator, Reading, progress

START, END = dt.date(2010, 1, 1), dt.date(2010, 12, 31)
AS_OF = dt.date(2010, 9, 30)
VILLAGES = 1000
INDICATORS = (
    ("visits", "sum", 400.0),
    ("households", "last", 800.0),
    ("peak-attendance", "max", 120.0),
    ("reports", "count", 60.0),
)

Answer = dict[tuple[str, str], tuple[float, float]]  # (indicator, unit) -> (actual, completion)


def build_campaign() -> Campaign:
    """1 district, 10 towns, 1,000 villages; one series cascaded to the villages."""
    units = [Unit(id="district", name="District", kind="district")]
    units += [
        Unit(id=f"town-{t}", name=f"Town {t}", kind="town", parent="district") for t in range(10)
    ]
    villages = [f"village-{v:04d}" for v in range(VILLAGES)]
    units += [
        Unit(id=v, name=v, kind="village", parent=f"town-{i * 10 // VILLAGES}")
        for i, v in enumerate(villages)
    ]
    indicators = tuple(
        Indicator(
            id=id,
            name=id,
            target=target,
            aggregate=aggregate,
            unit_targets=dict.fromkeys(villages[::7], target / 2),
        )
        for id, aggregate, target in INDICATORS
    )
    series = ActivitySeries(
        id="drive", name="Drive", cascade=Cascade(units=tuple(villages)), indicators=indicators
    )
    return Campaign(
        id="bench",
        name="Bench",
        window=Window(start=START, end=END),
        units=tuple(units),
        series=(series,),
    )


def ledger(n: int, seed: int = 7) -> Iterator[Reading]:
    """n readings on random villages and days, each with its own id."""
    rnd = random.Random(seed)
    days = (END - START).days + 1
    for i in range(n):
        id, aggregate, _ = INDICATORS[rnd.randrange(len(INDICATORS))]
        value = {
            "sum": rnd.randint(0, 20),
            "last": rnd.randint(0, 1000),
            "max": rnd.randint(0, 150),
            "count": 1,
        }[aggregate]
        yield Reading(
            id=f"r{i:07d}",
            indicator=id,
            unit=f"village-{rnd.randrange(VILLAGES):04d}",
            date=START + dt.timedelta(days=rnd.randrange(days)),
            value=value,
        )


# -- contenders --------------------------------------------------------------------------------


def answer_of(p: Any) -> Answer:
    out: Answer = {}
    for ind in p.indicators():
        for u in ind.units:
            if u.readings:
                out[(ind.id, u.unit)] = (u.actual, u.completion)
    return out


def streaming(
    path: Path, c: Campaign, s: Schedule, unique_ids: bool = False, backend: Backend = "python"
) -> Answer:
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=unique_ids)
    RecordReader(path).feed(acc, backend=backend)
    return answer_of(acc.result(AS_OF))


def trusted(path: Path, c: Campaign, s: Schedule) -> Answer:
    return streaming(path, c, s, unique_ids=True)


def arrow(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The columnar backend (pyarrow): trusted ids, batches folded a group at a time."""
    return streaming(path, c, s, unique_ids=True, backend="arrow")


def two_workers(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The pure-Python reader in two processes (``workers=2``), ids trusted."""
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    RecordReader(path).feed(acc, backend="python", workers=2)
    return answer_of(acc.result(AS_OF))


def whole_ledger(path: Path, c: Campaign, s: Schedule) -> Answer:
    return answer_of(progress(c, s, read_ledger(path), AS_OF))


def polars_backend(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The polars backend (the fast extra): trusted ids, one query, totals folded."""
    return streaming(path, c, s, unique_ids=True, backend="polars")


Stats = list[tuple[str, str, float, int, float, float]]
"""(indicator, unit, sum, count, max, value of the latest (date, id)) per group."""


def finish(stats: Stats, c: Campaign) -> Answer:
    """The baselines' common last step: actual and completion from the group statistics."""
    plan: dict[tuple[str, str], tuple[str, float, float]] = {}
    for item in c.series:
        for ind in item.indicators:
            for unit in c.cascade_units(item.cascade):
                target = ind.unit_targets.get(unit, ind.target)
                plan[(ind.id, unit)] = (ind.aggregate.value, ind.baseline, target)
    out: Answer = {}
    for indicator, unit, total, count, top, last in stats:
        if (indicator, unit) not in plan:
            continue
        aggregate, base, target = plan[(indicator, unit)]
        actual = {"sum": total + base, "count": count + base, "max": top, "last": last}[aggregate]
        out[(indicator, unit)] = (float(actual), min(max((actual - base) / (target - base), 0), 1))
    return out


_COLUMNS = ["id", "kind", "date", "indicator", "unit", "value"]


def _pandas(path: Path, c: Campaign, engine: Any) -> Answer:
    df = pd.read_csv(
        path,
        usecols=_COLUMNS,
        dtype={"id": str, "kind": str, "date": str, "indicator": str, "unit": str, "value": float},
        engine=engine,
    )
    df = df[df["kind"] == "reading"]
    df = df[(df["date"] >= START.isoformat()) & (df["date"] <= AS_OF.isoformat())]
    df = df.sort_values(["date", "id"])
    stats = df.groupby(["indicator", "unit"])["value"].agg(["sum", "count", "max", "last"])
    rows = stats.itertuples(index=False)
    return finish([(i, u, *row) for (i, u), row in zip(stats.index, rows, strict=True)], c)


def pandas_baseline(path: Path, c: Campaign, s: Schedule) -> Answer:
    """pandas, the needed columns only, its C parser."""
    return _pandas(path, c, "c")


def pandas_pyarrow(path: Path, c: Campaign, s: Schedule) -> Answer:
    """pandas, the needed columns only, parsed by pyarrow."""
    return _pandas(path, c, "pyarrow")


def polars_lazy(path: Path, c: Campaign, s: Schedule) -> Answer:
    """polars: scan_csv -> filter -> group_by -> agg, streaming."""
    latest = [pl.col("date"), pl.col("id")]
    stats = (
        pl.scan_csv(path, schema_overrides={"id": pl.String, "unit": pl.String})
        .select(_COLUMNS)
        .filter(
            (pl.col("kind") == "reading")
            & pl.col("date").str.to_date("%Y-%m-%d").is_between(START, AS_OF)
        )
        .group_by("indicator", "unit")
        .agg(
            pl.col("value").sum().alias("sum"),
            pl.len().alias("count"),
            pl.col("value").max().alias("max"),
            pl.col("value").sort_by(latest).last().alias("last"),
        )
        .collect(engine="streaming")
    )
    return finish(stats.rows(), c)


_CHECKED_ID = r"\A[!-&(-~](?:[^\x00]*[!-~])?\z"  # no space at either end, no leading '
_EMPTY = ("subject", "present", "absent", "excused", "note")


_DAY = pl.col("date").str.to_date("%Y-%m-%d", strict=False)
_VALUE = pl.col("value").cast(pl.Float64, strict=False)


def _words_and_id() -> Any:
    """The checks both references make alike: the kind, mode and flag among their words,
    no space at either end of an id (nor a leading apostrophe), a finite value within 10^15."""
    return (
        pl.col("kind").is_in(["", "reading"])
        & pl.col("mode").is_in(["", "increment", "cumulative"])
        & pl.col("assumed").is_in(["", "false", "true"])
        & pl.col("id").str.contains(_CHECKED_ID)
        & (_VALUE.abs() <= 1e15)
    )


def _checked(path: Path, c: Campaign, plain: Any, last: Any, *more: Any) -> Answer:
    """Every column read as text with quotes off (a quoted field fails the checks); the rows
    that pass *plain* and fall in the window up to the day grouped as by polars lazy (the
    latest value by *last*), the others counted; the file refused when a row fails or an
    aggregate of *more* (a check of a group) is not 0."""
    stats = (
        pl.scan_csv(path, infer_schema=False, quote_char=None, empty_string_is_null=False)
        .with_columns(
            plain.fill_null(value=False).alias("plain"), _DAY.is_between(START, AS_OF).alias("used")
        )
        .group_by("indicator", "unit", "used")
        .agg(
            (~pl.col("plain")).sum().alias("bad"),
            *more,
            _VALUE.sum().alias("sum"),
            pl.len().alias("count"),
            _VALUE.max().alias("max"),
            last.alias("last"),
        )
        .collect(engine="streaming")
    )
    if stats["bad"].sum() or any(stats[e.meta.output_name()].max() for e in more):
        raise ValueError("a row is not a plain reading")
    used = stats.filter(pl.col("used")).select("indicator", "unit", "sum", "count", "max", "last")
    return finish(used.rows(), c)


def polars_checked(path: Path, c: Campaign, s: Schedule) -> Answer:
    """polars lazy, every row checked before any total is trusted: what a careful user adds
    to be told of a bad row rather than to total it (a kind, mode or flag of another word,
    a filled column a reading leaves empty, an id with spaces at an end, a date not
    ``YYYY-MM-DD``, a value that is not a finite number within 10^15)."""
    plain = (
        _words_and_id()
        & pl.all_horizontal([pl.col(name).str.len_bytes() == 0 for name in _EMPTY])
        & pl.col("date").str.contains(r"\A\d{4}-\d{2}-\d{2}\z")
        & _DAY.is_not_null()
    )
    return _checked(path, c, plain, _VALUE.sort_by([pl.col("date"), pl.col("id")]).last())


def polars_fewest_checks(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The leanest checked polars query found: a date by its width and its parse, the five
    columns a reading leaves empty by their widest text a group rather than row by row, the
    latest reading by ``max_by`` of a struct rather than a sort. What a backend that checks
    every row before it trusts a total pays at least."""
    plain = _words_and_id() & (pl.col("date").str.len_bytes() == 10) & _DAY.is_not_null()
    widest = pl.max_horizontal(*(pl.col(n).str.len_bytes() for n in _EMPTY)).max()
    latest = _VALUE.max_by(pl.struct(pl.col("date"), pl.col("id")))
    return _checked(path, c, plain, latest, widest.alias("empty"))


def duckdb_sql(path: Path, c: Campaign, s: Schedule) -> Answer:
    """DuckDB: one query over read_csv."""
    query = f"""
        SELECT indicator, unit, sum(value), count(*), max(value), arg_max(value, (date, id))
        FROM read_csv('{path}', columns = {{'id': 'VARCHAR', 'kind': 'VARCHAR',
            'date': 'DATE', 'subject': 'VARCHAR', 'indicator': 'VARCHAR', 'unit': 'VARCHAR',
            'value': 'DOUBLE', 'mode': 'VARCHAR', 'present': 'VARCHAR', 'absent': 'VARCHAR',
            'excused': 'VARCHAR', 'note': 'VARCHAR', 'assumed': 'VARCHAR'}}, header = true)
        WHERE kind = 'reading' AND date BETWEEN DATE '{START}' AND DATE '{AS_OF}'
        GROUP BY indicator, unit
    """
    with duckdb.connect() as con:
        return finish(con.execute(query).fetchall(), c)


def parse_only(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The floor of any pure-Python reader: the standard library's csv module, nothing else."""
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass
    return {}


def polars_feed_only(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The polars backend's feed alone: the readings folded, no progress tree built."""
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    RecordReader(path).feed(acc, backend="polars")
    return {}


def trusted_feed_only(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The pure-Python reader's feed alone (ids trusted): no progress tree built."""
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    RecordReader(path).feed(acc, backend="python")
    return {}


def _backend_rows(path: Path, c: Campaign, s: Schedule) -> Any:
    """The polars backend's own lazy query of the rows of *path*, each with its checks."""
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    names = backend._header(str(path))  # noqa: SLF001
    query = backend._query(str(path), names, backend.plain_checks(names), acc)  # noqa: SLF001
    return query, names


def backend_query(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The polars backend's query alone: every row checked and grouped, nothing folded."""
    rows, names = _backend_rows(path, c, s)
    backend._groups(rows, names, backend.plain_checks(names))  # noqa: SLF001
    return {}


def backend_unchecked(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The backend's query grouping what polars lazy groups (count, first and last day,
    sum, maximum), with no check of a row."""
    rows, _ = _backend_rows(path, c, s)
    rows.group_by("indicator", "unit", "mode", "bucket").agg(
        pl.len(),
        pl.col("day").min().alias("first"),
        pl.col("day").max().alias("last"),
        pl.col("v").sum().alias("total"),
        pl.col("v").max().alias("maximum"),
    ).collect(engine="streaming")
    return {}


def backend_checks(path: Path, c: Campaign, s: Schedule) -> Answer:
    """The backend's checks of a plain reading alone, over every row, nothing grouped."""
    rows, _ = _backend_rows(path, c, s)
    rows.select(pl.col("plain").sum()).collect(engine="streaming")
    return {}


CONTENDERS: dict[str, Callable[[Path, Campaign, Schedule], Answer]] = {
    "campaignkit polars": polars_backend,
    "campaignkit arrow": arrow,
    "campaignkit trusted ids": trusted,
    "campaignkit streaming": streaming,
    "campaignkit trusted ids, 2 workers": two_workers,
    "campaignkit ledger": whole_ledger,
}
BASELINES: dict[str, Callable[[Path, Campaign, Schedule], Answer]] = {
    "polars lazy": polars_lazy,
    "DuckDB": duckdb_sql,
    "pandas": pandas_baseline,
    "pandas pyarrow": pandas_pyarrow,
}


def same(a: Answer, b: Answer) -> bool:
    if a.keys() != b.keys():
        return False
    return all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
        for key in a
        for x, y in zip(a[key], b[key], strict=True)
    )


class Memory(NamedTuple):
    """Peak memory of one contender, each figure from a fresh process of its own (MiB)."""

    heap: float  # Python objects, tracemalloc's peak
    pool: float  # Arrow's memory pool (tracemalloc does not see it)
    rss: float  # growth of the process's resident set: everything, C libraries included


def _memory_child(name: str, path: str, traced: bool, villages: int) -> tuple[float, float]:
    global VILLAGES
    VILLAGES = villages  # a spawned process starts from the module's own default
    c = build_campaign()
    s = schedule(c)
    fn = CONTENDERS[name]
    gc.collect()
    if traced:
        tracemalloc.start()
        fn(Path(path), c, s)
        return tracemalloc.get_traced_memory()[1] / 2**20, 0.0
    before = _high_water()
    fn(Path(path), c, s)
    return _high_water() - before, pa.default_memory_pool().max_memory() / 2**20


def _high_water() -> float:
    """The process's peak resident set so far (MiB): Linux's VmHWM, which starts afresh in a
    spawned process (``ru_maxrss`` keeps the forking parent's across exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def memory(name: str, path: Path) -> Memory:
    """Run the contender twice in fresh processes: once under tracemalloc, once without
    (tracemalloc's own bookkeeping would swell the resident set)."""
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        heap, _ = pool.apply(_memory_child, (name, str(path), True, VILLAGES))
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        rss, arrow_pool = pool.apply(_memory_child, (name, str(path), False, VILLAGES))
    return Memory(heap, arrow_pool, rss)


def run(args: argparse.Namespace, n: int, folder: Path) -> None:
    c = build_campaign()
    s = schedule(c)
    path = folder / f"ledger-{n}-{VILLAGES}.csv"
    if not path.exists():
        write_records(ledger(n), path)
    size = path.stat().st_size / 2**20
    groups = VILLAGES * len(INDICATORS)
    print(f"\n{n:,} records ({size:.0f} MiB CSV), {groups:,} groups")
    chosen = {
        name: fn
        for name, fn in CONTENDERS.items()
        if not args.only or name.removeprefix("campaignkit ") in args.only
    }
    everyone = {**BASELINES, **chosen}
    if args.parse:
        everyone["(csv.reader alone)"] = parse_only
    if args.feed:
        everyone["(campaignkit polars, feed alone)"] = polars_feed_only
        everyone["(campaignkit trusted ids, feed alone)"] = trusted_feed_only
    if args.checked:
        everyone["(polars lazy, rows checked)"] = polars_checked
        everyone["(polars lazy, fewest checks)"] = polars_fewest_checks
    if args.parts:
        everyone["(campaignkit polars: query, nothing checked)"] = backend_unchecked
        everyone["(campaignkit polars: checks alone)"] = backend_checks
        everyone["(campaignkit polars: query)"] = backend_query
    times: dict[str, list[float]] = {name: [] for name in everyone}
    answers: dict[str, Answer] = {}
    for _ in range(args.repeat):  # interleaved: every contender once a round
        for name, fn in everyone.items():
            gc.collect()
            t0 = time.perf_counter()
            answers[name] = fn(path, c, s)
            times[name].append(time.perf_counter() - t0)
    strongest = min(BASELINES, key=lambda name: min(times[name]))
    best = min(times[strongest])
    reference = answers["polars lazy"]
    print(f"  strongest baseline: {strongest} ({best:.2f} s)")
    print("| contender | min s | median s | × strongest | records/s | same answer |")
    print("| --- | ---: | ---: | ---: | ---: | :---: |")
    for name, seconds in times.items():
        agree = (
            "—"
            if "feed alone" in name or "csv.reader" in name or "campaignkit polars:" in name
            else "yes"
            if same(answers[name], reference)
            else "NO"
        )
        print(
            f"| {name} | {min(seconds):.2f} | {statistics.median(seconds):.2f} | "
            f"{min(seconds) / best:.2f} | {n / min(seconds) / 1e3:,.0f} k | {agree} |"
        )
    if args.memory:
        print("| contender | heap MiB | Arrow pool MiB | RSS growth MiB |")
        print("| --- | ---: | ---: | ---: |")
        for name in chosen:
            if "processes" not in name:
                mib = memory(name, path)
                print(f"| {name} | {mib.heap:.1f} | {mib.pool:.1f} | {mib.rss:.1f} |")


def main() -> None:
    global VILLAGES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000])
    parser.add_argument(
        "--villages", type=int, nargs="+", default=[1000], help="4 groups (indicators) each"
    )
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--memory", action="store_true", help="measure peak memory too")
    parser.add_argument("--parse", action="store_true", help="time csv.reader alone too")
    parser.add_argument(
        "--feed",
        action="store_true",
        help="time the polars and trusted-ids feeds alone too (no progress tree)",
    )
    parser.add_argument(
        "--checked",
        action="store_true",
        help="time polars lazy with every row checked too (a reference, not a baseline)",
    )
    parser.add_argument(
        "--parts",
        action="store_true",
        help="time the polars backend's query in parts too: grouped without checks, the "
        "checks alone, the whole query",
    )
    parser.add_argument("--folder", type=Path, help="where to keep the generated ledgers")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[name.removeprefix("campaignkit ") for name in CONTENDERS],
        help="time only these campaignkit contenders (the baselines always run)",
    )
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="campaignkit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"campaignkit progress benchmark (python {sys.version.split()[0]}, pandas "
        f"{pd.__version__}, pyarrow {pa.__version__}, polars {pl.__version__}, "
        f"DuckDB {duckdb.__version__})"
    )
    for villages in args.villages:
        VILLAGES = villages
        for n in args.records:
            run(args, n, folder)


if __name__ == "__main__":
    main()
