"""The Changsheng example writes both reports in Chinese, English and German, and the week's
briefing."""

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
# Chinese writes amounts of 元 in 万 (800,000 = 80 × 10,000; 18,100,000 = 1810 × 10,000), as the
# town's report does; German groups with dots and writes a decimal comma.
FIGURES = {
    "zh": ["2,000", "80万", "1810万", "150", "103", "18 / 18", "5 / 5", "92.2%", "1.33"],
    "en": ["2,000", "800,000", "18,100,000", "150", "103", "18 / 18", "5 / 5", "92.2%", "1.33"],
    "de": [
        "2.000",
        "800.000",
        "18.100.000",
        "150",
        "103",
        "18 / 18",
        "5 / 5",
        "92,2\u00a0%",
        "1,33",
    ],
}
DAY = {"zh": "2010年4月2日", "en": "2 April 2010", "de": "2. April 2010"}


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


@pytest.mark.parametrize("lang", ["zh", "en", "de"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_states_the_figures(outdir: Path, lang: str, fmt: str) -> None:
    """Each report states the report's key figures and the day of the report, as its
    language writes them."""
    text = (outdir / f"report-{lang}.{fmt}").read_text(encoding="utf-8")
    for figure in FIGURES[lang]:
        assert figure in text, figure
    assert DAY[lang] in text


def test_html_reports_have_their_charts(outdir: Path) -> None:
    """The HTML reports draw the four charts and the heatmap of the inspection's six
    villages; the Markdown ones link to them and carry two Mermaid diagrams."""
    for lang in ("zh", "en", "de"):
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


def test_german(outdir: Path) -> None:
    """The German report and briefing have German words; names without a German translation
    keep the campaign's own (Chinese), units their German translation."""
    de = (outdir / "report-de.md").read_text(encoding="utf-8")
    assert "## 1. Überblick" in de
    assert "长生讲坛" in de
    assert "| 18.100.000 | Yuan |" in de
    briefing = (outdir / "briefing-de.md").read_text(encoding="utf-8")
    assert "Woche vom 2010-03-29 bis 2010-04-04" in briefing
    assert "Nichts ist überfällig." in briefing


def test_notes_in_the_readers_language(outdir: Path) -> None:
    """A note written in English shows its Chinese translation in the Chinese report, and
    itself in the English and German ones."""
    zh = (outdir / "report-zh.md").read_text(encoding="utf-8")
    en = (outdir / "report-en.md").read_text(encoding="utf-8")
    de = (outdir / "report-de.md").read_text(encoding="utf-8")
    assert "由镇党委在区委统一部署下组织" in zh
    assert "Organised by the town Party committee" in en
    assert "Organised by the town Party committee" in de


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
