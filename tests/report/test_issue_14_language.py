"""Issue 14: reports in the reader's language: the campaign's by default, its texts translated,
amounts written as the language writes them."""

from __future__ import annotations

import datetime as dt

import pytest

import campaignkit as ck
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.report import render_briefing, render_report
from campaignkit.tracking import Reading


def drive(language: str | None = None) -> Campaign:
    """A campaign written in English, with Chinese for some of its texts."""
    return Campaign(
        id="river",
        name="River works",
        translations={"zh": "河道整治"},
        language=language,
        theme="Clean the river",
        theme_translations={"zh": "治理河道"},
        note="Funded by the district.",
        note_translations={"zh": "由区里出资。"},
        window=Window(start=dt.date(2010, 1, 4), end=dt.date(2010, 4, 30)),
        calendar=ck.model.CalendarSpec(country="CN"),
        series=(
            ActivitySeries(
                id="works",
                name="Works",
                indicators=(
                    Indicator(
                        id="invest",
                        name="Investment",
                        unit="yuan",
                        unit_translations={"zh": "元", "de": "Yuan"},
                        target=18_100_000,
                    ),
                ),
            ),
        ),
    )


def report(campaign: Campaign, lang: str | None = None) -> str:
    plan = ck.schedule(campaign)
    ledger = [Reading(id="r", indicator="invest", date=dt.date(2010, 3, 1), value=800_000)]
    result = ck.progress(campaign, plan, ledger, dt.date(2010, 4, 2))
    return render_report(campaign, plan, result, lang=lang)


class TestDefaultLanguage:
    @pytest.mark.parametrize(
        ("language", "heading"),
        [("zh", "## 一、总体情况"), ("de-DE", "## 1. Überblick"), (None, "## 1. Overview")],
    )
    def test_the_campaigns(self, language: str | None, heading: str) -> None:
        """Without lang the report is in the campaign's language; without one, English."""
        assert heading in report(drive(language))

    def test_language_without_a_catalog(self) -> None:
        """A campaign in a language no catalog serves is reported in English."""
        assert "## 1. Overview" in report(drive("fr"))

    def test_lang_overrides(self) -> None:
        """An explicit lang wins over the campaign's."""
        assert "## 1. Overview" in report(drive("zh"), "en")

    def test_unserved_lang(self) -> None:
        """An explicit lang no catalog serves is a located error."""
        with pytest.raises(ck.ValidationError) as caught:
            report(drive(), "fr")
        assert caught.value.problems[0].path == "$.lang"

    def test_briefing_too(self) -> None:
        """The briefing follows the campaign's language as the report does."""
        campaign = drive("zh")
        text = render_briefing(campaign, ck.schedule(campaign), [], dt.date(2010, 3, 3))
        assert text.startswith("# 河道整治每周例会工作提示")


class TestTranslatedTexts:
    def test_chinese_report_of_an_english_campaign(self) -> None:
        """Name, theme, note and unit in Chinese where given; amounts of 元 in 万:
        800,000 = 80 × 10,000 → 80万; 18,100,000 = 1810 × 10,000 → 1810万."""
        text = report(drive(), "zh")
        assert text.startswith("# 河道整治情况汇报")
        assert "治理河道" in text
        assert "由区里出资。" in text
        assert "| Investment | 80万 | 1810万 | 元 |" in text

    def test_english_report(self) -> None:
        """The same campaign in English keeps its own texts and groups thousands."""
        text = report(drive(), "en")
        assert "Funded by the district." in text
        assert "| Investment | 800,000 | 18,100,000 | yuan |" in text

    def test_german_report(self) -> None:
        """In German: dots between thousands, the German unit, the English name and note."""
        text = report(drive(), "de-AT")
        assert "| Investment | 800.000 | 18.100.000 | Yuan |" in text
        assert "Funded by the district." in text
