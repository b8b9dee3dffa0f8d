"""Pictures that answer questions: what the marks of the report's figures say, and that they
agree with the numbers (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from campaignkit._errors import ValidationError
from campaignkit._text import display_width
from campaignkit.model import ActivitySeries, Indicator, Phase
from campaignkit.report import (
    Labels,
    briefing_document,
    render_report,
    report_document,
    weekly_briefing,
)
from campaignkit.report._charts import COLUMN, burnup_chart, completion_chart, row_label
from campaignkit.report._document import Facts
from campaignkit.report._figures import assumed_rises
from campaignkit.report._gantt import gantt_chart
from campaignkit.report._kpi import kpi_cards
from campaignkit.report._outcomes import Outcome, combined
from campaignkit.tracking import Cancelled, Reading, progress

if TYPE_CHECKING:
    from .conftest import Builders, Case

SVG = "{http://www.w3.org/2000/svg}"
EN, ZH = Labels.of("en"), Labels.of("zh")
MARKS = {
    "gantt-bar",
    "gantt-done",
    "gantt-occurrence",
    "gantt-event",
    "gantt-standing",
    "gantt-trail",
    "off",
    "makeup",
    "as-of",
}


def parse(svg: str) -> ET.Element:
    """The chart as an XML tree."""
    return ET.fromstring(str(svg).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def having(root: ET.Element, css: str) -> list[ET.Element]:
    """Elements whose class list holds *css*."""
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def row(root: ET.Element, id: str) -> ET.Element:
    """The Gantt row of element *id*."""
    (found,) = (r for r in having(root, "gantt-row") if r.get("data-id") == id)
    return found


def number(element: ET.Element, name: str) -> float:
    """A numeric attribute."""
    return float(element.get(name, "nan"))


def outcomes(root: ET.Element, id: str) -> list[tuple[str | None, str | None]]:
    """(day, outcome) of every dot in row *id*."""
    return [
        (dot.get("data-day"), dot.get("data-outcome")) for dot in row(root, id).iter(f"{SVG}circle")
    ]


class TestMeetingOutcomes:
    def test_weekly_meeting_from_the_records(self, small: Case) -> None:
        """Small campaign as of Friday 03-20: the Monday meetings of 03-02 and 03-09 have held
        records, 03-16 has none (missed although past), 03-23 is still to come."""
        svg = gantt_chart(small.campaign, small.plan, small.result, EN, records=small.ledger)
        assert outcomes(parse(svg), "weekly") == [
            ("2026-03-02", "held"),
            ("2026-03-09", "held"),
            ("2026-03-16", "missed"),
            ("2026-03-23", "upcoming"),
        ]

    def test_a_cascade_day_shows_the_worst_unit(self, small: Case) -> None:
        """Patrol of two villages: 03-04 both held; 03-11 and 03-18 only the north one (the
        south one missed), so the day is missed; each dot stands for 2 occurrences."""
        root = parse(
            gantt_chart(small.campaign, small.plan, small.result, EN, records=small.ledger)
        )
        assert outcomes(root, "patrol") == [
            ("2026-03-04", "held"),
            ("2026-03-11", "missed"),
            ("2026-03-18", "missed"),
            ("2026-03-25", "upcoming"),
        ]
        dots = list(row(root, "patrol").iter(f"{SVG}circle"))
        assert {d.get("data-items") for d in dots} == {"2"}
        tip = dots[1].find(f"{SVG}title")
        assert tip is not None
        assert tip.text == "2026-03-11 Wed: missed (held 1, missed 1)"

    def test_cancelled(self, small: Case, build: Builders) -> None:
        """A cancelled record turns the missed meeting of 03-16 into a cancelled one."""
        ledger = [*small.ledger, Cancelled(subject="weekly@2026-03-16", date=dt.date(2026, 3, 13))]
        root = parse(gantt_chart(small.campaign, small.plan, small.result, EN, records=ledger))
        assert dict(outcomes(root, "weekly"))["2026-03-16"] == "cancelled"

    def test_records_dated_after_the_day_do_not_count(self, small: Case) -> None:
        """As of 03-05 the meeting of 03-09 is upcoming, although the ledger holds it."""
        early = attrs.evolve(small.result, as_of=dt.date(2026, 3, 5))
        root = parse(gantt_chart(small.campaign, small.plan, early, EN, records=small.ledger))
        assert outcomes(root, "weekly")[:2] == [("2026-03-02", "held"), ("2026-03-09", "upcoming")]

    def test_without_records_the_past_is_not_recorded(self, small: Case) -> None:
        """Without the ledger a past meeting is neither held nor missed: not recorded."""
        root = parse(gantt_chart(small.campaign, small.plan, small.result, EN))
        assert [o for _, o in outcomes(root, "weekly")] == ["unrecorded"] * 3 + ["upcoming"]
        keys = {g.get("data-key") for g in having(root, "legend-item")}
        assert "outcome.unrecorded" in keys
        assert "outcome.missed" not in keys

    def test_an_activity_is_a_mark_with_its_outcome(self, small: Case) -> None:
        """The clean-up series spans the whole window: no bar, its kick-off (held) as a mark."""
        root = parse(
            gantt_chart(small.campaign, small.plan, small.result, EN, records=small.ledger)
        )
        cleanup = row(root, "cleanup")
        assert having(cleanup, "gantt-bar") == []
        (event,) = having(cleanup, "gantt-event")
        assert (event.get("data-day"), event.get("data-outcome")) == ("2026-03-05", "held")


@given(st.lists(st.sampled_from(list(Outcome)), min_size=1))
def test_a_mark_shows_the_worst_outcome(found: list[Outcome]) -> None:
    """Missed outranks upcoming, upcoming cancelled, cancelled held; held only when all are."""
    order = [Outcome.MISSED, Outcome.UPCOMING, Outcome.CANCELLED, Outcome.HELD]
    assert combined(found) == min(found, key=order.index)


class TestBars:
    def test_phase_filled_by_its_own_progress(self, small: Case) -> None:
        """The phase 'run' (03-02 .. 03-27, the whole window) is 60% done: its fill is 0.6 of
        its bar."""
        root = parse(gantt_chart(small.campaign, small.plan, small.result, EN))
        (bar,) = having(row(root, "run"), "gantt-bar")
        (done,) = having(row(root, "run"), "gantt-done")
        assert small.result.phase("run").completion == pytest.approx(0.6)
        assert number(done, "width") == pytest.approx(0.6 * number(bar, "width"), abs=0.1)

    def test_a_phase_not_started_is_not_filled(self, small: Case, build: Builders) -> None:
        """A phase after the as-of day has a bar and no fill, and its tooltip says so."""
        later = Phase(
            id="after", name="After", start=dt.date(2026, 3, 23), end=dt.date(2026, 3, 27)
        )
        early = attrs.evolve(small.campaign.phases[0], end=dt.date(2026, 3, 20))
        campaign = attrs.evolve(small.campaign, phases=(early, later))
        case = build.case(campaign, build.ledger(), build.as_of)
        root = parse(gantt_chart(case.campaign, case.plan, case.result, EN))
        (bar,) = having(row(root, "after"), "gantt-bar")
        assert having(row(root, "after"), "gantt-done") == []
        assert bar.get("data-completion") == ""
        tip = bar.find(f"{SVG}title")
        assert tip is not None
        assert tip.text == "2026-03-23 to 2026-03-27: not started"

    @given(st.floats(min_value=0.01, max_value=1.0))
    def test_fill_is_proportional(self, small: Case, completion: float) -> None:
        """Whatever the phase's completion, its fill is that fraction of its bar."""
        phase = attrs.evolve(small.result.phases[0], completion=completion)
        result = attrs.evolve(small.result, phases=(phase,))
        root = parse(gantt_chart(small.campaign, small.plan, result, EN))
        (bar,) = having(row(root, "run"), "gantt-bar")
        (done,) = having(row(root, "run"), "gantt-done")
        assert number(done, "width") == pytest.approx(completion * number(bar, "width"), abs=0.06)

    def test_whole_window_series_without_activities_is_a_trajectory(
        self, small: Case, build: Builders
    ) -> None:
        """A series over the whole window with only an indicator is drawn as its completion
        over the history, ending at today's: 6 of 10 bags = 60%."""
        bags = ActivitySeries(
            id="bags-only",
            name="Bags",
            indicators=(Indicator(id="bags2", name="Bags", unit="bags", target=10),),
        )
        campaign = attrs.evolve(small.campaign, series=(*small.campaign.series, bags))
        ledger = [*build.ledger(), Reading(indicator="bags2", date=dt.date(2026, 3, 10), value=6)]
        case = build.case(campaign, ledger, build.as_of)
        root = parse(gantt_chart(case.campaign, case.plan, case.result, EN, history=case.history))
        line = row(root, "bags-only")
        assert having(line, "gantt-bar") == []
        (trail,) = having(line, "gantt-trail")
        assert float(trail.get("data-last", "nan")) == pytest.approx(0.6)
        assert len(trail.get("points", "").split()) == 4  # 03-02, 03-09, 03-16, 03-20


