"""The Changsheng reconstruction: ``examples/changsheng/run.py`` reproduces the report's figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import icalendar
import pytest
import recurring_ical_events

from campaignkit.calendar import WorkingCalendar
from campaignkit.cli import main as cli
from campaignkit.io import load
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "changsheng"
CAMPAIGN = EXAMPLE / "campaign.yaml"
RECORDS = EXAMPLE / "records.csv"

# Every figure of the report, as the indicator actuals the records must add up to.
REPORTED = {
    "study-notes": 103,
    "central-group-sessions": 4,
    "suggestions": 150,  # 150余条: a lower bound, printed "150+"
    "golden-ideas": 103,
    "excellent-articles": 2,
    "forum-sessions": 4,
    "forum-lectures": 1,
    "reading-reflections": 20,  # 20余篇
    "cultural-events": 10,  # 10次以上
    "film-screenings": 60,
    "red-song-teams": 9,
    "relief-packages": 2000,
    "relief-cash": 800_000,
    "district-rounds": 5,
    "town-sessions": 2,
    "village-classes": 2,
    "hot-problems": 4,
    "river-investment": 18_100_000,
    "river-dredged": 1.5,
    "orchard-trail": 4,
    "study-tours": 1,
}

# How the summary must word them (the report's own figures; lower bounds with "+").
PRINTED = [
    "150+ suggestions collected",
    "103 golden ideas sent to the district",
    "2 articles circulated district-wide as excellent",
    "103 study notes",
    "20+ reading reflections",
    "4 central-group sessions",
    "10+ cultural events",
    "60 film screenings",
    "9 red-song teams",
    "2,000 relief packages",
    "800,000 yuan",
    "5 + 2 + 2",
    "4 hot problems solved",
    "18.1 million yuan",
    "1.5 km dredged",
    "4 km built",
    "opened 2010-02-24; 4 speech and debate sessions + 1 lecture",
    "Study tour: 2010-03-08",
    "weekly meetings: 18 held of 18 due",
    "工作人员 staff 7",
    "组长 leader: 喻先发",
    "副组长 deputies: 镇长, 王平 (人大主席), 纪委书记",
]


def load_run() -> ModuleType:
    """Import ``examples/changsheng/run.py`` as a module."""
    spec = importlib.util.spec_from_file_location("changsheng_run", EXAMPLE / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@attrs.frozen
class Run:
    """One run of the example: its status, what it printed, and its output folder."""

    status: int
    out: str
    err: str
    folder: Path

    def json(self) -> Any:
        return json.loads((self.folder / "progress.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Run the example once, into a new folder (one that does not exist yet)."""
    folder = tmp_path_factory.mktemp("changsheng") / "out"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = load_run().main([str(folder)])
    return Run(status, out.getvalue(), err.getvalue(), folder)


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    """The example campaign."""
    return load(CAMPAIGN)


@pytest.fixture(scope="module")
def plan(campaign: Campaign) -> Schedule:
    """Its schedule on China's calendar."""
    return schedule(campaign)


def indicators(progress: Any) -> Iterator[dict[str, Any]]:
    """Every indicator node of a progress JSON document."""
    for owner in (*progress["mechanisms"], *progress["series"]):
        yield from owner["indicators"]


