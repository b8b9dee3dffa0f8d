"""The columnar backends of RecordReader.feed (polars, arrow) give exactly what the Python
reader gives."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import random
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError, ValidationError
from campaignkit.io import RecordReader, _arrow, _polars
from campaignkit.model import (
    Campaign,
)
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import Accumulator, Reading
from support import QUARTER, four_aggregates

START, END = QUARTER.start, QUARTER.end
DAYS = (dt.date(2010, 1, 31), dt.date(2010, 2, 14), END)
VILLAGES = ("v1", "v2", "v3")
HEADER = ["id", "kind", "date", "subject", "indicator", "unit", "value", "mode", "note", "assumed"]


def build() -> tuple[Campaign, Schedule]:
    campaign = four_aggregates(VILLAGES)
    return campaign, schedule(campaign)


CAMPAIGN, SCHEDULE = build()


def reading_row(rnd: random.Random, i: int) -> list[str]:
    """A plain reading, now and then one the campaign refuses or folds one at a time."""
    day = START + dt.timedelta(days=rnd.randrange(90))
    if rnd.random() < 0.03:
        day = dt.date(2011, 1, 5)  # outside the window: reported
    indicator = rnd.choice(
        ("sum", "last", "max", "count", "sum", "nope" if rnd.random() < 0.03 else "sum")
    )
    unit = rnd.choice((*VILLAGES, "", "x9" if rnd.random() < 0.05 else "v1"))
    value = rnd.choice(
        (str(rnd.randint(0, 30)), f"{rnd.uniform(-5, 40):.3f}", "-0", "1e2", "+7", ".5")
    )
    mode = rnd.choice(("", "", "", "increment", "cumulative"))
    assumed = rnd.choice(("", "", "false", "true"))
    return [
        f"r{i:05d}",
        rnd.choice(("reading", "")),
        day.isoformat(),
        "",
        indicator,
        unit,
        value,
        mode,
        "",
        assumed,
    ]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


ENGINES = {"arrow": _arrow.fold_csv, "polars": _polars.fold_csv}


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> str:
    """Each columnar backend in turn."""
    return str(request.param)


def fed(path: Path, backend: str, unique_ids: bool = True) -> tuple[Accumulator, RecordReader]:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=unique_ids)
    reader = RecordReader(path, strict=False)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    return acc, reader


def assert_same(path: Path, engine: str = "arrow", unique_ids: bool = True) -> None:
    """Python and *engine*: the same progress on every tracked day, problems and row count."""
    py, py_reader = fed(path, "python", unique_ids)
    ar, ar_reader = fed(path, engine, unique_ids)
    assert ar.results(DAYS) == py.results(DAYS)
    assert [ar.recorded(d) for d in DAYS] == [py.recorded(d) for d in DAYS]  # on a day: known
    assert ar_reader.problems == py_reader.problems
    assert ar_reader.rows == py_reader.rows


def taken(path: Path, engine: str = "arrow") -> bool:
    """Whether the *engine* backend took the file (rather than leaving it to Python)."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    return ENGINES[engine](path, acc) is not None


@pytest.mark.parametrize("seed", range(12))
def test_plain_readings_are_taken_and_agree(tmp_path: Path, seed: int, engine: str) -> None:
    """Readings only (some refused, some outside the window, fractions): same answer."""
    rnd = random.Random(seed)
    rows = [reading_row(rnd, i) for i in range(rnd.randrange(1, 400))]
    path = write(tmp_path / "l.csv", rows)
    assert taken(path, engine)
    assert_same(path, engine)
    assert_same(path, engine, unique_ids=False)


def test_byte_order_mark_is_taken_and_agrees(tmp_path: Path) -> None:
    """A file that begins with a UTF-8 byte-order mark (as written for Excel on Chinese
    Windows) is still taken by arrow, with the answer of the file without one."""
    rows = [reading_row(random.Random(7), i) for i in range(50)]
    plain = write(tmp_path / "plain.csv", rows)
    marked = tmp_path / "marked.csv"
    marked.write_bytes(codecs.BOM_UTF8 + plain.read_bytes())
    assert taken(marked)
    assert_same(marked)
    assert fed(marked, "arrow")[0].results(DAYS) == fed(plain, "arrow")[0].results(DAYS)