class TestLegendAndTooltips:
    def test_every_mark_has_a_tooltip(self, changsheng: Case) -> None:
        """Every bar, dot, band, trail, day off and the as-of line carries a <title>."""
        c = changsheng
        root = parse(
            gantt_chart(c.campaign, c.plan, c.result, ZH, records=c.ledger, history=c.history)
        )
        marks = [e for e in root.iter() if MARKS & set((e.get("class") or "").split())]
        assert len(marks) > 80  # 50 dots of meetings and activities, 30 runs of days off, bars
        assert all(m.find(f"{SVG}title") is not None for m in marks)

    def test_other_figures_marks_have_tooltips(self, changsheng: Case) -> None:
        """Burn-up points and hatched rises, completion bars and ticks, indicator meters,
        ticks and sparklines carry a <title> too."""
        c = changsheng
        html = render_report(
            c.campaign,
            c.plan,
            c.result,
            lang="zh",
            format="html",
            history=c.history,
            records=c.ledger,
        )
        kinds = {"burnup-point", "burnup-assumed", "bar-fill", "bar-planned", "kpi-fill"}
        kinds |= {"kpi-planned-tick", "kpi-spark-actual"}
        seen: set[str] = set()
        for svg in re.findall(r'<svg class="chart (?:burnup|kpi|completion)".*?</svg>', html, re.S):
            for mark in parse(svg).iter():
                found = kinds & set((mark.get("class") or "").split())
                if found:
                    seen |= found
                    assert mark.find(f"{SVG}title") is not None, mark.get("class")
        assert seen == kinds

    def test_legend(self, small: Case) -> None:
        """The legend names bars, fills, the four outcomes, days off and the as-of line."""
        root = parse(gantt_chart(small.campaign, small.plan, small.result, EN, records=[]))
        keys = [g.get("data-key") for g in having(root, "legend-item")]
        assert keys == [
            "bar",
            "done",
            "outcome.held",
            "outcome.missed",
            "outcome.cancelled",
            "outcome.upcoming",
            "legend.weekend",
            "legend.holiday",
            "legend.makeup",
            "legend.as-of",
        ]

    def test_english_labels_fit(self, changsheng: Case) -> None:
        """Changsheng in English: no label is cut, and the label column holds the widest one
        at 7 units a column: 'Everyone talks about emancipating the mind' is 42 columns,
        so the column is 42 × 7 + 16 = 310 wide and labels end at 310 - 8 = 302."""
        c = changsheng
        root = parse(gantt_chart(c.campaign, c.plan, c.result, EN))
        texts = ["".join(t.itertext()) for t in having(root, "gantt-label")]
        titles = [t.find(f"{SVG}title") for t in having(root, "gantt-label")]
        shown = [
            text[len(title.text or "") :]
            for text, title in zip(texts, titles, strict=True)
            if title is not None
        ]
        assert not [s for s in shown if "…" in s]
        widest = max(display_width(s) for s in shown)
        assert widest == 42
        assert {number(t, "x") for t in having(root, "gantt-label")} == {302.0}

    @given(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=80),
        st.booleans(),
        st.floats(min_value=120, max_value=340),
    )
    @example("000000000\xad\u0d97", False, 120.0)  # a soft hyphen is shown as \xad
    def test_a_label_fits_its_column(self, text: str, assumed: bool, column: float) -> None:
        """Whatever the text, what a row label shows fits its column at 7 units a column."""
        label = row_label(10.0, text, assumed, column, "x")
        root = ET.fromstring(str(label))
        title = root.find("title")
        shown = "".join(root.itertext())[len(title.text or "") if title is not None else 0 :]
        assert display_width(shown) * COLUMN <= column - 16


