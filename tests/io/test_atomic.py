"""Atomic file writes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from campaignkit.io import _atomic as atomic
from campaignkit.io._atomic import write_atomic


class TestWriteAtomic:
    def test_text_is_utf8_without_translation(self, tmp_path: Path) -> None:
        """Text is written as UTF-8 bytes, line ends exactly as given."""
        target = tmp_path / "a.txt"
        write_atomic(target, "例会\r\nweekly\n")
        assert target.read_bytes() == "例会\r\nweekly\n".encode()

    def test_bytes(self, tmp_path: Path) -> None:
        """Bytes are written as they are."""
        target = tmp_path / "a.ics"
        write_atomic(target, b"BEGIN:VCALENDAR\r\n")
        assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"

    def test_replaces_and_keeps_permissions(self, tmp_path: Path) -> None:
        """An existing file is replaced whole and keeps its permission bits."""
        target = tmp_path / "a.txt"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o640)
        write_atomic(target, "new")
        assert target.read_text(encoding="utf-8") == "new"
        if sys.platform != "win32":
            assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]

    def test_failure_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the final rename fails, the old file is intact and no temporary file remains."""
        target = tmp_path / "a.txt"
        target.write_text("old", encoding="utf-8")

        def fail(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic.os, "replace", fail)
        with pytest.raises(OSError, match="No space left"):
            write_atomic(target, "new")
        assert target.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]

    def test_missing_folder(self, tmp_path: Path) -> None:
        """A target in a folder that does not exist raises OSError and creates nothing."""
        with pytest.raises(OSError):  # noqa: PT011 — the platform decides which OSError
            write_atomic(tmp_path / "missing" / "a.txt", "x")
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
    def test_new_file_follows_umask(self, tmp_path: Path) -> None:
        """A new file gets the usual permissions (0o666 less the umask)."""
        mask = os.umask(0o022)
        os.umask(mask)
        target = tmp_path / "a.txt"
        write_atomic(target, "x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


ANONYMOUS = hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir()

KILLED_WRITER = """
import sys
from pathlib import Path
from campaignkit.io import _atomic as atomic
if sys.argv[2] == "named":
    atomic._PROC_FD = Path("/nowhere")
with atomic.atomic_text(sys.argv[1]) as stream:
    stream.write("half")
    stream.flush()
    print("writing", flush=True)
    sys.stdin.read()  # until killed
"""


def kill_while_writing(target: Path, how: str) -> list[str]:
    """Kill (SIGKILL) a process in the middle of an atomic write to *target*; return the
    names in the folder afterwards."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"writing\n"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
    return sorted(p.name for p in target.parent.iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
class TestKilledWriter:
    """Regression: kill -9 during an atomic write left a stray ``.NAME.<hex>.tmp`` forever."""

    @pytest.mark.skipif(not ANONYMOUS, reason="O_TMPFILE and /proc/self/fd (Linux)")
    def test_anonymous_file_leaves_nothing(self, tmp_path: Path) -> None:
        """With O_TMPFILE a killed writer leaves no file at all; the target is as it was."""
        target = tmp_path / "plan.csv"
        target.write_text("old", encoding="utf-8")
        assert kill_while_writing(target, "anonymous") == ["plan.csv"]
        assert target.read_text(encoding="utf-8") == "old"

    def test_named_file_is_removed_by_the_next_write(self, tmp_path: Path) -> None:
        """Without O_TMPFILE a killed writer leaves its temporary file; the next write to
        the same target removes it."""
        target = tmp_path / "plan.csv"
        target.write_text("old", encoding="utf-8")
        left = kill_while_writing(target, "named")
        assert len(left) == 2
        assert atomic.is_temporary_of(left[0], "plan.csv")
        write_atomic(target, "new")
        assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]
        assert target.read_text(encoding="utf-8") == "new"


class TestAbandonedTemporaryFiles:
    def test_removed_on_the_next_write(self, tmp_path: Path) -> None:
        """Temporary files of the target that no writer holds are removed by a write to it;
        those of other targets, and look-alikes, are kept."""
        names = [
            ".a.txt.0123456789ab.tmp",  # the target's: removed
            ".a.txt.ffffffffffff.tmp",  # the target's: removed
            ".b.txt.0123456789ab.tmp",  # another target's
            ".a.txt.backup.tmp",  # not a name the writer gives
            ".a.txt.0123456789ab.tmp.keep",
        ]
        for name in names:
            (tmp_path / name).write_text("stale", encoding="utf-8")
        write_atomic(tmp_path / "a.txt", "new")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", *names[2:]])

    @pytest.mark.skipif(sys.platform == "win32", reason="flock")
    def test_file_of_a_live_writer_kept(self, tmp_path: Path) -> None:
        """A temporary file another writer holds locked is left alone."""
        import fcntl

        busy = tmp_path / ".a.txt.0123456789ab.tmp"
        busy.write_text("being written", encoding="utf-8")
        with busy.open("rb") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            write_atomic(tmp_path / "a.txt", "new")
            assert busy.exists()
        assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "new"


class TestNoNameWhileWriting:
    @pytest.mark.skipif(not ANONYMOUS, reason="O_TMPFILE and /proc/self/fd (Linux)")
    def test_anonymous(self, tmp_path: Path) -> None:
        """While the data is written, the folder holds only the old target."""
        target = tmp_path / "a.txt"
        target.write_text("old", encoding="utf-8")
        with atomic.atomic_text(target) as stream:
            stream.write("new")
            assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
        assert target.read_text(encoding="utf-8") == "new"

    def test_named_when_no_anonymous_files(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without anonymous files, the data goes to a named temporary file of the target,
        which is renamed over it at the end."""
        monkeypatch.setattr(atomic, "_PROC_FD", tmp_path / "no-proc")
        target = tmp_path / "a.txt"
        with atomic.atomic_text(target) as stream:
            stream.write("new")
            (name,) = [p.name for p in tmp_path.iterdir()]
            assert atomic.is_temporary_of(name, "a.txt")
        assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
        assert target.read_text(encoding="utf-8") == "new"

    def test_exception_leaves_the_old_file(self, tmp_path: Path) -> None:
        """An exception inside the block leaves the target as it was and nothing else."""
        target = tmp_path / "a.txt"
        target.write_text("old", encoding="utf-8")

        def fail_half_way() -> None:
            with atomic.atomic_text(target) as stream:
                stream.write("new")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail_half_way()
        assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
        assert target.read_text(encoding="utf-8") == "old"


class TestLoneSurrogates:
    def test_written_as_escapes(self, tmp_path: Path) -> None:
        """A lone surrogate, which UTF-8 cannot encode, is written as its escape instead of
        failing half-way; the rest is UTF-8 as usual."""
        target = tmp_path / "a.txt"
        write_atomic(target, "长\udc80")
        assert target.read_bytes() == "长".encode() + b"\\udc80"
        with atomic.atomic_text(target) as stream:
            stream.write("x\ud800")
        assert target.read_bytes() == b"x\\ud800"


class TestLinkRefused:
    @pytest.mark.skipif(not ANONYMOUS, reason="O_TMPFILE and /proc/self/fd (Linux)")
    def test_copied_to_a_named_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where the kernel refuses to link the anonymous file, its data is copied to a named
        temporary file and renamed over the target: the same bytes and permission bits, and
        nothing left behind."""
        target = tmp_path / "a.bin"
        target.write_bytes(b"old")
        target.chmod(0o640)

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(atomic.os, "link", refuse)
        data = bytes(range(256)) * 5000  # 1,280,000 bytes: more than one 1 MiB chunk
        write_atomic(target, data)
        assert target.read_bytes() == data
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]
