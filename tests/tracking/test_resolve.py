"""match_records(): which scheduled item each record refers to, whether it is used, and why not.

The small campaign runs 2026-03-02 (a Monday) .. 2026-03-27: a Monday meeting (``weekly``),
a standing mechanism (``rules``), a Wednesday patrol run by two villages, one dated activity
and one indicator. The Changsheng example checks a meeting a holiday moved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import Severity
from campaignkit.io import load, read_ledger
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Campaign,
    Cascade,
    Indicator,
    Mechanism,
    Person,
    Unit,
    Window,
)
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import (
    Cancelled,
    Held,
    Reading,
    Record,
    RecordMatch,
    match_records,
    progress,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
day = dt.date


def small() -> tuple[Campaign, Schedule]:
    """The small campaign and its schedule."""
    campaign = Campaign(
        id="drive",
        name="Drive",
        window=Window(start=day(2026, 3, 2), end=day(2026, 3, 27)),
        people=(Person(id="ana", name="Ana"),),
        units=(
            Unit(id="town", name="Town"),
            Unit(id="v1", name="North", parent="town"),
            Unit(id="v2", name="South", parent="town"),
        ),
        mechanisms=(
            Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=MO"),
            Mechanism(id="rules", name="Rules"),
            Mechanism(
                id="patrol",
                name="Patrol",
                rule="FREQ=WEEKLY;BYDAY=WE",
                cascade=Cascade(children_of="town"),
            ),
        ),
        series=(
            ActivitySeries(
                id="cleanup",
                name="Clean-up",
                activities=(Activity(id="kickoff", name="Kick-off", date=day(2026, 3, 5)),),
                indicators=(Indicator(id="bags", name="Bags", target=10),),
            ),
        ),
    )
    return campaign, schedule(campaign)


def match(record: Record) -> RecordMatch:
    """The match of one record against the small campaign."""
    campaign, plan = small()
    (found,) = match_records(campaign, plan, [record])
    return found


class TestRefs:
    @pytest.mark.parametrize(
        ("record", "ref"),
        [
            (Held(subject="weekly@2026-03-09", date=day(2026, 3, 9)), "weekly@2026-03-09"),
            (Held(subject="weekly", date=day(2026, 3, 16)), "weekly@2026-03-16"),
            (Cancelled(subject="weekly", date=day(2026, 3, 23)), "weekly@2026-03-23"),
            (Held(subject="patrol/v2@2026-03-04", date=day(2026, 3, 4)), "patrol/v2@2026-03-04"),
            (Held(subject="patrol", unit="v1", date=day(2026, 3, 11)), "patrol/v1@2026-03-11"),
            (Held(subject="kickoff", date=day(2026, 3, 6)), "kickoff"),
        ],
    )
    def test_scheduled_items(self, record: Record, ref: str) -> None:
        """Keys, mechanism ids on an occurrence's day, and activity refs give the item's ref."""
        assert match(record) == RecordMatch(record=record, ref=ref, used=True)

    def test_every_item_of_a_schedule(self) -> None:
        """A held record citing any item of the Changsheng schedule on its day refers to it:
        the ref is the item's own."""
        campaign = load(EXAMPLE / "campaign.yaml")
        plan = schedule(campaign)
        items = list(plan.items())
        records = [Held(subject=i.ref, date=i.day, id=f"h{n}") for n, i in enumerate(items)]
        found = list(match_records(campaign, plan, records))
        assert [m.ref for m in found] == [i.ref for i in items]
        assert all(m.used and m.problems == () for m in found)

    def test_moved_meeting(self) -> None:
        """The weekly meeting of Friday 2010-02-19 (Spring Festival) took place on Saturday
        02-20: a record naming the mechanism on 02-20 refers to the key with the rule date."""
        campaign = load(EXAMPLE / "campaign.yaml")
        record = Held(subject="weekly-meeting", date=day(2010, 2, 20))
        (found,) = match_records(campaign, schedule(campaign), [record])
        assert found.ref == "weekly-meeting@2010-02-19"


