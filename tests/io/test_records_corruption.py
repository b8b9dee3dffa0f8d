"""Issue 10, as a property: corrupt random lines of a good ledger; then every line read is
either used or reported, every line left alone is used, and every problem names a corrupted
line. The arrow backend gives exactly what the Python reader gives."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from campaignkit.io import MAX_FIELD, RecordReader, _lines
from campaignkit.model import ActivitySeries, Campaign, Cascade, Indicator, Unit, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator

START, END = dt.date(2010, 1, 1), dt.date(2010, 3, 31)
DAYS = (dt.date(2010, 2, 14), END)
UNITS = ("v1", "v2")
HEADER = b"id,kind,date,indicator,unit,value,note\n"


def build() -> Campaign:
    villages = tuple(Unit(id=v, name=v, kind="village", parent="d") for v in UNITS)
    series = ActivitySeries(
        id="s",
        name="S",
        cascade=Cascade(units=UNITS),
        indicators=(Indicator(id="sum", name="sum", target=50.0, aggregate="sum"),),
    )
    return Campaign(
        id="c",
        name="C",
        window=Window(start=START, end=END),
        units=(Unit(id="d", name="D", kind="district"), *villages),
        series=(series,),
    )


CAMPAIGN = build()
SCHEDULE = schedule(CAMPAIGN)

# -- good lines -------------------------------------------------------------------------------


@st.composite
def csv_line(draw: st.DrawFn, n: int) -> bytes:
    """A good reading, id ``rN``; now and then with a note (quoted, over two lines)."""
    day = START + dt.timedelta(days=draw(st.integers(0, 89)))
    value = draw(st.integers(0, 30))
    unit = draw(st.sampled_from(UNITS))
    note = draw(st.sampled_from(("", "", "", "ok", '"a, b"', '"two\nlines"')))
    return f"r{n},reading,{day},sum,{unit},{value},{note}\n".encode()


@st.composite
def jsonl_line(draw: st.DrawFn, n: int) -> bytes:
    day = START + dt.timedelta(days=draw(st.integers(0, 89)))
    fields = {"id": f"r{n}", "date": str(day), "indicator": "sum", "value": draw(st.integers())}
    fields["value"] = fields["value"] % 31
    return (json.dumps(fields) + "\n").encode()


# -- corruptions ------------------------------------------------------------------------------

Corruption = Callable[[bytes, st.DrawFn], bytes]


def _insert(line: bytes, draw: st.DrawFn, junk: bytes) -> bytes:
    at = draw(st.integers(0, len(line) - 1))  # before the line break
    return line[:at] + junk + line[at:]


COMMON: dict[str, Corruption] = {
    "invalid bytes": lambda line, draw: _insert(
        line,
        draw,
        draw(st.binary(min_size=1, max_size=4).map(lambda b: bytes(x | 0x80 for x in b))),
    ),
    "gbk text": lambda line, draw: _insert(line, draw, "金点子意见".encode("gbk")),
    "latin-1 text": lambda line, draw: _insert(line, draw, "café à".encode("latin-1")),
    "truncated": lambda line, draw: line[: draw(st.integers(1, len(line) - 2))] + b"\n",
    "huge field": lambda line, draw: _insert(line, draw, b"x" * (MAX_FIELD + 1)),
}


def _quote_at_an_edge(line: bytes, draw: st.DrawFn) -> bytes:
    """A quote just after or just before a comma (or before the line break): where it
    opens or closes a field."""
    edges = [i for i, c in enumerate(line) if c == ord(",")]
    at = draw(st.sampled_from(edges)) + draw(st.sampled_from((0, 1)))
    at = draw(st.sampled_from((at, len(line) - 1)))
    return line[:at] + b'"' + line[at:]


CSV_ONLY: dict[str, Corruption] = {
    "stray quote": lambda line, draw: _insert(line, draw, b'"'),
    "quote at a field edge": _quote_at_an_edge,
    "two stray quotes": lambda line, draw: _insert(_insert(line, draw, b'"'), draw, b'"'),
}
JSONL_ONLY: dict[str, Corruption] = {
    "duplicate key": lambda line, draw: line.replace(b'"id": ', b'"id": "x", "id": ', 1),
    "huge integer": lambda line, draw: line.replace(
        b'"value": ', b'"value": ' + b"9" * draw(st.sampled_from((400, 5000))) + b', "x": ', 1
    ),
    "deep nesting": lambda line, draw: b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "stray quote": lambda line, draw: _insert(line, draw, b'"'),
}


@st.composite
def corrupted(draw: st.DrawFn, fmt: str) -> tuple[bytes, set[int], set[str]]:
    """A ledger with some lines corrupted: its bytes, the numbers of the lines corrupted
    (those of the records they began), and the ids of the records left alone."""
    n = draw(st.integers(1, 40))
    make = csv_line if fmt == "csv" else jsonl_line
    records = [draw(make(i)) for i in range(n)]
    kinds = {**COMMON, **(CSV_ONLY if fmt == "csv" else JSONL_ONLY)}
    bad = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=min(n, 5)))
    lines: list[bytes] = [HEADER] if fmt == "csv" else []
    numbers: set[int] = set()
    kept: set[str] = set()
    for i, record in enumerate(records):
        number = sum(line.count(b"\n") for line in lines) + 1
        if i in bad:
            kind = draw(st.sampled_from(sorted(kinds)))
            record = kinds[kind](record, draw)
            # every line of a corrupted record is corrupted (a note over two lines)
            numbers.update(range(number, number + record.count(b"\n")))
        else:
            kept.add(f"r{i}")
        lines.append(record)
    return b"".join(lines), numbers, kept


def check(data: bytes, corrupted_lines: set[int], kept: set[str], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"l.{fmt}"
        path.write_bytes(data)
        reader = RecordReader(path, strict=False)
        ids = [record.id for record in reader]
        # lines read = used + reported
        assert reader.rows == len(ids) + len(reader.problems)
        # every uncorrupted line is used
        assert kept <= set(ids)
        # every problem names a corrupted line
        assert {p.line for p in reader.problems} <= corrupted_lines
        if fmt == "csv":
            fed = {}
            for backend in ("python", "arrow"):
                acc = Accumulator(CAMPAIGN, SCHEDULE, days=DAYS, unique_ids=True)
                feeder = RecordReader(path, strict=False)
                feeder.feed(acc, backend=backend)  # type: ignore[arg-type]
                fed[backend] = (acc.results(DAYS), feeder.problems, feeder.rows)
            assert fed["arrow"] == fed["python"]
            assert fed["python"][1:] == (reader.problems, reader.rows)


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corrupted("csv"))
def test_corrupted_csv_loses_nothing(ledger: tuple[bytes, set[int], set[str]]) -> None:
    """CSV: read = used + reported; every good line used; every problem on a bad line; the
    arrow backend agrees."""
    check(*ledger, "csv")


@SETTINGS
@given(corrupted("csv"), st.integers(16, 200))
def test_corrupted_csv_in_small_chunks_loses_nothing(
    ledger: tuple[bytes, set[int], set[str]], chunk: int
) -> None:
    """The same, the file read a few bytes at a time: records and quoted fields that run
    across chunks, and bad lines at their edges, change nothing."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_lines, "CHUNK", chunk)
        check(*ledger, "csv")


