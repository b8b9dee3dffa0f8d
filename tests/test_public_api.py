"""The public surface: what ``campaignkit`` and its modules say they export."""

from __future__ import annotations

import importlib
import pathlib
import pkgutil
import re
import types

import pytest

import campaignkit


def _modules() -> list[str]:
    """Every module of the package, except ``__main__`` (importing it runs the command)."""
    found = pkgutil.walk_packages(campaignkit.__path__, prefix="campaignkit.")
    return sorted(m.name for m in found if not m.name.endswith(".__main__"))


def _documented() -> set[str]:
    """The modules docs/api.md documents with ``.. automodule::``."""
    api = pathlib.Path(__file__).resolve().parent.parent / "docs" / "api.md"
    return set(
        re.findall(r"^\.\. automodule:: *(\S+)", api.read_text(encoding="utf-8"), re.MULTILINE)
    )


class TestPackageAll:
    def test_sorted(self) -> None:
        """campaignkit.__all__ is sorted, without repeats."""
        assert campaignkit.__all__ == sorted(set(campaignkit.__all__))

    def test_matches_the_namespace(self) -> None:
        """campaignkit.__all__ lists exactly the public names the package defines (not its
        submodules): those ``dir()`` lists, imported on first use."""
        public = {
            name
            for name in dir(campaignkit)
            if not name.startswith("_")
            and not isinstance(getattr(campaignkit, name), types.ModuleType)
        }
        assert set(campaignkit.__all__) - {"__version__"} == public

    def test_version(self) -> None:
        """The package exports its version as a string."""
        assert "__version__" in campaignkit.__all__
        assert isinstance(campaignkit.__version__, str)


class TestModuleAll:
    @pytest.mark.parametrize("name", _modules())
    def test_names_exist(self, name: str) -> None:
        """Every name in a module's __all__ exists in that module, once."""
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", [])
        assert len(exported) == len(set(exported))
        missing = [n for n in exported if not hasattr(module, n)]
        assert missing == []


def _is_private(name: str) -> bool:
    """A module is private when a part of its dotted name starts with ``_``."""
    return any(part.startswith("_") for part in name.split("."))


class TestPublicSurface:
    def test_documented_modules_exist(self) -> None:
        """Every module docs/api.md documents is a module of the package."""
        assert _documented() <= set(_modules()) | {"campaignkit"}

    def test_public_modules_are_the_documented_packages(self) -> None:
        """The modules without a ``_`` in their name are exactly the packages docs/api.md documents."""
        public = {name for name in _modules() if not _is_private(name)}
        assert public | {"campaignkit"} == _documented()

    @pytest.mark.parametrize("name", _modules())
    def test_all_only_in_packages(self, name: str) -> None:
        """Only a package ``__init__`` has ``__all__``; implementation modules are private."""
        module = importlib.import_module(name)
        if not hasattr(module, "__path__"):
            assert _is_private(name)
            assert not hasattr(module, "__all__")

    @pytest.mark.parametrize("name", sorted(_documented()))
    def test_documented_names_exist(self, name: str) -> None:
        """Every name in a documented package's ``__all__`` exists in that package."""
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} is documented but has no __all__"
        missing = [n for n in exported if not hasattr(module, n)]
        assert missing == []

    def test_the_pipeline_reads_from_the_top(self) -> None:
        """load → schedule → read_ledger → progress → render_report, each a function of ``ck``."""
        for name in ("load", "schedule", "read_ledger", "progress", "render_report"):
            assert callable(getattr(campaignkit, name)), name
            assert name in campaignkit.__all__

    def test_one_meaning_per_name(self) -> None:
        """A name exported by two packages is the same object in both."""
        seen: dict[str, object] = {}
        for package in sorted(_documented()):
            module = importlib.import_module(package)
            for name in getattr(module, "__all__", []):
                value = getattr(module, name)
                if name in seen and not isinstance(value, (int, str, float, tuple, frozenset)):
                    assert seen[name] is value, f"{name} means two things ({package})"
                seen.setdefault(name, value)
