"""A date or value refused as typed in a spreadsheet says what to write instead (a hint in
the message; the record is still refused)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.io import RecordReader
from campaignkit.io._hints import date_hint, value_hint
from campaignkit.tracking._intake import decimal, strict_date

FULL_WIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2010/3/5", " (write it 2010-03-05)"),
        ("2010年3月5日", " (write it 2010-03-05)"),
        ("２０１０年３月５日", " (write it 2010-03-05)"),
        ("2010.03.05", " (write it 2010-03-05)"),
        ("20100305", " (write it 2010-03-05)"),
        # Excel's day 0 is 1899-12-30: 40242 days later is 2010-03-05
        (
            "40242",
            " (an Excel day number? 40242 is 2010-03-05: save the column as dates, YYYY-MM-DD)",
        ),
        ("2010-03-05 00:00:00", " (a date and a time: write the date alone, 2010-03-05)"),
        ("2010-03-05T08:30", " (a date and a time: write the date alone, 2010-03-05)"),
        ("2010/2/30", ""),  # no such day: nothing to suggest
        ("99999", ""),  # past 2119: not taken for a day number
        ("soon", ""),
    ],
)
def test_date_hints(text: str, hint: str) -> None:
    assert date_hint(text) == hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("１２", " (full-width characters: write 12)"),
        ("\u00a012", " (characters other than plain digits: write 12)"),  # a no-break space
        ("①", " (characters other than plain digits: write 1)"),
        ("1,234,567", " (digits grouped by commas: write 1234567)"),
        ("1,234", " (write 1234 if the comma groups thousands, 1.234 if it is a decimal point)"),
        ("1,5", " (a decimal comma? write 1.5)"),
        ("85%", " (a percentage: write the number alone, 85, in the indicator's unit)"),
        ("12人", " (a number and '人': write the number alone, 12)"),
        ("12 households", " (a number and 'households': write the number alone, 12)"),
        ("1.5e3x", ""),  # an exponent gone wrong, not a unit
        ("=1+2", ""),
        ("n/a", ""),
    ],
)
def test_value_hints(text: str, hint: str) -> None:
    assert value_hint(text) == hint


numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False).map(str)


@given(numbers)
def test_a_number_typed_full_width_is_given_back(number: str) -> None:
    hint = value_hint(number.translate(FULL_WIDTH))
    assert hint == f" (full-width characters: write {number})"
    assert decimal(number) is not None


@given(numbers, st.sampled_from(["%", " %", "人", "户", " km"]))
def test_a_number_with_a_sign_after_it_is_given_back(number: str, sign: str) -> None:
    hint = value_hint(number + sign)
    assert f" {number}" in hint
    assert hint.endswith(")")


@given(st.integers(min_value=1000, max_value=10**12))
def test_grouped_digits_are_given_back(n: int) -> None:
    hint = value_hint(f"{n:,}")
    assert f"write {n}" in hint


@given(st.dates(min_value=dt.date(1954, 10, 3), max_value=dt.date(2119, 1, 10)))
def test_a_day_is_given_back_from_its_excel_number_and_its_loose_forms(day: dt.date) -> None:
    number = (day - dt.date(1899, 12, 30)).days
    assert f" is {day.isoformat()}:" in date_hint(str(number))
    for loose in (f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日"):
        assert date_hint(loose) == f" (write it {day.isoformat()})"
        assert strict_date(day.isoformat()) == day


def test_the_reader_says_it_where_the_row_is(tmp_path: Path) -> None:
    """The hints reach the located problems of a ledger typed in a spreadsheet."""
    path = tmp_path / "l.csv"
    path.write_text(
        "id,kind,date,indicator,value\n"
        "r1,reading,2010/3/5,visits,12\n"
        "r2,reading,2010-03-05,visits,１２\n",
        encoding="utf-8",
    )
    reader = RecordReader(path, strict=False)
    assert list(reader) == []
    assert [(p.line, p.column, p.message) for p in reader.problems] == [
        (2, 3, "'2010/3/5' is not a date such as 2010-02-24 (write it 2010-03-05)"),
        (3, 5, "'１２' is not a number (full-width characters: write 12)"),
    ]


LONG = r"""
import sys, time
from campaignkit.io import RecordReader
from campaignkit.io._hints import date_hint, value_hint
from campaignkit.tracking._intake import decimal
digits = "1" * 131_000
assert decimal(digits + "x") is None and value_hint(digits + "%") == ""
assert date_hint(digits) == "" and date_hint("9" * 8000) == ""  # no int() of 8,000 digits
path = sys.argv[1]
with open(path, "w", encoding="utf-8") as f:
    f.write("id,kind,date,indicator,value\n" + f"r1,reading,2010-03-05,visits,{digits} 1\n")
reader = RecordReader(path, strict=False)
assert list(reader) == []
print(reader.problems[0].code)
"""


def test_a_long_field_is_refused_at_once(tmp_path: Path) -> None:
    """Regression: the pattern of a value could part a run of digits in as many ways as it
    was long, and Python's engine tried them all when the text did not match: a value of
    131,000 digits and a space took minutes; the hints looked at such texts too, and took
    the int() of an 8,000-digit date (a traceback). In a process of its own, bounded."""
    done = subprocess.run(
        [sys.executable, "-c", LONG, str(tmp_path / "l.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["invalid-value"]


def test_a_header_written_with_capitals_says_how_to_write_it(tmp_path: Path) -> None:
    """A spreadsheet's header ``ID,Date,Ｖａｌｕｅ`` (capitals, full-width letters): each
    column is refused, and says which field it would be; an unknown one says nothing more."""
    path = tmp_path / "l.csv"
    path.write_text("ID,Date,Ｖａｌｕｅ,Weight\nr1,2010-03-05,1,2\n", encoding="utf-8")
    reader = RecordReader(path, strict=False)
    list(reader)
    found = {p.column: p.message.split(";")[0] for p in reader.problems if p.line == 1}
    assert found == {
        1: "unknown column 'ID' (write it id)",
        2: "unknown column 'Date' (write it date)",
        3: "unknown column 'Ｖａｌｕｅ' (write it value)",
        4: "unknown column 'Weight'",
        None: "the header has no 'date' column",
    }
