"""The :class:`Accumulator`: records folded into partial aggregates that merge exactly.

Records are resolved against the campaign and its schedule (:mod:`._resolve`), folded into
partial aggregates per entity and per bucket of days (:mod:`._state`), and each as-of day's
tree is measured from them (:mod:`._measure`, formulas there) and rolled up
(:mod:`._rollup`). :func:`~campaignkit.tracking.progress` (in :mod:`._progress`) is the one
call that does all of it for one ledger.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from campaignkit._errors import Problem, RecordError, Severity, ValidationError
from campaignkit._memory import collection_paused
from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign, Window
from campaignkit.scheduling import Schedule
from campaignkit.tracking._intake import (
    PLAIN,
    Lane,
    ReadingSink,
    ReadingTotals,
    plain_id,
    plain_text,
    plain_value,
)
from campaignkit.tracking._measure import Measurer
from campaignkit.tracking._plan import WorkingDays
from campaignkit.tracking._recorded import Recorded
from campaignkit.tracking._records import Cancelled, Held, Mode, Reading, Record
from campaignkit.tracking._resolve import Origin, Resolver, placed, record_path
from campaignkit.tracking._rollup import gate_ends
from campaignkit.tracking._state import Key, ReadingCell, State, _Slot
from campaignkit.tracking._status import Thresholds
from campaignkit.tracking._tree import Progress, RecordCounts
from campaignkit.tracking._weights import Weights

PICKLE_FORMAT: Final = 5
"""The format of a pickled :class:`Accumulator`: raise it whenever what a pickle holds
changes shape. A pickle carries it, with the campaignkit version that made it, in front of
everything else; unpickling checks both before reading the rest."""

_ReadingFields = tuple[str, str | None, dt.date, float, Mode | None, str | None, bool]
"""A reading kept for ids to be checked: indicator, unit, date, value, mode, note, assumed."""
_Kept = _ReadingFields | Held | Cancelled


def _name(names: set[str], text: object) -> bool:
    """Whether *text* is plain; a plain one is remembered in *names*."""
    if isinstance(text, str) and plain_text(text):
        names.add(text)
        return True
    return False


_NOT_PLAIN: tuple[str, str | None] = ("", None)
"""A key no reading has (an indicator id is never empty): names that are not plain."""


def _plain_pair(indicator: str, unit: str | None) -> tuple[str, str | None] | None:
    """``(indicator, unit)`` when both are plain (an empty unit is none), else ``None``."""
    if plain_text(indicator) and (not unit or plain_text(unit)):
        return (indicator, unit or None)
    return None


_Triple = tuple[str, str | None, Mode | None]
_UNTRACKED: Final = object()
"""What a sink's cache gives for readings after every tracked day (counted, no cell)."""
_UNSEEN: tuple[str, str | None] = ("", "")
"""What a cache of keys gives for a triple it has not seen (a key no reading has)."""


class Seen:
    """What an :class:`Accumulator` has seen, without its campaign and schedule: its
    partial totals, the records it keeps to check ids, the problems of lines that gave no
    record and where records of derived ids were read. Made by :meth:`Accumulator.seen`,
    taken by :meth:`Accumulator.take_seen`; nothing else reads it. It pickles (quicker than
    an accumulator); read it back only with the campaignkit version that made it."""

    __slots__ = ("origins", "state", "unreadable", "versions")
    state: State
    versions: _Versions
    unreadable: list[Problem]
    origins: dict[str, Origin]


