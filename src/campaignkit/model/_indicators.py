"""Indicators (指标): numeric targets with a baseline, a direction and a planned trajectory."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from campaignkit._errors import Problem, ValidationError, join_path
from campaignkit.model._base import (
    MAX_VALUE,
    MIN_VALUE,
    Element,
    magnitude,
    member,
    of_type,
    shown,
    text,
    translated,
)


class Direction(enum.StrEnum):
    """Whether an indicator should rise to its target (``increase``) or fall to it (``decrease``)."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Aggregation(enum.StrEnum):
    """How an indicator's readings combine into its actual value.

    ``sum`` adds increments; ``last`` takes the latest reading (a cumulative count);
    ``max`` the largest; ``count`` the number of readings.
    """

    SUM = "sum"
    LAST = "last"
    MAX = "max"
    COUNT = "count"


class AcrossUnits(enum.StrEnum):
    """How the figures of a cascaded indicator's units make the campaign's figure.

    ``sum`` adds them up (a count of doses, of households: the campaign's baseline is then
    the number of units times the indicator's baseline); ``mean`` averages them (a rate, a
    percentage, a level each unit holds: the baseline stays the indicator's own); ``max``
    takes the largest. Completion, SPI and status do not depend on it: they are always the
    mean over the units.
    """

    SUM = "sum"
    MEAN = "mean"
    MAX = "max"


class Trajectory(enum.StrEnum):
    """How the planned value moves from baseline to target.

    ``linear`` over the working days of the indicator's span, a ``step`` at the due date, or
    through ``milestones``.
    """

    LINEAR = "linear"
    STEP = "step"
    MILESTONES = "milestones"


@attrs.frozen(kw_only=True)
class Milestone:
    """A planned value on a day."""

    date: dt.date = attrs.field(validator=of_type(dt.date))
    value: float = attrs.field(validator=magnitude())


def _direction(value: object) -> Direction:
    return member(Direction, value, "direction")


def _aggregate(value: object) -> Aggregation:
    return member(Aggregation, value, "aggregate")


def _across(value: object) -> AcrossUnits | None:
    return None if value is None else member(AcrossUnits, value, "across")


def _trajectory(value: object) -> Trajectory:
    return member(Trajectory, value, "trajectory")


@attrs.frozen(kw_only=True)
class Indicator(Element):
    """A numeric target (指标) with its baseline, direction and planned trajectory.

    ``across`` says how the figures of the units of a cascade make the campaign's (see
    :class:`AcrossUnits`); left out (``None``), it is ``max`` for an indicator that aggregates
    by ``max`` and ``sum`` otherwise (:attr:`across_units` gives the way that applies).

    >>> ind = Indicator(id="ideas", name="金点子", target=100)
    >>> ind.direction.value, ind.aggregate.value, ind.baseline, ind.across_units.value
    ('increase', 'sum', 0.0, 'sum')
    >>> Indicator(id="rate", name="接种率", unit="%", target=95, across="mean").across_units.value
    'mean'
    """

    unit: str = attrs.field(default="", validator=text())
    unit_translations: Mapping[str, str] = attrs.field(factory=dict, hash=False, validator=text())
    baseline: float = attrs.field(default=0.0, validator=magnitude())
    target: float = attrs.field(validator=magnitude())
    direction: Direction = attrs.field(default=Direction.INCREASE, converter=_direction)
    aggregate: Aggregation = attrs.field(default=Aggregation.SUM, converter=_aggregate)
    across: AcrossUnits | None = attrs.field(default=None, converter=_across)
    due: dt.date | None = attrs.field(default=None, validator=of_type(dt.date, optional=True))
    trajectory: Trajectory = attrs.field(default=Trajectory.LINEAR, converter=_trajectory)
    milestones: tuple[Milestone, ...] = ()
    unit_targets: Mapping[str, float] = attrs.field(factory=dict, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = [*self._target_problems("$.target", "$.direction", self.target)]
        for unit, target in self.unit_targets.items():
            path = join_path("$.unit_targets", unit)
            if not (target == 0 or MIN_VALUE <= abs(target) <= MAX_VALUE):
                msg = f"a unit target must be 0 or between {MIN_VALUE:g} and {MAX_VALUE:g} in magnitude (got {shown(target)})"
                problems.append(Problem(path, "invalid-value", msg))
            else:
                problems += self._target_problems(path, path, target)
        if (self.trajectory is Trajectory.MILESTONES) != bool(self.milestones):
            msg = "'milestones' are given exactly when the trajectory is 'milestones'"
            problems.append(Problem("$.milestones", "trajectory-milestones", msg))
        days = [m.date for m in self.milestones]
        if days != sorted(set(days)):
            msg = "milestones must be in date order, one per day"
            problems.append(Problem("$.milestones", "milestone-order", msg))
        if problems:
            raise ValidationError(problems)

    @property
    def across_units(self) -> AcrossUnits:
        """How the units' figures make the campaign's: ``across`` when given, else ``max``
        for an indicator that aggregates by ``max`` and ``sum`` otherwise."""
        if self.across is not None:
            return self.across
        return AcrossUnits.MAX if self.aggregate is Aggregation.MAX else AcrossUnits.SUM

    def unit_in(self, lang: str | None) -> str:
        """The unit in the language of the BCP 47 tag *lang* when a translation is given,
        else the unit itself (as :meth:`~campaignkit.model.Element.label` gives names).

        >>> Indicator(id="i", name="投资", unit="元", unit_translations={"en": "yuan"}, target=1).unit_in("en")
        'yuan'
        """
        return translated(self.unit, self.unit_translations, lang)

    def _target_problems(self, path: str, direction_path: str, target: float) -> list[Problem]:
        """A target (the indicator's or a unit's) differs from the baseline on the right side."""
        if target == self.baseline:
            msg = f"a target must differ from 'baseline' (both are {target})"
            return [Problem(path, "target-equals-baseline", msg)]
        rising = target > self.baseline
        if rising != (self.direction is Direction.INCREASE):
            relation = "above" if rising else "below"
            msg = f"target {target} lies {relation} 'baseline' {self.baseline}, which a {self.direction.value} indicator cannot reach"
            return [Problem(direction_path, "direction-mismatch", msg)]
        return []
