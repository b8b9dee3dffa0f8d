"""Benchmark: indicator progress from a large ledger file, against a pandas baseline.

A synthetic campaign: a district of 10 towns and 1,000 villages, one series cascaded to every
village with four indicators (``sum``, ``last``, ``max``, ``count``; some villages with their
own targets), one year (2010). A ledger of N readings on random villages and days, written as
CSV by campaignkit's own writer (every column), progress asked as of 2010-09-30.

- **campaignkit, streaming**: ``RecordReader(path).feed(Accumulator(campaign, schedule,
  days=[as_of]))`` then ``result(as_of)`` — the file is never held in memory; ids are checked
  (a repeated record counts once).
- **campaignkit, trusted ids**: the same with ``unique_ids=True`` (what a store's records
  allow): memory bounded by units × indicators.
- **campaignkit, 2 processes**: the file split in two at a line boundary, each half read by
  its own process into a trusted-ids accumulator, the two merged (what ``merge`` is for).
- **campaignkit, ledger**: ``progress(campaign, schedule, read_ledger(path), as_of)``, the
  simplest call, which builds the whole ledger first.
- **campaignkit, arrow**: ``feed(acc, backend="arrow")`` with trusted ids: pyarrow parses
  the file in chunks of whole lines, each chunk's readings are totalled per group in Arrow
  and the totals folded into the accumulator (the ``fast`` extra).
- **pandas**: what a user would write: ``read_csv``, keep readings dated in the window up to
  the day, drop repeated ids, sort by day and id, group by indicator and unit, take the sum,
  count, max or last value, join the targets, clip the completion to [0, 1].

The script checks that every contender gives the same actual and completion for every
(indicator, village) and prints wall-clock times (best of ``--repeat``), the ratio to pandas,
and peak memory, each contender in fresh processes of its own: tracemalloc's peak (Python
objects), Arrow's memory pool peak (which tracemalloc does not see), and how much the
process's resident set grew (everything, C libraries included). For reference it also times
the standard library's ``csv.reader`` alone going through the file: the floor of any
pure-Python reader. Run by hand (it is not a test)::

    python benchmarks/bench_progress.py --records 100000 1000000

(pandas and pyarrow: ``pip install 'campaignkit[bench,fast]'``.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import gc
import io
import math
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa

from campaignkit.io import Backend, RecordReader, read_ledger, write_records
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
        Unit(id=v, name=v, kind="village", parent=f"town-{i // 100}")
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


_SHARED: dict[str, Any] = {}  # the campaign and schedule, inherited by forked workers


def _half(args: tuple[str, int, int]) -> Accumulator:
    """Read one byte range of the file (whole lines) into a trusted-ids accumulator."""
    path, start, end = args
    acc = Accumulator(_SHARED["campaign"], _SHARED["schedule"], days=[AS_OF], unique_ids=True)
    with open(path, "rb") as f:
        header = f.readline()
        f.seek(max(start, len(header)))
        chunk = f.read(end - f.tell())
    reader = RecordReader(io.StringIO((header + chunk).decode("utf-8")), format="csv")
    reader.feed(acc, backend="python")
    return acc


def two_processes(path: Path, c: Campaign, s: Schedule) -> Answer:
    """Each half of the file in its own process (trusted ids), the two results merged."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(size // 2)
        f.readline()
        middle = f.tell()
    _SHARED.update(campaign=c, schedule=s)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        first, second = pool.map(_half, [(str(path), 0, middle), (str(path), middle, size)])
    first.merge(second)
    return answer_of(first.result(AS_OF))


def whole_ledger(path: Path, c: Campaign, s: Schedule) -> Answer:
    return answer_of(progress(c, s, read_ledger(path), AS_OF))


