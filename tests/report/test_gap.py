"""The ranking's gap column: completion less planned, in percentage points."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from campaignkit.report import Labels
from campaignkit.report._measured import _gap


def gap(completion: float | None, planned: float | None, lang: str = "en") -> tuple[str, str]:
    ctx: Any = SimpleNamespace(labels=Labels.of(lang))
    unit: Any = SimpleNamespace(completion=completion, planned=planned)
    cell = _gap(ctx, unit)
    return cell.text, cell.css


class TestGap:
    @pytest.mark.parametrize(
        ("completion", "planned", "text"),
        [
            (0.25, 0.75, "-50 pts"),  # (0.25 - 0.75) x 100
            (0.8, 0.5, "+30 pts"),
            (0.5, 0.5, "0 pts"),
            (0.1, 0.3, "-20 pts"),  # -19.999999999999996 as floats: two decimals at most
            (0.12345, 0.1, "+2.34 pts"),  # 2.3449999999999998 as floats
        ],
    )
    def test_points(self, completion: float, planned: float, text: str) -> None:
        assert gap(completion, planned)[0] == text

    def test_behind_is_never_plus_zero(self) -> None:
        """Regression: 0.345 % done against 0.383 % planned (at risk) read "+0 pts", with
        no mark of being behind; it is -0.04 pts (-0.038), marked low, and 1e-9 points
        are written in full."""
        assert gap(0.00345, 0.00383) == ("-0.04 pts", "num low")
        assert gap(0.00383, 0.00345) == ("+0.04 pts", "num")
        assert gap(0.5, 0.5 + 1e-11) == ("-0.000000001 pts", "num low")

    def test_the_floats_noise_is_no_gap(self) -> None:
        """Regression: 0.3 done against 0.1 + 0.2 planned (both shown 30 %, on plan) read
        -0.00000000000001 pts and was marked low; below a billionth of a point a difference
        is the floats' noise."""
        assert gap(0.3, 0.1 + 0.2) == ("0 pts", "num")

    def test_in_the_languages_figures(self) -> None:
        """Regression: German rows wrote the gap with a decimal point (-71.4) beside figures
        with a comma."""
        text, _ = gap(0.0, 0.714, "de")
        assert text.startswith("-71,4")

    def test_nothing_to_compare(self) -> None:
        assert gap(None, 0.5) == ("—", "num")
