"""``campaignkit calendar``: the working days, holidays and make-up workdays of a year."""

from __future__ import annotations

import argparse

import attrs

from campaignkit._errors import ValidationError
from campaignkit.calendar import CalendarYear, calendar_year
from campaignkit.cli._common import (
    ARGUMENTS,
    WEEKDAYS,
    add_format,
    error,
    print_result,
    to_json,
)
from campaignkit.cli._outcome import EXIT_OK
from campaignkit.io import format_table


def configure_calendar(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``calendar``."""
    parser.add_argument("country", metavar="COUNTRY", help="ISO 3166 country code, such as CN")
    parser.add_argument("year", metavar="YEAR", help="the year, such as 2010")
    parser.add_argument("--subdivision", metavar="S", help="a province or state code")
    parser.add_argument(
        "--language", metavar="L", help="language of holiday names (zh_CN, en_US, …)"
    )
    add_format(parser, ("table", "json"))


_ARGUMENTS = {
    "$.calendar.country": "COUNTRY",
    "$.calendar.subdivision": "--subdivision",
    "$.year": "YEAR",
    "$.language": "--language",
}
"""The argument each path of a calendar problem comes from."""


def run_calendar(args: argparse.Namespace) -> int:
    """Print the year as a table or as JSON; bad arguments are problems with the arguments."""
    try:
        year = int(args.year)
    except ValueError:
        msg = f"{args.year!r} is not a year such as 2010"
        raise error("invalid-year", msg, "YEAR") from None
    try:
        table = calendar_year(
            args.country.upper(), year, subdivision=args.subdivision, language=args.language
        )
    except ValidationError as exc:
        raise ValidationError(
            [
                attrs.evolve(p, path=_ARGUMENTS.get(p.path, p.path), source=ARGUMENTS)
                for p in exc.problems
            ]
        ) from None
    text = to_json(_as_dict(table)) + "\n" if args.format == "json" else _table(table)
    print_result(text, table=args.format == "table")
    return EXIT_OK


def _table(table: CalendarYear) -> str:
    where = table.country + (f"-{table.subdivision}" if table.subdivision else "")
    holidays = [
        (h.date, WEEKDAYS[h.date.weekday()], h.name + (" (worked)" if h.working else ""))
        for h in table.holidays
    ]
    makeup = [(d, WEEKDAYS[d.weekday()]) for d in table.makeup_workdays]
    lines = [
        (
            f"{where} {table.year}: {table.working_days} working days, {table.days_off} days off, "
            f"{table.days} days"
        ),
        "",
        f"holidays 节假日 ({len(table.holidays)})",
        format_table(("date 日期", "星期", "name 名称"), holidays),
        "",
        f"make-up workdays 调休上班 ({len(table.makeup_workdays)})",
        format_table(("date 日期", "星期"), makeup),
    ]
    return "\n".join(lines) + "\n"


def _as_dict(table: CalendarYear) -> dict[str, object]:
    return {
        "country": table.country,
        "subdivision": table.subdivision,
        "year": table.year,
        "language": table.language,
        "days": table.days,
        "working_days": table.working_days,
        "days_off": table.days_off,
        "holidays": [
            {"date": h.date.isoformat(), "name": h.name, "working": h.working}
            for h in table.holidays
        ],
        "makeup_workdays": [d.isoformat() for d in table.makeup_workdays],
    }
