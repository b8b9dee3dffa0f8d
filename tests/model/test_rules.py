"""Tests for campaignkit.model._rules: reading RFC 5545 recurrence text."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from campaignkit.model._rules import normalise_rule, parse_rule

START = dt.datetime(2010, 3, 1, 9, 0)  # a Monday


def days(text: str, n: int = 3) -> list[str]:
    return [d.date().isoformat() for d in itertools.islice(parse_rule(text, START), n)]


class TestNormaliseRule:
    def test_bare_freq_becomes_rrule(self) -> None:
        """A bare FREQ= line is labelled RRULE:, blank lines and indentation go."""
        assert normalise_rule("\n  FREQ=DAILY\n\n EXDATE:20100302T090000 ") == (
            "RRULE:FREQ=DAILY\nEXDATE:20100302T090000"
        )

    def test_properties_are_kept(self) -> None:
        """Lines that already name their property are kept as they are."""
        text = "DTSTART:20100301T090000\nRRULE:FREQ=DAILY\nRDATE:20100310T090000"
        assert normalise_rule(text) == text


class TestParseRule:
    def test_dtstart_argument(self) -> None:
        """Without a DTSTART line the rule starts at the dtstart given."""
        assert days("FREQ=WEEKLY;BYDAY=WE") == ["2010-03-03", "2010-03-10", "2010-03-17"]

    def test_dtstart_line_wins(self) -> None:
        """A DTSTART line in the text wins over the dtstart given."""
        assert days("DTSTART:20100305T090000\nRRULE:FREQ=DAILY", 2) == ["2010-03-05", "2010-03-06"]

    def test_exdate_and_rdate(self) -> None:
        """EXDATE drops a day of the rule and RDATE adds one."""
        text = "RRULE:FREQ=DAILY;COUNT=3\nEXDATE:20100302T090000\nRDATE:20100310T090000"
        assert days(text, 5) == ["2010-03-01", "2010-03-03", "2010-03-10"]

    def test_rdate_alone(self) -> None:
        """A recurrence may be RDATE lines alone."""
        assert days("RDATE:20100305T090000,20100301T090000") == ["2010-03-01", "2010-03-05"]

    def test_monthly_31_skips_short_months(self) -> None:
        """BYMONTHDAY=31 skips months without a 31st rather than moving them (RFC 5545)."""
        assert days("FREQ=MONTHLY;BYMONTHDAY=31") == ["2010-03-31", "2010-05-31", "2010-07-31"]

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=FORTNIGHTLY",
            "FREQ=DAILY;BYHOUR=25",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=DAILY;COLOR=red",
            "EXDATE:20100302T090000",
        ],
    )
    def test_not_rfc_5545(self, text: str) -> None:
        """Text dateutil cannot read, or with neither RRULE nor RDATE, raises ValueError."""
        with pytest.raises(ValueError):  # noqa: PT011 - the message is dateutil's
            parse_rule(text, START)

    @pytest.mark.parametrize(
        "text",
        [
            "DTSTART;TZID=Asia/Shanghai:20100301T090000\nRRULE:FREQ=DAILY",
            "FREQ=DAILY;UNTIL=20100310T000000Z",
            "RRULE:FREQ=DAILY\nEXDATE:20100302T010000Z",
            "RDATE:20100302T010000Z",
        ],
    )
    def test_zoned_times_are_refused(self, text: str) -> None:
        """Times with TZID or a trailing Z are refused: times are local to the campaign."""
        with pytest.raises(ValueError, match="drop TZID and the trailing Z"):
            parse_rule(text, START)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a positive integer"),
            ("FREQ=WEEKLY;INTERVAL=-2", "INTERVAL must be a positive integer"),
            ("FREQ=DAILY;COUNT=0", "COUNT must be a positive integer"),
            ("FREQ=DAILY;COUNT=3;UNTIL=20100310T000000", "COUNT and UNTIL"),
            ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
            ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
            ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY"),
            ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO"),
            ("FREQ=WEEKLY;BYDAY=1MO", "needs FREQ=MONTHLY or YEARLY"),
            ("FREQ=MONTHLY;BYDAY=6FR", "lies in 1..5"),
            ("EXRULE:FREQ=DAILY;INTERVAL=0\nRRULE:FREQ=DAILY", "INTERVAL"),
        ],
    )
    def test_rfc_breaches_dateutil_accepts_are_refused(self, text: str, message: str) -> None:
        """Rules RFC 5545 forbids and dateutil would take (and hang on, or never match) are refused."""
        with pytest.raises(ValueError, match=message):
            parse_rule(text, START)

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=MONTHLY;BYMONTHDAY=-31,31",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=20MO",
            "FREQ=YEARLY;BYYEARDAY=-366",
            "freq=weekly;interval=2;byday=mo",
        ],
    )
    def test_limits_themselves_are_accepted(self, text: str) -> None:
        """Values at the ends of the RFC 5545 ranges, and lower-case text, are accepted."""
        parse_rule(text, START)

    def test_interval_zero_is_refused_quickly(self) -> None:
        """INTERVAL=0, which would make dateutil loop for ever, is refused before expanding."""
        with pytest.raises(ValueError, match="INTERVAL"):
            list(parse_rule("FREQ=DAILY;INTERVAL=0", START))


class TestDateOnlyExceptions:
    def test_exdate_with_value_date_is_refused(self) -> None:
        """An all-day EXDATE would never remove a timed occurrence, so it is refused."""
        with pytest.raises(ValueError, match="EXDATE with VALUE=DATE"):
            parse_rule(
                "RRULE:FREQ=WEEKLY;BYDAY=FR\nEXDATE;VALUE=DATE:20100219",
                dt.datetime(2010, 1, 1, 16),
            )

    def test_exdate_with_a_time_removes_the_occurrence(self) -> None:
        """The timed form removes exactly that Friday."""
        rules = parse_rule(
            "RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=3\nEXDATE:20100108T160000",
            dt.datetime(2010, 1, 1, 16),
        )
        assert [d.date() for d in rules] == [dt.date(2010, 1, 1), dt.date(2010, 1, 15)]
