"""Readings of a ``last`` indicator dated on its latest day that disagree are said to: a
``last-readings-disagree`` warning, on every path (one by one, by totals, merged, pickled,
from each columnar engine and each store)."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.cli import EXIT_OK, main
from campaignkit.io import RecordReader, _arrow, _polars, dumps, progress_rows, write_records
from campaignkit.model import ActivitySeries, Campaign, Cascade, Indicator, Unit, Window
from campaignkit.report import Labels, render_briefing, render_report
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Progress, Reading, progress
from campaignkit.tracking._intake import SQL_EXACT, day_bounds, day_keys

if TYPE_CHECKING:
    from .conftest import Stores

D = dt.date
AS_OF = D(2010, 9, 30)
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2010, 9, 1), end=D(2010, 10, 31)),
    units=(Unit(id="town", name="Town"), Unit(id="v1", name="V1", parent="town")),
    series=(
        ActivitySeries(
            id="s",
            name="S",
            cascade=Cascade(units=("v1",)),
            indicators=(
                Indicator(id="households", name="Households", target=900, aggregate="last"),
                Indicator(id="peak", name="Peak", target=900, aggregate="max"),
            ),
        ),
    ),
)
SCHEDULE = schedule(CAMPAIGN)


def reading(id: str, day: dt.date, value: float, indicator: str = "households") -> Reading:
    return Reading(id=id, indicator=indicator, unit="v1", date=day, value=value)


# r9 and r10 report 800 and 820 households on the 30th; as text "r9" > "r10", so the
# actual is r9's 800, and the day's values run from 800 to 820
DISAGREEING = [
    reading("r1", D(2010, 9, 20), 700.0),
    reading("r9", AS_OF, 800.0),
    reading("r10", AS_OF, 820.0),
]
WARNING = (
    "the readings of 'households' in 'v1' dated 2010-09-30, the latest day, disagree: from 800"
    " to 820; the actual is 800, that of the greatest record id, 'r9'"
)


def warnings(p: Progress) -> list[tuple[str, str, str]]:
    return [(x.path, x.code, x.message) for x in p.problems if x.code == "last-readings-disagree"]


def test_the_reader_is_told_which_reading_counts() -> None:
    p = progress(CAMPAIGN, SCHEDULE, DISAGREEING, AS_OF)
    assert p.indicator("households").actual == 800.0
    assert warnings(p) == [('$.records["r9"].value', "last-readings-disagree", WARNING)]
    assert [x.severity for x in p.problems] == ["warning"]


@pytest.mark.parametrize(
    "readings",
    [
        # the same value twice on the latest day: a repeated report, nothing to say
        [reading("r1", AS_OF, 800.0), reading("r2", AS_OF, 800.0)],
        # they disagree on the 20th, but the 30th (one reading) is the latest day
        [
            reading("r1", D(2010, 9, 20), 1.0),
            reading("r2", D(2010, 9, 20), 2.0),
            reading("r3", AS_OF, 5.0),
        ],
        # a max indicator takes the largest whatever the order: nothing to choose
        [reading("r1", AS_OF, 1.0, "peak"), reading("r2", AS_OF, 2.0, "peak")],
    ],
)
def test_nothing_is_said_when_nothing_was_chosen(readings: list[Reading]) -> None:
    assert warnings(progress(CAMPAIGN, SCHEDULE, readings, AS_OF)) == []


def test_a_later_day_settles_it() -> None:
    """As of the 30th the two disagree; a reading of 1 October is the latest as of then."""
    later = [*DISAGREEING, reading("r11", D(2010, 10, 1), 830.0)]
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF, D(2010, 10, 1)])
    acc.update(later)
    assert [len(warnings(acc.result(day))) for day in (AS_OF, D(2010, 10, 1))] == [1, 0]


@pytest.mark.parametrize("unique_ids", [True, False])
def test_merged_in_either_order(unique_ids: bool) -> None:
    """Each reading in an accumulator of its own: the merge finds the disagreement, in
    whichever order the parts are merged."""
    results = []
    for order in (DISAGREEING, DISAGREEING[::-1]):
        parts = []
        for r in order:
            part = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=unique_ids)
            part.add(r)
            parts.append(part)
        whole = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=unique_ids)
        for part in parts:
            whole.merge(part)
        results.append(whole.result(AS_OF))
    assert results[0] == results[1]
    assert [m for *_, m in warnings(results[0])] == [WARNING]


def test_kept_through_a_pickle() -> None:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
    acc.update(DISAGREEING)
    again = pickle.loads(pickle.dumps(acc))
    assert again.result(AS_OF) == acc.result(AS_OF)
    assert [m for *_, m in warnings(again.result(AS_OF))] == [WARNING]


def test_totals_carry_the_latest_days_values() -> None:
    """Two groups by their totals, the first (r1) before the 30th and the second (r9, r10)
    on it: 800 to 820 there; the same as the readings one by one."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
    day = D(2010, 9, 20)
    assert acc.add_reading_totals(
        "households", "v1", None, first=day, last=day, count=1, total=700, maximum=700.0,
        last_id="r1", last_value=700.0, last_low=700.0, last_high=700.0,
    )  # fmt: skip
    assert acc.add_reading_totals(
        "households", "v1", None, first=AS_OF, last=AS_OF, count=2, total=1620,
        maximum=820.0, last_id="r9", last_value=800.0, last_low=800.0, last_high=820.0,
    )  # fmt: skip
    assert acc.result(AS_OF) == progress(CAMPAIGN, SCHEDULE, DISAGREEING, AS_OF)