@pytest.mark.parametrize("seed", range(6))
def test_repeated_ids_agree(tmp_path: Path, seed: int, engine: str) -> None:
    """Repeated ids with other values on the same day (ids trusted): file order decides,
    as in Python."""
    rnd = random.Random(seed)
    rows = [reading_row(rnd, i) for i in range(200)]
    for _ in range(30):
        twin = list(rnd.choice(rows))
        twin[6] = str(rnd.randint(0, 99))
        rows.insert(rnd.randrange(len(rows) + 1), twin)
    path = write(tmp_path / "l.csv", rows)
    assert taken(path, engine)
    assert_same(path, engine)
    assert_same(path, engine, unique_ids=False)


def test_many_batches_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few rows each, totals combined across batches and folded into the
    accumulator every few, repeated ids with other values in later batches: same answer."""
    monkeypatch.setattr(_arrow, "_BLOCK", 1 << 10)
    monkeypatch.setattr(_arrow, "_EXACT", 200)  # totals go to Python every few batches
    rnd = random.Random(99)
    rows = [reading_row(rnd, i) for i in range(3000)]
    for i in range(0, 3000, 50):  # repeats in later batches, other values, same day
        twin = list(rows[i])
        twin[6] = str(rnd.randint(0, 99))
        rows.append(twin)
    path = write(tmp_path / "l.csv", rows)
    assert taken(path)
    assert_same(path)


IRREGULAR = {
    "held": ["h1", "held", "2010-01-05", "s", "", "v1", "", "", "", ""],
    "bad date": ["b1", "reading", "2010-02-30", "", "sum", "v1", "3", "", "", ""],
    "week date": ["w1", "reading", "2010-W05-3", "", "sum", "v1", "3", "", "", ""],
    "basic date": ["w2", "reading", "20100203xx", "", "sum", "v1", "3", "", "", ""],
    "bad value": ["b2", "reading", "2010-02-03", "", "sum", "v1", "3x", "", "", ""],
    "huge value": ["b3", "reading", "2010-02-03", "", "sum", "v1", "1e16", "", "", ""],
    "note with newline": ["n1", "reading", "2010-02-03", "", "sum", "v1", "3", "", "a\nb", ""],
    "spaced name": ["s1", "reading", "2010-02-03", "", " sum", "v1", "3", "", "", ""],
    "no id": ["", "reading", "2010-02-03", "", "sum", "v1", "3", "", "", ""],
    "yes": ["y1", "reading", "2010-02-03", "", "sum", "v1", "3", "", "", "yes"],
    "quoted comma": ["q1", "reading", "2010-02-03", "", "sum", "v1,v2", "3", "", "", ""],
    "separator after value": ["f1", "reading", "2010-02-03", "", "sum", "v1", "12\x1c", "", "", ""],
    "NEL after value": ["f2", "reading", "2010-02-03", "", "sum", "v1", "12\x85", "", "", ""],
    "NEL after unit": ["f3", "reading", "2010-02-03", "", "sum", "v1\x85", "3", "", "", ""],
    "line separator after id": [
        "f4\u2028",
        "reading",
        "2010-02-03",
        "",
        "sum",
        "v1",
        "3",
        "",
        "",
        "",
    ],
}


@pytest.mark.parametrize("name", sorted(IRREGULAR))
def test_irregular_files_go_the_python_way(tmp_path: Path, name: str, engine: str) -> None:
    """One row the fast lane would not take: the whole file is read by Python, with its
    problems located as before."""
    rnd = random.Random(name)
    rows = [reading_row(rnd, i) for i in range(150)]
    rows.insert(75, IRREGULAR[name])
    rows.append(reading_row(rnd, 999))
    path = write(tmp_path / "l.csv", rows)
    assert not taken(path, engine)
    assert_same(path, engine)


INVISIBLE = {  # (the row, the column of its problem)
    "file separator": (["f1", "reading", "2010-02-03", "", "sum", "v1", "12\x1c", "", "", ""], 7),
    "unit separator": (["f2", "reading", "2010-02-03", "", "sum", "v1", "\x1f12", "", "", ""], 7),
    "NEL": (["f3", "reading", "2010-02-03", "", "sum", "v1", "12\x85", "", "", ""], 7),
    "line separator": (["f4", "reading", "2010-02-03", "", "sum", "v1", "12\u2028", "", "", ""], 7),
    "ideographic space": (["f5", "reading", "2010-02-03", "", "sum", "v1", "\u300012", "", "", ""], 7),
    "NEL after the date": (["f6", "reading", "2010-02-03\x85", "", "sum", "v1", "12", "", "", ""], 3),
    "separator after the unit": (["f7", "reading", "2010-02-03", "", "sum", "v1\x1c", "12", "", "", ""], 6),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(INVISIBLE))
@pytest.mark.parametrize("backend", ["python", "arrow", "polars"])
def test_issue_a_field_str_strip_would_clean_is_refused(
    tmp_path: Path, name: str, backend: str
) -> None:
    """Regression: ``12\\x1c`` (a separator, NEL, a line separator or an ideographic space
    beside the value) was read as 12, as ``str.strip`` took it off. Every backend reports
    it, located at its line and column, and counts the other rows alone; the columnar ones
    leave the file to the Python reader, which refuses it."""
    rnd = random.Random(name)
    rows = [reading_row(rnd, i) for i in range(150)]
    row, column = INVISIBLE[name]
    rows.insert(75, row)
    path = write(tmp_path / "l.csv", rows)
    without = write(tmp_path / "without.csv", rows[:75] + rows[76:])
    if backend != "python":
        assert not taken(path, backend)
    acc, reader = fed(path, backend)
    assert [(p.line, p.column) for p in reader.problems if p.line == 77] == [(77, column)]
    bad = next(p for p in reader.problems if p.line == 77)
    assert bad.code in ("invalid-value", "invalid-date")
    got, expected = acc.result(END), fed(without, "python")[0].result(END)
    assert got.counts.unreadable == expected.counts.unreadable + 1
    assert attrs.evolve(got, problems=expected.problems, counts=expected.counts) == expected


def test_bad_header_and_short_rows_agree(tmp_path: Path, engine: str) -> None:
    """Unknown columns and rows of the wrong width are reported the same way."""
    path = tmp_path / "l.csv"
    path.write_text("id,date,indicator,value,colour\nr1,2010-01-02,sum,3,red\n")
    assert_same(path, engine)
    path.write_text("id,date,indicator,value\nr1,2010-01-02,sum,3\nr2,2010-01-02\n")
    assert not taken(path, engine)
    assert_same(path, engine)


def test_checked_ids_keep_idempotency(tmp_path: Path, engine: str) -> None:
    """With ids checked, feeding the same file twice counts it once, whichever backend."""
    rnd = random.Random(5)
    path = write(tmp_path / "l.csv", [reading_row(rnd, i) for i in range(100)])
    once, _ = fed(path, "python", unique_ids=False)
    twice, _ = fed(path, engine, unique_ids=False)
    RecordReader(path, strict=False).feed(twice, backend=engine)  # type: ignore[arg-type]
    assert twice.results(DAYS) == once.results(DAYS)


def test_streams_go_the_python_way(engine: str) -> None:
    """A stream (not a path) is read by Python: the same answer as a python feed."""
    text = "id,date,indicator,unit,value\nr1,2010-01-02,sum,v1,3\nr2,2010-01-03,sum,v1,4\n"
    a = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    RecordReader(io.StringIO(text), format="csv").feed(a, backend=engine)  # type: ignore[arg-type]
    # 3 + 4 = 7 in v1
    units = {u.unit: u.actual for u in a.result(END).indicator("sum").units}
    assert units["v1"] == 7.0


def test_unknown_backend_is_refused(tmp_path: Path) -> None:
    """A backend other than auto, python and arrow is a located problem."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS)
    with pytest.raises(ValidationError) as info:
        RecordReader(tmp_path / "l.csv").feed(acc, backend="rust")  # type: ignore[arg-type]
    assert info.value.problems[0].code == "unknown-backend"


