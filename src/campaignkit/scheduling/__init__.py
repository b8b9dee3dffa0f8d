"""The scheduler: phases in time, occurrences of recurring mechanisms, placed activities.

:func:`schedule` lays a campaign out and returns a :class:`Schedule`; the modules behind it
each do one step (phases in time, recurrence, placement, conflicts).
"""

from campaignkit.scheduling._build import DEFAULT_TIME, schedule
from campaignkit.scheduling._recurrence import MAX_OCCURRENCES
from campaignkit.scheduling._schedule import (
    DEFAULT_AGENDA_ROLES,
    AgendaEntry,
    AgendaRole,
    Conflict,
    DatedPhase,
    Occurrence,
    OccurrenceKey,
    Schedule,
    ScheduledActivity,
    ScheduledItem,
    Slot,
    Timeline,
)

__all__ = [
    "DEFAULT_AGENDA_ROLES",
    "DEFAULT_TIME",
    "MAX_OCCURRENCES",
    "AgendaEntry",
    "AgendaRole",
    "Conflict",
    "DatedPhase",
    "Occurrence",
    "OccurrenceKey",
    "Schedule",
    "ScheduledActivity",
    "ScheduledItem",
    "Slot",
    "Timeline",
    "schedule",
]
