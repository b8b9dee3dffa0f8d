"""A control character in a record's id or names is a located problem, not a new record.

Regression: ``\\x00\\x00r5``, ``r6\\x00`` and ``r\\x002`` were read as ids of their own, with no
problem (a NUL is not a space, so nothing stripped it): the same reading typed twice, once
with an invisible prefix, counted twice. Control characters (C0, DEL, C1) are refused in ids,
names and party ids, by the record path and by every engine's plain checks alike.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaignkit import RecordError
from campaignkit.io import RecordReader
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Held, Reading
from support import ideas_in_march_2010

CAMPAIGN = ideas_in_march_2010()
DAY = dt.date(2010, 3, 5)


@pytest.mark.parametrize("id", ["\x00r5", "r\x002", "r6\x1b", "r\x7f", "r\x9b1", "a\tb"])
def test_a_record_refuses_a_control_character_in_its_id(id: str) -> None:
    with pytest.raises(RecordError) as info:
        Reading(id=id, indicator="ideas", date=DAY, value=1)
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("$.id", "invalid-value")
    assert "control character" in problem.message


def test_names_and_parties_too() -> None:
    with pytest.raises(RecordError, match="control character U\\+001B"):
        Reading(indicator="ideas\x1b", date=DAY, value=1)
    with pytest.raises(RecordError, match="control character U\\+0000"):
        Held(subject="weekly", date=DAY, present=("a\x00",))
    Reading(indicator="ideas", date=DAY, value=1, note="a note\x1b may hold one")  # shown escaped


@pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
def test_every_backend_reports_each_line(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(
        b"id,date,indicator,value\r\n"
        b"r5,2010-03-05,ideas,5\r\n"
        b"\x00\x00r5,2010-03-05,ideas,5\r\n"
        b"r6\x00,2010-03-05,ideas,6\r\n"
        b"r\x002,2010-03-05,ideas,2\r\n"
        b"r7,2010-03-05,ide\x01as,7\r\n"
    )
    reader = RecordReader(path, strict=False)
    acc = Accumulator(CAMPAIGN, schedule(CAMPAIGN), days=[DAY], unique_ids=True)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    assert [(p.line, p.code) for p in reader.problems] == [
        (n, "invalid-value") for n in (3, 4, 5, 6)
    ]
    result = acc.result(DAY)
    assert result.indicator("ideas").actual == 5.0  # r5 alone
    assert result.counts.used == 1