def test_totals_equal_the_readings_one_by_one() -> None:
    """add_reading_totals folds exactly what the readings added one by one fold."""
    values = [(dt.date(2010, 1, 3), "a", 2.5), (dt.date(2010, 1, 9), "c", 4.0)]
    values += [(dt.date(2010, 1, 9), "b", 7.0)]
    one = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    for day, id, value in values:
        one.add(Reading(id=id, indicator="last", unit="v2", date=day, value=value))
    total = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    # 2.5 + 4 + 7 = 13.5; max 7; latest by (day, id): (2010-01-09, "c") -> 4; that day's
    # values run from 4 to 7
    assert total.add_reading_totals(
        "last", "v2", None, first=dt.date(2010, 1, 3), last=dt.date(2010, 1, 9), count=3,
        total=13.5, maximum=7.0, last_id="c", last_value=4.0, last_low=4.0, last_high=7.0,
    )  # fmt: skip
    assert total.results(DAYS) == one.results(DAYS)


def test_totals_are_refused_where_they_cannot_be_exact() -> None:
    """Totals across buckets, of a refused reference, or into a checked-ids accumulator."""
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
    args = {"count": 2, "total": 3, "maximum": 2.0, "last_id": "b", "last_value": 1.0}
    args |= {"last_low": 1.0, "last_high": 2.0}
    # 2010-01-31 and 2010-02-01 lie on either side of the first tracked day
    assert not acc.add_reading_totals(
        "sum", "v1", None, first=DAYS[0], last=dt.date(2010, 2, 1), **args
    )
    assert not acc.add_reading_totals("nope", "v1", None, first=END, last=END, **args)
    with pytest.raises(RecordError):
        acc.add_reading_totals("sum", "v1", None, first=END, last=END, **{**args, "count": 0})
    checked = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS)
    with pytest.raises(ValidationError):
        checked.add_reading_totals("sum", "v1", None, first=END, last=END, **args)


