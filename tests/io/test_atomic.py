"""Atomic file writes."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from campaignkit.io import atomic
from campaignkit.io.atomic import write_atomic


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
