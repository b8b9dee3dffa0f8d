"""Issue 10: a bad line of a ledger never loses the lines after it; each is reported where it is."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from campaignkit import Problem, RecordError
from campaignkit.io import MAX_LINE, MAX_SPAN, RecordReader, read_ledger
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator
from support import QUARTER, ideas_in_one_village

HEADER = b"id,kind,date,indicator,value,note\n"


def row(n: int, note: bytes = b"") -> bytes:
    """A good reading row: id ``rN``, value N."""
    return b"r%d,reading,2010-03-01,ideas,%d,%s\n" % (n, n, note)


def read(path: Path, **options: str) -> tuple[list[str], list[Problem], int]:
    """The ids read, the problems and the row count of a lenient reader of *path*."""
    reader = RecordReader(path, strict=False, **options)  # type: ignore[arg-type]
    ids = [record.id for record in reader]
    return ids, reader.problems, reader.rows


def located(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in problems]


def ledger(tmp_path: Path, *lines: bytes, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(lines))
    return path


class TestCSVRecovers:
    def test_stray_quote_inside_a_field(self, tmp_path: Path) -> None:
        """``"ide"as`` is reported at its line; the rows after it are read."""
        path = ledger(tmp_path, HEADER, row(1), b'r2,reading,2010-03-01,"ide"as,5,\n', row(3))
        ids, problems, rows = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "bad-csv")]
        assert rows == 3

    def test_quote_that_never_closes(self, tmp_path: Path) -> None:
        """A quote opening a field that never closes swallows nothing after its line."""
        path = ledger(
            tmp_path, HEADER, row(1), b'r2,reading,2010-03-01,"ideas,5,\n', row(3), row(4)
        )
        ids, problems, rows = read(path)
        assert ids == ["r1", "r3", "r4"]
        assert located(problems) == [(3, "bad-csv")]
        assert "does not close" in problems[0].message
        assert rows == 4

    def test_stray_quote_closed_lines_later_by_a_bad_one(self, tmp_path: Path) -> None:
        """A stray quote that a later line's stray quote "closes" into a parse error is
        reported at the line it opened on; the lines between are read on their own."""
        path = ledger(
            tmp_path,
            HEADER,
            b'r1,reading,2010-03-01,"ideas,1,\n',  # opens a quoted field on line 2
            row(2),
            b'r3,reading,2010-03-01,ide"as,3,\n',  # '"a' inside it: not CSV
            row(4),
        )
        ids, problems, _ = read(path)
        # read again from line 3: r2; on line 4 a quote inside an unquoted field is text
        assert ids == ["r2", "r3", "r4"]
        assert located(problems) == [(2, "bad-csv")]

    def test_stray_quote_closed_lines_later_with_too_few_fields(self, tmp_path: Path) -> None:
        """Two stray quotes making one record of the wrong width: both lines are reported,
        the line between is read."""
        path = ledger(
            tmp_path,
            HEADER,
            b'r1,reading,2010-03-01,"ideas,1,\n',
            row(2),
            b'r3,reading,2010-03-01,ideas",3\n',  # closes it: one record of 5 fields, not 6
            row(4),
        )
        ids, problems, _ = read(path)
        assert ids == ["r2", "r4"]
        assert located(problems) == [(2, "bad-csv"), (4, "bad-csv")]

    def test_stray_quotes_making_a_note_of_whole_records(self, tmp_path: Path) -> None:
        """Two stray quotes at the ends of two lines would make one record whose note holds
        the records between: the note runs over a line that is a record of its own, so it
        is reported and those records are read."""
        path = ledger(
            tmp_path,
            HEADER,
            b'r1,reading,2010-03-01,ideas,1,"\n',  # opens the note of r1
            row(2),
            b'r3,reading,2010-03-01,ideas,3,"\n',  # and this would close it
            row(4),
        )
        ids, problems, _ = read(path)
        # line 2 reported; line 3 (r2) read; line 4 opens a note swallowing line 5 (r4),
        # a record of its own: reported too; line 5 read
        assert ids == ["r2", "r4"]
        assert located(problems) == [(2, "bad-csv"), (4, "bad-csv")]
        assert "line 3, a record of its own" in problems[0].message

    def test_line_break_outside_a_note_is_a_stray_quote(self, tmp_path: Path) -> None:
        """Only a note holds line breaks: an indicator over two lines is a stray quote."""
        path = ledger(tmp_path, HEADER, b'r1,reading,2010-03-01,"ide\n', b'as",1,\n', row(3))
        ids, problems, _ = read(path)
        assert ids == ["r3"]
        assert located(problems) == [(2, "bad-csv"), (3, "bad-csv")]
        assert "'indicator' field runs over lines" in problems[0].message

    def test_quoted_field_over_lines_is_one_record(self, tmp_path: Path) -> None:
        """A quoted note with a line break is one record on two lines; numbering goes on."""
        path = ledger(tmp_path, HEADER, row(1, b'"two\nlines"'), b"r2,reading,2010-03-0x,i,2,\n")
        reader = RecordReader(path, strict=False)
        records = list(reader)
        assert [r.note for r in records] == ["two\nlines"]
        assert located(reader.problems) == [(4, "invalid-date")]

    def test_quote_open_for_more_than_the_span(self, tmp_path: Path) -> None:
        """A quote still open after MAX_SPAN lines is reported; every line after it is read."""
        rows = [row(n) for n in range(2, MAX_SPAN + 10)]
        path = ledger(tmp_path, HEADER, b'r1,reading,2010-03-01,ideas,1,"open\n', *rows)
        ids, problems, _ = read(path)
        assert ids == [f"r{n}" for n in range(2, MAX_SPAN + 10)]
        assert located(problems) == [(2, "bad-csv")]

    def test_field_over_the_csv_limit(self, tmp_path: Path) -> None:
        """A field over the csv module's limit is reported; the next rows are read."""
        huge = b"x" * (csv.field_size_limit() + 1)
        path = ledger(tmp_path, HEADER, row(1), row(2, huge), row(3))
        ids, problems, _ = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "too-long")]

    def test_line_over_the_limit(self, tmp_path: Path) -> None:
        """A line over MAX_LINE bytes (of short fields) is reported and skipped."""
        path = ledger(tmp_path, HEADER, row(1), b"a," * (MAX_LINE // 2) + b"\n", row(3))
        ids, problems, _ = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "too-long")]
        assert f"{MAX_LINE + 1:,} bytes" in problems[0].message

    def test_line_breaks_lf_crlf_and_cr(self, tmp_path: Path) -> None:
        """Lines may end with LF, CRLF or a lone CR, as text files do."""
        lines = [HEADER, row(1), row(2), row(3)]
        for ending in (b"\r\n", b"\r"):
            path = ledger(tmp_path, *(line.replace(b"\n", ending) for line in lines))
            assert read(path) == (["r1", "r2", "r3"], [], 3)


