"""Regression: a report's ranking across the campaign listed units without figures.

A unit whose only cascade measures nothing (the cascade of a standing mechanism, or one
whose every weight is 0) has no completion. ``campaignkit progress`` already left such
units out of its ranking and counted them after it; the report's "Across the campaign"
table still listed them, ranked after the others (every one of them ranked 1 when no unit
had figures) with blank cells. The report now ranks ``Progress.measured_units`` and counts
the rest under the table with the command line's words.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

import attrs
import pytest

from campaignkit.model import Cascade, Mechanism, Unit
from campaignkit.report import render_report, report_files
from campaignkit.tracking import progress

if TYPE_CHECKING:
    from .conftest import Builders, Case

ONE_MORE = "1 more without figures (nothing of theirs is measured), not ranked"


def with_a_ward(build: Builders) -> Case:
    """The small campaign (villages v1 and v2 in the patrol's cascade) and a ward w1 in the
    cascade of a standing mechanism alone: w1 has no figures."""
    c = build.campaign()
    c = attrs.evolve(
        c,
        units=(
            *c.units,
            Unit(id="ward", name="Ward"),
            Unit(id="w1", name="West ward", parent="ward"),
        ),
        mechanisms=(
            *c.mechanisms,
            Mechanism(id="rules", name="Rules", cascade=Cascade(children_of="ward")),
        ),
    )
    return build.case(c, build.ledger(), build.as_of)


def markdown_section(text: str) -> str:
    """The Markdown of the "Across the campaign" section, up to the next heading."""
    return text.split("### Across the campaign", 1)[1].split("\n#", 1)[0]


def html_section(text: str) -> str:
    found = re.search(r'<section id="units-campaign".*?</section>', text, re.DOTALL)
    assert found is not None
    return found[0]


class TestAcrossTheCampaign:
    def test_markdown_ranks_the_units_with_figures_and_counts_the_rest(
        self, build: Builders
    ) -> None:
        """North village holds 3 of 3 patrols due (75 % done of 75 % planned: 3 of the 4
        patrols of the window), South village 1 of 3 (25 %): ranked 1 and 2. West ward is
        no row of the table but is counted under it."""
        case = with_a_ward(build)
        assert [(u.unit, u.rank) for u in case.result.measured_units] == [("v1", 1), ("v2", 2)]
        assert [u.unit for u in case.result.unmeasured_units] == ["w1"]
        md = render_report(case.campaign, case.plan, case.result, lang="en")
        section = markdown_section(md)
        rows = [line for line in section.splitlines() if re.match(r"\| \d", line)]
        assert [row.split(" | ")[:3] for row in rows] == [
            ["| 1", "North village", "75%"],
            ["| 2", "South village", "25%"],
        ]
        assert "West ward" not in section
        assert section.rstrip().endswith(ONE_MORE)

    def test_html_ranks_the_units_with_figures_and_counts_the_rest(self, build: Builders) -> None:
        """The same table in HTML, and the count in a line after it."""
        case = with_a_ward(build)
        html = render_report(case.campaign, case.plan, case.result, lang="en", format="html")
        section = html_section(html)
        names = re.findall(
            r'<tr><td class="right num">(\d+)</td><td class="left">([^<]*)<', section
        )
        assert names == [("1", "North village"), ("2", "South village")]
        assert "West ward" not in section
        assert f'</table>\n</div>\n<p class="legend">{ONE_MORE}</p>' in section

    def test_no_unit_with_figures_no_table(self, build: Builders) -> None:
        """Regression: every weight 0 gave a table of blank rows, all ranked 1. No unit has
        figures (the patrol weighs 0, the rules measure nothing): no table, one line
        counting the three units."""
        case = with_a_ward(build)
        c, plan = case.campaign, case.plan
        result = progress(c, plan, build.ledger(), build.as_of, weights={"patrol": 0})
        assert result.measured_units == ()
        assert len(result.unmeasured_units) == 3
        three = "3 more without figures (nothing of theirs is measured), not ranked"
        md = markdown_section(render_report(c, plan, result, lang="en"))
        assert "|" not in md
        assert md.strip() == three
        html = html_section(render_report(c, plan, result, lang="en", format="html"))
        assert "<table" not in html
        assert f'<p class="legend">{three}</p>' in html

    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("de", "1 weitere ohne Zahlen (nichts von ihnen wird gemessen), ohne Rang"),
            ("zh", "另有1个单位无可计量数据，不参与排名"),
        ],
    )
    def test_in_the_languages(self, build: Builders, lang: str, words: str) -> None:
        """The line reads as the command line's, in each language."""
        case = with_a_ward(build)
        for format in ("md", "html"):
            text = render_report(case.campaign, case.plan, case.result, lang=lang, format=format)
            assert words in text


def test_a_cascade_of_units_without_figures_ranks_none(build: Builders) -> None:
    """Regression: the table of one cascade (the standing rules', whose one unit has no
    figures) listed West ward ranked 1 with blank cells; it is counted instead, and the
    patrol's cascade keeps its ranking."""
    case = with_a_ward(build)
    md = render_report(case.campaign, case.plan, case.result, lang="en")
    rules = md.split("### Rules: units", 1)[1].split("\n#", 1)[0]
    assert not re.search(r"^\| 1 \| West ward", rules, re.MULTILINE)
    assert rules.rstrip().endswith(ONE_MORE)
    patrol = md.split("### Patrol: units", 1)[1].split("\n#", 1)[0]
    assert re.search(r"^\| 1 \| North village \| 75%", patrol, re.MULTILINE)


def test_the_file_of_a_cut_ranking_has_every_unit(build: Builders) -> None:
    """East village joins the patrol (none held there: 0 %); cut to 2 rows per table, the
    campaign's ranking of three villages links its full table as CSV: the file lists West
    ward too, after them, with no rank and why (the report counts it under the table; the
    file alone said nothing of it)."""
    ward = with_a_ward(build).campaign
    east = Unit(id="v3", name="East village", parent="town")
    c = attrs.evolve(ward, units=(*ward.units, east))
    case = build.case(c, build.ledger(), build.as_of)
    files = report_files(case.campaign, case.plan, case.result, lang="en", max_rows=2)
    ranking = list(csv.reader(io.StringIO(files["report-units-campaign.csv"])))
    assert [row[:3] for row in ranking[1:]] == [
        ["1", "North village", "75%"],
        ["2", "South village", "25%"],
        ["3", "East village", "0%"],
        ["—", "West ward", "—"],
    ]
    assert ranking[-1][-1] == "not ranked: no figures"
    assert "The full table (4 rows, CSV): report-units-campaign.csv" in files["report.html"]
    assert "West ward" not in html_section(files["report.html"]).split("</table>")[0]
