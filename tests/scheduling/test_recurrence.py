"""Recurring mechanisms: expansion, non-working-day policies, stable keys, guards on rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from dateutil.rrule import rrulestr
from hypothesis import example, given
from hypothesis import strategies as st

from campaignkit import SchedulingError, strategies
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import (
    CalendarSpec,
    Campaign,
    Cascade,
    Mechanism,
    NonWorkingDayPolicy,
    Unit,
    Window,
    parse_rule,
)
from campaignkit.scheduling import schedule
from campaignkit.scheduling._recurrence import Expansion, RuleError, expand, raw_dates

D = dt.date
CN = WorkingCalendar(country="CN")
EVERY_DAY = WorkingCalendar(weekend=())
SPAN_START, SPAN_END = D(2010, 1, 1), D(2010, 4, 30)
NO_COUNTRY = CalendarSpec()
TimeLimit = Callable[[int], AbstractContextManager[None]]


def _expand(
    rule: str,
    policy: str = "keep",
    start: dt.date = SPAN_START,
    end: dt.date = SPAN_END,
    cal: WorkingCalendar = CN,
    limit: int = 10_000,
) -> Expansion:
    return expand(
        rule,
        start,
        end,
        time=dt.time(9),
        duration_minutes=90,
        policy=NonWorkingDayPolicy(policy),
        calendar=cal,
        timezone="Asia/Shanghai",
        limit=limit,
    )


class TestPolicies:
    RULE = "FREQ=WEEKLY;BYDAY=FR"  # Friday 19 February 2010 falls in Spring Festival

    def test_keep(self) -> None:
        """keep leaves the festival Friday where it is."""
        days = {s.rule_date: s.start.date() for s in _expand(self.RULE, "keep").slots}
        assert days[D(2010, 2, 19)] == D(2010, 2, 19)

    def test_skip(self) -> None:
        """skip drops the festival Friday and keeps the others."""
        days = [s.rule_date for s in _expand(self.RULE, "skip").slots]
        assert D(2010, 2, 19) not in days
        assert D(2010, 2, 12) in days
        assert D(2010, 2, 26) in days

    def test_next_working_day(self) -> None:
        """next_working_day moves Friday 19 to the make-up Saturday 20, keeping its rule date."""
        slot = next(
            s for s in _expand(self.RULE, "next_working_day").slots if s.rule_date == D(2010, 2, 19)
        )
        assert slot.start.date() == D(2010, 2, 20)

    def test_previous_working_day(self) -> None:
        """previous_working_day moves Friday 19 back to Friday 12, the last working day before the
        festival, which has its own meeting: both are kept, and a note says so."""
        ex = _expand(self.RULE, "previous_working_day")
        on_12 = [s.rule_date for s in ex.slots if s.start.date() == D(2010, 2, 12)]
        assert on_12 == [D(2010, 2, 12), D(2010, 2, 19)]
        assert any("share a day" in n and "2010-02-12" in n for n in ex.notes)

    def test_times_are_aware_with_duration(self) -> None:
        """Occurrences are aware, in the campaign's zone, and end after their duration."""
        slot = _expand(self.RULE).slots[0]
        assert slot.start.tzinfo is not None
        assert str(slot.start.tzinfo) == "Asia/Shanghai"
        assert slot.start.time() == dt.time(9)
        assert slot.end - slot.start == dt.timedelta(minutes=90)

    def test_moved_out_of_the_span_is_dropped_and_noted(self) -> None:
        """A rule date on the span's last day, moved to the next working day beyond the span, is
        dropped with a note."""
        ex = _expand("FREQ=DAILY", "next_working_day", start=D(2010, 2, 8), end=D(2010, 2, 13))
        assert [s.rule_date.day for s in ex.slots] == [8, 9, 10, 11, 12]
        assert any("leave the span" in n for n in ex.notes)

    def test_explicit_dtstart_wins(self) -> None:
        """A DTSTART line in the rule sets the time and the phase of an interval."""
        ex = _expand(
            "DTSTART:20100106T143000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
            start=D(2010, 1, 1),
            end=D(2010, 1, 31),
        )
        assert [s.start.strftime("%d %H:%M") for s in ex.slots] == ["06 14:30", "20 14:30"]

    def test_rdate_and_exdate(self) -> None:
        """RDATE adds and EXDATE removes rule dates."""
        ex = _expand(
            "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE:20100111T090000\nRDATE:20100113T090000",
            start=D(2010, 1, 4),
            end=D(2010, 1, 17),
        )
        assert [s.rule_date.day for s in ex.slots] == [4, 13]


