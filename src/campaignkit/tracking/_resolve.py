"""Matching records to the campaign and its schedule.

:class:`Resolver` turns one record into an *entry* — the compact fact the calculation folds —
or into the problems that keep it out. It looks at the record alone (never at other records),
so resolving is the same whatever order records come in, which is what makes accumulators
merge exactly.

Subjects of held and cancelled records are written in one of three ways:

- an occurrence key, ``mechanism@YYYY-MM-DD`` or ``mechanism/unit@YYYY-MM-DD``, with the
  rule's own date (the key survives a shift off a holiday);
- an activity ref, ``activity`` or ``activity/unit`` (the unit may also be given in the
  record's ``unit`` field);
- a mechanism id: for a recurring mechanism, the occurrence of that unit on the record's day
  (the day it took place after any shift, else the rule date); a held record that matches no
  occurrence is a *session* of its own, as is every held record of a standing mechanism.

:func:`match_records` is the public face of the resolver: for each record, the scheduled
item it refers to (as :class:`RecordMatch`), whether it is used, and the problems found in it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal, NamedTuple, TypeAlias

import attrs

from campaignkit._errors import Problem, Severity, did_you_mean
from campaignkit.model import Aggregation, Campaign, Mechanism
from campaignkit.scheduling import Schedule, Timeline
from campaignkit.tracking._intake import strict_date
from campaignkit.tracking._records import Cancelled, Held, Mode, Reading, Record

TargetKind: TypeAlias = Literal["occurrence", "activity", "session"]
"""What a :class:`Target` is: an occurrence, a scheduled activity or a session."""


class Target(NamedTuple):
    """A scheduled item (or a session) that held and cancelled records refer to.

    - ``Target("occurrence", mechanism, unit, rule_date)``: an occurrence of a recurring
      mechanism, by the rule's own date;
    - ``Target("activity", activity, unit)``: a scheduled activity;
    - ``Target("session", mechanism, unit, record_id)``: a held record matching no scheduled
      occurrence.

    >>> Target("occurrence", "weekly", "v1", dt.date(2010, 3, 1)).ref
    'weekly/v1@2010-03-01'
    >>> Target("session", "duty", None, "r7").ref
    'duty (session r7)'
    """

    kind: TargetKind
    owner: str
    """The mechanism (of an occurrence or a session) or the activity."""
    unit: str | None = None
    """The unit of a cascade's copy, ``None`` when not cascaded."""
    detail: dt.date | str | None = None
    """An occurrence's rule date, a session's record id, ``None`` for an activity."""

    @property
    def rule_date(self) -> dt.date:
        """The rule date of an occurrence (``ValueError`` for another kind)."""
        if self.kind != "occurrence" or not isinstance(self.detail, dt.date):
            msg = f"a {self.kind} has no rule date"
            raise ValueError(msg)
        return self.detail

    @property
    def ref(self) -> str:
        """How problems name it: its occurrence key, activity ref, or session."""
        unit = f"/{self.unit}" if self.unit else ""
        if self.kind == "occurrence":
            return f"{self.owner}{unit}@{self.detail}"
        if self.kind == "session":
            return f"{self.owner}{unit} (session {self.detail})"
        return f"{self.owner}{unit}"


class ReadingEntry(NamedTuple):
    """A reading that counts: its indicator and unit (``None`` unless cascaded), day, value."""

    key: tuple[str, str | None]
    day: dt.date
    value: float
    assumed: bool


class HeldEntry(NamedTuple):
    """A held item, with the attendance lists (unknown parties left out)."""

    item: Target
    day: dt.date
    present: tuple[str, ...]
    absent: tuple[str, ...]
    excused: tuple[str, ...]
    assumed: bool = False


class CancelledEntry(NamedTuple):
    """A cancelled item."""

    item: Target
    day: dt.date
    assumed: bool = False


Entry: TypeAlias = ReadingEntry | HeldEntry | CancelledEntry
"""What a record that counts contributes."""

