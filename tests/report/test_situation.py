"""The situation report: sections, figures, matrix, escaping, assumptions, HTML."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs
import pytest

from campaignkit import ValidationError
from campaignkit.model import (
    ActivitySeries,
    Campaign,
    Cascade,
    GateCondition,
    Indicator,
    Mechanism,
    Unit,
    Window,
)
from campaignkit.report import LANGUAGES, Labels, render_report, report_files
from campaignkit.scheduling import schedule
from campaignkit.tracking import Held, Ledger, Reading, progress
from support import MARCH, ideas_in_march, visits_and_peak

if TYPE_CHECKING:
    from .conftest import Builders, Case

SECTIONS = ("overview", "leadership", "mechanisms", "series", "units", "problems", "assumptions")


def report(case: Case, lang: str = "zh", format: str = "md", **options: object) -> str:
    """The report of *case*, with its weekly history."""
    return render_report(
        case.campaign,
        case.plan,
        case.result,
        lang=lang,
        format=format,
        history=case.history,
        **options,
    )  # type: ignore[arg-type]


def cells(line: str) -> list[str]:
    """The cells of a Markdown table row (escaped pipes stay inside their cell)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def table(markdown: str, first_column: str) -> list[dict[str, str]]:
    """The rows of every Markdown table whose first header cell is *first_column*."""
    lines = markdown.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(f"| {first_column} |")]
    assert starts, f"no table headed {first_column!r}"
    rows = []
    for start in starts:
        header = cells(lines[start])
        for line in lines[start + 2 :]:
            if not line.startswith("|"):
                break
            row = cells(line)
            assert len(row) == len(header), line
            rows.append(dict(zip(header, row, strict=True)))
    return rows


class TestSections:
    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_markdown_sections(self, changsheng: Case, lang: str) -> None:
        """The Markdown report has the seven sections, in order, as level-2 headings, and the
        charts (as Mermaid) after the overview, saying where the HTML is."""
        labels = Labels.of(lang)
        text = report(changsheng, lang)
        headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
        titles = [labels(f"section.{s}") for s in SECTIONS]
        assert headings == [titles[0], labels("section.charts"), *titles[1:]]
        assert labels("report.charts-in-html") in text
        assert "<svg" not in text

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_html_sections(self, changsheng: Case, lang: str) -> None:
        """The HTML report has the seven sections and the charts after the overview."""
        labels = Labels.of(lang)
        text = report(changsheng, lang, "html")
        ids = re.findall(r'<section id="([^"]+)" class="level-2">', text)
        assert ids == ["overview", "charts", *SECTIONS[1:]]
        for section in SECTIONS:
            assert f"<h2>{labels(f'section.{section}')}</h2>" in text
        assert [f"chart-{n}" for n in ("gantt", "burnup", "kpi", "completion")] == re.findall(
            r'<svg class="chart [a-z]+" id="(chart-[a-z]+)"', text
        )

    def test_both_formats_hold_the_same_tables(self, changsheng: Case) -> None:
        """Every table of the HTML report is in the Markdown report, with as many rows."""
        md, html = report(changsheng, "en"), report(changsheng, "en", "html")
        tables = re.findall(r'<table id="table-([^"]+)">(.*?)</table>', html, re.S)
        assert len(tables) > 10
        for _, body in tables:
            first = re.search(r"<th [^>]*>([^<]*)</th>", body)
            assert first is not None
            assert f"| {first[1]} |" in md

    def test_element_names_follow_the_language(self, changsheng: Case) -> None:
        """Names come from the campaign's translations: 长生讲坛 in Chinese, the Forum in English."""
        zh, en = report(changsheng, "zh"), report(changsheng, "en")
        assert "长生讲坛" in zh
        assert "Changsheng Forum" in en
        assert "Changsheng Forum" not in zh


