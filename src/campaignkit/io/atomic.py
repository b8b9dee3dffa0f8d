"""Writing a file atomically: a reader sees the old file or the whole new one, never a part.

:func:`write_atomic` writes the data to a temporary file beside the target (same directory,
so the same file system), flushes it to disk, and renames it over the target in one step
(``os.replace``). If anything fails on the way, the temporary file is removed and the target
is left as it was. A target that already exists keeps its permission bits.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "plan.txt", "第一周\\n")
>>> (folder / "plan.txt").read_text(encoding="utf-8")
'第一周\\n'
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['plan.txt']
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_binary", "atomic_text", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace the file at *path* with *data*, atomically.

    Text is written as UTF-8 exactly as given: line ends are not translated, so ``"\\n"``
    stays ``"\\n"`` and ``"\\r\\n"`` stays ``"\\r\\n"`` on every platform.

    Raises:
        OSError: when the directory does not exist or cannot be written; the target is
            then unchanged.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_binary(path) as f:
        f.write(raw)


def atomic_text(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[str]]:
    """A text stream (UTF-8, no newline translation) that replaces *path* when the block ends.

    For writers that stream: nothing is visible at *path* until the block finishes without
    an exception; after one, the target is unchanged.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_text(target) as stream:
    ...     _ = stream.write("whole\\n")
    >>> target.read_text()
    'whole\\n'
    """
    return _replacing(path, "w", encoding="utf-8", newline="")


def atomic_binary(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[bytes]]:
    """A binary stream that replaces *path*, synced to disk, when the block ends."""
    return _replacing(path, "wb")


@contextlib.contextmanager
def _replacing(path: str | os.PathLike[str], mode: str, **options: Any) -> Iterator[Any]:
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(fd, mode, **options) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _sync_directory(folder: Path) -> None:
    """Flush the rename to disk where the platform allows it (POSIX); best effort."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
