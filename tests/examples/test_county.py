"""The generated county (``examples/county/generate.py``): the same seed, the same files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from campaignkit.io import load, read_ledger
from campaignkit.scheduling import schedule
from campaignkit.tracking import Held, Reading, progress

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "county_example", ROOT / "examples" / "county" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs looks classes' modules up
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_bytes(example: ModuleType, tmp_path: Path) -> None:
    """Two runs with one seed write identical files; another seed other records."""
    one = example.generate(tmp_path / "a", villages=40, readings=500)
    two = example.generate(tmp_path / "b", villages=40, readings=500)
    other = example.generate(tmp_path / "c", villages=40, readings=500, seed=1)
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert one[0].read_bytes() == other[0].read_bytes()  # the campaign does not depend on it
    assert one[1].read_bytes() != other[1].read_bytes()


def test_the_county_tree(example: ModuleType, tmp_path: Path) -> None:
    """40 villages under 20 towns under the county, both items cascaded to the villages;
    500 readings and meetings held, none of them refused."""
    campaign_path, records_path = example.generate(tmp_path, villages=40, readings=500)
    campaign = load(campaign_path)
    kinds = [u.kind for u in campaign.units]
    assert (kinds.count("county"), kinds.count("town"), kinds.count("village")) == (1, 20, 40)
    assert all(u.parent and u.parent.startswith("t") for u in campaign.units if u.kind == "village")
    for item in (*campaign.mechanisms, *campaign.series):
        assert item.cascade is not None
        assert len(item.cascade.units) == 40
    ledger = read_ledger(records_path)
    assert sum(isinstance(r, Reading) for r in ledger) == 500
    assert sum(isinstance(r, Held) for r in ledger) > 0
    result = progress(campaign, schedule(campaign), ledger, example.AS_OF)
    assert result.problems == ()
    assert result.counts.used == len(ledger)
