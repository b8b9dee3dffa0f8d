"""The catalogs of a report's words and formats: one TOML file per language.

The files are package data, ``campaignkit/report/locales/<language>.toml``; the languages
reports are written in are the files found there, so adding a language is adding a file
(see ``docs/languages.md``). A catalog has a ``[format]`` table — CLDR patterns for dates
and numbers, the punctuation of running text, the units whose large amounts are written in
the language's own large units — and one table of words for each part of a report
(``[report]``, ``[col]``, ``[briefing]``…): the key ``col.name`` is the word ``name`` of the
table ``[col]``. ``en.toml`` is the reference: every other catalog has exactly its keys.
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from campaignkit._errors import Problem, ValidationError

REFERENCE = "en"
"""The catalog every other catalog has the keys of, and the language of last resort."""

_FORMAT = "format"
_TEXT_FORMATS = (
    "date-long",
    "month",
    "month-with-year",
    "weekday",
    "number",
    "percent",
    "colon",
    "list",
    "clauses",
    "space",
    "aside",
    "missing",
)


@attrs.frozen(kw_only=True)
class Formats:
    """The ``[format]`` table of a catalog.

    Attributes:
        date_long: CLDR pattern of a day in running text (``y年M月d日``).
        month: CLDR pattern of a month on a chart axis (``LLL``).
        month_with_year: the same in January, with the year (``LLL y``).
        weekday: CLDR pattern of a weekday in tables (``EEE``).
        number: CLDR pattern of a figure (``#,##0.##``).
        percent: CLDR pattern of a percentage (``#,##0.#%``).
        colon: what stands between a label and its value.
        list: what stands between the items of a list.
        clauses: what stands between clauses.
        space: what stands between two words.
        aside: a short aside after a text, ``{text}`` in it.
        missing: what a cell shows when there is nothing to show.
        compact_units: indicator units whose large amounts are written in the language's
            large units (万, 亿).
        compact_from: the smallest magnitude written so.
        compact_decimals: the most decimals such an amount keeps.
        csv_bom: whether CSV the command line writes in this language begins with a
            byte-order mark by default (for spreadsheets that read CSV without one in a
            legacy code page, as Excel does on Chinese Windows).
    """

    date_long: str
    month: str
    month_with_year: str
    weekday: str
    number: str
    percent: str
    colon: str
    list: str
    clauses: str
    space: str
    aside: str
    missing: str
    compact_units: frozenset[str]
    compact_from: float
    compact_decimals: int
    csv_bom: bool


@attrs.frozen(kw_only=True)
class Catalog:
    """One language's catalog: its words by key (``col.name``) and its formats."""

    language: str
    words: Mapping[str, str]
    formats: Formats
    keys: frozenset[str]
    """Every key of the file, the ``format.*`` ones included (what catalogs must share)."""


def _files() -> dict[str, Any]:
    folder = importlib.resources.files("campaignkit.report") / "locales"
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    }


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages of the catalogs found, sorted: ``('de', 'en', 'zh')``."""
    return tuple(sorted(_files()))


@functools.cache
def catalog(language: str) -> Catalog:
    """The catalog of *language*, one of :func:`languages`, read once.

    Raises:
        ValidationError: ``bad-catalog``, located in the catalog's file, when it is not
            TOML or a value is not of its kind; ``KeyError`` for a language with no file.
    """
    entry = _files()[language]
    source = f"campaignkit/report/locales/{language}.toml"
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(source, "$", f"not a TOML file: {exc}") from None
    words: dict[str, str] = {}
    keys: set[str] = set()
    for table, items in data.items():
        if not isinstance(items, dict):
            raise _bad(source, f"$.{table}", "every top-level key must be a table of words")
        for name, value in items.items():
            keys.add(f"{table}.{name}")
            if table != _FORMAT:
                if not isinstance(value, str):
                    raise _bad(source, f"$.{table}.{name}", "a word must be a string")
                words[f"{table}.{name}"] = value
    return Catalog(
        language=language,
        words=words,
        formats=_formats(data.get(_FORMAT, {}), source),
        keys=frozenset(keys),
    )


def _formats(table: dict[str, Any], source: str) -> Formats:
    texts = {}
    for key in _TEXT_FORMATS:
        value = table.get(key)
        if not isinstance(value, str):
            raise _bad(source, f"$.format.{key}", "must be a string")
        texts[key.replace("-", "_")] = value
    units = table.get("compact-units")
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise _bad(source, "$.format.compact-units", "must be a list of units")
    start = table.get("compact-from")
    if isinstance(start, bool) or not isinstance(start, int | float) or start <= 0:
        raise _bad(source, "$.format.compact-from", "must be a number above 0")
    decimals = table.get("compact-decimals")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise _bad(source, "$.format.compact-decimals", "must be a whole number from 0 to 6")
    csv_bom = table.get("csv-bom")
    if not isinstance(csv_bom, bool):
        raise _bad(source, "$.format.csv-bom", "must be true or false")
    return Formats(
        **texts,
        csv_bom=csv_bom,
        compact_units=frozenset(units),
        compact_from=float(start),
        compact_decimals=decimals,
    )


def _bad(source: str, path: str, message: str) -> ValidationError:
    return ValidationError([Problem(path, "bad-catalog", message, source=source)])
