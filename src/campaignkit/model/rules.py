"""Reading RFC 5545 recurrence text with dateutil.

A mechanism's ``rule`` is the content of an iCalendar recurrence: an ``RRULE`` line and,
optionally, ``DTSTART``, ``RDATE`` and ``EXDATE`` lines (RFC 5545, section 3.8.5). A single
line beginning with ``FREQ=`` is read as the RRULE. Parsing never iterates the rule, so it is
cheap and cannot hang; expanding it is the scheduler's job.

Note that RFC 5545 drops dates a rule cannot hit rather than moving them: ``FREQ=MONTHLY;
BYMONTHDAY=31`` has no occurrence in February.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.rrule import rruleset, rrulestr

__all__ = ["normalise_rule", "parse_rule"]

_PROPERTIES = ("RRULE:", "DTSTART", "RDATE", "EXDATE", "EXRULE:")


def normalise_rule(text: str) -> str:
    """Return *text* with blank lines dropped and a bare ``FREQ=`` line labelled ``RRULE:``.

    >>> normalise_rule("  FREQ=WEEKLY;BYDAY=MO  ")
    'RRULE:FREQ=WEEKLY;BYDAY=MO'
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "\n".join(
        line if line.upper().startswith(_PROPERTIES) else f"RRULE:{line}" for line in lines
    )


def parse_rule(text: str, dtstart: dt.datetime) -> rruleset:
    """Parse recurrence *text* into a dateutil ``rruleset`` starting at *dtstart*.

    A ``DTSTART`` line in the text wins over *dtstart*. Raises ``ValueError`` (from dateutil,
    or for a text with no RRULE or RDATE) when the text is not RFC 5545.

    >>> rules = parse_rule("FREQ=WEEKLY;COUNT=2", dt.datetime(2010, 2, 24, 9))
    >>> [d.date().isoformat() for d in rules]
    ['2010-02-24', '2010-03-03']
    """
    normal = normalise_rule(text)
    if not any(line.upper().startswith(("RRULE:", "RDATE")) for line in normal.splitlines()):
        msg = "a recurrence needs an RRULE or an RDATE line"
        raise ValueError(msg)
    result = rrulestr(normal, forceset=True, dtstart=dtstart)
    assert isinstance(result, rruleset)  # forceset=True guarantees it
    # dateutil keeps the parts of a set private; read them to refuse mixed naive/aware times.
    parts: Any = result
    stamps = [*parts._rdate, *parts._exdate]
    for rule in parts._rrule:
        stamps += [rule._dtstart, rule._until]
    if any(s is not None and s.tzinfo is not None for s in stamps):
        msg = "times in a rule are local to the campaign's time zone: drop TZID and the trailing Z"
        raise ValueError(msg)
    return result
