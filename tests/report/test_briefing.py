"""The weekly-meeting sheet: last week, overdue, this week by party, next week."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs
import pytest

from campaignkit import ValidationError
from campaignkit.model import Cascade
from campaignkit.report import LANGUAGES, Labels, render_briefing, weekly_briefing
from campaignkit.scheduling import schedule
from campaignkit.tracking import Cancelled, Held, Ledger, Reading, progress
from support import ideas_in_march

if TYPE_CHECKING:
    from .conftest import Builders, Case

WEEK = dt.timedelta(days=7)
# Every week a Changsheng briefing covers: last, this or next week meets 2009-12-01 .. 2010-04-30.
FIRST_MONDAY, LAST_MONDAY = dt.date(2009, 11, 23), dt.date(2010, 5, 3)
MONDAYS = [FIRST_MONDAY + n * WEEK for n in range((LAST_MONDAY - FIRST_MONDAY).days // 7 + 1)]


@pytest.fixture(scope="module")
def sheet(changsheng: Case) -> str:
    """The Chinese sheet of the week of 2010-02-22, asked for by its Wednesday."""
    c = changsheng
    return render_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 24), lang="zh")


class TestWeekOfFebruary22:
    """Hand-checked: the week of Monday 2010-02-22, the week the forum opened."""

    def test_weeks(self, changsheng: Case) -> None:
        """Any day of the week gives that week (Mon–Sun), last week and next week."""
        c = changsheng
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 24))
        assert (b.week_start, b.week_end) == (dt.date(2010, 2, 22), dt.date(2010, 2, 28))
        assert (b.last_start, b.last_end) == (dt.date(2010, 2, 15), dt.date(2010, 2, 21))
        assert (b.next_start, b.next_end) == (dt.date(2010, 3, 1), dt.date(2010, 3, 7))
        assert b == weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 22))

    def test_last_week(self, changsheng: Case) -> None:
        """Last week (Spring Festival) held one meeting: Friday 02-19's, on the make-up Saturday."""
        c = changsheng
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 22))
        assert [(r.subject, r.date) for r in b.held] == [
            ("weekly-meeting@2010-02-19", dt.date(2010, 2, 20))
        ]
        assert (b.cancelled, b.readings, b.problems, b.overdue) == ((), (), (), ())

    def test_this_week_by_party(self, changsheng: Case) -> None:
        """The office leads the forum's opening (02-24) and the six village inspections (02-25);
        the group leads the meeting of rule date 02-26."""
        c = changsheng
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 22))
        agenda = {a.party: [(i.ref, i.day) for i in a.items] for a in b.this_week}
        villages = ("nanshan", "chayuan", "guangfu", "letian", "baisha", "baileyuan")
        assert agenda == {
            "leading-group": [("weekly-meeting@2010-02-26", dt.date(2010, 2, 26))],
            "campaign-office": [
                ("forum-speeches", dt.date(2010, 2, 24)),
                *sorted((f"inspection/{v}@2010-02-25", dt.date(2010, 2, 25)) for v in villages),
            ],
        }
        people = {a.party: a.people for a in b.this_week}
        assert people["campaign-office"] == ("discipline-secretary",)

    def test_next_week(self, changsheng: Case) -> None:
        """Next week: the study afternoon (03-03), the village officials' debate (03-04), the
        meeting (03-05)."""
        c = changsheng
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 22))
        assert [(i.ref, i.day.day) for i in b.next_week] == [
            ("study-training@2010-03-03", 3),
            ("forum-debate-villages", 4),
            ("weekly-meeting@2010-03-05", 5),
        ]

    def test_sheet(self, sheet: str) -> None:
        """The sheet names the week, last week's meeting, nothing overdue, and this week's tasks."""
        assert "本周：2010-02-22 至 2010-02-28" in sheet
        assert "## 一、上周工作回顾（2010-02-15 至 2010-02-21）" in sheet
        assert "| 2010-02-20\\* | 每周例会制度\\*（2010-02-19） |" in sheet
        assert "无逾期事项。" in sheet
        assert "### 活动办公室（纪委书记）" in sheet
        assert (
            "| 2010-02-24 | 周三 | 14:30–17:00 | 机关部门负责人演讲会“扬解放思想之旗，谋长生发展之路” |"
            in sheet
        )
        # the six villages' inspections fold into one row, in the campaign's order
        assert (
            "| 2010-02-25 | 周四 | 09:30–11:30 | 检查监督机制\\* | "
            "南山村、茶园村、广福村、乐天村、白沙村、百乐园社区 |" in sheet
        )
        assert "| 2010-02-26 | 周五 | 16:00–17:30 | 每周例会制度\\* |" in sheet

    def test_standing(self, changsheng: Case, sheet: str) -> None:
        """The standing line is the progress as of last Sunday."""
        c = changsheng
        before = progress(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 21))
        zh = Labels.of("zh")
        assert (
            f"总体完成{zh.percent(before.completion)}，计划进度{zh.percent(before.planned)}"
            in sheet
        )


