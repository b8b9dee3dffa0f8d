"""Escaping text for Markdown, so that names and notes come out as the text they are.

A campaign's names and notes are text, not markup: a series called ``A | B`` must not split a
table row, a note with ``*`` must not turn into emphasis, and a campaign called
``<script>alert(1)</script>`` must reach the reader as those characters, not as HTML that a
Markdown renderer passes through. :func:`escape` puts a backslash before every ASCII
punctuation character that CommonMark or GitHub-flavoured Markdown give a meaning to, and folds
line breaks into spaces so that a value never leaves its table cell or list item.

The Markdown templates apply it to every value they write (it is their environment's
``finalize``), just as the HTML templates escape every value for HTML. A value that is already
Markdown is wrapped in :class:`markupsafe.Markup` and passes unchanged.

>>> print(escape("<script>alert(1)</script>"))
\\<script\\>alert(1)\\</script\\>
>>> print(escape("A | B *and* C_1"))
A \\| B \\*and\\* C\\_1
>>> print(escape("two\\nlines"))
two lines
>>> print(escape("- not a list"), escape("2010. not a list either"))
\\- not a list 2010\\. not a list either
>>> print(escape("1. Overview", line_start=False))
1. Overview
>>> print(escape(1.5), escape("-5"))
1.5 -5
>>> print(escape("---"), escape("==="), escape("    =cmd"))
\\--- \\=== =cmd
"""

from __future__ import annotations

import re

from markupsafe import Markup

from campaignkit._text import printable

SPECIAL = frozenset("\\`*_{}[]<>#|~!&")
"""The characters :func:`escape` puts a backslash before.

``{`` ``}`` are kept for attribute-list extensions, ``&`` so that ``&amp;`` stays text,
``!`` so that ``![`` can never start an image.
"""

_SPACES = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+])(?=\s|$)|^([-=])(?=[-=\s]*$)")
"""What would start a list item (``1.``, ``-``, ``+``) at the start of a line, or make it a
rule or a heading's underline (``---``, ``===``)."""


def escape(value: object, *, line_start: bool = True) -> Markup:
    """*value* as Markdown text that reads as the value itself.

    ``None`` is written as an empty string, :class:`~markupsafe.Markup` unchanged. With
    ``line_start=False`` (a value after a heading's ``##``, inside a table cell or a list
    item, where nothing can start a list) a leading ``1.`` or ``-`` is left as it is.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = _SPACES.sub(" ", str(value)) if any(c in str(value) for c in "\r\n\t") else str(value)
    text = printable(text)  # ESC and the like as escapes: a terminal may print the file
    escaped = "".join("\\" + c if c in SPECIAL else c for c in text)
    if not line_start:
        return Markup(escaped)
    # A value that starts a line must not start a list item ("1. ", "- ", "+ "), a rule or
    # a heading's underline ("---", "==="), nor, indented by four spaces, a code block: the
    # spaces a line starts with are not shown anyway
    return Markup(_LIST_MARKER.sub(_unlist, escaped.lstrip(" "), count=1))


def _unlist(match: re.Match[str]) -> str:
    marker = match[3] or match[4]
    if marker:
        return "\\" + marker
    return f"{match[1]}\\{match[2]}"
