"""Regression: a status on a band's edge, and a ranking, decided by floating-point noise.

21 % done against 20 % planned is an SPI of exactly 1.05, ``ahead``; floating-point
division gives 1.0499999999999998, which read ``on track`` (and 16 % against 20 %, exactly
0.8, read ``behind``). Three villages at 15 % each were ranked 1, 2, 2 because one mean came
out 0.15000000000000002. And a unit with nothing due yet was ranked below units behind their
plan, and named the campaign's worst.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    Indicator,
    Mechanism,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Reading, Status, Thresholds, progress

D = dt.date
WINDOW = Window(start=D(2026, 3, 2), end=D(2026, 3, 27))  # 20 working days


def _exact_status(done: int, due: int, t: Thresholds) -> Status:
    """The status of the exact SPI done / due, against the thresholds as written."""
    spi = Fraction(done, due)
    if spi >= Fraction(str(t.ahead)):
        return Status.AHEAD
    if spi >= Fraction(str(t.on)):
        return Status.ON
    if spi >= Fraction(str(t.at_risk)):
        return Status.AT_RISK
    return Status.BEHIND


# (done, due) pairs whose ratio is exactly on an edge (21/20, 19/20, 4/5), and any others
_ON_AN_EDGE = st.sampled_from([(21, 20), (19, 20), (4, 5)]).flatmap(
    lambda edge: st.integers(1, 1000 // edge[0]).map(lambda m: (edge[0] * m, edge[1] * m))
)
_ANY = st.tuples(st.integers(0, 1000), st.integers(1, 1000))


@given(pair=_ON_AN_EDGE | _ANY)
def test_the_status_of_the_exact_ratio(pair: tuple[int, int]) -> None:
    """Completion and planned given as thousandths (what a report's figures are), the status
    is that of their exact ratio, on a band's edge included."""
    done, due = pair
    t = Thresholds()
    assert t.status(done / 1000, due / 1000) is _exact_status(done, due, t)


def test_edges_from_the_report() -> None:
    t = Thresholds()
    # 0.21 / 0.2 = 1.0499999999999998, 0.16 / 0.2 = 0.7999999999999999, 0.19 / 0.2 = 0.95
    assert t.status(0.21, 0.2) is Status.AHEAD
    assert t.status(0.16, 0.2) is Status.AT_RISK
    assert t.status(0.19, 0.2) is Status.ON
    # a hair below an edge by more than noise stays below it
    assert t.status(0.2099, 0.2) is Status.ON
    # the SPI is printed with the decimals that agree with its status: 1.05, ahead
    spi = 0.21 / 0.2
    assert f"{spi:.{t.decimals(spi)}f}" == "1.05"


def _villages(*extra: Mechanism) -> Campaign:
    indicators = tuple(Indicator(id=i, name=i, target=10) for i in ("a", "b"))
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        units=(
            Unit(id="town", name="Town"),
            *(Unit(id=f"v{i}", name=f"V{i}", parent="town") for i in (1, 2, 3)),
            Unit(id="ward", name="Ward"),
            Unit(id="w1", name="W1", parent="ward"),
        ),
        series=(
            ActivitySeries(
                id="s", name="S", cascade=Cascade(children_of="town"), indicators=indicators
            ),
        ),
        mechanisms=extra,
    )


def test_equal_villages_share_a_rank() -> None:
    """v1: 1 and 2 of 10, v2: 1.5 and 1.5, v3: 3 and 0 — each (0.1 + 0.2) / 2 or
    (0.15 + 0.15) / 2 or (0.3 + 0) / 2, 15 % done, however the floats round."""
    c = _villages()
    day = D(2026, 3, 3)
    values = {"v1": (1, 2), "v2": (1.5, 1.5), "v3": (3, 0)}
    records = [
        Reading(indicator=ind, unit=unit, date=day, value=value)
        for unit, pair in values.items()
        for ind, value in zip(("a", "b"), pair, strict=True)
    ]
    p = progress(c, schedule(c), records, D(2026, 3, 10))
    assert [(u.unit, u.rank) for u in p.series_by_id("s").units] == [
        ("v1", 1),
        ("v2", 1),
        ("v3", 1),
    ]


def test_worst_is_a_unit_behind_not_one_with_nothing_due() -> None:
    """w1 is in a cascade of a standing mechanism only (no figures); v1..v3 have 0 % done
    against a plan. None of them is better than the others, but w1 has no figures at all:
    it is neither best nor worst, and ranked after them."""
    standing = Mechanism(id="rules", name="Rules", cascade=Cascade(children_of="ward"))
    c = _villages(standing)
    p = progress(c, schedule(c), [], D(2026, 3, 10))
    assert [(u.unit, u.rank, u.completion) for u in p.units] == [
        ("v1", 1, 0.0),
        ("v2", 1, 0.0),
        ("v3", 1, 0.0),
        ("w1", 4, None),
    ]
    assert [u.unit for u in p.worst(1)] == ["v3"]
    assert [u.unit for u in p.best(5)] == ["v1", "v2", "v3"]
    assert [u.unit for u in p.measured_units] == ["v1", "v2", "v3"]
    assert [u.unit for u in p.unmeasured_units] == ["w1"]
