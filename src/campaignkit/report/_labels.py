"""Words and number formats of reports, in every language a catalog is written for.

A report's own words — section titles, column heads, status names — and its formats of
numbers and dates come from the catalog of its language
(``campaignkit/report/locales/<language>.toml``, see ``docs/languages.md``), so that a
translator adds a language without touching Python. Names and notes of the campaign's own
elements come from the campaign file (:meth:`~campaignkit.model.Element.label`).

>>> zh, en, de = Labels.of("zh"), Labels.of("en"), Labels.of("de-DE")
>>> zh("status.behind"), en("status.behind"), de("status.behind")
('滞后', 'behind', 'im Verzug')
>>> zh.date_long(dt.date(2010, 4, 2)), en.date_long(dt.date(2010, 4, 2)), de.date_long(dt.date(2010, 4, 2))
('2010年4月2日', '2 April 2010', '2. April 2010')
>>> en.percent(0.94892), en.percent(1.0), en.percent(None), de.percent(0.94892)
('94.9%', '100%', '—', '94,9\xa0%')
>>> zh.number(18_100_000, "元"), en.number(18_100_000, "yuan"), de.number(18_100_000, "Euro")
('1810万', '18,100,000', '18.100.000')
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import ParamSpec, Protocol, TypeAlias

import attrs
import babel
from babel.dates import format_date
from babel.numbers import NumberPattern, format_compact_decimal, parse_pattern

from campaignkit._errors import Problem, ValidationError
from campaignkit.model import Role
from campaignkit.report._catalogs import REFERENCE, Catalog, catalog, languages
from campaignkit.tracking import IndicatorProgress, Status, Tally, Thresholds
from campaignkit.tracking._status import alike, reaches

Lang: TypeAlias = str
"""A language reports are written in: the name of its catalog (``zh``, ``en``, ``de``)."""

LANGUAGES: tuple[Lang, ...] = languages()
"""The languages reports are written in: one for each catalog file, sorted."""


@functools.lru_cache(maxsize=256)
def _matching(tag: str) -> Lang | None:
    """The language of the catalog that serves the BCP 47 *tag*, or ``None``.

    ``de-AT`` and ``de`` are served by ``de``; ``zh-Hans-CN`` by ``zh``, but not
    ``zh-TW`` (traditional characters), which would need a catalog of its own.
    """
    import langcodes  # here: it takes a tenth of a second to load

    if not isinstance(tag, str) or not langcodes.tag_is_valid(tag):
        return None
    found = langcodes.closest_supported_match(tag, list(LANGUAGES))
    return None if found is None else str(found)


_P = ParamSpec("_P")

_AMPLE = Context(prec=800)
"""Digits enough for any float in full (babel rounds in the current decimal context, whose
28 digits would fail on a figure of 10^29 or more): figures are formatted in it."""


def _ample(method: Callable[_P, str]) -> Callable[_P, str]:
    """*method*, formatting in :data:`_AMPLE`."""

    @functools.wraps(method)
    def formatted(*args: _P.args, **kwargs: _P.kwargs) -> str:
        with localcontext(_AMPLE):
            return method(*args, **kwargs)

    return formatted


_MOST_PLACES = 12  # a float's percentage differs from another's within these decimals
_ALL_PLACES = 340  # every decimal a float has (the least, 5e-324, has 324; 万亿 adds 12)
# (a figure beyond the first, 1e-15 of a target of 1e15 say, is told apart in the second)


def _rounded(value: float, places: int, scale: int = 1) -> Decimal:
    """*value* times *scale* rounded to *places* decimals, as babel rounds it to print it
    (the float's shortest decimal text, half to even)."""
    exact = Decimal(repr(value)) * scale
    return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def _shown(value: float, places: int) -> Decimal:
    """*value* as a percentage rounded to *places* decimals, as babel rounds it."""
    return _rounded(value, places, 100)


@functools.cache
def _pattern(text: str) -> NumberPattern:
    """The CLDR number pattern *text*, parsed once (babel's ``format_decimal`` and
    ``format_percent`` parse theirs at every call)."""
    return parse_pattern(text)


def _written(value: float, pattern: str, locale: babel.Locale) -> str:
    """*value* written by the CLDR number *pattern*, as babel's ``format_decimal`` and
    ``format_percent`` write it.

    What babel writes depends on the value only through its sign and its magnitude rounded
    to the pattern's decimals (half to even, from the float's shortest text): the text is
    remembered by those (:func:`_rounded_text`), as a report of thousands of units writes
    hundreds of thousands of figures, few of them different once rounded, and babel takes
    some ten microseconds for each.
    """
    parsed = _pattern(pattern)
    if not math.isfinite(value) or parsed.exp_prec or "@" in pattern:
        text: str = parsed.apply(value, locale)  # ∞, NaN, scientific or significant digits
        return text
    rounded = _rounded(value, parsed.frac_prec[1], 10**parsed.scale)
    return _rounded_text(abs(rounded), math.copysign(1.0, value) < 0, pattern, locale)


@functools.lru_cache(maxsize=1 << 16)
def _rounded_text(rounded: Decimal, negative: bool, pattern: str, locale: babel.Locale) -> str:
    """What babel writes, by *pattern*, of a value whose magnitude rounds to *rounded*."""
    parsed = _pattern(pattern)
    value = rounded.scaleb(-parsed.scale)
    text: str = parsed.apply(value.copy_negate() if negative else value, locale)
    return text


def percent_places(value: float, *, against: Iterable[float] = (), least: int = 1) -> int:
    """The fewest decimals, *least* or more, with which *value* as a percentage does not
    mislead: it is not written 0 % or 100 % unless it is exactly that, nor equal to any
    figure of *against* it is not equal to (a gate's threshold: ``79.96 %`` against 80 %, not
    ``80 %``).

    Rounding never carries a value across another (it is monotonic): a figure written apart
    from a threshold is on its side.

    >>> percent_places(0.5), percent_places(0.9996), percent_places(0.0004), percent_places(1.0)
    (1, 2, 2, 1)
    >>> percent_places(0.7996, against=[0.8]), percent_places(0.8, against=[0.8])
    (2, 1)
    """
    against = tuple(against)
    # a value a step or more inside (0, 1) is never written as either end (a step is
    # 10^-least percent; rounding moves a value half a step at most)
    inside = 10.0 ** -(least + 2)
    if not against and inside <= value <= 1.0 - inside:
        return least
    marks = [(mark, mark == value) for mark in (0.0, 1.0, *against)]
    places = least
    while places < _ALL_PLACES:
        shown = _shown(value, places)
        if all(same or shown != _shown(mark, places) for mark, same in marks):
            break
        places += 1
    return places


class Ranked(Protocol):
    """A row of a ranking, as :meth:`Labels.ranking_places` reads it (a
    :class:`~campaignkit.tracking.UnitProgress`, say)."""

    @property
    def rank(self) -> int: ...
    @property
    def completion(self) -> float | None: ...
    @property
    def spi(self) -> float | None: ...


_MORE_TO_TELL = 3
"""The most decimals a ranking adds to tell its neighbours apart: figures closer than that
(two completions one float step apart, 73.666…67 % and 73.666…66 %) are equal as shown."""


def _telling(
    pairs: Iterable[tuple[float | None, float | None]],
    write: Callable[[float, int], str],
    least: int,
) -> int:
    """The fewest decimals, *least* or up to :data:`_MORE_TO_TELL` more, with which *write*
    writes apart the two figures of every pair that differ and that so many tell apart."""
    most = least + _MORE_TO_TELL
    apart = [(x, y) for x, y in pairs if x is not None and y is not None and x != y]
    apart = [(x, y) for x, y in apart if write(x, most) != write(y, most)]
    places = least
    while places < most and any(write(x, places) == write(y, places) for x, y in apart):
        places += 1
    return places


_FRACTION = re.compile(r"\.([0#]*)")


@functools.cache  # (a few patterns, asked for every figure)
def _fraction_digits(pattern: str) -> int:
    """The most decimals a CLDR number *pattern* writes (``#,##0.#%``: 1)."""
    found = _FRACTION.search(pattern)
    return len(found[1]) if found else 0


@functools.cache  # (a few patterns, asked for every figure)
def _with_fraction_digits(pattern: str, places: int) -> str:
    """*pattern* writing at most *places* decimals, none of them required."""
    fraction = "." + "#" * places if places else ""
    found = _FRACTION.search(pattern)
    if found is None:
        return pattern.replace("0", "0" + fraction, 1) if "0" in pattern else pattern
    return pattern[: found.start()] + fraction + pattern[found.end() :]


def _locale(tag: str, lang: Lang) -> babel.Locale:
    """The CLDR locale of *tag* (its region's number symbols), or of the catalog's language
    when CLDR does not know the tag."""
    import langcodes

    try:
        return babel.Locale.parse(langcodes.standardize_tag(tag), sep="-")
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return babel.Locale.parse(lang)


@attrs.frozen
class Labels:
    """The words and formats of one language: call it with a key of its catalog.

    Build one with :meth:`of`, which checks the language, or :meth:`first_of`, which picks
    the first of several wishes that a catalog serves.

    Attributes:
        lang: The language of the catalog (``de``).
        tag: The BCP 47 tag asked for (``de-AT``): the words are the catalog's, the formats
            of numbers and dates the tag's own where CLDR has them.
    """

    lang: Lang
    tag: str = attrs.field(default=attrs.Factory(lambda self: self.lang, takes_self=True))
    _catalog: Catalog = attrs.field(init=False, repr=False, eq=False)
    _locale: babel.Locale = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            msg = f"'lang' must be the language of a catalog: one of {', '.join(LANGUAGES)} (got {self.lang!r})"
            raise ValidationError([Problem("$.lang", "invalid-value", msg)])
        object.__setattr__(self, "_catalog", catalog(self.lang))
        object.__setattr__(self, "_locale", _locale(self.tag, self.lang))

    @classmethod
    def of(cls, lang: str) -> Labels:
        """The labels of the BCP 47 tag *lang* (``zh``, ``en``, ``de-DE``).

        Raises:
            ValidationError: ``invalid-value`` at ``$.lang`` for a tag that is not BCP 47,
                or whose language has no catalog.
        """
        found = _matching(lang)
        if found is None:
            msg = (
                f"'lang' must be a language tag of one of {', '.join(LANGUAGES)} "
                f"such as 'de' or 'de-DE' (got {lang!r})"
            )
            raise ValidationError([Problem("$.lang", "invalid-value", msg)])
        return cls(found, lang)

    @classmethod
    def first_of(cls, *wishes: str | None) -> Labels:
        """The labels of the first of *wishes* that a catalog serves, else English.

        A wish that is ``None``, not a BCP 47 tag, or a language without a catalog is
        passed over: the wishes are preferences (the campaign's language, the machine's
        locale), not commands.

        >>> Labels.first_of(None, "fr", "de-AT").tag
        'de-AT'
        >>> Labels.first_of("C").lang
        'en'
        """
        for wish in wishes:
            if wish is not None:
                found = _matching(wish)
                if found is not None:
                    return cls(found, wish)
        return cls(REFERENCE)

    def __call__(self, key: str, **fields: object) -> str:
        """The text of *key* in this language, with *fields* filled in."""
        text = self._catalog.words[key]
        return text.format(**fields) if fields else text

    def counted(self, key: str, **counts: int) -> str:
        """The text of *key* with *counts* written as the language writes numbers
        (``1,000,000 read``, ``1.000.000 gelesen``), not as bare digits.

        >>> Labels.of("en").counted("table.units-all", n=10_000)
        'units: 10,000, best first'
        """
        return self(key, **{name: self.number(count) for name, count in counts.items()})

    def columns(self, *keys: str) -> tuple[str, ...]:
        """Column heads: the text of ``col.KEY`` for each key."""
        return tuple(self(f"col.{key}") for key in keys)

    def heads(self, *keys: str) -> tuple[str, ...]:
        """Heads of the command line's tables: the text of ``table.KEY`` for each key."""
        return tuple(self(f"table.{key}") for key in keys)

    # -- formats ---------------------------------------------------------------------------

    @_ample
    def percent(
        self, value: float | None, *, against: Iterable[float] = (), places: int | None = None
    ) -> str:
        """A fraction as a percentage with the catalog's decimals, at most one (``94.9%``,
        ``100%``), or *places* decimals at most, or as many more as keep it from misleading
        (``percent_places``): ``99.96%``, never ``100%``, for work not complete; ``0.04%``,
        never ``0%``, for work begun; apart from a threshold it is given *against* (a gate's).

        >>> en = Labels.of("en")
        >>> en.percent(0.9996), en.percent(0.0004), en.percent(0.7996, against=[0.8])
        ('99.96%', '0.04%', '79.96%')
        >>> en.percent(0.944, places=0), en.percent(0.996, places=0)
        ('94%', '99.6%')
        """
        if value is None:
            return self.missing
        value += 0.0  # -0.0 is 0: never "-0%"
        pattern = self._catalog.formats.percent
        if not math.isfinite(value):  # ∞%, NaN%: no decimals to choose
            return _written(value, pattern, self._locale)
        least = _fraction_digits(pattern) if places is None else places
        more = percent_places(value, against=against, least=least)
        if more != _fraction_digits(pattern):
            pattern = _with_fraction_digits(pattern, more)
        return _written(value, pattern, self._locale)

    def progress_percents(
        self,
        completion: float | None,
        planned: float | None,
        thresholds: Thresholds,
        *,
        places: int | None = None,
    ) -> tuple[str, str]:
        """*completion* and *planned* as :meth:`percent` writes them, with as many more
        decimals as keep the pair in the band of the status they give (``94.96%`` against
        ``100%`` is at risk, where ``95%`` would read as on track).

        >>> Labels.of("en").progress_percents(0.9496, 1.0, Thresholds())
        ('94.96%', '100%')
        """
        if completion is None or planned is None:
            return self.percent(completion, places=places), self.percent(planned, places=places)
        status = thresholds.status(completion, planned)
        more = _fraction_digits(self._catalog.formats.percent) if places is None else places
        while more < _MOST_PLACES:
            shown = (float(_shown(figure, more)) / 100 for figure in (completion, planned))
            if thresholds.status(*shown) is status:
                break
            more += 1
        return self.percent(completion, places=more), self.percent(planned, places=more)

    def standing(
        self,
        key: str,
        completion: float | None,
        planned: float | None,
        status: Status | None,
        thresholds: Thresholds,
        **fields: object,
    ) -> str:
        """The sentence *key* (``… {completion} done against {planned} planned: {status}``)
        with the figures as :meth:`progress_percents` writes them and *fields*.

        >>> Labels.of("en").standing(
        ...     "series.figures", 0.9496, 1.0, Status.AT_RISK, Thresholds()
        ... )
        '94.96% done against 100% planned: at risk.'
        """
        done, plan = self.progress_percents(completion, planned, thresholds)
        return self(key, completion=done, planned=plan, status=self.status(status), **fields)

    def cancelled(self, tally: Tally) -> str:
        """`` (3 cancelled)``: the items of *tally* called off, when there are any."""
        if not tally.cancelled:
            return ""
        return f" ({self('table.cancelled', cancelled=tally.cancelled)})"

    def held_due(self, tally: Tally, *, cancelled: bool = True) -> str:
        """Held against due (``3 / 4``), with the items called off when there are any
        (``0 / 3 (3 cancelled)``; not when *cancelled* is false, for a table that has a
        column of them): a meeting called off is not one forgotten.

        >>> Labels.of("en").held_due(Tally(total=4, due=3, held=0, cancelled=3))
        '0 / 3 (3 cancelled)'
        """
        return f"{tally.held} / {tally.due}" + (self.cancelled(tally) if cancelled else "")

    def ranking_places(self, units: Sequence[Ranked], least: int | None = None) -> tuple[int, int]:
        """The decimals a ranking of *units* (in its order) writes completions and SPIs
        with, *least* or more (the catalog's by default; two for an SPI), so that no two
        neighbours ranked apart read alike: a ranking is by completion, then SPI, and
        11.17 % and 11.14 % written ``11%`` and ``11%``, ranked 1 and 2, would tell the
        reader they are equal. Neighbours ranked apart whose completions are alike but for
        floating-point noise (as a ranking compares them) were ranked by their SPIs, which
        then take the decimals that tell them apart.

        >>> from campaignkit.tracking import UnitProgress
        >>> def unit(rank, completion):
        ...     return UnitProgress(unit=f"u{rank}", rank=rank, completion=completion,
        ...                         planned=0.5, spi=completion / 0.5, status=Status.BEHIND)
        >>> Labels.of("en").ranking_places([unit(1, 0.1117), unit(2, 0.1114)], 0)
        (1, 2)
        >>> Labels.of("en").ranking_places([unit(1, 0.11117), unit(2, 0.11114)], 0)
        (2, 2)
        """
        places = _fraction_digits(self._catalog.formats.percent) if least is None else least
        done: list[tuple[float | None, float | None]] = []
        spis: list[tuple[float | None, float | None]] = []
        for a, b in itertools.pairwise(units):
            if a.rank == b.rank:
                continue
            if alike(a.completion, b.completion):  # ranked apart by their SPIs
                spis.append((a.spi, b.spi))
            else:
                done.append((a.completion, b.completion))
        return (
            _telling(done, lambda v, p: self.percent(v, places=p), places),
            _telling(spis, self.ratio, 2),
        )

    @_ample
    def ratio(self, value: float | None, decimals: int = 2) -> str:
        """An index such as the SPI, with two decimals (or *decimals*): ``0.95``, ``0,95``."""
        if value is None:
            return self.missing
        value += 0.0  # -0.0 is 0
        while value and math.isfinite(value) and decimals < _ALL_PLACES:
            if _rounded(value, decimals):
                break
            decimals += 1  # a figure that is not 0 is never written "0.00" (nor "-0.00")
        if not math.isfinite(value):
            decimals = 0  # ∞, NaN: no decimals (babel would write NaN.00)
        pattern = "0." + "0" * decimals if decimals > 0 else "0"
        return _written(value, pattern, self._locale)

    def amount(self, figure: str, unit: str | None) -> str:
        """A *figure* (as :meth:`number` writes it) with its *unit*, as the language writes
        an amount: ``1810万元``, ``1,810,000 yuan``; the figure alone without a unit.

        >>> Labels.of("zh").amount("1810万", "元"), Labels.of("en").amount("2,000", "")
        ('1810万元', '2,000')
        """
        return f"{figure}{self.space}{unit}" if unit else figure

    def ranks(self, first: object, last: object) -> str:
        """The ranks from *first* to *last* of rows a ranking leaves out: ``4`` when they
        tie, ``21–1,980`` otherwise.

        >>> Labels.of("en").ranks(4, 4), Labels.of("en").ranks("21", "1,980")
        ('4', '21–1,980')
        """
        return f"{first}" if first == last else f"{first}–{last}"

    def actual(self, indicator: IndicatorProgress, unit: str | None = None) -> str:
        """An indicator's actual as :meth:`number` writes it, never as its target, its
        baseline or its planned value when it is not that figure: 99,960 of a target of
        100,000 人 is written ``9.996万``, not ``10万``, which reads as the target reached;
        0.4951 from a baseline of 0.5 is ``0.4951``, not ``0.5``, which reads as no change.
        """
        figures = (indicator.target, indicator.baseline, indicator.planned_value)
        return self.number(indicator.actual, unit, against=figures)

    def short_units(self, indicator: IndicatorProgress) -> str:
        """For a cascaded indicator whose combined figures read as its target reached while
        some units are short of theirs (across ``sum``: one unit's surplus fills another's
        shortfall in the figures, never in the completion), how many are short: ``1 of 2
        units short of their targets``; else nothing. It goes beside ``40 / 40``, which
        would otherwise read as done beside a completion of 50 %."""
        units = indicator.units
        span = indicator.target - indicator.baseline
        if not units or not span or reaches(indicator.completion or 0.0, 1.0):
            return ""
        if not reaches((indicator.actual - indicator.baseline) / span, 1.0):
            return ""
        short = sum(not reaches(u.completion, 1.0) for u in units)
        return self("table.units-short", n=self.number(short), total=self.number(len(units)))

    def disagreeing(self, indicator: IndicatorProgress) -> str:
        """For a ``last`` indicator whose actual rests on readings of one day that disagree
        (:attr:`~campaignkit.tracking.IndicatorProgress.disagreeing`), that it does: ``the
        latest day's readings disagree`` (in how many units, for a cascaded one); else
        nothing. It goes beside the actual, which is then one of the values reported."""
        n = indicator.disagreeing
        if not n:
            return ""
        if indicator.across is None:
            return self("table.disagree")
        return self(
            "table.disagree-units", n=self.number(n), total=self.number(len(indicator.units))
        )

    @_ample
    def number(
        self, value: float, unit: str | None = None, *, against: Iterable[float] = ()
    ) -> str:
        """A figure as people write it: ``2,000``, ``1.5``, ``18,100,000``, ``1.810.000``.

        An amount in one of the catalog's compact units (``元`` in Chinese) from its
        ``compact-from`` on is written in the language's large units, with at most its
        ``compact-decimals`` decimals: ``1810万`` (元), ``80万``, ``1.23亿``. Given figures
        *against* (an actual's target), as many decimals more as keep it from being written
        as one of them that it is not: 99,960 of 100,000 人 is ``9.996万`` against ``10万``.

        >>> zh = Labels.of("zh")
        >>> zh.number(99_960, "人"), zh.number(99_960, "人", against=[100_000])
        ('10万', '9.996万')
        """
        formats = self._catalog.formats
        places = (
            formats.compact_decimals
            if self._compact(value, unit)
            else _fraction_digits(formats.number)
        )
        value += 0.0  # -0.0 is 0
        # never written as 0 (or -0) unless it is 0, as a percentage is never 0 %
        marks = (*against, 0.0, -0.0) if value else against
        others = [other for other in marks if other != value]
        text = self._number(value, unit, places)

        def clashes() -> bool:
            return any(text == self._number(other, unit, places) for other in others)

        clash = clashes()
        while clash and places < _MOST_PLACES:
            places += 1
            text = self._number(value, unit, places)
            clash = clashes()
        if not clash or not math.isfinite(value):
            return text
        # closer than those decimals tell (a weight of 1e-13 against 0): the figure in full
        # (not in large units, which round it), with as many decimals as it takes
        unit = None
        text = self._number(value, unit, places)
        while places < _ALL_PLACES and clashes():
            places += 1
            text = self._number(value, unit, places)
        return text

    def _compact(self, value: float, unit: str | None) -> bool:
        """Whether *value* of *unit* is written in the language's large units (万, 亿)."""
        formats = self._catalog.formats
        return unit in formats.compact_units and abs(value) >= formats.compact_from

    def _number(self, value: float, unit: str | None, places: int) -> str:
        """*value* of *unit*, in large units where the catalog says so, with at most
        *places* decimals."""
        if self._compact(value, unit):
            return format_compact_decimal(
                value, format_type="short", locale=self._locale, fraction_digits=places
            )
        pattern = _with_fraction_digits(self._catalog.formats.number, places)
        return _written(value, pattern, self._locale)

    def date(self, day: dt.date | None) -> str:
        """A day in tables: ``2010-04-02`` in every language."""
        return self.missing if day is None else day.isoformat()

    def date_long(self, day: dt.date) -> str:
        """A day in running text: ``2010年4月2日``, ``2 April 2010``, ``2. April 2010``."""
        return format_date(day, self._catalog.formats.date_long, locale=self._locale)

    def month(self, day: dt.date) -> str:
        """The month of *day* on a chart axis: ``1月``, ``Jan``; with the year in January."""
        formats = self._catalog.formats
        pattern = formats.month_with_year if day.month == 1 else formats.month
        return format_date(day, pattern, locale=self._locale)

    def weekday(self, day: dt.date) -> str:
        """The weekday of *day*: ``周五``, ``Fri``, ``Fr.``."""
        return format_date(day, self._catalog.formats.weekday, locale=self._locale)

    def status(self, status: object) -> str:
        """A :class:`~campaignkit.tracking.Status` in words (``—`` for ``None``)."""
        value = getattr(status, "value", None)
        return self.missing if value is None else self(f"status.{value}")

    def role(self, role: Role) -> str:
        """A role in words: ``牵头``, ``lead``."""
        return self(f"role.{role.value}")

    def kind(self, kind: str | None) -> str:
        """The kind of an element in words: ``系列活动``, ``series``."""
        return self(f"kind.{kind}") if kind else self.missing

    @property
    def colon(self) -> str:
        """What stands between a label and its value: ``：`` in Chinese, a colon and a space
        in English."""
        return self._catalog.formats.colon

    @property
    def space(self) -> str:
        """What stands between two words: nothing in Chinese, a space in English."""
        return self._catalog.formats.space

    def join(self, items: list[str]) -> str:
        """Items of a running list: ``甲、乙``, ``A, B``."""
        return self._catalog.formats.list.join(items)

    def clauses(self, items: list[str]) -> str:
        """Clauses of a sentence: ``甲；乙``, ``A; B``."""
        return self._catalog.formats.clauses.join(items)

    def aside(self, text: str) -> str:
        """A short aside after a text: ``（镇长）``, `` (mayor)``."""
        return self._catalog.formats.aside.format(text=text)

    @property
    def csv_bom(self) -> bool:
        """Whether CSV written for readers of this language begins with a byte-order mark
        by default (the catalog's ``csv-bom``: yes in Chinese)."""
        return self._catalog.formats.csv_bom

    @property
    def missing(self) -> str:
        """What a cell shows when there is nothing to show."""
        return self._catalog.formats.missing
