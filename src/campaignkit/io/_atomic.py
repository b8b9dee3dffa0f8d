"""Writing a file atomically: a reader sees the old file or the whole new one, never a part.

:func:`write_atomic` (and the streams :func:`atomic_text` and :func:`atomic_binary`) write the
data to a temporary file beside the target (same directory, so the same file system), flush
it to disk, and rename it over the target in one step (``os.replace``). If anything fails on
the way, the temporary file is removed and the target is left as it was. A target that
already exists keeps its permission bits.

What is left behind when the process is killed (``kill -9``, a power cut) while it writes:

- On Linux, the data goes to an *anonymous* file (``O_TMPFILE``) that has no name while it is
  written, so a kill leaves nothing behind. Once the data is on disk the file is given the
  temporary name ``.NAME.<12 hex digits>.tmp`` (``linkat`` through ``/proc/self/fd``), and at
  once renamed over the target; only a kill between those two steps can leave that name.
  (Where the kernel refuses that link, the data is copied to such a named file instead.)
- Elsewhere (or where the file system has no ``O_TMPFILE``), the temporary file has that name
  from the start.
- Either way, every write to a target first removes the temporary files of that target that
  a killed writer left: the files named ``.NAME.<12 hex digits>.tmp`` beside it. A writer
  holds a lock (``flock``) on its temporary file until it is done, so a write in progress in
  another process is never disturbed (on Windows, where a file in use cannot be removed, the
  same holds without a lock).

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
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # no locks there: a file in use cannot be removed

_TOKEN_DIGITS = 12
_PROC_FD = Path("/proc/self/fd")


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace the file at *path* with *data*, atomically.

    Text is written as UTF-8 exactly as given: line ends are not translated, so ``"\\n"``
    stays ``"\\n"`` and ``"\\r\\n"`` stays ``"\\r\\n"`` on every platform. A lone
    surrogate, the one character UTF-8 cannot encode, is written as its escape ``\\udc80``
    rather than failing half-way.

    Raises:
        OSError: when the directory does not exist or cannot be written; the target is
            then unchanged.
    """
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    with atomic_binary(path) as f:
        f.write(raw)


def atomic_text(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[str]]:
    """A text stream (UTF-8, no newline translation, lone surrogates written as escapes, as
    :func:`write_atomic` does) that replaces *path* when the block ends.

    For writers that stream: nothing is visible at *path* until the block finishes without
    an exception; after one, the target is unchanged.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_text(target) as stream:
    ...     _ = stream.write("whole\\n")
    >>> target.read_text()
    'whole\\n'
    """
    return _replacing(path, "w", encoding="utf-8", errors="backslashreplace", newline="")


def atomic_binary(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[bytes]]:
    """A binary stream that replaces *path*, synced to disk, when the block ends."""
    return _replacing(path, "wb")


def temporary_name(target: str) -> str:
    """A fresh name for a temporary file of the file named *target* (a name, not a path).

    >>> name = temporary_name("plan.ics")
    >>> name.startswith(".plan.ics.") and name.endswith(".tmp"), is_temporary_of(name, "plan.ics")
    (True, True)
    """
    return f".{target}.{secrets.token_hex(_TOKEN_DIGITS // 2)}.tmp"


def is_temporary_of(name: str, target: str) -> bool:
    """Whether *name* is a temporary file name :func:`temporary_name` gives for *target*.

    >>> is_temporary_of(".plan.ics.0123456789ab.tmp", "plan.ics")
    True
    >>> is_temporary_of(".plan.ics.0123456789ab.tmp", "plan"), is_temporary_of(".plan.ics.tmp", "plan.ics")
    (False, False)
    """
    pattern = rf"\.{re.escape(target)}\.[0-9a-f]{{{_TOKEN_DIGITS}}}\.tmp"
    return re.fullmatch(pattern, name) is not None


@contextlib.contextmanager
def _replacing(path: str | os.PathLike[str], mode: str, **options: Any) -> Iterator[Any]:
    target = Path(path)
    folder = target.parent
    _remove_abandoned(folder, target.name)
    fd, named = _open_temporary(folder, target.name)
    held = [fd]  # open (and locked) until the rename is done
    try:
        with open(fd, mode, closefd=False, **options) as f:
            yield f
            f.flush()
        os.fsync(fd)
        _keep_mode(fd, target)
        if named is None:
            named = _give_name(fd, folder, target.name, held)
        os.replace(named, target)
    except BaseException:
        if named is not None:
            named.unlink(missing_ok=True)
        raise
    finally:
        for descriptor in held:
            os.close(descriptor)  # releases the lock
    _sync_directory(folder)


def _open_temporary(folder: Path, target: str) -> tuple[int, Path | None]:
    """A locked file descriptor to write to, and its name (``None`` while it has none)."""
    if hasattr(os, "O_TMPFILE") and _PROC_FD.is_dir():
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o666)
        except OSError:  # the file system has no anonymous files: use a named one
            pass
        else:
            _lock(fd)
            return fd, None
    return _open_named(folder, target)


def _open_named(folder: Path, target: str) -> tuple[int, Path]:
    """A new temporary file of *target* in *folder*, locked, and its name."""
    while True:
        named = folder / temporary_name(target)
        fd = os.open(named, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        _lock(fd)
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.stat(named, follow_symlinks=False)):
                return fd, named
        os.close(fd)  # another write took it for abandoned before the lock: take another


def _give_name(fd: int, folder: Path, target: str, held: list[int]) -> Path:
    """Link the anonymous file *fd* into *folder* under a temporary name; return that name.

    Where the kernel refuses the link (a sandbox without ``/proc`` links), the data is copied
    to a named temporary file instead, whose locked descriptor is added to *held*.
    """
    name = temporary_name(target)
    directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        # A directory descriptor makes os.link call linkat(), which follows the
        # /proc/self/fd link to the file itself (AT_SYMLINK_FOLLOW) as link() would not.
        os.link(_PROC_FD / str(fd), name, dst_dir_fd=directory, follow_symlinks=True)
    except OSError:
        return _copy_to_named(fd, folder, target, held)
    finally:
        os.close(directory)
    return folder / name


def _copy_to_named(fd: int, folder: Path, target: str, held: list[int]) -> Path:
    """Copy the whole file *fd* into a new named temporary file, synced; return its name
    (its descriptor, still locked, is added to *held*)."""
    copy, named = _open_named(folder, target)
    held.append(copy)
    try:
        offset = 0
        while chunk := os.pread(fd, 1 << 20, offset):
            view = memoryview(chunk)
            while view:
                view = view[os.write(copy, view) :]
            offset += len(chunk)
        os.fchmod(copy, stat.S_IMODE(os.fstat(fd).st_mode))
        os.fsync(copy)
    except BaseException:
        named.unlink(missing_ok=True)
        raise
    return named


def _keep_mode(fd: int, target: Path) -> None:
    """Give the file *fd* the permission bits of *target*, when it exists (POSIX)."""
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(target.stat().st_mode)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _remove_abandoned(folder: Path, target: str) -> None:
    """Remove the temporary files of *target* that no writer holds any more."""
    try:
        entries = [e.name for e in os.scandir(folder) if is_temporary_of(e.name, target)]
    except OSError:  # a folder that cannot be listed: the write itself will say why
        return
    for name in entries:
        _remove_if_abandoned(folder / name)


def _remove_if_abandoned(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: its writer is alive
        if os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False)):
            path.unlink()
    except OSError:
        pass
    finally:
        os.close(fd)


def _sync_directory(folder: Path) -> None:
    """Flush the rename to disk where the platform allows it (POSIX); best effort."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
