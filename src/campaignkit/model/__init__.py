"""The typed model of a campaign: frozen attrs classes, valid once constructed."""

from campaignkit.model._activities import (
    DEFAULT_ACTIVITY_MINUTES,
    Activity,
    ActivitySeries,
    Placement,
    PlacementStrategy,
)
from campaignkit.model._base import Annotated, Element, Weekday, Window
from campaignkit.model._campaign import CalendarSpec, Campaign
from campaignkit.model._indicators import Aggregation, Direction, Indicator, Milestone, Trajectory
from campaignkit.model._mechanisms import Cascade, Mechanism, NonWorkingDayPolicy, Scoped
from campaignkit.model._parties import LeadershipGroup, Person, Post, Unit, WorkingBody
from campaignkit.model._phases import GateCondition, Phase
from campaignkit.model._responsibility import Assignment, Role
from campaignkit.model._rules import parse_rule

__all__ = [
    "DEFAULT_ACTIVITY_MINUTES",
    "Activity",
    "ActivitySeries",
    "Aggregation",
    "Annotated",
    "Assignment",
    "CalendarSpec",
    "Campaign",
    "Cascade",
    "Direction",
    "Element",
    "GateCondition",
    "Indicator",
    "LeadershipGroup",
    "Mechanism",
    "Milestone",
    "NonWorkingDayPolicy",
    "Person",
    "Phase",
    "Placement",
    "PlacementStrategy",
    "Post",
    "Role",
    "Scoped",
    "Trajectory",
    "Unit",
    "Weekday",
    "Window",
    "WorkingBody",
    "parse_rule",
]
