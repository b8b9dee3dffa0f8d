"""Phase timing: the critical-path method over working days.

A **fixed** phase keeps its dates. A **relative** phase lasts ``duration`` working days and
starts ``lag`` working days after the last of its predecessors (``after``) has finished, or,
with no predecessor, ``lag`` working days after the campaign's first working day. The
**forward pass** gives each phase its early start and finish; the **backward pass**, from the
campaign's last working day, its late start and finish. **Slack** is how many working days a
phase can slip without pushing the campaign past its window; a phase with no slack is
**critical**.

Counting convention: a phase of duration 3 that starts on Monday ends on Wednesday; a lag of 0
means "the next working day after the predecessor ends", a lag of 2 leaves two working days
free in between.

>>> import datetime as dt
>>> from campaignkit.calendar._working import WorkingCalendar
>>> from campaignkit.model import Campaign, Phase, Window
>>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 20)),
...              phases=(Phase(id="a", name="A", duration=3),
...                      Phase(id="b", name="B", duration=2, after=("a",), lag=1),
...                      Phase(id="x", name="X", duration=4)))
>>> for p in time_phases(c, WorkingCalendar()):
...     print(p.phase, p.start, p.end, p.late_finish, p.slack, p.critical)
a 2026-03-02 2026-03-04 2026-03-17 9 False
b 2026-03-06 2026-03-09 2026-03-20 9 False
x 2026-03-02 2026-03-05 2026-03-20 11 False

(``a`` runs Mon 2 – Wed 4 March; ``b`` skips one working day, Thursday 5, and runs Fri 6 – Mon
9; the window's last working day is Fri 20, so the chain ``a`` → ``b`` may slip 9 working days.)
"""

from __future__ import annotations

import datetime as dt

from campaignkit._errors import Problem, SchedulingError
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign, Phase
from campaignkit.scheduling._schedule import DatedPhase


def time_phases(campaign: Campaign, calendar: WorkingCalendar) -> tuple[DatedPhase, ...]:
    """Lay out every phase of *campaign* in time, in the campaign's order.

    Raises:
        SchedulingError: when a phase would end after the campaign window (code
            ``phase-overruns-window`` at ``$.phases[i]``, one problem per phase), saying by
            how many working days.
    """
    if not campaign.phases:
        return ()
    order = _topological(campaign.phases)
    first_day = calendar.next_working_day(campaign.window.start)
    early: dict[str, tuple[dt.date, dt.date]] = {}
    for phase in order:
        early[phase.id] = _forward(phase, early, first_day, calendar)
    overruns = [
        _overrun(i, p, early[p.id][1], campaign.window.end, calendar)
        for i, p in enumerate(campaign.phases)
        if early[p.id][1] > campaign.window.end
    ]
    if overruns:
        raise SchedulingError(overruns)
    last_day = calendar.previous_working_day(campaign.window.end)
    late_finish: dict[str, dt.date] = {}
    successors: dict[str, list[Phase]] = {p.id: [] for p in order}
    for phase in order:
        for before in phase.after:
            successors[before].append(phase)
    late_start: dict[str, dt.date] = {}
    for phase in reversed(order):
        finish = last_day
        for nxt in successors[phase.id]:
            finish = min(finish, calendar.add_working_days(late_start[nxt.id], -(nxt.lag + 1)))
        late_finish[phase.id] = finish
        late_start[phase.id] = _late_start(phase, early[phase.id], finish, calendar)
    out = []
    for phase in campaign.phases:
        start, end = early[phase.id]
        slack = _count(end, late_finish[phase.id], calendar)
        finish = late_finish[phase.id] if slack else end
        late = late_start[phase.id] if slack else start
        out.append(
            DatedPhase(
                phase=phase.id,
                start=start,
                end=end,
                late_start=late,
                late_finish=finish,
                slack=slack,
                critical=slack == 0,
            )
        )
    return tuple(out)


def _topological(phases: tuple[Phase, ...]) -> list[Phase]:
    """Phases ordered so that every phase comes after those in its ``after`` (document order
    otherwise). The model has already refused cycles."""
    by_id = {p.id: p for p in phases}
    done: set[str] = set()
    out: list[Phase] = []
    for phase in phases:
        if phase.id in done:
            continue
        done.add(phase.id)
        # Depth first with a stack of its own: a chain of thousands of phases needs no recursion.
        stack = [(phase, iter(phase.after))]
        while stack:
            current, befores = stack[-1]
            before = next(befores, None)
            if before is None:
                stack.pop()
                out.append(current)
            elif before not in done:
                done.add(before)
                stack.append((by_id[before], iter(by_id[before].after)))
    return out


def _forward(
    phase: Phase,
    early: dict[str, tuple[dt.date, dt.date]],
    first_day: dt.date,
    calendar: WorkingCalendar,
) -> tuple[dt.date, dt.date]:
    if phase.start is not None and phase.end is not None:
        return phase.start, phase.end
    assert phase.duration is not None  # the model guarantees fixed dates or a duration
    if phase.after:
        start = max(calendar.add_working_days(early[b][1], phase.lag + 1) for b in phase.after)
    else:
        start = calendar.add_working_days(first_day, phase.lag)
    return start, calendar.add_working_days(start, phase.duration - 1)


def _late_start(
    phase: Phase, early: tuple[dt.date, dt.date], finish: dt.date, calendar: WorkingCalendar
) -> dt.date:
    if phase.duration is not None:
        return calendar.add_working_days(finish, -(phase.duration - 1))
    # A fixed phase slides as a block: its start moves by as many working days as its end.
    slack = _count(early[1], finish, calendar)
    return calendar.add_working_days(early[0], slack) if slack > 0 else early[0]


def _count(a: dt.date, b: dt.date, calendar: WorkingCalendar) -> int:
    """Working days from *a* to *b*: those in ``(a, b]``, negative when *b* is before *a*."""
    one = dt.timedelta(days=1)
    if b >= a:
        return calendar.working_days(a + one, b)
    return -calendar.working_days(b + one, a)


def _overrun(
    index: int, phase: Phase, end: dt.date, window_end: dt.date, calendar: WorkingCalendar
) -> Problem:
    late = calendar.working_days(window_end + dt.timedelta(days=1), end)
    msg = (
        f"phase {phase.id!r} would end on {end}, {late} working day{'s' if late != 1 else ''} "
        f"after the campaign window ends on {window_end}"
    )
    return Problem(f"$.phases[{index}]", "phase-overruns-window", msg)