class TestEveryWeek:
    @pytest.mark.parametrize("monday", MONDAYS, ids=str)
    def test_week(self, changsheng: Case, monday: dt.date) -> None:
        """Every week of the campaign: last week's records, the week's items, the overdue ones.

        The records hold every item up to the report of 2010-04-02 and nothing after it, so an
        item is overdue exactly when its day is after 04-02 and on or before last Sunday.
        """
        c = changsheng
        b = weekly_briefing(c.campaign, c.plan, c.ledger, monday + dt.timedelta(days=3))
        last_end = monday - dt.timedelta(days=1)
        last_start = monday - WEEK
        dated = [r for r in c.ledger if last_start <= r.date <= last_end]
        assert list(b.held) == sorted(
            (r for r in dated if isinstance(r, Held)), key=lambda r: (r.date, r.subject, r.id)
        )
        assert {r.id for r in b.readings} == {r.id for r in dated if isinstance(r, Reading)}
        week = {i.ref for i in c.plan.between(monday, monday + dt.timedelta(days=6))}
        listed = {i.ref for a in b.this_week for i in a.items if i.kind != "indicator"}
        assert listed == week
        after_report = c.plan.between(dt.date(2010, 4, 3), last_end)
        assert [i.ref for i in b.overdue] == [i.ref for i in after_report]
        nxt = c.plan.between(monday + WEEK, monday + WEEK + dt.timedelta(days=6))
        assert [i.ref for i in b.next_week] == [i.ref for i in nxt]

    @pytest.mark.parametrize("monday", MONDAYS[::4], ids=str)
    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_sheet_has_its_sections(self, changsheng: Case, monday: dt.date, lang: str) -> None:
        """Every sheet has the four sections, in Markdown and in HTML."""
        c = changsheng
        labels = Labels.of(lang)
        md = render_briefing(c.campaign, c.plan, c.ledger, monday, lang=lang)
        headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
        assert [h.split("（")[0].split(" (")[0] for h in headings] == [
            labels(key, start="", end="").split("（")[0].split(" (")[0]
            for key in (
                "briefing.last-week",
                "briefing.overdue",
                "briefing.this-week",
                "briefing.next-week",
            )
        ]
        html = render_briefing(c.campaign, c.plan, c.ledger, monday, lang=lang, format="html")
        ids = re.findall(r'<section id="([^"]+)" class="level-2">', html)
        assert ids == ["last-week", "overdue", "this-week", "next-week"]
        # its note on marks points to no Assumptions section, which a sheet does not have
        assert labels("report.assumed-mark-sheet") in html
        assert labels("report.assumed-mark") not in html

    def test_weeks_at_the_edges(self, changsheng: Case) -> None:
        """The week before the campaign only looks ahead; the week after it only looks back."""
        c = changsheng
        before = weekly_briefing(c.campaign, c.plan, c.ledger, FIRST_MONDAY)
        assert (before.held, before.overdue, before.this_week) == ((), (), ())
        assert before.next_week[0].day == dt.date(2009, 12, 2)
        after = weekly_briefing(c.campaign, c.plan, c.ledger, LAST_MONDAY)
        assert (after.this_week, after.next_week) == ((), ())
        assert after.overdue[-1].ref == "weekly-meeting@2010-04-30"
        sheet = render_briefing(c.campaign, c.plan, c.ledger, LAST_MONDAY, lang="en")
        assert "This week lies outside the campaign (2009-12-01 to 2010-04-30)." in sheet
        assert "Nothing is scheduled this week." in sheet

    @pytest.mark.parametrize("day", [FIRST_MONDAY - dt.timedelta(days=1), LAST_MONDAY + WEEK])
    def test_week_outside(self, changsheng: Case, day: dt.date) -> None:
        """A week too far from the campaign is a located error naming the weeks covered."""
        c = changsheng
        with pytest.raises(ValidationError) as caught:
            weekly_briefing(c.campaign, c.plan, c.ledger, day)
        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$.week_of", "week-outside-campaign")
        assert "2009-11-23 to 2010-05-03" in problem.message


