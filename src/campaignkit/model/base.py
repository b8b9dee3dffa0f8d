"""What every element of a campaign shares: an id, a name, notes, translations, an ``assumed`` flag."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from campaignkit.errors import Problem, ValidationError

__all__ = [
    "ID_PATTERN",
    "Annotated",
    "Bound",
    "Element",
    "Weekday",
    "Window",
    "above",
    "at_least",
    "at_most",
    "fail",
    "valid_id",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
"""Ids are slugs: a letter or digit, then letters, digits, ``_ . : -``; at most 128 characters."""


def fail(path: str, code: str, message: str) -> ValidationError:
    """Build a one-problem :class:`ValidationError` (raised by field validators)."""
    return ValidationError([Problem(path, code, message)])


def valid_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: *value* is a slug id (see :data:`ID_PATTERN`)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        msg = f"{attribute.name!r} must be a slug such as 'weekly-meeting' (got {value!r})"
        raise fail(f"$.{attribute.name}", "invalid-id", msg)


def at_least(bound: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """attrs validator factory: the value is a number ``>= bound``.

    Its error is a located ``invalid-value`` problem naming the field:

    >>> from campaignkit.model.parties import WorkingBody
    >>> WorkingBody(id="office", name="办公室", staff=-1)
    Traceback (most recent call last):
    ...
    campaignkit.errors.ValidationError: $.staff: 'staff' must be at least 0 (got -1) [invalid-value]
    """
    return Bound(bound, strict=False)


def above(bound: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """attrs validator factory: the value is a number ``> bound``."""
    return Bound(bound, strict=True)


def at_most(bound: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """attrs validator factory: the value is a number ``<= bound``."""
    return Bound(bound, strict=False, upper=True)


@attrs.frozen
class Bound:
    """A validator that bounds a number; made by :func:`at_least`, :func:`above`, :func:`at_most`."""

    bound: float
    strict: bool
    upper: bool = False

    @property
    def keyword(self) -> str:
        """The JSON Schema keyword that says the same: ``minimum``, ``exclusiveMinimum``…"""
        if self.upper:
            return "maximum"
        return "exclusiveMinimum" if self.strict else "minimum"

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if self.upper:
            ok = number and value <= self.bound
            relation = "at most"
        else:
            ok = number and (value > self.bound if self.strict else value >= self.bound)
            relation = "more than" if self.strict else "at least"
        if not ok:
            msg = f"{attribute.name!r} must be {relation} {self.bound:g} (got {value!r})"
            raise fail(f"$.{attribute.name}", "invalid-value", msg)


class Weekday(enum.StrEnum):
    """A day of the week, written as its three-letter English abbreviation."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Python's weekday number: Monday is 0, Sunday 6."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of *day*.

        >>> Weekday.of(dt.date(2010, 2, 24))
        <Weekday.WED: 'wed'>
        """
        return list(cls)[day.weekday()]


@attrs.frozen(kw_only=True)
class Window:
    """An inclusive span of days: ``start`` and ``end`` both belong to it.

    >>> w = Window(start=dt.date(2009, 12, 1), end=dt.date(2010, 4, 30))
    >>> dt.date(2010, 4, 30) in w, w.days
    (True, 151)
    """

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            msg = f"'end' must not be before 'start' (got {self.end} < {self.start})"
            raise fail("$.end", "window-order", msg)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """The number of calendar days in the window, both ends counted."""
        return (self.end - self.start).days + 1

    def intersect(self, other: Window) -> Window | None:
        """The days both windows share, or ``None`` when they are disjoint."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Window(start=start, end=end) if start <= end else None


@attrs.frozen(kw_only=True)
class Annotated:
    """Notes that any element, or an assignment, may carry.

    Attributes:
        note: Free text, for people.
        translations: The name in other languages, keyed by language tag (``en``, ``zh``).
        assumed: ``True`` when this fact is a guess of whoever wrote the file rather than
            something the source says. Reports list every assumed element.
    """

    note: str | None = None
    translations: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    assumed: bool = False


@attrs.frozen(kw_only=True)
class Element(Annotated):
    """Something with an id in the campaign's one id namespace, and a name."""

    id: str = attrs.field(validator=valid_id)
    name: str

    def label(self, lang: str | None = None) -> str:
        """The name in *lang* when a translation exists, else the name itself.

        >>> from campaignkit.model.parties import Person
        >>> p = Person(id="yu", name="喻先发", translations={"en": "Yu Xianfa"})
        >>> p.label("en"), p.label("fr"), p.label()
        ('Yu Xianfa', '喻先发', '喻先发')
        """
        if lang is None:
            return self.name
        return self.translations.get(lang, self.name)
