"""Phases (阶段): fixed in the calendar, or relative to other phases in working days."""

from __future__ import annotations

import datetime as dt

import attrs

from campaignkit.model._base import MAX_DAYS, MAX_WEIGHT, Element, at_least, at_most, fail, of_type


@attrs.frozen(kw_only=True)
class GateCondition:
    """Part of a phase's exit gate: ``indicator`` must reach ``completion`` (a fraction in [0, 1])."""

    indicator: str
    completion: float = attrs.field(default=1.0, validator=[at_least(0.0), at_most(1.0)])


@attrs.frozen(kw_only=True)
class Phase(Element):
    """A stage of the campaign.

    A phase is either **fixed** (``start`` and ``end`` given) or **relative** (``duration``
    working days, starting ``lag`` working days after every phase in ``after`` has finished,
    or after the campaign's start when ``after`` is empty).

    >>> Phase(id="study", name="动员学习", duration=10).fixed
    False
    """

    start: dt.date | None = attrs.field(default=None, validator=of_type(dt.date, optional=True))
    end: dt.date | None = attrs.field(default=None, validator=of_type(dt.date, optional=True))
    duration: int | None = attrs.field(default=None, validator=at_most(MAX_DAYS))
    after: tuple[str, ...] = ()
    lag: int = attrs.field(default=0, validator=[at_least(0), at_most(MAX_DAYS)])
    weight: float = attrs.field(default=1.0, validator=[at_least(0.0), at_most(MAX_WEIGHT)])
    gate: tuple[GateCondition, ...] = ()

    def __attrs_post_init__(self) -> None:
        fixed = self.start is not None or self.end is not None
        if fixed and self.duration is not None:
            msg = "a phase has either fixed dates or a duration, not both"
            raise fail("$.duration", "phase-timing", msg)
        if fixed and (self.start is None or self.end is None):
            missing = "end" if self.end is None else "start"
            raise fail(
                f"$.{missing}",
                "phase-timing",
                f"a fixed phase needs both dates; {missing!r} is missing",
            )
        if not fixed and self.duration is None:
            raise fail("$.duration", "phase-timing", "a phase needs fixed dates or a duration")
        if self.duration is not None and self.duration < 1:
            msg = f"'duration' must be at least 1 working day (got {self.duration})"
            raise fail("$.duration", "invalid-value", msg)
        if self.start is not None and self.end is not None and self.end < self.start:
            msg = f"'end' must not be before 'start' (got {self.end} < {self.start})"
            raise fail("$.end", "window-order", msg)
        if fixed and (self.after or self.lag):
            raise fail("$.after", "phase-timing", "a fixed phase cannot follow other phases")

    @property
    def fixed(self) -> bool:
        """``True`` when the phase has fixed dates."""
        return self.start is not None
