"""Ledgers folded on a Dask cluster, in blocks, into one accumulator.

Each ledger file is cut into blocks of about :data:`BLOCKSIZE` bytes at line breaks; a
worker reads each block into an :class:`~campaignkit.tracking.Accumulator` of its own, and
the accumulators are merged in a tree (they go between processes through pickle, tagged with
their format). The result is the one accumulator a single process reading the files in turn
would have built: :meth:`Accumulator.merge <campaignkit.tracking.Accumulator.merge>` is exact.

Problems keep their place. A block's reader is told the line number and byte offset its
block starts at in the file (a first, cheap pass counts the line breaks of every block) and
the file's header, so a row it cannot read is reported at its file, line and column, as the
single-process reader reports it. A quoted CSV field may run over lines, and where a record
that does ends depends on what comes before it: a CSV file with a quote character anywhere
is therefore read whole by one worker (several such files are still read in parallel).
JSON Lines files are always cut.

Dask is imported when :func:`fold_ledger_files` or :func:`merge_parts` is called, not before.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from campaignkit._errors import Problem, RecordError, ValidationError
from campaignkit.io import RecordFormat, RecordReader, format_of_records
from campaignkit.io._lines import codec
from campaignkit.io._parallel import header_line, line_breaks
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Accumulator

if TYPE_CHECKING:
    from dask.delayed import Delayed

BLOCKSIZE: Final = 64 << 20
"""How many bytes of a ledger file one task reads, by default (64 MiB: about a million
readings)."""


class FoldSpec(NamedTuple):
    """What every task of one fold shares (sent to each worker once)."""

    campaign: Campaign
    schedule: Schedule
    days: tuple[Any, ...] | None
    unique_ids: bool
    encoding: str

    @classmethod
    def of(
        cls,
        campaign: Campaign,
        schedule: Schedule,
        days: Iterable[Any] | None,
        unique_ids: bool,
        encoding: str = "utf-8",
    ) -> FoldSpec:
        """The spec of a fold tracking *days* (every day of the window when ``None``)."""
        tracked = None if days is None else tuple(sorted(set(days)))
        return cls(campaign, schedule, tracked, unique_ids, encoding)

    def task(self) -> Delayed:
        """The spec as one Dask task, so that it is sent to each worker once."""
        name = f"campaignkit-spec-{uuid.uuid4().hex}"
        task: Delayed = dask_module().delayed(self, name=name, traverse=False)
        return task


class _Counted(NamedTuple):
    """A block's first pass: its line breaks, whether its file must be read whole, and (the
    first block) the file's header line."""

    lines: int
    whole: bool
    header: str | None


def dask_module() -> Any:
    """The ``dask`` module, or a clear error saying how to install it."""
    try:
        import dask
    except ImportError:
        msg = "folding on a cluster needs Dask: python -m pip install 'campaignkit[dask]'"
        raise ValidationError([Problem("$", "missing-extra", msg)]) from None
    return dask


