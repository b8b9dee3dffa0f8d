"""Reading and writing: campaign files, ledgers, record stores, exports and iCalendar.

- Campaign files (YAML, JSON, TOML) and their JSON Schema: :func:`load`, :func:`dump`,
  :func:`schema`; weights files for the roll-up: :func:`load_weights`.
- Ledgers of records (CSV, JSON Lines), streaming: :func:`read_ledger`, :class:`RecordReader`,
  :func:`write_records`.
- Records kept week after week: :class:`SQLiteStore`, :class:`DuckDBStore`,
  :class:`PostgresStore`, behind the :class:`RecordStore` protocol.
- A schedule or a progress tree as plain data, JSON or CSV; a schedule as iCalendar
  (:func:`to_ical`).

>>> from campaignkit.io import dumps, loads
"""

import typing

from campaignkit import _lazy

if typing.TYPE_CHECKING:
    from campaignkit.io._atomic import write_atomic
    from campaignkit.io._cells import BOM, restore_cell
    from campaignkit.io._convert import converter, structure_campaign, unstructure_campaign
    from campaignkit.io._fields import FIELDS, record_from_fields, record_to_fields
    from campaignkit.io._files import (
        EXTENSIONS,
        MAX_FILE_BYTES,
        MAX_YAML_NODES,
        FileFormat,
        dump,
        dumps,
        format_of,
        load,
        load_stream,
        loads,
        parse,
        read_text,
    )
    from campaignkit.io._ical import DIGEST, PRODID, EventVersion, read_versions, to_ical
    from campaignkit.io._lines import MAX_LINE
    from campaignkit.io._numbers import JSON_SIGNIFICANT_DIGITS, tidy_float, tidy_floats
    from campaignkit.io._progress_export import (
        PROGRESS_COLUMNS,
        progress_converter,
        progress_rows,
        progress_to_csv,
        progress_to_dict,
        progress_to_json,
        write_progress_csv,
        write_progress_json,
    )
    from campaignkit.io._records import (
        MAX_FIELD,
        MAX_SPAN,
        Backend,
        RecordFormat,
        RecordReader,
        format_of_records,
        read_ledger,
        write_records,
    )
    from campaignkit.io._schedule_export import (
        SCHEDULE_COLUMNS,
        SCHEDULE_FORMAT_VERSION,
        item_record,
        item_records,
        schedule_from_dict,
        schedule_rows,
        schedule_to_dict,
        write_schedule_csv,
    )
    from campaignkit.io._schema import schema
    from campaignkit.io._store import RecordStore, SQLiteStore, SQLStore
    from campaignkit.io._store_duckdb import DuckDBStore
    from campaignkit.io._store_postgres import PostgresStore
    from campaignkit.io._table import format_table
    from campaignkit.io._weights import load_weights

__all__ = [
    "BOM",
    "DIGEST",
    "EXTENSIONS",
    "FIELDS",
    "JSON_SIGNIFICANT_DIGITS",
    "MAX_FIELD",
    "MAX_FILE_BYTES",
    "MAX_LINE",
    "MAX_SPAN",
    "MAX_YAML_NODES",
    "PRODID",
    "PROGRESS_COLUMNS",
    "SCHEDULE_COLUMNS",
    "SCHEDULE_FORMAT_VERSION",
    "Backend",
    "DuckDBStore",
    "EventVersion",
    "FileFormat",
    "PostgresStore",
    "RecordFormat",
    "RecordReader",
    "RecordStore",
    "SQLStore",
    "SQLiteStore",
    "converter",
    "dump",
    "dumps",
    "format_of",
    "format_of_records",
    "format_table",
    "item_record",
    "item_records",
    "load",
    "load_stream",
    "load_weights",
    "loads",
    "parse",
    "progress_converter",
    "progress_rows",
    "progress_to_csv",
    "progress_to_dict",
    "progress_to_json",
    "read_ledger",
    "read_text",
    "read_versions",
    "record_from_fields",
    "record_to_fields",
    "restore_cell",
    "schedule_from_dict",
    "schedule_rows",
    "schedule_to_dict",
    "schema",
    "structure_campaign",
    "tidy_float",
    "tidy_floats",
    "to_ical",
    "unstructure_campaign",
    "write_atomic",
    "write_progress_csv",
    "write_progress_json",
    "write_records",
    "write_schedule_csv",
]

if not typing.TYPE_CHECKING:
    __getattr__, __dir__ = _lazy.exports(
        __name__,
        globals(),
        {
            "write_atomic": "._atomic",
            "BOM": "._cells",
            "restore_cell": "._cells",
            "converter": "._convert",
            "structure_campaign": "._convert",
            "unstructure_campaign": "._convert",
            "FIELDS": "._fields",
            "record_from_fields": "._fields",
            "record_to_fields": "._fields",
            "EXTENSIONS": "._files",
            "MAX_FILE_BYTES": "._files",
            "MAX_YAML_NODES": "._files",
            "FileFormat": "._files",
            "dump": "._files",
            "dumps": "._files",
            "format_of": "._files",
            "load": "._files",
            "load_stream": "._files",
            "loads": "._files",
            "parse": "._files",
            "read_text": "._files",
            "DIGEST": "._ical",
            "PRODID": "._ical",
            "EventVersion": "._ical",
            "read_versions": "._ical",
            "to_ical": "._ical",
            "MAX_LINE": "._lines",
            "JSON_SIGNIFICANT_DIGITS": "._numbers",
            "tidy_float": "._numbers",
            "tidy_floats": "._numbers",
            "PROGRESS_COLUMNS": "._progress_export",
            "progress_converter": "._progress_export",
            "progress_rows": "._progress_export",
            "progress_to_csv": "._progress_export",
            "progress_to_dict": "._progress_export",
            "progress_to_json": "._progress_export",
            "write_progress_csv": "._progress_export",
            "write_progress_json": "._progress_export",
            "MAX_FIELD": "._records",
            "MAX_SPAN": "._records",
            "Backend": "._records",
            "RecordFormat": "._records",
            "RecordReader": "._records",
            "format_of_records": "._records",
            "read_ledger": "._records",
            "write_records": "._records",
            "SCHEDULE_COLUMNS": "._schedule_export",
            "SCHEDULE_FORMAT_VERSION": "._schedule_export",
            "item_record": "._schedule_export",
            "item_records": "._schedule_export",
            "schedule_from_dict": "._schedule_export",
            "schedule_rows": "._schedule_export",
            "schedule_to_dict": "._schedule_export",
            "write_schedule_csv": "._schedule_export",
            "schema": "._schema",
            "RecordStore": "._store",
            "SQLiteStore": "._store",
            "SQLStore": "._store",
            "DuckDBStore": "._store_duckdb",
            "PostgresStore": "._store_postgres",
            "format_table": "._table",
            "load_weights": "._weights",
        },
    )
