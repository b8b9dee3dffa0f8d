"""The ``campaignkit`` command.

Each subcommand is a :class:`Command` in the :data:`COMMANDS` table: a name, a one-line help,
a function that declares its arguments and a function that runs it and returns the exit
status. Adding a subcommand means writing those two functions and one line in the table.

Exit status: ``0`` when all went well, ``2`` for bad input (each problem printed on stderr
with its file, path and code), ``1`` for an internal error (a short message; the traceback
only with ``--debug``).

Output is meant for both people and programs: ``--format table`` lines columns up by display
width (Chinese text included), ``--format json`` sorts its keys so that the same input gives
the same bytes, files a command writes (``--ics``) are replaced atomically. While a long step
runs, a one-line status is shown on stderr when stderr is a terminal, and nothing when it is
piped or redirected.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from campaignkit import __version__
from campaignkit.calendar_year import CalendarYear, calendar_year
from campaignkit.errors import CampaignkitError, Problem, Severity, ValidationError
from campaignkit.io import MAX_FILE_BYTES, format_of, load, parse, schema
from campaignkit.io.atomic import write_atomic
from campaignkit.io.ical import to_ical
from campaignkit.io.progress_export import progress_to_csv, progress_to_dict
from campaignkit.io.records import RecordReader
from campaignkit.io.schedule_export import CSV_COLUMNS, schedule_rows
from campaignkit.io.table import format_table, truncate
from campaignkit.model import Campaign
from campaignkit.progress import (
    Attendance,
    IndicatorProgress,
    MechanismProgress,
    PhaseProgress,
    Progress,
    SeriesProgress,
    Tally,
    Weights,
    progress,
    progress_series,
)
from campaignkit.report import LANGUAGES, burnup_days, render_briefing, render_report
from campaignkit.schedule import Item, Occurrence, Schedule, schedule

_T = TypeVar("_T")

__all__ = [
    "ARGUMENTS",
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "Command",
    "format_problem",
    "main",
]

EXIT_OK = 0
"""Everything went well."""
EXIT_INTERNAL = 1
"""An internal error: a bug in campaignkit, or the machine failed it."""
EXIT_BAD_INPUT = 2
"""Bad input: a file or argument with located problems."""


@attrs.frozen
class Command:
    """A subcommand: ``configure`` declares its arguments, ``run`` returns the exit status."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def format_problem(problem: Problem, source: str | None = None) -> str:
    """One line for a problem: ``FILE:LINE:COLUMN: PATH: message [code]``.

    >>> format_problem(Problem("$.name", "wrong-type", "expected a string", line=3, column=7), "c.yaml")
    'c.yaml:3:7: $.name: expected a string [wrong-type]'
    >>> format_problem(Problem("$", "no-assignment", "nobody", Severity.WARNING), "c.yaml")
    'c.yaml: $: nobody [no-assignment] (warning)'
    """
    where = problem.source or source or "-"
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.column is not None:
            where += f":{problem.column}"
    text = f"{where}: {problem.path}: {problem.message} [{problem.code}]"
    return text + " (warning)" if problem.severity is Severity.WARNING else text


