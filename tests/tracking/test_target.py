"""Target: the scheduled item a held or cancelled record refers to, with named fields."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.model import Activity, ActivitySeries, Campaign, Cascade, Mechanism, Unit, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Cancelled, Held
from campaignkit.tracking._resolve import CancelledEntry, HeldEntry, Resolver, Target

day = dt.date
ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


def resolver() -> Resolver:
    """2026-03-02 .. 03-27: a standing mechanism, a Wednesday patrol in two villages, a kick-off."""
    campaign = Campaign(
        id="drive",
        name="Drive",
        window=Window(start=day(2026, 3, 2), end=day(2026, 3, 27)),
        units=(
            Unit(id="town", name="Town"),
            Unit(id="v1", name="North", parent="town"),
            Unit(id="v2", name="South", parent="town"),
        ),
        mechanisms=(
            Mechanism(id="rules", name="Rules"),
            Mechanism(
                id="patrol",
                name="Patrol",
                rule="FREQ=WEEKLY;BYDAY=WE",
                cascade=Cascade(children_of="town"),
            ),
        ),
        series=(
            ActivitySeries(
                id="cleanup",
                name="Clean-up",
                activities=(Activity(id="kickoff", name="Kick-off", date=day(2026, 3, 5)),),
            ),
        ),
    )
    return Resolver(campaign, schedule(campaign))


class TestTarget:
    def test_fields_by_name(self) -> None:
        """An occurrence target reads its mechanism, unit and rule date by name."""
        t = Target("occurrence", "patrol", "v1", day(2026, 3, 4))
        assert (t.kind, t.owner, t.unit, t.rule_date) == (
            "occurrence",
            "patrol",
            "v1",
            day(2026, 3, 4),
        )

    def test_refs(self) -> None:
        """Each kind is named as problems name it: key, activity ref, session."""
        assert Target("occurrence", "weekly", None, day(2026, 3, 9)).ref == "weekly@2026-03-09"
        assert Target("activity", "forum", "v2").ref == "forum/v2"
        assert Target("session", "rules", None, "r1").ref == "rules (session r1)"

    def test_no_rule_date_for_other_kinds(self) -> None:
        """Only an occurrence has a rule date."""
        with pytest.raises(ValueError, match="a session has no rule date"):
            _ = Target("session", "rules", None, "r1").rule_date

    @given(owner=ids, unit=st.none() | ids, rule=st.dates())
    def test_occurrence_ref_is_the_occurrence_key(
        self, owner: str, unit: str | None, rule: dt.date
    ) -> None:
        """An occurrence target's ref is the ``mechanism[/unit]@date`` key records cite."""
        expected = f"{owner}/{unit}@{rule}" if unit else f"{owner}@{rule}"
        assert Target("occurrence", owner, unit, rule).ref == expected


class TestResolvedTargets:
    def test_held_on_a_meeting_day(self) -> None:
        """A held record naming the mechanism on its day resolves to the occurrence target."""
        entry, _ = resolver().resolve(Held(subject="patrol", unit="v2", date=day(2026, 3, 11)))
        assert isinstance(entry, HeldEntry)
        assert entry.item == Target("occurrence", "patrol", "v2", day(2026, 3, 11))
        assert entry.item.rule_date == day(2026, 3, 11)

    def test_session_and_activity(self) -> None:
        """A standing mechanism's held record is a session; an activity ref an activity."""
        r = resolver()
        session, _ = r.resolve(Held(subject="rules", date=day(2026, 3, 3), id="r9"))
        activity, _ = r.resolve(Cancelled(subject="kickoff", date=day(2026, 3, 5)))
        assert isinstance(session, HeldEntry)
        assert isinstance(activity, CancelledEntry)
        assert session.item == Target("session", "rules", None, "r9")
        assert activity.item == Target("activity", "kickoff")
