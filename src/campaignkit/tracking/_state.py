"""Partial aggregates per entity and per day bucket, which merge exactly.

A :class:`State` holds, for each indicator (and unit) and each scheduled item, what the
records so far add up to, split into *buckets* of days so that the same state answers
"as of" any day it tracks. Every part combines associatively and commutatively:

- sums are kept exactly, as an integer numerator over a power of two (every float is one),
  so adding in any order and merging in any grouping give the very same total;
- counts add; maxima take the larger; the latest reading is the greatest
  ``(day, record id)``;
- attendance lists of one item are united.

Memory grows with entities × tracked buckets, never with the number of records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, TypeAlias

import attrs

from campaignkit._errors import Problem
from campaignkit.model import Window
from campaignkit.tracking._intake import ReadingTotals, bucket_of
from campaignkit.tracking._resolve import Entry, HeldEntry, ReadingEntry, Target

Key: TypeAlias = tuple[str, str | None]
"""What readings are folded under: ``(indicator, unit)``, the unit ``None`` for none."""
ReadingFolder: TypeAlias = Callable[[str, Key, dt.date, float, bool], None]
"""Folds a reading that counts: ``(record_id, key, day, value, assumed)``."""


@attrs.define
class ReadingCell:
    """What the readings of one indicator (and unit) in one bucket add up to.

    The exact sum is ``num / 2**exp`` (every float is an integer over a power of two); the
    latest reading is the one with the greatest ``(last_day, last_id)``; ``last_low`` and
    ``last_high`` bound the values of every reading dated ``last_day``, so that readings of
    the latest day that disagree are seen (a ``last`` indicator takes one of them by id).
    """

    n: int = 0
    """How many readings."""
    num: int = 0
    exp: int = 0
    top: float = -math.inf
    """The largest value."""
    last_day: dt.date = dt.date.min
    last_id: str = ""
    last_value: float = 0.0
    assumed: int = 0
    """How many of the readings are assumed."""
    last_low: float = math.inf
    """The smallest value of the readings dated ``last_day``."""
    last_high: float = -math.inf
    """The largest value of the readings dated ``last_day``."""

    def add(self, record_id: str, day: dt.date, value: float, assumed: bool) -> None:
        """Add one reading: count, exact sum, maximum, latest and the values of its day,
        assumed count.

        The one place a reading changes a cell (this runs once a record).
        """
        self.n += 1
        if self.exp == 0 and value.is_integer():  # whole numbers, the common case, stay small
            self.num += int(value)
        else:
            num, den = value.as_integer_ratio()
            exp = den.bit_length() - 1
            if exp > self.exp:
                self.num <<= exp - self.exp
                self.exp = exp
            self.num += num << (self.exp - exp)
        if value > self.top:
            self.top = value
        if day > self.last_day:
            self.last_day, self.last_id, self.last_value = day, record_id, value
            self.last_low = self.last_high = value
        elif day == self.last_day:
            if record_id > self.last_id:
                self.last_id, self.last_value = record_id, value
            if value < self.last_low:
                self.last_low = value
            if value > self.last_high:
                self.last_high = value
        if assumed:
            self.assumed += 1

    def combine(self, other: ReadingCell) -> None:
        """Add what *other* holds (in any order and grouping: the result is the same)."""
        self.n += other.n
        a, b = self.exp, other.exp
        if b > a:
            self.num = (self.num << (b - a)) + other.num
            self.exp = b
        else:
            self.num += other.num << (a - b)
        if other.top > self.top:
            self.top = other.top
        if other.last_day > self.last_day:
            self.last_day, self.last_id, self.last_value = (
                other.last_day, other.last_id, other.last_value,
            )  # fmt: skip
            self.last_low, self.last_high = other.last_low, other.last_high
        elif other.last_day == self.last_day:
            if other.last_id > self.last_id:
                self.last_id, self.last_value = other.last_id, other.last_value
            self.last_low = min(self.last_low, other.last_low)
            self.last_high = max(self.last_high, other.last_high)
        self.assumed += other.assumed

    @property
    def split(self) -> bool:
        """Whether readings of the latest day have different values (a ``last`` indicator
        takes one of them by record id)."""
        return self.n > 0 and self.last_low != self.last_high

    def copy(self) -> ReadingCell:
        """A cell holding the same, to be combined into without changing this one."""
        return ReadingCell(
            self.n, self.num, self.exp, self.top, self.last_day, self.last_id,
            self.last_value, self.assumed, self.last_low, self.last_high,
        )  # fmt: skip


class CellValue(NamedTuple):
    """What the readings of a cell come to (see :func:`value_of`): how many, their sum,
    largest and latest value, the latest day, how many are assumed."""

    readings: int
    total: float
    largest: float
    last: float
    last_day: dt.date
    assumed: int
    """How many of the readings are assumed."""


def value_of(cell: ReadingCell) -> CellValue:
    """The count, sum, maximum, latest value and day, and assumed count of a reading cell
    (count >= 1)."""
    try:
        total = cell.num / (1 << cell.exp)
    except OverflowError:  # cannot happen for values within MAX_VALUE, kept for safety
        total = math.inf if cell.num > 0 else -math.inf
    return CellValue(cell.n, total, cell.top, cell.last_value, cell.last_day, cell.assumed)


def _columns(cells: dict[Key, ReadingCell]) -> tuple[list[Any], ...]:
    """The cells as columns: their keys, then each field (days as ordinals)."""
    found = cells.values()
    return (
        list(cells), [c.n for c in found], [c.num for c in found], [c.exp for c in found],
        [c.top for c in found], [c.last_day.toordinal() for c in found],
        [c.last_id for c in found], [c.last_value for c in found], [c.assumed for c in found],
        [c.last_low for c in found], [c.last_high for c in found],
    )  # fmt: skip


def _cells(keys: list[Key], *fields: list[Any]) -> dict[Key, ReadingCell]:
    """The cells of :func:`_columns`."""
    day = dt.date.fromordinal
    return {
        key: ReadingCell(n, num, exp, top, day(last), last_id, value, assumed, low, high)
        for key, n, num, exp, top, last, last_id, value, assumed, low, high in zip(
            keys, *fields, strict=True
        )
    }


@attrs.define
class HeldCell:
    """What the held records of one scheduled item in one bucket say: how many, and who
    was present, absent and excused (party ids)."""

    n: int
    present: set[str]
    absent: set[str]
    excused: set[str]

    def combine(self, other: HeldCell) -> None:
        """Add what *other* holds."""
        self.n += other.n
        self.present |= other.present
        self.absent |= other.absent
        self.excused |= other.excused

    def copy(self) -> HeldCell:
        """A cell holding the same, to be combined into without changing this one."""
        return HeldCell(self.n, set(self.present), set(self.absent), set(self.excused))


class _Slot(NamedTuple):
    """Where a reading of one day is folded: its bucket, the bucket's reading cells
    (``None`` after every tracked day: such readings are counted, their values never
    used), and whether the day closes the bucket (the tracked day itself)."""

    bucket: int
    cells: dict[Key, ReadingCell] | None
    closing: bool


class Snapshot:
    """The state combined over every bucket up to a day: what the records say as of it.

    A reading cell of the state is shared until another bucket's cell is combined into it
    (then the snapshot combines into a copy of its own): most snapshots are one bucket's
    cells read as they are, and a state of tens of thousands of cells is not copied for
    them. Nothing else changes a cell of a snapshot, and the state's cells are read only.
    """

    def __init__(self) -> None:
        self.readings: dict[Key, ReadingCell] = {}
        self.held: dict[Target, HeldCell] = {}
        self.cancelled: set[Target] = set()
        self.used = 0
        self._own: set[Key] = set()  # the keys of the cells copied from the state's

    def add_bucket(self, state: State, bucket: int) -> None:
        """Combine the contents of one bucket of *state* into this snapshot."""
        cells = state.readings.get(bucket, {})
        readings, own = self.readings, self._own
        if not readings:
            readings.update(cells)  # shared, as they are
        else:
            for key, cell in cells.items():
                mine = readings.get(key)
                if mine is None:
                    readings[key] = cell
                else:
                    if key not in own:
                        mine = readings[key] = mine.copy()
                        own.add(key)
                    mine.combine(cell)
        for item, held in state.held.get(bucket, {}).items():
            current = self.held.get(item)
            if current is None:
                self.held[item] = held.copy()
            else:
                current.combine(held)
        self.cancelled |= state.cancelled.get(bucket, set())
        self.used += state.valid.get(bucket, 0)


class State:
    """Bucketed partial aggregates of resolved records.

    Args:
        window: The campaign window (records outside it never reach a state).
        days: The days the state must answer for, or ``None`` for every day of the window.
            With days ``d1 < d2 < …``, bucket *i* holds records dated after ``d(i-1)`` and on
            or before ``d(i)``; the last bucket holds those after every tracked day.
    """

    def __init__(self, window: Window, days: tuple[dt.date, ...] | None) -> None:
        self.window = window
        self.days = days
        self.readings: dict[int, dict[Key, ReadingCell]] = {}
        self.held: dict[int, dict[Target, HeldCell]] = {}
        self.cancelled: dict[int, set[Target]] = {}
        self.valid: dict[int, int] = {}
        self.assumed: dict[int, int] = {}
        """Held and cancelled records marked ``assumed``, by bucket (readings' are in their
        cells)."""
        self.on_day: dict[int, int] = {}
        """Records not marked ``assumed`` dated on the tracked day that closes their bucket,
        by bucket: on a report's own day, what a ledger dates there is dated by assumption."""
        self.on_day_known = True
        """``False`` once totals of readings were folded that do not say how many of them
        are dated on the day closing their bucket (:attr:`on_day` is then short)."""
        self.reported = 0
        self.problems: list[Problem] = []
        self.slots: dict[dt.date, _Slot] = {}  # a cache of slot()
        self.fold_reading: ReadingFolder = self._reading_folder()
        """Fold a reading that counts, under *key* (the fast lane of :meth:`fold`):
        ``fold_reading(record_id, key, day, value, assumed)``."""

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle holds: the tables, not the closure over them nor the cache of
        :meth:`slot` (both made again); the reading cells of a bucket as columns (a list
        of keys, one of each field), which pickle six times quicker than the cells."""
        state = dict(self.__dict__)
        del state["fold_reading"], state["slots"]
        state["readings"] = {bucket: _columns(cells) for bucket, cells in self.readings.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        readings = state.pop("readings")
        self.__dict__.update(state)
        self.readings = {bucket: _cells(*columns) for bucket, columns in readings.items()}
        self.slots = {}
        self.fold_reading = self._reading_folder()

    # -- buckets ---------------------------------------------------------------------------

    def bucket_of(self, day: dt.date) -> int:
        """The bucket a record dated *day* belongs to (see :func:`.intake.bucket_of`)."""
        return bucket_of(self.window.start, self.days, day)

    def last_bucket(self, as_of: dt.date) -> int:
        """The last bucket whose records are dated on or before *as_of* (-1: none).

        Raises:
            KeyError: when the state tracks given days and *as_of* is not one of them.
        """
        if self.days is None:
            return min((as_of - self.window.start).days, self.window.days - 1)
        i = bisect.bisect_left(self.days, as_of)
        if i == len(self.days) or self.days[i] != as_of:
            raise KeyError(as_of)
        return i

    def closing_day(self, bucket: int) -> dt.date | None:
        """The tracked day that closes *bucket* (``None`` for the one after every tracked
        day)."""
        if self.days is None:
            return self.window.start + dt.timedelta(days=bucket)
        return self.days[bucket] if bucket < len(self.days) else None

    @property
    def read(self) -> int:
        """How many records were folded: those kept out and those that count."""
        return self.reported + self.total_valid

    @property
    def untracked(self) -> int | None:
        """The bucket after every tracked day (``None`` when every day is tracked): its
        records are counted (``after_as_of``) and checked, but no result is asked for a day
        after them, so the values of its readings are not kept."""
        return None if self.days is None else len(self.days)

    @property
    def buckets(self) -> int:
        """How many buckets there are, the one after every tracked day included."""
        return self.window.days if self.days is None else len(self.days) + 1

    # -- folding ---------------------------------------------------------------------------

    def fold(self, record_id: str, entry: Entry | None, problems: tuple[Problem, ...]) -> None:
        """Fold one resolved record (``entry`` is ``None`` for a record kept out)."""
        if problems:
            self.problems.extend(problems)
        if entry is None:
            self.reported += 1
            return
        bucket = self.bucket_of(entry.day)
        self.valid[bucket] = self.valid.get(bucket, 0) + 1
        if entry.assumed:
            if not isinstance(entry, ReadingEntry):  # a reading's is counted in its cell
                self.assumed[bucket] = self.assumed.get(bucket, 0) + 1
        elif entry.day == self.closing_day(bucket):
            self.on_day[bucket] = self.on_day.get(bucket, 0) + 1
        if isinstance(entry, ReadingEntry):
            if bucket == self.untracked:
                return  # counted; no result reads its value
            cells = self.readings.setdefault(bucket, {})
            cell = cells.get(entry.key)
            if cell is None:
                cell = cells[entry.key] = ReadingCell()
            cell.add(record_id, entry.day, entry.value, entry.assumed)
        elif isinstance(entry, HeldEntry):
            held = self.held.setdefault(bucket, {})
            current = held.get(entry.item)
            if current is None:
                held[entry.item] = HeldCell(
                    1, set(entry.present), set(entry.absent), set(entry.excused)
                )
            else:
                current.n += 1
                current.present.update(entry.present)
                current.absent.update(entry.absent)
                current.excused.update(entry.excused)
        else:
            self.cancelled.setdefault(bucket, set()).add(entry.item)

    def _reading_folder(self) -> ReadingFolder:
        """:attr:`fold_reading`: a closure over the state's tables (it runs once a record)."""
        slots, slot_of, valid, on_day = self.slots, self.slot, self.valid, self.on_day

        def fold_reading(
            record_id: str, key: Key, day: dt.date, value: float, assumed: bool
        ) -> None:
            bucket, cells, closing = slots.get(day) or slot_of(day)
            valid[bucket] += 1
            if closing and not assumed:
                on_day[bucket] += 1
            if cells is None:
                return  # after every tracked day: counted, its value never used
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = ReadingCell()
            cell.add(record_id, day, value, assumed)

        return fold_reading

    def fold_groups(self, groups: Iterable[tuple[Key, _Slot, ReadingTotals]]) -> None:
        """Fold the totals of groups of readings that count, each under its key, all of a
        group's readings in the bucket of its slot (that of ``group.last``).

        The one place totals become a cell (this runs once a group: its fields are read by
        unpacking, the cell made in place)."""
        valid, on_day = self.valid, self.on_day
        for key, (bucket, cells, closing), group in groups:
            _, _, _, first, last, n, total, top, last_id, value, assumed, low, high = group
            valid[bucket] += n
            if closing:
                if first == last:
                    on_day[bucket] += n - assumed
                else:  # how many of them are dated on the closing day is not known
                    self.on_day_known = False
            if cells is None:
                continue  # after every tracked day: counted, their values never used
            num, den = total.as_integer_ratio()
            cell = ReadingCell(
                n, num, den.bit_length() - 1, top + 0.0, last, last_id, value + 0.0, assumed,
                low + 0.0, high + 0.0,
            )  # fmt: skip
            mine = cells.get(key)
            if mine is None:
                cells[key] = cell
            else:
                mine.combine(cell)

    def slot(self, day: dt.date) -> _Slot:
        """The bucket of *day*, its reading cells and whether *day* closes it, remembered in
        :attr:`slots` (the bucket's counts made present, for them to be incremented)."""
        bucket = self.bucket_of(day)
        self.valid.setdefault(bucket, 0)
        self.on_day.setdefault(bucket, 0)
        closing = day == self.closing_day(bucket)
        cells = None if bucket == self.untracked else self.readings.setdefault(bucket, {})
        slot = self.slots[day] = _Slot(bucket, cells, closing)
        return slot

    def merge(self, other: State, *, take: bool = False) -> None:
        """Combine *other* into this state (which must track the same days); *take*: its
        cells become this state's as they are (*other* is dropped afterwards), rather than
        copies."""
        self.reported += other.reported
        self.problems.extend(other.problems)
        for bucket, count in other.valid.items():
            self.valid[bucket] = self.valid.get(bucket, 0) + count
        for bucket, count in other.assumed.items():
            self.assumed[bucket] = self.assumed.get(bucket, 0) + count
        for bucket, count in other.on_day.items():
            self.on_day[bucket] = self.on_day.get(bucket, 0) + count
        self.on_day_known = self.on_day_known and other.on_day_known
        for bucket, cells in other.readings.items():
            if bucket == self.untracked:
                continue  # (none is kept there)
            mine = self.readings.setdefault(bucket, {})
            if take and not mine:
                mine.update(cells)
                continue
            for key, cell in cells.items():
                if key in mine:
                    mine[key].combine(cell)
                else:
                    mine[key] = cell if take else cell.copy()
        for bucket, items in other.held.items():
            held = self.held.setdefault(bucket, {})
            for item, attended in items.items():
                if item in held:
                    held[item].combine(attended)
                else:
                    held[item] = attended if take else attended.copy()
        for bucket, cancelled in other.cancelled.items():
            self.cancelled.setdefault(bucket, set()).update(cancelled)

    # -- reading back ----------------------------------------------------------------------

    def snapshot(self, as_of: dt.date) -> Snapshot:
        """Everything dated on or before *as_of*, combined."""
        snap = Snapshot()
        for bucket in range(self.last_bucket(as_of) + 1):
            snap.add_bucket(self, bucket)
        return snap

    def sweep(self, days: tuple[dt.date, ...]) -> Iterator[tuple[dt.date, Snapshot]]:
        """Snapshots as of each of *days* (ascending), built in one pass over the buckets.

        The snapshot yielded is updated in place for the next day: use it before moving on.
        """
        snap = Snapshot()
        done = 0
        for day in days:
            upto = self.last_bucket(day)
            while done <= upto:
                snap.add_bucket(self, done)
                done += 1
            yield day, snap

    def recorded_items(self, as_of: dt.date) -> tuple[set[Target], set[Target]]:
        """The items held, and those cancelled, by records dated on or before *as_of*
        (without combining their attendance)."""
        held: set[Target] = set()
        cancelled: set[Target] = set()
        for bucket in range(self.last_bucket(as_of) + 1):
            held.update(self.held.get(bucket, ()))
            cancelled.update(self.cancelled.get(bucket, ()))
        return held, cancelled

    def dated_by_assumption(self, as_of: dt.date) -> dict[dt.date, int]:
        """How many records used as of *as_of* are dated by assumption, by the tracked day
        closing their bucket: those marked ``assumed``, and those dated on *as_of* itself.

        Raises:
            KeyError: when *as_of* is not a tracked day.
        """
        last = self.last_bucket(as_of)
        counts: dict[dt.date, int] = {}
        for bucket in range(last + 1):
            count = self.assumed.get(bucket, 0)
            count += sum(cell.assumed for cell in self.readings.get(bucket, {}).values())
            day = self.closing_day(bucket)
            if day == as_of:
                count += self.on_day.get(bucket, 0)
            if count and day is not None:
                counts[day] = count
        return counts

    @property
    def total_valid(self) -> int:
        """Records used or dated after every tracked day."""
        return sum(self.valid.values())