# -- validate -------------------------------------------------------------------------------


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="campaign files (.yaml, .yml, .json, .toml)"
    )


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.files:
        try:
            campaign = load(name)
        except CampaignkitError as exc:
            for problem in exc.problems:
                print(format_problem(problem, name), file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        counts = (
            f"{len(campaign.phases)} phases, {len(campaign.mechanisms)} mechanisms, "
            f"{len(campaign.series)} series, {len(campaign.indicators)} indicators"
        )
        print(f"{name}: ok — {counts}")
        for warning in campaign.check():
            print(format_problem(warning, name), file=sys.stderr)
    return status


# -- shared by the commands below ----------------------------------------------------------

ARGUMENTS = "command line"
"""How problems with a command's own arguments name their source."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _error(code: str, message: str, path: str, source: str | None = ARGUMENTS) -> ValidationError:
    """A one-problem error: by default about the argument or option *path* names."""
    return ValidationError([Problem(path, code, message, source=source)])


def _date_argument(text: str | None, option: str) -> dt.date | None:
    """The date an option gives (``None`` when it is not given)."""
    if text is None:
        return None
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date such as 2010-02-24"
        raise _error("invalid-date", msg, option) from None


def _located(exc: CampaignkitError, source: str) -> CampaignkitError:
    """*exc* with every problem that names no source attributed to *source*."""
    problems = [p if p.source else p.located(source) for p in exc.problems]
    return type(exc)(problems)


def _load_and_schedule(name: str, status: _Status) -> tuple[Campaign, Schedule]:
    status.step(f"reading {name}")
    campaign = load(name)
    status.step("scheduling")
    try:
        return campaign, schedule(campaign)
    except CampaignkitError as exc:
        raise _located(exc, name) from None


def _write_file(path: str, data: str | bytes, option: str) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise _error("unwritable", msg, option) from None


def _json(data: object) -> str:
    """Stable JSON: keys sorted, indented, non-ASCII text kept, dates as ``YYYY-MM-DD``."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    msg = f"{type(value).__name__} is not JSON"
    raise TypeError(msg)


def _number(value: float) -> str:
    """A figure as people write it: ``2,000``, ``1.5``, ``18,100,000``."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


class _Status:
    """A one-line status on stderr while a long step runs, shown only on a terminal.

    Each :meth:`step` replaces the line; :meth:`done` erases it, so that nothing of it is
    left once the command prints its result. When stderr is a pipe or a file, it writes
    nothing at all.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream
            self.enabled = False

    def step(self, text: str) -> None:
        """Show *text* (``scheduling``) as the current step."""
        if self.enabled:
            self.stream.write(f"\r\x1b[Kcampaignkit: {text}…")
            self.stream.flush()
            self.shown = True

    def counted(self, items: Iterable[_T], text: str, every: int = 10_000) -> Iterator[_T]:
        """Pass *items* through, showing how many went by every *every* items."""
        if not self.enabled:
            yield from items
            return
        for count, item in enumerate(items, start=1):
            if count % every == 0:
                self.step(f"{text}: {count:,}")
            yield item

    def done(self) -> None:
        """Erase the status line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


# -- schedule -------------------------------------------------------------------------------


def _configure_schedule(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the campaign file")
    parser.add_argument(
        "--from", dest="first", metavar="DATE", help="list items from this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--to", dest="last", metavar="DATE", help="list items up to this day, inclusive"
    )
    parser.add_argument(
        "--party",
        metavar="ID",
        help="only the agenda of this person, unit, group or working body",
    )
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="default: table"
    )
    parser.add_argument(
        "--ics", metavar="OUT", help="also write the whole schedule to OUT as iCalendar"
    )


def _schedule(args: argparse.Namespace) -> int:
    first = _date_argument(args.first, "--from")
    last = _date_argument(args.last, "--to")
    if first and last and last < first:
        raise _error("date-order", f"--to {last} is before --from {first}", "--to")
    status = _Status()
    try:
        campaign, plan = _load_and_schedule(args.file, status)
        if args.party is not None and campaign.kind_of(args.party) not in _PARTY_KINDS:
            msg = f"{args.party!r} names no person, unit, group or working body of the campaign"
            raise _error("unknown-reference", msg, "--party")
        if args.ics:
            status.step(f"writing {args.ics}")
            _write_file(args.ics, to_ical(plan), "--ics")
        status.step("listing")
        request = _Listing(first=first, last=last, party=args.party)
        text = _SCHEDULE_VIEWS[args.format](plan, request.items(plan), request)
    finally:
        status.done()
    sys.stdout.write(text)
    return EXIT_OK


_PARTY_KINDS = frozenset({"person", "unit", "group", "body"})


@attrs.frozen
class _Listing:
    """Which part of a schedule to list: a range of days, and one party's agenda."""

    first: dt.date | None
    last: dt.date | None
    party: str | None

    def items(self, plan: Schedule) -> tuple[Item, ...]:
        lo, hi = self.first or dt.date.min, self.last or dt.date.max
        if self.party is None:
            return plan.between(lo, hi)
        return tuple(i for i in plan.for_party(self.party) if lo <= i.day <= hi)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return (self.first is None or end >= self.first) and (
            self.last is None or start <= self.last
        )


def _schedule_json(plan: Schedule, items: Sequence[Item], request: _Listing) -> str:
    refs = {i.ref for i in items}
    rows = [{**row, "name": plan.name_of(row["subject"])} for row in _schedule_rows(plan, refs)]
    data = {
        "campaign": plan.campaign,
        "name": plan.name_of(plan.campaign),
        "timezone": plan.timezone,
        "from": request.first,
        "to": request.last,
        "party": request.party,
        "phases": [
            {**attrs.asdict(p), "name": plan.name_of(p.phase)}
            for p in plan.phases
            if request.overlaps(p.start, p.end)
        ],
        "items": rows,
        "conflicts": [attrs.asdict(c) for c in plan.conflicts if c.first in refs],
    }
    return _json(data) + "\n"


def _schedule_rows(plan: Schedule, refs: set[str]) -> list[dict[str, str]]:
    return [row for row in schedule_rows(plan) if row["ref"] in refs]


def _schedule_csv(plan: Schedule, items: Sequence[Item], request: _Listing) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_schedule_rows(plan, {i.ref for i in items}))
    return out.getvalue()