class TestIndicatorCards:
    def test_one_card_per_indicator(self, changsheng: Case) -> None:
        """Changsheng: 21 indicators, 21 cards, in the order of Progress.indicators()."""
        c = changsheng
        root = parse(kpi_cards(c.campaign, c.result, c.history, ZH))
        cards = having(root, "kpi-card")
        assert [k.get("data-id") for k in cards] == [i.id for i in c.result.indicators()]

    def test_card_figures(self, small: Case) -> None:
        """Bags: actual 6 of target 10 bags, 7.5 planned (75% of the way by 03-20): SPI
        0.6 / 0.75 = 0.8 exactly, at risk (at_risk <= SPI; floating-point division gives
        0.7999999999999999, which read behind); the meter fills 6 / 10 = 60% of its track,
        the planned tick is at 75%."""
        root = parse(kpi_cards(small.campaign, small.result, small.history, EN))
        (card,) = having(root, "kpi-card")
        assert (card.get("data-actual"), card.get("data-target")) == ("6.0", "10")
        assert card.get("data-planned") == "7.5"
        assert card.get("data-status") == "at_risk"
        texts = ["".join(t.itertext()) for t in card.iter(f"{SVG}text")]
        assert "actual 6 bags / target 10 bags" in texts
        assert "planned 7.5 bags · at risk" in texts
        (track,) = having(card, "kpi-track")
        (fill,) = having(card, "kpi-fill")
        (tick,) = having(card, "kpi-planned-tick")
        assert number(fill, "width") == pytest.approx(0.6 * number(track, "width"), abs=0.06)
        start = number(track, "x")
        assert number(tick, "x1") - start == pytest.approx(0.75 * number(track, "width"), abs=0.06)

    def test_sparkline_stops_at_the_day(self, small: Case) -> None:
        """The actual line runs over the history days up to 03-20 (4 points), the planned one
        over all 6."""
        root = parse(kpi_cards(small.campaign, small.result, small.history, EN))
        (actual,) = having(root, "kpi-spark-actual")
        (planned,) = having(root, "kpi-spark-planned")
        assert len(actual.get("points", "").split()) == 4
        assert len(planned.get("points", "").split()) == 6


