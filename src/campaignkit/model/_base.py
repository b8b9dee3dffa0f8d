"""What every element of a campaign shares: an id, a name, notes, translations, an ``assumed`` flag."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from campaignkit._errors import Problem, ValidationError, join_path
from campaignkit._text import CONTROL_CLASS, LINE_SEPARATORS, SURROGATES, unseen_name

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
"""Ids are slugs: a letter or digit, then letters, digits, ``_ . : -``; at most 128 characters.

The pattern is written for JSON Schema too; Python code matches it with ``fullmatch``, so that
a trailing line break (which ``$`` lets through) is refused.
"""

LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
"""The shape of a BCP 47 language tag (``zh``, ``en``, ``de-DE``, ``zh-Hans-CN``), written for
JSON Schema too; :func:`valid_language` checks the subtags themselves against the registry."""

MAX_VALUE = 1e15
"""The largest magnitude of a target, a baseline, a milestone or a unit target.

It is the bound readings have too (:data:`campaignkit.tracking.MAX_VALUE`): sums and ratios of
such values stay finite, so progress never holds an infinity.
"""

MIN_VALUE = 1e-9
"""The smallest magnitude of a target, a baseline, a milestone or a unit target other than 0.

With :data:`MAX_VALUE` it keeps ``(actual − baseline) / (target − baseline)`` and the planned
fractions finite and far from 0, so ratios and SPIs never overflow.
"""

MAX_WEIGHT = 1e9
"""The largest weight of a phase, a mechanism or a series (and of a weights override)."""

MAX_DAYS = 36_600
"""The largest number of days in a phase's ``duration`` and ``lag`` (working days) and in a
placement's ``min_gap_days``: about a hundred years."""

MAX_MINUTES = 527_040
"""The largest ``duration_minutes`` of an activity, a placement or a mechanism: 366 days."""

MAX_PLACEMENTS = 10_000
"""The largest ``count`` of activities a placement generates."""

# C0 and C1 controls, DEL, and lone surrogates (which no UTF-8 file, JSON output or database
# can hold). Text that may span lines keeps tab, line feed and carriage return.
_ONE_LINE_BAD = re.compile(f"[{CONTROL_CLASS}{LINE_SEPARATORS}{SURROGATES}]")
_MULTILINE_BAD = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{SURROGATES}]")
_EMAIL_LOCAL = re.compile(r"[^\s@\"(),:;<>\[\\\]\x00-\x1f\x7f-\x9f]{1,64}")
_EMAIL_LABEL = re.compile(r"(?!-)[^\s@.\x00-\x1f\x7f-\x9f]{1,63}(?<!-)")


E = TypeVar("E", bound=enum.Enum)


def fail(path: str, code: str, message: str) -> ValidationError:
    """Build a one-problem :class:`ValidationError` (raised by field validators)."""
    return ValidationError([Problem(path, code, message)])


