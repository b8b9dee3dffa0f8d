"""A report of 2,000 villages stays small and quick to open (``examples/county``).

The campaign of ``examples/county/generate.py`` — a county, 20 towns, 2,000 villages, a
cascaded series and a cascaded weekly meeting — with 20,000 readings (the example draws
500,000; the size of the page does not depend on them), reported by the command line.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from campaignkit.cli import main as cli
from campaignkit.report import MAX_ROWS
from campaignkit.report._glance import HEATMAP_ROWS

ROOT = Path(__file__).parents[2]
MEGABYTE = 1_000_000


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "county_generate", ROOT / "examples/county/generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs and dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the county's files: the campaign, the records, and the English report
    with its CSV tables."""
    example = _example()
    out = tmp_path_factory.mktemp("county")
    campaign, records = example.generate(out, readings=20_000)
    status = cli([
        "report", str(campaign), "--records", str(records), "--as-of", str(example.AS_OF),
        "--lang", "en", "-o", str(out / "report.html"),
    ])  # fmt: skip
    assert status == 0
    return out


def test_page_under_a_megabyte(county: Path) -> None:
    """The HTML of 2,000 villages is under 1 MB (three tables of 2,000 rows made 1.6 MB)."""
    assert (county / "report.html").stat().st_size < MEGABYTE


def test_table_rows_bounded(county: Path) -> None:
    """No table has more than MAX_ROWS rows and the ⋯ row (and its header): the page
    holds a few hundred rows in all, not thousands."""
    page = (county / "report.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert tables
    assert max(t.count("<tr>") for t in tables) <= MAX_ROWS + 2
    assert page.count("<tr>") < 400


def test_heatmaps_grouped_by_town(county: Path) -> None:
    """Each cascade's heatmap has one row per town (20, within HEATMAP_ROWS), each row
    named with its 100 villages."""
    page = (county / "report.html").read_text(encoding="utf-8")
    for cascade in ("village-meeting", "sanitation"):
        svg = re.search(rf'<svg class="chart heatmap-{cascade}".*?</svg>', page, re.S)
        assert svg is not None
        assert svg.group(0).count('class="heatmap-row"') == 20 <= HEATMAP_ROWS
        assert ">Town 7 (100)</text>" in svg.group(0)


def test_league_table_of_towns(county: Path) -> None:
    """The league table ranks the 20 towns by their villages' mean completion."""
    page = (county / "report.html").read_text(encoding="utf-8")
    league = re.search(r'<table id="table-league-sanitation">.*?</table>', page, re.S)
    assert league is not None
    assert league.group(0).count("<tr>") == 1 + 20
    rows = re.findall(r"<tr>(.*?)</tr>", league.group(0), re.S)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    assert [row[0] for row in cells] == [str(n) for n in range(1, 21)]
    means = [float(row[3].rstrip("%")) for row in cells]
    assert len(means) == 20
    assert means == sorted(means, reverse=True)


def test_full_tables_beside_the_report(county: Path) -> None:
    """Every unit is in the CSV files the page links: the rankings of 2,000 villages and
    each village week by week."""
    page = (county / "report.html").read_text(encoding="utf-8")
    for name in (
        "report-units-sanitation.csv",
        "report-units-village-meeting.csv",
        "report-units-campaign.csv",
        "report-weeks-sanitation.csv",
        "report-weeks-village-meeting.csv",
    ):
        assert f'<a href="{name}">' in page
        lines = (county / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 + 2000
