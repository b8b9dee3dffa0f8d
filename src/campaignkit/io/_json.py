"""JSON text that is always valid and always writable.

:func:`json_text` is :func:`json.dumps` with three guarantees every JSON output of campaignkit
relies on:

- ``NaN`` and infinities are refused (``allow_nan=False``): they are not JSON, and a reader
  such as JavaScript's ``JSON.parse`` rejects the whole document. A caller must turn them into
  something JSON can hold before, and a ``ValueError`` says it did not.
- A lone surrogate (``"\\udc80"``, which a file decoded with ``surrogateescape`` can hold) is
  written as its escape ``\\udc80``: the text stays valid JSON, reads back as the same string,
  and can be encoded in UTF-8, where the bare character cannot.
- The C1 control characters (U+0080 … U+009F) and DEL, which JSON allows raw, are escaped
  too, so that JSON printed on a terminal can send it no control sequence (C0 controls are
  always escaped by :mod:`json`); so are the invisible format characters, the bidirectional
  controls among them (an override turns ``exe.txt`` into what reads as ``txt.exe`` in an
  editor or a viewer, a zero-width space hides in a name) and the line and
  paragraph separators U+2028 and U+2029 (line ends to some editors, and not JavaScript
  before ES2019), as :func:`~campaignkit._text.printable` escapes them on a terminal.

Other non-ASCII text is kept as it is.

>>> json_text({"name": "长生\\udc80\\x9b"})
'{"name": "长生\\\\udc80\\\\u009b"}'
>>> json_text(float("inf"))
Traceback (most recent call last):
  ...
ValueError: Out of range float values are not JSON compliant
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from campaignkit._text import FORMAT_CLASS, LINE_SEPARATORS, SURROGATES

_ESCAPED = re.compile(rf"[\x7f-\x9f{LINE_SEPARATORS}{SURROGATES}{FORMAT_CLASS}]")
"""What a viewer acts on or hides (see :func:`escaped`)."""


def json_text(
    data: object,
    *,
    indent: int | None = None,
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = None,
) -> str:
    """*data* as JSON text (see the module docstring).

    Raises:
        ValueError: for a ``NaN`` or an infinity.
        TypeError: for a value JSON cannot hold (and *default* does not convert).
    """
    text = json.dumps(
        data,
        ensure_ascii=False,
        allow_nan=False,
        indent=indent,
        sort_keys=sort_keys,
        default=default,
    )
    return escaped(text)


def escaped(text: str, *, wide: bool = False) -> str:
    """*text* with DEL, the C1 controls, the line and paragraph separators, lone surrogates
    and the invisible format characters (the bidirectional controls among them) written as
    escapes: for text in which each of them stands inside a quoted string that reads such
    an escape (JSON's strings, TOML's basic strings, YAML's double-quoted scalars), so that
    a file shown in an editor, a terminal or a code review neither reorders nor hides what
    it holds.

    A character beyond U+FFFF (a tag letter) is written as JSON writes it, a pair of
    surrogate escapes, or with *wide* (TOML, YAML, where a surrogate is no character) as
    one ``\\UXXXXXXXX``.

    >>> escaped('"abc\u202etxt.exe"')
    '"abc\\\\u202etxt.exe"'
    >>> escaped("\U000e0041"), escaped("\U000e0041", wide=True)
    ('\\\\udb40\\\\udc41', '\\\\U000e0041')
    """
    return _ESCAPED.sub(_escape_wide if wide else _escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def _escape_wide(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\U{code:08x}" if code > 0xFFFF else _escape(found)
