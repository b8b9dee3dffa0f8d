"""The JSON Schema (draft 2020-12) of campaign files, generated from the model.

The schema is built by walking the attrs classes of the model, so it cannot drift from the
converter: each class is an object with ``additionalProperties: false`` (unknown keys are
errors), its fields without a default are ``required``, enumerations list their values, dates
are strings of ``format: date`` and times of day strings matching ``HH:MM``. Field validators
that bound a number become ``minimum``/``maximum``.

A schema describes the shape of a document, not the rules that join its parts: a document
that validates can still name an undefined party or a phase cycle, which loading reports.

>>> s = schema()
>>> s["$defs"]["Assignment"]["required"]
['subject', 'party', 'role']
>>> s["$defs"]["Role"]["enum"][:2]
['lead', 'responsible']
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import operator
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from campaignkit.io._convert import DATE_PATTERN, TIME_PATTERN, converter, field_order
from campaignkit.model import Campaign
from campaignkit.model._base import ID_PATTERN, LANGUAGE_PATTERN, Bound, valid_id, valid_language

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of :func:`schema`."""

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    dt.date: {"type": "string", "format": "date", "pattern": DATE_PATTERN},
    dt.time: {"type": "string", "pattern": TIME_PATTERN},
}

_BOUNDS = {">=": "minimum", ">": "exclusiveMinimum", "<=": "maximum", "<": "exclusiveMaximum"}


def schema() -> dict[str, Any]:
    """The JSON Schema of a campaign file, as a dict ready for ``json.dumps``.

    Every file :func:`~campaignkit.io.dump` writes validates against it, and so does every
    file :func:`~campaignkit.io.load` accepts.
    """
    defs: dict[str, Any] = {}
    root = _schema_of(Campaign, defs)
    return {
        "$schema": DIALECT,
        "title": "campaignkit campaign file",
        "description": "A campaign: its window, calendar, parties, phases, assignments, mechanisms and activity series.",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _schema_of(t: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of type *t*; classes and enumerations go to *defs* and are referenced."""
    if t in _SCALARS:
        return dict(_SCALARS[t])
    if isinstance(t, type) and issubclass(t, enum.Enum):
        if t.__name__ not in defs:
            defs[t.__name__] = {
                "description": _summary(t),
                "type": "string",
                "enum": [member.value for member in t],
            }
        return {"$ref": f"#/$defs/{t.__name__}"}
    if attrs.has(t):
        if t.__name__ not in defs:
            defs[t.__name__] = {}  # reserved first: a class may refer to itself
            defs[t.__name__] = _class_schema(t, defs)
        return {"$ref": f"#/$defs/{t.__name__}"}
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        options = [_schema_of(a, defs) for a in args if a is not type(None)]
        return {"anyOf": [*options, {"type": "null"}]}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _schema_of(args[0], defs)}
    if origin is Mapping or origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1], defs)}
    msg = f"no JSON Schema for the type {t!r}"
    raise TypeError(msg)


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for a in field_order(cls):
        prop = _schema_of(a.type, defs)
        prop |= _validator_keywords(a.validator)
        if a.default is attrs.NOTHING:
            required.append(a.name)
        else:
            default: Any = a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs declares Factory as a function
                default = default.factory()
            prop["default"] = converter.unstructure(default, a.type)
        properties[a.name] = prop
    out: dict[str, Any] = {"description": _summary(cls), "type": "object"}
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _validator_keywords(validator: Any) -> dict[str, Any]:
    """JSON Schema keywords for the attrs validators the schema can express."""
    if validator is None:
        return {}
    if validator is valid_id:
        return {"pattern": ID_PATTERN.pattern}
    if validator is valid_language:
        return {"pattern": LANGUAGE_PATTERN.pattern}
    out: dict[str, Any] = {}
    for part in getattr(validator, "_validators", ()):  # attrs' and_()
        out |= _validator_keywords(part)
    if isinstance(validator, Bound):
        out[validator.keyword] = validator.bound
    keyword = _BOUNDS.get(getattr(validator, "compare_op", ""))
    if keyword and getattr(validator, "compare_func", None) in (
        operator.ge,
        operator.gt,
        operator.le,
        operator.lt,
    ):
        out[keyword] = validator.bound
    return out


def _summary(cls: type) -> str:
    """The first paragraph of *cls*'s docstring, on one line."""
    doc = inspect.getdoc(cls) or cls.__name__
    return " ".join(doc.split("\n\n")[0].split())
