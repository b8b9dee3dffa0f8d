"""Records (台账): what happened, as a campaign office writes it down.

Three kinds of record make a ledger:

- :class:`Held` — an activity or an occurrence of a mechanism took place on a day, with who
  was present, absent or excused;
- :class:`Cancelled` — an occurrence or an activity was called off;
- :class:`Reading` — an indicator's value on a day, as an increment or a running total.

Every record has an ``id``. Ingest is idempotent by id: the same record read twice counts once.
Where a source gives no id, one is derived from the record's content (a short BLAKE2 hash of
its canonical form), so that reading the same file twice still counts each row once.

>>> import datetime as dt
>>> r = Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=103)
>>> r.id, r.value
('reading-95dc3359c5918663', 103.0)
>>> Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=103) == r
True

A :class:`Ledger` is an ordered, immutable collection of records.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, TypeAlias, overload

import attrs

from campaignkit._errors import Problem, RecordError
from campaignkit._text import UNSEEN_CLASS, unseen_name
from campaignkit.model._base import MAX_VALUE  # readings are bounded as targets are

MAX_ID = 256
"""The longest record id, in characters."""

CONTROLS: Final = re.compile(f"[{UNSEEN_CLASS}]")
"""What no record id, name or party id holds: a control character, a line separator or an
invisible format character (:data:`campaignkit._text.UNSEEN_CLASS`)."""


class Mode(enum.StrEnum):
    """How a reading's value is meant.

    ``increment``: the amount added since the previous reading (10 more suggestions).
    ``cumulative``: the running total or level as of the reading's day (150 suggestions so far).
    Indicators that ``sum`` or ``count`` take increments; indicators that take the ``last`` or
    the ``max`` reading take cumulative values. A reading that leaves its mode out takes the
    one its indicator expects.
    """

    INCREMENT = "increment"
    CUMULATIVE = "cumulative"


def _bad(field: str, code: str, message: str) -> RecordError:
    return RecordError([Problem(f"$.{field}", code, message)])


def _check_day(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"{attribute.name!r} must be a date such as 2010-02-24 (got {value!r})"
        raise _bad(attribute.name, "invalid-date", msg)


def _check_encodable(name: str, value: str) -> None:
    """Refuse text that no file can hold: a lone surrogate (from ``"\\ud800"`` in JSON, say)
    cannot be written as UTF-8, nor hashed into an id."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            msg = (
                f"{name!r} holds a lone surrogate (U+{ord(value[exc.start]):04X} at character "
                f"{exc.start + 1}), which is not text any file can hold"
            )
            raise RecordError([Problem(f"$.{name}", "bad-text", msg)]) from None


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, str) and value.strip():
        _check_controls(attribute.name, value)  # named first: ``r5\x1c`` has no space
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        msg = f"{attribute.name!r} must be a non-empty string without surrounding spaces (got {value!r})"
        raise _bad(attribute.name, "invalid-value", msg)
    _check_encodable(attribute.name, value)


def _check_controls(name: str, value: str) -> None:
    """Refuse a control character (C0, C1, DEL), a line separator or an invisible format
    character in an id or a name: unseen, it would make ``r5`` and ``\\x00r5`` (or ``r5``
    with a zero-width space) two records, or a name that no campaign element has."""
    found = CONTROLS.search(value)
    if found is not None:
        msg = (
            f"{name!r} must not hold {unseen_name(found[0])} (at character "
            f"{found.start() + 1}; got {value!r})"
        )
        raise _bad(name, "invalid-value", msg)


def _check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_text(instance, attribute, value)


def _check_note(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise _bad(attribute.name, "invalid-value", f"'note' must be text (got {value!r})")
    if value is not None:
        _check_encodable(attribute.name, value)


def _check_flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name!r} must be true or false (got {value!r})"
        raise _bad(attribute.name, "invalid-value", msg)


def _check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_text(instance, attribute, value)
    if len(value) > MAX_ID:
        msg = f"'id' must be at most {MAX_ID} characters (got {len(value)})"
        raise _bad("id", "invalid-value", msg)


