"""Ledgers held in a Dask dataframe (a Parquet dataset, say) folded into one accumulator.

Each partition of the frame is folded by a worker into an
:class:`~campaignkit.tracking.Accumulator` of its own, and the accumulators are merged in a
tree (:func:`~campaignkit.integrations.merge_parts`); the result is the accumulator one
process folding every row in turn would have built.

Each row goes through the rules of a row of a CSV ledger: its values are made the text a
CSV cell would hold (see :func:`fold_ledger_frame`), a plain reading then goes the CSV
reader's fast lane, any other row :func:`~campaignkit.io.record_from_fields`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import numbers
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from campaignkit._errors import Problem, RecordError, ValidationError, join_path
from campaignkit.integrations._dask import (
    FoldSpec,
    check_whole,
    dask_module,
    empty_accumulator,
    merge_parts,
)
from campaignkit.io import FIELDS, MAX_FIELD, record_from_fields, restore_cell
from campaignkit.io._fields import derives_id
from campaignkit.io._records import BLANK, column_positions, fast_lane, invisible_only
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Accumulator, Origin

if TYPE_CHECKING:
    import dask.dataframe
    from dask.delayed import Delayed

_MIDNIGHT = dt.time(0)


def fold_ledger_frame(
    frame: dask.dataframe.DataFrame,
    campaign: Campaign,
    schedule: Schedule,
    *,
    days: Iterable[Any] | None = None,
    unique_ids: bool = True,
    split_every: int = 8,
    name: str = "<frame>",
) -> Delayed:
    """A Dask task graph folding the ledger rows of *frame* into one accumulator.

    Compute it on the cluster of your choice, as :func:`fold_ledger_files`; the result is
    the :class:`~campaignkit.tracking.Accumulator` that folding every row of every partition
    in turn, in one process, gives. A Parquet dataset is read with
    :func:`dask.dataframe.read_parquet` (its columns, filters and storage options are
    Dask's), and folded as a frame.

    A row is a ledger row: its columns are the fields of a CSV ledger (``id``, ``kind``,
    ``date``, …: :data:`~campaignkit.io.FIELDS`), and each row goes through the rules a CSV
    row goes through (:func:`~campaignkit.io.record_from_fields`). A typed value is read as
    the text a CSV cell would hold for it, the text :func:`~campaignkit.io.write_records`
    writes:

    - text as it is (a neutralised cell such as ``'=1+1`` restored, as the CSV reader
      restores it: :func:`~campaignkit.io.restore_cell`);
    - a missing value (``None``, NaN, ``pandas.NA``, ``NaT``) as an empty cell;
    - ``True`` and ``False`` as ``true`` and ``false``;
    - a whole number as its digits (``12``); any other number as Python writes the float
      (``2.5``, ``4.0``, ``1e+20``; infinity as ``inf``, which is refused as no number); a
      ``decimal.Decimal`` as its text;
    - a :class:`datetime.date` as ``YYYY-MM-DD``; a timestamp (:class:`datetime.datetime`,
      ``pandas.Timestamp``) that is naive and at midnight as its day (what a ``date``
      column read as ``datetime64`` holds); any other timestamp as its ISO text, which is
      refused (``invalid-date``) rather than cut to a day in a time zone that would have to
      be guessed;
    - a list (a Parquet list column: an array) as a list, which the attendance fields
      (``present``, ``absent``, ``excused``) take as party ids, as in JSON Lines.

    Any other value (bytes, a duration, a mapping) is refused (``invalid-value``). A row
    whose every cell is missing or blank is no record, as a blank line of a CSV file is
    none; one whose cells hold nothing but invisible characters (a no-break or zero-width
    space) is one ``bad-text`` problem naming them, as such a line of a CSV file is one
    problem. A bad row is reported, never dropped: at ``$.partitions[K].rows[I].field``, K
    being the partition and I the row's position in it
    (``frame.partitions[K].compute().iloc[I]``), with *name* as the problem's source.

    Args:
        frame: The ledger, one row a record, one column a field. Its index is not read.
        campaign: The campaign.
        schedule: Its schedule.
        days: The as-of days results will be asked for; every day of the window by default.
        unique_ids: Whether ids are trusted (the default) or checked, as for
            :func:`fold_ledger_files`.
        split_every: How many accumulators one task merges.
        name: How problems name the frame (their ``source``).

    Raises:
        ValidationError: ``missing-extra`` when Dask's dataframes are not installed,
            ``invalid-value`` for a *frame* that is not a Dask DataFrame or a *split_every*
            that is not a whole number from 2.
        RecordError: before any task runs, with every problem of the frame's columns:
            ``unknown-field`` for a column that is no record field, ``duplicate-field``
            for one named twice, ``missing-field`` without a ``date`` column,
            ``indexed-field`` for an index named like a field (make it a column with
            ``frame.reset_index()``).

    >>> import pandas as pd, dask.dataframe as dd
    >>> from campaignkit.model import Campaign, Indicator, ActivitySeries, Window
    >>> from campaignkit.scheduling import schedule
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31)),
    ...              series=(ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="Ideas", target=10),)),))
    >>> rows = pd.DataFrame({"id": ["a", "b", "c"], "indicator": "ideas", "value": [3, 4, float("nan")],
    ...                      "date": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04"])})
    >>> acc = fold_ledger_frame(dd.from_pandas(rows, npartitions=2), c, schedule(c)).compute(scheduler="sync")
    >>> status = acc.result(dt.date(2026, 3, 31))
    >>> status.indicator("ideas").actual
    7.0
    >>> print(status.problems[0])
    <frame>: $.partitions[1].rows[0].value: a reading needs a 'value' [missing-field]
    """
    dask = dask_module()
    frames = _dataframes()
    if not isinstance(frame, frames.DataFrame):
        msg = f"frame must be a Dask DataFrame (got {type(frame).__name__})"
        if type(frame).__name__ == "DataFrame":
            msg += ": make one with dask.dataframe.from_pandas(frame, npartitions=...)"
        raise ValidationError([Problem("$.frame", "invalid-value", msg)])
    check_whole("split_every", split_every, 2)
    _check_columns(list(frame.columns), frame.index.name, name)
    shared = FoldSpec.of(campaign, schedule, days, unique_ids).task()
    fold = dask.delayed(_fold_partition, pure=True)
    parts = [fold(shared, part, k, name) for k, part in enumerate(_partitions(frame))]
    return merge_parts(parts, split_every=split_every)


def _dataframes() -> Any:
    """The ``dask.dataframe`` module, or a clear error saying how to install it."""
    try:
        import dask.dataframe
    except ImportError:
        msg = (
            "folding a dataframe needs Dask's dataframes: python -m pip install 'campaignkit[dask]'"
        )
        raise ValidationError([Problem("$", "missing-extra", msg)]) from None
    return dask.dataframe


def _partitions(frame: Any) -> list[Delayed]:
    """One task per partition of *frame*, computing to it as a pandas DataFrame."""
    return list(frame.to_delayed())


def _check_columns(columns: Sequence[object], index: object, name: str) -> None:
    """Refuse a frame whose columns a CSV ledger's header could not have, with every
    problem: the same ones, with the same messages, as the CSV reader reports of a header."""
    problems = [problem.located(name) for _, problem in column_positions(columns, "frame")[1]]
    if index in FIELDS:
        msg = (
            f"the index is named {index!r} and is not read: make it a column (frame.reset_index())"
        )
        problems.append(Problem("$.index", "indexed-field", msg, source=name))
    if problems:
        raise RecordError(problems)


def _fold_partition(spec: FoldSpec, frame: Any, k: int, name: str) -> Accumulator:
    """Fold partition *k* (a pandas DataFrame) into an accumulator of its own, each bad row
    reported at its place.

    The cells are made text a column at a time; then each row goes the way a CSV row goes:
    a plain reading straight into the accumulator (:func:`~campaignkit.io._records.fast_lane`),
    any other row made a record (or a problem) by :func:`~campaignkit.io.record_from_fields`.
    """
    import pandas  # type: ignore[import-untyped]  # pandas ships no types (pandas-stubs apart)

    acc = empty_accumulator(spec)
    columns = [str(c) for c in frame.columns]
    cells = [_cells(frame.iloc[:, j].tolist(), pandas.NA) for j in range(len(columns))]
    all_text = all(texts for _, texts in cells)
    fast = fast_lane({c: j for j, c in enumerate(columns)}, acc)
    problems: list[Problem] = []
    origins: dict[str, Origin] = {}  # where the records of derived ids were
    for i, row in enumerate(zip(*(column for column, _ in cells), strict=True)):
        if (all_text or all(type(c) is str for c in row)) and fast(row):
            continue
        where = f"$.partitions[{k}].rows[{i}]"
        refused = next(
            ((c, r) for c, r in zip(columns, row, strict=True) if type(r) is _Refused), None
        )
        if refused is not None:
            column, why = refused
            problems.append(Problem(join_path(where, column), why.code, why.message))
            continue
        if all(not c or (type(c) is str and not c.strip(BLANK)) for c in row):
            continue  # a blank row, as a blank line of a CSV file: no record
        if all(not c or type(c) is str for c in row):
            invisible = invisible_only("".join(c for c in row if c), "row")
            if invisible is not None:  # one problem for the row, as the CSV reader gives
                problems.append(Problem(where, "bad-text", invisible))
                continue
        fields = {
            c: restore_cell(v) if type(v) is str else v for c, v in zip(columns, row, strict=True)
        }
        try:
            record = record_from_fields(fields)
        except RecordError as exc:
            problems += (p.rebased(where) for p in exc.problems)
        else:
            acc.add(record)
            if derives_id(fields):
                origins.setdefault(record.id, Origin(name, path=where))
    acc.add_unreadable(p.located(name) for p in problems)
    acc.add_origins(origins)
    return acc


class _Refused(NamedTuple):
    """A value that is no cell of a ledger: the problem it makes of its row."""

    code: str
    message: str


_TOO_LONG = _Refused("too-long", f"the field is longer than {MAX_FIELD:,} characters")


def _cells(values: list[Any], na: object) -> tuple[list[Any], bool]:
    """The cells of one column's *values* (Python values: ``Series.tolist()``), and whether
    they are all text."""
    cells: list[Any] = []
    all_text = True
    for value in values:
        kind = type(value)
        if kind is str and len(value) <= MAX_FIELD:  # the common cases, first
            cells.append(value)
            continue
        if kind is float:
            cells.append("" if value != value else repr(value))  # NaN is missing
            continue
        cell = _cell(value, na)
        cells.append(cell)
        all_text = all_text and type(cell) is str
    return cells, all_text


def _cell(value: Any, na: object) -> str | list[Any] | _Refused:
    """The text a CSV cell would hold for *value*, a list for a list, or why it is none."""
    if isinstance(value, str):
        return value if len(value) <= MAX_FIELD else _TOO_LONG
    if value is None or value is na:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):  # pandas.Timestamp too
        if value != value:  # NaT, the one timestamp unequal to itself
            return ""
        nanosecond = getattr(value, "nanosecond", 0)
        if value.tzinfo is None and value.time() == _MIDNIGHT and not nanosecond:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return "" if number != number else repr(number)  # NaN is missing
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        items = list(value)
        if any(isinstance(v, str) and len(v) > MAX_FIELD for v in items):
            return _TOO_LONG
        return items
    if hasattr(value, "tolist"):  # a NumPy array (a list column) or scalar (numpy.bool_)
        plain = value.tolist()
        if type(plain) is not type(value):
            return _cell(plain, na)
    msg = (
        f"{value!r} ({type(value).__name__}) is no ledger cell: a cell is text, a number,"
        " a date, true or false, or a list of ids"
    )
    return _Refused("invalid-value", msg)