@pytest.mark.parametrize(
    "bounds",
    [
        {"last_low": 801.0, "last_high": 820.0},  # the value taken is below the low
        {"last_low": 800.0, "last_high": 830.0},  # above the largest value of all
        {"last_low": float("nan"), "last_high": 820.0},
    ],
)
def test_totals_no_readings_could_have_are_refused(bounds: dict[str, float]) -> None:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
    with pytest.raises(RecordError) as info:
        acc.add_reading_totals(
            "households", "v1", None, first=AS_OF, last=AS_OF, count=2, total=1620,
            maximum=820.0, last_id="r9", last_value=800.0, **bounds,
        )  # fmt: skip
    assert [p.code for p in info.value.problems] == ["invalid-record"]


def test_one_reading_has_one_value() -> None:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
    with pytest.raises(RecordError):
        acc.add_reading_totals(
            "households", "v1", None, first=AS_OF, last=AS_OF, count=1, total=800,
            maximum=820.0, last_id="r9", last_value=800.0, last_low=800.0, last_high=820.0,
        )  # fmt: skip


def ledger(tmp_path: Path, readings: list[Reading]) -> Path:
    path = tmp_path / "ledger.csv"
    write_records(readings, path)
    return path


@pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
def test_every_reader_says_it(tmp_path: Path, backend: str) -> None:
    """The columnar engines total the file (day keys), the Python reader reads it line by
    line: the same warning."""
    path = ledger(tmp_path, DISAGREEING)
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
    if backend == "python":
        RecordReader(path).feed(acc, backend="python")
    else:  # the engine itself, which says None where it leaves a file to Python
        engine = {"polars": _polars.fold_csv, "arrow": _arrow.fold_csv}[backend]
        assert engine(path, acc) == len(DISAGREEING)
    assert [m for *_, m in warnings(acc.result(AS_OF))] == [WARNING]


def test_every_store_says_it(stores: Stores) -> None:
    """A store totals the stored readings in SQL (day keys): the same warning."""
    with stores.new() as store:
        store.append(DISAGREEING)
        acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
        store.feed(acc)
    assert acc.result(AS_OF) == progress(CAMPAIGN, SCHEDULE, DISAGREEING, AS_OF)
    assert [m for *_, m in warnings(acc.result(AS_OF))] == [WARNING]


days = st.integers(min_value=-800_000, max_value=3_000_000)  # the ordinals of years 1 to 9999
values = st.integers(min_value=-SQL_EXACT, max_value=SQL_EXACT)


