"""A county-wide campaign of 2,000 villages, generated: the report at scale.

Usage::

    python examples/county/generate.py OUTDIR [--villages N] [--readings N] [--seed N]

Builds a campaign for one county of 20 towns and 2,000 villages (a ``county → towns →
villages`` unit tree): a sanitation drive cascaded to every village with two indicators, and
a weekly village meeting cascaded to every village. Each village keeps its own pace, drawn
from the seed (the towns differ too), so some villages lag. Then 500,000 readings and the
meetings held are drawn from the same seed — the same seed gives the same files, byte for
byte — and written into OUTDIR:

- ``campaign.yaml`` — the campaign file;
- ``records.csv`` — the readings and the meetings held;
- ``report-zh.html``, ``report-en.html``, ``report-de.html`` — the situation report as of
  :data:`AS_OF` in Chinese, English and German, with the units at a glance, and the full unit
  tables beside each as CSV (``report-en-units-*.csv``, …).

``benchmarks/bench_report.py`` uses it to measure how long the report takes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from campaignkit.io import dump, write_records
from campaignkit.model import (
    ActivitySeries,
    CalendarSpec,
    Campaign,
    Cascade,
    Indicator,
    Mechanism,
    Unit,
    Window,
)
from campaignkit.tracking import Held, Reading, Record

START, END = dt.date(2010, 3, 1), dt.date(2010, 8, 27)
AS_OF = dt.date(2010, 7, 16)
"""The day of the report."""
LANGUAGES = ("zh", "en", "de")
"""The languages the report is written in."""
TOWNS = 20
VILLAGES = 2000
READINGS = 500_000
SEED = 2010
MEETING = "village-meeting"
DRIVE = "sanitation"
VISITS, LATRINES = "households-visited", "latrines-built"
VISIT_TARGET, LATRINE_TARGET = 600.0, 40.0


def village_ids(villages: int = VILLAGES, towns: int = TOWNS) -> list[tuple[str, str]]:
    """``(village, town)`` ids, the villages spread evenly over the towns."""
    per_town = -(-villages // towns)
    return [(f"v{v:04d}", f"t{v // per_town + 1:02d}") for v in range(villages)]


def build_campaign(villages: int = VILLAGES, towns: int = TOWNS) -> Campaign:
    """The county, its towns and villages, the drive and the meeting, both cascaded."""
    pairs = village_ids(villages, towns)
    town_ids = sorted({town for _, town in pairs})
    units = [Unit(id="county", name="县", translations={"en": "County"}, kind="county")]
    units += [
        Unit(
            id=t,
            name=f"第{int(t[1:])}镇",
            translations={"en": f"Town {int(t[1:])}"},
            kind="town",
            parent="county",
        )
        for t in town_ids
    ]
    units += [
        Unit(
            id=v,
            name=f"{int(t[1:])}镇{int(v[1:]) + 1}村",
            translations={"en": f"Village {int(v[1:]) + 1}"},
            kind="village",
            parent=t,
        )
        for v, t in pairs
    ]
    cascade = Cascade(units=tuple(v for v, _ in pairs))
    drive = ActivitySeries(
        id=DRIVE,
        name="环境卫生整治",
        translations={"en": "Sanitation drive"},
        cascade=cascade,
        indicators=(
            Indicator(
                id=VISITS,
                name="入户走访",
                translations={"en": "Households visited"},
                unit="户",
                target=VISIT_TARGET,
            ),
            Indicator(
                id=LATRINES,
                name="改厕",
                translations={"en": "Latrines rebuilt"},
                unit="座",
                target=LATRINE_TARGET,
            ),
        ),
    )
    meeting = Mechanism(
        id=MEETING,
        name="村民议事会",
        translations={"en": "Village meeting"},
        rule="FREQ=WEEKLY;BYDAY=TU",
        time=dt.time(19, 0),
        duration_minutes=90,
        on_non_working_day="next_working_day",
        cascade=cascade,
    )
    return Campaign(
        id="county-sanitation",
        name="全县农村环境卫生整治活动",
        translations={"en": "County rural sanitation campaign"},
        window=Window(start=START, end=END),
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        units=tuple(units),
        mechanisms=(meeting,),
        series=(drive,),
    )


def records(
    campaign: Campaign,
    meeting_days: list[tuple[dt.date, dt.date]],
    readings: int = READINGS,
    seed: int = SEED,
) -> Iterator[Record]:
    """The readings (two indicators, random villages and days up to :data:`AS_OF`) and
    the meetings held, each village at its own pace; deterministic for a seed."""
    rnd = random.Random(seed)
    towns = sorted({u.parent for u in campaign.units if u.kind == "village" and u.parent})
    town_pace = {t: rnd.uniform(0.55, 1.15) for t in towns}
    villages = [(u.id, u.parent or "") for u in campaign.units if u.kind == "village"]
    pace = {v: min(1.6, max(0.05, town_pace[t] * rnd.gauss(1.0, 0.25))) for v, t in villages}
    days = (AS_OF - START).days + 1
    per_village = readings / len(villages)
    # so that a village of pace 1 reaches its target on the last day of the campaign
    scale = (days / ((END - START).days + 1)) / per_village
    for n in range(readings):
        village, _ = villages[rnd.randrange(len(villages))]
        day = START + dt.timedelta(days=rnd.randrange(days))
        if rnd.random() < 0.8:
            indicator, target = VISITS, VISIT_TARGET
        else:
            indicator, target = LATRINES, LATRINE_TARGET
        mean = target * pace[village] * scale * (1 / 0.8 if indicator == VISITS else 1 / 0.2)
        value = max(0, round(rnd.gauss(mean, mean / 3)))
        yield Reading(
            id=f"r{n:06d}", indicator=indicator, unit=village, date=day, value=float(value)
        )
    for village, _ in villages:
        chance = min(1.0, 0.35 + 0.6 * pace[village])
        for rule_day, day in meeting_days:
            if day <= AS_OF and rnd.random() < chance:
                subject = f"{MEETING}/{village}@{rule_day}"
                yield Held(id=f"m-{village}-{rule_day:%m%d}", subject=subject, date=day)


def meeting_days(campaign: Campaign) -> list[tuple[dt.date, dt.date]]:
    """The meeting's ``(rule day, day held)`` pairs: a record names its occurrence by the
    rule day, and is dated the day the meeting was held (after a holiday shift)."""
    from campaignkit.scheduling import schedule

    slots = schedule(campaign).timeline(MEETING).slots
    return [(slot.rule_date, slot.start.date()) for slot in slots]


def generate(
    out: Path, *, villages: int = VILLAGES, readings: int = READINGS, seed: int = SEED
) -> tuple[Path, Path]:
    """Write ``campaign.yaml`` and ``records.csv`` into *out*; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    campaign = build_campaign(villages)
    campaign_path, records_path = out / "campaign.yaml", out / "records.csv"
    dump(campaign, campaign_path)
    write_records(records(campaign, meeting_days(campaign), readings, seed), records_path)
    return campaign_path, records_path


def main(argv: list[str] | None = None) -> int:
    """Generate the files, then make the report with the command line."""
    from campaignkit.cli import main as cli

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--villages", type=int, default=VILLAGES)
    parser.add_argument("--readings", type=int, default=READINGS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    campaign_path, records_path = generate(
        args.outdir, villages=args.villages, readings=args.readings, seed=args.seed
    )
    for lang in LANGUAGES:
        report = args.outdir / f"report-{lang}.html"
        status = cli([
            "report", str(campaign_path), "--records", str(records_path),
            "--as-of", AS_OF.isoformat(), "--lang", lang, "-o", str(report),
        ])  # fmt: skip
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
