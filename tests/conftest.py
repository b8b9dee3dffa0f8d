"""Test-wide settings: Hypothesis profiles, and no locale.

``ci`` is derandomized, so a landing never depends on luck; ``dev`` (the default on a
workstation) draws fresh examples each run; ``deep`` searches harder. Pick one with
``HYPOTHESIS_PROFILE``; CI (``CI=true``) uses ``ci``. A failure found by ``dev`` or ``deep`` is
pinned with ``@example`` in the test that found it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands see no locale unless a test sets one: their language then comes from
    ``--lang`` or the campaign, else English, whatever the machine running the tests says."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
