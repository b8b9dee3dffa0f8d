"""Reading and writing campaign files (YAML, JSON, TOML), and the JSON Schema of their format.

>>> from campaignkit.io import dumps, loads
"""

from campaignkit.io.convert import converter, structure_campaign, unstructure_campaign
from campaignkit.io.files import (
    EXTENSIONS,
    MAX_FILE_BYTES,
    MAX_YAML_NODES,
    Format,
    dump,
    dumps,
    format_of,
    load,
    load_stream,
    loads,
    parse,
    read_text,
)
from campaignkit.io.schema import schema

__all__ = [
    "EXTENSIONS",
    "MAX_FILE_BYTES",
    "MAX_YAML_NODES",
    "Format",
    "converter",
    "dump",
    "dumps",
    "format_of",
    "load",
    "load_stream",
    "loads",
    "parse",
    "read_text",
    "schema",
    "structure_campaign",
    "unstructure_campaign",
]
