"""The converter: strict structuring with located problems, tidy unstructuring."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import structure_campaign, unstructure_campaign
from campaignkit.model import Campaign, Mechanism, NonWorkingDayPolicy, Person, Phase, Window


def base() -> dict[str, Any]:
    """A small valid document to break in one place per test."""
    return {
        "id": "drive",
        "name": "Drive",
        "window": {"start": "2026-03-02", "end": "2026-05-29"},
        "people": [{"id": "ana", "name": "Ana"}, {"id": "ben", "name": "Ben"}],
        "units": [{"id": "district", "name": "District", "kind": "district"}],
        "phases": [
            {"id": "prepare", "name": "Prepare", "start": "2026-03-02", "end": "2026-03-13"},
            {"id": "run", "name": "Run", "duration": 20, "after": ["prepare"], "lag": 1},
        ],
        "mechanisms": [
            {"id": "weekly", "name": "Weekly meeting", "rule": "FREQ=WEEKLY;BYDAY=MO"},
        ],
        "series": [
            {
                "id": "sessions",
                "name": "Sessions",
                "indicators": [{"id": "doses", "name": "Doses", "target": 100}],
            }
        ],
        "assignments": [{"subject": "weekly", "party": "ana", "role": "lead"}],
    }


def located(doc: object) -> list[tuple[str, str]]:
    """The (path, code) of every problem structuring *doc* raises."""
    with pytest.raises(ValidationError) as info:
        structure_campaign(doc)
    return [(p.path, p.code) for p in info.value.problems]


class TestStructure:
    def test_valid_document(self) -> None:
        """A valid document becomes a campaign with typed values."""
        c = structure_campaign(base())
        assert c.window == Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 5, 29))
        assert c.mechanisms[0].on_non_working_day is NonWorkingDayPolicy.SKIP
        assert c.series[0].indicators[0].target == 100.0
        assert isinstance(c.series[0].indicators[0].target, float)
        assert c.phases[1].after == ("prepare",)

    def test_native_toml_dates_and_times(self) -> None:
        """Dates and times that a parser already made (TOML does) are accepted as they are."""
        doc = base()
        doc["window"] = {"start": dt.date(2026, 3, 2), "end": dt.date(2026, 5, 29)}
        doc["mechanisms"][0]["time"] = dt.time(14, 30)
        c = structure_campaign(doc)
        assert c.window.start == dt.date(2026, 3, 2)
        assert c.mechanisms[0].time == dt.time(14, 30)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("09:30", dt.time(9, 30)), ("23:59:58", dt.time(23, 59, 58)), ("00:00", dt.time(0))],
    )
    def test_times_of_day(self, text: str, expected: dt.time) -> None:
        """Times are written HH:MM, or HH:MM:SS."""
        doc = base()
        doc["mechanisms"][0]["time"] = text
        assert structure_campaign(doc).mechanisms[0].time == expected

    def test_top_level_not_a_mapping(self) -> None:
        """A document that is a list is a wrong type at the root."""
        assert located([base()]) == [("$", "wrong-type")]


class TestStructureProblems:
    def test_impossible_date(self) -> None:
        """2010-02-30 does not exist: an invalid date at its path."""
        doc = base()
        doc["phases"][0]["end"] = "2010-02-30"
        assert located(doc) == [("$.phases[0].end", "invalid-date")]

    @pytest.mark.parametrize("text", ["2026-3-2", "20260302", "2026-W10-1", "next monday"])
    def test_date_not_iso(self, text: str) -> None:
        """Only YYYY-MM-DD is a date, even where Python would read other forms."""
        doc = base()
        doc["window"]["start"] = text
        assert located(doc) == [("$.window.start", "invalid-date")]

    def test_date_time_is_not_a_date(self) -> None:
        """A date-time (TOML can write one) is the wrong type where a date belongs."""
        doc = base()
        doc["window"]["start"] = dt.datetime(2026, 3, 2, 9)
        assert located(doc) == [("$.window.start", "wrong-type")]

    @pytest.mark.parametrize("text", ["25:00", "9:30", "09:60", "noon"])
    def test_bad_time(self, text: str) -> None:
        """A time of day that is not HH:MM is an invalid time."""
        doc = base()
        doc["mechanisms"][0]["time"] = text
        assert located(doc) == [("$.mechanisms[0].time", "invalid-time")]

    def test_unknown_key(self) -> None:
        """A typo in a key is an error at the key, with a suggestion."""
        doc = base()
        doc["phases"][1]["durration"] = doc["phases"][1].pop("duration")
        with pytest.raises(ValidationError) as info:
            structure_campaign(doc)
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[1].durration", "unknown-key")
        assert "did you mean 'duration'?" in problem.message

    def test_missing_required_key(self) -> None:
        """A required key that is absent is reported where it belongs."""
        doc = base()
        del doc["series"][0]["indicators"][0]["target"]
        assert located(doc) == [("$.series[0].indicators[0].target", "missing-key")]

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("name",), 2026),  # a name must be a string, not a number
            (("people",), "ana"),  # a list, not a string (which is a sequence of letters)
            (("mechanisms", 0, "attendance"), "yes"),  # a boolean, not a string
            (("phases", 1, "duration"), 2.5),  # an integer, not a number
            (("phases", 1, "duration"), True),  # an integer, not a boolean
            (("window",), ["2026-03-02", "2026-05-29"]),  # a mapping, not a list
            (("units", 0, "translations"), ["District"]),  # a mapping, not a list
            (("series", 0, "indicators", 0, "target"), "100"),  # a number, not a string
        ],
    )
    def test_wrong_type(self, path: tuple[str | int, ...], value: object) -> None:
        """A value of the wrong type is reported at its path, never coerced."""
        doc = base()
        *parents, last = path
        holder: Any = doc
        for step in parents:
            holder = holder[step]
        holder[last] = value
        expected = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path)
        assert located(doc) == [(expected, "wrong-type")]

    def test_huge_integer(self) -> None:
        """An integer too long to print is still described, as the wrong type for a name."""
        doc = base()
        doc["name"] = 10**5000
        assert located(doc) == [("$.name", "wrong-type")]

    def test_null_for_required_value(self) -> None:
        """``null`` where the model has no ``None`` is a wrong type, not a crash."""
        doc = base()
        doc["people"][1]["name"] = None
        doc["timezone"] = None
        assert sorted(located(doc)) == [
            ("$.people[1].name", "wrong-type"),
            ("$.timezone", "wrong-type"),
        ]

    def test_null_where_allowed(self) -> None:
        """``null`` where the model allows ``None`` means the default."""
        doc = base()
        doc["units"][0]["parent"] = None
        assert structure_campaign(doc).units[0].parent is None

    def test_mapping_key_not_a_string(self) -> None:
        """Translations are keyed by language tags, which are strings."""
        doc = base()
        doc["units"][0]["translations"] = {1: "District"}
        assert located(doc) == [('$.units[0].translations["1"]', "wrong-type")]

    def test_bad_enum_value(self) -> None:
        """A role that does not exist is an invalid value listing the choices."""
        doc = base()
        doc["assignments"][0]["role"] = "boss"
        with pytest.raises(ValidationError) as info:
            structure_campaign(doc)
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.assignments[0].role", "invalid-value")
        assert "'lead'" in problem.message

    def test_non_finite_number(self) -> None:
        """NaN is no target."""
        doc = base()
        doc["series"][0]["indicators"][0]["target"] = float("nan")
        assert located(doc) == [("$.series[0].indicators[0].target", "invalid-value")]

    def test_validator_bound(self) -> None:
        """A field below its bound is an invalid value at that field."""
        doc = base()
        doc["phases"][1]["lag"] = -1
        assert located(doc) == [("$.phases[1].lag", "invalid-value")]

    def test_element_rule_rooted_at_its_path(self) -> None:
        """A rule an element checks itself is reported under the element's path."""
        doc = base()
        doc["phases"][0]["end"] = "2026-03-01"  # before its start
        doc["series"][0]["indicators"][0]["target"] = 0  # equal to the baseline
        assert located(doc) == [
            ("$.phases[0].end", "window-order"),
            ("$.series[0].indicators[0].target", "target-equals-baseline"),
        ]

    def test_every_problem_reported(self) -> None:
        """Problems in different places are all reported at once."""
        doc = base()
        doc["nmae"] = "typo"
        doc["window"]["end"] = "2026-02-30"
        doc["people"][0]["name"] = 1
        doc["assignments"][0]["role"] = "boss"
        assert sorted(located(doc)) == [
            ("$.assignments[0].role", "invalid-value"),
            ("$.nmae", "unknown-key"),
            ("$.people[0].name", "wrong-type"),
            ("$.window.end", "invalid-date"),
        ]


