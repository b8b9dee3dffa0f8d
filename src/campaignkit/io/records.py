"""Reading and writing ledgers of records as CSV or JSON Lines, streaming.

Both formats hold one record per row (CSV) or per line (JSON Lines), with these fields:

- ``id``: the record id; derived from the content when empty;
- ``kind``: ``held``, ``cancelled`` or ``reading``; when empty, a row with an ``indicator`` or
  a ``value`` is a reading, else one with a ``subject`` is held;
- ``date``: ``YYYY-MM-DD``;
- ``subject``: what was held or cancelled (occurrence key, activity ref or mechanism id); for
  a reading, the indicator may be written here instead of in ``indicator``;
- ``indicator``: the indicator of a reading;
- ``unit``: the unit, for cascades;
- ``value``: the reading's number;
- ``mode``: ``increment`` or ``cumulative`` (empty: the indicator's own);
- ``present``, ``absent``, ``excused``: party ids; CSV separates them with ``;``;
- ``note``: free text;
- ``assumed``: ``true`` / ``false`` (also ``yes`` / ``no``, ``1`` / ``0``; empty is false).

A CSV file needs a header naming the columns it uses, in any order; ``date`` is required.
Readers stream: a :class:`RecordReader` yields one record at a time, so a file larger than
memory can be fed to an :class:`~campaignkit.progress.Accumulator` without building a ledger.

Bad rows are never skipped silently. Each problem carries the source, the line, the column
(the 1-based field index in CSV) and a path naming the field (``$.value``). A strict reader
raises :class:`~campaignkit.errors.RecordError` at the first bad row; a lenient one collects
the problems in :attr:`RecordReader.problems` and goes on with the good rows.

>>> import io
>>> text = "kind,date,indicator,value\\nreading,2010-03-01,ideas,103\\nreading,2010-03-0x,ideas,5\\n"
>>> reader = RecordReader(io.StringIO(text), format="csv", strict=False, name="r.csv")
>>> [r.value for r in reader]
[103.0]
>>> print(reader.problems[0])
r.csv: line 3, column 2 ($.date): '2010-03-0x' is not a date such as 2010-02-24 [invalid-date]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import operator
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

import attrs

from campaignkit.errors import Problem, RecordError, ValidationError
from campaignkit.progress.calculate import Accumulator
from campaignkit.progress.fields import (
    FIELDS,
    RowError,
    build_record,
    record_from_fields,
    record_to_fields,
)
from campaignkit.progress.records import MAX_VALUE, Ledger, Mode, Record

__all__ = [
    "FIELDS",
    "Backend",
    "RecordFormat",
    "RecordReader",
    "format_of_records",
    "read_ledger",
    "record_from_fields",
    "record_to_fields",
    "write_records",
]

RecordFormat: TypeAlias = Literal["csv", "jsonl"]
"""The two ledger formats."""
Backend: TypeAlias = Literal["auto", "python", "arrow"]
"""How :meth:`RecordReader.feed` reads CSV: see there."""

_SUFFIXES: dict[str, RecordFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_PARTY_FIELDS = ("present", "absent", "excused")

Source: TypeAlias = str | os.PathLike[str] | IO[str]


def format_of_records(path: str | os.PathLike[str]) -> RecordFormat:
    """The format a file name implies: ``.csv`` or ``.jsonl`` (also ``.ndjson``).

    Raises:
        RecordError: ``unknown-format`` for any other suffix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        msg = f"cannot tell the format of {os.fspath(path)!r}: use .csv or .jsonl"
        raise RecordError([Problem("$", "unknown-format", msg, source=os.fspath(path))])
    return _SUFFIXES[suffix]


