"""iCalendar export: read back with icalendar and recurring-ical-events, the same times come out."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import to_ical
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
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
    WorkingBody,
)
from campaignkit.scheduling import Schedule, schedule

D = dt.date
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
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
    def test_moved_occurrences_are_overrides(self) -> None:
        """A Friday meeting moved off holidays is one recurring event and one override per move:
        RECURRENCE-ID Fri 1 Jan → Mon 4 Jan, Fri 19 Feb → the make-up Sat 20 Feb; no RDATE."""
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
        master, *overrides = cal.walk("VEVENT")
        assert str(master["UID"]) == "m@town.campaignkit"
        text = master.to_ical().decode()
        assert "RRULE:FREQ=WEEKLY" in text
        assert "RDATE" not in text
        assert "EXDATE" not in text
        moves = [
            (str(o["UID"]), o["RECURRENCE-ID"].dt.date(), o["DTSTART"].dt.date()) for o in overrides
        ]
        assert moves == [
            ("m@town.campaignkit", D(2010, 1, 1), D(2010, 1, 4)),
            ("m@town.campaignkit", D(2010, 2, 19), D(2010, 2, 20)),
        ]
        assert "Moved from 2010-02-19" in str(overrides[1]["DESCRIPTION"])
        assert _read_back(to_ical(s))[0] == _pairs(s)

    def test_issue_11_moved_last_occurrence_is_not_after_until(self) -> None:
        """The last rule date, Fri 19 Feb 2010 (Spring Festival), moves to Sat 20 Feb, after
        the rule's UNTIL: it is an override of the 19th, which lies within UNTIL, so calendars
        that drop instances after UNTIL (Google Calendar) still show it."""
        m = Mechanism(
            id="m",
            name="M",
            rule="FREQ=WEEKLY;BYDAY=FR",
            on_non_working_day="next_working_day",
            window=Window(start=D(2010, 2, 1), end=D(2010, 2, 22)),
        )
        s = schedule(_campaign(m))
        master, override = icalendar.Calendar.from_ical(to_ical(s)).walk("VEVENT")
        until = master["RRULE"]["UNTIL"][0]
        assert "RDATE" not in master
        assert override["RECURRENCE-ID"].dt <= until
        assert override["DTSTART"].dt == dt.datetime(2010, 2, 20, 9, tzinfo=TZ)
        assert (
            _read_back(to_ical(s))[0]
            == _pairs(s)
            == [
                (dt.datetime(2010, 2, d, 9, tzinfo=TZ), dt.datetime(2010, 2, d, 10, tzinfo=TZ))
                for d in (5, 12, 20)
            ]
        )

    def test_issue_11_extra_date_after_the_rule_widens_until(self) -> None:
        """An RDATE of the rule after its last Wednesday (Fri 30 April) is kept inside UNTIL."""
        m = Mechanism(id="m", name="M", rule="RRULE:FREQ=WEEKLY;BYDAY=WE\nRDATE:20100430T100000")
        s = schedule(_campaign(m))
        (master,) = icalendar.Calendar.from_ical(to_ical(s)).walk("VEVENT")
        (rdate,) = master["RDATE"].dts
        assert rdate.dt == dt.datetime(2010, 4, 30, 10, tzinfo=TZ)
        assert master["RRULE"]["UNTIL"][0] >= rdate.dt
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
    data = to_ical(s)
    assert _read_back(data)[0] == _pairs(s)
    assert to_ical(s, previous=data) == data


def _office_campaign(*, time: dt.time = dt.time(9), venue: str = "Hall") -> Campaign:
    """Fridays in February and March 2010 (19 February, in the Spring Festival, moves to the
    make-up working Saturday 20 February): the office
    meeting, led by the office (director yu), zhao answering for it; a training of the series
    led by li on 10 March; the phase p led by yu."""
    return _campaign(
        Mechanism(
            id="m",
            name="Office meeting",
            rule="FREQ=WEEKLY;BYDAY=FR",
            time=time,
            on_non_working_day="next_working_day",
            window=Window(start=D(2010, 2, 1), end=D(2010, 3, 31)),
            note="Bring the week's figures.",
        ),
        people=(
            Person(id="yu", name="Yu", email="yu@example.org"),
            Person(id="li", name="Li"),
            Person(id="zhao", name="Zhao"),
        ),
        groups=(
            LeadershipGroup(
                id="lg",
                name="G",
                leader="li",
                bodies=(WorkingBody(id="office", name="Office", director="yu"),),
            ),
        ),
        phases=(Phase(id="p", name="P", start=D(2010, 3, 1), end=D(2010, 3, 31)),),
        series=(
            ActivitySeries(
                id="s",
                name="Training",
                activities=(Activity(id="a", name="A", date=D(2010, 3, 10), venue=venue),),
            ),
        ),
        assignments=(
            Assignment(subject="m", party="office", role="lead"),
            Assignment(subject="m", party="zhao", role="responsible"),
            Assignment(subject="s", party="li", role="lead"),
            Assignment(subject="p", party="yu", role="lead"),
        ),
    )


def _by_uid(data: bytes) -> dict[tuple[str, str], icalendar.Event]:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return {(str(e["UID"]), _rid(e)): e for e in events}


def _rid(event: icalendar.Event) -> str:
    rid = event.get("RECURRENCE-ID")
    return "" if rid is None else bytes(rid.to_ical()).decode()


class TestPartyCalendar:
    def test_holds_exactly_the_partys_agenda(self) -> None:
        """Li's calendar expands to the starts of li's agenda (the training only; li leads the
        group but not the office); zhao's to the meetings, including the moved one."""
        s = schedule(_office_campaign())
        for party in ("li", "zhao", "yu", "office"):
            agenda = sorted((e.start, e.item.end) for e in s.agenda(party))
            assert _read_back(to_ical(s, party=party))[0] == agenda
        assert [e.ref for e in s.agenda("li")] == ["a"]
        zhao = _read_back(to_ical(s, party="zhao"))[0]
        assert len(zhao) == 8  # Fridays 5 Feb .. 26 Mar, 19 Feb moved to 20 Feb
        assert (
            dt.datetime(2010, 2, 20, 9, tzinfo=TZ),
            dt.datetime(2010, 2, 20, 10, tzinfo=TZ),
        ) in zhao

    def test_roles_without_a_party_refused(self) -> None:
        """Regression: roles without a party were ignored, giving the whole calendar."""
        with pytest.raises(ValueError, match="give the party too"):
            to_ical(schedule(_office_campaign()), roles=["lead"])

    def test_phases_only_where_the_party_is_assigned(self) -> None:
        """yu leads phase p, so it is in yu's calendar and not in zhao's."""
        s = schedule(_office_campaign())

        def phases(party: str) -> list[str]:
            return [uid for uid, _ in _by_uid(to_ical(s, party=party)) if uid.startswith("phase:")]

        assert phases("yu") == ["phase:p@town.campaignkit"]
        assert phases("zhao") == []

    def test_role_filter(self) -> None:
        """With roles=['responsible'], yu (who leads the meeting) has an empty calendar but for
        nothing; zhao keeps the meeting."""
        s = schedule(_office_campaign())
        assert _read_back(to_ical(s, party="yu", roles=["responsible"]))[0] == []
        assert len(_read_back(to_ical(s, party="zhao", roles=["responsible"]))[0]) == 8

    def test_calendar_name(self) -> None:
        """The calendar is named after the campaign and the party."""
        cal = icalendar.Calendar.from_ical(to_ical(schedule(_office_campaign()), party="yu"))
        assert str(cal["X-WR-CALNAME"]) == "Town campaign — Yu"


