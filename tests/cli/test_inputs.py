"""What the command reads: the campaign file from standard input (``-`` with
``--input-format``), and campaign or weights files that are FIFOs, devices, directories or
too large, or hold extreme numbers (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campaignkit import ValidationError
from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.io import MAX_FILE_BYTES, dumps, load, load_weights
from campaignkit.io import _files as files

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
CAMPAIGN = EXAMPLE / "campaign.yaml"
RECORDS = str(EXAMPLE / "records.csv")
PROGRESS = ["progress", str(CAMPAIGN), "--records", RECORDS, "--as-of", "2010-04-02"]
MINIMAL = "id: drive\nname: Drive\nwindow: {start: '2026-03-02', end: '2026-05-29'}\n"
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def command(
    *argv: str, stdin: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m campaignkit ARGV`` in a process of its own, with *stdin* as its
    standard input (an empty one when None); a hang fails the test at *timeout*."""
    run = subprocess.run(
        [sys.executable, "-m", "campaignkit", *argv],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        check=False,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        run.args, run.returncode, run.stdout.decode("utf-8"), run.stderr.decode("utf-8")
    )


class TestStandardInput:
    def test_validate(self) -> None:
        """``validate - --input-format yaml`` reads the campaign from standard input."""
        run = command("validate", "-", "--input-format", "yaml", stdin=MINIMAL.encode())
        assert (run.returncode, run.stderr) == (EXIT_OK, "")
        assert run.stdout == "-: ok — 0 phases, 0 mechanisms, 0 series, 0 indicators\n"

    def test_schedule_same_as_from_the_file(self) -> None:
        """``schedule -`` with the Changsheng campaign on stdin lists what the file gives."""
        from_file = command("schedule", str(CAMPAIGN), "--format", "csv")
        from_stdin = command(
            "schedule", "-", "--input-format", "yaml", "--format", "csv",
            stdin=CAMPAIGN.read_bytes(),
        )  # fmt: skip
        assert (from_stdin.returncode, from_stdin.stderr) == (EXIT_OK, "")
        assert from_stdin.stdout == from_file.stdout
        assert from_stdin.stdout.count("\n") == 74  # a header and 73 items

    def test_progress_json_from_stdin(self) -> None:
        """``progress -`` with a JSON campaign on stdin: the same progress as from the file."""
        text = dumps(load(CAMPAIGN), "json").encode()
        argv = ["progress", "-", "--input-format", "json", *PROGRESS[2:], "--format", "json"]
        from_stdin = command(*argv, stdin=text)
        from_file = command(*PROGRESS, "--format", "json")
        assert from_stdin.returncode == from_file.returncode
        assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)

    def test_format_required(self) -> None:
        """``-`` without --input-format: bad input naming the option, nothing read."""
        run = command("schedule", "-", stdin=MINIMAL.encode())
        assert (run.returncode, run.stdout) == (EXIT_BAD_INPUT, "")
        assert run.stderr.startswith("command line: --input-format: reading the campaign")
        assert run.stderr.endswith("[unknown-format]\n")

    def test_problems_located_in_stdin(self) -> None:
        """A syntax error on standard input is located at <stdin>, line and column."""
        run = command("validate", "-", "--input-format", "json", stdin=b'{"id": "x",\n  oops}')
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stderr.startswith("<stdin>:2:3: $: invalid JSON")
        assert "Traceback" not in run.stderr

    def test_scheduling_problems_located_in_stdin(self) -> None:
        """A problem found while scheduling names <stdin> too, not '-'."""
        text = MINIMAL + "phases:\n  - {id: a, name: A, duration: 400}\n"
        run = command("schedule", "-", "--input-format", "yaml", stdin=text.encode())
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stderr.startswith("<stdin>: $.phases[0]: phase 'a' would end on 2027-09-10")
        assert run.stderr.endswith("[phase-overruns-window]\n")

    def test_dash_twice(self) -> None:
        """``validate - -``: standard input is read once; the second is unreadable, not an
        internal error."""
        run = command("validate", "-", "-", "--input-format", "yaml", stdin=MINIMAL.encode())
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stdout == "-: ok — 0 phases, 0 mechanisms, 0 series, 0 indicators\n"
        assert run.stderr == (
            "<stdin>: $: standard input is closed, or was read already (- can be given once)"
            " [unreadable]\n"
        )

    @POSIX
    def test_closed_stdin(self) -> None:
        """A command started with standard input closed (``<&-``) reports it."""
        run = subprocess.run(
            [sys.executable, "-m", "campaignkit", "validate", "-", "--input-format", "yaml"],
            capture_output=True,
            check=False,
            timeout=60,
            preexec_fn=lambda: os.close(0),
        )
        assert run.returncode == EXIT_BAD_INPUT
        assert b"[unreadable]" in run.stderr
        assert b"internal error" not in run.stderr

    def test_over_the_limit(self) -> None:
        """More than MAX_FILE_BYTES on standard input is too-large, and the command
        stops reading there."""
        run = command("validate", "-", "--input-format", "yaml", stdin=b"#" * (MAX_FILE_BYTES + 1))
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stderr == (
            f"<stdin>: $: the input is larger than the limit of {MAX_FILE_BYTES} bytes"
            " [too-large]\n"
        )

    def test_format_overrides_the_extension(self, tmp_path: Path) -> None:
        """--input-format reads a file whose extension says nothing."""
        path = tmp_path / "campaign.txt"
        path.write_text(MINIMAL, encoding="utf-8")
        assert main(["validate", str(path), "--input-format", "yaml"]) == EXIT_OK