class TestFigures:
    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_overview_figures(self, changsheng: Case, lang: str) -> None:
        """The overview states completion, planned, SPI and status as of 2010-04-02."""
        labels = Labels.of(lang)
        text = report(changsheng, lang)
        result = changsheng.result
        for figure in (
            labels.percent(result.completion),
            labels.percent(result.planned),
            labels.ratio(result.spi),
            labels.status(result.status),
        ):
            assert figure in text
        assert labels.date_long(dt.date(2010, 4, 2)) in text
        # 2009-12-01 .. 2010-04-30: 151 days; 2010-04-02 is day 123
        assert "151" in text
        assert "123" in text

    def test_mechanism_figures(self, changsheng: Case) -> None:
        """The weekly meeting: 18 held of 18 due, 22 in all, the next on Friday 2010-04-09."""
        rows = {r["Mechanism"]: r for r in table(report(changsheng, "en"), "Mechanism")}
        weekly = rows["Weekly meeting\\*"]
        assert (weekly["Held / due"], weekly["Planned in all"], weekly["Adherence"]) == (
            "18 / 18",
            "22",
            "100%",
        )
        assert weekly["Next"] == "2010-04-09 Fri"
        assert rows["Activity attendance"]["Type"] == "standing"

    def test_next_is_the_next_meeting_still_to_be_held(self, changsheng: Case) -> None:
        """The 2010-04-09 meeting held early, on 04-01: Next is the one after, 04-16, and
        the early meeting counts as held ahead."""
        early = Held(subject="weekly-meeting@2010-04-09", date=dt.date(2010, 4, 1))
        c = changsheng.campaign
        ledger = Ledger([*changsheng.ledger, early])
        result = progress(c, changsheng.plan, ledger, changsheng.result.as_of)
        text = render_report(c, changsheng.plan, result, lang="en")
        weekly = {r["Mechanism"]: r for r in table(text, "Mechanism")}["Weekly meeting\\*"]
        assert weekly["Next"] == "2010-04-16 Fri"
        assert result.mechanism("weekly-meeting").occurrences.ahead == 1

    def test_weights_that_are_not_1_are_stated(self, changsheng: Case) -> None:
        """The overview says which weights are not 1, scheduled parts' too (a weight near 1
        with the decimals that tell it from 1), so that a reader can rebuild the headline;
        with every weight 1 it says nothing of weights."""
        c = changsheng.campaign
        weights = {
            "rectification": 2,
            "weekly-meeting": 0,
            "inspection": 1.0001,
            "forum/activities": 2.5,
            "inspection/occurrences": 0,
            "attendance/occurrences": 3,  # a standing mechanism's: no part, not shown
            "advice": 1e-13,
        }
        result = progress(
            c, changsheng.plan, changsheng.ledger, changsheng.result.as_of, weights=weights
        )
        text = render_report(c, changsheng.plan, result, lang="en")
        assert (
            "- **Weights**: Rectification and implementation\\* ×2, Advice for Nan'an ×0.0000000000001, "
            "Changsheng Forum\\*: its scheduled activities ×2.5, Inspection and supervision\\* ×1.0001; left out "
            "(weight 0): Weekly meeting\\*, Inspection and supervision\\*: its occurrences; "
            "every other part ×1"
        ) in text
        assert "Weights" not in report(changsheng, "en")

    def test_indicator_figures(self, changsheng: Case) -> None:
        """Indicators show actual against target as the report gives them."""
        text = report(changsheng, "en")
        rows = {r["Indicator"]: r for r in table(text, "Indicator") if r["Indicator"]}
        packages = next(r for name, r in rows.items() if name.startswith("Relief packages"))
        assert (packages["Actual"], packages["Target"], packages["Measure"]) == (
            "2,000",
            "2,000",
            "份",
        )
        assert "| Kuxi river embankment works investment\\* | 18,100,000 | 18,100,000 |" in text
        assert "| Speech and debate sessions\\* | 4 | 4 | 场 |" in text

    def test_series_events(self, changsheng: Case) -> None:
        """The forum held its 5 events; a series without events says so."""
        rows = {r["Series"]: r for r in table(report(changsheng, "en"), "Series")}
        assert rows["Changsheng Forum\\*"]["Events (held / due)"] == "5 / 5"
        assert rows["Sing, read, tell, spread"]["Events (held / due)"] == "—"