def fold_ledger_files(
    paths: Iterable[str | os.PathLike[str]],
    campaign: Campaign,
    schedule: Schedule,
    *,
    days: Iterable[Any] | None = None,
    unique_ids: bool = True,
    encoding: str = "utf-8",
    blocksize: int = BLOCKSIZE,
    split_every: int = 8,
    storage_options: Mapping[str, Any] | None = None,
) -> Delayed:
    """A Dask task graph folding the ledger files at *paths* into one accumulator.

    Compute it on the cluster of your choice (``.compute()``, or ``client.compute(...)``
    with a :mod:`distributed` client); the result is the
    :class:`~campaignkit.tracking.Accumulator` that reading every file in turn with a lenient
    :class:`~campaignkit.io.RecordReader` and :meth:`feed
    <campaignkit.io.RecordReader.feed>` gives: the same results, the same problems
    at the same file, line and column, but for one warning: a row without an id that
    repeats one of another block is counted as one reader counts it, without the
    ``repeated-record`` warning, which is a reader's (a block's).

    Args:
        paths: CSV or JSON Lines files (by suffix), local or any URL :mod:`fsspec` opens
            (``s3://…`` with s3fs installed); every worker must be able to read them.
        campaign: The campaign.
        schedule: Its schedule.
        days: The as-of days results will be asked for (fewer days: smaller accumulators
            to send between workers); every day of the window by default.
        unique_ids: Whether ids are trusted (the default here: each worker then keeps only
            partial totals) or checked (each keeps every distinct record, and the merge
            holds them all: see the how-to on running beyond one machine).
        encoding: How the files' bytes are text, as for the reader.
        blocksize: About how many bytes one task reads.
        split_every: How many accumulators one task merges.
        storage_options: Passed to :mod:`fsspec` to open the files.

    Raises:
        RecordError: ``unknown-format`` for a file that is neither ``.csv`` nor ``.jsonl``,
            ``unreadable-file`` or ``not-a-file`` for one that cannot be read.
        ValidationError: ``missing-extra`` when Dask is not installed, ``invalid-value`` for
            a *blocksize* or *split_every* that is not a positive whole number.
    """
    dask = dask_module()
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]  # fsspec has no types

    check_whole("blocksize", blocksize, 1)
    check_whole("split_every", split_every, 2)
    spec = FoldSpec.of(campaign, schedule, days, unique_ids, codec(encoding, None))
    shared = spec.task()
    parts = []
    for path in paths:
        name = os.fspath(path)
        format = format_of_records(name)
        fs, inner = url_to_fs(name, **(storage_options or {}))
        try:
            regular = fs.isfile(inner)
            size = fs.size(inner) if regular else 0
            missing = not regular and not fs.exists(inner)
        except OSError as exc:
            msg = f"cannot read {name}: {exc.strerror or exc}"
            raise RecordError([Problem("$", "unreadable-file", msg, source=name)]) from None
        if missing:
            msg = f"cannot read {name}: no such file"
            raise RecordError([Problem("$", "unreadable-file", msg, source=name)])
        if not regular:
            what = "a directory" if fs.isdir(inner) else "not a regular file"
            msg = f"{name} is {what}: records are read from a regular file"
            raise RecordError([Problem("$", "not-a-file", msg, source=name)])
        offsets = range(0, max(size, 1), blocksize)
        counted = [
            dask.delayed(_count, pure=True)(fs, inner, offset, blocksize, spec.encoding, k == 0)
            for k, offset in enumerate(offsets)
        ]
        layout = dask.delayed(_layout, pure=True)(counted)
        parts += [
            dask.delayed(_fold, pure=True)(
                shared, fs, inner, name, format, offset, blocksize, k, layout
            )
            for k, offset in enumerate(offsets)
        ]
    if not parts:
        parts = [dask.delayed(empty_accumulator, pure=True)(shared)]
    return merge_parts(parts, split_every=split_every)


def check_whole(name: str, value: object, least: int) -> None:
    """Refuse *value* for the argument *name* unless it is a whole number from *least*.

    Raises:
        ValidationError: ``invalid-value`` at ``$.name``.
    """
    if type(value) is not int or value < least:
        msg = f"{name} must be a whole number from {least} (got {value!r})"
        raise ValidationError([Problem(f"$.{name}", "invalid-value", msg)])


def merge_parts(parts: Iterable[Delayed], *, split_every: int = 8) -> Delayed:
    """A Dask task graph merging the accumulators *parts* compute to, in a tree.

    For partitions of your own making (readings generated, or fetched from a service, by
    each task): each part is a :func:`dask.delayed` computing to an
    :class:`~campaignkit.tracking.Accumulator` (or ``None``, left out), all of one campaign,
    schedule, days and id checking. Merging is exact, so the result is what one accumulator
    fed every part's records gives. Each merge task makes a new accumulator: no part is
    changed.

    Raises:
        ValidationError: ``invalid-value`` when there are no parts;
            ``accumulator-mismatch`` (when computed) for parts that do not merge.
    """
    dask = dask_module()
    level = list(parts)
    if not level:
        msg = "there are no accumulators to merge"
        raise ValidationError([Problem("$.parts", "invalid-value", msg)])
    merged = dask.delayed(_merged, pure=True)
    while True:  # one level at least: the result is a new accumulator, parts left as they are
        level = [merged(*level[i : i + split_every]) for i in range(0, len(level), split_every)]
        if len(level) == 1:
            return level[0]


