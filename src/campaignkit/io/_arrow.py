"""The columnar CSV backend of :meth:`~campaignkit.io.RecordReader.feed` (pyarrow).

The file is read in chunks of whole lines (about :data:`_BLOCK` bytes), each parsed by pyarrow
on its threads while the one before is folded, so at most two chunks are in memory whatever
the size of the file. Each chunk is checked column by column and its readings are totalled
per (indicator, unit, mode, bucket of days) in Arrow; the totals of the chunks are combined
in Arrow as they come (one row a group: memory in proportion to the groups, not the rows)
and folded into the accumulator at the end, a group at a time, as
:meth:`~campaignkit.tracking.Accumulator.add_reading_totals` folds one. It takes only
files the pure-Python reader would read without a single problem and whose every row is a
plain reading (what the reader's own fast lane takes): UTF-8, no quote characters at all, no
line or field over the reader's limits, a header
of known columns, ids, ISO dates, decimal values within range, no subject, note or
attendance, ``kind``, ``mode`` and ``assumed`` in their plain spellings. It stops at the
first chunk that is not so and says so, and the caller reads the whole file the ordinary way
(nothing of it has reached the caller's accumulator: the chunks go into a scratch one,
merged in at the end), so every problem is reported with its line and column exactly as
before.

Readings that are well formed but not folded silently (an unknown indicator or unit, a date
outside the window, a value whose sum a float would round) go one by one through the same
function as the reader's fast lane, in file order, so their problems are the same too.

pyarrow ships no complete type stubs: its objects are typed ``Any`` here, and nothing of
them leaves this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from campaignkit.io._fields import FIELDS
from campaignkit.io._lines import MAX_LINE
from campaignkit.tracking import Accumulator
from campaignkit.tracking._intake import (
    ARROW_DATE,
    ARROW_ID,
    ARROW_NUMBER,
    DAY_SPAN,
    FLAGS,
    MODES,
    PLAIN,
    SQL_EXACT,
    Lane,
    ReadingIntake,
    ReadingSink,
    ReadingTotals,
    day_bounds,
    part_of,
)

try:
    import pyarrow as pa  # type: ignore[import-untyped]  # no stubs: typed Any here
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.csv as pa_csv  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised where pyarrow is absent
    AVAILABLE = False
else:
    AVAILABLE = True

_BLOCK = 8 << 20


class _IrregularError(Exception):
    """A chunk the columnar backend does not take: the file goes the ordinary way."""


def fold_csv(path: str | os.PathLike[str], accumulator: Accumulator) -> int | None:
    """Fold the CSV file at *path* into *accumulator* (ids trusted) and return how many
    rows it had, or ``None``, leaving *accumulator* as it was, when the file is not one
    this backend takes."""
    scratch = Accumulator(
        accumulator.campaign, accumulator.schedule, days=accumulator.days, unique_ids=True
    )
    try:
        rows = _fold(os.fspath(path), scratch)
    except (_IrregularError, pa.ArrowException, OSError, UnicodeDecodeError):
        return None
    accumulator.absorb(scratch)
    return rows


def _fold(path: str, acc: Accumulator) -> int:
    with open(path, "rb") as stream:
        head = stream.readline(MAX_LINE + 1)
        names = head.decode("utf-8-sig").rstrip("\r\n").split(",")
        if len(head) > MAX_LINE:
            raise _IrregularError
        if b'"' in head or len(set(names)) != len(names) or not set(names) <= set(FIELDS):
            raise _IrregularError
        if not {"id", "date", "indicator", "value"} <= set(names):
            raise _IrregularError
        options = (
            pa_csv.ReadOptions(column_names=names, block_size=max(_BLOCK // 4, 1 << 10)),
            pa_csv.ParseOptions(quote_char=False, ignore_empty_lines=True),
            pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
        sink = acc.plain_readings()
        buckets: dict[int, int] = {}  # date (days since 1970) -> part of the tracked days (part_of)
        lanes: dict[tuple[str, str, str], Lane] = {}  # (indicator, unit, mode) -> its lane
        pending: list[Any] = []  # the combined group totals of the chunks not folded yet
        rows = 0
        # one chunk parsed on pyarrow's threads while the one before is folded: at most two
        # chunks in memory whatever the size of the file
        with ThreadPoolExecutor(max_workers=1) as parser:
            parsed = None
            for order, chunk in enumerate(_chunks(stream)):
                if b'"' in chunk:
                    raise _IrregularError  # parsed with quotes off, quoted fields would not be
                upcoming = parser.submit(_parse, chunk, options)
                if parsed is not None:
                    rows += _fold_chunk(
                        parsed.result(), acc, sink, buckets, lanes, pending, order - 1
                    )
                parsed = upcoming
            if parsed is not None:
                rows += _fold_chunk(parsed.result(), acc, sink, buckets, lanes, pending, order)
    _flush(pending, acc)
    return rows


def _chunks(stream: Any) -> Iterator[bytes]:
    """The rest of *stream* in chunks of whole lines, about :data:`_BLOCK` bytes each."""
    rest = b""
    while block := stream.read(_BLOCK):
        end = block.rfind(b"\n") + 1
        if not end:
            rest += block
            continue
        yield rest + block[:end]
        rest = block[end:]
    if rest:
        yield rest


def _parse(chunk: bytes, options: tuple[Any, Any, Any]) -> Any:
    read, parse, convert = options
    table = pa_csv.read_csv(
        pa.BufferReader(chunk), read_options=read, parse_options=parse, convert_options=convert
    )
    # a field or a line over the Python reader's limits is reported by it, not folded here;
    # the bytes of the widest field of each column bound both, and are quick to find
    if table.num_rows:
        sizes = [pc.binary_length(column) for column in table.columns]
        widths = [pc.max(size).as_py() for size in sizes]
        limit = csv.field_size_limit()
        for column, width in zip(table.columns, widths, strict=True):
            if width > limit and pc.max(pc.utf8_length(column)).as_py() > limit:
                raise _IrregularError
        extra = len(widths) + 1  # the commas and a CRLF
        if sum(widths) + extra > MAX_LINE and (
            pc.max(functools.reduce(pc.add, sizes)).as_py() + extra > MAX_LINE
        ):
            raise _IrregularError
    return table


def _all(mask: Any) -> bool:
    return bool(pc.all(mask).as_py() is not False)


def _column(table: Any, name: str) -> Any:
    if name in table.column_names:
        return table.column(name)
    return pa.chunked_array([pa.array([""] * table.num_rows, pa.string())])


def _fold_chunk(
    table: Any,
    acc: Accumulator,
    sink: ReadingSink,
    buckets: dict[int, int],
    lanes: dict[tuple[str, str, str], Lane],
    pending: list[Any],
    order: int,
) -> int:
    """Check one chunk's rows and fold them into *acc* (their group totals into *pending*);
    return how many there were. *buckets* and *lanes* remember, for the chunks after it,
    the part of the tracked days of each date and the lane of each (indicator, unit,
    mode)."""
    n = int(table.num_rows)
    if not n:
        return 0
    for name in PLAIN.empty:
        if name in table.column_names and pc.max(pc.binary_length(table.column(name))).as_py():
            raise _IrregularError
    kind, mode, assumed = (_column(table, n) for n in ("kind", "mode", "assumed"))
    regular = (
        _one_of(kind, PLAIN.kinds)
        and _one_of(mode, tuple(MODES))
        and _one_of(assumed, tuple(FLAGS))
    )
    ids = table.column("id")
    if not regular or not _all(pc.match_substring_regex(ids, ARROW_ID)):
        raise _IrregularError
    if not _all(pc.less_equal(pc.utf8_length(ids), PLAIN.max_id)):
        raise _IrregularError
    if not _all(pc.invert(pc.match_substring(ids, PLAIN.id_never))):
        raise _IrregularError
    dates, numbers = table.column("date"), table.column("value")
    if not _all(pc.match_substring_regex(dates, ARROW_DATE)):
        raise _IrregularError
    if not _all(pc.match_substring_regex(numbers, ARROW_NUMBER)):
        raise _IrregularError
    days = pc.cast(dates, pa.date32())  # raises for a date that is not a real one
    values = pc.add(pc.cast(numbers, pa.float64()), 0.0)  # -0.0 folds as 0.0, as one by one
    if not _all(pc.less_equal(pc.abs(values), PLAIN.max_value)):
        raise _IrregularError
    # sums stay exact in floats when every value is a whole number this small (and within
    # SQL_EXACT, as every engine's totals: the day keys hold them)
    limit = float(min(2**53 // max(n, 1), SQL_EXACT))
    whole = pc.and_(pc.equal(pc.floor(values), values), pc.less_equal(pc.abs(values), limit))
    ordinals = pc.cast(days, pa.int32())
    for ordinal in pc.unique(ordinals).to_pylist():
        if ordinal not in buckets:
            buckets[ordinal] = _part_of(acc, ordinal)
    bucket = pc.take(
        pa.array(list(buckets.values()), pa.int32()),
        pc.index_in(ordinals, value_set=pa.array(list(buckets), pa.int32())),
    )
    table = pa.table(
        {
            "id": ids,
            "indicator": table.column("indicator"),
            "unit": _column(table, "unit"),
            "mode": mode,
            "assumed": pc.cast(pc.equal(assumed, "true"), pa.int64()),
            "day": days,
            "value": values,
            "bucket": bucket,
            **_day_keys(ordinals, values, whole),
        }
    ).combine_chunks()
    one_by_one = pc.invert(pc.and_(whole, pc.greater_equal(bucket, 0)))
    distinct = table.group_by(["indicator", "unit", "mode"]).aggregate([])
    columns = [distinct.column(name).to_pylist() for name in ("indicator", "unit", "mode")]
    triples = zip(*columns, strict=True)
    for triple in triples:  # each asked once a file (the lane of a triple does not change)
        indicator, unit, mode_text = triple
        lane = lanes.get(triple)
        if lane is None:
            lane = lanes[triple] = acc.totals_lane(indicator, unit or None, MODES[mode_text])
        if lane == "record":
            raise _IrregularError  # names not plain: the record path strips or refuses them
        if lane == "one by one":  # refused: reported reading by reading
            same = pc.and_(
                pc.and_(
                    pc.equal(table.column("indicator"), indicator),
                    pc.equal(table.column("unit"), unit),
                ),
                pc.equal(table.column("mode"), mode_text),
            )
            one_by_one = pc.or_(one_by_one, same)
    # the latest reading of a group is the greatest (day, id); rows sorted so, a repeated
    # (day, id) pair (ids are trusted, not checked) sits next to its twin: which of the two
    # counts is then a matter of file order, and the chunk goes one reading at a time
    ranks = pc.sort_indices(table, sort_keys=[("day", "descending"), ("id", "descending")])
    ranked = table.take(ranks)
    if n > 1:
        ranked_ids, ranked_days = ranked.column("id"), ranked.column("day")
        twins = pc.and_(
            pc.equal(ranked_ids.slice(1), ranked_ids.slice(0, n - 1)),
            pc.equal(ranked_days.slice(1), ranked_days.slice(0, n - 1)),
        )
        if pc.any(twins).as_py():
            one_by_one = pa.array([True] * n)
    if pc.any(one_by_one).as_py():
        _flush(pending, acc)  # what came before first: file order decides ties of (day, id)
        _one_by_one(table.filter(one_by_one), sink)
        ranked = ranked.filter(pc.invert(pc.take(one_by_one, ranks)))
    if ranked.num_rows:
        pending[:] = [_combine([*pending, _totals(ranked, order)])]
        if pc.max(pc.abs(pending[0].column("total"))).as_py() > _EXACT:
            _flush(pending, acc)
    return n


def _day_keys(ordinals: Any, values: Any, whole: Any) -> dict[str, Any]:
    """The day keys (``day_keys``) of each row, by the day's ordinal; those of the value 0
    for a row that is not totalled (its value may not be whole: it goes one by one, its
    keys unused)."""
    wholes = pc.cast(pc.if_else(whole, values, 0.0), pa.int64())
    base = pc.add(pc.multiply(pc.cast(ordinals, pa.int64()), DAY_SPAN), SQL_EXACT)
    return {"high_key": pc.add(base, wholes), "low_key": pc.subtract(base, wholes)}


def _one_of(column: Any, texts: tuple[str, ...]) -> bool:
    """Whether every text of *column* is one of *texts*."""
    return set(pc.unique(column).to_pylist()) <= set(texts)


def _part_of(acc: Accumulator, ordinal: int) -> int:
    """The part of the tracked days (``part_of``) the day *ordinal* days after 1970-01-01
    is totalled in; -1 outside the window."""
    day = dt.date(1970, 1, 1) + dt.timedelta(days=ordinal)
    window = acc.campaign.window
    if not window.start <= day <= window.end:
        return -1
    return part_of(window.start, acc.tracked_days, day)


def _one_by_one(table: Any, sink: ReadingSink) -> None:
    """Readings folded one at a time, in file order, as the reader's fast lane does."""
    columns = [table.column(n).to_pylist() for n in ("id", "indicator", "unit", "day", "value")]
    modes, flags = table.column("mode").to_pylist(), table.column("assumed").to_pylist()
    for (id, indicator, unit, day, value), mode, flag in zip(
        zip(*columns, strict=True), modes, flags, strict=True
    ):
        if not sink(id, indicator, unit, day, value, MODES[mode], bool(flag)):
            raise _IrregularError