def pandas_baseline(path: Path, c: Campaign, s: Schedule) -> Answer:
    df = pd.read_csv(
        path,
        usecols=["id", "kind", "date", "indicator", "unit", "value"],
        dtype={"id": str, "kind": str, "date": str, "indicator": str, "unit": str, "value": float},
    )
    df = df[df["kind"] == "reading"]
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    df = df[(df["date"] >= pd.Timestamp(START)) & (df["date"] <= pd.Timestamp(AS_OF))]
    df = df.drop_duplicates("id")
    df = df.sort_values(["date", "id"])
    grouped = df.groupby(["indicator", "unit"])["value"]
    stats = grouped.agg(["sum", "count", "max", "last"]).reset_index()
    targets = []
    for item in c.series:
        for ind in item.indicators:
            for unit in c.cascade_units(item.cascade):
                t = ind.unit_targets.get(unit, ind.target)
                targets.append((ind.id, unit, ind.aggregate.value, ind.baseline, t))
    t = pd.DataFrame(targets, columns=["indicator", "unit", "aggregate", "baseline", "target"])
    m = stats.merge(t, on=["indicator", "unit"])
    pick = {"sum": "sum", "count": "count", "max": "max", "last": "last"}
    actual = m.apply(lambda r: r[pick[r["aggregate"]]], axis=1).astype(float)
    base = m["baseline"]
    actual = actual.where(~m["aggregate"].isin(["sum", "count"]), actual + base)
    completion = ((actual - base) / (m["target"] - base)).clip(0, 1)
    return {
        (i, u): (a, cp)
        for i, u, a, cp in zip(m["indicator"], m["unit"], actual, completion, strict=True)
    }


def parse_only(path: Path) -> Answer:
    """The floor of any pure-Python reader: the standard library's csv module, nothing else."""
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass
    return {}


CONTENDERS: dict[str, Callable[[Path, Campaign, Schedule], Answer]] = {
    "campaignkit streaming": streaming,
    "campaignkit trusted ids": trusted,
    "campaignkit 2 processes": two_processes,
    "campaignkit arrow": arrow,
    "campaignkit ledger": whole_ledger,
    "pandas": pandas_baseline,
}


def same(a: Answer, b: Answer) -> bool:
    if a.keys() != b.keys():
        return False
    return all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
        for key in a
        for x, y in zip(a[key], b[key], strict=True)
    )


def timed(fn: Callable[[], Answer], repeat: int) -> tuple[float, Answer]:
    best, result = math.inf, {}
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


class Memory(NamedTuple):
    """Peak memory of one contender, each figure from a fresh process of its own (MiB)."""

    heap: float  # Python objects, tracemalloc's peak
    pool: float  # Arrow's memory pool (tracemalloc does not see it)
    rss: float  # growth of the process's resident set: everything, C libraries included


def _memory_child(name: str, path: str, traced: bool) -> tuple[float, float]:
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
        heap, _ = pool.apply(_memory_child, (name, str(path), True))
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        rss, arrow_pool = pool.apply(_memory_child, (name, str(path), False))
    return Memory(heap, arrow_pool, rss)


def run(n: int, repeat: int, folder: Path, measure: bool, only: list[str] | None) -> None:
    c = build_campaign()
    s = schedule(c)
    path = folder / f"ledger-{n}.csv"
    if not path.exists():
        write_records(ledger(n), path)
    size = path.stat().st_size / 2**20
    print(
        f"\n{n:,} records ({size:.0f} MiB CSV), {VILLAGES} villages × {len(INDICATORS)} indicators"
    )
    results: dict[str, tuple[float, Answer, Memory | None]] = {}
    for name, fn in CONTENDERS.items():
        if only and name != "pandas" and name.removeprefix("campaignkit ") not in only:
            continue
        seconds, answer = timed(functools.partial(fn, path, c, s), repeat)
        mib = memory(name, path) if measure and "processes" not in name else None
        results[name] = (seconds, answer, mib)
    reference = results["pandas"]
    parse, _ = timed(lambda: parse_only(path), repeat)
    print(f"  {'(csv.reader alone)':26s} {parse:7.2f} s  {parse / reference[0]:5.2f}× pandas")
    for name, (seconds, answer, mib) in results.items():
        agree = "agrees" if same(answer, reference[1]) else "DISAGREES"
        memory_text = (
            f"heap {mib.heap:6.1f}  arrow pool {mib.pool:6.1f}  rss +{mib.rss:6.1f} MiB"
            if mib is not None
            else f"{'—':^48s}"
        )
        print(
            f"  {name:26s} {seconds:7.2f} s  {seconds / reference[0]:5.2f}× pandas  "
            f"{n / seconds / 1e3:7.0f} k rec/s  {memory_text}  {agree}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the memory runs (two fresh processes each)"
    )
    parser.add_argument("--folder", type=Path, help="where to keep the generated ledgers")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[name.removeprefix("campaignkit ") for name in CONTENDERS if name != "pandas"],
        help="time only these campaignkit contenders (pandas always runs: it is the reference)",
    )
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="campaignkit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"campaignkit progress benchmark (python {sys.version.split()[0]}, pandas {pd.__version__})"
    )
    for n in args.records:
        run(n, args.repeat, folder, not args.no_memory, args.only)


if __name__ == "__main__":
    main()
