"""CSV for spreadsheets: a byte-order mark on request, skipped by every reader."""

from __future__ import annotations

import codecs
import datetime as dt
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.io import (
    BOM,
    RecordReader,
    progress_to_csv,
    read_ledger,
    write_progress_csv,
    write_records,
    write_schedule_csv,
)
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Ledger, Reading, progress

START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 27)
CAMPAIGN = Campaign(
    id="c",
    name="活动",
    window=Window(start=START, end=END),
    series=(
        ActivitySeries(
            id="s", name="系列", indicators=(Indicator(id="i", name="投资", unit="元", target=100),)
        ),
    ),
)
PLAN = schedule(CAMPAIGN)
READINGS = [
    Reading(id=f"r{n}", indicator="i", date=START + dt.timedelta(days=n), value=n, note="说明")
    for n in range(1, 6)
]


class TestWriters:
    def test_records(self, tmp_path: Path) -> None:
        """bom=True puts EF BB BF first in a CSV file, and nothing else changes."""
        plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
        write_records(READINGS, plain)
        write_records(READINGS, marked, bom=True)
        assert marked.read_bytes() == codecs.BOM_UTF8 + plain.read_bytes()

    def test_json_lines_never(self, tmp_path: Path) -> None:
        """JSON Lines get no byte-order mark, even when asked: JSON forbids one."""
        path = tmp_path / "r.jsonl"
        write_records(READINGS, path, bom=True)
        assert path.read_bytes().startswith(b'{"')

    def test_schedule(self) -> None:
        """The schedule's CSV too."""
        plain, marked = io.StringIO(), io.StringIO()
        write_schedule_csv(PLAN, plain)
        write_schedule_csv(PLAN, marked, bom=True)
        assert marked.getvalue() == BOM + plain.getvalue()

    def test_progress(self, tmp_path: Path) -> None:
        """The progress CSV too, as text and as a file."""
        result = progress(CAMPAIGN, PLAN, Ledger(READINGS), END)
        text = progress_to_csv(result, bom=True)
        assert text == BOM + progress_to_csv(result)
        path = tmp_path / "p.csv"
        write_progress_csv(result, path, bom=True)
        assert path.read_bytes() == text.encode("utf-8")


class TestReaders:
    def test_ledger_reads_back(self, tmp_path: Path) -> None:
        """A ledger written with a byte-order mark reads back record for record."""
        path = tmp_path / "r.csv"
        write_records(READINGS, path, bom=True)
        assert list(read_ledger(path)) == READINGS

    @pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "gbk"])
    @pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
    def test_a_mark_in_any_encoding(self, tmp_path: Path, encoding: str, suffix: str) -> None:
        """Regression: GB18030 writes a byte-order mark too (bytes 84 31 95 33), which was
        read as the first character of the first line: a JSON Lines file's first record was
        reported bad-json. The mark is dropped in whatever encoding it was written."""
        path = tmp_path / f"r{suffix}"
        write_records(READINGS, path)
        text = path.read_text(encoding="utf-8")
        try:
            path.write_bytes(("\ufeff" + text).encode(encoding))
        except UnicodeEncodeError:  # GBK has no byte-order mark
            path.write_bytes(text.encode(encoding))
        reader = RecordReader(path, encoding=encoding, strict=False)
        assert list(reader) == READINGS
        assert reader.problems == []

    @pytest.mark.parametrize(
        ("encoding", "mark"), [("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"\x841\x953")]
    )
    def test_a_file_of_the_mark_alone_is_empty(
        self, tmp_path: Path, encoding: str, mark: bytes
    ) -> None:
        """Regression: a GB18030 file holding its byte-order mark and nothing else was
        reported as a blank header line, a UTF-8 one as an empty file: both are empty."""
        path = tmp_path / "r.csv"
        path.write_bytes(mark)
        reader = RecordReader(path, encoding=encoding, strict=False)
        assert list(reader) == []
        assert [(p.line, p.code, p.message.split(":")[0]) for p in reader.problems] == [
            (1, "missing-field", "the file is empty")
        ]

    @pytest.mark.parametrize("backend", ["python", "arrow"])
    def test_both_backends_skip_it(self, tmp_path: Path, backend: str) -> None:
        """Folding a marked file gives the progress of the unmarked one, with either backend:
        1 + 2 + 3 + 4 + 5 = 15 of 100 yuan, no problem."""
        plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
        readings = [attrs.evolve(r, note=None) for r in READINGS]  # plain: arrow takes them
        write_records(readings, plain)
        write_records(readings, marked, bom=True)
        results = []
        for path in (plain, marked):
            acc = Accumulator(CAMPAIGN, PLAN, days=(END,), unique_ids=True)
            reader = RecordReader(path, strict=False)
            reader.feed(acc, backend=backend)  # type: ignore[arg-type]
            assert reader.problems == []
            results.append(acc.result(END))
        assert results[0] == results[1]
        assert results[1].indicator("i").actual == 15

    @given(st.lists(st.text(alphabet="甲乙丙abc=+-'", max_size=8), max_size=5))
    def test_notes_survive(self, notes: list[str]) -> None:
        """Whatever the notes, marked CSV reads back as what was written."""
        records = [
            Reading(id=f"r{n}", indicator="i", date=START, value=n, note=note or None)
            for n, note in enumerate(notes)
        ]
        out = io.StringIO()
        write_records(records, out, format="csv", bom=True)
        data = io.BytesIO(out.getvalue().encode("utf-8"))
        assert list(RecordReader(data, format="csv")) == records
