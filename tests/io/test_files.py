"""Campaign files: the three formats, their syntax errors, the limits, atomic writing."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import campaignkit.io._files as files
from campaignkit import Problem, ValidationError
from campaignkit.io import FileFormat, dump, dumps, load, loads
from campaignkit.model import AcrossUnits, Campaign

EXAMPLE = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"
FORMATS: list[FileFormat] = ["yaml", "json", "toml"]

MINIMAL_YAML = """\
id: drive
name: Drive
window: {start: 2026-03-02, end: 2026-05-29}
"""


def problems_of(call: Callable[[], object]) -> list[Problem]:
    """The problems of the ValidationError that *call* raises."""
    with pytest.raises(ValidationError) as info:
        call()
    return list(info.value.problems)


def one_problem(call: Callable[[], object]) -> Problem:
    """The one problem of the ValidationError that *call* raises."""
    (problem,) = problems_of(call)
    return problem


def finishes(call: Callable[[], object], seconds: float = 60) -> bool:
    """Whether *call* returns or raises within *seconds* (a guard against hangs, not a timing)."""
    worker = threading.Thread(target=lambda: _swallow(call), daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive()


def _swallow(call: Callable[[], object]) -> None:
    with contextlib.suppress(ValidationError):
        call()


@pytest.fixture(scope="module")
def example() -> Campaign:
    """The example campaign, loaded once."""
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def example_text() -> str:
    """The example campaign's YAML text."""
    return EXAMPLE.read_text(encoding="utf-8")


class TestExample:
    def test_loads_without_warnings(self, example: Campaign) -> None:
        """The example campaign is valid and gives no advice."""
        assert example.id == "spring-vaccination-2026"
        assert example.check() == []

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_round_trip(self, example: Campaign, fmt: FileFormat) -> None:
        """Writing the example and reading it back gives the same campaign, in every format."""
        assert loads(dumps(example, fmt), fmt) == example

    @pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml"])
    def test_dump_and_load_file(self, example: Campaign, tmp_path: Path, suffix: str) -> None:
        """A file written by dump loads back as the same campaign; the extension picks the format."""
        path = tmp_path / f"campaign{suffix}"
        dump(example, path)
        assert load(path) == example

    def test_dump_format_follows_extension(self, example: Campaign, tmp_path: Path) -> None:
        """A .json file holds JSON."""
        path = tmp_path / "campaign.json"
        dump(example, path)
        assert json.loads(path.read_text(encoding="utf-8"))["id"] == example.id


class TestYamlReading:
    def test_dates_and_times_stay_strings(self) -> None:
        """Unquoted dates are read by the converter, so YAML's own timestamps never appear."""
        c = loads(MINIMAL_YAML + "mechanisms: [{id: m, name: M, rule: FREQ=DAILY, time: 14:30}]\n")
        assert str(c.window.start) == "2026-03-02"
        assert c.mechanisms[0].time.hour == 14

    def test_norway_stays_a_country(self) -> None:
        """``NO`` is a string (YAML 1.2), not the boolean false of YAML 1.1."""
        c = loads(MINIMAL_YAML + "calendar: {country: NO}\n")
        assert c.calendar.country == "NO"

    def test_merge_keys(self) -> None:
        """Anchors and merge keys may share settings between elements."""
        text = MINIMAL_YAML + (
            "units:\n"
            "  - &clinic {id: a, name: A, kind: clinic}\n"
            "  - {<<: *clinic, id: b, name: B}\n"
        )
        assert loads(text).units[1].kind == "clinic"

    def test_null_for_required_value(self) -> None:
        """``~`` where a value is required is a located wrong type, not a crash."""
        problems = problems_of(
            lambda: loads(MINIMAL_YAML.replace("name: Drive", "name: ~") + "people: null\n")
        )
        assert [(p.path, p.code, p.line) for p in problems] == [
            ("$.name", "wrong-type", 2),
            ("$.people", "wrong-type", 4),
        ]

    def test_unsafe_tag_refused(self) -> None:
        """The safe loader builds no Python objects; the tag is a syntax problem with its place."""
        problem = one_problem(
            lambda: loads(MINIMAL_YAML + "note: !!python/object/apply:os.getcwd []\n")
        )
        assert (problem.code, problem.line, problem.column) == ("syntax", 4, 7)

    def test_semantic_problem_has_line_and_column(self) -> None:
        """A problem found after parsing is also placed on its line in a YAML document."""
        text = MINIMAL_YAML + "people:\n  - id: ana\n    name: 42\n"
        problem = one_problem(lambda: loads(text))
        assert (problem.path, problem.code) == ("$.people[0].name", "wrong-type")
        assert (problem.line, problem.column) == (6, 11)