class TestRecordsFromStandardInput:
    def test_same_progress_as_from_the_file(self) -> None:
        """``--records - --records-format csv`` gives the progress the file gives, byte for
        byte."""
        argv = [*PROGRESS[:3], "-", "--records-format", "csv", *PROGRESS[4:], "--format", "json"]
        from_stdin = command(*argv, stdin=Path(RECORDS).read_bytes())
        from_file = command(*PROGRESS, "--format", "json")
        assert (from_stdin.returncode, from_stdin.stderr) == (EXIT_OK, "")
        assert from_stdin.stdout == from_file.stdout

    def test_jsonl(self) -> None:
        """JSON Lines from standard input; a bad line is located at <stdin> and its line."""
        lines = [
            '{"kind": "reading", "date": "2010-03-01", "indicator": "study-notes", "value": 5}',
            "not json",
            '{"kind": "reading", "date": "2010-03-02", "indicator": "nope", "value": 1}',
        ]
        argv = [*PROGRESS[:3], "-", "--records-format", "jsonl", *PROGRESS[4:]]
        run = command(*argv, stdin="\n".join(lines).encode())
        assert run.returncode == EXIT_BAD_INPUT
        first, second = run.stderr.splitlines()
        assert first == "<stdin>:2:1: $: not JSON: Expecting value [bad-json]"
        assert second.startswith("<stdin>:3: $.indicator: ")  # an id-less row: by its line
        assert second.endswith(
            "indicator 'nope' is not defined in this campaign [unknown-reference]"
        )

    def test_briefing(self) -> None:
        """briefing reads its records from standard input too."""
        argv = ["briefing", str(CAMPAIGN), "--records", "-", "--records-format", "csv"]
        run = command(*argv, "--week", "2010-03-01", stdin=Path(RECORDS).read_bytes())
        from_file = command("briefing", str(CAMPAIGN), "--records", RECORDS, "--week", "2010-03-01")
        assert (run.returncode, run.stdout) == (from_file.returncode, from_file.stdout)

    def test_format_required(self) -> None:
        """``--records -`` without --records-format: bad input naming the option."""
        run = command(*PROGRESS[:3], "-", *PROGRESS[4:], stdin=Path(RECORDS).read_bytes())
        assert (run.returncode, run.stdout) == (EXIT_BAD_INPUT, "")
        assert run.stderr.startswith("command line: --records-format: reading the records")
        assert run.stderr.endswith("[unknown-format]\n")

    def test_not_both_from_standard_input(self) -> None:
        """The campaign and the records cannot both be ``-``: standard input is read once."""
        argv = ["progress", "-", "--input-format", "yaml", "--records", "-"]
        run = command(
            *argv, "--records-format", "csv", "--as-of", "2010-04-02",
            stdin=CAMPAIGN.read_bytes(),
        )  # fmt: skip
        assert (run.returncode, run.stdout) == (EXIT_BAD_INPUT, "")
        assert run.stderr == (
            "command line: --records: standard input was read for the campaign (FILE -):"
            " give the records as a file [invalid-value]\n"
        )


