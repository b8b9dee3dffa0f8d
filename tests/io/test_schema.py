"""The JSON Schema of campaign files agrees with the converter."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from campaignkit.io import dumps, format_of, load, parse, schema
from campaignkit.io._schema import DIALECT

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*/campaign.*"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator of the schema that checks formats (dates) too."""
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    """The JSON paths where *document* breaks the schema."""
    return sorted(e.json_path for e in validator.iter_errors(document))


def vaccination() -> dict[str, Any]:
    """The vaccination example as the converter writes it."""
    path = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"
    data: dict[str, Any] = json.loads(dumps(load(path), "json"))
    return data


def test_schema_is_valid_2020_12() -> None:
    """The schema itself is a valid draft 2020-12 schema."""
    s = schema()
    assert s["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(s)


def test_schema_is_json() -> None:
    """The schema survives JSON unchanged (no tuples, dates or other Python values)."""
    s = schema()
    assert json.loads(json.dumps(s)) == s


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.parent.name + "/" + p.name))
def test_example_files_validate(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    """Every example file, as written by hand, validates, and so loads."""
    document = parse(path.read_text(encoding="utf-8"), format_of(path))
    assert errors(validator, document) == []
    load(path)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_written_files_validate(validator: jsonschema.Draft202012Validator, fmt: str) -> None:
    """What dumps writes validates, in the formats a generic parser reads faithfully."""
    path = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"
    text = dumps(load(path), fmt)  # type: ignore[arg-type]
    document = json.loads(text) if fmt == "json" else tomllib.loads(text)
    assert errors(validator, document) == []


def test_written_yaml_validates(validator: jsonschema.Draft202012Validator) -> None:
    """YAML written by dumps quotes its dates, so even a plain YAML 1.1 reader sees strings."""
    path = Path(__file__).parents[2] / "examples" / "vaccination" / "campaign.yaml"
    document = yaml.safe_load(dumps(load(path), "yaml"))
    assert errors(validator, document) == []


def test_unknown_key_fails(validator: jsonschema.Draft202012Validator) -> None:
    """A typo in a key breaks the schema, as it breaks loading."""
    doc = vaccination()
    doc["phases"][1]["durration"] = doc["phases"][1].pop("duration")
    assert errors(validator, doc) == ["$.phases[1]"]


def test_wrong_enum_fails(validator: jsonschema.Draft202012Validator) -> None:
    """A role that does not exist breaks the schema."""
    doc = vaccination()
    doc["assignments"][0]["role"] = "boss"
    assert errors(validator, doc) == ["$.assignments[0].role"]


def test_across(validator: jsonschema.Draft202012Validator) -> None:
    """``across`` takes one of its ways or null, as loading does."""
    assert schema()["$defs"]["AcrossUnits"]["enum"] == ["sum", "mean", "max"]
    doc = vaccination()
    assert doc["series"][1]["indicators"][1]["across"] == "mean"
    doc["series"][1]["indicators"][1]["across"] = None
    assert errors(validator, doc) == []
    doc["series"][1]["indicators"][1]["across"] = "average"
    assert errors(validator, doc) == ["$.series[1].indicators[1].across"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["window"].update(end="2026-02-30"), "$.window.end"),  # impossible date
        (lambda d: d["people"][0].pop("name"), "$.people[0]"),  # missing required key
        (lambda d: d["people"][0].update(id="ana maria"), "$.people[0].id"),  # not a slug
        (lambda d: d["phases"][1].update(lag=-1), "$.phases[1].lag"),  # below its bound
        (lambda d: d["mechanisms"][0].update(time="9:00"), "$.mechanisms[0].time"),
        (lambda d: d["people"][0].update(name=None), "$.people[0].name"),  # null, not optional
    ],
)
def test_breaks_the_converter_refuses(
    validator: jsonschema.Draft202012Validator, change: Any, where: str
) -> None:
    """Documents the converter refuses for their shape break the schema at the same place."""
    doc = copy.deepcopy(vaccination())
    change(doc)
    assert where in errors(validator, doc)


def test_required_and_defaults() -> None:
    """Fields without a default are required; the others show their default."""
    defs = schema()["$defs"]
    assert defs["Campaign"]["required"] == ["id", "name", "window"]
    assert defs["Mechanism"]["properties"]["on_non_working_day"]["default"] == "skip"
    assert defs["Mechanism"]["properties"]["time"]["default"] == "09:00"
    assert defs["Indicator"]["properties"]["baseline"]["default"] == 0.0
    assert all(d.get("additionalProperties") is False for d in defs.values() if "properties" in d)
