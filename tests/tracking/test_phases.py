"""Phase progress and exit gates pinned on small hand-computed cases.

The campaign runs in March 2026 on a weekends-only calendar: the window 03-02 .. 03-27 has 20
working days. Three fixed phases split it: ``prep`` 03-02 .. 03-06 (5 working days), ``run``
03-09 .. 03-20 (10) and ``close`` 03-23 .. 03-27 (5). The weekly meeting is on Mondays:
03-02 (prep), 03-09 and 03-16 (run), 03-23 (close). Schedules are built by hand.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from campaignkit.model import (
    ActivitySeries,
    Campaign,
    GateCondition,
    Indicator,
    Mechanism,
    Phase,
    Window,
)
from campaignkit.scheduling import Schedule
from campaignkit.tracking import (
    Accumulator,
    GateState,
    Held,
    PhaseState,
    Progress,
    Reading,
    Record,
    Status,
    progress,
    progress_series,
)
from support import weekly_plan

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))
DAYS = {"prep": (D(2026, 3, 2), D(2026, 3, 6)), "run": (D(2026, 3, 9), D(2026, 3, 20))}
DAYS["close"] = (D(2026, 3, 23), D(2026, 3, 27))
MONDAYS = (D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23))


def campaign(
    *, meeting_phases: tuple[str, ...] = (), gate: tuple[GateCondition, ...] = ()
) -> Campaign:
    phases = tuple(
        Phase(id=id, name=id, start=start, end=end, gate=gate if id == "run" else ())
        for id, (start, end) in DAYS.items()
    )
    ideas = Indicator(id="ideas", name="ideas", target=100)
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=phases,
        mechanisms=(
            Mechanism(id="weekly", name="W", rule="FREQ=WEEKLY;BYDAY=MO", phases=meeting_phases),
        ),
        series=(ActivitySeries(id="forum", name="F", indicators=(ideas,)),),
    )


def plan(c: Campaign) -> Schedule:
    return weekly_plan(c, MONDAYS, DAYS)


def held(*days: dt.date) -> list[Record]:
    return [Held(subject=f"weekly@{day}", date=day) for day in days]


def at(
    c: Campaign, records: list[Record], as_of: dt.date, weights: dict[str, float] | None = None
) -> Progress:
    return progress(c, plan(c), records, as_of, weights=weights)


def meetings_only() -> dict[str, float]:
    """Weights that leave the forum out, so that phases count the meeting alone."""
    return {"forum": 0.0}


class TestPhaseCountsWhatIsDueInside:
    def test_issue_11_finished_phase_whose_only_meeting_was_held(self) -> None:
        """A finished phase whose only meeting was held is complete and on track, not
        "66.7 %, at risk" from the mechanism's campaign-wide figure."""
        p = at(campaign(), held(D(2026, 3, 2)), D(2026, 3, 10), weights=meetings_only())
        prep = p.phase("prep")
        # inside prep: 1 meeting (03-02), due 1, held 1: completion 1 / 1, planned 1 / 1
        assert (prep.state, prep.completion, prep.planned) == (PhaseState.FINISHED, 1.0, 1.0)
        assert (prep.spi, prep.status) == (1.0, Status.ON)

    def test_running_phase_counts_its_own_meetings(self) -> None:
        """A running phase counts the meetings inside its dates, due by the day."""
        p = at(campaign(), held(D(2026, 3, 2)), D(2026, 3, 10), weights=meetings_only())
        run = p.phase("run")
        # inside run: 2 meetings (03-09, 03-16), due 1 (03-09), held 0:
        # completion 0 / 2 = 0, planned 1 / 2 = 0.5, SPI 0
        assert (run.state, run.completion, run.planned) == (PhaseState.IN_PROGRESS, 0.0, 0.5)
        assert (run.spi, run.status) == (0.0, Status.BEHIND)
        # the mechanism's own figures stay campaign-wide: held 1 of 4, due 2 of 4
        weekly = p.mechanism("weekly")
        assert (weekly.completion, weekly.planned) == (0.25, 0.5)

    def test_issue_11_phase_not_started_has_no_status(self) -> None:
        """A phase that has not started shows no completion and no status, not "behind"."""
        p = at(campaign(), held(D(2026, 3, 2)), D(2026, 3, 10), weights=meetings_only())
        close = p.phase("close")
        assert close.state is PhaseState.NOT_STARTED
        assert (close.completion, close.planned, close.spi, close.status) == (None,) * 4

    def test_not_started_phase_counts_in_the_campaign(self) -> None:
        """The campaign rolls up every phase, one that has not started with what it has: a
        meeting held early counts as done against nothing planned."""
        ahead = Held(subject="weekly@2026-03-23", date=D(2026, 3, 10))
        early = [*held(D(2026, 3, 2), D(2026, 3, 9)), ahead]
        p = at(campaign(), early, D(2026, 3, 10), weights=meetings_only())
        assert p.phase("close").status is None
        # prep 1 of 1 planned 1; run 1 of 2 held, planned 1 / 2; close 1 of 1 held early,
        # planned 0: completion (1 + 0.5 + 1) / 3, planned (1 + 0.5 + 0) / 3
        assert p.completion == pytest.approx(2.5 / 3)
        assert p.planned == pytest.approx(1.5 / 3)

    def test_finished_phase_is_final(self) -> None:
        """A finished phase's figures do not move with the days after it: everything in it is
        due, and records of later items are not its own."""
        records = held(D(2026, 3, 2), D(2026, 3, 9))
        weights = meetings_only()
        early = at(campaign(), records, D(2026, 3, 10), weights=weights).phase("prep")
        late = at(
            campaign(), [*records, *held(D(2026, 3, 16))], D(2026, 3, 27), weights=weights
        ).phase("prep")
        assert (early.completion, early.planned, early.status) == (1.0, 1.0, Status.ON)
        assert (late.completion, late.planned, late.status) == (1.0, 1.0, Status.ON)

    def test_indicator_counts_its_share_of_the_trajectory(self) -> None:
        """An indicator counts, in a phase, the segment of its trajectory inside the phase."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 4), value=30)]
        p = at(campaign(), records, D(2026, 3, 10), weights={"weekly": 0.0})
        # linear over 20 working days: f(03-06) = 5 / 20 = 0.25, f(03-20) = 15 / 20 = 0.75,
        # f(03-10) = 7 / 20 = 0.35; the indicator's completion is 30 / 100 = 0.3
        # prep (0 .. 0.25): completion (0.3 - 0) / 0.25 = 1.2 -> 1, planned 0.25 / 0.25 = 1
        assert (p.phase("prep").completion, p.phase("prep").planned) == (1.0, 1.0)
        # run (0.25 .. 0.75): completion (0.3 - 0.25) / 0.5 = 0.1, planned (0.35 - 0.25) / 0.5
        # = 0.2, SPI 0.5: behind
        run = p.phase("run")
        assert run.completion == pytest.approx(0.1)
        assert run.planned == pytest.approx(0.2)
        assert run.status is Status.BEHIND

    def test_explicit_phases_keep_the_members_own_figures(self) -> None:
        """A mechanism that lists its phase counts in it with its campaign-wide figures, and
        only there."""
        c = campaign(meeting_phases=("run",))
        p = at(c, held(D(2026, 3, 2)), D(2026, 3, 10), weights=meetings_only())
        # weekly: held 1 of 4, due 2 of 4 -> completion 0.25, planned 0.5
        assert (p.phase("run").completion, p.phase("run").planned) == (0.25, 0.5)
        assert [m.id for m in p.phase("prep").mechanisms] == []
        assert p.phase("prep").completion is None
        # prep and close measure nothing; the campaign is run alone
        assert (p.completion, p.planned) == (0.25, 0.5)

    def test_several_phases_each_count_their_share(self) -> None:
        """Regression: a mechanism listing several phases counted in each with its
        campaign-wide figures, so a finished phase whose every meeting was held fell
        behind as later phases' meetings were missed. It counts in each with its share,
        like one that lists no phase; its meetings between them are the campaign's
        remainder outside its phases.

        Mondays 03-02 (prep), 03-09 and 03-16 (run, not listed), 03-23 (close); held on
        03-02 alone; as of 03-27 everything is due."""
        c = campaign(meeting_phases=("prep", "close"))
        p = at(c, held(D(2026, 3, 2)), D(2026, 3, 27), weights=meetings_only())
        prep, close = p.phase("prep"), p.phase("close")
        # prep: 1 meeting inside, held: 1 / 1 against 1 / 1 (it read 0.25, behind)
        assert (prep.completion, prep.planned, prep.status) == (1.0, 1.0, Status.ON)
        assert [s.completion for s in prep.shares if s.id == "weekly"] == [1.0]
        # close: 1 meeting inside, not held: 0 / 1 against 1 / 1
        assert (close.completion, close.planned, close.status) == (0.0, 1.0, Status.BEHIND)
        assert p.phase("run").completion is None  # the mechanism is not a member of run
        # the campaign: prep (1, 1) and close (0, 1), weight 1 each; the meetings of 03-09
        # and 03-16, half of the mechanism's work, the remainder (0 held, 2 due): rho = 0.5,
        # weight 2 x 0.5 / (1 - 0.5) = 2. Completion (1 + 0 + 0 x 2) / 4 = 0.25, planned 1:
        # the mechanism's own 1 of 4 held
        assert (p.completion, p.planned) == (0.25, 1.0)
        weekly = p.mechanism("weekly")
        assert (weekly.completion, weekly.planned) == (0.25, 1.0)


class TestGates:
    def gated(self, threshold: float = 0.5) -> Campaign:
        return campaign(gate=(GateCondition(indicator="ideas", completion=threshold),))

    def test_pending_while_the_phase_runs(self) -> None:
        """Below the threshold while the phase runs: pending, with the value measured."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 4), value=30)]
        run = at(self.gated(), records, D(2026, 3, 20)).phase("run")
        # ideas: 30 / 100 = 0.3 < 0.5
        assert [(g.indicator, g.threshold, g.value, g.state) for g in run.gates] == [
            ("ideas", 0.5, 0.3, GateState.PENDING)
        ]
        assert run.gate is GateState.PENDING

    def test_failed_once_the_phase_ended_below_it(self) -> None:
        """Below the threshold the day after the phase's last day: failed."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 4), value=30)]
        run = at(self.gated(), records, D(2026, 3, 21)).phase("run")
        assert run.gates[0].state is GateState.FAILED
        assert run.gate is GateState.FAILED

    def test_passed_when_the_threshold_is_reached(self) -> None:
        """Reaching the threshold passes, even before the phase ends."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 4), value=50)]
        run = at(self.gated(), records, D(2026, 3, 10)).phase("run")
        # ideas: 50 / 100 = 0.5 >= 0.5
        assert (run.gates[0].value, run.gate) == (0.5, GateState.PASSED)

    def test_no_gate(self) -> None:
        """A phase without a gate has no gate state."""
        assert at(self.gated(), [], D(2026, 3, 10)).phase("prep").gate is None

    def test_late_when_reached_only_after_the_phase(self) -> None:
        """A threshold reached after the phase's last day does not pass the gate: late."""
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 4), value=30),
            Reading(indicator="ideas", date=D(2026, 3, 23), value=30),
        ]
        run = at(self.gated(), records, D(2026, 3, 24)).phase("run")
        # by 20 March (run's last day): 30 / 100 = 0.3 < 0.5; by 24 March: 60 / 100 = 0.6
        [gate] = run.gates
        assert (gate.value, gate.at_end, gate.state) == (0.6, 0.3, GateState.LATE)
        assert run.gate is GateState.LATE
        # the day the threshold was reached, the phase had ended: late from then on
        assert at(self.gated(), records, D(2026, 3, 23)).phase("run").gate is GateState.LATE
        assert at(self.gated(), records, D(2026, 3, 22)).phase("run").gate is GateState.FAILED

    def test_passed_at_the_end_stays_passed(self) -> None:
        """A gate reached by the phase's last day stays passed when the indicator falls
        afterwards: the value shows the fall, ``at_end`` what judged the gate."""
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 4), value=60),
            Reading(indicator="ideas", date=D(2026, 3, 23), value=-30),
        ]
        run = at(self.gated(), records, D(2026, 3, 27)).phase("run")
        # by 20 March: 60 / 100 = 0.6 >= 0.5; by 27 March: (60 - 30) / 100 = 0.3
        [gate] = run.gates
        assert (gate.value, gate.at_end, gate.state) == (0.3, 0.6, GateState.PASSED)

    def test_no_end_value_while_the_phase_runs(self) -> None:
        """On the phase's last day it still runs: judged by the day, no ``at_end``."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 4), value=30)]
        [gate] = at(self.gated(), records, D(2026, 3, 20)).phase("run").gates
        assert (gate.value, gate.at_end, gate.state) == (0.3, None, GateState.PENDING)

    def test_an_accumulator_tracks_the_end_of_a_gated_phase(self) -> None:
        """Asked for later days only, an accumulator also tracks the last day of a gated
        phase that ends before them, and judges the gate by it, on every path: one by one,
        merged, over several days, pickled."""
        c = self.gated()
        records = [
            Reading(indicator="ideas", date=D(2026, 3, 4), value=30),
            Reading(indicator="ideas", date=D(2026, 3, 20), value=10),
            Reading(indicator="ideas", date=D(2026, 3, 21), value=30),
        ]
        acc = Accumulator(c, plan(c), days=[D(2026, 3, 25)])
        assert (acc.days, acc.tracked_days) == ((D(2026, 3, 25),), (D(2026, 3, 20), D(2026, 3, 25)))
        acc.update(records[:2])
        other = Accumulator(c, plan(c), days=[D(2026, 3, 25)])
        other.update(records[2:])
        acc.merge(other)
        again = pickle.loads(pickle.dumps(acc))
        for a in (acc, again):
            # by 20 March: (30 + 10) / 100 = 0.4 < 0.5; by 25 March: 0.7
            [gate] = a.result(D(2026, 3, 25)).phase("run").gates
            assert (gate.value, gate.at_end, gate.state) == (0.7, 0.4, GateState.LATE)
        # a phase ending on or after the last day asked is not tracked: its gate is pending
        assert Accumulator(c, plan(c), days=[D(2026, 3, 20)]).tracked_days == (D(2026, 3, 20),)
        assert Accumulator(c, plan(c), days=[D(2026, 3, 12)]).tracked_days == (D(2026, 3, 12),)
        assert Accumulator(c, plan(c)).tracked_days is None  # every day tracked already
        history = progress_series(c, plan(c), records, [D(2026, 3, 19), D(2026, 3, 26)])
        assert [p.phase("run").gate for p in history] == [GateState.PENDING, GateState.LATE]

    def test_dated_by_assumption_counts_by_the_days_asked_for(self) -> None:
        """An assumed reading dated on the gated phase's last day (20 March), tracked but
        not asked for, counts under the next day asked for (25 March), as without a gate."""
        records = [Reading(indicator="ideas", date=D(2026, 3, 20), value=5, assumed=True)]
        days = [D(2026, 3, 12), D(2026, 3, 25)]
        for c in (self.gated(), campaign()):
            acc = Accumulator(c, plan(c), days=days)
            acc.update(records)
            found = acc.recorded(D(2026, 3, 25)).dated_by_assumption
            assert found == {D(2026, 3, 25): 1}
            assert acc.recorded(D(2026, 3, 12)).dated_by_assumption == {}