class TestNotARegularFile:
    @POSIX
    def test_campaign_fifo(self, tmp_path: Path) -> None:
        """A FIFO as the campaign file: refused at once (it used to wait for a writer)."""
        fifo = tmp_path / "c.yaml"
        os.mkfifo(fifo)
        run = command("schedule", str(fifo), timeout=30)
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stderr == (
            f"{fifo}: $: cannot read a FIFO (named pipe): give a regular file [not-a-file]\n"
        )

    @POSIX
    def test_campaign_dev_zero(self) -> None:
        """/dev/zero as the campaign file: refused without reading it."""
        run = command("validate", "/dev/zero", "--input-format", "yaml", timeout=30)
        assert run.returncode == EXIT_BAD_INPUT
        assert run.stderr.endswith(
            "cannot read a character device: give a regular file [not-a-file]\n"
        )

    def test_campaign_directory(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory as the campaign file is not-a-file."""
        folder = tmp_path / "c.yaml"
        folder.mkdir()
        assert main(["schedule", str(folder)]) == EXIT_BAD_INPUT
        assert capsys.readouterr().err.endswith("[not-a-file]\n")

    @POSIX
    def test_weights_fifo(self, tmp_path: Path) -> None:
        """A FIFO as the weights file: refused at once, located in it."""
        fifo = tmp_path / "w.yaml"
        os.mkfifo(fifo)
        run = command(*PROGRESS, "--weights", str(fifo), timeout=60)
        assert (run.returncode, run.stdout) == (EXIT_BAD_INPUT, "")
        assert run.stderr.startswith(f"{fifo}: $: cannot read a FIFO")

    @POSIX
    def test_weights_dev_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """/dev/zero as the weights file: refused as a device before anything else."""
        assert main([*PROGRESS, "--weights", "/dev/zero"]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert (
            err
            == "/dev/zero: $: cannot read a character device: give a regular file [not-a-file]\n"
        )

    @POSIX
    def test_weights_link_to_dev_zero(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A weights.yaml that links to /dev/zero is refused as a device, not read."""
        link = tmp_path / "w.yaml"
        link.symlink_to("/dev/zero")
        assert main([*PROGRESS, "--weights", str(link)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert (
            err == f"{link}: $: cannot read a character device: give a regular file [not-a-file]\n"
        )

    def test_weights_over_the_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A weights file over the limit (here lowered to 20 bytes) is too-large."""
        campaign = load(CAMPAIGN)
        monkeypatch.setattr(files, "MAX_FILE_BYTES", 20)
        path = tmp_path / "w.yaml"
        path.write_text("forum: 1\n" * 3, encoding="utf-8")  # 27 bytes
        with pytest.raises(ValidationError) as info:
            load_weights(path, campaign)
        assert [str(p) for p in info.value.problems] == [
            f"{path}: $: the file is larger than the limit of 20 bytes [too-large]"
        ]


class TestExtremeWeights:
    @pytest.mark.parametrize(
        ("name", "text"),
        [
            ("w.yaml", "forum: 1" + "0" * 400 + "\n"),
            ("w.json", '{"forum": 1' + "0" * 400 + "}"),
            ("w.toml", "forum = 1" + "0" * 400 + "\n"),
        ],
    )
    def test_400_digits(
        self, tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A 400-digit weight (OverflowError, 'internal error' before) is invalid-weight at
        its key, in each format."""
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert main([*PROGRESS, "--weights", str(path)]) == EXIT_BAD_INPUT
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            f'{path}: $["forum"]: a weight must be a finite number >= 0'
            " (got a number beyond 1e308) [invalid-weight]\n"
        )

    @pytest.mark.parametrize(
        ("name", "text"),
        [("w.yaml", "forum: .inf\n"), ("w.toml", "forum = inf\n"), ("w.yaml", "forum: 1e999\n")],
    )
    def test_infinite(
        self, tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An infinite weight is invalid-weight at its key."""
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert main([*PROGRESS, "--weights", str(path)]) == EXIT_BAD_INPUT
        assert capsys.readouterr().err.startswith(f'{path}: $["forum"]: a weight must be')

    def test_5000_digits(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """5,000 digits, beyond what Python converts: a syntax problem in the file."""
        path = tmp_path / "w.json"
        path.write_text('{"forum": 1' + "0" * 5000 + "}", encoding="utf-8")
        assert main([*PROGRESS, "--weights", str(path)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert err.startswith(f"{path}: $: invalid JSON")
        assert err.endswith("[syntax]\n")

    def test_every_bad_key_reported(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two 400-digit weights: both keys reported."""
        path = tmp_path / "w.yaml"
        big = "1" + "0" * 400
        path.write_text(f"forum: {big}\nadvice: -{big}\n", encoding="utf-8")
        assert main([*PROGRESS, "--weights", str(path)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err.splitlines()
        assert [line.split(": ")[1] for line in err] == ['$["forum"]', '$["advice"]']
