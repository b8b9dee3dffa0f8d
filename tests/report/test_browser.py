"""The HTML report in a real browser: headless Chromium lays out the page at 1280 pixels and
draws the charts; the marks are measured against the figures, and screenshots are taken.

The test finds Chromium through ``CAMPAIGNKIT_CHROMIUM`` or on the PATH (``chromium``,
``chromium-browser``, ``google-chrome``). Without one it is skipped with the reason, unless
``CAMPAIGNKIT_REQUIRE_BROWSER`` is set (CI sets it, and installs Debian's ``chromium``): then
it fails. The screenshots are kept as test artefacts in ``test-artifacts/report-zh.png`` and
``test-artifacts/report-en.png``.
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
  function bbox(el) { var b = el.getBBox(); return [b.x, b.width]; }
  var out = {charts: {}, rows: [], bars: [], points: 0, line: 0, labels: [], label_left: [],
             fills: [], phases: [], cards: []};
  document.querySelectorAll("svg.chart").forEach(function (svg) { out.charts[svg.id] = box(svg); });
  document.querySelectorAll("#chart-gantt .gantt-row").forEach(function (row) {
    var b = row.getBBox(); out.rows.push([b.width, b.height]);
  });
  document.querySelectorAll("#chart-completion .series-bar").forEach(function (bar) {
    var fill = bar.querySelector(".bar-fill"), track = bar.querySelector(".bar-track");
    out.bars.push(fill.getBBox().width);
    out.fills.push([parseFloat(bar.getAttribute("data-completion")), fill.getBBox().width,
                    track.getBBox().width]);
  });
  document.querySelectorAll("#chart-gantt .gantt-bar.phase").forEach(function (bar) {
    var done = bar.parentNode.querySelector(".gantt-done");
    out.phases.push([bar.getAttribute("data-completion"), bar.getBBox().width,
                     done ? done.getBBox().width : 0]);
  });
  document.querySelectorAll("#chart-kpi .kpi-card").forEach(function (card) {
    out.cards.push([card.getAttribute("data-completion"),
                    card.querySelector(".kpi-fill").getBBox().width,
                    card.querySelector(".kpi-track").getBBox().width]);
  });
  out.points = document.querySelectorAll("#chart-burnup .burnup-point.earned").length;
  var line = document.querySelector("#chart-burnup .burnup-line.earned");
  out.line = line ? line.getBBox().width : 0;
  document.querySelectorAll("#chart-gantt .gantt-label").forEach(function (text) {
    out.labels.push(text.getComputedTextLength());
    out.label_left.push(text.getBBox().x);
  });
  out.scroll_width = document.documentElement.scrollWidth;
  out.window_width = window.innerWidth;
  // Chinese renders when two different characters draw different pixels (a missing font
  // draws the same empty box for both)
  function glyph(ch) {
    var canvas = document.createElement("canvas"); canvas.width = 40; canvas.height = 40;
    var ctx = canvas.getContext("2d");
    ctx.font = "32px " + getComputedStyle(document.body).fontFamily;
    ctx.fillText(ch, 2, 34);
    return Array.prototype.join.call(ctx.getImageData(0, 0, 40, 40).data, ",");
  }
  var one = glyph("长"), two = glyph("生");
  out.cjk_distinct = one !== two;
  out.cjk_inked = /[1-9]/.test(one);
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


@pytest.fixture(scope="module", params=["zh", "en"])
def page(
    request: pytest.FixtureRequest, changsheng: Case, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The HTML report of the Changsheng campaign in each language, written to a file."""
    c = changsheng
    lang = request.param
    folder = tmp_path_factory.mktemp("browser")
    path = folder / f"report-{lang}.html"
    text = render_report(
        c.campaign,
        c.plan,
        c.result,
        lang=lang,
        format="html",
        history=c.history,
        records=c.ledger,
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def measured(page: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the measuring script found in a copy of the page, as Chromium laid it out in a
    window 1280 pixels wide."""
    copy = page.with_name("measured.html")
    copy.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8"
    )
    arguments = ["--window-size=1280,2400", "--dump-dom", copy.as_uri()]
    done = browse(arguments, tmp_path_factory.mktemp("profile"))
    body = _Body()
    body.feed(done.stdout)
    assert body.measured, "the measuring script did not run"
    data: dict[str, Any] = json.loads(body.measured)
    return data


def test_charts_have_size(measured: dict[str, Any]) -> None:
    """The four charts and the heatmap of the one cascade are drawn with a width and a
    height."""
    charts = measured["charts"]
    assert set(charts) == {
        "chart-gantt",
        "chart-burnup",
        "chart-kpi",
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


def test_labels_not_cut_at_the_left_edge(measured: dict[str, Any]) -> None:
    """Every Gantt label, as the browser's font draws it, starts inside the chart."""
    assert len(measured["label_left"]) == 18
    assert min(measured["label_left"]) >= 0


def test_page_fits_1280_pixels(measured: dict[str, Any]) -> None:
    """At 1280 pixels nothing overflows sideways: the document is no wider than the window."""
    assert measured["window_width"] == 1280
    assert measured["scroll_width"] <= 1280


def test_chinese_renders(measured: dict[str, Any]) -> None:
    """The page's fonts draw Chinese: 长 and 生 leave ink, and not the same (a missing font
    draws the same box for both)."""
    assert measured["cjk_inked"]
    assert measured["cjk_distinct"]


def test_marks_agree_with_the_figures(measured: dict[str, Any]) -> None:
    """As drawn: each completion bar, phase fill and indicator meter is its completion times
    its track (within half a pixel); a phase not started has no fill."""
    assert len(measured["fills"]) == 9
    for value, fill, track in measured["fills"]:
        assert fill == pytest.approx(value * track, abs=0.5)
    assert len(measured["phases"]) == 4
    for value, bar, done in measured["phases"]:
        expected = float(value) * bar if value else 0.0
        assert done == pytest.approx(expected, abs=0.5)
    assert measured["phases"][-1][0] == ""  # Summing up: not started on 2010-04-02
    assert len(measured["cards"]) == 21
    for value, fill, track in measured["cards"]:
        assert fill == pytest.approx(float(value) * track, abs=0.5)


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
    """A screenshot of the page at 1280 pixels is saved as a test artefact: a real,
    non-trivial PNG."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / page.with_suffix(".png").name
    target.unlink(missing_ok=True)
    profile = tmp_path_factory.mktemp("profile")
    browse([f"--screenshot={target}", "--window-size=1280,2400", page.as_uri()], profile)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000  # a blank page of this size compresses to a few kilobytes
