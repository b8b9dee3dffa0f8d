"""A ledger held in a Dask dataframe folds to what one process reading it as CSV gives."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import itertools
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignkit import Problem, RecordError, ValidationError
from campaignkit._errors import reading_order
from campaignkit.integrations import fold_ledger_frame
from campaignkit.io import MAX_FIELD, RecordReader, record_to_fields, write_records
from campaignkit.model import Campaign
from campaignkit.scheduling import Schedule, schedule
from campaignkit.strategies import campaigns, ledgers
from campaignkit.tracking import Accumulator, Progress, Reading
from support import visits_and_peak

D = dt.date
TIMEOUT = 120  # seconds, as the cluster's (conftest.py): a hung task fails its test
VILLAGES = [f"v{i}" for i in range(4)]
CAMPAIGN = visits_and_peak(tuple(VILLAGES))
SCHEDULE = schedule(CAMPAIGN)
AS_OF = D(2026, 4, 10)


@pytest.fixture(scope="module", autouse=True)
def _typed_objects() -> Iterator[None]:
    """Values as given: Dask turns object columns of frames made from pandas into text by
    default (``dataframe.convert-string``), and these tests give typed values in them, as a
    Parquet dataset gives them."""
    with dask.config.set({"dataframe.convert-string": False}):
        yield


def _on(client: Client, graph: Any) -> Accumulator:
    """The accumulator *graph* computes to on the cluster, within :data:`TIMEOUT`."""
    result = client.compute(graph).result(timeout=TIMEOUT)
    assert isinstance(result, Accumulator)
    return result


def _frame(parts: Sequence[pd.DataFrame]) -> dd.DataFrame:
    """A Dask DataFrame of exactly these partitions (empty ones too)."""
    meta = parts[0].iloc[:0]
    return dd.from_delayed([dask.delayed(p) for p in parts], meta=meta, verify_meta=False)


def _text(value: Any) -> str:
    """The CSV text the module documents for a typed *value*, written out independently."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        midnight = value.tz is None and value == value.normalize()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | np.integer):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, list | np.ndarray):
        return ";".join(value)
    assert isinstance(value, str)
    return value


