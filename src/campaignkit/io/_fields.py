"""Records as flat fields, the way files and tables hold them.

:func:`record_from_fields` builds a record from one row (strings from CSV, JSON values from
JSON Lines, columns of a database); :func:`record_to_fields` goes back. The readers in
:mod:`campaignkit.io._records` and the :class:`~campaignkit.io.SQLiteStore` share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from campaignkit._errors import Problem, RecordError
from campaignkit._text import unseen_name
from campaignkit.io._hints import date_hint, value_hint
from campaignkit.tracking import Cancelled, Held, Reading, Record, kind_of
from campaignkit.tracking._intake import decimal, strict_date
from campaignkit.tracking._records import CONTROLS

FIELDS = (
    "id",
    "kind",
    "date",
    "subject",
    "indicator",
    "unit",
    "value",
    "mode",
    "present",
    "absent",
    "excused",
    "note",
    "assumed",
)
"""Every field a record row may have, in the order writers put them."""

SPACES: Final = " \t"
"""What a field is trimmed of at both ends: ASCII spaces and tabs, as a blank line holds.
Nothing else: ``str.strip`` would take off the separators ``\\x1c`` .. ``\\x1f``, NEL
(``\\x85``), no-break and ideographic spaces and line separators too, and read ``12\\x1c``
as 12; such a field is refused as any other bad value, with its place (a control character
named as such)."""

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}
_PARTY_FIELDS = ("present", "absent", "excused")
_ONLY_FOR = {
    "value": "reading",
    "mode": "reading",
    "present": "held",
    "absent": "held",
    "excused": "held",
}


class RowError(Exception):
    """One bad field of a row: the readers turn it into a located problem."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


