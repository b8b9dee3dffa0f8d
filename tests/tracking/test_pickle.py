"""Accumulators pickle, tagged with their format and version, and refuse any other."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import campaignkit
from campaignkit import Problem, ValidationError
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import PICKLE_FORMAT, Accumulator, Reading, progress

D = dt.date
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2026, 3, 2), end=D(2026, 3, 13)),
    series=(
        ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="I", target=10),)),
    ),
)
SCHEDULE = schedule(CAMPAIGN)


def _filled(unique_ids: bool) -> Accumulator:
    acc = Accumulator(CAMPAIGN, SCHEDULE, unique_ids=unique_ids)
    acc.add(Reading(id="a", indicator="ideas", date=D(2026, 3, 3), value=3))
    acc.add(Reading(id="b", indicator="ideas", date=D(2026, 3, 4), value=4))
    acc.add_unreadable([Problem("$.date", "invalid-date", "no date", source="l.csv", line=7)])
    return acc


class TestPickling:
    @pytest.mark.parametrize("unique_ids", [False, True])
    def test_a_pickle_gives_the_same_results(self, unique_ids: bool) -> None:
        """An unpickled accumulator answers as the original: 3 + 4 = 7 ideas, the unreadable
        line counted, and it takes more records."""
        acc = pickle.loads(pickle.dumps(_filled(unique_ids)))
        day = D(2026, 3, 5)
        assert acc.result(day) == _filled(unique_ids).result(day)
        assert acc.result(day).indicator("ideas").actual == 7.0
        assert acc.result(day).counts.unreadable == 1
        acc.add(Reading(id="c", indicator="ideas", date=D(2026, 3, 5), value=2))
        assert acc.result(day).indicator("ideas").actual == 9.0

    def test_a_pickle_keeps_checked_ids(self) -> None:
        """Ids are still checked after a round trip: a repeat counts once, a conflict is
        reported (and neither of its versions used: only b's 4 is left)."""
        acc = pickle.loads(pickle.dumps(_filled(False)))
        acc.add(Reading(id="b", indicator="ideas", date=D(2026, 3, 4), value=4))
        acc.add(Reading(id="a", indicator="ideas", date=D(2026, 3, 3), value=5))
        result = acc.result(D(2026, 3, 5))
        assert result.indicator("ideas").actual == 4.0
        assert [p.code for p in result.problems] == ["invalid-date", "conflicting-duplicate"]

    def test_the_tag_comes_first(self) -> None:
        """The pickle's arguments are the format, the version, then the payload."""
        _, (format, version, payload) = _filled(True).__reduce__()
        assert (format, version) == (PICKLE_FORMAT, campaignkit.__version__)
        assert isinstance(payload, bytes)

    def test_another_format_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A pickle of another format is refused with a located, coded error naming it."""
        data = pickle.dumps(_filled(True))
        monkeypatch.setattr("campaignkit.tracking._accumulator.PICKLE_FORMAT", PICKLE_FORMAT + 1)
        with pytest.raises(ValidationError) as caught:
            pickle.loads(data)
        (problem,) = caught.value.problems
        assert problem.code == "accumulator-format"
        assert f"format {PICKLE_FORMAT!r} from campaignkit" in problem.message

    def test_another_version_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A pickle made by another campaignkit version is refused, naming both versions."""
        data = pickle.dumps(_filled(False))
        monkeypatch.setattr(campaignkit, "__version__", "99.0")
        with pytest.raises(ValidationError) as caught:
            pickle.loads(data)
        (problem,) = caught.value.problems
        assert problem.code == "accumulator-format"
        assert repr(campaignkit.__version__) not in problem.message
        assert "this is campaignkit 99.0" in problem.message

    def test_the_payload_is_not_read_when_refused(self) -> None:
        """A refused pickle's payload is never unpickled (it may be garbage)."""
        restore, _ = _filled(True).__reduce__()

        class Forged:
            def __reduce__(self) -> tuple[Any, tuple[int, str, bytes]]:
                return restore, (0, "0.0", b"not a pickle")

        with pytest.raises(ValidationError, match=r"format 0 from campaignkit '0\.0'"):
            pickle.loads(pickle.dumps(Forged()))


small_campaigns = campaigns(max_people=3, max_units=4, max_phases=2, max_mechanisms=2, max_series=2)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Campaign, Schedule, list[Any], dt.date]:
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, bad=True))
    return campaign, sched, records, draw(st.dates(campaign.window.start, campaign.window.end))


class TestPickledPartsProperties:
    @settings(max_examples=30)
    @given(_cases(), st.integers(1, 4), st.randoms(use_true_random=False))
    def test_pickled_parts_of_any_ledger_merge_to_the_whole(
        self, case: Any, parts: int, rnd: random.Random
    ) -> None:
        """Ids checked, repeats and conflicts in the ledger: parts pickled (as sent back by
        workers) and merged give the whole ledger's progress."""
        campaign, sched, records, as_of = case
        accs = [Accumulator(campaign, sched) for _ in range(parts)]
        for record in records:
            rnd.choice(accs).add(record)
        merged = Accumulator(campaign, sched)
        for acc in accs:
            merged.merge(pickle.loads(pickle.dumps(acc)))
        assert pickle.loads(pickle.dumps(merged)).result(as_of) == progress(
            campaign, sched, records, as_of
        )