_EXPECTED_MODE = {
    Aggregation.SUM: Mode.INCREMENT,
    Aggregation.LAST: Mode.CUMULATIVE,
    Aggregation.MAX: Mode.CUMULATIVE,
}


MAX_HINTS = 1_000
"""Distinct unknown names a :class:`Resolver` looks up close matches for ("did you mean");
problems about further ones come without the hint, so that a ledger full of foreign names
costs no more than one with a few typos."""


def record_path(record_id: str, field: str | None = None) -> str:
    """The path problems use for a record: ``$.records["r1"].date``."""
    path = f"$.records[{json.dumps(record_id, ensure_ascii=False)}]"
    return f"{path}.{field}" if field else path


@attrs.frozen
class Origin:
    """Where a record was read: its *source*, its *line* there, and the *path* of the
    record within it (``$`` for a line of a file, ``$.partitions[0].rows[3]`` for a row of a
    dataframe). A problem about the record is placed there, instead of at the record's
    id (see :meth:`Accumulator.add_origins <campaignkit.tracking.Accumulator.add_origins>`)."""

    source: str | None
    line: int | None = None
    path: str = "$"


def placed(problem: Problem, origins: Mapping[str, Origin]) -> Problem:
    """*problem*, when it is about a record of *origins* (its path ``$.records["id"]…``),
    placed where that record was read: ``$.records["held-3f2a…"].subject`` becomes
    ``$.subject`` at the record's source and line. Any other problem is returned as it is.

    >>> p = Problem(record_path("held-3f2a", "subject"), "unknown-subject", "…")
    >>> q = placed(p, {"held-3f2a": Origin("l.csv", 7)})
    >>> q.path, q.source, q.line
    ('$.subject', 'l.csv', 7)
    """
    prefix = "$.records["
    if not origins or not problem.path.startswith(prefix):
        return problem
    try:
        id, end = json.JSONDecoder().raw_decode(problem.path, len(prefix))
    except json.JSONDecodeError:
        return problem
    origin = origins.get(id) if isinstance(id, str) else None
    if origin is None or problem.path[end : end + 1] != "]":
        return problem
    path = origin.path + problem.path[end + 1 :]
    return attrs.evolve(problem, path=path, source=origin.source, line=origin.line)


