"""Where a node stands against its plan: the :class:`Status` of an SPI, and the
:class:`Thresholds` that band it (SPI = completion / planned)."""

from __future__ import annotations

import enum

import attrs

from campaignkit._errors import Problem, ValidationError


class Status(enum.StrEnum):
    """Where a node stands against its plan (see :class:`Thresholds`)."""

    AHEAD = "ahead"
    ON = "on"
    AT_RISK = "at_risk"
    BEHIND = "behind"


NOISE = 1e-9
"""How far apart two figures of a progress tree (fractions, SPIs) may be and still count as
equal: far above what floating-point arithmetic leaves on them (about 1e-16 of their size),
far below what any report shows. Statuses and ranks compare figures with it."""


def settled(figure: float) -> float:
    """*figure* rounded to the places :data:`NOISE` leaves, so that figures equal but for
    floating-point noise compare equal (a mean of 0.1 and 0.2 and one of 0.15 and 0.15).

    >>> (0.1 + 0.2) / 2 == 0.15, settled((0.1 + 0.2) / 2) == settled(0.15)
    (False, True)
    """
    return round(figure, 9)


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
    above it, floating-point noise aside (``NOISE``, 10⁻⁹): 21 % done against 20 % planned
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

        An SPI within ``NOISE`` (10⁻⁹) below a threshold reaches it: a ratio that is exactly
        on a band's edge comes out of floating-point division a hair below it (21 % done
        against 20 % planned gives 1.0499999999999998, not 1.05).
        """
        if planned <= 0.0:
            return Status.AHEAD if completion > 0.0 else Status.ON
        spi = completion / planned + NOISE
        if spi >= self.ahead:
            return Status.AHEAD
        if spi >= self.on:
            return Status.ON
        if spi >= self.at_risk:
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
