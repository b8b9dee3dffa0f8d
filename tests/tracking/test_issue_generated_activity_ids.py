"""Regression: activities the scheduler generates (``<series>#<n>``) can be recorded as held.

They are not in the campaign's id namespace (``#`` is not allowed in an id), so a resolver
that looked names up only in the campaign rejected them as unknown, and they stayed missed
for good.
"""

from __future__ import annotations

import datetime as dt

from campaignkit import ActivitySeries, Campaign, Placement, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Held, Ledger, progress


def talks_campaign() -> Campaign:
    return Campaign(
        id="drive",
        name="Drive",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        series=(
            ActivitySeries(id="talks", name="Talks", placement=Placement(count=2, min_gap_days=5)),
        ),
    )


class TestGeneratedActivityIds:
    def test_held_record_for_a_generated_activity_counts(self) -> None:
        """A held record naming ``talks#1`` matches the placed activity of that id."""
        campaign = talks_campaign()
        plan = schedule(campaign)
        first = next(a for a in plan.activities if a.activity == "talks#1")
        ledger = Ledger([Held(subject="talks#1", date=first.day)])

        result = progress(campaign, plan, ledger, dt.date(2026, 3, 27))

        tally = result.series_by_id("talks").activities
        # two generated talks, both due by the window's end; one held
        assert (tally.due, tally.held) == (2, 1)
        assert not result.problems

    def test_an_unplaced_generated_id_is_still_unknown(self) -> None:
        """``talks#9`` was never generated, so it is reported, not counted."""
        campaign = talks_campaign()
        plan = schedule(campaign)
        ledger = Ledger([Held(subject="talks#9", date=dt.date(2026, 3, 10))])

        result = progress(campaign, plan, ledger, dt.date(2026, 3, 27))

        assert result.series_by_id("talks").activities.held == 0
        assert [p.code for p in result.problems] == ["unknown-reference"]
