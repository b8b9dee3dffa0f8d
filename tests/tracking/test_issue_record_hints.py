"""Regression: record problems that left the reader guessing.

- ``unknown-reference`` gave no "did you mean", though ``unknown-key`` of campaign files did;
- a record citing a moved meeting by the day it took place (``weekly-meeting@2010-02-20``,
  where the meeting of rule date 02-19 was moved to the make-up Saturday 02-20) was told only
  that no such occurrence exists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import Severity, ValidationError
from campaignkit.io import load
from campaignkit.model import (
    ActivitySeries,
    Assignment,
    Campaign,
    Indicator,
    Mechanism,
    Person,
    Placement,
    Unit,
    Window,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Held, Reading, Record, Weights, match_records
from campaignkit.tracking._resolve import MAX_HINTS, Resolver

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
DAY = dt.date(2026, 3, 9)


def drive() -> Campaign:
    """A Monday meeting, a series of talks (two placed), an indicator, a village, a person."""
    return Campaign(
        id="drive",
        name="Drive",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        people=(Person(id="ana-lima", name="Ana"),),
        units=(Unit(id="north-village", name="North"),),
        mechanisms=(Mechanism(id="weekly-meeting", name="W", rule="FREQ=WEEKLY;BYDAY=MO"),),
        series=(
            ActivitySeries(
                id="talks",
                name="Talks",
                placement=Placement(count=2),
                indicators=(Indicator(id="households", name="H", target=100),),
            ),
        ),
    )


def messages(campaign: Campaign, record: Record) -> list[tuple[str, str, str]]:
    """(path, code, message) of the problems of *record*."""
    (match,) = match_records(campaign, schedule(campaign), [record])
    return [(p.path, p.code, p.message) for p in match.problems]


class TestDidYouMean:
    def test_subject(self) -> None:
        """A misspelt mechanism gets the closest activity or mechanism id."""
        record = Held(id="r1", subject="weekly-meting", date=DAY)
        assert messages(drive(), record) == [
            (
                '$.records["r1"].subject',
                "unknown-reference",
                (
                    "activity or mechanism 'weekly-meting' is not defined in this campaign "
                    "(did you mean 'weekly-meeting'?)"
                ),
            )
        ]

    def test_generated_activity(self) -> None:
        """A placed activity's id is a candidate too: ``talk#2`` → ``talks#2``."""
        (_, _, message), *_ = messages(drive(), Held(id="r1", subject="talk#2", date=DAY))
        assert message.endswith("(did you mean 'talks#2'?)")

    def test_occurrence_key(self) -> None:
        """The mechanism of a key: ``weekly-meting@2026-03-09`` → ``weekly-meeting``."""
        record = Held(id="r1", subject="weekly-meting@2026-03-09", date=DAY)
        (_, code, message), *_ = messages(drive(), record)
        assert code == "unknown-reference"
        assert message == (
            "mechanism 'weekly-meting' is not defined in this campaign "
            "(did you mean 'weekly-meeting'?)"
        )

    def test_indicator_and_unit(self) -> None:
        """An indicator and a unit of a reading are matched against their own kind."""
        reading = Reading(id="r1", indicator="houshold", date=DAY, value=1)
        assert messages(drive(), reading)[0][2].endswith("(did you mean 'households'?)")
        reading = Reading(id="r2", indicator="households", unit="north-vilage", date=DAY, value=1)
        assert messages(drive(), reading)[0][2] == (
            "unit 'north-vilage' is not defined in this campaign (did you mean 'north-village'?)"
        )

    def test_attendance(self) -> None:
        """An unknown party in the attendance: a warning with the closest party."""
        record = Held(id="r1", subject="weekly-meeting", date=DAY, present=("ana-lma",))
        (match,) = match_records(drive(), schedule(drive()), [record])
        (problem,) = match.problems
        assert (problem.path, problem.severity) == ('$.records["r1"].present[0]', Severity.WARNING)
        assert "(did you mean 'ana-lima'?)" in problem.message

    def test_nothing_close(self) -> None:
        """No hint when nothing is close."""
        message = messages(drive(), Held(id="r1", subject="zzz", date=DAY))[0][2]
        assert message == "activity or mechanism 'zzz' is not defined in this campaign"

    def test_hints_are_bounded(self) -> None:
        """Past :data:`MAX_HINTS` distinct unknown names, problems come without the hint;
        the first ones keep theirs."""
        campaign = drive()
        resolver = Resolver(campaign, schedule(campaign))
        found = [
            resolver.resolve(Held(id=f"r{n}", subject=f"weekly-meeting{n}", date=DAY))[1][0]
            for n in range(MAX_HINTS + 5)
        ]
        assert "did you mean" in found[0].message
        assert "did you mean" not in found[-1].message
        assert {p.code for p in found} == {"unknown-reference"}


