"""Exporting a :class:`~campaignkit.tracking.Progress`: plain dicts and JSON, or a flat CSV.

The dict form mirrors the tree field by field (every field, defaults included, so that the
JSON has a stable shape for machines), with dates as ``YYYY-MM-DD``, enumerations by value,
and the derived figures added where they help: ``missed`` and ``rate`` of a tally,
``absent`` and ``rate`` of an attendance rate, ``adherence`` of a mechanism.

The CSV has one row per node of the tree, named by its ``path`` from the root:
``campaign``, ``campaign/phase:study``, ``campaign/phase:study/series:forum``,
``…/series:forum/indicator:ideas``, ``…/indicator:ideas/unit:baisha``, and
``campaign/unit:baisha`` for the campaign-wide ranking of units. A series or mechanism active
in several phases appears under each; one active in no phase sits under ``campaign``. The
progress tree does not hold the names of units nor the campaign's; given the campaign
(``campaign=``), the rows of units and of the campaign carry them in ``name`` too.

A phase row carries the phase's ``state`` (``not_started``, ``in_progress``, ``finished``) and
its exit ``gate`` as a whole (``passed``, ``pending``, ``late``, ``failed``); each gate
condition has a row of its own, ``campaign/phase:study/gate:ideas``, with the indicator's
completion as ``value``, the ``threshold`` it must reach, its completion ``at_end`` of the
phase (once the phase has ended: what judges it) and its ``state``. The JSON has the phase's
``state``, its ``gates`` and their whole as ``gate``.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import math
import os
from collections.abc import Callable, Iterator
from typing import IO, Any, Literal, TypeAlias

import cattrs
from cattrs.gen import make_dict_unstructure_fn

from campaignkit._errors import Problem, Severity
from campaignkit.io._atomic import atomic_text, write_atomic
from campaignkit.io._cells import BOM, Formulas, check_formulas, csv_writer, text_cell
from campaignkit.io._json import json_text
from campaignkit.io._numbers import tidy_floats
from campaignkit.model import Campaign
from campaignkit.tracking import (
    AttendanceRate,
    GateProgress,
    IndicatorProgress,
    MechanismProgress,
    PhaseProgress,
    PhaseShare,
    Progress,
    SeriesProgress,
    Tally,
    UnitIndicatorProgress,
    UnitProgress,
)

PROGRESS_COLUMNS = (
    "path",
    "kind",
    "id",
    "name",
    "weight",
    "completion",
    "planned",
    "spi",
    "status",
    "actual",
    "target",
    "ratio",
    "planned_value",
    "readings",
    "total",
    "due",
    "held",
    "cancelled",
    "missed",
    "adherence",
    "rank",
    "state",
    "gate",
    "value",
    "threshold",
    "at_end",
    "assumed",
    "disagreeing",
)
"""The columns of the flat CSV, in order."""


def _with(extra: Callable[[Any], dict[str, Any]], conv: cattrs.Converter, cls: type) -> None:
    base: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, conv)

    def unstructure(value: Any) -> dict[str, Any]:
        return {**base(value), **extra(value)}

    conv.register_unstructure_hook(cls, unstructure)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(enum.Enum, lambda e: e.value)
    _with(lambda t: {"missed": t.missed, "rate": t.rate}, conv, Tally)
    _with(lambda r: {"absent": r.absent, "rate": r.rate}, conv, AttendanceRate)
    _with(lambda m: {"adherence": m.adherence}, conv, MechanismProgress)
    _with(lambda p: {"gate": p.gate}, conv, PhaseProgress)
    conv.register_unstructure_hook(Problem, _problem)
    return conv


def _problem(p: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {"path": p.path, "code": p.code, "message": p.message}
    out["severity"] = p.severity.value
    for name in ("source", "line", "column"):
        if getattr(p, name) is not None:
            out[name] = getattr(p, name)
    return out


progress_converter: cattrs.Converter = _make_converter()
"""The cattrs converter of progress exports."""


def progress_to_dict(progress: Progress) -> dict[str, Any]:
    """*progress* as plain dicts, lists, strings, numbers, booleans and ``None``.

    Every number is finite, so that the dict is always valid JSON: a figure that overflowed
    a float (the ratio of a reading to a target a hair above its baseline, the planned
    value between a baseline and a target ``1e308`` apart) is written ``None``, and a
    ``not-finite`` warning naming its path is added to ``problems``.
    """
    out: dict[str, Any] = progress_converter.unstructure(progress)
    overflowed: list[str] = []
    out = _finite(out, "$", overflowed)
    for path in overflowed:
        msg = "the figure is too large for a number (it overflowed); written as null"
        warning = Problem(path, "not-finite", msg, Severity.WARNING)
        out["problems"].append(_problem(warning))
    return out


def _finite(value: Any, path: str, overflowed: list[str]) -> Any:
    """*value* with every infinity or NaN made ``None``, its path added to *overflowed*."""
    if isinstance(value, float) and not math.isfinite(value):
        overflowed.append(path)
        return None
    if isinstance(value, dict):
        return {k: _finite(v, f"{path}.{k}", overflowed) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v, f"{path}[{i}]", overflowed) for i, v in enumerate(value)]
    return value


def progress_to_json(progress: Progress, *, indent: int | None = 2) -> str:
    """*progress* as JSON text (UTF-8 characters kept as they are), floats rounded to
    :data:`~campaignkit.io.JSON_SIGNIFICANT_DIGITS` significant digits; always valid
    JSON (see :func:`progress_to_dict`)."""
    return json_text(tidy_floats(progress_to_dict(progress)), indent=indent)


def progress_rows(
    progress: Progress, *, campaign: Campaign | None = None
) -> Iterator[dict[str, Any]]:
    """One flat row per node of the tree (see :data:`PROGRESS_COLUMNS`), root first.

    With *campaign* (the one measured), the rows of units and the campaign's own row have
    their names in ``name``; without it, that column is empty for them.
    """
    rows = _tree_rows(progress)
    if campaign is None:
        yield from rows
        return
    names = {u.id: u.name for u in campaign.units}
    names[campaign.id] = campaign.name
    for row in rows:
        if row["kind"] in _NAMED_KINDS and not row["name"]:
            row["name"] = names.get(row["id"], "")
        yield row


_NAMED_KINDS = frozenset({"campaign", "unit", "indicator-unit"})


def _tree_rows(progress: Progress) -> Iterator[dict[str, Any]]:
    root = "campaign"
    yield _row(root, "campaign", progress.campaign, "", progress)
    in_a_phase: set[str] = set()
    for phase in progress.phases:
        path = f"{root}/phase:{phase.id}"
        yield _row(path, "phase", phase.id, phase.name, phase)
        for gate in phase.gates:
            yield _row(f"{path}/gate:{gate.indicator}", "gate", gate.indicator, "", gate)
        # a member that lists no phase or several: its share here; its own figures under
        # the campaign
        shared = {share.id for share in phase.shares}
        for share in phase.shares:
            yield _row(f"{path}/share:{share.id}", "share", share.id, share.name, share)
        members: list[SeriesProgress | MechanismProgress] = [*phase.series, *phase.mechanisms]
        for item in members:
            if item.id not in shared:
                in_a_phase.add(item.id)
                yield from _item_rows(path, item)
    items: list[SeriesProgress | MechanismProgress] = [*progress.mechanisms, *progress.series]
    for item in items:
        if item.id not in in_a_phase:
            yield from _item_rows(root, item)
    for unit in progress.units:
        yield _unit_row(f"{root}/unit:{unit.unit}", unit)


def _item_rows(parent: str, item: SeriesProgress | MechanismProgress) -> Iterator[dict[str, Any]]:
    kind: _RowKind = "series" if isinstance(item, SeriesProgress) else "mechanism"
    path = f"{parent}/{kind}:{item.id}"
    row = _row(path, kind, item.id, item.name, item)
    tally = item.activities if isinstance(item, SeriesProgress) else item.occurrences
    if tally is not None:
        row.update(_tally(tally))
    yield row
    for ind in item.indicators:
        yield from _indicator_rows(path, ind)
    for unit in item.units:
        yield _unit_row(f"{path}/unit:{unit.unit}", unit)


def _indicator_rows(parent: str, ind: IndicatorProgress) -> Iterator[dict[str, Any]]:
    path = f"{parent}/indicator:{ind.id}"
    yield _row(path, "indicator", ind.id, ind.name, ind)
    for unit in ind.units:
        yield _row(f"{path}/unit:{unit.unit}", "indicator-unit", unit.unit, "", unit)


def _unit_row(path: str, unit: UnitProgress) -> dict[str, Any]:
    row = _row(path, "unit", unit.unit, "", unit)
    row["rank"] = unit.rank
    if unit.tally is not None:
        row.update(_tally(unit.tally))
    return row


def _tally(t: Tally) -> dict[str, Any]:
    figures = (t.total, t.due, t.held, t.cancelled, t.missed, t.rate)
    return dict(zip(_TALLY_COLUMNS, figures, strict=True))


_Node = (
    Progress
    | PhaseProgress
    | PhaseShare
    | GateProgress
    | SeriesProgress
    | MechanismProgress
    | IndicatorProgress
    | UnitIndicatorProgress
    | UnitProgress
)


_RowKind: TypeAlias = Literal[
    "campaign",
    "phase",
    "gate",
    "share",
    "series",
    "mechanism",
    "indicator",
    "indicator-unit",
    "unit",
]
"""What a row of the progress table is (its ``kind`` column)."""


def _row(path: str, kind: _RowKind, id: str, name: str, node: _Node) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(PROGRESS_COLUMNS)
    row.update(path=path, kind=kind, id=id, name=name)
    for column in _NODE_COLUMNS:
        value = getattr(node, column, None)
        if isinstance(value, enum.Enum):
            value = value.value
        if value is not None and not callable(value):
            row[column] = value
    return row


_TALLY_COLUMNS = ("total", "due", "held", "cancelled", "missed", "adherence")
"""The columns of a row's tally (:func:`_tally`)."""
_NODE_COLUMNS = tuple(
    c for c in PROGRESS_COLUMNS if c not in ("path", "kind", "id", "name", *_TALLY_COLUMNS)
)
"""The columns of a row read from its node's attribute of the same name."""


