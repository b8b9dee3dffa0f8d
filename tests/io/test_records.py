"""Ledger files: CSV and JSON Lines readers and writers, streaming, located problems."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import RecordError
from campaignkit.io import (
    FIELDS,
    RecordReader,
    format_of_records,
    read_ledger,
    record_from_fields,
    write_records,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import Accumulator, Cancelled, Held, Ledger, Mode, Reading
from support import ideas_in_march_2010

IDEAS = ideas_in_march_2010()

D = dt.date

CSV = """\
id,kind,date,subject,indicator,unit,value,mode,present,absent,excused,note,assumed
h1,held,2010-02-24,forum-1,,,,,yu;wang,li,,opening,
,reading,2010-03-01,,ideas,baisha,103,increment,,,,150+,true
c1,cancelled,2010-03-05,weekly@2010-03-05,,,,,,,,holiday,no
"""


def reader(text: str, fmt: str = "csv", strict: bool = True) -> RecordReader:
    return RecordReader(io.StringIO(text), format=fmt, strict=strict, name="r." + fmt)  # type: ignore[arg-type]


class TestReadingCSV:
    def test_reads_every_kind(self) -> None:
        """Held, reading and cancelled rows become records, lists split on ';'."""
        held, reading, cancelled = list(reader(CSV))
        assert held == Held(
            id="h1",
            subject="forum-1",
            date=D(2010, 2, 24),
            present=("yu", "wang"),
            absent=("li",),
            note="opening",
        )
        assert reading == Reading(
            indicator="ideas",
            date=D(2010, 3, 1),
            unit="baisha",
            value=103,
            mode=Mode.INCREMENT,
            note="150+",
            assumed=True,
        )
        assert reading.id.startswith("reading-")  # derived from the content
        assert cancelled == Cancelled(
            id="c1", subject="weekly@2010-03-05", date=D(2010, 3, 5), note="holiday"
        )

    def test_columns_may_be_few_and_in_any_order(self) -> None:
        """A header with only some columns works; the kind is inferred."""
        text = "value,date,indicator\n5,2010-03-01,ideas\n"
        assert list(reader(text)) == [Reading(indicator="ideas", date=D(2010, 3, 1), value=5)]
        text = "subject,date\nforum-1,2010-02-24\n"
        assert list(reader(text)) == [Held(subject="forum-1", date=D(2010, 2, 24))]

    def test_byte_order_mark_and_blank_lines(self) -> None:
        """A BOM in front of the header and blank lines are fine."""
        path_text = "\ufeffdate,indicator,value\n\n2010-03-01,ideas,5\n,,\n"
        assert len(list(reader(path_text))) == 1

    def test_quoted_fields_may_span_lines(self) -> None:
        """A note with a line break is one field; the next row's line number is right."""
        text = 'date,indicator,value,note\n2010-03-01,ideas,5,"two\nlines"\n2010-03-0x,ideas,5,\n'
        r = reader(text, strict=False)
        assert [x.note for x in r] == ["two\nlines"]
        assert r.problems[0].line == 4

    @pytest.mark.parametrize(
        ("row", "path", "column", "code"),
        [
            ("reading,2010-03-01,,ideas,,abc", "$.value", 6, "invalid-value"),
            ("reading,2010-03-01,,ideas,,nan", "$.value", 6, "invalid-value"),
            ("reading,2010-03-01,,ideas,,1e400", "$.value", 6, "invalid-value"),
            ("reading,2010-03-01,,ideas,,", "$.value", 6, "missing-field"),
            ("reading,01/03/2010,,ideas,,5", "$.date", 2, "invalid-date"),
            ("reading,2010-02-30,,ideas,,5", "$.date", 2, "invalid-date"),
            ("reading,,,ideas,,5", "$.date", 2, "missing-field"),
            ("meeting,2010-03-01,x,,,", "$.kind", 1, "unknown-kind"),
            ("reading,2010-03-01,a,b,,5", "$.indicator", 4, "conflicting-fields"),
            ("held,2010-03-01,,ideas,,", "$.indicator", 4, "unexpected-field"),
            ("held,2010-03-01,x,,,5", "$.value", 6, "unexpected-field"),
            ("held,2010-03-01,,,,", "$.subject", 3, "missing-field"),
            (",2010-03-01,,,,", "$.kind", 1, "missing-field"),
        ],
    )
    def test_bad_rows_are_located(self, row: str, path: str, column: int, code: str) -> None:
        """A bad field is reported with source, line, column index and field name."""
        text = "kind,date,subject,indicator,unit,value\n" + row + "\n"
        with pytest.raises(RecordError) as info:
            list(reader(text))
        (problem,) = info.value.problems
        assert (problem.source, problem.line, problem.column) == ("r.csv", 2, column)
        assert (problem.path, problem.code) == (path, code)

    def test_lenient_mode_collects_and_goes_on(self) -> None:
        """Lenient: bad rows become problems, good rows still flow, in order."""
        text = "date,indicator,value\n2010-03-01,ideas,1\nbad,ideas,2\n2010-03-02,ideas,3\n2010-03-03,ideas\n"
        r = reader(text, strict=False)
        assert [x.value for x in r] == [1.0, 3.0]
        assert [(p.line, p.code) for p in r.problems] == [(3, "invalid-date"), (5, "bad-csv")]
        assert r.rows == 4

    def test_unknown_column_is_reported(self) -> None:
        """A typo in the header is a problem at line 1, never ignored quietly."""
        with pytest.raises(RecordError) as info:
            list(reader("date,indicatr,value\n2010-03-01,ideas,1\n"))
        (problem,) = info.value.problems
        assert (problem.line, problem.column, problem.path, problem.code) == (
            1,
            2,
            "$.indicatr",
            "unknown-field",
        )

    def test_header_without_date(self) -> None:
        """The date column is required."""
        r = reader("indicator,value\nideas,1\n", strict=False)
        assert list(r) == []
        assert {p.code for p in r.problems} == {"missing-field"}

    def test_str_of_a_problem_names_everything(self) -> None:
        """A problem reads: source, line, column, field, message, code."""
        r = reader("date,indicator,value\n2010-03-01,ideas,x\n", strict=False)
        list(r)
        assert (
            str(r.problems[0])
            == "r.csv: line 2, column 3 ($.value): 'x' is not a number [invalid-value]"
        )


