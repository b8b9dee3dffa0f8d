"""What the subcommands share: exit statuses, argument checks, problem lines and output.

Commands report bad input by raising :class:`~campaignkit.CampaignkitError` with
located problems; :func:`error` builds one about a command's own argument, and
:func:`print_problems` prints the problems on stderr, a line each.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, TextIO, TypeVar

import attrs

from campaignkit._errors import CampaignkitError, Problem, RecordError, Severity, ValidationError
from campaignkit._text import printable
from campaignkit.cli._outcome import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    print_problems,
)
from campaignkit.io import FileFormat, RecordFormat, RecordReader, load, load_stream, tidy_floats
from campaignkit.io._atomic import write_atomic
from campaignkit.io._cells import Formulas
from campaignkit.io._json import json_text
from campaignkit.model import Campaign
from campaignkit.report import LANGUAGES, Labels
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Accumulator, Record, Thresholds

_T = TypeVar("_T")

ARGUMENTS = "command line"
"""How problems with a command's own arguments name their source."""

STDIN = "-"
"""The file name that means standard input."""
STDIN_NAME = "<stdin>"
"""How problems in standard input name their source."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Short weekday names, Monday first, as tables show them."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RATE = re.compile(r"(?P<number>-?(?:\d+(?:\.\d*)?|\.\d+))(?P<percent>%?)")


def exit_status(problems: Sequence[Problem], source: str, *, every: bool = False) -> int:
    """Print *problems* found in *source* on stderr (:func:`print_problems`, *every* one
    or not); bad input if any of them is an error."""
    source = STDIN_NAME if source == STDIN else source
    print_problems(problems, source, every=every)
    bad = any(p.severity is Severity.ERROR for p in problems)
    return EXIT_BAD_INPUT if bad else EXIT_OK


# -- arguments ------------------------------------------------------------------------------


def add_campaign_file(parser: argparse.ArgumentParser) -> None:
    """The ``FILE`` argument: the campaign file, or ``-`` for standard input; and
    ``--input-format``."""
    parser.add_argument(
        "file", metavar="FILE", help="the campaign file, or - to read it from standard input"
    )
    add_input_format(parser)


def add_input_format(parser: argparse.ArgumentParser) -> None:
    """The ``--input-format`` option: the format of the campaign file, required with ``-``."""
    parser.add_argument(
        "--input-format",
        choices=("yaml", "json", "toml"),
        help="the format of the campaign file: required with -; overrides the extension",
    )


def add_status_bands(parser: argparse.ArgumentParser) -> None:
    """The ``--thresholds`` option: the status bands on SPI."""
    parser.add_argument(
        "--status-bands",
        metavar="AT_RISK,ON,AHEAD",
        help="the SPI at which a node is at risk, on track and ahead (default: 0.8,0.95,1.05)",
    )


def add_records(parser: argparse.ArgumentParser) -> None:
    """The ``--records`` option: the records file, required (``-``: standard input, with
    ``--records-format``); and ``--encoding``, its encoding."""
    parser.add_argument(
        "--records",
        required=True,
        metavar="R",
        help="the records, as .csv or .jsonl, or - to read them from standard input",
    )
    parser.add_argument(
        "--records-format",
        choices=("csv", "jsonl"),
        help="the format of the records: required with --records -; overrides the extension",
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        metavar="E",
        help="the encoding of the records file: gbk or gb18030 for one saved on Chinese "
        "Windows (default: utf-8)",
    )
    parser.add_argument(
        "--workers",
        metavar="N",
        help="read a large records file in N processes of this machine (default: 1; the "
        "result is the same)",
    )


def add_unique_ids(parser: argparse.ArgumentParser) -> None:
    """The ``--unique-ids`` option: the records file is trusted to repeat no id."""
    parser.add_argument(
        "--unique-ids",
        action="store_true",
        help=(
            "the records file repeats no id (one exported from a store, say): fold it in "
            "memory that follows the campaign, not the file, with polars or pyarrow when "
            "installed; a repeated id would then count twice"
        ),
    )


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The ``--lang`` option: the language of what the command writes for people."""
    parser.add_argument(
        "--lang",
        metavar="TAG",
        help=(
            f"the language of the output, a BCP 47 tag such as zh, en or de-DE (catalogs: "
            f"{', '.join(LANGUAGES)}); default: the campaign's language, else the locale's "
            "(LC_ALL, LC_MESSAGES, LANG), else en"
        ),
    )


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The environment variables that name the locale, in the order POSIX consults them."""


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the machine's locale as a BCP 47 tag, or ``None`` when it names none.

    The first of :data:`LOCALE_VARIABLES` that is set and not empty names the locale;
    its encoding and modifier are dropped, and ``C`` and ``POSIX`` name no language.

    >>> locale_language({"LANG": "zh_CN.UTF-8"}), locale_language({"LC_ALL": "de_DE@euro", "LANG": "en_US"})
    ('zh-CN', 'de-DE')
    >>> locale_language({"LANG": "C.UTF-8"}) is None, locale_language({}) is None
    (True, True)
    """
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            tag = value.partition(".")[0].partition("@")[0]
            return None if tag in ("C", "POSIX", "") else tag.replace("_", "-")
    return None


