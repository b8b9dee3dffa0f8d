"""Schedule exports: plain dicts (cattrs) and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from campaignkit.io import (
    SCHEDULE_COLUMNS,
    schedule_from_dict,
    schedule_rows,
    schedule_to_dict,
    write_schedule_csv,
)
from campaignkit.model import (
    Activity,
    ActivitySeries,
    CalendarSpec,
    Campaign,
    Cascade,
    Mechanism,
    Phase,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule

D = dt.date


def _campaign() -> Campaign:
    return Campaign(
        id="c",
        name="C",
        timezone="Asia/Shanghai",
        calendar=CalendarSpec(country="CN"),
        window=Window(start=D(2010, 2, 1), end=D(2010, 2, 28)),
        units=(Unit(id="a", name="A"), Unit(id="b", name="B")),
        phases=(Phase(id="p", name="P", duration=3),),
        mechanisms=(
            Mechanism(
                id="m",
                name="M",
                rule="FREQ=WEEKLY;BYDAY=FR",
                on_non_working_day="next_working_day",
                cascade=Cascade(units=("a", "b")),
            ),
        ),
        series=(
            ActivitySeries(
                id="s",
                name="S",
                activities=(Activity(id="x", name="X", date=D(2010, 2, 3), venue="Hall"),),
            ),
        ),
    )


def test_dict_round_trip_through_json() -> None:
    """schedule_to_dict gives JSON-ready data that schedule_from_dict turns back into an equal schedule."""
    s = schedule(_campaign())
    data = json.loads(json.dumps(schedule_to_dict(s)))
    assert schedule_from_dict(data) == s
    assert data["timelines"][0]["units"] == ["a", "b"]
    assert data["timelines"][0]["slots"][0]["start"] == "2010-02-05T09:00:00+08:00"
    assert "_days" not in data["timelines"][0]


def test_rows_one_per_item_sorted() -> None:
    """There is one row per occurrence and activity, sorted by start; a moved occurrence says so."""
    s = schedule(_campaign())
    rows = list(schedule_rows(s))
    assert len(rows) == s.occurrence_count + len(s.activities)
    assert rows[0]["ref"] == "x"
    moved = [r for r in rows if r["rule_date"] == "2010-02-19"]
    assert [(r["ref"], r["day"], r["shifted"]) for r in moved] == [
        ("m/a@2010-02-19", "2010-02-20", "true"),
        ("m/b@2010-02-19", "2010-02-20", "true"),
    ]


def test_csv_has_a_header_and_every_row() -> None:
    """The CSV starts with the documented columns and holds every row."""
    s = schedule(_campaign())
    out = io.StringIO()
    count = write_schedule_csv(s, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(table[0].keys()) == SCHEDULE_COLUMNS
    assert len(table) == count == s.occurrence_count + len(s.activities)
    assert table[0]["venue"] == "Hall"
