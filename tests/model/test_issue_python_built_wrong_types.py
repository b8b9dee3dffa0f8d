"""Objects built in Python with a value of the wrong type: a located ``wrong-type``, not a
``TypeError`` from deep inside validation or scheduling (``Mechanism(time="19:00")``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import campaignkit as ck
from campaignkit.model import Milestone

DAY = dt.date(2026, 1, 5)

CASES: list[tuple[str, Callable[[], object], str]] = [
    ("mechanism time as text", lambda: ck.Mechanism(id="m", name="M", time="19:00"), "$.time"),  # type: ignore[arg-type]
    ("window start as text", lambda: ck.Window(start="2026-01-05", end=DAY), "$.start"),  # type: ignore[arg-type]
    ("window end as a datetime string", lambda: ck.Window(start=DAY, end="2026-02-05"), "$.end"),  # type: ignore[arg-type]
    ("phase start as text", lambda: ck.Phase(id="p", name="P", start="x", duration=3), "$.start"),  # type: ignore[arg-type]
    ("activity date as text", lambda: ck.Activity(id="a", name="A", date="2026-01-05"), "$.date"),  # type: ignore[arg-type]
    ("activity time as an int", lambda: ck.Activity(id="a", name="A", time=9), "$.time"),  # type: ignore[arg-type]
    ("milestone date as text", lambda: Milestone(date="2026-01-05", value=1), "$.date"),  # type: ignore[arg-type]
    (
        "indicator due as text",
        lambda: ck.Indicator(id="i", name="I", target=5, due="soon"),
        "$.due",
    ),  # type: ignore[arg-type]
    (
        "extra holidays of text",
        lambda: ck.CalendarSpec(extra_holidays=("2026-01-01",)),
        "$.extra_holidays",
    ),  # type: ignore[arg-type]
    ("extra workdays as a date", lambda: ck.CalendarSpec(extra_workdays=DAY), "$.extra_workdays"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("what", "make", "path"), CASES, ids=[c[0] for c in CASES])
def test_wrong_type_is_located(what: str, make: Callable[[], object], path: str) -> None:
    """Each is one ``wrong-type`` problem at the field, naming the type it must be."""
    with pytest.raises(ck.ValidationError) as info:
        make()
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == (path, "wrong-type")
    assert "must be a" in problem.message


def test_right_types_still_build() -> None:
    """The same fields with their own types (and None where allowed) build as before."""
    assert ck.Mechanism(id="m", name="M", time=dt.time(19, 0)).time == dt.time(19, 0)
    assert ck.Activity(id="a", name="A", date=None, time=None).date is None
    assert ck.CalendarSpec(extra_holidays=(DAY,)).extra_holidays == (DAY,)
    assert ck.Window(start=DAY, end=DAY).days == 1


ENUMS: list[tuple[str, Callable[[], object], str, str]] = [
    (
        "direction",
        lambda: ck.Indicator(id="i", name="I", target=5, direction="up"),
        "$.direction",
        "'up'",
    ),  # type: ignore[arg-type]
    (
        "aggregate",
        lambda: ck.Indicator(id="i", name="I", target=5, aggregate="avg"),
        "$.aggregate",
        "'avg'",
    ),  # type: ignore[arg-type]
    ("across", lambda: ck.Indicator(id="i", name="I", target=5, across=2), "$.across", "2"),  # type: ignore[arg-type]
    (
        "trajectory",
        lambda: ck.Indicator(id="i", name="I", target=5, trajectory="s"),
        "$.trajectory",
        "'s'",
    ),  # type: ignore[arg-type]
    ("strategy", lambda: ck.Placement(strategy="random"), "$.strategy", "'random'"),  # type: ignore[arg-type]
    (
        "non-working day",
        lambda: ck.Mechanism(id="m", name="M", on_non_working_day="later"),  # type: ignore[arg-type]
        "$.on_non_working_day",
        "'later'",
    ),
    ("role", lambda: ck.Assignment(subject="s", party="p", role="boss"), "$.role", "'boss'"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("what", "make", "path", "shown"), ENUMS, ids=[c[0] for c in ENUMS])
def test_a_choice_not_offered_is_located(
    what: str, make: Callable[[], object], path: str, shown: str
) -> None:
    """A value none of an enumeration's members has is one ``invalid-value`` problem at
    the field, listing the choices, as a file's would be; not a bare ``ValueError``."""
    with pytest.raises(ck.ValidationError) as info:
        make()
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == (path, "invalid-value")
    assert problem.message.startswith(f"{shown} is not one of ")


def test_choices_given_as_text_or_members_still_build() -> None:
    """Their texts and members build as before, and an indicator's ``across`` may be left
    out."""
    assert ck.Indicator(id="i", name="I", target=5, direction="decrease", baseline=9).direction
    assert ck.Indicator(id="i", name="I", target=5, across=None).across is None
    assert ck.Assignment(subject="s", party="p", role=ck.Role.LEAD).role is ck.Role.LEAD
