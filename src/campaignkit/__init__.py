"""campaignkit: model, schedule and track organisational campaigns.

The public API is re-exported here; the work happens in the modules behind it. The two
pipeline functions live in the packages that share their names, so that importing one of
those packages never hides the other: ``from campaignkit.schedule import schedule`` and
``from campaignkit.progress import progress``.
"""

from campaignkit.calendar import WorkingCalendar
from campaignkit.errors import (
    CampaignkitError,
    Problem,
    RecordError,
    SchedulingError,
    Severity,
    ValidationError,
)
from campaignkit.io import dump, dumps, load, loads, schema
from campaignkit.io.ical import to_ical
from campaignkit.model import (
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
from campaignkit.progress import (
    Accumulator,
    Cancelled,
    Held,
    Ledger,
    Progress,
    Reading,
    SQLiteStore,
    Status,
    Thresholds,
)
from campaignkit.report import render_briefing, render_report
from campaignkit.schedule import Schedule

__version__ = "0.1.0"

__all__ = [
    "Accumulator",
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
    "render_briefing",
    "render_report",
    "schema",
    "to_ical",
]