@pytest.mark.parametrize("exact", [5, 2**62])
def test_latest_twin_across_batches_keeps_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exact: int
) -> None:
    """The latest reading repeated (same day and id, other value) in a later batch: the
    first in the file counts, as in Python, whether the totals between the two went to the
    accumulator after every batch (a bound of 5) or stayed combined in arrow to the end."""
    monkeypatch.setattr(_arrow, "_BLOCK", 1 << 10)
    monkeypatch.setattr(_arrow, "_EXACT", exact)
    rnd = random.Random(3)
    first = ["zz", "", END.isoformat(), "", "last", "v1", "1", "", "", ""]
    middle = [
        [
            f"r{i:03d}",
            "",
            f"2010-01-{1 + i % 28:02d}",
            "",
            "sum",
            rnd.choice(VILLAGES),
            "3",
            "",
            "",
            "",
        ]
        for i in range(400)
    ]  # whole values only: every batch folds by its totals
    rows = [first, *middle, [*first[:6], "2", "", "", ""]]
    path = write(tmp_path / "l.csv", rows)
    assert taken(path)
    assert_same(path)
    acc, _ = fed(path, "arrow")
    units = {u.unit: u.actual for u in acc.result(END).indicator("last").units}
    assert units["v1"] == 1.0


@given(data=st.binary(max_size=400), block=st.integers(min_value=1, max_value=64))
def test_chunks_are_whole_lines_of_the_stream(data: bytes, block: int) -> None:
    """The backend reads the file in chunks of whole lines: together they are the stream
    byte for byte, each but the last ends a line, and none is longer than a block plus the
    longest line (what bounds the reader's memory)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_arrow, "_BLOCK", block)
        chunks = list(_arrow._chunks(io.BytesIO(data)))
    assert b"".join(chunks) == data
    assert all(chunk.endswith(b"\n") for chunk in chunks[:-1])
    assert all(chunks)
    longest = max((len(line) for line in data.split(b"\n")), default=0)
    assert all(len(chunk) <= block + longest + 1 for chunk in chunks)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_lines_across_chunks_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Chunks far smaller than a line, blank lines, CRLF and no newline at the end: every row
    is read once, as the Python reader reads it."""
    monkeypatch.setattr(_arrow, "_BLOCK", 16)
    rnd = random.Random(ending)
    lines = [",".join(HEADER)]
    for i in range(200):
        lines.append(",".join(reading_row(rnd, i)))
        if i % 37 == 0:
            lines.append("")
    path = tmp_path / "l.csv"
    path.write_bytes(ending.join(lines).encode())  # no newline after the last row
    assert taken(path)
    assert_same(path)
    _, reader = fed(path, "arrow")
    assert reader.rows == 200


