"""Benchmark: what a program pays before it works — importing, ``--help``, reading a file.

Start-up: each command is run as a fresh interpreter, in interleaved rounds (each round runs
each command once), with the bytecode caches written beforehand; the table gives the minimum
and the median wall-clock time and their ratio to ``python -c pass`` (the interpreter's own
start-up). ``--importtime`` prints, for one command, the modules that cost most by
``python -X importtime`` (own time, summed per top-level package).

Campaign files: the examples' YAML read by ``campaignkit.io.parse``'s loader (libyaml's
where PyYAML has it) beside the pure-Python loader alone, in interleaved rounds, in this
process. Run by hand (it is not a test)::

    python benchmarks/bench_startup.py --rounds 20
    python benchmarks/bench_startup.py --importtime "import campaignkit"
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

HELP = "import sys; from campaignkit.cli import main; sys.argv[0] = 'campaignkit'; main(['--help'])"
COMMANDS = {
    "python -c pass": "pass",
    "import campaignkit": "import campaignkit",
    "campaignkit --help": HELP,
    "import campaignkit; ck.Campaign": "import campaignkit as ck; ck.Campaign",
    "import campaignkit; ck.schedule": "import campaignkit as ck; ck.schedule",
}
"""What each start-up contender runs (``campaignkit --help`` as its console script does)."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def _run(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], env=_environment(), check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - t0


def startup(rounds: int) -> None:
    for code in COMMANDS.values():  # write the bytecode caches
        _run(code)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    names = list(COMMANDS)
    for r in range(rounds):
        turn = r % len(names)
        for name in names[turn:] + names[:turn]:
            times[name].append(_run(COMMANDS[name]))
    base_min, base_median = min(times["python -c pass"]), statistics.median(times["python -c pass"])
    print("| command | min s | median s | min / pass | median / pass |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in names:
        low, mid = min(times[name]), statistics.median(times[name])
        print(
            f"| `{name}` | {low:.3f} | {mid:.3f} | {low / base_min:.1f}× | {mid / base_median:.1f}× |"
        )


def importtime(code: str, top: int) -> None:
    """The packages that cost most to import, by ``python -X importtime`` (own time)."""
    _run(code)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=_environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    own: collections.Counter[str] = collections.Counter()
    for line in done.stderr.splitlines():
        if m := re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line):
            own[m[2].split(".")[0]] += int(m[1])
    print(f"{code}: {sum(own.values()) / 1e3:.1f} ms of imports")
    for package, us in own.most_common(top):
        print(f"  {us / 1e3:7.1f} ms  {package}")


def files(rounds: int) -> None:
    from campaignkit.io import _files  # the loaders behind load  # noqa: PLC2701

    contenders: dict[str, Callable[[str], Any]] = {
        "load's loader": _files._parse_yaml,  # noqa: SLF001
        "pure-Python loader": lambda text: _files._read_yaml(_files._Loader, text),  # noqa: SLF001
    }
    print("\n| file | bytes | loader | min ms | median ms | pure / this (min) |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for path in sorted(EXAMPLES.glob("*/campaign.yaml")):
        text = path.read_text(encoding="utf-8")
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, parse in contenders.items():
                t0 = time.perf_counter()
                parse(text)
                times[name].append(time.perf_counter() - t0)
        pure = min(times["pure-Python loader"])
        for name, spent in times.items():
            print(
                f"| {path.parent.name} | {len(text.encode()):,} | {name} "
                f"| {min(spent) * 1e3:.1f} | {statistics.median(spent) * 1e3:.1f} "
                f"| {pure / min(spent):.1f}× |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--importtime", metavar="CODE", help="list the imports of CODE instead")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if args.importtime:
        importtime(args.importtime, args.top)
        return
    startup(args.rounds)
    files(args.rounds)


if __name__ == "__main__":
    main()
