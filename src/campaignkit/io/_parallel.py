"""One ledger file read by several processes: ``RecordReader.feed(accumulator, workers=n)``.

The file is cut into *n* parts at line feeds; this process reads the first part and a child
process each of the others, every part into an accumulator of its own, with the line number
and byte offset it starts at in the file, and the file's header (what a cluster's workers
do: see :mod:`campaignkit.integrations`). The children hand back what they have seen
(:meth:`Accumulator.seen <campaignkit.tracking.Accumulator.seen>`), which this process folds
into the caller's accumulator in file order. Merging is exact, so the result is the one
reading the file whole gives.

Only what reads the same cut or whole is cut, and the cut is kept only when nothing in it
could read differently: a CSV file with a quote character anywhere (a quoted field may run
over lines, and where it ends depends on what comes before it), a line over the reader's
limit where a cut would fall, or a header that is not text is read whole; and when a part
reports any problem, or two parts hold a record without an id that says the same (the reader
warns of a repeat only within what it reads), the parts are dropped and the file is read
whole, here, as without workers, so that problems come out as they always do. Nothing of a
part reaches the caller's accumulator before every part is read.

Children are forked on Linux: they start at once, with the campaign and schedule already in
memory. Elsewhere, and from Python 3.12 on in a process that runs other threads, they are
spawned and sent both (see :func:`_context`).
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
import sys
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Protocol

from campaignkit.io._lines import MAX_LINE

if TYPE_CHECKING:
    from campaignkit._errors import Problem
    from campaignkit.model import Campaign
    from campaignkit.scheduling import Schedule
    from campaignkit.tracking import Accumulator, Seen

MIN_PART: Final = 4 << 20
"""The fewest bytes a part is cut to: a smaller part costs a process more than it saves."""
_SCAN = 8 << 20  # bytes looked at a time


def line_breaks(data: bytes) -> int:
    """How many lines end in *data*, as the reader ends them: at LF, CRLF or a lone CR."""
    lines = data.count(b"\n")
    if b"\r" in data:
        lines += data.count(b"\r") - data.count(b"\r\n")
    return lines


def next_line(stream: Any, offset: int) -> int | None:
    """The offset of the first line that starts at or after *offset* in the binary
    *stream* (a line starts at 0 and after each LF); ``None`` when none does within
    :data:`MAX_LINE` bytes but the file goes on (a line too long to cut at)."""
    if offset == 0:
        return 0
    stream.seek(offset - 1)
    rest = stream.readline(MAX_LINE + 1)
    if rest.endswith(b"\n") or len(rest) <= MAX_LINE:
        return offset - 1 + len(rest)
    return None


def cut(path: str, count: int, csv: bool) -> list[tuple[int, int]] | None:
    """The file at *path* cut into at most *count* parts of at least :data:`MIN_PART`
    bytes (each its first and past-the-last byte), or ``None`` when it is to be read whole
    (fewer than two parts; a CSV file with a quote character; a line too long to cut at)."""
    size = os.path.getsize(path)
    count = min(count, size // MIN_PART)
    if count < 2:
        return None
    with open(path, "rb") as stream:
        starts = [next_line(stream, size * k // count) for k in range(count)]
        if None in starts:
            return None
        if csv:
            stream.seek(0)
            while block := stream.read(_SCAN):
                if b'"' in block:
                    return None
    edges = [*sorted({s for s in starts if s is not None and s < size}), size]
    return list(itertools.pairwise(edges)) if len(edges) > 2 else None


def _first_line(stream: Any, start: int) -> int:
    """The number of the line that starts at byte *start* of *stream*."""
    stream.seek(0)
    line, position, tail = 1, 0, b""
    while position < start:
        block = stream.read(min(_SCAN, start - position))
        line += line_breaks(block) - (tail == b"\r" and block.startswith(b"\n"))
        position, tail = position + len(block), block[-1:]
    return line


class Reader(Protocol):
    """What is read of a :class:`~campaignkit.io.RecordReader` here (which this module
    does not import: the reader imports it)."""

    rows: int
    lines: dict[str, int]

    @property
    def source(self) -> object: ...
    @property
    def format(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def encoding(self) -> str: ...
    @property
    def problems(self) -> list[Problem]: ...
    def feed(self, accumulator: Accumulator, *, backend: Any) -> None: ...


class _Job(NamedTuple):
    """What a process reads: a part of the file, and how."""

    reader: Callable[..., Reader]
    """The reader's class (a child makes one for its part)."""
    path: str
    name: str | None
    format: str | None
    encoding: str
    header: str | None
    part: tuple[int, int]
    """Its first and past-the-last byte."""
    fold: tuple[Campaign, Schedule, tuple[Any, ...] | None, bool] | str
    """The campaign, schedule, days and id checking of the accumulator, or the key they
    are kept under in :data:`_SHARED` (a forked child has them there)."""


