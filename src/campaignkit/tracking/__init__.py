"""The progress calculator: records, ledgers, stores, and progress as of a day.

:func:`progress` computes a :class:`Progress` tree from a campaign, its schedule and a
:class:`Ledger` of records; :func:`progress_series` does it for many days in one sweep;
:class:`Accumulator` folds records in parts that merge exactly; :func:`match_records` says
which scheduled item each record refers to. Fast readers (a columnar engine, SQL) feed an
accumulator through the :class:`ReadingIntake` seam, under the rules of a plain reading in
``PLAIN``.
"""

from campaignkit.model._base import MAX_VALUE
from campaignkit.tracking._calculate import Accumulator, progress, progress_series
from campaignkit.tracking._intake import (
    PLAIN,
    PlainReading,
    ReadingIntake,
    ReadingSink,
    ReadingTotals,
    bucket_of,
)
from campaignkit.tracking._plan import WorkingDays, planned_fraction
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
from campaignkit.tracking._resolve import RecordMatch, match_records
from campaignkit.tracking._rollup import Weights, weighted_mean
from campaignkit.tracking._tree import (
    Attendance,
    AttendanceRate,
    GateProgress,
    GateState,
    IndicatorProgress,
    MechanismProgress,
    PhaseProgress,
    PhaseState,
    Progress,
    RecordCounts,
    SeriesProgress,
    Status,
    Tally,
    Thresholds,
    UnitIndicatorProgress,
    UnitProgress,
)

__all__ = [
    "MAX_VALUE",
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
    "PhaseProgress",
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
    "kind_of",
    "match_records",
    "planned_fraction",
    "progress",
    "progress_series",
    "weighted_mean",
]