class _Folder:
    """Folding: resolved records into a :class:`State`, readings by the key they fold
    under (resolved once for each indicator, unit and mode)."""

    def __init__(self, resolver: Resolver, window: Window) -> None:
        self.resolver = resolver
        self.first, self.last = window.start, window.end
        self.plain_keys: dict[_Triple, Key | None] = {}  # a cache of plain_key

    def record(self, state: State, record: Held | Cancelled) -> None:
        """Fold a held or cancelled record."""
        state.fold(record.id, *self.resolver.resolve(record))

    def reading(
        self,
        state: State,
        id: str,
        indicator: str,
        unit: str | None,
        day: dt.date,
        value: float,
        mode: Mode | None,
        assumed: bool,
    ) -> None:
        """Fold a reading (checked): by its key when it counts, else with its problems."""
        key = self.resolver.key_of(indicator, unit, mode)  # remembered by the resolver
        if key is not None and self.first <= day <= self.last:
            state.fold_reading(id, key, day, value, assumed)
        else:
            state.fold(id, *self.resolver.reading(id, indicator, unit, day, value, mode, assumed))

    def plain_key(self, indicator: str, unit: str | None, mode: Mode | None) -> Key | None:
        """The key readings of plain names fold under: ``None`` when the campaign refuses
        them, :data:`_NOT_PLAIN` for names not plain (remembered)."""
        key = self.plain_keys.get((indicator, unit, mode), _UNSEEN)
        if key is _UNSEEN:
            pair = _plain_pair(indicator, unit)
            key = _NOT_PLAIN if pair is None else self.resolver.key_of(*pair, mode)
            self.plain_keys[(indicator, unit, mode)] = key
        return key

    def sink(self, state: State) -> ReadingSink:
        """A :class:`~campaignkit.tracking.ReadingSink` folding into *state*.

        It folds as :attr:`State.fold_reading` does, with the cell found from the names
        and the bucket in one look-up: with tens of thousands of cells, each look-up is a
        walk to memory the processor has not cached, and this runs once a row.
        """
        first, last, slow, plain_key = self.first, self.last, self.reading, self.plain_key
        slots, slot_of, valid, on_day = state.slots, state.slot, state.valid, state.on_day
        # (indicator, unit, mode, bucket) -> the state's cell readings fold into; None when
        # they are refused (the slow way reports why), _NOT_PLAIN when the names are not
        # plain, _UNTRACKED after every tracked day (counted, no cell: see State.untracked)
        found: dict[tuple[str, str | None, Mode | None, int], Any] = {}

        def cell_of(
            indicator: str, unit: str | None, mode: Mode | None, bucket: int,
            cells: dict[Key, ReadingCell] | None,
        ) -> Any:  # fmt: skip
            key = plain_key(indicator, unit, mode)
            if key is None or key is _NOT_PLAIN:
                cell: Any = key
            elif cells is None:
                cell = _UNTRACKED
            else:
                cell = cells.get(key)
                if cell is None:
                    cell = cells[key] = ReadingCell()
            found[(indicator, unit, mode, bucket)] = cell
            return cell

        def folded(
            id: str, indicator: str, unit: str | None, day: dt.date, value: float,
            mode: Mode | None, assumed: bool,
        ) -> bool:  # fmt: skip
            slot = slots.get(day)
            if slot is None:
                if not first <= day <= last:
                    if plain_key(indicator, unit, mode) is _NOT_PLAIN:
                        return False
                    slow(state, id, indicator, unit or None, day, value + 0.0, mode, assumed)
                    return True
                slot = slot_of(day)
            bucket, cells, closing = slot
            try:
                cell = found[(indicator, unit, mode, bucket)]
            except KeyError:
                cell = cell_of(indicator, unit, mode, bucket, cells)
            if cell is _NOT_PLAIN:
                return False
            if cell is None:
                slow(state, id, indicator, unit or None, day, value + 0.0, mode, assumed)
                return True
            valid[bucket] += 1
            if closing and not assumed:
                on_day[bucket] += 1
            if cell is not _UNTRACKED:
                cell.add(id, day, value + 0.0, assumed)
            return True

        return folded

    def totals(self, state: State, groups: Iterable[ReadingTotals]) -> bool:
        """Fold groups of readings by their totals; ``False``, having folded none, when one
        does not fold silently (every group is checked before the first is folded)."""
        start, end = self.first, self.last
        plain_key, slots, slot = self.plain_key, state.slots, state.slot
        checked: list[tuple[Key, _Slot, ReadingTotals]] = []
        for group in groups:  # a loop of few calls: it runs once a group
            key = plain_key(group.indicator, group.unit, group.mode)
            first, last = group.first, group.last
            if key is _NOT_PLAIN or key is None or not start <= first <= last <= end:
                return False
            at = slots.get(last) or slot(last)
            if first != last and (slots.get(first) or slot(first)).bucket != at.bucket:
                return False
            checked.append((key, at, group))
        state.fold_groups(checked)
        return True


