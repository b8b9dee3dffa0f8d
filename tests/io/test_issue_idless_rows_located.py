"""Regression: problems of records from rows without an id were located by a content hash.

A CSV row with no ``id`` gets one derived from its content (``held-3f2a…``), so the
calculation's problems about it read ``$.records["held-3f2a…"].subject``, which names no
place in the file. The reader now remembers the line of each such row and
:meth:`RecordReader.locate` places those problems by it.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
from pathlib import Path

import pytest

from campaignkit import Problem
from campaignkit.cli import EXIT_BAD_INPUT, main
from campaignkit.io import RecordReader, load
from campaignkit.model import Campaign, Mechanism, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, progress

ROWS = """\
kind,id,date,subject,value,indicator
held,,2026-03-09,weekly-meting,,
held,r2,2026-03-09,nope,,

reading,,2026-03-10,,5,ideas
held,,2026-03-09,weekly,,
"""


def weekly() -> Campaign:
    """A Monday meeting in March 2026, no indicators."""
    return Campaign(
        id="c",
        name="C",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        mechanisms=(Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=MO"),),
    )


class TestLocate:
    def test_problems_of_idless_rows_by_line(self) -> None:
        """Rows 2 and 5 (the blank line 4 counts) have no id: their problems are at
        ``$.subject`` and ``$.indicator`` on those lines; row 3's, with id ``r2``, keep the
        record path."""
        campaign = weekly()
        reader = RecordReader(io.StringIO(ROWS), format="csv", name="r.csv", strict=False)
        result = progress(campaign, schedule(campaign), reader, dt.date(2026, 3, 27))
        located = [(p.source, p.line, p.path, p.code) for p in reader.locate(result.problems)]
        assert located == [  # those of a line first, in the order of the lines
            ("r.csv", 2, "$.subject", "unknown-reference"),
            ("r.csv", 5, "$.indicator", "unknown-reference"),
            (None, None, '$.records["r2"].subject', "unknown-reference"),
        ]
        assert len(reader.lines) == 3  # rows 2, 5 and 6

    def test_other_problems_unchanged(self) -> None:
        """A path that names no derived id, or no record, is kept as it is."""
        reader = RecordReader(io.StringIO(ROWS), format="csv", strict=False)
        list(reader)
        kept = [
            Problem("$.records", "x", "m"),
            Problem('$.records["held-0000000000000000"]', "x", "m"),
            Problem('$.records["unclosed', "x", "m"),
            Problem("$.weights", "x", "m"),
        ]
        assert reader.locate(kept) == kept

    def test_jsonl(self) -> None:
        """JSON Lines are located by line number too."""
        campaign = weekly()
        text = '{"kind": "held", "date": "2026-03-09", "subject": "weekly"}\n\n'
        text += '{"kind": "held", "date": "2026-03-09", "subject": "wekly"}\n'
        reader = RecordReader(io.StringIO(text), format="jsonl", name="r.jsonl", strict=False)
        acc = Accumulator(campaign, schedule(campaign))
        acc.update(reader)
        (problem,) = reader.locate(acc.result(dt.date(2026, 3, 27)).problems)
        assert (problem.source, problem.line, problem.path) == ("r.jsonl", 3, "$.subject")


class TestAccumulator:
    """The places travel with the accumulator a reader feeds: its results place the
    problems themselves, also once merged or pickled (on a cluster)."""

    def fed(self, rows: str, name: str, *, unique_ids: bool) -> Accumulator:
        campaign = weekly()
        acc = Accumulator(campaign, schedule(campaign), unique_ids=unique_ids)
        RecordReader(io.StringIO(rows), format="csv", name=name, strict=False).feed(acc)
        return acc

    @pytest.mark.parametrize("unique_ids", [True, False])
    def test_results_place_the_problems(self, unique_ids: bool) -> None:
        """Fed by a reader, the accumulator's own results say line 2 and line 5."""
        acc = self.fed(ROWS, "r.csv", unique_ids=unique_ids)
        problems = acc.result(dt.date(2026, 3, 27)).problems
        assert [(p.source, p.line, p.path) for p in problems] == [
            ("r.csv", 2, "$.subject"),
            ("r.csv", 5, "$.indicator"),
            (None, None, '$.records["r2"].subject'),
        ]

    def test_trusted_ids_keep_nothing_per_row(self) -> None:
        """With trusted ids the problems are placed as the reader feeds, and nothing is
        kept for each row without an id: a pickle of 2,000 such rows (each a record of its
        own, told apart by its note) is no larger than one of 20: the same cells."""
        sizes = []
        for n in (20, 2000):
            rows = "".join(f"held,,2026-03-09,weekly,n{i}\n" for i in range(n))
            acc = self.fed("kind,id,date,subject,note\n" + rows, "r.csv", unique_ids=True)
            sizes.append(len(pickle.dumps(acc)))
        assert sizes[1] <= sizes[0] + 64  # the counts' digits, nothing per row

    @pytest.mark.parametrize("unique_ids", [True, False])
    def test_merged_and_pickled(self, unique_ids: bool) -> None:
        """Two parts of a ledger, the second pickled as a worker sends it: each problem at
        its own part's line; the same row in both parts is placed where it came first."""
        header, *rows = ROWS.splitlines(keepends=True)
        first = self.fed(header + "".join(rows[:2]), "a.csv", unique_ids=unique_ids)
        second = self.fed(header + rows[0] + "".join(rows[2:]), "b.csv", unique_ids=unique_ids)
        first.merge(pickle.loads(pickle.dumps(second)))
        problems = first.result(dt.date(2026, 3, 27)).problems
        placed = {(p.source, p.line, p.path) for p in problems}
        # the meeting misspelt, line 2 of both files, has one derived id: placed in a.csv
        assert ("a.csv", 2, "$.subject") in placed
        assert ("b.csv", 4, "$.indicator") in placed  # after the blank line 3 of b.csv
        assert not any(p.path.startswith('$.records["held-') for p in problems)
        assert not any(p.path.startswith('$.records["reading-') for p in problems)