class _RejectedError(Exception):
    def __init__(self, field: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


@attrs.frozen
class _Indicator:
    aggregate: Aggregation
    units: frozenset[str] | None  # the cascade's units, None when not cascaded


@attrs.frozen
class _Mechanism:
    recurring: bool
    units: tuple[str | None, ...]
    by_rule: dict[dt.date, dt.date]  # rule date -> day it takes place
    by_day: dict[dt.date, dt.date]  # day it takes place -> smallest rule date that day


class Resolver:
    """Resolves records against one campaign and its schedule (built once, used for many).

    Args:
        campaign: The campaign.
        schedule: Its schedule (``campaignkit.scheduling(campaign)``, or one built by hand).
    """

    def __init__(self, campaign: Campaign, schedule: Schedule) -> None:
        self.campaign = campaign
        self.schedule = schedule
        self.window = campaign.window
        self.indicators: dict[str, _Indicator] = {}
        for item in campaign.scoped:
            units = campaign.cascade_units(item.cascade)
            for ind in item.indicators:
                cascade = frozenset(units) if item.cascade is not None else None
                self.indicators[ind.id] = _Indicator(ind.aggregate, cascade)
        self.mechanisms: dict[str, _Mechanism] = {}
        for m in campaign.mechanisms:
            self.mechanisms[m.id] = self._mechanism(m, schedule.timeline_of(m.id))
        self.activities: dict[tuple[str, str | None], dt.date] = {
            (a.activity, a.unit): a.day for a in schedule.activities
        }
        self.activity_units: dict[str, set[str | None]] = {}
        for activity, unit in self.activities:
            self.activity_units.setdefault(activity, set()).add(unit)
        self._parties: dict[str, bool] = {}
        self._keys: dict[tuple[str, str | None, Mode | None], tuple[str, str | None] | Problem] = {}
        self._hints: dict[tuple[str, str], str] = {}
        self._names: dict[str, tuple[str, ...]] = {}

    def _mechanism(self, m: Mechanism, timeline: Timeline) -> _Mechanism:
        """What records of *m* are resolved against (a standing rule's timeline has no
        slots and no units: its units are those of its cascade)."""
        units = timeline.units
        if not units:
            units = self.campaign.cascade_units(m.cascade) if m.cascade is not None else (None,)
        by_rule = {s.rule_date: s.start.date() for s in timeline.slots}
        by_day: dict[dt.date, dt.date] = {}
        for rule, day in sorted(by_rule.items()):
            by_day.setdefault(day, rule)
        return _Mechanism(m.recurring, tuple(units), by_rule, by_day)

    # -- the entry points ------------------------------------------------------------------

    def resolve(self, record: Record) -> tuple[Entry | None, tuple[Problem, ...]]:
        """The entry of *record*, or ``None`` with the problems that keep it out.

        Warnings (severity ``warning``) may come with an entry: the record is used.
        """
        if isinstance(record, Reading):
            r = record
            return self.reading(r.id, r.indicator, r.unit, r.date, r.value, r.mode, r.assumed)
        try:
            self._check_day(record.date)
            return self._held_or_cancelled(record)
        except _RejectedError as exc:
            return None, (Problem(record_path(record.id, exc.field), exc.code, exc.message),)

    def reading(
        self,
        record_id: str,
        indicator: str,
        unit: str | None,
        day: dt.date,
        value: float,
        mode: Mode | None,
        assumed: bool,
    ) -> tuple[ReadingEntry | None, tuple[Problem, ...]]:
        """:meth:`resolve` for a reading given by its fields (a valid reading's)."""
        key = self._key(indicator, unit, mode)
        if day < self.window.start or day > self.window.end:
            w = self.window
            msg = f"{day} is outside the campaign window {w.start} .. {w.end}"
            return None, (Problem(record_path(record_id, "date"), "outside-window", msg),)
        if isinstance(key, Problem):  # the same for every reading of this indicator and unit
            path = record_path(record_id) + key.path.removeprefix(record_path(""))
            return None, (attrs.evolve(key, path=path),)
        return ReadingEntry(key, day, value, assumed), ()

    def key_of(
        self, indicator: str, unit: str | None, mode: Mode | None
    ) -> tuple[str, str | None] | None:
        """The key readings of *indicator* and *unit* in *mode* are folded under, or ``None``
        when such readings are refused (:meth:`reading` says why)."""
        key = self._key(indicator, unit, mode)
        return None if isinstance(key, Problem) else key

    def _key(
        self, indicator: str, unit: str | None, mode: Mode | None
    ) -> tuple[str, str | None] | Problem:
        key = self._keys.get((indicator, unit, mode))
        if key is None:
            try:
                key = self._reading_key(indicator, unit, mode)
            except _RejectedError as exc:
                key = Problem(record_path("", exc.field), exc.code, exc.message)
            self._keys[(indicator, unit, mode)] = key
        return key

    def _check_day(self, day: dt.date) -> None:
        if day not in self.window:
            w = self.window
            msg = f"{day} is outside the campaign window {w.start} .. {w.end}"
            raise _RejectedError("date", "outside-window", msg)

    # -- readings --------------------------------------------------------------------------

    def _reading_key(
        self, indicator: str, unit: str | None, mode: Mode | None
    ) -> tuple[str, str | None]:
        info = self.indicators.get(indicator)
        if info is None:
            raise self._unknown("indicator", indicator, "indicator")
        expected = _EXPECTED_MODE.get(info.aggregate)
        if mode is not None and expected is not None and mode is not expected:
            msg = f"indicator {indicator!r} takes the {info.aggregate.value} of {expected.value} readings; this one is {mode.value}"
            raise _RejectedError("mode", "mode-mismatch", msg)
        if info.units is not None:
            if unit is None:
                msg = f"indicator {indicator!r} is cascaded to units: the reading needs a 'unit'"
                raise _RejectedError("unit", "missing-unit", msg)
            if unit not in info.units:
                raise self._not_in_cascade(unit, f"indicator {indicator!r}")
            return (indicator, unit)
        if unit is not None:
            if info.aggregate in (Aggregation.LAST, Aggregation.MAX):
                msg = f"indicator {indicator!r} is not cascaded and takes the {info.aggregate.value} reading: a unit would mix units' levels"
                raise _RejectedError("unit", "unexpected-unit", msg)
            if self.campaign.kind_of(unit) != "unit":
                raise self._unknown("unit", unit, "unit")
        return (indicator, None)

    # -- held and cancelled ----------------------------------------------------------------

    def _held_or_cancelled(self, r: Held | Cancelled) -> tuple[Entry | None, tuple[Problem, ...]]:
        item = self._item(r)
        if isinstance(r, Cancelled):
            if item.kind == "session":
                msg = f"{r.subject!r} has no scheduled occurrence on {r.date} to cancel"
                raise _RejectedError("subject", "not-scheduled", msg)
            return CancelledEntry(item, r.date, r.assumed), ()
        kept: list[tuple[str, ...]] = []
        problems: list[Problem] = []
        for name in ("present", "absent", "excused"):
            parties = getattr(r, name)
            known = tuple(p for p in parties if self._is_party(p))
            for i, p in enumerate(parties):
                if p not in known:
                    hint = self._hint("party", p)
                    msg = f"party {p!r} is not a person, unit, group or body of this campaign{hint}; it is left out of the attendance"
                    path = f"{record_path(r.id, name)}[{i}]"
                    problems.append(Problem(path, "unknown-reference", msg, Severity.WARNING))
            kept.append(known)
        return HeldEntry(item, r.date, kept[0], kept[1], kept[2], r.assumed), tuple(problems)

    def _is_party(self, party: str) -> bool:
        known = self._parties.get(party)
        if known is None:
            known = self.campaign.is_party(party)
            self._parties[party] = known
        return known

    def _item(self, r: Held | Cancelled) -> Target:
        subject = r.subject
        if "@" in subject:
            return self._occurrence_key(r)
        name, _, unit_text = subject.partition("/")
        unit = unit_text or None
        if unit is not None and r.unit is not None and unit != r.unit:
            msg = f"the subject names unit {unit!r}, the record {r.unit!r}"
            raise _RejectedError("unit", "unit-mismatch", msg)
        unit = unit or r.unit
        kind = self.campaign.kind_of(name)
        if kind == "activity" or (kind is None and name in self.activity_units):
            # the second case: an activity the scheduler generated (``<series>#<n>``)
            return self._activity(name, unit)
        if kind == "mechanism":
            return self._mechanism_day(r, name, unit)
        if kind is None:
            raise self._unknown("subject", name, "activity or mechanism")
        msg = f"{name!r} is a {kind}; held and cancelled records name an activity, a mechanism or an occurrence"
        raise _RejectedError("subject", "wrong-kind-reference", msg)

    def _occurrence_key(self, r: Held | Cancelled) -> Target:
        head, _, day_text = r.subject.rpartition("@")
        name, _, unit_text = head.partition("/")
        rule_date = strict_date(day_text)
        if rule_date is None:
            msg = f"{r.subject!r} is not an occurrence key such as 'weekly@2010-03-01'"
            raise _RejectedError("subject", "unknown-occurrence", msg)
        info = self.mechanisms.get(name)
        if info is None:
            kind = self.campaign.kind_of(name)
            if kind is None:
                raise self._unknown("subject", name, "mechanism")
            msg = f"{name!r} is a {kind}, not a mechanism: only mechanisms have occurrence keys"
            raise _RejectedError("subject", "wrong-kind-reference", msg)
        unit = unit_text or None
        if unit is not None and r.unit is not None and unit != r.unit:
            msg = f"the key names unit {unit!r}, the record {r.unit!r}"
            raise _RejectedError("unit", "unit-mismatch", msg)
        unit = self._unit_of(info, name, unit or r.unit)
        if not info.recurring:
            msg = f"{name!r} is a standing mechanism: it has no occurrences; name the mechanism itself"
            raise _RejectedError("subject", "unknown-occurrence", msg)
        if rule_date not in info.by_rule:
            msg = f"{name!r} has no occurrence with rule date {rule_date}"
            moved = info.by_day.get(rule_date)
            if moved is not None:  # the key names the day it took place, not its rule date
                key = f"{name}{'/' + unit if unit else ''}@{moved}"
                msg += (
                    f"; the occurrence of rule date {moved} was moved to {rule_date}: its key is "
                    f"{key!r} (or name the mechanism {name!r} on the day it took place)"
                )
            raise _RejectedError("subject", "unknown-occurrence", msg)
        return Target("occurrence", name, unit, rule_date)

    def _mechanism_day(self, r: Held | Cancelled, name: str, unit: str | None) -> Target:
        info = self.mechanisms[name]
        unit = self._unit_of(info, name, unit)
        rule_date = info.by_day.get(r.date)
        if rule_date is None and r.date in info.by_rule:
            rule_date = r.date
        if rule_date is not None:
            return Target("occurrence", name, unit, rule_date)
        return Target("session", name, unit, r.id)

    def _activity(self, name: str, unit: str | None) -> Target:
        units = self.activity_units.get(name)
        if units is None:
            msg = f"activity {name!r} is not in the schedule"
            raise _RejectedError("subject", "not-scheduled", msg)
        if unit not in units:
            if unit is None:
                msg = f"activity {name!r} is run by each unit of a cascade: name the unit ('{name}/<unit>')"
                raise _RejectedError("unit", "missing-unit", msg)
            if units == {None}:
                msg = f"activity {name!r} is not cascaded: it takes no unit"
                raise _RejectedError("unit", "unexpected-unit", msg)
            raise self._not_in_cascade(unit, f"activity {name!r}")
        return Target("activity", name, unit)

    def _unit_of(self, info: _Mechanism, name: str, unit: str | None) -> str | None:
        if unit in info.units:
            return unit
        if unit is None:
            msg = f"mechanism {name!r} is run by each unit of a cascade: name the unit"
            raise _RejectedError("unit", "missing-unit", msg)
        if info.units == (None,):
            raise _RejectedError(
                "unit", "unexpected-unit", f"mechanism {name!r} is not cascaded: it takes no unit"
            )
        raise self._not_in_cascade(unit, f"mechanism {name!r}")

    def _not_in_cascade(self, unit: str, what: str) -> _RejectedError:
        if self.campaign.kind_of(unit) != "unit":
            return self._unknown("unit", unit, "unit")
        return _RejectedError("unit", "unknown-unit", f"{what} is not cascaded to unit {unit!r}")

    def _unknown(self, field: str, id: str, what: str) -> _RejectedError:
        kind = self.campaign.kind_of(id)
        if kind is not None:
            msg = f"{id!r} is a {kind}, but a {what} is expected here"
            return _RejectedError(field, "wrong-kind-reference", msg)
        hint = self._hint(what, id)
        return _RejectedError(
            field, "unknown-reference", f"{what} {id!r} is not defined in this campaign{hint}"
        )

    def _hint(self, what: str, id: str) -> str:
        """The hint ``(did you mean 'x'?)`` for an unknown *id* where a *what* is expected
        (see :data:`MAX_HINTS`)."""
        hint = self._hints.get((what, id))
        if hint is None:
            if len(self._hints) >= MAX_HINTS:
                return ""
            hint = did_you_mean(id, self._names_of(what))
            self._hints[(what, id)] = hint
        return hint

    def _names_of(self, what: str) -> tuple[str, ...]:
        """The ids a *what* (``indicator``, ``unit``, ``mechanism``, ``activity or
        mechanism``, ``party``) may be, generated activities included."""
        names = self._names.get(what)
        if names is None:
            c = self.campaign
            if what == "party":
                names = tuple(i for i in c.ids if c.is_party(i))
            elif what == "activity or mechanism":
                activities = (i for i in c.ids if c.kind_of(i) == "activity")
                names = (*self.mechanisms, *activities, *self.activity_units)
            elif what == "mechanism":
                names = tuple(self.mechanisms)
            elif what == "indicator":
                names = tuple(self.indicators)
            else:
                names = tuple(u.id for u in c.units)
            self._names[what] = names = tuple(dict.fromkeys(names))
        return names

    # -- attendance ------------------------------------------------------------------------

    def people(self, parties: Iterable[str]) -> set[str]:
        """The attendees *parties* stand for: people, or the party itself when it stands for
        no one (a unit without posts)."""
        out: set[str] = set()
        for party in parties:
            out.update(self.campaign.people_of(party) or (party,))
        return out


def item_ref(item: Target) -> str:
    """How problems name an item: its occurrence key, activity ref, or session."""
    return item.ref


def item_path(item: Target) -> str:
    """The path of problems about an item: ``$.held["weekly@2010-03-05"]``."""
    return f"$.held[{json.dumps(item_ref(item), ensure_ascii=False)}]"


@attrs.frozen(kw_only=True)
class RecordMatch:
    """What one record refers to, as the progress calculation reads it.

    Attributes:
        record: The record.
        ref: For a held or cancelled record that is used, the scheduled item it refers to,
            as the schedule's items name it (``Occurrence.ref``, ``ScheduledActivity.ref``):
            an occurrence key with the rule's own date (``weekly@2010-02-19``, also for a
            record naming the mechanism on the day a holiday moved it to) or an activity ref
            (``kickoff``, ``forum/v1``). ``None`` for a reading, for a *session* (a held
            record matching no scheduled occurrence, such as every one of a standing
            mechanism), and for a record that is not used.
        used: Whether the calculation uses the record; ``False`` when a problem of severity
            ``error`` keeps it out.
        problems: The problems of the record on its own: the errors that keep it out, or
            warnings about a record that is used (a party in its attendance lists that the
            campaign does not know). Problems between records (a conflicting duplicate, an
            item both held and cancelled) need the whole ledger;
            :func:`~campaignkit.tracking.progress` reports
            them.
    """

    record: Record
    ref: str | None
    used: bool
    problems: tuple[Problem, ...] = ()


def match_records(
    campaign: Campaign, schedule: Schedule, records: Iterable[Record]
) -> Iterator[RecordMatch]:
    """Match each of *records* to what it refers to in *campaign* and its *schedule*.

    Records are matched one at a time, in the order given, each on its own, exactly as
    :func:`~campaignkit.tracking.progress` matches them; the lookups are built once for all of them.

    >>> import datetime as dt
    >>> from campaignkit.model import Campaign, Mechanism, Window
    >>> from campaignkit.scheduling import schedule
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
    ...              mechanisms=(Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=MO"),))
    >>> records = [
    ...     Held(subject="weekly", date=dt.date(2026, 3, 9)),
    ...     Cancelled(subject="weekly@2026-03-16", date=dt.date(2026, 3, 13)),
    ...     Held(subject="weekly", date=dt.date(2026, 3, 11)),     # no meeting that day: a session
    ...     Held(subject="weekly", date=dt.date(2026, 4, 6)),      # after the campaign
    ... ]
    >>> for m in match_records(c, schedule(c), records):
    ...     print(m.ref, m.used, [p.code for p in m.problems])
    weekly@2026-03-09 True []
    weekly@2026-03-16 True []
    None True []
    None False ['outside-window']
    """
    resolver = Resolver(campaign, schedule)
    for record in records:
        entry, problems = resolver.resolve(record)
        ref = None
        if isinstance(entry, HeldEntry | CancelledEntry) and entry.item.kind != "session":
            ref = item_ref(entry.item)
        yield RecordMatch(record=record, ref=ref, used=entry is not None, problems=problems)
