"""Typed, versioned JSON from ``schedule --format json`` and ``validate --format json``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.cli._validate import VALIDATE_FORMAT_VERSION
from campaignkit.io import SCHEDULE_COLUMNS, SCHEDULE_FORMAT_VERSION

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
CAMPAIGN = str(EXAMPLE / "campaign.yaml")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its status, stdout and stderr."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


class TestIssueScheduleJsonHadCsvStrings:
    """Regression: the JSON listing copied the CSV cells (``"shifted": "true"``,
    ``"participants": "a;b"``, ``"placed": ""``)."""

    def test_a_moved_meeting(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The meeting of rule date 02-19 held on the make-up Saturday 02-20: typed fields."""
        argv = ["schedule", CAMPAIGN, "--from", "2010-02-20", "--to", "2010-02-20"]
        status, out, _ = run([*argv, "--format", "json"], capsys)
        assert status == EXIT_OK
        data = json.loads(out)
        assert data["format_version"] == SCHEDULE_FORMAT_VERSION == 1
        assert data["items"] == [
            {
                "kind": "occurrence",
                "ref": "weekly-meeting@2010-02-19",
                "subject": "weekly-meeting",
                "name": "每周例会制度",
                "unit": None,
                "day": "2010-02-20",
                "start": "2010-02-20T16:00:00+08:00",
                "end": "2010-02-20T17:30:00+08:00",
                "rule_date": "2010-02-19",
                "shifted": True,
                "placed": None,
                "participants": ["leading-group"],
                "venue": None,
            }
        ]

    def test_an_activity(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A dated activity: ``placed`` false, no rule date, participants a list."""
        argv = ["schedule", CAMPAIGN, "--from", "2010-02-24", "--to", "2010-02-24"]
        _, out, _ = run([*argv, "--format", "json"], capsys)
        (forum,) = json.loads(out)["items"]
        assert forum["ref"] == "forum-speeches"
        assert (forum["placed"], forum["shifted"], forum["rule_date"]) == (False, None, None)
        assert forum["participants"] == ["leading-group", "town-organs"]

    def test_every_item_is_typed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Over the whole listing: the CSV columns plus ``name``, flags booleans or null,
        participants lists of ids, and a placed activity among them."""
        _, out, _ = run(["schedule", CAMPAIGN, "--format", "json"], capsys)
        items = json.loads(out)["items"]
        assert items
        for item in items:
            assert set(item) == {*SCHEDULE_COLUMNS, "name"}
            occurrence = item["kind"] == "occurrence"
            assert isinstance(item["shifted"] if occurrence else item["placed"], bool)
            assert (item["placed"] if occurrence else item["shifted"]) is None
            assert isinstance(item["participants"], list)
            assert all(isinstance(p, str) and p for p in item["participants"])
            assert item["unit"] is None or item["unit"]
        assert any(i["placed"] is True for i in items)
        assert any(i["shifted"] is True for i in items)


BAD = """\
id: x
name: X
window:
  start: 2026-03-02
  end: 2026-02-01
serie: []
"""


class TestValidateJson:
    def test_good_and_bad_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One document for all files: the bad one's problems located, the good one's counts;
        nothing on stderr; bad input gives status 2."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(BAD, encoding="utf-8")
        status, out, err = run(["validate", "--format", "json", str(bad), CAMPAIGN], capsys)
        assert (status, err) == (EXIT_BAD_INPUT, "")
        data = json.loads(out)
        assert data["format_version"] == VALIDATE_FORMAT_VERSION == 1
        first, second = data["files"]
        assert (first["file"], first["ok"], first["campaign"], first["counts"]) == (
            str(bad),
            False,
            None,
            None,
        )
        assert [(p["path"], p["code"], p["line"]) for p in first["problems"]] == [
            ("$.window.end", "window-order", 5),
            ("$.serie", "unknown-key", 6),
        ]
        problem = first["problems"][1]
        assert set(problem) == {"path", "code", "message", "severity", "source", "line", "column"}
        assert problem["message"] == "unknown key 'serie' (did you mean 'series'?)"
        assert (problem["severity"], problem["source"]) == ("error", str(bad))
        assert (second["ok"], second["campaign"], second["problems"]) == (
            True,
            "changsheng-2009",
            [],
        )
        assert second["counts"] == {"phases": 4, "mechanisms": 5, "series": 9, "indicators": 21}

    def test_all_good(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every file valid: status 0."""
        status, out, _ = run(["validate", "--format", "json", CAMPAIGN], capsys)
        assert status == EXIT_OK
        assert [f["ok"] for f in json.loads(out)["files"]] == [True]

    def test_warnings_are_listed(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Advice on a valid file comes as ``warnings``, with severity ``warning``."""
        lone = tmp_path / "lone.yaml"
        lone.write_text(
            "id: x\nname: X\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
            "mechanisms: [{id: m, name: M, rule: 'FREQ=WEEKLY;BYDAY=MO'}]\n",
            encoding="utf-8",
        )
        status, out, _ = run(["validate", "--format", "json", str(lone)], capsys)
        (entry,) = json.loads(out)["files"]
        assert status == EXIT_OK
        assert entry["ok"] is True
        assert entry["warnings"]
        assert {w["severity"] for w in entry["warnings"]} == {"warning"}


PROGRESS = ["progress", CAMPAIGN, "--records", str(EXAMPLE / "records.csv"), "--lang", "en"]


class TestAsOfOutsideTheCampaign:
    """A day outside the window is measured, with a warning; ``today`` is a day."""

    @pytest.mark.parametrize(
        ("day", "when"),
        [("2011-01-10", "after the campaign ends"), ("2009-11-30", "before the campaign starts")],
    )
    def test_warning(self, day: str, when: str, capsys: pytest.CaptureFixture[str]) -> None:
        """One warning line on stderr naming the window; the figures are still printed and
        the status stays 0."""
        status, out, err = run([*PROGRESS, "--as-of", day], capsys)
        assert status == EXIT_OK
        assert f"as of {day}:" in out
        assert err == (
            f"command line: --as-of: {day} is {when} (it runs 2009-12-01 .. 2010-04-30): "
            "is this the day you meant? [as-of-outside-campaign] (warning)\n"
        )

    @pytest.mark.parametrize("day", ["2009-12-01", "2010-04-30"])
    def test_no_warning_inside(self, day: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The window's first and last days are inside it: nothing on stderr."""
        status, _, err = run([*PROGRESS, "--as-of", day], capsys)
        assert (status, err) == (EXIT_OK, "")

    def test_report_warns_too(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``report`` gives the same warning."""
        out = str(tmp_path / "r.md")
        argv = ["report", CAMPAIGN, "--records", str(EXAMPLE / "records.csv")]
        status, _, err = run([*argv, "--as-of", "2011-01-10", "-o", out], capsys)
        assert status == EXIT_OK
        assert "[as-of-outside-campaign] (warning)" in err

    def test_today(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--as-of today`` measures the day the command runs (the Changsheng campaign
        ended in 2010, so it also warns)."""
        before = dt.date.today()
        status, out, err = run([*PROGRESS, "--as-of", "today"], capsys)
        after = dt.date.today()
        assert status == EXIT_OK
        assert any(f"as of {d}:" in out for d in {before, after})
        assert "[as-of-outside-campaign]" in err

    def test_other_words_are_not_dates(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``yesterday`` is no date: ``invalid-date``, status 2."""
        status, _, err = run([*PROGRESS, "--as-of", "yesterday"], capsys)
        assert status == EXIT_BAD_INPUT
        assert err == (
            "command line: --as-of: 'yesterday' is not a date such as 2010-02-24 [invalid-date]\n"
        )
