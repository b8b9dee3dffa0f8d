"""Benchmark: scheduling cascaded mechanisms, against the loop a user would write by hand.

A synthetic campaign: a district → town → village tree of N villages, ten recurring mechanisms
cascaded to every village (weekly, bi-weekly, monthly by weekday, monthly by day, quarterly;
skip and shift policies), one year (2010), China's statutory calendar.

- **campaignkit**: ``schedule(campaign)``, then counts and due-by queries (what a dashboard
  asks); separately, making every occurrence on demand.
- **baseline**: for each village and each mechanism, dateutil's ``rrulestr(...).between(...)``,
  then the ``holidays`` package's ``is_working_day`` and a day-by-day shift — the
  straightforward code, written once per unit.

Both must give the same set of (unit, mechanism, rule date, day); the script checks it. Times
are wall-clock (best of ``--repeat``); peak memory is measured in separate runs under
``tracemalloc``. Run by hand (it is not a test)::

    python benchmarks/bench_schedule.py --units 100 1000 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import holidays
from dateutil.rrule import rrulestr

from campaignkit.model import CalendarSpec, Campaign, Cascade, Mechanism, Unit, Window
from campaignkit.scheduling import Schedule, schedule

YEAR = 2010
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
TIME = dt.time(9, 0)

MECHANISMS = (
    ("weekly-meeting", "FREQ=WEEKLY;BYDAY=MO", "skip"),
    ("weekly-report", "FREQ=WEEKLY;BYDAY=FR", "next_working_day"),
    ("saturday-duty", "FREQ=WEEKLY;BYDAY=SA", "skip"),  # only make-up Saturdays remain
    ("fortnightly-study", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "previous_working_day"),
    ("fortnightly-patrol", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "next_working_day"),
    ("monthly-first-monday", "FREQ=MONTHLY;BYDAY=1MO", "next_working_day"),
    ("monthly-last-friday", "FREQ=MONTHLY;BYDAY=-1FR", "previous_working_day"),
    ("monthly-15th", "FREQ=MONTHLY;BYMONTHDAY=15", "next_working_day"),
    ("monthly-1st", "FREQ=MONTHLY;BYMONTHDAY=1", "skip"),
    ("quarterly-review", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10", "previous_working_day"),
)

Row = tuple[str, str, dt.date, dt.date]  # unit, mechanism, rule date, day


def build_campaign(villages: int) -> Campaign:
    """A district of towns of 50 villages each, ten mechanisms cascaded to every village."""
    towns = (villages + 49) // 50
    units = [Unit(id="district", name="District", kind="district")]
    units += [
        Unit(id=f"t{t}", name=f"Town {t}", kind="town", parent="district") for t in range(towns)
    ]
    village_ids = [f"v{i}" for i in range(villages)]
    units += [
        Unit(id=v, name=f"Village {i}", kind="village", parent=f"t{i // 50}")
        for i, v in enumerate(village_ids)
    ]
    mechanisms = tuple(
        Mechanism(
            id=id,
            name=id,
            rule=rule,
            time=TIME,
            on_non_working_day=policy,
            cascade=Cascade(units=tuple(village_ids)),
        )
        for id, rule, policy in MECHANISMS
    )
    return Campaign(
        id="bench",
        name="Benchmark",
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        window=Window(start=START, end=END),
        units=tuple(units),
        mechanisms=mechanisms,
    )


# -- the two contenders ---------------------------------------------------------------------


def campaignkit_counts(campaign: Campaign) -> tuple[Schedule, int, int]:
    """schedule(), then what a dashboard asks: the total, and how many were due by 30 June."""
    s = schedule(campaign)
    due = sum(t.due_count(dt.date(YEAR, 6, 30)) * len(t.units) for t in s.timelines)
    return s, s.occurrence_count, due


def campaignkit_rows(campaign: Campaign) -> list[Row]:
    """schedule(), then every occurrence made on demand, as rows."""
    s = schedule(campaign)
    return [(o.key.unit or "", o.key.mechanism, o.key.rule_date, o.day) for o in s.occurrences()]


def baseline_rows(campaign: Campaign) -> list[Row]:
    """The loop a user writes: dateutil per unit and rule, then holidays checks and shifts."""
    cn = holidays.country_holidays("CN", years=YEAR)
    one = dt.timedelta(days=1)
    lo, hi = dt.datetime.combine(START, dt.time()), dt.datetime.combine(END, dt.time.max)
    rows: list[Row] = []
    for unit in [u.id for u in campaign.units if u.kind == "village"]:
        for mechanism, rule, policy in MECHANISMS:
            for when in rrulestr(rule, dtstart=dt.datetime.combine(START, TIME)).between(
                lo, hi, inc=True
            ):
                rule_date = day = when.date()
                if not cn.is_working_day(day):
                    if policy == "skip":
                        continue
                    step = one if policy == "next_working_day" else -one
                    while not cn.is_working_day(day):
                        day += step
                    if not START <= day <= END:
                        continue
                rows.append((unit, mechanism, rule_date, day))
    return rows


# -- measuring ------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
        if _ < repeat - 1:
            result = None
    return best, result


def peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / 2**20


def run(villages: int, repeat: int, memory: bool) -> Iterator[str]:
    campaign = build_campaign(villages)
    t_counts, (s, count, _due) = timed(lambda: campaignkit_counts(campaign), repeat)
    t_rows, ours = timed(lambda: campaignkit_rows(campaign), repeat)
    t_base, theirs = timed(lambda: baseline_rows(campaign), repeat)
    same = set(ours) == set(theirs) and len(ours) == len(theirs) == count
    yield (
        f"| {villages:>6,} | {count:>9,} | {t_counts:8.3f} | {t_rows:8.3f} | {t_base:8.3f} "
        f"| {t_base / t_counts:8,.0f}× | {t_base / t_rows:6.1f}× | {count / t_rows:>11,.0f} "
        f"| {count / t_base:>11,.0f} | {'yes' if same else 'NO'} |"
    )
    del ours, theirs, s
    if memory:
        m_counts = peak_mib(lambda: campaignkit_counts(campaign))
        m_rows = peak_mib(lambda: campaignkit_rows(campaign))
        m_base = peak_mib(lambda: baseline_rows(campaign))
        yield f"memory | {villages:>6,} | {m_counts:8.1f} | {m_rows:8.1f} | {m_base:8.1f} |"
    if not same:
        msg = f"the scheduler and the baseline disagree at {villages} villages"
        raise SystemExit(msg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="take the best of this many runs")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()
    print(
        "| villages | occurrences | counts s | rows s | baseline s | baseline / counts "
        "| baseline / rows | rows occ/s | baseline occ/s | same set |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |")
    memory_lines = []
    for n in args.units:
        for line in run(n, args.repeat, not args.no_memory):
            if line.startswith("memory"):
                memory_lines.append(line.removeprefix("memory "))
            else:
                print(line, flush=True)
    if memory_lines:
        print("\n| villages | counts MiB | rows MiB | baseline MiB |")
        print("| ---: | ---: | ---: | ---: |")
        for line in memory_lines:
            print(line)


if __name__ == "__main__":
    main()
