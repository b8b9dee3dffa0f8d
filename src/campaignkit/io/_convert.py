"""The one cattrs converter between campaign documents and the model.

A *document* is what a parser returns: dicts, lists, strings, numbers, booleans and, from
TOML, native dates and times. :func:`structure_campaign` turns a document into a
:class:`~campaignkit.model.Campaign`; :func:`unstructure_campaign` turns a campaign back into
a document that YAML, JSON and TOML can all hold.

The converter is strict, because a typo must not vanish:

- unknown keys are errors (``unknown-key``), and so are missing required keys
  (``missing-key``);
- types are not coerced: a name must be a string, a count an integer, a list a list
  (``wrong-type``); ``null`` is accepted only where the model allows ``None``;
- dates are ISO strings such as ``"2010-02-24"`` (native TOML dates are accepted too), and an
  impossible day such as ``2010-02-30`` is an ``invalid-date``; times of day are ``"HH:MM"``
  or ``"HH:MM:SS"`` (``invalid-time``);
- enumerations are written by value (``"lead"``, ``"next_working_day"``).

Every problem is reported, each located by a JSON path, in one
:class:`~campaignkit.ValidationError`. The cross-reference checks of the campaign
itself (references, cycles, dates in the window) run once the document has the right
shape, so a document with a typo reports the typo first.

Unstructuring leaves out every field equal to its default, so written files stay short
(and TOML, which has no ``null``, can hold them).

>>> doc = {"id": "drive", "name": "Drive", "window": {"start": "2026-03-02", "end": "2026-05-29"}}
>>> campaign = structure_campaign(doc)
>>> campaign.window.days
89
>>> unstructure_campaign(campaign) == doc
True
>>> structure_campaign({**doc, "nmae": "typo"})
Traceback (most recent call last):
...
campaignkit.ValidationError: $.nmae: unknown key 'nmae' (did you mean 'name'?) [unknown-key]
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import difflib
import enum
import math
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from campaignkit._errors import Problem, ValidationError, join_path
from campaignkit.model import Annotated, Campaign, Element
from campaignkit.model._base import not_one_of, shown

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""How a date is written: ``YYYY-MM-DD``."""

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
"""How a time of day is written: ``HH:MM``, or ``HH:MM:SS`` (with optional microseconds)."""

_DATE = re.compile(DATE_PATTERN)
_TIME = re.compile(TIME_PATTERN)

# attrs validators word their errors as "'field' must be ...": the field name locates them.
_FIELD_IN_MESSAGE = re.compile(r"^'(?P<field>[A-Za-z_][A-Za-z0-9_]*)'")


def _problem(code: str, message: str) -> ValidationError:
    """A one-problem error at the value being structured; callers re-root it."""
    return ValidationError([Problem("$", code, message)])


def _describe(value: object) -> str:
    """How a value reads in a message: its kind and, when short, the value itself."""
    kinds: dict[type, str] = {
        type(None): "null",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        dt.date: "a date",
        dt.datetime: "a date-time",
        dt.time: "a time",
    }
    kind = kinds.get(type(value), f"a {type(value).__name__}")
    if isinstance(value, int) and value.bit_length() > 128:
        return kind  # repr() of a huge integer may exceed Python's digit limit
    text = repr(value) if isinstance(value, (bool, int, float, str)) else ""
    if value is None or len(text) > 40:
        return kind
    return f"{kind} ({text})" if text else kind


def _wrong_type(expected: str, value: object) -> ValidationError:
    return _problem("wrong-type", f"expected {expected}, got {_describe(value)}")


# -- structure hooks: scalars ---------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong_type("a string", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type("true or false", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type("an integer", value)
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _wrong_type("a number", value)
    try:
        number = float(value)
    except OverflowError:  # an integer of some 309 digits or more
        msg = f"expected a finite number, got {shown(value)}, beyond what a number can hold"
        raise _problem("invalid-value", msg) from None
    if not math.isfinite(number):
        raise _problem("invalid-value", f"expected a finite number, got {value}")
    return number


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise _wrong_type("a date such as '2010-02-24'", value)
    if not _DATE.fullmatch(value):
        raise _problem("invalid-date", f"{value!r} is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _problem("invalid-date", f"{value!r} is not a day of the calendar ({exc})") from exc


def _structure_time(value: object, _: type) -> dt.time:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            msg = "a time of day is local to the campaign's time zone; drop the offset"
            raise _problem("invalid-time", msg)
        return value
    if not isinstance(value, str):
        raise _wrong_type("a time of day such as '09:30'", value)
    if not _TIME.fullmatch(value):
        raise _problem("invalid-time", f"{value!r} is not a time of day written as HH:MM")
    return dt.time.fromisoformat(value)


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, str):
        choices = ", ".join(repr(member.value) for member in cls)
        raise _wrong_type(f"one of {choices}", value)
    try:
        return cls(value)
    except ValueError:
        raise _problem("invalid-value", not_one_of(value, cls)) from None


# -- structure hooks: containers and classes ------------------------------------------------


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping(t: Any) -> bool:
    return typing.get_origin(t) in (collections.abc.Mapping, dict)