CASCADED_RATE_YAML = (
    MINIMAL_YAML
    + """\
units:
  - {id: district, name: District}
  - {id: north, name: North, parent: district}
  - {id: south, name: South, parent: district}
series:
  - id: sessions
    name: Sessions
    cascade: {children_of: district}
    indicators:
      - {id: coverage, name: Coverage, unit: "%", baseline: 88.5, target: 95, aggregate: last, across: mean}
"""
)


class TestAcross:
    def test_round_trip(self) -> None:
        """``across`` is read, written back where it was given, and read again the same."""
        c = loads(CASCADED_RATE_YAML)
        assert c.indicator("coverage").across is AcrossUnits.MEAN
        text = dumps(c, "yaml")
        assert "across: mean" in text
        assert loads(text) == c

    def test_left_out_stays_left_out(self) -> None:
        """An indicator without ``across`` is written without it (its default is derived)."""
        c = loads(CASCADED_RATE_YAML.replace(", across: mean", ""))
        assert c.indicator("coverage").across is None
        assert "across" not in dumps(c, "yaml")

    def test_unknown_way_is_located(self) -> None:
        """A way of combining units that does not exist is an invalid value at its key."""
        problem = one_problem(lambda: loads(CASCADED_RATE_YAML.replace("mean", "average")))
        assert (problem.path, problem.code) == ("$.series[0].indicators[0].across", "invalid-value")
        assert "'sum', 'mean', 'max'" in problem.message
        assert problem.line == 13  # the indicator's line, under 3 + 9 lines before it

    def test_a_summed_rate_is_a_warning(self) -> None:
        """Without ``across`` the rate loads, and ``check`` advises at the indicator."""
        c = loads(CASCADED_RATE_YAML.replace(", across: mean", ""))
        assert [(p.path, p.code) for p in c.check()] == [
            ("$.series[0]", "no-assignment"),
            ("$.series[0].indicators[0]", "rate-summed"),
        ]


class TestSyntaxErrors:
    def test_yaml(self) -> None:
        """A YAML syntax error is located by line and column."""
        problem = one_problem(lambda: loads("id: drive\nname: [Drive\nwindow: {}\n"))
        assert problem.code == "syntax"
        assert problem.path == "$"
        assert (problem.line, problem.column) == (3, 7)

    def test_json(self) -> None:
        """A JSON syntax error is located by line and column."""
        text = '{\n  "id": "drive",\n  "name": "Drive",,\n}'
        problem = one_problem(lambda: loads(text, "json"))
        assert (problem.code, problem.line, problem.column) == ("syntax", 3, 19)

    def test_toml(self) -> None:
        """A TOML syntax error is located by line and column."""
        text = 'id = "drive"\nname = Drive\n'
        problem = one_problem(lambda: loads(text, "toml"))
        assert (problem.code, problem.line, problem.column) == ("syntax", 2, 8)

    def test_toml_at_end(self) -> None:
        """A TOML document cut short is located at its end."""
        problem = one_problem(lambda: loads('id = "drive"\nname = ', "toml"))
        assert (problem.code, problem.line, problem.column) == ("syntax", 2, 8)

    def test_two_yaml_documents(self) -> None:
        """A file holds one campaign: a second document is a syntax error."""
        problem = one_problem(lambda: loads(MINIMAL_YAML + "---\nid: other\n"))
        assert (problem.code, problem.line) == ("syntax", 4)

    def test_unprintable_character(self) -> None:
        """A control character is located where it is."""
        problem = one_problem(lambda: loads("id: drive\nname: a\x07b\n"))
        assert (problem.code, problem.line, problem.column) == ("syntax", 2, 8)

    @pytest.mark.parametrize(
        ("text", "fmt", "line"),
        [("id: a\nname: b\nid: c\n", "yaml", 3), ('{"id": "a", "id": "b"}', "json", None)],
    )
    def test_duplicate_key(self, text: str, fmt: FileFormat, line: int | None) -> None:
        """A key given twice would silently drop the first value, so it is an error."""
        problem = one_problem(lambda: loads(text, fmt))
        assert (problem.code, problem.line) == ("duplicate-key", line)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_nesting_too_deep(self, fmt: FileFormat) -> None:
        """A document nested beyond reason is refused, not a RecursionError."""
        depth = {"yaml": 1000, "json": 100_000, "toml": 5000}[fmt]
        text = {"yaml": "a: ", "json": "", "toml": "a = "}[fmt] + "[" * depth + "]" * depth
        assert one_problem(lambda: loads(text, fmt)).code == "too-deep"

    def test_number_beyond_limits(self) -> None:
        """An integer of thousands of digits is a syntax problem, not a crash."""
        assert one_problem(lambda: loads('{"id": ' + "9" * 5000 + "}", "json")).code == "syntax"


