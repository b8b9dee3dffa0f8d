"""Issue 10: patterns validate whole strings; ids, text and e-mail addresses are strict."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignkit import Severity, ValidationError
from campaignkit.cli._common import date_argument
from campaignkit.io import structure_campaign, unstructure_campaign
from campaignkit.model import (
    Activity,
    Annotated,
    Campaign,
    Indicator,
    Mechanism,
    Person,
    Post,
    Unit,
    Window,
    WorkingBody,
)
from campaignkit.model._base import ID_PATTERN, shown

WINDOW = Window(start=dt.date(2010, 1, 1), end=dt.date(2010, 6, 30))


def document() -> dict[str, Any]:
    """A small valid campaign document to break in one place per test."""
    return {
        "id": "drive",
        "name": "Drive",
        "window": {"start": "2026-03-02", "end": "2026-05-29"},
        "people": [{"id": "ana", "name": "Ana"}, {"id": "ben", "name": "Ben"}],
        "mechanisms": [{"id": "weekly", "name": "Weekly", "rule": "FREQ=WEEKLY;BYDAY=MO"}],
    }


def located(doc: object) -> list[tuple[str, str]]:
    """The (path, code) of every problem structuring *doc* raises."""
    with pytest.raises(ValidationError) as info:
        structure_campaign(doc)
    return [(p.path, p.code) for p in info.value.problems]


def problem_of(build: Callable[[], object]) -> tuple[str, str, str]:
    """The (path, code, message) of the one problem *build* raises."""
    with pytest.raises(ValidationError) as info:
        build()
    [problem] = info.value.problems
    return problem.path, problem.code, problem.message


class TestIdsEndingInANewline:
    @pytest.mark.parametrize("bad", ["forum\n", "forum\r\n", "\nforum", "for\num"])
    def test_id_with_a_line_break_is_invalid(self, bad: str) -> None:
        """``$`` matches before a final line feed; ids are matched whole, so it is refused."""
        assert problem_of(lambda: Person(id=bad, name="n"))[:2] == ("$.id", "invalid-id")
        assert ID_PATTERN.fullmatch(bad) is None

    def test_in_a_file_the_id_is_located(self) -> None:
        """An id ending in a line feed in a campaign file is an invalid-id at its path."""
        doc = document()
        doc["people"][1]["id"] = "ben\n"
        assert located(doc) == [("$.people[1].id", "invalid-id")]


class TestTimesAndDatesEndingInANewline:
    def test_time_with_a_newline(self) -> None:
        """``"09:00\\n"`` is not a time of day."""
        doc = document()
        doc["mechanisms"][0]["time"] = "09:00\n"
        assert located(doc) == [("$.mechanisms[0].time", "invalid-time")]

    def test_date_with_a_newline(self) -> None:
        """``"2026-03-02\\n"`` is not a date."""
        doc = document()
        doc["window"]["start"] = "2026-03-02\n"
        assert located(doc) == [("$.window.start", "invalid-date")]

    @pytest.mark.parametrize("text", ["2010-02-24\n", "２０１０-02-24", "2010-02-24 "])
    def test_cli_date_argument(self, text: str) -> None:
        """A command-line date is exactly YYYY-MM-DD in ASCII digits."""
        with pytest.raises(ValidationError) as info:
            date_argument(text, "--as-of")
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("--as-of", "invalid-date")

    def test_cli_date_argument_accepts_a_date(self) -> None:
        """The plain form still reads."""
        assert date_argument("2010-02-24", "--as-of") == dt.date(2010, 2, 24)


class TestCaseOnlyIds:
    def test_ids_differing_only_in_case_are_a_warning(self) -> None:
        """``Forum`` beside ``forum`` is legal, but check() warns at the later one."""
        c = Campaign(
            id="drive",
            name="Drive",
            window=WINDOW,
            people=(Person(id="forum", name="a"),),
            units=(Unit(id="Forum", name="b"),),
        )
        found = c.check()
        assert [(p.path, p.code, p.severity) for p in found] == [
            ("$.units[0].id", "case-only-ids", Severity.WARNING)
        ]
        assert found[0].message == "id 'Forum' differs from 'forum' only in case"

    def test_the_campaign_id_counts(self) -> None:
        """An element whose id differs from the campaign's only in case is warned about too."""
        c = Campaign(
            id="drive", name="Drive", window=WINDOW, people=(Person(id="DRIVE", name="a"),)
        )
        assert [(p.path, p.code) for p in c.check()] == [("$.people[0].id", "case-only-ids")]

    def test_distinct_ids_are_not_remarked_on(self) -> None:
        """Ids that differ in more than case get no such warning."""
        c = Campaign(id="drive", name="Drive", window=WINDOW, people=(Person(id="ana", name="a"),))
        assert c.check() == []


