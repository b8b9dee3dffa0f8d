"""Issue 10: records with text no file can hold (lone surrogates) are refused, never given a
shared id that made them drop each other as conflicting duplicates."""

from __future__ import annotations

import datetime as dt
import io

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.io import RecordReader
from campaignkit.tracking import Cancelled, Held, Reading, derive_id

DAY = dt.date(2010, 3, 1)
SURROGATES_TOO = st.characters(min_codepoint=0xD7FE, max_codepoint=0xE001, categories=None) | (
    st.characters(max_codepoint=0x7F)
)


class TestRefusedAtConstruction:
    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda: Reading(indicator="ideas", date=DAY, value=1, note="a\ud800"), "$.note"),
            (lambda: Reading(indicator="ide\udc80as", date=DAY, value=1), "$.indicator"),
            (lambda: Reading(indicator="ideas", date=DAY, value=1, unit="\ud83d"), "$.unit"),
            (lambda: Held(subject="forum-1", date=DAY, present=("yu", "w\ud800")), "$.present"),
            (lambda: Cancelled(subject="f\udfff", date=DAY), "$.subject"),
            (lambda: Cancelled(subject="f", date=DAY, id="c\ud800"), "$.id"),
        ],
    )
    def test_lone_surrogate_is_bad_text(self, make: object, path: str) -> None:
        """Any text field with a lone surrogate is a bad-text error naming the field."""
        with pytest.raises(RecordError) as info:
            make()  # type: ignore[operator]
        assert [(p.path, p.code) for p in info.value.problems] == [(path, "bad-text")]

    def test_paired_surrogates_in_a_str_are_refused_too(self) -> None:
        """Two surrogates side by side in a str are still not text (UTF-8 cannot hold them)."""
        with pytest.raises(RecordError, match="bad-text"):
            Reading(indicator="ideas", date=DAY, value=1, note="\ud83d\ude00")

    def test_astral_characters_are_fine(self) -> None:
        """Real characters outside the BMP are text like any other."""
        assert Reading(indicator="ideas", date=DAY, value=1, note="👍").note == "👍"


class TestReadFromJSONLines:
    def test_each_bad_line_is_reported_and_none_drops_another(self) -> None:
        """Two records without id whose notes cannot be encoded: both reported at their
        lines; the good records are read."""
        text = (
            '{"date":"2010-03-01","indicator":"i","value":1,"note":"\\ud800"}\n'
            '{"date":"2010-03-01","indicator":"i","value":1,"note":"\\udc00"}\n'
            '{"date":"2010-03-01","indicator":"i","value":2}\n'
        )
        reader = RecordReader(io.StringIO(text), format="jsonl", strict=False)
        assert [r.value for r in reader] == [2.0]  # type: ignore[union-attr]
        assert [(p.line, p.path, p.code) for p in reader.problems] == [
            (1, "$.note", "bad-text"),
            (2, "$.note", "bad-text"),
        ]


class TestDerivedIds:
    @given(st.text(SURROGATES_TOO, max_size=6), st.text(SURROGATES_TOO, max_size=6))
    def test_different_notes_different_ids(self, a: str, b: str) -> None:
        """Derived ids of records that differ only in their note differ (or the notes are
        equal), whatever the text."""
        with attrs.validators.disabled():  # such records cannot be made: hash them anyway
            ra = Reading(indicator="i", date=DAY, value=1, note=a, id="x")
            rb = Reading(indicator="i", date=DAY, value=1, note=b, id="x")
        assert (derive_id(ra) == derive_id(rb)) == (a == b)