class TestAnyText:
    @given(text=st.text(max_size=200))
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_only_validation_errors(self, fmt: FileFormat, text: str) -> None:
        """Whatever the text, loads returns a campaign or raises located problems."""
        with pytest.raises(ValidationError):
            loads(text, fmt)

    @given(
        cut=st.integers(min_value=0, max_value=10_000),
        junk=st.sampled_from(["", ":", "[", "\t", "&a", "*a", "'"]),
    )
    def test_damaged_example(self, example_text: str, cut: int, junk: str) -> None:
        """The example cut short and damaged yields located problems, not a crash."""
        damaged = example_text[: cut % len(example_text)] + junk
        try:
            loads(damaged)
        except ValidationError as exc:
            problems = list(exc.problems)
        else:
            problems = []
        assert all(p.code for p in problems)


class TestBadDocuments:
    @pytest.mark.parametrize(
        ("text", "fmt"),
        [
            ("", "yaml"),
            ("  \n\n", "json"),
            ("# nothing yet\n", "yaml"),
            ("", "toml"),
            ("{}", "json"),
        ],
    )
    def test_empty(self, text: str, fmt: FileFormat) -> None:
        """A document with no campaign in it is empty."""
        problem = one_problem(lambda: loads(text, fmt))
        assert (problem.path, problem.code) == ("$", "empty")

    @pytest.mark.parametrize(
        ("text", "fmt"), [("- a\n- b\n", "yaml"), ("[1, 2]", "json"), ('"x"', "json")]
    )
    def test_top_level_not_a_mapping(self, text: str, fmt: FileFormat) -> None:
        """A campaign is a mapping at the top."""
        problem = one_problem(lambda: loads(text, fmt))
        assert (problem.path, problem.code) == ("$", "wrong-type")

    def test_unknown_format_name(self) -> None:
        """loads names its formats; anything else is refused."""
        assert one_problem(lambda: loads("{}", "xml")).code == "unknown-format"  # type: ignore[arg-type]

    def test_alias_bomb(self) -> None:
        """A billion laughs is refused quickly, located at the node that expands too far."""
        lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        text = "\n".join(lines) + "\n"
        outcome: list[Problem] = []
        assert finishes(lambda: outcome.extend(problems_of(lambda: loads(text))))
        (problem,) = outcome
        assert problem.code == "alias-limit"
        assert problem.line is not None

    def test_alias_within_limit(self) -> None:
        """Aliases that expand a little are fine."""
        text = MINIMAL_YAML + "note: &n shared\ntranslations: {en: *n}\n"
        assert loads(text).translations == {"en": "shared"}

    def test_recursive_alias(self) -> None:
        """An alias inside the node it names would expand forever; it is refused."""
        problem = one_problem(lambda: loads(MINIMAL_YAML + "theme: &t [*t]\n"))
        assert (problem.code, problem.line) == ("alias-limit", 4)

    def test_too_large_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Text beyond the size limit is refused before parsing."""
        monkeypatch.setattr(files, "MAX_FILE_BYTES", 20)
        assert one_problem(lambda: loads(MINIMAL_YAML)).code == "too-large"


class TestLoadFile:
    def test_every_problem_names_the_file(self, tmp_path: Path) -> None:
        """Problems from load carry the file they come from."""
        path = tmp_path / "c.yaml"
        path.write_text(MINIMAL_YAML + "nmae: x\npeople: [{id: a}]\n", encoding="utf-8")
        problems = problems_of(lambda: load(path))
        assert {(p.path, p.code) for p in problems} == {
            ("$.nmae", "unknown-key"),
            ("$.people[0].name", "missing-key"),
        }
        assert {p.source for p in problems} == {str(path)}

    def test_unknown_extension(self, tmp_path: Path) -> None:
        """A file whose extension names no format is refused, naming the file."""
        path = tmp_path / "campaign.txt"
        path.write_text(MINIMAL_YAML, encoding="utf-8")
        problem = one_problem(lambda: load(path))
        assert (problem.path, problem.code, problem.source) == ("$", "unknown-format", str(path))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a located problem."""
        path = tmp_path / "absent.yaml"
        problem = one_problem(lambda: load(path))
        assert (problem.code, problem.source) == ("unreadable", str(path))

    def test_too_large_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file beyond the size limit is refused."""
        path = tmp_path / "big.json"
        path.write_text(json.dumps({"id": "x" * 100}), encoding="utf-8")
        monkeypatch.setattr(files, "MAX_FILE_BYTES", 50)
        problem = one_problem(lambda: load(path))
        assert (problem.code, problem.source) == ("too-large", str(path))

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 are located by line."""
        path = tmp_path / "latin1.yaml"
        path.write_bytes(MINIMAL_YAML.encode() + "note: Süd\n".encode("latin-1"))
        problem = one_problem(lambda: load(path))
        assert (problem.code, problem.line, problem.column) == ("encoding", 4, 8)

    def test_byte_order_mark(self, tmp_path: Path) -> None:
        """A UTF-8 byte order mark is skipped."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(json_minimal()).encode())
        assert load(path).id == "drive"

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty file is reported as empty, with its name."""
        path = tmp_path / "empty.toml"
        path.write_text("", encoding="utf-8")
        problem = one_problem(lambda: load(path))
        assert (problem.code, problem.source) == ("empty", str(path))