INVISIBLE = ["\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\u3000", "\xa0", "\u200b"]
"""Characters a line can hold that show nothing, none of them a space or a tab."""


class TestBlankLines:
    def test_spaces_tabs_and_empty_fields_are_blank(self, tmp_path: Path) -> None:
        """A line of spaces and tabs, or a spreadsheet's cleared row of empty fields, is
        blank: skipped, not counted."""
        path = ledger(
            tmp_path, HEADER, row(1), b"\n", b" \t \r\n", b",,,,,\n", b" , ,\t,,,\n", row(5)
        )
        assert read(path) == (["r1", "r5"], [], 2)

    @pytest.mark.parametrize("char", INVISIBLE)
    def test_a_line_of_invisible_characters_is_reported(self, tmp_path: Path, char: str) -> None:
        """Regression: a line holding only a form feed, a vertical tab, NEL, a line
        separator, an ideographic or no-break space was skipped as blank without a word
        (it is no JSON whitespace either); it is reported, naming the character."""
        path = ledger(tmp_path, HEADER, row(1), char.encode() + b"\n", row(3))
        ids, problems, rows = read(path)
        assert (ids, rows) == (["r1", "r3"], 3)
        assert located(problems) == [(3, "bad-csv")]
        assert repr(char) in problems[0].message
        assert "invisible" in problems[0].message

    def test_a_row_of_invisible_cells_is_reported_as_such(self, tmp_path: Path) -> None:
        """Regression: a spreadsheet row of empty cells but one no-break space, as wide as
        the header, was reported as a record of no kind, the character not named."""
        path = ledger(tmp_path, HEADER, row(1), "\u00a0,,,,,\n".encode(), row(3))
        ids, problems, _ = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "bad-csv")]
        assert repr("\u00a0") in problems[0].message

    @pytest.mark.parametrize("char", INVISIBLE)
    def test_in_json_lines_too(self, tmp_path: Path, char: str) -> None:
        good = b'{"id":"r%d","date":"2010-03-01","indicator":"i","value":1}\n'
        path = ledger(
            tmp_path, good % 1, b"\n", b" \t\r\n", char.encode() + b"\n", good % 5, name="r.jsonl"
        )
        ids, problems, rows = read(path)
        assert (ids, rows) == (["r1", "r5"], 3)
        assert located(problems) == [(4, "bad-json")]
        assert repr(char) in problems[0].message

    def test_every_backend_reports_it(self, tmp_path: Path) -> None:
        """The columnar backends and the workers give the Python reader's problems."""
        path = ledger(tmp_path, HEADER, row(1), "\u3000".encode() + b"\n", row(3))
        campaign = ideas_in_one_village()
        for backend in ("python", "polars", "arrow"):
            reader = RecordReader(path, strict=False)
            acc = Accumulator(campaign, schedule(campaign), days=[QUARTER.end], unique_ids=True)
            reader.feed(acc, backend=backend)  # type: ignore[arg-type]
            assert located(reader.problems) == [(3, "bad-csv")], backend
            assert acc.result(QUARTER.end).counts.unreadable == 1, backend


