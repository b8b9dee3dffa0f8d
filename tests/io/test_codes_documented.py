"""Every problem code the library can raise is documented in docs/reference.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
REFERENCE = ROOT / "docs" / "reference.md"

# Calls that pass a problem code, and where. ``Problem`` and the helpers around it take
# (path, code, message); the file reader's helpers take (code, message). Other error classes
# built from a code (``RuleError("too-many-occurrences", msg)``, ``_RowError(field, code,
# msg)``) are recognised by their name and a hyphenated code among their first two arguments.
CODE_AFTER_PATH = {"Problem", "fail", "add", "warn", "single"}
CODE_FIRST = {"_problem", "_error", "_node_error"}
CODE = re.compile(r"^[a-z]+(-[a-z]+)*$")


def codes_passed(call: ast.Call) -> list[str]:
    """The problem codes *call* passes as constant strings."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name in CODE_AFTER_PATH:
        candidates, hyphenated = call.args[1:2], False
    elif name in CODE_FIRST:
        candidates, hyphenated = call.args[:1], False
    elif name.endswith("Error"):
        candidates, hyphenated = call.args[:2], True
    else:
        return []
    candidates += [k.value for k in call.keywords if k.arg == "code"]
    return [
        arg.value
        for arg in candidates
        if isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and CODE.match(arg.value)
        and (not hyphenated or "-" in arg.value)
    ]


def codes_in_source() -> dict[str, list[str]]:
    """Each code string passed as a problem code anywhere in src/, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src" / "campaignkit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for code in codes_passed(node):
                    found.setdefault(code, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def documented_codes(*pages: Path) -> set[str]:
    """The codes listed in the code tables of *pages*: tables headed ``| code | meaning |``."""
    found: set[str] = set()
    for page in pages:
        in_table = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\| code \|", line):
                in_table = True
            elif not line.startswith("|"):
                in_table = False
            elif in_table and (match := re.match(r"^\| `([a-z]+(?:-[a-z]+)*)` \|", line)):
                found.add(match[1])
    return found


def test_scan_finds_the_known_codes() -> None:
    """The scan sees codes of the model, of the checks and of the file reader."""
    codes = codes_in_source()
    assert {"window-order", "duplicate-id", "no-assignment", "unknown-key", "alias-limit"} <= set(
        codes
    )


def test_model_and_file_codes_in_the_reference() -> None:
    """Every code of the model and of campaign files is explained in docs/reference.md."""
    ours = {
        code
        for code, places in codes_in_source().items()
        if any(
            p.startswith(
                (
                    "src/campaignkit/model/",
                    "src/campaignkit/io/_convert.py",
                    "src/campaignkit/io/_files.py",
                )
            )
            for p in places
        )
    }
    assert ours - documented_codes(REFERENCE) == set()


def test_every_code_is_documented() -> None:
    """No code is raised that the docs never mention (in backticks, on any page of docs/)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))
    mentioned = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", text))
    missing = {code: where for code, where in codes_in_source().items() if code not in mentioned}
    assert missing == {}


def test_every_documented_code_is_used() -> None:
    """The reference lists no code the library never raises."""
    assert documented_codes(REFERENCE) - set(codes_in_source()) == set()
