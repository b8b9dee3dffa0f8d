"""Reading campaign files that are not plain files: FIFOs, devices, directories, streams,
and files over the size limit (issue 10)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from campaignkit import Problem, ValidationError
from campaignkit.io import _files as files
from campaignkit.io import load, load_stream, loads, read_text

T = TypeVar("T")

MINIMAL = "id: drive\nname: Drive\nwindow: {start: '2026-03-02', end: '2026-05-29'}\n"
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def within(seconds: float, call: Callable[[], T]) -> T:
    """The result of *call*, which must return (or raise) within *seconds*: a hang fails
    the test rather than blocking the suite."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s"
    if failure:
        raise failure[0]
    return outcome[0]


def problem_of(call: Callable[[], object]) -> Problem:
    """The one problem of the ValidationError *call* raises, within 10 seconds."""
    with pytest.raises(ValidationError) as info:
        within(10, call)
    (problem,) = info.value.problems
    return problem


class TestNotARegularFile:
    @POSIX
    def test_fifo_does_not_block(self, tmp_path: Path) -> None:
        """A FIFO with no writer is refused at once (open() used to wait for a writer)."""
        path = tmp_path / "c.yaml"
        os.mkfifo(path)
        problem = problem_of(lambda: load(path))
        assert (problem.code, problem.path, problem.source) == ("not-a-file", "$", str(path))
        assert "FIFO" in problem.message

    @POSIX
    def test_dev_zero_is_not_read(self) -> None:
        """/dev/zero is a character device: refused without reading 10 MiB of zeros."""
        problem = problem_of(lambda: load("/dev/zero", format="yaml"))
        assert (problem.code, problem.source) == ("not-a-file", "/dev/zero")
        assert "character device" in problem.message

    def test_directory(self, tmp_path: Path) -> None:
        """A directory named like a campaign file is not-a-file."""
        path = tmp_path / "c.yaml"
        path.mkdir()
        problem = problem_of(lambda: load(path))
        assert (problem.code, problem.source) == ("not-a-file", str(path))
        assert "directory" in problem.message

    def test_link_to_a_file_reads_the_file(self, tmp_path: Path) -> None:
        """A symbolic link to a regular file reads the file."""
        (tmp_path / "real.yaml").write_text(MINIMAL, encoding="utf-8")
        link = tmp_path / "c.yaml"
        link.symlink_to(tmp_path / "real.yaml")
        assert load(link) == loads(MINIMAL)

    def test_missing_file_is_unreadable(self, tmp_path: Path) -> None:
        """A file that does not exist is unreadable, located in it."""
        problem = problem_of(lambda: load(tmp_path / "none.yaml"))
        assert (problem.code, problem.source) == ("unreadable", str(tmp_path / "none.yaml"))


class TestReadText:
    def test_limit(self, tmp_path: Path) -> None:
        """A file of limit bytes is read; one byte more is too-large."""
        path = tmp_path / "w.yaml"
        path.write_bytes(b"a: 1\n" * 4)  # 20 bytes
        assert read_text(path, limit=20) == "a: 1\n" * 4
        assert problem_of(lambda: read_text(path, limit=19)).code == "too-large"

    def test_byte_order_mark_dropped(self, tmp_path: Path) -> None:
        """A UTF-8 byte-order mark (Windows Notepad writes one) is not part of the text."""
        path = tmp_path / "w.yaml"
        path.write_bytes(b"\xef\xbb\xbfa: 1\n")
        assert read_text(path) == "a: 1\n"

    def test_not_utf8_located(self, tmp_path: Path) -> None:
        """GBK bytes on line 2: encoding, at line 2, column 4."""
        path = tmp_path / "w.yaml"
        path.write_bytes("a: 1\nb: 长生\n".encode("gbk"))
        problem = problem_of(lambda: read_text(path))
        assert (problem.code, problem.line, problem.column) == ("encoding", 2, 4)


class TestFormatGiven:
    def test_format_overrides_the_extension(self, tmp_path: Path) -> None:
        """load(path, format=...) reads a file whose name says nothing (campaign.txt)."""
        path = tmp_path / "campaign.txt"
        path.write_text(MINIMAL, encoding="utf-8")
        assert load(path, format="yaml") == loads(MINIMAL)
        assert problem_of(lambda: load(path)).code == "unknown-format"

    def test_unknown_format(self, tmp_path: Path) -> None:
        """A format that is none of yaml, json, toml is unknown-format."""
        path = tmp_path / "campaign.txt"
        path.write_text(MINIMAL, encoding="utf-8")
        problem = problem_of(lambda: load(path, format="xml"))  # type: ignore[arg-type]  # a wrong value on purpose
        assert (problem.code, problem.source) == ("unknown-format", str(path))


class TestLoadStream:
    def test_reads_a_stream(self) -> None:
        """A binary stream in the given format gives the campaign."""
        assert load_stream(io.BytesIO(MINIMAL.encode()), "yaml") == loads(MINIMAL)

    def test_problems_name_the_source(self) -> None:
        """Problems are located in '<stdin>', or the name given."""
        problem = problem_of(lambda: load_stream(io.BytesIO(b"{"), "json", source="pipe"))
        assert (problem.code, problem.source, problem.line) == ("syntax", "pipe", 1)

    def test_over_the_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A stream longer than MAX_FILE_BYTES is too-large; no more than the limit and one
        byte is read from it."""
        monkeypatch.setattr(files, "MAX_FILE_BYTES", 50)
        stream = io.BytesIO(b"#" * 1000)
        problem = problem_of(lambda: load_stream(stream, "yaml"))
        assert (problem.code, problem.source) == ("too-large", "<stdin>")
        assert stream.tell() == 51

    def test_not_utf8(self) -> None:
        """Latin-1 bytes in a stream: encoding, located."""
        problem = problem_of(
            lambda: load_stream(io.BytesIO("name: Zoë\n".encode("latin-1")), "yaml")
        )
        assert (problem.code, problem.line, problem.column) == ("encoding", 1, 9)


def test_yaml_position_of_a_key_written_in_brackets() -> None:
    """A problem under a mapping key that is not an identifier (clinic-south, written
    ``["clinic-south"]`` in the path) is located at that key's value, not at its parent."""
    text = MINIMAL + (
        "units:\n"
        "  - {id: clinic-north, name: N, kind: clinic}\n"
        "series:\n"
        "  - id: s\n"
        "    name: S\n"
        "    indicators:\n"
        "      - id: i\n"
        "        name: I\n"
        "        target: 10\n"
        "        unit_targets:\n"
        "          clinic-south: 5\n"
    )
    with pytest.raises(ValidationError) as info:
        loads(text)
    (problem,) = info.value.problems
    assert problem.path == '$.series[0].indicators[0].unit_targets["clinic-south"]'
    assert (problem.line, problem.column) == (14, 25)  # the 5 after "clinic-south: "
