"""Fixtures for the scheduler's tests."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FrameType

import pytest


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than *seconds*."""

    def expire(signum: int, frame: FrameType | None) -> None:
        msg = f"still running after {seconds} s"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def time_limit() -> Callable[[int], AbstractContextManager[None]]:
    """A context manager that bounds a call's time: ``with time_limit(10): ...``."""
    return _time_limit
