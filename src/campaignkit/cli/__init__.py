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
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import NoReturn

import attrs

from campaignkit import __version__
from campaignkit._errors import CampaignkitError
from campaignkit._text import printable
from campaignkit.cli._outcome import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_OK,
    SHOWN_PER_CODE,
    print_problems,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "main",
]


@attrs.frozen
class Command:
    """A subcommand: ``configure`` declares its arguments, ``run`` returns the exit status.

    Both are functions of ``module``, named here and imported only when the subcommand is
    used, so that ``campaignkit --help`` loads none of the library.
    """

    name: str
    help: str
    module: str
    configure: str
    run: str

    def functions(
        self,
    ) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]:
        """The ``configure`` and ``run`` functions, imported."""
        module = importlib.import_module(self.module)
        return getattr(module, self.configure), getattr(module, self.run)


COMMANDS: tuple[Command, ...] = (
    Command(
        "validate",
        "check campaign files and summarise each",
        "campaignkit.cli._validate",
        "configure_validate",
        "run_validate",
    ),
    Command(
        "schema",
        "print the JSON Schema of campaign files",
        "campaignkit.cli._validate",
        "configure_schema",
        "run_schema",
    ),
    Command(
        "schedule",
        "lay a campaign out in time and list its days",
        "campaignkit.cli._schedule",
        "configure_schedule",
        "run_schedule",
    ),
    Command(
        "progress",
        "measure a campaign's progress as of a day",
        "campaignkit.cli._progress",
        "configure_progress",
        "run_progress",
    ),
    Command(
        "report",
        "write a situation report as of a day, in Markdown or HTML",
        "campaignkit.cli._report",
        "configure_report",
        "run_report",
    ),
    Command(
        "briefing",
        "write the weekly-meeting sheet of a week",
        "campaignkit.cli._report",
        "configure_briefing",
        "run_briefing",
    ),
    Command(
        "calendar",
        "working days, holidays and make-up workdays of a year",
        "campaignkit.cli._calendar",
        "configure_calendar",
        "run_calendar",
    ),
)
"""The subcommands, in the order ``--help`` lists them."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors show control characters escaped: argparse
    quotes an unknown argument as it is, and one holding an escape sequence would retitle
    or clear the terminal. The subcommands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of *argv*: every subcommand listed, the one *argv* names configured.

    The subcommand is the first argument that is not an option (the command's own options
    take no value). Only its arguments are declared, and only its module imported: the other
    subcommands' arguments are not needed to parse this command line or to print its help.
    """
    parser = _Parser(
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
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        if command.name == named:
            configure, run = command.functions()
            configure(sub)
            sub.set_defaults(run=run)
        sub.add_argument(
            "--all-problems",
            action="store_true",
            help=f"print every problem; by default, after {SHOWN_PER_CODE} of one code, the "
            "others are counted on one line",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``campaignkit`` command with *argv* (``sys.argv[1:]`` when ``None``).

    Returns the exit status. ``--help`` and usage errors exit through ``SystemExit`` as
    argparse does (status 0 and 2).
    """
    _escape_what_cannot_be_printed()
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv).parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()  # so that a closed pipe is noticed here, not at exit
    except BrokenPipeError:  # the reader went away (`campaignkit schema | head`): stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except CampaignkitError as exc:  # bad input a command did not report itself
        print_problems(exc.problems, every=args.all_problems)
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

    Stdout also stops translating line ends (only Windows did): a CSV row written with the
    CRLF of RFC 4180 went out as CR CR LF there.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")
                if stream is sys.stdout:  # CSV's CRLF as written: never CR CR LF on Windows
                    reconfigure(newline="")


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