def _merged(*parts: Accumulator | None) -> Accumulator | None:
    """A new accumulator holding everything *parts* hold."""
    real = [p for p in parts if p is not None]
    if not real:
        return None
    first = real[0]
    out = Accumulator(first.campaign, first.schedule, days=first.days, unique_ids=first.unique_ids)
    for part in real:
        out.merge(part)
    return out


def empty_accumulator(spec: FoldSpec) -> Accumulator:
    """The accumulator of no records."""
    return Accumulator(spec.campaign, spec.schedule, days=spec.days, unique_ids=spec.unique_ids)


def _block(stream: Any, offset: int, length: int) -> tuple[int, bytes]:
    """Where a block starts, and its bytes: from the first line that starts after *offset*
    (or the file's start) to the first line that starts after ``offset + length``, as
    :func:`fsspec.utils.read_block` cuts at line feeds; neighbours meet exactly."""
    from fsspec.utils import seek_delimiter  # type: ignore[import-untyped]  # no types

    stream.seek(offset)
    seek_delimiter(stream, b"\n", 1 << 16)
    start = stream.tell()
    stream.seek(offset + length)  # at or after start: neighbours meet, none overlaps
    seek_delimiter(stream, b"\n", 1 << 16)
    end = stream.tell()
    stream.seek(start)
    return start, stream.read(end - start)


def _count(fs: Any, path: str, offset: int, length: int, encoding: str, first: bool) -> _Counted:
    """The first pass over a block: its line breaks as the reader counts them (LF, CRLF and
    a lone CR), whether it holds a quote, and the header line of a first block."""
    with fs.open(path, "rb") as stream:
        _, data = _block(stream, offset, length)
    lines = line_breaks(data)
    whole = b'"' in data
    header = header_line(data, encoding) if first else None
    if first and header is None:
        whole = True  # the reader reports it; a header it cannot read is not shared
    return _Counted(lines, whole, header)


class _Layout(NamedTuple):
    """What the first pass says of a file: where each block's lines start, whether a CSV
    file must be read whole (by the task of its first block), and its header line."""

    first_lines: tuple[int, ...]
    whole: bool
    header: str | None


def _layout(counted: list[_Counted]) -> _Layout:
    """The layout of a file from the first pass over each of its blocks."""
    first_lines = [1]
    for block in counted[:-1]:
        first_lines.append(first_lines[-1] + block.lines)
    whole = len(counted) == 1 or any(c.whole for c in counted)
    return _Layout(tuple(first_lines), whole, counted[0].header)


def _fold(
    spec: FoldSpec,
    fs: Any,
    path: str,
    name: str,
    format: RecordFormat,
    offset: int,
    length: int,
    k: int,
    layout: _Layout,
) -> Accumulator | None:
    """Fold block *k* of a file (``None``: another task reads the whole file)."""
    acc = empty_accumulator(spec)
    whole = layout.whole and (format == "csv" or len(layout.first_lines) == 1)
    if whole and k > 0:
        return None
    with fs.open(path, "rb") as stream:
        if whole:
            reader = RecordReader(
                stream, format=format, strict=False, name=name, encoding=spec.encoding
            )
        else:
            start, data = _block(stream, offset, length)
            reader = RecordReader(
                io.BytesIO(data),
                format=format,
                strict=False,
                name=name,
                encoding=spec.encoding,
                header=layout.header if k > 0 and format == "csv" else None,
                first_line=layout.first_lines[k],
                first_byte=start,
            )
        reader.feed(acc)
    return acc
