"""The SVG charts: Gantt chart, burn-up and completion bars."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import attrs
import pytest

from campaignkit.calendar import WorkingCalendar
from campaignkit.report import Labels
from campaignkit.report._charts import burnup_chart, completion_chart
from campaignkit.report._gantt import gantt_chart

if TYPE_CHECKING:
    from .conftest import Builders, Case

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The chart as an XML tree (inline SVG without a namespace is given one to parse)."""
    return ET.fromstring(str(svg).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def having(root: ET.Element, css: str) -> list[ET.Element]:
    """Elements whose class list holds *css*."""
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


@pytest.fixture(scope="module")
def zh() -> Labels:
    """Chinese labels."""
    return Labels.of("zh")


class TestGantt:
    def test_one_row_per_phase_series_and_mechanism(self, changsheng: Case, zh: Labels) -> None:
        """Changsheng: 4 phases + 9 series + 5 mechanisms = 18 rows, in that order."""
        c = changsheng.campaign
        root = parse(gantt_chart(c, changsheng.plan, changsheng.result, zh))
        rows = having(root, "gantt-row")
        assert len(rows) == len(c.phases) + len(c.series) + len(c.mechanisms) == 18
        kinds = [r.get("data-kind") for r in rows]
        assert kinds == ["phase"] * 4 + ["series"] * 9 + ["mechanism"] * 5
        assert [r.get("id") for r in rows] == [f"gantt-row-{n}" for n in range(18)]

    def test_occurrences_and_events(self, changsheng: Case, zh: Labels) -> None:
        """The weekly meeting row has a dot per meeting (22), filled up to the as-of day (18)."""
        root = parse(gantt_chart(changsheng.campaign, changsheng.plan, changsheng.result, zh))
        (weekly,) = (r for r in having(root, "gantt-row") if r.get("data-id") == "weekly-meeting")
        dots = having(weekly, "gantt-occurrence")
        assert len(dots) == 22
        assert len(having(weekly, "past")) == 18
        (forum,) = (r for r in having(root, "gantt-row") if r.get("data-id") == "forum")
        assert len(having(forum, "gantt-event")) == 5

    def test_holidays_and_make_up_days(self, changsheng: Case, zh: Labels) -> None:
        """Spring Festival weekdays are a holiday run; 02-20 and 02-21 are make-up workdays."""
        root = parse(gantt_chart(changsheng.campaign, changsheng.plan, changsheng.result, zh))
        holidays = {(r.get("data-start"), r.get("data-end")) for r in having(root, "holiday")}
        assert ("2010-02-15", "2010-02-19") in holidays
        makeup = {(r.get("data-start"), r.get("data-end")) for r in having(root, "makeup")}
        assert ("2010-02-20", "2010-02-21") in makeup

    def test_as_of_line(self, changsheng: Case, zh: Labels) -> None:
        """A line marks the as-of day, labelled with it."""
        root = parse(gantt_chart(changsheng.campaign, changsheng.plan, changsheng.result, zh))
        (group,) = having(root, "as-of-line")
        assert group.get("data-day") == "2010-04-02"
        assert len(having(group, "as-of")) == 1

    def test_as_of_outside_the_window(self, small: Case, zh: Labels) -> None:
        """An as-of day outside the window draws no line."""
        late = attrs.evolve(small.result, as_of=dt.date(2027, 1, 1))
        root = parse(gantt_chart(small.campaign, small.plan, late, zh))
        assert having(root, "as-of") == []

    def test_names_are_escaped(self, zh: Labels, build: Builders) -> None:
        """A name with markup is text in the SVG."""
        series = attrs.evolve(build.campaign().series[0], name="<b>x</b>")
        campaign = attrs.evolve(build.campaign(), series=(series,))
        case = build.case(campaign, build.ledger(), build.as_of)
        svg = gantt_chart(case.campaign, case.plan, case.result, zh)
        assert "<b>" not in svg
        assert "&lt;b&gt;x&lt;/b&gt;" in svg
        parse(svg)  # still well-formed

    def test_calendar_argument(self, small: Case, zh: Labels) -> None:
        """A calendar given replaces the campaign's: a weekend on Friday is shaded."""
        cal = WorkingCalendar(weekend=("fri",))
        root = parse(gantt_chart(small.campaign, small.plan, small.result, zh, calendar=cal))
        starts = {r.get("data-start") for r in having(root, "weekend")}
        assert "2026-03-06" in starts  # a Friday
        assert "2026-03-07" not in starts  # a Saturday, a working day now


class TestBurnup:
    def test_earned_rises_up_to_the_day(self, changsheng: Case, zh: Labels) -> None:
        """Changsheng: earned points stop at the as-of day and never fall; planned reaches 100%."""
        c = changsheng.campaign
        root = parse(
            burnup_chart(
                changsheng.history, changsheng.result.as_of, c.window.start, c.window.end, zh
            )
        )
        earned = having(root, "burnup-point")
        earned = [e for e in earned if "earned" in e.get("class", "")]
        values = [float(e.get("data-value", "nan")) for e in earned]
        days = [e.get("data-day") for e in earned]
        assert days[0] == "2009-12-01"
        assert days[-1] == "2010-04-02"
        assert values == sorted(values)
        planned = [
            float(e.get("data-value", "nan"))
            for e in having(root, "planned")
            if e.tag == f"{SVG}circle"
        ]
        assert planned == sorted(planned)
        assert planned[-1] == 1.0
        assert len(having(root, "burnup-line")) == 2

    def test_one_point(self, small: Case, zh: Labels) -> None:
        """With the report's day alone, the chart has one point per line and no line drawn."""
        c = small.campaign
        root = parse(
            burnup_chart([small.result], small.result.as_of, c.window.start, c.window.end, zh)
        )
        assert len(having(root, "burnup-point")) == 2
        assert having(root, "burnup-line") == []


class TestCompletion:
    def test_one_bar_per_series(self, changsheng: Case, zh: Labels) -> None:
        """Nine series, nine bars, each as long as its completion (all complete: full width)."""
        root = parse(completion_chart(changsheng.campaign, changsheng.result, zh))
        bars = having(root, "series-bar")
        assert [b.get("data-id") for b in bars] == [s.id for s in changsheng.campaign.series]
        tracks = [float(t.get("width", "0")) for t in having(root, "bar-track")]
        fills = [float(f.get("width", "0")) for f in having(root, "bar-fill")]
        assert fills == tracks

    def test_bar_length_follows_completion(self, small: Case, zh: Labels) -> None:
        """The small campaign's series is 80% done: its bar fills 80% of the track."""
        root = parse(completion_chart(small.campaign, small.result, zh))
        (track,) = having(root, "bar-track")
        (fill,) = having(root, "bar-fill")
        assert float(fill.get("width", "0")) == pytest.approx(
            0.8 * float(track.get("width", "0")), abs=0.1
        )
        assert "status-at_risk" in fill.get("class", "")


def test_deterministic(changsheng: Case, zh: Labels) -> None:
    """The same input draws the same bytes."""
    c = changsheng.campaign
    one = gantt_chart(c, changsheng.plan, changsheng.result, zh)
    two = gantt_chart(c, changsheng.plan, changsheng.result, zh)
    assert one == two
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height|points)="([^"]*)"', one)
    assert coordinates
    assert not [c for c in coordinates if re.search(r"\d\.\d\d", c)]  # one decimal
