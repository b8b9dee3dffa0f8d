"""Property tests of the model over the campaigns campaignkit.strategies draws.

Every drawn campaign constructs, survives a second construction, gives advice without
raising, round-trips through YAML, JSON and TOML, and a document with one reference broken
yields a problem at exactly that reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from campaignkit._errors import Problem, Severity, ValidationError, join_path
from campaignkit.io import dumps, loads, structure_campaign, unstructure_campaign
from campaignkit.model import Campaign
from campaignkit.strategies import campaigns

MISSING = "missing-ref"
"""An id no drawn campaign uses (drawn ids are a kind, a separator and a number)."""


class TestDrawnCampaigns:
    @given(campaigns())
    def test_construct_again(self, c: Campaign) -> None:
        """A drawn campaign passes validation again when rebuilt from its own fields."""
        assert attrs.evolve(c) == c

    @given(campaigns())
    def test_check_gives_only_warnings(self, c: Campaign) -> None:
        """check() never raises on a valid campaign and returns warnings only."""
        advice = c.check()
        assert all(isinstance(p, Problem) and p.severity is Severity.WARNING for p in advice)

    @given(campaigns())
    def test_paths_locate_elements_in_the_document(self, c: Campaign) -> None:
        """path_of(id) leads, in the campaign's document, to the element with that id."""
        doc = unstructure_campaign(c)
        for id in c.ids:
            assert _at(doc, c.path_of(id))["id"] == id

    @given(campaigns())
    def test_helpers_stay_inside_the_campaign(self, c: Campaign) -> None:
        """people_of, descendants and cascade_units only name people and units of the campaign."""
        people = {p.id for p in c.people}
        units = {u.id for u in c.units}
        for id in c.ids:
            assert set(c.people_of(id)) <= people
        for u in units:
            below = c.descendants(u)
            assert len(below) == len(set(below))
            assert u not in below
            assert set(below) <= units
        for item in c.scoped:
            assert set(c.cascade_units(item.cascade)) <= units


class TestRoundTrip:
    @given(campaigns())
    def test_membership_is_the_definition(self, c: Campaign) -> None:
        """The membership worked out once says what people_of defines: a unit stands for
        the people with a post in it or below it, a group for its people and its bodies'."""
        for unit in c.units:
            below = {unit.id, *c.descendants(unit.id)}
            expected = tuple(p.id for p in c.people if any(post.unit in below for post in p.posts))
            assert c.people_of(unit.id) == expected
        for group in c.groups:
            ids = [*group.people, *(p for body in group.bodies for p in body.people)]
            assert c.people_of(group.id) == tuple(dict.fromkeys(ids))
            for body in group.bodies:
                assert c.people_of(body.id) == body.people
        assert all(c.people_of(p.id) == (p.id,) for p in c.people)
        assert all(c.is_party(party) for party in c.membership)

    @given(campaigns())
    def test_every_format(self, c: Campaign) -> None:
        """loads(dumps(c, f), f) == c for YAML, JSON and TOML."""
        for fmt in ("yaml", "json", "toml"):
            assert loads(dumps(c, fmt), fmt) == c, fmt


def _at(doc: Any, path: str) -> Any:
    """The value at a JSON path such as ``$.series[0].activities[1]``."""
    node = doc
    for name, index in _steps(path):
        node = node[name]
        if index is not None:
            node = node[index]
    return node


def _steps(path: str) -> Iterator[tuple[str, int | None]]:
    for part in path.removeprefix("$.").split("."):
        name, _, rest = part.partition("[")
        yield name, int(rest.rstrip("]")) if rest else None


Ref = tuple[str, Any, Any]
"""A reference in a document: its JSON path, the dict or list holding it, and its key there."""