def progress_to_csv(
    progress: Progress,
    *,
    campaign: Campaign | None = None,
    formulas: Formulas = "neutralise",
    bom: bool = False,
) -> str:
    """The flat CSV of *progress* as text (units named when *campaign* is given).

    *formulas* says what to do with text that a spreadsheet would run as a formula (a name
    that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return): write it with a
    leading apostrophe (``"neutralise"``, the default) or as it is (``"raw"``). Numbers,
    negative ones included, are never changed. With *bom* the text begins with a byte-order
    mark (:data:`~campaignkit.io.BOM`), so that Excel and WPS on Chinese Windows read the
    file as UTF-8.
    """
    buffer = io.StringIO()
    _write_csv(progress, buffer, campaign, check_formulas(formulas), bom)
    return buffer.getvalue()


def _write_csv(
    progress: Progress, stream: IO[str], campaign: Campaign | None, formulas: Formulas, bom: bool
) -> None:
    if bom:
        stream.write(BOM)
    writer = csv_writer(stream)
    writer.writerow(PROGRESS_COLUMNS)
    for row in progress_rows(progress, campaign=campaign):
        writer.writerow([_cell(row[k], formulas) for k in PROGRESS_COLUMNS])


def _cell(value: Any, formulas: Formulas) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # a number: never neutralised
    if isinstance(value, int):
        return str(value)
    return text_cell(str(value), formulas)


def write_progress_csv(
    progress: Progress,
    path: str | os.PathLike[str],
    *,
    campaign: Campaign | None = None,
    formulas: Formulas = "neutralise",
    bom: bool = False,
) -> None:
    """Write the flat CSV to *path*, atomically (a reader never sees half a file); units
    are named when *campaign* is given; *formulas* and *bom* as for :func:`progress_to_csv`."""
    policy = check_formulas(formulas)
    with atomic_text(path) as stream:
        _write_csv(progress, stream, campaign, policy, bom)


def write_progress_json(progress: Progress, path: str | os.PathLike[str]) -> None:
    """Write the JSON to *path*, atomically."""
    write_atomic(path, progress_to_json(progress) + "\n")
