"""Properties of a party's agenda and calendar over whole drawn campaigns."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignkit import strategies
from campaignkit.io import to_ical
from campaignkit.model import Campaign
from campaignkit.scheduling import DEFAULT_AGENDA_ROLES, AgendaRole, schedule

D = dt.date
campaigns = strategies.campaigns()
ALL_ROLES = list(AgendaRole)


def _parties(c: Campaign) -> list[str]:
    bodies = [b.id for g in c.groups for b in g.bodies]
    return [*(p.id for p in c.people), *(u.id for u in c.units), *(g.id for g in c.groups), *bodies]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(campaigns, st.data())
def test_agenda_is_exactly_the_items_with_a_wanted_role(c: Campaign, data: st.DataObject) -> None:
    """An item is on a party's agenda exactly when the party plays a wanted role in it; the
    entries carry those roles, in start order; participants-only is a part of the default
    agenda, which is a part of the agenda of every role."""
    s = schedule(c)
    parties = _parties(c)
    if not parties:
        return
    party = data.draw(st.sampled_from(parties))
    agenda = s.agenda(party)
    expected = {
        i.ref: s.roles_of(party, i)
        for i in s.items()
        if DEFAULT_AGENDA_ROLES & set(s.roles_of(party, i))
    }
    assert {e.ref: e.roles for e in agenda} == expected
    assert len(agenda) == len(expected)
    assert [(e.start, e.ref) for e in agenda] == sorted((e.start, e.ref) for e in agenda)
    participating = {i.ref for i in s.for_party(party, ["participant"])}
    everything = {i.ref for i in s.for_party(party, ALL_ROLES)}
    assert participating <= set(expected) <= everything


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(campaigns, st.data())
def test_named_participants_and_assignees_find_their_items(
    c: Campaign, data: st.DataObject
) -> None:
    """A person named among an item's participants is a participant in it; a person assigned a
    role in a mechanism that does not cascade, or holding a post in the unit assigned it, plays
    that role in every occurrence of it."""
    s = schedule(c)
    if not c.people:
        return
    person = data.draw(st.sampled_from([p.id for p in c.people]))
    for item in s.items():
        if person in item.participants:
            assert AgendaRole.PARTICIPANT in s.roles_of(person, item)
    posts = {post.unit for post in c.person(person).posts}
    for a in c.assignments:
        if (
            (a.party == person or a.party in posts)
            and c.kind_of(a.subject) == "mechanism"
            and c.mechanism(a.subject).cascade is None
        ):
            for o in s.occurrences(a.subject):
                assert AgendaRole(a.role.value) in s.roles_of(person, o)


def _expanded(data: bytes) -> list[tuple[dt.datetime, dt.datetime]]:
    cal = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(cal).between(D(2000, 1, 1), D(2100, 1, 1))
    return sorted(
        (e["DTSTART"].dt, e["DTEND"].dt)
        for e in events
        if "phase" not in e.get("CATEGORIES").to_ical().decode()
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns, st.data())
def test_party_calendar_expands_to_the_agenda(c: Campaign, data: st.DataObject) -> None:
    """A party's calendar, expanded by recurring-ical-events, gives its agenda's own times."""
    s = schedule(c)
    parties = _parties(c)
    if not parties:
        return
    party = data.draw(st.sampled_from(parties))
    assert _expanded(to_ical(s, party=party)) == sorted(
        (e.start, e.item.end) for e in s.agenda(party)
    )


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns)
def test_sequence_rises_exactly_where_content_changed(c: Campaign) -> None:
    """Against its own export, an export is the same bytes; with a reminder added (a change of
    every occurrence and activity, not of the phases) the items' SEQUENCE rises by one, the
    phases' stays, and the expanded times do not change."""
    s = schedule(c)
    first = to_ical(s)
    assert to_ical(s, previous=first) == first
    second = to_ical(s, alarm=dt.timedelta(minutes=10), previous=first)
    assert _expanded(second) == _expanded(first)
    for event in icalendar.Calendar.from_ical(second).walk("VEVENT"):
        phase = str(event["UID"]).startswith("phase:")
        assert int(event["SEQUENCE"]) == (0 if phase else 1)
