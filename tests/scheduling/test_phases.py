"""Phase timing: forward and backward passes over working days, slack, the critical path."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import SchedulingError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign, Phase, Window
from campaignkit.scheduling._phases import time_phases

D = dt.date
PLAIN = WorkingCalendar()
CN = WorkingCalendar(country="CN")


MARCH_START, MARCH_END = D(2026, 3, 2), D(2026, 3, 27)


def _campaign(*phases: Phase, start: dt.date = MARCH_START, end: dt.date = MARCH_END) -> Campaign:
    return Campaign(id="c", name="C", window=Window(start=start, end=end), phases=phases)


class TestForward:
    def test_chain_with_lag(self) -> None:
        """a: 3 days from Mon 2 March → Wed 4; b after a with lag 1 skips Thu 5 and runs Fri 6 - Mon 9."""
        c = _campaign(
            Phase(id="a", name="A", duration=3),
            Phase(id="b", name="B", duration=2, after=("a",), lag=1),
        )
        a, b = time_phases(c, PLAIN)
        assert (a.start, a.end) == (D(2026, 3, 2), D(2026, 3, 4))
        assert (b.start, b.end) == (D(2026, 3, 6), D(2026, 3, 9))

    def test_waits_for_the_last_predecessor(self) -> None:
        """A phase after two others starts the working day after the later one ends."""
        c = _campaign(
            Phase(id="short", name="S", duration=1),
            Phase(id="long", name="L", duration=5),
            Phase(id="next", name="N", duration=1, after=("short", "long")),
        )
        dated = {p.phase: p for p in time_phases(c, PLAIN)}
        assert dated["next"].start == D(2026, 3, 9)  # long ends Fri 6, next is Mon 9

    def test_fixed_phase_keeps_its_dates_and_successor_follows(self) -> None:
        """A fixed phase keeps its dates even on a weekend; its successor starts the next working day."""
        c = _campaign(
            Phase(id="fix", name="F", start=D(2026, 3, 5), end=D(2026, 3, 7)),  # Thu - Sat
            Phase(id="rel", name="R", duration=2, after=("fix",)),
        )
        fix, rel = time_phases(c, PLAIN)
        assert (fix.start, fix.end) == (D(2026, 3, 5), D(2026, 3, 7))
        assert (rel.start, rel.end) == (D(2026, 3, 9), D(2026, 3, 10))

    def test_first_phase_starts_on_first_working_day_plus_lag(self) -> None:
        """A campaign opening during Spring Festival starts its first phase on the make-up Saturday;
        a lag of 2 moves it to Monday 22 February."""
        c = _campaign(
            Phase(id="a", name="A", duration=1),
            Phase(id="b", name="B", duration=1, lag=2),
            start=D(2010, 2, 14),
            end=D(2010, 3, 31),
        )
        a, b = time_phases(c, CN)
        assert a.start == D(2010, 2, 20)
        assert b.start == D(2010, 2, 22)  # Sat 20 +2 working days: Sun 21, Mon 22


class TestBackward:
    def test_slack_and_critical_path(self) -> None:
        """Window ends Fri 27 March. a (3) → b (2) takes 5 working days; x (20 days) fills the
        window: x is critical (slack 0), the chain has 20 - 5 = 15 working days of slack."""
        c = _campaign(
            Phase(id="a", name="A", duration=3),
            Phase(id="b", name="B", duration=2, after=("a",)),
            Phase(id="x", name="X", duration=20),
        )
        dated = {p.phase: p for p in time_phases(c, PLAIN)}
        assert dated["x"].slack == 0
        assert dated["x"].critical
        assert dated["a"].slack == dated["b"].slack == 15
        assert dated["b"].late_finish == D(2026, 3, 27)
        assert dated["a"].late_finish == D(2026, 3, 25)  # b's late start Thu 26, minus one
        assert dated["a"].late_start == D(2026, 3, 23)

    def test_fixed_phase_ending_the_window_is_critical(self) -> None:
        """A fixed phase that ends on the window's last working day has no slack."""
        c = _campaign(Phase(id="f", name="F", start=D(2026, 3, 16), end=D(2026, 3, 27)))
        (f,) = time_phases(c, PLAIN)
        assert f.slack == 0
        assert f.critical
        assert f.late_finish == f.end

    def test_fixed_phase_slides_as_a_block(self) -> None:
        """A fixed phase ending Fri 20 March in a window ending Fri 27 has 5 working days of slack,
        and its late start moves by as many."""
        c = _campaign(Phase(id="f", name="F", start=D(2026, 3, 16), end=D(2026, 3, 20)))
        (f,) = time_phases(c, PLAIN)
        assert f.slack == 5
        assert (f.late_start, f.late_finish) == (D(2026, 3, 23), D(2026, 3, 27))


class TestOverrun:
    def test_overrun_names_the_phase_and_the_days(self) -> None:
        """A 25-day phase after a 3-day one cannot fit in 20 working days: the error is located at
        the phase and says it is 8 working days late."""
        c = _campaign(
            Phase(id="a", name="A", duration=3),
            Phase(id="b", name="B", duration=25, after=("a",)),
        )
        with pytest.raises(SchedulingError) as info:
            time_phases(c, PLAIN)
        (problem,) = info.value.problems
        assert problem.path == "$.phases[1]"
        assert problem.code == "phase-overruns-window"
        assert "'b'" in problem.message
        assert "8 working days" in problem.message


@st.composite
def relative_plans(draw: st.DrawFn) -> Campaign:
    """Small acyclic plans: each phase may follow any earlier one."""
    n = draw(st.integers(1, 6))
    phases = []
    for i in range(n):
        after = draw(st.lists(st.sampled_from(range(i)), unique=True, max_size=2)) if i else []
        fixed = draw(st.booleans()) and not after
        if fixed:
            start = D(2026, 1, 5) + dt.timedelta(days=draw(st.integers(0, 60)))
            end = start + dt.timedelta(days=draw(st.integers(0, 20)))
            phases.append(Phase(id=f"p{i}", name="P", start=start, end=end))
        else:
            phases.append(
                Phase(
                    id=f"p{i}",
                    name="P",
                    duration=draw(st.integers(1, 15)),
                    lag=draw(st.integers(0, 4)),
                    after=tuple(f"p{j}" for j in after),
                )
            )
    return Campaign(
        id="c",
        name="C",
        window=Window(start=D(2026, 1, 1), end=D(2026, 12, 31)),
        phases=tuple(phases),
    )


@given(relative_plans())
def test_dates_satisfy_every_dependency_and_lag(c: Campaign) -> None:
    """Every relative phase starts at least lag + 1 working days after each predecessor ends,
    lasts its duration in working days, and early ≤ late with slack ≥ 0."""
    dated = {p.phase: p for p in time_phases(c, CN)}
    for phase in c.phases:
        d = dated[phase.id]
        assert d.slack >= 0
        assert d.critical == (d.slack == 0)
        assert (d.start <= d.late_start and d.end <= d.late_finish) or d.slack == 0
        if phase.duration is None:
            assert (d.start, d.end) == (phase.start, phase.end)
            continue
        assert CN.working_days(d.start, d.end) == phase.duration
        assert CN.is_working_day(d.start)
        assert CN.is_working_day(d.end)
        for before in phase.after:
            gap = CN.working_days(dated[before].end + dt.timedelta(days=1), d.start)
            assert gap >= phase.lag + 1
        assert d.end <= c.window.end
