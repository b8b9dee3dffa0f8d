"""The ``campaignkit`` command.

Each subcommand is a ``Command`` in the ``COMMANDS`` table: a name, a one-line help,
a function that declares its arguments and a function that runs it and returns the exit
status. Adding a subcommand means writing those two functions (in a module of this package)
and one line in the table.

Exit status: ``0`` when all went well, ``2`` for bad input (each problem printed on stderr
with its file, path and code), ``1`` for an internal error (a short message; the traceback
only with ``--debug``), ``141`` when the reader of the output went away (``campaignkit
schema | head -1``): the command stops at once and quietly, as Unix tools do.

Output is meant for both people and programs: ``--format table`` lines columns up by display
width (Chinese text included), ``--format json`` sorts its keys so that the same input gives
the same bytes, files a command writes (``--ics``) are replaced atomically. While a long step
runs, a one-line status is shown on stderr when stderr is a terminal, and nothing when it is
piped or redirected.

The package's modules:

- ``validate``: ``validate`` and ``schema``;
- ``schedule``, ``progress``, ``calendar``: the command of the same name;
- ``report``: ``report`` and ``briefing``;
- ``_common``: what they share (exit statuses, argument checks, problem lines, the status
  line, atomic output).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

import attrs

from campaignkit import __version__
from campaignkit._errors import CampaignkitError
from campaignkit.cli._calendar import configure_calendar, run_calendar
from campaignkit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_OK,
    format_problem,
)
from campaignkit.cli._progress import configure_progress, run_progress
from campaignkit.cli._report import configure_briefing, configure_report, run_briefing, run_report
from campaignkit.cli._schedule import configure_schedule, run_schedule
from campaignkit.cli._validate import configure_schema, configure_validate, run_schema, run_validate
from campaignkit.io._table import printable

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "main",
]


@attrs.frozen
class Command:
    """A subcommand: ``configure`` declares its arguments, ``run`` returns the exit status."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: tuple[Command, ...] = (
    Command(
        "validate", "check campaign files and summarise each", configure_validate, run_validate
    ),
    Command("schema", "print the JSON Schema of campaign files", configure_schema, run_schema),
    Command(
        "schedule", "lay a campaign out in time and list its days", configure_schedule, run_schedule
    ),
    Command(
        "progress", "measure a campaign's progress as of a day", configure_progress, run_progress
    ),
    Command(
        "report",
        "write a situation report as of a day, in Markdown or HTML",
        configure_report,
        run_report,
    ),
    Command(
        "briefing",
        "write the weekly-meeting sheet of a week",
        configure_briefing,
        run_briefing,
    ),
    Command(
        "calendar",
        "working days, holidays and make-up workdays of a year",
        configure_calendar,
        run_calendar,
    ),
)
"""The subcommands, in the order ``--help`` lists them."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaignkit",
        description="Model, schedule and track organisational campaigns.",
        epilog="Exit status: 0 ok, 1 internal error, 2 bad input, 141 output pipe closed.",
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
    _escape_what_cannot_be_printed()
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()  # so that a closed pipe is noticed here, not at exit
    except BrokenPipeError:  # the reader went away (`campaignkit schema | head`): stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except CampaignkitError as exc:  # bad input a command did not report itself
        for problem in exc.problems:
            print(format_problem(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # the last line of defence: no traceback unless asked
        if args.debug:
            traceback.print_exc()
        message = printable(f"campaignkit: internal error: {type(exc).__name__}: {exc}")
        print(message, file=sys.stderr)
        return EXIT_INTERNAL
    return status


def _escape_what_cannot_be_printed() -> None:
    """Let stdout and stderr write ``\\u957f`` for a character their encoding lacks.

    A console or a redirected stream in a legacy code page (``cp1252`` on Windows, or
    ``PYTHONIOENCODING=ascii``) cannot encode Chinese names; rather than stopping half-way
    through a table, the command writes those characters as escapes. A UTF-8 stream encodes
    every character but a lone surrogate (from a file name in another encoding, or a JSON
    ``"\\udc80"``), which it writes as ``\\udc80`` the same way.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
