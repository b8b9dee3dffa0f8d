"""The typed model of a campaign: frozen attrs classes, valid once constructed."""

from campaignkit.model.activities import (
    DEFAULT_ACTIVITY_MINUTES,
    Activity,
    ActivitySeries,
    Placement,
    PlacementStrategy,
)
from campaignkit.model.base import Annotated, Element, Weekday, Window
from campaignkit.model.campaign import CalendarSpec, Campaign
from campaignkit.model.indicators import Aggregation, Direction, Indicator, Milestone, Trajectory
from campaignkit.model.mechanisms import Cascade, Mechanism, NonWorkingDayPolicy, Scoped
from campaignkit.model.parties import LeadershipGroup, Person, Post, Unit, WorkingBody
from campaignkit.model.phases import GateCondition, Phase
from campaignkit.model.responsibility import Assignment, Role
from campaignkit.model.rules import parse_rule

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
