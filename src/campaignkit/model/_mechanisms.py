"""Mechanisms (制度 / 机制): recurring arrangements such as a weekly meeting, and standing rules
such as attendance keeping."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from campaignkit.model._base import (
    MAX_MINUTES,
    MAX_WEIGHT,
    Element,
    Window,
    above,
    at_least,
    at_most,
    fail,
    member,
    of_type,
    text,
)
from campaignkit.model._indicators import Indicator


class NonWorkingDayPolicy(enum.StrEnum):
    """What happens to an occurrence whose rule date is not a working day.

    ``keep`` it there, ``skip`` it, or move it to the ``next_working_day`` or the
    ``previous_working_day``. A moved occurrence keeps its rule date in its key, so records
    still match it.
    """

    KEEP = "keep"
    SKIP = "skip"
    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"


@attrs.frozen(kw_only=True)
class Cascade:
    """Run an instance per unit: each of ``units``, or each child of ``children_of``.

    Exactly one of the two is given.
    """

    units: tuple[str, ...] = ()
    children_of: str | None = None

    def __attrs_post_init__(self) -> None:
        if bool(self.units) == (self.children_of is not None):
            msg = "a cascade names either 'units' or 'children_of', exactly one of them"
            raise fail("$.units", "cascade-target", msg)


@attrs.frozen(kw_only=True)
class Scoped(Element):
    """An element active over a span: explicit dates (``window``), phases, or else the campaign.

    When both ``window`` and ``phases`` are given, the span is their intersection. Mechanisms
    and series alike may carry indicators (a training mechanism counts study notes written).
    """

    window: Window | None = None
    phases: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    cascade: Cascade | None = None
    weight: float = attrs.field(default=1.0, validator=[at_least(0.0), at_most(MAX_WEIGHT)])
    indicators: tuple[Indicator, ...] = ()


def _on_non_working_day(value: object) -> NonWorkingDayPolicy:
    return member(NonWorkingDayPolicy, value, "on_non_working_day")


@attrs.frozen(kw_only=True)
class Mechanism(Scoped):
    """A mechanism of the campaign.

    **Recurring** when ``rule`` holds RFC 5545 text (an ``RRULE`` line, optionally ``DTSTART``,
    ``RDATE`` and ``EXDATE`` lines; a bare ``FREQ=...`` is taken as the RRULE). **Standing**
    otherwise: it has no occurrences of its own. A standing mechanism with ``attendance``
    records who attended every held item it ``applies_to`` (every series and mechanism when
    that is empty).

    >>> m = Mechanism(id="weekly", name="每周例会", rule="FREQ=WEEKLY;BYDAY=MO")
    >>> m.recurring, m.on_non_working_day.value
    (True, 'skip')
    """

    rule: str | None = attrs.field(default=None, validator=text(multiline=True))
    time: dt.time = attrs.field(default=dt.time(9, 0), validator=of_type(dt.time))
    duration_minutes: int = attrs.field(default=60, validator=[above(0), at_most(MAX_MINUTES)])
    on_non_working_day: NonWorkingDayPolicy = attrs.field(
        default=NonWorkingDayPolicy.SKIP,
        converter=_on_non_working_day,
    )
    attendance: bool = False
    applies_to: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.rule is not None and not self.rule.strip():
            raise fail(
                "$.rule", "bad-rule", "'rule' is empty; leave it out for a standing mechanism"
            )
        if self.applies_to and not self.attendance:
            msg = "'applies_to' only means something for an attendance mechanism"
            raise fail("$.applies_to", "invalid-value", msg)

    @property
    def recurring(self) -> bool:
        """``True`` when the mechanism has a recurrence rule."""
        return self.rule is not None
