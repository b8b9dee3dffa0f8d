"""``campaignkit validate`` checks campaign files; ``campaignkit schema`` prints their schema."""

from __future__ import annotations

import argparse
import sys

from campaignkit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_input_format,
    format_problem,
    load_campaign,
    print_result,
    to_json,
)
from campaignkit.errors import CampaignkitError
from campaignkit.io import schema
from campaignkit.io.table import printable

__all__ = ["configure_schema", "configure_validate", "run_schema", "run_validate"]


def configure_validate(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``validate``: one or more campaign files."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="campaign files (.yaml, .yml, .json, .toml), or - for standard input",
    )
    add_input_format(parser)


def run_validate(args: argparse.Namespace) -> int:
    """Load each file: a summary line on stdout, or its problems on stderr; warnings too."""
    status = EXIT_OK
    for name in args.files:
        try:
            campaign = load_campaign(name, args.input_format)
        except CampaignkitError as exc:
            for problem in exc.problems:
                print(format_problem(problem, name), file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        counts = (
            f"{len(campaign.phases)} phases, {len(campaign.mechanisms)} mechanisms, "
            f"{len(campaign.series)} series, {len(campaign.indicators)} indicators"
        )
        print_result(printable(f"{name}: ok — {counts}") + "\n", table=True)
        for warning in campaign.check():
            print(format_problem(warning, name), file=sys.stderr)
    return status


def configure_schema(parser: argparse.ArgumentParser) -> None:
    """``schema`` takes no arguments of its own."""


def run_schema(_: argparse.Namespace) -> int:
    """Print the JSON Schema of campaign files."""
    print_result(to_json(schema()) + "\n", table=False)
    return EXIT_OK
