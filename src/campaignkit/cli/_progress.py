"""``campaignkit progress``: measure a campaign's progress as of a day.

The result is a table for people, or JSON or CSV for programs. ``--weights`` reads the
weights of the roll-up from a file of its own. The records file is streamed into an
:class:`~campaignkit.tracking.Accumulator`; ``--unique-ids`` lets it trust that no id
repeats, for large files (see :meth:`~campaignkit.io.RecordReader.feed`).
"""

from __future__ import annotations

import argparse
import datetime as dt

import attrs

from campaignkit._text import truncate
from campaignkit.cli._common import (
    StatusLine,
    add_bom,
    add_campaign_file,
    add_format,
    add_lang,
    add_raw_csv,
    add_records,
    add_status_bands,
    add_unique_ids,
    csv_bom,
    csv_formulas,
    date_argument,
    exit_status,
    feed_records,
    labels_for,
    lang_argument,
    load_and_schedule,
    outside_window,
    print_result,
    status_bands_argument,
    to_json,
    workers_argument,
)
from campaignkit.io import format_table, load_weights, progress_to_csv, progress_to_dict
from campaignkit.model import Campaign
from campaignkit.report import Labels
from campaignkit.tracking import (
    Accumulator,
    Attendance,
    GateProgress,
    IndicatorProgress,
    MechanismProgress,
    PhaseProgress,
    PhaseState,
    Progress,
    SeriesProgress,
    Status,
    Tally,
    Thresholds,
    UnitProgress,
)