def _csv_reference(
    parts: Sequence[pd.DataFrame],
    path: Path,
    campaign: Campaign = CAMPAIGN,
    sched: Schedule = SCHEDULE,
    **kwargs: Any,
) -> tuple[Accumulator, dict[int, str]]:
    """What one process gives: the rows of *parts* written to one CSV ledger, each value as
    the text :func:`_text` says, read by a lenient reader; and, for each line a row starts
    on, where that row is in the frame (``$.partitions[K].rows[I]``)."""
    columns = [str(c) for c in parts[0].columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    places, line = {}, 2
    for k, part in enumerate(parts):
        for i, row in enumerate(part.itertuples(index=False, name=None)):
            before = out.tell()
            writer.writerow([_text(v) for v in row])
            places[line] = f"$.partitions[{k}].rows[{i}]"
            text = out.getvalue()[before:]  # line breaks as the reader counts them
            line += text.count("\n") + text.count("\r") - text.count("\r\n")
    path.write_text(out.getvalue(), encoding="utf-8")
    acc = Accumulator(campaign, sched, **kwargs)
    RecordReader(path, strict=False).feed(acc)
    return acc, places


def _as_in_frame(progress: Progress, places: dict[int, str]) -> Progress:
    """*progress* of the CSV reference with every problem of a line moved to its row in
    the frame, as the frame's fold reports it, and in the order of a result."""
    problems = [
        p
        if p.line is None
        else Problem(places[p.line] + p.path[1:], p.code, p.message, source="<frame>")
        for p in progress.problems
    ]
    problems.sort(key=reading_order)
    return attrs.evolve(progress, problems=tuple(problems))


def _readings(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Readings (id, date, indicator, unit, value) as a frame."""
    return pd.DataFrame(rows, columns=["id", "date", "indicator", "unit", "value"])


class TestFoldLedgerFrame:
    def test_typed_columns_and_bad_rows(self, client: Client, tmp_path: Path) -> None:
        """A datetime column, a float column with NaN, an empty partition between two
        others: the good rows give 4 + 2.5 + 6 = 12.5 visits; a timestamp at 10:00 and a
        missing date are each reported at their partition and row, none dropped."""
        parts = [
            _readings([
                ("a", pd.Timestamp("2026-03-03"), "visits", "v1", 4.0),
                ("b", pd.Timestamp("2026-03-04"), "visits", "v2", 2.5),
            ]),
            _readings([]).astype({"date": "datetime64[us]", "value": "float64"}),
            _readings([
                ("c", pd.Timestamp("2026-03-05"), "visits", "v1", 6.0),
                ("d", pd.Timestamp("2026-03-05 10:00"), "visits", "v1", 1.0),
                ("e", pd.NaT, "visits", "v1", float("nan")),
            ]),
        ]  # fmt: skip
        assert str(parts[0]["date"].dtype).startswith("datetime64")
        acc = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert result.indicator("visits").actual == 4 + 2.5 + 6
        assert [(p.path, p.code, p.source) for p in result.problems] == [
            ("$.partitions[2].rows[1].date", "invalid-date", "<frame>"),
            ("$.partitions[2].rows[2].date", "missing-field", "<frame>"),
        ]
        assert "'2026-03-05T10:00:00' is not a date" in result.problems[0].message
        assert (result.counts.read, result.counts.unreadable) == (3, 2)
        reference, places = _csv_reference(parts, tmp_path / "l.csv")
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_rows_without_ids_are_placed_at_their_row(self, client: Client, tmp_path: Path) -> None:
        """A row without an id (its id derived from its content) whose village is unknown:
        the problem is at its partition and row, not at the derived id, as the CSV of the
        same rows places it at its line."""
        day = pd.Timestamp("2026-03-03")
        parts = [
            _readings([("a", day, "visits", "v1", 4.0)]),
            _readings([(None, day, "visits", "v1", 2.0), (None, day, "visits", "nowhere", 5.0)]),
        ]
        acc = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert [(p.path, p.source) for p in result.problems] == [
            ("$.partitions[1].rows[1].unit", "<frame>")
        ]
        reference, places = _csv_reference(parts, tmp_path / "l.csv", days=[AS_OF])
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_text_like_a_csv_cell(self, client: Client, tmp_path: Path) -> None:
        """Text columns read as CSV cells are: a date that is no day, a value that is no
        number, and ids and values given as whole numbers (ids 1 and 2: 3 + 5 = 8)."""
        parts = [
            pd.DataFrame({
                "id": [1, 2, 3],
                "date": ["2026-03-03", " 2026-03-04 ", "2026-02-30"],
                "indicator": "visits",
                "unit": "v1",
                "value": [3, 5, 7],
            }),
            pd.DataFrame({
                "id": [4, 5, 6],
                "date": ["2026-03-03", "2026-03-04", "2026-03-04"],
                "indicator": "visits",
                "unit": "v1",
                "value": ["many", "", None],
            }),
        ]  # fmt: skip
        acc = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert result.indicator("visits").actual == 3 + 5
        assert [(p.path, p.code) for p in result.problems] == [
            ("$.partitions[0].rows[2].date", "invalid-date"),
            ("$.partitions[1].rows[0].value", "invalid-value"),
            ("$.partitions[1].rows[1].value", "missing-field"),
            ("$.partitions[1].rows[2].value", "missing-field"),
        ]
        assert str(result.problems[0]) == (
            "<frame>: $.partitions[0].rows[2].date: '2026-02-30' is not a date such as"
            " 2010-02-24 [invalid-date]"
        )
        reference, places = _csv_reference(parts, tmp_path / "l.csv")
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_issue_cells_str_strip_would_clean(self, client: Client, tmp_path: Path) -> None:
        """Regression: a cell is trimmed of spaces and tabs only, as a CSV field: a value
        ``12\\x1c`` or ``12\\x85`` is refused (it was read as 12), and a row of such
        characters alone is no blank row (it was skipped as one) but read and refused.
        Visits 3 + 5 alone, as the CSV reader counts them."""
        parts = [
            pd.DataFrame({
                "id": ["a", "b", "c", "d", "\x1c"],
                "date": ["2026-03-03", "2026-03-03", "2026-03-03", "2026-03-03", "\u3000"],
                "indicator": ["visits", "visits", "visits", "visits", "\x85"],
                "unit": "v1",
                "value": [" 3\t", "12\x1c", "12\x85", "5", "\u2028"],
            }),
        ]  # fmt: skip
        acc = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert result.indicator("visits").actual == 3 + 5
        assert [(p.path, p.code) for p in result.problems] == [
            ("$.partitions[0].rows[1].value", "invalid-value"),
            ("$.partitions[0].rows[2].value", "invalid-value"),
            ("$.partitions[0].rows[4].date", "invalid-date"),
        ]
        assert "control character U+001C" in result.problems[0].message

    def test_a_row_of_invisible_characters_only(self, client: Client, tmp_path: Path) -> None:
        """A row whose every cell is blank or invisible (a no-break space, a zero-width
        space, an ideographic space) is one problem naming the characters, at the row, as
        the CSV reader makes one of such a line (there ``bad-csv``, here ``bad-text``: a
        frame has no CSV); it was refused cell by cell. Visits 3 alone."""
        parts = [
            pd.DataFrame({
                "id": ["a", "\u00a0"],
                "date": ["2026-03-03", "\u200b"],
                "indicator": ["visits", ""],
                "unit": ["v1", " "],
                "value": ["3", "\u3000"],
            }),
        ]  # fmt: skip
        acc = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert result.indicator("visits").actual == 3
        [problem] = result.problems
        assert (problem.path, problem.code, problem.source) == (
            "$.partitions[0].rows[1]",
            "bad-text",
            "<frame>",
        )
        named = "('\\u200b', '\\u3000', '\\xa0')"
        assert problem.message.startswith(f"the row holds nothing but invisible characters {named}")
        reference, _ = _csv_reference(parts, tmp_path / "l.csv", days=[AS_OF])
        [line] = reference.result(AS_OF).problems
        assert (line.line, line.code) == (3, "bad-csv")
        assert line.message == problem.message.replace("row", "line")

    def test_cells_no_csv_could_hold(self, client: Client) -> None:
        """Bytes, a note over MAX_FIELD characters and an infinite value are reported; a
        row of nothing but missing cells is no record, as a blank CSV line is none; a
        NumPy boolean and a Decimal read as true and 2.5 (visits 1 + 2.5 = 3.5)."""
        frame = pd.DataFrame({
            "id": ["a", "b", "c", None, "e", "f"],
            "date": [D(2026, 3, 3), D(2026, 3, 3), D(2026, 3, 3), None, D(2026, 3, 3), D(2026, 3, 3)],
            "indicator": ["visits", "visits", "visits", None, "visits", "visits"],
            "unit": [b"v1", "v1", "v1", None, "v1", "v1"],
            "value": [1, 1, float("inf"), None, 1, decimal.Decimal("2.5")],
            "note": [None, "x" * (MAX_FIELD + 1), None, None, None, None],
            "assumed": [None, None, None, None, np.bool_(True), None],
        })  # fmt: skip
        acc = _on(client, fold_ledger_frame(_frame([frame]), CAMPAIGN, SCHEDULE, days=[AS_OF]))
        result = acc.result(AS_OF)
        assert [(p.path, p.code) for p in result.problems] == [
            ("$.partitions[0].rows[0].unit", "invalid-value"),
            ("$.partitions[0].rows[1].note", "too-long"),
            ("$.partitions[0].rows[2].value", "invalid-value"),
        ]
        assert "b'v1' (bytes) is no ledger cell" in result.problems[0].message
        assert result.indicator("visits").actual == 1 + 2.5
        assert result.counts.read == 2  # the blank row is not read, as in a CSV file

    def test_ids_checked_across_partitions(self, client: Client, tmp_path: Path) -> None:
        """With ids checked, a repeat in another partition counts once and a conflicting
        one is reported, as in one process: 4 + 6 (b's two versions left out)."""
        parts = [
            _readings([("a", "2026-03-03", "visits", "v1", 4), ("b", "2026-03-04", "visits", "v1", 5)]),
            _readings([("c", "2026-03-04", "visits", "v1", 6), ("a", "2026-03-03", "visits", "v1", 4)]),
            _readings([("b", "2026-03-04", "visits", "v1", 7)]),
        ]  # fmt: skip
        graph = fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE, unique_ids=False)
        result = _on(client, graph).result(AS_OF)
        assert result.indicator("visits").actual == 4 + 6
        assert [p.code for p in result.problems] == ["conflicting-duplicate"]
        reference, places = _csv_reference(parts, tmp_path / "l.csv", unique_ids=False)
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_ids_trusted_across_partitions(self, client: Client, tmp_path: Path) -> None:
        """With ids trusted (the default), every row counts, as one process trusting them
        counts it: 4 + 5 + 6 + 4 + 7 = 26."""
        parts = [
            _readings([("a", "2026-03-03", "visits", "v1", 4), ("b", "2026-03-04", "visits", "v1", 5)]),
            _readings([("c", "2026-03-04", "visits", "v1", 6), ("a", "2026-03-03", "visits", "v1", 4)]),
            _readings([("b", "2026-03-04", "visits", "v1", 7)]),
        ]  # fmt: skip
        result = _on(client, fold_ledger_frame(_frame(parts), CAMPAIGN, SCHEDULE)).result(AS_OF)
        assert result.indicator("visits").actual == 4 + 5 + 6 + 4 + 7
        reference, places = _csv_reference(parts, tmp_path / "l.csv", unique_ids=True)
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_a_frame_of_empty_partitions(self, client: Client) -> None:
        """Nothing to read: an empty accumulator."""
        empty = _readings([])
        acc = _on(client, fold_ledger_frame(_frame([empty, empty]), CAMPAIGN, SCHEDULE))
        assert acc.result(AS_OF).counts.read == 0
        assert acc.result(AS_OF).problems == ()

    def test_a_parquet_dataset(self, client: Client, tmp_path: Path) -> None:
        """Two Parquet files (a date32 column, float values), read by Dask, one partition
        each: peak is the largest of 30, 45 and 20; visits 10 + 12; the bad village is
        reported at its partition and row."""
        folder = tmp_path / "ledger"
        folder.mkdir()
        _readings(
            [
                ("p1", D(2026, 3, 3), "peak", "v1", 30.0),
                ("w1", D(2026, 3, 3), "visits", "v2", 10.0),
            ]
        ).to_parquet(folder / "part-0.parquet")
        _readings(
            [
                ("p2", D(2026, 3, 4), "peak", "v1", 45.0),
                ("w2", D(2026, 3, 4), "visits", "nowhere", 11.0),
                ("w3", D(2026, 3, 5), "visits", "v2", 12.0),
                ("p3", D(2026, 3, 6), "peak", "v1", 20.0),
            ]
        ).to_parquet(folder / "part-1.parquet")
        frame = dd.read_parquet(folder)
        assert frame.npartitions == 2
        result = _on(client, fold_ledger_frame(frame, CAMPAIGN, SCHEDULE)).result(AS_OF)
        assert result.indicator("peak").actual == max(30, 45, 20)
        assert result.indicator("visits").actual == 10 + 12
        assert [p.code for p in result.problems] == ["unknown-reference"]
        parts = [p.compute(scheduler="sync") for p in frame.to_delayed()]
        reference, places = _csv_reference(parts, tmp_path / "l.csv")
        assert result == _as_in_frame(reference.result(AS_OF), places)

    def test_a_csv_ledger_read_by_dask_as_text(self, client: Client, tmp_path: Path) -> None:
        """A ledger written by campaignkit (a note neutralised as ``'=1+1``, held in a
        spreadsheet-safe cell), read by ``dask.dataframe.read_csv`` as text in blocks,
        folds to the progress the CSV reader gives, note restored."""
        records = [
            Reading(id=f"r{i}", indicator="visits", unit="v3", date=D(2026, 3, 3), value=i)
            for i in range(40)
        ]
        records[7] = attrs.evolve(records[7], note="=1+1")
        path = tmp_path / "l.csv"
        write_records(records, path)
        assert "'=1+1" in path.read_text(encoding="utf-8")
        frame = dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=500)
        assert frame.npartitions > 1
        acc = _on(client, fold_ledger_frame(frame, CAMPAIGN, SCHEDULE, unique_ids=False))
        single = Accumulator(CAMPAIGN, SCHEDULE, unique_ids=False)
        RecordReader(path).feed(single)
        assert acc.result(AS_OF) == single.result(AS_OF)
        assert acc.result(AS_OF).indicator("visits").actual == sum(range(40))


class TestBadInput:
    def test_a_pandas_frame(self) -> None:
        """A pandas frame is refused, with how to make it a Dask one."""
        with pytest.raises(ValidationError) as caught:
            fold_ledger_frame(_readings([]), CAMPAIGN, SCHEDULE)
        assert caught.value.problems[0].code == "invalid-value"
        assert "dask.dataframe.from_pandas" in caught.value.problems[0].message

    def test_columns_that_are_no_fields(self) -> None:
        """Every problem of the columns at once, before any task runs: a column that is no
        field, and no date column."""
        frame = _frame([pd.DataFrame({"id": ["a"], "village": ["v1"], "value": [1]})])
        with pytest.raises(RecordError) as caught:
            fold_ledger_frame(frame, CAMPAIGN, SCHEDULE)
        assert [(p.path, p.code) for p in caught.value.problems] == [
            ("$.village", "unknown-field"),
            ("$.date", "missing-field"),
        ]

    def test_a_column_named_twice(self) -> None:
        """Two ``id`` columns: which one holds the id cannot be told."""
        twice = pd.DataFrame([["a", "2026-03-03", "b"]], columns=["id", "date", "id"])
        with pytest.raises(RecordError) as caught:
            fold_ledger_frame(dd.from_pandas(twice, npartitions=1), CAMPAIGN, SCHEDULE)
        assert [(p.path, p.code) for p in caught.value.problems] == [("$.id", "duplicate-field")]

    def test_ids_in_the_index(self) -> None:
        """An index named ``id`` would be lost: it must be a column."""
        frame = _frame([_readings([("a", "2026-03-03", "visits", "v1", 4)]).set_index("id")])
        with pytest.raises(RecordError) as caught:
            fold_ledger_frame(frame, CAMPAIGN, SCHEDULE)
        assert [(p.path, p.code) for p in caught.value.problems] == [("$.index", "indexed-field")]
        assert "reset_index()" in caught.value.problems[0].message

    def test_bad_split(self) -> None:
        """Merges of one part are refused."""
        with pytest.raises(ValidationError) as caught:
            fold_ledger_frame(_frame([_readings([])]), CAMPAIGN, SCHEDULE, split_every=1)
        assert caught.value.problems[0].path == "$.split_every"


small_campaigns = campaigns(max_people=3, max_units=4, max_phases=2, max_mechanisms=2, max_series=2)

_BAD_CELLS = {
    "date": ["2026-02-30", pd.Timestamp("2026-03-03 08:30"), None],
    "value": ["many", float("nan"), float("inf")],
}


@st.composite
def _split_frames(draw: st.DrawFn) -> tuple[Campaign, Schedule, list[pd.DataFrame], bool]:
    """A drawn campaign and ledger (bad references, repeats, notes, attendance lists) as a
    typed frame (dates as text, dates or timestamps; values as numbers), a few cells made
    bad and a few rows blank, cut into partitions anywhere (empty ones too)."""
    campaign = draw(small_campaigns)
    sched = schedule(campaign)
    records = draw(ledgers(campaign, sched, bad=True))
    unique_ids = draw(st.booleans())
    rows = [record_to_fields(r) for r in (records if unique_ids else [*records, *records[:3]])]
    dates = draw(st.sampled_from([str, dt.date.fromisoformat, pd.Timestamp]))
    for row in rows:
        row["date"] = dates(row["date"])
    for row in draw(st.lists(st.sampled_from(rows), max_size=3)) if rows else []:
        column = draw(st.sampled_from(sorted(_BAD_CELLS)))
        row[column] = draw(st.sampled_from(_BAD_CELLS[column]))
    blanks = draw(st.lists(st.integers(0, len(rows)), max_size=2))
    for at in sorted(blanks, reverse=True):
        rows.insert(at, {})
    columns = sorted({"date", *itertools.chain.from_iterable(rows)})
    frame = pd.DataFrame.from_records(rows, columns=columns)
    cuts = sorted(draw(st.lists(st.integers(0, len(frame)), max_size=3)))
    bounds = [0, *cuts, len(frame)]
    parts = [frame.iloc[a:b] for a, b in itertools.pairwise(bounds)]
    return campaign, sched, parts, unique_ids


class TestProperties:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_split_frames(), st.data())
    def test_any_frame_any_partitions_gives_the_csv_result(
        self,
        client: Client,
        tmp_path_factory: pytest.TempPathFactory,
        case: Any,
        data: st.DataObject,
    ) -> None:
        """Drawn campaigns and ledgers as typed frames cut into partitions anywhere: the
        cluster's result equals one process reading the same rows as a CSV ledger, each
        problem at the frame's partition and row instead of the file's line."""
        campaign, sched, parts, unique_ids = case
        as_of = data.draw(st.dates(campaign.window.start, campaign.window.end))
        graph = fold_ledger_frame(
            _frame(parts), campaign, sched, days=[as_of], unique_ids=unique_ids
        )
        path = tmp_path_factory.mktemp("frames") / "l.csv"
        reference, places = _csv_reference(
            parts, path, campaign, sched, days=[as_of], unique_ids=unique_ids
        )
        assert _on(client, graph).result(as_of) == _as_in_frame(reference.result(as_of), places)
