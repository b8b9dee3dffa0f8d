"""Problems on stderr: past the first few of one code, the others are counted, never
dropped unsaid (``print_problems``, ``--all-problems``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaignkit import Problem, Severity
from campaignkit.cli import EXIT_BAD_INPUT, main
from campaignkit.cli._outcome import SHOWN_PER_CODE, format_problem, print_problems

UNSHOWN = " like the ones above not shown; --all-problems shows every one"


def _problems() -> list[Problem]:
    """25 warnings ``a`` with 3 errors ``b`` among them, then 21 errors ``c``."""
    found = [Problem(f"$[{i}]", "a", f"w{i}", Severity.WARNING, line=i + 2) for i in range(25)]
    for at in (0, 10, 24):
        found.insert(at, Problem("$", "b", f"e{at}"))
    return found + [Problem(f"$[{i}]", "c", f"e{i}") for i in range(21)]


def test_the_first_of_each_code_are_printed_in_order_and_the_rest_counted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """20 of ``a`` (of 25: 5 counted), the 3 of ``b``, 20 of ``c`` (of 21: 1 counted), in
    the order given; then a line for each code with some left, in the order first met."""
    assert SHOWN_PER_CODE == 20
    problems = _problems()
    print_problems(problems, "r.csv")
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    a = [p for p in problems if p.code == "a"][:20]
    c = [p for p in problems if p.code == "c"][:20]
    shown = [p for p in problems if p in a or p.code == "b" or p in c]
    assert lines[:-2] == [format_problem(p, "r.csv") for p in shown]
    assert lines[-2:] == [
        f"campaignkit: 5 more warnings [a]{UNSHOWN}",
        f"campaignkit: 1 more problem [c]{UNSHOWN}",
    ]


def test_every_problem_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    problems = _problems()
    print_problems(problems, "r.csv", every=True)
    assert capsys.readouterr().err.splitlines() == [format_problem(p, "r.csv") for p in problems]


def _bad_campaign(folder: Path) -> str:
    """A campaign file with 25 phases, each with a key no phase has: 25 ``unknown-key``."""
    phases = "".join(f"  - {{id: p{i}, name: P{i}, bogus: 1}}\n" for i in range(25))
    path = folder / "c.yaml"
    path.write_text(
        f"id: c\nname: C\nwindow: {{start: 2010-01-01, end: 2010-12-31}}\nphases:\n{phases}",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("command", ["validate", "schedule"])
def test_commands_count_past_the_first_unless_asked(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate`` prints its files' problems itself, ``schedule`` leaves them to the
    command's last line of defence: both print 20 of the 25 and count 5, or with
    ``--all-problems`` all 25."""
    name = _bad_campaign(tmp_path)
    assert main([command, name]) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 21
    assert all(line.startswith(name) and "[unknown-key]" in line for line in lines[:20])
    assert lines[-1] == f"campaignkit: 5 more problems [unknown-key]{UNSHOWN}"
    assert main([command, name, "--all-problems"]) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 25
    assert all(line.startswith(name) and "[unknown-key]" in line for line in lines)
