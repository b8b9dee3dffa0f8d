"""The progress calculator: records, ledgers, stores, and progress as of a day.

:func:`progress` computes a :class:`Progress` tree from a campaign, its schedule and a
:class:`Ledger` of records; :func:`progress_series` does it for many days in one sweep;
:class:`Accumulator` folds records in parts that merge exactly; :class:`SQLiteStore`,
:class:`DuckDBStore` and :class:`PostgresStore` keep records week after week; :func:`match_records` says which scheduled item each record refers
to.
"""

from campaignkit.model.base import MAX_VALUE
from campaignkit.progress._store_duckdb import DuckDBStore
from campaignkit.progress._store_postgres import PostgresStore
from campaignkit.progress.calculate import Accumulator, progress, progress_series
from campaignkit.progress.plan import WorkingDays, planned_fraction
from campaignkit.progress.records import (
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
from campaignkit.progress.resolve import RecordMatch, match_records
from campaignkit.progress.rollup import Weights, weighted_mean
from campaignkit.progress.store import RecordStore, SQLiteStore
from campaignkit.progress.tree import (
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
    "Accumulator",
    "Attendance",
    "AttendanceRate",
    "Cancelled",
    "DuckDBStore",
    "GateProgress",
    "GateState",
    "Held",
    "IndicatorProgress",
    "Ledger",
    "MechanismProgress",
    "Mode",
    "PhaseProgress",
    "PhaseState",
    "PostgresStore",
    "Progress",
    "Reading",
    "Record",
    "RecordCounts",
    "RecordMatch",
    "RecordStore",
    "SQLiteStore",
    "SeriesProgress",
    "Status",
    "Tally",
    "Thresholds",
    "UnitIndicatorProgress",
    "UnitProgress",
    "Weights",
    "WorkingDays",
    "canonical",
    "derive_id",
    "kind_of",
    "match_records",
    "planned_fraction",
    "progress",
    "progress_series",
    "weighted_mean",
]