class TestCampaignRules:
    """The campaign's own checks, reached through a document."""

    def test_duplicate_id(self) -> None:
        """Two elements with one id: the second is reported."""
        doc = base()
        doc["units"][0]["id"] = "ana"
        assert located(doc) == [("$.units[0].id", "duplicate-id")]

    def test_dangling_reference(self) -> None:
        """A reference to an undefined element is reported where it is made."""
        doc = base()
        doc["assignments"][0]["party"] = "nobody"
        assert located(doc) == [("$.assignments[0].party", "unknown-reference")]

    def test_phase_cycle(self) -> None:
        """Phases that follow each other in a circle make a cycle."""
        doc = base()
        doc["phases"].append({"id": "a", "name": "A", "duration": 2, "after": ["b"]})
        doc["phases"].append({"id": "b", "name": "B", "duration": 2, "after": ["a"]})
        with pytest.raises(ValidationError) as info:
            structure_campaign(doc)
        (problem,) = info.value.problems
        assert (problem.path, problem.code) == ("$.phases[2].after", "cycle")
        assert "a → b → a" in problem.message

    def test_bad_rule(self) -> None:
        """A recurrence rule dateutil cannot read is a bad rule."""
        doc = base()
        doc["mechanisms"][0]["rule"] = "FREQ=FORTNIGHTLY"
        assert located(doc) == [("$.mechanisms[0].rule", "bad-rule")]

    @pytest.mark.parametrize("zone", ["America", "x" * 300, "Europe/Nowhere"])
    def test_regression_timezone_raising_oserror(self, zone: str) -> None:
        """A zone naming a directory of the database, or too long for a file name, is unknown.

        Both once escaped as OSError (IsADirectoryError, 'File name too long').
        """
        doc = base()
        doc["timezone"] = zone
        assert located(doc) == [("$.timezone", "unknown-timezone")]

    def test_invalid_id(self) -> None:
        """An id that is not a slug is reported at the id."""
        doc = base()
        doc["people"][1]["id"] = "ben smith"
        assert located(doc) == [("$.people[1].id", "invalid-id")]