class TestAssumedDates:
    def test_changsheng_rise_on_the_report_day(self, changsheng: Case) -> None:
        """The last step of the Changsheng burn-up (03-29 → 04-02) rests on the 20 records
        dated 2010-04-02; it is hatched, counted and explained under the chart."""
        c = changsheng
        html = render_report(
            c.campaign,
            c.plan,
            c.result,
            lang="en",
            format="html",
            history=c.history,
            records=c.ledger,
        )
        svg = re.search(r'<svg class="chart burnup".*?</svg>', html, re.S)
        assert svg
        areas = having(parse(svg.group(0)), "burnup-assumed")
        last = [a for a in areas if a.get("data-day") == "2010-04-02"]
        assert len(last) == 1
        assert last[0].get("data-count") == "20"
        before, after = float(last[0].get("data-from", "nan")), float(last[0].get("data-to", "nan"))
        assert after - before > 0.4
        assert "rests on 20 records dated by assumption" in html
        assert '<p class="caveat">' in html

    def test_burnup_marks_the_segment_it_is_told(self, small: Case) -> None:
        """A count for a day of the history hatches the step into that day, and only it."""
        c = small.campaign
        svg = burnup_chart(
            small.history,
            small.result.as_of,
            c.window.start,
            c.window.end,
            EN,
            assumed={dt.date(2026, 3, 16): 3},
        )
        areas = having(parse(svg), "burnup-assumed")
        assert [(a.get("data-day"), a.get("data-count")) for a in areas] == [("2026-03-16", "3")]


