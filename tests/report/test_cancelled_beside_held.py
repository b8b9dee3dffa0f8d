"""Wherever a report sets held against due, what was called off is said beside it.

Regression: a series whose two activities were both cancelled read ``0 / 2 (2 cancelled)``
in its table and ``0 held of 2 due (2 planned in all)`` in its own section, which reads as
two activities missed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit.model import Activity, ActivitySeries, Campaign, Window
from campaignkit.report import render_report
from campaignkit.scheduling import schedule
from campaignkit.tracking import Cancelled, Held, progress

D = dt.date
CAMPAIGN = Campaign(
    id="d4",
    name="D4",
    window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
    series=(
        ActivitySeries(
            id="ev",
            name="Events",
            activities=(
                Activity(id="a1", name="A1", date=D(2026, 3, 3)),
                Activity(id="a2", name="A2", date=D(2026, 3, 10)),
                Activity(id="a3", name="A3", date=D(2026, 3, 11)),
            ),
        ),
    ),
)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "**Events (held / due)**: 1 held of 3 due, 2 cancelled (3 planned in all)"),
        ("zh", "已开展1场/应开展3场，取消2场（全程计划3场）"),
        ("de", "1 von 3 fälligen durchgeführt, 2 abgesagt (insgesamt 3 geplant)"),
    ],
)
def test_the_series_section_says_what_was_called_off(lang: str, line: str) -> None:
    ledger = [
        Cancelled(subject="a1", date=D(2026, 3, 3)),
        Cancelled(subject="a2", date=D(2026, 3, 10)),
        Held(subject="a3", date=D(2026, 3, 11)),
    ]
    plan = schedule(CAMPAIGN)
    report = render_report(
        CAMPAIGN, plan, progress(CAMPAIGN, plan, ledger, D(2026, 3, 13)), lang=lang
    )
    assert line in report


def test_without_cancellations_nothing_is_added() -> None:
    plan = schedule(CAMPAIGN)
    ledger = [Held(subject="a1", date=D(2026, 3, 3))]
    report = render_report(CAMPAIGN, plan, progress(CAMPAIGN, plan, ledger, D(2026, 3, 13)))
    assert "**Events (held / due)**: 1 held of 3 due (3 planned in all)" in report
