"""Parties that can be given work: people, units, leadership groups and their working bodies."""

from __future__ import annotations

import attrs

from campaignkit.model._base import Element, at_least, text, valid_email


@attrs.frozen(kw_only=True)
class Post:
    """A post (职务) a person holds, optionally in a unit: ``Post(title="镇长", unit="town")``."""

    title: str = attrs.field(validator=text())
    unit: str | None = None


@attrs.frozen(kw_only=True)
class Person(Element):
    """A person (人员). ``email`` is used for calendar invitations when present."""

    posts: tuple[Post, ...] = ()
    email: str | None = attrs.field(default=None, validator=valid_email)


@attrs.frozen(kw_only=True)
class Unit(Element):
    """An organisational unit (单位): a department, a village, a community, a town.

    Units form a tree through ``parent`` (district → town → village).
    """

    kind: str = attrs.field(default="unit", validator=text())
    parent: str | None = None


@attrs.frozen(kw_only=True)
class WorkingBody(Element):
    """A body working under a leadership group, such as its office (办公室).

    ``director`` and ``members`` are person ids; ``staff`` is the head count the source
    gives, which may exceed the people named.
    """

    director: str | None = None
    members: tuple[str, ...] = ()
    staff: int = attrs.field(default=0, validator=at_least(0))
    duties: tuple[str, ...] = attrs.field(default=(), validator=text())

    @property
    def people(self) -> tuple[str, ...]:
        """Person ids of the body: the director first, then members, without repeats."""
        return _unique(((self.director,) if self.director else ()) + self.members)


@attrs.frozen(kw_only=True)
class LeadershipGroup(Element):
    """A leadership group (领导小组): leader (组长), deputies (副组长), members (成员), bodies.

    A group is a party: work assigned to it is assigned to its people.
    """

    leader: str
    deputies: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    bodies: tuple[WorkingBody, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        """Person ids of the group itself (leader, deputies, members), without repeats."""
        return _unique((self.leader, *self.deputies, *self.members))


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