class _Versions:
    """Id checking: every distinct record kept by its id, readings as compact tuples
    (:data:`_ReadingFields`), ids that came with different contents set apart."""

    def __init__(self) -> None:
        self.readings: dict[str, _ReadingFields] = {}
        self.others: dict[str, Held | Cancelled] = {}
        self.conflicts: dict[str, set[_Kept]] = {}
        self.dirty = False
        """Whether the accumulator's state must be folded again from what is kept."""

    def keep(self, id: str, kept: _Kept) -> bool:
        """Keep *kept* under *id*; ``True`` when it is a new record and the state is
        current: the caller then folds it at once.

        Only a conflict makes the state stale (the version already folded must come out,
        and a state only adds): a record seen again with the same contents changes
        nothing, and another version of an id already set apart changes no figure.
        """
        versions = self.conflicts.get(id)
        if versions is not None:
            versions.add(kept)
            return False
        previous = self.readings.get(id) or self.others.get(id)
        if previous is None:
            if isinstance(kept, tuple):
                self.readings[id] = kept
            else:
                self.others[id] = kept
            return not self.dirty
        if previous != kept:
            self.readings.pop(id, None)
            self.others.pop(id, None)
            self.conflicts[id] = {previous, kept}
            self.dirty = True
        return False

    def merge(self, other: _Versions, keep: Callable[[str, _Kept], None]) -> None:
        """Hand everything *other* keeps to *keep*."""
        for id, reading in other.readings.items():
            keep(id, reading)
        for id, record in other.others.items():
            keep(id, record)
        for id, versions in other.conflicts.items():
            for kept in versions:
                keep(id, kept)

    def problems(self) -> tuple[list[Problem], int]:
        """A ``conflicting-duplicate`` problem for each id set apart, and how many versions
        they came with."""
        problems = []
        versions = 0
        for id, records in sorted(self.conflicts.items()):
            versions += len(records)
            problems.append(_conflict(id, len(records)))
        return problems, versions


def _conflict(id: str, versions: int) -> Problem:
    """The ``conflicting-duplicate`` problem of an id that came with *versions* contents."""
    msg = f"record id {id!r} comes with {versions} different contents; none of them is used"
    return Problem(record_path(id), "conflicting-duplicate", msg)


def distinct_records(records: Iterable[Record]) -> tuple[list[Record], list[Problem]]:
    """The records a calculation with ids checked uses, in the order their ids first come:
    a record given again with the same id and contents once, and none of an id that comes
    with different contents, which gets a ``conflicting-duplicate`` problem (as
    :func:`progress` reports it). For a tool that looks at records one by one (what a
    week's sheet lists, say) and must not show one that progress sets apart.

    Raises:
        RecordError: ``invalid-record`` for anything but a Held, Cancelled or Reading.

    >>> import datetime as dt
    >>> day = dt.date(2026, 3, 2)
    >>> kept, problems = distinct_records([
    ...     Held(subject="w", date=day, id="a"), Held(subject="w", date=day, id="a"),
    ...     Held(subject="w", date=day, id="b"), Held(subject="x", date=day, id="b"),
    ... ])
    >>> [r.id for r in kept], [p.code for p in problems]
    (['a'], ['conflicting-duplicate'])
    """
    first: dict[str, Record] = {}
    versions: dict[str, set[Record]] = {}
    for i, record in enumerate(records):
        if not isinstance(record, Held | Cancelled | Reading):
            msg = f"records are Held, Cancelled and Reading records (got {type(record).__name__})"
            raise RecordError([Problem(f"$[{i}]", "invalid-record", msg)])
        seen = first.setdefault(record.id, record)
        if seen != record:
            versions.setdefault(record.id, {seen}).add(record)
    kept = [record for id, record in first.items() if id not in versions]
    return kept, [_conflict(id, len(found)) for id, found in sorted(versions.items())]


