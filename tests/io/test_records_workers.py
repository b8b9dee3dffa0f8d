"""``RecordReader.feed(..., workers=n)``: one file read by several processes gives what one
process reading it whole gives: the same results, problems, rows and lines."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignkit import RecordError, ValidationError
from campaignkit.io import RecordReader, _parallel, _records, write_records
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import ledgers
from campaignkit.tracking import Accumulator, Reading
from support import small_campaigns, visits_and_peak

D = dt.date
VILLAGES = tuple(f"v{i}" for i in range(4))
CAMPAIGN = visits_and_peak(VILLAGES)
SCHEDULE = schedule(CAMPAIGN)
AS_OF = D(2026, 4, 10)
HEADER = "id,kind,date,indicator,unit,value\n"


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of 64 bytes and more, so that a file of a few lines is cut."""
    monkeypatch.setattr(_parallel, "MIN_PART", 64)


@pytest.fixture
def cuts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each feed with workers read the file in parts (``False``: read it whole)."""
    seen: list[bool] = []
    real = _records.feed_in_parts

    def spy(*args: Any) -> bool:
        seen.append(real(*args))
        return seen[-1]

    monkeypatch.setattr(_records, "feed_in_parts", spy)
    return seen


def readings(n: int, *, ids: bool = True) -> str:
    """*n* rows of readings over the villages and days of the campaign."""
    rows = []
    for i in range(n):
        day = CAMPAIGN.window.start + dt.timedelta(days=i % 50)
        ident = f"r{i}" if ids else ""
        rows.append(f"{ident},reading,{day},{('visits', 'peak')[i % 2]},v{i % 4},{i % 17}\n")
    return "".join(rows)


def fed(path: Path, workers: int, *, strict: bool = True, **kwargs: Any) -> Any:
    """The results, problems, rows and lines of *path* fed with *workers*."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], **kwargs)
    reader = RecordReader(path, strict=strict)
    reader.feed(acc, backend="python", workers=workers)
    return acc.result(AS_OF), reader.problems, reader.rows, reader.lines


class TestCut:
    def test_parts_meet_at_line_starts(self, tmp_path: Path) -> None:
        """Each part but the first starts just after a line feed; together they are the file."""
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(40))
        parts = _parallel.cut(str(path), 3, csv=True)
        assert parts is not None
        assert len(parts) == 3
        data = path.read_bytes()
        assert parts[0][0] == 0
        assert parts[-1][1] == len(data)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
        assert all(data[start - 1 : start] == b"\n" for start, _ in parts[1:])

    def test_what_is_read_whole(self, tmp_path: Path) -> None:
        """A quote anywhere in a CSV file, a file too small for two parts: no cut."""
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(40) + 'q,reading,2026-03-03,visits,v1,1,"x"\n')
        assert _parallel.cut(str(path), 2, csv=True) is None
        assert _parallel.cut(str(path), 2, csv=False) is not None  # JSON Lines may quote
        path.write_text(HEADER)
        assert _parallel.cut(str(path), 2, csv=True) is None

    def test_first_line_counts_every_line_break(self, tmp_path: Path) -> None:
        """LF, CRLF and a lone CR each end a line, a CRLF split by a read block once:
        b"a\\r\\nb\\rc\\n" holds three line breaks, so byte 8 starts line 4."""
        path = tmp_path / "l.csv"
        path.write_bytes(b"a\r\nb\rc\nd\n")
        with path.open("rb") as stream:
            assert _parallel._first_line(stream, 7) == 4
        assert _parallel.line_breaks(b"a\r\nb\rc\n") == 3


