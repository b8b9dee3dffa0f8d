"""``campaignkit validate`` checks campaign files; ``campaignkit schema`` prints their schema."""

from __future__ import annotations

import argparse
from typing import Any

from campaignkit._errors import CampaignkitError, Problem
from campaignkit._text import printable
from campaignkit.cli._common import (
    add_input_format,
    add_lang,
    labels_for,
    lang_argument,
    load_campaign,
    print_result,
    to_json,
)
from campaignkit.cli._outcome import EXIT_BAD_INPUT, EXIT_OK, print_problems
from campaignkit.io import FileFormat, schema
from campaignkit.model import Campaign

VALIDATE_FORMAT_VERSION = 1
"""The ``format_version`` of ``validate --format json``, raised whenever a key changes."""


def configure_validate(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``validate``: one or more campaign files."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="campaign files (.yaml, .yml, .json, .toml), or - for standard input",
    )
    add_input_format(parser)
    add_lang(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): a line per file on stdout, problems on stderr; "
        "json: one document on stdout",
    )


def run_validate(args: argparse.Namespace) -> int:
    """Load each file: a summary line on stdout, or its problems on stderr; warnings too.

    With ``--format json`` the whole outcome is one JSON document on stdout instead.
    """
    if args.format == "json":
        return _run_json(args.files, args.input_format)
    chosen = lang_argument(args.lang)
    status = EXIT_OK
    for name in args.files:
        try:
            campaign = load_campaign(name, args.input_format)
        except CampaignkitError as exc:
            print_problems(exc.problems, name, every=args.all_problems)
            status = EXIT_BAD_INPUT
            continue
        labels = labels_for(chosen, campaign)
        line = labels("table.valid", file=name, **_counts(campaign))
        print_result(printable(line) + "\n", table=True)
        print_problems(campaign.check(), name, every=args.all_problems)
    return status


def _run_json(names: list[str], input_format: FileFormat | None) -> int:
    files = []
    for name in names:
        try:
            campaign: Campaign | None = load_campaign(name, input_format)
            problems: list[Problem] = []
        except CampaignkitError as exc:
            campaign, problems = None, list(exc.problems)
        warnings = campaign.check() if campaign is not None else []
        files.append(
            {
                "file": name,
                "ok": campaign is not None,
                "campaign": campaign.id if campaign is not None else None,
                "counts": _counts(campaign) if campaign is not None else None,
                "problems": [_problem(p, name) for p in problems],
                "warnings": [_problem(p, name) for p in warnings],
            }
        )
    data = {"format_version": VALIDATE_FORMAT_VERSION, "files": files}
    print_result(to_json(data) + "\n", table=False)
    return EXIT_OK if all(f["ok"] for f in files) else EXIT_BAD_INPUT


def _counts(campaign: Campaign) -> dict[str, int]:
    """How many phases, mechanisms, series and indicators *campaign* has."""
    return {
        "phases": len(campaign.phases),
        "mechanisms": len(campaign.mechanisms),
        "series": len(campaign.series),
        "indicators": len(campaign.indicators),
    }


def _problem(problem: Problem, source: str) -> dict[str, Any]:
    """A problem as JSON: every key present, ``None`` where the place is not known."""
    return {
        "path": problem.path,
        "code": problem.code,
        "message": problem.message,
        "severity": problem.severity.value,
        "source": problem.source or source,
        "line": problem.line,
        "column": problem.column,
    }


def configure_schema(parser: argparse.ArgumentParser) -> None:
    """``schema`` takes no arguments of its own."""


def run_schema(_: argparse.Namespace) -> int:
    """Print the JSON Schema of campaign files."""
    print_result(to_json(schema()) + "\n", table=False)
    return EXIT_OK
