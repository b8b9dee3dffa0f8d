"""The ``campaignkit`` command.

Each subcommand is a :class:`Command` in the :data:`COMMANDS` table: a name, a one-line help,
a function that declares its arguments and a function that runs it and returns the exit
status. Adding a subcommand means writing those two functions and one line in the table.

Exit status: ``0`` when all went well, ``2`` for bad input (each problem printed on stderr
with its file, path and code), ``1`` for an internal error (a short message; the traceback
only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence

import attrs

from campaignkit import __version__
from campaignkit.errors import CampaignkitError, Problem, Severity
from campaignkit.io import load, schema

__all__ = [
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


# -- schema ---------------------------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no arguments of its own."""


def _schema(_: argparse.Namespace) -> int:
    print(json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


COMMANDS: tuple[Command, ...] = (
    Command("validate", "check campaign files and summarise each", _configure_validate, _validate),
    Command("schema", "print the JSON Schema of campaign files", _no_arguments, _schema),
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