class TestReadingJSONLines:
    def test_reads_objects(self) -> None:
        """Each non-blank line is one record; lists may be JSON arrays."""
        text = (
            '{"kind": "held", "date": "2010-02-24", "subject": "forum-1", "present": ["yu"]}\n'
            "\n"
            '{"date": "2010-03-01", "indicator": "ideas", "value": 103.5, "assumed": true}\n'
        )
        held, reading = list(reader(text, "jsonl"))
        assert held.present == ("yu",)  # type: ignore[union-attr]
        assert (reading.value, reading.assumed) == (103.5, True)  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("line", "path", "code"),
        [
            ("{bad json", "$", "bad-json"),
            ("[1, 2]", "$", "bad-json"),
            ('{"date": "2010-03-01", "indicator": "x", "valeu": 1}', "$.valeu", "unknown-field"),
            ('{"date": "2010-03-01", "indicator": "x", "value": "1"}', None, None),
            ('{"date": "2010-03-01", "indicator": "x", "value": true}', "$.value", "invalid-value"),
            ('{"date": 20100301, "indicator": "x", "value": 1}', "$.date", "invalid-value"),
            (
                '{"date": "2010-03-01", "subject": "x", "present": "a;b", "kind": "held"}',
                None,
                None,
            ),
            (
                '{"date": "2010-03-01", "subject": "x", "present": [1], "kind": "held"}',
                "$.present",
                "invalid-value",
            ),
            (
                '{"date": "2010-03-01", "indicator": "x", "value": 1, "assumed": "maybe"}',
                "$.assumed",
                "invalid-value",
            ),
        ],
    )
    def test_bad_lines_are_located(self, line: str, path: str | None, code: str | None) -> None:
        """A bad line is reported with its number and the key at fault."""
        r = reader(
            '{"date": "2010-03-01", "indicator": "ok", "value": 1}\n' + line + "\n",
            "jsonl",
            strict=False,
        )
        records = list(r)
        if code is None:
            assert len(records) == 2
            assert not r.problems
        else:
            assert len(records) == 1
            (problem,) = r.problems
            assert (problem.line, problem.path, problem.code) == (2, path, code)


