"""The characters text is looked at for, and text on a terminal: display width, padding,
truncation, and control characters shown escaped.

The classes of characters that do not show (:data:`CONTROL_CLASS`, :data:`LINE_SEPARATORS`,
:data:`FORMAT_CLASS`, :data:`UNSEEN_CLASS`, …) are set here once: what a record's id or name
refuses, what the columnar and SQL engines check, what JSON, YAML, TOML, iCalendar and the
terminal write as escapes are made of them, and :func:`unseen_name` names one in a message.

A terminal gives a Chinese character two columns and an ASCII letter one, so padding by
``len()`` breaks a table as soon as a cell holds Chinese text. :func:`display_width` counts
columns the way terminals do: two for East Asian wide and full-width characters
(``unicodedata.east_asian_width`` is ``W`` or ``F``), none for combining marks and
zero-width format characters, one for everything else — including the *ambiguous* characters
such as the curly quotes “ ”, which most terminals outside CJK locales draw one column wide.
:func:`printable` keeps text from a campaign or a ledger from driving the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

# The characters text from outside is looked at for, each set once, as the body of a
# regular expression class that Python, RE2 (Arrow, DuckDB), Rust's regex (polars) and
# PostgreSQL read alike: ASCII as escapes, the rest as the characters themselves.
CONTROL_CLASS: Final = r"\x00-\x1f\x7f-\x9f"
"""The control characters: C0, DEL and C1 (Unicode's ``Cc``)."""
LINE_SEPARATORS: Final = "\u2028\u2029"
"""The line and paragraph separators (``Zl``, ``Zp``), which break a line as a line feed does."""
SURROGATES: Final = "\ud800-\udfff"
"""Lone surrogates, which no UTF-8 file, JSON output or database can hold (Python only)."""
BIDI_CONTROLS: Final = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Unicode's Bidi_Control characters: invisible, they reorder the text after them (a
right-to-left override turns ``exe.txt`` into what reads as ``txt.exe``)."""
FORMAT_CLASS: Final = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
"""The format characters (Unicode's ``Cf``, as of Unicode 14): invisible, a zero-width
space, a soft hyphen, a byte-order mark, the bidirectional controls among them
(``tests/io/test_unseen_characters_in_records.py`` checks the class against
:mod:`unicodedata`)."""
UNSEEN_CLASS: Final = CONTROL_CLASS + LINE_SEPARATORS + FORMAT_CLASS
"""What no id and no name in a record holds: the controls, the line separators and the
invisible format characters. Each would make two records of ``r5`` and ``r5`` with a
zero-width space inside, or a name that no campaign element has, while both read alike."""


def ranges_of(body: str) -> tuple[tuple[int, int], ...]:
    """The code points of a class *body* such as :data:`UNSEEN_CLASS` as ranges (first,
    last), for an engine that takes no regular expression (SQLite's ``GLOB``, Spark's
    ``translate``).

    >>> ranges_of(r"\\x00-\\x1f") + ranges_of("\\u2028\\u2029")
    ((0, 31), (8232, 8232), (8233, 8233))
    """
    one = r"\\x[0-9a-f]{2}|."

    def code(char: str) -> int:
        return int(char[2:], 16) if len(char) == 4 else ord(char)

    found = re.findall(f"({one})(?:-({one}))?", body, re.DOTALL)
    return tuple((code(first), code(last or first)) for first, last in found)


UNSEEN_RANGES: Final = ranges_of(UNSEEN_CLASS)
"""The code points of :data:`UNSEEN_CLASS`, as ranges."""

_UNPRINTABLE = re.compile(f"[{CONTROL_CLASS}{LINE_SEPARATORS}{SURROGATES}{FORMAT_CLASS}]")
# the same, but line ends (LF, CR LF) kept
_UNPRINTABLE_IN_LINES = re.compile(
    f"\r(?!\n)|[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f{LINE_SEPARATORS}{SURROGATES}{FORMAT_CLASS}]"
)


def unseen_name(char: str) -> str:
    """How a message names *char*, a character of :data:`UNSEEN_CLASS` (or a surrogate):
    its kind, its code point and, for one that has it, its Unicode name, so that a reader
    can find what the screen does not show.

    >>> unseen_name("\\x1b"), unseen_name("\\u2028")
    ('the control character U+001B', 'a line break U+2028')
    >>> unseen_name("\\u200b")
    'the invisible character U+200B (ZERO WIDTH SPACE)'
    """
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"a lone surrogate {code}"
    if char in "\n\r" or char in LINE_SEPARATORS:
        return f"a line break {code}"
    if unicodedata.category(char) == "Cc":
        return f"the control character {code}"
    return f"the invisible character {code} ({unicodedata.name(char, 'unnamed')})"


def printable(text: str, *, lines: bool = False) -> str:
    """*text* safe to send to a terminal: every control character shown as its escape.

    Text from a campaign or a ledger may hold ESC (``\\x1b``, which starts the escape
    sequences that recolour, move the cursor or retitle a terminal), BEL, other C0 and C1
    control characters, DEL, line separators, a lone surrogate that no encoding can write,
    a bidirectional control (an override or isolate, a direction mark), which a terminal
    that lays out right-to-left text obeys for the rest of the line, figures included, or
    another invisible format character (a zero-width space, which hides in a name). Each
    is replaced by its Python escape, so the reader sees what is there and the terminal
    receives nothing it would act on. With *lines*, line ends (``\\n`` and
    ``\\r\\n``) are kept, for text of several lines; otherwise the result is one line.

    >>> printable("\\x1b[31mred\\x07 长生")
    '\\\\x1b[31mred\\\\x07 长生'
    >>> printable("a\\nb\\r\\n\\rc", lines=True)
    'a\\nb\\r\\n\\\\rc'
    """
    pattern = _UNPRINTABLE_IN_LINES if lines else _UNPRINTABLE
    return pattern.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    return found[0].encode("unicode_escape", "backslashreplace").decode("ascii")


def display_width(text: str) -> int:
    """The number of terminal columns *text* takes.

    >>> display_width("weekly"), display_width("每周例会"), display_width("ｅ"), display_width("é")
    (6, 8, 2, 1)
    """
    width = 0
    for char in text:
        if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def pad(text: str, width: int, align: str = "l") -> str:
    """*text* padded with spaces to *width* columns: ``l`` left-aligned, ``r`` right-aligned.

    Text already as wide as *width*, or wider, is returned as it is.

    >>> pad("例会", 6) + "|", pad("18", 4, "r")
    ('例会  |', '  18')
    """
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == "r" else text + fill


def truncate(text: str, width: int) -> str:
    """*text* cut to at most *width* display columns, ending in ``…`` when it was cut.

    >>> truncate("机关部门负责人演讲会", 9), truncate("weekly", 9)
    ('机关部门…', 'weekly')
    """
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        used += display_width(char)
        if used > width - 1:  # keep a column for the ellipsis
            break
        kept.append(char)
    return "".join(kept) + "…"
