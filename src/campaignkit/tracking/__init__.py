"""The progress calculator: records, ledgers, stores, and progress as of a day.

:func:`progress` computes a :class:`Progress` tree from a campaign, its schedule and a
:class:`Ledger` of records; :func:`progress_series` does it for many days in one sweep;
:class:`Accumulator` folds records in parts that merge exactly; :func:`match_records` says
which scheduled item each record refers to. Fast readers (a columnar engine, SQL) feed an
accumulator through the :class:`ReadingIntake` seam, under the rules of a plain reading in
``PLAIN``.
"""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.model._base import MAX_VALUE
    from campaignkit.tracking._accumulator import (
        PICKLE_FORMAT,
        Accumulator,
        Seen,
        distinct_records,
    )
    from campaignkit.tracking._intake import (
        PLAIN,
        PlainReading,
        ReadingIntake,
        ReadingSink,
        ReadingTotals,
        bucket_of,
    )
    from campaignkit.tracking._plan import WorkingDays, planned_fraction
    from campaignkit.tracking._progress import progress, progress_series
    from campaignkit.tracking._recorded import Recorded
    from campaignkit.tracking._records import (
        Cancelled,
        Held,
        Ledger,
        Mode,
        Reading,
        Record,
        canonical,
        derive_id,
        kind_of,
    )
    from campaignkit.tracking._resolve import Origin, RecordMatch, match_records
    from campaignkit.tracking._rollup import weighted_mean
    from campaignkit.tracking._status import Status, Thresholds
    from campaignkit.tracking._tree import (
        Attendance,
        AttendanceRate,
        GateProgress,
        GateState,
        IndicatorProgress,
        MechanismProgress,
        PhaseProgress,
        PhaseShare,
        PhaseState,
        Progress,
        RecordCounts,
        SeriesProgress,
        Tally,
        UnitIndicatorProgress,
        UnitProgress,
    )
    from campaignkit.tracking._weights import Weights

__all__ = [
    "MAX_VALUE",
    "PICKLE_FORMAT",
    "PLAIN",
    "Accumulator",
    "Attendance",
    "AttendanceRate",
    "Cancelled",
    "GateProgress",
    "GateState",
    "Held",
    "IndicatorProgress",
    "Ledger",
    "MechanismProgress",
    "Mode",
    "Origin",
    "PhaseProgress",
    "PhaseShare",
    "PhaseState",
    "PlainReading",
    "Progress",
    "Reading",
    "ReadingIntake",
    "ReadingSink",
    "ReadingTotals",
    "Record",
    "RecordCounts",
    "RecordMatch",
    "Recorded",
    "Seen",
    "SeriesProgress",
    "Status",
    "Tally",
    "Thresholds",
    "UnitIndicatorProgress",
    "UnitProgress",
    "Weights",
    "WorkingDays",
    "bucket_of",
    "canonical",
    "derive_id",
    "distinct_records",
    "kind_of",
    "match_records",
    "planned_fraction",
    "progress",
    "progress_series",
    "weighted_mean",
]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "MAX_VALUE": "campaignkit.model._base",
            "Accumulator": "._accumulator",
            "PICKLE_FORMAT": "._accumulator",
            "Seen": "._accumulator",
            "distinct_records": "._accumulator",
            "Recorded": "._recorded",
            "PLAIN": "._intake",
            "PlainReading": "._intake",
            "ReadingIntake": "._intake",
            "ReadingSink": "._intake",
            "ReadingTotals": "._intake",
            "bucket_of": "._intake",
            "WorkingDays": "._plan",
            "planned_fraction": "._plan",
            "progress": "._progress",
            "progress_series": "._progress",
            "Cancelled": "._records",
            "Held": "._records",
            "Ledger": "._records",
            "Mode": "._records",
            "Reading": "._records",
            "Record": "._records",
            "canonical": "._records",
            "derive_id": "._records",
            "kind_of": "._records",
            "Origin": "._resolve",
            "RecordMatch": "._resolve",
            "match_records": "._resolve",
            "weighted_mean": "._rollup",
            "Status": "._status",
            "Thresholds": "._status",
            "Attendance": "._tree",
            "AttendanceRate": "._tree",
            "GateProgress": "._tree",
            "GateState": "._tree",
            "IndicatorProgress": "._tree",
            "MechanismProgress": "._tree",
            "PhaseProgress": "._tree",
            "PhaseShare": "._tree",
            "PhaseState": "._tree",
            "Progress": "._tree",
            "RecordCounts": "._tree",
            "SeriesProgress": "._tree",
            "Tally": "._tree",
            "UnitIndicatorProgress": "._tree",
            "UnitProgress": "._tree",
            "Weights": "._weights",
        },
    )