class TestUnstructure:
    def test_defaults_left_out(self) -> None:
        """A campaign of defaults unstructures to its required keys only."""
        c = Campaign(
            id="drive",
            name="Drive",
            window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 5, 29)),
            people=(Person(id="ana", name="Ana"),),
        )
        assert unstructure_campaign(c) == {
            "id": "drive",
            "name": "Drive",
            "window": {"start": "2026-03-02", "end": "2026-05-29"},
            "people": [{"id": "ana", "name": "Ana"}],
        }

    def test_index_never_written(self) -> None:
        """The campaign's private index is no part of its document."""
        data = unstructure_campaign(structure_campaign(base()))
        assert "_index" not in data
        assert "index" not in data

    def test_values_written_as_text(self) -> None:
        """Dates are ISO strings, times HH:MM (seconds only when there are some), enums values."""
        c = structure_campaign(base())
        m = Mechanism(
            id="weekly",
            name="Weekly",
            rule="FREQ=WEEKLY",
            time=dt.time(14, 30),
            on_non_working_day=NonWorkingDayPolicy.NEXT_WORKING_DAY,
        )
        late = Mechanism(id="late", name="Late", rule="FREQ=DAILY", time=dt.time(23, 59, 30))
        c2 = attrs.evolve(c, mechanisms=(m, late), assignments=())
        data = unstructure_campaign(c2)
        assert data["mechanisms"][0] == {
            "id": "weekly",
            "name": "Weekly",
            "rule": "FREQ=WEEKLY",
            "time": "14:30",
            "on_non_working_day": "next_working_day",
        }
        assert data["mechanisms"][1]["time"] == "23:59:30"
        assert type(data["mechanisms"][0]["on_non_working_day"]) is str  # plain, for any writer
        assert data["phases"][0]["start"] == "2026-03-02"

    def test_keys_in_reading_order(self) -> None:
        """An element's id and name come first, its note and flags last."""
        p = Phase(id="run", name="Run", duration=3, note="guessed", assumed=True, weight=2)
        c = attrs.evolve(structure_campaign(base()), phases=(p,))
        assert list(unstructure_campaign(c)["phases"][0]) == [
            "id",
            "name",
            "duration",
            "weight",
            "note",
            "assumed",
        ]

    def test_round_trip(self) -> None:
        """Structuring what unstructuring wrote gives the same campaign."""
        doc = base()
        doc["units"][0]["translations"] = {"de": "Landkreis"}
        doc["series"][0]["indicators"][0]["unit_targets"] = {"district": 40}
        c = structure_campaign(doc)
        assert structure_campaign(copy.deepcopy(unstructure_campaign(c))) == c


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2010-02-30", "25:00", "lead", "mon", "FREQ=DAILY", "ana", "America"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _leaf_paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path into *value* (a document), the root excepted."""
    out: list[tuple[str | int, ...]] = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _leaf_paths(item, (*path, i))
    return out


class TestAnyDocument:
    @given(data=st.data(), value=JSON_VALUES)
    def test_only_validation_errors(self, data: st.DataObject, value: object) -> None:
        """Any value anywhere in a document yields a campaign or located problems, nothing else."""
        doc = base()
        path = data.draw(st.sampled_from(_leaf_paths(doc)))
        holder: Any = doc
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = value
        try:
            structure_campaign(doc)
        except ValidationError as exc:
            problems = list(exc.problems)
        else:
            problems = []
        assert all(p.path.startswith("$") and p.code for p in problems)

    @given(value=JSON_VALUES)
    def test_any_top_level(self, value: object) -> None:
        """Any document at all yields located problems rather than a crash."""
        with pytest.raises(ValidationError):
            structure_campaign(value)
