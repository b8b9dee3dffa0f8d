"""An actual short of its target is never written as the target, nor one off its baseline
as the baseline, wherever a report writes it.

Regression: 99,960 people reached of a target of 100,000 read ``目标10万人，已完成10万人``
in the weekly briefing and ``实际 10万人 / 目标 10万人`` on the report's indicator card (the
progress table already wrote ``9.996万``); 0.4951 from a baseline of 0.5 read ``0.5``; and a
card cut a long figure short (``target 12,000,0…``), which reads as another figure.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.model import ActivitySeries, Campaign, Cascade, Indicator, Unit, Window
from campaignkit.report import Labels, render_briefing, render_report
from campaignkit.scheduling import schedule
from campaignkit.tracking import Ledger, Reading, progress

WINDOW = Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27))
DAY = dt.date(2026, 3, 20)


def campaign(*indicators: Indicator, language: str = "zh") -> Campaign:
    series = ActivitySeries(id="s", name="入户宣传", indicators=indicators)
    return Campaign(id="c", name="宣传", language=language, window=WINDOW, series=(series,))


def report(c: Campaign, ledger: Ledger) -> str:
    """The HTML report of *c* as of :data:`DAY`, in the campaign's language."""
    plan = schedule(c)
    return render_report(c, plan, progress(c, plan, ledger, DAY), format="html")


REACH = Indicator(id="reach", name="覆盖人数", target=100_000, unit="人")
LEDGER = Ledger([Reading(indicator="reach", date=dt.date(2026, 3, 3), value=99_960)])


def test_the_labels() -> None:
    c = campaign(REACH)
    node = progress(c, schedule(c), LEDGER, DAY).indicator("reach")
    zh = Labels.of("zh")
    assert (zh.actual(node, "人"), zh.number(node.target, "人")) == ("9.996万", "10万")
    assert zh.number(node.actual, "人") == "10万"  # what was written before
    # 0.4951 from a baseline of 0.5 (a decrease to 0.49): not "0.5"
    down = attrs.evolve(node, baseline=0.5, target=0.49, actual=0.4951, planned_value=0.495)
    en = Labels.of("en")
    assert (en.actual(down), en.number(down.actual)) == ("0.4951", "0.5")


def test_the_briefing() -> None:
    c = campaign(REACH)
    sheet = render_briefing(c, schedule(c), LEDGER, dt.date(2026, 3, 23), lang="zh", format="md")
    assert "指标到期：覆盖人数，目标10万人，已完成9.996万人" in sheet


def test_the_briefing_without_a_measure() -> None:
    """No stray space where an indicator has no unit: ``target 1,000, 999.996 so far``."""
    c = campaign(Indicator(id="a", name="A", target=1000, aggregate="last"), language="en")
    ledger = Ledger([Reading(indicator="a", date=dt.date(2026, 3, 3), value=999.996)])
    sheet = render_briefing(c, schedule(c), ledger, dt.date(2026, 3, 23), lang="en", format="md")
    assert "Indicator due: A, target 1,000, 999.996 so far" in sheet


def test_the_card() -> None:
    c = campaign(REACH)
    html = report(c, LEDGER)
    (figures,) = re.findall(r'class="kpi-figures"[^>]*>([^<]*)<', html)
    assert figures == "实际 9.996万人 / 目标 10万人"


def test_a_long_figure_is_pressed_not_cut() -> None:
    """12,000,000 元 with 11,999,999.5 done does not fit a card's line: the line is pressed
    to the card's width (SVG textLength), every digit kept."""
    wide = Indicator(id="money", name="C", target=12_000_000, unit="元", aggregate="last")
    c = campaign(wide, language="en")
    ledger = Ledger([Reading(indicator="money", date=dt.date(2026, 3, 3), value=11_999_999.5)])
    html = report(c, ledger)
    (tag,) = re.findall(r'<text[^>]*class="kpi-figures"[^>]*>[^<]*', html)
    assert tag.endswith(">actual 11,999,999.5 元 / target 12,000,000 元")
    assert 'lengthAdjust="spacingAndGlyphs"' in tag
    assert "…" not in tag


def cascade() -> Campaign:
    """Households (a sum, target 20 in each village) cascaded to v1 and v2."""
    units = (
        Unit(id="town", name="Town"),
        Unit(id="v1", name="V1", parent="town"),
        Unit(id="v2", name="V2", parent="town"),
    )
    ind = Indicator(id="hh", name="Households", target=20)
    series = ActivitySeries(
        id="s", name="S", cascade=Cascade(children_of="town"), indicators=(ind,)
    )
    return Campaign(id="c", name="C", language="en", window=WINDOW, units=units, series=(series,))


def households(*values: tuple[str, float]) -> Ledger:
    day = dt.date(2026, 3, 3)
    return Ledger([Reading(indicator="hh", unit=u, date=day, value=v) for u, v in values])


def test_a_cascade_whose_figures_read_as_done_says_how_many_units_are_short() -> None:
    """v1 40 of 20, v2 0 of 20: the campaign reads 40 / 40 (a sum across units) at a
    completion of (1 + 0) / 2 = 50 %, so the figures say that 1 of 2 units is short."""
    c = cascade()
    plan = schedule(c)
    en = Labels.of("en")
    node = progress(c, plan, households(("v1", 40)), DAY).indicator("hh")
    assert (node.actual, node.target, node.completion) == (40, 40, 0.5)
    assert en.short_units(node) == "1 of 2 units short of their targets"
    # 30 / 40 does not read as done; 40 / 40 with both at 20 is done: nothing to say
    assert en.short_units(progress(c, plan, households(("v1", 30)), DAY).indicator("hh")) == ""
    both = households(("v1", 20), ("v2", 20))
    assert en.short_units(progress(c, plan, both, DAY).indicator("hh")) == ""
    md = render_report(c, plan, progress(c, plan, households(("v1", 40)), DAY))
    assert "| Households | 40 (1 of 2 units short of their targets) | 40 |" in md


FIGURES = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_subnormal=False)


@settings(max_examples=200, deadline=None)
@given(
    actual=FIGURES,
    target=FIGURES,
    baseline=FIGURES,
    planned=FIGURES,
    lang=st.sampled_from(["zh", "en", "de"]),
    unit=st.sampled_from(["", "人", "元", "%", "households"]),
)
def test_an_actual_reads_as_no_other_figure_it_is_not(
    actual: float, target: float, baseline: float, planned: float, lang: str, unit: str
) -> None:
    """Whatever the figures, an actual is written as its target, baseline or planned value
    only when it is that figure."""
    c = campaign(REACH)
    node = progress(c, schedule(c), LEDGER, DAY).indicator("reach")
    node = attrs.evolve(
        node, actual=actual, target=target, baseline=baseline, planned_value=planned
    )
    labels = Labels.of(lang)
    written = labels.actual(node, unit)
    for other in (target, baseline, planned):
        if other != actual:
            assert written != labels.number(other, unit)