@SETTINGS
@given(corrupted("jsonl"))
def test_corrupted_jsonl_loses_nothing(ledger: tuple[bytes, set[int], set[str]]) -> None:
    """JSON Lines: read = used + reported; every good line used; every problem on a bad
    line."""
    check(*ledger, "jsonl")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from((b"\n", b"\r\n", b"\r", b""))),
        max_size=30,
    ),
    st.integers(1, 16),
    st.integers(1, 24),
)
@example(shape=[(0, b"\r"), (0, b"\r\n")], chunk=1, more=1)  # a CR LF after a CR at a cut
def test_chunks_are_whole_lines_and_long_ones_are_skipped(
    shape: list[tuple[int, bytes]], chunk: int, more: int
) -> None:
    """Chunks hold whole lines (LF, CRLF, CR), a CRLF never cut in two; a line over the
    limit comes as its length, whatever the sizes of reads and limits (a read, and the byte
    after a CR, always within the limit, as the module's constants are)."""
    data = b"".join(b"x" * n + end for n, end in shape)
    longest = chunk + more
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_lines, "CHUNK", chunk)
        patch.setattr(_lines, "MAX_LINE", longest)
        got: list[bytes | int] = []
        for part in _lines.chunks(io.BytesIO(data).read):
            got += [part] if isinstance(part, int) else part.splitlines(keepends=True)
    expected = [
        line if len(line) <= longest else len(line) for line in data.splitlines(keepends=True)
    ]
    assert got == expected
