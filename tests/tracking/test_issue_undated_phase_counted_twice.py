"""A series or mechanism listing several phases, one of them undated, counts each day once.

The campaign runs in March 2026 (window 03-02 .. 03-27, weekends only). Its phases are
``prep`` 03-02 .. 03-06, ``run`` 03-09 .. 03-20 and ``close`` 03-23 .. 03-27; a weekly meeting
on Mondays (03-02, 03-09, 03-16, 03-23) lists ``prep`` and ``close``. The schedules are built by
hand: the one of these tests dates ``prep`` and ``run`` but not ``close`` (a schedule made
before ``close`` was added, say). Only the meeting of 03-02 was held; as of 03-27 all four are
due.

The undated ``close`` counted the meeting with its own figures (all four meetings), while
the three meetings after ``prep`` (03-09, 03-16, 03-23) were also the meeting's remainder
*outside its phases*: they counted twice.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from campaignkit.model import Campaign, Mechanism, Phase, Window
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Held, PhaseState, Progress, progress
from campaignkit.tracking._measure import counted_days
from support import weekly_plan

D = dt.date
DAY = dt.timedelta(days=1)
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))
DAYS = {
    "prep": (D(2026, 3, 2), D(2026, 3, 6)),
    "run": (D(2026, 3, 9), D(2026, 3, 20)),
    "close": (D(2026, 3, 23), D(2026, 3, 27)),
}
MONDAYS = (D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23))
AS_OF = D(2026, 3, 27)


def campaign() -> Campaign:
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=tuple(Phase(id=id, name=id, start=s, end=e) for id, (s, e) in DAYS.items()),
        mechanisms=(
            Mechanism(id="weekly", name="W", rule="FREQ=WEEKLY;BYDAY=MO", phases=("prep", "close")),
        ),
    )


def plan(c: Campaign, dated: tuple[str, ...]) -> Schedule:
    return weekly_plan(c, MONDAYS, {id: days for id, days in DAYS.items() if id in dated})


def at(dated: tuple[str, ...]) -> Progress:
    c = campaign()
    return progress(c, plan(c, dated), [Held(subject="weekly@2026-03-02", date=MONDAYS[0])], AS_OF)


class TestUndatedPhaseCountsEachDayOnce:
    def test_undated_phase_counts_the_days_between_and_leaves_no_remainder(self) -> None:
        """The undated phase counts the meetings its dated companion does not hold, and
        nothing else lies outside the meeting's phases.

        Before: prep 1 / 1 (planned 1); close the meeting's own 1 / 4 (planned 1); the
        remainder after prep, 03-09 .. 03-27, 0 of 3 held (planned 1), extent 3 / 4, so
        rho = 3 / 4 and it weighed 2 x (3 / 4) / (1 / 4) = 6 beside the two phases:
        completion (1 + 0.25 + 0 x 6) / 8 = 0.15625, planned (1 + 1 + 6) / 8 = 1. The
        meetings of 03-09, 03-16 and 03-23 counted in close and in the remainder.

        After: prep 1 / 1; close the meetings after prep, 0 of 3 held, 3 of 3 due: 0 / 1;
        no remainder. Completion (1 + 0) / 2 = 0.5, planned (1 + 1) / 2 = 1."""
        p = at(dated=("prep", "run"))
        prep, close = p.phase("prep"), p.phase("close")
        assert (prep.completion, prep.planned) == (1.0, 1.0)
        assert (close.start, close.end, close.state) == (None, None, PhaseState.IN_PROGRESS)
        assert (close.completion, close.planned) == (0.0, 1.0)
        assert [(s.id, s.completion, s.planned) for s in close.shares] == [("weekly", 0.0, 1.0)]
        assert (p.completion, p.planned) == (0.5, 1.0)
        # the meeting's own figures are unchanged: 1 of 4 held, 4 of 4 due
        assert (p.mechanism("weekly").completion, p.mechanism("weekly").planned) == (0.25, 1.0)

    def test_every_phase_dated_keeps_its_remainder(self) -> None:
        """With close dated, the meetings of run's days (03-09, 03-16), which the meeting
        does not list, are its remainder: prep 1 / 1, close 0 / 1, the remainder 0 of 2 held
        with extent 2 / 4, weighing 2 x 0.5 / 0.5 = 2: (1 + 0 + 0 x 2) / 4 = 0.25."""
        p = at(dated=("prep", "run", "close"))
        assert (p.phase("close").completion, p.phase("close").planned) == (0.0, 1.0)
        assert (p.completion, p.planned) == (0.25, 1.0)

    def test_no_phase_dated_counts_its_own_figures(self) -> None:
        """With none of its phases dated, its days cannot be told apart: each counts the
        meeting's own figures, 1 of 4 (0.25), as before, and no share."""
        p = at(dated=())
        for phase in (p.phase("prep"), p.phase("close")):
            assert (phase.completion, phase.planned, phase.shares) == (0.25, 1.0, ())
        assert (p.completion, p.planned) == (0.25, 1.0)