class TestDescription:
    def test_lead_responsible_roles_and_note(self) -> None:
        """The meeting names its lead and responsible parties, the party's role and the note."""
        s = schedule(_office_campaign())
        event = _by_uid(to_ical(s, party="yu"))[("m@town.campaignkit", "")]
        assert str(event["DESCRIPTION"]) == (
            "Lead: Office\nResponsible: Zhao\nYour role: lead\n\nBring the week's figures."
        )

    def test_without_party_no_role_line(self) -> None:
        """The whole calendar does not speak of anybody's role; the series' lead reaches its
        activity."""
        events = _by_uid(to_ical(schedule(_office_campaign())))
        assert str(events[("a@town.campaignkit", "")]["DESCRIPTION"]) == "Lead: Li"
        assert str(events[("phase:p@town.campaignkit", "")]["DESCRIPTION"]) == "Lead: Yu"

    def test_an_activitys_own_lead_comes_before_its_series(self) -> None:
        """With zhao leading activity a itself, a's description names zhao, not li who leads the
        series; li still has a in the calendar, as the series' lead."""
        c = _office_campaign()
        c = attrs.evolve(
            c, assignments=(*c.assignments, Assignment(subject="a", party="zhao", role="lead"))
        )
        s = schedule(c)
        event = _by_uid(to_ical(s, party="li"))[("a@town.campaignkit", "")]
        assert str(event["DESCRIPTION"]) == "Lead: Zhao\nYour role: lead"


