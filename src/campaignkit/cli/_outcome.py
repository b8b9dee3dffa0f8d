"""What every run of the command ends with: its exit status, and a line per problem.

Kept apart from the subcommands so that ``campaignkit --help`` reads it without loading
the library.
"""

from __future__ import annotations

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