Days = tuple[tuple[dt.date, dt.date], ...]
Drawn = tuple[
    tuple[dt.date, dt.date], dict[str, tuple[dt.date, dt.date]], set[str], tuple[str, ...]
]


@st.composite
def layouts(draw: st.DrawFn) -> Drawn:
    """A member's span; one to four phases over disjoint ranges of days, each dated or not;
    and the phases the member lists: none, or two or more."""
    offsets = sorted(draw(st.sets(st.integers(0, 80), min_size=2, max_size=8)))
    bounds = offsets[: len(offsets) // 2 * 2]
    phases = {
        f"p{n}": (D(2026, 3, 1) + a * DAY, D(2026, 3, 1) + b * DAY)
        for n, (a, b) in enumerate(zip(bounds[::2], bounds[1::2], strict=True))
    }
    dated = {p for p in phases if draw(st.booleans())}
    names = sorted(phases)
    listed: tuple[str, ...] = ()
    if len(names) >= 2 and draw(st.booleans()):
        listed = tuple(draw(st.lists(st.sampled_from(names), min_size=2, unique=True)))
    first = D(2026, 3, 1) + draw(st.integers(-5, 85)) * DAY
    span = (first, first + draw(st.integers(0, 60)) * DAY)
    return span, phases, dated, listed


def _holds(days: Days, day: dt.date) -> bool:
    return any(a <= day <= b for a, b in days)


class TestEveryDayCountsOnce:
    @given(layouts())
    def test_each_day_of_a_member_counts_in_one_place(self, drawn: Drawn) -> None:
        """Over disjoint phases, the shares and the remainder of a member never hold a day
        twice, so together they never exceed its whole: each day of its span counts in the
        dated phase that holds it, or else, between its phases, by the undated phases it
        lists (all of them the same days, which cannot be told apart) or in its remainder
        outside the phases, never both. One whose phases are none of them dated counts its
        own figures in each, and has no remainder."""
        span, phases, dated_ids, listed = drawn
        dated = {p: phases[p] for p in dated_ids}
        overlapping = [p for p, (a, b) in sorted(dated.items()) if a <= span[1] and span[0] <= b]
        member_of = listed or tuple(overlapping)
        counted = counted_days(span, listed, member_of, dated)
        if not any(p in dated for p in member_of):
            assert counted == ({}, ())
            return
        assert set(counted.phases) == set(member_of)
        undated = [p for p in member_of if p not in dated]
        between: Days = counted.phases[undated[0]] if undated else counted.outside
        assert all(counted.phases[p] == between for p in undated)
        assert not (undated and counted.outside)
        assert all(counted.phases[p] == (dated[p],) for p in member_of if p in dated)
        day = span[0]
        while day <= span[1]:
            inside = [p for p in member_of if p in dated and _holds((dated[p],), day)]
            assert len(inside) + _holds(between, day) == 1, (day, inside, between)
            day += DAY
        assert all(span[0] <= a <= b <= span[1] for a, b in between)
