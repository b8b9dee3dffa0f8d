"""Responsibility assignments (责任分工): who leads, who is responsible, who supports."""

from __future__ import annotations

import enum

import attrs

from campaignkit.model._base import Annotated, member


class Role(enum.StrEnum):
    """The role of a party in a subject, after the RACI family of matrices.

    =========== ====== ======================================================
    role        中文   meaning
    =========== ====== ======================================================
    lead        牵头   owns the subject; exactly one per subject
    responsible 负责   carries part of the work and answers for it
    support     配合   helps the lead
    supervise   督查   checks and reports on the work
    consulted   征询   is asked before decisions
    informed    知会   is told of results
    =========== ====== ======================================================
    """

    LEAD = "lead"
    RESPONSIBLE = "responsible"
    SUPPORT = "support"
    SUPERVISE = "supervise"
    CONSULTED = "consulted"
    INFORMED = "informed"

    @property
    def letter(self) -> str:
        """One letter for a responsibility matrix: L, R, S, V, C, I."""
        return "V" if self is Role.SUPERVISE else self.value[0].upper()


def _role(value: object) -> Role:
    return member(Role, value, "role")


@attrs.frozen(kw_only=True)
class Assignment(Annotated):
    """``party`` plays ``role`` in ``subject`` (a phase, mechanism, series or activity id).

    ``party`` is a person, a unit, a leadership group or a working body.
    """

    subject: str
    party: str
    role: Role = attrs.field(converter=_role)
