"""Units in ``campaignkit progress``: the ranking in the table, names in the CSV."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest

from campaignkit.cli import EXIT_OK, main

UNITS = [f"v{n:02d}" for n in range(1, 13)]
MONDAYS = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]
# held meetings of the 4 due: v01 4, v02 3, v03 2, v04 1, then 0 and 1 in turn
HELD = {u: 4 - i if i < 4 else i % 2 for i, u in enumerate(UNITS)}


def campaign_file(tmp_path: Path, units: list[str]) -> str:
    """A Monday patrol cascaded to *units*, named ``Village NN``."""
    lines = ["id: drive", "name: Drive", "window: {start: 2026-03-02, end: 2026-03-27}", "units:"]
    lines += [f"  - {{id: {u}, name: Village {u[1:]}}}" for u in units]
    lines += [
        "mechanisms:",
        "  - {id: patrol, name: Patrol, rule: 'FREQ=WEEKLY;BYDAY=MO',",
        f"     cascade: {{units: [{', '.join(units)}]}}}}",
    ]
    path = tmp_path / "c.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def records_file(tmp_path: Path, units: list[str]) -> str:
    """The meetings of :data:`HELD`, each on its Monday."""
    rows = ["kind,id,date,subject"]
    rows += [f"held,{u}-{d},{d},patrol/{u}@{d}" for u in units for d in MONDAYS[: HELD[u]]]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def progress(tmp_path: Path, units: list[str], *extra: str) -> list[str]:
    """The command's argument list, as of 2026-03-27 (all four meetings due)."""
    c, r = campaign_file(tmp_path, units), records_file(tmp_path, units)
    return ["progress", c, "--records", r, "--as-of", "2026-03-27", *extra]


def ranking(out: str) -> list[list[str]]:
    """The rows of the ranking table, split on blanks."""
    part = out.split("\nunits: ", 1)[1].splitlines()
    return [line.split() for line in part[3:] if line.strip()]


