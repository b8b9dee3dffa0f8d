"""Lines a reader could not make a record of are part of the figures' account.

Regression: a GBK ledger read as UTF-8 printed "70 read, 70 used" while 22 lines were
reported on stderr only, and the situation report did not mention them at all.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from campaignkit.cli import EXIT_BAD_INPUT, main
from campaignkit.io import RecordReader, dump
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.report import render_report
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator

D = dt.date
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2010, 3, 1), end=D(2010, 3, 31)),
    series=(
        ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="I", target=10),)),
    ),
)
PLAN = schedule(CAMPAIGN)
# line 3 is GBK (not UTF-8), line 4 has a stray quote; lines 2 and 5 are good
LEDGER = (
    b"id,kind,date,indicator,value,note\n"
    b"r1,reading,2010-03-02,ideas,3,\n"
    + "r2,reading,2010-03-03,ideas,4,台账\n".encode("gbk")
    + b'r3,reading,2010-03-04,"ide"as,5,\n'
    b"r4,reading,2010-03-05,ideas,2,\n"
)


def fed(unique_ids: bool, name: str = "r.csv") -> Accumulator:
    acc = Accumulator(CAMPAIGN, PLAN, unique_ids=unique_ids)
    RecordReader(io.BytesIO(LEDGER), format="csv", strict=False, name=name).feed(acc)
    return acc


class TestAccumulator:
    @pytest.mark.parametrize("unique_ids", [False, True])
    def test_counted_and_listed(self, unique_ids: bool) -> None:
        """Two lines unreadable: counted apart from the records (2 read = 2 used), and their
        problems are the result's, by line."""
        result = fed(unique_ids).result(D(2010, 3, 31))
        counts = result.counts
        assert (counts.read, counts.used, counts.unreadable) == (2, 2, 2)
        assert result.indicator("ideas").actual == 3 + 2
        assert sorted((p.source, p.line) for p in result.problems) == [("r.csv", 3), ("r.csv", 4)]

    def test_merged(self) -> None:
        """Merging adds the other file's unreadable lines (2 + 2); the same lines of the
        same file, merged again, are still 2."""
        acc = fed(False, "a.csv")
        acc.merge(fed(False, "b.csv"))
        result = acc.result(D(2010, 3, 31))
        assert (result.counts.unreadable, len(result.problems)) == (4, 4)
        acc.merge(fed(False, "b.csv"))
        again = acc.result(D(2010, 3, 31))
        assert (again.counts.unreadable, len(again.problems)) == (4, 4)


class TestShown:
    def test_cli_table_and_stderr(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The progress table says how many lines were unreadable; each is on stderr once."""
        dump(CAMPAIGN, tmp_path / "c.yaml")
        (tmp_path / "r.csv").write_bytes(LEDGER)
        argv = ["progress", str(tmp_path / "c.yaml"), "--records", str(tmp_path / "r.csv")]
        assert main([*argv, "--as-of", "2010-03-31"]) == EXIT_BAD_INPUT
        out, err = capsys.readouterr()
        assert "records: 2 read, 2 used, 0 after the day, 0 kept out; unreadable lines: 2" in out
        assert sorted(line.split(":")[1] for line in err.splitlines()) == ["3", "4"]

    def test_report_overview(self) -> None:
        """The situation report's overview names the unreadable lines too."""
        acc = fed(False)
        text = render_report(CAMPAIGN, PLAN, acc.result(D(2010, 3, 31)), lang="en", format="md")
        assert "lines that could not be read: 2 (see the problems)" in text
