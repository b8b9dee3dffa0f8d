"""The scheduler: phases in time, occurrences of recurring mechanisms, placed activities.

:func:`schedule` lays a campaign out and returns a :class:`Schedule`; the modules behind it
each do one step (:mod:`.phases`, :mod:`.recurrence`, :mod:`.placement`, :mod:`.conflicts`).
"""

from campaignkit.schedule.build import DEFAULT_TIME, schedule
from campaignkit.schedule.recurrence import MAX_OCCURRENCES
from campaignkit.schedule.schedule import (
    DEFAULT_AGENDA_ROLES,
    AgendaEntry,
    AgendaRole,
    Conflict,
    DatedPhase,
    Item,
    Occurrence,
    OccurrenceColumns,
    OccurrenceKey,
    OccurrenceRow,
    Schedule,
    ScheduledActivity,
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
    "Item",
    "Occurrence",
    "OccurrenceColumns",
    "OccurrenceKey",
    "OccurrenceRow",
    "Schedule",
    "ScheduledActivity",
    "Slot",
    "Timeline",
    "schedule",
]