class TestNastyRules:
    """Every rule here must come back quickly: bounded by a generous alarm."""

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-30",
            "FREQ=DAILY;BYWEEKNO=53;BYMONTH=7",
            "FREQ=DAILY;BYYEARDAY=366;BYMONTH=1",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;BYSETPOS=1",
            "FREQ=DAILY;BYSETPOS=2",  # a day holds one candidate
            "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3",
        ],
    )
    def test_impossible_rules_yield_nothing_and_say_so(
        self, rule: str, time_limit: TimeLimit
    ) -> None:
        """A rule that can never yield a date returns no occurrence, fast, with a note."""
        with time_limit(10):
            ex = _expand(rule)
        assert ex.slots == ()
        assert ex.notes == ("its rule can never yield a date, so it has no occurrences",)

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;INTERVAL=4",  # DTSTART 2010: never a leap year
            "DTSTART:20090101T090000\nRRULE:FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # 1 Jan 2009 is a Thursday
            "FREQ=DAILY;BYMONTH=7",  # not in the span, but later
            "FREQ=DAILY;UNTIL=20000101T000000",  # UNTIL before the span
            "DTSTART:20300101T090000\nRRULE:FREQ=DAILY",  # DTSTART after the span
            "FREQ=MONTHLY;BYDAY=5FR;BYMONTH=2",  # a fifth Friday in February: 2036, far away
            "FREQ=YEARLY;INTERVAL=1000",
            "FREQ=DAILY;INTERVAL=2147483647",
            "FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=2",  # impossible, found by the short search
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",  # Monday 29 February: 2016
        ],
    )
    def test_rules_with_nothing_in_the_span_are_fast(
        self, rule: str, time_limit: TimeLimit
    ) -> None:
        """A rule with no date in the span (but maybe one later) returns at most its first date, fast."""
        with time_limit(10):
            ex = _expand(rule, start=D(2010, 1, 2), end=D(2010, 4, 30))
        assert len(ex.slots) <= 1
        if not ex.slots:
            assert ex.notes
            assert "no occurrences" in ex.notes[0]

    def test_huge_count_is_clipped_to_the_span(self, time_limit: TimeLimit) -> None:
        """COUNT=1000000000 daily yields only the span's 120 days."""
        with time_limit(10):
            ex = _expand("FREQ=DAILY;COUNT=1000000000")
        assert len(ex.slots) == 120  # 1 January - 30 April 2010: 31 + 28 + 31 + 30

    def test_ancient_dtstart_is_fast_forwarded(self, time_limit: TimeLimit) -> None:
        """A daily rule starting in year 1 is not walked through two thousand years."""
        with time_limit(10):
            ex = _expand(
                "DTSTART:00010101T090000\nRRULE:FREQ=DAILY", start=D(2010, 1, 1), end=D(2010, 1, 31)
            )
        assert len(ex.slots) == 31

    def test_ancient_dtstart_with_count_is_refused(self) -> None:
        """A COUNT rule starting centuries before the span cannot be fast-forwarded: a clear error."""
        with pytest.raises(RuleError) as info:
            _expand("DTSTART:15000101T090000\nRRULE:FREQ=DAILY;COUNT=99999999")
        assert info.value.code == "rule-start-too-early"

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=SECONDLY",
            "FREQ=MINUTELY;COUNT=5",
            "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;BYHOUR=9,15",
        ],
    )
    def test_sub_daily_rules_are_refused(self, rule: str, time_limit: TimeLimit) -> None:
        """A rule recurring more than once a day is refused: keys are dates."""
        with time_limit(10), pytest.raises(RuleError) as info:
            _expand(rule)
        assert info.value.code == "sub-daily-rule"

    def test_limit_is_enforced(self, time_limit: TimeLimit) -> None:
        """A rule with more occurrences than the limit in its span is refused quickly."""
        with time_limit(10), pytest.raises(RuleError) as info:
            _expand("FREQ=DAILY", start=D(2000, 1, 1), end=D(2030, 12, 31), limit=1000)
        assert info.value.code == "too-many-occurrences"

    def test_bysetpos_last_workday_of_the_month(self) -> None:
        """BYSETPOS=-1 over weekdays is the last weekday of each month."""
        ex = _expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
        assert [s.rule_date for s in ex.slots] == [
            D(2010, 1, 29),
            D(2010, 2, 26),
            D(2010, 3, 31),
            D(2010, 4, 30),
        ]

    def test_february_31_is_dropped_not_moved(self) -> None:
        """BYMONTHDAY=31 has no occurrence in February or April (RFC 5545 drops, it does not shift)."""
        ex = _expand("FREQ=MONTHLY;BYMONTHDAY=31")
        assert [s.rule_date for s in ex.slots] == [D(2010, 1, 31), D(2010, 3, 31)]


