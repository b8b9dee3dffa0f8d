"""The polars backend of :meth:`~campaignkit.io.RecordReader.feed`: totals from an
engine.

One lazy polars query reads the CSV file (streaming: memory in proportion to the groups,
not the rows), checks every row against the rules of a plain reading (the expressions are
made from ``plain_checks`` in ``campaignkit.tracking._intake``, the one definition) and totals
the readings per (indicator, unit, mode, bucket of days), with how many rows failed a
check. The groups then go into the accumulator through its intake seam
(:meth:`~campaignkit.tracking.Accumulator.fold_totals`).

It takes only files the pure-Python reader would read without a problem and whose every row
is a plain reading: UTF-8, no quote character, NUL or lone carriage return anywhere, every
row as wide as the header (the commas of the file are counted), no line or field over the
reader's limits. When a row fails a check, nothing of the file reaches the caller's
accumulator (every row is checked before anything is folded; the groups go straight in, as
:meth:`~campaignkit.tracking.Accumulator.fold_totals` folds all or none, or, when some
readings go one by one, into a scratch accumulator merged in at the end): the caller reads
it the ordinary way, so every problem keeps its file, line and column.

Readings that are plain but not totalled (a reference the campaign refuses, a date outside
the window, a value that is not a whole number within
``SQL_EXACT``) are read again by a second query and go one
by one through the reader's fast lane, in file order, interleaved with the groups by the
row of each group's latest reading, so that problems and ties of ``(date, id)`` come out as
the Python reader gives them.

polars ships its own types, but the query is built from data: what it returns is typed
``Any`` here, and nothing of it leaves this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from campaignkit.io._fields import FIELDS
from campaignkit.io._lines import MAX_LINE
from campaignkit.tracking import Accumulator
from campaignkit.tracking._intake import (
    DAY_SPAN,
    MODES,
    PLAIN,
    SQL_EXACT,
    ColumnCheck,
    ReadingTotals,
    part_of,
    plain_checks,
)

try:
    import polars as pl
except ImportError:  # pragma: no cover - exercised where polars is absent
    AVAILABLE = False
else:
    AVAILABLE = True

_BLOCK = 8 << 20  # bytes looked at a time for the characters the backend does not take
_GROUP = ["indicator", "unit", "mode", "bucket"]


class _IrregularError(Exception):
    """A file the backend does not take: it goes the ordinary way."""


def fold_csv(path: str | os.PathLike[str], accumulator: Accumulator) -> int | None:
    """Fold the CSV file at *path* into *accumulator* (ids trusted) and return how many
    rows it had, or ``None``, leaving *accumulator* as it was, when the file is not one
    this backend takes."""
    try:
        return _fold(os.fspath(path), accumulator)
    except (_IrregularError, pl.exceptions.PolarsError, OSError, UnicodeDecodeError):
        return None
    except pl.exceptions.PanicException:  # a bug of polars on some input: Python reads it
        return None


def _header(path: str) -> list[str]:
    """The column names of the file."""
    with open(path, "rb") as stream:
        head = stream.readline(MAX_LINE + 1)
    names = head.decode("utf-8-sig").rstrip("\r\n").split(",")
    if len(head) > MAX_LINE or not head.endswith(b"\n"):
        raise _IrregularError
    if len(set(names)) != len(names) or not set(names) <= set(FIELDS):
        raise _IrregularError
    return names


def _commas(path: str) -> int:
    """How many commas the file has, checking its bytes (it runs beside the query: polars
    reads without holding Python's lock)."""
    commas, tail = 0, b""
    with open(path, "rb") as stream:
        while block := stream.read(_BLOCK):
            if b'"' in block or b"\0" in block:
                raise _IrregularError  # quotes are off: a quoted field would not be read so
            # every carriage return ends a line with the line feed after it (the block
            # joined to the last byte before it only when it has one: no copy otherwise)
            if tail == b"\r" or b"\r" in block:
                joined = tail + block
                if joined.count(b"\r") != joined.count(b"\r\n") + joined.endswith(b"\r"):
                    raise _IrregularError
            commas += block.count(b",")
            tail = block[-1:]
    if tail == b"\r":
        raise _IrregularError
    return commas


def _check(check: ColumnCheck) -> Any:
    """The polars expression of one check of a plain reading, row by row (``None`` for
    ``"at most"``: the widest text of each group is checked instead, in bytes, which is
    narrower than characters)."""
    column, argument = pl.col(check.field), check.argument
    if check.test == "one of":
        assert isinstance(argument, tuple)
        return column.is_in(list(argument))
    if check.test == "empty":
        return column.str.len_bytes() == 0
    if check.test == "starts with":
        return column.str.contains(rf"\A{argument}")
    if check.test == "ends with":
        return column.str.contains(rf"{argument}\z")
    if check.test == "without":
        assert isinstance(argument, str)
        return ~column.str.contains(argument, literal=True)
    if check.test == "none of":
        return ~column.str.contains(f"[{argument}]")
    if check.test == "at most":
        return None
    if check.test == "a day":
        return column.str.contains(rf"\A(?:{PLAIN.date_pattern})\z") & pl.col("day").is_not_null()
    # "a number within": polars reads decimal notation as Python does, and the words inf,
    # infinity and nan, which the bound refuses (tests/io/test_records_polars.py)
    assert isinstance(argument, float)
    return pl.col("v").abs() <= argument


def _day(column: Any) -> Any:
    return column.str.to_date("%Y-%m-%d", strict=False)


def _value(column: Any) -> Any:
    return column.cast(pl.Float64, strict=False) + 0.0  # -0.0 folds as 0.0, as one by one


def _query(path: str, names: list[str], checks: tuple[ColumnCheck, ...], acc: Accumulator) -> Any:
    """The rows of the file, each with its checks, day, value, bucket and row number."""
    frame = pl.scan_csv(
        path,
        has_header=True,
        schema=dict.fromkeys(names, pl.String),
        quote_char=None,
        empty_string_is_null=False,
        encoding="utf8",
        raise_if_empty=False,
    ).with_row_index("row")
    for name in ("unit", "mode", "assumed"):
        if name not in names:
            frame = frame.with_columns(pl.lit("").alias(name))
    expressions = [e for e in map(_check, checks) if e is not None]
    plain = pl.all_horizontal(expressions).fill_null(value=False)
    day, value = pl.col("day"), pl.col("v")
    window = acc.campaign.window
    # -1: read one by one (outside the window, or a value whose sum an integer cannot hold)
    totalled = day.is_between(pl.lit(window.start), pl.lit(window.end)) & (
        (value == value.floor()) & (value.abs() <= SQL_EXACT)
    )
    rows = frame.with_columns(_day(pl.col("date")).alias("day"), _value(pl.col("value")).alias("v"))
    part = _part(acc)
    if part is None:  # many tracked days: found in a table of the window's days
        rows, part = rows.join(_parts(acc), on="day", how="left", maintain_order="left"), "part"
    # the day keys (day_keys) of a totalled reading, by its day in the window
    number, whole = (day - pl.lit(window.start)).dt.total_days(), value.cast(pl.Int64, strict=False)
    return rows.with_columns(
        plain.alias("plain"),
        pl.when(totalled.fill_null(value=False)).then(part).otherwise(-1).alias("bucket"),
        (number * DAY_SPAN + whole + SQL_EXACT).alias("high_key"),
        (number * DAY_SPAN + SQL_EXACT - whole).alias("low_key"),
    )


_FEW = 16
"""The most tracked days whose parts a row's day is compared with one by one (more are
found by a join with a table of the window's days, :func:`_parts`)."""


def _part(acc: Accumulator) -> Any:
    """The part of the tracked days (``part_of``) of a row's day, by arithmetic: the day's
    number in the window when every day is tracked; with tracked days ``d0 < d1 < …``,
    twice the number of them before the day, and one more on a tracked day. ``None`` for
    more than :data:`_FEW` tracked days. (A row outside the window is no part of any.)"""
    day, days = pl.col("day"), acc.tracked_days
    if days is None:
        return (day - pl.lit(acc.campaign.window.start)).dt.total_days()
    if len(days) > _FEW:
        return None
    if not days:  # no day asked for: every reading in the one bucket after them
        return pl.lit(0, dtype=pl.Int64)
    before = pl.sum_horizontal([(day > pl.lit(d)).cast(pl.Int64) for d in days])
    return 2 * before + day.is_in(list(days)).cast(pl.Int64)


def _parts(acc: Accumulator) -> Any:
    """Each day of the campaign window with the part of the tracked days it is totalled
    in (``part_of``), for many tracked days: joined to the rows, a small table keeps the
    query streaming (a search in a list of days does not, and holds every row)."""
    window = acc.campaign.window
    days = [window.start + dt.timedelta(days=i) for i in range(window.days)]
    parts = [part_of(window.start, acc.tracked_days, day) for day in days]
    return pl.LazyFrame({"day": days, "part": parts}, schema={"day": pl.Date, "part": pl.Int64})


_ROWS = 10**13
"""More rows than a file has: ``2 * _ROWS - row`` has the same number of digits for every
row, so that its text sorts as the number does."""


def _latest_key() -> Any:
    """A text whose greatest in a group is that of the group's latest reading: the
    greatest ``(date, id)``, of equals the first in the file, followed by its row and
    value.

    A plain date has one width (``YYYY-MM-DD``), so its text sorts as the day; the id
    ends at a NUL, which sorts before any character of an id (the file has no NUL), so an
    id sorts before every longer id it begins, as in Python; texts compare by their UTF-8
    bytes, which sort as code points. A maximum is one of polars' own aggregations, which
    cost little however many groups there are (a sort or a selection within each group
    costs a call per group).
    """
    fewer_first = (pl.lit(2 * _ROWS) - pl.col("row")).cast(pl.String)
    return pl.concat_str("date", "id", pl.lit("\0"), fewer_first, pl.lit("\0"), "value")


def _latest(groups: Any) -> Any:
    """The id, row and value of each group's latest reading, from its key, and the
    smallest and largest value of its latest day, from their day keys."""
    parts = pl.col("latest").str.split_exact("\0", 2)
    return groups.with_columns(
        parts.struct.field("field_0").str.slice(len(PLAIN.date_form)).alias("last_id"),
        (pl.lit(2 * _ROWS) - parts.struct.field("field_1").cast(pl.Int64)).alias("last_row"),
        _value(parts.struct.field("field_2")).alias("last_value"),
        # the bounds of the latest day's values (day_bounds; the keys of a totalled group
        # are positive, where % is the same in polars and Python)
        (SQL_EXACT - pl.col("low_key") % DAY_SPAN).cast(pl.Float64).alias("last_low"),
        (pl.col("high_key") % DAY_SPAN - SQL_EXACT).cast(pl.Float64).alias("last_high"),
    )


def _fold(path: str, acc: Accumulator) -> int:
    names = _header(path)
    checks = plain_checks(names)
    if checks is None:
        raise _IrregularError
    rows = _query(path, names, checks, acc)
    with ThreadPoolExecutor(1) as beside:
        counted = beside.submit(_commas, path)
        groups = _groups(rows, names, checks)
        commas = counted.result()
    groups, blank = _without_blank_rows(groups, rows, names)
    lines = 1 + int(groups["readings"].sum()) + blank - (_empty_lines(path) if blank else 0)
    if commas != (len(names) - 1) * lines:
        raise _IrregularError  # a row narrower than the header
    if not len(groups):
        return 0
    if groups["bad"].sum():
        raise _IrregularError  # a row not plain
    for check in checks:
        if check.test == "at most" and groups[f"{check.field}_bytes"].max() > check.argument:
            raise _IrregularError
    _check_widths(groups, len(names))
    groups = _latest(groups).sort("last_row")  # in file order: ties of (date, id) as read
    readings = int(groups["readings"].sum())
    # fold_totals folds every group or none: straight in when every reading is totalled
    if groups["bucket"].min() >= 0 and acc.fold_totals(_totals(groups)):
        return readings
    totals, one_by_one = _lanes(groups, acc)
    if not one_by_one:
        raise _IrregularError  # groups the accumulator refuses that no reader sets apart
    # a second query, which may yet fail: into a scratch accumulator
    scratch = Accumulator(acc.campaign, acc.schedule, days=acc.days, unique_ids=True)
    _fold_in_order(totals, _one_by_one(rows, one_by_one), scratch)
    acc.absorb(scratch)
    return readings


def _without_blank_rows(groups: Any, rows: Any, names: list[str]) -> tuple[Any, int]:
    """The groups without rows whose every field is empty, which the Python reader skips
    (a spreadsheet writes them for rows whose cells were cleared), and how many there were.

    Such rows fall in one group, of no indicator, unit, mode nor day; only when it is there
    does a second query make sure that every row of it is empty (otherwise it is left, and
    the file goes the ordinary way)."""
    nothing = (pl.col("indicator") == "") & (pl.col("unit") == "") & (pl.col("mode") == "")
    nothing &= pl.col("bucket") == -1
    found = groups.filter(nothing)
    if not len(found):
        return groups, 0
    widest = pl.max_horizontal(*(pl.col(name).str.len_bytes() for name in names)).max()
    if rows.filter(nothing).select(widest).collect(engine="streaming").item():
        return groups, 0
    return groups.filter(~nothing), int(found["readings"].item())


def _empty_lines(path: str) -> int:
    """How many lines of the file are empty (polars reads each as a row of empty fields,
    without the commas such a row has when a spreadsheet writes it)."""
    with open(path, "rb") as stream:
        return sum(line in (b"\n", b"\r\n") for line in stream)


def _totals(groups: Any) -> Iterator[ReadingTotals]:
    """The groups as :class:`ReadingTotals`, made as they are folded."""
    columns = [groups[name].to_list() for name in ("indicator", "unit", "mode")]
    columns[1] = [unit or None for unit in columns[1]]
    columns[2] = [MODES[mode] for mode in columns[2]]
    columns += [
        groups[name].to_list()
        for name in ReadingTotals._fields[3:]  # first, last, readings, total, … as named
    ]
    return map(ReadingTotals._make, zip(*columns, strict=True))


def _groups(rows: Any, names: list[str], checks: tuple[ColumnCheck, ...]) -> Any:
    """The totals of each group and bucket, with how many of its rows failed a check and
    its widest fields."""
    return (
        rows.group_by(_GROUP)
        .agg(
            pl.len().alias("readings"),
            (~pl.col("plain")).sum().alias("bad"),
            pl.col("day").min().alias("first"),
            pl.col("day").max().alias("last"),
            pl.col("v").cast(pl.Int64, strict=False).sum().alias("total"),
            pl.col("v").max().alias("maximum"),
            _latest_key().max().alias("latest"),
            pl.col("high_key").max(),
            pl.col("low_key").max(),
            (pl.col("assumed") == "true").sum().alias("assumed"),
            *(
                pl.col(c.field).str.len_bytes().max().alias(f"{c.field}_bytes")
                for c in checks
                if c.test == "at most"
            ),
            pl.col("value").str.len_bytes().max().alias("value_bytes"),
            pl.col("kind" if "kind" in names else "mode").str.len_bytes().max().alias("kind_bytes"),
        )
        .collect(engine="streaming")
    )


def _check_widths(groups: Any, columns: int) -> None:
    """No field over the csv module's limit, no line over the reader's: the widest fields
    of a group (the bytes of its names, ids, values, kinds) bound both."""
    limit = csv.field_size_limit()
    widths = [
        groups["indicator"].str.len_bytes().max(),
        groups["unit"].str.len_bytes().max(),
        groups["id_bytes"].max(),
        groups["value_bytes"].max(),
    ]
    if max(widths) > limit:
        raise _IrregularError
    others = groups["kind_bytes"].max() + len("cumulative") + len("false") + len("YYYY-MM-DD")
    if sum(widths) + others + columns + 1 > MAX_LINE:
        raise _IrregularError


def _lanes(groups: Any, acc: Accumulator) -> tuple[list[tuple[int, ReadingTotals]], Any]:
    """The groups folded by their totals (each with the row of its latest reading), and
    the keys of those whose readings go one by one."""
    lanes: dict[tuple[str, str, str], str] = {}
    totals: list[tuple[int, ReadingTotals]] = []
    apart = []
    keys = zip(*(groups[name].to_list() for name in _GROUP), strict=True)
    rows = groups["last_row"].to_list()
    for key, row, group in zip(keys, rows, _totals(groups), strict=True):
        triple = key[:3]
        if triple not in lanes:
            lanes[triple] = acc.totals_lane(group.indicator, group.unit, group.mode)
        if lanes[triple] == "record":
            raise _IrregularError  # names not plain: the record path strips or refuses them
        if lanes[triple] == "one by one" or key[3] < 0:
            apart.append(dict(zip(_GROUP, key, strict=True)))
            continue
        totals.append((row, group))
    return totals, apart


def _one_by_one(rows: Any, keys: list[dict[str, Any]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The readings of the groups *keys* (at least one), in file order, each with its row."""
    wanted = pl.LazyFrame(keys, schema=rows.select(_GROUP).collect_schema())
    selected = rows.join(
        wanted, on=_GROUP, how="semi", nulls_equal=True, maintain_order="left"
    ).select("row", "id", "indicator", "unit", "day", "v", "mode", "assumed")
    # in batches where polars can (memory bounded, however many readings go one by one)
    batches = (
        selected.collect_batches(maintain_order=True, engine="streaming")
        if hasattr(selected, "collect_batches")
        else [selected.collect(engine="streaming")]
    )
    for batch in batches:
        for row, id, indicator, unit, day, value, mode, assumed in batch.iter_rows():
            yield row, (id, indicator, unit, day, value, MODES[mode], assumed == "true")


def _fold_in_order(
    totals: list[tuple[int, ReadingTotals]],
    readings: Iterator[tuple[int, tuple[Any, ...]]],
    acc: Accumulator,
) -> None:
    """Fold groups and single readings by row: a group at the row of its latest reading
    (which one of two readings with the same latest ``(date, id)`` counts follows the file,
    as one by one)."""
    totals.sort(key=lambda item: item[0])
    sink = acc.plain_readings()
    batch: list[ReadingTotals] = []
    merged: Iterator[tuple[int, ReadingTotals | None, tuple[Any, ...]]] = heapq.merge(
        ((row, group, ()) for row, group in totals),
        ((row, None, reading) for row, reading in readings),
        key=lambda item: (item[0], item[1] is None),
    )
    for _, group, reading in merged:
        if group is not None:
            batch.append(group)
            continue
        if batch and not acc.fold_totals(batch):
            raise _IrregularError
        batch = []
        if not sink(*reading):
            raise _IrregularError
    if batch and not acc.fold_totals(batch):
        raise _IrregularError
