"""A part of a ledger file read on its own: problems at the whole file's lines and offsets."""

from __future__ import annotations

import io

import pytest

from campaignkit import RecordError
from campaignkit.io import RecordReader

HEADER = "id,kind,date,indicator,value"
ROWS = b"a,reading,2010-03-01,ideas,1\nb,reading,2010-03-0x,ideas,2\n"


class TestParts:
    def test_lines_are_numbered_from_first_line(self) -> None:
        """Given the header and first line 41, the second row of the part is line 42."""
        reader = RecordReader(
            io.BytesIO(ROWS), format="csv", strict=False, header=HEADER, first_line=41
        )
        assert [r.id for r in reader] == ["a"]
        ((problem),) = reader.problems
        assert (problem.line, problem.column) == (42, 3)

    def test_the_same_as_the_whole_file(self) -> None:
        """The part after the header reports what the whole file reports."""
        whole = RecordReader(io.BytesIO(f"{HEADER}\n".encode() + ROWS), format="csv", strict=False)
        part = RecordReader(
            io.BytesIO(ROWS), format="csv", strict=False, header=HEADER, first_line=2
        )
        assert list(whole) == list(part)
        assert whole.problems == part.problems

    def test_byte_offsets_count_from_first_byte(self) -> None:
        """A line that is not UTF-8 is placed at first_byte + its offset in the part: 100 + 2."""
        reader = RecordReader(
            io.BytesIO(b"x,\xff\n"), format="jsonl", strict=False, first_line=9, first_byte=100
        )
        assert list(reader) == []
        (problem,) = reader.problems
        assert problem.line == 9
        assert "byte offset 102" in problem.message

    def test_header_problems_are_at_line_1(self) -> None:
        """An unknown column of the given header is reported at line 1, its column."""
        reader = RecordReader(
            io.BytesIO(b""), format="csv", strict=False, header="date,colour", first_line=7
        )
        assert list(reader) == []
        assert [(p.code, p.line, p.column) for p in reader.problems] == [("unknown-field", 1, 2)]

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"first_line": 0}, "$.first_line"),
            ({"first_byte": -1}, "$.first_byte"),
            ({"first_line": "2"}, "$.first_line"),
            ({"header": "id,date", "format": "jsonl"}, "$.header"),
        ],
    )
    def test_bad_places_are_refused(self, kwargs: dict[str, object], path: str) -> None:
        """A line before 1, a negative offset, a header for JSON Lines: located errors."""
        with pytest.raises(RecordError) as caught:
            RecordReader(io.BytesIO(b""), **{"format": "csv", **kwargs})
        assert caught.value.problems[0].path == path