def lang_argument(text: str | None) -> Labels | None:
    """The labels ``--lang`` asks for (``None`` when it is not given).

    Raises:
        ValidationError: ``invalid-value`` at ``--lang`` for a tag no catalog serves.
    """
    if text is None:
        return None
    try:
        return Labels.of(text)
    except ValidationError as exc:
        raise error("invalid-value", exc.problems[0].message, "--lang") from None


def labels_for(chosen: Labels | None, campaign: Campaign | None) -> Labels:
    """The labels of a command's output: ``--lang`` (*chosen*), else the campaign's language,
    else the locale's (:func:`locale_language`), else English; a language without a
    catalog is passed over."""
    if chosen is not None:
        return chosen
    return Labels.first_of(campaign.language if campaign else None, locale_language())


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    """The ``--format`` option of a listing: one of *choices*, ``table`` by default."""
    parser.add_argument("--format", choices=choices, default="table", help="default: table")


def add_raw_csv(parser: argparse.ArgumentParser) -> None:
    """The ``--raw-csv`` option: CSV text cells as they are, formulas not neutralised."""
    parser.add_argument(
        "--raw-csv",
        action="store_true",
        help=(
            "with --format csv, write text that begins with = + - @ or a tab as it is; by "
            "default it gets a leading ' so that a spreadsheet does not run it as a formula"
        ),
    )


def add_bom(parser: argparse.ArgumentParser) -> None:
    """The ``--bom`` and ``--no-bom`` options: a byte-order mark first in CSV output."""
    parser.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        help=(
            "with --format csv, begin with a UTF-8 byte-order mark, so that Excel and WPS on "
            "Chinese Windows read the file as UTF-8; default: on when the output's language "
            "is Chinese (see --lang), off otherwise"
        ),
    )


def csv_bom(args: argparse.Namespace, labels: Labels) -> bool:
    """Whether CSV output begins with a byte-order mark: ``--bom``/``--no-bom``, else what
    the catalog of the output's language says (on for Chinese)."""
    chosen: bool | None = getattr(args, "bom", None)
    return labels.csv_bom if chosen is None else chosen


def csv_formulas(args: argparse.Namespace) -> Formulas:
    """What ``--raw-csv`` asks a CSV writer to do with formulas."""
    return "raw" if getattr(args, "raw_csv", False) else "neutralise"


def error(code: str, message: str, path: str, source: str | None = ARGUMENTS) -> ValidationError:
    """A one-problem error: by default about the argument or option *path* names."""
    return ValidationError([Problem(path, code, message, source=source)])


def workers_argument(text: str | None) -> int:
    """How many processes ``--workers`` asks to read the records with (1 when not given).

    >>> workers_argument("2"), workers_argument(None)
    (2, 1)
    """
    if text is None:
        return 1
    if re.fullmatch(r"\s*[0-9]+\s*", text) and int(text) >= 1:
        return int(text)
    msg = f"--workers must be a whole number from 1 (got {text!r})"
    raise error("invalid-value", msg, "--workers")


def date_argument(text: str | None, option: str) -> dt.date | None:
    """The date an option gives (``None`` when it is not given): ``YYYY-MM-DD``, or
    ``today`` for the day the command runs (in the machine's local time).

    >>> date_argument("2010-02-24", "--as-of")
    datetime.date(2010, 2, 24)
    >>> date_argument("today", "--as-of") == dt.date.today()
    True

    Raises:
        ValidationError: ``invalid-date`` at *option* for anything else, or a day that does
            not exist.
    """
    if text is None:
        return None
    if text == "today":
        return dt.date.today()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date such as 2010-02-24"
        raise error("invalid-date", msg, option) from None