class TestMatrix:
    def test_role_letters(self, changsheng: Case) -> None:
        """Each subject's row has the letter of each party's role (Role.letter)."""
        rows = {r["Subject"]: r for r in table(report(changsheng, "en"), "Subject | Kind")}
        weekly = rows["Weekly meeting\\*"]
        assert weekly["Campaign leadership group"] == "L"
        assert weekly["Campaign office"] == "R"
        assert weekly["Yu Xianfa"] == ""
        inspection = rows["Inspection and supervision\\*"]
        assert (inspection["Campaign office"], inspection["Discipline inspection secretary"]) == (
            "L",
            "V",
        )
        assert rows["Sing, read, tell, spread"]["Baileyuan community"] == "S"

    def test_every_assignment_is_in_the_matrix(self, changsheng: Case) -> None:
        """The matrix has one letter per assignment and nothing else."""
        c = changsheng.campaign
        rows = table(report(changsheng, "en"), "Subject | Kind")
        letters = sum(len(v) for r in rows for k, v in r.items() if k not in ("Subject", "Kind"))
        assert letters == len(c.assignments)
        assert len(rows) == len(c.phases) + len(c.mechanisms) + len(c.series)

    def test_subjects_without_a_lead(self, small: Case) -> None:
        """Subjects nobody leads are named under the matrix."""
        assert "No lead assigned: Run, Attendance." in report(small, "en")

    def test_legend(self, changsheng: Case) -> None:
        """The legend spells out every letter."""
        assert "图例：L 牵头、R 负责、S 配合、V 督查、C 征询、I 知会。" in report(changsheng)


class TestEscaping:
    NAME = "<script>alert(1)</script>"

    def scripted(self, build: Builders) -> Case:
        campaign = attrs.evolve(build.campaign(), name=self.NAME, translations={})
        return build.case(campaign, build.ledger(), build.as_of)

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_html_shows_markup_as_text(self, build: Builders, lang: str) -> None:
        """A campaign named like a script tag is text in the HTML, never a tag."""
        text = report(self.scripted(build), lang, "html")
        assert "<script" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert text.count("&lt;script&gt;") >= 2  # the title and the heading

    def test_markdown_shows_markup_as_text(self, build: Builders) -> None:
        """In Markdown the tag's brackets are escaped, so no renderer passes it as HTML."""
        text = report(self.scripted(build), "en")
        # every bracket is escaped (a ">" opening a line is the template's quote)
        assert re.search(r"(?<!\\)<|(?<![\\\n])>", text) is None
        assert text.splitlines()[0] == "# \\<script\\>alert(1)\\</script\\>: situation report"

    def test_pipes_stay_in_their_cell(self, build: Builders) -> None:
        """A series named with a pipe keeps the Markdown table's columns."""
        series = attrs.evolve(build.campaign().series[0], name="Bags | bins", translations={})
        campaign = attrs.evolve(build.campaign(), series=(series,))
        text = report(build.case(campaign, build.ledger(), build.as_of), "en")
        (row,) = table(text, "Series")
        assert row["Series"] == "Bags \\| bins\\*"

    def test_notes_with_markup(self, build: Builders) -> None:
        """A note with Markdown and HTML characters is escaped in both formats."""
        campaign = attrs.evolve(build.campaign(), note="**Bold** <i>claim</i> & [link](x)")
        case = build.case(campaign, build.ledger(), build.as_of)
        assert "\\*\\*Bold\\*\\* \\<i\\>claim\\</i\\> \\& \\[link\\](x)" in report(case, "en")
        assert "**Bold** &lt;i&gt;claim&lt;/i&gt; &amp; [link](x)" in report(case, "en", "html")


class TestAssumptions:
    def assumed_ids(self, text: str) -> set[str]:
        return {r["Id"] for r in table(text, "Kind")}

    def test_lists_every_assumed_element(self, changsheng: Case) -> None:
        """The assumptions table lists exactly the elements the file marks assumed."""
        c = changsheng.campaign
        expected = {i for i in c.ids if c.get(i).assumed} | ({c.id} if c.assumed else set())
        assert self.assumed_ids(report(changsheng, "en")) == expected
        assert len(expected) > 30

    def test_notes_and_assignments(self, small: Case) -> None:
        """Each assumed element comes with its note; assumed assignments are listed apart."""
        text = report(small, "en")
        rows = {r["Id"]: r for r in table(text, "Kind")}
        assert set(rows) == {"c", "cleanup"}
        assert rows["c"]["Note"] == "Cai's post is a guess."
        (assignment,) = table(text, "Subject | Party")
        assert assignment == {
            "Subject": "Clean-up days\\*",
            "Party": "Ben",
            "Role": "S support",
            "Note": "",
        }
        assert "2 of the 16 elements of the campaign file are marked assumed" in text

    def test_assumed_campaign(self, build: Builders) -> None:
        """A campaign that is itself marked assumed is listed too."""
        campaign = attrs.evolve(build.campaign(), assumed=True, note="All made up.")
        text = report(build.case(campaign, build.ledger(), build.as_of), "en")
        assert self.assumed_ids(text) == {"drive", "c", "cleanup"}

    def test_nothing_assumed(self) -> None:
        """A campaign without assumptions says so."""
        c = Campaign(
            id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 6))
        )
        plan = schedule(c)
        text = render_report(c, plan, progress(c, plan, [], dt.date(2026, 3, 4)), lang="en")
        assert Labels.of("en")("assumptions.none") in text


