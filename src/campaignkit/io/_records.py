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
memory can be fed to an :class:`~campaignkit.tracking.Accumulator` without building a ledger.

A file is read as bytes, line by line, each line decoded (UTF-8 unless an ``encoding`` is
given) and each record parsed on its own: a line that is not text, a stray quote or a field
over :data:`MAX_FIELD` is reported at its line, and reading goes on at the next one.

Bad rows are never skipped silently. Each problem carries the source, the line, the column
(the 1-based field index in CSV) and a path naming the field (``$.value``). A strict reader
raises :class:`~campaignkit.RecordError` at the first bad row; a lenient one collects
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
import io
import itertools
import json
import operator
import os
import stat
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias
from unicodedata import category

import attrs

from campaignkit._errors import (
    Problem,
    RecordError,
    Severity,
    ValidationError,
    join_path,
    reading_order,
)
from campaignkit.io._atomic import atomic_text
from campaignkit.io._cells import BOM, Formulas, check_formulas, csv_writer, restore_cell, text_cell
from campaignkit.io._fields import (
    FIELDS,
    SPACES,
    RowError,
    build_record,
    derives_id,
    record_to_fields,
)
from campaignkit.io._hints import column_hint
from campaignkit.io._json import json_text
from campaignkit.io._lines import Block, NotLinesError, blocks, codec, holds_gbk
from campaignkit.io._parallel import feed_in_parts
from campaignkit.model._base import MAX_VALUE
from campaignkit.tracking import Accumulator, Ledger, Mode, Origin, Record
from campaignkit.tracking._intake import (
    FLAGS,
    MODES,
    PLAIN,
    ReadingIntake,
    plain_date,
    plain_number,
)
from campaignkit.tracking._resolve import placed

RecordFormat: TypeAlias = Literal["csv", "jsonl"]
"""The two ledger formats."""
Backend: TypeAlias = Literal["auto", "python", "arrow", "polars"]
"""How :meth:`RecordReader.feed` reads CSV: see there."""

_SUFFIXES: dict[str, RecordFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_PARTY_FIELDS = ("present", "absent", "excused")

Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]

MAX_FIELD = 131_072
"""The longest field of a JSON Lines record, in characters: the :mod:`csv` module's default
limit, which CSV fields have (:func:`csv.field_size_limit`). A longer one is reported
(``too-long``)."""
BLANK = SPACES + "\r\n"
"""What a blank line (or a CSV row of blank fields) may hold, and is skipped for: spaces,
tabs (:data:`~campaignkit.io._fields.SPACES`, what a field is trimmed of) and its line end,
JSON's whitespace. Any other character, a form feed, a no-break or
ideographic space, a line separator, makes the line one to read or to report."""
MAX_SPAN = 1_000
"""The most lines one CSV record may run over (a quoted field with line breaks). A quote
that does not close within them is reported (``bad-csv``), and reading goes on at the line
after the one it opened on: one stray quote cannot swallow the rest of a file."""


_SEEN = BLANK + ","  # what a blank line, or a CSV row of empty cells, may show