def _tuple_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, Any], tuple[Any, ...]]:
    item_type = typing.get_args(t)[0]
    structure_item = conv.get_structure_hook(item_type)

    def structure(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _wrong_type("a list", value)
        items: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as exc:  # collected and located below, as cattrs does
                exc.add_note(IterableValidationNote(f"@ index {i}", i, item_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, tuple)
        return tuple(items)

    return structure


def _mapping_hook(t: Any, conv: cattrs.Converter) -> Callable[[object, Any], dict[str, Any]]:
    key_type, value_type = typing.get_args(t)
    if key_type is not str:
        msg = f"campaign documents key their mappings by strings, not {key_type!r}"
        raise TypeError(msg)
    structure_value = conv.get_structure_hook(value_type)

    def structure(value: object, _: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _wrong_type("a mapping", value)
        out: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, item in value.items():
            try:
                if not isinstance(key, str):
                    raise _wrong_type("a key that is a string", key)
                out[key] = structure_value(item, value_type)
            except Exception as exc:  # collected and located below, as cattrs does
                exc.add_note(IterableValidationNote(f"@ key {key!r}", str(key), value_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, dict)
        return out

    return structure


def field_order(cls: type) -> list[attrs.Attribute[Any]]:
    """The fields of model class *cls* in the order files show them.

    ``id`` and ``name`` come first, the class's own fields next, and the annotations every
    element shares (``note``, ``translations``, ``assumed``) last. Private fields (the
    campaign's index) are left out.
    """
    shared = {a.name for a in attrs.fields(Annotated)}
    first = [a.name for a in attrs.fields(Element) if a.name not in shared]

    def rank(a: attrs.Attribute[Any]) -> int:
        if a.name in first:
            return first.index(a.name)
        return len(first) + (a.name in shared)

    public = [a for a in attrs.fields(attrs.resolve_types(cls)) if a.init]
    return sorted(public, key=rank)


def _class_structure_hook(cls: type, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(cls, conv)

    def structure(value: object, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _wrong_type("a mapping", value)
        return generated(value, cls)

    return structure


def _class_unstructure_hook(cls: type, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, conv, _cattrs_omit_if_default=True
    )
    order = [a.name for a in field_order(cls)]

    def unstructure(value: Any) -> dict[str, Any]:
        data = generated(value)
        return {name: data[name] for name in order if name in data}

    return unstructure


def _unstructure_enum(value: enum.Enum) -> Any:
    return value.value


def _unstructure_time(value: dt.time) -> str:
    if value.microsecond:
        return value.isoformat()
    return value.isoformat("seconds" if value.second else "minutes")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    exact: dict[type, Callable[[object, Any], Any]] = {
        str: _structure_str,
        bool: _structure_bool,
        int: _structure_int,
        float: _structure_float,
        dt.date: _structure_date,
        dt.time: _structure_time,
    }
    for cls, hook in exact.items():
        conv.register_structure_hook(cls, hook)
    # StrEnum too: its members are strings, and the most specific registered class wins.
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda t: _tuple_hook(t, conv))
    conv.register_structure_hook_factory(_is_mapping, lambda t: _mapping_hook(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _class_structure_hook(t, conv))
    conv.register_unstructure_hook(enum.Enum, _unstructure_enum)
    conv.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.time, _unstructure_time)
    conv.register_unstructure_hook_factory(attrs.has, lambda t: _class_unstructure_hook(t, conv))
    return conv


converter: cattrs.Converter = _make_converter()
"""The converter for every model class: strict structuring, tidy unstructuring."""


# -- from cattrs' error trees to located problems -------------------------------------------


def problems_of(exc: BaseException, path: str = "$") -> list[Problem]:
    """Flatten an error raised while structuring the value at *path* into located problems.

    Raises *exc* (or the unexpected error inside it) again when it is not a problem with the
    input but a bug.
    """
    if isinstance(exc, ValidationError):
        return [p.rebased(path) for p in exc.problems]
    if isinstance(exc, ClassValidationError):
        out: list[Problem] = []
        located, unlocated = exc.group_exceptions()
        for sub, note in located:
            if isinstance(sub, KeyError) and sub.args == (note.name,):
                message = f"required key {note.name!r} is missing"
                out.append(Problem(join_path(path, note.name), "missing-key", message))
            else:
                out += problems_of(sub, join_path(path, note.name))
        for sub in unlocated:
            out += _construction_problems(sub, exc.cl, path)
        return out
    if isinstance(exc, IterableValidationError):
        out = []
        located_items, others = exc.group_exceptions()
        for sub, item_note in located_items:
            out += problems_of(sub, join_path(path, item_note.index))
        for sub in others:
            out += problems_of(sub, path)
        return out
    raise exc


def _construction_problems(exc: Exception, cls: type, path: str) -> list[Problem]:
    """Problems raised while building a *cls* from well-typed values (or unknown keys)."""
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in field_order(cls)]
        out = []
        for key in sorted(exc.extra_fields, key=str):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown key {key!r}{hint}"
            out.append(Problem(join_path(path, str(key)), "unknown-key", message))
        return out
    if isinstance(exc, ValidationError):
        return problems_of(exc, path)
    if type(exc) is ValueError:  # an attrs validator: "'staff' must be >= 0: -1"
        match = _FIELD_IN_MESSAGE.match(str(exc))
        names = {a.name for a in attrs.fields(cls)}
        where = join_path(path, match["field"]) if match and match["field"] in names else path
        return [Problem(where, "invalid-value", str(exc))]
    raise exc


def structure_campaign(data: object) -> Campaign:
    """Build a :class:`~campaignkit.model.Campaign` from a parsed document.

    Raises:
        ValidationError: with every problem found, each located by its JSON path.
    """
    if not isinstance(data, Mapping):
        raise _wrong_type("a mapping", data)
    try:
        campaign: Campaign = converter.structure(data, Campaign)
    except (ValidationError, ClassValidationError) as exc:
        raise ValidationError(problems_of(exc)) from None
    return campaign


def unstructure_campaign(campaign: Campaign) -> dict[str, Any]:
    """The document of *campaign*: plain dicts, lists, strings, numbers and booleans.

    Fields equal to their default are left out; dates are ISO strings and times ``HH:MM``.
    """
    data: dict[str, Any] = converter.unstructure(campaign, Campaign)
    return data
