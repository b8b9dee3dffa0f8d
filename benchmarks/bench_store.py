"""Benchmark: progress from a SQLite record store, totalled in SQL against record by record.

The campaign and ledger of ``bench_progress.py`` (1,000 villages, four indicators, N random
readings of 2010), appended to a :class:`~campaignkit.io.SQLiteStore` in batches of
100,000, then folded into an accumulator that trusts ids, as of 2010-09-30:

- **feed**: ``store.feed(accumulator)``, readings totalled in SQL per (indicator, village,
  mode, bucket of days);
- **records**: ``for record in store: accumulator.add(record)``, what any
  :class:`~campaignkit.io.RecordStore` allows.

The script checks both give the same answer for every (indicator, village) and prints the
seconds of each (best of ``--repeat``) and of the appends. Run by hand::

    python benchmarks/bench_store.py --records 100000 1000000
"""

from __future__ import annotations

import argparse
import itertools
import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_progress import AS_OF, Answer, answer_of, build_campaign, ledger, same

from campaignkit.io import SQLiteStore
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Accumulator


def fill(path: Path, n: int) -> float:
    """Append *n* readings to a new store at *path*; return the seconds it took."""
    t0 = time.perf_counter()
    with SQLiteStore(path) as store:
        readings = ledger(n)
        while batch := list(itertools.islice(readings, 100_000)):
            store.append(batch)
    return time.perf_counter() - t0


def feed(path: Path, c: Campaign, s: Schedule) -> Answer:
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    with SQLiteStore(path) as store:
        store.feed(acc)
    return answer_of(acc.result(AS_OF))


def records(path: Path, c: Campaign, s: Schedule) -> Answer:
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    with SQLiteStore(path) as store:
        for record in store:
            acc.add(record)
    return answer_of(acc.result(AS_OF))


def best(
    fn: Callable[[Path, Campaign, Schedule], Answer],
    repeat: int,
    path: Path,
    c: Campaign,
    s: Schedule,
) -> tuple[float, Answer]:
    seconds, answer = math.inf, {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        answer = fn(path, c, s)
        seconds = min(seconds, time.perf_counter() - t0)
    return seconds, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where to keep the stores")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="campaignkit-bench-"))
    c = build_campaign()
    s = schedule(c)
    print("| records | append s | records s | feed s | records / feed | same answer |")
    print("| ---: | ---: | ---: | ---: | ---: | :---: |")
    for n in args.records:
        path = folder / f"store-{n}.db"
        appended = fill(path, n) if not path.exists() else math.nan
        slow, expected = best(records, args.repeat, path, c, s)
        fast, answer = best(feed, args.repeat, path, c, s)
        agree = "yes" if same(answer, expected) else "NO"
        print(
            f"| {n:,} | {appended:.1f} | {slow:.2f} | {fast:.2f} | {slow / fast:.1f}× | {agree} |"
        )


if __name__ == "__main__":
    main()