@pytest.fixture(scope="module")
def changsheng() -> Campaign:
    """The Changsheng campaign: its meeting of 2010-02-19 moved to Saturday 02-20."""
    return load(EXAMPLE / "campaign.yaml")


class TestMovedMeetingByItsDay:
    def test_hint_names_the_key(self, changsheng: Campaign) -> None:
        """``weekly-meeting@2010-02-20`` is not a key; the message names
        ``weekly-meeting@2010-02-19``, the meeting held that day."""
        record = Held(id="r1", subject="weekly-meeting@2010-02-20", date=dt.date(2010, 2, 20))
        assert messages(changsheng, record) == [
            (
                '$.records["r1"].subject',
                "unknown-occurrence",
                (
                    "'weekly-meeting' has no occurrence with rule date 2010-02-20; the occurrence of "
                    "rule date 2010-02-19 was moved to 2010-02-20: its key is "
                    "'weekly-meeting@2010-02-19' (or name the mechanism 'weekly-meeting' on the day "
                    "it took place)"
                ),
            )
        ]

    def test_no_hint_for_a_day_without_a_meeting(self, changsheng: Campaign) -> None:
        """A day on which no meeting took place gets the plain message."""
        record = Held(id="r1", subject="weekly-meeting@2010-02-23", date=dt.date(2010, 2, 23))
        assert messages(changsheng, record)[0][2] == (
            "'weekly-meeting' has no occurrence with rule date 2010-02-23"
        )

    def test_the_hinted_key_is_used(self, changsheng: Campaign) -> None:
        """Written as the hint says, the record is used."""
        record = Held(id="r1", subject="weekly-meeting@2010-02-19", date=dt.date(2010, 2, 20))
        (match,) = match_records(changsheng, schedule(changsheng), [record])
        assert (match.used, match.ref, match.problems) == (True, "weekly-meeting@2010-02-19", ())


class TestDidYouMeanElsewhere:
    def test_campaign_file_reference(self) -> None:
        """An assignment to a misspelt party names the closest party, not any id."""
        with pytest.raises(ValidationError) as caught:
            Campaign(
                id="drive",
                name="Drive",
                window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
                people=(Person(id="ana-lima", name="Ana"),),
                mechanisms=(Mechanism(id="ana-limb", name="M", rule="FREQ=WEEKLY;BYDAY=MO"),),
                assignments=(Assignment(subject="ana-limb", party="ana-lma", role="lead"),),
            )
        (problem,) = caught.value.problems
        assert (problem.code, problem.path) == ("unknown-reference", "$.assignments[0].party")
        assert problem.message.endswith("(did you mean 'ana-lima'?)")

    def test_weights(self) -> None:
        """A misspelt weight key names the closest weighable id."""
        with pytest.raises(ValidationError) as caught:
            Weights(drive(), {"talk": 2.0})
        assert caught.value.problems[0].message.endswith("(did you mean 'talks'?)")