def invisible_only(text: str, what: str = "line") -> str | None:
    """What is wrong with a *what* (a line, a row) that looks blank but is not
    (:data:`BLANK`): one of whitespace, controls and invisible format characters (a
    zero-width space), or ``None`` for any other text.

    >>> invisible_only("\\u200b,,", "row")[:57]
    "the row holds nothing but invisible characters ('\\\\u200b')"
    >>> invisible_only(" ,\\t,") is None  # spaces and tabs: a blank line
    True
    """
    unseen = [c for c in text if c not in _SEEN]
    if unseen and all(c.isspace() or category(c) in ("Cc", "Cf") for c in unseen):
        shown = ", ".join(sorted(map(repr, set(unseen))))
        return (
            f"the {what} holds nothing but invisible characters ({shown}): a blank {what}, "
            f"which is skipped, holds nothing but spaces and tabs; delete the {what} or its "
            "characters"
        )
    return None


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
        source: A path, or an open stream (text, or bytes to be decoded).
        format: ``csv`` or ``jsonl``; taken from the file suffix when not given.
        strict: Raise :class:`~campaignkit.RecordError` at the first bad row (the
            default), or collect the problems in :attr:`problems` and go on.
        name: How problems name the source (defaults to the path, or ``<stream>``).
        encoding: How the bytes of a file are text: ``utf-8`` (the default; a byte-order
            mark in front is dropped), or a codec such as ``gbk`` or ``gb18030`` for a
            ledger saved by Excel or WPS on Chinese Windows. The codec must write line
            breaks, commas and quotes as ASCII does (UTF-16 does not).
        header: The header line of the CSV file the source is a part of, when the source
            starts further into the file (no line of the source is then taken for the
            header; problems of the header are at line 1).
        first_line: The number, in its file, of the source's first line: 1 unless the
            source is a part of a file read on its own (by one worker of a cluster, say).
        first_byte: The byte offset, in its file, where the source starts (0 unless it is a
            part); problems name lines and byte offsets of the whole file.

    Attributes:
        problems: The located problems found so far: every one in lenient mode; in strict
            mode, which raises at the first error, the warnings (``repeated-record``: a row
            without an id that says what an earlier one said, so that the two are one
            record).
        rows: How many records (CSV) or non-blank lines (JSON Lines) were read so far, the
            bad ones included.
        lines: The line of every record read whose id was derived from its content (the
            row gave none), by that id: what :meth:`locate` places problems by.

    Iterate a reader once. A path is opened when iteration starts and closed when it ends;
    it must name a regular file (not a directory, a pipe or a device).

    Nothing is lost to one bad line: the file is read line by line, each line decoded on its
    own, so a line that is not text in the encoding, a stray quote or a field over
    :data:`MAX_FIELD` characters is reported at its line and reading goes on at the next
    one (see :data:`MAX_LINE` and :data:`MAX_SPAN` for the other limits).
    """

    source: Source
    format: RecordFormat | None = None
    strict: bool = True
    name: str | None = None
    encoding: str = "utf-8"
    header: str | None = None
    first_line: int = 1
    first_byte: int = 0
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
        self.encoding = codec(self.encoding, self.name)
        for field, least in (("first_line", 1), ("first_byte", 0)):
            value = getattr(self, field)
            if type(value) is not int or value < least:
                msg = f"{field} must be a whole number from {least} (got {value!r})"
                raise RecordError([Problem(f"$.{field}", "invalid-value", msg, source=self.name)])
        if self.header is not None and (self.format != "csv" or not isinstance(self.header, str)):
            msg = f"a header is the text of a CSV file's first line (got {self.header!r} for {self.format})"
            raise RecordError([Problem("$.header", "invalid-value", msg, source=self.name)])

    def feed(
        self, accumulator: Accumulator, *, backend: Backend = "auto", workers: int = 1
    ) -> None:
        """Add every record of the source to *accumulator*.

        The same as ``accumulator.update(reader)``, faster: plain CSV reading rows (every
        field already in its final form) are folded straight into the accumulator, without
        a record object being made; every other row is made a record and added. Problems
        are reported as iteration reports them (raised, or collected in :attr:`problems`),
        and a lenient reader hands them on to the accumulator too
        (:meth:`~campaignkit.tracking.Accumulator.add_unreadable`): its results then count
        and list every line that gave no record.

        Args:
            accumulator: Where the records go.
            backend: ``python``: the standard library's CSV reader, row by row.
                ``polars``: polars (the ``fast`` extra) reads a CSV file in one streaming
                query that checks every row and totals the readings per group; the totals
                go into the accumulator, in memory that follows the groups, not the rows.
                ``arrow``: pyarrow parses the file in chunks and totals each in Arrow. Both
                take only a UTF-8 file given by its path, into an accumulator with
                ``unique_ids=True``, that holds nothing but plain readings and no quote
                character (see :doc:`performance`); any other file, or one with a single
                row they do not take, is read the ``python`` way, so the result and the
                problems are always the same. ``auto`` (the default): ``polars`` when
                polars is installed, else ``arrow`` when pyarrow is, else ``python``.
            workers: How many processes read a file given by its path the ``python`` way
                (1, the default: this one alone). With more, the file is cut at line
                breaks into as many parts of at least 4 MiB, read at once by this
                process and child processes and merged, which is exact: the result is
                the same. A CSV file with a quote character, or one in which a part finds
                a problem, is read whole in this process, as with one worker, so problems
                are always the same (see :doc:`performance`). Most useful without the
                ``fast`` extra, on a machine with cores to spare.

        Raises:
            ValidationError: ``unknown-backend`` for another backend, or ``polars`` or
                ``arrow`` when its package is not installed; ``invalid-value`` for
                *workers* that is not a whole number from 1.
            RecordError: ``unreadable-file`` or ``not-a-file`` for a path that cannot be
                read or is not a regular file.
        """
        if backend not in ("auto", "python", "arrow", "polars"):
            msg = f"backend must be 'auto', 'python', 'arrow' or 'polars' (got {backend!r})"
            raise ValidationError([Problem("$.backend", "unknown-backend", msg)])
        if type(workers) is not int or workers < 1:
            msg = f"workers must be a whole number from 1 (got {workers!r})"
            raise ValidationError([Problem("$.workers", "invalid-value", msg)])
        engine = _engine(backend)
        columnar = (
            engine is not None
            and self.format == "csv"
            and self.encoding == "utf-8"
            and accumulator.unique_ids
            and isinstance(self.source, str | os.PathLike)
        )
        if columnar:
            assert engine is not None  # for the type checker
            assert isinstance(self.source, str | os.PathLike)
            self._check_file(self.source)
            rows = engine(self.source, accumulator)
            if rows is not None:
                self.rows += rows
                return
        whole_file = self.header is None and self.first_line == 1 and self.first_byte == 0
        if workers > 1 and whole_file and isinstance(self.source, str | os.PathLike):
            self._check_file(self.source)
            if feed_in_parts(self, accumulator, workers):
                accumulator.add_origins(self.origins())  # as below: places what it held
                return
        add, found = accumulator.add, len(self.problems)
        try:
            for record in self._records(accumulator):
                add(record)
        finally:
            accumulator.add_unreadable(self.problems[found:])
            accumulator.add_origins(self.origins())

    def __iter__(self) -> Iterator[Record]:
        return self._records(None)

    def _records(self, sink: Accumulator | None) -> Iterator[Record]:
        with self._open() as stream:
            gbk = self._gbk_beforehand(stream)
            lines = blocks(stream.read, self.encoding, self.first_line, self.first_byte, gbk=gbk)
            try:
                yield from self._csv(lines, sink) if self.format == "csv" else self._jsonl(lines)
            except NotLinesError as exc:  # raised before the first line: nothing was read
                self._report(exc.problem, 1)
            except UnicodeDecodeError as exc:  # a text stream that decodes as it is read
                msg = (
                    f"the stream is not text: {exc.reason}; give the bytes to read it line by line"
                )
                self._report(Problem("$", "bad-encoding", msg), None)

    def _gbk_beforehand(self, stream: IO[Any]) -> bool:
        """Whether a whole file read as UTF-8 holds GBK text (:func:`holds_gbk`), looked at
        before its lines are read when the stream can seek back: so that its lines that
        are UTF-8 only by chance are reported wherever they are, before the first line that
        is not UTF-8 too. A part of a file cannot tell (a part that finds a problem has the
        file read whole), nor can a stream read once."""
        whole = self.header is None and self.first_line == 1 and self.first_byte == 0
        if not whole or self.encoding != "utf-8" or isinstance(stream, io.TextIOBase):
            return False
        try:
            seekable = stream.seekable()
        except (OSError, ValueError):
            return False
        return seekable and holds_gbk(stream)

    def _check_file(self, path: str | os.PathLike[str]) -> None:
        """Refuse a path that is not a regular file, before anything opens it (a pipe would
        block, a device never end)."""
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            msg = f"cannot read {self.name}: {exc.strerror or exc}"
            raise RecordError([Problem("$", "unreadable-file", msg, source=self.name)]) from None
        if not stat.S_ISREG(mode):
            what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
            msg = f"{self.name} is {what}: records are read from a regular file"
            raise RecordError([Problem("$", "not-a-file", msg, source=self.name)])

    @contextlib.contextmanager
    def _open(self) -> Iterator[IO[Any]]:
        if not isinstance(self.source, str | os.PathLike):
            yield self.source
            return
        self._check_file(self.source)
        try:
            stream = open(self.source, "rb")  # noqa: SIM115  # closed by the with below
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

    def _csv(self, blocks: Iterator[Block], sink: Accumulator | None) -> Iterator[Record]:
        state = _CSVState(sink)
        if self.header is not None:  # a part of a file: the file's header, given
            try:
                row = next(csv.reader([self.header.rstrip("\r\n")], strict=True), [])
            except csv.Error as exc:
                self._report(Problem("$", "bad-csv", f"not CSV: {exc}"), 1)
                state.header(self._header, None)
            else:
                state.header(self._header, row)
        tail = Block(self.first_line, [], {})
        for block in blocks:
            if tail.lines:  # a record begun in the block before goes on in this one
                shift = len(tail.lines)
                bad = tail.bad | {i + shift: p for i, p in block.bad.items()}
                block = Block(tail.number, tail.lines + block.lines, bad)
            done = yield from self._csv_lines(block, state, final=False)
            tail = Block(block.number + done, block.lines[done:], {
                i - done: p for i, p in block.bad.items() if i >= done
            })  # fmt: skip
        if tail.lines:
            yield from self._csv_lines(tail, state, final=True)
        if state.names is None:
            msg = "the file is empty: a CSV ledger starts with a header naming its columns"
            self._report(Problem("$", "missing-field", msg), 1)

    def _csv_lines(
        self, block: Block, state: _CSVState, *, final: bool
    ) -> Generator[Record, None, int]:
        """The records of the lines of *block*; return how many of its lines they took (the
        lines of a record that goes on past the block are left, unless *final*)."""
        lines, bad, number = block.lines, block.bad, block.number
        if state.fast is not None and not bad and _unquoted(lines):
            return (yield from self._unquoted_lines(block, state))
        reader = csv.reader(lines, strict=True)
        start = base = 0  # the line the next record starts at; the line the reader began at
        fast, width = state.fast, state.width
        while True:
            try:
                for row in reader:
                    end = base + reader.line_num
                    one_line = end - start == 1  # the usual case
                    if one_line and fast is not None and len(row) == width and fast(row):
                        self.rows += 1
                        start = end
                        continue
                    if one_line or self._spans_well(row, block, start, end, state):
                        record = self._take(row, number + start, state, bad.get(start))
                        start = end
                        fast, width = state.fast, state.width
                        if record is not None:
                            yield record
                        continue
                    start += 1  # a stray quote, reported: read on from the line after its own
                    if state.names is None:
                        state.header(self._header, None)  # the header is lost with it
                    break
                else:
                    return len(lines)
            except csv.Error as exc:
                end = base + reader.line_num
                if end >= len(lines) and not final and end - start < MAX_SPAN:
                    return start  # perhaps a quoted field that goes on in the next block
                self._csv_error(exc, number + start, bad.get(start), end - start > 1)
                start += 1
                if state.names is None:
                    state.header(self._header, None)  # the header is lost with it
                    fast, width = state.fast, state.width
                if end == start:
                    continue  # the reader goes on at the next line by itself
            # read again from the line after the one a bad record over several lines began on
            reader = csv.reader(itertools.islice(lines, start, None), strict=True)
            base = start

    def _unquoted_lines(self, block: Block, state: _CSVState) -> Generator[Record, None, int]:
        """The records of the lines of *block*, which the csv module would read by splitting
        each at its commas (see :func:`_unquoted`): so they are split, each line a row, and
        only a row the fast lane does not take is parsed by the csv module."""
        lines, number = block.lines, block.number
        fast, width = state.fast, state.width
        assert fast is not None  # the header is read
        taken = 0  # rows the fast lane took, not yet counted in self.rows
        rows = map(
            str.split, map(str.rstrip, lines, itertools.repeat("\r\n")), itertools.repeat(",")
        )
        for i, row in enumerate(rows):
            if len(row) == width and fast(row):
                taken += 1
                continue
            self.rows += taken
            taken = 0
            parsed = next(csv.reader([lines[i]], strict=True), [])
            record = self._take(parsed, number + i, state, None)
            if record is not None:
                yield record
        self.rows += taken
        return len(lines)

    def _take(
        self, row: list[str], line: int, state: _CSVState, problem: Problem | None
    ) -> Record | None:
        """The record of one CSV *row* (``None``: a header, a blank row or a problem)."""
        if problem is not None and not row:  # a line that could not be read
            self.rows += 1
            self._report(problem, line)
            if state.names is None:
                state.header(self._header, None)  # the header is lost with it
            return None
        if state.names is None:
            state.header(self._header, row)
            return None
        return self._row(row, state.names, state.positions, line)

    def _spans_well(
        self, row: list[str], block: Block, start: int, end: int, state: _CSVState
    ) -> bool:
        """Whether the record over lines *start* .. *end* of *block* is one; if not, report
        it at its first line.

        Only a note holds line breaks; a record whose other fields do, or whose note runs
        over a line that reads as a record of its own, was made by a stray quote.
        """
        problem = self._spanning_problem(row, block, start, end, state)
        if problem is None:
            return True
        self.rows += 1
        self._report(Problem("$", "bad-csv", f"{problem}: is a quote stray?"), block.number + start)
        return False

    def _spanning_problem(
        self, row: list[str], block: Block, start: int, end: int, state: _CSVState
    ) -> str | None:
        """What is wrong with a record over several lines, if anything."""
        for i in range(start, end):
            if i in block.bad:
                return f"a quoted field goes on over line {block.number + i}, which cannot be read"
        if end - start > MAX_SPAN:
            return f"a quoted field opened here does not close within {MAX_SPAN:,} lines"
        if state.names is None:
            return None
        if len(row) != state.width:
            return (
                f"a quoted field opened here runs over {end - start} lines and leaves "
                f"{len(row)} fields, the header {state.width}"
            )
        note = state.positions.get("note")
        for i, field in enumerate(row):
            if i != note and ("\n" in field or "\r" in field):
                return f"the {state.names[i]!r} field runs over lines, as only a note may"
        for i in range(start + 1, end):
            try:
                alone = next(csv.reader([block.lines[i]], strict=True), [])
            except csv.Error:
                continue
            if len(alone) == state.width:
                return f"a quoted note runs over line {block.number + i}, a record of its own"
        return None

    def _csv_error(self, exc: csv.Error, line: int, bad: Problem | None, spanned: bool) -> None:
        """Report the line a CSV record that cannot be parsed begins on (*spanned*: the
        parser went on past it)."""
        self.rows += 1
        if bad is not None:
            self._report(bad, line)
        elif "field larger than field limit" in str(exc):
            msg = f"a field is longer than {csv.field_size_limit():,} characters"
            self._report(Problem("$", "too-long", msg), line)
        elif spanned:
            msg = "a quoted field opened here does not close: is a quote stray?"
            self._report(Problem("$", "bad-csv", msg), line)
        else:
            self._report(Problem("$", "bad-csv", f"not CSV: {exc}"), line)

    def _row(
        self, row: list[str], names: list[str], positions: Mapping[str, int], line: int
    ) -> Record | None:
        text = "".join(row)
        if not any(row) or not text.strip(BLANK):
            return None
        self.rows += 1
        invisible = None if text.isprintable() else invisible_only(text)  # (a quick test first)
        if invisible is not None or len(row) != len(names):
            msg = invisible or f"the row has {len(row)} fields, the header {len(names)}"
            self._report(Problem("$", "bad-csv", msg), line)
            return None
        if row[0].strip(SPACES) == names[0] and [cell.strip(SPACES) for cell in row] == names:
            msg = "the row repeats the header line (a ledger joined to another, header and all?)"
            self._report(Problem("$", "bad-csv", msg), line)
            return None
        cells = {names[i]: restore_cell(row[i]) for i in positions.values()}
        return self._record(cells, line, positions)

    def _header(self, names: list[str]) -> dict[str, int]:
        if not names:
            msg = "the header line is blank: a CSV ledger starts with a header naming its columns"
            self._report(Problem("$", "missing-field", msg), 1)
            return {}
        positions, problems = column_positions(names, "header")
        for i, problem in problems:
            self._report(problem, 1, None if i is None else i + 1)
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
        if derives_id(fields):
            first = self.lines.setdefault(record.id, line)
            if first != line:  # not an error: it is a line, read; but one record with another
                msg = (
                    f"the same record as line {first:,}: a row without an id is named by its "
                    "content, so the two are one record, counted once (twice when ids are "
                    "trusted); give each row an id if both happened"
                )
                warning = Problem("$", "repeated-record", msg, Severity.WARNING)
                self.problems.append(attrs.evolve(warning, source=self.name, line=line))
        return record

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """*problems* of a calculation over the records read, with each one about a record
        whose id was derived (:attr:`lines`) located by line instead: a problem at
        ``$.records["held-3f2a…"].subject`` is at ``$.subject`` on that record's line of
        the source, as the reader's own problems are. Other problems are kept as they are;
        all of them come in the order a reader meets them (by source, line, column).

        An accumulator this reader fed places them itself (:meth:`origins`): locate the
        problems of a calculation made from the records some other way.
        """
        origins = self.origins()
        return sorted((placed(p, origins) for p in problems), key=reading_order)

    def origins(self) -> dict[str, Origin]:
        """Where each record read whose id was derived came from (:attr:`lines`), for
        :meth:`~campaignkit.tracking.Accumulator.add_origins`."""
        return {id: Origin(self.name, line) for id, line in self.lines.items()}

    def _jsonl(self, blocks: Iterator[Block]) -> Iterator[Record]:
        for block in blocks:
            for i, text in enumerate(block.lines):
                if not text.strip(BLANK):
                    if i in block.bad:
                        self.rows += 1
                        self._report(block.bad[i], block.number + i)
                    continue
                self.rows += 1
                fields = self._json_object(text, block.number + i)
                if fields is not None:
                    record = self._record(fields, block.number + i, None)
                    if record is not None:
                        yield record

    def _json_object(self, text: str, number: int) -> dict[str, Any] | None:
        """The object on one JSON Lines line, or ``None`` when its problem is reported."""
        try:
            fields = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            msg = invisible_only(text) or f"not JSON: {exc.msg}"
            self._report(Problem("$", "bad-json", msg), number, exc.colno)
            return None
        except _DuplicateKeyError as exc:
            msg = f"the key {exc.key!r} appears twice in one object"
            self._report(Problem(f"$.{exc.key}", "duplicate-key", msg), number)
            return None
        except _HugeNumberError as exc:
            msg = (
                f"a number of {exc.digits:,} digits; a value is at most {MAX_VALUE:g} in magnitude"
            )
            self._report(Problem("$", "invalid-value", msg), number)
            return None
        except RecursionError:
            self._report(Problem("$", "bad-json", "not JSON: nested too deep"), number)
            return None
        if not isinstance(fields, dict):
            self._report(Problem("$", "bad-json", "each line must be a JSON object"), number)
            return None
        unknown = [k for k in fields if k not in FIELDS]
        if unknown:
            msg = f"unknown key {unknown[0]!r}; the keys are {', '.join(FIELDS)}"
            self._report(Problem(f"$.{unknown[0]}", "unknown-field", msg), number)
            return None
        for key, value in fields.items():
            items = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and len(v) > MAX_FIELD for v in items):
                msg = f"the field is longer than {MAX_FIELD:,} characters"
                self._report(Problem(f"$.{key}", "too-long", msg), number)
                return None
        return fields


@attrs.define
class _CSVState:
    """What reading a CSV file has learnt so far: its header and the fast lane it allows."""

    sink: Accumulator | None
    names: list[str] | None = None
    positions: dict[str, int] = attrs.field(factory=dict)
    fast: Callable[[Sequence[str]], bool] | None = None
    width: int = -1

    def header(self, check: Callable[[list[str]], dict[str, int]], row: list[str] | None) -> None:
        """Take *row* as the header, its columns' positions as *check* finds them (``None``:
        the header line could not be read, and its problem is reported)."""
        names = [h.strip(SPACES) for h in row or []]
        if names:
            names[0] = names[0].removeprefix("\ufeff")  # a byte-order mark left in a stream
        self.names, self.width = names, len(names)
        if row is not None:
            self.positions = check(names)
        # a fast lane only where a row can be a plain reading (else none: every row the
        # ordinary way, without being split first)
        takes = all(name in self.positions for name in _PLAIN_COLUMNS)
        self.fast = None if self.sink is None or not takes else fast_lane(self.positions, self.sink)


def column_positions(
    names: Sequence[object], what: str
) -> tuple[dict[str, int], list[tuple[int | None, Problem]]]:
    """The column of each field among the column *names* of a ledger's table (*what*: its
    ``header``, a ``frame``), and the problems of the others, each with the index of its
    column (``None``: of the table): unknown names, names given twice, no ``date``."""
    positions: dict[str, int] = {}
    problems: list[tuple[int | None, Problem]] = []
    for i, name in enumerate(names):
        path = join_path("$", str(name))
        if name not in FIELDS:
            msg = f"unknown column {name!r}{column_hint(name, FIELDS)}; the columns are {', '.join(FIELDS)}"
            problems.append((i, Problem(path, "unknown-field", msg)))
        elif name in positions:
            problems.append((i, Problem(path, "duplicate-field", f"column {name!r} appears twice")))
        else:
            positions[str(name)] = i
    if "date" not in positions:
        msg = f"the {what} has no 'date' column"
        problems.append((None, Problem("$.date", "missing-field", msg)))
    return positions, problems


class _DuplicateKeyError(Exception):
    """A JSON object gives *key* twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _HugeNumberError(Exception):
    """A JSON integer of more digits than any value may have."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object from its *pairs*, none of whose keys may come twice."""
    fields = dict(pairs)
    if len(fields) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return fields


