"""``python -m campaignkit``: the ``campaignkit`` command."""

from __future__ import annotations

from campaignkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