class TestRankingTable:
    def test_best_and_worst_five(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Of 12 units: ranks 1..4 (v04, v06 tie at 25 %), then 2 left out (ranked 4 as
        well), then the worst five (v12 at 25 %; v05, v07, v09, v11 at 0 %, sharing rank 9)."""
        assert main(progress(tmp_path, UNITS)) == EXIT_OK
        out = capsys.readouterr().out
        assert "units: 12, the best 5 and the worst 5" in out
        rows = ranking(out)
        assert [r[:2] for r in rows] == [
            ["1", "v01"],
            ["2", "v02"],
            ["3", "v03"],
            ["4", "v04"],
            ["4", "v06"],
            ["…", "2"],
            ["4", "v12"],
            ["9", "v05"],
            ["9", "v07"],
            ["9", "v09"],
            ["9", "v11"],
        ]
        # the two left out, v08 and v10, are at 25 % too: the row says they share rank 4
        assert rows[5] == ["…", "2", "more,", "ranked", "4"]
        # v02: 3 of 4 held, all 4 planned: 75 %, SPI 0.75, behind (below 0.8)
        assert rows[1] == [
            "2", "v02", "Village", "02", "75%", "100%", "0.75", "behind", "3", "/", "4"
        ]  # fmt: skip

    def test_cancelled_meetings_are_told_apart(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Regression: a unit whose meetings were all called off read as one that forgot
        them (0 / 4, and nothing more). v01 held none and called off 3: the ranking and the
        mechanism's row say so; v02 held 3."""
        c = campaign_file(tmp_path, ["v01", "v02"])
        rows = ["kind,id,date,subject"]
        rows += [f"cancelled,c{i},{d},patrol/v01@{d}" for i, d in enumerate(MONDAYS[:3])]
        rows += [f"held,h{i},{d},patrol/v02@{d}" for i, d in enumerate(MONDAYS[:3])]
        (tmp_path / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        argv = ["progress", c, "--records", str(tmp_path / "r.csv"), "--as-of", "2026-03-27"]
        assert main(argv) == EXIT_OK
        out = capsys.readouterr().out
        (mechanism,) = [line for line in out.splitlines() if line.startswith("mechanism")]
        assert mechanism.endswith("3 / 8 held (3 cancelled)")
        ranked = {r[1]: " ".join(r[8:]) for r in ranking(out)}
        assert ranked == {"v01": "0 / 4 (3 cancelled)", "v02": "3 / 4"}

    def test_all_when_few(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Ten units or fewer are all shown."""
        assert main(progress(tmp_path, UNITS[:10])) == EXIT_OK
        out = capsys.readouterr().out
        assert "units: 10, best first" in out
        assert [r[1] for r in ranking(out)] == [
            "v01", "v02", "v03", "v04", "v06", "v08", "v10", "v05", "v07", "v09",
        ]  # fmt: skip

    def test_units_ranked_apart_never_read_alike(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Regression: in the vaccination example, clinic-north (11.17 %) and clinic-south
        (11.14 %) read ``11%`` and ``11%``, ranked 1 and 2; the column takes the decimals
        that tell neighbours ranked apart (11.2 % and 11.1 %)."""
        example = Path(__file__).parents[2] / "examples" / "vaccination"
        argv = ["progress", str(example / "campaign.yaml"), "--records"]
        argv += [str(example / "records.csv"), "--as-of", "2026-04-17", "--lang", "en"]
        assert main(argv) == EXIT_OK
        rows = ranking(capsys.readouterr().out)
        assert [(r[0], r[1], r[4]) for r in rows[:2]] == [
            ("1", "clinic-north", "11.2%"),
            ("2", "clinic-south", "11.1%"),
        ]
        shown = [(r[0], r[4], r[6]) for r in rows]
        for above, below in itertools.pairwise(shown):
            assert above[0] == below[0] or above[1:] != below[1:]

    def test_none_without_units(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A campaign without cascades has no ranking."""
        path = tmp_path / "c.yaml"
        path.write_text(
            "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-27}\n", encoding="utf-8"
        )
        (tmp_path / "r.csv").write_text("kind,id,date,subject\n", encoding="utf-8")
        argv = ["progress", str(path), "--records", str(tmp_path / "r.csv")]
        assert main([*argv, "--as-of", "2026-03-27"]) == EXIT_OK
        assert "units:" not in capsys.readouterr().out


class TestCsvNames:
    def test_unit_rows_are_named(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every unit row, and the campaign's row, carries its name."""
        assert main(progress(tmp_path, UNITS, "--format", "csv")) == EXIT_OK
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        units = [r for r in rows if r["kind"] == "unit"]
        assert len(units) == 24  # 12 under the mechanism, 12 in the campaign's ranking
        assert all(r["name"] == f"Village {r['id'][1:]}" for r in units)
        assert rows[0]["name"] == "Drive"


class TestNoReadings:
    def files(self, tmp_path: Path) -> list[str]:
        """Visits (a sum, target 50) cascaded to v01 and v02 in March; v01 reports 5 visits
        on 10 March, v02 nothing."""
        campaign = tmp_path / "c.yaml"
        campaign.write_text(
            "id: drive\nname: Drive\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
            "units:\n  - {id: v01, name: Village 01}\n  - {id: v02, name: Village 02}\n"
            "series:\n  - {id: s, name: S, cascade: {units: [v01, v02]},\n"
            "     indicators: [{id: visits, name: Visits, target: 50}]}\n",
            encoding="utf-8",
        )
        records = tmp_path / "r.csv"
        records.write_text(
            "kind,id,date,indicator,unit,value\nreading,r1,2026-03-10,visits,v01,5\n",
            encoding="utf-8",
        )
        return ["progress", str(campaign), "--records", str(records), "--as-of", "2026-03-20"]

    def test_the_status_says_so(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Both villages are behind (v01: 5 of 50, 10 %, against about two thirds planned);
        v02's status says that it has no readings."""
        assert main(self.files(tmp_path)) == EXIT_OK
        rows = ranking(capsys.readouterr().out)
        assert [(r[1], " ".join(r[7:])) for r in rows] == [
            ("v01", "behind"),
            ("v02", "behind, no readings"),
        ]

    def test_an_indicator_with_none_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The indicator has v01's reading: its status is only the plan's. Without any
        record, its row says that it has no readings."""
        argv = self.files(tmp_path)
        assert main(argv) == EXIT_OK
        (row,) = [line for line in capsys.readouterr().out.splitlines() if " visits " in line]
        assert row.split()[6:8] == ["behind", "5"]  # no mark: a reading was used
        (tmp_path / "r.csv").write_text("kind,id,date,indicator,unit,value\n", encoding="utf-8")
        assert main(argv) == EXIT_OK
        (row,) = [line for line in capsys.readouterr().out.splitlines() if " visits " in line]
        assert "behind, no readings" in row

    def test_assumed_readings_are_said(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An indicator whose figures rest on guesses says how many of its readings are."""
        argv = self.files(tmp_path)
        (tmp_path / "r.csv").write_text(
            "kind,id,date,indicator,unit,value,assumed\nreading,r1,2026-03-10,visits,v01,5,true\n",
            encoding="utf-8",
        )
        assert main(argv) == EXIT_OK
        (row,) = [line for line in capsys.readouterr().out.splitlines() if " visits " in line]
        assert row.endswith("5 / 100 · 1 of 1 readings assumed")  # 50 in each of two

    def test_the_csv_counts_them(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each unit row of the CSV has its readings: 1 for v01, 0 for v02, under the series
        and across the campaign."""
        assert main([*self.files(tmp_path), "--format", "csv"]) == EXIT_OK
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        units = [
            (r["path"].rsplit("/", 1)[0], r["id"], r["readings"])
            for r in rows
            if r["kind"] == "unit"
        ]
        assert sorted(units) == [
            ("campaign", "v01", "1"),
            ("campaign", "v02", "0"),
            ("campaign/series:s", "v01", "1"),
            ("campaign/series:s", "v02", "0"),
        ]


class TestUnmeasuredUnits:
    def test_not_ranked_among_the_worst(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Regression: a unit whose only cascade measures nothing (a standing rule, no
        occurrences) was ranked last, among the worst. It is counted after the ranking."""
        c = campaign_file(tmp_path, UNITS[:3])
        text = (
            Path(c)
            .read_text(encoding="utf-8")
            .replace("units:\n", "units:\n  - {id: w1, name: Ward}\n", 1)
        )
        text += "  - {id: rules, name: Rules, cascade: {units: [w1]}}\n"
        Path(c).write_text(text, encoding="utf-8")
        r = records_file(tmp_path, UNITS[:3])
        assert main(["progress", c, "--records", r, "--as-of", "2026-03-27"]) == EXIT_OK
        out = capsys.readouterr().out
        assert "units: 3, best first" in out
        rows = ranking(out)
        assert [row[1] for row in rows[:3]] == ["v01", "v02", "v03"]
        assert not any("w1" in row for row in rows)
        assert "1 more without figures (nothing of theirs is measured), not ranked" in out

    def test_all_weights_zero(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every weight 0: no unit has figures, no ranking table, one line that says so."""
        c, r = campaign_file(tmp_path, UNITS[:3]), records_file(tmp_path, UNITS[:3])
        weights = tmp_path / "w.yaml"
        weights.write_text("patrol: 0\n", encoding="utf-8")
        argv = ["progress", c, "--records", r, "--as-of", "2026-03-27", "--weights", str(weights)]
        assert main(argv) == EXIT_OK
        out = capsys.readouterr().out
        assert "best first" not in out
        assert "3 more without figures (nothing of theirs is measured), not ranked" in out


def test_figures_that_read_as_done_say_the_units_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """v1 reports 40 households of its 20, v2 none of its 20: the row reads 40 / 40 at 50 %
    done, and says that 1 of the 2 units is short of its target."""
    c = tmp_path / "c.yaml"
    c.write_text(
        "id: d\nname: D\nwindow: {start: 2026-03-02, end: 2026-03-27}\nunits:\n"
        "  - {id: town, name: Town}\n  - {id: v1, name: V1, parent: town}\n"
        "  - {id: v2, name: V2, parent: town}\nseries:\n  - id: s\n    name: S\n"
        "    cascade: {children_of: town}\n"
        "    indicators: [{id: hh, name: Households, target: 20}]\n",
        encoding="utf-8",
    )
    r = tmp_path / "r.csv"
    r.write_text("date,indicator,unit,value\n2026-03-03,hh,v1,40\n", encoding="utf-8")
    assert main(["progress", str(c), "--records", str(r), "--as-of", "2026-03-20"]) == EXIT_OK
    row = next(line for line in capsys.readouterr().out.splitlines() if " hh " in line)
    assert row.split()[2:4] == ["Households", "50%"]
    assert row.endswith("40 / 40 · 1 of 2 units short of their targets")
