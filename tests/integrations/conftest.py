"""The cluster the integration tests fold on, started once for them all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from distributed import Client, LocalCluster

TIMEOUT = 120  # seconds: a hung cluster fails the test instead of blocking the suite


@pytest.fixture(scope="session")
def client() -> Iterator[Client]:
    """Two worker processes of one thread each (accumulators go between them pickled)."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: None still asks for 8787, maybe taken
            timeout=TIMEOUT,
        ) as cluster,
        Client(cluster, timeout=TIMEOUT) as c,
    ):
        yield c