def _schedule_table(plan: Schedule, items: Sequence[Item], request: _Listing) -> str:
    lines = [
        plan.name_of(plan.campaign),
        f"{plan.window_start} … {plan.window_end}, {plan.timezone}",
    ]
    phases = [p for p in plan.phases if request.overlaps(p.start, p.end)]
    if request.party is None and phases:
        titles = ("phase 阶段", "name 名称", "start", "end", "slack")
        dated = [
            (p.phase, truncate(plan.name_of(p.phase), 24), p.start, p.end, p.slack) for p in phases
        ]
        lines += ["", format_table(titles, dated, align="llllr")]
    header = ("day 日期", "星期", "time 时间", "ref", "item 事项", "note 说明")
    rows = [
        (
            i.day,
            _WEEKDAYS[i.day.weekday()],
            f"{i.start:%H:%M}–{i.end:%H:%M}",
            i.ref,
            truncate(plan.name_of(i.subject), 32),
            _item_note(i),
        )
        for i in items
    ]
    who = f" for {request.party}" if request.party else ""
    lines += ["", format_table(header, rows), f"{len(items)} items{who}"]
    refs = {i.ref for i in items}
    lines += [
        f"conflict: {c.person} is booked into {c.first} and {c.second} on {c.day}"
        for c in plan.conflicts
        if c.first in refs
    ]
    return "\n".join(lines) + "\n"


def _item_note(item: Item) -> str:
    if isinstance(item, Occurrence):
        return f"moved from {item.key.rule_date}" if item.shifted else ""
    return "placed" if item.placed else ""


_SCHEDULE_VIEWS: dict[str, Callable[[Schedule, Sequence[Item], _Listing], str]] = {
    "table": _schedule_table,
    "json": _schedule_json,
    "csv": _schedule_csv,
}


# -- progress -------------------------------------------------------------------------------


def _configure_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the campaign file")
    parser.add_argument(
        "--records", required=True, metavar="R", help="the records, as .csv or .jsonl"
    )
    parser.add_argument(
        "--as-of", required=True, metavar="DATE", help="the day to measure (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="default: table"
    )
    parser.add_argument(
        "--weights",
        metavar="FILE",
        help="weights by id, a YAML, JSON or TOML mapping such as {forum: 2, weekly-meeting: 0.5}",
    )


