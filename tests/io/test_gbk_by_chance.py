"""A GBK ledger read as UTF-8: no line of it is read as other characters.

Regression: many pairs of GBK bytes are UTF-8 characters too (学习 is ``d1 a7 cf b0``, which
UTF-8 reads as ``ѧϰ``). A GBK file read as UTF-8 had its lines that are not UTF-8 reported
(``bad-encoding``, "looks like GBK"), and its lines that happen to be UTF-8 read as records
with notes in Cyrillic and Greek letters, without a word. Where the lines around them show
the file to be GBK, every line that is not ASCII is reported; ASCII lines, the same in both
encodings, are read. A UTF-8 file with a bad line in it is read as before.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from campaignkit.io import RecordReader
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator

CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31)),
    series=(
        ActivitySeries(id="s", name="S", indicators=(Indicator(id="ideas", name="I", target=100),)),
    ),
)
HEADER = "id,date,indicator,value,note\r\n"


def ledger(path: Path, *rows: tuple[str, str, str]) -> Path:
    """A ledger of readings of ``ideas`` on 2010-03-01: (id, note, encoding) each."""
    data = HEADER.encode("ascii")
    for id, note, encoding in rows:
        data += f"{id},2010-03-01,ideas,1,{note}\r\n".encode(encoding)
    path.write_bytes(data)
    return path


def read(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[tuple[int | None, str]]]:
    reader = RecordReader(path, encoding=encoding, strict=False)
    ids = [r.id for r in reader]
    return ids, [(p.line, p.code) for p in reader.problems]


def test_by_chance_utf8_lines_of_a_gbk_file_are_reported(tmp_path: Path) -> None:
    path = ledger(
        tmp_path / "gbk.csv",
        ("r1", "学习", "gbk"),  # d1a7 cfb0: UTF-8 by chance
        ("r2", "村民意见", "gbk"),  # not UTF-8
        ("r3", "ok", "gbk"),  # ASCII: the same in both
        ("r4", "农业", "gbk"),  # c5a9 d2b5: UTF-8 by chance
    )
    assert "学习".encode("gbk").decode("utf-8") == "ѧϰ"  # the premise
    ids, problems = read(path)
    assert ids == ["r3"]
    assert problems == [(2, "bad-encoding"), (3, "bad-encoding"), (5, "bad-encoding")]
    reader = RecordReader(path, strict=False)
    list(reader)
    by_chance = reader.problems[0].message
    assert "UTF-8 only by chance" in by_chance
    assert "'r1,2010-03-01,ideas,1,学习' in GBK" in by_chance
    assert "encoding='gbk'" in by_chance
    # read as what it is, every line is a record
    assert read(path, "gbk") == (["r1", "r2", "r3", "r4"], [])


@pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
def test_every_backend_reports_the_same(tmp_path: Path, backend: str) -> None:
    path = ledger(
        tmp_path / "gbk.csv", ("r1", "学习", "gbk"), ("r2", "村民意见", "gbk"), ("r3", "ok", "gbk")
    )
    reader = RecordReader(path, strict=False)
    acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[CAMPAIGN.window.end], unique_ids=True)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    assert [(p.line, p.code) for p in reader.problems] == [(2, "bad-encoding"), (3, "bad-encoding")]
    result = acc.result(CAMPAIGN.window.end)
    assert (result.counts.used, result.counts.unreadable) == (1, 2)
    assert result.indicator("ideas").actual == 1.0


def test_a_utf8_file_with_a_gbk_line_reads_its_utf8_lines(tmp_path: Path) -> None:
    """Lines of UTF-8 Chinese show the file to be UTF-8: only the GBK line is reported."""
    path = ledger(
        tmp_path / "mixed.csv",
        ("r1", "学习", "utf-8"),
        ("r2", "村民意见", "gbk"),
        ("r3", "农业", "utf-8"),
    )
    assert read(path) == (["r1", "r3"], [(3, "bad-encoding")])


def test_a_utf8_file_with_a_windows_1252_line(tmp_path: Path) -> None:
    """A byte of Latin-1 between letters is a GBK pair with the letter after it (Süd is
    ``53 fc 64``, ``S黡`` in GBK): a single such byte does not make the file GBK, so the
    file's UTF-8 umlauts are read and only the Windows-1252 line is reported."""
    path = ledger(
        tmp_path / "de.csv",
        ("r1", "Impfstelle Süd", "utf-8"),
        ("r2", "Impfstelle Süd", "cp1252"),
        ("r3", "Müller", "utf-8"),
    )
    assert read(path) == (["r1", "r3"], [(3, "bad-encoding")])