@given(st.lists(st.tuples(days, values), min_size=1), st.integers(min_value=0))
def test_day_keys_find_the_latest_days_values(pairs: list[tuple[int, int]], cut: int) -> None:
    """The greatest keys of a group give the smallest and largest value of its latest day,
    and the greatest keys of two parts of it are those of the whole (a merge is ``max``)."""
    latest = max(day for day, _ in pairs)
    on_it = [value for day, value in pairs if day == latest]
    keys = [day_keys(day, value) for day, value in pairs]
    assert day_bounds(max(k[0] for k in keys), max(k[1] for k in keys)) == (
        min(on_it),
        max(on_it),
    )
    cut %= len(keys) + 1
    head, tail = keys[:cut] or keys, keys[cut:] or keys
    merged = (
        max(max(k[0] for k in head), max(k[0] for k in tail)),
        max(max(k[1] for k in head), max(k[1] for k in tail)),
    )
    assert day_bounds(*merged) == (min(on_it), max(on_it))


def test_the_figure_says_it_where_it_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The indicator counts its figures that rest on such readings (v1's: 1 of 1 units);
    the command line's table and the report write it beside the actual, in the reader's
    language, and the command line prints the warning."""
    p = progress(CAMPAIGN, SCHEDULE, DISAGREEING, AS_OF)
    assert (p.indicator("households").disagreeing, p.indicator("peak").disagreeing) == (1, 0)
    rows = {row["id"]: row for row in progress_rows(p) if row["kind"] == "indicator"}
    assert (rows["households"]["disagreeing"], rows["peak"]["disagreeing"]) == (1, 0)
    beside = "the latest day's readings disagree in 1 of 1 units"
    assert f"| 800 ({beside}) | 900 |" in render_report(CAMPAIGN, SCHEDULE, p, lang="en")
    zh = render_report(CAMPAIGN, SCHEDULE, p, lang="zh")
    assert "1个单位中1个最近一日的数据不一致" in zh
    campaign = tmp_path / "c.yaml"
    campaign.write_text(dumps(CAMPAIGN), encoding="utf-8")
    ledger_path = ledger(tmp_path, DISAGREEING)
    args = ["progress", str(campaign), "--records", str(ledger_path), "--as-of", "2010-09-30"]
    assert main([*args, "--lang", "en"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert f"800 / 900 · {beside}" in out
    assert "[last-readings-disagree] (warning)" in err


def test_a_figure_not_cascaded_says_it_alone() -> None:
    """An indicator of no unit: one figure, no count of units."""
    c = Campaign(
        id="c",
        name="C",
        window=CAMPAIGN.window,
        series=(
            ActivitySeries(
                id="s",
                name="S",
                indicators=(Indicator(id="level", name="Level", target=9, aggregate="last"),),
            ),
        ),
    )
    day = [Reading(id=i, indicator="level", date=AS_OF, value=v) for i, v in (("a", 3), ("b", 4))]
    p = progress(c, schedule(c), day, AS_OF)
    assert p.indicator("level").actual == 4.0  # "b" > "a"
    assert Labels("en").disagreeing(p.indicator("level")) == "the latest day's readings disagree"


def test_the_cards_and_the_weekly_sheet_say_it_too() -> None:
    """A report's card of the indicator says it on hover; the weekly sheet of the week
    households fall due (the week of 4 October) says it beside the figure so far."""
    p = progress(CAMPAIGN, SCHEDULE, DISAGREEING, AS_OF)
    beside = "the latest day&#39;s readings disagree in 1 of 1 units"
    html = render_report(CAMPAIGN, SCHEDULE, p, lang="en", format="html")
    assert f"actual 800 / target 900; planned 460.47 · ahead · {beside}</title>" in html
    due = attrs.evolve(CAMPAIGN.series[0].indicators[0], due=D(2010, 10, 5))
    series = attrs.evolve(CAMPAIGN.series[0], indicators=(due, CAMPAIGN.series[0].indicators[1]))
    c = attrs.evolve(CAMPAIGN, series=(series,))
    sheet = render_briefing(c, schedule(c), DISAGREEING, D(2010, 10, 4), lang="en")
    assert (
        "Indicator due: Households, target 900, 800 so far · the latest day's readings"
        " disagree in 1 of 1 units"
    ) in sheet