class TestNumberedFigures:
    def test_html_figures_are_numbered_and_referred_to(self, changsheng: Case) -> None:
        """Figures 1-4 (Gantt, burn-up, indicators, completion); the overview refers to 1 and
        2, the mechanisms to 1, the series to 3 and 4."""
        c = changsheng
        doc = report_document(c.campaign, c.plan, c.result, lang="en", history=c.history)
        assert [(f.number, f.title) for f in doc.charts] == [
            (1, "Figure 1. Gantt chart"),
            (2, "Figure 2. Burn-up"),
            (3, "Figure 3. Indicators"),
            (4, "Figure 4. Completion by series"),
        ]
        refs = {
            s.id: [b.text for b in s.blocks if getattr(b, "css", "") == "figure-ref"]
            for s in doc.sections
        }
        assert refs["overview"] == ["(see Figure 1, 2)"]
        assert refs["mechanisms"] == ["(see Figure 1)"]
        assert refs["series"] == ["(see Figure 3, 4)"]
        assert refs["units"] == []

    def test_chinese_numbering(self, changsheng: Case) -> None:
        """In Chinese: 图3 and （见图3、4）."""
        c = changsheng
        doc = report_document(c.campaign, c.plan, c.result, lang="zh", history=c.history)
        assert doc.charts[2].title == "图3　各项指标"
        (series,) = (s for s in doc.sections if s.id == "series")
        assert "（见图3、4）" in [getattr(b, "text", "") for b in series.blocks]


class TestBriefingAgrees:
    @pytest.mark.parametrize(
        "week",
        [dt.date(2009, 12, 7), dt.date(2010, 1, 18), dt.date(2010, 3, 8), dt.date(2010, 3, 29)],
    )
    def test_same_status_for_the_same_week(self, changsheng: Case, week: dt.date) -> None:
        """The briefing of a week stands on last Sunday; the report as of that Sunday says
        the same completion, planned and status, in the same words."""
        c = changsheng
        briefing = weekly_briefing(c.campaign, c.plan, c.ledger, week)
        sunday = week - dt.timedelta(days=1)
        result = progress(c.campaign, c.plan, c.ledger, sunday)
        standing = briefing.standing
        assert (standing.completion, standing.planned, standing.status) == (
            result.completion,
            result.planned,
            result.status,
        )
        sheet = briefing_document(c.campaign, briefing, EN)
        doc = report_document(c.campaign, c.plan, result, lang="en", charts=False)
        (overview,) = (s for s in doc.sections if s.id == "overview")
        (facts,) = (b for b in overview.blocks if isinstance(b, Facts))
        words = EN.status(result.status)
        assert dict(facts.items)[EN("overview.status")].text == words
        assert words in sheet.notes[0]
        assert EN.percent(result.completion) in sheet.notes[0]


