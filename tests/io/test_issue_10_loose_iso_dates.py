"""Issue 10: record dates such as ``20260311xx`` or ``2026-W11-3`` were read as 2026-03-11.

The readers of files take exactly ``YYYY-MM-DD``: rows made records, rows of the CSV fast
lane (``feed``, python backend), JSON Lines, and the Arrow backend, which leaves such a
file to the Python reader and so reports the same problem.
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

D = dt.date
CAMPAIGN = Campaign(
    id="c",
    name="C",
    window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
    series=(
        ActivitySeries(
            id="s", name="S", indicators=(Indicator(id="ideas", name="ideas", target=10),)
        ),
    ),
)
SCHEDULE = schedule(CAMPAIGN)
AS_OF = D(2026, 3, 27)
LOOSE = ["20260311xx", "2026-W11-3", "20260311", "2026031100"]


def ledger(loose: str) -> str:
    """Three readings of 2, 3 and 4 on 2026-03-10/11, the second dated *loose*."""
    return (
        "id,kind,date,indicator,value\n"
        "r1,reading,2026-03-10,ideas,2\n"
        f"r2,reading,{loose},ideas,3\n"
        "r3,reading,2026-03-11,ideas,4\n"
    )


def fed(source: Path, backend: str, unique_ids: bool) -> tuple[float | None, RecordReader]:
    acc = Accumulator(CAMPAIGN, SCHEDULE, days=[AS_OF], unique_ids=unique_ids)
    reader = RecordReader(source, strict=False)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    return acc.result(AS_OF).indicator("ideas").actual, reader


@pytest.mark.parametrize("loose", LOOSE)
@pytest.mark.parametrize("backend", ["python", "arrow"])
@pytest.mark.parametrize("unique_ids", [True, False])
def test_loose_dates_in_csv_are_reported_at_their_line(
    tmp_path: Path, loose: str, backend: str, unique_ids: bool
) -> None:
    """The row is reported at line 3, column 3 (invalid-date); 2 + 4 = 6 are used."""
    path = tmp_path / "l.csv"
    path.write_text(ledger(loose), encoding="utf-8")
    actual, reader = fed(path, backend, unique_ids)
    assert actual == 6.0
    assert [(p.line, p.column, p.path, p.code) for p in reader.problems] == [
        (3, 3, "$.date", "invalid-date")
    ]
    assert reader.rows == 3


@pytest.mark.parametrize("loose", LOOSE)
def test_loose_dates_in_json_lines_are_reported(loose: str) -> None:
    """A JSON Lines record dated in another ISO form is reported at its line."""
    text = (
        '{"id": "r1", "date": "2026-03-10", "indicator": "ideas", "value": 2}\n'
        f'{{"id": "r2", "date": "{loose}", "indicator": "ideas", "value": 3}}\n'
    )
    reader = RecordReader(io.StringIO(text), format="jsonl", strict=False)
    assert [r.id for r in reader] == ["r1"]
    assert [(p.line, p.code) for p in reader.problems] == [(2, "invalid-date")]
