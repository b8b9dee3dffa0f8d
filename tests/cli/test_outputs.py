"""What the commands write: never over an input, nothing raw to a terminal, quiet on a
closed pipe."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import Problem
from campaignkit.cli import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_OK, main
from campaignkit.cli._common import print_result, to_json
from campaignkit.cli._outcome import format_problem
from campaignkit.io import dump
from campaignkit.model import Activity, ActivitySeries, CalendarSpec, Campaign, Window

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"


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
    """A campaign file whose series and its one activity are called *name*, the activity
    held at *venue*."""
    campaign = Campaign(
        id="c",
        name="C",
        window=Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31)),
        series=(
            ActivitySeries(
                id="s",
                name=name,
                activities=(Activity(id="a", name=name, date=dt.date(2010, 3, 2), venue=venue),),
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


RED, BEL = "\x1b[31m", "\x07"


class TestControlCharacters:
    """Regression: ESC, BEL and other control characters in names reached the terminal raw."""

    def test_names_refused_at_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A campaign file naming its campaign with ESC and BEL is refused as bad-text, and
        the problem line sends no control character to the terminal."""
        path = tmp_path / "c.yaml"
        path.write_text(
            'id: c\nname: "\\e[31mC\\a"\nwindow: {start: "2010-03-01", end: "2010-03-02"}\n',
            encoding="utf-8",
        )
        status, out, err = run(["validate", str(path)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert "[bad-text]" in err
        assert "\x1b" not in err
        assert "\x07" not in err

    def test_problem_on_stderr(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A problem line quoting a file name with ESC and BEL shows them escaped, on one
        line."""
        name = str(tmp_path / f"{RED}c\n{BEL}.yaml")
        status, out, err = run(["validate", name], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert "\x1b" not in err
        assert "\x07" not in err
        assert err.count("\n") == 1
        assert err.startswith(str(tmp_path) + "/\\x1b[31mc\\n\\x07.yaml: $: ")

    @pytest.mark.parametrize(
        "argv",
        [
            ["schedule", str(EXAMPLE / "campaign.yaml"), f"extra{RED}\x1b]0;owned{BEL}"],
            [f"--x{RED}"],
            ["schedule", f"--x{RED}", str(EXAMPLE / "campaign.yaml")],
        ],
    )
    def test_usage_errors(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Regression: argparse quoted an unknown argument as it is, so an escape sequence
        in one reached the terminal (retitling or clearing it); it is shown escaped."""
        with pytest.raises(SystemExit) as exited:
            main(argv)
        err = capsys.readouterr().err
        assert exited.value.code == EXIT_BAD_INPUT
        assert "\x1b" not in err
        assert "\x07" not in err
        assert "error:" in err

    def test_summary_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """validate's summary line names the file with its control characters escaped."""
        path = tmp_path / f"{RED}{BEL}.yaml"
        shutil.copy(EXAMPLE / "campaign.yaml", path)
        status, out, _ = run(["validate", str(path), "--lang", "en"], capsys)
        assert status == EXIT_OK
        assert out.startswith(str(tmp_path) + "/\\x1b[31m\\x07.yaml: ok — ")

    def test_json_is_valid_and_escapes_c1(self) -> None:
        """JSON output escapes C1 controls (which JSON allows raw) and reads back the same."""
        text = to_json({"name": f"{RED}\x9b2J{BEL}"})
        assert not any(c in text for c in "\x1b\x07\x9b")
        assert json.loads(text) == {"name": f"{RED}\x9b2J{BEL}"}

    def test_data_to_a_file_is_exact(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """CSV to a pipe or file is data: written as it is."""
        stream = io.StringIO()
        monkeypatch.setattr(sys, "stdout", stream)
        print_result(f"a,b\r\nn,{RED}v\r\n", table=False)
        assert stream.getvalue() == f"a,b\r\nn,{RED}v\r\n"

    def test_data_to_a_terminal_escaped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """CSV printed on a terminal has its control characters escaped; line ends kept."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stdout", terminal)
        print_result(f"a,b\r\nn,{RED}v\r\n", table=False)
        assert terminal.getvalue() == "a,b\r\nn,\\x1b[31mv\r\n"


class TestBrokenPipe:
    """Regression: ``campaignkit schema | head -1`` sometimes exited 1, "internal error"."""

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
    @pytest.mark.parametrize(
        "argv",
        [
            ["schema"],
            ["schedule", str(EXAMPLE / "campaign.yaml")],
            ["schedule", str(EXAMPLE / "campaign.yaml"), "--format", "json"],
            ["calendar", "CN", "2010"],
        ],
    )
    def test_closed_pipe(self, argv: list[str]) -> None:
        """With the reading end of stdout closed before a byte is written, the command exits
        141 and writes nothing on stderr."""
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the command writes
        try:
            done = subprocess.run(
                [sys.executable, "-m", "campaignkit", *argv],
                stdout=write,
                stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                timeout=120,
                check=False,
            )
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (EXIT_BROKEN_PIPE, b"")

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
    def test_reader_stops_after_one_line(self) -> None:
        """A reader that takes one line and closes the pipe (as head -1 does) never gets an
        internal error: the command exits 0 (it had written everything) or 141, quietly."""
        with subprocess.Popen(
            [sys.executable, "-m", "campaignkit", "schema"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        ) as command:
            assert command.stdout is not None
            assert command.stderr is not None
            assert command.stdout.readline() == b"{\n"
            command.stdout.close()
            err = command.stderr.read()
            status = command.wait(timeout=120)
        assert (status in (EXIT_OK, EXIT_BROKEN_PIPE), err) == (True, b"")


class TestProblemLines:
    @given(st.text(), st.text(), st.text())
    def test_one_line_no_control(self, source: str, path: str, message: str) -> None:
        """Whatever text a problem quotes, its line is one line with no control character
        and no lone surrogate, and it encodes in UTF-8."""
        line = format_problem(Problem(path, "invalid-value", message, source=source or None))
        assert not any(unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} for c in line)
        line.encode("utf-8")

    def test_lone_surrogate_to_a_utf8_pipe(self) -> None:
        """A lone surrogate (a file name in another encoding) printed by the command to a
        UTF-8 pipe comes out as its escape, not as an encoding error."""
        script = (
            "import sys; from campaignkit import cli; cli._escape_what_cannot_be_printed(); "
            "sys.stdout.write('a\\udc80\\n')"
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join(sys.path),
                "PYTHONIOENCODING": "utf-8",
            },
            timeout=120,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, b"a\\udc80\n", b"")


class TestHolidayDataWarning:
    def test_told_by_every_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A campaign in years the holidays package has no data for is told on stderr by
        schedule, not only by validate; the command still succeeds."""
        campaign = Campaign(
            id="c",
            name="C",
            window=Window(start=dt.date(1940, 3, 1), end=dt.date(1940, 3, 5)),
            calendar=CalendarSpec(country="CN"),
        )
        path = tmp_path / "c.yaml"
        dump(campaign, path)
        status, _, err = run(["schedule", str(path)], capsys)
        assert status == EXIT_OK
        assert "[outside-holiday-data] (warning)" in err
        assert err.startswith(f"{path}: $.window: the holidays package has CN holidays for ")
