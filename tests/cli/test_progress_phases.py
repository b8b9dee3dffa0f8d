"""The ``progress`` command shows phase states and exit gates (the vaccination example).

Its phases: preparation 2026-03-02 .. 03-13, vaccination 03-17 .. 05-07 with a gate asking
for 80% of the doses (cascaded to four clinics: 1,200, 1,000, 900 and 900), review
05-12 .. 05-19.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaignkit.cli import EXIT_OK, main

CAMPAIGN = str(Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml")
HEADER = "id,kind,date,subject,indicator,unit,value\n"
# 90% of each clinic's target: the doses' completion is the mean, 0.9 >= 0.8
DOSES = "".join(
    f"d-{unit},reading,2026-04-30,,doses,{unit},{value}\n"
    for unit, value in [
        ("clinic-north", 1080),
        ("clinic-south", 900),
        ("clinic-east", 810),
        ("clinic-west", 810),
    ]
)


def progress_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str, records: str, *fmt: str
) -> str:
    path = tmp_path / "records.csv"
    path.write_text(HEADER + records, encoding="utf-8")
    argv = ["progress", CAMPAIGN, "--records", str(path), "--as-of", as_of, "--lang", "en"]
    status = main([*argv, *fmt])
    out, err = capsys.readouterr()
    assert (status, err) == (EXIT_OK, "")
    return out


def line_of(text: str, start: str) -> str:
    """The first line of *text* that starts with *start*."""
    return next(line for line in text.splitlines() if line.startswith(start))


class TestProgressTable:
    def test_phase_not_started_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A phase that has not started shows no figures, and "not started" for a status;
        its name is the English translation the file gives."""
        out = progress_of(tmp_path, capsys, "2026-04-01", "")
        review = line_of(out, "phase        review").split()
        assert review == ["phase", "review", "Review", "not", "started"]

    def test_gate_pending_then_failed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without doses the gate is pending while the phase runs and failed after it."""
        running = progress_of(tmp_path, capsys, "2026-05-07", "")
        assert line_of(running, "phase        vaccination").endswith("gate pending")
        assert line_of(running, "  gate").split() == [
            "gate",
            "doses",
            "0%",
            "pending",
            "needs",
            "80%",
        ]
        ended = progress_of(tmp_path, capsys, "2026-05-08", "")
        assert line_of(ended, "phase        vaccination").endswith("gate failed")
        assert line_of(ended, "  gate").split() == ["gate", "doses", "0%", "failed", "needs", "80%"]

    def test_gate_passed(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """90% of every clinic's doses pass the 80% gate."""
        out = progress_of(tmp_path, capsys, "2026-05-08", DOSES)
        assert line_of(out, "  gate").split() == ["gate", "doses", "90%", "passed", "needs", "80%"]

    def test_gate_passed_late(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Doses given only after the phase's last day pass the gate late; the row says
        what the completion was when the phase ended."""
        late = DOSES.replace("2026-04-30", "2026-05-08")
        out = progress_of(tmp_path, capsys, "2026-05-11", late)
        assert line_of(out, "phase        vaccination").endswith("gate passed late")
        # 7 May (the phase's last day): no doses, 0%; 11 May: 90%
        assert line_of(out, "  gate").split() == [
            *("gate", "doses", "90%", "passed", "late", "needs", "80%;"),
            *("0%", "when", "the", "phase", "ended"),
        ]


class TestProgressJSON:
    def test_gate_in_the_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON has each phase's state, gate conditions and gate as a whole."""
        out = progress_of(tmp_path, capsys, "2026-05-08", DOSES, "--format", "json")
        phases = {p["id"]: p for p in json.loads(out)["phases"]}
        vaccination = phases["vaccination"]
        assert (vaccination["state"], vaccination["gate"]) == ("finished", "passed")
        [gate] = vaccination["gates"]
        assert (gate["indicator"], gate["threshold"], gate["state"]) == ("doses", 0.8, "passed")
        assert gate["value"] == pytest.approx(0.9)
        assert phases["review"]["state"] == "not_started"
