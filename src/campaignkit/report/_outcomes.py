"""What became of each scheduled item, read from the records: :func:`item_outcomes`.

A chart that shows a meeting as held must know that a record says so; the day alone says
only whether it is past. An item (an occurrence or an activity, by its ``ref``) is

- ``held`` when a held record dated on or before the as-of day refers to it (also when the
  item's own day is still to come: held early);
- ``cancelled`` when a cancelled record dated on or before the as-of day refers to it and no
  held one does;
- ``missed`` when its day is on or before the as-of day and no record holds or cancels it;
- ``upcoming`` when its day is after the as-of day and nothing holds or cancels it yet.

Records are matched exactly as the progress calculation matches them
(:func:`~campaignkit.tracking.match_records`); records it does not use are left out. An
accumulator that has folded the records already knows all of this
(:meth:`~campaignkit.tracking.Accumulator.recorded`): given its
:class:`~campaignkit.tracking.Recorded`, :func:`outcomes_of` and :func:`assumed_of` read no
record at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterable, Mapping

from campaignkit._errors import Problem, ValidationError
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Cancelled, Held, Record, Recorded, match_records

Source = Iterable[Record] | Recorded
"""What a report learns what became of scheduled items from: the records themselves (read
once more), or what an accumulator folding them found (:class:`Recorded`)."""


class Outcome(enum.StrEnum):
    """What became of a scheduled item as of a day."""

    HELD = "held"
    CANCELLED = "cancelled"
    MISSED = "missed"
    UPCOMING = "upcoming"


def relevant(record: Record, as_of: dt.date) -> bool:
    """Whether :func:`recorded` or :func:`dated_by_assumption` can use *record* as of
    *as_of*: a held or cancelled record, or one dated by assumption, dated up to that day.
    A report keeps only these of a ledger of any size (readings are most of it).

    >>> from campaignkit.tracking import Reading
    >>> d = dt.date(2026, 3, 13)
    >>> relevant(Held(subject="w@2026-03-02", date=dt.date(2026, 3, 2)), d)
    True
    >>> relevant(Reading(indicator="n", date=dt.date(2026, 3, 2), value=1), d)
    False
    >>> relevant(Reading(indicator="n", date=d, value=1), d)
    True
    """
    return record.date <= as_of and (
        isinstance(record, Held | Cancelled) or record.assumed or record.date == as_of
    )


def recorded(
    campaign: Campaign, schedule: Schedule, records: Iterable[Record], as_of: dt.date
) -> dict[str, Outcome]:
    """The refs of scheduled items that records dated up to *as_of* hold or cancel."""
    done: dict[str, Outcome] = {}
    wanted = (r for r in records if isinstance(r, Held | Cancelled) and r.date <= as_of)
    for match in match_records(campaign, schedule, wanted):
        if match.ref is None or not match.used:
            continue
        if isinstance(match.record, Held):
            done[match.ref] = Outcome.HELD
        else:
            done.setdefault(match.ref, Outcome.CANCELLED)
    return done


def outcome(done: Mapping[str, Outcome], ref: str, day: dt.date, as_of: dt.date) -> Outcome:
    """What became of the item *ref* on *day*, given what the records say (:func:`recorded`).

    >>> d = dt.date(2026, 3, 2)
    >>> outcome({}, "w", d, d).value, outcome({}, "w", d, d - dt.timedelta(days=1)).value
    ('missed', 'upcoming')
    >>> outcome({"w": Outcome.CANCELLED}, "w", d, d).value
    'cancelled'
    """
    found = done.get(ref)
    if found is not None:
        return found
    return Outcome.MISSED if day <= as_of else Outcome.UPCOMING


def combined(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcome of a mark that stands for several items (one per unit of a cascade): the
    worst of them, ``missed`` before ``upcoming`` before ``cancelled`` before ``held``.

    >>> combined([Outcome.HELD, Outcome.MISSED]).value, combined([Outcome.HELD]).value
    ('missed', 'held')
    """
    found = set(outcomes)
    for worst in (Outcome.MISSED, Outcome.UPCOMING, Outcome.CANCELLED):
        if worst in found:
            return worst
    return Outcome.HELD