class TestMechanisms:
    def test_people_and_units_below_the_threshold(self, small: Case) -> None:
        """Cai attended 1 of 3 (33.3%): below 80%, as is the South village where Cai works."""
        text = report(small, "en")
        (cai,) = table(text, "Person")
        assert (cai["Person"], cai["Present"], cai["Expected"], cai["Rate"]) == (
            "Cai\\*",
            "1",
            "3",
            "33.3%",
        )
        units = [r["Unit"] for r in table(text.split("Units attending", 1)[1], "Unit")]
        assert units == ["South village", "Town"]  # lowest first

    def test_threshold_parameter(self, small: Case) -> None:
        """With a threshold of 30% nobody is below it."""
        text = report(small, "en", threshold=0.3)
        assert "Nobody attends less than 30%." in text
        assert "No unit attends less than 30%." in text

    def test_no_attendance_lists(self, changsheng: Case) -> None:
        """Changsheng records no attendance lists: the report says so with the count."""
        assert "尚无考勤记录：已开展的61项活动均未记录出勤情况。" in report(changsheng)


class TestUnits:
    def test_ranking(self, small: Case) -> None:
        """The patrol's villages, best first; the south village is flagged below 80%."""
        rows = table(report(small, "en"), "Rank")
        assert [(r["Rank"], r["Unit"], r["Held / due"], r["Flag"]) for r in rows[:2]] == [
            ("1", "North village", "3 / 3", ""),
            ("2", "South village", "1 / 3", "below 80%"),
        ]

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_a_unit_that_reported_nothing_is_flagged(self, lang: str) -> None:
        """v1 reported 5 of 50 visits, v2 nothing: both are behind their plan, and the flag
        column says that v2 has no readings (its status is the plan's, not a measure)."""
        c = visits_and_peak(("v1", "v2"))
        records = [Reading(indicator="visits", unit="v1", date=dt.date(2026, 3, 20), value=5)]
        as_of = dt.date(2026, 4, 15)
        result = progress(c, schedule(c), records, as_of)
        labels = Labels.of(lang)
        text = render_report(c, schedule(c), result, lang=lang, format="md")
        rows = table(text, labels("col.rank"))
        flag, status = labels("col.flag"), labels("col.status")
        assert [(r[labels("col.unit")], r[status], r[flag]) for r in rows[:2]] == [
            ("v1", labels("status.behind"), ""),
            ("v2", labels("status.behind"), labels("units.no-readings")),
        ]

    def test_the_weeks_say_which_units_reported_nothing(self) -> None:
        """Regression: the heatmap and its table of weeks showed a village that reported
        nothing at 0 %, as one that reported no progress; its tooltip and cells say so."""
        c = visits_and_peak(("v1", "v2", "v3"))
        records = [Reading(indicator="visits", unit="v1", date=dt.date(2026, 3, 20), value=5)]
        result = progress(c, schedule(c), records, dt.date(2026, 4, 15))
        html = render_report(c, schedule(c), result, lang="en", format="html")
        assert "<title>v2, 2026-04-15: completion 0% (planned 75%); no readings</title>" in html
        assert "<title>v1, 2026-04-15: completion 5% (planned 75%)</title>" in html
        files = report_files(c, schedule(c), result, lang="en", max_rows=2)
        assert files["report-weeks-s.csv"].splitlines() == [
            "Unit,Under,2026-04-15",
            "v1,Town,5%",
            'v2,Town,"0%, no readings"',
            'v3,Town,"0%, no readings"',
        ]

    def test_adherence_cells_are_not_marked(self) -> None:
        """A cascaded meeting with an indicator nobody reported, every meeting held: its
        heatmap shows adherence (100 %), which readings have no part in, so no cell says
        "no readings" (the unit table still flags the units)."""
        town = (
            Unit(id="town", name="Town"),
            *(Unit(id=v, name=v, parent="town") for v in ("v1", "v2")),
        )
        meet = Mechanism(
            id="meet",
            name="Meet",
            rule="FREQ=WEEKLY;BYDAY=MO",
            cascade=Cascade(children_of="town"),
            indicators=(Indicator(id="att", name="Att", target=10),),
        )
        c = Campaign(id="m", name="M", window=MARCH, units=town, mechanisms=(meet,))
        held = [
            Held(subject=f"meet/{v}@2026-03-{day:02d}", date=dt.date(2026, 3, day))
            for v in ("v1", "v2")
            for day in (2, 9, 16)
        ]
        plan = schedule(c)
        result = progress(c, plan, held, dt.date(2026, 3, 20))
        html = render_report(c, plan, result, lang="en", format="html")
        assert "<title>v1, 2026-03-20: adherence 100% (planned 100%)</title>" in html
        assert "no readings</title>" not in html
        files = report_files(c, plan, result, lang="en", max_rows=2)
        assert files["report-weeks-meet.csv"].splitlines()[1:] == ["v1,Town,100%", "v2,Town,100%"]

    def test_no_cascade(self, changsheng: Case) -> None:
        """Changsheng cascades the inspection: its six villages are ranked."""
        text = report(changsheng, "en")
        assert "### Inspection and supervision\\*: units" in text