def _json_int(text: str) -> int:
    """An integer of JSON text; one of more digits than any value may have is refused
    before Python's limit on converting long digit strings is reached."""
    if len(text) > _MAX_INT_DIGITS:
        raise _HugeNumberError(len(text.lstrip("-")))
    return int(text)


_MAX_INT_DIGITS = 40


_PLAIN_COLUMNS = ("id", "date", "indicator", "value")
"""The columns a table needs for any of its rows to be a plain reading."""


def fast_lane(positions: Mapping[str, int], sink: ReadingIntake) -> Callable[[Sequence[str]], bool]:
    """A function that hands a plain CSV reading row straight to *sink* and says whether it
    did.

    *positions* are the columns' places in a row, as the header gives them; a row is the
    text of its cells as the file holds them (before :func:`~campaignkit.io.restore_cell`).
    Other readers of rows of text (a dataframe's, in :mod:`campaignkit.integrations`) take
    the same lane.

    A row is *plain* when it is a reading whose every field is already in its final form
    (see :data:`~campaignkit.tracking.PLAIN`: an id, a ``YYYY-MM-DD`` date, a decimal
    number within range, no spaces to strip, no note, no attendance lists). Anything else
    goes the ordinary way, so every problem is reported exactly as the record path reports
    it. (A closure over locals: this runs once a row.)
    """
    if not all(name in positions for name in _PLAIN_COLUMNS):
        return lambda row: False
    # the fields a plain row fills, taken in one call; then the ones it mostly leaves alone
    head = _getter([positions[n] for n in ("id", "indicator", "date", "value")])
    i_unit = positions.get("unit")
    rest = [n for n in ("kind", "mode", "assumed", *PLAIN.empty) if n in positions]
    tail = _getter([positions[n] for n in rest])
    usual = tuple("reading" if n == "kind" else "" for n in rest)  # the common plain row
    add = sink.plain_readings()
    days: dict[str, dt.date | None] = {}
    values: dict[str, float | None] = {}  # the commonest value texts (a bounded cache)
    kinds, empty, modes, flags, max_id = PLAIN.kinds, PLAIN.empty, MODES, FLAGS, PLAIN.max_id
    never = PLAIN.id_never

    def take(row: Sequence[str]) -> bool:
        id, indicator, text, number_text = head(row)
        others = tail(row)
        mode: Mode | None = None
        assumed = False
        if others != usual:
            fields = dict(zip(rest, others, strict=True))
            if fields.get("kind", "") not in kinds:
                return False
            if any(fields.get(n) for n in empty):
                return False
            mode_text = fields.get("mode", "")
            if mode_text not in modes:
                return False
            flag = flags.get(fields.get("assumed", ""))
            if flag is None:
                return False
            mode, assumed = modes[mode_text], flag
        if not id or len(id) > max_id or id != id.strip() or id[0] == "'" or never in id:
            return False  # plain_id, inlined
        if not id.isprintable():  # narrower than plain_id's control characters, and quick
            return False
        day = days[text] if text in days else _day(days, text)
        number = values[number_text] if number_text in values else _decimal(values, number_text)
        if day is None or number is None:
            return False
        return add(
            id, indicator, row[i_unit] if i_unit is not None else None, day, number, mode, assumed
        )

    return take


