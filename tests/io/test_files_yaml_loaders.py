"""YAML through libyaml's loader: the same documents, errors and positions as the pure one.

``load`` reads YAML with libyaml's C parser where PyYAML has it and, for any document the C
parser refuses (or one nested deeper than it is given), reads it again with the pure-Python
parser. These tests drive the two loaders behind ``load`` side by side (the pure one alone
is what ``load`` did before), on the examples, on fixed bad files and on generated text.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaignkit import ValidationError
from campaignkit.io import _files as files
from campaignkit.io import load, loads

EXAMPLES = Path(__file__).parents[2] / "examples"


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    """What *parse* makes of *text*: ("ok", data) or ("error", its problems)."""
    try:
        data, _ = parse(text)
    except ValidationError as exc:
        return "error", exc.problems
    return "ok", data


def _pure(text: str) -> Any:
    """The pure-Python loader alone: what ``load`` used before libyaml."""
    return files._read_yaml(files._Loader, text)


def _fast(text: str) -> Any:
    """libyaml's loader alone."""
    return files._read_yaml(files._CLoader, text)


def _marks(node: yaml.Node | None) -> list[tuple[Any, ...]]:
    """Every node of a composed document, depth first: kind, tag, scalar value, start line
    and column (an alias's node once, where it is first met)."""
    out: list[tuple[Any, ...]] = []
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        start = (n.start_mark.line, n.start_mark.column)
        if id(n) in seen:
            out.append(("alias", *start))
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            out.append(("scalar", n.tag, n.value, *start))
        elif isinstance(n, yaml.SequenceNode):
            out.append(("sequence", n.tag, *start))
            stack += reversed(n.value)
        else:
            out.append(("mapping", n.tag, *start))
            stack += reversed([part for pair in n.value for part in pair])
    return out


def _paths(data: Any, path: str = "$") -> list[str]:
    """Every JSON path into *data*, as the converter writes them (``$.a["b c"][0]``)."""
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                out += _paths(value, f"{path}[{json.dumps(key)}]")
        out.append(f"{path}.no-such-key")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, f"{path}[{i}]")
        out.append(f"{path}[{len(data)}]")
    return out


def _assert_agree(text: str) -> None:
    """``load``'s reading of *text* is the pure loader's: the same data or the same
    problems, and every path into the data at the same line and column."""
    got, expected = _outcome(files._parse_yaml, text), _outcome(_pure, text)
    assert got == expected
    if got[0] == "ok":
        _, locate = files._parse_yaml(text)
        _, locate_pure = _pure(text)
        for path in _paths(got[1]):
            assert (locate and locate(path)) == (locate_pure and locate_pure(path)), path


def test_libyaml_is_used() -> None:
    """PyYAML here has libyaml, and ``load`` tries its loader first (which has no path
    resolvers: it counts depth where PyYAML would descend through them)."""
    assert yaml.__with_libyaml__
    assert not files._CLoader.yaml_path_resolvers
    first, last = files._YAML_LOADERS
    assert (first, last) == (files._CLoader, files._Loader)


@pytest.mark.parametrize("example", ["changsheng", "vaccination"])
def test_examples_agree(example: str) -> None:
    """The examples read the same, node for node, through either loader."""
    text = (EXAMPLES / example / "campaign.yaml").read_text(encoding="utf-8")
    assert _outcome(_fast, text)[0] == "ok"
    fast_nodes = _marks(yaml.compose(text, Loader=files._CLoader))
    assert fast_nodes == _marks(yaml.compose(text, Loader=files._Loader))
    _assert_agree(text)


