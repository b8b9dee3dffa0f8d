"""``--encoding``: the commands that read records read a GBK ledger on purpose, and without
it report each line that is not UTF-8 where it is, losing no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
CAMPAIGN = str(EXAMPLE / "campaign.yaml")
RECORDS = EXAMPLE / "records.csv"


def gbk_copy(tmp_path: Path) -> tuple[str, list[int]]:
    """The example ledger saved as GBK, and the numbers of its lines that are not ASCII."""
    text = RECORDS.read_text(encoding="utf-8")
    path = tmp_path / "records.csv"
    path.write_bytes(text.encode("gbk"))
    wide = [n for n, line in enumerate(text.splitlines(), start=1) if not line.isascii()]
    return str(path), wide


def progress(records: str, *more: str) -> list[str]:
    return [
        "progress",
        CAMPAIGN,
        "--records",
        records,
        "--as-of",
        "2010-04-02",
        "--lang",
        "en",
        *more,
    ]


def test_gbk_ledger_with_encoding_reads_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--encoding gbk gives exactly what the UTF-8 ledger gives."""
    assert main(progress(str(RECORDS))) == EXIT_OK
    expected = capsys.readouterr()
    name, _ = gbk_copy(tmp_path)
    assert main(progress(name, "--encoding", "gbk")) == EXIT_OK
    assert capsys.readouterr() == expected


def test_gbk_ledger_without_encoding_reports_each_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --encoding each line that is not UTF-8 is reported at its line with the
    hint; every other record is still read."""
    name, wide = gbk_copy(tmp_path)
    assert wide  # the example has Chinese text
    assert main(progress(name, "--all-problems")) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    bad = [line for line in err.splitlines() if "[bad-encoding]" in line]
    assert sorted(int(line.split(":")[1]) for line in bad) == wide
    assert all("looks like GBK" in line and "encoding='gbk'" in line for line in bad)
    good = 92 - len(wide)  # 92 records, 22 of them on lines with Chinese text: 70
    assert f"records: {good} read, {good} used" in out
    assert f"; unreadable lines: {len(wide)} (see the problems)" in out


def test_many_problems_of_one_code_are_counted_past_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --all-problems, the first 20 lines of one code are printed and the others
    counted on one line (22 lines with Chinese text: 20 printed, 2 counted); the output
    and the exit status do not change."""
    name, wide = gbk_copy(tmp_path)
    assert len(wide) == 22
    assert main(progress(name)) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert main(progress(name, "--all-problems")) == EXIT_BAD_INPUT
    every_out, every_err = capsys.readouterr()
    assert out == every_out
    lines = err.splitlines()
    assert lines[:20] == every_err.splitlines()[:20]
    unshown = "like the ones above not shown; --all-problems shows every one"
    assert lines[20:] == [f"campaignkit: 2 more problems [bad-encoding] {unshown}"]


@pytest.mark.parametrize("command", ["progress", "report", "briefing"])
def test_unknown_encoding_is_an_option_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An encoding Python does not know, or UTF-16, is bad input naming --encoding."""
    when = ["--week", "2010-03-01"] if command == "briefing" else ["--as-of", "2010-04-02"]
    for encoding in ("klingon", "utf-16"):
        argv = [command, CAMPAIGN, "--records", str(RECORDS), *when, "--encoding", encoding]
        argv += ["-o", str(tmp_path / "out.html")] if command != "progress" else []
        assert main(argv) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert "--encoding" in err
        assert "[unknown-encoding]" in err
