"""``campaignkit schedule --party/--role/--ics/--alarm``: a person's agenda and calendar."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

import campaignkit.io as ckio
from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.scheduling import Schedule, schedule

CAMPAIGN = str(Path(__file__).parents[2] / "examples" / "changsheng" / "campaign.yaml")
MARCH = ["--from", "2010-03-01", "--to", "2010-03-12"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its status, stdout and stderr."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def plan() -> Schedule:
    return schedule(ckio.load(CAMPAIGN))


class TestRoles:
    def test_role_filter_and_column(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The discipline secretary supervises the study tour of 8 March: --role supervise
        lists it alone, with every role she plays in it."""
        argv = ["schedule", CAMPAIGN, "--party", "discipline-secretary", "--role", "supervise"]
        status, out, _ = run([*argv, *MARCH, "--lang", "en"], capsys)
        assert status == EXIT_OK
        row = next(line for line in out.splitlines() if line.startswith("2010-"))
        assert "womens-day-tour" in row
        assert row.endswith("supervise, participant")
        assert out.endswith("1 items for discipline-secretary\n")

    def test_json_and_csv_carry_the_roles(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON items carry a list of roles, CSV rows a `roles` column (joined by ';')."""
        argv = ["schedule", CAMPAIGN, "--party", "yu-xianfa", *MARCH]
        _, out, _ = run([*argv, "--format", "json"], capsys)
        roles = {item["ref"]: item["roles"] for item in json.loads(out)["items"]}
        assert roles["weekly-meeting@2010-03-05"] == ["lead", "participant"]
        assert roles["forum-debate-villages"] == ["participant"]
        _, out, _ = run([*argv, "--format", "csv"], capsys)
        rows = {row["ref"]: row["roles"] for row in csv.DictReader(io.StringIO(out))}
        assert rows["weekly-meeting@2010-03-05"] == "lead;participant"

    def test_role_needs_a_party(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--role without --party is bad input at --role."""
        status, out, err = run(["schedule", CAMPAIGN, "--role", "lead"], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert (
            err
            == "command line: --role: --role only means something with --party [invalid-value]\n"
        )


def _starts(path: Path) -> list[object]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = recurring_ical_events.of(cal).between((1900, 1, 1), (2200, 1, 1))
    return sorted(e["DTSTART"].dt for e in events if "phase" not in str(e["UID"]))


class TestPartyCalendar:
    def test_ics_holds_the_partys_agenda(
        self, plan: Schedule, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--party with --ics writes that person's calendar: whatever --from/--to say, its
        expanded events start exactly when the items of the person's agenda do."""
        target = tmp_path / "mayor.ics"
        argv = ["schedule", CAMPAIGN, "--party", "mayor", "--to", "2009-12-31"]
        status, _, _ = run([*argv, "--ics", str(target)], capsys)
        assert status == EXIT_OK
        agenda = plan.agenda("mayor")
        assert _starts(target) == sorted(e.start for e in agenda)
        assert len(agenda) < plan.occurrence_count + len(plan.activities)

    def test_alarm(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--alarm 30 reminds 30 minutes before every event but the phases."""
        target = tmp_path / "yu.ics"
        argv = ["schedule", CAMPAIGN, "--party", "yu-xianfa", "--ics", str(target)]
        assert run([*argv, "--alarm", "30"], capsys)[0] == EXIT_OK
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        items = [e for e in events if not str(e["UID"]).startswith("phase:")]
        assert items
        assert all(e.walk("VALARM")[0]["TRIGGER"].to_ical() == b"-PT30M" for e in items)

    @pytest.mark.parametrize(("value", "trigger"), [("0", b"P0D"), ("10080", b"-P7D")])
    def test_alarm_bounds(
        self, value: str, trigger: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """0 (at the start) and 10080 (a week before) are the bounds --alarm accepts."""
        target = tmp_path / "plan.ics"
        assert run(["schedule", CAMPAIGN, "--ics", str(target), "--alarm", value], capsys)[0] == 0
        assert b"TRIGGER:" + trigger + b"\r\n" in target.read_bytes()

    @pytest.mark.parametrize("value", ["-5", "soon", "20000", "10081", "１５", "9" * 5000])
    def test_bad_alarm(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """An --alarm that is not whole minutes from 0 to a week is bad input at --alarm."""
        status, _, err = run(["schedule", CAMPAIGN, "--ics", "x.ics", f"--alarm={value}"], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith("command line: --alarm: ")
        assert err.endswith("[invalid-value]\n")

    def test_alarm_needs_ics(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--alarm without --ics is bad input."""
        status, _, err = run(["schedule", CAMPAIGN, "--alarm", "10"], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.endswith("--alarm only means something with --ics [invalid-value]\n")


class TestExportAgain:
    def test_same_export_again_changes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Exporting into the file of an earlier export keeps its bytes when nothing changed."""
        target = tmp_path / "plan.ics"
        run(["schedule", CAMPAIGN, "--ics", str(target)], capsys)
        first = target.read_bytes()
        run(["schedule", CAMPAIGN, "--ics", str(target)], capsys)
        assert target.read_bytes() == first

    def test_changed_event_gets_a_higher_sequence(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reminder added to the calendar changes every item: their SEQUENCE rises to 1."""
        target = tmp_path / "plan.ics"
        run(["schedule", CAMPAIGN, "--ics", str(target)], capsys)
        run(["schedule", CAMPAIGN, "--ics", str(target), "--alarm", "15"], capsys)
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        sequences = {(str(e["UID"]).startswith("phase:"), int(e["SEQUENCE"])) for e in events}
        assert sequences == {(True, 0), (False, 1)}  # (is a phase, SEQUENCE)

    def test_a_foreign_file_is_not_replaced(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An --ics file that holds something else is left alone: bad-calendar at --ics."""
        target = tmp_path / "notes.ics"
        target.write_text("my notes\n", encoding="utf-8")
        status, out, err = run(["schedule", CAMPAIGN, "--ics", str(target)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"command line: --ics: {target} holds no calendar campaignkit wrote")
        assert err.endswith("[bad-calendar]\n")
        assert target.read_text(encoding="utf-8") == "my notes\n"
