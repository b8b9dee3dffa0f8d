"""Campaigns the report tests share: the Changsheng example and a small one built by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from campaignkit.io import load, read_ledger
from campaignkit.model import (
    Activity,
    ActivitySeries,
    Assignment,
    Campaign,
    Cascade,
    Indicator,
    LeadershipGroup,
    Mechanism,
    Person,
    Phase,
    Post,
    Unit,
    Window,
    WorkingBody,
)
from campaignkit.report import burnup_days
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Held, Ledger, Progress, Reading, progress, progress_series

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "changsheng"
AS_OF = dt.date(2010, 4, 2)


@attrs.frozen
class Case:
    """A campaign with its schedule, ledger, progress on a day and weekly history."""

    campaign: Campaign
    plan: Schedule
    ledger: Ledger
    result: Progress
    history: tuple[Progress, ...]


def make_case(campaign: Campaign, ledger: Ledger, as_of: dt.date) -> Case:
    """Schedule *campaign* and measure it as of *as_of*, with a weekly history."""
    plan = schedule(campaign)
    history = progress_series(campaign, plan, ledger, burnup_days(campaign, as_of))
    return Case(campaign, plan, ledger, progress(campaign, plan, ledger, as_of), history)


@pytest.fixture(scope="session")
def changsheng() -> Case:
    """The Changsheng campaign as of its report, 2010-04-02."""
    campaign = load(EXAMPLE / "campaign.yaml")
    return make_case(campaign, read_ledger(EXAMPLE / "records.csv"), AS_OF)


SMALL_START = dt.date(2026, 3, 2)  # a Monday
SMALL_AS_OF = dt.date(2026, 3, 20)  # a Friday, end of the third week


def small_campaign(name: str = "Clean-up drive") -> Campaign:
    """Three weeks of a town's clean-up drive with attendance, a cascade and a series.

    - ``weekly``: a Monday meeting of the group (a, b, c), led by the group;
    - ``patrol``: a Wednesday patrol in each village (v1, v2), led by the office;
    - ``attendance``: attendance keeping over everything;
    - ``cleanup``: one dated event (03-05) and 10 bags to collect, led by ``a``, supported by
      ``b``; the series is marked assumed.
    """
    return Campaign(
        id="drive",
        name=name,
        translations={"zh": "清洁行动"},
        theme="Keep the villages clean",
        window=Window(start=SMALL_START, end=dt.date(2026, 3, 27)),
        people=(
            Person(id="a", name="Ana", posts=(Post(title="Head", unit="town"),)),
            Person(id="b", name="Ben", posts=(Post(title="Clerk", unit="v1"),)),
            Person(
                id="c",
                name="Cai",
                posts=(Post(title="Clerk", unit="v2"),),
                assumed=True,
                note="Cai's post is a guess.",
            ),
        ),
        units=(
            Unit(id="town", name="Town"),
            Unit(id="v1", name="North village", parent="town"),
            Unit(id="v2", name="South village", parent="town"),
        ),
        groups=(
            LeadershipGroup(
                id="group",
                name="Steering group",
                leader="a",
                members=("b", "c"),
                bodies=(WorkingBody(id="office", name="Office", director="b", staff=3),),
            ),
        ),
        phases=(Phase(id="run", name="Run", start=SMALL_START, end=dt.date(2026, 3, 27)),),
        mechanisms=(
            Mechanism(id="attendance", name="Attendance", attendance=True),
            Mechanism(
                id="weekly",
                name="Weekly meeting",
                rule="FREQ=WEEKLY;BYDAY=MO",
                participants=("group",),
            ),
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
                name="Clean-up days",
                assumed=True,
                note="The series is a guess.",
                activities=(
                    Activity(
                        id="kickoff",
                        name="Kick-off",
                        date=dt.date(2026, 3, 5),
                        participants=("group",),
                    ),
                ),
                indicators=(Indicator(id="bags", name="Bags collected", unit="bags", target=10),),
            ),
        ),
        assignments=(
            Assignment(subject="weekly", party="group", role="lead"),
            Assignment(subject="patrol", party="office", role="lead"),
            Assignment(subject="patrol", party="a", role="supervise"),
            Assignment(subject="cleanup", party="a", role="lead"),
            Assignment(subject="cleanup", party="b", role="support", assumed=True),
        ),
    )


def small_ledger() -> Ledger:
    """Weekly meetings of 03-02 and 03-09 held (Cai absent from both), the 03-16 one not;
    every patrol of the north village held, only the first of the south one; the kick-off
    held; 6 bags collected."""
    day = dt.date
    return Ledger(
        [
            Held(
                subject="weekly@2026-03-02", date=day(2026, 3, 2), present=("a", "b"), absent=("c",)
            ),
            Held(
                subject="weekly@2026-03-09", date=day(2026, 3, 9), present=("a", "b"), absent=("c",)
            ),
            Held(subject="patrol/v1@2026-03-04", date=day(2026, 3, 4)),
            Held(subject="patrol/v1@2026-03-11", date=day(2026, 3, 11)),
            Held(subject="patrol/v1@2026-03-18", date=day(2026, 3, 18)),
            Held(subject="patrol/v2@2026-03-04", date=day(2026, 3, 4)),
            Held(subject="kickoff", date=day(2026, 3, 5), present=("group",)),
            Reading(indicator="bags", date=day(2026, 3, 10), value=6, note="six | bags"),
        ]
    )


@pytest.fixture(scope="session")
def small() -> Case:
    """The small campaign as of 2026-03-20."""
    return make_case(small_campaign(), small_ledger(), SMALL_AS_OF)


@attrs.frozen
class Builders:
    """The builders above, for tests that vary the small campaign."""

    campaign: Callable[..., Campaign] = small_campaign
    ledger: Callable[[], Ledger] = small_ledger
    case: Callable[[Campaign, Ledger, dt.date], Case] = make_case
    as_of: dt.date = SMALL_AS_OF


@pytest.fixture(scope="session")
def build() -> Builders:
    """Builders of small campaigns, ledgers and cases."""
    return Builders()
