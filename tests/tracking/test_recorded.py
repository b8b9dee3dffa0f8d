"""Accumulator.recorded: what the records say of scheduled items, from what was folded.

The report's Gantt chart and burn-up used to read the records a second time for this
(issue 14); the accumulator's answer must be what that second pass gives over the records
the calculation uses (each id once, conflicting duplicates left out).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.model import ActivitySeries, Campaign, Indicator, Mechanism, Window
from campaignkit.report._outcomes import Outcome, dated_by_assumption, recorded
from campaignkit.scheduling import schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import Accumulator, Cancelled, Held, Reading, Record, Recorded

DAY = dt.timedelta(days=1)
small_campaigns = campaigns(max_people=4, max_units=5, max_phases=3, max_mechanisms=3, max_series=3)


def used(records: list[Record]) -> list[Record]:
    """The records a calculation uses by id: each id once, ids with two contents left out."""
    by_id: dict[str, set[Record]] = {}
    for r in records:
        by_id.setdefault(r.id, set()).add(r)
    return [next(iter(v)) for v in by_id.values() if len(v) == 1]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Any, ...]:
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, bad=True))
    w = campaign.window
    offsets = draw(st.lists(st.integers(-3, w.days + 3), min_size=1, max_size=5))
    days = sorted({w.start + n * DAY for n in offsets})
    as_of = draw(st.sampled_from(days))
    return campaign, sched, records, days, as_of


def second_pass(
    campaign: Campaign, sched: Any, records: list[Record], days: list[dt.date], as_of: dt.date
) -> Recorded:
    """What reading the records again finds (the report's former second pass)."""
    kept = used(records)
    done = recorded(campaign, sched, kept, as_of)
    return Recorded(
        as_of=as_of,
        held=frozenset(k for k, v in done.items() if v is Outcome.HELD),
        cancelled=frozenset(k for k, v in done.items() if v is Outcome.CANCELLED),
        dated_by_assumption=dated_by_assumption(campaign, sched, kept, days, as_of),
    )


class TestRecordedProperties:
    @given(cases())
    def test_it_is_what_a_second_pass_finds(self, case: Any) -> None:
        """Held, cancelled and dated-by-assumption counts equal a second pass over the
        records used, on the accumulator's own days."""
        campaign, sched, records, days, as_of = case
        acc = Accumulator(campaign, sched, days=days)
        acc.update(records)
        assert acc.recorded(as_of) == second_pass(campaign, sched, records, days, as_of)

    @given(cases())
    def test_every_day_tracked_gives_the_same_outcomes(self, case: Any) -> None:
        """An accumulator tracking every day finds the same items, and counts by the day."""
        campaign, sched, records, _, as_of = case
        acc = Accumulator(campaign, sched)
        acc.update(records)
        found = acc.recorded(as_of)
        window = [campaign.window.start + n * DAY for n in range(campaign.window.days)]
        assert found == second_pass(campaign, sched, records, window, as_of)

    @given(cases(), st.integers(1, 3), st.randoms(use_true_random=False))
    def test_merged_parts_find_what_the_whole_finds(
        self, case: Any, parts: int, rnd: random.Random
    ) -> None:
        """Split across accumulators and merged, the records say the same."""
        campaign, sched, records, days, as_of = case
        whole = Accumulator(campaign, sched, days=days)
        whole.update(records)
        accs = [Accumulator(campaign, sched, days=days) for _ in range(parts)]
        for r in records:
            rnd.choice(accs).add(r)
        for other in accs[1:]:
            accs[0].merge(other)
        assert accs[0].recorded(as_of) == whole.recorded(as_of)


class TestRecordedExamples:
    campaign = Campaign(
        id="c",
        name="C",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        mechanisms=(Mechanism(id="w", name="W", rule="FREQ=WEEKLY;BYDAY=MO"),),
        series=(
            ActivitySeries(id="s", name="S", indicators=(Indicator(id="n", name="N", target=10),)),
        ),
    )
    days = (dt.date(2026, 3, 6), dt.date(2026, 3, 13), dt.date(2026, 3, 20))

    def fed(self, records: list[Record]) -> Accumulator:
        acc = Accumulator(self.campaign, schedule(self.campaign), days=self.days)
        acc.update(records)
        return acc

    def test_counts_by_tracked_day(self) -> None:
        """Assumed records count on the first tracked day on or after their date; records
        dated on the day asked about count there too, and only for that day."""
        acc = self.fed(
            [
                Reading(indicator="n", date=dt.date(2026, 3, 3), value=1, assumed=True),  # -> 6th
                Reading(indicator="n", date=dt.date(2026, 3, 6), value=1),  # on the 6th: plain
                Reading(indicator="n", date=dt.date(2026, 3, 10), value=1, assumed=True),  # -> 13th
                Held(subject="w", date=dt.date(2026, 3, 9), assumed=True),  # -> 13th
                Reading(indicator="n", date=dt.date(2026, 3, 13), value=2),  # on the 13th
                Reading(indicator="n", date=dt.date(2026, 3, 13), value=3),  # on the 13th
                Reading(indicator="n", date=dt.date(2026, 3, 16), value=1, assumed=True),  # -> 20th
            ]
        )
        # as of the 13th: 1 on the 6th; 1 + 1 assumed and 2 dated on the 13th = 4 on the 13th
        assert acc.recorded(dt.date(2026, 3, 13)).dated_by_assumption == {
            dt.date(2026, 3, 6): 1,
            dt.date(2026, 3, 13): 4,
        }
        # as of the 6th: the assumed one, and the plain one dated on the 6th itself: 1 + 1 = 2
        assert acc.recorded(dt.date(2026, 3, 6)).dated_by_assumption == {dt.date(2026, 3, 6): 2}
        # as of the 20th: 1, then 1 + 1 (the 13th's plain readings are dated, now), then 1
        assert acc.recorded(dt.date(2026, 3, 20)).dated_by_assumption == {
            dt.date(2026, 3, 6): 1,
            dt.date(2026, 3, 13): 2,
            dt.date(2026, 3, 20): 1,
        }

    def test_held_wins_over_cancelled_and_held_early_counts(self) -> None:
        """An item held and cancelled is held; one held before its day is held; a
        cancellation dated after the day asked about is not there yet."""
        acc = self.fed(
            [
                Held(subject="w@2026-03-02", date=dt.date(2026, 3, 2)),
                Cancelled(subject="w@2026-03-02", date=dt.date(2026, 3, 3)),
                Held(subject="w@2026-03-16", date=dt.date(2026, 3, 12)),  # early
                Cancelled(subject="w@2026-03-09", date=dt.date(2026, 3, 9)),
                Cancelled(subject="w@2026-03-23", date=dt.date(2026, 3, 17)),  # after the 13th
            ]
        )
        found = acc.recorded(dt.date(2026, 3, 13))
        assert found.held == {"w@2026-03-02", "w@2026-03-16"}
        assert found.cancelled == {"w@2026-03-09"}

    def test_an_untracked_day_is_a_located_error(self) -> None:
        """A day the accumulator does not track is refused, at $.as_of."""
        with pytest.raises(ValidationError) as info:
            self.fed([]).recorded(dt.date(2026, 3, 14))
        assert [(p.path, p.code) for p in info.value.problems] == [("$.as_of", "untracked-day")]

    def test_totals_across_a_tracked_day_leave_the_counts_unknown(self) -> None:
        """Readings folded by their totals from before a tracked day up to it do not say how
        many are dated on it: the counts are unknown (None), not short."""
        acc = Accumulator(self.campaign, schedule(self.campaign), days=self.days, unique_ids=True)
        assert acc.add_reading_totals(
            "n", None, None, first=dt.date(2026, 3, 10), last=dt.date(2026, 3, 13), count=2,
            total=3, maximum=2.0, last_id="b", last_value=2.0, last_low=2.0, last_high=2.0,
        )  # fmt: skip
        assert acc.recorded(dt.date(2026, 3, 13)).dated_by_assumption is None
        one_day = Accumulator(
            self.campaign, schedule(self.campaign), days=self.days, unique_ids=True
        )
        assert one_day.add_reading_totals(
            "n", None, None, first=dt.date(2026, 3, 13), last=dt.date(2026, 3, 13), count=3,
            total=6, maximum=3.0, last_id="c", last_value=3.0, last_low=1.0, last_high=3.0,
            assumed=1,
        )  # fmt: skip
        # 3 readings on the 13th: 1 assumed + 2 dated on the day itself = 3
        assert one_day.recorded(dt.date(2026, 3, 13)).dated_by_assumption == {
            dt.date(2026, 3, 13): 3
        }
