"""The errors campaignkit raises, and the located problems they carry.

Every error the library raises on purpose derives from :class:`CampaignkitError`::

    CampaignkitError
    ├── ValidationError   a campaign file or object breaks a rule of the model
    ├── SchedulingError   a valid campaign cannot be laid out in time
    └── RecordError       a ledger of records cannot be read

Each error carries a list of :class:`Problem` values. A problem has a JSON-path-like
``path`` (``$.series[3].indicators[0].target``) so that an embedding tool can highlight
the field, and a stable ``code`` (documented in ``docs/reference.md``) so that it can
translate the message.

>>> err = ValidationError([Problem("$.window.end", "window-order", "end is before start")])
>>> print(err)
$.window.end: end is before start [window-order]
>>> err.problems[0].code
'window-order'
"""

from __future__ import annotations

import difflib
import enum
import json
import re
from collections.abc import Iterable, Sequence
from typing import Self

import attrs

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class Severity(enum.StrEnum):
    """How much a problem matters: an ``error`` stops loading, a ``warning`` is advice."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    """One located problem.

    Args:
        path: Where it is, as a JSON path from the document root (``$`` is the root).
        code: A stable, documented identifier such as ``unknown-reference``.
        message: A sentence for people.
        severity: ``error`` (the default) or ``warning``.
        source: The file or stream the path refers to, when there is one.
        line: 1-based line in ``source``, when known.
        column: 1-based column in ``source``, when known.
    """

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    source: str | None = None
    line: int | None = None
    column: int | None = None

    def located(self, source: str) -> Problem:
        """Return this problem attributed to *source* (a file name)."""
        return attrs.evolve(self, source=source)

    def rebased(self, prefix: str) -> Problem:
        """Return this problem with its path moved under *prefix* (``$.a`` + ``$.b`` → ``$.a.b``)."""
        return attrs.evolve(self, path=prefix + self.path[1:])

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
            where += f" ({self.path})" if self.path != "$" else ""
        text = f"{where}: {self.message} [{self.code}]"
        return f"{self.source}: {text}" if self.source else text


def reading_order(problem: Problem) -> tuple[object, ...]:
    """A sort key putting problems in the order a reader meets them: those of a source by
    source, line and column, then the others; then by path with its numbers compared as
    numbers (``rows[2]`` before ``rows[10]``). Every field takes part, so the order never
    depends on how a set of problems was hashed."""
    p = problem
    path = [int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(p.path))]
    where = (p.source is None, p.source or "", p.line or 0, p.column or 0)
    return (*where, path, p.code, p.message, p.severity)


_DIGITS = re.compile(r"(\d+)")


def join_path(base: str, *parts: str | int) -> str:
    """Extend a JSON path: ``join_path("$", "series", 3)`` → ``$.series[3]``.

    A key that is not an identifier (a mapping key such as a unit id with a dot or a dash) is
    written in brackets as a JSON string, so that every path reads back unambiguously.

    >>> join_path("$.series", 3, "indicators", 0, "target")
    '$.series[3].indicators[0].target'
    >>> join_path("$.indicators[0].unit_targets", "unit.3")
    '$.indicators[0].unit_targets["unit.3"]'
    """
    out = base
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(part):
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the candidate closest to *word* (``difflib.get_close_matches``), to
    end a message with; empty when none is close.

    >>> did_you_mean("weekly-meting", ["weekly-meeting", "study"])
    " (did you mean 'weekly-meeting'?)"
    >>> did_you_mean("xyz", ["weekly-meeting", "study"])
    ''
    """
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class CampaignkitError(Exception):
    """Base of every error campaignkit raises on purpose.

    Args:
        problems: What went wrong, each located. At least one.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        if not self.problems:
            msg = f"{type(self).__name__} needs at least one problem"
            raise ValueError(msg)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, code: str, message: str) -> Self:
        """Build an error from one problem."""
        return cls([Problem(path, code, message)])

    def __reduce__(self) -> tuple[type[Self], tuple[Sequence[Problem]]]:
        return (type(self), (self.problems,))


class ValidationError(CampaignkitError, ValueError):
    """A campaign, or a file meant to describe one, breaks a rule of the model."""


class SchedulingError(CampaignkitError):
    """A valid campaign cannot be laid out: a phase overruns the window, placement has no room,
    a rule yields more occurrences than allowed."""


class RecordError(CampaignkitError, ValueError):
    """A record or a ledger file cannot be read."""


# The errors are public as ``campaignkit.ValidationError`` and so on; tracebacks and reprs
# name them where users import them from, not after this private module.
for _public in (CampaignkitError, ValidationError, SchedulingError, RecordError, Problem, Severity):
    _public.__module__ = "campaignkit"


def check_campaign(path: str, owner: str, campaign: str) -> None:
    """Raise ``campaign-mismatch`` at *path* when a value made from campaign *owner* is used
    with campaign *campaign* (a schedule or a progress tree of another campaign).

    >>> check_campaign("$.schedule", "drive", "other")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.schedule: the schedule belongs to campaign 'drive', not 'other' [campaign-mismatch]
    """
    if owner != campaign:
        what = path.removeprefix("$.")
        msg = f"the {what} belongs to campaign {owner!r}, not {campaign!r}"
        raise ValidationError([Problem(path, "campaign-mismatch", msg)])
