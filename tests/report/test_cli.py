"""The ``report`` and ``briefing`` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.report import render_briefing, render_report

if TYPE_CHECKING:
    from .conftest import Case

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
CAMPAIGN = str(EXAMPLE / "campaign.yaml")
RECORDS = str(EXAMPLE / "records.csv")
REPORT = ["report", CAMPAIGN, "--records", RECORDS, "--as-of", "2010-04-02"]
BRIEFING = ["briefing", CAMPAIGN, "--records", RECORDS, "--week", "2010-02-22"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its status, stdout and stderr."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


class TestReport:
    def test_markdown_to_stdout(self, changsheng: Case, capsys: pytest.CaptureFixture[str]) -> None:
        """Without -o the Markdown report goes to stdout: the same text render_report writes."""
        status, out, err = run([*REPORT, "--lang", "en"], capsys)
        assert (status, err) == (EXIT_OK, "")
        c = changsheng
        assert out == render_report(c.campaign, c.plan, c.result, lang="en", history=c.history)

    def test_html_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o OUT.html writes HTML (the suffix chooses the format), and nothing to stdout."""
        target = tmp_path / "report.html"
        status, out, err = run([*REPORT, "-o", str(target)], capsys)
        assert (status, out, err) == (EXIT_OK, "", "")
        text = target.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert '<html lang="zh-CN">' in text
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]

    def test_format_wins_over_suffix(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format md writes Markdown whatever the file is called; a file is replaced whole."""
        target = tmp_path / "report.html"
        target.write_text("old", encoding="utf-8")
        status, _, _ = run([*REPORT, "--format", "md", "-o", str(target)], capsys)
        assert status == EXIT_OK
        assert target.read_text(encoding="utf-8").startswith("# 长生桥镇")

    def test_bad_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad --as-of is bad input, located at the option."""
        argv = ["report", CAMPAIGN, "--records", RECORDS, "--as-of", "2010-02-30"]
        status, out, err = run(argv, capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            "command line: --as-of: '2010-02-30' is not a date such as 2010-02-24 [invalid-date]\n"
        )

    def test_unwritable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An output folder that does not exist is bad input at -o."""
        target = tmp_path / "missing" / "r.md"
        status, out, err = run([*REPORT, "-o", str(target)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"command line: -o: cannot write {target}")
        assert err.endswith("[unwritable]\n")

    def test_bad_records(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Bad rows are reported on stderr with their file; the report is written; status 2."""
        records = tmp_path / "r.csv"
        records.write_text(
            "kind,date,subject\nheld,2010-03-0x,forum-speeches\nheld,2010-02-24,nowhere\n",
            encoding="utf-8",
        )
        target = tmp_path / "r.md"
        argv = ["report", CAMPAIGN, "--records", str(records), "--as-of", "2010-04-02"]
        status, _, err = run([*argv, "--lang", "en", "-o", str(target)], capsys)
        assert status == EXIT_BAD_INPUT
        lines = err.splitlines()
        assert lines[0].startswith(f"{records}:2:2: $.date:")
        assert lines[1].startswith(f"{records}: $.records[")
        assert lines[1].endswith("[unknown-reference]")
        assert "unknown-reference" in target.read_text(encoding="utf-8")

    def test_missing_campaign(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A campaign file that does not exist is bad input, named."""
        absent = str(tmp_path / "c.yaml")
        status, out, err = run(
            ["report", absent, "--records", RECORDS, "--as-of", "2010-04-02"], capsys
        )
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(absent)


class TestBriefing:
    def test_stdout(self, changsheng: Case, capsys: pytest.CaptureFixture[str]) -> None:
        """Without -o the sheet goes to stdout: the same text render_briefing writes."""
        status, out, err = run(BRIEFING, capsys)
        assert (status, err) == (EXIT_OK, "")
        c = changsheng
        assert out == render_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 22))

    def test_file_and_language(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o writes the file; --lang en writes English; .html gives a page."""
        target = tmp_path / "week.html"
        status, out, _ = run([*BRIEFING, "--lang", "en", "-o", str(target)], capsys)
        assert (status, out) == (EXIT_OK, "")
        text = target.read_text(encoding="utf-8")
        assert "<h1>" in text
        assert "weekly briefing" in text

    def test_week_outside(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A week far from the campaign is bad input, located at --week."""
        argv = ["briefing", CAMPAIGN, "--records", RECORDS, "--week", "2011-06-01"]
        status, out, err = run(argv, capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith("command line: --week: the week of 2011-06-01 is too far")
        assert err.endswith("[week-outside-campaign]\n")

    def test_bad_week(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --week that is not a date is bad input."""
        argv = ["briefing", CAMPAIGN, "--records", RECORDS, "--week", "next"]
        status, _, err = run(argv, capsys)
        assert status == EXIT_BAD_INPUT
        assert (
            err == "command line: --week: 'next' is not a date such as 2010-02-24 [invalid-date]\n"
        )

    def test_missing_records(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A records file that does not exist is bad input."""
        absent = str(tmp_path / "r.csv")
        argv = ["briefing", CAMPAIGN, "--records", absent, "--week", "2010-02-22"]
        status, out, err = run(argv, capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"{absent}: $: cannot read")
