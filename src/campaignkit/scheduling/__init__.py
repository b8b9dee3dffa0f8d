"""The scheduler: phases in time, occurrences of recurring mechanisms, placed activities.

:func:`schedule` lays a campaign out and returns a :class:`Schedule`; the modules behind it
each do one step (phases in time, recurrence, placement, conflicts).
"""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.scheduling._build import DEFAULT_TIME, schedule
    from campaignkit.scheduling._recurrence import MAX_OCCURRENCES
    from campaignkit.scheduling._schedule import (
        DEFAULT_AGENDA_ROLES,
        NO_RECURRENCE,
        AgendaEntry,
        AgendaRole,
        Conflict,
        DatedPhase,
        Occurrence,
        OccurrenceColumns,
        OccurrenceKey,
        OccurrenceRow,
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
    "NO_RECURRENCE",
    "AgendaEntry",
    "AgendaRole",
    "Conflict",
    "DatedPhase",
    "Occurrence",
    "OccurrenceColumns",
    "OccurrenceKey",
    "OccurrenceRow",
    "Schedule",
    "ScheduledActivity",
    "ScheduledItem",
    "Slot",
    "Timeline",
    "schedule",
]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "DEFAULT_TIME": "._build",
            "schedule": "._build",
            "MAX_OCCURRENCES": "._recurrence",
            "DEFAULT_AGENDA_ROLES": "._schedule",
            "NO_RECURRENCE": "._schedule",
            "AgendaEntry": "._schedule",
            "AgendaRole": "._schedule",
            "Conflict": "._schedule",
            "DatedPhase": "._schedule",
            "Occurrence": "._schedule",
            "OccurrenceColumns": "._schedule",
            "OccurrenceRow": "._schedule",
            "OccurrenceKey": "._schedule",
            "Schedule": "._schedule",
            "ScheduledActivity": "._schedule",
            "ScheduledItem": "._schedule",
            "Slot": "._schedule",
            "Timeline": "._schedule",
        },
    )