def _parties(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _check_parties(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for i, party in enumerate(value):
        if not isinstance(party, str) or not party or party != party.strip():
            msg = f"{attribute.name!r} lists party ids (got {party!r})"
            raise RecordError([Problem(f"$.{attribute.name}[{i}]", "invalid-value", msg)])
        _check_encodable(attribute.name, party)
        _check_controls(attribute.name, party)


def _to_value(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value  # the validator reports it
    try:
        return float(value) + 0.0  # + 0.0 turns -0.0 into 0.0: equal values, equal ids
    except OverflowError:
        return value


def _check_value(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, float):
        raise _bad("value", "invalid-value", f"'value' must be a number (got {value!r})")
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        msg = f"'value' must be finite and at most {MAX_VALUE:g} in magnitude (got {value!r})"
        raise _bad("value", "invalid-value", msg)


def _optional_mode(value: Any) -> Mode | None:
    if value is None or isinstance(value, Mode):
        return value
    try:
        return Mode(value)
    except ValueError:
        msg = f"'mode' must be 'increment' or 'cumulative' (got {value!r})"
        raise _bad("mode", "invalid-value", msg) from None


def canonical(record: Record) -> str:
    """The canonical text of a record's content, everything but its id.

    Two records with the same canonical text say the same thing. Derived ids hash it.

    >>> import datetime as dt
    >>> canonical(Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=5, unit="baisha"))
    '["reading","ideas","2010-03-01","baisha",5.0,null,null,false]'
    """
    fields: list[Any]
    if isinstance(record, Reading):
        mode = record.mode.value if record.mode else None
        fields = ["reading", record.indicator, record.date.isoformat(), record.unit]
        fields += [record.value, mode, record.note, record.assumed]
    elif isinstance(record, Held):
        fields = ["held", record.subject, record.date.isoformat(), record.unit]
        fields += [list(record.present), list(record.absent), list(record.excused)]
        fields += [record.note, record.assumed]
    else:
        fields = ["cancelled", record.subject, record.date.isoformat(), record.unit]
        fields += [record.note, record.assumed]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def derive_id(record: Record) -> str:
    """A deterministic id for *record*: its kind and 16 hex digits of a hash of its content.

    Different content gives different canonical text, hashed whole (text that UTF-8 cannot
    encode included, byte for byte), so two records share a derived id only when they say
    the same thing (or, with odds of one in 2**64, by chance).
    """
    data = canonical(record).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(data, digest_size=8).hexdigest()
    return f"{kind_of(record)}-{digest}"


def _derived(self: Any) -> str:
    try:
        return derive_id(self)
    except (AttributeError, TypeError, ValueError):
        # a field is bad and its validator (which runs first) says which; an empty id could
        # never pass its own, so no record is ever made with an id shared by such records
        return ""


@attrs.frozen(kw_only=True)
class Held:
    """An activity or an occurrence took place.

    Attributes:
        subject: What was held: an occurrence key (``weekly@2010-02-22``,
            ``patrol/baisha@2010-03-01``), an activity ref (``forum-1``, ``visit/baisha``), or
            a mechanism id (the occurrence on ``date`` is meant; for a standing mechanism, a
            session of its own).
        date: The day it took place.
        unit: The unit that held it, for cascades (may also be written into the subject).
        present: Party ids present (a group or a unit stands for its people).
        absent: Party ids absent without excuse.
        excused: Party ids excused (请假).
        note: Free text.
        assumed: ``True`` when the record is a guess rather than a fact of the source.
        id: The record id; derived from the content when not given.
    """

    subject: str = attrs.field(validator=_check_text)
    date: dt.date = attrs.field(validator=_check_day)
    unit: str | None = attrs.field(default=None, validator=_check_optional_text)
    present: tuple[str, ...] = attrs.field(default=(), converter=_parties, validator=_check_parties)
    absent: tuple[str, ...] = attrs.field(default=(), converter=_parties, validator=_check_parties)
    excused: tuple[str, ...] = attrs.field(default=(), converter=_parties, validator=_check_parties)
    note: str | None = attrs.field(default=None, validator=_check_note)
    assumed: bool = attrs.field(default=False, validator=_check_flag)
    id: str = attrs.field(default=attrs.Factory(_derived, takes_self=True), validator=_check_id)

    @property
    def attendance_taken(self) -> bool:
        """``True`` when the record says who was there (any of the three lists is given)."""
        return bool(self.present or self.absent or self.excused)


@attrs.frozen(kw_only=True)
class Cancelled:
    """An occurrence or an activity was called off (the subject is written as for :class:`Held`).

    ``date`` is the day the cancellation was recorded; the reason goes in ``note``.
    """

    subject: str = attrs.field(validator=_check_text)
    date: dt.date = attrs.field(validator=_check_day)
    unit: str | None = attrs.field(default=None, validator=_check_optional_text)
    note: str | None = attrs.field(default=None, validator=_check_note)
    assumed: bool = attrs.field(default=False, validator=_check_flag)
    id: str = attrs.field(default=attrs.Factory(_derived, takes_self=True), validator=_check_id)


@attrs.frozen(kw_only=True)
class Reading:
    """A value of an indicator on a day.

    Attributes:
        indicator: The indicator id.
        date: The day the value refers to.
        value: A finite number (at most :data:`MAX_VALUE` in magnitude).
        unit: The unit the value belongs to, for a cascaded indicator; for a non-cascaded
            indicator that sums or counts, the unit that contributed it.
        mode: ``increment`` or ``cumulative``; ``None`` takes the indicator's own
            (see :class:`Mode`).
        note: Free text, e.g. ``"150+"`` when the source gives a lower bound.
        assumed: ``True`` when the figure is a guess rather than a fact of the source.
        id: The record id; derived from the content when not given.
    """

    indicator: str = attrs.field(validator=_check_text)
    date: dt.date = attrs.field(validator=_check_day)
    value: float = attrs.field(converter=_to_value, validator=_check_value)
    unit: str | None = attrs.field(default=None, validator=_check_optional_text)
    mode: Mode | None = attrs.field(default=None, converter=_optional_mode)
    note: str | None = attrs.field(default=None, validator=_check_note)
    assumed: bool = attrs.field(default=False, validator=_check_flag)
    id: str = attrs.field(default=attrs.Factory(_derived, takes_self=True), validator=_check_id)


Record: TypeAlias = Held | Cancelled | Reading
"""Any record of a ledger."""

_KINDS: dict[type[Any], str] = {Held: "held", Cancelled: "cancelled", Reading: "reading"}


def kind_of(record: Record) -> str:
    """The kind of *record* as files write it: ``held``, ``cancelled`` or ``reading``."""
    return _KINDS[type(record)]


def _as_tuple(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(records)


@attrs.frozen
class Ledger(Sequence[Record]):
    """An ordered, immutable collection of records (台账).

    Order is the order of recording; it never changes a result (results depend on record
    content and ids only), but it is kept so that a ledger written out reads as it came in.
    Records with the same id are all kept here: idempotency is applied when progress is
    computed or records are stored.

    >>> import datetime as dt
    >>> ledger = Ledger([Held(subject="forum-1", date=dt.date(2010, 2, 24))])
    >>> len(ledger + [Reading(indicator="ideas", date=dt.date(2010, 3, 1), value=5)])
    2
    """

    records: tuple[Record, ...] = attrs.field(converter=_as_tuple, default=())

    def __attrs_post_init__(self) -> None:
        for i, record in enumerate(self.records):
            if type(record) not in _KINDS:
                msg = f"a ledger holds Held, Cancelled and Reading records (got {type(record).__name__})"
                raise RecordError([Problem(f"$[{i}]", "invalid-record", msg)])

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Ledger: ...
    def __getitem__(self, index: int | slice) -> Record | Ledger:
        if isinstance(index, slice):
            return Ledger(self.records[index])
        return self.records[index]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __add__(self, other: Iterable[Record]) -> Ledger:
        return Ledger((*self.records, *other))

    def between(self, first: dt.date, last: dt.date) -> Ledger:
        """The records dated ``first .. last`` (inclusive), in ledger order."""
        return Ledger(r for r in self.records if first <= r.date <= last)

    def of_kind(self, kind: type[Record]) -> Ledger:
        """The records of one kind (``Held``, ``Cancelled`` or ``Reading``), in ledger order."""
        return Ledger(r for r in self.records if isinstance(r, kind))
