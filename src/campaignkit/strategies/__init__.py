"""Hypothesis strategies that draw whole, valid campaigns, for campaignkit's tests and yours.

This module needs `Hypothesis <https://hypothesis.readthedocs.io>`_, which is part of the
``test`` extra (``python -m pip install '.[test]'`` in a checkout); the rest of campaignkit
does not.

:func:`campaigns` draws a :class:`~campaignkit.model.Campaign` that always constructs: ids are
unique across the namespace, every reference resolves, every date lies in the window, the
responsibility rules hold (one lead per assigned phase, mechanism and series; one role per
party and subject), relative phases form a dependency graph without cycles, and every
recurrence is real RFC 5545 text. Drawn campaigns are also meant to be *schedulable* on the
calendar they name: relative phases fit the window with room to spare, and series that place
undated activities get a span wide enough for them. The building blocks it is made of
(:func:`windows`, :func:`unit_trees`, :func:`people`, :func:`rrules`, :func:`indicators`,
:func:`mechanisms`, :func:`series`, :func:`phases`, :func:`assignments`, ...) are public too,
for tests that need one part only.

Campaigns are kept small (a handful of each element) so that a property test runs fast.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5, database=None)
... @given(campaigns(country=None, cascades=False))
... def test_ids_are_unique(campaign):
...     ids = list(campaign.ids)
...     assert len(ids) == len(set(ids))
>>> test_ids_are_unique()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:
    msg = (
        "campaignkit.strategies needs Hypothesis, which comes with the test extra: "
        'pip install "campaignkit[test]"'
    )
    raise ImportError(msg) from exc

import attrs
from dateutil.rrule import rrulestr

from campaignkit.model import (
    AcrossUnits,
    Activity,
    ActivitySeries,
    Aggregation,
    Assignment,
    CalendarSpec,
    Campaign,
    Cascade,
    Direction,
    GateCondition,
    Indicator,
    LeadershipGroup,
    Mechanism,
    Milestone,
    NonWorkingDayPolicy,
    Person,
    Phase,
    Placement,
    PlacementStrategy,
    Post,
    Role,
    Scoped,
    Trajectory,
    Unit,
    Weekday,
    Window,
    WorkingBody,
)
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Cancelled, Held, Mode, Reading, Record

__all__ = [
    "COUNTRIES",
    "TIMEZONES",
    "assignments",
    "calendars",
    "campaign_documents",
    "campaigns",
    "indicators",
    "indicators_with_units",
    "leadership_groups",
    "ledgers",
    "mechanisms",
    "names",
    "people",
    "phases",
    "rrules",
    "series",
    "unit_trees",
    "windows",
]

_T = TypeVar("_T")

COUNTRIES: tuple[str | None, ...] = (None, "CN", "DE", "FR")
"""The calendars :func:`campaigns` draws from by default: weekends only, China, Germany, France."""

TIMEZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
)
"""The IANA time zones :func:`campaigns` draws from by default."""

_ANY_COUNTRY = st.sampled_from(COUNTRIES)
_ANY_TIMEZONE = st.sampled_from(TIMEZONES)
_SUBDIVISIONS: Mapping[str, tuple[str, ...]] = {"DE": ("BY", "BE", "NW")}
_FIRST_DAY = dt.date(2009, 1, 1)
_LAST_DAY = dt.date(2026, 12, 31)
_ONE_DAY = dt.timedelta(days=1)
_WORKWEEK = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PLACING_SPAN = 70
"""Calendar days a series that places activities gets at least: ten weeks leave room for
statutory holidays (a Chinese golden week), three extra holidays, the gaps around two dated
activities and three placed activities on two weekdays a week."""
_MAX_TO_PLACE = 3
_NAMES = (
    "每周例会",
    "学习培训",
    "金点子征集",
    "检查督导",
    "村居宣讲",
    "Weekly meeting",
    "Village patrol",
    "Study session",
    "Town hall",
    "Réunion de suivi",
    "Öffentlichkeitsarbeit",
    "Survey",
)
_TITLES = ("书记", "镇长", "主任", "村支书", "director", "officer", "coordinator")
_KINDS = {0: "district", 1: "town", 2: "village"}


def _strategy(value: _T | st.SearchStrategy[_T]) -> st.SearchStrategy[_T]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def _safe_working_days(days: int) -> int:
    """Working days any drawn calendar surely has in *days* consecutive days.

    Five a week (a weekend has at most two days), less the most statutory holidays a window
    may hold (two golden weeks) and the three extra holidays a drawn calendar may add.
    """
    return max(0, 5 * (days // 7) - 17)


# Drawing helpers. They take ``draw`` and build no strategy per call: Hypothesis caches
# ``integers``, ``booleans`` and ``lists`` of them by their arguments, so a campaign of a few
# hundred draws stays cheap.


def _flip(draw: st.DrawFn) -> bool:
    return draw(st.booleans())


def _int(draw: st.DrawFn, low: int, high: int) -> int:
    return draw(st.integers(low, high))


def _pick(draw: st.DrawFn, items: Sequence[_T]) -> _T:
    """One of *items* (not empty), shrinking towards the first."""
    return items[draw(st.integers(0, len(items) - 1))]


def _maybe(draw: st.DrawFn, make: Callable[[], _T]) -> _T | None:
    """``None`` or what *make* draws."""
    return make() if draw(st.booleans()) else None


def _subset(
    draw: st.DrawFn, items: Sequence[_T], *, min_size: int = 0, max_size: int = 3
) -> tuple[_T, ...]:
    """Distinct items of *items*, between *min_size* and *max_size* of them (as many as exist)."""
    if not items:
        return ()
    high = min(max_size, len(items))
    chosen = draw(
        st.lists(
            st.integers(0, len(items) - 1), min_size=min(min_size, high), max_size=high, unique=True
        )
    )
    return tuple(items[i] for i in chosen)


def _shuffled(draw: st.DrawFn, items: Sequence[_T]) -> tuple[_T, ...]:
    """*items* in a drawn order (shrinking towards the given one)."""
    if len(items) < 2:
        return tuple(items)
    order = draw(st.permutations(range(len(items))))
    return tuple(items[i] for i in order)


def _day(draw: st.DrawFn, window: Window) -> dt.date:
    """A day of *window*, shrinking towards its start."""
    return window.start + dt.timedelta(days=_int(draw, 0, window.days - 1))


def _days(draw: st.DrawFn, window: Window, *, min_size: int = 0, max_size: int) -> list[dt.date]:
    """Distinct days of *window*, in order."""
    high = min(max_size, window.days)
    offsets = draw(
        st.lists(st.integers(0, window.days - 1), min_size=min_size, max_size=high, unique=True)
    )
    return [window.start + dt.timedelta(days=n) for n in sorted(offsets)]


# -- small values ---------------------------------------------------------------------------

_NAME_STRATEGY = st.one_of(
    st.sampled_from(_NAMES),
    st.text(
        st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    ),
)


def names() -> st.SearchStrategy[str]:
    """Names of elements: mostly realistic ones in Chinese, English, French and German, and
    sometimes arbitrary printable text (so files must quote and escape it)."""
    return _NAME_STRATEGY


def _name(draw: st.DrawFn) -> str:
    return draw(_NAME_STRATEGY)


_LANGUAGES = ("en", "zh", "fr")
_CAMPAIGN_LANGUAGES = ("zh", "en", "de", "de-DE", "zh-Hans-CN", "fr")


def _annotations(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for :class:`~campaignkit.model.Annotated` fields, usually none."""
    if _int(draw, 0, 3):
        return {}
    out: dict[str, Any] = {"assumed": _flip(draw)}
    if _flip(draw):
        out["note"] = _name(draw)
    out["translations"] = {lang: _name(draw) for lang in _subset(draw, _LANGUAGES)}
    if "note" in out and _flip(draw):
        out["note_translations"] = {lang: _name(draw) for lang in _subset(draw, _LANGUAGES)}
    return out