class TestEncodings:
    @pytest.mark.parametrize(
        ("note", "hint"),
        [
            ("意见箱".encode("gbk"), "looks like GBK"),
            ("café".encode("latin-1"), "looks like Windows-1252"),
        ],
    )
    def test_line_not_utf8_is_located_with_a_hint(
        self, tmp_path: Path, note: bytes, hint: str
    ) -> None:
        """A line in another encoding is reported at its line and byte offset, with a
        hint; the lines around it are read."""
        path = ledger(tmp_path, HEADER, row(1), row(2, note), row(3))
        ids, problems, rows = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "bad-encoding")]
        first = next(i for i, byte in enumerate(note) if byte >= 0x80)  # the first not ASCII
        offset = len(HEADER) + len(row(1)) + len(row(2)) - 1 + first  # the note is before LF
        assert f"byte offset {offset:,}" in problems[0].message
        assert hint in problems[0].message
        assert rows == 3

    def test_random_bytes(self, tmp_path: Path) -> None:
        """Bytes that are no text at all lose only their own line."""
        path = ledger(tmp_path, HEADER, row(1), b"\xff\xfe\x00\x81\n", row(3))
        ids, problems, _ = read(path)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "bad-encoding")]

    @pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
    @pytest.mark.parametrize("ending", ["\n", "\r\n"])
    def test_utf16_file(self, tmp_path: Path, codec: str, ending: str) -> None:
        """A UTF-16 file, with a byte-order mark or without, is one problem at line 1 saying
        to save it as UTF-8; nothing is taken. Regression: its lines were split at the bytes
        of CR and LF, each followed by a NUL, so a file of 4 lines was reported as 7 or 9
        lines that could not be read, past its end."""
        text = (HEADER + row(1) + row(2) + row(3)).decode().replace("\n", ending)
        path = ledger(tmp_path, text.encode(codec))
        ids, problems, rows = read(path)
        assert (ids, rows) == ([], 0)
        assert located(problems) == [(1, "bad-encoding")]
        assert "UTF-16" in problems[0].message
        assert "nothing of it was read" in problems[0].message

    @pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
    def test_utf16_without_a_mark_starting_with_a_blank_line(
        self, tmp_path: Path, codec: str
    ) -> None:
        """Regression: UTF-16 big-endian without a mark whose first line is blank (its head
        the two bytes NUL CR) was read as UTF-8 and gave unknown columns of NULs."""
        path = ledger(tmp_path, ("\r\n" + (HEADER + row(1)).decode()).encode(codec))
        ids, problems, rows = read(path)
        assert (ids, rows) == ([], 0)
        assert located(problems) == [(1, "bad-encoding")]
        assert "UTF-16" in problems[0].message

    @pytest.mark.parametrize("name", ["r.csv", "r.jsonl"])
    def test_a_first_line_of_nuls_is_not_utf16(self, tmp_path: Path, name: str) -> None:
        """Regression: a UTF-8 ledger whose first line was NUL bytes alone was taken for
        UTF-16 and not read at all, its good lines counted as one unreadable line; the line
        is a bad line of its own, and the rest is read."""
        good = b'{"id":"r%d","date":"2010-03-01","indicator":"i","value":1}\n'
        rest = [HEADER, row(2), row(3)] if name == "r.csv" else [good % 2, good % 3]
        path = ledger(tmp_path, b"\0" * 16 + b"\n", *rest, name=name)
        ids, problems, rows = read(path)
        if name == "r.csv":  # the NULs were the header: the rows' fields are unknown
            assert [p.line for p in problems][:1] == [1]
        else:
            assert (ids, rows) == (["r2", "r3"], 3)
            assert located(problems) == [(1, "bad-json")]
        assert "UTF-16" not in problems[0].message

    def test_utf16_file_is_not_taken_by_the_engines(self, tmp_path: Path) -> None:
        """The columnar backends leave a UTF-16 file to the Python reader, which reports it."""
        path = ledger(tmp_path, (HEADER + row(1)).decode().encode("utf-16"))
        for backend in ("polars", "arrow"):
            reader = RecordReader(path, strict=False)
            campaign = ideas_in_one_village()
            acc = Accumulator(campaign, schedule(campaign), days=[QUARTER.end])
            reader.feed(acc, backend=backend)
            assert located(reader.problems) == [(1, "bad-encoding")], backend

    def test_utf8_with_a_mark_named(self, tmp_path: Path) -> None:
        """encoding='utf-8-sig' reads UTF-8, its byte-order mark dropped (it was refused
        as an encoding that is not ASCII-like, for the mark it writes first)."""
        path = ledger(tmp_path, b"\xef\xbb\xbf" + HEADER, row(1))
        assert read(path, encoding="utf-8-sig") == (["r1"], [], 1)

    def test_gbk_ledger_read_on_purpose(self, tmp_path: Path) -> None:
        """encoding='gbk' reads a ledger saved on Chinese Windows."""
        text = "id,date,indicator,value,note\nr1,2010-03-01,ideas,5,金点子\n"
        path = ledger(tmp_path, text.encode("gbk"))
        (record,) = read_ledger(path, encoding="gbk")
        assert record.note == "金点子"  # type: ignore[union-attr]
        ids, problems, _ = read(path, encoding="gb18030")
        assert (ids, problems) == (["r1"], [])

    def test_utf8_line_read_as_gbk_is_hinted_back(self, tmp_path: Path) -> None:
        """A UTF-8 line in a ledger read as GBK is reported with the hint to read UTF-8."""
        path = ledger(tmp_path, HEADER, row(1), row(2, "5€".encode()), row(3))
        ids, problems, _ = read(path, encoding="gbk")
        assert ids == ["r1", "r3"]
        assert located(problems) == [(3, "bad-encoding")]
        assert "not GBK text" in problems[0].message
        assert "looks like UTF-8; read with encoding='utf-8'" in problems[0].message

    def test_byte_order_mark_is_dropped(self, tmp_path: Path) -> None:
        """A UTF-8 byte-order mark in front is not part of the first column's name."""
        path = ledger(tmp_path, b"\xef\xbb\xbf" + HEADER, row(1))
        assert read(path) == (["r1"], [], 1)

    @pytest.mark.parametrize("encoding", ["utf-16", "no-such-codec"])
    def test_encoding_that_cannot_be_read_line_by_line(self, encoding: str) -> None:
        """An encoding that is unknown or not ASCII-like is refused at once."""
        with pytest.raises(RecordError, match="unknown-encoding"):
            RecordReader(io.BytesIO(b""), format="csv", encoding=encoding)

    @pytest.mark.parametrize(
        "encoding",
        ["utf-7", "raw-unicode-escape", "hz", "iso2022_jp", "iso2022_kr", "idna"],
    )
    def test_encoding_whose_text_leaves_the_lines(self, encoding: str) -> None:
        """Regression: UTF-7 spells a line break ``+AAo-`` and the escape codecs ``\\n``,
        HZ joins a line to the next after ``~``, ISO-2022 shifts for the lines after: a
        record was cut in two (its note lost after the break) and problems named lines past
        the file's end. Such an encoding is refused at once, saying why."""
        with pytest.raises(RecordError, match="unknown-encoding") as caught:
            RecordReader(io.BytesIO(b""), format="csv", encoding=encoding)
        assert "does not keep to the file's lines" in str(caught.value)

    def test_bytes_stream(self) -> None:
        """A stream of bytes is decoded line by line as a file is."""
        stream = io.BytesIO(HEADER + row(1) + row(2, b"\xe9") + row(3))
        reader = RecordReader(stream, format="csv", strict=False)
        assert [r.id for r in reader] == ["r1", "r3"]
        assert located(reader.problems) == [(3, "bad-encoding")]

    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    def test_text_stream_with_escaped_bytes(self, fmt: str) -> None:
        """A text stream decoded with surrogateescape (as sys.stdin may be) loses only the
        lines with escaped bytes, each reported at its line."""
        if fmt == "csv":
            raw = HEADER + row(1) + row(2, b"caf\xe9") + row(3)
        else:
            good = b'{"id":"r%d","date":"2010-03-01","indicator":"ideas","value":1}\n'
            raw = good % 1 + b'{"id":"r2\xe9","date":"2010-03-01"}\n' + good % 3
        text = raw.decode("utf-8", "surrogateescape")
        reader = RecordReader(io.StringIO(text), format=fmt, strict=False)  # type: ignore[arg-type]
        assert [r.id for r in reader] == ["r1", "r3"]
        assert located(reader.problems) == [(2 if fmt == "jsonl" else 3, "bad-text")]
        assert "U+DCE9" in reader.problems[0].message


