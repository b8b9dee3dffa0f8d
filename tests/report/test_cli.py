"""The ``report`` and ``briefing`` commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from campaignkit import ValidationError
from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.cli._common import rate_argument
from campaignkit.io import dump, write_records
from campaignkit.report import render_briefing, render_report, report_files

if TYPE_CHECKING:
    from .conftest import Builders, Case

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

    def test_status_bands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--status-bands moves where "ahead" starts: the campaign's SPI of 1.33 is ahead by
        default (≥ 1.05) and on track when ahead starts at 1.4."""
        _, default, _ = run([*REPORT, "--lang", "en"], capsys)
        status, banded, err = run(
            [*REPORT, "--lang", "en", "--status-bands", "0.8,0.95,1.4"], capsys
        )
        assert (status, err) == (EXIT_OK, "")
        assert "- **Status**: ahead" in default
        assert "- **Status**: on track" in banded

    def test_weights(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weights file that leaves only the forum in the roll-up makes the campaign's
        completion the forum's: 100% (all five events held, both indicators at target)."""
        others = ["advice", "reading", "sing-read-tell", "interviews", "six-deliveries"]
        others += ["training", "efficiency", "study-tour", "weekly-meeting", "study-training"]
        others += ["inspection", "central-group"]
        weights = tmp_path / "w.json"
        weights.write_text(json.dumps(dict.fromkeys(others, 0)), encoding="utf-8")
        _, default, _ = run([*REPORT, "--lang", "en"], capsys)
        status, weighted, err = run([*REPORT, "--lang", "en", "--weights", str(weights)], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "the campaign is 92.2% complete" in default
        assert "the campaign is 100% complete" in weighted

    def test_bad_weights(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weight for an id the campaign lacks is bad input located in the weights file,
        and no report is written."""
        weights = tmp_path / "w.yaml"
        weights.write_text("nope: 1\n", encoding="utf-8")
        status, out, err = run([*REPORT, "--weights", str(weights)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f'{weights}: $["nope"]: ')
        assert err.endswith("[unknown-reference]\n")

    def test_html_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o OUT.html writes HTML (the suffix chooses the format), and nothing to stdout;
        beside it, the data of the one cascade's heatmap as CSV, which the page links."""
        target = tmp_path / "report.html"
        status, out, err = run([*REPORT, "-o", str(target)], capsys)
        assert (status, out, err) == (EXIT_OK, "", "")
        text = target.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert '<html lang="zh-CN">' in text
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == ["report-weeks-inspection.csv", "report.html"]
        assert '<a href="report-weeks-inspection.csv">' in text
        rows = (tmp_path / names[0]).read_text(encoding="utf-8").splitlines()
        assert len(rows) == 1 + 6  # the header, and the six villages of the inspection

    def test_unique_ids_give_the_same_report(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The example repeats no id: trusting it (--unique-ids) writes the same HTML page
        and tables, charts and what became of each meeting included."""
        pages = {}
        for name, extra in (("checked", []), ("trusted", ["--unique-ids"])):
            target = tmp_path / name / "report.html"
            target.parent.mkdir()
            status, out, err = run([*REPORT, "-o", str(target), *extra], capsys)
            assert (status, out, err) == (EXIT_OK, "", "")
            pages[name] = {p.name: p.read_bytes() for p in target.parent.iterdir()}
        assert pages["trusted"] == pages["checked"]

    def test_unique_ids_trust_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reading repeated under one id counts once when ids are checked, twice when the
        file is trusted to repeat none: the river investment's actual is 3 yuan from 1
        reading, or 3 + 3 = 6 yuan from 2."""
        text = "id,date,indicator,value\nr1,2010-03-01,river-investment,3\n"
        records = tmp_path / "r.csv"
        records.write_text(text + "r1,2010-03-01,river-investment,3\n", encoding="utf-8")
        argv = ["report", CAMPAIGN, "--records", str(records), "--as-of", "2010-04-02"]
        for extra, actual, readings in (([], "3", "1"), (["--unique-ids"], "6", "2")):
            status, out, _ = run([*argv, "--lang", "en", *extra], capsys)
            assert status == EXIT_OK
            river = "| Kuxi river embankment works"
            [row] = [line for line in out.splitlines() if line.startswith(river)]
            cells = [cell.strip() for cell in row.split("|")]
            assert (cells[2], cells[3], cells[-2]) == (actual, "18,100,000", readings)

    def test_tables_never_overwrite_an_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Records kept where a table of the report would go are refused, at -o, and
        nothing is written."""
        records = tmp_path / "report-weeks-inspection.csv"
        records.write_bytes(Path(RECORDS).read_bytes())
        target = tmp_path / "report.html"
        argv = ["report", CAMPAIGN, "--records", str(records), "--as-of", "2010-04-02"]
        status, out, err = run([*argv, "-o", str(target)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"command line: -o: '{records}' is the input --records")
        assert err.endswith("[output-is-input]\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == [records.name]
        assert records.read_bytes() == Path(RECORDS).read_bytes()

    def test_html_shows_what_became_of_meetings(
        self, changsheng: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The HTML report reads the records again for the Gantt chart: the same page as
        report_files with the ledger, every Changsheng meeting up to 2010-04-02 held."""
        target = tmp_path / "report.html"
        status, _, _ = run([*REPORT, "--lang", "en", "-o", str(target)], capsys)
        assert status == EXIT_OK
        text = target.read_text(encoding="utf-8")
        c = changsheng
        expected = report_files(
            c.campaign,
            c.plan,
            c.result,
            lang="en",
            format="html",
            history=c.history,
            records=c.ledger,
        )
        assert text == expected["report.html"]
        assert 'data-outcome="held"' in text
        assert 'data-outcome="missed"' not in text
        assert 'data-outcome="unrecorded"' not in text

    def test_html_from_stdin_is_recorded(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Records from standard input are read once, and the Gantt chart still shows what
        became of each meeting: the page is the one the same records from a file give."""
        argv = ["--as-of", "2010-04-02", "--lang", "en"]
        from_file = tmp_path / "file.html"
        status, _, _ = run(
            ["report", CAMPAIGN, "--records", RECORDS, *argv, "-o", str(from_file)], capsys
        )
        assert status == EXIT_OK
        data = Path(RECORDS).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        target = tmp_path / "file-stdin.html"
        stdin = ["report", CAMPAIGN, "--records", "-", "--records-format", "csv"]
        status, _, _ = run([*stdin, *argv, "-o", str(target)], capsys)
        assert status == EXIT_OK
        text = target.read_text(encoding="utf-8")
        assert 'data-outcome="held"' in text
        assert 'data-outcome="unrecorded"' not in text
        assert text.replace("file-stdin", "file") == from_file.read_text(encoding="utf-8")

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
        """An output folder that does not exist is bad input at -o, found before any work:
        the records file, which does not exist either, is not even looked at."""
        target = tmp_path / "missing" / "r.md"
        argv = ["report", CAMPAIGN, "--records", str(tmp_path / "no.csv"), "--as-of", "2010-04-02"]
        status, out, err = run([*argv, "-o", str(target)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            f"command line: -o: cannot write {target}: no folder {target.parent} [unwritable]\n"
        )

    def test_output_is_a_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o naming a folder is bad input at -o, before any work."""
        status, out, err = run([*REPORT, "-o", str(tmp_path)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == f"command line: -o: cannot write {tmp_path}: it is a folder [unwritable]\n"

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
        assert lines[1].startswith(f"{records}:3: $.subject:")  # no id: located by line
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


@pytest.fixture
def small_report(tmp_path: Path, build: Builders) -> list[str]:
    """The report command of the small campaign (written to files) as of 2026-03-20, in English."""
    campaign, records = tmp_path / "drive.yaml", tmp_path / "records.csv"
    dump(build.campaign(), campaign)
    write_records(build.ledger(), records)
    as_of = build.as_of.isoformat()
    return ["report", str(campaign), "--records", str(records), "--as-of", as_of, "--lang", "en"]


class TestThreshold:
    def test_default(self, small_report: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Without --threshold the report flags what is below 80%: Cai (1 of 3 present, 33.3%),
        the Town (7 of 9, 77.8%), the South village's patrols (1 of 3 held)."""
        status, out, err = run(small_report, capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "People attending less than 80%" in out
        assert "| Cai\\* | 1 | 2 | 0 | 3 | 33.3% |" in out
        assert "| Town | 7 | 2 | 0 | 9 | 77.8% |" in out
        assert (
            "| 2 | South village | 25% | 75% | -50 pts | 0.33 | 1 / 3 | behind | below 80% |" in out
        )

    @pytest.mark.parametrize("value", ["0.3", "30%", ".3", "30.0%"])
    def test_lower_threshold(
        self,
        value: str,
        small: Case,
        small_report: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A threshold of 30% (as a fraction or a percentage) flags nobody: Cai's 33.3% is above
        it; the text is render_report's with threshold=0.3."""
        status, out, err = run([*small_report, "--threshold", value], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "Nobody attends less than 30%." in out
        assert "No unit attends less than 30%." in out
        assert "| Cai\\* | 1 | 2 | 0 | 3 | 33.3% |" not in out
        assert "below 30%" not in out
        c = small
        expected = render_report(
            c.campaign, c.plan, c.result, lang="en", history=c.history, threshold=0.3
        )
        assert out == expected

    def test_threshold_between(
        self, small_report: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """At 70% the Town (7 of 9 present, 77.8%) is no longer listed; Cai (33.3%) and the
        South village (1 of 3 patrols held, 33.3%) still are."""
        status, out, _ = run([*small_report, "--threshold", "70%"], capsys)
        assert status == EXIT_OK
        assert "| Cai\\* | 1 | 2 | 0 | 3 | 33.3% |" in out
        assert "| South village | 1 | 2 | 0 | 3 | 33.3% |" in out
        assert "| Town | 7 | 2 | 0 | 9 | 77.8% |" not in out
        assert (
            "| 2 | South village | 25% | 75% | -50 pts | 0.33 | 1 / 3 | behind | below 70% |" in out
        )

    @pytest.mark.parametrize(
        ("value", "why"),
        [
            ("abc", "is not a rate"),
            ("", "is not a rate"),
            ("nan", "is not a rate"),
            ("1e-1", "is not a rate"),
            ("0.8%%", "is not a rate"),
            ("80", "is outside 0 .. 1"),
            ("1.01", "is outside 0 .. 1"),
            ("-0.1", "is outside 0 .. 1"),
            ("101%", "is outside 0 .. 1"),
        ],
    )
    def test_bad_value(self, value: str, why: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A threshold that is not a number, or outside 0 .. 1, is bad input: one line on stderr
        naming --threshold, nothing on stdout, status 2."""
        status, out, err = run([*REPORT, "--threshold", value], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            f"command line: --threshold: {value!r} {why}: write a fraction such as 0.8 "
            "or a percentage such as 80% [invalid-value]\n"
        )

    def test_missing_value(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--threshold without a value is a usage error (argparse's, status 2)."""
        with pytest.raises(SystemExit) as exc:
            main([*REPORT, "--threshold"])
        assert exc.value.code == EXIT_BAD_INPUT
        assert "--threshold" in capsys.readouterr().err


class TestRateArgument:
    @pytest.mark.parametrize(
        ("text", "rate"),
        [
            ("0", 0.0),
            ("-0", 0.0),
            ("1", 1.0),
            ("0.825", 0.825),
            ("82.5%", 0.825),  # 82.5 / 100, computed in decimal: the float of 0.825
            ("100%", 1.0),
            ("0%", 0.0),
        ],
    )
    def test_rates(self, text: str, rate: float) -> None:
        """Fractions and percentages give the same float as the fraction written out."""
        assert rate_argument(text, "--threshold") == rate

    def test_absent(self) -> None:
        """An option not given gives None."""
        assert rate_argument(None, "--threshold") is None

    def test_located(self) -> None:
        """A bad rate is an invalid-value problem at the option, from the command line."""
        with pytest.raises(ValidationError) as exc:
            rate_argument("x", "--threshold")
        (problem,) = exc.value.problems
        assert (problem.source, problem.path, problem.code) == (
            "command line",
            "--threshold",
            "invalid-value",
        )


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
