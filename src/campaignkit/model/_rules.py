"""Reading RFC 5545 recurrence text with dateutil.

A mechanism's ``rule`` is the content of an iCalendar recurrence: an ``RRULE`` line and,
optionally, ``DTSTART``, ``RDATE`` and ``EXDATE`` lines (RFC 5545, section 3.8.5). A single
line beginning with ``FREQ=`` is read as the RRULE. Parsing never iterates the rule, so it is
cheap and cannot hang; expanding it is the scheduler's job.

Note that RFC 5545 drops dates a rule cannot hit rather than moving them: ``FREQ=MONTHLY;
BYMONTHDAY=31`` has no occurrence in February.

dateutil accepts some rules RFC 5545 forbids; :func:`parse_rule` refuses them, because they
would hang an expansion or silently never match: ``INTERVAL`` or ``COUNT`` below 1, ``COUNT``
together with ``UNTIL``, ``BYMONTH``/``BYMONTHDAY``/``BYYEARDAY``/``BYWEEKNO`` values out of
range, and a numbered ``BYDAY`` (``1MO``) outside ``MONTHLY`` and ``YEARLY`` rules.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.rrule import rruleset, rrulestr

_PROPERTIES = ("RRULE:", "DTSTART", "RDATE", "EXDATE", "EXRULE:")

# The largest absolute value of each numeric BY part (RFC 5545, section 3.3.10); 0 is never allowed.
_BY_LIMITS = {"BYMONTH": 12, "BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53}
_NEGATIVE_OK = {"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"}
_LOCAL_TIMES = "times in a rule are local to the campaign's time zone: drop TZID and the trailing Z"
_WEEKDAY = re.compile(r"^([+-]?[0-9]+)?(MO|TU|WE|TH|FR|SA|SU)$")


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
    for line in normal.splitlines():
        if line.upper().startswith(("RRULE:", "EXRULE:")):
            _check_recur(line.partition(":")[2])
        head = line.partition(":")[0].upper()
        if (
            head.startswith(("EXDATE", "RDATE"))
            and "VALUE=DATE" in head
            and "DATE-TIME" not in head
        ):
            name = head.split(";")[0]
            msg = f"{name} with VALUE=DATE cannot match timed occurrences: write the mechanism's time too, as in {name}:20100219T160000"
            raise ValueError(msg)
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
        raise ValueError(_LOCAL_TIMES)
    return result


def _check_recur(value: str) -> None:
    """Refuse the RFC 5545 breaches dateutil lets through (see the module docstring)."""
    parts = {
        k.strip().upper(): v.strip().upper()
        for k, _, v in (p.partition("=") for p in value.split(";"))
    }
    if parts.get("UNTIL", "").endswith("Z"):
        raise ValueError(_LOCAL_TIMES)
    if "COUNT" in parts and "UNTIL" in parts:
        msg = "COUNT and UNTIL must not occur in the same rule"
        raise ValueError(msg)
    for name in ("INTERVAL", "COUNT"):
        number = _int(parts.get(name, "1"))
        if number is not None and number < 1:
            msg = f"{name} must be a positive integer (got {number})"
            raise ValueError(msg)
    for name, limit in _BY_LIMITS.items():
        for number in (_int(v) for v in parts.get(name, "").split(",") if v):
            low = -limit if name in _NEGATIVE_OK else 1
            if number is not None and not (low <= number <= limit and number != 0):
                msg = f"{name} values lie in {low}..{limit} without 0 (got {number})"
                raise ValueError(msg)
    ordinal_limit = {"MONTHLY": 5, "YEARLY": 53}.get(parts.get("FREQ", ""), 0)
    for day in (d.strip() for d in parts.get("BYDAY", "").split(",") if d.strip()):
        match = _WEEKDAY.fullmatch(day)
        ordinal = _int(match[1]) if match and match[1] else None
        if ordinal is not None and not (0 < abs(ordinal) <= ordinal_limit):
            where = (
                f"lies in 1..{ordinal_limit}" if ordinal_limit else "needs FREQ=MONTHLY or YEARLY"
            )
            msg = f"a numbered BYDAY such as {day} {where}"
            raise ValueError(msg)


def _int(text: str) -> int | None:
    """*text* as an integer, or ``None`` when it is not one (dateutil reports that itself)."""
    try:
        return int(text)
    except ValueError:
        return None
