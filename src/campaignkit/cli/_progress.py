"""``campaignkit progress``: measure a campaign's progress as of a day.

The result is a table for people, or JSON or CSV for programs. ``--weights`` reads the
weights of the roll-up from a file of its own. The records file is streamed into an
:class:`~campaignkit.tracking.Accumulator`; ``--unique-ids`` lets it trust that no id
repeats, for large files (see :meth:`~campaignkit.io.RecordReader.feed`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from campaignkit._text import truncate
from campaignkit.cli._common import (
    StatusLine,
    add_campaign_file,
    add_format,
    add_raw_csv,
    add_records,
    add_status_bands,
    csv_formulas,
    date_argument,
    exit_status,
    feed_records,
    load_and_schedule,
    outside_window,
    print_result,
    status_bands_argument,
    to_json,
)
from campaignkit.io import format_table, load_weights, progress_to_csv, progress_to_dict
from campaignkit.model import Campaign
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
    add_weights(parser)
    add_status_bands(parser)
    parser.add_argument(
        "--unique-ids",
        action="store_true",
        help=(
            "the records file repeats no id (one exported from a store, say): fold it in "
            "memory that follows the campaign, not the file, with pyarrow when installed; "
            "a repeated id would then count twice"
        ),
    )


def run_progress(args: argparse.Namespace) -> int:
    """Measure the progress and print it; problems of the records go to stderr."""
    as_of = date_argument(args.as_of, "--as-of") or dt.date.min  # argparse requires it
    thresholds = status_bands_argument(args.status_bands, "--status-bands")
    status = StatusLine()
    try:
        campaign, plan = load_and_schedule(args.file, status, args.input_format)
        weights = load_weights(args.weights, campaign) if args.weights else None
        accumulator = Accumulator(campaign, plan, days=(as_of,), unique_ids=args.unique_ids)
        # progress(), streamed
        reader = feed_records(
            args.records, status, accumulator, args.records_format, encoding=args.encoding
        )
        result = accumulator.result(as_of, weights=weights, thresholds=thresholds)
        if args.format == "csv":
            text = progress_to_csv(result, campaign=campaign, formulas=csv_formulas(args))
        else:
            text = _VIEWS[args.format](result, campaign)
    finally:
        status.done()
    print_result(text, table=args.format == "table")
    notes = outside_window(as_of, campaign, "--as-of")
    found = [*notes, *reader.locate(result.problems)]  # the reader's own among them
    return exit_status(found, args.records)


# -- weights --------------------------------------------------------------------------------


def add_weights(parser: argparse.ArgumentParser) -> None:
    """The ``--weights`` option: a file of weights by id (``progress`` and ``report``)."""
    parser.add_argument(
        "--weights",
        metavar="FILE",
        help="weights by id, a YAML, JSON or TOML mapping such as {forum: 2, weekly-meeting: 0.5}",
    )


# -- views ----------------------------------------------------------------------------------


def _json(result: Progress, campaign: Campaign) -> str:
    return to_json(progress_to_dict(result)) + "\n"


def _table(result: Progress, campaign: Campaign) -> str:
    counts = result.counts
    status = result.status.value if result.status else "—"
    overall = (
        f"as of {result.as_of}: completion {_percent(result.completion) or '—'}, "
        f"planned {_percent(result.planned) or '—'}, SPI {_ratio(result.spi, result.thresholds) or '—'}, {status}"
    )
    records = (
        f"records: {counts.read} read, {counts.used} used, "
        f"{counts.after_as_of} after the day, {counts.reported} kept out"
    )
    if counts.unreadable:
        records += f"; unreadable lines: {counts.unreadable} (see the problems)"
    lines = [campaign.name, overall, records, ""]
    rows: list[tuple[object, ...]] = []
    bands = result.thresholds
    for phase in result.phases:
        rows.append(_phase_row(phase, bands))
        rows += (_gate_row(g) for g in phase.gates)
    for mechanism in result.mechanisms:
        figures = _tally_text(mechanism.occurrences) or _attendance_text(mechanism.attendance)
        rows.append(_row("mechanism", mechanism.id, mechanism.name, mechanism, figures, bands))
        rows += (_indicator_row(i, bands) for i in mechanism.indicators)
    for series in result.series:
        held = _tally_text(series.activities)
        rows.append(_row("series", series.id, series.name, series, held, bands))
        rows += (_indicator_row(i, bands) for i in series.indicators)
    header = ("kind", "id", "name 名称", "done", "plan", "SPI", "status", "actual / target")
    lines.append(format_table(header, rows, align="lllrrrlr"))
    if result.units:
        lines += ["", *_unit_ranking(result, campaign)]
    return "\n".join(lines) + "\n"


RANKED_SHOWN = 5
"""Units the table shows at each end of the campaign-wide ranking (the best and the worst)."""


def _unit_ranking(result: Progress, campaign: Campaign) -> list[str]:
    """The campaign-wide ranking of units: all of them, or the best and the worst
    :data:`RANKED_SHOWN` with the count of those left out between."""
    units = result.units
    shown = RANKED_SHOWN
    names = {u.id: u.name for u in campaign.units}
    bands = result.thresholds

    def row(u: UnitProgress) -> tuple[object, ...]:
        status = u.status.value if u.status else ""
        held = f"{u.tally.held} / {u.tally.due}" if u.tally is not None and u.tally.total else ""
        name = truncate(names.get(u.unit, ""), 24)
        spi = _ratio(u.spi, bands)
        return (
            u.rank,
            u.unit,
            name,
            _percent(u.completion),
            _percent(u.planned),
            spi,
            status,
            held,
        )

    if len(units) <= 2 * shown:
        title = f"units 单位排名: {len(units)}, best first"
        rows = [row(u) for u in units]
    else:
        title = f"units 单位排名: {len(units)}, the best {shown} and the worst {shown}"
        gap = ("…", f"{len(units) - 2 * shown} more", "", "", "", "", "", "")
        rows = [*(row(u) for u in units[:shown]), gap, *(row(u) for u in units[-shown:])]
    header = ("rank", "unit", "name 名称", "done", "plan", "SPI", "status", "held / due")
    return [title, format_table(header, rows, align="rllrrrlr")]


_Measured = PhaseProgress | MechanismProgress | SeriesProgress | IndicatorProgress


def _row(
    kind: str, id: str, name: str, node: _Measured, figures: str, bands: Thresholds
) -> tuple[object, ...]:
    status = node.status.value if node.status else ""
    return (
        kind,
        id,
        truncate(name, 24),
        _percent(node.completion),
        _percent(node.planned),
        _ratio(node.spi, bands),
        status,
        figures,
    )


def _phase_row(phase: PhaseProgress, bands: Thresholds) -> tuple[object, ...]:
    """A phase: a phase not started says so where the status goes; the gate as a whole."""
    gate = f"gate {phase.gate}" if phase.gate else ""
    row = _row("phase", phase.id, phase.name, phase, gate, bands)
    if phase.state is PhaseState.NOT_STARTED:
        row = (*row[:6], phase.state.value, row[7])
    return row


def _gate_row(gate: GateProgress) -> tuple[object, ...]:
    """A gate condition: the indicator's completion, the threshold, the gate's state."""
    value = _percent(gate.value) or "—"
    return (
        "  gate",
        gate.indicator,
        "",
        value,
        "",
        "",
        gate.state.value,
        f"needs {gate.threshold:.0%}",
    )


def _indicator_row(ind: IndicatorProgress, bands: Thresholds) -> tuple[object, ...]:
    figures = f"{_number(ind.actual)} / {_number(ind.target)} {ind.measure}".rstrip()
    return _row("  indicator", ind.id, ind.name, ind, figures, bands)


def _attendance_text(attendance: Attendance | None) -> str:
    if attendance is None:
        return ""
    rate = attendance.overall.rate
    if attendance.items and rate is not None:
        return f"{rate:.0%} present, {attendance.items} items"
    return f"{attendance.unrecorded} items, no lists"


def _tally_text(tally: Tally | None) -> str:
    if tally is None or not tally.total:
        return ""
    return f"{tally.held} / {tally.due} held"


def _number(value: float) -> str:
    """A figure as people write it: ``2,000``, ``1.5``, ``18,100,000``."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _ratio(value: float | None, thresholds: Thresholds) -> str:
    """An SPI with two decimals, or as many more as keep it in its status band."""
    return "" if value is None else f"{value:.{thresholds.decimals(value)}f}"


_VIEWS: dict[str, Callable[[Progress, Campaign], str]] = {
    "table": _table,
    "json": _json,
}