def _progress(args: argparse.Namespace) -> int:
    as_of = _date_argument(args.as_of, "--as-of") or dt.date.min  # argparse requires it
    status = _Status()
    try:
        campaign, plan = _load_and_schedule(args.file, status)
        weights = _read_weights(args.weights, campaign) if args.weights else None
        status.step(f"reading {args.records}")
        reader = RecordReader(args.records, strict=False)
        result = progress(
            campaign, plan, status.counted(reader, "records read"), as_of, weights=weights
        )
        text = _PROGRESS_VIEWS[args.format](result, campaign)
    finally:
        status.done()
    sys.stdout.write(text)
    problems = [*reader.problems, *result.problems]
    for problem in problems:
        print(format_problem(problem, args.records), file=sys.stderr)
    bad = any(p.severity is Severity.ERROR for p in problems)
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _read_weights(name: str, campaign: Campaign) -> dict[str, float]:
    """The weights file *name*: a mapping of ids to numbers, checked against *campaign*.

    Raises:
        ValidationError: every problem, located in the file; paths name the key
            (``$["forum"]``), as the weights of :func:`~campaignkit.progress.progress` do.
    """
    try:
        data = _weights_document(name)
        Weights(campaign, data)  # checks the ids and the values
    except ValidationError as exc:
        problems = [attrs.evolve(p, path=p.path.replace("$.weights", "$", 1)) for p in exc.problems]
        raise ValidationError([p.located(name) for p in problems]) from None
    return data


