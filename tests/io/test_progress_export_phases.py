"""Progress exports of phases: their state and their exit gates, in the JSON and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from campaignkit.io import progress_to_csv, progress_to_dict
from campaignkit.model import ActivitySeries, Campaign, GateCondition, Indicator, Phase, Window
from campaignkit.scheduling import DatedPhase, Schedule
from campaignkit.tracking import Progress, Reading, progress

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
