"""Benchmark: progress from a record store, totalled in SQL against record by record.

The campaign and ledger of ``bench_progress.py`` (1,000 villages, four indicators, N random
readings of 2010), appended to a store in batches of 100,000 — a
:class:`~campaignkit.io.SQLiteStore` file, a :class:`~campaignkit.io.DuckDBStore` file and,
given ``--postgres DSN``, a :class:`~campaignkit.io.PostgresStore` (in a new schema of that
database, dropped afterwards) — then folded into an accumulator that trusts ids, as of
2010-09-30:

- **feed**: ``store.feed(accumulator)``, readings totalled in SQL per (indicator, village,
  mode, bucket of days);
- **records**: ``for record in store: accumulator.add(record)``, what any
  :class:`~campaignkit.io.RecordStore` allows.

The script checks both give the same answer for every (indicator, village) and prints the
seconds of each (best of ``--repeat``) and of the appends. Run by hand::

    python benchmarks/bench_store.py --records 100000 1000000 --postgres "host=/run/postgresql"
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_progress import AS_OF, Answer, answer_of, build_campaign, ledger, same

from campaignkit.io import DuckDBStore, PostgresStore, SQLiteStore
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Accumulator

Opener = Callable[[], Any]


def fill(open_store: Opener, n: int) -> float:
    """Append *n* readings to a new store; return the seconds it took."""
    t0 = time.perf_counter()
    with open_store() as store:
        readings = ledger(n)
        while batch := list(itertools.islice(readings, 100_000)):
            store.append(batch)
    return time.perf_counter() - t0


def feed(open_store: Opener, c: Campaign, s: Schedule) -> Answer:
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    with open_store() as store:
        store.feed(acc)
    return answer_of(acc.result(AS_OF))


def records(open_store: Opener, c: Campaign, s: Schedule) -> Answer:
    acc = Accumulator(c, s, days=[AS_OF], unique_ids=True)
    with open_store() as store:
        for record in store:
            acc.add(record)
    return answer_of(acc.result(AS_OF))


def best(
    fn: Callable[[Opener, Campaign, Schedule], Answer],
    repeat: int,
    open_store: Opener,
    c: Campaign,
    s: Schedule,
) -> tuple[float, Answer]:
    seconds, answer = math.inf, {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        answer = fn(open_store, c, s)
        seconds = min(seconds, time.perf_counter() - t0)
    return seconds, answer


def openers(folder: Path, n: int, postgres: str | None) -> dict[str, Opener]:
    """How to open the store of *n* records of each kind."""
    found: dict[str, Opener] = {
        "SQLite": lambda: SQLiteStore(folder / f"store-{n}.db"),
        "DuckDB": lambda: DuckDBStore(folder / f"store-{n}.duckdb"),
    }
    if postgres:
        schema = f"campaignkit_bench_{n}_{os.getpid()}"
        dsn = f"{postgres} options='-c search_path={schema}'"
        with PostgresStore(postgres) as admin:
            admin.connection.execute(f"CREATE SCHEMA {schema}")
        found["PostgreSQL"] = lambda: PostgresStore(dsn)
    return found


def drop_schemas(postgres: str, sizes: list[int]) -> None:
    with PostgresStore(postgres) as admin:
        for n in sizes:
            schema = f"campaignkit_bench_{n}_{os.getpid()}"
            admin.connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where to keep the store files")
    parser.add_argument("--postgres", help="a PostgreSQL connection string, to measure it too")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="campaignkit-bench-"))
    c = build_campaign()
    s = schedule(c)
    print("| store | records | append s | records s | feed s | records / feed | same answer |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | :---: |")
    try:
        for n in args.records:
            for kind, open_store in openers(folder, n, args.postgres).items():
                with open_store() as store:
                    empty = len(store) == 0
                appended = fill(open_store, n) if empty else math.nan
                slow, expected = best(records, args.repeat, open_store, c, s)
                fast, answer = best(feed, args.repeat, open_store, c, s)
                agree = "yes" if same(answer, expected) else "NO"
                print(
                    f"| {kind} | {n:,} | {appended:.1f} | {slow:.2f} | {fast:.2f}"
                    f" | {slow / fast:.1f}× | {agree} |",
                    flush=True,
                )
    finally:
        if args.postgres:
            drop_schemas(args.postgres, args.records)


if __name__ == "__main__":
    main()
