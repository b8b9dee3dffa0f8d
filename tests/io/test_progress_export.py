"""Progress exports: plain dicts and JSON through cattrs, and the flat CSV with paths."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from campaignkit.io import (
    PROGRESS_COLUMNS,
    progress_rows,
    progress_to_csv,
    progress_to_dict,
    progress_to_json,
    write_progress_csv,
    write_progress_json,
)
from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    Indicator,
    Mechanism,
    Phase,
    Unit,
    Window,
)
from campaignkit.scheduling import DatedPhase, Schedule, Slot, Timeline, schedule
from campaignkit.tracking import Held, Progress, Reading, progress
from support import visits_and_peak

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))


def example() -> Progress:
    """A phase with a cascaded series, a recurring mechanism outside any phase, two villages."""
    c = Campaign(
        id="c",
        name="运动",
        window=WINDOW,
        units=(
            Unit(id="town", name="Town"),
            Unit(id="v1", name="V1", parent="town"),
            Unit(id="v2", name="V2", parent="town"),
        ),
        phases=(Phase(id="p1", name="学习", start=D(2026, 3, 2), end=D(2026, 3, 13)),),
        mechanisms=(
            Mechanism(
                id="weekly",
                name="例会",
                rule="FREQ=WEEKLY;BYDAY=FR",
                window=Window(start=D(2026, 3, 16), end=D(2026, 3, 27)),
            ),
        ),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                phases=("p1",),
                cascade=Cascade(children_of="town"),
                indicators=(Indicator(id="ideas", name="金点子", target=10),),
            ),
        ),
    )
    start = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)
    s = Schedule(
        campaign="c",
        timezone="UTC",
        window_start=WINDOW.start,
        window_end=WINDOW.end,
        phases=(
            DatedPhase(
                phase="p1",
                start=D(2026, 3, 2),
                end=D(2026, 3, 13),
                late_start=D(2026, 3, 2),
                late_finish=D(2026, 3, 13),
                slack=0,
                critical=True,
            ),
        ),
        timelines=(
            Timeline(
                mechanism="weekly",
                units=(None,),
                slots=(
                    Slot(rule_date=D(2026, 3, 20), start=start, end=start + dt.timedelta(hours=1)),
                ),
            ),
        ),
        spans=(("weekly", D(2026, 3, 16), D(2026, 3, 27)), ("s", D(2026, 3, 2), D(2026, 3, 13))),
    )
    records = [
        Reading(indicator="ideas", unit="v1", date=D(2026, 3, 3), value=4),
        Held(subject="weekly@2026-03-20", date=D(2026, 3, 20)),
        Reading(indicator="nope", date=D(2026, 3, 3), value=1, id="bad"),
    ]
    return progress(c, s, records, D(2026, 3, 20))


class TestDict:
    def test_mirrors_the_tree_with_plain_values(self) -> None:
        """Dates become ISO text, enums their values, and JSON can hold all of it."""
        d = progress_to_dict(example())
        assert d["as_of"] == "2026-03-20"
        assert d["status"] in ("ahead", "on", "at_risk", "behind")
        assert d["series"][0]["indicators"][0]["aggregate"] == "sum"
        assert d["series"][0]["indicators"][0]["across"] == "sum"  # cascaded to the villages
        assert json.loads(json.dumps(d)) == d

    def test_derived_figures_are_included(self) -> None:
        """Tallies carry missed and rate; mechanisms their adherence."""
        weekly = progress_to_dict(example())["mechanisms"][0]
        assert weekly["occurrences"]["rate"] == 1.0
        assert weekly["occurrences"]["missed"] == 0
        assert weekly["adherence"] == 1.0

    def test_problems_are_plain(self) -> None:
        """Problems come out as small dicts with their severity."""
        (problem,) = progress_to_dict(example())["problems"]
        assert problem == {
            "path": '$.records["bad"].indicator',
            "code": "unknown-reference",
            "message": "indicator 'nope' is not defined in this campaign",
            "severity": "error",
        }

    def test_json_keeps_chinese_text(self) -> None:
        """JSON text keeps Chinese names as they are."""
        assert "金点子" in progress_to_json(example())


class TestCSV:
    def test_one_row_per_node_with_its_path(self) -> None:
        """Every node of the tree is a row named by its path from the root."""
        paths = [row["path"] for row in progress_rows(example())]
        assert paths == [
            "campaign",
            "campaign/phase:p1",
            "campaign/phase:p1/series:s",
            "campaign/phase:p1/series:s/indicator:ideas",
            "campaign/phase:p1/series:s/indicator:ideas/unit:v1",
            "campaign/phase:p1/series:s/indicator:ideas/unit:v2",
            "campaign/phase:p1/series:s/unit:v1",
            "campaign/phase:p1/series:s/unit:v2",
            "campaign/mechanism:weekly",
            "campaign/unit:v1",
            "campaign/unit:v2",
        ]

    def test_rows_carry_the_figures(self) -> None:
        """Indicator rows carry actual and target; mechanism rows their tally; units a rank."""
        rows = {row["path"]: row for row in progress_rows(example())}
        unit = rows["campaign/phase:p1/series:s/indicator:ideas/unit:v1"]
        assert (unit["actual"], unit["target"], unit["completion"]) == (4.0, 10.0, 0.4)
        weekly = rows["campaign/mechanism:weekly"]
        assert (weekly["total"], weekly["due"], weekly["held"], weekly["adherence"]) == (
            1,
            1,
            1,
            1.0,
        )
        assert rows["campaign/unit:v1"]["rank"] == 1

    def test_rows_say_how_many_readings_are_assumed(self) -> None:
        """Regression: the CSV could not tell guessed figures from facts. v1's two visits
        readings, one assumed: the indicator row has readings 2, assumed 1."""
        c = visits_and_peak(("v1", "v2"))
        records = [
            Reading(indicator="visits", unit="v1", date=D(2026, 3, 10), value=2),
            Reading(indicator="visits", unit="v1", date=D(2026, 3, 12), value=3, assumed=True),
        ]
        p = progress(c, schedule(c), records, D(2026, 4, 1))
        rows = {r["path"]: r for r in csv.DictReader(io.StringIO(progress_to_csv(p)))}
        visits = rows["campaign/series:s/indicator:visits"]
        assert (visits["readings"], visits["assumed"]) == ("2", "1")
        assert rows["campaign/series:s/indicator:peak"]["assumed"] == "0"

    def test_text_parses_back(self, tmp_path: Path) -> None:
        """The CSV has the documented header and one line per row; files are written whole."""
        p = example()
        text = progress_to_csv(p)
        rows = list(csv.DictReader(io.StringIO(text)))
        assert tuple(rows[0].keys()) == PROGRESS_COLUMNS
        assert len(rows) == len(list(progress_rows(p)))
        write_progress_csv(p, tmp_path / "p.csv")
        write_progress_json(p, tmp_path / "p.json")
        assert (tmp_path / "p.csv").read_bytes().decode("utf-8") == text
        assert json.loads((tmp_path / "p.json").read_text("utf-8")) == progress_to_dict(p)
        assert sorted(x.name for x in tmp_path.iterdir()) == ["p.csv", "p.json"]