_Engine: TypeAlias = Callable[[str | os.PathLike[str], Accumulator], int | None]


def _engine(backend: Backend) -> _Engine | None:
    """The columnar reader a backend names (``auto``: polars, else pyarrow, when one is
    installed), or ``None`` for the Python reader.

    Raises:
        ValidationError: ``unknown-backend`` for a backend whose package is not installed.
    """
    if backend == "python":
        return None
    from campaignkit.io import _arrow, _polars

    if backend == "auto":
        return (
            _polars.fold_csv if _polars.AVAILABLE else _arrow.fold_csv if _arrow.AVAILABLE else None
        )
    engines: dict[str, tuple[bool, _Engine, str]] = {
        "polars": (
            _polars.AVAILABLE,
            _polars.fold_csv,
            "polars: install the fast extra (python -m pip install '.[fast]' in a checkout)",
        ),
        "arrow": (_arrow.AVAILABLE, _arrow.fold_csv, "pyarrow: python -m pip install pyarrow"),
    }
    available, engine, needs = engines[backend]
    if not available:
        msg = f"the {backend} backend needs {needs}"
        raise ValidationError([Problem("$.backend", "unknown-backend", msg)])
    return engine


def _unquoted(lines: list[str]) -> bool:
    """Whether the csv module reads each of *lines* as its text split at every comma: no
    quote character, no NUL, no line over the field size limit. (A line ends at its first
    line break, LF, CRLF or a lone CR, as a file is split into lines; the csv module takes
    that break as the end of the row, as the split does once it is stripped.)"""
    text = "".join(lines)
    return (
        '"' not in text
        and "\0" not in text
        and max(map(len, lines), default=0) <= csv.field_size_limit()
    )