def _weights_document(name: str) -> dict[str, float]:
    fmt = format_of(name)
    try:
        path = Path(name)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _error(
                "too-large", f"the file is larger than {MAX_FILE_BYTES} bytes", "$", source=None
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(
            "unreadable", f"cannot read the file: {exc.strerror or exc}", "$", source=None
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"the file is not UTF-8 text: {exc.reason} at byte {exc.start}"
        raise _error("encoding", msg, "$", source=None) from None
    data = parse(text, fmt)
    if data is None or data == {}:
        raise _error("empty", "the file holds no weights", "$", source=None)
    if not isinstance(data, dict):
        msg = f"weights are a mapping of ids to numbers, not a {type(data).__name__}"
        raise _error("wrong-type", msg, "$", source=None)
    for key in data:
        if not isinstance(key, str):
            msg = f"every key is an id (a string); {key!r} is not"
            raise _error("wrong-type", msg, f"$[{json.dumps(str(key))}]", source=None)
    return data


def _progress_json(result: Progress, campaign: Campaign) -> str:
    return _json(progress_to_dict(result)) + "\n"


def _progress_csv(result: Progress, campaign: Campaign) -> str:
    return progress_to_csv(result)


def _progress_table(result: Progress, campaign: Campaign) -> str:
    counts = result.counts
    status = result.status.value if result.status else "—"
    overall = (
        f"as of {result.as_of}: completion {_percent(result.completion) or '—'}, "
        f"planned {_percent(result.planned) or '—'}, SPI {_ratio(result.spi) or '—'}, {status}"
    )
    records = (
        f"records: {counts.read} read, {counts.used} used, "
        f"{counts.after_as_of} after the day, {counts.reported} kept out"
    )
    lines = [campaign.name, overall, records, ""]
    rows: list[tuple[object, ...]] = []
    for phase in result.phases:
        rows.append(_progress_row("phase", phase.id, phase.name, phase, ""))
    for mechanism in result.mechanisms:
        figures = _tally_text(mechanism.occurrences) or _attendance_text(mechanism.attendance)
        rows.append(_progress_row("mechanism", mechanism.id, mechanism.name, mechanism, figures))
        rows += (_indicator_row(i) for i in mechanism.indicators)
    for series in result.series:
        rows.append(
            _progress_row("series", series.id, series.name, series, _tally_text(series.activities))
        )
        rows += (_indicator_row(i) for i in series.indicators)
    header = ("kind", "id", "name 名称", "done", "plan", "SPI", "status", "actual / target")
    lines.append(format_table(header, rows, align="lllrrrlr"))
    return "\n".join(lines) + "\n"


_Measured = PhaseProgress | MechanismProgress | SeriesProgress | IndicatorProgress


def _progress_row(
    kind: str, id: str, name: str, node: _Measured, figures: str
) -> tuple[object, ...]:
    status = node.status.value if node.status else ""
    return (
        kind,
        id,
        truncate(name, 24),
        _percent(node.completion),
        _percent(node.planned),
        _ratio(node.spi),
        status,
        figures,
    )


def _indicator_row(ind: IndicatorProgress) -> tuple[object, ...]:
    figures = f"{_number(ind.actual)} / {_number(ind.target)} {ind.measure}".rstrip()
    return _progress_row("  indicator", ind.id, ind.name, ind, figures)


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


_PROGRESS_VIEWS: dict[str, Callable[[Progress, Campaign], str]] = {
    "table": _progress_table,
    "json": _progress_json,
    "csv": _progress_csv,
}


# -- report and briefing --------------------------------------------------------------------


def _configure_document(parser: argparse.ArgumentParser) -> None:
    """The arguments ``report`` and ``briefing`` share."""
    parser.add_argument("file", metavar="FILE", help="the campaign file")
    parser.add_argument(
        "--records", required=True, metavar="R", help="the records, as .csv or .jsonl"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="zh", help="default: zh")
    parser.add_argument(
        "--format",
        choices=("md", "html"),
        help="Markdown or one self-contained HTML page; default: html when OUT ends in .html, else md",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (replaced atomically); default: stdout"
    )


def _configure_report(parser: argparse.ArgumentParser) -> None:
    _configure_document(parser)
    parser.add_argument(
        "--as-of", required=True, metavar="DATE", help="the day of the report (YYYY-MM-DD)"
    )


def _configure_briefing(parser: argparse.ArgumentParser) -> None:
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


def _deliver(text: str, args: argparse.Namespace) -> None:
    """Write *text* to ``-o OUT`` (atomically), or to stdout."""
    if args.output:
        _write_file(args.output, text, "-o")
    else:
        sys.stdout.write(text)


def _report(args: argparse.Namespace) -> int:
    as_of = _date_argument(args.as_of, "--as-of") or dt.date.min  # argparse requires it
    status = _Status()
    try:
        campaign, plan = _load_and_schedule(args.file, status)
        status.step(f"reading {args.records}")
        reader = RecordReader(args.records, strict=False)
        days = tuple(sorted({*burnup_days(campaign, as_of), as_of}))
        history = progress_series(campaign, plan, status.counted(reader, "records read"), days)
        result = history[days.index(as_of)]
        text = render_report(
            campaign, plan, result, lang=args.lang, format=_document_format(args), history=history
        )
    finally:
        status.done()
    _deliver(text, args)
    problems = [*reader.problems, *result.problems]
    for problem in problems:
        print(format_problem(problem, args.records), file=sys.stderr)
    bad = any(p.severity is Severity.ERROR for p in problems)
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _briefing(args: argparse.Namespace) -> int:
    week = _date_argument(args.week, "--week") or dt.date.min  # argparse requires it
    status = _Status()
    try:
        campaign, plan = _load_and_schedule(args.file, status)
        status.step(f"reading {args.records}")
        reader = RecordReader(args.records, strict=False)
        records = status.counted(reader, "records read")
        try:
            text = render_briefing(
                campaign, plan, records, week, lang=args.lang, format=_document_format(args)
            )
        except ValidationError as exc:
            problems = [
                attrs.evolve(p, path="--week", source=ARGUMENTS) if p.path == "$.week_of" else p
                for p in exc.problems
            ]
            raise ValidationError(problems) from None
    finally:
        status.done()
    _deliver(text, args)
    for problem in reader.problems:
        print(format_problem(problem, args.records), file=sys.stderr)
    bad = any(p.severity is Severity.ERROR for p in reader.problems)
    return EXIT_BAD_INPUT if bad else EXIT_OK


# -- calendar -------------------------------------------------------------------------------


def _configure_calendar(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("country", metavar="COUNTRY", help="ISO 3166 country code, such as CN")
    parser.add_argument("year", metavar="YEAR", help="the year, such as 2010")
    parser.add_argument("--subdivision", metavar="S", help="a province or state code")
    parser.add_argument(
        "--language", metavar="L", help="language of holiday names (zh_CN, en_US, …)"
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="default: table"
    )


_CALENDAR_ARGUMENTS = {
    "$.calendar.country": "COUNTRY",
    "$.calendar.subdivision": "--subdivision",
    "$.year": "YEAR",
    "$.language": "--language",
}


def _calendar(args: argparse.Namespace) -> int:
    try:
        year = int(args.year)
    except ValueError:
        msg = f"{args.year!r} is not a year such as 2010"
        raise _error("invalid-year", msg, "YEAR") from None
    try:
        table = calendar_year(
            args.country.upper(), year, subdivision=args.subdivision, language=args.language
        )
    except ValidationError as exc:
        raise ValidationError(
            [
                attrs.evolve(p, path=_CALENDAR_ARGUMENTS.get(p.path, p.path), source=ARGUMENTS)
                for p in exc.problems
            ]
        ) from None
    text = _json(_calendar_dict(table)) + "\n" if args.format == "json" else _calendar_table(table)
    sys.stdout.write(text)
    return EXIT_OK


def _calendar_table(table: CalendarYear) -> str:
    where = table.country + (f"-{table.subdivision}" if table.subdivision else "")
    holidays = [
        (h.date, _WEEKDAYS[h.date.weekday()], h.name + (" (worked)" if h.working else ""))
        for h in table.holidays
    ]
    makeup = [(d, _WEEKDAYS[d.weekday()]) for d in table.makeup_workdays]
    lines = [
        (
            f"{where} {table.year}: {table.working_days} working days, {table.days_off} days off, "
            f"{table.days} days"
        ),
        "",
        f"holidays 节假日 ({len(table.holidays)})",
        format_table(("date 日期", "星期", "name 名称"), holidays),
        "",
        f"make-up workdays 调休上班 ({len(table.makeup_workdays)})",
        format_table(("date 日期", "星期"), makeup),
    ]
    return "\n".join(lines) + "\n"


def _calendar_dict(table: CalendarYear) -> dict[str, object]:
    return {
        "country": table.country,
        "subdivision": table.subdivision,
        "year": table.year,
        "language": table.language,
        "days": table.days,
        "working_days": table.working_days,
        "days_off": table.days_off,
        "holidays": [
            {"date": h.date.isoformat(), "name": h.name, "working": h.working}
            for h in table.holidays
        ],
        "makeup_workdays": [d.isoformat() for d in table.makeup_workdays],
    }


# -- schema ---------------------------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no arguments of its own."""


def _schema(_: argparse.Namespace) -> int:
    print(json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


COMMANDS: tuple[Command, ...] = (
    Command("validate", "check campaign files and summarise each", _configure_validate, _validate),
    Command("schema", "print the JSON Schema of campaign files", _no_arguments, _schema),
    Command(
        "schedule", "lay a campaign out in time and list its days", _configure_schedule, _schedule
    ),
    Command(
        "progress", "measure a campaign's progress as of a day", _configure_progress, _progress
    ),
    Command(
        "report",
        "write a situation report as of a day, in Markdown or HTML",
        _configure_report,
        _report,
    ),
    Command(
        "briefing",
        "write the weekly-meeting sheet of a week",
        _configure_briefing,
        _briefing,
    ),
    Command(
        "calendar",
        "working days, holidays and make-up workdays of a year",
        _configure_calendar,
        _calendar,
    ),
)
"""The subcommands, in the order ``--help`` lists them."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaignkit",
        description="Model, schedule and track organisational campaigns.",
        epilog="Exit status: 0 ok, 1 internal error, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``campaignkit`` command with *argv* (``sys.argv[1:]`` when ``None``).

    Returns the exit status. ``--help`` and usage errors exit through ``SystemExit`` as
    argparse does (status 0 and 2).
    """
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except BrokenPipeError:  # the reader went away (`campaignkit schema | head`): stop quietly
        _silence_stdout()
        return EXIT_INTERNAL
    except CampaignkitError as exc:  # bad input a command did not report itself
        for problem in exc.problems:
            print(format_problem(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # the last line of defence: no traceback unless asked
        if args.debug:
            traceback.print_exc()
        print(f"campaignkit: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    return status


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
