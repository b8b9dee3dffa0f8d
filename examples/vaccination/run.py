"""The spring vaccination drive as of 17 April 2026, reported in German, English and Chinese.

Usage::

    python examples/vaccination/run.py OUTDIR

Loads ``campaign.yaml`` (a German campaign: ``language: de``), lays it out on Bavaria's
calendar, reads ``records.csv``, measures the progress as of 2026-04-17 and writes into OUTDIR
(created when missing), atomically:

- ``report-de.html``, ``report-en.html``, ``report-zh.html`` — the situation report as one
  self-contained page in each language, with its charts;
- ``report-de.md``, ``report-en.md``, ``report-zh.md`` — the same as plain Markdown;
- ``briefing-de.md``, ``briefing-en.md``, ``briefing-zh.md`` — the sheet of the weekly
  meeting of that week;
- ``progress.csv`` — the progress tree, one row per node (no byte-order mark: the campaign is
  German; ``bom=True`` would add one for Excel on Chinese Windows).

Words and number formats come from the catalogs of ``campaignkit.report`` (1.770 Dosen,
1,770 doses, 1,770剂次); names, notes, the theme and units from the campaign's translations,
falling back to the German text where none is given. The exit status is 0 on success and 2
when an input file is bad.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import campaignkit as ck
from campaignkit.io import write_atomic, write_progress_csv
from campaignkit.report import render_briefing
from campaignkit.tracking import progress_series

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE / "campaign.yaml"
RECORDS = HERE / "records.csv"
AS_OF = dt.date(2026, 4, 17)
"""The day of the report: a Friday in the vaccination weeks."""
LANGUAGES = ("de", "en", "zh")
"""The campaign's own language first, then English and Chinese."""


def outputs() -> tuple[str, ...]:
    """The names of the files written, in the order they are written."""
    reports = tuple(f"report-{lang}.{fmt}" for fmt in ("html", "md") for lang in LANGUAGES)
    return (*reports, *(f"briefing-{lang}.md" for lang in LANGUAGES), "progress.csv")


def main(argv: Sequence[str] | None = None) -> int:
    """Write every output into the folder the command line names; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="the folder to write into")
    args = parser.parse_args(argv)
    try:
        campaign = ck.load(CAMPAIGN)
        ledger = ck.read_ledger(RECORDS)
    except ck.CampaignkitError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    plan = ck.schedule(campaign)
    days = ck.report.burnup_days(campaign, AS_OF)
    history = progress_series(campaign, plan, ledger, days)
    result = history[days.index(AS_OF)]
    args.outdir.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        for fmt in ("html", "md"):
            text = ck.render_report(campaign, plan, result, lang=lang, format=fmt, history=history)
            write_atomic(args.outdir / f"report-{lang}.{fmt}", text)
        sheet = render_briefing(campaign, plan, ledger, AS_OF, lang=lang)
        write_atomic(args.outdir / f"briefing-{lang}.md", sheet)
    write_progress_csv(result, args.outdir / "progress.csv", campaign=campaign)
    for name in outputs():
        print(args.outdir / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
