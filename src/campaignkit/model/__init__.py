"""The typed model of a campaign: frozen attrs classes, valid once constructed."""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.model._activities import (
        DEFAULT_ACTIVITY_MINUTES,
        Activity,
        ActivitySeries,
        Placement,
        PlacementStrategy,
    )
    from campaignkit.model._base import Annotated, Element, Weekday, Window
    from campaignkit.model._calendar import CalendarSpec
    from campaignkit.model._campaign import Campaign
    from campaignkit.model._indicators import (
        AcrossUnits,
        Aggregation,
        Direction,
        Indicator,
        Milestone,
        Trajectory,
    )
    from campaignkit.model._mechanisms import Cascade, Mechanism, NonWorkingDayPolicy, Scoped
    from campaignkit.model._parties import LeadershipGroup, Person, Post, Unit, WorkingBody
    from campaignkit.model._phases import GateCondition, Phase
    from campaignkit.model._responsibility import Assignment, Role
    from campaignkit.model._rules import parse_rule

__all__ = [
    "DEFAULT_ACTIVITY_MINUTES",
    "AcrossUnits",
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

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "DEFAULT_ACTIVITY_MINUTES": "._activities",
            "Activity": "._activities",
            "ActivitySeries": "._activities",
            "Placement": "._activities",
            "PlacementStrategy": "._activities",
            "Annotated": "._base",
            "Element": "._base",
            "Weekday": "._base",
            "Window": "._base",
            "CalendarSpec": "._calendar",
            "Campaign": "._campaign",
            "AcrossUnits": "._indicators",
            "Aggregation": "._indicators",
            "Direction": "._indicators",
            "Indicator": "._indicators",
            "Milestone": "._indicators",
            "Trajectory": "._indicators",
            "Cascade": "._mechanisms",
            "Mechanism": "._mechanisms",
            "NonWorkingDayPolicy": "._mechanisms",
            "Scoped": "._mechanisms",
            "LeadershipGroup": "._parties",
            "Person": "._parties",
            "Post": "._parties",
            "Unit": "._parties",
            "WorkingBody": "._parties",
            "GateCondition": "._phases",
            "Phase": "._phases",
            "Assignment": "._responsibility",
            "Role": "._responsibility",
            "parse_rule": "._rules",
        },
    )
