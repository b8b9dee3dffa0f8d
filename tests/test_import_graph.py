"""The module graph of the package: no import cycles, dependencies pointing one way."""

from __future__ import annotations

import ast
import pathlib

import campaignkit

SOURCE = pathlib.Path(campaignkit.__file__).resolve().parent

# The order of the packages: each may import only those before it (and itself).
LAYERS = [
    "_errors",
    "_text",
    "model",
    "calendar",
    "scheduling",
    "tracking",
    "io",
    "report",
    "strategies",
    "cli",
]


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph(*, hidden: bool = False) -> dict[str, set[str]]:
    """Each module and the modules it imports at module level (type-checking imports aside),
    or, with *hidden*, anywhere (in functions and under ``TYPE_CHECKING`` too)."""
    modules = {_module_name(p): p for p in SOURCE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree) if hidden else tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found = [f"{node.module}.{a.name}" for a in node.names]
                targets |= {t for t in [node.module, *found] if t in modules}
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name in modules}
        graph[name] = targets - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_no_import_cycles() -> None:
    """No module imports itself back through others (a package and its own modules aside)."""
    graph = _graph()
    for name in graph:  # a package's __init__ importing its own modules is not a cycle
        graph[name] = {t for t in graph[name] if not name or not t.startswith(name + ".")}
    assert _cycles(graph) == []


def test_no_hidden_import_cycles() -> None:
    """Not even an import inside a function or under ``TYPE_CHECKING`` closes a cycle (the
    model's rules and the campaign once did)."""
    graph = _graph(hidden=True)
    for name in graph:
        graph[name] = {t for t in graph[name] if not name or not t.startswith(name + ".")}
    assert _cycles(graph) == []


def test_dependencies_point_one_way() -> None:
    """A package imports only the packages before it in LAYERS, never those after."""
    upward = [
        (name, target)
        for name, targets in _graph().items()
        for target in targets
        if (a := _layer(name)) is not None and (b := _layer(target)) is not None and b > a
    ]
    assert upward == []


def test_the_graph_is_read() -> None:
    """The graph holds the edges the test relies on (so the two tests above can fail)."""
    graph = _graph()
    assert "campaignkit.model._base" in graph["campaignkit.model._campaign"]
    assert any(t.startswith("campaignkit.tracking") for t in graph["campaignkit.io._records"])