def _getter(indices: list[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A function taking the fields at *indices* of a row, as a tuple (in C when it can)."""
    if len(indices) > 1:
        return operator.itemgetter(*indices)
    if indices:
        (i,) = indices
        return lambda row: (row[i],)
    return lambda row: ()


def _day(days: dict[str, dt.date | None], text: str) -> dt.date | None:
    """:func:`~campaignkit.tracking._intake.plain_date`, remembered in *days*."""
    day = days[text] = plain_date(text)
    return day


def _decimal(values: dict[str, float | None], text: str) -> float | None:
    """:func:`~campaignkit.tracking._intake.plain_number`, remembered in *values* while it
    holds fewer than :data:`_VALUES_KEPT` texts."""
    value = plain_number(text)
    if len(values) < _VALUES_KEPT:
        values[text] = value
    return value


_VALUES_KEPT = 4096


def read_ledger(
    source: Source,
    *,
    format: RecordFormat | None = None,
    name: str | None = None,
    encoding: str = "utf-8",
) -> Ledger:
    """Read a whole file into a :class:`~campaignkit.tracking.Ledger`.

    *encoding* is as for :class:`RecordReader` (``gbk`` for a ledger saved on Chinese
    Windows, say). A row that repeats an earlier one (``repeated-record``, a warning of the
    reader) is not raised: the ledger holds it, and a calculation counts the two as one
    record unless ids are trusted.

    Raises:
        RecordError: with every error of the file, each located, when any row is bad.
    """
    reader = RecordReader(source, format=format, strict=False, name=name, encoding=encoding)
    ledger = Ledger(reader)
    errors = [p for p in reader.problems if p.severity is Severity.ERROR]
    if errors:
        raise RecordError(errors)
    return ledger


def write_records(
    records: Iterable[Record],
    target: str | os.PathLike[str] | IO[str],
    *,
    format: RecordFormat | None = None,
    formulas: Formulas = "neutralise",
    bom: bool = False,
) -> int:
    """Write *records* as CSV or JSON Lines, one at a time; return how many were written.

    A path is replaced atomically: a reader sees the old file or the complete new one,
    never a half-written file. CSV always has every column of :data:`FIELDS`.

    Args:
        records: What to write.
        target: A path, or a text stream (then *format* is required).
        format: ``csv`` or ``jsonl``; taken from the file suffix when not given.
        formulas: In CSV, text that a spreadsheet would run as a formula (``=``, ``+``,
            ``-``, ``@``, tab, carriage return first) is written with a leading apostrophe
            (``"neutralise"``, see :func:`~campaignkit.io.restore_cell`), or as it is
            (``"raw"``). Numbers are never changed. JSON Lines hold text as it is.
        bom: Begin a CSV file with a byte-order mark (:data:`~campaignkit.io.BOM`), so that
            Excel and WPS on Chinese Windows read it as UTF-8 (the readers of campaignkit
            skip it). JSON Lines never get one.

    >>> import io
    >>> from campaignkit.tracking import Reading
    >>> out = io.StringIO()
    >>> write_records([Reading(id="r1", indicator="ideas", date=dt.date(2010, 3, 1), value=-3,
    ...                        note="=1+1")], out, format="csv")
    1
    >>> out.getvalue().splitlines()[1]
    "r1,reading,2010-03-01,,ideas,,-3,,,,,'=1+1,"
    """
    policy = check_formulas(formulas)
    if isinstance(target, str | os.PathLike):
        fmt = format or format_of_records(target)
        with atomic_text(target) as stream:
            return _write(records, stream, fmt, policy, bom)
    if format is None:
        msg = "give the format ('csv' or 'jsonl') when writing to a stream"
        raise RecordError([Problem("$", "unknown-format", msg)])
    return _write(records, target, format, policy, bom)


def _write(
    records: Iterable[Record], stream: IO[str], fmt: RecordFormat, formulas: Formulas, bom: bool
) -> int:
    count = 0
    if fmt == "csv":
        if bom:
            stream.write(BOM)
        writer = csv_writer(stream)
        writer.writerow(FIELDS)
        for record in records:
            fields = record_to_fields(record)
            writer.writerow([_cell(fields.get(name), formulas) for name in FIELDS])
            count += 1
        return count
    for record in records:
        stream.write(json_text(record_to_fields(record)) + "\n")
        count += 1
    return count


def _cell(value: Any, formulas: Formulas) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if isinstance(value, int):
        return str(value)  # a number: never neutralised
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return text_cell(";".join(value), formulas)
    return text_cell(str(value), formulas)