class TestProblems:
    def test_problems_listed(self, small: Case) -> None:
        """A record that names nothing is listed with its path and code."""
        bad = Held(subject="nothing", date=dt.date(2026, 3, 3), id="r-bad")
        c, plan = small.campaign, small.plan
        result = progress(c, plan, Ledger([*small.ledger, bad]), small.result.as_of)
        text = render_report(c, plan, result, lang="en")
        (row,) = table(text, "Severity")
        assert (row["Severity"], row["Where"], row["Code"]) == (
            "error",
            '$.records\\["r-bad"\\].subject',
            "unknown-reference",
        )
        assert "1 errors (their records are kept out of the figures) and 0 warnings" in text

    def test_no_problems(self, changsheng: Case) -> None:
        """Changsheng's records are all used: the section says nothing was found."""
        assert "台账中未发现问题。" in report(changsheng)


class TestHtml:
    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_self_contained(self, changsheng: Case, lang: str) -> None:
        """One page: declared UTF-8 and language, inline style, nothing fetched, no script."""
        text = report(changsheng, lang, "html")
        assert text.startswith("<!DOCTYPE html>")
        assert '<meta charset="utf-8">' in text
        assert f'<html lang="{"zh-CN" if lang == "zh" else lang}">' in text
        for fetching in ("http://", "https://", "<script", "<link", " src=", "@import", "url("):
            assert fetching not in text

    def test_cjk_font_stack(self, changsheng: Case) -> None:
        """The style names CJK system fonts, ending in a generic family."""
        text = report(changsheng, "zh", "html")
        stack = re.search(r"body \{[^}]*font-family: ([^;]+);", text)
        assert stack is not None
        fonts = [f.strip() for f in stack[1].split(",")]
        for font in (
            '"Noto Sans CJK SC"',
            '"WenQuanYi Micro Hei"',
            '"PingFang SC"',
            '"Microsoft YaHei"',
        ):
            assert font in fonts
        assert fonts[-1] == "sans-serif"

    def test_deterministic(self, changsheng: Case) -> None:
        """The same input gives the same page; a time is printed only when passed in."""
        assert report(changsheng, "zh", "html") == report(changsheng, "zh", "html")
        assert "2010-04-02 17:00" in report(changsheng, "en", generated="2010-04-02 17:00")
        assert "Generated" not in report(changsheng, "en")

    def test_without_history(self, changsheng: Case) -> None:
        """Without a history the burn-up has the report's day alone."""
        c = changsheng
        text = render_report(c.campaign, c.plan, c.result, format="html")
        assert text.count('class="burnup-point earned"') == 1