def test_utf8_latin_lines_beside_a_gbk_looking_line(tmp_path: Path) -> None:
    """Regression: one Windows-1252 line whose bytes read as GBK Chinese (Þóðólfur is
    ``de f3 f0 f3``) made the file look GBK, and the UTF-8 lines of Müller and São Paulo
    were reported as UTF-8 only by chance: a UTF-8 line whose text has Latin letters is
    read, and only the line that is not UTF-8 is reported."""
    path = ledger(
        tmp_path / "latin.csv",
        ("r1", "Müller", "utf-8"),
        ("r2", "São Paulo", "utf-8"),
        ("r3", "Þóðólfur", "cp1252"),
    )
    assert read(path) == (["r1", "r2"], [(4, "bad-encoding")])


def long_ledger(path: Path, early: tuple[str, str], late: tuple[str, str]) -> Path:
    """A ledger of more than one chunk of 256 KiB (about 310 KB): line 2 holds the note of
    *early*, line 9,003 (in the second chunk) that of *late*, each (note, encoding); the
    10,000 lines around them are ASCII readings of 1."""
    filler = [f"f{n:05d},2010-03-01,ideas,1,ok\r\n".encode("ascii") for n in range(10_000)]
    note, encoding = early
    first = f"r1,2010-03-01,ideas,1,{note}\r\n".encode(encoding)
    note, encoding = late
    second = f"r2,2010-03-01,ideas,1,{note}\r\n".encode(encoding)
    data = HEADER.encode("ascii") + first + b"".join(filler[:5000])
    data += b"".join(filler[5000:9000]) + second + b"".join(filler[9000:])
    path.write_bytes(data)
    assert data.index(second) > 256 << 10  # in a later chunk than the first
    return path


class TestTheFindingHoldsForTheChunksAfter:
    def test_issue_a_gbk_line_that_is_utf8_in_a_later_chunk(self, tmp_path: Path) -> None:
        """Regression: the first chunk holds a GBK line that is not UTF-8 (村民意见), so the
        file is GBK; a later chunk, UTF-8 as a whole, holds a GBK line that is UTF-8 by
        chance (学习, ``d1a7 cfb0``: ``ѧϰ``). It was read as a record with the note
        ``ѧϰ``; it is reported with the first. Of 10,002 readings, the 10,000 of ASCII
        lines are read."""
        path = long_ledger(tmp_path / "gbk.csv", ("村民意见", "gbk"), ("学习", "gbk"))
        reader = RecordReader(path, strict=False)
        ids = [r.id for r in reader]
        assert len(ids) == 10_000
        assert "r2" not in ids
        assert [(p.line, p.code) for p in reader.problems] == [
            (2, "bad-encoding"),
            (9003, "bad-encoding"),
        ]
        assert "UTF-8 only by chance" in reader.problems[1].message
        assert "'r2,2010-03-01,ideas,1,学习' in GBK" in reader.problems[1].message

    @pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
    def test_every_backend(self, tmp_path: Path, backend: str) -> None:
        """Every backend leaves such a file to the Python reader: 10,000 readings of 1
        used, 2 lines unreadable."""
        path = long_ledger(tmp_path / "gbk.csv", ("村民意见", "gbk"), ("学习", "gbk"))
        acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[CAMPAIGN.window.end], unique_ids=True)
        RecordReader(path, strict=False).feed(acc, backend=backend)  # type: ignore[arg-type]
        result = acc.result(CAMPAIGN.window.end)
        assert (result.counts.used, result.counts.unreadable) == (10_000, 2)
        assert result.indicator("ideas").actual == 10_000.0

    @pytest.mark.parametrize(
        ("late", "read"),
        [
            (("农业发展", "utf-8"), True),  # UTF-8 Chinese: the chunk is UTF-8
            (("Müller", "utf-8"), True),  # Latin letters: not GBK by chance
            (("ok", "gbk"), True),  # ASCII: the same in both
            (("农业", "gbk"), False),  # c5a9 d2b5: UTF-8 by chance
        ],
    )
    def test_what_a_later_chunk_reads(
        self, tmp_path: Path, late: tuple[str, str], read: bool
    ) -> None:
        """After a GBK chunk, a later chunk's line is reported only when it is GBK Chinese
        by its own bytes (a run of four bytes or more) and not Latin letters in UTF-8, and
        the chunk holds no UTF-8 Chinese."""
        path = long_ledger(tmp_path / "gbk.csv", ("村民意见", "gbk"), late)
        reader = RecordReader(path, strict=False)
        assert ("r2" in [r.id for r in reader]) is read
        assert [p.line for p in reader.problems] == [2] if read else [2, 9003]

    def test_a_utf8_file_without_gbk_reads_every_chunk(self, tmp_path: Path) -> None:
        """Without a GBK chunk before it, a chunk that is UTF-8 as a whole is read as it
        is, however its lines read in GBK."""
        path = long_ledger(tmp_path / "utf8.csv", ("ok", "utf-8"), ("ѧϰ", "utf-8"))
        ids, problems = read(path)
        assert (len(ids), problems) == (10_002, [])