class TestSameAsOneProcess:
    @pytest.mark.parametrize("workers", [2, 3])
    @pytest.mark.parametrize("unique_ids", [True, False])
    def test_clean_file(
        self, tmp_path: Path, cuts: list[bool], workers: int, unique_ids: bool
    ) -> None:
        """A file of 60 plain readings, cut in parts: the same results, rows and lines."""
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(60))
        one = fed(path, 1, unique_ids=unique_ids)
        assert fed(path, workers, unique_ids=unique_ids) == one
        assert cuts == [True]
        assert one[2] == 60

    def test_records_without_ids_and_their_problems_keep_their_lines(
        self, tmp_path: Path, cuts: list[bool]
    ) -> None:
        """Rows without ids (ids made from their content) naming a village the series does
        not cascade to, after CRLF and lone-CR line breaks: every problem at its line."""
        path = tmp_path / "l.csv"
        stray = "".join(f",reading,2026-03-0{d},visits,nowhere,{d}\r\n" for d in range(2, 9))
        path.write_bytes((HEADER + readings(30, ids=False) + stray + "\r").encode())
        one = fed(path, 1, strict=False, unique_ids=True)
        many = fed(path, 2, strict=False, unique_ids=True)
        assert cuts == [True]
        assert many == one
        lines = sorted(p.line for p in one[0].problems if p.line is not None)
        assert lines == list(range(32, 39))  # the header, 30 rows, then the 7 strays

    def test_spawned_children(
        self, tmp_path: Path, cuts: list[bool], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where children cannot be forked they are spawned and sent the campaign and
        schedule: the same results (ids checked and trusted)."""
        monkeypatch.setattr(_parallel, "_context", lambda: multiprocessing.get_context("spawn"))
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(60, ids=False))
        for unique_ids in (True, False):
            assert fed(path, 2, unique_ids=unique_ids) == fed(path, 1, unique_ids=unique_ids)
        assert cuts == [True, True]

    def test_jsonl(self, tmp_path: Path, cuts: list[bool]) -> None:
        records = [
            Reading(indicator="visits", unit=f"v{i % 4}", date=D(2026, 3, 2 + i % 20), value=i)
            for i in range(40)
        ]
        path = tmp_path / "l.jsonl"
        write_records(records, path)
        assert fed(path, 2, unique_ids=True) == fed(path, 1, unique_ids=True)
        assert cuts == [True]

    def test_gbk(self, tmp_path: Path, cuts: list[bool]) -> None:
        """A GBK file (Chinese notes): cut at line feeds, which no GBK character holds."""
        path = tmp_path / "l.csv"
        rows = "".join(
            f"r{i},reading,2026-03-0{2 + i % 7},visits,v{i % 4},{i},走访群众{i}\n"
            for i in range(40)
        )
        path.write_bytes(("id,kind,date,indicator,unit,value,note\n" + rows).encode("gbk"))
        one = RecordReader(path, encoding="gbk")
        many = RecordReader(path, encoding="gbk")
        a = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF])
        b = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF])
        one.feed(a, backend="python")
        many.feed(b, backend="python", workers=2)
        assert cuts == [True]
        assert b.result(AS_OF) == a.result(AS_OF)
        assert many.rows == one.rows == 40

    def test_problems_the_accumulator_held_are_placed(
        self, tmp_path: Path, cuts: list[bool]
    ) -> None:
        """Regression: an id-less reading already added (ids trusted) whose problem the file
        places (the same row, line 42) was left unplaced when the file came in parts."""
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(40) + ",reading,2026-03-05,visits,nowhere,3\n")
        found = []
        for workers in (1, 2):
            acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
            acc.add(Reading(indicator="visits", unit="nowhere", date=D(2026, 3, 5), value=3))
            RecordReader(path).feed(acc, backend="python", workers=workers)
            found.append([(p.path, p.line) for p in acc.result(AS_OF).problems])
        assert found[1] == found[0] == [("$.unit", 42)]
        assert cuts == [True]


class TestReadWholeWhenAPartWouldDiffer:
    def test_a_bad_line_raises_as_one_process_does(self, tmp_path: Path, cuts: list[bool]) -> None:
        """A bad date on line 50, in the last part: strict, the same error at the same
        line; lenient, the same problems; either way the file was read whole."""
        path = tmp_path / "l.csv"
        rows = readings(60).splitlines(keepends=True)
        rows[48] = "bad,reading,2026-02-30,visits,v1,1\n"
        path.write_text(HEADER + "".join(rows))
        with pytest.raises(RecordError) as one:
            fed(path, 1)
        with pytest.raises(RecordError) as many:
            fed(path, 2)
        assert many.value.problems == one.value.problems
        assert one.value.problems[0].line == 50
        assert fed(path, 2, strict=False) == fed(path, 1, strict=False)
        assert cuts == [False, False]

    def test_repeats_across_parts_are_told(self, tmp_path: Path, cuts: list[bool]) -> None:
        """A row without an id at the start and again at the end, in two parts: each part
        alone sees no repeat, so the file is read whole and the repeat is told."""
        path = tmp_path / "l.csv"
        row = ",reading,2026-03-05,visits,v1,3\n"
        path.write_text(HEADER + row + readings(60) + row)
        one, many = fed(path, 1, unique_ids=True), fed(path, 2, unique_ids=True)
        assert many == one
        assert [p.code for p in one[1]] == ["repeated-record"]
        assert cuts == [False]

    @pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "johab", "mac-roman"])
    def test_every_encoding_the_reader_takes_is_cut(
        self, tmp_path: Path, cuts: list[bool], encoding: str
    ) -> None:
        """The reader takes only encodings whose lines read alone, as in their file (UTF-7,
        ISO-2022 and the escape codecs are refused: tests/io/test_issue_10_data_loss.py):
        every one it takes is cut, and reads as one process reads it."""
        path = tmp_path / "l.csv"
        path.write_bytes((HEADER + readings(60)).encode(encoding))
        one = RecordReader(path, encoding=encoding)
        many = RecordReader(path, encoding=encoding)
        a = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF])
        b = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF])
        one.feed(a, backend="python")
        many.feed(b, backend="python", workers=2)
        assert b.result(AS_OF) == a.result(AS_OF)
        assert cuts == [True]

    def test_a_child_that_dies(
        self, tmp_path: Path, cuts: list[bool], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A child process killed (out of memory, say): the file is read here, whole."""
        path = tmp_path / "l.csv"
        path.write_text(HEADER + readings(60))
        monkeypatch.setattr(_parallel, "_read", _dies_in_a_child)
        assert fed(path, 2) == fed(path, 1)
        assert cuts == [False]


PARENT = os.getpid()
READ = _parallel._read


def _dies_in_a_child(job: Any) -> Any:
    """A part's reading that kills the child process it runs in."""
    if os.getpid() != PARENT:
        os._exit(9)
    return READ(job)


@pytest.mark.parametrize("workers", [0, -1, 1.5, "2", True])
def test_workers_must_be_a_whole_number_from_1(tmp_path: Path, workers: Any) -> None:
    path = tmp_path / "l.csv"
    path.write_text(HEADER)
    acc = Accumulator(CAMPAIGN, SCHEDULE)
    with pytest.raises(ValidationError) as caught:
        RecordReader(path).feed(acc, workers=workers)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$.workers", "invalid-value")]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Campaign, Schedule, list[Any], str]:
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    return (
        campaign,
        sched,
        draw(ledgers(campaign, sched, bad=True)),
        draw(st.sampled_from(["csv", "jsonl"])),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases(), st.integers(2, 3), st.booleans(), st.data())
def test_any_ledger_any_workers_gives_one_process_result(
    tmp_path_factory: pytest.TempPathFactory,
    case: Any,
    workers: int,
    unique_ids: bool,
    data: st.DataObject,
) -> None:
    """Drawn campaigns and ledgers (bad references, repeats, notes), either format, read by
    2 or 3 processes: the results, problems, rows and lines of one process."""
    campaign, sched, records, format = case
    path = tmp_path_factory.mktemp("ledgers") / f"l.{format}"
    write_records(records, path)
    as_of = data.draw(st.dates(campaign.window.start, campaign.window.end))
    found = []
    for n in (1, workers):
        acc = Accumulator(campaign, sched, days=[as_of], unique_ids=unique_ids)
        reader = RecordReader(path, strict=False)
        reader.feed(acc, backend="python", workers=n)
        found.append((acc.result(as_of), reader.problems, reader.rows, reader.lines))
    assert found[1] == found[0]