class TestEdges:
    def test_empty_campaign(self) -> None:
        """A campaign with nothing in it still gets every section, each saying what is missing."""
        c = Campaign(
            id="c", name="C", window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 6))
        )
        plan = schedule(c)
        labels = Labels.of("en")
        for fmt in ("md", "html"):
            text = render_report(
                c, plan, progress(c, plan, [], dt.date(2026, 3, 4)), lang="en", format=fmt
            )
            for key in (
                "overview.no-phases",
                "leadership.no-groups",
                "mechanisms.none",
                "series.none",
                "units.none",
                "problems.none",
            ):
                assert labels(key) in text

    @pytest.mark.parametrize(
        ("day", "words"),
        [
            (dt.date(2026, 2, 1), "before the campaign"),
            (dt.date(2026, 4, 30), "after the campaign"),
        ],
    )
    def test_as_of_outside_the_window(self, build: Builders, day: dt.date, words: str) -> None:
        """A report as of a day outside the window says so."""
        case = build.case(build.campaign(), build.ledger(), day)
        assert words in report(case, "en")

    def test_series_without_indicators(self, build: Builders) -> None:
        """A series without indicators says so in its part of the report."""
        extra = ActivitySeries(id="extra", name="Extra")
        campaign = attrs.evolve(build.campaign(), series=(*build.campaign().series, extra))
        text = report(build.case(campaign, build.ledger(), build.as_of), "en")
        assert "### Extra\n" in text
        assert "This series has no indicators." in text


class TestArguments:
    @pytest.mark.parametrize(
        ("options", "path"),
        [
            ({"lang": "fr"}, "$.lang"),
            ({"format": "pdf"}, "$.format"),
            ({"threshold": 1.5}, "$.threshold"),
        ],
    )
    def test_bad_argument(self, small: Case, options: dict[str, object], path: str) -> None:
        """A bad language, format or threshold is a located error."""
        with pytest.raises(ValidationError) as caught:
            render_report(small.campaign, small.plan, small.result, **options)  # type: ignore[arg-type]
        assert [(p.path, p.code) for p in caught.value.problems] == [(path, "invalid-value")]

    def test_other_campaigns_progress(self, small: Case, changsheng: Case) -> None:
        """Progress of another campaign is refused."""
        with pytest.raises(ValidationError) as caught:
            render_report(small.campaign, small.plan, changsheng.result)
        assert [(p.path, p.code) for p in caught.value.problems] == [
            ("$.progress", "campaign-mismatch")
        ]


class TestFiguresAgreeWithTheirStatus:
    """Regression: percentages rounded to one decimal read as another status or gate state
    than the figures give (an audit of the report against edge cases)."""

    def test_headline_and_gate(self) -> None:
        """949.6 of 1000 ideas, all planned: SPI 0.9496, at risk, so the headline says
        94.96% (95% would read as on track); the gate needs 95% and has 94.96%: pending, and
        its value is not written as the 95% it needs."""
        c = ideas_in_march(1000, gate=(GateCondition(indicator="ideas", completion=0.95),))
        records = [Reading(indicator="ideas", date=dt.date(2026, 3, 3), value=949.6)]
        result = progress(c, schedule(c), records, MARCH.end)
        text = render_report(c, schedule(c), result, lang="en", format="md")
        assert "the campaign is 94.96% complete against 100% planned: at risk." in text
        assert "Ideas 94.96% of 95% needed: pending" in text
        assert "95% complete" not in text

    def test_nothing_weighted_is_not_nothing_to_measure(self) -> None:
        """Regression: with every part weighted 0 the headline said the campaign had
        nothing to measure yet, though its series had figures; it says that nothing counts."""
        c = ideas_in_march(10)
        records = [Reading(indicator="ideas", date=dt.date(2026, 3, 3), value=5)]
        result = progress(c, schedule(c), records, MARCH.end, weights={"s": 0})
        assert result.completion is None
        assert result.series[0].completion == 0.5
        text = render_report(c, schedule(c), result, lang="en", format="md")
        assert "no part of the campaign counts towards its figures" in text
        assert "nothing to measure yet" not in text
