"""iCalendar export: read back with icalendar and recurring-ical-events, the same times come out."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.io.ical import to_ical
from campaignkit.model import (
    Activity,
    ActivitySeries,
    CalendarSpec,
    Campaign,
    Cascade,
    LeadershipGroup,
    Mechanism,
    NonWorkingDayPolicy,
    Person,
    Phase,
    Placement,
    Unit,
    Window,
)
from campaignkit.schedule import Schedule, schedule

D = dt.date
Pair = tuple[dt.datetime, dt.datetime]


def _read_back(data: bytes) -> tuple[list[Pair], list[icalendar.Event]]:
    cal = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(cal).between(D(1900, 1, 1), D(2200, 1, 1))
    items = [e for e in events if "phase" not in e.get("CATEGORIES").to_ical().decode()]
    return sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in items), list(cal.walk("VEVENT"))


def _pairs(s: Schedule) -> list[Pair]:
    return sorted((i.start, i.end) for i in s.items())


def _campaign(*mechanisms: Mechanism, **extra: object) -> Campaign:
    return Campaign(
        id="town",
        name="Town campaign",
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        window=Window(start=D(2010, 1, 1), end=D(2010, 4, 30)),
        mechanisms=mechanisms,
        **extra,  # type: ignore[arg-type]
    )


class TestShape:
    def test_recurring_event_with_exdate_and_rdate(self) -> None:
        """A Friday meeting moved off holidays is one event: RRULE, EXDATE for Fri 1 Jan and Fri
        19 Feb, RDATE for the days they moved to (Mon 4 Jan, the make-up Sat 20 Feb)."""
        s = schedule(
            _campaign(
                Mechanism(
                    id="m",
                    name="M",
                    rule="FREQ=WEEKLY;BYDAY=FR",
                    on_non_working_day="next_working_day",
                )
            )
        )
        cal = icalendar.Calendar.from_ical(to_ical(s))
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == "m@town.campaignkit"
        assert "RRULE:FREQ=WEEKLY" in event.to_ical().decode()
        text = event.to_ical().decode()
        assert "EXDATE;TZID=Asia/Shanghai:20100101T090000,20100219T090000\r\n" in text
        assert "RDATE;TZID=Asia/Shanghai:20100104T090000,20100220T090000\r\n" in text
        assert _read_back(to_ical(s))[0] == _pairs(s)

    def test_timezone_is_included(self) -> None:
        """The calendar carries a VTIMEZONE for the campaign's zone."""
        s = schedule(_campaign(Mechanism(id="m", name="M", rule="FREQ=MONTHLY;BYMONTHDAY=1")))
        cal = icalendar.Calendar.from_ical(to_ical(s))
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]

    def test_uids_are_stable_and_unique(self) -> None:
        """UIDs derive from refs: the same schedule gives the same bytes, and no UID repeats."""
        c = _campaign(
            Mechanism(
                id="m",
                name="M",
                rule="FREQ=WEEKLY;BYDAY=MO,SA",
                on_non_working_day="next_working_day",
                cascade=Cascade(units=("a", "b")),
            ),
            units=(Unit(id="a", name="A"), Unit(id="b", name="B")),
            series=(ActivitySeries(id="s", name="S", placement=Placement(count=3)),),
        )
        data = to_ical(schedule(c))
        assert data == to_ical(schedule(c))
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
        assert len(uids) == len(set(uids))
        assert "s#1@town.campaignkit" in uids

    def test_same_day_collisions_fall_back_to_single_events(self) -> None:
        """Two occurrences moved onto one time cannot share one recurring event: each gets its own."""
        c = _campaign(
            Mechanism(
                id="m",
                name="M",
                rule="FREQ=WEEKLY;BYDAY=FR,SA",
                on_non_working_day="next_working_day",
            )
        )
        s = schedule(c)
        assert len({o.start for o in s.occurrences()}) < s.occurrence_count
        got, events = _read_back(to_ical(s))
        assert got == _pairs(s)
        assert all("RRULE" not in e for e in events)

    def test_attendees_and_location(self) -> None:
        """People with an e-mail become ATTENDEEs (groups resolved); venues become LOCATION."""
        c = _campaign(
            Mechanism(id="m", name="M", rule="FREQ=MONTHLY;BYMONTHDAY=5", participants=("lg",)),
            people=(Person(id="yu", name="喻", email="yu@example.org"), Person(id="li", name="Li")),
            groups=(LeadershipGroup(id="lg", name="G", leader="yu", members=("li",)),),
            series=(
                ActivitySeries(
                    id="s",
                    name="S",
                    activities=(
                        Activity(
                            id="a", name="A", date=D(2010, 3, 3), venue="Hall", participants=("yu",)
                        ),
                    ),
                ),
            ),
        )
        _, events = _read_back(to_ical(schedule(c)))
        for event in events:
            attendee = event["ATTENDEE"]
            assert str(attendee) == "mailto:yu@example.org"
            assert attendee.params["CN"] == "喻"
        assert [str(e["LOCATION"]) for e in events if "LOCATION" in e] == ["Hall"]

    def test_phases_are_all_day_events(self) -> None:
        """A dated phase is an all-day event whose DTEND is the day after it ends."""
        c = _campaign(phases=(Phase(id="p", name="P", start=D(2010, 3, 1), end=D(2010, 3, 5)),))
        (event,) = icalendar.Calendar.from_ical(to_ical(schedule(c))).walk("VEVENT")
        assert (event["DTSTART"].dt, event["DTEND"].dt) == (D(2010, 3, 1), D(2010, 3, 6))


RULES = st.sampled_from(
    [
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=FR,SA",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=1MO,-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=DAILY;INTERVAL=4",
        "FREQ=DAILY;COUNT=20",
        "FREQ=YEARLY;BYYEARDAY=45,100",
        "RRULE:FREQ=WEEKLY;BYDAY=WE\nEXDATE:20100217T090000\nRDATE:20100218T100000",
        "DTSTART:20091230T143000\nRRULE:FREQ=WEEKLY;INTERVAL=3",
        "RDATE:20100105T080000,20100306T200000",
    ]
)


@given(
    rule=RULES,
    policy=st.sampled_from(list(NonWorkingDayPolicy)),
    zone=st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"]),
    minutes=st.integers(15, 600),
    start=st.dates(D(2010, 1, 1), D(2010, 3, 31)),
)
def test_round_trip_gives_the_same_times(
    rule: str, policy: NonWorkingDayPolicy, zone: str, minutes: int, start: dt.date
) -> None:
    """Whatever the rule, policy and zone (DST included), the exported calendar expands to the
    schedule's own (start, end) pairs."""
    c = Campaign(
        id="c",
        name="C",
        timezone=zone,
        calendar=CalendarSpec(country="CN"),
        window=Window(start=D(2009, 12, 1), end=D(2010, 6, 30)),
        mechanisms=(
            Mechanism(
                id="m",
                name="M",
                rule=rule,
                on_non_working_day=policy,
                duration_minutes=minutes,
                window=Window(start=start, end=D(2010, 6, 30)),
                time=dt.time(2, 30),  # in the night the clocks change in Berlin and New York
            ),
        ),
    )
    s = schedule(c)
    assert _read_back(to_ical(s))[0] == _pairs(s)
