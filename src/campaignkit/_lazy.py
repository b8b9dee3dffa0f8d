"""Names a package exports, imported the first time they are asked for (PEP 562).

``import campaignkit`` then costs next to nothing, and a program (or the ``campaignkit``
command) pays for the holidays, iCalendar, Jinja and YAML libraries only when it uses what
needs them. A package ``__init__`` lists its names and their modules once, for the run time,
and imports them under ``TYPE_CHECKING`` for type checkers, which therefore see no
``__getattr__`` and keep checking every name::

    if typing.TYPE_CHECKING:
        from campaignkit.calendar._working import WorkingCalendar
    else:
        __getattr__, __dir__ = _lazy.exports(__name__, globals(), {"WorkingCalendar": "._working"})
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def exports(
    package: str,
    namespace: dict[str, Any],
    names: Mapping[str, str],
    subpackages: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of *package*, whose globals are *namespace*.

    Args:
        package: The package's name (``__name__``).
        namespace: Its globals: a name, once imported, is kept there, so it is looked up
            only once.
        names: Each exported name and the module that defines it, relative to *package*
            (``"._working"``) or absolute.
        subpackages: Subpackages that ``package.sub`` imports on first use.

    ``dir()`` lists the exported names and subpackages besides the module's globals.
    """
    subpackages = frozenset(subpackages)

    def getattr_(name: str) -> Any:
        module = names.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module, package), name)
        elif name in subpackages:
            value = importlib.import_module(f"{package}.{name}")
        else:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *names, *subpackages})

    return getattr_, dir_
