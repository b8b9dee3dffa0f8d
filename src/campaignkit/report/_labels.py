"""Words and number formats of reports, in Chinese (``zh``) and English (``en``).

A report's own words — section titles, column heads, status names — come from one table,
:data:`TEXT`, keyed first by an English key and then by language, so that a missing
translation is a test failure rather than a blank in a report. Names of the campaign's own
elements come from the campaign file (:meth:`~campaignkit.model.Element.label`).

>>> zh, en = Labels.of("zh"), Labels.of("en")
>>> zh("status.behind"), en("status.behind")
('滞后', 'behind')
>>> zh.date_long(dt.date(2010, 4, 2)), en.date_long(dt.date(2010, 4, 2))
('2010年4月2日', '2 April 2010')
>>> en.percent(0.94892), en.percent(1.0), en.percent(None)
('94.9%', '100%', '—')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal, TypeAlias

import attrs

from campaignkit._errors import Problem, ValidationError
from campaignkit.model import Role

Lang: TypeAlias = Literal["zh", "en"]
"""A language reports are written in."""

LANGUAGES: tuple[Lang, ...] = ("zh", "en")
"""The languages reports are written in."""

_MISSING = "—"

TEXT: Mapping[str, Mapping[str, str]] = {
    # -- the report's frame ----------------------------------------------------------------
    "report.title": {"zh": "{name}情况汇报", "en": "{name}: situation report"},
    "report.subtitle": {"zh": "截至{day}", "en": "As of {day}"},
    "report.contents": {"zh": "目录", "en": "Contents"},
    "report.assumed-mark": {
        "zh": "标 * 者为活动文件标注的假设（见“假设说明”），并非原始材料所载。",
        "en": "* marks what the campaign file marks as assumed (see Assumptions), not a fact of the sources.",
    },
    "report.charts-in-html": {
        "zh": "完整图表（甘特图、累计进度图、各项指标、各系列完成率）见本报告的 HTML 版本。",
        "en": "The full charts (Gantt chart, burn-up, indicators, completion by series) are in the HTML version of this report.",
    },
    "report.generated": {"zh": "生成时间：{when}", "en": "Generated {when}"},
    "report.footer": {
        "zh": "本报告由 campaignkit {version} 根据活动文件、日程和台账生成。",
        "en": "Made by campaignkit {version} from the campaign file, its schedule and its records.",
    },
    # -- section titles --------------------------------------------------------------------
    "section.overview": {"zh": "一、总体情况", "en": "1. Overview"},
    "section.charts": {"zh": "图表", "en": "Charts"},
    "section.leadership": {
        "zh": "二、组织领导与责任分工",
        "en": "2. Leadership and responsibilities",
    },
    "section.mechanisms": {"zh": "三、工作机制", "en": "3. Mechanisms"},
    "section.series": {"zh": "四、系列活动", "en": "4. Activity series"},
    "section.units": {"zh": "五、单位排名", "en": "5. Unit ranking"},
    "section.problems": {"zh": "六、台账问题", "en": "6. Problems in the records"},
    "section.assumptions": {"zh": "七、假设说明", "en": "7. Assumptions"},
    # -- overview --------------------------------------------------------------------------
    "overview.theme": {"zh": "主题", "en": "Theme"},
    "overview.window": {"zh": "活动时间", "en": "Window"},
    "overview.window-text": {
        "zh": "{start} 至 {end}（共{days}天，其中工作日{working}天）",
        "en": "{start} to {end} ({days} days, {working} working days)",
    },
    "overview.as-of": {"zh": "截至日期", "en": "As of"},
    "overview.as-of-text": {
        "zh": "{day}（活动第{n}天，共{days}天）",
        "en": "{day} (day {n} of {days})",
    },
    "overview.as-of-before": {"zh": "{day}（活动尚未开始）", "en": "{day} (before the campaign)"},
    "overview.as-of-after": {"zh": "{day}（活动已结束）", "en": "{day} (after the campaign)"},
    "overview.current-phase": {"zh": "当前阶段", "en": "Current phase"},
    "overview.completion": {"zh": "总体完成", "en": "Completion"},
    "overview.planned": {"zh": "计划进度", "en": "Planned"},
    "overview.spi": {"zh": "进度绩效指数（SPI）", "en": "Schedule performance index (SPI)"},
    "overview.status": {"zh": "总体状态", "en": "Status"},
    "overview.records": {"zh": "台账记录", "en": "Records"},
    "overview.records-text": {
        "zh": "读取{read}条，采用{used}条，晚于截至日{after}条，剔除{reported}条",
        "en": "{read} read, {used} used, {after} dated after the day, {reported} kept out",
    },
    "overview.records-unreadable": {
        "zh": "；另有{unreadable}行无法读取（见问题表）",
        "en": "; lines that could not be read: {unreadable} (see the problems)",
    },
    "overview.summary": {
        "zh": "截至{day}，活动总体完成{completion}，计划进度{planned}，状态为“{status}”。",
        "en": "As of {day} the campaign is {completion} complete against {planned} planned: {status}.",
    },
    "overview.summary-unmeasured": {
        "zh": "截至{day}，活动尚无可计量的进度。",
        "en": "As of {day} the campaign has nothing to measure yet.",
    },
    "overview.phases": {"zh": "各阶段进度", "en": "Phases"},
    "overview.gates": {"zh": "阶段验收条件", "en": "Exit gates"},
    "overview.gates-text": {
        "zh": "{passed}项已达标，{pending}项待验收，{failed}项未达标",
        "en": "{passed} passed, {pending} pending, {failed} failed",
    },
    "overview.no-phases": {
        "zh": "活动文件未划分阶段。",
        "en": "The campaign file defines no phases.",
    },
    # -- columns ---------------------------------------------------------------------------
    "col.phase": {"zh": "阶段", "en": "Phase"},
    "col.gate": {"zh": "验收条件", "en": "Exit gate"},
    "col.start": {"zh": "开始", "en": "Start"},
    "col.end": {"zh": "结束", "en": "End"},
    "col.span": {"zh": "时间", "en": "Span"},
    "col.completion": {"zh": "完成", "en": "Done"},
    "col.planned": {"zh": "计划", "en": "Planned"},
    "col.spi": {"zh": "SPI", "en": "SPI"},
    "col.status": {"zh": "状态", "en": "Status"},
    "col.subject": {"zh": "事项", "en": "Subject"},
    "col.kind": {"zh": "类别", "en": "Kind"},
    "col.mechanism": {"zh": "机制", "en": "Mechanism"},
    "col.type": {"zh": "类型", "en": "Type"},
    "col.held-due": {"zh": "已开展/应开展", "en": "Held / due"},
    "col.total": {"zh": "全程计划", "en": "Planned in all"},
    "col.adherence": {"zh": "落实率", "en": "Adherence"},
    "col.cancelled": {"zh": "取消", "en": "Cancelled"},
    "col.missed": {"zh": "未开展", "en": "Missed"},
    "col.sessions": {"zh": "另行开展", "en": "Extra sessions"},
    "col.next": {"zh": "下次", "en": "Next"},
    "col.series": {"zh": "系列活动", "en": "Series"},
    "col.events": {"zh": "活动场次（已开展/应开展）", "en": "Events (held / due)"},
    "col.lead": {"zh": "牵头", "en": "Lead"},
    "col.indicator": {"zh": "指标", "en": "Indicator"},
    "col.actual": {"zh": "实际", "en": "Actual"},
    "col.target": {"zh": "目标", "en": "Target"},
    "col.measure": {"zh": "单位", "en": "Unit"},
    "col.due": {"zh": "期限", "en": "Due"},
    "col.readings": {"zh": "记录数", "en": "Readings"},
    "col.readings-assumed": {"zh": "{n}（其中假设{assumed}）", "en": "{n} ({assumed} assumed)"},
    "col.rank": {"zh": "名次", "en": "Rank"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "col.flag": {"zh": "提示", "en": "Flag"},
    "col.person": {"zh": "人员", "en": "Person"},
    "col.present": {"zh": "出席", "en": "Present"},
    "col.absent": {"zh": "缺席", "en": "Absent"},
    "col.excused": {"zh": "请假", "en": "Excused"},
    "col.expected": {"zh": "应到", "en": "Expected"},
    "col.rate": {"zh": "出勤率", "en": "Rate"},
    "col.severity": {"zh": "级别", "en": "Severity"},
    "col.path": {"zh": "位置", "en": "Where"},
    "col.code": {"zh": "代码", "en": "Code"},
    "col.message": {"zh": "说明", "en": "Message"},
    "col.day": {"zh": "日期", "en": "Day"},
    "col.weekday": {"zh": "星期", "en": "Weekday"},
    "col.time": {"zh": "时间", "en": "Time"},
    "col.first": {"zh": "事项一", "en": "First"},
    "col.second": {"zh": "事项二", "en": "Second"},
    "col.id": {"zh": "标识", "en": "Id"},
    "col.name": {"zh": "名称", "en": "Name"},
    "col.note": {"zh": "备注", "en": "Note"},
    "col.party": {"zh": "责任主体", "en": "Party"},
    "col.role": {"zh": "职责", "en": "Role"},
    "col.item": {"zh": "事项", "en": "Item"},
    "col.participants": {"zh": "参加人员", "en": "Participants"},
    "col.overdue-days": {"zh": "逾期天数", "en": "Days overdue"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.attendance": {"zh": "考勤", "en": "Attendance"},
    # -- leadership ------------------------------------------------------------------------
    "leadership.leader": {"zh": "组长", "en": "Leader"},
    "leadership.deputies": {"zh": "副组长", "en": "Deputy leaders"},
    "leadership.members": {"zh": "成员", "en": "Members"},
    "leadership.director": {"zh": "主任", "en": "Director"},
    "leadership.staff": {"zh": "工作人员", "en": "Staff"},
    "leadership.staff-text": {"zh": "{n}名", "en": "{n}"},
    "leadership.duties": {"zh": "职责", "en": "Duties"},
    "leadership.body-people": {"zh": "人员", "en": "People"},
    "leadership.no-groups": {
        "zh": "活动文件未设领导小组。",
        "en": "The campaign file sets up no leadership group.",
    },
    "leadership.matrix": {"zh": "责任分工矩阵", "en": "Responsibility matrix"},
    "leadership.legend": {"zh": "图例：{legend}。", "en": "Legend: {legend}."},
    "leadership.no-lead": {
        "zh": "未明确牵头单位的事项：{items}。",
        "en": "No lead assigned: {items}.",
    },
    "leadership.no-assignments": {
        "zh": "活动文件未作责任分工。",
        "en": "The campaign file assigns no responsibilities.",
    },
    # -- mechanisms ------------------------------------------------------------------------
    "mechanisms.recurring": {"zh": "定期", "en": "recurring"},
    "mechanisms.standing": {"zh": "常设", "en": "standing"},
    "mechanisms.none": {
        "zh": "活动文件未设工作机制。",
        "en": "The campaign file defines no mechanisms.",
    },
    "mechanisms.indicators": {"zh": "机制指标", "en": "Mechanism indicators"},
    "mechanisms.attendance": {"zh": "考勤：{name}", "en": "Attendance: {name}"},
    "mechanisms.attendance-facts": {
        "zh": "有考勤记录的活动{items}项，无考勤记录的已开展活动{unrecorded}项，总体出勤率{rate}。",
        "en": "{items} held items with attendance lists, {unrecorded} held items without; overall rate {rate}.",
    },
    "mechanisms.attendance-none": {
        "zh": "尚无考勤记录：已开展的{unrecorded}项活动均未记录出勤情况。",
        "en": "No attendance lists recorded yet: none of the {unrecorded} held items has one.",
    },
    "mechanisms.people-below": {
        "zh": "出勤率低于{threshold}的人员",
        "en": "People attending less than {threshold}",
    },
    "mechanisms.units-below": {
        "zh": "出勤率低于{threshold}的单位",
        "en": "Units attending less than {threshold}",
    },
    "mechanisms.nobody-below": {
        "zh": "无出勤率低于{threshold}的人员。",
        "en": "Nobody attends less than {threshold}.",
    },
    "mechanisms.no-unit-below": {
        "zh": "无出勤率低于{threshold}的单位。",
        "en": "No unit attends less than {threshold}.",
    },
    # -- series ----------------------------------------------------------------------------
    "series.none": {
        "zh": "活动文件未设系列活动。",
        "en": "The campaign file defines no activity series.",
    },
    "series.summary": {"zh": "各系列活动进度", "en": "Progress by series"},
    "series.events-text": {
        "zh": "已开展{held}场/应开展{due}场（全程计划{total}场）",
        "en": "{held} held of {due} due ({total} planned in all)",
    },
    "series.no-events": {"zh": "无排定场次", "en": "no scheduled events"},
    "series.no-indicators": {"zh": "该系列未设指标。", "en": "This series has no indicators."},
    "series.figures": {
        "zh": "完成{completion}，计划{planned}，状态：{status}。",
        "en": "{completion} done against {planned} planned: {status}.",
    },
    # -- units -----------------------------------------------------------------------------
    "units.none": {
        "zh": "活动文件未将任何机制或系列活动分解到单位。",
        "en": "The campaign file cascades no mechanism or series to units.",
    },
    "units.of": {"zh": "{name}：各单位", "en": "{name}: units"},
    "units.campaign": {"zh": "全活动单位排名", "en": "Across the campaign"},
    "units.below": {"zh": "低于{threshold}", "en": "below {threshold}"},
    "col.gap": {"zh": "与计划差距", "en": "Gap to plan"},
    "units.gap": {"zh": "{points}个百分点", "en": "{points} pts"},
    # -- units at a glance -----------------------------------------------------------------
    "glance.completion": {"zh": "完成率", "en": "completion"},
    "glance.adherence": {"zh": "落实率", "en": "adherence"},
    "glance.caption": {
        "zh": "{name}：各单位逐周{measure}",
        "en": "{name}: {measure} of the units, week by week",
    },
    "glance.grouped": {
        "zh": "（{units}个单位按上级单位合并为{rows}行，每格为其下各单位的平均值）",
        "en": " ({units} units grouped into {rows} rows by the unit above them, each cell the mean of their units)",
    },
    "glance.tip": {
        "zh": "{name}，{day}：{measure}{value}（计划{planned}）",
        "en": "{name}, {day}: {measure} {value} (planned {planned})",
    },
    "glance.tip-weakest": {
        "zh": "；{units}个单位，最低为{weakest}（{value}）",
        "en": "; {units} units, the lowest {weakest} ({value})",
    },
    "glance.parent": {"zh": "上级单位", "en": "Under"},
    "glance.league": {
        "zh": "{name}：上级单位排名及其下各单位分布",
        "en": "{name}: league table of the groups, with their units' spread",
    },
    "glance.group": {"zh": "上级单位", "en": "Group"},
    "glance.units": {"zh": "单位数", "en": "Units"},
    "glance.mean": {"zh": "平均", "en": "Mean"},
    "glance.lowest": {"zh": "最低", "en": "Lowest"},
    "glance.median": {"zh": "中位数", "en": "Median"},
    "glance.highest": {"zh": "最高", "en": "Highest"},
    "glance.behind": {"zh": "滞后单位", "en": "Behind"},
    "glance.weakest": {"zh": "最低单位", "en": "Weakest unit"},
    # -- long tables -----------------------------------------------------------------------
    "fit.shown": {
        "zh": "共{rows}行，此处列出{shown}行。",
        "en": "{shown} of {rows} rows shown.",
    },
    "fit.full-table": {
        "zh": "完整表格（{rows}行，CSV）：{name}",
        "en": "The full table ({rows} rows, CSV): {name}",
    },
    "fit.figure-data": {
        "zh": "图中数据（{rows}行，CSV）：{name}",
        "en": "The data of the chart ({rows} rows, CSV): {name}",
    },
    # -- problems --------------------------------------------------------------------------
    "problems.none": {"zh": "台账中未发现问题。", "en": "No problems were found in the records."},
    "problems.count": {
        "zh": "台账中发现{errors}个错误（相关记录未计入进度）和{warnings}个提示。",
        "en": "{errors} errors (their records are kept out of the figures) and {warnings} warnings in the records.",
    },
    "problems.conflicts": {"zh": "日程冲突", "en": "Scheduling conflicts"},
    "problems.notes": {"zh": "排程说明", "en": "Scheduling notes"},
    "severity.error": {"zh": "错误", "en": "error"},
    "severity.warning": {"zh": "提示", "en": "warning"},
    # -- assumptions -----------------------------------------------------------------------
    "assumptions.count": {
        "zh": "活动文件的{total}个要素中，有{count}个标注为假设：",
        "en": "{count} of the {total} elements of the campaign file are marked assumed:",
    },
    "assumptions.none": {
        "zh": "活动文件未将任何要素标注为假设。",
        "en": "The campaign file marks no element as assumed.",
    },
    "assumptions.assignments": {"zh": "标注为假设的责任分工", "en": "Assignments marked assumed"},
    "assumptions.readings": {
        "zh": "计入进度的{total}条指标记录中，{assumed}条标注为假设。",
        "en": "{assumed} of the {total} indicator readings used are marked assumed.",
    },
    # -- kinds, statuses, roles ------------------------------------------------------------
    "kind.campaign": {"zh": "活动", "en": "campaign"},
    "kind.person": {"zh": "人员", "en": "person"},
    "kind.unit": {"zh": "单位", "en": "unit"},
    "kind.group": {"zh": "领导小组", "en": "group"},
    "kind.body": {"zh": "工作机构", "en": "working body"},
    "kind.phase": {"zh": "阶段", "en": "phase"},
    "kind.mechanism": {"zh": "机制", "en": "mechanism"},
    "kind.series": {"zh": "系列活动", "en": "series"},
    "kind.activity": {"zh": "活动", "en": "activity"},
    "kind.indicator": {"zh": "指标", "en": "indicator"},
    "kind.session": {"zh": "另行开展", "en": "session"},
    "status.ahead": {"zh": "超前", "en": "ahead"},
    "status.on": {"zh": "正常", "en": "on track"},
    "status.at_risk": {"zh": "预警", "en": "at risk"},
    "status.behind": {"zh": "滞后", "en": "behind"},
    "phase.not_started": {"zh": "未开始", "en": "not started"},
    "gate.passed": {"zh": "已达标", "en": "passed"},
    "gate.pending": {"zh": "待验收", "en": "pending"},
    "gate.failed": {"zh": "未达标", "en": "failed"},
    "gate.condition": {
        "zh": "{indicator} {value}（需达 {threshold}）：{state}",
        "en": "{indicator} {value} of {threshold} needed: {state}",
    },
    "role.lead": {"zh": "牵头", "en": "lead"},
    "role.responsible": {"zh": "负责", "en": "responsible"},
    "role.support": {"zh": "配合", "en": "support"},
    "role.supervise": {"zh": "督查", "en": "supervise"},
    "role.consulted": {"zh": "征询", "en": "consulted"},
    "role.informed": {"zh": "知会", "en": "informed"},
    # -- charts ----------------------------------------------------------------------------
    "chart.gantt": {"zh": "活动甘特图", "en": "Gantt chart"},
    "chart.gantt-caption": {
        "zh": "各阶段（按本阶段进度填充）、系列活动与工作机制的时间安排；圆点按台账记录显示每次会议和活动已召开、未召开、已取消或待召开；贯穿全程的系列活动显示其活动或完成率走势；竖线为截至日期，灰色为休息日，深色为节假日。",
        "en": "Phases (filled by their own progress), activity series and mechanisms; each dot shows what the records say became of a meeting or activity: held, missed, cancelled or upcoming; a series that runs through the whole campaign shows its activities or its completion over time; the line marks the as-of day, grey the days off, darker grey the holidays.",
    },
    "chart.burnup": {"zh": "累计进度图", "en": "Burn-up"},
    "chart.burnup-caption": {
        "zh": "实际完成与计划进度的累计走势；斜线部分的上升依据日期为推定的记录（标注假设的记录，或记在报告当日的记录）。",
        "en": "Earned against planned completion over the campaign; a hatched rise rests on records dated by assumption (marked assumed, or dated on the report's day).",
    },
    "chart.earned": {"zh": "实际完成", "en": "earned"},
    "chart.planned": {"zh": "计划进度", "en": "planned"},
    "chart.completion": {"zh": "各系列活动完成率", "en": "Completion by series"},
    "chart.completion-caption": {
        "zh": "条形为完成率，竖线为截至日期的计划进度。",
        "en": "Bars show completion; the tick marks what was planned by the as-of day.",
    },
    "chart.as-of": {"zh": "截至{day}", "en": "as of {day}"},
    "chart.bar-tip": {
        "zh": "{name}：完成{completion}，计划{planned}，{status}",
        "en": "{name}: {completion} done, {planned} planned, {status}",
    },
    "chart.bar-span": {
        "zh": "{start} 至 {end}：完成{completion}，计划{planned}，{status}",
        "en": "{start} to {end}: {completion} done, {planned} planned, {status}",
    },
    "chart.bar-not-started": {
        "zh": "{start} 至 {end}：尚未开始",
        "en": "{start} to {end}: not started",
    },
    "chart.standing": {"zh": "{start} 至 {end} 常设", "en": "standing, {start} to {end}"},
    "chart.trail": {
        "zh": "贯穿全程；截至{day}完成{completion}，计划{planned}",
        "en": "runs through the campaign; {completion} done by {day}, {planned} planned",
    },
    "chart.assumed-rise": {
        "zh": "此段上升（{before} → {after}）依据{count}条日期为推定的记录（记为{day}，实际日期不详）",
        "en": "This rise ({before} → {after}) rests on {count} records dated by assumption ({day}; the real days are not known)",
    },
    "chart.assumed-count": {
        "zh": "{count}条记录日期为推定",
        "en": "{count} records dated by assumption",
    },
    "chart.assumed-caveat": {
        "zh": "注意：累计进度图在{day}的{rise}上升（斜线部分）依据{count}条日期为推定的记录，实际进展可能更早、更均匀。",
        "en": "Caveat: the burn-up's rise of {rise} up to {day} (hatched) rests on {count} records dated by assumption; the work itself may have been done earlier and more evenly.",
    },
    "chart.figure": {"zh": "图{number}　{title}", "en": "Figure {number}. {title}"},
    "chart.see": {"zh": "（见图{numbers}）", "en": "(see Figure {numbers})"},
    "chart.kpi": {"zh": "各项指标", "en": "Indicators"},
    "chart.kpi-caption": {
        "zh": "每项指标的实际值、目标、计划值与状态；小图为实际值（实线）对照计划（虚线）的走势。",
        "en": "Each indicator's actual, target, planned value and status; the sparkline is its actual (solid) against plan (dashed).",
    },
    "chart.kpi-figures": {
        "zh": "实际 {actual} / 目标 {target}",
        "en": "actual {actual} / target {target}",
    },
    "chart.kpi-planned": {"zh": "计划 {planned}", "en": "planned {planned}"},
    "chart.kpi-tip": {
        "zh": "{day}：实际 {actual}，计划 {planned}",
        "en": "{day}: actual {actual}, planned {planned}",
    },
    "chart.in-html": {
        "zh": "完整图表（含图例与提示）见 HTML 版本：{link}。",
        "en": "The full charts, with legends and tooltips, are in the HTML version: {link}.",
    },
    "chart.mermaid-gantt": {"zh": "日程（Mermaid 甘特图）", "en": "Schedule (Mermaid Gantt chart)"},
    "chart.mermaid-pie": {"zh": "会议与活动落实情况", "en": "Meetings and activities, by outcome"},
    "chart.phases": {"zh": "阶段", "en": "Phases"},
    "chart.series": {"zh": "系列活动", "en": "Activity series"},
    "chart.mechanisms": {"zh": "工作机制", "en": "Mechanisms"},
    "outcome.held": {"zh": "已召开", "en": "held"},
    "outcome.missed": {"zh": "未召开", "en": "missed"},
    "outcome.cancelled": {"zh": "已取消", "en": "cancelled"},
    "outcome.upcoming": {"zh": "待召开", "en": "upcoming"},
    "outcome.unrecorded": {"zh": "无记录可查", "en": "not recorded"},
    "legend.bar": {"zh": "计划时段", "en": "planned dates"},
    "legend.done": {"zh": "已完成部分", "en": "part done"},
    "legend.weekend": {"zh": "周末", "en": "weekend"},
    "legend.holiday": {"zh": "节假日", "en": "holiday"},
    "legend.makeup": {"zh": "调休上班", "en": "make-up workday"},
    "legend.as-of": {"zh": "截至日期", "en": "as-of day"},
    # -- the briefing ----------------------------------------------------------------------
    "briefing.title": {"zh": "{name}每周例会工作提示", "en": "{name}: weekly briefing"},
    "briefing.subtitle": {
        "zh": "本周：{start} 至 {end}",
        "en": "Week of {start} to {end}",
    },
    "briefing.standing": {
        "zh": "截至上周末（{day}），总体完成{completion}，计划进度{planned}，状态：{status}。",
        "en": "At the end of last week ({day}): {completion} done against {planned} planned: {status}.",
    },
    "briefing.phase": {
        "zh": "当前阶段：{name}（{start} 至 {end}），完成{completion}，计划{planned}：{status}。",
        "en": "Current phase: {name} ({start} to {end}), {completion} done against {planned} planned: {status}.",
    },
    "briefing.phase-starts": {
        "zh": "{name}阶段于 {start} 开始。",
        "en": "Phase {name} starts on {start}.",
    },
    "briefing.gate": {
        "zh": "{name}阶段验收条件：{conditions}。",
        "en": "Exit gate of {name}: {conditions}.",
    },
    "briefing.unmeasured": {
        "zh": "截至上周末（{day}），尚无可计量的进度。",
        "en": "At the end of last week ({day}) there was nothing to measure yet.",
    },
    "briefing.outside": {
        "zh": "本周不在活动时间（{start} 至 {end}）内。",
        "en": "This week lies outside the campaign ({start} to {end}).",
    },
    "briefing.last-week": {
        "zh": "一、上周工作回顾（{start} 至 {end}）",
        "en": "1. Last week ({start} to {end})",
    },
    "briefing.held": {"zh": "已开展", "en": "Held"},
    "briefing.nothing-held": {
        "zh": "上周无已开展的记录。",
        "en": "Nothing was recorded as held last week.",
    },
    "briefing.cancelled": {"zh": "已取消", "en": "Cancelled"},
    "briefing.readings": {"zh": "指标记录", "en": "Indicator readings"},
    "briefing.nothing-read": {
        "zh": "上周无指标记录。",
        "en": "No indicator readings were recorded last week.",
    },
    "briefing.unmatched": {"zh": "未能对应日程的记录", "en": "Records that match nothing"},
    "briefing.overdue": {"zh": "二、逾期未办事项", "en": "2. Overdue"},
    "briefing.overdue-text": {
        "zh": "截至上周末应开展、但既无开展记录也未取消的事项：",
        "en": "Due by the end of last week, and neither held nor cancelled:",
    },
    "briefing.nothing-overdue": {"zh": "无逾期事项。", "en": "Nothing is overdue."},
    "briefing.this-week": {
        "zh": "三、本周工作安排（{start} 至 {end}）",
        "en": "3. This week ({start} to {end})",
    },
    "briefing.nothing-this-week": {
        "zh": "本周无排定事项。",
        "en": "Nothing is scheduled this week.",
    },
    "briefing.no-lead": {"zh": "未明确牵头单位", "en": "No lead assigned"},
    "briefing.people": {"zh": "（{people}）", "en": " ({people})"},
    "briefing.already-held": {"zh": "已提前开展", "en": "already held"},
    "briefing.indicator-due": {
        "zh": "指标到期：{name}，目标{target}{measure}，已完成{actual}{measure}",
        "en": "Indicator due: {name}, target {target} {measure}, {actual} {measure} so far",
    },
    "briefing.next-week": {
        "zh": "四、下周预告（{start} 至 {end}）",
        "en": "4. Next week ({start} to {end})",
    },
    "briefing.nothing-next-week": {
        "zh": "下周无排定事项。",
        "en": "Nothing is scheduled next week.",
    },
    "briefing.attendance-text": {
        "zh": "出席{present}，缺席{absent}，请假{excused}",
        "en": "{present} present, {absent} absent, {excused} excused",
    },
    "briefing.moved": {"zh": "（由{day}顺延）", "en": " (moved from {day})"},
    "briefing.more-units": {"zh": "等{n}个单位", "en": "and {n} more units"},
}
"""Every word of a report, by key and language (``{name}`` fields are filled in by calling
:class:`Labels`)."""

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


@attrs.frozen
class Labels:
    """The words and formats of one language: call it with a key of :data:`TEXT`.

    Build one with :meth:`of`, which checks the language.
    """

    lang: Lang

    @classmethod
    def of(cls, lang: str) -> Labels:
        """The labels of *lang*.

        Raises:
            ValidationError: ``invalid-value`` at ``$.lang`` for a language other than
                ``zh`` and ``en``.
        """
        if lang not in LANGUAGES:
            msg = f"'lang' must be one of {', '.join(LANGUAGES)} (got {lang!r})"
            raise ValidationError([Problem("$.lang", "invalid-value", msg)])
        return cls(lang)

    def __call__(self, key: str, **fields: object) -> str:
        """The text of *key* in this language, with *fields* filled in."""
        text = TEXT[key][self.lang]
        return text.format(**fields) if fields else text

    def columns(self, *keys: str) -> tuple[str, ...]:
        """Column heads: the text of ``col.KEY`` for each key."""
        return tuple(self(f"col.{key}") for key in keys)

    # -- formats ---------------------------------------------------------------------------

    def percent(self, value: float | None) -> str:
        """A fraction as a percentage with at most one decimal: ``94.9%``, ``100%``."""
        if value is None:
            return _MISSING
        return f"{round(value * 100, 1):g}%"

    def ratio(self, value: float | None, decimals: int = 2) -> str:
        """An index such as the SPI, with two decimals (or *decimals*)."""
        return _MISSING if value is None else f"{value:.{decimals}f}"

    def number(self, value: float) -> str:
        """A figure as people write it: ``2,000``, ``1.5``, ``18,100,000``."""
        if value == int(value):
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")

    def date(self, day: dt.date | None) -> str:
        """A day in tables: ``2010-04-02`` in every language."""
        return _MISSING if day is None else day.isoformat()

    def date_long(self, day: dt.date) -> str:
        """A day in running text: ``2010年4月2日``, ``2 April 2010``."""
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"

    def month(self, day: dt.date) -> str:
        """The month of *day* on a chart axis: ``1月``, ``Jan``; with the year in January."""
        if self.lang == "zh":
            return f"{day.year}年{day.month}月" if day.month == 1 else f"{day.month}月"
        name = _MONTHS_EN[day.month - 1][:3]
        return f"{name} {day.year}" if day.month == 1 else name

    def weekday(self, day: dt.date) -> str:
        """The weekday of *day*: ``周五``, ``Fri``."""
        return _WEEKDAYS[self.lang][day.weekday()]

    def status(self, status: object) -> str:
        """A :class:`~campaignkit.tracking.Status` in words (``—`` for ``None``)."""
        value = getattr(status, "value", None)
        return _MISSING if value is None else self(f"status.{value}")

    def role(self, role: Role) -> str:
        """A role in words: ``牵头``, ``lead``."""
        return self(f"role.{role.value}")

    def kind(self, kind: str | None) -> str:
        """The kind of an element in words: ``系列活动``, ``series``."""
        return self(f"kind.{kind}") if kind else _MISSING

    @property
    def colon(self) -> str:
        """What stands between a label and its value: ``：`` in Chinese, a colon and a space
        in English."""
        return "：" if self.lang == "zh" else ": "

    def join(self, items: list[str]) -> str:
        """Items of a running list: ``甲、乙``, ``A, B``."""
        return ("、" if self.lang == "zh" else ", ").join(items)

    @property
    def missing(self) -> str:
        """What a cell shows when there is nothing to show."""
        return _MISSING