class Accumulator:
    """Records folded into per-entity partial results, which merge exactly.

    ``add`` records in any order, ``merge`` accumulators built on other parts of a ledger (in
    other processes, say), and ``result`` gives the same :class:`Progress` as the whole ledger
    would, whatever the split and the order.

    Args:
        campaign: The campaign.
        schedule: Its schedule.
        days: The as-of days ``result`` will be asked for; by default every day of the
            campaign window. Fewer days take less memory. The last day of each phase with
            an exit gate that ends before the last of them is tracked too (it judges the
            gate once the phase has ended): see :attr:`tracked_days`.
        unique_ids: Promise that no record id is added twice across this accumulator and
            everything merged into it (records from a :class:`~campaignkit.io.RecordStore`,
            or a ledger split by id). Memory then grows with the entities (indicators, units,
            scheduled items) times the tracked days, not with the records; a repeated id is
            not detected. By default ids are checked: a repeated record counts once, and a
            conflicting duplicate (same id, other content) is reported and none of its
            versions used — which means keeping every distinct record.

    An accumulator pickles (to go to another process, or between the workers of a cluster):
    the pickle is tagged with :data:`PICKLE_FORMAT` and the campaignkit version, and one made
    by another format or version is refused with a
    :class:`~campaignkit.errors.ValidationError` (``accumulator-format``) before anything in it
    is read. Pickles are for exchange between processes running one campaignkit version, not
    for keeping: store records, not accumulators.

    >>> import datetime as dt
    >>> from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
    >>> from campaignkit.tracking._records import Reading
    >>> from campaignkit.scheduling._schedule import Schedule
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 13)),
    ...              series=(ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="ideas", target=10),)),))
    >>> s = Schedule(campaign="c", timezone="UTC", window_start=c.window.start, window_end=c.window.end)
    >>> a, b = Accumulator(c, s), Accumulator(c, s)
    >>> a.add(Reading(indicator="ideas", date=dt.date(2026, 3, 3), value=3))
    >>> b.add(Reading(indicator="ideas", date=dt.date(2026, 3, 4), value=4))
    >>> a.merge(b)
    >>> a.result(dt.date(2026, 3, 4)).indicator("ideas").actual
    7.0
    """

    def __init__(
        self,
        campaign: Campaign,
        schedule: Schedule,
        *,
        days: Iterable[dt.date] | None = None,
        unique_ids: bool = False,
    ) -> None:
        self.campaign = campaign
        self.schedule = schedule
        self.days = None if days is None else tuple(sorted(set(days)))
        """The as-of days asked for (``None``: every day)."""
        self._gate_ends = gate_ends(campaign, schedule)
        self.tracked_days = self.days and tuple(
            sorted({*self.days, *(day for day in self._gate_ends if day < self.days[-1])})
        )
        """The days the accumulator's buckets of days end on (``None``: every day): the
        days asked for, and the last day of each phase with an exit gate that ends before
        the last of them. An engine totalling readings for :meth:`fold_totals` parts them
        by these (see :func:`~campaignkit.integrations.spark_totals_sql`)."""
        self.unique_ids = unique_ids
        self._resolver = Resolver(campaign, schedule)
        self._state = State(campaign.window, self.tracked_days)
        self._folder = _Folder(self._resolver, campaign.window)
        self._versions = _Versions()
        self._names: set[str] = set()  # names already found plain
        self._unreadable: dict[Problem, None] = {}  # problems of lines that gave no record
        # where records of derived ids were read (ids checked: their problems are found
        # when a result is asked); with trusted ids, how many problems were placed so far
        self._origins: dict[str, Origin] = {}
        self._placed = 0

    # -- pickling --------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Callable[[int, str, bytes], Accumulator], tuple[int, str, bytes]]:
        """Pickle as the format, the version and a pickle of what is kept (no caches)."""
        from campaignkit import __version__

        kept = {
            "campaign": self.campaign,
            "schedule": self.schedule,
            "days": self.days,
            "unique_ids": self.unique_ids,
            "seen": self.seen(),
        }
        payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        return self._unpickle, (PICKLE_FORMAT, __version__, payload)

    @classmethod
    def _unpickle(cls, format: int, version: str, payload: bytes) -> Accumulator:
        """The accumulator of a pickle made by :meth:`__reduce__`, once its format and
        version are checked."""
        from campaignkit import __version__

        if (format, version) != (PICKLE_FORMAT, __version__):
            msg = (
                f"the pickle holds an accumulator of format {format!r} from campaignkit "
                f"{version!r}; this is campaignkit {__version__} (format {PICKLE_FORMAT}): "
                "pickle and unpickle accumulators with the same campaignkit version"
            )
            raise ValidationError([Problem("$", "accumulator-format", msg)])
        kept: dict[str, Any] = pickle.loads(payload)  # made by __reduce__, in this pickle
        self = cls(
            kept["campaign"], kept["schedule"], days=kept["days"], unique_ids=kept["unique_ids"]
        )
        self._restore(kept["seen"])
        return self

    def seen(self) -> Seen:
        """What this accumulator has seen, without its campaign and schedule: what a process
        that holds them already (one reading a part of a file, say) hands back to another,
        for :meth:`take_seen` there. Smaller, and quicker to pickle, than the accumulator."""
        seen = Seen()
        seen.state, seen.versions = self._state, self._versions
        seen.unreadable, seen.origins = list(self._unreadable), self._origins
        return seen

    def _restore(self, seen: Seen) -> None:
        """Hold what *seen* holds (a new accumulator, made with the same arguments)."""
        self._state, self._versions = seen.state, seen.versions
        self._unreadable = dict.fromkeys(seen.unreadable)
        self._origins = seen.origins

    def take_seen(self, seen: Seen) -> None:
        """:meth:`absorb` what another accumulator has seen (:meth:`seen`). The caller
        vouches that it was made with this one's campaign, schedule, days and id checking,
        which *seen* does not carry. As with :meth:`absorb`, the partial totals are taken
        as they are: unless *seen* came through a pickle (from another process), neither it
        nor the accumulator that made it may be used again."""
        other = Accumulator(
            self.campaign, self.schedule, days=self.days, unique_ids=self.unique_ids
        )
        other._restore(seen)
        self._merge(other, take=True, checked=True)

    # -- feeding ---------------------------------------------------------------------------

    def add(self, record: Record) -> None:
        """Take one record into account.

        Raises:
            RecordError: ``invalid-record`` for anything but a Held, Cancelled or Reading.
        """
        if isinstance(record, Reading):
            r = record
            self._reading(r.id, (r.indicator, r.unit, r.date, r.value, r.mode, r.note, r.assumed))
        elif not isinstance(record, Held | Cancelled):
            msg = f"an accumulator takes Held, Cancelled and Reading records (got {type(record).__name__})"
            raise RecordError([Problem("$", "invalid-record", msg)])
        elif self.unique_ids:
            self._folder.record(self._state, record)
        else:
            self._keep(record.id, record)

    def add_reading(
        self,
        indicator: str,
        date: dt.date,
        value: float,
        *,
        unit: str | None = None,
        mode: Mode | None = None,
        note: str | None = None,
        assumed: bool = False,
        id: str | None = None,
    ) -> None:
        """Take a reading given by its fields into account, as ``add(Reading(...))`` does,
        without making the record (readers of large files use it).

        Raises:
            RecordError: for a field a :class:`Reading` would refuse.
        """
        names = self._names
        plain = (
            type(value) is float
            and plain_value(value)
            and type(date) is dt.date
            and type(assumed) is bool
            and id is not None
            and (indicator in names or _name(names, indicator))
            and (unit is None or unit in names or _name(names, unit))
            and (mode is None or isinstance(mode, Mode))
            and (note is None or isinstance(note, str))
            and isinstance(id, str)
            and plain_id(id)
        )
        if not plain:
            r = Reading(
                indicator=indicator, date=date, value=value, unit=unit, mode=mode, note=note,
                assumed=assumed, **({} if id is None else {"id": id}),
            )  # fmt: skip
            self.add(r)
            return
        assert id is not None  # for the type checker: checked above
        if self.unique_ids:
            self._folder.reading(self._state, id, indicator, unit, date, value + 0.0, mode, assumed)
        else:
            self._keep(id, (indicator, unit, date, value + 0.0, mode, note, assumed))

    def add_reading_totals(
        self,
        indicator: str,
        unit: str | None,
        mode: Mode | None,
        *,
        first: dt.date,
        last: dt.date,
        count: int,
        total: int | float,
        maximum: float,
        last_id: str,
        last_value: float,
        last_low: float,
        last_high: float,
        assumed: int = 0,
    ) -> bool:
        """Take *count* readings of *indicator* (and *unit*, in *mode*) into account by
        their totals, exactly as adding each of them would; say whether it did.

        The readings are dated from *first* to *last*; their values add up exactly to
        *total* (an integer, or a float that is their exact sum), the largest is *maximum*;
        the latest of them by ``(date, id)`` is dated *last*, has the id *last_id* and the
        value *last_value* (among readings with the same date and id, the first added);
        the values of the readings dated *last* run from *last_low* to *last_high* (the
        same, when they agree); *assumed* of them are assumed. Each must be a reading :meth:`add_reading` takes with
        a plain id and no note. It is :meth:`fold_totals` for one group (a
        :class:`~campaignkit.tracking.ReadingTotals`), every total checked.

        Only an accumulator with ``unique_ids=True`` takes totals (the ids are not kept). It
        does nothing and says ``False`` when the readings are not folded silently: names
        not plain, a reference the campaign refuses (that reading by reading reports), dates
        outside the campaign window or in more than one of the accumulator's buckets of
        days (``first`` and ``last`` in one interval between tracked days). The caller then
        adds them one by one.

        Raises:
            ValidationError: ``accumulator-mismatch`` when ids are checked.
            RecordError: ``invalid-record`` for totals no readings could have.

        >>> import datetime as dt
        >>> from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
        >>> from campaignkit.scheduling._schedule import Schedule
        >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 13)),
        ...              series=(ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="ideas", target=10),)),))
        >>> s = Schedule(campaign="c", timezone="UTC", window_start=c.window.start, window_end=c.window.end)
        >>> a = Accumulator(c, s, days=[dt.date(2026, 3, 6)], unique_ids=True)
        >>> a.add_reading_totals("ideas", None, None, first=dt.date(2026, 3, 3),
        ...     last=dt.date(2026, 3, 4), count=2, total=7, maximum=4.0, last_id="b", last_value=4.0,
        ...     last_low=4.0, last_high=4.0)
        True
        >>> a.result(dt.date(2026, 3, 6)).indicator("ideas").actual
        7.0
        """
        self._check_totals_taken()
        sound = (
            type(count) is int
            and count >= 1
            and type(first) is dt.date
            and type(last) is dt.date
            and first <= last
            and isinstance(total, int | float)
            and abs(total) <= PLAIN.max_value * count
            and plain_value(maximum)
            and plain_value(last_value)
            and plain_value(last_low)
            and plain_value(last_high)
            and last_low <= last_value <= last_high <= maximum
            and (count > 1 or last_low == last_high)
            and type(assumed) is int
            and 0 <= assumed <= count
            and isinstance(last_id, str)
            and plain_id(last_id)
        )
        if not sound:
            msg = f"no {count} readings have these totals"
            raise RecordError([Problem("$", "invalid-record", msg)])
        return self.fold_totals(
            [ReadingTotals(indicator, unit, mode, first, last, count, total, maximum, last_id,
                           last_value, assumed, last_low, last_high)]
        )  # fmt: skip

    # -- the intake of fast readers (campaignkit.tracking.ReadingIntake) ------------

    def fold_totals(self, groups: Iterable[ReadingTotals]) -> bool:
        """:meth:`add_reading_totals` for many groups of sound totals, the seam of columnar
        and SQL readers (:class:`~campaignkit.tracking.ReadingIntake`).

        The caller vouches for what :meth:`add_reading_totals` checks first (each group's
        readings are plain, their totals possible). Says ``False``, having folded none of
        the groups, when one would not fold silently: the reader then reads the ordinary
        way.

        Raises:
            ValidationError: ``accumulator-mismatch`` when ids are checked.
        """
        self._check_totals_taken()
        with collection_paused():  # groups and cells are kept: collecting only walks them
            return self._folder.totals(self._state, groups)

    def _check_totals_taken(self) -> None:
        if not self.unique_ids:
            msg = "only an accumulator with unique_ids=True takes readings by their totals"
            raise ValidationError([Problem("$", "accumulator-mismatch", msg)])

    def totals_lane(self, indicator: str, unit: str | None, mode: Mode | None) -> Lane:
        """How readings of (*indicator*, *unit*, *mode*) can come in by their totals:
        ``"totals"`` (:meth:`fold_totals` folds them when their dates allow),
        ``"one by one"`` (the campaign refuses them: :meth:`plain_readings` reports each) or
        ``"record"`` (names not plain: only a record strips or refuses them). Columnar
        readers ask it once for each triple of a batch."""
        key = self._folder.plain_key(indicator, unit, mode)
        return "record" if key is _NOT_PLAIN else "one by one" if key is None else "totals"

    def plain_readings(self) -> ReadingSink:
        """A function taking a reading by fields the caller has mostly checked, as
        :meth:`add_reading` would take it, and saying whether it did: the seam of row
        readers (:class:`~campaignkit.tracking.ReadingIntake`).

        The caller has checked that *id* is plain (see
        the intake's ``plain_id``), *value* a float within range, *mode*
        a :class:`Mode` or ``None``, and that there is no note; *unit* is ``None`` or ``""``
        when there is none. The function checks that *indicator* and
        *unit* are plain (remembering the answer for each pair): when they are not, it does
        nothing and says so, and the caller makes the record, which strips or refuses them.
        The readers' fast lane (a closure over locals: this runs once a row).
        """
        if self.unique_ids:
            return self._folder.sink(self._state)
        book = self._versions
        readings, others, conflicts, keep = book.readings, book.others, book.conflicts, self._keep
        pairs: dict[tuple[str, str | None], tuple[str, str | None] | None] = {}
        fold = self._folder.sink(self._state)  # _state is current while book.dirty is not set

        def kept(
            id: str, indicator: str, unit: str | None, day: dt.date, value: float,
            mode: Mode | None, assumed: bool,
        ) -> bool:  # fmt: skip
            try:
                pair = pairs[(indicator, unit)]
            except KeyError:
                pair = pairs[(indicator, unit)] = _plain_pair(indicator, unit)
            if pair is None:
                return False
            fields = (pair[0], pair[1], day, value + 0.0, mode, None, assumed)
            if book.dirty or id in readings or id in others or id in conflicts:
                keep(id, fields)  # a repeat, or a state to be folded again: the ordinary way
            else:  # a new reading while the state is current: kept and folded now
                readings[id] = fields
                fold(id, pair[0], pair[1], day, value, mode, assumed)
            return True

        return kept

    def _reading(self, id: str, fields: _ReadingFields) -> None:
        if self.unique_ids:
            indicator, unit, day, value, mode, _, assumed = fields
            self._folder.reading(self._state, id, indicator, unit, day, value, mode, assumed)
        else:
            self._keep(id, fields)

    def _keep(self, id: str, kept: _Kept) -> None:
        if self._versions.keep(id, kept):
            # a new record while the state is current: fold it now, as _folded would
            if isinstance(kept, tuple):
                indicator, unit, day, value, mode, _, assumed = kept
                self._folder.reading(self._state, id, indicator, unit, day, value, mode, assumed)
            else:
                self._folder.record(self._state, kept)

    def update(self, records: Iterable[Record]) -> None:
        """Take every record of *records* into account (a ledger, a reader, a store)."""
        for record in records:
            self.add(record)

    def add_origins(self, origins: Mapping[str, Origin]) -> None:
        """Say where records were read whose ids were derived from their content (the row
        gave none): ``{record id: Origin(source, line)}``. Results place a problem about
        such a record there (``$.subject`` on line 7 of ``l.csv``, not
        ``$.records["held-3f2a…"].subject``, which names no place a reader can find).

        Give them once the records are added (a :class:`~campaignkit.io.RecordReader`
        feeding the accumulator gives its own at the end). With trusted ids the records'
        problems are already found: they are placed at once and nothing more is kept, so
        memory still follows the entities. With ids checked the origins are kept, as the
        records are, until a result is asked; the first given for an id is kept, here and
        when accumulators merge.
        """
        if self.unique_ids:
            problems = self._state.problems
            for i in range(self._placed, len(problems)):
                problems[i] = placed(problems[i], origins)
            self._placed = len(problems)
        else:
            for id, origin in origins.items():
                self._origins.setdefault(id, origin)

    def add_unreadable(self, problems: Iterable[Problem]) -> None:
        """Take note of lines of a records source that gave no record, by the problems a
        reader reported for them (each names its source and line).

        They are part of every result: in ``problems``, and the errors counted in
        ``counts.unreadable`` (one per line), so that no figure hides a line it could not
        read; a warning (a line repeating another, say) is listed, not counted.
        :meth:`RecordReader.feed <campaignkit.io.RecordReader.feed>` calls this.
        """
        self._unreadable.update(dict.fromkeys(problems))

    def merge(self, other: Accumulator) -> None:
        """Take everything *other* has seen into account (*other* is left as it is).

        Raises:
            ValidationError: ``accumulator-mismatch`` when *other* belongs to another
                campaign or schedule, tracks other days, or checks ids differently.
        """
        self._merge(other, take=False)

    def absorb(self, other: Accumulator) -> None:
        """:meth:`merge` an accumulator that is dropped at once (the scratch one a reader
        fills before it knows the file is sound): its partial totals become this one's as
        they are, where :meth:`merge` copies them, so *other* must not be used again (a
        part a cluster may hand to a task twice is merged, not absorbed).

        Raises:
            ValidationError: as :meth:`merge`.
        """
        self._merge(other, take=True)

    def _merge(self, other: Accumulator, *, take: bool, checked: bool = False) -> None:
        same = checked or (
            other.campaign == self.campaign
            and other.schedule == self.schedule
            and other.days == self.days
            and other.unique_ids == self.unique_ids
        )
        if not same:
            msg = "only accumulators of the same campaign, schedule, days and id checking merge"
            raise ValidationError([Problem("$", "accumulator-mismatch", msg)])
        if self.unique_ids:
            self._state.merge(other._state, take=take)
        else:
            self._versions.merge(other._versions, self._keep)
        self._unreadable.update(other._unreadable)  # a line merged twice is one line
        for id, origin in other._origins.items():  # kept with ids checked only
            self._origins.setdefault(id, origin)

    # -- results ---------------------------------------------------------------------------

    def _folded(self) -> tuple[State, list[Problem], int]:
        """The state, the conflict problems and the number of conflicting versions."""
        if self.unique_ids:
            return self._state, [], 0
        book = self._versions
        if book.dirty:
            state = State(self.campaign.window, self.tracked_days)
            for record in book.others.values():
                self._folder.record(state, record)
            fold, slow = self._folder.sink(state), self._folder.reading
            for id, (indicator, unit, day, value, mode, _, assumed) in book.readings.items():
                if not fold(id, indicator, unit, day, value, mode, assumed):
                    slow(state, id, indicator, unit, day, value, mode, assumed)
            self._state, book.dirty = state, False
        problems, versions = book.problems()
        return self._state, problems, versions

    def result(
        self,
        as_of: dt.date,
        *,
        weights: Mapping[str, float] | None = None,
        thresholds: Thresholds | None = None,
        calendar: WorkingDays | None = None,
    ) -> Progress:
        """The progress as of *as_of* (see :func:`progress` for the arguments).

        Raises:
            ValidationError: ``untracked-day`` when the accumulator was made for other days.
        """
        return self.results((as_of,), weights=weights, thresholds=thresholds, calendar=calendar)[0]

    def recorded(self, as_of: dt.date) -> Recorded:
        """What the records used as of *as_of* say of the scheduled items: which are held,
        which cancelled, and how many records are dated by assumption by tracked day (see
        :class:`Recorded`) — from what the accumulator has folded, without reading the
        records again. Records are matched and counted exactly as :meth:`result` uses them.

        Raises:
            ValidationError: ``untracked-day`` when the accumulator was made for other days.

        >>> import datetime as dt
        >>> from campaignkit.model import Campaign, Mechanism, Window
        >>> from campaignkit.scheduling import schedule
        >>> from campaignkit.tracking._records import Cancelled, Held
        >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        ...              mechanisms=(Mechanism(id="w", name="W", rule="FREQ=WEEKLY;BYDAY=MO"),))
        >>> a = Accumulator(c, schedule(c), days=[dt.date(2026, 3, 13)])
        >>> a.update([Held(subject="w", date=dt.date(2026, 3, 9), assumed=True),
        ...           Cancelled(subject="w@2026-03-02", date=dt.date(2026, 3, 13))])
        >>> r = a.recorded(dt.date(2026, 3, 13))
        >>> sorted(r.held), sorted(r.cancelled), dict(r.dated_by_assumption or {})
        (['w@2026-03-09'], ['w@2026-03-02'], {datetime.date(2026, 3, 13): 2})
        """
        self._check_tracked((as_of,))
        state = self._folded()[0]
        held, cancelled = state.recorded_items(as_of)
        refs = {item.ref for item in held if item.kind != "session"}
        found = Recorded(
            as_of=as_of,
            held=frozenset(refs),
            cancelled=frozenset(
                ref
                for ref in (item.ref for item in cancelled if item.kind != "session")
                if ref not in refs
            ),
            dated_by_assumption=state.dated_by_assumption(as_of) if state.on_day_known else None,
        )
        if self.days is None or self.days == self.tracked_days:
            return found
        # the last day of a gated phase is tracked without being asked for: its counts go to
        # the next day asked for
        return attrs.evolve(found, dated_by_assumption=found.assumed_by_step(self.days))

    def _check_tracked(self, days: tuple[dt.date, ...]) -> None:
        if self.days is not None:
            missing = [d for d in days if d not in self.days]
            if missing:
                msg = f"this accumulator tracks {len(self.days)} days; {missing[0]} is not one of them"
                raise ValidationError([Problem("$.as_of", "untracked-day", msg)])

    def results(
        self,
        days: Iterable[dt.date],
        *,
        weights: Mapping[str, float] | None = None,
        thresholds: Thresholds | None = None,
        calendar: WorkingDays | None = None,
        measured: Callable[[int, int], None] | None = None,
    ) -> tuple[Progress, ...]:
        """The progress as of each of *days*, in the order given, in one sweep.

        *measured*, when given, is called after each distinct day is measured with how many
        are done and how many there are (a command line shows it).
        """
        wanted = tuple(days)
        ordered = tuple(sorted(set(wanted)))
        self._check_tracked(ordered)
        context = Measurer(
            self.campaign,
            self.schedule,
            self._resolver,
            Weights(self.campaign, weights),
            thresholds or Thresholds(),
            calendar or WorkingCalendar.for_campaign(self.campaign),
        )
        state, conflicts, versions = self._folded()
        found = state.problems
        if self._origins:  # ids checked: the records' problems were found just now
            found = [placed(p, self._origins) for p in found]
        record_problems = [*self._unreadable, *found, *conflicts]
        # the lines that gave no record (a reader's warnings are about lines that did)
        lost = [p for p in self._unreadable if p.severity is Severity.ERROR]
        unreadable = len({(p.source, p.line) for p in lost if p.line is not None})
        unreadable += sum(p.line is None for p in lost)
        out: dict[dt.date, Progress] = {}
        # the days ending gated phases before the last as-of day are swept too: a gate is
        # judged on its phase's last day once the phase has ended
        ends = {day: ids for day, ids in self._gate_ends.items() if ordered and day < ordered[-1]}
        at_end: dict[tuple[str, str], float | None] = {}
        for day, snap in state.sweep(tuple(sorted({*ordered, *ends}))):
            if day in ends:
                at_end.update(context.gates_at_end(snap, day, ends[day]))
            if day not in ordered:
                continue
            counts = RecordCounts(
                read=state.read + versions,
                used=snap.used,
                after_as_of=state.total_valid - snap.used,
                reported=state.reported + versions,
                unreadable=unreadable,
            )
            with collection_paused():  # a tree of a node an entity, all kept
                out[day] = context.progress(snap, day, record_problems, counts, at_end)
            if measured is not None:
                measured(len(out), len(ordered))
        return tuple(out[d] for d in wanted)
