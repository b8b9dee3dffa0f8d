"""The words and formats of reports: the catalogs, and the labels built from them."""

from __future__ import annotations

import datetime as dt
import pathlib
import string
import tomllib
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pytest
from babel import Locale
from babel.numbers import format_decimal, format_percent, parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.model import Role
from campaignkit.report import LANGUAGES, Labels
from campaignkit.report._labels import _written, percent_places
from campaignkit.tracking import Status, Thresholds, UnitProgress

LOCALES = pathlib.Path(__file__).resolve().parents[2] / "src" / "campaignkit" / "report" / "locales"


def _catalog(lang: str) -> dict[str, object]:
    """The catalog file of *lang*, flattened to ``table.key`` keys."""
    data = tomllib.loads((LOCALES / f"{lang}.toml").read_text(encoding="utf-8"))
    return {
        f"{table}.{key}": value for table, items in data.items() for key, value in items.items()
    }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class TestCatalogs:
    def test_languages_are_the_files(self) -> None:
        """The languages are discovered from the catalog files: zh, en and de at least."""
        files = sorted(p.stem for p in LOCALES.glob("*.toml"))
        assert list(LANGUAGES) == files
        assert {"zh", "en", "de"} <= set(LANGUAGES)

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_same_keys_as_the_reference(self, lang: str) -> None:
        """Every catalog has exactly the keys of en.toml: none missing, none extra."""
        reference, catalog = _catalog("en"), _catalog(lang)
        assert sorted(set(reference) - set(catalog)) == []
        assert sorted(set(catalog) - set(reference)) == []

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_same_fields_as_the_reference(self, lang: str) -> None:
        """Each text takes the same ``{fields}`` as its English original."""
        reference, catalog = _catalog("en"), _catalog(lang)
        differ = [
            key
            for key, text in reference.items()
            if isinstance(text, str) and _fields(text) != _fields(str(catalog[key]))
        ]
        assert differ == []

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_no_empty_words(self, lang: str) -> None:
        """Every word is written (only the space between words may be empty)."""
        empty = [k for k, v in _catalog(lang).items() if v == "" and k != "format.space"]
        assert empty == []

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_every_status_and_role_has_words(self, lang: str) -> None:
        """Each status and each role is named in every language."""
        labels = Labels.of(lang)
        assert all(labels.status(s) != labels.missing for s in Status)
        assert all(labels.role(r) for r in Role)

    def test_words_differ_by_language(self) -> None:
        """The catalogs are translations, not copies: German is not English."""
        en, de = Labels.of("en"), Labels.of("de")
        assert (en("section.overview"), de("section.overview")) == ("1. Overview", "1. Überblick")


class TestLanguageTags:
    def test_region_and_script_subtags(self) -> None:
        """A tag with a region or a script is served by its language's catalog."""
        assert [Labels.of(t).lang for t in ("de-DE", "de-AT", "zh-Hans-CN", "en-GB")] == [
            "de",
            "de",
            "zh",
            "en",
        ]

    @pytest.mark.parametrize("tag", ["fr", "zh-TW", "German", "", "de-"])
    def test_unserved_or_malformed(self, tag: str) -> None:
        """A tag no catalog serves, or no tag at all, is a located error naming the languages."""
        with pytest.raises(ValidationError) as caught:
            Labels.of(tag)
        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$.lang", "invalid-value")
        assert "de, en, zh" in problem.message

    def test_built_directly(self) -> None:
        """Labels built directly name a catalog's language, or are a located error too."""
        assert Labels("de").tag == "de"
        with pytest.raises(ValidationError) as caught:
            Labels("de-DE")
        assert caught.value.problems[0].path == "$.lang"

    def test_first_of_passes_over_unserved_wishes(self) -> None:
        """first_of takes the first wish a catalog serves, and English when none does."""
        assert Labels.first_of(None, "fr", "zh-CN").lang == "zh"
        assert Labels.first_of("C", "POSIX", None).lang == "en"

    def test_tag_is_kept(self) -> None:
        """The labels keep the tag asked for (names and notes are looked up by it)."""
        labels = Labels.of("de-AT")
        assert (labels.lang, labels.tag, labels.number(1_810_000)) == ("de", "de-AT", "1.810.000")


