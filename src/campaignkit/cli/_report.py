"""``campaignkit report`` and ``campaignkit briefing``: documents in Markdown or HTML.

A report shows a campaign's situation as of a day; a briefing is the sheet of the weekly
meeting of a week. Both read the campaign and its records, and write to stdout or ``-o OUT``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import attrs

from campaignkit._errors import ValidationError
from campaignkit.cli._common import (
    ARGUMENTS,
    StatusLine,
    add_campaign_file,
    add_lang,
    add_records,
    add_status_bands,
    add_unique_ids,
    date_argument,
    exit_status,
    feed_records,
    labels_for,
    lang_argument,
    load_and_schedule,
    open_records,
    output_argument,
    outside_window,
    print_result,
    rate_argument,
    status_bands_argument,
    workers_argument,
    write_file,
)
from campaignkit.cli._progress import add_weights
from campaignkit.io import load_weights
from campaignkit.report import (
    DEFAULT_THRESHOLD,
    briefing_document,
    burnup_days,
    render_report,
    report_files,
    weekly_briefing,
)
from campaignkit.report._render import render_document
from campaignkit.tracking import Accumulator


def _configure_document(parser: argparse.ArgumentParser) -> None:
    """The arguments ``report`` and ``briefing`` share."""
    add_campaign_file(parser)
    add_records(parser)
    add_lang(parser)
    parser.add_argument(
        "--format",
        choices=("md", "html"),
        help="Markdown or one self-contained HTML page; default: html when OUT ends in .html, else md",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (replaced atomically); default: stdout"
    )


def configure_report(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``report``."""
    _configure_document(parser)
    parser.add_argument(
        "--as-of",
        required=True,
        metavar="DATE",
        help="the day of the report (YYYY-MM-DD or today)",
    )
    parser.add_argument(
        "--threshold",
        metavar="RATE",
        help=(
            "flag attendance rates and unit adherence below RATE, a fraction (0.8) or a "
            f"percentage (80%%); default: {DEFAULT_THRESHOLD}"
        ),
    )
    add_status_bands(parser)
    add_weights(parser)
    add_unique_ids(parser)


def configure_briefing(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``briefing``."""
    _configure_document(parser)
    parser.add_argument(
        "--week",
        required=True,
        metavar="DATE",
        help="any day of the week of the meeting (YYYY-MM-DD)",
    )


def _document_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    return "html" if suffix in (".html", ".htm") else "md"


def _inputs(args: argparse.Namespace) -> dict[str, str | None]:
    return {
        "FILE": args.file,
        "--records": args.records,
        "--weights": getattr(args, "weights", None),
    }


def _output(args: argparse.Namespace) -> str | None:
    """The ``-o OUT`` file, refused when empty or one of the command's inputs."""
    return output_argument(args.output, "-o", _inputs(args))


def _deliver(text: str, output: str | None) -> None:
    """Write *text* to *output* (atomically), or to stdout when it is ``None``."""
    if output is not None:
        write_file(output, text, "-o")
    else:
        print_result(text, table=False)


def run_report(args: argparse.Namespace) -> int:
    """Write the report; problems of the records go to stderr."""
    as_of = date_argument(args.as_of, "--as-of") or dt.date.min  # argparse requires it
    workers = workers_argument(args.workers)
    threshold = rate_argument(args.threshold, "--threshold")
    bands = status_bands_argument(args.status_bands, "--status-bands")
    chosen = lang_argument(args.lang)
    output = _output(args)
    status = StatusLine()
    try:
        campaign, plan = load_and_schedule(args.file, status, args.input_format)
        weights = load_weights(args.weights, campaign) if args.weights else None
        days = tuple(sorted({*burnup_days(campaign, as_of), as_of}))
        accumulator = Accumulator(campaign, plan, days=days, unique_ids=args.unique_ids)
        # progress_series(), streamed
        feed_records(
            args.records, status, accumulator, args.records_format,
            encoding=args.encoding, workers=workers,
        )  # fmt: skip
        units = len(campaign.units)

        def measured(done: int, count: int) -> None:
            status.step(f"measuring {units:,} units as of {done:,} of {count:,} days")

        history = accumulator.results(days, weights=weights, thresholds=bands, measured=measured)
        result = history[days.index(as_of)]
        status.step("writing the report")
        fmt = _document_format(args)
        rate = DEFAULT_THRESHOLD if threshold is None else threshold
        # the Gantt chart shows what became of each meeting: the accumulator has folded
        # it already (no second pass over the records, standard input included)
        recorded = accumulator.recorded(as_of) if fmt == "html" else None
        lang = labels_for(chosen, campaign).tag
        tables: dict[str, str] = {}
        if output is None:  # on stdout: no place for the full tables beside the report
            text = render_report(
                campaign, plan, result, lang=lang, format=fmt, history=history,
                threshold=rate, records=recorded,
            )  # fmt: skip
        else:
            name = Path(output).stem
            tables = report_files(
                campaign, plan, result, name=name, lang=lang, format=fmt,
                history=history, threshold=rate, records=recorded,
            )  # fmt: skip
            text = tables.pop(f"{name}.{fmt}")
        folder = Path(output or ".").parent
        paths = {str(folder / table): csv for table, csv in tables.items()}
        for path in paths:  # the tables beside OUT never overwrite an input either
            output_argument(path, "-o", _inputs(args))
    finally:
        status.done()
    _deliver(text, output)
    for path, csv in paths.items():  # the report is written: its folder can be
        write_file(path, csv, "-o")
    notes = outside_window(as_of, campaign, "--as-of")
    found = [*notes, *result.problems]  # the reader's own among them, each in its place
    return exit_status(found, args.records, every=args.all_problems)


def run_briefing(args: argparse.Namespace) -> int:
    """Write the briefing; problems of the records go to stderr."""
    week = date_argument(args.week, "--week") or dt.date.min  # argparse requires it
    chosen = lang_argument(args.lang)
    output = _output(args)
    status = StatusLine()
    try:
        campaign, plan = load_and_schedule(args.file, status, args.input_format)
        reader, records = open_records(
            args.records, status, args.records_format, encoding=args.encoding
        )
        try:
            briefing = weekly_briefing(campaign, plan, records, week)
        except ValidationError as exc:
            problems = [
                attrs.evolve(p, path="--week", source=ARGUMENTS) if p.path == "$.week_of" else p
                for p in exc.problems
            ]
            raise ValidationError(problems) from None
        # rows without an id: their problems by line, as the reader's own
        briefing = attrs.evolve(briefing, problems=tuple(reader.locate(briefing.problems)))
        document = briefing_document(campaign, briefing, labels_for(chosen, campaign))
        text = render_document(document, _document_format(args), "briefing")
    finally:
        status.done()
    _deliver(text, output)
    return exit_status(reader.problems, args.records, every=args.all_problems)