class TestFiles:
    def test_format_from_suffix(self, tmp_path: Path) -> None:
        """.csv, .jsonl and .ndjson are known; anything else is a located error."""
        assert format_of_records("a.CSV") == "csv"
        assert format_of_records("a.ndjson") == "jsonl"
        with pytest.raises(RecordError, match="unknown-format"):
            format_of_records(tmp_path / "a.xlsx")

    def test_missing_file_is_a_record_error(self, tmp_path: Path) -> None:
        """A file that cannot be opened is a RecordError, not an OSError."""
        with pytest.raises(RecordError, match="unreadable-file"):
            list(RecordReader(tmp_path / "missing.csv"))

    def test_not_utf8_is_reported(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 are a bad-encoding problem."""
        path = tmp_path / "gbk.csv"
        path.write_bytes("date,indicator,value\n2010-03-01,金点子,5\n".encode("gbk"))
        with pytest.raises(RecordError, match="bad-encoding"):
            list(RecordReader(path))

    def test_read_ledger_reports_every_problem_at_once(self, tmp_path: Path) -> None:
        """read_ledger raises one error listing every bad row."""
        path = tmp_path / "r.csv"
        path.write_text("date,indicator,value\nx,a,1\n2010-03-01,a,y\n2010-03-01,a,1\n", "utf-8")
        with pytest.raises(RecordError) as info:
            read_ledger(path)
        assert [(p.line, p.code) for p in info.value.problems] == [
            (2, "invalid-date"),
            (3, "invalid-value"),
        ]
        assert all(p.source == str(path) for p in info.value.problems)

    def test_write_then_read_both_formats(self, tmp_path: Path) -> None:
        """What is written is read back equal, in CSV and in JSON Lines."""
        ledger = Ledger(
            [
                Held(subject="f", date=D(2010, 2, 24), present=("yu", "wang"), note='a, "b"\nc'),
                Reading(
                    indicator="金点子",
                    date=D(2010, 3, 1),
                    value=0.1,
                    mode=Mode.CUMULATIVE,
                    assumed=True,
                ),
                Cancelled(subject="weekly@2010-03-05", date=D(2010, 3, 5), unit="v1"),
            ]
        )
        for name in ("r.csv", "r.jsonl"):
            assert write_records(ledger, tmp_path / name) == 3
            assert read_ledger(tmp_path / name) == ledger
        header = (tmp_path / "r.csv").read_text("utf-8").splitlines()[0]
        assert header == ",".join(FIELDS)

    def test_writing_a_path_is_atomic(self, tmp_path: Path) -> None:
        """A writer that fails half-way leaves the old file as it was, and no temporary."""
        path = tmp_path / "r.csv"
        write_records([Reading(indicator="a", date=D(2010, 3, 1), value=1)], path)
        before = path.read_text("utf-8")

        def failing() -> Iterator[Reading]:
            yield Reading(indicator="a", date=D(2010, 3, 2), value=2)
            msg = "disk full"
            raise OSError(msg)

        with pytest.raises(OSError, match="disk full"):
            write_records(failing(), path)
        assert path.read_text("utf-8") == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]

    def test_reader_streams(self) -> None:
        """The reader yields a record before reading the rest of the stream."""
        reads = []

        class Endless(io.TextIOBase):
            def read(self, size: int | None = -1) -> str:
                reads.append(size)
                if len(reads) == 1:
                    return "date,indicator,value\n"
                return "".join(f"2010-03-01,ideas,{n}\n" for n in range(1, 1001))

        first = next(iter(RecordReader(Endless(), format="csv")))
        assert first.value == 1.0  # type: ignore[union-attr]
        assert len(reads) == 2

    def test_record_from_fields_is_unlocated(self) -> None:
        """record_from_fields raises a RecordError naming the field only."""
        with pytest.raises(RecordError) as info:
            record_from_fields({"date": "2010-03-01", "indicator": "x", "value": "?"})
        assert info.value.problems[0].path == "$.value"


ids = st.text(
    st.sampled_from([";", "'", "=", "-"])  # what a CSV cell neutralises, often
    | st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
parties = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), max_size=3).map(tuple)
days = st.dates(D(2009, 12, 1), D(2010, 4, 30))
notes = st.none() | st.text(max_size=20).filter(lambda s: s.strip() != "")
records = st.one_of(
    st.builds(
        Held,
        subject=ids,
        date=days,
        present=parties,
        absent=parties,
        excused=parties,
        note=notes,
        assumed=st.booleans(),
    ),
    st.builds(Cancelled, subject=ids, date=days, unit=st.none() | ids, note=notes),
    st.builds(
        Reading,
        indicator=ids,
        date=days,
        value=st.floats(-1e15, 1e15, allow_nan=False),
        mode=st.none() | st.sampled_from(Mode),
        id=ids,
        assumed=st.booleans(),
    ),
)


class TestRoundTrip:
    @given(st.lists(records, max_size=6), st.sampled_from(["csv", "jsonl"]))
    def test_any_ledger_round_trips(self, items: list[object], fmt: str) -> None:
        """write then read gives back the same records, in order; cells neutralised against
        formulas are read back as the text they stand for."""
        buffer = io.StringIO()
        write_records(items, buffer, format=fmt)  # type: ignore[arg-type]
        buffer.seek(0)
        assert list(RecordReader(buffer, format=fmt)) == items  # type: ignore[arg-type]

    def test_neutralised_cells_read_back(self) -> None:
        """A note and an id written with an apostrophe in front of a formula character (first
        or after a semicolon) read back without it; an id that starts with an apostrophe
        keeps it."""
        items = [
            Reading(id="=r1", indicator="ideas", date=dt.date(2010, 3, 1), value=2),
            Reading(id="r2", indicator="ideas", date=dt.date(2010, 3, 1), value=3, note="+5"),
            Reading(id="'r3", indicator="ideas", date=dt.date(2010, 3, 1), value=4),
            Reading(id="r4;=1", indicator="ideas", date=dt.date(2010, 3, 1), value=5),
            Reading(id="r5", indicator="ideas", date=dt.date(2010, 3, 1), value=6, note="a;@b"),
        ]
        buffer = io.StringIO()
        write_records(items, buffer, format="csv")
        assert "'=r1," in buffer.getvalue()
        assert ",'+5," in buffer.getvalue()
        assert "r4;'=1," in buffer.getvalue()  # after a semicolon too
        assert ",a;'@b," in buffer.getvalue()
        buffer.seek(0)
        assert list(RecordReader(buffer, format="csv")) == items


class TestFeed:
    """feed() takes plain reading rows without making records: it must change nothing."""

    @staticmethod
    def campaign() -> tuple[object, object]:
        from campaignkit.model import ActivitySeries, Campaign, Indicator, Window
        from campaignkit.scheduling import schedule

        c = Campaign(
            id="c",
            name="C",
            window=Window(start=D(2010, 3, 1), end=D(2010, 3, 31)),
            series=(
                ActivitySeries(
                    id="s",
                    name="S",
                    indicators=(
                        Indicator(id="ideas", name="ideas", target=100),
                        Indicator(id="level", name="level", target=50, aggregate="last"),
                    ),
                ),
            ),
        )
        return c, schedule(c)

    def test_feed_equals_update(self) -> None:
        """feed() gives the accumulator what iterating the reader gives, problems included."""
        from campaignkit.tracking import Accumulator

        text = (
            "id,kind,date,subject,indicator,unit,value,mode,present,absent,excused,note,assumed\n"
            "a,reading,2010-03-01,,ideas,,5,,,,,,\n"
            "b,,2010-03-02,,ideas,,2.5,increment,,,,,true\n"
            ",reading,2010-03-03,,ideas,,1,,,,,,\n"  # no id: derived, the record way
            "c,reading,2010-03-04,,ideas,,3,,,,,a note,\n"  # a note: the record way
            "d,reading,2010-03-05,, ideas,,3,,,,,,\n"  # spaces to strip: the record way
            "e,reading,2010-03-06,,level,,40,cumulative,,,,,\n"
            "f,reading,2010-03-06,,level,,4e1,increment,,,,,\n"  # mode-mismatch
            "g,reading,2010-04-06,,ideas,,1,,,,,,\n"  # outside the window
            "h,reading,2010-03-07,,nope,,1,,,,,,\n"  # unknown indicator
            "i,reading,2010-03-08,,ideas,,1e16,,,,,,\n"  # out of range: a located problem
            "j,reading,2010-03-09,,ideas,,-0,,,,,,FALSE\n"  # upper case: the record way
            "a,reading,2010-03-01,,ideas,,5,,,,,,\n"  # a repeat
            "k,held,2010-03-10,weekly,,,,,,,,,\n"  # not a reading
            "'=l,reading,2010-03-11,,ideas,,1,,,,,,\n"  # a neutralised id: the record way
            "'=l,reading,2010-03-11,,ideas,,1,,,,,,\n"  # and its repeat, as =l
        )
        c, s = self.campaign()
        results, problems = [], []
        for use_feed in (False, True):
            acc = Accumulator(c, s)  # type: ignore[arg-type]
            r = reader(text, strict=False)
            if use_feed:
                r.feed(acc)
            else:
                acc.update(r)
                acc.add_unreadable(r.problems)  # what feed does besides
                acc.add_origins(r.origins())
            results.append(acc.result(D(2010, 3, 31)))
            problems.append(r.problems)
        assert results[0] == results[1]
        assert problems[0] == problems[1]
        assert [p.line for p in problems[0]] == [11]
        assert results[0].indicator("ideas").actual == 5 + 2.5 + 1 + 3 + 3 + 0 + 1  # =l once
        assert {p.code for p in results[0].problems} == {
            "invalid-value",  # the reader's, of line 11: the result lists it too
            "mode-mismatch",
            "outside-window",
            "unknown-reference",
        }
        assert results[0].counts.unreadable == 1

    @pytest.mark.parametrize("unique_ids", [False, True])
    @pytest.mark.parametrize(
        "text",
        [
            (
                "id,kind,date,subject,indicator,unit,value,mode,present,absent,excused,note,assumed\n"
                "a,reading,2010-03-01,,ideas,,5,,,,,,\n"
                "b,,2010-03-02,,ideas,,2.5,increment,,,,,true\n"
                "c,reading,2010-03-02,,ideas,,0.1,,,,,,\n"  # not a whole number: the exact sum
                "e,reading,2010-03-03,,level,,7,,,,,,\n"
                "d,reading,2010-03-03,,level,,9,,,,,,\n"  # the same day: the greater id is last
                "f,reading,2010-03-04,,level,,3,,,,,,false\n"  # after the first day asked
                "g,reading,2010-03-05,,level,,1,,,,,,\n"
                "h,reading,2010-03-05,,ideas,,1,cumulative,,,,,\n"  # mode-mismatch
                "i,reading,2010-03-06,,ideas ,,1,,,,,,\n"  # a space: the record way
                "j,reading,2010-03-07,,ideas,x,1,,,,,,\n"  # an unknown unit
                "k,reading,2010-03-07,,ideas, x,1,,,,,,\n"  # a unit with a space
                "l,reading,2010-03-07,,ideas,,nan,,,,,,\n"  # not a number: a located problem
                "m,reading,2010-03-07,,ideas,,1,,x,,,,\n"  # a subject too: the record way
                "n,reading,2010-3-07,,ideas,,1,,,,,,\n"  # not a date: a located problem
                "o,reading,2010-03-08,,ideas,,1,sometimes,,,,,\n"  # not a mode
                "p,reading,2010-03-08,,ideas,,1,,,,,,maybe\n"
            ),  # not a flag
            (
                "value,date,indicator,id\n"  # a few columns, in another order
                "5,2010-03-01,ideas,a\n"
                "1e1,2010-03-02,ideas,b\n"
                "3,2010-03-02,level,c\n"
                " 4,2010-03-02,level,d\n"  # a space: the record way
                "4,2010-03-02,level,\n"
            ),  # no id: derived, the record way
        ],
    )
    def test_feed_equals_update_for_every_shape(self, text: str, unique_ids: bool) -> None:
        """feed() and iterating give the same progress, problems and row count, whatever the
        columns and whether ids are trusted."""
        from campaignkit.tracking import Accumulator

        c, s = self.campaign()
        seen = []
        for use_feed in (False, True):
            acc = Accumulator(c, s, days=[D(2010, 3, 3), D(2010, 3, 31)], unique_ids=unique_ids)  # type: ignore[arg-type]
            r = reader(text, strict=False)
            if use_feed:
                r.feed(acc)
            else:
                acc.update(r)
                acc.add_unreadable(r.problems)  # what feed does besides
                acc.add_origins(r.origins())
            seen.append((acc.results([D(2010, 3, 3), D(2010, 3, 31)]), r.problems, r.rows))
        assert seen[0] == seen[1]

    def test_feed_then_add_then_merge(self) -> None:
        """An accumulator fed from a file, then given records and merged, sees each id once."""
        from campaignkit.tracking import Accumulator

        c, s = self.campaign()
        text = "id,date,indicator,value\na,2010-03-01,ideas,5\nb,2010-03-02,ideas,2\n"
        acc, other = Accumulator(c, s), Accumulator(c, s)  # type: ignore[arg-type]
        reader(text).feed(acc)
        assert acc.result(D(2010, 3, 31)).indicator("ideas").actual == 5 + 2
        acc.add(Reading(indicator="ideas", date=D(2010, 3, 3), value=4, id="c"))
        reader(text).feed(other)  # the same two readings again: repeats, counted once
        acc.merge(other)
        assert acc.result(D(2010, 3, 31)).indicator("ideas").actual == 5 + 2 + 4

    def test_a_strict_feed_stops_at_the_first_bad_line_of_a_split_block(self) -> None:
        """A block split at its commas raises at the line the csv path raises at, having
        counted the rows before it."""
        from campaignkit.tracking import Accumulator

        good = "".join(f"r{i},2010-03-0{1 + i % 9},ideas,{i}\r\n" for i in range(7))
        text = "id,date,indicator,value\r\n" + good + "x,2010-3-02,ideas,1\r\n" + good
        c, s = self.campaign()
        iterated, fed = reader(text), reader(text)
        with pytest.raises(RecordError) as by_iterating:
            list(iterated)
        with pytest.raises(RecordError) as by_feeding:
            fed.feed(Accumulator(c, s, unique_ids=True), backend="python")  # type: ignore[arg-type]
        expected = [(9, "invalid-date")]  # the header is line 1, seven good rows follow
        assert [(p.line, p.code) for p in by_iterating.value.problems] == expected
        assert [(p.line, p.code) for p in by_feeding.value.problems] == expected
        assert iterated.rows == fed.rows == 8

    @given(
        lines=st.lists(
            st.lists(
                st.sampled_from(["a", "b", "ideas", "2010-03-02", "1", "", '"', "\0", "x y"]),
                min_size=1,
                max_size=6,
            ).map(",".join)
            | st.sampled_from(["a,2010-03-01,ideas,5", "b,2010-03-02,level,7", ""]),
            max_size=8,
        ),
        ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=8, max_size=8),
        last=st.sampled_from(["", "\n", "\r"]),
    )
    def test_unquoted_lines_read_as_the_csv_module_reads_them(
        self, lines: list[str], ends: list[str], last: str
    ) -> None:
        """Lines the reader splits at their commas (no quote or NUL; any line break) give
        what the csv module gives, and feed() agrees with iterating on any mix, those
        included."""
        from campaignkit.io._records import _unquoted
        from campaignkit.tracking import Accumulator

        *inner, final = lines or [""]  # the last line ends with *last* (perhaps nothing)
        body = "".join(line + end for line, end in zip(inner, ends, strict=False)) + final + last
        split = list(io.StringIO(body, newline=""))
        if _unquoted(split):
            assert '"' not in body
            assert "\0" not in body
            rows = [line.rstrip("\r\n").split(",") for line in split]
            parsed = [next(csv.reader([line], strict=True), []) or [""] for line in split]
            assert rows == parsed  # a blank line, no field to csv, one empty field split
        c, s = self.campaign()
        text = "id,date,indicator,value\n" + body
        seen = []
        for use_feed in (False, True):
            acc = Accumulator(c, s, unique_ids=True)  # type: ignore[arg-type]
            r = reader(text, strict=False)
            if use_feed:
                r.feed(acc, backend="python")
            else:
                acc.update(r)
                acc.add_unreadable(r.problems)  # what feed does besides
                acc.add_origins(r.origins())
            seen.append((acc.results([D(2010, 3, 31)]), r.problems, r.rows))
        assert seen[0] == seen[1]

    @given(
        rows=st.lists(
            st.tuples(
                st.sampled_from(["a", "b", "c", " c", ""]),  # id
                st.sampled_from(["reading", "", "held"]),  # kind
                st.sampled_from(["2010-03-01", "2010-03-09", "2010-04-01", "2010-3-01"]),
                st.sampled_from(["", "x"]),  # subject
                st.sampled_from(["ideas", "level", "ideas ", "nope", ""]),  # indicator
                st.sampled_from(["", "u", " u"]),  # unit
                st.sampled_from(["1", "-0", "0.1", "2.5e1", "nan", "", "1e16"]),  # value
                st.sampled_from(["", "increment", "cumulative", "x"]),  # mode
                st.sampled_from(["", "false", "true", "yes"]),  # assumed
            ),
            max_size=12,
        ),
        unique_ids=st.booleans(),
    )
    def test_feed_equals_update_on_drawn_rows(
        self, rows: list[tuple[str, ...]], unique_ids: bool
    ) -> None:
        """feed() and iterating agree on any mix of plain, odd and bad reading rows."""
        from campaignkit.tracking import Accumulator

        c, s = self.campaign()
        text = "id,kind,date,subject,indicator,unit,value,mode,assumed\n" + "".join(
            ",".join(row) + "\n" for row in rows
        )
        seen = []
        for use_feed in (False, True):
            acc = Accumulator(c, s, days=[D(2010, 3, 5), D(2010, 3, 31)], unique_ids=unique_ids)  # type: ignore[arg-type]
            r = reader(text, strict=False)
            if use_feed:
                r.feed(acc)
            else:
                acc.update(r)
                acc.add_unreadable(r.problems)  # what feed does besides
                acc.add_origins(r.origins())
            seen.append((acc.results([D(2010, 3, 5), D(2010, 3, 31)]), r.problems, r.rows))
        assert seen[0] == seen[1]


@pytest.mark.parametrize("backend", ["python", "polars", "arrow"])
def test_a_repeated_header_is_named(tmp_path: Path, backend: str) -> None:
    """Regression: two ledgers joined header and all reported the second header as a bad
    date (column 2); the row is reported as what it is, and the readings around it count."""
    path = tmp_path / "joined.csv"
    path.write_text(
        "id,date,indicator,value\r\nr1,2010-03-05,ideas,5\r\n"
        "id, date ,indicator,value\r\nr2,2010-03-06,ideas,6\r\n",
        encoding="utf-8",
    )
    reader = RecordReader(path, strict=False)
    acc = Accumulator(IDEAS, schedule(IDEAS), days=[IDEAS.window.end], unique_ids=True)
    reader.feed(acc, backend=backend)  # type: ignore[arg-type]
    assert [(p.line, p.column, p.code) for p in reader.problems] == [(3, None, "bad-csv")]
    assert "repeats the header line" in reader.problems[0].message
    assert acc.result(IDEAS.window.end).indicator("ideas").actual == 5 + 6