def of_type(
    kind: type, *, optional: bool = False, many: bool = False
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A validator: the value is a *kind* (or ``None`` when *optional*; a tuple of them when
    *many*), else ``wrong-type``. A file's values are converted before they get here; this
    catches the same mistakes in objects built in Python (``time="19:00"``), which would
    otherwise fail later, far from where they were made, as a bare ``TypeError``."""
    name = f"{kind.__module__}.{kind.__qualname__}"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        items = value if many and isinstance(value, tuple) else (value,)
        ok = (isinstance(value, tuple) or not many) and all(
            isinstance(v, kind) or (optional and v is None) for v in items
        )
        if not ok:
            what = (
                f"a tuple of {name} values"
                if many
                else f"a {name}" + (" or None" if optional else "")
            )
            msg = f"{attribute.name!r} must be {what} (got {shown(value)})"
            raise fail(f"$.{attribute.name}", "wrong-type", msg)

    return check


def not_one_of(value: object, kind: type[enum.Enum]) -> str:
    """The message for *value*, which is none of the values of the enumeration *kind*."""
    choices = ", ".join(repr(member.value) for member in kind)
    return f"{value!r} is not one of {choices}"


def member(kind: type[E], value: Any, field: str) -> E:
    """*value* as a member of the enumeration *kind* (an attrs converter of the field
    *field*, through a lambda): any other value is ``invalid-value`` at the field, as it is
    in a file, not a bare ``ValueError`` (``Indicator(direction="up")``)."""
    try:
        return kind(value)
    except ValueError:
        raise fail(f"$.{field}", "invalid-value", not_one_of(value, kind)) from None


def valid_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: *value* is a slug id (see :data:`ID_PATTERN`)."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        msg = f"{attribute.name!r} must be a slug such as 'weekly-meeting' (got {shown(value)})"
        raise fail(f"$.{attribute.name}", "invalid-id", msg)


def valid_language(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: *value* (when not ``None``) is a BCP 47 language tag such as ``zh``,
    ``en`` or ``de-DE``, of subtags the IANA registry knows.

    >>> from campaignkit.model import Campaign, Window
    >>> w = Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27))
    >>> Campaign(id="c", name="C", window=w, language="de-DE").language
    'de-DE'
    >>> Campaign(id="c", name="C", window=w, language="German")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.language: 'language' must be a BCP 47 language tag such as 'zh', 'en' or 'de-DE' (got 'German') [invalid-language]
    """
    if value is None:
        return
    import langcodes  # here: it takes a tenth of a second to load, and most campaigns need none

    ok = isinstance(value, str) and LANGUAGE_PATTERN.fullmatch(value) is not None
    if not ok or not langcodes.tag_is_valid(value):
        msg = f"{attribute.name!r} must be a BCP 47 language tag such as 'zh', 'en' or 'de-DE' (got {shown(value)})"
        raise fail(f"$.{attribute.name}", "invalid-language", msg)


def translated(text: str, translations: Mapping[str, str], lang: str | None) -> str:
    """*text* in the language of the BCP 47 tag *lang*: its translation when one is given,
    else *text* itself.

    A translation keyed by the tag itself wins; else the one whose tag is closest, as long
    as it is the same language in the same script: ``en`` serves ``en-GB``, ``zh`` serves
    ``zh-CN`` but not ``zh-TW``.

    >>> translated("长生桥镇", {"en": "Changshengqiao"}, "en-GB")
    'Changshengqiao'
    >>> translated("长生桥镇", {"en": "Changshengqiao"}, "de"), translated("长生桥镇", {}, None)
    ('长生桥镇', '长生桥镇')
    """
    if lang is None or not translations:
        return text
    exact = translations.get(lang)
    if exact is not None:
        return exact
    found = _closest(lang, tuple(translations))
    return text if found is None else translations[found]


@functools.lru_cache(maxsize=4096)
def _closest(lang: str, keys: tuple[str, ...]) -> str | None:
    """The key of *keys* closest to the tag *lang* in the same language and script, or
    ``None`` (matching tags is slow; reports ask for the same few pairs again and again)."""
    import langcodes  # here: it takes a tenth of a second to load

    if not langcodes.tag_is_valid(lang):
        return None
    valid = [key for key in keys if langcodes.tag_is_valid(key)]
    found = langcodes.closest_supported_match(lang, valid) if valid else None
    return None if found is None else str(found)


def shown(value: object) -> str:
    """How a value reads in a message: its ``repr``, shortened when long.

    A huge integer is named by its number of digits, since ``repr`` of one may exceed
    Python's limit on the digits of a number it converts.

    >>> len(shown("x" * 1000))
    199
    >>> shown(10**400)
    'an integer of 401 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return (
            f"an integer of {len(str(abs(value)))} digits"
            if value.bit_length() < 14000
            else "a huge integer"
        )
    text = repr(value)
    return text if len(text) <= 200 else f"{text[:198]}…"


def text(*, multiline: bool = False) -> Text:
    """attrs validator factory: the value (when not ``None``) is text a file can hold.

    Refused, as a located ``bad-text`` problem: control characters (C0, C1, DEL), lone
    surrogates, and, unless *multiline*, line breaks (tab, line feed and carriage return are
    allowed in multi-line text such as notes and recurrence rules).

    >>> from campaignkit.model._parties import Person
    >>> Person(id="ana", name="Ana\\x1b[31m")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.name: 'name' must not hold the control character U+001B (at character 4) [bad-text]
    """
    return Text(multiline=multiline)


@attrs.frozen
class Text:
    """A validator of text fields; made by :func:`text`.

    It also checks the keys and values of a mapping of text (``translations``).
    """

    multiline: bool

    def problem(self, value: str) -> str | None:
        """Why *value* is not text this validator accepts, or ``None`` when it is."""
        bad = (_MULTILINE_BAD if self.multiline else _ONE_LINE_BAD).search(value)
        if bad is None:
            return None
        return f"must not hold {unseen_name(bad[0])} (at character {bad.start() + 1})"

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        items: Iterable[tuple[str | int | None, Any]]
        if isinstance(value, Mapping):
            items = value.items()
        elif isinstance(value, tuple):
            items = enumerate(value)
        else:
            items = [(None, value)]
        path = f"$.{attribute.name}"
        for key, item in items:
            # A bad key is located at the mapping: the key itself cannot be written in a path.
            for part, where in ((key, path), (item, path if key is None else join_path(path, key))):
                problem = self.problem(part) if isinstance(part, str) else None
                if problem is not None:
                    raise fail(where, "bad-text", f"{attribute.name!r} {problem}")


def valid_email(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: *value* (when not ``None``) is an address of the form ``local@domain``.

    The check is deliberately plain: one ``@``, a local part of the characters RFC 5322 allows
    unquoted (or non-ASCII ones), a domain of dot-separated labels without spaces; no control
    characters or line breaks anywhere. Its error is a located ``bad-email`` problem.

    >>> from campaignkit.model._parties import Person
    >>> Person(id="ana", name="Ana", email="ana@example.org").email
    'ana@example.org'
    >>> Person(id="ana", name="Ana", email="ana@example.org\\nBCC: x@y.z")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.email: 'email' must be an address such as 'name@example.org' (got 'ana@example.org\\nBCC: x@y.z') [bad-email]
    """
    if value is None:
        return
    ok = isinstance(value, str) and len(value) <= 254 and value.count("@") == 1
    if ok:
        local, _, domain = value.partition("@")
        labels = domain.split(".")
        ok = (
            _EMAIL_LOCAL.fullmatch(local) is not None
            and not local.startswith(".")
            and not local.endswith(".")
            and ".." not in local
            and all(_EMAIL_LABEL.fullmatch(label) for label in labels)
            and _MULTILINE_BAD.search(value) is None
        )
    if not ok:
        msg = (
            f"{attribute.name!r} must be an address such as 'name@example.org' (got {shown(value)})"
        )
        raise fail(f"$.{attribute.name}", "bad-email", msg)


def at_least(bound: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """attrs validator factory: the value is a number ``>= bound``.

    Its error is a located ``invalid-value`` problem naming the field:

    >>> from campaignkit.model._parties import WorkingBody
    >>> WorkingBody(id="office", name="办公室", staff=-1)
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.staff: 'staff' must be at least 0 (got -1) [invalid-value]
    """
    return Bound(bound, strict=False)


def magnitude() -> list[Callable[[Any, attrs.Attribute[Any], Any], None]]:
    """attrs validators: the value is 0, or a number of magnitude :data:`MIN_VALUE` ..
    :data:`MAX_VALUE` (targets, baselines, milestones).

    >>> from campaignkit.model import Indicator
    >>> Indicator(id="i", name="I", target=1e300)
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.target: 'target' must be at most 1e+15 (got 1e+300) [invalid-value]
    """
    return [at_least(-MAX_VALUE), at_most(MAX_VALUE), _not_tiny]


def _not_tiny(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, int | float) and value != 0 and abs(value) < MIN_VALUE:
        msg = f"{attribute.name!r} must be 0 or at least {MIN_VALUE:g} in magnitude (got {value!r})"
        raise fail(f"$.{attribute.name}", "invalid-value", msg)


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
            msg = f"{attribute.name!r} must be {relation} {self.bound:g} (got {shown(value)})"
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

    start: dt.date = attrs.field(validator=of_type(dt.date))
    end: dt.date = attrs.field(validator=of_type(dt.date))

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
        translations: The name in other languages, keyed by BCP 47 language tag (``en``,
            ``zh``).
        note_translations: The note in other languages, keyed the same way.
        assumed: ``True`` when this fact is a guess of whoever wrote the file rather than
            something the source says. Reports list every assumed element.
    """

    note: str | None = attrs.field(default=None, validator=text(multiline=True))
    translations: Mapping[str, str] = attrs.field(factory=dict, hash=False, validator=text())
    note_translations: Mapping[str, str] = attrs.field(
        factory=dict, hash=False, validator=text(multiline=True)
    )
    assumed: bool = False

    def note_in(self, lang: str | None) -> str | None:
        """The note in the language of the BCP 47 tag *lang* when a translation is given,
        else the note itself, as :meth:`Element.label` gives names.

        >>> from campaignkit.model import Person
        >>> p = Person(id="yu", name="喻先发", note="Town secretary.", note_translations={"zh": "镇党委书记。"})
        >>> p.note_in("zh"), p.note_in("de")
        ('镇党委书记。', 'Town secretary.')
        """
        return None if self.note is None else translated(self.note, self.note_translations, lang)


@attrs.frozen(kw_only=True)
class Element(Annotated):
    """Something with an id in the campaign's one id namespace, and a name."""

    id: str = attrs.field(validator=valid_id)
    name: str = attrs.field(validator=text())

    def label(self, lang: str | None = None) -> str:
        """The name in the language of the BCP 47 tag *lang* when a translation exists,
        else the name itself: a translation keyed by the tag itself wins, else the closest
        one of the same language and script (``en`` serves ``en-GB``, ``zh`` serves ``zh-CN``
        but not ``zh-TW``).

        >>> from campaignkit.model._parties import Person
        >>> p = Person(id="yu", name="喻先发", translations={"en": "Yu Xianfa"})
        >>> p.label("en"), p.label("fr"), p.label()
        ('Yu Xianfa', '喻先发', '喻先发')
        """
        return translated(self.name, self.translations, lang)