class TestInSchedule:
    def test_too_many_occurrences_names_the_mechanism(self) -> None:
        """schedule() turns the limit into a located SchedulingError naming the mechanism."""
        c = _campaign(Mechanism(id="daily", name="D", rule="FREQ=DAILY"))
        with pytest.raises(SchedulingError) as info:
            schedule(c, max_occurrences=10)
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.mechanisms[0].rule", "too-many-occurrences")
        assert "'daily'" in problem.message

    def test_impossible_rule_is_a_note(self) -> None:
        """An impossible rule gives an empty timeline and a note naming the mechanism."""
        c = _campaign(Mechanism(id="feb30", name="F", rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
        s = schedule(c)
        assert s.timeline("feb30").slots == ()
        assert any(n.startswith("mechanism 'feb30'") and "never" in n for n in s.notes)

    def test_cascade_shares_one_expansion(self) -> None:
        """Units of a cascade share one tuple of slots, and so do mechanisms with the same rule."""
        units = tuple(Unit(id=f"v{i}", name=f"V{i}", parent="town") for i in range(50))
        c = _campaign(
            Mechanism(
                id="a", name="A", rule="FREQ=WEEKLY;BYDAY=MO", cascade=Cascade(children_of="town")
            ),
            Mechanism(id="b", name="B", rule="FREQ=WEEKLY;BYDAY=MO"),
            units=(Unit(id="town", name="T"), *units),
        )
        s = schedule(c)
        a, b = s.timeline("a"), s.timeline("b")
        assert a.slots is b.slots
        assert len(a.units) == 50
        assert s.occurrence_count == 51 * len(a.slots)
        keys = [o.key for o in s.occurrences()]
        assert len(keys) == len(set(keys))
        assert {o.unit for o in s.occurrences("a")} == {f"v{i}" for i in range(50)}

    def test_spring_festival_week_has_no_weekly_meeting_but_makeup_saturday_may(self) -> None:
        """A Monday-to-Saturday meeting on China's calendar skips 13-19 February 2010 and holds on
        the make-up Saturday 20."""
        c = _campaign(
            Mechanism(id="weekly", name="W", rule="FREQ=WEEKLY;BYDAY=MO,SA"),
            calendar=CalendarSpec(country="CN"),
        )
        days = {o.day for o in schedule(c).occurrences()}
        assert not any(D(2010, 2, 13) <= d <= D(2010, 2, 19) for d in days)
        assert D(2010, 2, 20) in days


def _campaign(
    *mechanisms: Mechanism, units: tuple[Unit, ...] = (), calendar: CalendarSpec = NO_COUNTRY
) -> Campaign:
    return Campaign(
        id="c",
        name="C",
        timezone="Asia/Shanghai",
        calendar=calendar,
        window=Window(start=D(2010, 1, 1), end=D(2010, 4, 30)),
        mechanisms=mechanisms,
        units=units,
    )


RULES = st.sampled_from(
    [
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR",
        "FREQ=MONTHLY;BYDAY=1MO",
        "FREQ=MONTHLY;BYMONTHDAY=15,-1",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=2",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=YEARLY;BYMONTH=2,3;BYDAY=-1SU",
        "FREQ=DAILY;COUNT=7",
        "FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20100315T000000",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=YEARLY;BYYEARDAY=40,80,120",
    ]
)
SPANS = st.tuples(st.dates(D(2009, 11, 1), D(2010, 6, 30)), st.integers(0, 200))


@given(rule=RULES, span=SPANS, hour=st.integers(0, 23))
@example(rule="FREQ=WEEKLY;BYDAY=MO", span=(D(2010, 2, 1), 60), hour=9)
def test_keep_on_an_all_working_calendar_equals_dateutil(
    rule: str, span: tuple[dt.date, int], hour: int
) -> None:
    """With keep on a calendar where every day works, occurrences are dateutil's own expansion."""
    start, length = span
    end = start + dt.timedelta(days=length)
    ex = expand(
        rule,
        start,
        end,
        time=dt.time(hour),
        duration_minutes=30,
        policy=NonWorkingDayPolicy.KEEP,
        calendar=EVERY_DAY,
        timezone="UTC",
    )
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time.max)
    expected = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time(hour))).between(
        lo, hi, inc=True
    )
    assert [s.start.replace(tzinfo=None) for s in ex.slots] == expected
    assert [s.rule_date for s in ex.slots] == [d.date() for d in expected]