BAD = {
    "duplicate key": ("id: a\nname: b\nid: c\n", "duplicate-key", 3, 1),
    "unclosed quote": ('id: "drive\nname: x\n', "syntax", 3, 1),
    "tab indent": ("id: a\nwindow:\n\tstart: 2010-01-01\n", "syntax", 3, 1),
    "bad indent": ("id: a\n  name: b\n", "syntax", 2, 7),
    "unknown alias": ("id: *nothing\n", "syntax", 1, 5),
    "unprintable": ("id: a\x07\n", "syntax", 1, 6),
    "lone surrogate": ("id: a\ud800\n", "syntax", 1, 6),
    "self alias": ("a: &x [*x]\n", "alias-limit", None, None),
    "explicit int": ("id: !!int drive\n", "syntax", None, None),
    "flow in block": ("id: [a, b\nname: c\n", "syntax", 2, 5),
    "two documents": ("id: a\n---\nid: b\n", "syntax", 2, 1),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_agree(name: str) -> None:
    """A bad file gives the pure loader's problem, with its code, message and position."""
    text, code, line, column = BAD[name]
    _assert_agree(text)
    with pytest.raises(ValidationError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert problem.code == code
    if line is not None:
        assert (problem.line, problem.column) == (line, column)


def test_alias_bomb_agrees() -> None:
    """Nine levels of nine aliases (9**9 nodes) are refused by either loader, at the node
    where the count passes the limit."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "\n".join(lines) + "\n"
    fast, pure = _outcome(_fast, text), _outcome(_pure, text)
    assert fast == pure
    assert pure[0] == "error"
    assert [p.code for p in pure[1]] == ["alias-limit"]
    _assert_agree(text)


@pytest.mark.parametrize("depth", [1, 99, 100, 101, 400, 2000])
def test_nesting_agrees(depth: int) -> None:
    """Nested lists read as the pure loader reads them, at any depth: libyaml's loader takes
    up to 100 levels (99 lists in a mapping's value) and leaves deeper ones to the pure one."""
    text = "id: " + "[" * depth + "]" * depth + "\n"
    assert _outcome(_fast, text)[0] == ("ok" if depth < 100 else "error")
    _assert_agree(text)


def test_position_of_a_problem_agrees(tmp_path: Path) -> None:
    """A validation problem deep in a file is at the same line and column either way: the
    third mechanism's rule, line 9, column 11."""
    text = (
        "id: drive\nname: Drive\nwindow: {start: 2026-03-02, end: 2026-03-27}\n"
        "mechanisms:\n"
        "- {id: a, name: A, rule: FREQ=WEEKLY}\n"
        "- {id: b, name: B, rule: FREQ=WEEKLY}\n"
        "- id: c\n"
        "  name: C\n"
        "  rule: FREQ=SOMETIMES\n"
    )
    path = tmp_path / "drive.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path)
    located = [(p.path, p.line, p.column) for p in caught.value.problems]
    assert ("$.mechanisms[2].rule", 9, 9) in located
    _assert_agree(text)


# -- generated text -------------------------------------------------------------------------

FRAGMENTS = [
    *"ab1",
    "id",
    "-1",
    "0x1F",
    "1.5e+3",
    ".inf",
    "true",
    "NO",
    "null",
    "~",
    "2010-02-24",
    "09:30",
    "é",
    "中文",
    "\U0001f600",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "-",
    "- ",
    ":",
    ": ",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "#",
    " # note",
    "&x ",
    "*x",
    "!!str ",
    "!!int ",
    "!x ",
    "<<: ",
    "'",
    '"',
    "\\",
    "\\n",
    "|",
    ">",
    "|-",
    "---",
    "...",
    "%YAML 1.1\n",
    "%YAML 1.2\n",
    "%TAG !e! tag:e.org,2000:\n",
    "\x07",
    "\ufeff",
]

fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)

json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(string.printable + "é中\U0001f600\x85\u2028", max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(string.ascii_letters + " :-#", max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """A document PyYAML writes, in block or flow style, maybe with one character changed."""
    text = yaml.safe_dump(
        draw(json_like),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80])),
    )
    if draw(st.booleans()) and text:
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at + 1 :]
    return text


@settings(max_examples=400)
@given(fragments)
@example("a: b\r\nc: d\x85e: f\u2028g: h\n")
@example("- - - a\n  - b\n-\t- c\n")
@example("? [a, b]\n: c\n")
def test_generated_text_agrees(text: str) -> None:
    """Text made of YAML's pieces reads the same through ``load``'s loaders as through the
    pure loader: the same data or problems; the same positions."""
    _assert_agree(text)


@settings(max_examples=300)
@given(dumped())
def test_dumped_documents_agree(text: str) -> None:
    """Documents PyYAML writes, intact or with a character changed, read the same."""
    _assert_agree(text)


class TestTagMismatch:
    """A value its explicit tag does not fit is a located problem, not a crash (PyYAML's
    constructors raise IndexError for ``!!int`` on an empty value, KeyError for ``!!bool``,
    TypeError for ``!!set`` on a list)."""

    @pytest.mark.parametrize(
        ("text", "message", "line", "column"),
        [
            ("id: !!int\n", "invalid YAML: '' is not a value of the tag !!int", 1, 5),
            ("id: !!float\n", "invalid YAML: '' is not a value of the tag !!float", 1, 5),
            ("id: !!bool\n", "invalid YAML: '' is not a value of the tag !!bool", 1, 5),
            ("id: [a, !!int 0x]\n", "invalid YAML: '0x' is not a value of the tag !!int", 1, 9),
        ],
    )
    def test_scalar(self, text: str, message: str, line: int, column: int) -> None:
        """The problem names the value and the tag, at the value's line and column."""
        _assert_agree(text)
        with pytest.raises(ValidationError) as caught:
            loads(text)
        (problem,) = caught.value.problems
        assert (problem.code, problem.message) == ("syntax", message)
        assert (problem.line, problem.column) == (line, column)

    def test_collection(self) -> None:
        """``!!set`` on a list is refused as a syntax problem."""
        _assert_agree("id: !!set [1]\n")
        with pytest.raises(ValidationError) as caught:
            loads("id: !!set [1]\n")
        assert [p.code for p in caught.value.problems] == ["syntax"]
