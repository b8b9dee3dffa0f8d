"""The ``schedule``, ``progress`` and ``calendar`` commands, on the Changsheng example and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from campaignkit._text import display_width
from campaignkit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from campaignkit.cli._common import StatusLine
from campaignkit.io import BOM, PROGRESS_COLUMNS, SCHEDULE_COLUMNS, _records

EXAMPLE = Path(__file__).parents[2] / "examples" / "changsheng"
CAMPAIGN = str(EXAMPLE / "campaign.yaml")
RECORDS = str(EXAMPLE / "records.csv")
PROGRESS = ["progress", CAMPAIGN, "--records", RECORDS, "--as-of", "2010-04-02"]


def write(tmp_path: Path, name: str, text: str) -> str:
    """Write *text* to a file under *tmp_path*; return its name as the command gets it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; return its status, stdout and stderr."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def line_of(text: str, needle: str) -> str:
    """The first line of *text* that holds *needle*."""
    return next(line for line in text.splitlines() if needle in line)


class TestSchedule:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table lists the days; the Spring Festival meeting shows as moved to 02-20."""
        status, out, err = run(["schedule", CAMPAIGN, "--lang", "en"], capsys)
        assert (status, err) == (EXIT_OK, "")
        row = line_of(out, "weekly-meeting@2010-02-19")
        assert row.startswith("2010-02-20  Sat      16:00–17:30")
        assert row.endswith("moved from 2010-02-19")
        # 22 weekly meetings + 5 study afternoons + 6 units × 5 inspections + 5 central-group
        # sessions = 62 occurrences, and 11 activities: 73 items.
        assert "\n73 items\n" in out

    def test_table_in_the_campaigns_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --lang the table speaks the campaign's language (Chinese here)."""
        status, out, err = run(["schedule", CAMPAIGN], capsys)
        assert (status, err) == (EXIT_OK, "")
        header = next(line for line in out.splitlines() if line.startswith("日期"))
        assert header.split() == ["日期", "星期", "时间", "编号", "事项", "说明"]
        row = line_of(out, "weekly-meeting@2010-02-19")
        assert row.startswith("2010-02-20  周六  16:00–17:30")
        assert row.endswith("由2010-02-19顺延")
        assert "\n共73项\n" in out

    def test_table_columns_line_up(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Chinese names do not push the next column: the note column starts at one width."""
        _, out, _ = run(
            ["schedule", CAMPAIGN, "--from", "2010-02-20", "--to", "2010-03-04", "--lang", "en"],
            capsys,
        )
        moved = line_of(out, "moved from")
        placed = line_of(out, "  placed")
        assert display_width(moved[: moved.index("moved")]) == display_width(
            placed[: placed.index("placed")]
        )

    def test_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--from and --to keep the items whose day lies between them, both included."""
        status, out, _ = run(
            ["schedule", CAMPAIGN, "--from", "2010-02-13", "--to", "2010-02-20", "--format", "csv"],
            capsys,
        )
        assert status == EXIT_OK
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["day"], r["ref"]) for r in rows] == [("2010-02-20", "weekly-meeting@2010-02-19")]
        assert rows[0]["shifted"] == "true"

    def test_party(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--party lists that party's agenda: the Party secretary's tour and interview, no inspection."""
        _, out, _ = run(["schedule", CAMPAIGN, "--party", "yu-xianfa", "--format", "json"], capsys)
        refs = [item["ref"] for item in json.loads(out)["items"]]
        assert "womens-day-tour" in refs
        assert "number-one-interview" in refs
        assert not any(ref.startswith("inspection/") for ref in refs)

    def test_json_is_stable(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output has sorted keys, names, and the same bytes on every run."""
        _, first, _ = run(["schedule", CAMPAIGN, "--format", "json"], capsys)
        _, second, _ = run(["schedule", CAMPAIGN, "--format", "json"], capsys)
        assert first == second
        data = json.loads(first)
        assert first == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["campaign"] == "changsheng-2009"
        assert data["phases"][0]["phase"] == "mobilisation"
        forum = next(i for i in data["items"] if i["ref"] == "forum-speeches")
        assert (forum["day"], forum["placed"]) == ("2010-02-24", False)
        assert forum["name"].startswith("机关部门负责人演讲会")

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV output has the schedule export's columns and one row per item; the campaign is
        Chinese, so it begins with a byte-order mark for spreadsheets."""
        _, out, _ = run(["schedule", CAMPAIGN, "--format", "csv"], capsys)
        assert out.startswith(BOM + "kind,")
        reader = csv.DictReader(io.StringIO(out.removeprefix(BOM)))
        assert tuple(reader.fieldnames or ()) == SCHEDULE_COLUMNS
        assert len(list(reader)) == 73  # 62 occurrences + 11 activities

    def test_ics(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--ics writes the whole schedule as iCalendar, leaving no temporary file."""
        target = tmp_path / "plan.ics"
        status, _, _ = run(
            ["schedule", CAMPAIGN, "--to", "2009-12-31", "--ics", str(target)], capsys
        )
        assert status == EXIT_OK
        calendar = icalendar.Calendar.from_ical(target.read_bytes())
        summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
        assert "“三八”节赴农业发展先进地区学习考察" in summaries  # beyond --to: the whole schedule
        assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]

    def test_ics_unwritable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An --ics path in a missing folder is bad input, located at the option."""
        target = tmp_path / "missing" / "plan.ics"
        status, out, err = run(["schedule", CAMPAIGN, "--ics", str(target)], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"command line: --ics: cannot write {target}: ")
        assert err.endswith("[unwritable]\n")

    @pytest.mark.parametrize("value", ["2010-02-30", "yesterday", "20100220", "2010-2-20"])
    def test_bad_date(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A date that is not YYYY-MM-DD, or no such day, is bad input at its option."""
        status, out, err = run(["schedule", CAMPAIGN, "--from", value], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            f"command line: --from: {value!r} is not a date such as 2010-02-24 [invalid-date]\n"
        )

    def test_dates_out_of_order(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--to before --from is bad input."""
        status, _, err = run(
            ["schedule", CAMPAIGN, "--from", "2010-03-01", "--to", "2010-02-01"], capsys
        )
        assert status == EXIT_BAD_INPUT
        assert (
            err == "command line: --to: --to 2010-02-01 is before --from 2010-03-01 [date-order]\n"
        )

    def test_unknown_party(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A party that is not in the campaign is bad input."""
        status, _, err = run(["schedule", CAMPAIGN, "--party", "nobody"], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith("command line: --party: 'nobody' names no person")
        assert err.endswith("[unknown-reference]\n")

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A campaign file that does not exist is bad input, named by its path."""
        absent = str(tmp_path / "absent.yaml")
        status, out, err = run(["schedule", absent], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"{absent}: $: cannot read the file: ")
        assert err.endswith("[unreadable]\n")

    def test_invalid_campaign(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A campaign with a mistake is reported with its line and column."""
        name = write(tmp_path, "c.yaml", "id: c\nname: C\nwindow: {start: 2010-01-01, end: x}\n")
        status, _, err = run(["schedule", name], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith(f"{name}:3:")
        assert "$.window.end" in err

    def test_scheduling_error_names_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A campaign that cannot be laid out is reported against its file."""
        text = (
            "id: c\nname: C\nwindow: {start: 2026-03-02, end: 2026-03-06}\n"
            "phases: [{id: p, name: P, duration: 30}]\n"
            "people: [{id: a, name: A}]\n"
            "assignments: [{subject: p, party: a, role: lead}]\n"
        )
        name = write(tmp_path, "c.yaml", text)
        status, _, err = run(["schedule", name], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith(f"{name}: $.phases")
        assert "[phase-overruns-window]" in err


class TestProgress:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows the weekly meetings held against due and every figure."""
        status, out, err = run([*PROGRESS, "--lang", "en"], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "records: 92 read, 92 used, 0 after the day, 0 kept out" in out
        assert line_of(out, "weekly-meeting").endswith("18 / 18 held")
        assert line_of(out, "river-investment").endswith("18,100,000 / 18,100,000 yuan")
        assert line_of(out, "attendance").endswith("61 items, no lists")

    def test_table_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --lang the table speaks the campaign's language: Chinese words, and amounts
        of 元 in 万 (18,100,000 = 1810 × 10,000)."""
        status, out, err = run(PROGRESS, capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "台账记录：读取92条，采用92条，晚于截至日0条，剔除0条" in out
        assert line_of(out, "river-investment").endswith("1810万 / 1810万元")
        assert line_of(out, "weekly-meeting").endswith("已开展18/应开展18")

    def test_table_in_german(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang de-DE: German words, dots between thousands."""
        status, out, err = run([*PROGRESS, "--lang", "de-DE"], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert "Nachweise: 92 gelesen, 92 verwendet" in out
        assert line_of(out, "river-investment").endswith("18.100.000 / 18.100.000 Yuan")

    def test_unknown_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --lang no catalog serves is a located error of the option, before any work."""
        status, _, err = run([*PROGRESS, "--lang", "fr"], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith("command line: --lang: ")
        assert err.rstrip().endswith("[invalid-value]")

    def test_table_columns_line_up(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every row's 'done' column ends at the same display column, whatever the name."""
        _, out, _ = run([*PROGRESS, "--lang", "en"], capsys)
        rows = [line for line in out.splitlines() if "  indicator  " in line]
        ends = {display_width(row[: row.index("%") + 1]) for row in rows}
        assert len(rows) == 21
        assert len(ends) == 1

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output is the progress tree with sorted keys."""
        _, out, _ = run([*PROGRESS, "--format", "json"], capsys)
        data = json.loads(out)
        assert out == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["as_of"] == "2010-04-02"
        weekly = next(m for m in data["mechanisms"] if m["id"] == "weekly-meeting")
        assert (weekly["occurrences"]["held"], weekly["occurrences"]["due"]) == (18, 18)

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV output has the progress export's columns (after a byte-order mark: the
        campaign is Chinese)."""
        _, out, _ = run([*PROGRESS, "--format", "csv"], capsys)
        assert out.startswith(BOM + "path,")
        reader = csv.DictReader(io.StringIO(out.removeprefix(BOM)))
        assert tuple(reader.fieldnames or ()) == PROGRESS_COLUMNS
        assert next(reader)["kind"] == "campaign"

    @pytest.mark.parametrize(
        ("extra", "bom"),
        [
            ((), True),
            (("--no-bom",), False),
            (("--lang", "en"), False),
            (("--lang", "de", "--bom"), True),
        ],
    )
    def test_csv_bom(
        self, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], bom: bool
    ) -> None:
        """A byte-order mark comes first when the output is Chinese, or --bom asks for one;
        --no-bom drops it; the rest of the text is the same."""
        _, plain, _ = run([*PROGRESS, "--format", "csv", "--no-bom"], capsys)
        _, out, _ = run([*PROGRESS, "--format", "csv", *extra], capsys)
        assert out == (BOM + plain if bom else plain)

    def test_unique_ids_give_the_same_figures(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example repeats no id: trusting it (--unique-ids) prints the same JSON."""
        _, checked, _ = run([*PROGRESS, "--format", "json"], capsys)
        status, trusted, err = run([*PROGRESS, "--format", "json", "--unique-ids"], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert trusted == checked

    def test_unique_ids_trust_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reading repeated under one id counts once when ids are checked (3 yuan), twice
        when the file is trusted to repeat none (3 + 3 = 6 yuan)."""
        text = "id,date,indicator,value\nr1,2010-03-01,river-investment,3\n"
        name = write(tmp_path, "r.csv", text + "r1,2010-03-01,river-investment,3\n")
        args = ["progress", CAMPAIGN, "--records", name, "--as-of", "2010-04-02", "--format"]
        for extra, expected in (([], 3.0), (["--unique-ids"], 6.0)):
            status, out, _ = run([*args, "json", *extra], capsys)
            assert status == EXIT_OK
            [river] = [
                i for s in json.loads(out)["series"] for i in s["indicators"]
                if i["id"] == "river-investment"
            ]  # fmt: skip
            assert river["actual"] == expected

    def test_weights(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weights file changes the roll-up: only the forum counts, so its plan is the campaign's."""
        others = ["advice", "reading", "sing-read-tell", "interviews", "six-deliveries"]
        others += ["training", "efficiency", "study-tour", "weekly-meeting", "study-training"]
        others += ["inspection", "central-group"]
        zero = dict.fromkeys(others, 0)
        name = write(tmp_path, "w.json", json.dumps(zero))
        status, out, err = run([*PROGRESS, "--weights", name, "--format", "json"], capsys)
        assert (status, err) == (EXIT_OK, "")
        data = json.loads(out)
        forum = next(s for s in data["series"] if s["id"] == "forum")
        # Every phase that holds the forum rolls up the forum alone, so the campaign's
        # completion is the forum's: 1.0 (all 5 events held, both indicators complete).
        assert forum["completion"] == 1.0
        assert data["completion"] == 1.0  # without the weights: 0.95
        assert data["planned"] == pytest.approx(forum["planned"])

    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("w.yaml", "forum: 2\nnope: 1\n", "$[\"nope\"]: 'nope' names no phase"),
            ("w.yaml", "forum: -1\n", '$["forum"]: a weight must be a finite number >= 0'),
            ("w.json", '{"forum": "heavy"}', '$["forum"]: a weight must be a finite number'),
            ("w.yaml", "- forum\n", "$: weights are a mapping of ids to numbers, not a list"),
            ("w.yaml", "1: 2\n", '$["1"]: every key is an id'),
            ("w.yaml", "", "$: the file holds no weights"),
            ("w.txt", "forum: 2\n", "$: cannot tell the format"),
        ],
    )
    def test_bad_weights(
        self,
        tmp_path: Path,
        name: str,
        text: str,
        expected: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A bad weights file is bad input, each problem located in the file, before any output."""
        path = write(tmp_path, name, text)
        status, out, err = run([*PROGRESS, "--weights", path], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"{path}: {expected}")

    def test_weights_syntax_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weights file that does not parse is reported with line and column."""
        path = write(tmp_path, "w.yaml", "forum: 2\n  weekly: [\n")
        status, _, err = run([*PROGRESS, "--weights", path], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith(f"{path}:2:")
        assert err.endswith("[syntax]\n")

    def test_missing_weights_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A weights file that does not exist is bad input."""
        path = str(tmp_path / "w.yaml")
        status, _, err = run([*PROGRESS, "--weights", path], capsys)
        assert status == EXIT_BAD_INPUT
        assert err.startswith(f"{path}: $: cannot read the file")
        assert err.endswith("[unreadable]\n")

    def test_bad_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad --as-of is bad input, located at the option."""
        argv = ["progress", CAMPAIGN, "--records", RECORDS, "--as-of", "2010-04-31"]
        status, _, err = run(argv, capsys)
        assert status == EXIT_BAD_INPUT
        assert err == (
            "command line: --as-of: '2010-04-31' is not a date such as 2010-02-24 [invalid-date]\n"
        )

    def test_status_bands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The campaign's SPI is 1.33 as of 2010-04-02: ahead with the default bands (1.33 ≥
        1.05), on track when ahead starts at 1.4 (0.95 ≤ 1.33 < 1.4)."""
        _, out, _ = run([*PROGRESS, "--format", "json"], capsys)
        assert (round(json.loads(out)["spi"], 2), json.loads(out)["status"]) == (1.33, "ahead")
        status, out, err = run(
            [*PROGRESS, "--format", "json", "--status-bands", "0.8,.95,1.4"], capsys
        )
        assert (status, err) == (EXIT_OK, "")
        assert json.loads(out)["status"] == "on"

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("0.8,0.95", "invalid-value"),
            ("a,b,c", "invalid-value"),
            ("-1,0.9,1", "invalid-value"),
            ("nan,1,2", "invalid-value"),
            ("0.8,0.95,inf", "invalid-value"),
            ("0.9,0.8,1.0", "threshold-order"),
        ],
    )
    def test_bad_status_bands(
        self, value: str, code: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bands that are not three rising non-negative numbers are bad input at the option."""
        status, out, err = run([*PROGRESS, f"--status-bands={value}"], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith("command line: --status-bands: ")
        assert err.endswith(f"[{code}]\n")

    def test_workers(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--workers 2 hands the reader two processes; the output is the same."""
        asked: list[int] = []
        real = _records.feed_in_parts

        def spy(reader: object, accumulator: object, workers: int) -> bool:
            asked.append(workers)
            return real(reader, accumulator, workers)  # type: ignore[arg-type]

        monkeypatch.setattr(_records, "feed_in_parts", spy)
        _, one, _ = run([*PROGRESS, "--format", "json"], capsys)
        status, two, err = run([*PROGRESS, "--format", "json", "--workers", "2"], capsys)
        assert (status, err, two) == (EXIT_OK, "", one)
        assert asked == [2]

    @pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "\u00b2", ""])
    def test_bad_workers(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = run([*PROGRESS, f"--workers={value}"], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith("command line: --workers: ")
        assert err.endswith("[invalid-value]\n")

    def test_missing_records(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A records file that does not exist is bad input."""
        absent = str(tmp_path / "r.csv")
        argv = ["progress", CAMPAIGN, "--records", absent, "--as-of", "2010-04-02"]
        status, out, err = run(argv, capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(f"{absent}: $: cannot read")
        assert err.endswith("[unreadable-file]\n")

    def test_bad_record_row(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad row is reported with its line and column; the rest is measured; status 2."""
        text = (
            "kind,date,subject,indicator,value\n"
            "reading,2010-03-01,,golden-ideas,50\n"
            "reading,2010-03-0x,,golden-ideas,53\n"
        )
        records = write(tmp_path, "r.csv", text)
        argv = ["progress", CAMPAIGN, "--records", records, "--as-of", "2010-04-02"]
        status, out, err = run([*argv, "--format", "json"], capsys)
        assert status == EXIT_BAD_INPUT
        golden = next(
            i
            for s in json.loads(out)["series"]
            for i in s["indicators"]
            if i["id"] == "golden-ideas"
        )
        assert golden["actual"] == 50
        assert err == (
            f"{records}:3:2: $.date: '2010-03-0x' is not a date such as 2010-02-24 [invalid-date]\n"
        )

    def test_required_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--records and --as-of are required (a usage error, status 2)."""
        with pytest.raises(SystemExit) as info:
            main(["progress", CAMPAIGN])
        assert info.value.code == 2
        assert "--records" in capsys.readouterr().err


class TestCalendar:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """China 2010: 250 working days, the Spring Festival named, the make-up weekend listed."""
        status, out, err = run(["calendar", "CN", "2010"], capsys)
        assert (status, err) == (EXIT_OK, "")
        assert out.startswith("CN 2010: 250 working days, 115 days off, 365 days\n")
        assert "2010-02-14  Sun      春节\n" in out
        assert "2010-02-20  Sat\n" in out
        assert "2010-02-21  Sun\n" in out

    @pytest.mark.parametrize(
        ("lang", "summary", "row", "makeup"),
        [
            ("zh", "CN 2010年：工作日250天，休息日115天，全年365天\n", "2010-02-14  周日  春节\n", "调休上班（8）"),
            ("de", "CN 2010: 250 Arbeitstage, 115 freie Tage, 365 Tage\n", "2010-02-14  So.        春节\n", "Nachzuholende Arbeitstage (8)"),
        ],
    )  # fmt: skip
    def test_table_in_the_readers_language(
        self, lang: str, summary: str, row: str, makeup: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--lang words the table from its catalog: summary, headings, weekdays (holiday names
        stay in the language --language asks the calendar for)."""
        status, out, _ = run(["calendar", "CN", "2010", "--lang", lang], capsys)
        assert status == EXIT_OK
        assert out.startswith(summary)
        assert row in out
        assert makeup in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output: sorted keys; holidays with names; the make-up workdays."""
        _, out, _ = run(["calendar", "CN", "2010", "--format", "json"], capsys)
        data = json.loads(out)
        assert out == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["working_days"] == 250
        assert data["makeup_workdays"][:2] == ["2010-02-20", "2010-02-21"]
        spring = [h["date"] for h in data["holidays"] if h["name"] == "春节"]
        assert spring == ["2010-02-14", "2010-02-15"]

    def test_lowercase_country(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A country code in lower case is read as the ISO code."""
        _, out, _ = run(["calendar", "cn", "2010"], capsys)
        assert out.startswith("CN 2010: 250 working days")

    def test_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--language picks the language of the names."""
        _, out, _ = run(["calendar", "CN", "2010", "--language", "en_US"], capsys)
        assert "2010-02-14  Sun      Chinese New Year (Spring Festival)\n" in out

    def test_subdivision(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A subdivision has its own holidays (César Chávez Day in California)."""
        _, out, _ = run(
            ["calendar", "US", "2010", "--subdivision", "CA", "--format", "json"], capsys
        )
        data = json.loads(out)
        assert data["subdivision"] == "CA"
        assert "2010-03-31" in [h["date"] for h in data["holidays"]]

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["XX", "2010"], "command line: COUNTRY: 'XX' is not a country code"),
            (["CN", "twenty"], "command line: YEAR: 'twenty' is not a year such as 2010"),
            (["CN", "0"], "command line: YEAR: the year must be a whole number from 1 to 9999"),
            (["CN", "2010", "--subdivision", "ZZ"], "command line: --subdivision: CN has no"),
            (["CN", "2010", "--language", "xx"], "command line: --language: the holiday names"),
        ],
    )
    def test_bad_input(
        self, argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown country, a bad year, subdivision or language: status 2, located."""
        status, out, err = run(["calendar", *argv], capsys)
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err.startswith(expected)
        assert len(err.splitlines()) == 1


class TestStatus:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_terminal_shows_and_erases(self) -> None:
        """On a terminal the status line shows each step and is erased at the end."""
        stream = self.Terminal()
        status = StatusLine(stream)
        status.step("scheduling")
        assert list(status.counted(range(5), "records read", every=2)) == [0, 1, 2, 3, 4]
        status.done()
        text = stream.getvalue()
        assert "campaignkit: scheduling…" in text
        assert "records read: 4" in text
        assert text.endswith("\r\x1b[K")

    def test_watch_shows_the_count_before_and_after(self) -> None:
        """A watched step shows its count when it starts and when it ends."""
        stream = self.Terminal()
        status = StatusLine(stream)
        rows = [0]
        with status.watch("reading records.csv: records read", lambda: rows[0], every=60):
            rows[0] = 120_000
        status.done()
        text = stream.getvalue()
        assert "campaignkit: reading records.csv: records read: 0…" in text
        assert "campaignkit: reading records.csv: records read: 120,000…" in text
        assert text.endswith("\r\x1b[K")

    def test_watch_on_a_pipe_is_quiet(self) -> None:
        """On a pipe a watched step writes nothing and never asks for the count."""
        stream = io.StringIO()
        status = StatusLine(stream)

        def count() -> int:
            raise AssertionError("not asked on a pipe")

        with status.watch("reading", count):
            pass
        status.done()
        assert stream.getvalue() == ""

    def test_report_steps_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Making a report on a terminal shows the records read and the days measured,
        and leaves nothing of it behind."""
        terminal = self.Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        status, out, _ = run(["report", *PROGRESS[1:], "--lang", "en"], capsys)
        assert status == 0
        assert out.startswith("# ")
        text = terminal.getvalue()
        assert "records read: 92…" in text
        assert re.search(r"measuring \d+ units as of 1 of \d+ days…", text)
        assert "writing the report…" in text
        assert text.endswith("\r\x1b[K")

    def test_pipe_stays_quiet(self) -> None:
        """When stderr is not a terminal nothing is written."""
        stream = io.StringIO()
        status = StatusLine(stream)
        status.step("scheduling")
        assert list(status.counted(range(3), "records", every=1)) == [0, 1, 2]
        status.done()
        assert stream.getvalue() == ""

    def test_piped_command_is_quiet(self) -> None:
        """Run in a process of its own with stderr piped, a command writes nothing there."""
        done = subprocess.run(
            [sys.executable, "-m", "campaignkit", *PROGRESS, "--format", "csv", "--no-bom"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=120,
        )
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout.startswith("path,kind,id,")