def _weight(draw: st.DrawFn) -> float:
    return _pick(draw, (1.0, 1.0, 2.0, 0.5, 0.0))


def _time(draw: st.DrawFn) -> dt.time:
    return dt.time(_int(draw, 7, 19), _pick(draw, (0, 15, 30, 45)))


# -- windows and calendars ------------------------------------------------------------------


def _window(
    draw: st.DrawFn, within: Window | None = None, min_days: int = 1, max_days: int = 366
) -> Window:
    if within is not None:
        longest = min(max_days, within.days)
        length = _int(draw, min(min_days, longest), longest)
        start = within.start + dt.timedelta(days=_int(draw, 0, within.days - length))
    else:
        length = _int(draw, min_days, max_days)
        start = _FIRST_DAY + dt.timedelta(days=_int(draw, 0, (_LAST_DAY - _FIRST_DAY).days))
    return Window(start=start, end=start + dt.timedelta(days=length - 1))


@st.composite
def windows(
    draw: st.DrawFn,
    *,
    within: Window | None = None,
    min_days: int = 1,
    max_days: int = 366,
) -> Window:
    """A :class:`~campaignkit.model.Window` of *min_days* to *max_days* days.

    Inside *within* when it is given (and then at most as long as *within*); otherwise
    starting between 2009 and 2026.
    """
    return _window(draw, within, min_days, max_days)


def _calendar(
    draw: st.DrawFn, window: Window, country: str | st.SearchStrategy[str | None] | None
) -> CalendarSpec:
    code = draw(_strategy(country))
    subdivision = None
    if code is not None and code in _SUBDIVISIONS and _flip(draw):
        subdivision = _pick(draw, _SUBDIVISIONS[code])
    weekend = _pick(draw, (None, (Weekday.SAT, Weekday.SUN), (Weekday.SUN,)))
    extra_holidays = _days(draw, window, max_size=3)
    extra_workdays = [d for d in _days(draw, window, max_size=2) if d not in extra_holidays]
    return CalendarSpec(
        country=code,
        subdivision=subdivision,
        weekend=weekend,
        extra_holidays=tuple(extra_holidays),
        extra_workdays=tuple(extra_workdays),
    )


@st.composite
def calendars(
    draw: st.DrawFn,
    *,
    window: Window,
    country: str | st.SearchStrategy[str | None] | None = _ANY_COUNTRY,
) -> CalendarSpec:
    """A :class:`~campaignkit.model.CalendarSpec` for a campaign over *window*.

    *country* is a country code, ``None`` (weekends only) or a strategy drawing either (by
    default one of :data:`COUNTRIES`; German ones sometimes with a state). The weekend is the
    country's own, Saturday and Sunday, or Sunday only; up to three extra holidays and two
    extra workdays fall inside *window*.
    """
    return _calendar(draw, window, country)


# -- parties --------------------------------------------------------------------------------


