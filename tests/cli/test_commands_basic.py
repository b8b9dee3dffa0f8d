"""The ``campaignkit`` command: validate, schema, help, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import campaignkit
import campaignkit.cli._validate
from campaignkit import SchedulingError
from campaignkit.cli import (
    COMMANDS,
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_OK,
    main,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"
CHANGSHENG = Path(__file__).parents[2] / "examples" / "changsheng" / "campaign.yaml"

MINIMAL = "id: drive\nname: Drive\nwindow: {start: 2026-03-02, end: 2026-05-29}\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    """Write *text* to a file under *tmp_path*; return its name as the command gets it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestValidate:
    def test_valid_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A valid file: exit 0 and one summary line with its counts."""
        assert main(["validate", str(EXAMPLE), "--lang", "en"]) == EXIT_OK
        out, err = capsys.readouterr()
        assert out == f"{EXAMPLE}: ok — 3 phases, 3 mechanisms, 2 series, 3 indicators\n"
        assert err == ""

    def test_valid_file_in_the_campaigns_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --lang the summary speaks the campaign's language (German here)."""
        assert main(["validate", str(EXAMPLE)]) == EXIT_OK
        out, _ = capsys.readouterr()
        assert out == f"{EXAMPLE}: in Ordnung — 3 Phasen, 3 Verfahren, 2 Reihen, 3 Kennzahlen\n"

    @pytest.mark.parametrize(
        ("variables", "start"),
        [
            ({"LANG": "zh_CN.UTF-8"}, "：通过"),
            ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, ": ok"),
            ({"LANG": "C.UTF-8"}, ": ok"),
            ({"LC_MESSAGES": "fr_FR.UTF-8"}, ": ok"),
        ],
    )
    def test_language_of_the_locale(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        variables: dict[str, str],
        start: str,
    ) -> None:
        """A campaign without a language is summed up in the locale's language (LC_ALL
        before LC_MESSAGES before LANG); C, and a language with no catalog, give English."""
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        name = write(tmp_path, "c.yaml", MINIMAL)
        assert main(["validate", name]) == EXIT_OK
        assert capsys.readouterr().out.startswith(name + start)

    def test_campaign_language_before_the_locale(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The campaign's language comes before the locale's; --lang before both."""
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        assert main(["validate", str(EXAMPLE)]) == EXIT_OK
        assert ": in Ordnung — " in capsys.readouterr().out
        assert main(["validate", str(EXAMPLE), "--lang", "en-GB"]) == EXIT_OK
        assert ": ok — " in capsys.readouterr().out

    def test_warnings_go_to_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A valid file with advice: exit 0, the advice on stderr marked as warnings."""
        name = write(tmp_path, "c.yaml", MINIMAL + "phases: [{id: run, name: Run, duration: 5}]\n")
        assert main(["validate", name]) == EXIT_OK
        out, err = capsys.readouterr()
        assert out == f"{name}: ok — 1 phases, 0 mechanisms, 0 series, 0 indicators\n"
        assert (
            err
            == f"{name}: $.phases[0]: nobody is assigned to phase 'run' [no-assignment] (warning)\n"
        )

    def test_invalid_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid file: exit 2, one line per problem on stderr, with line and column."""
        name = write(tmp_path, "c.yaml", MINIMAL + "nmae: x\npeople: [{id: a, name: 1}]\n")
        assert main(["validate", name]) == EXIT_BAD_INPUT
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == [
            f"{name}:5:24: $.people[0].name: expected a string, got an integer (1) [wrong-type]",
            f"{name}:4:7: $.nmae: unknown key 'nmae' (did you mean 'name'?) [unknown-key]",
        ]

    def test_problem_without_position(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A problem with no line in the file is printed with its path only."""
        name = write(tmp_path, "c.json", '{"id": "a", "id": "b"}')
        assert main(["validate", name]) == EXIT_BAD_INPUT
        _, err = capsys.readouterr()
        assert err == f"{name}: $: the key 'id' appears twice in one object [duplicate-key]\n"

    def test_syntax_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A syntax error is one located line."""
        name = write(tmp_path, "c.toml", 'id = "drive"\nname = Drive\n')
        assert main(["validate", name]) == EXIT_BAD_INPUT
        _, err = capsys.readouterr()
        assert err.startswith(f"{name}:2:8: $: invalid TOML")
        assert err.endswith("[syntax]\n")

    def test_several_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every file is checked; one bad file makes the status 2."""
        bad = write(tmp_path, "bad.yaml", "")
        assert main(["validate", str(EXAMPLE), bad, "--lang", "en"]) == EXIT_BAD_INPUT
        out, err = capsys.readouterr()
        assert out.startswith(f"{EXAMPLE}: ok")
        assert err == f"{bad}: $: the document is empty [empty]\n"

    def test_missing_and_unknown_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that does not exist or has no known extension is bad input."""
        absent, text = str(tmp_path / "absent.yaml"), write(tmp_path, "c.txt", MINIMAL)
        assert main(["validate", absent, text]) == EXIT_BAD_INPUT
        _, err = capsys.readouterr()
        codes = [line.rsplit(" ", 1)[-1] for line in err.splitlines()]
        assert codes == ["[unreadable]", "[unknown-format]"]


class TestSchema:
    def test_prints_the_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``schema`` prints the JSON Schema, indented, keys sorted."""
        assert main(["schema"]) == EXIT_OK
        out, _ = capsys.readouterr()
        assert json.loads(out) == campaignkit.io.schema()
        assert (
            out == json.dumps(json.loads(out), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )


class TestCommandLine:
    @pytest.mark.parametrize("argv", [["--help"], *([c.name, "--help"] for c in COMMANDS)])
    def test_help(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """``--help`` works for the command and every subcommand."""
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
        assert "usage: campaignkit" in capsys.readouterr().out

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--version`` prints the version."""
        with pytest.raises(SystemExit) as info:
            main(["--version"])
        assert info.value.code == 0
        assert capsys.readouterr().out == f"campaignkit {campaignkit.__version__}\n"

    @pytest.mark.parametrize("argv", [[], ["frobnicate"], ["validate"]])
    def test_usage_error(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """A missing or unknown subcommand, or a missing file, is a usage error (status 2)."""
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        assert "usage: campaignkit" in capsys.readouterr().err

    def test_internal_error(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unexpected exception is status 1 and a short message, without a traceback."""

        def broken(*_: object) -> None:
            raise RuntimeError("something broke")

        monkeypatch.setattr(campaignkit.cli._validate, "load_campaign", broken)
        assert main(["validate", str(EXAMPLE)]) == EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err == "campaignkit: internal error: RuntimeError: something broke\n"

    def test_internal_error_debug(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With ``--debug`` the traceback of an internal error is shown."""

        def broken(*_: object) -> None:
            raise RuntimeError("something broke")

        monkeypatch.setattr(campaignkit.cli._validate, "load_campaign", broken)
        assert main(["--debug", "validate", str(EXAMPLE)]) == EXIT_INTERNAL
        err = capsys.readouterr().err
        assert "Traceback (most recent call last)" in err
        assert err.endswith("campaignkit: internal error: RuntimeError: something broke\n")

    def test_error_from_a_command(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A campaignkit error a command lets through is bad input (status 2), each problem a line."""

        def refuse() -> None:
            raise SchedulingError.single("$.phases[2]", "phase-overruns-window", "too long")

        monkeypatch.setattr(campaignkit.cli._validate, "schema", refuse)
        assert main(["schema"]) == EXIT_BAD_INPUT
        assert capsys.readouterr().err == "-: $.phases[2]: too long [phase-overruns-window]\n"

    def test_broken_pipe(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When the reader of the output goes away, the command stops quietly."""

        def hang_up() -> None:
            raise BrokenPipeError

        monkeypatch.setattr(campaignkit.cli._validate, "schema", hang_up)
        assert main(["schema"]) == EXIT_BROKEN_PIPE
        assert capsys.readouterr() == ("", "")

    def test_a_stream_without_chinese_gets_escapes(self) -> None:
        """With stdout in ASCII (a legacy code page), the Chinese names of a schedule come
        out as backslash escapes, not as an encoding error half-way through the table."""
        env = {**os.environ, "PYTHONIOENCODING": "ascii"}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "campaignkit",
                "schedule",
                str(CHANGSHENG),
                "--to",
                "2010-01-31",
            ],
            capture_output=True,
            check=False,
            env=env,
        )
        assert (run.returncode, run.stderr) == (0, b"")
        out = run.stdout.decode("ascii")  # every byte is ASCII
        assert "\\u957f\\u751f\\u6865" in out  # 长生桥, the town's name
        assert "2010-01-" in out

    def test_python_dash_m(self, tmp_path: Path) -> None:
        """``python -m campaignkit`` runs the command in a process of its own."""
        ok = subprocess.run(
            [sys.executable, "-m", "campaignkit", "validate", str(EXAMPLE), "--lang", "en"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert (ok.returncode, ok.stderr) == (0, "")
        assert ok.stdout.startswith(f"{EXAMPLE}: ok — ")
        bad = subprocess.run(
            [sys.executable, "-m", "campaignkit", "validate", write(tmp_path, "c.json", "[]")],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert bad.returncode == 2
        assert "[wrong-type]" in bad.stderr
        assert "Traceback" not in bad.stderr