class TestNumbers:
    def test_grouping(self) -> None:
        """Figures are grouped by thousands in each language's way; decimals lose trailing zeros."""
        en, de, zh = Labels.of("en"), Labels.of("de"), Labels.of("zh")
        values = (2000, 18_100_000, 1.5, 0.25)
        assert [en.number(v) for v in values] == ["2,000", "18,100,000", "1.5", "0.25"]
        assert [de.number(v) for v in values] == ["2.000", "18.100.000", "1,5", "0,25"]
        assert [zh.number(v) for v in values] == ["2,000", "18,100,000", "1.5", "0.25"]

    def test_chinese_large_amounts(self) -> None:
        """Amounts of a compact unit from 1万 on are written in 万 and 亿, as offices write them.

        18,100,000 元 = 1810 × 10,000 → 1810万; 800,000 = 80 × 10,000 → 80万;
        123,456 = 12.3456 × 10,000 → 12.35万 (two decimals); 181,000,000 = 1.81 × 10⁸ → 1.81亿;
        9,999 is below 10,000 and stays as it is.
        """
        zh = Labels.of("zh")
        assert [zh.number(v, "元") for v in (18_100_000, 800_000, 123_456, 181_000_000, 9999)] == [
            "1810万",
            "80万",
            "12.35万",
            "1.81亿",
            "9,999",
        ]
        assert zh.number(150_000, "人次") == "15万"

    def test_other_units_are_not_compacted(self) -> None:
        """Only the units the catalog marks are compacted; other languages mark none."""
        assert Labels.of("zh").number(20_000, "篇") == "20,000"
        assert Labels.of("en").number(18_100_000, "元") == "18,100,000"
        assert Labels.of("de").number(18_100_000, "Euro") == "18.100.000"

    def test_percent(self) -> None:
        """Percentages keep at most one decimal and drop a trailing zero; German puts a space."""
        en, de = Labels.of("en"), Labels.of("de")
        values = (0.0, 0.5, 0.94892, 1.0, 1.234)
        assert [en.percent(v) for v in values] == ["0%", "50%", "94.9%", "100%", "123.4%"]
        assert de.percent(0.94892) == "94,9\u00a0%"

    def test_percent_never_rounds_to_what_it_is_not(self) -> None:
        """Regression: 99.96% printed as "100%" (complete), 0.04% as "0%" (nothing done),
        and a gate's 79.96% as "80%" of 80% needed; each keeps the decimals it needs."""
        en = Labels.of("en")
        assert [en.percent(v) for v in (0.9996, 0.0004, 0.99999)] == ["99.96%", "0.04%", "99.999%"]
        assert en.percent(0.7996, against=[0.8]) == "79.96%"
        assert en.percent(0.8, against=[0.8]) == "80%"
        assert en.percent(0.8004, against=[0.8]) == "80.04%"
        assert en.percent(0.944, places=0) == "94%"  # the command line's whole percentages
        assert en.percent(0.996, places=0) == "99.6%"

    def test_a_pair_reads_as_its_status(self) -> None:
        """Regression: 949.6 of 1000 against all of it planned is SPI 0.9496, at risk, and
        was printed "95% against 100%" (which reads 0.95, on track)."""
        en, bands = Labels.of("en"), Thresholds()
        assert en.progress_percents(0.9496, 1.0, bands) == ("94.96%", "100%")
        assert en.progress_percents(0.5, 0.5, bands) == ("50%", "50%")
        assert en.progress_percents(0.9496, 1.0, bands, places=0) == ("94.96%", "100%")
        assert en.progress_percents(None, 0.5, bands) == ("—", "50%")

    @given(
        st.floats(0, 1.5, allow_nan=False),
        st.floats(0, 1, allow_nan=False),
        st.sampled_from([None, 0]),
    )
    def test_printed_figures_do_not_mislead(
        self, value: float, threshold: float, places: int | None
    ) -> None:
        """Whatever the value: written apart from 0% and 100% unless it is one of them;
        written apart from a threshold it is not, on its side; a pair (value, threshold as
        the planned completion) written so that it reads as the status of the exact
        figures."""
        en, bands = Labels.of("en"), Thresholds()

        def number(text: str) -> float:
            return float(parse_decimal(text.rstrip("%"), locale="en")) / 100

        shown = number(en.percent(value, places=places))
        assert (shown == 0.0) == (value == 0.0)
        assert (shown == 1.0) == (value == 1.0)
        against = number(en.percent(value, against=[threshold], places=places))
        if abs(value - threshold) > 1e-12:
            assert (against < number(en.percent(threshold))) == (value < threshold)
        done, plan = map(number, en.progress_percents(value, threshold, bands, places=places))
        if min(abs(value - threshold * k) for k in (bands.ahead, bands.on, bands.at_risk)) > 1e-9:
            assert bands.status(done, plan) is bands.status(value, threshold)

    def test_a_figure_is_not_written_as_its_target(self) -> None:
        """Regression: 99,960 of 100,000 人 was written "10万 / 10万人"; against its target it
        keeps the decimals that tell them apart. Figures in full too: 999.996 of 1,000."""
        zh, en = Labels.of("zh"), Labels.of("en")
        assert zh.number(99_960, "人", against=[100_000]) == "9.996万"
        assert zh.number(100_000, "人", against=[100_000]) == "10万"
        assert en.number(999.996, against=[1000]) == "999.996"
        assert en.number(999.996) == "1,000"

    def test_any_float_is_written(self) -> None:
        """Babel rounds in the decimal context, whose 28 digits failed on 1e300 (an
        InvalidOperation from inside); every float is written."""
        en, zh = Labels.of("en"), Labels.of("zh")
        assert en.number(1e300).startswith("1,000,000,000,000,000")
        assert len(en.number(1e300)) == 401  # 301 digits and 100 separators
        assert en.percent(1e300).endswith("%")
        assert en.ratio(1e300).startswith("1")
        assert zh.number(1e300, "元").endswith("亿")

    def test_closer_than_twelve_decimals_tell(self) -> None:
        """Regression: a weight of 1e-13 was written 0 beside "left out (weight 0)", and
        1 + 1e-13 as 1; past twelve decimals every decimal the figure has is written."""
        en, de = Labels.of("en"), Labels.of("de")
        assert en.number(1e-13, against=[0, 1]) == "0.0000000000001"
        assert de.number(1 + 1e-13, against=[0, 1]) == "1,0000000000001"
        assert en.number(0.5, against=[0, 1]) == "0.5"
        # in large units it would round to its target whatever the decimals: in full
        zh = Labels.of("zh")
        assert zh.number(1e8 + 1e-6, "元", against=[1e8]) == "100,000,000.000001"
        assert zh.number(99_960, "人", against=[100_000]) == "9.996万"  # as before

    def test_nothing_but_zero_reads_as_zero(self) -> None:
        """Regression: a figure just below 0 was written "-0" (and an index "-0.00"), and a
        completion of 1e-15 (one reading of a target of 1e15) "0%"; each is written with
        the decimals it has. -0.0 is 0."""
        en, de = Labels.of("en"), Labels.of("de")
        assert en.number(-0.0001) == "-0.0001"  # the pattern's one decimal would give -0
        assert en.number(-0.0001, against=[0]) == "-0.0001"
        assert de.number(0.04) == "0,04"
        assert en.number(-0.0) == en.number(0) == "0"
        assert en.ratio(-0.001) == "-0.001"  # two decimals give -0.00: one more
        assert en.ratio(1e-15) == "0.000000000000001"
        assert en.ratio(-0.0) == "0.00"
        assert (en.ratio(float("inf")), en.ratio(float("-inf"))) == ("∞", "-∞")

    def test_what_is_not_a_number_is_written_too(self) -> None:
        """Regression: ``percent(inf)`` raised decimal's InvalidOperation from inside, and an
        index of NaN read ``NaN.00``."""
        en = Labels.of("en")
        assert (en.percent(float("inf")), en.percent(float("nan"))) == ("∞%", "NaN%")
        assert (en.ratio(float("nan")), en.number(float("nan"))) == ("NaN", "NaN")
        assert en.ratio(-1.5) == "-1.50"
        assert en.percent(1e-15) == "0.0000000000001%"  # 1e-15 x 100: 13 decimals
        assert en.percent(-0.0) == "0%"

    @given(
        st.floats() | st.sampled_from([0.0, -0.0, 0.125, -0.0004, 0.0045, 2.5, -2.5]),
        st.sampled_from(["#,##0%", "#,##0.#%", "#,##0.###", "0.00", "0", "#,##0.0#%"]),
        st.sampled_from(["en", "de", "zh"]),
    )
    def test_a_figure_is_written_as_babel_writes_it(
        self, value: float, pattern: str, tag: str
    ) -> None:
        """Figures are written by babel's patterns, their texts remembered by the sign and
        the rounded magnitude: whatever the float (negative zero, a tie, a huge one), the
        text is babel's own."""
        locale = Locale.parse(tag)
        with localcontext(prec=800):  # as Labels formats: digits for every float
            expected = (format_percent if "%" in pattern else format_decimal)(
                value, pattern, locale=locale
            )
            assert _written(value, pattern, locale) == expected
            assert _written(value, pattern, locale) == expected  # remembered

    @given(
        st.integers(0, 3),
        st.floats(0, 1) | st.floats(0, 1e-3) | st.floats(1 - 1e-3, 1),
        st.lists(st.floats(0, 1), max_size=1),
    )
    def test_percent_places_are_the_fewest_that_do_not_mislead(
        self, least: int, value: float, against: list[float]
    ) -> None:
        """The decimals are the fewest, *least* or more, with which the percentage, rounded
        half to even from the float's shortest text as babel rounds it, differs from 0 %,
        100 % and a threshold unless equal to them (the quick answer for a value well inside
        (0, 1) included)."""

        def shown(figure: float, places: int) -> Decimal:
            exact = Decimal(repr(figure)) * 100
            return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)

        def misleads(places: int) -> bool:
            marks = (0.0, 1.0, *against)
            return any(m != value and shown(m, places) == shown(value, places) for m in marks)

        with localcontext(prec=800):  # as Labels.percent calls it: digits for every float
            places = percent_places(value, against=against, least=least)
            fewest = next(p for p in range(least, 400) if not misleads(p))
        assert places == fewest

    @given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["en", "de", "zh"]))
    def test_a_figure_reads_as_zero_only_when_it_is(self, value: float, lang: str) -> None:
        """Whatever the float: its number, percentage and index read back as 0 exactly when
        it is 0."""
        labels = Labels.of(lang)
        locale = "de" if lang == "de" else "en"

        def zero(text: str) -> bool:
            digits = text.rstrip("%\u00a0")
            return parse_decimal(digits, locale=locale) == 0

        assert zero(labels.number(value)) == (value == 0)
        assert zero(labels.percent(value)) == (value == 0)
        assert zero(labels.ratio(value)) == (value == 0)

    def test_ranking_places_tell_neighbours_apart(self) -> None:
        """A ranking is by completion, then SPI: 11.17 % and 11.14 % need one decimal
        (11.2 %, 11.1 %); equal completions ranked apart by SPIs 0.1713 and 0.1708 need
        four decimals of SPI (0.17 and 0.17 with two, 0.171 and 0.171 with three); a
        shared rank needs nothing more."""
        en = Labels.of("en")

        def unit(rank: int, completion: float, spi: float) -> UnitProgress:
            return UnitProgress(
                unit=f"u{rank}",
                rank=rank,
                completion=completion,
                planned=0.5,
                spi=spi,
                status=Status.BEHIND,
            )

        assert en.ranking_places([unit(1, 0.1117, 0.2), unit(2, 0.1114, 0.2)], 0) == (1, 2)
        assert en.ranking_places([unit(1, 0.3, 0.1713), unit(2, 0.3, 0.1708)], 0) == (0, 4)
        assert en.ranking_places([unit(1, 0.3, 0.17), unit(1, 0.3, 0.17)], 0) == (0, 2)
        assert en.ranking_places([unit(1, 0.1117, 0.2), unit(2, 0.1114, 0.2)]) == (1, 2)

    def test_ranking_places_stop_at_noise(self) -> None:
        """Regression: two completions one float step apart (0.7366666666666667 and
        0.7366666666666666) are ranked apart, and the whole table went to twelve decimals
        (76.377952755906 %) trying to tell them apart; at most three decimals are added,
        and figures closer than that are equal as shown."""
        en = Labels.of("en")

        def unit(rank: int, completion: float) -> UnitProgress:
            return UnitProgress(
                unit=f"u{rank}", rank=rank, completion=completion, planned=0.76,
                spi=None, status=Status.AT_RISK,
            )  # fmt: skip

        noise = [unit(1, 0.9), unit(2, 0.7366666666666667), unit(3, 0.7366666666666666)]
        assert en.ranking_places(noise) == (1, 2)  # the catalog's one decimal
        assert en.ranking_places([unit(1, 0.111117), unit(2, 0.111114)], 0) == (3, 2)

    def test_ranking_places_of_spis_behind_noisy_completions(self) -> None:
        """Regression: completions were compared exactly, so two units ranked apart by their
        SPIs (0.751 and 0.749) whose completions differ by noise only (0.15000000000000002
        and 0.15) had their SPIs written 0.75 and 0.75; they take three decimals."""
        en = Labels.of("en")

        def unit(rank: int, completion: float, spi: float) -> UnitProgress:
            return UnitProgress(
                unit=f"u{rank}", rank=rank, completion=completion, planned=0.2,
                spi=spi, status=Status.BEHIND,
            )  # fmt: skip

        units = [unit(1, (0.1 + 0.2) / 2, 0.751), unit(2, 0.15, 0.749)]
        assert en.ranking_places(units, 0) == (0, 3)

    def test_ratio(self) -> None:
        """An index keeps its decimals, with the language's decimal sign."""
        assert (Labels.of("en").ratio(0.9), Labels.of("de").ratio(0.9)) == ("0.90", "0,90")
        assert Labels.of("en").ratio(1.04999, 4) == "1.0500"

    @given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
    def test_en_and_de_read_back(self, value: Decimal) -> None:
        """A figure written in English or German reads back as the same number."""
        for lang in ("en", "de"):
            assert parse_decimal(Labels.of(lang).number(float(value)), locale=lang) == value

    @given(st.floats(min_value=10_000, max_value=1e15))
    def test_compact_amounts_are_close(self, value: float) -> None:
        """A compact Chinese amount is the amount to within half its last decimal.

        At most two decimals of 万 (100) or 亿 (10⁶) are kept, so the error is at most
        half of that unit, relative error at most 0.005 / 1 = 0.5%.
        """
        text = Labels.of("zh").number(value, "元")
        scale = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
        unit = next(u for u in ("万亿", "亿", "万") if text.endswith(u))
        shown = float(text.removesuffix(unit)) * scale[unit]
        assert abs(shown - value) <= 0.005 * scale[unit] * (1 + 1e-9)