def dated_by_assumption(
    campaign: Campaign,
    schedule: Schedule,
    records: Iterable[Record],
    days: Iterable[dt.date],
    as_of: dt.date,
) -> dict[dt.date, int]:
    """How many records dated by assumption fall in each step of a series of *days*.

    A record's date is an assumption when the record is marked ``assumed`` or is dated on
    the report's own day, *as_of* (where a ledger puts the totals a report gives without
    saying when the work was done). A record counts towards the first of *days* on or after
    its date (records after the last of them, or after *as_of*, are left out); only records
    the calculation uses are counted.

    >>> from campaignkit.model import Window
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)))
    >>> from campaignkit.scheduling import schedule as lay_out
    >>> from campaignkit.tracking import Reading
    >>> from campaignkit.model import ActivitySeries, Indicator
    >>> c = Campaign(id="c", name="C", window=c.window, series=(ActivitySeries(id="s", name="S",
    ...     indicators=(Indicator(id="n", name="N", target=10),)),))
    >>> day = dt.date(2026, 3, 13)
    >>> records = [Reading(indicator="n", date=dt.date(2026, 3, 4), value=1, assumed=True),
    ...            Reading(indicator="n", date=dt.date(2026, 3, 5), value=1),
    ...            Reading(indicator="n", date=day, value=5)]
    >>> dated_by_assumption(c, lay_out(c), records, [dt.date(2026, 3, 6), day], day)
    {datetime.date(2026, 3, 6): 1, datetime.date(2026, 3, 13): 1}
    """
    steps = sorted({d for d in days if d <= as_of})
    counts: dict[dt.date, int] = {}
    wanted = (r for r in records if r.date <= as_of and (r.assumed or r.date == as_of))
    for match in match_records(campaign, schedule, wanted):
        index = bisect.bisect_left(steps, match.record.date)
        if match.used and index < len(steps):
            counts[steps[index]] = counts.get(steps[index], 0) + 1
    return counts


def _check_day(found: Recorded, as_of: dt.date) -> None:
    if found.as_of != as_of:
        msg = f"what was recorded is as of {found.as_of}, the report as of {as_of}"
        raise ValidationError([Problem("$.records", "invalid-value", msg)])


def outcomes_of(
    campaign: Campaign, schedule: Schedule, source: Source, as_of: dt.date
) -> dict[str, Outcome]:
    """:func:`recorded`, from the records or from what an accumulator found.

    Raises:
        ValidationError: ``invalid-value`` at ``$.records`` when a :class:`Recorded` is
            as of another day.

    >>> found = Recorded(as_of=dt.date(2026, 3, 13), held=frozenset({"w@2026-03-09"}),
    ...                  cancelled=frozenset({"w@2026-03-02"}))
    >>> sorted((k, v.value) for k, v in outcomes_of(None, None, found, found.as_of).items())
    [('w@2026-03-02', 'cancelled'), ('w@2026-03-09', 'held')]
    """
    if not isinstance(source, Recorded):
        return recorded(campaign, schedule, source, as_of)
    _check_day(source, as_of)
    done = dict.fromkeys(source.cancelled, Outcome.CANCELLED)
    done.update(dict.fromkeys(source.held, Outcome.HELD))
    return done


def assumed_of(
    campaign: Campaign,
    schedule: Schedule,
    source: Source,
    days: Iterable[dt.date],
    as_of: dt.date,
) -> dict[dt.date, int] | None:
    """:func:`dated_by_assumption`, from the records or from what an accumulator found;
    ``None`` when the accumulator could not tell.

    The accumulator counts by the days it tracks; each count goes to the first of *days*
    on or after its tracked day, which is the step of every record counted there when
    *days* are among the tracked days (the days of a history it computed).

    >>> found = Recorded(as_of=dt.date(2026, 3, 13),
    ...     dated_by_assumption={dt.date(2026, 3, 6): 1, dt.date(2026, 3, 13): 2})
    >>> assumed_of(None, None, found, [dt.date(2026, 3, 13)], found.as_of)
    {datetime.date(2026, 3, 13): 3}
    """
    if not isinstance(source, Recorded):
        return dated_by_assumption(campaign, schedule, source, days, as_of)
    _check_day(source, as_of)
    return source.assumed_by_step(d for d in days if d <= as_of)
