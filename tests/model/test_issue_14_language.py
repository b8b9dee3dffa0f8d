"""Issue 14: a campaign says its language; texts of the campaign take translations."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import dumps, loads, schema
from campaignkit.model import Campaign, Indicator, Person, Window

WINDOW = Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27))
HEAD = "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"


class TestLanguage:
    @pytest.mark.parametrize("tag", ["zh", "en", "de", "de-DE", "zh-Hans-CN", "en-GB", "fr"])
    def test_tags(self, tag: str) -> None:
        """Any BCP 47 tag of registered subtags is a language, with or without a catalog."""
        assert Campaign(id="c", name="C", window=WINDOW, language=tag).language == tag

    def test_optional(self) -> None:
        """Without one the campaign has no language (reports then fall back to English)."""
        assert Campaign(id="c", name="C", window=WINDOW).language is None

    @pytest.mark.parametrize("tag", ["German", "de_DE_", "", "zh-", "x", "de-DE\n", "12"])
    def test_not_a_tag(self, tag: str) -> None:
        """Anything else is an invalid-language problem at $.language."""
        with pytest.raises(ValidationError) as caught:
            Campaign(id="c", name="C", window=WINDOW, language=tag)
        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$.language", "invalid-language")

    def test_located_in_the_file(self) -> None:
        """Loading a file locates the bad language at its line and column."""
        with pytest.raises(ValidationError) as caught:
            loads(HEAD + "language: Deutsch\n")
        (problem,) = caught.value.problems
        assert (problem.path, problem.code, problem.line) == ("$.language", "invalid-language", 4)

    def test_round_trip(self) -> None:
        """The language and the translations of texts survive dump and load."""
        text = (
            HEAD
            + "language: de-DE\ntheme: Masern\ntheme_translations: {en: Measles}\n"
            + "note: Notiz\nnote_translations: {en: Note}\n"
        )
        campaign = loads(text)
        assert loads(dumps(campaign, "yaml")) == campaign
        assert (campaign.language, campaign.theme_in("en"), campaign.note_in("en-GB")) == (
            "de-DE",
            "Measles",
            "Note",
        )

    def test_schema(self) -> None:
        """The schema takes a tag and refuses what is not shaped like one."""
        validator = jsonschema.Draft202012Validator(schema())
        base = {"id": "c", "name": "C", "window": {"start": "2026-03-02", "end": "2026-03-27"}}
        assert list(validator.iter_errors({**base, "language": "de-DE"})) == []
        assert list(validator.iter_errors({**base, "language": "Deutsch am Main"})) != []
        assert list(validator.iter_errors({**base, "note_translations": {"zh": "说明"}})) == []


class TestTranslatedTexts:
    def test_closest_tag(self) -> None:
        """A translation keyed en serves en-GB; zh serves zh-CN but not zh-TW."""
        p = Person(id="p", name="王平", translations={"en": "Wang Ping", "zh-Hant": "王平."})
        assert (p.label("en-GB"), p.label("zh-CN"), p.label("zh-TW")) == (
            "Wang Ping",
            "王平",
            "王平.",
        )

    def test_exact_tag_first(self) -> None:
        """A translation keyed by the very tag wins over one of its language."""
        p = Person(id="p", name="N", translations={"de": "Allgemein", "de-AT": "Österreich"})
        assert (p.label("de-AT"), p.label("de-DE")) == ("Österreich", "Allgemein")

    def test_note_theme_unit(self) -> None:
        """Notes, the theme and units take translations as names do; without one, the text."""
        ind = Indicator(id="i", name="I", unit="yuan", unit_translations={"zh": "元"}, target=1)
        assert (ind.unit_in("zh"), ind.unit_in("de")) == ("元", "yuan")
        p = Person(id="p", name="P", note="Assumed.", note_translations={"zh": "假设。"})
        assert (p.note_in("zh-Hans-CN"), p.note_in("en"), p.note_in(None)) == (
            "假设。",
            "Assumed.",
            "Assumed.",
        )

    @given(st.sampled_from(["zh", "en", "de-DE", "fr", "x-bad", "", "zh-TW"]))
    def test_always_some_text(self, lang: str) -> None:
        """Whatever the tag asked for, a text comes back: a translation or the text itself."""
        p = Person(id="p", name="P", translations={"zh": "甲", "en": "A"})
        assert p.label(lang) in {"P", "甲", "A"}
        assert p.label(lang) == {"zh": "甲", "en": "A"}.get(lang, "P")