class TestTheFindingHoldsForTheChunksBefore:
    def test_a_gbk_line_that_is_utf8_before_the_first_that_is_not(self, tmp_path: Path) -> None:
        """Regression: the first chunk's only Chinese is a GBK line that is UTF-8 by chance
        (学习: ``ѧϰ``); a later chunk holds one that is not UTF-8 (村民意见). The file was
        found GBK only at the later chunk, and line 2 was read with the note ``ѧϰ``. A file
        is looked at beforehand: both lines are reported."""
        path = long_ledger(tmp_path / "gbk.csv", ("学习", "gbk"), ("村民意见", "gbk"))
        reader = RecordReader(path, strict=False)
        ids = [r.id for r in reader]
        assert len(ids) == 10_000
        assert [(p.line, p.code) for p in reader.problems] == [
            (2, "bad-encoding"),
            (9003, "bad-encoding"),
        ]
        assert "UTF-8 only by chance" in reader.problems[0].message

    @pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
    def test_every_backend(self, tmp_path: Path, backend: str) -> None:
        path = long_ledger(tmp_path / "gbk.csv", ("学习", "gbk"), ("村民意见", "gbk"))
        acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[CAMPAIGN.window.end], unique_ids=True)
        RecordReader(path, strict=False).feed(acc, backend=backend)  # type: ignore[arg-type]
        result = acc.result(CAMPAIGN.window.end)
        assert (result.counts.used, result.counts.unreadable) == (10_000, 2)

    def test_a_stream_of_bytes_too(self, tmp_path: Path) -> None:
        """A stream that can seek back is looked at beforehand as a file is, from where it
        stands, and is left there."""
        data = long_ledger(tmp_path / "gbk.csv", ("学习", "gbk"), ("村民意见", "gbk")).read_bytes()
        stream = io.BytesIO(b"junk" + data)
        stream.seek(4)
        reader = RecordReader(stream, format="csv", strict=False)
        assert len(list(reader)) == 10_000
        assert [p.line for p in reader.problems] == [2, 9003]

    def test_a_utf8_file_with_a_bad_line_that_is_not_gbk(self, tmp_path: Path) -> None:
        """A UTF-8 file whose one bad line is not GBK (Windows-1252 letters) is not GBK:
        its first chunk's 学习 in UTF-8 stays a note."""
        path = long_ledger(tmp_path / "mixed.csv", ("学习", "utf-8"), ("Þóðólfur", "cp1252"))
        reader = RecordReader(path, strict=False)
        notes = [r.note for r in reader if r.id == "r1"]
        assert notes == ["学习"]
        assert [p.line for p in reader.problems] == [9003]
