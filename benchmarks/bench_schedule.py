"""Benchmark: scheduling cascaded mechanisms, against the loops a user would write by hand.

A synthetic campaign: a district → town → village tree of N villages, ten recurring mechanisms
cascaded to every village (weekly, bi-weekly, monthly by weekday, monthly by day, quarterly;
skip and shift policies), one year (2010), China's statutory calendar.

campaignkit, each contender starting from ``schedule(campaign)``:

- **counts**: the total, and how many were due by 30 June (what a dashboard asks);
- **objects**: every :class:`Occurrence` (``Schedule.occurrences()``);
- **rows**: every :class:`OccurrenceRow` named tuple (``Schedule.occurrence_rows()``);
- **columns**: ``Schedule.occurrence_columns()``, one tuple per field.

Baselines, the same work written by hand with dateutil and the ``holidays`` package:

- **fair rows**: each rule expanded once (``rrulestr(...).between(...)``, ``is_working_day``,
  a day-by-day shift, aware start and end), then its rows replicated for every village as
  plain tuples (mechanism, unit, rule date, start, end);
- **fair columns**: the same expansion, each column extended once per village;
- **per unit** (``--per-unit``): the rule expanded again for every village, as a first
  attempt would (about 30 s at 10,000 villages).

Rows are kept in a list by default (what a caller that sorts or groups them does); with
``--stream`` they are consumed one at a time and dropped (what a writer does), which spares
the garbage collector the work of watching millions of live objects. The contenders run in
interleaved rounds (each round runs each contender once, in an order that turns round by
round), and the table gives the minimum and the median of the rounds, and their ratio to the
fair rows baseline's. Every contender must give the same (unit, mechanism, rule date, day)
rows; the script checks it before timing. Run by hand (it is not a test)::

    python benchmarks/bench_schedule.py --units 100 1000 10000 --rounds 5
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import statistics
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import holidays
from dateutil.rrule import rrulestr

from campaignkit.model import CalendarSpec, Campaign, Cascade, Mechanism, Unit, Window
from campaignkit.scheduling import schedule

YEAR = 2010
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
TIME = dt.time(9, 0)
DURATION = dt.timedelta(minutes=60)  # the default duration of a mechanism
TIMEZONE = "Asia/Shanghai"

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

Row = tuple[str, str | None, dt.date, dt.datetime, dt.datetime]
"""mechanism, unit, rule date, start, end"""
Columns = tuple[list[str], list[str | None], list[dt.date], list[dt.datetime], list[dt.datetime]]


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
        timezone=TIMEZONE,
        calendar=CalendarSpec(country="CN"),
        window=Window(start=START, end=END),
        units=tuple(units),
        mechanisms=mechanisms,
    )


# -- campaignkit ----------------------------------------------------------------------------


def counts(campaign: Campaign) -> tuple[int, int]:
    """schedule(), then the total and how many were due by 30 June."""
    s = schedule(campaign)
    due = sum(t.due_count(dt.date(YEAR, 6, 30)) * len(t.units) for t in s.timelines)
    return s.occurrence_count, due


def objects(campaign: Campaign) -> Iterator[Any]:
    """schedule(), then every Occurrence."""
    return schedule(campaign).occurrences()


def rows(campaign: Campaign) -> Iterator[Any]:
    """schedule(), then every OccurrenceRow."""
    return schedule(campaign).occurrence_rows()


def columns(campaign: Campaign) -> Any:
    """schedule(), then the occurrences as columns."""
    return schedule(campaign).occurrence_columns()


# -- baselines ------------------------------------------------------------------------------


def _villages(campaign: Campaign) -> list[str]:
    return [u.id for u in campaign.units if u.kind == "village"]


def _expand(
    rule: str, policy: str, calendar: holidays.HolidayBase
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """One rule over the year: (rule date, start, end) after the non-working-day policy."""
    tz = zoneinfo.ZoneInfo(TIMEZONE)
    one = dt.timedelta(days=1)
    lo, hi = dt.datetime.combine(START, dt.time()), dt.datetime.combine(END, dt.time.max)
    slots = []
    for when in rrulestr(rule, dtstart=dt.datetime.combine(START, TIME)).between(lo, hi, inc=True):
        rule_date = day = when.date()
        if not calendar.is_working_day(day):
            if policy == "skip":
                continue
            step = one if policy == "next_working_day" else -one
            while not calendar.is_working_day(day):
                day += step
            if not START <= day <= END:
                continue
        start = dt.datetime.combine(day, when.time(), tzinfo=tz)
        slots.append((rule_date, start, start + DURATION))
    return slots


def fair_rows(campaign: Campaign) -> Iterator[Row]:
    """Each rule expanded once, its rows replicated for every village."""
    cn = holidays.country_holidays("CN", years=YEAR)
    villages = _villages(campaign)
    for mechanism, rule, policy in MECHANISMS:
        slots = _expand(rule, policy, cn)
        for unit in villages:
            for rule_date, start, end in slots:
                yield (mechanism, unit, rule_date, start, end)


def fair_columns(campaign: Campaign) -> Columns:
    """Each rule expanded once, each column extended once per village."""
    cn = holidays.country_holidays("CN", years=YEAR)
    villages = _villages(campaign)
    out: Columns = ([], [], [], [], [])
    mechanisms, units, rule_dates, starts, ends = out
    for mechanism, rule, policy in MECHANISMS:
        slots = _expand(rule, policy, cn)
        days, begins, finishes = (list(column) for column in zip(*slots, strict=True))
        for unit in villages:
            mechanisms.extend([mechanism] * len(slots))
            units.extend([unit] * len(slots))
            rule_dates.extend(days)
            starts.extend(begins)
            ends.extend(finishes)
    return out


def per_unit(campaign: Campaign) -> Iterator[Row]:
    """The rule expanded again for every village."""
    cn = holidays.country_holidays("CN", years=YEAR)
    for unit in _villages(campaign):
        for mechanism, rule, policy in MECHANISMS:
            for rule_date, start, end in _expand(rule, policy, cn):
                yield (mechanism, unit, rule_date, start, end)


# -- measuring ------------------------------------------------------------------------------

ROWS = {"objects", "rows", "fair rows", "per unit"}
CONTENDERS: dict[str, Callable[[Campaign], Any]] = {
    "counts": counts,
    "objects": objects,
    "rows": rows,
    "columns": columns,
    "fair rows": fair_rows,
    "fair columns": fair_columns,
    "per unit": per_unit,
}


def consume(name: str, result: Any, stream: bool) -> Any:
    """What the caller does with the result: keep the rows in a list, or go through them."""
    if name not in ROWS:
        return result
    if stream:
        collections.deque(result, maxlen=0)
        return None
    return list(result)


def same_rows(campaign: Campaign, names: Iterable[str]) -> bool:
    """Whether every contender gives the same (unit, mechanism, rule date, day, end) rows as
    the fair rows baseline (compared one contender at a time, sorted)."""

    def sorted_rows(name: str) -> list[tuple[Any, ...]]:
        got = CONTENDERS[name](campaign)
        if name == "objects":
            got = ((o.key.mechanism, o.key.unit, o.key.rule_date, o.start, o.end) for o in got)
        elif name == "columns":
            got = (r[:5] for r in got.rows())
        elif name == "fair columns":
            got = zip(*got, strict=True)
        return sorted((u or "", m, rd, s.date(), e) for m, u, rd, s, e, *_ in got)

    reference = sorted_rows("fair rows")
    total, _due = counts(campaign)
    same = len(reference) == total
    for name in names:
        if name not in {"counts", "fair rows"}:
            same = same and sorted_rows(name) == reference
    return same


def run(villages: int, names: list[str], rounds: int, stream: bool) -> Iterator[str]:
    campaign = build_campaign(villages)
    total, _due = counts(campaign)
    same = same_rows(campaign, names)
    if not same:
        msg = f"the contenders disagree at {villages} villages"
        raise SystemExit(msg)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        turn = r % len(names)
        for name in names[turn:] + names[:turn]:
            gc.collect()
            t0 = time.perf_counter()
            result = consume(name, CONTENDERS[name](campaign), stream)
            times[name].append(time.perf_counter() - t0)
            del result
    base_min, base_median = min(times["fair rows"]), statistics.median(times["fair rows"])
    for name in names:
        low, mid = min(times[name]), statistics.median(times[name])
        yield (
            f"| {villages:>6,} | {total:>9,} | {name} | {low:7.3f} | {mid:7.3f} "
            f"| {low / base_min:5.2f} | {mid / base_median:5.2f} "
            f"| {low / total * 1e6:6.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--stream", action="store_true", help="go through rows, keep none")
    parser.add_argument("--per-unit", action="store_true", help="time the per-unit baseline")
    parser.add_argument("--only", nargs="+", choices=CONTENDERS, help="these contenders")
    args = parser.parse_args()
    names = args.only or [n for n in CONTENDERS if n != "per unit" or args.per_unit]
    if "fair rows" not in names:
        names.append("fair rows")  # the reference of the ratios
    print(f"rows {'streamed' if args.stream else 'kept in a list'}, {args.rounds} rounds\n")
    print(
        "| villages | occurrences | contender | min s | median s | min / fair rows "
        "| median / fair rows | µs per occurrence (min) |"
    )
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in args.units:
        for line in run(n, names, args.rounds, args.stream):
            print(line, flush=True)


if __name__ == "__main__":
    main()