class TestLink:
    def test_a_link_with_a_space_is_refused(self, small: Case) -> None:
        """The Markdown link to the HTML cannot carry a space or '>'."""
        with pytest.raises(ValidationError) as caught:
            render_report(small.campaign, small.plan, small.result, link="my report.html")
        assert caught.value.problems[0].path == "$.link"

    @pytest.mark.parametrize(
        "link", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x"]
    )
    def test_a_link_that_runs_code_is_refused(self, small: Case, link: str) -> None:
        """A script URL in the Markdown link would run in a viewer that follows it."""
        with pytest.raises(ValidationError) as caught:
            render_report(small.campaign, small.plan, small.result, link=link)
        assert [(p.path, p.code) for p in caught.value.problems] == [("$.link", "invalid-value")]

    @pytest.mark.parametrize(
        ("link", "written"),
        [
            # Markdown decodes &#58; to ':' and '\\:' to ':' in a destination: each would be
            # followed as javascript:, so '&' and '\\' are written escaped, read as given
            ("javascript&#58;alert(1)", "<javascript&amp;#58;alert(1)>"),
            ("javascript\\:alert(1)", "<javascript\\\\:alert(1)>"),
            ("https://example.org/r?a=1&b=2", "<https://example.org/r?a=1&amp;b=2>"),
            ("报告.html", "<报告.html>"),
        ],
    )
    def test_a_link_is_followed_as_it_is_given(self, small: Case, link: str, written: str) -> None:
        """Regression: ``javascript&#58;…`` and ``javascript\\:…`` have no scheme as given
        (a path), but a Markdown viewer decoded them to ``javascript:…`` and ran it."""
        md = render_report(small.campaign, small.plan, small.result, lang="en", link=link)
        assert f"]({written})" in md

    @pytest.mark.parametrize("link", ["r\x1b]0;owned\x07.html", "r\u202e.html", "r\n.html", ""])
    def test_control_characters_are_refused(self, small: Case, link: str) -> None:
        """A control character (an escape sequence, a bidi override) in a link would be
        written raw into the file; an empty link leads nowhere."""
        with pytest.raises(ValidationError) as caught:
            render_report(small.campaign, small.plan, small.result, link=link)
        assert [(p.path, p.code) for p in caught.value.problems] == [("$.link", "invalid-value")]

    @pytest.mark.parametrize(
        "link",
        [
            "https://example.org/r.html",
            "HTTP://example.org/r",
            "file:///srv/r.html",
            "r.html",
            "out/r:1.html",
        ],
    )
    def test_pages_and_paths_are_taken(self, small: Case, link: str) -> None:
        md = render_report(small.campaign, small.plan, small.result, lang="en", link=link)
        assert f"(<{link}>)" in md

    def test_the_link_is_in_the_charts_section(self, small: Case) -> None:
        """The Markdown's charts section links to the HTML file."""
        md = render_report(small.campaign, small.plan, small.result, lang="en", link="r_1.html")
        assert "[r\\_1.html](<r_1.html>)" in md


def test_completion_bars_are_proportional(changsheng: Case) -> None:
    """Each completion bar is its series' completion times the track, to a tenth of a unit."""
    c = changsheng
    root = parse(completion_chart(c.campaign, c.result, ZH))
    for bar in having(root, "series-bar"):
        (track,) = having(bar, "bar-track")
        (fill,) = having(bar, "bar-fill")
        value = float(bar.get("data-completion", "nan"))
        assert number(fill, "width") == pytest.approx(value * number(track, "width"), abs=0.06)


class TestAssumedWithoutRecords:
    def test_readings_marked_assumed_count_in_their_step(self, build: Builders) -> None:
        """Without the ledger, the burn-up counts readings marked assumed from the progress
        trees: the small campaign's one assumed reading of 03-11 falls in the step into
        03-16, the next day of its history."""
        ledger = [
            *build.ledger(),
            Reading(indicator="bags", date=dt.date(2026, 3, 11), value=2, assumed=True),
        ]
        case = build.case(build.campaign(), ledger, build.as_of)
        assert assumed_rises(case.history, case.result.as_of) == {dt.date(2026, 3, 16): 1}

    def test_none_without_assumed_readings(self, small: Case) -> None:
        """The small campaign's ledger marks no reading assumed: nothing to hatch."""
        assert assumed_rises(small.history, small.result.as_of) == {}