def configure_progress(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``progress``."""
    add_campaign_file(parser)
    add_records(parser)
    parser.add_argument(
        "--as-of", required=True, metavar="DATE", help="the day to measure (YYYY-MM-DD or today)"
    )
    add_format(parser, ("table", "json", "csv"))
    add_raw_csv(parser)
    add_bom(parser)
    add_lang(parser)
    add_weights(parser)
    add_status_bands(parser)
    add_unique_ids(parser)


def run_progress(args: argparse.Namespace) -> int:
    """Measure the progress and print it; problems of the records go to stderr."""
    as_of = date_argument(args.as_of, "--as-of") or dt.date.min  # argparse requires it
    workers = workers_argument(args.workers)
    thresholds = status_bands_argument(args.status_bands, "--status-bands")
    chosen = lang_argument(args.lang)
    status = StatusLine()
    try:
        campaign, plan = load_and_schedule(args.file, status, args.input_format)
        weights = load_weights(args.weights, campaign) if args.weights else None
        accumulator = Accumulator(campaign, plan, days=(as_of,), unique_ids=args.unique_ids)
        # progress(), streamed
        feed_records(
            args.records, status, accumulator, args.records_format,
            encoding=args.encoding, workers=workers,
        )  # fmt: skip
        result = accumulator.result(as_of, weights=weights, thresholds=thresholds)
        if args.format == "csv":
            text = progress_to_csv(
                result,
                campaign=campaign,
                formulas=csv_formulas(args),
                bom=csv_bom(args, labels_for(chosen, campaign)),
            )
        elif args.format == "json":
            text = _json(result)
        else:
            text = _table(result, campaign, labels_for(chosen, campaign))
    finally:
        status.done()
    print_result(text, table=args.format == "table")
    notes = outside_window(as_of, campaign, "--as-of")
    found = [*notes, *result.problems]  # the reader's own among them, each in its place
    return exit_status(found, args.records, every=args.all_problems)


# -- weights --------------------------------------------------------------------------------


def add_weights(parser: argparse.ArgumentParser) -> None:
    """The ``--weights`` option: a file of weights by id (``progress`` and ``report``)."""
    parser.add_argument(
        "--weights",
        metavar="FILE",
        help="weights by id, a YAML, JSON or TOML mapping such as {forum: 2, weekly-meeting: 0.5}",
    )


# -- views ----------------------------------------------------------------------------------


def _json(result: Progress) -> str:
    return to_json(progress_to_dict(result)) + "\n"


def _table(result: Progress, campaign: Campaign, labels: Labels) -> str:
    """The progress as a table for people, in *labels*' language."""
    counts = result.counts
    completion, planned = _percents(result.completion, result.planned, labels, result.thresholds)
    overall = labels(
        "table.overall",
        day=result.as_of,
        completion=completion,
        planned=planned,
        spi=_ratio(result.spi, result.thresholds, labels) or labels.missing,
        status=labels.status(result.status),
    )
    records = labels.counted(
        "table.records",
        read=counts.read,
        used=counts.used,
        after=counts.after_as_of,
        reported=counts.reported,
    )
    if counts.unreadable:
        records += labels.counted("table.unreadable", unreadable=counts.unreadable)
    lines = [campaign.label(labels.tag), overall, records, ""]
    rows: list[tuple[object, ...]] = []
    table = _Rows(campaign, labels, result.thresholds)
    for phase in result.phases:
        rows.append(table.phase(phase))
        rows += (table.gate(g) for g in phase.gates)
    for mechanism in result.mechanisms:
        figures = table.tally(mechanism.occurrences) or table.attendance(mechanism.attendance)
        rows.append(table.row("mechanism", mechanism, figures))
        rows += (table.indicator(i) for i in mechanism.indicators)
    for series in result.series:
        rows.append(table.row("series", series, table.tally(series.activities)))
        rows += (table.indicator(i) for i in series.indicators)
    header = labels.heads("kind", "id", "name", "done", "plan", "spi", "status", "figures")
    lines.append(format_table(header, rows, align="lllrrrlr"))
    if result.units:
        lines += ["", *_unit_ranking(result, campaign, labels)]
    return "\n".join(lines) + "\n"


RANKED_SHOWN = 5
"""Units the table shows at each end of the campaign-wide ranking (the best and the worst)."""


def _unit_ranking(result: Progress, campaign: Campaign, labels: Labels) -> list[str]:
    """The campaign-wide ranking of units: all of them, or the best and the worst
    :data:`RANKED_SHOWN` with the count of those left out between; units without figures
    (every weight of theirs 0, say) are counted after it, not ranked among the worst
    (:attr:`Progress.measured_units <campaignkit.tracking.Progress.measured_units>`)."""
    units, unmeasured = result.measured_units, len(result.unmeasured_units)
    after = [labels.counted("table.units-unmeasured", n=unmeasured)] if unmeasured else []
    if not units:
        return after
    shown = RANKED_SHOWN
    names = {u.id: u.label(labels.tag) for u in campaign.units}
    bands = result.thresholds

    whole = len(units) <= 2 * shown
    ends = (units,) if whole else (units[:shown], units[-shown:])
    # whole percentages, or the decimals that keep units ranked apart from reading alike
    found = [labels.ranking_places(end, 0) for end in ends]
    places, spi_places = (max(column) for column in zip(*found, strict=True))

    def row(u: UnitProgress) -> tuple[object, ...]:
        status = _status(labels, u.status, u.readings)
        held = labels.held_due(u.tally) if u.tally is not None and u.tally.total else ""
        name = truncate(names.get(u.unit, ""), 24)
        spi = _ratio(u.spi, bands, labels, spi_places)
        return (
            labels.number(u.rank),
            u.unit,
            name,
            *_percents(u.completion, u.planned, labels, bands, "", places),
            spi,
            status,
            held,
        )

    if whole:
        title = labels.counted("table.units-all", n=len(units))
        rows = [row(u) for u in units]
    else:
        title = labels.counted("table.units-ends", n=len(units), shown=shown)
        # the ranks of the units left out, so that a tie cut through reads as one (five
        # units ranked 1 shown, and "2 more, ranked 1": they are not the only best)
        hidden = units[shown:-shown]
        ranks = labels.ranks(labels.number(hidden[0].rank), labels.number(hidden[-1].rank))
        more = labels("table.more-ranked", n=labels.number(len(hidden)), ranks=ranks)
        gap = ("…", more, "", "", "", "", "", "")
        rows = [*(row(u) for u in units[:shown]), gap, *(row(u) for u in units[-shown:])]
    header = labels.heads("rank", "unit", "name", "done", "plan", "spi", "status", "held-due")
    return [title, format_table(header, rows, align="rllrrrlr"), *after]


_Measured = PhaseProgress | MechanismProgress | SeriesProgress | IndicatorProgress


@attrs.frozen
class _Rows:
    """The rows of the progress table, in the labels' language."""

    campaign: Campaign
    labels: Labels
    bands: Thresholds

    def name(self, id: str, name: str) -> str:
        kind = self.campaign.kind_of(id)
        return truncate(self.campaign.get(id).label(self.labels.tag) if kind else name, 24)

    def row(
        self,
        kind: str,
        node: _Measured,
        figures: str,
        indent: str = "",
        readings: int | None = None,
    ) -> tuple[object, ...]:
        labels = self.labels
        return (
            indent + labels.kind(kind),
            node.id,
            self.name(node.id, node.name),
            *_percents(node.completion, node.planned, labels, self.bands, ""),
            _ratio(node.spi, self.bands, labels),
            _status(labels, node.status, readings),
            figures,
        )

    def phase(self, phase: PhaseProgress) -> tuple[object, ...]:
        """A phase: a phase not started says so where the status goes; the gate as a whole."""
        labels = self.labels
        gate = labels("table.gate", state=labels(f"gate.{phase.gate.value}")) if phase.gate else ""
        row = self.row("phase", phase, gate)
        if phase.state is PhaseState.NOT_STARTED:
            row = (*row[:6], labels(f"phase.{phase.state.value}"), row[7])
        return row

    def gate(self, gate: GateProgress) -> tuple[object, ...]:
        """A gate condition: the indicator's completion, the gate's state, the threshold
        (and, once the phase has ended, the completion then, which judges the gate, when it
        is not the day's)."""
        labels = self.labels
        threshold = _percent(gate.threshold, labels)
        needs = (
            labels(
                "table.needs-ended",
                threshold=threshold,
                at_end=_percent(gate.at_end, labels, against=gate.threshold),
            )
            if gate.judged_apart
            else labels("table.needs", threshold=threshold)
        )
        return (
            "  " + labels.kind("gate"),
            gate.indicator,
            "",
            _percent(gate.value, labels, against=gate.threshold),
            "",
            "",
            labels(f"gate.{gate.state.value}"),
            needs,
        )

    def indicator(self, ind: IndicatorProgress) -> tuple[object, ...]:
        labels = self.labels
        unit = ind.measure
        if self.campaign.kind_of(ind.id) == "indicator":
            unit = self.campaign.indicator(ind.id).unit_in(labels.tag)
        actual = labels.actual(ind, unit)
        target = labels.number(ind.target, unit)
        figures = f"{actual} / {target}{labels.space}{unit}".rstrip()
        if short := labels.short_units(ind):  # 40 / 40 with a unit short: not done
            figures += " · " + short
        if split := labels.disagreeing(ind):  # one of the latest day's values, by id
            figures += " · " + split
        if ind.assumed:  # figures that rest on guesses say so
            figures += " · " + labels("table.assumed", assumed=ind.assumed, n=ind.readings)
        return self.row("indicator", ind, figures, "  ", ind.readings)

    def attendance(self, attendance: Attendance | None) -> str:
        if attendance is None:
            return ""
        rate = attendance.overall.rate
        if attendance.items and rate is not None:
            return self.labels(
                "table.attendance", rate=_percent(rate, self.labels), items=attendance.items
            )
        return self.labels("table.no-lists", items=attendance.unrecorded)

    def tally(self, tally: Tally | None) -> str:
        if tally is None or not tally.total:
            return ""
        # the meetings called off beside it: they are not forgotten ones
        return self.labels("table.held", held=tally.held, due=tally.due) + self.labels.cancelled(
            tally
        )


def _status(labels: Labels, status: Status | None, readings: int | None = None) -> str:
    """A status in words, saying so when nothing was read for it (*readings* 0): it is then
    the plan's reading of the baselines, not a measure."""
    if status is None:
        return ""
    text = labels.status(status)
    return labels("table.no-readings", status=text) if readings == 0 else text


def _percent(
    value: float | None, labels: Labels, missing: str | None = None, against: float | None = None
) -> str:
    """A whole percentage (``94%``), or as many decimals more as keep it from misleading
    (``99.6%``, not ``100%``; apart from a gate's threshold *against*), or *missing* (the
    labels' dash by default)."""
    if value is None:
        return labels.missing if missing is None else missing
    return labels.percent(value, against=() if against is None else (against,), places=0)


def _percents(
    completion: float | None,
    planned: float | None,
    labels: Labels,
    bands: Thresholds,
    missing: str | None = None,
    places: int = 0,
) -> tuple[str, str]:
    """A completion and its planned completion as whole percentages (or *places* decimals),
    or with as many decimals more as keep the pair in the band of its status (``94.96%``,
    ``100%``: at risk)."""
    if completion is None or planned is None:
        return _percent(completion, labels, missing), _percent(planned, labels, missing)
    return labels.progress_percents(completion, planned, bands, places=places)


def _ratio(value: float | None, thresholds: Thresholds, labels: Labels, least: int = 2) -> str:
    """An SPI with two decimals (or *least*), or as many more as keep it in its status band."""
    return "" if value is None else labels.ratio(value, thresholds.decimals(value, least))