class TestSequence:
    def test_changed_event_gets_a_higher_sequence(self) -> None:
        """Moving the meeting to 10:00 raises its SEQUENCE (and its override's) from 0 to 1 and
        its LAST-MODIFIED; the unchanged activity keeps SEQUENCE 0 and its LAST-MODIFIED."""
        first = to_ical(schedule(_office_campaign()))
        later = dt.datetime(2010, 3, 20, tzinfo=dt.UTC)
        second = to_ical(schedule(_office_campaign(time=dt.time(10))), previous=first, stamp=later)
        old, new = _by_uid(first), _by_uid(second)
        meeting = ("m@town.campaignkit", "")
        moved = ("m@town.campaignkit", "20100219T090000")
        assert [old[meeting]["SEQUENCE"], new[meeting]["SEQUENCE"]] == [0, 1]
        assert new[meeting]["LAST-MODIFIED"].dt == later
        assert moved in old
        assert new[("m@town.campaignkit", "20100219T100000")]["SEQUENCE"] == 1
        activity = ("a@town.campaignkit", "")
        assert new[activity]["SEQUENCE"] == 0
        assert new[activity]["LAST-MODIFIED"].dt == old[activity]["LAST-MODIFIED"].dt

    def test_sequence_keeps_rising(self) -> None:
        """Each export made from the one before raises a changed event's SEQUENCE by one, and
        LAST-MODIFIED by at least a second even when the stamp stays the same."""
        data = to_ical(schedule(_office_campaign(venue="Hall")))
        for n, venue in enumerate(["Room 1", "Room 2", "Hall"], start=1):
            before = _by_uid(data)[("a@town.campaignkit", "")]
            data = to_ical(schedule(_office_campaign(venue=venue)), previous=data)
            after = _by_uid(data)[("a@town.campaignkit", "")]
            assert after["SEQUENCE"] == n
            assert after["LAST-MODIFIED"].dt == before["LAST-MODIFIED"].dt + dt.timedelta(seconds=1)

    def test_unchanged_export_is_byte_identical(self) -> None:
        """Exporting the same schedule against its own previous export gives the same bytes."""
        s = schedule(_office_campaign())
        data = to_ical(s)
        assert to_ical(s, previous=data) == data

    def test_a_foreign_file_is_refused(self) -> None:
        """A previous export that is not a campaignkit calendar is bad-calendar, not a traceback."""
        s = schedule(_office_campaign())
        for junk in (b"not a calendar", b"BEGIN:VCALENDAR\r\nPRODID:other\r\nEND:VCALENDAR\r\n"):
            with pytest.raises(ValidationError) as caught:
                to_ical(s, previous=junk)
            assert [p.code for p in caught.value.problems] == ["bad-calendar"]


class TestAlarm:
    def test_reminder_on_items_not_on_phases(self) -> None:
        """alarm=15 minutes adds a VALARM 15 minutes before every item; phases get none."""
        data = to_ical(schedule(_office_campaign()), alarm=dt.timedelta(minutes=15))
        for (uid, _), event in _by_uid(data).items():
            alarms = event.walk("VALARM")
            if uid.startswith("phase:"):
                assert alarms == []
            else:
                (alarm,) = alarms
                assert alarm["TRIGGER"].dt == -dt.timedelta(minutes=15)
                assert str(alarm["ACTION"]) == "DISPLAY"

    def test_negative_alarm_is_refused(self) -> None:
        """A reminder after the start is a ValueError."""
        with pytest.raises(ValueError, match="negative"):
            to_ical(schedule(_office_campaign()), alarm=dt.timedelta(minutes=-5))
