"""Properties of phase progress over drawn campaigns, their schedules and ledgers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from campaignkit import CampaignkitError
from campaignkit.model import Aggregation, Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import (
    GateState,
    Held,
    MechanismProgress,
    PhaseState,
    Progress,
    Reading,
    SeriesProgress,
    Status,
    Thresholds,
    progress,
    progress_series,
)
from campaignkit.tracking._rollup import measure, phase_members

DAY = dt.timedelta(days=1)
small_campaigns = campaigns(max_people=4, max_units=4, max_phases=3, max_mechanisms=3, max_series=3)


@st.composite
def days(draw: st.DrawFn, campaign: Campaign) -> dt.date:
    w = campaign.window
    return draw(st.dates(w.start - 5 * DAY, w.end + 5 * DAY))


def all_held(sched: Schedule) -> list[Held]:
    """A held record for every occurrence and activity, dated on its day."""
    items = [(o.ref, o.day) for o in sched.occurrences()]
    items += [(a.ref, a.day) for a in sched.activities]
    return [Held(subject=ref, date=day) for ref, day in items]


@st.composite
def late_reaching(draw: st.DrawFn, campaign: Campaign, sched: Schedule) -> list[Reading]:
    """Readings that bring some gate indicators to their target after their phase has
    ended (one per unit of a cascade, on a day drawn after the phase): without them, drawn
    ledgers seldom reach a threshold late, and ``late`` would hardly be drawn."""
    ends = {p.phase: p.end for p in sched.phases}
    items = {i.id: (item, i) for item in campaign.scoped for i in item.indicators}
    out: list[Reading] = []
    for phase in campaign.phases:
        end = ends[phase.id]
        for condition in phase.gate:
            if end >= campaign.window.end or not draw(st.booleans()):
                continue
            item, ind = items[condition.indicator]
            day = draw(st.dates(end + DAY, campaign.window.end))
            units = campaign.cascade_units(item.cascade) or (None,)
            value = float(ind.target) if ind.aggregate is not Aggregation.COUNT else 1.0
            out += [Reading(indicator=ind.id, unit=u, date=day, value=value) for u in units]
    return out


def no_indicators(campaign: Campaign) -> dict[str, float]:
    """Weights that keep every indicator out of the roll-ups."""
    return {i.id: 0.0 for item in campaign.scoped for i in item.indicators}


class TestPhaseProperties:
    @settings(max_examples=30, deadline=None)
    @given(small_campaigns)
    def test_phase_whose_due_items_were_all_held_is_complete(self, campaign: Campaign) -> None:
        """With every occurrence and activity held on its day, a finished phase is complete,
        and a running one is on track or ahead."""
        sched = schedule(campaign)
        records = all_held(sched)
        weights = no_indicators(campaign)
        end = progress(campaign, sched, records, campaign.window.end + DAY, weights=weights)
        for phase in end.phases:
            assert phase.state is PhaseState.FINISHED
            assert phase.completion in (None, 1.0), phase.id
        for day in (campaign.window.start, campaign.window.end):
            for phase in progress(campaign, sched, records, day, weights=weights).phases:
                if phase.status is not None:
                    assert phase.status in (Status.ON, Status.AHEAD), phase.id

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_future_phase_never_has_a_status(self, data: st.DataObject) -> None:
        """A phase whose first day is after the as-of day is not started and measures
        nothing, whatever the records."""
        campaign = data.draw(small_campaigns)
        sched = schedule(campaign)
        records = data.draw(ledgers(campaign, sched, bad=True))
        as_of = data.draw(days(campaign))
        p = progress(campaign, sched, records, as_of)
        for phase in p.phases:
            assert phase.start is not None
            if phase.start > as_of:
                assert phase.state is PhaseState.NOT_STARTED
                assert (phase.completion, phase.planned, phase.spi, phase.status) == (None,) * 4
            else:
                assert phase.state is not PhaseState.NOT_STARTED

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_gate_states_follow_value_threshold_and_phase_end(self, data: st.DataObject) -> None:
        """While its phase runs, a gate condition passes exactly when its indicator's
        completion reaches the threshold, and is pending before. Once the phase has ended,
        it is judged by the completion as of the phase's last day (what a progress asked
        for that day gives): passed when that reached it, late when only the completion as
        of the day does, failed otherwise."""
        campaign = data.draw(small_campaigns)
        sched = schedule(campaign)
        records = data.draw(ledgers(campaign, sched, bad=True))
        records += data.draw(late_reaching(campaign, sched))
        w = campaign.window
        # the window's last day as often as any: every phase has ended, late readings counted
        p = progress(campaign, sched, records, data.draw(days(campaign) | st.just(w.end)))
        for phase, model in zip(p.phases, campaign.phases, strict=True):
            assert [(g.indicator, g.threshold) for g in phase.gates] == [
                (c.indicator, c.completion) for c in model.gate
            ]
            assert phase.end is not None
            ended = p.as_of > phase.end
            at_end = progress(campaign, sched, records, phase.end) if ended else None
            for gate in phase.gates:
                assert gate.value == p.indicator(gate.indicator).completion
                if at_end is None:
                    assert gate.at_end is None
                else:
                    assert gate.at_end == at_end.indicator(gate.indicator).completion
                reached = gate.value is not None and gate.value >= gate.threshold
                on_time = gate.at_end is not None and gate.at_end >= gate.threshold
                if not ended:
                    expected = GateState.PASSED if reached else GateState.PENDING
                elif on_time:
                    expected = GateState.PASSED
                else:
                    expected = GateState.LATE if reached else GateState.FAILED
                assert gate.state is expected
            states = {g.state for g in phase.gates}
            whole = next(
                (s for s in (GateState.FAILED, GateState.PENDING, GateState.LATE) if s in states),
                GateState.PASSED if states else None,
            )
            assert phase.gate is whole

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_an_ended_gate_is_judged_once(self, data: st.DataObject) -> None:
        """Once a gated phase has ended, every later day judges its gate by the same
        completion (``at_end``): a gate passed then stays passed whatever comes after, and
        one not passed then is never ``passed`` again (``late`` at best). Results for
        several days in one sweep agree with each day asked alone."""
        campaign = data.draw(small_campaigns)
        gated = [p for p in campaign.phases if p.gate]
        assume(gated)
        sched = schedule(campaign)
        records = data.draw(ledgers(campaign, sched, bad=True))
        records += data.draw(late_reaching(campaign, sched))
        end = {p.phase: p.end for p in sched.phases}[data.draw(st.sampled_from(gated)).id]
        later = sorted(
            data.draw(st.sets(st.dates(end + DAY, end + 40 * DAY), min_size=2, max_size=3))
        )
        swept = progress_series(campaign, sched, records, later)
        assert swept == tuple(progress(campaign, sched, records, day) for day in later)
        phases = [[p for p in result.phases if p.end == end and p.gates] for result in swept]
        for day_phases in zip(*phases, strict=True):
            conditions = zip(*(phase.gates for phase in day_phases), strict=True)
            for gates in conditions:
                assert len({g.at_end for g in gates}) == 1
                if gates[0].state is GateState.PASSED:
                    assert all(g.state is GateState.PASSED for g in gates)
                else:
                    assert all(g.state is not GateState.PASSED for g in gates)

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_campaign_complete_only_when_every_item_was_held(self, data: st.DataObject) -> None:
        """With every phase, series and mechanism weighing 1 and indicators left out, the
        campaign is complete only when every series and mechanism is, that is when every
        scheduled occurrence and activity was held, inside the phases or outside them."""
        campaign = data.draw(small_campaigns)
        sched = schedule(campaign)
        records = data.draw(ledgers(campaign, sched, bad=True))
        weights = no_indicators(campaign)
        weights.update({x.id: 1.0 for x in (*campaign.phases, *campaign.scoped)})
        p = progress(campaign, sched, records, data.draw(days(campaign)), weights=weights)
        assert p.completion is None or 0.0 <= p.completion <= 1.0
        if p.completion == 1.0:
            for node in (*p.series, *p.mechanisms):
                assert node.completion in (None, 1.0), node.id

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_campaign_roll_up_unchanged_where_phases_are_explicit(
        self, data: st.DataObject
    ) -> None:
        """Where every series and mechanism lists one phase, each counts in its phase with
        its own figures, so the campaign rolls up as it always did: phases by weight, each
        the weighted mean of its members, and the items in no phase by their own weight."""
        drawn = data.draw(small_campaigns)
        assume(drawn.phases)
        first = (drawn.phases[0].id,)
        try:
            campaign = attrs.evolve(
                drawn,
                mechanisms=tuple(
                    attrs.evolve(m, phases=m.phases[:1] or first) for m in drawn.mechanisms
                ),
                series=tuple(attrs.evolve(s, phases=s.phases[:1] or first) for s in drawn.series),
            )
            sched = schedule(campaign)
        except CampaignkitError:
            assume(False)
        records = data.draw(ledgers(campaign, sched, bad=True))
        p = progress(campaign, sched, records, data.draw(days(campaign)))
        assert (p.completion, p.planned, p.status) == roll_up_as_before(campaign, sched, p)

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_a_phase_shares_the_members_that_list_no_phase_or_several(
        self, data: st.DataObject
    ) -> None:
        """A phase has a share for each of its members that lists no phase or several, and
        only for them; a phase not started has no figure in its shares, a started one a
        completion and planned completion in [0, 1] wherever its member has work inside the
        phase."""
        campaign = data.draw(small_campaigns)
        sched = schedule(campaign)
        records = data.draw(ledgers(campaign, sched, bad=True))
        p = progress(campaign, sched, records, data.draw(days(campaign)))
        listing = {item.id for item in campaign.scoped if len(item.phases) == 1}
        for phase in p.phases:
            members = {m.id for m in (*phase.series, *phase.mechanisms)}
            assert {s.id for s in phase.shares} == members - listing
            for share in phase.shares:
                if phase.state is PhaseState.NOT_STARTED:
                    assert (share.completion, share.planned, share.status) == (None, None, None)
                elif share.completion is not None:
                    assert share.planned is not None
                    assert 0.0 <= share.completion <= 1.0
                    assert 0.0 <= share.planned <= 1.0


def roll_up_as_before(campaign: Campaign, sched: Schedule, p: Progress) -> tuple[Any, ...]:
    """The campaign roll-up with every member counting its own figures in its phases."""
    nodes: dict[str, SeriesProgress | MechanismProgress] = {
        n.id: n for n in (*p.series, *p.mechanisms)
    }
    thresholds = Thresholds()
    parts = []
    members = phase_members(campaign, sched)
    for phase in campaign.phases:
        ids = members[phase.id]
        c, pl, _, _ = measure(
            ((nodes[i].completion, nodes[i].planned, nodes[i].weight) for i in ids), thresholds
        )
        parts.append((c, pl, phase.weight))
    phased = {i for ids in members.values() for i in ids}
    unphased = [nodes[item.id] for item in campaign.scoped if item.id not in phased]
    parts += [(n.completion, n.planned, n.weight) for n in unphased]
    completion, planned, _, status = measure(parts, thresholds)
    return completion, planned, status
