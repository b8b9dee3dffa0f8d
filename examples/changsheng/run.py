"""Rebuild the Changshengqiao town campaign (December 2009 – April 2010) as of its report.

Usage::

    python examples/changsheng/run.py OUTDIR

Loads ``campaign.yaml``, lays it out on China's statutory calendar, reads ``records.csv`` (what
the town's report of 2010-04-02 says had happened), computes the progress as of that day,
prints a summary in Chinese and English, and writes into OUTDIR (created when missing):

- ``schedule.ics``  — the schedule as iCalendar, for a calendar application;
- ``schedule.csv``  — one row per meeting, session and activity;
- ``progress.json`` — the whole progress tree (keys sorted, the same bytes as
  ``campaignkit progress … --format json``);
- ``progress.csv``  — the progress tree flattened, one row per node;
- ``report-zh.html``, ``report-en.html``, ``report-de.html`` — the situation report as one
  self-contained page each, in Chinese, English and German, with its figures (Gantt chart,
  burn-up, indicators, completion by series);
- ``report-zh.md``, ``report-en.md``, ``report-de.md`` — the same reports as Markdown, with
  Mermaid diagrams and a link to the HTML;
- ``briefing-zh.md``, ``briefing-en.md``, ``briefing-de.md`` — the sheet of the weekly
  meeting in the week of the report (2010-03-29 to 04-04): last week reviewed, anything
  overdue, this week's tasks.

Every file is written atomically. Every figure the summary marks with ``*`` is an assumption
of the campaign file, not a fact of the report; the summary ends with the list of them.
The exit status is 0 on success and 2 when an input file is bad.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import attrs

from campaignkit import CampaignkitError
from campaignkit.io import (
    format_table,
    load,
    progress_to_csv,
    progress_to_dict,
    read_ledger,
    tidy_floats,
    to_ical,
    write_atomic,
    write_schedule_csv,
)
from campaignkit.model import Campaign
from campaignkit.report import burnup_days, render_briefing, render_report
from campaignkit.scheduling import Schedule, schedule
from campaignkit.tracking import (
    IndicatorProgress,
    Ledger,
    Progress,
    Tally,
    progress,
    progress_series,
)

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE / "campaign.yaml"
RECORDS = HERE / "records.csv"
AS_OF = dt.date(2010, 4, 2)
"""The date of the town's report: the day progress is measured on."""

OUTPUTS = ("schedule.ics", "schedule.csv", "progress.json", "progress.csv")
LANGUAGES = ("zh", "en", "de")
"""The languages of the reports: the campaign's own (Chinese), English and German."""
REPORTS = tuple(
    f"{kind}-{lang}.{fmt}"
    for kind, fmt in (("report", "html"), ("report", "md"), ("briefing", "md"))
    for lang in LANGUAGES
)
BRIEFING_WEEK = AS_OF
"""The weekly briefing is the sheet of the week of the report."""


@attrs.frozen
class Wording:
    """How the report words a figure: its own text, and whether the figure is a lower bound.

    The report writes some results as lower bounds — "150余条" (150-odd), "10次以上" (10 or
    more), "20余篇". Their readings carry the bound's number; the summary prints them as the
    report does, with a ``+``.
    """

    text: str
    lower_bound: bool = False


REPORT = {
    "study-notes": Wording("撰写学习体会、读书笔记和读书心得共103篇"),
    "central-group-sessions": Wording("召开中心组专题讨论会和“金点子”征集会等4次"),
    "suggestions": Wording("征集到建议意见150余条", lower_bound=True),
    "golden-ideas": Wording("上报区大讨论活动办公室“金点子”103条"),
    "excellent-articles": Wording("2篇文章被作为优秀建议在全区转发"),
    "forum-sessions": Wording("演讲会、辩论赛等共4场"),
    "forum-lectures": Wording("张新华教授作了一场专题报告会"),
    "reading-reflections": Wording("读书心得20余篇", lower_bound=True),
    "cultural-events": Wording("各类大型文体活动10次以上", lower_bound=True),
    "film-screenings": Wording("放映惠民电影60场"),
    "red-song-teams": Wording("成立业余红歌演唱队9支"),
    "relief-packages": Wording("发放慰问物资2000份"),
    "relief-cash": Wording("现金80万元"),
    "district-rounds": Wording("参加全区性专题培训、轮训5期"),
    "town-sessions": Wording("举办全镇干部职工学习培训2场"),
    "village-classes": Wording("开办村居干部轮训班2期"),
    "hot-problems": Wording("解决了……等一批热点难点问题（4处）"),
    "river-investment": Wording("苦溪河堤防整治工程投资1810万"),
    "river-dredged": Wording("对长生段1.5公里进行清掏"),
    "orchard-trail": Wording("建成广福登山步道4公里"),
    "study-tours": Wording("“三八”节组织学习考察"),
}
"""The report's own wording of every indicator's result, by indicator id."""

