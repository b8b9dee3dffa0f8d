"""The words and formats of reports."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from campaignkit import ValidationError
from campaignkit.model import Role
from campaignkit.report import LANGUAGES, Labels
from campaignkit.report._labels import TEXT
from campaignkit.tracking import Status


class TestText:
    def test_every_key_in_every_language(self) -> None:
        """Every text has a non-empty translation in each language."""
        missing = [
            (key, lang) for key, texts in TEXT.items() for lang in LANGUAGES if not texts.get(lang)
        ]
        assert missing == []

    def test_fields_agree_between_languages(self) -> None:
        """Both translations of a text take the same ``{fields}``."""

        def fields(text: str) -> set[str]:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}

        differ = [key for key, texts in TEXT.items() if fields(texts["zh"]) != fields(texts["en"])]
        assert differ == []

    def test_every_status_and_role_has_words(self) -> None:
        """Each status and each role is named in both languages."""
        for lang in LANGUAGES:
            labels = Labels.of(lang)
            assert all(labels.status(s) != labels.missing for s in Status)
            assert all(labels.role(r) for r in Role)


class TestLabels:
    def test_unknown_language(self) -> None:
        """A language other than zh and en is a located error."""
        with pytest.raises(ValidationError) as caught:
            Labels.of("fr")
        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$.lang", "invalid-value")

    def test_percent(self) -> None:
        """Percentages keep at most one decimal and drop a trailing zero."""
        en = Labels.of("en")
        assert [en.percent(v) for v in (0.0, 0.5, 0.94892, 1.0, 1.234)] == [
            "0%",
            "50%",
            "94.9%",
            "100%",
            "123.4%",
        ]

    def test_number(self) -> None:
        """Figures are grouped by thousands; decimals lose trailing zeros."""
        en = Labels.of("en")
        assert [en.number(v) for v in (2000, 18_100_000, 1.5, 0.25)] == [
            "2,000",
            "18,100,000",
            "1.5",
            "0.25",
        ]

    def test_dates_and_weekdays(self) -> None:
        """Running text writes days in each language's way; tables in ISO form."""
        zh, en = Labels.of("zh"), Labels.of("en")
        day = dt.date(2010, 2, 24)
        assert (zh.date_long(day), en.date_long(day)) == ("2010年2月24日", "24 February 2010")
        assert (zh.weekday(day), en.weekday(day)) == ("周三", "Wed")
        assert zh.date(day) == en.date(day) == "2010-02-24"

    def test_missing_values(self) -> None:
        """A figure that does not exist is shown as a dash."""
        en = Labels.of("en")
        assert en.percent(None) == en.ratio(None) == en.status(None) == en.date(None) == "—"
