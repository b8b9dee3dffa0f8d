"""Ledger files folded on a Dask cluster give what one process reading them gives."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import dask
import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignkit import RecordError, ValidationError
from campaignkit.integrations import fold_ledger_files, merge_parts
from campaignkit.io import RecordReader, write_records
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import Accumulator, Progress, Reading
from support import visits_and_peak

D = dt.date
TIMEOUT = 120  # seconds, as the cluster's (conftest.py): a hung task fails its test
VILLAGES = [f"v{i}" for i in range(6)]
CAMPAIGN = visits_and_peak(tuple(VILLAGES))
SCHEDULE = schedule(CAMPAIGN)
AS_OF = D(2026, 4, 10)


def _on(client: Client, graph: Any) -> Accumulator:
    """The accumulator *graph* computes to on the cluster, within :data:`TIMEOUT`."""
    result = client.compute(graph).result(timeout=TIMEOUT)
    assert isinstance(result, Accumulator)
    return result


def _single(paths: list[Path], campaign: Campaign, sched: Schedule, **kwargs: Any) -> Accumulator:
    """What one process gives: every file fed in turn by a lenient reader."""
    acc = Accumulator(campaign, sched, **kwargs)
    for path in paths:
        RecordReader(path, strict=False).feed(acc)
    return acc


def _ledger_lines(rnd: random.Random, n: int) -> list[str]:
    """*n* CSV rows of readings, some of them bad (a date that is no day, a value that is no
    number, a short row, an unknown village), each with its own id."""
    lines = []
    for i in range(n):
        village = rnd.choice([*VILLAGES, "nowhere"])
        day = CAMPAIGN.window.start + dt.timedelta(days=rnd.randrange(60))
        value = str(rnd.randrange(20))
        indicator = rnd.choice(["visits", "peak"])
        date = day.isoformat()
        trouble = rnd.random()
        if trouble < 0.03:
            date = "2026-02-30"
        elif trouble < 0.06:
            value = "many"
        elif trouble < 0.08:
            lines.append(f"r{i},reading,{date}\n")
            continue
        lines.append(f"r{i},reading,{date},{indicator},{village},{value}\n")
    return lines


HEADER = "id,kind,date,indicator,unit,value\n"


def _results(acc: Accumulator) -> Progress:
    return acc.result(AS_OF)


def _three_rows(
    client: Client, tmp_path: Path, rows: str, unique_ids: bool
) -> tuple[Path, Progress, Progress]:
    """A ledger of three *rows* cut in blocks of about one row: the file, and what the
    cluster and one process make of it."""
    path = tmp_path / "l.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    graph = fold_ledger_files([path], CAMPAIGN, SCHEDULE, blocksize=40, unique_ids=unique_ids)
    whole = _results(_single([path], CAMPAIGN, SCHEDULE, unique_ids=unique_ids))
    return path, _results(_on(client, graph)), whole


class TestFoldLedgerFiles:
    @pytest.mark.parametrize("blocksize", [64, 700, 4096, 1 << 30])
    def test_any_blocksize_gives_the_single_process_result(
        self, client: Client, tmp_path: Path, blocksize: int
    ) -> None:
        """Cut in blocks of any size (64 bytes: about two lines), two files give the same
        progress, problems (file, line, column) and counts as one process."""
        rnd = random.Random(blocksize)
        paths = []
        for name in ("a.csv", "b.csv"):
            path = tmp_path / name
            path.write_text(HEADER + "".join(_ledger_lines(rnd, 300)), encoding="utf-8")
            paths.append(path)
        graph = fold_ledger_files(paths, CAMPAIGN, SCHEDULE, days=[AS_OF], blocksize=blocksize)
        got = _results(_on(client, graph))
        assert got == _results(_single(paths, CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True))
        assert got.problems  # the drawn ledger had bad rows, each located
        assert all(p.line is not None and p.source for p in got.problems if p.source)

    def test_a_bad_row_is_located_in_its_file(self, client: Client, tmp_path: Path) -> None:
        """Line 3 of 5 in the second block: its file, line and column, as one process says."""
        path = tmp_path / "l.csv"
        path.write_bytes(
            b"id,kind,date,indicator,unit,value\r\n"
            b"a,reading,2026-03-03,visits,v1,4\r\n"
            b"b,reading,2026-03-0x,visits,v1,5\r"  # a lone CR ends a line too
            b"c,reading,2026-03-04,visits,v1,6\n"
            b"d,reading,2026-03-05,visits,v1,7\n"
        )
        acc = _on(client, fold_ledger_files([path], CAMPAIGN, SCHEDULE, blocksize=40))
        (problem,) = acc.result(AS_OF).problems
        assert (problem.source, problem.line, problem.column) == (str(path), 3, 3)
        assert problem.code == "invalid-date"
        assert acc.result(AS_OF).indicator("visits").actual == 4 + 6 + 7

    @pytest.mark.parametrize("unique_ids", [True, False])
    def test_rows_without_ids_are_placed_by_line(
        self, client: Client, tmp_path: Path, unique_ids: bool
    ) -> None:
        """A row without an id gets one derived from its content; the problem of one in
        the second block (an unknown village) is placed at its file and line, as one
        process places it, not at the derived id."""
        rows = (
            ",reading,2026-03-03,visits,v1,4\n"
            "b,reading,2026-03-04,visits,v1,5\n"
            ",reading,2026-03-05,visits,nowhere,6\n"
        )
        path, got, whole = _three_rows(client, tmp_path, rows, unique_ids)
        (problem,) = got.problems
        assert (problem.source, problem.line, problem.path) == (str(path), 4, "$.unit")
        assert got == whole

    def test_bytes_that_are_no_text_are_located_by_file_offset(
        self, client: Client, tmp_path: Path
    ) -> None:
        """A line of GBK bytes in a UTF-8 file, in the third block: the line number and byte
        offset in the whole file (a header of 34 bytes and two rows of 33 before its line,
        then 33 bytes of it before the first that is not UTF-8)."""
        rows = [b"a,reading,2026-03-03,visits,v1,4\n", b"b,reading,2026-03-04,visits,v1,5\n"]
        bad = b"c,reading,2026-03-05,visits,v1,6," + "村".encode("gbk") + b"\n"
        path = tmp_path / "l.csv"
        path.write_bytes(HEADER.encode() + b"".join(rows) + bad)
        acc = _on(client, fold_ledger_files([path], CAMPAIGN, SCHEDULE, blocksize=20))
        (problem,) = acc.result(AS_OF).problems
        assert problem.line == 4
        assert f"byte offset {34 + 33 + 33 + 33:,}" in problem.message
        assert acc.result(AS_OF) == _single([path], CAMPAIGN, SCHEDULE).result(AS_OF)

    def test_a_file_with_quotes_is_read_whole(self, client: Client, tmp_path: Path) -> None:
        """A note with a line break in quotes, across the cut: the file is read by one task,
        and its quoted field and the rows after it read as one process reads them."""
        path = tmp_path / "l.csv"
        path.write_text(
            "id,kind,date,indicator,unit,value,note\n"
            'a,reading,2026-03-03,visits,v1,4,"two\nlines"\n'
            "b,reading,2026-03-0x,visits,v1,5,\n"
            "c,reading,2026-03-04,visits,v1,6,\n",
            encoding="utf-8",
        )
        acc = _on(client, fold_ledger_files([path], CAMPAIGN, SCHEDULE, blocksize=10))
        (problem,) = acc.result(AS_OF).problems
        assert problem.line == 4
        assert acc.result(AS_OF).indicator("visits").actual == 4 + 6

    def test_json_lines_are_cut_too(self, client: Client, tmp_path: Path) -> None:
        """JSON Lines blocks: the same result as one process, a bad line at its number."""
        lines = [
            Reading(id=f"r{i}", indicator="visits", unit="v2", date=D(2026, 3, 3), value=i)
            for i in range(30)
        ]
        path = tmp_path / "l.jsonl"
        write_records(lines, path)
        with path.open("a", encoding="utf-8") as f:
            f.write('{"id": "x", "date": "2026-03-03", "indicator": "visits", "value": []}\n')
        acc = _on(client, fold_ledger_files([path], CAMPAIGN, SCHEDULE, blocksize=64))
        assert acc.result(AS_OF).indicator("visits").actual == sum(range(30))
        assert [p.line for p in acc.result(AS_OF).problems] == [31]
        assert acc.result(AS_OF) == _single([path], CAMPAIGN, SCHEDULE).result(AS_OF)

    def test_ids_checked_across_blocks(self, client: Client, tmp_path: Path) -> None:
        """With ids checked, a repeat in another block counts once and a conflict is
        reported, as in one process: 4 + 6 (b's two versions left out)."""
        path = tmp_path / "l.csv"
        path.write_text(
            HEADER
            + "a,reading,2026-03-03,visits,v1,4\n"
            + "b,reading,2026-03-04,visits,v1,5\n"
            + "c,reading,2026-03-04,visits,v1,6\n"
            + "a,reading,2026-03-03,visits,v1,4\n"
            + "b,reading,2026-03-04,visits,v1,7\n",
            encoding="utf-8",
        )
        graph = fold_ledger_files([path], CAMPAIGN, SCHEDULE, unique_ids=False, blocksize=30)
        result = _on(client, graph).result(AS_OF)
        assert result.indicator("visits").actual == 4 + 6
        assert [p.code for p in result.problems] == ["conflicting-duplicate"]
        assert result == _single([path], CAMPAIGN, SCHEDULE).result(AS_OF)

    @pytest.mark.parametrize(("unique_ids", "visits"), [(True, 4 + 4 + 5), (False, 4 + 5)])
    def test_a_repeat_across_blocks_counts_as_in_one_process_unwarned(
        self, client: Client, tmp_path: Path, unique_ids: bool, visits: int
    ) -> None:
        """The documented limit: a row without an id repeating one of another block counts
        as one process counts it (twice with ids trusted, once with ids checked), without
        the ``repeated-record`` warning one reader of the whole file gives (a reader's)."""
        rows = (
            ",reading,2026-03-03,visits,v1,4\n"
            "b,reading,2026-03-04,visits,v1,5\n"
            ",reading,2026-03-03,visits,v1,4\n"
        )
        _, got, whole = _three_rows(client, tmp_path, rows, unique_ids)
        assert got.indicator("visits").actual == whole.indicator("visits").actual == visits
        assert [(p.code, p.line) for p in whole.problems] == [("repeated-record", 4)]
        assert got.problems == ()

    def test_no_files_give_an_empty_accumulator(self, client: Client) -> None:
        """No files: nothing read, nothing used."""
        acc = _on(client, fold_ledger_files([], CAMPAIGN, SCHEDULE, days=[AS_OF]))
        assert acc.result(AS_OF).counts.read == 0


class TestMergeParts:
    def test_parts_of_your_own_merge_to_the_whole(self, client: Client) -> None:
        """Tasks that make readings themselves: 10 parts of readings 0..9 plus i, merged
        in a tree of 3, give the total 10 × 45 + 10 × (0 + … + 9) = 900."""

        def part(i: int) -> Accumulator:
            acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=True)
            for j in range(10):
                acc.add_reading("visits", D(2026, 3, 3), float(i + j), unit="v3", id=f"{i}/{j}")
            return acc

        parts = [dask.delayed(part)(i) for i in range(10)]
        acc = _on(client, merge_parts(parts, split_every=3))
        (v3,) = (u for u in acc.result(AS_OF).indicator("visits").units if u.unit == "v3")
        assert v3.actual == 900

    def test_no_parts_is_an_error(self) -> None:
        """Merging nothing is refused with a coded error."""
        with pytest.raises(ValidationError) as caught:
            merge_parts([])
        assert caught.value.problems[0].code == "invalid-value"


