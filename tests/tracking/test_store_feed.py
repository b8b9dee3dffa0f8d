"""feed of each store: readings totalled in SQL give exactly what adding each record gives."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.io import SQLiteStore
from campaignkit.model import (
    Campaign,
)
from campaignkit.scheduling import schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import Accumulator, Held, Reading, Record
from support import QUARTER, four_aggregates

if TYPE_CHECKING:
    from campaignkit.io._store import SQLStore

    from .conftest import Stores

START, END = QUARTER.start, QUARTER.end
VILLAGES = ("v1", "v2")
DAYS = (dt.date(2010, 1, 31), dt.date(2010, 2, 14), END)


CAMPAIGN = four_aggregates(VILLAGES)
SCHEDULE = schedule(CAMPAIGN)


def stored(stores: Stores, records: list[Record]) -> SQLStore:
    """A new store holding *records* (the first of each id)."""
    store = stores.new()
    first: dict[str, Record] = {}
    for record in records:
        first.setdefault(record.id, record)
    store.append(first.values())
    return store


def one_by_one(store: SQLStore, **args: Any) -> Accumulator:
    acc = Accumulator(CAMPAIGN, SCHEDULE, **args)
    for record in store:
        acc.add(record)
    return acc


def fed(store: SQLStore, **args: Any) -> tuple[Accumulator, int]:
    acc = Accumulator(CAMPAIGN, SCHEDULE, **args)
    return acc, store.feed(acc)


def reading(id: str, day: int, value: float, indicator: str = "sum", **more: Any) -> Reading:
    return Reading(
        id=id, indicator=indicator, unit="v1", date=START + dt.timedelta(days=day), value=value,
        **more,
    )  # fmt: skip


def actual(acc: Accumulator, indicator: str, unit: str = "v1", day: dt.date = END) -> float:
    units = {u.unit: u.actual for u in acc.result(day).indicator(indicator).units}
    return units[unit]


class TestTotalsInSQL:
    def test_sum_last_max_count_by_totals(self, stores: Stores) -> None:
        """Four readings of each indicator: the totals give sum 3+4+5+6 = 18, the last by
        (date, id) 6 (r4, day 9), the max 6, the count 4."""
        records: list[Record] = [
            reading(f"{a}{i}", day, value, a)
            for a in ("sum", "last", "max", "count")
            for i, (day, value) in enumerate([(2, 3), (5, 4), (5, 5), (9, 6)])
        ]
        with stored(stores, records) as store:
            acc, count = fed(store, unique_ids=True)
            assert count == 16
            assert (actual(acc, "sum"), actual(acc, "last"), actual(acc, "max")) == (18, 6, 6)
            assert actual(acc, "count") == 4
            assert acc.results(DAYS) == one_by_one(store, unique_ids=True).results(DAYS)

    def test_latest_of_a_day_is_the_greatest_id(self, stores: Stores) -> None:
        """Two readings on the last day: "r10" sorts after "r1" and before "r2"; "r2" (value
        7) counts, whatever the order of appending."""
        with stored(
            stores,
            [
                reading("r2", 9, 7, "last"),
                reading("r10", 9, 8, "last"),
                reading("r1", 9, 9, "last"),
            ],
        ) as store:
            acc, _ = fed(store, unique_ids=True)
            assert actual(acc, "last") == 7

    def test_latest_by_ids_holding_the_least_characters(self, stores: Stores) -> None:
        """Ids "k", "k  z" and "k !" on one day sort in that order (a store's totals
        follow a key with a separator below every character an id may hold; a space is the
        least of them, control characters being refused): "k !" (value 3) counts, and the
        result is the one of adding each record."""
        records: list[Record] = [
            reading("k !", 9, 3, "last"),
            reading("k", 9, 1, "last"),
            reading("k  z", 9, 2, "last"),
        ]
        with stored(stores, records) as store:
            acc, _ = fed(store, unique_ids=True)
            assert actual(acc, "last") == 3
            assert acc.results(DAYS) == one_by_one(store, unique_ids=True).results(DAYS)

    def test_readings_on_a_tracked_day_stay_counted(self, stores: Stores) -> None:
        """Totals are taken apart on a tracked day: of the readings 2010-01-29, -30, -31
        (two, one assumed) and 02-01, those on 01-31 not marked assumed (one) and those
        marked assumed (one) are dated by assumption as of 01-31, as adding each says."""
        records: list[Record] = [
            reading("a", 28, 1),
            reading("b", 29, 1),
            reading("c", 30, 1),
            reading("d", 30, 1, assumed=True),
            reading("e", 31, 1),
        ]
        with stored(stores, records) as store:
            acc, _ = fed(store, unique_ids=True)
            expected = one_by_one(store, unique_ids=True)
            assert [acc.recorded(d) for d in DAYS] == [expected.recorded(d) for d in DAYS]
            assert acc.recorded(DAYS[0]).dated_by_assumption == {DAYS[0]: 2}

    def test_fractions_refusals_and_other_records_go_as_records(self, stores: Stores) -> None:
        """A fraction (2.5), a reading of an unknown unit, one outside the window, a held
        record and a reading with a note: the same result and problems as adding each, and
        every row counted."""
        records: list[Record] = [
            reading("a", 1, 2.5),
            reading("b", 2, 4),
            Reading(id="c", indicator="sum", unit="x9", date=START, value=1),
            Reading(id="d", indicator="sum", unit="v2", date=dt.date(2011, 1, 5), value=1),
            Held(id="e", subject="s", date=START),
            reading("f", 3, -0.0, "max"),
            reading("g", 4, 2, note="a note does not keep a reading from the totals"),
        ]
        with stored(stores, records) as store:
            acc, count = fed(store, unique_ids=True)
            expected = one_by_one(store, unique_ids=True)
            assert count == len(store) == 7
            assert acc.results(DAYS) == expected.results(DAYS)
            assert actual(acc, "sum") == 8.5  # 2.5 + 4 + 2
            assert acc.result(END).problems == expected.result(END).problems
            assert len(acc.result(END).problems) >= 2

    def test_every_day_tracked(self, stores: Stores) -> None:
        """An accumulator tracking every day (days=None) buckets by the date itself."""
        with stored(stores, [reading(f"r{i}", i % 40, i % 7) for i in range(120)]) as store:
            acc, _ = fed(store, unique_ids=True)
            expected = one_by_one(store, unique_ids=True)
            for day in (START, dt.date(2010, 1, 20), dt.date(2010, 2, 10), END):
                assert acc.result(day) == expected.result(day)

    def test_checked_ids_read_records(self, stores: Stores) -> None:
        """With ids checked, feed adds each record: feeding twice counts once."""
        with stored(stores, [reading(f"r{i}", i, i) for i in range(10)]) as store:
            acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS)
            store.feed(acc)
            store.feed(acc)
            assert actual(acc, "sum") == sum(range(10))  # 0 + 1 + … + 9 = 45

    def test_feeding_adds_to_what_is_there(self, stores: Stores) -> None:
        """feed merges into the accumulator: readings added before stay."""
        with stored(stores, [reading("r1", 1, 3)]) as store:
            acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
            acc.add(reading("r0", 0, 4))
            store.feed(acc)
            assert actual(acc, "sum") == 7  # 4 + 3

    def test_a_bad_row_leaves_the_accumulator_as_it_was(self, tmp_path: Path) -> None:
        """A row changed behind the store's back (a reading without a value) is a located
        RecordError, and nothing of the store reached the accumulator."""
        path = tmp_path / "s.db"
        with SQLiteStore(path) as store:
            store.append([reading("r1", 1, 3), reading("r2", 2, 4)])
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE campaignkit_records SET value = NULL WHERE id = 'r2'")
        conn.close()
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
        acc.add(reading("r0", 0, 4))
        before = acc.results(DAYS)
        with SQLiteStore(path) as store, pytest.raises(RecordError) as info:
            store.feed(acc)
        assert info.value.problems[0].source == str(path)
        assert info.value.problems[0].path.startswith("$.rows[")
        assert acc.results(DAYS) == before


drawn = campaigns(max_people=4, max_units=5, max_phases=3, max_mechanisms=3, max_series=3)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Campaign, Any, list[Record], list[dt.date]]:
    campaign = draw(drawn)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, bad=True))
    if draw(st.booleans()):  # whole values, which SQL totals, rather than mostly fractions
        records = [
            attrs.evolve(r, value=float(round(r.value))) if isinstance(r, Reading) else r
            for r in records
        ]
    w = campaign.window
    days = draw(st.lists(st.dates(w.start, w.end), min_size=1, max_size=4))
    return campaign, sched, records, days


@settings(max_examples=40)
@given(cases())
def test_feed_equals_adding_each_record(stores: Stores, case: Any) -> None:
    """Over drawn campaigns and ledgers (bad records included): folding a store by SQL
    totals gives the result of adding each stored record, on every tracked day."""
    campaign, sched, records, days = case
    with stores.new() as store:
        first: dict[str, Record] = {}
        for record in records:
            first.setdefault(record.id, record)
        store.append(first.values())
        assert list(store) == list(first.values())  # the ledger, each id once, in order
        fast = Accumulator(campaign, sched, days=days, unique_ids=True)
        assert store.feed(fast) == len(store)
        slow = Accumulator(campaign, sched, days=days, unique_ids=True)
        for record in store:
            slow.add(record)
        assert fast.results(days) == slow.results(days)


plain_readings = st.lists(
    st.builds(
        lambda day, value, indicator, unit, mode, assumed: Reading(
            indicator=indicator,
            unit=unit,
            date=START + dt.timedelta(days=day),
            value=value,
            mode=mode,
            assumed=assumed,
        ),
        st.integers(-3, 95),  # a few days outside the window
        st.integers(-5, 40).map(float) | st.sampled_from([2.5, -0.0, 3e9]),
        st.sampled_from(["sum", "last", "max", "count", "nope"]),
        st.sampled_from([*VILLAGES, None, "x9"]),
        st.sampled_from([None, "increment", "cumulative"]),
        st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=60)
@given(plain_readings, st.lists(st.dates(START, END), min_size=1, max_size=3) | st.none())
def test_feed_equals_adding_each_reading(stores: Stores, records: list[Reading], days: Any) -> None:
    """Readings of a cascaded series, mostly whole values SQL totals, some it does not (a
    fraction, 3e9 beyond ±2³¹, an unknown indicator or unit, a day outside the window, a mode
    the indicator refuses): the same results and problems as adding each one."""
    with stored(stores, list(records)) as store:
        fast, count = fed(store, days=days, unique_ids=True)
        slow = one_by_one(store, days=days, unique_ids=True)
        assert count == len(store)
        check = days or [START, dt.date(2010, 2, 1), END]
        assert fast.results(check) == slow.results(check)
