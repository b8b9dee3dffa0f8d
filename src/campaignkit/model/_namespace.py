"""The one id namespace of a campaign: the kinds of element an id may name, and its entries."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, TypeAlias

Kind: TypeAlias = Literal[
    "person", "unit", "group", "body", "phase", "mechanism", "series", "activity", "indicator"
]
"""The kind of an element in the id namespace."""

PARTY_KINDS: frozenset[Kind] = frozenset({"person", "unit", "group", "body"})
"""The kinds of party: what can be assigned work or attend."""


class IndexEntry(NamedTuple):
    """What an id names: the element's kind, its JSON path in the campaign, the element."""

    kind: Kind
    path: str
    element: Any