class TestText:
    @pytest.mark.parametrize(
        ("bad", "what"),
        [
            ("a\udc80b", "a lone surrogate U+DC80 (at character 2)"),
            ("\x1b[31mred", "the control character U+001B (at character 1)"),
            ("two\nlines", "a line break U+000A (at character 4)"),
            ("bell\x07", "the control character U+0007 (at character 5)"),
            ("c1\x85", "the control character U+0085 (at character 3)"),
            ("tab\there", "the control character U+0009 (at character 4)"),
            ("sep\u2028", "a line break U+2028 (at character 4)"),
        ],
    )
    def test_names_refuse_controls_and_surrogates(self, bad: str, what: str) -> None:
        """A name with a control character, line break or lone surrogate is a located bad-text."""
        assert problem_of(lambda: Person(id="ana", name=bad)) == (
            "$.name",
            "bad-text",
            f"'name' must not hold {what}",
        )

    def test_notes_may_span_lines(self) -> None:
        """A note keeps tabs and line breaks, but not other controls or surrogates."""
        assert Annotated(note="one\n\ttwo\r\n").note == "one\n\ttwo\r\n"
        assert problem_of(lambda: Annotated(note="x\x00"))[:2] == ("$.note", "bad-text")
        assert problem_of(lambda: Annotated(note="\ud800"))[:2] == ("$.note", "bad-text")

    def test_translations_are_checked_by_key(self) -> None:
        """A bad translation is located at its language; a bad language tag at the mapping."""
        bad_value = lambda: Person(id="a", name="A", translations={"en": "x\ud800"})  # noqa: E731
        bad_key = lambda: Person(id="a", name="A", translations={"e\nn": "x"})  # noqa: E731
        assert problem_of(bad_value)[:2] == ("$.translations.en", "bad-text")
        assert problem_of(bad_key)[:2] == ("$.translations", "bad-text")

    @pytest.mark.parametrize(
        ("build", "path"),
        [
            (lambda: Post(title="镇长\x00"), "$.title"),
            (lambda: Unit(id="u", name="U", kind="\udc80"), "$.kind"),
            (lambda: WorkingBody(id="b", name="B", duties=("ok", "x\x1b")), "$.duties[1]"),
            (lambda: Activity(id="a", name="A", venue="hall\n"), "$.venue"),
            (lambda: Indicator(id="i", name="I", target=1, unit="\x7f"), "$.unit"),
            (lambda: Mechanism(id="m", name="M", rule="FREQ=DAILY\udc80"), "$.rule"),
        ],
    )
    def test_every_text_field_is_checked(self, build: Callable[[], object], path: str) -> None:
        """Titles, kinds, duties, venues, indicator units and rules are text fields too."""
        assert problem_of(build)[:2] == (path, "bad-text")

    def test_campaign_theme(self) -> None:
        """The campaign's theme is checked like a note."""
        build = lambda: Campaign(id="d", name="D", window=WINDOW, theme="\udc80")  # noqa: E731
        assert problem_of(build)[:2] == ("$.theme", "bad-text")

    def test_in_a_file_the_problem_is_located(self) -> None:
        """A lone surrogate in a name (JSON can carry one as ``\\udc80``) is refused at its path."""
        doc = json.loads(
            '{"id": "d", "name": "D\\udc80", "window": {"start": "2026-03-02", "end": "2026-03-03"}}'
        )
        assert located(doc) == [("$.name", "bad-text")]

    @given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1))
    def test_printable_text_round_trips(self, name: str) -> None:
        """Any text without controls, surrogates and line separators is a valid name."""
        c = Campaign(id="d", name=name, window=WINDOW)
        assert structure_campaign(unstructure_campaign(c)) == c
        json.dumps(unstructure_campaign(c), ensure_ascii=False).encode("utf-8")


class TestEmail:
    @pytest.mark.parametrize(
        "good", ["ana@example.org", "a.b+tag@sub.example.cn", "张三@例子.中国", "x@localhost"]
    )
    def test_plausible_addresses(self, good: str) -> None:
        """local@domain forms are accepted, non-ASCII ones too."""
        assert Person(id="p", name="P", email=good).email == good

    @pytest.mark.parametrize(
        "bad",
        [
            "ana@example.org\nBcc: eve@example.org",
            "ana@example.org\r",
            "ana",
            "ana@@example.org",
            "a@b@example.org",
            "@example.org",
            "ana@",
            "ana@.org",
            "ana@example..org",
            "ana @example.org",
            ".ana@example.org",
            "ana\x00@example.org",
            "ana@exa\udc80mple.org",
            "ana@-example.org",
        ],
    )
    def test_implausible_addresses_are_bad_email(self, bad: str) -> None:
        """Line breaks, controls, no or several ``@``, empty parts: a located bad-email."""
        path, code, message = problem_of(lambda: Person(id="p", name="P", email=bad))
        assert (path, code) == ("$.email", "bad-email")
        assert message.startswith("'email' must be an address such as 'name@example.org'")

    def test_in_a_file_the_problem_is_located(self) -> None:
        """A bad address in a file is a bad-email at the person's email."""
        doc = document()
        doc["people"][1]["email"] = "ben@example.org\n"
        assert located(doc) == [("$.people[1].email", "bad-email")]


class TestShown:
    def test_huge_integer(self) -> None:
        """An integer past Python's digit limit for str() is named, not converted."""
        assert shown(10**5000) == "a huge integer"
        assert shown(-(10**400)) == "an integer of 401 digits"

    def test_short_values_are_their_repr(self) -> None:
        """A short value reads as its repr."""
        assert shown("a\nb") == "'a\\nb'"
        assert shown(1.5) == "1.5"