def test_a_quote_in_a_later_chunk_sends_the_file_the_python_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks are looked at for quote characters as they are read: a quoted field near the
    end of a long file, far past the first chunk, still sends the file to Python."""
    monkeypatch.setattr(_arrow, "_BLOCK", 1 << 10)
    rnd = random.Random(8)
    rows = [reading_row(rnd, i) for i in range(2000)]
    rows.insert(1990, IRREGULAR["quoted comma"])
    path = write(tmp_path / "l.csv", rows)
    assert path.stat().st_size > 20 * _arrow._BLOCK
    assert not taken(path)
    assert_same(path)


def plain_lines(seed: int, n: int = 120) -> list[bytes]:
    """The lines (header first) of a file of plain readings the arrow backend takes."""
    rnd = random.Random(seed)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(reading_row(rnd, i) for i in range(n))
    return text.getvalue().encode().splitlines(keepends=True)


CORRUPT = {
    "latin-1 byte": lambda line: line.replace(b"reading", b"r\xe9ading"),
    "gbk text": lambda line: line.rstrip(b"\n") + "意见".encode("gbk") + b"\n",
    "random bytes": lambda line: b"\xff\x00\xfe\x81" + line,
    "stray quote": lambda line: line.replace(b",reading,", b',"rea"ding,'),
    "open quote": lambda line: line.replace(b",reading,", b',"reading,'),
    "field over the csv limit": lambda line: line.replace(
        b",reading,", b",reading," + b"x" * csv.field_size_limit()
    ),
    "truncated": lambda line: line[: len(line) // 2] + b"\n",
    "lone CR": lambda line: line.replace(b"\n", b"\r"),
    "NUL": lambda line: line.replace(b"reading", b"read\x00ing"),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_issue_10_corrupted_lines_agree(tmp_path: Path, name: str, engine: str) -> None:
    """A file with corrupted lines gives the same records, problems and row count with
    either backend (arrow leaves such files to Python), and loses no good line."""
    lines = plain_lines(len(name))
    for at in (3, 60, len(lines) - 1):
        lines[at] = CORRUPT[name](lines[at])
    path = tmp_path / "l.csv"
    path.write_bytes(b"".join(lines))
    assert_same(path, engine)
    _, reader = fed(path, "python")
    assert reader.rows == len(lines) - 1


def test_issue_10_field_over_the_limit_in_a_plain_column_agrees(
    tmp_path: Path, engine: str
) -> None:
    """An indicator name longer than the csv module takes: reported as too long by both
    backends, not as an unknown indicator."""
    lines = plain_lines(1)
    lines[5] = lines[5].replace(b",sum,", b",s" + b"u" * csv.field_size_limit() + b"m,")
    lines[5] = lines[5].replace(b",last,", b",l" + b"a" * csv.field_size_limit() + b"st,")
    lines[5] = lines[5].replace(b",max,", b",m" + b"a" * csv.field_size_limit() + b"x,")
    lines[5] = lines[5].replace(b",count,", b",c" + b"o" * csv.field_size_limit() + b"unt,")
    path = tmp_path / "l.csv"
    path.write_bytes(b"".join(lines))
    assert not taken(path, engine)
    assert_same(path, engine)
    _, reader = fed(path, engine)
    assert [(p.line, p.code) for p in reader.problems if p.line == 6] == [(6, "too-long")]


def test_issue_10_not_a_file_is_refused_by_both(tmp_path: Path) -> None:
    """A directory named as records is refused before either backend reads it."""
    (tmp_path / "d.csv").mkdir()
    for backend in ("python", "arrow", "polars"):
        with pytest.raises(RecordError, match="not-a-file"):
            fed(tmp_path / "d.csv", backend)
