"""Properties of schedule() over whole drawn campaigns."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
from hypothesis import HealthCheck, given, settings

from campaignkit import strategies
from campaignkit.calendar import WorkingCalendar
from campaignkit.io import to_ical
from campaignkit.model import Campaign, NonWorkingDayPolicy
from campaignkit.scheduling import schedule

D = dt.date
campaigns = strategies.campaigns()


@given(campaigns)
def test_items_lie_in_their_spans_and_keys_are_unique(c: Campaign) -> None:
    """Occurrences and placed activities lie in their spans; occurrence keys are unique."""
    s = schedule(c)  # drawn campaigns are schedulable by construction: any error fails
    spans = {id: (a, b) for id, a, b in s.spans}
    keys = set()
    for o in s.occurrences():
        a, b = spans[o.subject]
        assert a <= o.day <= b
        keys.add(o.key)
    assert len(keys) == s.occurrence_count
    for act in s.activities:
        if act.placed:
            a, b = spans[act.series]
            assert a <= act.day <= b
    refs = [a.ref for a in s.activities]
    assert len(refs) == len(set(refs))


@given(campaigns)
def test_policies_keep_items_off_days_off(c: Campaign) -> None:
    """Under skip / next / previous no occurrence falls on a non-working day; placed activities
    never do."""
    s = schedule(c)  # drawn campaigns are schedulable by construction: any error fails
    cal = WorkingCalendar.for_campaign(c)
    for m in c.mechanisms:
        if m.on_non_working_day is not NonWorkingDayPolicy.KEEP:
            assert all(cal.is_working_day(o.day) for o in s.occurrences(m.id))
    assert all(cal.is_working_day(a.day) for a in s.activities if a.placed)


@given(campaigns)
def test_scheduling_is_deterministic(c: Campaign) -> None:
    """Scheduling twice gives equal schedules."""
    assert schedule(c) == schedule(c)


@given(campaigns)
def test_phase_dates_satisfy_dependencies(c: Campaign) -> None:
    """Every relative phase starts after each predecessor ends, lasts its duration, and ends in
    the window; slack is never negative."""
    s = schedule(c)  # drawn campaigns are schedulable by construction: any error fails
    cal = WorkingCalendar.for_campaign(c)
    for phase in c.phases:
        d = s.phase(phase.id)
        assert d.slack >= 0
        assert d.end <= c.window.end
        if phase.duration is not None:
            assert cal.working_days(d.start, d.end) == phase.duration
            for before in phase.after:
                assert (
                    cal.working_days(s.phase(before).end + dt.timedelta(days=1), d.start)
                    >= phase.lag + 1
                )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns)
def test_ical_round_trip_is_exact(c: Campaign) -> None:
    """The iCalendar export, expanded by recurring-ical-events, gives the schedule's own times."""
    s = schedule(c)  # drawn campaigns are schedulable by construction: any error fails
    cal = icalendar.Calendar.from_ical(to_ical(s))
    events = recurring_ical_events.of(cal).between(D(2000, 1, 1), D(2100, 1, 1))
    got = sorted(
        (e["DTSTART"].dt, e["DTEND"].dt)
        for e in events
        if "phase" not in e.get("CATEGORIES").to_ical().decode()
    )
    assert got == sorted((i.start, i.end) for i in s.items())