_GROUP = ["indicator", "unit", "mode", "bucket"]
_EXACT = 2**62  # group totals larger than this go to Python ints before a chunk is added


def _totals(table: Any, order: int) -> Any:
    """The totals of one chunk's readings per (indicator, unit, mode, bucket), from its
    rows sorted by (day, id) from the latest, no two alike."""
    groups = table.group_by(_GROUP, use_threads=False).aggregate(
        [
            ("value", "sum"),
            ("value", "max"),
            ("value", "count"),
            ("assumed", "sum"),
            ("day", "min"),
            ("day", "first"),
            ("id", "first"),
            ("value", "first"),
            ("high_key", "max"),
            ("low_key", "max"),
        ]
    )
    # every value is whole and the chunk small enough for its sums to be exact integers
    return pa.table(
        {
            **{name: groups.column(name) for name in _GROUP},
            "total": pc.cast(groups.column("value_sum"), pa.int64()),
            "top": groups.column("value_max"),
            "count": groups.column("value_count"),
            "assumed": groups.column("assumed_sum"),
            "first": groups.column("day_min"),
            "last": groups.column("day_first"),
            "last_id": groups.column("id_first"),
            "last_value": groups.column("value_first"),
            "high_key": groups.column("high_key_max"),
            "low_key": groups.column("low_key_max"),
            "order": pa.array([order] * groups.num_rows, pa.int64()),
        }
    )


