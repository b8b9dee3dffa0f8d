"""JSON output is always valid JSON: finite numbers, escaped surrogates and C1 controls."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit._text import printable
from campaignkit.cli import EXIT_OK, main
from campaignkit.io import dump, progress_to_json
from campaignkit.io._json import json_text
from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
from campaignkit.scheduling import schedule
from campaignkit.tracking import Ledger, Reading, progress

D = dt.date


def strict_loads(text: str) -> object:
    """json.loads that refuses NaN and Infinity, as JSON itself does."""

    def refuse(name: str) -> object:
        msg = f"{name} is not JSON"
        raise ValueError(msg)

    return json.loads(text, parse_constant=refuse)


def smallest_span(target: float = 1e-9) -> Campaign:
    """An indicator whose target is the smallest the model allows above a zero baseline."""
    return Campaign(
        id="c",
        name="C",
        window=Window(start=D(2010, 3, 1), end=D(2010, 3, 31)),
        series=(
            ActivitySeries(
                id="s", name="S", indicators=(Indicator(id="i", name="I", target=target),)
            ),
        ),
    )


LEDGER = Ledger([Reading(id="r", indicator="i", date=D(2010, 3, 2), value=1e15)])


class TestNonFinite:
    """Regression: progress --format json wrote Infinity, which is not JSON."""

    def test_overflowing_target_refused(self) -> None:
        """A target a hair above its baseline, whose ratio overflowed (1e15 / 1e-300 =
        inf), is refused by the model."""
        with pytest.raises(ValidationError, match=r"\$\.target: .*\[invalid-value\]"):
            smallest_span(1e-300)

    def test_extremes_stay_finite(self) -> None:
        """At the model's limits the ratio is large but finite: (1e15 - 0) / (1e-9 - 0) =
        1e24, written as a number and read back by a strict parser."""
        campaign = smallest_span()
        text = progress_to_json(progress(campaign, schedule(campaign), LEDGER, D(2010, 3, 31)))
        data = strict_loads(text)
        assert isinstance(data, dict)
        indicator = data["series"][0]["indicators"][0]
        assert indicator["ratio"] == pytest.approx(1e24)
        assert data["problems"] == []

    def test_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """campaignkit progress --format json writes valid JSON for the same campaign."""
        dump(smallest_span(), tmp_path / "c.yaml")
        records = tmp_path / "r.csv"
        records.write_text("id,kind,date,indicator,value\nr,reading,2010-03-02,i,1e15\n", "utf-8")
        argv = ["progress", str(tmp_path / "c.yaml"), "--records", str(records)]
        status = main([*argv, "--as-of", "2010-03-31", "--format", "json"])
        out = capsys.readouterr().out
        assert status == EXIT_OK
        assert isinstance(strict_loads(out), dict)

    @pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
    def test_json_text_refuses(self, value: float) -> None:
        """json_text never writes a non-finite number."""
        with pytest.raises(ValueError, match="not JSON compliant"):
            json_text({"x": value})


class TestText:
    @given(st.text())
    def test_any_text_round_trips_and_encodes(self, text: str) -> None:
        """Any text, lone surrogates included, gives JSON that encodes in UTF-8, holds no
        raw C1 control, and reads back as the same text."""
        written = json_text({"name": text})
        written.encode("utf-8")  # no lone surrogate left raw
        assert not any("\x7f" <= c <= "\x9f" for c in written)
        assert printable(written) == written  # no control a terminal or an editor obeys
        assert json.loads(written) == {"name": text}

    def test_bidi_controls_and_separators(self) -> None:
        """Regression: a mechanism named ``Meeting \u202eFDP.exe`` went into JSON with the
        override raw (and U+2028 with it), where the docs said JSON escapes them."""
        written = json_text({"name": "Meeting \u202eFDP.exe\u2066\u2028长生"})
        assert written == '{"name": "Meeting \\u202eFDP.exe\\u2066\\u2028长生"}'

    def test_lone_surrogate(self) -> None:
        """Regression: a lone surrogate crashed JSON output; it is written as its escape."""
        assert json_text(["a\udc80"]) == '["a\\udc80"]'
