"""``Accumulator.results(..., measured=...)``: told of each day as it is measured."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Reading

START = dt.date(2026, 3, 2)
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=START, end=dt.date(2026, 3, 31)),
    series=(
        ActivitySeries(id="s", name="S", indicators=(Indicator(id="i", name="I", target=10),)),
    ),
)
PLAN = schedule(CAMPAIGN)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 29), min_size=1, max_size=8))
def test_told_of_each_distinct_day(offsets: list[int]) -> None:
    """Each distinct day is reported once, counted up to their number, and the results are
    those of a call without the callback."""
    days = [START + dt.timedelta(days=n) for n in offsets]
    acc = Accumulator(CAMPAIGN, PLAN)
    acc.add(Reading(indicator="i", date=START + dt.timedelta(days=3), value=4))
    told: list[tuple[int, int]] = []
    results = acc.results(days, measured=lambda done, count: told.append((done, count)))
    distinct = len(set(days))
    assert told == [(n, distinct) for n in range(1, distinct + 1)]
    assert results == acc.results(days)