def _unit_tree(draw: st.DrawFn, max_units: int, prefix: str) -> tuple[Unit, ...]:
    out: list[Unit] = []

    def add(depth: int, parent: str | None) -> None:
        if len(out) >= max_units:
            return
        kind = _KINDS[depth] if depth < 2 else _pick(draw, ("village", "community"))
        unit = Unit(
            id=f"{prefix}{len(out) + 1}",
            name=_name(draw),
            kind=kind,
            parent=parent,
            **_annotations(draw),
        )
        out.append(unit)
        if depth < 2:
            for _ in range(_int(draw, 0, 3)):
                add(depth + 1, unit.id)

    for _ in range(_int(draw, 0, 2)):
        add(0, None)
    return _shuffled(draw, out)


@st.composite
def unit_trees(draw: st.DrawFn, *, max_units: int = 10, prefix: str = "unit-") -> tuple[Unit, ...]:
    """Units forming up to two district → town → village trees, at most *max_units* units.

    Ids are *prefix* and a number. The units come in a drawn order, so a parent may follow
    its children in the tuple.
    """
    return _unit_tree(draw, max_units, prefix)


def _people(
    draw: st.DrawFn, units: Sequence[Unit], max_size: int, prefix: str
) -> tuple[Person, ...]:
    unit_ids = [None, *(u.id for u in units)]
    out = []
    for i in range(1, _int(draw, 0, max_size) + 1):
        posts = tuple(
            Post(title=_pick(draw, _TITLES), unit=_pick(draw, unit_ids))
            for _ in range(_int(draw, 0, 2))
        )
        out.append(
            Person(
                id=f"{prefix}{i}",
                name=_name(draw),
                posts=posts,
                email=f"person{i}@example.org" if _flip(draw) else None,
                **_annotations(draw),
            )
        )
    return tuple(out)


@st.composite
def people(
    draw: st.DrawFn,
    *,
    units: Sequence[Unit] = (),
    max_size: int = 6,
    prefix: str = "person-",
) -> tuple[Person, ...]:
    """Up to *max_size* people, some holding posts in *units*, some with an e-mail address."""
    return _people(draw, units, max_size, prefix)


def _groups(
    draw: st.DrawFn, people: Sequence[str], max_size: int, prefix: str, body_prefix: str
) -> tuple[LeadershipGroup, ...]:
    if not people:
        return ()
    out = []
    bodies = 0
    for i in range(1, _int(draw, 0, max_size) + 1):
        group_bodies = []
        for _ in range(_int(draw, 0, 2)):
            bodies += 1
            group_bodies.append(
                WorkingBody(
                    id=f"{body_prefix}{bodies}",
                    name=_name(draw),
                    director=_maybe(draw, lambda: _pick(draw, people)),
                    members=_subset(draw, people),
                    staff=_int(draw, 0, 12),
                    duties=tuple(_name(draw) for _ in range(_int(draw, 0, 2))),
                    **_annotations(draw),
                )
            )
        out.append(
            LeadershipGroup(
                id=f"{prefix}{i}",
                name=_name(draw),
                leader=_pick(draw, people),
                deputies=_subset(draw, people, max_size=2),
                members=_subset(draw, people),
                bodies=tuple(group_bodies),
                **_annotations(draw),
            )
        )
    return tuple(out)


@st.composite
def leadership_groups(
    draw: st.DrawFn,
    *,
    people: Sequence[str],
    max_size: int = 2,
    prefix: str = "group-",
    body_prefix: str = "body-",
) -> tuple[LeadershipGroup, ...]:
    """Up to *max_size* leadership groups of the person ids *people* (none without people).

    Each has a leader, deputies, members and up to two working bodies with a director,
    members, a staff count and duties.
    """
    return _groups(draw, people, max_size, prefix, body_prefix)


# -- phases ---------------------------------------------------------------------------------


