"""Properties of progress() over drawn campaigns, their schedules and ledgers drawn to match.

``campaignkit.strategies.ledgers(campaign, schedule, bad=True)`` draws records that refer to
the campaign's indicators, the occurrences and activities of its schedule and its parties,
with some duplicates, some conflicting duplicates and some bad records (unknown references,
days outside the window).
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
from collections.abc import Iterator
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from campaignkit.model import Aggregation, Campaign
from campaignkit.scheduling import schedule
from campaignkit.strategies import indicators_with_units
from campaignkit.tracking import (
    Accumulator,
    Cancelled,
    Progress,
    Reading,
    Record,
    Status,
    distinct_records,
    progress,
    progress_series,
)
from support import cases, small_campaigns

DAY = dt.timedelta(days=1)


def nodes(p: Progress) -> Iterator[Any]:
    """Every node of the tree that carries completion and planned."""
    yield p
    yield from p.phases
    for item in (*p.series, *p.mechanisms):
        yield item
        yield from item.units
        for ind in item.indicators:
            yield ind
            yield from ind.units
    yield from p.units


def completions(p: Progress) -> list[tuple[str, float | None]]:
    out = [("campaign", p.completion)]
    for item in (*p.series, *p.mechanisms):
        out.append((item.id, item.completion))
        out += [(f"{item.id}/{u.unit}", u.completion) for u in item.units]
        for ind in item.indicators:
            out.append((ind.id, ind.completion))
            out += [(f"{ind.id}/{u.unit}", u.completion) for u in ind.units]
    return out


class TestProperties:
    @settings(max_examples=40)
    @given(cases())
    def test_every_fraction_lies_in_the_unit_interval(self, case: Any) -> None:
        """Completion and planned lie in [0, 1]; SPI is None exactly when planned is 0."""
        campaign, sched, records, as_of = case
        p = progress(campaign, sched, records, as_of)
        for node in nodes(p):
            if node.completion is None:
                assert node.planned is None
                assert node.spi is None
                continue
            assert 0.0 <= node.completion <= 1.0
            assert 0.0 <= node.planned <= 1.0
            assert (node.spi is None) == (node.planned == 0.0)
            assert node.status in Status

    @settings(max_examples=40)
    @given(cases(), st.integers(0, 30))
    def test_every_tally_parts_its_items(self, case: Any, earlier: int) -> None:
        """A tally's items are each one thing: held (on time or early), cancelled (due or
        in advance), missed or upcoming, never negative, adding up to the total. (Each
        cancellation is dated *earlier* days before its item, so that some are made in
        advance.)"""
        campaign, sched, records, as_of = case
        start = campaign.window.start
        records = [
            attrs.evolve(r, date=max(start, r.date - earlier * DAY))
            if isinstance(r, Cancelled)
            else r
            for r in records
        ]
        p = progress(campaign, sched, records, as_of)
        tallies = [s.activities for s in p.series]
        tallies += [m.occurrences for m in p.mechanisms if m.occurrences is not None]
        tallies += [u.tally for u in p.units if u.tally is not None]
        for t in tallies:
            parts = (t.held, t.ahead, t.cancelled, t.cancelled_ahead, t.missed, t.upcoming)
            assert min(parts) >= 0, t
            assert sum(parts) == t.total, t

    @settings(max_examples=30)
    @given(cases(monotone=True), st.integers(1, 60))
    def test_progress_never_decreases_later(self, case: Any, later: int) -> None:
        """With readings moving towards the target, a later day never shows less done."""
        campaign, sched, records, as_of = case
        before = completions(progress(campaign, sched, records, as_of))
        after = completions(progress(campaign, sched, records, as_of + later * DAY))
        for (name, a), (_, b) in zip(before, after, strict=True):
            if a is not None:
                assert b is not None
                assert b >= a - 1e-12, name

    @settings(max_examples=40)
    @given(cases(), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, case: Any, rnd: random.Random) -> None:
        """Shuffling the ledger changes nothing."""
        campaign, sched, records, as_of = case
        shuffled = list(records)
        rnd.shuffle(shuffled)
        assert progress(campaign, sched, shuffled, as_of) == progress(
            campaign, sched, records, as_of
        )

    @settings(max_examples=40)
    @given(cases(), st.data())
    def test_distinct_records_are_what_progress_uses(self, case: Any, data: st.DataObject) -> None:
        """Repeats and a conflicting version added: progress of the distinct records gives
        the figures of progress of them all, and their problems are the conflicts."""
        campaign, sched, records, as_of = case
        assume(records)
        repeats = data.draw(st.lists(st.sampled_from(records), max_size=3))
        other = attrs.evolve(data.draw(st.sampled_from(records)), note="another version")
        ledger = [*records, *repeats, other]
        kept, conflicts = distinct_records(ledger)
        whole, distinct = (
            progress(campaign, sched, ledger, as_of),
            progress(campaign, sched, kept, as_of),
        )
        assert completions(distinct) == completions(whole)
        assert (distinct.mechanisms, distinct.series) == (whole.mechanisms, whole.series)
        assert set(conflicts) <= set(whole.problems)
        assert len({r.id for r in ledger}) == len(kept) + len(conflicts)

    @settings(max_examples=40)
    @given(cases(), st.data())
    def test_a_duplicate_changes_nothing(self, case: Any, data: st.DataObject) -> None:
        """Adding a copy of a record already in the ledger changes nothing."""
        campaign, sched, records, as_of = case
        assume(records)
        copy = data.draw(st.sampled_from(records))
        assert progress(campaign, sched, [*records, copy], as_of) == progress(
            campaign, sched, records, as_of
        )

    @settings(max_examples=40)
    @given(cases(), st.integers(1, 4), st.randoms(use_true_random=False))
    def test_merging_any_partition_gives_the_whole(
        self, case: Any, parts: int, rnd: random.Random
    ) -> None:
        """Accumulators over any split of the ledger, merged in any order, equal the whole."""
        campaign, sched, records, as_of = case
        whole = progress(campaign, sched, records, as_of)
        accs = [Accumulator(campaign, sched) for _ in range(parts)]
        for record in records:
            rnd.choice(accs).add(record)
        rnd.shuffle(accs)
        for acc in accs[1:]:
            accs[0].merge(acc)
        assert accs[0].result(as_of) == whole

    @settings(max_examples=30)
    @given(cases(bad=False), st.integers(1, 4), st.randoms(use_true_random=False))
    def test_merging_trusted_ids_gives_the_whole(
        self, case: Any, parts: int, rnd: random.Random
    ) -> None:
        """With one record per id, unique_ids accumulators merge to the whole too."""
        campaign, sched, records, as_of = case
        unique = list({r.id: r for r in records}.values())
        whole = progress(campaign, sched, unique, as_of)
        accs = [Accumulator(campaign, sched, unique_ids=True, days=[as_of]) for _ in range(parts)]
        for record in unique:
            rnd.choice(accs).add(record)
        for acc in reversed(accs[1:]):
            accs[0].merge(acc)
        assert accs[0].result(as_of) == whole

    @settings(max_examples=30)
    @given(cases(bad=False), st.integers(1, 4), st.booleans(), st.randoms(use_true_random=False))
    def test_absorbing_parts_gives_the_whole(
        self, case: Any, parts: int, unique_ids: bool, rnd: random.Random
    ) -> None:
        """absorb() takes the parts' totals without copying them: the same as merge(), and
        records added afterwards fold into the totals taken."""
        campaign, sched, records, as_of = case
        unique = list({r.id: r for r in records}.values())
        whole = progress(campaign, sched, unique, as_of)
        late = set(rnd.sample(range(len(unique)), len(unique) // 3))  # added after absorbing
        accs = [
            Accumulator(campaign, sched, unique_ids=unique_ids, days=[as_of]) for _ in range(parts)
        ]
        for i, record in enumerate(unique):
            if i not in late:
                rnd.choice(accs).add(record)
        for acc in accs[1:]:
            accs[0].absorb(acc)
        accs[0].update(unique[i] for i in sorted(late))
        assert accs[0].result(as_of) == whole

    @settings(max_examples=30)
    @given(cases(bad=False), st.booleans(), st.randoms(use_true_random=False))
    def test_pickled_parts_merge_to_the_whole(
        self, case: Any, unique_ids: bool, rnd: random.Random
    ) -> None:
        """Accumulators sent through pickle (as to another process) give the same result
        and merge to the whole, with ids checked or trusted."""
        campaign, sched, records, as_of = case
        unique = list({r.id: r for r in records}.values())
        whole = progress(campaign, sched, unique, as_of)
        accs = [Accumulator(campaign, sched, unique_ids=unique_ids) for _ in range(2)]
        for record in unique:
            rnd.choice(accs).add(record)
        first, second = (pickle.loads(pickle.dumps(a)) for a in accs)
        assert first.result(as_of) == accs[0].result(as_of)
        first.merge(second)
        assert first.result(as_of) == whole

    @settings(max_examples=40)
    @given(cases())
    def test_the_counts_close(self, case: Any) -> None:
        """read = used + after_as_of + reported, and read counts distinct records."""
        campaign, sched, records, as_of = case
        c = progress(campaign, sched, records, as_of).counts
        assert c.read == c.used + c.after_as_of + c.reported
        assert c.read == len(set(records))
        at_the_end = progress(campaign, sched, records, campaign.window.end).counts
        assert (at_the_end.after_as_of, at_the_end.reported) == (0, c.reported)
        assert c.used + c.after_as_of == at_the_end.used

    @settings(max_examples=40)
    @given(cases(), st.integers(0, 12))
    def test_measured_units_are_the_ranking_with_figures(self, case: Any, n: int) -> None:
        """``units`` is ``measured_units`` (every one with a completion) followed by
        ``unmeasured_units`` (none with one); best and worst read the measured ones."""
        campaign, sched, records, as_of = case
        p = progress(campaign, sched, records, as_of)
        assert p.measured_units + p.unmeasured_units == p.units
        assert all(u.completion is not None for u in p.measured_units)
        assert all(u.completion is None for u in p.unmeasured_units)
        assert p.best(n) == p.measured_units[:n]
        assert p.worst(n) == tuple(reversed(p.measured_units))[:n]

    @settings(max_examples=30)
    @given(small_campaigns, st.data())
    def test_an_indicator_at_its_target_is_complete(
        self, campaign: Campaign, data: st.DataObject
    ) -> None:
        """Readings that bring each unit to its target make every indicator complete."""
        sched = schedule(campaign)
        indicators = indicators_with_units(campaign)
        assume(indicators)
        day = data.draw(st.dates(campaign.window.start, campaign.window.end))
        records: list[Record] = []
        for ind, units in indicators:
            for unit in units:
                target = ind.unit_targets.get(unit, ind.target) if unit else ind.target
                gap = target - ind.baseline
                if ind.aggregate is Aggregation.COUNT:
                    records += [
                        Reading(
                            indicator=ind.id,
                            unit=unit,
                            date=day,
                            value=0,
                            id=f"{ind.id}/{unit}/{i}",
                        )
                        for i in range(int(gap))
                    ]
                elif ind.aggregate is Aggregation.SUM:
                    records.append(Reading(indicator=ind.id, unit=unit, date=day, value=gap))
                else:
                    records.append(Reading(indicator=ind.id, unit=unit, date=day, value=target))
        p = progress(campaign, sched, records, day)
        for ind, units in indicators:
            node = p.indicator(ind.id)
            if units:
                assert node.completion == 1.0
                assert all(u.completion == 1.0 for u in node.units)
        assert not p.errors

    @settings(max_examples=30)
    @given(cases(bad=False))
    def test_no_records_earn_nothing_and_the_status_follows_the_plan(self, case: Any) -> None:
        """Without records nothing is done: status on while nothing is planned, else behind."""
        campaign, sched, _, as_of = case
        p = progress(campaign, sched, [], as_of)
        for node in nodes(p):
            if node.completion is None:
                continue
            assert node.completion == 0.0
            assert node.status is (Status.ON if node.planned == 0.0 else Status.BEHIND)
        assert (p.counts.read, p.problems) == (0, ())

    @settings(max_examples=20)
    @given(cases(), st.lists(st.integers(-5, 250), min_size=1, max_size=6))
    def test_series_equals_one_call_per_day(self, case: Any, offsets: list[int]) -> None:
        """progress_series gives what progress gives, day by day."""
        campaign, sched, records, _ = case
        days = [campaign.window.start + n * DAY for n in offsets]
        assert progress_series(campaign, sched, records, days) == tuple(
            progress(campaign, sched, records, d) for d in days
        )

    @settings(max_examples=20)
    @given(cases(), st.lists(st.integers(0, 250), min_size=2, max_size=5, unique=True))
    def test_measuring_leaves_the_accumulator_as_it_was(
        self, case: Any, offsets: list[int]
    ) -> None:
        """A sweep over several days shares the cells of a bucket with its snapshot until it
        combines another bucket into them: it never changes the accumulator's own, so asking
        again, for all the days or one, gives the same."""
        campaign, sched, records, _ = case
        days = sorted(campaign.window.start + n * DAY for n in offsets)
        acc = Accumulator(campaign, sched, days=days)
        acc.update(records)
        swept = acc.results(days)
        assert acc.results(days) == swept
        assert tuple(acc.result(d) for d in days) == swept
