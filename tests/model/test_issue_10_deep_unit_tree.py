"""Issue 10: a unit tree thousands of levels deep validates, schedules and rolls up in linear time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    Indicator,
    Mechanism,
    Person,
    Phase,
    Placement,
    Post,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Ledger, Reading, progress

T = TypeVar("T")
DEPTH = 5_000
WINDOW = Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31))
BOTTOM = f"u{DEPTH - 1}"


def bounded(call: Callable[[], T], seconds: float = 120) -> T:
    """Run *call* in a thread and fail, rather than hang, when it outlasts *seconds*."""
    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(call())
        except BaseException as exc:  # handed back to the test below
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    if worker.is_alive():
        pytest.fail(f"still running after {seconds} s")
    if errors:
        raise errors[0]
    return out[0]


def chain(depth: int) -> tuple[Unit, ...]:
    """Units ``u0`` (the root) .. ``u<depth-1>``, each the parent of the next."""
    return tuple(
        Unit(id=f"u{i}", name=f"U{i}", parent=f"u{i - 1}" if i else None) for i in range(depth)
    )


def deep_campaign() -> Campaign:
    """A 5,000-deep chain, a person at its bottom, a cascading series and an attendance rule."""
    indicator = Indicator(id="talks", name="Talks", target=10, unit_targets={BOTTOM: 4})
    series = ActivitySeries(
        id="s",
        name="S",
        cascade=Cascade(units=("u1", BOTTOM)),
        indicators=(indicator,),
        placement=Placement(count=1),
        participants=("u0",),
    )
    return Campaign(
        id="c",
        name="C",
        window=WINDOW,
        units=chain(DEPTH),
        people=(Person(id="ana", name="Ana", posts=(Post(title="clerk", unit=BOTTOM),)),),
        series=(series,),
        mechanisms=(
            Mechanism(id="weekly", name="W", rule="FREQ=WEEKLY;BYDAY=MO", participants=("u0",)),
            Mechanism(id="roll", name="Roll call", attendance=True),
        ),
    )


class TestDeepUnitChain:
    def test_a_5000_deep_chain_validates(self) -> None:
        """Constructing the campaign walks every unit up once, not once per unit."""
        c = bounded(deep_campaign)
        assert {w.code for w in c.check()} == {"no-assignment"}
        assert len(c.descendants("u0")) == DEPTH - 1
        assert c.children(f"u{DEPTH - 2}") == (BOTTOM,)
        assert c.people_of("u0") == ("ana",)

    def test_schedule_and_progress_at_that_depth(self) -> None:
        """Scheduling and rolling up by unit raise no RecursionError and finish."""
        c = deep_campaign()
        plan = bounded(lambda: schedule(c))
        assert [a.unit for a in plan.activities] == ["u1", BOTTOM]
        ledger = Ledger(
            [Reading(indicator="talks", date=dt.date(2026, 3, 3), value=2, unit=BOTTOM)]
        )
        result = bounded(lambda: progress(c, plan, ledger, dt.date(2026, 3, 16)))
        # The bottom unit's target is 4 from a baseline of 0: 2 / 4 = 0.5.
        [bottom] = [u for u in result.indicator("talks").units if u.unit == BOTTOM]
        assert bottom.completion == 0.5

    def test_a_5000_long_cycle_is_reported_once(self) -> None:
        """A chain closed into a ring is one cycle, at the unit first in the file."""
        units = list(chain(DEPTH))
        units[0] = Unit(id="u0", name="U0", parent=BOTTOM)
        with pytest.raises(ValidationError) as info:
            bounded(lambda: Campaign(id="c", name="C", window=WINDOW, units=tuple(units)))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.units[0].parent", "cycle")
        # The ring follows the parent links: u0's parent is the bottom unit, and so on up.
        assert problem.message.startswith(f"units form a cycle: u0 → {BOTTOM} → u{DEPTH - 2} → ")
        assert problem.message.endswith(" → u2 → u1 → u0")
        assert f" → … ({DEPTH + 1 - 9:,} more) → " in problem.message  # 5,001 names, 9 shown
        assert len(problem.message) < 200


class TestCycleReports:
    @pytest.mark.parametrize(
        ("parents", "expected"),
        [
            # a ← b ← c ← a: reported at a, the first of the ring in the file
            ({"a": "c", "b": "a", "c": "b"}, [("$.units[0].parent", "a → c → b → a")]),
            # x leads into the ring b ⇄ c without being on it: only the ring is reported
            ({"x": "b", "b": "c", "c": "b"}, [("$.units[1].parent", "b → c → b")]),
            # two rings, each once, in file order
            (
                {"a": "b", "b": "a", "c": "d", "d": "c", "e": "e"},
                [
                    ("$.units[0].parent", "a → b → a"),
                    ("$.units[2].parent", "c → d → c"),
                    ("$.units[4].parent", "e → e"),
                ],
            ),
        ],
    )
    def test_each_cycle_once(
        self, parents: dict[str, str], expected: list[tuple[str, str]]
    ) -> None:
        """Every cycle is reported once, at its unit first in the file, starting there."""
        units = tuple(Unit(id=u, name=u, parent=p) for u, p in parents.items())
        with pytest.raises(ValidationError) as info:
            Campaign(id="c", name="C", window=WINDOW, units=units)
        found = [(p.path, p.message) for p in info.value.problems if p.code == "cycle"]
        assert found == [(path, f"units form a cycle: {loop}") for path, loop in expected]


class TestLongPhaseChains:
    def test_a_3000_phase_ring_is_one_cycle_without_recursion(self) -> None:
        """Phases in a ring of 3,000 are one located cycle, not a RecursionError."""
        n = 3_000
        phases = tuple(
            Phase(id=f"p{i}", name="P", duration=1, after=(f"p{(i - 1) % n}",)) for i in range(n)
        )
        with pytest.raises(ValidationError) as info:
            bounded(lambda: Campaign(id="c", name="C", window=WINDOW, phases=phases))
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[0].after", "cycle")
        assert problem.message == (
            f"phases depend on each other in a cycle: p0 → p{n - 1} → p{n - 2} → p{n - 3} → "
            f"p{n - 4} → … ({n + 1 - 9:,} more) → p3 → p2 → p1 → p0"
        )

    def test_a_3000_phase_chain_in_reverse_order_schedules(self) -> None:
        """A chain listed last phase first is timed without recursion: one working day each."""
        n = 3_000
        phases = tuple(
            Phase(id=f"p{i}", name="P", duration=1, after=(f"p{i - 1}",) if i else ())
            for i in reversed(range(n))
        )
        window = Window(start=dt.date(2026, 1, 5), end=dt.date(2040, 12, 31))
        c = bounded(lambda: Campaign(id="c", name="C", window=window, phases=phases))
        dated = {p.phase: p for p in bounded(lambda: schedule(c)).phases}
        # 5 January 2026 is a Monday; weekends only: p0 on it, p4 on Friday 9, p5 on Monday 12.
        assert [dated[f"p{i}"].start for i in (0, 4, 5)] == [
            dt.date(2026, 1, 5),
            dt.date(2026, 1, 9),
            dt.date(2026, 1, 12),
        ]


def _rings(parents: dict[str, str | None]) -> set[frozenset[str]]:
    """The cycles of *parents*, by brute force: a unit is on one when walking up returns to it."""
    out: set[frozenset[str]] = set()
    for unit in parents:
        ring = [unit]
        up = parents[unit]
        while up is not None and up in parents and up not in ring:
            ring.append(up)
            up = parents[up]
        if up == unit:
            out.add(frozenset(ring))
    return out


class TestCycleCheckAgainstBruteForce:
    @given(
        st.dictionaries(
            st.sampled_from("abcdefgh"),
            st.one_of(st.none(), st.sampled_from("abcdefghz")),
            min_size=1,
        )
    )
    def test_every_ring_once_at_its_first_unit(self, parents: dict[str, str | None]) -> None:
        """Each ring the brute force finds is reported once, at its unit first in the file."""
        units = tuple(Unit(id=u, name=u, parent=p) for u, p in parents.items())
        order = list(parents)
        expected = sorted(
            (f"$.units[{min(order.index(u) for u in ring)}].parent", ring)
            for ring in _rings(parents)
        )
        try:
            Campaign(id="c", name="C", window=WINDOW, units=units)
            found: list[tuple[str, frozenset[str]]] = []
        except ValidationError as exc:
            found = sorted(
                (p.path, frozenset(p.message.removeprefix("units form a cycle: ").split(" → ")))
                for p in exc.problems
                if p.code == "cycle"
            )
        assert found == expected
