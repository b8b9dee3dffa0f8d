"""Phases in the situation report and the weekly briefing: not started, and exit gates.

The vaccination example: preparation 2026-03-02 .. 03-13; vaccination 03-17 .. 05-07 with a
gate asking for 80% of the doses; review 05-12 .. 05-19. No records: nothing is done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit.io import load
from campaignkit.model import Campaign
from campaignkit.report import render_briefing, render_report
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Reading, progress

EXAMPLE = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"


@pytest.fixture(scope="module")
def vaccination() -> tuple[Campaign, Schedule]:
    campaign = load(EXAMPLE)
    return campaign, schedule(campaign)


def report(vaccination: tuple[Campaign, Schedule], day: dt.date, **kwargs: str) -> str:
    campaign, plan = vaccination
    return render_report(campaign, plan, progress(campaign, plan, [], day), **kwargs)


class TestReport:
    def test_phase_not_started_has_no_figures(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """A phase not started shows dashes and "not started", not "behind"."""
        text = report(vaccination, dt.date(2026, 5, 11), lang="en")
        assert "| Review | 2026-05-12 | 2026-05-19 | — | — | — | not started | — |" in text

    def test_gate_failed_with_its_value(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """After the vaccination weeks without doses, the gate says 0% of 80%: failed."""
        text = report(vaccination, dt.date(2026, 5, 11), lang="en")
        assert "| Status | Exit gate |" in text
        assert "| behind | Doses given 0% of 80% needed: failed |" in text

    def test_gates_at_a_glance(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """The overview counts the gate conditions by state."""
        text = report(vaccination, dt.date(2026, 5, 11), lang="en")
        assert "- **Exit gates**: 0 passed, 0 pending, 0 passed late, 1 failed" in text

    def test_gate_pending_in_chinese(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """While the vaccination weeks run the gate is pending (待验收)."""
        text = report(vaccination, dt.date(2026, 4, 1), lang="zh")
        assert "| 验收条件 |" in text
        assert "接种剂次 0%（需达 80%）：待验收" in text

    def test_gate_coloured_in_html(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """In HTML the gate cell carries its state as a class; a phase not started has no
        status colour."""
        text = report(vaccination, dt.date(2026, 5, 11), lang="en", format="html")
        assert '<td class="left gate gate-failed">Doses given 0% of 80% needed: failed</td>' in text
        assert '<td class="left status">not started</td>' in text

    def test_gate_passed_late(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """Half of every clinic's doses by the phase's last day (7 May), all of them the
        day after: the gate passed late, and the cell says what judged it."""
        campaign, plan = vaccination
        targets = {"clinic-north": 1200, "clinic-south": 1000, "clinic-east": 900}
        targets["clinic-west"] = 900
        records = [
            Reading(indicator="doses", unit=unit, date=day, value=target / 2)
            for unit, target in targets.items()
            for day in (dt.date(2026, 5, 7), dt.date(2026, 5, 8))
        ]
        tree = progress(campaign, plan, records, dt.date(2026, 5, 11))
        text = render_report(campaign, plan, tree, lang="en", format="html")
        cell = "Doses given 50% of 80% needed when the phase ended, 100% now: passed late"
        assert f'<td class="left gate gate-late">{cell}</td>' in text
        zh = render_report(campaign, plan, tree, lang="zh")
        assert "接种剂次 阶段结束时 50%，现 100%（需达 80%）：逾期达标" in zh
        assert "0项已达标，0项待验收，1项逾期达标，0项未达标" in zh


class TestBriefing:
    def test_current_phase_and_its_gate(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """The sheet names the phase running at the end of last week, and its gate."""
        campaign, plan = vaccination
        text = render_briefing(campaign, plan, [], dt.date(2026, 4, 8), lang="en")
        assert "Current phase: Vaccination weeks (2026-03-17 to 2026-05-07)" in text
        assert "Exit gate of Vaccination weeks: Doses given 0% of 80% needed: pending." in text

    def test_failed_gate_and_next_phase(self, vaccination: tuple[Campaign, Schedule]) -> None:
        """After the phase, the sheet says its gate failed and when the next phase starts."""
        campaign, plan = vaccination
        text = render_briefing(campaign, plan, [], dt.date(2026, 5, 11), lang="en")
        assert "Exit gate of Vaccination weeks: Doses given 0% of 80% needed: failed." in text
        assert "Phase Review starts on 2026-05-12." in text
        assert "Current phase" not in text