class TestRun:
    def test_succeeds_quietly(self, run: Run) -> None:
        """The run exits 0 and reports no problem on stderr."""
        assert (run.status, run.err) == (0, "")

    def test_writes_its_files(self, run: Run) -> None:
        """The output folder is created and holds the four data files, the six reports and
        the three briefings (Chinese, English, German), and nothing else."""
        names = sorted(p.name for p in run.folder.iterdir())
        assert names == sorted(
            ["progress.csv", "progress.json", "schedule.csv", "schedule.ics"]
            + [f"report-{lang}.{fmt}" for lang in ("zh", "en", "de") for fmt in ("html", "md")]
            + [f"briefing-{lang}.md" for lang in ("zh", "en", "de")]
        )

    def test_every_record_is_used(self, run: Run) -> None:
        """All 92 records match the schedule: none is kept out, none is after the day."""
        data = run.json()
        assert data["as_of"] == "2010-04-02"
        counts = {"read": 92, "used": 92, "after_as_of": 0, "reported": 0, "unreadable": 0}
        assert data["counts"] == counts
        assert data["problems"] == []

    def test_indicator_actuals(self, run: Run) -> None:
        """Every indicator adds up to the figure of the report, and is complete."""
        found = {i["id"]: i for i in indicators(run.json())}
        assert {k: found[k]["actual"] for k in REPORTED} == REPORTED
        assert set(found) == set(REPORTED)
        assert {k: found[k]["completion"] for k in REPORTED} == dict.fromkeys(REPORTED, 1.0)

    def test_weekly_meetings_held_against_due(self, run: Run) -> None:
        """18 weekly meetings were due by 2010-04-02 (Fridays from 2009-12-04), and 18 held."""
        weekly = next(m for m in run.json()["mechanisms"] if m["id"] == "weekly-meeting")
        occurrences = weekly["occurrences"]
        assert (occurrences["due"], occurrences["held"], occurrences["missed"]) == (18, 18, 0)
        assert weekly["adherence"] == 1.0

    def test_series_activities_held(self, run: Run) -> None:
        """The forum held its 5 events (4 sessions + 1 lecture); the tour its one."""
        series = {s["id"]: s for s in run.json()["series"]}
        assert (series["forum"]["activities"]["held"], series["forum"]["activities"]["due"]) == (
            5,
            5,
        )
        assert series["study-tour"]["activities"]["held"] == 1

    def test_phases_as_of_the_report(self, run: Run) -> None:
        """As of 2010-04-02 mobilisation and discussion are finished and complete, summing-up
        (from 2010-04-16) has not started, and rectification counts only what falls inside
        2010-03-04 .. 2010-04-15.

        Rectification's twelve measured members weigh alike; their shares (done / planned):
        weekly meeting 5 of 6 held / 5 of 6 due; study-training 0.5 / 0.367 and central group
        0.75 / 0.617 (their indicators' segments inside the phase); inspection, forum, reading
        and interviews 1 / 1; advice, sing-read-tell, training and efficiency 1 / 0.733;
        study tour 1 / 0.867. Done = 11.083 / 12 = 0.924, planned = 9.617 / 12 = 0.801.
        """
        phases = {p["id"]: p for p in run.json()["phases"]}
        figures = {
            id: (p["state"], p["completion"], p["planned"], p["status"]) for id, p in phases.items()
        }
        assert figures["mobilisation"] == ("finished", 1.0, 1.0, "on")
        assert figures["discussion"] == ("finished", 1.0, 1.0, "on")
        assert figures["summing-up"] == ("not_started", None, None, None)
        state, done, planned, status = figures["rectification"]
        assert (state, status) == ("in_progress", "ahead")
        assert done == pytest.approx((5 / 6 + 0.5 + 0.75 + 9) / 12, abs=1e-3)
        assert planned == pytest.approx(9.617 / 12, abs=1e-3)
        assert all(p["gates"] == [] and p["gate"] is None for p in phases.values())

    @pytest.mark.parametrize("text", PRINTED)
    def test_summary_prints_the_figure(self, run: Run, text: str) -> None:
        """The printed summary states each figure of the report."""
        assert text in run.out

    def test_lower_bounds_print_as_the_report_words_them(self, run: Run) -> None:
        """ "150余条", "20余篇" and "10次以上" print as 150+, 20+ and 10+, beside the report's text."""
        for actual, wording in (("150+", "150余条"), ("20+", "20余篇"), ("10+", "10次以上")):
            line = next(line for line in run.out.splitlines() if wording in line)
            assert f" {actual} " in line

    def test_counts_and_lists_every_assumption(self, run: Run, campaign: Campaign) -> None:
        """The summary counts the assumed elements and assignments and names each one."""
        assumed = [i for i in campaign.ids if campaign.get(i).assumed]
        assigned = [a for a in campaign.assignments if a.assumed]
        total = len(list(campaign.ids)) + len(campaign.assignments)
        count = len(assumed) + len(assigned)
        assert f"{count} of the {total} elements and assignments" in run.out
        section = run.out.split("八、假设", 1)[1]
        for id in assumed:
            assert f" {id} " in section
        for a in assigned:
            assert f"({a.party} → {a.subject})" in section

    def test_progress_json_matches_the_command(
        self, run: Run, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """progress.json holds the same bytes as ``campaignkit progress --format json``."""
        argv = ["progress", str(CAMPAIGN), "--records", str(RECORDS), "--as-of", "2010-04-02"]
        assert cli([*argv, "--format", "json"]) == 0
        assert capsys.readouterr().out == (run.folder / "progress.json").read_text("utf-8")

    def test_schedule_csv_matches_the_command(
        self, run: Run, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """schedule.csv holds the same rows as ``campaignkit schedule --format csv`` (which
        begins them with a byte-order mark for Chinese spreadsheets unless --no-bom)."""
        assert cli(["schedule", str(CAMPAIGN), "--format", "csv", "--no-bom"]) == 0
        assert capsys.readouterr().out == (run.folder / "schedule.csv").read_bytes().decode()

    def test_progress_csv_has_a_row_per_indicator(self, run: Run) -> None:
        """progress.csv has a header and a row for every indicator."""
        text = (run.folder / "progress.csv").read_text(encoding="utf-8")
        assert text.startswith("path,kind,id,name,")
        rows = [line for line in text.splitlines() if ",indicator," in line]
        assert {line.split(",")[2] for line in rows} == set(REPORTED)

    def test_output_folder_that_is_a_file(self, tmp_path: Path) -> None:
        """An output path that is a file is bad input: status 2 and a message, no traceback."""
        blocker = tmp_path / "taken"
        blocker.write_text("", encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = load_run().main([str(blocker)])
        assert status == 2
        assert err.getvalue().startswith(f"run.py: cannot write into {blocker}")

    def test_readme_command(self, tmp_path: Path) -> None:
        """``python examples/changsheng/run.py OUT`` runs as a script, from any folder."""
        done = subprocess.run(
            [sys.executable, str(EXAMPLE / "run.py"), "out"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=120,
        )
        assert (done.returncode, done.stderr) == (0, "")
        assert "150+ suggestions collected" in done.stdout
        assert (tmp_path / "out" / "schedule.ics").is_file()


class TestSpringFestival:
    def test_no_weekly_meeting_in_the_holiday_week(self, plan: Schedule) -> None:
        """Spring Festival 2010-02-13..19 is off: no weekly meeting falls in it."""
        week = [
            o
            for o in plan.occurrences("weekly-meeting")
            if dt.date(2010, 2, 13) <= o.day <= dt.date(2010, 2, 19)
        ]
        assert week == []

    def test_make_up_saturday_holds_it(self, plan: Schedule) -> None:
        """Friday 02-19's meeting moves to Saturday 02-20, a make-up workday, keeping its key."""
        (meeting,) = (o for o in plan.on(dt.date(2010, 2, 20)) if o.subject == "weekly-meeting")
        assert meeting.ref == "weekly-meeting@2010-02-19"
        assert meeting.shifted
        assert WorkingCalendar(country="CN").is_working_day(dt.date(2010, 2, 20))

    def test_calendar_file_reproduces_the_shift(self, run: Run) -> None:
        """The iCalendar file parses, and expands to a meeting on 02-20 and none in the week."""
        data = (run.folder / "schedule.ics").read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar.walk("VEVENT")
        events = recurring_ical_events.of(calendar).between(
            dt.date(2010, 2, 13), dt.date(2010, 2, 22)
        )
        meetings = sorted(
            e["DTSTART"].dt.date() for e in events if str(e["SUMMARY"]) == "每周例会制度"
        )
        assert meetings == [dt.date(2010, 2, 20)]