class TestDates:
    def test_dates_and_weekdays(self) -> None:
        """Running text writes days in each language's way; tables in ISO form."""
        zh, en, de = Labels.of("zh"), Labels.of("en"), Labels.of("de")
        day = dt.date(2010, 2, 24)
        assert [x.date_long(day) for x in (zh, en, de)] == [
            "2010年2月24日",
            "24 February 2010",
            "24. Februar 2010",
        ]
        assert [x.weekday(day) for x in (zh, en, de)] == ["周三", "Wed", "Mi."]
        assert zh.date(day) == en.date(day) == de.date(day) == "2010-02-24"

    def test_months_on_axes(self) -> None:
        """Axis months are short, with the year in January."""
        zh, en, de = Labels.of("zh"), Labels.of("en"), Labels.of("de")
        jan, mar = dt.date(2010, 1, 1), dt.date(2010, 3, 1)
        assert [x.month(jan) for x in (zh, en, de)] == ["2010年1月", "Jan 2010", "Jan 2010"]
        assert [x.month(mar) for x in (zh, en, de)] == ["3月", "Mar", "Mär"]

    def test_missing_values(self) -> None:
        """A figure that does not exist is shown as a dash."""
        en = Labels.of("en")
        assert en.percent(None) == en.ratio(None) == en.status(None) == en.date(None) == "—"


class TestPunctuation:
    def test_lists_clauses_asides(self) -> None:
        """Lists, clauses and asides are punctuated as each language does."""
        zh, en = Labels.of("zh"), Labels.of("en")
        assert (zh.join(["甲", "乙"]), en.join(["A", "B"])) == ("甲、乙", "A, B")
        assert (zh.clauses(["甲", "乙"]), en.clauses(["A", "B"])) == ("甲；乙", "A; B")
        assert (zh.aside("镇长"), en.aside("mayor")) == ("（镇长）", " (mayor)")