class TestCommand:
    def test_progress_prints_lines(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``campaignkit progress`` prints ``FILE:LINE: $.subject: …`` for an id-less row."""
        campaign = tmp_path / "c.yaml"
        campaign.write_text(
            "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
            "mechanisms: [{id: weekly, name: Weekly, rule: 'FREQ=WEEKLY;BYDAY=MO'}]\n",
            encoding="utf-8",
        )
        assert load(campaign) == weekly()
        records = tmp_path / "r.csv"
        records.write_text(ROWS, encoding="utf-8")
        argv = ["progress", str(campaign), "--records", str(records), "--as-of", "2026-03-27"]
        assert main(argv) == EXIT_BAD_INPUT
        err = capsys.readouterr().err.splitlines()
        assert err[0] == (
            f"{records}:2: $.subject: activity or mechanism 'weekly-meting' is not defined in "
            "this campaign (did you mean 'weekly'?) [unknown-reference]"
        )
        assert err[1].startswith(f"{records}:5: $.indicator: indicator 'ideas'")

    def test_report_names_the_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report's problem table gives ``FILE:LINE $.subject`` for an id-less row."""
        campaign = tmp_path / "c.yaml"
        campaign.write_text(
            "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
            "mechanisms: [{id: weekly, name: Weekly, rule: 'FREQ=WEEKLY;BYDAY=MO'}]\n",
            encoding="utf-8",
        )
        records = tmp_path / "r.csv"
        records.write_text(ROWS, encoding="utf-8")
        out = tmp_path / "report.md"
        argv = ["report", str(campaign), "--records", str(records), "--as-of", "2026-03-27"]
        assert main([*argv, "--lang", "en", "-o", str(out)]) == EXIT_BAD_INPUT
        text = out.read_text(encoding="utf-8")
        assert "r.csv:2 $.subject | unknown-reference |" in text
        assert '| error | $.records\\["r2"\\].subject | unknown-reference |' in text
        assert "held-" not in text
        assert capsys.readouterr().err.startswith(f"{records}:2: $.subject: ")

    def test_briefing_names_the_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The briefing's table of last week's unmatched records gives the row's line."""
        campaign = tmp_path / "c.yaml"
        campaign.write_text(
            "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
            "mechanisms: [{id: weekly, name: Weekly, rule: 'FREQ=WEEKLY;BYDAY=MO'}]\n",
            encoding="utf-8",
        )
        records = tmp_path / "r.csv"
        records.write_text(ROWS, encoding="utf-8")
        argv = ["briefing", str(campaign), "--records", str(records), "--week", "2026-03-16"]
        assert main([*argv, "--lang", "en", "--format", "md"]) == 0
        sheet = capsys.readouterr().out
        assert "r.csv:2 $.subject | unknown-reference |" in sheet
        assert "held-" not in sheet
