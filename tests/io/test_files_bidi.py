"""Campaign files keep bidirectional controls as escapes.

A bidirectional control (an override, an isolate, a direction mark) is allowed in a name:
Arabic and Hebrew names need the marks. Written raw into a YAML or TOML file it reorders
what an editor, a terminal or a code review shows of the rest of its line (``abc``, then
U+202E, then ``txt.exe`` reads as ``abcexe.txt``). ``dumps`` writes it as a ``\\uXXXX``
escape inside a quoted string in every format, and the file reads back as the same
campaign.
"""

from __future__ import annotations

import datetime as dt
import re

import hypothesis.strategies as st
import pytest
from hypothesis import given

from campaignkit import Campaign, Unit, Window
from campaignkit.io import dumps, loads

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_RAW = re.compile(f"[{_BIDI}\x7f-\x9f]")
_FORMATS = ("yaml", "toml", "json")


def _campaign(name: str, theme: str | None = None, unit_name: str = "Village") -> Campaign:
    return Campaign(
        id="c",
        name=name,
        theme=theme,
        window=Window(start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1)),
        units=(Unit(id="u", name=unit_name),),
    )


@pytest.mark.parametrize("format", _FORMATS)
def test_an_override_is_written_as_its_escape(format: str) -> None:
    c = _campaign("Meeting \u202etxt.exe", unit_name="قرية\u200f 7")
    text = dumps(c, format)  # type: ignore[arg-type]
    assert _RAW.search(text) is None
    assert "\\u202e" in text.lower()
    assert "\\u200f" in text.lower()
    assert loads(text, format) == c  # type: ignore[arg-type]


def test_yaml_writes_such_text_in_double_quotes() -> None:
    # in a plain or a block scalar an escape is not read as one: the quotes make it so
    text = dumps(_campaign("a\u2066b\u2069", theme="line one\nline \u202eтwo"), "yaml")
    assert 'name: "a\\u2066b\\u2069"' in text
    assert 'theme: "line one\\nline \\u202eтwo"' in text


_TEXT = st.text(
    alphabet=st.sampled_from([*_BIDI, "a", "Z", " ", "长", "生", "'", '"', "\\", "#", ":", "-"]),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s.strip())
_MULTILINE = st.text(
    alphabet=st.sampled_from([*_BIDI, "a", " ", "桥", "\n", "\t", '"', "\\", "|", ">"]),
    max_size=16,
)


@given(name=_TEXT, theme=_MULTILINE, unit_name=_TEXT, format=st.sampled_from(_FORMATS))
def test_no_raw_control_and_the_same_campaign_back(
    name: str, theme: str, unit_name: str, format: str
) -> None:
    c = _campaign(name, theme or None, unit_name)
    text = dumps(c, format)  # type: ignore[arg-type]
    assert _RAW.search(text) is None
    assert loads(text, format) == c  # type: ignore[arg-type]


@pytest.mark.parametrize("format", _FORMATS)
@pytest.mark.parametrize("hidden", ["\u200b", "\ufeff", "\u00ad", "\u2060", "\U000e0041"])
def test_every_format_character_is_written_as_its_escape(format: str, hidden: str) -> None:
    """Regression: a zero-width space, a byte-order mark, a soft hyphen, a word joiner or a
    tag letter in a name was written raw, hidden in an editor (``A`` and ``A`` with one of
    them read alike): it is written as its escape, as a bidirectional control is."""
    c = _campaign(f"Town{hidden} A")
    text = dumps(c, format)  # type: ignore[arg-type]
    assert hidden not in text
    # one escape (JSON: a pair of surrogates beyond U+FFFF, no character in TOML or YAML)
    wide = "\\udb40\\udc41" if format == "json" else "\\U000e0041"
    escape = f"\\u{ord(hidden):04x}" if ord(hidden) <= 0xFFFF else wide
    assert escape.lower() in text.lower()  # PyYAML writes some itself, in capitals
    assert loads(text, format) == c  # type: ignore[arg-type]
