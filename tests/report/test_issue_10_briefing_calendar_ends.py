"""Issue 10: ``briefing --week`` at 0001-01-01 or 9999-12-31 is a located error, not a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import ValidationError
from campaignkit.cli import EXIT_BAD_INPUT, main
from campaignkit.io import dump
from campaignkit.model import Campaign, Mechanism, Window
from campaignkit.report import weekly_briefing
from campaignkit.scheduling import schedule
from campaignkit.tracking import Ledger

D = dt.date


def _campaign(start: dt.date, end: dt.date) -> Campaign:
    m = Mechanism(
        id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=WE", on_non_working_day="keep"
    )
    return Campaign(id="c", name="C", window=Window(start=start, end=end), mechanisms=(m,))


def _problem(c: Campaign, day: dt.date) -> tuple[str, str, str]:
    with pytest.raises(ValidationError) as caught:
        weekly_briefing(c, schedule(c), Ledger(), day)
    (problem,) = caught.value.problems
    return problem.path, problem.code, problem.message


class TestWeeksAtTheCalendarEnds:
    def test_first_week_of_year_1(self) -> None:
        """0001-01-01 (a Monday) has no week before it: week-out-of-range."""
        c = _campaign(D(1, 1, 1), D(1, 1, 31))
        path, code, message = _problem(c, D(1, 1, 1))
        assert (path, code) == ("$.week_of", "week-out-of-range")
        assert message.startswith("the week of 0001-01-01 has no week before it")

    def test_last_week_of_9999(self) -> None:
        """9999-12-31 (a Friday) has no week after it: week-out-of-range."""
        c = _campaign(D(9999, 12, 1), D(9999, 12, 31))
        path, code, message = _problem(c, D(9999, 12, 31))
        assert (path, code) == ("$.week_of", "week-out-of-range")
        assert message.startswith("the week of 9999-12-31 has no week after it")

    @pytest.mark.parametrize("day", [D(1, 1, 1), D(9999, 12, 31)])
    def test_far_from_the_campaign(self, day: dt.date) -> None:
        """The ends of the calendar, far from a campaign of 2026: week-outside-campaign."""
        c = _campaign(D(2026, 3, 2), D(2026, 3, 31))
        path, code, message = _problem(c, day)
        assert (path, code) == ("$.week_of", "week-outside-campaign")
        assert message.endswith("a briefing covers the weeks from 2026-02-23 to 2026-04-06")

    def test_campaign_at_the_end_of_the_calendar(self) -> None:
        """A campaign in the first days of year 1 names the weeks it covers without overflowing."""
        c = _campaign(D(1, 1, 1), D(1, 1, 31))
        path, code, message = _problem(c, D(2026, 3, 2))
        assert (path, code) == ("$.week_of", "week-outside-campaign")
        assert message.endswith("a briefing covers the weeks from 0001-01-01 to 0001-02-05")

    def test_second_week_of_year_1_is_a_briefing(self) -> None:
        """From the week of 0001-01-08 on, the weeks around exist: a sheet comes back."""
        c = _campaign(D(1, 1, 1), D(1, 1, 31))
        sheet = weekly_briefing(c, schedule(c), Ledger(), D(1, 1, 8))
        assert (sheet.last_start, sheet.week_start, sheet.next_end) == (
            D(1, 1, 1),
            D(1, 1, 8),
            D(1, 1, 21),
        )

    @pytest.mark.parametrize(
        ("start", "end", "week", "side"),
        [
            (D(1, 1, 1), D(1, 1, 31), "0001-01-01", "before"),
            (D(9999, 12, 1), D(9999, 12, 31), "9999-12-31", "after"),
        ],
    )
    def test_cli(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        start: dt.date,
        end: dt.date,
        week: str,
        side: str,
    ) -> None:
        """``campaignkit briefing --week`` at the ends: exit 2, located at --week."""
        campaign = tmp_path / "c.yaml"
        dump(_campaign(start, end), campaign)
        records = tmp_path / "r.csv"
        records.write_text("id,kind,ref,date\n", encoding="utf-8")
        status = main(["briefing", str(campaign), "--records", str(records), "--week", week])
        err = capsys.readouterr().err
        assert status == EXIT_BAD_INPUT
        assert err.startswith(f"command line: --week: the week of {week} has no week {side} it")
        assert err.endswith("[week-out-of-range]\n")