def outside_window(day: dt.date, campaign: Campaign, option: str) -> list[Problem]:
    """A warning when *day*, given by *option*, lies outside the campaign's window.

    Measuring before the start or after the end is allowed (a report of the finished
    campaign, say), but is more often a slip: ``--as-of today`` on a past campaign.

    >>> from campaignkit.model import Window
    >>> c = Campaign(id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)))
    >>> [p.code for p in outside_window(dt.date(2026, 4, 1), c, "--as-of")]
    ['as-of-outside-campaign']
    >>> outside_window(dt.date(2026, 3, 27), c, "--as-of")
    []
    """
    window = campaign.window
    if window.start <= day <= window.end:
        return []
    when = "before the campaign starts" if day < window.start else "after the campaign ends"
    msg = f"{day} is {when} (it runs {window.start} .. {window.end}): is this the day you meant?"
    return [Problem(option, "as-of-outside-campaign", msg, Severity.WARNING, source=ARGUMENTS)]


def rate_argument(text: str | None, option: str) -> float | None:
    """The rate an option gives, a fraction from 0 to 1 (``None`` when it is not given).

    The rate is written as a fraction or as a percentage:

    >>> rate_argument("0.8", "--threshold"), rate_argument("80%", "--threshold")
    (0.8, 0.8)
    >>> rate_argument("80", "--threshold")
    Traceback (most recent call last):
      ...
    campaignkit.ValidationError: command line: --threshold: '80' is outside 0 .. 1: write a fraction such as 0.8 or a percentage such as 80% [invalid-value]

    Raises:
        ValidationError: ``invalid-value`` at *option* for text that is not a number, or a
            number outside 0 .. 1 (0% .. 100%).
    """
    if text is None:
        return None
    hint = "a fraction such as 0.8 or a percentage such as 80%"
    found = _RATE.fullmatch(text)
    if found is None:
        raise error("invalid-value", f"{text!r} is not a rate: write {hint}", option)
    rate = Decimal(found["number"]) / (100 if found["percent"] else 1)
    if not 0 <= rate <= 1:
        raise error("invalid-value", f"{text!r} is outside 0 .. 1: write {hint}", option)
    return float(abs(rate))  # abs: '-0' is 0


def status_bands_argument(text: str | None, option: str) -> Thresholds | None:
    """The status bands an option gives as ``AT_RISK,ON,AHEAD`` SPI values (``None`` when
    it is not given).

    >>> status_bands_argument("0.7,0.9,1.1", "--status-bands")
    Thresholds(ahead=1.1, on=0.9, at_risk=0.7)
    >>> status_bands_argument("0.9,0.7,1.1", "--status-bands")
    Traceback (most recent call last):
      ...
    campaignkit.ValidationError: command line: --status-bands: thresholds must satisfy at_risk <= on <= ahead (got 0.9, 0.7, 1.1) [threshold-order]

    Raises:
        ValidationError: ``invalid-value`` at *option* for anything but three non-negative
            numbers separated by commas; ``threshold-order`` when they do not rise.
    """
    if text is None:
        return None
    parts = text.split(",")
    try:
        if len(parts) != 3:
            raise ValueError(text)
        at_risk, on, ahead = (float(part) for part in parts)
        if not all(0.0 <= x < float("inf") for x in (at_risk, on, ahead)):
            raise ValueError(text)
    except ValueError:
        msg = f"{text!r} is not three SPI values AT_RISK,ON,AHEAD such as 0.8,0.95,1.05"
        raise error("invalid-value", msg, option) from None
    try:
        return Thresholds(at_risk=at_risk, on=on, ahead=ahead)
    except ValidationError as exc:
        raise ValidationError([
            attrs.evolve(p, path=option, source=ARGUMENTS) for p in exc.problems
        ]) from None  # fmt: skip


# -- input ----------------------------------------------------------------------------------


def _located(exc: CampaignkitError, source: str) -> CampaignkitError:
    """*exc* with every problem that names no source attributed to *source*."""
    problems = [p if p.source else p.located(source) for p in exc.problems]
    return type(exc)(problems)


