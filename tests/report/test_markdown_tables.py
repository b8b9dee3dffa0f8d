"""Every table of a Markdown report or briefing is a table to a Markdown reader.

Regression: the escaping that keeps a value from reading as a thematic break (``---`` at the
start of a line) was applied to the delimiter row of every table (``| \\--- |``), which then
read as a paragraph of pipes in GitHub, GitLab and every CommonMark reader with tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest

from campaignkit.report import render_briefing, render_report

if TYPE_CHECKING:
    from .conftest import Case

_DELIMITER = re.compile(r"\| :?-{3,}:? ")
_PIPE = re.compile(r"(?<!\\)\|")  # a pipe that is not escaped: a cell's edge


def tables(markdown: str) -> list[list[str]]:
    """The runs of consecutive lines that start with a pipe."""
    found: list[list[str]] = []
    previous = False
    for line in markdown.splitlines():
        starts = line.startswith("|")
        if starts and previous:
            found[-1].append(line)
        elif starts:
            found.append([line])
        previous = starts
    return found


def check_tables(markdown: str) -> int:
    """Assert that every table has a header, a delimiter row of as many cells, and rows of as
    many cells; return how many tables there are."""
    found = tables(markdown)
    for lines in found:
        header, delimiter, *rows = lines
        width = len(_PIPE.findall(header)) - 1
        assert width >= 1, header
        assert _DELIMITER.sub("", delimiter) == "|", delimiter
        assert len(_PIPE.findall(delimiter)) - 1 == width, delimiter
        for row in rows:
            assert len(_PIPE.findall(row)) - 1 == width, row
    return len(found)


@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_report_tables(changsheng: Case, small: Case, lang: str) -> None:
    for case in (changsheng, small):
        text = render_report(case.campaign, case.plan, case.result, lang=lang, history=case.history)
        assert check_tables(text) >= 5


def test_briefing_tables(changsheng: Case) -> None:
    c = changsheng
    text = render_briefing(c.campaign, c.plan, c.ledger, dt.date(2010, 2, 24), lang="zh")
    assert check_tables(text) >= 3


def test_a_broken_delimiter_is_caught() -> None:
    with pytest.raises(AssertionError):
        check_tables("| a | b |\n| \\--- | --- |\n| 1 | 2 |\n")
    with pytest.raises(AssertionError):
        check_tables("| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n")
    assert check_tables("| a \\| b | c |\n| --- | ---: |\n| 1 | 2 |\n") == 1
