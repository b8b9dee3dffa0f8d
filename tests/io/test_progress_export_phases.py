"""Progress exports of phases: their state and their exit gates, in the JSON and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from campaignkit.io import progress_to_csv, progress_to_dict
from campaignkit.model import (
    ActivitySeries,
    Campaign,
    GateCondition,
    Indicator,
    Mechanism,
    Phase,
    Window,
)
from campaignkit.scheduling import DatedPhase, Schedule, schedule
from campaignkit.tracking import Held, Progress, Reading, Status, progress

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))
DAYS = {"study": (D(2026, 3, 2), D(2026, 3, 13)), "act": (D(2026, 3, 16), D(2026, 3, 27))}


def example(as_of: dt.date) -> Progress:
    """Two phases; study's gate asks for 60% of the ideas, which are at 30%."""
    gate = (GateCondition(indicator="ideas", completion=0.6),)
    c = Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=tuple(
            Phase(id=id, name=id, start=s, end=e, gate=gate if id == "study" else ())
            for id, (s, e) in DAYS.items()
        ),
        series=(
            ActivitySeries(
                id="s", name="S", indicators=(Indicator(id="ideas", name="想法", target=100),)
            ),
        ),
    )
    sched = Schedule(
        campaign="c",
        timezone="UTC",
        window_start=WINDOW.start,
        window_end=WINDOW.end,
        phases=tuple(
            DatedPhase(
                phase=id, start=s, end=e, late_start=s, late_finish=e, slack=0, critical=True
            )
            for id, (s, e) in DAYS.items()
        ),
        spans=(("s", WINDOW.start, WINDOW.end),),
    )
    return progress(c, sched, [Reading(indicator="ideas", date=D(2026, 3, 3), value=30)], as_of)


class TestJSON:
    def test_phase_state_and_gates(self) -> None:
        """A phase has its state, its gate's conditions and their whole."""
        phases = progress_to_dict(example(D(2026, 3, 10)))["phases"]
        study, act = phases
        assert (study["state"], study["gate"]) == ("in_progress", "pending")
        assert study["gates"] == [
            {
                "indicator": "ideas",
                "threshold": 0.6,
                "value": 0.3,
                "state": "pending",
                "at_end": None,
            }
        ]
        assert (act["state"], act["gate"], act["gates"], act["status"]) == (
            "not_started",
            None,
            [],
            None,
        )


class TestCSV:
    def test_gate_rows_under_their_phase(self) -> None:
        """Each gate condition has a row under its phase; the phase row has its state and
        its gate as a whole."""
        text = progress_to_csv(example(D(2026, 3, 16)))
        rows = {r["path"]: r for r in csv.DictReader(io.StringIO(text))}
        phase = rows["campaign/phase:study"]
        assert (phase["state"], phase["gate"]) == ("finished", "failed")
        gate = rows["campaign/phase:study/gate:ideas"]
        columns = ("kind", "id", "value", "threshold", "at_end", "state")
        assert tuple(gate[c] for c in columns) == ("gate", "ideas", "0.3", "0.6", "0.3", "failed")
        act = rows["campaign/phase:act"]
        assert (act["state"], act["gate"], act["completion"]) == ("in_progress", "", "0.0")


def weekly_in_three_phases() -> Progress:
    """A Monday meeting that lists no phase, over three phases of March 2026: prep (2–6,
    one meeting, held), run (9–20, two meetings; the 9th due and not held), close (23–27,
    not started), as of the 10th."""
    phases = {"prep": (2, 6), "run": (9, 20), "close": (23, 27)}
    c = Campaign(
        id="c",
        name="C",
        window=WINDOW,
        phases=tuple(
            Phase(id=id, name=id, start=D(2026, 3, a), end=D(2026, 3, b))
            for id, (a, b) in phases.items()
        ),
        mechanisms=(Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=MO"),),
    )
    held = [Held(subject="weekly@2026-03-02", date=D(2026, 3, 2))]
    return progress(c, schedule(c), held, D(2026, 3, 10))


class TestShares:
    """Regression: a phase's rows held its members' figures across the whole campaign, so
    that the meeting of a phase whose one meeting was held read 25 %, behind, under it, and
    read behind under a phase not started."""

    def test_a_phase_counts_the_share(self) -> None:
        """prep: 1 of 1 held, all due: 100 % on track; run: 0 of 2 held, 1 due: 0 % against
        50 %, behind; close has not started: no figures."""
        p = weekly_in_three_phases()
        shares = {phase.id: phase.shares for phase in p.phases}
        figures = {
            id: [(s.id, s.completion, s.planned, s.status) for s in found]
            for id, found in shares.items()
        }
        assert figures == {
            "prep": [("weekly", 1.0, 1.0, Status.ON)],
            "run": [("weekly", 0.0, 0.5, Status.BEHIND)],
            "close": [("weekly", None, None, None)],
        }
        assert [phase.completion for phase in p.phases] == [1.0, 0.0, None]

    def test_csv_rows_of_shares(self) -> None:
        """Under each phase, a share row with what the phase counts; the meeting itself once,
        under the campaign, with its whole figures (4 meetings, 2 due, 1 held)."""
        rows = {
            r["path"]: r
            for r in csv.DictReader(io.StringIO(progress_to_csv(weekly_in_three_phases())))
        }
        prep = rows["campaign/phase:prep/share:weekly"]
        assert (prep["kind"], prep["completion"], prep["status"]) == ("share", "1.0", "on")
        assert rows["campaign/phase:close/share:weekly"]["status"] == ""
        whole = rows["campaign/mechanism:weekly"]
        assert (whole["total"], whole["due"], whole["held"]) == ("4", "2", "1")
        assert not [path for path in rows if "/phase:" in path and "/mechanism:" in path]

    def test_json_has_them(self) -> None:
        """The JSON of a phase lists its shares beside its members."""
        prep = progress_to_dict(weekly_in_three_phases())["phases"][0]
        assert prep["shares"] == [
            {
                "id": "weekly",
                "name": "Weekly",
                "completion": 1.0,
                "planned": 1.0,
                "spi": 1.0,
                "status": "on",
            }
        ]
        assert [m["id"] for m in prep["mechanisms"]] == ["weekly"]
