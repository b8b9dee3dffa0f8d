"""Reports and briefings of any campaign the strategies draw: they render, and agree with it."""

from __future__ import annotations

import datetime as dt
import html.parser
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.model import Campaign
from campaignkit.report import LANGUAGES, render_briefing, render_report, weekly_briefing
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import campaigns
from campaignkit.tracking import Held, Ledger, progress

small_campaigns = campaigns(max_people=4, max_units=5, max_phases=3, max_mechanisms=3, max_series=3)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Campaign, Schedule, Ledger, dt.date]:
    """A campaign, its schedule, some of its items held (with attendance), and a day."""
    campaign = draw(small_campaigns)
    plan = schedule(campaign)
    items = sorted(plan.items(), key=lambda i: (i.start, i.ref))
    items = items[:60]
    people = [p.id for p in campaign.people]
    held = []
    for item in draw(
        st.lists(st.sampled_from(items), max_size=12, unique_by=lambda i: i.ref)
        if items
        else st.just([])
    ):
        present = draw(st.lists(st.sampled_from(people), unique=True)) if people else []
        held.append(Held(subject=item.ref, date=item.day, present=present))
    w = campaign.window
    as_of = draw(st.dates(w.start - dt.timedelta(days=5), w.end + dt.timedelta(days=5)))
    return campaign, plan, Ledger(held), as_of


def cells(line: str) -> int:
    """How many cells a Markdown table row has (escaped pipes stay inside their cell)."""
    return len(re.split(r"(?<!\\)\|", line)) - 2


class _Checker(html.parser.HTMLParser):
    """Collects the tags of a page, and fails on a tag left open at the end of a section."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@settings(max_examples=25)
@given(cases(), st.sampled_from(LANGUAGES))
def test_report_renders(case: tuple[Campaign, Schedule, Ledger, dt.date], lang: str) -> None:
    """Any campaign's report renders in both formats: every Markdown table row has as many
    cells as its header, the HTML has no script, and the charts have a row per phase, series
    and mechanism and a bar per series."""
    campaign, plan, ledger, as_of = case
    result = progress(campaign, plan, ledger, as_of)
    md = render_report(campaign, plan, result, lang=lang)
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ") and (i == 0 or not lines[i - 1].startswith("|")):
            width = cells(line)
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert cells(lines[j]) == width, lines[j]
                j += 1
    page = render_report(campaign, plan, result, lang=lang, format="html")
    checker = _Checker()
    checker.feed(page)
    assert "script" not in checker.tags
    rows = len(campaign.phases) + len(campaign.series) + len(campaign.mechanisms)
    assert page.count('class="gantt-row ') == rows
    assert page.count('class="series-bar"') == len(campaign.series)


@settings(max_examples=25)
@given(cases(), st.integers(-1, 40))
def test_briefing_lists_the_week(
    case: tuple[Campaign, Schedule, Ledger, dt.date], week: int
) -> None:
    """Any week of any campaign: the sheet lists exactly the week's items, and an item is
    overdue exactly when it is due by last Sunday and no record held it by then."""
    campaign, plan, ledger, _ = case
    monday = campaign.window.start - dt.timedelta(days=campaign.window.start.weekday())
    monday += dt.timedelta(weeks=week)
    if monday - dt.timedelta(weeks=1) > campaign.window.end:
        return  # beyond the weeks a briefing covers (tested on the example)
    b = weekly_briefing(campaign, plan, ledger, monday)
    listed = {i.ref for a in b.this_week for i in a.items if i.kind != "indicator"}
    assert listed == {i.ref for i in plan.week(monday)}
    last_sunday = monday - dt.timedelta(days=1)
    held = {r.subject for r in ledger if r.date <= last_sunday}
    expected = [i.ref for i in plan.between(dt.date.min, last_sunday) if i.ref not in held]
    assert [i.ref for i in b.overdue] == expected
    assert render_briefing(campaign, plan, ledger, monday, lang="en").startswith("# ")
