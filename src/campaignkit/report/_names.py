"""How reports name the campaign's elements and parties, in the reader's language."""

from __future__ import annotations

from campaignkit._errors import Problem
from campaignkit.model import Campaign, Element, Person
from campaignkit.report._labels import Labels

ASSUMED_MARK = "*"
"""Written after the name of an element the campaign file marks ``assumed``."""


def element_name(element: Element, labels: Labels, *, mark: bool = True) -> str:
    """*element*'s name in the labels' language, with :data:`ASSUMED_MARK` when assumed."""
    text = element.label(labels.tag)
    return text + ASSUMED_MARK if mark and element.assumed else text


def name_of(campaign: Campaign, id: str, labels: Labels, *, mark: bool = True) -> str:
    """The name of element *id* (the campaign's own id included); the id itself when unknown.

    An activity the scheduler generates (``<series>#<n>``, see
    :class:`~campaignkit.model.Placement`) is named after its series: ``Talks #3``.
    """
    if id == campaign.id:
        return element_name(campaign, labels, mark=mark)
    if campaign.kind_of(id) is None:
        series, n = generated_activity(campaign, id)
        if series is None:
            return id
        return f"{element_name(campaign.get(series), labels, mark=mark)} #{n}"
    return element_name(campaign.get(id), labels, mark=mark)


def generated_activity(campaign: Campaign, id: str) -> tuple[str | None, int]:
    """``(series id, n)`` when *id* is ``<series>#<n>``, an activity the scheduler generates
    for a series of *campaign* (``1 <= n <= count``); ``(None, 0)`` for any other id."""
    head, hash_, tail = id.rpartition("#")
    if not hash_ or campaign.kind_of(head) != "series" or not tail.isdecimal():
        return None, 0
    n = int(tail)
    if not 1 <= n <= campaign.series_by_id(head).placement.count or tail != str(n):
        return None, 0
    return head, n


def person_text(person: Person, labels: Labels) -> str:
    """A person with the first post held, when the post says more than the name.

    ``王平（人大主席）`` in Chinese, ``Wang Ping (人大主席)`` in English (post titles have no
    translations); a person the file names by the post alone (``镇长``) is not repeated.
    """
    name = element_name(person, labels)
    title = person.posts[0].title if person.posts else None
    if not title or title in (person.name, person.label(labels.tag)):
        return name
    return name + labels.aside(title)


def people_text(campaign: Campaign, ids: tuple[str, ...], labels: Labels) -> str:
    """Persons *ids*, each as :func:`person_text` words it, in a running list."""
    return labels.join([person_text(campaign.person(i), labels) for i in ids]) or labels.missing


def place_of(problem: Problem) -> str:
    """Where *problem* is, as reports show it: its path, after its file and line when it has
    them (``r.csv:5 $.subject``).

    >>> place_of(Problem("$.subject", "unknown-reference", "…", source="r.csv", line=5))
    'r.csv:5 $.subject'
    >>> place_of(Problem('$.records["r7"].date', "outside-window", "…"))
    '$.records["r7"].date'
    """
    if problem.line is None:
        return problem.path
    where = f"{problem.source}:{problem.line}" if problem.source else f"line {problem.line}"
    return f"{where} {problem.path}"