def load_campaign(name: str, input_format: FileFormat | None = None) -> Campaign:
    """The campaign in the file *name*, or in standard input when *name* is ``-`` (which
    needs *input_format*: a stream has no extension); *input_format* overrides the extension.

    Raises:
        ValidationError: located in the file (in ``<stdin>`` for ``-``); ``unknown-format``
            at ``--input-format`` when reading ``-`` without it.
    """
    if name != STDIN:
        return load(name, format=input_format)
    if input_format is None:
        msg = "reading the campaign from standard input (-) needs --input-format yaml, json or toml"
        raise error("unknown-format", msg, "--input-format")
    if sys.stdin is None or sys.stdin.closed:
        msg = "standard input is closed, or was read already (- can be given once)"
        raise error("unreadable", msg, "$", source=STDIN_NAME)
    try:
        return load_stream(sys.stdin.buffer, input_format, source=STDIN_NAME)
    finally:
        sys.stdin.close()  # read to its end: nothing else can come from it


def load_and_schedule(
    name: str, status: StatusLine, input_format: FileFormat | None = None
) -> tuple[Campaign, Schedule]:
    """The campaign file *name* (``-``: standard input) and its schedule; scheduling
    problems are located in it."""
    status.step(f"reading {name}")
    campaign = load_campaign(name, input_format)
    status.step("scheduling")
    source = STDIN_NAME if name == STDIN else name
    try:
        plan = schedule(campaign)
    except CampaignkitError as exc:
        raise _located(exc, source) from None
    print_problems((w for w in campaign.check() if w.code in _TOLD_EVERYWHERE), source)
    return campaign, plan


# warnings that change what every figure means, told by every command (validate tells all)
_TOLD_EVERYWHERE = frozenset({"outside-holiday-data", "unlisted-makeup-days"})


def open_records(
    name: str, status: StatusLine, format: RecordFormat | None = None, *, encoding: str = "utf-8"
) -> tuple[RecordReader, Iterator[Record]]:
    """A lenient reader of the records file *name* (``-``: standard input, which needs
    *format*) in *encoding*, and its records counted on the status line.

    The reader collects the problems of bad rows in its ``problems`` as the records are read.
    """
    status.step(f"reading {name}")
    reader = _records_reader(name, format, encoding)
    return reader, status.counted(reader, "records read")


def feed_records(
    name: str,
    status: StatusLine,
    accumulator: Accumulator,
    format: RecordFormat | None = None,
    *,
    encoding: str = "utf-8",
    workers: int = 1,
) -> None:
    """Stream the records file *name* (``-``: standard input, which needs *format*) in
    *encoding* into *accumulator* with a lenient reader, which hands the accumulator the
    problems of bad rows and the places of rows without an id; a file in up to *workers*
    processes (see :meth:`~campaignkit.io.RecordReader.feed`)."""
    status.step(f"reading {name}")
    reader = _records_reader(name, format, encoding)
    with status.watch(f"reading {name}: records read", lambda: reader.rows):
        reader.feed(accumulator, workers=workers)


def _records_reader(name: str, format: RecordFormat | None, encoding: str) -> RecordReader:
    """A lenient reader of the records file *name*, or of standard input (``-``), whose
    format must then be given; an unknown encoding is an error of the ``--encoding`` option."""
    if name != STDIN:
        source: str | IO[bytes] = name
    elif format is None:
        msg = "reading the records from standard input (--records -) needs --records-format csv or jsonl"
        raise error("unknown-format", msg, "--records-format")
    elif sys.stdin is None or sys.stdin.closed:
        msg = "standard input was read for the campaign (FILE -): give the records as a file"
        raise error("invalid-value", msg, "--records")
    else:
        source = sys.stdin.buffer
    try:
        return RecordReader(
            source,
            format=format,
            strict=False,
            encoding=encoding,
            name=STDIN_NAME if name == STDIN else None,
        )
    except RecordError as exc:
        if exc.problems[0].code != "unknown-encoding":
            raise
        raise error("unknown-encoding", exc.problems[0].message, "--encoding") from None


# -- output ---------------------------------------------------------------------------------


