"""Benchmark: making the situation report of 2,000 villages, against computing the progress once.

The campaign is ``examples/county``: a county of 20 towns and 2,000 villages, a sanitation
drive and a weekly village meeting both cascaded to every village, 500,000 readings and the
meetings held (generated from a seed, so every run measures the same files), reported as
of 2010-07-16. Each contender starts from the loaded campaign and its schedule and reads the
records file itself, as ``campaignkit progress`` and ``campaignkit report`` do (ids checked):

- **progress once**: ``RecordReader(path).feed(Accumulator(campaign, plan, days=[as_of]))``,
  then ``result(as_of)``: what one progress computation costs;
- **report**: the same reading into an accumulator tracking the burn-up's days
  (``burnup_days``: every seventh day, the last day and the report's day), ``results`` of
  every one of them in one sweep, then ``report_files`` (HTML with its charts, heatmaps and
  league tables, and the CSV tables) given what the accumulator found of each meeting
  (``recorded``) for the Gantt chart and the burn-up, as the command does;
- and the two parts of the report apart: **report: series** (reading and every day's
  progress) and **report: writing** (``report_files`` from the series).

The contenders run in interleaved rounds (one of each per round, so that a busy spell of a
shared machine falls on all of them), and the script prints the minimum and the median of
wall-clock and CPU seconds, the report's ratio to one progress computation, and checks that
the report's progress on its day is exactly the progress computed once. Run by hand (it is
not a test)::

    python benchmarks/bench_report.py            # 500,000 readings, 3 rounds
    python benchmarks/bench_report.py --readings 100000 --rounds 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from campaignkit.io import RecordReader, load
from campaignkit.report import burnup_days, report_files
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator

ROOT = Path(__file__).resolve().parents[1]


def example() -> ModuleType:
    """``examples/county/generate.py`` as a module."""
    spec = importlib.util.spec_from_file_location("county", ROOT / "examples/county/generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Contenders:
    """The contenders, sharing the loaded campaign and schedule."""

    def __init__(self, campaign_path: Path, records: Path, as_of: dt.date, out: Path) -> None:
        self.campaign = load(campaign_path)
        self.plan = schedule(self.campaign)
        self.records, self.as_of, self.out = records, as_of, out
        self.days = burnup_days(self.campaign, as_of)
        self.history: tuple[Any, ...] = ()
        self.found: Any = None

    def progress_once(self) -> Any:
        acc = Accumulator(self.campaign, self.plan, days=[self.as_of])
        RecordReader(self.records).feed(acc)
        return acc.result(self.as_of)

    def series(self) -> Any:
        acc = Accumulator(self.campaign, self.plan, days=self.days)
        RecordReader(self.records).feed(acc)
        self.history = acc.results(self.days)
        self.found = acc.recorded(self.as_of)
        return self.history[self.days.index(self.as_of)]

    def writing(self) -> dict[str, str]:
        result = self.history[self.days.index(self.as_of)]
        files = report_files(
            self.campaign,
            self.plan,
            result,
            name="report",
            lang="en",
            history=self.history,
            records=self.found,  # what the accumulator found, as the command gives it
        )
        for name, text in files.items():
            (self.out / name).write_text(text, encoding="utf-8")
        return files

    def report(self) -> dict[str, str]:
        self.series()
        return self.writing()


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readings", type=int, default=500_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--folder", type=Path, help="keep the files here (default: a temporary folder)"
    )
    args = parser.parse_args()
    county = example()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        started = time.perf_counter()
        campaign_path, records = county.generate(folder, readings=args.readings)
        size = records.stat().st_size / 2**20
        print(
            f"generated {args.readings:,} readings ({size:.1f} MiB) in {time.perf_counter() - started:.1f} s"
        )
        c = Contenders(campaign_path, records, county.AS_OF, folder)
        names = {
            "progress once": c.progress_once,
            "report": c.report,
            "report: series": c.series,
            "report: writing": c.writing,
        }
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        once = None
        for n in range(args.rounds):
            for name, fn in names.items():
                w, p, result = timed(fn)
                wall[name].append(w)
                cpu[name].append(p)
                if name == "progress once":
                    once = result
            print(f"round {n + 1}: " + ", ".join(f"{k} {wall[k][-1]:.2f} s" for k in names))
        same = c.series() == once
        html = (folder / "report.html").stat().st_size
        base_wall, base_cpu = min(wall["progress once"]), min(cpu["progress once"])
        print()
        print(
            f"python {sys.version.split()[0]}, {args.readings:,} readings, {len(c.campaign.units):,} units, {len(c.days)} burn-up days, {args.rounds} rounds"
        )
        print(
            "| contender | wall min s | wall median s | CPU min s | CPU median s | × progress (CPU min) |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name in names:
            print(
                f"| {name} | {min(wall[name]):.2f} | {statistics.median(wall[name]):.2f} | "
                f"{min(cpu[name]):.2f} | {statistics.median(cpu[name]):.2f} | "
                f"{min(cpu[name]) / base_cpu:.2f} |"
            )
        print()
        print(
            f"report / progress once: {min(wall['report']) / base_wall:.2f} × (wall min), {min(cpu['report']) / base_cpu:.2f} × (CPU min)"
        )
        print(
            f"the report's progress on its day is the progress computed once: {'yes' if same else 'NO'}"
        )
        print(f"report.html: {html:,} bytes")


if __name__ == "__main__":
    main()
