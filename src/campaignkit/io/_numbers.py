"""Figures in JSON output without binary noise: :func:`tidy_floats`.

Progress figures are ratios of floats, so an exact 0.8 may come out of the arithmetic as
``0.7999999999999999``. The JSON that campaignkit writes (``progress_to_json``, every
``--format json`` of the command line) rounds each float to :data:`JSON_SIGNIFICANT_DIGITS`
significant digits: far more than any campaign's figures carry, and few enough to drop the
last bits of binary rounding. A float that is a whole number, or that already has that many
digits or fewer, is written exactly as it is. The dicts of the API (``progress_to_dict``) keep
the exact floats.
"""

from __future__ import annotations

import math
from typing import Any

JSON_SIGNIFICANT_DIGITS = 12
"""Significant digits of a float in campaignkit's JSON output."""


def tidy_float(value: float) -> float:
    """*value* rounded to :data:`JSON_SIGNIFICANT_DIGITS` significant digits.

    Whole numbers and non-finite values are returned as they are.

    >>> tidy_float(0.7999999999999999), tidy_float(1 / 3), tidy_float(0.8)
    (0.8, 0.333333333333, 0.8)
    >>> tidy_float(18_100_000.0), tidy_float(12_345_678_901_234.0)
    (18100000.0, 12345678901234.0)
    """
    if not math.isfinite(value) or value.is_integer():
        return value
    return float(f"{value:.{JSON_SIGNIFICANT_DIGITS}g}")


def tidy_floats(data: Any) -> Any:
    """*data* (dicts, lists, tuples and scalars) with every float passed through
    :func:`tidy_float`; tuples become lists, everything else is returned as it is.

    >>> tidy_floats({"spi": 0.7999999999999999, "held": [3, 1.0000000000000002], "ok": True})
    {'spi': 0.8, 'held': [3, 1.0], 'ok': True}
    """
    if isinstance(data, float):
        return tidy_float(data)
    if isinstance(data, dict):
        return {key: tidy_floats(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [tidy_floats(value) for value in data]
    return data
