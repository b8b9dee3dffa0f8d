"""What a refused date or value was most likely meant to be, for the message that refuses it.

Ledgers typed by hand in a spreadsheet carry the spreadsheet's habits: a date written
``2010/3/5`` or ``2010年3月5日``, saved with a time (``2010-03-05 00:00:00``) or as Excel's
day number (``40242``); a value in
full-width digits (``１２``, as a Chinese input method types them), with its thousands
grouped (``1,234``), as a percentage (``85%``) or with its unit (``12人``). None of them is
read as something it might not be: the record is refused, and its message says what to
write instead (a hint, never a guess taken for a fact). Every hint is a clause to put after
the message, in parentheses, or the empty text.

>>> date_hint("2010/3/5"), date_hint("40242")
(' (write it 2010-03-05)', ' (an Excel day number? 40242 is 2010-03-05: save the column as dates, YYYY-MM-DD)')
>>> value_hint("１２"), value_hint("85%")
(' (full-width characters: write 12)', " (a percentage: write the number alone, 85, in the indicator's unit)")
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import Final

from campaignkit.tracking._intake import decimal, strict_date

_LOOSE_DATE: Final = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})"
)
_WITH_TIME: Final = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
"""Day 0 of Excel's (and WPS's) day numbers on Windows: day 1 is 1900-01-01, as Excel
counts a 29 February 1900 that never was."""
_EXCEL_DAYS: Final = range(20_000, 80_000)
"""The day numbers taken for one (1954-10-03 to 2119-01-10): a five-digit number there,
in a date column, is much more likely a day number than anything else."""
_GROUPED: Final = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA: Final = re.compile(r"[+-]?\d+,\d+")
_WITH_UNIT: Final = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?![eE][+-]?\d)([^\d\s.,+-].*)")
_LONGEST: Final = 40
"""The longest text a hint is looked for in: a date or value typed by hand is shorter, and
a longer one (a corrupted field may hold 100,000 characters) is refused without one."""


def column_hint(name: object, fields: Collection[str]) -> str:
    """The one of *fields* an unknown column *name* was likely meant as, written otherwise:
    ``ID``, ``Date``, ``Value`` (a spreadsheet's capitals, full-width letters). Else nothing.

    >>> fields = ("id", "date", "value")
    >>> column_hint("Date", fields), column_hint("ＩＤ", fields), column_hint("day", fields)
    (' (write it date)', ' (write it id)', '')
    """
    if not isinstance(name, str) or len(name) > _LONGEST:
        return ""
    plain = unicodedata.normalize("NFKC", name).strip().lower()
    return f" (write it {plain})" if plain in fields and plain != name else ""


def date_hint(text: str) -> str:
    """What the refused date *text* was likely meant as: ``2010/3/5``, ``2010年3月5日`` and
    ``20100305`` are ``2010-03-05``; ``2010-03-05 00:00:00`` has a time; a five-digit
    number, an Excel day number. Else nothing."""
    if len(text) > _LONGEST:
        return ""
    plain = unicodedata.normalize("NFKC", text).strip()
    timed = _WITH_TIME.fullmatch(plain)
    if timed is not None and strict_date(timed[1]) is not None:
        return f" (a date and a time: write the date alone, {timed[1]})"
    found = _LOOSE_DATE.fullmatch(plain)
    if found is not None:
        try:
            day = dt.date(*(int(part) for part in found.groups() if part is not None))
        except ValueError:
            return ""
        return f" (write it {day.isoformat()})"
    if len(plain) == 5 and plain.isascii() and plain.isdigit() and int(plain) in _EXCEL_DAYS:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(plain))
        return (
            f" (an Excel day number? {plain} is {day.isoformat()}: save the column as dates,"
            " YYYY-MM-DD)"
        )
    return ""


def value_hint(text: str) -> str:
    """What the refused value *text* was likely meant as: full-width digits, digits grouped
    by commas (or a decimal comma), a percentage, a number followed by its unit. Else
    nothing."""
    if len(text) > _LONGEST:
        return ""
    plain = unicodedata.normalize("NFKC", text).strip()
    if plain != text and decimal(plain) is not None:  # the text, read as ordinary characters
        wide = any(unicodedata.east_asian_width(c) == "F" for c in text)
        what = "full-width characters" if wide else "characters other than plain digits"
        return f" ({what}: write {plain})"
    grouped, point = plain.replace(",", ""), plain.replace(",", ".")
    thousands, comma = _GROUPED.fullmatch(plain), _DECIMAL_COMMA.fullmatch(plain)
    if thousands and comma:  # 1,234: either
        return f" (write {grouped} if the comma groups thousands, {point} if it is a decimal point)"
    if thousands:
        return f" (digits grouped by commas: write {grouped})"
    if comma:
        return f" (a decimal comma? write {point})"
    if plain.endswith("%") and decimal(plain[:-1].strip()) is not None:
        number = plain[:-1].strip()
        return f" (a percentage: write the number alone, {number}, in the indicator's unit)"
    found = _WITH_UNIT.fullmatch(plain)
    if found is not None and decimal(found[1]) is not None:
        return f" (a number and {found[2]!r}: write the number alone, {found[1]})"
    return ""