def _phases(
    draw: st.DrawFn, window: Window, max_size: int, relative: bool, prefix: str
) -> tuple[Phase, ...]:
    half = Window(start=window.start, end=window.start + dt.timedelta(days=window.days // 2 - 1))
    fixed_span = half if relative else window
    budget = min(_safe_working_days(window.days - half.days), 40) if relative else 0
    out: list[Phase] = []
    for i in range(1, _int(draw, 0, max_size) + 1):
        common: dict[str, Any] = {
            "id": f"{prefix}{i}",
            "name": _name(draw),
            "weight": _weight(draw),
            **_annotations(draw),
        }
        if budget >= 1 and _flip(draw):
            duration = _int(draw, 1, min(budget, 15))
            budget -= duration
            lag = _int(draw, 0, min(budget, 3))
            budget -= lag
            after = _subset(draw, [p.id for p in out], max_size=2)
            out.append(Phase(duration=duration, lag=lag, after=after, **common))
        else:
            span = _window(draw, fixed_span)
            out.append(Phase(start=span.start, end=span.end, **common))
    return _shuffled(draw, out)


@st.composite
def phases(
    draw: st.DrawFn,
    *,
    window: Window,
    max_size: int = 4,
    relative: bool = True,
    prefix: str = "phase-",
) -> tuple[Phase, ...]:
    """Up to *max_size* phases of a campaign over *window*: fixed ones and, when *relative*,
    relative ones, in a drawn order.

    A relative phase follows only phases drawn before it, so the ``after`` graph has no
    cycle. With relative phases, fixed ones lie in the first half of *window* and the
    durations and lags of all relative phases together fit the working days of the second
    half, so every chain of phases ends inside *window* whatever the calendar.
    """
    return _phases(draw, window, max_size, relative, prefix)


# -- recurrence rules -----------------------------------------------------------------------


def _stamp(day: dt.date, time: dt.time) -> str:
    """A local RFC 5545 DATE-TIME: ``20100224T093000``."""
    return dt.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


_MONTHDAYS = ("31", "-1", "1,15", "15", "30,-1", "28", "-2", "10,31")
"""BYMONTHDAY values, the edge cases first: 31 (months without one are skipped) and -1."""


def _by_weekday(draw: st.DrawFn, ordinals: Sequence[int]) -> str:
    return f"BYDAY={_pick(draw, ordinals)}{_pick(draw, _RRULE_DAYS[:5])}"


def _recur(draw: st.DrawFn, window: Window) -> str:
    """The value of an RRULE line whose dates lie around *window*."""
    freq = _pick(draw, ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"))
    parts = [f"FREQ={freq}"]
    interval = _pick(draw, (1, 1, 2, 3))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if freq == "DAILY" and _flip(draw):
        parts.append("BYDAY=MO,TU,WE,TH,FR")
    elif freq == "WEEKLY":
        days = _subset(draw, _RRULE_DAYS)
        if days:
            parts.append("BYDAY=" + ",".join(days))
        if interval > 1 and _flip(draw):
            parts.append("WKST=" + _pick(draw, ("MO", "SU")))
    elif freq == "MONTHLY":
        how = _pick(draw, ("monthday", "ordinal", "setpos", "dtstart"))
        if how == "monthday":
            parts.append("BYMONTHDAY=" + _pick(draw, _MONTHDAYS))
        elif how == "ordinal":
            parts.append(_by_weekday(draw, (1, -1, 2, 3, 4)))
        elif how == "setpos":
            parts.append("BYDAY=MO,TU,WE,TH,FR;BYSETPOS=" + _pick(draw, ("1", "-1")))
    elif freq == "YEARLY":
        months = sorted({window.start.month, window.end.month, _day(draw, window).month})
        parts.append("BYMONTH=" + ",".join(map(str, _subset(draw, months, min_size=1))))
        if _flip(draw):
            parts.append(f"BYMONTHDAY={_pick(draw, (1, 15, 28, -1))}")
        else:
            parts.append(_by_weekday(draw, (1, -1, 2)))
    end = _pick(draw, ("none", "count", "until"))
    if end == "count":
        parts.append(f"COUNT={_int(draw, 1, 20)}")
    elif end == "until":
        parts.append(f"UNTIL={_stamp(_day(draw, window), dt.time(23, 59, 59))}")
    return ";".join(parts)


def _rule(draw: st.DrawFn, window: Window, time: dt.time) -> str:
    if _int(draw, 0, 9) == 0:
        days = _days(draw, window, min_size=1, max_size=4)
        return "RDATE:" + ",".join(_stamp(d, time) for d in days)
    lines: list[str] = []
    start = dt.datetime.combine(window.start, time)
    if _flip(draw):
        start = dt.datetime.combine(_day(draw, window), time)
        lines.append(f"DTSTART:{_stamp(start.date(), time)}")
    recur = _recur(draw, window)
    lines.append(recur if not lines and _flip(draw) else f"RRULE:{recur}")
    if _flip(draw):
        end = dt.datetime.combine(window.end, time)
        hits = list(rrulestr(recur, dtstart=start).between(start, end, inc=True))
        excluded = sorted(_subset(draw, hits, min_size=1, max_size=2))
        if excluded:
            lines.append("EXDATE:" + ",".join(_stamp(d.date(), time) for d in excluded))
    if _flip(draw):
        extra = _days(draw, window, min_size=1, max_size=2)
        lines.append("RDATE:" + ",".join(_stamp(d, time) for d in extra))
    return "\n".join(lines)


@st.composite
def rrules(
    draw: st.DrawFn,
    *,
    window: Window | None = None,
    time: dt.time = dt.time(9, 0),
) -> str:
    """RFC 5545 recurrence text for a mechanism held at *time* over *window*.

    An RRULE (``DAILY``, ``WEEKLY``, ``MONTHLY`` or ``YEARLY``; ``INTERVAL``; ``BYDAY`` with
    ordinals such as ``1MO`` and ``-1FR`` in monthly and yearly rules; ``BYMONTHDAY`` including
    31 and -1; ``BYSETPOS``; ``WKST``; ``COUNT``, ``UNTIL`` or neither), sometimes written as a
    bare ``FREQ=`` line, sometimes after a ``DTSTART`` line, and sometimes with ``EXDATE`` (days
    the rule hits) and ``RDATE`` lines at *time*; now and then ``RDATE`` lines alone. Every time
    in it is local (no ``TZID``, no trailing ``Z``) and every date lies in *window* (drawn when
    not given).
    """
    if window is None:
        window = _window(draw, min_days=28, max_days=200)
    return _rule(draw, window, time)


# -- indicators, mechanisms, series ---------------------------------------------------------


def _indicator(draw: st.DrawFn, id: str, window: Window, units: Sequence[str]) -> Indicator:
    direction = _pick(draw, (Direction.INCREASE, Direction.DECREASE))
    rising = direction is Direction.INCREASE
    aggregate = _pick(draw, tuple(Aggregation) if rising else _FALLING_AGGREGATIONS)
    across = _pick(draw, (None, *AcrossUnits))
    baseline = 0.0 if aggregate is Aggregation.COUNT else _pick(draw, (0.0, 0.0, 10.0, 50.0))
    step = float(_int(draw, 1, 200)) + (0.0 if rising else 0.5)
    # A falling indicator starts above its target: baseline and target swap places.
    baseline, target = (baseline, baseline + step) if rising else (baseline + step, baseline)
    due = _maybe(draw, lambda: _day(draw, window))
    trajectory = _pick(draw, tuple(Trajectory))
    milestones: tuple[Milestone, ...] = ()
    if trajectory is Trajectory.MILESTONES:
        days = _days(
            draw, Window(start=window.start, end=due or window.end), min_size=1, max_size=4
        )
        quarters = sorted(_int(draw, 1, 4) for _ in days)
        milestones = tuple(
            Milestone(date=d, value=baseline + (target - baseline) * q / 4)
            for d, q in zip(days, quarters, strict=True)
        )
    unit_targets = {}
    if units and _flip(draw):
        for unit in _subset(draw, units, min_size=1, max_size=4):
            share = float(_int(draw, 1, 50))
            unit_targets[unit] = baseline + share if rising else baseline - share
    return Indicator(
        id=id,
        name=_name(draw),
        unit=_pick(draw, ("", "items", "人次", "%")),
        unit_translations=(
            {lang: _name(draw) for lang in _subset(draw, _LANGUAGES)} if _flip(draw) else {}
        ),
        baseline=baseline,
        target=target,
        direction=direction,
        aggregate=aggregate,
        across=across,
        due=due,
        trajectory=trajectory,
        milestones=milestones,
        unit_targets=unit_targets,
        **_annotations(draw),
    )


_FALLING_AGGREGATIONS = (Aggregation.SUM, Aggregation.LAST, Aggregation.MAX)


@st.composite
def indicators(
    draw: st.DrawFn,
    *,
    id: str = "indicator-1",
    window: Window | None = None,
    units: Sequence[str] = (),
) -> Indicator:
    """An :class:`~campaignkit.model.Indicator` due inside *window* (drawn when not given).

    Increasing and decreasing; every aggregation (``count`` only increasing, from 0), way of
    combining units (``across``, or none) and trajectory; milestones on strictly increasing
    days of *window*, moving from baseline to target; and, when *units* (the unit ids its
    owner cascades to) are given, targets for some of them.
    """
    if window is None:
        window = _window(draw)
    return _indicator(draw, id, window, units)


def _cascade(draw: st.DrawFn, units: Sequence[Unit]) -> Cascade | None:
    if not units or not _flip(draw):
        return None
    parents = sorted({u.parent for u in units if u.parent is not None})
    if parents and _flip(draw):
        return Cascade(children_of=_pick(draw, parents))
    return Cascade(units=_subset(draw, [u.id for u in units], min_size=1, max_size=4))


def _reached(cascade: Cascade | None, units: Sequence[Unit]) -> tuple[str, ...]:
    """The unit ids *cascade* runs in."""
    if cascade is None:
        return ()
    if cascade.children_of is not None:
        return tuple(u.id for u in units if u.parent == cascade.children_of)
    return cascade.units


def _mechanism(
    draw: st.DrawFn,
    id: str,
    window: Window,
    phases: Sequence[str],
    parties: Sequence[str],
    units: Sequence[Unit],
    subjects: Sequence[str],
    recurring: bool | None,
    cascades: bool,
    policies: Sequence[NonWorkingDayPolicy],
) -> Mechanism:
    own = _maybe(draw, lambda: _window(draw, window))
    time = _time(draw)
    is_recurring = _flip(draw) if recurring is None else recurring
    attendance = not is_recurring and _flip(draw)
    cascade = _cascade(draw, units) if cascades else None
    reached = _reached(cascade, units)
    return Mechanism(
        id=id,
        name=_name(draw),
        window=own,
        phases=_subset(draw, phases, max_size=2),
        participants=_subset(draw, parties),
        cascade=cascade,
        weight=_weight(draw),
        indicators=tuple(
            _indicator(draw, f"{id}-i{j}", own or window, reached)
            for j in range(1, _int(draw, 0, 1) + 1)
        ),
        rule=_rule(draw, own or window, time) if is_recurring else None,
        time=time,
        duration_minutes=_pick(draw, (30, 60, 90, 120)),
        on_non_working_day=_pick(draw, policies),
        attendance=attendance,
        applies_to=_subset(draw, subjects, max_size=2) if attendance else (),
        **_annotations(draw),
    )


@st.composite
def mechanisms(
    draw: st.DrawFn,
    *,
    id: str = "mechanism-1",
    window: Window | None = None,
    phases: Sequence[str] = (),
    parties: Sequence[str] = (),
    units: Sequence[Unit] = (),
    subjects: Sequence[str] = (),
    recurring: bool | None = None,
    cascades: bool = True,
    policies: Sequence[NonWorkingDayPolicy] = tuple(NonWorkingDayPolicy),
) -> Mechanism:
    """A :class:`~campaignkit.model.Mechanism` of a campaign over *window*.

    Recurring (a rule from :func:`rrules`, dated inside the mechanism's own window when it
    has one) or standing (then sometimes an attendance mechanism that ``applies_to`` some of
    *subjects*, the ids of other mechanisms and series); *recurring* forces one kind. Active
    over its own window, some of *phases*, both or the whole campaign; participants come from
    the party ids *parties*; with *cascades* it may cascade to *units*; it may carry an
    indicator. Its non-working-day policy is one of *policies*.
    """
    if window is None:
        window = _window(draw, min_days=28, max_days=200)
    return _mechanism(
        draw, id, window, phases, parties, units, subjects, recurring, cascades, policies
    )


def _placement(draw: st.DrawFn, count: int, may_avoid: bool) -> Placement:
    weekdays = _subset(draw, _WORKWEEK, min_size=2, max_size=5) if _flip(draw) else ()
    return Placement(
        count=count,
        weekdays=tuple(sorted(weekdays, key=lambda d: Weekday(d).number)),
        min_gap_days=_int(draw, 0, 3),
        strategy=_pick(draw, tuple(PlacementStrategy)),
        avoid_conflicts=may_avoid and _flip(draw),
        time=_maybe(draw, lambda: _time(draw)),
        duration_minutes=_pick(draw, (60, 120, 180)),
        **_annotations(draw),
    )


def _series(
    draw: st.DrawFn,
    id: str,
    window: Window,
    phases: Sequence[str],
    parties: Sequence[str],
    units: Sequence[Unit],
    cascades: bool,
    placement: bool,
) -> ActivitySeries:
    to_place = _int(draw, 0, _MAX_TO_PLACE) if placement else 0
    scope_phases: tuple[str, ...] = ()
    if to_place:
        long_enough = min(_PLACING_SPAN, window.days)
        own = _maybe(draw, lambda: _window(draw, window, min_days=long_enough))
    else:
        own = _maybe(draw, lambda: _window(draw, window))
        scope_phases = _subset(draw, phases, max_size=2)
    span = own or window
    undated = _int(draw, 0, to_place)
    cascade = _cascade(draw, units) if cascades else None
    activities = [
        Activity(
            id=f"{id}-a{j}",
            name=_name(draw),
            date=_day(draw, span) if j > undated else None,
            time=_maybe(draw, lambda: _time(draw)),
            duration_minutes=_pick(draw, (None, 60, 90, 120)),
            participants=_subset(draw, parties),
            venue=_maybe(draw, lambda: _name(draw)),
            **_annotations(draw),
        )
        for j in range(1, undated + _int(draw, 0, 3) + 1)
    ]
    reached = _reached(cascade, units)
    return ActivitySeries(
        id=id,
        name=_name(draw),
        window=own,
        phases=scope_phases,
        participants=_subset(draw, parties),
        cascade=cascade,
        weight=_weight(draw),
        indicators=tuple(
            _indicator(draw, f"{id}-i{j}", span, reached) for j in range(1, _int(draw, 0, 3) + 1)
        ),
        activities=_shuffled(draw, activities),
        placement=_placement(
            draw, to_place - undated, may_avoid=bool(to_place) and cascade is None
        ),
        **_annotations(draw),
    )


@st.composite
def series(
    draw: st.DrawFn,
    *,
    id: str = "series-1",
    window: Window | None = None,
    phases: Sequence[str] = (),
    parties: Sequence[str] = (),
    units: Sequence[Unit] = (),
    cascades: bool = True,
    placement: bool = True,
) -> ActivitySeries:
    """An :class:`~campaignkit.model.ActivitySeries` of a campaign over *window*.

    Dated activities (inside the series' own window when it has one) and, with *placement*,
    up to three activities to place (undated ones and a placement count) on allowed weekdays
    with a minimum gap. A series that places activities is active over the campaign or over
    a window of at least ten weeks, never over phases, so that its activities fit; only such
    a series that does not cascade may ``avoid_conflicts``. Indicators, participants from
    *parties*, and with *cascades* a cascade to *units*.
    """
    if window is None:
        window = _window(draw, min_days=_PLACING_SPAN, max_days=240)
    return _series(draw, id, window, phases, parties, units, cascades, placement)


# -- responsibility -------------------------------------------------------------------------

_OTHER_ROLES = (Role.RESPONSIBLE, Role.SUPPORT, Role.SUPERVISE, Role.CONSULTED, Role.INFORMED)


def _assignments(
    draw: st.DrawFn,
    subjects: Sequence[str],
    parties: Sequence[str],
    activities: Sequence[str],
    leads: Mapping[str, str],
) -> tuple[Assignment, ...]:
    out: list[Assignment] = []

    def assign(subject: str, first: Role, forced: str | None) -> None:
        pool = _subset(draw, parties, min_size=0 if forced else 1)
        holders = [forced, *pool] if forced else list(pool)
        for k, party in enumerate(holders):
            role = first if k == 0 else _pick(draw, _OTHER_ROLES)
            out.append(Assignment(subject=subject, party=party, role=role, **_annotations(draw)))

    for subject in [*subjects, *(s for s in leads if s not in subjects)]:
        if subject in leads:
            assign(subject, Role.LEAD, leads[subject])
        elif parties and _flip(draw):
            assign(subject, Role.LEAD, None)
    for activity in activities:
        if parties and _int(draw, 0, 3) == 0:
            assign(activity, _pick(draw, (Role.LEAD, Role.RESPONSIBLE)), None)
    return _shuffled(draw, out)


@st.composite
def assignments(
    draw: st.DrawFn,
    *,
    subjects: Sequence[str],
    parties: Sequence[str],
    activities: Sequence[str] = (),
    leads: Mapping[str, str] | None = None,
) -> tuple[Assignment, ...]:
    """Assignments that satisfy the responsibility rules, in a drawn order.

    Some of *subjects* (phase, mechanism and series ids) get exactly one lead and a few other
    roles; some of *activities* get one lead or one responsible party and a few other roles;
    every party holds one role per subject. *leads* maps subjects to the party that must
    lead them (a party outside *parties*, which gets no other role).
    """
    return _assignments(draw, subjects, parties, activities, leads or {})


# -- campaigns ------------------------------------------------------------------------------


@st.composite
def campaigns(
    draw: st.DrawFn,
    *,
    max_people: int = 6,
    max_units: int = 8,
    max_groups: int = 2,
    max_phases: int = 4,
    max_mechanisms: int = 3,
    max_series: int = 3,
    country: str | st.SearchStrategy[str | None] | None = _ANY_COUNTRY,
    timezone: str | st.SearchStrategy[str] = _ANY_TIMEZONE,
    relative_phases: bool = True,
    cascades: bool = True,
    placement: bool = True,
    policies: Sequence[NonWorkingDayPolicy] = tuple(NonWorkingDayPolicy),
    with_assignments: bool = True,
) -> Campaign:
    """A whole, valid :class:`~campaignkit.model.Campaign` of 12 weeks to 8 months.

    Args:
        max_people, max_units, max_groups, max_phases, max_mechanisms, max_series: Upper
            bounds of each kind of element (units form district → town → village trees).
        country: The calendar's country code, ``None`` for weekends only, or a strategy
            drawing either (by default one of :data:`COUNTRIES`).
        timezone: An IANA zone or a strategy drawing one (by default one of :data:`TIMEZONES`).
        relative_phases: Draw relative phases as well as fixed ones.
        cascades: Let mechanisms and series cascade to units.
        placement: Let series have activities for the scheduler to place.
        policies: The non-working-day policies mechanisms draw from.
        with_assignments: Draw responsibility assignments (a series that avoids conflicts
            gets its lead even without).

    Ids are a kind and a number (``person-1``, ``series-2``; the separator is drawn among
    ``-``, ``_``, ``.`` and ``:``); activities and indicators add to their owner's id
    (``series-2-a1``, ``mechanism-1-i1``).
    """
    sep = _pick(draw, ("-", "_", ".", ":"))
    window = _window(draw, min_days=84, max_days=240)
    calendar = _calendar(draw, window, country)
    units = _unit_tree(draw, max_units, f"unit{sep}")
    persons = list(_people(draw, units, max_people, f"person{sep}"))
    person_ids = [p.id for p in persons]
    groups = _groups(draw, person_ids, max_groups, f"group{sep}", f"body{sep}")
    drawn_phases = _phases(draw, window, max_phases, relative_phases, f"phase{sep}")
    phase_ids = [p.id for p in drawn_phases]
    parties = [
        *person_ids,
        *(u.id for u in units),
        *(g.id for g in groups),
        *(b.id for g in groups for b in g.bodies),
    ]
    mechanism_ids = [f"mechanism{sep}{i}" for i in range(1, _int(draw, 0, max_mechanisms) + 1)]
    series_ids = [f"series{sep}{i}" for i in range(1, _int(draw, 0, max_series) + 1)]
    subjects = [*mechanism_ids, *series_ids]
    drawn_mechanisms = tuple(
        _mechanism(
            draw,
            m,
            window,
            phase_ids,
            parties,
            units,
            [s for s in subjects if s != m],
            None,
            cascades,
            policies,
        )
        for m in mechanism_ids
    )
    drawn_series = tuple(
        _series(draw, s, window, phase_ids, parties, units, cascades, placement) for s in series_ids
    )
    indicator_ids = [i.id for item in (*drawn_mechanisms, *drawn_series) for i in item.indicators]
    if indicator_ids:
        drawn_phases = tuple(
            attrs.evolve(
                phase,
                gate=tuple(
                    GateCondition(indicator=i, completion=_pick(draw, (0.5, 0.8, 1.0)))
                    for i in _subset(draw, indicator_ids, max_size=2)
                ),
            )
            for phase in drawn_phases
        )
    # A series that avoids conflicts is led by a person with no other commitment, so that
    # the scheduler always finds room for its activities.
    leads: dict[str, str] = {}
    for s in drawn_series:
        if s.placement.avoid_conflicts:
            lead = Person(id=f"lead{sep}{len(leads) + 1}", name=_name(draw))
            persons.append(lead)
            leads[s.id] = lead.id
    everything = with_assignments
    drawn_assignments = _assignments(
        draw,
        [*phase_ids, *mechanism_ids, *series_ids] if everything else [],
        parties if everything else [],
        [a.id for s in drawn_series for a in s.activities] if everything else [],
        leads,
    )
    theme = _maybe(draw, lambda: _name(draw))
    return Campaign(
        id=f"campaign{sep}1",
        name=_name(draw),
        theme=theme,
        theme_translations=(
            {lang: _name(draw) for lang in _subset(draw, _LANGUAGES)} if theme else {}
        ),
        language=_maybe(draw, lambda: _pick(draw, _CAMPAIGN_LANGUAGES)),
        window=window,
        timezone=draw(_strategy(timezone)),
        calendar=calendar,
        people=tuple(persons),
        units=units,
        groups=groups,
        phases=drawn_phases,
        assignments=drawn_assignments,
        mechanisms=drawn_mechanisms,
        series=drawn_series,
        **_annotations(draw),
    )


def campaign_documents(**kwargs: Any) -> st.SearchStrategy[dict[str, Any]]:
    """The documents (plain dicts, as a parsed campaign file holds them) of drawn campaigns.

    Takes the arguments of :func:`campaigns`. Useful to break one part of a valid document
    and check the problem it yields.
    """
    from campaignkit.io._convert import unstructure_campaign

    convert: Callable[[Campaign], dict[str, Any]] = unstructure_campaign
    return campaigns(**kwargs).map(convert)


# -- ledgers ---------------------------------------------------------------------------------


def _owner_units(campaign: Campaign, item: Scoped) -> tuple[str | None, ...]:
    if item.cascade is None:
        return (None,)
    return campaign.cascade_units(item.cascade) or ()


def indicators_with_units(
    campaign: Campaign,
) -> list[tuple[Indicator, tuple[str | None, ...]]]:
    """Each indicator with the units that report on it (``(None,)`` outside a cascade)."""
    return [
        (ind, _owner_units(campaign, item)) for item in campaign.scoped for ind in item.indicators
    ]


@st.composite
def ledgers(
    draw: st.DrawFn,
    campaign: Campaign,
    sched: Schedule,
    *,
    monotone: bool = False,
    bad: bool = False,
    max_size: int = 40,
) -> list[Held | Cancelled | Reading]:
    """Records matching *campaign* and its schedule *sched*, for ``progress()`` tests.

    Readings of its indicators (per unit for cascades), held and cancelled records of its
    occurrences and activities with attendance drawn from its parties, sessions of its
    standing mechanisms, some exact duplicates — in any order.

    ``bad``: add a few records ``progress()`` must report rather than use (an unknown
    indicator, a day after the window, a conflicting duplicate).
    ``monotone``: increments move towards the target and cumulative readings of one
    indicator and unit move towards it day after day (one reading a day), with no bad or
    conflicting records — a ledger under which progress can only grow.
    """
    window = campaign.window
    days = st.dates(window.start, window.end)
    parties = [*(p.id for p in campaign.people), *(u.id for u in campaign.units)]
    parties += [g.id for g in campaign.groups]
    party_lists = (
        st.lists(st.sampled_from(parties), max_size=3, unique=True).map(tuple)
        if parties
        else st.just(())
    )
    indicators = indicators_with_units(campaign)
    occurrences = [(o.ref, o.day) for o in sched.occurrences()][:400]
    activities = [(a.ref, a.day) for a in sched.activities]
    standing = [
        (m.id, _owner_units(campaign, m))
        for m in campaign.mechanisms
        if not m.recurring and _owner_units(campaign, m)
    ]

    makers: list[st.SearchStrategy[Record]] = []
    if indicators and not monotone:

        @st.composite
        def reading(draw: st.DrawFn) -> Record:
            ind, units = draw(st.sampled_from(indicators))
            if not units:
                assume(False)
            unit = draw(st.sampled_from(units))
            mode = None
            if draw(st.booleans()):
                mode = (
                    Mode.INCREMENT
                    if ind.aggregate in (Aggregation.SUM, Aggregation.COUNT)
                    else Mode.CUMULATIVE
                )
            value = draw(st.floats(-50, 300, allow_nan=False).map(lambda v: round(v, 2)))
            return Reading(
                indicator=ind.id,
                unit=unit,
                date=draw(days),
                value=value,
                mode=mode,
                assumed=draw(st.booleans()),
            )

        makers.append(reading())
    if occurrences or activities:

        @st.composite
        def held(draw: st.DrawFn) -> Record:
            ref, day = draw(st.sampled_from(occurrences + activities))
            date = min(window.end, max(window.start, day + draw(st.integers(-2, 2)) * _ONE_DAY))
            if not monotone and draw(st.integers(0, 5)) == 0:
                return Cancelled(subject=ref, date=date)
            return Held(
                subject=ref,
                date=date,
                present=draw(party_lists),
                absent=draw(party_lists),
                excused=draw(party_lists),
            )

        makers.append(held())
    if standing:
        makers.append(
            st.sampled_from(standing).flatmap(
                lambda m: st.builds(
                    Held,
                    subject=st.just(m[0]),
                    unit=st.sampled_from(m[1]),
                    date=days,
                    present=party_lists,
                )
            )
        )
    records: list[Record] = []
    for make in makers:
        records += draw(st.lists(make, max_size=max_size // len(makers)))
    if bad and not monotone:
        refs = [r for r, _ in occurrences + activities] or ["nothing"]
        wrong = st.one_of(
            st.builds(
                Reading, indicator=st.just("no-such-indicator"), date=days, value=st.just(1.0)
            ),
            st.builds(
                Held,
                subject=st.sampled_from(refs),
                date=st.dates(window.end + _ONE_DAY, window.end + 30 * _ONE_DAY),
            ),
        )
        records += draw(st.lists(wrong, max_size=2))
    if monotone and indicators:
        records += draw(_monotone_readings(window.start, window.end, indicators))
    records = draw(st.permutations(records)) if records else records
    if records and not monotone:
        copies = draw(st.lists(st.sampled_from(records), max_size=3))
        records += copies
        if bad and draw(st.booleans()):
            victim = draw(st.sampled_from(records))
            if isinstance(victim, Reading):
                records.append(
                    Reading(
                        indicator=victim.indicator,
                        unit=victim.unit,
                        date=victim.date,
                        value=victim.value + 1,
                        id=victim.id,
                    )
                )
    return records


@st.composite
def _monotone_readings(
    draw: st.DrawFn,
    first: dt.date,
    last: dt.date,
    indicators: list[tuple[Indicator, tuple[str | None, ...]]],
) -> list[Record]:
    out: list[Record] = []
    for ind, units in indicators:
        sign = 1.0 if ind.direction is Direction.INCREASE else -1.0
        for unit in units:
            n = draw(st.integers(0, 4))
            picked = sorted(
                draw(st.lists(st.dates(first, last), min_size=n, max_size=n, unique=True))
            )
            level = ind.baseline
            for day in picked:
                step = float(draw(st.integers(0, 80)))
                if ind.aggregate in (Aggregation.SUM, Aggregation.COUNT):
                    out.append(Reading(indicator=ind.id, unit=unit, date=day, value=sign * step))
                else:
                    level += sign * step
                    out.append(Reading(indicator=ind.id, unit=unit, date=day, value=level))
    return out
