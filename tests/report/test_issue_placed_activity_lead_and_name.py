"""Regression: activities the scheduler places (``<series>#<n>``) in the weekly briefing.

They showed "No lead assigned" although their series had a lead (the lead was looked up
through the campaign's namespace, which holds no generated id), and they appeared by their
raw id (``outreach\\#3`` in the Markdown) instead of their series' name.
"""

from __future__ import annotations

import datetime as dt

from campaignkit.model import ActivitySeries, Assignment, Campaign, Person, Placement, Window
from campaignkit.report import Labels, render_briefing, weekly_briefing
from campaignkit.report._names import generated_activity, name_of
from campaignkit.scheduling import schedule

START = dt.date(2026, 3, 2)  # a Monday


def outreach_campaign() -> Campaign:
    """Four weeks; ``outreach`` places 4 sessions, ``asap`` (one a working day from 03-02),
    led by ``ana``."""
    return Campaign(
        id="drive",
        name="Drive",
        window=Window(start=START, end=dt.date(2026, 3, 27)),
        people=(Person(id="ana", name="Ana Lima"),),
        series=(
            ActivitySeries(
                id="outreach",
                name="Outreach session",
                placement=Placement(count=4, strategy="asap"),
            ),
        ),
        assignments=(Assignment(subject="outreach", party="ana", role="lead"),),
    )


class TestPlacedActivityInBriefing:
    def test_placed_activities_get_their_series_lead(self) -> None:
        """Every placed session of the week is on the agenda of the series' lead."""
        campaign = outreach_campaign()
        plan = schedule(campaign)
        b = weekly_briefing(campaign, plan, [], START)
        assert [a.party for a in b.this_week] == ["ana"]
        assert [i.subject for i in b.this_week[0].items] == [
            "outreach#1",
            "outreach#2",
            "outreach#3",
            "outreach#4",
        ]

    def test_overdue_and_next_week_name_the_lead(self) -> None:
        """Overdue and next-week items of a placed activity carry the series' lead too."""
        campaign = outreach_campaign()
        plan = schedule(campaign)
        late = weekly_briefing(campaign, plan, [], START + dt.timedelta(days=7))
        early = weekly_briefing(campaign, plan, [], START - dt.timedelta(days=7))
        assert {i.lead for i in late.overdue} == {"ana"}
        assert {i.lead for i in early.next_week} == {"ana"}

    def test_sheet_names_the_sessions_and_the_lead(self) -> None:
        """The sheet reads ``Outreach session #3`` (``\\#`` escaped in Markdown) and
        ``Ana Lima``, never the raw id."""
        campaign = outreach_campaign()
        plan = schedule(campaign)
        for format, name in (("md", "Outreach session \\#3"), ("html", "Outreach session #3")):
            sheet = render_briefing(campaign, plan, [], START, lang="en", format=format)
            assert name in sheet
            assert "outreach\\#" not in sheet
            assert "outreach#" not in sheet
            assert Labels.of("en")("briefing.no-lead") not in sheet
            assert "Ana Lima" in sheet


class TestGeneratedActivityName:
    def test_named_after_the_series(self) -> None:
        """``outreach#2`` is ``Outreach session #2``."""
        campaign = outreach_campaign()
        assert name_of(campaign, "outreach#2", Labels.of("en")) == "Outreach session #2"
        assert generated_activity(campaign, "outreach#2") == ("outreach", 2)

    def test_ids_the_scheduler_never_made_stay_as_they_are(self) -> None:
        """Beyond the count, zero, padded, or not a series: the id itself."""
        campaign = outreach_campaign()
        en = Labels.of("en")
        for id in ("outreach#5", "outreach#0", "outreach#02", "outreach#x", "ana#1", "nope#1"):
            assert generated_activity(campaign, id) == (None, 0)
            assert name_of(campaign, id, en) == id
