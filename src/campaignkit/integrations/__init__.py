"""campaignkit with other engines: ledgers folded on a Dask cluster, totals in Spark SQL.

:func:`fold_ledger_files` folds CSV or JSON Lines ledgers on a Dask cluster, each file in
blocks read by the workers, into one :class:`~campaignkit.tracking.Accumulator`;
:func:`merge_parts` merges accumulators built by tasks of your own. Both give what one
process reading the same ledgers gives, problems located by file, line and column included.
:func:`fold_ledger_frame` folds a ledger that is already a Dask dataframe (a Parquet dataset
read with :func:`dask.dataframe.read_parquet`, say) the same way, partition by partition,
each row read by the rules of a CSV row and a bad one located by partition and row.
Dask is imported only when they are called (the ``dask`` extra:
``python -m pip install 'campaignkit[dask]'``), so ``import campaignkit`` never imports it.

:func:`spark_totals_sql` is the query that totals plain readings in Spark SQL (or DuckDB),
generated from the same rules as every other reader (:mod:`campaignkit.tracking`).
"""

from campaignkit.integrations._dask import BLOCKSIZE, fold_ledger_files, merge_parts
from campaignkit.integrations._dask_frame import fold_ledger_frame
from campaignkit.integrations._spark import (
    TOTALS_COLUMNS,
    spark_rest_sql,
    spark_totals_sql,
    totals_of_rows,
)

__all__ = [
    "BLOCKSIZE",
    "TOTALS_COLUMNS",
    "fold_ledger_files",
    "fold_ledger_frame",
    "merge_parts",
    "spark_rest_sql",
    "spark_totals_sql",
    "totals_of_rows",
]
