"""The 2,000-village county's report in each of its languages (``examples/county``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from campaignkit.cli import main as cli

ROOT = Path(__file__).parents[2]
MEGABYTE = 1_000_000
# The heading of the overview section in each catalog (src/campaignkit/report/locales).
OVERVIEW = {"zh": "一、总体情况", "en": "1. Overview", "de": "1. Überblick"}


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "county_generate_languages", ROOT / "examples/county/generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county's files, with the report in every language the example writes."""
    example = _example()
    out = tmp_path_factory.mktemp("county-languages")
    campaign, records = example.generate(out, readings=5_000)
    for lang in example.LANGUAGES:
        status = cli([
            "report", str(campaign), "--records", str(records), "--as-of", str(example.AS_OF),
            "--lang", lang, "-o", str(out / f"report-{lang}.html"),
        ])  # fmt: skip
        assert status == 0
    return out


def test_the_example_writes_three_languages() -> None:
    """The example's languages are Chinese, English and German, as issue 14 asks."""
    assert _example().LANGUAGES == ("zh", "en", "de")


@pytest.mark.parametrize("lang", ["zh", "en", "de"])
def test_each_language_is_small_and_in_its_words(county: Path, lang: str) -> None:
    """Each page is under 1 MB and headed in its own language, not in another's."""
    page = (county / f"report-{lang}.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < MEGABYTE
    assert OVERVIEW[lang] in page
    others = [OVERVIEW[o] for o in OVERVIEW if o != lang]
    assert not any(word in page for word in others)
