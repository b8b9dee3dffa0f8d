"""Tests for campaignkit.model._responsibility: roles and assignments."""

from __future__ import annotations

import pytest

from campaignkit.model import Assignment, Role


class TestRole:
    def test_letters(self) -> None:
        """Each role has its own letter for a matrix; supervise is V, not a second S."""
        assert [r.letter for r in Role] == ["L", "R", "S", "V", "C", "I"]


class TestAssignment:
    def test_role_from_text(self) -> None:
        """An assignment's role may be given by its value."""
        a = Assignment(subject="weekly", party="office", role="support")  # type: ignore[arg-type]
        assert a.role is Role.SUPPORT

    def test_unknown_role_is_refused(self) -> None:
        """A role that is not one of the six is refused."""
        with pytest.raises(ValueError, match="boss"):
            Assignment(subject="weekly", party="office", role="boss")  # type: ignore[arg-type]