@given(
    rule=RULES,
    span=SPANS,
    policy=st.sampled_from(["skip", "next_working_day", "previous_working_day"]),
)
def test_policies_never_leave_an_occurrence_on_a_day_off(
    rule: str, span: tuple[dt.date, int], policy: str
) -> None:
    """Under skip / next / previous every occurrence is on a working day inside the span, keys
    are unique, and a moved occurrence keeps the rule date it came from."""
    start, length = span
    end = start + dt.timedelta(days=length)
    ex = _expand(rule, policy, start=start, end=end)
    raw = {d.date() for d in raw_dates(rule, start, end, dt.time(9), 10_000).dates}
    assert len({s.rule_date for s in ex.slots}) == len(ex.slots)
    for s in ex.slots:
        day = s.start.date()
        assert CN.is_working_day(day)
        assert start <= day <= end
        assert s.rule_date in raw
        if policy == "next_working_day":
            assert day == CN.next_working_day(s.rule_date)
        elif policy == "previous_working_day":
            assert day == CN.previous_working_day(s.rule_date)
        else:
            assert day == s.rule_date
    assert [s.start for s in ex.slots] == sorted(s.start for s in ex.slots)


WINDOW_2010 = Window(start=D(2010, 1, 4), end=D(2010, 7, 30))


@given(rule=strategies.rrules(window=WINDOW_2010, time=dt.time(8, 30)))
def test_drawn_rules_under_keep_equal_dateutil(rule: str) -> None:
    """For every rule the strategies draw (DTSTART, EXDATE, RDATE included), keep on an
    all-working calendar gives exactly dateutil's expansion of the same text in the span."""
    start, end = WINDOW_2010.start, WINDOW_2010.end
    ex = expand(
        rule,
        start,
        end,
        time=dt.time(8, 30),
        duration_minutes=45,
        policy=NonWorkingDayPolicy.KEEP,
        calendar=EVERY_DAY,
        timezone="Europe/Berlin",
    )
    parsed = parse_rule(rule, dt.datetime.combine(start, dt.time(8, 30)))
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time.max)
    expected = parsed.between(lo, hi, inc=True)
    assert [s.start.replace(tzinfo=None) for s in ex.slots] == expected
    assert all(s.end - s.start == dt.timedelta(minutes=45) for s in ex.slots)
