"""Tests for campaignkit.model._parties: people, units, leadership groups, working bodies."""

from __future__ import annotations

import pytest

from campaignkit.model import LeadershipGroup, Person, Post, Unit, WorkingBody


class TestPost:
    def test_unit_is_optional(self) -> None:
        """A post need not name a unit."""
        assert Post(title="镇长").unit is None


class TestPerson:
    def test_defaults(self) -> None:
        """A person holds no posts and has no e-mail address by default."""
        p = Person(id="yu", name="喻先发")
        assert (p.posts, p.email) == ((), None)


class TestUnit:
    def test_defaults(self) -> None:
        """A unit is of kind 'unit' and has no parent by default."""
        u = Unit(id="town", name="长生桥镇")
        assert (u.kind, u.parent) == ("unit", None)


class TestWorkingBody:
    def test_people_director_first_without_repeats(self) -> None:
        """A body's people are its director, then its members, each once."""
        body = WorkingBody(
            id="office", name="办公室", director="wang", members=("li", "wang", "li")
        )
        assert body.people == ("wang", "li")

    def test_people_without_director(self) -> None:
        """Without a director, a body's people are its members."""
        assert WorkingBody(id="office", name="o", members=("li",)).people == ("li",)

    def test_negative_staff_is_refused(self) -> None:
        """A staff count below 0 is refused, naming the field."""
        with pytest.raises(ValueError, match="'staff'"):
            WorkingBody(id="office", name="o", staff=-1)


class TestLeadershipGroup:
    def test_people_leader_deputies_members_without_repeats(self) -> None:
        """A group's own people are its leader, deputies and members, each once, in that order."""
        group = LeadershipGroup(
            id="g", name="领导小组", leader="yu", deputies=("wang", "yu"), members=("li", "wang")
        )
        assert group.people == ("yu", "wang", "li")

    def test_people_leave_bodies_out(self) -> None:
        """LeadershipGroup.people holds the group itself; its bodies' people come from Campaign.people_of."""
        body = WorkingBody(id="office", name="o", director="zhao")
        group = LeadershipGroup(id="g", name="g", leader="yu", bodies=(body,))
        assert group.people == ("yu",)