def _text(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(name, "invalid-value", f"{name!r} must be text (got {value!r})")
    value = value.strip(SPACES)
    return value or None


def _why(text: str) -> str:
    """Why *text* is not what its field takes, where a glance at it may not tell: the
    character it holds that the screen does not show (``CONTROLS``, as ids and names
    refuse them), or nothing."""
    found = CONTROLS.search(text)
    if found is None:
        return ""
    return f" (it holds {unseen_name(found[0])} at character {found.start() + 1})"


def _date(fields: Mapping[str, Any]) -> dt.date:
    text = _text(fields, "date")
    if text is None:
        raise RowError("date", "missing-field", "'date' is required")
    day = strict_date(text)
    if day is None:
        msg = f"{text!r} is not a date such as 2010-02-24{_why(text) or date_hint(text)}"
        raise RowError("date", "invalid-date", msg)
    return day


def _number(fields: Mapping[str, Any]) -> float:
    value = fields.get("value")
    if isinstance(value, str):
        value = value.strip(SPACES)
        if not value:
            raise RowError("value", "missing-field", "a reading needs a 'value'")
        number = decimal(value)
        if number is None:
            msg = f"{value!r} is not a number{_why(value) or value_hint(value)}"
            raise RowError("value", "invalid-value", msg)
        return number
    if value is None:
        raise RowError("value", "missing-field", "a reading needs a 'value'")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowError("value", "invalid-value", f"'value' must be a number (got {value!r})")
    return float(value)


def _flag(fields: Mapping[str, Any]) -> bool:
    value = fields.get("assumed")
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip(SPACES).lower() in _TRUE | _FALSE:
        return value.strip(SPACES).lower() in _TRUE
    msg = f"'assumed' must be true or false (got {value!r})"
    raise RowError("assumed", "invalid-value", msg)


def _parties(fields: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = fields.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip(SPACES) for p in value.split(";") if p.strip(SPACES))
    if isinstance(value, list) and all(isinstance(p, str) and p.strip(SPACES) for p in value):
        return tuple(p.strip(SPACES) for p in value)
    msg = f"{name!r} must list party ids (got {value!r})"
    raise RowError(name, "invalid-value", msg)


def _kind(fields: Mapping[str, Any]) -> str:
    kind = _text(fields, "kind")
    if kind is None:
        if _text(fields, "indicator") or _present(fields, "value"):
            return "reading"
        if _text(fields, "subject"):
            return "held"
        msg = "cannot tell the kind of record: give 'kind', or a 'subject' or an 'indicator'"
        raise RowError("kind", "missing-field", msg)
    if kind not in ("held", "cancelled", "reading"):
        msg = f"'kind' must be held, cancelled or reading (got {kind!r})"
        raise RowError("kind", "unknown-kind", msg)
    return kind


def _present(fields: Mapping[str, Any], name: str) -> bool:
    value = fields.get(name)
    if isinstance(value, str):
        return bool(value.strip(SPACES))
    if isinstance(value, list):
        return bool(value)
    return value is not None and value is not False


def record_from_fields(fields: Mapping[str, Any]) -> Record:
    """Build a record from one row's fields (strings from CSV, JSON values from JSON Lines).

    Raises:
        RecordError: one problem naming the bad field (``$.value``), without location.
    """
    try:
        return build_record(fields)
    except RowError as exc:
        raise RecordError([Problem(f"$.{exc.field}", exc.code, exc.message)]) from None


def derives_id(fields: Mapping[str, Any]) -> bool:
    """Whether the record built from *fields* has an id derived from its content: the row
    gives none (so a problem about the record is placed by where the row was read)."""
    value = fields.get("id")
    return not (isinstance(value, str) and value.strip(SPACES))


def build_record(fields: Mapping[str, Any]) -> Record:
    """Build a record from one row's fields; raise :class:`RowError` naming the bad field."""
    kind = _kind(fields)
    for name, only in _ONLY_FOR.items():
        if only != kind and _present(fields, name):
            msg = f"{name!r} belongs to {only} records, not to a {kind} record"
            raise RowError(name, "unexpected-field", msg)
    common: dict[str, Any] = {
        "date": _date(fields),
        "unit": _text(fields, "unit"),
        "note": _note(fields),
        "assumed": _flag(fields),
    }
    given_id = _text(fields, "id")
    if given_id is not None:
        common["id"] = given_id
    subject, indicator = _text(fields, "subject"), _text(fields, "indicator")
    try:
        if kind == "reading":
            if indicator and subject and indicator != subject:
                msg = f"'indicator' {indicator!r} and 'subject' {subject!r} disagree"
                raise RowError("indicator", "conflicting-fields", msg)
            indicator = indicator or subject
            if indicator is None:
                raise RowError("indicator", "missing-field", "a reading needs an 'indicator'")
            mode = _text(fields, "mode")
            return Reading(indicator=indicator, value=_number(fields), mode=mode, **common)
        if indicator is not None:
            msg = f"'indicator' belongs to reading records, not to a {kind} record"
            raise RowError("indicator", "unexpected-field", msg)
        if subject is None:
            raise RowError("subject", "missing-field", f"a {kind} record needs a 'subject'")
        if kind == "held":
            present, absent, excused = (_parties(fields, name) for name in _PARTY_FIELDS)
            return Held(subject=subject, present=present, absent=absent, excused=excused, **common)
        return Cancelled(subject=subject, **common)
    except RecordError as exc:
        problem = exc.problems[0]
        raise RowError(
            problem.path.removeprefix("$.").split("[")[0], problem.code, problem.message
        ) from None


def _note(fields: Mapping[str, Any]) -> str | None:
    value = fields.get("note")
    if value is None or (isinstance(value, str) and not value.strip(SPACES)):
        return None
    if not isinstance(value, str):
        raise RowError("note", "invalid-value", f"'note' must be text (got {value!r})")
    return value


def record_to_fields(record: Record) -> dict[str, Any]:
    """The fields of *record* as JSON values, leaving out empty ones (``id``, ``kind`` and
    ``date`` are always there).

    >>> import datetime as dt
    >>> record_to_fields(Held(subject="weekly@2010-03-01", date=dt.date(2010, 3, 1), id="h1", present=("yu",)))
    {'id': 'h1', 'kind': 'held', 'date': '2010-03-01', 'subject': 'weekly@2010-03-01', 'present': ['yu']}
    """
    out: dict[str, Any] = {
        "id": record.id,
        "kind": kind_of(record),
        "date": record.date.isoformat(),
    }
    if isinstance(record, Reading):
        out["indicator"] = record.indicator
    else:
        out["subject"] = record.subject
    if record.unit is not None:
        out["unit"] = record.unit
    if isinstance(record, Reading):
        out["value"] = int(record.value) if record.value.is_integer() else record.value
        if record.mode is not None:
            out["mode"] = record.mode.value
    if isinstance(record, Held):
        for name in _PARTY_FIELDS:
            if getattr(record, name):
                out[name] = list(getattr(record, name))
    if record.note is not None:
        out["note"] = record.note
    if record.assumed:
        out["assumed"] = True
    return out