class TestDump:
    def test_atomic_replace_keeps_mode(self, example: Campaign, tmp_path: Path) -> None:
        """Dumping over a file replaces it whole, keeps its permissions and leaves no temporary."""
        path = tmp_path / "campaign.yaml"
        path.write_text("old", encoding="utf-8")
        path.chmod(0o640)
        dump(example, path)
        assert load(path) == example
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert os.listdir(tmp_path) == ["campaign.yaml"]

    def test_failed_write_leaves_old_file(
        self, example: Campaign, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When writing fails, the old file stays as it was and no temporary remains."""
        path = tmp_path / "campaign.yaml"
        path.write_text("old", encoding="utf-8")

        def broken_replace(src: Any, dst: Any) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", broken_replace)
        with pytest.raises(OSError, match="disk full"):
            dump(example, path)
        assert path.read_text(encoding="utf-8") == "old"
        assert os.listdir(tmp_path) == ["campaign.yaml"]

    def test_unknown_extension(self, example: Campaign, tmp_path: Path) -> None:
        """dump refuses an extension that names no format, and writes nothing."""
        path = tmp_path / "campaign.xml"
        assert one_problem(lambda: dump(example, path)).code == "unknown-format"
        assert not path.exists()

    def test_toml_has_no_nulls(self, example: Campaign) -> None:
        """Defaults (None among them) are left out, so TOML can hold every campaign."""
        assert "null" not in dumps(example, "json")


def json_minimal() -> dict[str, Any]:
    """The minimal campaign as a JSON document."""
    return {"id": "drive", "name": "Drive", "window": {"start": "2026-03-02", "end": "2026-05-29"}}


def test_json_escapes_what_reorders_or_breaks_a_line() -> None:
    """Regression: a campaign's JSON went through json.dumps and wrote a bidi override
    and U+2028 raw (the progress and schedule JSON escape them); it reads back the same."""
    text = 'id: d\nname: "Meeting \\u202eFDP.exe"\nnote: "a\\u2028b"\n'
    text += "window: {start: 2026-03-02, end: 2026-05-29}\n"
    campaign = loads(text, "yaml")
    written = dumps(campaign, "json")
    assert "\u202e" not in written
    assert "\u2028" not in written
    assert "\\u202e" in written
    assert loads(written, "json") == campaign