QUALITATIVE = (
    "百乐园社区被选为全区“红歌传唱基地” — Baileyuan community named a district red-song base",
    "白沙村成功举办南岸区政策理论宣讲现场会 — Baisha village hosted a district policy-lecture meeting",
    "2009年箴言……均登上全区龙虎榜前10名 — the town's 2009 maxim texts in the district top 10",
    (
        "茶园村“巴渝新居”试点成功，将在1—2个点推广 — the Bayu new-house pilot at Chayuan, to be "
        "extended to 1–2 more sites"
    ),
    (
        "桃花大道“白改黑”，水系公园完工，广福百亩果园、茶园腊梅园 — Taohua avenue resurfaced, the "
        "water park finished, the Guangfu orchard and the Chayuan wintersweet garden"
    ),
    "广福万亩果园：五年打造1万亩生态园 — the Guangfu orchard to grow to 10,000 mu over five years",
)
"""Results the report states without a number the model could measure."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the reconstruction; return the exit status (0 ok, 2 bad input)."""
    parser = argparse.ArgumentParser(
        prog="run.py", description="Rebuild the Changsheng campaign as of 2010-04-02."
    )
    parser.add_argument("outdir", metavar="OUTDIR", help="folder for the output files")
    args = parser.parse_args(argv)
    outdir = Path(args.outdir)
    try:
        campaign = load(CAMPAIGN)
        plan = schedule(campaign)
        ledger = read_ledger(RECORDS)
    except CampaignkitError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    result = progress(campaign, plan, ledger, AS_OF)
    for problem in result.problems:
        print(f"{RECORDS.name}: {problem}", file=sys.stderr)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        written = write_outputs(outdir, campaign, plan, result)
        written += write_reports(outdir, campaign, plan, ledger, result)
    except OSError as exc:
        print(f"run.py: cannot write into {outdir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(summary(campaign, plan, ledger, result, written))
    return 2 if result.errors else 0


def write_outputs(outdir: Path, campaign: Campaign, plan: Schedule, result: Progress) -> list[Path]:
    """Write the four output files into *outdir*, each atomically; return their paths."""
    rows = io.StringIO()
    write_schedule_csv(plan, rows)
    contents: dict[str, str | bytes] = {
        "schedule.ics": to_ical(plan),
        "schedule.csv": rows.getvalue(),
        "progress.json": json.dumps(
            tidy_floats(progress_to_dict(result)), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n",
        "progress.csv": progress_to_csv(result, campaign=campaign),
    }
    paths = []
    for name in OUTPUTS:
        path = outdir / name
        write_atomic(path, contents[name])
        paths.append(path)
    return paths


def write_reports(
    outdir: Path, campaign: Campaign, plan: Schedule, ledger: Ledger, result: Progress
) -> list[Path]:
    """Write the reports and briefings of :data:`REPORTS` into *outdir*; return their paths.

    The burn-up chart samples the progress every week (:func:`burnup_days`).
    """
    history = progress_series(campaign, plan, ledger, burnup_days(campaign, AS_OF))
    contents: dict[str, str] = {}
    for lang in LANGUAGES:
        for fmt in ("html", "md"):
            contents[f"report-{lang}.{fmt}"] = render_report(
                campaign,
                plan,
                result,
                lang=lang,
                format=fmt,
                history=history,
                records=ledger,  # what became of each meeting, in the Gantt chart
                link=f"report-{lang}.html",  # the Markdown links to the charts
            )
        contents[f"briefing-{lang}.md"] = render_briefing(
            campaign, plan, ledger, BRIEFING_WEEK, lang=lang
        )
    paths = []
    for name in REPORTS:
        path = outdir / name
        write_atomic(path, contents[name])
        paths.append(path)
    return paths


# -- the summary ------------------------------------------------------------------------------


def summary(
    campaign: Campaign, plan: Schedule, ledger: Ledger, result: Progress, written: list[Path]
) -> str:
    """The printed summary: organisation, phases, mechanisms, series, figures, assumptions."""
    parts = [
        heading(campaign, result),
        organisation(campaign),
        phases(campaign, plan),
        mechanisms(campaign, plan, result),
        series(result),
        figures(campaign, result),
        highlights(result),
        overall(result),
        assumptions(campaign, ledger),
        "输出 Files written:\n" + "\n".join(f"  {p}" for p in written),
    ]
    return "\n\n".join(parts)


def heading(campaign: Campaign, result: Progress) -> str:
    return "\n".join(
        [
            campaign.name,
            campaign.label("en"),
            f"主题 Theme: {campaign.theme}",
            (
                f"时间 Window: {campaign.window.start} – {campaign.window.end} (the report: "
                "去年12月到今年4月, December 2009 to April 2010; the first and last days are assumed*)"
            ),
            (
                f"日历 Calendar: China's statutory holidays and make-up workdays "
                f"({campaign.calendar.country}), {campaign.timezone}"
            ),
            f"进度日期 As of: {result.as_of} (the date of the town's report)",
            "* marks an assumption of the campaign file; the last section lists them all.",
        ]
    )


def organisation(campaign: Campaign) -> str:
    group = campaign.groups[0]

    def who(person: str) -> str:
        p = campaign.person(person)
        post = p.posts[0].title if p.posts else ""
        mark = "*" if p.assumed else ""
        return f"{p.name}{mark}" + (f" ({post})" if post and post != p.name else "")

    lines = [
        "一、组织 Organisation",
        f"  {group.name} {group.label('en')}" + (f" — {group.note}" if group.note else ""),
        f"    组长 leader: {who(group.leader)}" if group.leader else "",
        "    副组长 deputies: " + ", ".join(who(d) for d in group.deputies),
        "    成员 members: " + ", ".join(who(m) for m in group.members),
    ]
    for body in group.bodies:
        director = who(body.director) if body.director else "—"
        lines.append(
            f"  {body.name} {body.label('en')}: 主任 director {director}; "
            f"工作人员 staff {body.staff}"
        )
    return "\n".join(line for line in lines if line)


def phases(campaign: Campaign, plan: Schedule) -> str:
    rows = []
    for p in plan.phases:
        phase = campaign.phase(p.phase)
        mark = "*" if phase.assumed else ""
        rows.append((phase.id + mark, phase.name, phase.label("en"), p.start, p.end))
    table = format_table(("phase", "阶段", "", "start", "end"), rows)
    return "二、阶段 Phases (the report names none: all assumed)\n" + indent(table)


def mechanisms(campaign: Campaign, plan: Schedule, result: Progress) -> str:
    rows = []
    for m in result.mechanisms:
        mark = "*" if campaign.mechanism(m.id).assumed else ""
        if m.occurrences is not None:
            held = f"{m.occurrences.held} / {m.occurrences.due}"
            adherence = f"{m.adherence:.0%}" if m.adherence is not None else "—"
            upcoming = m.occurrences.total - m.occurrences.due
            note = f"{upcoming} more to {m.end}" if upcoming else ""
        else:
            held, adherence = "—", "standing rule"
            att = m.attendance
            note = f"{att.unrecorded} held items, no attendance lists" if att else ""
        rows.append((m.name, campaign.mechanism(m.id).label("en") + mark, held, adherence, note))
    header = ("机制", "mechanism", "held / due", "adherence", "")
    table = format_table(header, rows, align="llrrl")
    weekly = result.mechanism("weekly-meeting").occurrences
    assert weekly is not None
    lines = [
        f"三、机制 Mechanisms, held against due as of {result.as_of}",
        indent(table),
        (
            f"  每周例会 weekly meetings: {weekly.held} held of {weekly.due} due "
            f"(adherence {weekly.held / weekly.due:.0%})."
        ),
    ]
    for o in plan.occurrences("weekly-meeting"):
        if o.shifted and o.day <= result.as_of:
            kind = "a make-up workday (调休)" if o.day.weekday() >= 5 else "the next working day"
            lines.append(
                f"    {o.key.rule_date} ({o.key.rule_date:%a}) is a holiday: the meeting moves to "
                f"{o.day} ({o.day:%a}), {kind}"
            )
    return "\n".join(lines)


def series(result: Progress) -> str:
    rows = []
    for s in result.series:
        rows.append(
            (
                s.name,
                _held(s.activities),
                len(s.indicators),
                f"{s.completion:.0%}" if s.completion is not None else "—",
                s.status.value if s.status else "",
            )
        )
    header = ("九大系列活动 series", "activities held / due", "indicators", "done", "status")
    return "四、九大系列活动 The nine series\n" + indent(format_table(header, rows, align="lrrrl"))


def _held(tally: Tally) -> str:
    return f"{tally.held} / {tally.due}" if tally.total else "—"


def figures(campaign: Campaign, result: Progress) -> str:
    rows = []
    for ind in result.indicators():
        wording = REPORT.get(ind.id)
        mark = "*" if campaign.indicator(ind.id).assumed else ""
        rows.append(
            (
                ind.name,
                actual_text(ind, wording),
                number(ind.target) + mark,
                ind.measure,
                f"{ind.completion:.0%}" if ind.completion is not None else "—",
                wording.text if wording else "",
            )
        )
    header = ("指标 indicator", "actual", "target", "", "done", "报告原文 the report's words")
    table = format_table(header, rows, align="lrrlrl")
    return (
        f"五、报告数字 The report's figures as of {result.as_of} "
        "(results are the report's; every target is assumed*)\n" + indent(table)
    )


def actual_text(ind: IndicatorProgress, wording: Wording | None) -> str:
    """The actual as the report words it: ``150+`` for a lower bound."""
    text = number(ind.actual)
    return text + "+" if wording and wording.lower_bound else text


def highlights(result: Progress) -> str:
    def actual(id: str) -> str:
        ind = result.indicator(id)
        return actual_text(ind, REPORT.get(id))

    forum = result.series_by_id("forum")
    tour = result.series_by_id("study-tour")
    river = result.indicator("river-investment").actual
    lines = [
        "六、要点 Highlights",
        (
            f"  长生讲坛 Changsheng Forum: opened 2010-02-24; {actual('forum-sessions')} speech and "
            f"debate sessions + {actual('forum-lectures')} lecture "
            f"({forum.activities.held} of {forum.activities.due} scheduled events held)"
        ),
        (
            f"  学习考察 Study tour: 2010-03-08 (“三八”节, Women's Day), "
            f"{actual('study-tours')} tour ({tour.activities.held} held)"
        ),
        (
            f"  建言献策 Advice: {actual('suggestions')} suggestions collected, "
            f"{actual('golden-ideas')} golden ideas sent to the district, "
            f"{actual('excellent-articles')} articles circulated district-wide as excellent"
        ),
        (
            f"  学习 Study: {actual('study-notes')} study notes, {actual('reading-reflections')} "
            f"reading reflections, {actual('central-group-sessions')} central-group sessions"
        ),
        (
            f"  唱读讲传: {actual('cultural-events')} cultural events, {actual('film-screenings')} "
            f"film screenings, {actual('red-song-teams')} red-song teams"
        ),
        (
            f"  六送 Six deliveries: {actual('relief-packages')} relief packages and "
            f"{actual('relief-cash')} yuan (80万元) in cash"
        ),
        (
            f"  培训 Training: {actual('district-rounds')} + {actual('town-sessions')} + "
            f"{actual('village-classes')} (district rounds + town sessions + village classes)"
        ),
        f"  效能建设 Efficiency: {actual('hot-problems')} hot problems solved",
        (
            f"  苦溪河 Kuxi river works: {river / 1e6:g} million yuan (1810万元), "
            f"{actual('river-dredged')} km dredged"
        ),
        f"  广福 Guangfu mountain trail: {actual('orchard-trail')} km built",
        "  其他 Other results the report gives without a figure:",
        *(f"    - {line}" for line in QUALITATIVE),
    ]
    return "\n".join(lines)


def overall(result: Progress) -> str:
    counts = result.counts
    spi = (
        f"{result.spi:.{result.thresholds.decimals(result.spi)}f}"
        if result.spi is not None
        else "—"
    )
    status = result.status.value if result.status else "—"
    return "\n".join(
        [
            "七、总体 Overall",
            (
                f"  completion {pct(result.completion)}, planned {pct(result.planned)}, "
                f"SPI {spi}: {status}"
            ),
            f"  records: {counts.read} read, {counts.used} used, {counts.reported} kept out",
        ]
    )


def assumptions(campaign: Campaign, ledger: Ledger) -> str:
    """Every element and assignment marked ``assumed``, counted and listed with its note."""
    ids = list(campaign.ids)
    elements = [campaign.get(i) for i in ids if campaign.get(i).assumed]
    assigned = [a for a in campaign.assignments if a.assumed]
    total = len(ids) + len(campaign.assignments)
    count = len(elements) + len(assigned)
    lines = [
        (
            f"八、假设 Assumptions: {count} of the {total} elements and assignments of the campaign "
            "file are assumptions, not facts of the report:"
        )
    ]
    for e in elements:
        kind = campaign.kind_of(e.id)
        lines.append(f"  - {kind} {e.id} {e.name}")
        if e.note:
            lines.append(
                textwrap.fill(e.note, 96, initial_indent=" " * 6, subsequent_indent=" " * 6)
            )
    for a in assigned:
        lines.append(
            f"  - assignment: {campaign.get(a.party).name} {a.role.value} "
            f"{campaign.get(a.subject).name} ({a.party} → {a.subject})"
        )
    guessed = sum(1 for r in ledger if r.assumed)
    lines.append(
        f"  and {guessed} of the {len(ledger)} records carry an assumed day (the report gives "
        "the count, not the day)."
    )
    return "\n".join(lines)


# -- formatting -------------------------------------------------------------------------------


def number(value: float) -> str:
    """A figure as people write it: ``2,000``, ``1.5``, ``18,100,000``."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0")


def pct(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def indent(text: str) -> str:
    return textwrap.indent(text, "  ")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
