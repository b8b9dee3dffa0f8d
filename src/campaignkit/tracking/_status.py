"""Where a node stands against its plan: the :class:`Status` of an SPI, and the
:class:`Thresholds` that band it (SPI = completion / planned)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import attrs

from campaignkit._errors import Problem, ValidationError


class Status(enum.StrEnum):
    """Where a node stands against its plan (see :class:`Thresholds`)."""

    AHEAD = "ahead"
    ON = "on"
    AT_RISK = "at_risk"
    BEHIND = "behind"


T = TypeVar("T")

NOISE = 1e-9
"""How far apart two figures of a progress tree (fractions, SPIs) may be and still count as
equal, relative to the larger of them beyond 1: far above what floating-point arithmetic
leaves on them (about 1e-16 of their size), far below what any report shows. Statuses, gates
and ranks compare figures with it, through :func:`alike` (and :func:`reaches`) alone."""


def alike(a: float | None, b: float | None) -> bool:
    """Whether *a* and *b* are equal but for floating-point noise: at most :data:`NOISE`
    apart, times the larger of 1 and their sizes. ``None`` (no figure) is alike ``None``
    alone.

    A tolerance, not a rounding: two figures a float step apart are alike wherever they
    lie, where rounding both to nine places would part them across a rounding boundary
    (``0.1234567885`` less and plus 10⁻¹⁵ round to ``0.123456788`` and ``0.123456789``).

    >>> (0.1 + 0.2) / 2 == 0.15, alike((0.1 + 0.2) / 2, 0.15)
    (False, True)
    >>> alike(0.1234567885 - 1e-15, 0.1234567885 + 1e-15), alike(0.15, 0.1500001)
    (True, False)
    >>> alike(None, None), alike(None, 0.0), alike(float("inf"), float("inf"))
    (True, False, True)
    """
    if a == b:
        return True
    if a is None or b is None:
        return False
    return abs(a - b) <= NOISE * max(1.0, abs(a), abs(b))


def alike_runs(items: Iterable[T], figure: Callable[[T], float | None]) -> Iterator[list[T]]:
    """*items* (in their order, sorted on *figure*) cut into runs in which every item's
    *figure* is :func:`alike` that of the item before it: the ties of a ranking.

    >>> [[x for x in run] for run in alike_runs([0.3, (0.1 + 0.2), 0.2, None], lambda x: x)]
    [[0.3, 0.30000000000000004], [0.2], [None]]
    """
    run: list[T] = []
    for item in items:
        if run and not alike(figure(run[-1]), figure(item)):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def reaches(figure: float, threshold: float) -> bool:
    """Whether *figure* is at least *threshold*, floating-point noise aside (:func:`alike`):
    a ratio exactly on a threshold comes out of floating-point division a hair below it.

    >>> 0.21 / 0.2, reaches(0.21 / 0.2, 1.05), reaches(1.0499, 1.05)
    (1.0499999999999998, True, False)
    """
    return figure >= threshold or alike(figure, threshold)


def _fraction(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0.0:
        msg = f"{attribute.name!r} must be a non-negative number (got {value!r})"
        raise ValidationError([Problem(f"$.thresholds.{attribute.name}", "invalid-value", msg)])


@attrs.frozen(kw_only=True)
class Thresholds:
    """Status bands on the schedule performance index (SPI = completion / planned).

    =========== =============================================
    status      when
    =========== =============================================
    ``ahead``   SPI ≥ ``ahead`` (default 1.05)
    ``on``      ``on`` ≤ SPI < ``ahead`` (default 0.95)
    ``at_risk`` ``at_risk`` ≤ SPI < ``on`` (default 0.8)
    ``behind``  SPI < ``at_risk``
    =========== =============================================

    While nothing is planned yet (planned = 0) there is no SPI: the status is ``ahead`` when
    something is already done and ``on`` otherwise. An SPI on a band's edge is in the band
    above it, floating-point noise aside (``reaches``): 21 % done against 20 % planned
    is ``ahead``, 16 % against 20 % ``at_risk``.

    >>> t = Thresholds()
    >>> t.status(0.5, 0.5), t.status(0.45, 0.5), t.status(0.2, 0.5), t.status(0.0, 0.0)
    (<Status.ON: 'on'>, <Status.AT_RISK: 'at_risk'>, <Status.BEHIND: 'behind'>, <Status.ON: 'on'>)
    >>> 0.21 / 0.2, t.status(0.21, 0.2).value, 0.16 / 0.2, t.status(0.16, 0.2).value
    (1.0499999999999998, 'ahead', 0.7999999999999999, 'at_risk')
    """

    ahead: float = attrs.field(default=1.05, validator=_fraction)
    on: float = attrs.field(default=0.95, validator=_fraction)
    at_risk: float = attrs.field(default=0.8, validator=_fraction)

    def __attrs_post_init__(self) -> None:
        if not self.at_risk <= self.on <= self.ahead:
            msg = f"thresholds must satisfy at_risk <= on <= ahead (got {self.at_risk}, {self.on}, {self.ahead})"
            raise ValidationError([Problem("$.thresholds", "threshold-order", msg)])

    def status(self, completion: float, planned: float) -> Status:
        """The status of a node that has done *completion* of its work against *planned*.

        An SPI alike a threshold but for floating-point noise (``reaches``) reaches it:
        a ratio that is exactly on a band's edge comes out of floating-point division a hair
        below it (21 % done against 20 % planned gives 1.0499999999999998, not 1.05).
        """
        if planned <= 0.0:
            return Status.AHEAD if completion > 0.0 else Status.ON
        spi = completion / planned
        if reaches(spi, self.ahead):
            return Status.AHEAD
        if reaches(spi, self.on):
            return Status.ON
        if reaches(spi, self.at_risk):
            return Status.AT_RISK
        return Status.BEHIND

    def decimals(self, spi: float, least: int = 2) -> int:
        """How many decimals *spi* is printed with so that the figure agrees with its status.

        *least*, or more where rounding to *least* decimals would carry the SPI across a
        band: with ``on`` at 0.95, an SPI of 0.9496 is ``at_risk`` and printed ``0.9496``, not
        ``0.95``. The status itself is always that of the exact SPI.

        >>> t = Thresholds()
        >>> t.decimals(0.9496), t.decimals(0.9436), t.decimals(1.049999)
        (4, 2, 6)
        >>> f"{0.9496:.{t.decimals(0.9496)}f}", t.status(0.9496, 1.0).value
        ('0.9496', 'at_risk')
        """
        exact = self.status(spi, 1.0)
        places = least
        # ends: a finite float has a finite decimal expansion, which then reads back exactly
        while self.status(float(f"{spi:.{places}f}"), 1.0) is not exact:
            places += 1
        return places