class TestSmallCampaign:
    def test_overdue_grouped_by_units(self, small: Case) -> None:
        """Week of 03-23: the meeting of 03-16 and the south village's patrols of 03-11 and
        03-18 were never held; the north village's were."""
        c = small
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 23))
        assert [i.ref for i in b.overdue] == [
            "patrol/v2@2026-03-11",
            "weekly@2026-03-16",
            "patrol/v2@2026-03-18",
        ]
        sheet = render_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 23), lang="en")
        # days overdue count from this Monday: 03-23 − 03-16 = 7
        assert "| 2026-03-16 | Weekly meeting |  | Steering group | 7 |" in sheet
        assert "| 2026-03-18 | Patrol | South village | Office | 5 |" in sheet

    def test_cancelled_is_not_overdue(self, build: Builders) -> None:
        """A cancelled meeting is listed as cancelled, not overdue."""
        off = Cancelled(subject="weekly@2026-03-16", date=dt.date(2026, 3, 16), note="storm")
        ledger = Ledger([*build.ledger(), off])
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        b = weekly_briefing(campaign, case.plan, ledger, dt.date(2026, 3, 23))
        assert "weekly@2026-03-16" not in [i.ref for i in b.overdue]
        assert b.cancelled == (off,)
        sheet = render_briefing(campaign, case.plan, ledger, dt.date(2026, 3, 23), lang="en")
        assert "| 2026-03-16 | Weekly meeting (2026-03-16) |  | storm |" in sheet

    def test_a_cancelled_patrol_names_its_village(self, build: Builders) -> None:
        """Regression: the table of cancelled items had no unit column, so a patrol called
        off in one village of two could not be told from the other's."""
        off = Cancelled(subject="patrol", unit="v2", date=dt.date(2026, 3, 18), note="flood")
        ledger = Ledger([*build.ledger(), off])
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        sheet = render_briefing(campaign, case.plan, ledger, dt.date(2026, 3, 23), lang="en")
        assert "| 2026-03-18 | Patrol | South village | flood |" in sheet

    def test_readings_table_headers_differ(self, build: Builders) -> None:
        """Regression: the readings table was headed Day, Indicator, Value, Unit, Unit, Note
        (the measure and the organisational unit alike), in every language. Week of 03-16:
        last week holds the reading of 6 bags (03-10)."""
        campaign, ledger = build.campaign(), build.ledger()
        case = build.case(campaign, ledger, build.as_of)
        for lang in ("en", "de", "zh"):
            sheet = render_briefing(campaign, case.plan, ledger, dt.date(2026, 3, 16), lang=lang)
            (header,) = [
                line
                for line in sheet.splitlines()
                if "| " + Labels.of(lang)("col.indicator") + " |" in line
            ]
            cells = [cell.strip() for cell in header.strip("|").split(" | ")]
            assert len(cells) == 6
            assert len(set(cells)) == len(cells), (lang, header)

    def test_items_settled_before_the_week_say_so(self, build: Builders) -> None:
        """Week of 03-09. Before it, the south village held its patrols of 03-11 and 03-18
        early and the meeting of 03-16 was called off: those rows say so, and the north
        village's patrols, still to be held, get rows of their own without a note."""
        day = dt.date
        settled = [
            Held(subject="patrol/v2@2026-03-11", date=day(2026, 3, 6)),
            Cancelled(subject="weekly@2026-03-16", date=day(2026, 3, 7)),
            Held(subject="patrol/v2@2026-03-18", date=day(2026, 3, 7)),
        ]
        ledger = Ledger([*build.ledger(), *settled])
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        b = weekly_briefing(campaign, case.plan, ledger, day(2026, 3, 9))
        nxt = {i.ref: (i.held_on, i.cancelled_on) for i in b.next_week}
        assert nxt["weekly@2026-03-16"] == (None, day(2026, 3, 7))
        assert nxt["patrol/v2@2026-03-18"] == (day(2026, 3, 7), None)
        assert nxt["patrol/v1@2026-03-18"] == (None, None)
        sheet = render_briefing(campaign, case.plan, ledger, day(2026, 3, 9), lang="en")
        assert "| Patrol | North village |  |  |" in sheet  # this week, still to be held
        assert "| Patrol | South village |  | already held |" in sheet
        assert "| Weekly meeting |  | Steering group | called off |" in sheet  # next week
        assert "| Patrol | North village | Office |  |" in sheet
        assert "| Patrol | South village | Office | already held |" in sheet

    def test_only_the_records_progress_uses(self, build: Builders) -> None:
        """Regression: the sheet looked at records one by one. Id x comes with two contents,
        which progress sets apart: the 03-23 meeting is not "already held", x is not listed
        as held, and the conflict is among last week's problems. A record given twice is
        listed once, and the earliest of two held records is the day it was held."""
        day = dt.date
        x = Held(subject="weekly@2026-03-23", date=day(2026, 3, 12), id="x")
        twice = Held(subject="patrol/v2@2026-03-25", date=day(2026, 3, 13))
        later = Held(subject="patrol/v2@2026-03-25", date=day(2026, 3, 14), id="y")
        ledger = Ledger(
            [*build.ledger(), x, attrs.evolve(x, note="brought forward"), later, twice, twice]
        )
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        b = weekly_briefing(campaign, case.plan, ledger, day(2026, 3, 16))
        nxt = {i.ref: i.held_on for i in b.next_week}
        assert nxt["weekly@2026-03-23"] is None
        assert nxt["patrol/v2@2026-03-25"] == day(2026, 3, 13)  # not 03-14, though first
        assert "x" not in [r.id for r in b.held]
        assert [r.subject for r in b.held].count("patrol/v2@2026-03-25") == 2  # twice, y
        assert [(p.path, p.code) for p in b.problems] == [
            ('$.records["x"]', "conflicting-duplicate")
        ]

    def test_held_wins_over_called_off(self, build: Builders) -> None:
        """Regression: a meeting held early (03-10) and later recorded called off (03-12)
        counts as held in progress (held-and-cancelled); the sheet said "called off"."""
        day = dt.date
        ledger = Ledger(
            [
                *build.ledger(),
                Held(subject="weekly@2026-03-23", date=day(2026, 3, 10)),
                Cancelled(subject="weekly@2026-03-23", date=day(2026, 3, 12)),
            ]
        )
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        b = weekly_briefing(campaign, case.plan, ledger, day(2026, 3, 16))
        (item,) = (i for i in b.next_week if i.ref == "weekly@2026-03-23")
        assert (item.held_on, item.cancelled_on) == (day(2026, 3, 10), None)
        standing = progress(campaign, case.plan, ledger, day(2026, 3, 15)).mechanism("weekly")
        assert standing.occurrences is not None
        assert standing.occurrences.ahead == 1

    def test_last_week_attendance_and_readings(self, small: Case) -> None:
        """Week of 03-16: last week's meeting with its attendance, and the 6 bags (note escaped)."""
        c = small
        sheet = render_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 16), lang="en")
        assert (
            "| 2026-03-09 | Weekly meeting (2026-03-09) |  | 2 present, 1 absent, 0 excused |"
            in sheet
        )
        assert "| 2026-03-10 | Bags collected | 6 | bags |  | six \\| bags |" in sheet

    def test_records_that_match_nothing(self, build: Builders) -> None:
        """A record of last week that matches nothing is listed with its code."""
        stray = Held(subject="nowhere", date=dt.date(2026, 3, 10), id="stray")
        ledger = Ledger([*build.ledger(), stray])
        campaign = build.campaign()
        case = build.case(campaign, ledger, build.as_of)
        b = weekly_briefing(campaign, case.plan, ledger, dt.date(2026, 3, 16))
        assert [(p.path, p.code) for p in b.problems] == [
            ('$.records["stray"].subject', "unknown-reference")
        ]
        assert stray not in b.held

    def test_indicator_due(self, small: Case) -> None:
        """The series ends on 03-27: its indicator falls due that week, under the series' lead."""
        c = small
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 23))
        due = [(a.party, i.ref) for a in b.this_week for i in a.items if i.kind == "indicator"]
        assert due == [("a", "bags")]
        sheet = render_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 23), lang="en")
        assert "Indicator due: Bags collected, target 10 bags, 6 bags so far" in sheet

    def test_indicator_due_of_a_cascade(self, build: Builders) -> None:
        """A cascaded indicator due this week reads its campaign figures, actual and target
        alike: 10 bags asked of each of two villages, 6 + 3 collected, is 9 of 20."""
        campaign = build.campaign()
        cleanup = attrs.evolve(campaign.series[0], cascade=Cascade(children_of="town"))
        campaign = attrs.evolve(campaign, series=(cleanup,))
        day = dt.date(2026, 3, 10)
        ledger = Ledger(
            [
                Reading(indicator="bags", unit="v1", date=day, value=6),
                Reading(indicator="bags", unit="v2", date=day, value=3),
            ]
        )
        plan = build.case(campaign, ledger, build.as_of).plan
        sheet = render_briefing(campaign, plan, ledger, dt.date(2026, 3, 23), lang="en")
        assert "Indicator due: Bags collected, target 20 bags, 9 bags so far" in sheet

    def test_records_after_last_sunday_are_not_seen(self, small: Case) -> None:
        """The sheet reads the ledger up to last Sunday: later records do not count yet."""
        c = small
        b = weekly_briefing(c.campaign, c.plan, c.ledger, dt.date(2026, 3, 9))
        assert b.standing.counts.after_as_of == 0
        assert b.standing.as_of == dt.date(2026, 3, 8)
        assert [r.subject for r in b.held] == [
            "weekly@2026-03-02",
            "patrol/v1@2026-03-04",
            "patrol/v2@2026-03-04",
            "kickoff",
        ]

    def test_bad_arguments(self, small: Case, changsheng: Case) -> None:
        """A datetime for the week, or another campaign's schedule, is a located error."""
        c = small
        with pytest.raises(ValidationError) as caught:
            weekly_briefing(c.campaign, c.plan, c.ledger, dt.datetime(2026, 3, 9, 12))
        assert caught.value.problems[0].code == "invalid-date"
        with pytest.raises(ValidationError) as caught:
            weekly_briefing(c.campaign, changsheng.plan, c.ledger, dt.date(2026, 3, 9))
        assert caught.value.problems[0].code == "campaign-mismatch"


def test_nothing_weighted_is_not_nothing_to_measure() -> None:
    """Regression: a campaign whose only series weighs 0 (in its file) had a standing line
    saying there was nothing to measure yet, though the series had figures."""
    c = ideas_in_march(10, weight=0)
    ledger = Ledger([Reading(indicator="ideas", date=dt.date(2026, 3, 3), value=5)])
    text = render_briefing(c, schedule(c), ledger, dt.date(2026, 3, 16), lang="en")
    assert "no part of the campaign counted towards its figures" in text
    assert "nothing to measure yet" not in text
