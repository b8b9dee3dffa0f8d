"""A field is trimmed of ASCII spaces and tabs only: ``12\\x1c`` is refused, not read as 12.

Regression: fields were trimmed with ``str.strip``, which takes off far more than spaces and
tabs: the separators ``\\x1c`` .. ``\\x1f``, NEL ``\\x85``, vertical tab and form feed, no-break
and ideographic spaces, ``\\u2028`` and ``\\u2029``. A value ``12\\x1c`` (an invisible character
a copy from another program leaves) was read as 12 without a word, an id ``r5\\x85`` as
``r5``. Such a field is now refused as any other bad value, located by line and column, by
every reading path (the Python reader; the arrow and polars backends leave the file to it:
``tests/io/test_records_arrow.py``, ``tests/io/test_records_polars.py``).
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.io import RecordReader, record_from_fields
from campaignkit.io._fields import SPACES

# every character str.strip takes off, but the spaces and tabs a field is trimmed of
WHITE = sorted(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c not in SPACES)
GOOD = {"id": "r1", "date": "2010-03-01", "indicator": "ideas", "unit": "v1", "value": "12"}


def refused(fields: dict[str, str]) -> tuple[str, str, str]:
    with pytest.raises(RecordError) as info:
        record_from_fields(fields)
    (problem,) = info.value.problems
    return problem.path, problem.code, problem.message


class TestWhatIsTrimmed:
    def test_the_characters(self) -> None:
        """str.strip takes off 27 characters besides space and tab (line ends, separators,
        NEL, Unicode spaces); none of them is trimmed."""
        assert SPACES == " \t"
        assert set("\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000") <= set(WHITE)
        assert len(WHITE) == 27

    @pytest.mark.parametrize("pad", [" ", "\t", " \t "])
    def test_spaces_and_tabs_are_trimmed(self, pad: str) -> None:
        """Spaces and tabs around every field are still trimmed: 12 is read."""
        fields = {name: f"{pad}{text}{pad}" for name, text in GOOD.items()}
        record = record_from_fields({**fields, "mode": f"{pad}increment", "assumed": "true "})
        assert (record.id, record.unit, record.value, record.assumed) == ("r1", "v1", 12.0, True)


class TestRefused:
    @pytest.mark.parametrize("char", ["\x1c", "\x1f", "\x85", "\u2028", "\xa0", "\u3000"])
    def test_issue_value_with_a_separator_is_not_twelve(self, char: str) -> None:
        """``12`` followed (or preceded) by one of them is not a number."""
        for text in (f"12{char}", f"{char}12"):
            path, code, message = refused({**GOOD, "value": text})
            assert (path, code) == ("$.value", "invalid-value")
            assert f"{text!r} is not a number" in message

    def test_a_control_character_is_named(self) -> None:
        """A control character (as ids refuse them: ``CONTROLS``) is named in the message."""
        _, _, message = refused({**GOOD, "value": "12\x1c"})
        assert message == (
            "'12\\x1c' is not a number (it holds the control character U+001C at character 3)"
        )
        _, _, message = refused({**GOOD, "date": "2010-03-01\x85"})
        assert "control character U+0085 at character 11" in message

    @pytest.mark.parametrize(
        ("field", "code"),
        [
            ("id", "invalid-value"),
            ("indicator", "invalid-value"),
            ("unit", "invalid-value"),
            ("date", "invalid-date"),
            ("mode", "invalid-value"),
            ("assumed", "invalid-value"),
            ("kind", "unknown-kind"),
        ],
    )
    @pytest.mark.parametrize("char", ["\x1c", "\x85", "\u2028"])
    def test_every_field(self, field: str, code: str, char: str) -> None:
        """Ids, names, dates, modes, flags and kinds are refused at their field too."""
        text = {"mode": "increment", "assumed": "true", "kind": "reading"}.get(
            field, GOOD.get(field)
        )
        assert refused({**GOOD, field: f"{text}{char}"})[:2] == (f"$.{field}", code)

    def test_a_control_character_in_an_id_is_named(self) -> None:
        """``r5\\x1c`` is refused for its control character, which it holds (it has no
        surrounding space)."""
        assert "control character U+001C" in refused({**GOOD, "id": "r5\x1c"})[2]

    def test_parties(self) -> None:
        """A party id of a held record, too."""
        fields = {"date": "2010-03-01", "subject": "s", "present": "ana;bo\x85"}
        assert refused(fields)[:2] == ("$.present", "invalid-value")

    def test_located_in_csv_and_json_lines(self) -> None:
        """The readers place the problem: line 3, column 4 ($.value) of a CSV file, line 2
        of a JSON Lines file; only the good row is read."""
        text = "id,date,indicator,value\nr1,2010-03-01,ideas,5\nr2,2010-03-01,ideas,12\x1c\n"
        reader = RecordReader(io.StringIO(text), format="csv", strict=False, name="r.csv")
        assert [r.id for r in reader] == ["r1"]
        assert [(p.line, p.column, p.path, p.code) for p in reader.problems] == [
            (3, 4, "$.value", "invalid-value")
        ]
        lines = [json.dumps({**GOOD, "id": f"r{v}", "value": v}) for v in ("5", "12\x85")]
        reader = RecordReader(io.StringIO("\n".join(lines)), format="jsonl", strict=False)
        assert [r.id for r in reader] == ["r5"]
        assert [(p.line, p.path, p.code) for p in reader.problems] == [
            (2, "$.value", "invalid-value")
        ]

    def test_a_note_of_such_characters_is_kept(self) -> None:
        """A note is free text: one of invisible characters is kept as it is (it was
        dropped as empty); one of spaces and tabs is still no note."""
        fields = {**GOOD, "kind": "reading"}
        assert record_from_fields({**fields, "note": "\u3000"}).note == "\u3000"
        assert record_from_fields({**fields, "note": " \t"}).note is None


class TestProperties:
    @given(
        st.integers(-(10**6), 10**6),
        st.text(SPACES, max_size=3),
        st.text(SPACES, max_size=3),
    )
    def test_spaces_and_tabs_around_a_value_change_nothing(
        self, n: int, before: str, after: str
    ) -> None:
        """A value padded with spaces and tabs reads as the value."""
        assert record_from_fields({**GOOD, "value": f"{before}{n}{after}"}).value == n

    @given(
        st.integers(-(10**6), 10**6),
        st.sampled_from(WHITE),
        st.booleans(),
        st.text(SPACES, max_size=2),
    )
    def test_any_other_white_character_is_refused(
        self, n: int, char: str, first: bool, pad: str
    ) -> None:
        """A value with any other character str.strip would take off, at either end (spaces
        and tabs around it or not), is refused at $.value."""
        text = f"{pad}{char}{n}" if first else f"{n}{char}{pad}"
        assert refused({**GOOD, "value": text})[:2] == ("$.value", "invalid-value")
