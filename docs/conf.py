"""Sphinx configuration of the campaignkit documentation.

Build it strictly, as CI does (warnings are errors, every cross-reference must resolve)::

    python -m pip install -e '.[docs]'
    sphinx-build -W --keep-going -n -b html docs docs/_build/html

Pages are Markdown, read by MyST-Parser; the API reference (``api.md``) is generated from the
docstrings by autodoc, which napoleon teaches to read Google-style sections.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from typing import Any

import attrs
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.napoleon.docstring import GoogleDocstring
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.nodes import make_refnode

import campaignkit

project = "campaignkit"
author = "campaignkit developers"
copyright = "campaignkit developers"
release = campaignkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]
language = "en"

# -- Markdown ------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get anchors, so that ``[codes](reference.md#problem-codes)`` resolves.
myst_heading_anchors = 4

# Blocks without a language are program output, not Python: leave them unhighlighted.
highlight_language = "text"

# -- API reference -------------------------------------------------------------------------------
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    "member-order": "bysource",
}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# Nitpicky mode (``-n``) checks that every reference resolves. It stays on for campaignkit's own
# names. Names from outside (the standard library, attrs, cattrs, Hypothesis, dateutil, Jinja)
# would resolve only through intersphinx, which fetches inventories over the network; the build
# must work offline, so references into those packages are not checked. (``dt`` and ``st`` are the
# aliases the sources import ``datetime`` and ``hypothesis.strategies`` under; ``Delayed`` is
# Dask's, named bare where it is imported for the type checker only.)
_OUTSIDE = (
    "datetime|dt|collections\\.abc|typing|os|enum|sqlite3|zoneinfo|pathlib|csv"
    "|attrs|attr|cattrs|hypothesis|st|dateutil|icalendar|holidays|jinja2|markupsafe"
    "|duckdb|psycopg|pyarrow"
    "|dask|distributed|fsspec|Delayed"
)
nitpick_ignore_regex = [(r"py:.*", rf"({_OUTSIDE})(\..*)?")]


# -- Making autodoc fit campaignkit's docstrings -------------------------------------------------
#
# 1. napoleon reads the first line of an attribute's or property's docstring as ``type:
#    description`` when it holds a colon ("Person ids: the director, then the members" would
#    make "Person ids" a type). campaignkit never writes types in docstrings (the annotations
#    give them), so such a docstring is taken as it is.
def _attribute_docstring_as_written(self: GoogleDocstring) -> list[str]:
    return list(self._consume_to_end())


GoogleDocstring._parse_attribute_docstring = _attribute_docstring_as_written  # type: ignore[method-assign]  # noqa: SLF001 (napoleon has no public hook for this)


# 2. A package re-exports constants (``campaignkit.io.MAX_FILE_BYTES``) whose docstring sits
#    beside their definition in another module, where autodoc does not look: without help it
#    would leave them out as undocumented. Each is documented in the package that exports it,
#    with the docstring of the module that defines it.
def _process_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what == "module":
        for member in _reexported_data(name):
            lines.extend(["", f".. autodata:: {name}.{member}"])
    elif what == "data":
        modname, member = name.rsplit(".", 1)
        if ("", member) not in ModuleAnalyzer.for_module(modname).find_attr_docs():
            # Not documented where it is exported: autodoc fell back on the docstring of the
            # value's type (``int``), which says nothing about it.
            lines[:] = _origin_docstring(name, obj)


def _reexported_data(modname: str) -> list[str]:
    module = sys.modules[modname]
    own = ModuleAnalyzer.for_module(modname).find_attr_docs()
    found = []
    for member in getattr(module, "__all__", ()):
        value = getattr(module, member)
        constant = isinstance(value, int | float | str | tuple | frozenset | dict)
        constant = constant or attrs.has(type(value))  # a value such as NO_RECURRENCE
        if constant and ("", member) not in own and _origin_docstring(f"{modname}.{member}", value):
            found.append(member)
    return found


def _origin_docstring(qualified: str, obj: Any) -> list[str]:
    name = qualified.rsplit(".", 1)[-1]
    for modname, module in sorted(sys.modules.items()):
        if not modname.startswith("campaignkit.") or getattr(module, name, None) is not obj:
            continue
        docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
        if ("", name) in docs:
            return list(docs["", name])
    return []


# 3. Names are documented where the public API exports them (``campaignkit.model.Weekday``),
#    while docstrings and annotations may name them by their short name (``Weekday``) or by
#    the module that defines them (``campaignkit.model.Weekday``). Such a reference is
#    linked to the one public object of that name; an internal module
#    (``campaignkit.scheduling._phases``) to the package that documents its public names. Any
#    other reference that does not resolve stays an error.
def _resolve(
    app: Sphinx, env: BuildEnvironment, node: Any, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    domain: Any = env.get_domain("py")
    target: str = node["reftarget"].lstrip(".~")
    if re.match(rf"({_OUTSIDE})\.", target):
        return None  # see nitpick_ignore_regex
    if node["reftype"] == "mod":
        return _resolve_module(app, env, node, contnode, domain, target)
    kinds = set(domain.objtypes_for_role(node["reftype"]) or ())
    parts = target.split(".")
    for size in range(len(parts), 0, -1):
        suffix = ".".join(parts[-size:])
        found = {
            name: entry
            for name, entry in domain.objects.items()
            if name.startswith("campaignkit")
            and name.endswith("." + suffix)
            and entry.objtype in kinds
            and not entry.aliased
        }
        if len(found) == 1:
            ((name, entry),) = found.items()
            return make_refnode(
                app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
            )
        if found:
            return None
    return None


def _resolve_module(
    app: Sphinx, env: BuildEnvironment, node: Any, contnode: nodes.Element, domain: Any, target: str
) -> nodes.Element | None:
    context = node.get("py:module") or ""
    for full in (f"{context}.{target}" if context else target, target):
        if not full.startswith("campaignkit.") or not _importable(full):
            continue
        package = full
        while package not in domain.modules and "." in package:
            package = package.rsplit(".", 1)[0]
        if package in domain.modules:
            entry = domain.modules[package]
            return make_refnode(
                app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, package
            )
    return None


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def setup(app: Sphinx) -> None:
    """Connect the hooks above."""
    app.connect("autodoc-process-docstring", _process_docstring)
    app.connect("missing-reference", _resolve)


# -- HTML ----------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"campaignkit {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
