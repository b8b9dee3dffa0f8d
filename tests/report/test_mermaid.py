"""Mermaid diagrams in Markdown reports: what they hold, and that campaign text cannot break
out of them."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.model import ActivitySeries, Campaign, Indicator, Mechanism, Phase, Window
from campaignkit.report import Labels, render_report
from campaignkit.report._mermaid import gantt_diagram, mermaid_text, outcome_counts, outcome_pie
from campaignkit.scheduling import schedule
from campaignkit.tracking import Cancelled, Held, Reading, progress

if TYPE_CHECKING:
    from .conftest import Builders, Case

D = dt.date
EN = Labels.of("en")
TASK = re.compile(
    r"^    (?P<name>[^:#;%\n]+) :(?:(?:done|active|crit|milestone), )*t(?P<n>\d+), "
    r"\d{4}-\d\d-\d\d, (?:\d{4}-\d\d-\d\d|0d)$"
)
HEADER = re.compile(
    r"^(gantt|    title [^#;%\n]+|    dateFormat YYYY-MM-DD|    axisFormat %m-%d|"
    r"    inclusiveEndDates|    todayMarker off|    section [^#:;%\n]+)$"
)
HOSTILE = [
    'x; click t1 href "javascript:alert(1)"',
    "section Evil: 1; #2 %%{init: {'theme':'dark'}}%%",
    "``` ## not a heading",
    "<img src=x onerror=alert(1)>",
    "title : done, t99, 2000-01-01, 1d",
    "   ",
]


def blocks(markdown: str) -> list[list[str]]:
    """The lines of every fenced mermaid block."""
    found = re.findall(r"^```mermaid\n(.*?)\n```$", markdown, re.S | re.M)
    return [b.split("\n") for b in found]


def hostile(build: Builders) -> Case:
    """The small campaign with hostile names on its phase, series and mechanisms."""
    base = build.campaign()
    phase = attrs.evolve(base.phases[0], name=HOSTILE[1])
    series = attrs.evolve(base.series[0], name=HOSTILE[0], translations={})
    mechanisms = tuple(
        attrs.evolve(m, name=name) for m, name in zip(base.mechanisms, HOSTILE[2:], strict=False)
    )
    campaign = attrs.evolve(
        base, phases=(phase,), series=(series,), mechanisms=mechanisms, translations={}
    )
    return build.case(campaign, build.ledger(), build.as_of)


SHORT = Campaign(
    id="ph",
    name="PH",
    window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
    phases=(
        Phase(id="p1", name="Survey", start=D(2026, 3, 2), end=D(2026, 3, 6)),
        Phase(id="p2", name="Fix", start=D(2026, 3, 9), end=D(2026, 3, 27)),
        Phase(id="p3", name="Count", start=D(2026, 3, 9), end=D(2026, 3, 11)),
    ),
    series=(
        ActivitySeries(
            id="s1", name="Survey households", phases=("p1",),
            indicators=(Indicator(id="surveyed", name="Surveyed", target=100),),
        ),
        ActivitySeries(
            id="s2", name="Fixes", phases=("p2",),
            indicators=(Indicator(id="fixed", name="Fixed", target=10),),
        ),
        ActivitySeries(
            id="s3", name="Counts", phases=("p3",),
            indicators=(Indicator(id="counted", name="Counted", target=5),),
        ),
    ),
)  # fmt: skip


def test_a_phase_that_ended_short_is_not_done() -> None:
    """Regression: a phase over at 85 % (at risk) was tagged done, drawn as a completed
    phase. Survey ended 03-06 at 85 of 100: crit; Fix, under way at 2 of 10 against 33 %
    planned (SPI 0.6, behind): active and crit; Count ended with 5 of 5: done."""
    ledger = [
        Reading(indicator="surveyed", date=D(2026, 3, 4), value=85),
        Reading(indicator="fixed", date=D(2026, 3, 10), value=2),
        Reading(indicator="counted", date=D(2026, 3, 10), value=5),
    ]
    plan = schedule(SHORT)
    text = gantt_diagram(SHORT, plan, progress(SHORT, plan, ledger, D(2026, 3, 13)), EN)
    tasks = [line.split(", t")[0] for line in text.split("\n") if TASK.match(line)]
    assert tasks[:6] == [
        "    Survey :crit",
        "    Fix :active, crit",
        "    Count :done",
        "    Survey households :crit",
        "    Fixes :active, crit",
        "    Counts :done",
    ]


class TestGantt:
    def test_small_campaign(self, small: Case) -> None:
        """One task per phase, series and mechanism, and the as-of milestone; the phase under
        way is active and behind (60% done of 79.2% planned: SPI 0.76), the series (80% done,
        at risk) active."""
        text = gantt_diagram(small.campaign, small.plan, small.result, EN)
        lines = text.split("\n")
        tasks = [line for line in lines if TASK.match(line)]
        assert tasks == [
            "    Run :active, crit, t1, 2026-03-02, 2026-03-27",
            "    Clean-up days :active, t2, 2026-03-02, 2026-03-27",
            "    Attendance :t3, 2026-03-02, 2026-03-27",
            "    Weekly meeting :t4, 2026-03-02, 2026-03-27",
            "    Patrol :t5, 2026-03-02, 2026-03-27",
            "    as of 2026-03-20 :milestone, t6, 2026-03-20, 0d",
        ]
        assert all(TASK.match(line) or HEADER.match(line) for line in lines)

    def test_hostile_names_stay_names(self, build: Builders) -> None:
        """Line breaks, colons, semicolons, hashes, %% directives, fences, tags and keywords
        in names leave every line of the block a header or one task, with the same tasks."""
        case = hostile(build)
        md = render_report(case.campaign, case.plan, case.result, lang="en")
        (gantt, pie) = blocks(md)
        assert all(TASK.match(line) or HEADER.match(line) for line in gantt), gantt
        tasks = [TASK.match(line) for line in gantt if TASK.match(line)]
        assert [m["n"] for m in tasks if m] == ["1", "2", "3", "4", "5", "6"]
        sections = [line for line in gantt if line.startswith("    section ")]
        assert sections == [
            "    section Phases",
            "    section Activity series",
            "    section Mechanisms",
        ]
        names = [m["name"] for m in tasks if m]
        assert names[0] == "\u2060section Evil∶ 1； ＃2 ％％｛init∶ ｛'theme'∶'dark'｝｝％％"
        assert names[1] == "x； click t1 href ＂javascript∶alert(1)＂"
        assert names[2] == "ˋˋˋ ＃＃ not a heading"
        assert names[3] == "‹img src=x onerror=alert(1)›"
        assert names[4] == "\u2060title ∶ done, t99, 2000-01-01, 1d"
        assert not [line for line in gantt + pie if "<" in line]
        assert md.count("```") == 4  # two fences opened and closed, nothing else
        assert all(line.startswith(("pie", "    ")) for line in pie)

    @given(st.text())
    def test_any_text_is_inert(self, text: str) -> None:
        """Any text becomes one line without Mermaid's special characters, and never starts
        with a keyword."""
        safe = mermaid_text(text)
        assert safe
        assert "\n" not in safe
        assert "\r" not in safe
        assert not set(safe) & set(':;#%"`<>&{}')
        assert not re.match(r"(?i)(section|title|click|dateformat|axisformat)\b", safe)
        assert safe == safe.strip() or safe.startswith("\u2060")


class TestPie:
    def test_small_campaign(self, small: Case) -> None:
        """Small campaign as of 03-20: meetings 2 + 4 held of 3 + 6 due, the kick-off held
        (7 held), 3 + 6 + 1 - 7 - 0 = 3 missed, 1 + 2 = 3 upcoming."""
        assert outcome_counts(small.result) == {
            "held": 7,
            "cancelled": 0,
            "missed": 3,
            "upcoming": 3,
        }
        assert outcome_pie(small.result, EN) == (
            "pie showData\n    title Meetings and activities, by outcome\n"
            '    "held" : 7\n    "missed" : 3\n    "upcoming" : 3'
        )

    def test_called_off_in_advance_is_not_upcoming(self) -> None:
        """Regression: meetings called off before their day were counted as upcoming (the
        pie said held 1, upcoming 3 where the Gantt chart said 2 cancelled, 1 upcoming).
        Fridays 03-06, 13, 20, 27; held on the 6th, the 13th and 20th called off on the 9th;
        as of the 10th: held 1, cancelled 2 (in advance), missed 0, upcoming 4 - 1 - 2 = 1."""
        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(2026, 3, 2), end=D(2026, 3, 27)),
            mechanisms=(Mechanism(id="weekly", name="Weekly", rule="FREQ=WEEKLY;BYDAY=FR"),),
        )
        records = [
            Held(id="h1", subject="weekly", date=D(2026, 3, 6)),
            Cancelled(id="c1", subject="weekly@2026-03-13", date=D(2026, 3, 9)),
            Cancelled(id="c2", subject="weekly@2026-03-20", date=D(2026, 3, 9)),
        ]
        result = progress(c, schedule(c), records, D(2026, 3, 10))
        occurrences = result.mechanism("weekly").occurrences
        assert occurrences is not None
        assert (occurrences.due, occurrences.cancelled, occurrences.cancelled_ahead) == (1, 0, 2)
        assert occurrences.upcoming == 1
        counts = {"held": 1, "cancelled": 2, "missed": 0, "upcoming": 1}
        assert outcome_counts(result) == counts

    def test_nothing_scheduled(self, small: Case) -> None:
        """A campaign that schedules nothing has no pie."""
        empty = attrs.evolve(small.result, mechanisms=(), series=())
        assert outcome_pie(empty, EN) is None


def test_markdown_report_carries_both(small: Case) -> None:
    """The Markdown report has a charts section with the two diagrams, numbered, after the
    overview, and the mechanisms section refers to both."""
    md = render_report(small.campaign, small.plan, small.result, lang="en", link="r.html")
    assert len(blocks(md)) == 2
    assert "**Figure 1. Schedule (Mermaid Gantt chart)**" in md
    assert "**Figure 2. Meetings and activities, by outcome**" in md
    mechanisms = md[md.index("## 3. Mechanisms") :]
    assert "(see Figure 1, 2)" in mechanisms[: mechanisms.index("\n## ")]
