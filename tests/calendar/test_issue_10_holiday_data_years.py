"""Issue 10: years outside the holidays package's data are named where the data ends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import Severity
from campaignkit.calendar import WorkingCalendar
from campaignkit.cli import main
from campaignkit.io import dump
from campaignkit.model import CalendarSpec, Campaign, Window
from campaignkit.scheduling import schedule

D = dt.date
CN_1800 = Campaign(
    id="c",
    name="C",
    window=Window(start=D(1800, 1, 1), end=D(1800, 12, 31)),
    calendar=CalendarSpec(country="CN"),
)
MESSAGE = (
    "the holidays package has CN holidays for 1950 .. 2100 only; days of 1800-01-01 .. "
    "1800-12-31 outside those years count weekends and the calendar's extras only"
)


class TestHolidayDataYears:
    def test_years_of_a_country(self) -> None:
        """The calendar knows the years its country's data covers; none without a country."""
        assert WorkingCalendar(country="CN").holiday_years == (1950, 2100)
        assert WorkingCalendar().holiday_years is None

    def test_a_china_calendar_in_1800_has_weekends_only(self) -> None:
        """No Spring Festival in 1800: that is what the warning is about."""
        cal = WorkingCalendar(country="CN")
        assert cal.working_days(D(1800, 1, 1), D(1800, 12, 31)) == WorkingCalendar().working_days(
            D(1800, 1, 1), D(1800, 12, 31)
        )

    def test_check_warns_at_the_window(self) -> None:
        """Campaign.check() names the years the data covers."""
        [warning] = CN_1800.check()
        assert (warning.path, warning.code, warning.severity) == (
            "$.window",
            "outside-holiday-data",
            Severity.WARNING,
        )
        assert warning.message == MESSAGE

    def test_window_partly_outside(self) -> None:
        """A window running past 2100 is warned about too."""
        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(2100, 6, 1), end=D(2101, 6, 1)),
            calendar=CalendarSpec(country="CN"),
        )
        assert [w.code for w in c.check()] == ["outside-holiday-data"]

    @pytest.mark.parametrize(("country", "year"), [("CN", 2010), (None, 1800)])
    def test_no_warning_inside_the_data_or_without_a_country(
        self, country: str | None, year: int
    ) -> None:
        """Inside the data's years, or with weekends only, nothing is remarked on."""
        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(year, 1, 1), end=D(year, 12, 31)),
            calendar=CalendarSpec(country=country),
        )
        assert c.check() == []

    def test_schedule_notes_it(self) -> None:
        """The schedule carries the same sentence as a note, which reports show."""
        assert schedule(CN_1800).notes == (f"calendar: {MESSAGE}",)

    def test_cli_validate_prints_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``campaignkit validate`` prints the warning, located at the window."""
        path = tmp_path / "c.yaml"
        dump(CN_1800, path)
        assert main(["validate", str(path)]) == 0
        err = capsys.readouterr().err
        assert err == f"{path}: $.window: {MESSAGE} [outside-holiday-data] (warning)\n"
