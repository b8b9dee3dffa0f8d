"""The Changsheng example writes both reports in both languages, and the week's briefing."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "changsheng"

# Figures of the town's report that every report must state (formatted as the report does).
# 92.2% and 1.33: the four phases weigh alike; as of 2 April mobilisation and discussion are
# finished and complete (1 of 1 planned), rectification is 92.4% done of 80.1% planned, and
# summing-up (not started) has 77.8% done of nothing planned; outside the phases (1-3 January,
# 30 April) lies 0.74% of the work, 52.6% done of nothing planned, weight 4 x 0.0074 / 0.9926
# = 0.0297: (1 + 1 + 0.924 + 0.778 + 0.0297 x 0.526) / 4.0297 = 0.922 against
# (1 + 1 + 0.801 + 0 + 0) / 4.0297 = 0.695, SPI 1.33.
FIGURES = ["2,000", "800,000", "18,100,000", "150", "103", "18 / 18", "5 / 5", "92.2%", "1.33"]


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run examples/changsheng/run.py into a new folder; return the folder."""
    spec = importlib.util.spec_from_file_location("changsheng_run_reports", EXAMPLE / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("changsheng-reports")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert module.main([str(folder)]) == 0
    return folder


@pytest.mark.parametrize(
    "name", ["report-zh.md", "report-en.md", "report-zh.html", "report-en.html"]
)
def test_report_states_the_figures(outdir: Path, name: str) -> None:
    """Each report states the report's key figures and the day of the report."""
    text = (outdir / name).read_text(encoding="utf-8")
    for figure in FIGURES:
        assert figure in text, figure
    assert ("2010年4月2日" if "-zh" in name else "2 April 2010") in text


def test_html_reports_have_their_charts(outdir: Path) -> None:
    """The HTML reports draw the four charts and the heatmap of the inspection's six
    villages; the Markdown ones link to them and carry two Mermaid diagrams."""
    for lang in ("zh", "en"):
        html = (outdir / f"report-{lang}.html").read_text(encoding="utf-8")
        assert html.count('<svg class="chart ') == 5
        assert html.count('class="heatmap-row"') == 6
        assert html.count('class="series-bar"') == 9
        assert html.count('<g class="kpi-card ') == 21  # 21 indicators
        md = (outdir / f"report-{lang}.md").read_text(encoding="utf-8")
        assert "<svg" not in md
        assert f"(<report-{lang}.html>)" in md
        assert md.count("```mermaid") == 2


def test_languages(outdir: Path) -> None:
    """The Chinese report names things in Chinese, the English one in English."""
    zh = (outdir / "report-zh.md").read_text(encoding="utf-8")
    en = (outdir / "report-en.md").read_text(encoding="utf-8")
    assert "## 一、总体情况" in zh
    assert "长生讲坛" in zh
    assert "## 1. Overview" in en
    assert "Changsheng Forum" in en


def test_briefing_of_the_report_week(outdir: Path) -> None:
    """The briefing is the sheet of the week of 2010-04-02: the meeting of that Friday, and
    the forum's lecture of 03-30."""
    zh = (outdir / "briefing-zh.md").read_text(encoding="utf-8")
    en = (outdir / "briefing-en.md").read_text(encoding="utf-8")
    assert "本周：2010-03-29 至 2010-04-04" in zh
    assert "| 2010-04-02 | Fri | 16:00–17:30 | Weekly meeting\\* |" in en
    assert "| 2010-03-30 | Tue | 14:30–17:00 | Lecture by Prof. Zhang Xinhua |" in en
    assert "Nothing is overdue." in en


def test_summing_up_not_started(outdir: Path) -> None:
    """The future 总结提高 phase is not started: no figures, no status, not "94% done"."""
    text = (outdir / "report-zh.md").read_text(encoding="utf-8")
    assert "| 总结提高\\* | 2010-04-16 | 2010-04-29 | — | — | — | 未开始 |" in text


def test_issue_11_future_phase_not_drawn_done(outdir: Path) -> None:
    """The Gantt bar of 总结提高 has no part drawn done; rectification's has."""
    text = (outdir / "report-en.html").read_text(encoding="utf-8")

    def row(id: str) -> str:
        start = text.index(f'data-id="{id}" data-kind="phase"')
        return text[start : text.index("</g>", start)]

    assert "gantt-done" not in row("summing-up")
    assert "gantt-done" in row("rectification")