class TestNoRef:
    def test_reading(self) -> None:
        """A reading that counts is used and refers to no scheduled item."""
        record = Reading(indicator="bags", date=day(2026, 3, 10), value=6)
        assert match(record) == RecordMatch(record=record, ref=None, used=True)

    @pytest.mark.parametrize(
        "record",
        [
            Held(subject="rules", date=day(2026, 3, 10)),  # a standing mechanism
            Held(subject="weekly", date=day(2026, 3, 11)),  # a Wednesday: no meeting that day
        ],
    )
    def test_session(self, record: Record) -> None:
        """A held record matching no scheduled occurrence is a session: used, no ref."""
        assert match(record) == RecordMatch(record=record, ref=None, used=True)


class TestProblems:
    @pytest.mark.parametrize(
        ("record", "code"),
        [
            (Held(subject="nowhere", date=day(2026, 3, 9), id="r"), "unknown-reference"),
            (Held(subject="weekly", date=day(2026, 4, 6), id="r"), "outside-window"),
            (
                Held(subject="weekly@2026-03-10", date=day(2026, 3, 10), id="r"),
                "unknown-occurrence",
            ),
            (Held(subject="patrol", date=day(2026, 3, 4), id="r"), "missing-unit"),
            (Cancelled(subject="rules", date=day(2026, 3, 10), id="r"), "not-scheduled"),
            (
                Reading(indicator="sacks", date=day(2026, 3, 10), value=1, id="r"),
                "unknown-reference",
            ),
        ],
    )
    def test_kept_out(self, record: Record, code: str) -> None:
        """A record an error keeps out is not used, refers to nothing, and says why, located
        at the record."""
        found = match(record)
        assert (found.used, found.ref) == (False, None)
        (problem,) = found.problems
        assert (problem.code, problem.severity) == (code, Severity.ERROR)
        assert problem.path.startswith('$.records["r"]')

    def test_warning(self) -> None:
        """An unknown party in the attendance is a warning: the record is still used."""
        record = Held(subject="kickoff", date=day(2026, 3, 5), present=("ana", "bob"), id="r")
        found = match(record)
        assert (found.used, found.ref) == (True, "kickoff")
        (problem,) = found.problems
        assert (problem.path, problem.code) == ('$.records["r"].present[1]', "unknown-reference")
        assert problem.severity is Severity.WARNING


class TestAsProgressReads:
    def test_order_and_count(self) -> None:
        """One match per record, in the order given, each for its own record."""
        campaign, plan = small()
        records = [
            Reading(indicator="bags", date=day(2026, 3, 10), value=6),
            Held(subject="nowhere", date=day(2026, 3, 9)),
            Held(subject="kickoff", date=day(2026, 3, 5)),
        ]
        assert [m.record for m in match_records(campaign, plan, records)] == records

    def test_used_as_progress_counts(self) -> None:
        """On the Changsheng ledger plus two bad rows, the records used are those progress
        counts as used, and the errors are the ones progress reports."""
        campaign = load(EXAMPLE / "campaign.yaml")
        plan = schedule(campaign)
        ledger = [
            *read_ledger(EXAMPLE / "records.csv"),
            Held(subject="nowhere", date=day(2010, 3, 1), id="bad-1"),
            Reading(indicator="ideas?", date=day(2010, 3, 1), value=1, id="bad-2"),
        ]
        found = list(match_records(campaign, plan, ledger))
        result = progress(campaign, plan, ledger, campaign.window.end)
        assert sum(m.used for m in found) == result.counts.used == 92  # 94 read, 2 kept out
        problems = [p for m in found for p in m.problems]
        assert [(p.path, p.code) for p in problems] == [
            ('$.records["bad-1"].subject', "unknown-reference"),
            ('$.records["bad-2"].indicator', "unknown-reference"),
        ]
        assert problems == [p for p in result.problems if p.path.startswith("$.records")]
