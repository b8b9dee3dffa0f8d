"""Regression: a status and the SPI printed beside it disagreed.

An SPI of 0.9496 is ``at_risk`` (``on`` begins at 0.95) but was printed ``0.95``, which reads
as on track. The SPI is now printed with as many decimals as keep it in its status band
(:meth:`Thresholds.decimals`); JSON floats lose their binary noise.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit.cli import main
from campaignkit.io import progress_to_json, tidy_float
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.report import render_report
from campaignkit.scheduling import schedule
from campaignkit.tracking import Ledger, Reading, Thresholds, progress

CAMPAIGN = """\
id: drive
name: Drive
window: {start: 2026-03-02, end: 2026-03-27}
series:
  - id: doses
    name: Doses
    indicators:
      - {id: given, name: Doses given, target: 10000, due: 2026-03-06}
"""


def doses(given: float) -> tuple[Campaign, Ledger]:
    """10,000 doses due 03-06; *given* read on 03-05. As of 03-27 the plan is 100 %, so the
    SPI is given / 10,000."""
    campaign = Campaign(
        id="drive",
        name="Drive",
        window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 27)),
        series=(
            ActivitySeries(
                id="doses",
                name="Doses",
                indicators=(
                    Indicator(
                        id="given", name="Doses given", target=10000, due=dt.date(2026, 3, 6)
                    ),
                ),
            ),
        ),
    )
    ledger = Ledger([Reading(indicator="given", date=dt.date(2026, 3, 5), value=given)])
    return campaign, ledger


bands = st.tuples(*[st.floats(0, 3, allow_nan=False)] * 3).map(sorted)


class TestDecimals:
    def test_two_decimals_when_they_do_not_cross(self) -> None:
        """0.9436 rounds to 0.94, still at risk: two decimals."""
        assert Thresholds().decimals(0.9436) == 2

    def test_more_where_rounding_crosses_a_band(self) -> None:
        """0.9496 (at risk) would round to 0.95 (on): four decimals, ``0.9496``; 1.0496 (on)
        would round to 1.05 (ahead): four; 0.79996 (behind) would round to 0.80: five."""
        t = Thresholds()
        assert (t.decimals(0.9496), t.decimals(1.0496), t.decimals(0.79996)) == (4, 4, 5)

    def test_follows_custom_bands(self) -> None:
        """With ``on`` at 0.9, 0.8996 needs four decimals and 0.9496 two."""
        t = Thresholds(at_risk=0.7, on=0.9, ahead=1.1)
        assert (t.decimals(0.8996), t.decimals(0.9496)) == (4, 2)

    @given(spi=st.floats(0, 50, allow_nan=False), cuts=bands)
    def test_printed_figure_has_the_status_of_the_exact_one(
        self, spi: float, cuts: list[float]
    ) -> None:
        """Read back from its printed form, an SPI falls in the band of its exact value."""
        t = Thresholds(at_risk=cuts[0], on=cuts[1], ahead=cuts[2])
        printed = float(f"{spi:.{t.decimals(spi)}f}")
        assert t.status(printed, 1.0) is t.status(spi, 1.0)
        assert t.decimals(spi) >= 2


class TestPrinted:
    def test_progress_table(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The command's header and rows say ``SPI 0.9496, at risk``."""
        (tmp_path / "c.yaml").write_text(CAMPAIGN, encoding="utf-8")
        records = "kind,id,date,subject,value\nreading,r1,2026-03-05,given,9496\n"
        (tmp_path / "r.csv").write_text(records, encoding="utf-8")
        argv = ["progress", str(tmp_path / "c.yaml"), "--records", str(tmp_path / "r.csv")]
        assert main([*argv, "--as-of", "2026-03-27"]) == 0
        out = capsys.readouterr().out
        assert "SPI 0.9496, at risk" in out
        assert "0.95 " not in out
        indicator = next(line for line in out.splitlines() if "given" in line)
        assert indicator.split()[5:9] == ["100%", "0.9496", "at", "risk"]

    def test_report(self) -> None:
        """The report's overview prints 0.9496 beside its at-risk status."""
        campaign, ledger = doses(9496)
        plan = schedule(campaign)
        result = progress(campaign, plan, ledger, dt.date(2026, 3, 27))
        assert result.status == "at_risk"
        text = render_report(campaign, plan, result, lang="en")
        assert "**Schedule performance index (SPI)**: 0.9496" in text
        assert "| 0.95 |" not in text

    def test_two_decimals_otherwise(self) -> None:
        """9,436 of 10,000: SPI 0.94, at risk, as before."""
        campaign, ledger = doses(9436)
        plan = schedule(campaign)
        result = progress(campaign, plan, ledger, dt.date(2026, 3, 27))
        text = render_report(campaign, plan, result, lang="en")
        assert "**Schedule performance index (SPI)**: 0.94\n" in text


class TestJsonFloats:
    def test_noise_is_dropped(self) -> None:
        """0.7999999999999999 is written 0.8; a third keeps twelve significant digits."""
        assert (tidy_float(0.7999999999999999), tidy_float(2 / 3)) == (0.8, 0.666666666667)

    def test_progress_json(self) -> None:
        """Readings of 0.1 and 0.2 sum to 0.30000000000000004 in the tree, 0.3 in the JSON;
        the completion, 0.30000000000000004 / 10,000, as 3e-05."""
        campaign, _ = doses(0)
        ledger = Ledger([
            Reading(indicator="given", date=dt.date(2026, 3, 4), value=0.1),
            Reading(indicator="given", date=dt.date(2026, 3, 5), value=0.2),
        ])  # fmt: skip
        result = progress(campaign, schedule(campaign), ledger, dt.date(2026, 3, 27))
        assert result.indicator("given").actual == 0.1 + 0.2 != 0.3
        text = progress_to_json(result)
        given = json.loads(text)["series"][0]["indicators"][0]
        assert (given["actual"], given["completion"]) == (0.3, 3e-05)
        assert "0.30000000000000004" not in text

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_close_and_exact_when_short(self, value: float) -> None:
        """Within 12 significant digits of the value; a value written with 12 or fewer
        significant digits, or a whole number, is unchanged."""
        tidy = tidy_float(value)
        assert tidy == pytest.approx(value, rel=1e-11, abs=0.0)
        short = float(f"{value:.12g}")
        assert tidy_float(short) == short
        if value.is_integer():
            assert tidy == value