def output_argument(path: str | None, option: str, inputs: Mapping[str, str | None]) -> str | None:
    """The output file *option* names (``None`` when it is not given), checked before any work.

    *inputs* maps each input argument of the command (``FILE``, ``--records``) to the file
    it names (standard input, ``-``, names none). An output that is one of them — the same
    file, also through a symbolic or a hard link (:func:`os.path.samefile`) — would be
    overwritten: it is refused, as is an empty path.

    >>> output_argument(None, "-o", {"FILE": "c.yaml"}) is None
    True
    >>> output_argument("", "-o", {"FILE": "c.yaml"})
    Traceback (most recent call last):
      ...
    campaignkit.ValidationError: command line: -o: an empty path names no file [empty-path]

    A path that cannot be written because its folder does not exist, or that names a
    folder, is refused too, before the work whose result it would not take (a report of
    thousands of units takes a minute).

    Raises:
        ValidationError: ``empty-path`` at *option* for an empty path; ``output-is-input``
            when it names the same file as one of *inputs*; ``unwritable`` when its folder
            does not exist or it is a folder.
    """
    if path is None:
        return None
    if not path:
        raise error("empty-path", "an empty path names no file", option)
    for argument, name in inputs.items():
        if name and name != STDIN and _same_file(path, name):
            msg = f"{path!r} is the input {argument} ({name!r}): writing it would overwrite it"
            raise error("output-is-input", msg, option)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise error("unwritable", f"cannot write {path}: no folder {folder}", option)
    if os.path.isdir(path):
        raise error("unwritable", f"cannot write {path}: it is a folder", option)
    return path


def _same_file(first: str, second: str) -> bool:
    """Whether both names are one existing file; a name that does not exist is no input."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # missing, unreadable, or not a path at all (a NUL)
        return False


def write_file(path: str, data: str | bytes, option: str) -> None:
    """Replace *path* with *data* atomically; a failure is a problem with *option*."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise error("unwritable", msg, option) from None


def print_result(text: str, *, table: bool) -> None:
    """Write a command's result to stdout.

    A *table* (for people) always has its control characters shown escaped
    (:func:`~campaignkit.io._table.printable`, line ends kept). Data — JSON, CSV, a
    document — is written as it is to a file or a pipe, and escaped the same way when stdout
    is a terminal, which would act on an escape sequence in it.
    """
    if table or _is_terminal(sys.stdout):
        text = printable(text, lines=True)
    sys.stdout.write(text)
    sys.stdout.flush()  # a closed pipe is noticed here, inside the command


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def to_json(data: object) -> str:
    """Stable JSON: keys sorted, indented, non-ASCII text kept, dates as ``YYYY-MM-DD``,
    floats to :data:`~campaignkit.io.JSON_SIGNIFICANT_DIGITS` significant digits.

    Always valid JSON (:func:`~campaignkit.io._json.json_text`): ``NaN`` and infinities are
    refused with ``ValueError``, lone surrogates and C1 control characters escaped.
    """
    return json_text(tidy_floats(data), indent=2, sort_keys=True, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    msg = f"{type(value).__name__} is not JSON"
    raise TypeError(msg)


class StatusLine:
    """A one-line status on stderr while a long step runs, shown only on a terminal.

    Each :meth:`step` replaces the line; :meth:`done` erases it, so that nothing of it is
    left once the command prints its result. When stderr is a pipe or a file, it writes
    nothing at all.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self.enabled = _is_terminal(self.stream)

    def step(self, text: str) -> None:
        """Show *text* (``scheduling``) as the current step."""
        if self.enabled:
            self.stream.write(f"\r\x1b[Kcampaignkit: {printable(text)}…")
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

    @contextlib.contextmanager
    def watch(self, text: str, count: Callable[[], int], every: float = 0.5) -> Iterator[None]:
        """Show *text* with ``count()`` (``reading records.csv: 120,000``) while the block
        runs: when it starts, every *every* seconds from a thread while it runs, and once
        more when it ends. On a pipe or a file, nothing (and no thread)."""
        if not self.enabled:
            yield
            return
        lock = threading.Lock()
        stop = threading.Event()

        def show() -> None:
            with lock:
                self.step(f"{text}: {count():,}")

        def tick() -> None:
            while not stop.wait(every):
                show()

        show()
        thread = threading.Thread(target=tick, name="campaignkit-status", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            show()

    def done(self) -> None:
        """Erase the status line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