class TestHeader:
    def test_empty_file(self, tmp_path: Path) -> None:
        """A 0-byte CSV reports its missing header."""
        path = ledger(tmp_path, b"")
        ids, problems, rows = read(path)
        assert (ids, located(problems), rows) == ([], [(1, "missing-field")], 0)
        with pytest.raises(RecordError, match=r"line 1: the file is empty.*\[missing-field\]"):
            list(RecordReader(path))

    def test_blank_header_line(self, tmp_path: Path) -> None:
        """A blank first line is a missing header; every row after it is reported."""
        path = ledger(tmp_path, b"\n", row(1))
        ids, problems, _ = read(path)
        assert ids == []
        assert located(problems) == [(1, "missing-field"), (2, "bad-csv")]

    def test_header_that_is_not_csv(self, tmp_path: Path) -> None:
        """A header line with a stray quote is reported; the next line is not taken for
        the header, and every row is reported for want of one."""
        path = ledger(tmp_path, b'id,"kind"x,date\n', row(1), row(2))
        ids, problems, rows = read(path)
        assert ids == []
        assert located(problems) == [(1, "bad-csv"), (2, "bad-csv"), (3, "bad-csv")]
        assert rows == 3

    def test_header_not_text(self, tmp_path: Path) -> None:
        """A header line that is not text is reported, and the rows after it too."""
        path = ledger(tmp_path, "日期,指标\n".encode("gbk"), row(1))
        ids, problems, _ = read(path)
        assert ids == []
        assert located(problems) == [(1, "bad-encoding"), (2, "bad-csv")]


