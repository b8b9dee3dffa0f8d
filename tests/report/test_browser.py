"""The HTML report in a real browser: headless Chromium draws the charts, and a screenshot.

The test finds Chromium through ``CAMPAIGNKIT_CHROMIUM`` or on the PATH (``chromium``,
``chromium-browser``, ``google-chrome``). Without one it is skipped with the reason, unless
``CAMPAIGNKIT_REQUIRE_BROWSER`` is set (CI sets it, and installs Debian's ``chromium``): then
it fails. The screenshot is kept as a test artefact in ``test-artifacts/report-zh.png``.
"""

from __future__ import annotations

import html.parser
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from campaignkit.report import render_report

if TYPE_CHECKING:
    from .conftest import Case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 120  # seconds: generous, only there to catch a hang
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]

# Measures the drawn charts and writes the figures into <body data-measured="…">.
MEASURE = """<script>
(function () {
  function box(el) { var r = el.getBoundingClientRect(); return [r.width, r.height]; }
  var out = {charts: {}, rows: [], bars: [], points: 0, line: 0, labels: []};
  document.querySelectorAll("svg.chart").forEach(function (svg) { out.charts[svg.id] = box(svg); });
  document.querySelectorAll("#chart-gantt .gantt-row").forEach(function (row) {
    var b = row.getBBox(); out.rows.push([b.width, b.height]);
  });
  document.querySelectorAll("#chart-completion .series-bar .bar-fill").forEach(function (bar) {
    out.bars.push(bar.getBBox().width);
  });
  out.points = document.querySelectorAll("#chart-burnup .burnup-point.earned").length;
  var line = document.querySelector("#chart-burnup .burnup-line.earned");
  out.line = line ? line.getBBox().width : 0;
  document.querySelectorAll("#chart-gantt .gantt-label").forEach(function (text) {
    out.labels.push(text.getComputedTextLength());
  });
  document.body.setAttribute("data-measured", JSON.stringify(out));
})();
</script>
"""


def chromium() -> str:
    """The Chromium to run, or skip (fail when CAMPAIGNKIT_REQUIRE_BROWSER is set)."""
    found = os.environ.get("CAMPAIGNKIT_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if found:
        return found
    reason = (
        "no Chromium found: set CAMPAIGNKIT_CHROMIUM or install Debian's chromium package "
        "(apt-get install chromium fonts-noto-cjk)"
    )
    if os.environ.get("CAMPAIGNKIT_REQUIRE_BROWSER"):
        pytest.fail(f"CAMPAIGNKIT_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


def browse(arguments: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with *arguments*, bounded in time."""
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *arguments]
    env = {**os.environ, "HOME": os.environ.get("HOME") or str(profile)}
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


class _Body(html.parser.HTMLParser):
    """Finds the ``data-measured`` attribute of ``<body>``."""

    measured: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.measured = dict(attrs).get("data-measured")


@pytest.fixture(scope="module")
def page(changsheng: Case, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese HTML report of the Changsheng campaign, written to a file."""
    c = changsheng
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "report-zh.html"
    path.write_text(
        render_report(c.campaign, c.plan, c.result, lang="zh", format="html", history=c.history),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def measured(page: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the measuring script found in a copy of the page, as Chromium laid it out."""
    copy = page.with_name("measured.html")
    copy.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8"
    )
    done = browse(["--dump-dom", copy.as_uri()], tmp_path_factory.mktemp("profile"))
    body = _Body()
    body.feed(done.stdout)
    assert body.measured, "the measuring script did not run"
    data: dict[str, Any] = json.loads(body.measured)
    return data


def test_charts_have_size(measured: dict[str, Any]) -> None:
    """The three charts and the heatmap of the one cascade are drawn with a width and a
    height."""
    charts = measured["charts"]
    assert set(charts) == {
        "chart-gantt",
        "chart-burnup",
        "chart-completion",
        "chart-heatmap-inspection",
    }
    for width, height in charts.values():
        assert width > 300
        assert height > 100


def test_gantt_rows_drawn(measured: dict[str, Any]) -> None:
    """18 Gantt rows (4 phases, 9 series, 5 mechanisms), each with something drawn in it."""
    rows = measured["rows"]
    assert len(rows) == 18
    assert all(width > 0 and height > 0 for width, height in rows)
    assert all(length > 0 for length in measured["labels"])


def test_one_bar_per_series(measured: dict[str, Any]) -> None:
    """Nine completion bars, each drawn (every series is complete, so none is empty)."""
    bars = measured["bars"]
    assert len(bars) == 9
    assert all(width > 100 for width in bars)


def test_burnup_drawn(measured: dict[str, Any]) -> None:
    """The earned line runs through its weekly points up to 2010-04-02."""
    assert measured["points"] == 19  # 18 weekly days from 2009-12-01, then 2010-04-02
    assert measured["line"] > 300


def test_screenshot(page: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A screenshot of the page is saved as a test artefact: a real, non-trivial PNG."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "report-zh.png"
    target.unlink(missing_ok=True)
    profile = tmp_path_factory.mktemp("profile")
    browse([f"--screenshot={target}", "--window-size=1280,2400", page.as_uri()], profile)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000  # a blank page of this size compresses to a few kilobytes
