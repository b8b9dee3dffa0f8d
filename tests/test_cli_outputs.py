"""What the commands write: never over an input, nothing raw to a terminal, quiet on a
closed pipe."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.io import dump
from campaignkit.model import Activity, ActivitySeries, Campaign, Window

EXAMPLE = Path(__file__).parents[1] / "examples" / "changsheng"


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the Changsheng campaign and records, which a command must not overwrite."""
    campaign = tmp_path / "campaign.yaml"
    records = tmp_path / "records.csv"
    shutil.copy(EXAMPLE / "campaign.yaml", campaign)
    shutil.copy(EXAMPLE / "records.csv", records)
    return campaign, records


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its status, stdout and stderr."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


class TestOutputIsInput:
    """Regression: an output path equal to an input overwrote the input with exit 0."""

    @pytest.mark.parametrize(
        ("command", "option", "victim"),
        [
            ("report", "-o", "records"),
            ("report", "-o", "campaign"),
            ("report", "--output", "records"),
            ("briefing", "-o", "records"),
            ("briefing", "-o", "campaign"),
            ("schedule", "--ics", "campaign"),
        ],
    )
    def test_same_file_refused(
        self,
        inputs: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str],
        command: str,
        option: str,
        victim: str,
    ) -> None:
        """The output naming an input is bad input at the option; the input is unchanged."""
        campaign, records = inputs
        target = campaign if victim == "campaign" else records
        before = target.read_bytes()
        status, out, err = run([*_argv(command, campaign, records), option, str(target)], capsys)
        argument = "FILE" if victim == "campaign" else "--records"
        shown = "-o" if option == "--output" else option
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            f"command line: {shown}: {str(target)!r} is the input {argument} ({str(target)!r}): "
            "writing it would overwrite it [output-is-input]\n"
        )
        assert target.read_bytes() == before

    def test_through_a_symbolic_link(
        self, inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A symbolic link to the records file is the records file."""
        campaign, records = inputs
        link = records.with_name("link.md")
        link.symlink_to(records)
        before = records.read_bytes()
        status, _, err = run([*_argv("report", campaign, records), "-o", str(link)], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.endswith("[output-is-input]\n")
        assert records.read_bytes() == before
        assert link.is_symlink()

    def test_through_a_hard_link(
        self, inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A hard link to the campaign file is the campaign file."""
        campaign, _ = inputs
        link = campaign.with_name("plan.ics")
        os.link(campaign, link)
        before = campaign.read_bytes()
        status, _, err = run(["schedule", str(campaign), "--ics", str(link)], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.endswith("[output-is-input]\n")
        assert campaign.read_bytes() == before

    def test_weights_file(
        self, inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The weights file of a report is an input too."""
        campaign, records = inputs
        weights = campaign.with_name("w.json")
        weights.write_text('{"forum": 1}', encoding="utf-8")
        argv = [*_argv("report", campaign, records), "--weights", str(weights)]
        status, _, err = run([*argv, "-o", str(weights)], capsys)
        assert status == EXIT_BAD_INPUT
        assert "is the input --weights" in err
        assert weights.read_text(encoding="utf-8") == '{"forum": 1}'

    def test_other_file_written(
        self, inputs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file beside the inputs is written as before."""
        campaign, records = inputs
        target = campaign.with_name("report.md")
        status, out, err = run([*_argv("report", campaign, records), "-o", str(target)], capsys)
        assert (status, out, err) == (EXIT_OK, "", "")
        assert target.read_text(encoding="utf-8").startswith("# ")


class TestEmptyOutputPath:
    """Regression: ``--ics ''`` and ``-o ''`` were taken as "not given"."""

    @pytest.mark.parametrize(
        ("command", "option"), [("schedule", "--ics"), ("report", "-o"), ("briefing", "-o")]
    )
    def test_refused(
        self,
        inputs: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str],
        command: str,
        option: str,
    ) -> None:
        """An empty output path is bad input at its option, and nothing is printed."""
        campaign, records = inputs
        status, out, err = run([*_argv(command, campaign, records), option, ""], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == f"command line: {option}: an empty path names no file [empty-path]\n"


def _argv(command: str, campaign: Path, records: Path) -> list[str]:
    if command == "schedule":
        return ["schedule", str(campaign)]
    day = ["--as-of", "2010-04-02"] if command == "report" else ["--week", "2010-02-22"]
    return [command, str(campaign), "--records", str(records), *day]


def hostile(tmp_path: Path, name: str = "=HYPERLINK(1)", venue: str = "@SUM(1)") -> str:
    """A campaign file whose series is called *name* and whose one activity is held at *venue*."""
    campaign = Campaign(
        id="c",
        name="C",
        window=Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31)),
        series=(
            ActivitySeries(
                id="s",
                name=name,
                activities=(Activity(id="a", name="A", date=dt.date(2010, 3, 2), venue=venue),),
            ),
        ),
    )
    path = tmp_path / "c.yaml"
    dump(campaign, path)
    return str(path)


class TestCsvFormulas:
    def test_schedule_neutralised(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """schedule --format csv writes the venue with an apostrophe; --raw-csv as it is."""
        name = hostile(tmp_path)
        _, out, _ = run(["schedule", name, "--format", "csv"], capsys)
        assert out.splitlines()[1].endswith(",'@SUM(1)")
        _, out, _ = run(["schedule", name, "--format", "csv", "--raw-csv"], capsys)
        assert out.splitlines()[1].endswith(",@SUM(1)")

    def test_progress_neutralised(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """progress --format csv writes the series name with an apostrophe; --raw-csv as it
        is."""
        name = hostile(tmp_path)
        records = tmp_path / "r.csv"
        records.write_text("kind,date,subject\nheld,2010-03-02,a\n", encoding="utf-8")
        argv = ["progress", name, "--records", str(records), "--as-of", "2010-03-31"]
        status, out, err = run([*argv, "--format", "csv"], capsys)
        assert (status, err) == (EXIT_OK, "")
        rows = {r["path"]: r for r in csv.DictReader(io.StringIO(out))}
        assert rows["campaign/series:s"]["name"] == "'=HYPERLINK(1)"
        _, out, _ = run([*argv, "--format", "csv", "--raw-csv"], capsys)
        rows = {r["path"]: r for r in csv.DictReader(io.StringIO(out))}
        assert rows["campaign/series:s"]["name"] == "=HYPERLINK(1)"