def _combine(tables: list[Any]) -> Any:
    """One table of totals per (indicator, unit, mode, bucket) from several chunks' own."""
    table = pa.concat_tables(tables)
    # the latest reading is the greatest (day, id); among equal ones the earlier chunk's
    table = table.take(
        pc.sort_indices(
            table,
            sort_keys=[
                ("last", "descending"),
                ("last_id", "descending"),
                ("order", "ascending"),
            ],
        )
    )
    groups = table.group_by(_GROUP, use_threads=False).aggregate(
        [
            ("total", "sum"),
            ("top", "max"),
            ("count", "sum"),
            ("assumed", "sum"),
            ("first", "min"),
            ("last", "first"),
            ("last_id", "first"),
            ("last_value", "first"),
            ("high_key", "max"),
            ("low_key", "max"),
            ("order", "first"),
        ]
    )
    return groups.rename_columns(
        [*_GROUP, "total", "top", "count", "assumed", "first", "last", "last_id", "last_value",
         "high_key", "low_key", "order"]
    )  # fmt: skip


def _flush(pending: list[Any], acc: ReadingIntake) -> None:
    """Fold the combined totals of the chunks so far into *acc*, a group at a time (each
    total below :data:`_EXACT`, so the int64 sums that made it are exact)."""
    if not pending:
        return
    (groups,) = pending
    pending.clear()
    columns = [
        groups.column(n).to_pylist()
        for n in (
            "indicator", "unit", "mode", "first", "last", "count", "total", "top", "last_id",
            "last_value", "assumed", "high_key", "low_key",
        )
    ]  # fmt: skip  # the fields of ReadingTotals, in order, then the day keys
    indicators, units, modes, *rest, highs, lows = columns
    bounds = [day_bounds(high, low) for high, low in zip(highs, lows, strict=True)]
    groups = zip(
        indicators, [u or None for u in units], [MODES[m] for m in modes], *rest,
        [float(low) for low, _ in bounds], [float(high) for _, high in bounds], strict=True,
    )  # fmt: skip
    if not acc.fold_totals(map(ReadingTotals._make, groups)):
        raise _IrregularError
