"""Start-up: ``import campaignkit`` and ``campaignkit --help`` load none of the heavy libraries.

Each check runs a fresh interpreter and looks at ``sys.modules`` after the statement: what
a program pays before it does any work is what it imports, whatever the machine's speed.
"""

from __future__ import annotations

import importlib
import json
import os
import pathlib
import re
import subprocess
import sys
import types

import pytest

import campaignkit

SOURCE = pathlib.Path(campaignkit.__file__).resolve().parents[1]
HEAVY = ("holidays", "icalendar", "jinja2", "yaml", "pyarrow")
SUBPACKAGES = ("calendar", "io", "model", "report", "scheduling", "tracking")
LAZY = ["campaignkit", *(f"campaignkit.{p}" for p in SUBPACKAGES)]


def _imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running *code* (its output discarded)."""
    probe = (
        "import contextlib, io, json, sys\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SOURCE), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


class TestImports:
    def test_import_campaignkit(self) -> None:
        """``import campaignkit`` loads none of holidays, icalendar, jinja2, yaml, pyarrow, and
        none of the package's subpackages."""
        modules = _imported_after("import campaignkit")
        assert _roots(modules).isdisjoint(HEAVY)
        assert {m for m in modules if m.startswith("campaignkit.")} <= {
            "campaignkit._errors",
            "campaignkit._lazy",
        }

    def test_help(self) -> None:
        """``campaignkit --help`` loads none of them either, nor any subcommand's module."""
        modules = _imported_after("from campaignkit.cli import main\nmain(['--help'])")
        assert _roots(modules).isdisjoint(HEAVY)
        commands = {m for m in modules if m.startswith("campaignkit.cli._")}
        assert commands <= {"campaignkit.cli._outcome"}

    def test_subcommand_help(self) -> None:
        """``campaignkit calendar --help`` loads the calendar command's module, no other
        subcommand's."""
        modules = _imported_after("from campaignkit.cli import main\nmain(['calendar', '--help'])")
        commands = {m for m in modules if m.startswith("campaignkit.cli._")}
        assert "campaignkit.cli._calendar" in commands
        assert commands.isdisjoint({"campaignkit.cli._report", "campaignkit.cli._progress"})

    def test_model_alone(self) -> None:
        """Using the model (``ck.Campaign``) loads no calendar, iCalendar, template or YAML
        library."""
        modules = _imported_after("import campaignkit as ck\nck.Campaign")
        assert _roots(modules).isdisjoint(HEAVY)

    def test_what_is_used_is_loaded(self) -> None:
        """Asking for the scheduler loads the holidays package: the laziness defers, it does
        not lose anything."""
        assert "holidays" in _roots(_imported_after("import campaignkit as ck\nck.schedule"))


class TestLazyPackages:
    @pytest.mark.parametrize("name", LAZY)
    def test_dir_lists_all(self, name: str) -> None:
        """``dir()`` of a package lists every name of its ``__all__``."""
        package = importlib.import_module(name)
        assert set(package.__all__) <= set(dir(package))

    def test_unknown_name(self) -> None:
        """An unknown name is an AttributeError naming the package."""
        message = "module 'campaignkit.io' has no attribute 'nothing'"
        with pytest.raises(AttributeError, match=re.escape(message)):
            campaignkit.io.nothing  # noqa: B018

    def test_subpackage_on_first_use(self) -> None:
        """``campaignkit.io`` is reachable as an attribute of the package."""
        assert isinstance(campaignkit.io, types.ModuleType)
        assert campaignkit.schedule is campaignkit.scheduling.schedule
