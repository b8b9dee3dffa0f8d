"""The order problems are given in: the order a reader meets them."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from campaignkit import Problem
from campaignkit._errors import reading_order


def test_lines_then_numbers_as_numbers() -> None:
    """A source's problems by line and column first, then those of no source by path,
    ``rows[2]`` before ``rows[10]`` (as text, "1" sorts before "2")."""
    problems = [
        Problem("$.rows[10].date", "invalid-date", "m"),
        Problem("$.rows[2].date", "invalid-date", "m"),
        Problem("$.value", "invalid-value", "m", source="a.csv", line=12, column=7),
        Problem("$.date", "invalid-date", "m", source="a.csv", line=3, column=3),
        Problem("$.date", "invalid-date", "m", source="a.csv", line=12, column=3),
    ]
    ordered = sorted(problems, key=reading_order)
    assert [(p.line, p.column, p.path) for p in ordered] == [
        (3, 3, "$.date"),
        (12, 3, "$.date"),
        (12, 7, "$.value"),
        (None, None, "$.rows[2].date"),
        (None, None, "$.rows[10].date"),
    ]


PROBLEMS = st.builds(
    Problem,
    path=st.sampled_from(["$", "$.a", "$.rows[2]", "$.rows[10]", "$.rows[2].b", '$.r["x1"]']),
    code=st.sampled_from(["x", "y"]),
    message=st.sampled_from(["m", "n"]),
    source=st.none() | st.sampled_from(["a", "b"]),
    line=st.none() | st.integers(1, 12),
    column=st.none() | st.integers(1, 3),
)


@given(st.lists(PROBLEMS, unique=True), st.randoms())
def test_the_order_does_not_depend_on_the_order_given(
    problems: list[Problem], rnd: random.Random
) -> None:
    """Every field takes part in the key: distinct problems in any order (a set's, say)
    sort to the same sequence."""
    shuffled = problems[:]
    rnd.shuffle(shuffled)
    assert sorted(shuffled, key=reading_order) == sorted(problems, key=reading_order)