class _Found(NamedTuple):
    """What a process found in its part."""

    rows: int
    problems: int
    lines: dict[str, int]
    seen: Seen


_SHARED: dict[str, tuple[Campaign, Schedule, tuple[Any, ...] | None, bool]] = {}
"""What forked children read their parts into, by the key of the reading."""


def _read(job: _Job) -> _Found:
    """Read one part of a file into an accumulator of its own (leniently: the parts are
    dropped at any problem)."""
    from campaignkit.tracking import Accumulator

    campaign, schedule, days, unique_ids = (
        _SHARED[job.fold] if isinstance(job.fold, str) else job.fold
    )
    acc = Accumulator(campaign, schedule, days=days, unique_ids=unique_ids)
    start, end = job.part
    with open(job.path, "rb") as stream:
        first_line = _first_line(stream, start)  # counted here, in parallel
        stream.seek(start)
        reader = job.reader(
            io.BufferedReader(_Range(stream, end - start)),  # read as the whole file is
            format=job.format,
            strict=False,
            name=job.name,
            encoding=job.encoding,
            header=job.header if start else None,
            first_line=first_line,
            first_byte=start,
        )
        reader.feed(acc, backend="python")
    return _Found(reader.rows, len(reader.problems), reader.lines, acc.seen())


class _Range(io.RawIOBase):
    """The next *length* bytes of a binary *stream*, as a stream of their own: a part is
    read a chunk at a time, as the whole file is (memory follows the groups, not the
    part)."""

    def __init__(self, stream: Any, length: int) -> None:
        super().__init__()
        self._stream, self._left = stream, length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def header_line(head: bytes, encoding: str) -> str | None:
    """The first line of a file whose first bytes are *head*, as text: what the parts of a
    cut file are told of their header (``None`` when it is over the reader's limit or not
    text in *encoding*: the reader of the whole file reports it)."""
    cut = min((i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0), default=len(head))
    if cut >= MAX_LINE:
        return None
    try:
        return head[:cut].decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _header(path: str, encoding: str) -> str | None:
    """The first line of the file at *path*, as text (see :func:`header_line`)."""
    with open(path, "rb") as stream:
        return header_line(stream.read(MAX_LINE + 1), encoding)


def _context() -> Any:
    """Fork where it is safe and quick: on Linux, and from Python 3.12 on (which deprecates
    forking a process that runs threads) only while this process runs no other thread
    (an engine's pool, say). Else spawn: children start afresh and are sent the campaign."""
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    if fork and sys.version_info >= (3, 12):
        try:
            fork = len(os.listdir("/proc/self/task")) == 1
        except OSError:
            fork = False
    return multiprocessing.get_context("fork" if fork else "spawn")


def feed_in_parts(reader: Reader, accumulator: Accumulator, workers: int) -> bool:
    """Feed *accumulator* the file *reader* reads, cut into up to *workers* parts read at
    once; ``False``, having changed nothing, when the file is to be read whole."""
    assert isinstance(reader.source, str | os.PathLike)
    path, csv = os.fspath(reader.source), reader.format == "csv"
    # (the reader takes only encodings whose lines read alone, as in their file: codec)
    header = _header(path, reader.encoding) if csv else None
    if (csv and header is None) or multiprocessing.current_process().daemon:
        return False  # (a daemonic process may not have children)
    parts = cut(path, workers, csv)
    if parts is None:
        return False
    context, key = _context(), uuid.uuid4().hex
    fold = (accumulator.campaign, accumulator.schedule, accumulator.days, accumulator.unique_ids)
    shared = context.get_start_method() == "fork"
    jobs = [
        _Job(type(reader), path, reader.name, reader.format, reader.encoding, header, part,
             key if shared else fold)
        for part in parts
    ]  # fmt: skip
    _SHARED[key] = fold
    try:
        with ProcessPoolExecutor(len(jobs) - 1, mp_context=context, initializer=gc.disable) as pool:
            futures = [pool.submit(_read, job) for job in jobs[1:]]
            found = [_read(jobs[0]), *(f.result() for f in futures)]
    except BrokenProcessPool:  # a child killed (out of memory, say): read it whole
        return False
    finally:
        del _SHARED[key]
    derived: set[str] = set()
    for part in found:
        if part.problems or not derived.isdisjoint(part.lines):
            return False
        derived.update(part.lines)
    for part in found:
        accumulator.take_seen(part.seen)
        reader.rows += part.rows
        reader.lines.update(part.lines)
    return True