class TestJSONLines:
    def lines(self, tmp_path: Path, *bad: bytes) -> tuple[list[str], list[Problem]]:
        good = b'{"id":"r%d","date":"2010-03-01","indicator":"i","value":1}\n'
        path = ledger(tmp_path, good % 1, *bad, good % 3, name="r.jsonl")
        ids, problems, rows = read(path)
        assert rows == 2 + len(bad)
        return ids, problems

    def test_duplicate_key(self, tmp_path: Path) -> None:
        """A key given twice is refused, as in campaign files."""
        line = b'{"id":"a","date":"2010-03-01","indicator":"i","value":1,"value":2}\n'
        ids, problems = self.lines(tmp_path, line)
        assert ids == ["r1", "r3"]
        assert [(p.line, p.path, p.code) for p in problems] == [(2, "$.value", "duplicate-key")]

    @pytest.mark.parametrize("digits", [400, 5000])
    def test_huge_integer(self, tmp_path: Path, digits: int) -> None:
        """An integer of hundreds or thousands of digits is a located problem, no crash."""
        line = b'{"date":"2010-03-01","indicator":"i","value":%s}\n' % (b"9" * digits)
        ids, problems = self.lines(tmp_path, line)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(2, "invalid-value")]
        assert f"{digits:,} digits" in problems[0].message

    def test_nested_100000_deep(self, tmp_path: Path) -> None:
        """Nesting far deeper than Python recurses is a located problem, no crash."""
        ids, problems = self.lines(tmp_path, b"[" * 100_000 + b"]" * 100_000 + b"\n")
        assert ids == ["r1", "r3"]
        assert located(problems) == [(2, "bad-json")]

    def test_field_over_the_limit(self, tmp_path: Path) -> None:
        """A field over MAX_FIELD characters is a located problem."""
        note = b"x" * (csv.field_size_limit() + 1)
        line = b'{"date":"2010-03-01","indicator":"i","value":1,"note":"%s"}\n' % note
        ids, problems = self.lines(tmp_path, line)
        assert ids == ["r1", "r3"]
        assert [(p.line, p.path, p.code) for p in problems] == [(2, "$.note", "too-long")]

    def test_line_not_utf8(self, tmp_path: Path) -> None:
        """A line in GBK loses only itself."""
        line = '{"date":"2010-03-01","indicator":"i","value":1,"note":"意见"}\n'.encode("gbk")
        ids, problems = self.lines(tmp_path, line)
        assert ids == ["r1", "r3"]
        assert located(problems) == [(2, "bad-encoding")]


class TestNotAFile:
    @pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
    def test_refused_before_reading(self, tmp_path: Path, kind: str) -> None:
        """A directory, a FIFO or a device is refused at once, without blocking."""
        if kind == "directory":
            path = tmp_path / "d.csv"
            path.mkdir()
        elif kind == "fifo":
            path = tmp_path / "f.csv"
            os.mkfifo(path)
        else:
            path = Path("/dev/zero")
        reader = RecordReader(path, format="csv", strict=False)
        with pytest.raises(RecordError) as info:
            list(reader)
        assert [(p.code, p.source) for p in info.value.problems] == [("not-a-file", str(path))]
