"""One year of a country's calendar: working days, named holidays, make-up workdays."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit import ValidationError
from campaignkit.calendar import WorkingCalendar, calendar_year


class TestCalendarYear:
    def test_china_2010(self) -> None:
        """China 2010 has 250 working days.

        261 weekdays, less 19 weekday holidays (New Year 1, Spring Festival 5, Qingming 1,
        Labour Day 1, Dragon Boat 3, Mid-Autumn 3, National Day 5), plus 8 make-up days:
        261 - 19 + 8 = 250.
        """
        year = calendar_year("CN", 2010)
        assert year.working_days == 250
        assert (year.days, year.days_off) == (365, 115)
        assert len(year.makeup_workdays) == 8
        assert year.language == "zh_CN"

    def test_agrees_with_the_working_calendar(self) -> None:
        """The count is the scheduler's calendar's count."""
        cal = WorkingCalendar(country="CN")
        expected = cal.working_days(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        assert calendar_year("CN", 2024).working_days == expected

    def test_spring_festival_names(self) -> None:
        """Holidays carry their names, in the language asked for."""
        zh = {h.date: h.name for h in calendar_year("CN", 2010).holidays}
        en = {h.date: h.name for h in calendar_year("CN", 2010, language="en_US").holidays}
        assert zh[dt.date(2010, 2, 14)] == "春节"
        assert en[dt.date(2010, 2, 14)] == "Chinese New Year (Spring Festival)"
        assert not any(h.working for h in calendar_year("CN", 2010).holidays)

    def test_country_without_makeup_days(self) -> None:
        """A country without make-up days has none; its weekend days are off."""
        year = calendar_year("DE", 2026)
        assert year.makeup_workdays == ()
        assert year.holidays[0].name == "Neujahr"

    def test_first_and_last_years(self) -> None:
        """Years 1 and 9999 work (no date arithmetic runs off the calendar)."""
        assert calendar_year("CN", 1).days == 365
        assert calendar_year("CN", 9999).days == 365

    @pytest.mark.parametrize(
        ("kwargs", "path", "code"),
        [
            ({"country": "XX", "year": 2010}, "$.calendar.country", "unknown-country"),
            (
                {"country": "CN", "year": 2010, "subdivision": "ZZ"},
                "$.calendar.subdivision",
                "unknown-subdivision",
            ),
            ({"country": "CN", "year": 0}, "$.year", "invalid-year"),
            ({"country": "CN", "year": True}, "$.year", "invalid-year"),
            ({"country": "CN", "year": 2010, "language": "fr"}, "$.language", "unknown-language"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], path: str, code: str) -> None:
        """Bad arguments raise a ValidationError located at the argument."""
        with pytest.raises(ValidationError) as info:
            calendar_year(**kwargs)  # type: ignore[arg-type]
        assert [(p.path, p.code) for p in info.value.problems] == [(path, code)]
