"""A :class:`~campaignkit.scheduling.Schedule` as plain data: dicts (for JSON) and CSV rows.

:func:`schedule_to_dict` keeps the schedule's own shape, so a cascade's shared slots stay
shared and :func:`schedule_from_dict` gives back an equal schedule. Dates and date-times are
ISO 8601 strings (date-times with their UTC offset). :func:`schedule_rows` and
:func:`write_schedule_csv` flatten it to one row per item (occurrence or activity), sorted by
start. :func:`item_records` gives the same items as typed values for JSON: booleans, lists
and ``None`` where the CSV has ``true``, ``a;b`` and empty cells.

>>> import datetime as dt, json
>>> from campaignkit.model import Campaign, Mechanism, Window
>>> from campaignkit.scheduling import schedule
>>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 8)),
...              mechanisms=(Mechanism(id="m", name="M", rule="FREQ=WEEKLY;BYDAY=MO,WE"),))
>>> s = schedule(c)
>>> schedule_from_dict(json.loads(json.dumps(schedule_to_dict(s)))) == s
True
>>> [(r["ref"], r["start"]) for r in schedule_rows(s)]
[('m@2026-03-02', '2026-03-02T09:00:00+00:00'), ('m@2026-03-04', '2026-03-04T09:00:00+00:00')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import IO, Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from campaignkit.io._cells import BOM, Formulas, check_formulas, csv_writer, text_cell
from campaignkit.scheduling import Occurrence, Schedule, ScheduledItem

SCHEDULE_COLUMNS = (
    "kind",
    "ref",
    "subject",
    "unit",
    "day",
    "start",
    "end",
    "rule_date",
    "shifted",
    "placed",
    "participants",
    "venue",
)
"""The columns of the schedule CSV, in order."""

SCHEDULE_FORMAT_VERSION = 1
"""The ``format_version`` of the schedule listing in JSON (``campaignkit schedule --format
json``): raised whenever a key changes meaning or type. Version 1 has typed items
(:func:`item_record`); the unversioned listing before it had the CSV's strings."""


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook(dt.datetime, lambda v, _: dt.datetime.fromisoformat(v))
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))

    def unstructure_factory(cls: type) -> Any:
        return make_dict_unstructure_fn(cls, conv)

    def structure_factory(cls: type) -> Any:
        return make_dict_structure_fn(cls, conv)

    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    conv.register_structure_hook_factory(attrs.has, structure_factory)
    return conv


_converter = _make_converter()


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """*schedule* as a dict of plain values (JSON-ready)."""
    data: dict[str, Any] = _converter.unstructure(schedule)
    return data


def schedule_from_dict(data: dict[str, Any]) -> Schedule:
    """The schedule :func:`schedule_to_dict` wrote."""
    return _converter.structure(data, Schedule)


def schedule_rows(schedule: Schedule) -> Iterator[dict[str, str]]:
    """One row per occurrence and activity, sorted by start then ref (see :data:`SCHEDULE_COLUMNS`)."""
    for item in schedule.between(dt.date.min, dt.date.max):
        yield _row(item)


def write_schedule_csv(
    schedule: Schedule,
    out: IO[str],
    *,
    refs: Collection[str] | None = None,
    roles: Mapping[str, Iterable[str]] | None = None,
    formulas: Formulas = "neutralise",
    bom: bool = False,
) -> int:
    """Write :func:`schedule_rows` to *out* as CSV with a header; return the number of rows.

    Args:
        schedule: What to write.
        out: A text stream.
        refs: Only the items with these refs (all when ``None``).
        roles: A party's roles in each item, by ref: a last column ``roles`` holds them,
            separated by ``;`` (no such column when ``None``).
        formulas: Text that a spreadsheet would run as a formula (it begins with ``=``,
            ``+``, ``-``, ``@``, a tab or a carriage return, such as a name or a venue) is
            written with a leading apostrophe (``"neutralise"``, the default) or as it is
            (``"raw"``); see :mod:`campaignkit.io._records` for how to read it back.
        bom: Begin with a byte-order mark (:data:`~campaignkit.io.BOM`), so that Excel and
            WPS on Chinese Windows read the file as UTF-8.
    """
    policy = check_formulas(formulas)
    if bom:
        out.write(BOM)
    writer = csv_writer(out)
    columns = SCHEDULE_COLUMNS if roles is None else (*SCHEDULE_COLUMNS, "roles")
    writer.writerow(columns)
    count = 0
    for row in schedule_rows(schedule):
        if refs is None or row["ref"] in refs:
            if roles is not None:
                row["roles"] = ";".join(roles.get(row["ref"], ()))
            writer.writerow([text_cell(row[column], policy) for column in columns])
            count += 1
    return count


def item_record(item: ScheduledItem, schedule: Schedule) -> dict[str, Any]:
    """*item* as typed plain values for JSON: the :data:`SCHEDULE_COLUMNS` plus ``name``.

    ``participants`` is a list; ``shifted`` and ``placed`` are booleans; ``unit``,
    ``venue``, ``rule_date``, and whichever of ``shifted`` (activities) and ``placed``
    (occurrences) does not apply are ``None``. Dates and date-times are ISO 8601 strings.

    >>> import datetime as dt
    >>> from campaignkit.model import Campaign, Mechanism, Window
    >>> from campaignkit.scheduling import schedule
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 8)),
    ...              mechanisms=(Mechanism(id="m", name="Meeting", rule="FREQ=WEEKLY;BYDAY=SA",
    ...                                    on_non_working_day="previous_working_day"),))
    >>> s = schedule(c)
    >>> r = item_record(next(s.occurrences()), s)
    >>> (r["name"], r["day"], r["rule_date"], r["shifted"], r["placed"], r["participants"])
    ('Meeting', '2026-03-06', '2026-03-07', True, None, [])
    """
    occurrence = isinstance(item, Occurrence)
    return {
        "kind": "occurrence" if occurrence else "activity",
        "ref": item.ref,
        "subject": item.subject,
        "name": schedule.name_of(item.subject),
        "unit": item.unit,
        "day": item.day.isoformat(),
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "rule_date": item.key.rule_date.isoformat() if isinstance(item, Occurrence) else None,
        "shifted": item.shifted if isinstance(item, Occurrence) else None,
        "placed": None if isinstance(item, Occurrence) else item.placed,
        "participants": list(item.participants),
        "venue": None if isinstance(item, Occurrence) else item.venue,
    }


def item_records(
    schedule: Schedule, items: Iterable[ScheduledItem] | None = None
) -> list[dict[str, Any]]:
    """:func:`item_record` of *items* (by default every item of *schedule*, sorted by start
    then ref), in the order given."""
    chosen = schedule.between(dt.date.min, dt.date.max) if items is None else items
    return [item_record(item, schedule) for item in chosen]


def _row(item: ScheduledItem) -> dict[str, str]:
    occurrence = isinstance(item, Occurrence)
    return {
        "kind": "occurrence" if occurrence else "activity",
        "ref": item.ref,
        "subject": item.subject,
        "unit": item.unit or "",
        "day": item.day.isoformat(),
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "rule_date": item.key.rule_date.isoformat() if isinstance(item, Occurrence) else "",
        "shifted": _flag(item.shifted) if isinstance(item, Occurrence) else "",
        "placed": "" if isinstance(item, Occurrence) else _flag(item.placed),
        "participants": ";".join(item.participants),
        "venue": "" if isinstance(item, Occurrence) else (item.venue or ""),
    }


def _flag(value: bool) -> str:
    return "true" if value else "false"