class TestBadInput:
    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A file that is not there is named, before any task runs."""
        with pytest.raises(RecordError) as caught:
            fold_ledger_files([tmp_path / "none.csv"], CAMPAIGN, SCHEDULE)
        assert caught.value.problems[0].code == "unreadable-file"
        assert caught.value.problems[0].source == str(tmp_path / "none.csv")

    def test_a_directory(self, tmp_path: Path) -> None:
        """A directory named like a ledger is not read."""
        (tmp_path / "d.csv").mkdir()
        with pytest.raises(RecordError) as caught:
            fold_ledger_files([tmp_path / "d.csv"], CAMPAIGN, SCHEDULE)
        assert caught.value.problems[0].code == "not-a-file"

    def test_an_unknown_format(self, tmp_path: Path) -> None:
        """A file that is neither CSV nor JSON Lines."""
        (tmp_path / "l.xlsx").write_bytes(b"")
        with pytest.raises(RecordError) as caught:
            fold_ledger_files([tmp_path / "l.xlsx"], CAMPAIGN, SCHEDULE)
        assert caught.value.problems[0].code == "unknown-format"

    @pytest.mark.parametrize(("name", "value"), [("blocksize", 0), ("split_every", 1)])
    def test_bad_sizes(self, name: str, value: int) -> None:
        """A block of no bytes, or merges of one part, are refused."""
        with pytest.raises(ValidationError) as caught:
            fold_ledger_files([], CAMPAIGN, SCHEDULE, **{name: value})
        assert caught.value.problems[0].path == f"$.{name}"


def test_importing_campaignkit_does_not_import_dask() -> None:
    """Dask is imported when a fold is asked for, not by ``import campaignkit``."""
    code = (
        "import sys, campaignkit, campaignkit.integrations; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


small_campaigns = campaigns(max_people=3, max_units=4, max_phases=2, max_mechanisms=2, max_series=2)


@st.composite
def _split_ledgers(draw: st.DrawFn) -> tuple[Campaign, Schedule, list[list[Any]], str]:
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, bad=True))
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=2)))
    bounds = [0, *cuts, len(records)]
    files = [records[a:b] for a, b in itertools.pairwise(bounds)]
    return campaign, sched, files, draw(st.sampled_from(["csv", "jsonl"]))


class TestProperties:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_split_ledgers(), st.integers(64, 4000), st.booleans(), st.data())
    def test_any_ledger_any_cut_gives_the_single_process_result(
        self,
        client: Client,
        tmp_path_factory: pytest.TempPathFactory,
        case: Any,
        blocksize: int,
        unique_ids: bool,
        data: st.DataObject,
    ) -> None:
        """Drawn campaigns and ledgers (bad references, repeats, notes), in 1 to 3 files of
        either format, cut anywhere: the cluster's result equals one process's."""
        campaign, sched, files, format = case
        folder = tmp_path_factory.mktemp("ledgers")
        paths = []
        for i, records in enumerate(files):
            path = folder / f"part-{i}.{format}"
            write_records(records if unique_ids else [*records, *records[:3]], path)
            paths.append(path)
        as_of = data.draw(st.dates(campaign.window.start, campaign.window.end))
        graph = fold_ledger_files(
            paths, campaign, sched, days=[as_of], unique_ids=unique_ids, blocksize=blocksize
        )
        single = _single(paths, campaign, sched, days=[as_of], unique_ids=unique_ids)
        assert _on(client, graph).result(as_of) == single.result(as_of)
