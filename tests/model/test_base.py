"""Tests for campaignkit.model._base: ids, windows, weekdays, annotations, labels."""

from __future__ import annotations

import datetime as dt

import pytest

from campaignkit import ValidationError
from campaignkit.model import Annotated, Person, Weekday, Window
from campaignkit.model._base import ID_PATTERN, fail


class TestValidId:
    @pytest.mark.parametrize("good", ["a", "7", "weekly-meeting", "A.b:c_d-1", "x" * 128])
    def test_slugs_are_accepted(self, good: str) -> None:
        """Letters, digits and ``_ . : -`` after a letter or digit, up to 128 characters, are ids."""
        assert Person(id=good, name="n").id == good
        assert ID_PATTERN.match(good)

    @pytest.mark.parametrize("bad", ["", "-lead", ".a", "a b", "a/b", "会议", "x" * 129, "a#1"])
    def test_other_text_is_invalid_id_at_id(self, bad: str) -> None:
        """Anything else raises a ValidationError with code invalid-id at ``$.id``."""
        with pytest.raises(ValidationError) as info:
            Person(id=bad, name="n")
        [problem] = info.value.problems
        assert (problem.path, problem.code) == ("$.id", "invalid-id")
        assert repr(bad) in problem.message

    def test_non_string_is_invalid_id(self) -> None:
        """An id that is not a string is invalid too."""
        with pytest.raises(ValidationError, match="invalid-id"):
            Person(id=7, name="n")  # type: ignore[arg-type]


class TestFail:
    def test_builds_one_problem_error(self) -> None:
        """fail() makes a ValidationError carrying exactly the one problem it describes."""
        err = fail("$.x", "some-code", "went wrong")
        assert isinstance(err, ValidationError)
        assert [(p.path, p.code, p.message) for p in err.problems] == [
            ("$.x", "some-code", "went wrong")
        ]


class TestWindow:
    def test_end_before_start_is_window_order(self) -> None:
        """A window whose end precedes its start is a window-order problem at ``$.end``."""
        with pytest.raises(ValidationError) as info:
            Window(start=dt.date(2010, 3, 2), end=dt.date(2010, 3, 1))
        assert [(p.path, p.code) for p in info.value.problems] == [("$.end", "window-order")]

    def test_one_day_window(self) -> None:
        """start == end is a window of one day."""
        day = dt.date(2010, 3, 1)
        assert Window(start=day, end=day).days == 1

    def test_days_counts_both_ends(self) -> None:
        """days counts both ends: 1 Dec 2009 .. 30 Apr 2010 is 31 + 31 + 28 + 31 + 30 = 151."""
        assert Window(start=dt.date(2009, 12, 1), end=dt.date(2010, 4, 30)).days == 151

    def test_contains_is_inclusive(self) -> None:
        """Both ends belong to the window; the days around it do not."""
        w = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        assert dt.date(2010, 3, 1) in w
        assert dt.date(2010, 3, 31) in w
        assert dt.date(2010, 2, 28) not in w
        assert dt.date(2010, 4, 1) not in w

    def test_contains_datetimes_by_their_day(self) -> None:
        """A datetime belongs to the window when its day does."""
        w = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        assert dt.datetime(2010, 3, 31, 23, 59) in w
        assert dt.datetime(2010, 4, 1, 0, 0) not in w

    def test_contains_nothing_else(self) -> None:
        """Values that are not dates are never in a window."""
        w = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        assert "2010-03-02" not in w
        assert None not in w

    def test_intersect_overlapping(self) -> None:
        """Overlapping windows intersect in the days they share."""
        a = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        b = Window(start=dt.date(2010, 3, 20), end=dt.date(2010, 4, 10))
        assert a.intersect(b) == Window(start=dt.date(2010, 3, 20), end=dt.date(2010, 3, 31))
        assert b.intersect(a) == a.intersect(b)

    def test_intersect_touching_is_one_day(self) -> None:
        """Windows sharing one end day intersect in that day."""
        a = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        b = Window(start=dt.date(2010, 3, 31), end=dt.date(2010, 4, 10))
        assert a.intersect(b) == Window(start=dt.date(2010, 3, 31), end=dt.date(2010, 3, 31))

    def test_intersect_disjoint_is_none(self) -> None:
        """Disjoint windows have no intersection."""
        a = Window(start=dt.date(2010, 3, 1), end=dt.date(2010, 3, 31))
        b = Window(start=dt.date(2010, 4, 1), end=dt.date(2010, 4, 10))
        assert a.intersect(b) is None


class TestWeekday:
    def test_numbers_follow_python(self) -> None:
        """Monday is 0 and Sunday 6, as in datetime.date.weekday()."""
        assert [d.number for d in Weekday] == list(range(7))

    def test_of_a_day(self) -> None:
        """Weekday.of gives the weekday of a date: 2010-02-21 was a Sunday."""
        assert Weekday.of(dt.date(2010, 2, 21)) is Weekday.SUN
        assert Weekday.of(dt.date(2010, 2, 22)) is Weekday.MON

    def test_values_are_three_letters(self) -> None:
        """Weekdays are written as three lower-case letters."""
        assert Weekday("wed") is Weekday.WED


class TestAnnotated:
    def test_defaults(self) -> None:
        """An annotation has no note, no translations and is not assumed by default."""
        a = Annotated()
        assert (a.note, dict(a.translations), a.assumed) == (None, {}, False)


class TestElementLabel:
    def test_translation_when_present(self) -> None:
        """label(lang) is the translation for lang when there is one."""
        p = Person(id="yu", name="喻先发", translations={"en": "Yu Xianfa"})
        assert p.label("en") == "Yu Xianfa"

    def test_name_otherwise(self) -> None:
        """label() without a language, or for a language without a translation, is the name."""
        p = Person(id="yu", name="喻先发", translations={"en": "Yu Xianfa"})
        assert p.label() == "喻先发"
        assert p.label("fr") == "喻先发"
