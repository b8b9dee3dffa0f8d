"""campaignkit: model, schedule and track organisational campaigns.

The pipeline reads as one line::

    import campaignkit as ck

    campaign = ck.load("campaign.yaml")
    plan = ck.schedule(campaign)
    ledger = ck.read_ledger("records.csv")
    result = ck.progress(campaign, plan, ledger, as_of=day)
    html = ck.render_report(campaign, plan, result, format="html")

Each step lives in a subpackage: :mod:`campaignkit.model` (the typed model),
:mod:`campaignkit.calendar` and :mod:`campaignkit.scheduling` (laying it out in time),
:mod:`campaignkit.tracking` (measuring progress), :mod:`campaignkit.io` (files, ledgers,
stores, exports) and :mod:`campaignkit.report` (situation reports and briefings). The names
below are the ones most programs need.
"""

import typing

from campaignkit import _lazy

# The errors are imported at once: they name this package as their module, and the type
# annotations of Problem are resolved in its namespace.
from campaignkit._errors import (
    CampaignkitError,
    Problem,
    RecordError,
    SchedulingError,
    Severity,
    ValidationError,
)

if typing.TYPE_CHECKING:
    from campaignkit.calendar import WorkingCalendar
    from campaignkit.io import SQLiteStore, dump, dumps, load, loads, read_ledger, schema, to_ical
    from campaignkit.model import (
        AcrossUnits,
        Activity,
        ActivitySeries,
        Aggregation,
        Assignment,
        CalendarSpec,
        Campaign,
        Cascade,
        Direction,
        GateCondition,
        Indicator,
        LeadershipGroup,
        Mechanism,
        Milestone,
        NonWorkingDayPolicy,
        Person,
        Phase,
        Placement,
        PlacementStrategy,
        Post,
        Role,
        Trajectory,
        Unit,
        Weekday,
        Window,
        WorkingBody,
    )
    from campaignkit.report import render_briefing, render_report
    from campaignkit.scheduling import Schedule, schedule
    from campaignkit.tracking import (
        Accumulator,
        Cancelled,
        Held,
        Ledger,
        Progress,
        Reading,
        Status,
        Thresholds,
        progress,
        progress_series,
    )

__version__ = "0.1.0"

__all__ = [
    "Accumulator",
    "AcrossUnits",
    "Activity",
    "ActivitySeries",
    "Aggregation",
    "Assignment",
    "CalendarSpec",
    "Campaign",
    "CampaignkitError",
    "Cancelled",
    "Cascade",
    "Direction",
    "GateCondition",
    "Held",
    "Indicator",
    "LeadershipGroup",
    "Ledger",
    "Mechanism",
    "Milestone",
    "NonWorkingDayPolicy",
    "Person",
    "Phase",
    "Placement",
    "PlacementStrategy",
    "Post",
    "Problem",
    "Progress",
    "Reading",
    "RecordError",
    "Role",
    "SQLiteStore",
    "Schedule",
    "SchedulingError",
    "Severity",
    "Status",
    "Thresholds",
    "Trajectory",
    "Unit",
    "ValidationError",
    "Weekday",
    "Window",
    "WorkingBody",
    "WorkingCalendar",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    "progress",
    "progress_series",
    "read_ledger",
    "render_briefing",
    "render_report",
    "schedule",
    "schema",
    "to_ical",
]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "WorkingCalendar": ".calendar",
            "SQLiteStore": ".io",
            "dump": ".io",
            "dumps": ".io",
            "load": ".io",
            "loads": ".io",
            "read_ledger": ".io",
            "schema": ".io",
            "to_ical": ".io",
            "AcrossUnits": ".model",
            "Activity": ".model",
            "ActivitySeries": ".model",
            "Aggregation": ".model",
            "Assignment": ".model",
            "CalendarSpec": ".model",
            "Campaign": ".model",
            "Cascade": ".model",
            "Direction": ".model",
            "GateCondition": ".model",
            "Indicator": ".model",
            "LeadershipGroup": ".model",
            "Mechanism": ".model",
            "Milestone": ".model",
            "NonWorkingDayPolicy": ".model",
            "Person": ".model",
            "Phase": ".model",
            "Placement": ".model",
            "PlacementStrategy": ".model",
            "Post": ".model",
            "Role": ".model",
            "Trajectory": ".model",
            "Unit": ".model",
            "Weekday": ".model",
            "Window": ".model",
            "WorkingBody": ".model",
            "render_briefing": ".report",
            "render_report": ".report",
            "Schedule": ".scheduling",
            "schedule": ".scheduling",
            "Accumulator": ".tracking",
            "Cancelled": ".tracking",
            "Held": ".tracking",
            "Ledger": ".tracking",
            "Progress": ".tracking",
            "Reading": ".tracking",
            "Status": ".tracking",
            "Thresholds": ".tracking",
            "progress": ".tracking",
            "progress_series": ".tracking",
        },
        subpackages=(
            "calendar",
            "cli",
            "io",
            "model",
            "report",
            "scheduling",
            "strategies",
            "tracking",
        ),
    )
