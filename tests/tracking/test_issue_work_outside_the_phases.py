"""Work outside every phase counts in the campaign: a campaign is never complete while
scheduled work remains.

Two phases, ``mobilise`` 01-05 .. 02-13 and ``discuss`` 02-16 .. 05-08 (2026), cover the first
18 of a weekly meeting's 22 Mondays (01-05 .. 06-01); the meeting lists no phase, so the four
meetings of 05-11 .. 06-01 lie outside every phase. Schedules are built by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit.model import Campaign, Mechanism, Phase, Window
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Held, PhaseState, Progress, Status, progress
from campaignkit.tracking._rollup import outside_part
from support import weekly_plan

D = dt.date
WINDOW = Window(start=D(2026, 1, 5), end=D(2026, 6, 5))
DAYS = {"mobilise": (D(2026, 1, 5), D(2026, 2, 13)), "discuss": (D(2026, 2, 16), D(2026, 5, 8))}
MONDAYS = tuple(D(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(22))
AS_OF = D(2026, 5, 8)  # the last day of discuss: 18 meetings due, 4 to come


def campaign() -> Campaign:
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=tuple(Phase(id=id, name=id, start=s, end=e) for id, (s, e) in DAYS.items()),
        mechanisms=(Mechanism(id="weekly", name="W", rule="FREQ=WEEKLY;BYDAY=MO"),),
    )


def plan(c: Campaign) -> Schedule:
    return weekly_plan(c, MONDAYS, DAYS)


def at(as_of: dt.date, held_through: dt.date) -> Progress:
    c = campaign()
    records = [Held(subject=f"weekly@{d}", date=d) for d in MONDAYS if d <= held_through]
    return progress(c, plan(c), records, as_of)


class TestWorkOutsideThePhases:
    def test_campaign_is_not_complete_while_meetings_outside_the_phases_remain(self) -> None:
        """Both phases finished and complete, 4 of 22 meetings still to come outside them:
        the campaign reads 18/22 against 18/22 planned, not 100% against 100%."""
        p = at(AS_OF, AS_OF)
        for phase in p.phases:
            assert (phase.state, phase.completion, phase.planned) == (
                PhaseState.IN_PROGRESS if phase.id == "discuss" else PhaseState.FINISHED,
                1.0,
                1.0,
            )
        # outside the phases: 4 meetings, due 0, held 0 -> completion 0, planned 0;
        # extent 4 / 22 of the meeting's work, so rho = 4 / 22 and the part weighs
        # 2 x (4 / 22) / (18 / 22) = 4 / 9 beside the two phases of weight 1:
        # completion (1 + 1 + 0 x 4 / 9) / (2 + 4 / 9) = 18 / 22, planned the same.
        assert p.completion == pytest.approx(18 / 22)
        assert p.planned == pytest.approx(18 / 22)
        assert p.status is Status.ON

    def test_remainder_weighs_its_share_of_the_work(self) -> None:
        """The part outside the phases weighs ``phase weight x rho / (1 - rho)``."""
        assert outside_part({"weekly": (0.0, 0.0, 4 / 22)}, [("weekly", 1.0)], 2.0) == (
            0.0,
            0.0,
            pytest.approx(4 / 9),
        )

    def test_remainder_due_and_missed_holds_the_campaign_back(self) -> None:
        """After the last meeting, with the four outside the phases missed, the campaign is
        18/22 done against everything planned."""
        p = at(D(2026, 6, 5), AS_OF)
        # outside: 4 due, 0 held -> completion 0, planned 1, weight 4 / 9:
        # completion 2 / (22 / 9) = 18 / 22, planned (2 + 4 / 9) / (22 / 9) = 1
        assert p.completion == pytest.approx(18 / 22)
        assert p.planned == 1.0
        assert p.status is Status.AT_RISK

    def test_campaign_complete_once_everything_was_held(self) -> None:
        """Every meeting held, inside the phases and out: complete."""
        p = at(D(2026, 6, 5), D(2026, 6, 5))
        assert (p.completion, p.planned, p.status) == (1.0, 1.0, Status.ON)

    def test_no_remainder_no_part(self) -> None:
        """Nothing outside the phases: the part is absent (weight 0, no figures)."""
        assert outside_part({}, [("weekly", 1.0)], 2.0) == (None, None, 0.0)
        assert outside_part({"weekly": (None, None, 0.0)}, [("weekly", 1.0)], 2.0) == (
            None,
            None,
            0.0,
        )