@attrs.define
class RecordReader:
    """Records read from a CSV or JSON Lines file or stream, one at a time.

    Args:
        source: A path, or an open text stream.
        format: ``csv`` or ``jsonl``; taken from the file suffix when not given.
        strict: Raise :class:`~campaignkit.errors.RecordError` at the first bad row (the
            default), or collect the problems in :attr:`problems` and go on.
        name: How problems name the source (defaults to the path, or ``<stream>``).

    Attributes:
        problems: The located problems found so far (lenient mode).
        rows: How many rows (CSV) or non-blank lines (JSON Lines) were read so far.
        lines: The line of every record read whose id was derived from its content (the
            row gave none), by that id: what :meth:`locate` places problems by.

    Iterate a reader once. A path is opened when iteration starts and closed when it ends.
    """

    source: Source
    format: RecordFormat | None = None
    strict: bool = True
    name: str | None = None
    problems: list[Problem] = attrs.field(factory=list, init=False)
    rows: int = attrs.field(default=0, init=False)
    lines: dict[str, int] = attrs.field(factory=dict, init=False)

    def __attrs_post_init__(self) -> None:
        if self.name is None:
            if isinstance(self.source, str | os.PathLike):
                self.name = os.fspath(self.source)
            else:
                self.name = "<stream>"
        if self.format is None:
            if not isinstance(self.source, str | os.PathLike):
                msg = "give the format ('csv' or 'jsonl') when reading from a stream"
                raise RecordError([Problem("$", "unknown-format", msg, source=self.name)])
            self.format = format_of_records(self.source)
        elif self.format not in ("csv", "jsonl"):
            msg = f"format must be 'csv' or 'jsonl' (got {self.format!r})"
            raise RecordError([Problem("$", "unknown-format", msg, source=self.name)])

    def feed(self, accumulator: Accumulator, *, backend: Backend = "auto") -> None:
        """Add every record of the source to *accumulator*.

        The same as ``accumulator.update(reader)``, faster: plain CSV reading rows (every
        field already in its final form) are folded straight into the accumulator, without
        a record object being made; every other row is made a record and added. Problems
        are reported as iteration reports them.

        Args:
            accumulator: Where the records go.
            backend: ``python``: the standard library's CSV reader, row by row. ``arrow``:
                pyarrow (the ``fast`` extra) parses a CSV file in chunks on every core,
                totals each chunk's readings per group in Arrow and folds the totals; at
                most two chunks are in memory at once. It takes only a file
                given by its path, into an accumulator with ``unique_ids=True``, that holds
                nothing but plain readings and no quote character (see
                :doc:`performance`); any other file, or one with a single row it does not
                take, is read the ``python`` way, so the result and the problems are always
                the same. ``auto`` (the default): ``arrow`` when pyarrow is installed.

        Raises:
            ValidationError: ``unknown-backend`` for another backend, or ``arrow`` when
                pyarrow is not installed.
        """
        if backend not in ("auto", "python", "arrow"):
            msg = f"backend must be 'auto', 'python' or 'arrow' (got {backend!r})"
            raise ValidationError([Problem("$.backend", "unknown-backend", msg)])
        if backend != "python":
            from campaignkit.io import _arrow

            if backend == "arrow" and not _arrow.AVAILABLE:
                msg = "the arrow backend needs pyarrow: pip install 'campaignkit[fast]'"
                raise ValidationError([Problem("$.backend", "unknown-backend", msg)])
            columnar = (
                _arrow.AVAILABLE
                and self.format == "csv"
                and accumulator.unique_ids
                and isinstance(self.source, str | os.PathLike)
            )
            if columnar:
                assert isinstance(self.source, str | os.PathLike)  # for the type checker
                rows = _arrow.fold_csv(self.source, accumulator)
                if rows is not None:
                    self.rows += rows
                    return
        add = accumulator.add
        for record in self._records(accumulator):
            add(record)

    def __iter__(self) -> Iterator[Record]:
        return self._records(None)

    def _records(self, sink: Accumulator | None) -> Iterator[Record]:
        with self._open() as stream:
            rows = self._csv(stream, sink) if self.format == "csv" else self._jsonl(stream)
            try:
                yield from rows
            except UnicodeDecodeError as exc:
                self._report(Problem("$", "bad-encoding", f"not UTF-8 text: {exc.reason}"), 0)

    @contextlib.contextmanager
    def _open(self) -> Iterator[IO[str]]:
        if not isinstance(self.source, str | os.PathLike):
            yield self.source
            return
        try:
            # utf-8-sig drops the byte-order mark spreadsheet programs put in front of CSV
            stream = open(self.source, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            msg = f"cannot read {self.name}: {exc.strerror or exc}"
            raise RecordError([Problem("$", "unreadable-file", msg, source=self.name)]) from None
        with stream:
            yield stream

    def _report(self, problem: Problem, line: int | None, column: int | None = None) -> None:
        problem = attrs.evolve(problem, source=self.name, line=line, column=column)
        if self.strict:
            raise RecordError([problem])
        self.problems.append(problem)

    def _csv(self, stream: IO[str], sink: Accumulator | None) -> Iterator[Record]:
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            self._report(Problem("$", "bad-csv", f"not CSV: {exc}"), 1)
            return
        if header is None:
            return
        names = [h.strip() for h in header]
        if names:
            names[0] = names[0].removeprefix("\ufeff")  # a byte-order mark left in a stream
        positions = self._header(names)
        fast = _fast_lane(positions, sink) if sink is not None else None
        width, line = len(names), reader.line_num
        try:
            for row in reader:
                start, line = line + 1, reader.line_num
                if fast is not None and len(row) == width and fast(row):
                    self.rows += 1
                    continue
                record = self._row(row, names, positions, start)
                if record is not None:
                    yield record
        except csv.Error as exc:
            self._report(Problem("$", "bad-csv", f"not CSV: {exc}"), line + 1)

    def _row(
        self, row: list[str], names: list[str], positions: Mapping[str, int], line: int
    ) -> Record | None:
        if not any(row) or not "".join(row).strip():
            return None
        self.rows += 1
        if len(row) != len(names):
            msg = f"the row has {len(row)} fields, the header {len(names)}"
            self._report(Problem("$", "bad-csv", msg), line)
            return None
        return self._record({names[i]: row[i] for i in positions.values()}, line, positions)

    def _header(self, names: list[str]) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, name in enumerate(names):
            if name not in FIELDS:
                msg = f"unknown column {name!r}; the columns are {', '.join(FIELDS)}"
                self._report(Problem(f"$.{name}", "unknown-field", msg), 1, i + 1)
            elif name in positions:
                self._report(
                    Problem(f"$.{name}", "duplicate-field", f"column {name!r} appears twice"),
                    1,
                    i + 1,
                )
            else:
                positions[name] = i
        if "date" not in positions:
            self._report(Problem("$.date", "missing-field", "the header has no 'date' column"), 1)
        return positions

    def _record(
        self, fields: Mapping[str, Any], line: int, positions: Mapping[str, int] | None
    ) -> Record | None:
        try:
            record = build_record(fields)
        except RowError as exc:
            column = positions[exc.field] + 1 if positions and exc.field in positions else None
            self._report(Problem(f"$.{exc.field}", exc.code, exc.message), line, column)
            return None
        if record.id != str(fields.get("id") or "").strip():  # derived: the row had no id
            self.lines.setdefault(record.id, line)
        return record

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """*problems* of a calculation over the records read, with each one about a record
        whose id was derived (:attr:`lines`) located by line instead: a problem at
        ``$.records["held-3f2a…"].subject`` is at ``$.subject`` on that record's line of
        the source, as the reader's own problems are. Other problems are kept as they are.
        """
        return [self._located(p) for p in problems]

    def _located(self, problem: Problem) -> Problem:
        prefix = "$.records["
        if not self.lines or not problem.path.startswith(prefix):
            return problem
        try:
            id, end = json.JSONDecoder().raw_decode(problem.path, len(prefix))
        except json.JSONDecodeError:
            return problem
        line = self.lines.get(id) if isinstance(id, str) else None
        if line is None or problem.path[end : end + 1] != "]":
            return problem
        path = "$" + problem.path[end + 1 :]
        return attrs.evolve(problem, path=path, source=self.name, line=line)

    def _jsonl(self, stream: IO[str]) -> Iterator[Record]:
        for number, text in enumerate(stream, start=1):
            if not text.strip():
                continue
            self.rows += 1
            try:
                fields = json.loads(text)
            except json.JSONDecodeError as exc:
                self._report(Problem("$", "bad-json", f"not JSON: {exc.msg}"), number, exc.colno)
                continue
            if not isinstance(fields, dict):
                self._report(Problem("$", "bad-json", "each line must be a JSON object"), number)
                continue
            unknown = [k for k in fields if k not in FIELDS]
            if unknown:
                msg = f"unknown key {unknown[0]!r}; the keys are {', '.join(FIELDS)}"
                self._report(Problem(f"$.{unknown[0]}", "unknown-field", msg), number)
                continue
            record = self._record(fields, number, None)
            if record is not None:
                yield record


_CHECKED_EMPTY = ("subject", "note", *_PARTY_FIELDS)


def _fast_lane(positions: Mapping[str, int], sink: Accumulator) -> Callable[[list[str]], bool]:
    """A function that hands a plain CSV reading row straight to *sink* and says whether it
    did.

    A row is *plain* when it is a reading whose every field is already in its final form (an
    id, a 10-character date, a decimal number within range, no spaces to strip, no note, no
    attendance lists). Anything else goes the ordinary way, so every problem is reported
    exactly as the record path reports it. (A closure over locals: this runs once a row.)
    """
    if not all(name in positions for name in ("id", "date", "indicator", "value")):
        return lambda row: False
    # the fields a plain row fills, taken in one call; then the ones it mostly leaves alone
    head = _getter([positions[n] for n in ("id", "indicator", "date", "value")])
    i_unit = positions.get("unit")
    rest = [n for n in ("kind", "mode", "assumed", *_CHECKED_EMPTY) if n in positions]
    tail = _getter([positions[n] for n in rest])
    usual = tuple("reading" if n == "kind" else "" for n in rest)  # the common plain row
    add = sink._plain_readings()
    days: dict[str, dt.date | None] = {}
    values: dict[str, float | None] = {}  # the commonest value texts (a bounded cache)
    modes, flags = _MODES, _FLAGS

    def take(row: list[str]) -> bool:
        id, indicator, text, number_text = head(row)
        others = tail(row)
        mode: Mode | None = None
        assumed = False
        if others != usual:
            fields = dict(zip(rest, others, strict=True))
            if fields.get("kind", "") not in ("reading", ""):
                return False
            if any(fields.get(n) for n in _CHECKED_EMPTY):
                return False
            mode_text = fields.get("mode", "")
            if mode_text not in modes:
                return False
            flag = flags.get(fields.get("assumed", ""))
            if flag is None:
                return False
            mode, assumed = modes[mode_text], flag
        if not id or len(id) > 256 or id != id.strip():
            return False
        day = days[text] if text in days else _day(days, text)
        number = values[number_text] if number_text in values else _decimal(values, number_text)
        if day is None or number is None:
            return False
        return add(
            id, indicator, row[i_unit] if i_unit is not None else None, day, number, mode, assumed
        )

    return take


def _getter(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function taking the fields at *indices* of a row, as a tuple (in C when it can)."""
    if len(indices) > 1:
        return operator.itemgetter(*indices)
    if indices:
        (i,) = indices
        return lambda row: (row[i],)
    return lambda row: ()


def _day(days: dict[str, dt.date | None], text: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    days[text] = day
    return day


_MODES: dict[str, Mode | None] = {
    "": None,
    "increment": Mode.INCREMENT,
    "cumulative": Mode.CUMULATIVE,
}
_FLAGS: dict[str, bool] = {"": False, "false": False, "true": True}


def _decimal(values: dict[str, float | None], text: str) -> float | None:
    """*text* as a float when it is plain decimal notation within range, else ``None``;
    remembered in *values* while it holds fewer than :data:`_VALUES_KEPT` texts."""
    value: float | None
    if not text or text.strip(_DECIMAL_CHARS):
        value = None
    else:
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is not None and not -MAX_VALUE <= value <= MAX_VALUE:
            value = None
    if len(values) < _VALUES_KEPT:
        values[text] = value
    return value


_VALUES_KEPT = 4096
_DECIMAL_CHARS = "0123456789+-.eE"


def read_ledger(
    source: Source, *, format: RecordFormat | None = None, name: str | None = None
) -> Ledger:
    """Read a whole file into a :class:`~campaignkit.progress.Ledger`.

    Raises:
        RecordError: with every problem of the file, each located, when any row is bad.
    """
    reader = RecordReader(source, format=format, strict=False, name=name)
    ledger = Ledger(reader)
    if reader.problems:
        raise RecordError(reader.problems)
    return ledger


def write_records(
    records: Iterable[Record],
    target: str | os.PathLike[str] | IO[str],
    *,
    format: RecordFormat | None = None,
) -> int:
    """Write *records* as CSV or JSON Lines, one at a time; return how many were written.

    A path is replaced atomically: a reader sees the old file or the complete new one,
    never a half-written file. CSV always has every column of :data:`FIELDS`.
    """
    if isinstance(target, str | os.PathLike):
        fmt = format or format_of_records(target)
        path = Path(target)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                count = _write(records, stream, fmt)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return count
    if format is None:
        msg = "give the format ('csv' or 'jsonl') when writing to a stream"
        raise RecordError([Problem("$", "unknown-format", msg)])
    return _write(records, target, format)


def _write(records: Iterable[Record], stream: IO[str], fmt: RecordFormat) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(stream)  # RFC 4180: CRLF, so a lone CR in a note is quoted
        writer.writerow(FIELDS)
        for record in records:
            fields = record_to_fields(record)
            writer.writerow([_cell(fields.get(name)) for name in FIELDS])
            count += 1
        return count
    for record in records:
        stream.write(json.dumps(record_to_fields(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if value is True:
        return "true"
    if isinstance(value, float):
        return repr(value)
    return str(value)
