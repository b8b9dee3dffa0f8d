"""The vaccination example writes its reports and briefings in German, English and Chinese."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "vaccination"


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run examples/vaccination/run.py into a new folder; return the folder."""
    spec = importlib.util.spec_from_file_location("vaccination_run", EXAMPLE / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("vaccination")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert module.main([str(folder)]) == 0
    return folder


def read(outdir: Path, name: str) -> str:
    return (outdir / name).read_text(encoding="utf-8")


def test_writes_its_files(outdir: Path) -> None:
    """Six reports, three briefings and the progress CSV, nothing else."""
    names = sorted(p.name for p in outdir.iterdir())
    langs = ("de", "en", "zh")
    assert names == sorted(
        [f"report-{lang}.{fmt}" for lang in langs for fmt in ("html", "md")]
        + [f"briefing-{lang}.md" for lang in langs]
        + ["progress.csv"]
    )


@pytest.mark.parametrize(
    ("lang", "heading", "doses", "day"),
    [
        # 310 + 240 + 205 + 150 + 295 + 260 + 190 + 120 = 1,770 doses of 4,000
        (
            "de",
            "## 1. Überblick",
            "| Verabreichte Impfdosen | 1.770 | 4.000 | Dosen |",
            "17. April 2026",
        ),
        ("en", "## 1. Overview", "| Doses given | 1,770 | 4,000 | doses |", "17 April 2026"),
        ("zh", "## 一、总体情况", "| 接种剂次 | 1,770 | 4,000 | 剂次 |", "2026年4月17日"),
    ],
)
def test_report_in_each_language(
    outdir: Path, lang: str, heading: str, doses: str, day: str
) -> None:
    """Each report has its language's headings, figures, units and long dates."""
    text = read(outdir, f"report-{lang}.md")
    assert heading in text
    assert doses in text
    assert day in text


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        # German writes a no-break space before the per cent sign.
        ("de", "| Impfquote Schulanfänger\\* | 88,5 | 95 | % | 0\xa0% | 55,6\xa0% | im Verzug |"),
        ("en", "| Coverage of school entrants\\* | 88.5 | 95 | % | 0% | 55.6% | behind |"),
        ("zh", "| Impfquote Schulanfänger\\* | 88.5 | 95 | % | 0% | 55.6% | 滞后 |"),
    ],
)
def test_coverage_is_the_clinics_mean(outdir: Path, lang: str, row: str) -> None:
    """Coverage, a rate of each of the four clinics (``across: mean``), reads as their mean:
    no readings yet, so each stands at its baseline 88.5 % and the district at
    (4 × 88.5) / 4 = 88.5 % of 95 %, not at 354 % of 380 %."""
    text = read(outdir, f"report-{lang}.md")
    assert row in text
    assert "| 354 |" not in text


def test_coverage_in_the_csv(outdir: Path) -> None:
    """The progress CSV gives the district's coverage on the scale of a clinic's: actual
    88.5, target 95, and as planned value the mean of the clinics' (each plans
    88.5 + 0.5556 × 6.5 = 92.11 on 04-17)."""
    with (outdir / "progress.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    [district] = [r for r in rows if r["path"].endswith("/indicator:coverage")]
    clinics = [r for r in rows if "/indicator:coverage/unit:" in r["path"]]
    assert (district["actual"], district["target"]) == ("88.5", "95.0")
    planned = [float(r["planned_value"]) for r in clinics]
    assert len(planned) == 4
    assert float(district["planned_value"]) == pytest.approx(sum(planned) / 4)
    assert float(district["planned_value"]) == pytest.approx(88.5 + 5 / 9 * 6.5)


def test_untranslated_names_keep_the_campaigns_own(outdir: Path) -> None:
    """A name with no Chinese translation stays German in the Chinese report; a note with
    one is shown in Chinese."""
    zh = read(outdir, "report-zh.md")
    assert "Impfwochen" in zh
    assert "接种门诊" in zh
    assert "基线为去年入学体检数据" in zh


def test_theme_translated(outdir: Path) -> None:
    """The theme is written in English; German and Chinese readers get its translations."""
    assert "Die Masern-Impflücken" in read(outdir, "report-de.md")
    assert "Close the measles vaccination gaps" in read(outdir, "report-en.md")
    assert "在儿童入学前补齐麻疹疫苗接种缺口" in read(outdir, "report-zh.md")


def test_briefings(outdir: Path) -> None:
    """The week's briefing has its language's title."""
    assert "Frühjahrsimpfaktion 2026: Wochenbesprechung" in read(outdir, "briefing-de.md")
    assert "Spring vaccination drive 2026: weekly briefing" in read(outdir, "briefing-en.md")
    assert "2026年春季疫苗接种行动每周例会工作提示" in read(outdir, "briefing-zh.md")


def test_progress_csv_has_no_bom(outdir: Path) -> None:
    """The library writes no byte-order mark unless asked."""
    assert (outdir / "progress.csv").read_bytes().startswith(b"path,")