def _references(doc: dict[str, Any]) -> list[Ref]:
    """Every reference of a campaign document, found by walking the file format itself."""
    out: list[Ref] = []

    def one(path: str, holder: dict[str, Any], key: str) -> None:
        if holder.get(key) is not None:
            out.append((join_path(path, key), holder, key))

    def many(path: str, holder: dict[str, Any], key: str) -> None:
        for i, _ in enumerate(holder.get(key, ())):
            out.append((join_path(path, key, i), holder[key], i))

    for i, person in enumerate(doc.get("people", ())):
        for j, post in enumerate(person.get("posts", ())):
            one(join_path("$.people", i, "posts", j), post, "unit")
    for i, unit in enumerate(doc.get("units", ())):
        one(join_path("$.units", i), unit, "parent")
    for i, group in enumerate(doc.get("groups", ())):
        path = join_path("$.groups", i)
        one(path, group, "leader")
        many(path, group, "deputies")
        many(path, group, "members")
        for j, body in enumerate(group.get("bodies", ())):
            one(join_path(path, "bodies", j), body, "director")
            many(join_path(path, "bodies", j), body, "members")
    for i, phase in enumerate(doc.get("phases", ())):
        many(join_path("$.phases", i), phase, "after")
        for j, condition in enumerate(phase.get("gate", ())):
            one(join_path("$.phases", i, "gate", j), condition, "indicator")
    for top in ("mechanisms", "series"):
        for i, item in enumerate(doc.get(top, ())):
            path = join_path("$", top, i)
            many(path, item, "phases")
            many(path, item, "participants")
            many(path, item, "applies_to")
            if "cascade" in item:
                one(join_path(path, "cascade"), item["cascade"], "children_of")
                many(join_path(path, "cascade"), item["cascade"], "units")
            for j, activity in enumerate(item.get("activities", ())):
                many(join_path(path, "activities", j), activity, "participants")
            for j, indicator in enumerate(item.get("indicators", ())):
                for unit in indicator.get("unit_targets", {}):
                    # A key: the broken reference is the key itself (see _break).
                    out.append(
                        (join_path(path, "indicators", j, "unit_targets", MISSING), indicator, unit)
                    )
    for i, assignment in enumerate(doc.get("assignments", ())):
        one(join_path("$.assignments", i), assignment, "subject")
        one(join_path("$.assignments", i), assignment, "party")
    return out


def _break(ref: Ref) -> None:
    """Point the reference *ref* at :data:`MISSING`."""
    _, holder, key = ref
    if isinstance(holder, dict) and "unit_targets" in holder and key in holder["unit_targets"]:
        targets = holder["unit_targets"]
        holder["unit_targets"] = {(MISSING if k == key else k): v for k, v in targets.items()}
    else:
        holder[key] = MISSING


class TestBrokenReference:
    @given(campaigns(), st.data())
    def test_one_broken_reference_is_located(self, c: Campaign, data: st.DataObject) -> None:
        """Pointing one reference of a drawn document at an undefined id yields unknown-reference
        at exactly that path, and no unknown-reference anywhere else."""
        doc = unstructure_campaign(c)
        refs = _references(doc)
        assume(refs)  # a campaign without parties or phases has nothing to break
        ref = refs[data.draw(st.integers(0, len(refs) - 1), label="reference")]
        _break(ref)
        with pytest.raises(ValidationError) as info:
            structure_campaign(doc)
        unknown = {p.path for p in info.value.problems if p.code == "unknown-reference"}
        assert unknown == {ref[0]}

    @given(campaigns())
    def test_references_are_found(self, c: Campaign) -> None:
        """The walk above finds every reference the campaign holds (so the test above covers them)."""
        expected = (
            sum(1 for p in c.people for post in p.posts if post.unit is not None)
            + sum(1 for u in c.units if u.parent is not None)
            + sum(1 + len(g.deputies) + len(g.members) for g in c.groups)
            + sum((b.director is not None) + len(b.members) for g in c.groups for b in g.bodies)
            + sum(len(p.after) + len(p.gate) for p in c.phases)
            + sum(
                len(i.phases)
                + len(i.participants)
                + (len(i.cascade.units) + (i.cascade.children_of is not None) if i.cascade else 0)
                + sum(len(ind.unit_targets) for ind in i.indicators)
                for i in c.scoped
            )
            + sum(len(m.applies_to) for m in c.mechanisms)
            + sum(len(a.participants) for s in c.series for a in s.activities)
            + 2 * len(c.assignments)
        )
        assert len(_references(unstructure_campaign(c))) == expected
