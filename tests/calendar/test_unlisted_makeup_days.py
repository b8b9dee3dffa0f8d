"""Make-up workdays (调休) are set each year by decree: a year after the last one the
``holidays`` package lists them for is warned of, as it may not know the year yet.

Which year that is depends on the package's version, so the tests find it first.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import holidays
import pytest

from campaignkit import Severity
from campaignkit.calendar import WorkingCalendar
from campaignkit.cli import main
from campaignkit.io import dump
from campaignkit.model import CalendarSpec, Campaign, Window
from campaignkit.scheduling import schedule

D = dt.date


def _listed(country: str) -> set[int]:
    """The years with make-up workdays the installed package lists for *country*."""
    table = holidays.country_holidays(country, years=range(2000, 2101))
    return {day.year for day in table.weekend_workdays}


LAST = max(_listed("CN"))


def _china(first: int, last: int, **calendar: object) -> Campaign:
    return Campaign(
        id="c",
        name="C",
        window=Window(start=D(first, 1, 1), end=D(last, 12, 31)),
        calendar=CalendarSpec(country="CN", **calendar),  # type: ignore[arg-type]
    )


def _message(years: str) -> str:
    return (
        f"the holidays package lists CN make-up workdays up to {LAST} and none for {years}, "
        "whose arrangement (set each year) it may not know yet: bridging days off would count "
        "as working days, make-up days as weekend; give the days moved as the calendar's "
        "extra_holidays and extra_workdays"
    )


class TestUnlistedMakeupDays:
    def test_the_premise(self) -> None:
        """The year after the last listed has no weekend day worked in the calendar, where
        the last listed has some: that is what the warning is about."""
        assert LAST < 2100
        cal = WorkingCalendar(country="CN")

        def worked_weekend_days(year: int) -> int:
            days = (D(year, 1, 1) + dt.timedelta(days=i) for i in range(365))
            return sum(day.weekday() >= 5 and cal.is_working_day(day) for day in days)

        assert worked_weekend_days(LAST) > 0
        assert worked_weekend_days(LAST + 1) == 0

    def test_a_listed_year_is_not_warned_of(self) -> None:
        """2010 (the Changsheng campaign's year) and the last listed year: nothing."""
        assert _china(2010, 2010).check() == []
        assert _china(LAST, LAST).check() == []
        assert schedule(_china(LAST, LAST)).notes == ()

    def test_the_next_year_is_warned_of_at_the_window(self) -> None:
        """Campaign.check() warns at the window, and the schedule notes the same sentence."""
        campaign = _china(LAST, LAST + 1)
        [warning] = campaign.check()
        assert (warning.path, warning.code, warning.severity) == (
            "$.window",
            "unlisted-makeup-days",
            Severity.WARNING,
        )
        assert warning.message == _message(str(LAST + 1))
        assert schedule(campaign).notes == (f"calendar: {warning.message}",)

    def test_the_two_years_after_are_named_as_a_span(self) -> None:
        """The two years after the last listed may lack theirs; later ones are not named
        (the package follows each year's decree within months: a country none are listed
        for long after has stopped, or the package is years old)."""
        [warning] = _china(LAST + 1, LAST + 5).check()
        assert warning.message == _message(f"{LAST + 1} .. {LAST + 2}")
        assert _china(LAST + 3, LAST + 4).check() == []

    def test_a_year_before_the_last_listed_is_known(self) -> None:
        """Regression: Azerbaijan's 2018, which has no make-up workdays although later years
        have, was warned of ("up to 2015 and none for 2018"): the last listed year is the
        data's last, not the window's."""
        listed = _listed("AZ")
        quiet = max(year for year in range(2000, max(listed)) if year not in listed)
        campaign = Campaign(
            id="c",
            name="C",
            window=Window(start=D(quiet, 3, 2), end=D(quiet, 5, 29)),
            calendar=CalendarSpec(country="AZ"),
        )
        assert campaign.check() == []

    def test_days_of_the_calendars_own_in_a_year_take_it_as_given(self) -> None:
        """A year in which the calendar has extra days of its own (the decree's, entered
        by hand) is not warned of; the other years still are."""
        given = (D(LAST + 1, 2, 6),)
        assert _china(LAST + 1, LAST + 1, extra_workdays=given).check() == []
        [warning] = _china(LAST + 1, LAST + 2, extra_holidays=given).check()
        assert warning.message == _message(str(LAST + 2))
        cal = WorkingCalendar(country="CN", extra_workdays=given)
        assert cal.makeup_data_note(D(LAST + 1, 1, 1), D(LAST + 1, 12, 31)) is None

    @pytest.mark.parametrize("country", ["DE", "US", None])
    def test_a_country_without_makeup_days_is_not_warned_of(self, country: str | None) -> None:
        campaign = Campaign(
            id="c",
            name="C",
            window=Window(start=D(LAST + 1, 1, 1), end=D(LAST + 1, 12, 31)),
            calendar=CalendarSpec(country=country),
        )
        assert campaign.check() == []

    def test_every_command_tells_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """It changes which days are working days, so every command prints it (as it
        prints that the window leaves the package's years), located at the window."""
        path = tmp_path / "c.yaml"
        dump(_china(LAST + 1, LAST + 1), path)
        assert main(["schedule", str(path), "--format", "csv"]) == 0
        err = capsys.readouterr().err
        message = _message(str(LAST + 1))
        assert f"{path}: $.window: {message} [unlisted-makeup-days] (warning)\n" in err


def test_the_probe_warns_the_caller_of_nothing() -> None:
    """Regression: looking back for make-up days asked the package for India's years before
    2001, and it warned (a UserWarning) from inside every check of an Indian campaign."""
    campaign = Campaign(
        id="c",
        name="C",
        window=Window(start=D(2027, 1, 1), end=D(2027, 3, 1)),
        calendar=CalendarSpec(country="IN"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert campaign.check() == []
