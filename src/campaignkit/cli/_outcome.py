"""What every run of the command ends with: its exit status, and a line per problem.

Kept apart from the subcommands so that ``campaignkit --help`` reads it without loading
the library.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from campaignkit._errors import Problem, Severity
from campaignkit._text import printable

EXIT_OK = 0
"""Everything went well."""
EXIT_INTERNAL = 1
"""An internal error: a bug in campaignkit, or the machine failed it."""
EXIT_BAD_INPUT = 2
"""Bad input: a file or argument with located problems."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``campaignkit schema | head -1``): 128 + SIGPIPE, the
status a shell reports for a Unix tool that a closed pipe stopped."""


def format_problem(problem: Problem, source: str | None = None) -> str:
    """One line for a problem: ``FILE:LINE:COLUMN: PATH: message [code]``.

    Control characters of the text quoted in it (a name, a cell of a ledger) are shown
    escaped (:func:`~campaignkit._text.printable`): the line stays one line, and a
    terminal receives no escape sequence from it.

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
    if problem.severity is Severity.WARNING:
        text += " (warning)"
    return printable(text)


SHOWN_PER_CODE = 20
"""Problems of one code (and severity) printed before the rest of them are only counted:
a ledger of a thousand villages can hold a thousand warnings alike, which would push the
result, and the one error among them, off the screen."""


def print_problems(
    problems: Iterable[Problem], source: str | None = None, *, every: bool = False
) -> None:
    """Print a line per problem on stderr (:func:`format_problem`), in their order.

    Unless *every* (``--all-problems``), only the first :data:`SHOWN_PER_CODE` problems of
    each code and severity are printed; the others are counted, and a line for each such
    code says how many were not shown and how to see them, so that nothing is left out
    unsaid.
    """
    shown: Counter[tuple[str, Severity]] = Counter()
    left: Counter[tuple[str, Severity]] = Counter()
    for problem in problems:
        kind = (problem.code, problem.severity)
        if every or shown[kind] < SHOWN_PER_CODE:
            shown[kind] += 1
            print(format_problem(problem, source), file=sys.stderr)
        else:
            left[kind] += 1
    for (code, severity), count in left.items():
        noun = "warning" if severity is Severity.WARNING else "problem"
        more = f"{count:,} more {noun}{'s' if count > 1 else ''} [{code}] like the ones above"
        print(
            printable(f"campaignkit: {more} not shown; --all-problems shows every one"),
            file=sys.stderr,
        )
